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
# (busy_ticks: the whole guest's busy CPU: Kamailio, sipp and the kernel), "KAMCAP C" once C is
# found, and "KAMDUP ..." for the duplicate cells (see dup below)
# (dgrams: UDP datagrams Kamailio's sockets read, kam_ticks: Kamailio's CPU in clock ticks, both
# from the start of the run until its sockets are drained).
#
#   kam-guest.sh MODULE_DIR SIPOFFCTL bench ROUNDS SECS COST [LOSS_ROUNDS DUP_ROUNDS DUP_COPIES]
#   kam-guest.sh MODULE_DIR SIPOFFCTL demo SECS COST [RATE]   (no RATE: 3 x what Kamailio can carry)
#   kam-guest.sh MODULE_DIR SIPOFFCTL cells SECS COST SIDE:RATE...   (one run each, for tuning)
#   kam-guest.sh MODULE_DIR SIPOFFCTL dups COPIES ROUNDS               (the duplicate cells only)
set -u
dir=$1 ctl=$2 what=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sipoff-kam.XXXXXX)
UAC=10.97.1.2 GW1=10.97.1.1 GW2=10.97.2.1 UAS=10.97.2.2
hz=$(getconf CLK_TCK)
# Overload protection for side C: the socket is overloaded when its oldest datagram waited
# 100 ms (or its queue is 60 % full), until the wait is under 50 ms and the queue 30 % full.
# A call that Kamailio takes then waits a few hundred ms at most, well before the caller's
# first retransmission (T1) and its 2 s limit; with 400 ms, a burst at 4 C let through before
# the oldest datagram had waited that long queued seconds of work (docs/overload.md).
ovl_keys=${SIPOFF_KAM_OVERLOAD:-"overload-delay 100 overload-high 60 overload-low 30 overload-retry-after 2"}

. "$top/tests/netns.sh"
ns_link kuac veth-kuac $UAC/24 kgw veth-kgw1 $GW1/24 &&
	ns_link kgw veth-kgw2 $GW2/24 kuas veth-kuas $UAS/24 || exit 1

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

# kam_start DIR COST: Kamailio in kgw, in the background ($! is its pid), both its sockets
# bound (deadline 10 s).
kam_start() {
	ip netns exec kgw kamailio -f "$top/tests/kamailio/overload.cfg" -DD -E -Y "$1" -P "$1/kam.pid" \
		-l udp:$GW1:5060 -l udp:$GW2:5060 -m 64 -M 8 -A "UAS_ADDR=\"sip:$UAS:5060\"" \
		-A "COST=$2" >"$1/kam.log" 2>&1 &
	bound kgw $GW2:5060 || { echo "# kamailio did not start"; cat "$1/kam.log"; return 1; }
}

