// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_nlfuzz - a netlink fuzzer for the sipoff genetlink family, for the flood kselftest
 * (tests/selftests/flood/sipoff_flood.sh), run in the debug test kernel where a splat fails the
 * run.
 *
 *   sipoff_nlfuzz -t SECONDS [-s SEED]	random commands (known and unknown), flags (do, dump),
 *					versions, attributes (known and unknown types, every
 *					size from 0 to 1 kB, random and plausible values,
 *					nested up to 3 deep, bad lengths), as fast as replies
 *					come; prints what came back, by errno
 *   sipoff_nlfuzz -e			the privilege check (run it unprivileged): config-set,
 *					flush, dialog-terminate, the dialog and transaction
 *					dumps and joining the events group are refused with
 *					EPERM; config-get and stats-get are allowed.  Prints TAP
 *					lines ("# " prefixed) and exits 1 on any mismatch
 *   sipoff_nlfuzz -a			the same, as a privileged user: all allowed (so the
 *					check of -e can fail)
 *
 * Plain netlink (no libmnl) so that it can build anywhere the selftests do.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "linux/sipoff.h"

#define BUFSZ	16384

static uint64_t rs = 0x853c49e6748fea9bull;

static uint32_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return (rs * 2685821657736338717ull) >> 32;
}

struct msg {
	union {
		struct nlmsghdr nlh;
		unsigned char buf[BUFSZ];
	};
	size_t len;
};

static struct nlattr *attr_put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (void *)(m->buf + m->len);

	if (m->len + NLA_HDRLEN + NLA_ALIGN(len) > BUFSZ)
		return NULL;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
	return a;
}

static void msg_start(struct msg *m, uint16_t type, uint16_t flags, uint8_t cmd, uint8_t ver)
{
	struct genlmsghdr g = { .cmd = cmd, .version = ver };

	memset(&m->nlh, 0, sizeof(m->nlh));
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = flags;
	m->nlh.nlmsg_seq = rnd();
	m->len = NLMSG_HDRLEN;
	memcpy(m->buf + m->len, &g, GENL_HDRLEN);
	m->len += GENL_HDRLEN;
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	int one = 1;

	if (fd < 0 || bind(fd, (void *)&sa, sizeof(sa))) {
		perror("nlfuzz: netlink socket");
		exit(2);
	}
	/* Extended ACKs: the kernel's messages are parsed too. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

/*
 * Send @m and read until its ACK/error or the end of its dump; the error (0 or a positive
 * errno), ETIMEDOUT if nothing ended it within 5 s.  *parts counts the dump's messages.
 */
static int talk(int fd, struct msg *m, void (*cb)(const struct nlmsghdr *, void *), void *arg,
		unsigned int *parts)
{
	static unsigned char rb[65536];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq;
	ssize_t n;

	m->nlh.nlmsg_len = m->len;
	seq = m->nlh.nlmsg_seq;
	if (sendto(fd, m->buf, m->len, 0, (void *)&sa, sizeof(sa)) < 0)
		return errno;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct nlmsghdr *h;

		if (poll(&p, 1, 5000) != 1)
			return ETIMEDOUT;
		n = recv(fd, rb, sizeof(rb), 0);
		if (n < 0)
			return errno == ENOBUFS ? 0 : errno;
		for (h = (void *)rb; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (parts)
				(*parts)++;
			if (cb)
				cb(h, arg);
			if (!(h->nlmsg_flags & NLM_F_MULTI))
				return 0;
		}
	}
}

struct family {
	uint16_t id;
	uint32_t events_grp;
};

static void family_cb(const struct nlmsghdr *h, void *arg)
{
	struct family *f = arg;
	const struct nlattr *a;
	int len = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	for (a = (void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN); len >= NLA_HDRLEN &&
	     a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len), a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			f->id = *(uint16_t *)((char *)a + NLA_HDRLEN);
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GROUPS) {
			/* Nested: groups, each with a name and an id. */
			const struct nlattr *g = (void *)((char *)a + NLA_HDRLEN);
			int gl = a->nla_len - NLA_HDRLEN;

			for (; gl >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN;
			     gl -= NLA_ALIGN(g->nla_len), g = (void *)((char *)g + NLA_ALIGN(g->nla_len))) {
				const struct nlattr *x = (void *)((char *)g + NLA_HDRLEN);
				int xl = g->nla_len - NLA_HDRLEN;
				uint32_t id = 0;
				bool events = false;

				for (; xl >= NLA_HDRLEN && x->nla_len >= NLA_HDRLEN;
				     xl -= NLA_ALIGN(x->nla_len), x = (void *)((char *)x + NLA_ALIGN(x->nla_len))) {
					if (x->nla_type == CTRL_ATTR_MCAST_GRP_ID)
						id = *(uint32_t *)((char *)x + NLA_HDRLEN);
					if (x->nla_type == CTRL_ATTR_MCAST_GRP_NAME &&
					    !strcmp((char *)x + NLA_HDRLEN, SIPOFF_MCGRP_EVENTS))
						events = true;
				}
				if (events)
					f->events_grp = id;
			}
		}
	}
}

