#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sipoff_txn.sh - kselftests of the transaction layer on the wire, in the test kernel: sipp as
# both peers in two network namespaces joined by a veth pair, T1 = 50 ms (semantics.md 8), netem
# loss on both ends where a test asks for it.  Prints TAP and a "# Totals:" line.
#
#   sipoff_txn.sh MODULE_DIR SIPOFFCTL [TEST...]
set -u
dir=$1 ctl=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/tap.sh"
. "$top/tests/netns.sh"
sc=$top/tests/sipp
work=$(mktemp -d /tmp/sipoff-txn.XXXXXX)
GW=10.99.1.1 UAC=10.99.1.2 GW6=fd99:1::1 UAC6=fd99:1::2

[ -e /sys/module/sipoff ] || insmod "$dir/sipoff.ko" || exit 1

net_up() {
	ip netns del gw 2>/dev/null
	ip netns del uac 2>/dev/null
	ns_link gw veth-gw $GW/24 uac veth-uac $UAC/24 $GW6/64 $UAC6/64 || return 1
	# net_up GW_MODE UAC_MODE [TRYING_MS]: T1 50 ms, T2 400 ms, T4 500 ms, Timer D 64*T1 on
	# both sides; the caller uses port 5070.
	ip netns exec gw "$ctl" config set mode "$1" ports 5060,5070 t1 50 t2 400 t4 500 \
		timer-d 3200 trying "${3:-0}" || return 1
	ip netns exec uac "$ctl" config set mode "$2" ports 5060,5070 t1 50 t2 400 t4 500 \
		timer-d 3200 trying "${3:-0}" || return 1
}

loss() {
	ip netns exec gw tc qdisc add dev veth-gw root netem loss "$1" &&
	ip netns exec uac tc qdisc add dev veth-uac root netem loss "$1"
}

