// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_dialogs - kselftests of dialog tracking in the test kernel: sipp as caller (namespace
 * duac, 10.99.2.2:5070) and callee (namespace dgw, 10.99.2.1:5060, where sipoff is watched)
 * across a veth pair, T1 = 50 ms.  Each test compares what /proc/net/sipoff/dialogs,
 * `sipoffctl dialog show -j`, the events of `sipoffctl monitor -j` and sipoffd's call records
 * say against what the call did.
 *
 * Environment: SIPOFF_KO, SIPOFFCTL (sipoffd is next to it); scenarios in tests/sipp.
 * Needs sipp and jq.
 */
#include "sipoff_lib.h"
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <time.h>
#include "kselftest_harness.h"

#define NOBODY	65534
#define GW	"10.99.2.1"
#define UAC	"10.99.2.2"
#define GW6	"fd99:2::1"
#define UAC6	"fd99:2::2"
#define WORK	"/run/sipoff-dlg"	/* the guest's own tmpfs: not shared with other runs */

static char sipp_dir[PATH_MAX];
static char sipoffd[PATH_MAX];

static void paths(void)
{
	char exe[PATH_MAX], ctl[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	/* build/user/selftests/sipoff_dialogs -> the repository's tests/sipp */
	exe[n > 0 ? n : 0] = '\0';
	snprintf(sipp_dir, sizeof(sipp_dir), "%s/../../../tests/sipp", dirname(exe));
	snprintf(ctl, sizeof(ctl), "%s", SIPOFFCTL);
	snprintf(sipoffd, sizeof(sipoffd), "%s/sipoffd", dirname(ctl));
}

/* Run a command in the background; its pid in WORK/NAME.pid. */
#define BG(name, fmt, ...) \
	sipoff_sh("(" fmt ") & echo $! > " WORK "/" name ".pid", ##__VA_ARGS__)

static void bg_kill(const char *name, int sig)
{
	sipoff_sh("[ -f " WORK "/%s.pid ] && kill -%d $(cat " WORK "/%s.pid) 2>/dev/null; "
		  "rm -f " WORK "/%s.pid", name, sig, name, name);
}

/* Wait up to @ms for a shell condition to hold; 0 when it did. */
static int wait_for(int ms, const char *cond)
{
	for (; ms > 0; ms -= 50) {
		if (sipoff_sh("%s", cond) == 0)
			return 0;
		usleep(50000);
	}
	return sipoff_sh("%s", cond);
}

static int net_up(void)
{
	sipoff_sh("ip netns del dgw 2>/dev/null; ip netns del duac 2>/dev/null");
	sipoff_sh("rm -rf " WORK "; mkdir -p " WORK);
	return sipoff_sh("ip netns add dgw && ip netns add duac && "
			 "ip link add veth-dgw netns dgw type veth peer name veth-duac netns duac && "
			 "ip -n dgw addr add " GW "/24 dev veth-dgw && "
			 "ip -n duac addr add " UAC "/24 dev veth-duac && "
			 "ip -n dgw addr add " GW6 "/64 dev veth-dgw nodad && "
			 "ip -n duac addr add " UAC6 "/64 dev veth-duac nodad && "
			 "ip -n dgw link set lo up && ip -n duac link set lo up && "
			 "ip -n dgw link set veth-dgw up && ip -n duac link set veth-duac up && "
			 "ip netns exec dgw $SIPOFFCTL config set mode transparent ports 5060 t1 50 "
			 "t2 400 t4 500 timer-d 3200 linger 3000");
}

/* Monitor and sipoffd (with @args) in dgw, listening before the call. */
static int listeners_up_args(const char *args)
{
	BG("mon", "ip netns exec dgw $SIPOFFCTL -j monitor > " WORK "/events.json 2>&1");
	BG("d", "ip netns exec dgw %s %s -p " WORK "/sipoffd.pid -o " WORK "/records.json 2> "
	   WORK "/sipoffd.log", sipoffd, args);
	return wait_for(3000, "grep -q ready " WORK "/sipoffd.log");
}

static int listeners_up(void)
{
	return listeners_up_args("");
}

static void listeners_down(void)
{
	usleep(300000);
	bg_kill("mon", SIGTERM);
	bg_kill("d", SIGTERM);
	bg_kill("sipoffd", SIGTERM);
	usleep(300000);
}

/* The callee in the background, the caller in the foreground: the caller's exit status. */
static int call(const char *uas_sf, const char *uac_sf)
{
	BG("uas", "ip netns exec dgw sipp -sf %s/%s -i " GW " -p 5060 -m 1 -nostdin -timeout 20s "
	   "> " WORK "/uas.out 2>&1", sipp_dir, uas_sf);
	usleep(500000);
	return sipoff_sh("ip netns exec duac sipp -sf %s/%s -i " UAC " -p 5070 -m 1 -nostdin "
			 "-timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s " GW ":5060 > " WORK
			 "/uac.out 2>&1",
			 sipp_dir, uac_sf);
}

/* The event names of the monitor's output, space-separated, compared with @want. */
static int events_are(const char *want)
{
	return sipoff_sh("got=$(jq -r .event " WORK "/events.json | tr '\\n' ' '); "
			 "[ \"$got\" = '%s' ] || { echo \"events: got '$got', want '%s'\"; "
			 "cat " WORK "/events.json; exit 1; }", want, want);
}

/* A jq test on the event(s) @ev of the monitor's output. */
static int event_is(const char *ev, const char *jq)
{
	return sipoff_sh("jq -s -e 'map(select(.event == \"%s\")) | length > 0 and "
			 "all(.[]; %s)' " WORK "/events.json "
			 ">/dev/null || { echo 'event %s: want %s'; cat " WORK "/events.json; "
			 "exit 1; }", ev, jq, ev, jq);
}

/* A jq test on the single call record sipoffd wrote. */
static int record_is(const char *jq)
{
	return sipoff_sh("[ $(grep -c '\"type\":\"call\"' " WORK "/records.json) = 1 ] && "
			 "jq -s -e 'map(select(.type == \"call\")) | all(.[]; %s)' "
			 WORK "/records.json >/dev/null || "
			 "{ echo 'record: want %s'; cat " WORK "/records.json " WORK "/sipoffd.log; "
			 "exit 1; }", jq, jq);
}

/* Kamailio with record_route() at 10.99.2.2:5080 (namespace duac), relaying to the callee. */
static int proxy_up(void)
{
	sipoff_sh("mkdir -p " WORK "/kam");
	BG("kam", "ip netns exec duac kamailio -f %s/../kamailio/dlg_rr.cfg -DD -E -Y " WORK
	   "/kam -P " WORK "/kam/pid -l udp:" UAC ":5080 -m 32 -M 4 "
	   "-A 'UAS_ADDR=\"sip:" GW ":5060\"' > " WORK "/kam.log 2>&1", sipp_dir);
	return wait_for(5000, "ip netns exec duac ss -lun | grep -q '" UAC ":5080 '");
}

FIXTURE(dlg) {
	int unused;
};

FIXTURE_SETUP(dlg)
{
	paths();
	ASSERT_EQ(0, sipoff_ensure_loaded());
	ASSERT_EQ(0, net_up());
}

FIXTURE_TEARDOWN(dlg)
{
	bg_kill("mon", SIGKILL);
	bg_kill("d", SIGKILL);
	bg_kill("sipoffd", SIGKILL);
	bg_kill("uas", SIGKILL);
	bg_kill("uac", SIGKILL);
	bg_kill("uasb", SIGKILL);
	bg_kill("kam", SIGTERM);
	sipoff_sh("ip netns del dgw 2>/dev/null; ip netns del duac 2>/dev/null");
}

/*
 * A basic call (180, 200, ACK, 1.5 s, BYE from the caller): the dialog is in /proc and in
 * `dialog show -j` while up; events new, early, usage-added, confirmed, usage-ended, ended
 * (bye, by the remote party), bye-response; one call record; nothing left after the linger.
 */
TEST_F_TIMEOUT(dlg, basic_call, 60)
{
	/* A linger (10 s) no slow guest outruns between the BYE and the dump that shows it. */
	ASSERT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set linger 10000"));
	ASSERT_EQ(0, listeners_up());
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac.xml -i " UAC " -p 5070 -m 1 -nostdin "
	   "-timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s " GW ":5060 > " WORK "/uac.out "
	   "2>&1; echo $? > "
	   WORK "/uac.rc", sipp_dir);
	/* Answered within 200 ms; the BYE comes 1.5 s after the ACK. */
	ASSERT_EQ(0, wait_for(1500, "ip netns exec dgw grep -q ' confirmed uas 1 ' "
			      "/proc/net/sipoff/dialogs"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw cat /proc/net/sipoff/dialogs | "
			       "awk 'NR == 1 && $1 == \"id\" { h = 1 } NR == 2 && $6 ~ /^dlg-1-/ && "
			       "$9 == \"-\" { d = 1 } END { exit !(h && d && NR == 2) }'"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL dialog show -j | jq -e "
			       "'length == 1 and .[0].state == \"confirmed\" and "
			       ".[0].side == \"uas\" and .[0].final_code == 200 and "
			       ".[0].acked_ms > 0 and .[0].route_set == [] and "
			       "(.[0].call_id | startswith(\"dlg-1-\")) and "
			       ".[0].remote_uri == \"sip:alice@" UAC ":5070\" and "
			       ".[0].remote_target == \"sip:alice@" UAC ":5070\" and "
			       ".[0].local_target == \"sip:uas@" GW ":5060\"' >/dev/null"));
	/* By Call-ID too. */
	EXPECT_EQ(0, sipoff_sh("cid=$(ip netns exec dgw $SIPOFFCTL dialog show -j | "
			       "jq -r '.[0].call_id'); ip netns exec dgw $SIPOFFCTL -j dialog show "
			       "\"$cid\" | jq -e 'length == 1' >/dev/null"));
	ASSERT_EQ(0, wait_for(10000, "[ -s " WORK "/uac.rc ]"));
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/uac.rc) = 0 ]"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added dialog-confirmed "
				"usage-ended dialog-ended bye-response "));
	EXPECT_EQ(0, event_is("dialog-ended", ".dialog | .end_reason == \"bye\" and "
			      ".end_by == \"remote\" and .final_code == 200 and "
			      ".state == \"ended\""));
	/* Sequence numbers without gaps. */
	EXPECT_EQ(0, sipoff_sh("jq -s -e '[.[].seq] as $s | $s == [range($s[0]; $s[0] + "
			       "($s | length))]' " WORK "/events.json >/dev/null"));
	EXPECT_EQ(0, record_is(".end_reason == \"bye\" and .ended_by == \"remote\" and "
			       ".final_code == 200 and .bye_code == 200 and .side == \"uas\" and "
			       ".caller == \"sip:alice@" UAC ":5070\" and .duration_ms >= 1400 and "
			       ".duration_ms < 3000 and .answer_ms >= .start_ms and "
			       ".end_ms > .answer_ms and .route_set == []"));
	/* Ended: out of /proc at once, out of dumps after the linger (10 s). */
	EXPECT_EQ(0, sipoff_sh("[ $(ip netns exec dgw wc -l < /proc/net/sipoff/dialogs) = 1 ]"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j dialog show | "
			       "jq -e '.[0].state == \"ended\"' >/dev/null"));
	EXPECT_EQ(0, wait_for(15000, "ip netns exec dgw $SIPOFFCTL -j dialog show | "
			      "jq -e 'length == 0' >/dev/null"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk '$1 == \"dialogs\" && $2 == 0 { z = 1 } "
			       "$1 == \"dialog_bytes\" && $2 == 0 { b = 1 } END { exit !(z && b) }' "
			       "/proc/net/sipoff/stats"));
}

