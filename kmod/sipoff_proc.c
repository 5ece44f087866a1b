// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_proc.c - /proc/net/sipoff/ of each network namespace.
 *
 *   stats	one "name value" line per counter
 *   config	one "name value" line per configuration value
 *   dialogs	a header line, then one line per live dialog (mode 0440: dialogs hold phone
 *		numbers): id, state, side, usages, age in ms, Call-ID, local tag, remote tag,
 *		route set (comma-separated, "-" if empty, "..." appended if cut short); in the
 *		hash table's order, not by id
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
#include "sipoff_dialogs.h"
#include "sipoff_overload.h"

static int sipoff_proc_stats_show(struct seq_file *seq, void *v)
{
	struct sipoff_net *sn = sipoff_pernet(seq_file_single_net(seq));
	u64 val[SIPOFF_STATS_ALL], dval[SIPOFF_DSTATS_ALL];
	char name[48];
	int i;

	sipoff_stats_read(sn, val);
	for (i = 0; i < SIPOFF_STATS_ALL; i++)
		seq_printf(seq, "%-32s %llu\n", sipoff_stat_name(i, name, sizeof(name)), val[i]);
	sipoff_dialogs_stats(sn, dval);
	for (i = 0; i < SIPOFF_DSTATS_ALL; i++)
		seq_printf(seq, "%-32s %llu\n", sipoff_dstat_name(i), dval[i]);
	return 0;
}

/*
 * /proc/net/sipoff/dialogs is a seq_file over a walk of the dialog table, so reading a large
 * table needs no buffer for all of it and holds no lock across read() calls.  Like the netlink
 * walks of af_netlink, each read() enters the walk again and skips to its position; a table
 * resized meanwhile may show a dialog twice or miss one (the netlink dump says so, /proc
 * cannot).
 */
struct sipoff_proc_dlg {
	struct seq_net_private p;	/* first: seq_file_net() */
	struct sipoff_dialogs_iter di;
	bool walking;
};

static void *sipoff_proc_dlg_start(struct seq_file *seq, loff_t *pos) __acquires(RCU)
{
	struct sipoff_net *sn = sipoff_pernet(seq_file_net(seq));
	struct sipoff_proc_dlg *st = seq->private;
	struct sipoff_dialog *o = NULL;
	loff_t n;

	if (sipoff_dialogs_iter_init(sn, &st->di, NULL)) {
		/* No table: the header alone; sipoff_proc_dlg_stop() expects RCU held. */
		rcu_read_lock();
		return *pos ? NULL : SEQ_START_TOKEN;
	}
	st->walking = true;
	sipoff_dialogs_iter_start(&st->di);
	if (!*pos)
		return SEQ_START_TOKEN;
	for (n = *pos; n > 0; n--) {
		o = sipoff_dialogs_iter_next(&st->di);
		if (!o)
			break;
	}
	return o;
}

static void *sipoff_proc_dlg_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct sipoff_proc_dlg *st = seq->private;

	++*pos;
	return st->walking ? sipoff_dialogs_iter_next(&st->di) : NULL;
}

static void sipoff_proc_dlg_stop(struct seq_file *seq, void *v) __releases(RCU)
{
	struct sipoff_proc_dlg *st = seq->private;

	if (!st->walking) {
		rcu_read_unlock();
		return;
	}
	sipoff_dialogs_iter_stop(&st->di);
	sipoff_dialogs_iter_exit(&st->di);
	st->walking = false;
}

static int sipoff_proc_dlg_show(struct seq_file *seq, void *v)
{
	struct sipoff_dialog *o = v;
	u64 now = sipoff_dialogs_now_ms();
	unsigned int i;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "id state side usages age_ms call_id local_tag remote_tag route_set\n");
		return 0;
	}
	spin_lock_bh(&o->lock);
	if (o->dead || o->d.state == SIPOFF_DLG_S_ENDED) {
		/* Live dialogs only; ended ones linger for netlink dumps. */
		spin_unlock_bh(&o->lock);
		return 0;
	}
	seq_printf(seq, "%llu %s %s %u %llu %s %s %s ", o->id,
		   sipoff_dlg_state_name(o->d.state),
		   o->d.side == SIPOFF_DLG_UAC ? "uac" : "uas", sipoff_dlg_usages(&o->d),
		   now - min(now, o->d.created_ms), sipoff_dialog_cid(o),
		   sipoff_dialog_ltag(o), sipoff_dialog_rtag(o));
	for (i = 0; i < o->n_route; i++) {
		const u8 *p;
		u16 len;

		p = sipoff_dialog_var(o, SIPOFF_DVAR_ROUTE + i, &len);
		if (i)
			seq_putc(seq, ',');
		if (p)
			seq_write(seq, p, len);
	}
	if (!o->n_route)
		seq_putc(seq, '-');
	if (o->d.flags & SIPOFF_DLG_F_RR_TRUNCATED)
		seq_puts(seq, "...");
	seq_putc(seq, '\n');
	spin_unlock_bh(&o->lock);
	return 0;
}

static const struct seq_operations sipoff_proc_dlg_ops = {
	.start	= sipoff_proc_dlg_start,
	.next	= sipoff_proc_dlg_next,
	.stop	= sipoff_proc_dlg_stop,
	.show	= sipoff_proc_dlg_show,
};

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
	if (sn->dialogs) {
		seq_printf(seq, "%-24s %u\n", "dialog_early_timeout_ms",
			   READ_ONCE(sn->dialogs->early_timeout_ms));
		seq_printf(seq, "%-24s %u\n", "dialog_max_lifetime_ms",
			   READ_ONCE(sn->dialogs->max_lifetime_ms));
	}
	sipoff_overload_proc(seq, sn, cfg);
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
	pde = proc_create_net("dialogs", 0440, sn->proc_dir, &sipoff_proc_dlg_ops,
			      sizeof(struct sipoff_proc_dlg));
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
