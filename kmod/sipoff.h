/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff.h - state shared by the kernel-side files of sipoff: per network namespace
 * configuration and counters, and the entry points each file offers the others.
 */
#ifndef _SIPOFF_H
#define _SIPOFF_H

#include <linux/types.h>
#include <linux/percpu.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/sipoff.h>
#include <linux/netfilter.h>
#include "sipoff_parser.h"

#define SIPOFF_MAX_PORTS	16

/* Bounds every configuration value is validated against (module parameters and netlink). */
#define SIPOFF_T1_MIN_MS	10
#define SIPOFF_T2_MAX_MS	60000
#define SIPOFF_T4_MIN_MS	10
#define SIPOFF_T4_MAX_MS	60000
#define SIPOFF_TIMER_D_MAX_MS	600000
#define SIPOFF_TRYING_MAX_MS	60000
#define SIPOFF_TABLE_MAX	4194304
#define SIPOFF_BYTES_MIN	(64ULL << 10)
#define SIPOFF_BYTES_MAX	(64ULL << 30)
#define SIPOFF_LINGER_MAX_MS	3600000
#define SIPOFF_OVL_DELAY_MAX_MS	60000
#define SIPOFF_OVL_RETRY_MAX_S	86400
#define SIPOFF_OVL_RATE_MAX	1000000

/**
 * struct sipoff_cfg - one namespace's configuration; replaced whole under RCU on change
 * @mode: enum sipoff_mode
 * @nports: number of valid entries in @ports
 * @ports: local UDP ports carrying SIP, host order
 * @t1_ms: RFC 3261 T1
 * @t2_ms: RFC 3261 T2
 * @t4_ms: RFC 3261 T4
 * @timer_d_ms: Timer D
 * @trying_ms: offload mode: delay of the kernel's 100 Trying, 0 = never
 * @max_txns: cap on the transaction table
 * @max_dialogs: cap on the dialog table
 * @max_bytes: cap on stored bytes
 * @linger_ms: how long ended dialogs stay in dumps
 * @overload: overload protection on (semantics.md 2.3)
 * @ovl_high_pct: a socket becomes overloaded when its receive queue is this full (percent)
 * @ovl_low_pct: and stops being so at or below this fill (percent)
 * @ovl_delay_ms: or when its oldest datagram waited this long (0: fill only); below half of
 *	it the delay no longer holds the socket overloaded
 * @ovl_retry_after_s: Retry-After of the kernel's 503
 * @ovl_max_rate: most 503s per second in the namespace
 * @rcu: for kfree_rcu()
 */
struct sipoff_cfg {
	u32 mode;
	u32 nports;
	u16 ports[SIPOFF_MAX_PORTS];
	u32 t1_ms;
	u32 t2_ms;
	u32 t4_ms;
	u32 timer_d_ms;
	u32 trying_ms;
	u32 max_txns;
	u32 max_dialogs;
	u64 max_bytes;
	u32 linger_ms;
	u32 overload;
	u32 ovl_high_pct;
	u32 ovl_low_pct;
	u32 ovl_delay_ms;
	u32 ovl_retry_after_s;
	u32 ovl_max_rate;
	struct rcu_head rcu;
};