/*
 * `sipoffctl transaction show` during a call: the INVITE server transaction with its fields
 * (netlink txn-get), also by Call-ID and as text; /proc/net/sipoff/transactions, formatted
 * from the same walk, agrees; an unknown Call-ID is a clear error.
 */
TEST_F_TIMEOUT(dlg, transaction_show, 60)
{
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac.xml -i " UAC " -p 5070 -m 1 -nostdin "
	   "-timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s " GW ":5060 > " WORK "/uac.out "
	   "2>&1; echo $? > " WORK "/uac.rc", sipp_dir);
	/* Answered: the INVITE server transaction is Accepted; transparent mode arms only its
	 * linger timer (64*T1 = 3.2 s after the last message).
	 */
	ASSERT_EQ(0, wait_for(1500, "ip netns exec dgw grep -q ' confirmed uas 1 ' "
			      "/proc/net/sipoff/dialogs"));
	sipoff_sh("ip netns exec dgw $SIPOFFCTL -j transaction show > " WORK "/txn.json");
	EXPECT_EQ(0, sipoff_sh("jq -e 'map(select(.kind == \"ist\")) | length == 1 and (.[0] | "
			       ".side == \"server\" and .state == \"accepted\" and "
			       ".mode == \"transparent\" and .method == \"INVITE\" and .cseq == 1 "
			       "and (.call_id | startswith(\"dlg-1-\")) and "
			       "(.branch | startswith(\"z9hG4bK\")) and .family == \"inet\" and "
			       ".peer_addr == \"" UAC "\" and .peer_port == 5070 and "
			       ".last_code == 200 and any(.kept[]; . == \"response\") and "
			       ".kept_bytes > 0 and .age_ms < 3000 and .timers == [\"linger\"])' "
			       WORK "/txn.json >/dev/null || { cat " WORK "/txn.json; exit 1; }"));
	/* By Call-ID: the call's transactions only; an unknown one is an error. */
	EXPECT_EQ(0, sipoff_sh("cid=$(jq -r '.[0].call_id' " WORK "/txn.json); "
			       "ip netns exec dgw $SIPOFFCTL transaction show -j \"$cid\" | "
			       "jq -e --arg c \"$cid\" 'length >= 1 and all(.[]; .call_id == $c)' "
			       ">/dev/null"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL transaction show nosuch 2>&1 | "
			       "grep -q 'no such transaction'"));
	/* As a table, and in /proc. */
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL transaction show | awk "
			       "'NR == 1 && $1 == \"kind\" { h = 1 } $1 == \"ist\" && "
			       "$2 == \"accepted\" && $3 == \"INVITE\" && $4 == 1 && $5 == 200 && "
			       "$6 == \"" UAC ":5070\" && $11 == \"transparent\" { t = 1 } "
			       "END { exit !(h && t) }'"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk '$1 == \"server\" && $3 == \"ist\" && "
			       "$4 == \"accepted\" && $5 == \"INVITE\" && $6 == 1 && $10 ~ /^dlg-1-/ "
			       "{ t = 1 } END { exit !t }' /proc/net/sipoff/transactions"));
	ASSERT_EQ(0, wait_for(10000, "[ -s " WORK "/uac.rc ]"));
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/uac.rc) = 0 ]"));
}

/*
 * A call through a Record-Route proxy (Kamailio): the route set is in /proc and in
 * `dialog show -j`; `sipoffctl dialog terminate` makes sipoffd send a BYE to each party through
 * the proxy (route set, remote target, next CSeq, tags); both answer 200; the dialog ends with
 * reason operator and the call record has the route set.
 */
