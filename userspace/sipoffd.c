// SPDX-License-Identifier: GPL-2.0
/*
 * sipoffd - the sipoff control daemon.
 *
 *   sipoffd [-c CONFIG] [-o RECORDS] [-s] [-p PIDFILE] [-b RCVBUF] [-n]
 *   sipoffd --version | --help
 *
 * At start it applies its configuration file over generic netlink (mode, ports, timers,
 * limits), joins the module's "events" group and loads the namespace's dialogs from a dump.
 * It keeps its own view of the dialogs and writes one JSON line per finished call (the call
 * record) to RECORDS (default: standard output), and with -s (or "state-changes yes") one line
 * per event too.  On a netlink overrun (ENOBUFS) or a gap in the events' sequence numbers it
 * resyncs from a dump; ended dialogs linger in the kernel's dumps, so no record is lost while
 * the linger lasts (-n: no ENOBUFS on the events socket, so an overrun shows only as a gap; the
 * tests use it to reach that path).  SIGHUP reopens RECORDS and rereads and reapplies CONFIG; SIGTERM and
 * SIGINT end it.
 *
 * Under systemd (Type=notify) it tells the service manager READY=1 once its configuration is
 * applied, it has joined the events group and loaded the dialogs, RELOADING=1 and READY=1
 * around a SIGHUP, STOPPING=1 at the end; its messages carry syslog priorities (<3> ...)
 * when standard error is the journal (JOURNAL_STREAM).
 *
 * On a terminate-request event (sipoffctl dialog terminate) it ends the call the way a SIP
 * element must: a BYE to each party (route set, remote target, next CSeq, tags: RFC 3261
 * §12.2.1.1), sent from its own UDP socket, and checks the answers.
 *
 * CONFIG: one "key value" per line, '#' starts a comment:
 *   mode off|transparent|offload    ports 5060[,5062]    t1 MS   t2 MS   t4 MS
 *   timer-d MS   trying MS   max-transactions N   max-dialogs N   max-bytes N   linger MS
 *   dialog-early-timeout MS   dialog-max-lifetime MS
 *   records PATH    state-changes yes|no    bye-wait MS (how long a record waits for the
 *   answer to the BYE that ended the call; default 32000)
 *   max-duration S (end answered calls S seconds after the answer; 0: never)
 *   max-ringing S (end early dialogs S seconds after their creation; 0: never)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sipoff.h>
#include <systemd/sd-daemon.h>
#include "nl.h"

static const char *prog = "sipoffd";
static const char *config_path;
static const char *records_path;
static char *records_cfg;	/* "records" of the config file */
static bool state_changes;
static FILE *records;
static volatile sig_atomic_t got_hup, got_term;

static struct nl nl;			/* requests and dumps */
static struct mnl_socket *nl_ev;	/* events */
static int rcvbuf = 4 << 20;	/* events socket's receive buffer (-b; tests make it tiny) */
static int no_enobufs;		/* -n: NETLINK_NO_ENOBUFS on the events socket */
static json_t *view;		/* dialog id (string) -> dialog object */
static json_t *recorded;	/* dialog id (string) -> ended_ms, records already written */
/* Ended by a BYE whose answer is not in yet: id -> dialog, written on bye-response or later. */
static json_t *pending;
static long bye_wait_ms = 32000;
/* Policies (seconds, 0: none) and the dialogs they asked to end: id -> policy name. */
static long max_duration_s, max_ringing_s;
static json_t *by_policy;
static uint64_t last_seq;

/* Standard error is the journal's stream (systemd sets JOURNAL_STREAM to its device:inode). */
static bool to_journal;

static void journal_detect(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	to_journal = js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && !fstat(2, &st) &&
		     st.st_dev == dev && st.st_ino == ino;
}

