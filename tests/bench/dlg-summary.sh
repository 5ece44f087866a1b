#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: the dialog table's figures, from the console log of tests/bench/dlg-guest.sh
# (DLGBENCH lines; their fields are described in tests/bench/sipoff_dlgbench.c).
#
#   dlg-summary.sh LOG [LABEL]
#
# LABEL names the kernel the figures come from in the heading (default: the bench UML kernel;
# tests/bench/dlg-kvm.sh passes Debian 6.1 under QEMU/KVM).
#
# Memory per idle dialog, from the big table: with its strings = the free memory the fill took
# (slab objects with their rounding, the two hash tables' bucket arrays, everything) / N;
# without its strings = that minus the strings' own bytes / N (goal <= 512 B).  Lookup: ns per
# lookup in each table, medians over the rounds; the ratio big / small of each round (its B over
# the mean of the A before and the A after it), median [min..max] (goal <= 1.5); for scale, the
# same for a model of the tables' memory accesses alone (struct floor in sipoff_dlgbench.c):
# what the machine's caches and TLBs make of the two sizes whatever the table does.
# Exit status 1 if a figure has no data or a table was not emptied.
# shellcheck disable=SC2016	# $N in single quotes: awk's fields
set -u
log=$1
where=${2:-bench UML kernel}
bad=0
# The console's lines end in CR LF.
lines=$(tr -d '\r' < "$log" | grep '^DLGBENCH ')

stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan nan nan"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m, v[1], v[NR] }'
}
verdict() {	# VALUE OP GOAL [UNIT]
	if awk -v v="$1" -v g="$3" "BEGIN { exit !(v $2 g) }"; then echo "$2 $3${4:-}: met"; else echo "$2 $3${4:-}: NOT met"; fi
}

echo
echo "== dialog table ($where): memory per idle dialog and lookup cost, filled in-kernel (tests/bench/sipoff_dlgbench.c)"
grep '^DLGBENCH error' <<<"$lines" && bad=1
mem=$(grep '^DLGBENCH mem ' <<<"$lines")
if [ -z "$mem" ]; then
	echo "dialog table: no data (console: $log)"
	exit 1
fi
printf '%-66s %-26s %s\n' "figure" "value" "goal"
# fields: 3 name, 4 N, 5 free delta, 6 slab delta, 7 accounted, 8 strings, 9 ksize, 10 sizeof,
# 11 buckets, 12 Call-ID buckets, 13 retries, 14 fill ns
while read -r _ _ name n free slab acct str alloc obj bk cbk retries fill; do
	with=$(awk -v f="$free" -v n="$n" 'BEGIN { printf "%.0f", f / n }')
	without=$(awk -v f="$free" -v s="$str" -v n="$n" 'BEGIN { printf "%.0f", (f - s) / n }')
	printf '%-66s %-26s %s\n' "memory per idle dialog, $n dialogs ($name), with its strings" "$with B" "none"
	printf '%-66s %-26s %s\n' "  without its strings ($(awk -v s="$str" -v n="$n" 'BEGIN { printf "%.0f", s / n }') B of strings)" "$without B" "$(verdict "$without" '<=' 512 " B")"
	awk -v n="$n" -v obj="$obj" -v alloc="$alloc" -v str="$str" -v bk="$bk" -v cbk="$cbk" \
		-v slab="$slab" -v acct="$acct" -v fill="$fill" -v r="$retries" 'BEGIN {
		printf "    struct %d B + strings %.0f B + slab rounding %.0f B (allocations: %.0f B); buckets %.0f B (%d + %d);\n",
			obj, str / n, (alloc - obj * n - str) / n, alloc / n, (bk + cbk) * 8 / n, bk, cbk
		printf "    slab taken %.0f B; the module accounts %.0f B per dialog; fill %.2f us per dialog (200 OK + ACK), %d retries\n",
			slab / n, acct / n, fill / n / 1000, r }'
done <<<"$mem"

look=$(grep '^DLGBENCH lookup ' <<<"$lines")
if [ -z "$look" ]; then
	echo "lookup: no data"
	bad=1
else
	read -r sn bn <<<"$(echo "$mem" | awk '$3 == "small" { s = $4 } $3 == "big" { b = $4 } END { print s, b }')"
	# fields: 3 round, 4 A ns, 5 B ns, 6 next A ns, 7 lookups
	read -r am alo ahi < <(echo "$look" | awk '{ print $4 / $7 }' | stats)
	read -r bm blo bhi < <(echo "$look" | awk '{ print $5 / $7 }' | stats)
	read -r rm rlo rhi < <(echo "$look" | awk '{ print $5 / (($4 + $6) / 2) }' | stats)
	nl=$(echo "$look" | awk 'NR == 1 { print $7 }')
	printf '%-66s %-26s %s\n' "lookup by Call-ID + tags, ns, $sn dialogs" "$(printf '%.0f [%.0f..%.0f]' "$am" "$alo" "$ahi")" "none"
	printf '%-66s %-26s %s\n' "lookup by Call-ID + tags, ns, $bn dialogs" "$(printf '%.0f [%.0f..%.0f]' "$bm" "$blo" "$bhi")" "none"
	printf '%-66s %-26s %s\n' "  ratio $bn / $sn ($(echo "$look" | wc -l) rounds of $nl lookups)" \
		"$(printf '%.3f [%.3f..%.3f]' "$rm" "$rlo" "$rhi")" "$(verdict "$rm" '<=' 1.5)"
fi
hot=$(grep '^DLGBENCH hot ' <<<"$lines")
if [ -n "$hot" ]; then
	read -r ham _ _ < <(echo "$hot" | awk '{ print $4 / $7 }' | stats)
	read -r hbm _ _ < <(echo "$hot" | awk '{ print $5 / $7 }' | stats)
	printf '%-66s %-26s %s\n' "  for scale: cache-hot lookups (256 dialogs), ns ($sn / $bn)" \
		"$(printf '%.0f / %.0f' "$ham" "$hbm")" "none"
fi
fl=$(grep '^DLGBENCH floor ' <<<"$lines")
if [ -n "$fl" ]; then
	read -r fam _ _ < <(echo "$fl" | awk '{ print $4 / $7 }' | stats)
	read -r fbm _ _ < <(echo "$fl" | awk '{ print $5 / $7 }' | stats)
	read -r frm frlo frhi < <(echo "$fl" | awk '{ print $5 / (($4 + $6) / 2) }' | stats)
	printf '%-66s %-26s %s\n' "  for scale: the memory accesses alone, ns ($sn / $bn)" \
		"$(printf '%.0f / %.0f' "$fam" "$fbm")" "none"
	printf '%-66s %-26s %s\n' "  for scale: their ratio $bn / $sn" \
		"$(printf '%.3f [%.3f..%.3f]' "$frm" "$frlo" "$frhi")" "none (the machine's)"
fi
left=$(grep '^DLGBENCH left ' <<<"$lines" | awk '$4 != 0 || $5 != 0')
if [ -n "$left" ] || ! grep -q '^DLGBENCH left ' <<<"$lines"; then
	echo "removal: dialogs left after the flush: ${left:-no data}"
	bad=1
else
	echo "removal: every dialog removed, 0 bytes accounted left; free memory not yet returned: $(awk '$2 == "unreturned" { printf "%.1f MiB", $3 / 1048576 }' <<<"$lines")"
fi
exit $bad
