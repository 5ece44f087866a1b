// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_main.c - module entry: parameters, configuration, per network namespace state.
 *
 * sipoff takes the reliability work of the SIP transaction layer on UDP off a userspace SIP
 * server.  Every network namespace gets its own configuration (defaults from the module
 * parameters), counters, /proc/net/sipoff and netfilter hooks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <kunit/visibility.h>
#include "sipoff.h"
#include "sipoff_dialogs.h"
#include "compat.h"
#include "sipoff_txns.h"

unsigned int sipoff_net_id __read_mostly;
EXPORT_SYMBOL_IF_KUNIT(sipoff_net_id);

static char *mode = "transparent";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "Default mode of each network namespace: off, transparent (default), offload");

static char *ports = "5060";
module_param(ports, charp, 0444);
MODULE_PARM_DESC(ports, "Default local UDP ports carrying SIP, comma-separated (default 5060, at most 16)");

static unsigned int t1_ms = 500;
module_param(t1_ms, uint, 0444);
MODULE_PARM_DESC(t1_ms, "Default RFC 3261 T1 in ms (default 500, at least 10)");

static unsigned int t2_ms = 4000;
module_param(t2_ms, uint, 0444);
MODULE_PARM_DESC(t2_ms, "Default RFC 3261 T2 in ms (default 4000, T1 <= T2 <= 60000)");

static unsigned int t4_ms = 5000;
module_param(t4_ms, uint, 0444);
MODULE_PARM_DESC(t4_ms, "Default RFC 3261 T4 in ms (default 5000, 10 to 60000)");

/* The defaults every new namespace starts from, made from the parameters at load time. */
static struct sipoff_cfg sipoff_defaults = {
	.trying_ms	= 200,
	.max_txns	= 65536,
	.max_dialogs	= 65536,
	.max_bytes	= 256ULL << 20,
	.linger_ms	= 30000,
};

static const char *const sipoff_mode_names[] = {
	[SIPOFF_MODE_OFF]		= "off",
	[SIPOFF_MODE_TRANSPARENT]	= "transparent",
	[SIPOFF_MODE_OFFLOAD]		= "offload",
};

/**
 * sipoff_mode_name() - name of a mode
 * @m: enum sipoff_mode
 *
 * Return: the name, or "?" for a value out of range.
 */
const char *sipoff_mode_name(u32 m)
{
	return m < ARRAY_SIZE(sipoff_mode_names) ? sipoff_mode_names[m] : "?";
}

/**
 * sipoff_cfg_validate() - check a whole configuration before it is installed
 * @cfg: the candidate
 * @why: set to a message naming the offending value on failure
 *
 * Return: 0 or -EINVAL.
 */
int sipoff_cfg_validate(const struct sipoff_cfg *cfg, const char **why)
{
	u32 i, j;

	if (cfg->mode > SIPOFF_MODE_OFFLOAD)
		return *why = "mode must be off, transparent or offload", -EINVAL;
	if (cfg->nports < 1 || cfg->nports > SIPOFF_MAX_PORTS)
		return *why = "between 1 and 16 ports are needed", -EINVAL;
	for (i = 0; i < cfg->nports; i++) {
		if (!cfg->ports[i])
			return *why = "port 0 is not a SIP port", -EINVAL;
		for (j = 0; j < i; j++)
			if (cfg->ports[i] == cfg->ports[j])
				return *why = "a port is given twice", -EINVAL;
	}
	if (cfg->t1_ms < SIPOFF_T1_MIN_MS)
		return *why = "T1 must be at least 10 ms", -EINVAL;
	if (cfg->t2_ms < cfg->t1_ms || cfg->t2_ms > SIPOFF_T2_MAX_MS)
		return *why = "T2 must be between T1 and 60000 ms", -EINVAL;
	if (cfg->t4_ms < SIPOFF_T4_MIN_MS || cfg->t4_ms > SIPOFF_T4_MAX_MS)
		return *why = "T4 must be between 10 and 60000 ms", -EINVAL;
	/*
	 * RFC 3261 17.1.1.2: Timer D > 32 s on UDP, which is 64*T1 at the default T1.  Tests
	 * shrink T1 and scale Timer D with it (semantics.md section 8), so the floor is 64*T1.
	 */
	if ((u64)cfg->timer_d_ms < 64ULL * cfg->t1_ms || cfg->timer_d_ms > SIPOFF_TIMER_D_MAX_MS)
		return *why = "Timer D must be between 64*T1 and 600000 ms", -EINVAL;
	if (cfg->trying_ms > SIPOFF_TRYING_MAX_MS)
		return *why = "the 100 Trying delay must be at most 60000 ms", -EINVAL;
	if (!cfg->max_txns || cfg->max_txns > SIPOFF_TABLE_MAX)
		return *why = "max-transactions must be between 1 and 4194304", -EINVAL;
	if (!cfg->max_dialogs || cfg->max_dialogs > SIPOFF_TABLE_MAX)
		return *why = "max-dialogs must be between 1 and 4194304", -EINVAL;
	if (cfg->max_bytes < SIPOFF_BYTES_MIN || cfg->max_bytes > SIPOFF_BYTES_MAX)
		return *why = "max-bytes must be between 64 KiB and 64 GiB", -EINVAL;
	if (cfg->linger_ms > SIPOFF_LINGER_MAX_MS)
		return *why = "linger must be at most 3600000 ms", -EINVAL;
	return 0;
}

