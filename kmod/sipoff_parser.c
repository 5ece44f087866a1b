// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_parser.c - zero-copy SIP (RFC 3261) message parser.
 *
 * Single pass over the header section: each header line is found with a word-at-a-time scan
 * for LF (folded lines continue), its name is looked up in a perfect-hash table, and only the
 * values of headers sipoff interprets are read a second time by small grammar-driven
 * sub-parsers.  The body is framed by Content-Length and never read.  No allocation, no
 * mutable static state, no kernel calls: the same file builds into sipoff.ko and into the
 * userspace tests, fuzzers and benchmarks.
 *
 * Verdicts on the RFC 4475 torture messages and the liberal/strict choices: see
 * docs/parser-verdicts.md.
 */
#include "sipoff_parser.h"

/* Character classes (generated; see the table below). */
#define SIPOFF_CC_TOKEN	0x0001
#define SIPOFF_CC_WORD	0x0002
#define SIPOFF_CC_DIGIT	0x0004
#define SIPOFF_CC_HOST	0x0008
#define SIPOFF_CC_LWS	0x0010
#define SIPOFF_CC_SCHEME	0x0020
#define SIPOFF_CC_URI	0x0040
#define SIPOFF_CC_GENVAL	0x0080
#define SIPOFF_CC_CTL	0x0100
#define SIPOFF_CC_ALPHA	0x0200
#define SIPOFF_CC_HEX	0x0400
#define SIPOFF_CC_URI_AS	0x0800
#define SIPOFF_CC_URI_NQ	0x1000
#define SIPOFF_CC_QTEXT	0x2000
static const u16 sipoff_cc[256] = {
	0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100,
	0x0100, 0x2010, 0x2110, 0x0100, 0x0100, 0x2110, 0x0100, 0x0100,
	0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100,
	0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100, 0x0100,
	0x2010, 0x38c3, 0x0002, 0x3840, 0x3840, 0x38c3, 0x3840, 0x38c3,
	0x3842, 0x3842, 0x38c3, 0x38e3, 0x3040, 0x38eb, 0x38eb, 0x3842,
	0x3cef, 0x3cef, 0x3cef, 0x3cef, 0x3cef, 0x3cef, 0x3cef, 0x3cef,
	0x3cef, 0x3cef, 0x38c2, 0x3040, 0x2002, 0x3840, 0x2002, 0x2042,
	0x3840, 0x3eeb, 0x3eeb, 0x3eeb, 0x3eeb, 0x3eeb, 0x3eeb, 0x3aeb,
	0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb,
	0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb,
	0x3aeb, 0x3aeb, 0x3aeb, 0x38c2, 0x1842, 0x38c2, 0x3840, 0x38cb,
	0x38c3, 0x3eeb, 0x3eeb, 0x3eeb, 0x3eeb, 0x3eeb, 0x3eeb, 0x3aeb,
	0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb,
	0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb, 0x3aeb,
	0x3aeb, 0x3aeb, 0x3aeb, 0x3842, 0x3840, 0x3842, 0x38c3, 0x0100,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
	0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000, 0x2000,
};

/* Keep the sub-parsers' frames apart (stack depth stays well under 512 bytes). */
#ifdef __KERNEL__
#define SIPOFF_NOINLINE noinline
#else
#define SIPOFF_GNU_ATTR(a) __attribute__((a))
#define SIPOFF_NOINLINE SIPOFF_GNU_ATTR(__noinline__)
#endif

static inline bool sipoff_cc_is(u8 c, u16 cls)
{
	return sipoff_cc[c] & cls;
}

static inline u8 sipoff_lc(u8 c)
{
	return (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
}

static inline struct sipoff_span sipoff_mkspan(const u8 *b, const u8 *s, const u8 *e)
{
	struct sipoff_span r = { .off = (u16)(s - b), .len = (u16)(e - s) };

	return r;
}

/* Case-insensitive compare of [s, s + len) with a lower-case literal of the same length. */
static bool sipoff_ieq(const u8 *s, u32 len, const char *lit, u32 litlen)
{
	u32 i;

	if (len != litlen)
		return false;
	for (i = 0; i < len; i++)
		if (sipoff_lc(s[i]) != (u8)lit[i])
			return false;
	return true;
}

#define SIPOFF_IEQ(s, e, lit)	sipoff_ieq((s), (u32)((e) - (s)), lit, sizeof(lit) - 1)

static inline const u8 *sipoff_skip_lws(const u8 *p, const u8 *e)
{
	while (p < e && sipoff_cc_is(*p, SIPOFF_CC_LWS))
		p++;
	return p;
}

/* Skip bytes of class cls: four per bounds check while possible. */
static inline const u8 *sipoff_skip(const u8 *p, const u8 *e, u16 cls)
{
	while (e - p >= 4) {
		if (!sipoff_cc_is(p[0], cls))
			return p;
		if (!sipoff_cc_is(p[1], cls))
			return p + 1;
		if (!sipoff_cc_is(p[2], cls))
			return p + 2;
		if (!sipoff_cc_is(p[3], cls))
			return p + 3;
		p += 4;
	}
	while (p < e && sipoff_cc_is(*p, cls))
		p++;
	return p;
}

/*
 * Find the next LF in [p, e), eight bytes at a time while possible: no SIMD, plain 64-bit
 * arithmetic.  t has the top bit of exactly the bytes of w that equal LF (the exact form of
 * the zero-byte test, so the first one is right on either endianness).
 */
static inline const u8 *sipoff_find_lf(const u8 *p, const u8 *e)
{
	const u64 ones7 = 0x7f7f7f7f7f7f7f7full;

	while (e - p >= 8) {
		u64 w, x, t;

		memcpy(&w, p, 8);
		x = w ^ 0x0a0a0a0a0a0a0a0aull;
		t = ~(((x & ones7) + ones7) | x | ones7);
		if (!t && e - p >= 16) {
			/* second word of the pair: one loop branch per 16 bytes */
			memcpy(&w, p + 8, 8);
			x = w ^ 0x0a0a0a0a0a0a0a0aull;
			t = ~(((x & ones7) + ones7) | x | ones7);
			if (!t) {
				p += 16;
				continue;
			}
			p += 8;
		}
		if (t) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			return p + (__builtin_clzll(t) >> 3);
#else
			return p + (__builtin_ctzll(t) >> 3);
#endif
		}
		p += 8;
	}
	while (p < e) {
		if (*p == '\n')
			return p;
		p++;
	}
	return NULL;
}

/*
 * 1*DIGIT as u32.  Returns 0 on success, -1 when there is no digit, 1 on overflow (all the
 * digits are consumed and *out is 0xffffffff).  Leading zeros are allowed.
 */
static int sipoff_u32(const u8 **pp, const u8 *e, u32 *out)
{
	const u8 *p = *pp;
	u64 v = 0;
	bool over = false;

	if (p >= e || !sipoff_cc_is(*p, SIPOFF_CC_DIGIT))
		return -1;
	do {
		if (!over) {
			v = v * 10 + (*p - '0');
			if (v > 0xffffffffull)
				over = true;
		}
		p++;
	} while (p < e && sipoff_cc_is(*p, SIPOFF_CC_DIGIT));
	*pp = p;
	*out = over ? 0xffffffffu : (u32)v;
	return over ? 1 : 0;
}

/* A whole value that is 1*DIGIT with optional surrounding LWS. */
static int sipoff_u32_value(const u8 *p, const u8 *e, u32 *out)
{
	int r;

	p = sipoff_skip_lws(p, e);
	r = sipoff_u32(&p, e, out);
	if (r < 0)
		return r;
	if (sipoff_skip_lws(p, e) != e)
		return -1;
	return r;
}

/*
 * quoted-string starting at the DQUOTE at p.  Returns the byte after the closing DQUOTE, or
 * NULL (unterminated, bad quoted-pair, control character).  CR/LF inside are folds.
 */
static const u8 *sipoff_qstring(const u8 *p, const u8 *e)
{
	for (p++;;) {
		p = sipoff_skip(p, e, SIPOFF_CC_QTEXT);
		if (p >= e)
			return NULL;
		if (*p == '"')
			return p + 1;
		if (*p != '\\')
			return NULL;	/* a control character */
		if (e - p < 2 || p[1] > 0x7f || p[1] == '\r' || p[1] == '\n')
			return NULL;
		p += 2;
	}
}

