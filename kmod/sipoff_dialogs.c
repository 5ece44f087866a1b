// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_dialogs.c - the kernel glue of dialog tracking (semantics.md section 5).
 *
 * Each parsed SIP message that is not a retransmission is looked up by Call-ID + local tag +
 * remote tag and handed to the state logic of sipoff_dialog.c; what that logic reports
 * (SIPOFF_DLG_N_*) is acted on here: strings taken from the message, counters, events on the
 * "events" group, the dialog's timer re-armed, and after the linger the dialog freed.
 *
 * Memory: one allocation per dialog holds the state and its strings (Call-ID, tags, URIs,
 * and, inline while they fit, the targets and the route set); it is counted against the
 * namespace's max_bytes and the table against max_dialogs and a module-wide cap.  Over a cap
 * the message passes and is counted; nothing fails.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/timekeeping.h>
#include <linux/wait_bit.h>
#include <kunit/visibility.h>
#include "sipoff.h"
#include "sipoff_dialogs.h"
#include "sipoff_txns.h"
#include "sipoff_bench.h"
#include "compat.h"

static atomic_t sipoff_dialogs_global = ATOMIC_INIT(0);

/*
 * Size classes.  A dialog is one allocation (state and strings, so a lookup stays within it);
 * kmalloc would round a typical one (550 bytes: 376 of state, 170 of strings) up to 1024.  So
 * dialogs come from caches whose object sizes step by SIPOFF_DLG_CLASS_STEP bytes from the
 * state's size up, which wastes less than a step; a bigger dialog comes from kmalloc.  The
 * slack of a class is the inline room of the variable strings (@var_cap).
 */
#define SIPOFF_DLG_CLASS_STEP	64
#define SIPOFF_DLG_CLASSES	26
#define SIPOFF_DLG_KMALLOC	0xff

static struct kmem_cache *sipoff_dlg_caches[SIPOFF_DLG_CLASSES];

static u32 dlg_class_size(unsigned int c)
{
	return ALIGN(sizeof(struct sipoff_dialog), SIPOFF_DLG_CLASS_STEP) +
	       c * SIPOFF_DLG_CLASS_STEP;
}

/* The class of a dialog of @size bytes; @alloc is set to the bytes it gets. */
static u8 dlg_class_of(u32 size, u32 *alloc)
{
	u32 base = dlg_class_size(0);
	u32 c = size <= base ? 0 : DIV_ROUND_UP(size - base, SIPOFF_DLG_CLASS_STEP);

	if (c < SIPOFF_DLG_CLASSES) {
		*alloc = dlg_class_size(c);
		return c;
	}
	*alloc = kmalloc_size_roundup(size);
	return SIPOFF_DLG_KMALLOC;
}

static struct sipoff_dialog *dlg_alloc(u8 cls, u32 size)
{
	struct sipoff_dialog *o;

	if (cls == SIPOFF_DLG_KMALLOC)
		o = kzalloc(size, GFP_ATOMIC | __GFP_ACCOUNT);
	else
		o = kmem_cache_zalloc(sipoff_dlg_caches[cls], GFP_ATOMIC | __GFP_ACCOUNT);
	if (o)
		o->cls = cls;
	return o;
}

static void dlg_free_obj(struct sipoff_dialog *o)
{
	if (o->cls == SIPOFF_DLG_KMALLOC)
		kfree(o);
	else
		kmem_cache_free(sipoff_dlg_caches[o->cls], o);
}

/**
 * sipoff_dialogs_global_init() - create the dialogs' size-class caches
 *
 * Return: 0 or -ENOMEM.
 */
