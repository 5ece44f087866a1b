// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_dialog.c - SIP dialog and dialog-usage state logic.  Plain C (see sipoff_plain.h):
 * the same source is linked into sipoff.ko, the KUnit suite and the userspace unit tests.
 *
 * Rules implemented (RFC 3261 unless named; ../shared/semantics.md §5 is the contract):
 *  - A dialog is created by a 101-199 response with a To tag (early) or a 2xx (confirmed) to an
 *    INVITE (§12.1), by a 2xx to SUBSCRIBE/REFER or by a NOTIFY (RFC 6665 §4.1.2.4).
 *  - Confirmed when the 2xx is seen (§13.3.1.4); its ACK is recorded; no ACK within 64·T1 is
 *    reported (and ends the INVITE usage when the config says so).
 *  - An early dialog ends on a non-2xx final response to its INVITE (§13.2.2.3: all early
 *    dialogs of that INVITE), or 64·T1 after the INVITE's first 2xx on another fork
 *    (§13.2.2.4), or when silent for the early timeout.
 *  - The INVITE usage ends when the BYE is seen (§15.1); the BYE's final response is recorded.
 *  - RFC 5057 §5.1 as the contract states it: a 481 to any in-dialog request, a 408 or a
 *    transaction timeout end the dialog and all its usages.  Other failures to requests of the
 *    INVITE usage (488, 491, ... to a re-INVITE) end nothing (§14.1).  A subscription usage
 *    ends on NOTIFY with Subscription-State: terminated, on expiry, or on the failure responses
 *    RFC 6665 §4.1.2.2 / §4.2.2 name (404, 405, 410, 416, 480-485, 489, 501, 604).
 *  - The dialog ends when its last usage ends.
 */
#include "sipoff_plain.h"
#include "sipoff_dialog.h"

static inline u64 dlg_64t1(const struct sipoff_dlg_cfg *cfg)
{
	return 64 * (u64)cfg->t1_ms;
}

static inline bool dlg_invite_live(const struct sipoff_dlg *d)
{
	return (d->flags & SIPOFF_DLG_F_INVITE) && !(d->flags & SIPOFF_DLG_F_INVITE_ENDED);
}

static void dlg_res_reset(struct sipoff_dlg_res *res)
{
	res->notify = 0;
	res->n_usage = 0;
}

static void dlg_note(struct sipoff_dlg_res *res, u32 key, u8 kind, bool added, u8 reason,
		     bool local)
{
	struct sipoff_dlg_usage_note *n;

	res->notify |= added ? SIPOFF_DLG_N_USAGE_ADDED : SIPOFF_DLG_N_USAGE_ENDED;
	if (res->n_usage >= ARRAY_SIZE(res->usage))
		return;
	n = &res->usage[res->n_usage++];
	n->event_key = key;
	n->kind = kind;
	n->added = added;
	n->reason = reason;
	n->local = local;
}

/* Zombie timeouts and flushes keep their own reason even after an operator's request. */
static void dlg_apply_operator(const struct sipoff_dlg *d, u8 *reason, u8 *by)
{
	if (!(d->flags & SIPOFF_DLG_F_OPERATOR))
		return;
	switch (*reason) {
	case SIPOFF_DLG_R_BYE:
	case SIPOFF_DLG_R_CANCEL:
	case SIPOFF_DLG_R_REJECTED:
	case SIPOFF_DLG_R_481:
	case SIPOFF_DLG_R_TIMEOUT:
		*reason = SIPOFF_DLG_R_OPERATOR;
		*by = SIPOFF_DLG_BY_OPERATOR;
		break;
	default:
		break;
	}
}

static u8 dlg_sub_kind(const struct sipoff_dlg_sub *s)
{
	return (s->flags & SIPOFF_DLG_SUBF_REFER) ? SIPOFF_DLG_U_REFER : SIPOFF_DLG_U_SUBSCRIBE;
}

static bool dlg_sub_established(const struct sipoff_dlg_sub *s)
{
	return s->state == SIPOFF_DLG_SUB_PENDING || s->state == SIPOFF_DLG_SUB_ACTIVE;
}

/**
 * sipoff_dlg_usages() - number of live usages of a dialog
 * @d: the dialog
 *
 * Counts the INVITE usage while it lasts and every tracked subscription, including one whose
 * request is still unanswered (it keeps the dialog alive but is not yet reported).
 *
 * Return: the number of usages.
 */
unsigned int sipoff_dlg_usages(const struct sipoff_dlg *d)
{
	unsigned int i, n = dlg_invite_live(d) ? 1 : 0;

	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++)
		if (d->subs[i].state != SIPOFF_DLG_SUB_FREE)
			n++;
	return n;
}
SIPOFF_EXPORT(sipoff_dlg_usages);

static void dlg_end_invite(struct sipoff_dlg *d, u8 reason, u8 by, u64 now,
			   struct sipoff_dlg_res *res)
{
	if (!dlg_invite_live(d))
		return;
	dlg_apply_operator(d, &reason, &by);
	d->flags |= SIPOFF_DLG_F_INVITE_ENDED;
	d->invite_end_ms = now;
	d->invite_reason = reason;
	d->invite_by = by;
	dlg_note(res, 0, SIPOFF_DLG_U_INVITE, false, reason, d->side == SIPOFF_DLG_UAC);
}

static void dlg_end_sub(struct sipoff_dlg *d, unsigned int i, u8 reason,
			struct sipoff_dlg_res *res)
{
	struct sipoff_dlg_sub *s = &d->subs[i];

	if (dlg_sub_established(s))
		dlg_note(res, s->event_key, dlg_sub_kind(s), false, reason,
			 s->flags & SIPOFF_DLG_SUBF_LOCAL);
	memset(s, 0, sizeof(*s));
}

