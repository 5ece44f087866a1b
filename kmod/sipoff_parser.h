/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_parser.h - zero-copy SIP (RFC 3261) message parser.
 *
 * One UDP datagram (linear, at most 65535 bytes) is turned into a fixed-size message index
 * (struct sipoff_msg): offsets and lengths into the caller's buffer, numbers already
 * converted, a few flags.  Nothing is copied, nothing is allocated, nothing is unescaped.
 * Lists (Via, Route, Record-Route, Contact) are indexed up to a caller-chosen cap (at most the
 * array sizes below); values past the cap are still checked and counted, and the list is
 * flagged as cut short.
 *
 * Plain C: builds unchanged into sipoff.ko and into the userspace tests, fuzzers and
 * benchmarks (see sipoff_plain.h).
 */
#ifndef _SIPOFF_PARSER_H
#define _SIPOFF_PARSER_H

#include "sipoff_plain.h"

/* Array sizes of the message index (the caller's cap is clamped to these). */
#define SIPOFF_MAX_VIA		8
#define SIPOFF_MAX_ROUTE	12	/* each of Route and Record-Route */
#define SIPOFF_MAX_CONTACT	4

/* Largest datagram the index can describe (offsets are u16). */
#define SIPOFF_MAX_MSG_LEN	65535u

/*
 * enum sipoff_parse_err - result of sipoff_parse(), one value per kind of rejection.
 * Values below %SIPOFF_PERR_FIRST_ERROR are not errors: %SIPOFF_PERR_OK is a parsed SIP
 * message, %SIPOFF_PERR_KEEPALIVE and %SIPOFF_PERR_STUN are packets to pass untouched and
 * not to count as parse errors.
 */
enum sipoff_parse_err {
	SIPOFF_PERR_OK = 0,
	SIPOFF_PERR_KEEPALIVE,		/* CR/LF only (RFC 5626 keep-alive) */
	SIPOFF_PERR_STUN,		/* STUN message on the SIP port */
	SIPOFF_PERR_FIRST_ERROR,
	SIPOFF_PERR_TOO_LONG = SIPOFF_PERR_FIRST_ERROR, /* over 65535 bytes */
	SIPOFF_PERR_TRUNCATED,		/* start line or header section not terminated */
	SIPOFF_PERR_BAD_START_LINE,	/* not "Method SP URI SP SIP/x.y" nor a status line */
	SIPOFF_PERR_BAD_RURI,		/* Request-URI: <>, LWS, no scheme, ?headers in sip(s) */
	SIPOFF_PERR_BAD_VERSION,	/* SIP version other than 2.0 */
	SIPOFF_PERR_BAD_STATUS_CODE,	/* not 3 digits in 100..699 */
	SIPOFF_PERR_BAD_REASON,		/* control character in the reason phrase */
	SIPOFF_PERR_BAD_HEADER,		/* header line without name or colon */
	SIPOFF_PERR_BAD_VIA,
	SIPOFF_PERR_BAD_FROM,
	SIPOFF_PERR_BAD_TO,
	SIPOFF_PERR_BAD_CALL_ID,
	SIPOFF_PERR_BAD_CSEQ,		/* CSeq syntax */
	SIPOFF_PERR_CSEQ_RANGE,		/* CSeq number over 2^32-1 */
	SIPOFF_PERR_CSEQ_METHOD,	/* CSeq method differs from the request method */
	SIPOFF_PERR_BAD_MAX_FORWARDS,	/* syntax, or over 255 */
	SIPOFF_PERR_BAD_CONTENT_LENGTH,	/* negative, non-numeric, over 2^32-1 */
	SIPOFF_PERR_CLEN_CONFLICT,	/* repeated with different values */
	SIPOFF_PERR_CLEN_OVERRUN,	/* larger than the rest of the datagram */
	SIPOFF_PERR_BAD_CONTENT_TYPE,
	SIPOFF_PERR_BAD_CONTACT,
	SIPOFF_PERR_BAD_ROUTE,
	SIPOFF_PERR_BAD_RECORD_ROUTE,
	SIPOFF_PERR_BAD_EXPIRES,
	SIPOFF_PERR_BAD_EVENT,
	SIPOFF_PERR_BAD_SUB_STATE,
	SIPOFF_PERR_BAD_OPTION_TAGS,	/* Require, Proxy-Require, Supported */
	SIPOFF_PERR_BAD_REFER_SUB,
	SIPOFF_PERR_BAD_RSEQ,
	SIPOFF_PERR_BAD_RACK,
	SIPOFF_PERR_BAD_TIMESTAMP,
	SIPOFF_PERR_DUP_HEADER,		/* a single-valued header repeated */
	SIPOFF_PERR_MISSING_HEADER,	/* no Via, From, To, Call-ID or CSeq */
	SIPOFF_PERR_COUNT
};

