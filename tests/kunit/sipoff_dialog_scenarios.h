/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_dialog_scenarios.h - dialog scenarios shared by the KUnit suite
 * (tests/kunit/sipoff_dialog_kunit.c) and the userspace unit test (tests/unit/test_dialog.c).
 *
 * A scenario is a list of steps (a message, a fork's final response, a transaction timeout, a
 * timer, an operator action) applied to up to DS_MAX_DLG dialogs, each followed by checks of
 * the notifications returned (exactly) and of the dialog's state.  Times are ms from the start
 * with T1 = 50 ms (64·T1 = 3200 ms), early timeout 10 s, linger 1 s, subscription grace 64·T1.
 *
 * The includer provides snprintf() (stdio.h in userspace, linux/kernel.h in the kernel).
 *
 * Transitions and where they are exercised:
 *   (none) -> early          1xx with To tag: uac_basic, uas_basic, fork3_*
 *   (none) -> confirmed      2xx: uac_direct_2xx; SUBSCRIBE 2xx: sub_expiry; NOTIFY:
 *                            notify_creates, notify_then_2xx
 *   early -> confirmed       uac_basic, uas_basic, cancel_races_200, fork3_answer (two 2xx)
 *   early -> ended           486: busy_486; 487: cancel_487, cancel_uas_branch; another fork's
 *                            non-2xx: fork3_rejected, fork3_cancel; fork loser: fork3_answer,
 *                            fork3_own_final; Timer B: timer_b_early; early timeout:
 *                            early_timeout; BYE: early_bye; 481: early_update_prack_481;
 *                            max lifetime: early_max_lifetime; operator: operator_cancel
 *   confirmed -> ended       BYE: uac_basic, uas_basic, bye_before_ack*, bye_crossing; 481:
 *                            reinvite_481_ends_all; 408: info_408; Timer F: timer_f; max
 *                            lifetime; operator: operator_bye; flush;
 *                            last usage: sub_outlives_bye, refer, sub_expiry,
 *                            sub_failed_ends_dialog, sub_reciprocal
 *   confirmed -> confirmed   refresh: reinvite_491_488_refresh; usages added/ended without
 *                            ending: sub_failures, refer_no_id, sub_full, notify_before_2xx;
 *                            ignored: stale_cseq, cancel_after_200_481, no ACK reported
 *                            only: no_ack_report_only, no_ack_kept_until_bye
 *   ended -> (freed)         linger over, N_REAP: uac_basic, no_ack_kept_until_bye,
 *                            early_timeout, flush
 */
#ifndef _SIPOFF_DIALOG_SCENARIOS_H
#define _SIPOFF_DIALOG_SCENARIOS_H

#include "sipoff_dialog.h"

#define DS_MAX_DLG	4
#define DS_BASE		1000000ULL	/* scenario time 0; 0 means "none" in struct sipoff_dlg */
#define DS_T1		50
#define DS_64T1		(64 * DS_T1)
#define DS_EARLY	10000
#define DS_LINGER	1000

enum ds_op {
	DS_END = 0,	/* end of the step list */
	DS_CREATE,
	DS_REQ,
	DS_RESP,
	DS_FORK_FINAL,	/* code, cseq */
	DS_TXN_TIMEOUT,	/* method, cseq, dir (of the request) */
	DS_TIMER,	/* .deadline: next_deadline() must be .t, nothing due at .t - 1 */
	DS_TERMINATE,	/* .reason_arg */
	DS_OPERATOR,
};

/* Short names for the tables. */
#define DS_IN		SIPOFF_DLG_IN
#define DS_OUT		SIPOFF_DLG_OUT
#define DS_UAC		SIPOFF_DLG_UAC
#define DS_UAS		SIPOFF_DLG_UAS
#define DS_M(x)		SIPOFF_DLG_M_##x
#define DS_N(x)		SIPOFF_DLG_N_##x
#define DS_R(x)		SIPOFF_DLG_R_##x
#define DS_BY(x)	(SIPOFF_DLG_BY_##x)
#define DS_F(x)		SIPOFF_DLG_F_##x
#define DS_EV(x)	SIPOFF_DLG_EV_##x
#define DS_SS(x)	SIPOFF_DLG_SS_##x
#define DS_TAG		SIPOFF_DLG_EV_TO_TAG
/* Expected state / usage count are stored + 1 so that 0 means "not checked". */
#define DS_ST(x)	(SIPOFF_DLG_S_##x + 1)
#define DS_U(n)		((n) + 1)

/* Notification sets that recur. */
#define DS_NEW_EARLY_IN		(DS_N(NEW) | DS_N(EARLY) | DS_N(ROUTE_SET) | DS_N(TARGET) | \
				 DS_N(USAGE_ADDED))
#define DS_NEW_CONF_IN		(DS_N(NEW) | DS_N(CONFIRMED) | DS_N(ROUTE_SET) | DS_N(TARGET) | \
				 DS_N(USAGE_ADDED))
#define DS_CONF_IN		(DS_N(CONFIRMED) | DS_N(ROUTE_SET) | DS_N(TARGET))
#define DS_ENDED		(DS_N(USAGE_ENDED) | DS_N(ENDED))

struct ds_step {
	u32 t;
	u8 op;
	u8 dlg;
	u8 method;
	u8 dir;
	u16 code;
	u8 side;
	u8 sub_state;
	u32 cseq;
	u32 key;
	u32 expires;	/* Expires, or Subscription-State expires for a NOTIFY */
	u16 fl;		/* SIPOFF_DLG_EV_*; HAS_EXPIRES/HAS_SUB_EXPIRES added when .expires_set */
	u8 expires_set;
	u8 deadline;
	u8 reason_arg;
	/* checks */
	u32 n;		/* exact notifications */
	u8 st;		/* DS_ST(), 0: unchecked */
	u8 reason;	/* end_reason, 0: unchecked */
	u8 by;		/* end_by, 0: unchecked */
	u8 usages;	/* DS_U(), 0: unchecked */
	u16 flags;	/* these SIPOFF_DLG_F_* must be set */
	u16 bye_code;	/* 0: unchecked */
	u16 final_code;	/* 0: unchecked */
};

struct ds_scenario {
	const char *name;
	const struct ds_step *steps;
	u32 max_lifetime_ms;
};

/* A basic UAC call up to ACK: dialog 0, INVITE CSeq 1, ringing at 0, answered at 10, ACK at 20. */
#define DS_UAC_CALL \
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN, \
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN, .st = DS_ST(EARLY), \
	  .usages = DS_U(1) }, \
	{ .t = 10, .op = DS_RESP, .method = DS_M(INVITE), .code = 200, .dir = DS_IN, .cseq = 1, \
	  .fl = DS_TAG, .n = DS_CONF_IN, .st = DS_ST(CONFIRMED), .final_code = 200 }, \
	{ .t = 20, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1, .fl = DS_TAG, \
	  .n = DS_N(ACK) }

/* --- Basic calls ------------------------------------------------------------------------- */

static const struct ds_step ds_uac_basic[] = {
	DS_UAC_CALL,
	{ .t = 30, .op = DS_RESP, .method = DS_M(INVITE), .code = 200, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = 0, .st = DS_ST(CONFIRMED) },
	{ .t = 40, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 1000, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_ENDED, .st = DS_ST(ENDED), .reason = DS_R(BYE), .by = DS_BY(LOCAL),
	  .usages = DS_U(0) },
	{ .t = 1010, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 200 },
	{ .t = 1999, .op = DS_TIMER, .n = 0 },
	{ .t = 1000 + DS_LINGER, .op = DS_TIMER, .deadline = 1, .n = DS_N(REAP) },
	{ .op = DS_END }
};

