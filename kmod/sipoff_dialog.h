/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_dialog.h - SIP dialog and dialog-usage state logic (RFC 3261 §12, §13, §15; RFC 5057;
 * RFC 6665; RFC 3515 / RFC 4488 for REFER).
 *
 * Plain C: no kernel calls, no allocation, no strings.  The kernel glue parses a message, looks
 * the dialog up (Call-ID + local tag + remote tag), fills a struct sipoff_dlg_ev and calls one
 * of the event functions below; each returns a bitmask of SIPOFF_DLG_N_* notifications (what
 * happened) and fills a struct sipoff_dlg_res with the usages added or ended.  Strings (URIs,
 * tags, route set, Call-ID) are the glue's; these functions only tell it when to take them
 * from the current message (SIPOFF_DLG_N_ROUTE_SET, SIPOFF_DLG_N_TARGET).
 *
 * How the glue drives it:
 *
 *  - A 101-199 response with a To tag or a 2xx to an INVITE that matches no dialog: allocate a
 *    struct sipoff_dlg and call sipoff_dlg_create() with that response (ev->side: UAC when the
 *    local host sent the INVITE, i.e. the response is SIPOFF_DLG_IN).  Same for a 2xx to an
 *    out-of-dialog SUBSCRIBE or REFER, or for a NOTIFY that matches a SUBSCRIBE/REFER the glue
 *    holds (RFC 6665 §4.1.2.4).  Give every dialog of one INVITE the same @fork_id (any value
 *    the glue likes, e.g. a hash of Call-ID, From tag and CSeq).
 *  - Every later request/response of the dialog: sipoff_dlg_on_request()/on_response().  A
 *    CANCEL carries no To tag: pass it to every early dialog of its INVITE.
 *  - A final response to the initial INVITE that matches another dialog of the same INVITE (or
 *    no dialog at all): sipoff_dlg_on_fork_final() on every other dialog of that INVITE, so the
 *    losers of a fork end on a non-2xx (§13.2.2.3) or 64·T1 after the first 2xx (§13.2.2.4).
 *  - A client transaction timeout (Timer B/F) of a request of the dialog:
 *    sipoff_dlg_on_txn_timeout().
 *  - Timers: arm one timer per dialog at sipoff_dlg_next_deadline() (SIPOFF_DLG_NEVER: none);
 *    when it fires call sipoff_dlg_on_timer() and re-arm.  SIPOFF_DLG_N_REAP: the dialog's linger
 *    is over, unhash and free it.  Re-arm after every event function too.
 *  - sipoff_dlg_terminate(): flush, eviction, or an operator's forced end.
 *    sipoff_dlg_operator_request(): a terminate request was passed on (to sipoffd, or a CANCEL
 *    sent); the end that follows is reported with reason SIPOFF_DLG_R_OPERATOR.
 *
 * Messages on an ended (lingering) dialog are accepted and only the BYE's final response is
 * still recorded.  Each function's return value is also in res->notify.
 *
 * For sipoffd's BYEs (§12.2.1.1): towards the peer CSeq local_cseq + 1, towards the local party
 * remote_cseq + 1 (each is the highest CSeq seen from that sender, learnt from requests and,
 * for the local side, from the responses it receives).
 *
 * Not handled here: an INVITE usage created inside an existing SUBSCRIBE/REFER dialog (such a
 * re-INVITE is ignored), glare bookkeeping beyond the latest target refresh request, and
 * Event-id hash collisions (the glue's key must be good enough for a handful of usages).
 */
#ifndef _SIPOFF_DIALOG_H
#define _SIPOFF_DIALOG_H

#include "sipoff_plain.h"

/* Subscription usages tracked per dialog (RFC 5057 §4.2): reciprocal ones, a REFER or two. */
#define SIPOFF_DLG_MAX_SUBS	4
/* "No deadline" of sipoff_dlg_next_deadline(). */
#define SIPOFF_DLG_NEVER	(~(u64)0)

/* Methods as the glue maps them (a response uses its CSeq method). */
enum sipoff_dlg_method {
	SIPOFF_DLG_M_UNKNOWN = 0,
	SIPOFF_DLG_M_INVITE,
	SIPOFF_DLG_M_ACK,
	SIPOFF_DLG_M_BYE,
	SIPOFF_DLG_M_CANCEL,
	SIPOFF_DLG_M_OPTIONS,
	SIPOFF_DLG_M_REGISTER,
	SIPOFF_DLG_M_PRACK,
	SIPOFF_DLG_M_SUBSCRIBE,
	SIPOFF_DLG_M_NOTIFY,
	SIPOFF_DLG_M_PUBLISH,
	SIPOFF_DLG_M_INFO,
	SIPOFF_DLG_M_REFER,
	SIPOFF_DLG_M_MESSAGE,
	SIPOFF_DLG_M_UPDATE,
	SIPOFF_DLG_M_COUNT
};

/* Direction of a message as seen by the local host. */
enum sipoff_dlg_dir {
	SIPOFF_DLG_IN = 0,	/* received from the network */
	SIPOFF_DLG_OUT = 1,	/* sent by the local host */
};

/* The local host's role in the dialog (the role of the request that created it). */
enum sipoff_dlg_side {
	SIPOFF_DLG_UAC = 0,	/* the local host sent the dialog-creating request */
	SIPOFF_DLG_UAS = 1,	/* the local host received it */
};

enum sipoff_dlg_state {
	SIPOFF_DLG_S_EARLY = 0,
	SIPOFF_DLG_S_CONFIRMED,
	SIPOFF_DLG_S_ENDED,	/* lingers for dumps until SIPOFF_DLG_N_REAP */
};

/* Why a dialog (or a usage) ended. */
enum sipoff_dlg_reason {
	SIPOFF_DLG_R_NONE = 0,
	SIPOFF_DLG_R_BYE,		/* BYE seen (§15.1) */
	SIPOFF_DLG_R_CANCEL,		/* CANCEL and/or 487 to the INVITE */
	SIPOFF_DLG_R_REJECTED,		/* other non-2xx final response to the INVITE */
	SIPOFF_DLG_R_481,		/* 481 to an in-dialog request: all usages (RFC 5057) */
	SIPOFF_DLG_R_TIMEOUT,		/* 408 or transaction timeout (Timer B/F) */
	SIPOFF_DLG_R_EARLY_TIMEOUT,	/* early dialog silent for cfg->early_timeout_ms */
	SIPOFF_DLG_R_NO_ACK,		/* unused: a missing ACK ends nothing (contract §5) */
	SIPOFF_DLG_R_MAX_LIFETIME,	/* cfg->max_lifetime_ms since creation */
	SIPOFF_DLG_R_FORK_LOSER,	/* early, 64·T1 after another fork's 2xx (§13.2.2.4) */
	SIPOFF_DLG_R_OPERATOR,		/* ended after sipoff_dlg_operator_request() or forced */
	SIPOFF_DLG_R_FLUSH,		/* sipoff_dlg_terminate() by flush / eviction */
	SIPOFF_DLG_R_SUB_TERMINATED,	/* NOTIFY with Subscription-State: terminated */
	SIPOFF_DLG_R_SUB_EXPIRED,	/* subscription not refreshed in time */
	SIPOFF_DLG_R_SUB_FAILED,	/* failure response to SUBSCRIBE/REFER/NOTIFY (RFC 6665) */
	SIPOFF_DLG_R_COUNT
};

/* Who caused the end (for the call record). */
enum sipoff_dlg_by {
	SIPOFF_DLG_BY_NONE = 0,
	SIPOFF_DLG_BY_LOCAL,		/* the local host's message (BYE, CANCEL, response) */
	SIPOFF_DLG_BY_REMOTE,		/* the peer's message */
	SIPOFF_DLG_BY_TIMER,		/* a zombie timeout */
	SIPOFF_DLG_BY_OPERATOR,		/* operator / flush */
};

/* Subscription-State value of a NOTIFY. */
enum sipoff_dlg_substate {
	SIPOFF_DLG_SS_NONE = 0,
	SIPOFF_DLG_SS_ACTIVE,
	SIPOFF_DLG_SS_PENDING,
	SIPOFF_DLG_SS_TERMINATED,
};

/* Kinds of usage (RFC 5057). */
enum sipoff_dlg_usage_kind {
	SIPOFF_DLG_U_INVITE = 0,
	SIPOFF_DLG_U_SUBSCRIBE,
	SIPOFF_DLG_U_REFER,	/* REFER's implicit subscription (RFC 3515) */
};

/* struct sipoff_dlg_ev.flags */
#define SIPOFF_DLG_EV_TO_TAG		(1U << 0)	/* the To header has a tag */
#define SIPOFF_DLG_EV_HAS_EXPIRES	(1U << 1)	/* @expires is from an Expires header */
#define SIPOFF_DLG_EV_HAS_SUB_EXPIRES	(1U << 2)	/* @sub_expires: Subscription-State's */
#define SIPOFF_DLG_EV_REFER_SUB_FALSE	(1U << 3)	/* Refer-Sub: false (RFC 4488) */
#define SIPOFF_DLG_EV_EVENT_REFER	(1U << 4)	/* Event package is "refer" */
#define SIPOFF_DLG_EV_EVENT_NO_ID	(1U << 5)	/* Event header without an id parameter */
#define SIPOFF_DLG_EV_RR_TRUNCATED	(1U << 6)	/* Record-Route cut short by the parser */
#define SIPOFF_DLG_EV_TIMEOUT		(1U << 7)	/* set by sipoff_dlg_on_txn_timeout() */

/**
 * struct sipoff_dlg_ev - one message (or transaction event) as the dialog layer needs it
 * @now: time in ms (any monotonic origin, the same for every call)
 * @cseq: CSeq number
 * @event_key: the glue's hash of the Event header's package and id parameter, 0 if none.  For a
 *	REFER, the key a NOTIFY "Event: refer;id=<REFER's CSeq>" would get.  On a response to
 *	SUBSCRIBE/REFER, the request's key (responses are matched by CSeq anyway).
 * @expires: Expires header value in seconds (SUBSCRIBE and its 2xx), with SIPOFF_DLG_EV_HAS_EXPIRES
 * @sub_expires: expires parameter of Subscription-State (NOTIFY), with ..._HAS_SUB_EXPIRES
 * @code: status code of a response, 0 for a request
 * @method: enum sipoff_dlg_method; the CSeq method for a response
 * @dir: enum sipoff_dlg_dir
 * @side: enum sipoff_dlg_side; read by sipoff_dlg_create() only
 * @sub_state: enum sipoff_dlg_substate of a NOTIFY
 * @flags: SIPOFF_DLG_EV_*
 */
struct sipoff_dlg_ev {
	u64 now;
	u32 cseq;
	u32 event_key;
	u32 expires;
	u32 sub_expires;
	u16 code;
	u8 method;
	u8 dir;
	u8 side;
	u8 sub_state;
	u16 flags;
};

/**
 * struct sipoff_dlg_cfg - per-netns dialog settings (all in ms; 0 disables a timeout)
 * @t1_ms: SIP T1; 64·T1 bounds the ACK wait, fork losers and unanswered subscription requests
 * @early_timeout_ms: an early dialog with no message for this long ends (EARLY_TIMEOUT)
 * @max_lifetime_ms: any dialog ends this long after its creation (MAX_LIFETIME)
 * @linger_ms: an ended dialog stays for dumps this long, then SIPOFF_DLG_N_REAP
 * @sub_default_ms: expiry assumed for a subscription until an Expires value is seen
 * @sub_grace_ms: a subscription ends this long after its expiry if no NOTIFY ended it
 *
 * A missing ACK (64·T1 after the 2xx) is reported (SIPOFF_DLG_N_ACK_MISSING) and ends nothing.
 */
struct sipoff_dlg_cfg {
	u32 t1_ms;
	u32 early_timeout_ms;
	u32 max_lifetime_ms;
	u32 linger_ms;
	u32 sub_default_ms;
	u32 sub_grace_ms;
};

/* struct sipoff_dlg_sub.state */
enum sipoff_dlg_sub_state {
	SIPOFF_DLG_SUB_FREE = 0,
	SIPOFF_DLG_SUB_INIT,	/* request seen, not established: keeps the dialog, not reported */
	SIPOFF_DLG_SUB_PENDING,
	SIPOFF_DLG_SUB_ACTIVE,
};

/* struct sipoff_dlg_sub.flags */
#define SIPOFF_DLG_SUBF_LOCAL	(1U << 0)	/* the local host is the subscriber */
#define SIPOFF_DLG_SUBF_REFER	(1U << 1)	/* created by a REFER */

/**
 * struct sipoff_dlg_sub - one subscription usage
 * @expires_ms: absolute expiry (ms), 0 if not known yet
 * @event_key: Event package + id hash (struct sipoff_dlg_ev)
 * @req_cseq: CSeq of the last SUBSCRIBE / the REFER (matches their responses)
 * @ntfy_cseq: CSeq of the last NOTIFY (matches its response)
 * @state: enum sipoff_dlg_sub_state
 * @flags: SIPOFF_DLG_SUBF_*
 * @rsvd: reserved, 0
 */
struct sipoff_dlg_sub {
	u64 expires_ms;
	u32 event_key;
	u32 req_cseq;
	u32 ntfy_cseq;
	u8 state;
	u8 flags;
	u16 rsvd;
};

/* struct sipoff_dlg.flags */
#define SIPOFF_DLG_F_INVITE		(1U << 0)	/* has an INVITE usage (ever) */
#define SIPOFF_DLG_F_INVITE_ENDED	(1U << 1)	/* the INVITE usage has ended */
#define SIPOFF_DLG_F_CANCEL		(1U << 2)	/* a CANCEL of the INVITE was seen */
#define SIPOFF_DLG_F_CANCEL_RACE	(1U << 3)	/* ... but a 2xx confirmed the dialog */
#define SIPOFF_DLG_F_BYE_BEFORE_ACK	(1U << 4)
#define SIPOFF_DLG_F_ACK_MISSING	(1U << 5)	/* reported once */
#define SIPOFF_DLG_F_RR_TRUNCATED	(1U << 6)	/* route set cut short: no BYE by sipoffd */
#define SIPOFF_DLG_F_OPERATOR		(1U << 7)	/* operator request pending */
#define SIPOFF_DLG_F_FORK_2XX		(1U << 8)	/* another fork of the INVITE got a 2xx */
#define SIPOFF_DLG_F_USAGE_FULL		(1U << 9)	/* a subscription could not be tracked */
#define SIPOFF_DLG_F_REFRESH_OUT	(1U << 10)	/* our target refresh request pending */
#define SIPOFF_DLG_F_REFRESH_IN		(1U << 11)	/* one from the peer pending */
#define SIPOFF_DLG_F_BYE_OUT		(1U << 12)	/* the local host sent the BYE */

/**
 * struct sipoff_dlg - fixed-size state of one dialog (no strings)
 * @created_ms: creation (first 1xx/2xx/NOTIFY seen)
 * @answered_ms: the 2xx to the INVITE (0: none)
 * @acked_ms: the ACK of that 2xx (0: none)
 * @invite_end_ms: the INVITE usage's end (BYE, CANCEL, ...), 0 while it lasts
 * @ended_ms: the dialog's end (its last usage's), 0 while live
 * @touched_ms: last message of the dialog
 * @fork_end_ms: early dialog: 64·T1 after another fork's 2xx, 0 if none
 * @fork_id: the glue's id of the INVITE this dialog came from
 * @invite_cseq: CSeq of the dialog-creating request
 * @local_cseq: highest CSeq of requests sent by the local host (0: none)
 * @remote_cseq: highest CSeq of requests from the peer (0: none)
 * @bye_cseq: CSeq of the BYE that ended the INVITE usage
 * @refresh_cseq: CSeq of the pending re-INVITE/UPDATE (with F_REFRESH_OUT/IN)
 * @flags: SIPOFF_DLG_F_*
 * @final_code: final response to the INVITE (0: none yet)
 * @end_code: status code of the response that ended the dialog, if one did
 * @bye_code: final response to the BYE (0: none yet)
 * @state: enum sipoff_dlg_state
 * @side: enum sipoff_dlg_side
 * @end_reason: enum sipoff_dlg_reason of the dialog's end
 * @end_by: enum sipoff_dlg_by of the dialog's end
 * @invite_reason: enum sipoff_dlg_reason of the INVITE usage's end
 * @invite_by: enum sipoff_dlg_by of the INVITE usage's end
 * @rsvd: reserved, 0
 * @subs: subscription usages
 */
struct sipoff_dlg {
	u64 created_ms;
	u64 answered_ms;
	u64 acked_ms;
	u64 invite_end_ms;
	u64 ended_ms;
	u64 touched_ms;
	u64 fork_end_ms;
	u32 fork_id;
	u32 invite_cseq;
	u32 local_cseq;
	u32 remote_cseq;
	u32 bye_cseq;
	u32 refresh_cseq;
	u16 flags;
	u16 final_code;
	u16 end_code;
	u16 bye_code;
	u8 state;
	u8 side;
	u8 end_reason;
	u8 end_by;
	u8 invite_reason;
	u8 invite_by;
	u16 rsvd;
	struct sipoff_dlg_sub subs[SIPOFF_DLG_MAX_SUBS];
};

/* Notifications: return value of the event functions (and res->notify). */
#define SIPOFF_DLG_N_NEW		(1U << 0)	/* created (with EARLY or CONFIRMED) */
#define SIPOFF_DLG_N_EARLY		(1U << 1)
#define SIPOFF_DLG_N_CONFIRMED		(1U << 2)
#define SIPOFF_DLG_N_ENDED		(1U << 3)	/* see end_reason, end_by, final/end_code */
#define SIPOFF_DLG_N_REFRESHED		(1U << 4)	/* 2xx to a re-INVITE/UPDATE */
#define SIPOFF_DLG_N_USAGE_ADDED	(1U << 5)	/* see res->usage[] */
#define SIPOFF_DLG_N_USAGE_ENDED	(1U << 6)	/* see res->usage[] */
#define SIPOFF_DLG_N_ACK_MISSING	(1U << 7)
#define SIPOFF_DLG_N_BYE_BEFORE_ACK	(1U << 8)
#define SIPOFF_DLG_N_ACK		(1U << 9)	/* the 2xx's ACK recorded */
#define SIPOFF_DLG_N_BYE_RESPONSE	(1U << 10)	/* bye_code recorded */
/* Take the route set from this message's Record-Route (order: sipoff_dlg_route_index()). */
#define SIPOFF_DLG_N_ROUTE_SET		(1U << 11)
/* This message's Contact, if it has one, is the peer's (new) remote target. */
#define SIPOFF_DLG_N_TARGET		(1U << 12)
#define SIPOFF_DLG_N_STALE		(1U << 13)	/* request with an old CSeq: ignored */
#define SIPOFF_DLG_N_REAP		(1U << 14)	/* linger over: unhash and free */
#define SIPOFF_DLG_N_USAGE_FULL		(1U << 15)	/* subscription not tracked: table full */

/**
 * struct sipoff_dlg_usage_note - a usage added or ended by one call
 * @event_key: the subscription's key, 0 for the INVITE usage
 * @kind: enum sipoff_dlg_usage_kind
 * @added: 1 added, 0 ended
 * @reason: enum sipoff_dlg_reason when ended
 * @local: the local host is the subscriber
 */
struct sipoff_dlg_usage_note {
	u32 event_key;
	u8 kind;
	u8 added;
	u8 reason;
	u8 local;
};

/**
 * struct sipoff_dlg_res - what one call did
 * @notify: SIPOFF_DLG_N_* (also the return value)
 * @n_usage: entries in @usage
 * @usage: usages added or ended, in order
 */
struct sipoff_dlg_res {
	u32 notify;
	u32 n_usage;
	struct sipoff_dlg_usage_note usage[SIPOFF_DLG_MAX_SUBS + 2];
};

/**
 * sipoff_dlg_same_fork() - are two dialogs (of one Call-ID) forks of the same INVITE?
 * @a: a dialog
 * @b: another dialog with the same Call-ID and local tag (the glue compares the strings)
 *
 * Return: true if both came from the same INVITE (same @fork_id and CSeq, INVITE usage).
 */
static inline bool sipoff_dlg_same_fork(const struct sipoff_dlg *a, const struct sipoff_dlg *b)
{
	return a != b && (a->flags & b->flags & SIPOFF_DLG_F_INVITE) && a->fork_id == b->fork_id &&
	       a->invite_cseq == b->invite_cseq && a->side == b->side;
}

void sipoff_dlg_cfg_default(struct sipoff_dlg_cfg *cfg, u32 t1_ms);
u32 sipoff_dlg_create(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
		      const struct sipoff_dlg_ev *ev, u32 fork_id, struct sipoff_dlg_res *res);
u32 sipoff_dlg_on_request(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			  const struct sipoff_dlg_ev *ev, struct sipoff_dlg_res *res);
u32 sipoff_dlg_on_response(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			   const struct sipoff_dlg_ev *ev, struct sipoff_dlg_res *res);
u32 sipoff_dlg_on_fork_final(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			     u16 code, u32 cseq, u64 now, struct sipoff_dlg_res *res);
u32 sipoff_dlg_on_txn_timeout(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg,
			      u8 method, u32 cseq, u8 dir, u64 now, struct sipoff_dlg_res *res);
u32 sipoff_dlg_on_timer(struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg, u64 now,
			struct sipoff_dlg_res *res);
u32 sipoff_dlg_terminate(struct sipoff_dlg *d, u8 reason, u64 now, struct sipoff_dlg_res *res);
void sipoff_dlg_operator_request(struct sipoff_dlg *d);
u64 sipoff_dlg_next_deadline(const struct sipoff_dlg *d, const struct sipoff_dlg_cfg *cfg);
unsigned int sipoff_dlg_usages(const struct sipoff_dlg *d);
unsigned int sipoff_dlg_route_index(u8 side, unsigned int n, unsigned int i);
const char *sipoff_dlg_reason_name(u8 reason);
const char *sipoff_dlg_state_name(u8 state);

#endif /* _SIPOFF_DIALOG_H */
