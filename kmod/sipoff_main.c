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
#include "sipoff_xmit.h"
#include "sipoff_overload.h"

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

/*
 * Module-wide caps, over every network namespace: only the host's root writes module
 * parameters, and a namespace's own caps (netlink, CAP_NET_ADMIN in its user namespace, so a
 * container's root) cannot be set above them, so no container takes the host's memory.
 */
static unsigned int max_transactions_total = 1048576;
module_param(max_transactions_total, uint, 0644);
MODULE_PARM_DESC(max_transactions_total,
		 "Cap on transactions over all network namespaces (default 1048576)");

static unsigned int max_dialogs_total = SIPOFF_TABLE_MAX;
module_param(max_dialogs_total, uint, 0644);
MODULE_PARM_DESC(max_dialogs_total,
		 "Cap on dialogs over all network namespaces (default 4194304)");

static unsigned long long max_bytes_total = 1ULL << 30;
module_param(max_bytes_total, ullong, 0644);
MODULE_PARM_DESC(max_bytes_total,
		 "Cap on the bytes kept (message copies, the kernel's own included, and dialogs) over all network namespaces (default 1 GiB)");

/* Bytes kept over all namespaces, against max_bytes_total. */
static atomic64_t sipoff_kept_total = ATOMIC64_INIT(0);

/**
 * sipoff_max_txns_total() - the module-wide cap on transactions
 *
 * Return: max_transactions_total.
 */
u32 sipoff_max_txns_total(void)
{
	return READ_ONCE(max_transactions_total);
}

/**
 * sipoff_max_dialogs_total() - the module-wide cap on dialogs
 *
 * Return: max_dialogs_total.
 */
u32 sipoff_max_dialogs_total(void)
{
	return READ_ONCE(max_dialogs_total);
}

/**
 * sipoff_max_bytes_total() - the module-wide cap on kept bytes
 *
 * Return: max_bytes_total.
 */
u64 sipoff_max_bytes_total(void)
{
	return READ_ONCE(max_bytes_total);
}

/**
 * sipoff_kept_room() - would @n more kept bytes fit under the caps? (no charge)
 * @sn: the namespace
 * @n: bytes
 *
 * Return: true if they would fit now.
 */
bool sipoff_kept_room(struct sipoff_net *sn, u64 n)
{
	const struct sipoff_cfg *cfg;
	u64 cap;

	rcu_read_lock();
	cfg = rcu_dereference(sn->cfg);
	cap = cfg->max_bytes;
	rcu_read_unlock();
	return atomic64_read(&sn->kept_bytes) + n <= cap &&
	       atomic64_read(&sipoff_kept_total) + n <= READ_ONCE(max_bytes_total);
}

/**
 * sipoff_kept_charge() - charge kept bytes against the namespace's max-bytes and the
 *	module-wide max_bytes_total
 * @sn: the namespace
 * @n: bytes; a negative @n gives bytes back and always succeeds
 *
 * Every byte sipoff keeps (copies of messages, the ones it built included, and dialogs) is
 * charged here when taken and given back with sipoff_kept_uncharge() when freed.
 *
 * Return: true if charged; false (nothing charged) if it would go over a cap.
 */
bool sipoff_kept_charge(struct sipoff_net *sn, s64 n)
{
	const struct sipoff_cfg *cfg;
	u64 cap;

	if (n <= 0) {
		sipoff_kept_uncharge(sn, -n);
		return true;
	}
	rcu_read_lock();
	cfg = rcu_dereference(sn->cfg);
	cap = cfg->max_bytes;
	rcu_read_unlock();
	if (atomic64_add_return(n, &sn->kept_bytes) > cap) {
		atomic64_sub(n, &sn->kept_bytes);
		return false;
	}
	if (atomic64_add_return(n, &sipoff_kept_total) > READ_ONCE(max_bytes_total)) {
		atomic64_sub(n, &sipoff_kept_total);
		atomic64_sub(n, &sn->kept_bytes);
		return false;
	}
	return true;
}

/**
 * sipoff_kept_uncharge() - give back kept bytes charged with sipoff_kept_charge()
 * @sn: the namespace
 * @n: bytes
 */
void sipoff_kept_uncharge(struct sipoff_net *sn, u64 n)
{
	atomic64_sub(n, &sn->kept_bytes);
	atomic64_sub(n, &sipoff_kept_total);
}

/**
 * sipoff_cfg_over_module_caps() - does a namespace's cap go over a module-wide one?
 * @cfg: the candidate configuration
 * @txns: check max-transactions
 * @dialogs: check max-dialogs
 * @bytes: check max-bytes
 * @why: set to a message naming the module parameter
 *
 * Return: 0 or -EINVAL.
 */
int sipoff_cfg_over_module_caps(const struct sipoff_cfg *cfg, bool txns, bool dialogs,
				bool bytes, const char **why)
{
	if (txns && cfg->max_txns > sipoff_max_txns_total())
		return *why = "max-transactions is above the module's max_transactions_total", -EINVAL;
	if (dialogs && cfg->max_dialogs > sipoff_max_dialogs_total())
		return *why = "max-dialogs is above the module's max_dialogs_total", -EINVAL;
	if (bytes && cfg->max_bytes > sipoff_max_bytes_total())
		return *why = "max-bytes is above the module's max_bytes_total", -EINVAL;
	return 0;
}

