// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_hooks.c - the netfilter hooks: which packets are sipoff's, and a linear view of them.
 *
 * A UDP packet is sipoff's when its local port is a configured SIP port: the destination port
 * at LOCAL_IN, the source port at LOCAL_OUT (semantics.md section 1).  Everything else returns
 * after a protocol test and one port compare per configured port.
 *
 * Priority: last but the conntrack confirmation (SIPOFF_NF_PRI), on both hooks and both
 * families: after the filter and security tables, SELinux, NAT and any nftables chain of a
 * usual priority, so the firewall decides first, a banned source gets no answer from the
 * kernel, and a datagram sipoff saw at LOCAL_IN is one the socket layer is offered
 * (semantics.md 1).  What the socket layer may still refuse (a full receive queue, a socket
 * filter) moves its drop counter, which the transaction layer reads.  A datagram whose UDP
 * checksum is wrong (the socket would drop it at recvmsg) passes untouched, counted, and
 * creates no state.
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
#include <linux/netdevice.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "sipoff.h"
#include "sipoff_parser.h"
#include "sipoff_txns.h"
#include "sipoff_dialogs.h"
#include "sipoff_xmit.h"

/*
 * The hooks' priority: after every table and chain that can drop the packet; only the
 * conntrack confirmation (INT_MAX, at LOCAL_IN) comes later.
 */
#define SIPOFF_NF_PRI		(NF_IP_PRI_LAST - 1)
static_assert((int)NF_IP_PRI_LAST == (int)NF_IP6_PRI_LAST);

/* Largest UDP payload: a datagram sipoff sees whole (IPv4 LOCAL_IN is reassembled, IPv6 too
 * through nf_defrag_ipv6, LOCAL_OUT is before fragmentation).
 */
#define SIPOFF_SCRATCH_SIZE	65536

/* How many values of each list (Via, Route, Record-Route, Contact) the parser indexes. */
#define SIPOFF_PARSE_CAP	SIPOFF_MAX_ROUTE

/*
 * Per-cpu work area, used with BHs off: a linear copy of a non-linear payload and the message
 * index (too big for the stack).
 */
struct sipoff_scratch {
	struct sipoff_msg msg;
	u8 buf[SIPOFF_SCRATCH_SIZE];
};

static DEFINE_PER_CPU(struct sipoff_scratch *, sipoff_scratch);

/*
 * One SIP-port datagram, payload linear at pkt->data.  Runs with BHs off (the payload and the
 * message index sit in this CPU's scratch area).  Returns the netfilter verdict.
 */
static unsigned int sipoff_handle(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
				  struct sipoff_pkt *pkt, struct sipoff_msg *msg)
{
	enum sipoff_parse_err err;

