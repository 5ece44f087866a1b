// SPDX-License-Identifier: GPL-2.0
/*
 * udpprobe: a tiny static UDP sender/receiver for the QEMU guest (which has only busybox).
 *
 *   udpprobe send ADDR PORT [-n COUNT] [-t SECONDS] [-c CPU] [-k sip|junk] [-f FILE]
 *       Send COUNT datagrams (default 1), or as many as possible for SECONDS, from a socket
 *       pinned to CPU.  -k sip (default): a SIP OPTIONS request (Call-ID/CSeq/branch unique per
 *       datagram); -k junk: non-SIP bytes; -f FILE: the bytes of FILE as they are.
 *       -s SPORT binds the sending socket to that local port; -w SECONDS waits that long (at
 *       most) after the last datagram for answers, which are counted as they come.
 *       Prints "sent N answers A cpu C errors E" (C: the CPU it ran on at the end).
 *   udpprobe recv ADDR PORT [-n COUNT] [-t SECONDS] [-i IDLE_S] [-c CPU] [-r READYFILE]
 *       Bind ADDR:PORT (create READYFILE once bound), receive until COUNT datagrams arrived, or
 *       SECONDS passed, or nothing came for IDLE_S seconds after the first datagram, or SIGTERM.
 *       Prints "received N".
 *   udpprobe serve ADDR PORT [same options as recv]
 *       As recv, and answer each SIP request but ACK with "SIP/2.0 200 OK" (Via, From, To (with
 *       a tag), Call-ID and CSeq copied), like a minimal UAS.  Prints "received N answered M".
 *   udpprobe as UID PROG [ARGS...]
 *       Run PROG as user and group UID with no supplementary groups and no capabilities (the
 *       guest's busybox setpriv cannot change the uid, and the guest has no passwd file).
 *
 * ADDR is an IPv4 or IPv6 literal.  Exit status 0 on success, 1 on an error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "udpprobe: %s: %s\n", what, strerror(errno));
	exit(1);
}

static socklen_t make_addr(const char *host, int port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		return sizeof(*a4);
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		return sizeof(*a6);
	}
	fprintf(stderr, "udpprobe: bad address %s\n", host);
	exit(2);
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static void usage(void)
{
	fprintf(stderr, "usage: udpprobe send|recv ADDR PORT [-n N] [-t S] [-i S] [-c CPU] [-k sip|junk] [-f FILE] [-r READYFILE]\n"
		"       udpprobe as UID PROG [ARGS...]\n");
	exit(2);
}

static size_t sip_options(char *buf, size_t len, const char *host, int port, int v6,
			  unsigned long seq)
{
	const char *lb = v6 ? "[" : "", *rb = v6 ? "]" : "";
	int pid = (int)getpid();
	int n;

	n = snprintf(buf, len,
		     "OPTIONS sip:probe@%s%s%s:%d SIP/2.0\r\n"
		     "Via: SIP/2.0/UDP %s%s%s:5999;branch=z9hG4bK-%d-%lu\r\n"
		     "Max-Forwards: 70\r\n"
		     "From: <sip:udpprobe@%s%s%s>;tag=%d\r\n"
		     "To: <sip:probe@%s%s%s:%d>\r\n"
		     "Call-ID: probe-%d-%lu@sipoff.test\r\n"
		     "CSeq: %lu OPTIONS\r\n"
		     "Accept: application/sdp\r\n"
		     "Content-Length: 0\r\n\r\n",
		     lb, host, rb, port, lb, host, rb, pid, seq, lb, host, rb, pid,
		     lb, host, rb, port, pid, seq, seq + 1);
	return n < 0 ? 0 : (size_t)n;
}

/* Is the header line at p (length len) one of the names (full or compact form) in names? */
static int header_is(const char *p, size_t len, const char *const *names)
{
	for (; *names; names++) {
		size_t n = strlen(*names);
		size_t j = n;

		if (len <= n || strncasecmp(p, *names, n))
			continue;
		while (j < len && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j < len && p[j] == ':')
			return 1;
	}
	return 0;
}

