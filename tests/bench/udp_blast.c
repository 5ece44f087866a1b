// SPDX-License-Identifier: GPL-2.0
/*
 * udp_blast.c - UDP throughput for `make bench`: one process sends datagrams to itself over
 * loopback (IPv4 or IPv6) and counts what it receives.
 *
 * On loopback a send is delivered in the sender's own softirq, so a single thread that sends
 * a batch (sendmmsg) and then drains its receiving socket (recvmmsg) measures the CPU cost of
 * the whole path, netfilter hooks at LOCAL_OUT and LOCAL_IN included, with nothing else
 * scheduled in between.  A rate is received datagrams per second: "pps" over the wall time
 * of a run; "busy" over the time of its undisturbed iterations (one sendmmsg batch and the
 * receives that drain it, ~0.1 ms): iterations longer than twice the run's median are left
 * out, with their datagrams.  On a shared host (and a User-Mode Linux guest is one host
 * process), other load takes the CPU away for whole milliseconds; that stretches the
 * iterations it hits and nothing else, so "busy" measures the path, "pps" the host's load.
 *
 *   udp_blast [options]                 one run: prints
 *       "pps=N busy=N kept=F sent=N recv=N lost=N size=N secs=S"
 *   udp_blast -m KO [-o PARAMS] [-a KO_A] -n PAIRS [options]
 *       A B A B ... A in one process: A without the module (or with module KO_A loaded), B
 *       with KO loaded (finit_module with PARAMS); neither may be loaded at the start.  Each
 *       side is SECONDS long; prints per pair "PAIR i A B A_NEXT KEPT_A KEPT_B" (rates as
 *       chosen by -r), and sipoff's /proc/net/sipoff/stats during the last B, if there is
 *       one, as "STAT name value" lines.
 *
 * Options:
 *   -6          IPv6 (::1) instead of IPv4 (127.0.0.1)
 *   -p PORT     destination (receiving) port, default 40000
 *   -s SIZE     datagram payload size, default 200 (filler bytes, not SIP)
 *   -S          payload is a SIP OPTIONS request (its own size; -s is ignored)
 *   -t SECONDS  measuring time of a run or side, default 3
 *   -w SECONDS  warm-up before measuring (each side), default 0.3
 *   -b BATCH    datagrams per sendmmsg, default 32
 *   -r RATE     the rate a pair reports: busy (default) or pps
 *
 * Exit status 1 on any socket or module error, or if fewer than 90 % of the datagrams sent
 * while measuring arrived (the figure would then measure drops, not the path).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 64
#define MAX_SIZE 1400
#define MAX_ITERS (1 << 21)

static const char sip_options[] =
	"OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\n"
	"Via: SIP/2.0/UDP client.atlanta.example.com:5061;branch=z9hG4bK74bf9;rport\r\n"
	"Max-Forwards: 70\r\n"
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
	"To: Bob <sip:bob@biloxi.example.com>\r\n"
	"Call-ID: 3848276298220188511@atlanta.example.com\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Contact: <sip:alice@client.atlanta.example.com;transport=udp>\r\n"
	"Accept: application/sdp\r\n"
	"User-Agent: ExampleUA/1.0\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

static int rs, ts, batch = 32;
static struct mmsghdr tx[MAX_BATCH], rx[MAX_BATCH];
static double it_dt[MAX_ITERS], it_sorted[MAX_ITERS];
static int it_n[MAX_ITERS];

struct result {
	double pps, busy, kept, secs;	/* kept: the share of the time "busy" counts */
	unsigned long long sent, recvd;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Send and receive for @secs seconds; with @res, measure. */
static void blast(double secs, struct result *res)
{
	unsigned long long sent = 0, recvd = 0, got, busy_n = 0;
	double t0 = now(), t, t1 = t0, end = t0 + secs, med, busy_t = 0;
	int n, i, ni = 0;

	do {
		n = sendmmsg(ts, tx, batch, 0);
		if (n < 0) {
			if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)
				n = 0;
			else
				die("sendmmsg");
		}
		sent += n;
		got = 0;
		for (;;) {
			n = recvmmsg(rs, rx, MAX_BATCH, MSG_DONTWAIT, NULL);
			if (n < 0) {
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					break;
				if (errno == EINTR)
					continue;
				die("recvmmsg");
			}
			got += n;
			if (n < MAX_BATCH)
				break;
		}
		recvd += got;
		t = now();
		if (ni < MAX_ITERS) {
			it_dt[ni] = t - t1;
			it_n[ni++] = got;
		}
		t1 = t;
	} while (t1 < end);
	if (!res)
		return;
	memcpy(it_sorted, it_dt, ni * sizeof(it_dt[0]));
	qsort(it_sorted, ni, sizeof(it_sorted[0]), cmp_double);
	med = it_sorted[(ni - 1) / 2];
	for (i = 0; i < ni; i++) {
		if (it_dt[i] <= 2 * med) {
			busy_t += it_dt[i];
			busy_n += it_n[i];
		}
	}
	res->pps = recvd / (t1 - t0);
	res->busy = busy_t > 0 ? busy_n / busy_t : 0;
	res->kept = busy_t / (t1 - t0);
	res->secs = t1 - t0;
	res->sent = sent;
	res->recvd = recvd;
	if (recvd < sent * 9 / 10) {
		fprintf(stderr, "udp_blast: only %llu of %llu datagrams arrived\n", recvd, sent);
		exit(1);
	}
}

static double rate_of(const struct result *r, char which)
{
	return which == 'm' ? r->pps : r->busy;
}

