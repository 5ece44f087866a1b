// SPDX-License-Identifier: GPL-2.0
/*
 * sipoffctl - configure and inspect sipoff over generic netlink (libmnl).
 *
 *   sipoffctl [-j] config show
 *   sipoffctl config set [mode off|transparent|offload] [ports P[,P...]] [t1 MS] [t2 MS]
 *                        [t4 MS] [timer-d MS] [trying MS] [max-transactions N]
 *                        [max-dialogs N] [max-bytes N] [linger MS]
 *                        [overload on|off] [overload-high PCT] [overload-low PCT]
 *                        [overload-delay MS] [overload-retry-after S] [overload-max-rate N]
 *   sipoffctl [-j] stats
 *   sipoffctl [-j] dialog show [CALL-ID]
 *   sipoffctl dialog terminate CALL-ID [LOCAL-TAG REMOTE-TAG]
 *   sipoffctl [-j] transaction show [CALL-ID]
 *   sipoffctl [-j] monitor          events live, one line (-j: one JSON object) per event
 *   sipoffctl flush
 *   sipoffctl [-j] version          the tools' and the loaded module's versions
 *
 * Acts on the network namespace it runs in (use `ip netns exec`).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
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
#include "nl.h"

static bool json;
static const char *prog = "sipoffctl";


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

/* Open the netlink socket to the sipoff family, or exit with why not. */
static void ctl_open(struct nl *nl)
{
	char why[256];

	if (nl_open(nl, why, sizeof(why)))
		die("%s", why);
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
	uint32_t dlg_early, dlg_life;
	uint64_t max_bytes;
	uint32_t ovl, ovl_high, ovl_low, ovl_delay, ovl_retry, ovl_rate;
	uint16_t ovl_active[16];
	unsigned int novl_active;
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
		case SIPOFF_A_CONFIG_DIALOG_EARLY_TIMEOUT_MS:
			c->dlg_early = mnl_attr_get_u32(a);
			break;
		case SIPOFF_A_CONFIG_DIALOG_MAX_LIFETIME_MS:
			c->dlg_life = mnl_attr_get_u32(a);
			break;
		case SIPOFF_A_CONFIG_OVERLOAD: c->ovl = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_OVERLOAD_HIGH_PCT: c->ovl_high = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_OVERLOAD_LOW_PCT: c->ovl_low = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_OVERLOAD_DELAY_MS: c->ovl_delay = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_OVERLOAD_RETRY_AFTER_S: c->ovl_retry = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_OVERLOAD_MAX_RATE: c->ovl_rate = mnl_attr_get_u32(a); break;
		case SIPOFF_A_CONFIG_OVERLOAD_ACTIVE_PORT:
			if (c->novl_active < 16)
				c->ovl_active[c->novl_active++] = mnl_attr_get_u16(a);
			break;
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
	mode = c.mode <= SIPOFF_MODE_OFFLOAD ? nl_mode_names[c.mode] : "?";
	if (json) {
		printf("{\"mode\":\"%s\",\"ports\":[", mode);
		for (i = 0; i < c.nports; i++)
			printf("%s%u", i ? "," : "", c.ports[i]);
		printf("],\"t1_ms\":%u,\"t2_ms\":%u,\"t4_ms\":%u,\"timer_d_ms\":%u,\"trying_ms\":%u,"
		       "\"max_transactions\":%u,\"max_dialogs\":%u,\"max_bytes\":%" PRIu64
		       ",\"linger_ms\":%u", c.t1, c.t2, c.t4, c.timer_d, c.trying, c.max_txns,
		       c.max_dialogs, c.max_bytes, c.linger);
		printf(",\"overload\":\"%s\",\"overload_high_pct\":%u,\"overload_low_pct\":%u,"
		       "\"overload_delay_ms\":%u,\"overload_retry_after_s\":%u,"
		       "\"overload_max_rate\":%u,\"overload_active_ports\":[", c.ovl ? "on" : "off",
		       c.ovl_high, c.ovl_low, c.ovl_delay, c.ovl_retry, c.ovl_rate);
		for (i = 0; i < c.novl_active; i++)
			printf("%s%u", i ? "," : "", c.ovl_active[i]);
		printf("]}\n");
		return 0;
	}
	printf("mode %s ports ", mode);
	for (i = 0; i < c.nports; i++)
		printf("%s%u", i ? "," : "", c.ports[i]);
	printf("\n    t1 %ums t2 %ums t4 %ums timer-d %ums trying %ums\n", c.t1, c.t2, c.t4,
	       c.timer_d, c.trying);
	printf("    max-transactions %u max-dialogs %u max-bytes %" PRIu64 " linger %ums\n",
	       c.max_txns, c.max_dialogs, c.max_bytes, c.linger);
	printf("    dialog-early-timeout %ums dialog-max-lifetime %ums\n", c.dlg_early, c.dlg_life);
	printf("    overload %s overload-high %u%% overload-low %u%% overload-delay %ums"
	       " overload-retry-after %us overload-max-rate %u/s\n", c.ovl ? "on" : "off",
	       c.ovl_high, c.ovl_low, c.ovl_delay, c.ovl_retry, c.ovl_rate);
	printf("    overloaded ports:");
	for (i = 0; i < c.novl_active; i++)
		printf(" %u", c.ovl_active[i]);
	printf("%s\n", c.novl_active ? "" : " none");
	return 0;
}

