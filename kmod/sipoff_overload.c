// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_overload.c - overload protection (semantics.md 2.3).
 *
 * A server that cannot keep up queues new calls it will only read when their callers have
 * given up (RFC 6357, RFC 7339 section 1).  With protection on, a new out-of-dialog INVITE
 * whose socket is overloaded is answered at LOCAL_IN with 503 Service Unavailable and a
 * Retry-After, built like the kernel's 100 Trying, and dropped.  Only such an INVITE: the
 * transaction layer calls sipoff_overload_reject() for a request arriving at the server side
 * that no transaction holds (so never a copy of a request the application has), and this file
 * passes anything with a To tag, any ACK, CANCEL or other method, and every response.
 *
 * The signal is measured at the socket the INVITE would reach: how full its receive queue is
 * (percent of its receive buffer) and, if configured, how long its oldest datagram has waited
 * (which needs receive timestamps: the namespace holds net_enable_timestamp() while the delay
 * signal is configured).  Hysteresis: a socket becomes overloaded at ovl_high_pct (or at
 * ovl_delay_ms) and stops being so at ovl_low_pct and below half of ovl_delay_ms.  The state
 * is kept per configured port of the namespace (several sockets on one port share it).
 *
 * Bounded: at most ovl_max_rate 503s per second per namespace (over it, the INVITE passes to
 * the application, which is the plain behaviour); each 503 at most 1.5 times the request's
 * size (else the INVITE passes); onset and end of overload reported as events, at most
 * SIPOFF_OVL_EVENTS_PER_S per second.  The 503 carries a To tag made from a keyed hash of the
 * request's Call-ID, From tag and CSeq, so the caller's ACK of it is recognised and absorbed
 * without keeping any state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/percpu.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <linux/netdevice.h>
#include <linux/timekeeping.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/ipv6.h>
#include "sipoff.h"
#include "sipoff_build.h"
#include "sipoff_xmit.h"
#include "sipoff_txns.h"
#include "sipoff_overload.h"
#include "compat.h"

/* Largest 503 the kernel writes (it is never larger than 1.5 times its request anyway). */
#define SIPOFF_OVL_BUILD_MAX	8192

/* The To tag of the kernel's 503: "so" and 16 hex digits of a keyed hash. */
#define SIPOFF_OVL_TAG_LEN	18

static DEFINE_PER_CPU(u8 *, sipoff_ovl_buf);
static siphash_key_t sipoff_ovl_key __read_mostly;

/* The local UDP socket that receives what the packet's sender sends, or NULL (under RCU). */
static struct sock *sipoff_ovl_sock(const struct sipoff_pkt *pkt, const struct sipoff_ifs *ifs)
{
	return sipoff_sock_find(pkt->state->net, pkt->family, &pkt->laddr, pkt->lport, &pkt->raddr,
				pkt->rport, ifs);
}

/* Receive timestamp of the oldest datagram in @q, or 0 (empty, or not stamped). */
static ktime_t sipoff_ovl_head_stamp(struct sk_buff_head *q)
{
	struct sk_buff *skb;
	ktime_t ts = 0;

	if (skb_queue_empty_lockless(q))
		return 0;
	spin_lock(&q->lock);
	skb = skb_peek(q);
	if (skb)
		ts = skb->tstamp;
	spin_unlock(&q->lock);
	return ts;
}

/*
 * How long the oldest datagram queued at @sk has waited, in ms (0 if unknown).  UDP moves
 * datagrams from sk_receive_queue to its reader_queue in batches: the older ones are there.
 */
static u32 sipoff_ovl_delay_ms(struct sock *sk)
{
	ktime_t ts = sipoff_ovl_head_stamp(&udp_sk(sk)->reader_queue);
	s64 ms;

	if (!ts)
		ts = sipoff_ovl_head_stamp(&sk->sk_receive_queue);
	if (!ts)
		return 0;
	ms = ktime_ms_delta(ktime_get_real(), ts);
	return ms > 0 ? min_t(s64, ms, U32_MAX) : 0;
}

/* Start a new one-second window when the one at *@start is over (under ovl->lock). */
static void sipoff_ovl_window(unsigned long *start, u32 *count)
{
	if (time_after_eq(jiffies, *start + HZ)) {
		*start = jiffies;
		*count = 0;
	}
}

