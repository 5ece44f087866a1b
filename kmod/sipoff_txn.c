// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_txn.c - the four SIP transaction state machines as pure decisions.
 *
 * RFC 3261 §17 as updated by RFC 6026 (Accepted state, Timers L and M), in the two working
 * modes of the behaviour contract (shared/semantics.md §2):
 *
 *  transparent  The application keeps its own transaction layer.  The machine follows the
 *               application's messages through the RFC states but never retransmits on a
 *               timer and reports no timeout; it only stands in for answers the application
 *               already gave (contract §2.1 rules 1-6).  The only timer is the linger timer.
 *  offload      The RFC timers run (A, B, D-M) and the kernel retransmits, ACKs non-2xx finals,
 *               sends 100 Trying and reports timeouts (contract §2.2), on top of the
 *               transparent rules.
 *  off          Every call answers PASS and keeps no state.
 *
 * Time is in milliseconds, passed in by the caller.  A deadline of 0 means "disarmed".
 *
 * Timers (contract §4; T1, T2, T4, Timer D and the 100 Trying delay from struct sipoff_txn_cfg;
 * offload mode only, except the linger timer):
 *
 *   A  INVITE client, Calling.  Armed at T1 when the INVITE is sent; on expiry the request is
 *      re-sent and A re-armed with twice the previous interval (T1, 2·T1, 4·T1, ... uncapped).
 *      Stopped by any response.
 *   B  INVITE client, Calling.  64·T1 after the INVITE is sent; on expiry the timeout is
 *      reported and the transaction terminates.  Stopped by any response (Proceeding has no
 *      transaction timer: Timer C belongs to proxies).
 *   D  INVITE client, Completed.  Armed with the separate Timer D setting (>= 32 s on UDP) when
 *      a 300-699 arrives; absorbs response copies (answered with the kept ACK); on expiry the
 *      transaction terminates.
 *   E  non-INVITE client, Trying/Proceeding.  Armed at T1 when the request is sent; on expiry
 *      the request is re-sent and E re-armed at min(2·interval, T2) in Trying, at T2 in
 *      Proceeding.  Stopped by a final response.
 *   F  non-INVITE client, Trying/Proceeding.  64·T1 after the request; on expiry the timeout is
 *      reported and the transaction terminates.  Stopped by a final response.
 *   G  INVITE server, Completed (non-2xx final) and Accepted (2xx, the §13.3.1.4 duty the
 *      kernel takes over in offload).  Armed at T1 when the final is sent; on expiry the final
 *      is re-sent and G re-armed at min(2·interval, T2).  Stopped by the ACK (for a 2xx: the
 *      ACK for the To tag of the kept 2xx).
 *   H  INVITE server, Completed.  64·T1 after the non-2xx final; on expiry the missing ACK is
 *      reported and the transaction terminates.
 *   I  INVITE server, Confirmed.  T4 after the ACK; absorbs ACK copies; on expiry terminates.
 *   J  non-INVITE server, Completed.  64·T1 after the final; request copies are answered with
 *      the final; on expiry terminates.
 *   K  non-INVITE client, Completed.  T4 after the final; absorbs response copies; on expiry
 *      terminates.
 *   L  INVITE server, Accepted (RFC 6026).  64·T1 after the first 2xx; INVITE copies and 2xx
 *      ACKs are handled; on expiry terminates, reporting L when a 2xx was never ACKed.
 *   M  INVITE client, Accepted (RFC 6026).  64·T1 after the first 2xx; 2xx copies pass once per
 *      To tag and are then answered with the application's ACK; on expiry terminates,
 *      reporting M when the application never ACKed a 2xx.
 *   TRYING  INVITE server, Proceeding.  The 100 Trying delay (default 200 ms, 0 = off) after the
 *      INVITE; on expiry, if the application sent no response, the kernel sends 100 Trying.
 *   LINGER  Every mode.  Contract §2.1 rule 6: the state is kept at least 64·T1 after the last
 *      message so late copies still match; then it is freed.  Before a final response the
 *      transaction waits max(idle, 64·T1) instead (a call may ring for minutes).  In offload
 *      mode it runs only in Terminated and before a final (the RFC timers end the others).
 *
 * Re-sends triggered by incoming copies are at most one per copy and at most resend_per_t1 per
 * T1 window per transaction (contract §3); timer re-sends follow the timers above.
 */
#include "sipoff_plain.h"
#include "sipoff_txn.h"

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                    */

static inline bool txn_server(const struct sipoff_txn *txn)
{
	return txn->kind == SIPOFF_TXN_IST || txn->kind == SIPOFF_TXN_NIST;
}

static inline bool txn_offload(const struct sipoff_txn *txn)
{
	return txn->mode == SIPOFF_TXN_MODE_OFFLOAD;
}

static inline u64 txn_64t1(const struct sipoff_txn *txn)
{
	return 64ULL * txn->cfg.t1_ms;
}

static inline void txn_arm(struct sipoff_txn *txn, enum sipoff_txn_timer t, u64 at)
{
	txn->deadline[t] = at ? at : 1;
}

static inline void txn_disarm(struct sipoff_txn *txn, enum sipoff_txn_timer t)
{
	txn->deadline[t] = 0;
}

static inline bool txn_armed(const struct sipoff_txn *txn, enum sipoff_txn_timer t)
{
	return txn->deadline[t] != 0;
}

static inline struct sipoff_txn_verdict txn_verdict(u16 act)
{
	struct sipoff_txn_verdict v = {
		.act = act,
		.timer = SIPOFF_TXN_TIMER_NONE,
		.fork = SIPOFF_TXN_FORK_NON2XX,
	};

	return v;
}

static inline bool txn_before_final(const struct sipoff_txn *txn)
{
	return txn->state == SIPOFF_TXN_S_INIT || txn->state == SIPOFF_TXN_S_CALLING ||
	       txn->state == SIPOFF_TXN_S_TRYING || txn->state == SIPOFF_TXN_S_PROCEEDING;
}

/* The linger timer: see the table above. */
static void txn_linger_rearm(struct sipoff_txn *txn)
{
	u64 wait = txn_64t1(txn);

	if (txn_before_final(txn)) {
		if (txn->cfg.idle_ms > wait)
			wait = txn->cfg.idle_ms;
	} else if (txn_offload(txn) && txn->state != SIPOFF_TXN_S_TERMINATED) {
		txn_disarm(txn, SIPOFF_TXN_TIMER_LINGER);
		return;
	}
	txn_arm(txn, SIPOFF_TXN_TIMER_LINGER, txn->last_activity + wait);
}

static void txn_terminate(struct sipoff_txn *txn)
{
	int i;

	for (i = 0; i < SIPOFF_TXN_TIMER_LINGER; i++)
		txn->deadline[i] = 0;
	txn->state = SIPOFF_TXN_S_TERMINATED;
	txn_linger_rearm(txn);
}

/* Copy-driven re-send: at most resend_per_t1 per T1 window (contract §3). */
static u16 txn_resend(struct sipoff_txn *txn, u64 now, u16 act)
{
	if (now >= txn->win_start + txn->cfg.t1_ms || now < txn->win_start) {
		txn->win_start = now;
		txn->win_count = 0;
	}
	if (txn->win_count >= txn->cfg.resend_per_t1)
		return SIPOFF_TXN_ACT_LIMITED;
	txn->win_count++;
	txn->resends++;
	return act;
}