/* scheme ":" 1*char, the URI bytes being already checked. */
static bool sipoff_uri_scheme_ok(const u8 *s, const u8 *e)
{
	const u8 *p = s;

	if (e - s >= 5 && !memcmp(s, "sip:", 4))
		return true;
	if (p >= e || !sipoff_cc_is(*p, SIPOFF_CC_ALPHA))
		return false;
	p = sipoff_skip(p, e, SIPOFF_CC_SCHEME);
	return p < e && *p == ':' && e - p >= 2;
}

/* A sip: or sips: URI with a "?headers" part (a '?' after the userinfo). */
static bool sipoff_sip_uri_has_headers(const u8 *s, const u8 *e)
{
	const u8 *p, *host;

	if (e - s >= 4 && SIPOFF_IEQ(s, s + 4, "sip:"))
		host = s + 4;
	else if (e - s >= 5 && SIPOFF_IEQ(s, s + 5, "sips:"))
		host = s + 5;
	else
		return false;
	for (p = host; p < e; p++)
		if (*p == '@') {
			host = p + 1;
			break;
		}
	for (p = host; p < e; p++)
		if (*p == '?')
			return true;
	return false;
}

/* A parsed generic-param: name and value (value empty when there is no "="). */
struct sipoff_pv {
	const u8 *n, *ne, *v, *ve;
	bool quoted;
};

/*
 * generic-param at *pp (after ";" and LWS): token [ SWS "=" SWS ( token / host /
 * quoted-string ) ].  On success *pp is after the parameter (before any LWS).
 */
static bool sipoff_param(const u8 **pp, const u8 *e, struct sipoff_pv *pv)
{
	const u8 *p = *pp, *q;

	pv->n = p;
	p = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
	if (p == pv->n)
		return false;
	pv->ne = p;
	pv->v = NULL;
	pv->ve = NULL;
	pv->quoted = false;
	q = sipoff_skip_lws(p, e);
	if (q < e && *q == '=') {
		q = sipoff_skip_lws(q + 1, e);
		if (q >= e)
			return false;
		pv->v = q;
		if (*q == '"') {
			p = sipoff_qstring(q, e);
			if (!p)
				return false;
			pv->quoted = true;
		} else {
			p = sipoff_skip(q, e, SIPOFF_CC_GENVAL);
			if (p == q)
				return false;
		}
		pv->ve = p;
	}
	*pp = p;
	return true;
}

/*
 * Next ";" param after LWS at *pp.  Returns 1 with pv filled, 0 when the next non-LWS byte
 * is not ";" (*pp unchanged), -1 on a malformed parameter.
 */
static int sipoff_next_param(const u8 **pp, const u8 *e, struct sipoff_pv *pv)
{
	const u8 *q = sipoff_skip_lws(*pp, e);

	if (q >= e || *q != ';')
		return 0;
	q = sipoff_skip_lws(q + 1, e);
	if (!sipoff_param(&q, e, pv))
		return -1;
	*pp = q;
	return 1;
}

/* After a list element: end of value (returns 0), a comma (1, *pp after it), or junk (-1). */
static int sipoff_list_next(const u8 **pp, const u8 *e)
{
	const u8 *q = sipoff_skip_lws(*pp, e);

	if (q >= e)
		return 0;
	if (*q != ',')
		return -1;
	*pp = q + 1;
	return 1;
}

enum sipoff_addr_mode {
	SIPOFF_AM_SINGLE,	/* From, To: one value */
	SIPOFF_AM_LIST,		/* Contact: comma-separated, addr-spec allowed */
	SIPOFF_AM_ROUTE,	/* Route, Record-Route: comma-separated name-addr only */
};

/*
 * ( name-addr / addr-spec ) *( SEMI generic-param ) at *pp.  On success *pp is right after
 * the value (before trailing LWS) and a is filled (tag = the tag parameter).
 */
static SIPOFF_NOINLINE bool sipoff_addr(const u8 *b, const u8 **pp, const u8 *e,
					 enum sipoff_addr_mode mode, struct sipoff_addr *a)
{
	const u8 *p = sipoff_skip_lws(*pp, e), *s, *t, *u;
	struct sipoff_pv pv;
	int r;

	if (p >= e)
		return false;
	s = p;
	memset(a, 0, sizeof(*a));
	if (*p == '"') {
		t = sipoff_qstring(p, e);
		if (!t)
			return false;
		a->display = sipoff_mkspan(b, p, t);
		p = sipoff_skip_lws(t, e);
		if (p >= e || *p != '<')
			return false;
	} else if (*p != '<') {
		t = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
		if (t == p)
			return false;
		if (t < e && *t == ':') {
			/* addr-spec: the URI ends at LWS, ";" or ","; "?" needs <> */
			if (mode == SIPOFF_AM_ROUTE)
				return false;
			u = p;
			p = sipoff_skip(p, e, SIPOFF_CC_URI_AS);
			if (p < e && *p == '?')
				return false;
			if (!sipoff_uri_scheme_ok(u, p))
				return false;
			a->uri = sipoff_mkspan(b, u, p);
			goto params;
		}
		/* display-name = *(token LWS), then "<" (LWS before it may be missing) */
		for (;;) {
			u = t;
			p = sipoff_skip_lws(t, e);
			if (p >= e)
				return false;
			if (*p == '<')
				break;
			t = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
			if (t == p)
				return false;
		}
		a->display = sipoff_mkspan(b, s, u);
	}
	/* p at "<" */
	u = ++p;
	p = sipoff_skip(p, e, SIPOFF_CC_URI);
	if (p >= e || *p != '>' || !sipoff_uri_scheme_ok(u, p))
		return false;
	a->uri = sipoff_mkspan(b, u, p);
	p++;
params:
	while ((r = sipoff_next_param(&p, e, &pv)) > 0) {
		if (SIPOFF_IEQ(pv.n, pv.ne, "tag")) {
			if (!pv.v || pv.quoted)
				return false;
			a->tag = sipoff_mkspan(b, pv.v, pv.ve);
		}
	}
	if (r < 0)
		return false;
	a->value = sipoff_mkspan(b, s, p);
	*pp = p;
	return true;
}

/* Parser state shared by the header sub-parsers. */
struct sipoff_pctx {
	const u8 *b;
	struct sipoff_msg *m;
	u16 cap_via, cap_route, cap_contact;
};

static const char sipoff_method_names[SIPOFF_M_COUNT][10] = {
	[SIPOFF_M_UNKNOWN] = "UNKNOWN",
	[SIPOFF_M_INVITE] = "INVITE",
	[SIPOFF_M_ACK] = "ACK",
	[SIPOFF_M_BYE] = "BYE",
	[SIPOFF_M_CANCEL] = "CANCEL",
	[SIPOFF_M_OPTIONS] = "OPTIONS",
	[SIPOFF_M_REGISTER] = "REGISTER",
	[SIPOFF_M_PRACK] = "PRACK",
	[SIPOFF_M_SUBSCRIBE] = "SUBSCRIBE",
	[SIPOFF_M_NOTIFY] = "NOTIFY",
	[SIPOFF_M_PUBLISH] = "PUBLISH",
	[SIPOFF_M_INFO] = "INFO",
	[SIPOFF_M_REFER] = "REFER",
	[SIPOFF_M_MESSAGE] = "MESSAGE",
	[SIPOFF_M_UPDATE] = "UPDATE",
};

/**
 * sipoff_method_lookup() - method token to enum sipoff_method (case-sensitive).
 * @tok: the token
 * @len: its length
 *
 * Return: the method, %SIPOFF_M_UNKNOWN for any other token.
 */
