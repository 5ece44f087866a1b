/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	uapi/sipoff.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_SIPOFF_H
#define _UAPI_LINUX_SIPOFF_H

#define SIPOFF_FAMILY_NAME	"sipoff"
#define SIPOFF_FAMILY_VERSION	1

/**
 * enum sipoff_mode - What the kernel does with the SIP packets it sees.
 * @SIPOFF_MODE_OFF: Parse and count only.
 * @SIPOFF_MODE_TRANSPARENT: Stand in only for answers the application already
 *   gave (the default); never retransmit on the kernel's own timers, never
 *   withhold a first copy.
 * @SIPOFF_MODE_OFFLOAD: Run the RFC 3261 section 17 / RFC 6026 transactions
 *   for UDP: timers, hop-by-hop ACK, 100 Trying, timeouts reported as events.
 */
enum sipoff_mode {
	SIPOFF_MODE_OFF,
	SIPOFF_MODE_TRANSPARENT,
	SIPOFF_MODE_OFFLOAD,
};

enum {
	SIPOFF_A_STAT_NAME = 1,
	SIPOFF_A_STAT_VALUE,
	SIPOFF_A_STAT_PAD,

	__SIPOFF_A_STAT_MAX,
	SIPOFF_A_STAT_MAX = (__SIPOFF_A_STAT_MAX - 1)
};

enum {
	SIPOFF_A_CONFIG_MODE = 1,
	SIPOFF_A_CONFIG_PORT,
	SIPOFF_A_CONFIG_T1_MS,
	SIPOFF_A_CONFIG_T2_MS,
	SIPOFF_A_CONFIG_T4_MS,
	SIPOFF_A_CONFIG_TIMER_D_MS,
	SIPOFF_A_CONFIG_TRYING_MS,
	SIPOFF_A_CONFIG_MAX_TRANSACTIONS,
	SIPOFF_A_CONFIG_MAX_DIALOGS,
	SIPOFF_A_CONFIG_MAX_BYTES,
	SIPOFF_A_CONFIG_LINGER_MS,
	SIPOFF_A_CONFIG_STATS,
	SIPOFF_A_CONFIG_PAD,

	__SIPOFF_A_CONFIG_MAX,
	SIPOFF_A_CONFIG_MAX = (__SIPOFF_A_CONFIG_MAX - 1)
};

enum {
	SIPOFF_CMD_CONFIG_GET = 1,
	SIPOFF_CMD_CONFIG_SET,
	SIPOFF_CMD_STATS_GET,

	__SIPOFF_CMD_MAX,
	SIPOFF_CMD_MAX = (__SIPOFF_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_SIPOFF_H */