TEST_F_TIMEOUT(dlg, proxy_route_set_terminate, 60)
{
	const char *rr = "sip:" UAC ":5080;lr";

	ASSERT_EQ(0, proxy_up()) TH_LOG("kamailio did not start");
	ASSERT_EQ(0, listeners_up());
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_rr.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac_byed.xml -i " UAC " -p 5070 -m 1 "
	   "-nostdin -timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s " UAC ":5080 > " WORK
	   "/uac.out 2>&1; echo $? > " WORK "/uac.rc", sipp_dir);
	ASSERT_EQ(0, wait_for(3000, "ip netns exec dgw grep -q ' confirmed uas 1 ' "
			      "/proc/net/sipoff/dialogs"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk 'NR == 2 && $9 ~ /%s/ { ok = 1 } "
			       "END { exit !ok }' /proc/net/sipoff/dialogs", rr));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j dialog show | jq -e "
			       "'.[0].route_set | length == 1 and (.[0] | contains(\"%s\"))' "
			       ">/dev/null", rr));
	usleep(300000);
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL dialog terminate "
			       "$(ip netns exec dgw $SIPOFFCTL -j dialog show | jq -r '.[0].call_id')"));
	ASSERT_EQ(0, wait_for(10000, "[ -s " WORK "/uac.rc ]"));
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/uac.rc) = 0 ] || { cat " WORK "/uac.out; exit 1; }"));
	/* sipoffd's child writes its outcome once both BYEs are answered. */
	EXPECT_EQ(0, wait_for(5000, "grep -q '\"type\":\"terminate\"' " WORK "/records.json"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added dialog-confirmed "
				"terminate-request usage-ended dialog-ended bye-response "));
	EXPECT_EQ(0, event_is("dialog-ended", ".dialog | .end_reason == \"operator\" and "
			      ".end_by == \"operator\" and (.route_set | length == 1)"));
	EXPECT_EQ(0, record_is(".end_reason == \"operator\" and .ended_by == \"operator\" and "
			       ".final_code == 200 and .bye_code == 200 and "
			       "(.route_set | length == 1)"));
	EXPECT_EQ(0, sipoff_sh("jq -s -e 'map(select(.type == \"terminate\")) | length == 1 and "
			       ".[0].peer_bye_code == 200 and .[0].local_bye_code == 200' "
			       WORK "/records.json > /dev/null || { cat " WORK "/records.json; exit 1; }"));
	/* Both BYEs went through the proxy. */
	EXPECT_EQ(0, sipoff_sh("[ $(grep -c 'SIPOFF-REQ BYE' " WORK "/kam.log) = 2 ] || "
			       "{ cat " WORK "/kam.log; exit 1; }"));
}

/* A call with a route set of @hops entries, watched in both namespaces (dgw as callee, duac
 * as caller), held 3 s; returns once both sides show it confirmed. */
static int rr_call(int hops)
{
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_rr.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	if (wait_for(5000, "ip netns exec dgw ss -Hlun 'src " GW ":5060' | grep -q ."))
		return -1;
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac_rr%d.xml -i " UAC " -p 5070 -m 1 "
	   "-nostdin -timeout 20s -timeout_error -cid_str rr%d-%%u-%%p@%%s " GW ":5060 > " WORK
	   "/uac.out 2>&1; echo $? > " WORK "/uac.rc", sipp_dir, hops, hops);
	return wait_for(3000, "ip netns exec dgw grep -q ' confirmed uas ' /proc/net/sipoff/dialogs "
			"&& ip netns exec duac grep -q ' confirmed uac ' /proc/net/sipoff/dialogs");
}

/*
 * Route sets from Record-Route (RFC 3261 12.1.1, 12.1.2): three hops, in the order received on
 * the callee's side and reversed on the caller's; then thirteen, one more than the parser
 * indexes (SIPOFF_MAX_ROUTE 12): the route set is cut short and flagged on both sides, and
 * sipoffd refuses to send BYEs along it on a terminate.
 */
TEST_F_TIMEOUT(dlg, route_set_3_hops_and_cut, 90)
{
	const char *hosts = "[.[0].route_set[] | capture(\"(?<h>10[.]99[.]2[.][0-9]+)\").h]";

	ASSERT_EQ(0, sipoff_sh("ip netns exec duac $SIPOFFCTL config set mode transparent "
			       "ports 5070 t1 50 t2 400 t4 500 timer-d 3200 linger 3000"));
	ASSERT_EQ(0, rr_call(3));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j dialog show | jq -e '%s == "
			       "[\"10.99.2.101\", \"10.99.2.102\", \"10.99.2.103\"] and "
			       ".[0].route_truncated == false' >/dev/null || "
			       "{ ip netns exec dgw $SIPOFFCTL -j dialog show; exit 1; }", hosts));
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac $SIPOFFCTL -j dialog show | jq -e '%s == "
			       "[\"10.99.2.103\", \"10.99.2.102\", \"10.99.2.101\"] and "
			       ".[0].route_truncated == false' >/dev/null || "
			       "{ ip netns exec duac $SIPOFFCTL -j dialog show; exit 1; }", hosts));
	ASSERT_EQ(0, wait_for(10000, "[ -s " WORK "/uac.rc ]"));
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/uac.rc) = 0 ] || { cat " WORK "/uac.out; exit 1; }"));
	ASSERT_EQ(0, wait_for(3000, "! pgrep -x sipp >/dev/null"));
	sipoff_sh("rm -f " WORK "/uac.rc");

	/* (The first call's dialog still lingers: the second one is picked by its Call-ID.) */
	ASSERT_EQ(0, listeners_up());
	ASSERT_EQ(0, rr_call(13));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j dialog show | jq -e "
			       "'map(select(.call_id | startswith(\"rr13-\"))) | length == 1 and "
			       ".[0].route_truncated == true and (.[0].route_set | length == 12)' "
			       ">/dev/null || { ip netns exec dgw $SIPOFFCTL -j dialog show; exit 1; }"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac $SIPOFFCTL -j dialog show | jq -e "
			       "'map(select(.call_id | startswith(\"rr13-\"))) | length == 1 and "
			       ".[0].route_truncated == true' >/dev/null || "
			       "{ ip netns exec duac $SIPOFFCTL -j dialog show; exit 1; }"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw grep -q 'confirmed uas .*[.][.][.]$' "
			       "/proc/net/sipoff/dialogs || { ip netns exec dgw cat "
			       "/proc/net/sipoff/dialogs; exit 1; }"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL dialog terminate "
			       "$(ip netns exec dgw $SIPOFFCTL -j dialog show | jq -r "
			       "'map(select(.call_id | startswith(\"rr13-\")))[0].call_id')"));
	EXPECT_EQ(0, wait_for(3000, "grep -q 'route set cut short, no BYE sent' " WORK
			      "/sipoffd.log"));
	ASSERT_EQ(0, wait_for(10000, "[ -s " WORK "/uac.rc ]"));
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/uac.rc) = 0 ] || { cat " WORK "/uac.out; exit 1; }"));
	listeners_down();
}

/*
 * A SUBSCRIBE/NOTIFY usage inside an INVITE dialog (RFC 5057): the BYE ends the INVITE usage
 * only, the dialog stays (in /proc, one usage) until the NOTIFY with Subscription-State
 * terminated ends it.
 */
