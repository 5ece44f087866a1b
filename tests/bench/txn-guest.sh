#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the bench (non-debug) test kernel: the transaction layer's figures in one
# boot (tests/bench.sh section 3): the calls through loss, then the cost per message.
#
#   txn-guest.sh MODULE_DIR SIPOFFCTL TXN_BLAST ROUNDS CALLS RATE PAIRS SECONDS
set -u
dir=$1 ctl=$2 blast=$3 rounds=$4 calls=$5 rate=$6 pairs=$7 secs=$8
here=$(dirname "$0")
rc=0
"$here/txn-calls.sh" "$dir" "$ctl" "$rounds" "$calls" "$rate" || rc=1
"$here/txn-cost.sh" "$dir" "$ctl" "$blast" "$pairs" "$secs" 1 || rc=1
! grep -q '^sipoff ' /proc/modules || rmmod sipoff || rc=1
exit $rc
