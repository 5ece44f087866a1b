/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_txn_cases.h - the transaction state machine scenarios, shared by the userspace unit
 * test (tests/unit/test_txn.c, kselftest harness) and the KUnit suite
 * (tests/kunit/sipoff_txn_kunit.c), so the same assertions run in both worlds.
 *
 * The includer provides, before including this file:
 *	static void txn_fail(void *ctx, const char *msg);	record one failed assertion
 * and snprintf() (stdio.h in userspace, linux/kernel.h in the kernel).
 *
 * A scenario is a table of steps on a fake clock (ms, starting at 0).  Each step is an event
 * (a message in or out) or a timer expiry, with the verdict it must produce exactly (actions,
 * timer reported, ACK slot) and the state after it.  Before an event at time t no timer may
 * be due before t, and a FIRE step at t requires the next deadline to be exactly t: every
 * emission of the machine and its time is asserted.
 *
 * Arrows covered (RFC 3261 Figures 5-8 as updated by RFC 6026 Figures 5 and 7; "Transport
 * Err" arrows are out of scope: ICMP errors are not fed to the machines):
 *  Fig. 5 INVITE client: INVITE from TU -> Calling (ict_off_timer_a_b); Calling: Timer A
 *   (ict_off_timer_a_b), Timer B (ict_off_timer_a_b), 1xx -> Proceeding
 *   (ict_off_proceeding_accepted), 300-699 -> Completed (ict_off_calling_non2xx), 2xx ->
 *   Accepted (ict_off_calling_2xx); Proceeding: 1xx, 2xx -> Accepted
 *   (ict_off_proceeding_accepted), 300-699 -> Completed (ict_off_proceeding_non2xx);
 *   Completed: 300-699 / ACK, Timer D (ict_off_calling_non2xx); Accepted: 2xx, Timer M
 *   (ict_off_proceeding_accepted, ict_off_calling_2xx).
 *  Fig. 6 non-INVITE client: Trying: Timer E, Timer F (nict_off_timer_e_f), 1xx -> Proceeding
 *   (nict_off_proceeding), 200-699 -> Completed (nict_off_trying_final); Proceeding: Timer E,
 *   1xx, 200-699 (nict_off_proceeding), Timer F (nict_off_proceeding_f); Completed: Timer K
 *   (nict_off_proceeding, nict_off_trying_final).
 *  Fig. 7 INVITE server: INVITE -> Proceeding, 100 if the TU is silent 200 ms
 *   (ist_off_completed, ist_off_answer_before_trying, ist_off_no_trying); Proceeding: INVITE /
 *   send response, 1xx from TU, 300-699 from TU -> Completed (ist_off_completed), 2xx from TU ->
 *   Accepted (ist_off_accepted); Completed: INVITE / send response, Timer G, ACK -> Confirmed
 *   (ist_off_completed), Timer H (ist_off_timer_h); Confirmed: Timer I (ist_off_completed);
 *   Accepted: INVITE, 2xx from TU, ACK, Timer L (ist_off_accepted, ist_off_accepted_no_ack,
 *   ist_off_accepted_forks).
 *  Fig. 8 non-INVITE server: request -> Trying; Trying: 1xx from TU -> Proceeding (nist_off),
 *   200-699 from TU -> Completed (nist_off_trying_final); Proceeding: 1xx from TU, request /
 *   send response, 200-699 from TU -> Completed; Completed: request / send response, Timer J
 *   (nist_off).
 * Each in transparent mode too (*_tr_*: the same arrows driven by the application's messages,
 * no timer but the linger timer) and the contract's rules: §2.1 rule 1 (ist_tr_non2xx,
 * ist_tr_2xx), rule 2 (ist_tr_non2xx, ist_tr_rule2_flood, ist_off_no_trying), rule 3
 * (ist_tr_non2xx, ist_tr_2xx), rule 4 (ict_tr_non2xx, ict_tr_forks, ict_tr_reliable_1xx,
 * ict_tr_fork_overflow, nict_tr), rule 5 (ict_tr_non2xx, ist_tr_non2xx), rule 6 (every
 * scenario's final FIRE); §2.2 rules 1-3 (ist_off_*, ict_off_*, ist_off_reliable_1xx); §3 bound
 * (ict_off_resend_bound, ist_tr_resend_bound).
 *
 * Default settings of a scenario (zero fields of struct txn_case take them): the RFC 3261
 * values T1 500 ms, T2 4 s, T4 5 s, Timer D 32 s; 100 Trying after 200 ms; 4 re-sends per T1;
 * idle limit 200 s.  So 64*T1 = 32000.
 */
#ifndef _SIPOFF_TXN_CASES_H
#define _SIPOFF_TXN_CASES_H

#include "sipoff_txn.h"

#ifdef __KERNEL__
#include <linux/stdarg.h>
#else
#include <stdarg.h>
#endif

enum txn_ev {
	TEV_END,
	TEV_REQ_IN,	/* sipoff_txn_request_in */
	TEV_REQ_OUT,	/* sipoff_txn_request_out */
	TEV_RSP_IN,	/* sipoff_txn_response_in */
	TEV_RSP_OUT,	/* sipoff_txn_response_out */
	TEV_ACK_IN,	/* sipoff_txn_ack_in */
	TEV_ACK_OUT,	/* sipoff_txn_ack_out */
	TEV_FIRE,	/* next deadline must be t; sipoff_txn_timer(t) */
	TEV_TICK,	/* sipoff_txn_timer(t) whatever the deadline (a late kernel timer) */
	TEV_NEXT,	/* next deadline must be t (0: none armed) */
	TEV_QUIET,	/* no deadline at or before t */
};

#define TF_DELIVERED	0x01
#define TF_RELIABLE	0x02

struct txn_step {
	u8 ev;
	u8 tag;		/* To tag number: 0 none, n: TXN_TAG(n) */
	u8 flags;	/* TF_* */
	u8 state;	/* expected state after the step */
	u8 timer;	/* expected verdict.timer when .act has A_TIMEOUT */
	u8 fork;	/* expected verdict.fork when .act has A_STORE_ACK, A_SEND_ACK or A_REPLAY_ACK */
	u16 code;
	u16 act;	/* expected verdict.act, exactly */
	u32 rseq;
	u32 t;		/* time of the step, ms */
};

#define TXN_TRYING_OFF	0xffffffffU	/* txn_case.trying: no 100 Trying */

struct txn_case {
	const char *name;
	u8 kind;
	u8 mode;
	u32 t1, t2, t4, d, trying, resend, idle;	/* 0: the default above */
	const struct txn_step *steps;
};

#define TXN_TAG(n)	((n) ? 0x7a67000000000000ULL + (n) : 0)

#define S_(x)		SIPOFF_TXN_S_##x
#define A_PASS		SIPOFF_TXN_ACT_PASS
#define A_ABSORB		SIPOFF_TXN_ACT_ABSORB
#define A_STORE_REQ	SIPOFF_TXN_ACT_STORE_REQUEST
#define A_STORE_RSP	SIPOFF_TXN_ACT_STORE_RESPONSE
#define A_STORE_ACK	SIPOFF_TXN_ACT_STORE_ACK
#define A_RESEND_REQ	SIPOFF_TXN_ACT_RESEND_REQUEST
#define A_RESEND_RSP	SIPOFF_TXN_ACT_RESEND_RESPONSE
#define A_SEND_100	SIPOFF_TXN_ACT_SEND_100
#define A_SEND_ACK	SIPOFF_TXN_ACT_SEND_ACK
#define A_REPLAY_ACK	SIPOFF_TXN_ACT_REPLAY_ACK
#define A_TIMEOUT		SIPOFF_TXN_ACT_TIMEOUT
#define A_FREE		SIPOFF_TXN_ACT_FREE
#define A_LIMITED		SIPOFF_TXN_ACT_LIMITED
#define F_NON2XX		SIPOFF_TXN_FORK_NON2XX
#define NOFORK		0

/* Steps.  st is the state after the step (INIT, CALLING, TRYING, ...). */
#define REQ_IN(t_, act_, st_) \
	{ .ev = TEV_REQ_IN, .t = (t_), .act = (act_), .state = S_(st_) }
#define REQ_IN_DELIVERED(t_, act_, st_) \
	{ .ev = TEV_REQ_IN, .t = (t_), .act = (act_), .state = S_(st_), .flags = TF_DELIVERED }
#define REQ_OUT(t_, act_, st_) \
	{ .ev = TEV_REQ_OUT, .t = (t_), .act = (act_), .state = S_(st_) }
#define RSP_IN(t_, code_, tag_, act_, st_) \
	{ .ev = TEV_RSP_IN, .t = (t_), .code = (code_), .tag = (tag_), .act = (act_), \
	  .state = S_(st_) }
#define RSP_IN_ACK(t_, code_, tag_, act_, st_, fork_) \
	{ .ev = TEV_RSP_IN, .t = (t_), .code = (code_), .tag = (tag_), .act = (act_), \
	  .state = S_(st_), .fork = (fork_) }
#define RSP_IN_REL(t_, code_, tag_, rseq_, act_, st_) \
	{ .ev = TEV_RSP_IN, .t = (t_), .code = (code_), .tag = (tag_), .rseq = (rseq_), \
	  .flags = TF_RELIABLE, .act = (act_), .state = S_(st_) }
#define RSP_OUT(t_, code_, tag_, act_, st_) \
	{ .ev = TEV_RSP_OUT, .t = (t_), .code = (code_), .tag = (tag_), .act = (act_), \
	  .state = S_(st_) }
#define RSP_OUT_REL(t_, code_, tag_, rseq_, act_, st_) \
	{ .ev = TEV_RSP_OUT, .t = (t_), .code = (code_), .tag = (tag_), .rseq = (rseq_), \
	  .flags = TF_RELIABLE, .act = (act_), .state = S_(st_) }
#define ACK_IN(t_, tag_, act_, st_) \
	{ .ev = TEV_ACK_IN, .t = (t_), .tag = (tag_), .act = (act_), .state = S_(st_) }
#define ACK_OUT(t_, tag_, act_, st_, fork_) \
	{ .ev = TEV_ACK_OUT, .t = (t_), .tag = (tag_), .act = (act_), .state = S_(st_), \
	  .fork = (fork_) }
#define FIRE(t_, act_, st_) \
	{ .ev = TEV_FIRE, .t = (t_), .act = (act_), .state = S_(st_) }
#define FIRE_TIMEOUT(t_, timer_, act_, st_) \
	{ .ev = TEV_FIRE, .t = (t_), .act = (act_) | A_TIMEOUT, .state = S_(st_), \
	  .timer = SIPOFF_TXN_TIMER_##timer_ }
#define TICK(t_, act_, st_) \
	{ .ev = TEV_TICK, .t = (t_), .act = (act_), .state = S_(st_) }
#define NEXT(t_)	{ .ev = TEV_NEXT, .t = (t_) }
#define QUIET(t_)	{ .ev = TEV_QUIET, .t = (t_) }
#define STEPS_END		{ .ev = TEV_END }

#define M_OFFLOAD		SIPOFF_TXN_MODE_OFFLOAD
#define M_TRANSPARENT	SIPOFF_TXN_MODE_TRANSPARENT

/* ========================================================================================== */
/* INVITE client, offload (RFC 3261 Figure 5 as updated by RFC 6026)                          */

/* Calling: INVITE from TU / send, A and B; Timer A / re-send, doubling 1,2,4,8,16,32 T1
 * (uncapped); the application's copies absorbed while the kernel retransmits; Timer B at 64*T1
 * / inform TU -> Terminated, reported; then freed (nothing happened for 64*T1).
 */
static const struct txn_step ict_off_timer_a_b_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	NEXT(500),
	FIRE(500, A_RESEND_REQ, CALLING),
	REQ_OUT(700, A_ABSORB, CALLING),
	FIRE(1500, A_RESEND_REQ, CALLING),
	FIRE(3500, A_RESEND_REQ, CALLING),
	FIRE(7500, A_RESEND_REQ, CALLING),
	FIRE(15500, A_RESEND_REQ, CALLING),
	FIRE(31500, A_RESEND_REQ, CALLING),
	FIRE_TIMEOUT(32000, B, 0, TERMINATED),
	FIRE(32700, A_FREE, TERMINATED),
	NEXT(0),
	STEPS_END
};

/* Calling -1xx-> Proceeding (A and B stop: no re-send, no B); Proceeding: 1xx / pass, copies
 * absorbed; the application's INVITE copy passes (the kernel no longer retransmits it);
 * Proceeding -2xx-> Accepted (M); Accepted: 2xx copy before the application's ACK passes; the
 * ACK kept; later copies answered with it; a 2xx with a new To tag passes (new fork); Timer M
 * -> Terminated with every 2xx ACKed: nothing reported; freed 64*T1 after the last message.
 */
static const struct txn_step ict_off_proceeding_accepted_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	FIRE(500, A_RESEND_REQ, CALLING),
	RSP_IN(600, 100, 0, A_PASS, PROCEEDING),
	RSP_IN(700, 100, 0, A_ABSORB, PROCEEDING),
	QUIET(4999),
	RSP_IN(800, 180, 1, A_PASS, PROCEEDING),
	RSP_IN(900, 180, 1, A_ABSORB, PROCEEDING),
	REQ_OUT(1000, A_PASS, PROCEEDING),
	RSP_IN(5000, 200, 1, A_PASS, ACCEPTED),
	NEXT(37000),
	RSP_IN(5100, 200, 1, A_PASS, ACCEPTED),
	ACK_OUT(5200, 1, A_PASS | A_STORE_ACK, ACCEPTED, 1),
	RSP_IN_ACK(5700, 200, 1, A_ABSORB | A_REPLAY_ACK, ACCEPTED, 1),
	RSP_IN(5800, 200, 2, A_PASS, ACCEPTED),
	ACK_OUT(5900, 2, A_PASS | A_STORE_ACK, ACCEPTED, 2),
	ACK_OUT(6000, 2, A_PASS, ACCEPTED, NOFORK),
	RSP_IN_ACK(6100, 200, 2, A_ABSORB | A_REPLAY_ACK, ACCEPTED, 2),
	FIRE(37000, 0, TERMINATED),
	FIRE(38100, A_FREE, TERMINATED),
	STEPS_END
};