static const struct ds_step ds_uas_basic[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_OUT,
	  .side = DS_UAS, .cseq = 10, .fl = DS_TAG,
	  .n = DS_N(NEW) | DS_N(EARLY) | DS_N(ROUTE_SET) | DS_N(USAGE_ADDED),
	  .st = DS_ST(EARLY) },
	{ .t = 10, .op = DS_RESP, .method = DS_M(INVITE), .code = 200, .dir = DS_OUT, .cseq = 10,
	  .fl = DS_TAG, .n = DS_N(CONFIRMED), .st = DS_ST(CONFIRMED) },
	{ .t = 15, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 10, .fl = DS_TAG,
	  .n = 0 },	/* the UAS does not send the ACK */
	{ .t = 20, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_IN, .cseq = 10, .fl = DS_TAG,
	  .n = DS_N(ACK) },
	{ .t = 500, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 11, .fl = DS_TAG,
	  .n = DS_ENDED, .st = DS_ST(ENDED), .reason = DS_R(BYE), .by = DS_BY(REMOTE) },
	{ .t = 510, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_OUT, .cseq = 11,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 200 },
	{ .t = 520, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 11, .fl = DS_TAG,
	  .n = 0 },	/* retransmission on the lingering dialog */
	{ .op = DS_END }
};

static const struct ds_step ds_uac_direct_2xx[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 200, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_CONF_IN, .st = DS_ST(CONFIRMED),
	  .final_code = 200, .usages = DS_U(1) },
	{ .t = 5, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1, .fl = DS_TAG,
	  .n = DS_N(ACK) },
	{ .t = 100, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 7, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(BYE), .by = DS_BY(REMOTE) },
	{ .op = DS_END }
};

static const struct ds_step ds_busy[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 10, .op = DS_RESP, .method = DS_M(INVITE), .code = 486, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = DS_ENDED, .st = DS_ST(ENDED), .reason = DS_R(REJECTED),
	  .by = DS_BY(REMOTE), .final_code = 486 },
	{ .t = 11, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 12, .op = DS_RESP, .method = DS_M(INVITE), .code = 486, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = 0, .st = DS_ST(ENDED) },
	{ .op = DS_END }
};

/* --- CANCEL ------------------------------------------------------------------------------ */

static const struct ds_step ds_cancel[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 100, .op = DS_REQ, .method = DS_M(CANCEL), .dir = DS_OUT, .cseq = 1, .n = 0,
	  .st = DS_ST(EARLY), .flags = DS_F(CANCEL) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(CANCEL), .code = 200, .dir = DS_IN, .cseq = 1,
	  .n = 0, .st = DS_ST(EARLY) },
	{ .t = 120, .op = DS_RESP, .method = DS_M(INVITE), .code = 487, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = DS_ENDED, .st = DS_ST(ENDED), .reason = DS_R(CANCEL),
	  .by = DS_BY(LOCAL), .final_code = 487 },
	{ .op = DS_END }
};

/* The local UAS is one branch of a fork: the proxy CANCELs it. */
static const struct ds_step ds_cancel_uas[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_OUT,
	  .side = DS_UAS, .cseq = 3, .fl = DS_TAG,
	  .n = DS_N(NEW) | DS_N(EARLY) | DS_N(ROUTE_SET) | DS_N(USAGE_ADDED) },
	{ .t = 100, .op = DS_REQ, .method = DS_M(CANCEL), .dir = DS_IN, .cseq = 3, .n = 0 },
	{ .t = 101, .op = DS_RESP, .method = DS_M(INVITE), .code = 487, .dir = DS_OUT, .cseq = 3,
	  .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(CANCEL), .by = DS_BY(REMOTE) },
	{ .op = DS_END }
};

/* CANCEL sent, but the callee's 200 crossed it: the call is up; the caller then hangs up. */
static const struct ds_step ds_cancel_race_200[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 100, .op = DS_REQ, .method = DS_M(CANCEL), .dir = DS_OUT, .cseq = 1, .n = 0 },
	{ .t = 101, .op = DS_RESP, .method = DS_M(INVITE), .code = 200, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = DS_CONF_IN, .st = DS_ST(CONFIRMED),
	  .flags = DS_F(CANCEL) | DS_F(CANCEL_RACE) },
	{ .t = 102, .op = DS_RESP, .method = DS_M(CANCEL), .code = 200, .dir = DS_IN, .cseq = 1,
	  .n = 0, .st = DS_ST(CONFIRMED) },
	{ .t = 103, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1, .fl = DS_TAG,
	  .n = DS_N(ACK) },
	{ .t = 104, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(BYE), .by = DS_BY(LOCAL) },
	{ .t = 105, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 200 },
	{ .op = DS_END }
};

/* The 200 arrives first, the CANCEL after it gets a 481: the dialog stays up. */
static const struct ds_step ds_cancel_after_200[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 100, .op = DS_RESP, .method = DS_M(INVITE), .code = 200, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = DS_CONF_IN },
	{ .t = 101, .op = DS_REQ, .method = DS_M(CANCEL), .dir = DS_OUT, .cseq = 1, .n = 0,
	  .flags = DS_F(CANCEL_RACE) },
	{ .t = 102, .op = DS_RESP, .method = DS_M(CANCEL), .code = 481, .dir = DS_IN, .cseq = 1,
	  .n = 0, .st = DS_ST(CONFIRMED), .usages = DS_U(1) },
	{ .t = 103, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1, .fl = DS_TAG,
	  .n = DS_N(ACK) },
	{ .op = DS_END }
};

/* --- ACK -------------------------------------------------------------------------------- */

static const struct ds_step ds_bye_before_ack[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 200, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_CONF_IN },
	{ .t = 50, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 4, .fl = DS_TAG,
	  .n = DS_ENDED | DS_N(BYE_BEFORE_ACK), .reason = DS_R(BYE), .by = DS_BY(REMOTE),
	  .flags = DS_F(BYE_BEFORE_ACK) },
	{ .t = 60, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1, .fl = DS_TAG,
	  .n = 0 },
	{ .op = DS_END }
};

/* The callee hangs up before the caller's ACK reached it. */
static const struct ds_step ds_bye_before_ack_uas[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 200, .dir = DS_OUT,
	  .side = DS_UAS, .cseq = 1, .fl = DS_TAG,
	  .n = DS_N(NEW) | DS_N(CONFIRMED) | DS_N(ROUTE_SET) | DS_N(USAGE_ADDED) },
	{ .t = 50, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 1000, .fl = DS_TAG,
	  .n = DS_ENDED | DS_N(BYE_BEFORE_ACK), .reason = DS_R(BYE), .by = DS_BY(LOCAL) },
	{ .op = DS_END }
};

/*
 * Contract §5: no ACK 64·T1 after the 2xx (it went where sipoff does not look) is reported and
 * ends nothing; the call ends with its BYE (issue 10 item 3).
 */
static const struct ds_step ds_no_ack[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 200, .dir = DS_OUT,
	  .side = DS_UAS, .cseq = 1, .fl = DS_TAG,
	  .n = DS_N(NEW) | DS_N(CONFIRMED) | DS_N(ROUTE_SET) | DS_N(USAGE_ADDED) },
	{ .t = DS_64T1, .op = DS_TIMER, .deadline = 1, .n = DS_N(ACK_MISSING),
	  .st = DS_ST(CONFIRMED), .usages = DS_U(1), .flags = DS_F(ACK_MISSING) },
	{ .t = 3 * DS_64T1, .op = DS_TIMER, .n = 0, .st = DS_ST(CONFIRMED) },
	{ .t = 3 * DS_64T1 + 10, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2,
	  .fl = DS_TAG, .n = DS_ENDED | DS_N(BYE_BEFORE_ACK), .reason = DS_R(BYE),
	  .by = DS_BY(LOCAL) },
	{ .t = 3 * DS_64T1 + 10 + DS_LINGER, .op = DS_TIMER, .deadline = 1, .n = DS_N(REAP) },
	{ .op = DS_END }
};

/* The UAC side: reported once, the call goes on; a late ACK is recorded. */
static const struct ds_step ds_no_ack_report_only[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 200, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_CONF_IN },
	{ .t = DS_64T1, .op = DS_TIMER, .deadline = 1, .n = DS_N(ACK_MISSING),
	  .st = DS_ST(CONFIRMED), .usages = DS_U(1) },
	{ .t = 2 * DS_64T1, .op = DS_TIMER, .n = 0 },
	{ .t = 2 * DS_64T1, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1,
	  .fl = DS_TAG, .n = DS_N(ACK) },
	{ .t = 2 * DS_64T1 + 1, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2,
	  .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(BYE) },
	{ .op = DS_END }
};

