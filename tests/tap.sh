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

# check STATUS WHAT: one assertion of a test: "# ok: WHAT" if STATUS is 0, else "# FAILED: WHAT"
# and the test fails (it goes on, so that one run shows every assertion that fails).
check() {
	if [ "$1" = 0 ]; then echo "# ok: $2"; else echo "# FAILED: $2"; failed_one=1; fi
}

# tap_run NAME...: the whole stream of a script whose tests are shell functions t_NAME: the
# plan, then each test in turn ("ok" or "not ok", and how long it took); a test fails when
# t_NAME returns non-zero or a check in it failed.  After a failure the script's tap_failed
# NAME (its diagnosis), after every test its tap_cleanup NAME, where the script defines them;
# then the totals.  Returns non-zero if a test failed.  The counters' names are tap_run's own.
tap_run() {
	local _tap_t _tap_n=0 _tap_pass=0 _tap_fail=0 _tap_start

	tap_plan "$@"
	for _tap_t in "$@"; do
		_tap_n=$((_tap_n + 1))
		echo "# $_tap_t"
		_tap_start=$(date +%s)
		failed_one=0
		"t_$_tap_t" || failed_one=1
		if [ "$failed_one" = 0 ]; then
			echo "ok $_tap_n $_tap_t"
			_tap_pass=$((_tap_pass + 1))
		else
			echo "not ok $_tap_n $_tap_t"
			_tap_fail=$((_tap_fail + 1))
			! declare -F tap_failed >/dev/null || tap_failed "$_tap_t"
		fi
		echo "# $_tap_t took $(( $(date +%s) - _tap_start )) s"
		! declare -F tap_cleanup >/dev/null || tap_cleanup "$_tap_t"
	done
	echo "# Totals: pass:$_tap_pass fail:$_tap_fail xfail:0 xpass:0 skip:0 error:0"
	[ "$_tap_fail" = 0 ]
}
