#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# harness-plan.sh BINARY [-t NAME | -T NAME]...: print "# planned: FIXTURE[.VARIANT].TEST ..."
# for a kselftest_harness binary: the tests it runs with these filters, in its order (from its
# -l list), so that tests/check.sh can name the tests a run cut short never reported.
bin=$1
shift
"$bin" -l 2>&1 | awk -v filters="$*" '
	function trim(s) { gsub(/^ +| +$/, "", s); return s }
	function flush(   i, j, n) {
		if (fixture == "")
			return
		if (nv == 0) { nv = 1; var[1] = "" }
		for (i = 1; i <= nv; i++)
			for (j = 1; j <= nt; j++) {
				n = fixture (var[i] != "" ? "." var[i] : "") "." tst[j]
				if (keep(tst[j]))
					names = names " " n
			}
		nv = nt = 0
	}
	function keep(t,   i) {
		for (i = 1; i < nf; i += 2)
			if (f[i + 1] == t)
				return f[i] == "-t"
		return !incl
	}
	BEGIN {
		nf = split(filters, f, " ")
		for (i = 1; i < nf; i += 2) if (f[i] == "-t") incl = 1
	}
	/^# FIXTURE/ { vcol = index($0, "VARIANT"); tcol = index($0, "TEST"); next }
	/^---/ || !vcol { next }
	{
		fx = trim(substr($0, 1, vcol - 1)); v = trim(substr($0, vcol, tcol - vcol))
		t = trim(substr($0, tcol))
		if (fx != "") { flush(); fixture = fx }
		if (v != "") var[++nv] = v
		if (t != "") tst[++nt] = t
	}
	END { flush(); print "# planned:" names }'