/* End the dialog and whatever usages it still has. */
static void dlg_end(struct sipoff_dlg *d, u8 reason, u8 by, u16 code, u64 now,
		    struct sipoff_dlg_res *res)
{
	unsigned int i;

	if (d->state == SIPOFF_DLG_S_ENDED)
		return;
	dlg_end_invite(d, reason, by, now, res);
	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++)
		if (d->subs[i].state != SIPOFF_DLG_SUB_FREE)
			dlg_end_sub(d, i, reason, res);
	dlg_apply_operator(d, &reason, &by);
	d->state = SIPOFF_DLG_S_ENDED;
	d->ended_ms = now;
	d->end_reason = reason;
	d->end_by = by;
	d->end_code = code;
	d->fork_end_ms = 0;
	res->notify |= SIPOFF_DLG_N_ENDED;
}

/* After a usage ended: the dialog ends with its last usage. */
static void dlg_maybe_end(struct sipoff_dlg *d, u8 reason, u8 by, u16 code, u64 now,
			  struct sipoff_dlg_res *res)
{
	if (d->state != SIPOFF_DLG_S_ENDED && !sipoff_dlg_usages(d))
		dlg_end(d, reason, by, code, now, res);
}

/* Failure responses that end a subscription usage (RFC 6665 §4.1.2.2, §4.2.2). */
static bool dlg_code_ends_sub(u16 code)
{
	switch (code) {
	case 404: case 405: case 410: case 416:
	case 480: case 481: case 482: case 483: case 484: case 485:
	case 489: case 501: case 604:
		return true;
	default:
		return false;
	}
}

static int dlg_sub_find(const struct sipoff_dlg *d, u32 key, bool local, bool refer)
{
	unsigned int i;

	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++) {
		const struct sipoff_dlg_sub *s = &d->subs[i];

		if (s->state != SIPOFF_DLG_SUB_FREE && s->event_key == key &&
		    !!(s->flags & SIPOFF_DLG_SUBF_LOCAL) == local &&
		    !!(s->flags & SIPOFF_DLG_SUBF_REFER) == refer)
			return i;
	}
	return -1;
}

/* A NOTIFY "Event: refer" without id is the first REFER's (RFC 3515 §2.4.6). */
static int dlg_sub_first_refer(const struct sipoff_dlg *d, bool local)
{
	int i, best = -1;

	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++) {
		const struct sipoff_dlg_sub *s = &d->subs[i];

		if (s->state == SIPOFF_DLG_SUB_FREE || !(s->flags & SIPOFF_DLG_SUBF_REFER) ||
		    !!(s->flags & SIPOFF_DLG_SUBF_LOCAL) != local)
			continue;
		if (best < 0 || s->req_cseq < d->subs[best].req_cseq)
			best = i;
	}
	return best;
}

static int dlg_sub_alloc(struct sipoff_dlg *d, struct sipoff_dlg_res *res)
{
	unsigned int i;

	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++)
		if (d->subs[i].state == SIPOFF_DLG_SUB_FREE)
			return i;
	d->flags |= SIPOFF_DLG_F_USAGE_FULL;
	res->notify |= SIPOFF_DLG_N_USAGE_FULL;
	return -1;
}

static void dlg_sub_set_expiry(struct sipoff_dlg_sub *s, u64 now, u32 seconds)
{
	s->expires_ms = now + (u64)seconds * 1000;
	if (!seconds)	/* unsubscribe: the notifier's last NOTIFY is due now */
		s->expires_ms = now;
}

static void dlg_sub_establish(struct sipoff_dlg_sub *s, u8 state, struct sipoff_dlg_res *res)
{
	if (!dlg_sub_established(s))
		dlg_note(res, s->event_key, dlg_sub_kind(s), true, SIPOFF_DLG_R_NONE,
			 s->flags & SIPOFF_DLG_SUBF_LOCAL);
	s->state = state;
}

/* SUBSCRIBE or REFER request inside the dialog. */
static void dlg_sub_request(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			    const struct sipoff_dlg_ev *ev, struct sipoff_dlg_res *res)
{
	bool refer = ev->method == SIPOFF_DLG_M_REFER;
	bool local = ev->dir == SIPOFF_DLG_OUT;
	struct sipoff_dlg_sub *s;
	int i;

	if (refer && (ev->flags & SIPOFF_DLG_EV_REFER_SUB_FALSE))
		return;
	i = dlg_sub_find(d, ev->event_key, local, refer);
	if (i >= 0) {
		s = &d->subs[i];
		s->req_cseq = ev->cseq;
		if (!refer && (ev->flags & SIPOFF_DLG_EV_HAS_EXPIRES) && !ev->expires)
			s->expires_ms = ev->now;
		return;
	}
	i = dlg_sub_alloc(d, res);
	if (i < 0)
		return;
	s = &d->subs[i];
	s->state = SIPOFF_DLG_SUB_INIT;
	s->event_key = ev->event_key;
	s->req_cseq = ev->cseq;
	s->flags = (local ? SIPOFF_DLG_SUBF_LOCAL : 0) | (refer ? SIPOFF_DLG_SUBF_REFER : 0);
	/* Unanswered for 64·T1: the transaction is over and no NOTIFY came. */
	s->expires_ms = ev->now + dlg_64t1(cfg);
}