/* ---- config set ---- */

static int cmd_config_set(struct nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], why[256];
	struct nlmsghdr *nlh;
	const char *msg = NULL;
	int i, err;

	if (argc == 0 || argc % 2)
		die("config set: expected KEY VALUE pairs (see sipoffctl help)");
	nlh = nl_msg(buf, nl->family, SIPOFF_CMD_CONFIG_SET, SIPOFF_FAMILY_VERSION);
	for (i = 0; i < argc; i += 2)
		if (nl_config_put(nlh, argv[i], argv[i + 1], why, sizeof(why)))
			die("config set: %s", why);
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

/* ---- dialogs ---- */

static const char *const usage_names[] = { "invite", "subscribe", "refer" };
static const char *const flag_names[] = {
	"invite", "invite-ended", "cancel", "cancel-race", "bye-before-ack", "ack-missing",
	"rr-truncated", "operator", "fork-2xx", "usage-full", "refresh-out", "refresh-in",
	"bye-out", "values-cut",
};
static const char *const txn_kinds[] = { "ict", "nict", "ist", "nist" };
static const char *const txn_timers[] = {
	"A", "B", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "trying", "linger",
};
static const char *const method_names[] = {
	"UNKNOWN", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
	"SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};


static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

#define MAX_ROUTES 16

struct dialog {
	uint64_t id, created, answered, acked, ended;
	const char *cid, *ltag, *rtag, *luri, *ruri, *rtarget, *ltarget;
	const char *route[MAX_ROUTES];
	unsigned int n_route;
	uint32_t state, side, flags, usages, final_code, end_code, bye_code, reason, by;
	uint32_t lcseq, rcseq, icseq, family;
	char laddr[INET6_ADDRSTRLEN], raddr[INET6_ADDRSTRLEN];
	uint16_t lport, rport;
};

static void addr_attr(const struct nlattr *a, char *out)
{
	int len = mnl_attr_get_payload_len(a);

	if (len == 4)
		inet_ntop(AF_INET, mnl_attr_get_payload(a), out, INET6_ADDRSTRLEN);
	else if (len == 16)
		inet_ntop(AF_INET6, mnl_attr_get_payload(a), out, INET6_ADDRSTRLEN);
}

static void dialog_parse(const struct nlattr *nest, struct dialog *d)
{
	const struct nlattr *a;

	memset(d, 0, sizeof(*d));
	d->cid = d->ltag = d->rtag = d->luri = d->ruri = d->rtarget = d->ltarget = "";
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case SIPOFF_A_DIALOG_ID: d->id = mnl_attr_get_u64(a); break;
		case SIPOFF_A_DIALOG_CALL_ID: d->cid = nl_attr_str(a); break;
		case SIPOFF_A_DIALOG_LOCAL_TAG: d->ltag = nl_attr_str(a); break;
		case SIPOFF_A_DIALOG_REMOTE_TAG: d->rtag = nl_attr_str(a); break;
		case SIPOFF_A_DIALOG_LOCAL_URI: d->luri = nl_attr_str(a); break;
		case SIPOFF_A_DIALOG_REMOTE_URI: d->ruri = nl_attr_str(a); break;
		case SIPOFF_A_DIALOG_REMOTE_TARGET: d->rtarget = nl_attr_str(a); break;
		case SIPOFF_A_DIALOG_LOCAL_TARGET: d->ltarget = nl_attr_str(a); break;
		case SIPOFF_A_DIALOG_ROUTE:
			if (d->n_route < MAX_ROUTES)
				d->route[d->n_route++] = nl_attr_str(a);
			break;
		case SIPOFF_A_DIALOG_STATE: d->state = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_SIDE: d->side = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_FLAGS: d->flags = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_USAGES: d->usages = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_CREATED_MS: d->created = mnl_attr_get_u64(a); break;
		case SIPOFF_A_DIALOG_ANSWERED_MS: d->answered = mnl_attr_get_u64(a); break;
		case SIPOFF_A_DIALOG_ACKED_MS: d->acked = mnl_attr_get_u64(a); break;
		case SIPOFF_A_DIALOG_ENDED_MS: d->ended = mnl_attr_get_u64(a); break;
		case SIPOFF_A_DIALOG_FINAL_CODE: d->final_code = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_END_CODE: d->end_code = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_BYE_CODE: d->bye_code = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_END_REASON: d->reason = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_END_BY: d->by = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_LOCAL_CSEQ: d->lcseq = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_REMOTE_CSEQ: d->rcseq = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_INVITE_CSEQ: d->icseq = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_FAMILY: d->family = mnl_attr_get_u32(a); break;
		case SIPOFF_A_DIALOG_LOCAL_ADDR: addr_attr(a, d->laddr); break;
		case SIPOFF_A_DIALOG_REMOTE_ADDR: addr_attr(a, d->raddr); break;
		case SIPOFF_A_DIALOG_LOCAL_PORT: d->lport = mnl_attr_get_u16(a); break;
		case SIPOFF_A_DIALOG_REMOTE_PORT: d->rport = mnl_attr_get_u16(a); break;
		}
	}
}

