// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_xmit.c - the packets the kernel sends (semantics.md section 3).
 *
 * Re-sends are copies of the application's own messages, kept as orphaned linear copies: no
 * socket charge, no dst, no conntrack reference.  A send makes a fresh copy of the kept one,
 * re-routes it and hands it to ip_local_out() / ip6_local_out().  Synthesized messages (100
 * Trying, the ACK of a non-2xx final) are built into a new packet the same way.  UDP
 * checksums are computed here, in software: re-sends are rare, and IPv6 needs one.
 *
 * Every packet the kernel sends belongs to a kernel socket of sipoff's own, one per family and
 * network namespace (semantics.md 1): the hooks recognise such a packet by its skb->sk and never
 * handle it again.  The owner survives what a per-cpu "sending now" mark did not: an NFQUEUE
 * verdict taken in userspace before sipoff's LOCAL_OUT hook, the packet re-injected later on
 * another CPU.  The socket is never bound nor hashed, so it receives nothing.
 *
 * Devices (VRF, SO_BINDTODEVICE): each kept copy remembers the devices it came in or went out
 * on (struct sipoff_ifs), so a re-send is routed with the output interface the application's
 * socket had, and socket look-ups give the device pair the stack would.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/net.h>
#include <linux/udp.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/l3mdev.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/route.h>
#include <net/ip6_route.h>
#include <net/netfilter/nf_conntrack.h>
#include "sipoff.h"
#include "sipoff_xmit.h"

/**
 * sipoff_xmit_skb_is_ours() - whether @skb is a packet sipoff sent
 * @sn: the namespace's state
 * @skb: a packet at the LOCAL_OUT hook
 *
 * Return: true for a packet of the kernel's own, which the hooks must not handle again.
 */
bool sipoff_xmit_skb_is_ours(const struct sipoff_net *sn, const struct sk_buff *skb)
{
	return unlikely(skb->sk && (skb->sk == sn->xmit_sk4 || skb->sk == sn->xmit_sk6));
}

static struct sock *sipoff_xmit_sock_new(struct net *net, int family)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(net, family, SOCK_DGRAM, IPPROTO_UDP, &sock);
	if (err)
		return ERR_PTR(err);
	sock->sk->sk_allocation = GFP_ATOMIC;
	return sock->sk;
}

static void sipoff_xmit_sock_free(struct sock *sk)
{
	/* In-flight packets hold sk_wmem_alloc: the socket is freed with the last of them. */
	if (sk)
		sock_release(sk->sk_socket);
}

/**
 * sipoff_xmit_init() - the namespace's sending sockets
 * @sn: the namespace's state
 *
 * Without IPv6 (ipv6.disable=1) there is no IPv6 socket, and no IPv6 packet to send.
 *
 * Return: 0 or a negative errno.
 */
int sipoff_xmit_init(struct sipoff_net *sn)
{
	struct sock *sk;

	sk = sipoff_xmit_sock_new(sn->net, PF_INET);
	if (IS_ERR(sk))
		return PTR_ERR(sk);
	sn->xmit_sk4 = sk;
#if IS_ENABLED(CONFIG_IPV6)
	sk = sipoff_xmit_sock_new(sn->net, PF_INET6);
	if (IS_ERR(sk)) {
		if (PTR_ERR(sk) != -EAFNOSUPPORT) {
			sipoff_xmit_sock_free(sn->xmit_sk4);
			sn->xmit_sk4 = NULL;
			return PTR_ERR(sk);
		}
		sk = NULL;
	}
	sn->xmit_sk6 = sk;
#endif
	return 0;
}

/**
 * sipoff_xmit_uninit() - release the sending sockets; nothing sends any more
 * @sn: the namespace's state
 */
void sipoff_xmit_uninit(struct sipoff_net *sn)
{
	sipoff_xmit_sock_free(sn->xmit_sk6);
	sn->xmit_sk6 = NULL;
	sipoff_xmit_sock_free(sn->xmit_sk4);
	sn->xmit_sk4 = NULL;
}

/**
 * sipoff_ifs_of() - the devices of a datagram at a hook
 * @skb: the packet
 * @state: the hook's state: LOCAL_IN, or LOCAL_OUT on the pass with the real output device
 * @ifs: filled in
 *
 * At LOCAL_IN the pair the UDP socket look-up of the stack uses (inet_iif() and inet_sdif()).
 * At LOCAL_OUT the output device gives the pair a reply arriving on it would carry, and the
 * application socket's bound device (or the VRF) the output interface of the kernel's re-sends.
 * Under rcu_read_lock().
 */
void sipoff_ifs_of(const struct sk_buff *skb, const struct nf_hook_state *state,
		   struct sipoff_ifs *ifs)
{
	const struct net_device *dev;
	int master;

