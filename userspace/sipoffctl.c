// SPDX-License-Identifier: GPL-2.0
/*
 * sipoffctl - configure and inspect sipoff over generic netlink (libmnl).
 *
 *   sipoffctl [-j] config show
 *   sipoffctl config set [mode off|transparent|offload] [ports P[,P...]] [t1 MS] [t2 MS]
 *                        [t4 MS] [timer-d MS] [trying MS] [max-transactions N]
 *                        [max-dialogs N] [max-bytes N] [linger MS]
 *   sipoffctl [-j] stats
 *
 * Acts on the network namespace it runs in (use `ip netns exec`).
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sipoff.h>

static bool json;
static const char *prog = "sipoffctl";

static const char *const mode_names[] = {
	[SIPOFF_MODE_OFF] = "off",
	[SIPOFF_MODE_TRANSPARENT] = "transparent",
	[SIPOFF_MODE_OFFLOAD] = "offload",
};

struct nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t seq;
	uint32_t portid;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The kernel's extended ACK message, if any, of an NLMSG_ERROR. */
static const char *nl_extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	unsigned int off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_for_each_payload((void *)((const char *)err + off),
				  nlh->nlmsg_len - MNL_NLMSG_HDRLEN - off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			return mnl_attr_get_str(attr);
	}
	return NULL;
}

/*
 * Send @nlh and run @cb on each reply until the ACK.  Returns 0 or a negative errno, with the
 * kernel's message (extack) in *msg when it gave one.
 */
static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char **msg)
{
	static char buf[1 << 16];
	int n;

	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *h;
		int len;

		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		len = n;
		for (h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_seq != nl->seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

				if (e->error && msg)
					*msg = nl_extack_msg(h);
				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (cb && cb(h, data) < 0)
				return -EIO;
		}
	}
}

static struct nlmsghdr *nl_msg(char *buf, uint16_t type, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)data = mnl_attr_get_u16(attr);
	}
	return MNL_CB_OK;
}

static void nl_open(struct nl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int one = 1, err;

	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		die("cannot open a generic netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot bind the netlink socket: %s", strerror(errno));
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);

	nlh = nl_msg(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SIPOFF_FAMILY_NAME);
	nl->family = 0;
	err = nl_talk(nl, nlh, family_cb, &nl->family, NULL);
	if (err == -ENOENT || !nl->family)
		die("the sipoff module is not loaded (no \"%s\" generic netlink family)",
		    SIPOFF_FAMILY_NAME);
	if (err)
		die("cannot look up the sipoff family: %s", strerror(-err));
}

static void nl_fail(const char *what, int err, const char *msg)
{
	if (err == -EPERM)
		die("%s: not permitted (CAP_NET_ADMIN in this network namespace is needed)", what);
	if (msg)
		die("%s: %s (%s)", what, msg, strerror(-err));
	die("%s: %s", what, strerror(-err));
}

/* ---- config show ---- */

struct config {
	uint32_t mode;
	uint16_t ports[16];
	unsigned int nports;
	uint32_t t1, t2, t4, timer_d, trying, max_txns, max_dialogs, linger;
	uint64_t max_bytes;
};

static int config_cb(const struct nlmsghdr *nlh, void *data)
{
	struct config *c = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case SIPOFF_A_CONFIG_MODE: c->mode = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_PORT:
			if (c->nports < 16)
				c->ports[c->nports++] = mnl_attr_get_u16(a);
			break;
		case SIPOFF_A_CONFIG_T1_MS: c->t1 = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_T2_MS: c->t2 = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_T4_MS: c->t4 = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_TIMER_D_MS: c->timer_d = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_TRYING_MS: c->trying = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_MAX_TRANSACTIONS: c->max_txns = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_MAX_DIALOGS: c->max_dialogs = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_MAX_BYTES: c->max_bytes = mnl_attr_get_u64(a); break;
		case SIPOFF_A_CONFIG_LINGER_MS: c->linger = mnl_attr_get_u32(a); break;
		}
	}
	return MNL_CB_OK;
}

static int cmd_config_show(struct nl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct config c = { 0 };
	const char *msg = NULL;
	const char *mode;
	unsigned int i;
	int err;

	err = nl_talk(nl, nl_msg(buf, nl->family, SIPOFF_CMD_CONFIG_GET, SIPOFF_FAMILY_VERSION),
		      config_cb, &c, &msg);
	if (err)
		nl_fail("config show", err, msg);
	mode = c.mode <= SIPOFF_MODE_OFFLOAD ? mode_names[c.mode] : "?";
	if (json) {
		printf("{\"mode\":\"%s\",\"ports\":[", mode);
		for (i = 0; i < c.nports; i++)
			printf("%s%u", i ? "," : "", c.ports[i]);
		printf("],\"t1_ms\":%u,\"t2_ms\":%u,\"t4_ms\":%u,\"timer_d_ms\":%u,\"trying_ms\":%u,"
		       "\"max_transactions\":%u,\"max_dialogs\":%u,\"max_bytes\":%" PRIu64
		       ",\"linger_ms\":%u}\n", c.t1, c.t2, c.t4, c.timer_d, c.trying, c.max_txns,
		       c.max_dialogs, c.max_bytes, c.linger);
		return 0;
	}
	printf("mode %s ports ", mode);
	for (i = 0; i < c.nports; i++)
		printf("%s%u", i ? "," : "", c.ports[i]);
	printf("\n    t1 %ums t2 %ums t4 %ums timer-d %ums trying %ums\n", c.t1, c.t2, c.t4,
	       c.timer_d, c.trying);
	printf("    max-transactions %u max-dialogs %u max-bytes %" PRIu64 " linger %ums\n",
	       c.max_txns, c.max_dialogs, c.max_bytes, c.linger);
	return 0;
}

