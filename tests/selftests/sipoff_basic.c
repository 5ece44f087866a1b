// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_basic - kselftests of the module's foundation, run as root inside the test kernel:
 * loading under traffic, parameters, configuration and its permissions, counters, and state
 * kept per network namespace.
 *
 * Environment: SIPOFF_KO (path of sipoff.ko), SIPOFFCTL (path of sipoffctl).
 */
#include "sipoff_lib.h"
#include "kselftest_harness.h"

#define NOBODY 65534

/* Loading and unloading; no namespace of its own. */
FIXTURE(module) {
	int unused;
};

FIXTURE_SETUP(module) { }
FIXTURE_TEARDOWN(module)
{
	/* Leave the module loaded for the tests that follow. */
	sipoff_ensure_loaded();
}

/* 50 loads and unloads while UDP (SIP port, IPv4 and IPv6, and another port) runs. */
TEST_F_TIMEOUT(module, load_unload_under_traffic, 600)
{
	pid_t traffic;
	int i, st;

	if (sipoff_loaded())
		ASSERT_EQ(0, sipoff_rmmod());
	traffic = fork();
	ASSERT_GE(traffic, 0);
	if (traffic == 0) {
		for (;;) {
			sipoff_send_udp("127.0.0.1", 5060, SIPOFF_OPTIONS, 20);
			sipoff_send_udp("::1", 5060, SIPOFF_OPTIONS, 20);
			sipoff_send_udp("127.0.0.1", 5070, "not sip", 20);
		}
	}
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, sipoff_insmod(NULL)) TH_LOG("insmod #%d", i);
		usleep(10000);
		ASSERT_EQ(0, sipoff_rmmod()) TH_LOG("rmmod #%d", i);
	}
	kill(traffic, SIGKILL);
	waitpid(traffic, &st, 0);
}

/* Invalid module parameters refuse the load with EINVAL. */
TEST_F(module, bad_parameters_refused)
{
	static const char *const bad[] = {
		"mode=fast", "ports=0", "ports=5060,5060", "ports=70000", "ports=abc",
		"t1_ms=5", "t1_ms=5000 t2_ms=4000", "t4_ms=0", "t2_ms=70000",
		"ports=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
	};
	unsigned int i;

	if (sipoff_loaded())
		ASSERT_EQ(0, sipoff_rmmod());
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(EINVAL, sipoff_insmod(bad[i])) TH_LOG("%s", bad[i]);
	ASSERT_FALSE(sipoff_loaded());
	ASSERT_EQ(0, sipoff_insmod("mode=offload ports=5060,5080 t1_ms=50 t2_ms=400 t4_ms=500"));
	EXPECT_EQ(50, sipoff_proc_val("config", "t1_ms"));
	EXPECT_EQ(3200, sipoff_proc_val("config", "timer_d_ms"));
	ASSERT_EQ(0, sipoff_rmmod());
}

/* Each test of this fixture runs in a network namespace of its own. */
FIXTURE(ns) {
	int unused;
};

FIXTURE_SETUP(ns)
{
	ASSERT_EQ(0, sipoff_ensure_loaded());
	ASSERT_EQ(0, sipoff_new_netns());
}

FIXTURE_TEARDOWN(ns) { }

TEST_F(ns, defaults)
{
	char out[512] = "";
	FILE *p;

	p = popen("$SIPOFFCTL config show", "r");
	ASSERT_NE(NULL, p);
	fread(out, 1, sizeof(out) - 1, p);
	ASSERT_EQ(0, pclose(p));
	EXPECT_NE(NULL, strstr(out, "mode transparent ports 5060")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "t1 500ms t2 4000ms t4 5000ms timer-d 32000ms")) TH_LOG("%s", out);
	EXPECT_EQ(500, sipoff_proc_val("config", "t1_ms"));
}

