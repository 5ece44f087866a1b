#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: the transaction layer's table, from the console log of tests/bench/txn-guest.sh
# (TXNCALLS / TXNCOST / TXNCHECK lines; see txn-calls.sh and txn-cost.sh for their fields).
#
#   txn-summary.sh LOG [STEADY]
#
# Messages per call: each sipoff run's figure over the mean of the "off" runs just before and
# just after it; the median and the spread (min..max) of that ratio over the rounds, and the
# per-mode medians of the figure itself (counts, not times).  Cost per message: each pair's B
# over the mean of the A before and after it, over the steady pairs (the two A within STEADY,
# default 0.03, of each other; all pairs if fewer than 3 are); ns/msg = 1e9/B - 1e9/mean(A).
# Exit status 1 if a figure has no data.
# shellcheck disable=SC2016	# $N in single quotes: awk's fields
set -u
log=$1 steady=${2:-0.03}
bad=0

# median / min / max of the numbers on stdin: "MEDIAN MIN MAX"
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan nan nan"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m, v[1], v[NR] }'
}

calls=$(grep '^TXNCALLS ' "$log")
echo
if [ -z "$calls" ]; then
	echo "transaction layer, messages per call: no data"
	bad=1
else
	read -r _ _ _ ncalls _ <<<"$(echo "$calls" | head -n 1)"
	echo "== transaction layer: SIP messages reaching the applications per call, 10% netem loss on"
	echo "   both veth ends, sipp callee and caller (T1 50 ms), $ncalls calls per run, runs alternating off / sipoff"
	echo "   socket: UDP datagrams delivered to the application's socket (absorbed copies never are);"
	echo "   sipp: messages in the application's own log; ratio: sipoff run / mean(off before, off after),"
	echo "   median [min..max] over the rounds; msgs/call: medians; sipoff counters: per call, both netns"
	printf '%-12s %-14s %10s %10s  %-24s %6s  %s\n' "mode" "figure" "off" "sipoff" "ratio" "rounds" "failed calls (off/sipoff)"
	# fields: 7 callee socket, 8 caller socket, 9 callee sipp, 10 caller sipp (totals per run)
	for mode in transparent offload; do
		for f in 7:callee-socket 8:caller-socket 9:callee-sipp 10:caller-sipp; do
			col=${f%%:*} name=${f#*:}
			ratios=$(echo "$calls" | awk -v m="$mode" -v c="$col" '
				{ md[NR] = $3; v[NR] = $c / $4 }
				END { for (i = 2; i < NR; i++)
					if (md[i] == m && md[i - 1] == "off" && md[i + 1] == "off")
						print v[i] / ((v[i - 1] + v[i + 1]) / 2) }')
			[ -n "$ratios" ] || { printf '%-12s %-14s no data\n' "$mode" "$name"; bad=1; continue; }
			read -r rm rlo rhi < <(echo "$ratios" | stats)
			read -r om _ _ < <(echo "$calls" | awk -v c="$col" '$3 == "off" { print $c / $4 }' | stats)
			read -r sm _ _ < <(echo "$calls" | awk -v m="$mode" -v c="$col" '$3 == m { print $c / $4 }' | stats)
			fo=$(echo "$calls" | awk '$3 == "off" { s += $6 } END { print s + 0 }')
			fs=$(echo "$calls" | awk -v m="$mode" '$3 == m { s += $6 } END { print s + 0 }')
			printf '%-12s %-14s %10.3f %10.3f  %-24s %6d  %s\n' "$mode" "$name" "$om" "$sm" \
				"$(printf '%.3f [%.3f..%.3f]' "$rm" "$rlo" "$rhi")" "$(echo "$ratios" | wc -l)" "$fo/$fs"
		done
		echo "$calls" | awk -v m="$mode" '$3 == m { n += $4; ar += $14; as += $15; ak += $16; rs += $17; kb += $18;
			inv += $11; ack += $12; bye += $13 }
			END { if (n) printf "%-12s sipoff per call: absorbed requests %.3f, responses %.3f, ACKs %.3f; kernel re-sends %.3f, built %.3f; callee saw INVITE %.3f ACK %.3f BYE %.3f (sipp log)\n",
				m, ar / n, as / n, ak / n, rs / n, kb / n, inv / n, ack / n, bye / n }'
	done
	echo "$calls" | awk '$3 == "off" { n += $4; inv += $11; ack += $12; bye += $13 }
		END { if (n) printf "%-12s callee saw INVITE %.3f ACK %.3f BYE %.3f per call (sipp log)\n", "off", inv / n, ack / n, bye / n }'
fi

cost=$(grep '^TXNCOST ' "$log")
echo
if [ -z "$cost" ]; then
	echo "transaction layer, cost per message: no data"
	exit 1
fi
echo "== transaction layer: the kernel's cost per SIP message (loopback, complete calls: INVITE+SDP,"
echo "   180, 200+SDP, ACK, BYE, 200; each once, every call new; T1 10 ms so each transaction lives 0.64 s)"
echo "   B = sipoff in that mode (parse + transaction lookup/creation + state + timers + expiry + dialogs),"
echo "   A = the same module in mode off (parse + counters only); ratio: B / mean(A before, A after)"
echo "   in messages/s, median [min..max] over the steady pairs (A before and after within $steady);"
echo "   ns/msg: median [min..max] of 1e9/B - 1e9/mean(A), the work sipoff adds per message on top of"
echo "   mode off; msg/s: medians, for context only"
printf '%-40s %-25s %7s %8s %10s %10s  %s\n' "figure" "ratio" "steady" "ns/msg" "A msg/s" "B msg/s" "ns/msg spread"
for mode in transparent offload; do
	for metric in wall:9:10:11 busy:4:5:6; do
		IFS=: read -r mn ca cb cn <<<"$metric"
		rows=$(echo "$cost" | awk -v m="$mode" -v a="$ca" -v b="$cb" -v n="$cn" \
			'$2 == m && $a > 0 && $b > 0 && $n > 0 { print $a, $b, $n }')
		[ -n "$rows" ] || { printf '%-40s no data\n' "$mode / off ($mn)"; bad=1; continue; }
		nall=$(echo "$rows" | wc -l)
		st=$(echo "$rows" | awk -v s="$steady" '($1 - $3) ^ 2 <= (s * ($1 + $3) / 2) ^ 2')
		nst=$(echo "$st" | grep -c .)
		note=""
		if [ "$nst" -lt 3 ]; then
			st=$rows
			note=" (under 3 steady pairs: all $nall used)"
		fi
		read -r rm rlo rhi < <(echo "$st" | awk '{ print $2 / (($1 + $3) / 2) }' | stats)
		read -r ns nlo nhi < <(echo "$st" | awk '{ print 1e9 / $2 - 1e9 / (($1 + $3) / 2) }' | stats)
		read -r am _ _ < <(echo "$st" | awk '{ print ($1 + $3) / 2 }' | stats)
		read -r bm _ _ < <(echo "$st" | awk '{ print $2 }' | stats)
		printf '%-40s %-25s %7s %8.0f %10.0f %10.0f  [%.0f..%.0f]%s\n' "$mode / off, $mn" \
			"$(printf '%.4f [%.4f..%.4f]' "$rm" "$rlo" "$rhi")" "$nst/$nall" "$ns" "$am" "$bm" \
			"$nlo" "$nhi" "$note"
	done
done
kept=$(echo "$cost" | awk '{ print ($7 + $8) / 2 }' | stats | awk '{ print $1 }')
echo "wall: messages per second of the whole measured time (timer expiry included); busy: over the"
echo "undisturbed batches only (udp_blast.c's metric; batches hit by a burst of timer expiry or by the"
echo "host are left out, so it may miss expiry cost); busy kept a median $kept of the time"
grep '^TXNCHECK ' "$log" | sed 's/^TXNCHECK \([a-z]*\) /counters over the last \1 side: /'
exit $bad