/* --- Forking: three branches ------------------------------------------------------------- */

#define DS_FORK3_EARLY \
	{ .t = 0, .op = DS_CREATE, .dlg = 0, .method = DS_M(INVITE), .code = 180, .dir = DS_IN, \
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN }, \
	{ .t = 5, .op = DS_CREATE, .dlg = 1, .method = DS_M(INVITE), .code = 180, .dir = DS_IN, \
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN }, \
	{ .t = 10, .op = DS_CREATE, .dlg = 2, .method = DS_M(INVITE), .code = 183, .dir = DS_IN, \
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN }

/* Branch 1 answers; branch 2 answers too later (two confirmed dialogs); branch 0 is a loser. */
static const struct ds_step ds_fork3_answer[] = {
	DS_FORK3_EARLY,
	{ .t = 100, .op = DS_RESP, .dlg = 1, .method = DS_M(INVITE), .code = 200, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = DS_CONF_IN, .st = DS_ST(CONFIRMED) },
	{ .t = 100, .op = DS_FORK_FINAL, .dlg = 0, .code = 200, .cseq = 1, .n = 0,
	  .st = DS_ST(EARLY), .flags = DS_F(FORK_2XX) },
	{ .t = 100, .op = DS_FORK_FINAL, .dlg = 2, .code = 200, .cseq = 1, .n = 0,
	  .st = DS_ST(EARLY) },
	{ .t = 110, .op = DS_REQ, .dlg = 1, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1,
	  .fl = DS_TAG, .n = DS_N(ACK) },
	{ .t = 200, .op = DS_RESP, .dlg = 2, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = 0, .st = DS_ST(EARLY) },
	{ .t = 300, .op = DS_RESP, .dlg = 2, .method = DS_M(INVITE), .code = 200, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = DS_CONF_IN, .st = DS_ST(CONFIRMED) },
	{ .t = 300, .op = DS_FORK_FINAL, .dlg = 0, .code = 200, .cseq = 1, .n = 0 },
	{ .t = 310, .op = DS_REQ, .dlg = 2, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 1,
	  .fl = DS_TAG, .n = DS_N(ACK) },
	{ .t = 320, .op = DS_REQ, .dlg = 2, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2,
	  .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(BYE) },
	/* 64·T1 after the first 2xx, not the second. */
	{ .t = 100 + DS_64T1, .op = DS_TIMER, .dlg = 0, .deadline = 1, .n = DS_ENDED,
	  .st = DS_ST(ENDED), .reason = DS_R(FORK_LOSER), .by = DS_BY(TIMER) },
	{ .t = 100 + DS_64T1, .op = DS_TIMER, .dlg = 1, .n = 0, .st = DS_ST(CONFIRMED) },
	{ .t = 200 + DS_64T1, .op = DS_REQ, .dlg = 1, .method = DS_M(BYE), .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(BYE), .by = DS_BY(REMOTE) },
	{ .op = DS_END }
};

/* Branch 1 answers; branch 2 gets its own final response before 64·T1. */
static const struct ds_step ds_fork3_own_final[] = {
	DS_FORK3_EARLY,
	{ .t = 100, .op = DS_RESP, .dlg = 1, .method = DS_M(INVITE), .code = 200, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = DS_CONF_IN },
	{ .t = 100, .op = DS_FORK_FINAL, .dlg = 0, .code = 200, .cseq = 1, .n = 0 },
	{ .t = 100, .op = DS_FORK_FINAL, .dlg = 2, .code = 200, .cseq = 1, .n = 0 },
	{ .t = 500, .op = DS_RESP, .dlg = 2, .method = DS_M(INVITE), .code = 480, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(REJECTED), .final_code = 480 },
	{ .t = 100 + DS_64T1, .op = DS_TIMER, .dlg = 0, .deadline = 1, .n = DS_ENDED,
	  .reason = DS_R(FORK_LOSER) },
	{ .t = 100 + DS_64T1, .op = DS_TIMER, .dlg = 2, .n = DS_N(REAP) },	/* lingered */
	{ .op = DS_END }
};

/* No branch answers: the proxy forwards branch 1's 486; all early dialogs end (§13.2.2.3). */
static const struct ds_step ds_fork3_rejected[] = {
	DS_FORK3_EARLY,
	{ .t = 100, .op = DS_RESP, .dlg = 1, .method = DS_M(INVITE), .code = 486, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(REJECTED), .final_code = 486 },
	{ .t = 100, .op = DS_FORK_FINAL, .dlg = 0, .code = 486, .cseq = 1, .n = DS_ENDED,
	  .st = DS_ST(ENDED), .reason = DS_R(REJECTED), .final_code = 486 },
	{ .t = 100, .op = DS_FORK_FINAL, .dlg = 2, .code = 486, .cseq = 1, .n = DS_ENDED,
	  .st = DS_ST(ENDED), .reason = DS_R(REJECTED) },
	{ .t = 100, .op = DS_FORK_FINAL, .dlg = 1, .code = 486, .cseq = 1, .n = 0 },
	{ .op = DS_END }
};

/* The caller CANCELs a forked call: CANCEL goes to every early dialog, one 487 comes back. */
static const struct ds_step ds_fork3_cancel[] = {
	DS_FORK3_EARLY,
	{ .t = 100, .op = DS_REQ, .dlg = 0, .method = DS_M(CANCEL), .dir = DS_OUT, .cseq = 1 },
	{ .t = 100, .op = DS_REQ, .dlg = 1, .method = DS_M(CANCEL), .dir = DS_OUT, .cseq = 1 },
	{ .t = 100, .op = DS_REQ, .dlg = 2, .method = DS_M(CANCEL), .dir = DS_OUT, .cseq = 1 },
	{ .t = 150, .op = DS_RESP, .dlg = 2, .method = DS_M(INVITE), .code = 487, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(CANCEL), .by = DS_BY(LOCAL) },
	{ .t = 150, .op = DS_FORK_FINAL, .dlg = 0, .code = 487, .cseq = 1, .n = DS_ENDED,
	  .reason = DS_R(CANCEL), .by = DS_BY(LOCAL) },
	{ .t = 150, .op = DS_FORK_FINAL, .dlg = 1, .code = 487, .cseq = 1, .n = DS_ENDED,
	  .reason = DS_R(CANCEL) },
	{ .op = DS_END }
};

/* --- In-dialog failures (RFC 5057 §5.1) -------------------------------------------------- */

/* A 481 to a re-INVITE ends the dialog and every usage, subscriptions included. */
static const struct ds_step ds_481_reinvite[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 7,
	  .expires = 600, .expires_set = 1, .fl = DS_TAG, .n = 0, .usages = DS_U(2) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .cseq = 2, .key = 7, .expires = 600, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_N(USAGE_ADDED) },
	{ .t = 120, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 50, .key = 7,
	  .sub_state = DS_SS(ACTIVE), .expires = 590, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 121, .op = DS_RESP, .method = DS_M(NOTIFY), .code = 200, .dir = DS_OUT,
	  .cseq = 50, .fl = DS_TAG, .n = 0 },
	{ .t = 200, .op = DS_REQ, .method = DS_M(INVITE), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 210, .op = DS_RESP, .method = DS_M(INVITE), .code = 481, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = DS_ENDED, .st = DS_ST(ENDED), .reason = DS_R(481),
	  .by = DS_BY(REMOTE), .usages = DS_U(0) },
	{ .op = DS_END }
};

