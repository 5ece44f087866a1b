# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2154,SC2034
# (SC2034: the exit statuses rc_uac0 ... are read through eval)
# Scenario "sip_calls": real SIP calls through the transaction layer on the stock kernel, on both
# CPUs.  For each mode in SIP_MODES (default "offload transparent"): two fresh pairs of network
# namespaces (gw0/uac0 and gw1/uac1), each joined by a veth pair with netem loss on both ends,
# T1 = 50 ms (semantics.md 8) set with sipoffctl in all four; in each pair a sipp callee (gw,
# tests/qemu/sipp/txn_uas.xml: a late ACK after the BYE accepted) and a sipp caller (uac,
# tests/sipp/txn_uac.xml), pair 0 pinned to CPU 0 and pair 1 to the last CPU, both at once.  Checks: every call completes (both sipp exit 0), NET_RX
# ran on both CPUs, offload: kernel re-sends and absorbed copies on each pair, transparent: no
# kernel-built message; then the transactions drain to 0 within 64*T1 + slack
# (transactions_created == transactions_freed in every namespace), no parse error, dmesg clean.
# Then three stress phases, each checking dmesg: the namespaces deleted while calls are in flight
# (netns exit with armed timers and kept copies); the mode flipped between offload and
# transparent every 0.3 s under traffic; rmmod under traffic on both CPUs (then insmod again).
#
# Needs in the guest (run-debian-kernel.sh puts them there when this scenario is listed): sipp,
# iproute2's ip and tc, sipoffctl ($SIPOFFCTL), the two sipp scenarios in /sipoff/files, and the
# stock modules veth and sch_netem.  Tunables (--env): SIP_CALLS (100), SIP_RATE (20 per s),
# SIP_LOSS (10%), SIP_MODES, SIP_STRESS (1: run the stress phases).

# SIP_TRACE=1: sipp logs every message; the calls of a failing pair that its error logs name are
# printed
sc_trace=${SIP_TRACE:-0}
sc_trace_args() { [ "$sc_trace" = 1 ] && echo "-trace_msg -message_file $T/$1.msg"; }
sc_ip=/usr/sbin/ip
sc_tc=/usr/sbin/tc
sc_sipp=/usr/bin/sipp
sc_ctl=${SIPOFFCTL:-/usr/bin/sipoffctl}
sc_files=/sipoff/files
sc_calls=${SIP_CALLS:-100}
sc_rate=${SIP_RATE:-20}
sc_loss=${SIP_LOSS:-10%}
sc_modes=${SIP_MODES:-offload transparent}
sc_t1=50
sc_gw=10.99.1.1
sc_uac=10.99.1.2
sc_last=$((NCPUS - 1))
export TERM=dumb HOME=/tmp

sc_ns() { "$sc_ip" netns exec "$@"; }
# sc_stat NS NAME: a counter of the namespace
sc_stat() { sc_ns "$1" cat /proc/net/sipoff/stats 2>/dev/null | awk -v k="$2" '$1 == k { print $2; exit }'; }
# sc_live NS: live transactions of the namespace (from the header of /proc/net/sipoff/transactions)
sc_live() {
	sc_ns "$1" cat /proc/net/sipoff/transactions 2>/dev/null |
		awk '$1 == "#" && $2 == "transactions" { sub(",", "", $3); print $3; exit }'
}
# sc_now: centiseconds since boot
sc_now() { awk '{ split($1, a, "."); print a[1] * 100 + a[2] }' /proc/uptime; }
# sc_netrx: NET_RX softirqs per CPU, space separated
sc_netrx() { awk '$1 == "NET_RX:" { $1 = ""; print }' /proc/softirqs; }
sc_secs() { echo "$(($1 / 100)).$(($1 % 100 / 10))"; }
sc_cpu() { if [ $1 = 0 ]; then echo 0; else echo $sc_last; fi; }
sc_del() { for ns in "$@"; do "$sc_ip" netns del "$ns" 2>/dev/null; done; }

