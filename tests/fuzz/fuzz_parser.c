// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_parser.c - libFuzzer harness for the SIP parser (clang -fsanitize=fuzzer,address,undefined).
 * libFuzzer hands over an exact-size buffer, so ASan catches any read past the datagram; on
 * top of that every accepted message must satisfy the index invariants below (a violation
 * aborts, and libFuzzer keeps the input).
 *
 * Seeds: tests/fuzz/corpus_parser/; kept crashers: tests/fuzz/regress_parser/ (replayed by
 * `make parser-fuzz-regress` and by `make fuzz`).
 */
#include <stdint.h>
#include <stdlib.h>
#include "sipoff_parser.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static void check_span(struct sipoff_span s, size_t size)
{
	CHECK((size_t)s.off + s.len <= size);
}

static void check_msg(const struct sipoff_msg *m, size_t size, u32 cap)
{
	u32 i;

	CHECK((size_t)m->len + m->tail == size);
	check_span(m->body, size);
	check_span(m->headers, size);
	CHECK((size_t)m->body.off + m->body.len == m->len);
	CHECK(m->headers.off + m->headers.len == m->body.off);
	check_span(m->method_tok, size);
	check_span(m->ruri, size);
	check_span(m->reason, size);
	check_span(m->call_id, size);
	CHECK(m->call_id.len > 0);
	check_span(m->from.value, size);
	check_span(m->from.uri, size);
	check_span(m->from.tag, size);
	check_span(m->to.value, size);
	check_span(m->to.uri, size);
	check_span(m->to.tag, size);
	CHECK(m->from.uri.len > 0 && m->to.uri.len > 0);
	check_span(m->content_type, size);
	check_span(m->timestamp, size);
	CHECK(m->n_via >= 1 && m->n_via <= SIPOFF_MAX_VIA && m->n_via <= cap);
	CHECK(m->n_via_total >= m->n_via);
	CHECK(m->n_route <= SIPOFF_MAX_ROUTE && m->n_route_total >= m->n_route);
	CHECK(m->n_rr <= SIPOFF_MAX_ROUTE && m->n_rr_total >= m->n_rr);
	CHECK(m->n_contact <= SIPOFF_MAX_CONTACT && m->n_contact_total >= m->n_contact);
	CHECK(!(m->n_via_total > m->n_via) == !(m->flags & SIPOFF_MF_VIA_TRUNC));
	for (i = 0; i < m->n_via; i++) {
		const struct sipoff_via *v = &m->via[i];

		check_span(v->value, size);
		check_span(v->host, size);
		check_span(v->transport, size);
		check_span(v->branch, size);
		check_span(v->received, size);
		CHECK(v->host.len > 0 && v->transport.len > 0);
		CHECK(v->host.off >= v->value.off &&
		      v->host.off + v->host.len <= v->value.off + v->value.len);
	}
	for (i = 0; i < m->n_route; i++) {
		check_span(m->route[i].value, size);
		check_span(m->route[i].uri, size);
	}
	for (i = 0; i < m->n_rr; i++)
		check_span(m->rr[i].uri, size);
	for (i = 0; i < m->n_contact; i++)
		check_span(m->contact[i].uri, size);
	if (m->flags & SIPOFF_MF_REQUEST) {
		CHECK(m->status == 0 && m->ruri.len > 0 && m->method_tok.len > 0);
		CHECK(m->method == m->cseq_method);
	} else {
		CHECK(m->status >= 100 && m->status <= 699);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 caps[] = { 0, 1, 3 };
	struct sipoff_msg m;
	enum sipoff_parse_err first = SIPOFF_PERR_COUNT;
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		enum sipoff_parse_err e = sipoff_parse(data, (u32)size, caps[i], &m);

		CHECK((u32)e < SIPOFF_PERR_COUNT);
		CHECK(sipoff_parse_err_name(e) != NULL);
		/* the verdict does not depend on the cap */
		if (i == 0)
			first = e;
		CHECK(e == first);
		if (e == SIPOFF_PERR_OK)
			check_msg(&m, size, caps[i] ? caps[i] : 0xffff);
		if (e == SIPOFF_PERR_KEEPALIVE || e == SIPOFF_PERR_STUN)
			CHECK(sipoff_is_keepalive(data, (u32)size));
	}
	return 0;
}
