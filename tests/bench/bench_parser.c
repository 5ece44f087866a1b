// SPDX-License-Identifier: GPL-2.0
/*
 * bench_parser.c - sipoff's SIP parser against libosip2's osip_message_parse(), a plain
 * scalar line scan (the floor: kernel code has no SIMD memchr) and glibc's memchr line scan
 * (for reference), all on the same messages, measured in the same run.
 *
 * Messages: the 13 valid RFC 4475 messages (3.1.1) plus a realistic call: INVITE with SDP,
 * 180, 200 with SDP, ACK, BYE, 200.  Rounds alternate the contenders (A B C D A B C D ...);
 * each rate and each ratio is reported as the median over the rounds with its spread
 * (min..max).  Built with the parser's own userspace flags (USER_CFLAGS, -O2).
 *
 * Usage: bench_parser [rounds] [ms per contender per round]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>
#include "sipoff_parser.h"
#include "sipoff_parser_corpus.h"

#define CALL_INVITE \
	"INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n" \
	"Max-Forwards: 70\r\n" \
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n" \
	"To: Bob <sip:bob@biloxi.example.com>\r\n" \
	"Call-ID: 3848276298220188511@atlanta.example.com\r\n" \
	"CSeq: 1 INVITE\r\n" \
	"Contact: <sip:alice@client.atlanta.example.com;transport=udp>\r\n" \
	"Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO\r\n" \
	"Supported: replaces, timer\r\n" \
	"User-Agent: ExampleUA/1.0\r\n" \
	"Content-Type: application/sdp\r\n" \
	"Content-Length: 151\r\n" \
	"\r\n" \
	"v=0\r\n" \
	"o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\r\n" \
	"s=-\r\n" \
	"c=IN IP4 192.0.2.101\r\n" \
	"t=0 0\r\n" \
	"m=audio 49172 RTP/AVP 0\r\n" \
	"a=rtpmap:0 PCMU/8000\r\n"

#define CALL_VIAS \
	"Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101\r\n"
#define CALL_DLG \
	"From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n" \
	"To: Bob <sip:bob@biloxi.example.com>;tag=8321234356\r\n" \
	"Call-ID: 3848276298220188511@atlanta.example.com\r\n"

#define CALL_180 \
	"SIP/2.0 180 Ringing\r\n" CALL_VIAS CALL_DLG \
	"CSeq: 1 INVITE\r\n" \
	"Contact: <sip:bob@client.biloxi.example.com;transport=udp>\r\n" \
	"Content-Length: 0\r\n\r\n"

#define CALL_200_INVITE \
	"SIP/2.0 200 OK\r\n" CALL_VIAS CALL_DLG \
	"CSeq: 1 INVITE\r\n" \
	"Contact: <sip:bob@client.biloxi.example.com;transport=udp>\r\n" \
	"Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n" \
	"Content-Type: application/sdp\r\n" \
	"Content-Length: 147\r\n" \
	"\r\n" \
	"v=0\r\n" \
	"o=bob 2808844564 2808844564 IN IP4 client.biloxi.example.com\r\n" \
	"s=-\r\n" \
	"c=IN IP4 192.0.2.201\r\n" \
	"t=0 0\r\n" \
	"m=audio 3456 RTP/AVP 0\r\n" \
	"a=rtpmap:0 PCMU/8000\r\n"

#define CALL_ACK \
	"ACK sip:bob@client.biloxi.example.com SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bd5\r\n" \
	"Max-Forwards: 70\r\n" CALL_DLG \
	"CSeq: 1 ACK\r\n" \
	"Content-Length: 0\r\n\r\n"

#define CALL_BYE \
	"BYE sip:alice@client.atlanta.example.com SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP client.biloxi.example.com:5060;branch=z9hG4bKnashds7\r\n" \
	"Max-Forwards: 70\r\n" CALL_DLG \
	"CSeq: 1 BYE\r\n" \
	"Content-Length: 0\r\n\r\n"

#define CALL_200_BYE \
	"SIP/2.0 200 OK\r\n" \
	"Via: SIP/2.0/UDP client.biloxi.example.com:5060;branch=z9hG4bKnashds7;received=192.0.2.201\r\n" \
	CALL_DLG \
	"CSeq: 1 BYE\r\n" \
	"Content-Length: 0\r\n\r\n"

static const char * const call_flow[] = {
	CALL_INVITE, CALL_180, CALL_200_INVITE, CALL_ACK, CALL_BYE, CALL_200_BYE,
};

static const char * const valid_rfc4475[] = {
	"wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq",
	"semiuri", "transports", "mpart01", "unreason", "noreason",
};

struct bmsg {
	const u8 *data;
	u32 len;
};

static struct bmsg msgs[32];
static unsigned int nmsgs;
static u64 total_bytes;
static volatile u64 sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A: sipoff */
static int run_sipoff(u64 iters)
{
	struct sipoff_msg m;
	u64 i, acc = 0;
	unsigned int j;
	int bad = 0;

	for (i = 0; i < iters; i++)
		for (j = 0; j < nmsgs; j++) {
			bad += sipoff_parse(msgs[j].data, msgs[j].len, 0, &m) != SIPOFF_PERR_OK;
			acc += m.cseq;
		}
	sink += acc;
	return bad;
}