/* Response to a SUBSCRIBE or REFER of the dialog. */
static void dlg_sub_response(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			     const struct sipoff_dlg_ev *ev, struct sipoff_dlg_res *res)
{
	bool refer = ev->method == SIPOFF_DLG_M_REFER;
	bool local = ev->dir == SIPOFF_DLG_IN;
	struct sipoff_dlg_sub *s = NULL;
	unsigned int i;

	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++) {
		struct sipoff_dlg_sub *c = &d->subs[i];

		if (c->state != SIPOFF_DLG_SUB_FREE && c->req_cseq == ev->cseq &&
		    !!(c->flags & SIPOFF_DLG_SUBF_LOCAL) == local &&
		    !!(c->flags & SIPOFF_DLG_SUBF_REFER) == refer) {
			s = c;
			break;
		}
	}
	/* A NOTIFY established it before this 2xx (the NOTIFY does not carry the CSeq). */
	if (!s && ev->code >= 200 && ev->code < 300 && ev->event_key) {
		int j = dlg_sub_find(d, ev->event_key, local, refer);

		if (j >= 0 && !d->subs[j].req_cseq) {
			i = j;
			s = &d->subs[j];
			s->req_cseq = ev->cseq;
		}
	}
	if (!s || ev->code < 200)
		return;
	if (ev->code < 300) {
		bool was_init = s->state == SIPOFF_DLG_SUB_INIT;

		dlg_sub_establish(s, was_init ? SIPOFF_DLG_SUB_ACTIVE : s->state, res);
		if (!refer && (ev->flags & SIPOFF_DLG_EV_HAS_EXPIRES))
			dlg_sub_set_expiry(s, ev->now, ev->expires);
		else if (was_init)
			s->expires_ms = ev->now + cfg->sub_default_ms;
		return;
	}
	if (s->state == SIPOFF_DLG_SUB_INIT || dlg_code_ends_sub(ev->code)) {
		dlg_end_sub(d, i, SIPOFF_DLG_R_SUB_FAILED, res);
		dlg_maybe_end(d, SIPOFF_DLG_R_SUB_FAILED,
			      local ? SIPOFF_DLG_BY_REMOTE : SIPOFF_DLG_BY_LOCAL, ev->code, ev->now,
			      res);
	}
	/* Other failures: the subscription lasts until its known expiry (RFC 6665 §4.1.2.2). */
}

/* NOTIFY request inside the dialog (or creating it). */
static void dlg_sub_notify(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			   const struct sipoff_dlg_ev *ev, struct sipoff_dlg_res *res)
{
	bool refer = ev->flags & SIPOFF_DLG_EV_EVENT_REFER;
	bool local = ev->dir == SIPOFF_DLG_IN;
	struct sipoff_dlg_sub *s;
	u8 state;
	int i;

	i = dlg_sub_find(d, ev->event_key, local, refer);
	if (i < 0 && refer && (ev->flags & SIPOFF_DLG_EV_EVENT_NO_ID))
		i = dlg_sub_first_refer(d, local);
	if (ev->sub_state == SIPOFF_DLG_SS_TERMINATED) {
		if (i < 0)
			return;
		d->subs[i].ntfy_cseq = ev->cseq;
		dlg_end_sub(d, i, SIPOFF_DLG_R_SUB_TERMINATED, res);
		dlg_maybe_end(d, SIPOFF_DLG_R_SUB_TERMINATED,
			      local ? SIPOFF_DLG_BY_REMOTE : SIPOFF_DLG_BY_LOCAL, 0, ev->now, res);
		return;
	}
	if (i < 0) {
		/* A NOTIFY may establish the subscription before (or without) the 2xx. */
		i = dlg_sub_alloc(d, res);
		if (i < 0)
			return;
		s = &d->subs[i];
		s->event_key = ev->event_key;
		s->flags = (local ? SIPOFF_DLG_SUBF_LOCAL : 0) |
			   (refer ? SIPOFF_DLG_SUBF_REFER : 0);
		s->expires_ms = ev->now + cfg->sub_default_ms;
	}
	s = &d->subs[i];
	if (s->state == SIPOFF_DLG_SUB_INIT)
		s->expires_ms = ev->now + cfg->sub_default_ms;
	s->ntfy_cseq = ev->cseq;
	state = ev->sub_state == SIPOFF_DLG_SS_PENDING ? SIPOFF_DLG_SUB_PENDING :
							 SIPOFF_DLG_SUB_ACTIVE;
	dlg_sub_establish(s, state, res);
	if (ev->flags & SIPOFF_DLG_EV_HAS_SUB_EXPIRES)
		dlg_sub_set_expiry(s, ev->now, ev->sub_expires);
}

/* Response to a NOTIFY of the dialog. */
static void dlg_notify_response(struct sipoff_dlg *d, const struct sipoff_dlg_ev *ev,
				struct sipoff_dlg_res *res)
{
	bool local = ev->dir == SIPOFF_DLG_OUT;	/* we answer: we are the subscriber */
	unsigned int i;

	if (ev->code < 300 || !dlg_code_ends_sub(ev->code))
		return;
	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++) {
		struct sipoff_dlg_sub *s = &d->subs[i];

		if (s->state != SIPOFF_DLG_SUB_FREE && s->ntfy_cseq == ev->cseq &&
		    !!(s->flags & SIPOFF_DLG_SUBF_LOCAL) == local) {
			dlg_end_sub(d, i, SIPOFF_DLG_R_SUB_FAILED, res);
			dlg_maybe_end(d, SIPOFF_DLG_R_SUB_FAILED,
				      local ? SIPOFF_DLG_BY_LOCAL : SIPOFF_DLG_BY_REMOTE, ev->code,
				      ev->now, res);
			return;
		}
	}
}

/**
 * sipoff_dlg_cfg_default() - fill a config with the defaults
 * @cfg: config to fill
 * @t1_ms: the netns' T1
 *
 * Early timeout 180 s, maximum lifetime 24 h, linger 30 s (contract §5), subscriptions
 * assumed to last 3600 s until an Expires is seen and ended 64·T1 after expiry.  A missing ACK
 * is reported and ends nothing (contract §5): the ACK of a 2xx may travel where sipoff does not
 * look (a Contact port that is not a SIP port), and the application, not sipoff, decides.
 */