# sc_pair P MODE TRYING: namespaces gwP and uacP, veth, addresses, sipoff config, netem loss
sc_pair() {
	sc_del gw$1 uac$1
	"$sc_ip" netns add gw$1 && "$sc_ip" netns add uac$1 &&
	"$sc_ip" link add veth-gw$1 netns gw$1 type veth peer name veth-uac$1 netns uac$1 &&
	"$sc_ip" -n gw$1 addr add $sc_gw/24 dev veth-gw$1 &&
	"$sc_ip" -n uac$1 addr add $sc_uac/24 dev veth-uac$1 &&
	"$sc_ip" -n gw$1 link set lo up && "$sc_ip" -n uac$1 link set lo up &&
	"$sc_ip" -n gw$1 link set veth-gw$1 up && "$sc_ip" -n uac$1 link set veth-uac$1 up || return 1
	# Permanent neighbours: ARP through 10% loss can leave a neighbour FAILED for seconds, which
	# would drop SIP that the test means to count (SIP_ARP=1: keep ARP, report its failures).
	[ "${SIP_ARP:-0}" = 1 ] || {
		"$sc_ip" -n gw$1 neigh replace $sc_uac dev veth-gw$1 nud permanent \
			lladdr "$("$sc_ip" -n uac$1 link show veth-uac$1 | awk '$1 == "link/ether" { print $2 }')" &&
		"$sc_ip" -n uac$1 neigh replace $sc_gw dev veth-uac$1 nud permanent \
			lladdr "$("$sc_ip" -n gw$1 link show veth-gw$1 | awk '$1 == "link/ether" { print $2 }')"
	} || return 1
	for ns in gw$1 uac$1; do
		sc_ns $ns "$sc_ctl" config set mode "$2" ports 5060,5070 t1 $sc_t1 t2 400 t4 500 \
			timer-d 3200 trying "$3" >$T/ctl.out 2>&1 || { cat $T/ctl.out; return 1; }
	done
	[ "$sc_loss" = 0 ] && return 0
	sc_ns gw$1 "$sc_tc" qdisc add dev veth-gw$1 root netem loss "$sc_loss" &&
	sc_ns uac$1 "$sc_tc" qdisc add dev veth-uac$1 root netem loss "$sc_loss"
}

# sipp's T2 is the namespaces' T2 (semantics.md 8): with sipp's default 4 s, a caller's BYE
# copies came 3.2 s apart, past the 64*T1 the kernel keeps a finished transaction, and a call
# whose 200 and every re-sent 200 were lost ended on sipp's 18 s retransmission timeout.
# sc_uas P CPU: the callee of pair P, pinned to CPU, in the background (pid in sc_uas_pid)
sc_uas() {
	# shellcheck disable=SC2046 # sc_trace_args gives zero or several words
	taskset -c $2 "$sc_ip" netns exec gw$1 "$sc_sipp" -sf $sc_files/txn_uas.xml -i $sc_gw -p 5060 \
		-m $sc_calls -T2 400 -nostdin -timeout 90s -trace_err -error_file $T/uas$1.err $(sc_trace_args uas$1) \
		>$T/uas$1.out 2>&1 &
	sc_uas_pid=$!
}
# sc_uac P CPU: the caller of pair P, pinned to CPU, in the background (pid in sc_uac_pid)
sc_uac() {
	# shellcheck disable=SC2046 # sc_trace_args gives zero or several words
	taskset -c $2 "$sc_ip" netns exec uac$1 "$sc_sipp" -sf $sc_files/txn_uac.xml -i $sc_uac -p 5070 \
		-m $sc_calls -r $sc_rate -l 40 -T2 400 -nostdin -timeout 90s -timeout_error \
		-trace_err -error_file $T/uac$1.err $(sc_trace_args uac$1) $sc_gw:5060 >$T/uac$1.out 2>&1 &
	sc_uac_pid=$!
}
# sc_late_acks P: ACKs the callee of pair P got after the BYE (the last ACK row of its screen)
sc_late_acks() { grep -E '^ *-+> ACK ' $T/uas$1.out | tail -n 1 | awk '{ print $3 }'; }
# sc_calls_summary P: sipp's final counts of the caller of pair P
sc_calls_summary() {
	grep -E 'Successful call|Failed call' $T/uac$1.out | tail -2 | tr -s ' ' | awk '{ printf "%s %s ", $1, $(NF) }'
}