/**
 * sipoff_cfg_dup() - copy a namespace's current configuration, to be changed and installed
 * @sn: the namespace's state; the caller holds @sn->cfg_lock
 *
 * Return: the copy (kfree() it if not installed), or NULL on allocation failure.
 */
struct sipoff_cfg *sipoff_cfg_dup(struct sipoff_net *sn)
{
	const struct sipoff_cfg *cur = rcu_dereference_protected(sn->cfg,
					lockdep_is_held(&sn->cfg_lock));

	return kmemdup(cur, sizeof(*cur), GFP_KERNEL_ACCOUNT);
}

/**
 * sipoff_cfg_install() - validate and publish a new configuration for a namespace
 * @sn: the namespace's state; the caller holds @sn->cfg_lock
 * @cfg: the new configuration, from sipoff_cfg_dup(); owned by this function from now on
 *
 * Return: 0, or -EINVAL (and @cfg freed) if it does not validate.
 */
int sipoff_cfg_install(struct sipoff_net *sn, struct sipoff_cfg *cfg)
{
	struct sipoff_cfg *old;
	const char *why;
	int err;

	err = sipoff_cfg_validate(cfg, &why);
	if (err) {
		kfree(cfg);
		return err;
	}
	old = rcu_replace_pointer(sn->cfg, cfg, lockdep_is_held(&sn->cfg_lock));
	kfree_rcu(old, rcu);
	return 0;
}

