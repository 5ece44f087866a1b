// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_state.c - libFuzzer target for the transaction and dialog state logic
 * (kmod/sipoff_txn.c, kmod/sipoff_dialog.c, plain C), driven as the kernel glue drives them:
 * a small table of transactions and one of dialogs with caps, a fake clock, and every timer
 * fired at its deadline in deadline order.  The input is a configuration followed by a
 * sequence of events (messages in and out on slot N, the clock moving on, operator actions).
 *
 * Invariants checked (abort() on a violation, so libFuzzer keeps the input):
 *  - the tables never hold more than their caps (a full table refuses, as the glue does);
 *  - transaction states only move forward (INIT < CALLING/TRYING < PROCEEDING <
 *    COMPLETED/ACCEPTED < CONFIRMED < TERMINATED, never COMPLETED <-> ACCEPTED), dialog states
 *    only EARLY -> CONFIRMED -> ENDED;
 *  - a verdict is never both PASS and ABSORB; a timer never passes, absorbs or stores a packet;
 *    only a timer frees (SIPOFF_TXN_ACT_FREE) or reaps (SIPOFF_DLG_N_REAP, and only an ended
 *    dialog);
 *  - every re-send has a copy to send: RESEND_REQUEST, SEND_100 and SEND_ACK a kept request,
 *    RESEND_RESPONSE a kept response, REPLAY_ACK an ACK kept in that slot;
 *  - the copy-driven re-sends stay within the per-T1 bound (at most 2 * resend_per_t1 in any
 *    T1 of time: the machine's windows are aligned, a sliding one may see two);
 *  - a live transaction always has a deadline, and after its timer ran the next one is later
 *    than now (no busy timer); the same for dialogs, which all have a maximum lifetime here;
 *  - when the events are over, running only the timers frees every transaction and reaps every
 *    dialog within a bounded time (idle limit, Timer D/H/..., linger; maximum lifetime);
 *  - freed entries are free()d at once, so ASan reports any later use.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sipoff_txn.h"
#include "sipoff_dialog.h"

#define NTXN	8
#define NDLG	8

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s (%s:%d)\n", #c, \
				__FILE__, __LINE__); abort(); } } while (0)

struct ftxn {
	struct sipoff_txn txn;
	int rank;
	u8 state;	/* after the last call */
	bool have_req, have_resp;
	bool have_ack[SIPOFF_TXN_FORKS + 1];	/* [SIPOFF_TXN_FORKS]: the non-2xx slot */
	u64 resend_at[64];			/* times of copy-driven re-sends (ring) */
	unsigned int nresend;
};

struct fdlg {
	struct sipoff_dlg d;
	u32 cseq_local, cseq_remote;
};

struct fstate {
	const u8 *p;
	size_t left;
	u64 now;
	struct ftxn *txn[NTXN];
	struct fdlg *dlg[NDLG];
	unsigned int cap_txn, cap_dlg, ntxn, ndlg;
	struct sipoff_txn_cfg tcfg;
	struct sipoff_dlg_cfg dcfg;
	int mode;
};

static u8 take(struct fstate *s)
{
	if (!s->left)
		return 0;
	s->left--;
	return *s->p++;
}

static u32 take32(struct fstate *s)
{
	return take(s) | take(s) << 8 | take(s) << 16 | (u32)take(s) << 24;
}

static int txn_rank(u8 state)
{
	switch (state) {
	case SIPOFF_TXN_S_INIT: return 0;
	case SIPOFF_TXN_S_CALLING:
	case SIPOFF_TXN_S_TRYING: return 1;
	case SIPOFF_TXN_S_PROCEEDING: return 2;
	case SIPOFF_TXN_S_COMPLETED:
	case SIPOFF_TXN_S_ACCEPTED: return 3;
	case SIPOFF_TXN_S_CONFIRMED: return 4;
	case SIPOFF_TXN_S_TERMINATED: return 5;
	}
	CHECK(!"unknown transaction state");
	return -1;
}

static int ack_slot(u8 fork)
{
	if (fork == SIPOFF_TXN_FORK_NON2XX)
		return SIPOFF_TXN_FORKS;
	CHECK(fork < SIPOFF_TXN_FORKS);
	return fork;
}

/* The glue's part of a verdict: keep copies, check every send has one, free on FREE. */
static void txn_apply(struct fstate *s, int slot, struct sipoff_txn_verdict v, bool timer)
{
	struct ftxn *t = s->txn[slot];
	int r = txn_rank(t->txn.state);
	u16 a = v.act;

	CHECK(!((a & SIPOFF_TXN_ACT_PASS) && (a & SIPOFF_TXN_ACT_ABSORB)));
	if (timer)
		CHECK(!(a & (SIPOFF_TXN_ACT_PASS | SIPOFF_TXN_ACT_ABSORB |
			     SIPOFF_TXN_ACT_STORE_REQUEST | SIPOFF_TXN_ACT_STORE_RESPONSE |
			     SIPOFF_TXN_ACT_STORE_ACK)));
	else
		CHECK(!(a & SIPOFF_TXN_ACT_FREE));
	/* States only move forward; COMPLETED and ACCEPTED are two ends, not steps. */
	CHECK(r >= t->rank);
	CHECK(!(t->rank == 3 && r == 3 && t->state != t->txn.state));
	t->rank = r;
	t->state = t->txn.state;

	if (a & SIPOFF_TXN_ACT_STORE_REQUEST)
		t->have_req = true;
	if (a & SIPOFF_TXN_ACT_STORE_RESPONSE)
		t->have_resp = true;
	if (a & SIPOFF_TXN_ACT_STORE_ACK)
		t->have_ack[ack_slot(v.fork)] = true;
	if (a & SIPOFF_TXN_ACT_RESEND_REQUEST)
		CHECK(t->have_req);
	if (a & SIPOFF_TXN_ACT_RESEND_RESPONSE)
		CHECK(t->have_resp || (a & SIPOFF_TXN_ACT_SEND_100));
	if (a & SIPOFF_TXN_ACT_SEND_100) {
		CHECK(t->have_req);
		t->have_resp = true;
	}
	if (a & SIPOFF_TXN_ACT_SEND_ACK) {
		CHECK(t->have_req);
		t->have_ack[SIPOFF_TXN_FORKS] = true;
	}
	if (a & SIPOFF_TXN_ACT_REPLAY_ACK)
		CHECK(t->have_ack[ack_slot(v.fork)]);
	if (a & SIPOFF_TXN_ACT_TIMEOUT)
		CHECK(v.timer < SIPOFF_TXN_TIMER_NR);

	/* §3: copy-driven re-sends at most resend_per_t1 per (aligned) T1 window. */
	if (!timer && (a & (SIPOFF_TXN_ACT_RESEND_RESPONSE | SIPOFF_TXN_ACT_REPLAY_ACK |
			    SIPOFF_TXN_ACT_RESEND_REQUEST))) {
		unsigned int i, n = 0, m = t->nresend < 64 ? t->nresend : 64;

		t->resend_at[t->nresend++ % 64] = s->now;
		for (i = 0; i < m; i++)
			if (t->resend_at[i] + t->txn.cfg.t1_ms > s->now)
				n++;
		CHECK(n + 1 <= 2 * t->txn.cfg.resend_per_t1);
	}

	if (a & SIPOFF_TXN_ACT_FREE) {
		free(t);
		s->txn[slot] = NULL;
		s->ntxn--;
		return;
	}
	/* Only the timer frees: a live transaction must always have a deadline. */
	CHECK(sipoff_txn_next_deadline(&t->txn) != 0);
	if (timer)
		CHECK(sipoff_txn_next_deadline(&t->txn) > s->now);
}

static int dlg_rank(u8 state)
{
	CHECK(state <= SIPOFF_DLG_S_ENDED);
	return state;
}

static void dlg_apply(struct fstate *s, int slot, u8 prev, u32 n, const struct sipoff_dlg_res *res,
		      bool timer)
{
	struct fdlg *f = s->dlg[slot];

	CHECK(n == res->notify);
	CHECK(res->n_usage <= SIPOFF_DLG_MAX_SUBS + 2);
	CHECK(dlg_rank(f->d.state) >= dlg_rank(prev));
	CHECK(sipoff_dlg_usages(&f->d) <= SIPOFF_DLG_MAX_SUBS + 1);
	if (f->d.state == SIPOFF_DLG_S_ENDED)
		CHECK(f->d.ended_ms && f->d.end_reason != SIPOFF_DLG_R_NONE);
	if (n & SIPOFF_DLG_N_REAP) {
		CHECK(timer);
		CHECK(f->d.state == SIPOFF_DLG_S_ENDED);
		free(f);
		s->dlg[slot] = NULL;
		s->ndlg--;
		return;
	}
	/* Every dialog has a maximum lifetime here: always a deadline, never a busy one. */
	CHECK(sipoff_dlg_next_deadline(&f->d, &s->dcfg) != SIPOFF_DLG_NEVER);
	if (timer)
		CHECK(sipoff_dlg_next_deadline(&f->d, &s->dcfg) > s->now);
}

/* Run every timer due at or before @until, earliest first; then the clock is @until. */
static void advance(struct fstate *s, u64 until)
{
	unsigned int guard = 0;

	for (;;) {
		u64 best = ~0ull;
		int bt = -1, bd = -1, i;

		for (i = 0; i < NTXN; i++) {
			u64 d = s->txn[i] ? sipoff_txn_next_deadline(&s->txn[i]->txn) : 0;

			if (d && d <= until && d < best) {
				best = d;
				bt = i;
			}
		}
		for (i = 0; i < NDLG; i++) {
			u64 d = s->dlg[i] ? sipoff_dlg_next_deadline(&s->dlg[i]->d, &s->dcfg) :
					    SIPOFF_DLG_NEVER;

			if (d != SIPOFF_DLG_NEVER && d <= until && d < best) {
				best = d;
				bt = -1;
				bd = i;
			}
		}
		if (bt < 0 && bd < 0)
			break;
		/* Timers never run backwards; a deadline in the past runs now. */
		if (best > s->now)
			s->now = best;
		CHECK(++guard < 100000);
		if (bt >= 0) {
			txn_apply(s, bt, sipoff_txn_timer(&s->txn[bt]->txn, s->now), true);
		} else {
			struct sipoff_dlg_res res;
			u8 prev = s->dlg[bd]->d.state;
			u32 n = sipoff_dlg_on_timer(&s->dlg[bd]->d, &s->dcfg, s->now, &res);

			dlg_apply(s, bd, prev, n, &res, true);
		}
	}
	if (until > s->now)
		s->now = until;
}

static const u16 codes[] = { 100, 180, 183, 199, 200, 202, 299, 300, 401, 407, 408, 481, 486,
			     487, 491, 500, 503, 600, 603, 699, 101 };

static void txn_event(struct fstate *s, u8 op)
{
	int slot = take(s) % NTXN;
	u8 b = take(s);
	struct sipoff_txn_msg m = {
		.to_tag = b & 3 ? (b & 3) : 0,
		.code = codes[take(s) % ARRAY_SIZE(codes)],
		.rseq = (b >> 2) & 3,
		.reliable = b & 0x10,
		.delivered = b & 0x20,
	};
	struct ftxn *t = s->txn[slot];
	struct sipoff_txn_verdict v;

	if (!t) {
		enum sipoff_txn_kind kind;

		/* A request with no transaction creates one: server at LOCAL_IN, client at
		 * LOCAL_OUT; anything else finds none and passes.
		 */
		if (op == 0)
			kind = b & 0x40 ? SIPOFF_TXN_IST : SIPOFF_TXN_NIST;
		else if (op == 3)
			kind = b & 0x40 ? SIPOFF_TXN_ICT : SIPOFF_TXN_NICT;
		else
			return;
		if (s->ntxn >= s->cap_txn)
			return;		/* over the cap: the packet passes, no state */
		t = calloc(1, sizeof(*t));
		CHECK(t);
		sipoff_txn_init(&t->txn, kind, s->mode, &s->tcfg, s->now);
		s->txn[slot] = t;
		s->ntxn++;
	}
	CHECK(s->ntxn <= s->cap_txn);
	m.code = op == 0 || op == 3 ? 0 : m.code;
	switch (op) {
	case 0:
		v = sipoff_txn_request_in(&t->txn, s->now, &m);
		break;
	case 1:
		v = sipoff_txn_response_out(&t->txn, s->now, &m);
		break;
	case 2:
		v = sipoff_txn_ack_in(&t->txn, s->now, &m);
		break;
	case 3:
		v = sipoff_txn_request_out(&t->txn, s->now, &m);
		break;
	case 4:
		v = sipoff_txn_response_in(&t->txn, s->now, &m);
		break;
	default:
		v = sipoff_txn_ack_out(&t->txn, s->now, &m);
		break;
	}
	/* A message event on a transaction: exactly one of PASS and ABSORB. */
	CHECK(!!(v.act & SIPOFF_TXN_ACT_PASS) + !!(v.act & SIPOFF_TXN_ACT_ABSORB) == 1);
	txn_apply(s, slot, v, false);
}

static const u8 methods[] = { SIPOFF_DLG_M_INVITE, SIPOFF_DLG_M_ACK, SIPOFF_DLG_M_BYE,
			      SIPOFF_DLG_M_CANCEL, SIPOFF_DLG_M_SUBSCRIBE, SIPOFF_DLG_M_NOTIFY,
			      SIPOFF_DLG_M_REFER, SIPOFF_DLG_M_UPDATE, SIPOFF_DLG_M_PRACK,
			      SIPOFF_DLG_M_INFO, SIPOFF_DLG_M_OPTIONS, SIPOFF_DLG_M_UNKNOWN };

static void dlg_event(struct fstate *s, u8 op)
{
	int slot = take(s) % NDLG;
	u8 b = take(s), c = take(s);
	struct sipoff_dlg_ev ev = {
		.now = s->now,
		.method = methods[b % ARRAY_SIZE(methods)],
		.dir = (b >> 4) & 1,
		.side = (b >> 5) & 1,
		.sub_state = c & 3,
		.flags = (c >> 2) | ((b >> 6) ? SIPOFF_DLG_EV_TO_TAG : 0),
		.code = codes[take(s) % ARRAY_SIZE(codes)],
		.event_key = take(s) & 3,
		.expires = take(s) % 4 == 0 ? take32(s) : 600,
		.sub_expires = 60,
	};
	struct sipoff_dlg_res res;
	struct fdlg *f = s->dlg[slot];
	u8 prev;
	u32 n;

	ev.flags &= ~SIPOFF_DLG_EV_TIMEOUT;
	if (!f) {
		if (op != 0 || s->ndlg >= s->cap_dlg)
			return;
		f = calloc(1, sizeof(*f));
		CHECK(f);
		s->dlg[slot] = f;
		s->ndlg++;
		ev.cseq = 1 + (c & 7);
		n = sipoff_dlg_create(&f->d, &s->dcfg, &ev, slot & 1, &res);
		/* Created in EARLY or CONFIRMED, or (a message that creates nothing) not at all. */
		if (!(n & SIPOFF_DLG_N_NEW)) {
			free(f);
			s->dlg[slot] = NULL;
			s->ndlg--;
			return;
		}
		CHECK(f->d.state != SIPOFF_DLG_S_ENDED || (n & SIPOFF_DLG_N_ENDED));
		dlg_apply(s, slot, f->d.state, n, &res, false);
		return;
	}
	CHECK(s->ndlg <= s->cap_dlg);
	prev = f->d.state;
	/* CSeq: mostly the next one of that side, sometimes old or far. */
	if (ev.dir == SIPOFF_DLG_OUT)
		ev.cseq = c & 0x80 ? take32(s) : ++f->cseq_local + f->d.invite_cseq;
	else
		ev.cseq = c & 0x80 ? take32(s) : ++f->cseq_remote + f->d.invite_cseq;
	switch (op) {
	case 0:
	case 1:
		ev.code = 0;
		n = sipoff_dlg_on_request(&f->d, &s->dcfg, &ev, &res);
		break;
	case 2:
		n = sipoff_dlg_on_response(&f->d, &s->dcfg, &ev, &res);
		break;
	case 3:
		n = sipoff_dlg_on_fork_final(&f->d, &s->dcfg, ev.code, f->d.invite_cseq, s->now,
					     &res);
		break;
	case 4:
		n = sipoff_dlg_on_txn_timeout(&f->d, &s->dcfg, ev.method, ev.cseq, ev.dir, s->now,
					      &res);
		break;
	case 5:
		sipoff_dlg_operator_request(&f->d);
		n = sipoff_dlg_on_request(&f->d, &s->dcfg, &ev, &res);
		break;
	default:
		n = sipoff_dlg_terminate(&f->d, b & 1 ? SIPOFF_DLG_R_FLUSH : SIPOFF_DLG_R_OPERATOR,
					 s->now, &res);
		CHECK(f->d.state == SIPOFF_DLG_S_ENDED);
		break;
	}
	CHECK(!(n & SIPOFF_DLG_N_REAP));
	dlg_apply(s, slot, prev, n, &res, false);
}

static const u32 t1s[] = { 10, 50, 100, 500, 2000 };
static const u32 steps[] = { 0, 1, 9, 10, 50, 199, 200, 500, 1000, 4000, 5000, 32000, 64000,
			     180000, 200000, 3600000 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fstate s = { .p = data, .left = size };
	u8 c0 = take(&s), c1 = take(&s), c2 = take(&s);
	unsigned int i, ops = 0;
	u64 end;

	s.now = c0 & 0x80 ? 0xfffffffffffull : 1000;
	sipoff_txn_cfg_default(&s.tcfg);
	s.tcfg.t1_ms = t1s[c0 % ARRAY_SIZE(t1s)];
	s.tcfg.t2_ms = s.tcfg.t1_ms * 8;
	s.tcfg.t4_ms = s.tcfg.t1_ms * 10;
	s.tcfg.timer_d_ms = s.tcfg.t1_ms * 64;
	s.tcfg.trying_ms = c0 & 0x40 ? 0 : 200;
	s.tcfg.resend_per_t1 = 1 + (c1 & 3);
	CHECK(sipoff_txn_cfg_valid(&s.tcfg));
	s.mode = c1 & 4 ? SIPOFF_TXN_MODE_OFFLOAD : SIPOFF_TXN_MODE_TRANSPARENT;
	sipoff_dlg_cfg_default(&s.dcfg, s.tcfg.t1_ms);
	s.dcfg.linger_ms = (c1 & 0x10) ? 0 : 5000;
	s.dcfg.max_lifetime_ms = (c1 & 0x20) ? 60000 : 3600000;
	if (c1 & 0x40)
		s.dcfg.early_timeout_ms = 0;
	s.cap_txn = 1 + c2 % NTXN;
	s.cap_dlg = 1 + (c2 >> 4) % NDLG;

	while (s.left && ops++ < 2000) {
		u8 op = take(&s);

		switch (op >> 5) {
		case 0: case 1: case 2:
			txn_event(&s, op % 6);
			break;
		case 3: case 4: case 5:
			dlg_event(&s, op % 7);
			break;
		default:
			advance(&s, s.now + steps[op % ARRAY_SIZE(steps)]);
			break;
		}
		CHECK(s.ntxn <= s.cap_txn && s.ndlg <= s.cap_dlg);
	}
	/*
	 * No more messages: the timers alone must free everything, within the longest life any
	 * entry can have: the idle limit (or 64*T1, Timer D, linger ...) for a transaction, the
	 * maximum lifetime, 64*T1 and the linger for a dialog.  Generous: 2 * the sum.
	 */
	end = s.now + 2 * ((u64)s.tcfg.idle_ms + 64ull * s.tcfg.t1_ms + s.tcfg.timer_d_ms +
			   s.tcfg.t4_ms + s.dcfg.max_lifetime_ms + s.dcfg.linger_ms +
			   s.dcfg.sub_grace_ms + 64ull * s.dcfg.t1_ms);
	advance(&s, end);
	for (i = 0; i < NTXN; i++)
		CHECK(!s.txn[i]);
	for (i = 0; i < NDLG; i++)
		CHECK(!s.dlg[i]);
	return 0;
}
