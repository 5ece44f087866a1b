#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, inside the bench (non-debug) test kernel: the dialog table's memory per dialog
# and its lookup cost at two sizes (tests/bench/sipoff_dlgbench.c does the work in-kernel).
#
#   dlg-guest.sh MODULE_DIR SIPOFFCTL DLGBENCH_KO SMALL BIG LOOKUPS ROUNDS
#
# sipoff.ko (built with SIPOFF_BENCH=1) is loaded; the small table is the initial namespace's,
# the big one a namespace of its own; both get max-dialogs and max-bytes raised over what the
# tables need.  Prints the module's "DLGBENCH ..." lines (see sipoff_dlgbench.c).
set -eu
dir=$1 ctl=$2 ko=$3 small=$4 big=$5 lookups=$6 rounds=$7
ns=dlgbench

echo "# kernel $(uname -r), $(nproc) CPU(s), $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB; dialogs: $small and $big; $rounds rounds of $lookups lookups per side"
insmod "$dir/sipoff.ko"
ip netns add $ns
max=$(( big > small ? big : small ))
max=$(( max + max / 4 + 16 ))
"$ctl" config set max-dialogs $max max-bytes $(( max * 4096 ))
ip netns exec $ns "$ctl" config set max-dialogs $max max-bytes $(( max * 4096 ))
rc=0
ip netns exec $ns insmod "$ko" small="$small" big="$big" lookups="$lookups" rounds="$rounds" || rc=$?
dmesg | sed -n 's/.*\(DLGBENCH .*\)/\1/p'
grep -q '^sipoff_dlgbench ' /proc/modules && rmmod sipoff_dlgbench
ip netns del $ns
rmmod sipoff
exit $rc
