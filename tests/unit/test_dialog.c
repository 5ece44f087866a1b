// SPDX-License-Identifier: GPL-2.0
/*
 * test_dialog.c - userspace unit tests of kmod/sipoff_dialog.c: the scenarios shared with the
 * KUnit suite (tests/kunit/sipoff_dialog_scenarios.h), plus API edge cases and random
 * sequences checked against invariants.  TAP output from kselftest_harness.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "sipoff_dialog.h"
#include "sipoff_dialog_scenarios.h"

static struct ds_run run;

static void run_named(struct __test_metadata *_metadata, const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ds_scenarios); i++) {
		if (strcmp(ds_scenarios[i].name, name))
			continue;
		if (ds_run_scenario(&run, &ds_scenarios[i]))
			TH_LOG("%s", run.msg);
		ASSERT_EQ(0, run.msg[0]);
		return;
	}
	TH_LOG("no scenario %s", name);
	ASSERT_TRUE(0);
}

#define SCENARIO(n) TEST(n) { run_named(_metadata, #n); }

SCENARIO(uac_basic)
SCENARIO(uas_basic)
SCENARIO(uac_direct_2xx)
SCENARIO(busy_486)
SCENARIO(cancel_487)
SCENARIO(cancel_uas_branch)
SCENARIO(cancel_races_200)
SCENARIO(cancel_after_200_481)
SCENARIO(bye_before_ack)
SCENARIO(bye_before_ack_uas)
SCENARIO(no_ack_kept_until_bye)
SCENARIO(no_ack_report_only)
SCENARIO(fork3_answer)
SCENARIO(fork3_own_final)
SCENARIO(fork3_rejected)
SCENARIO(fork3_cancel)
SCENARIO(reinvite_481_ends_all)
SCENARIO(reinvite_491_488_refresh)
SCENARIO(info_408)
SCENARIO(timer_f)
SCENARIO(timer_b_early)
SCENARIO(early_update_prack_481)
SCENARIO(early_bye)
SCENARIO(bye_auth)
SCENARIO(bye_auth_with_sub)
SCENARIO(bye_481)
SCENARIO(bye_crossing)
SCENARIO(stale_cseq)
SCENARIO(sub_outlives_bye)
SCENARIO(refer)
SCENARIO(refer_no_id)
SCENARIO(refer_sub_false)
SCENARIO(sub_expiry)
SCENARIO(sub_refresh_unsubscribe)
SCENARIO(sub_unsubscribe_notify)
SCENARIO(sub_failures)
SCENARIO(sub_failed_ends_dialog)
SCENARIO(notify_before_2xx)
SCENARIO(notify_creates)
SCENARIO(notify_then_2xx)
SCENARIO(sub_reciprocal)
SCENARIO(sub_full)
SCENARIO(early_timeout)
SCENARIO(max_lifetime)
SCENARIO(early_max_lifetime)
SCENARIO(operator_bye)
SCENARIO(operator_cancel)
SCENARIO(flush)

/* Every table entry, so one added to the table and not above still runs. */
TEST(all_scenarios)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ds_scenarios); i++) {
		if (ds_run_scenario(&run, &ds_scenarios[i]))
			TH_LOG("%s", run.msg);
		EXPECT_EQ(0, run.msg[0]);
	}
}

TEST(size_of_idle_dialog)
{
	TH_LOG("struct sipoff_dlg: %zu bytes", sizeof(struct sipoff_dlg));
	ASSERT_LE(sizeof(struct sipoff_dlg), 256);
}

static u32 try_create(u8 method, u16 code, u8 dir, u16 flags, u8 sub_state)
{
	struct sipoff_dlg_ev ev = {
		.now = DS_BASE, .cseq = 1, .code = code, .method = method, .dir = dir,
		.side = dir == SIPOFF_DLG_IN ? SIPOFF_DLG_UAC : SIPOFF_DLG_UAS,
		.flags = flags, .sub_state = sub_state,
	};

	ds_cfg(&run.cfg, NULL);
	return sipoff_dlg_create(&run.d[0], &run.cfg, &ev, 7, &run.res);
}