/* One line of log: to the journal with its priority (sd-daemon(3)), else "sipoffd: ...". */
static void vlogmsg(int prio, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vlogmsg(int prio, const char *fmt, va_list ap)
{
	if (to_journal)
		fprintf(stderr, "<%d>", prio);
	else
		fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(LOG_INFO, fmt, ap);
	va_end(ap);
}

static void logwarn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logwarn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(LOG_WARNING, fmt, ap);
	va_end(ap);
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(LOG_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}

/* ---- netlink ---- */

static void nl_setup(void)
{
	char why[256];

	if (nl_open(&nl, why, sizeof(why)))
		die("%s", why);
	nl_ev = mnl_socket_open(NETLINK_GENERIC);
	if (!nl_ev)
		die("cannot open a generic netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(nl_ev, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot bind a netlink socket: %s", strerror(errno));
	setsockopt(mnl_socket_get_fd(nl_ev), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (no_enobufs && mnl_socket_setsockopt(nl_ev, NETLINK_NO_ENOBUFS, &no_enobufs,
						sizeof(no_enobufs)) < 0)
		die("cannot set NETLINK_NO_ENOBUFS: %s", strerror(errno));
	if (!nl.group)
		die("the sipoff module has no events group");
	if (mnl_socket_setsockopt(nl_ev, NETLINK_ADD_MEMBERSHIP, &nl.group, sizeof(nl.group)) < 0)
		die("cannot join the events group: %s%s", strerror(errno),
		    errno == EPERM ? " (CAP_NET_ADMIN in this network namespace is needed)" : "");
}

/* ---- dialogs as JSON ---- */



static json_t *addr_json(const struct nlattr *a)
{
	char s[INET6_ADDRSTRLEN] = "";
	int len = mnl_attr_get_payload_len(a);

	if (len == 4)
		inet_ntop(AF_INET, mnl_attr_get_payload(a), s, sizeof(s));
	else if (len == 16)
		inet_ntop(AF_INET6, mnl_attr_get_payload(a), s, sizeof(s));
	return json_string(s);
}

static json_t *dialog_json(const struct nlattr *nest)
{
	json_t *d = json_object(), *routes = json_array();
	const struct nlattr *a;
	uint32_t v;

	json_object_set_new(d, "route_set", routes);
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case SIPOFF_A_DIALOG_ID:
			json_object_set_new(d, "id", json_integer(mnl_attr_get_u64(a)));
			break;
		case SIPOFF_A_DIALOG_CALL_ID:
			json_object_set_new(d, "call_id", json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_LOCAL_TAG:
			json_object_set_new(d, "local_tag", json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_REMOTE_TAG:
			json_object_set_new(d, "remote_tag", json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_LOCAL_URI:
			json_object_set_new(d, "local_uri", json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_REMOTE_URI:
			json_object_set_new(d, "remote_uri", json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_REMOTE_TARGET:
			json_object_set_new(d, "remote_target", json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_LOCAL_TARGET:
			json_object_set_new(d, "local_target", json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_ROUTE:
			json_array_append_new(routes, json_string(nl_attr_str(a)));
			break;
		case SIPOFF_A_DIALOG_STATE:
			v = mnl_attr_get_u32(a);
			json_object_set_new(d, "state", json_string(NAME(nl_state_names, v)));
			break;
		case SIPOFF_A_DIALOG_SIDE:
			json_object_set_new(d, "side",
					    json_string(mnl_attr_get_u32(a) ? "uas" : "uac"));
			break;
		case SIPOFF_A_DIALOG_FLAGS:
			v = mnl_attr_get_u32(a);
			json_object_set_new(d, "flags", json_integer(v));
			/* Cut by the parser, or this copy's values cut to fit a message. */
			json_object_set_new(d, "route_truncated",
					    json_boolean(v & (SIPOFF_DIALOG_FLAGS_RR_TRUNCATED |
							      SIPOFF_DIALOG_FLAGS_VALUES_CUT)));
			break;
		case SIPOFF_A_DIALOG_USAGES:
			json_object_set_new(d, "usages", json_integer(mnl_attr_get_u32(a)));
			break;
		case SIPOFF_A_DIALOG_CREATED_MS:
			json_object_set_new(d, "created_ms", json_integer(mnl_attr_get_u64(a)));
			break;
		case SIPOFF_A_DIALOG_ANSWERED_MS:
			json_object_set_new(d, "answered_ms", json_integer(mnl_attr_get_u64(a)));
			break;
		case SIPOFF_A_DIALOG_ACKED_MS:
			json_object_set_new(d, "acked_ms", json_integer(mnl_attr_get_u64(a)));
			break;
		case SIPOFF_A_DIALOG_ENDED_MS:
			json_object_set_new(d, "ended_ms", json_integer(mnl_attr_get_u64(a)));
			break;
		case SIPOFF_A_DIALOG_FINAL_CODE:
			json_object_set_new(d, "final_code", json_integer(mnl_attr_get_u32(a)));
			break;
		case SIPOFF_A_DIALOG_END_CODE:
			json_object_set_new(d, "end_code", json_integer(mnl_attr_get_u32(a)));
			break;
		case SIPOFF_A_DIALOG_BYE_CODE:
			json_object_set_new(d, "bye_code", json_integer(mnl_attr_get_u32(a)));
			break;
		case SIPOFF_A_DIALOG_END_REASON:
			v = mnl_attr_get_u32(a);
			json_object_set_new(d, "end_reason", json_string(NAME(nl_reason_names, v)));
			break;
		case SIPOFF_A_DIALOG_END_BY:
			v = mnl_attr_get_u32(a);
			json_object_set_new(d, "end_by", json_string(NAME(nl_by_names, v)));
			break;
		case SIPOFF_A_DIALOG_BYE_CSEQ:
			json_object_set_new(d, "bye_cseq", json_integer(mnl_attr_get_u32(a)));
			break;
		case SIPOFF_A_DIALOG_LOCAL_CSEQ:
			json_object_set_new(d, "local_cseq", json_integer(mnl_attr_get_u32(a)));
			break;
		case SIPOFF_A_DIALOG_REMOTE_CSEQ:
			json_object_set_new(d, "remote_cseq", json_integer(mnl_attr_get_u32(a)));
			break;
		case SIPOFF_A_DIALOG_LOCAL_ADDR:
			json_object_set_new(d, "local_addr", addr_json(a));
			break;
		case SIPOFF_A_DIALOG_REMOTE_ADDR:
			json_object_set_new(d, "remote_addr", addr_json(a));
			break;
		case SIPOFF_A_DIALOG_LOCAL_PORT:
			json_object_set_new(d, "local_port", json_integer(mnl_attr_get_u16(a)));
			break;
		case SIPOFF_A_DIALOG_REMOTE_PORT:
			json_object_set_new(d, "remote_port", json_integer(mnl_attr_get_u16(a)));
			break;
		}
	}
	return d;
}

static json_int_t jint(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static void key_of(const json_t *d, char *key, size_t len)
{
	snprintf(key, len, "%" JSON_INTEGER_FORMAT, jint(d, "id"));
}

static void out_line(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	if (s && records) {
		fprintf(records, "%s\n", s);
		fflush(records);
	}
	free(s);
}

/* The call record of an ended dialog (once per dialog). */
static void write_record(const json_t *d, const char *note)
{
	json_t *r = json_object();
	bool uac = !strcmp(jstr(d, "side"), "uac");
	json_int_t answered = jint(d, "answered_ms"), ended = jint(d, "ended_ms");
	char key[32];

	key_of(d, key, sizeof(key));
	if (json_object_get(recorded, key))
		return;
	json_object_set_new(recorded, key, json_integer(ended));
	json_object_set_new(r, "type", json_string("call"));
	json_object_set_new(r, "id", json_integer(jint(d, "id")));
	json_object_set_new(r, "call_id", json_string(jstr(d, "call_id")));
	json_object_set_new(r, "local_tag", json_string(jstr(d, "local_tag")));
	json_object_set_new(r, "remote_tag", json_string(jstr(d, "remote_tag")));
	json_object_set_new(r, "side", json_string(jstr(d, "side")));
	json_object_set_new(r, "caller", json_string(jstr(d, uac ? "local_uri" : "remote_uri")));
	json_object_set_new(r, "callee", json_string(jstr(d, uac ? "remote_uri" : "local_uri")));
	json_object_set(r, "route_set", json_object_get(d, "route_set"));
	json_object_set_new(r, "route_truncated",
			    json_boolean(json_is_true(json_object_get(d, "route_truncated"))));
	json_object_set_new(r, "start_ms", json_integer(jint(d, "created_ms")));
	json_object_set_new(r, "answer_ms", json_integer(answered));
	json_object_set_new(r, "end_ms", json_integer(ended));
	json_object_set_new(r, "duration_ms",
			    json_integer(answered && ended > answered ? ended - answered : 0));
	json_object_set_new(r, "final_code", json_integer(jint(d, "final_code")));
	json_object_set_new(r, "end_reason", json_string(jstr(d, "end_reason")));
	json_object_set_new(r, "ended_by", json_string(jstr(d, "end_by")));
	json_object_set_new(r, "bye_code", json_integer(jint(d, "bye_code")));
	json_object_set_new(r, "local", json_pack("{s:s,s:I}", "addr", jstr(d, "local_addr"),
						  "port", jint(d, "local_port")));
	json_object_set_new(r, "remote", json_pack("{s:s,s:I}", "addr", jstr(d, "remote_addr"),
						   "port", jint(d, "remote_port")));
	if (json_object_get(by_policy, key)) {
		json_object_set(r, "policy", json_object_get(by_policy, key));
		json_object_del(by_policy, key);
	}
	if (note)
		json_object_set_new(r, "note", json_string(note));
	out_line(r);
	json_decref(r);
}

/* Forget records older than an hour (their dialogs left the kernel's dumps long ago). */
static void prune_recorded(void)
{
	json_int_t cutoff = (json_int_t)time(NULL) * 1000 - 3600 * 1000;
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(recorded, tmp, key, v)
		if (json_integer_value(v) && json_integer_value(v) < cutoff)
			json_object_del(recorded, key);
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- BYEs (contract §6) ---- */

static void bye_send(const json_t *d);

/* ---- events and resync ---- */

struct dump_ctx {
	json_t *seen;
	bool intr;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	const struct nlattr *a;
	char key[32];

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		json_t *d;

		if (mnl_attr_get_type(a) != SIPOFF_A_DIALOG_OP_DIALOG)
			continue;
		d = dialog_json(a);
		key_of(d, key, sizeof(key));
		json_object_set(c->seen, key, d);
		json_decref(d);
	}
	return MNL_CB_OK;
}

/*
 * Rebuild the view from a dump: write the records of dialogs that ended meanwhile (the kernel
 * keeps them for its linger), and of dialogs of the view the kernel no longer has.
 */
static void resync(const char *why)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct dump_ctx c;
	const char *key;
	json_t *d;
	void *tmp;
	int err, tries;

	logmsg("resync (%s)", why);
	for (tries = 0; tries < 5; tries++) {
		c.seen = json_object();
		c.intr = false;
		struct nlmsghdr *nlh = nl_msg(buf, nl.family, SIPOFF_CMD_DIALOG_GET,
					      SIPOFF_FAMILY_VERSION);

		err = nl_dump(&nl, nlh, dump_cb, &c, NULL, &c.intr);
		if (!err && !c.intr)
			break;
		json_decref(c.seen);
		c.seen = NULL;
		if (err)
			break;
	}
	if (!c.seen) {
		logwarn("resync: dialog dump failed: %s", err ? strerror(-err) : "interrupted");
		return;
	}
	json_object_foreach(c.seen, key, d) {
		if (strcmp(jstr(d, "state"), "ended"))
			continue;
		if (jint(d, "bye_cseq") && !jint(d, "bye_code") &&
		    now_ms() <= jint(d, "ended_ms") + bye_wait_ms)
			json_object_set(pending, key, d);
		else
			write_record(d, NULL);
	}
	json_object_foreach_safe(view, tmp, key, d)
		if (!json_object_get(c.seen, key)) {
			json_object_set_new(d, "state", json_string("ended"));
			write_record(d, "end not seen: the dialog left the kernel during a resync");
		}
	json_object_foreach_safe(c.seen, tmp, key, d)
		if (!strcmp(jstr(d, "state"), "ended"))
			json_object_del(c.seen, key);
	json_decref(view);
	view = c.seen;
	prune_recorded();
}

/* Write the pending records whose BYE answer is overdue (all of them if @all). */
static void flush_pending(bool all)
{
	const char *key;
	json_t *d;
	void *tmp;

	json_object_foreach_safe(pending, tmp, key, d) {
		if (all || now_ms() > jint(d, "ended_ms") + bye_wait_ms) {
			write_record(d, NULL);
			json_object_del(pending, key);
		}
	}
}

static void on_event(const struct nlmsghdr *nlh)
{
	const struct nlattr *a;
	uint32_t type = ~0u;
	uint64_t seq = 0;
	json_t *d = NULL;
	char key[32];

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == SIPOFF_A_EVENT_TYPE)
			type = mnl_attr_get_u32(a);
		else if (mnl_attr_get_type(a) == SIPOFF_A_EVENT_SEQ)
			seq = mnl_attr_get_u64(a);
		else if (mnl_attr_get_type(a) == SIPOFF_A_EVENT_DIALOG && !d)
			d = dialog_json(a);
	}
	if (last_seq && seq > last_seq + 1) {
		json_decref(d);
		last_seq = seq;
		resync("events lost: sequence gap");
		return;
	}
	if (seq > last_seq)
		last_seq = seq;
	if (state_changes) {
		json_t *e = json_object();

		json_object_set_new(e, "type", json_string("event"));
		json_object_set_new(e, "seq", json_integer(seq));
		json_object_set_new(e, "event", json_string(NAME(nl_event_names, type)));
		if (d)
			json_object_set(e, "dialog", d);
		out_line(e);
		json_decref(e);
	}
	if (!d)
		return;
	key_of(d, key, sizeof(key));
	if (type == SIPOFF_EVENT_TYPE_DIALOG_ENDED) {
		json_object_del(view, key);
		/* The record has the BYE's answer: wait for it (bye-response), not forever. */
		if (jint(d, "bye_cseq") && !jint(d, "bye_code"))
			json_object_set(pending, key, d);
		else
			write_record(d, NULL);
	} else if (type == SIPOFF_EVENT_TYPE_BYE_RESPONSE && !strcmp(jstr(d, "state"), "ended")) {
		json_object_del(pending, key);
		write_record(d, NULL);
	} else {
		if (type == SIPOFF_EVENT_TYPE_TERMINATE_REQUEST)
			bye_send(d);
		json_object_set(view, key, d);
	}
	json_decref(d);
}

/* ---- configuration ---- */


/* Read CONFIG; apply its kernel settings unless @dry.  0, or -1 (with a message). */
static int config_load(bool dry)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], line[1024], why[256];
	struct nlmsghdr *nlh;
	unsigned int lineno = 0, nset = 0;
	FILE *f;
	int err;

	if (!config_path)
		return 0;
	f = fopen(config_path, "r");
	if (!f) {
		logwarn("%s: %s", config_path, strerror(errno));
		return -1;
	}
	nlh = nl_msg(buf, nl.family, SIPOFF_CMD_CONFIG_SET, SIPOFF_FAMILY_VERSION);
	while (fgets(line, sizeof(line), f)) {
		char *k, *v, *hash;

		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		k = strtok(line, " \t\r\n");
		if (!k)
			continue;
		v = strtok(NULL, " \t\r\n");
		if (!v) {
			logwarn("%s:%u: %s: no value", config_path, lineno, k);
			goto bad;
		}
		if (!strcmp(k, "records")) {
			free(records_cfg);
			records_cfg = strdup(v);
			continue;
		}
		if (!strcmp(k, "max-duration")) {
			max_duration_s = strtol(v, NULL, 10);
			continue;
		}
		if (!strcmp(k, "max-ringing")) {
			max_ringing_s = strtol(v, NULL, 10);
			continue;
		}
		if (!strcmp(k, "bye-wait")) {
			bye_wait_ms = strtol(v, NULL, 10);
			continue;
		}
		if (!strcmp(k, "state-changes")) {
			state_changes = !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1");
			continue;
		}
		if (nl_config_put(nlh, k, v, why, sizeof(why))) {
			logwarn("%s:%u: %s", config_path, lineno, why);
			goto bad;
		}
		nset++;
	}
	fclose(f);
	if (dry || !nset)
		return 0;
	err = nl_talk(&nl, nlh, NULL, NULL, NULL);
	if (err) {
		logwarn("%s: the kernel refused the configuration: %s%s", config_path,
		       strerror(-err), err == -EPERM ? " (CAP_NET_ADMIN is needed)" : "");
		return -1;
	}
	return 0;
bad:
	fclose(f);
	return -1;
}

/* Ask the kernel to end one dialog (it sends us a terminate-request, or CANCELs). */
static void policy_end(const char *key, const json_t *d, const char *policy)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int err;

	json_object_set_new(by_policy, key, json_string(policy));
	nlh = nl_msg(buf, nl.family, SIPOFF_CMD_DIALOG_TERMINATE, SIPOFF_FAMILY_VERSION);
	mnl_attr_put_strz(nlh, SIPOFF_A_DIALOG_OP_CALL_ID, jstr(d, "call_id"));
	mnl_attr_put_strz(nlh, SIPOFF_A_DIALOG_OP_LOCAL_TAG, jstr(d, "local_tag"));
	mnl_attr_put_strz(nlh, SIPOFF_A_DIALOG_OP_REMOTE_TAG, jstr(d, "remote_tag"));
	err = nl_talk(&nl, nlh, NULL, NULL, NULL);
	if (err)
		logwarn("%s: cannot end %s: %s", policy, jstr(d, "call_id"), strerror(-err));
	else
		logmsg("%s: ending %s", policy, jstr(d, "call_id"));
}

/* Maximum call duration and ringing time: each dialog is asked to end once. */
static void policies(void)
{
	long long now = now_ms();
	const char *key;
	json_t *d;

	if (!max_duration_s && !max_ringing_s)
		return;
	json_object_foreach(view, key, d) {
		const char *st = jstr(d, "state");

		if (json_object_get(by_policy, key))
			continue;
		if (max_duration_s && !strcmp(st, "confirmed") && jint(d, "answered_ms") &&
		    now >= jint(d, "answered_ms") + max_duration_s * 1000)
			policy_end(key, d, "max-duration");
		else if (max_ringing_s && !strcmp(st, "early") &&
			 now >= jint(d, "created_ms") + max_ringing_s * 1000)
			policy_end(key, d, "max-ringing");
	}
}

static void records_open(void)
{
	const char *path = records_path ? records_path : records_cfg;

	if (records && records != stdout)
		fclose(records);
	records = stdout;
	if (path && strcmp(path, "-")) {
		records = fopen(path, "a");
		if (!records) {
			logwarn("%s: %s; records go to standard output", path, strerror(errno));
			records = stdout;
		}
	}
	setvbuf(records, NULL, _IOLBF, 0);
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
}

int main(int argc, char **argv)
{
	static char buf[1 << 17];
	struct sigaction sa = { .sa_handler = on_signal };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pidfile = NULL;
	int opt;

	journal_detect();
	while ((opt = getopt_long(argc, argv, "c:o:sp:b:nhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 'o': records_path = optarg; break;
		case 's': state_changes = true; break;
		case 'p': pidfile = optarg; break;
		case 'b': rcvbuf = atoi(optarg); break;
		case 'n': no_enobufs = 1; break;
		case 'V': printf("sipoffd %s\n", SIPOFF_VERSION); return 0;
		default:
			fprintf(opt == 'h' ? stdout : stderr,
				"usage: sipoffd [-c CONFIG] [-o RECORDS] [-s] [-p PIDFILE] "
				"[-b RCVBUF] [-n]\n"
				"       sipoffd --version | --help\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	nl_setup();
	if (config_load(false))
		return 1;
	records_open();
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);
	view = json_object();
	recorded = json_object();
	pending = json_object();
	by_policy = json_object();
	resync("start");
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (f) {
			fprintf(f, "%d\n", getpid());
			fclose(f);
		}
	}
	logmsg("ready: configuration applied, events group joined, %zu dialogs",
	       json_object_size(view));
	sd_notifyf(0, "READY=1\nSTATUS=watching events; %zu dialogs at start",
		   json_object_size(view));
	while (!got_term) {
		struct pollfd p = { .fd = mnl_socket_get_fd(nl_ev), .events = POLLIN };
		struct nlmsghdr *h;
		int n, len;

		if (got_hup) {
			bool ok;

			got_hup = 0;
			sd_notify(0, "RELOADING=1");
			ok = !config_load(false);
			if (!ok)
				logwarn("SIGHUP: configuration not applied");
			records_open();
			logmsg("SIGHUP: records reopened");
			sd_notifyf(0, "READY=1\nSTATUS=%s; watching events",
				   ok ? "configuration reloaded" : "reload failed, previous settings kept");
		}
		flush_pending(false);
		policies();
		if (poll(&p, 1, 100) <= 0)
			continue;
		n = recv(mnl_socket_get_fd(nl_ev), buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS)
				resync("netlink overrun");
			else if (errno != EINTR && errno != EAGAIN)
				die("events: %s", strerror(errno));
			continue;
		}
		len = n;
		for (h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len))
			if (h->nlmsg_type == nl.family)
				on_event(h);
	}
	sd_notify(0, "STOPPING=1");
	flush_pending(true);
	if (pidfile)
		unlink(pidfile);
	return 0;
}

/* ---- BYEs ---- */

/* host and port of a SIP URI ("sip:user@host:port;params" or in <>). */
static bool uri_hostport(const char *uri, char *host, size_t hlen, int *port)
{
	const char *p = strchr(uri, '<') ? strchr(uri, '<') + 1 : uri, *at, *end;
	size_t n;

	if (!strncasecmp(p, "sip:", 4))
		p += 4;
	else
		return false;
	end = p + strcspn(p, ";>?");
	at = memchr(p, '@', end - p);
	if (at)
		p = at + 1;
	*port = 5060;
	if (*p == '[') {
		const char *rb = memchr(p, ']', end - p);

		if (!rb)
			return false;
		n = rb - p - 1;
		if (n >= hlen)
			return false;
		memcpy(host, p + 1, n);
		host[n] = '\0';
		if (rb[1] == ':')
			*port = atoi(rb + 2);
		return true;
	}
	n = strcspn(p, ":;>?");
	if (n >= hlen || p + n > end)
		return false;
	memcpy(host, p, n);
	host[n] = '\0';
	if (p[n] == ':')
		*port = atoi(p + n + 1);
	return true;
}

/*
 * One BYE (RFC 3261 §12.2.1.1, §15.1.1): @ruri the target, @routes the route set in the order
 * of this request, sent to the first route (loose routing) or the target; waits for a final
 * answer for 64*T1 at most (T1 500 ms here, retransmitted on T1 doubling to T2 = 4 s).
 */
static int bye_one(const char *ruri, json_t *routes, const char *from_uri, const char *from_tag,
		   const char *to_uri, const char *to_tag, const char *cid, json_int_t cseq)
{
	char host[256], msg[8192], branch[40], reply[4096];
	struct sockaddr_storage ss = { 0 };
	socklen_t slen;
	size_t i, n = 0;
	int fd, port, code = 0;
	unsigned int r;
	const char *next = json_array_size(routes) ?
			   json_string_value(json_array_get(routes, 0)) : ruri;
	struct sockaddr_in *sin = (void *)&ss;
	struct sockaddr_in6 *sin6 = (void *)&ss;
	struct sockaddr_storage me;
	char mehost[INET6_ADDRSTRLEN];
	socklen_t melen = sizeof(me);
	int timeout = 500;
	struct timespec t0, t;

	if (!next || !uri_hostport(next, host, sizeof(host), &port))
		return -1;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		slen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		slen = sizeof(*sin6);
	} else {
		logwarn("BYE: %s: only numeric hosts are supported", host);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (void *)&ss, slen) || getsockname(fd, (void *)&me, &melen)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (me.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&me)->sin_addr, mehost, sizeof(mehost));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&me)->sin6_addr, mehost,
			  sizeof(mehost));
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (unsigned int)time(NULL) ^ getpid();
	snprintf(branch, sizeof(branch), "z9hG4bK-sipoffd-%08x", r);
	n += snprintf(msg + n, sizeof(msg) - n,
		      "BYE %s SIP/2.0\r\nVia: SIP/2.0/UDP %s%s%s:%u;branch=%s;rport\r\n"
		      "Max-Forwards: 70\r\n", ruri, me.ss_family == AF_INET6 ? "[" : "", mehost,
		      me.ss_family == AF_INET6 ? "]" : "",
		      ntohs(me.ss_family == AF_INET ? ((struct sockaddr_in *)&me)->sin_port :
				((struct sockaddr_in6 *)&me)->sin6_port), branch);
	for (i = 0; i < json_array_size(routes) && n < sizeof(msg); i++)
		n += snprintf(msg + n, sizeof(msg) - n, "Route: %s\r\n",
			      json_string_value(json_array_get(routes, i)));
	if (n < sizeof(msg))
		n += snprintf(msg + n, sizeof(msg) - n,
			      "From: <%s>;tag=%s\r\nTo: <%s>;tag=%s\r\nCall-ID: %s\r\n"
			      "CSeq: %" JSON_INTEGER_FORMAT " BYE\r\nReason: SIP;cause=200;"
			      "text=\"terminated by the operator\"\r\nUser-Agent: sipoffd\r\n"
			      "Content-Length: 0\r\n\r\n", from_uri, from_tag, to_uri, to_tag, cid,
			      cseq);
	if (n >= sizeof(msg)) {
		close(fd);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long ms;

		send(fd, msg, n, 0);
		if (poll(&p, 1, timeout) > 0) {
			ssize_t got = recv(fd, reply, sizeof(reply) - 1, 0);

			if (got > 12 && !strncmp(reply, "SIP/2.0 ", 8)) {
				reply[got] = '\0';
				code = atoi(reply + 8);
				if (code >= 200)
					break;
				continue;
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms > 32000)
			break;
		timeout = timeout * 2 > 4000 ? 4000 : timeout * 2;
	}
	close(fd);
	return code;
}