/* 491 and 488 to re-INVITEs end nothing; a 2xx is a target refresh; so is UPDATE's. */
static const struct ds_step ds_491_488_refresh[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(INVITE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 110, .op = DS_RESP, .method = DS_M(INVITE), .code = 491, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = 0, .st = DS_ST(CONFIRMED), .usages = DS_U(1) },
	{ .t = 120, .op = DS_REQ, .method = DS_M(INVITE), .dir = DS_IN, .cseq = 5, .fl = DS_TAG,
	  .n = DS_N(TARGET) },
	{ .t = 130, .op = DS_RESP, .method = DS_M(INVITE), .code = 488, .dir = DS_OUT, .cseq = 5,
	  .fl = DS_TAG, .n = 0, .st = DS_ST(CONFIRMED) },
	{ .t = 140, .op = DS_REQ, .method = DS_M(INVITE), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 150, .op = DS_RESP, .method = DS_M(INVITE), .code = 200, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = DS_N(REFRESHED) | DS_N(TARGET) },
	{ .t = 151, .op = DS_RESP, .method = DS_M(INVITE), .code = 200, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = 0 },	/* retransmission */
	{ .t = 152, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 160, .op = DS_REQ, .method = DS_M(UPDATE), .dir = DS_IN, .cseq = 6, .fl = DS_TAG,
	  .n = DS_N(TARGET) },
	{ .t = 170, .op = DS_RESP, .method = DS_M(UPDATE), .code = 200, .dir = DS_OUT, .cseq = 6,
	  .fl = DS_TAG, .n = DS_N(REFRESHED) },
	{ .t = 180, .op = DS_REQ, .method = DS_M(INFO), .dir = DS_OUT, .cseq = 4, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 190, .op = DS_RESP, .method = DS_M(INFO), .code = 404, .dir = DS_IN, .cseq = 4,
	  .fl = DS_TAG, .n = 0, .st = DS_ST(CONFIRMED) },
	{ .op = DS_END }
};

static const struct ds_step ds_408_info[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(INFO), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG },
	{ .t = 200, .op = DS_RESP, .method = DS_M(INFO), .code = 408, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(TIMEOUT), .by = DS_BY(REMOTE) },
	{ .op = DS_END }
};

static const struct ds_step ds_timer_f[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(OPTIONS), .dir = DS_OUT, .cseq = 2,
	  .fl = DS_TAG },
	{ .t = 100 + DS_64T1, .op = DS_TXN_TIMEOUT, .method = DS_M(OPTIONS), .dir = DS_OUT,
	  .cseq = 2, .n = DS_ENDED, .reason = DS_R(TIMEOUT), .by = DS_BY(TIMER) },
	{ .op = DS_END }
};

static const struct ds_step ds_timer_b_early[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = DS_64T1, .op = DS_TXN_TIMEOUT, .method = DS_M(INVITE), .dir = DS_OUT, .cseq = 1,
	  .n = DS_ENDED, .reason = DS_R(TIMEOUT), .by = DS_BY(TIMER) },
	{ .op = DS_END }
};

/* In an early dialog: PRACK, the callee's UPDATE refreshes the target, a PRACK's 481 ends it. */
static const struct ds_step ds_early_update_prack_481[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 183, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 10, .op = DS_REQ, .method = DS_M(PRACK), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG },
	{ .t = 20, .op = DS_RESP, .method = DS_M(PRACK), .code = 200, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG },
	{ .t = 30, .op = DS_REQ, .method = DS_M(UPDATE), .dir = DS_IN, .cseq = 9, .fl = DS_TAG,
	  .n = DS_N(TARGET) },
	{ .t = 40, .op = DS_RESP, .method = DS_M(UPDATE), .code = 200, .dir = DS_OUT, .cseq = 9,
	  .fl = DS_TAG, .n = DS_N(REFRESHED), .st = DS_ST(EARLY) },
	{ .t = 50, .op = DS_REQ, .method = DS_M(PRACK), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG },
	{ .t = 60, .op = DS_RESP, .method = DS_M(PRACK), .code = 481, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(481) },
	{ .op = DS_END }
};

/* The caller BYEs an early dialog (§15); the INVITE's 487 that follows changes nothing. */
static const struct ds_step ds_early_bye[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 10, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(BYE), .by = DS_BY(LOCAL) },
	{ .t = 20, .op = DS_RESP, .method = DS_M(INVITE), .code = 487, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = 0, .reason = DS_R(BYE) },
	{ .op = DS_END }
};

/* BYE challenged (401), re-sent with a new CSeq: that one's 200 is the BYE's response. */
static const struct ds_step ds_bye_auth[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_ENDED },
	{ .t = 110, .op = DS_RESP, .method = DS_M(BYE), .code = 401, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = 0 },
	{ .t = 120, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 130, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 200 },
	{ .op = DS_END }
};

/* The same while a subscription keeps the dialog: the re-sent BYE is the one recorded. */
static const struct ds_step ds_bye_auth_with_sub[] = {
	DS_UAC_CALL,
	{ .t = 50, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_IN, .cseq = 3, .key = 2,
	  .fl = DS_TAG },
	{ .t = 60, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_OUT,
	  .cseq = 3, .fl = DS_TAG, .n = DS_N(USAGE_ADDED) },
	{ .t = 100, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_N(USAGE_ENDED), .st = DS_ST(CONFIRMED) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(BYE), .code = 407, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = 0, .st = DS_ST(CONFIRMED) },
	{ .t = 120, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 130, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 200, .usages = DS_U(1) },
	{ .op = DS_END }
};

static const struct ds_step ds_bye_481[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(BYE) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(BYE), .code = 481, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 481, .reason = DS_R(BYE) },
	{ .op = DS_END }
};

/* Both hang up at once: the BYEs cross; only our BYE's response is recorded. */
static const struct ds_step ds_bye_crossing[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(BYE), .by = DS_BY(LOCAL), .flags = DS_F(BYE_OUT) },
	{ .t = 101, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 9, .fl = DS_TAG,
	  .n = 0 },
	{ .t = 102, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_OUT, .cseq = 9,
	  .fl = DS_TAG, .n = 0 },
	{ .t = 103, .op = DS_RESP, .method = DS_M(BYE), .code = 481, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 481, .by = DS_BY(LOCAL) },
	{ .op = DS_END }
};

/* A BYE whose CSeq is below one already seen from the peer changes nothing. */
static const struct ds_step ds_stale_cseq[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 200, .dir = DS_OUT,
	  .side = DS_UAS, .cseq = 10, .fl = DS_TAG,
	  .n = DS_N(NEW) | DS_N(CONFIRMED) | DS_N(ROUTE_SET) | DS_N(USAGE_ADDED) },
	{ .t = 10, .op = DS_REQ, .method = DS_M(ACK), .dir = DS_IN, .cseq = 10, .fl = DS_TAG,
	  .n = DS_N(ACK) },
	{ .t = 20, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 5, .fl = DS_TAG,
	  .n = DS_N(STALE), .st = DS_ST(CONFIRMED) },
	{ .t = 30, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 11, .fl = DS_TAG,
	  .n = DS_ENDED },
	{ .op = DS_END }
};

/* --- Subscription usages (RFC 5057, RFC 6665) -------------------------------------------- */

/* The peer subscribes inside the call; the usage outlives the BYE until a NOTIFY ends it. */
static const struct ds_step ds_sub_outlives_bye[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_IN, .cseq = 5, .key = 9,
	  .expires = 600, .expires_set = 1, .fl = DS_TAG, .n = 0, .usages = DS_U(2) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_OUT,
	  .cseq = 5, .key = 9, .expires = 600, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_N(USAGE_ADDED) },
	{ .t = 120, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_OUT, .cseq = 2, .key = 9,
	  .sub_state = DS_SS(ACTIVE), .expires = 600, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 1000, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG,
	  .n = DS_N(USAGE_ENDED), .st = DS_ST(CONFIRMED), .usages = DS_U(1),
	  .flags = DS_F(INVITE_ENDED) },
	{ .t = 1010, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 200 },
	{ .t = 5000, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_OUT, .cseq = 4, .key = 9,
	  .sub_state = DS_SS(TERMINATED), .fl = DS_TAG, .n = DS_ENDED, .st = DS_ST(ENDED),
	  .reason = DS_R(SUB_TERMINATED), .by = DS_BY(LOCAL), .usages = DS_U(0) },
	{ .op = DS_END }
};

