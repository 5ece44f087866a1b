#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make run`, inside the test kernel: load sipoff, put a SIP server (sipp's built-in uas) in
# namespace "gw" and a caller (sipp's built-in uac) in namespace "uac" across a veth pair, run
# one call, and show what sipoff saw.
#   guest-run.sh MODULE_DIR SIPOFFCTL
set -eu
dir=$1 ctl=$2
insmod "$dir/sipoff.ko"

. "$(dirname "$0")/../netns.sh"
ns_link gw veth-gw 10.99.0.1/24 uac veth-uac 10.99.0.2/24 fd99::1/64 fd99::2/64

cd /run
sipoffd=$(dirname "$ctl")/sipoffd
ip netns exec gw "$ctl" monitor >/run/events.txt 2>&1 &
mon=$!
ip netns exec gw "$sipoffd" -o /run/records.jsonl >/run/sipoffd.out 2>&1 &
daemon=$!
sleep 0.5
echo "== one call: sipp uac (10.99.0.2) -> sipp uas (10.99.0.1:5060, namespace gw)"
ip netns exec gw sipp -sn uas -i 10.99.0.1 -p 5060 -m 1 -nostdin -timeout 30s \
	-trace_msg -message_file /run/uas-messages.log >/run/uas.out 2>&1 &
uas=$!
sleep 1
rc=0
ip netns exec uac sipp -sn uac 10.99.0.1:5060 -i 10.99.0.2 -p 5070 -m 1 -nostdin -d 2000 \
	-timeout 30s -timeout_error >/run/uac.out 2>&1 &
uac=$!
sleep 1.5
echo "== /proc/net/sipoff/dialogs in namespace gw, during the call"
ip netns exec gw cat /proc/net/sipoff/dialogs
wait $uac || rc=$?
wait $uas || true
if [ $rc = 0 ]; then
	echo "call completed (sipp uac exit 0)"
else
	echo "call FAILED (sipp uac exit $rc)"
	tail -n 20 /run/uac.out
fi
echo "== messages the server received"
grep -E '^(INVITE|ACK|BYE) |^SIP/2.0 ' /run/uas-messages.log 2>/dev/null | head -n 20 || true

sleep 1
kill $mon $daemon 2>/dev/null
wait $mon $daemon 2>/dev/null
echo "== events (sipoffctl monitor, namespace gw)"
cat /run/events.txt
echo "== call record (sipoffd)"
cat /run/records.jsonl
echo "== /proc/net/sipoff/stats in namespace gw"
ip netns exec gw cat /proc/net/sipoff/stats | grep -v " 0$"
echo "== sipoffctl transaction show (namespace gw; also in /proc/net/sipoff/transactions)"
ip netns exec gw "$ctl" transaction show
echo "== sipoffctl config show (namespace gw)"
ip netns exec gw "$ctl" config show
rmmod sipoff
exit $rc