/* Calling -2xx-> Accepted directly (RFC 6026); the application never ACKs: M reports it. */
static const struct txn_step ict_off_calling_2xx_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	RSP_IN(300, 200, 1, A_PASS, ACCEPTED),
	QUIET(32299),
	FIRE_TIMEOUT(32300, M, A_FREE, TERMINATED),
	STEPS_END
};

/* Calling -300-699-> Completed / send ACK (the kernel's, §17.1.1.3), Timer D; the
 * application's ACK absorbed; Completed: 300-699 copy / re-send ACK (absorbed); Timer D ->
 * Terminated; lingering: late copies still answered; freed 64*T1 after the last.
 */
static const struct txn_step ict_off_calling_non2xx_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	FIRE(500, A_RESEND_REQ, CALLING),
	RSP_IN_ACK(600, 486, 1, A_PASS | A_SEND_ACK, COMPLETED, F_NON2XX),
	NEXT(32600),
	ACK_OUT(650, 1, A_ABSORB, COMPLETED, NOFORK),
	RSP_IN_ACK(1100, 486, 1, A_ABSORB | A_REPLAY_ACK, COMPLETED, F_NON2XX),
	FIRE(32600, 0, TERMINATED),
	RSP_IN_ACK(33000, 486, 1, A_ABSORB | A_REPLAY_ACK, TERMINATED, F_NON2XX),
	FIRE(65000, A_FREE, TERMINATED),
	STEPS_END
};

/* Proceeding -300-699-> Completed / send ACK; a different final from the same server passes. */
static const struct txn_step ict_off_proceeding_non2xx_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	RSP_IN(100, 100, 0, A_PASS, PROCEEDING),
	RSP_IN_ACK(2000, 603, 1, A_PASS | A_SEND_ACK, COMPLETED, F_NON2XX),
	RSP_IN(2100, 500, 1, A_PASS, COMPLETED),
	FIRE(34000, 0, TERMINATED),
	FIRE(34100, A_FREE, TERMINATED),
	STEPS_END
};

/* The re-send bound (contract §3): 2 per T1 window; the third copy in the window is absorbed
 * without an answer (A_LIMITED); the next window answers again.
 */
static const struct txn_step ict_off_resend_bound_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	RSP_IN_ACK(100, 404, 1, A_PASS | A_SEND_ACK, COMPLETED, F_NON2XX),
	RSP_IN_ACK(1000, 404, 1, A_ABSORB | A_REPLAY_ACK, COMPLETED, F_NON2XX),
	RSP_IN_ACK(1001, 404, 1, A_ABSORB | A_REPLAY_ACK, COMPLETED, F_NON2XX),
	RSP_IN(1002, 404, 1, A_ABSORB | A_LIMITED, COMPLETED),
	RSP_IN(1499, 404, 1, A_ABSORB | A_LIMITED, COMPLETED),
	RSP_IN_ACK(1500, 404, 1, A_ABSORB | A_REPLAY_ACK, COMPLETED, F_NON2XX),
	STEPS_END
};

/* Proceeding has no transaction timer (Timer C is a proxy's): the idle limit frees it. */
static const struct txn_step ict_off_idle_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	RSP_IN(100, 180, 1, A_PASS, PROCEEDING),
	NEXT(200100),
	FIRE(200100, A_FREE, TERMINATED),
	STEPS_END
};

/* A late kernel timer: one re-send, re-armed from now (no burst). */
static const struct txn_step ict_off_late_timer_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	TICK(5000, A_RESEND_REQ, CALLING),
	NEXT(6000),
	TICK(5500, 0, CALLING),
	NEXT(6000),
	STEPS_END
};

/* ========================================================================================== */
/* INVITE client, transparent (contract §2.1)                                                 */

/* Never a timer of its own (only the linger timer); the application's INVITE copies pass
 * (rule 5); 1xx copies absorbed (rule 4); a 486 passes, its copies pass until the application
 * ACKed it, then are answered with the application's ACK (rule 4).
 */
static const struct txn_step ict_tr_non2xx_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	NEXT(200000),
	REQ_OUT(500, A_PASS, CALLING),
	REQ_OUT(1500, A_PASS, CALLING),
	RSP_IN(2000, 100, 0, A_PASS, PROCEEDING),
	RSP_IN(2100, 100, 0, A_ABSORB, PROCEEDING),
	RSP_IN(3000, 486, 1, A_PASS, COMPLETED),
	NEXT(35000),
	RSP_IN(3100, 486, 1, A_PASS, COMPLETED),
	ACK_OUT(3150, 1, A_PASS | A_STORE_ACK, COMPLETED, F_NON2XX),
	ACK_OUT(3200, 1, A_PASS, COMPLETED, NOFORK),
	RSP_IN_ACK(3600, 486, 1, A_ABSORB | A_REPLAY_ACK, COMPLETED, F_NON2XX),
	QUIET(35599),
	FIRE(35600, A_FREE, TERMINATED),
	STEPS_END
};

/* Forks: 1xx copies per To tag; a new code of the same fork passes; 2xx per To tag: the first
 * passes, copies pass until the application's ACK for that tag, then get it replayed; no M.
 */
static const struct txn_step ict_tr_forks_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	RSP_IN(100, 180, 1, A_PASS, PROCEEDING),
	RSP_IN(150, 180, 2, A_PASS, PROCEEDING),
	RSP_IN(200, 180, 1, A_ABSORB, PROCEEDING),
	RSP_IN(250, 183, 1, A_PASS, PROCEEDING),
	RSP_IN(300, 180, 2, A_ABSORB, PROCEEDING),
	RSP_IN(1000, 200, 1, A_PASS, ACCEPTED),
	RSP_IN(1100, 200, 1, A_PASS, ACCEPTED),
	ACK_OUT(1200, 1, A_PASS | A_STORE_ACK, ACCEPTED, 0),
	RSP_IN_ACK(1600, 200, 1, A_ABSORB | A_REPLAY_ACK, ACCEPTED, 0),
	RSP_IN(1700, 200, 2, A_PASS, ACCEPTED),
	ACK_OUT(1800, 2, A_PASS | A_STORE_ACK, ACCEPTED, 1),
	RSP_IN_ACK(2000, 200, 2, A_ABSORB | A_REPLAY_ACK, ACCEPTED, 1),
	RSP_IN(2100, 200, 3, A_PASS, ACCEPTED),
	RSP_IN(2200, 200, 3, A_PASS, ACCEPTED),
	QUIET(34199),
	FIRE(34200, A_FREE, TERMINATED),
	STEPS_END
};

/* Reliable provisionals (RFC 3262): a copy (same RSeq) absorbed, the next RSeq passes. */
static const struct txn_step ict_tr_reliable_1xx_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	RSP_IN_REL(100, 183, 1, 1, A_PASS, PROCEEDING),
	RSP_IN_REL(600, 183, 1, 1, A_ABSORB, PROCEEDING),
	RSP_IN_REL(700, 183, 1, 2, A_PASS, PROCEEDING),
	STEPS_END
};

