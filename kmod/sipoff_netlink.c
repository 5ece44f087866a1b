// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_netlink.c - the "sipoff" generic netlink family (uapi/sipoff.yaml).
 *
 * Every command acts on the caller's network namespace.  Changes need CAP_NET_ADMIN in the
 * user namespace owning that network namespace (GENL_UNS_ADMIN_PERM), so a container's root
 * configures its own namespace and nobody else's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/timekeeping.h>
#include "sipoff.h"
#include "sipoff_dialogs.h"
#include "sipoff_txn.h"
#include "sipoff_txns.h"
#include "sipoff_overload.h"
#include "compat.h"

static const struct nla_policy sipoff_config_policy[SIPOFF_A_CONFIG_MAX + 1] = {
	[SIPOFF_A_CONFIG_MODE]			= NLA_POLICY_MAX(NLA_U32, SIPOFF_MODE_OFFLOAD),
	[SIPOFF_A_CONFIG_PORT]			= NLA_POLICY_MIN(NLA_U16, 1),
	[SIPOFF_A_CONFIG_T1_MS]			= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_T2_MS]			= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_T4_MS]			= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_TIMER_D_MS]		= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_TRYING_MS]		= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_MAX_TRANSACTIONS]	= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_MAX_DIALOGS]		= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_MAX_BYTES]		= { .type = NLA_U64 },
	[SIPOFF_A_CONFIG_LINGER_MS]		= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS] = { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS] = { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_OVERLOAD]		= NLA_POLICY_MAX(NLA_U32, 1),
	[SIPOFF_A_CONFIG_OVERLOAD_HIGH_PCT]	= NLA_POLICY_RANGE(NLA_U32, 1, 100),
	[SIPOFF_A_CONFIG_OVERLOAD_LOW_PCT]	= NLA_POLICY_MAX(NLA_U32, 99),
	/* Bounds above what 6.1's s16 policy limits hold: checked by sipoff_cfg_validate(). */
	[SIPOFF_A_CONFIG_OVERLOAD_DELAY_MS]	= { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_OVERLOAD_RETRY_AFTER_S] = { .type = NLA_U32 },
	[SIPOFF_A_CONFIG_OVERLOAD_MAX_RATE]	= { .type = NLA_U32 },
};

static const struct nla_policy sipoff_dialog_op_policy[SIPOFF_A_DIALOG_OP_MAX + 1] = {
	[SIPOFF_A_DIALOG_OP_CALL_ID]	= { .type = NLA_NUL_STRING, .len = 1024 },
	[SIPOFF_A_DIALOG_OP_LOCAL_TAG]	= { .type = NLA_NUL_STRING, .len = 256 },
	[SIPOFF_A_DIALOG_OP_REMOTE_TAG]	= { .type = NLA_NUL_STRING, .len = 256 },
};

static const struct nla_policy sipoff_txn_op_policy[SIPOFF_A_TXN_OP_MAX + 1] = {
	[SIPOFF_A_TXN_OP_CALL_ID]	= { .type = NLA_NUL_STRING, .len = 1024 },
};

/* The netlink numbers of transactions are the state machines' (sipoff_txn.h). */
static_assert((int)SIPOFF_TRANSACTION_KIND_INVITE_CLIENT == (int)SIPOFF_TXN_ICT);
static_assert((int)SIPOFF_TRANSACTION_KIND_NON_INVITE_CLIENT == (int)SIPOFF_TXN_NICT);
static_assert((int)SIPOFF_TRANSACTION_KIND_INVITE_SERVER == (int)SIPOFF_TXN_IST);
static_assert((int)SIPOFF_TRANSACTION_KIND_NON_INVITE_SERVER == (int)SIPOFF_TXN_NIST);
static_assert((int)SIPOFF_TRANSACTION_STATE_INIT == (int)SIPOFF_TXN_S_INIT);
static_assert((int)SIPOFF_TRANSACTION_STATE_CALLING == (int)SIPOFF_TXN_S_CALLING);
static_assert((int)SIPOFF_TRANSACTION_STATE_TRYING == (int)SIPOFF_TXN_S_TRYING);
static_assert((int)SIPOFF_TRANSACTION_STATE_PROCEEDING == (int)SIPOFF_TXN_S_PROCEEDING);
static_assert((int)SIPOFF_TRANSACTION_STATE_COMPLETED == (int)SIPOFF_TXN_S_COMPLETED);
static_assert((int)SIPOFF_TRANSACTION_STATE_CONFIRMED == (int)SIPOFF_TXN_S_CONFIRMED);
static_assert((int)SIPOFF_TRANSACTION_STATE_ACCEPTED == (int)SIPOFF_TXN_S_ACCEPTED);
static_assert((int)SIPOFF_TRANSACTION_STATE_TERMINATED == (int)SIPOFF_TXN_S_TERMINATED);

static struct genl_family sipoff_genl_family;

enum sipoff_genl_groups {
	SIPOFF_GRP_EVENTS,
};

static const struct genl_multicast_group sipoff_genl_mcgrps[] = {
	[SIPOFF_GRP_EVENTS] = { .name = SIPOFF_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static void *sipoff_genl_reply_start(struct genl_info *info, struct sk_buff **skb, u8 cmd)
{
	*skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!*skb)
		return NULL;
	return genlmsg_put_reply(*skb, info, &sipoff_genl_family, 0, cmd);
}

static int sipoff_nl_config_fill(struct sk_buff *skb, const struct sipoff_cfg *cfg,
				 const struct sipoff_dialogs *dd)
{
	u32 i;

	if (nla_put_u32(skb, SIPOFF_A_CONFIG_MODE, cfg->mode))
		return -EMSGSIZE;
	for (i = 0; i < cfg->nports; i++)
		if (nla_put_u16(skb, SIPOFF_A_CONFIG_PORT, cfg->ports[i]))
			return -EMSGSIZE;
	if (nla_put_u32(skb, SIPOFF_A_CONFIG_T1_MS, cfg->t1_ms) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_T2_MS, cfg->t2_ms) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_T4_MS, cfg->t4_ms) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_TIMER_D_MS, cfg->timer_d_ms) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_TRYING_MS, cfg->trying_ms) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_MAX_TRANSACTIONS, cfg->max_txns) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_MAX_DIALOGS, cfg->max_dialogs) ||
	    nla_put_u64_64bit(skb, SIPOFF_A_CONFIG_MAX_BYTES, cfg->max_bytes,
			      SIPOFF_A_CONFIG_PAD) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_LINGER_MS, cfg->linger_ms))
		return -EMSGSIZE;
	if (dd && (nla_put_u32(skb, SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS,
			       READ_ONCE(dd->early_timeout_ms)) ||
		   nla_put_u32(skb, SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS,
			       READ_ONCE(dd->max_lifetime_ms))))
		return -EMSGSIZE;
	return 0;
}

