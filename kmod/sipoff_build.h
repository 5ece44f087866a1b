/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_build.h - the SIP messages the kernel writes itself: 100 Trying (RFC 3261 8.2.6.1)
 * the ACK of a non-2xx final response (17.1.1.3) and the CANCEL of an INVITE (9.1).  Plain C,
 * from the parser's index.
 */
#ifndef _SIPOFF_BUILD_H
#define _SIPOFF_BUILD_H

#include "sipoff_plain.h"
#include "sipoff_parser.h"

u32 sipoff_build_100(const u8 *req, const struct sipoff_msg *m, u8 *out, u32 cap);
u32 sipoff_build_ack(const u8 *inv, const struct sipoff_msg *im, const u8 *resp,
		     const struct sipoff_msg *rm, u8 *out, u32 cap);

u32 sipoff_build_cancel(const u8 *inv, const struct sipoff_msg *im, u8 *out, u32 cap);

u32 sipoff_build_503(const u8 *req, const struct sipoff_msg *m, const u8 *tag, u32 tag_len,
		     u32 retry_after, u8 *out, u32 cap);

#endif /* _SIPOFF_BUILD_H */