/* Counters, per CPU, summed on read; names in sipoff_stats.c (/proc and netlink use them). */
enum sipoff_stat {
	SIPOFF_STAT_PKTS_IN,
	SIPOFF_STAT_PKTS_OUT,
	SIPOFF_STAT_BYTES_IN,
	SIPOFF_STAT_BYTES_OUT,
	SIPOFF_STAT_REQUESTS_IN,
	SIPOFF_STAT_REQUESTS_OUT,
	SIPOFF_STAT_RESPONSES_IN,
	SIPOFF_STAT_RESPONSES_OUT,
	SIPOFF_STAT_KEEPALIVES,
	SIPOFF_STAT_STUN,
	SIPOFF_STAT_PARSE_ERRORS,
	SIPOFF_STAT_NONLINEAR,
	SIPOFF_STAT_UDP_BAD,
	SIPOFF_STAT_TXN_CREATED,
	SIPOFF_STAT_TXN_FREED,
	SIPOFF_STAT_ABSORBED_REQUESTS,
	SIPOFF_STAT_ABSORBED_RESPONSES,
	SIPOFF_STAT_ABSORBED_ACKS,
	SIPOFF_STAT_KERNEL_RESENDS,
	SIPOFF_STAT_KERNEL_BUILT,
	SIPOFF_STAT_RESENDS_LIMITED,
	SIPOFF_STAT_XMIT_ERRORS,
	SIPOFF_STAT_TIMEOUT_B,
	SIPOFF_STAT_TIMEOUT_F,
	SIPOFF_STAT_TIMEOUT_H,
	SIPOFF_STAT_TIMEOUT_NO_ACK,
	SIPOFF_STAT_CAP_TXNS,
	SIPOFF_STAT_CAP_BYTES,
	SIPOFF_STAT_NO_SOCKET,
	SIPOFF_STAT_OWN_PACKETS,
	SIPOFF_STAT_FOREIGN_COPIES,	/* a transaction's message from another source: passed */
	SIPOFF_STAT_UDP_CSUM_BAD,
	SIPOFF_STAT_OVL_REJECTED,
	SIPOFF_STAT_OVL_RATE_LIMITED,
	SIPOFF_STAT_OVL_TOO_BIG,
	SIPOFF_STAT_OVL_ACKS_ABSORBED,
	SIPOFF_STAT_OVL_ONSETS,
	SIPOFF_STAT_OVL_EVENTS_LIMITED,
	SIPOFF_STAT_NUM
};

struct sipoff_stats {
	u64 v[SIPOFF_STAT_NUM];
	u64 parse_err[SIPOFF_PERR_COUNT];	/* by enum sipoff_parse_err */
};

/* Every counter: SIPOFF_STAT_NUM named ones, then one per parse error reason. */
#define SIPOFF_STATS_ALL	(SIPOFF_STAT_NUM + SIPOFF_PERR_COUNT - SIPOFF_PERR_FIRST_ERROR)

/**
 * struct sipoff_pkt - one SIP datagram on its way through the hooks
 * @skb: the packet
 * @state: the netfilter hook state
 * @data: the UDP payload, linear (the skb's or this CPU's scratch copy)
 * @len: its length
 * @poff: offset of the UDP payload from skb->data
 * @msg: the parsed message
 * @in: seen at LOCAL_IN (else LOCAL_OUT)
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 * @laddr: local address
 * @raddr: remote address
 * @lport: local UDP port (network order)
 * @rport: remote UDP port (network order)
 * @retrans: set by the transaction layer: a copy of a message it has already seen
 * @matched: set by the transaction layer: the message belongs to a transaction it holds (one
 *	arriving came from that transaction's peer); only such a response creates a dialog
 */
struct sipoff_pkt {
	struct sk_buff *skb;
	const struct nf_hook_state *state;
	const u8 *data;
	u32 len;
	u32 poff;
	const struct sipoff_msg *msg;
	bool in;
	u8 family;
	union nf_inet_addr laddr;
	union nf_inet_addr raddr;
	__be16 lport;
	__be16 rport;
	bool retrans;
	bool matched;
};

/**
 * struct sipoff_net - per network namespace state
 * @net: the namespace
 * @cfg: current configuration (RCU)
 * @cfg_lock: serializes configuration changes
 * @stats: per-cpu counters
 * @proc_dir: /proc/net/sipoff
 * @txns: the transaction table (sipoff_txns.c)
 * @dialogs: the dialog table (sipoff_dialogs.c)
 * @hooks_on: the netfilter hooks are registered
 * @defrag6_on: nf_defrag_ipv6 is enabled for this namespace
 * @kept_bytes: bytes kept by transactions and dialogs, against @cfg's max_bytes
 * @xmit_sk4: the kernel socket the IPv4 packets sipoff sends leave from (sipoff_xmit.c)
 * @xmit_sk6: the same for IPv6 (NULL without IPv6)
 * @ovl: overload protection state (sipoff_overload.c)
 */