/* Overload protection's settings and the ports overloaded now. */
static int sipoff_nl_overload_fill(struct sk_buff *skb, const struct sipoff_cfg *cfg,
				   struct sipoff_net *sn)
{
	unsigned long active = sipoff_overload_active(sn);
	u32 i;

	if (nla_put_u32(skb, SIPOFF_A_CONFIG_OVERLOAD, cfg->overload) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_OVERLOAD_HIGH_PCT, cfg->ovl_high_pct) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_OVERLOAD_LOW_PCT, cfg->ovl_low_pct) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_OVERLOAD_DELAY_MS, cfg->ovl_delay_ms) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_OVERLOAD_RETRY_AFTER_S, cfg->ovl_retry_after_s) ||
	    nla_put_u32(skb, SIPOFF_A_CONFIG_OVERLOAD_MAX_RATE, cfg->ovl_max_rate))
		return -EMSGSIZE;
	for (i = 0; i < cfg->nports; i++)
		if ((active & BIT(i)) &&
		    nla_put_u16(skb, SIPOFF_A_CONFIG_OVERLOAD_ACTIVE_PORT, cfg->ports[i]))
			return -EMSGSIZE;
	return 0;
}

static int sipoff_nl_config_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sipoff_net *sn = sipoff_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	hdr = sipoff_genl_reply_start(info, &msg, SIPOFF_CMD_CONFIG_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	rcu_read_lock();
	err = sipoff_nl_config_fill(msg, rcu_dereference(sn->cfg), sn->dialogs);
	if (!err)
		err = sipoff_nl_overload_fill(msg, rcu_dereference(sn->cfg), sn);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int sipoff_nl_config_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sipoff_net *sn = sipoff_pernet(genl_info_net(info));
	struct nlattr **tb = info->attrs;
	struct sipoff_cfg *cfg;
	const struct nlattr *nla;
	const char *why = NULL;
	bool ports_given = false;
	int rem, err;

	mutex_lock(&sn->cfg_lock);
	cfg = sipoff_cfg_dup(sn);
	if (!cfg) {
		mutex_unlock(&sn->cfg_lock);
		return -ENOMEM;
	}
	if (tb[SIPOFF_A_CONFIG_MODE])
		cfg->mode = nla_get_u32(tb[SIPOFF_A_CONFIG_MODE]);
	/* The port list is a repeated attribute: walk the whole message for it. */
	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != SIPOFF_A_CONFIG_PORT)
			continue;
		if (!ports_given)
			cfg->nports = 0;
		ports_given = true;
		if (cfg->nports == SIPOFF_MAX_PORTS) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla, "at most 16 ports");
			err = -EINVAL;
			goto err_free;
		}
		cfg->ports[cfg->nports++] = nla_get_u16(nla);
	}
	if (tb[SIPOFF_A_CONFIG_T1_MS])
		cfg->t1_ms = nla_get_u32(tb[SIPOFF_A_CONFIG_T1_MS]);
	if (tb[SIPOFF_A_CONFIG_T2_MS])
		cfg->t2_ms = nla_get_u32(tb[SIPOFF_A_CONFIG_T2_MS]);
	if (tb[SIPOFF_A_CONFIG_T4_MS])
		cfg->t4_ms = nla_get_u32(tb[SIPOFF_A_CONFIG_T4_MS]);
	if (tb[SIPOFF_A_CONFIG_TIMER_D_MS])
		cfg->timer_d_ms = nla_get_u32(tb[SIPOFF_A_CONFIG_TIMER_D_MS]);
	if (tb[SIPOFF_A_CONFIG_TRYING_MS])
		cfg->trying_ms = nla_get_u32(tb[SIPOFF_A_CONFIG_TRYING_MS]);
	if (tb[SIPOFF_A_CONFIG_MAX_TRANSACTIONS])
		cfg->max_txns = nla_get_u32(tb[SIPOFF_A_CONFIG_MAX_TRANSACTIONS]);
	if (tb[SIPOFF_A_CONFIG_MAX_DIALOGS])
		cfg->max_dialogs = nla_get_u32(tb[SIPOFF_A_CONFIG_MAX_DIALOGS]);
	if (tb[SIPOFF_A_CONFIG_MAX_BYTES])
		cfg->max_bytes = nla_get_u64(tb[SIPOFF_A_CONFIG_MAX_BYTES]);
	if (tb[SIPOFF_A_CONFIG_LINGER_MS])
		cfg->linger_ms = nla_get_u32(tb[SIPOFF_A_CONFIG_LINGER_MS]);
	if (tb[SIPOFF_A_CONFIG_OVERLOAD])
		cfg->overload = nla_get_u32(tb[SIPOFF_A_CONFIG_OVERLOAD]);
	if (tb[SIPOFF_A_CONFIG_OVERLOAD_HIGH_PCT])
		cfg->ovl_high_pct = nla_get_u32(tb[SIPOFF_A_CONFIG_OVERLOAD_HIGH_PCT]);
	if (tb[SIPOFF_A_CONFIG_OVERLOAD_LOW_PCT])
		cfg->ovl_low_pct = nla_get_u32(tb[SIPOFF_A_CONFIG_OVERLOAD_LOW_PCT]);
	if (tb[SIPOFF_A_CONFIG_OVERLOAD_DELAY_MS])
		cfg->ovl_delay_ms = nla_get_u32(tb[SIPOFF_A_CONFIG_OVERLOAD_DELAY_MS]);
	if (tb[SIPOFF_A_CONFIG_OVERLOAD_RETRY_AFTER_S])
		cfg->ovl_retry_after_s = nla_get_u32(tb[SIPOFF_A_CONFIG_OVERLOAD_RETRY_AFTER_S]);
	if (tb[SIPOFF_A_CONFIG_OVERLOAD_MAX_RATE])
		cfg->ovl_max_rate = nla_get_u32(tb[SIPOFF_A_CONFIG_OVERLOAD_MAX_RATE]);

	err = sipoff_cfg_validate(cfg, &why);
	/*
	 * A namespace's caps stay under the module-wide ones (module parameters, the host's
	 * root's): only the values given are checked, so a host that lowered a module cap below
	 * the defaults still lets its namespaces change other settings.
	 */
	if (!err)
		err = sipoff_cfg_over_module_caps(cfg, tb[SIPOFF_A_CONFIG_MAX_TRANSACTIONS],
						  tb[SIPOFF_A_CONFIG_MAX_DIALOGS],
						  tb[SIPOFF_A_CONFIG_MAX_BYTES], &why);
	if (!err && tb[SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS] &&
	    nla_get_u32(tb[SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS]) > SIPOFF_DLG_EARLY_MAX_MS) {
		why = "the early dialog timeout must be at most 86400000 ms";
		err = -EINVAL;
	}
	if (!err && tb[SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS] &&
	    nla_get_u32(tb[SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS]) > SIPOFF_DLG_LIFETIME_MAX_MS) {
		why = "the maximum dialog lifetime must be at most 604800000 ms";
		err = -EINVAL;
	}
	if (err) {
		/* @why is a string literal from sipoff_cfg_validate(): it outlives the request. */
		if (info->extack)
			info->extack->_msg = why;
		goto err_free;
	}
	err = sipoff_cfg_install(sn, cfg);
	/* The dialog settings: validated by the policy, applied with the rest. */
	if (!err && tb[SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS])
		WRITE_ONCE(sn->dialogs->early_timeout_ms,
			   nla_get_u32(tb[SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS]));
	if (!err && tb[SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS])
		WRITE_ONCE(sn->dialogs->max_lifetime_ms,
			   nla_get_u32(tb[SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS]));
	mutex_unlock(&sn->cfg_lock);
	return err;