static void dialog_json(FILE *f, const struct dialog *d)
{
	unsigned int i, n = 0;

	fprintf(f, "{\"id\":%" PRIu64 ",\"call_id\":", d->id);
	json_str(f, d->cid);
	fprintf(f, ",\"state\":\"%s\",\"side\":\"%s\",\"local_tag\":", NAME(nl_state_names, d->state),
		d->side ? "uas" : "uac");
	json_str(f, d->ltag);
	fputs(",\"remote_tag\":", f);
	json_str(f, d->rtag);
	fputs(",\"local_uri\":", f);
	json_str(f, d->luri);
	fputs(",\"remote_uri\":", f);
	json_str(f, d->ruri);
	fputs(",\"remote_target\":", f);
	json_str(f, d->rtarget);
	fputs(",\"local_target\":", f);
	json_str(f, d->ltarget);
	fputs(",\"route_set\":[", f);
	for (i = 0; i < d->n_route; i++) {
		if (i)
			fputc(',', f);
		json_str(f, d->route[i]);
	}
	fprintf(f, "],\"route_truncated\":%s,\"usages\":%u,\"created_ms\":%" PRIu64
		",\"answered_ms\":%" PRIu64 ",\"acked_ms\":%" PRIu64 ",\"ended_ms\":%" PRIu64
		",\"final_code\":%u,\"end_code\":%u,\"bye_code\":%u,\"end_reason\":\"%s\""
		",\"end_by\":\"%s\",\"local_cseq\":%u,\"remote_cseq\":%u,\"invite_cseq\":%u",
		(d->flags & SIPOFF_DIALOG_FLAGS_RR_TRUNCATED) ? "true" : "false", d->usages,
		d->created, d->answered, d->acked, d->ended, d->final_code, d->end_code,
		d->bye_code, NAME(nl_reason_names, d->reason), NAME(nl_by_names, d->by), d->lcseq,
		d->rcseq, d->icseq);
	fprintf(f, ",\"local_addr\":\"%s\",\"local_port\":%u,\"remote_addr\":\"%s\","
		"\"remote_port\":%u,\"flags\":[", d->laddr, d->lport, d->raddr, d->rport);
	for (i = 0; i < 32; i++)
		if (d->flags & (1u << i))
			fprintf(f, "%s\"%s\"", n++ ? "," : "", NAME(flag_names, i));
	fputs("]}", f);
}

static void dialog_text(FILE *f, const struct dialog *d)
{
	unsigned int i;

	fprintf(f, "dialog %" PRIu64 " %s %s call-id %s local-tag %s remote-tag %s\n", d->id,
		NAME(nl_state_names, d->state), d->side ? "uas" : "uac", d->cid, d->ltag, d->rtag);
	fprintf(f, "    local %s %s:%u remote %s %s:%u\n", d->luri, d->laddr, d->lport, d->ruri,
		d->raddr, d->rport);
	if (*d->rtarget || *d->ltarget)
		fprintf(f, "    remote-target %s local-target %s\n",
			*d->rtarget ? d->rtarget : "-", *d->ltarget ? d->ltarget : "-");
	fputs("    route-set", f);
	for (i = 0; i < d->n_route; i++)
		fprintf(f, "%s%s", i ? "," : " ", d->route[i]);
	fprintf(f, "%s%s\n", d->n_route ? "" : " -",
		(d->flags & SIPOFF_DIALOG_FLAGS_RR_TRUNCATED) ? " (truncated)" : "");
	fprintf(f, "    usages %u final %u cseq local %u remote %u", d->usages, d->final_code,
		d->lcseq, d->rcseq);
	if (d->state == SIPOFF_DIALOG_STATE_ENDED)
		fprintf(f, " ended %s by %s code %u bye %u", NAME(nl_reason_names, d->reason),
			NAME(nl_by_names, d->by), d->end_code, d->bye_code);
	fputc('\n', f);
}