/* Request methods.  Method names are case-sensitive (RFC 3261 7.1). */
enum sipoff_method {
	SIPOFF_M_UNKNOWN = 0,	/* token kept in sipoff_msg.method_tok */
	SIPOFF_M_INVITE,
	SIPOFF_M_ACK,
	SIPOFF_M_BYE,
	SIPOFF_M_CANCEL,
	SIPOFF_M_OPTIONS,
	SIPOFF_M_REGISTER,
	SIPOFF_M_PRACK,
	SIPOFF_M_SUBSCRIBE,
	SIPOFF_M_NOTIFY,
	SIPOFF_M_PUBLISH,
	SIPOFF_M_INFO,
	SIPOFF_M_REFER,
	SIPOFF_M_MESSAGE,
	SIPOFF_M_UPDATE,
	SIPOFF_M_COUNT
};

/* Via transports. */
enum sipoff_transport {
	SIPOFF_T_OTHER = 0,	/* token kept in sipoff_via.transport */
	SIPOFF_T_UDP,
	SIPOFF_T_TCP,
	SIPOFF_T_TLS,
	SIPOFF_T_SCTP,
	SIPOFF_T_WS,
	SIPOFF_T_WSS,
};

/* Subscription-State values. */
enum sipoff_substate {
	SIPOFF_SS_NONE = 0,	/* no Subscription-State header */
	SIPOFF_SS_ACTIVE,
	SIPOFF_SS_PENDING,
	SIPOFF_SS_TERMINATED,
	SIPOFF_SS_OTHER,	/* extension value */
};

/* Headers the parser knows (bit numbers in sipoff_msg.present / .missing). */
enum sipoff_hdr {
	SIPOFF_H_VIA,
	SIPOFF_H_FROM,
	SIPOFF_H_TO,
	SIPOFF_H_CALL_ID,
	SIPOFF_H_CSEQ,
	SIPOFF_H_MAX_FORWARDS,
	SIPOFF_H_CONTENT_LENGTH,
	SIPOFF_H_CONTENT_TYPE,
	SIPOFF_H_CONTACT,
	SIPOFF_H_ROUTE,
	SIPOFF_H_RECORD_ROUTE,
	SIPOFF_H_EVENT,
	SIPOFF_H_SUB_STATE,
	SIPOFF_H_EXPIRES,
	SIPOFF_H_REQUIRE,
	SIPOFF_H_PROXY_REQUIRE,
	SIPOFF_H_SUPPORTED,
	SIPOFF_H_REFER_SUB,
	SIPOFF_H_RSEQ,
	SIPOFF_H_RACK,
	SIPOFF_H_TIMESTAMP,
	SIPOFF_H_COUNT,
	SIPOFF_H_NONE = 0xff	/* an unknown / uninterpreted header */
};

#define SIPOFF_HBIT(h)		(1u << (h))
#define SIPOFF_H_MANDATORY	(SIPOFF_HBIT(SIPOFF_H_VIA) | SIPOFF_HBIT(SIPOFF_H_FROM) | \
				 SIPOFF_HBIT(SIPOFF_H_TO) | SIPOFF_HBIT(SIPOFF_H_CALL_ID) | \
				 SIPOFF_HBIT(SIPOFF_H_CSEQ))