TEST_F_TIMEOUT(dlg, subscription_outlives_bye, 60)
{
	ASSERT_EQ(0, listeners_up());
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_sub.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac_sub.xml -i " UAC " -p 5070 -m 1 "
	   "-nostdin -timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s " GW ":5060 > " WORK
	   "/uac.out 2>&1; echo $? > " WORK "/uac.rc", sipp_dir);
	/* Two usages once the SUBSCRIBE is in; one, still confirmed, between BYE and NOTIFY. */
	EXPECT_EQ(0, wait_for(3000, "ip netns exec dgw grep -q ' confirmed uas 2 ' "
			      "/proc/net/sipoff/dialogs"));
	EXPECT_EQ(0, wait_for(3000, "ip netns exec dgw grep -q ' confirmed uas 1 ' "
			      "/proc/net/sipoff/dialogs && grep -q bye-response "
			      WORK "/events.json"));
	ASSERT_EQ(0, wait_for(10000, "[ -s " WORK "/uac.rc ]"));
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/uac.rc) = 0 ] || { cat " WORK "/uac.out; exit 1; }"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added dialog-confirmed usage-added "
				"usage-ended bye-response usage-ended dialog-ended "));
	EXPECT_EQ(0, sipoff_sh("jq -s -e '[.[] | select(.usage) | .event + \":\" + .usage.kind + "
			       "\":\" + .usage.reason] == [\"usage-added:invite:none\", "
			       "\"usage-added:subscribe:none\", \"usage-ended:invite:bye\", "
			       "\"usage-ended:subscribe:subscription-terminated\"]' " WORK
			       "/events.json >/dev/null"));
	EXPECT_EQ(0, event_is("dialog-ended", ".dialog | .end_reason == "
			      "\"subscription-terminated\" and .end_by == \"local\" and "
			      ".bye_code == 200"));
	EXPECT_EQ(0, record_is(".end_reason == \"subscription-terminated\" and "
			       ".bye_code == 200 and .final_code == 200"));
}

/*
 * sipoffd's maximum call duration (1 s): it asks the kernel to end the call, and on the
 * terminate request sends a BYE to each party; the record names the policy.
 */
TEST_F_TIMEOUT(dlg, max_duration_policy, 60)
{
	sipoff_sh("printf 'max-duration 1\\nbye-wait 3000\\n' > " WORK "/d.conf");
	/* Through the proxy: sipp answers a request at its call's address, not the Via's. */
	ASSERT_EQ(0, proxy_up()) TH_LOG("kamailio did not start");
	ASSERT_EQ(0, listeners_up_args("-c " WORK "/d.conf"));
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_rr.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac sipp -sf %s/dlg_uac_byed.xml -i " UAC " -p 5070 "
			       "-m 1 -nostdin -timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s "
			       UAC ":5080 > " WORK "/uac.out 2>&1 || { cat " WORK "/uac.out; exit 1; }",
			       sipp_dir));
	EXPECT_EQ(0, wait_for(5000, "grep -q '\"type\":\"terminate\"' " WORK "/records.json"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added dialog-confirmed "
				"terminate-request usage-ended dialog-ended bye-response "));
	EXPECT_EQ(0, record_is(".policy == \"max-duration\" and .end_reason == \"operator\" and "
			       ".duration_ms >= 1000 and .duration_ms < 2500 and .bye_code == 200"));
}

/*
 * A forked call, watched on the caller's side (namespace duac, port 5070): a forking proxy
 * (Kamailio, in dgw at :5080) rings two callees; both send 180 (two early dialogs of one
 * INVITE), one answers.  The proxy CANCELs the other and absorbs its 487, so that early dialog
 * ends 64*T1 (3.2 s) after the 2xx (RFC 3261 §13.2.2.4: fork-loser); the answered one ends on
 * the caller's BYE.
 */
TEST_F_TIMEOUT(dlg, forked_call_one_answers, 60)
{
	ASSERT_EQ(0, sipoff_sh("ip netns exec duac $SIPOFFCTL config set mode transparent ports 5070 "
			       "t1 50 t2 400 t4 500 timer-d 3200 linger 5000"));
	sipoff_sh("mkdir -p " WORK "/kam");
	BG("kam", "ip netns exec dgw kamailio -f %s/../kamailio/dlg_fork.cfg -DD -E -Y " WORK
	   "/kam -P " WORK "/kam/pid -l udp:" GW ":5080 -m 32 -M 4 -A 'UAS_A=\"sip:callee@" GW
	   ":5060\"' -A 'UAS_B=\"sip:callee@" GW ":5062\"' > " WORK "/kam.log 2>&1", sipp_dir);
	ASSERT_EQ(0, wait_for(5000, "ip netns exec dgw ss -lun | grep -q '" GW ":5080 '"));
	BG("mon", "ip netns exec duac $SIPOFFCTL -j monitor > " WORK "/events.json 2>&1");
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_rr.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	BG("uasb", "ip netns exec dgw sipp -sf %s/dlg_uas_cancel.xml -i " GW " -p 5062 -m 1 "
	   "-nostdin -timeout 20s > " WORK "/uasb.out 2>&1", sipp_dir);
	usleep(500000);
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac sipp -sf %s/dlg_uac_fork.xml -i " UAC " -p 5070 "
			       "-m 1 -nostdin -timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s "
			       GW ":5080 > " WORK "/uac.out 2>&1 || { cat " WORK "/uac.out; exit 1; }",
			       sipp_dir));
	EXPECT_EQ(0, wait_for(6000, "[ $(grep -c dialog-ended " WORK "/events.json) = 2 ]"));
	bg_kill("mon", SIGTERM);
	bg_kill("uasb", SIGKILL);
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added dialog-new dialog-early "
				"usage-added dialog-confirmed usage-ended dialog-ended bye-response "
				"usage-ended dialog-ended "));
	/* Two dialogs of one Call-ID and local tag, UAC side; the loser 64*T1 after the 2xx. */
	EXPECT_EQ(0, sipoff_sh("jq -s -e '[.[] | select(.event == \"dialog-new\") | .dialog] | "
			       "length == 2 and .[0].id != .[1].id and .[0].call_id == .[1].call_id "
			       "and .[0].local_tag == .[1].local_tag and "
			       ".[0].remote_tag != .[1].remote_tag and all(.[]; .side == \"uac\")' "
			       WORK "/events.json >/dev/null"));
	EXPECT_EQ(0, sipoff_sh("jq -s -e '(map(select(.event == \"dialog-confirmed\"))[0].dialog) "
			       "as $w | map(select(.event == \"dialog-ended\") | .dialog) | "
			       ".[0].id == $w.id and .[0].end_reason == \"bye\" and "
			       ".[0].end_by == \"local\" and .[1].end_reason == \"fork-loser\" and "
			       ".[1].end_by == \"timer\" and .[1].answered_ms == 0 and "
			       "(.[1].ended_ms - $w.answered_ms) >= 3100 and "
			       "(.[1].ended_ms - $w.answered_ms) < 4500 and "
			       "(.[0].route_set | length == 1)' " WORK "/events.json >/dev/null || "
			       "{ cat " WORK "/events.json; exit 1; }"));
}

/*
 * An early dialog that stays silent longer than the configured early timeout (1 s) ends with
 * reason early-timeout, by the timer; the late 486 changes nothing.
 */
