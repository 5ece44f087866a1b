// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_flooder - a fast UDP flooder for the flood kselftest (tests/selftests/flood/), and the
 * sink it floods.  sendmmsg() batches from a pool of prepared datagrams; each datagram that
 * must be unique (Call-ID, branch, tags) gets fresh random hex patched in place before it is
 * sent, so the cost per datagram is a few bytes of random and the kernel's.
 *
 *   sipoff_flooder -d ADDR -p PORT [-n COUNT] [-m MODE] [-s SEED] [-b SRC] [-F SRC[:PORT]]
 *	MODE	junk	random bytes and SIP messages broken in every way the generator knows
 *		invite	INVITEs with random Call-ID, branch and From tag
 *		resp	responses that match nothing: 200/180/486 to INVITE, 200 to SUBSCRIBE
 *			with Expires: 4000000, random branch, Call-ID and tags
 *		mix	all three, in turn
 *	-N	junk: no INVITE among the well-formed or mutated requests (at an
 *		application that starts a call for every INVITE, e.g. sipp's callee)
 *	-b SRC	bind to this source address (UDP socket; 8 source ports in turn)
 *	-F SRC[:PORT]	spoof: send through a raw IPv4 socket with this source address and
 *			port (0 or none: a random port from 20000-59999 per datagram, clear of
 *			the SIP ports the tests use); the UDP checksum is right
 *   sipoff_flooder -k -d ADDR -p PORT	sink: read and drop datagrams until SIGTERM/SIGINT,
 *					then print how many
 *
 * Prints "sent N datagrams in S s: R/s" (to stdout) and exits 0 if every datagram was sent.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64
#define POOL		4096
#define MAXLEN		1472
#define NSOCK		8

struct dgram {
	unsigned char buf[MAXLEN + 28];	/* room for the IPv4 + UDP headers in spoof mode */
	size_t len;
	/* Offsets of hex fields to refresh before each send (0: none). */
	size_t hex[4];
	unsigned int nhex;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
/* -N: no INVITE among the junk (an application that starts a call for each would drown). */
static bool no_invite;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static const char hexd[] = "0123456789abcdef";

static void fill_hex(unsigned char *p, size_t n)
{
	uint64_t r = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(i & 15))
			r = rnd();
		p[i] = hexd[r & 15];
		r >>= 4;
	}
}

/* Hex fields are written as 16 'X' in the templates. */
#define HX "XXXXXXXXXXXXXXXX"
#define HXLEN 16

static void mark_hex(struct dgram *d)
{
	unsigned char *p = d->buf, *end = d->buf + d->len;

	d->nhex = 0;
	while (d->nhex < 4 && (p = memmem(p, end - p, HX, HXLEN))) {
		d->hex[d->nhex++] = p - d->buf;
		p += HXLEN;
	}
}

