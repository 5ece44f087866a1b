// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - the generic netlink plumbing sipoffctl and sipoffd share (see nl.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sipoff.h>
#include "nl.h"

const char *nl_extack_msg(const struct nlmsghdr *nlh)
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

const char *nl_attr_str(const struct nlattr *a)
{
	return mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 ? mnl_attr_get_str(a) : "";
}

int nl_run(struct nl *nl, struct nlmsghdr *nlh, uint16_t flags, mnl_cb_t cb, void *data,
	   const char **msg, bool *intr)
{
	static char buf[1 << 17];
	int n;

	nlh->nlmsg_flags |= flags;
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
			if (intr && (h->nlmsg_flags & NLM_F_DUMP_INTR))
				*intr = true;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

				if (e->error && msg)
					*msg = nl_extack_msg(h);
				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&err, mnl_nlmsg_get_payload(h), sizeof(err));
				return err;
			}
			if (cb && cb(h, data) < 0)
				return -EIO;
		}
	}
}

struct nlmsghdr *nl_msg(char *buf, uint16_t type, uint8_t cmd, uint8_t version)
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

/* CTRL_CMD_GETFAMILY's reply: the family id and the events group's id. */
static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr, *grp, *a;
	struct nl *nl = data;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			nl->family = mnl_attr_get_u16(attr);
		if (mnl_attr_get_type(attr) == CTRL_ATTR_VERSION)
			nl->version = mnl_attr_get_u32(attr);
		if (mnl_attr_get_type(attr) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(grp, attr) {
			const char *name = NULL;
			uint32_t id = 0;

			mnl_attr_for_each_nested(a, grp) {
				if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
				    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
					name = mnl_attr_get_str(a);
				else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
					id = mnl_attr_get_u32(a);
			}
			if (name && !strcmp(name, SIPOFF_MCGRP_EVENTS))
				nl->group = id;
		}
	}
	return MNL_CB_OK;
}

int nl_open(struct nl *nl, char *why, size_t why_len)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int one = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		err = -errno;
		snprintf(why, why_len, "cannot open a generic netlink socket: %s", strerror(-err));
		return err;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		snprintf(why, why_len, "cannot bind the netlink socket: %s", strerror(-err));
		return err;
	}
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);

	nlh = nl_msg(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SIPOFF_FAMILY_NAME);
	err = nl_talk(nl, nlh, family_cb, nl, NULL);
	if (err == -ENOENT || (!err && !nl->family)) {
		snprintf(why, why_len,
			 "the sipoff module is not loaded (no \"%s\" generic netlink family)",
			 SIPOFF_FAMILY_NAME);
		return -ENOENT;
	}
	if (err) {
		snprintf(why, why_len, "cannot look up the sipoff family: %s", strerror(-err));
		return err;
	}
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

/* ---- configuration keys ---- */

static const struct {
	const char *key;
	uint16_t attr;
} nl_u32keys[] = {
	{ "t1", SIPOFF_A_CONFIG_T1_MS },
	{ "t2", SIPOFF_A_CONFIG_T2_MS },
	{ "t4", SIPOFF_A_CONFIG_T4_MS },
	{ "timer-d", SIPOFF_A_CONFIG_TIMER_D_MS },
	{ "trying", SIPOFF_A_CONFIG_TRYING_MS },
	{ "max-transactions", SIPOFF_A_CONFIG_MAX_TRANSACTIONS },
	{ "max-dialogs", SIPOFF_A_CONFIG_MAX_DIALOGS },
	{ "linger", SIPOFF_A_CONFIG_LINGER_MS },
	{ "dialog-early-timeout", SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS },
	{ "dialog-max-lifetime", SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS },
	{ "overload-high", SIPOFF_A_CONFIG_OVERLOAD_HIGH_PCT },
	{ "overload-low", SIPOFF_A_CONFIG_OVERLOAD_LOW_PCT },
	{ "overload-delay", SIPOFF_A_CONFIG_OVERLOAD_DELAY_MS },
	{ "overload-retry-after", SIPOFF_A_CONFIG_OVERLOAD_RETRY_AFTER_S },
	{ "overload-max-rate", SIPOFF_A_CONFIG_OVERLOAD_MAX_RATE },
};

