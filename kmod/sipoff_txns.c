// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_txns.c - the transaction layer in the kernel: a table of transactions per network
 * namespace, fed by the hooks, driving the state machines of sipoff_txn.c and carrying out
 * what they decide (keep copies, re-send, build 100 Trying and ACKs, absorb, report timeouts).
 *
 * Table: two resizable hash lists per namespace (rhltable), looked up under RCU on the packet
 * path: one by the transaction key (RFC 3261 17.1.3 / 17.2.3, or the RFC 2543 fallback), one
 * by the dialog key (Call-ID, From tag, CSeq number) of INVITE transactions, where the ACK of
 * a 2xx (a transaction of its own with a new branch) finds its INVITE.  Caps: per namespace
 * (max-transactions, max-bytes of kept copies) and module-wide (max_transactions_total,
 * max_bytes_total: sipoff_main.c); every copy kept, the kernel's own messages included, is
 * charged with sipoff_kept_charge().  Over a cap a packet passes unhandled and is counted.
 *
 * Timers: one timer_list per transaction, armed at sipoff_txn_next_deadline() after every
 * event.  The rule of each timer is in sipoff_txn.c; here the timer only calls
 * sipoff_txn_timer() and carries out its verdict.  Only the timer frees a transaction: an event
 * that must give one up (a copy that cannot be kept) marks it dead, unhashes it and runs its
 * timer at once.  Re-arming is guarded by the dead flag, so teardown is: mark every
 * transaction dead under its lock, timer_delete_sync(), free.
 *
 * Locking: the per-namespace lock serializes creation (lookup + insert, so two copies of a new
 * request racing on two CPUs make one transaction) and the list of all transactions; each
 * transaction has a spinlock held around every call into its state machine.  Both are taken
 * with BHs off (the hooks run with BHs off; timers run in softirq).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/random.h>
#include <linux/jiffies.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/udp.h>
#include <linux/wait_bit.h>
#include <net/udp.h>
#include <net/ipv6.h>
#include "sipoff.h"
#include "sipoff_txn.h"
#include "sipoff_txns.h"
#include "sipoff_overload.h"
#include "sipoff_xmit.h"
#include "sipoff_build.h"
#include "sipoff_dialogs.h"
#include "compat.h"

static atomic_t sipoff_txns_total = ATOMIC_INIT(0);

/* The netlink modes and the state machines' modes are the same numbers. */
static_assert((int)SIPOFF_MODE_OFF == (int)SIPOFF_TXN_MODE_OFF);
static_assert((int)SIPOFF_MODE_TRANSPARENT == (int)SIPOFF_TXN_MODE_TRANSPARENT);
static_assert((int)SIPOFF_MODE_OFFLOAD == (int)SIPOFF_TXN_MODE_OFFLOAD);

#define SIPOFF_TXE_ACKS		(SIPOFF_TXN_FORKS + 1)	/* the 2xx forks, then the non-2xx */
#define SIPOFF_CALLID_KEEP	256	/* longer Call-IDs are cut: no dialog is told of a timeout */
#define SIPOFF_TAG_KEEP		128
#define SIPOFF_BRANCH_KEEP	128	/* longer branches are shown cut */
#define SIPOFF_METHOD_KEEP	32	/* an extension method's token, shown cut */
#define SIPOFF_BUILD_MAX	8192			/* largest message the kernel writes */

/**
 * struct sipoff_txe - one transaction in the table
 * @node: in sipoff_txns.ht, by @key
 * @dnode: in sipoff_txns.dht, by @dkey (INVITE transactions only)
 * @list: in sipoff_txns.all
 * @key: the transaction key
 * @dkey: the dialog key (Call-ID, From tag, CSeq number) of an INVITE transaction
 * @lock: held around every call into @txn and every change of the fields below
 * @txn: the state machine
 * @timer: the one timer, at sipoff_txn_next_deadline()
 * @tab: the namespace's table
 * @sn: the namespace
 * @req: kept request (client: to re-send, to build the ACK; server INVITE: for 100 Trying)
 * @resp: kept last response (server)
 * @ack: kept ACKs (client): one per 2xx fork, then the non-2xx one
 * @cancel: the CANCEL the kernel sent of this INVITE, re-sent on its own Timer E
 * @cancel_next: when @cancel is re-sent next (ms), 0 when it is not
 * @cancel_end: when re-sending @cancel stops unanswered (its Timer F, 64*T1 after the first)
 * @cancel_ivl: the interval before the next re-send of @cancel (T1 doubling, capped at T2)
 * @cancel_t2: T2 when the CANCEL was sent
 * @stored: bytes of the kept copies (skb truesize), counted in sipoff_txns.bytes
 * @resp_tag: copy of sipoff_txn_resp_to_tag(@txn) for lock-free key matching
 * @drops: server: the receiving socket's drop count when the first copy arrived
 * @have_drops: @drops is valid
 * @dead: unhashed; the timer frees it
 * @cancelled: the kernel sent a CANCEL of this INVITE (its responses are the kernel's)
 * @in_dht: @dnode is hashed
 * @cseq: CSeq number
 * @method: enum sipoff_method of the request
 * @timeout: a timer the state machine reported, to be told once e->lock is released
 * @call_id_len: bytes of the Call-ID in @ids (cut at SIPOFF_CALLID_KEEP bytes)
 * @from_tag_len: bytes of the From tag in @ids, after the Call-ID
 * @to_tag_len: bytes of the To tag in @ids, after the From tag
 * @branch_len: bytes of the top Via branch in @ids, after the To tag (for dumps)
 * @method_len: bytes of an extension method's token in @ids, after the branch (for dumps)
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6 of @peer
 * @peer_port: the peer's UDP port (network order)
 * @has_src: @src and @src_port are set
 * @src_port: with @has_src, the source port of the first message from the peer
 * @peer: the peer: the request's source (server) or destination (client)
 * @src: with @has_src, the source address of the first message from the peer (the request on
 *	the server side, the first response on the client side): a copy is a copy only from there
 * @rcu: for the deferred free
 * @ids: Call-ID, From tag and To tag of the request, for events and the dialog layer; then
 *	its branch and an extension method's token, for dumps
 */
struct sipoff_txe {
	struct rhlist_head node;
	struct rhlist_head dnode;
	struct list_head list;
	struct sipoff_txn_key key;
	struct sipoff_txn_key dkey;
	spinlock_t lock;	/* see above */
	struct sipoff_txn txn;
	struct timer_list timer;
	struct sipoff_txns *tab;
	struct sipoff_net *sn;
	struct sipoff_copy req;
	struct sipoff_copy resp;
	struct sipoff_copy ack[SIPOFF_TXE_ACKS];
	struct sipoff_copy cancel;
	u64 cancel_next;
	u64 cancel_end;
	u32 cancel_ivl;
	u32 cancel_t2;
	u32 stored;
	u64 resp_tag;
	int drops;
	bool have_drops;
	bool dead;
	bool in_dht;
	bool cancelled;
	u32 cseq;
	u8 method;
	u8 timeout;
	u16 call_id_len;
	u8 from_tag_len;
	u8 to_tag_len;
	u8 branch_len;
	u8 method_len;
	u8 family;
	__be16 peer_port;
	bool has_src;
	__be16 src_port;
	union nf_inet_addr peer;
	union nf_inet_addr src;
	struct rcu_head rcu;
	u8 ids[];
};