/* REFER: the implicit subscription keeps the dialog until its final NOTIFY. */
static const struct ds_step ds_refer[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(REFER), .dir = DS_OUT, .cseq = 2, .key = 20,
	  .fl = DS_TAG, .n = 0, .usages = DS_U(2) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(REFER), .code = 202, .dir = DS_IN, .cseq = 2,
	  .key = 20, .fl = DS_TAG, .n = DS_N(USAGE_ADDED) },
	{ .t = 120, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 7, .key = 20,
	  .sub_state = DS_SS(ACTIVE), .fl = DS_TAG | DS_EV(EVENT_REFER), .n = 0 },
	{ .t = 130, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 3, .fl = DS_TAG,
	  .n = DS_N(USAGE_ENDED), .st = DS_ST(CONFIRMED) },
	{ .t = 140, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 8, .key = 20,
	  .sub_state = DS_SS(TERMINATED), .fl = DS_TAG | DS_EV(EVENT_REFER), .n = DS_ENDED,
	  .reason = DS_R(SUB_TERMINATED), .by = DS_BY(REMOTE) },
	{ .op = DS_END }
};

/* The first REFER's NOTIFY may omit the id (RFC 3515 §2.4.6). */
static const struct ds_step ds_refer_no_id[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(REFER), .dir = DS_OUT, .cseq = 2, .key = 20,
	  .fl = DS_TAG, .n = 0 },
	{ .t = 105, .op = DS_REQ, .method = DS_M(REFER), .dir = DS_OUT, .cseq = 3, .key = 30,
	  .fl = DS_TAG, .n = 0, .usages = DS_U(3) },
	{ .t = 110, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 7, .key = 21,
	  .sub_state = DS_SS(ACTIVE), .fl = DS_TAG | DS_EV(EVENT_REFER) | DS_EV(EVENT_NO_ID),
	  .n = DS_N(USAGE_ADDED) },
	{ .t = 120, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 8, .key = 21,
	  .sub_state = DS_SS(TERMINATED), .fl = DS_TAG | DS_EV(EVENT_REFER) | DS_EV(EVENT_NO_ID),
	  .n = DS_N(USAGE_ENDED), .usages = DS_U(2) },
	{ .t = 130, .op = DS_RESP, .method = DS_M(REFER), .code = 603, .dir = DS_IN, .cseq = 3,
	  .fl = DS_TAG, .n = 0, .usages = DS_U(1) },	/* never established: silent */
	{ .op = DS_END }
};

static const struct ds_step ds_refer_sub_false[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(REFER), .dir = DS_IN, .cseq = 4, .key = 20,
	  .fl = DS_TAG | DS_EV(REFER_SUB_FALSE), .n = 0, .usages = DS_U(1) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(REFER), .code = 200, .dir = DS_OUT, .cseq = 4,
	  .fl = DS_TAG | DS_EV(REFER_SUB_FALSE), .n = 0 },
	{ .t = 120, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 5, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(BYE) },
	{ .op = DS_END }
};

/* A dialog created by SUBSCRIBE ends when the subscription expires (no refresh, no NOTIFY). */
static const struct ds_step ds_sub_expiry[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .key = 5, .expires = 10, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_NEW_CONF_IN, .st = DS_ST(CONFIRMED), .usages = DS_U(1) },
	{ .t = 20, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 1, .key = 5,
	  .sub_state = DS_SS(ACTIVE), .expires = 10, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 10020 + DS_64T1, .op = DS_TIMER, .deadline = 1, .n = DS_ENDED,
	  .reason = DS_R(SUB_EXPIRED), .by = DS_BY(TIMER) },
	{ .op = DS_END }
};

/* A refresh moves the expiry; Expires: 0 ends it at the final NOTIFY. */
static const struct ds_step ds_sub_refresh_unsubscribe[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(SUBSCRIBE), .code = 202, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .key = 5, .expires = 10, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_NEW_CONF_IN },
	{ .t = 5000, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 5,
	  .expires = 10, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 5010, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .cseq = 2, .key = 5, .expires = 10, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 10000 + DS_64T1, .op = DS_TIMER, .n = 0, .st = DS_ST(CONFIRMED) },
	{ .t = 12000, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 3,
	  .key = 5, .expires = 0, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 12000 + DS_64T1, .op = DS_TIMER, .deadline = 1, .n = DS_ENDED,
	  .reason = DS_R(SUB_EXPIRED) },
	{ .op = DS_END }
};

static const struct ds_step ds_sub_unsubscribe_notify[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .key = 5, .expires = 3600, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_NEW_CONF_IN },
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 5,
	  .expires = 0, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .cseq = 2, .key = 5, .expires = 0, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 120, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 2, .key = 5,
	  .sub_state = DS_SS(TERMINATED), .fl = DS_TAG, .n = DS_ENDED,
	  .reason = DS_R(SUB_TERMINATED), .by = DS_BY(REMOTE) },
	{ .op = DS_END }
};

/* 489 to a SUBSCRIBE refresh ends that usage only; a 500 ends nothing (RFC 6665 §4.1.2.2). */
static const struct ds_step ds_sub_failures[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 3,
	  .fl = DS_TAG },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .cseq = 2, .key = 3, .expires = 600, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_N(USAGE_ADDED) },
	{ .t = 200, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 3, .key = 3,
	  .fl = DS_TAG },
	{ .t = 210, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 500, .dir = DS_IN,
	  .cseq = 3, .fl = DS_TAG, .n = 0, .usages = DS_U(2) },
	{ .t = 300, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 4, .key = 3,
	  .fl = DS_TAG },
	{ .t = 310, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 489, .dir = DS_IN,
	  .cseq = 4, .fl = DS_TAG, .n = DS_N(USAGE_ENDED), .st = DS_ST(CONFIRMED),
	  .usages = DS_U(1) },
	/* A SUBSCRIBE rejected outright never was a usage. */
	{ .t = 400, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 5, .key = 4,
	  .fl = DS_TAG, .usages = DS_U(2) },
	{ .t = 410, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 403, .dir = DS_IN,
	  .cseq = 5, .fl = DS_TAG, .n = 0, .usages = DS_U(1) },
	/* The notifier side: our NOTIFY refused with 404 ends that subscription. */
	{ .t = 500, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_IN, .cseq = 20, .key = 3,
	  .fl = DS_TAG },
	{ .t = 510, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_OUT,
	  .cseq = 20, .fl = DS_TAG, .n = DS_N(USAGE_ADDED) },
	{ .t = 520, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_OUT, .cseq = 6, .key = 3,
	  .sub_state = DS_SS(ACTIVE), .fl = DS_TAG, .n = 0 },
	{ .t = 530, .op = DS_RESP, .method = DS_M(NOTIFY), .code = 404, .dir = DS_IN, .cseq = 6,
	  .fl = DS_TAG, .n = DS_N(USAGE_ENDED), .usages = DS_U(1) },
	{ .t = 600, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 7, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(BYE) },
	{ .op = DS_END }
};

/* A SUBSCRIBE-created dialog: its only usage ends on the refresh's 404, and the dialog with it. */
static const struct ds_step ds_sub_failed_ends_dialog[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .key = 5, .expires = 600, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_NEW_CONF_IN },
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 5,
	  .expires = 600, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 404, .dir = DS_IN,
	  .cseq = 2, .fl = DS_TAG, .n = DS_ENDED, .st = DS_ST(ENDED),
	  .reason = DS_R(SUB_FAILED), .by = DS_BY(REMOTE) },
	{ .op = DS_END }
};

/* The NOTIFY overtakes the SUBSCRIBE's 2xx and establishes the subscription. */
static const struct ds_step ds_notify_before_2xx[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 3,
	  .fl = DS_TAG, .n = 0 },
	{ .t = 105, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 1, .key = 3,
	  .sub_state = DS_SS(PENDING), .expires = 100, .expires_set = 1, .fl = DS_TAG,
	  .n = DS_N(USAGE_ADDED) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 202, .dir = DS_IN,
	  .cseq = 2, .key = 3, .expires = 100, .expires_set = 1, .fl = DS_TAG, .n = 0,
	  .usages = DS_U(2) },
	{ .op = DS_END }
};

