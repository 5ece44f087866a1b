#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sipoff_hostile_net.sh - kselftests of issue 10 items 5, 6, 7 and 10 in the test kernel: the
# kernel's own packets through an NFQUEUE verdict, a later firewall chain and a bad UDP checksum
# on the first copy of a request, applications in a VRF or bound to a device, and teardown
# (namespace deletion, rmmod) while tens of thousands of entries are being reaped.  Two
# namespaces (gw, uac) joined by a veth pair, T1 = 50 ms.  Prints TAP and a "# Totals:" line.
#
#   sipoff_hostile_net.sh MODULE_DIR SIPOFFCTL [TEST...]
set -u
dir=$1 ctl=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/tap.sh"
. "$top/tests/netns.sh"
ua="python3 $top/tests/selftests/hostile_ua.py"
helpers=${SIPOFF_HELPERS:-$top/build/user/test-helpers}
work=$(mktemp -d /tmp/sipoff-hostile.XXXXXX)
GW=10.99.2.1 UAC=10.99.2.2

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" || exit 1

net_up() {
	ip netns del gw 2>/dev/null
	ip netns del uac 2>/dev/null
	ns_link gw veth-gw $GW/24 uac veth-uac $UAC/24 || return 1
	# net_up GW_MODE: T1 50 ms on the gateway; the peer's sipoff is off (it is a plain peer).
	ip netns exec gw "$ctl" config set mode "$1" ports 5060 t1 50 t2 400 t4 500 timer-d 3200 \
		trying 0 || return 1
	ip netns exec uac "$ctl" config set mode off || return 1
}

stat() {
	ip netns exec "$1" awk -v k="$2" '$1 == k { v = $2 } END { print v + 0 }' /proc/net/sipoff/stats
}

# wait_file FILE SECONDS: wait for a helper's readiness file, with a deadline.
wait_file() {
	local end=$(( $(date +%s) + $2 ))
	while [ ! -e "$1" ]; do
		[ "$(date +%s)" -lt "$end" ] || { echo "# no $1 within $2 s"; return 1; }
		sleep 0.05
	done
}

val() { awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$2"; }

# Item 6: the kernel's re-sends leave even when an nft `queue` rule hands every outgoing SIP
# packet to a userspace verdict program before sipoff's LOCAL_OUT hook, and re-injects it later.
t_nfqueue_own_resends() {
	net_up offload || return 1
	ip netns exec gw nft -f - <<-'NFT' || return 1
	table ip q {
		chain out { type filter hook output priority 0; udp sport 5060 queue num 3; }
	}
	NFT
	ip netns exec gw "$helpers/sipoff_nfq_accept" 3 "$work/nfq.ready" >"$work/nfq.out" 2>&1 &
	local nfq=$!
	wait_file "$work/nfq.ready" 10 || return 1
	ip netns exec uac $ua count $UAC 5060 "$work/count.ready" 1.5 >"$work/count.out" &
	local cnt=$!
	wait_file "$work/count.ready" 10 || return 1
	# The application sends one OPTIONS, once; the kernel retransmits it on Timer E
	# (T1, 2T1, 4T1, 8T1, then every T2: copies at 50, 150, 350, 750, 1150 ms).
	ip netns exec gw $ua send $GW 5060 $UAC 5060 OPTIONS nfq || return 1
	wait $cnt
	kill $nfq; wait $nfq
	local got; got=$(val datagrams "$work/count.out")
	check $(( got >= 4 ? 0 : 1 )) "the peer got the request and the kernel's copies: $got (>= 4 within 30*T1 of the first)"
	check $(( $(val accepted "$work/nfq.out") >= got ? 0 : 1 )) \
		"every one went through the queue ($(val accepted "$work/nfq.out") verdicts)"
	check $(( $(stat gw own_packets) >= 3 ? 0 : 1 )) "own_packets $(stat gw own_packets)"
	check $(( $(stat gw absorbed_requests) == 0 ? 0 : 1 )) \
		"no re-send absorbed as the application's copy ($(stat gw absorbed_requests))"
}

# Item 7: a chain after sipoff's old priority (filter + 1) drops the first INVITE; its copy
# must reach the application, not be absorbed as one the application already has.
t_later_chain_drops_first_copy() {
	net_up transparent || return 1
	ip netns exec gw nft -f - <<-'NFT' || return 1
	table ip late {
		chain in { type filter hook input priority 100; udp dport 5060 drop; }
	}
	NFT
	ip netns exec gw $ua late $GW 5060 "$work/late.ready" "$work/go" 20 >"$work/late.out" &
	local app=$!
	wait_file "$work/late.ready" 10 || return 1
	ip netns exec uac $ua send $UAC 5070 $GW 5060 INVITE later || return 1
	ip netns exec gw nft delete table ip late || return 1
	ip netns exec uac $ua send $UAC 5070 $GW 5060 INVITE later || return 1
	touch "$work/go"
	wait $app
	check $(( $(val requests "$work/late.out") == 1 ? 0 : 1 )) \
		"the application got the INVITE ($(val requests "$work/late.out") copies)"
	check $(( $(stat gw absorbed_requests) == 0 ? 0 : 1 )) "absorbed_requests $(stat gw absorbed_requests)"
}

# Item 7: the first copy has a corrupted UDP checksum (the socket drops it at recvmsg): it
# passes, is counted, and creates no state; the good copy then reaches the application.
t_bad_checksum_first_copy() {
	net_up transparent || return 1
	ip netns exec gw $ua late $GW 5060 "$work/late.ready" "$work/go" 20 >"$work/late.out" &
	local app=$!
	wait_file "$work/late.ready" 10 || return 1
	ip netns exec uac $ua send $UAC 5070 $GW 5060 INVITE badsum badsum || return 1
	check $(( $(stat gw transactions_created) == 0 ? 0 : 1 )) \
		"no transaction from the bad copy ($(stat gw transactions_created))"
	ip netns exec uac $ua send $UAC 5070 $GW 5060 INVITE badsum || return 1
	touch "$work/go"
	wait $app
	check $(( $(val requests "$work/late.out") == 1 ? 0 : 1 )) \
		"the application got the INVITE ($(val requests "$work/late.out") copies)"
	check $(( $(stat gw udp_bad_checksum) == 1 ? 0 : 1 )) "udp_bad_checksum $(stat gw udp_bad_checksum)"
	check $(( $(stat gw transactions_created) == 1 ? 0 : 1 )) \
		"one transaction, from the good copy ($(stat gw transactions_created))"
}

# resend_to_bound DEV: the gateway's application is bound to DEV; a copy of an answered
# OPTIONS from the peer gets the kernel's re-send of the answer, and is absorbed.
resend_to_bound() {
	ip netns exec gw $ua answer $GW 5060 20 "$work/app.ready" "$1" >"$work/app.out" &
	local app=$!
	wait_file "$work/app.ready" 10 || return 1
	ip netns exec uac $ua copies $UAC 5070 $GW 5060 500 >"$work/uac.out"
	kill $app; wait $app
	check $(( $(val responses "$work/uac.out") == 2 ? 0 : 1 )) \
		"the peer got the answer and the kernel's re-send ($(val responses "$work/uac.out"))"
	check $(( $(val requests "$work/app.out") == 1 ? 0 : 1 )) \
		"the application got the request once ($(val requests "$work/app.out"))"
	check $(( $(stat gw kernel_resends) == 1 ? 0 : 1 )) "kernel_resends $(stat gw kernel_resends)"
	check $(( $(stat gw no_socket) == 0 ? 0 : 1 )) "no_socket $(stat gw no_socket)"
}

# Item 10: the application runs in a VRF (its socket bound to the VRF device, as under
# `ip vrf exec`); the gateway's interface is enslaved to it (its routes in table 10 only).
t_vrf_resends() {
	net_up transparent || return 1
	ip -n gw link add vrf-sip type vrf table 10 && ip -n gw link set vrf-sip up &&
		ip -n gw link set veth-gw master vrf-sip || return 1
	resend_to_bound vrf-sip
}

# Item 10: the application's socket is bound to the interface (SO_BINDTODEVICE), no VRF.
t_bindtodevice_resends() {
	net_up transparent || return 1
	resend_to_bound veth-gw
}

# Item 10, offload: an application in a VRF sends one OPTIONS; the kernel retransmits it, routed
# in the VRF's table.  The message passes LOCAL_OUT twice (VRF device, then the real one): it is
# one message, not a message and the application's copy to absorb.
t_vrf_offload_request() {
	net_up offload || return 1
	ip -n gw link add vrf-sip type vrf table 10 && ip -n gw link set vrf-sip up &&
		ip -n gw link set veth-gw master vrf-sip || return 1
	ip netns exec uac $ua count $UAC 5060 "$work/count.ready" 1.5 >"$work/count.out" &
	local cnt=$!
	wait_file "$work/count.ready" 10 || return 1
	ip netns exec gw $ua send-dev $GW 5060 $UAC 5060 OPTIONS vrfoff vrf-sip || return 1
	wait $cnt
	local got; got=$(val datagrams "$work/count.out")
	check $(( got >= 4 ? 0 : 1 )) "the peer got the request and the kernel's copies: $got (>= 4 within 30*T1 of the first)"
	check $(( $(stat gw sip_packets_out) == 1 ? 0 : 1 )) \
		"the application's message seen once at LOCAL_OUT ($(stat gw sip_packets_out))"
	check $(( $(stat gw absorbed_requests) == 0 ? 0 : 1 )) "absorbed_requests $(stat gw absorbed_requests)"
	check $(( $(stat gw xmit_errors) == 0 ? 0 : 1 )) "xmit_errors $(stat gw xmit_errors)"
}

# Item 5: tens of thousands of transactions and dialogs reaped (T1 10 ms, linger 0), and the
# namespace deleted while a flood feeds it and its timers reap; KASAN, lockdep and kmemleak
# judge (uml-run.sh).
t_netns_delete_while_reaping() {
	local pid end live
	ip netns del tear 2>/dev/null
	ip netns add tear && ip -n tear link set lo up || return 1
	ip netns exec tear "$ctl" config set mode transparent ports 5060,5070 t1 10 t2 40 t4 40 \
		timer-d 640 linger 0 || return 1
	ip netns exec tear "$helpers/sipoff_flood" 127.0.0.1 0 >"$work/flood.out" &
	pid=$!
	end=$(( $(date +%s) + 120 ))
	while [ "$(stat tear transactions_freed)" -lt 20000 ]; do
		[ "$(date +%s)" -lt "$end" ] || { echo "# only $(stat tear transactions_freed) reaped in 120 s"; break; }
		sleep 0.2
	done
	# Still flooding: what is live now is being reaped when the namespace goes, right after
	# the flood (its last reference to the namespace) exits.
	live=$(ip netns exec tear awk '$1 == "transactions_created" { c = $2 }
		$1 == "transactions_freed" { f = $2 } END { print c - f }' /proc/net/sipoff/stats)
	check $(( $(stat tear transactions_freed) >= 20000 ? 0 : 1 )) \
		"$(stat tear transactions_freed) transactions and $(stat tear dialogs_reaped) dialogs reaped so far"
	check $(( live >= 100 ? 0 : 1 )) "$live transactions live, being reaped, as the namespace goes"
	ip netns del tear
	kill $pid; wait $pid
	# The namespace's exit runs in a workqueue; rmmod waits for it (pernet_ops_rwsem).
	rmmod sipoff && insmod "$dir/sipoff.ko" || return 1
}

# Item 5: rmmod while a flood runs in a namespace and in the initial one, and entries are
# being reaped; three times.
t_rmmod_under_reaping() {
	local i pid
	for i in 1 2 3; do
		[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" t1_ms=10 ports=5060,5070 || return 1
		ip netns del tear 2>/dev/null
		ip netns add tear && ip -n tear link set lo up || return 1
		ip netns exec tear "$ctl" config set t1 10 t2 40 t4 40 timer-d 640 linger 0 \
			ports 5060,5070 || return 1
		rm -f "$work/flood.ready"
		ip netns exec tear "$helpers/sipoff_flood" 127.0.0.1 0 "$work/flood.ready" >"$work/flood.out" &
		pid=$!
		"$helpers/sipoff_flood" 127.0.0.1 2000 >/dev/null || return 1
		wait_file "$work/flood.ready" 30 || return 1
		rmmod sipoff
		check $? "rmmod $i under a flood"
		kill $pid; wait $pid
		ip netns del tear
	done
	insmod "$dir/sipoff.ko" || return 1
}

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(nfqueue_own_resends later_chain_drops_first_copy bad_checksum_first_copy
	vrf_resends bindtodevice_resends vrf_offload_request netns_delete_while_reaping
	rmmod_under_reaping)
tap_failed() {
	local f
	for f in "$work"/*.out; do [ -f "$f" ] && { echo "# --- $f"; tail -n 5 "$f" | sed 's/^/# /'; }; done
}
tap_cleanup() {
	rm -f "$work"/*
	ip netns del gw 2>/dev/null
	ip netns del uac 2>/dev/null
}
tap_run "${tests[@]}"
rc=$?
[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko"
rm -rf "$work"
exit $rc
