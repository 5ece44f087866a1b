#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the bench (non-debug) test kernel: UDP throughput over loopback with
# sipoff loaded vs not, in alternating rounds (A = not loaded, B = loaded; A B A B ...).
#
#   guest-bench.sh MODULE_DIR UDP_BLAST ROUNDS SECONDS [METRIC [SETTLE]]
#
# METRIC is the udp_blast figure taken as a side's rate: busy (default: over the side's
# undisturbed time, see udp_blast.c) or pps (over its wall time).  SETTLE seconds of traffic
# after each load or unload are not measured (default 0.05).
# Comparisons (one line per round: "BENCH <name> <round> <A> <B> <next A> <kept A> <kept B>",
# rates in datagrams/s, kept: the share of a side's time its rate counts):
#   nonsip   200-byte datagrams to port 40000 (not a SIP port), IPv4; B: sipoff, default mode
#   nonsip6  the same over IPv6
#   sip      a SIP OPTIONS request to port 5060, IPv4; B: sipoff loaded with mode=off, which
#            still parses every SIP-port datagram: the parse cost
# In each comparison's last B round the module's counters are checked ("CHECK" lines): the
# non-SIP traffic must not be counted, the SIP traffic must be parsed as requests.
set -eu
dir=$1 blast=$2 rounds=$3 secs=$4 metric=${5:-busy} warm=${6:-0.05}
ko=$dir/sipoff.ko

unload() { ! grep -q '^sipoff ' /proc/modules || rmmod sipoff; }

# compare NAME "MODULE PARAMS" UDP_BLAST ARGS...: udp_blast loads and unloads the module itself
# (A B A B ... A), so the sides alternate quickly and see the same machine.  Each round's B is
# bracketed by the A before and the A after it ("BENCH NAME ROUND A_BEFORE B A_AFTER").
compare() {
	local name=$1 params=$2 out
	shift 2
	unload
	echo "# $name: udp_blast $* ; B = sipoff.ko loaded${params:+ with $params}"
	out=$("$blast" -m "$ko" -o "$params" -n "$rounds" -t "$secs" -w "$warm" -r "$metric" "$@") ||
		{ echo "udp_blast failed: $out"; return 1; }
	echo "$out" | sed -n "s/^PAIR /BENCH $name /p"
	# What the module saw during the last B side, from its counters.
	echo "CHECK $name" $(echo "$out" | awk '$1 == "STAT" && $2 ~ /^(sip_packets_in|requests_in|parse_errors)$/ { printf "%s=%s ", $2, $3 }')
}

echo "# kernel $(uname -r), $(nproc) CPU(s), $rounds rounds of ${secs}s per side (+${warm}s settling), rate: $metric"
"$blast" -t 1 >/dev/null	# warm up

compare nonsip "" -p 40000 -s 200
compare nonsip6 "" -6 -p 40000 -s 200
compare sip "mode=off" -S -p 5060