enum sipoff_method sipoff_method_lookup(const u8 *tok, u32 len)
{
#define SIPOFF_MIS(lit)	(len == sizeof(lit) - 1 && !memcmp(tok, lit, sizeof(lit) - 1))
	if (!len)
		return SIPOFF_M_UNKNOWN;
	switch (tok[0]) {
	case 'A':
		return SIPOFF_MIS("ACK") ? SIPOFF_M_ACK : SIPOFF_M_UNKNOWN;
	case 'B':
		return SIPOFF_MIS("BYE") ? SIPOFF_M_BYE : SIPOFF_M_UNKNOWN;
	case 'C':
		return SIPOFF_MIS("CANCEL") ? SIPOFF_M_CANCEL : SIPOFF_M_UNKNOWN;
	case 'I':
		if (SIPOFF_MIS("INVITE"))
			return SIPOFF_M_INVITE;
		return SIPOFF_MIS("INFO") ? SIPOFF_M_INFO : SIPOFF_M_UNKNOWN;
	case 'M':
		return SIPOFF_MIS("MESSAGE") ? SIPOFF_M_MESSAGE : SIPOFF_M_UNKNOWN;
	case 'N':
		return SIPOFF_MIS("NOTIFY") ? SIPOFF_M_NOTIFY : SIPOFF_M_UNKNOWN;
	case 'O':
		return SIPOFF_MIS("OPTIONS") ? SIPOFF_M_OPTIONS : SIPOFF_M_UNKNOWN;
	case 'P':
		if (SIPOFF_MIS("PRACK"))
			return SIPOFF_M_PRACK;
		return SIPOFF_MIS("PUBLISH") ? SIPOFF_M_PUBLISH : SIPOFF_M_UNKNOWN;
	case 'R':
		if (SIPOFF_MIS("REGISTER"))
			return SIPOFF_M_REGISTER;
		return SIPOFF_MIS("REFER") ? SIPOFF_M_REFER : SIPOFF_M_UNKNOWN;
	case 'S':
		return SIPOFF_MIS("SUBSCRIBE") ? SIPOFF_M_SUBSCRIBE : SIPOFF_M_UNKNOWN;
	case 'U':
		return SIPOFF_MIS("UPDATE") ? SIPOFF_M_UPDATE : SIPOFF_M_UNKNOWN;
	}
	return SIPOFF_M_UNKNOWN;
#undef SIPOFF_MIS
}
SIPOFF_EXPORT(sipoff_method_lookup);

/**
 * sipoff_method_name() - name of a method.
 * @method: the method
 *
 * Return: its name ("UNKNOWN" for %SIPOFF_M_UNKNOWN or an out-of-range value).
 */
const char *sipoff_method_name(enum sipoff_method method)
{
	if ((u32)method >= SIPOFF_M_COUNT)
		method = SIPOFF_M_UNKNOWN;
	return sipoff_method_names[method];
}
SIPOFF_EXPORT(sipoff_method_name);

static const char * const sipoff_perr_names[SIPOFF_PERR_COUNT] = {
	[SIPOFF_PERR_OK] = "ok",
	[SIPOFF_PERR_KEEPALIVE] = "keepalive",
	[SIPOFF_PERR_STUN] = "stun",
	[SIPOFF_PERR_TOO_LONG] = "too_long",
	[SIPOFF_PERR_TRUNCATED] = "truncated",
	[SIPOFF_PERR_BAD_START_LINE] = "bad_start_line",
	[SIPOFF_PERR_BAD_RURI] = "bad_ruri",
	[SIPOFF_PERR_BAD_VERSION] = "bad_version",
	[SIPOFF_PERR_BAD_STATUS_CODE] = "bad_status_code",
	[SIPOFF_PERR_BAD_REASON] = "bad_reason",
	[SIPOFF_PERR_BAD_HEADER] = "bad_header",
	[SIPOFF_PERR_BAD_VIA] = "bad_via",
	[SIPOFF_PERR_BAD_FROM] = "bad_from",
	[SIPOFF_PERR_BAD_TO] = "bad_to",
	[SIPOFF_PERR_BAD_CALL_ID] = "bad_call_id",
	[SIPOFF_PERR_BAD_CSEQ] = "bad_cseq",
	[SIPOFF_PERR_CSEQ_RANGE] = "cseq_range",
	[SIPOFF_PERR_CSEQ_METHOD] = "cseq_method",
	[SIPOFF_PERR_BAD_MAX_FORWARDS] = "bad_max_forwards",
	[SIPOFF_PERR_BAD_CONTENT_LENGTH] = "bad_content_length",
	[SIPOFF_PERR_CLEN_CONFLICT] = "clen_conflict",
	[SIPOFF_PERR_CLEN_OVERRUN] = "clen_overrun",
	[SIPOFF_PERR_BAD_CONTENT_TYPE] = "bad_content_type",
	[SIPOFF_PERR_BAD_CONTACT] = "bad_contact",
	[SIPOFF_PERR_BAD_ROUTE] = "bad_route",
	[SIPOFF_PERR_BAD_RECORD_ROUTE] = "bad_record_route",
	[SIPOFF_PERR_BAD_EXPIRES] = "bad_expires",
	[SIPOFF_PERR_BAD_EVENT] = "bad_event",
	[SIPOFF_PERR_BAD_SUB_STATE] = "bad_sub_state",
	[SIPOFF_PERR_BAD_OPTION_TAGS] = "bad_option_tags",
	[SIPOFF_PERR_BAD_REFER_SUB] = "bad_refer_sub",
	[SIPOFF_PERR_BAD_RSEQ] = "bad_rseq",
	[SIPOFF_PERR_BAD_RACK] = "bad_rack",
	[SIPOFF_PERR_BAD_TIMESTAMP] = "bad_timestamp",
	[SIPOFF_PERR_DUP_HEADER] = "dup_header",
	[SIPOFF_PERR_MISSING_HEADER] = "missing_header",
};

/**
 * sipoff_parse_err_name() - short name of a parse result, for counters and logs.
 * @err: the result
 *
 * Return: a lower-case name such as "bad_via"; "invalid" for an out-of-range value.
 */
const char *sipoff_parse_err_name(enum sipoff_parse_err err)
{
	if ((u32)err >= SIPOFF_PERR_COUNT)
		return "invalid";
	return sipoff_perr_names[err];
}
SIPOFF_EXPORT(sipoff_parse_err_name);

/**
 * sipoff_via_branch_is_3261() - whether a Via's branch can key an RFC 3261 transaction.
 * @v: a parsed via-parm
 *
 * One rule everywhere: SIPOFF_VF_COOKIE is set only for such a branch, and
 * sipoff_txn_branch_is_3261() says the same of the bytes.  A bare "z9hG4bK" is not one: taken
 * as one, every request of a UA that sends it would share a transaction.
 *
 * Return: true when the branch starts with the z9hG4bK cookie and has more after it.
 */
bool sipoff_via_branch_is_3261(const struct sipoff_via *v)
{
	return (v->flags & SIPOFF_VF_COOKIE) && v->branch.len > 7;
}
SIPOFF_EXPORT(sipoff_via_branch_is_3261);

/* Transport token (letters are lower-cased with | 0x20: no other token byte maps to one). */
static u8 sipoff_transport_id(const u8 *s, const u8 *e)
{
	u32 v;

	switch (e - s) {
	case 2:
		return ((s[0] | 0x20) == 'w' && (s[1] | 0x20) == 's') ? SIPOFF_T_WS : SIPOFF_T_OTHER;
	case 3:
		v = (u32)(s[0] | 0x20) << 16 | (u32)(s[1] | 0x20) << 8 | (s[2] | 0x20);
		switch (v) {
		case 'u' << 16 | 'd' << 8 | 'p':
			return SIPOFF_T_UDP;
		case 't' << 16 | 'c' << 8 | 'p':
			return SIPOFF_T_TCP;
		case 't' << 16 | 'l' << 8 | 's':
			return SIPOFF_T_TLS;
		case 'w' << 16 | 's' << 8 | 's':
			return SIPOFF_T_WSS;
		}
		return SIPOFF_T_OTHER;
	case 4:
		return SIPOFF_IEQ(s, e, "sctp") ? SIPOFF_T_SCTP : SIPOFF_T_OTHER;
	}
	return SIPOFF_T_OTHER;
}

/* SWS "/" SWS at p: returns the byte after, or NULL. */
static const u8 *sipoff_slash(const u8 *p, const u8 *e)
{
	p = sipoff_skip_lws(p, e);
	if (p >= e || *p != '/')
		return NULL;
	return sipoff_skip_lws(p + 1, e);
}