/* Contract §6: a BYE to each party of a confirmed dialog, from sipoffd's own socket. */
static void bye_send(const json_t *d)
{
	json_t *routes = json_object_get(d, "route_set"), *rev = json_array(), *r;
	const char *rt = jstr(d, "remote_target"), *lt = jstr(d, "local_target");
	char lruri[300];
	int c1 = -1, c2 = -1;
	size_t i;

	pid_t pid;

	if (json_is_true(json_object_get(d, "route_truncated"))) {
		logwarn("terminate %s: route set cut short, no BYE sent", jstr(d, "call_id"));
		json_decref(rev);
		return;
	}
	/* The transactions take up to 64*T1: not in the event loop. */
	pid = fork();
	if (pid < 0)
		logwarn("terminate %s: fork: %s", jstr(d, "call_id"), strerror(errno));
	if (pid) {
		json_decref(rev);
		return;
	}
	/* The child must not keep the events group joined (it would count as a listener). */
	close(mnl_socket_get_fd(nl_ev));
	close(mnl_socket_get_fd(nl.sock));
	/* Towards the peer: as the local party would send it. */
	if (*rt)
		c1 = bye_one(rt, routes, jstr(d, "local_uri"), jstr(d, "local_tag"),
			     jstr(d, "remote_uri"), jstr(d, "remote_tag"), jstr(d, "call_id"),
			     jint(d, "local_cseq") + 1);
	/* Towards the local party: as the peer would, on the reversed route set. */
	for (i = json_array_size(routes); i > 0; i--)
		json_array_append(rev, json_array_get(routes, i - 1));
	if (!*lt) {
		snprintf(lruri, sizeof(lruri), "sip:%s:%" JSON_INTEGER_FORMAT,
			 jstr(d, "local_addr"), jint(d, "local_port"));
		lt = lruri;
	}
	c2 = bye_one(lt, rev, jstr(d, "remote_uri"), jstr(d, "remote_tag"), jstr(d, "local_uri"),
		     jstr(d, "local_tag"), jstr(d, "call_id"), jint(d, "remote_cseq") + 1);
	json_decref(rev);
	r = json_pack("{s:s,s:s,s:i,s:i}", "type", "terminate", "call_id", jstr(d, "call_id"),
		      "peer_bye_code", c1, "local_bye_code", c2);
	out_line(r);
	_exit(0);
}