TEST(create_rejects)
{
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_INVITE, 100, SIPOFF_DLG_IN, DS_TAG, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_INVITE, 180, SIPOFF_DLG_IN, 0, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_INVITE, 302, SIPOFF_DLG_IN, DS_TAG, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_INVITE, 486, SIPOFF_DLG_IN, DS_TAG, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_INVITE, 0, SIPOFF_DLG_IN, DS_TAG, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_OPTIONS, 200, SIPOFF_DLG_IN, DS_TAG, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_REFER, 202, SIPOFF_DLG_IN,
				DS_TAG | SIPOFF_DLG_EV_REFER_SUB_FALSE, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_SUBSCRIBE, 404, SIPOFF_DLG_IN, DS_TAG, 0));
	EXPECT_EQ(0, try_create(SIPOFF_DLG_M_NOTIFY, 0, SIPOFF_DLG_IN, DS_TAG,
				SIPOFF_DLG_SS_TERMINATED));
	/* A 2xx without To tag still creates (a broken peer); fork id and times are kept. */
	EXPECT_NE(0, try_create(SIPOFF_DLG_M_INVITE, 200, SIPOFF_DLG_IN, 0, 0));
	EXPECT_EQ(7, run.d[0].fork_id);
	EXPECT_EQ(DS_BASE, run.d[0].created_ms);
	EXPECT_EQ(DS_BASE, run.d[0].answered_ms);
	EXPECT_EQ(1, run.d[0].local_cseq);
	EXPECT_EQ(0, run.d[0].remote_cseq);
}

TEST(create_rr_truncated_and_notes)
{
	EXPECT_NE(0, try_create(SIPOFF_DLG_M_INVITE, 183, SIPOFF_DLG_OUT,
				DS_TAG | SIPOFF_DLG_EV_RR_TRUNCATED, 0));
	EXPECT_TRUE(run.d[0].flags & SIPOFF_DLG_F_RR_TRUNCATED);
	EXPECT_EQ(SIPOFF_DLG_UAS, run.d[0].side);
	EXPECT_EQ(1, run.d[0].remote_cseq);
	ASSERT_EQ(1, run.res.n_usage);
	EXPECT_EQ(SIPOFF_DLG_U_INVITE, run.res.usage[0].kind);
	EXPECT_EQ(1, run.res.usage[0].added);
}

/* The usage notes of a 481 that ends an INVITE usage and a subscription. */
TEST(notes_of_481)
{
	struct sipoff_dlg *d = &run.d[0];
	struct sipoff_dlg_ev ev = { .now = DS_BASE, .cseq = 1, .code = 200,
				    .method = SIPOFF_DLG_M_INVITE, .dir = SIPOFF_DLG_IN,
				    .side = SIPOFF_DLG_UAC, .flags = DS_TAG };

	ds_cfg(&run.cfg, NULL);
	ASSERT_NE(0, sipoff_dlg_create(d, &run.cfg, &ev, 1, &run.res));
	ev.code = 0;
	ev.method = SIPOFF_DLG_M_SUBSCRIBE;
	ev.cseq = 2;
	ev.event_key = 0xabcd;
	ev.dir = SIPOFF_DLG_OUT;
	EXPECT_EQ(0, sipoff_dlg_on_request(d, &run.cfg, &ev, &run.res));
	ev.dir = SIPOFF_DLG_IN;
	ev.code = 200;
	ASSERT_EQ(SIPOFF_DLG_N_USAGE_ADDED, sipoff_dlg_on_response(d, &run.cfg, &ev, &run.res));
	ASSERT_EQ(1, run.res.n_usage);
	EXPECT_EQ(0xabcd, run.res.usage[0].event_key);
	EXPECT_EQ(SIPOFF_DLG_U_SUBSCRIBE, run.res.usage[0].kind);
	EXPECT_EQ(1, run.res.usage[0].local);
	/* NOTIFY request then a 481 to it... from the local host: still ends everything. */
	ev.code = 0;
	ev.method = SIPOFF_DLG_M_NOTIFY;
	ev.cseq = 9;
	ev.sub_state = SIPOFF_DLG_SS_ACTIVE;
	EXPECT_EQ(0, sipoff_dlg_on_request(d, &run.cfg, &ev, &run.res));
	ev.dir = SIPOFF_DLG_OUT;
	ev.code = 481;
	EXPECT_EQ(DS_ENDED, sipoff_dlg_on_response(d, &run.cfg, &ev, &run.res));
	ASSERT_EQ(2, run.res.n_usage);
	EXPECT_EQ(SIPOFF_DLG_U_INVITE, run.res.usage[0].kind);
	EXPECT_EQ(SIPOFF_DLG_R_481, run.res.usage[0].reason);
	EXPECT_EQ(SIPOFF_DLG_U_SUBSCRIBE, run.res.usage[1].kind);
	EXPECT_EQ(SIPOFF_DLG_R_481, run.res.usage[1].reason);
	EXPECT_EQ(SIPOFF_DLG_BY_LOCAL, d->end_by);
	EXPECT_EQ(481, d->end_code);
	EXPECT_EQ(200, d->final_code);
}

