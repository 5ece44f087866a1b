#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the bench (non-debug) test kernel: UDP throughput over loopback with
# sipoff loaded vs not, in alternating rounds (A = not loaded, B = loaded; A B A B ...).
#
#   guest-bench.sh MODULE_DIR UDP_BLAST ROUNDS SECONDS
#
# Comparisons (one line per round: "BENCH <name> <round> <A pps> <B pps>"):
#   nonsip   200-byte datagrams to port 40000 (not a SIP port), IPv4; B: sipoff, default mode
#   nonsip6  the same over IPv6
#   sip      a SIP OPTIONS request to port 5060, IPv4; B: sipoff loaded with mode=off, which
#            still parses every SIP-port datagram: the parse cost
# After each comparison's last B round the module's counters are checked ("CHECK" lines): the
# non-SIP traffic must not be counted, the SIP traffic must be parsed as requests.
set -eu
dir=$1 blast=$2 rounds=$3 secs=$4
ko=$dir/sipoff.ko

unload() { ! grep -q '^sipoff ' /proc/modules || rmmod sipoff; }

# pps of one run: udp_blast ARGS...
pps() {
	local out
	out=$("$blast" -t "$secs" "$@") || { echo "udp_blast failed: $out" >&2; return 1; }
	echo "$out" | sed -n 's/^pps=\([0-9]*\) .*/\1/p'
}

stat_of() { awk -v k="$1" '$1 == k { print $2 }' /proc/net/sipoff/stats; }

# compare NAME "INSMOD ARGS" UDP_BLAST ARGS...
compare() {
	local name=$1 args=$2 r a b
	shift 2
	unload
	echo "# $name: udp_blast $* ; B = insmod sipoff.ko $args"
	for r in $(seq 1 "$rounds"); do
		unload
		a=$(pps "$@")
		# shellcheck disable=SC2086
		insmod "$ko" $args
		b=$(pps "$@")
		echo "BENCH $name $r $a $b"
		[ "$r" = "$rounds" ] || rmmod sipoff
	done
	# The module is still loaded from the last B round: its counters tell what it saw.
	echo "CHECK $name sip_packets_in=$(stat_of sip_packets_in) requests_in=$(stat_of requests_in)" \
		"parse_errors=$(stat_of parse_errors) mode=$(awk '$1 == "mode" { print $2 }' /proc/net/sipoff/config)"
	rmmod sipoff
}

echo "# kernel $(uname -r), $(nproc) CPU(s), $rounds rounds of ${secs}s per side"
# Warm up (page cache, first-use costs) before the first measured round.
"$blast" -t 1 >/dev/null

compare nonsip "" -p 40000 -s 200
compare nonsip6 "" -6 -p 40000 -s 200
compare sip "mode=off" -S -p 5060