int sipoff_dialogs_global_init(void)
{
	char name[32];
	unsigned int c;

	for (c = 0; c < SIPOFF_DLG_CLASSES; c++) {
		snprintf(name, sizeof(name), "sipoff_dialog_%u", dlg_class_size(c));
		sipoff_dlg_caches[c] = kmem_cache_create(name, dlg_class_size(c), 0, 0, NULL);
		if (!sipoff_dlg_caches[c]) {
			sipoff_dialogs_global_uninit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * sipoff_dialogs_global_uninit() - destroy the caches; no dialog is left (after rcu_barrier())
 */
void sipoff_dialogs_global_uninit(void)
{
	unsigned int c;

	for (c = 0; c < SIPOFF_DLG_CLASSES; c++) {
		kmem_cache_destroy(sipoff_dlg_caches[c]);
		sipoff_dlg_caches[c] = NULL;
	}
}

static const char *const sipoff_dstat_names[SIPOFF_DSTATS_ALL] = {
	[SIPOFF_DSTAT_CREATED]		= "dialogs_created",
	[SIPOFF_DSTAT_ENDED]		= "dialogs_ended",
	[SIPOFF_DSTAT_REAPED]		= "dialogs_reaped",
	[SIPOFF_DSTAT_OVER_CAP]		= "dialogs_over_cap",
	[SIPOFF_DSTAT_OVER_BYTES]	= "dialogs_over_bytes",
	[SIPOFF_DSTAT_NOMEM]		= "dialogs_nomem",
	[SIPOFF_DSTAT_BYE_BEFORE_ACK]	= "dialogs_bye_before_ack",
	[SIPOFF_DSTAT_ACK_MISSING]	= "dialogs_ack_missing",
	[SIPOFF_DSTAT_EVENTS]		= "events_sent",
	[SIPOFF_DSTAT_EVENTS_LOST]	= "events_lost",
	[SIPOFF_DSTAT_UNMATCHED]	= "dialogs_unmatched",
	[SIPOFF_DSTAT_LIVE]		= "dialogs",
	[SIPOFF_DSTAT_BYTES]		= "dialog_bytes",
	[SIPOFF_DSTAT_OBJ_SIZE]		= "dialog_object_bytes",
};

/**
 * sipoff_dialogs_stats() - read the dialog counters
 * @sn: the namespace's state
 * @val: SIPOFF_DSTATS_ALL values (names: sipoff_dstat_name())
 *
 * The last three are the dialogs in the table, the bytes they hold, and the fixed size of
 * one dialog without its strings.
 */
void sipoff_dialogs_stats(struct sipoff_net *sn, u64 *val)
{
	struct sipoff_dialogs *dd = sn->dialogs;
	unsigned int i;

	for (i = 0; i < SIPOFF_DSTAT_NUM; i++)
		val[i] = dd ? atomic64_read(&dd->stats[i]) : 0;
	val[SIPOFF_DSTAT_LIVE] = dd ? atomic_read(&dd->count) : 0;
	val[SIPOFF_DSTAT_BYTES] = dd ? atomic64_read(&dd->bytes) : 0;
	val[SIPOFF_DSTAT_OBJ_SIZE] = sizeof(struct sipoff_dialog);
}

/**
 * sipoff_dstat_name() - name of a dialog counter
 * @i: enum sipoff_dstat
 *
 * Return: the name.
 */
const char *sipoff_dstat_name(unsigned int i)
{
	return i < SIPOFF_DSTATS_ALL ? sipoff_dstat_names[i] : "?";
}

static void dstat_inc(struct sipoff_dialogs *dd, enum sipoff_dstat s)
{
	atomic64_inc(&dd->stats[s]);
}

/* ---- keys ---- */

struct sipoff_dkey {
	const u8 *cid;
	const u8 *ltag;
	const u8 *rtag;
	u32 cid_len;
	u32 ltag_len;
	u32 rtag_len;
};

struct sipoff_ckey {
	const u8 *cid;
	u32 len;
};

static u32 dkey_hash(const struct sipoff_dkey *k, u32 seed)
{
	u32 h = jhash(k->cid, k->cid_len, seed);

	h = jhash(k->ltag, k->ltag_len, h);
	return jhash(k->rtag, k->rtag_len, h);
}

static void dkey_of(const struct sipoff_dialog *o, struct sipoff_dkey *k)
{
	k->cid = (const u8 *)sipoff_dialog_cid(o);
	k->cid_len = o->cid_len;
	k->ltag = (const u8 *)sipoff_dialog_ltag(o);
	k->ltag_len = o->ltag_len;
	k->rtag = (const u8 *)sipoff_dialog_rtag(o);
	k->rtag_len = o->rtag_len;
}

static u32 dlg_hashfn(const void *data, u32 len, u32 seed)
{
	return dkey_hash(data, seed);
}

static u32 dlg_obj_hashfn(const void *data, u32 len, u32 seed)
{
	struct sipoff_dkey k;

	dkey_of(data, &k);
	return dkey_hash(&k, seed);
}

static int dlg_obj_cmpfn(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct sipoff_dkey *k = arg->key;
	const struct sipoff_dialog *o = obj;

	return !(k->cid_len == o->cid_len && k->ltag_len == o->ltag_len &&
		 k->rtag_len == o->rtag_len &&
		 !memcmp(k->cid, sipoff_dialog_cid(o), k->cid_len) &&
		 !memcmp(k->ltag, sipoff_dialog_ltag(o), k->ltag_len) &&
		 !memcmp(k->rtag, sipoff_dialog_rtag(o), k->rtag_len));
}

static const struct rhashtable_params sipoff_dlg_params = {
	.head_offset		= offsetof(struct sipoff_dialog, node),
	.hashfn			= dlg_hashfn,
	.obj_hashfn		= dlg_obj_hashfn,
	.obj_cmpfn		= dlg_obj_cmpfn,
	.automatic_shrinking	= true,
};

static u32 cid_hashfn(const void *data, u32 len, u32 seed)
{
	const struct sipoff_ckey *k = data;

	return jhash(k->cid, k->len, seed);
}

static u32 cid_obj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct sipoff_dialog *o = data;

	return jhash(sipoff_dialog_cid(o), o->cid_len, seed);
}

static int cid_obj_cmpfn(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct sipoff_ckey *k = arg->key;
	const struct sipoff_dialog *o = obj;

	return !(k->len == o->cid_len && !memcmp(k->cid, sipoff_dialog_cid(o), k->len));
}

static const struct rhashtable_params sipoff_cid_params = {
	.head_offset		= offsetof(struct sipoff_dialog, cnode),
	.hashfn			= cid_hashfn,
	.obj_hashfn		= cid_obj_hashfn,
	.obj_cmpfn		= cid_obj_cmpfn,
	.automatic_shrinking	= true,
};

/* The dialog of a key, under RCU: the lookup of every message (sipoff_dialogs_msg()). */
static inline struct sipoff_dialog *dlg_lookup(struct sipoff_dialogs *dd,
					       const struct sipoff_dkey *k)
{
	return rhashtable_lookup(&dd->ht, k, sipoff_dlg_params);
}

/* ---- dumps ---- */

/**
 * sipoff_dialogs_iter_init() - begin a dump of the table, or of one Call-ID's dialogs
 * @sn: the namespace's state
 * @di: the iterator
 * @cid: a Call-ID (kmalloc'd; the iterator owns it from now on), or NULL for every dialog
 *
 * A whole-table dump walks the hash table (rhashtable_walk_*), so each batch goes on where
 * the last stopped: a dump costs O(dialogs), not O(dialogs^2).  A dump of one Call-ID looks
 * it up.  Process context.
 *
 * Return: 0, or -ENOENT when the namespace has no dialog table.
 */
int sipoff_dialogs_iter_init(struct sipoff_net *sn, struct sipoff_dialogs_iter *di, char *cid)
{
	di->dd = sn->dialogs;
	di->cid = cid;
	di->cid_len = cid ? strlen(cid) : 0;
	di->skip = 0;
	if (!di->dd) {
		kfree(cid);
		di->cid = NULL;
		return -ENOENT;
	}
	if (!cid)
		rhashtable_walk_enter(&di->dd->ht, &di->it);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sipoff_dialogs_iter_init);

/**
 * sipoff_dialogs_iter_exit() - end a dump begun by sipoff_dialogs_iter_init()
 * @di: the iterator
 */
void sipoff_dialogs_iter_exit(struct sipoff_dialogs_iter *di)
{
	if (!di->dd)
		return;
	if (!di->cid)
		rhashtable_walk_exit(&di->it);
	kfree(di->cid);
	di->dd = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(sipoff_dialogs_iter_exit);

/* A whole-table walk's callback, typed. */
struct dlg_walk {
	int (*fn)(struct sipoff_dialog *o, void *arg);
	void *arg;
};

static int dlg_walk_one(void *obj, void *arg)
{
	struct dlg_walk *w = arg;

	return w->fn(obj, w->arg);
}

/**
 * sipoff_dialogs_iter_walk() - visit the dialogs a dump has not visited yet
 * @di: the iterator
 * @fn: called for each dialog under RCU; nonzero stops the walk, and that dialog is visited
 *	again by the next call (the batch was full)
 * @arg: for @fn
 * @rewound: set when the table was resized during the walk: the walk started again and may
 *	visit some dialogs twice (the dump is to be flagged NLM_F_DUMP_INTR)
 *
 * Return: 0 at the end of the table, else what @fn returned.
 */
int sipoff_dialogs_iter_walk(struct sipoff_dialogs_iter *di,
			     int (*fn)(struct sipoff_dialog *o, void *arg), void *arg,
			     bool *rewound)
{
	struct dlg_walk w = { .fn = fn, .arg = arg };
	struct sipoff_dialog *o;
	int ret = 0;

	if (di->cid) {
		struct sipoff_ckey ck = { .cid = (const u8 *)di->cid, .len = di->cid_len };
		struct rhlist_head *list, *pos;
		u32 i = 0;

		rcu_read_lock();
		list = rhltable_lookup(&di->dd->by_cid, &ck, sipoff_cid_params);
		rhl_for_each_entry_rcu(o, pos, list, cnode) {
			if (i++ < di->skip)
				continue;
			ret = fn(o, arg);
			if (ret)
				break;
			di->skip++;
		}
		rcu_read_unlock();
		return ret;
	}

	return sipoff_rht_walk(&di->it, dlg_walk_one, &w, rewound);
}
EXPORT_SYMBOL_IF_KUNIT(sipoff_dialogs_iter_walk);

/*
 * Stepping through the whole table, one dialog at a time (seq_file's start/next/stop); between
 * sipoff_dialogs_iter_start() and sipoff_dialogs_iter_stop() the caller is under RCU.
 */
void sipoff_dialogs_iter_start(struct sipoff_dialogs_iter *di) __acquires(RCU)
{
	rhashtable_walk_start(&di->it);
}

void sipoff_dialogs_iter_stop(struct sipoff_dialogs_iter *di) __releases(RCU)
{
	rhashtable_walk_stop(&di->it);
}

/* The next dialog, or NULL at the end (after a resize the walk starts over). */
struct sipoff_dialog *sipoff_dialogs_iter_next(struct sipoff_dialogs_iter *di)
{
	struct sipoff_dialog *o;

	do {
		o = rhashtable_walk_next(&di->it);
	} while (IS_ERR(o) && PTR_ERR(o) == -EAGAIN);
	return IS_ERR(o) ? NULL : o;
}

/* ---- time ---- */

/**
 * sipoff_dialogs_now_ms() - the dialog layer's clock (monotonic, ms)
 *
 * Return: ms since boot (CLOCK_MONOTONIC).
 */
u64 sipoff_dialogs_now_ms(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_MSEC);
}

/**
 * sipoff_dialogs_wall_ms() - a time of the dialog layer's clock as ms since the Unix epoch
 * @mono_ms: the time (0: none)
 *
 * Converted with the current offset of CLOCK_REALTIME, so every report of one time agrees.
 *
 * Return: ms since the epoch, 0 for 0.
 */
u64 sipoff_dialogs_wall_ms(u64 mono_ms)
{
	if (!mono_ms)
		return 0;
	return ktime_to_ms(ktime_mono_to_real(ms_to_ktime(mono_ms)));
}

static void dlg_cfg_of(const struct sipoff_dialogs *dd, const struct sipoff_cfg *cfg,
		       struct sipoff_dlg_cfg *dc)
{
	sipoff_dlg_cfg_default(dc, cfg->t1_ms);
	dc->linger_ms = cfg->linger_ms;
	dc->early_timeout_ms = READ_ONCE(dd->early_timeout_ms);
	dc->max_lifetime_ms = READ_ONCE(dd->max_lifetime_ms);
}

/* ---- variable strings ---- */

/**
 * sipoff_dialog_var() - one of a dialog's variable strings (the caller holds its lock)
 * @o: the dialog
 * @i: SIPOFF_DVAR_RTARGET, SIPOFF_DVAR_LTARGET, or SIPOFF_DVAR_ROUTE + route index
 * @len: set to its length
 *
 * Return: its bytes (not NUL-terminated), or NULL if there is no such entry.
 */
const u8 *sipoff_dialog_var(const struct sipoff_dialog *o, unsigned int i, u16 *len)
{
	const u8 *p = o->var, *end = o->var + o->var_len;
	unsigned int j;

	for (j = 0; p + 2 <= end; j++) {
		u16 l;

		memcpy(&l, p, sizeof(l));

		if (j == i) {
			*len = l;
			return p + 2;
		}
		p += 2 + l;
	}
	*len = 0;
	return NULL;
}

struct sipoff_dvar_src {
	unsigned int n;
	const u8 *p[SIPOFF_DVAR_ROUTE + SIPOFF_MAX_ROUTE];
	u16 len[SIPOFF_DVAR_ROUTE + SIPOFF_MAX_ROUTE];
};

static u32 dvar_size(const struct sipoff_dvar_src *s)
{
	u32 n = 0, i;

	for (i = 0; i < s->n; i++)
		n += 2 + s->len[i];
	return n;
}

static void dvar_write(u8 *dst, const struct sipoff_dvar_src *s)
{
	u32 i;

	for (i = 0; i < s->n; i++) {
		memcpy(dst, &s->len[i], sizeof(u16));
		memcpy(dst + 2, s->p[i], s->len[i]);
		dst += 2 + s->len[i];
	}
}

/* The strings a message gives, over the dialog's current ones. */
static void dvar_collect(const struct sipoff_dialog *o, const struct sipoff_pkt *pkt, u32 notify,
			 struct sipoff_dvar_src *s)
{
	const struct sipoff_msg *m = pkt->msg;
	const u8 *b = pkt->data;
	unsigned int i, n;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < SIPOFF_DVAR_ROUTE + o->n_route; i++)
		s->p[i] = sipoff_dialog_var(o, i, &s->len[i]);
	s->n = SIPOFF_DVAR_ROUTE + o->n_route;
	/*
	 * The peer's Contact: its remote target.  On the UAS side the INVITE that carried it
	 * came before the dialog: the peer's first request with a Contact (its ACK, usually)
	 * gives it.
	 */
	if (((notify & SIPOFF_DLG_N_TARGET) ||
	     (!s->len[SIPOFF_DVAR_RTARGET] && sipoff_msg_is_request(m))) &&
	    pkt->in && m->n_contact && !(m->flags & SIPOFF_MF_CONTACT_STAR)) {
		s->p[SIPOFF_DVAR_RTARGET] = sipoff_span_ptr(b, m->contact[0].uri);
		s->len[SIPOFF_DVAR_RTARGET] = m->contact[0].uri.len;
	}
	/* The local party's Contact (sent by it in a dialog-forming or refreshing message). */
	if (!pkt->in && m->n_contact && !(m->flags & SIPOFF_MF_CONTACT_STAR) &&
	    (m->cseq_method == SIPOFF_M_INVITE || m->cseq_method == SIPOFF_M_UPDATE ||
	     m->cseq_method == SIPOFF_M_SUBSCRIBE || m->cseq_method == SIPOFF_M_NOTIFY ||
	     m->cseq_method == SIPOFF_M_REFER)) {
		s->p[SIPOFF_DVAR_LTARGET] = sipoff_span_ptr(b, m->contact[0].uri);
		s->len[SIPOFF_DVAR_LTARGET] = m->contact[0].uri.len;
	}
	if (notify & SIPOFF_DLG_N_ROUTE_SET) {
		n = min_t(unsigned int, m->n_rr, SIPOFF_MAX_ROUTE);
		for (i = 0; i < n; i++) {
			unsigned int j = sipoff_dlg_route_index(o->d.side, n, i);

			s->p[SIPOFF_DVAR_ROUTE + i] = sipoff_span_ptr(b, m->rr[j].value);
			s->len[SIPOFF_DVAR_ROUTE + i] = m->rr[j].value.len;
		}
		s->n = SIPOFF_DVAR_ROUTE + n;
	}
}

static bool dvar_same(const struct sipoff_dialog *o, const struct sipoff_dvar_src *s)
{
	unsigned int i;
	u16 l;

	if (s->n != SIPOFF_DVAR_ROUTE + o->n_route)
		return false;
	for (i = 0; i < s->n; i++) {
		const u8 *p = sipoff_dialog_var(o, i, &l);

		if (l != s->len[i] || (l && memcmp(p, s->p[i], l)))
			return false;
	}
	return true;
}

/* Take new targets / route set from @pkt; the caller holds the dialog's lock. */
static void dvar_update(struct sipoff_dialog *o, const struct sipoff_cfg *cfg,
			const struct sipoff_pkt *pkt, u32 notify)
{
	struct sipoff_dialogs *dd = o->dd;
	struct sipoff_dvar_src s;
	u8 *inl = o->str + o->cid_len + o->ltag_len + o->rtag_len + o->luri_len +
		  o->ruri_len + 5;
	u32 need, old_ext;
	u8 *tmp;

	dvar_collect(o, pkt, notify, &s);
	if (dvar_same(o, &s))
		return;
	need = dvar_size(&s);
	if (need > U16_MAX)
		return;
	tmp = kmalloc(need ?: 1, GFP_ATOMIC | __GFP_ACCOUNT);
	if (!tmp) {
		dstat_inc(dd, SIPOFF_DSTAT_NOMEM);
		return;
	}
	dvar_write(tmp, &s);
	old_ext = o->var != inl ? ksize(o->var) : 0;
	if (need <= o->var_cap) {
		memcpy(inl, tmp, need);
		kfree(tmp);
		tmp = inl;
	} else if (!sipoff_kept_charge(dd->sn, (s64)ksize(tmp) - old_ext)) {
		kfree(tmp);
		dstat_inc(dd, SIPOFF_DSTAT_OVER_BYTES);
		return;
	}
	if (o->var != inl)
		kfree(o->var);
	o->var = tmp;
	o->var_len = need;
	o->n_route = s.n - SIPOFF_DVAR_ROUTE;
	if (tmp != inl) {
		o->size += ksize(tmp) - old_ext;
		atomic64_add((s64)ksize(tmp) - old_ext, &dd->bytes);
	} else if (old_ext) {
		o->size -= old_ext;
		atomic64_sub(old_ext, &dd->bytes);
		sipoff_kept_uncharge(dd->sn, old_ext);
	}
}

/* ---- timer, events, removal ---- */

/* Re-arm the dialog's timer at its next deadline; the caller holds its lock. */
static void dlg_arm(struct sipoff_dialog *o, const struct sipoff_dlg_cfg *dc, u64 now)
{
	u64 t = sipoff_dlg_next_deadline(&o->d, dc), delta;

	if (o->dead)
		return;
	if (t == SIPOFF_DLG_NEVER) {
		timer_delete(&o->timer);
		return;
	}
	delta = t > now ? t - now : 0;
	delta = min_t(u64, delta, 30ULL * 24 * 3600 * 1000);
	mod_timer(&o->timer, jiffies + msecs_to_jiffies(delta) + 1);
}

/* Events and counters for what one call of the state logic did; the caller holds the lock. */
static void dlg_report(struct sipoff_dialog *o, const struct sipoff_dlg_res *res)
{
	struct sipoff_dialogs *dd = o->dd;
	u32 n = res->notify;
	unsigned int i;

	if (n & SIPOFF_DLG_N_NEW) {
		dstat_inc(dd, SIPOFF_DSTAT_CREATED);
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_DIALOG_NEW, NULL);
	}
	if (n & SIPOFF_DLG_N_EARLY)
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_DIALOG_EARLY, NULL);
	if (n & SIPOFF_DLG_N_CONFIRMED)
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_DIALOG_CONFIRMED, NULL);
	for (i = 0; i < min_t(u32, res->n_usage, ARRAY_SIZE(res->usage)); i++)
		if (res->usage[i].added)
			sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_USAGE_ADDED, &res->usage[i]);
	if (n & SIPOFF_DLG_N_REFRESHED)
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_DIALOG_REFRESHED, NULL);
	if (n & SIPOFF_DLG_N_BYE_BEFORE_ACK) {
		dstat_inc(dd, SIPOFF_DSTAT_BYE_BEFORE_ACK);
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_BYE_BEFORE_ACK, NULL);
	}
	if (n & SIPOFF_DLG_N_ACK_MISSING) {
		dstat_inc(dd, SIPOFF_DSTAT_ACK_MISSING);
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_ACK_MISSING, NULL);
	}
	for (i = 0; i < min_t(u32, res->n_usage, ARRAY_SIZE(res->usage)); i++)
		if (!res->usage[i].added)
			sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_USAGE_ENDED, &res->usage[i]);
	if (n & SIPOFF_DLG_N_ENDED) {
		dstat_inc(dd, SIPOFF_DSTAT_ENDED);
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_DIALOG_ENDED, NULL);
	}
	if (n & SIPOFF_DLG_N_BYE_RESPONSE)
		sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_BYE_RESPONSE, NULL);
}

