// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_parser_kunit.c - KUnit suite for the SIP parser, run inside the kernel against the
 * parser exported from sipoff.ko.  Same cases as the userspace tests
 * (tests/kunit/sipoff_parser_cases.h); the RFC 4475 .dat files are embedded at build time
 * (tests/kunit/parser.kbuild, gen_parser_corpus.sh).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "sipoff_parser.h"
#include "sipoff_parser_cases.h"

/* Generated from the corpus by tests/kunit/parser.kbuild. */
#include "sipoff_parser_corpus.h"

static const struct sipoff_corpus_file *sipoff_pk_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sipoff_corpus_files); i++)
		if (!strcmp(sipoff_corpus_files[i].name, name))
			return &sipoff_corpus_files[i];
	return NULL;
}

static void sipoff_pk_case_desc(const struct sipoff_pcase *pc, char *desc)
{
	strscpy(desc, pc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sipoff_pk_rfc4475, sipoff_rfc4475_cases, sipoff_pk_case_desc);
KUNIT_ARRAY_PARAM(sipoff_pk_form, sipoff_form_cases, sipoff_pk_case_desc);

/* Parse an exact-size heap copy (KASAN sees any read past the datagram) and check. */
static void sipoff_pk_check(struct kunit *test, const struct sipoff_pcase *pc, const u8 *data,
			    u32 len)
{
	struct sipoff_msg *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u8 *buf = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);
	const char *bad;
	int got;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memcpy(buf, data, len);
	bad = sipoff_pcase_run(pc, buf, len, m, &got);
	KUNIT_EXPECT_TRUE_MSG(test, !bad, "%s: %s mismatch (got %s, want %s, err_off %u)",
			      pc->name, bad ? bad : "", sipoff_parse_err_name(got),
			      sipoff_parse_err_name(pc->err), m->err_off);
}

static void sipoff_pk_rfc4475_test(struct kunit *test)
{
	const struct sipoff_pcase *pc = test->param_value;
	const struct sipoff_corpus_file *f;

	f = sipoff_pk_find(pc->name);
	KUNIT_ASSERT_NOT_NULL_MSG(test, f, "%s.dat not embedded", pc->name);
	sipoff_pk_check(test, pc, f->data, f->len);
}

static void sipoff_pk_form_test(struct kunit *test)
{
	const struct sipoff_pcase *pc = test->param_value;

	sipoff_pk_check(test, pc, (const u8 *)pc->data, sipoff_pcase_len(pc));
}

static void sipoff_pk_table_test(struct kunit *test)
{
	size_t i, j;
	int ok = 0;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(sipoff_rfc4475_cases), 49);
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(sipoff_corpus_files), 49);
	for (i = 0; i < ARRAY_SIZE(sipoff_corpus_files); i++) {
		int n = 0;

		for (j = 0; j < ARRAY_SIZE(sipoff_rfc4475_cases); j++)
			n += !strcmp(sipoff_rfc4475_cases[j].name, sipoff_corpus_files[i].name);
		KUNIT_EXPECT_EQ_MSG(test, n, 1, "%s", sipoff_corpus_files[i].name);
	}
	for (i = 0; i < ARRAY_SIZE(sipoff_rfc4475_cases); i++)
		ok += sipoff_rfc4475_cases[i].err == SIPOFF_PERR_OK;
	KUNIT_EXPECT_EQ(test, ok, 28);
}

#define SIPOFF_PK_BIG 70000

static void sipoff_pk_many_vias_test(struct kunit *test)
{
	struct sipoff_msg *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u8 *big = kunit_kmalloc(test, SIPOFF_PK_BIG, GFP_KERNEL);
	int lines;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, big);
	for (lines = 0; lines < 2; lines++) {
		u32 len = sipoff_pc_many_vias(big, SIPOFF_PK_BIG, 1000, lines);

		KUNIT_ASSERT_NE(test, len, 0);
		KUNIT_EXPECT_EQ(test, sipoff_parse(big, len, 0, m), SIPOFF_PERR_OK);
		KUNIT_EXPECT_EQ(test, m->n_via_total, 1000);
		KUNIT_EXPECT_EQ(test, m->n_via, SIPOFF_MAX_VIA);
		KUNIT_EXPECT_TRUE(test, m->flags & SIPOFF_MF_VIA_TRUNC);
	}
}

static void sipoff_pk_long_values_test(struct kunit *test)
{
	struct sipoff_msg *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u8 *big = kunit_kmalloc(test, SIPOFF_PK_BIG, GFP_KERNEL);
	int which;
	u32 len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, big);
	for (which = 0; which < 3; which++) {
		len = sipoff_pc_long_value(big, SIPOFF_PK_BIG, 8200, which);
		KUNIT_ASSERT_NE(test, len, 0);
		KUNIT_EXPECT_EQ(test, sipoff_parse(big, len, 0, m), SIPOFF_PERR_OK);
	}
	KUNIT_EXPECT_EQ(test, m->via[0].branch.len, 8207);
	len = sipoff_pc_long_value(big, SIPOFF_PK_BIG, 65536, 0);
	KUNIT_EXPECT_EQ(test, sipoff_parse(big, len, 0, m), SIPOFF_PERR_TOO_LONG);
}

static void sipoff_pk_prefix_test(struct kunit *test)
{
	static const char msg[] = PC_REQ("Content-Length: 4\r\nRoute: <sip:p;lr>\r\n") "abcd";
	struct sipoff_msg *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u32 n, len = sizeof(msg) - 1;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	KUNIT_EXPECT_EQ(test, sipoff_parse((const u8 *)msg, len, 0, m), SIPOFF_PERR_OK);
	for (n = 0; n < len; n++) {
		u8 *b = kunit_kmalloc(test, n ? n : 1, GFP_KERNEL);

		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
		memcpy(b, msg, n);
		KUNIT_EXPECT_NE_MSG(test, sipoff_parse(b, n, 0, m), SIPOFF_PERR_OK, "prefix %u", n);
		kunit_kfree(test, b);
	}
}

static void sipoff_pk_names_test(struct kunit *test)
{
	int i;

	for (i = 0; i < SIPOFF_PERR_COUNT; i++)
		KUNIT_EXPECT_STRNEQ(test, sipoff_parse_err_name(i), "invalid");
	for (i = 1; i < SIPOFF_M_COUNT; i++) {
		const char *n = sipoff_method_name(i);

		KUNIT_EXPECT_EQ(test, (int)sipoff_method_lookup((const u8 *)n, strlen(n)), i);
	}
	KUNIT_EXPECT_TRUE(test, sipoff_is_keepalive((const u8 *)"\r\n\r\n", 4));
	KUNIT_EXPECT_FALSE(test, sipoff_is_keepalive((const u8 *)"OPTIONS", 7));
}

static struct kunit_case sipoff_parser_test_cases[] = {
	KUNIT_CASE_PARAM(sipoff_pk_rfc4475_test, sipoff_pk_rfc4475_gen_params),
	KUNIT_CASE(sipoff_pk_table_test),
	KUNIT_CASE_PARAM(sipoff_pk_form_test, sipoff_pk_form_gen_params),
	KUNIT_CASE(sipoff_pk_many_vias_test),
	KUNIT_CASE(sipoff_pk_long_values_test),
	KUNIT_CASE(sipoff_pk_prefix_test),
	KUNIT_CASE(sipoff_pk_names_test),
	{}
};

static struct kunit_suite sipoff_parser_test_suite = {
	.name = "sipoff_parser",
	.test_cases = sipoff_parser_test_cases,
};

kunit_test_suites(&sipoff_parser_test_suite);

MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
