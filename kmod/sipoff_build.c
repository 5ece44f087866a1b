// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_build.c - the SIP messages the kernel writes itself, from the parser's index of the
 * messages they answer.  Plain C (no kernel calls): built into sipoff.ko and the unit tests.
 */
#include "sipoff_build.h"

struct sipoff_bw {
	u8 *p;
	u32 len;
	u32 cap;
	bool overflow;
};

static void bw_put(struct sipoff_bw *w, const void *s, u32 n)
{
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return;
	}
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

static void bw_str(struct sipoff_bw *w, const char *s)
{
	bw_put(w, s, strlen(s));
}

static void bw_span(struct sipoff_bw *w, const u8 *buf, struct sipoff_span s)
{
	bw_put(w, buf + s.off, s.len);
}

static void bw_u32(struct sipoff_bw *w, u32 v)
{
	char d[10];
	int i = 0;

	do {
		d[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (i--)
		bw_put(w, &d[i], 1);
}

/* "Name: value\r\n" */
static void bw_hdr(struct sipoff_bw *w, const char *name, const u8 *buf, struct sipoff_span s)
{
	bw_str(w, name);
	bw_str(w, ": ");
	bw_span(w, buf, s);
	bw_str(w, "\r\n");
}

/*
 * The head of a response the kernel writes for request @m (8.2.6): @status, then Via (all of
 * them), From, To (with ;tag=@tag when @tag_len), Call-ID, CSeq and Timestamp, copied.
 */
static void bw_resp_head(struct sipoff_bw *w, const char *status, const u8 *req,
			 const struct sipoff_msg *m, const u8 *tag, u32 tag_len)
{
	u32 i;

	bw_str(w, status);
	for (i = 0; i < m->n_via; i++)
		bw_hdr(w, "Via", req, m->via[i].value);
	bw_hdr(w, "From", req, m->from.value);
	if (tag_len) {
		bw_str(w, "To: ");
		bw_span(w, req, m->to.value);
		bw_str(w, ";tag=");
		bw_put(w, tag, tag_len);
		bw_str(w, "\r\n");
	} else {
		bw_hdr(w, "To", req, m->to.value);
	}
	bw_hdr(w, "Call-ID", req, m->call_id);
	bw_str(w, "CSeq: ");
	bw_u32(w, m->cseq);
	bw_str(w, " ");
	bw_span(w, req, m->cseq_method_tok);
	bw_str(w, "\r\n");
	if (sipoff_msg_has(m, SIPOFF_H_TIMESTAMP))
		bw_hdr(w, "Timestamp", req, m->timestamp);
}

/**
 * sipoff_build_100() - write a 100 Trying for a request (RFC 3261 8.2.6.1)
 * @req: the request's bytes
 * @m: its parsed index
 * @out: where to write
 * @cap: room at @out
 *
 * Via (all of them), From, To (no tag is added), Call-ID, CSeq and Timestamp are copied.
 *
 * Return: the message's length, or 0 when it cannot be built faithfully (a Via list cut
 * short by the parser's cap, or no room).
 */
u32 sipoff_build_100(const u8 *req, const struct sipoff_msg *m, u8 *out, u32 cap)
{
	struct sipoff_bw w = { .p = out, .cap = cap };

	if (!sipoff_msg_is_request(m) || (m->flags & SIPOFF_MF_VIA_TRUNC) || !m->n_via)
		return 0;
	bw_resp_head(&w, "SIP/2.0 100 Trying\r\n", req, m, NULL, 0);
	bw_str(&w, "Content-Length: 0\r\n\r\n");
	return w.overflow ? 0 : w.len;
}
SIPOFF_EXPORT(sipoff_build_100);

/**
 * sipoff_build_ack() - write the ACK of a non-2xx final response (RFC 3261 17.1.1.3)
 * @inv: the INVITE's bytes
 * @im: its parsed index
 * @resp: the response's bytes
 * @rm: its parsed index
 * @out: where to write
 * @cap: room at @out
 *
 * The INVITE's Request-URI, top Via, From, Call-ID and Route set; the response's To; the
 * INVITE's CSeq number with the method ACK.
 *
 * Return: the message's length, or 0 when it cannot be built faithfully (a Route list cut
 * short by the parser's cap, or no room).
 */
u32 sipoff_build_ack(const u8 *inv, const struct sipoff_msg *im, const u8 *resp,
		     const struct sipoff_msg *rm, u8 *out, u32 cap)
{
	struct sipoff_bw w = { .p = out, .cap = cap };
	u32 i;

	if (!sipoff_msg_is_request(im) || im->method != SIPOFF_M_INVITE || !im->n_via ||
	    (im->flags & SIPOFF_MF_ROUTE_TRUNC) || sipoff_msg_is_request(rm))
		return 0;
	bw_str(&w, "ACK ");
	bw_span(&w, inv, im->ruri);
	bw_str(&w, " SIP/2.0\r\n");
	bw_hdr(&w, "Via", inv, im->via[0].value);
	bw_str(&w, "Max-Forwards: 70\r\n");
	bw_hdr(&w, "From", inv, im->from.value);
	bw_hdr(&w, "To", resp, rm->to.value);
	bw_hdr(&w, "Call-ID", inv, im->call_id);
	bw_str(&w, "CSeq: ");
	bw_u32(&w, im->cseq);
	bw_str(&w, " ACK\r\n");
	for (i = 0; i < im->n_route; i++)
		bw_hdr(&w, "Route", inv, im->route[i].value);
	bw_str(&w, "Content-Length: 0\r\n\r\n");
	return w.overflow ? 0 : w.len;
}
SIPOFF_EXPORT(sipoff_build_ack);

/**
 * sipoff_build_cancel() - write the CANCEL of an INVITE (RFC 3261 9.1)
 * @inv: the INVITE's bytes
 * @im: its parsed index
 * @out: where to write
 * @cap: room at @out
 *
 * The INVITE's Request-URI, top Via (same branch), From, To, Call-ID and Route set; its CSeq
 * number with the method CANCEL.
 *
 * Return: the message's length, or 0 when it cannot be built faithfully (a Route list cut
 * short by the parser's cap, or no room).
 */
u32 sipoff_build_cancel(const u8 *inv, const struct sipoff_msg *im, u8 *out, u32 cap)
{
	struct sipoff_bw w = { .p = out, .cap = cap };
	u32 i;

	if (!sipoff_msg_is_request(im) || im->method != SIPOFF_M_INVITE || !im->n_via ||
	    (im->flags & SIPOFF_MF_ROUTE_TRUNC))
		return 0;
	bw_str(&w, "CANCEL ");
	bw_span(&w, inv, im->ruri);
	bw_str(&w, " SIP/2.0\r\n");
	bw_hdr(&w, "Via", inv, im->via[0].value);
	bw_str(&w, "Max-Forwards: 70\r\n");
	bw_hdr(&w, "From", inv, im->from.value);
	bw_hdr(&w, "To", inv, im->to.value);
	bw_hdr(&w, "Call-ID", inv, im->call_id);
	bw_str(&w, "CSeq: ");
	bw_u32(&w, im->cseq);
	bw_str(&w, " CANCEL\r\n");
	for (i = 0; i < im->n_route; i++)
		bw_hdr(&w, "Route", inv, im->route[i].value);
	bw_str(&w, "Content-Length: 0\r\n\r\n");
	return w.overflow ? 0 : w.len;
}
SIPOFF_EXPORT(sipoff_build_cancel);

/**
 * sipoff_build_503() - write a 503 Service Unavailable for a request (overload, RFC 3261
 *	8.2.6 and 21.5.4)
 * @req: the request's bytes
 * @m: its parsed index
 * @tag: the To tag to add (8.2.6.2: a final response to a request without one carries one)
 * @tag_len: its length
 * @retry_after: the Retry-After value in seconds (20.33)
 * @out: where to write
 * @cap: room at @out
 *
 * Built like the 100 Trying: Via (all of them), From, To (with @tag), Call-ID, CSeq and
 * Timestamp are copied.
 *
 * Return: the message's length, or 0 when it cannot be built faithfully (a Via list cut
 * short by the parser's cap, a To tag already present, or no room).
 */
u32 sipoff_build_503(const u8 *req, const struct sipoff_msg *m, const u8 *tag, u32 tag_len,
		     u32 retry_after, u8 *out, u32 cap)
{
	struct sipoff_bw w = { .p = out, .cap = cap };

	if (!sipoff_msg_is_request(m) || (m->flags & SIPOFF_MF_VIA_TRUNC) || !m->n_via ||
	    m->to.tag.len || !tag_len)
		return 0;
	bw_resp_head(&w, "SIP/2.0 503 Service Unavailable\r\n", req, m, tag, tag_len);
	bw_str(&w, "Retry-After: ");
	bw_u32(&w, retry_after);
	bw_str(&w, "\r\nContent-Length: 0\r\n\r\n");
	return w.overflow ? 0 : w.len;
}
SIPOFF_EXPORT(sipoff_build_503);
