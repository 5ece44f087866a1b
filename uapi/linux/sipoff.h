/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	uapi/sipoff.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_SIPOFF_H
#define _UAPI_LINUX_SIPOFF_H

#define SIPOFF_FAMILY_NAME	"sipoff"
#define SIPOFF_FAMILY_VERSION	1

/**
 * enum sipoff_mode - What the kernel does with the SIP packets it sees.
 * @SIPOFF_MODE_OFF: Parse and count only.
 * @SIPOFF_MODE_TRANSPARENT: Stand in only for answers the application already
 *   gave (the default); never retransmit on the kernel's own timers, never
 *   withhold a first copy.
 * @SIPOFF_MODE_OFFLOAD: Run the RFC 3261 section 17 / RFC 6026 transactions
 *   for UDP: timers, hop-by-hop ACK, 100 Trying, timeouts reported as events.
 */
enum sipoff_mode {
	SIPOFF_MODE_OFF,
	SIPOFF_MODE_TRANSPARENT,
	SIPOFF_MODE_OFFLOAD,
};

/**
 * enum sipoff_dialog_state - State of a dialog (RFC 3261 section 12).
 * @SIPOFF_DIALOG_STATE_EARLY: Created by a 101-199 response with a To tag.
 * @SIPOFF_DIALOG_STATE_CONFIRMED: A 2xx was seen (or a NOTIFY / 2xx to
 *   SUBSCRIBE or REFER created it).
 * @SIPOFF_DIALOG_STATE_ENDED: Its last usage ended; lingers in dumps for
 *   linger-ms.
 */
enum sipoff_dialog_state {
	SIPOFF_DIALOG_STATE_EARLY,
	SIPOFF_DIALOG_STATE_CONFIRMED,
	SIPOFF_DIALOG_STATE_ENDED,
};

/**
 * enum sipoff_dialog_side - The local host's role in the dialog-creating
 *   transaction.
 * @SIPOFF_DIALOG_SIDE_UAC: The local host sent the dialog-creating request.
 * @SIPOFF_DIALOG_SIDE_UAS: The local host received it.
 */
enum sipoff_dialog_side {
	SIPOFF_DIALOG_SIDE_UAC,
	SIPOFF_DIALOG_SIDE_UAS,
};

/**
 * enum sipoff_end_reason - Why a dialog or a usage ended.
 * @SIPOFF_END_REASON_NONE: Not ended.
 * @SIPOFF_END_REASON_BYE: A BYE was seen (RFC 3261 section 15.1).
 * @SIPOFF_END_REASON_CANCEL: The INVITE was CANCELled and/or answered 487.
 * @SIPOFF_END_REASON_REJECTED: Another non-2xx final response to the INVITE.
 * @SIPOFF_END_REASON_481: A 481 to an in-dialog request ended the dialog and
 *   all usages (RFC 5057).
 * @SIPOFF_END_REASON_TIMEOUT: A 408 or a transaction timeout (Timer B/F) of an
 *   in-dialog request.
 * @SIPOFF_END_REASON_EARLY_TIMEOUT: An early dialog stayed silent too long.
 * @SIPOFF_END_REASON_NO_ACK: Not used; a missing ACK ends nothing (the
 *   ack-missing event reports it).
 * @SIPOFF_END_REASON_MAX_LIFETIME: The dialog reached its maximum lifetime.
 * @SIPOFF_END_REASON_FORK_LOSER: Early dialog, 64*T1 after another fork's 2xx
 *   (RFC 3261 section 13.2.2.4).
 * @SIPOFF_END_REASON_OPERATOR: Ended after an operator's terminate request.
 * @SIPOFF_END_REASON_FLUSH: Removed by a flush.
 * @SIPOFF_END_REASON_SUB_TERMINATED: NOTIFY with Subscription-State
 *   terminated.
 * @SIPOFF_END_REASON_SUB_EXPIRED: A subscription was not refreshed in time.
 * @SIPOFF_END_REASON_SUB_FAILED: A failure response to SUBSCRIBE, REFER or
 *   NOTIFY (RFC 6665).
 */