stat() {
	ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/sipoff/stats
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS; its last status.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

# listening NS ADDR PORT: a UDP socket is bound there.
listening() {
	local a=$2
	[[ $a != *:* ]] || a="[$a]"
	ip netns exec "$1" ss -Hlun "src $a:$3" 2>/dev/null | grep -q .
}

# Packets netem dropped on an interface (tc -s).
dropped() {
	ip netns exec "$1" tc -s qdisc show dev "$2" | sed -n 's/.*dropped \([0-9]*\).*/\1/p' | head -n 1
}

# uas NAME SCENARIO CALLS [sipp args]: a callee in gw, in the background; its messages logged.
uas() {
	local name=$1 sf=$2 calls=$3
	shift 3
	ip netns exec gw sipp -sf "$sc/$sf" -i $GW -p 5060 -m "$calls" -nostdin -timeout 120s -T2 400 \
		-trace_msg -message_file "$work/$name.uas.msg" "$@" >"$work/$name.uas.out" 2>&1 &
	uas_pid=$!
	wait_for 5 listening gw $GW 5060
}

# uac NAME SCENARIO CALLS [sipp args]: a caller in uac; returns sipp's status.
uac() {
	local name=$1 sf=$2 calls=$3
	shift 3
	# -T2 400: sipp's T2 as the namespaces', so its copies stay within the kernel's 64*T1.
	# -max_*_retrans: sipp gives up only after the kernel's Timer B/F (64*T1 = 3.2 s) would
	# (by default it stops after 5 re-sends, 1.55 s here, and through 10% loss now and then
	# aborts a call the kernel was still carrying).
	ip netns exec uac sipp -sf "$sc/$sf" -i $UAC -p 5070 -m "$calls" -nostdin -timeout 120s -T2 400 \
		-max_invite_retrans 10 -max_non_invite_retrans 12 -timeout_error -trace_msg -message_file "$work/$name.uac.msg" \
		-trace_err -error_file "$work/$name.uac.err" "$@" $GW:5060 \
		>"$work/$name.uac.out" 2>&1
}

# count FILE REGEX: messages received in a sipp message log whose first line matches REGEX
count() {
	grep -A2 -E 'message received' "$1" 2>/dev/null | grep -cE "$2"
}

# sipp_log FILE: one line per message of a sipp message log, tab-separated: "sent" or
# "received", its first line, its Call-ID, its CSeq method.
sipp_log() {
	awk -v OFS='\t' '
		function done() { if (dir != "") print dir, first, cid, meth; dir = "" }
		{ sub(/\r$/, "") }
		/^-----/ { done(); next }
		/message (sent|received)/ { done(); dir = $0 ~ /message sent/ ? "sent" : "received"
			first = cid = meth = ""; next }
		dir != "" && first == "" && NF { first = $0; next }
		dir != "" && /^Call-ID:/ && cid == "" { cid = $2 }
		dir != "" && /^CSeq:/ && meth == "" { meth = $NF }
		END { done() }' "$1"
}

# count_cseq FILE DIR REGEX METHOD: messages received (DIR "received") or sent ("sent") in a
# sipp message log whose first line matches REGEX and whose CSeq method is METHOD
count_cseq() {
	sipp_log "$1" | awk -F'\t' -v d="$2" -v re="$3" -v m="$4" '
		$1 == d && $2 ~ re && $4 == m { n++ } END { print n + 0 }'
}

# sent_callids FILE METHOD: distinct Call-IDs of the METHOD requests sent in a sipp message log
sent_callids() {
	sipp_log "$1" | awk -F'\t' -v m="$2" '$1 == "sent" && index($2, m " ") == 1 && $3 != "" { print $3 }' |
		sort -u | wc -l
}

# answered_callids FILE METHOD: distinct Call-IDs to which a sipp message log received a 2xx
# whose CSeq method is METHOD (sipp takes any 200 for the one it waits for, a late copy of the
# INVITE's 200 for the BYE's included: what a call's completion does not prove, this does).
answered_callids() {
	sipp_log "$1" | awk -F'\t' -v m="$2" '
		$1 == "received" && $2 ~ /^SIP\/2\.0 2/ && $4 == m && $3 != "" { print $3 }' | sort -u
}

t_offload_slow_uas_one_invite() {
	net_up offload transparent 0 || return 1
	uas slow txn_uas_slow.xml 1
	uac slow txn_uac.xml 1
	check $? "the call completed"
	wait $uas_pid
	check $? "the callee completed"
	local invites
	invites=$(count "$work/slow.uas.msg" '^INVITE ')
	check $(( invites == 1 ? 0 : 1 )) "the callee saw the INVITE once ($invites)"
	local sent
	sent=$(grep -cE '^INVITE ' "$work/slow.uac.msg")
	check $(( sent >= 4 ? 0 : 1 )) "the caller sent it $sent times (>= 4 in 20*T1)"
	check $(( $(stat gw absorbed_requests) >= 3 ? 0 : 1 )) "absorbed_requests $(stat gw absorbed_requests)"
}

t_offload_100_trying() {
	# The callee answers after 20*T1: the kernel sends 100 Trying after 200 ms for it.
	net_up offload transparent 200 || return 1
	uas trying txn_uas_slow.xml 1
	uac trying txn_uac.xml 1
	check $? "the call completed"
	wait $uas_pid
	local got
	got=$(count "$work/trying.uac.msg" '^SIP/2.0 100 Trying')
	check $(( got >= 1 ? 0 : 1 )) "the caller got a 100 Trying ($got) the callee never sent"
	check $(( $(grep -c '100 Trying' "$work/trying.uas.msg") == 0 ? 0 : 1 )) "the callee sent none"
	check $(( $(stat gw kernel_built) >= 1 ? 0 : 1 )) "kernel_built $(stat gw kernel_built)"
}

t_caps_pass_unhandled() {
	# One transaction allowed: the second call's transactions are over the cap, its packets
	# pass unhandled and are counted; both calls complete.
	net_up offload transparent 0 || return 1
	ip netns exec gw "$ctl" config set max-transactions 1 || return 1
	uas caps txn_uas.xml 2
	uac caps txn_uac.xml 2 -r 1
	check $? "both calls completed"
	wait $uas_pid
	check $(( $(stat gw cap_transactions) >= 1 ? 0 : 1 )) "cap_transactions $(stat gw cap_transactions)"
	check $(( $(stat gw transactions_created) <= 1 ? 0 : 1 )) "transactions_created $(stat gw transactions_created)"
}

t_no_socket_no_answer() {
	# The callee answers 486 and exits; a late INVITE copy then finds no socket: the kernel
	# does not answer for a port nobody listens on.
	net_up transparent transparent 0 || return 1
	uas gone txn_uas_486.xml 1 -nr
	ip netns exec uac python3 - "$UAC" "$GW" <<'PY' >"$work/gone.py.out" 2>&1 || return 1
import socket, sys, time
uac, gw = sys.argv[1], sys.argv[2]
inv = ("INVITE sip:x@%s SIP/2.0\r\nVia: SIP/2.0/UDP %s:5070;branch=z9hG4bK-gone\r\n"
       "From: <sip:a@%s>;tag=1\r\nTo: <sip:x@%s>\r\nCall-ID: gone@test\r\n"
       "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n") % (gw, uac, uac, gw)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((uac, 5070))
s.settimeout(1.0)
s.sendto(inv.encode(), (gw, 5060))
first = s.recvfrom(2048)[0].split(b"\r\n")[0]
print("first", first.decode())
time.sleep(2.5)                      # the callee has exited by now
s.sendto(inv.encode(), (gw, 5060))   # a copy
try:
    late = s.recvfrom(2048)[0].split(b"\r\n")[0]
    print("late", late.decode())
except socket.timeout:
    print("late none")
PY
	check $(( $(grep -c '^first SIP/2.0 486' "$work/gone.py.out") == 1 ? 0 : 1 )) "the callee answered 486 ($(head -1 "$work/gone.py.out"))"
	check $(( $(grep -c '^late none' "$work/gone.py.out") == 1 ? 0 : 1 )) "no answer once it is gone ($(tail -1 "$work/gone.py.out"))"
	check $(( $(stat gw no_socket) >= 1 ? 0 : 1 )) "no_socket $(stat gw no_socket)"
	wait $uas_pid
}

# The Call-ID of the caller's early dialog, once /proc/net/sipoff/dialogs in uac shows it (3 s).
early_uac_call_id() {
	local i cid=""
	for i in $(seq 30); do
		cid=$(ip netns exec uac awk '$2 == "early" && $3 == "uac" { print $6 }' \
			/proc/net/sipoff/dialogs 2>/dev/null | head -n 1)
		[ -n "$cid" ] && break
		sleep 0.1
	done
	echo "$cid"
}

t_operator_cancel_ringing_call() {
	# semantics.md 6: an early dialog whose INVITE the kernel holds is CANCELled by the kernel
	# on `sipoffctl dialog terminate`, in the caller's namespace.
	net_up transparent transparent 0 || return 1
	uas cancel dlg_uas_cancel.xml 1
	ip netns exec uac sipp -sf "$sc/txn_uac_cancelled.xml" -i $UAC -p 5070 -m 1 -nostdin \
		-timeout 20s -timeout_error -trace_msg -message_file "$work/cancel.uac.msg" \
		-trace_err -error_file "$work/cancel.uac.err" $GW:5060 \
		>"$work/cancel.uac.out" 2>&1 &
	local uac_pid=$! cid
	cid=$(early_uac_call_id)
	check $([ -n "$cid" ]; echo $?) "the caller's namespace shows the early dialog ($cid)"
	ip netns exec uac "$ctl" dialog terminate "$cid"
	check $? "sipoffctl dialog terminate $cid"
	wait $uac_pid
	check $? "the caller got the 487 and ACKed it"
	wait $uas_pid
	check $? "the callee got a CANCEL, answered 200 and 487, got the ACK"
	check $(( $(grep -A2 'message sent' "$work/cancel.uac.msg" | grep -c '^CANCEL ') == 0 ? 0 : 1 )) \
		"the caller itself sent no CANCEL"
	check $(( $(stat uac kernel_built) == 1 ? 0 : 1 )) "the kernel built one message (kernel_built $(stat uac kernel_built))"
	check $(( $(count "$work/cancel.uac.msg" '^SIP/2.0 200') == 0 ? 0 : 1 )) "the 200 of the kernel's CANCEL did not reach the caller"
}

t_operator_cancel_resent_until_answered() {
	# The kernel's CANCEL is a client transaction of its own: on UDP it is re-sent on Timer E
	# until answered.  The callee (python) ignores the first CANCEL and answers the second;
	# its namespace runs mode off (in transparent mode its own kernel would rightly absorb the
	# copies of a CANCEL its application already received).
	net_up off transparent 0 || return 1
	ip netns exec gw python3 - "$GW" <<'PY' >"$work/deaf.py.out" 2>&1 &
import socket, sys
gw = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((gw, 5060))
s.settimeout(15.0)

def recv(method):
    while True:
        data, peer = s.recvfrom(65535)
        if data.split(b" ", 1)[0] == method.encode():
            return data.decode(), peer

def hdrs(msg, names):
    return [l for l in msg.split("\r\n") if l.split(":", 1)[0].strip().lower() in names]

def answer(req, peer, status, cseq=None):
    h = hdrs(req, ("via", "from", "call-id"))
    to = hdrs(req, ("to",))[0] + ";tag=deaf1"
    cs = cseq or hdrs(req, ("cseq",))[0]
    s.sendto(("SIP/2.0 %s\r\n%s\r\n%s\r\n%s\r\nContent-Length: 0\r\n\r\n"
              % (status, "\r\n".join(h), to, cs)).encode(), peer)

inv, peer = recv("INVITE")
answer(inv, peer, "180 Ringing")
recv("CANCEL")
print("first CANCEL ignored", flush=True)
can, cpeer = recv("CANCEL")
print("second CANCEL", flush=True)
answer(can, cpeer, "200 OK")
answer(inv, peer, "487 Request Terminated")
ack, _ = recv("ACK")
print("ACK", flush=True)
PY
	local uas_pid=$!
	wait_for 5 listening gw $GW 5060
	ip netns exec uac sipp -sf "$sc/txn_uac_cancelled.xml" -i $UAC -p 5070 -m 1 -nostdin \
		-timeout 20s -timeout_error -trace_msg -message_file "$work/deaf.uac.msg" \
		$GW:5060 >"$work/deaf.uac.out" 2>&1 &
	local uac_pid=$! cid
	cid=$(early_uac_call_id)
	ip netns exec uac "$ctl" dialog terminate "$cid"
	check $? "sipoffctl dialog terminate $cid"
	ip netns exec uac "$ctl" dialog terminate "$cid" 2>"$work/deaf.again.err"
	check $(( $? != 0 ? 0 : 1 )) "a second terminate sends no second CANCEL ($(cat "$work/deaf.again.err"))"
	wait $uac_pid
	check $? "the caller got the 487 and ACKed it"
	wait $uas_pid
	check $? "the callee saw the CANCEL twice ($(tr '\n' ';' <"$work/deaf.py.out"))"
	check $(( $(stat uac kernel_resends) >= 1 ? 0 : 1 )) "the kernel re-sent its CANCEL (kernel_resends $(stat uac kernel_resends))"
	check $(( $(count "$work/deaf.uac.msg" '^SIP/2.0 200') == 0 ? 0 : 1 )) "the 200 of the kernel's CANCEL did not reach the caller"
	sleep 0.5
	local before
	before=$(stat uac kernel_resends)
	sleep 0.5
	check $(( $(stat uac kernel_resends) == before ? 0 : 1 )) "answered, it is not re-sent any more"
}

t_operator_cancel_unanswered_times_out() {
	# A kernel CANCEL nobody answers: re-sent until its Timer F (64*T1 = 3.2 s), then a
	# txn-timeout event for method CANCEL; the callee (python) rings and ignores the rest.
	net_up off transparent 0 || return 1
	ip netns exec gw python3 - "$GW" <<'PY' >"$work/mute.py.out" 2>&1 &
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 5060))
s.settimeout(6.0)
inv, peer = s.recvfrom(65535)
h = [l for l in inv.decode().split("\r\n")
     if l.split(":", 1)[0].strip().lower() in ("via", "from", "call-id", "cseq")]
