# SPDX-License-Identifier: GPL-2.0
# tap-count.awk - count the results of one suite's log (tests/check.sh).  The log holds one or
# more TAP/KTAP streams: a plan "1..N" (at the start, or at the end of a stream), then
# "ok K name", "not ok K name", "ok K name # SKIP reason".  A stream nested by indentation
# (KTAP subtests, KUnit parameters) makes its parent's result line an aggregate: only leaves
# count.  What a stream planned and did not report counts as failed, by name: from a
# "# planned: NAME..." line printed before the stream (at its indentation), else from the
# harness's "#  RUN  NAME" of a test that never ended, else as "LABEL test K".  A stream without
# a plan, or a log without any, counts as one failure.  Prints "FAIL name", "SKIP name # why"
# lines, then "COUNT pass fail skip".
function indent_of(s) { match(s, /^ */); return RLENGTH }
function close_from(lvl, covered,   l) {
	for (l = depth; l >= lvl; l--)
		finish(l, covered)
	depth = lvl - 1
}
function finish(l, covered,   k, nm) {
	if (!(l in plan))
		return
	if (plan[l] < 0) {
		# KUnit's parameters have no plan: their parent's result line covers them.
		if (seen[l] > 0 && !covered) {
			fail++
			print "FAIL " label[l] ": no plan (the stream was cut short after " seen[l] " results)"
		}
	} else {
		for (k = 1; k <= plan[l]; k++) {
			if ((l, k) in got)
				continue
			nm = ((l, k) in pname) ? pname[l, k] : label[l] " test " k
			if (k == next_k[l] && running != "")
				nm = nm " (" running ", running when the log ended)"
			fail++
			print "FAIL " nm " # missing: planned, never reported"
		}
	}
	delete plan[l]
}
function newstream(l, n,   k, m, a) {
	plan[l] = n; seen[l] = 0; next_k[l] = 1; label[l] = cur_label; fail0[l] = fail
	for (k in got) { split(k, a, SUBSEP); if (a[1] == l) delete got[k] }
	for (k in pname) { split(k, a, SUBSEP); if (a[1] == l) delete pname[k] }
	if (l in planned) {
		m = split(planned[l], a, " ")
		for (k = 1; k <= m; k++)
			pname[l, k] = a[k]
		delete planned[l]
	}
	if (l > depth)
		depth = l
	any = 1
}
BEGIN { depth = -1; pass = fail = skip = 0; cur_label = "suite"; running = "" }
{
	sub(/\r$/, "")
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "")   # a printk time stamp
	line = $0
	ind = indent_of(line)
	body = substr(line, ind + 1)
}
body ~ /^# (selftest|unit|qemu|suite) / { cur_label = body; sub(/^# [a-z]+ /, "", cur_label); sub(/ .*/, "", cur_label) }
body ~ /^# Subtest: / { cur_label = body; sub(/^# Subtest: /, "", cur_label) }
body ~ /^# planned: / { planned[ind] = substr(body, 12) }
body ~ /^#  RUN +/ { running = body; sub(/^#  RUN +/, "", running); sub(/ \.\.\.$/, "", running) }
body ~ /^1\.\.[0-9]+/ {
	n = substr(body, 4) + 0
	if (ind <= depth)
		close_from(ind + 1)
	if ((ind in plan) && plan[ind] < 0 && seen[ind] > 0) {
		plan[ind] = n          # a plan at the end of its stream
	} else {
		if (ind in plan)
			close_from(ind)
		newstream(ind, n)
	}
	next
}
body ~ /^(not )?ok [0-9]+/ {
	notok = body ~ /^not /
	rest = body; sub(/^(not )?ok /, "", rest)
	k = rest + 0
	name = rest; sub(/^[0-9]+ *(- )?/, "", name)
	dir = ""
	if (match(name, / # *(SKIP|skip|TODO|todo)/)) {
		dir = substr(name, RSTART + 3); name = substr(name, 1, RSTART - 1)
	}
	if (!(ind in plan))
		newstream(ind, -1)
	aggregate = depth > ind
	child_failed = 0
	if (aggregate) {
		f0 = fail
		for (l = ind + 1; l <= depth; l++)
			if ((l in plan) && fail0[l] < f0)
				f0 = fail0[l]
		close_from(ind + 1, 1)
		child_failed = fail > f0
	}
	seen[ind]++
	if (plan[ind] >= 0 && k > plan[ind]) {
		fail++
		print "FAIL " name " # result " k " beyond the plan 1.." plan[ind]
		next
	}
	got[ind, k] = 1
	if (k >= next_k[ind])
		next_k[ind] = k + 1
	running = ""
	# A failed aggregate counts once, unless a test under it already failed.
	if (aggregate && (!notok || child_failed))
		next
	if (dir ~ /^(SKIP|skip)/) {
		skip++
		print "SKIP " name " # " dir
	} else if (notok) {
		fail++
		print "FAIL " name
	} else if (!aggregate) {
		pass++
	}
	next
}
END {
	close_from(0)
	if (!any) {
		fail++
		print "FAIL no TAP output (no plan, no result)"
	}
	print "COUNT " pass " " fail " " skip
}