struct sipoff_net {
	struct net *net;
	struct sipoff_cfg __rcu *cfg;
	struct mutex cfg_lock;
	struct sipoff_stats __percpu *stats;
	struct proc_dir_entry *proc_dir;
	struct sipoff_txns *txns;
	struct sipoff_dialogs *dialogs;
	bool hooks_on;
	bool defrag6_on;
	atomic64_t kept_bytes;
	struct sock *xmit_sk4;
	struct sock *xmit_sk6;
	struct sipoff_overload *ovl;
};

/**
 * sipoff_rht_walk() - go on with a walk of a hash table (dumps of the transaction and dialog
 *	tables): call @fn on each object not yet visited
 * @it: the walker (rhashtable_walk_enter() done; kept between calls)
 * @fn: called under RCU; nonzero stops the walk, and that object is visited again by the next
 *	call (the batch was full)
 * @arg: for @fn
 * @rewound: set when the table was resized under the walk, which then started over and may
 *	visit some objects twice
 *
 * Return: 0 at the end of the table, else what @fn returned.
 */
static inline int sipoff_rht_walk(struct rhashtable_iter *it, int (*fn)(void *obj, void *arg),
				  void *arg, bool *rewound)
{
	void *obj;
	int ret = 0;

	rhashtable_walk_start(it);
	for (;;) {
		obj = rhashtable_walk_peek(it);
		if (IS_ERR(obj)) {
			if (PTR_ERR(obj) == -EAGAIN) {
				*rewound = true;
				continue;
			}
			ret = PTR_ERR(obj);
			break;
		}
		if (!obj)
			break;
		ret = fn(obj, arg);
		if (ret)
			break;
		/* Visited: step past it (a resize here shows at the next peek). */
		rhashtable_walk_next(it);
	}
	rhashtable_walk_stop(it);
	return ret;
}

extern unsigned int sipoff_net_id;

static inline struct sipoff_net *sipoff_pernet(const struct net *net)
{
	return net_generic(net, sipoff_net_id);
}

static inline void sipoff_stat_add(struct sipoff_net *sn, enum sipoff_stat s, u64 n)
{
	this_cpu_add(sn->stats->v[s], n);
}

static inline void sipoff_stat_inc(struct sipoff_net *sn, enum sipoff_stat s)
{
	this_cpu_inc(sn->stats->v[s]);
}

/* sipoff_stats.c */
extern const char *const sipoff_stat_names[SIPOFF_STAT_NUM];
const char *sipoff_stat_name(unsigned int i, char *buf, size_t len);
void sipoff_stats_read(struct sipoff_net *sn, u64 *out);

/* sipoff_main.c: configuration */
struct sipoff_cfg *sipoff_cfg_dup(struct sipoff_net *sn);
int sipoff_cfg_validate(const struct sipoff_cfg *cfg, const char **why);
int sipoff_cfg_install(struct sipoff_net *sn, struct sipoff_cfg *cfg);
const char *sipoff_mode_name(u32 mode);

/* sipoff_main.c: module-wide caps (module parameters) and kept bytes */
u32 sipoff_max_txns_total(void);
u32 sipoff_max_dialogs_total(void);
u64 sipoff_max_bytes_total(void);
bool sipoff_kept_room(struct sipoff_net *sn, u64 n);
bool sipoff_kept_charge(struct sipoff_net *sn, s64 n);
void sipoff_kept_uncharge(struct sipoff_net *sn, u64 n);
int sipoff_cfg_over_module_caps(const struct sipoff_cfg *cfg, bool txns, bool dialogs,
				bool bytes, const char **why);

/* sipoff_hooks.c */
int sipoff_hooks_init(struct sipoff_net *sn);
void sipoff_hooks_uninit(struct sipoff_net *sn);
int sipoff_scratch_init(void);
void sipoff_scratch_uninit(void);

/* sipoff_proc.c */
int sipoff_proc_init(struct sipoff_net *sn);
void sipoff_proc_uninit(struct sipoff_net *sn);

/* sipoff_netlink.c */
int sipoff_genl_init(void);
void sipoff_genl_uninit(void);
void sipoff_nl_txn_timeout(struct sipoff_net *sn, u8 kind, u8 timer, u8 method, u32 cseq,
			   const u8 *call_id, u32 call_id_len);

#endif /* _SIPOFF_H */