to = [l for l in inv.decode().split("\r\n") if l.lower().startswith("to:")][0]
s.sendto(("SIP/2.0 180 Ringing\r\n%s\r\n%s;tag=mute1\r\nContent-Length: 0\r\n\r\n"
          % ("\r\n".join(h), to)).encode(), peer)
cancels, end = 0, time.time() + 5
while time.time() < end:
    try:
        cancels += s.recvfrom(65535)[0].startswith(b"CANCEL ")
    except socket.timeout:
        break
print("CANCEL copies", cancels)
PY
	local uas_pid=$! cid mon
	ip netns exec uac "$ctl" -j monitor >"$work/mute.events" 2>&1 &
	mon=$!
	wait_for 5 listening gw $GW 5060
	ip netns exec uac sipp -sf "$sc/txn_uac_cancelled.xml" -i $UAC -p 5070 -m 1 -nostdin \
		-timeout 7s $GW:5060 >"$work/mute.uac.out" 2>&1 &
	local uac_pid=$!
	cid=$(early_uac_call_id)
	ip netns exec uac "$ctl" dialog terminate "$cid"
	check $? "sipoffctl dialog terminate $cid"
	# Still ringing, its CANCEL out: a second terminate sends no second CANCEL.
	ip netns exec uac "$ctl" dialog terminate "$cid" 2>"$work/mute.again.err"
	check $(( $? != 0 ? 0 : 1 )) "a second terminate is refused ($(cat "$work/mute.again.err"))"
	check $(grep -q 'already CANCELled' "$work/mute.again.err"; echo $?) "... as already CANCELled"
	wait $uas_pid
	kill $mon 2>/dev/null
	wait $mon 2>/dev/null
	kill $uac_pid 2>/dev/null
	wait $uac_pid 2>/dev/null
	local copies
	copies=$(awk '{ print $3 }' "$work/mute.py.out")
	check $(( ${copies:-0} >= 6 ? 0 : 1 )) "the CANCEL was re-sent until its Timer F (callee saw ${copies:-0} copies)"
	check $(jq -s -e 'map(select(.event == "txn-timeout" and .txn.method == "CANCEL" and .txn.timer == "F")) | length == 1' "$work/mute.events" >/dev/null; echo $?) \
		"one txn-timeout event: CANCEL, Timer F"
	check $(( $(stat uac timeouts_f) == 1 ? 0 : 1 )) "timeouts_f $(stat uac timeouts_f)"
}

