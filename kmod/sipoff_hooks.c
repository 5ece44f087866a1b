// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_hooks.c - the netfilter hooks: which packets are sipoff's, and a linear view of them.
 *
 * A UDP packet is sipoff's when its local port is a configured SIP port: the destination port
 * at LOCAL_IN, the source port at LOCAL_OUT (semantics.md section 1).  Everything else returns
 * after a protocol test and one port compare per configured port.  The hooks sit after the
 * filter table on both hooks, so the firewall decides first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/mm.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "sipoff.h"

/* Largest UDP payload: a datagram sipoff sees whole (IPv4 LOCAL_IN is reassembled, IPv6 too
 * through nf_defrag_ipv6, LOCAL_OUT is before fragmentation).
 */
#define SIPOFF_SCRATCH_SIZE	65536

/* Per-cpu linear copy of a non-linear payload; used with BHs off. */
static DEFINE_PER_CPU(u8 *, sipoff_scratch);

static bool sipoff_is_keepalive(const u8 *p, unsigned int len)
{
	unsigned int i;

	/* RFC 5626 3.5.1: CRLF (or the double CRLF ping); some agents send a lone CR or LF. */
	if (len > 4)
		return false;
	for (i = 0; i < len; i++)
		if (p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

static bool sipoff_is_stun(const u8 *p, unsigned int len)
{
	/* RFC 5389 6: two zero bits, then the magic cookie 0x2112A442 at offset 4. */
	return len >= 20 && (p[0] & 0xc0) == 0 &&
	       p[4] == 0x21 && p[5] == 0x12 && p[6] == 0xa4 && p[7] == 0x42;
}

/*
 * One SIP-port datagram, payload linear at @p.  Runs with BHs off (the payload may sit in this
 * CPU's scratch buffer).  Returns the netfilter verdict.
 */
static unsigned int sipoff_handle(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
				  const u8 *p, unsigned int len, bool in)
{
	if (len == 0 || sipoff_is_keepalive(p, len)) {
		sipoff_stat_inc(sn, SIPOFF_STAT_KEEPALIVES);
		return NF_ACCEPT;
	}
	if (sipoff_is_stun(p, len)) {
		sipoff_stat_inc(sn, SIPOFF_STAT_STUN);
		return NF_ACCEPT;
	}
	if (len >= 8 && !memcmp(p, "SIP/2.0 ", 8))
		sipoff_stat_inc(sn, in ? SIPOFF_STAT_RESPONSES_IN : SIPOFF_STAT_RESPONSES_OUT);
	else
		sipoff_stat_inc(sn, in ? SIPOFF_STAT_REQUESTS_IN : SIPOFF_STAT_REQUESTS_OUT);
	return NF_ACCEPT;
}

/* The UDP header offset of @skb if it is an unfragmented UDP packet, else a negative value. */
static int sipoff_udp_offset(struct sk_buff *skb, u8 pf)
{
	__be16 frag_off;
	u8 nexthdr;
	int off;

	if (pf == NFPROTO_IPV4) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
			return -1;
		return skb_network_offset(skb) + ip_hdrlen(skb);
	}
	nexthdr = ipv6_hdr(skb)->nexthdr;
	if (likely(nexthdr == IPPROTO_UDP))
		return skb_network_offset(skb) + sizeof(struct ipv6hdr);
	off = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(struct ipv6hdr),
			       &nexthdr, &frag_off);
	if (off < 0 || nexthdr != IPPROTO_UDP || frag_off)
		return -1;
	return off;
}

