#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sipoff_hostile_caps.sh - kselftests of issue 10 items 4, 8 and 12, in the test kernel:
#   spec_flags_match_code   uapi/sipoff.yaml's permission flags are the ones the code sets
#   netlink_perms_by_spec   who the kernel refuses is who the spec says (unprivileged user,
#                           root of a child user namespace in its own / the host's netns)
#   userns_flood_module_cap root of a child user namespace (an unprivileged host user) raises
#                           its caps and floods 60 kB INVITEs from two network namespaces:
#                           its caps cannot exceed the module's, kept bytes stop at the
#                           module-wide cap, the module parameters are the host root's, and
#                           the host's calls in another namespace complete
#   large_rr_dialogs        calls with 40 kB of Record-Route among small ones: every dialog
#                           is in the dump, every event reaches sipoffctl monitor
# Prints TAP and a "# Totals:" line.
#
#   sipoff_hostile_caps.sh MODULE_DIR SIPOFFCTL [TEST...]
set -u
dir=$1 ctl=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/tap.sh"
. "$top/tests/netns.sh"
py=/usr/bin/python3
helper=$top/tests/selftests/hostile_caps.py
work=$(mktemp -d /tmp/sipoff-hostile.XXXXXX)
chmod 755 "$work"
params=/sys/module/sipoff/parameters
# An unprivileged host user: the "container" owner.
CUID=4242

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" || exit 1

# wait_for SECONDS CMD...: run CMD until it succeeds, at most SECONDS.
wait_for() {
	local end=$(( $(date +%s%N) / 1000000 + $1 * 1000 ))
	shift
	until "$@"; do
		[ $(( $(date +%s%N) / 1000000 )) -lt $end ] || return 1
		sleep 0.05
	done
}

t_spec_flags_match_code() {
	"$py" "$top/uapi/check-perms.py" "$top/uapi/sipoff.yaml" "$top/kmod/sipoff_netlink.c" |
		sed 's/^/# /'
	check "${PIPESTATUS[0]}" "the spec's flags are the code's"
}

t_netlink_perms_by_spec() {
	ip netns add hc || return 1
	ip netns exec hc setpriv --reuid $CUID --regid $CUID --clear-groups --inh-caps=-all \
		--bounding-set=-all "$py" "$helper" probe "$top/uapi/sipoff.yaml" unpriv | sed 's/^/#   /'
	check "${PIPESTATUS[0]}" "an unprivileged user is refused what the spec reserves"
	ip netns exec hc unshare -Ur "$py" "$helper" probe "$top/uapi/sipoff.yaml" userns-foreign |
		sed 's/^/#   /'
	check "${PIPESTATUS[0]}" "root of a child user namespace, in the host's netns, too"
	setpriv --reuid $CUID --regid $CUID --clear-groups unshare -Urn \
		"$py" "$helper" probe "$top/uapi/sipoff.yaml" userns-own | sed 's/^/#   /'
	check "${PIPESTATUS[0]}" "root of a child user namespace may all in its own netns"
	ip netns del hc
}

# The container: an unprivileged host user's child user and network namespaces.  Its root
# tries to write the module parameter, raises its caps as far as netlink lets it (64 GiB of
# max-bytes, else the module's cap), floods, then waits on its fifo (its namespace lives until
# then).  The host reads what it keeps through /proc/PID/net.
container() {
	local name=$1 cap=$2
	cat >"$work/$name.sh" <<-EOF
	set -u
	ip link set lo up
	echo "whoami \$(id -u) in a netns of its own"
	if echo 1 > $params/max_bytes_total 2>/dev/null; then echo "param written"; else echo "param refused"; fi
	if out=\$("$ctl" config set mode offload ports 5060,5062 trying 200 \\
		max-transactions 4194304 max-dialogs 4194304 max-bytes 68719476736 2>&1); then
		echo "raise over module caps: accepted"
	else
		echo "raise over module caps: refused: \$out"
		"$ctl" config set mode offload ports 5060,5062 trying 200 max-bytes $cap ||
			echo "raise to module cap: failed"
	fi
	coproc FLOOD { "$py" "$helper" flood 5062 5060 300 60000; }
	read -r _ <&"\${FLOOD[0]}"
	echo flooded
	read -r _ < "$work/$name.fifo"
	kill "\$FLOOD_PID"
	wait
	EOF
	mkfifo "$work/$name.fifo"
	chmod 666 "$work/$name.fifo"
	setpriv --reuid $CUID --regid $CUID --clear-groups unshare -Urn bash "$work/$name.sh" \
		>"$work/$name.out" 2>&1 &
	eval "${name}_pid=\$!"
}

