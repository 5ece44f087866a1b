#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sipoff_overload.sh - kselftests of overload protection (semantics.md 2.3) in the test kernel:
# an application socket (namespace ogw, a small receive buffer) that stops reading, and a
# caller (namespace ouac) joined by a veth pair; both ends are tests/selftests/overload_ua.py.
# IPv4 and IPv6.  Prints TAP and a "# Totals:" line.
#
#   sipoff_overload.sh MODULE_DIR SIPOFFCTL [TEST...]
set -u
dir=$1 ctl=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/tap.sh"
. "$top/tests/netns.sh"
ua=$top/tests/selftests/overload_ua.py
work=$(mktemp -d /tmp/sipoff-ovl.XXXXXX)

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" || exit 1

# net_up 4|6: the namespaces and the addresses of that family (GW, UAC).
net_up() {
	ip netns del ogw 2>/dev/null
	ip netns del ouac 2>/dev/null
	ns_link ogw veth-ogw 10.98.1.1/24 ouac veth-ouac 10.98.1.2/24 fd98:1::1/64 fd98:1::2/64 ||
		return 1
	if [ "$1" = 6 ]; then GW=fd98:1::1 UAC=fd98:1::2; else GW=10.98.1.1 UAC=10.98.1.2; fi
}

stat() {
	ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/sipoff/stats
}

conf() {
	ip netns exec ogw awk -v k="$1" '$1 == k { print $2 }' /proc/net/sipoff/config
}

