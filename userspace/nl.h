/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl.h - the generic netlink plumbing sipoffctl and sipoffd share (libmnl): one socket for
 * requests and dumps, the family and events group lookup, request/ACK and dump loops with the
 * kernel's extended ACK message, and the configuration keys both accept.
 */
#ifndef _SIPOFF_USER_NL_H
#define _SIPOFF_USER_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/sipoff.h>

/**
 * struct nl - a generic netlink socket talking to the sipoff family
 * @sock: the socket (requests, dumps; sipoffctl monitor also joins the events group on it)
 * @family: the sipoff family's id
 * @group: the id of its events group, 0 if it has none
 * @seq: sequence number of the last request
 * @portid: the socket's port id
 * @version: the family's version as the loaded module registered it (its netlink ABI)
 */
struct nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t group;
	uint32_t seq;
	uint32_t portid;
	uint32_t version;
};

/* The package version (debian/changelog), given by the build. */
#ifndef SIPOFF_VERSION
#define SIPOFF_VERSION "unknown"
#endif
/* The netlink ABI these tools speak (a test build may pretend another). */
#ifndef SIPOFF_TOOLS_ABI
#define SIPOFF_TOOLS_ABI SIPOFF_FAMILY_VERSION
#endif

/*
 * Open @nl's socket (extended and capped ACKs on) and look the sipoff family and its events
 * group up.  Returns 0, or a negative errno with a sentence for the user in @why (-ENOENT: the
 * module is not loaded).
 */
int nl_open(struct nl *nl, char *why, size_t why_len);

/* Start a generic netlink request of @type (a family id) with @cmd and @version in @buf
 * (MNL_SOCKET_BUFFER_SIZE bytes).
 */
struct nlmsghdr *nl_msg(char *buf, uint16_t type, uint8_t cmd, uint8_t version);

/*
 * Send @nlh with @flags (NLM_F_ACK for a request, NLM_F_DUMP for a dump) and run @cb on each
 * reply until the ACK or, for a dump, NLMSG_DONE (whose payload carries the dump's error).
 * @intr, if given, is set when the kernel marked a reply or the end of a dump interrupted
 * (NLM_F_DUMP_INTR).  Returns 0 or a negative errno, with the kernel's message (extack) in
 * *@msg when it gave one and @msg is not NULL.
 */
int nl_run(struct nl *nl, struct nlmsghdr *nlh, uint16_t flags, mnl_cb_t cb, void *data,
	   const char **msg, bool *intr);

/* A request: replies, then the ACK. */
static inline int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
			  const char **msg)
{
	return nl_run(nl, nlh, NLM_F_ACK, cb, data, msg, NULL);
}

/* A dump: replies until NLMSG_DONE; *@intr set when it was interrupted by a change. */
static inline int nl_dump(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
			  const char **msg, bool *intr)
{
	return nl_run(nl, nlh, NLM_F_DUMP, cb, data, msg, intr);
}

/* The kernel's extended ACK message of an NLMSG_ERROR, or NULL. */
const char *nl_extack_msg(const struct nlmsghdr *nlh);

/* A string attribute's value, "" when it is not a NUL-terminated string. */
const char *nl_attr_str(const struct nlattr *a);

void nl_close(struct nl *nl);

/* The names of the uapi's enum values, as sipoffctl prints them and sipoffd records them. */
extern const char *const nl_mode_names[SIPOFF_MODE_OFFLOAD + 1];
extern const char *const nl_state_names[SIPOFF_DIALOG_STATE_ENDED + 1];
extern const char *const nl_reason_names[SIPOFF_END_REASON_SUB_FAILED + 1];
extern const char *const nl_by_names[SIPOFF_END_BY_OPERATOR + 1];
extern const char *const nl_event_names[SIPOFF_EVENT_TYPE_OVERLOAD + 1];

/* The name of value @i in table @tab, "unknown" past its end. */
#define NAME(tab, i) ((i) < sizeof(tab) / sizeof((tab)[0]) ? (tab)[i] : "unknown")

/*
 * Put one configuration setting, KEY VALUE as `sipoffctl config set` and sipoffd's file spell
 * them (mode, ports, t1, t2, t4, timer-d, trying, max-transactions, max-dialogs, max-bytes,
 * linger, dialog-early-timeout, dialog-max-lifetime), into a config-set request.  Returns 0,
 * or -1 with a sentence for the user in @why.
 */
int nl_config_put(struct nlmsghdr *nlh, const char *key, const char *value, char *why,
		  size_t why_len);

#endif /* _SIPOFF_USER_NL_H */
