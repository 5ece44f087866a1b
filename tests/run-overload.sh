#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make run`, part 2 (issue 12): the same short burst of calls past Kamailio's capacity, without
# sipoff and with sipoff's overload protection, side by side (tests/bench/kam-guest.sh demo in
# the test kernel; the full figures are `make bench`, docs/overload.md).  The burst is three
# times the rate Kamailio could carry with the whole CPU, from its CPU per call measured first.
#   SIPOFF_RUN_OVL_RATE (calls/s; default: measured), _SECS (4), _COST (loop iterations per
#   INVITE, 20000)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$("$top/tests/kernel/build-uml.sh" debug) || exit 1
log=$top/build/logs/run-overload.console.log
rate=${SIPOFF_RUN_OVL_RATE:-0} secs=${SIPOFF_RUN_OVL_SECS:-4} cost=${SIPOFF_RUN_OVL_COST:-20000}
mkdir -p "$top/build/logs"
echo "== overload: Kamailio (stateful, one worker, $cost loop iterations per INVITE) offered a"
echo "   burst past its capacity for ${secs}s; good = 200 OK within 2 s of the INVITE, then BYE/200"
out=$("$top/tests/kernel/uml-run.sh" -k "$kdir" -m 1G -t 300 -l "$log" -- \
	"$top/tests/bench/kam-guest.sh" "$(make -s -C "$top" kmoddir-uml)" "$top/build/user/sipoffctl" \
	demo "$secs" "$cost" "$rate")
rc=$?
echo "$out" | awk '$1 == "KAMCAL" {
	printf "   Kamailio spent %.1f ms of CPU per call at 5 calls/s: at most %d calls/s; burst: %d calls/s\n",
		$2, $3, $4 }'
printf '%-40s %12s %22s %10s\n' "" "good calls" "datagrams Kamailio read" "503s"
echo "$out" | awk '$1 == "KAM" && $2 == "demo" {
	printf "%-40s %5d of %-4d %22d %10d\n",
		$4 == "A" ? "without sipoff" : "with sipoff (transparent + overload on)",
		$8, $5 * $6, $9, $14 }'
[ "$rc" = 0 ] || echo "run-overload: FAILED ($rc; console in $log)"
exit "$rc"