void sipoff_dlg_cfg_default(struct sipoff_dlg_cfg *cfg, u32 t1_ms)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->t1_ms = t1_ms;
	cfg->early_timeout_ms = 180 * 1000;
	cfg->max_lifetime_ms = 24 * 3600 * 1000;
	cfg->linger_ms = 30 * 1000;
	cfg->sub_default_ms = 3600 * 1000;
	cfg->sub_grace_ms = 64 * t1_ms;
}
SIPOFF_EXPORT(sipoff_dlg_cfg_default);

/**
 * sipoff_dlg_create() - initialise a dialog from the message that creates it
 * @d: storage for the dialog (any contents; fully overwritten)
 * @cfg: config
 * @ev: a 101-199 response with a To tag or a 2xx to an INVITE; a 2xx to SUBSCRIBE or REFER
 *	(REFER without Refer-Sub: false); or a NOTIFY.  @ev->side is the local role.
 * @fork_id: the glue's id of the creating request (shared by the forks of one INVITE)
 * @res: filled with what happened
 *
 * Return: SIPOFF_DLG_N_* with SIPOFF_DLG_N_NEW set, or 0 if @ev creates no dialog (the glue
 * frees @d).
 */
u32 sipoff_dlg_create(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
		      const struct sipoff_dlg_ev *ev, u32 fork_id, struct sipoff_dlg_res *res)
{
	bool uac = ev->side == SIPOFF_DLG_UAC;

	dlg_res_reset(res);
	memset(d, 0, sizeof(*d));
	switch (ev->method) {
	case SIPOFF_DLG_M_INVITE:
		if (ev->code <= 100 || ev->code >= 300 ||
		    (ev->code < 200 && !(ev->flags & SIPOFF_DLG_EV_TO_TAG)))
			return 0;
		break;
	case SIPOFF_DLG_M_SUBSCRIBE:
	case SIPOFF_DLG_M_REFER:
		if (ev->code < 200 || ev->code >= 300 ||
		    (ev->flags & SIPOFF_DLG_EV_REFER_SUB_FALSE))
			return 0;
		break;
	case SIPOFF_DLG_M_NOTIFY:
		if (ev->code || ev->sub_state == SIPOFF_DLG_SS_TERMINATED)
			return 0;
		break;
	default:
		return 0;
	}

	d->created_ms = ev->now;
	d->touched_ms = ev->now;
	d->side = ev->side;
	d->fork_id = fork_id;
	d->state = SIPOFF_DLG_S_CONFIRMED;
	res->notify |= SIPOFF_DLG_N_NEW | SIPOFF_DLG_N_ROUTE_SET;
	if (ev->flags & SIPOFF_DLG_EV_RR_TRUNCATED)
		d->flags |= SIPOFF_DLG_F_RR_TRUNCATED;
	/* The peer's Contact is in a response we receive, or in a NOTIFY we receive. */
	if (ev->dir == SIPOFF_DLG_IN)
		res->notify |= SIPOFF_DLG_N_TARGET;

	if (ev->method == SIPOFF_DLG_M_NOTIFY) {
		/* The notifier's request: its CSeq space, not the SUBSCRIBE's. */
		if (ev->dir == SIPOFF_DLG_OUT)
			d->local_cseq = ev->cseq;
		else
			d->remote_cseq = ev->cseq;
		res->notify |= SIPOFF_DLG_N_CONFIRMED;
		dlg_sub_notify(d, cfg, ev, res);
		return res->notify;
	}

	d->invite_cseq = ev->cseq;
	if (uac)
		d->local_cseq = ev->cseq;
	else
		d->remote_cseq = ev->cseq;

	if (ev->method != SIPOFF_DLG_M_INVITE) {
		struct sipoff_dlg_sub *s = &d->subs[0];

		res->notify |= SIPOFF_DLG_N_CONFIRMED;
		s->state = SIPOFF_DLG_SUB_INIT;
		s->event_key = ev->event_key;
		s->req_cseq = ev->cseq;
		s->flags = (ev->dir == SIPOFF_DLG_IN ? SIPOFF_DLG_SUBF_LOCAL : 0) |
			   (ev->method == SIPOFF_DLG_M_REFER ? SIPOFF_DLG_SUBF_REFER : 0);
		dlg_sub_response(d, cfg, ev, res);
		return res->notify;
	}

	d->flags |= SIPOFF_DLG_F_INVITE;
	dlg_note(res, 0, SIPOFF_DLG_U_INVITE, true, SIPOFF_DLG_R_NONE, uac);
	if (ev->code < 200) {
		d->state = SIPOFF_DLG_S_EARLY;
		res->notify |= SIPOFF_DLG_N_EARLY;
	} else {
		d->answered_ms = ev->now;
		d->final_code = ev->code;
		res->notify |= SIPOFF_DLG_N_CONFIRMED;
	}
	return res->notify;
}
SIPOFF_EXPORT(sipoff_dlg_create);

/**
 * sipoff_dlg_on_request() - a request of the dialog was seen
 * @d: the dialog
 * @cfg: config
 * @ev: the request (@ev->code 0).  In-dialog requests need SIPOFF_DLG_EV_TO_TAG; ACK and CANCEL
 *	are taken as they come (pass a CANCEL to every early dialog of its INVITE).
 * @res: filled with what happened
 *
 * BYE ends the INVITE usage (and the dialog with its last usage); re-INVITE and UPDATE start a
 * target refresh (SIPOFF_DLG_N_TARGET when the peer sent it); SUBSCRIBE, REFER and NOTIFY
 * manage subscription usages.  A request whose CSeq is below the highest one seen from its
 * sender changes nothing (SIPOFF_DLG_N_STALE).
 *
 * Return: SIPOFF_DLG_N_* notifications.
 */