/* More forks than slots: a 2xx with a new To tag always passes, and so do its copies. */
static const struct txn_step ict_tr_fork_overflow_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, CALLING),
	RSP_IN(100, 200, 1, A_PASS, ACCEPTED),
	RSP_IN(110, 200, 2, A_PASS, ACCEPTED),
	RSP_IN(120, 200, 3, A_PASS, ACCEPTED),
	RSP_IN(130, 200, 4, A_PASS, ACCEPTED),
	RSP_IN(140, 200, 5, A_PASS, ACCEPTED),
	ACK_OUT(150, 5, A_PASS, ACCEPTED, NOFORK),
	RSP_IN(160, 200, 5, A_PASS, ACCEPTED),
	ACK_OUT(170, 4, A_PASS | A_STORE_ACK, ACCEPTED, 3),
	RSP_IN_ACK(180, 200, 4, A_ABSORB | A_REPLAY_ACK, ACCEPTED, 3),
	STEPS_END
};

/* ========================================================================================== */
/* non-INVITE client, offload (Figure 6)                                                      */

/* Trying: Timer E / re-send, doubling from T1 and capped at T2 (1,2,4,8,8,8... s apart with
 * T2 = 4 s: 500 1500 3500 7500 11500 ...); the application's copies absorbed; Timer F at 64*T1
 * / inform TU -> Terminated, reported.
 */
static const struct txn_step nict_off_timer_e_f_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, TRYING),
	FIRE(500, A_RESEND_REQ, TRYING),
	REQ_OUT(600, A_ABSORB, TRYING),
	FIRE(1500, A_RESEND_REQ, TRYING),
	FIRE(3500, A_RESEND_REQ, TRYING),
	FIRE(7500, A_RESEND_REQ, TRYING),
	FIRE(11500, A_RESEND_REQ, TRYING),
	FIRE(15500, A_RESEND_REQ, TRYING),
	FIRE(19500, A_RESEND_REQ, TRYING),
	FIRE(23500, A_RESEND_REQ, TRYING),
	FIRE(27500, A_RESEND_REQ, TRYING),
	FIRE(31500, A_RESEND_REQ, TRYING),
	FIRE_TIMEOUT(32000, F, 0, TERMINATED),
	FIRE(32600, A_FREE, TERMINATED),
	NEXT(0),
	STEPS_END
};

/* Trying -1xx-> Proceeding; Proceeding: Timer E / re-send, reset to T2; 1xx copies absorbed;
 * Proceeding -200-699-> Completed (K = T4, E and F stop); final copies absorbed; Timer K ->
 * Terminated; freed 64*T1 after the last message.
 */
static const struct txn_step nict_off_proceeding_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, TRYING),
	FIRE(500, A_RESEND_REQ, TRYING),
	RSP_IN(600, 100, 0, A_PASS, PROCEEDING),
	RSP_IN(700, 100, 0, A_ABSORB, PROCEEDING),
	RSP_IN(800, 180, 1, A_PASS, PROCEEDING),	/* Proceeding: 1xx / resp. to TU */
	FIRE(1500, A_RESEND_REQ, PROCEEDING),
	FIRE(5500, A_RESEND_REQ, PROCEEDING),
	RSP_IN(9000, 200, 1, A_PASS, COMPLETED),
	NEXT(14000),
	RSP_IN(9100, 200, 1, A_ABSORB, COMPLETED),
	REQ_OUT(9200, A_PASS, COMPLETED),
	FIRE(14000, 0, TERMINATED),
	FIRE(41200, A_FREE, TERMINATED),
	STEPS_END
};

/* Trying -200-699-> Completed directly. */
static const struct txn_step nict_off_trying_final_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, TRYING),
	RSP_IN(300, 404, 1, A_PASS, COMPLETED),
	RSP_IN(400, 404, 1, A_ABSORB, COMPLETED),
	FIRE(5300, 0, TERMINATED),
	FIRE(32400, A_FREE, TERMINATED),
	STEPS_END
};

/* Proceeding: Timer F / inform TU (E re-sends every T2 until then). */
static const struct txn_step nict_off_proceeding_f_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, TRYING),
	FIRE(500, A_RESEND_REQ, TRYING),
	RSP_IN(600, 100, 0, A_PASS, PROCEEDING),
	FIRE(1500, A_RESEND_REQ, PROCEEDING),
	FIRE(5500, A_RESEND_REQ, PROCEEDING),
	FIRE(9500, A_RESEND_REQ, PROCEEDING),
	FIRE(13500, A_RESEND_REQ, PROCEEDING),
	FIRE(17500, A_RESEND_REQ, PROCEEDING),
	FIRE(21500, A_RESEND_REQ, PROCEEDING),
	FIRE(25500, A_RESEND_REQ, PROCEEDING),
	FIRE(29500, A_RESEND_REQ, PROCEEDING),
	FIRE_TIMEOUT(32000, F, 0, TERMINATED),
	FIRE(32600, A_FREE, TERMINATED),
	STEPS_END
};

/* T2 below 2*T1: E is capped at T2 from the second interval (T1 100, T2 150). */
static const struct txn_step nict_off_small_t2_steps[] = {
	REQ_OUT(0, A_PASS | A_STORE_REQ, TRYING),
	FIRE(100, A_RESEND_REQ, TRYING),
	FIRE(250, A_RESEND_REQ, TRYING),
	FIRE(400, A_RESEND_REQ, TRYING),
	STEPS_END
};

/* ========================================================================================== */
/* non-INVITE client, transparent                                                             */

static const struct txn_step nict_tr_steps[] = {
	REQ_OUT(0, A_PASS, TRYING),
	NEXT(200000),
	REQ_OUT(500, A_PASS, TRYING),
	RSP_IN(600, 100, 0, A_PASS, PROCEEDING),
	RSP_IN(700, 100, 0, A_ABSORB, PROCEEDING),
	REQ_OUT(1500, A_PASS, PROCEEDING),
	RSP_IN(2000, 404, 1, A_PASS, COMPLETED),
	RSP_IN(2100, 404, 1, A_ABSORB, COMPLETED),
	RSP_IN(2200, 500, 1, A_PASS, COMPLETED),
	RSP_IN(2300, 100, 0, A_ABSORB, COMPLETED),
	ACK_OUT(2400, 1, A_PASS, COMPLETED, NOFORK),	/* not an INVITE: not ours, no activity */
	QUIET(34299),
	FIRE(34300, A_FREE, TERMINATED),
	STEPS_END
};

/* ========================================================================================== */
/* INVITE server, offload (Figure 7 as updated by RFC 6026)                                   */

/* INVITE -> Proceeding (kept for the 100 Trying); no answer within 200 ms: the kernel's 100
 * Trying; INVITE copy / re-send it (and pass: not known delivered, one per T1); known delivered:
 * absorbed; 1xx from TU / send, kept; INVITE copy / re-send 1xx, absorbed (rule 1); 300-699 from
 * TU -> Completed, G (T1 doubling, capped at T2) and H; ACK -> Confirmed (absorbed, hop by hop),
 * I = T4; ACK copies and INVITE copies absorbed; Timer I -> Terminated.
 */
static const struct txn_step ist_off_completed_steps[] = {
	REQ_IN(0, A_PASS | A_STORE_REQ, PROCEEDING),
	NEXT(200),
	FIRE(200, A_SEND_100, PROCEEDING),
	REQ_IN(500, A_PASS | A_RESEND_RSP, PROCEEDING),
	REQ_IN_DELIVERED(1500, A_ABSORB | A_RESEND_RSP, PROCEEDING),
	RSP_OUT(2000, 180, 1, A_PASS | A_STORE_RSP, PROCEEDING),
	REQ_IN(3500, A_ABSORB | A_RESEND_RSP, PROCEEDING),
	RSP_OUT(4000, 486, 1, A_PASS | A_STORE_RSP, COMPLETED),
	FIRE(4500, A_RESEND_RSP, COMPLETED),
	FIRE(5500, A_RESEND_RSP, COMPLETED),
	FIRE(7500, A_RESEND_RSP, COMPLETED),
	REQ_IN(7600, A_ABSORB | A_RESEND_RSP, COMPLETED),
	FIRE(11500, A_RESEND_RSP, COMPLETED),
	FIRE(15500, A_RESEND_RSP, COMPLETED),
	ACK_IN(16000, 1, A_ABSORB, CONFIRMED),
	NEXT(21000),
	ACK_IN(16100, 1, A_ABSORB, CONFIRMED),
	REQ_IN(16200, A_ABSORB, CONFIRMED),
	FIRE(21000, 0, TERMINATED),
	ACK_IN(21100, 1, A_ABSORB, TERMINATED),
	FIRE(53100, A_FREE, TERMINATED),
	STEPS_END
};

/* Completed: Timer H at 64*T1 with no ACK / inform TU; the application's copies of the final
 * absorbed while the kernel retransmits it (contract §2.2 rule 3).
 */
static const struct txn_step ist_off_timer_h_steps[] = {
	REQ_IN(0, A_PASS | A_STORE_REQ, PROCEEDING),
	RSP_OUT(100, 486, 1, A_PASS | A_STORE_RSP, COMPLETED),
	FIRE(600, A_RESEND_RSP, COMPLETED),
	RSP_OUT(700, 486, 1, A_ABSORB, COMPLETED),
	FIRE(1600, A_RESEND_RSP, COMPLETED),
	FIRE(3600, A_RESEND_RSP, COMPLETED),
	FIRE(7600, A_RESEND_RSP, COMPLETED),
	FIRE(11600, A_RESEND_RSP, COMPLETED),
	FIRE(15600, A_RESEND_RSP, COMPLETED),
	FIRE(19600, A_RESEND_RSP, COMPLETED),
	FIRE(23600, A_RESEND_RSP, COMPLETED),
	FIRE(27600, A_RESEND_RSP, COMPLETED),
	FIRE(31600, A_RESEND_RSP, COMPLETED),
	FIRE_TIMEOUT(32100, H, 0, TERMINATED),
	FIRE(32700, A_FREE, TERMINATED),
	STEPS_END
};

/* Proceeding -2xx from TU-> Accepted (RFC 6026): L = 64*T1 and the 2xx retransmitted on G
 * (T1 doubling to T2) until its ACK; INVITE copy / re-send the 2xx (rule 1); the application's
 * 2xx copies absorbed while G runs, passed after; the ACK (matched by dialog + CSeq) passes
 * once, and once more after the application re-sends that 2xx; Timer L -> Terminated, nothing
 * reported.
 */