err_free:
	mutex_unlock(&sn->cfg_lock);
	kfree(cfg);
	return err;
}

static int sipoff_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sipoff_net *sn = sipoff_pernet(genl_info_net(info));
	struct sk_buff *msg;
	char name[48];
	struct nlattr *nest;
	u64 *val, *dval;
	void *hdr;
	int i;

	/* Too many counters for the stack. */
	val = kmalloc_array(SIPOFF_STATS_ALL + SIPOFF_DSTATS_ALL, sizeof(*val), GFP_KERNEL);
	if (!val)
		return -ENOMEM;
	dval = val + SIPOFF_STATS_ALL;
	hdr = sipoff_genl_reply_start(info, &msg, SIPOFF_CMD_STATS_GET);
	if (!hdr)
		goto nomem;
	sipoff_stats_read(sn, val);
	for (i = 0; i < SIPOFF_STATS_ALL; i++) {
		nest = nla_nest_start(msg, SIPOFF_A_CONFIG_STATS);
		if (!nest ||
		    nla_put_string(msg, SIPOFF_A_STAT_NAME, sipoff_stat_name(i, name, sizeof(name))) ||
		    nla_put_u64_64bit(msg, SIPOFF_A_STAT_VALUE, val[i], SIPOFF_A_STAT_PAD))
			goto nomem;
		nla_nest_end(msg, nest);
	}
	sipoff_dialogs_stats(sn, dval);
	for (i = 0; i < SIPOFF_DSTATS_ALL; i++) {
		nest = nla_nest_start(msg, SIPOFF_A_CONFIG_STATS);
		if (!nest ||
		    nla_put_string(msg, SIPOFF_A_STAT_NAME, sipoff_dstat_name(i)) ||
		    nla_put_u64_64bit(msg, SIPOFF_A_STAT_VALUE, dval[i], SIPOFF_A_STAT_PAD))
			goto nomem;
		nla_nest_end(msg, nest);
	}
	kfree(val);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nomem:
	kfree(val);
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ---- dialogs ---- */

static int sipoff_nl_put_strn(struct sk_buff *skb, int type, const void *p, u32 len)
{
	struct nlattr *a = nla_reserve(skb, type, len + 1);

	if (!a)
		return -EMSGSIZE;
	memcpy(nla_data(a), p, len);
	((char *)nla_data(a))[len] = '\0';
	return 0;
}

static int sipoff_nl_put_time(struct sk_buff *skb, int type, u64 mono)
{
	return nla_put_u64_64bit(skb, type, sipoff_dialogs_wall_ms(mono), SIPOFF_A_DIALOG_PAD);
}

/*
 * Dialogs in netlink messages.  A dialog's strings come from several messages of up to 64 KiB
 * each, but one dialog goes in one nest, whose length is 16 bits: a dialog whose attributes
 * would pass SIPOFF_NL_DIALOG_MAX has its strings cut, each to the same length, and the copy
 * flagged SIPOFF_DIALOG_FLAGS_VALUES_CUT.  Events are sized to their dialog; dumps make each
 * batch big enough for the biggest dialog (cb->min_dump_alloc), so no dialog stops a dump.
 */
#define SIPOFF_NL_DIALOG_MAX	(60 * 1024)
/* Room for every attribute of a dialog but its strings (15 u32, 5 u64, 2 u16, 2 addresses). */
#define SIPOFF_NL_DIALOG_FIXED	(15 * 8 + 5 * 16 + 2 * 8 + 2 * 20)