/* Build a 200 OK for the request in req; 0 when req is not a request to answer. */
static size_t sip_answer(const char *req, size_t rlen, char *out, size_t olen)
{
	static const char *const copy[] = { "Via", "v", "From", "f", "Call-ID", "i", "CSeq", NULL };
	static const char *const to[] = { "To", "t", NULL };
	const char *p = req, *end = req + rlen;
	size_t o;
	int n;

	if (rlen < 8 || !memcmp(req, "SIP/2.0 ", 8) || !memcmp(req, "ACK ", 4) ||
	    req[0] < 'A' || req[0] > 'Z')
		return 0;
	n = snprintf(out, olen, "SIP/2.0 200 OK\r\n");
	o = (size_t)n;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = (eol ? (size_t)(eol - p) : (size_t)(end - p));

		if (len && p[len - 1] == '\r')
			len--;
		if (!len)
			break;
		if (header_is(p, len, copy) || header_is(p, len, to)) {
			int tagged = header_is(p, len, to) && !memmem(p, len, ";tag=", 5);

			n = snprintf(out + o, olen - o, "%.*s%s\r\n", (int)len, p,
				     tagged ? ";tag=udpprobe" : "");
			if (n < 0 || (size_t)n >= olen - o)
				return 0;
			o += (size_t)n;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	n = snprintf(out + o, olen - o, "Content-Length: 0\r\n\r\n");
	if (n < 0 || (size_t)n >= olen - o)
		return 0;
	return o + (size_t)n;
}

int main(int argc, char **argv)
{
	unsigned long count = 0, done = 0, errors = 0, answers = 0;
	double seconds = 0, idle = 0, wait = 0;
	const char *kind = "sip", *file = NULL, *ready = NULL;
	struct sockaddr_storage ss;
	static char buf[65536], out[65536];
	size_t fixed_len = 0;
	int mode, port, sport = 0, cpu = -1, fd, opt, v6, one = 1;
	socklen_t slen;

	if (argc >= 4 && !strcmp(argv[1], "as")) {
		uid_t uid = (uid_t)strtoul(argv[2], NULL, 10);

		if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
			die("as: setgroups/setgid/setuid");
		execvp(argv[3], argv + 3);
		die(argv[3]);
	}
	if (argc < 4)
		usage();
	if (!strcmp(argv[1], "send"))
		mode = 's';
	else if (!strcmp(argv[1], "recv"))
		mode = 'r';
	else if (!strcmp(argv[1], "serve"))
		mode = 'a';
	else
		usage();
	port = atoi(argv[3]);
	slen = make_addr(argv[2], port, &ss);
	v6 = ss.ss_family == AF_INET6;
	optind = 4;
	while ((opt = getopt(argc, argv, "n:t:i:c:k:f:r:s:w:")) != -1) {
		switch (opt) {
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 't': seconds = atof(optarg); break;
		case 'i': idle = atof(optarg); break;
		case 'c': cpu = atoi(optarg); break;
		case 'k': kind = optarg; break;
		case 'f': file = optarg; break;
		case 'r': ready = optarg; break;
		case 's': sport = atoi(optarg); break;
		case 'w': wait = atof(optarg); break;
		default: usage();
		}
	}
	pin(cpu);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGALRM, on_signal);

	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (v6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));

	if (mode == 's') {
		unsigned long loops = 0;
		double end;

		if (!count && !seconds)
			count = 1;
		if (file) {
			int f = open(file, O_RDONLY);
			ssize_t r;

			if (f < 0)
				die(file);
			r = read(f, buf, sizeof(buf));
			if (r < 0)
				die(file);
			fixed_len = (size_t)r;
			close(f);
		} else if (!strcmp(kind, "junk")) {
			memset(buf, 'x', 200);
			memcpy(buf, "not sip: just some bytes\n", 25);
			fixed_len = 200;
		} else if (strcmp(kind, "sip")) {
			usage();
		}
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 4 << 20 }, sizeof(int));
		if (sport) {
			struct sockaddr_storage ls;
			socklen_t llen = make_addr(v6 ? "::" : "0.0.0.0", sport, &ls);

			if (bind(fd, (struct sockaddr *)&ls, llen))
				die("bind");
		}
		if (connect(fd, (struct sockaddr *)&ss, slen))
			die("connect");
		end = seconds ? now() + seconds : 0;
		while (!stop && (!count || done < count) && (!end || (++loops & 63) || now() < end)) {
			size_t len = fixed_len;

			if (!file && !strcmp(kind, "sip"))
				len = sip_options(buf, sizeof(buf), argv[2], port, v6, done);
			if (send(fd, buf, len, 0) == (ssize_t)len) {
				done++;
			} else {
				/* ECONNREFUSED reports an earlier datagram's ICMP error: that one went. */
				if (errno != ECONNREFUSED && ++errors > 1000)
					die("send");
				if (errno == ENOBUFS || errno == EAGAIN)
					usleep(1000);
			}
			while (recv(fd, out, sizeof(out), MSG_DONTWAIT) >= 0)
				answers++;
		}
		if (wait) {
			double until = now() + wait;
			struct timeval tv = { 0, 50000 };

			setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
			while (!stop && answers < done && now() < until)
				if (recv(fd, out, sizeof(out), 0) >= 0)
					answers++;
		}
		printf("sent %lu answers %lu cpu %d errors %lu\n", done, answers, sched_getcpu(), errors);
		return 0;
	} else {
		int rcvbuf = 4 << 20;
		double start = now(), last = 0;
		struct timeval tv = { 0, 100000 };
		unsigned long answered = 0;

		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (bind(fd, (struct sockaddr *)&ss, slen))
			die("bind");
		if (ready) {
			int r = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (r < 0)
				die(ready);
			close(r);
		}
		while (!stop && (!count || done < count)) {
			struct sockaddr_storage from;
			socklen_t flen = sizeof(from);
			ssize_t r;
			double t;

			r = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
			if (r >= 0) {
				size_t alen;

				done++;
				last = now();
				if (mode == 'a' && (alen = sip_answer(buf, (size_t)r, out, sizeof(out))) &&
				    sendto(fd, out, alen, 0, (struct sockaddr *)&from, flen) == (ssize_t)alen)
					answered++;
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				die("recv");
			t = now();
			if (seconds && t - start >= seconds)
				break;
			if (idle && last && t - last >= idle)
				break;
		}
		if (mode == 'a')
			printf("received %lu answered %lu\n", done, answered);
		else
			printf("received %lu\n", done);
		return 0;
	}
}