const char *const nl_mode_names[SIPOFF_MODE_OFFLOAD + 1] = {
	[SIPOFF_MODE_OFF] = "off",
	[SIPOFF_MODE_TRANSPARENT] = "transparent",
	[SIPOFF_MODE_OFFLOAD] = "offload",
};
const char *const nl_state_names[SIPOFF_DIALOG_STATE_ENDED + 1] = { "early", "confirmed", "ended" };
const char *const nl_reason_names[SIPOFF_END_REASON_SUB_FAILED + 1] = {
	"none", "bye", "cancel", "rejected", "481", "timeout", "early-timeout", "no-ack",
	"max-lifetime", "fork-loser", "operator", "flush", "subscription-terminated",
	"subscription-expired", "subscription-failed",
};
const char *const nl_by_names[SIPOFF_END_BY_OPERATOR + 1] = { "none", "local", "remote", "timer", "operator" };
const char *const nl_event_names[SIPOFF_EVENT_TYPE_OVERLOAD + 1] = {
	"dialog-new", "dialog-early", "dialog-confirmed", "dialog-ended", "dialog-refreshed",
	"usage-added", "usage-ended", "ack-missing", "bye-before-ack", "txn-timeout",
	"terminate-request", "bye-response",
	[SIPOFF_EVENT_TYPE_OVERLOAD] = "overload",
};

/* A decimal number from @min to @max; -1 with a sentence in @why otherwise. */
static int nl_num(const char *key, const char *s, uint64_t min, uint64_t max, uint64_t *v,
		  char *why, size_t why_len)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || errno || *end || n < min || n > max) {
		snprintf(why, why_len, "%s: \"%s\" is not a number from %" PRIu64 " to %" PRIu64,
			 key, s, min, max);
		return -1;
	}
	*v = n;
	return 0;
}

int nl_config_put(struct nlmsghdr *nlh, const char *key, const char *value, char *why,
		  size_t why_len)
{
	unsigned int i;
	uint64_t n;

	if (!strcmp(key, "mode")) {
		for (i = 0; i < sizeof(nl_mode_names) / sizeof(nl_mode_names[0]); i++)
			if (!strcmp(value, nl_mode_names[i])) {
				mnl_attr_put_u32(nlh, SIPOFF_A_CONFIG_MODE, i);
				return 0;
			}
		snprintf(why, why_len, "mode: \"%s\" is not off, transparent or offload", value);
		return -1;
	}
	if (!strcmp(key, "ports")) {
		char *s = strdup(value), *save = NULL, *tok;
		int ret = 0;

		if (!s) {
			snprintf(why, why_len, "ports: out of memory");
			return -1;
		}
		for (tok = strtok_r(s, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
			ret = nl_num("ports", tok, 1, 65535, &n, why, why_len);
			if (!ret)
				mnl_attr_put_u16(nlh, SIPOFF_A_CONFIG_PORT, n);
		}
		free(s);
		return ret;
	}
	if (!strcmp(key, "overload")) {
		if (strcmp(value, "on") && strcmp(value, "off")) {
			snprintf(why, why_len, "overload: \"%s\" is not on or off", value);
			return -1;
		}
		mnl_attr_put_u32(nlh, SIPOFF_A_CONFIG_OVERLOAD, !strcmp(value, "on"));
		return 0;
	}
	if (!strcmp(key, "max-bytes")) {
		if (nl_num(key, value, 0, UINT64_MAX, &n, why, why_len))
			return -1;
		mnl_attr_put_u64(nlh, SIPOFF_A_CONFIG_MAX_BYTES, n);
		return 0;
	}
	for (i = 0; i < sizeof(nl_u32keys) / sizeof(nl_u32keys[0]); i++)
		if (!strcmp(key, nl_u32keys[i].key)) {
			if (nl_num(key, value, 0, UINT32_MAX, &n, why, why_len))
				return -1;
			mnl_attr_put_u32(nlh, nl_u32keys[i].attr, n);
			return 0;
		}
	snprintf(why, why_len, "unknown key \"%s\"", key);
	return -1;
}