/*
 * One attempt at a dump: what it found and its output, kept in memory so that only a
 * consistent attempt (or, after several interrupted ones, the last) is printed.
 */
struct dump_ctx {
	unsigned int n;
	bool intr;
	FILE *out;
};

static int dialog_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	const struct nlattr *a;
	struct dialog d;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != SIPOFF_A_DIALOG_OP_DIALOG)
			continue;
		dialog_parse(a, &d);
		if (json) {
			fputs(c->n ? "," : "", c->out);
			dialog_json(c->out, &d);
		} else {
			dialog_text(c->out, &d);
		}
		c->n++;
	}
	return MNL_CB_OK;
}

/*
 * Dump with @cmd (Call-ID filter @cid in attribute @cid_attr when not NULL) through @cb; a dump
 * the kernel flags as interrupted (the table changed under it: an entry may be missing or
 * repeated) is tried again, up to 5 times; only the last attempt is printed, so `-j` gives one
 * JSON array.  Returns how many entries were printed.
 */
static unsigned int dump_show(struct nl *nl, const char *what, uint8_t cmd, uint16_t cid_attr,
			      const char *cid, mnl_cb_t cb)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *msg = NULL;
	struct dump_ctx c;
	struct nlmsghdr *nlh;
	char *text = NULL;
	size_t len = 0;
	int err, tries;

	for (tries = 0; tries < 5; tries++) {
		memset(&c, 0, sizeof(c));
		free(text);
		text = NULL;
		c.out = open_memstream(&text, &len);
		if (!c.out)
			die("%s: out of memory", what);
		nlh = nl_msg(buf, nl->family, cmd, SIPOFF_FAMILY_VERSION);
		if (cid)
			mnl_attr_put_strz(nlh, cid_attr, cid);
		err = nl_dump(nl, nlh, cb, &c, &msg, &c.intr);
		fclose(c.out);
		if (err == -EOPNOTSUPP && cmd == SIPOFF_CMD_TXN_GET)
			die("%s: the loaded sipoff module cannot dump transactions "
			    "(an older module?)", what);
		if (err)
			nl_fail(what, err, msg);
		if (!c.intr)
			break;
		fprintf(stderr, "%s: %s: the table changed during the dump%s\n", prog, what,
			tries < 4 ? ", again" : "; showing the last attempt");
	}
	if (json)
		printf("[%s]\n", text ? text : "");
	else if (text)
		fputs(text, stdout);
	free(text);
	return c.n;
}

static int cmd_dialog_show(struct nl *nl, const char *cid)
{
	if (!dump_show(nl, "dialog show", SIPOFF_CMD_DIALOG_GET, SIPOFF_A_DIALOG_OP_CALL_ID, cid,
		       dialog_cb) && cid) {
		fflush(stdout);
		die("dialog show: no such dialog (Call-ID %s)", cid);
	}
	return 0;
}

static int cmd_dialog_terminate(struct nl *nl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *msg = NULL;
	struct nlmsghdr *nlh;
	int err;

	if (argc != 1 && argc != 3)
		die("dialog terminate: expected CALL-ID [LOCAL-TAG REMOTE-TAG]");
	nlh = nl_msg(buf, nl->family, SIPOFF_CMD_DIALOG_TERMINATE, SIPOFF_FAMILY_VERSION);
	mnl_attr_put_strz(nlh, SIPOFF_A_DIALOG_OP_CALL_ID, argv[0]);
	if (argc == 3) {
		mnl_attr_put_strz(nlh, SIPOFF_A_DIALOG_OP_LOCAL_TAG, argv[1]);
		mnl_attr_put_strz(nlh, SIPOFF_A_DIALOG_OP_REMOTE_TAG, argv[2]);
	}
	err = nl_talk(nl, nlh, NULL, NULL, &msg);
	if (err == -ENOENT)
		die("dialog terminate: no such dialog (Call-ID %s)", argv[0]);
	if (err == -ENOTCONN)
		die("dialog terminate: no sipoffd running (nobody listens to sipoff events)");
	if (err)
		nl_fail("dialog terminate", err, msg);
	return 0;
}

/* ---- transactions ---- */

static const char *const txn_states[] = {
	"init", "calling", "trying", "proceeding", "completed", "confirmed", "accepted",
	"terminated",
};
static const char *const kept_names[] = { "request", "response", "ack" };

struct txn {
	const char *cid, *branch, *method;
	uint32_t kind, state, mode, cseq, family, last_code, age_ms, resends, kept, kept_bytes;
	uint32_t timers;
	char peer[INET6_ADDRSTRLEN];
	uint16_t peer_port;
};

