#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The table of the Kamailio overload benchmark (tests/bench/kam-guest.sh) from its console log.
#
#   kam-summary.sh LOG
# shellcheck disable=SC2016	# $N in single quotes: awk's fields
set -uo pipefail
log=$1
C=$(awk '$1 == "KAMCAP" { print $2 }' "$log" | tr -d '\r' | tail -n 1)
if [ -z "$C" ] || [ "$C" = 0 ]; then
	echo "kamailio overload: no capacity found (see $log)"
	exit 1
fi
secs=$(awk '$1 == "KAM" && $2 == "load" { print $6; exit }' "$log")
rounds=$(awk '$1 == "KAM" && $2 == "load" { print $3 }' "$log" | sort -u | wc -l)
cost=${SIPOFF_BENCH_KAM_COST:-20000}

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
			off += $5 * $6; n += $8; dg += $9; kt += $10; hz = $16; ab += $13 }
			END { if (!off) { printf "%-6s %-5s no data\n", l "%", s; exit }
				printf "%-6s %-5s %10.1f %11s %9s %9d\n", l "%", s, 100 * n / off,
					n ? sprintf("%.1f", dg / n) : "inf",
					n ? sprintf("%.1f", 1000 * kt / hz / n) : "inf", ab }' "$log"
	done
done

# One duplicate (tests/bench/kam-guest.sh dup): the guest's CPU per copy in each side, Kamailio's
# own CPU per copy it read; the kernel's cost of absorbing one = B - N, Kamailio's = A - N.
echo
echo "   One duplicate: copies of an INVITE the callee answered with 180, sent into one call in"
echo "   Proceeding.  A = Kamailio answers each from its transaction (sipoff not loaded), B = the"
echo "   kernel re-sends the 180 and absorbs the copy (transparent), N = the copies go to a socket"
echo "   nobody reads (the floor: the sender and the way to a full queue).  us/copy: the whole"
echo "   guest's busy CPU per copy sent, median [min..max] over rounds"
printf '%-5s %7s %-26s %14s %9s\n' "side" "copies" "us/copy" "Kamailio us" "absorbed"
declare -A med
for s in A B N; do
	read -r m r < <(awk -v s="$s" '$1 == "KAMDUP" && $3 == s && $4 > 0 { print 1e6 * $6 / $9 / $4 }' \
		"$log" | mm)
	med[$s]=$m
	awk -v s="$s" -v m="$m" -v r="${r:-}" '$1 == "KAMDUP" && $3 == s {
		n += $4; k += $5; hz = $9; dg += $7; ab += $8; cnt++ }
		END { if (!n) { printf "%-5s no data\n", s; exit }
			printf "%-5s %7d %-26s %14s %9d\n", s, n / cnt, m " " r,
				(dg > n / 100) ? sprintf("%.1f", 1e6 * k / hz / dg) : "-", ab }' "$log"
done
[ "${med[A]}" = n/a ] || [ "${med[B]}" = n/a ] || [ "${med[N]}" = n/a ] ||
awk -v a="${med[A]}" -v b="${med[B]}" -v f="${med[N]}" '
	$1 == "KAM" && $2 == "loss" && ($4 == "A" || $4 == "B") {
		k = $7 " " $4; n[k] += $8; dg[k] += $9; ab[k] += $13 }
	END {
		a -= f; b -= f
		printf "   a duplicate costs the guest %.0f us when Kamailio answers it, %.0f us when the kernel does (medians, over N)\n", a, b
		# In B every copy the kernel absorbed is one Kamailio'"'"'s socket would have had to
		# read (same run, exact); A - B compares two runs (their losses differ).
		for (l = 5; l <= 20; l += 5) {
			if (!n[l " A"] || !n[l " B"]) continue
			x = ab[l " B"] / n[l " B"]
			dd = dg[l " A"] / n[l " A"] - dg[l " B"] / n[l " B"]
			printf "   at %d%% loss: the kernel absorbed %.2f copies per good call that Kamailio would have read (%.1f %% of what it read): %.0f us of the guest'"'"'s CPU in the kernel instead of %.0f us in Kamailio; A - B, two runs: %.2f datagrams per good call\n",
				l, x, 100 * ab[l " B"] / dg[l " B"], x * b, x * a, dd
		}
	}' "$log"