/* B: libosip2 */
static int run_osip(u64 iters)
{
	u64 i;
	unsigned int j;
	int bad = 0;

	for (i = 0; i < iters; i++)
		for (j = 0; j < nmsgs; j++) {
			osip_message_t *sip;

			osip_message_init(&sip);
			bad += osip_message_parse(sip, (const char *)msgs[j].data, msgs[j].len) != 0;
			osip_message_free(sip);
		}
	return bad;
}

/* C: plain scalar line scan: find every LF, byte by byte */
static __attribute__((noinline)) u64 scan_lines(const u8 *p, const u8 *e)
{
	u64 lines = 0;

	while (p < e) {
		while (p < e && *p != '\n')
			p++;
		lines++;
		p++;
	}
	return lines;
}

static int run_scan(u64 iters)
{
	u64 i, acc = 0;
	unsigned int j;

	for (i = 0; i < iters; i++)
		for (j = 0; j < nmsgs; j++)
			acc += scan_lines(msgs[j].data, msgs[j].data + msgs[j].len);
	sink += acc;
	return 0;
}

/* D: glibc memchr line scan */
static __attribute__((noinline)) u64 memchr_lines(const u8 *p, const u8 *e)
{
	u64 lines = 0;

	while (p < e) {
		const u8 *q = memchr(p, '\n', e - p);

		lines++;
		if (!q)
			break;
		p = q + 1;
	}
	return lines;
}

static int run_memchr(u64 iters)
{
	u64 i, acc = 0;
	unsigned int j;

	for (i = 0; i < iters; i++)
		for (j = 0; j < nmsgs; j++)
			acc += memchr_lines(msgs[j].data, msgs[j].data + msgs[j].len);
	sink += acc;
	return 0;
}

struct contender {
	const char *name;
	int (*run)(u64 iters);
	u64 iters;
	double rate[64];	/* message sets per second, per round */
	int bad;
};