t_offload_loss_200_calls() {
	# Both namespaces offload, both sipps -nr: only the kernels re-send, so every message lost
	# (10% each way) is recovered by a kernel or the call fails.  Each application sees every
	# message once: the callee 200 INVITEs, 200 ACKs, 200 BYEs; the caller one 200 per INVITE
	# and per BYE (copies are absorbed or answered by the kernels).
	net_up offload offload 200 || return 1
	loss 10% || return 1
	# txn_uas_linger.xml: each call's socket stays 64*T1 after its last response, so the
	# callee's kernel can answer every copy of the last BYEs.
	uas loss txn_uas_linger.xml 200 -nr
	uac loss txn_uac_loss.xml 200 -nr -r 20 -l 150
	check $? "200 calls through 10% loss completed (sipp: $(grep -E 'Successful call|Failed call' "$work/loss.uac.out" | tail -2 | tr -s ' ' | tr '\n' ' '))"
	wait $uas_pid
	check $? "the callee completed its 200 calls"
	local m n
	for m in INVITE ACK BYE; do
		n=$(count "$work/loss.uas.msg" "^$m ")
		check $(( n == 200 ? 0 : 1 )) "the callee saw $n ${m}s (200: each once)"
	done
	n=$(count_cseq "$work/loss.uac.msg" received '^SIP/2.0 200' BYE)
	check $(( n == 200 ? 0 : 1 )) "the caller saw $n 200 OKs to its BYEs (200: each once)"
	# A 2xx copy that reaches the caller's kernel before the application's ACK left passes
	# (semantics 2.2, 2: no ACK to replay yet), as many as the caller is slow: not counted.
	echo "# the caller saw 200 + $(( $(count_cseq "$work/loss.uac.msg" received '^SIP/2.0 200' INVITE) - 200 )) 200 OKs to its INVITEs (copies before its ACK left)"
	for m in INVITE BYE; do
		n=$(count_cseq "$work/loss.uac.msg" sent "^$m " $m)
		check $(( n == 200 ? 0 : 1 )) "the caller's sipp sent $n ${m}s (200: no retransmission of its own)"
	done
	local dg du rg ru ag
	dg=$(dropped gw veth-gw) du=$(dropped uac veth-uac)
	rg=$(stat gw kernel_resends) ru=$(stat uac kernel_resends) ag=$(stat gw absorbed_requests)
	check $(( dg > 0 && du > 0 ? 0 : 1 )) "netem dropped $dg packets from the callee, $du from the caller"
	check $(( rg > 0 && ru > 0 ? 0 : 1 )) "both kernels re-sent (callee $rg, caller $ru)"
	# A copy the callee's kernel absorbed is one the caller's kernel re-sent.
	check $(( ag > 0 && ag <= ru ? 0 : 1 )) "absorbed requests $ag (0 < absorbed <= the caller's re-sends $ru)"
	grep -A3 -E 'Aborting|unexpected|Unexpected' "$work/loss.uac.err" 2>/dev/null | head -40 | sed 's/^/# err: /'
	if [ "$failed_one" = 1 ]; then
		for ns in gw uac; do
			echo "# $ns: $(ip netns exec $ns awk '$2 != 0 { printf "%s=%s ", $1, $2 }' /proc/net/sipoff/stats)"
		done
		# The calls whose BYE got no 200 at the caller: what each side's sipp saw of them.
		awk '{ sub(/\r$/, "") } /^-----/ { b = 0 } /message (sent|received)/ { d = $0; b = 1; f = ""; next }
			b && f == "" && NF { f = $0; next } b && /^Call-ID:/ { print $2, (d ~ /sent/ ? ">" : "<"), f; b = 0 }' \
			"$work/loss.uac.msg" | awk '{ c = $1; $1 = ""; seq[c] = seq[c] " |" $0 } END { for (c in seq) if (seq[c] !~ /< SIP\/2.0 200.*\| > BYE.*\| < SIP\/2.0 200/) print "# caller", c ":" seq[c] }' | head -n 6
	fi
}