static void txn_parse(const struct nlattr *nest, struct txn *t)
{
	const struct nlattr *a;

	memset(t, 0, sizeof(*t));
	t->cid = t->branch = t->method = "";
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case SIPOFF_A_TXN_KIND: t->kind = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_STATE: t->state = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_MODE: t->mode = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_METHOD_NAME: t->method = nl_attr_str(a); break;
		case SIPOFF_A_TXN_CSEQ: t->cseq = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_CALL_ID: t->cid = nl_attr_str(a); break;
		case SIPOFF_A_TXN_BRANCH: t->branch = nl_attr_str(a); break;
		case SIPOFF_A_TXN_FAMILY: t->family = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_PEER_ADDR: addr_attr(a, t->peer); break;
		case SIPOFF_A_TXN_PEER_PORT: t->peer_port = mnl_attr_get_u16(a); break;
		case SIPOFF_A_TXN_LAST_CODE: t->last_code = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_AGE_MS: t->age_ms = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_RESENDS: t->resends = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_KEPT: t->kept = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_KEPT_BYTES: t->kept_bytes = mnl_attr_get_u32(a); break;
		case SIPOFF_A_TXN_TIMERS: t->timers = mnl_attr_get_u32(a); break;
		}
	}
}

/* "a,b,c" of the bits of @v named in @names, "-" for none. */
static const char *bits_text(uint32_t v, const char *const *names, unsigned int n, char *buf,
			     size_t len)
{
	unsigned int i;
	size_t k = 0;

	buf[0] = '\0';
	for (i = 0; i < n && k < len; i++)
		if (v & (1u << i))
			k += snprintf(buf + k, len - k, "%s%s", k ? "," : "", names[i]);
	return k ? buf : "-";
}

static void bits_json(FILE *f, uint32_t v, const char *const *names, unsigned int n)
{
	unsigned int i, k = 0;

	fputc('[', f);
	for (i = 0; i < n; i++)
		if (v & (1u << i))
			fprintf(f, "%s\"%s\"", k++ ? "," : "", names[i]);
	fputc(']', f);
}

#define NNAMES(tab) (sizeof(tab) / sizeof((tab)[0]))

static void txn_json(FILE *f, const struct txn *t)
{
	fprintf(f, "{\"kind\":\"%s\",\"side\":\"%s\",\"state\":\"%s\",\"mode\":\"%s\","
		"\"method\":", NAME(txn_kinds, t->kind),
		t->kind == SIPOFF_TRANSACTION_KIND_INVITE_SERVER ||
		t->kind == SIPOFF_TRANSACTION_KIND_NON_INVITE_SERVER ? "server" : "client",
		NAME(txn_states, t->state), NAME(nl_mode_names, t->mode));
	json_str(f, t->method);
	fprintf(f, ",\"cseq\":%u,\"call_id\":", t->cseq);
	json_str(f, t->cid);
	fputs(",\"branch\":", f);
	json_str(f, t->branch);
	fprintf(f, ",\"family\":\"%s\",\"peer_addr\":\"%s\",\"peer_port\":%u,\"last_code\":%u,"
		"\"age_ms\":%u,\"resends\":%u,\"kept\":", t->family == AF_INET6 ? "inet6" : "inet",
		t->peer, t->peer_port, t->last_code, t->age_ms, t->resends);
	bits_json(f, t->kept, kept_names, NNAMES(kept_names));
	fprintf(f, ",\"kept_bytes\":%u,\"timers\":", t->kept_bytes);
	bits_json(f, t->timers, txn_timers, NNAMES(txn_timers));
	fputc('}', f);
}

#define TXN_HEADER "%-4s %-11s %-8s %-10s %-4s %-30s %-8s %-7s %-14s %-11s %-12s %s\n"

static void txn_text(FILE *f, const struct txn *t)
{
	char peer[INET6_ADDRSTRLEN + 8], kept[32], timers[64], code[8];

	snprintf(peer, sizeof(peer), t->family == AF_INET6 ? "[%s]:%u" : "%s:%u", t->peer,
		 t->peer_port);
	snprintf(code, sizeof(code), "%u", t->last_code);
	fprintf(f, "%-4s %-11s %-8s %-10u %-4s %-30s %-8u %-7u %-14s %-11s %-12s %s %s\n",
		NAME(txn_kinds, t->kind), NAME(txn_states, t->state), t->method, t->cseq,
		t->last_code ? code : "-", peer, t->age_ms, t->resends,
		bits_text(t->kept, kept_names, NNAMES(kept_names), kept, sizeof(kept)),
		bits_text(t->timers, txn_timers, NNAMES(txn_timers), timers, sizeof(timers)),
		NAME(nl_mode_names, t->mode), t->cid, t->branch);
}

