#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# In the test kernel: load sipoff.ko and its KUnit suites (sipoff_test.ko), which print KTAP on
# the console as they run, then unload both.  Used by tests/check.sh through uml-run.sh.
#   guest-kunit.sh MODULE_DIR
set -u
dir=$1
insmod "$dir/sipoff.ko" || exit 1
insmod "$dir/sipoff_test.ko" || exit 1
# The suites have run by the time insmod returns; their results are also in debugfs.
for f in /sys/kernel/debug/kunit/*/results; do
	[ -r "$f" ] || continue
	echo "KUNIT-RESULTS $(basename "$(dirname "$f")")"
	cat "$f"
done > /tmp/guest-kunit-results 2>&1
rmmod sipoff_test || exit 1
rmmod sipoff || exit 1
exit 0