static int txn_fork_find(const struct sipoff_txn *txn, u64 tag)
{
	int i;

	for (i = 0; i < SIPOFF_TXN_FORKS; i++)
		if ((txn->fork[i].flags & SIPOFF_TXN_FK_USED) && txn->fork[i].tag == tag)
			return i;
	return -1;
}

static int txn_fork_add(struct sipoff_txn *txn, u64 tag)
{
	int i;

	for (i = 0; i < SIPOFF_TXN_FORKS; i++) {
		if (!(txn->fork[i].flags & SIPOFF_TXN_FK_USED)) {
			txn->fork[i].flags = SIPOFF_TXN_FK_USED;
			txn->fork[i].tag = tag;
			txn->fork[i].code = 0;
			txn->fork[i].rseq = 0;
			return i;
		}
	}
	return -1;
}

/* Some 2xx of this transaction was never ACKed (reported at L and M). */
static bool txn_2xx_unacked(const struct sipoff_txn *txn)
{
	int i;

	for (i = 0; i < SIPOFF_TXN_FORKS; i++)
		if ((txn->fork[i].flags & (SIPOFF_TXN_FK_2XX | SIPOFF_TXN_FK_ACKED)) ==
		    SIPOFF_TXN_FK_2XX)
			return true;
	return false;
}

/* ------------------------------------------------------------------------------------------ */
/* Configuration and creation                                                                 */

/**
 * sipoff_txn_cfg_default() - the RFC 3261 default timer values
 * @cfg: filled in: T1 500 ms, T2 4 s, T4 5 s, Timer D 32 s, 100 Trying after 200 ms,
 *	4 copy-driven re-sends per T1, idle limit 200 s
 */
void sipoff_txn_cfg_default(struct sipoff_txn_cfg *cfg)
{
	cfg->t1_ms = 500;
	cfg->t2_ms = 4000;
	cfg->t4_ms = 5000;
	cfg->timer_d_ms = 32000;
	cfg->trying_ms = 200;
	cfg->resend_per_t1 = 4;
	cfg->idle_ms = 200000;
}
SIPOFF_EXPORT(sipoff_txn_cfg_default);

/**
 * sipoff_txn_cfg_valid() - check settings before they are applied (contract §4)
 * @cfg: the settings
 *
 * Return: true when 10 ms <= T1 <= T2 <= 600 s, T4 and Timer D are at most 600 s, and at least
 * one re-send per T1 is allowed.
 */
bool sipoff_txn_cfg_valid(const struct sipoff_txn_cfg *cfg)
{
	return cfg->t1_ms >= SIPOFF_TXN_T1_MIN_MS && cfg->t1_ms <= cfg->t2_ms &&
	       cfg->t2_ms <= SIPOFF_TXN_T2_MAX_MS &&
	       cfg->t4_ms && cfg->t4_ms <= SIPOFF_TXN_T2_MAX_MS &&
	       cfg->timer_d_ms <= SIPOFF_TXN_T2_MAX_MS && cfg->trying_ms <= SIPOFF_TXN_T2_MAX_MS &&
	       cfg->resend_per_t1 >= 1 && cfg->resend_per_t1 <= 0xffff;
}
SIPOFF_EXPORT(sipoff_txn_cfg_valid);

/**
 * sipoff_txn_init() - set up a transaction before its first message
 * @txn: the transaction (caller's memory)
 * @kind: which of the four machines
 * @mode: the netns mode now; kept for the transaction's life
 * @cfg: the netns settings now; copied
 * @now: current time, ms
 *
 * The first request is then fed with sipoff_txn_request_in() (server) or
 * sipoff_txn_request_out() (client).
 */
void sipoff_txn_init(struct sipoff_txn *txn, enum sipoff_txn_kind kind,
		     enum sipoff_txn_mode mode, const struct sipoff_txn_cfg *cfg, u64 now)
{
	memset(txn, 0, sizeof(*txn));
	txn->cfg = *cfg;
	txn->kind = kind;
	txn->mode = mode;
	txn->state = SIPOFF_TXN_S_INIT;
	txn->created = now;
	txn->last_activity = now;
	txn->win_start = now;
	txn->resp_fork = SIPOFF_TXN_FORK_NON2XX;
}
SIPOFF_EXPORT(sipoff_txn_init);

/* ------------------------------------------------------------------------------------------ */
/* Server transactions (Figures 7 and 8; RFC 6026 Figure 7)                                   */

/* A request copy after the application responded: answer it with the kept response unless the
 * client evidently has it (it ACKed it).
 */
static bool txn_server_should_resend(const struct sipoff_txn *txn)
{
	if (!(txn->flags & SIPOFF_TXN_F_HAVE_RESPONSE) || (txn->flags & SIPOFF_TXN_F_ACK_SEEN))
		return false;
	if (txn->resp_fork < SIPOFF_TXN_FORKS &&
	    (txn->fork[txn->resp_fork].flags & SIPOFF_TXN_FK_ACKED))
		return false;
	return true;
}

/**
 * sipoff_txn_request_in() - a request arrived for a server transaction (LOCAL_IN)
 * @txn: the server transaction; in state INIT for the request that creates it
 * @now: current time, ms
 * @m: the request; @m->delivered matters for copies
 *
 * The first request passes (and, in offload mode for an INVITE with the 100 Trying on, is to be
 * kept).  A copy after the application responded is absorbed and answered with the kept
 * response (rule 1); a copy before is absorbed only when the first is known to have reached the
 * application, else passes at most once per T1 (rule 2), and is answered with the kernel's
 * 100 Trying if one was sent.
 *
 * Return: the verdict.
 */
struct sipoff_txn_verdict sipoff_txn_request_in(struct sipoff_txn *txn, u64 now,
						const struct sipoff_txn_msg *m)
{
	u16 act;

	if (txn->mode == SIPOFF_TXN_MODE_OFF || !txn_server(txn))
		return txn_verdict(SIPOFF_TXN_ACT_PASS);
	txn->last_activity = now;

	if (txn->state == SIPOFF_TXN_S_INIT) {
		act = SIPOFF_TXN_ACT_PASS;
		txn->last_pass = now;
		if (txn->kind == SIPOFF_TXN_IST) {
			txn->state = SIPOFF_TXN_S_PROCEEDING;
			if (txn_offload(txn) && txn->cfg.trying_ms) {
				txn_arm(txn, SIPOFF_TXN_TIMER_TRYING, now + txn->cfg.trying_ms);
				txn->flags |= SIPOFF_TXN_F_REQUEST_KEPT;
				act |= SIPOFF_TXN_ACT_STORE_REQUEST;
			}
		} else {
			txn->state = SIPOFF_TXN_S_TRYING;
		}
	} else if (txn->flags & SIPOFF_TXN_F_APP_RESPONDED) {
		act = SIPOFF_TXN_ACT_ABSORB;
		if (txn_server_should_resend(txn))
			act |= txn_resend(txn, now, SIPOFF_TXN_ACT_RESEND_RESPONSE);
	} else {
		if (m->delivered || now < txn->last_pass + txn->cfg.t1_ms) {
			act = SIPOFF_TXN_ACT_ABSORB;
		} else {
			act = SIPOFF_TXN_ACT_PASS;
			txn->last_pass = now;
		}
		if (txn->flags & SIPOFF_TXN_F_HAVE_RESPONSE)
			act |= txn_resend(txn, now, SIPOFF_TXN_ACT_RESEND_RESPONSE);
	}
	txn_linger_rearm(txn);
	return txn_verdict(act);
}
SIPOFF_EXPORT(sipoff_txn_request_in);

