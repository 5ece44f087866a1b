// SPDX-License-Identifier: GPL-2.0
/*
 * udp_blast.c - UDP throughput for `make bench`: one process sends datagrams to itself over
 * loopback (IPv4 or IPv6) and counts what it receives, for a fixed time.
 *
 * On loopback a send is delivered in the sender's own softirq, so a single thread that sends
 * a batch (sendmmsg) and then drains its receiving socket (recvmmsg) measures the CPU cost of
 * the whole path, netfilter hooks at LOCAL_OUT and LOCAL_IN included, with nothing else
 * scheduled in between.  The rate is received datagrams per second of wall time.
 *
 *   udp_blast [-6] [-p PORT] [-s SIZE] [-S] [-t SECONDS] [-w SECONDS] [-b BATCH]
 *
 *   -6          IPv6 (::1) instead of IPv4 (127.0.0.1)
 *   -p PORT     destination (receiving) port, default 40000
 *   -s SIZE     datagram payload size, default 200 (filler bytes, not SIP)
 *   -S          payload is a SIP OPTIONS request (its own size; -s is ignored)
 *   -t SECONDS  measuring time, default 3
 *   -w SECONDS  warm-up before measuring, default 0.3
 *   -b BATCH    datagrams per sendmmsg, default 32
 *
 * Prints one line: "pps=N sent=N recv=N lost=N size=N secs=S".  Exit status 1 on any socket
 * error, or if fewer than 90 % of the datagrams sent while measuring arrived (the figure
 * would then measure drops, not the path).
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

#define MAX_BATCH 64
#define MAX_SIZE 1400

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

int main(int argc, char **argv)
{
	static char payload[MAX_SIZE], rxbuf[MAX_BATCH][MAX_SIZE + 1];
	struct mmsghdr tx[MAX_BATCH], rx[MAX_BATCH];
	struct iovec txiov[MAX_BATCH], rxiov[MAX_BATCH];
	struct sockaddr_storage dst;
	socklen_t dlen;
	int v6 = 0, sip = 0, port = 40000, size = 200, batch = 32, opt, rs, ts, i, n;
	double secs = 3, warm = 0.3, t0, t1, end;
	unsigned long long sent = 0, recvd = 0;
	int measuring = 0, one = 1, buf = 8 << 20;

	while ((opt = getopt(argc, argv, "6p:s:St:w:b:")) != -1) {
		switch (opt) {
		case '6': v6 = 1; break;
		case 'p': port = atoi(optarg); break;
		case 's': size = atoi(optarg); break;
		case 'S': sip = 1; break;
		case 't': secs = atof(optarg); break;
		case 'w': warm = atof(optarg); break;
		case 'b': batch = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-6] [-p PORT] [-s SIZE] [-S] [-t SECONDS] [-w SECONDS] [-b BATCH]\n",
				argv[0]);
			return 2;
		}
	}
	if (size < 1 || size > MAX_SIZE || batch < 1 || batch > MAX_BATCH || secs <= 0 ||
	    port < 1 || port > 65535) {
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

	memset(tx, 0, sizeof(tx));
	memset(rx, 0, sizeof(rx));
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

	t0 = now();
	end = t0 + warm;
	for (;;) {
		n = sendmmsg(ts, tx, batch, 0);
		if (n < 0) {
			if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)
				n = 0;
			else
				die("sendmmsg");
		}
		if (measuring)
			sent += n;
		for (;;) {
			n = recvmmsg(rs, rx, MAX_BATCH, MSG_DONTWAIT, NULL);
			if (n < 0) {
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					break;
				if (errno == EINTR)
					continue;
				die("recvmmsg");
			}
			if (measuring)
				recvd += n;
			if (n < MAX_BATCH)
				break;
		}
		t1 = now();
		if (t1 >= end) {
			if (measuring)
				break;
			measuring = 1;
			t0 = t1;
			end = t0 + secs;
		}
	}
	printf("pps=%.0f sent=%llu recv=%llu lost=%llu size=%d secs=%.3f\n", recvd / (t1 - t0),
	       sent, recvd, sent > recvd ? sent - recvd : 0, size, t1 - t0);
	if (recvd < sent * 9 / 10) {
		fprintf(stderr, "udp_blast: only %llu of %llu datagrams arrived\n", recvd, sent);
		return 1;
	}
	return 0;
}
