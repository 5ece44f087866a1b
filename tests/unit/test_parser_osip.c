// SPDX-License-Identifier: GPL-2.0
/*
 * test_parser_osip.c - differential check of the fields sipoff extracts against libosip2's
 * osip_message_parse(), on every RFC 4475 message and inline case that both accept: Call-ID,
 * CSeq number and method, status code, request method, top Via branch and sent-by host, From
 * and To tags, number of Vias and Contacts.  (Where the two disagree on *whether* a message is
 * acceptable, docs/parser-verdicts.md gives sipoff's reasons; that is only logged here.)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>
#include "kselftest_harness.h"
#include "sipoff_parser.h"
#include "sipoff_parser_cases.h"
#include "sipoff_parser_corpus.h"

static void null_trace(const char *fi, int li, osip_trace_level_t level, const char *chfr,
		       va_list ap)
{
}

static bool span_is(const u8 *buf, struct sipoff_span s, const char *str)
{
	if (!str)
		return s.len == 0;
	return strlen(str) == s.len && !memcmp(buf + s.off, str, s.len);
}

/* Returns the number of field mismatches (logged), or -1 when not both accept. */
static int compare(struct __test_metadata *_metadata, const char *name, const u8 *buf, u32 len)
{
	struct sipoff_msg m;
	osip_message_t *o;
	osip_generic_param_t *gp;
	osip_via_t *v;
	char *cid = NULL;
	int bad = 0, e, oe;

	e = sipoff_parse(buf, len, 0, &m);
	osip_message_init(&o);
	oe = osip_message_parse(o, (const char *)buf, len);
	if (e != SIPOFF_PERR_OK || oe != 0) {
		if ((e == SIPOFF_PERR_OK) != (oe == 0))
			TH_LOG("%s: verdicts differ: sipoff %s, osip %d", name,
			       sipoff_parse_err_name(e), oe);
		osip_message_free(o);
		return -1;
	}
#define MISMATCH(what) do { bad++; TH_LOG("%s: %s differs", name, what); } while (0)
	if (o->call_id && !osip_call_id_to_str(o->call_id, &cid)) {
		if (!span_is(buf, m.call_id, cid))
			MISMATCH("Call-ID");
		osip_free(cid);
	}
	if (!o->cseq || strtoul(o->cseq->number, NULL, 10) != m.cseq)
		MISMATCH("CSeq number");
	if (!o->cseq || !span_is(buf, m.cseq_method_tok, o->cseq->method))
		MISMATCH("CSeq method");
	if (MSG_IS_RESPONSE(o) ? o->status_code != m.status : m.status != 0)
		MISMATCH("status");
	if (MSG_IS_REQUEST(o) && !span_is(buf, m.method_tok, o->sip_method))
		MISMATCH("method");
	v = osip_list_get(&o->vias, 0);
	if (v) {
		gp = NULL;
		osip_via_param_get_byname(v, "branch", &gp);
		if (!span_is(buf, m.via[0].branch, gp ? gp->gvalue : NULL))
			MISMATCH("top branch");
		if (!span_is(buf, m.via[0].host, v->host))
			MISMATCH("top sent-by host");
	}
	if (osip_list_size(&o->vias) != m.n_via_total)
		MISMATCH("number of Vias");
	if (osip_list_size(&o->contacts) != m.n_contact_total &&
	    !(m.flags & SIPOFF_MF_CONTACT_STAR))
		MISMATCH("number of Contacts");
	gp = NULL;
	if (o->from)
		osip_from_get_tag(o->from, &gp);
	if (!span_is(buf, m.from.tag, gp ? gp->gvalue : NULL))
		MISMATCH("From tag");
	gp = NULL;
	if (o->to)
		osip_to_get_tag(o->to, &gp);
	if (!span_is(buf, m.to.tag, gp ? gp->gvalue : NULL))
		MISMATCH("To tag");
#undef MISMATCH
	osip_message_free(o);
	return bad;
}

FIXTURE(osip) {};
FIXTURE_SETUP(osip)
{
	int i;

	parser_init();
	osip_trace_initialize_func(END_TRACE_LEVEL, null_trace);
	for (i = 0; i < END_TRACE_LEVEL; i++)
		osip_trace_disable_level(i);
}
FIXTURE_TEARDOWN(osip) {}

TEST_F(osip, rfc4475_fields_agree)
{
	size_t i;
	int both = 0, r;

	for (i = 0; i < ARRAY_SIZE(sipoff_corpus_files); i++) {
		const struct sipoff_corpus_file *f = &sipoff_corpus_files[i];
		u8 *b = malloc(f->len);

		ASSERT_NE(NULL, b);
		memcpy(b, f->data, f->len);
		r = compare(_metadata, f->name, b, f->len);
		EXPECT_LE(r, 0);
		both += r == 0;
		free(b);
	}
	TH_LOG("%d RFC 4475 messages accepted by both", both);
	EXPECT_GE(both, 20);
}

TEST_F(osip, inline_cases_fields_agree)
{
	size_t i;
	int both = 0, r;

	for (i = 0; i < ARRAY_SIZE(sipoff_form_cases); i++) {
		const struct sipoff_pcase *pc = &sipoff_form_cases[i];
		u32 len = sipoff_pcase_len(pc);
		u8 *b = malloc(len ? len : 1);

		ASSERT_NE(NULL, b);
		memcpy(b, pc->data, len);
		r = compare(_metadata, pc->name, b, len);
		EXPECT_LE(r, 0);
		both += r == 0;
		free(b);
	}
	TH_LOG("%d inline cases accepted by both", both);
	EXPECT_GE(both, 20);
}

TEST_HARNESS_MAIN
