// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_dialogs_kunit.c - KUnit suite of the dialog table (kmod/sipoff_dialogs.c), the kernel
 * glue around the plain-C dialog logic: dialogs made from SIP messages by the same code the
 * hooks run, looked up, counted and accounted, walked by the dumps across batches (each dialog
 * once), walked by Call-ID (forks), refused by terminate with the right errors, flushed.
 *
 * It works on the initial network namespace's table (sipoff.ko is loaded before this module),
 * which it flushes before and after each case; the test kernel has no other SIP traffic then.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "sipoff.h"
#include "sipoff_dialogs.h"
#include "sipoff_bench.h"

#define DK_MANY		300

static const char dk_200[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK%08x\r\n"
	"Record-Route: <sip:10.0.0.3;lr>\r\n"
	"From: <sip:alice@example.com>;tag=%s\r\n"
	"To: <sip:bob@example.com>;tag=%s\r\n"
	"Call-ID: %s\r\n"
	"CSeq: 1 INVITE\r\n"
	"Contact: <sip:bob@10.0.0.2:5060>\r\n"
	"Content-Length: 0\r\n\r\n";

struct dk_ctx {
	char buf[1024];
	char cid[64];
	char ltag[16];
	char rtag[16];
};

/* The 200 OK of an INVITE the local host sent, as received: a confirmed UAC dialog. */
static int dk_add(struct kunit *test, struct dk_ctx *c, unsigned int i, unsigned int fork)
{
	int len;

	snprintf(c->cid, sizeof(c->cid), "kunit-%u@sipoff.test", i);
	snprintf(c->ltag, sizeof(c->ltag), "L%u", i);
	snprintf(c->rtag, sizeof(c->rtag), "R%u-%u", i, fork);
	len = snprintf(c->buf, sizeof(c->buf), dk_200, i, c->ltag, c->rtag, c->cid);
	KUNIT_ASSERT_LT(test, len, (int)sizeof(c->buf));
	return sipoff_bench_dialog_msg(&init_net, (const u8 *)c->buf, len, true);
}

static bool dk_find(struct dk_ctx *c)
{
	return sipoff_bench_dialog_find(&init_net, (const u8 *)c->cid, strlen(c->cid),
					(const u8 *)c->ltag, strlen(c->ltag),
					(const u8 *)c->rtag, strlen(c->rtag));
}

static int dk_init(struct kunit *test)
{
	if (!sipoff_pernet(&init_net)->dialogs)
		return -ENODEV;
	sipoff_bench_dialog_flush(&init_net);
	test->priv = kunit_kzalloc(test, sizeof(struct dk_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void dk_exit(struct kunit *test)
{
	sipoff_bench_dialog_flush(&init_net);
}

static void dk_stats(struct sipoff_bench_dlg_stats *st)
{
	sipoff_bench_dialog_stats(&init_net, st);
}

/* Made, found, accounted; a second copy of the 200 makes no second dialog; flushed, gone. */
static void dk_create_find_flush(struct kunit *test)
{
	struct dk_ctx *c = test->priv;
	struct sipoff_bench_dlg_stats st;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, dk_add(test, c, i, 0), 0);
		KUNIT_EXPECT_TRUE(test, dk_find(c));
	}
	KUNIT_ASSERT_EQ(test, dk_add(test, c, 2, 0), 0);
	dk_stats(&st);
	KUNIT_EXPECT_EQ(test, st.dialogs, 3);
	KUNIT_EXPECT_EQ(test, st.bytes, st.alloc_bytes);
	KUNIT_EXPECT_GT(test, st.alloc_bytes, 3 * st.obj_size);
	KUNIT_EXPECT_GT(test, st.str_bytes, 0);
	/* Another remote tag is another dialog (a fork), not a match. */
	snprintf(c->rtag, sizeof(c->rtag), "R2-9");
	KUNIT_EXPECT_FALSE(test, dk_find(c));

	sipoff_bench_dialog_flush(&init_net);
	dk_stats(&st);
	KUNIT_EXPECT_EQ(test, st.dialogs, 0);
	KUNIT_EXPECT_EQ(test, st.bytes, 0);
	snprintf(c->rtag, sizeof(c->rtag), "R0-0");
	snprintf(c->cid, sizeof(c->cid), "kunit-0@sipoff.test");
	snprintf(c->ltag, sizeof(c->ltag), "L0");
	KUNIT_EXPECT_FALSE(test, dk_find(c));
}

struct dk_walk {
	unsigned long *seen;
	unsigned int visits;
	unsigned int dups;
	unsigned int foreign;
	unsigned int every;	/* stop (a full batch) at every this-many-th visit; 0: never */
	unsigned int calls;
};

static int dk_visit(struct sipoff_dialog *o, void *arg)
{
	struct dk_walk *w = arg;
	unsigned int i;

	w->calls++;
	if (w->every && w->calls % w->every == 0)
		return -EMSGSIZE;	/* this one again next time */
	if (sscanf(sipoff_dialog_cid(o), "kunit-%u@", &i) != 1 || i >= DK_MANY) {
		w->foreign++;
		return 0;
	}
	if (test_and_set_bit(i, w->seen))
		w->dups++;
	w->visits++;
	return 0;
}

/* Wait for a deferred resize of the tables to finish (a walk meanwhile may start over). */
static void dk_settle(void)
{
	struct sipoff_bench_dlg_stats st;
	int i;

	for (i = 0; i < 100; i++) {
		dk_stats(&st);
		if (!st.rehashing)
			return;
		msleep(10);
	}
}

/* A whole-table walk cut into batches of 6 visits the 300 dialogs each exactly once. */
static void dk_walk_batches(struct kunit *test)
{
	struct dk_ctx *c = test->priv;
	struct sipoff_dialogs_iter *di;
	struct dk_walk w = { .every = 7 };
	bool rewound = false;
	unsigned int i, rounds = 0;
	int ret;

	for (i = 0; i < DK_MANY; i++)
		KUNIT_ASSERT_EQ(test, dk_add(test, c, i, 0), 0);
	dk_settle();
	w.seen = kunit_kzalloc(test, BITS_TO_LONGS(DK_MANY) * sizeof(long), GFP_KERNEL);
	di = kunit_kzalloc(test, sizeof(*di), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w.seen);
	KUNIT_ASSERT_NOT_NULL(test, di);
	KUNIT_ASSERT_EQ(test, sipoff_dialogs_iter_init(sipoff_pernet(&init_net), di, NULL), 0);
	do {
		ret = sipoff_dialogs_iter_walk(di, dk_visit, &w, &rewound);
		rounds++;
	} while (ret == -EMSGSIZE && rounds < 10 * DK_MANY);
	sipoff_dialogs_iter_exit(di);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_FALSE(test, rewound);
	KUNIT_EXPECT_EQ(test, w.visits, DK_MANY);
	KUNIT_EXPECT_EQ(test, w.dups, 0);
	KUNIT_EXPECT_EQ(test, w.foreign, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(w.seen, DK_MANY), DK_MANY);
	KUNIT_EXPECT_GE(test, rounds, DK_MANY / 6);
}

/* A walk by Call-ID sees the forks of that call and nothing else, also in batches of one. */
static void dk_walk_call_id(struct kunit *test)
{
	struct dk_ctx *c = test->priv;
	struct sipoff_dialogs_iter *di;
	struct dk_walk w = { .every = 2 };
	bool rewound = false;
	unsigned int rounds = 0;
	char *cid;
	int ret;

	KUNIT_ASSERT_EQ(test, dk_add(test, c, 7, 0), 0);
	KUNIT_ASSERT_EQ(test, dk_add(test, c, 7, 1), 0);
	KUNIT_ASSERT_EQ(test, dk_add(test, c, 7, 2), 0);
	KUNIT_ASSERT_EQ(test, dk_add(test, c, 8, 0), 0);
	w.seen = kunit_kzalloc(test, BITS_TO_LONGS(DK_MANY) * sizeof(long), GFP_KERNEL);
	di = kunit_kzalloc(test, sizeof(*di), GFP_KERNEL);
	cid = kstrdup("kunit-7@sipoff.test", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w.seen);
	KUNIT_ASSERT_NOT_NULL(test, di);
	KUNIT_ASSERT_NOT_NULL(test, cid);
	KUNIT_ASSERT_EQ(test, sipoff_dialogs_iter_init(sipoff_pernet(&init_net), di, cid), 0);
	do {
		ret = sipoff_dialogs_iter_walk(di, dk_visit, &w, &rewound);
		rounds++;
	} while (ret == -EMSGSIZE && rounds < 20);
	sipoff_dialogs_iter_exit(di);
	KUNIT_EXPECT_EQ(test, ret, 0);
	/* Three forks of call 7, each visited once (the bitmap counts calls, not forks). */
	KUNIT_EXPECT_EQ(test, w.visits, 3);
	KUNIT_EXPECT_TRUE(test, test_bit(7, w.seen));
	KUNIT_EXPECT_FALSE(test, test_bit(8, w.seen));
	KUNIT_EXPECT_EQ(test, w.dups, 2);

	/* An unknown Call-ID: an empty walk. */
	memset(&w, 0, sizeof(w));
	w.seen = kunit_kzalloc(test, BITS_TO_LONGS(DK_MANY) * sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w.seen);
	cid = kstrdup("nobody@sipoff.test", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cid);
	KUNIT_ASSERT_EQ(test, sipoff_dialogs_iter_init(sipoff_pernet(&init_net), di, cid), 0);
	KUNIT_EXPECT_EQ(test, sipoff_dialogs_iter_walk(di, dk_visit, &w, &rewound), 0);
	sipoff_dialogs_iter_exit(di);
	KUNIT_EXPECT_EQ(test, w.visits, 0);
}

/* terminate: no such dialog; a confirmed one with nobody listening for its BYEs. */
static void dk_terminate_errors(struct kunit *test)
{
	struct dk_ctx *c = test->priv;
	struct sipoff_net *sn = sipoff_pernet(&init_net);
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, sipoff_dialogs_terminate(sn, "nobody@x", 8, NULL, 0, NULL, 0, &why),
			-ENOENT);
	KUNIT_EXPECT_STREQ(test, why, "no such dialog");
	KUNIT_ASSERT_EQ(test, dk_add(test, c, 3, 0), 0);
	why = NULL;
	KUNIT_EXPECT_EQ(test, sipoff_dialogs_terminate(sn, c->cid, strlen(c->cid), NULL, 0, NULL,
						       0, &why), -ENOTCONN);
	KUNIT_EXPECT_NOT_NULL(test, why);
	/* With tags that match no dialog of that call. */
	why = NULL;
	KUNIT_EXPECT_EQ(test, sipoff_dialogs_terminate(sn, c->cid, strlen(c->cid), "x", 1, "y", 1,
						       &why), -ENOENT);
	KUNIT_EXPECT_TRUE(test, dk_find(c));
}

/* A message that does not parse makes nothing. */
static void dk_garbage(struct kunit *test)
{
	static const char junk[] = "SIP/2.0 200 OK\r\nCall-ID: x\r\nContent-Length: 99\r\n\r\n";
	struct sipoff_bench_dlg_stats st;

	KUNIT_EXPECT_EQ(test, sipoff_bench_dialog_msg(&init_net, (const u8 *)junk,
						      sizeof(junk) - 1, true), -EINVAL);
	dk_stats(&st);
	KUNIT_EXPECT_EQ(test, st.dialogs, 0);
}

/*
 * Contract section 5 (issue 10 item 2): a response that matched no transaction (a stray, a
 * spoof) creates no dialog and is counted; the same response of a held transaction creates it.
 */
static void dk_unmatched_creates_nothing(struct kunit *test)
{
	struct dk_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct sipoff_bench_dlg_stats st;
	u64 before;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, c);
	dk_stats(&st);
	before = st.unmatched;
	snprintf(c->cid, sizeof(c->cid), "kunit-spoof@sipoff.test");
	snprintf(c->ltag, sizeof(c->ltag), "Ls");
	snprintf(c->rtag, sizeof(c->rtag), "Rs");
	len = snprintf(c->buf, sizeof(c->buf), dk_200, 7, c->ltag, c->rtag, c->cid);
	KUNIT_ASSERT_LT(test, len, (int)sizeof(c->buf));
	KUNIT_EXPECT_EQ(test, sipoff_bench_dialog_msg_unmatched(&init_net, (const u8 *)c->buf,
								 len, true), 0);
	KUNIT_EXPECT_FALSE(test, dk_find(c));
	dk_stats(&st);
	KUNIT_EXPECT_EQ(test, st.dialogs, 0);
	KUNIT_EXPECT_EQ(test, st.unmatched, before + 1);
	KUNIT_EXPECT_EQ(test, sipoff_bench_dialog_msg(&init_net, (const u8 *)c->buf, len, true), 0);
	KUNIT_EXPECT_TRUE(test, dk_find(c));
}

static struct kunit_case sipoff_dialogs_test_cases[] = {
	KUNIT_CASE(dk_create_find_flush),
	KUNIT_CASE(dk_walk_batches),
	KUNIT_CASE(dk_walk_call_id),
	KUNIT_CASE(dk_terminate_errors),
	KUNIT_CASE(dk_garbage),
	KUNIT_CASE(dk_unmatched_creates_nothing),
	{}
};

static struct kunit_suite sipoff_dialogs_test_suite = {
	.name = "sipoff_dialogs",
	.init = dk_init,
	.exit = dk_exit,
	.test_cases = sipoff_dialogs_test_cases,
};

kunit_test_suites(&sipoff_dialogs_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