TEST_F_TIMEOUT(dlg, early_dialog_timeout, 60)
{
	ASSERT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set dialog-early-timeout 1000"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config show | "
			       "grep -q 'dialog-early-timeout 1000ms'"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk '$1 == \"dialog_early_timeout_ms\" && "
			       "$2 == 1000 { ok = 1 } END { exit !ok }' /proc/net/sipoff/config"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set dialog-early-timeout "
			       "86400001 2>&1 | grep -q 'at most 86400000'"));
	ASSERT_EQ(0, listeners_up());
	EXPECT_EQ(0, call("dlg_uas_ring.xml", "dlg_uac_fail.xml"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added usage-ended dialog-ended "));
	EXPECT_EQ(0, event_is("dialog-ended", ".dialog | .end_reason == \"early-timeout\" and "
			      ".end_by == \"timer\" and .ended_ms - .created_ms >= 1000 and "
			      ".ended_ms - .created_ms < 1600 and .final_code == 0"));
	EXPECT_EQ(0, record_is(".end_reason == \"early-timeout\" and .ended_by == \"timer\""));
}

/*
 * sipoffd started after the call ended (within the linger): its start-up dump still gives the
 * ended dialog, and it writes the call record (a daemon that lost events loses no record).
 */
TEST_F_TIMEOUT(dlg, record_from_dump_after_restart, 60)
{
	EXPECT_EQ(0, call("dlg_uas.xml", "dlg_uac.xml"));
	usleep(500000);
	BG("d", "ip netns exec dgw %s -o " WORK "/records.json 2> " WORK "/sipoffd.log", sipoffd);
	ASSERT_EQ(0, wait_for(3000, "grep -q ready " WORK "/sipoffd.log"));
	bg_kill("d", SIGTERM);
	usleep(300000);
	EXPECT_EQ(0, record_is(".end_reason == \"bye\" and .bye_code == 200 and "
			       ".duration_ms >= 1400"));
}

/*
 * Load: @calls calls at @rate calls/s (sipp's built-in caller and callee, 300 ms each), every
 * call record written, events without a gap, no dialog left after the linger.
 */
static void load_calls(struct __test_metadata *_metadata, int calls, int rate)
{
	int secs = calls / rate + 30;
	char cond[256];

	/*
	 * The ended dialogs linger 10 s (not 3): the dump after the calls finds them however
	 * slowly this guest gets there.  The monitor's socket gets 8 MiB by default (a test
	 * tool starved of CPU must not lose events; the kernel's sequence numbers are what is
	 * checked).
	 */
	ASSERT_EQ(0, sipoff_sh("sysctl -qw net.core.rmem_default=8388608 net.core.rmem_max=8388608"));
	ASSERT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set linger 10000"));
	ASSERT_EQ(0, listeners_up());
	BG("uas", "ip netns exec dgw sipp -sn uas -i " GW " -p 5060 -m %d -nostdin "
	   "-timeout %ds > " WORK "/uas.out 2>&1", calls, secs);
	usleep(500000);
	/*
	 * Dumps while the tables change (and resize): each `-j` output is one JSON array, and
	 * nothing in it twice.
	 */
	BG("dumps", "n=0; while :; do for w in dialog transaction; do "
	   "ip netns exec dgw $SIPOFFCTL -j $w show > " WORK "/live.json 2>/dev/null; "
	   "jq -s -e 'length == 1 and (.[0] | map([.id, .kind, .call_id, .cseq]) | unique | "
	   "length) == (.[0] | length)' " WORK "/live.json >/dev/null || "
	   "cp " WORK "/live.json " WORK "/live.bad; "
	   "l=$(jq length " WORK "/live.json 2>/dev/null); "
	   "[ \"${l:-0}\" -le \"$(cat " WORK "/$w.max 2>/dev/null || echo 0)\" ] || "
	   "echo $l > " WORK "/$w.max; done; n=$((n + 1)); echo $n > " WORK
	   "/dumps.n; sleep 0.2; done");
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac sipp -sn uac -i " UAC " -p 5070 -m %d -r %d "
			       "-d 300 -nostdin -timeout %ds -timeout_error " GW ":5060 > " WORK
			       "/uac.out 2>&1 || { tail -n 30 " WORK "/uac.out; exit 1; }", calls, rate, secs));
	bg_kill("dumps", SIGTERM);
	EXPECT_EQ(0, sipoff_sh("[ ! -e " WORK "/live.bad ] && [ $(cat " WORK "/dumps.n) -ge 5 ] "
			       "|| { head -c 2000 " WORK "/live.bad; cat " WORK "/dumps.n; exit 1; }"));
	/* The lingering dialogs: a dump in several batches (a table walk), none twice. */
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j dialog show > " WORK "/dump.json; "
			       "jq -e 'length > 60 and (map(.id) | unique | length) == length' "
			       WORK "/dump.json >/dev/null || { jq length " WORK "/dump.json; "
			       "exit 1; }"));
	/*
	 * The transactions: dumps over several messages during the calls, none twice (above);
	 * the largest had more than 30 (transactions linger only 64*T1, so a dump after the
	 * calls may find few on a slow guest).
	 */
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/transaction.max) -gt 30 ] || "
			       "{ cat " WORK "/transaction.max; exit 1; }"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j transaction show | jq -e "
			       "'(map([.kind, .call_id, .cseq]) | unique | length) == length' "
			       ">/dev/null"));
	snprintf(cond, sizeof(cond), "[ $(grep -c '\"type\":\"call\"' " WORK
		 "/records.json) -ge %d ]", calls);
	EXPECT_EQ(0, wait_for(10000, cond));
	listeners_down();
	EXPECT_EQ(0, sipoff_sh("jq -s -e 'map(select(.type == \"call\")) | length == %d and "
			       "all(.[]; .end_reason == \"bye\" and .final_code == 200 and "
			       ".bye_code == 200) and (map(.call_id) | unique | length == %d)' "
			       WORK "/records.json >/dev/null", calls, calls));
	EXPECT_EQ(0, sipoff_sh("jq -s -e '[.[].seq] as $s | $s == [range($s[0]; $s[0] + "
			       "($s | length))]' " WORK "/events.json >/dev/null"));
	EXPECT_EQ(0, sipoff_sh("grep -q resync.*gap " WORK "/sipoffd.log && exit 1; exit 0"));
	EXPECT_EQ(0, wait_for(20000, "ip netns exec dgw awk '$1 == \"dialogs\" && $2 == 0 "
			      "{ z = 1 } END { exit !z }' /proc/net/sipoff/stats"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk '($1 == \"dialogs_created\" && $2 != %d) "
			       "|| ($1 == \"events_lost\" && $2 != 0) || "
			       "($1 == \"dialogs_over_cap\" && $2 != 0) { bad = 1 } "
			       "END { exit bad }' /proc/net/sipoff/stats", calls));
	sipoff_sh("echo '# '$(grep -E 'Successful call|Failed call' " WORK "/uac.out | "
		  "tr -s ' ' | tr '\\n' ' ')");
}

TEST_F_TIMEOUT(dlg, load_300_calls, 120)
{
	load_calls(_metadata, 300, 30);
}

/*
 * The rate this guest carries: sipp's built-in caller and callee (300 ms calls) with sipoff off
 * in both namespaces, 400 calls asked at 200 calls/s; the completed ones over the seconds they
 * took.  The namespaces are made afresh afterwards.  0 if none completed.
 */