static void dlg_free_rcu(struct rcu_head *head)
{
	struct sipoff_dialog *o = container_of(head, struct sipoff_dialog, rcu);
	u8 *inl = o->str + o->cid_len + o->ltag_len + o->rtag_len + o->luri_len +
		  o->ruri_len + 5;

	if (o->var != inl)
		kfree(o->var);
	dlg_free_obj(o);
}

/* Unhash a dialog and mark it dead, with the table's lock held; false if already done. */
static bool __dlg_unlink(struct sipoff_dialogs *dd, struct sipoff_dialog *o)
{
	bool done = false;

	lockdep_assert_held(&dd->lock);
	spin_lock(&o->lock);
	if (!o->dead) {
		o->dead = 1;
		done = true;
	}
	spin_unlock(&o->lock);
	if (done) {
		rhashtable_remove_fast(&dd->ht, &o->node, sipoff_dlg_params);
		rhltable_remove(&dd->by_cid, &o->cnode, sipoff_cid_params);
		list_del_rcu(&o->list);
		atomic_dec(&dd->count);
		atomic_dec(&sipoff_dialogs_global);
		atomic64_sub(o->size, &dd->bytes);
		sipoff_kept_uncharge(dd->sn, o->size);
		atomic_inc(&dd->gen);
	}
	return done;
}