static u32 sipoff_nl_str_size(u32 len, u32 vcap)
{
	return nla_total_size(min(len, vcap) + 1);
}

/*
 * The room a dialog's nest takes with each string cut at @vcap bytes (the caller holds its
 * lock).
 */
static u32 sipoff_nl_dialog_size_cut(struct sipoff_dialog *o, u32 vcap)
{
	u32 n = nla_total_size(0) + SIPOFF_NL_DIALOG_FIXED;
	unsigned int i;
	u16 len;

	n += sipoff_nl_str_size(o->cid_len, vcap) + sipoff_nl_str_size(o->ltag_len, vcap) +
	     sipoff_nl_str_size(o->rtag_len, vcap) + sipoff_nl_str_size(o->luri_len, vcap) +
	     sipoff_nl_str_size(o->ruri_len, vcap);
	sipoff_dialog_var(o, SIPOFF_DVAR_RTARGET, &len);
	n += len ? sipoff_nl_str_size(len, vcap) : 0;
	sipoff_dialog_var(o, SIPOFF_DVAR_LTARGET, &len);
	n += len ? sipoff_nl_str_size(len, vcap) : 0;
	for (i = 0; i < o->n_route; i++)
		if (sipoff_dialog_var(o, SIPOFF_DVAR_ROUTE + i, &len))
			n += sipoff_nl_str_size(len, vcap);
	return n;
}

/*
 * The value cap that makes a dialog's nest fit SIPOFF_NL_DIALOG_MAX (U32_MAX: nothing cut)
 * and the room the nest then takes.
 */
static u32 sipoff_nl_dialog_vcap(struct sipoff_dialog *o, u32 *size)
{
	u32 vcap = U32_MAX;

	*size = sipoff_nl_dialog_size_cut(o, vcap);
	if (*size <= SIPOFF_NL_DIALOG_MAX)
		return vcap;
	/* At most 19 strings: at 2 KiB each they fit. */
	for (vcap = 32768; vcap > 2048; vcap /= 2) {
		*size = sipoff_nl_dialog_size_cut(o, vcap);
		if (*size <= SIPOFF_NL_DIALOG_MAX)
			return vcap;
	}
	*size = sipoff_nl_dialog_size_cut(o, vcap);
	return vcap;
}

/* Put a dialog's attributes, each string cut at @vcap bytes (flagged when one is). */
static int sipoff_nl_dialog_fill_cut(struct sk_buff *skb, struct sipoff_dialog *o, u32 vcap)
{
	const struct sipoff_dlg *d = &o->d;
	unsigned int i, alen = o->family == NFPROTO_IPV6 ? 16 : 4;
	u32 flags = d->flags;
	const u8 *p;
	u16 len;

	if (vcap != U32_MAX)
		flags |= SIPOFF_DIALOG_FLAGS_VALUES_CUT;
	if (nla_put_u64_64bit(skb, SIPOFF_A_DIALOG_ID, o->id, SIPOFF_A_DIALOG_PAD) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_CALL_ID, sipoff_dialog_cid(o),
			       min(o->cid_len, vcap)) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_LOCAL_TAG, sipoff_dialog_ltag(o),
			       min(o->ltag_len, vcap)) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_REMOTE_TAG, sipoff_dialog_rtag(o),
			       min(o->rtag_len, vcap)) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_LOCAL_URI, sipoff_dialog_luri(o),
			       min(o->luri_len, vcap)) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_REMOTE_URI, sipoff_dialog_ruri(o),
			       min(o->ruri_len, vcap)))
		return -EMSGSIZE;
	p = sipoff_dialog_var(o, SIPOFF_DVAR_RTARGET, &len);
	if (len && sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_REMOTE_TARGET, p, min(len, vcap)))
		return -EMSGSIZE;
	p = sipoff_dialog_var(o, SIPOFF_DVAR_LTARGET, &len);
	if (len && sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_LOCAL_TARGET, p, min(len, vcap)))
		return -EMSGSIZE;
	for (i = 0; i < o->n_route; i++) {
		p = sipoff_dialog_var(o, SIPOFF_DVAR_ROUTE + i, &len);
		if (p && sipoff_nl_put_strn(skb, SIPOFF_A_DIALOG_ROUTE, p, min(len, vcap)))
			return -EMSGSIZE;
	}
	if (nla_put_u32(skb, SIPOFF_A_DIALOG_STATE, d->state) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_SIDE, d->side) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_FLAGS, flags) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_USAGES, sipoff_dlg_usages(d)) ||
	    sipoff_nl_put_time(skb, SIPOFF_A_DIALOG_CREATED_MS, d->created_ms) ||
	    sipoff_nl_put_time(skb, SIPOFF_A_DIALOG_ANSWERED_MS, d->answered_ms) ||
	    sipoff_nl_put_time(skb, SIPOFF_A_DIALOG_ACKED_MS, d->acked_ms) ||
	    sipoff_nl_put_time(skb, SIPOFF_A_DIALOG_ENDED_MS, d->ended_ms) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_FINAL_CODE, d->final_code) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_END_CODE, d->end_code) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_BYE_CODE, d->bye_code) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_END_REASON, d->end_reason) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_END_BY, d->end_by) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_LOCAL_CSEQ, d->local_cseq) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_REMOTE_CSEQ, d->remote_cseq) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_INVITE_CSEQ, d->invite_cseq) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_BYE_CSEQ, d->bye_cseq) ||
	    nla_put_u32(skb, SIPOFF_A_DIALOG_FAMILY,
			o->family == NFPROTO_IPV6 ? AF_INET6 : AF_INET) ||
	    nla_put(skb, SIPOFF_A_DIALOG_LOCAL_ADDR, alen, &o->laddr) ||
	    nla_put(skb, SIPOFF_A_DIALOG_REMOTE_ADDR, alen, &o->raddr) ||
	    nla_put_u16(skb, SIPOFF_A_DIALOG_LOCAL_PORT, ntohs(o->lport)) ||
	    nla_put_u16(skb, SIPOFF_A_DIALOG_REMOTE_PORT, ntohs(o->rport)))
		return -EMSGSIZE;
	return 0;
}