u32 sipoff_dlg_on_request(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			  const struct sipoff_dlg_ev *ev, struct sipoff_dlg_res *res)
{
	bool local = ev->dir == SIPOFF_DLG_OUT;
	u32 *high = local ? &d->local_cseq : &d->remote_cseq;
	u8 by = local ? SIPOFF_DLG_BY_LOCAL : SIPOFF_DLG_BY_REMOTE;

	dlg_res_reset(res);
	if (d->state == SIPOFF_DLG_S_ENDED) {
		/* A BYE re-sent with credentials: its response is the one to record. */
		if (ev->method == SIPOFF_DLG_M_BYE && d->bye_cseq && ev->cseq > d->bye_cseq &&
		    !d->bye_code && local == !!(d->flags & SIPOFF_DLG_F_BYE_OUT))
			d->bye_cseq = ev->cseq;
		return 0;
	}
	d->touched_ms = ev->now;

	if (ev->method == SIPOFF_DLG_M_CANCEL) {
		if (!dlg_invite_live(d) || ev->cseq != d->invite_cseq)
			return 0;
		d->flags |= SIPOFF_DLG_F_CANCEL;
		if (d->state == SIPOFF_DLG_S_CONFIRMED)	/* the 2xx won the race */
			d->flags |= SIPOFF_DLG_F_CANCEL_RACE;
		return 0;
	}
	if (ev->method == SIPOFF_DLG_M_ACK) {
		/* The UAC's ACK of the 2xx to the initial INVITE. */
		if (d->answered_ms && !d->acked_ms && ev->cseq == d->invite_cseq &&
		    (d->flags & SIPOFF_DLG_F_INVITE) && local == (d->side == SIPOFF_DLG_UAC)) {
			d->acked_ms = ev->now;
			res->notify |= SIPOFF_DLG_N_ACK;
		}
		return res->notify;
	}
	if (!(ev->flags & SIPOFF_DLG_EV_TO_TAG))
		return 0;
	if (*high && ev->cseq < *high) {
		res->notify |= SIPOFF_DLG_N_STALE;
		return res->notify;
	}
	*high = ev->cseq;

	switch (ev->method) {
	case SIPOFF_DLG_M_BYE:
		if (!dlg_invite_live(d)) {
			/* Re-sent with credentials while subscriptions keep the dialog. */
			if (d->bye_cseq && !d->bye_code &&
			    local == !!(d->flags & SIPOFF_DLG_F_BYE_OUT))
				d->bye_cseq = ev->cseq;
			break;
		}
		if (d->state == SIPOFF_DLG_S_CONFIRMED && !d->acked_ms) {
			d->flags |= SIPOFF_DLG_F_BYE_BEFORE_ACK;
			res->notify |= SIPOFF_DLG_N_BYE_BEFORE_ACK;
		}
		d->bye_cseq = ev->cseq;
		if (local)
			d->flags |= SIPOFF_DLG_F_BYE_OUT;
		dlg_end_invite(d, SIPOFF_DLG_R_BYE, by, ev->now, res);
		dlg_maybe_end(d, SIPOFF_DLG_R_BYE, by, 0, ev->now, res);
		break;
	case SIPOFF_DLG_M_INVITE:
	case SIPOFF_DLG_M_UPDATE:
		if (!dlg_invite_live(d))
			break;
		if (ev->method == SIPOFF_DLG_M_INVITE && d->state != SIPOFF_DLG_S_CONFIRMED)
			break;
		d->refresh_cseq = ev->cseq;
		d->flags &= ~(SIPOFF_DLG_F_REFRESH_OUT | SIPOFF_DLG_F_REFRESH_IN);
		d->flags |= local ? SIPOFF_DLG_F_REFRESH_OUT : SIPOFF_DLG_F_REFRESH_IN;
		if (!local)	/* §12.2.2: the request's Contact is the peer's new target */
			res->notify |= SIPOFF_DLG_N_TARGET;
		break;
	case SIPOFF_DLG_M_SUBSCRIBE:
	case SIPOFF_DLG_M_REFER:
		dlg_sub_request(d, cfg, ev, res);
		break;
	case SIPOFF_DLG_M_NOTIFY:
		dlg_sub_notify(d, cfg, ev, res);
		break;
	default:
		break;
	}
	return res->notify;
}
SIPOFF_EXPORT(sipoff_dlg_on_request);

/* Who ended an INVITE by its final response: the canceller (the UAC) or the UAS. */
static u8 dlg_invite_final_by(const struct sipoff_dlg *d, u8 reason)
{
	if (reason == SIPOFF_DLG_R_CANCEL)
		return d->side == SIPOFF_DLG_UAC ? SIPOFF_DLG_BY_LOCAL : SIPOFF_DLG_BY_REMOTE;
	return d->side == SIPOFF_DLG_UAC ? SIPOFF_DLG_BY_REMOTE : SIPOFF_DLG_BY_LOCAL;
}

static u8 dlg_invite_final_reason(const struct sipoff_dlg *d, u16 code)
{
	if (code == 487 || (d->flags & SIPOFF_DLG_F_CANCEL))
		return SIPOFF_DLG_R_CANCEL;
	return SIPOFF_DLG_R_REJECTED;
}

/**
 * sipoff_dlg_on_response() - a response to a request of the dialog was seen
 * @d: the dialog
 * @cfg: config
 * @ev: the response; @ev->method is its CSeq method
 * @res: filled with what happened
 *
 * A 2xx to the initial INVITE confirms an early dialog; a non-2xx final response ends it
 * (CANCEL after a CANCEL or on 487, REJECTED otherwise).  A 481, a 408 (or a timeout, see
 * sipoff_dlg_on_txn_timeout()) to any other request ends the dialog and all usages.  A 2xx to
 * a re-INVITE/UPDATE is a target refresh.  Failures of SUBSCRIBE/REFER/NOTIFY end their
 * subscription usage where RFC 6665 says so.  On an ended dialog only the BYE's final response
 * is recorded.
 *
 * Return: SIPOFF_DLG_N_* notifications.
 */
