/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_overload.h - overload protection (semantics.md 2.3): a new out-of-dialog INVITE for
 * a socket that cannot keep up is answered by the kernel with 503 + Retry-After.
 */
#ifndef _SIPOFF_OVERLOAD_H
#define _SIPOFF_OVERLOAD_H

#include <linux/types.h>
#include <linux/spinlock.h>

struct sipoff_net;
struct sipoff_cfg;
struct sipoff_pkt;
struct seq_file;

/* Most overload events per second and namespace; more are counted, not sent. */
#define SIPOFF_OVL_EVENTS_PER_S	10

/**
 * struct sipoff_overload - a namespace's overload protection state
 * @lock: guards the rate windows
 * @on_mask: bit N: the socket of configured port N is overloaded (hysteresis state)
 * @win_start: jiffies at the start of the current 503 rate window (one second)
 * @win_sent: 503s sent in that window
 * @ev_start: jiffies at the start of the current event window
 * @ev_sent: events sent in that window
 * @ts_on: this namespace holds a net_enable_timestamp() reference (queue delay signal)
 */
struct sipoff_overload {
	spinlock_t lock;
	unsigned long on_mask;
	unsigned long win_start;
	u32 win_sent;
	unsigned long ev_start;
	u32 ev_sent;
	bool ts_on;
};

int sipoff_overload_global_init(void);
void sipoff_overload_global_uninit(void);
int sipoff_overload_init(struct sipoff_net *sn);
void sipoff_overload_uninit(struct sipoff_net *sn);
void sipoff_overload_cfg_changed(struct sipoff_net *sn, const struct sipoff_cfg *cfg);
bool sipoff_overload_msg(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			 const struct sipoff_pkt *pkt);
unsigned long sipoff_overload_active(struct sipoff_net *sn);
void sipoff_overload_proc(struct seq_file *seq, struct sipoff_net *sn,
			  const struct sipoff_cfg *cfg);

/* sipoff_netlink.c */
void sipoff_nl_overload_event(struct sipoff_net *sn, bool on, u16 port, u32 fill_pct,
			      u32 delay_ms);

#endif /* _SIPOFF_OVERLOAD_H */