# The application stops reading: new INVITEs get 503 once its queue is 40 % full, while the
# ACKs and BYEs of its calls, a re-INVITE, a CANCEL and an INVITE copy still reach it.
# flood 4|6 [KEY VALUE...]: the thresholds (default: a queue 40 % full, down to 20 %).
flood() {
	local fam=$1
	shift
	net_up "$fam" || return 1
	[ $# -gt 0 ] || set -- overload-high 40 overload-low 20
	ip netns exec ogw "$ctl" config set overload on overload-retry-after 7 "$@" || return 1
	ip netns exec ogw "$ctl" -j monitor >"$work/events" 2>&1 &
	local mon=$!
	ip netns exec ogw "$ctl" -j config show >"$work/config0"
	python3 "$ua" flood "$GW" "$UAC" 7 ${max_first:-} >"$work/ua" 2>&1
	check $? "overload_ua.py flood"
	sed 's/^/#   /' "$work/ua" | grep -v '^#   # ok'
	ip netns exec ogw "$ctl" -j config show >"$work/config1"
	kill "$mon"
	wait "$mon" 2>/dev/null
	local rejected acked
	rejected=$(awk '/^rejected/ { print $2 }' "$work/ua")
	acked=$(awk '/^rejected/ { print $4 }' "$work/ua")
	check $(( $(stat ogw overload_rejected) >= ${rejected:-1} && ${rejected:-0} > 0 ? 0 : 1 )) \
		"overload_rejected $(stat ogw overload_rejected) (the caller got ${rejected:-?})"
	check $(( $(stat ogw overload_acks_absorbed) == ${acked:--1} ? 0 : 1 )) \
		"overload_acks_absorbed $(stat ogw overload_acks_absorbed) (ACKs sent ${acked:-?})"
	check $(( $(stat ogw overload_onsets) >= 1 ? 0 : 1 )) "overload_onsets $(stat ogw overload_onsets)"
	grep -q '"overload":"on".*"overload_active_ports":\[\]' "$work/config0"
	check $? "sipoffctl -j config show: on, no port overloaded before: $(cat "$work/config0")"
	grep -q '"overload_retry_after_s":7,.*"overload_active_ports":\[5060\]' "$work/config1"
	check $? "sipoffctl -j config show: port 5060 overloaded after: $(cat "$work/config1")"
	check $([ "$(conf overload_active_ports)" = 5060 ]; echo $?) \
		"/proc config overload_active_ports $(conf overload_active_ports)"
	grep -q '"event":"overload","overload":{"port":5060,"active":true' "$work/events"
	check $? "an overload event: $(head -c 200 "$work/events")"
}

t_flood_ipv4() { flood 4; }
t_flood_ipv6() { flood 6; }
# The queue delay signal alone: the fill threshold out of reach (100 %), overloaded once the
# oldest queued datagram waited 300 ms.  The script sends a new INVITE every 300 ms while none
# is answered, so the third is answered 503 (by the fill alone it would be about the 25th).
t_delay_ipv4() { max_first=3 flood 4 overload-high 100 overload-low 99 overload-delay 300; }
t_delay_ipv6() { max_first=3 flood 6 overload-high 100 overload-low 99 overload-delay 300; }

# At most overload-max-rate 503s a second; the INVITEs over it pass (counted).
cap() {
	net_up "$1" || return 1
	ip netns exec ogw "$ctl" config set overload on overload-high 40 overload-low 20 \
		overload-max-rate 5 || return 1
	python3 "$ua" cap "$GW" "$UAC" 5 >"$work/ua" 2>&1
	check $? "overload_ua.py cap"
	sed 's/^/#   /' "$work/ua"
	check $(( $(stat ogw overload_rate_limited) >= 1 ? 0 : 1 )) \
		"overload_rate_limited $(stat ogw overload_rate_limited)"
}

t_cap_ipv4() { cap 4; }
t_cap_ipv6() { cap 6; }

# Turning it off restores the plain behaviour at once.
off() {
	net_up "$1" || return 1
	ip netns exec ogw "$ctl" config set overload on overload-high 40 overload-low 20 || return 1
	python3 "$ua" off "$GW" "$UAC" "$ctl" >"$work/ua" 2>&1
	check $? "overload_ua.py off"
	sed 's/^/#   /' "$work/ua"
	check $([ "$(conf overload)" = off ] && [ "$(conf overload_active_ports)" = - ]; echo $?) \
		"/proc config: overload $(conf overload), active ports $(conf overload_active_ports)"
}

t_off_ipv4() { off 4; }
t_off_ipv6() { off 6; }

# Off by default; an unprivileged user can neither turn it on nor change its thresholds;
# bad values are refused with a reason.
t_config() {
	net_up 4 || return 1
	check $([ "$(conf overload)" = off ]; echo $?) "off by default"
	local out
	out=$(ip netns exec ogw setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$ctl" config set overload on 2>&1)
	check $(( $? != 0 ? 0 : 1 )) "unprivileged overload on refused: $out"
	ip netns exec ogw setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$ctl" config set overload-high 10 2>/dev/null
	check $(( $? != 0 ? 0 : 1 )) "unprivileged overload-high refused"
	check $([ "$(conf overload)" = off ] && [ "$(conf overload_high_pct)" = 80 ]; echo $?) \
		"unchanged: overload $(conf overload) high $(conf overload_high_pct)"
	local bad
	for bad in "overload maybe" "overload-high 0" "overload-high 101" "overload-low 80" \
		"overload-high 30 overload-low 30" "overload-delay 60001" "overload-max-rate 0" \
		"overload-retry-after 86401"; do
		# shellcheck disable=SC2086 # KEY VALUE pairs
		out=$(ip netns exec ogw "$ctl" config set $bad 2>&1)
		check $(( $? != 0 ? 0 : 1 )) "refused: $bad: $out"
	done
	check $([ "$(conf overload)" = off ] && [ "$(conf overload_low_pct)" = 50 ]; echo $?) \
		"nothing changed by the refused values"
	ip netns exec ogw "$ctl" config set overload on overload-delay 200 overload-max-rate 50 &&
		[ "$(conf overload)" = on ] && [ "$(conf overload_delay_ms)" = 200 ] &&
		[ "$(conf overload_max_rate)" = 50 ]
	check $? "root sets them"
}

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(config flood_ipv4 flood_ipv6 delay_ipv4 delay_ipv6 cap_ipv4 cap_ipv6 off_ipv4 off_ipv6)
tap_cleanup() {
	rm -f "$work"/*
	ip netns del ogw 2>/dev/null
	ip netns del ouac 2>/dev/null
}
tap_run "${tests[@]}"
rc=$?
rm -rf "$work"
exit $rc
