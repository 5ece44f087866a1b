/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_xmit.h - copies of packets kept for re-sending, and the packets the kernel sends.
 */
#ifndef _SIPOFF_XMIT_H
#define _SIPOFF_XMIT_H

#include <linux/skbuff.h>
#include <linux/netfilter.h>

/**
 * struct sipoff_copy - a kept copy of a SIP datagram: a linear, orphaned IP packet
 * @skb: the packet (IP header at skb->data), NULL when none is kept
 * @poff: offset of the UDP payload from skb->data
 * @plen: length of the UDP payload
 */
struct sipoff_copy {
	struct sk_buff *skb;
	u16 poff;
	u16 plen;
};

/* Addresses of a datagram, as on the wire. */
struct sipoff_flow {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 family;
};

static inline const u8 *sipoff_copy_data(const struct sipoff_copy *c)
{
	return c->skb->data + c->poff;
}

int sipoff_copy_keep(struct sipoff_copy *c, const struct sk_buff *skb, u32 poff, u32 plen);
void sipoff_copy_free(struct sipoff_copy *c);
void sipoff_copy_flow(const struct sipoff_copy *c, struct sipoff_flow *f);
bool sipoff_xmit_skb_is_ours(const struct sk_buff *skb);
int sipoff_xmit_copy(struct net *net, const struct sipoff_copy *c, const union nf_inet_addr *daddr,
		     __be16 dport);
int sipoff_xmit_build(struct net *net, const struct sipoff_flow *f, const u8 *payload, u32 len,
		      struct sipoff_copy *keep);

#endif /* _SIPOFF_XMIT_H */