# kept PID: bytes the namespace of PID keeps (transactions and dialogs); cap_bytes PID
kept() {
	local t d
	t=$(awk '/kept bytes/ { v = $6; gsub(",", "", v); print v }' "/proc/$1/net/sipoff/transactions")
	d=$(awk '$1 == "dialog_bytes" { print $2 }' "/proc/$1/net/sipoff/stats")
	echo $(( ${t:-0} + ${d:-0} ))
}
stat_of() { awk -v k="$2" '$1 == k { print $2 }' "/proc/$1/net/sipoff/stats"; }
cap_bytes() { stat_of "$1" cap_bytes; }

t_userns_flood_module_cap() {
	local cap=$((4 << 20)) old a b ca_pid cb_pid
	old=$(cat $params/max_bytes_total 2>/dev/null)
	echo $cap > $params/max_bytes_total
	check $? "the host's root sets max_bytes_total to $cap"
	container ca $cap
	wait_for 60 grep -q '^flooded' "$work/ca.out"
	check $? "container A flooded"
	container cb $cap
	wait_for 60 grep -q '^flooded' "$work/cb.out"
	check $? "container B flooded"
	sed 's/^/#   A: /' "$work/ca.out"
	sed 's/^/#   B: /' "$work/cb.out"
	grep -q '^param refused' "$work/ca.out"
	check $? "the container's root cannot write the module parameter"
	grep -q '^raise over module caps: refused: .*module' "$work/ca.out"
	check $? "a netns cannot raise its caps over the module's (extack names it)"
	# 200 ms after each INVITE the kernel sends a 100 Trying it builds and keeps a copy of:
	# those copies count against the caps too.
	wait_for 20 test "$(stat_of "$ca_pid" kernel_built)" -gt 0
	check $? "container A's kernel built 100 Trying ($(stat_of "$ca_pid" kernel_built))"
	a=$(kept "$ca_pid") b=$(kept "$cb_pid")
	echo "# A keeps $a bytes (cap_bytes $(cap_bytes "$ca_pid")), B $b (cap_bytes $(cap_bytes "$cb_pid"))"
	check $(( a > 0 ? 0 : 1 )) "the flood kept something ($a + $b bytes)"
	check $(( a + b <= cap ? 0 : 1 )) "kept bytes of both containers $((a + b)) <= module cap $cap"
	check $(( $(cap_bytes "$cb_pid") > 0 ? 0 : 1 )) \
		"the second container's copies over the cap were counted (cap_bytes)"

	# The host's calls in another namespace, while the containers hold the module's bytes.
	ns_link hgw veth-hgw 10.98.1.1/24 huac veth-huac 10.98.1.2/24 || return 1
	ip netns exec hgw "$ctl" config set mode offload trying 0 t1 50 t2 400 t4 500 timer-d 3200
	ip netns exec hgw "$py" "$helper" uas 10.98.1.1 5060 &
	local uas=$!
	wait_for 10 ip netns exec hgw ss -Huln sport = :5060 | grep -q 5060
	local i ok=0
	for i in 1 2 3; do
		ip netns exec huac "$py" "$helper" call 10.98.1.2 5070 10.98.1.1 5060 host-$i 0 0 &&
			ok=$((ok + 1))
	done
	kill $uas
	wait $uas
	check $(( ok == 3 ? 0 : 1 )) "the host's 3 calls completed ($ok)"
	echo "# the host's netns tracks $(ip netns exec hgw "$ctl" -j dialog show | jq 'length')" \
		"of their dialogs (as many as the module-wide bytes left allow)"
	for c in ca cb; do echo > "$work/$c.fifo"; done
	wait
	ip netns del hgw
	ip netns del huac
	[ -z "$old" ] || echo "$old" > $params/max_bytes_total
}