/* A NOTIFY creates the dialog (RFC 6665 §4.1.2.4). */
static const struct ds_step ds_notify_creates[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(NOTIFY), .dir = DS_IN, .side = DS_UAC,
	  .cseq = 1, .key = 4, .sub_state = DS_SS(ACTIVE), .expires = 60, .expires_set = 1,
	  .fl = DS_TAG, .n = DS_NEW_CONF_IN, .st = DS_ST(CONFIRMED), .usages = DS_U(1) },
	{ .t = 100, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 2, .key = 4,
	  .sub_state = DS_SS(TERMINATED), .fl = DS_TAG, .n = DS_ENDED,
	  .reason = DS_R(SUB_TERMINATED) },
	{ .op = DS_END }
};

/* The NOTIFY created the dialog; the SUBSCRIBE's 2xx that follows sets the expiry. */
static const struct ds_step ds_notify_then_2xx[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(NOTIFY), .dir = DS_IN, .side = DS_UAC,
	  .cseq = 1, .key = 4, .sub_state = DS_SS(PENDING), .fl = DS_TAG, .n = DS_NEW_CONF_IN },
	{ .t = 10, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .cseq = 3, .key = 4, .expires = 30, .expires_set = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 20, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 4,
	  .fl = DS_TAG, .n = DS_N(STALE) },	/* our CSeq space was learnt from the 2xx */
	{ .t = 30010 + DS_64T1, .op = DS_TIMER, .deadline = 1, .n = DS_ENDED,
	  .reason = DS_R(SUB_EXPIRED) },
	{ .op = DS_END }
};

/* Reciprocal subscriptions (RFC 5057 §3.2): one Event, one usage per direction. */
static const struct ds_step ds_sub_reciprocal[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 3,
	  .fl = DS_TAG },
	{ .t = 101, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_IN, .cseq = 2, .key = 3,
	  .fl = DS_TAG, .usages = DS_U(3) },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .cseq = 2, .fl = DS_TAG, .n = DS_N(USAGE_ADDED) },
	{ .t = 111, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_OUT,
	  .cseq = 2, .fl = DS_TAG, .n = DS_N(USAGE_ADDED) },
	{ .t = 200, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_IN, .cseq = 3, .key = 3,
	  .sub_state = DS_SS(TERMINATED), .fl = DS_TAG, .n = DS_N(USAGE_ENDED),
	  .usages = DS_U(2) },
	{ .t = 300, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_IN, .cseq = 4, .fl = DS_TAG,
	  .n = DS_N(USAGE_ENDED), .usages = DS_U(1) },
	{ .t = 400, .op = DS_REQ, .method = DS_M(NOTIFY), .dir = DS_OUT, .cseq = 3, .key = 3,
	  .sub_state = DS_SS(TERMINATED), .fl = DS_TAG, .n = DS_ENDED,
	  .reason = DS_R(SUB_TERMINATED), .by = DS_BY(LOCAL) },
	{ .op = DS_END }
};

/* More subscriptions than slots: counted, the call goes on. */
static const struct ds_step ds_sub_full[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 1,
	  .fl = DS_TAG },
	{ .t = 101, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 3, .key = 2,
	  .fl = DS_TAG },
	{ .t = 102, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 4, .key = 3,
	  .fl = DS_TAG },
	{ .t = 103, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 5, .key = 4,
	  .fl = DS_TAG, .usages = DS_U(5) },
	{ .t = 104, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 6, .key = 5,
	  .fl = DS_TAG, .n = DS_N(USAGE_FULL), .usages = DS_U(5), .flags = DS_F(USAGE_FULL) },
	/* Unanswered requests are dropped 64·T1 later, silently. */
	{ .t = 100 + DS_64T1, .op = DS_TIMER, .deadline = 1, .n = 0, .usages = DS_U(4) },
	{ .t = 103 + DS_64T1, .op = DS_TIMER, .n = 0, .usages = DS_U(1) },
	{ .op = DS_END }
};

/* --- Zombie timeouts and the operator ---------------------------------------------------- */

static const struct ds_step ds_early_timeout[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 5000, .op = DS_RESP, .method = DS_M(INVITE), .code = 183, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = 0 },
	{ .t = 5000 + DS_EARLY, .op = DS_TIMER, .deadline = 1, .n = DS_ENDED,
	  .reason = DS_R(EARLY_TIMEOUT), .by = DS_BY(TIMER) },
	{ .t = 5000 + DS_EARLY + DS_LINGER, .op = DS_TIMER, .deadline = 1, .n = DS_N(REAP) },
	{ .op = DS_END }
};

static const struct ds_step ds_max_lifetime[] = {
	DS_UAC_CALL,
	{ .t = 20000, .op = DS_TIMER, .deadline = 1, .n = DS_ENDED,
	  .reason = DS_R(MAX_LIFETIME), .by = DS_BY(TIMER) },
	{ .op = DS_END }
};

static const struct ds_step ds_early_max_lifetime[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .side = DS_UAC, .cseq = 1, .fl = DS_TAG, .n = DS_NEW_EARLY_IN },
	{ .t = 8000, .op = DS_RESP, .method = DS_M(INVITE), .code = 180, .dir = DS_IN, .cseq = 1,
	  .fl = DS_TAG, .n = 0 },
	{ .t = 16000, .op = DS_RESP, .method = DS_M(INVITE), .code = 180, .dir = DS_IN,
	  .cseq = 1, .fl = DS_TAG, .n = 0 },
	{ .t = 20000, .op = DS_TIMER, .deadline = 1, .n = DS_ENDED,
	  .reason = DS_R(MAX_LIFETIME), .by = DS_BY(TIMER) },
	{ .op = DS_END }
};

static const struct ds_step ds_operator_bye[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_OPERATOR, .n = 0, .flags = DS_F(OPERATOR) },
	{ .t = 110, .op = DS_REQ, .method = DS_M(BYE), .dir = DS_OUT, .cseq = 2, .fl = DS_TAG,
	  .n = DS_ENDED, .reason = DS_R(OPERATOR), .by = DS_BY(OPERATOR) },
	{ .t = 120, .op = DS_RESP, .method = DS_M(BYE), .code = 200, .dir = DS_IN, .cseq = 2,
	  .fl = DS_TAG, .n = DS_N(BYE_RESPONSE), .bye_code = 200 },
	{ .op = DS_END }
};

static const struct ds_step ds_operator_cancel[] = {
	{ .t = 0, .op = DS_CREATE, .method = DS_M(INVITE), .code = 180, .dir = DS_OUT,
	  .side = DS_UAS, .cseq = 1, .fl = DS_TAG,
	  .n = DS_N(NEW) | DS_N(EARLY) | DS_N(ROUTE_SET) | DS_N(USAGE_ADDED) },
	{ .t = 100, .op = DS_OPERATOR },
	{ .t = 110, .op = DS_REQ, .method = DS_M(CANCEL), .dir = DS_IN, .cseq = 1 },
	{ .t = 120, .op = DS_RESP, .method = DS_M(INVITE), .code = 487, .dir = DS_OUT, .cseq = 1,
	  .fl = DS_TAG, .n = DS_ENDED, .reason = DS_R(OPERATOR), .by = DS_BY(OPERATOR),
	  .final_code = 487 },
	{ .op = DS_END }
};

static const struct ds_step ds_flush[] = {
	DS_UAC_CALL,
	{ .t = 100, .op = DS_REQ, .method = DS_M(SUBSCRIBE), .dir = DS_OUT, .cseq = 2, .key = 3,
	  .fl = DS_TAG },
	{ .t = 110, .op = DS_RESP, .method = DS_M(SUBSCRIBE), .code = 200, .dir = DS_IN,
	  .cseq = 2, .fl = DS_TAG, .n = DS_N(USAGE_ADDED) },
	{ .t = 200, .op = DS_TERMINATE, .reason_arg = DS_R(FLUSH), .n = DS_ENDED,
	  .reason = DS_R(FLUSH), .by = DS_BY(OPERATOR), .usages = DS_U(0) },
	{ .t = 300, .op = DS_TERMINATE, .reason_arg = DS_R(FLUSH), .n = 0 },
	{ .t = 200 + DS_LINGER, .op = DS_TIMER, .deadline = 1, .n = DS_N(REAP) },
	{ .op = DS_END }
};

