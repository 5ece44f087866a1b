// SPDX-License-Identifier: GPL-2.0
/*
 * test_parser_rfc4475.c - the RFC 4475 torture messages against the verdict table
 * (docs/parser-verdicts.md, tests/kunit/sipoff_parser_cases.h).  One test per message; the
 * .dat files are embedded at build time.  Each message is parsed from an exact-size heap copy
 * so that ASan catches any read past the datagram.
 */
#include <stdlib.h>
#include <stdio.h>
#include "kselftest_harness.h"
#include "sipoff_parser.h"
#include "sipoff_parser_cases.h"
#include "sipoff_parser_corpus.h"

static const struct sipoff_corpus_file *corpus_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sipoff_corpus_files); i++)
		if (!strcmp(sipoff_corpus_files[i].name, name))
			return &sipoff_corpus_files[i];
	return NULL;
}

FIXTURE(rfc4475) {
	struct sipoff_msg m;
};

FIXTURE_VARIANT(rfc4475) {
	const struct sipoff_pcase *pc;
};

FIXTURE_SETUP(rfc4475) { memset(&self->m, 0xa5, sizeof(self->m)); }
FIXTURE_TEARDOWN(rfc4475) {}

static struct __fixture_variant_metadata rfc4475_vars[ARRAY_SIZE(sipoff_rfc4475_cases)];
static FIXTURE_VARIANT(rfc4475) rfc4475_data[ARRAY_SIZE(sipoff_rfc4475_cases)];

/* one variant per table entry, registered like FIXTURE_VARIANT_ADD() does */
static void __attribute__((constructor(KSELFTEST_PRIO_TEST))) rfc4475_register(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sipoff_rfc4475_cases); i++) {
		rfc4475_data[i].pc = &sipoff_rfc4475_cases[i];
		rfc4475_vars[i].name = sipoff_rfc4475_cases[i].name;
		rfc4475_vars[i].data = &rfc4475_data[i];
		__register_fixture_variant(&_rfc4475_fixture_object, &rfc4475_vars[i]);
	}
}

TEST_F(rfc4475, verdict)
{
	const struct sipoff_pcase *pc = variant->pc;
	const struct sipoff_corpus_file *f = corpus_find(pc->name);
	const char *bad;
	u8 *buf;
	int got;

	ASSERT_NE(NULL, f) TH_LOG("%s.dat not embedded", pc->name);
	buf = malloc(f->len ? f->len : 1);
	ASSERT_NE(NULL, buf);
	memcpy(buf, f->data, f->len);
	bad = sipoff_pcase_run(pc, buf, f->len, &self->m, &got);
	EXPECT_EQ(NULL, bad) TH_LOG("%s: %s mismatch (got %s, want %s, err_off %u)", pc->name, bad,
				    sipoff_parse_err_name(got), sipoff_parse_err_name(pc->err),
				    self->m.err_off);
	free(buf);
}

/* The table covers the 49 messages, each once, and nothing else. */
TEST(rfc4475_table_complete)
{
	size_t i, j;

	EXPECT_EQ(49U, ARRAY_SIZE(sipoff_rfc4475_cases));
	EXPECT_EQ(49U, ARRAY_SIZE(sipoff_corpus_files));
	for (i = 0; i < ARRAY_SIZE(sipoff_corpus_files); i++) {
		int n = 0;

		for (j = 0; j < ARRAY_SIZE(sipoff_rfc4475_cases); j++)
			n += !strcmp(sipoff_rfc4475_cases[j].name, sipoff_corpus_files[i].name);
		EXPECT_EQ(1, n) TH_LOG("%s in the table %d times", sipoff_corpus_files[i].name, n);
	}
}

/* 28 accepted, 21 rejected, as docs/parser-verdicts.md says. */
TEST(rfc4475_totals)
{
	size_t i;
	int ok = 0, rej = 0;

	for (i = 0; i < ARRAY_SIZE(sipoff_rfc4475_cases); i++) {
		if (sipoff_rfc4475_cases[i].err == SIPOFF_PERR_OK)
			ok++;
		else
			rej++;
	}
	EXPECT_EQ(28, ok);
	EXPECT_EQ(21, rej);
}

/* Every message, every cap from 1 to the array size: same verdict, lists never overflow. */
TEST(rfc4475_caps)
{
	struct sipoff_msg m0, m;
	size_t i;
	u32 cap;

	for (i = 0; i < ARRAY_SIZE(sipoff_corpus_files); i++) {
		const struct sipoff_corpus_file *f = &sipoff_corpus_files[i];
		int e0 = sipoff_parse(f->data, f->len, 0, &m0);

		for (cap = 1; cap <= SIPOFF_MAX_ROUTE + 1; cap++) {
			int e = sipoff_parse(f->data, f->len, cap, &m);

			EXPECT_EQ(e0, e) TH_LOG("%s cap %u", f->name, cap);
			if (e != SIPOFF_PERR_OK)
				continue;
			EXPECT_LE(m.n_via, cap);
			EXPECT_LE(m.n_via, SIPOFF_MAX_VIA);
			EXPECT_LE(m.n_contact, SIPOFF_MAX_CONTACT);
			EXPECT_EQ(m0.n_via_total, m.n_via_total);
			EXPECT_EQ(m0.n_contact_total, m.n_contact_total);
			EXPECT_EQ(m.n_via_total > m.n_via, !!(m.flags & SIPOFF_MF_VIA_TRUNC));
			EXPECT_EQ(m.n_contact_total > m.n_contact,
				  !!(m.flags & SIPOFF_MF_CONTACT_TRUNC));
		}
	}
}

TEST_HARNESS_MAIN