static int load_measure_rate(void)
{
	struct timespec t0, t1;
	double secs;
	FILE *f;
	int ok = 0;

	printf("# load: measuring the rate this guest carries with sipoff off\n");
	fflush(stdout);
	if (sipoff_sh("ip netns exec dgw $SIPOFFCTL config set mode off && "
		      "ip netns exec duac $SIPOFFCTL config set mode off")) {
		printf("# load: sipoffctl config set mode off failed\n");
		return 0;
	}
	/* Every step bounded by timeout(1): a starved sipp must not hold the test. */
	BG("uas", "timeout -s KILL 90 ip netns exec dgw sipp -sn uas -i " GW " -p 5060 -m 400 "
	   "-nostdin -timeout 80s > " WORK "/cal.uas.out 2>&1");
	if (wait_for(5000, "ip netns exec dgw ss -Hlun 'src " GW ":5060' | grep -q .")) {
		printf("# load: the callee did not start\n");
		sipoff_sh("cat " WORK "/cal.uas.out");
		return 0;
	}
	/*
	 * 400 calls asked at 200 calls/s: the calls that completed over the seconds they took
	 * say what the guest carries (an overloaded guest fails some: not counted, and each
	 * gives up after 2 s, -recv_timeout, not after sipp's default 64*T1 of 32 s).
	 */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sipoff_sh("timeout -s KILL 80 ip netns exec duac sipp -sn uac -i " UAC " -p 5070 "
		  "-r 200 -m 400 -d 300 -recv_timeout 2000 -nostdin -timeout 70s " GW ":5060 > " WORK
		  "/cal.uac.out 2>&1");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	sipoff_sh("grep 'Successful call' " WORK "/cal.uac.out | tail -n 1 | awk '{ print $NF }' "
		  "> " WORK "/cal.n");
	f = fopen(WORK "/cal.n", "r");
	if (!f || fscanf(f, "%d", &ok) != 1)
		ok = 0;
	if (f)
		fclose(f);
	printf("# load: %d of 400 calls in %.1f s with sipoff off\n", ok, secs);
	wait_for(10000, "! pgrep -x sipp >/dev/null");
	if (net_up() || secs <= 0)
		return 0;
	return (int)(ok / secs);
}

/*
 * Load: SIPOFF_LOAD_CALLS calls (default 10 000).  At SIPOFF_LOAD_RATE calls/s if set; else at
 * 40% of the rate this guest carries with sipoff off (measured first, same run), at least 20 and
 * at most 100 calls/s: a debug kernel on a shared 2-core machine carries what it carries, and
 * this test is about correctness (every call a record, no event gap, no dialog left, nothing
 * over the cap), not speed.  The rate used is printed.  `make check` runs it in a guest of its
 * own (suite load).
 */
TEST_F_TIMEOUT(dlg, load_10000_calls, 800)
{
	const char *c = getenv("SIPOFF_LOAD_CALLS"), *r = getenv("SIPOFF_LOAD_RATE");
	int calls = c ? atoi(c) : 10000, rate, carried = 0;

	ASSERT_GT(calls, 0);
	if (r && *r) {
		rate = atoi(r);
	} else {
		carried = load_measure_rate();
		ASSERT_GT(carried, 0) TH_LOG("could not measure the guest's call rate");
		rate = carried * 2 / 5;
		if (rate < 20)
			rate = 20;
		if (rate > 100)
			rate = 100;
	}
	ASSERT_GT(rate, 0);
	printf("# load: %d calls at %d calls/s (%s%d calls/s with sipoff off)\n", calls, rate,
	       carried ? "this guest carried " : "SIPOFF_LOAD_RATE; not measured: ",
	       carried);
	fflush(stdout);
	load_calls(_metadata, calls, rate);
}

/* A basic call over IPv6: the dialog's addresses, events and record. */
TEST_F_TIMEOUT(dlg, ipv6_call, 60)
{
	ASSERT_EQ(0, listeners_up());
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas.xml -i " GW6 " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac.xml -i " UAC6 " -p 5070 -m 1 -nostdin "
	   "-timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s [" GW6 "]:5060 > " WORK
	   "/uac.out 2>&1; echo $? > " WORK "/uac.rc", sipp_dir);
	ASSERT_EQ(0, wait_for(3000, "ip netns exec dgw grep -q ' confirmed uas 1 ' "
			      "/proc/net/sipoff/dialogs"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j dialog show | jq -e "
			       "'.[0].local_addr == \"" GW6 "\" and .[0].remote_addr == \"" UAC6
			       "\" and .[0].local_port == 5060 and .[0].remote_port == 5070' "
			       ">/dev/null"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL -j transaction show | jq -e "
			       "'map(select(.kind == \"ist\")) | length == 1 and "
			       ".[0].family == \"inet6\" and .[0].peer_addr == \"" UAC6 "\" and "
			       ".[0].peer_port == 5070 and .[0].last_code == 200' >/dev/null"));
	ASSERT_EQ(0, wait_for(10000, "[ -s " WORK "/uac.rc ]"));
	EXPECT_EQ(0, sipoff_sh("[ $(cat " WORK "/uac.rc) = 0 ] || { cat " WORK "/uac.out; exit 1; }"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added dialog-confirmed "
				"usage-ended dialog-ended bye-response "));
	EXPECT_EQ(0, record_is(".end_reason == \"bye\" and .bye_code == 200 and "
			       ".local.addr == \"" GW6 "\" and .remote.addr == \"" UAC6 "\""));
}

/* SIGHUP: sipoffd reopens its records file (log rotation). */
TEST_F_TIMEOUT(dlg, sipoffd_sighup_reopens, 60)
{
	ASSERT_EQ(0, listeners_up());
	ASSERT_EQ(0, sipoff_sh("mv " WORK "/records.json " WORK "/records.0.json && "
			       "kill -HUP $(cat " WORK "/sipoffd.pid)"));
	EXPECT_EQ(0, wait_for(3000, "grep -q 'records reopened' " WORK "/sipoffd.log"));
	EXPECT_EQ(0, call("dlg_uas_busy.xml", "dlg_uac_fail.xml"));
	listeners_down();
	EXPECT_EQ(0, record_is(".end_reason == \"rejected\" and .final_code == 486"));
	EXPECT_EQ(0, sipoff_sh("[ ! -s " WORK "/records.0.json ]"));
}

/*
 * Timer F ends a dialog (RFC 5057 §5.1, contract §5): in offload mode the callee's INFO inside
 * the dialog goes unanswered (the caller, a python script, ignores it); the kernel re-sends it,
 * its Timer F (64*T1 = 3.2 s) runs out, the event says so and the dialog ends with reason
 * timeout; the call record says the same.
 */
TEST_F_TIMEOUT(dlg, timer_f_ends_dialog, 60)
{
	ASSERT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set mode offload"));
	ASSERT_EQ(0, listeners_up());
	/* -nr: the callee's sipp sends the INFO once; every copy is the kernel's. */
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_info.xml -i " GW " -p 5060 -m 1 "
	   "-nostdin -nr -timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	ASSERT_EQ(0, wait_for(5000, "ip netns exec dgw ss -Hlun 'src " GW ":5060' | grep -q ."));
	/* The caller: INVITE, the 200, ACK; then it reads and ignores for 5 s. */
	ASSERT_EQ(0, sipoff_sh("ip netns exec duac python3 %s/dlg_uac_deaf.py " UAC " 5070 " GW
			       " 5060 dlg-timer-f@test 5 > " WORK "/caller.out 2>&1 || "
			       "{ cat " WORK "/caller.out " WORK "/uas.out; exit 1; }", sipp_dir));
	/*
	 * The kernel re-sent the INFO on Timer E (50, 150, 350, 750 ms, then every T2 = 400 ms)
	 * until Timer F (3.2 s): at most 10 re-sends, 11 copies; at least 5 copies when the loaded
	 * debug guest runs its timers late.
	 */
	EXPECT_EQ(0, sipoff_sh("n=$(awk '{ for (i = 1; i < NF; i += 2) if ($i == \"INFO\") "
			       "print $(i + 1) }' " WORK "/caller.out); [ \"${n:-0}\" -ge 5 ] && "
			       "[ \"${n:-0}\" -le 12 ] || { cat " WORK "/caller.out; exit 1; }"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk '$1 == \"kernel_resends\" && $2 >= 4 "
			       "{ ok = 1 } END { exit !ok }' /proc/net/sipoff/stats || "
			       "{ ip netns exec dgw grep kernel_resends /proc/net/sipoff/stats; exit 1; }"));
	EXPECT_EQ(0, wait_for(3000, "grep -q '\"type\":\"call\"' " WORK "/records.json"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added dialog-confirmed "
				"txn-timeout usage-ended dialog-ended "));
	EXPECT_EQ(0, sipoff_sh("jq -s -e 'map(select(.event == \"txn-timeout\")) | length == 1 and "
			       ".[0].txn.method == \"INFO\" and .[0].txn.timer == \"F\"' " WORK
			       "/events.json >/dev/null || { cat " WORK "/events.json; exit 1; }"));
	EXPECT_EQ(0, event_is("dialog-ended", ".dialog | .end_reason == \"timeout\" and "
			      ".state == \"ended\" and .ended_ms - .acked_ms >= 3200 and "
			      ".ended_ms - .acked_ms < 4500"));
	EXPECT_EQ(0, record_is(".end_reason == \"timeout\" and .final_code == 200 and "
			       ".call_id == \"dlg-timer-f@test\""));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk '$1 == \"timeouts_f\" && $2 == 1 { ok = 1 } "
			       "END { exit !ok }' /proc/net/sipoff/stats"));
}

