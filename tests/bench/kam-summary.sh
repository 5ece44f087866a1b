#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The table of the Kamailio overload benchmark (tests/bench/kam-guest.sh) from its console log.
#
#   kam-summary.sh LOG
# shellcheck disable=SC2016	# $N in single quotes: awk's fields
set -uo pipefail
log=$1
C=$(awk '$1 == "KAMCAP" { print $2 }' "$log" | tail -n 1)
if [ -z "$C" ] || [ "$C" = 0 ]; then
	echo "kamailio overload: no capacity found (see $log)"
	exit 1
fi
secs=$(awk '$1 == "KAM" && $2 == "load" { print $6; exit }' "$log")
rounds=$(awk '$1 == "KAM" && $2 == "load" { print $3 }' "$log" | sort -u | wc -l)
cost=${SIPOFF_BENCH_KAM_COST:-5000}

# median [min..max] of the numbers on stdin
mm() {
	sort -g | awk '{ v[NR] = $1 } END { if (!NR) { print "n/a"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f [%.2f..%.2f]", m, v[1], v[NR] }'
}

echo
echo "== Kamailio in trouble (issue 12): sipp UAC -> Kamailio 5.6 (t_relay, record_route, one UDP"
echo "   worker per socket, $cost loop iterations per initial INVITE) -> sipp UAS, three netns, T1 500 ms"
echo "   good call: 200 OK within 2 s of the first INVITE, then BYE/200.  Capacity C = $C calls/s"
echo "   (highest offered rate with >= 99 % good calls, sipoff not loaded).  $rounds rounds of ${secs}s per cell,"
echo "   cells alternating A B C.  A = sipoff not loaded, B = transparent, C = transparent + overload"
echo "   protection.  goodput/C: median [min..max] over rounds; dgrams/good: UDP datagrams Kamailio's"
echo "   sockets read per good call; CPU/good: Kamailio's CPU ms per good call (/proc/PID/stat);"
echo "   p50/p99: ms from first INVITE to 200 OK (medians over rounds); 503/s: the kernel's 503s"
printf '%-6s %-5s %-24s %11s %9s %8s %8s %8s %9s\n' "load" "side" "goodput/C" "dgrams/good" \
	"CPU/good" "p50" "p99" "503/s" "absorbed"
for m in 0.5 1 2 4; do
	rate=$(awk -v m="$m" -v c="$C" 'BEGIN { print m * c }')
	for s in A B C; do
		sel=$(awk -v r="$rate" -v s="$s" '$1 == "KAM" && $2 == "load" && $4 == s && $5 == r' "$log")
		[ -n "$sel" ] || { printf '%-6s %-5s no data\n' "${m}C" "$s"; continue; }
		g=$(echo "$sel" | awk -v c="$C" '{ print $8 / $6 / c }' | mm)
		p50=$(echo "$sel" | awk '{ print $11 }' | mm | cut -d' ' -f1)
		p99=$(echo "$sel" | awk '{ print $12 }' | mm | cut -d' ' -f1)
		echo "$sel" | awk -v m="${m}C" -v s="$s" -v g="$g" -v p50="$p50" -v p99="$p99" '{
			n += $8; dg += $9; kt += $10; hz = $16; rej += $14; ab += $13; t += $6 }
			END {
				printf "%-6s %-5s %-24s %11s %9s %8s %8s %8.1f %9d\n", m, s, g,
					n ? sprintf("%.1f", dg / n) : "inf",
					n ? sprintf("%.1f", 1000 * kt / hz / n) : "inf",
					p50, p99, rej / t, ab }'
	done
done

echo
echo "   Loss sweep at 0.5 C: netem loss on all four veth ends; A = sipoff not loaded, B = transparent"
printf '%-6s %-5s %10s %11s %9s %9s\n' "loss" "side" "good %" "dgrams/good" "CPU/good" "absorbed"
for l in 0 5 10 20; do
	for s in A B; do
		awk -v l="$l" -v s="$s" '$1 == "KAM" && $2 == "loss" && $7 == l && $4 == s {
			off = $5 * $6; n += $8; dg += $9; kt += $10; hz = $16; ab += $13 }
			END { if (!off) { printf "%-6s %-5s no data\n", l "%", s; exit }
				printf "%-6s %-5s %10.1f %11s %9s %9d\n", l "%", s, 100 * n / off,
					n ? sprintf("%.1f", dg / n) : "inf",
					n ? sprintf("%.1f", 1000 * kt / hz / n) : "inf", ab }' "$log"
	done
done
# Kamailio's CPU per duplicate it handles: (CPU/good A - CPU/good B) / (dgrams/good A - B)
awk '$1 == "KAM" && $2 == "loss" && $7 >= 10 {
		k = $7 " " $4; n[k] += $8; dg[k] += $9; kt[k] += $10; hz = $16 }
	END {
		for (l = 10; l <= 20; l += 10) {
			a = l " A"; b = l " B"
			if (!n[a] || !n[b]) continue
			dd = dg[a] / n[a] - dg[b] / n[b]
			dc = kt[a] / hz / n[a] - kt[b] / hz / n[b]
			if (dd > 0)
				printf "   at %d%% loss: sipoff saved Kamailio %.2f datagrams and %.2f ms CPU per good call: %.0f us per duplicate it no longer handles\n",
					l, dd, 1000 * dc, 1e6 * dc / dd
			else
				printf "   at %d%% loss: sipoff did not reduce the datagrams Kamailio read (%.2f)\n", l, dd
		}
	}' "$log"
echo "   the kernel's own cost per message it handles: the transaction layer's ns/msg (section 3)"
