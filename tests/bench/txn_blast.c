// SPDX-License-Identifier: GPL-2.0
/*
 * txn_blast.c - the kernel's cost per SIP message of sipoff's transaction layer, for
 * `make bench` (tests/bench/txn-cost.sh runs it inside the bench kernel).
 *
 * One process plays both ends of complete calls over loopback (IPv4): a "caller" socket on an
 * ephemeral port (not a SIP port: sipoff leaves its LOCAL_OUT alone) and a "callee" socket on
 * the SIP port (sipoff handles what reaches it at LOCAL_IN and what it sends at LOCAL_OUT).
 * Each call is the six messages of a plain call, every one sent once, in order:
 *
 *     caller -> callee   INVITE (with SDP)          a new INVITE server transaction
 *     callee -> caller   180 Ringing (To tag)        matched, Proceeding; an early dialog
 *     callee -> caller   200 OK (with SDP)           matched, Accepted; the dialog confirmed
 *     caller -> callee   ACK (new branch)            the 2xx ACK, matched by dialog and CSeq
 *     caller -> callee   BYE                         a new non-INVITE server transaction
 *     callee -> caller   200 OK                      matched, Completed; the dialog ends
 *
 * Every call has its own Call-ID, tags and branches, so nothing is a retransmission and
 * nothing is absorbed: the difference between two modes is the per-message work of the
 * transactions and dialogs (creation, lookup, state, timers, expiry), not saved deliveries.
 * A batch of K calls is sent step by step with sendmmsg (on loopback a datagram has passed
 * LOCAL_IN by the time sendmmsg returns, so each step sees the state the previous one made),
 * then both sockets are drained.  A side's rate is received messages per second of its
 * undisturbed batches ("busy", as in udp_blast.c: batches longer than twice the side's median
 * are left out, with their messages).
 *
 *   txn_blast -a CMD_A -b CMD_B -n PAIRS [-t SECONDS] [-w SECONDS] [-k CALLS] [-p PORT]
 *
 * A B A B ... A: before each side its command runs (system(3), e.g. "sipoffctl config set
 * mode off"), then traffic runs -w seconds unmeasured (so the previous side's transactions
 * expire there: make it longer than their 64*T1 lifetime), then -t seconds measured.  Prints
 * per pair "PAIR i A B A_NEXT KEPT_A KEPT_B PPS_A PPS_B PPS_A_NEXT" (messages/s: A, B, A_NEXT
 * "busy", kept: the share of the side's time "busy" counts; PPS: over the whole measured time,
 * so bursts of timer expiry, which "busy" may leave out, are in it), and "STAT name delta" lines: sipoff's counters over the last B side
 * (warm-up included).  Exit status 1 on any error, or if a side received fewer messages than
 * it sent (in offload mode the kernel may re-send a 200 whose ACK is late: more is fine).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_K 16
#define MSG_MAX 1024
#define MAX_ITERS (1 << 20)
#define NSTAT 64

static const char sdp[] =
	"v=0\r\n"
	"o=alice 2890844526 2890844526 IN IP4 127.0.0.1\r\n"
	"s=-\r\n"
	"c=IN IP4 127.0.0.1\r\n"
	"t=0 0\r\n"
	"m=audio 49170 RTP/AVP 0 8 101\r\n"
	"a=rtpmap:0 PCMU/8000\r\n"
	"a=rtpmap:8 PCMA/8000\r\n"
	"a=rtpmap:101 telephone-event/8000\r\n"
	"a=sendrecv\r\n";

static int cs, ls, k = 8, port = 5060, cport;
static unsigned long long callno;
static unsigned int run_id;
static char buf[6][MAX_K][MSG_MAX];
static struct iovec iov[6][MAX_K];
static struct mmsghdr mm[6][MAX_K], rx[4 * MAX_K];
static char rxbuf[4 * MAX_K][2048];
static struct iovec rxiov[4 * MAX_K];
static struct sockaddr_in to_callee, to_caller;
static double it_dt[MAX_ITERS], it_sorted[MAX_ITERS];
static int it_n[MAX_ITERS];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Message @m (0..5) of call @c into slot @i. */
static void build(int m, int i, unsigned long long c)
{
	char *b = buf[m][i];
	int n = 0;
	char via[160], hdr[400], totag[48];

	snprintf(via, sizeof(via),
		 "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK%x.%llu.%c;rport\r\n", cport, run_id, c,
		 m == 3 ? 'a' : m >= 4 ? 'b' : 'i');
	totag[0] = 0;
	if (m)	/* the callee's tag on everything but the INVITE */
		snprintf(totag, sizeof(totag), ";tag=b%x.%llu", run_id, c);
	snprintf(hdr, sizeof(hdr),
		 "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=a%x.%llu\r\n"
		 "To: <sip:bob@biloxi.example.com>%s\r\n"
		 "Call-ID: %x.%llu@atlanta.example.com\r\n", run_id, c, totag, run_id, c);
	switch (m) {
	case 0:
	case 3:
	case 4:
		n = snprintf(b, MSG_MAX,
			     "%s sip:bob@127.0.0.1:%d SIP/2.0\r\n%s"
			     "Max-Forwards: 70\r\n%sCSeq: %d %s\r\n"
			     "Contact: <sip:alice@127.0.0.1:%d>\r\n"
			     "User-Agent: txn_blast\r\n%s"
			     "Content-Length: %zu\r\n\r\n%s",
			     m == 0 ? "INVITE" : m == 3 ? "ACK" : "BYE", port, via, hdr,
			     m == 4 ? 2 : 1, m == 0 ? "INVITE" : m == 3 ? "ACK" : "BYE", cport,
			     m == 0 ? "Content-Type: application/sdp\r\n" : "",
			     m == 0 ? sizeof(sdp) - 1 : 0, m == 0 ? sdp : "");
		break;
	default:
		n = snprintf(b, MSG_MAX,
			     "SIP/2.0 %s\r\n%s%sCSeq: %d %s\r\n"
			     "Contact: <sip:bob@127.0.0.1:%d>\r\n%s"
			     "Content-Length: %zu\r\n\r\n%s",
			     m == 1 ? "180 Ringing" : "200 OK", via, hdr, m == 5 ? 2 : 1,
			     m == 5 ? "BYE" : "INVITE", port,
			     m == 2 ? "Content-Type: application/sdp\r\n" : "",
			     m == 2 ? sizeof(sdp) - 1 : 0, m == 2 ? sdp : "");
		break;
	}
	if (n >= MSG_MAX)
		n = MSG_MAX - 1;
	iov[m][i].iov_len = n;
}