	memset(ifs, 0, sizeof(*ifs));
	if (state->hook == NF_INET_LOCAL_IN) {
		if (state->pf == NFPROTO_IPV4) {
			ifs->dif = inet_iif(skb);
			ifs->sdif = inet_sdif(skb);
		} else {
			ifs->dif = inet6_iif(skb);
			ifs->sdif = inet6_sdif(skb);
		}
		/* Under a VRF the kernel's answers are routed in the VRF's table. */
		ifs->oif = ifs->sdif ? ifs->dif : 0;
		return;
	}
	dev = state->out;
	if (!dev)
		return;
	master = l3mdev_master_ifindex_rcu(dev);
	if (master && master != dev->ifindex) {
		ifs->dif = master;
		ifs->sdif = dev->ifindex;
	} else {
		ifs->dif = dev->ifindex;
	}
	if (skb->sk && sk_fullsock(skb->sk))
		ifs->oif = READ_ONCE(skb->sk->sk_bound_dev_if);
	if (!ifs->oif)
		ifs->oif = master;
}

/**
 * sipoff_copy_keep() - keep an orphaned linear copy of a SIP datagram
 * @c: where to keep it; an older copy there is freed
 * @skb: the packet, IP header at skb->data (as at LOCAL_IN and LOCAL_OUT)
 * @poff: offset of the UDP payload from skb->data
 * @plen: length of the UDP payload
 * @ifs: the devices it came in or went out on
 *
 * Return: 0 or -ENOMEM.
 */
int sipoff_copy_keep(struct sipoff_copy *c, const struct sk_buff *skb, u32 poff, u32 plen,
		     const struct sipoff_ifs *ifs)
{
	struct sk_buff *n;

	if (poff + plen > skb->len || poff > U16_MAX || plen > U16_MAX)
		return -EINVAL;
	n = skb_copy(skb, GFP_ATOMIC);
	if (!n)
		return -ENOMEM;
	skb_orphan(n);
	skb_dst_drop(n);
	nf_reset_ct(n);
	n->dev = NULL;
	sipoff_copy_free(c);
	c->skb = n;
	c->poff = poff;
	c->plen = plen;
	c->ifs = *ifs;
	return 0;
}

/**
 * sipoff_copy_free() - drop a kept copy
 * @c: the copy (may hold none)
 */
void sipoff_copy_free(struct sipoff_copy *c)
{
	kfree_skb(c->skb);
	c->skb = NULL;
	c->poff = 0;
	c->plen = 0;
	memset(&c->ifs, 0, sizeof(c->ifs));
}

/**
 * sipoff_copy_flow() - the addresses and ports of a kept copy
 * @c: the copy (holding one)
 * @f: filled in
 */
void sipoff_copy_flow(const struct sipoff_copy *c, struct sipoff_flow *f)
{
	const struct udphdr *uh = (const struct udphdr *)(c->skb->data + c->poff - sizeof(*uh));

	memset(f, 0, sizeof(*f));
	if (ip_hdr(c->skb)->version == 4) {
		f->family = NFPROTO_IPV4;
		f->saddr.ip = ip_hdr(c->skb)->saddr;
		f->daddr.ip = ip_hdr(c->skb)->daddr;
	} else {
		f->family = NFPROTO_IPV6;
		f->saddr.in6 = ipv6_hdr(c->skb)->saddr;
		f->daddr.in6 = ipv6_hdr(c->skb)->daddr;
	}
	f->sport = uh->source;
	f->dport = uh->dest;
	f->ifs = c->ifs;
}

/* Compute the UDP checksum of @skb (linear, IP header at data, UDP at @uoff) in software. */
static void sipoff_udp_csum(struct sk_buff *skb, u32 uoff)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + uoff);
	u32 ulen = skb->len - uoff;
	__wsum csum;

	uh->len = htons(ulen);
	uh->check = 0;
	csum = csum_partial(uh, ulen, 0);
	if (ip_hdr(skb)->version == 4)
		uh->check = csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr, ulen,
					      IPPROTO_UDP, csum);
	else
		uh->check = csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr, ulen,
					    IPPROTO_UDP, csum);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb->ip_summed = CHECKSUM_NONE;
}

/*
 * Give a packet of ours (a kept copy has no dst any more) its route, with the output interface
 * the application's copy had (its bound device or VRF), as its socket would.
 */
