// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_flood - many short SIP calls on one host, for the teardown tests (issue 10 item 5):
 * a caller socket on IP:5070 and a callee socket on IP:5060 in the current network namespace,
 * each call INVITE, 200 OK, ACK, BYE, 200 OK with fresh Call-ID, tags and branches, sent as
 * fast as the sockets take them.  With both ports configured sipoff sees every message twice
 * (LOCAL_OUT and LOCAL_IN): client and server transactions and a dialog on each side per call.
 * Nothing waits for an answer: what is queued at the sockets is drained and thrown away.
 *
 *   sipoff_flood IP CALLS [READY_FILE]
 *
 * CALLS 0: until SIGTERM.  READY_FILE is created after the first 1000 calls.  Prints
 * "flood calls N".
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int sock_at(const char *ip, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	if (fd < 0 || inet_pton(AF_INET, ip, &a.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("socket");
		exit(1);
	}
	return fd;
}

static void drain(int fd)
{
	char buf[2048];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void send_to(int fd, const char *ip, int port, const char *msg, int len)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &a.sin_addr);
	/* A full queue or an ICMP error is fine: the flood only feeds the tables. */
	(void)sendto(fd, msg, len, 0, (struct sockaddr *)&a, sizeof(a));
}

int main(int argc, char **argv)
{
	const char *ip;
	unsigned long calls, i;
	int uac, uas;
	char m[1024];
	int n;

	if (argc < 3) {
		fprintf(stderr, "usage: %s IP CALLS [READY_FILE]\n", argv[0]);
		return 2;
	}
	ip = argv[1];
	calls = strtoul(argv[2], NULL, 10);
	signal(SIGTERM, on_term);
	uac = sock_at(ip, 5070);
	uas = sock_at(ip, 5060);
	for (i = 0; !stop && (!calls || i < calls); i++) {
		const char *hdr =
			"Via: SIP/2.0/UDP %s:5070;branch=z9hG4bK-fl%lu-%s\r\n"
			"From: <sip:a@%s>;tag=fa%lu\r\n"
			"To: <sip:b@%s>%s\r\n"
			"Call-ID: flood-%lu@%s\r\n"
			"CSeq: %d %s\r\n"
			"Contact: <sip:%s:%d>\r\n"
			"Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
		char ttag[32];

		snprintf(ttag, sizeof(ttag), ";tag=tb%lu", i);
#define MSG(first, br, to, cseq, meth, cport)					\
	n = snprintf(m, sizeof(m), "%s", first);				\
	n += snprintf(m + n, sizeof(m) - n, hdr, ip, i, br, ip, i, ip, to, i, ip, \
		      cseq, meth, ip, cport)
		MSG("INVITE sip:b@x SIP/2.0\r\n", "i", "", 1, "INVITE", 5070);
		send_to(uac, ip, 5060, m, n);
		MSG("SIP/2.0 200 OK\r\n", "i", ttag, 1, "INVITE", 5060);
		send_to(uas, ip, 5070, m, n);
		MSG("ACK sip:b@x SIP/2.0\r\n", "a", ttag, 1, "ACK", 5070);
		send_to(uac, ip, 5060, m, n);
		MSG("BYE sip:b@x SIP/2.0\r\n", "b", ttag, 2, "BYE", 5070);
		send_to(uac, ip, 5060, m, n);
		MSG("SIP/2.0 200 OK\r\n", "b", ttag, 2, "BYE", 5060);
		send_to(uas, ip, 5070, m, n);
		drain(uac);
		drain(uas);
		if (i == 1000 && argc > 3)
			close(open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644));
	}
	printf("flood calls %lu\n", i);
	return 0;
}