/* ---- config set ---- */

static uint64_t parse_num(const char *key, const char *s, uint64_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		die("%s: \"%s\" is not a number", key, s);
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		die("%s: \"%s\" is not a number up to %" PRIu64, key, s, max);
	return v;
}

static int cmd_config_set(struct nl *nl, int argc, char **argv)
{
	static const struct {
		const char *key;
		uint16_t attr;
	} u32keys[] = {
		{ "t1", SIPOFF_A_CONFIG_T1_MS },
		{ "t2", SIPOFF_A_CONFIG_T2_MS },
		{ "t4", SIPOFF_A_CONFIG_T4_MS },
		{ "timer-d", SIPOFF_A_CONFIG_TIMER_D_MS },
		{ "trying", SIPOFF_A_CONFIG_TRYING_MS },
		{ "max-transactions", SIPOFF_A_CONFIG_MAX_TRANSACTIONS },
		{ "max-dialogs", SIPOFF_A_CONFIG_MAX_DIALOGS },
		{ "linger", SIPOFF_A_CONFIG_LINGER_MS },
	};
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	const char *msg = NULL;
	int i, err;

	if (argc == 0 || argc % 2)
		die("config set: expected KEY VALUE pairs (see sipoffctl help)");
	nlh = nl_msg(buf, nl->family, SIPOFF_CMD_CONFIG_SET, SIPOFF_FAMILY_VERSION);
	for (i = 0; i < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		unsigned int j;

		if (!strcmp(k, "mode")) {
			for (j = 0; j < 3; j++)
				if (!strcmp(v, mode_names[j]))
					break;
			if (j == 3)
				die("mode: \"%s\" is not off, transparent or offload", v);
			mnl_attr_put_u32(nlh, SIPOFF_A_CONFIG_MODE, j);
			continue;
		}
		if (!strcmp(k, "ports")) {
			char *s = strdup(v), *save = NULL, *tok;

			for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
				mnl_attr_put_u16(nlh, SIPOFF_A_CONFIG_PORT,
						 parse_num("ports", tok, 65535));
			free(s);
			continue;
		}
		if (!strcmp(k, "max-bytes")) {
			mnl_attr_put_u64(nlh, SIPOFF_A_CONFIG_MAX_BYTES,
					 parse_num(k, v, UINT64_MAX));
			continue;
		}
		for (j = 0; j < sizeof(u32keys) / sizeof(u32keys[0]); j++)
			if (!strcmp(k, u32keys[j].key))
				break;
		if (j == sizeof(u32keys) / sizeof(u32keys[0]))
			die("config set: unknown key \"%s\"", k);
		mnl_attr_put_u32(nlh, u32keys[j].attr, parse_num(k, v, UINT32_MAX));
	}
	err = nl_talk(nl, nlh, NULL, NULL, &msg);
	if (err)
		nl_fail("config set", err, msg);
	return 0;
}

/* ---- stats ---- */

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *b;
	bool *first = data;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		const char *name = NULL;
		uint64_t value = 0;

		if (mnl_attr_get_type(a) != SIPOFF_A_CONFIG_STATS)
			continue;
		mnl_attr_for_each_nested(b, a) {
			if (mnl_attr_get_type(b) == SIPOFF_A_STAT_NAME &&
			    mnl_attr_validate(b, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(b);
			else if (mnl_attr_get_type(b) == SIPOFF_A_STAT_VALUE)
				value = mnl_attr_get_u64(b);
		}
		if (!name)
			continue;
		if (json)
			printf("%s\"%s\":%" PRIu64, *first ? "{" : ",", name, value);
		else
			printf("%-24s %" PRIu64 "\n", name, value);
		*first = false;
	}
	return MNL_CB_OK;
}

static int cmd_stats(struct nl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *msg = NULL;
	bool first = true;
	int err;

	err = nl_talk(nl, nl_msg(buf, nl->family, SIPOFF_CMD_STATS_GET, SIPOFF_FAMILY_VERSION),
		      stats_cb, &first, &msg);
	if (err)
		nl_fail("stats", err, msg);
	if (json)
		printf("%s}\n", first ? "{" : "");
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sipoffctl [-j] config show\n"
		"       sipoffctl config set [mode off|transparent|offload] [ports P[,P...]]\n"
		"                            [t1 MS] [t2 MS] [t4 MS] [timer-d MS] [trying MS]\n"
		"                            [max-transactions N] [max-dialogs N] [max-bytes N]\n"
		"                            [linger MS]\n"
		"       sipoffctl [-j] stats\n"
		"Acts on the current network namespace (use ip netns exec NAME sipoffctl ...).\n");
}

int main(int argc, char **argv)
{
	struct nl nl;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(stdout), 0;
		else
			return usage(stderr), 2;
	}
	if (i >= argc || !strcmp(argv[i], "help"))
		return usage(i >= argc ? stderr : stdout), i >= argc ? 2 : 0;

	if (!strcmp(argv[i], "config") && i + 1 < argc && !strcmp(argv[i + 1], "show")) {
		nl_open(&nl);
		return cmd_config_show(&nl);
	}
	if (!strcmp(argv[i], "config") && i + 1 < argc && !strcmp(argv[i + 1], "set")) {
		nl_open(&nl);
		return cmd_config_set(&nl, argc - i - 2, argv + i + 2);
	}
	if (!strcmp(argv[i], "config") && i + 1 == argc) {
		nl_open(&nl);
		return cmd_config_show(&nl);
	}
	if (!strcmp(argv[i], "stats")) {
		nl_open(&nl);
		return cmd_stats(&nl);
	}
	fprintf(stderr, "%s: unknown command \"%s\"\n", prog, argv[i]);
	usage(stderr);
	return 2;
}