/* sipoff_msg.flags */
#define SIPOFF_MF_REQUEST		0x00000001u /* request (else response) */
#define SIPOFF_MF_CLEN_ABSENT		0x00000002u /* no Content-Length: body = rest */
#define SIPOFF_MF_EXCESS		0x00000004u /* bytes past the body ignored (tail) */
#define SIPOFF_MF_BARE_LF		0x00000008u /* some line ended in LF without CR */
#define SIPOFF_MF_VIA_TRUNC		0x00000010u /* more Vias than indexed */
#define SIPOFF_MF_ROUTE_TRUNC		0x00000020u
#define SIPOFF_MF_RR_TRUNC		0x00000040u
#define SIPOFF_MF_CONTACT_TRUNC		0x00000080u
#define SIPOFF_MF_CONTACT_STAR		0x00000100u /* Contact: * */
#define SIPOFF_MF_REQUIRE_100REL	0x00000200u /* Require has 100rel */
#define SIPOFF_MF_PROXY_REQUIRE_100REL	0x00000400u /* Proxy-Require has 100rel */
#define SIPOFF_MF_SUPPORTED_100REL	0x00000800u /* Supported has 100rel */
#define SIPOFF_MF_REFER_SUB_FALSE	0x00001000u /* Refer-Sub: false */
#define SIPOFF_MF_EXPIRES_CLAMPED	0x00002000u /* Expires over 2^32-1 taken as 2^32-1 */
#define SIPOFF_MF_SS_EXPIRES		0x00004000u /* Subscription-State has expires= */
#define SIPOFF_MF_LIST_TRUNC		(SIPOFF_MF_VIA_TRUNC | SIPOFF_MF_ROUTE_TRUNC | \
					 SIPOFF_MF_RR_TRUNC | SIPOFF_MF_CONTACT_TRUNC)

/* sipoff_via.flags */
#define SIPOFF_VF_PORT		0x01	/* sent-by has a port */
#define SIPOFF_VF_BRANCH	0x02	/* branch parameter present */
#define SIPOFF_VF_COOKIE	0x04	/* branch is z9hG4bK and more: sipoff_via_branch_is_3261() */
#define SIPOFF_VF_RECEIVED	0x08	/* received parameter present */
#define SIPOFF_VF_RPORT		0x10	/* rport parameter present (maybe without value) */
#define SIPOFF_VF_RPORT_VALUE	0x20	/* rport=N: value in rport_val */
#define SIPOFF_VF_IPV6		0x40	/* sent-by host is an IPv6 reference */
#define SIPOFF_VF_MADDR		0x80	/* maddr parameter present */

/**
 * struct sipoff_span - a range of the parsed buffer.
 * @off: offset of the first byte
 * @len: number of bytes; 0 for an absent element
 */
struct sipoff_span {
	u16 off;
	u16 len;
};

/**
 * struct sipoff_via - one via-parm.
 * @value: the whole via-parm (protocol to last parameter)
 * @transport: transport token (e.g. "UDP")
 * @host: sent-by host (an IPv6 reference without its brackets)
 * @branch: branch value
 * @received: received value
 * @port: sent-by port when %SIPOFF_VF_PORT
 * @rport_val: rport value when %SIPOFF_VF_RPORT_VALUE
 * @transport_id: enum sipoff_transport
 * @flags: SIPOFF_VF_*
 */
struct sipoff_via {
	struct sipoff_span value;
	struct sipoff_span transport;
	struct sipoff_span host;
	struct sipoff_span branch;
	struct sipoff_span received;
	u16 port;
	u16 rport_val;
	u8 transport_id;
	u8 flags;
};