t_offload_bare_apps_drop10() {
	# Applications with no reliability at all (tests/selftests/bare_ua.py: every message sent
	# once, responses matched by CSeq method) complete 100 calls through 10% loss each way,
	# because both kernels (offload) retransmit for them; the callee sees every request once,
	# the caller every response once (but 2xx copies that were queued before its ACK left).
	net_up offload offload 0 || return 1
	loss 10% || return 1
	ip netns exec gw python3 "$top/tests/selftests/bare_ua.py" uas $GW 5060 25 100 \
		>"$work/bare.uas.out" 2>&1 &
	local uas_pid=$!
	wait_for 5 listening gw $GW 5060
	ip netns exec uac python3 "$top/tests/selftests/bare_ua.py" uac $UAC 5070 $GW 5060 \
		100 20 20 >"$work/bare.uac.out" 2>&1
	check $? "100 calls completed ($(cat "$work/bare.uac.out"))"
	# The callee ends once it has seen 100 INVITEs, ACKs and BYEs (a late ACK is being
	# replayed by the caller's kernel) and 4 s more, or after 25 s.
	wait $uas_pid
	local u
	u=$(cat "$work/bare.uas.out")
	check $(( $(awk '{ print $9 }' "$work/bare.uac.out") == 0 ? 0 : 1 )) \
		"the caller saw no response twice but copies of a 2xx queued before its ACK"
	check $([ "$u" = "uas invites 100 byes 100 acks 100 dup_requests 0 others 0" ]; echo $?) \
		"the callee saw each INVITE, ACK and BYE once ($u)"
	check $(( $(stat uac kernel_resends) > 0 && $(stat gw kernel_resends) > 0 ? 0 : 1 )) \
		"both kernels re-sent (caller $(stat uac kernel_resends), callee $(stat gw kernel_resends))"
}

t_offload_486_resent_ack_absorbed() {
	# The caller's side is transparent: its kernel would ACK the 486 at once.
	net_up offload transparent 0 || return 1
	uas busy txn_uas_486.xml 1 -nr
	uac busy txn_uac_486.xml 1
	check $? "the caller got its 486 and ACKed it"
	wait $uas_pid
	local sent acks
	sent=$(grep -A2 -E 'message sent' "$work/busy.uas.msg" | grep -c '^SIP/2.0 486')
	acks=$(count "$work/busy.uas.msg" '^ACK ')
	check $(( sent == 1 ? 0 : 1 )) "the callee sent one 486 ($sent)"
	check $(( acks == 0 ? 0 : 1 )) "the callee saw no ACK ($acks)"
	local got
	got=$(count "$work/busy.uac.msg" '^SIP/2.0 486')
	check $(( got >= 2 ? 0 : 1 )) "the caller got the 486 $got times (kernel re-sends)"
	check $(( $(stat gw absorbed_acks) >= 1 ? 0 : 1 )) "absorbed_acks $(stat gw absorbed_acks)"
	# The kernel's own packets pass its own hook untouched, each one counted once.
	check $(( $(stat gw own_packets) == $(stat gw kernel_resends) + $(stat gw kernel_built) ? 0 : 1 )) \
		"own_packets $(stat gw own_packets) = kernel_resends + kernel_built"
}

# monitor NS NAME: `sipoffctl -j monitor` in NS, into $work/NAME.events (stopped by unmonitor).
monitor() {
	ip netns exec "$1" "$ctl" -j monitor >"$work/$2.events" 2>&1 &
	mon_pid=$!
}

