// SPDX-License-Identifier: GPL-2.0
/*
 * test_build - the messages the kernel writes itself (kmod/sipoff_build.c): each one is parsed
 * back with the module's parser and its fields checked against RFC 3261 8.2.6.1, 17.1.1.3, 9.1.
 */
#include <stdio.h>
#include <string.h>
#include "sipoff_build.h"
#include "kselftest_harness.h"

static const char invite[] =
	"INVITE sip:bob@example.com SIP/2.0\r\n"
	"Via: SIP/2.0/UDP gw.example.com:5060;branch=z9hG4bK-1\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-0;received=192.0.2.1\r\n"
	"Max-Forwards: 69\r\n"
	"Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
	"From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
	"To: <sip:bob@example.com>\r\n"
	"Call-ID: c1@example.com\r\n"
	"CSeq: 314 INVITE\r\n"
	"Timestamp: 54.2\r\n"
	"Contact: <sip:alice@10.0.0.1:5070>\r\n"
	"Content-Length: 0\r\n\r\n";

static const char busy[] =
	"SIP/2.0 486 Busy Here\r\n"
	"Via: SIP/2.0/UDP gw.example.com:5060;branch=z9hG4bK-1\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-0;received=192.0.2.1\r\n"
	"From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
	"To: <sip:bob@example.com>;tag=b9\r\n"
	"Call-ID: c1@example.com\r\n"
	"CSeq: 314 INVITE\r\n"
	"Content-Length: 0\r\n\r\n";

static bool span_is(const u8 *buf, struct sipoff_span s, const char *want)
{
	return s.len == strlen(want) && !memcmp(buf + s.off, want, s.len);
}

static void parse(struct __test_metadata *_metadata, const char *s, struct sipoff_msg *m)
{
	ASSERT_EQ(SIPOFF_PERR_OK, sipoff_parse((const u8 *)s, strlen(s), 0, m));
}

TEST(trying_100)
{
	struct sipoff_msg im, m;
	u8 out[2048];
	u32 n;

	parse(_metadata, invite, &im);
	n = sipoff_build_100((const u8 *)invite, &im, out, sizeof(out) - 1);
	ASSERT_GT(n, 0);
	out[n] = 0;
	parse(_metadata, (char *)out, &m);
	EXPECT_EQ(100, m.status);
	EXPECT_EQ(2, m.n_via);
	EXPECT_TRUE(span_is(out, m.via[0].branch, "z9hG4bK-1"));
	EXPECT_TRUE(span_is(out, m.via[1].received, "192.0.2.1"));
	EXPECT_TRUE(span_is(out, m.from.tag, "a1"));
	EXPECT_EQ(0, m.to.tag.len);	/* 8.2.6.1: no To tag */
	EXPECT_TRUE(span_is(out, m.call_id, "c1@example.com"));
	EXPECT_EQ(314, m.cseq);
	EXPECT_EQ(SIPOFF_M_INVITE, m.cseq_method);
	EXPECT_TRUE(span_is(out, m.timestamp, "54.2"));
	EXPECT_EQ(0, m.n_route);
	/* No room: nothing, never a cut message. */
	EXPECT_EQ(0, sipoff_build_100((const u8 *)invite, &im, out, n - 1));
}

