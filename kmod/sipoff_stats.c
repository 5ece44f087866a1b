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
};

/**
 * sipoff_stats_read() - sum a namespace's counters over all CPUs
 * @sn: the namespace's state
 * @out: SIPOFF_STAT_NUM values
 *
 * Counters only grow; a reader racing a writer sees some value between the two, per counter.
 */
void sipoff_stats_read(struct sipoff_net *sn, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * SIPOFF_STAT_NUM);
	for_each_possible_cpu(cpu) {
		const struct sipoff_stats *s = per_cpu_ptr(sn->stats, cpu);

		for (i = 0; i < SIPOFF_STAT_NUM; i++)
			out[i] += READ_ONCE(s->v[i]);
	}
}