enum sipoff_end_reason {
	SIPOFF_END_REASON_NONE,
	SIPOFF_END_REASON_BYE,
	SIPOFF_END_REASON_CANCEL,
	SIPOFF_END_REASON_REJECTED,
	SIPOFF_END_REASON_481,
	SIPOFF_END_REASON_TIMEOUT,
	SIPOFF_END_REASON_EARLY_TIMEOUT,
	SIPOFF_END_REASON_NO_ACK,
	SIPOFF_END_REASON_MAX_LIFETIME,
	SIPOFF_END_REASON_FORK_LOSER,
	SIPOFF_END_REASON_OPERATOR,
	SIPOFF_END_REASON_FLUSH,
	SIPOFF_END_REASON_SUB_TERMINATED,
	SIPOFF_END_REASON_SUB_EXPIRED,
	SIPOFF_END_REASON_SUB_FAILED,
};

/**
 * enum sipoff_end_by - Who caused a dialog's end.
 * @SIPOFF_END_BY_NONE: Not ended.
 * @SIPOFF_END_BY_LOCAL: A message of the local host (BYE, CANCEL, response).
 * @SIPOFF_END_BY_REMOTE: A message of the peer.
 * @SIPOFF_END_BY_TIMER: A zombie timeout.
 * @SIPOFF_END_BY_OPERATOR: An operator or a flush.
 */
enum sipoff_end_by {
	SIPOFF_END_BY_NONE,
	SIPOFF_END_BY_LOCAL,
	SIPOFF_END_BY_REMOTE,
	SIPOFF_END_BY_TIMER,
	SIPOFF_END_BY_OPERATOR,
};

/**
 * enum sipoff_usage_kind - Kind of dialog usage (RFC 5057).
 * @SIPOFF_USAGE_KIND_INVITE: The INVITE usage.
 * @SIPOFF_USAGE_KIND_SUBSCRIBE: A subscription created by SUBSCRIBE.
 * @SIPOFF_USAGE_KIND_REFER: The implicit subscription of a REFER (RFC 3515).
 */
enum sipoff_usage_kind {
	SIPOFF_USAGE_KIND_INVITE,
	SIPOFF_USAGE_KIND_SUBSCRIBE,
	SIPOFF_USAGE_KIND_REFER,
};

/**
 * enum sipoff_dialog_flags - Facts recorded about a dialog.
 * @SIPOFF_DIALOG_FLAGS_INVITE: Has (had) an INVITE usage.
 * @SIPOFF_DIALOG_FLAGS_INVITE_ENDED: The INVITE usage has ended.
 * @SIPOFF_DIALOG_FLAGS_CANCEL: A CANCEL of the INVITE was seen.
 * @SIPOFF_DIALOG_FLAGS_CANCEL_RACE: A CANCEL was seen but a 2xx confirmed the
 *   dialog.
 * @SIPOFF_DIALOG_FLAGS_BYE_BEFORE_ACK: A BYE came before the ACK of the 2xx.
 * @SIPOFF_DIALOG_FLAGS_ACK_MISSING: No ACK 64*T1 after the 2xx.
 * @SIPOFF_DIALOG_FLAGS_RR_TRUNCATED: The route set was cut short by the
 *   parser; sipoffd cannot end this dialog.
 * @SIPOFF_DIALOG_FLAGS_OPERATOR: An operator's terminate request is pending.
 * @SIPOFF_DIALOG_FLAGS_FORK_2XX: Another fork of the INVITE got a 2xx.
 * @SIPOFF_DIALOG_FLAGS_USAGE_FULL: A subscription could not be tracked (too
 *   many usages).
 * @SIPOFF_DIALOG_FLAGS_REFRESH_OUT: A target refresh request of the local host
 *   is pending.
 * @SIPOFF_DIALOG_FLAGS_REFRESH_IN: A target refresh request of the peer is
 *   pending.
 * @SIPOFF_DIALOG_FLAGS_BYE_OUT: The local host sent the BYE.
 * @SIPOFF_DIALOG_FLAGS_VALUES_CUT: This message's copy of the dialog has its
 *   strings cut (each to the same length) to fit one netlink message (a dialog
 *   nest is at most 64 KiB); the dialog in the kernel is whole. Only a dialog
 *   whose strings total more than about 60 kB gets it.
 */