static void txn_keep_response(struct sipoff_txn *txn, const struct sipoff_txn_msg *m, u8 fork)
{
	txn->flags |= SIPOFF_TXN_F_APP_RESPONDED | SIPOFF_TXN_F_HAVE_RESPONSE;
	txn->resp_code = m->code;
	txn->resp_tag = m->to_tag;
	txn->resp_rseq = m->rseq;
	txn->resp_fork = fork;
}

/**
 * sipoff_txn_response_out() - the application sent a response of a server transaction
 * (LOCAL_OUT)
 * @txn: the server transaction
 * @now: current time, ms
 * @m: the response: code, To tag, RSeq, reliable
 *
 * The application's responses pass and new ones are to be kept; a final moves the machine
 * (Completed, or Accepted for a 2xx to an INVITE) and, in offload mode, starts G/H, G/L or J.
 * Copies of a final the kernel is retransmitting on Timer G are absorbed (contract §2.2
 * rule 3); every other copy passes (rule 5).
 *
 * Return: the verdict.
 */
struct sipoff_txn_verdict sipoff_txn_response_out(struct sipoff_txn *txn, u64 now,
						  const struct sipoff_txn_msg *m)
{
	bool ist = txn->kind == SIPOFF_TXN_IST;
	bool off = txn_offload(txn);
	u16 act = SIPOFF_TXN_ACT_PASS;
	int idx;

	if (txn->mode == SIPOFF_TXN_MODE_OFF || !txn_server(txn) ||
	    txn->state == SIPOFF_TXN_S_INIT)
		return txn_verdict(SIPOFF_TXN_ACT_PASS);
	txn->last_activity = now;

	if (m->code < 200) {
		if (!(txn->flags & SIPOFF_TXN_F_FINAL)) {
			if (txn->state == SIPOFF_TXN_S_TRYING)
				txn->state = SIPOFF_TXN_S_PROCEEDING;
			txn_disarm(txn, SIPOFF_TXN_TIMER_TRYING);
			if (m->reliable)
				txn->flags |= SIPOFF_TXN_F_RELIABLE_1XX;
			if (!(txn->flags & SIPOFF_TXN_F_APP_RESPONDED) ||
			    txn->resp_code != m->code || txn->resp_tag != m->to_tag ||
			    txn->resp_rseq != m->rseq) {
				txn_keep_response(txn, m, SIPOFF_TXN_FORK_NON2XX);
				act |= SIPOFF_TXN_ACT_STORE_RESPONSE;
			}
		}
	} else if (!(txn->flags & SIPOFF_TXN_F_FINAL)) {
		txn_disarm(txn, SIPOFF_TXN_TIMER_TRYING);
		txn->flags |= SIPOFF_TXN_F_FINAL;
		act |= SIPOFF_TXN_ACT_STORE_RESPONSE;
		if (ist && m->code < 300) {
			idx = txn_fork_add(txn, m->to_tag);
			if (idx >= 0)
				txn->fork[idx].flags |= SIPOFF_TXN_FK_2XX;
			txn_keep_response(txn, m, idx >= 0 ? idx : SIPOFF_TXN_FORK_NON2XX);
			txn->state = SIPOFF_TXN_S_ACCEPTED;
			if (off) {
				txn->interval = txn->cfg.t1_ms;
				txn_arm(txn, SIPOFF_TXN_TIMER_G, now + txn->interval);
				txn_arm(txn, SIPOFF_TXN_TIMER_L, now + txn_64t1(txn));
			}
		} else {
			txn_keep_response(txn, m, SIPOFF_TXN_FORK_NON2XX);
			txn->state = SIPOFF_TXN_S_COMPLETED;
			if (off && ist) {
				txn->interval = txn->cfg.t1_ms;
				txn_arm(txn, SIPOFF_TXN_TIMER_G, now + txn->interval);
				txn_arm(txn, SIPOFF_TXN_TIMER_H, now + txn_64t1(txn));
			} else if (off) {
				txn_arm(txn, SIPOFF_TXN_TIMER_J, now + txn_64t1(txn));
			}
		}
	} else if (ist && m->code < 300 && txn->resp_code >= 200 && txn->resp_code < 300) {
		/* another 2xx: a copy, or a 2xx of another fork (a proxy) */
		idx = txn_fork_find(txn, m->to_tag);
		if (idx >= 0) {
			if (off && idx == txn->resp_fork && txn_armed(txn, SIPOFF_TXN_TIMER_G))
				act = SIPOFF_TXN_ACT_ABSORB;
			else if (txn->fork[idx].flags & SIPOFF_TXN_FK_ACKED)
				/* The application re-sends a 2xx it had an ACK for: that ACK never
				 * reached where it mattered (a proxy's next hop lost it), so the
				 * next copy of the ACK must pass again (rule 3).
				 */
				txn->fork[idx].flags |= SIPOFF_TXN_FK_REACK;
		} else {
			idx = txn_fork_add(txn, m->to_tag);
			if (idx >= 0)
				txn->fork[idx].flags |= SIPOFF_TXN_FK_2XX;
			txn_keep_response(txn, m, idx >= 0 ? idx : SIPOFF_TXN_FORK_NON2XX);
			act |= SIPOFF_TXN_ACT_STORE_RESPONSE;
			if (off && txn->state == SIPOFF_TXN_S_ACCEPTED) {
				txn->interval = txn->cfg.t1_ms;
				txn_arm(txn, SIPOFF_TXN_TIMER_G, now + txn->interval);
			}
		}
	} else if (off && ist && txn->state == SIPOFF_TXN_S_COMPLETED &&
		   m->code == txn->resp_code && txn_armed(txn, SIPOFF_TXN_TIMER_G)) {
		act = SIPOFF_TXN_ACT_ABSORB;
	}
	txn_linger_rearm(txn);
	return txn_verdict(act);
}
SIPOFF_EXPORT(sipoff_txn_response_out);

/**
 * sipoff_txn_ack_in() - an ACK arrived for an INVITE server transaction (LOCAL_IN)
 * @txn: the INVITE server transaction, found by branch (the ACK of a non-2xx final) or by
 *	dialog + CSeq (the ACK of a 2xx)
 * @now: current time, ms
 * @m: the ACK; @m->to_tag selects the 2xx fork
 *
 * The ACK of a non-2xx final: the first passes in transparent mode (rule 3) and is absorbed in
 * offload mode (the hop-by-hop ACK is the kernel's business, Completed -> Confirmed, Timer I);
 * copies are absorbed.  The ACK of a 2xx: the first per To tag passes (and stops Timer G), copies
 * are absorbed.  An ACK before any final passes.
 *
 * Return: the verdict.
 */