u32 sipoff_dlg_on_response(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			   const struct sipoff_dlg_ev *ev, struct sipoff_dlg_res *res)
{
	bool to_local = ev->dir == SIPOFF_DLG_IN;	/* answers a request the local host sent */
	bool timeout = ev->flags & SIPOFF_DLG_EV_TIMEOUT;
	u8 peer = to_local ? SIPOFF_DLG_BY_REMOTE : SIPOFF_DLG_BY_LOCAL;
	u8 reason;

	dlg_res_reset(res);
	/* The BYE's final response; a 401/407 challenge is not final for the BYE's outcome. */
	if (ev->method == SIPOFF_DLG_M_BYE && d->bye_cseq && ev->cseq == d->bye_cseq &&
	    to_local == !!(d->flags & SIPOFF_DLG_F_BYE_OUT) &&
	    ev->code >= 200 && ev->code != 401 && ev->code != 407 && !d->bye_code) {
		d->bye_code = ev->code;
		res->notify |= SIPOFF_DLG_N_BYE_RESPONSE;
	}
	if (d->state == SIPOFF_DLG_S_ENDED)
		return res->notify;
	d->touched_ms = ev->now;
	/*
	 * A response we receive carries our CSeq space (the only way to learn it in a dialog
	 * that a NOTIFY created).
	 */
	if (to_local && ev->method != SIPOFF_DLG_M_CANCEL && ev->cseq > d->local_cseq)
		d->local_cseq = ev->cseq;

	/* The initial INVITE's own responses. */
	if (ev->method == SIPOFF_DLG_M_INVITE && (d->flags & SIPOFF_DLG_F_INVITE) &&
	    ev->cseq == d->invite_cseq && to_local == (d->side == SIPOFF_DLG_UAC)) {
		if (ev->code < 200 || d->state != SIPOFF_DLG_S_EARLY || !dlg_invite_live(d))
			return res->notify;
		if (ev->code < 300) {
			d->state = SIPOFF_DLG_S_CONFIRMED;
			d->answered_ms = ev->now;
			d->final_code = ev->code;
			d->fork_end_ms = 0;
			if (d->flags & SIPOFF_DLG_F_CANCEL)
				d->flags |= SIPOFF_DLG_F_CANCEL_RACE;
			res->notify |= SIPOFF_DLG_N_CONFIRMED;
			/* §13.2.2.4: the UAC recomputes the route set from the 2xx. */
			if (to_local)
				res->notify |= SIPOFF_DLG_N_ROUTE_SET | SIPOFF_DLG_N_TARGET;
			return res->notify;
		}
		if (timeout) {
			dlg_end(d, SIPOFF_DLG_R_TIMEOUT, SIPOFF_DLG_BY_TIMER, ev->code, ev->now,
				res);
			return res->notify;
		}
		d->final_code = ev->code;
		reason = dlg_invite_final_reason(d, ev->code);
		dlg_end(d, reason, dlg_invite_final_by(d, reason), ev->code, ev->now, res);
		return res->notify;
	}
	/* A CANCEL's 481 only says the INVITE had completed. */
	if (ev->code < 200 || ev->method == SIPOFF_DLG_M_CANCEL)
		return res->notify;

	/* RFC 5057 §5.1 as the contract has it: the dialog is gone. */
	if (ev->code == 481 || ev->code == 408 || timeout) {
		reason = ev->code == 481 && !timeout ? SIPOFF_DLG_R_481 : SIPOFF_DLG_R_TIMEOUT;
		dlg_end(d, reason, timeout ? SIPOFF_DLG_BY_TIMER : peer, ev->code, ev->now, res);
		return res->notify;
	}

	switch (ev->method) {
	case SIPOFF_DLG_M_INVITE:
	case SIPOFF_DLG_M_UPDATE:
		if (ev->cseq != d->refresh_cseq ||
		    !(d->flags & (to_local ? SIPOFF_DLG_F_REFRESH_OUT : SIPOFF_DLG_F_REFRESH_IN)))
			break;
		d->flags &= ~(SIPOFF_DLG_F_REFRESH_OUT | SIPOFF_DLG_F_REFRESH_IN);
		/* 488, 491 and other failures leave the session as it was (§14.1). */
		if (ev->code >= 300)
			break;
		res->notify |= SIPOFF_DLG_N_REFRESHED;
		if (to_local)
			res->notify |= SIPOFF_DLG_N_TARGET;
		break;
	case SIPOFF_DLG_M_SUBSCRIBE:
	case SIPOFF_DLG_M_REFER:
		dlg_sub_response(d, cfg, ev, res);
		break;
	case SIPOFF_DLG_M_NOTIFY:
		dlg_notify_response(d, ev, res);
		break;
	default:
		break;
	}
	return res->notify;
}
SIPOFF_EXPORT(sipoff_dlg_on_response);

/**
 * sipoff_dlg_on_fork_final() - the dialog's INVITE got a final response on another fork
 * @d: an early dialog of that INVITE
 * @cfg: config
 * @code: the final status code (a 2xx with another To tag, or a non-2xx on any fork)
 * @cseq: the INVITE's CSeq number
 * @now: time in ms
 * @res: filled with what happened
 *
 * A non-2xx final response ends every early dialog of the INVITE (§13.2.2.3); after a 2xx an
 * early dialog ends 64·T1 later unless it gets its own final response (§13.2.2.4).
 *
 * Return: SIPOFF_DLG_N_* notifications.
 */
