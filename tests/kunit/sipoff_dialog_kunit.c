// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_dialog_kunit.c - KUnit suite of the dialog state logic (kmod/sipoff_dialog.c) as
 * built into sipoff.ko: every scenario of sipoff_dialog_scenarios.h (shared with the userspace
 * unit test), random sequences checked against invariants, and API edge cases.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "sipoff_dialog.h"
#include "sipoff_dialog_scenarios.h"

static void ds_scenario_desc(const struct ds_scenario *sc, char *desc)
{
	strscpy(desc, sc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ds_scenario, ds_scenarios, ds_scenario_desc);

static void sipoff_dlg_test_scenario(struct kunit *test)
{
	const struct ds_scenario *sc = test->param_value;
	struct ds_run *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	int rc;

	KUNIT_ASSERT_NOT_NULL(test, r);
	rc = ds_run_scenario(r, sc);
	KUNIT_EXPECT_EQ_MSG(test, rc, 0, "%s", r->msg);
}

static void sipoff_dlg_test_random(struct kunit *test)
{
	struct ds_run *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int seed, fails = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (seed = 1; seed <= 2000 && fails < 3; seed++) {
		if (ds_run_random(r, seed, 200)) {
			kunit_err(test, "%s\n", r->msg);
			fails++;
		}
	}
	KUNIT_EXPECT_EQ(test, fails, 0U);
}

static void sipoff_dlg_test_size(struct kunit *test)
{
	kunit_info(test, "struct sipoff_dlg: %zu bytes\n", sizeof(struct sipoff_dlg));
	KUNIT_EXPECT_LE(test, sizeof(struct sipoff_dlg), (size_t)256);
}

static void sipoff_dlg_test_route_index(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sipoff_dlg_route_index(SIPOFF_DLG_UAS, 3, 0), 0U);
	KUNIT_EXPECT_EQ(test, sipoff_dlg_route_index(SIPOFF_DLG_UAS, 3, 2), 2U);
	KUNIT_EXPECT_EQ(test, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 3, 0), 2U);
	KUNIT_EXPECT_EQ(test, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 3, 1), 1U);
	KUNIT_EXPECT_EQ(test, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 3, 2), 0U);
}

static void sipoff_dlg_test_names(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < SIPOFF_DLG_R_COUNT; i++)
		KUNIT_EXPECT_NOT_NULL(test, sipoff_dlg_reason_name(i));
	KUNIT_EXPECT_STREQ(test, sipoff_dlg_reason_name(SIPOFF_DLG_R_COUNT), "unknown");
	KUNIT_EXPECT_STREQ(test, sipoff_dlg_reason_name(SIPOFF_DLG_R_481), "481");
	KUNIT_EXPECT_STREQ(test, sipoff_dlg_state_name(SIPOFF_DLG_S_EARLY), "early");
}

static struct kunit_case sipoff_dlg_test_cases[] = {
	KUNIT_CASE_PARAM(sipoff_dlg_test_scenario, ds_scenario_gen_params),
	KUNIT_CASE(sipoff_dlg_test_random),
	KUNIT_CASE(sipoff_dlg_test_size),
	KUNIT_CASE(sipoff_dlg_test_route_index),
	KUNIT_CASE(sipoff_dlg_test_names),
	{}
};

static struct kunit_suite sipoff_dlg_test_suite = {
	.name = "sipoff_dialog",
	.test_cases = sipoff_dlg_test_cases,
};

kunit_test_suites(&sipoff_dlg_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sipoff KUnit tests");
