/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_txn.h - the four SIP transaction state machines (RFC 3261 §17 as updated by RFC 6026)
 * and the transaction matching keys (§17.1.3, §17.2.3), as pure decisions.
 *
 * Plain C: no kernel calls, no allocation, no clock.  The caller (the netfilter glue, a KUnit
 * suite, a userspace test) owns the memory, serialises the calls on one transaction (e.g. a
 * per-transaction spinlock), passes the time in milliseconds, and carries out the returned
 * actions: pass or absorb the packet at hand, keep copies of messages, re-send them, build a
 * 100 Trying or an ACK, report a timeout, free the transaction.  See sipoff_txn.c for the
 * rules and the timer table.
 *
 * How the kernel glue drives it
 * -----------------------------
 * Keys.  Per netns, a secret struct sipoff_txn_seed (get_random_bytes()).  For every SIP
 * message build the key with sipoff_txn_key_3261() when sipoff_txn_branch_is_3261(top Via
 * branch), else sipoff_txn_key_2543(); side = SERVER for requests at LOCAL_IN and responses
 * at LOCAL_OUT, CLIENT for requests at LOCAL_OUT and responses at LOCAL_IN; the method is the
 * request method or the CSeq method of a response (ACK is keyed as INVITE by the builders).
 * Look the key up (hash = key.hash, compare with sipoff_txn_key_match(), passing
 * sipoff_txn_resp_to_tag() of the candidate for RFC 2543 ACKs).  For every INVITE also insert
 * a second entry under sipoff_txn_key_dialog() (Call-ID, From tag, CSeq number): an ACK not
 * found by its branch key is looked up there (the ACK of a 2xx has a branch of its own); the
 * ACK's To tag picks the fork.  A CANCEL is its own non-INVITE transaction; the INVITE it
 * cancels is the CANCEL's key built with method "INVITE".  To tags travel as
 * sipoff_txn_hash_tag() values in struct sipoff_txn_msg.
 *
 * Creation.  A request with no transaction (not an ACK: sipoff_txn_kind_of() gives the kind)
 * creates one: sipoff_txn_init(txn, kind, netns mode, &netns cfg, now), then the request is fed
 * like any other.  A request that finds its transaction is a copy; the machine knows.
 * Responses and ACKs that find no transaction pass untouched.  Over a cap: no transaction,
 * the packet passes (contract §7).
 *
 * Events (all under the transaction's lock; now = a monotonic clock in ms, e.g.
 * jiffies64_to_msecs(get_jiffies_64())):
 *	LOCAL_IN request	sipoff_txn_request_in(); msg.delivered from the socket's drops
 *	LOCAL_OUT response	sipoff_txn_response_out(); msg.code, to_tag, rseq, reliable
 *	LOCAL_IN ACK		sipoff_txn_ack_in() on the INVITE server transaction
 *	LOCAL_OUT request	sipoff_txn_request_out()
 *	LOCAL_IN response	sipoff_txn_response_in()
 *	LOCAL_OUT ACK		sipoff_txn_ack_out() on the INVITE client transaction
 *	kernel timer		sipoff_txn_timer()
 *
 * Verdict.  Carry out every bit of verdict.act, in this order: the STORE_* bits (keep an
 * orphaned copy of the packet at hand: the request, the last response, or the ACK in slot
 * verdict.fork), the sends (RESEND_REQUEST and RESEND_RESPONSE from the kept copies,
 * SEND_100 built from the kept INVITE and then kept as the last response, SEND_ACK built from
 * the kept INVITE and this response and kept in the non-2xx slot, REPLAY_ACK from slot
 * verdict.fork; every re-send goes where the kept copy went, never to the source of the packet
 * at hand, which the glue takes as a copy only when it comes from the transaction's peer:
 * contract §3), TIMEOUT (an event + counter for verdict.timer), then PASS (NF_ACCEPT) or
 * ABSORB (NF_DROP at LOCAL_IN, NF_STOLEN + free at LOCAL_OUT), and LIMITED (count it).  After
 * any call re-arm the transaction's one kernel timer at sipoff_txn_next_deadline() (0: none;
 * round up to the next jiffy: a timer run a little early just does nothing); after
 * SIPOFF_TXN_ACT_FREE unlink the transaction (both keys), free its copies and free it
 * (RCU-deferred for lookups).  Nothing ever needs to be freed at an event: only the timer
 * frees.  A transaction keeps the mode it was created with; the glue may free all of a
 * netns' transactions when the mode becomes off.  If a STORE_* cannot be honoured (over the
 * stored-bytes cap, allocation failure), fail open: pass the packet and free the transaction
 * (its later packets then pass unhandled), since later verdicts assume the copy exists.
 * msg.delivered: e.g. remember the socket's drop count when the first copy passed and report
 * a copy as delivered only if the count has not moved since; when unsure, false (the copy then
 * passes at most once per T1).
 */