	err = sipoff_parse(pkt->data, pkt->len, SIPOFF_PARSE_CAP, msg);
	switch (err) {
	case SIPOFF_PERR_OK:
		break;
	case SIPOFF_PERR_KEEPALIVE:
		sipoff_stat_inc(sn, SIPOFF_STAT_KEEPALIVES);
		return NF_ACCEPT;
	case SIPOFF_PERR_STUN:
		sipoff_stat_inc(sn, SIPOFF_STAT_STUN);
		return NF_ACCEPT;
	default:
		/* Not understood: counted by reason and passed untouched (semantics.md 1). */
		sipoff_stat_inc(sn, SIPOFF_STAT_PARSE_ERRORS);
		if (err < SIPOFF_PERR_COUNT)
			this_cpu_inc(sn->stats->parse_err[err]);
		return NF_ACCEPT;
	}
	pkt->msg = msg;
	if (sipoff_msg_is_request(msg))
		sipoff_stat_inc(sn, pkt->in ? SIPOFF_STAT_REQUESTS_IN : SIPOFF_STAT_REQUESTS_OUT);
	else
		sipoff_stat_inc(sn, pkt->in ? SIPOFF_STAT_RESPONSES_IN : SIPOFF_STAT_RESPONSES_OUT);
	if (cfg->mode == SIPOFF_MODE_OFF)
		return NF_ACCEPT;
	if (sipoff_txns_msg(sn, cfg, pkt) != NF_ACCEPT)
		return NF_DROP;
	if (cfg->mode != SIPOFF_MODE_OFF && !pkt->retrans)
		sipoff_dialogs_msg(sn, cfg, pkt);
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

static void sipoff_pkt_addrs(struct sipoff_pkt *pkt, const struct udphdr *uh)
{
	const union nf_inet_addr *src, *dst;

	if (pkt->family == NFPROTO_IPV4) {
		const struct iphdr *iph = ip_hdr(pkt->skb);

		memset(&pkt->laddr, 0, sizeof(pkt->laddr));
		memset(&pkt->raddr, 0, sizeof(pkt->raddr));
		if (pkt->in) {
			pkt->laddr.ip = iph->daddr;
			pkt->raddr.ip = iph->saddr;
		} else {
			pkt->laddr.ip = iph->saddr;
			pkt->raddr.ip = iph->daddr;
		}
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(pkt->skb);

		src = (const union nf_inet_addr *)&ip6h->saddr;
		dst = (const union nf_inet_addr *)&ip6h->daddr;
		pkt->laddr = pkt->in ? *dst : *src;
		pkt->raddr = pkt->in ? *src : *dst;
	}
	pkt->lport = pkt->in ? uh->dest : uh->source;
	pkt->rport = pkt->in ? uh->source : uh->dest;
}

/*
 * Whether the UDP checksum of a datagram at LOCAL_IN is wrong: what udp_rcv() and recvmsg()
 * would find.  A verified sum is left in the skb (CHECKSUM_COMPLETE or UNNECESSARY), so the
 * socket layer does not compute it again.  IPv4 may send no checksum (0); IPv6 may not.
 */
static bool sipoff_udp_csum_bad(struct sk_buff *skb, const struct nf_hook_state *state,
				int thoff, const struct udphdr *uh, unsigned int ulen)
{
	if (!uh->check)
		return state->pf != NFPROTO_IPV4;
	if (ulen == skb->len - thoff)
		return nf_checksum(skb, state->hook, thoff, IPPROTO_UDP, state->pf);
	return nf_checksum_partial(skb, state->hook, thoff, ulen, IPPROTO_UDP, state->pf);
}

static unsigned int sipoff_hook(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const bool in = state->hook == NF_INET_LOCAL_IN;
	struct sipoff_scratch *scratch;
	const struct sipoff_cfg *cfg;
	struct sipoff_net *sn;
	struct sipoff_pkt pkt;
	struct udphdr _uh;
	const struct udphdr *uh;
	unsigned int plen, verdict;
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

	/* A SIP-port datagram; one the kernel is sending itself passes untouched. */
	if (!in && sipoff_xmit_skb_is_ours(sn, skb)) {
		sipoff_stat_inc(sn, SIPOFF_STAT_OWN_PACKETS);
		return NF_ACCEPT;
	}
	/*
	 * Under a VRF a locally sent packet passes LOCAL_OUT twice: once with the VRF device as
	 * output (vrf_ip_out_direct() or its qdisc), once with the real device.  Only the second
	 * is handled, so the application's packet is one message, not a message and its copy.
	 */
	if (!in && state->out && netif_is_l3_master(state->out))
		return NF_ACCEPT;
	sipoff_stat_inc(sn, in ? SIPOFF_STAT_PKTS_IN : SIPOFF_STAT_PKTS_OUT);
	plen = ntohs(uh->len);
	if (plen < sizeof(*uh) || plen > skb->len - thoff || skb_is_gso(skb)) {
		sipoff_stat_inc(sn, SIPOFF_STAT_UDP_BAD);
		return NF_ACCEPT;
	}
	/* The socket layer would drop it: no state from it (semantics.md 1). */
	if (in && sipoff_udp_csum_bad(skb, state, thoff, uh, plen)) {
		sipoff_stat_inc(sn, SIPOFF_STAT_UDP_CSUM_BAD);
		return NF_ACCEPT;
	}
	plen -= sizeof(*uh);
	sipoff_stat_add(sn, in ? SIPOFF_STAT_BYTES_IN : SIPOFF_STAT_BYTES_OUT, plen);

	pkt.skb = skb;
	pkt.state = state;
	pkt.in = in;
	pkt.family = state->pf;
	pkt.len = plen;
	pkt.poff = thoff + sizeof(*uh);
	pkt.msg = NULL;
	pkt.retrans = false;
	pkt.matched = false;
	sipoff_pkt_addrs(&pkt, uh);

	local_bh_disable();
	scratch = this_cpu_read(sipoff_scratch);
	if (likely(skb_headlen(skb) >= thoff + sizeof(*uh) + plen)) {
		pkt.data = skb->data + thoff + sizeof(*uh);
	} else {
		sipoff_stat_inc(sn, SIPOFF_STAT_NONLINEAR);
		if (skb_copy_bits(skb, thoff + sizeof(*uh), scratch->buf, plen)) {
			local_bh_enable();
			sipoff_stat_inc(sn, SIPOFF_STAT_UDP_BAD);
			return NF_ACCEPT;
		}
		pkt.data = scratch->buf;
	}
	verdict = sipoff_handle(sn, cfg, &pkt, &scratch->msg);
	local_bh_enable();
	if (verdict == NF_DROP && !in) {
		/* Absorbed at LOCAL_OUT: NF_DROP would fail the application's sendmsg() with
		 * EPERM (semantics.md 2.2 rule 4).
		 */
		kfree_skb(skb);
		return NF_STOLEN;
	}
	return verdict;
}

static const struct nf_hook_ops sipoff_nf_ops[] = {
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= SIPOFF_NF_PRI,
	},
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= SIPOFF_NF_PRI,
	},
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= SIPOFF_NF_PRI,
	},
	{
		.hook		= sipoff_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= SIPOFF_NF_PRI,
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
 * sipoff_hooks_uninit() - unregister a namespace's hooks
 * @sn: the namespace's state
 *
 * Does not wait for hooks running on other CPUs: the caller is the namespace's pre_exit, and
 * the core waits for an RCU grace period before the exit that frees the tables they use.
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
		struct sipoff_scratch *buf = kvmalloc_node(sizeof(*buf), GFP_KERNEL,
							   cpu_to_node(cpu));

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
