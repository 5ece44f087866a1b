/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_bench.h - entry points for the in-kernel dialog benchmark of `make bench`
 * (tests/bench/sipoff_dlgbench.c), in the style of EXPORT_SYMBOL_IF_KUNIT: they exist and are
 * exported (GPL, namespace sipoff_bench) only in a module built with SIPOFF_BENCH=1, which
 * tests/bench.sh does for the bench kernel.  A production build has none of them.
 *
 * They let the benchmark fill a namespace's dialog table in-kernel (no SIP on the wire) through
 * the same code the hooks run: the parser and sipoff_dialogs_msg() create the dialogs, and the
 * lookup is the one every message makes.
 */
#ifndef _SIPOFF_BENCH_H
#define _SIPOFF_BENCH_H

#include <linux/types.h>
#include <linux/export.h>
#include <linux/kconfig.h>

/*
 * Used only where SIPOFF_DIALOGS_TEST_API is set (sipoff_dialogs.c).  The KUnit suite of the
 * dialog table (tests/kunit/sipoff_dialogs_kunit.c) uses the same entry points, exported in
 * KUnit's namespace like every other symbol for KUnit (EXPORT_SYMBOL_IF_KUNIT).
 */
#if defined(SIPOFF_BENCH)
#define SIPOFF_DIALOGS_TEST_API 1
#define SIPOFF_TEST_API_NS sipoff_bench
#elif IS_ENABLED(CONFIG_KUNIT)
#define SIPOFF_DIALOGS_TEST_API 1
#define SIPOFF_TEST_API_NS EXPORTED_FOR_KUNIT_TESTING
#endif
/* Two levels, so that the namespace's name is expanded before the export stringifies it. */
#define SIPOFF_EXPORT_NS_(sym, ns) EXPORT_SYMBOL_NS_GPL(sym, ns)
#define SIPOFF_EXPORT_BENCH(sym) SIPOFF_EXPORT_NS_(sym, SIPOFF_TEST_API_NS)

struct net;

/**
 * struct sipoff_bench_dlg_stats - a namespace's dialog table, for the benchmark
 * @dialogs: dialogs in the table
 * @bytes: bytes the module accounts for them (against max_bytes)
 * @str_bytes: their strings (Call-ID, tags, URIs, targets, route set, NULs, lengths)
 * @alloc_bytes: what their allocations take (size classes, kmalloc rounding included)
 * @obj_size: sizeof(struct sipoff_dialog), the fixed part of one dialog
 * @buckets: buckets of the table by Call-ID + tags
 * @cid_buckets: buckets of the Call-ID index
 * @rehashing: either table has a resize under way
 * @created: dialogs_created counter
 * @nomem: dialogs_nomem counter (allocation or insertion failed, e.g. during a resize)
 * @over_cap: dialogs_over_cap counter
 * @over_bytes: dialogs_over_bytes counter
 * @unmatched: dialogs_unmatched counter (a response of no transaction: nothing created)
 */
struct sipoff_bench_dlg_stats {
	u64 dialogs;
	u64 bytes;
	u64 str_bytes;
	u64 alloc_bytes;
	u64 obj_size;
	u64 buckets;
	u64 cid_buckets;
	bool rehashing;
	u64 created;
	u64 nomem;
	u64 over_cap;
	u64 over_bytes;
	u64 unmatched;
};

int sipoff_bench_dialog_msg(struct net *net, const u8 *buf, u32 len, bool in);
int sipoff_bench_dialog_msg_unmatched(struct net *net, const u8 *buf, u32 len, bool in);
bool sipoff_bench_dialog_find(struct net *net, const u8 *cid, u32 cid_len, const u8 *ltag,
			      u32 ltag_len, const u8 *rtag, u32 rtag_len);
void sipoff_bench_dialog_stats(struct net *net, struct sipoff_bench_dlg_stats *st);
void sipoff_bench_dialog_flush(struct net *net);

#endif /* _SIPOFF_BENCH_H */