TEST_F(ns, config_set_as_root)
{
	char out[512] = "";
	FILE *p;

	ASSERT_EQ(0, sipoff_sh("$SIPOFFCTL config set mode offload ports 5060,5062 t1 50 t2 400 "
			       "t4 500 timer-d 3200 trying 0 max-transactions 1000 max-dialogs 500 "
			       "max-bytes 1048576 linger 1000"));
	p = popen("$SIPOFFCTL -j config show", "r");
	ASSERT_NE(NULL, p);
	fread(out, 1, sizeof(out) - 1, p);
	ASSERT_EQ(0, pclose(p));
	EXPECT_STREQ("{\"mode\":\"offload\",\"ports\":[5060,5062],\"t1_ms\":50,\"t2_ms\":400,"
		     "\"t4_ms\":500,\"timer_d_ms\":3200,\"trying_ms\":0,\"max_transactions\":1000,"
		     "\"max_dialogs\":500,\"max_bytes\":1048576,\"linger_ms\":1000,"
		     "\"overload\":\"off\",\"overload_high_pct\":80,\"overload_low_pct\":50,"
		     "\"overload_delay_ms\":0,\"overload_retry_after_s\":5,"
		     "\"overload_max_rate\":1000,\"overload_active_ports\":[]}\n", out);
	EXPECT_EQ(50, sipoff_proc_val("config", "t1_ms"));
	EXPECT_EQ(400, sipoff_proc_val("config", "t2_ms"));
	EXPECT_EQ(3200, sipoff_proc_val("config", "timer_d_ms"));
	EXPECT_EQ(1048576, sipoff_proc_val("config", "max_bytes"));
	/* Attributes not given keep their value. */
	ASSERT_EQ(0, sipoff_sh("$SIPOFFCTL config set t2 800"));
	EXPECT_EQ(50, sipoff_proc_val("config", "t1_ms"));
	EXPECT_EQ(800, sipoff_proc_val("config", "t2_ms"));
	/* The new port is sipoff's now. */
	ASSERT_EQ(0, sipoff_send_udp("127.0.0.1", 5062, SIPOFF_OPTIONS, 3));
	EXPECT_EQ(3, sipoff_stat("sip_packets_in"));
}