static const struct ds_scenario ds_scenarios[] = {
	{ .name = "uac_basic", .steps = ds_uac_basic },
	{ .name = "uas_basic", .steps = ds_uas_basic },
	{ .name = "uac_direct_2xx", .steps = ds_uac_direct_2xx },
	{ .name = "busy_486", .steps = ds_busy },
	{ .name = "cancel_487", .steps = ds_cancel },
	{ .name = "cancel_uas_branch", .steps = ds_cancel_uas },
	{ .name = "cancel_races_200", .steps = ds_cancel_race_200 },
	{ .name = "cancel_after_200_481", .steps = ds_cancel_after_200 },
	{ .name = "bye_before_ack", .steps = ds_bye_before_ack },
	{ .name = "bye_before_ack_uas", .steps = ds_bye_before_ack_uas },
	{ .name = "no_ack_kept_until_bye", .steps = ds_no_ack },
	{ .name = "no_ack_report_only", .steps = ds_no_ack_report_only },
	{ .name = "fork3_answer", .steps = ds_fork3_answer },
	{ .name = "fork3_own_final", .steps = ds_fork3_own_final },
	{ .name = "fork3_rejected", .steps = ds_fork3_rejected },
	{ .name = "fork3_cancel", .steps = ds_fork3_cancel },
	{ .name = "reinvite_481_ends_all", .steps = ds_481_reinvite },
	{ .name = "reinvite_491_488_refresh", .steps = ds_491_488_refresh },
	{ .name = "info_408", .steps = ds_408_info },
	{ .name = "timer_f", .steps = ds_timer_f },
	{ .name = "timer_b_early", .steps = ds_timer_b_early },
	{ .name = "early_update_prack_481", .steps = ds_early_update_prack_481 },
	{ .name = "early_bye", .steps = ds_early_bye },
	{ .name = "bye_auth", .steps = ds_bye_auth },
	{ .name = "bye_auth_with_sub", .steps = ds_bye_auth_with_sub },
	{ .name = "bye_481", .steps = ds_bye_481 },
	{ .name = "bye_crossing", .steps = ds_bye_crossing },
	{ .name = "stale_cseq", .steps = ds_stale_cseq },
	{ .name = "sub_outlives_bye", .steps = ds_sub_outlives_bye },
	{ .name = "refer", .steps = ds_refer },
	{ .name = "refer_no_id", .steps = ds_refer_no_id },
	{ .name = "refer_sub_false", .steps = ds_refer_sub_false },
	{ .name = "sub_expiry", .steps = ds_sub_expiry },
	{ .name = "sub_refresh_unsubscribe", .steps = ds_sub_refresh_unsubscribe },
	{ .name = "sub_unsubscribe_notify", .steps = ds_sub_unsubscribe_notify },
	{ .name = "sub_failures", .steps = ds_sub_failures },
	{ .name = "sub_failed_ends_dialog", .steps = ds_sub_failed_ends_dialog },
	{ .name = "notify_before_2xx", .steps = ds_notify_before_2xx },
	{ .name = "notify_creates", .steps = ds_notify_creates },
	{ .name = "notify_then_2xx", .steps = ds_notify_then_2xx },
	{ .name = "sub_reciprocal", .steps = ds_sub_reciprocal },
	{ .name = "sub_full", .steps = ds_sub_full },
	{ .name = "early_timeout", .steps = ds_early_timeout },
	{ .name = "max_lifetime", .steps = ds_max_lifetime, .max_lifetime_ms = 20000 },
	{ .name = "early_max_lifetime", .steps = ds_early_max_lifetime,
	  .max_lifetime_ms = 20000 },
	{ .name = "operator_bye", .steps = ds_operator_bye },
	{ .name = "operator_cancel", .steps = ds_operator_cancel },
	{ .name = "flush", .steps = ds_flush },
};

/* --- Runner ------------------------------------------------------------------------------ */

struct ds_run {
	struct sipoff_dlg d[DS_MAX_DLG];
	struct sipoff_dlg_cfg cfg;
	struct sipoff_dlg_res res;
	char msg[256];
};

static inline void ds_cfg(struct sipoff_dlg_cfg *cfg, const struct ds_scenario *sc)
{
	sipoff_dlg_cfg_default(cfg, DS_T1);
	cfg->early_timeout_ms = DS_EARLY;
	cfg->linger_ms = DS_LINGER;
	cfg->sub_default_ms = 60000;
	cfg->max_lifetime_ms = sc ? sc->max_lifetime_ms : 0;
}

static inline void ds_ev(struct sipoff_dlg_ev *ev, const struct ds_step *st)
{
	memset(ev, 0, sizeof(*ev));
	ev->now = DS_BASE + st->t;
	ev->cseq = st->cseq;
	ev->event_key = st->key;
	ev->code = st->code;
	ev->method = st->method;
	ev->dir = st->dir;
	ev->side = st->side;
	ev->sub_state = st->sub_state;
	ev->flags = st->fl;
	if (st->expires_set) {
		if (st->method == SIPOFF_DLG_M_NOTIFY) {
			ev->sub_expires = st->expires;
			ev->flags |= SIPOFF_DLG_EV_HAS_SUB_EXPIRES;
		} else {
			ev->expires = st->expires;
			ev->flags |= SIPOFF_DLG_EV_HAS_EXPIRES;
		}
	}
}

/* Returns 0, or -1 with r->msg saying which step failed and how. */
static inline int ds_run_scenario(struct ds_run *r, const struct ds_scenario *sc)
{
	const struct ds_step *st;
	struct sipoff_dlg_ev ev;
	int i;

	memset(r, 0, sizeof(*r));
	ds_cfg(&r->cfg, sc);
	for (i = 0, st = sc->steps; st->op != DS_END; i++, st++) {
		struct sipoff_dlg *d = &r->d[st->dlg % DS_MAX_DLG];
		u64 now = DS_BASE + st->t;
		u32 n = 0;

		ds_ev(&ev, st);
		switch (st->op) {
		case DS_CREATE:
			n = sipoff_dlg_create(d, &r->cfg, &ev, 1, &r->res);
			break;
		case DS_REQ:
			n = sipoff_dlg_on_request(d, &r->cfg, &ev, &r->res);
			break;
		case DS_RESP:
			n = sipoff_dlg_on_response(d, &r->cfg, &ev, &r->res);
			break;
		case DS_FORK_FINAL:
			n = sipoff_dlg_on_fork_final(d, &r->cfg, st->code, st->cseq, now, &r->res);
			break;
		case DS_TXN_TIMEOUT:
			n = sipoff_dlg_on_txn_timeout(d, &r->cfg, st->method, st->cseq, st->dir,
						      now, &r->res);
			break;
		case DS_TIMER:
			if (st->deadline) {
				u64 dl = sipoff_dlg_next_deadline(d, &r->cfg);

				if (dl != now) {
					snprintf(r->msg, sizeof(r->msg),
						 "%s step %d: next_deadline %lld, want %u",
						 sc->name, i, (long long)(dl - DS_BASE), st->t);
					return -1;
				}
				n = sipoff_dlg_on_timer(d, &r->cfg, now - 1, &r->res);
				if (n) {
					snprintf(r->msg, sizeof(r->msg),
						 "%s step %d: timer 1 ms early gave 0x%x", sc->name,
						 i, n);
					return -1;
				}
			}
			n = sipoff_dlg_on_timer(d, &r->cfg, now, &r->res);
			break;
		case DS_TERMINATE:
			n = sipoff_dlg_terminate(d, st->reason_arg, now, &r->res);
			break;
		case DS_OPERATOR:
			sipoff_dlg_operator_request(d);
			r->res.notify = 0;
			break;
		default:
			snprintf(r->msg, sizeof(r->msg), "%s step %d: bad op", sc->name, i);
			return -1;
		}
		if (n != r->res.notify) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: returned 0x%x, res 0x%x",
				 sc->name, i, n, r->res.notify);
			return -1;
		}
		if (n != st->n) {
			snprintf(r->msg, sizeof(r->msg),
				 "%s step %d (t=%u): notify 0x%x, want 0x%x", sc->name, i, st->t,
				 n, st->n);
			return -1;
		}
		if (st->st && d->state + 1 != st->st) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: state %s, want %s", sc->name,
				 i, sipoff_dlg_state_name(d->state),
				 sipoff_dlg_state_name(st->st - 1));
			return -1;
		}
		if (st->reason && d->end_reason != st->reason) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: reason %s, want %s", sc->name,
				 i, sipoff_dlg_reason_name(d->end_reason),
				 sipoff_dlg_reason_name(st->reason));
			return -1;
		}
		if (st->by && d->end_by != st->by) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: end_by %u, want %u", sc->name,
				 i, d->end_by, st->by);
			return -1;
		}
		if (st->usages && sipoff_dlg_usages(d) + 1 != st->usages) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: %u usages, want %u", sc->name,
				 i, sipoff_dlg_usages(d), st->usages - 1);
			return -1;
		}
		if ((d->flags & st->flags) != st->flags) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: flags 0x%x, want 0x%x set",
				 sc->name, i, d->flags, st->flags);
			return -1;
		}
		if (st->bye_code && d->bye_code != st->bye_code) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: bye_code %u, want %u",
				 sc->name, i, d->bye_code, st->bye_code);
			return -1;
		}
		if (st->final_code && d->final_code != st->final_code) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: final_code %u, want %u",
				 sc->name, i, d->final_code, st->final_code);
			return -1;
		}
		/* Every ENDED is reported exactly once, with a reason and an end time. */
		if ((n & SIPOFF_DLG_N_ENDED) &&
		    (d->state != SIPOFF_DLG_S_ENDED || d->ended_ms != now ||
		     d->end_reason == SIPOFF_DLG_R_NONE || sipoff_dlg_usages(d))) {
			snprintf(r->msg, sizeof(r->msg), "%s step %d: inconsistent end",
				 sc->name, i);
			return -1;
		}
	}
	return 0;
}