# sc_msgs FILE CALLID: time, direction and first line of each message of a call in a sipp log
sc_msgs() {
	awk -v cid="$2" '
		function flush() { if (hit) print ts, dir, first; hit = 0; first = "" }
		/^-----------------------------------------------/ { flush(); ts = $3; next }
		/^UDP message (sent|received)/ { dir = $3; next }
		first == "" && NF > 0 { first = $0 }
		index($0, "Call-ID: " cid) == 1 { hit = 1 }
		END { flush() }' "$1"
}
# sc_dump_calls P: the messages of the calls the error logs of pair P name (at most 3 calls)
sc_dump_calls() {
	local cid
	for cid in $(cat $T/uac$1.err $T/uas$1.err 2>/dev/null | grep -o -i -E "call-id '[^']*'" | cut -d"'" -f2 | sort -u | head -n 3); do
		diag "call $cid, as the caller saw it:"
		sc_msgs $T/uac$1.msg "$cid" | sed 's/^/#   uac: /' >&3
		diag "call $cid, as the callee saw it:"
		sc_msgs $T/uas$1.msg "$cid" | sed 's/^/#   uas: /' >&3
	done
}

# sc_watchdog SECONDS WHAT: in the background; if not killed before, dumps what the sipp processes
# wait on, the sockets (/proc/net/udp: queues, drops), the qdiscs and the transactions of the four
# namespaces and the blocked tasks (sysrq w), then kills the sipp processes so the test goes on
sc_watchdog() {
	sleep "$1"
	local p ns
	diag "watchdog: $2 still running after $1 s; dumping state to the console and killing sipp"
	echo "[guest] watchdog: $2"
	ps
	for p in $(pidof sipp); do
		echo "[guest] sipp $p: $(grep State /proc/$p/status) wchan $(cat /proc/$p/wchan)"
		cat /proc/$p/stack 2>/dev/null
	done
	for ns in gw0 uac0 gw1 uac1; do
		echo "[guest] --- $ns"
		sc_ns $ns cat /proc/net/udp
		sc_ns $ns "$sc_tc" -s qdisc show
		sc_ns $ns cat /proc/net/sipoff/stats | awk '$2 != 0'
		sc_ns $ns head -n 40 /proc/net/sipoff/transactions
	done
	echo w >/proc/sysrq-trigger
	echo l >/proc/sysrq-trigger
	sleep 2
	diag "watchdog: $(pidof sipp | wc -w) sipp processes killed"
	for p in $(pidof sipp); do kill -9 "$p"; done
}