/* Bad values: a clear error, and nothing changes (the request is validated whole). */
TEST_F(ns, config_set_bad_values)
{
	static const char *const bad[] = {
		"t1 5", "t1 5000", "t2 70000", "t4 0", "mode fast", "ports 0", "ports 5060,5060",
		"max-transactions 0", "max-bytes 10", "timer-d 100", "linger 99999999", "t1 x",
		"t1 50 ports 0", "bogus 1", "t1",
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_NE(0, sipoff_sh("$SIPOFFCTL config set %s 2>/dev/null", bad[i]))
			TH_LOG("%s", bad[i]);
	EXPECT_EQ(500, sipoff_proc_val("config", "t1_ms"));
	EXPECT_EQ(4000, sipoff_proc_val("config", "t2_ms"));
	/* The kernel names what was wrong. */
	EXPECT_EQ(0, sipoff_sh("$SIPOFFCTL config set t1 5000 2>&1 | grep -q 'T2 must be between T1'"));
}

/* An unprivileged user is refused with EPERM and changes nothing. */
TEST_F(ns, config_set_unprivileged_refused)
{
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		/* Reading is allowed; changing is not. */
		if (sipoff_sh("$SIPOFFCTL config show >/dev/null"))
			_exit(101);
		_exit(sipoff_sh("$SIPOFFCTL config set t1 100 2>&1 | grep -q 'not permitted'") ? 102 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(500, sipoff_proc_val("config", "t1_ms"));
}

/*
 * Root of a child user namespace (unshare -Ur) has CAP_NET_ADMIN only over the network
 * namespaces that namespace owns (GENL_UNS_ADMIN_PERM): with a network namespace of its own
 * (unshare -Urn) it configures it; in the parent's (owned by the initial user namespace) it is
 * refused and changes nothing.
 */
TEST_F(ns, child_userns_root_own_netns_only)
{
	EXPECT_EQ(0, sipoff_sh("unshare -Ur $SIPOFFCTL config set t1 100 2>&1 | "
			       "grep -q 'not permitted'"));
	EXPECT_EQ(500, sipoff_proc_val("config", "t1_ms"));
	EXPECT_EQ(0, sipoff_sh("unshare -Urn sh -c '$SIPOFFCTL config set t1 100 && "
			       "awk \"\\$1 == \\\"t1_ms\\\" && \\$2 == 100 { ok = 1 } "
			       "END { exit !ok }\" /proc/net/sipoff/config'"));
	EXPECT_EQ(500, sipoff_proc_val("config", "t1_ms"));
}

/* Counters count SIP-port packets (IPv4 and IPv6, in and out) and ignore other UDP. */
TEST_F(ns, counters)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(5060) };
	const char *resp = "SIP/2.0 200 OK\r\n"
			   "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-selftest\r\n"
			   "From: <sip:t@127.0.0.1>;tag=1\r\n"
			   "To: <sip:gw@127.0.0.1>;tag=2\r\n"
			   "Call-ID: selftest@127.0.0.1\r\n"
			   "CSeq: 1 OPTIONS\r\n"
			   "Content-Length: 0\r\n\r\n";
	int fd;

	ASSERT_EQ(0, sipoff_stat("sip_packets_in"));
	ASSERT_EQ(0, sipoff_send_udp("127.0.0.1", 5070, "not sip at all", 10));
	ASSERT_EQ(0, sipoff_send_udp("::1", 5071, SIPOFF_OPTIONS, 10));
	EXPECT_EQ(0, sipoff_stat("sip_packets_in"));
	EXPECT_EQ(0, sipoff_stat("sip_packets_out"));

	ASSERT_EQ(0, sipoff_send_udp("127.0.0.1", 5060, SIPOFF_OPTIONS, 7));
	ASSERT_EQ(0, sipoff_send_udp("::1", 5060, SIPOFF_OPTIONS, 5));
	ASSERT_EQ(0, sipoff_send_udp("127.0.0.1", 5060, "\r\n\r\n", 2));
	EXPECT_EQ(14, sipoff_stat("sip_packets_in"));
	EXPECT_EQ(12, sipoff_stat("requests_in"));
	EXPECT_EQ(2, sipoff_stat("keepalives"));
	EXPECT_EQ(12 * strlen(SIPOFF_OPTIONS) + 8, sipoff_stat("sip_bytes_in"));

	/* From the SIP port: LOCAL_OUT, where the local port is the source port. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_GE(fd, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ASSERT_EQ(0, bind(fd, (void *)&sin, sizeof(sin)));
	sin.sin_port = htons(5999);
	ASSERT_EQ((ssize_t)strlen(resp), sendto(fd, resp, strlen(resp), 0, (void *)&sin, sizeof(sin)));
	close(fd);
	EXPECT_EQ(1, sipoff_stat("sip_packets_out"));
	EXPECT_EQ(1, sipoff_stat("responses_out"));
	EXPECT_EQ(14, sipoff_stat("sip_packets_in"));
	EXPECT_EQ(0, sipoff_stat("parse_errors"));
}

/* A message sipoff cannot parse passes to the application untouched, counted by reason. */
TEST_F(ns, parse_errors_pass_and_are_counted)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(5060),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	static const char *const bad[] = {
		/* Content-Length beyond the datagram (the CVE-2026-23457 class) */
		"OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\n"
		"From: <sip:a@b>;tag=1\r\nTo: <sip:gw@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n"
		"Content-Length: 4294967296\r\n\r\n",
		/* no Call-ID */
		"OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\n"
		"From: <sip:a@b>;tag=1\r\nTo: <sip:gw@b>\r\nCSeq: 1 OPTIONS\r\n\r\n",
		/* SIP/3.0 */
		"OPTIONS sip:gw@127.0.0.1 SIP/3.0\r\nVia: SIP/3.0/UDP 127.0.0.1;branch=z9hG4bK1\r\n"
		"From: <sip:a@b>;tag=1\r\nTo: <sip:gw@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n",
	};
	char buf[2048];
	unsigned int i;
	int srv;

	srv = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_GE(srv, 0);
	ASSERT_EQ(0, bind(srv, (void *)&sin, sizeof(sin)));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, sipoff_send_udp("127.0.0.1", 5060, bad[i], 1));
		/* The application gets the very bytes that were sent. */
		ASSERT_EQ((ssize_t)strlen(bad[i]), recv(srv, buf, sizeof(buf), MSG_DONTWAIT));
		EXPECT_EQ(0, memcmp(buf, bad[i], strlen(bad[i])));
	}
	close(srv);
	EXPECT_EQ(3, sipoff_stat("parse_errors"));
	EXPECT_EQ(1, sipoff_stat("parse_error_bad_content_length"));
	EXPECT_EQ(1, sipoff_stat("parse_error_missing_header"));
	EXPECT_EQ(1, sipoff_stat("parse_error_bad_version"));
	EXPECT_EQ(0, sipoff_stat("requests_in"));
}