/**
 * sipoff_nl_dialog_fill() - put a dialog's attributes (the caller holds its lock)
 * @skb: the message, inside a nest of dialog attributes
 * @o: the dialog
 *
 * A dialog too big for one nest has its strings cut and is flagged
 * SIPOFF_DIALOG_FLAGS_VALUES_CUT.
 *
 * Return: 0 or -EMSGSIZE.
 */
int sipoff_nl_dialog_fill(struct sk_buff *skb, struct sipoff_dialog *o)
{
	u32 size;

	return sipoff_nl_dialog_fill_cut(skb, o, sipoff_nl_dialog_vcap(o, &size));
}

/**
 * sipoff_nl_listening() - does anybody listen on a namespace's events group?
 * @net: the namespace
 *
 * Return: true if so.
 */
bool sipoff_nl_listening(struct net *net)
{
	return genl_has_listeners(&sipoff_genl_family, net, SIPOFF_GRP_EVENTS);
}

/*
 * Start an event of @size bytes of attributes besides its type and sequence number: a sequence
 * number is taken even when nobody listens or memory is short.
 */
static struct sk_buff *sipoff_nl_event_start(struct sipoff_net *sn, u32 type, size_t size,
					     void **hdr)
{
	struct sipoff_dialogs *dd = sn->dialogs;
	struct sk_buff *skb;
	u64 seq = dd ? atomic64_inc_return(&dd->event_seq) : 0;

	if (!sipoff_nl_listening(sn->net))
		return NULL;
	skb = genlmsg_new(nla_total_size(sizeof(u32)) + nla_total_size_64bit(sizeof(u64)) + size,
			  GFP_ATOMIC);
	if (!skb)
		goto lost;
	*hdr = genlmsg_put(skb, 0, 0, &sipoff_genl_family, 0, SIPOFF_CMD_EVENT);
	if (!*hdr ||
	    nla_put_u32(skb, SIPOFF_A_EVENT_TYPE, type) ||
	    nla_put_u64_64bit(skb, SIPOFF_A_EVENT_SEQ, seq, SIPOFF_A_EVENT_PAD)) {
		nlmsg_free(skb);
		goto lost;
	}
	return skb;
lost:
	if (dd)
		atomic64_inc(&dd->stats[SIPOFF_DSTAT_EVENTS_LOST]);
	return NULL;
}

static void sipoff_nl_event_send(struct sipoff_net *sn, struct sk_buff *skb, void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&sipoff_genl_family, sn->net, skb, 0, SIPOFF_GRP_EVENTS,
				GFP_ATOMIC);
	if (sn->dialogs)
		atomic64_inc(&sn->dialogs->stats[SIPOFF_DSTAT_EVENTS]);
}

/* An event that could not be built: freed and counted (events_lost), never half sent. */
static void sipoff_nl_event_drop(struct sipoff_net *sn, struct sk_buff *skb)
{
	nlmsg_free(skb);
	if (sn->dialogs)
		atomic64_inc(&sn->dialogs->stats[SIPOFF_DSTAT_EVENTS_LOST]);
}

/**
 * sipoff_nl_dialog_event() - multicast a dialog event (the caller holds the dialog's lock)
 * @o: the dialog
 * @type: enum sipoff_event_type
 * @u: the usage of a usage event, else NULL
 */
void sipoff_nl_dialog_event(struct sipoff_dialog *o, u32 type,
			    const struct sipoff_dlg_usage_note *u)
{
	struct sipoff_net *sn = o->dd->sn;
	struct nlattr *nest;
	struct sk_buff *skb;
	u32 size, vcap;
	void *hdr;

	/* Sized to the dialog (its strings cut only past a nest's 64 KiB, flagged). */
	vcap = sipoff_nl_dialog_vcap(o, &size);
	skb = sipoff_nl_event_start(sn, type, size + nla_total_size(4 * nla_total_size(4)), &hdr);
	if (!skb)
		return;
	nest = nla_nest_start(skb, SIPOFF_A_EVENT_DIALOG);
	if (!nest || sipoff_nl_dialog_fill_cut(skb, o, vcap))
		goto lost;
	nla_nest_end(skb, nest);
	if (u) {
		nest = nla_nest_start(skb, SIPOFF_A_EVENT_USAGE);
		if (!nest || nla_put_u32(skb, SIPOFF_A_USAGE_KIND, u->kind) ||
		    nla_put_u32(skb, SIPOFF_A_USAGE_EVENT_KEY, u->event_key) ||
		    (u->local && nla_put_flag(skb, SIPOFF_A_USAGE_LOCAL)) ||
		    nla_put_u32(skb, SIPOFF_A_USAGE_REASON, u->reason))
			goto lost;
		nla_nest_end(skb, nest);
	}
	sipoff_nl_event_send(sn, skb, hdr);
	return;
lost:
	sipoff_nl_event_drop(sn, skb);
}

/**
 * sipoff_nl_txn_timeout() - multicast a transaction-timeout event
 * @sn: the namespace's state
 * @kind: enum sipoff_txn_kind
 * @timer: enum sipoff_txn_timer
 * @method: enum sipoff_method of the request
 * @cseq: its CSeq number
 * @call_id: its Call-ID
 * @call_id_len: the Call-ID's length
 *
 * Any context (GFP_ATOMIC).
 */