u32 sipoff_dlg_on_fork_final(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			     u16 code, u32 cseq, u64 now, struct sipoff_dlg_res *res)
{
	u8 reason;

	dlg_res_reset(res);
	if (d->state != SIPOFF_DLG_S_EARLY || !dlg_invite_live(d) || cseq != d->invite_cseq ||
	    code < 200)
		return 0;
	if (code < 300) {
		if (!(d->flags & SIPOFF_DLG_F_FORK_2XX)) {
			d->flags |= SIPOFF_DLG_F_FORK_2XX;
			d->fork_end_ms = now + dlg_64t1(cfg);
		}
		return 0;
	}
	d->final_code = code;
	reason = dlg_invite_final_reason(d, code);
	dlg_end(d, reason, dlg_invite_final_by(d, reason), code, now, res);
	return res->notify;
}
SIPOFF_EXPORT(sipoff_dlg_on_fork_final);

/**
 * sipoff_dlg_on_txn_timeout() - a client transaction of the dialog timed out
 * @d: the dialog
 * @cfg: config
 * @method: the request's method (enum sipoff_dlg_method)
 * @cseq: the request's CSeq number
 * @dir: the request's direction (SIPOFF_DLG_OUT: the local host's transaction)
 * @now: time in ms
 * @res: filled with what happened
 *
 * Handled like a 408 (RFC 5057 §5.1, contract §5): the dialog ends with reason TIMEOUT; for the
 * initial INVITE (Timer B) the early dialog ends.
 *
 * Return: SIPOFF_DLG_N_* notifications.
 */
u32 sipoff_dlg_on_txn_timeout(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			      u8 method, u32 cseq, u8 dir, u64 now, struct sipoff_dlg_res *res)
{
	struct sipoff_dlg_ev ev = {
		.now = now,
		.cseq = cseq,
		.code = 408,
		.method = method,
		.dir = dir == SIPOFF_DLG_OUT ? SIPOFF_DLG_IN : SIPOFF_DLG_OUT,
		.flags = SIPOFF_DLG_EV_TIMEOUT,
	};

	if (method == SIPOFF_DLG_M_ACK || method == SIPOFF_DLG_M_CANCEL) {
		dlg_res_reset(res);
		return 0;
	}
	return sipoff_dlg_on_response(d, cfg, &ev, res);
}
SIPOFF_EXPORT(sipoff_dlg_on_txn_timeout);

static u64 dlg_sub_deadline(const struct sipoff_dlg_sub *s, const struct sipoff_dlg_cfg *cfg)
{
	if (s->state == SIPOFF_DLG_SUB_FREE)
		return SIPOFF_DLG_NEVER;
	if (s->state == SIPOFF_DLG_SUB_INIT)
		return s->expires_ms;
	return s->expires_ms + cfg->sub_grace_ms;
}

static u64 dlg_noack_deadline(const struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg)
{
	if (d->state != SIPOFF_DLG_S_CONFIRMED || !dlg_invite_live(d) || !d->answered_ms ||
	    d->acked_ms || (d->flags & SIPOFF_DLG_F_ACK_MISSING))
		return SIPOFF_DLG_NEVER;
	return d->answered_ms + dlg_64t1(cfg);
}

/**
 * sipoff_dlg_next_deadline() - when sipoff_dlg_on_timer() has something to do next
 * @d: the dialog
 * @cfg: config
 *
 * Return: absolute time in ms, or SIPOFF_DLG_NEVER.
 */
u64 sipoff_dlg_next_deadline(const struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg)
{
	u64 t = SIPOFF_DLG_NEVER;
	unsigned int i;

	if (d->state == SIPOFF_DLG_S_ENDED)
		return d->ended_ms + cfg->linger_ms;
	if (cfg->max_lifetime_ms)
		t = d->created_ms + cfg->max_lifetime_ms;
	if (d->state == SIPOFF_DLG_S_EARLY) {
		if (d->fork_end_ms)
			t = min(t, d->fork_end_ms);
		if (cfg->early_timeout_ms)
			t = min(t, d->touched_ms + cfg->early_timeout_ms);
	}
	t = min(t, dlg_noack_deadline(d, cfg));
	for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++)
		t = min(t, dlg_sub_deadline(&d->subs[i], cfg));
	return t;
}
SIPOFF_EXPORT(sipoff_dlg_next_deadline);

/**
 * sipoff_dlg_on_timer() - run the dialog's timeouts that are due
 * @d: the dialog
 * @cfg: config
 * @now: time in ms
 * @res: filled with what happened
 *
 * Maximum lifetime, fork loser (64·T1 after another fork's 2xx), early timeout, missing ACK
 * (64·T1 after the 2xx: reported only), subscription expiry; on an ended dialog, the end of its linger
 * (SIPOFF_DLG_N_REAP).
 *
 * Return: SIPOFF_DLG_N_* notifications.
 */
u32 sipoff_dlg_on_timer(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg, u64 now,
			struct sipoff_dlg_res *res)
{
	unsigned int i;