static struct family resolve(int fd)
{
	struct family f = { 0 };
	struct msg m;
	int err;

	msg_start(&m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	attr_put(&m, CTRL_ATTR_FAMILY_NAME, SIPOFF_FAMILY_NAME, sizeof(SIPOFF_FAMILY_NAME));
	err = talk(fd, &m, family_cb, &f, NULL);
	if (err || !f.id) {
		fprintf(stderr, "nlfuzz: family %s not found (%s)\n", SIPOFF_FAMILY_NAME,
			strerror(err));
		exit(2);
	}
	return f;
}

/* Values a policy has to judge: edges, small numbers, and random ones. */
static void fill_value(unsigned char *p, size_t len)
{
	static const uint64_t edges[] = {
		0, 1, 2, 5, 10, 50, 99, 100, 500, 4000, 5060, 65535, 65536, 600000, 600001,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, ~0ull,
	};
	uint64_t v = edges[rnd() % (sizeof(edges) / sizeof(edges[0]))];
	size_t i;

	switch (rnd() % 4) {
	case 0:
		for (i = 0; i < len; i++)
			p[i] = rnd();
		break;
	case 1:		/* a string, NUL terminated or not */
		for (i = 0; i < len; i++)
			p[i] = 'a' + rnd() % 26;
		if (len && (rnd() & 1))
			p[len - 1] = 0;
		break;
	default:
		memset(p, 0, len);
		memcpy(p, &v, len < 8 ? len : 8);
		break;
	}
}

static size_t pick_len(void)
{
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 255, 256, 257, 1023,
				       1024, 1025 };

	return rnd() & 1 ? lens[rnd() % (sizeof(lens) / sizeof(lens[0]))] : rnd() % 300;
}

static void put_attrs(struct msg *m, int depth)
{
	unsigned char v[1100];
	int n = rnd() % (depth ? 4 : 9), i;

	for (i = 0; i < n; i++) {
		uint16_t type = rnd() % 8 ? rnd() % (SIPOFF_A_CONFIG_MAX + 4) : rnd();

		if (depth < 3 && rnd() % 5 == 0) {
			size_t start = m->len;
			struct nlattr *a = attr_put(m, type | (rnd() & 1 ? NLA_F_NESTED : 0), NULL, 0);

			if (!a)
				return;
			put_attrs(m, depth + 1);
			a = (void *)(m->buf + start);
			a->nla_len = m->len - start;
			continue;
		}
		{
			size_t len = pick_len();

			fill_value(v, len);
			if (!attr_put(m, type, v, len))
				return;
		}
	}
}

static void fuzz_one(int fd, struct family *f, unsigned int *stat_err, unsigned int *timeouts)
{
	struct msg m;
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	uint8_t cmd = rnd() % (SIPOFF_CMD_MAX + 3);
	int err;

	if (rnd() % 3 == 0)
		flags |= NLM_F_DUMP;
	if (rnd() % 16 == 0)
		flags |= rnd() & 0x0f00;	/* NLM_F_REPLACE, EXCL, CREATE, APPEND */
	msg_start(&m, f->id, flags, cmd, rnd() % 4 ? SIPOFF_FAMILY_VERSION : rnd() % 256);
	put_attrs(&m, 0);
	switch (rnd() % 20) {
	case 0:	{	/* the last attribute claims more than there is */
		struct nlattr *a = (void *)(m.buf + NLMSG_HDRLEN + GENL_HDRLEN);

		if (m.len > NLMSG_HDRLEN + GENL_HDRLEN)
			a->nla_len += 4 + rnd() % 64;
		break;
	}
	case 1:		/* a cut header */
		m.len = NLMSG_HDRLEN + rnd() % (GENL_HDRLEN + 1);
		break;
	case 2:		/* trailing bytes that are no attribute */
		m.len += rnd() % 4;
		memset(m.buf + m.len - 3, 0xa5, 3);
		break;
	default:
		break;
	}
	err = talk(fd, &m, NULL, NULL, NULL);
	if (err == ETIMEDOUT)
		(*timeouts)++;
	else if (err >= 0 && err < 256)
		stat_err[err]++;
}