static const struct txn_step ist_off_accepted_steps[] = {
	REQ_IN(0, A_PASS | A_STORE_REQ, PROCEEDING),
	RSP_OUT(100, 200, 1, A_PASS | A_STORE_RSP, ACCEPTED),
	FIRE(600, A_RESEND_RSP, ACCEPTED),
	REQ_IN(700, A_ABSORB | A_RESEND_RSP, ACCEPTED),
	RSP_OUT(800, 200, 1, A_ABSORB, ACCEPTED),
	FIRE(1600, A_RESEND_RSP, ACCEPTED),
	ACK_IN(2000, 1, A_PASS, ACCEPTED),
	NEXT(32100),
	ACK_IN(2100, 1, A_ABSORB, ACCEPTED),
	REQ_IN(2200, A_ABSORB, ACCEPTED),
	RSP_OUT(2300, 200, 1, A_PASS, ACCEPTED),
	/* the application re-sent the ACKed 2xx: the next ACK copy passes, one only */
	ACK_IN(2350, 1, A_PASS, ACCEPTED),
	ACK_IN(2360, 1, A_ABSORB, ACCEPTED),
	ACK_IN(2400, 7, A_PASS, ACCEPTED),
	FIRE(32100, 0, TERMINATED),
	FIRE(34400, A_FREE, TERMINATED),
	STEPS_END
};

/* Accepted: the 2xx is never ACKed: G re-sends until L, which reports the missing ACK. */
static const struct txn_step ist_off_accepted_no_ack_steps[] = {
	REQ_IN(0, A_PASS, PROCEEDING),
	RSP_OUT(100, 200, 1, A_PASS | A_STORE_RSP, ACCEPTED),
	FIRE(600, A_RESEND_RSP, ACCEPTED),
	FIRE(1600, A_RESEND_RSP, ACCEPTED),
	FIRE(3600, A_RESEND_RSP, ACCEPTED),
	FIRE(7600, A_RESEND_RSP, ACCEPTED),
	FIRE(11600, A_RESEND_RSP, ACCEPTED),
	FIRE(15600, A_RESEND_RSP, ACCEPTED),
	FIRE(19600, A_RESEND_RSP, ACCEPTED),
	FIRE(23600, A_RESEND_RSP, ACCEPTED),
	FIRE(27600, A_RESEND_RSP, ACCEPTED),
	FIRE(31600, A_RESEND_RSP, ACCEPTED),
	FIRE_TIMEOUT(32100, L, A_FREE, TERMINATED),
	STEPS_END
};

/* Accepted: a 2xx of another fork from the application (a proxy) passes, is kept and
 * retransmitted in turn; each fork's ACK passes once.
 */
static const struct txn_step ist_off_accepted_forks_steps[] = {
	REQ_IN(0, A_PASS, PROCEEDING),
	RSP_OUT(100, 200, 1, A_PASS | A_STORE_RSP, ACCEPTED),
	RSP_OUT(300, 200, 2, A_PASS | A_STORE_RSP, ACCEPTED),
	FIRE(800, A_RESEND_RSP, ACCEPTED),
	ACK_IN(900, 1, A_PASS, ACCEPTED),
	FIRE(1800, A_RESEND_RSP, ACCEPTED),
	ACK_IN(1900, 2, A_PASS, ACCEPTED),
	ACK_IN(2000, 2, A_ABSORB, ACCEPTED),
	NEXT(32100),
	STEPS_END
};

/* 100 Trying off (issue 4 5(a)): the UAS answers after 20*T1 and sees the INVITE once while
 * the client retransmitted it (copies known delivered); nothing is sent by the kernel before.
 */
static const struct txn_step ist_off_no_trying_steps[] = {
	REQ_IN(0, A_PASS, PROCEEDING),
	NEXT(200000),
	REQ_IN_DELIVERED(500, A_ABSORB, PROCEEDING),
	REQ_IN_DELIVERED(1500, A_ABSORB, PROCEEDING),
	REQ_IN_DELIVERED(3500, A_ABSORB, PROCEEDING),
	REQ_IN_DELIVERED(7500, A_ABSORB, PROCEEDING),
	RSP_OUT(10000, 180, 1, A_PASS | A_STORE_RSP, PROCEEDING),
	RSP_OUT(10100, 200, 1, A_PASS | A_STORE_RSP, ACCEPTED),
	STEPS_END
};

/* The application answers before the 100 Trying delay: no 100 from the kernel. */
static const struct txn_step ist_off_answer_before_trying_steps[] = {
	REQ_IN(0, A_PASS | A_STORE_REQ, PROCEEDING),
	RSP_OUT(150, 180, 1, A_PASS | A_STORE_RSP, PROCEEDING),
	NEXT(200150),
	REQ_IN(500, A_ABSORB | A_RESEND_RSP, PROCEEDING),
	STEPS_END
};

/* A reliable provisional (RFC 3262): kept and passed; the application's copies (its own
 * RFC 3262 retransmissions, not the kernel's) pass (contract §2.2 rule 3).
 */
static const struct txn_step ist_off_reliable_1xx_steps[] = {
	REQ_IN(0, A_PASS | A_STORE_REQ, PROCEEDING),
	RSP_OUT_REL(100, 183, 1, 1, A_PASS | A_STORE_RSP, PROCEEDING),
	RSP_OUT_REL(600, 183, 1, 1, A_PASS, PROCEEDING),
	RSP_OUT_REL(700, 183, 1, 2, A_PASS | A_STORE_RSP, PROCEEDING),
	QUIET(200699),
	STEPS_END
};

/* ========================================================================================== */
/* INVITE server, transparent (contract §2.1 rules 1, 2, 3, 5, 6)                             */

static const struct txn_step ist_tr_non2xx_steps[] = {
	REQ_IN(0, A_PASS, PROCEEDING),			/* nothing kept, no 100 Trying */
	NEXT(200000),
	REQ_IN(500, A_PASS, PROCEEDING),			/* rule 2: not known delivered, >= T1 */
	REQ_IN(600, A_ABSORB, PROCEEDING),		/* rule 2: at most one per T1 */
	REQ_IN(1000, A_PASS, PROCEEDING),
	REQ_IN_DELIVERED(1200, A_ABSORB, PROCEEDING),	/* rule 2: known delivered */
	RSP_OUT(1300, 100, 0, A_PASS | A_STORE_RSP, PROCEEDING),
	REQ_IN(1400, A_ABSORB | A_RESEND_RSP, PROCEEDING),	/* rule 1 */
	RSP_OUT(1500, 180, 1, A_PASS | A_STORE_RSP, PROCEEDING),
	RSP_OUT(1600, 180, 1, A_PASS, PROCEEDING),	/* rule 5 */
	RSP_OUT(2000, 486, 1, A_PASS | A_STORE_RSP, COMPLETED),
	NEXT(34000),
	RSP_OUT(2500, 486, 1, A_PASS, COMPLETED),		/* rule 5 */
	REQ_IN(2600, A_ABSORB | A_RESEND_RSP, COMPLETED),	/* rule 1 */
	RSP_OUT(2700, 180, 1, A_PASS, COMPLETED),
	ACK_IN(3000, 1, A_PASS, CONFIRMED),		/* rule 3: the first passes */
	ACK_IN(3100, 1, A_ABSORB, CONFIRMED),		/* rule 3: copies absorbed */
	REQ_IN(3200, A_ABSORB, CONFIRMED),
	QUIET(35199),					/* rule 6, never a timer */
	FIRE(35200, A_FREE, TERMINATED),
	STEPS_END
};

static const struct txn_step ist_tr_2xx_steps[] = {
	REQ_IN(0, A_PASS, PROCEEDING),
	ACK_IN(50, 1, A_PASS, PROCEEDING),		/* an ACK before any final passes */
	RSP_OUT(100, 200, 1, A_PASS | A_STORE_RSP, ACCEPTED),
	RSP_OUT(600, 200, 1, A_PASS, ACCEPTED),		/* rule 5 */
	REQ_IN(700, A_ABSORB | A_RESEND_RSP, ACCEPTED),	/* rule 1 */
	ACK_IN(1000, 1, A_PASS, ACCEPTED),		/* rule 3 (2xx ACK) */
	ACK_IN(1100, 1, A_ABSORB, ACCEPTED),
	ACK_IN(1200, 9, A_PASS, ACCEPTED),		/* unknown To tag: not ours to judge */
	QUIET(33199),
	FIRE(33200, A_FREE, TERMINATED),
	STEPS_END
};

/* Rule 1 under a flood: 2 re-sends per T1 (resend = 2), the rest absorbed silently. */
static const struct txn_step ist_tr_resend_bound_steps[] = {
	REQ_IN(0, A_PASS, PROCEEDING),
	RSP_OUT(100, 486, 1, A_PASS | A_STORE_RSP, COMPLETED),
	REQ_IN(1000, A_ABSORB | A_RESEND_RSP, COMPLETED),
	REQ_IN(1001, A_ABSORB | A_RESEND_RSP, COMPLETED),
	REQ_IN(1002, A_ABSORB | A_LIMITED, COMPLETED),
	REQ_IN(1003, A_ABSORB | A_LIMITED, COMPLETED),
	REQ_IN(1500, A_ABSORB | A_RESEND_RSP, COMPLETED),
	STEPS_END
};

/* Rule 2 under a flood of copies not known delivered: one passes per T1. */
static const struct txn_step ist_tr_rule2_flood_steps[] = {
	REQ_IN(0, A_PASS, PROCEEDING),
	REQ_IN(100, A_ABSORB, PROCEEDING),
	REQ_IN(200, A_ABSORB, PROCEEDING),
	REQ_IN(499, A_ABSORB, PROCEEDING),
	REQ_IN(500, A_PASS, PROCEEDING),
	REQ_IN(501, A_ABSORB, PROCEEDING),
	REQ_IN(999, A_ABSORB, PROCEEDING),
	REQ_IN(1000, A_PASS, PROCEEDING),
	REQ_IN_DELIVERED(2000, A_ABSORB, PROCEEDING),
	REQ_IN(2001, A_PASS, PROCEEDING),
	STEPS_END
};

/* ========================================================================================== */
/* non-INVITE server (Figure 8)                                                               */

/* Request -> Trying (no 100 Trying for non-INVITE); Trying: copy passes once per T1 unless
 * known delivered (rule 2); 1xx from TU -> Proceeding; Proceeding: request / re-send 1xx;
 * 200-699 from TU -> Completed, J = 64*T1; the application's copies pass (the kernel does not
 * retransmit a non-INVITE final on a timer); Completed: request / re-send final; Timer J ->
 * Terminated.
 */