/*
 * Unhash a dialog and mark it dead; false if someone else already did.  Its timer may still
 * be pending or running: the caller stops it before the dialog is freed.
 */
static bool dlg_unlink(struct sipoff_dialogs *dd, struct sipoff_dialog *o)
{
	bool done;

	spin_lock_bh(&dd->lock);
	done = __dlg_unlink(dd, o);
	spin_unlock_bh(&dd->lock);
	return done;
}

static void dlg_timer_fn(struct timer_list *t)
{
	struct sipoff_dialog *o = timer_container_of(o, t, timer);
	struct sipoff_dialogs *dd = o->dd;
	struct sipoff_dlg_res res;
	struct sipoff_dlg_cfg dc;
	bool reap = false;
	u64 now;

	rcu_read_lock();
	dlg_cfg_of(dd, rcu_dereference(dd->sn->cfg), &dc);
	rcu_read_unlock();
	now = sipoff_dialogs_now_ms();
	spin_lock_bh(&o->lock);
	if (o->dead) {
		spin_unlock_bh(&o->lock);
		return;
	}
	sipoff_dlg_on_timer(&o->d, &dc, now, &res);
	if (res.notify & SIPOFF_DLG_N_REAP) {
		reap = true;
	} else {
		dlg_report(o, &res);
		dlg_arm(o, &dc, now);
	}
	spin_unlock_bh(&o->lock);
	if (!reap)
		return;
	/*
	 * Once unlinked, the dialog is no longer on the list teardown walks, yet this callback
	 * still touches the table and queues an RCU callback: dd->reaping counts it from before
	 * the unlink until then, and sipoff_dialogs_uninit() waits for the count to drop to zero
	 * before it frees the table.  After the decrement nothing of the table is touched
	 * (wake_up_var() only hashes the address).
	 */
	atomic_inc(&dd->reaping);
	if (dlg_unlink(dd, o)) {
		/*
		 * A message may have re-armed the timer between the unlock and the unlink; this
		 * callback runs on the timer's base, so that instance is pending, not running.
		 */
		timer_delete(&o->timer);
		dstat_inc(dd, SIPOFF_DSTAT_REAPED);
		call_rcu(&o->rcu, dlg_free_rcu);
	}
	if (atomic_dec_and_test(&dd->reaping))
		wake_up_var(&dd->reaping);
}

/*
 * Remove every dialog, from process context: each is unhashed under the table's lock, then
 * freed once its timer is idle (a running callback sees it dead and leaves it alone).
 */
static void dlg_remove_all(struct sipoff_dialogs *dd)
{
	struct sipoff_dialog *o;

	for (;;) {
		spin_lock_bh(&dd->lock);
		o = list_first_entry_or_null(&dd->list, struct sipoff_dialog, list);
		if (o)
			__dlg_unlink(dd, o);
		spin_unlock_bh(&dd->lock);
		if (!o)
			break;
		timer_delete_sync(&o->timer);
		call_rcu(&o->rcu, dlg_free_rcu);
		cond_resched();
	}
}

/* ---- creation ---- */

static bool dlg_caps_take(struct sipoff_dialogs *dd, const struct sipoff_cfg *cfg, u32 size)
{
	if (atomic_inc_return(&dd->count) > cfg->max_dialogs) {
		atomic_dec(&dd->count);
		dstat_inc(dd, SIPOFF_DSTAT_OVER_CAP);
		return false;
	}
	if (atomic_inc_return(&sipoff_dialogs_global) > sipoff_max_dialogs_total()) {
		atomic_dec(&sipoff_dialogs_global);
		atomic_dec(&dd->count);
		dstat_inc(dd, SIPOFF_DSTAT_OVER_CAP);
		return false;
	}
	/* The namespace's max-bytes and the module-wide max_bytes_total, with its copies. */
	if (!sipoff_kept_charge(dd->sn, size)) {
		atomic_dec(&sipoff_dialogs_global);
		atomic_dec(&dd->count);
		dstat_inc(dd, SIPOFF_DSTAT_OVER_BYTES);
		return false;
	}
	atomic64_add(size, &dd->bytes);
	return true;
}

static void dlg_caps_put(struct sipoff_dialogs *dd, u32 size)
{
	sipoff_kept_uncharge(dd->sn, size);
	atomic64_sub(size, &dd->bytes);
	atomic_dec(&sipoff_dialogs_global);
	atomic_dec(&dd->count);
}

static unsigned int dlg_cid_count(struct sipoff_dialogs *dd, const struct sipoff_ckey *ck)
{
	struct rhlist_head *list, *pos;
	struct sipoff_dialog *c;
	unsigned int n = 0;

	list = rhltable_lookup(&dd->by_cid, ck, sipoff_cid_params);
	rhl_for_each_entry_rcu(c, pos, list, cnode)
		n++;
	return n;
}

static struct sipoff_dialog *dlg_create(struct sipoff_dialogs *dd, const struct sipoff_cfg *cfg,
					const struct sipoff_dlg_cfg *dc,
					const struct sipoff_pkt *pkt, const struct sipoff_dkey *k,
					const struct sipoff_span luri, const struct sipoff_span ruri,
					const struct sipoff_dlg_ev *ev, u32 fork_id,
					struct sipoff_dlg_res *res)
{
	const struct sipoff_msg *m = pkt->msg;
	struct sipoff_ckey ck = { .cid = k->cid, .len = k->cid_len };
	struct sipoff_dialog *o, *old;
	unsigned int i, n = min_t(unsigned int, m->n_rr, SIPOFF_MAX_ROUTE);
	struct sipoff_dvar_src s;
	u32 fixed, size, alloc;
	u8 *p, cls;

