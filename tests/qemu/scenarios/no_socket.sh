# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2154
# Scenario "no_socket": the kernel answers for a SIP port only while a socket listens on it
# (semantics.md 2.2), on Debian's 6.1 kernel, in the initial netns in the default mode
# (transparent).  One OPTIONS request (fixed branch and Call-ID, from port 5071) to a minimal UAS
# (udpprobe serve) on 127.0.0.1:SIP_PORT, answered 200; a copy of it while the UAS still
# listens: absorbed, and the kernel re-sends the kept 200 (the UAS sees no second request);
# the UAS exits, another copy: no answer at all, and no_socket counts it.

ns_req=$T/nosock.req
printf 'OPTIONS sip:x@127.0.0.1:%s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-nosock-1\r\nFrom: <sip:a@127.0.0.1>;tag=ns1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: nosock-1@qemu\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n' \
	"$SIP_PORT" >$ns_req
ns_mode=$(awk '$1 == "mode" { print $2; exit }' /proc/net/sipoff/config 2>/dev/null)
diag "no_socket: mode ${ns_mode:-?} (/proc/net/sipoff/config)"
rm -f $T/ready
$PROBE serve 127.0.0.1 $SIP_PORT -t 30 -r $T/ready >$T/nosock.serve 2>&1 &
ns_srv=$!
wait_file $T/ready
snap $T/ns0
ns_o1=$(probe send 127.0.0.1 $SIP_PORT -f $ns_req -s 5071 -w 2 2>&1)
snap $T/ns1
ns_o2=$(probe send 127.0.0.1 $SIP_PORT -f $ns_req -s 5071 -w 2 2>&1)
snap $T/ns2
kill $ns_srv 2>/dev/null
wait $ns_srv
# the UAS is reaped: its socket is closed
ns_o3=$(probe send 127.0.0.1 $SIP_PORT -f $ns_req -s 5071 -w 2 2>&1)
snap $T/ns3
diag "no_socket: first: $ns_o1; copy while listening: $ns_o2; copy after: $ns_o3; UAS: $(cat $T/nosock.serve)"
ns_recvd=$(field "$(cat $T/nosock.serve)" received)
check "no_socket: the UAS answered the request (1 answer: $ns_o1)" [ "$(field "$ns_o1" answers)" = 1 ]
check "no_socket: a copy while it listens: answered once ($ns_o2), by the kernel (kernel_resends +$(delta $T/ns1 $T/ns2 kernel_resends), absorbed_requests +$(delta $T/ns1 $T/ns2 absorbed_requests)), the UAS received 1 request ($ns_recvd)" \
	[ "$(field "$ns_o2" answers)" = 1 -a "$(delta $T/ns1 $T/ns2 kernel_resends)" = 1 -a \
	  "$(delta $T/ns1 $T/ns2 absorbed_requests)" = 1 -a "${ns_recvd:-0}" = 1 ]
check "no_socket: a copy once nobody listens: no answer ($ns_o3), no_socket +$(delta $T/ns2 $T/ns3 no_socket), kernel_resends +$(delta $T/ns2 $T/ns3 kernel_resends)" \
	[ "$(field "$ns_o3" answers)" = 0 -a "$(delta $T/ns2 $T/ns3 no_socket)" = 1 -a \
	  "$(delta $T/ns2 $T/ns3 kernel_resends)" = 0 ]
check "no_socket: dmesg clean" dmesg_clean