	dlg_res_reset(res);
	if (d->state != SIPOFF_DLG_S_ENDED) {
		if (cfg->max_lifetime_ms && now >= d->created_ms + cfg->max_lifetime_ms)
			dlg_end(d, SIPOFF_DLG_R_MAX_LIFETIME, SIPOFF_DLG_BY_TIMER, 0, now, res);
	}
	if (d->state == SIPOFF_DLG_S_EARLY) {
		if (d->fork_end_ms && now >= d->fork_end_ms)
			dlg_end(d, SIPOFF_DLG_R_FORK_LOSER, SIPOFF_DLG_BY_TIMER, 0, now, res);
		else if (cfg->early_timeout_ms && now >= d->touched_ms + cfg->early_timeout_ms)
			dlg_end(d, SIPOFF_DLG_R_EARLY_TIMEOUT, SIPOFF_DLG_BY_TIMER, 0, now, res);
	}
	if (d->state == SIPOFF_DLG_S_CONFIRMED && now >= dlg_noack_deadline(d, cfg)) {
		/* Reported once; the dialog stays until a BYE, a 481/408/timeout, the operator
		 * or its maximum lifetime (contract §5).
		 */
		d->flags |= SIPOFF_DLG_F_ACK_MISSING;
		res->notify |= SIPOFF_DLG_N_ACK_MISSING;
	}
	if (d->state != SIPOFF_DLG_S_ENDED) {
		bool expired = false;

		for (i = 0; i < SIPOFF_DLG_MAX_SUBS; i++) {
			if (d->subs[i].state != SIPOFF_DLG_SUB_FREE &&
			    now >= dlg_sub_deadline(&d->subs[i], cfg)) {
				dlg_end_sub(d, i, SIPOFF_DLG_R_SUB_EXPIRED, res);
				expired = true;
			}
		}
		if (expired)
			dlg_maybe_end(d, SIPOFF_DLG_R_SUB_EXPIRED, SIPOFF_DLG_BY_TIMER, 0, now,
				      res);
	}
	if (d->state == SIPOFF_DLG_S_ENDED && now >= d->ended_ms + cfg->linger_ms)
		res->notify |= SIPOFF_DLG_N_REAP;
	return res->notify;
}
SIPOFF_EXPORT(sipoff_dlg_on_timer);

/**
 * sipoff_dlg_terminate() - end a dialog now, without SIP
 * @d: the dialog
 * @reason: SIPOFF_DLG_R_FLUSH, SIPOFF_DLG_R_OPERATOR, ...
 * @now: time in ms
 * @res: filled with what happened
 *
 * Return: SIPOFF_DLG_N_* notifications (0 if it had already ended).
 */
u32 sipoff_dlg_terminate(struct sipoff_dlg *d, u8 reason, u64 now, struct sipoff_dlg_res *res)
{
	dlg_res_reset(res);
	if (d->state == SIPOFF_DLG_S_ENDED)
		return 0;
	dlg_end(d, reason, SIPOFF_DLG_BY_OPERATOR, 0, now, res);
	return res->notify;
}
SIPOFF_EXPORT(sipoff_dlg_terminate);

/**
 * sipoff_dlg_operator_request() - an operator asked to end this dialog
 * @d: the dialog
 *
 * The CANCEL (early) or BYEs (confirmed) that follow end it; its end is then reported with
 * reason SIPOFF_DLG_R_OPERATOR and SIPOFF_DLG_BY_OPERATOR.
 */
void sipoff_dlg_operator_request(struct sipoff_dlg *d)
{
	if (d->state != SIPOFF_DLG_S_ENDED)
		d->flags |= SIPOFF_DLG_F_OPERATOR;
}
SIPOFF_EXPORT(sipoff_dlg_operator_request);

/**
 * sipoff_dlg_route_index() - which Record-Route entry is the i-th route of the route set
 * @side: the dialog's enum sipoff_dlg_side
 * @n: number of Record-Route entries (in message order) of the message that set the route set
 * @i: position in the route set
 *
 * The UAS takes the route set as received, the UAC reversed (§12.1.1, §12.1.2).
 *
 * Return: index into the Record-Route entries.
 */
unsigned int sipoff_dlg_route_index(u8 side, unsigned int n, unsigned int i)
{
	if (side == SIPOFF_DLG_UAS || i >= n)
		return i;
	return n - 1 - i;
}
SIPOFF_EXPORT(sipoff_dlg_route_index);

static const char * const sipoff_dlg_reason_names[SIPOFF_DLG_R_COUNT] = {
	[SIPOFF_DLG_R_NONE] = "none",
	[SIPOFF_DLG_R_BYE] = "bye",
	[SIPOFF_DLG_R_CANCEL] = "cancel",
	[SIPOFF_DLG_R_REJECTED] = "rejected",
	[SIPOFF_DLG_R_481] = "481",
	[SIPOFF_DLG_R_TIMEOUT] = "timeout",
	[SIPOFF_DLG_R_EARLY_TIMEOUT] = "early-timeout",
	[SIPOFF_DLG_R_NO_ACK] = "no-ack",
	[SIPOFF_DLG_R_MAX_LIFETIME] = "max-lifetime",
	[SIPOFF_DLG_R_FORK_LOSER] = "fork-loser",
	[SIPOFF_DLG_R_OPERATOR] = "operator",
	[SIPOFF_DLG_R_FLUSH] = "flush",
	[SIPOFF_DLG_R_SUB_TERMINATED] = "subscription-terminated",
	[SIPOFF_DLG_R_SUB_EXPIRED] = "subscription-expired",
	[SIPOFF_DLG_R_SUB_FAILED] = "subscription-failed",
};

/**
 * sipoff_dlg_reason_name() - stable lower-case name of an end reason
 * @reason: enum sipoff_dlg_reason
 *
 * Return: the name, "unknown" if out of range.
 */
const char *sipoff_dlg_reason_name(u8 reason)
{
	if (reason >= SIPOFF_DLG_R_COUNT)
		return "unknown";
	return sipoff_dlg_reason_names[reason];
}
SIPOFF_EXPORT(sipoff_dlg_reason_name);

/**
 * sipoff_dlg_state_name() - stable lower-case name of a dialog state
 * @state: enum sipoff_dlg_state
 *
 * Return: "early", "confirmed", "ended" or "unknown".
 */
const char *sipoff_dlg_state_name(u8 state)
{
	switch (state) {
	case SIPOFF_DLG_S_EARLY:
		return "early";
	case SIPOFF_DLG_S_CONFIRMED:
		return "confirmed";
	case SIPOFF_DLG_S_ENDED:
		return "ended";
	default:
		return "unknown";
	}
}
SIPOFF_EXPORT(sipoff_dlg_state_name);