static int send_all(int s, struct mmsghdr *v, int n)
{
	int done = 0, r;

	while (done < n) {
		r = sendmmsg(s, v + done, n - done, 0);
		if (r < 0) {
			if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)
				continue;
			die("sendmmsg");
		}
		done += r;
	}
	return done;
}

static unsigned long long drain(int s)
{
	unsigned long long got = 0;
	int n;

	for (;;) {
		n = recvmmsg(s, rx, 4 * MAX_K, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == EINTR)
				continue;
			die("recvmmsg");
		}
		got += n;
		if (n < 4 * MAX_K)
			break;
	}
	return got;
}

/* One batch of k calls; returns the messages received. */
static unsigned long long batch(void)
{
	struct mmsghdr two[2 * MAX_K];
	int i;

	for (i = 0; i < k; i++) {
		int m;

		callno++;
		for (m = 0; m < 6; m++)
			build(m, i, callno);
	}
	send_all(cs, mm[0], k);				/* INVITEs */
	for (i = 0; i < k; i++) {			/* 180, 200 per call, in call order */
		two[2 * i] = mm[1][i];
		two[2 * i + 1] = mm[2][i];
	}
	send_all(ls, two, 2 * k);
	for (i = 0; i < k; i++) {			/* ACK, BYE */
		two[2 * i] = mm[3][i];
		two[2 * i + 1] = mm[4][i];
	}
	send_all(cs, two, 2 * k);
	send_all(ls, mm[5], k);				/* 200 to the BYEs */
	return drain(ls) + drain(cs);
}

struct result {
	double busy, kept, pps;
	unsigned long long sent, recvd;
};

static void side(double warm, double secs, struct result *res)
{
	unsigned long long recvd = 0, sent = 0, got, busy_n = 0;
	double t, t1, end, med, busy_t = 0, tot = 0;
	int i, ni = 0;

	end = now() + warm;
	while (now() < end)
		batch();
	t1 = now();
	end = t1 + secs;
	do {
		got = batch();
		sent += 6ULL * k;
		recvd += got;
		t = now();
		if (ni < MAX_ITERS) {
			it_dt[ni] = t - t1;
			it_n[ni++] = got;
		}
		t1 = t;
	} while (t1 < end);
	memcpy(it_sorted, it_dt, ni * sizeof(it_dt[0]));
	qsort(it_sorted, ni, sizeof(it_sorted[0]), cmp_double);
	med = it_sorted[(ni - 1) / 2];
	for (i = 0; i < ni; i++) {
		tot += it_dt[i];
		if (it_dt[i] <= 2 * med) {
			busy_t += it_dt[i];
			busy_n += it_n[i];
		}
	}
	res->busy = busy_t > 0 ? busy_n / busy_t : 0;
	res->pps = tot > 0 ? recvd / tot : 0;
	res->kept = tot > 0 ? busy_t / tot : 0;
	res->sent = sent;
	res->recvd = recvd;
}

