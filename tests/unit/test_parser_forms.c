// SPDX-License-Identifier: GPL-2.0
/*
 * test_parser_forms.c - header forms one by one, boundary cases, and the API helpers.
 * The inline cases are tests/kunit/sipoff_parser_cases.h (shared with the KUnit suite); each
 * is parsed from an exact-size heap copy so that ASan catches any read past the datagram.
 */
#include <stdlib.h>
#include <stdio.h>
#include "kselftest_harness.h"
#include "sipoff_parser.h"
#include "sipoff_parser_cases.h"

FIXTURE(form) {
	struct sipoff_msg m;
};

FIXTURE_VARIANT(form) {
	const struct sipoff_pcase *pc;
};

FIXTURE_SETUP(form) { memset(&self->m, 0x5a, sizeof(self->m)); }
FIXTURE_TEARDOWN(form) {}

static struct __fixture_variant_metadata form_vars[ARRAY_SIZE(sipoff_form_cases)];
static FIXTURE_VARIANT(form) form_data[ARRAY_SIZE(sipoff_form_cases)];

static void __attribute__((constructor(KSELFTEST_PRIO_TEST))) form_register(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sipoff_form_cases); i++) {
		form_data[i].pc = &sipoff_form_cases[i];
		form_vars[i].name = sipoff_form_cases[i].name;
		form_vars[i].data = &form_data[i];
		__register_fixture_variant(&_form_fixture_object, &form_vars[i]);
	}
}

TEST_F(form, parse)
{
	const struct sipoff_pcase *pc = variant->pc;
	u32 len = sipoff_pcase_len(pc);
	const char *bad;
	u8 *buf;
	int got;

	buf = malloc(len ? len : 1);
	ASSERT_NE(NULL, buf);
	memcpy(buf, pc->data, len);
	bad = sipoff_pcase_run(pc, buf, len, &self->m, &got);
	EXPECT_EQ(NULL, bad) TH_LOG("%s: %s mismatch (got %s, want %s, err_off %u)", pc->name, bad,
				    sipoff_parse_err_name(got), sipoff_parse_err_name(pc->err),
				    self->m.err_off);
	free(buf);
}

static u8 big[70000];

static u8 *exact_copy(const u8 *src, u32 len)
{
	u8 *p = malloc(len ? len : 1);

	if (p)
		memcpy(p, src, len);
	return p;
}

TEST(thousand_via_lines)
{
	struct sipoff_msg m;
	u32 len = sipoff_pc_many_vias(big, sizeof(big), 1000, true);
	u8 *b = exact_copy(big, len);

	ASSERT_NE(0, len);
	ASSERT_EQ(SIPOFF_PERR_OK, sipoff_parse(b, len, 0, &m));
	EXPECT_EQ(1000, m.n_via_total);
	EXPECT_EQ(SIPOFF_MAX_VIA, m.n_via);
	EXPECT_TRUE(m.flags & SIPOFF_MF_VIA_TRUNC);
	ASSERT_EQ(SIPOFF_PERR_OK, sipoff_parse(b, len, 3, &m));
	EXPECT_EQ(3, m.n_via);
	free(b);
}

TEST(thousand_vias_one_header)
{
	struct sipoff_msg m;
	u32 len = sipoff_pc_many_vias(big, sizeof(big), 1000, false);
	u8 *b = exact_copy(big, len);

	ASSERT_NE(0, len);
	ASSERT_EQ(SIPOFF_PERR_OK, sipoff_parse(b, len, 0, &m));
	EXPECT_EQ(1000, m.n_via_total);
	EXPECT_EQ(SIPOFF_MAX_VIA, m.n_via);
	free(b);
}

TEST(long_values_8k_plus)
{
	struct sipoff_msg m;
	int which;
	u32 n;

	for (which = 0; which < 3; which++) {
		for (n = 8190; n <= 8200; n += 5) {
			u32 len = sipoff_pc_long_value(big, sizeof(big), n, which);
			u8 *b = exact_copy(big, len);

			ASSERT_NE(0, len);
			ASSERT_EQ(SIPOFF_PERR_OK, sipoff_parse(b, len, 0, &m));
			if (which == 1)
				EXPECT_EQ(n, m.call_id.len);
			if (which == 2) {
				EXPECT_EQ(n + 7, m.via[0].branch.len);
				EXPECT_TRUE(sipoff_via_branch_is_3261(&m.via[0]));
			}
			free(b);
		}
	}
	/* a 60000-byte Subject still fits; 65536 bytes in all is TOO_LONG */
	{
		u32 len = sipoff_pc_long_value(big, sizeof(big), 60000, 0);
		u8 *b = exact_copy(big, len);

		ASSERT_EQ(SIPOFF_PERR_OK, sipoff_parse(b, len, 0, &m));
		free(b);
		len = sipoff_pc_long_value(big, sizeof(big), 65536, 0);
		ASSERT_NE(0, len);
		EXPECT_EQ(SIPOFF_PERR_TOO_LONG, sipoff_parse(big, len, 0, &m));
	}
}