void sipoff_nl_txn_timeout(struct sipoff_net *sn, u8 kind, u8 timer, u8 method, u32 cseq,
			   const u8 *call_id, u32 call_id_len)
{
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	skb = sipoff_nl_event_start(sn, SIPOFF_EVENT_TYPE_TXN_TIMEOUT,
				    nla_total_size(4 * nla_total_size(4) +
						   nla_total_size(min_t(u32, call_id_len, 1024) + 1)),
				    &hdr);
	if (!skb)
		return;
	nest = nla_nest_start(skb, SIPOFF_A_EVENT_TXN);
	if (!nest || nla_put_u32(skb, SIPOFF_A_TXN_KIND, kind) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_TIMER, timer) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_METHOD, method) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_CSEQ, cseq) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_TXN_CALL_ID, call_id,
			       min_t(u32, call_id_len, 1024))) {
		sipoff_nl_event_drop(sn, skb);
		return;
	}
	nla_nest_end(skb, nest);
	sipoff_nl_event_send(sn, skb, hdr);
}

/**
 * sipoff_nl_overload_event() - multicast an overload event
 * @sn: the namespace's state
 * @on: the socket became overloaded (else it stopped being so)
 * @port: its local port
 * @fill_pct: how full its receive queue was, in percent
 * @delay_ms: how long its oldest datagram had waited (0: not measured)
 *
 * Any context (GFP_ATOMIC).
 */
void sipoff_nl_overload_event(struct sipoff_net *sn, bool on, u16 port, u32 fill_pct,
			      u32 delay_ms)
{
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	skb = sipoff_nl_event_start(sn, SIPOFF_EVENT_TYPE_OVERLOAD,
				    nla_total_size(nla_total_size(2) + 3 * nla_total_size(4)), &hdr);
	if (!skb)
		return;
	nest = nla_nest_start(skb, SIPOFF_A_EVENT_OVERLOAD);
	if (!nest || nla_put_u16(skb, SIPOFF_A_OVERLOAD_PORT, port) ||
	    nla_put_u32(skb, SIPOFF_A_OVERLOAD_ACTIVE, on) ||
	    nla_put_u32(skb, SIPOFF_A_OVERLOAD_FILL_PCT, fill_pct) ||
	    nla_put_u32(skb, SIPOFF_A_OVERLOAD_DELAY_MS, delay_ms)) {
		sipoff_nl_event_drop(sn, skb);
		return;
	}
	nla_nest_end(skb, nest);
	sipoff_nl_event_send(sn, skb, hdr);
}

/*
 * The end of one dumpit call of a table walk: @n entries put, @err what stopped the walk,
 * @rewound if the table was resized under it (the walk started over: the dump is flagged).
 * An entry too big for an empty message is an error, not an endless dump.
 */
static int sipoff_nl_dump_end(struct sk_buff *skb, struct netlink_callback *cb, int err, int n,
			      bool rewound)
{
	if (rewound) {
		cb->seq ^= 0x80000000;
		if (n)
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	if (err && !n)
		return err;
	return skb->len;
}

/* The room of the biggest dialog of a dump, for cb->min_dump_alloc. */
static int sipoff_nl_dialog_max_one(struct sipoff_dialog *o, void *arg)
{
	u32 *max = arg, size;

	spin_lock_bh(&o->lock);
	sipoff_nl_dialog_vcap(o, &size);
	spin_unlock_bh(&o->lock);
	*max = max(*max, size);
	return 0;
}

/*
 * Make every batch of a dialog dump big enough for its biggest dialog, as rtnetlink does for
 * links: without it a dialog bigger than a batch (32 KiB at most from the reader's buffer)
 * would stop the dump with EMSGSIZE and hide every dialog after it.  A dialog that grows
 * past that during the dump goes out cut (flagged) rather than stopping it.
 */
static int sipoff_nl_dialog_min_alloc(struct sipoff_net *sn, struct netlink_callback *cb,
				      const char *cid)
{
	struct sipoff_dialogs_iter it;
	bool rewound = false;
	u32 max = 0;
	char *dup = NULL;
	int err;

	if (cid) {
		dup = kstrdup(cid, GFP_KERNEL_ACCOUNT);
		if (!dup)
			return -ENOMEM;
	}
	err = sipoff_dialogs_iter_init(sn, &it, dup);
	if (err)
		return err;
	sipoff_dialogs_iter_walk(&it, sipoff_nl_dialog_max_one, &max, &rewound);
	sipoff_dialogs_iter_exit(&it);
	if (max)
		cb->min_dump_alloc = nlmsg_total_size(GENL_HDRLEN + max);
	return 0;
}

/* Dump state: cb->args[0] points to a struct sipoff_dialogs_iter. */
static int sipoff_nl_dialog_get_start(struct netlink_callback *cb)
{
	struct sipoff_net *sn = sipoff_pernet(sock_net(cb->skb->sk));
	struct nlattr *tb[SIPOFF_A_DIALOG_OP_MAX + 1];
	struct sipoff_dialogs_iter *di;
	char *cid = NULL;
	int err;

	cb->args[0] = 0;
	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, SIPOFF_A_DIALOG_OP_MAX,
			  sipoff_dialog_op_policy, cb->extack);
	if (err)
		return err;
	di = kzalloc(sizeof(*di), GFP_KERNEL_ACCOUNT);
	if (!di)
		return -ENOMEM;
	if (tb[SIPOFF_A_DIALOG_OP_CALL_ID]) {
		cid = nla_strdup(tb[SIPOFF_A_DIALOG_OP_CALL_ID], GFP_KERNEL_ACCOUNT);
		if (!cid) {
			kfree(di);
			return -ENOMEM;
		}
	}
	err = sipoff_nl_dialog_min_alloc(sn, cb, cid);
	if (err) {
		kfree(cid);
		kfree(di);
		return err;
	}
	err = sipoff_dialogs_iter_init(sn, di, cid);
	if (err) {
		kfree(di);
		return err;
	}
	cb->args[0] = (long)di;
	return 0;
}

static int sipoff_nl_dialog_get_done(struct netlink_callback *cb)
{
	struct sipoff_dialogs_iter *di = (struct sipoff_dialogs_iter *)cb->args[0];

	if (di) {
		sipoff_dialogs_iter_exit(di);
		kfree(di);
	}
	return 0;
}

/* One dumpit call: the batch's skb and how many dialogs it holds. */
struct sipoff_nl_dialog_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	int n;
};

