// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_txn_kunit.c - KUnit suite of the transaction state machines (kmod/sipoff_txn.c).
 *
 * The very scenarios of the userspace unit test (tests/unit/test_txn.c): every arrow of
 * RFC 3261 Figures 5-8 and of RFC 6026's updated figures, in transparent and offload mode,
 * on a fake clock, with the exact verdict and time of every step (sipoff_txn_cases.h).
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "sipoff_txn.h"

static void txn_fail(void *ctx, const char *msg)
{
	struct kunit *test = ctx;

	KUNIT_FAIL(test, "%s", msg);
}

#include "sipoff_txn_cases.h"

#define TXN_KUNIT_SCENARIO(name)						\
	static void sipoff_txn_##name(struct kunit *test)			\
	{									\
		KUNIT_EXPECT_EQ(test, 0, txn_run_case(&name, test));		\
	}
TXN_CASE_LIST(TXN_KUNIT_SCENARIO)

#define TXN_KUNIT_FUNC(name)							\
	static void sipoff_txn_##name(struct kunit *test)			\
	{									\
		KUNIT_EXPECT_EQ(test, 0, name(test));				\
	}
TXN_FUNC_LIST(TXN_KUNIT_FUNC)

static void sipoff_txn_size(struct kunit *test)
{
	kunit_info(test, "sizeof(struct sipoff_txn) = %zu\n", sizeof(struct sipoff_txn));
	KUNIT_EXPECT_LE(test, sizeof(struct sipoff_txn), (size_t)320);
}

#define TXN_KUNIT_CASE(name) KUNIT_CASE(sipoff_txn_##name),
static struct kunit_case sipoff_txn_kunit_cases[] = {
	TXN_CASE_LIST(TXN_KUNIT_CASE)
	TXN_FUNC_LIST(TXN_KUNIT_CASE)
	KUNIT_CASE(sipoff_txn_size),
	{}
};

static struct kunit_suite sipoff_txn_kunit_suite = {
	.name = "sipoff_txn",
	.test_cases = sipoff_txn_kunit_cases,
};

kunit_test_suites(&sipoff_txn_kunit_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