/*
 * sipoffd stopped during 20 calls, with a tiny receive buffer: the events overrun its socket
 * (ENOBUFS); it resyncs from a dump (the ended dialogs linger) and still writes every record.
 */
TEST_F_TIMEOUT(dlg, sipoffd_overrun_resync, 90)
{
	ASSERT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set linger 30000"));
	ASSERT_EQ(0, listeners_up_args("-b 1"));
	ASSERT_EQ(0, sipoff_sh("kill -STOP $(cat " WORK "/sipoffd.pid)"));
	BG("uas", "ip netns exec dgw sipp -sn uas -i " GW " -p 5060 -m 20 -nostdin "
	   "-timeout 60s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac sipp -sn uac -i " UAC " -p 5070 -m 20 -r 20 "
			       "-d 100 -nostdin -timeout 60s -timeout_error " GW ":5060 > " WORK
			       "/uac.out 2>&1 || { tail -n 30 " WORK "/uac.out; exit 1; }"));
	ASSERT_EQ(0, sipoff_sh("kill -CONT $(cat " WORK "/sipoffd.pid)"));
	EXPECT_EQ(0, wait_for(5000, "grep -q 'resync (netlink overrun)' " WORK "/sipoffd.log"));
	EXPECT_EQ(0, wait_for(5000, "[ $(grep -c '\"type\":\"call\"' " WORK
			      "/records.json) = 20 ]"));
	listeners_down();
	EXPECT_EQ(0, sipoff_sh("jq -s -e 'map(select(.type == \"call\")) | length == 20 and "
			       "all(.[]; .end_reason == \"bye\") and "
			       "(map(.call_id) | unique | length == 20)' " WORK "/records.json "
			       ">/dev/null || { cat " WORK "/sipoffd.log; exit 1; }"));
}

/*
 * The same with the events socket told not to report overruns (sipoffd -n, NETLINK_NO_ENOBUFS):
 * the lost events show only as a gap in their sequence numbers; sipoffd resyncs on the gap and
 * still writes every record.
 */
TEST_F_TIMEOUT(dlg, sipoffd_gap_resync, 90)
{
	ASSERT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set linger 30000"));
	ASSERT_EQ(0, listeners_up_args("-b 1 -n"));
	ASSERT_EQ(0, sipoff_sh("kill -STOP $(cat " WORK "/sipoffd.pid)"));
	BG("uas", "ip netns exec dgw sipp -sn uas -i " GW " -p 5060 -m 20 -nostdin "
	   "-timeout 60s > " WORK "/uas.out 2>&1", sipp_dir);
	ASSERT_EQ(0, wait_for(5000, "ip netns exec dgw ss -Hlun 'src " GW ":5060' | grep -q ."));
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac sipp -sn uac -i " UAC " -p 5070 -m 20 -r 20 "
			       "-d 100 -nostdin -timeout 60s -timeout_error -cid_str gap-%%u-%%p@%%s "
			       GW ":5060 > " WORK
			       "/uac.out 2>&1 || { tail -n 30 " WORK "/uac.out; exit 1; }"));
	ASSERT_EQ(0, sipoff_sh("kill -CONT $(cat " WORK "/sipoffd.pid)"));
	/*
	 * It reads what its socket kept; the next call's first event shows the gap.  (Its socket
	 * is still tiny: that call's own events may be lost again, so only the 20 calls' records
	 * are counted.)
	 */
	ASSERT_EQ(0, wait_for(5000, "! pgrep -x sipp >/dev/null"));
	BG("uas", "ip netns exec dgw sipp -sn uas -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 30s > " WORK "/uas.out 2>&1", sipp_dir);
	ASSERT_EQ(0, wait_for(5000, "ip netns exec dgw ss -Hlun 'src " GW ":5060' | grep -q ."));
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac sipp -sn uac -i " UAC " -p 5070 -m 1 "
			       "-d 100 -nostdin -timeout 30s -timeout_error -cid_str next-%%u-%%p@%%s "
			       GW ":5060 > " WORK
			       "/uac.out 2>&1 || { tail -n 30 " WORK "/uac.out; exit 1; }"));
	EXPECT_EQ(0, wait_for(5000, "grep -q 'resync (events lost: sequence gap)' " WORK
			      "/sipoffd.log"));
	EXPECT_EQ(0, wait_for(5000, "[ $(grep '\"type\":\"call\"' " WORK "/records.json | "
			      "grep -c '\"call_id\":\"gap-') = 20 ]"));
	listeners_down();
	EXPECT_EQ(0, sipoff_sh("! grep -q 'netlink overrun' " WORK "/sipoffd.log || "
			       "{ cat " WORK "/sipoffd.log; exit 1; }"));
	EXPECT_EQ(0, sipoff_sh("jq -s -e 'map(select(.type == \"call\" and "
			       "(.call_id | startswith(\"gap-\")))) | length == 20 and "
			       "all(.[]; .end_reason == \"bye\") and "
			       "(map(.call_id) | unique | length == 20)' " WORK "/records.json "
			       ">/dev/null || { cat " WORK "/sipoffd.log " WORK "/records.json; exit 1; }"));
}