/* Every strict prefix of a message that has Content-Length is rejected, none crashes. */
TEST(every_prefix)
{
	static const char msg[] = PC_REQ("Content-Length: 4\r\nRoute: <sip:p;lr>\r\n") "abcd";
	struct sipoff_msg m;
	u32 n, len = sizeof(msg) - 1;

	ASSERT_EQ(SIPOFF_PERR_OK, sipoff_parse((const u8 *)msg, len, 0, &m));
	for (n = 0; n < len; n++) {
		u8 *b = exact_copy((const u8 *)msg, n);
		int e = sipoff_parse(b, n, 0, &m);

		EXPECT_NE(SIPOFF_PERR_OK, e) TH_LOG("prefix %u accepted", n);
		free(b);
	}
}

/* Flipping any byte to any of a few nasty values never crashes (ASan/UBSan watch). */
TEST(byte_flips)
{
	static const char msg[] = PC_REQ("Content-Length: 4\r\nContact: \"x\" <sip:c@h>;q=1\r\n") "abcd";
	static const u8 vals[] = { 0, '\r', '\n', ' ', ',', ';', '"', '<', '>', ':', '\\', 0xff };
	struct sipoff_msg m;
	u32 len = sizeof(msg) - 1, i, j;
	u8 *b = exact_copy((const u8 *)msg, len);

	for (i = 0; i < len; i++) {
		for (j = 0; j < sizeof(vals); j++) {
			u8 old = b[i];

			b[i] = vals[j];
			sipoff_parse(b, len, 2, &m);
			b[i] = old;
		}
	}
	EXPECT_EQ(SIPOFF_PERR_OK, sipoff_parse(b, len, 2, &m));
	free(b);
}

TEST(err_names)
{
	int i, j;

	for (i = 0; i < SIPOFF_PERR_COUNT; i++) {
		const char *n = sipoff_parse_err_name(i);

		ASSERT_NE(NULL, n);
		EXPECT_STRNE("invalid", n) TH_LOG("no name for %d", i);
		for (j = 0; j < i; j++)
			EXPECT_STRNE(sipoff_parse_err_name(j), n);
	}
	EXPECT_STREQ("invalid", sipoff_parse_err_name(SIPOFF_PERR_COUNT));
	EXPECT_STREQ("ok", sipoff_parse_err_name(SIPOFF_PERR_OK));
	EXPECT_FALSE(sipoff_parse_is_error(SIPOFF_PERR_KEEPALIVE));
	EXPECT_FALSE(sipoff_parse_is_error(SIPOFF_PERR_STUN));
	EXPECT_TRUE(sipoff_parse_is_error(SIPOFF_PERR_TOO_LONG));
}

TEST(methods)
{
	int i;

	for (i = 1; i < SIPOFF_M_COUNT; i++) {
		const char *n = sipoff_method_name(i);

		EXPECT_EQ(i, sipoff_method_lookup((const u8 *)n, strlen(n)));
	}
	EXPECT_EQ(SIPOFF_M_UNKNOWN, sipoff_method_lookup((const u8 *)"INVITEX", 7));
	EXPECT_EQ(SIPOFF_M_UNKNOWN, sipoff_method_lookup((const u8 *)"INVIT", 5));
	EXPECT_EQ(SIPOFF_M_UNKNOWN, sipoff_method_lookup((const u8 *)"Invite", 6));
	EXPECT_EQ(SIPOFF_M_UNKNOWN, sipoff_method_lookup((const u8 *)"", 0));
	EXPECT_STREQ("UNKNOWN", sipoff_method_name(SIPOFF_M_COUNT));
}

TEST(classify)
{
	static const u8 stun[20] = { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42 };

	EXPECT_EQ(SIPOFF_PKT_KEEPALIVE, sipoff_classify((const u8 *)"\r\n\r\n", 4));
	EXPECT_EQ(SIPOFF_PKT_KEEPALIVE, sipoff_classify((const u8 *)"\r\n", 2));
	EXPECT_EQ(SIPOFF_PKT_SIP, sipoff_classify((const u8 *)"\r\nX", 3));
	EXPECT_EQ(SIPOFF_PKT_STUN, sipoff_classify(stun, 20));
	EXPECT_EQ(SIPOFF_PKT_SIP, sipoff_classify(stun, 19));
	EXPECT_EQ(SIPOFF_PKT_SIP, sipoff_classify((const u8 *)"INVITE", 6));
	EXPECT_TRUE(sipoff_is_keepalive(stun, 20));
	EXPECT_TRUE(sipoff_is_keepalive((const u8 *)"\r\n\r\n", 4));
	EXPECT_FALSE(sipoff_is_keepalive((const u8 *)"OPTIONS", 7));
}

TEST(index_size)
{
	TH_LOG("sizeof(struct sipoff_msg) = %zu", sizeof(struct sipoff_msg));
	EXPECT_LE(sizeof(struct sipoff_msg), 1024);
}

TEST_HARNESS_MAIN