static const struct txn_step nist_off_steps[] = {
	REQ_IN(0, A_PASS, TRYING),
	NEXT(200000),
	REQ_IN(500, A_PASS, TRYING),
	REQ_IN_DELIVERED(550, A_ABSORB, TRYING),
	RSP_OUT(600, 100, 0, A_PASS | A_STORE_RSP, PROCEEDING),
	RSP_OUT(650, 180, 1, A_PASS | A_STORE_RSP, PROCEEDING),	/* Proceeding: 1xx from TU */
	REQ_IN(700, A_ABSORB | A_RESEND_RSP, PROCEEDING),
	RSP_OUT(1000, 200, 1, A_PASS | A_STORE_RSP, COMPLETED),
	NEXT(33000),
	RSP_OUT(1100, 200, 1, A_PASS, COMPLETED),
	REQ_IN(1500, A_ABSORB | A_RESEND_RSP, COMPLETED),
	ACK_IN(1600, 1, A_PASS, COMPLETED),
	FIRE(33000, 0, TERMINATED),
	REQ_IN(33100, A_ABSORB | A_RESEND_RSP, TERMINATED),
	FIRE(65100, A_FREE, TERMINATED),
	STEPS_END
};

/* Trying -200-699 from TU-> Completed directly; J; freed. */
static const struct txn_step nist_off_trying_final_steps[] = {
	REQ_IN(0, A_PASS, TRYING),
	RSP_OUT(100, 404, 1, A_PASS | A_STORE_RSP, COMPLETED),
	FIRE(32100, A_FREE, TERMINATED),
	STEPS_END
};

static const struct txn_step nist_tr_steps[] = {
	REQ_IN(0, A_PASS, TRYING),
	REQ_IN(100, A_ABSORB, TRYING),
	RSP_OUT(200, 200, 1, A_PASS | A_STORE_RSP, COMPLETED),
	NEXT(32200),
	REQ_IN(700, A_ABSORB | A_RESEND_RSP, COMPLETED),
	RSP_OUT(800, 200, 1, A_PASS, COMPLETED),
	QUIET(32799),
	FIRE(32800, A_FREE, TERMINATED),
	STEPS_END
};

/* ========================================================================================== */
/* off: everything passes, nothing kept, no timer                                             */

static const struct txn_step ist_offmode_steps[] = {
	REQ_IN(0, A_PASS, INIT),
	REQ_IN(10, A_PASS, INIT),
	RSP_OUT(20, 486, 1, A_PASS, INIT),
	ACK_IN(30, 1, A_PASS, INIT),
	NEXT(0),
	STEPS_END
};

static const struct txn_step ict_offmode_steps[] = {
	REQ_OUT(0, A_PASS, INIT),
	RSP_IN(20, 486, 1, A_PASS, INIT),
	ACK_OUT(30, 1, A_PASS, INIT, NOFORK),
	TICK(100000, 0, INIT),
	NEXT(0),
	STEPS_END
};

/* ========================================================================================== */
/* The case table                                                                             */

#define TXN_CASE(name_, kind_, mode_, ...) \
	static const struct txn_case name_ = { .name = #name_, .kind = SIPOFF_TXN_##kind_, \
		.mode = mode_, .steps = name_##_steps, __VA_ARGS__ }

TXN_CASE(ict_off_timer_a_b, ICT, M_OFFLOAD);
TXN_CASE(ict_off_proceeding_accepted, ICT, M_OFFLOAD);
TXN_CASE(ict_off_calling_2xx, ICT, M_OFFLOAD);
TXN_CASE(ict_off_calling_non2xx, ICT, M_OFFLOAD);
TXN_CASE(ict_off_proceeding_non2xx, ICT, M_OFFLOAD);
TXN_CASE(ict_off_resend_bound, ICT, M_OFFLOAD, .resend = 2);
TXN_CASE(ict_off_idle, ICT, M_OFFLOAD);
TXN_CASE(ict_off_late_timer, ICT, M_OFFLOAD);
TXN_CASE(ict_tr_non2xx, ICT, M_TRANSPARENT);
TXN_CASE(ict_tr_forks, ICT, M_TRANSPARENT);
TXN_CASE(ict_tr_reliable_1xx, ICT, M_TRANSPARENT);
TXN_CASE(ict_tr_fork_overflow, ICT, M_TRANSPARENT);
TXN_CASE(nict_off_timer_e_f, NICT, M_OFFLOAD);
TXN_CASE(nict_off_proceeding, NICT, M_OFFLOAD);
TXN_CASE(nict_off_trying_final, NICT, M_OFFLOAD);
TXN_CASE(nict_off_proceeding_f, NICT, M_OFFLOAD);
TXN_CASE(nict_off_small_t2, NICT, M_OFFLOAD, .t1 = 100, .t2 = 150);
TXN_CASE(nict_tr, NICT, M_TRANSPARENT);
TXN_CASE(ist_off_completed, IST, M_OFFLOAD);
TXN_CASE(ist_off_timer_h, IST, M_OFFLOAD);
TXN_CASE(ist_off_accepted, IST, M_OFFLOAD);
TXN_CASE(ist_off_accepted_no_ack, IST, M_OFFLOAD, .trying = TXN_TRYING_OFF);
TXN_CASE(ist_off_accepted_forks, IST, M_OFFLOAD, .trying = TXN_TRYING_OFF);
TXN_CASE(ist_off_no_trying, IST, M_OFFLOAD, .trying = TXN_TRYING_OFF);
TXN_CASE(ist_off_answer_before_trying, IST, M_OFFLOAD);
TXN_CASE(ist_off_reliable_1xx, IST, M_OFFLOAD);
TXN_CASE(ist_tr_non2xx, IST, M_TRANSPARENT);
TXN_CASE(ist_tr_2xx, IST, M_TRANSPARENT);
TXN_CASE(ist_tr_resend_bound, IST, M_TRANSPARENT, .resend = 2);
TXN_CASE(ist_tr_rule2_flood, IST, M_TRANSPARENT);
TXN_CASE(nist_off, NIST, M_OFFLOAD);
TXN_CASE(nist_off_trying_final, NIST, M_OFFLOAD);
TXN_CASE(nist_tr, NIST, M_TRANSPARENT);
TXN_CASE(ist_offmode, IST, SIPOFF_TXN_MODE_OFF);
TXN_CASE(ict_offmode, ICT, SIPOFF_TXN_MODE_OFF);

#define TXN_CASE_LIST(X) \
	X(ict_off_timer_a_b) \
	X(ict_off_proceeding_accepted) \
	X(ict_off_calling_2xx) \
	X(ict_off_calling_non2xx) \
	X(ict_off_proceeding_non2xx) \
	X(ict_off_resend_bound) \
	X(ict_off_idle) \
	X(ict_off_late_timer) \
	X(ict_tr_non2xx) \
	X(ict_tr_forks) \
	X(ict_tr_reliable_1xx) \
	X(ict_tr_fork_overflow) \
	X(nict_off_timer_e_f) \
	X(nict_off_proceeding) \
	X(nict_off_trying_final) \
	X(nict_off_proceeding_f) \
	X(nict_off_small_t2) \
	X(nict_tr) \
	X(ist_off_completed) \
	X(ist_off_timer_h) \
	X(ist_off_accepted) \
	X(ist_off_accepted_no_ack) \
	X(ist_off_accepted_forks) \
	X(ist_off_no_trying) \
	X(ist_off_answer_before_trying) \
	X(ist_off_reliable_1xx) \
	X(ist_tr_non2xx) \
	X(ist_tr_2xx) \
	X(ist_tr_resend_bound) \
	X(ist_tr_rule2_flood) \
	X(nist_off) \
	X(nist_off_trying_final) \
	X(nist_tr) \
	X(ist_offmode) \
	X(ict_offmode)

/* ========================================================================================== */
/* The runner                                                                                 */

static const char *const txn_act_names[] = {
	"PASS", "ABSORB", "STORE_REQUEST", "STORE_RESPONSE", "STORE_ACK", "RESEND_REQUEST",
	"RESEND_RESPONSE", "SEND_100", "SEND_ACK", "REPLAY_ACK", "TIMEOUT", "FREE", "LIMITED",
};

static void txn_act_str(u16 act, char *buf, int len)
{
	unsigned int i;
	int n = 0;

	buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(txn_act_names); i++) {
		if (!(act & (1U << i)))
			continue;
		n += snprintf(buf + n, len - n, "%s%s", n ? "|" : "", txn_act_names[i]);
		if (n >= len)
			return;
	}
	if (!n)
		snprintf(buf, len, "0");
}

static void txn_case_cfg(const struct txn_case *c, struct sipoff_txn_cfg *cfg)
{
	sipoff_txn_cfg_default(cfg);
	if (c->t1)
		cfg->t1_ms = c->t1;
	if (c->t2)
		cfg->t2_ms = c->t2;
	if (c->t4)
		cfg->t4_ms = c->t4;
	if (c->d)
		cfg->timer_d_ms = c->d;
	if (c->trying)
		cfg->trying_ms = c->trying == TXN_TRYING_OFF ? 0 : c->trying;
	if (c->resend)
		cfg->resend_per_t1 = c->resend;
	if (c->idle)
		cfg->idle_ms = c->idle;
}

static const char *const txn_ev_names[] = {
	"END", "REQ_IN", "REQ_OUT", "RSP_IN", "RSP_OUT", "ACK_IN", "ACK_OUT", "FIRE",
	"TICK", "NEXT", "QUIET",
};

/* Failure reports live in their own frames: the kernel's 1024-byte frame limit (with KASAN)
 * must hold for the runner.
 */
