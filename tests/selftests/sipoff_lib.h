/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_lib.h - helpers for the sipoff kselftests that run inside the test kernel: load the
 * module, enter a fresh network namespace, send UDP, read /proc/net/sipoff, run sipoffctl.
 */
#ifndef _SIPOFF_SELFTEST_LIB_H
#define _SIPOFF_SELFTEST_LIB_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static inline const char *sipoff_env(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

#define SIPOFF_KO	sipoff_env("SIPOFF_KO", "sipoff.ko")
#define SIPOFFCTL	sipoff_env("SIPOFFCTL", "sipoffctl")

static inline bool sipoff_loaded(void)
{
	return access("/sys/module/sipoff", F_OK) == 0;
}

/* insmod with parameters; 0 or the errno of finit_module(). */
static inline int sipoff_insmod(const char *params)
{
	int fd = open(SIPOFF_KO, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (syscall(SYS_finit_module, fd, params ? params : "", 0))
		err = errno;
	close(fd);
	return err;
}

static inline int sipoff_rmmod(void)
{
	return syscall(SYS_delete_module, "sipoff", O_NONBLOCK) ? errno : 0;
}

static inline int sipoff_ensure_loaded(void)
{
	return sipoff_loaded() ? 0 : sipoff_insmod(NULL);
}

/* Run a shell command line; its exit status, or -1. */
static inline int sipoff_sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Enter a new network namespace with lo up. */
static inline int sipoff_new_netns(void)
{
	if (unshare(CLONE_NEWNET))
		return -errno;
	return sipoff_sh("ip link set lo up") ? -EIO : 0;
}

/* A value from a "name value" file under /proc/net/sipoff, or -1. */
static inline long long sipoff_proc_val(const char *file, const char *name)
{
	char path[128], key[64], val[64];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/sipoff/%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %63s", key, val) == 2)
		if (!strcmp(key, name)) {
			v = strtoll(val, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static inline long long sipoff_stat(const char *name)
{
	return sipoff_proc_val("stats", name);
}

/* Send @n datagrams of @msg to @addr:@port (IPv4 or IPv6 literal); 0 or -errno. */
static inline int sipoff_send_udp(const char *addr, int port, const char *msg, int n)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (void *)&ss;
	struct sockaddr_in6 *sin6 = (void *)&ss;
	socklen_t len;
	int fd, i;

	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		len = sizeof(*sin6);
	} else {
		return -EINVAL;
	}
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	for (i = 0; i < n; i++)
		/* Nobody may listen: ECONNREFUSED from an earlier ICMP is expected. */
		if (sendto(fd, msg, strlen(msg), 0, (void *)&ss, len) < 0 && errno != ECONNREFUSED) {
			close(fd);
			return -errno;
		}
	close(fd);
	return 0;
}

#define SIPOFF_OPTIONS \
	"OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-selftest\r\n" \
	"Max-Forwards: 70\r\n" \
	"From: <sip:t@127.0.0.1>;tag=1\r\n" \
	"To: <sip:gw@127.0.0.1>\r\n" \
	"Call-ID: selftest@127.0.0.1\r\n" \
	"CSeq: 1 OPTIONS\r\n" \
	"Content-Length: 0\r\n\r\n"

#endif