struct sipoff_txn_verdict sipoff_txn_ack_in(struct sipoff_txn *txn, u64 now,
					    const struct sipoff_txn_msg *m)
{
	u16 act = SIPOFF_TXN_ACT_PASS;
	int idx;

	if (txn->mode == SIPOFF_TXN_MODE_OFF || txn->kind != SIPOFF_TXN_IST ||
	    txn->state == SIPOFF_TXN_S_INIT)
		return txn_verdict(SIPOFF_TXN_ACT_PASS);
	txn->last_activity = now;

	if (!(txn->flags & SIPOFF_TXN_F_FINAL)) {
		/* an ACK before any final: not ours to judge */
	} else if (txn->resp_code >= 300) {
		if (!(txn->flags & SIPOFF_TXN_F_ACK_SEEN)) {
			txn->flags |= SIPOFF_TXN_F_ACK_SEEN;
			if (txn->state == SIPOFF_TXN_S_COMPLETED) {
				txn->state = SIPOFF_TXN_S_CONFIRMED;
				if (txn_offload(txn)) {
					txn_disarm(txn, SIPOFF_TXN_TIMER_G);
					txn_disarm(txn, SIPOFF_TXN_TIMER_H);
					txn_arm(txn, SIPOFF_TXN_TIMER_I, now + txn->cfg.t4_ms);
				}
			}
			if (txn_offload(txn))
				act = SIPOFF_TXN_ACT_ABSORB;
		} else {
			act = SIPOFF_TXN_ACT_ABSORB;
		}
	} else {
		idx = txn_fork_find(txn, m->to_tag);
		if (idx >= 0 && (txn->fork[idx].flags & SIPOFF_TXN_FK_2XX)) {
			if (txn->fork[idx].flags & SIPOFF_TXN_FK_REACK) {
				txn->fork[idx].flags &= ~SIPOFF_TXN_FK_REACK;
			} else if (txn->fork[idx].flags & SIPOFF_TXN_FK_ACKED) {
				act = SIPOFF_TXN_ACT_ABSORB;
			} else {
				txn->fork[idx].flags |= SIPOFF_TXN_FK_ACKED;
				if (idx == txn->resp_fork)
					txn_disarm(txn, SIPOFF_TXN_TIMER_G);
			}
		}
	}
	txn_linger_rearm(txn);
	return txn_verdict(act);
}
SIPOFF_EXPORT(sipoff_txn_ack_in);

/* ------------------------------------------------------------------------------------------ */
/* Client transactions (Figures 5 and 6; RFC 6026 Figure 5)                                   */

/**
 * sipoff_txn_request_out() - the application sent a request of a client transaction
 * (LOCAL_OUT)
 * @txn: the client transaction; in state INIT for the request that creates it
 * @now: current time, ms
 * @m: the request (unused today)
 *
 * The first request passes and is to be kept (an INVITE always: CANCEL and ACK are built from
 * it; any request in offload mode: it is retransmitted on A or E, with B or F started).  The
 * application's copies pass (rule 5), except while the kernel itself retransmits the request
 * (offload, A or E armed), when they are absorbed (contract §2.2 rule 3).
 *
 * Return: the verdict.
 */
struct sipoff_txn_verdict sipoff_txn_request_out(struct sipoff_txn *txn, u64 now,
						 const struct sipoff_txn_msg *m)
{
	bool off = txn_offload(txn);
	u16 act = SIPOFF_TXN_ACT_PASS;

	(void)m;
	if (txn->mode == SIPOFF_TXN_MODE_OFF || txn_server(txn))
		return txn_verdict(SIPOFF_TXN_ACT_PASS);
	txn->last_activity = now;

	if (txn->state == SIPOFF_TXN_S_INIT) {
		if (txn->kind == SIPOFF_TXN_ICT || off) {
			act |= SIPOFF_TXN_ACT_STORE_REQUEST;
			txn->flags |= SIPOFF_TXN_F_REQUEST_KEPT;
		}
		txn->interval = txn->cfg.t1_ms;
		if (txn->kind == SIPOFF_TXN_ICT) {
			txn->state = SIPOFF_TXN_S_CALLING;
			if (off) {
				txn_arm(txn, SIPOFF_TXN_TIMER_A, now + txn->interval);
				txn_arm(txn, SIPOFF_TXN_TIMER_B, now + txn_64t1(txn));
			}
		} else {
			txn->state = SIPOFF_TXN_S_TRYING;
			if (off) {
				txn_arm(txn, SIPOFF_TXN_TIMER_E, now + txn->interval);
				txn_arm(txn, SIPOFF_TXN_TIMER_F, now + txn_64t1(txn));
			}
		}
	} else if (off && (txn_armed(txn, SIPOFF_TXN_TIMER_A) ||
			   txn_armed(txn, SIPOFF_TXN_TIMER_E))) {
		act = SIPOFF_TXN_ACT_ABSORB;
	}
	txn_linger_rearm(txn);
	return txn_verdict(act);
}
SIPOFF_EXPORT(sipoff_txn_request_out);

/* A provisional response at a client transaction: the first of each (fork, code, RSeq) passes,
 * copies are absorbed (rule 4).
 */
static u16 txn_client_1xx(struct sipoff_txn *txn, const struct sipoff_txn_msg *m)
{
	int idx;

	if (txn->state == SIPOFF_TXN_S_CALLING) {
		txn->state = SIPOFF_TXN_S_PROCEEDING;
		txn_disarm(txn, SIPOFF_TXN_TIMER_A);
		txn_disarm(txn, SIPOFF_TXN_TIMER_B);
	} else if (txn->state == SIPOFF_TXN_S_TRYING) {
		txn->state = SIPOFF_TXN_S_PROCEEDING;
	}
	if (m->reliable)
		txn->flags |= SIPOFF_TXN_F_RELIABLE_1XX;

	idx = txn_fork_find(txn, m->to_tag);
	if (idx >= 0 && (txn->fork[idx].flags & SIPOFF_TXN_FK_1XX) &&
	    txn->fork[idx].code == m->code && txn->fork[idx].rseq == m->rseq)
		return SIPOFF_TXN_ACT_ABSORB;
	if (idx < 0)
		idx = txn_fork_add(txn, m->to_tag);
	if (idx >= 0) {
		txn->fork[idx].flags |= SIPOFF_TXN_FK_1XX;
		txn->fork[idx].code = m->code;
		txn->fork[idx].rseq = m->rseq;
	}
	return SIPOFF_TXN_ACT_PASS;
}

/* A 2xx at an INVITE client transaction: the first per To tag passes (Accepted, Timer M);
 * copies for a tag the application ACKed are answered with that ACK and absorbed (rule 4);
 * copies before its ACK pass.
 */
static u16 txn_client_2xx(struct sipoff_txn *txn, u64 now, const struct sipoff_txn_msg *m,
			  u8 *fork)
{
	int idx = txn_fork_find(txn, m->to_tag);

	if (idx >= 0 && (txn->fork[idx].flags & SIPOFF_TXN_FK_2XX)) {
		if (!(txn->fork[idx].flags & SIPOFF_TXN_FK_ACKED))
			return SIPOFF_TXN_ACT_PASS;
		*fork = idx;
		return SIPOFF_TXN_ACT_ABSORB | txn_resend(txn, now, SIPOFF_TXN_ACT_REPLAY_ACK);
	}
	if (idx < 0)
		idx = txn_fork_add(txn, m->to_tag);
	if (idx >= 0)
		txn->fork[idx].flags |= SIPOFF_TXN_FK_2XX;
	if (txn->state == SIPOFF_TXN_S_CALLING || txn->state == SIPOFF_TXN_S_PROCEEDING) {
		txn->state = SIPOFF_TXN_S_ACCEPTED;
		txn_disarm(txn, SIPOFF_TXN_TIMER_A);
		txn_disarm(txn, SIPOFF_TXN_TIMER_B);
		if (txn_offload(txn))
			txn_arm(txn, SIPOFF_TXN_TIMER_M, now + txn_64t1(txn));
	}
	return SIPOFF_TXN_ACT_PASS;
}

