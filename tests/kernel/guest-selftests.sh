#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# In the test kernel: run every kselftest binary given, with the module and sipoffctl paths in
# the environment, then unload the module.  SIPOFF_HARNESS_ARGS (e.g. "-t NAME" or "-T NAME")
# is given to every kselftest_harness binary.
#   guest-selftests.sh MODULE_DIR SIPOFFCTL SELFTEST...
set -u
dir=$1 ctl=$2
shift 2
export SIPOFF_KO=$dir/sipoff.ko SIPOFFCTL=$ctl
rc=0
for t in "$@"; do
	echo "# selftest $(basename "$t")"
	case $t in
	*.sh) "$t" "$dir" "$ctl" || rc=1 ;;
	# The tests it will run, by name, for tests/check.sh to name any it never reports.
	# shellcheck disable=SC2086 # the harness's options, split on spaces
	*) "$(dirname "$0")/../harness-plan.sh" "$t" ${SIPOFF_HARNESS_ARGS:-}
	   "$t" ${SIPOFF_HARNESS_ARGS:-} || rc=1 ;;
	esac
done
if [ -e /sys/module/sipoff ]; then
	rmmod sipoff || rc=1
fi
exit $rc