enum sipoff_dialog_flags {
	SIPOFF_DIALOG_FLAGS_INVITE = 1,
	SIPOFF_DIALOG_FLAGS_INVITE_ENDED = 2,
	SIPOFF_DIALOG_FLAGS_CANCEL = 4,
	SIPOFF_DIALOG_FLAGS_CANCEL_RACE = 8,
	SIPOFF_DIALOG_FLAGS_BYE_BEFORE_ACK = 16,
	SIPOFF_DIALOG_FLAGS_ACK_MISSING = 32,
	SIPOFF_DIALOG_FLAGS_RR_TRUNCATED = 64,
	SIPOFF_DIALOG_FLAGS_OPERATOR = 128,
	SIPOFF_DIALOG_FLAGS_FORK_2XX = 256,
	SIPOFF_DIALOG_FLAGS_USAGE_FULL = 512,
	SIPOFF_DIALOG_FLAGS_REFRESH_OUT = 1024,
	SIPOFF_DIALOG_FLAGS_REFRESH_IN = 2048,
	SIPOFF_DIALOG_FLAGS_BYE_OUT = 4096,
	SIPOFF_DIALOG_FLAGS_VALUES_CUT = 8192,
};

/**
 * enum sipoff_event_type - What a notification on the events group reports.
 * @SIPOFF_EVENT_TYPE_DIALOG_NEW: A dialog was created (its state says early or
 *   confirmed).
 * @SIPOFF_EVENT_TYPE_DIALOG_EARLY: The dialog is early (sent right after
 *   dialog-new for a dialog a 1xx created).
 * @SIPOFF_EVENT_TYPE_DIALOG_CONFIRMED: A 2xx confirmed the dialog (also sent
 *   for a dialog created confirmed).
 * @SIPOFF_EVENT_TYPE_DIALOG_ENDED: The dialog ended (end-reason, end-by,
 *   final-code, end-code).
 * @SIPOFF_EVENT_TYPE_DIALOG_REFRESHED: A 2xx to a re-INVITE or UPDATE (target
 *   refresh).
 * @SIPOFF_EVENT_TYPE_USAGE_ADDED: A dialog usage started.
 * @SIPOFF_EVENT_TYPE_USAGE_ENDED: A dialog usage ended.
 * @SIPOFF_EVENT_TYPE_ACK_MISSING: No ACK arrived 64*T1 after the 2xx.
 * @SIPOFF_EVENT_TYPE_BYE_BEFORE_ACK: A BYE was seen before the 2xx was ACKed.
 * @SIPOFF_EVENT_TYPE_TXN_TIMEOUT: A client transaction timed out (Timer B or
 *   F, offload mode).
 * @SIPOFF_EVENT_TYPE_TERMINATE_REQUEST: An operator asked to end a confirmed
 *   dialog; sipoffd sends the BYEs.
 * @SIPOFF_EVENT_TYPE_BYE_RESPONSE: The final response to the BYE was seen
 *   (bye-code).
 * @SIPOFF_EVENT_TYPE_OVERLOAD: A SIP socket became overloaded or stopped being
 *   so (overload protection, overload nest); at most 10 a second per
 *   namespace, more are counted (overload_events_limited).
 */
enum sipoff_event_type {
	SIPOFF_EVENT_TYPE_DIALOG_NEW,
	SIPOFF_EVENT_TYPE_DIALOG_EARLY,
	SIPOFF_EVENT_TYPE_DIALOG_CONFIRMED,
	SIPOFF_EVENT_TYPE_DIALOG_ENDED,
	SIPOFF_EVENT_TYPE_DIALOG_REFRESHED,
	SIPOFF_EVENT_TYPE_USAGE_ADDED,
	SIPOFF_EVENT_TYPE_USAGE_ENDED,
	SIPOFF_EVENT_TYPE_ACK_MISSING,
	SIPOFF_EVENT_TYPE_BYE_BEFORE_ACK,
	SIPOFF_EVENT_TYPE_TXN_TIMEOUT,
	SIPOFF_EVENT_TYPE_TERMINATE_REQUEST,
	SIPOFF_EVENT_TYPE_BYE_RESPONSE,
	SIPOFF_EVENT_TYPE_OVERLOAD,
};

