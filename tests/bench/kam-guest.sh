#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench` section 6 (and tests/run-overload.sh), inside the bench (non-debug) test kernel:
# what sipoff is worth to Kamailio in trouble (issue 12).  sipp UAC (netns kuac) -> Kamailio 5.6
# (netns kgw: stateful t_relay, record_route, one UDP worker per socket, COST loop iterations
# per initial INVITE, tests/kamailio/overload.cfg) -> sipp UAS (netns kuas).  Standard timers
# (T1 500 ms).  A call is good when its 200 OK comes within 2 s of its first INVITE and it ends
# with BYE/200 (tests/sipp/ovl_uac.xml).  Sides: A sipoff not loaded, B transparent,
# C transparent + overload protection.  Each run prints one line:
#   KAM what round side offered_per_s secs loss good dgrams kam_ticks p50_ms p99_ms absorbed
#       rejected busy_ticks hz
# (busy_ticks: the whole guest's busy CPU: Kamailio, sipp and the kernel)
# (dgrams: UDP datagrams Kamailio's sockets read, kam_ticks: Kamailio's CPU in clock ticks, both
# from the start of the run until its sockets are drained).
#
#   kam-guest.sh MODULE_DIR SIPOFFCTL bench ROUNDS SECS COST
#   kam-guest.sh MODULE_DIR SIPOFFCTL demo RATE SECS COST
set -u
dir=$1 ctl=$2 what=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sipoff-kam.XXXXXX)
UAC=10.97.1.2 GW1=10.97.1.1 GW2=10.97.2.1 UAS=10.97.2.2
hz=$(getconf CLK_TCK)
# Overload protection for side C: the socket is overloaded when its oldest datagram waited
# 400 ms (before the callers' first retransmission at T1; or its queue is 60 % full), until the
# wait is under 200 ms and the queue 30 % full.
ovl_keys=${SIPOFF_KAM_OVERLOAD:-"overload-delay 400 overload-high 60 overload-low 30 overload-retry-after 2"}

ip netns add kuac && ip netns add kgw && ip netns add kuas &&
ip link add veth-kuac netns kuac type veth peer name veth-kgw1 netns kgw &&
ip link add veth-kgw2 netns kgw type veth peer name veth-kuas netns kuas &&
ip -n kuac addr add $UAC/24 dev veth-kuac && ip -n kgw addr add $GW1/24 dev veth-kgw1 &&
ip -n kgw addr add $GW2/24 dev veth-kgw2 && ip -n kuas addr add $UAS/24 dev veth-kuas &&
for ns in kuac kgw kuas; do ip -n $ns link set lo up; done &&
ip -n kuac link set veth-kuac up && ip -n kgw link set veth-kgw1 up &&
ip -n kgw link set veth-kgw2 up && ip -n kuas link set veth-kuas up || exit 1

# side A|B|C: sipoff not loaded, transparent, transparent + overload protection (in kgw; the
# two ends have it off in every side).
side() {
	if [ "$1" = A ]; then
		! grep -q '^sipoff ' /proc/modules || rmmod sipoff || return 1
		return 0
	fi
	grep -q '^sipoff ' /proc/modules || insmod "$dir/sipoff.ko" || return 1
	ip netns exec kuac "$ctl" config set mode off &&
	ip netns exec kuas "$ctl" config set mode off || return 1
	if [ "$1" = C ]; then
		# shellcheck disable=SC2086 # KEY VALUE pairs
		ip netns exec kgw "$ctl" config set mode transparent overload on $ovl_keys
	else
		ip netns exec kgw "$ctl" config set mode transparent overload off
	fi
}

# loss PCT: netem on all four veth ends (0: none).
loss() {
	local d
	for d in kuac:veth-kuac kgw:veth-kgw1 kgw:veth-kgw2 kuas:veth-kuas; do
		ip netns exec "${d%%:*}" tc qdisc del dev "${d#*:}" root 2>/dev/null
		[ "$1" = 0 ] || ip netns exec "${d%%:*}" tc qdisc add dev "${d#*:}" root netem loss "$1%" ||
			return 1
	done
}

kam_ticks() {
	local p t=0
	for p in $(pgrep -x kamailio); do
		t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
	done
	echo $t
}

# CPU ticks the guest spent busy (everything but idle and iowait).
busy_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

in_dgrams() {
	ip netns exec kgw awk '$1 == "Udp:" && $2 ~ /^[0-9]+$/ { print $2 }' /proc/net/snmp
}

sipoff_stat() {
	if grep -q '^sipoff ' /proc/modules; then
		ip netns exec kgw awk -v k="$1" '$1 == k { print $2 }' /proc/net/sipoff/stats
	else
		echo 0
	fi
}

# Kamailio's sockets are empty (Recv-Q 0) and stay so for a moment; deadline 30 s.
drained() {
	local end=$((SECONDS + 30)) quiet=0
	while [ $SECONDS -lt $end ]; do
		if ip netns exec kgw ss -uln | awk 'NR > 1 && $2 != 0 { busy = 1 } END { exit busy }'; then
			quiet=$((quiet + 1))
			[ $quiet -ge 5 ] && return 0
		else
			quiet=0
		fi
		sleep 0.1
	done
	return 1
}

# percentile P of the numbers on stdin
pct() {
	sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (!NR) { print "nan"; exit }
		i = int(p * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; print v[i] }'
}