TEST(deadlines)
{
	struct sipoff_dlg *d = &run.d[0];
	struct sipoff_dlg_ev ev = { .now = DS_BASE, .cseq = 1, .code = 180,
				    .method = SIPOFF_DLG_M_INVITE, .dir = SIPOFF_DLG_IN,
				    .side = SIPOFF_DLG_UAC, .flags = DS_TAG };

	ds_cfg(&run.cfg, NULL);
	ASSERT_NE(0, sipoff_dlg_create(d, &run.cfg, &ev, 1, &run.res));
	EXPECT_EQ(DS_BASE + DS_EARLY, sipoff_dlg_next_deadline(d, &run.cfg));
	run.cfg.early_timeout_ms = 0;
	EXPECT_EQ(SIPOFF_DLG_NEVER, sipoff_dlg_next_deadline(d, &run.cfg));
	run.cfg.max_lifetime_ms = 5000;
	EXPECT_EQ(DS_BASE + 5000, sipoff_dlg_next_deadline(d, &run.cfg));
	run.cfg.max_lifetime_ms = 0;
	ev.code = 200;
	ev.now += 100;
	sipoff_dlg_on_response(d, &run.cfg, &ev, &run.res);
	EXPECT_EQ(DS_BASE + 100 + DS_64T1, sipoff_dlg_next_deadline(d, &run.cfg));
	ev.code = 0;
	ev.method = SIPOFF_DLG_M_ACK;
	ev.dir = SIPOFF_DLG_OUT;
	EXPECT_EQ(SIPOFF_DLG_N_ACK, sipoff_dlg_on_request(d, &run.cfg, &ev, &run.res));
	EXPECT_EQ(DS_BASE + 100, d->acked_ms);
	EXPECT_EQ(SIPOFF_DLG_NEVER, sipoff_dlg_next_deadline(d, &run.cfg));
	EXPECT_EQ(0, sipoff_dlg_on_timer(d, &run.cfg, DS_BASE + 1000000, &run.res));
}

TEST(same_fork)
{
	struct sipoff_dlg_ev ev = { .now = DS_BASE, .cseq = 1, .code = 180,
				    .method = SIPOFF_DLG_M_INVITE, .dir = SIPOFF_DLG_IN,
				    .side = SIPOFF_DLG_UAC, .flags = DS_TAG };

	ds_cfg(&run.cfg, NULL);
	ASSERT_NE(0, sipoff_dlg_create(&run.d[0], &run.cfg, &ev, 5, &run.res));
	ASSERT_NE(0, sipoff_dlg_create(&run.d[1], &run.cfg, &ev, 5, &run.res));
	ASSERT_NE(0, sipoff_dlg_create(&run.d[2], &run.cfg, &ev, 6, &run.res));
	ev.cseq = 2;
	ASSERT_NE(0, sipoff_dlg_create(&run.d[3], &run.cfg, &ev, 5, &run.res));
	EXPECT_TRUE(sipoff_dlg_same_fork(&run.d[0], &run.d[1]));
	EXPECT_FALSE(sipoff_dlg_same_fork(&run.d[0], &run.d[0]));
	EXPECT_FALSE(sipoff_dlg_same_fork(&run.d[0], &run.d[2]));
	EXPECT_FALSE(sipoff_dlg_same_fork(&run.d[0], &run.d[3]));
}

TEST(route_index)
{
	EXPECT_EQ(0, sipoff_dlg_route_index(SIPOFF_DLG_UAS, 3, 0));
	EXPECT_EQ(2, sipoff_dlg_route_index(SIPOFF_DLG_UAS, 3, 2));
	EXPECT_EQ(2, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 3, 0));
	EXPECT_EQ(1, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 3, 1));
	EXPECT_EQ(0, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 3, 2));
	EXPECT_EQ(0, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 1, 0));
	EXPECT_EQ(5, sipoff_dlg_route_index(SIPOFF_DLG_UAC, 3, 5));
}

TEST(names)
{
	unsigned int i, j;

	for (i = 0; i < SIPOFF_DLG_R_COUNT; i++) {
		ASSERT_NE(NULL, sipoff_dlg_reason_name(i));
		for (j = 0; j < i; j++)
			EXPECT_NE(0, strcmp(sipoff_dlg_reason_name(i), sipoff_dlg_reason_name(j)));
	}
	EXPECT_STREQ("unknown", sipoff_dlg_reason_name(SIPOFF_DLG_R_COUNT));
	EXPECT_STREQ("fork-loser", sipoff_dlg_reason_name(SIPOFF_DLG_R_FORK_LOSER));
	EXPECT_STREQ("confirmed", sipoff_dlg_state_name(SIPOFF_DLG_S_CONFIRMED));
	EXPECT_STREQ("unknown", sipoff_dlg_state_name(9));
}

TEST(random_sequences)
{
	unsigned int seed, fails = 0;

	for (seed = 1; seed <= 20000 && fails < 5; seed++) {
		if (ds_run_random(&run, seed, 200)) {
			TH_LOG("%s", run.msg);
			fails++;
		}
	}
	EXPECT_EQ(0, fails);
}

TEST_HARNESS_MAIN