static __attribute__((__noinline__, __format__(printf, 5, 6)))
void txn_step_fail(void *ctx, const struct txn_case *c, int i, const struct txn_step *s,
		   const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int n;

	n = snprintf(msg, sizeof(msg), "%s step %d (%s at %u): ", c->name, i,
		     txn_ev_names[s->ev], s->t);
	if (n < 0 || n >= (int)sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	txn_fail(ctx, msg);
}

static __attribute__((__noinline__))
void txn_act_fail(void *ctx, const struct txn_case *c, int i, const struct txn_step *s, u16 act)
{
	char got[80], want[80];

	txn_act_str(act, got, sizeof(got));
	txn_act_str(s->act, want, sizeof(want));
	txn_step_fail(ctx, c, i, s, "actions %s, want %s", got, want);
}

/* Run one scenario; returns the number of failed assertions (each reported to txn_fail()). */
static int txn_run_case(const struct txn_case *c, void *ctx)
{
	struct sipoff_txn_cfg cfg;
	struct sipoff_txn txn;
	int i, fails = 0;

	txn_case_cfg(c, &cfg);
	if (!sipoff_txn_cfg_valid(&cfg)) {
		txn_fail(ctx, c->name);
		return 1;
	}
	sipoff_txn_init(&txn, c->kind, c->mode, &cfg, 0);

	for (i = 0; c->steps[i].ev != TEV_END; i++) {
		const struct txn_step *s = &c->steps[i];
		struct sipoff_txn_verdict v;
		struct sipoff_txn_msg m = {
			.to_tag = TXN_TAG(s->tag),
			.rseq = s->rseq,
			.code = s->code,
			.reliable = !!(s->flags & TF_RELIABLE),
			.delivered = !!(s->flags & TF_DELIVERED),
		};
		u64 next = sipoff_txn_next_deadline(&txn);

#define TXN_CHECK(cond, fmt, ...) do {							\
		if (!(cond)) {								\
			txn_step_fail(ctx, c, i, s, fmt, ##__VA_ARGS__);		\
			fails++;							\
		}									\
	} while (0)

		switch (s->ev) {
		case TEV_NEXT:
			TXN_CHECK(next == s->t, "next deadline %llu, want %u",
				  (unsigned long long)next, s->t);
			continue;
		case TEV_QUIET:
			TXN_CHECK(!next || next > s->t, "a timer is due at %llu",
				  (unsigned long long)next);
			continue;
		case TEV_FIRE:
			TXN_CHECK(next == s->t, "next deadline %llu, want %u",
				  (unsigned long long)next, s->t);
			v = sipoff_txn_timer(&txn, s->t);
			break;
		case TEV_TICK:
			v = sipoff_txn_timer(&txn, s->t);
			break;
		default:
			TXN_CHECK(!next || next >= s->t, "a timer was due at %llu, before",
				  (unsigned long long)next);
			switch (s->ev) {
			case TEV_REQ_IN:
				v = sipoff_txn_request_in(&txn, s->t, &m);
				break;
			case TEV_REQ_OUT:
				v = sipoff_txn_request_out(&txn, s->t, &m);
				break;
			case TEV_RSP_IN:
				v = sipoff_txn_response_in(&txn, s->t, &m);
				break;
			case TEV_RSP_OUT:
				v = sipoff_txn_response_out(&txn, s->t, &m);
				break;
			case TEV_ACK_IN:
				v = sipoff_txn_ack_in(&txn, s->t, &m);
				break;
			default:
				v = sipoff_txn_ack_out(&txn, s->t, &m);
				break;
			}
		}
		if (v.act != s->act) {
			txn_act_fail(ctx, c, i, s, v.act);
			fails++;
		}
		if (s->act & SIPOFF_TXN_ACT_TIMEOUT)
			TXN_CHECK(v.timer == s->timer, "timeout of %s, want %s",
				  sipoff_txn_timer_name(v.timer), sipoff_txn_timer_name(s->timer));
		else
			TXN_CHECK(v.timer == SIPOFF_TXN_TIMER_NONE, "timer %s reported",
				  sipoff_txn_timer_name(v.timer));
		if (s->act & (SIPOFF_TXN_ACT_STORE_ACK | SIPOFF_TXN_ACT_SEND_ACK |
			      SIPOFF_TXN_ACT_REPLAY_ACK))
			TXN_CHECK(v.fork == s->fork, "ACK slot %u, want %u", v.fork, s->fork);
		TXN_CHECK(txn.state == s->state, "state %s, want %s",
			  sipoff_txn_state_name(txn.state), sipoff_txn_state_name(s->state));
#undef TXN_CHECK
	}
	return fails;
}

/* ========================================================================================== */
/* Function tests: settings, keys, names                                                      */

static __attribute__((__noinline__))
void txn_expect_fail(void *ctx, const char *func, int line, const char *cond)
{
	char msg[200];

	snprintf(msg, sizeof(msg), "%s:%d: %s", func, line, cond);
	txn_fail(ctx, msg);
}

#define TXN_EXPECT(cond) do {								\
	if (!(cond)) {									\
		txn_expect_fail(ctx, __func__, __LINE__, #cond);			\
		fails++;								\
	}										\
} while (0)

#define TXN_B(s)	((struct sipoff_txn_bytes){ (const u8 *)(s), sizeof(s) - 1 })

static int txn_cfg_checks(void *ctx)
{
	struct sipoff_txn_cfg cfg;
	int fails = 0;

	sipoff_txn_cfg_default(&cfg);
	TXN_EXPECT(sipoff_txn_cfg_valid(&cfg));
	TXN_EXPECT(cfg.t1_ms == 500 && cfg.t2_ms == 4000 && cfg.t4_ms == 5000);
	TXN_EXPECT(cfg.timer_d_ms >= 32000 && cfg.trying_ms == 200);
	cfg.t1_ms = 9;
	TXN_EXPECT(!sipoff_txn_cfg_valid(&cfg));
	cfg.t1_ms = 5000;
	TXN_EXPECT(!sipoff_txn_cfg_valid(&cfg));	/* T1 > T2 */
	cfg.t1_ms = 50;
	TXN_EXPECT(sipoff_txn_cfg_valid(&cfg));
	cfg.resend_per_t1 = 0;
	TXN_EXPECT(!sipoff_txn_cfg_valid(&cfg));
	return fails;
}

static const struct sipoff_txn_seed txn_seed = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
static const struct sipoff_txn_seed txn_seed2 = { 1, 2 };

static int txn_key_3261_checks(void *ctx)
{
	struct sipoff_txn_key inv, inv2, ack, cancel, other_sb, sb_case, cli, cli_rsp, cli_sb, reg;
	const enum sipoff_txn_side srv = SIPOFF_TXN_SERVER;
	int fails = 0;

	sipoff_txn_key_3261(&inv, &txn_seed, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("pc33.atlanta.com"), TXN_B("INVITE"));
	sipoff_txn_key_3261(&inv2, &txn_seed, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("pc33.atlanta.com"), TXN_B("INVITE"));
	sipoff_txn_key_3261(&ack, &txn_seed, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("pc33.atlanta.com"), TXN_B("ACK"));
	sipoff_txn_key_3261(&cancel, &txn_seed, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("pc33.atlanta.com"), TXN_B("CANCEL"));
	sipoff_txn_key_3261(&other_sb, &txn_seed, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("evil.example.com"), TXN_B("INVITE"));
	sipoff_txn_key_3261(&sb_case, &txn_seed, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("PC33.Atlanta.COM"), TXN_B("INVITE"));
	sipoff_txn_key_3261(&reg, &txn_seed, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("pc33.atlanta.com"), TXN_B("REGISTER"));

	/* §17.2.3: a copy matches; ACK matches its INVITE; CANCEL is its own; sent-by counts */
	TXN_EXPECT(sipoff_txn_key_match(&inv, &inv2, 0));
	TXN_EXPECT(sipoff_txn_key_match(&inv, &ack, 0));
	TXN_EXPECT(ack.method == SIPOFF_TXN_M_ACK && (ack.flags & SIPOFF_TXN_KEY_ACK));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &cancel, 0));
	TXN_EXPECT(cancel.method == SIPOFF_TXN_M_CANCEL);
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &other_sb, 0));
	TXN_EXPECT(sipoff_txn_key_match(&inv, &sb_case, 0));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &reg, 0));

	/* §17.1.3: client side by branch + CSeq method; sent-by plays no part; sides never mix */
	sipoff_txn_key_3261(&cli, &txn_seed, SIPOFF_TXN_CLIENT, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("pc33.atlanta.com"), TXN_B("INVITE"));
	sipoff_txn_key_3261(&cli_rsp, &txn_seed, SIPOFF_TXN_CLIENT, TXN_B("z9hG4bK776asdhds"),
			    TXN_B(""), TXN_B("INVITE"));
	sipoff_txn_key_3261(&cli_sb, &txn_seed, SIPOFF_TXN_CLIENT, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("other"), TXN_B("ACK"));
	TXN_EXPECT(sipoff_txn_key_match(&cli, &cli_rsp, 0));
	TXN_EXPECT(sipoff_txn_key_match(&cli, &cli_sb, 0));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &cli, 0));

	/* the secret matters; branches are compared exactly */
	sipoff_txn_key_3261(&inv2, &txn_seed2, srv, TXN_B("z9hG4bK776asdhds"),
			    TXN_B("pc33.atlanta.com"), TXN_B("INVITE"));
	TXN_EXPECT(inv2.hash != inv.hash);
	sipoff_txn_key_3261(&inv2, &txn_seed, srv, TXN_B("z9hG4bK776asdhdS"),
			    TXN_B("pc33.atlanta.com"), TXN_B("INVITE"));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &inv2, 0));
	/* field boundaries are part of the hash */
	sipoff_txn_key_3261(&inv2, &txn_seed, srv, TXN_B("z9hG4bK776asdhdsp"),
			    TXN_B("c33.atlanta.com"), TXN_B("INVITE"));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &inv2, 0));
	return fails;
}

static int txn_key_2543_checks(void *ctx)
{
	struct sipoff_txn_2543 f = {
		.ruri = TXN_B("sip:bob@biloxi.com"),
		.to_tag = TXN_B(""),
		.from_tag = TXN_B("1928301774"),
		.call_id = TXN_B("a84b4c76e66710"),
		.top_via = TXN_B("SIP/2.0/UDP pc33.atlanta.com"),
		.cseq = 314159,
	};
	struct sipoff_txn_key inv, copy, ack, ack_bad, bye, cli_inv, cli_rsp;
	u64 resp_tag = sipoff_txn_hash_tag(&txn_seed, TXN_B("a6c85cf"));
	int fails = 0;

	sipoff_txn_key_2543(&inv, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("INVITE"));
	sipoff_txn_key_2543(&copy, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("INVITE"));
	TXN_EXPECT(inv.flags & SIPOFF_TXN_KEY_2543);
	TXN_EXPECT(sipoff_txn_key_match(&inv, &copy, resp_tag));

	/* the ACK carries the To tag of the server's response */
	f.to_tag = TXN_B("a6c85cf");
	sipoff_txn_key_2543(&ack, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("ACK"));
	TXN_EXPECT(sipoff_txn_key_match(&inv, &ack, resp_tag));
	f.to_tag = TXN_B("other");
	sipoff_txn_key_2543(&ack_bad, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("ACK"));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &ack_bad, resp_tag));
	/* an INVITE with a To tag is another transaction (a re-INVITE) */
	sipoff_txn_key_2543(&copy, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("INVITE"));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &copy, resp_tag));
	/* other CSeq method, other CSeq number, other Request-URI: other transactions */
	sipoff_txn_key_2543(&bye, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("BYE"));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &bye, resp_tag));
	f.to_tag = TXN_B("");
	f.cseq = 314160;
	sipoff_txn_key_2543(&copy, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("INVITE"));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &copy, resp_tag));
	f.cseq = 314159;
	f.ruri = TXN_B("sip:bob@biloxi.org");
	sipoff_txn_key_2543(&copy, &txn_seed, SIPOFF_TXN_SERVER, &f, TXN_B("INVITE"));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &copy, resp_tag));

	/* client side: the response has no Request-URI and a To tag of its own */
	sipoff_txn_key_2543(&cli_inv, &txn_seed, SIPOFF_TXN_CLIENT, &f, TXN_B("INVITE"));
	f.ruri = TXN_B("");
	f.to_tag = TXN_B("a6c85cf");
	sipoff_txn_key_2543(&cli_rsp, &txn_seed, SIPOFF_TXN_CLIENT, &f, TXN_B("INVITE"));
	TXN_EXPECT(sipoff_txn_key_match(&cli_inv, &cli_rsp, 0));
	TXN_EXPECT(!sipoff_txn_key_match(&inv, &cli_inv, resp_tag));
	return fails;
}