sc_mode() { # sc_mode MODE
	local mode=$1 trying=0 p ok cpu t0 t1 live waited limit rx0 rx1 a b ns c f wd
	[ "$mode" = offload ] && trying=200
	ok=1
	for p in 0 1; do sc_pair $p $mode $trying >$T/pair.out 2>&1 || ok=0; done
	if [ $ok = 0 ]; then
		sed 's/^/# /' $T/pair.out >&3
		tap 1 "$mode: two namespace pairs with veth, netem loss $sc_loss and sipoff config"
		sc_del gw0 uac0 gw1 uac1
		return
	fi
	tap 0 "$mode: two namespace pairs with veth, netem loss $sc_loss, T1 $sc_t1 ms"
	rx0=$(sc_netrx)
	sc_watchdog $((sc_calls / sc_rate * 3 + 40)) "$mode: the calls" &
	wd=$!
	sc_uas 0 0; uas0=$sc_uas_pid
	sc_uas 1 $sc_last; uas1=$sc_uas_pid
	sleep 1
	t0=$(sc_now)
	sc_uac 0 0; uac0=$sc_uac_pid
	sc_uac 1 $sc_last; uac1=$sc_uac_pid
	cpu=$(taskset -p $uac1 2>/dev/null | awk '{ print $NF }')
	# While the calls run: the table dumps (netlink dump start/done, the hash-table walks) and
	# /proc/net/sipoff/dialogs on this kernel.
	sleep 2
	sc_ns gw0 "$sc_ctl" -j dialog show >$T/dump.dlg 2>$T/dump.err
	a=$?
	c=$(grep -o '"call_id"' $T/dump.dlg | wc -l)
	tap $((a != 0 || c == 0)) "$mode: sipoffctl -j dialog show during the calls (exit $a, $c dialogs) $(head -c 200 $T/dump.err)"
	sc_ns gw0 "$sc_ctl" -j transaction show >$T/dump.txn 2>$T/dump.err
	a=$?
	c=$(grep -o '"kind"' $T/dump.txn | wc -l)
	tap $((a != 0 || c == 0)) "$mode: sipoffctl -j transaction show during the calls (exit $a, $c transactions) $(head -c 200 $T/dump.err)"
	c=$(sc_ns gw0 cat /proc/net/sipoff/dialogs | wc -l)
	tap $((c < 2)) "$mode: /proc/net/sipoff/dialogs lists live calls ($((c - 1)))"
	wait $uac0; rc_uac0=$?
	wait $uac1; rc_uac1=$?
	t1=$(sc_now)
	# (polled now, while the callees still wait out their last calls)
	# Drain: every transaction freed 64*T1 after its last message (Timers J, L, M; Timer D is
	# 3.2 s = 64*T1 here too); the last messages are the BYEs' 200s at the callers' end (and a
	# late ACK).  Limit, from the callers' end: 64*T1 + 4 s of slack (TCG on a busy host; each
	# poll of the four namespaces takes ~0.2 s itself).
	limit=$((64 * sc_t1 / 10 + 400))
	while :; do
		live=0
		for ns in gw0 uac0 gw1 uac1; do live=$((live + $(sc_live $ns))); done
		waited=$(($(sc_now) - t1))
		[ $live = 0 ] || [ $waited -ge $limit ] && break
		sleep 0.1
	done
	wait $uas0; rc_uas0=$?
	wait $uas1; rc_uas1=$?
	kill $wd 2>/dev/null
	wait $wd 2>/dev/null
	rx1=$(sc_netrx)
	[ "${SIP_ARP:-0}" = 1 ] && diag "$mode: ARP (all namespaces) res_failed,unresolved_discards per CPU (hex): $(awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { printf "%s,%s ", $c["res_failed"], $c["unresolved_discards"] }' /proc/net/stat/arp_cache)"
	diag "$mode: $sc_calls calls per pair at $sc_rate/s took $(sc_secs $((t1 - t0))) s; NET_RX per CPU before: $rx0, after: $rx1; affinity of caller 1: $cpu"
	for p in 0 1; do
		eval "a=\$rc_uac$p b=\$rc_uas$p"
		tap $((a != 0 || b != 0)) "$mode: pair $p (CPU $(sc_cpu $p)): $sc_calls calls through $sc_loss loss completed (caller exit $a, callee exit $b; $(sc_calls_summary $p)late ACKs at the callee $(sc_late_acks $p))"
		if [ $a != 0 ] || [ $b != 0 ]; then
			grep -E 'Successful call|Failed call' $T/uas$p.out | sed "s/^/# uas$p: /" >&3
			for f in uac$p uas$p; do grep -v '^ *$' $T/$f.err 2>/dev/null | head -n 20 | sed "s/^/# $f.err: /" >&3; done
			[ "$sc_trace" = 1 ] && sc_dump_calls $p
			for ns in gw$p uac$p; do
				diag "$ns UDP: $(sc_ns $ns awk '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) n[i] = $i; h = 1; next } for (i = 2; i <= NF; i++) if ($i != 0) printf "%s=%s ", n[i], $i }' /proc/net/snmp)"
				sc_ns $ns grep -v -E ' (INVITE|ACK) ' /proc/net/sipoff/transactions | head -n 12 | sed "s/^/# $ns: /" >&3
			done
		fi
	done
	ok=1
	for c in $(seq 0 $sc_last); do
		a=$(echo $rx0 | awk -v i=$((c + 1)) '{ print $i }')
		b=$(echo $rx1 | awk -v i=$((c + 1)) '{ print $i }')
		[ $((b - a)) -gt $((sc_calls * 2)) ] || ok=0
	done
	tap $((1 - ok)) "$mode: packets received (NET_RX) on every CPU: $rx0 -> $rx1"

	for p in 0 1; do
		for ns in gw$p uac$p; do
			diag "$mode $ns: $(sc_ns $ns cat /proc/net/sipoff/stats | awk '$2 != 0 && ($1 ~ /^(transactions|absorbed|kernel|timeouts|parse|requests|responses|cap|resends_limited|xmit_errors|udp_malformed|no_socket)/) { printf "%s=%s ", $1, $2 }')"
		done
		if [ $mode = offload ]; then
			a=$(($(sc_stat gw$p kernel_resends) + $(sc_stat uac$p kernel_resends)))
			b=$(($(sc_stat gw$p absorbed_requests) + $(sc_stat gw$p absorbed_responses) + $(sc_stat gw$p absorbed_acks) + \
				$(sc_stat uac$p absorbed_requests) + $(sc_stat uac$p absorbed_responses) + $(sc_stat uac$p absorbed_acks)))
			tap $(($a > 0 ? 0 : 1)) "$mode: pair $p: the kernel re-sent messages ($a)"
			tap $(($b > 0 ? 0 : 1)) "$mode: pair $p: copies absorbed ($b)"
		else
			a=$(($(sc_stat gw$p kernel_built) + $(sc_stat uac$p kernel_built)))
			tap $(($a == 0 ? 0 : 1)) "$mode: pair $p: no kernel-built message in transparent mode ($a)"
			# Transparent: no re-send on a timer, each one answers a copy it absorbed
			# (semantics 2.1: the last response for a request copy, the ACK for a final's
			# copy); and through the loss the callee's side absorbed request copies.
			for ns in gw$p uac$p; do
				a=$(sc_stat $ns kernel_resends)
				b=$(($(sc_stat $ns absorbed_requests) + $(sc_stat $ns absorbed_responses)))
				tap $((a <= b ? 0 : 1)) "$mode: $ns: kernel re-sends ($a) <= copies absorbed ($b): each re-send answers a copy"
			done
			a=$(sc_stat gw$p absorbed_requests)
			tap $((a > 0 ? 0 : 1)) "$mode: pair $p: the callee's kernel absorbed request copies ($a) through $sc_loss loss"
		fi
	done

	tap $((live != 0)) "$mode: transactions drained to 0 $(sc_secs $waited) s after the callers ended (limit 64*T1 + 4 s = $(sc_secs $limit) s; $live left)"
	if [ $live != 0 ]; then
		for ns in gw0 uac0 gw1 uac1; do sc_ns $ns head -n 12 /proc/net/sipoff/transactions | sed "s/^/# $ns: /" >&3; done
	fi
	ok=1 f=
	for ns in gw0 uac0 gw1 uac1; do
		a=$(sc_stat $ns transactions_created)
		b=$(sc_stat $ns transactions_freed)
		f="$f $ns $b/$a"
		[ -n "$a" ] && [ "$a" -gt 0 ] && [ "$a" = "$b" ] || ok=0
	done
	tap $((1 - ok)) "$mode: transactions_freed == transactions_created in every namespace (freed/created:$f)"
	ok=1 f=
	for ns in gw0 uac0 gw1 uac1; do
		a=$(sc_ns $ns cat /proc/net/sipoff/stats | awk '$1 ~ /^parse_errors/ { s += $2 } END { print s + 0 }')
		f="$f $ns $a"
		[ "$a" = 0 ] || ok=0
	done
	tap $((1 - ok)) "$mode: no parse errors ($f)"
	sc_del gw0 uac0 gw1 uac1
	check "$mode: dmesg clean after the calls and deleting the namespaces" dmesg_clean
}