t_large_rr_dialogs() {
	ns_link lgw veth-lgw 10.97.1.1/24 luac veth-luac 10.97.1.2/24 || return 1
	ip netns exec lgw "$ctl" -j monitor >"$work/mon.json" 2>"$work/mon.err" &
	local mon=$!
	ip netns exec lgw "$py" "$helper" waitgroup 10
	check $? "sipoffctl monitor joined the events group"
	ip netns exec lgw "$py" "$helper" uas 10.97.1.1 5060 &
	local uas=$!
	wait_for 10 ip netns exec lgw ss -Huln sport = :5060 | grep -q 5060
	# small, 10 x 4 kB of Record-Route, small, 40 x 1 kB (the parser indexes 12: the route
	# set is cut and flagged), small.
	# And one whose route set alone passes 60 KiB: its netlink copies are cut, flagged.
	local spec="small-1:0:0 big-40k:10:4000 small-2:1:100 cut-40k:40:1000 small-3:2:200
		    huge-61k:12:5100"
	local c cid nrr size ok=0
	for c in $spec; do
		IFS=: read -r cid nrr size <<<"$c"
		ip netns exec luac "$py" "$helper" call 10.97.1.2 5070 10.97.1.1 5060 "$cid" "$nrr" \
			"$size" && ok=$((ok + 1))
	done
	check $(( ok == 6 ? 0 : 1 )) "6 calls answered ($ok)"
	# And 120 more, so the dump takes several batches (about 60 small dialogs each).
	ip netns exec luac "$py" "$helper" call 10.97.1.2 5070 10.97.1.1 5060 many 0 0 120
	check $? "120 more calls answered"
	ip netns exec lgw "$ctl" -j dialog show >"$work/dump.json" 2>"$work/dump.err"
	check $? "dialog show succeeded ($(head -c 200 "$work/dump.err"))"
	local listed nmany
	listed=$(jq -r '.[].call_id' "$work/dump.json" 2>/dev/null | grep -v '^many-' | sort |
		 tr '\n' ' ')
	check $([ "$listed" = "big-40k cut-40k huge-61k small-1 small-2 small-3 " ]; echo $?) \
		"every dialog is listed: $listed"
	nmany=$(jq -r '[.[].call_id | select(startswith("many-"))] | unique | length' "$work/dump.json")
	check $(( ${nmany:-0} == 120 ? 0 : 1 )) "and the 120 others, once each (${nmany:-0})"
	local rlen rn
	rlen=$(jq -r '.[] | select(.call_id == "big-40k") | .route_set | map(length) | add' "$work/dump.json")
	rn=$(jq -r '.[] | select(.call_id == "big-40k") | .route_set | length' "$work/dump.json")
	check $(( ${rlen:-0} >= 38000 && ${rn:-0} == 10 ? 0 : 1 )) \
		"the 40 kB route set is whole in the dump ($rn routes, $rlen bytes)"
	check $(jq -e '[.[] | select(.call_id == "cut-40k")] | length == 1 and
		.[0].route_truncated == true and (.[0].route_set | length) == 12' \
		"$work/dump.json" >/dev/null 2>&1; echo $?) "the route set cut by the parser is flagged"
	check $(jq -e '[.[] | select(.call_id == "huge-61k")] | length == 1 and
		(.[0].flags | index("values-cut")) != null and (.[0].route_set | length) == 12' \
		"$work/dump.json" >/dev/null 2>&1; echo $?) \
		"the 61 kB route set is listed cut, flagged values-cut ($(jq -c \
		'.[] | select(.call_id == "huge-61k") | [.flags, (.route_set | map(length) | add)]' \
		"$work/dump.json" 2>/dev/null))"
	# Every event: a dialog-new and a dialog-confirmed per call, no gap in the sequence.
	wait_for 10 test "$(grep -c '"dialog-confirmed"' "$work/mon.json")" -ge 126
	kill $mon $uas
	wait $mon $uas 2>/dev/null
	local ev
	for cid in small-1 big-40k small-2 cut-40k small-3 huge-61k; do
		ev=$(jq -r --arg c "$cid" 'select(.dialog.call_id == $c) | .event' "$work/mon.json" |
		     sort -u | tr '\n' ' ')
		check $(echo "$ev" | grep -q 'dialog-confirmed' && echo "$ev" | grep -q 'dialog-new'; echo $?) \
			"events of $cid: $ev"
	done
	rlen=$(jq -r 'select(.dialog.call_id == "big-40k") | .dialog.route_set | map(length) | add' \
		"$work/mon.json" | sort -n | tail -n1)
	check $(( ${rlen:-0} >= 38000 ? 0 : 1 )) "its events carry the whole route set ($rlen bytes)"
	local seqs gaps
	seqs=$(jq -r '.seq' "$work/mon.json" | sort -n)
	gaps=$(echo "$seqs" | awk 'NR > 1 && $1 != prev + 1 { g++ } { prev = $1 } END { print g + 0 }')
	check $(( gaps == 0 ? 0 : 1 )) "no gap in the events' sequence numbers ($(echo "$seqs" | wc -l) events)"
	local lost
	lost=$(ip netns exec lgw awk '$1 == "events_lost" { print $2 }' /proc/net/sipoff/stats)
	check $(( ${lost:-1} == 0 ? 0 : 1 )) "events_lost ${lost:-?}"
	ip netns del lgw
	ip netns del luac
}

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(spec_flags_match_code netlink_perms_by_spec userns_flood_module_cap
	large_rr_dialogs)
tap_cleanup() {
	rm -f "$work"/*
}
tap_run "${tests[@]}"
rc=$?
rm -rf "$work"
exit $rc