static unsigned int sipoff_hook(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const bool in = state->hook == NF_INET_LOCAL_IN;
	const struct sipoff_cfg *cfg;
	struct sipoff_net *sn;
	struct udphdr _uh;
	const struct udphdr *uh;
	unsigned int plen, verdict;
	const u8 *p;
	u16 lport;
	int thoff;
	u32 i;

	thoff = sipoff_udp_offset(skb, state->pf);
	if (thoff < 0)
		return NF_ACCEPT;
	uh = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);
	if (!uh)
		return NF_ACCEPT;
	lport = ntohs(in ? uh->dest : uh->source);

	sn = sipoff_pernet(state->net);
	cfg = rcu_dereference(sn->cfg);	/* netfilter hooks run under rcu_read_lock() */
	for (i = 0; i < cfg->nports; i++)
		if (cfg->ports[i] == lport)
			break;
	if (likely(i == cfg->nports))
		return NF_ACCEPT;

	/* A SIP-port datagram. */
	sipoff_stat_inc(sn, in ? SIPOFF_STAT_PKTS_IN : SIPOFF_STAT_PKTS_OUT);
	plen = ntohs(uh->len);
	if (plen < sizeof(*uh) || plen > skb->len - thoff || skb_is_gso(skb)) {
		sipoff_stat_inc(sn, SIPOFF_STAT_UDP_BAD);
		return NF_ACCEPT;
	}
	plen -= sizeof(*uh);
	sipoff_stat_add(sn, in ? SIPOFF_STAT_BYTES_IN : SIPOFF_STAT_BYTES_OUT, plen);

	local_bh_disable();
	if (likely(skb_headlen(skb) >= thoff + sizeof(*uh) + plen)) {
		p = skb->data + thoff + sizeof(*uh);
	} else {
		u8 *buf = this_cpu_read(sipoff_scratch);

		sipoff_stat_inc(sn, SIPOFF_STAT_NONLINEAR);
		if (skb_copy_bits(skb, thoff + sizeof(*uh), buf, plen)) {
			local_bh_enable();
			sipoff_stat_inc(sn, SIPOFF_STAT_UDP_BAD);
			return NF_ACCEPT;
		}
		p = buf;
	}
	verdict = sipoff_handle(sn, cfg, p, plen, in);
	local_bh_enable();
	return verdict;
}

static const struct nf_hook_ops sipoff_nf_ops[] = {
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_FILTER + 1,
	},
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_FILTER + 1,
	},
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_FILTER + 1,
	},
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_FILTER + 1,
	},
};

/**
 * sipoff_hooks_init() - enable IPv6 defragmentation and register the hooks in a namespace
 * @sn: the namespace's state
 *
 * Return: 0 or a negative errno.
 */
int sipoff_hooks_init(struct sipoff_net *sn)
{
	int err;

	err = nf_defrag_ipv6_enable(sn->net);
	if (err)
		return err;
	sn->defrag6_on = true;
	err = nf_register_net_hooks(sn->net, sipoff_nf_ops, ARRAY_SIZE(sipoff_nf_ops));
	if (err) {
		nf_defrag_ipv6_disable(sn->net);
		sn->defrag6_on = false;
		return err;
	}
	sn->hooks_on = true;
	return 0;
}

/**
 * sipoff_hooks_uninit() - unregister a namespace's hooks; waits for running hooks to finish
 * @sn: the namespace's state
 */
void sipoff_hooks_uninit(struct sipoff_net *sn)
{
	if (sn->hooks_on)
		nf_unregister_net_hooks(sn->net, sipoff_nf_ops, ARRAY_SIZE(sipoff_nf_ops));
	sn->hooks_on = false;
	if (sn->defrag6_on)
		nf_defrag_ipv6_disable(sn->net);
	sn->defrag6_on = false;
}

/**
 * sipoff_scratch_init() - allocate every possible CPU's scratch buffer
 *
 * Return: 0 or -ENOMEM.
 */
int sipoff_scratch_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		u8 *buf = kvmalloc_node(SIPOFF_SCRATCH_SIZE, GFP_KERNEL, cpu_to_node(cpu));

		if (!buf) {
			sipoff_scratch_uninit();
			return -ENOMEM;
		}
		per_cpu(sipoff_scratch, cpu) = buf;
	}
	return 0;
}

/**
 * sipoff_scratch_uninit() - free the scratch buffers; no hook may run any more
 */
void sipoff_scratch_uninit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(sipoff_scratch, cpu));
		per_cpu(sipoff_scratch, cpu) = NULL;
	}
}