/* Via params of one via-parm; p after sent-by. Returns the end of the params or NULL. */
static inline const u8 *sipoff_via_params(const u8 *b, const u8 *p, const u8 *e, struct sipoff_via *v)
{
	struct sipoff_pv pv;
	int r;

	while ((r = sipoff_next_param(&p, e, &pv)) > 0) {
		u32 nl = (u32)(pv.ne - pv.n);

		if (nl == 6 && SIPOFF_IEQ(pv.n, pv.ne, "branch")) {
			if (!pv.v || pv.quoted || (v->flags & SIPOFF_VF_BRANCH))
				return NULL;
			v->flags |= SIPOFF_VF_BRANCH;
			v->branch = sipoff_mkspan(b, pv.v, pv.ve);
			/* The cookie and more after it (one rule with sipoff_txn.c's). */
			if (pv.ve - pv.v > 7 && !memcmp(pv.v, "z9hG4bK", 7))
				v->flags |= SIPOFF_VF_COOKIE;
		} else if (nl == 8 && SIPOFF_IEQ(pv.n, pv.ne, "received")) {
			if (!pv.v || pv.quoted)
				return NULL;
			v->flags |= SIPOFF_VF_RECEIVED;
			v->received = sipoff_mkspan(b, pv.v, pv.ve);
		} else if (nl == 5 && SIPOFF_IEQ(pv.n, pv.ne, "rport")) {
			v->flags |= SIPOFF_VF_RPORT;
			if (pv.v) {
				const u8 *q = pv.v;
				u32 port;

				if (pv.quoted || sipoff_u32(&q, pv.ve, &port) || q != pv.ve ||
				    port > 65535)
					return NULL;
				v->flags |= SIPOFF_VF_RPORT_VALUE;
				v->rport_val = (u16)port;
			}
		} else if (nl == 5 && SIPOFF_IEQ(pv.n, pv.ne, "maddr")) {
			v->flags |= SIPOFF_VF_MADDR;
		}
	}
	return r < 0 ? NULL : p;
}

/* Via: 1#via-parm */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_via(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	struct sipoff_via tmp, *v;
	const u8 *s, *t;
	u32 port;
	int r;

	do {
		p = sipoff_skip_lws(p, e);
		s = p;
		v = m->n_via < c->cap_via ? &m->via[m->n_via] : &tmp;
		memset(v, 0, sizeof(*v));
		/* sent-protocol: "SIP" SLASH "2.0" SLASH transport */
		if (likely(e - p >= 8 && !memcmp(p, "SIP/2.0/", 8))) {
			p += 8;	/* the usual spelling, no LWS */
		} else {
			t = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
			if (!SIPOFF_IEQ(p, t, "sip"))
				return SIPOFF_PERR_BAD_VIA;
			p = sipoff_slash(t, e);
			if (!p)
				return SIPOFF_PERR_BAD_VIA;
			t = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
			if (t - p != 3 || memcmp(p, "2.0", 3))
				return SIPOFF_PERR_BAD_VIA;
			p = sipoff_slash(t, e);
			if (!p)
				return SIPOFF_PERR_BAD_VIA;
		}
		t = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
		if (t == p)
			return SIPOFF_PERR_BAD_VIA;
		v->transport = sipoff_mkspan(c->b, p, t);
		v->transport_id = sipoff_transport_id(p, t);
		p = sipoff_skip_lws(t, e);
		if (p == t || p >= e)
			return SIPOFF_PERR_BAD_VIA;
		/* sent-by: host [ COLON port ] */
		if (*p == '[') {
			t = p + 1;
			while (t < e && (sipoff_cc_is(*t, SIPOFF_CC_HEX) || *t == ':' || *t == '.'))
				t++;
			if (t >= e || *t != ']' || t == p + 1)
				return SIPOFF_PERR_BAD_VIA;
			v->host = sipoff_mkspan(c->b, p + 1, t);
			v->flags |= SIPOFF_VF_IPV6;
			t++;
		} else {
			t = sipoff_skip(p, e, SIPOFF_CC_HOST);
			if (t == p)
				return SIPOFF_PERR_BAD_VIA;
			v->host = sipoff_mkspan(c->b, p, t);
		}
		p = sipoff_skip_lws(t, e);
		if (p < e && *p == ':') {
			p = sipoff_skip_lws(p + 1, e);
			if (sipoff_u32(&p, e, &port) || port > 65535)
				return SIPOFF_PERR_BAD_VIA;
			v->port = (u16)port;
			v->flags |= SIPOFF_VF_PORT;
		} else {
			p = t;
		}
		p = sipoff_via_params(c->b, p, e, v);
		if (!p)
			return SIPOFF_PERR_BAD_VIA;
		v->value = sipoff_mkspan(c->b, s, p);
		if (v != &tmp)
			m->n_via++;
		else
			m->flags |= SIPOFF_MF_VIA_TRUNC;
		m->n_via_total++;
		r = sipoff_list_next(&p, e);
		if (r < 0)
			return SIPOFF_PERR_BAD_VIA;
	} while (r);
	return SIPOFF_PERR_OK;
}

/* Contact, Route, Record-Route: 1#(name-addr / addr-spec) with params, or Contact: * */
static SIPOFF_NOINLINE bool sipoff_addr_list(struct sipoff_pctx *c, const u8 *p, const u8 *e,
			     enum sipoff_addr_mode mode, struct sipoff_uriref *arr, u16 cap,
			     u16 *n, u16 *total, u32 trunc_flag)
{
	struct sipoff_addr a;
	int r;

	do {
		if (!sipoff_addr(c->b, &p, e, mode, &a))
			return false;
		if (*n < cap) {
			arr[*n].value = a.value;
			arr[*n].uri = a.uri;
			(*n)++;
		} else {
			c->m->flags |= trunc_flag;
		}
		(*total)++;
		r = sipoff_list_next(&p, e);
		if (r < 0)
			return false;
	} while (r);
	return true;
}

static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_contact(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	const u8 *q = sipoff_skip_lws(p, e);

	if (q < e && *q == '*' && sipoff_skip_lws(q + 1, e) == e) {
		if (m->n_contact_total || (m->flags & SIPOFF_MF_CONTACT_STAR))
			return SIPOFF_PERR_BAD_CONTACT;
		m->flags |= SIPOFF_MF_CONTACT_STAR;
		return SIPOFF_PERR_OK;
	}
	if (m->flags & SIPOFF_MF_CONTACT_STAR)
		return SIPOFF_PERR_BAD_CONTACT;
	if (!sipoff_addr_list(c, p, e, SIPOFF_AM_LIST, m->contact, c->cap_contact, &m->n_contact,
			      &m->n_contact_total, SIPOFF_MF_CONTACT_TRUNC))
		return SIPOFF_PERR_BAD_CONTACT;
	return SIPOFF_PERR_OK;
}

static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_fromto(struct sipoff_pctx *c, const u8 *p, const u8 *e,
					       struct sipoff_addr *a, enum sipoff_parse_err bad)
{
	if (!sipoff_addr(c->b, &p, e, SIPOFF_AM_SINGLE, a) || sipoff_skip_lws(p, e) != e)
		return bad;
	return SIPOFF_PERR_OK;
}

/* Call-ID: word [ "@" word ] */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_callid(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	const u8 *s, *t;

	s = sipoff_skip_lws(p, e);
	t = sipoff_skip(s, e, SIPOFF_CC_WORD);
	if (t == s)
		return SIPOFF_PERR_BAD_CALL_ID;
	if (t < e && *t == '@') {
		p = t + 1;
		t = sipoff_skip(p, e, SIPOFF_CC_WORD);
		if (t == p)
			return SIPOFF_PERR_BAD_CALL_ID;
	}
	if (sipoff_skip_lws(t, e) != e)
		return SIPOFF_PERR_BAD_CALL_ID;
	c->m->call_id = sipoff_mkspan(c->b, s, t);
	return SIPOFF_PERR_OK;
}

