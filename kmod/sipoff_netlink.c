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
#include "sipoff.h"
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
};

static struct genl_family sipoff_genl_family;

static void *sipoff_genl_reply_start(struct genl_info *info, struct sk_buff **skb, u8 cmd)
{
	*skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!*skb)
		return NULL;
	return genlmsg_put_reply(*skb, info, &sipoff_genl_family, 0, cmd);
}

static int sipoff_nl_config_fill(struct sk_buff *skb, const struct sipoff_cfg *cfg)
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
	err = sipoff_nl_config_fill(msg, rcu_dereference(sn->cfg));
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

	err = sipoff_cfg_validate(cfg, &why);
	if (err) {
		/* @why is a string literal from sipoff_cfg_validate(): it outlives the request. */
		if (info->extack)
			info->extack->_msg = why;
		goto err_free;
	}
	err = sipoff_cfg_install(sn, cfg);
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
	u64 val[SIPOFF_STATS_ALL];
	struct sk_buff *msg;
	char name[48];
	struct nlattr *nest;
	void *hdr;
	int i;

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
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nomem:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct sipoff_genl_op sipoff_genl_ops[] = {
	SIPOFF_GENL_DO(SIPOFF_CMD_CONFIG_GET, sipoff_nl_config_get_doit,
		       sipoff_config_policy, SIPOFF_A_CONFIG_MAX, 0),
	SIPOFF_GENL_DO(SIPOFF_CMD_CONFIG_SET, sipoff_nl_config_set_doit,
		       sipoff_config_policy, SIPOFF_A_CONFIG_MAX, GENL_UNS_ADMIN_PERM),
	SIPOFF_GENL_DO(SIPOFF_CMD_STATS_GET, sipoff_nl_stats_get_doit,
		       sipoff_config_policy, SIPOFF_A_CONFIG_MAX, 0),
};

static struct genl_family sipoff_genl_family __ro_after_init = {
	.name		= SIPOFF_FAMILY_NAME,
	.version	= SIPOFF_FAMILY_VERSION,
	.maxattr	= SIPOFF_A_CONFIG_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.resv_start_op	= SIPOFF_CMD_STATS_GET + 1,
	SIPOFF_GENL_FAMILY_OPS(sipoff_genl_ops),
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