/**
 * sipoff_txn_response_in() - a response arrived for a client transaction (LOCAL_IN)
 * @txn: the client transaction (matched by branch and CSeq method)
 * @now: current time, ms
 * @m: the response: code, To tag, RSeq, reliable
 *
 * Provisionals: the first passes, copies are absorbed.  A final to a non-INVITE: the first
 * passes (Completed, Timer K in offload), copies are absorbed.  A 300-699 to an INVITE: the first
 * passes (Completed; in offload the kernel ACKs it and starts Timer D); copies are answered with
 * the kept ACK (the kernel's, or in transparent mode the application's once it sent one) and
 * absorbed, else pass.  A 2xx to an INVITE: see Accepted / Timer M.
 *
 * Return: the verdict; with SEND_ACK / REPLAY_ACK, verdict.fork names the ACK slot.
 */
struct sipoff_txn_verdict sipoff_txn_response_in(struct sipoff_txn *txn, u64 now,
						 const struct sipoff_txn_msg *m)
{
	struct sipoff_txn_verdict v = txn_verdict(SIPOFF_TXN_ACT_PASS);
	bool ict = txn->kind == SIPOFF_TXN_ICT;

	if (txn->mode == SIPOFF_TXN_MODE_OFF || txn_server(txn) ||
	    txn->state == SIPOFF_TXN_S_INIT)
		return v;
	txn->last_activity = now;

	if (m->code < 200) {
		v.act = txn_client_1xx(txn, m);
	} else if (ict && m->code < 300) {
		v.act = txn_client_2xx(txn, now, m, &v.fork);
	} else if (txn->state == SIPOFF_TXN_S_CALLING || txn->state == SIPOFF_TXN_S_TRYING ||
		   txn->state == SIPOFF_TXN_S_PROCEEDING) {
		txn->flags |= SIPOFF_TXN_F_FINAL;
		txn->resp_code = m->code;
		txn->resp_tag = m->to_tag;
		txn->state = SIPOFF_TXN_S_COMPLETED;
		txn_disarm(txn, SIPOFF_TXN_TIMER_A);
		txn_disarm(txn, SIPOFF_TXN_TIMER_B);
		txn_disarm(txn, SIPOFF_TXN_TIMER_E);
		txn_disarm(txn, SIPOFF_TXN_TIMER_F);
		if (txn_offload(txn) && ict) {
			v.act |= SIPOFF_TXN_ACT_SEND_ACK;
			txn->flags |= SIPOFF_TXN_F_ACK_KEPT;
			txn_arm(txn, SIPOFF_TXN_TIMER_D, now + txn->cfg.timer_d_ms);
		} else if (txn_offload(txn)) {
			txn_arm(txn, SIPOFF_TXN_TIMER_K, now + txn->cfg.t4_ms);
		}
	} else if ((txn->flags & SIPOFF_TXN_F_FINAL) && m->code == txn->resp_code &&
		   m->to_tag == txn->resp_tag) {
		if (!ict)
			v.act = SIPOFF_TXN_ACT_ABSORB;
		else if (txn->flags & SIPOFF_TXN_F_ACK_KEPT)
			v.act = SIPOFF_TXN_ACT_ABSORB |
				txn_resend(txn, now, SIPOFF_TXN_ACT_REPLAY_ACK);
	}
	txn_linger_rearm(txn);
	return v;
}
SIPOFF_EXPORT(sipoff_txn_response_in);

/**
 * sipoff_txn_ack_out() - the application sent an ACK of an INVITE client transaction
 * (LOCAL_OUT)
 * @txn: the INVITE client transaction, found by branch (the ACK of a non-2xx) or by dialog +
 *	CSeq (the ACK of a 2xx)
 * @now: current time, ms
 * @m: the ACK; @m->to_tag selects the 2xx fork
 *
 * The ACK of a 2xx: the first per To tag passes and is to be kept in that fork's slot (for
 * replays on 2xx copies); copies pass.  The ACK of a non-2xx final: in offload mode the kernel
 * already sent its own, so the application's is absorbed; in transparent mode the first is to be
 * kept, and every copy passes.
 *
 * Return: the verdict; with STORE_ACK, verdict.fork names the slot.
 */
struct sipoff_txn_verdict sipoff_txn_ack_out(struct sipoff_txn *txn, u64 now,
					     const struct sipoff_txn_msg *m)
{
	struct sipoff_txn_verdict v = txn_verdict(SIPOFF_TXN_ACT_PASS);
	int idx;

	if (txn->mode == SIPOFF_TXN_MODE_OFF || txn->kind != SIPOFF_TXN_ICT ||
	    txn->state == SIPOFF_TXN_S_INIT)
		return v;
	txn->last_activity = now;

	idx = txn_fork_find(txn, m->to_tag);
	if (idx >= 0 && (txn->fork[idx].flags & SIPOFF_TXN_FK_2XX)) {
		if (!(txn->fork[idx].flags & SIPOFF_TXN_FK_ACKED)) {
			txn->fork[idx].flags |= SIPOFF_TXN_FK_ACKED;
			v.act |= SIPOFF_TXN_ACT_STORE_ACK;
			v.fork = idx;
		}
	} else if ((txn->flags & SIPOFF_TXN_F_FINAL) && txn->resp_code >= 300) {
		if (txn_offload(txn)) {
			v.act = SIPOFF_TXN_ACT_ABSORB;
		} else if (!(txn->flags & SIPOFF_TXN_F_ACK_KEPT)) {
			txn->flags |= SIPOFF_TXN_F_ACK_KEPT;
			v.act |= SIPOFF_TXN_ACT_STORE_ACK;
		}
	}
	txn_linger_rearm(txn);
	return v;
}
SIPOFF_EXPORT(sipoff_txn_ack_out);

/* ------------------------------------------------------------------------------------------ */
/* Timers                                                                                     */

static void txn_timeout(struct sipoff_txn *txn, struct sipoff_txn_verdict *v, u8 timer)
{
	v->act |= SIPOFF_TXN_ACT_TIMEOUT;
	v->timer = timer;
	txn->flags |= SIPOFF_TXN_F_TIMED_OUT;
}

