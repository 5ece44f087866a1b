#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the bench (non-debug) test kernel: SIP messages reaching the
# application per call through 10% loss, with sipoff vs without, per mode.
#
#   txn-calls.sh MODULE_DIR SIPOFFCTL ROUNDS CALLS RATE
#
# Two namespaces joined by a veth pair, netem loss 10% on both ends (semantics.md 8), as in
# tests/selftests/sipoff_txn.sh: sipp callee (tests/sipp/txn_uas.xml) in gw on port 5060,
# sipp caller (txn_uac.xml, T1 = 50 ms) in uac on 5070; sipoff T1 50 ms, T2 400, T4 500,
# Timer D 3.2 s in both.  A run is CALLS calls at RATE/s with sipoff in the given mode in
# both namespaces; "off" (parses only, touches nothing) is the without-sipoff side.  Runs
# alternate off, transparent, off, offload, off, ... (ROUNDS of each mode, off before and
# after every sipoff run).  Messages the applications received come from sipp's message logs.
# Output per run: "TXNCALLS <run> <mode> <calls> <ok> <failed> <callee socket> <caller socket>
# <callee sipp> <caller sipp> <callee INVITE> <callee ACK> <callee BYE> <absorbed req>
# <absorbed resp> <absorbed ack> <kernel resends> <kernel built>": socket = UDP datagrams
# delivered to sockets in that namespace (/proc/net/snmp InDatagrams; sipp is the only UDP
# user there), sipp = messages in the application's own log (sipp leaves some retransmissions
# it recognises out of it), the last five: sipoff's counters, both namespaces, over the run.
# shellcheck disable=SC2016	# $N in single quotes: awk's fields
set -u
dir=$1 ctl=$2 rounds=$3 calls=$4 rate=$5
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/netns.sh"
sc=$top/tests/sipp
work=$(mktemp -d /tmp/sipoff-txncalls.XXXXXX)
GW=10.99.1.1 UAC=10.99.1.2

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" || exit 1

net_up() {
	ip netns del gw 2>/dev/null
	ip netns del uac 2>/dev/null
	ns_link gw veth-gw $GW/24 uac veth-uac $UAC/24 &&
	ip netns exec gw tc qdisc add dev veth-gw root netem loss 10% &&
	ip netns exec uac tc qdisc add dev veth-uac root netem loss 10%
}

setmode() {
	local ns
	for ns in gw uac; do
		ip netns exec $ns "$ctl" config set mode "$1" ports 5060,5070 t1 50 t2 400 t4 500 \
			timer-d 3200 trying 200 >/dev/null || return 1
	done
}

# sum of a counter over both namespaces
stat2() {
	local ns s=0 v
	for ns in gw uac; do
		v=$(ip netns exec $ns awk -v k="$1" '$1 == k { print $2 }' /proc/net/sipoff/stats)
		s=$((s + ${v:-0}))
	done
	echo $s
}

# UDP datagrams delivered to sockets in a namespace (sipp is its only UDP user): what
# reached the application, absorbed copies not included
udp_in() {
	ip netns exec "$1" awk '$1 == "Udp:" { if (h) { print $i; exit } for (i = 2; i <= NF; i++)
		if ($i == "InDatagrams") break; h = 1 }' /proc/net/snmp
}

# messages received in a sipp message log (first line matching REGEX, default any)
any_msg='^(SIP/2\.0 [0-9]{3} |[A-Z]+ sips?:)'
count() {
	grep -A2 -E 'message received' "$1" 2>/dev/null | grep -cE "${2:-$any_msg}"
}

counters="absorbed_requests absorbed_responses absorbed_acks kernel_resends kernel_built"

run() {
	local i=$1 mode=$2 c before=() after=() d="" uas_pid ok failed g0 u0 g1 u1
	setmode "$mode" || { echo "# setmode $mode failed"; return 1; }
	g0=$(udp_in gw) u0=$(udp_in uac)
	for c in $counters; do before+=("$(stat2 "$c")"); done
	rm -f "$work"/*
	ip netns exec gw sipp -sf "$sc/txn_uas.xml" -i $GW -p 5060 -m "$calls" -nostdin \
		-timeout 60s -trace_msg -message_file "$work/uas.msg" >"$work/uas.out" 2>&1 &
	uas_pid=$!
	sleep 0.5
	ip netns exec uac sipp -sf "$sc/txn_uac.xml" -i $UAC -p 5070 -m "$calls" -r "$rate" \
		-l 40 -nostdin -timeout 60s -timeout_error -trace_msg -message_file "$work/uac.msg" \
		-trace_stat -stf "$work/uac.csv" $GW:5060 >"$work/uac.out" 2>&1
	# The callee ends after its last call's 500 ms pause; give it a little more, then stop it.
	for c in 1 2 3 4 5 6; do kill -0 $uas_pid 2>/dev/null || break; sleep 0.5; done
	kill $uas_pid 2>/dev/null
	wait $uas_pid 2>/dev/null
	sleep 1	# late copies still reach the applications' logs: none are written any more
	for c in $counters; do after+=("$(stat2 "$c")"); done
	g1=$(udp_in gw) u1=$(udp_in uac)
	for c in 0 1 2 3 4; do d="$d $(( after[c] - before[c] ))"; done
	ok=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "SuccessfulCall(C)") s = i;
		else if ($i == "FailedCall(C)") f = i }
		END { print (s ? $s : "?"), (f ? $f : "?") }' "$work/uac.csv" 2>/dev/null)
	read -r ok failed <<<"$ok"
	echo "TXNCALLS $i $mode $calls ${ok:-?} ${failed:-?} $((g1 - g0)) $((u1 - u0))" \
		"$(count "$work/uas.msg") $(count "$work/uac.msg")" \
		"$(count "$work/uas.msg" '^INVITE ') $(count "$work/uas.msg" '^ACK ')" \
		"$(count "$work/uas.msg" '^BYE ')$d"
	# SIPOFF_TXN_KEEP=1: keep each run's logs (the guest's /tmp is the host's)
	[ -z "${SIPOFF_TXN_KEEP:-}" ] || { mkdir -p "$work/run$i" && cp "$work"/*.* "$work/run$i/"; }
}

net_up || { echo "# network set-up failed"; exit 1; }
echo "# txn calls: $calls calls at $rate/s per run, 10% loss on both veth ends, $rounds rounds"
n=0
run $((n += 1)) off
for ((r = 1; r <= rounds; r++)); do
	run $((n += 1)) transparent
	run $((n += 1)) off
	run $((n += 1)) offload
	run $((n += 1)) off
done
ip netns del gw 2>/dev/null
ip netns del uac 2>/dev/null
if [ -n "${SIPOFF_TXN_KEEP:-}" ]; then echo "# logs kept in $work"; else rm -rf "$work"; fi
