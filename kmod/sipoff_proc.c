// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_proc.c - /proc/net/sipoff/ of each network namespace.
 *
 *   stats	one "name value" line per counter
 *   config	one "name value" line per configuration value
 *
 * The files belong to the namespace's root (as nf_synproxy does), so a container's root reads
 * its own namespace's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include "sipoff.h"

static int sipoff_proc_stats_show(struct seq_file *seq, void *v)
{
	struct sipoff_net *sn = sipoff_pernet(seq_file_single_net(seq));
	u64 val[SIPOFF_STATS_ALL];
	char name[48];
	int i;

	sipoff_stats_read(sn, val);
	for (i = 0; i < SIPOFF_STATS_ALL; i++)
		seq_printf(seq, "%-32s %llu\n", sipoff_stat_name(i, name, sizeof(name)), val[i]);
	return 0;
}

static int sipoff_proc_config_show(struct seq_file *seq, void *v)
{
	struct sipoff_net *sn = sipoff_pernet(seq_file_single_net(seq));
	const struct sipoff_cfg *cfg;
	u32 i;

	rcu_read_lock();
	cfg = rcu_dereference(sn->cfg);
	seq_printf(seq, "%-24s %s\n", "mode", sipoff_mode_name(cfg->mode));
	seq_printf(seq, "%-24s ", "ports");
	for (i = 0; i < cfg->nports; i++)
		seq_printf(seq, "%s%u", i ? "," : "", cfg->ports[i]);
	seq_putc(seq, '\n');
	seq_printf(seq, "%-24s %u\n", "t1_ms", cfg->t1_ms);
	seq_printf(seq, "%-24s %u\n", "t2_ms", cfg->t2_ms);
	seq_printf(seq, "%-24s %u\n", "t4_ms", cfg->t4_ms);
	seq_printf(seq, "%-24s %u\n", "timer_d_ms", cfg->timer_d_ms);
	seq_printf(seq, "%-24s %u\n", "trying_ms", cfg->trying_ms);
	seq_printf(seq, "%-24s %u\n", "max_transactions", cfg->max_txns);
	seq_printf(seq, "%-24s %u\n", "max_dialogs", cfg->max_dialogs);
	seq_printf(seq, "%-24s %llu\n", "max_bytes", cfg->max_bytes);
	seq_printf(seq, "%-24s %u\n", "linger_ms", cfg->linger_ms);
	rcu_read_unlock();
	return 0;
}

/**
 * sipoff_proc_init() - create /proc/net/sipoff and its files in a namespace
 * @sn: the namespace's state
 *
 * Return: 0 or -ENOMEM.
 */
int sipoff_proc_init(struct sipoff_net *sn)
{
	struct net *net = sn->net;
	struct proc_dir_entry *pde;
	kuid_t uid = make_kuid(net->user_ns, 0);
	kgid_t gid = make_kgid(net->user_ns, 0);

	sn->proc_dir = proc_net_mkdir(net, "sipoff", net->proc_net);
	if (!sn->proc_dir)
		return -ENOMEM;
	if (uid_valid(uid) && gid_valid(gid))
		proc_set_user(sn->proc_dir, uid, gid);

	pde = proc_create_net_single("stats", 0444, sn->proc_dir, sipoff_proc_stats_show, NULL);
	if (!pde)
		goto err;
	if (uid_valid(uid) && gid_valid(gid))
		proc_set_user(pde, uid, gid);
	pde = proc_create_net_single("config", 0444, sn->proc_dir, sipoff_proc_config_show, NULL);
	if (!pde)
		goto err;
	if (uid_valid(uid) && gid_valid(gid))
		proc_set_user(pde, uid, gid);
	return 0;

err:
	remove_proc_subtree("sipoff", net->proc_net);
	sn->proc_dir = NULL;
	return -ENOMEM;
}

/**
 * sipoff_proc_uninit() - remove a namespace's /proc/net/sipoff
 * @sn: the namespace's state
 */
void sipoff_proc_uninit(struct sipoff_net *sn)
{
	if (sn->proc_dir)
		remove_proc_subtree("sipoff", sn->net->proc_net);
	sn->proc_dir = NULL;
}
