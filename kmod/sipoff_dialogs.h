/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_dialogs.h - the kernel side of dialog tracking: a per network namespace table of
 * dialogs (struct sipoff_dialog) driven by the plain-C state logic of sipoff_dialog.h, one
 * timer per dialog, events on the "events" generic netlink group, /proc/net/sipoff/dialogs.
 *
 * Locking:
 *  - struct sipoff_dialogs.lock (BH-safe) serializes insertions into and removals from the
 *    two hash tables and the list of all dialogs; lookups and walks run under RCU.
 *  - struct sipoff_dialog.lock (BH-safe) protects the dialog's state, its variable strings
 *    (targets, route set) and @dead.  Order: the table lock, then a dialog's lock.
 *  - A dialog whose @dead is set is unhashed: nothing re-arms its timer, sends its events or
 *    reports it; it is freed after an RCU grace period, once its timer is known to be idle.
 */
#ifndef _SIPOFF_DIALOGS_H
#define _SIPOFF_DIALOGS_H

#include <linux/types.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include "sipoff.h"
#include "sipoff_dialog.h"

/* The module-wide cap on dialogs is the module parameter max_dialogs_total (sipoff_main.c). */
/* Dialogs kept per Call-ID (forks, reciprocal subscriptions): bounds the Call-ID index. */
#define SIPOFF_DIALOGS_PER_CALL_ID	32

/* Counters of the dialog layer (per namespace; /proc/net/sipoff/stats and stats-get). */
enum sipoff_dstat {
	SIPOFF_DSTAT_CREATED,
	SIPOFF_DSTAT_ENDED,
	SIPOFF_DSTAT_REAPED,
	SIPOFF_DSTAT_OVER_CAP,		/* not created: max_dialogs, global cap, per Call-ID cap */
	SIPOFF_DSTAT_OVER_BYTES,	/* not created / not updated: max_bytes */
	SIPOFF_DSTAT_NOMEM,
	SIPOFF_DSTAT_BYE_BEFORE_ACK,
	SIPOFF_DSTAT_ACK_MISSING,
	SIPOFF_DSTAT_EVENTS,
	SIPOFF_DSTAT_EVENTS_LOST,	/* no memory for an event: listeners see a gap */
	SIPOFF_DSTAT_UNMATCHED,		/* not created: the response matched no transaction */
	SIPOFF_DSTAT_NUM,
	/* Read-only values after the counters (sipoff_dialogs_stats()). */
	SIPOFF_DSTAT_LIVE = SIPOFF_DSTAT_NUM,
	SIPOFF_DSTAT_BYTES,
	SIPOFF_DSTAT_OBJ_SIZE,
	SIPOFF_DSTATS_ALL
};

/**
 * struct sipoff_dialogs - one namespace's dialog table
 * @sn: the namespace's state
 * @ht: dialogs by Call-ID + local tag + remote tag
 * @by_cid: the same dialogs by Call-ID (all forks of a call)
 * @list: every dialog, in creation (id) order, for dumps, /proc and flushes (RCU)
 * @lock: serializes changes of @ht, @by_cid and @list
 * @count: dialogs in the table (lingering ones included)
 * @bytes: bytes allocated for them
 * @next_id: id of the next dialog
 * @gen: changes of the table's membership (NLM_F_DUMP_INTR)
 * @reaping: timer callbacks reaping a dialog, from before its unlink until its call_rcu()
 * @event_seq: sequence number of the last event sent
 * @stats: counters, enum sipoff_dstat
 * @early_timeout_ms: early dialogs silent this long end (0: never); config, READ_ONCE
 * @max_lifetime_ms: dialogs end this long after creation (0: never); config, READ_ONCE
 */
struct sipoff_dialogs {
	struct sipoff_net *sn;
	struct rhashtable ht;
	struct rhltable by_cid;
	struct list_head list;
	spinlock_t lock;
	atomic_t count;
	atomic64_t bytes;
	atomic64_t next_id;
	atomic_t gen;
	atomic_t reaping;
	atomic64_t event_seq;
	atomic64_t stats[SIPOFF_DSTAT_NUM];
	u32 early_timeout_ms;
	u32 max_lifetime_ms;
};

/* Bounds of the dialog settings (netlink config-set). */
#define SIPOFF_DLG_EARLY_MAX_MS		86400000U
#define SIPOFF_DLG_LIFETIME_MAX_MS	604800000U

/*
 * Variable strings of a dialog (struct sipoff_dialog.var): the remote target, the local
 * target and the route set, each entry a u16 length (host order, unaligned) then its bytes.
 */
#define SIPOFF_DVAR_RTARGET	0
#define SIPOFF_DVAR_LTARGET	1
#define SIPOFF_DVAR_ROUTE	2	/* route i is entry SIPOFF_DVAR_ROUTE + i */

/**
 * struct sipoff_dialog - one dialog
 * @node: in sipoff_dialogs.ht
 * @cnode: in sipoff_dialogs.by_cid
 * @list: in sipoff_dialogs.list
 * @rcu: frees it
 * @dd: the table
 * @lock: protects @d, @var, @var_len, @n_route and @dead
 * @timer: fires at sipoff_dlg_next_deadline()
 * @id: namespace-unique id
 * @size: bytes accounted for it (its allocation and an out-of-line @var)
 * @dead: unhashed; nothing may re-arm, report or change it any more
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6 of the creating message
 * @n_route: entries of the route set
 * @cls: the size class it was allocated from (sipoff_dialogs.c), or SIPOFF_DLG_KMALLOC
 * @lport: local port of the creating message (network order)
 * @rport: remote port
 * @laddr: local address
 * @raddr: remote address
 * @cid_len: Call-ID length (the strings follow @str: Call-ID, local tag, remote tag, local
 *	URI, remote URI, each NUL-terminated)
 * @ltag_len: local tag length
 * @rtag_len: remote tag length
 * @luri_len: local URI length
 * @ruri_len: remote URI length
 * @var_len: bytes used in @var
 * @var_cap: bytes available in the inline area after the fixed strings (up to the end of
 *	the allocation)
 * @d: the state (sipoff_dialog.h)
 * @var: the variable strings (SIPOFF_DVAR_*): inline after the fixed strings, or kmalloc'd
 *	when they outgrew that area
 * @str: the fixed strings, then the inline area of @var
 */
