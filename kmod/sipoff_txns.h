/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_txns.h - the transaction layer of the hooks (sipoff_txns.c).
 */
#ifndef _SIPOFF_TXNS_H
#define _SIPOFF_TXNS_H

#include <linux/types.h>

struct sipoff_net;
struct sipoff_cfg;
struct sipoff_pkt;

int sipoff_txns_global_init(void);
void sipoff_txns_global_uninit(void);
int sipoff_txns_init(struct sipoff_net *sn);
void sipoff_txns_uninit(struct sipoff_net *sn);
unsigned int sipoff_txns_msg(struct sipoff_net *sn, const struct sipoff_cfg *cfg,
			     struct sipoff_pkt *pkt);

int sipoff_txns_cancel_invite(struct sipoff_net *sn, const u8 *call_id, u32 call_id_len,
			      const u8 *from_tag, u32 from_tag_len, u32 cseq);

#endif /* _SIPOFF_TXNS_H */