/* -e / -a: the privileged operations, as the caller: EPERM each, or allowed each. */
static int check_perms(bool expect_eperm)
{
	int fd = nl_open(), bad = 0, n = 0, err;
	struct family f = resolve(fd);
	struct msg m;
	static const struct { const char *name; uint8_t cmd; bool dump; bool priv; } ops[] = {
		{ "config-get", SIPOFF_CMD_CONFIG_GET, false, false },
		{ "stats-get", SIPOFF_CMD_STATS_GET, false, false },
		{ "config-set", SIPOFF_CMD_CONFIG_SET, false, true },
		{ "flush", SIPOFF_CMD_FLUSH, false, true },
		{ "dialog-terminate", SIPOFF_CMD_DIALOG_TERMINATE, false, true },
		{ "dialog-get (dump)", SIPOFF_CMD_DIALOG_GET, true, true },
		{ "transaction-get (dump)", SIPOFF_CMD_TXN_GET, true, true },
	};
	unsigned int i;
	uint32_t v;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		int want;

		msg_start(&m, f.id, NLM_F_REQUEST | NLM_F_ACK | (ops[i].dump ? NLM_F_DUMP : 0),
			  ops[i].cmd, SIPOFF_FAMILY_VERSION);
		if (ops[i].cmd == SIPOFF_CMD_CONFIG_SET) {
			v = 500;	/* the default T1: allowed, it changes nothing */
			attr_put(&m, SIPOFF_A_CONFIG_T1_MS, &v, 4);
		} else if (ops[i].cmd == SIPOFF_CMD_DIALOG_TERMINATE) {
			attr_put(&m, SIPOFF_A_DIALOG_OP_CALL_ID, "no-such-call", 13);
		}
		err = talk(fd, &m, NULL, NULL, NULL);
		/* Allowed: a terminate of no dialog says ENOENT; everything else succeeds. */
		want = expect_eperm && ops[i].priv ? EPERM :
		       ops[i].cmd == SIPOFF_CMD_DIALOG_TERMINATE ? ENOENT : 0;
		n++;
		if (err == want) {
			printf("# ok %d %s: %s\n", n, ops[i].name, err ? strerror(err) : "allowed");
		} else {
			printf("# not ok %d %s: %s, expected %s\n", n, ops[i].name,
			       err ? strerror(err) : "allowed", want ? strerror(want) : "allowed");
			bad++;
		}
	}
	/* The events group: CAP_NET_ADMIN (GENL_MCAST_CAP_NET_ADMIN). */
	err = setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &f.events_grp,
			 sizeof(f.events_grp)) ? errno : 0;
	n++;
	if (!f.events_grp || err != (expect_eperm ? EPERM : 0)) {
		printf("# not ok %d join events group %u: %s\n", n, f.events_grp,
		       err ? strerror(err) : "allowed");
		bad++;
	} else {
		printf("# ok %d join events group: %s\n", n, err ? strerror(err) : "allowed");
	}
	close(fd);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned int stat_err[256] = { 0 }, timeouts = 0, i;
	unsigned long long sent = 0;
	double secs = 10;
	struct timespec t0, t;
	struct family f;
	int opt, fd;

	while ((opt = getopt(argc, argv, "t:s:ea")) != -1) {
		switch (opt) {
		case 't': secs = atof(optarg); break;
		case 's': rs ^= strtoull(optarg, NULL, 0) * 0x2545f4914f6cdd1dull; break;
		case 'e': return check_perms(true);
		case 'a': return check_perms(false);
		default:
			fprintf(stderr, "usage: see the head of sipoff_nlfuzz.c\n");
			return 2;
		}
	}
	if (!rs)
		rs = 1;
	fd = nl_open();
	f = resolve(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (i = 0; i < 32; i++, sent++)
			fuzz_one(fd, &f, stat_err, &timeouts);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < secs);
	printf("nlfuzz: %llu messages in %.0f s; replies:", sent, secs);
	for (i = 0; i < 256; i++)
		if (stat_err[i])
			printf(" %s %u,", i ? strerror(i) : "ok", stat_err[i]);
	printf(" no reply %u\n", timeouts);
	close(fd);
	/* A request the kernel never answered is a bug: the ACK flag was on every one. */
	return timeouts ? 1 : 0;
}