/**
 * struct sipoff_addr - a name-addr or addr-spec with its header parameters.
 * @value: the whole value (display name to last parameter)
 * @display: display name (with its quotes, if quoted)
 * @uri: the URI (without <>)
 * @tag: the tag parameter's value (From/To)
 */
struct sipoff_addr {
	struct sipoff_span value;
	struct sipoff_span display;
	struct sipoff_span uri;
	struct sipoff_span tag;
};

/**
 * struct sipoff_uriref - one value of Route, Record-Route or Contact.
 * @value: the whole value (name-addr and parameters)
 * @uri: the URI (without <>)
 */
struct sipoff_uriref {
	struct sipoff_span value;
	struct sipoff_span uri;
};

/**
 * struct sipoff_msg - the message index filled by sipoff_parse().
 * @flags: SIPOFF_MF_*
 * @present: SIPOFF_HBIT(SIPOFF_H_*) of the headers seen
 * @missing: mandatory headers not seen (with %SIPOFF_PERR_MISSING_HEADER)
 * @len: bytes of the message, start line to end of body
 * @tail: bytes after the body, ignored (RFC 3261 18.3)
 * @err_off: where the error was found
 * @err_hdr: header being parsed at the error, or %SIPOFF_H_NONE
 * @method: enum sipoff_method: the request's, or for a response the CSeq's
 * @status: response status code, 0 for a request
 * @cseq_method: enum sipoff_method of CSeq
 * @max_forwards: Max-Forwards, valid when @present has %SIPOFF_H_MAX_FORWARDS
 * @substate: enum sipoff_substate
 * @rack_method: enum sipoff_method of RAck
 * @method_tok: request method token
 * @ruri: Request-URI
 * @reason: reason phrase (may be empty)
 * @headers: first header line to the end of the blank line
 * @body: the body, framed by Content-Length (or the rest of the datagram without one)
 * @call_id: Call-ID
 * @from: From
 * @to: To
 * @cseq_method_tok: CSeq method token
 * @content_type: media type, parameters included
 * @event: Event type (package)
 * @event_id: its id parameter
 * @substate_tok: Subscription-State value
 * @substate_reason: its reason parameter
 * @timestamp: Timestamp value
 * @cseq: CSeq number
 * @content_length: Content-Length, unless %SIPOFF_MF_CLEN_ABSENT
 * @expires: Expires header
 * @substate_expires: Subscription-State expires, with %SIPOFF_MF_SS_EXPIRES
 * @rseq: RSeq
 * @rack_rseq: RAck response number
 * @rack_cseq: RAck CSeq number
 * @n_via: Via values indexed in @via
 * @n_via_total: Via values in the message
 * @n_route: Route values indexed
 * @n_route_total: Route values in the message
 * @n_rr: Record-Route values indexed
 * @n_rr_total: Record-Route values in the message
 * @n_contact: Contact values indexed
 * @n_contact_total: Contact values in the message
 * @via: Via values, top first
 * @route: Route values, in order
 * @rr: Record-Route values, in order
 * @contact: Contact values, in order
 *
 * Every span refers to the buffer given to sipoff_parse(); an absent element has len 0.
 * Fields up to @via are reset by each parse; array entries are valid below their n_ count.
 * On an error only @err_off, @err_hdr and whatever was parsed before the error are meaningful.
 * Size: 588 bytes on 64-bit (it lives in per-cpu scratch, not on the stack).
 */
