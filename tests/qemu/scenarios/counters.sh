# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2154
# Scenario "counters": SIP requests to the SIP port over 127.0.0.1 and ::1 from an ephemeral
# port, answered from the SIP port by a minimal UAS (udpprobe serve), raise the LOCAL_IN and
# LOCAL_OUT counters; SIP and non-SIP datagrams between other ports move no counter.
# Sourced by init.sh (see its helpers).

check "$STATS readable" test -r $STATS
diag "stats after insmod: $(tr '\n' ' ' <$STATS 2>/dev/null)"

counters_sip() { # counters_sip ADDR LABEL
	local addr=$1 label=$2 out srv sent recvd answered
	rm -f $T/ready
	$PROBE serve $addr $SIP_PORT -t 20 -i 1 -r $T/ready >$T/serve.out 2>&1 &
	srv=$!
	wait_file $T/ready
	snap $T/before
	out=$(probe send $addr $SIP_PORT -n 50 -w 2 2>&1)
	kill $srv 2>/dev/null
	wait $srv
	snap $T/after
	sent=$(field "$out" sent)
	recvd=$(field "$(cat $T/serve.out)" received)
	answered=$(field "$(cat $T/serve.out)" answered)
	diag "$label: client: $out; server: $(cat $T/serve.out)"
	check "$label: 50 OPTIONS sent, received and answered" [ "${sent:-0}" = 50 -a "${recvd:-0}" = 50 -a "${answered:-0}" = 50 ]
	check_rise $T/before $T/after "${recvd:-1}" "${sent:-0}" "$SIP_RX_COUNTERS" "$label requests to :$SIP_PORT"
	check_rise $T/before $T/after "${answered:-1}" "${answered:-0}" "$SIP_TX_COUNTERS" "$label answers from :$SIP_PORT"
	check_still $T/before $T/after "$CLEAN_COUNTERS" "$label well-formed SIP"
}
counters_sip 127.0.0.1 "IPv4"
counters_sip ::1 "IPv6"

# Non-SIP port: junk and a SIP-looking request (answered from that port too), v4 and v6.
snap $T/before
for addr in 127.0.0.1 ::1; do
	rm -f $T/ready
	$PROBE serve $addr $OTHER_PORT -t 20 -i 1 -r $T/ready >$T/serve.out 2>&1 &
	srv=$!
	wait_file $T/ready
	o1=$(probe send $addr $OTHER_PORT -n 50 -k junk 2>&1)
	o2=$(probe send $addr $OTHER_PORT -n 50 -k sip -w 2 2>&1)
	kill $srv 2>/dev/null
	wait $srv
	diag "non-SIP port $addr: junk: $o1; sip: $o2; server: $(cat $T/serve.out)"
done
snap $T/after
check_still $T/before $T/after "$STILL_COUNTERS" "traffic on :$OTHER_PORT only"
check "dmesg clean after the counters scenario" dmesg_clean