#ifndef _SIPOFF_TXN_H
#define _SIPOFF_TXN_H

#include "sipoff_plain.h"

/* Transaction kinds: INVITE or non-INVITE, client or server. */
enum sipoff_txn_kind {
	SIPOFF_TXN_ICT,		/* INVITE client (Figure 5, RFC 6026 Figure 5) */
	SIPOFF_TXN_NICT,	/* non-INVITE client (Figure 6) */
	SIPOFF_TXN_IST,		/* INVITE server (Figure 7, RFC 6026 Figure 7) */
	SIPOFF_TXN_NIST,	/* non-INVITE server (Figure 8) */
	SIPOFF_TXN_KIND_NR,
};

enum sipoff_txn_state {
	SIPOFF_TXN_S_INIT,		/* created, no message seen yet */
	SIPOFF_TXN_S_CALLING,		/* ICT */
	SIPOFF_TXN_S_TRYING,		/* NICT, NIST */
	SIPOFF_TXN_S_PROCEEDING,	/* all four */
	SIPOFF_TXN_S_COMPLETED,		/* all four */
	SIPOFF_TXN_S_CONFIRMED,		/* IST */
	SIPOFF_TXN_S_ACCEPTED,		/* ICT, IST (RFC 6026) */
	SIPOFF_TXN_S_TERMINATED,	/* all four; lingers until SIPOFF_TXN_ACT_FREE */
	SIPOFF_TXN_S_NR,
};

/* Contract §2: per netns; a transaction keeps the mode it was created with. */
enum sipoff_txn_mode {
	SIPOFF_TXN_MODE_OFF,
	SIPOFF_TXN_MODE_TRANSPARENT,
	SIPOFF_TXN_MODE_OFFLOAD,
	SIPOFF_TXN_MODE_NR,
};

/* Timers: the RFC letters, the 100 Trying delay and the linger/free timer. */
enum sipoff_txn_timer {
	SIPOFF_TXN_TIMER_A,
	SIPOFF_TXN_TIMER_B,
	SIPOFF_TXN_TIMER_D,
	SIPOFF_TXN_TIMER_E,
	SIPOFF_TXN_TIMER_F,
	SIPOFF_TXN_TIMER_G,
	SIPOFF_TXN_TIMER_H,
	SIPOFF_TXN_TIMER_I,
	SIPOFF_TXN_TIMER_J,
	SIPOFF_TXN_TIMER_K,
	SIPOFF_TXN_TIMER_L,
	SIPOFF_TXN_TIMER_M,
	SIPOFF_TXN_TIMER_TRYING,	/* §17.2.1: 100 Trying unless the TU answered in 200 ms */
	SIPOFF_TXN_TIMER_LINGER,	/* contract §2.1 rule 6: free after the linger time */
	SIPOFF_TXN_TIMER_NR,
	SIPOFF_TXN_TIMER_NONE = 0xff,
};