static void txn_fire(struct sipoff_txn *txn, int t, u64 now, struct sipoff_txn_verdict *v)
{
	u8 st = txn->state;

	switch (t) {
	case SIPOFF_TXN_TIMER_TRYING:
		if (txn->kind == SIPOFF_TXN_IST && st == SIPOFF_TXN_S_PROCEEDING &&
		    !(txn->flags & (SIPOFF_TXN_F_APP_RESPONDED | SIPOFF_TXN_F_KERNEL_100))) {
			v->act |= SIPOFF_TXN_ACT_SEND_100;
			txn->flags |= SIPOFF_TXN_F_KERNEL_100 | SIPOFF_TXN_F_HAVE_RESPONSE;
			txn->resp_code = 100;
			txn->resp_tag = 0;
			txn->resp_rseq = 0;
		}
		break;
	case SIPOFF_TXN_TIMER_A:
		if (st == SIPOFF_TXN_S_CALLING) {
			v->act |= SIPOFF_TXN_ACT_RESEND_REQUEST;
			txn->resends++;
			if (txn->interval < (1U << 30))
				txn->interval *= 2;
			txn_arm(txn, SIPOFF_TXN_TIMER_A, now + txn->interval);
		}
		break;
	case SIPOFF_TXN_TIMER_E:
		if (st == SIPOFF_TXN_S_TRYING || st == SIPOFF_TXN_S_PROCEEDING) {
			v->act |= SIPOFF_TXN_ACT_RESEND_REQUEST;
			txn->resends++;
			if (st == SIPOFF_TXN_S_PROCEEDING)
				txn->interval = txn->cfg.t2_ms;
			else
				txn->interval = min(2 * txn->interval, txn->cfg.t2_ms);
			txn_arm(txn, SIPOFF_TXN_TIMER_E, now + txn->interval);
		}
		break;
	case SIPOFF_TXN_TIMER_G:
		if (st == SIPOFF_TXN_S_COMPLETED || st == SIPOFF_TXN_S_ACCEPTED) {
			v->act |= SIPOFF_TXN_ACT_RESEND_RESPONSE;
			txn->resends++;
			txn->interval = min(2 * txn->interval, txn->cfg.t2_ms);
			txn_arm(txn, SIPOFF_TXN_TIMER_G, now + txn->interval);
		}
		break;
	case SIPOFF_TXN_TIMER_B:
		if (st == SIPOFF_TXN_S_CALLING) {
			txn_timeout(txn, v, t);
			txn_terminate(txn);
		}
		break;
	case SIPOFF_TXN_TIMER_F:
		if (st == SIPOFF_TXN_S_TRYING || st == SIPOFF_TXN_S_PROCEEDING) {
			txn_timeout(txn, v, t);
			txn_terminate(txn);
		}
		break;
	case SIPOFF_TXN_TIMER_H:
		if (st == SIPOFF_TXN_S_COMPLETED) {
			txn_timeout(txn, v, t);
			txn_terminate(txn);
		}
		break;
	case SIPOFF_TXN_TIMER_L:
	case SIPOFF_TXN_TIMER_M:
		if (st == SIPOFF_TXN_S_ACCEPTED) {
			if (txn_2xx_unacked(txn))
				txn_timeout(txn, v, t);
			txn_terminate(txn);
		}
		break;
	case SIPOFF_TXN_TIMER_D:
	case SIPOFF_TXN_TIMER_J:
	case SIPOFF_TXN_TIMER_K:
		if (st == SIPOFF_TXN_S_COMPLETED)
			txn_terminate(txn);
		break;
	case SIPOFF_TXN_TIMER_I:
		if (st == SIPOFF_TXN_S_CONFIRMED)
			txn_terminate(txn);
		break;
	}
}

/* The next timer due at @now: the earliest; on a tie the later letter (B before A, F before E,
 * H/L before G: an ending timer wins over a re-send); LINGER only when nothing else is due.
 */
static int txn_due(const struct sipoff_txn *txn, u64 now)
{
	int best = -1, i;

	for (i = SIPOFF_TXN_TIMER_TRYING; i >= 0; i--) {
		u64 d = txn->deadline[i];

		if (d && d <= now && (best < 0 || d < txn->deadline[best]))
			best = i;
	}
	if (best < 0 && txn->deadline[SIPOFF_TXN_TIMER_LINGER] &&
	    txn->deadline[SIPOFF_TXN_TIMER_LINGER] <= now)
		best = SIPOFF_TXN_TIMER_LINGER;
	return best;
}

/**
 * sipoff_txn_timer() - run the timers due at @now
 * @txn: the transaction
 * @now: current time, ms
 *
 * Runs every expired timer once, earliest first (a timer re-armed here is re-armed relative to
 * @now, so a late call sends one re-send, not a burst).  At most one timeout is reported per
 * call (a timeout ends the transaction).  SIPOFF_TXN_ACT_FREE comes with the linger timer.
 *
 * Return: the verdict: RESEND_REQUEST, RESEND_RESPONSE, SEND_100, TIMEOUT (+ verdict.timer),
 * FREE.
 */
struct sipoff_txn_verdict sipoff_txn_timer(struct sipoff_txn *txn, u64 now)
{
	struct sipoff_txn_verdict v = txn_verdict(0);
	int n, t;

	if (txn->mode == SIPOFF_TXN_MODE_OFF)
		return v;
	for (n = 0; n <= SIPOFF_TXN_TIMER_NR; n++) {
		t = txn_due(txn, now);
		if (t < 0)
			break;
		txn->deadline[t] = 0;
		if (t == SIPOFF_TXN_TIMER_LINGER) {
			memset(txn->deadline, 0, sizeof(txn->deadline));
			txn->state = SIPOFF_TXN_S_TERMINATED;
			v.act |= SIPOFF_TXN_ACT_FREE;
			break;
		}
		txn_fire(txn, t, now, &v);
	}
	return v;
}
SIPOFF_EXPORT(sipoff_txn_timer);

/**
 * sipoff_txn_next_deadline() - when the transaction's kernel timer must fire next
 * @txn: the transaction
 *
 * Return: the earliest armed deadline (ms), or 0 when no timer is armed.
 */
u64 sipoff_txn_next_deadline(const struct sipoff_txn *txn)
{
	u64 best = 0;
	int i;

	for (i = 0; i < SIPOFF_TXN_TIMER_NR; i++)
		if (txn->deadline[i] && (!best || txn->deadline[i] < best))
			best = txn->deadline[i];
	return best;
}
SIPOFF_EXPORT(sipoff_txn_next_deadline);

/**
 * sipoff_txn_resp_to_tag() - the To tag hash of the kept response of a server transaction
 * @txn: the server transaction
 *
 * Return: the hash, for sipoff_txn_key_match() of RFC 2543 ACKs; 0 when none.
 */
u64 sipoff_txn_resp_to_tag(const struct sipoff_txn *txn)
{
	return txn->resp_tag;
}
SIPOFF_EXPORT(sipoff_txn_resp_to_tag);

/**
 * sipoff_txn_armed() - which timers are armed, for /proc
 * @txn: the transaction
 *
 * Return: bit n set when timer n (enum sipoff_txn_timer) is armed; name them with
 * sipoff_txn_timer_name().
 */
u32 sipoff_txn_armed(const struct sipoff_txn *txn)
{
	u32 mask = 0;
	int i;

	for (i = 0; i < SIPOFF_TXN_TIMER_NR; i++)
		if (txn->deadline[i])
			mask |= 1U << i;
	return mask;
}
SIPOFF_EXPORT(sipoff_txn_armed);

static const char *const sipoff_txn_state_names[SIPOFF_TXN_S_NR] = {
	"init", "calling", "trying", "proceeding", "completed", "confirmed", "accepted",
	"terminated",
};