/* CSeq: 1*DIGIT LWS Method */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_cseq(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	const u8 *t;
	int r;

	p = sipoff_skip_lws(p, e);
	r = sipoff_u32(&p, e, &m->cseq);
	if (r > 0)
		return SIPOFF_PERR_CSEQ_RANGE;
	if (r < 0)
		return SIPOFF_PERR_BAD_CSEQ;
	t = sipoff_skip_lws(p, e);
	if (t == p)
		return SIPOFF_PERR_BAD_CSEQ;
	p = sipoff_skip(t, e, SIPOFF_CC_TOKEN);
	if (p == t || sipoff_skip_lws(p, e) != e)
		return SIPOFF_PERR_BAD_CSEQ;
	m->cseq_method_tok = sipoff_mkspan(c->b, t, p);
	m->cseq_method = (u8)sipoff_method_lookup(t, (u32)(p - t));
	return SIPOFF_PERR_OK;
}

static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_clen(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	u32 v;

	if (sipoff_u32_value(p, e, &v))
		return SIPOFF_PERR_BAD_CONTENT_LENGTH;
	if ((m->present & SIPOFF_HBIT(SIPOFF_H_CONTENT_LENGTH)) && v != m->content_length)
		return SIPOFF_PERR_CLEN_CONFLICT;
	m->content_length = v;
	return SIPOFF_PERR_OK;
}

/* Content-Type: type "/" subtype *(SEMI m-parameter) */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_ctype(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_pv pv;
	const u8 *s, *t;
	int r;

	s = sipoff_skip_lws(p, e);
	t = sipoff_skip(s, e, SIPOFF_CC_TOKEN);
	if (t == s)
		return SIPOFF_PERR_BAD_CONTENT_TYPE;
	p = sipoff_slash(t, e);
	if (!p)
		return SIPOFF_PERR_BAD_CONTENT_TYPE;
	t = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
	if (t == p)
		return SIPOFF_PERR_BAD_CONTENT_TYPE;
	p = t;
	while ((r = sipoff_next_param(&p, e, &pv)) > 0)
		if (!pv.v)
			return SIPOFF_PERR_BAD_CONTENT_TYPE;
	if (r < 0 || sipoff_skip_lws(p, e) != e)
		return SIPOFF_PERR_BAD_CONTENT_TYPE;
	c->m->content_type = sipoff_mkspan(c->b, s, p);
	return SIPOFF_PERR_OK;
}

/* Event: event-type *( SEMI event-param ) */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_event(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	struct sipoff_pv pv;
	const u8 *s;
	int r;

	s = sipoff_skip_lws(p, e);
	p = sipoff_skip(s, e, SIPOFF_CC_TOKEN);
	if (p == s)
		return SIPOFF_PERR_BAD_EVENT;
	m->event = sipoff_mkspan(c->b, s, p);
	while ((r = sipoff_next_param(&p, e, &pv)) > 0)
		if (SIPOFF_IEQ(pv.n, pv.ne, "id")) {
			if (!pv.v)
				return SIPOFF_PERR_BAD_EVENT;
			m->event_id = sipoff_mkspan(c->b, pv.v, pv.ve);
		}
	if (r < 0 || sipoff_skip_lws(p, e) != e)
		return SIPOFF_PERR_BAD_EVENT;
	return SIPOFF_PERR_OK;
}

/* Subscription-State: substate-value *( SEMI subexp-params ) */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_substate(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	struct sipoff_pv pv;
	const u8 *s;
	int r;

	s = sipoff_skip_lws(p, e);
	p = sipoff_skip(s, e, SIPOFF_CC_TOKEN);
	if (p == s)
		return SIPOFF_PERR_BAD_SUB_STATE;
	m->substate_tok = sipoff_mkspan(c->b, s, p);
	if (SIPOFF_IEQ(s, p, "active"))
		m->substate = SIPOFF_SS_ACTIVE;
	else if (SIPOFF_IEQ(s, p, "pending"))
		m->substate = SIPOFF_SS_PENDING;
	else if (SIPOFF_IEQ(s, p, "terminated"))
		m->substate = SIPOFF_SS_TERMINATED;
	else
		m->substate = SIPOFF_SS_OTHER;
	while ((r = sipoff_next_param(&p, e, &pv)) > 0) {
		if (SIPOFF_IEQ(pv.n, pv.ne, "reason")) {
			if (!pv.v || pv.quoted)
				return SIPOFF_PERR_BAD_SUB_STATE;
			m->substate_reason = sipoff_mkspan(c->b, pv.v, pv.ve);
		} else if (SIPOFF_IEQ(pv.n, pv.ne, "expires")) {
			const u8 *q = pv.v;

			if (!q || pv.quoted)
				return SIPOFF_PERR_BAD_SUB_STATE;
			r = sipoff_u32(&q, pv.ve, &m->substate_expires);
			if (r < 0 || q != pv.ve)
				return SIPOFF_PERR_BAD_SUB_STATE;
			m->flags |= SIPOFF_MF_SS_EXPIRES;
		}
	}
	if (r < 0 || sipoff_skip_lws(p, e) != e)
		return SIPOFF_PERR_BAD_SUB_STATE;
	return SIPOFF_PERR_OK;
}

/* Require, Proxy-Require, Supported: option-tag list (Supported may be empty) */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_tags(struct sipoff_pctx *c, const u8 *p, const u8 *e,
					     u32 flag, bool may_be_empty)
{
	const u8 *s;
	int r;

	if (sipoff_skip_lws(p, e) == e)
		return may_be_empty ? SIPOFF_PERR_OK : SIPOFF_PERR_BAD_OPTION_TAGS;
	do {
		s = sipoff_skip_lws(p, e);
		p = sipoff_skip(s, e, SIPOFF_CC_TOKEN);
		if (p == s)
			return SIPOFF_PERR_BAD_OPTION_TAGS;
		if (p - s == 6 && !memcmp(s, "100rel", 6))
			c->m->flags |= flag;
		r = sipoff_list_next(&p, e);
		if (r < 0)
			return SIPOFF_PERR_BAD_OPTION_TAGS;
	} while (r);
	return SIPOFF_PERR_OK;
}

/* Refer-Sub: ("true" / "false") *( SEMI exten ) */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_refersub(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_pv pv;
	const u8 *s;
	int r;

	s = sipoff_skip_lws(p, e);
	p = sipoff_skip(s, e, SIPOFF_CC_TOKEN);
	if (SIPOFF_IEQ(s, p, "false"))
		c->m->flags |= SIPOFF_MF_REFER_SUB_FALSE;
	else if (!SIPOFF_IEQ(s, p, "true"))
		return SIPOFF_PERR_BAD_REFER_SUB;
	while ((r = sipoff_next_param(&p, e, &pv)) > 0)
		;
	if (r < 0 || sipoff_skip_lws(p, e) != e)
		return SIPOFF_PERR_BAD_REFER_SUB;
	return SIPOFF_PERR_OK;
}

/* RAck: response-num LWS CSeq-num LWS Method */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_rack(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	const u8 *t;

	p = sipoff_skip_lws(p, e);
	if (sipoff_u32(&p, e, &m->rack_rseq))
		return SIPOFF_PERR_BAD_RACK;
	t = sipoff_skip_lws(p, e);
	if (t == p || sipoff_u32(&t, e, &m->rack_cseq))
		return SIPOFF_PERR_BAD_RACK;
	p = sipoff_skip_lws(t, e);
	if (p == t)
		return SIPOFF_PERR_BAD_RACK;
	t = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
	if (t == p || sipoff_skip_lws(t, e) != e)
		return SIPOFF_PERR_BAD_RACK;
	m->rack_method = (u8)sipoff_method_lookup(p, (u32)(t - p));
	return SIPOFF_PERR_OK;
}

/* Timestamp: 1*DIGIT [ "." *DIGIT ] [ LWS delay ], delay = *DIGIT [ "." *DIGIT ] */
static SIPOFF_NOINLINE enum sipoff_parse_err sipoff_hdr_timestamp(struct sipoff_pctx *c, const u8 *p, const u8 *e)
{
	const u8 *s, *t;

	s = sipoff_skip_lws(p, e);
	t = sipoff_skip(s, e, SIPOFF_CC_DIGIT);
	if (t == s)
		return SIPOFF_PERR_BAD_TIMESTAMP;
	if (t < e && *t == '.')
		t = sipoff_skip(t + 1, e, SIPOFF_CC_DIGIT);
	p = sipoff_skip_lws(t, e);
	if (p < e && p != t) {
		t = sipoff_skip(p, e, SIPOFF_CC_DIGIT);
		if (t < e && *t == '.')
			t = sipoff_skip(t + 1, e, SIPOFF_CC_DIGIT);
		if (t == p)
			return SIPOFF_PERR_BAD_TIMESTAMP;
		p = sipoff_skip_lws(t, e);
	}
	if (p != e)
		return SIPOFF_PERR_BAD_TIMESTAMP;
	c->m->timestamp = sipoff_mkspan(c->b, s, t);
	return SIPOFF_PERR_OK;
}

