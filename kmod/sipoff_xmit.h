/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_xmit.h - copies of packets kept for re-sending, and the packets the kernel sends.
 */
#ifndef _SIPOFF_XMIT_H
#define _SIPOFF_XMIT_H

#include <linux/skbuff.h>
#include <linux/netfilter.h>

struct sipoff_net;
struct nf_hook_state;

/**
 * struct sipoff_ifs - the devices of a datagram, for routing and socket look-ups (VRF,
 *	SO_BINDTODEVICE; semantics.md 3: a re-send goes out the way the application's copy went)
 * @oif: the output interface a packet of the kernel's along this path is routed with: the
 *	application socket's bound device, else the VRF (L3 master) of the device, else 0
 * @dif: as the stack gives a UDP socket look-up for a datagram of the peer arriving on the
 *	same device: the VRF device for an enslaved device, else the device itself
 * @sdif: the enslaved device under a VRF, else 0
 */
struct sipoff_ifs {
	int oif;
	int dif;
	int sdif;
};

/**
 * struct sipoff_copy - a kept copy of a SIP datagram: a linear, orphaned IP packet
 * @skb: the packet (IP header at skb->data), NULL when none is kept
 * @poff: offset of the UDP payload from skb->data
 * @plen: length of the UDP payload
 * @ifs: the devices it came in or went out on
 */
struct sipoff_copy {
	struct sk_buff *skb;
	u16 poff;
	u16 plen;
	struct sipoff_ifs ifs;
};

/* Addresses and devices of a datagram, as on the wire. */
struct sipoff_flow {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 family;
	struct sipoff_ifs ifs;
};

static inline const u8 *sipoff_copy_data(const struct sipoff_copy *c)
{
	return c->skb->data + c->poff;
}

int sipoff_copy_keep(struct sipoff_copy *c, const struct sk_buff *skb, u32 poff, u32 plen,
		     const struct sipoff_ifs *ifs);
void sipoff_copy_free(struct sipoff_copy *c);
void sipoff_copy_flow(const struct sipoff_copy *c, struct sipoff_flow *f);
void sipoff_ifs_of(const struct sk_buff *skb, const struct nf_hook_state *state,
		   struct sipoff_ifs *ifs);
bool sipoff_xmit_skb_is_ours(const struct sipoff_net *sn, const struct sk_buff *skb);
int sipoff_xmit_init(struct sipoff_net *sn);
void sipoff_xmit_uninit(struct sipoff_net *sn);
int sipoff_xmit_copy(struct net *net, const struct sipoff_copy *c);
int sipoff_xmit_build(struct net *net, const struct sipoff_flow *f, const u8 *payload, u32 len,
		      struct sipoff_copy *keep);

#endif /* _SIPOFF_XMIT_H */