/* Actions: a bit set; the glue carries out every bit in the returned verdict. */
enum {
	/* The packet at hand continues (to the application at LOCAL_IN, the wire at LOCAL_OUT). */
	SIPOFF_TXN_ACT_PASS		= 1 << 0,
	/* The packet at hand is consumed (NF_STOLEN + free at LOCAL_OUT, contract §2.2 rule 4). */
	SIPOFF_TXN_ACT_ABSORB		= 1 << 1,
	/* Keep a copy of this request (client: for A/E re-sends, ACK and CANCEL building;
	 * server INVITE in offload: for building the 100 Trying).  Replaces an older copy.
	 */
	SIPOFF_TXN_ACT_STORE_REQUEST	= 1 << 2,
	/* Keep a copy of this response as the transaction's last response (server).  Replaces an
	 * older copy (including a kernel-built 100 Trying).
	 */
	SIPOFF_TXN_ACT_STORE_RESPONSE	= 1 << 3,
	/* Keep a copy of this ACK (client, transparent) in the slot verdict.fork
	 * (SIPOFF_TXN_FORK_NON2XX: the ACK of the non-2xx final; else the 2xx fork slot).
	 */
	SIPOFF_TXN_ACT_STORE_ACK	= 1 << 4,
	/* Send the kept request again (client; from a timer: to its original destination). */
	SIPOFF_TXN_ACT_RESEND_REQUEST	= 1 << 5,
	/* Send the kept response again (server), where it first went. */
	SIPOFF_TXN_ACT_RESEND_RESPONSE	= 1 << 6,
	/* Build a 100 Trying from the kept request (§8.2.6.1), send it, and keep it as the last
	 * response (so RESEND_RESPONSE re-sends it until the application answers).
	 */
	SIPOFF_TXN_ACT_SEND_100		= 1 << 7,
	/* Build the §17.1.1.3 ACK from the kept INVITE and the response at hand, send it, and
	 * keep it in the SIPOFF_TXN_FORK_NON2XX ACK slot (later copies: REPLAY_ACK).
	 */
	SIPOFF_TXN_ACT_SEND_ACK		= 1 << 8,
	/* Send the ACK kept in slot verdict.fork again, where it first went. */
	SIPOFF_TXN_ACT_REPLAY_ACK	= 1 << 9,
	/* Report the expiry of timer verdict.timer as an event (and count it). */
	SIPOFF_TXN_ACT_TIMEOUT		= 1 << 10,
	/* The transaction is over: unlink it from the table and free it with its copies. */
	SIPOFF_TXN_ACT_FREE		= 1 << 11,
	/* A re-send was due but the per-T1 bound (contract §3) held it back; count it. */
	SIPOFF_TXN_ACT_LIMITED		= 1 << 12,
};

#define SIPOFF_TXN_FORKS	4	/* To tags remembered per INVITE transaction */
#define SIPOFF_TXN_FORK_NON2XX	0xff	/* verdict.fork: the ACK slot of the non-2xx final */

/**
 * struct sipoff_txn_verdict - what to do after an event
 * @act: SIPOFF_TXN_ACT_* bits
 * @timer: with SIPOFF_TXN_ACT_TIMEOUT, the timer that expired; else SIPOFF_TXN_TIMER_NONE
 * @fork: with SIPOFF_TXN_ACT_STORE_ACK, SEND_ACK or REPLAY_ACK, the ACK slot (a fork index
 *	below SIPOFF_TXN_FORKS, or SIPOFF_TXN_FORK_NON2XX)
 */
struct sipoff_txn_verdict {
	u16 act;
	u8 timer;
	u8 fork;
};