static int txn_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	const struct nlattr *a;
	struct txn t;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != SIPOFF_A_TXN_OP_TXN)
			continue;
		txn_parse(a, &t);
		if (json) {
			fputs(c->n ? "," : "", c->out);
			txn_json(c->out, &t);
		} else {
			if (!c->n)
				fprintf(c->out, TXN_HEADER, "kind", "state", "method", "cseq",
					"code", "peer", "age_ms", "resends", "kept", "timers",
					"mode", "call-id branch");
			txn_text(c->out, &t);
		}
		c->n++;
	}
	return MNL_CB_OK;
}

static int cmd_txn_show(struct nl *nl, const char *cid)
{
	if (!dump_show(nl, "transaction show", SIPOFF_CMD_TXN_GET, SIPOFF_A_TXN_OP_CALL_ID, cid,
		       txn_cb) && cid) {
		fflush(stdout);
		die("transaction show: no such transaction (Call-ID %s)", cid);
	}
	return 0;
}

static int cmd_flush(struct nl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *msg = NULL;
	int err;

	err = nl_talk(nl, nl_msg(buf, nl->family, SIPOFF_CMD_FLUSH, SIPOFF_FAMILY_VERSION), NULL,
		      NULL, &msg);
	if (err)
		nl_fail("flush", err, msg);
	return 0;
}

/* ---- monitor ---- */

static void event_print(const struct nlmsghdr *nlh)
{
	const struct nlattr *a, *b;
	uint32_t type = ~0u;
	uint64_t seq = 0;
	bool have_dialog = false, have_usage = false, have_txn = false;
	struct dialog d;
	uint32_t ukind = 0, ukey = 0, ureason = 0, tkind = 0, ttimer = 0, tmethod = 0, tcseq = 0;
	bool ulocal = false;
	const char *tcid = "";
	bool have_ovl = false;
	uint32_t oport = 0, oactive = 0, ofill = 0, odelay = 0;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case SIPOFF_A_EVENT_TYPE: type = mnl_attr_get_u32(a); break;
		case SIPOFF_A_EVENT_SEQ: seq = mnl_attr_get_u64(a); break;
		case SIPOFF_A_EVENT_DIALOG:
			dialog_parse(a, &d);
			have_dialog = true;
			break;
		case SIPOFF_A_EVENT_USAGE:
			have_usage = true;
			mnl_attr_for_each_nested(b, a) {
				switch (mnl_attr_get_type(b)) {
				case SIPOFF_A_USAGE_KIND: ukind = mnl_attr_get_u32(b); break;
				case SIPOFF_A_USAGE_EVENT_KEY: ukey = mnl_attr_get_u32(b); break;
				case SIPOFF_A_USAGE_LOCAL: ulocal = true; break;
				case SIPOFF_A_USAGE_REASON: ureason = mnl_attr_get_u32(b); break;
				}
			}
			break;
		case SIPOFF_A_EVENT_TXN:
			have_txn = true;
			mnl_attr_for_each_nested(b, a) {
				switch (mnl_attr_get_type(b)) {
				case SIPOFF_A_TXN_KIND: tkind = mnl_attr_get_u32(b); break;
				case SIPOFF_A_TXN_TIMER: ttimer = mnl_attr_get_u32(b); break;
				case SIPOFF_A_TXN_METHOD: tmethod = mnl_attr_get_u32(b); break;
				case SIPOFF_A_TXN_CSEQ: tcseq = mnl_attr_get_u32(b); break;
				case SIPOFF_A_TXN_CALL_ID: tcid = nl_attr_str(b); break;
				}
			}
			break;
		case SIPOFF_A_EVENT_OVERLOAD:
			have_ovl = true;
			mnl_attr_for_each_nested(b, a) {
				switch (mnl_attr_get_type(b)) {
				case SIPOFF_A_OVERLOAD_PORT: oport = mnl_attr_get_u16(b); break;
				case SIPOFF_A_OVERLOAD_ACTIVE: oactive = mnl_attr_get_u32(b); break;
				case SIPOFF_A_OVERLOAD_FILL_PCT: ofill = mnl_attr_get_u32(b); break;
				case SIPOFF_A_OVERLOAD_DELAY_MS: odelay = mnl_attr_get_u32(b); break;
				}
			}
			break;
		}
	}
	if (json) {
		printf("{\"seq\":%" PRIu64 ",\"event\":\"%s\"", seq, NAME(nl_event_names, type));
		if (have_dialog) {
			fputs(",\"dialog\":", stdout);
			dialog_json(stdout, &d);
		}
		if (have_usage)
			printf(",\"usage\":{\"kind\":\"%s\",\"event_key\":%u,\"local\":%s,"
			       "\"reason\":\"%s\"}", NAME(usage_names, ukind), ukey,
			       ulocal ? "true" : "false", NAME(nl_reason_names, ureason));
		if (have_txn) {
			printf(",\"txn\":{\"kind\":\"%s\",\"timer\":\"%s\",\"method\":\"%s\","
			       "\"cseq\":%u,\"call_id\":", NAME(txn_kinds, tkind),
			       NAME(txn_timers, ttimer), NAME(method_names, tmethod), tcseq);
			json_str(stdout, tcid);
			fputc('}', stdout);
		}
		if (have_ovl)
			printf(",\"overload\":{\"port\":%u,\"active\":%s,\"fill_pct\":%u,"
			       "\"delay_ms\":%u}", oport, oactive ? "true" : "false", ofill, odelay);
		fputs("}\n", stdout);
		return;
	}
	printf("[%" PRIu64 "] %s", seq, NAME(nl_event_names, type));
	if (have_dialog) {
		printf(" dialog %" PRIu64 " %s call-id %s tags %s %s", d.id,
		       NAME(nl_state_names, d.state), d.cid, d.ltag, d.rtag);
		if (type == SIPOFF_EVENT_TYPE_DIALOG_ENDED)
			printf(" reason %s by %s final %u code %u", NAME(nl_reason_names, d.reason),
			       NAME(nl_by_names, d.by), d.final_code, d.end_code);
		if (type == SIPOFF_EVENT_TYPE_BYE_RESPONSE)
			printf(" bye %u", d.bye_code);
	}
	if (have_usage)
		printf(" usage %s%s%s%s", NAME(usage_names, ukind), ulocal ? " local" : "",
		       type == SIPOFF_EVENT_TYPE_USAGE_ENDED ? " reason " : "",
		       type == SIPOFF_EVENT_TYPE_USAGE_ENDED ? NAME(nl_reason_names, ureason) : "");
	if (have_txn)
		printf(" %s timer %s %s cseq %u call-id %s", NAME(txn_kinds, tkind),
		       NAME(txn_timers, ttimer), NAME(method_names, tmethod), tcseq, tcid);
	if (have_ovl)
		printf(" port %u %s fill %u%% delay %ums", oport, oactive ? "overloaded" : "relieved",
		       ofill, odelay);
	putchar('\n');
}

