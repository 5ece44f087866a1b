#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sipoff_hostile.sh - kselftests of issue 10 on the wire, in the test kernel: what a sender who
# is not part of a call can make the kernel do.  Three namespaces: hgw (the gateway, where
# sipoff runs, T1 = 50 ms), hpeer (a SIP peer) and hvic (a third party: a victim, or an
# attacker sending from it).  The traffic is tests/selftests/hostile.py.  Prints TAP and a
# "# Totals:" line.
#
#   sipoff_hostile.sh MODULE_DIR SIPOFFCTL [TEST...]
set -u
dir=$1 ctl=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
. "$here/../netns.sh"
sipoffd=$(dirname "$ctl")/sipoffd
work=/run/sipoff-hostile
GW=10.99.5.1 PEER=10.99.5.2 GWV=10.99.6.1 VIC=10.99.6.2
GW6=fd99:5::1 PEER6=fd99:5::2 GWV6=fd99:6::1 VIC6=fd99:6::2

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" || exit 1

net_down() {
	local p
	for p in "$work"/*.pid; do
		[ -f "$p" ] && kill -KILL "$(cat "$p")" 2>/dev/null
	done
	ip netns del hgw 2>/dev/null
	ip netns del hpeer 2>/dev/null
	ip netns del hvic 2>/dev/null
}

net_up() {
	net_down
	rm -rf "$work" && mkdir -p "$work" || return 1
	ns_link hgw veth-hp $GW/24 hpeer veth-p $PEER/24 $GW6/64 $PEER6/64 &&
	ns_link hgw veth-hv $GWV/24 hvic veth-v $VIC/24 $GWV6/64 $VIC6/64 &&
	ip -n hvic route add default via $GWV && ip -n hvic -6 route add default via $GWV6 &&
	ip netns exec hgw "$ctl" config set mode transparent ports 5060 t1 50 t2 400 t4 500 \
		timer-d 3200 linger 3000
}

# stat NAME: a counter of hgw, -1 when there is no such counter
stat() {
	ip netns exec hgw awk -v k="$1" '$1 == k { v = $2 } END { print v == "" ? -1 : v }' \
		/proc/net/sipoff/stats
}

# wait_for MS CONDITION: poll a shell condition every 50 ms until it holds or MS ran out.
wait_for() {
	local ms=$1
	shift
	while [ "$ms" -gt 0 ]; do
		eval "$1" && return 0
		sleep 0.05
		ms=$((ms - 50))
	done
	eval "$1"
}

# bg NAME COMMAND...: run in the background, pid in $work/NAME.pid
bg() {
	local name=$1
	shift
	"$@" &
	echo $! > "$work/$name.pid"
}

# Monitor and sipoffd in hgw, listening before the call.
listeners_up() {
	bg mon ip netns exec hgw "$ctl" -j monitor > "$work/events.json" 2>&1
	bg d ip netns exec hgw "$sipoffd" -p "$work/sipoffd.pid" -o "$work/records.json" \
		2> "$work/sipoffd.log"
	wait_for 3000 "grep -q ready $work/sipoffd.log"
}

listeners_down() {
	local p
	# The last events are in flight for a moment after the last packet.
	sleep 0.3
	for p in mon d sipoffd; do
		[ -f "$work/$p.pid" ] && kill -TERM "$(cat "$work/$p.pid" 2>/dev/null)" 2>/dev/null
	done
	wait_for 3000 "! pgrep -F $work/sipoffd.pid >/dev/null 2>&1"
}

# Item 1: copies from a third party (hvic) of the peer's messages, server and client side:
# nothing reaches hvic; they pass to the application, counted; the peer's own copy is still
# answered by the kernel.
t_no_reflection() {
	net_up || return 1
	ip netns exec hgw python3 "$here/hostile.py" reflect 50
	check $? "hostile.py reflect"
	check $(( $(stat kernel_resends) >= 1 ? 0 : 1 )) "kernel_resends $(stat kernel_resends)"
}

# Item 2: 70 000 responses matching no transaction (200 to INVITE, 200 to SUBSCRIBE with
# Expires 4000000) create no dialog and are counted; then a real call is listed, recorded and
# ended by the operator.
t_no_blind_state() {
	net_up || return 1
	ip netns exec hgw python3 "$here/hostile.py" flood 70000
	check $? "70000 responses sent"
	# All of them, unless a veth queue dropped some: more than max-dialogs (65536) anyway.
	wait_for 20000 "[ \$(stat responses_in) -ge 70000 ]"
	local seen
	seen=$(stat responses_in)
	check $(( seen >= 66000 ? 0 : 1 )) "sipoff saw $seen of them"
	check $(( $(stat dialogs) == 0 ? 0 : 1 )) "no dialog ($(stat dialogs))"
	check $(( $(stat dialogs_created) == 0 ? 0 : 1 )) "none created ($(stat dialogs_created))"
	check $(( $(stat dialogs_unmatched) == seen ? 0 : 1 )) \
		"each counted: dialogs_unmatched $(stat dialogs_unmatched)"
	check $(( $(stat dialogs_over_cap) == 0 ? 0 : 1 )) "dialogs_over_cap $(stat dialogs_over_cap)"
	listeners_up
	check $? "sipoffd and the monitor listen"
	bg call ip netns exec hgw python3 "$here/hostile.py" call 10 > "$work/call.out" 2>&1
	wait_for 5000 "grep -q 'call up' $work/call.out"
	check $? "the real call is up"
	wait_for 5000 "ip netns exec hgw grep -q ' confirmed uas 1 ' /proc/net/sipoff/dialogs"
	check $? "it is confirmed in /proc/net/sipoff/dialogs"
	ip netns exec hgw "$ctl" -j dialog show > "$work/show.json"
	jq -e 'length == 1 and .[0].call_id == "real-call@x" and .[0].state == "confirmed"' \
		"$work/show.json" > /dev/null
	check $? "dialog show lists it, and only it"
	ip netns exec hgw "$ctl" dialog terminate real-call@x
	check $? "dialog terminate"
	wait_for 10000 "! kill -0 $(cat "$work/call.pid") 2>/dev/null"
	grep -q 'ok: both parties got a BYE' "$work/call.out"
	check $? "sipoffd sent each party a BYE"
	wait_for 5000 "grep -q '\"type\":\"terminate\"' $work/records.json"
	check $? "sipoffd reported the terminate"
	listeners_down
	jq -s -e 'map(select(.type == "call")) | length == 1 and (.[0] |
		.call_id == "real-call@x" and .end_reason == "operator")' \
		"$work/records.json" > /dev/null
	check $? "one call record, the real call's, ended by the operator"
}

# Item 3: the ACK goes to a Contact port sipoff does not watch: 64*T1 after the 2xx the missing
# ACK is an event and a counter; the dialog stays until the BYE.
t_no_ack_reported_not_ended() {
	net_up || return 1
	listeners_up
	check $? "sipoffd and the monitor listen"
	ip netns exec hgw python3 "$here/hostile.py" noack 50
	check $? "hostile.py noack"
	listeners_down
	jq -s -e '[.[].event] | index("ack-missing") != null and
		index("ack-missing") < index("dialog-ended")' "$work/events.json" > /dev/null
	check $? "ack-missing event before dialog-ended"
	jq -s -e 'map(select(.event == "dialog-ended")) | length == 1 and
		.[0].dialog.end_reason == "bye"' "$work/events.json" > /dev/null
	check $? "ended by the BYE"
}

# Item 9: two REGISTERs with the branch "z9hG4bK" and different Call-IDs both reach the
# application (a bare cookie is not an RFC 3261 branch).
t_bare_cookie_branch() {
	net_up || return 1
	ip netns exec hgw python3 "$here/hostile.py" register
	check $? "hostile.py register"
}

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(no_reflection no_blind_state no_ack_reported_not_ended
	bare_cookie_branch)
tap_failed() {
	local f
	for f in "$work"/*.out "$work"/*.log "$work"/records.json; do
		[ -f "$f" ] || continue
		echo "# --- $f"; tail -n 5 "$f" | tr -d '\r' | sed 's/^/# /'
	done
	for f in "$work"/*.err; do
		[ -f "$f" ] && grep -E 'Aborting|Unexpected|while expecting|received' "$f" |
			head -n 5 | tr -d '\r' | sed "s|^|# $(basename "$f"): |"
	done
	[ -f "$work/events.json" ] &&
		jq -c "[.event, .dialog.end_reason]" "$work/events.json" | tail -n 12 |
		tr '\n' ' ' | sed 's/^/# events: /' && echo
}
tap_cleanup() {
	net_down
}
tap_run "${tests[@]}"
rc=$?
rm -rf "$work"
exit $rc