static int sipoff_nl_dialog_dump_one(struct sipoff_dialog *o, void *arg)
{
	struct sipoff_nl_dialog_dump *d = arg;
	struct sk_buff *skb = d->skb;
	struct nlattr *nest;
	u32 size, vcap;
	int err = 0;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(d->cb->skb).portid, d->cb->nlh->nlmsg_seq,
			  &sipoff_genl_family, NLM_F_MULTI, SIPOFF_CMD_DIALOG_GET);
	if (!hdr)
		return -EMSGSIZE;
	nl_dump_check_consistent(d->cb, nlmsg_hdr(skb));
	spin_lock_bh(&o->lock);
	if (o->dead) {
		/* Being removed: not part of the dump. */
		spin_unlock_bh(&o->lock);
		genlmsg_cancel(skb, hdr);
		return 0;
	}
	vcap = sipoff_nl_dialog_vcap(o, &size);
	/* Grown past the batch since the dump began: cut to fit, flagged, not an error. */
	if (!d->n && size > skb_tailroom(skb)) {
		while (vcap > 64 && size > skb_tailroom(skb)) {
			vcap = min(vcap, 32768U) / 2;
			size = sipoff_nl_dialog_size_cut(o, vcap);
		}
	}
	nest = nla_nest_start(skb, SIPOFF_A_DIALOG_OP_DIALOG);
	if (!nest)
		err = -EMSGSIZE;
	else
		err = sipoff_nl_dialog_fill_cut(skb, o, vcap);
	spin_unlock_bh(&o->lock);
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	d->n++;
	return 0;
}

static int sipoff_nl_dialog_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sipoff_net *sn = sipoff_pernet(sock_net(skb->sk));
	struct sipoff_dialogs_iter *di = (struct sipoff_dialogs_iter *)cb->args[0];
	struct sipoff_nl_dialog_dump d = { .skb = skb, .cb = cb };
	bool rewound = false;
	int err;

	cb->seq = atomic_read(&sn->dialogs->gen);
	err = sipoff_dialogs_iter_walk(di, sipoff_nl_dialog_dump_one, &d, &rewound);
	return sipoff_nl_dump_end(skb, cb, err, d.n, rewound);
}

/* ---- transactions ---- */

/* Put a transaction's attributes (the caller holds its lock, inside sipoff_txns_walk()). */
static int sipoff_nl_txn_fill(struct sk_buff *skb, const struct sipoff_txn_info *ti)
{
	unsigned int alen = ti->family == NFPROTO_IPV6 ? 16 : 4;

	if (nla_put_u32(skb, SIPOFF_A_TXN_KIND, ti->kind) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_STATE, ti->state) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_MODE, ti->mode) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_METHOD, ti->method_id) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_TXN_METHOD_NAME, ti->method, ti->method_len) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_CSEQ, ti->cseq) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_TXN_CALL_ID, ti->call_id, ti->call_id_len) ||
	    sipoff_nl_put_strn(skb, SIPOFF_A_TXN_BRANCH, ti->branch, ti->branch_len) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_FAMILY,
			ti->family == NFPROTO_IPV6 ? AF_INET6 : AF_INET) ||
	    nla_put(skb, SIPOFF_A_TXN_PEER_ADDR, alen, &ti->peer) ||
	    nla_put_u16(skb, SIPOFF_A_TXN_PEER_PORT, ntohs(ti->peer_port)) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_LAST_CODE, ti->last_code) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_AGE_MS, (u32)min_t(u64, ti->age_ms, U32_MAX)) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_RESENDS, ti->resends) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_KEPT, ti->kept) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_KEPT_BYTES, ti->kept_bytes) ||
	    nla_put_u32(skb, SIPOFF_A_TXN_TIMERS, ti->armed))
		return -EMSGSIZE;
	return 0;
}

/**
 * struct sipoff_nl_txn_dump - one dumpit call of txn-get
 * @skb: the message being filled
 * @cb: the dump
 * @cid: the Call-ID asked for, or NULL
 * @cid_len: its length
 * @n: transactions put by this call
 */
struct sipoff_nl_txn_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const char *cid;
	u32 cid_len;
	int n;
};

/**
 * struct sipoff_nl_txn_ctx - a txn-get dump between its batches (cb->args[0])
 * @wi: the walk of the table
 * @cid: the Call-ID asked for (kmalloc'd), or NULL
 */
struct sipoff_nl_txn_ctx {
	struct sipoff_txns_iter wi;
	char *cid;
};

static int sipoff_nl_txn_dump_one(const struct sipoff_txn_info *ti, void *arg)
{
	struct sipoff_nl_txn_dump *d = arg;
	struct sk_buff *skb = d->skb;
	struct nlattr *nest;
	void *hdr;

	if (ti->dead || (d->cid && (ti->call_id_len != d->cid_len ||
				    memcmp(ti->call_id, d->cid, d->cid_len))))
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(d->cb->skb).portid, d->cb->nlh->nlmsg_seq,
			  &sipoff_genl_family, NLM_F_MULTI, SIPOFF_CMD_TXN_GET);
	if (!hdr)
		return -EMSGSIZE;
	nl_dump_check_consistent(d->cb, nlmsg_hdr(skb));
	nest = nla_nest_start(skb, SIPOFF_A_TXN_OP_TXN);
	if (!nest || sipoff_nl_txn_fill(skb, ti)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	d->n++;
	return 0;
}

/* Dump state: cb->args[0] points to a struct sipoff_nl_txn_ctx. */
static int sipoff_nl_txn_get_start(struct netlink_callback *cb)
{
	struct sipoff_net *sn = sipoff_pernet(sock_net(cb->skb->sk));
	struct nlattr *tb[SIPOFF_A_TXN_OP_MAX + 1];
	struct sipoff_nl_txn_ctx *c;
	int err;

	cb->args[0] = 0;
	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, SIPOFF_A_TXN_OP_MAX, sipoff_txn_op_policy,
			  cb->extack);
	if (err)
		return err;
	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	if (tb[SIPOFF_A_TXN_OP_CALL_ID]) {
		c->cid = nla_strdup(tb[SIPOFF_A_TXN_OP_CALL_ID], GFP_KERNEL_ACCOUNT);
		if (!c->cid) {
			kfree(c);
			return -ENOMEM;
		}
	}
	sipoff_txns_iter_init(sn, &c->wi);
	cb->args[0] = (long)c;
	return 0;
}