static int cmd_monitor(struct nl *nl)
{
	static char buf[1 << 16];
	int n;

	if (!nl->group)
		die("monitor: the sipoff module has no events group (an older module?)");
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &nl->group,
				  sizeof(nl->group)) < 0) {
		if (errno == EPERM || errno == EACCES)
			die("monitor: not permitted (CAP_NET_ADMIN in this network namespace is needed)");
		die("monitor: cannot join the events group: %s", strerror(errno));
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		struct nlmsghdr *h;
		int len;

		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0) {
			if (errno == ENOBUFS) {
				/* Events were lost; the sequence numbers show the gap. */
				if (json)
					printf("{\"event\":\"overrun\"}\n");
				else
					printf("overrun: events lost\n");
				continue;
			}
			if (errno == EINTR)
				continue;
			die("monitor: %s", strerror(errno));
		}
		len = n;
		for (h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len))
			if (h->nlmsg_type == nl->family)
				event_print(h);
	}
	return 0;
}

/* ---- version ---- */

/* The loaded module's MODULE_VERSION, "" when it is not loaded. */
static void module_version(char *v, size_t len)
{
	FILE *f = fopen("/sys/module/sipoff/version", "r");

	*v = '\0';
	if (!f)
		return;
	if (fgets(v, len, f))
		v[strcspn(v, "\n")] = '\0';
	fclose(f);
}

/*
 * The tools' version and netlink ABI, the loaded module's: exit 1 with a warning when their
 * netlink ABIs (the generic netlink family's version) differ, 0 otherwise (also when the
 * module is not loaded, which is said).
 */