/* Header names: compact forms by letter, full names by a perfect hash (generated). */
static const u8 sipoff_hdr_compact[26] = {
	['c' - 'a'] = SIPOFF_H_CONTENT_TYPE + 1,
	['f' - 'a'] = SIPOFF_H_FROM + 1,
	['i' - 'a'] = SIPOFF_H_CALL_ID + 1,
	['k' - 'a'] = SIPOFF_H_SUPPORTED + 1,
	['l' - 'a'] = SIPOFF_H_CONTENT_LENGTH + 1,
	['m' - 'a'] = SIPOFF_H_CONTACT + 1,
	['o' - 'a'] = SIPOFF_H_EVENT + 1,
	['t' - 'a'] = SIPOFF_H_TO + 1,
	['v' - 'a'] = SIPOFF_H_VIA + 1,
};

struct sipoff_hname {
	u8 len;
	u8 id;
	char name[19];
};

#define SIPOFF_HHASH(len, first, last)	(((len) + (first) * 7 + (last)) & 63)

static const struct sipoff_hname sipoff_hdr_table[64] = {
	[2] = { 13, SIPOFF_H_PROXY_REQUIRE, "proxy-require" },
	[8] = { 5, SIPOFF_H_ROUTE, "route" },
	[9] = { 9, SIPOFF_H_REFER_SUB, "refer-sub" },
	[10] = { 7, SIPOFF_H_REQUIRE, "require" },
	[13] = { 4, SIPOFF_H_RACK, "rack" },
	[15] = { 12, SIPOFF_H_RECORD_ROUTE, "record-route" },
	[18] = { 9, SIPOFF_H_SUPPORTED, "supported" },
	[19] = { 4, SIPOFF_H_RSEQ, "rseq" },
	[28] = { 18, SIPOFF_H_SUB_STATE, "subscription-state" },
	[29] = { 2, SIPOFF_H_TO, "to" },
	[30] = { 3, SIPOFF_H_VIA, "via" },
	[32] = { 7, SIPOFF_H_CALL_ID, "call-id" },
	[37] = { 9, SIPOFF_H_TIMESTAMP, "timestamp" },
	[38] = { 12, SIPOFF_H_CONTENT_TYPE, "content-type" },
	[42] = { 4, SIPOFF_H_CSEQ, "cseq" },
	[43] = { 14, SIPOFF_H_CONTENT_LENGTH, "content-length" },
	[48] = { 7, SIPOFF_H_CONTACT, "contact" },
	[58] = { 12, SIPOFF_H_MAX_FORWARDS, "max-forwards" },
	[59] = { 4, SIPOFF_H_FROM, "from" },
	[60] = { 5, SIPOFF_H_EVENT, "event" },
	[61] = { 7, SIPOFF_H_EXPIRES, "expires" },
};

static u8 sipoff_hdr_lookup(const u8 *n, u32 len)
{
	const struct sipoff_hname *h;
	u32 i;

	if (len == 1) {
		u8 c = sipoff_lc(n[0]);

		if (c >= 'a' && c <= 'z' && sipoff_hdr_compact[c - 'a'])
			return sipoff_hdr_compact[c - 'a'] - 1;
		return SIPOFF_H_NONE;
	}
	if (len > 18)
		return SIPOFF_H_NONE;
	h = &sipoff_hdr_table[SIPOFF_HHASH(len, sipoff_lc(n[0]), sipoff_lc(n[len - 1]))];
	if (h->len != len)
		return SIPOFF_H_NONE;
	/* n is a token: c | 0x20 lower-cases letters and maps no other token byte to one */
	for (i = 0; i < len; i++)
		if ((n[i] | 0x20) != (u8)h->name[i])
			return SIPOFF_H_NONE;
	return h->id;
}

/*
 * The usual spellings ("Via:", "Call-ID:", "l:" ...) recognised without the byte-wise name
 * scan and hash; p has at least 24 readable bytes.  Returns the value start (after the
 * colon) with *id set, or NULL to take the general path (any other spelling or header).
 */
static inline u32 sipoff_hc(const u8 *p, const char *lit, u32 n, u8 h, u8 *id)
{
	if (__builtin_memcmp(p, lit, n))
		return 0;
	*id = h;
	return n;
}

#define SIPOFF_HC(lit, h)	sipoff_hc(p, lit, sizeof(lit) - 1, h, id)

static inline const u8 *sipoff_hdr_canonical(const u8 *p, u8 *id)
{
	u32 n = 0;

	if (p[1] == ':') {
		u8 c = p[0] | 0x20;

		if (c >= 'a' && c <= 'z' && sipoff_hdr_compact[c - 'a']) {
			*id = sipoff_hdr_compact[c - 'a'] - 1;
			return p + 2;
		}
		return NULL;
	}
	switch (p[0]) {
	case 'V':
		n = SIPOFF_HC("Via:", SIPOFF_H_VIA);
		break;
	case 'F':
		n = SIPOFF_HC("From:", SIPOFF_H_FROM);
		break;
	case 'T':
		n = SIPOFF_HC("To:", SIPOFF_H_TO) ?:
		    SIPOFF_HC("Timestamp:", SIPOFF_H_TIMESTAMP);
		break;
	case 'C':
		n = SIPOFF_HC("Call-ID:", SIPOFF_H_CALL_ID) ?:
		    SIPOFF_HC("CSeq:", SIPOFF_H_CSEQ) ?:
		    SIPOFF_HC("Contact:", SIPOFF_H_CONTACT) ?:
		    SIPOFF_HC("Content-Length:", SIPOFF_H_CONTENT_LENGTH) ?:
		    SIPOFF_HC("Content-Type:", SIPOFF_H_CONTENT_TYPE);
		break;
	case 'M':
		n = SIPOFF_HC("Max-Forwards:", SIPOFF_H_MAX_FORWARDS);
		break;
	case 'R':
		n = SIPOFF_HC("Route:", SIPOFF_H_ROUTE) ?:
		    SIPOFF_HC("Record-Route:", SIPOFF_H_RECORD_ROUTE) ?:
		    SIPOFF_HC("Require:", SIPOFF_H_REQUIRE) ?:
		    SIPOFF_HC("RSeq:", SIPOFF_H_RSEQ) ?:
		    SIPOFF_HC("RAck:", SIPOFF_H_RACK);
		break;
	case 'E':
		n = SIPOFF_HC("Event:", SIPOFF_H_EVENT) ?:
		    SIPOFF_HC("Expires:", SIPOFF_H_EXPIRES);
		break;
	case 'S':
		n = SIPOFF_HC("Supported:", SIPOFF_H_SUPPORTED) ?:
		    SIPOFF_HC("Subscription-State:", SIPOFF_H_SUB_STATE);
		break;
	}
	return n ? p + n : NULL;
}

/* Headers that may appear once (Content-Length: repeated with equal values is checked apart). */
#define SIPOFF_H_SINGLE	(SIPOFF_HBIT(SIPOFF_H_FROM) | SIPOFF_HBIT(SIPOFF_H_TO) | \
			 SIPOFF_HBIT(SIPOFF_H_CALL_ID) | SIPOFF_HBIT(SIPOFF_H_CSEQ) | \
			 SIPOFF_HBIT(SIPOFF_H_MAX_FORWARDS) | SIPOFF_HBIT(SIPOFF_H_CONTENT_TYPE) | \
			 SIPOFF_HBIT(SIPOFF_H_EVENT) | SIPOFF_HBIT(SIPOFF_H_SUB_STATE) | \
			 SIPOFF_HBIT(SIPOFF_H_EXPIRES) | SIPOFF_HBIT(SIPOFF_H_REFER_SUB) | \
			 SIPOFF_HBIT(SIPOFF_H_RSEQ) | SIPOFF_HBIT(SIPOFF_H_RACK) | \
			 SIPOFF_HBIT(SIPOFF_H_TIMESTAMP))