unmonitor() {
	kill "$mon_pid" 2>/dev/null
	wait "$mon_pid" 2>/dev/null
}

# timeout_event FILE METHOD TIMER: the events show exactly one txn-timeout, for METHOD on TIMER.
timeout_event() {
	jq -s -e --arg m "$2" --arg t "$3" 'map(select(.event == "txn-timeout")) | length == 1 and
		.[0].txn.method == $m and .[0].txn.timer == $t' "$1" >/dev/null
}

t_offload_timer_h() {
	# The 486 is re-sent on Timer G (T1 doubling to T2: at 50, 150, 350, 750, 1150, 1550 ms
	# ...) while the callee's socket exists: its sipp (-nr: it sends the 486 once) leaves 1.5 s
	# after the 486, so 5 re-sends (4 if the guest runs its timers late; never more: the kernel
	# does not answer for a port nobody listens on).  Timer H still ends the transaction at
	# 64*T1: one txn-timeout event.
	net_up offload transparent 0 || return 1
	monitor gw h
	uas silent txn_uas_486.xml 1 -nr
	uac silent txn_uac_noack.xml 1
	wait $uas_pid
	wait_for 3 [ "$(stat gw timeouts_h)" = 1 ]
	check $(( $(stat gw timeouts_h) == 1 ? 0 : 1 )) "Timer H fired once ($(stat gw timeouts_h))"
	unmonitor
	check $(timeout_event "$work/h.events" INVITE H; echo $?) "one txn-timeout event: INVITE, Timer H"
	local r
	r=$(stat gw kernel_resends)
	check $(( r >= 4 && r <= 5 ? 0 : 1 )) "the 486 was re-sent $r times on Timer G (4 or 5)"
	r=$(count "$work/silent.uac.msg" '^SIP/2.0 486')
	check $(( r >= 5 && r <= 6 ? 0 : 1 )) "the caller got the 486 $r times (5 or 6)"
}

t_offload_timer_b() {
	# The INVITE to a port nobody answers is re-sent on Timer A (doubling, no T2 cap: at 50,
	# 150, 350, 750, 1550, 3150 ms) until Timer B (3.2 s): at most 6 re-sends (fewer when the
	# guest's timers run late), one event.
	net_up transparent offload 0 || return 1
	monitor uac b
	ip netns exec uac sipp -sf "$sc/txn_uac_unanswered.xml" -i $UAC -p 5070 -m 1 -nostdin -nr \
		-timeout 20s $GW:5099 >"$work/b.uac.out" 2>&1
	wait_for 3 [ "$(stat uac timeouts_b)" = 1 ]
	check $(( $(stat uac timeouts_b) == 1 ? 0 : 1 )) "Timer B fired once in the caller's namespace ($(stat uac timeouts_b))"
	unmonitor
	check $(timeout_event "$work/b.events" INVITE B; echo $?) "one txn-timeout event: INVITE, Timer B"
	local r
	r=$(stat uac kernel_resends)
	check $(( r >= 3 && r <= 6 ? 0 : 1 )) "the kernel re-sent the INVITE $r times on Timer A (3 to 6)"
}

t_offload_non2xx_acked_by_kernel() {
	# The caller's namespace offload: its kernel ACKs the 486 on the wire (RFC 3261 17.1.1.3)
	# for a caller that never sends an ACK; the callee (sipp -nr) gets exactly one ACK, with
	# the INVITE's branch and CSeq number.  The callee's namespace is transparent: an INVITE
	# copy the caller's kernel re-sends while a loaded callee has not answered yet is absorbed
	# there (its first copy reached the socket), and the first ACK passes.
	net_up transparent offload 0 || return 1
	uas kack txn_uas_486_ack.xml 1 -nr
	uac kack txn_uac_noack.xml 1 -nr
	wait $uas_pid
	check $? "the callee got its ACK"
	local acks inv_branch ack_branch
	acks=$(count "$work/kack.uas.msg" '^ACK ')
	check $(( acks == 1 ? 0 : 1 )) "the callee saw $acks ACK (1)"
	inv_branch=$(grep -A3 'message received' "$work/kack.uas.msg" | sed -n '/^INVITE /,/^Via/ s/^Via:.*branch=\([^; ]*\).*/\1/p' | head -n 1)
	ack_branch=$(grep -A3 'message received' "$work/kack.uas.msg" | sed -n '/^ACK /,/^Via/ s/^Via:.*branch=\([^; ]*\).*/\1/p' | head -n 1)
	check $([ -n "$inv_branch" ] && [ "$inv_branch" = "$ack_branch" ]; echo $?) "the ACK has the INVITE's branch ($ack_branch = $inv_branch)"
	check $(grep -A12 'message received' "$work/kack.uas.msg" | grep -qE '^CSeq: *1 ACK'; echo $?) "its CSeq is 1 ACK"
	check $(( $(grep -A2 'message sent' "$work/kack.uac.msg" | grep -c '^ACK ') == 0 ? 0 : 1 )) "the caller itself sent no ACK"
	check $(( $(stat uac kernel_built) >= 1 ? 0 : 1 )) "kernel_built $(stat uac kernel_built) in the caller's namespace"
}

