/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_plain.h - what the plain-C parts of sipoff (the SIP parser, the transaction and
 * dialog state machines) may use.  Those files make no kernel calls, so the very same source
 * builds into sipoff.ko, the userspace unit tests, the fuzzers and the benchmarks.  This
 * header is the whole shim between the two worlds: fixed-width types, bool, NULL, memcmp/
 * memcpy/memset, likely/unlikely, and an export macro that is EXPORT_SYMBOL_IF_KUNIT in the
 * kernel (so a KUnit module can reach internal symbols) and nothing in userspace.
 */
#ifndef _SIPOFF_PLAIN_H
#define _SIPOFF_PLAIN_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <kunit/visibility.h>
#define SIPOFF_EXPORT(sym) EXPORT_SYMBOL_IF_KUNIT(sym)
#else /* userspace */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif
#define SIPOFF_EXPORT(sym) extern int sipoff_unexported_##sym
#endif /* __KERNEL__ */

#endif /* _SIPOFF_PLAIN_H */