static int read_stats(char names[NSTAT][64], unsigned long long *v)
{
	FILE *f = fopen("/proc/net/sipoff/stats", "r");
	int n = 0;

	if (!f)
		return 0;
	while (n < NSTAT && fscanf(f, "%63s %llu", names[n], &v[n]) == 2)
		n++;
	fclose(f);
	return n;
}

static void run_cmd(const char *cmd)
{
	if (cmd && *cmd && system(cmd) != 0) {
		fprintf(stderr, "txn_blast: \"%s\" failed\n", cmd);
		exit(1);
	}
}

static int open_sock(int p)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(p),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_DGRAM, 0), sz = 8 << 20;

	if (s < 0)
		die("socket");
	if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	return s;
}

int main(int argc, char **argv)
{
	const char *cmd_a = NULL, *cmd_b = NULL;
	char names[NSTAT][64], names2[NSTAT][64];
	unsigned long long s0[NSTAT], s1[NSTAT];
	double secs = 1, warm = 1;
	int pairs = 0, opt, i, m, ns0 = 0, ns1, bad = 0;
	struct result a, b, a2;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);

	while ((opt = getopt(argc, argv, "a:b:n:t:w:k:p:")) != -1) {
		switch (opt) {
		case 'a': cmd_a = optarg; break;
		case 'b': cmd_b = optarg; break;
		case 'n': pairs = atoi(optarg); break;
		case 't': secs = atof(optarg); break;
		case 'w': warm = atof(optarg); break;
		case 'k': k = atoi(optarg); break;
		case 'p': port = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s -a CMD_A -b CMD_B -n PAIRS [-t S] [-w S] [-k CALLS] [-p PORT]\n",
				argv[0]);
			return 2;
		}
	}
	if (k < 1 || k > MAX_K || pairs < 1) {
		fprintf(stderr, "txn_blast: -k 1..%d and -n >= 1\n", MAX_K);
		return 2;
	}
	run_id = (unsigned int)getpid() ^ (unsigned int)time(NULL);
	ls = open_sock(port);
	cs = open_sock(0);
	if (getsockname(cs, (struct sockaddr *)&sa, &sl))
		die("getsockname");
	cport = ntohs(sa.sin_port);
	to_callee = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(port),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	to_caller = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(cport),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	for (m = 0; m < 6; m++)
		for (i = 0; i < MAX_K; i++) {
			int to_l = m == 0 || m == 3 || m == 4;

			iov[m][i].iov_base = buf[m][i];
			mm[m][i].msg_hdr.msg_iov = &iov[m][i];
			mm[m][i].msg_hdr.msg_iovlen = 1;
			mm[m][i].msg_hdr.msg_name = to_l ? &to_callee : &to_caller;
			mm[m][i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
		}
	for (i = 0; i < 4 * MAX_K; i++) {
		rxiov[i].iov_base = rxbuf[i];
		rxiov[i].iov_len = sizeof(rxbuf[i]);
		rx[i].msg_hdr.msg_iov = &rxiov[i];
		rx[i].msg_hdr.msg_iovlen = 1;
	}
	for (m = 0; m < 6; m++) {
		build(m, 0, 0);
		if (getenv("TXN_BLAST_DUMP"))	/* the messages of one call, to read them */
			fprintf(stderr, "%.*s----\n", (int)iov[m][0].iov_len, buf[m][0]);
	}
	fprintf(stderr, "txn_blast: %d calls per batch, INVITE %zu bytes\n", k, iov[0][0].iov_len);

	run_cmd(cmd_a);
	side(warm, secs, &a);
	for (i = 1; i <= pairs; i++) {
		run_cmd(cmd_b);
		if (i == pairs)
			ns0 = read_stats(names, s0);
		side(warm, secs, &b);
		if (i == pairs) {
			ns1 = read_stats(names2, s1);
			for (m = 0; m < ns0 && m < ns1; m++)
				printf("STAT %s %llu\n", names[m], s1[m] - s0[m]);
		}
		run_cmd(cmd_a);
		side(warm, secs, &a2);
		printf("PAIR %d %.0f %.0f %.0f %.3f %.3f %.0f %.0f %.0f\n", i, a.busy, b.busy, a2.busy,
		       a.kept, b.kept, a.pps, b.pps, a2.pps);
		fflush(stdout);
		if (a.recvd < a.sent || b.recvd < b.sent)
			bad = 1;
		a = a2;
	}
	if (bad || a.recvd < a.sent)
		fprintf(stderr, "txn_blast: a side lost messages (the figure would measure drops)\n");
	return bad;
}