	if (dlg_cid_count(dd, &ck) >= SIPOFF_DIALOGS_PER_CALL_ID) {
		dstat_inc(dd, SIPOFF_DSTAT_OVER_CAP);
		return NULL;
	}
	/* Size: the fixed strings, then the variable ones computed from this message. */
	fixed = k->cid_len + k->ltag_len + k->rtag_len + luri.len + ruri.len + 5;
	size = sizeof(*o) + fixed;
	memset(&s, 0, sizeof(s));
	s.n = SIPOFF_DVAR_ROUTE;
	/* sipoff_dlg_create() always asks for the route set, and for the target if received. */
	if (pkt->in && m->n_contact && !(m->flags & SIPOFF_MF_CONTACT_STAR)) {
		s.p[SIPOFF_DVAR_RTARGET] = sipoff_span_ptr(pkt->data, m->contact[0].uri);
		s.len[SIPOFF_DVAR_RTARGET] = m->contact[0].uri.len;
	}
	if (!pkt->in && m->n_contact && !(m->flags & SIPOFF_MF_CONTACT_STAR)) {
		s.p[SIPOFF_DVAR_LTARGET] = sipoff_span_ptr(pkt->data, m->contact[0].uri);
		s.len[SIPOFF_DVAR_LTARGET] = m->contact[0].uri.len;
	}
	for (i = 0; i < n; i++) {
		unsigned int j = sipoff_dlg_route_index(ev->side, n, i);

		s.p[SIPOFF_DVAR_ROUTE + i] = sipoff_span_ptr(pkt->data, m->rr[j].value);
		s.len[SIPOFF_DVAR_ROUTE + i] = m->rr[j].value.len;
	}
	s.n = SIPOFF_DVAR_ROUTE + n;
	size += dvar_size(&s);
	cls = dlg_class_of(size, &alloc);
	if (!dlg_caps_take(dd, cfg, alloc))
		return NULL;
	o = dlg_alloc(cls, alloc);
	if (!o) {
		dlg_caps_put(dd, alloc);
		dstat_inc(dd, SIPOFF_DSTAT_NOMEM);
		return NULL;
	}
	o->dd = dd;
	o->size = alloc;
	spin_lock_init(&o->lock);
	timer_setup(&o->timer, dlg_timer_fn, 0);
	o->family = pkt->family;
	o->lport = pkt->lport;
	o->rport = pkt->rport;
	o->laddr = pkt->laddr;
	o->raddr = pkt->raddr;
	o->cid_len = k->cid_len;
	o->ltag_len = k->ltag_len;
	o->rtag_len = k->rtag_len;
	o->luri_len = luri.len;
	o->ruri_len = ruri.len;
	p = o->str;
	memcpy(p, k->cid, k->cid_len);
	p += k->cid_len + 1;
	memcpy(p, k->ltag, k->ltag_len);
	p += k->ltag_len + 1;
	memcpy(p, k->rtag, k->rtag_len);
	p += k->rtag_len + 1;
	memcpy(p, sipoff_span_ptr(pkt->data, luri), luri.len);
	p += luri.len + 1;
	memcpy(p, sipoff_span_ptr(pkt->data, ruri), ruri.len);
	p += ruri.len + 1;
	o->var = p;
	o->var_len = size - sizeof(*o) - fixed;
	o->var_cap = min_t(u32, alloc - sizeof(*o) - fixed, U16_MAX);
	o->n_route = s.n - SIPOFF_DVAR_ROUTE;
	dvar_write(p, &s);
	if (!sipoff_dlg_create(&o->d, dc, ev, fork_id, res)) {
		dlg_caps_put(dd, alloc);
		dlg_free_obj(o);
		return NULL;
	}

	spin_lock_bh(&dd->lock);
	old = rhashtable_lookup_get_insert_key(&dd->ht, k, &o->node, sipoff_dlg_params);
	if (old) {
		/* Another CPU created it (IS_ERR: the table cannot grow now). */
		spin_unlock_bh(&dd->lock);
		goto err_free;
	}
	if (rhltable_insert_key(&dd->by_cid, &ck, &o->cnode, sipoff_cid_params)) {
		rhashtable_remove_fast(&dd->ht, &o->node, sipoff_dlg_params);
		spin_unlock_bh(&dd->lock);
		goto err_free;
	}
	o->id = atomic64_inc_return(&dd->next_id);
	list_add_tail_rcu(&o->list, &dd->list);
	atomic_inc(&dd->gen);
	spin_unlock_bh(&dd->lock);
	return o;

err_free:
	dlg_caps_put(dd, alloc);
	dstat_inc(dd, SIPOFF_DSTAT_NOMEM);
	dlg_free_obj(o);
	return NULL;
}

/* ---- messages ---- */

/* The glue's key of an Event package + id (struct sipoff_dlg_ev.event_key). */
static u32 event_key(const u8 *pkg, u32 pkg_len, const u8 *id, u32 id_len)
{
	u32 h = jhash(id, id_len, jhash(pkg, pkg_len, 0x53495045));

	return h ?: 1;
}

static bool span_eq_nocase(const u8 *b, struct sipoff_span s, const char *str)
{
	return s.len == strlen(str) && !strncasecmp((const char *)b + s.off, str, s.len);
}

static void dlg_ev_fill(const struct sipoff_pkt *pkt, u8 method, u64 now,
			struct sipoff_dlg_ev *ev)
{
	const struct sipoff_msg *m = pkt->msg;
	const u8 *b = pkt->data;

	memset(ev, 0, sizeof(*ev));
	ev->now = now;
	ev->cseq = m->cseq;
	ev->code = sipoff_msg_is_request(m) ? 0 : m->status;
	ev->method = method;
	ev->dir = pkt->in ? SIPOFF_DLG_IN : SIPOFF_DLG_OUT;
	/* A response or NOTIFY we receive: the local host sent the creating request. */
	ev->side = pkt->in ? SIPOFF_DLG_UAC : SIPOFF_DLG_UAS;
	if (m->to.tag.len)
		ev->flags |= SIPOFF_DLG_EV_TO_TAG;
	if (sipoff_msg_has(m, SIPOFF_H_EXPIRES)) {
		ev->flags |= SIPOFF_DLG_EV_HAS_EXPIRES;
		ev->expires = m->expires;
	}
	if (m->flags & SIPOFF_MF_SS_EXPIRES) {
		ev->flags |= SIPOFF_DLG_EV_HAS_SUB_EXPIRES;
		ev->sub_expires = m->substate_expires;
	}
	if (m->flags & SIPOFF_MF_REFER_SUB_FALSE)
		ev->flags |= SIPOFF_DLG_EV_REFER_SUB_FALSE;
	if (m->flags & SIPOFF_MF_RR_TRUNC)
		ev->flags |= SIPOFF_DLG_EV_RR_TRUNCATED;
	switch (m->substate) {
	case SIPOFF_SS_ACTIVE:
	case SIPOFF_SS_OTHER:
		ev->sub_state = SIPOFF_DLG_SS_ACTIVE;
		break;
	case SIPOFF_SS_PENDING:
		ev->sub_state = SIPOFF_DLG_SS_PENDING;
		break;
	case SIPOFF_SS_TERMINATED:
		ev->sub_state = SIPOFF_DLG_SS_TERMINATED;
		break;
	default:
		break;
	}
	if (method == SIPOFF_DLG_M_REFER) {
		char id[12];
		int n = scnprintf(id, sizeof(id), "%u", m->cseq);

		ev->event_key = event_key((const u8 *)"refer", 5, (const u8 *)id, n);
		ev->flags |= SIPOFF_DLG_EV_EVENT_REFER;
	} else if (m->event.len) {
		ev->event_key = event_key(sipoff_span_ptr(b, m->event), m->event.len,
					  sipoff_span_ptr(b, m->event_id), m->event_id.len);
		if (span_eq_nocase(b, m->event, "refer"))
			ev->flags |= SIPOFF_DLG_EV_EVENT_REFER;
		if (!m->event_id.len)
			ev->flags |= SIPOFF_DLG_EV_EVENT_NO_ID;
	}
}

static u32 fork_id_of(const struct sipoff_dkey *k, u32 cseq)
{
	return jhash(k->ltag, k->ltag_len, jhash(k->cid, k->cid_len, cseq));
}

static bool tag_eq(const char *a, u32 alen, const u8 *b, u32 blen)
{
	return alen == blen && !memcmp(a, b, alen);
}

