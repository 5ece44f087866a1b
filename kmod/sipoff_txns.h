/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_txns.h - the transaction layer of the hooks (sipoff_txns.c).
 */
#ifndef _SIPOFF_TXNS_H
#define _SIPOFF_TXNS_H

#include <linux/rhashtable.h>
#include <linux/types.h>
#include <linux/netfilter.h>

struct sipoff_net;
struct sipoff_cfg;
struct sipoff_pkt;

/**
 * struct sipoff_txn_info - one transaction as /proc and netlink dumps show it
 * @key: the transaction key's hash
 * @age_ms: time since its creation
 * @call_id: its Call-ID (cut at 256 bytes); like @branch and @method, valid in the callback only
 * @branch: the top Via branch of its request (cut at 128 bytes)
 * @method: the method's name (the request's own token for an extension method)
 * @call_id_len: bytes at @call_id
 * @branch_len: bytes at @branch
 * @method_len: bytes at @method
 * @cseq: CSeq number
 * @resends: re-sends by the kernel so far
 * @armed: armed timers, bit N for enum sipoff_txn_timer N
 * @kept: SIPOFF_TRANSACTION_KEPT_* of the copies held
 * @kept_bytes: bytes charged for them
 * @last_code: struct sipoff_txn.resp_code
 * @side: enum sipoff_txn_side
 * @kind: enum sipoff_txn_kind
 * @state: enum sipoff_txn_state
 * @mode: enum sipoff_txn_mode
 * @method_id: enum sipoff_method
 * @dead: unhashed, about to be freed
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 * @peer: the peer's address: the request's source (server) or destination (client)
 * @peer_port: the peer's UDP port (network order)
 */
struct sipoff_txn_info {
	u64 key;
	u64 age_ms;
	const u8 *call_id;
	const u8 *branch;
	const u8 *method;
	u16 call_id_len;
	u8 branch_len;
	u8 method_len;
	u32 cseq;
	u32 resends;
	u32 armed;
	u32 kept;
	u32 kept_bytes;
	u16 last_code;
	u8 side;
	u8 kind;
	u8 state;
	u8 mode;
	u8 method_id;
	bool dead;
	u8 family;
	union nf_inet_addr peer;
	__be16 peer_port;
};

int sipoff_txns_global_init(void);
void sipoff_txns_global_uninit(void);
int sipoff_txns_init(struct sipoff_net *sn);
void sipoff_txns_uninit(struct sipoff_net *sn);
struct sipoff_ifs;
struct sock *sipoff_sock_find(struct net *net, u8 family, const union nf_inet_addr *laddr,
			      __be16 lport, const union nf_inet_addr *raddr, __be16 rport,
			      const struct sipoff_ifs *ifs);
unsigned int sipoff_txns_msg(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			     struct sipoff_pkt *pkt);

/**
 * struct sipoff_txns_iter - where a walk of a transaction table stands, between batches
 * @t: the table (NULL: none, an empty walk)
 * @it: the hash table's walker
 */
struct sipoff_txns_iter {
	struct sipoff_txns *t;
	struct rhashtable_iter it;
};

void sipoff_txns_iter_init(struct sipoff_net *sn, struct sipoff_txns_iter *wi);
void sipoff_txns_iter_exit(struct sipoff_txns_iter *wi);
int sipoff_txns_iter_walk(struct sipoff_txns_iter *wi,
			  int (*fn)(const struct sipoff_txn_info *ti, void *arg), void *arg,
			  bool *rewound);
u32 sipoff_txns_gen(struct sipoff_net *sn);

int sipoff_txns_cancel_invite(struct sipoff_net *sn, const u8 *call_id, u32 call_id_len,
			      const u8 *from_tag, u32 from_tag_len, u32 cseq);

#endif /* _SIPOFF_TXNS_H */
