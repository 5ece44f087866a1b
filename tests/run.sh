#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make run`: boot the test kernel, load sipoff, run one sipp call through it, show /proc and
# the configuration.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$("$top/tests/kernel/build-uml.sh" debug) || exit 1
log=$top/build/logs/run.console.log
mkdir -p "$top/build/logs"
"$top/tests/kernel/uml-run.sh" -k "$kdir" -t 300 -l "$log" -- \
	"$top/tests/kernel/guest-run.sh" "$(make -s -C "$top" kmoddir-uml)" "$top/build/user/sipoffctl" \
	| sed -n '/^SIPOFF-GUEST-START/,/^SIPOFF-GUEST-RC/p' | grep -v '^SIPOFF-GUEST'
rc=${PIPESTATUS[0]}
"$top/tests/run-overload.sh" || rc=1
[ "$rc" = 0 ] && echo "make run: ok (console in $log)" || echo "make run: FAILED ($rc; console in $log)"
exit "$rc"