/* --- Random sequences: invariants under any input ---------------------------------------- */

static inline u32 ds_rand(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return (u32)(x >> 32);
}

/*
 * Feed @steps random events (messages of any method/code/direction, forks' finals, timeouts,
 * timers) to one dialog created by a random creating message.  Checks: ENDED is reported at
 * most once and only with a reason; an ended dialog never comes back; no usage survives the
 * end; N_ENDED and N_REAP come with the right state; USAGE_* bits match res->usage[];
 * next_deadline is never in the past after an on_timer at that time (the timer makes progress).
 */
static inline int ds_run_random(struct ds_run *r, u64 seed, int steps)
{
	static const u16 codes[] = { 100, 180, 183, 200, 202, 401, 404, 408, 481, 486, 487, 488,
				     489, 491, 500, 603 };
	struct sipoff_dlg *d = &r->d[0];
	struct sipoff_dlg_ev ev;
	u64 st = seed | 1, now = DS_BASE;
	bool ended = false, reaped = false;
	u32 n;
	int i;

	memset(r, 0, sizeof(*r));
	ds_cfg(&r->cfg, NULL);
	r->cfg.max_lifetime_ms = 100000;
	for (i = 0; i < 100; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.now = now;
		ev.method = ds_rand(&st) % 3 == 0 ? SIPOFF_DLG_M_INVITE :
			    1 + ds_rand(&st) % (SIPOFF_DLG_M_COUNT - 1);
		ev.code = codes[ds_rand(&st) % ARRAY_SIZE(codes)];
		ev.dir = ds_rand(&st) & 1;
		ev.side = ev.dir == SIPOFF_DLG_IN ? SIPOFF_DLG_UAC : SIPOFF_DLG_UAS;
		ev.cseq = 1;
		ev.event_key = ds_rand(&st) % 3;
		ev.sub_state = ds_rand(&st) % 4;
		ev.flags = SIPOFF_DLG_EV_TO_TAG | (ds_rand(&st) & 0x3e);
		if (ev.method == SIPOFF_DLG_M_NOTIFY)
			ev.code = 0;
		if (sipoff_dlg_create(d, &r->cfg, &ev, 1, &r->res))
			break;
	}
	if (i == 100) {
		snprintf(r->msg, sizeof(r->msg), "seed %llu: no dialog created",
			 (unsigned long long)seed);
		return -1;
	}
	for (i = 0; i < steps && !reaped; i++) {
		u32 op = ds_rand(&st) % 16, k, adds = 0, ends = 0;
		u64 dl;

		memset(&ev, 0, sizeof(ev));
		now += ds_rand(&st) % 3 ? ds_rand(&st) % 200 : ds_rand(&st) % 20000;
		ev.now = now;
		ev.method = 1 + ds_rand(&st) % (SIPOFF_DLG_M_COUNT - 1);
		ev.dir = ds_rand(&st) & 1;
		ev.cseq = 1 + ds_rand(&st) % 8;
		ev.event_key = ds_rand(&st) % 3;
		ev.sub_state = ds_rand(&st) % 4;
		ev.expires = ds_rand(&st) % 4 ? ds_rand(&st) % 100 : 0;
		ev.sub_expires = ds_rand(&st) % 100;
		ev.flags = (ds_rand(&st) % 8 ? SIPOFF_DLG_EV_TO_TAG : 0) | (ds_rand(&st) & 0x3e);
		if (op < 6) {
			n = sipoff_dlg_on_request(d, &r->cfg, &ev, &r->res);
		} else if (op < 12) {
			ev.code = codes[ds_rand(&st) % ARRAY_SIZE(codes)];
			n = sipoff_dlg_on_response(d, &r->cfg, &ev, &r->res);
		} else if (op == 12) {
			n = sipoff_dlg_on_fork_final(d, &r->cfg,
						     codes[ds_rand(&st) % ARRAY_SIZE(codes)],
						     ev.cseq, now, &r->res);
		} else if (op == 13) {
			n = sipoff_dlg_on_txn_timeout(d, &r->cfg, ev.method, ev.cseq, ev.dir, now,
						      &r->res);
		} else if (op == 14 && !(ds_rand(&st) % 8)) {
			n = sipoff_dlg_terminate(d, SIPOFF_DLG_R_FLUSH, now, &r->res);
		} else {
			dl = sipoff_dlg_next_deadline(d, &r->cfg);
			if (dl != SIPOFF_DLG_NEVER && dl > now)
				now = dl;
			n = sipoff_dlg_on_timer(d, &r->cfg, now, &r->res);
			if (!(n & SIPOFF_DLG_N_REAP) &&
			    sipoff_dlg_next_deadline(d, &r->cfg) <= now) {
				snprintf(r->msg, sizeof(r->msg),
					 "seed %llu step %d: deadline not moved by timer",
					 (unsigned long long)seed, i);
				return -1;
			}
		}
		if (n != r->res.notify)
			goto bad;
		for (k = 0; k < r->res.n_usage; k++) {
			if (r->res.usage[k].added)
				adds++;
			else
				ends++;
		}
		if (!!adds != !!(n & SIPOFF_DLG_N_USAGE_ADDED) ||
		    !!ends != !!(n & SIPOFF_DLG_N_USAGE_ENDED))
			goto bad;
		if (ended && (n & ~(SIPOFF_DLG_N_BYE_RESPONSE | SIPOFF_DLG_N_REAP)))
			goto bad;
		if (ended && d->state != SIPOFF_DLG_S_ENDED)
			goto bad;
		if (n & SIPOFF_DLG_N_ENDED) {
			if (d->state != SIPOFF_DLG_S_ENDED || d->end_reason == SIPOFF_DLG_R_NONE ||
			    sipoff_dlg_usages(d))
				goto bad;
			ended = true;
		}
		if (!ended && d->state == SIPOFF_DLG_S_ENDED)
			goto bad;
		if (!ended && !sipoff_dlg_usages(d))
			goto bad;
		if (n & SIPOFF_DLG_N_REAP)
			reaped = true;
	}
	return 0;
bad:
	snprintf(r->msg, sizeof(r->msg), "seed %llu step %d: notify 0x%x state %s usages %u",
		 (unsigned long long)seed, i, r->res.notify, sipoff_dlg_state_name(d->state),
		 sipoff_dlg_usages(d));
	return -1;
}

#endif /* _SIPOFF_DIALOG_SCENARIOS_H */
