# SPDX-License-Identifier: GPL-2.0
# Sourced by the shell test scripts: the head of their TAP stream, as tests/check.sh counts it
# (tests/tap-count.awk): the version, the names of the tests to come (so a run cut short has
# its missing tests failed by name), and the plan.
#
#   tap_plan NAME...
tap_plan() {
	echo "TAP version 13"
	echo "# planned: $*"
	echo "1..$#"
}