/**
 * struct sipoff_txns - a namespace's transaction table
 * @ht: transactions by key
 * @dht: INVITE transactions by dialog key
 * @lock: serializes creation, the list and teardown
 * @all: every transaction
 * @count: transactions in the table
 * @bytes: bytes of kept copies
 * @seed: the secret of the key hash
 * @gen: changes of the list's membership (NLM_F_DUMP_INTR)
 * @freeing: timer callbacks between taking a transaction off @all and handing it to call_rcu();
 *	teardown waits for none to be left before it frees the table
 * @dying: the namespace is going away; only teardown frees now
 */
struct sipoff_txns {
	struct rhltable ht;
	struct rhltable dht;
	spinlock_t lock;	/* see above */
	struct list_head all;
	atomic_t count;
	atomic64_t bytes;
	struct sipoff_txn_seed seed;
	atomic_t gen;
	atomic_t freeing;
	bool dying;
};

static const struct rhashtable_params sipoff_txe_params = {
	.head_offset		= offsetof(struct sipoff_txe, node),
	.key_offset		= offsetof(struct sipoff_txe, key.hash),
	.key_len		= sizeof(u64),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params sipoff_txe_dparams = {
	.head_offset		= offsetof(struct sipoff_txe, dnode),
	.key_offset		= offsetof(struct sipoff_txe, dkey.hash),
	.key_len		= sizeof(u64),
	.automatic_shrinking	= true,
};

/* Per-cpu room to parse a kept message and write one of the kernel's; used with BHs off. */
struct sipoff_build_scratch {
	struct sipoff_msg msg;
	u8 out[SIPOFF_BUILD_MAX];
};

static DEFINE_PER_CPU(struct sipoff_build_scratch *, sipoff_build_scratch);

static u64 sipoff_now_ms(void)
{
	return jiffies64_to_msecs(get_jiffies_64());
}

static struct sipoff_txn_bytes sipoff_bytes(const u8 *buf, struct sipoff_span s)
{
	return (struct sipoff_txn_bytes){ .p = buf + s.off, .len = s.len };
}

/* ---- sockets ------------------------------------------------------------------------- */

/**
 * sipoff_sock_find() - the local UDP socket a datagram reaches
 * @net: the namespace
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 * @laddr: local address
 * @lport: local port
 * @raddr: remote address
 * @rport: remote port
 * @ifs: the devices (dif and sdif as the stack gives them: VRF, SO_BINDTODEVICE)
 *
 * Under rcu_read_lock(); UDP sockets are freed after an RCU grace period (SOCK_RCU_FREE).
 *
 * Return: the socket that receives what @raddr:@rport sends to @laddr:@lport, or NULL.
 */
struct sock *sipoff_sock_find(struct net *net, u8 family, const union nf_inet_addr *laddr,
			      __be16 lport, const union nf_inet_addr *raddr, __be16 rport,
			      const struct sipoff_ifs *ifs)
{
	if (family == NFPROTO_IPV4)
		return __udp4_lib_lookup(net, raddr->ip, rport, laddr->ip, lport, ifs->dif,
					 ifs->sdif, sipoff_udp_table(net), NULL);
#if IS_ENABLED(CONFIG_IPV6)
	return __udp6_lib_lookup(net, &raddr->in6, rport, &laddr->in6, lport, ifs->dif,
				 ifs->sdif, sipoff_udp_table(net), NULL);
#else
	return NULL;
#endif
}

/*
 * Whether a socket still listens on the local end of the kept copy @c (semantics.md 3): its
 * destination for a packet that came in, its source for one the application sent.
 */
static bool sipoff_copy_has_socket(struct net *net, const struct sipoff_copy *c, bool incoming)
{
	struct sipoff_flow f;

	sipoff_copy_flow(c, &f);
	if (incoming)
		return sipoff_sock_find(net, f.family, &f.daddr, f.dport, &f.saddr, f.sport,
					&f.ifs);
	return sipoff_sock_find(net, f.family, &f.saddr, f.sport, &f.daddr, f.dport, &f.ifs);
}

/* ---- table ----------------------------------------------------------------------------- */

static struct sipoff_txe *sipoff_txe_find(struct sipoff_txns *t, const struct sipoff_txn_key *k,
					  bool dialog)
{
	struct rhlist_head *list, *pos;
	struct sipoff_txe *e;

	if (dialog) {
		list = rhltable_lookup(&t->dht, &k->hash, sipoff_txe_dparams);
		rhl_for_each_entry_rcu(e, pos, list, dnode)
			if (!READ_ONCE(e->dead) && sipoff_txn_key_match(&e->dkey, k, 0))
				return e;
		return NULL;
	}
	list = rhltable_lookup(&t->ht, &k->hash, sipoff_txe_params);
	rhl_for_each_entry_rcu(e, pos, list, node)
		if (!READ_ONCE(e->dead) && sipoff_txn_key_match(&e->key, k, READ_ONCE(e->resp_tag)))
			return e;
	return NULL;
}

/* Remove @e from the hash tables (under e->lock); the timer frees it. */
static void sipoff_txe_unhash(struct sipoff_txe *e)
{
	struct sipoff_txns *t = e->tab;

	if (e->dead)
		return;
	WRITE_ONCE(e->dead, true);
	rhltable_remove(&t->ht, &e->node, sipoff_txe_params);
	if (e->in_dht)
		rhltable_remove(&t->dht, &e->dnode, sipoff_txe_dparams);
	e->in_dht = false;
}

static void sipoff_txe_free_rcu(struct rcu_head *rcu)
{
	struct sipoff_txe *e = container_of(rcu, struct sipoff_txe, rcu);
	int i;

	sipoff_copy_free(&e->req);
	sipoff_copy_free(&e->resp);
	for (i = 0; i < SIPOFF_TXE_ACKS; i++)
		sipoff_copy_free(&e->ack[i]);
	sipoff_copy_free(&e->cancel);
	kfree(e);
}

/* Release @e's accounting and free it after a grace period; @e is unhashed, its timer idle. */
static void sipoff_txe_release(struct sipoff_txe *e)
{
	struct sipoff_txns *t = e->tab;

	atomic64_sub(e->stored, &t->bytes);
	sipoff_kept_uncharge(e->sn, e->stored);
	atomic_dec(&t->count);
	atomic_dec(&sipoff_txns_total);
	sipoff_stat_inc(e->sn, SIPOFF_STAT_TXN_FREED);
	call_rcu(&e->rcu, sipoff_txe_free_rcu);
}

/*
 * Called by the timer with @e dead or terminated: unlink and free, unless teardown runs.
 *
 * Once @e is off the list, sipoff_txns_uninit() no longer waits for its timer, yet this
 * callback still touches the table, the namespace's counters and queues an RCU callback:
 * t->freeing counts it until then, and teardown waits for the count to drop to zero.  After
 * the decrement this callback touches nothing of the table (wake_up_var() only hashes the
 * address) and runs no more sipoff code that rmmod's synchronize_rcu() would not wait for.
 */
static void sipoff_txe_free(struct sipoff_txe *e)
{
	struct sipoff_txns *t = e->tab;

	spin_lock(&t->lock);
	if (t->dying) {
		/* sipoff_txns_uninit() owns every transaction now. */
		spin_unlock(&t->lock);
		return;
	}
	list_del(&e->list);
	atomic_inc(&t->gen);
	atomic_inc(&t->freeing);
	spin_unlock(&t->lock);
	sipoff_txe_release(e);
	if (atomic_dec_and_test(&t->freeing))
		wake_up_var(&t->freeing);
}

/* Arm @e's timer at the state machine's next deadline (under e->lock). */
static void sipoff_txe_arm(struct sipoff_txe *e, u64 now)
{
	u64 when = sipoff_txn_next_deadline(&e->txn);

	if (e->cancel_next && (!when || e->cancel_next < when))
		when = e->cancel_next;
	if (e->dead) {
		mod_timer(&e->timer, jiffies);
		return;
	}
	if (!when)
		return;
	/* Rounded up: a timer run a little late is fine, a little early does nothing. */
	mod_timer(&e->timer, jiffies + msecs_to_jiffies(when > now ? when - now : 0) + 1);
}

/* ---- keeping copies -------------------------------------------------------------------- */

/*
 * Keep a copy of @pkt in @c: charged against the namespace's and the module-wide caps (a copy
 * over either is not made: -ENOSPC, counted).
 */
static int sipoff_txe_keep(struct sipoff_txe *e, struct sipoff_copy *c, const struct sipoff_pkt *pkt,
			   const struct sipoff_cfg *cfg)
{
	u32 old = c->skb ? c->skb->truesize : 0;
	struct sipoff_copy n = {};
	struct sipoff_ifs ifs;
	int err;

	/* No copy is made when even the packet's own size would not fit. */
	if (pkt->skb->truesize > old && !sipoff_kept_room(e->sn, pkt->skb->truesize - old)) {
		sipoff_stat_inc(e->sn, SIPOFF_STAT_CAP_BYTES);
		return -ENOSPC;
	}
	sipoff_ifs_of(pkt->skb, pkt->state, &ifs);
	err = sipoff_copy_keep(&n, pkt->skb, pkt->poff, pkt->len, &ifs);
	if (err)
		return err;
	if (!sipoff_kept_charge(e->sn, (s64)n.skb->truesize - old)) {
		sipoff_copy_free(&n);
		sipoff_stat_inc(e->sn, SIPOFF_STAT_CAP_BYTES);
		return -ENOSPC;
	}
	sipoff_copy_free(c);
	*c = n;
	e->stored += c->skb->truesize - old;
	atomic64_add((s64)c->skb->truesize - old, &e->tab->bytes);
	return 0;
}

/*
 * Account the copy of a message the kernel built and sent (@c, which held @old bytes before):
 * it counts against the caps like any other; over one, the message went out but its copy is
 * not kept (counted).
 */
static void sipoff_txe_kept_built(struct sipoff_txe *e, struct sipoff_copy *c, u32 old)
{
	u32 now = c->skb ? c->skb->truesize : 0;

	if (!sipoff_kept_charge(e->sn, (s64)now - old)) {
		sipoff_stat_inc(e->sn, SIPOFF_STAT_CAP_BYTES);
		sipoff_copy_free(c);
		sipoff_kept_uncharge(e->sn, old);
		now = 0;
	}
	e->stored += now - old;
	atomic64_add((s64)now - old, &e->tab->bytes);
}

/* ---- what the kernel sends ------------------------------------------------------------- */

static void sipoff_txe_sent(struct sipoff_txe *e, int err, enum sipoff_stat what)
{
	sipoff_stat_inc(e->sn, err ? SIPOFF_STAT_XMIT_ERRORS : what);
}

/* 100 Trying (8.2.6.1) for the kept INVITE, to where its responses go (18.2.2, RFC 3581). */
static void sipoff_txe_send_100(struct sipoff_txe *e)
{
	struct sipoff_build_scratch *b = this_cpu_read(sipoff_build_scratch);
	struct net *net = e->sn->net;
	const struct sipoff_via *via;
	struct sipoff_flow in, f;
	u32 len, old;
	int err;

	if (!e->req.skb || !sipoff_copy_has_socket(net, &e->req, true)) {
		sipoff_stat_inc(e->sn, SIPOFF_STAT_NO_SOCKET);
		return;
	}
	if (sipoff_parse(sipoff_copy_data(&e->req), e->req.plen, SIPOFF_MAX_VIA, &b->msg))
		return;
	len = sipoff_build_100(sipoff_copy_data(&e->req), &b->msg, b->out, sizeof(b->out));
	if (!len)
		return;
	/* The INVITE came from its sender to us: answer from where it arrived, to its source
	 * (received/rport; the sent-by port when the top Via has no rport).
	 */
	sipoff_copy_flow(&e->req, &in);
	f.ifs = in.ifs;
	f.family = in.family;
	f.saddr = in.daddr;
	f.sport = in.dport;
	f.daddr = in.saddr;
	via = sipoff_top_via(&b->msg);
	f.dport = in.sport;
	if (via && !(via->flags & SIPOFF_VF_RPORT))
		f.dport = htons(via->flags & SIPOFF_VF_PORT ? via->port : 5060);
	old = e->resp.skb ? e->resp.skb->truesize : 0;
	err = sipoff_xmit_build(net, &f, b->out, len, &e->resp);
	sipoff_txe_kept_built(e, &e->resp, old);
	sipoff_txe_sent(e, err, SIPOFF_STAT_KERNEL_BUILT);
}

/* The ACK of a non-2xx final (17.1.1.3), from the kept INVITE and the response at hand. */
static void sipoff_txe_send_ack(struct sipoff_txe *e, const struct sipoff_pkt *pkt, u8 slot)
{
	struct sipoff_build_scratch *b = this_cpu_read(sipoff_build_scratch);
	struct net *net = e->sn->net;
	struct sipoff_flow f;
	u32 len, old;
	int err;

	if (!e->req.skb || !pkt || !pkt->msg || slot >= SIPOFF_TXE_ACKS)
		return;
	if (sipoff_parse(sipoff_copy_data(&e->req), e->req.plen, SIPOFF_MAX_ROUTE, &b->msg))
		return;
	len = sipoff_build_ack(sipoff_copy_data(&e->req), &b->msg, pkt->data, pkt->msg, b->out,
			       sizeof(b->out));
	if (!len)
		return;
	/* Same addresses as the INVITE: the ACK goes where the INVITE went. */
	sipoff_copy_flow(&e->req, &f);
	old = e->ack[slot].skb ? e->ack[slot].skb->truesize : 0;
	err = sipoff_xmit_build(net, &f, b->out, len, &e->ack[slot]);
	sipoff_txe_kept_built(e, &e->ack[slot], old);
	sipoff_txe_sent(e, err, SIPOFF_STAT_KERNEL_BUILT);
}

/*
 * The CANCEL of the kept INVITE (9.1), where the INVITE went; under e->lock, BHs off.
 *
 * The CANCEL is a non-INVITE client transaction of the kernel's own (9.1, 17.1.2): on UDP it is
 * re-sent on Timer E (T1 doubling, capped at T2) until a response to it arrives, the INVITE
 * has its final response, or Timer F (64*T1) runs out; that expiry is reported like the
 * application's own Timer F, but ends no dialog (the INVITE's own Timer B does).  The copy is
 * kept on the INVITE's entry and re-sent from its timer.
 */
static int sipoff_txe_send_cancel(struct sipoff_txe *e, const struct sipoff_cfg *cfg, u64 now)
{
	struct sipoff_build_scratch *b = this_cpu_read(sipoff_build_scratch);
	struct sipoff_flow f;
	u32 len, old;
	int err;

	if (sipoff_parse(sipoff_copy_data(&e->req), e->req.plen, SIPOFF_MAX_ROUTE, &b->msg))
		return -EINVAL;
	len = sipoff_build_cancel(sipoff_copy_data(&e->req), &b->msg, b->out, sizeof(b->out));
	if (!len)
		return -EMSGSIZE;
	if (!sipoff_kept_room(e->sn, len)) {
		sipoff_stat_inc(e->sn, SIPOFF_STAT_CAP_BYTES);
		return -ENOSPC;
	}
	sipoff_copy_flow(&e->req, &f);
	old = e->cancel.skb ? e->cancel.skb->truesize : 0;
	err = sipoff_xmit_build(e->sn->net, &f, b->out, len, &e->cancel);
	sipoff_txe_kept_built(e, &e->cancel, old);
	sipoff_txe_sent(e, err, SIPOFF_STAT_KERNEL_BUILT);
	if (err)
		return err;
	e->cancelled = true;
	if (e->cancel.skb) {
		e->cancel_ivl = cfg->t1_ms;
		e->cancel_t2 = cfg->t2_ms;
		e->cancel_next = now + cfg->t1_ms;
		e->cancel_end = now + 64ULL * cfg->t1_ms;
		sipoff_txe_arm(e, now);
	}
	return 0;
}

/*
 * The kernel's CANCEL, on @e's timer (under e->lock): re-send it when due, stop when the INVITE
 * has its final response.  Returns true when its Timer F ran out (to be reported).
 */
static bool sipoff_txe_cancel_timer(struct sipoff_txe *e, u64 now)
{
	int err;

	if (!e->cancel_next || now < e->cancel_next)
		return false;
	if (e->txn.state != SIPOFF_TXN_S_CALLING && e->txn.state != SIPOFF_TXN_S_PROCEEDING) {
		e->cancel_next = 0;
		return false;
	}
	if (now >= e->cancel_end) {
		e->cancel_next = 0;
		sipoff_stat_inc(e->sn, SIPOFF_STAT_TIMEOUT_F);
		return true;
	}
	err = sipoff_xmit_copy(e->sn->net, &e->cancel);
	sipoff_txe_sent(e, err, SIPOFF_STAT_KERNEL_RESENDS);
	e->cancel_ivl = min(2 * e->cancel_ivl, e->cancel_t2);
	e->cancel_next = min(now + e->cancel_ivl, e->cancel_end);
	return false;
}

/**
 * sipoff_txns_cancel_invite() - CANCEL an INVITE the local application sent and the kernel holds
 * @sn: the namespace
 * @call_id: the INVITE's Call-ID
 * @call_id_len: its length
 * @from_tag: its From tag
 * @from_tag_len: its length
 * @cseq: its CSeq number
 *
 * Contract section 6: an operator ends a ringing call; the application's own machinery then
 * handles the 487.  Process context, no lock held.
 *
 * Return: 0 when the CANCEL was sent; -ENOENT when no such INVITE is held; -EALREADY when it
 * has its final response already; another negative errno if it could not be sent.
 */
int sipoff_txns_cancel_invite(struct sipoff_net *sn, const u8 *call_id, u32 call_id_len,
			      const u8 *from_tag, u32 from_tag_len, u32 cseq)
{
	struct sipoff_txns *t = sn->txns;
	struct sipoff_txn_key dk;
	struct sipoff_txe *e;
	int err = -ENOENT;

	if (!t)
		return -ENOENT;
	sipoff_txn_key_dialog(&dk, &t->seed, SIPOFF_TXN_CLIENT,
			      (struct sipoff_txn_bytes){ .p = call_id, .len = call_id_len },
			      (struct sipoff_txn_bytes){ .p = from_tag, .len = from_tag_len }, cseq);
	local_bh_disable();
	rcu_read_lock();
	e = sipoff_txe_find(t, &dk, true);
	if (e) {
		spin_lock(&e->lock);
		if (e->dead || e->txn.kind != SIPOFF_TXN_ICT || !e->req.skb)
			err = -ENOENT;
		else if ((e->txn.state != SIPOFF_TXN_S_CALLING &&
			  e->txn.state != SIPOFF_TXN_S_PROCEEDING) || e->cancelled)
			err = -EALREADY;
		else
			err = sipoff_txe_send_cancel(e, rcu_dereference(sn->cfg), sipoff_now_ms());
		spin_unlock(&e->lock);
	}
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

static u8 sipoff_ack_slot(u8 fork)
{
	return fork == SIPOFF_TXN_FORK_NON2XX ? SIPOFF_TXN_FORKS : fork;
}

static void sipoff_txe_timeout(struct sipoff_txe *e, u8 timer)
{
	switch (timer) {
	case SIPOFF_TXN_TIMER_B:
		sipoff_stat_inc(e->sn, SIPOFF_STAT_TIMEOUT_B);
		break;
	case SIPOFF_TXN_TIMER_F:
		sipoff_stat_inc(e->sn, SIPOFF_STAT_TIMEOUT_F);
		break;
	case SIPOFF_TXN_TIMER_H:
		sipoff_stat_inc(e->sn, SIPOFF_STAT_TIMEOUT_H);
		break;
	default:
		/* Timer L or M with a 2xx never ACKed. */
		sipoff_stat_inc(e->sn, SIPOFF_STAT_TIMEOUT_NO_ACK);
		break;
	}
	e->timeout = timer;
}

/*
 * Tell the events group, and the dialog layer for Timer B/F (RFC 5057: a timed-out request of a
 * dialog ends it), of a timeout; called without e->lock, under rcu_read_lock().
 */
static void sipoff_txe_report(struct sipoff_txe *e, u8 timer)
{
	const u8 *cid = e->ids, *ftag = cid + e->call_id_len, *ttag = ftag + e->from_tag_len;

	sipoff_nl_txn_timeout(e->sn, e->txn.kind, timer, e->method, e->cseq, cid, e->call_id_len);
	if ((timer == SIPOFF_TXN_TIMER_B || timer == SIPOFF_TXN_TIMER_F) &&
	    e->call_id_len < SIPOFF_CALLID_KEEP)
		sipoff_dialogs_txn_timeout(e->sn, cid, e->call_id_len, ftag, e->from_tag_len,
					   ttag, e->to_tag_len, e->method, e->cseq,
					   e->key.side == SIPOFF_TXN_CLIENT);
}

/*
 * Carry out a verdict, in the order sipoff_txn.h gives: keep, send, report, then the fate of
 * the packet at hand (@pkt, NULL for a timer).  Under e->lock.  Returns the netfilter verdict
 * for @pkt.
 */
static unsigned int sipoff_txe_act(struct sipoff_txe *e, struct sipoff_txn_verdict v,
				   const struct sipoff_pkt *pkt, const struct sipoff_cfg *cfg)
{
	struct net *net = e->sn->net;
	bool fail_open = false;
	int err;

	if (pkt && (v.act & SIPOFF_TXN_ACT_STORE_REQUEST) && sipoff_txe_keep(e, &e->req, pkt, cfg))
		fail_open = true;
	if (pkt && (v.act & SIPOFF_TXN_ACT_STORE_RESPONSE) && sipoff_txe_keep(e, &e->resp, pkt, cfg))
		fail_open = true;
	if (pkt && (v.act & SIPOFF_TXN_ACT_STORE_ACK) &&
	    sipoff_txe_keep(e, &e->ack[sipoff_ack_slot(v.fork)], pkt, cfg))
		fail_open = true;
	if (fail_open) {
		/* Without its copy the machine would act on nothing: give the transaction up. */
		sipoff_txe_unhash(e);
		return NF_ACCEPT;
	}

	if ((v.act & SIPOFF_TXN_ACT_RESEND_REQUEST) && e->req.skb) {
		err = sipoff_xmit_copy(net, &e->req);
		sipoff_txe_sent(e, err, SIPOFF_STAT_KERNEL_RESENDS);
	}
	if ((v.act & SIPOFF_TXN_ACT_RESEND_RESPONSE) && e->resp.skb) {
		if (!sipoff_copy_has_socket(net, &e->resp, false)) {
			sipoff_stat_inc(e->sn, SIPOFF_STAT_NO_SOCKET);
		} else {
			/* Where the application's own copy went, never to the source of the copy
			 * at hand (semantics.md 3: no reflection); copies come from the peer only.
			 */
			err = sipoff_xmit_copy(net, &e->resp);
			sipoff_txe_sent(e, err, SIPOFF_STAT_KERNEL_RESENDS);
		}
	}
	if (v.act & SIPOFF_TXN_ACT_SEND_100)
		sipoff_txe_send_100(e);
	if (v.act & SIPOFF_TXN_ACT_SEND_ACK)
		sipoff_txe_send_ack(e, pkt, sipoff_ack_slot(SIPOFF_TXN_FORK_NON2XX));
	if (v.act & SIPOFF_TXN_ACT_REPLAY_ACK) {
		struct sipoff_copy *ack = &e->ack[sipoff_ack_slot(v.fork)];

		if (ack->skb) {
			/* Where the application's ACK went. */
			err = sipoff_xmit_copy(net, ack);
			sipoff_txe_sent(e, err, SIPOFF_STAT_KERNEL_RESENDS);
		}
	}
	if (v.act & SIPOFF_TXN_ACT_TIMEOUT)
		sipoff_txe_timeout(e, v.timer);
	if (v.act & SIPOFF_TXN_ACT_LIMITED)
		sipoff_stat_inc(e->sn, SIPOFF_STAT_RESENDS_LIMITED);
	WRITE_ONCE(e->resp_tag, sipoff_txn_resp_to_tag(&e->txn));

	if (!pkt || !(v.act & SIPOFF_TXN_ACT_ABSORB))
		return NF_ACCEPT;
	if (!sipoff_msg_is_request(pkt->msg))
		sipoff_stat_inc(e->sn, SIPOFF_STAT_ABSORBED_RESPONSES);
	else if (pkt->msg->method == SIPOFF_M_ACK)
		sipoff_stat_inc(e->sn, SIPOFF_STAT_ABSORBED_ACKS);
	else
		sipoff_stat_inc(e->sn, SIPOFF_STAT_ABSORBED_REQUESTS);
	return NF_DROP;
}

static void sipoff_txe_timer_fn(struct timer_list *tm)
{
	struct sipoff_txe *e = timer_container_of(e, tm, timer);
	const struct sipoff_cfg *cfg;
	struct sipoff_txn_verdict v;
	bool free = false, cancel_timeout = false;
	u8 timeout;
	u64 now;

	rcu_read_lock();
	cfg = rcu_dereference(e->sn->cfg);
	spin_lock(&e->lock);
	e->timeout = SIPOFF_TXN_TIMER_NONE;
	now = sipoff_now_ms();
	if (e->dead) {
		free = true;
	} else {
		cancel_timeout = sipoff_txe_cancel_timer(e, now);
		v = sipoff_txn_timer(&e->txn, now);
		sipoff_txe_act(e, v, NULL, cfg);
		if (v.act & SIPOFF_TXN_ACT_FREE) {
			sipoff_txe_unhash(e);
			free = true;
		}
	}
	if (!free)
		sipoff_txe_arm(e, now);
	timeout = e->timeout;
	spin_unlock(&e->lock);
	/* e stays valid until rcu_read_unlock(): it is freed after a grace period. */
	if (timeout != SIPOFF_TXN_TIMER_NONE)
		sipoff_txe_report(e, timeout);
	if (cancel_timeout)
		sipoff_nl_txn_timeout(e->sn, SIPOFF_TXN_NICT, SIPOFF_TXN_TIMER_F, SIPOFF_M_CANCEL,
				      e->cseq, e->ids, e->call_id_len);
	if (free)
		sipoff_txe_free(e);
	rcu_read_unlock();
}

/* ---- the packet path ------------------------------------------------------------------- */

/*
 * "host:port" of a Via, as the key's sent-by (the port defaults to nothing: two spellings of
 * one address are two senders, as a strict reading of 17.2.3 has it).
 */
static u32 sipoff_sent_by(const u8 *data, const struct sipoff_via *v, u8 *buf, u32 cap)
{
	u32 n = v->host.len, port = v->port, i = 0;
	char d[6];

	if (n + 7 > cap)
		return 0;
	memcpy(buf, data + v->host.off, n);
	if (v->flags & SIPOFF_VF_PORT) {
		buf[n++] = ':';
		do {
			d[i++] = '0' + port % 10;
			port /= 10;
		} while (port);
		while (i)
			buf[n++] = d[--i];
	}
	return n;
}

/* Not inlined: it would put its frame on sipoff_txns_msg()'s, already holding sent_by[]. */
static noinline struct sipoff_txe *
sipoff_txe_create(struct sipoff_txns *t, struct sipoff_net *sn, const struct sipoff_cfg *cfg,
		  const struct sipoff_txn_key *k, enum sipoff_txn_kind kind,
		  const struct sipoff_pkt *pkt, u64 now)
{
	const struct sipoff_msg *m = pkt->msg;
	const struct sipoff_via *via = sipoff_top_via(m);
	u32 cid_len, ftag_len, ttag_len, br_len, meth_len, n;
	struct sipoff_txn_cfg tc;
	struct sipoff_txe *e, *old;

	if (atomic_read(&t->count) >= cfg->max_txns ||
	    atomic_read(&sipoff_txns_total) >= sipoff_max_txns_total()) {
		sipoff_stat_inc(sn, SIPOFF_STAT_CAP_TXNS);
		return NULL;
	}
	cid_len = min_t(u32, m->call_id.len, SIPOFF_CALLID_KEEP);
	ftag_len = min_t(u32, m->from.tag.len, SIPOFF_TAG_KEEP);
	ttag_len = min_t(u32, m->to.tag.len, SIPOFF_TAG_KEEP);
	br_len = via ? min_t(u32, via->branch.len, SIPOFF_BRANCH_KEEP) : 0;
	meth_len = m->method == SIPOFF_M_UNKNOWN ?
		   min_t(u32, m->method_tok.len, SIPOFF_METHOD_KEEP) : 0;
	/*
	 * Charged to the memory cgroup of the task sending the packet where there is one (a
	 * LOCAL_OUT hook in process context); in softirq there is none to charge.
	 */
	e = kzalloc(struct_size(e, ids, cid_len + ftag_len + ttag_len + br_len + meth_len),
		    GFP_ATOMIC | __GFP_ACCOUNT);
	if (!e) {
		sipoff_stat_inc(sn, SIPOFF_STAT_CAP_TXNS);
		return NULL;
	}
	spin_lock_init(&e->lock);
	timer_setup(&e->timer, sipoff_txe_timer_fn, 0);
	e->tab = t;
	e->sn = sn;
	e->key = *k;
	e->cseq = m->cseq;
	e->method = m->method;
	e->timeout = SIPOFF_TXN_TIMER_NONE;
	e->call_id_len = cid_len;
	e->from_tag_len = ftag_len;
	e->to_tag_len = ttag_len;
	e->branch_len = br_len;
	e->method_len = meth_len;
	e->family = pkt->family;
	e->peer = pkt->raddr;
	e->peer_port = pkt->rport;
	memcpy(e->ids, pkt->data + m->call_id.off, cid_len);
	n = cid_len;
	memcpy(e->ids + n, pkt->data + m->from.tag.off, ftag_len);
	n += ftag_len;
	memcpy(e->ids + n, pkt->data + m->to.tag.off, ttag_len);
	n += ttag_len;
	if (br_len)
		memcpy(e->ids + n, pkt->data + via->branch.off, br_len);
	n += br_len;
	memcpy(e->ids + n, pkt->data + m->method_tok.off, meth_len);

	sipoff_txn_cfg_default(&tc);
	tc.t1_ms = cfg->t1_ms;
	tc.t2_ms = cfg->t2_ms;
	tc.t4_ms = cfg->t4_ms;
	tc.timer_d_ms = cfg->timer_d_ms;
	tc.trying_ms = cfg->trying_ms;
	sipoff_txn_init(&e->txn, kind, (enum sipoff_txn_mode)cfg->mode, &tc, now);

	spin_lock(&t->lock);
	old = sipoff_txe_find(t, k, false);
	if (old || t->dying) {
		/* A copy on another CPU made it first. */
		spin_unlock(&t->lock);
		kfree(e);
		return old;
	}
	if (rhltable_insert(&t->ht, &e->node, sipoff_txe_params)) {
		spin_unlock(&t->lock);
		kfree(e);
		sipoff_stat_inc(sn, SIPOFF_STAT_CAP_TXNS);
		return NULL;
	}
	if (m->method == SIPOFF_M_INVITE) {
		sipoff_txn_key_dialog(&e->dkey, &t->seed, k->side,
				      sipoff_bytes(pkt->data, m->call_id),
				      sipoff_bytes(pkt->data, m->from.tag), m->cseq);
		e->in_dht = !rhltable_insert(&t->dht, &e->dnode, sipoff_txe_dparams);
	}
	list_add_tail(&e->list, &t->all);
	atomic_inc(&t->gen);
	atomic_inc(&t->count);
	atomic_inc(&sipoff_txns_total);
	spin_unlock(&t->lock);
	sipoff_stat_inc(sn, SIPOFF_STAT_TXN_CREATED);
	return e;
}

/*
 * Server side, a request copy at LOCAL_IN: whether the first copy is known to have reached the
 * application's socket (semantics.md 2.1 rule 2): a socket receives it and its drop counter
 * has not moved since the first copy arrived.
 */
static bool sipoff_txe_delivered(struct sipoff_txe *e, const struct sipoff_pkt *pkt)
{
	struct sipoff_ifs ifs;
	struct sock *sk;

	sipoff_ifs_of(pkt->skb, pkt->state, &ifs);
	sk = sipoff_sock_find(e->sn->net, pkt->family, &pkt->laddr, pkt->lport, &pkt->raddr,
			      pkt->rport, &ifs);
	if (!sk)
		return false;
	if (!e->have_drops) {
		e->drops = atomic_read(&sk->sk_drops);
		e->have_drops = true;
		return false;
	}
	return atomic_read(&sk->sk_drops) == e->drops;
}

/*
 * Whether a message arriving for @e (at LOCAL_IN) comes from the transaction's peer
 * (semantics.md 3): the first message from the peer (the request of a server transaction, the
 * first response of a client one) fixes its source address and port; a later one from anywhere
 * else is no copy.  Under e->lock.
 */
static bool sipoff_txe_from_peer(struct sipoff_txe *e, const struct sipoff_pkt *pkt)
{
	if (!e->has_src) {
		e->src = pkt->raddr;
		e->src_port = pkt->rport;
		e->has_src = true;
		return true;
	}
	return pkt->family == e->family && pkt->rport == e->src_port &&
	       nf_inet_addr_cmp(&pkt->raddr, &e->src);
}

/**
 * sipoff_txns_msg() - the transaction layer's part of a parsed SIP message
 * @sn: the namespace
 * @cfg: its configuration (mode transparent or offload)
 * @pkt: the message; pkt->retrans is set when it is a copy the layer had seen, pkt->matched
 *	when it belongs to a transaction the layer holds (a message arriving: from its peer)
 *
 * A message arriving from another source than the transaction's peer (semantics.md 3) is not
 * a copy: it passes untouched, counted (foreign_copies), and drives nothing.  The ACK of a 2xx,
 * found by dialog and CSeq, is exempt: it is a transaction of its own and may come another way.
 *
 * Return: NF_ACCEPT, or NF_DROP when the kernel absorbs the packet (the hook turns a drop at
 * LOCAL_OUT into NF_STOLEN).
 */
unsigned int sipoff_txns_msg(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			     struct sipoff_pkt *pkt)
{
	const struct sipoff_msg *m = pkt->msg;
	const bool request = sipoff_msg_is_request(m);
	/* Server side: requests arriving, responses leaving; client side the other way. */
	const enum sipoff_txn_side side = request == pkt->in ? SIPOFF_TXN_SERVER : SIPOFF_TXN_CLIENT;
	struct sipoff_txns *t = sn->txns;
	const struct sipoff_via *via = sipoff_top_via(m);
	struct sipoff_txn_bytes method;
	struct sipoff_txn_verdict v;
	struct sipoff_txn_msg tm = {};
	struct sipoff_txn_key k;
	struct sipoff_txe *e;
	unsigned int verdict;
	bool by_dialog = false;
	u8 sent_by[264];
	u32 sb_len = 0;
	u64 now;

	if (!t || !via)
		return NF_ACCEPT;
	method = sipoff_bytes(pkt->data, request ? m->method_tok : m->cseq_method_tok);
	if (sipoff_via_branch_is_3261(via)) {
		sb_len = sipoff_sent_by(pkt->data, via, sent_by, sizeof(sent_by));
		if (!sb_len)
			return NF_ACCEPT;
		sipoff_txn_key_3261(&k, &t->seed, side, sipoff_bytes(pkt->data, via->branch),
				    (struct sipoff_txn_bytes){ .p = sent_by, .len = sb_len }, method);
	} else {
		struct sipoff_txn_2543 f = {
			.ruri = sipoff_bytes(pkt->data, m->ruri),
			.to_tag = sipoff_bytes(pkt->data, m->to.tag),
			.from_tag = sipoff_bytes(pkt->data, m->from.tag),
			.call_id = sipoff_bytes(pkt->data, m->call_id),
			.top_via = sipoff_bytes(pkt->data, via->value),
			.cseq = m->cseq,
		};

		sipoff_txn_key_2543(&k, &t->seed, side, &f, method);
	}
	if (m->to.tag.len)
		tm.to_tag = sipoff_txn_hash_tag(&t->seed, sipoff_bytes(pkt->data, m->to.tag));
	tm.code = m->status;
	if (sipoff_msg_has(m, SIPOFF_H_RSEQ))
		tm.rseq = m->rseq;
	tm.reliable = !request && m->status > 100 && m->status < 200 &&
		      (m->flags & SIPOFF_MF_REQUIRE_100REL);
	now = sipoff_now_ms();

	e = sipoff_txe_find(t, &k, false);
	if (!e && request && m->method == SIPOFF_M_ACK) {
		/* The ACK of a 2xx: its INVITE by dialog and CSeq; its To tag picks the fork. */
		struct sipoff_txn_key dk;

		sipoff_txn_key_dialog(&dk, &t->seed, side, sipoff_bytes(pkt->data, m->call_id),
				      sipoff_bytes(pkt->data, m->from.tag), m->cseq);
		e = sipoff_txe_find(t, &dk, true);
		by_dialog = !!e;
	}
	if (!e && !request && m->cseq_method == SIPOFF_M_CANCEL && sipoff_via_branch_is_3261(via)) {
		/* A response to a CANCEL the kernel sent (section 6): the application never sent
		 * that CANCEL, so the response is the kernel's; its INVITE has the same branch.
		 */
		struct sipoff_txn_key ik;

		sipoff_txn_key_3261(&ik, &t->seed, side, sipoff_bytes(pkt->data, via->branch),
				    (struct sipoff_txn_bytes){ .p = sent_by, .len = sb_len },
				    (struct sipoff_txn_bytes){ .p = (const u8 *)"INVITE", .len = 6 });
		e = sipoff_txe_find(t, &ik, false);
		/* From where the CANCEL went, the INVITE's destination: else not ours. */
		if (e && READ_ONCE(e->cancelled) && pkt->rport == e->peer_port &&
		    pkt->family == e->family && nf_inet_addr_cmp(&pkt->raddr, &e->peer)) {
			/* Answered: the kernel's CANCEL is not re-sent any more. */
			spin_lock(&e->lock);
			e->cancel_next = 0;
			spin_unlock(&e->lock);
			sipoff_stat_inc(sn, SIPOFF_STAT_ABSORBED_RESPONSES);
			return NF_DROP;
		}
		e = NULL;
	}
	if (!e) {
		enum sipoff_txn_kind kind;

		/* Overload protection: a new INVITE answered with 503, its ACK absorbed. */
		if (request && side == SIPOFF_TXN_SERVER && sipoff_overload_msg(sn, cfg, pkt))
			return NF_DROP;
		/* Responses and ACKs that match nothing pass untouched. */
		if (!request || m->method == SIPOFF_M_ACK)
			return NF_ACCEPT;
		kind = sipoff_txn_kind_of(sipoff_txn_method_of(method), side);
		if (kind >= SIPOFF_TXN_KIND_NR)
			return NF_ACCEPT;
		e = sipoff_txe_create(t, sn, cfg, &k, kind, pkt, now);
		if (!e)
			return NF_ACCEPT;
	} else {
		pkt->retrans = request && m->method != SIPOFF_M_ACK;
	}

	spin_lock(&e->lock);
	if (e->dead) {
		spin_unlock(&e->lock);
		pkt->retrans = false;
		return NF_ACCEPT;
	}
	if (pkt->in && !by_dialog && !sipoff_txe_from_peer(e, pkt)) {
		/* Not a copy: the kernel answers no third party (no reflection). */
		spin_unlock(&e->lock);
		pkt->retrans = false;
		sipoff_stat_inc(sn, SIPOFF_STAT_FOREIGN_COPIES);
		return NF_ACCEPT;
	}
	pkt->matched = true;
	if (request && m->method == SIPOFF_M_ACK) {
		v = side == SIPOFF_TXN_SERVER ? sipoff_txn_ack_in(&e->txn, now, &tm) :
						sipoff_txn_ack_out(&e->txn, now, &tm);
	} else if (request) {
		if (side == SIPOFF_TXN_SERVER) {
			tm.delivered = sipoff_txe_delivered(e, pkt);
			v = sipoff_txn_request_in(&e->txn, now, &tm);
		} else {
			v = sipoff_txn_request_out(&e->txn, now, &tm);
		}
	} else {
		v = side == SIPOFF_TXN_SERVER ? sipoff_txn_response_out(&e->txn, now, &tm) :
						sipoff_txn_response_in(&e->txn, now, &tm);
	}
	verdict = sipoff_txe_act(e, v, pkt, cfg);
	sipoff_txe_arm(e, now);
	spin_unlock(&e->lock);
	return verdict;
}

/* ---- walking the table: /proc/net/sipoff/transactions and netlink dumps ------------------- */

/* A snapshot of @e for a reader (under e->lock). */
static void sipoff_txe_info(const struct sipoff_txe *e, u64 now, struct sipoff_txn_info *ti)
{
	const u8 *br = e->ids + e->call_id_len + e->from_tag_len + e->to_tag_len;
	int i;

	ti->key = e->key.hash;
	ti->age_ms = now - min(now, e->txn.created);
	ti->call_id = e->ids;
	ti->call_id_len = e->call_id_len;
	ti->branch = br;
	ti->branch_len = e->branch_len;
	if (e->method_len) {
		ti->method = br + e->branch_len;
		ti->method_len = e->method_len;
	} else {
		ti->method = sipoff_method_name(e->method);
		ti->method_len = strlen(ti->method);
	}
	ti->cseq = e->cseq;
	ti->resends = e->txn.resends;
	ti->armed = sipoff_txn_armed(&e->txn);
	ti->kept = 0;
	if (e->req.skb)
		ti->kept |= SIPOFF_TRANSACTION_KEPT_REQUEST;
	if (e->resp.skb)
		ti->kept |= SIPOFF_TRANSACTION_KEPT_RESPONSE;
	for (i = 0; i < SIPOFF_TXE_ACKS; i++)
		if (e->ack[i].skb)
			ti->kept |= SIPOFF_TRANSACTION_KEPT_ACK;
	ti->kept_bytes = e->stored;
	ti->last_code = e->txn.resp_code;
	ti->side = e->key.side;
	ti->kind = e->txn.kind;
	ti->state = e->txn.state;
	ti->mode = e->txn.mode;
	ti->method_id = e->method;
	ti->dead = e->dead;
	ti->family = e->family;
	ti->peer = e->peer;
	ti->peer_port = e->peer_port;
}

/**
 * sipoff_txns_iter_init() - begin a walk of a namespace's transactions
 * @sn: the namespace
 * @wi: the iterator
 *
 * The walk follows the hash table (rhashtable_walk_*) under RCU, without the table's lock, and
 * goes on across batches where it stopped: a dump costs O(transactions).  Process context.
 */
void sipoff_txns_iter_init(struct sipoff_net *sn, struct sipoff_txns_iter *wi)
{
	wi->t = sn->txns;
	if (wi->t)
		rhltable_walk_enter(&wi->t->ht, &wi->it);
}

/**
 * sipoff_txns_iter_exit() - end a walk begun by sipoff_txns_iter_init()
 * @wi: the iterator
 */
void sipoff_txns_iter_exit(struct sipoff_txns_iter *wi)
{
	if (wi->t)
		rhashtable_walk_exit(&wi->it);
	wi->t = NULL;
}

/* One transaction of a walk: @fn on its snapshot, under its lock. */
struct txe_walk {
	int (*fn)(const struct sipoff_txn_info *ti, void *arg);
	void *arg;
	u64 now;
	struct sipoff_txn_info ti;
};

static int sipoff_txe_walk_one(void *obj, void *arg)
{
	struct sipoff_txe *e = obj;
	struct txe_walk *w = arg;
	int ret;

	spin_lock_bh(&e->lock);
	sipoff_txe_info(e, w->now, &w->ti);
	ret = w->fn(&w->ti, w->arg);
	spin_unlock_bh(&e->lock);
	return ret;
}

/**
 * sipoff_txns_iter_walk() - call @fn on each transaction the walk has not visited yet
 * @wi: the iterator
 * @fn: the callback, with the transaction's lock held (BHs off): it must not sleep; the
 *	snapshot's strings are valid during the call only; a nonzero return stops the walk and
 *	that transaction is visited again by the next call (the batch was full)
 * @arg: for @fn
 * @rewound: set when the table was resized under the walk, which started over and may visit
 *	some transactions twice
 *
 * Return: 0 at the end of the table, else what @fn returned.
 */
int sipoff_txns_iter_walk(struct sipoff_txns_iter *wi,
			  int (*fn)(const struct sipoff_txn_info *ti, void *arg), void *arg,
			  bool *rewound)
{
	struct txe_walk w = { .fn = fn, .arg = arg, .now = sipoff_now_ms() };

	if (!wi->t)
		return 0;
	return sipoff_rht_walk(&wi->it, sipoff_txe_walk_one, &w, rewound);
}

/**
 * sipoff_txns_gen() - a number that changes whenever a transaction is added or removed
 * @sn: the namespace
 *
 * Return: the number (for nl_dump_check_consistent()).
 */
u32 sipoff_txns_gen(struct sipoff_net *sn)
{
	return sn->txns ? atomic_read(&sn->txns->gen) : 0;
}

static int sipoff_txns_proc_line(const struct sipoff_txn_info *ti, void *arg)
{
	char timers[SIPOFF_TXN_TIMER_NR * 8 + 1];
	struct seq_file *seq = arg;
	int n = 0;
	u32 i;

	timers[0] = '\0';
	for (i = 0; i < SIPOFF_TXN_TIMER_NR; i++)
		if (ti->armed & (1u << i))
			n += scnprintf(timers + n, sizeof(timers) - n, "%s%s", n ? "," : "",
				       sipoff_txn_timer_name(i));
	seq_printf(seq, "%-6s %016llx %-4s %-11s %-7s %-10u %-11s %-7u %-6llu %.*s\n",
		   ti->side == SIPOFF_TXN_SERVER ? "server" : "client", ti->key,
		   sipoff_txn_kind_name(ti->kind), sipoff_txn_state_name(ti->state),
		   sipoff_method_name(ti->method_id), ti->cseq, n ? timers : "-", ti->resends,
		   ti->age_ms, (int)ti->call_id_len, ti->call_id);
	return 0;
}

static int sipoff_txns_proc_show(struct seq_file *seq, void *v)
{
	struct sipoff_net *sn = sipoff_pernet(seq_file_single_net(seq));
	struct sipoff_txns *t = sn->txns;
	struct sipoff_txns_iter wi;
	bool rewound = false;

	seq_printf(seq, "# transactions %d, kept bytes %lld, entry size %zu bytes + ids\n",
		   atomic_read(&t->count), (long long)atomic64_read(&t->bytes),
		   sizeof(struct sipoff_txe));
	seq_puts(seq, "side   key              kind state       method  cseq       timers      resends age_ms call_id\n");
	sipoff_txns_iter_init(sn, &wi);
	sipoff_txns_iter_walk(&wi, sipoff_txns_proc_line, seq, &rewound);
	sipoff_txns_iter_exit(&wi);
	return 0;
}

/* ---- setup and teardown ---------------------------------------------------------------- */

/**
 * sipoff_txns_init() - a namespace's transaction table and /proc/net/sipoff/transactions
 * @sn: the namespace (its /proc/net/sipoff exists)
 *
 * Return: 0 or a negative errno.
 */
int sipoff_txns_init(struct sipoff_net *sn)
{
	struct sipoff_txns *t;
	struct proc_dir_entry *pde;
	kuid_t uid = make_kuid(sn->net->user_ns, 0);
	kgid_t gid = make_kgid(sn->net->user_ns, 0);
	int err;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return -ENOMEM;
	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->all);
	get_random_bytes(&t->seed, sizeof(t->seed));
	err = rhltable_init(&t->ht, &sipoff_txe_params);
	if (err)
		goto err_free;
	err = rhltable_init(&t->dht, &sipoff_txe_dparams);
	if (err)
		goto err_ht;
	pde = proc_create_net_single("transactions", 0440, sn->proc_dir, sipoff_txns_proc_show,
				     NULL);
	if (!pde) {
		err = -ENOMEM;
		goto err_dht;
	}
	if (uid_valid(uid) && gid_valid(gid))
		proc_set_user(pde, uid, gid);
	sn->txns = t;
	return 0;

err_dht:
	rhltable_destroy(&t->dht);
err_ht:
	rhltable_destroy(&t->ht);
err_free:
	kfree(t);
	return err;
}

/**
 * sipoff_txns_uninit() - free every transaction of a namespace; its hooks are gone
 * @sn: the namespace
 */
void sipoff_txns_uninit(struct sipoff_net *sn)
{
	struct sipoff_txns *t = sn->txns;
	struct sipoff_txe *e, *tmp;
	LIST_HEAD(all);

	if (!t)
		return;
	remove_proc_entry("transactions", sn->proc_dir);
	spin_lock_bh(&t->lock);
	t->dying = true;
	list_splice_init(&t->all, &all);
	atomic_inc(&t->gen);
	spin_unlock_bh(&t->lock);

	list_for_each_entry_safe(e, tmp, &all, list) {
		spin_lock_bh(&e->lock);
		sipoff_txe_unhash(e);
		spin_unlock_bh(&e->lock);
		/* A running callback sees dead and does not re-arm; then nothing is pending. */
		timer_delete_sync(&e->timer);
		list_del(&e->list);
		sipoff_txe_release(e);
		cond_resched();
	}
	/*
	 * Callbacks that took their transaction off the list before @dying was set are not
	 * waited for above: wait until each has handed its transaction to call_rcu().
	 */
	wait_var_event(&t->freeing, !atomic_read(&t->freeing));
	rhltable_destroy(&t->dht);
	rhltable_destroy(&t->ht);
	sn->txns = NULL;
	/*
	 * No reader is left: the hooks were unregistered in the namespace's pre_exit, and the
	 * grace period the core waits for between pre_exit and exit has passed.  The deferred
	 * frees touch only the entries; the table may go now.
	 */
	kfree(t);
}

/**
 * sipoff_txns_global_init() - every possible CPU's room for building messages
 *
 * Return: 0 or -ENOMEM.
 */
int sipoff_txns_global_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct sipoff_build_scratch *b = kvmalloc_node(sizeof(*b), GFP_KERNEL,
							       cpu_to_node(cpu));

		if (!b) {
			sipoff_txns_global_uninit();
			return -ENOMEM;
		}
		per_cpu(sipoff_build_scratch, cpu) = b;
	}
	return 0;
}

/**
 * sipoff_txns_global_uninit() - free the build scratch areas; no transaction is left
 */
void sipoff_txns_global_uninit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(sipoff_build_scratch, cpu));
		per_cpu(sipoff_build_scratch, cpu) = NULL;
	}
}