static int sipoff_xmit_route(struct net *net, struct sk_buff *skb, int oif)
{
	const struct udphdr *uh;

	if (ip_hdr(skb)->version == 4) {
		const struct iphdr *iph = ip_hdr(skb);
		struct flowi4 fl4 = {};
		struct rtable *rt;

		skb_set_transport_header(skb, ip_hdrlen(skb));
		uh = udp_hdr(skb);
		fl4.daddr = iph->daddr;
		fl4.saddr = iph->saddr;
		fl4.flowi4_oif = oif;
		fl4.flowi4_proto = IPPROTO_UDP;
		fl4.fl4_sport = uh->source;
		fl4.fl4_dport = uh->dest;
		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		skb_dst_set(skb, &rt->dst);
		return 0;
	}
#if IS_ENABLED(CONFIG_IPV6)
	{
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {};
		struct dst_entry *dst;
		int err;

		skb_set_transport_header(skb, sizeof(struct ipv6hdr));
		uh = udp_hdr(skb);
		fl6.daddr = ip6h->daddr;
		fl6.saddr = ip6h->saddr;
		fl6.flowi6_oif = oif;
		fl6.flowi6_proto = IPPROTO_UDP;
		fl6.fl6_sport = uh->source;
		fl6.fl6_dport = uh->dest;
		dst = ip6_route_output(net, NULL, &fl6);
		err = dst->error;
		if (err) {
			dst_release(dst);
			return err;
		}
		skb_dst_set(skb, dst);
		return 0;
	}
#else
	return -EAFNOSUPPORT;
#endif
}

/*
 * Route and send a packet of ours (linear, IP header at data) from the namespace's own socket,
 * which marks it as ours for every hook it passes, now or after a queue; consumes @skb.
 */
static int sipoff_xmit_out(struct net *net, struct sk_buff *skb, int oif)
{
	const struct sipoff_net *sn = sipoff_pernet(net);
	const bool v4 = ip_hdr(skb)->version == 4;
	struct sock *sk = v4 ? sn->xmit_sk4 : sn->xmit_sk6;
	int err;

	if (!sk) {
		kfree_skb(skb);
		return -EAFNOSUPPORT;
	}
	skb_reset_network_header(skb);
	skb->protocol = v4 ? htons(ETH_P_IP) : htons(ETH_P_IPV6);
	skb_set_owner_w(skb, sk);
	local_bh_disable();
	err = sipoff_xmit_route(net, skb, oif);
	if (err)
		kfree_skb(skb);
	else if (v4)
		err = ip_local_out(net, sk, skb);
	else
		err = ip6_local_out(net, sk, skb);
	local_bh_enable();
	return net_xmit_eval(err);
}

/**
 * sipoff_xmit_copy() - send a kept copy again
 * @net: the namespace
 * @c: the copy (holding one)
 *
 * The copy leaves exactly where the application's own copy went: same addresses, ports and
 * device (semantics.md 3); nothing redirects a re-send.
 *
 * Return: 0 or a negative errno.
 */
int sipoff_xmit_copy(struct net *net, const struct sipoff_copy *c)
{
	struct sk_buff *n = skb_copy(c->skb, GFP_ATOMIC);
	u32 uoff = c->poff - sizeof(struct udphdr);

	if (!n)
		return -ENOMEM;
	/* The copy may be CHECKSUM_PARTIAL from the application's socket: finish it here. */
	sipoff_udp_csum(n, uoff);
	return sipoff_xmit_out(net, n, c->ifs.oif);
}

/**
 * sipoff_xmit_build() - build and send a UDP datagram of the kernel's own
 * @net: the namespace
 * @f: addresses and ports
 * @payload: the SIP message
 * @len: its length
 * @keep: if not NULL, keep a copy of the packet there (replacing what it held)
 *
 * Return: 0 or a negative errno.
 */
int sipoff_xmit_build(struct net *net, const struct sipoff_flow *f, const u8 *payload, u32 len,
		      struct sipoff_copy *keep)
{
	const bool v4 = f->family == NFPROTO_IPV4;
	u32 iplen = v4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	struct sk_buff *skb;
	struct udphdr *uh;
	int err;

	if (len > 65000)
		return -EMSGSIZE;
	skb = alloc_skb(LL_MAX_HEADER + iplen + sizeof(*uh) + len, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	if (v4) {
		struct iphdr *iph = skb_put_zero(skb, sizeof(*iph));

		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = READ_ONCE(net->ipv4.sysctl_ip_default_ttl);
		iph->protocol = IPPROTO_UDP;
		iph->saddr = f->saddr.ip;
		iph->daddr = f->daddr.ip;
		iph->tot_len = htons(iplen + sizeof(*uh) + len);
	} else {
		struct ipv6hdr *ip6h = skb_put_zero(skb, sizeof(*ip6h));

		ip6h->version = 6;
		ip6h->hop_limit = 64;
		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->saddr = f->saddr.in6;
		ip6h->daddr = f->daddr.in6;
		ip6h->payload_len = htons(sizeof(*uh) + len);
	}
	skb_set_transport_header(skb, iplen);
	uh = skb_put_zero(skb, sizeof(*uh));
	uh->source = f->sport;
	uh->dest = f->dport;
	skb_put_data(skb, payload, len);
	if (v4)
		ip_select_ident(net, skb, NULL);
	sipoff_udp_csum(skb, iplen);

	if (keep) {
		err = sipoff_copy_keep(keep, skb, iplen + sizeof(*uh), len, &f->ifs);
		if (err) {
			kfree_skb(skb);
			return err;
		}
	}
	return sipoff_xmit_out(net, skb, f->ifs.oif);
}