struct sipoff_dialog {
	struct rhlist_head cnode;
	struct list_head list;
	struct rcu_head rcu;
	struct sipoff_dialogs *dd;
	spinlock_t lock;
	struct timer_list timer;
	u64 id;
	u32 size;
	u8 dead;
	u8 family;
	u8 n_route;
	u8 cls;
	__be16 lport;
	__be16 rport;
	union nf_inet_addr laddr;
	union nf_inet_addr raddr;
	u16 luri_len;
	u16 ruri_len;
	u16 var_len;
	u16 var_cap;
	struct sipoff_dlg d;
	u8 *var;
	/*
	 * What a lookup reads, together at the end: the hash table's node, the key's lengths
	 * and the key (@str begins with it), so a hit touches one or two adjacent cache lines.
	 */
	struct rhash_head node;
	u16 cid_len;
	u16 ltag_len;
	u16 rtag_len;
	u8 str[];
};

static inline const char *sipoff_dialog_cid(const struct sipoff_dialog *o)
{
	return (const char *)o->str;
}

static inline const char *sipoff_dialog_ltag(const struct sipoff_dialog *o)
{
	return sipoff_dialog_cid(o) + o->cid_len + 1;
}

static inline const char *sipoff_dialog_rtag(const struct sipoff_dialog *o)
{
	return sipoff_dialog_ltag(o) + o->ltag_len + 1;
}

static inline const char *sipoff_dialog_luri(const struct sipoff_dialog *o)
{
	return sipoff_dialog_rtag(o) + o->rtag_len + 1;
}

static inline const char *sipoff_dialog_ruri(const struct sipoff_dialog *o)
{
	return sipoff_dialog_luri(o) + o->luri_len + 1;
}

const u8 *sipoff_dialog_var(const struct sipoff_dialog *o, unsigned int i, u16 *len);

/* Entry points (sipoff_main.c, sipoff_hooks.c, the transaction layer). */
int sipoff_dialogs_global_init(void);
void sipoff_dialogs_global_uninit(void);
int sipoff_dialogs_init(struct sipoff_net *sn);
void sipoff_dialogs_uninit(struct sipoff_net *sn);
void sipoff_dialogs_msg(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			const struct sipoff_pkt *pkt);
void sipoff_dialogs_txn_timeout(struct sipoff_net *sn, const u8 *call_id, u32 call_id_len,
				const u8 *from_tag, u32 from_tag_len, const u8 *to_tag,
				u32 to_tag_len, u8 method, u32 cseq, bool local);

/* For netlink and /proc. */
u64 sipoff_dialogs_wall_ms(u64 mono_ms);
u64 sipoff_dialogs_now_ms(void);
int sipoff_dialogs_terminate(struct sipoff_net *sn, const char *cid, u32 cid_len,
			     const char *ltag, u32 ltag_len, const char *rtag, u32 rtag_len,
			     const char **why);
void sipoff_dialogs_flush(struct sipoff_net *sn);
/* The transaction layer's (a weak stand-in in sipoff_dialogs.c until it exists). */
int sipoff_txns_cancel_invite(struct sipoff_net *sn, const u8 *call_id, u32 call_id_len,
			      const u8 *from_tag, u32 from_tag_len, u32 cseq);

/**
 * struct sipoff_dialogs_iter - where a dump of the table stands, between its batches
 * @dd: the table
 * @it: the walker of the whole table (no Call-ID)
 * @cid: the Call-ID of a dump of one call (kmalloc'd), or NULL for the whole table
 * @cid_len: its length
 * @skip: dump of one call: dialogs of that Call-ID already visited
 */
struct sipoff_dialogs_iter {
	struct sipoff_dialogs *dd;
	struct rhashtable_iter it;
	char *cid;
	u32 cid_len;
	u32 skip;
};

int sipoff_dialogs_iter_init(struct sipoff_net *sn, struct sipoff_dialogs_iter *di, char *cid);
void sipoff_dialogs_iter_exit(struct sipoff_dialogs_iter *di);
void sipoff_dialogs_iter_start(struct sipoff_dialogs_iter *di) __acquires(RCU);
void sipoff_dialogs_iter_stop(struct sipoff_dialogs_iter *di) __releases(RCU);
struct sipoff_dialog *sipoff_dialogs_iter_next(struct sipoff_dialogs_iter *di);
int sipoff_dialogs_iter_walk(struct sipoff_dialogs_iter *di,
			     int (*fn)(struct sipoff_dialog *o, void *arg), void *arg,
			     bool *rewound);
const char *sipoff_dstat_name(unsigned int i);
void sipoff_dialogs_stats(struct sipoff_net *sn, u64 *val);

/* sipoff_netlink.c: events and the dialog attributes. */
void sipoff_nl_dialog_event(struct sipoff_dialog *o, u32 type,
			    const struct sipoff_dlg_usage_note *u);
int sipoff_nl_dialog_fill(struct sk_buff *skb, struct sipoff_dialog *o);
bool sipoff_nl_listening(struct net *net);

#endif /* _SIPOFF_DIALOGS_H */