sc_teardown() {
	local p live
	for p in 0 1; do sc_pair $p offload 200 >$T/pair.out 2>&1 || { sed 's/^/# /' $T/pair.out >&3; tap 1 "teardown: namespaces"; return; }; done
	sc_start $sc_calls
	sleep 3
	live=$(sc_live_all)
	# kill the peers, so the kernel alone holds the transactions, then delete the namespaces
	kill -9 $sc_pids 2>/dev/null
	wait $sc_pids 2>/dev/null
	sc_del gw0 uac0 gw1 uac1
	tap $((live == 0)) "teardown: namespaces deleted with $live transactions live"
	# past 64*T1, when every timer of those transactions would have fired
	sleep 4
	check "teardown: dmesg clean after deleting namespaces with live transactions" dmesg_clean
}

# sc_start CALLS: both pairs' callees, then callers, in the background (pids in sc_pids, the
# callers' in sc_uacs)
sc_start() {
	local p save=$sc_calls
	sc_calls=$1
	sc_pids=
	sc_uacs=
	for p in 0 1; do sc_uas $p "$(sc_cpu $p)"; sc_pids="$sc_pids $sc_uas_pid"; done
	sleep 1
	for p in 0 1; do sc_uac $p "$(sc_cpu $p)"; sc_pids="$sc_pids $sc_uac_pid"; sc_uacs="$sc_uacs $sc_uac_pid"; done
	sc_calls=$save
}
sc_live_all() {
	local ns live=0
	for ns in gw0 uac0 gw1 uac1; do live=$((live + $(sc_live $ns))); done
	echo $live
}