/*
 * A CANCEL (no To tag) or a final response to an INVITE: the other dialogs of the same
 * INVITE (same Call-ID, the tag of the INVITE's sender, same side).
 */
static void dlg_forks(struct sipoff_dialogs *dd, const struct sipoff_cfg *cfg,
		      const struct sipoff_dlg_cfg *dc, const struct sipoff_pkt *pkt,
		      const struct sipoff_dkey *k, struct sipoff_dialog *self,
		      const struct sipoff_dlg_ev *ev)
{
	struct sipoff_ckey ck = { .cid = k->cid, .len = k->cid_len };
	struct rhlist_head *list, *pos;
	struct sipoff_dlg_res res;
	struct sipoff_dialog *o;
	bool cancel = ev->method == SIPOFF_DLG_M_CANCEL;
	/* The INVITE's sender is the local host on the UAC side. */
	u8 side = cancel ? (pkt->in ? SIPOFF_DLG_UAS : SIPOFF_DLG_UAC) : ev->side;
	const u8 *tag = side == SIPOFF_DLG_UAC ? k->ltag : k->rtag;
	u32 tag_len = side == SIPOFF_DLG_UAC ? k->ltag_len : k->rtag_len;

	list = rhltable_lookup(&dd->by_cid, &ck, sipoff_cid_params);
	rhl_for_each_entry_rcu(o, pos, list, cnode) {
		const char *otag = side == SIPOFF_DLG_UAC ? sipoff_dialog_ltag(o) :
							    sipoff_dialog_rtag(o);
		u32 otag_len = side == SIPOFF_DLG_UAC ? o->ltag_len : o->rtag_len;

		if (o == self || o->d.side != side || !tag_eq(otag, otag_len, tag, tag_len))
			continue;
		spin_lock_bh(&o->lock);
		if (!o->dead && (o->d.flags & SIPOFF_DLG_F_INVITE) &&
		    o->d.invite_cseq == ev->cseq) {
			if (cancel)
				sipoff_dlg_on_request(&o->d, dc, ev, &res);
			else
				sipoff_dlg_on_fork_final(&o->d, dc, ev->code, ev->cseq, ev->now,
							 &res);
			dlg_report(o, &res);
			dlg_arm(o, dc, ev->now);
		}
		spin_unlock_bh(&o->lock);
	}
}

/**
 * sipoff_dialogs_msg() - track the dialogs of one parsed SIP message
 * @sn: the namespace's state
 * @cfg: its configuration (RCU)
 * @pkt: the message (not a retransmission)
 *
 * Called from the hooks with BHs off, under rcu_read_lock().
 */
void sipoff_dialogs_msg(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			const struct sipoff_pkt *pkt)
{
	struct sipoff_dialogs *dd = sn->dialogs;
	const struct sipoff_msg *m = pkt->msg;
	bool req = sipoff_msg_is_request(m);
	bool local_from = req ? !pkt->in : pkt->in;
	const struct sipoff_addr *la = local_from ? &m->from : &m->to;
	const struct sipoff_addr *ra = local_from ? &m->to : &m->from;
	u8 method = req ? m->method : m->cseq_method;
	struct sipoff_dlg_res res;
	struct sipoff_dlg_cfg dc;
	struct sipoff_dlg_ev ev;
	struct sipoff_dialog *o;
	struct sipoff_dkey k;
	bool create;
	u64 now;

	BUILD_BUG_ON((int)SIPOFF_DLG_M_UPDATE != (int)SIPOFF_M_UPDATE);
	BUILD_BUG_ON((int)SIPOFF_DLG_M_COUNT != (int)SIPOFF_M_COUNT);
	BUILD_BUG_ON((int)SIPOFF_DLG_R_SUB_FAILED != (int)SIPOFF_END_REASON_SUB_FAILED);
	BUILD_BUG_ON((int)SIPOFF_DLG_BY_OPERATOR != (int)SIPOFF_END_BY_OPERATOR);
	BUILD_BUG_ON(SIPOFF_DLG_F_BYE_OUT != SIPOFF_DIALOG_FLAGS_BYE_OUT);

	if (!dd || !m->call_id.len || !m->from.tag.len || method == SIPOFF_M_UNKNOWN ||
	    method == SIPOFF_M_REGISTER || method == SIPOFF_M_PUBLISH)
		return;
	if (!m->to.tag.len && !(req && method == SIPOFF_M_CANCEL))
		return;

	now = sipoff_dialogs_now_ms();
	dlg_cfg_of(dd, cfg, &dc);
	dlg_ev_fill(pkt, method, now, &ev);
	k.cid = sipoff_span_ptr(pkt->data, m->call_id);
	k.cid_len = m->call_id.len;
	k.ltag = sipoff_span_ptr(pkt->data, la->tag);
	k.ltag_len = la->tag.len;
	k.rtag = sipoff_span_ptr(pkt->data, ra->tag);
	k.rtag_len = ra->tag.len;

	rcu_read_lock();
	if (req && method == SIPOFF_M_CANCEL) {
		dlg_forks(dd, cfg, &dc, pkt, &k, NULL, &ev);
		goto out;
	}
	o = dlg_lookup(dd, &k);
	if (o) {
		spin_lock_bh(&o->lock);
		if (!o->dead) {
			if (req)
				sipoff_dlg_on_request(&o->d, &dc, &ev, &res);
			else
				sipoff_dlg_on_response(&o->d, &dc, &ev, &res);
			if (m->n_contact || (res.notify & SIPOFF_DLG_N_ROUTE_SET))
				dvar_update(o, cfg, pkt, res.notify);
			dlg_report(o, &res);
			dlg_arm(o, &dc, now);
		}
		spin_unlock_bh(&o->lock);
	} else {
		create = !req && ev.code > 100 && ev.code < 300 &&
			 (method == SIPOFF_M_INVITE ||
			  (ev.code >= 200 &&
			   (method == SIPOFF_M_SUBSCRIBE || method == SIPOFF_M_REFER)));
		/* Only a response of a transaction sipoff holds creates anything (semantics.md
		 * 5): a stray or spoofed one would fill the table for a day.
		 */
		if (create && !pkt->matched) {
			dstat_inc(dd, SIPOFF_DSTAT_UNMATCHED);
			create = false;
		}
		if (create) {
			o = dlg_create(dd, cfg, &dc, pkt, &k, la->uri, ra->uri, &ev,
				       fork_id_of(&k, m->cseq), &res);
			if (o) {
				spin_lock_bh(&o->lock);
				dlg_report(o, &res);
				dlg_arm(o, &dc, now);
				spin_unlock_bh(&o->lock);
			}
		}
	}
	/* A final response to an INVITE: the INVITE's other early dialogs (§13.2.2); one that
	 * matched no transaction ends none.
	 */
	if (!req && method == SIPOFF_M_INVITE && ev.code >= 200 && pkt->matched)
		dlg_forks(dd, cfg, &dc, pkt, &k, o, &ev);
out:
	rcu_read_unlock();
}

/**
 * sipoff_dialogs_txn_timeout() - a client transaction of a dialog timed out (Timer B/F)
 * @sn: the namespace's state
 * @call_id: the request's Call-ID
 * @call_id_len: its length
 * @from_tag: the request's From tag
 * @from_tag_len: its length
 * @to_tag: the request's To tag (none: an initial INVITE; its early dialogs end)
 * @to_tag_len: its length
 * @method: the request's method (enum sipoff_method)
 * @cseq: its CSeq number
 * @local: the local host sent the request (LOCAL_OUT); false for a request received
 *
 * Any context (BHs are disabled here).  RFC 5057 §5.1 / contract §5: a timeout of an
 * in-dialog request ends the dialog with reason timeout.
 */
