#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the bench (non-debug) test kernel: the kernel's cost per SIP message of
# sipoff's transaction layer.  tests/bench/txn_blast.c plays complete calls (INVITE, 180, 200,
# ACK, BYE, 200; every message once, every call new) over loopback to a listener on port 5060,
# sipoff loaded throughout; the sides alternate A B A B ... A in one process by switching the
# mode with sipoffctl: A = mode off (parses and counts only), B = transparent or offload
# (parse + transaction lookup/creation + state + timers + dialogs).
#
#   txn-cost.sh MODULE_DIR SIPOFFCTL TXN_BLAST PAIRS SECONDS WARM
#
# T1 is 10 ms (the minimum), so a transaction lives 64*T1 = 0.64 s after its last message and
# WARM (>= 1 s) unmeasured seconds after each switch let the other side's transactions expire
# there; within a B side creation and expiry run at the same rate, so both are in its cost.
# Ended dialogs linger 0 ms; the caps are raised so no message passes on a cap (checked).
# Output: "TXNCOST <mode> <pair> <A> <B> <A next> <kept A> <kept B> <wall A> <wall B> <wall A next>"
# (messages/s, "busy" and over the wall time: see txn_blast.c) and
# "TXNCHECK <mode> name=delta ..." (counters over the last B side).
# shellcheck disable=SC2016	# $N in single quotes: awk's fields
set -eu
dir=$1 ctl=$2 blast=$3 pairs=$4 secs=$5 warm=$6

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko"
"$ctl" config set mode off ports 5060 t1 10 t2 40 t4 10 timer-d 640 trying 0 \
	max-transactions 1000000 max-dialogs 1000000 max-bytes 1073741824 linger 0 >/dev/null
echo "# txn cost: kernel $(uname -r), $(nproc) CPU(s), $pairs pairs of ${secs}s per side (+${warm}s unmeasured after each switch)"
for mode in transparent offload; do
	out=$("$blast" -a "$ctl config set mode off >/dev/null" \
		-b "$ctl config set mode $mode >/dev/null" -n "$pairs" -t "$secs" -w "$warm" 2>&1) ||
		echo "# txn_blast ($mode) reported a problem: $(echo "$out" | grep -v '^PAIR\|^STAT' | head -3)"
	echo "$out" | sed -n "s/^PAIR /TXNCOST $mode /p"
	echo "TXNCHECK $mode $(echo "$out" | awk '$1 == "STAT" && $2 ~ /^(requests_in|responses_out|transactions_created|transactions_freed|absorbed_requests|absorbed_responses|absorbed_acks|kernel_resends|kernel_built|cap_transactions|cap_bytes|parse_errors)$/ { printf "%s=%s ", $2, $3 }')"
done
"$ctl" config set mode transparent >/dev/null
