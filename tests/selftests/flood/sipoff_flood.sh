#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sipoff_flood.sh - floods and fuzzing in the debug test kernel (issue 10 item 11); check.sh's
# `flood` suite runs it in a guest of its own.  Prints TAP and a "# Totals:" line.
#
#   sipoff_flood.sh MODULE_DIR SIPOFFCTL [TEST...]
#
#   flood_during_calls	SIPOFF_FLOOD_COUNT datagrams (default 1000000) from a fast C flooder
#			(build/user/flood/sipoff_flooder, sendmmsg) at a gateway with small
#			caps, at its second SIP port (an application that reads and never
#			answers): random and malformed datagrams, INVITEs with random Call-IDs,
#			responses that match nothing (200/180/486 to INVITE, 200 to SUBSCRIBE with
#			Expires: 4000000) spoofed from the caller's address.
#			Meanwhile sipp calls run through its first port, 2 s apart (the niced
#			flooders get the CPU between them): every call completes; the
#			transaction count, kept bytes and dialogs never exceed their caps (sampled
#			all along), and the caps were reached; after a flush the dialogs and their
#			bytes are 0 and the dialog slabs back where they were; once the namespaces
#			are gone the objects in the kmalloc, skbuff and sipoff slab caches are
#			back within SIPOFF_FLOOD_SLAB_TOL_KB (default 256) of where they were.
#   nlfuzz_root		the netlink fuzzer (build/user/flood/sipoff_nlfuzz) for
#			SIPOFF_NLFUZZ_SECONDS (default 20) as root in a namespace of its own
#   nlfuzz_unprivileged	the privilege checks: as nobody and as root of a child user namespace,
#			config-set, flush, terminate, the dumps and the events group are refused
#			with EPERM (as root: allowed); then the fuzzer as nobody and as the root
#			of a user namespace that owns its network namespace, each for half of
#			SIPOFF_NLFUZZ_SECONDS
#
# A splat anywhere fails the run (uml-run.sh), as does a kmemleak report after it.
set -u
dir=$1 ctl=$2
shift 2
top=$(cd "$(dirname "$0")/../../.." && pwd)
. "$top/tests/tap.sh"
. "$top/tests/netns.sh"
sc=$top/tests/sipp
bin=$top/build/user/flood
work=$(mktemp -d /tmp/sipoff-flood.XXXXXX)
GW=10.99.3.1 UAC=10.99.3.2 ATK=10.99.3.3
COUNT=${SIPOFF_FLOOD_COUNT:-1000000}
NLSECS=${SIPOFF_NLFUZZ_SECONDS:-20}
SLAB_TOL=${SIPOFF_FLOOD_SLAB_TOL_KB:-256}
CAP_TXNS=256 CAP_DLGS=8 CAP_BYTES=65536

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" || exit 1

# wait_until SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds; 1 at the deadline.
wait_until() {
	local end=$(( $(date +%s%N) / 1000000 + $1 * 1000 ))
	shift
	until "$@"; do
		[ $(( $(date +%s%N) / 1000000 )) -lt $end ] || return 1
		sleep 0.1
	done
}

stat() {
	ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/sipoff/stats
}

# "COUNT KEPT_BYTES" of the namespace's transaction table (/proc header line).
txn_state() {
	ip netns exec "$1" head -n 1 /proc/net/sipoff/transactions |
		sed -n 's/^# transactions \([0-9]*\), kept bytes \([0-9-]*\),.*/\1 \2/p' 
}