/* Two namespaces keep their own configuration and counters. */
TEST_F(ns, netns_independent)
{
	int pipefd[2];
	pid_t pid;
	char c;
	int st;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* Namespace B. */
		close(pipefd[0]);
		if (sipoff_new_netns())
			_exit(1);
		if (sipoff_sh("$SIPOFFCTL config set t1 100 ports 5080"))
			_exit(2);
		if (sipoff_send_udp("127.0.0.1", 5080, SIPOFF_OPTIONS, 4))
			_exit(3);
		if (sipoff_stat("sip_packets_in") != 4 || sipoff_proc_val("config", "t1_ms") != 100)
			_exit(4);
		write(pipefd[1], "x", 1);
		_exit(0);
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &c, 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, WEXITSTATUS(st));
	/* Namespace A saw none of it. */
	EXPECT_EQ(500, sipoff_proc_val("config", "t1_ms"));
	EXPECT_EQ(0, sipoff_stat("sip_packets_in"));
	ASSERT_EQ(0, sipoff_send_udp("127.0.0.1", 5080, SIPOFF_OPTIONS, 4));
	EXPECT_EQ(0, sipoff_stat("sip_packets_in"));
}

/*
 * 600 transactions (OPTIONS with 600 branches, 4 of them over IPv6): `sipoffctl transaction
 * show -j` gets each exactly once over a dump of several messages, as many as
 * /proc/net/sipoff/transactions lists, with their peers.
 */
TEST_F(ns, transaction_dump_many)
{
	char msg[512];
	int i;

	for (i = 0; i < 600; i++) {
		snprintf(msg, sizeof(msg),
			 "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
			 "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-many-%d\r\n"
			 "Max-Forwards: 70\r\n"
			 "From: <sip:t@127.0.0.1>;tag=1\r\n"
			 "To: <sip:gw@127.0.0.1>\r\n"
			 "Call-ID: many-%d@a-call-id-long-enough-to-need-several-messages\r\n"
			 "CSeq: %d OPTIONS\r\n"
			 "Content-Length: 0\r\n\r\n", i, i, i + 1);
		ASSERT_EQ(0, sipoff_send_udp(i < 596 ? "127.0.0.1" : "::1", 5060, msg, 1));
	}
	EXPECT_EQ(0, sipoff_sh("$SIPOFFCTL -j transaction show > /tmp/sipoff-txn-many.json"));
	EXPECT_EQ(0, sipoff_sh("jq -e 'length == 600 and (map(.branch) | unique | length) == 600 "
			       "and all(.[]; .kind == \"nist\" and .side == \"server\" and "
			       ".method == \"OPTIONS\" and .state == \"trying\" and "
			       "(.call_id | startswith(\"many-\")) and .cseq >= 1) and "
			       "(map(select(.family == \"inet6\" and .peer_addr == \"::1\")) | "
			       "length) == 4 and (map(select(.peer_addr == \"127.0.0.1\")) | "
			       "length) == 596' /tmp/sipoff-txn-many.json >/dev/null"));
	EXPECT_EQ(0, sipoff_sh("[ $(grep -c '^server ' /proc/net/sipoff/transactions) = 600 ]"));
	sipoff_sh("rm -f /tmp/sipoff-txn-many.json");
}

/* /proc/net/sipoff belongs to the namespace's root. */
TEST_F(ns, proc_files)
{
	struct stat st;

	ASSERT_EQ(0, stat("/proc/net/sipoff/stats", &st));
	EXPECT_EQ(0, st.st_uid);
	ASSERT_EQ(0, stat("/proc/net/sipoff/config", &st));
	EXPECT_EQ(0, st.st_uid);
}

TEST_HARNESS_MAIN