static int cmd_version(void)
{
	char why[256], mver[64];
	struct nl nl;
	bool loaded = !nl_open(&nl, why, sizeof(why));
	bool match = !loaded || nl.version == SIPOFF_TOOLS_ABI;

	module_version(mver, sizeof(mver));
	if (json) {
		printf("{\"tools\":\"%s\",\"tools_abi\":%u,\"module_loaded\":%s", SIPOFF_VERSION,
		       SIPOFF_TOOLS_ABI, loaded ? "true" : "false");
		if (loaded)
			printf(",\"module\":\"%s\",\"module_abi\":%u", *mver ? mver : "unknown",
			       nl.version);
		printf(",\"abi_match\":%s}\n", match ? "true" : "false");
	} else {
		printf("sipoffctl %s (netlink ABI %u)\n", SIPOFF_VERSION, SIPOFF_TOOLS_ABI);
		if (loaded)
			printf("module sipoff %s (netlink ABI %u)\n", *mver ? mver : "unknown",
			       nl.version);
		else
			printf("module sipoff not loaded\n");
	}
	if (!match)
		fprintf(stderr, "%s: warning: netlink ABI mismatch: these tools speak %u, the loaded "
			"module %u; install matching sipoff-tools and sipoff-dkms and reload the "
			"module\n", prog, SIPOFF_TOOLS_ABI, nl.version);
	else if (loaded && *mver && strcmp(mver, SIPOFF_VERSION))
		fprintf(stderr, "%s: note: the loaded module is version %s, the tools %s (same "
			"netlink ABI)\n", prog, mver, SIPOFF_VERSION);
	if (loaded)
		nl_close(&nl);
	return match ? 0 : 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sipoffctl [-j] config show\n"
		"       sipoffctl config set [mode off|transparent|offload] [ports P[,P...]]\n"
		"                            [t1 MS] [t2 MS] [t4 MS] [timer-d MS] [trying MS]\n"
		"                            [max-transactions N] [max-dialogs N] [max-bytes N]\n"
		"                            [linger MS] [dialog-early-timeout MS]\n"
		"                            [dialog-max-lifetime MS]\n"
		"                            [overload on|off] [overload-high PCT]\n"
		"                            [overload-low PCT] [overload-delay MS]\n"
		"                            [overload-retry-after S] [overload-max-rate N]\n"
		"       sipoffctl [-j] stats\n"
		"       sipoffctl [-j] dialog show [CALL-ID]\n"
		"       sipoffctl dialog terminate CALL-ID [LOCAL-TAG REMOTE-TAG]\n"
		"       sipoffctl [-j] transaction show [CALL-ID]\n"
		"       sipoffctl [-j] monitor\n"
		"       sipoffctl flush\n"
		"       sipoffctl [-j] version\n"
		"       sipoffctl --version | --help\n"
		"Acts on the current network namespace (use ip netns exec NAME sipoffctl ...).\n");
}

int main(int argc, char **argv)
{
	struct nl nl;
	int i = 1, j, k;

	/* -j may also follow the command (sipoffctl dialog show -j). */
	for (j = k = 1; j < argc; j++) {
		if (j > 1 && argv[j - 1][0] != '-' && (!strcmp(argv[j], "-j") ||
						       !strcmp(argv[j], "--json"))) {
			json = true;
			continue;
		}
		argv[k++] = argv[j];
	}
	argc = k;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(stdout), 0;
		else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version"))
			return printf("sipoffctl %s\n", SIPOFF_VERSION), 0;
		else
			return usage(stderr), 2;
	}
	if (i >= argc || !strcmp(argv[i], "help"))
		return usage(i >= argc ? stderr : stdout), i >= argc ? 2 : 0;

	if (!strcmp(argv[i], "config") && i + 1 < argc && !strcmp(argv[i + 1], "show")) {
		ctl_open(&nl);
		return cmd_config_show(&nl);
	}
	if (!strcmp(argv[i], "config") && i + 1 < argc && !strcmp(argv[i + 1], "set")) {
		ctl_open(&nl);
		return cmd_config_set(&nl, argc - i - 2, argv + i + 2);
	}
	if (!strcmp(argv[i], "config") && i + 1 == argc) {
		ctl_open(&nl);
		return cmd_config_show(&nl);
	}
	if (!strcmp(argv[i], "stats")) {
		ctl_open(&nl);
		return cmd_stats(&nl);
	}
	if (!strcmp(argv[i], "dialog") && (i + 1 == argc || !strcmp(argv[i + 1], "show"))) {
		if (i + 3 < argc)
			die("dialog show: expected at most one CALL-ID");
		ctl_open(&nl);
		return cmd_dialog_show(&nl, i + 2 < argc ? argv[i + 2] : NULL);
	}
	if (!strcmp(argv[i], "dialog") && !strcmp(argv[i + 1], "terminate")) {
		ctl_open(&nl);
		return cmd_dialog_terminate(&nl, argc - i - 2, argv + i + 2);
	}
	if (!strcmp(argv[i], "transaction") && (i + 1 == argc || !strcmp(argv[i + 1], "show"))) {
		if (i + 3 < argc)
			die("transaction show: expected at most one CALL-ID");
		ctl_open(&nl);
		return cmd_txn_show(&nl, i + 2 < argc ? argv[i + 2] : NULL);
	}
	if (!strcmp(argv[i], "monitor")) {
		ctl_open(&nl);
		return cmd_monitor(&nl);
	}
	if (!strcmp(argv[i], "version"))
		return cmd_version();
	if (!strcmp(argv[i], "flush")) {
		ctl_open(&nl);
		return cmd_flush(&nl);
	}
	fprintf(stderr, "%s: unknown command \"%s\"\n", prog, argv[i]);
	usage(stderr);
	return 2;
}
