/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the small API drift between the kernels sipoff supports (6.1 to 6.12).
 * Everything version-dependent lives here, so the other files read as plain current-kernel code.
 */
#ifndef _SIPOFF_COMPAT_H
#define _SIPOFF_COMPAT_H

#include <linux/version.h>
#include <linux/timer.h>
#include <net/genetlink.h>
#include <net/udp.h>

/*
 * Generic netlink operations: 6.2 introduced split do/dump operations (struct genl_split_ops,
 * with GENL_CMD_CAP_DO/DUMP flags), which is what ynl-generated families use.  6.1 has only
 * struct genl_ops, which carries the same per-command policy and maxattr.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define SIPOFF_HAVE_SPLIT_OPS 1
#define sipoff_genl_op genl_split_ops
#define SIPOFF_GENL_DO(_cmd, _doit, _policy, _maxattr, _flags)			\
	{ .cmd = (_cmd), .doit = (_doit), .policy = (_policy),			\
	  .maxattr = (_maxattr), .flags = (_flags) | GENL_CMD_CAP_DO }
#define SIPOFF_GENL_DUMP(_cmd, _start, _dumpit, _done, _policy, _maxattr, _flags)	\
	{ .cmd = (_cmd), .start = (_start), .dumpit = (_dumpit), .done = (_done),	\
	  .policy = (_policy), .maxattr = (_maxattr), .flags = (_flags) | GENL_CMD_CAP_DUMP }
#define SIPOFF_GENL_FAMILY_OPS(_ops) .split_ops = (_ops), .n_split_ops = ARRAY_SIZE(_ops)
#else
#define sipoff_genl_op genl_ops
#define SIPOFF_GENL_DO(_cmd, _doit, _policy, _maxattr, _flags)			\
	{ .cmd = (_cmd), .doit = (_doit), .policy = (_policy),			\
	  .maxattr = (_maxattr), .flags = (_flags) }
#define SIPOFF_GENL_DUMP(_cmd, _start, _dumpit, _done, _policy, _maxattr, _flags)	\
	{ .cmd = (_cmd), .start = (_start), .dumpit = (_dumpit), .done = (_done),	\
	  .policy = (_policy), .maxattr = (_maxattr), .flags = (_flags) }
#define SIPOFF_GENL_FAMILY_OPS(_ops) .ops = (_ops), .n_ops = ARRAY_SIZE(_ops)
#endif

/*
 * The events group carries phone numbers: joining it needs CAP_NET_ADMIN in the namespace's
 * user namespace (GENL_MCAST_CAP_NET_ADMIN, 6.7, backported to the 6.1 and 6.6 stable series:
 * Debian 12's 6.1 has it).  A kernel without it would let anyone join: refuse to build there.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "genetlink here cannot restrict the events group (no GENL_MCAST_CAP_NET_ADMIN): use a kernel with the 6.7 fix or its stable backport"
#endif

/* UDP socket tables: per network namespace since 6.2, one global table before. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define sipoff_udp_table(net) ((net)->ipv4.udp_table)
#else
#define sipoff_udp_table(net) ((void)(net), &udp_table)
#endif

/* Timers: timer_container_of() replaced from_timer() after 6.12. */
#ifndef timer_container_of
#define timer_container_of(var, t, field) from_timer(var, t, field)
#endif

#endif /* _SIPOFF_COMPAT_H */