void sipoff_dialogs_txn_timeout(struct sipoff_net *sn, const u8 *call_id, u32 call_id_len,
				const u8 *from_tag, u32 from_tag_len, const u8 *to_tag,
				u32 to_tag_len, u8 method, u32 cseq, bool local)
{
	struct sipoff_dialogs *dd = sn->dialogs;
	struct sipoff_ckey ck = { .cid = call_id, .len = call_id_len };
	struct rhlist_head *list, *pos;
	struct sipoff_dlg_res res;
	struct sipoff_dlg_cfg dc;
	struct sipoff_dialog *o;
	const u8 *ltag = local ? from_tag : to_tag, *rtag = local ? to_tag : from_tag;
	u32 ltag_len = local ? from_tag_len : to_tag_len;
	u32 rtag_len = local ? to_tag_len : from_tag_len;
	u8 dir = local ? SIPOFF_DLG_OUT : SIPOFF_DLG_IN;
	u64 now = sipoff_dialogs_now_ms();

	if (!dd || !call_id_len || !from_tag_len)
		return;
	rcu_read_lock();
	dlg_cfg_of(dd, rcu_dereference(sn->cfg), &dc);
	list = rhltable_lookup(&dd->by_cid, &ck, sipoff_cid_params);
	rhl_for_each_entry_rcu(o, pos, list, cnode) {
		/* The sender's tag always; the other one unless the request had none. */
		if (local ? !tag_eq(sipoff_dialog_ltag(o), o->ltag_len, ltag, ltag_len) :
			    !tag_eq(sipoff_dialog_rtag(o), o->rtag_len, rtag, rtag_len))
			continue;
		if (to_tag_len &&
		    (local ? !tag_eq(sipoff_dialog_rtag(o), o->rtag_len, rtag, rtag_len) :
			     !tag_eq(sipoff_dialog_ltag(o), o->ltag_len, ltag, ltag_len)))
			continue;
		spin_lock_bh(&o->lock);
		if (!o->dead) {
			sipoff_dlg_on_txn_timeout(&o->d, &dc, method, cseq, dir, now, &res);
			dlg_report(o, &res);
			dlg_arm(o, &dc, now);
		}
		spin_unlock_bh(&o->lock);
	}
	rcu_read_unlock();
}

/* ---- operator ---- */

#define SIPOFF_TERM_MAX_EARLY	8

/**
 * sipoff_dialogs_terminate() - an operator's request to end the dialogs of a Call-ID
 * @sn: the namespace's state
 * @cid: the Call-ID
 * @cid_len: its length
 * @ltag: local tag of the one dialog to end, or NULL for all of the Call-ID
 * @ltag_len: its length
 * @rtag: remote tag, with @ltag
 * @rtag_len: its length
 * @why: set to a message on failure
 *
 * A confirmed dialog gets a terminate-request event (sipoffd sends the BYEs); an early dialog
 * of the local caller is CANCELled by the transaction layer from the INVITE it holds.  The end
 * that follows is reported with reason operator.  Process context.
 *
 * Return: 0; -ENOENT if no live dialog matched; -ENOTCONN if a confirmed dialog matched and
 * nobody listens on the events group; -EALREADY if only early dialogs matched and their
 * INVITE is CANCELled already or has its final response; -EOPNOTSUPP if only early dialogs
 * matched and none could be CANCELled.
 */
int sipoff_dialogs_terminate(struct sipoff_net *sn, const char *cid, u32 cid_len,
			     const char *ltag, u32 ltag_len, const char *rtag, u32 rtag_len,
			     const char **why)
{
	struct sipoff_dialogs *dd = sn->dialogs;
	struct sipoff_ckey ck = { .cid = (const u8 *)cid, .len = cid_len };
	struct {
		char *tag;
		u32 len;
		u32 cseq;
	} early[SIPOFF_TERM_MAX_EARLY];
	unsigned int live = 0, done = 0, confirmed = 0, n_early = 0, pending = 0, i;
	bool listening = sipoff_nl_listening(sn->net);
	struct rhlist_head *list, *pos;
	struct sipoff_dialog *o;

	rcu_read_lock();
	list = rhltable_lookup(&dd->by_cid, &ck, sipoff_cid_params);
	rhl_for_each_entry_rcu(o, pos, list, cnode) {
		if (ltag && (!tag_eq(sipoff_dialog_ltag(o), o->ltag_len, (const u8 *)ltag,
				     ltag_len) ||
			     !tag_eq(sipoff_dialog_rtag(o), o->rtag_len, (const u8 *)rtag,
				     rtag_len)))
			continue;
		spin_lock_bh(&o->lock);
		if (!o->dead && o->d.state != SIPOFF_DLG_S_ENDED) {
			live++;
			if (o->d.state == SIPOFF_DLG_S_CONFIRMED) {
				confirmed++;
				if (listening) {
					sipoff_dlg_operator_request(&o->d);
					sipoff_nl_dialog_event(o, SIPOFF_EVENT_TYPE_TERMINATE_REQUEST,
							       NULL);
					done++;
				}
			} else if (o->d.side == SIPOFF_DLG_UAC && n_early < ARRAY_SIZE(early)) {
				early[n_early].tag = kmemdup(sipoff_dialog_ltag(o), o->ltag_len,
							     GFP_ATOMIC);
				early[n_early].len = o->ltag_len;
				early[n_early].cseq = o->d.invite_cseq;
				if (early[n_early].tag)
					n_early++;
			}
		}
		spin_unlock_bh(&o->lock);
	}
	rcu_read_unlock();

	/* One CANCEL per INVITE: the forks of one INVITE share its tag and CSeq. */
	for (i = 0; i < n_early; i++) {
		bool dup = false;
		unsigned int j;

		for (j = 0; j < i; j++)
			dup |= early[j].cseq == early[i].cseq && early[j].len == early[i].len &&
			       !memcmp(early[j].tag, early[i].tag, early[i].len);
		if (dup)
			continue;
		switch (sipoff_txns_cancel_invite(sn, (const u8 *)cid, cid_len,
						  (const u8 *)early[i].tag, early[i].len,
						  early[i].cseq)) {
		case 0:
			break;
		case -EALREADY:
			pending++;
			continue;
		default:
			continue;
		}
		done++;
		/* The 487 that follows is the operator's doing. */
		rcu_read_lock();
		list = rhltable_lookup(&dd->by_cid, &ck, sipoff_cid_params);
		rhl_for_each_entry_rcu(o, pos, list, cnode) {
			if (o->d.side != SIPOFF_DLG_UAC ||
			    !tag_eq(sipoff_dialog_ltag(o), o->ltag_len, (const u8 *)early[i].tag,
				    early[i].len))
				continue;
			spin_lock_bh(&o->lock);
			if (!o->dead && o->d.state == SIPOFF_DLG_S_EARLY &&
			    o->d.invite_cseq == early[i].cseq)
				sipoff_dlg_operator_request(&o->d);
			spin_unlock_bh(&o->lock);
		}
		rcu_read_unlock();
	}
	for (i = 0; i < n_early; i++)
		kfree(early[i].tag);

	if (!live) {
		*why = "no such dialog";
		return -ENOENT;
	}
	if (done)
		return 0;
	if (confirmed && !listening) {
		*why = "no sipoffd running (nobody listens on the events group)";
		return -ENOTCONN;
	}
	if (pending) {
		*why = "the dialog is early and its INVITE is already CANCELled or answered";
		return -EALREADY;
	}
	*why = "the dialog is early and the kernel holds no INVITE of the local caller to CANCEL";
	return -EOPNOTSUPP;
}
EXPORT_SYMBOL_IF_KUNIT(sipoff_dialogs_terminate);

/**
 * sipoff_dialogs_flush() - end every live dialog (reason flush, with events), remove all
 * @sn: the namespace's state
 *
 * Process context.
 */
void sipoff_dialogs_flush(struct sipoff_net *sn)
{
	struct sipoff_dialogs *dd = sn->dialogs;
	struct sipoff_dlg_res res;
	struct sipoff_dialog *o;
	u64 now = sipoff_dialogs_now_ms();

	rcu_read_lock();
	list_for_each_entry_rcu(o, &dd->list, list) {
		spin_lock_bh(&o->lock);
		if (!o->dead) {
			sipoff_dlg_terminate(&o->d, SIPOFF_DLG_R_FLUSH, now, &res);
			dlg_report(o, &res);
		}
		spin_unlock_bh(&o->lock);
	}
	rcu_read_unlock();
	dlg_remove_all(dd);
}

/* ---- namespace ---- */

/**
 * sipoff_dialogs_init() - create a namespace's dialog table
 * @sn: the namespace's state
 *
 * Return: 0 or a negative errno.
 */
