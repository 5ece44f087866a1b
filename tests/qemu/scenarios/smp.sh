# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2154
# Scenario "smp": for SECONDS_TRAFFIC seconds, SIP requests over IPv4 and IPv6 from senders pinned
# to each CPU, answered by UAS pinned to the other CPU, while non-SIP traffic runs on both CPUs
# too.  The per-cpu counters summed in /proc must account for every SIP datagram (between what
# the sockets got and what was sent) and for none of the others.

last=$((NCPUS - 1))
check "guest has at least 2 CPUs" [ $NCPUS -ge 2 ]
rm -f $T/ready4 $T/ready6 $T/readyo4 $T/readyo6
t=$((SECONDS_TRAFFIC + 15))
$PROBE serve 127.0.0.1 $SIP_PORT -c $last -t $t -i 2 -r $T/ready4 >$T/srv4.out 2>&1 &
s4=$!
$PROBE serve ::1 $SIP_PORT -c 0 -t $t -i 2 -r $T/ready6 >$T/srv6.out 2>&1 &
s6=$!
$PROBE recv 127.0.0.1 $OTHER_PORT -c 0 -t $t -i 2 -r $T/readyo4 >$T/rcvo4.out 2>&1 &
o4=$!
$PROBE recv ::1 $OTHER_PORT -c $last -t $t -i 2 -r $T/readyo6 >$T/rcvo6.out 2>&1 &
o6=$!
for f in ready4 ready6 readyo4 readyo6; do wait_file $T/$f; done
snap $T/before
$PROBE send 127.0.0.1 $SIP_PORT -c 0 -t $SECONDS_TRAFFIC -w 2 >$T/c4.out 2>&1 &
c4=$!
$PROBE send ::1 $SIP_PORT -c $last -t $SECONDS_TRAFFIC -w 2 >$T/c6.out 2>&1 &
c6=$!
$PROBE send 127.0.0.1 $OTHER_PORT -c $last -t $SECONDS_TRAFFIC -k junk >$T/j4.out 2>&1 &
j4=$!
$PROBE send ::1 $OTHER_PORT -c 0 -t $SECONDS_TRAFFIC -k sip >$T/j6.out 2>&1 &
j6=$!
wait $c4 $c6 $j4 $j6
kill $s4 $s6 $o4 $o6 2>/dev/null
wait $s4 $s6 $o4 $o6
snap $T/after
for f in c4 c6 j4 j6 srv4 srv6 rcvo4 rcvo6; do diag "$f: $(cat $T/$f.out)"; done

sent=$(( $(field "$(cat $T/c4.out)" sent) + $(field "$(cat $T/c6.out)" sent) ))
recvd=$(( $(field "$(cat $T/srv4.out)" received) + $(field "$(cat $T/srv6.out)" received) ))
answered=$(( $(field "$(cat $T/srv4.out)" answered) + $(field "$(cat $T/srv6.out)" answered) ))
check "SIP senders ran on CPU 0 and CPU $last" [ "$(field "$(cat $T/c4.out)" cpu)" = 0 -a "$(field "$(cat $T/c6.out)" cpu)" = $last ]
check "SIP traffic flowed on both CPUs ($sent sent, $recvd received, $answered answered)" [ $sent -gt 0 -a $recvd -gt 0 -a $answered -gt 0 ]
check "non-SIP traffic flowed ($(field "$(cat $T/j4.out)" sent) + $(field "$(cat $T/j6.out)" sent) sent)" [ "$(field "$(cat $T/j4.out)" sent)" -gt 0 -a "$(field "$(cat $T/j6.out)" sent)" -gt 0 ]
check_rise $T/before $T/after $recvd $sent "$SIP_RX_COUNTERS" "2 CPUs, requests to :$SIP_PORT"
check_rise $T/before $T/after $answered $answered "$SIP_TX_COUNTERS" "2 CPUs, answers from :$SIP_PORT"
check_still $T/before $T/after "$CLEAN_COUNTERS" "2 CPUs, well-formed SIP"
check "dmesg clean after the smp scenario" dmesg_clean