static void sipoff_ovl_event(struct sipoff_net *sn, bool on, u16 port, u32 fill, u32 delay)
{
	struct sipoff_overload *ovl = sn->ovl;
	bool send;

	spin_lock(&ovl->lock);
	sipoff_ovl_window(&ovl->ev_start, &ovl->ev_sent);
	send = ovl->ev_sent < SIPOFF_OVL_EVENTS_PER_S;
	if (send)
		ovl->ev_sent++;
	spin_unlock(&ovl->lock);
	if (!send) {
		sipoff_stat_inc(sn, SIPOFF_STAT_OVL_EVENTS_LIMITED);
		return;
	}
	sipoff_nl_overload_event(sn, on, port, fill, delay);
}

/*
 * Update the hysteresis state of the socket of port index @idx from its queue; return
 * whether it is overloaded.
 */
static bool sipoff_ovl_state(struct sipoff_net *sn, const struct sipoff_cfg *cfg, u32 idx,
			     struct sock *sk)
{
	struct sipoff_overload *ovl = sn->ovl;
	u32 rcvbuf = max(READ_ONCE(sk->sk_rcvbuf), 1);
	u32 rmem = max(atomic_read(&sk->sk_rmem_alloc), 0);
	u32 fill = min_t(u64, div_u64((u64)rmem * 100, rcvbuf), 1000);
	u32 delay = cfg->ovl_delay_ms ? sipoff_ovl_delay_ms(sk) : 0;
	bool was = test_bit(idx, &ovl->on_mask);

	if (!was && (fill >= cfg->ovl_high_pct ||
		     (cfg->ovl_delay_ms && delay >= cfg->ovl_delay_ms))) {
		if (!test_and_set_bit(idx, &ovl->on_mask)) {
			sipoff_stat_inc(sn, SIPOFF_STAT_OVL_ONSETS);
			sipoff_ovl_event(sn, true, cfg->ports[idx], fill, delay);
		}
		return true;
	}
	if (was && fill <= cfg->ovl_low_pct &&
	    (!cfg->ovl_delay_ms || delay < cfg->ovl_delay_ms / 2)) {
		if (test_and_clear_bit(idx, &ovl->on_mask))
			sipoff_ovl_event(sn, false, cfg->ports[idx], fill, delay);
		return false;
	}
	return was;
}

/* The kernel's To tag for the 503 answering @m (in @pkt's bytes). */
static void sipoff_ovl_tag(const struct sipoff_pkt *pkt, const struct sipoff_msg *m, u8 *tag)
{
	u64 a = siphash(pkt->data + m->call_id.off, m->call_id.len, &sipoff_ovl_key);
	u64 b = siphash(pkt->data + m->from.tag.off, m->from.tag.len, &sipoff_ovl_key);
	u64 h = siphash_3u64(a, b, m->cseq, &sipoff_ovl_key);

	tag[0] = 's';
	tag[1] = 'o';
	bin2hex(tag + 2, &h, sizeof(h));
}

static bool sipoff_ovl_port_index(const struct sipoff_cfg *cfg, __be16 port, u32 *idx)
{
	u16 p = ntohs(port);
	u32 i;

	for (i = 0; i < cfg->nports; i++)
		if (cfg->ports[i] == p) {
			*idx = i;
			return true;
		}
	return false;
}