/**
 * enum sipoff_transaction_kind - Kind of a transaction (RFC 3261 section 17).
 * @SIPOFF_TRANSACTION_KIND_INVITE_CLIENT: INVITE client transaction (the local
 *   host sent the INVITE).
 * @SIPOFF_TRANSACTION_KIND_NON_INVITE_CLIENT: Non-INVITE client transaction.
 * @SIPOFF_TRANSACTION_KIND_INVITE_SERVER: INVITE server transaction (the local
 *   host received the INVITE).
 * @SIPOFF_TRANSACTION_KIND_NON_INVITE_SERVER: Non-INVITE server transaction.
 */
enum sipoff_transaction_kind {
	SIPOFF_TRANSACTION_KIND_INVITE_CLIENT,
	SIPOFF_TRANSACTION_KIND_NON_INVITE_CLIENT,
	SIPOFF_TRANSACTION_KIND_INVITE_SERVER,
	SIPOFF_TRANSACTION_KIND_NON_INVITE_SERVER,
};

/**
 * enum sipoff_transaction_state - State of a transaction (RFC 3261 section 17
 *   as updated by RFC 6026).
 * @SIPOFF_TRANSACTION_STATE_INIT: Created, no message handled yet.
 * @SIPOFF_TRANSACTION_STATE_CALLING: INVITE client, no response yet.
 * @SIPOFF_TRANSACTION_STATE_TRYING: Non-INVITE client or server, no response
 *   yet.
 * @SIPOFF_TRANSACTION_STATE_PROCEEDING: A provisional response was seen.
 * @SIPOFF_TRANSACTION_STATE_COMPLETED: A final response was seen (a non-2xx
 *   for INVITE transactions).
 * @SIPOFF_TRANSACTION_STATE_CONFIRMED: INVITE server, the ACK of the non-2xx
 *   final arrived.
 * @SIPOFF_TRANSACTION_STATE_ACCEPTED: INVITE client or server, a 2xx was seen
 *   (RFC 6026).
 * @SIPOFF_TRANSACTION_STATE_TERMINATED: Over; lingers until its state is
 *   freed.
 */
enum sipoff_transaction_state {
	SIPOFF_TRANSACTION_STATE_INIT,
	SIPOFF_TRANSACTION_STATE_CALLING,
	SIPOFF_TRANSACTION_STATE_TRYING,
	SIPOFF_TRANSACTION_STATE_PROCEEDING,
	SIPOFF_TRANSACTION_STATE_COMPLETED,
	SIPOFF_TRANSACTION_STATE_CONFIRMED,
	SIPOFF_TRANSACTION_STATE_ACCEPTED,
	SIPOFF_TRANSACTION_STATE_TERMINATED,
};

/**
 * enum sipoff_transaction_kept - Copies of messages the kernel keeps for a
 *   transaction.
 * @SIPOFF_TRANSACTION_KEPT_REQUEST: A copy of the request (client re-sends,
 *   ACK and CANCEL building; 100 Trying).
 * @SIPOFF_TRANSACTION_KEPT_RESPONSE: A copy of the last response (server
 *   re-sends).
 * @SIPOFF_TRANSACTION_KEPT_ACK: At least one copy of an ACK (client replays).
 */
enum sipoff_transaction_kept {
	SIPOFF_TRANSACTION_KEPT_REQUEST = 1,
	SIPOFF_TRANSACTION_KEPT_RESPONSE = 2,
	SIPOFF_TRANSACTION_KEPT_ACK = 4,
};