# kB in objects of the caches that hold what a flood makes the kernel keep (kmalloc: the
# transaction entries, socket buffers' data; skbuff_*: their heads; sipoff_*: dialogs), after
# every cache gave back its CPU slabs (SUnreclaim would count pages kept on partial lists).
slab_kb() {
	local c
	for c in /sys/kernel/slab/*/shrink; do echo 1 > "$c"; done 2>/dev/null
	awk '/^(kmalloc-|skbuff|sipoff)/ { n += $2 * $4 } END { print int(n / 1024) }' /proc/slabinfo
}
# Objects in use in sipoff's own dialog caches.
# SLUB counts the objects of a CPU's current slab as in use: shrink first.
dlg_slab_objs() {
	local c
	for c in /sys/kernel/slab/sipoff*; do [ -e "$c/shrink" ] && echo 1 > "$c/shrink"; done
	awk '/^sipoff/ { n += $2 } END { print n + 0 }' /proc/slabinfo
}

net_up() {
	ns_link gw veth-gw $GW/24 uac veth-uac $UAC/24 && ip -n uac addr add $ATK/24 dev veth-uac
}

net_down() {
	ip netns del gw 2>/dev/null
	ip netns del uac 2>/dev/null
	ip netns del nlf 2>/dev/null
}

t_flood_during_calls() {
	local slab0 dlg0 pids=() p running calls=0 callfail=0 sink_pid uas_pid sampler_pid
	local per=$((COUNT / 10))

	slab0=$(slab_kb)
	dlg0=$(dlg_slab_objs)
	net_up || return 1
	ip netns exec gw "$ctl" config set mode offload ports 5060,5080 t1 50 t2 400 t4 500 \
		timer-d 3200 trying 200 max-transactions $CAP_TXNS max-dialogs $CAP_DLGS \
		max-bytes $CAP_BYTES linger 200 || return 1
	ip netns exec gw cat /proc/net/sipoff/config | tr -s ' \n' ' '; echo

	# An application on the second port that reads everything and answers nothing.
	ip netns exec gw "$bin/sipoff_flooder" -k -d $GW -p 5080 >"$work/sink.out" 2>&1 &
	sink_pid=$!
	wait_until 10 grep -q 'sink ready' "$work/sink.out" || return 1
	# The callee: every call the caller makes, until killed.
	ip netns exec gw sipp -sf "$sc/txn_uas.xml" -i $GW -p 5060 -nostdin -T2 400 \
		>"$work/uas.out" 2>&1 &
	uas_pid=$!
	wait_until 10 ip netns exec gw sh -c "grep -q ':13C4 ' /proc/net/udp" || return 1

	# Sample the table all along: the largest count, kept bytes and dialogs seen.
	ip netns exec gw bash -c '
		mt=0 mb=0 md=0
		while :; do
			# (no <(...): the guest has no /dev/fd)
			read -r t b <<< "$(head -n 1 /proc/net/sipoff/transactions | awk "{ gsub(\",\", \"\"); print \$3, \$6 }")"
			d=$(awk "\$1 == \"dialogs\" { print \$2 }" /proc/net/sipoff/stats)
			[ "$t" -gt $mt ] && mt=$t; [ "$b" -gt $mb ] && mb=$b; [ "$d" -gt $md ] && md=$d
			echo "$mt $mb $md" > '"$work"'/max.tmp && mv '"$work"'/max.tmp '"$work"'/max
			echo "$t $b $d" >> '"$work"'/samples
			sleep 0.05
		done' &
	sampler_pid=$!

	# The floods, from the caller's namespace, all at the gateway's second SIP port (the same
	# tables and caps as the call's port): 6/10 junk (random and malformed datagrams), 2/10
	# INVITEs, 2/10 responses spoofed from the caller's address (random source ports).  Not
	# at sipp's socket: on this one-CPU guest a flood there fills the callee's socket, whose
	# drops would lose the call with or without sipoff.  Niced: the flooders yield the CPU to
	# the two sipps, which otherwise starve for seconds (sipp's "Overload warning").
	ip netns exec uac nice -n 19 "$bin/sipoff_flooder" -d $GW -p 5080 -b $ATK -m junk -s 1 \
		-n $((COUNT - 4 * per)) >"$work/f1.out" 2>&1 & pids+=($!)
	ip netns exec uac nice -n 19 "$bin/sipoff_flooder" -d $GW -p 5080 -b $ATK -m invite -s 3 \
		-n $((2 * per)) >"$work/f3.out" 2>&1 & pids+=($!)
	ip netns exec uac nice -n 19 "$bin/sipoff_flooder" -d $GW -p 5080 -F $UAC -m resp -s 4 \
		-n $((2 * per)) >"$work/f4.out" 2>&1 & pids+=($!)

	# Calls one after the other while any flood runs (at least one).
	while :; do
		running=0
		for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && running=1; done
		[ $running = 1 ] || [ $calls = 0 ] || break
		calls=$((calls + 1))
		ip netns exec uac sipp -sf "$sc/txn_uac.xml" -i $UAC -p 5070 -m 1 -nostdin \
			-timeout 60s -T2 400 -max_invite_retrans 40 -max_non_invite_retrans 40 \
			-timeout_error -trace_err -error_file "$work/uac$calls.err" \
			-trace_msg -message_file "$work/uac$calls.msg" $GW:5060 \
			>"$work/uac$calls.out" 2>&1 || callfail=$((callfail + 1))
		# Pacing, not a readiness wait: the niced flooders get the CPU between calls.
		sleep 2
	done
	local frc=0
	for p in "${pids[@]}"; do wait "$p" || frc=1; done
	check $frc "every flooder sent all it had to: $(cat "$work"/f*.out | tr '\n' ' ')"
	check $(( calls >= 1 && callfail == 0 ? 0 : 1 )) \
		"$calls sipp calls during the flood, $callfail failed"

	kill $sampler_pid; wait $sampler_pid 2>/dev/null
	echo "# $(wc -l < "$work/samples") samples of count, kept bytes, dialogs, the most frequent: $(sort "$work/samples" | uniq -c | sort -rn | head -5 | tr -s ' \n' ' ')"
	local mt mb md
	read -r mt mb md < "$work/max"
	check $(( mt <= CAP_TXNS ? 0 : 1 )) "transactions at most $mt (cap $CAP_TXNS)"
	check $(( mb <= CAP_BYTES ? 0 : 1 )) "kept bytes at most $mb (cap $CAP_BYTES)"
	check $(( md <= CAP_DLGS ? 0 : 1 )) "dialogs at most $md (cap $CAP_DLGS)"
	check $(( $(stat gw cap_transactions) > 0 ? 0 : 1 )) \
		"the transaction cap was reached (cap_transactions $(stat gw cap_transactions))"
	check $(( $(stat gw cap_bytes) > 0 ? 0 : 1 )) \
		"the kept-bytes cap was reached (cap_bytes $(stat gw cap_bytes))"
	check $(( $(stat gw parse_errors) > 0 ? 0 : 1 )) "parse_errors $(stat gw parse_errors)"
	echo "# gw: $(ip netns exec gw awk '$2 != 0 { printf "%s %s, ", $1, $2 }' /proc/net/sipoff/stats)"
	read -r p mt <<< "$(txn_state gw)"
	echo "# gw: transactions now $p, kept bytes $mt; created $(stat gw transactions_created), freed $(stat gw transactions_freed), cap $(stat gw cap_transactions)"

	kill $uas_pid $sink_pid; wait $uas_pid $sink_pid 2>/dev/null
	echo "# $(cat "$work/sink.out" | tr '\n' ' ')"

	# Memory: dialogs flushed are gone, with their bytes and slab objects.
	ip netns exec gw "$ctl" flush || check 1 "flush"
	wait_until 20 test "$(stat gw dialogs) $(stat gw dialog_bytes)" = "0 0"
	check $? "after a flush: dialogs $(stat gw dialogs), dialog_bytes $(stat gw dialog_bytes)"
	# (SIPOFF_FLOOD_BREAK=keep_netns: keep them, to see the check below fail.)
	[ "${SIPOFF_FLOOD_BREAK:-}" = keep_netns ] || net_down
	wait_until 30 test "$(dlg_slab_objs)" -le "$dlg0"
	check $? "dialog slab objects back to $(dlg_slab_objs) (before: $dlg0)"
	# The namespaces' cleanup (transactions included) runs in a work queue after `ip netns
	# del`: wait for the slab to come back.
	wait_until 60 test "$(slab_kb)" -le $((slab0 + SLAB_TOL))
	check $? "kmalloc/skbuff/sipoff slab objects: $(slab_kb) kB after, $slab0 kB before (tolerance $SLAB_TOL kB)"
}

t_nlfuzz_root() {
	ip netns add nlf || return 1
	ip netns exec nlf "$bin/sipoff_nlfuzz" -t "$NLSECS" -s 11 >"$work/nlf.out" 2>&1
	check $? "as root: $(cat "$work/nlf.out")"
}

t_nlfuzz_unprivileged() {
	local half=$(( (NLSECS + 1) / 2 )) out
	ip netns add nlf || return 1
	out=$(ip netns exec nlf "$bin/sipoff_nlfuzz" -a)
	check $? "root is allowed everything (so the next checks can fail)"
	echo "$out"
	out=$(ip netns exec nlf setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$bin/sipoff_nlfuzz" -e)
	check $? "nobody is refused with EPERM"
	echo "$out"
	ip netns exec nlf "$bin/sipoff_nlfuzz" -e >/dev/null
	check $(( $? == 1 ? 0 : 1 )) "the EPERM check fails when run as root (so it can fail)"
	out=$(ip netns exec nlf unshare -U -r "$bin/sipoff_nlfuzz" -e)
	check $? "root of a child user namespace, in a network namespace it does not own, is refused with EPERM"
	echo "$out"
	out=$(ip netns exec nlf setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$bin/sipoff_nlfuzz" -t $half -s 12 2>&1)
	check $? "fuzzing as nobody: $out"
	out=$(unshare -U -r -n sh -c "ip link set lo up; '$bin/sipoff_nlfuzz' -a &&
		'$bin/sipoff_nlfuzz' -t $half -s 13" 2>&1)
	check $? "as root of a user namespace that owns its network namespace (allowed, then fuzzing): $(echo "$out" | tail -n 1)"
}

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(flood_during_calls nlfuzz_root nlfuzz_unprivileged)
tap_failed() {
	local f
	for f in "$work"/*.out; do
		[ -f "$f" ] || continue
		echo "# --- $f"; tail -n 5 "$f" | sed 's/^/# /'
	done
	for f in "$work"/uac*.msg; do
		[ -f "$f" ] || continue
		echo "# --- $f"
		awk '/message (sent|received)/ { m = $0; getline; getline; print "# " m " " $0 }' \
			"$f" | cut -c1-160 | tail -n 30
	done
	for f in "$work"/uac*.err; do
		[ -f "$f" ] || continue
		echo "# --- $f"; grep -vE '^ *$' "$f" | tail -n 8 | cut -c1-200 | sed 's/^/# /'
	done
}
tap_cleanup() {
	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	net_down
	rm -f "$work"/*
}
tap_run "${tests[@]}"
rc=$?
rm -rf "$work"
exit $rc