int sipoff_dialogs_init(struct sipoff_net *sn)
{
	struct sipoff_dialogs *dd;
	int err;

	dd = kzalloc(sizeof(*dd), GFP_KERNEL_ACCOUNT);
	if (!dd)
		return -ENOMEM;
	dd->sn = sn;
	dd->early_timeout_ms = 180000;
	dd->max_lifetime_ms = 86400000;
	spin_lock_init(&dd->lock);
	INIT_LIST_HEAD(&dd->list);
	err = rhashtable_init(&dd->ht, &sipoff_dlg_params);
	if (err)
		goto err_free;
	err = rhltable_init(&dd->by_cid, &sipoff_cid_params);
	if (err)
		goto err_ht;
	sn->dialogs = dd;
	return 0;

err_ht:
	rhashtable_destroy(&dd->ht);
err_free:
	kfree(dd);
	return err;
}

/**
 * sipoff_dialogs_uninit() - free a namespace's dialogs and table; the hooks are gone
 * @sn: the namespace's state
 */
void sipoff_dialogs_uninit(struct sipoff_net *sn)
{
	struct sipoff_dialogs *dd = sn->dialogs;

	if (!dd)
		return;
	dlg_remove_all(dd);
	/* Reapers that unlinked their dialog before dlg_remove_all() looked: wait for them. */
	wait_var_event(&dd->reaping, !atomic_read(&dd->reaping));
	rhltable_destroy(&dd->by_cid);
	rhashtable_destroy(&dd->ht);
	sn->dialogs = NULL;
	/*
	 * No reader is left: the hooks went in the namespace's pre_exit, before the grace period
	 * the core waits for ahead of exit; the transactions' timers (which report timeouts to
	 * this table) were stopped by sipoff_txns_uninit().
	 */
	kfree(dd);
}

/* ---- benchmark and KUnit (sipoff_bench.h: SIPOFF_BENCH=1 or CONFIG_KUNIT builds only) ---- */

#ifdef SIPOFF_DIALOGS_TEST_API

/*
 * One SIP message to a namespace's dialog layer, as the hooks hand it: @matched says whether it
 * belongs to a transaction the transaction layer holds.
 */
static int sipoff_bench_dialog_msg_as(struct net *net, const u8 *buf, u32 len, bool in,
				      bool matched)
{
	struct sipoff_net *sn = sipoff_pernet(net);
	struct sipoff_pkt pkt = {
		.data = buf, .len = len, .in = in, .family = NFPROTO_IPV4,
		.laddr.ip = htonl(0x0a000001), .raddr.ip = htonl(0x0a000002),
		.lport = htons(5060), .rport = htons(5060), .matched = matched,
	};
	struct sipoff_msg *m;
	int err = 0;

	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	if (sipoff_parse_is_error(sipoff_parse(buf, len, SIPOFF_MAX_ROUTE, m))) {
		err = -EINVAL;
		goto out;
	}
	pkt.msg = m;
	local_bh_disable();
	rcu_read_lock();
	sipoff_dialogs_msg(sn, rcu_dereference(sn->cfg), &pkt);
	rcu_read_unlock();
	local_bh_enable();
out:
	kfree(m);
	return err;
}

/**
 * sipoff_bench_dialog_msg() - hand one SIP message to a namespace's dialog layer
 * @net: the namespace
 * @buf: the message
 * @len: its length
 * @in: as received at LOCAL_IN (else as sent at LOCAL_OUT)
 *
 * Parsed and tracked as the hooks do it (sipoff_dialogs_msg(), whatever the mode), from
 * 10.0.0.1:5060 (local) and 10.0.0.2:5060 (remote), as a message of a transaction the
 * transaction layer holds (pkt->matched).  Process context.
 *
 * Return: 0, -EINVAL if it does not parse, -ENOMEM.
 */
int sipoff_bench_dialog_msg(struct net *net, const u8 *buf, u32 len, bool in)
{
	return sipoff_bench_dialog_msg_as(net, buf, len, in, true);
}
SIPOFF_EXPORT_BENCH(sipoff_bench_dialog_msg);

/**
 * sipoff_bench_dialog_msg_unmatched() - like sipoff_bench_dialog_msg(), for a message that
 * matched no transaction (a stray or spoofed response: it must create nothing)
 * @net: the namespace
 * @buf: the message
 * @len: its length
 * @in: as received at LOCAL_IN (else as sent at LOCAL_OUT)
 *
 * Return: 0, -EINVAL if it does not parse, -ENOMEM.
 */
int sipoff_bench_dialog_msg_unmatched(struct net *net, const u8 *buf, u32 len, bool in)
{
	return sipoff_bench_dialog_msg_as(net, buf, len, in, false);
}
SIPOFF_EXPORT_BENCH(sipoff_bench_dialog_msg_unmatched);

/**
 * sipoff_bench_dialog_find() - look a dialog up as every message does (dlg_lookup())
 * @net: the namespace
 * @cid: Call-ID
 * @cid_len: its length
 * @ltag: local tag
 * @ltag_len: its length
 * @rtag: remote tag
 * @rtag_len: its length
 *
 * Return: whether the table holds that dialog.
 */
bool sipoff_bench_dialog_find(struct net *net, const u8 *cid, u32 cid_len, const u8 *ltag,
			      u32 ltag_len, const u8 *rtag, u32 rtag_len)
{
	struct sipoff_dialogs *dd = sipoff_pernet(net)->dialogs;
	struct sipoff_dkey k = {
		.cid = cid, .cid_len = cid_len, .ltag = ltag, .ltag_len = ltag_len,
		.rtag = rtag, .rtag_len = rtag_len,
	};
	bool found;

	rcu_read_lock();
	found = dlg_lookup(dd, &k);
	rcu_read_unlock();
	return found;
}
SIPOFF_EXPORT_BENCH(sipoff_bench_dialog_find);

/**
 * sipoff_bench_dialog_stats() - a namespace's dialog table in figures
 * @net: the namespace
 * @st: filled
 *
 * Walks every dialog.  Process context.
 */
void sipoff_bench_dialog_stats(struct net *net, struct sipoff_bench_dlg_stats *st)
{
	struct sipoff_dialogs *dd = sipoff_pernet(net)->dialogs;
	struct bucket_table *t, *c;
	struct sipoff_dialog *o;

	memset(st, 0, sizeof(*st));
	st->obj_size = sizeof(struct sipoff_dialog);
	st->dialogs = atomic_read(&dd->count);
	st->bytes = atomic64_read(&dd->bytes);
	st->created = atomic64_read(&dd->stats[SIPOFF_DSTAT_CREATED]);
	st->nomem = atomic64_read(&dd->stats[SIPOFF_DSTAT_NOMEM]);
	st->over_cap = atomic64_read(&dd->stats[SIPOFF_DSTAT_OVER_CAP]);
	st->over_bytes = atomic64_read(&dd->stats[SIPOFF_DSTAT_OVER_BYTES]);
	st->unmatched = atomic64_read(&dd->stats[SIPOFF_DSTAT_UNMATCHED]);
	rcu_read_lock();
	t = rcu_dereference(dd->ht.tbl);
	c = rcu_dereference(dd->by_cid.ht.tbl);
	st->buckets = t->size;
	st->cid_buckets = c->size;
	st->rehashing = rcu_access_pointer(t->future_tbl) || rcu_access_pointer(c->future_tbl);
	list_for_each_entry_rcu(o, &dd->list, list) {
		u32 fixed = o->cid_len + o->ltag_len + o->rtag_len + o->luri_len +
			    o->ruri_len + 5;

		st->str_bytes += fixed + o->var_len;
		st->alloc_bytes += o->size;
	}
	rcu_read_unlock();
}
SIPOFF_EXPORT_BENCH(sipoff_bench_dialog_stats);

/**
 * sipoff_bench_dialog_flush() - remove every dialog of a namespace and wait until freed
 * @net: the namespace
 *
 * Process context.
 */
void sipoff_bench_dialog_flush(struct net *net)
{
	sipoff_dialogs_flush(sipoff_pernet(net));
	rcu_barrier();
}
SIPOFF_EXPORT_BENCH(sipoff_bench_dialog_flush);
#endif /* SIPOFF_DIALOGS_TEST_API */