# run WHAT ROUND SIDE RATE SECS LOSS COST
run() {
	local what=$1 round=$2 s=$3 rate=$4 secs=$5 lossp=$6 cost=$7
	local d=$work/run kpid upid calls t0 k0 a0 r0 good p50 p99 st0 st1
	rm -rf "$d"
	mkdir -p "$d"
	side "$s" || { echo "# side $s failed"; return 1; }
	loss "$lossp" || { echo "# netem failed"; return 1; }
	ip netns exec kgw kamailio -f "$top/tests/kamailio/overload.cfg" -DD -E -Y "$d" -P "$d/kam.pid" \
		-l udp:$GW1:5060 -l udp:$GW2:5060 -m 64 -M 8 -A "UAS_ADDR=\"sip:$UAS:5060\"" \
		-A "COST=$cost" >"$d/kam.log" 2>&1 &
	kpid=$!
	(cd "$d" && exec ip netns exec kuas sipp -sf "$top/tests/sipp/ovl_uas.xml" -i $UAS -p 5060 \
		-nostdin -timeout $((secs + 40))s >"$d/uas.out" 2>&1 </dev/null) &
	upid=$!
	# Both of Kamailio's sockets bound (deadline 10 s).
	local end=$((SECONDS + 10))
	until ip netns exec kgw ss -uln | grep -q "$GW2:5060"; do
		[ $SECONDS -lt $end ] || { echo "# kamailio did not start"; cat "$d/kam.log"; return 1; }
		sleep 0.1
	done
	calls=$(awk -v r="$rate" -v s="$secs" 'BEGIN { printf "%d", r * s + 0.5 }')
	t0=$(in_dgrams) k0=$(kam_ticks) st0=$(busy_ticks)
	a0=$(( $(sipoff_stat absorbed_requests) + $(sipoff_stat absorbed_responses) + $(sipoff_stat absorbed_acks) ))
	r0=$(sipoff_stat overload_rejected)
	(cd "$d" && exec ip netns exec kuac sipp -sf "$top/tests/sipp/ovl_uac.xml" -i $UAC -p 5070 \
		-r "$(awk -v r="$rate" 'BEGIN { printf "%d", r * 100 + 0.5 }')" -rp 100000 \
		-m "$calls" -nostdin -timeout $((secs + 30))s -trace_rtt -rtt_freq 1 \
		$GW1:5060 >"$d/uac.out" 2>&1 </dev/null)
	drained || echo "# kamailio's sockets did not drain"
	local a1 r1
	a1=$(( $(sipoff_stat absorbed_requests) + $(sipoff_stat absorbed_responses) + $(sipoff_stat absorbed_acks) ))
	r1=$(sipoff_stat overload_rejected)
	local dg kt
	dg=$(( $(in_dgrams) - t0 ))
	kt=$(( $(kam_ticks) - k0 ))
	st1=$(busy_ticks)
	good=$(grep 'Successful call' "$d/uac.out" | tail -n 1 | awk -F'|' '{ gsub(/ /, "", $3); print $3 + 0 }')
	cat "$d"/ovl_uac_*_rtt.csv 2>/dev/null | awk -F';' 'NR > 1 && $2 ~ /^[0-9.]+$/ { print $2 }' > "$d/rtt"
	# The scenario's 2 s limit holds until the first provisional response; a call whose 200
	# came later (through loss) completed but is not good.
	good=$(( ${good:-0} - $(awk '$1 > 2000' "$d/rtt" | wc -l) ))
	awk '$1 <= 2000' "$d/rtt" > "$d/rtt.good"
	mv "$d/rtt.good" "$d/rtt"
	p50=$(pct 0.5 < "$d/rtt")
	p99=$(pct 0.99 < "$d/rtt")
	echo "KAM $what $round $s $rate $secs $lossp ${good:-0} $dg $kt $p50 $p99 $((a1 - a0)) $((r1 - r0)) $((st1 - st0)) $hz"
	kill "$kpid" 2>/dev/null
	wait "$kpid" 2>/dev/null
	kill "$upid" 2>/dev/null
	wait "$upid" 2>/dev/null
	loss 0
}

rc=0
case $what in
bench)
	rounds=$4 secs=$5 cost=$6
	# Warm-up (page-ins over hostfs), discarded.
	run warmup 0 A 20 3 0 "$cost" >/dev/null
	# Capacity C: the highest offered rate with >= 99 % good calls, sipoff not loaded; up in
	# steps of 5 calls/s from 10 (10 above 100) until a rate falls short.
	C=0
	for r in $(seq 10 5 100) $(seq 110 10 300); do
		line=$(run cap 0 A "$r" "$secs" 0 "$cost") || { rc=1; break; }
		echo "$line"
		good=$(echo "$line" | awk '$1 == "KAM" { print $8 }')
		if awk -v g="$good" -v r="$r" -v s="$secs" 'BEGIN { exit !(g >= 0.99 * r * s) }'; then
			C=$r
		else
			break
		fi
	done
	echo "KAMCAP $C"
	[ "$C" -gt 0 ] || { echo "# no capacity found"; exit 1; }
	for round in $(seq 1 "$rounds"); do
		for m in 0.5 1 2 4; do
			rate=$(awk -v m="$m" -v c="$C" 'BEGIN { print m * c }')
			for s in A B C; do
				run load "$round" "$s" "$rate" "$secs" 0 "$cost" || rc=1
			done
		done
	done
	# Loss sweep at 0.5 C: with and without sipoff (A B alternating).
	rate=$(awk -v c="$C" 'BEGIN { print 0.5 * c }')
	for l in 0 5 10 20; do
		for s in A B; do
			run loss 1 "$s" "$rate" "$secs" "$l" "$cost" || rc=1
		done
	done
	;;
demo)
	rate=$4 secs=$5 cost=$6
	run warmup 0 A 10 2 0 "$cost" >/dev/null
	for s in A C; do
		run demo 1 "$s" "$rate" "$secs" 0 "$cost" || rc=1
	done
	;;
esac
! grep -q '^sipoff ' /proc/modules || rmmod sipoff || rc=1
rm -rf "$work"
exit $rc