/* A busy callee: 180 (early dialog), 486: ended, rejected by the local party, 486. */
TEST_F_TIMEOUT(dlg, busy_486, 60)
{
	ASSERT_EQ(0, listeners_up());
	EXPECT_EQ(0, call("dlg_uas_busy.xml", "dlg_uac_fail.xml"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added usage-ended dialog-ended "));
	EXPECT_EQ(0, event_is("dialog-ended", ".dialog | .end_reason == \"rejected\" and "
			      ".end_by == \"local\" and .final_code == 486 and "
			      ".end_code == 486 and .answered_ms == 0"));
	EXPECT_EQ(0, record_is(".end_reason == \"rejected\" and .final_code == 486 and "
			       ".answer_ms == 0 and .duration_ms == 0 and .ended_by == \"local\""));
}

/*
 * /proc/net/sipoff/dialogs read in many small read() calls (the walk is entered again for
 * each) gives the same lines as one read: 30 ringing calls, each once.
 */
TEST_F_TIMEOUT(dlg, proc_dialogs_small_reads, 60)
{
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_ring.xml -i " GW " -p 5060 -m 30 "
	   "-nostdin -timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac_fail.xml -i " UAC " -p 5070 -m 30 "
	   "-r 60 -nostdin -timeout 20s " GW ":5060 > " WORK "/uac.out 2>&1", sipp_dir);
	ASSERT_EQ(0, wait_for(1800, "[ $(ip netns exec dgw grep -c ' early uas ' "
			      "/proc/net/sipoff/dialogs) = 30 ]"));
	EXPECT_EQ(0, sipoff_sh("cd " WORK " && "
			       "ip netns exec dgw dd if=/proc/net/sipoff/dialogs bs=64 2>/dev/null | "
			       "awk '{ $5 = \"\"; print }' > small && "
			       "ip netns exec dgw cat /proc/net/sipoff/dialogs | "
			       "awk '{ $5 = \"\"; print }' > one && "
			       "[ $(wc -l < small) = 31 ] && [ $(head -n 1 small | cut -d' ' -f1) = id ] && "
			       "[ $(awk 'NR > 1 { print $1 }' small | sort -u | wc -l) = 30 ] && "
			       "[ \"$(sort small)\" = \"$(sort one)\" ] || "
			       "{ wc -l small one; diff small one | head; exit 1; }"));
	ASSERT_EQ(0, wait_for(8000, "[ $(ip netns exec dgw wc -l < /proc/net/sipoff/dialogs) = 1 ]"));
}

/*
 * Over the dialog cap (max-dialogs 2, 4 calls up at once): the dialogs over the cap are counted,
 * not made, and their packets pass: every call completes.
 */
TEST_F_TIMEOUT(dlg, dialog_cap_counts_and_passes, 60)
{
	ASSERT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL config set max-dialogs 2"));
	BG("uas", "ip netns exec dgw sipp -sn uas -i " GW " -p 5060 -m 4 -nostdin -timeout 30s "
	   "> " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	EXPECT_EQ(0, sipoff_sh("ip netns exec duac sipp -sn uac -i " UAC " -p 5070 -m 4 -r 20 "
			       "-d 1500 -nostdin -timeout 30s -timeout_error " GW ":5060 > " WORK
			       "/uac.out 2>&1 || { tail -n 20 " WORK "/uac.out; exit 1; }"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw awk '$1 == \"dialogs_created\" { c = $2 } "
			       "$1 == \"dialogs_over_cap\" { o = $2 } END { if (c != 2 || o < 2) "
			       "{ print \"created \" c \" over_cap \" o; exit 1 } }' "
			       "/proc/net/sipoff/stats"));
}

/* A ringing call CANCELled by the caller: 487; ended, reason cancel, by the remote party. */
TEST_F_TIMEOUT(dlg, cancel_487, 60)
{
	ASSERT_EQ(0, listeners_up());
	EXPECT_EQ(0, call("dlg_uas_cancel.xml", "dlg_uac_cancel.xml"));
	listeners_down();
	EXPECT_EQ(0, events_are("dialog-new dialog-early usage-added usage-ended dialog-ended "));
	EXPECT_EQ(0, event_is("dialog-ended", ".dialog | .end_reason == \"cancel\" and "
			      ".end_by == \"remote\" and .final_code == 487 and "
			      "(.flags | index(\"cancel\") != null)"));
	EXPECT_EQ(0, record_is(".end_reason == \"cancel\" and .final_code == 487 and "
			       ".ended_by == \"remote\" and .answer_ms == 0"));
}

/*
 * An unprivileged user in the namespace: no dialog or transaction dump (EPERM), no events
 * group, no /proc/net/sipoff/dialogs or transactions (0440, owned by the namespace's root), no
 * flush, no terminate; the counters stay readable.
 */
TEST_F(dlg, unprivileged_denied)
{
	int st;
	pid_t pid;

	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw stat -c '%%a %%u %%g' /proc/net/sipoff/dialogs "
			       "| grep -qx '440 0 0'"));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int fd = open("/run/netns/dgw", O_RDONLY);

		if (fd < 0 || setns(fd, CLONE_NEWNET))
			_exit(99);
		if (setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		if (open("/proc/net/sipoff/dialogs", O_RDONLY) >= 0 || errno != EACCES)
			_exit(101);
		if (sipoff_sh("$SIPOFFCTL dialog show 2>&1 | grep -q 'not permitted'"))
			_exit(102);
		if (sipoff_sh("timeout 2 $SIPOFFCTL monitor 2>&1 | grep -q 'not permitted'"))
			_exit(103);
		if (sipoff_sh("$SIPOFFCTL flush 2>&1 | grep -q 'not permitted'"))
			_exit(104);
		if (sipoff_sh("$SIPOFFCTL dialog terminate x 2>&1 | grep -q 'not permitted'"))
			_exit(105);
		if (sipoff_sh("$SIPOFFCTL stats | grep -q '^dialogs '"))
			_exit(106);
		if (sipoff_sh("$SIPOFFCTL -j transaction show 2>&1 | grep -q 'not permitted'"))
			_exit(107);
		if (open("/proc/net/sipoff/transactions", O_RDONLY) >= 0 || errno != EACCES)
			_exit(108);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

/*
 * dialog terminate: clear errors: a confirmed call without sipoffd, an unknown Call-ID, a
 * ringing call whose INVITE the local host received (no CANCEL of the kernel's to send).
 */
TEST_F_TIMEOUT(dlg, terminate_errors, 60)
{
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas.xml -i " GW " -p 5060 -m 1 -nostdin "
	   "-timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	/* A caller that holds the call 3 s: a slow guest still finds it up. */
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac_rr3.xml -i " UAC " -p 5070 -m 1 -nostdin "
	   "-timeout 20s -timeout_error -cid_str dlg-%%u-%%p@%%s " GW ":5060 > " WORK
	   "/uac.out 2>&1", sipp_dir);
	ASSERT_EQ(0, wait_for(3000, "ip netns exec dgw grep -q ' confirmed uas 1 ' "
			      "/proc/net/sipoff/dialogs"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL dialog terminate "
			       "$(ip netns exec dgw $SIPOFFCTL -j dialog show | jq -r '.[0].call_id') "
			       "2>&1 | grep -q 'no sipoffd running'"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL dialog terminate nosuch 2>&1 | "
			       "grep -q 'no such dialog'"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL dialog show nosuch 2>&1 | "
			       "grep -q 'no such dialog'"));
	/* A ringing call on the callee's side. */
	ASSERT_EQ(0, wait_for(8000, "[ $(ip netns exec dgw wc -l < /proc/net/sipoff/dialogs) = 1 ]"));
	/* Both sipps end on their own (the callee 300 ms after the BYE). */
	ASSERT_EQ(0, wait_for(3000, "! pgrep -x sipp >/dev/null"));
	BG("uas", "ip netns exec dgw sipp -sf %s/dlg_uas_ring.xml -i " GW " -p 5060 -m 1 "
	   "-nostdin -timeout 20s > " WORK "/uas.out 2>&1", sipp_dir);
	usleep(500000);
	BG("uac", "ip netns exec duac sipp -sf %s/dlg_uac_fail.xml -i " UAC " -p 5070 -m 1 "
	   "-nostdin -timeout 20s -timeout_error -cid_str dlg2-%%u-%%p@%%s " GW ":5060 > " WORK
	   "/uac.out 2>&1", sipp_dir);
	ASSERT_EQ(0, wait_for(1500, "ip netns exec dgw grep -q ' early uas 1 ' "
			      "/proc/net/sipoff/dialogs"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL dialog terminate "
			       "$(ip netns exec dgw awk 'NR == 2 { print $6 }' "
			       "/proc/net/sipoff/dialogs) 2>&1 | grep -q 'dialog is early'"));
	EXPECT_EQ(0, sipoff_sh("ip netns exec dgw $SIPOFFCTL flush"));
	EXPECT_EQ(0, sipoff_sh("[ $(ip netns exec dgw wc -l < /proc/net/sipoff/dialogs) = 1 ]"));
}

TEST_HARNESS_MAIN