/* A new out-of-dialog INVITE: answered with 503 (true) if its socket is overloaded. */
static bool sipoff_overload_reject(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			    const struct sipoff_pkt *pkt)
{
	const struct sipoff_msg *m = pkt->msg;
	struct sipoff_overload *ovl = sn->ovl;
	u8 tag[SIPOFF_OVL_TAG_LEN];
	const struct sipoff_via *via;
	struct sipoff_flow f;
	struct sock *sk;
	bool capped;
	u32 idx, len;
	u8 *buf;
	int err;

	if (!cfg->overload || !ovl || !pkt->in || !m || m->method != SIPOFF_M_INVITE ||
	    m->to.tag.len || cfg->mode == SIPOFF_MODE_OFF)
		return false;
	if (!sipoff_ovl_port_index(cfg, pkt->lport, &idx))
		return false;
	sipoff_ifs_of(pkt->skb, pkt->state, &f.ifs);
	sk = sipoff_ovl_sock(pkt, &f.ifs);
	if (!sk || !sipoff_ovl_state(sn, cfg, idx, sk))
		return false;

	buf = this_cpu_read(sipoff_ovl_buf);
	sipoff_ovl_tag(pkt, m, tag);
	len = sipoff_build_503(pkt->data, m, tag, sizeof(tag), cfg->ovl_retry_after_s, buf,
			       min_t(u32, SIPOFF_OVL_BUILD_MAX, pkt->len + pkt->len / 2));
	if (!len) {
		/* Too large, or not faithful: the INVITE passes, as without protection. */
		sipoff_stat_inc(sn, SIPOFF_STAT_OVL_TOO_BIG);
		return false;
	}

	spin_lock(&ovl->lock);
	sipoff_ovl_window(&ovl->win_start, &ovl->win_sent);
	capped = ovl->win_sent >= cfg->ovl_max_rate;
	if (!capped)
		ovl->win_sent++;
	spin_unlock(&ovl->lock);
	if (capped) {
		sipoff_stat_inc(sn, SIPOFF_STAT_OVL_RATE_LIMITED);
		return false;
	}

	/* Where 18.2.2 and RFC 3581 send a response: the source address; the source port with
	 * rport, else the top Via's sent-by port (5060 by default).
	 */
	via = sipoff_top_via(m);
	f.family = pkt->family;
	f.saddr = pkt->laddr;
	f.sport = pkt->lport;
	f.daddr = pkt->raddr;
	f.dport = pkt->rport;
	if (via && !(via->flags & SIPOFF_VF_RPORT))
		f.dport = htons(via->flags & SIPOFF_VF_PORT ? via->port : 5060);
	err = sipoff_xmit_build(sn->net, &f, buf, len, NULL);
	if (err) {
		/* Not answered: the INVITE passes rather than vanish. */
		sipoff_stat_inc(sn, SIPOFF_STAT_XMIT_ERRORS);
		return false;
	}
	sipoff_stat_inc(sn, SIPOFF_STAT_OVL_REJECTED);
	return true;
}

/*
 * The ACK of one of the kernel's 503s (true): the application never saw that INVITE nor its
 * 503, so the ACK is absorbed (counted).
 */
static bool sipoff_overload_ack(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			 const struct sipoff_pkt *pkt)
{
	const struct sipoff_msg *m = pkt->msg;
	u8 tag[SIPOFF_OVL_TAG_LEN];

	if (!cfg->overload || !pkt->in || !m || m->method != SIPOFF_M_ACK ||
	    m->to.tag.len != SIPOFF_OVL_TAG_LEN || pkt->data[m->to.tag.off] != 's')
		return false;
	sipoff_ovl_tag(pkt, m, tag);
	if (memcmp(tag, pkt->data + m->to.tag.off, sizeof(tag)))
		return false;
	sipoff_stat_inc(sn, SIPOFF_STAT_OVL_ACKS_ABSORBED);
	return true;
}

/**
 * sipoff_overload_msg() - overload protection's part of a server-side request at LOCAL_IN
 *	that no transaction holds (the transaction layer calls it before making one)
 * @sn: the namespace
 * @cfg: its configuration
 * @pkt: the request, parsed
 *
 * A new out-of-dialog INVITE whose socket is overloaded is answered with 503; the ACK of
 * such a 503 is absorbed.  Anything else is left alone.  Runs with BHs off, under RCU.
 *
 * Return: true when the request is to be dropped.
 */
bool sipoff_overload_msg(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			 const struct sipoff_pkt *pkt)
{
	if (!cfg->overload || !pkt->in || !pkt->msg)
		return false;
	if (pkt->msg->method == SIPOFF_M_INVITE)
		return sipoff_overload_reject(sn, cfg, pkt);
	if (pkt->msg->method == SIPOFF_M_ACK)
		return sipoff_overload_ack(sn, cfg, pkt);
	return false;
}

/**
 * sipoff_overload_cfg_changed() - follow a new configuration (the caller holds cfg_lock)
 * @sn: the namespace
 * @cfg: the configuration now installed
 *
 * Takes or drops the namespace's reference on receive timestamps (the delay signal), and
 * forgets the overload state when protection is off.  Process context.
 */