static inline enum sipoff_parse_err sipoff_header(struct sipoff_pctx *c, u8 id, const u8 *p, const u8 *e)
{
	struct sipoff_msg *m = c->m;
	u32 v;
	int r;

	if (m->present & SIPOFF_HBIT(id) & SIPOFF_H_SINGLE)
		return SIPOFF_PERR_DUP_HEADER;
	switch (id) {
	case SIPOFF_H_VIA:
		return sipoff_hdr_via(c, p, e);
	case SIPOFF_H_FROM:
		return sipoff_hdr_fromto(c, p, e, &m->from, SIPOFF_PERR_BAD_FROM);
	case SIPOFF_H_TO:
		return sipoff_hdr_fromto(c, p, e, &m->to, SIPOFF_PERR_BAD_TO);
	case SIPOFF_H_CALL_ID:
		return sipoff_hdr_callid(c, p, e);
	case SIPOFF_H_CSEQ:
		return sipoff_hdr_cseq(c, p, e);
	case SIPOFF_H_MAX_FORWARDS:
		if (sipoff_u32_value(p, e, &v) || v > 255)
			return SIPOFF_PERR_BAD_MAX_FORWARDS;
		m->max_forwards = (u8)v;
		return SIPOFF_PERR_OK;
	case SIPOFF_H_CONTENT_LENGTH:
		return sipoff_hdr_clen(c, p, e);
	case SIPOFF_H_CONTENT_TYPE:
		return sipoff_hdr_ctype(c, p, e);
	case SIPOFF_H_CONTACT:
		return sipoff_hdr_contact(c, p, e);
	case SIPOFF_H_ROUTE:
		if (!sipoff_addr_list(c, p, e, SIPOFF_AM_ROUTE, m->route, c->cap_route,
				      &m->n_route, &m->n_route_total, SIPOFF_MF_ROUTE_TRUNC))
			return SIPOFF_PERR_BAD_ROUTE;
		return SIPOFF_PERR_OK;
	case SIPOFF_H_RECORD_ROUTE:
		if (!sipoff_addr_list(c, p, e, SIPOFF_AM_ROUTE, m->rr, c->cap_route,
				      &m->n_rr, &m->n_rr_total, SIPOFF_MF_RR_TRUNC))
			return SIPOFF_PERR_BAD_RECORD_ROUTE;
		return SIPOFF_PERR_OK;
	case SIPOFF_H_EVENT:
		return sipoff_hdr_event(c, p, e);
	case SIPOFF_H_SUB_STATE:
		return sipoff_hdr_substate(c, p, e);
	case SIPOFF_H_EXPIRES:
		r = sipoff_u32_value(p, e, &m->expires);
		if (r < 0)
			return SIPOFF_PERR_BAD_EXPIRES;
		if (r > 0)
			m->flags |= SIPOFF_MF_EXPIRES_CLAMPED;
		return SIPOFF_PERR_OK;
	case SIPOFF_H_REQUIRE:
		return sipoff_hdr_tags(c, p, e, SIPOFF_MF_REQUIRE_100REL, false);
	case SIPOFF_H_PROXY_REQUIRE:
		return sipoff_hdr_tags(c, p, e, SIPOFF_MF_PROXY_REQUIRE_100REL, false);
	case SIPOFF_H_SUPPORTED:
		return sipoff_hdr_tags(c, p, e, SIPOFF_MF_SUPPORTED_100REL, true);
	case SIPOFF_H_REFER_SUB:
		return sipoff_hdr_refersub(c, p, e);
	case SIPOFF_H_RSEQ:
		if (sipoff_u32_value(p, e, &m->rseq))
			return SIPOFF_PERR_BAD_RSEQ;
		return SIPOFF_PERR_OK;
	case SIPOFF_H_RACK:
		return sipoff_hdr_rack(c, p, e);
	case SIPOFF_H_TIMESTAMP:
		return sipoff_hdr_timestamp(c, p, e);
	}
	return SIPOFF_PERR_OK;
}

/* "SIP/" 1*DIGIT "." 1*DIGIT at [s, e): 0 = SIP/2.0, 1 = another version, -1 = not one */
static int sipoff_version(const u8 *s, const u8 *e)
{
	const u8 *p;

	if (e - s == 7 && !memcmp(s, "SIP/2.0", 7))
		return 0;
	if (e - s < 7 || memcmp(s, "SIP/", 4))
		return -1;
	p = sipoff_skip(s + 4, e, SIPOFF_CC_DIGIT);
	if (p == s + 4 || p >= e || *p != '.')
		return -1;
	s = p + 1;
	p = sipoff_skip(s, e, SIPOFF_CC_DIGIT);
	return (p != s && p == e) ? 1 : -1;
}

static enum sipoff_parse_err sipoff_status_line(struct sipoff_msg *m, const u8 *b, const u8 *le)
{
	const u8 *p = b, *s;
	u32 code;
	int r;

	for (s = b; s < le && *s != ' '; s++)
		;
	r = sipoff_version(b, s);
	if (r)
		return r > 0 ? SIPOFF_PERR_BAD_VERSION : SIPOFF_PERR_BAD_START_LINE;
	if (s >= le)
		return SIPOFF_PERR_BAD_START_LINE;
	p = s + 1;
	s = sipoff_skip(p, le, SIPOFF_CC_DIGIT);
	if (s - p != 3 || (s < le && *s != ' '))
		return SIPOFF_PERR_BAD_STATUS_CODE;
	code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	if (code < 100 || code > 699)
		return SIPOFF_PERR_BAD_STATUS_CODE;
	/* the SP before the (possibly empty) reason is not optional (noreason has it) */
	if (s >= le)
		return SIPOFF_PERR_BAD_START_LINE;
	m->status = (u16)code;
	p = s + 1;
	for (s = p; s < le; s++)
		if (sipoff_cc_is(*s, SIPOFF_CC_CTL))
			return SIPOFF_PERR_BAD_REASON;
	m->reason = sipoff_mkspan(b, p, le);
	return SIPOFF_PERR_OK;
}

static enum sipoff_parse_err sipoff_request_line(struct sipoff_msg *m, const u8 *b, const u8 *le)
{
	const u8 *p, *ms, *us, *ue;
	int r;

	p = sipoff_skip(b, le, SIPOFF_CC_TOKEN);
	if (p == b || p >= le || *p != ' ')
		return SIPOFF_PERR_BAD_START_LINE;
	ms = p;
	if (le[-1] == ' ' || le[-1] == '\t')
		return SIPOFF_PERR_BAD_START_LINE;
	for (ue = le - 1; *ue != ' '; ue--)
		;
	us = ms + 1;
	if (ue <= us || *us == ' ' || ue[-1] == ' ')
		return SIPOFF_PERR_BAD_START_LINE;
	r = sipoff_version(ue + 1, le);
	if (r)
		return r > 0 ? SIPOFF_PERR_BAD_VERSION : SIPOFF_PERR_BAD_START_LINE;
	/* one pass in the common case: no '?' at all */
	p = sipoff_skip(us, ue, SIPOFF_CC_URI_NQ);
	if (p != ue && (sipoff_skip(p, ue, SIPOFF_CC_URI) != ue ||
			sipoff_sip_uri_has_headers(us, ue)))
		return SIPOFF_PERR_BAD_RURI;
	if (!sipoff_uri_scheme_ok(us, ue))
		return SIPOFF_PERR_BAD_RURI;
	m->flags |= SIPOFF_MF_REQUEST;
	m->method_tok = sipoff_mkspan(b, b, ms);
	m->method = (u8)sipoff_method_lookup(b, (u32)(ms - b));
	m->ruri = sipoff_mkspan(b, us, ue);
	return SIPOFF_PERR_OK;
}