t_offload_uac_nr_through_loss() {
	net_up transparent offload 0 || return 1
	loss 10% || return 1
	uas nr txn_uas_linger.xml 50
	uac nr txn_uac_loss.xml 50 -nr -r 10 -l 80
	check $? "50 calls with the caller's retransmissions off completed through 10% loss ($(grep -E 'Successful call|Failed call' "$work/nr.uac.out" | tail -2 | tr -s ' ' | tr '\n' ' '))"
	wait $uas_pid
	check $(( $(stat uac kernel_resends) > 0 ? 0 : 1 )) "the caller's kernel re-sent $(stat uac kernel_resends) messages"
	local n m
	# (its ACK again for a 2xx copy that passed before its ACK left is not a retransmission)
	for m in INVITE BYE; do
		n=$(count_cseq "$work/nr.uac.msg" sent "^$m " $m)
		check $(( n == 50 ? 0 : 1 )) "the caller's sipp sent $n ${m}s (50: no retransmission of its own)"
	done
	n=$(count "$work/nr.uas.msg" '^(INVITE|BYE) ')
	check $(( n >= 100 ? 0 : 1 )) "the callee saw $n INVITEs and BYEs"
}

t_offload_ipv6_call() {
	net_up offload offload 0 || return 1
	ip netns exec gw sipp -sf "$sc/txn_uas.xml" -i $GW6 -p 5060 -m 1 -nostdin -timeout 30s \
		>"$work/v6.uas.out" 2>&1 &
	uas_pid=$!
	wait_for 5 listening gw $GW6 5060
	ip netns exec uac sipp -sf "$sc/txn_uac.xml" -i $UAC6 -p 5070 -m 1 -nostdin -timeout 30s \
		-timeout_error "[$GW6]:5060" >"$work/v6.uac.out" 2>&1
	check $? "a call over IPv6 completed"
	wait $uas_pid
	check $(( $(stat gw transactions_created) >= 2 ? 0 : 1 )) "transactions over IPv6: $(stat gw transactions_created)"
}

# Three namespaces: uac --veth-- gw (Kamailio, stateful t_relay) --veth-- uas; sipoff in gw in
# transparent mode, off on the two ends; 10% loss on all four veth ends.
kam_up() {
	# SIPOFF_KAM_MODE=off gives the same run without sipoff, for comparison.
	net_up "${SIPOFF_KAM_MODE:-transparent}" off 0 || return 1
	ip netns exec uac "$ctl" config set mode off || return 1
	ns_link gw veth-gw2 10.99.2.1/24 uas veth-uas 10.99.2.2/24 &&
	ip netns exec uas "$ctl" config set mode off || return 1
	loss 10% &&
	ip netns exec gw tc qdisc add dev veth-gw2 root netem loss 10% &&
	ip netns exec uas tc qdisc add dev veth-uas root netem loss 10% || return 1
	mkdir -p "$work/kam"
	ip netns exec gw kamailio -f "$top/tests/kamailio/proxy.cfg" -DD -E -Y "$work/kam" \
		-P "$work/kam/pid" -l udp:$GW:5060 -l udp:10.99.2.1:5060 -m 32 -M 4 \
		-A 'UAS_ADDR="sip:10.99.2.2:5060"' >"$work/kam.log" 2>&1 &
	kam_pid=$!
	wait_for 10 listening gw $GW 5060 && wait_for 5 listening gw 10.99.2.1 5060
	kill -0 $kam_pid || return 1
}

kam_down() {
	kill $kam_pid 2>/dev/null
	wait $kam_pid 2>/dev/null
	ip netns del uas 2>/dev/null
}

# Requests Kamailio's script saw more than once (method Call-ID CSeq), from its xlog lines;
# only the methods given, if any.  An ACK of a 2xx may pass again after Kamailio re-sent that
# 2xx (its next hop lost the first ACK), so the calls test leaves ACKs out.
kam_dups() {
	local m="${*:-[A-Z]*}"
	sed -n 's/.*SIPOFF-REQ \([A-Z]*\) \([^ ]*\) \([0-9]*\) .*/\1 \2 \3/p' "$work/kam.log" |
		grep -E "^(${m// /|}) " | sort | uniq -d | wc -l
}

kam_count() {
	grep -c "SIPOFF-REQ $1 " "$work/kam.log"
}