void sipoff_overload_cfg_changed(struct sipoff_net *sn, const struct sipoff_cfg *cfg)
{
	struct sipoff_overload *ovl = sn->ovl;
	bool want = cfg->overload && cfg->ovl_delay_ms;

	if (!ovl)
		return;
	if (want && !ovl->ts_on)
		net_enable_timestamp();
	else if (!want && ovl->ts_on)
		net_disable_timestamp();
	ovl->ts_on = want;
	if (!cfg->overload)
		WRITE_ONCE(ovl->on_mask, 0);
}

/**
 * sipoff_overload_proc() - the overload lines of /proc/net/sipoff/config
 * @seq: the file
 * @sn: the namespace
 * @cfg: its configuration
 */
void sipoff_overload_proc(struct seq_file *seq, struct sipoff_net *sn,
			  const struct sipoff_cfg *cfg)
{
	unsigned long mask = sn->ovl ? READ_ONCE(sn->ovl->on_mask) : 0;
	u32 i, n = 0;

	seq_printf(seq, "%-24s %s\n", "overload", cfg->overload ? "on" : "off");
	seq_printf(seq, "%-24s %u\n", "overload_high_pct", cfg->ovl_high_pct);
	seq_printf(seq, "%-24s %u\n", "overload_low_pct", cfg->ovl_low_pct);
	seq_printf(seq, "%-24s %u\n", "overload_delay_ms", cfg->ovl_delay_ms);
	seq_printf(seq, "%-24s %u\n", "overload_retry_after_s", cfg->ovl_retry_after_s);
	seq_printf(seq, "%-24s %u\n", "overload_max_rate", cfg->ovl_max_rate);
	seq_printf(seq, "%-24s ", "overload_active_ports");
	for (i = 0; i < cfg->nports; i++)
		if (mask & BIT(i))
			seq_printf(seq, "%s%u", n++ ? "," : "", cfg->ports[i]);
	seq_puts(seq, n ? "\n" : "-\n");
}

/**
 * sipoff_overload_active() - the ports whose socket is overloaded now
 * @sn: the namespace
 *
 * Return: bit N set for configured port N.
 */
unsigned long sipoff_overload_active(struct sipoff_net *sn)
{
	return sn->ovl ? READ_ONCE(sn->ovl->on_mask) : 0;
}

/**
 * sipoff_overload_init() - a namespace's overload state
 * @sn: the namespace; its configuration is installed
 *
 * Return: 0 or -ENOMEM.
 */
int sipoff_overload_init(struct sipoff_net *sn)
{
	struct sipoff_overload *ovl = kzalloc(sizeof(*ovl), GFP_KERNEL_ACCOUNT);

	if (!ovl)
		return -ENOMEM;
	spin_lock_init(&ovl->lock);
	ovl->win_start = jiffies;
	ovl->ev_start = jiffies;
	sn->ovl = ovl;
	mutex_lock(&sn->cfg_lock);
	sipoff_overload_cfg_changed(sn, rcu_dereference_protected(sn->cfg,
					lockdep_is_held(&sn->cfg_lock)));
	mutex_unlock(&sn->cfg_lock);
	return 0;
}

/**
 * sipoff_overload_uninit() - free a namespace's overload state; no hook runs any more
 * @sn: the namespace
 */
void sipoff_overload_uninit(struct sipoff_net *sn)
{
	if (!sn->ovl)
		return;
	if (sn->ovl->ts_on)
		net_disable_timestamp();
	kfree(sn->ovl);
	sn->ovl = NULL;
}

/**
 * sipoff_overload_global_init() - the tag key and every possible CPU's 503 buffer
 *
 * Return: 0 or -ENOMEM.
 */
int sipoff_overload_global_init(void)
{
	int cpu;

	get_random_bytes(&sipoff_ovl_key, sizeof(sipoff_ovl_key));
	for_each_possible_cpu(cpu) {
		u8 *buf = kmalloc_node(SIPOFF_OVL_BUILD_MAX, GFP_KERNEL, cpu_to_node(cpu));

		if (!buf) {
			sipoff_overload_global_uninit();
			return -ENOMEM;
		}
		per_cpu(sipoff_ovl_buf, cpu) = buf;
	}
	return 0;
}

/**
 * sipoff_overload_global_uninit() - free the 503 buffers; no hook may run any more
 */
void sipoff_overload_global_uninit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kfree(per_cpu(sipoff_ovl_buf, cpu));
		per_cpu(sipoff_ovl_buf, cpu) = NULL;
	}
}