static char *overload = "off";
module_param(overload, charp, 0444);
MODULE_PARM_DESC(overload, "Default overload protection of each network namespace: off (default) or on");

/* The defaults every new namespace starts from, made from the parameters at load time. */
static struct sipoff_cfg sipoff_defaults = {
	.trying_ms	= 200,
	.max_txns	= 65536,
	.max_dialogs	= 65536,
	.max_bytes	= 256ULL << 20,
	.linger_ms	= 30000,
	.ovl_high_pct	= 80,
	.ovl_low_pct	= 50,
	.ovl_retry_after_s = 5,
	.ovl_max_rate	= 1000,
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
	if (cfg->overload > 1)
		return *why = "overload must be on or off", -EINVAL;
	if (cfg->ovl_high_pct < 1 || cfg->ovl_high_pct > 100)
		return *why = "overload-high must be between 1 and 100 percent", -EINVAL;
	if (cfg->ovl_low_pct >= cfg->ovl_high_pct)
		return *why = "overload-low must be below overload-high", -EINVAL;
	if (cfg->ovl_delay_ms > SIPOFF_OVL_DELAY_MAX_MS)
		return *why = "overload-delay must be at most 60000 ms", -EINVAL;
	if (cfg->ovl_retry_after_s > SIPOFF_OVL_RETRY_MAX_S)
		return *why = "overload-retry-after must be at most 86400 s", -EINVAL;
	if (!cfg->ovl_max_rate || cfg->ovl_max_rate > SIPOFF_OVL_RATE_MAX)
		return *why = "overload-max-rate must be between 1 and 1000000 per second", -EINVAL;
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
	sipoff_overload_cfg_changed(sn, cfg);
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
	if (!strcmp(overload, "on")) {
		cfg->overload = 1;
	} else if (strcmp(overload, "off")) {
		pr_err("overload=%s: must be on or off\n", overload);
		return -EINVAL;
	}

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
	err = sipoff_xmit_init(sn);
	if (err)
		goto err_txns;
	err = sipoff_overload_init(sn);
	if (err)
		goto err_xmit;
	err = sipoff_hooks_init(sn);
	if (err)
		goto err_ovl;
	return 0;

err_ovl:
	sipoff_overload_uninit(sn);
err_xmit:
	sipoff_xmit_uninit(sn);
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

/*
 * Teardown, in two steps.  pre_exit unregisters the hooks, which does not wait for hooks still
 * running on other CPUs (nf_unregister_net_hooks() frees its entries with call_rcu()); the
 * core then waits for one RCU grace period for the whole batch of namespaces (cleanup_net(),
 * and unregister_pernet_subsys() at rmmod) before calling exit.  So exit finds no hook running,
 * stops every timer, waits for every timer callback still freeing an entry, and only then frees
 * the tables, the sockets, the counters and the configuration.
 */
static void __net_exit sipoff_net_pre_exit(struct net *net)
{
	sipoff_hooks_uninit(sipoff_pernet(net));
}

static void __net_exit sipoff_net_exit(struct net *net)
{
	struct sipoff_net *sn = sipoff_pernet(net);

	sipoff_hooks_uninit(sn);	/* done in pre_exit, unless init failed after it */
	sipoff_overload_uninit(sn);
	sipoff_txns_uninit(sn);
	/* No timer sends any more: the transactions' timers are stopped. */
	sipoff_xmit_uninit(sn);
	sipoff_proc_uninit(sn);
	sipoff_dialogs_uninit(sn);
	/* Every transaction and dialog gave its bytes back. */
	WARN_ON_ONCE(atomic64_read(&sn->kept_bytes));
	kfree(rcu_dereference_protected(sn->cfg, true));
	free_percpu(sn->stats);
}

static struct pernet_operations sipoff_net_ops = {
	.init	= sipoff_net_init,
	.pre_exit = sipoff_net_pre_exit,
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
	err = sipoff_overload_global_init();
	if (err)
		goto err_scratch;
	err = sipoff_txns_global_init();
	if (err)
		goto err_ovl;
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
err_ovl:
	sipoff_overload_global_uninit();
err_scratch:
	sipoff_scratch_uninit();
	return err;
}

static void __exit sipoff_exit(void)
{
	sipoff_genl_uninit();
	unregister_pernet_subsys(&sipoff_net_ops);
	WARN_ON_ONCE(atomic64_read(&sipoff_kept_total));
	/*
	 * Timer callbacks that handed their last entry to call_rcu() may still be returning on
	 * another CPU (in softirq, an RCU read-side section): wait for them, then for the deferred
	 * frees of transactions and dialogs, which must run before their caches go.
	 */
	synchronize_rcu();
	rcu_barrier();
	sipoff_dialogs_global_uninit();
	sipoff_txns_global_uninit();
	sipoff_overload_global_uninit();
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