t_transparent_kamailio_calls() {
	kam_up || { kam_down; return 1; }
	ip netns exec uas sipp -sf "$sc/txn_uas.xml" -i 10.99.2.2 -p 5060 -m 50 -nostdin -nd -trace_err -error_file "$work/kc.uas.err" \
		-timeout 120s >"$work/kc.uas.out" 2>&1 &
	uas_pid=$!
	wait_for 5 listening uas 10.99.2.2 5060
	# -nd: a late copy (e.g. a 200 the proxy forwards after the BYE) is not a reason to abort.
	# The ends (mode off) retransmit on their own timers through the loss; a call sipp gives up
	# on a loaded machine is sipp's, not sipoff's: what sipoff promises is counted exactly
	# (each INVITE and BYE the caller sent reached Kamailio once).
	uac kc txn_uac.xml 50 -r 10 -l 20 -nd
	local ok
	ok=$(grep 'Successful call' "$work/kc.uac.out" | tail -n 1 | awk '{ print $NF }')
	check $(( ${ok:-0} >= 40 ? 0 : 1 )) "calls through Kamailio with 10% loss: ${ok:-0} of 50 completed (at least 40; $(grep -E 'Failed call' "$work/kc.uac.out" | tail -1 | tr -s ' '))"
	wait $uas_pid
	sleep 0.5
	kam_down
	local dups
	dups=$(kam_dups INVITE BYE)
	check $(( dups == 0 ? 0 : 1 )) "Kamailio saw every INVITE and BYE once ($dups seen twice or more; INVITE $(kam_count INVITE), ACK $(kam_count ACK), BYE $(kam_count BYE))"
	check $(( $(kam_count INVITE) == 50 ? 0 : 1 )) "Kamailio saw 50 INVITEs ($(kam_count INVITE))"
	# Each BYE the caller got a 200 for passed Kamailio's script (none answered in its stead).
	# (Files, not <(...): the guest has no /dev/fd.)
	local missing
	answered_callids "$work/kc.uac.msg" BYE > "$work/kc.answered"
	sed -n 's/.*SIPOFF-REQ BYE \([^ ]*\) .*/\1/p' "$work/kam.log" | sort -u > "$work/kc.kambyes"
	missing=$(comm -23 "$work/kc.answered" "$work/kc.kambyes" | wc -l)
	check $(( missing == 0 ? 0 : 1 )) "Kamailio saw the BYE of each of the $(wc -l < "$work/kc.answered") calls whose BYE the caller got a 200 for ($missing not; the caller sent BYEs in $(sent_callids "$work/kc.uac.msg" BYE) calls)"
	comm -23 "$work/kc.answered" "$work/kc.kambyes" | sed 's/^/# answered without reaching Kamailio: /'
	echo "# calls whose BYE the caller sent, never got a 200 for, and Kamailio never saw (lost, and"
	echo "# sipp took a late copy of the INVITE's 200 for the BYE's): $(( $(sent_callids "$work/kc.uac.msg" BYE) - $(wc -l < "$work/kc.answered") - $(comm -13 "$work/kc.answered" "$work/kc.kambyes" | wc -l) ))"
	check $(( $(stat gw absorbed_requests) > 0 ? 0 : 1 )) "sipoff absorbed $(stat gw absorbed_requests) request copies and re-sent $(stat gw kernel_resends) answers"
}

t_transparent_kamailio_486() {
	kam_up || { kam_down; return 1; }
	ip netns exec uas sipp -sf "$sc/txn_uas_486_ack.xml" -i 10.99.2.2 -p 5060 -m 30 -nostdin \
		-timeout 120s >"$work/kb.uas.out" 2>&1 &
	uas_pid=$!
	wait_for 5 listening uas 10.99.2.2 5060
	# As in transparent_kamailio_calls: the ends' own give-ups are sipp's; the counts are exact.
	uac kb txn_uac_486.xml 30 -r 10 -l 40
	local ok
	ok=$(grep 'Successful call' "$work/kb.uac.out" | tail -n 1 | awk '{ print $NF }')
	check $(( ${ok:-0} >= 24 ? 0 : 1 )) "busy calls through Kamailio with 10% loss: ${ok:-0} of 30 ended with the 486 ACKed (at least 24)"
	wait $uas_pid
	sleep 0.5
	kam_down
	local acks sent
	acks=$(sed -n 's/.*SIPOFF-REQ ACK \([^ ]*\) .*/\1/p' "$work/kam.log" | sort -u | wc -l)
	sent=$(sent_callids "$work/kb.uac.msg" ACK)
	check $(( acks == sent ? 0 : 1 )) "Kamailio saw the first ACK of each 486 the caller ACKed ($acks of $sent calls)"
	check $(( $(kam_dups) == 0 ? 0 : 1 )) "and every request once ($(kam_dups) repeated)"
}

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(offload_slow_uas_one_invite offload_100_trying
	caps_pass_unhandled no_socket_no_answer operator_cancel_ringing_call
	operator_cancel_resent_until_answered operator_cancel_unanswered_times_out
	offload_486_resent_ack_absorbed
	offload_timer_h offload_timer_b offload_non2xx_acked_by_kernel offload_ipv6_call
	offload_loss_200_calls
	offload_bare_apps_drop10
	offload_uac_nr_through_loss transparent_kamailio_calls transparent_kamailio_486)
tap_failed() {
	local f
	for f in "$work"/*.out; do echo "# --- $f"; tail -n 5 "$f" | sed 's/^/# /'; done
	for f in "$work"/*.err; do
		[ -f "$f" ] || continue
		echo "# --- $f"
		grep -oE 'Aborting[^:]*|Unable[^:]*|while expecting[^,]*, received [^\r]{0,40}' "$f" |
			sort | uniq -c | head -n 8 | sed 's/^/# /'
	done
}
tap_cleanup() {
	local f
	[ -n "${SIPOFF_KEEP:-}" ] && for f in "$work"/*.msg; do echo "=== $f"; grep -B1 -A2 "received\|sent" "$f" | grep -v "^$\|^--"; done
	rm -f "$work"/*
	ip netns del gw 2>/dev/null
	ip netns del uac 2>/dev/null
	ip netns del uas 2>/dev/null
}
tap_run "${tests[@]}"
rc=$?
rm -rf "$work"
exit $rc