enum {
	SIPOFF_A_STAT_NAME = 1,
	SIPOFF_A_STAT_VALUE,
	SIPOFF_A_STAT_PAD,

	__SIPOFF_A_STAT_MAX,
	SIPOFF_A_STAT_MAX = (__SIPOFF_A_STAT_MAX - 1)
};

enum {
	SIPOFF_A_CONFIG_MODE = 1,
	SIPOFF_A_CONFIG_PORT,
	SIPOFF_A_CONFIG_T1_MS,
	SIPOFF_A_CONFIG_T2_MS,
	SIPOFF_A_CONFIG_T4_MS,
	SIPOFF_A_CONFIG_TIMER_D_MS,
	SIPOFF_A_CONFIG_TRYING_MS,
	SIPOFF_A_CONFIG_MAX_TRANSACTIONS,
	SIPOFF_A_CONFIG_MAX_DIALOGS,
	SIPOFF_A_CONFIG_MAX_BYTES,
	SIPOFF_A_CONFIG_LINGER_MS,
	SIPOFF_A_CONFIG_STATS,
	SIPOFF_A_CONFIG_PAD,
	SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS,
	SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS,
	SIPOFF_A_CONFIG_OVERLOAD,
	SIPOFF_A_CONFIG_OVERLOAD_HIGH_PCT,
	SIPOFF_A_CONFIG_OVERLOAD_LOW_PCT,
	SIPOFF_A_CONFIG_OVERLOAD_DELAY_MS,
	SIPOFF_A_CONFIG_OVERLOAD_RETRY_AFTER_S,
	SIPOFF_A_CONFIG_OVERLOAD_MAX_RATE,
	SIPOFF_A_CONFIG_OVERLOAD_ACTIVE_PORT,

	__SIPOFF_A_CONFIG_MAX,
	SIPOFF_A_CONFIG_MAX = (__SIPOFF_A_CONFIG_MAX - 1)
};

enum {
	SIPOFF_A_OVERLOAD_PORT = 1,
	SIPOFF_A_OVERLOAD_ACTIVE,
	SIPOFF_A_OVERLOAD_FILL_PCT,
	SIPOFF_A_OVERLOAD_DELAY_MS,

	__SIPOFF_A_OVERLOAD_MAX,
	SIPOFF_A_OVERLOAD_MAX = (__SIPOFF_A_OVERLOAD_MAX - 1)
};

enum {
	SIPOFF_A_DIALOG_ID = 1,
	SIPOFF_A_DIALOG_CALL_ID,
	SIPOFF_A_DIALOG_LOCAL_TAG,
	SIPOFF_A_DIALOG_REMOTE_TAG,
	SIPOFF_A_DIALOG_LOCAL_URI,
	SIPOFF_A_DIALOG_REMOTE_URI,
	SIPOFF_A_DIALOG_REMOTE_TARGET,
	SIPOFF_A_DIALOG_LOCAL_TARGET,
	SIPOFF_A_DIALOG_ROUTE,
	SIPOFF_A_DIALOG_STATE,
	SIPOFF_A_DIALOG_SIDE,
	SIPOFF_A_DIALOG_FLAGS,
	SIPOFF_A_DIALOG_USAGES,
	SIPOFF_A_DIALOG_CREATED_MS,
	SIPOFF_A_DIALOG_ANSWERED_MS,
	SIPOFF_A_DIALOG_ACKED_MS,
	SIPOFF_A_DIALOG_ENDED_MS,
	SIPOFF_A_DIALOG_FINAL_CODE,
	SIPOFF_A_DIALOG_END_CODE,
	SIPOFF_A_DIALOG_BYE_CODE,
	SIPOFF_A_DIALOG_END_REASON,
	SIPOFF_A_DIALOG_END_BY,
	SIPOFF_A_DIALOG_LOCAL_CSEQ,
	SIPOFF_A_DIALOG_REMOTE_CSEQ,
	SIPOFF_A_DIALOG_FAMILY,
	SIPOFF_A_DIALOG_LOCAL_ADDR,
	SIPOFF_A_DIALOG_REMOTE_ADDR,
	SIPOFF_A_DIALOG_LOCAL_PORT,
	SIPOFF_A_DIALOG_REMOTE_PORT,
	SIPOFF_A_DIALOG_INVITE_CSEQ,
	SIPOFF_A_DIALOG_BYE_CSEQ,
	SIPOFF_A_DIALOG_PAD,