/**
 * struct sipoff_txn_cfg - per-netns timer settings (contract §4), all in milliseconds
 * @t1_ms: T1, RTT estimate (500)
 * @t2_ms: T2, maximum retransmit interval of non-INVITE requests and INVITE responses (4000)
 * @t4_ms: T4, maximum time a message stays in the network (5000)
 * @timer_d_ms: Timer D, wait time for response retransmits (>= 32000 on UDP)
 * @trying_ms: delay of the kernel's 100 Trying in offload mode; 0 = never send one (200)
 * @resend_per_t1: bound on re-sends triggered by incoming copies, per T1 per transaction (4)
 * @idle_ms: every mode: a transaction before its final response with no message for
 *	max(this, 64*T1) is freed (200000, above Timer C's 3 min: a call may ring for minutes)
 */
struct sipoff_txn_cfg {
	u32 t1_ms;
	u32 t2_ms;
	u32 t4_ms;
	u32 timer_d_ms;
	u32 trying_ms;
	u32 resend_per_t1;
	u32 idle_ms;
};

#define SIPOFF_TXN_T1_MIN_MS	10
#define SIPOFF_TXN_T2_MAX_MS	600000

/**
 * struct sipoff_txn_msg - what the glue tells about the message at hand
 * @to_tag: hash of the To tag (sipoff_txn_hash_tag()), 0 when the message has none
 * @rseq: RSeq of a reliable provisional (RFC 3262), 0 when none
 * @code: status code of a response; 0 for requests
 * @reliable: a provisional response with Require: 100rel
 * @delivered: a request copy at LOCAL_IN: the first copy is known to have reached the
 *	application's socket (contract §2.1 rule 2), e.g. the socket's drop counter did not move
 */
struct sipoff_txn_msg {
	u64 to_tag;
	u32 rseq;
	u16 code;
	bool reliable;
	bool delivered;
};

/* Per-fork (To tag) memory of an INVITE transaction; also used for 1xx copies of a NICT. */
struct sipoff_txn_fork {
	u64 tag;	/* To tag hash, 0 = none */
	u32 rseq;	/* RSeq of the last provisional of this fork */
	u16 code;	/* code of the last provisional of this fork */
	u8 flags;	/* SIPOFF_TXN_FK_* */
};