static int txn_key_misc_checks(void *ctx)
{
	struct sipoff_txn_key a, b, c, d;
	int fails = 0;

	/* the 2xx ACK: dialog + CSeq, the INVITE's and the ACK's keys are the same */
	sipoff_txn_key_dialog(&a, &txn_seed, SIPOFF_TXN_SERVER, TXN_B("a84b4c76e66710"),
			      TXN_B("1928301774"), 314159);
	sipoff_txn_key_dialog(&b, &txn_seed, SIPOFF_TXN_SERVER, TXN_B("a84b4c76e66710"),
			      TXN_B("1928301774"), 314159);
	sipoff_txn_key_dialog(&c, &txn_seed, SIPOFF_TXN_SERVER, TXN_B("a84b4c76e66710"),
			      TXN_B("1928301774"), 314160);
	sipoff_txn_key_dialog(&d, &txn_seed, SIPOFF_TXN_CLIENT, TXN_B("a84b4c76e66710"),
			      TXN_B("1928301774"), 314159);
	TXN_EXPECT(sipoff_txn_key_match(&a, &b, 0));
	TXN_EXPECT(!sipoff_txn_key_match(&a, &c, 0));
	TXN_EXPECT(!sipoff_txn_key_match(&a, &d, 0));

	TXN_EXPECT(sipoff_txn_branch_is_3261(TXN_B("z9hG4bK776asdhds")));
	TXN_EXPECT(!sipoff_txn_branch_is_3261(TXN_B("z9hG4bK")));
	TXN_EXPECT(!sipoff_txn_branch_is_3261(TXN_B("z9hg4bk776")));
	TXN_EXPECT(!sipoff_txn_branch_is_3261(TXN_B("")));
	TXN_EXPECT(sipoff_txn_method_of(TXN_B("INVITE")) == SIPOFF_TXN_M_INVITE);
	TXN_EXPECT(sipoff_txn_method_of(TXN_B("ACK")) == SIPOFF_TXN_M_ACK);
	TXN_EXPECT(sipoff_txn_method_of(TXN_B("CANCEL")) == SIPOFF_TXN_M_CANCEL);
	TXN_EXPECT(sipoff_txn_method_of(TXN_B("invite")) == SIPOFF_TXN_M_OTHER);
	TXN_EXPECT(sipoff_txn_method_of(TXN_B("INVITEX")) == SIPOFF_TXN_M_OTHER);
	TXN_EXPECT(sipoff_txn_kind_of(SIPOFF_TXN_M_INVITE, SIPOFF_TXN_SERVER) == SIPOFF_TXN_IST);
	TXN_EXPECT(sipoff_txn_kind_of(SIPOFF_TXN_M_INVITE, SIPOFF_TXN_CLIENT) == SIPOFF_TXN_ICT);
	TXN_EXPECT(sipoff_txn_kind_of(SIPOFF_TXN_M_CANCEL, SIPOFF_TXN_SERVER) == SIPOFF_TXN_NIST);
	TXN_EXPECT(sipoff_txn_kind_of(SIPOFF_TXN_M_OTHER, SIPOFF_TXN_CLIENT) == SIPOFF_TXN_NICT);
	TXN_EXPECT(sipoff_txn_kind_of(SIPOFF_TXN_M_ACK, SIPOFF_TXN_SERVER) == SIPOFF_TXN_KIND_NR);
	TXN_EXPECT(sipoff_txn_hash_tag(&txn_seed, TXN_B("")) == 0);
	TXN_EXPECT(sipoff_txn_hash_tag(&txn_seed, TXN_B("x")) != 0);
	TXN_EXPECT(sipoff_txn_hash_tag(&txn_seed, TXN_B("x")) !=
		   sipoff_txn_hash_tag(&txn_seed, TXN_B("y")));
	return fails;
}

static int txn_name_checks(void *ctx)
{
	int fails = 0;

	TXN_EXPECT(!strcmp(sipoff_txn_state_name(SIPOFF_TXN_S_ACCEPTED), "accepted"));
	TXN_EXPECT(!strcmp(sipoff_txn_state_name(200), "?"));
	TXN_EXPECT(!strcmp(sipoff_txn_kind_name(SIPOFF_TXN_NIST), "nist"));
	TXN_EXPECT(!strcmp(sipoff_txn_timer_name(SIPOFF_TXN_TIMER_M), "M"));
	TXN_EXPECT(!strcmp(sipoff_txn_timer_name(SIPOFF_TXN_TIMER_NONE), "?"));
	return fails;
}

static int txn_armed_checks(void *ctx)
{
	struct sipoff_txn_cfg cfg;
	struct sipoff_txn txn;
	struct sipoff_txn_msg m = { .code = 0 };
	int fails = 0;

	sipoff_txn_cfg_default(&cfg);
	sipoff_txn_init(&txn, SIPOFF_TXN_ICT, SIPOFF_TXN_MODE_OFFLOAD, &cfg, 1);
	TXN_EXPECT(sipoff_txn_armed(&txn) == 0);
	sipoff_txn_request_out(&txn, 1, &m);
	TXN_EXPECT(sipoff_txn_armed(&txn) == ((1U << SIPOFF_TXN_TIMER_A) |
					      (1U << SIPOFF_TXN_TIMER_B) |
					      (1U << SIPOFF_TXN_TIMER_LINGER)));
	TXN_EXPECT(sipoff_txn_resp_to_tag(&txn) == 0);

	/* a server's response To tag (RFC 2543 ACK matching) */
	sipoff_txn_init(&txn, SIPOFF_TXN_IST, SIPOFF_TXN_MODE_TRANSPARENT, &cfg, 1);
	sipoff_txn_request_in(&txn, 1, &m);
	TXN_EXPECT(sipoff_txn_armed(&txn) == 1U << SIPOFF_TXN_TIMER_LINGER);
	m.code = 486;
	m.to_tag = TXN_TAG(3);
	sipoff_txn_response_out(&txn, 2, &m);
	TXN_EXPECT(sipoff_txn_resp_to_tag(&txn) == TXN_TAG(3));
	return fails;
}

/* Every timer at scale: T1 50 ms as the kernel tests use (contract §8), Timer D 1 s. */
static int txn_scaled_checks(void *ctx)
{
	struct sipoff_txn_cfg cfg;
	struct sipoff_txn txn;
	struct sipoff_txn_msg m = { .code = 0 };
	struct sipoff_txn_verdict v;
	u64 t = 1000, at;
	int fails = 0, n = 0;

	sipoff_txn_cfg_default(&cfg);
	cfg.t1_ms = 50;
	cfg.t2_ms = 400;
	cfg.t4_ms = 500;
	cfg.timer_d_ms = 1000;
	TXN_EXPECT(sipoff_txn_cfg_valid(&cfg));

	/* INVITE client: A at 1,2,4,8,16,32 T1 after the previous, B at 64 T1 */
	sipoff_txn_init(&txn, SIPOFF_TXN_ICT, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	sipoff_txn_request_out(&txn, t, &m);
	while ((at = sipoff_txn_next_deadline(&txn)) && n < 20) {
		v = sipoff_txn_timer(&txn, at);
		n++;
		if (v.act & SIPOFF_TXN_ACT_TIMEOUT) {
			TXN_EXPECT(v.timer == SIPOFF_TXN_TIMER_B);
			TXN_EXPECT(at == t + 64 * 50);
			break;
		}
		TXN_EXPECT(v.act == SIPOFF_TXN_ACT_RESEND_REQUEST);
		TXN_EXPECT(at == t + 50 * ((1ULL << n) - 1));
	}
	TXN_EXPECT(n == 7);

	/* non-INVITE client: E at 50, 100, 200, 400, 400... (T2 = 400), F at 3200 */
	sipoff_txn_init(&txn, SIPOFF_TXN_NICT, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	sipoff_txn_request_out(&txn, t, &m);
	{
		static const u32 e_at[] = { 50, 150, 350, 750, 1150, 1550, 1950, 2350, 2750, 3150 };

		for (n = 0; n < (int)ARRAY_SIZE(e_at); n++) {
			at = sipoff_txn_next_deadline(&txn);
			TXN_EXPECT(at == t + e_at[n]);
			v = sipoff_txn_timer(&txn, at);
			TXN_EXPECT(v.act == SIPOFF_TXN_ACT_RESEND_REQUEST);
		}
	}
	at = sipoff_txn_next_deadline(&txn);
	TXN_EXPECT(at == t + 3200);
	v = sipoff_txn_timer(&txn, at);
	TXN_EXPECT((v.act & SIPOFF_TXN_ACT_TIMEOUT) && v.timer == SIPOFF_TXN_TIMER_F);

	/* INVITE client, non-2xx: D is its own setting */
	sipoff_txn_init(&txn, SIPOFF_TXN_ICT, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	sipoff_txn_request_out(&txn, t, &m);
	m.code = 486;
	v = sipoff_txn_response_in(&txn, t + 10, &m);
	TXN_EXPECT(v.act == (SIPOFF_TXN_ACT_PASS | SIPOFF_TXN_ACT_SEND_ACK));
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_D] == t + 10 + 1000);

	/* INVITE server: G 50, 100, 200, 400, 400 ..., H at 3200, I at T4 */
	sipoff_txn_init(&txn, SIPOFF_TXN_IST, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	m.code = 0;
	sipoff_txn_request_in(&txn, t, &m);
	m.code = 500;
	sipoff_txn_response_out(&txn, t, &m);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_G] == t + 50);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_H] == t + 3200);
	sipoff_txn_timer(&txn, t + 50);
	sipoff_txn_timer(&txn, t + 150);
	sipoff_txn_timer(&txn, t + 350);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_G] == t + 750);
	sipoff_txn_timer(&txn, t + 750);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_G] == t + 1150);
	v = sipoff_txn_ack_in(&txn, t + 800, &m);
	TXN_EXPECT(v.act == SIPOFF_TXN_ACT_ABSORB);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_I] == t + 1300);
	TXN_EXPECT(!txn.deadline[SIPOFF_TXN_TIMER_G] && !txn.deadline[SIPOFF_TXN_TIMER_H]);

	/* non-INVITE server: J at 64 T1; non-INVITE client: K at T4 */
	sipoff_txn_init(&txn, SIPOFF_TXN_NIST, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	m.code = 0;
	sipoff_txn_request_in(&txn, t, &m);
	m.code = 200;
	sipoff_txn_response_out(&txn, t + 5, &m);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_J] == t + 5 + 3200);
	sipoff_txn_init(&txn, SIPOFF_TXN_NICT, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	m.code = 0;
	sipoff_txn_request_out(&txn, t, &m);
	m.code = 200;
	sipoff_txn_response_in(&txn, t + 5, &m);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_K] == t + 5 + 500);

	/* L and M at 64 T1 */
	sipoff_txn_init(&txn, SIPOFF_TXN_IST, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	m.code = 0;
	sipoff_txn_request_in(&txn, t, &m);
	m.code = 200;
	sipoff_txn_response_out(&txn, t + 5, &m);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_L] == t + 5 + 3200);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_G] == t + 5 + 50);
	sipoff_txn_init(&txn, SIPOFF_TXN_ICT, SIPOFF_TXN_MODE_OFFLOAD, &cfg, t);
	m.code = 0;
	sipoff_txn_request_out(&txn, t, &m);
	m.code = 200;
	sipoff_txn_response_in(&txn, t + 5, &m);
	TXN_EXPECT(txn.deadline[SIPOFF_TXN_TIMER_M] == t + 5 + 3200);
	TXN_EXPECT(!txn.deadline[SIPOFF_TXN_TIMER_A] && !txn.deadline[SIPOFF_TXN_TIMER_B]);
	return fails;
}