static const char *const sipoff_txn_kind_names[SIPOFF_TXN_KIND_NR] = {
	"ict", "nict", "ist", "nist",
};

static const char *const sipoff_txn_timer_names[SIPOFF_TXN_TIMER_NR] = {
	"A", "B", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "trying", "linger",
};

/**
 * sipoff_txn_state_name() - name of a state
 * @state: enum sipoff_txn_state
 *
 * Return: a lower-case name, "?" when out of range.
 */
const char *sipoff_txn_state_name(u8 state)
{
	return state < SIPOFF_TXN_S_NR ? sipoff_txn_state_names[state] : "?";
}
SIPOFF_EXPORT(sipoff_txn_state_name);

/**
 * sipoff_txn_kind_name() - name of a kind
 * @kind: enum sipoff_txn_kind
 *
 * Return: "ict", "nict", "ist", "nist", or "?".
 */
const char *sipoff_txn_kind_name(u8 kind)
{
	return kind < SIPOFF_TXN_KIND_NR ? sipoff_txn_kind_names[kind] : "?";
}
SIPOFF_EXPORT(sipoff_txn_kind_name);

/**
 * sipoff_txn_timer_name() - name of a timer
 * @timer: enum sipoff_txn_timer
 *
 * Return: the RFC letter, "trying", "linger", or "?".
 */
const char *sipoff_txn_timer_name(u8 timer)
{
	return timer < SIPOFF_TXN_TIMER_NR ? sipoff_txn_timer_names[timer] : "?";
}
SIPOFF_EXPORT(sipoff_txn_timer_name);

/* ------------------------------------------------------------------------------------------ */
/* Keys: SipHash-2-4 over length-prefixed fields, with a per-netns secret                      */

struct sipoff_txn_sh {
	u64 v0, v1, v2, v3;
	u64 m;
	u32 n;
	u32 len;
};