# bound NS ADDR:PORT: a UDP socket is bound there in NS (deadline 10 s).
bound() {
	local end=$((SECONDS + 10))
	until ip netns exec "$1" ss -uln | grep -q "$2"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

# dup ROUND SIDE COPIES: COPIES copies of an INVITE the callee answered with 180 (one call in
# Proceeding, tests/bench/kam-dup.py).  Side A: sipoff not loaded, Kamailio answers each copy
# from its transaction (t_check_trans re-sends the 180); B: transparent, the kernel re-sends
# the 180 and absorbs the copy; N: sipoff not loaded, the copies go to a socket in kgw that
# nobody reads (the floor: the sender and the way to a full queue).  Prints
#   KAMDUP ROUND SIDE SENT KAM_TICKS BUSY_TICKS DGRAMS ABSORBED HZ
# (deltas over the copies: Kamailio's CPU, the whole guest's busy CPU, the datagrams
# Kamailio's sockets read, the kernel's absorbed requests).
dup() {
	local round=$1 s=$2 copies=$3 d=$work/dup kpid=0 rpid k0 b0 t0 a0 out port=5060
	rm -rf "$d"
	mkdir -p "$d"
	side "${s/N/A}" || { echo "# side $s failed"; return 1; }
	if [ "$s" = N ]; then
		port=5099
		ip netns exec kgw "$top/tests/bench/kam-dup.py" sink $GW1 $port &
		kpid=$!
		bound kgw $GW1:$port || { echo "# sink did not start"; return 1; }
	else
		kam_start "$d" 0 || return 1
		kpid=$!
	fi
	ip netns exec kuas "$top/tests/bench/kam-dup.py" ring $UAS 5060 &
	rpid=$!
	bound kuas $UAS:5060 || { echo "# callee did not start"; return 1; }
	k0=$(kam_ticks) b0=$(busy_ticks) t0=$(in_dgrams)
	a0=$(sipoff_stat absorbed_requests)
	out=$(ip netns exec kuac "$top/tests/bench/kam-dup.py" blast $UAC 5070 $GW1 $port "$copies" \
		$([ "$s" = N ] && echo nowait))
	[ "$s" = N ] || drained || echo "# kamailio's sockets did not drain"
	echo "KAMDUP $round $s $(echo "$out" | awk '{ print $2 }') $(( $(kam_ticks) - k0 ))" \
		"$(( $(busy_ticks) - b0 )) $(( $(in_dgrams) - t0 ))" \
		"$(( $(sipoff_stat absorbed_requests) - a0 )) $hz"
	kill "$kpid" "$rpid" 2>/dev/null
	wait "$kpid" "$rpid" 2>/dev/null
}

# dup_rounds ROUNDS COPIES: what one duplicate costs, Kamailio (A) against the kernel (B), over
# the floor (N), in rounds A B N A B N ...
dup_rounds() {
	local round s
	for round in $(seq 1 "$1"); do
		for s in A B N; do
			dup "$round" "$s" "$2" || rc=1
		done
	done
}

# run WHAT ROUND SIDE RATE SECS LOSS COST
run() {
	local what=$1 round=$2 s=$3 rate=$4 secs=$5 lossp=$6 cost=$7
	local d=$work/run kpid upid calls t0 k0 a0 r0 good p50 p99 st0 st1
	rm -rf "$d"
	mkdir -p "$d"
	side "$s" || { echo "# side $s failed"; return 1; }
	loss "$lossp" || { echo "# netem failed"; return 1; }
	kam_start "$d" "$cost" || return 1
	kpid=$!
	(cd "$d" && exec ip netns exec kuas sipp -sf "$top/tests/sipp/ovl_uas.xml" -i $UAS -p 5060 \
		-nostdin -timeout $((secs + 40))s >"$d/uas.out" 2>&1 </dev/null) &
	upid=$!
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
	# cells (tuning): why calls failed, from the caller's sipp.
	if [ "$what" = cell ]; then
		grep -E 'Failed call|INVITE|BYE|<-' "$d/uac.out" | tail -n 12 | sed 's/^/# uac: /'
		ip netns exec kgw awk '$1 == "Udp:" { if (h) print "# kgw " h " / " $0; else h = $0 }' /proc/net/snmp
		! grep -q '^sipoff ' /proc/modules ||
			ip netns exec kgw awk '$2 != 0 { printf "%s=%s ", $1, $2 } END { print "" }' \
			/proc/net/sipoff/stats | sed 's/^/# sipoff: /'
	fi
	kill "$kpid" 2>/dev/null
	wait "$kpid" 2>/dev/null
	kill "$upid" 2>/dev/null
	wait "$upid" 2>/dev/null
	loss 0
}

# capacity_step RATE SECS: one run at RATE for SECS, sipoff not loaded; true if >= 99 % of its
# calls were good.
capacity_step() {
	local line good
	line=$(run cap 0 A "$1" "$2" 0 "$cost") || { rc=1; return 1; }
	echo "$line"
	good=$(echo "$line" | awk '$1 == "KAM" { print $8 }')
	awk -v g="$good" -v r="$1" -v s="$2" 'BEGIN { exit !(g >= 0.99 * r * s) }'
}

rc=0
case $what in
bench)
	rounds=$4 secs=$5 cost=$6 lossrounds=${7:-1} duprounds=${8:-3} dupcopies=${9:-20000}
	capsecs=${SIPOFF_KAM_CAPSECS:-30}
	# Warm-up (page-ins over hostfs), discarded.
	run warmup 0 A 20 3 0 "$cost" >/dev/null
	# Capacity C: the highest offered rate with >= 99 % good calls, sipoff not loaded.  A
	# rate that fails in a short run fails in a long one (the queue a server past its capacity
	# builds only has to stay under the callers' 2 s limit until the run ends), so: up in steps
	# of 5 calls/s from 10 (10 above 100) with runs of a cell's length until a rate falls
	# short, and in steps of 1 (2 above 100) from the last that held; then down from there in
	# steps of 4 % (at least 1) with runs of CAPSECS (30 s), until one holds: the rate the
	# server carries, not one it holds for a few seconds.
	C=0 next=0
	for r in $(seq 10 5 100) $(seq 110 10 300); do
		capacity_step "$r" "$secs" || { next=$r; break; }
		C=$r
	done
	# (no rate fell short: next is 0 and this range is empty)
	for r in $(seq $((C + 1)) $(( C < 100 ? 1 : 2 )) $((next - 1))); do
		capacity_step "$r" "$secs" || break
		C=$r
	done
	r=$C C=0
	while [ "$r" -ge 10 ]; do
		if capacity_step "$r" "$capsecs"; then
			C=$r
			break
		fi
		r=$(( r - (r + 12) / 25 ))
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
	# Loss sweep at 0.5 C: with and without sipoff (A B alternating), in rounds.
	rate=$(awk -v c="$C" 'BEGIN { print 0.5 * c }')
	for round in $(seq 1 "$lossrounds"); do
		for l in 0 5 10 20; do
			for s in A B; do
				run loss "$round" "$s" "$rate" "$secs" "$l" "$cost" || rc=1
			done
		done
	done
	dup_rounds "$duprounds" "$dupcopies"
	;;
dups)
	dup_rounds "$5" "$4"
	;;
cells)
	secs=$4 cost=$5
	shift 5
	run warmup 0 A 10 2 0 "$cost" >/dev/null
	for c in "$@"; do
		run cell 1 "${c%%:*}" "${c#*:}" "$secs" 0 "$cost" || rc=1
	done
	;;
demo)
	secs=$4 cost=$5 rate=${6:-0}
	run warmup 0 A 10 2 0 "$cost" >/dev/null
	if [ "$rate" = 0 ]; then
		# The burst from this machine's capacity: Kamailio's CPU per call at 5 calls/s bounds
		# the rate it can carry (it has the guest's one CPU at most); offer three times that.
		line=$(run calibrate 0 A 5 4 0 "$cost") || rc=1
		cal=$(echo "$line" | awk '$1 == "KAM" && $8 > 0 && $10 > 0 {
			ms = 1000 * $10 / $16 / $8; printf "KAMCAL %.1f %d %d\n", ms, 1000 / ms, 3 * 1000 / ms + 0.5 }')
		echo "$cal"
		rate=${cal##* }
		[ "${rate:-0}" -gt 0 ] || { echo "# calibration failed: $line"; exit 1; }
	fi
	for s in A C; do
		run demo 1 "$s" "$rate" "$secs" 0 "$cost" || rc=1
	done
	;;
esac
! grep -q '^sipoff ' /proc/modules || rmmod sipoff || rc=1
rm -rf "$work"
exit $rc