static struct contender cont[] = {
	{ .name = "sipoff_parse", .run = run_sipoff },
	{ .name = "osip_message_parse", .run = run_osip },
	{ .name = "scalar line scan", .run = run_scan },
	{ .name = "glibc memchr scan", .run = run_memchr },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void stats(const double *v, int n, double *med, double *lo, double *hi)
{
	double s[64];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	*med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	*lo = s[0];
	*hi = s[n - 1];
}

static void null_trace(const char *fi, int li, osip_trace_level_t level, const char *chfr,
		       va_list ap)
{
	(void)fi;
	(void)li;
	(void)level;
	(void)chfr;
	(void)ap;
}

static const struct sipoff_corpus_file *corpus_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(sipoff_corpus_files) / sizeof(sipoff_corpus_files[0]); i++)
		if (!strcmp(sipoff_corpus_files[i].name, name))
			return &sipoff_corpus_files[i];
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 9;
	double ms = argc > 2 ? atof(argv[2]) : 150;
	const int nc = sizeof(cont) / sizeof(cont[0]);
	double med, lo, hi;
	unsigned int i;
	int r, c;

	if (rounds < 1 || rounds > 64)
		rounds = 9;
	for (i = 0; i < sizeof(valid_rfc4475) / sizeof(valid_rfc4475[0]); i++) {
		const struct sipoff_corpus_file *f = corpus_find(valid_rfc4475[i]);

		if (!f) {
			fprintf(stderr, "missing corpus file %s\n", valid_rfc4475[i]);
			return 1;
		}
		msgs[nmsgs].data = f->data;
		msgs[nmsgs++].len = f->len;
	}
	for (i = 0; i < sizeof(call_flow) / sizeof(call_flow[0]); i++) {
		msgs[nmsgs].data = (const u8 *)call_flow[i];
		msgs[nmsgs++].len = strlen(call_flow[i]);
	}
	for (i = 0; i < nmsgs; i++)
		total_bytes += msgs[i].len;
	parser_init();
	/* osip's error traces go nowhere (printing them would slow osip down) */
	osip_trace_initialize_func(END_TRACE_LEVEL, null_trace);
	for (i = 0; i < END_TRACE_LEVEL; i++)
		osip_trace_disable_level(i);
	/* which messages each side rejects (same messages for both, all counted) */
	for (i = 0; i < nmsgs; i++) {
		struct sipoff_msg m;
		osip_message_t *sip;
		int e = sipoff_parse(msgs[i].data, msgs[i].len, 0, &m), o;

		osip_message_init(&sip);
		o = osip_message_parse(sip, (const char *)msgs[i].data, msgs[i].len);
		osip_message_free(sip);
		if (e || o)
			printf("# message %u (%s): sipoff %s, osip %d\n", i,
			       i < 13 ? valid_rfc4475[i] : "call", sipoff_parse_err_name(e), o);
	}

	/* calibrate: iterations for about `ms` milliseconds each */
	for (c = 0; c < nc; c++) {
		u64 it = 1;
		double t;

		for (;;) {
			t = now();
			cont[c].bad = cont[c].run(it);
			t = now() - t;
			if (t > 0.02)
				break;
			it *= 2;
		}
		cont[c].iters = (u64)(it * (ms / 1000.0) / t) + 1;
	}
	for (r = 0; r < rounds; r++)
		for (c = 0; c < nc; c++) {
			double t = now();

			cont[c].run(cont[c].iters);
			t = now() - t;
			cont[c].rate[r] = cont[c].iters / t;
		}

	printf("# sipoff parser benchmark: %u messages (%llu bytes) per set: 13 valid RFC 4475 + a 6-message call\n",
	       nmsgs, (unsigned long long)total_bytes);
	printf("# %d rounds, contenders alternating, ~%.0f ms each per round; median [min..max]\n",
	       rounds, ms);
	for (c = 0; c < nc; c++) {
		stats(cont[c].rate, rounds, &med, &lo, &hi);
		printf("%-20s %12.0f msg/s [%.0f..%.0f]  %9.1f MB/s\n", cont[c].name, med * nmsgs,
		       lo * nmsgs, hi * nmsgs, med * total_bytes / 1e6);
	}
	for (c = 1; c < nc; c++) {
		double ratio[64];

		for (r = 0; r < rounds; r++)
			ratio[r] = cont[0].rate[r] / cont[c].rate[r];
		stats(ratio, rounds, &med, &lo, &hi);
		printf("ratio sipoff / %-20s %8.2f [%.2f..%.2f]\n", cont[c].name, med, lo, hi);
	}
	{
		double r1[64], r2[64];
		double m1, m2;

		for (r = 0; r < rounds; r++) {
			r1[r] = cont[0].rate[r] / cont[1].rate[r];
			r2[r] = cont[0].rate[r] / cont[2].rate[r];
		}
		stats(r1, rounds, &m1, &lo, &hi);
		stats(r2, rounds, &m2, &lo, &hi);
		printf("goal: >= 20x libosip2: %s (%.1fx); >= 0.5 of the scalar scan: %s (%.2f)\n",
		       m1 >= 20 ? "met" : "NOT met", m1, m2 >= 0.5 ? "met" : "NOT met", m2);
	}
	return 0;
}