# Mode changes under traffic: calls on both CPUs while the four namespaces flip between offload
# and transparent every 0.3 s (the transactions made in one mode live on in the other).
sc_flip() {
	local p i ns m live rc=0 pid
	for p in 0 1; do sc_pair $p offload 200 >$T/pair.out 2>&1 || { sed 's/^/# /' $T/pair.out >&3; tap 1 "mode flips: namespaces"; return; }; done
	sc_start 60
	i=0
	while [ $i -lt 20 ]; do
		m=transparent; [ $((i % 2)) = 1 ] && m=offload
		for ns in gw0 uac0 gw1 uac1; do sc_ns $ns "$sc_ctl" config set mode $m >/dev/null 2>&1 || rc=1; done
		sleep 0.3
		i=$((i + 1))
	done
	tap $rc "mode flips: 20 mode changes in four namespaces while calls ran on both CPUs"
	for pid in $sc_uacs; do wait $pid; done
	wait $sc_pids 2>/dev/null
	diag "mode flips: callers: $(sc_calls_summary 0)/ $(sc_calls_summary 1)(not checked: a mode change mid-transaction has no contract)"
	i=0
	while [ "$(sc_live_all)" != 0 ] && [ $i -lt 72 ]; do sleep 0.1; i=$((i + 1)); done
	live=$(sc_live_all)
	tap $((live != 0)) "mode flips: transactions drained to 0 ($live left)"
	sc_del gw0 uac0 gw1 uac1
	check "mode flips: dmesg clean" dmesg_clean
}

# rmmod while calls run on both CPUs and hundreds of transactions (armed timers, kept copies) live
# in four namespaces; then the module is loaded again for the rest of the test.
sc_unload() {
	local p live file params rest
	for p in 0 1; do sc_pair $p offload 200 >$T/pair.out 2>&1 || { sed 's/^/# /' $T/pair.out >&3; tap 1 "rmmod under traffic: namespaces"; return; }; done
	sc_start 200
	sleep 3
	live=$(sc_live_all)
	check "rmmod under traffic: rmmod sipoff with $live live transactions and calls on both CPUs" run_for 30 rmmod sipoff
	check "rmmod under traffic: /proc/net/sipoff gone in the namespaces too" sh -c "! $sc_ip netns exec gw1 test -e /proc/net/sipoff/stats"
	sleep 1
	kill -9 $sc_pids 2>/dev/null
	wait $sc_pids 2>/dev/null
	sc_del gw0 uac0 gw1 uac1
	check "rmmod under traffic: dmesg clean" dmesg_clean
	read -r file rest <<EOF
$(grep -E '^[0-9]+-sipoff\.ko test' /sipoff/modules.list)
EOF
	params=${rest#test}
	# shellcheck disable=SC2086
	check "rmmod under traffic: insmod sipoff again${params:+ $params}" insmod /sipoff/modules/$file $params
	check "rmmod under traffic: /proc/net/sipoff/stats back" test -e /proc/net/sipoff/stats
}

sc_missing=
for f in "$sc_ip" "$sc_tc" "$sc_sipp" "$sc_ctl" $sc_files/txn_uas.xml $sc_files/txn_uac.xml; do
	[ -e "$f" ] || sc_missing="$sc_missing $f"
done
for m in veth sch_netem; do [ -d /sys/module/$m ] || sc_missing="$sc_missing module:$m"; done
if [ -n "$sc_missing" ]; then
	tap 1 "sip_calls: needs in the guest:$sc_missing (run-debian-kernel.sh adds them when the scenario is listed)"
else
	check "guest has at least 2 CPUs" [ $NCPUS -ge 2 ]
	for m in $sc_modes; do sc_mode $m; done
	if [ "${SIP_STRESS:-1}" = 1 ]; then
		sc_teardown
		sc_flip
		sc_unload
	fi
fi
