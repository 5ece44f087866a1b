// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_stats.c - per-cpu counters of each namespace: names and summing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/percpu.h>
#include <linux/string.h>
#include "sipoff.h"

const char *const sipoff_stat_names[SIPOFF_STAT_NUM] = {
	[SIPOFF_STAT_PKTS_IN]		= "sip_packets_in",
	[SIPOFF_STAT_PKTS_OUT]		= "sip_packets_out",
	[SIPOFF_STAT_BYTES_IN]		= "sip_bytes_in",
	[SIPOFF_STAT_BYTES_OUT]		= "sip_bytes_out",
	[SIPOFF_STAT_REQUESTS_IN]	= "requests_in",
	[SIPOFF_STAT_REQUESTS_OUT]	= "requests_out",
	[SIPOFF_STAT_RESPONSES_IN]	= "responses_in",
	[SIPOFF_STAT_RESPONSES_OUT]	= "responses_out",
	[SIPOFF_STAT_KEEPALIVES]	= "keepalives",
	[SIPOFF_STAT_STUN]		= "stun",
	[SIPOFF_STAT_PARSE_ERRORS]	= "parse_errors",
	[SIPOFF_STAT_NONLINEAR]		= "nonlinear_copies",
	[SIPOFF_STAT_UDP_BAD]		= "udp_malformed",
	[SIPOFF_STAT_TXN_CREATED]	= "transactions_created",
	[SIPOFF_STAT_TXN_FREED]		= "transactions_freed",
	[SIPOFF_STAT_ABSORBED_REQUESTS]	= "absorbed_requests",
	[SIPOFF_STAT_ABSORBED_RESPONSES] = "absorbed_responses",
	[SIPOFF_STAT_ABSORBED_ACKS]	= "absorbed_acks",
	[SIPOFF_STAT_KERNEL_RESENDS]	= "kernel_resends",
	[SIPOFF_STAT_KERNEL_BUILT]	= "kernel_built",
	[SIPOFF_STAT_RESENDS_LIMITED]	= "resends_limited",
	[SIPOFF_STAT_XMIT_ERRORS]	= "xmit_errors",
	[SIPOFF_STAT_TIMEOUT_B]		= "timeouts_b",
	[SIPOFF_STAT_TIMEOUT_F]		= "timeouts_f",
	[SIPOFF_STAT_TIMEOUT_H]		= "timeouts_h",
	[SIPOFF_STAT_TIMEOUT_NO_ACK]	= "timeouts_no_ack",
	[SIPOFF_STAT_CAP_TXNS]		= "cap_transactions",
	[SIPOFF_STAT_CAP_BYTES]		= "cap_bytes",
	[SIPOFF_STAT_NO_SOCKET]		= "no_socket",
	[SIPOFF_STAT_OWN_PACKETS]	= "own_packets",
	[SIPOFF_STAT_FOREIGN_COPIES]	= "foreign_copies",
	[SIPOFF_STAT_UDP_CSUM_BAD]	= "udp_bad_checksum",
	[SIPOFF_STAT_OVL_REJECTED]	= "overload_rejected",
	[SIPOFF_STAT_OVL_RATE_LIMITED]	= "overload_rate_limited",
	[SIPOFF_STAT_OVL_TOO_BIG]	= "overload_not_built",
	[SIPOFF_STAT_OVL_ACKS_ABSORBED]	= "overload_acks_absorbed",
	[SIPOFF_STAT_OVL_ONSETS]	= "overload_onsets",
	[SIPOFF_STAT_OVL_EVENTS_LIMITED] = "overload_events_limited",
};

/**
 * sipoff_stat_name() - name of counter @i of the SIPOFF_STATS_ALL a namespace has
 * @i: index, below SIPOFF_STATS_ALL
 * @buf: room for a composed name
 * @len: size of @buf
 *
 * Return: the name: a fixed one, or "parse_error_<reason>" composed in @buf.
 */
const char *sipoff_stat_name(unsigned int i, char *buf, size_t len)
{
	if (i < SIPOFF_STAT_NUM)
		return sipoff_stat_names[i];
	snprintf(buf, len, "parse_error_%s",
		 sipoff_parse_err_name(i - SIPOFF_STAT_NUM + SIPOFF_PERR_FIRST_ERROR));
	return buf;
}

/**
 * sipoff_stats_read() - sum a namespace's counters over all CPUs
 * @sn: the namespace's state
 * @out: SIPOFF_STATS_ALL values, in sipoff_stat_name() order
 *
 * Counters only grow; a reader racing a writer sees some value between the two, per counter.
 */
void sipoff_stats_read(struct sipoff_net *sn, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * SIPOFF_STATS_ALL);
	for_each_possible_cpu(cpu) {
		const struct sipoff_stats *s = per_cpu_ptr(sn->stats, cpu);

		for (i = 0; i < SIPOFF_STAT_NUM; i++)
			out[i] += READ_ONCE(s->v[i]);
		for (i = SIPOFF_PERR_FIRST_ERROR; i < SIPOFF_PERR_COUNT; i++)
			out[SIPOFF_STAT_NUM + i - SIPOFF_PERR_FIRST_ERROR] +=
				READ_ONCE(s->parse_err[i]);
	}
}