/**
 * sipoff_classify() - keep-alive, STUN or (maybe) SIP, from the first bytes.
 * @buf: the UDP payload
 * @len: its length
 *
 * Return: %SIPOFF_PKT_KEEPALIVE for an empty payload or one of only CR and LF bytes
 * (RFC 5626), %SIPOFF_PKT_STUN for a STUN message (first byte 0 or 1, magic cookie
 * 0x2112A442 at offset 4, at least 20 bytes), %SIPOFF_PKT_SIP otherwise.
 */
enum sipoff_pkt_kind sipoff_classify(const u8 *buf, u32 len)
{
	u32 i;

	if (!len)
		return SIPOFF_PKT_KEEPALIVE;
	if (buf[0] <= 1) {
		if (len >= 20 && buf[4] == 0x21 && buf[5] == 0x12 && buf[6] == 0xa4 &&
		    buf[7] == 0x42)
			return SIPOFF_PKT_STUN;
		return SIPOFF_PKT_SIP;
	}
	if (buf[0] != '\r' && buf[0] != '\n')
		return SIPOFF_PKT_SIP;
	for (i = 1; i < len; i++)
		if (buf[i] != '\r' && buf[i] != '\n')
			return SIPOFF_PKT_SIP;
	return SIPOFF_PKT_KEEPALIVE;
}
SIPOFF_EXPORT(sipoff_classify);

/**
 * sipoff_is_keepalive() - whether a payload is a keep-alive or STUN, to pass untouched.
 * @buf: the UDP payload
 * @len: its length
 *
 * Return: true for CR/LF keep-alives and STUN messages.
 */
bool sipoff_is_keepalive(const u8 *buf, u32 len)
{
	return sipoff_classify(buf, len) != SIPOFF_PKT_SIP;
}
SIPOFF_EXPORT(sipoff_is_keepalive);

/**
 * sipoff_parse() - parse one SIP message from a UDP datagram.
 * @buf: the datagram's payload (linear)
 * @len: its length
 * @cap: the most values to index per list (Via, Route, Record-Route, Contact); 0 or a
 *       larger value means the array sizes of struct sipoff_msg.  Values past the cap are
 *       checked and counted (n_*_total) and the list is flagged (SIPOFF_MF_*_TRUNC).
 * @m: the message index to fill (fixed size, caller-provided; need not be initialised)
 *
 * The buffer is only read, never past @len.  Bytes after the body (as framed by
 * Content-Length) are ignored and counted in @m->tail.
 *
 * Return: %SIPOFF_PERR_OK, %SIPOFF_PERR_KEEPALIVE or %SIPOFF_PERR_STUN (not errors), or the
 * reason the message was rejected (@m->err_off and @m->err_hdr say where).
 */
enum sipoff_parse_err sipoff_parse(const u8 *buf, u32 len, u32 cap, struct sipoff_msg *m)
{
	const u8 *e = buf + len, *p, *lf, *le, *ns, *vs, *ve;
	struct sipoff_pctx c;
	enum sipoff_parse_err err;
	u8 id;

	memset(m, 0, offsetof(struct sipoff_msg, via));
	m->err_hdr = SIPOFF_H_NONE;
	if (unlikely(len > SIPOFF_MAX_MSG_LEN))
		return SIPOFF_PERR_TOO_LONG;
	switch (sipoff_classify(buf, len)) {
	case SIPOFF_PKT_KEEPALIVE:
		return SIPOFF_PERR_KEEPALIVE;
	case SIPOFF_PKT_STUN:
		return SIPOFF_PERR_STUN;
	default:
		break;
	}
	c.b = buf;
	c.m = m;
	if (!cap)
		cap = 0xffff;
	c.cap_via = (u16)(cap < SIPOFF_MAX_VIA ? cap : SIPOFF_MAX_VIA);
	c.cap_route = (u16)(cap < SIPOFF_MAX_ROUTE ? cap : SIPOFF_MAX_ROUTE);
	c.cap_contact = (u16)(cap < SIPOFF_MAX_CONTACT ? cap : SIPOFF_MAX_CONTACT);

	/* start line */
	lf = sipoff_find_lf(buf, e);
	if (!lf)
		return SIPOFF_PERR_TRUNCATED;
	le = lf;
	if (le > buf && le[-1] == '\r')
		le--;
	else
		m->flags |= SIPOFF_MF_BARE_LF;
	if (le - buf >= 4 && !memcmp(buf, "SIP/", 4))
		err = sipoff_status_line(m, buf, le);
	else
		err = sipoff_request_line(m, buf, le);
	if (err)
		return err;

	/* header section */
	p = lf + 1;
	m->headers.off = (u16)(p - buf);
	for (;;) {
		if (unlikely(p >= e)) {
			m->err_off = (u16)(p - buf);
			return SIPOFF_PERR_TRUNCATED;
		}
		if (*p == '\r') {
			if (e - p >= 2 && p[1] == '\n') {
				p += 2;
				break;
			}
			m->err_off = (u16)(p - buf);
			return SIPOFF_PERR_BAD_HEADER;
		}
		if (*p == '\n') {
			m->flags |= SIPOFF_MF_BARE_LF;
			p++;
			break;
		}
		ns = p;
		vs = e - p >= 24 ? sipoff_hdr_canonical(p, &id) : NULL;
		if (!vs) {
			p = sipoff_skip(p, e, SIPOFF_CC_TOKEN);
			if (unlikely(p == ns)) {
				m->err_off = (u16)(ns - buf);
				return SIPOFF_PERR_BAD_HEADER;
			}
			id = sipoff_hdr_lookup(ns, (u32)(p - ns));
			while (p < e && (*p == ' ' || *p == '\t'))
				p++;
			if (unlikely(p >= e || *p != ':')) {
				m->err_off = (u16)(ns - buf);
				return p >= e ? SIPOFF_PERR_TRUNCATED : SIPOFF_PERR_BAD_HEADER;
			}
			vs = ++p;
		}
		p = vs;
		for (;;) {
			lf = sipoff_find_lf(p, e);
			if (unlikely(!lf)) {
				m->err_off = (u16)(ns - buf);
				return SIPOFF_PERR_TRUNCATED;
			}
			if (e - lf >= 2 && (lf[1] == ' ' || lf[1] == '\t')) {
				p = lf + 1;
				continue;
			}
			break;
		}
		ve = lf;
		if (ve > vs && ve[-1] == '\r')
			ve--;
		else
			m->flags |= SIPOFF_MF_BARE_LF;
		p = lf + 1;
		if (id == SIPOFF_H_NONE)
			continue;
		err = sipoff_header(&c, id, vs, ve);
		if (unlikely(err)) {
			m->err_off = (u16)(ns - buf);
			m->err_hdr = id;
			return err;
		}
		m->present |= SIPOFF_HBIT(id);
	}
	m->headers.len = (u16)(p - buf - m->headers.off);

	/* framing (RFC 3261 18.3) and message-level checks */
	m->err_off = (u16)(p - buf);
	m->missing = SIPOFF_H_MANDATORY & ~m->present;
	if (m->missing)
		return SIPOFF_PERR_MISSING_HEADER;
	if (m->flags & SIPOFF_MF_REQUEST) {
		if (m->cseq_method != m->method ||
		    (m->method == SIPOFF_M_UNKNOWN &&
		     (m->cseq_method_tok.len != m->method_tok.len ||
		      memcmp(buf + m->cseq_method_tok.off, buf + m->method_tok.off,
			     m->method_tok.len))))
			return SIPOFF_PERR_CSEQ_METHOD;
	} else {
		m->method = m->cseq_method;
	}
	if (m->present & SIPOFF_HBIT(SIPOFF_H_CONTENT_LENGTH)) {
		if (m->content_length > (u32)(e - p))
			return SIPOFF_PERR_CLEN_OVERRUN;
		m->body = sipoff_mkspan(buf, p, p + m->content_length);
		m->tail = (u16)(e - p - m->content_length);
		if (m->tail)
			m->flags |= SIPOFF_MF_EXCESS;
	} else {
		m->flags |= SIPOFF_MF_CLEN_ABSENT;
		m->body = sipoff_mkspan(buf, p, e);
	}
	m->len = (u16)(len - m->tail);
	m->err_off = 0;
	return SIPOFF_PERR_OK;
}
SIPOFF_EXPORT(sipoff_parse);