struct sipoff_msg {
	u32 flags;
	u32 present;
	u32 missing;
	u16 len;
	u16 tail;
	u16 err_off;
	u8 err_hdr;
	u8 method;
	u16 status;
	u8 cseq_method;
	u8 max_forwards;
	u8 substate;
	u8 rack_method;
	struct sipoff_span method_tok;
	struct sipoff_span ruri;
	struct sipoff_span reason;
	struct sipoff_span headers;
	struct sipoff_span body;
	struct sipoff_span call_id;
	struct sipoff_addr from;
	struct sipoff_addr to;
	struct sipoff_span cseq_method_tok;
	struct sipoff_span content_type;
	struct sipoff_span event;
	struct sipoff_span event_id;
	struct sipoff_span substate_tok;
	struct sipoff_span substate_reason;
	struct sipoff_span timestamp;
	u32 cseq;
	u32 content_length;
	u32 expires;
	u32 substate_expires;
	u32 rseq;
	u32 rack_rseq;
	u32 rack_cseq;
	u16 n_via, n_via_total;
	u16 n_route, n_route_total;
	u16 n_rr, n_rr_total;
	u16 n_contact, n_contact_total;
	/* arrays: not reset between parses */
	struct sipoff_via via[SIPOFF_MAX_VIA];
	struct sipoff_uriref route[SIPOFF_MAX_ROUTE];
	struct sipoff_uriref rr[SIPOFF_MAX_ROUTE];
	struct sipoff_uriref contact[SIPOFF_MAX_CONTACT];
};

/* What a datagram on the SIP port is, judged from its first bytes. */
enum sipoff_pkt_kind {
	SIPOFF_PKT_SIP = 0,	/* anything else: to be parsed */
	SIPOFF_PKT_KEEPALIVE,	/* only CR and LF bytes */
	SIPOFF_PKT_STUN,	/* first byte 0 or 1, magic cookie at offset 4 */
};

enum sipoff_pkt_kind sipoff_classify(const u8 *buf, u32 len);
bool sipoff_is_keepalive(const u8 *buf, u32 len);
enum sipoff_parse_err sipoff_parse(const u8 *buf, u32 len, u32 cap, struct sipoff_msg *m);
const char *sipoff_parse_err_name(enum sipoff_parse_err err);
const char *sipoff_method_name(enum sipoff_method method);
enum sipoff_method sipoff_method_lookup(const u8 *tok, u32 len);
bool sipoff_via_branch_is_3261(const struct sipoff_via *v);

/**
 * sipoff_parse_is_error() - whether a sipoff_parse() result is a rejection.
 * @err: the result
 *
 * Return: false for a parsed message, a keep-alive or STUN; true otherwise.
 */
static inline bool sipoff_parse_is_error(enum sipoff_parse_err err)
{
	return err >= SIPOFF_PERR_FIRST_ERROR;
}

/**
 * sipoff_span_ptr() - the bytes of a span.
 * @buf: the buffer given to sipoff_parse()
 * @s: the span
 *
 * Return: pointer to the first byte of @s.
 */
static inline const u8 *sipoff_span_ptr(const u8 *buf, struct sipoff_span s)
{
	return buf + s.off;
}

/**
 * sipoff_span_eq() - compare a span with a string, case-sensitively.
 * @buf: the buffer given to sipoff_parse()
 * @s: the span
 * @str: bytes to compare with
 * @len: length of @str
 *
 * Return: true when equal.
 */
static inline bool sipoff_span_eq(const u8 *buf, struct sipoff_span s, const char *str, u32 len)
{
	return s.len == len && !memcmp(buf + s.off, str, len);
}

/**
 * sipoff_top_via() - the topmost Via of a parsed message.
 * @m: parsed message
 *
 * Return: the first via-parm (a parsed message always has one).
 */
static inline const struct sipoff_via *sipoff_top_via(const struct sipoff_msg *m)
{
	return m->n_via ? &m->via[0] : NULL;
}

/**
 * sipoff_msg_is_request() - request or response.
 * @m: parsed message
 *
 * Return: true for a request.
 */
static inline bool sipoff_msg_is_request(const struct sipoff_msg *m)
{
	return m->flags & SIPOFF_MF_REQUEST;
}

/**
 * sipoff_msg_has() - whether a header was present.
 * @m: parsed message
 * @h: the header
 *
 * Return: true when at least one @h header was seen.
 */
static inline bool sipoff_msg_has(const struct sipoff_msg *m, enum sipoff_hdr h)
{
	return m->present & SIPOFF_HBIT(h);
}

#endif /* _SIPOFF_PARSER_H */
