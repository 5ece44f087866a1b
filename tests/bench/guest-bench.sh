#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the bench (non-debug) test kernel: UDP throughput over loopback with
# sipoff loaded vs not, in alternating rounds (A = not loaded, B = loaded; A B A B ...).
#
#   guest-bench.sh MODULE_DIR UDP_BLAST ROUNDS SECONDS [METRIC [SETTLE [NULLHOOK_KO]]]
#
# METRIC is the udp_blast figure taken as a side's rate: busy (default: over the side's
# undisturbed time, see udp_blast.c) or pps (over its wall time).  SETTLE seconds of traffic
# after each load or unload are not measured (default 0.05).
# Comparisons (one line per round: "BENCH <name> <round> <A> <B> <next A> <kept A> <kept B>",
# rates in datagrams/s, kept: the share of a side's time its rate counts):
#   nonsip   200-byte datagrams to port 40000 (not a SIP port), IPv4; B: sipoff, default mode
#   nonsip6  the same over IPv6
#   floor    as nonsip, B: sipoff_nullhook.ko (empty hooks where sipoff has its own)
#   marginal as nonsip, A: sipoff_nullhook.ko, B: sipoff (its work over an empty hook)
#   sip      a SIP OPTIONS request to port 5060, IPv4; B: sipoff loaded with mode=off, which
#            still parses every SIP-port datagram: the parse cost
# In each comparison's last B round the module's counters are checked ("CHECK" lines): the
# non-SIP traffic must not be counted, the SIP traffic must be parsed as requests.
set -eu
dir=$1 blast=$2 rounds=$3 secs=$4 metric=${5:-busy} warm=${6:-0.05} null=${7:-}
ko=$dir/sipoff.ko

unload() {
	local m
	for m in sipoff sipoff_nullhook; do
		! grep -q "^$m " /proc/modules || rmmod $m
	done
}

# compare NAME B_KO "B PARAMS" A_KO UDP_BLAST ARGS...: udp_blast loads and unloads the
# modules itself (A B A B ... A; A_KO empty: no module during A), so the sides alternate
# quickly and see the same machine.  Each round's B is bracketed by the A before and the A
# after it.
compare() {
	local name=$1 b_ko=$2 params=$3 a_ko=$4 out
	shift 4
	unload
	echo "# $name: udp_blast $* ; A = $([ -n "$a_ko" ] && echo "$(basename "$a_ko") loaded" ||
		echo "no module"), B = $(basename "$b_ko") loaded${params:+ with $params}"
	out=$("$blast" -m "$b_ko" -o "$params" ${a_ko:+-a "$a_ko"} -n "$rounds" -t "$secs" \
		-w "$warm" -r "$metric" "$@") || { echo "udp_blast failed: $out"; return 1; }
	echo "$out" | sed -n "s/^PAIR /BENCH $name /p"
	# What sipoff saw during the last B side, from its counters.
	if echo "$out" | grep -q '^STAT '; then
		echo "CHECK $name $(echo "$out" | awk '$1 == "STAT" &&
			$2 ~ /^(sip_packets_in|requests_in|parse_errors)$/ { printf "%s=%s ", $2, $3 }')"
	fi
}

echo "# kernel $(uname -r), $(nproc) CPU(s), $rounds rounds of ${secs}s per side (+${warm}s settling), rate: $metric"
"$blast" -t 1 >/dev/null	# warm up

compare nonsip "$ko" "" "" -p 40000 -s 200
compare nonsip6 "$ko" "" "" -6 -p 40000 -s 200
if [ -n "$null" ]; then
	compare floor "$null" "" "" -p 40000 -s 200
	compare marginal "$ko" "" "$null" -p 40000 -s 200
fi
compare sip "$ko" "mode=off" "" -S -p 5060