static inline u64 sipoff_txn_rotl(u64 x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static inline void sipoff_txn_sipround(struct sipoff_txn_sh *s)
{
	s->v0 += s->v1;
	s->v1 = sipoff_txn_rotl(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = sipoff_txn_rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = sipoff_txn_rotl(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = sipoff_txn_rotl(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = sipoff_txn_rotl(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = sipoff_txn_rotl(s->v2, 32);
}

static void sh_init(struct sipoff_txn_sh *s, const struct sipoff_txn_seed *seed)
{
	s->v0 = seed->k0 ^ 0x736f6d6570736575ULL;
	s->v1 = seed->k1 ^ 0x646f72616e646f6dULL;
	s->v2 = seed->k0 ^ 0x6c7967656e657261ULL;
	s->v3 = seed->k1 ^ 0x7465646279746573ULL;
	s->m = 0;
	s->n = 0;
	s->len = 0;
}

static void sh_byte(struct sipoff_txn_sh *s, u8 b)
{
	s->m |= (u64)b << (8 * s->n);
	s->len++;
	if (++s->n == 8) {
		s->v3 ^= s->m;
		sipoff_txn_sipround(s);
		sipoff_txn_sipround(s);
		s->v0 ^= s->m;
		s->m = 0;
		s->n = 0;
	}
}

static void sh_u32(struct sipoff_txn_sh *s, u32 x)
{
	sh_byte(s, x);
	sh_byte(s, x >> 8);
	sh_byte(s, x >> 16);
	sh_byte(s, x >> 24);
}

/* A field: its length, then its bytes (ASCII case folded when @fold). */
static void sh_field(struct sipoff_txn_sh *s, struct sipoff_txn_bytes f, bool fold)
{
	u32 i;

	if (!f.p)
		f.len = 0;
	sh_u32(s, f.len);
	for (i = 0; i < f.len; i++) {
		u8 c = f.p[i];

		if (fold && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		sh_byte(s, c);
	}
}

static u64 sh_final(struct sipoff_txn_sh *s)
{
	u64 b = ((u64)s->len << 56) | s->m;
	int i;

	s->v3 ^= b;
	sipoff_txn_sipround(s);
	sipoff_txn_sipround(s);
	s->v0 ^= b;
	s->v2 ^= 0xff;
	for (i = 0; i < 4; i++)
		sipoff_txn_sipround(s);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

static bool bytes_eq(struct sipoff_txn_bytes b, const char *lit, u32 len)
{
	return b.p && b.len == len && !memcmp(b.p, lit, len);
}

/**
 * sipoff_txn_method_of() - classify a method token (case-sensitive, §7.1)
 * @method: the method bytes (request line or CSeq)
 *
 * Return: SIPOFF_TXN_M_INVITE, _ACK, _CANCEL or _OTHER.
 */
enum sipoff_txn_method sipoff_txn_method_of(struct sipoff_txn_bytes method)
{
	if (bytes_eq(method, "INVITE", 6))
		return SIPOFF_TXN_M_INVITE;
	if (bytes_eq(method, "ACK", 3))
		return SIPOFF_TXN_M_ACK;
	if (bytes_eq(method, "CANCEL", 6))
		return SIPOFF_TXN_M_CANCEL;
	return SIPOFF_TXN_M_OTHER;
}
SIPOFF_EXPORT(sipoff_txn_method_of);

/**
 * sipoff_txn_branch_is_3261() - does a branch start with the magic cookie "z9hG4bK"
 * @branch: the top Via's branch parameter value
 *
 * Return: true for an RFC 3261 branch (use sipoff_txn_key_3261()), false for the RFC 2543
 * fallback (sipoff_txn_key_2543()).
 */
bool sipoff_txn_branch_is_3261(struct sipoff_txn_bytes branch)
{
	return branch.p && branch.len > 7 && !memcmp(branch.p, "z9hG4bK", 7);
}
SIPOFF_EXPORT(sipoff_txn_branch_is_3261);

/**
 * sipoff_txn_hash_tag() - hash a tag (To tag of a fork, of an RFC 2543 request)
 * @seed: the per-netns secret
 * @tag: the tag bytes; empty for none
 *
 * Return: 0 for an empty tag, else a non-zero hash.
 */
u64 sipoff_txn_hash_tag(const struct sipoff_txn_seed *seed, struct sipoff_txn_bytes tag)
{
	struct sipoff_txn_sh s;
	u64 h;

	if (!tag.p || !tag.len)
		return 0;
	sh_init(&s, seed);
	sh_byte(&s, 't');
	sh_field(&s, tag, false);
	h = sh_final(&s);
	return h ? h : 1;
}
SIPOFF_EXPORT(sipoff_txn_hash_tag);

/* The method a key is built over: ACK matches its INVITE; CANCEL and the rest are their own. */
static void sh_method(struct sipoff_txn_sh *s, struct sipoff_txn_bytes method,
		      enum sipoff_txn_method m)
{
	static const u8 invite[] = "INVITE";
	struct sipoff_txn_bytes inv = { invite, 6 };

	sh_field(s, m == SIPOFF_TXN_M_ACK ? inv : method, false);
}

/**
 * sipoff_txn_key_3261() - key of a message whose top Via branch has the magic cookie
 * @k: the key, filled in
 * @seed: the per-netns secret
 * @side: SIPOFF_TXN_SERVER for requests of server transactions (§17.2.3: branch + sent-by +
 *	method), SIPOFF_TXN_CLIENT for requests and responses of client transactions (§17.1.3:
 *	branch + CSeq method; @sent_by is ignored)
 * @branch: the top Via branch (compared exactly)
 * @sent_by: the top Via sent-by, host[:port] (compared ASCII case-insensitively)
 * @method: the request method, or for a response the CSeq method.  ACK is keyed as INVITE (the
 *	ACK of a non-2xx shares its INVITE's branch); CANCEL is its own transaction.
 */
void sipoff_txn_key_3261(struct sipoff_txn_key *k, const struct sipoff_txn_seed *seed,
			 enum sipoff_txn_side side, struct sipoff_txn_bytes branch,
			 struct sipoff_txn_bytes sent_by, struct sipoff_txn_bytes method)
{
	enum sipoff_txn_method m = sipoff_txn_method_of(method);
	struct sipoff_txn_sh s;

	sh_init(&s, seed);
	sh_byte(&s, SIPOFF_TXN_KEY_3261);
	sh_byte(&s, side);
	sh_field(&s, branch, false);
	if (side == SIPOFF_TXN_SERVER)
		sh_field(&s, sent_by, true);
	sh_method(&s, method, m);
	k->hash = sh_final(&s);
	k->to_tag = 0;
	k->side = side;
	k->flags = SIPOFF_TXN_KEY_3261 | (m == SIPOFF_TXN_M_ACK ? SIPOFF_TXN_KEY_ACK : 0);
	k->method = m;
}
SIPOFF_EXPORT(sipoff_txn_key_3261);

/**
 * sipoff_txn_key_2543() - key of a message without the magic cookie (RFC 2543 fallback)
 * @k: the key, filled in
 * @seed: the per-netns secret
 * @side: SIPOFF_TXN_SERVER: Request-URI, From tag, Call-ID, CSeq number, top Via and method
 *	are hashed, the To tag is kept apart (sipoff_txn_key_match() compares it with the
 *	request's, or for an ACK with the To tag of the server's response).
 *	SIPOFF_TXN_CLIENT: From tag, Call-ID, CSeq number, top Via and method only (a response
 *	carries neither the Request-URI nor the request's To tag).
 * @f: the fields
 * @method: the request method or the CSeq method; ACK is keyed as INVITE
 */
void sipoff_txn_key_2543(struct sipoff_txn_key *k, const struct sipoff_txn_seed *seed,
			 enum sipoff_txn_side side, const struct sipoff_txn_2543 *f,
			 struct sipoff_txn_bytes method)
{
	enum sipoff_txn_method m = sipoff_txn_method_of(method);
	struct sipoff_txn_sh s;

	sh_init(&s, seed);
	sh_byte(&s, SIPOFF_TXN_KEY_2543);
	sh_byte(&s, side);
	if (side == SIPOFF_TXN_SERVER)
		sh_field(&s, f->ruri, false);
	sh_field(&s, f->from_tag, false);
	sh_field(&s, f->call_id, false);
	sh_u32(&s, f->cseq);
	sh_field(&s, f->top_via, false);
	sh_method(&s, method, m);
	k->hash = sh_final(&s);
	k->to_tag = side == SIPOFF_TXN_SERVER ? sipoff_txn_hash_tag(seed, f->to_tag) : 0;
	k->side = side;
	k->flags = SIPOFF_TXN_KEY_2543 | (m == SIPOFF_TXN_M_ACK ? SIPOFF_TXN_KEY_ACK : 0);
	k->method = m;
}
SIPOFF_EXPORT(sipoff_txn_key_2543);

/**
 * sipoff_txn_key_dialog() - the second key of an INVITE transaction, for the ACK of a 2xx
 * @k: the key, filled in
 * @seed: the per-netns secret
 * @side: client or server
 * @call_id: Call-ID
 * @from_tag: From tag (the caller's)
 * @cseq: CSeq number (the ACK's equals the INVITE's)
 *
 * The ACK of a 2xx has a branch of its own; it is matched by dialog and CSeq (contract §2.1
 * rule 3): build this key from the INVITE when it is seen and from the ACK, then pass the ACK's
 * To tag in struct sipoff_txn_msg to pick the fork.
 */
void sipoff_txn_key_dialog(struct sipoff_txn_key *k, const struct sipoff_txn_seed *seed,
			   enum sipoff_txn_side side, struct sipoff_txn_bytes call_id,
			   struct sipoff_txn_bytes from_tag, u32 cseq)
{
	struct sipoff_txn_sh s;

	sh_init(&s, seed);
	sh_byte(&s, SIPOFF_TXN_KEY_DIALOG);
	sh_byte(&s, side);
	sh_field(&s, call_id, false);
	sh_field(&s, from_tag, false);
	sh_u32(&s, cseq);
	k->hash = sh_final(&s);
	k->to_tag = 0;
	k->side = side;
	k->flags = SIPOFF_TXN_KEY_DIALOG;
	k->method = SIPOFF_TXN_M_INVITE;
}
SIPOFF_EXPORT(sipoff_txn_key_dialog);

/**
 * sipoff_txn_key_match() - does a packet's key match a transaction's key
 * @txn_key: the key the transaction was created with
 * @pkt_key: the key of the packet at hand (same builder)
 * @resp_to_tag: RFC 2543 server keys: the To tag hash of the transaction's response
 *	(sipoff_txn_resp_to_tag()), which an ACK must carry
 *
 * The 64-bit keyed hash stands for the compared fields (a collision needs the secret).
 *
 * Return: true when the packet belongs to the transaction.
 */
bool sipoff_txn_key_match(const struct sipoff_txn_key *txn_key,
			  const struct sipoff_txn_key *pkt_key, u64 resp_to_tag)
{
	const u8 type = SIPOFF_TXN_KEY_3261 | SIPOFF_TXN_KEY_2543 | SIPOFF_TXN_KEY_DIALOG;

	if (txn_key->hash != pkt_key->hash || txn_key->side != pkt_key->side ||
	    (txn_key->flags & type) != (pkt_key->flags & type))
		return false;
	if (!(txn_key->flags & SIPOFF_TXN_KEY_2543) || txn_key->side != SIPOFF_TXN_SERVER)
		return true;
	if (pkt_key->flags & SIPOFF_TXN_KEY_ACK)
		return pkt_key->to_tag == resp_to_tag;
	return pkt_key->to_tag == txn_key->to_tag;
}
SIPOFF_EXPORT(sipoff_txn_key_match);

/**
 * sipoff_txn_kind_of() - which machine a request creates
 * @method: the request's method
 * @side: client (the application sends it) or server (it arrives)
 *
 * Return: the kind; SIPOFF_TXN_KIND_NR for ACK, which creates no transaction.
 */
enum sipoff_txn_kind sipoff_txn_kind_of(enum sipoff_txn_method method,
					enum sipoff_txn_side side)
{
	if (method == SIPOFF_TXN_M_ACK)
		return SIPOFF_TXN_KIND_NR;
	if (method == SIPOFF_TXN_M_INVITE)
		return side == SIPOFF_TXN_SERVER ? SIPOFF_TXN_IST : SIPOFF_TXN_ICT;
	return side == SIPOFF_TXN_SERVER ? SIPOFF_TXN_NIST : SIPOFF_TXN_NICT;
}
SIPOFF_EXPORT(sipoff_txn_kind_of);