static int __init sipoff_parse_params(struct sipoff_cfg *cfg)
{
	const char *why = NULL;
	char *s, *p, *tok;
	int i, err;

	i = match_string(sipoff_mode_names, ARRAY_SIZE(sipoff_mode_names), mode);
	if (i < 0) {
		pr_err("mode=%s: must be off, transparent or offload\n", mode);
		return -EINVAL;
	}
	cfg->mode = i;

	s = kstrdup(ports, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	p = s;
	cfg->nports = 0;
	err = 0;
	while ((tok = strsep(&p, ",")) != NULL) {
		u16 port;

		if (cfg->nports == SIPOFF_MAX_PORTS) {
			why = "at most 16 ports";
			err = -EINVAL;
			break;
		}
		err = kstrtou16(strim(tok), 10, &port);
		if (err) {
			why = "not a port number";
			break;
		}
		cfg->ports[cfg->nports++] = port;
	}
	kfree(s);

	cfg->t1_ms = t1_ms;
	cfg->t2_ms = t2_ms;
	cfg->t4_ms = t4_ms;
	/* Timer D defaults to 64*T1: 32 s at the default T1, scaled with it in tests. */
	cfg->timer_d_ms = 64 * min_t(u32, t1_ms, SIPOFF_TIMER_D_MAX_MS);
	if (!err)
		err = sipoff_cfg_validate(cfg, &why);
	if (err) {
		pr_err("invalid parameters (ports=%s t1_ms=%u t2_ms=%u t4_ms=%u): %s\n",
		       ports, t1_ms, t2_ms, t4_ms, why ? why : "bad value");
		return -EINVAL;
	}
	return 0;
}

static int __net_init sipoff_net_init(struct net *net)
{
	struct sipoff_net *sn = sipoff_pernet(net);
	struct sipoff_cfg *cfg;
	int err;

	sn->net = net;
	mutex_init(&sn->cfg_lock);
	sn->stats = alloc_percpu_gfp(struct sipoff_stats, GFP_KERNEL_ACCOUNT);
	if (!sn->stats)
		return -ENOMEM;
	cfg = kmemdup(&sipoff_defaults, sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg) {
		err = -ENOMEM;
		goto err_stats;
	}
	RCU_INIT_POINTER(sn->cfg, cfg);

	err = sipoff_dialogs_init(sn);
	if (err)
		goto err_cfg;
	err = sipoff_proc_init(sn);
	if (err)
		goto err_dialogs;
	err = sipoff_txns_init(sn);
	if (err)
		goto err_proc;
	err = sipoff_hooks_init(sn);
	if (err)
		goto err_txns;
	return 0;

err_txns:
	sipoff_txns_uninit(sn);
err_proc:
	sipoff_proc_uninit(sn);
err_dialogs:
	sipoff_dialogs_uninit(sn);
err_cfg:
	kfree(cfg);
err_stats:
	free_percpu(sn->stats);
	return err;
}

static void __net_exit sipoff_net_exit(struct net *net)
{
	struct sipoff_net *sn = sipoff_pernet(net);

	sipoff_hooks_uninit(sn);
	sipoff_txns_uninit(sn);
	sipoff_proc_uninit(sn);
	sipoff_dialogs_uninit(sn);
	/* The hooks are gone and nf_unregister_net_hooks() waited for their readers. */
	kfree(rcu_dereference_protected(sn->cfg, true));
	free_percpu(sn->stats);
}

static struct pernet_operations sipoff_net_ops = {
	.init	= sipoff_net_init,
	.exit	= sipoff_net_exit,
	.id	= &sipoff_net_id,
	.size	= sizeof(struct sipoff_net),
};

static int __init sipoff_init(void)
{
	int err;

	err = sipoff_parse_params(&sipoff_defaults);
	if (err)
		return err;
	err = sipoff_scratch_init();
	if (err)
		return err;
	err = sipoff_txns_global_init();
	if (err)
		goto err_scratch;
	err = sipoff_dialogs_global_init();
	if (err)
		goto err_txns;
	err = register_pernet_subsys(&sipoff_net_ops);
	if (err)
		goto err_dialogs;
	err = sipoff_genl_init();
	if (err)
		goto err_pernet;
	pr_info("loaded: mode %s, %u port(s) from %u, T1 %u ms\n",
		sipoff_mode_name(sipoff_defaults.mode), sipoff_defaults.nports,
		sipoff_defaults.ports[0], sipoff_defaults.t1_ms);
	return 0;

err_pernet:
	unregister_pernet_subsys(&sipoff_net_ops);
	rcu_barrier();
err_dialogs:
	sipoff_dialogs_global_uninit();
err_txns:
	sipoff_txns_global_uninit();
err_scratch:
	sipoff_scratch_uninit();
	return err;
}

static void __exit sipoff_exit(void)
{
	sipoff_genl_uninit();
	unregister_pernet_subsys(&sipoff_net_ops);
	/* Deferred frees of transactions and dialogs must run before their caches go. */
	rcu_barrier();
	sipoff_dialogs_global_uninit();
	sipoff_txns_global_uninit();
	sipoff_scratch_uninit();
	/* kfree_rcu() of replaced configurations must finish before the module text goes. */
	rcu_barrier();
}

module_init(sipoff_init);
module_exit(sipoff_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("sipoff developers");
MODULE_DESCRIPTION("SIP transaction and dialog offload for UDP (netfilter)");
MODULE_ALIAS_GENL_FAMILY(SIPOFF_FAMILY_NAME);
/* The package version (debian/changelog), given by the build (Kbuild: SIPOFF_VERSION). */
MODULE_VERSION(SIPOFF_VERSION);