TEST(ack_of_non2xx)
{
	struct sipoff_msg im, rm, m;
	u8 out[2048];
	u32 n;

	parse(_metadata, invite, &im);
	parse(_metadata, busy, &rm);
	n = sipoff_build_ack((const u8 *)invite, &im, (const u8 *)busy, &rm, out, sizeof(out) - 1);
	ASSERT_GT(n, 0);
	out[n] = 0;
	parse(_metadata, (char *)out, &m);
	EXPECT_EQ(SIPOFF_M_ACK, m.method);
	EXPECT_TRUE(span_is(out, m.ruri, "sip:bob@example.com"));
	EXPECT_EQ(1, m.n_via);	/* 17.1.1.3: the INVITE's top Via only */
	EXPECT_TRUE(span_is(out, m.via[0].branch, "z9hG4bK-1"));
	EXPECT_TRUE(span_is(out, m.from.tag, "a1"));
	EXPECT_TRUE(span_is(out, m.to.tag, "b9"));	/* the response's To */
	EXPECT_EQ(314, m.cseq);
	EXPECT_EQ(SIPOFF_M_ACK, m.cseq_method);
	EXPECT_EQ(2, m.n_route);
	EXPECT_TRUE(span_is(out, m.route[1].uri, "sip:p2.example.com;lr"));
	/* Not from a response, not for a request. */
	EXPECT_EQ(0, sipoff_build_ack((const u8 *)busy, &rm, (const u8 *)busy, &rm, out, sizeof(out)));
}

TEST(cancel)
{
	struct sipoff_msg im, m;
	u8 out[2048];
	u32 n;

	parse(_metadata, invite, &im);
	n = sipoff_build_cancel((const u8 *)invite, &im, out, sizeof(out) - 1);
	ASSERT_GT(n, 0);
	out[n] = 0;
	parse(_metadata, (char *)out, &m);
	EXPECT_EQ(SIPOFF_M_CANCEL, m.method);
	EXPECT_TRUE(span_is(out, m.ruri, "sip:bob@example.com"));
	EXPECT_EQ(1, m.n_via);	/* 9.1: the top Via, same branch */
	EXPECT_TRUE(span_is(out, m.via[0].branch, "z9hG4bK-1"));
	EXPECT_TRUE(span_is(out, m.from.tag, "a1"));
	EXPECT_EQ(0, m.to.tag.len);
	EXPECT_EQ(314, m.cseq);
	EXPECT_EQ(SIPOFF_M_CANCEL, m.cseq_method);
	EXPECT_EQ(2, m.n_route);
	EXPECT_EQ(0, sipoff_build_cancel((const u8 *)invite, &im, out, 10));
}

TEST(service_unavailable_503)
{
	struct sipoff_msg im, rm, m;
	u8 out[2048];
	u32 n;

	parse(_metadata, invite, &im);
	n = sipoff_build_503((const u8 *)invite, &im, (const u8 *)"so12", 4, 7, out,
			     sizeof(out) - 1);
	ASSERT_GT(n, 0);
	out[n] = 0;
	parse(_metadata, (char *)out, &m);
	EXPECT_EQ(503, m.status);
	EXPECT_EQ(2, m.n_via);	/* 8.2.6: all of them, as the 100 Trying */
	EXPECT_TRUE(span_is(out, m.via[1].received, "192.0.2.1"));
	EXPECT_TRUE(span_is(out, m.from.tag, "a1"));
	EXPECT_TRUE(span_is(out, m.to.tag, "so12"));	/* 8.2.6.2: a final response has one */
	EXPECT_TRUE(span_is(out, m.call_id, "c1@example.com"));
	EXPECT_EQ(314, m.cseq);
	EXPECT_EQ(SIPOFF_M_INVITE, m.cseq_method);
	EXPECT_NE(NULL, strstr((char *)out, "\r\nRetry-After: 7\r\n"));
	EXPECT_LE(n * 2, 3 * strlen(invite));
	/* No room, no tag, or a request that has a To tag already: nothing. */
	EXPECT_EQ(0, sipoff_build_503((const u8 *)invite, &im, (const u8 *)"so12", 4, 7, out, n - 1));
	EXPECT_EQ(0, sipoff_build_503((const u8 *)invite, &im, (const u8 *)"", 0, 7, out, sizeof(out)));
	parse(_metadata, busy, &rm);
	EXPECT_EQ(0, sipoff_build_503((const u8 *)busy, &rm, (const u8 *)"so12", 4, 7, out, sizeof(out)));
}

TEST_HARNESS_MAIN