#define SIPOFF_TXN_FK_USED	0x01
#define SIPOFF_TXN_FK_1XX	0x02	/* a provisional of this fork passed */
#define SIPOFF_TXN_FK_2XX	0x04	/* a 2xx of this fork passed (client) / was sent (server) */
#define SIPOFF_TXN_FK_ACKED	0x08	/* the ACK of that 2xx was kept (client) or seen (server) */
#define SIPOFF_TXN_FK_REACK	0x10	/* server: the application re-sent that 2xx after its ACK:
					 * the next ACK copy passes (a proxy's next hop lost it)
					 */

/* struct sipoff_txn.flags */
#define SIPOFF_TXN_F_APP_RESPONDED	0x0001	/* server: the application sent a response */
#define SIPOFF_TXN_F_HAVE_RESPONSE	0x0002	/* server: a response is kept (app's or 100) */
#define SIPOFF_TXN_F_KERNEL_100		0x0004	/* server: the kernel sent a 100 Trying */
#define SIPOFF_TXN_F_FINAL		0x0008	/* a final response was sent / passed */
#define SIPOFF_TXN_F_ACK_SEEN		0x0010	/* server: the non-2xx ACK arrived */
#define SIPOFF_TXN_F_ACK_KEPT		0x0020	/* client: a non-2xx ACK is kept (app's/kernel's) */
#define SIPOFF_TXN_F_RELIABLE_1XX	0x0040	/* a reliable provisional was seen */
#define SIPOFF_TXN_F_REQUEST_KEPT	0x0080	/* a copy of the request is kept */
#define SIPOFF_TXN_F_TIMED_OUT		0x0100	/* B, F, H, or an unACKed 2xx at L/M reported */

/**
 * struct sipoff_txn - the state of one transaction; nothing but state (no packets, no keys)
 * @cfg: the settings, copied when the transaction was created
 * @deadline: per timer, the absolute time in ms it fires at; 0 = disarmed
 * @created: time of creation (ms)
 * @last_activity: time of the last message event (ms); the linger time counts from it
 * @last_pass: server: when a request copy last passed to the application (rule 2)
 * @win_start: start of the current T1 window of the re-send bound
 * @interval: current retransmit interval of Timer A, E or G (ms)
 * @resends: re-sends by the kernel so far (timer and copy driven)
 * @win_count: copy-driven re-sends in the current T1 window
 * @resp_code: server: code of the kept response; client: code of the final that passed
 * @flags: SIPOFF_TXN_F_*
 * @kind: enum sipoff_txn_kind
 * @state: enum sipoff_txn_state
 * @mode: enum sipoff_txn_mode
 * @resp_fork: server: fork slot of the kept response (SIPOFF_TXN_FORK_NON2XX: none)
 * @resp_rseq: server: RSeq of the kept response
 * @resp_tag: server: To tag hash of the kept response
 * @fork: per To tag memory (1xx copies, 2xx forks and their ACKs)
 */
struct sipoff_txn {
	struct sipoff_txn_cfg cfg;
	u64 deadline[SIPOFF_TXN_TIMER_NR];
	u64 created;
	u64 last_activity;
	u64 last_pass;
	u64 win_start;
	u64 resp_tag;
	u32 interval;
	u32 resends;
	u32 resp_rseq;
	u16 win_count;
	u16 resp_code;
	u16 flags;
	u8 kind;
	u8 state;
	u8 mode;
	u8 resp_fork;
	struct sipoff_txn_fork fork[SIPOFF_TXN_FORKS];
};

void sipoff_txn_cfg_default(struct sipoff_txn_cfg *cfg);
bool sipoff_txn_cfg_valid(const struct sipoff_txn_cfg *cfg);

void sipoff_txn_init(struct sipoff_txn *txn, enum sipoff_txn_kind kind,
		     enum sipoff_txn_mode mode, const struct sipoff_txn_cfg *cfg, u64 now);

/* Server side: a request (or a copy) at LOCAL_IN; the application's response at LOCAL_OUT; an
 * ACK at LOCAL_IN (matched by branch: the non-2xx ACK; by dialog + CSeq: the 2xx ACK).
 */
struct sipoff_txn_verdict sipoff_txn_request_in(struct sipoff_txn *txn, u64 now,
						const struct sipoff_txn_msg *m);
struct sipoff_txn_verdict sipoff_txn_response_out(struct sipoff_txn *txn, u64 now,
						  const struct sipoff_txn_msg *m);
struct sipoff_txn_verdict sipoff_txn_ack_in(struct sipoff_txn *txn, u64 now,
					    const struct sipoff_txn_msg *m);

/* Client side: the application's request (or its copy) at LOCAL_OUT; a response at LOCAL_IN;
 * the application's ACK at LOCAL_OUT.
 */
struct sipoff_txn_verdict sipoff_txn_request_out(struct sipoff_txn *txn, u64 now,
						 const struct sipoff_txn_msg *m);
struct sipoff_txn_verdict sipoff_txn_response_in(struct sipoff_txn *txn, u64 now,
						 const struct sipoff_txn_msg *m);
struct sipoff_txn_verdict sipoff_txn_ack_out(struct sipoff_txn *txn, u64 now,
					     const struct sipoff_txn_msg *m);

/* Timers */
struct sipoff_txn_verdict sipoff_txn_timer(struct sipoff_txn *txn, u64 now);
u64 sipoff_txn_next_deadline(const struct sipoff_txn *txn);

/* Names for /proc and logs */
const char *sipoff_txn_state_name(u8 state);
const char *sipoff_txn_kind_name(u8 kind);
const char *sipoff_txn_timer_name(u8 timer);
u64 sipoff_txn_resp_to_tag(const struct sipoff_txn *txn);
u32 sipoff_txn_armed(const struct sipoff_txn *txn);

/* ------------------------------------------------------------------------------------------ */
/* Matching keys (§17.1.3, §17.2.3, RFC 2543 fallback, and the 2xx ACK by dialog + CSeq)       */

/**
 * struct sipoff_txn_bytes - a byte range of the message (not NUL terminated)
 * @p: first byte (may be NULL when @len is 0)
 * @len: length
 */
struct sipoff_txn_bytes {
	const u8 *p;
	u32 len;
};

/* The per-netns secret of the key hash (SipHash-2-4): set it from get_random_bytes(). */
struct sipoff_txn_seed {
	u64 k0;
	u64 k1;
};

enum sipoff_txn_side {
	SIPOFF_TXN_CLIENT,
	SIPOFF_TXN_SERVER,
};

enum sipoff_txn_method {
	SIPOFF_TXN_M_OTHER,
	SIPOFF_TXN_M_INVITE,
	SIPOFF_TXN_M_ACK,
	SIPOFF_TXN_M_CANCEL,
};

#define SIPOFF_TXN_KEY_3261	0x01	/* branch with the magic cookie */
#define SIPOFF_TXN_KEY_2543	0x02	/* RFC 2543 fallback */
#define SIPOFF_TXN_KEY_DIALOG	0x04	/* 2xx ACK lookup: Call-ID + From tag + CSeq number */
#define SIPOFF_TXN_KEY_ACK	0x08	/* built from an ACK (matched to its INVITE) */

/**
 * struct sipoff_txn_key - a transaction's identity, for a hash table
 * @hash: keyed hash over the identifying fields; the table's hash and first comparison
 * @to_tag: RFC 2543 keys only: hash of the To tag (compared apart, see sipoff_txn_key_match())
 * @side: enum sipoff_txn_side
 * @flags: SIPOFF_TXN_KEY_*
 * @method: enum sipoff_txn_method of the message the key was built from
 */
struct sipoff_txn_key {
	u64 hash;
	u64 to_tag;
	u8 side;
	u8 flags;
	u8 method;
};

/**
 * struct sipoff_txn_2543 - the fields of the RFC 2543 fallback (§17.2.3)
 * @ruri: Request-URI
 * @to_tag: To tag (may be empty)
 * @from_tag: From tag
 * @call_id: Call-ID
 * @top_via: the whole top Via value
 * @cseq: CSeq number
 */
struct sipoff_txn_2543 {
	struct sipoff_txn_bytes ruri;
	struct sipoff_txn_bytes to_tag;
	struct sipoff_txn_bytes from_tag;
	struct sipoff_txn_bytes call_id;
	struct sipoff_txn_bytes top_via;
	u32 cseq;
};

enum sipoff_txn_method sipoff_txn_method_of(struct sipoff_txn_bytes method);
bool sipoff_txn_branch_is_3261(struct sipoff_txn_bytes branch);
u64 sipoff_txn_hash_tag(const struct sipoff_txn_seed *seed, struct sipoff_txn_bytes tag);
void sipoff_txn_key_3261(struct sipoff_txn_key *k, const struct sipoff_txn_seed *seed,
			 enum sipoff_txn_side side, struct sipoff_txn_bytes branch,
			 struct sipoff_txn_bytes sent_by, struct sipoff_txn_bytes method);
void sipoff_txn_key_2543(struct sipoff_txn_key *k, const struct sipoff_txn_seed *seed,
			 enum sipoff_txn_side side, const struct sipoff_txn_2543 *f,
			 struct sipoff_txn_bytes method);
void sipoff_txn_key_dialog(struct sipoff_txn_key *k, const struct sipoff_txn_seed *seed,
			   enum sipoff_txn_side side, struct sipoff_txn_bytes call_id,
			   struct sipoff_txn_bytes from_tag, u32 cseq);
bool sipoff_txn_key_match(const struct sipoff_txn_key *txn_key,
			  const struct sipoff_txn_key *pkt_key, u64 resp_to_tag);
enum sipoff_txn_kind sipoff_txn_kind_of(enum sipoff_txn_method method,
					enum sipoff_txn_side side);

#endif /* _SIPOFF_TXN_H */