/* ========================================================================================== */
/* Random sequences: invariants that hold whatever the peers and the application do            */

static u64 txn_rand(u64 *st)
{
	u64 x = *st;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*st = x;
	return x;
}

#define TXN_RAND_RUNS	400
#define TXN_RAND_EVENTS	48
#define TXN_RAND_WIN	9	/* > 2 * resend_per_t1 */

/*
 * For every kind and mode, random messages of the right side (random codes, To tags, copies,
 * known-delivered flags) at random times, with every timer run exactly when due, as the glue's
 * kernel timer would.  Checked after every call:
 *  - a packet event gives exactly one of PASS and ABSORB; a timer neither; FREE only from a
 *    timer, and then nothing is armed any more;
 *  - at most one re-send per event; copy-driven re-sends at most 2 * resend_per_t1 in any T1
 *    (the bound is per T1 window, so two adjacent windows can meet in one interval);
 *  - TIMEOUT if and only if a timer is named;
 *  - off mode: PASS and nothing else, no timer; transparent mode: the application's own
 *    messages always pass, timers only ever free (never a re-send, 100, ACK or timeout);
 *  - after a timer run nothing armed is due; the state is freed no earlier than 64*T1 after the
 *    last message (rule 6) and, once messages stop, within a bounded time.
 */
static int txn_random_checks(void *ctx)
{
	static const u16 codes[] = { 100, 180, 183, 200, 202, 404, 486, 487, 603 };
	const u16 resend_acts = SIPOFF_TXN_ACT_RESEND_RESPONSE | SIPOFF_TXN_ACT_REPLAY_ACK |
				SIPOFF_TXN_ACT_SEND_ACK;
	struct sipoff_txn_cfg cfg;
	struct sipoff_txn txn;
	u64 st = 0x9e3779b97f4a7c15ULL;
	int run, fails = 0;

	sipoff_txn_cfg_default(&cfg);
	cfg.t1_ms = 50;
	cfg.t2_ms = 400;
	cfg.t4_ms = 500;
	cfg.timer_d_ms = 1000;
	cfg.trying_ms = 20;
	cfg.resend_per_t1 = 3;
	cfg.idle_ms = 5000;

	for (run = 0; run < TXN_RAND_RUNS && fails < 5; run++) {
		u8 kind = txn_rand(&st) % SIPOFF_TXN_KIND_NR;
		u8 mode = txn_rand(&st) % SIPOFF_TXN_MODE_NR;
		bool server = kind == SIPOFF_TXN_IST || kind == SIPOFF_TXN_NIST;
		u64 now = 1 + txn_rand(&st) % 1000, last_msg = now, win[TXN_RAND_WIN] = { 0 };
		u64 limit;
		bool freed = false;
		int e, nwin = 0;

		sipoff_txn_init(&txn, kind, mode, &cfg, now);
		for (e = 0; e <= TXN_RAND_EVENTS && !freed; e++) {
			struct sipoff_txn_verdict v;
			struct sipoff_txn_msg m = { 0 };
			u64 next = sipoff_txn_next_deadline(&txn), when;
			bool app = false, pkt = true;
			u32 r = txn_rand(&st);

			when = now + (r % 4 == 0 ? txn_rand(&st) % (70 * cfg.t1_ms) :
				      txn_rand(&st) % (2 * cfg.t1_ms));
			if (e == TXN_RAND_EVENTS)	/* then let it run out */
				when = ~0ULL;
			if (next && next <= when) {
				now = next;
				v = sipoff_txn_timer(&txn, now);
				pkt = false;
				TXN_EXPECT(!(v.act & (SIPOFF_TXN_ACT_PASS | SIPOFF_TXN_ACT_ABSORB)));
				next = sipoff_txn_next_deadline(&txn);
				TXN_EXPECT(!next || next > now);
				if (v.act & SIPOFF_TXN_ACT_FREE) {
					freed = true;
					TXN_EXPECT(!next);
					TXN_EXPECT(txn.state == SIPOFF_TXN_S_TERMINATED);
					TXN_EXPECT(now >= last_msg + 64ULL * cfg.t1_ms);
				}
				if (mode == SIPOFF_TXN_MODE_TRANSPARENT)
					TXN_EXPECT(!(v.act & ~SIPOFF_TXN_ACT_FREE));
				e--;	/* a timer is not an event */
			} else if (e == TXN_RAND_EVENTS) {
				TXN_EXPECT(mode == SIPOFF_TXN_MODE_OFF || freed);
				break;
			} else {
				now = when;
				last_msg = now;
				m.to_tag = TXN_TAG(txn_rand(&st) % 4);
				m.delivered = txn_rand(&st) & 1;
				m.code = codes[txn_rand(&st) % ARRAY_SIZE(codes)];
				if (m.code > 100 && m.code < 200 && (txn_rand(&st) & 1)) {
					m.reliable = true;
					m.rseq = 1 + txn_rand(&st) % 3;
				}
				if (e == 0 || (r % 3 == 2 && (kind == SIPOFF_TXN_NICT ||
							       kind == SIPOFF_TXN_NIST)))
					r = 0;	/* the first is the request; ACKs go to INVITEs */
				switch (r % 3) {
				case 0:	/* the request or a copy */
					m.code = 0;
					if (server) {
						v = sipoff_txn_request_in(&txn, now, &m);
					} else {
						v = sipoff_txn_request_out(&txn, now, &m);
						app = true;
					}
					break;
				case 1:	/* a response */
					if (server) {
						v = sipoff_txn_response_out(&txn, now, &m);
						app = true;
					} else {
						v = sipoff_txn_response_in(&txn, now, &m);
					}
					break;
				default:	/* an ACK */
					m.code = 0;
					if (server) {
						v = sipoff_txn_ack_in(&txn, now, &m);
					} else {
						v = sipoff_txn_ack_out(&txn, now, &m);
						app = true;
					}
					break;
				}
				TXN_EXPECT(!!(v.act & SIPOFF_TXN_ACT_PASS) !=
					   !!(v.act & SIPOFF_TXN_ACT_ABSORB));
				TXN_EXPECT(!(v.act & (SIPOFF_TXN_ACT_FREE | SIPOFF_TXN_ACT_TIMEOUT)));
				if (app && mode == SIPOFF_TXN_MODE_TRANSPARENT)
					TXN_EXPECT(v.act & SIPOFF_TXN_ACT_PASS);
				if (mode == SIPOFF_TXN_MODE_TRANSPARENT)
					TXN_EXPECT(!(v.act & (SIPOFF_TXN_ACT_SEND_ACK |
							      SIPOFF_TXN_ACT_SEND_100)));
			}
			if (mode == SIPOFF_TXN_MODE_OFF) {
				TXN_EXPECT(v.act == (pkt ? SIPOFF_TXN_ACT_PASS : 0));
				TXN_EXPECT(!sipoff_txn_next_deadline(&txn));
			}
			TXN_EXPECT(!!(v.act & SIPOFF_TXN_ACT_TIMEOUT) ==
				   (v.timer != SIPOFF_TXN_TIMER_NONE));
			TXN_EXPECT(!(pkt && (v.act & resend_acts) & ((v.act & resend_acts) - 1)));
			if (pkt && (v.act & (SIPOFF_TXN_ACT_RESEND_RESPONSE |
					     SIPOFF_TXN_ACT_REPLAY_ACK))) {
				/* win[] holds the times of the last copy-driven re-sends */
				win[nwin++ % TXN_RAND_WIN] = now;
				if (nwin >= 2 * (int)cfg.resend_per_t1 + 1) {
					u64 first = win[(nwin - 2 * cfg.resend_per_t1 - 1) %
							TXN_RAND_WIN];

					TXN_EXPECT(now - first >= cfg.t1_ms);
				}
			}
		}
		/* bounded life: idle or 64*T1 after the last message, plus the longest RFC timer */
		limit = last_msg + cfg.idle_ms + 64ULL * cfg.t1_ms + cfg.timer_d_ms + cfg.t4_ms;
		if (mode != SIPOFF_TXN_MODE_OFF)
			TXN_EXPECT(freed && now <= limit);
	}
	return fails;
}

#define TXN_FUNC_LIST(X) \
	X(txn_cfg_checks) \
	X(txn_key_3261_checks) \
	X(txn_key_2543_checks) \
	X(txn_key_misc_checks) \
	X(txn_name_checks) \
	X(txn_armed_checks) \
	X(txn_scaled_checks) \
	X(txn_random_checks)

#endif /* _SIPOFF_TXN_CASES_H */