struct kmod {
	int fd;
	char name[64];		/* the file name without its directory and ".ko" */
};

static void module_open(struct kmod *m, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strcspn(base, ".");
	if (len >= sizeof(m->name)) {
		fprintf(stderr, "udp_blast: module name too long: %s\n", path);
		exit(1);
	}
	memcpy(m->name, base, len);
	m->name[len] = 0;
	m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (m->fd < 0)
		die(path);
}

static void module_load(const struct kmod *m, const char *params)
{
	if (m->fd >= 0 && syscall(SYS_finit_module, m->fd, params, 0))
		die("finit_module");
}

static void module_unload(const struct kmod *m)
{
	if (m->fd >= 0 && syscall(SYS_delete_module, m->name, O_NONBLOCK))
		die("delete_module");
}

static void print_stats(void)
{
	char line[256], name[128];
	unsigned long long v;
	FILE *f = fopen("/proc/net/sipoff/stats", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %llu", name, &v) == 2)
			printf("STAT %s %llu\n", name, v);
	fclose(f);
}

int main(int argc, char **argv)
{
	static char payload[MAX_SIZE], rxbuf[MAX_BATCH][MAX_SIZE + 1];
	struct iovec txiov[MAX_BATCH], rxiov[MAX_BATCH];
	struct sockaddr_storage dst;
	socklen_t dlen;
	int v6 = 0, sip = 0, port = 40000, size = 200, pairs = 0, opt, i;
	double secs = 3, warm = 0.3;
	const char *ko = NULL, *ko_a = NULL, *params = "";
	struct kmod mod_a = { .fd = -1 }, mod_b = { .fd = -1 };
	char which = 'b';
	int one = 1, buf = 8 << 20;
	struct result a, b, a2;

	while ((opt = getopt(argc, argv, "6p:s:St:w:b:m:o:a:n:r:")) != -1) {
		switch (opt) {
		case '6':
			v6 = 1;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 's':
			size = atoi(optarg);
			break;
		case 'S':
			sip = 1;
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'w':
			warm = atof(optarg);
			break;
		case 'b':
			batch = atoi(optarg);
			break;
		case 'm':
			ko = optarg;
			break;
		case 'o':
			params = optarg;
			break;
		case 'a':
			ko_a = optarg;
			break;
		case 'n':
			pairs = atoi(optarg);
			break;
		case 'r':
			which = !strcmp(optarg, "pps") ? 'm' : !strcmp(optarg, "busy") ? 'b' : 0;
			break;
		default:
			fprintf(stderr, "usage: see %s\n", __FILE__);
			return 2;
		}
	}
	if (size < 1 || size > MAX_SIZE || batch < 1 || batch > MAX_BATCH || secs <= 0 ||
	    port < 1 || port > 65535 || warm < 0 || !which || (ko && pairs < 1)) {
		fprintf(stderr, "udp_blast: bad arguments\n");
		return 2;
	}
	if (sip) {
		size = sizeof(sip_options) - 1;
		memcpy(payload, sip_options, size);
	} else {
		for (i = 0; i < size; i++)
			payload[i] = 'a' + i % 26;
	}

	memset(&dst, 0, sizeof(dst));
	if (v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&dst;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = in6addr_loopback;
		dlen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&dst;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		dlen = sizeof(*s4);
	}
	rs = socket(dst.ss_family, SOCK_DGRAM, 0);
	ts = socket(dst.ss_family, SOCK_DGRAM, 0);
	if (rs < 0 || ts < 0)
		die("socket");
	setsockopt(rs, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* Room for several batches: a drop would be counted, not measured. */
	if (setsockopt(rs, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)) < 0)
		setsockopt(rs, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (bind(rs, (struct sockaddr *)&dst, dlen) < 0)
		die("bind");
	if (connect(ts, (struct sockaddr *)&dst, dlen) < 0)
		die("connect");

	for (i = 0; i < MAX_BATCH; i++) {
		txiov[i].iov_base = payload;
		txiov[i].iov_len = size;
		tx[i].msg_hdr.msg_iov = &txiov[i];
		tx[i].msg_hdr.msg_iovlen = 1;
		rxiov[i].iov_base = rxbuf[i];
		rxiov[i].iov_len = sizeof(rxbuf[i]);
		rx[i].msg_hdr.msg_iov = &rxiov[i];
		rx[i].msg_hdr.msg_iovlen = 1;
	}

	if (!ko) {
		blast(warm, NULL);
		blast(secs, &a);
		printf("pps=%.0f busy=%.0f kept=%.3f sent=%llu recv=%llu lost=%llu size=%d secs=%.3f\n",
		       a.pps, a.busy, a.kept, a.sent, a.recvd, a.sent > a.recvd ? a.sent - a.recvd : 0,
		       size, a.secs);
		return 0;
	}

	module_open(&mod_b, ko);
	if (ko_a)
		module_open(&mod_a, ko_a);
	module_load(&mod_a, "");
	blast(warm, NULL);
	blast(secs, &a);
	for (i = 1; i <= pairs; i++) {
		module_unload(&mod_a);
		module_load(&mod_b, params);
		blast(warm, NULL);
		blast(secs, &b);
		if (i == pairs)
			print_stats();
		module_unload(&mod_b);
		module_load(&mod_a, "");
		blast(warm, NULL);
		blast(secs, &a2);
		printf("PAIR %d %.0f %.0f %.0f %.3f %.3f\n", i, rate_of(&a, which), rate_of(&b, which),
		       rate_of(&a2, which), a.kept, b.kept);
		fflush(stdout);
		a = a2;
	}
	module_unload(&mod_a);
	return 0;
}