static int sipoff_nl_txn_get_done(struct netlink_callback *cb)
{
	struct sipoff_nl_txn_ctx *c = (struct sipoff_nl_txn_ctx *)cb->args[0];

	if (c) {
		sipoff_txns_iter_exit(&c->wi);
		kfree(c->cid);
		kfree(c);
	}
	return 0;
}

static int sipoff_nl_txn_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sipoff_net *sn = sipoff_pernet(sock_net(skb->sk));
	struct sipoff_nl_txn_ctx *c = (struct sipoff_nl_txn_ctx *)cb->args[0];
	struct sipoff_nl_txn_dump d = {
		.skb = skb,
		.cb = cb,
		.cid = c->cid,
		.cid_len = c->cid ? strlen(c->cid) : 0,
	};
	bool rewound = false;
	int err;

	cb->seq = sipoff_txns_gen(sn);
	err = sipoff_txns_iter_walk(&c->wi, sipoff_nl_txn_dump_one, &d, &rewound);
	return sipoff_nl_dump_end(skb, cb, err, d.n, rewound);
}

static int sipoff_nl_dialog_terminate_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sipoff_net *sn = sipoff_pernet(genl_info_net(info));
	struct nlattr **tb = info->attrs;
	const char *why = NULL;
	char *cid, *lt = NULL, *rt = NULL;
	int err;

	if (!tb[SIPOFF_A_DIALOG_OP_CALL_ID]) {
		NL_SET_ERR_MSG(info->extack, "a Call-ID is needed");
		return -EINVAL;
	}
	if (!tb[SIPOFF_A_DIALOG_OP_LOCAL_TAG] != !tb[SIPOFF_A_DIALOG_OP_REMOTE_TAG]) {
		NL_SET_ERR_MSG(info->extack, "give both tags or none");
		return -EINVAL;
	}
	cid = nla_data(tb[SIPOFF_A_DIALOG_OP_CALL_ID]);
	if (tb[SIPOFF_A_DIALOG_OP_LOCAL_TAG]) {
		lt = nla_data(tb[SIPOFF_A_DIALOG_OP_LOCAL_TAG]);
		rt = nla_data(tb[SIPOFF_A_DIALOG_OP_REMOTE_TAG]);
	}
	err = sipoff_dialogs_terminate(sn, cid, strlen(cid), lt, lt ? strlen(lt) : 0, rt,
				       rt ? strlen(rt) : 0, &why);
	/* @why is a string literal: it outlives the request. */
	if (err && why && info->extack)
		info->extack->_msg = why;
	return err;
}

static int sipoff_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	sipoff_dialogs_flush(sipoff_pernet(genl_info_net(info)));
	return 0;
}

static const struct sipoff_genl_op sipoff_genl_ops[] = {
	SIPOFF_GENL_DO(SIPOFF_CMD_CONFIG_GET, sipoff_nl_config_get_doit,
		       sipoff_config_policy, SIPOFF_A_CONFIG_MAX, 0),
	SIPOFF_GENL_DO(SIPOFF_CMD_CONFIG_SET, sipoff_nl_config_set_doit,
		       sipoff_config_policy, SIPOFF_A_CONFIG_MAX, GENL_UNS_ADMIN_PERM),
	SIPOFF_GENL_DO(SIPOFF_CMD_STATS_GET, sipoff_nl_stats_get_doit,
		       sipoff_config_policy, SIPOFF_A_CONFIG_MAX, 0),
	SIPOFF_GENL_DUMP(SIPOFF_CMD_DIALOG_GET, sipoff_nl_dialog_get_start,
			 sipoff_nl_dialog_get_dumpit, sipoff_nl_dialog_get_done,
			 sipoff_dialog_op_policy, SIPOFF_A_DIALOG_OP_MAX, GENL_UNS_ADMIN_PERM),
	SIPOFF_GENL_DO(SIPOFF_CMD_DIALOG_TERMINATE, sipoff_nl_dialog_terminate_doit,
		       sipoff_dialog_op_policy, SIPOFF_A_DIALOG_OP_MAX, GENL_UNS_ADMIN_PERM),
	SIPOFF_GENL_DO(SIPOFF_CMD_FLUSH, sipoff_nl_flush_doit,
		       sipoff_dialog_op_policy, SIPOFF_A_DIALOG_OP_MAX, GENL_UNS_ADMIN_PERM),
	SIPOFF_GENL_DUMP(SIPOFF_CMD_TXN_GET, sipoff_nl_txn_get_start,
			 sipoff_nl_txn_get_dumpit, sipoff_nl_txn_get_done,
			 sipoff_txn_op_policy, SIPOFF_A_TXN_OP_MAX, GENL_UNS_ADMIN_PERM),
};

static struct genl_family sipoff_genl_family __ro_after_init = {
	.name		= SIPOFF_FAMILY_NAME,
	.version	= SIPOFF_FAMILY_VERSION,
	.maxattr	= SIPOFF_A_CONFIG_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.resv_start_op	= SIPOFF_CMD_STATS_GET + 1,
	SIPOFF_GENL_FAMILY_OPS(sipoff_genl_ops),
	.mcgrps		= sipoff_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(sipoff_genl_mcgrps),
};

/**
 * sipoff_genl_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int sipoff_genl_init(void)
{
	return genl_register_family(&sipoff_genl_family);
}

/**
 * sipoff_genl_uninit() - unregister the generic netlink family
 */
void sipoff_genl_uninit(void)
{
	genl_unregister_family(&sipoff_genl_family);
}