static void put(struct dgram *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct dgram *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf((char *)d->buf + d->len, MAXLEN + 1 - d->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		d->len += (size_t)n < MAXLEN - d->len ? (size_t)n : MAXLEN - d->len;
}

static const char *methods[] = {
	"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "SUBSCRIBE", "NOTIFY",
	"PRACK", "UPDATE", "REFER", "INFO", "MESSAGE", "invite", "FOO", "",
};

/* A well-formed request or response, as the base of a broken one. */
static void sip_base(struct dgram *d, const char *host, int resp)
{
	const char *m = methods[no_invite ? 1 + rnd() % 12 : rnd() % 13];

	d->len = 0;
	if (resp)
		put(d, "SIP/2.0 %u %s\r\n", (unsigned int)(100 + rnd() % 600), "Whatever");
	else
		put(d, "%s sip:gw@%s SIP/2.0\r\n", m, host);
	put(d, "Via: SIP/2.0/UDP 10.99.3.3:%u;branch=z9hG4bK" HX ";rport\r\n",
	    (unsigned int)(1024 + rnd() % 60000));
	if (rnd() & 1)
		put(d, "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-second\r\n");
	put(d, "Max-Forwards: 70\r\nFrom: <sip:a@%s>;tag=" HX "\r\n", host);
	put(d, "To: <sip:gw@%s>%s\r\n", host, resp || (rnd() & 1) ? ";tag=" HX : "");
	put(d, "Call-ID: " HX "@flood\r\nCSeq: %u %s\r\n", (unsigned int)rnd(), m);
	if (rnd() & 1)
		put(d, "Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\r\n");
	if (rnd() & 1)
		put(d, "Contact: <sip:a@%s:5070>\r\nExpires: %u\r\n", host, (unsigned int)rnd());
	if (!strcmp(m, "NOTIFY"))
		put(d, "Event: dialog;id=1\r\nSubscription-State: active;expires=4000000\r\n");
	put(d, "Content-Length: 0\r\n\r\n");
	mark_hex(d);
}

/* One way or another of breaking a SIP message (or not one at all). */
static void make_junk(struct dgram *d, const char *host)
{
	size_t i, n;

	switch (rnd() % 10) {
	case 0:		/* random bytes */
		d->len = rnd() % (MAXLEN + 1);
		for (i = 0; i < d->len; i++)
			d->buf[i] = rnd();
		d->nhex = 0;
		return;
	case 1:		/* random bytes after a plausible start line */
		d->len = 0;
		put(d, rnd() & 1 ? "INVITE sip:x SIP/2.0\r\n" : "SIP/2.0 200 OK\r\n");
		n = d->len + rnd() % (MAXLEN - d->len);
		for (i = d->len; i < n; i++)
			d->buf[i] = rnd() & 1 ? "\r\n:;, =<>@\"\\\t"[rnd() % 13] : (unsigned char)rnd();
		d->len = n;
		d->nhex = 0;
		return;
	case 2:		/* keep-alives and tiny datagrams */
		d->len = rnd() % 5;
		memcpy(d->buf, "\r\n\r\n", 4);
		d->nhex = 0;
		return;
	default:
		break;
	}
	sip_base(d, host, rnd() & 1);
	switch (rnd() % 12) {
	case 0:		/* cut anywhere */
		d->len = rnd() % (d->len + 1);
		break;
	case 1:		/* flip bytes */
		for (n = 1 + rnd() % 8; n; n--)
			d->buf[rnd() % d->len] ^= 1 << (rnd() % 8);
		break;
	case 2:		/* a Content-Length beyond the datagram, or absurd */
		d->len -= 2;
		put(d, "%s\r\n\r\n", (const char *[]){ "Content-Length: 4294967296",
			"Content-Length: 99999", "Content-Length: -1", "l: 1e9",
			"Content-Length: 18446744073709551617" }[rnd() % 5]);
		break;
	case 3:		/* NUL bytes */
		for (n = 1 + rnd() % 4; n; n--)
			d->buf[rnd() % d->len] = 0;
		break;
	case 4:		/* many headers: Via and Record-Route beyond the parser's caps */
		d->len -= 2;
		for (n = rnd() % 80; n && d->len < MAXLEN - 64; n--)
			put(d, rnd() & 1 ? "Via: SIP/2.0/UDP h%zu;branch=z9hG4bK%zu\r\n" :
			    "Record-Route: <sip:r%zu.example;lr>,<sip:s%zu;lr>\r\n", n, n);
		put(d, "\r\n");
		break;
	case 5:		/* a long line */
		d->len -= 2;
		put(d, "X-Long: ");
		n = d->len + rnd() % (MAXLEN - d->len);
		memset(d->buf + d->len, 'a' + rnd() % 26, n - d->len);
		d->len = n;
		break;
	case 6:		/* folding and odd line ends */
		for (i = 0; i < d->len; i++)
			if (d->buf[i] == '\r' && rnd() % 3 == 0)
				d->buf[i] = rnd() & 1 ? ' ' : '\n';
		break;
	case 7:		/* a branch of exactly the magic cookie */
		d->len = 0;
		put(d, "REGISTER sip:%s SIP/2.0\r\nVia: SIP/2.0/UDP 10.99.3.3;branch=z9hG4bK\r\n"
		    "From: <sip:a@%s>;tag=1\r\nTo: <sip:a@%s>\r\nCall-ID: " HX "\r\n"
		    "CSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n", host, host, host);
		break;
	case 8:		/* STUN binding request */
		d->len = 20;
		memset(d->buf, 0, 20);
		d->buf[1] = 1;
		memcpy(d->buf + 4, "\x21\x12\xa4\x42", 4);
		break;
	default:	/* well-formed, but random identifiers */
		break;
	}
	mark_hex(d);
}

static void make_invite(struct dgram *d, const char *host)
{
	d->len = 0;
	put(d, "INVITE sip:flood@%s SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 10.99.3.3:5099;branch=z9hG4bK" HX "\r\n"
	    "Max-Forwards: 70\r\nFrom: <sip:flood@10.99.3.3>;tag=" HX "\r\n"
	    "To: <sip:gw@%s>\r\nCall-ID: " HX "@flood\r\nCSeq: 1 INVITE\r\n"
	    "Contact: <sip:flood@10.99.3.3:5099>\r\nContent-Type: application/sdp\r\n"
	    "Content-Length: 129\r\n\r\n"
	    "v=0\r\no=- 1 1 IN IP4 10.99.3.3\r\ns=-\r\nc=IN IP4 10.99.3.3\r\nt=0 0\r\n"
	    "m=audio 4000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n",
	    host, host);
	mark_hex(d);
}

static void make_resp(struct dgram *d, const char *host)
{
	static const char *const kinds[] = {
		"200 OK\r\nCSeq: 1 INVITE", "180 Ringing\r\nCSeq: 1 INVITE",
		"486 Busy Here\r\nCSeq: 1 INVITE", "200 OK\r\nCSeq: 1 SUBSCRIBE\r\nExpires: 4000000",
		"200 OK\r\nCSeq: 2 BYE", "183 Session Progress\r\nCSeq: 1 INVITE\r\nRSeq: 1\r\n"
		"Require: 100rel",
	};
	unsigned int k = rnd() % 6;

	d->len = 0;
	put(d, "SIP/2.0 %s\r\n"
	    "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bK" HX "\r\n"
	    "From: <sip:gw@%s>;tag=" HX "\r\nTo: <sip:x@10.99.3.3>;tag=" HX "\r\n"
	    "Call-ID: " HX "@flood\r\nContact: <sip:x@10.99.3.3:5099>\r\n"
	    "Record-Route: <sip:evil.example;lr>\r\n%s"
	    "Content-Length: 0\r\n\r\n", kinds[k], host, host,
	    k == 3 ? "Event: presence\r\n" : "");
	mark_hex(d);
}

static uint16_t csum_add(uint32_t sum, const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len > 1) {
		sum += (b[0] << 8) | b[1];
		b += 2;
		len -= 2;
	}
	if (len)
		sum += b[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* Spoof mode: IPv4 + UDP headers in front of the payload; right checksums. */
static void wrap_raw(struct dgram *d, struct in_addr src, uint16_t sport, struct in_addr dst,
		     uint16_t dport)
{
	struct iphdr ip = { .version = 4, .ihl = 5, .ttl = 64, .protocol = IPPROTO_UDP };
	struct udphdr uh = { 0 };
	struct { uint32_t s, d; uint8_t z, p; uint16_t l; } __attribute__((packed)) ph;
	uint32_t sum;

	memmove(d->buf + 28, d->buf, d->len);
	ip.tot_len = htons(28 + d->len);
	ip.saddr = src.s_addr;
	ip.daddr = dst.s_addr;
	ip.check = htons(~csum_add(0, &ip, 20) & 0xffff);
	uh.source = htons(sport ? sport : 20000 + rnd() % 40000);
	uh.dest = htons(dport);
	uh.len = htons(8 + d->len);
	ph.s = src.s_addr;
	ph.d = dst.s_addr;
	ph.z = 0;
	ph.p = IPPROTO_UDP;
	ph.l = uh.len;
	sum = csum_add(0, &ph, sizeof(ph));
	sum = csum_add(sum, &uh, 8);
	sum = csum_add(sum, d->buf + 28, d->len);
	uh.check = htons(~sum & 0xffff);
	if (!uh.check)
		uh.check = 0xffff;
	memcpy(d->buf, &ip, 20);
	memcpy(d->buf + 20, &uh, 8);
	d->len += 28;
	for (unsigned int i = 0; i < d->nhex; i++)
		d->hex[i] += 28;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int sink(struct sockaddr_in *sa)
{
	static unsigned char bufs[BATCH][2048];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	unsigned long long got = 0;
	int fd, sz = 8 << 20, i, n;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (void *)sa, sizeof(*sa))) {
		perror("sink: socket/bind");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	/* No SA_RESTART: a signal ends the blocked recvmmsg(). */
	sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);
	sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
	/* Ready: the caller waits for this line. */
	printf("sink ready\n");
	fflush(stdout);
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	while (!stop) {
		n = recvmmsg(fd, mm, BATCH, 0, NULL);
		if (n > 0)
			got += n;
		else if (n < 0 && errno != EINTR)
			break;
	}
	printf("sink received %llu\n", got);
	return 0;
}

int main(int argc, char **argv)
{
	static struct dgram pool[POOL];
	const char *dst = NULL, *mode = "mix", *bind_addr = NULL, *spoof = NULL;
	unsigned long long count = 100000, sent = 0;
	struct sockaddr_in sa = { .sin_family = AF_INET }, src = { .sin_family = AF_INET };
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	int fds[NSOCK], nfd = 0, port = 5060, opt, i, is_sink = 0;
	uint16_t spoof_port = 0;
	struct timespec t0, t1;
	double secs;

	while ((opt = getopt(argc, argv, "d:p:n:m:s:b:F:kN")) != -1) {
		switch (opt) {
		case 'd': dst = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'n': count = strtoull(optarg, NULL, 0); break;
		case 'm': mode = optarg; break;
		case 's': rng_state ^= strtoull(optarg, NULL, 0) * 0x2545f4914f6cdd1dull; break;
		case 'b': bind_addr = optarg; break;
		case 'F': spoof = optarg; break;
		case 'k': is_sink = 1; break;
		case 'N': no_invite = true; break;
		default:
			fprintf(stderr, "usage: see the head of sipoff_flooder.c\n");
			return 2;
		}
	}
	if (!dst || inet_pton(AF_INET, dst, &sa.sin_addr) != 1) {
		fprintf(stderr, "flooder: -d IPv4 address needed\n");
		return 2;
	}
	sa.sin_port = htons(port);
	if (is_sink)
		return sink(&sa);
	if (rng_state == 0)
		rng_state = 1;

	for (i = 0; i < POOL; i++) {
		int m = !strcmp(mode, "junk") ? 0 : !strcmp(mode, "invite") ? 1 :
			!strcmp(mode, "resp") ? 2 : i % 3;

		if (m == 0)
			make_junk(&pool[i], dst);
		else if (m == 1)
			make_invite(&pool[i], dst);
		else
			make_resp(&pool[i], dst);
	}

	if (spoof) {
		char a[64], *c;

		snprintf(a, sizeof(a), "%s", spoof);
		c = strchr(a, ':');
		if (c) {
			*c = 0;
			spoof_port = atoi(c + 1);
		}
		if (inet_pton(AF_INET, a, &src.sin_addr) != 1) {
			fprintf(stderr, "flooder: bad -F %s\n", spoof);
			return 2;
		}
		fds[nfd++] = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
		if (fds[0] < 0) {
			perror("flooder: raw socket");
			return 1;
		}
		for (i = 0; i < POOL; i++)
			wrap_raw(&pool[i], src.sin_addr, spoof_port, sa.sin_addr, port);
	} else {
		for (nfd = 0; nfd < NSOCK; nfd++) {
			fds[nfd] = socket(AF_INET, SOCK_DGRAM, 0);
			if (fds[nfd] < 0) {
				perror("flooder: socket");
				return 1;
			}
			if (bind_addr) {
				src.sin_port = 0;
				if (inet_pton(AF_INET, bind_addr, &src.sin_addr) != 1 ||
				    bind(fds[nfd], (void *)&src, sizeof(src))) {
					perror("flooder: bind");
					return 1;
				}
			}
		}
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < count) {
		int n = count - sent < BATCH ? count - sent : BATCH, fd = fds[(sent / BATCH) % nfd];
		int r, k;

		for (i = 0; i < n; i++) {
			struct dgram *d = &pool[rnd() % POOL];
			unsigned int h;

			for (h = 0; h < d->nhex; h++)
				fill_hex(d->buf + d->hex[h], HXLEN);
			if (spoof) {
				/* New random fields: the UDP checksum must follow. */
				uint32_t sum;
				struct { uint32_t s, d; uint8_t z, p; uint16_t l; }
					__attribute__((packed)) ph = {
					src.sin_addr.s_addr, sa.sin_addr.s_addr, 0, IPPROTO_UDP,
					htons(d->len - 20) };

				if (!spoof_port) {
					uint16_t sp = htons(20000 + rnd() % 40000);

					memcpy(d->buf + 20, &sp, 2);
				}
				memset(d->buf + 26, 0, 2);
				sum = csum_add(0, &ph, sizeof(ph));
				sum = csum_add(sum, d->buf + 20, d->len - 20);
				sum = htons(~sum & 0xffff) ?: 0xffff;
				memcpy(d->buf + 26, &sum, 2);
			}
			iov[i].iov_base = d->buf;
			iov[i].iov_len = d->len;
			memset(&mm[i], 0, sizeof(mm[i]));
			mm[i].msg_hdr.msg_name = &sa;
			mm[i].msg_hdr.msg_namelen = sizeof(sa);
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		for (k = 0; k < n; ) {
			r = sendmmsg(fd, mm + k, n - k, 0);
			if (r > 0) {
				k += r;
				continue;
			}
			/* An ICMP error of an earlier datagram, or a full queue: go on. */
			if (errno == ECONNREFUSED || errno == ENOBUFS || errno == EAGAIN ||
			    errno == EINTR)
				continue;
			/* A zero-length datagram a raw socket will not take: skip it. */
			if (errno == EINVAL || errno == EMSGSIZE) {
				k++;
				continue;
			}
			perror("flooder: sendmmsg");
			return 1;
		}
		sent += n;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("sent %llu datagrams in %.1f s: %.0f/s\n", sent, secs, secs > 0 ? sent / secs : 0);
	return 0;
}