	__SIPOFF_A_DIALOG_MAX,
	SIPOFF_A_DIALOG_MAX = (__SIPOFF_A_DIALOG_MAX - 1)
};

enum {
	SIPOFF_A_USAGE_KIND = 1,
	SIPOFF_A_USAGE_EVENT_KEY,
	SIPOFF_A_USAGE_LOCAL,
	SIPOFF_A_USAGE_REASON,

	__SIPOFF_A_USAGE_MAX,
	SIPOFF_A_USAGE_MAX = (__SIPOFF_A_USAGE_MAX - 1)
};

enum {
	SIPOFF_A_TXN_KIND = 1,
	SIPOFF_A_TXN_TIMER,
	SIPOFF_A_TXN_METHOD,
	SIPOFF_A_TXN_CSEQ,
	SIPOFF_A_TXN_CALL_ID,
	SIPOFF_A_TXN_STATE,
	SIPOFF_A_TXN_MODE,
	SIPOFF_A_TXN_METHOD_NAME,
	SIPOFF_A_TXN_BRANCH,
	SIPOFF_A_TXN_FAMILY,
	SIPOFF_A_TXN_PEER_ADDR,
	SIPOFF_A_TXN_PEER_PORT,
	SIPOFF_A_TXN_LAST_CODE,
	SIPOFF_A_TXN_AGE_MS,
	SIPOFF_A_TXN_RESENDS,
	SIPOFF_A_TXN_KEPT,
	SIPOFF_A_TXN_KEPT_BYTES,
	SIPOFF_A_TXN_TIMERS,

	__SIPOFF_A_TXN_MAX,
	SIPOFF_A_TXN_MAX = (__SIPOFF_A_TXN_MAX - 1)
};

enum {
	SIPOFF_A_TXN_OP_CALL_ID = 1,
	SIPOFF_A_TXN_OP_TXN,

	__SIPOFF_A_TXN_OP_MAX,
	SIPOFF_A_TXN_OP_MAX = (__SIPOFF_A_TXN_OP_MAX - 1)
};

enum {
	SIPOFF_A_DIALOG_OP_CALL_ID = 1,
	SIPOFF_A_DIALOG_OP_LOCAL_TAG,
	SIPOFF_A_DIALOG_OP_REMOTE_TAG,
	SIPOFF_A_DIALOG_OP_DIALOG,

	__SIPOFF_A_DIALOG_OP_MAX,
	SIPOFF_A_DIALOG_OP_MAX = (__SIPOFF_A_DIALOG_OP_MAX - 1)
};

enum {
	SIPOFF_A_EVENT_TYPE = 1,
	SIPOFF_A_EVENT_SEQ,
	SIPOFF_A_EVENT_DIALOG,
	SIPOFF_A_EVENT_USAGE,
	SIPOFF_A_EVENT_TXN,
	SIPOFF_A_EVENT_PAD,
	SIPOFF_A_EVENT_OVERLOAD,

	__SIPOFF_A_EVENT_MAX,
	SIPOFF_A_EVENT_MAX = (__SIPOFF_A_EVENT_MAX - 1)
};

enum {
	SIPOFF_CMD_CONFIG_GET = 1,
	SIPOFF_CMD_CONFIG_SET,
	SIPOFF_CMD_STATS_GET,
	SIPOFF_CMD_DIALOG_GET,
	SIPOFF_CMD_DIALOG_TERMINATE,
	SIPOFF_CMD_FLUSH,
	SIPOFF_CMD_EVENT,
	SIPOFF_CMD_TXN_GET,

	__SIPOFF_CMD_MAX,
	SIPOFF_CMD_MAX = (__SIPOFF_CMD_MAX - 1)
};

#define SIPOFF_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_SIPOFF_H */
