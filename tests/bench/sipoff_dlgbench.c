// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_dlgbench.c - for `make bench` only: the dialog table's memory per dialog and its
 * lookup cost at two sizes, filled in-kernel (no SIP on the wire) through sipoff.ko's bench
 * entry points (kmod/sipoff_bench.h; sipoff.ko built with SIPOFF_BENCH=1).
 *
 *   ip netns exec BIG insmod sipoff_dlgbench.ko [small=100000] [big=1000000]
 *	[lookups=200000] [rounds=7]
 *
 * The small table is the initial namespace's, the big one the namespace insmod runs in (they
 * must differ; both need max-dialogs and max-bytes raised).  Each dialog is made the way the
 * hooks make one: a 200 OK to an INVITE as received (Call-ID of 41 characters, tags of 10,
 * a Record-Route, a Contact) and then the ACK as sent, parsed and handed to the dialog layer;
 * it is then an idle confirmed dialog.  The work happens in the module's init; the results are
 * kernel log lines (tests/bench/dlg-guest.sh collects them, tests/bench.sh summarizes):
 *
 *   DLGBENCH mem NAME N FREE_DELTA SLAB_DELTA ACCOUNTED STR_BYTES ALLOC_BYTES OBJ_SIZE
 *	BUCKETS CID_BUCKETS RETRIES FILL_NS
 *     bytes for N dialogs: free memory taken (everything: slab, rounding, the hash tables'
 *     bucket arrays), unreclaimable slab taken, the module's accounting, the strings in it,
 *     ksize() of the dialogs' allocations; the fixed size of one dialog; the buckets of the two
 *     tables; insertions retried (table resizing); the fill's time
 *   DLGBENCH lookup ROUND A_NS B_NS NEXT_A_NS LOOKUPS
 *     ns for LOOKUPS random-order lookups (Call-ID + tags, every one a hit) in the small (A)
 *     and the big (B) table, alternating A B A B ... A
 *   DLGBENCH hot ROUND A_NS B_NS NEXT_A_NS LOOKUPS
 *     the same for lookups of the same 256 dialogs over and over (cache-hot): the CPU's part
 *   DLGBENCH floor ROUND A_NS B_NS NEXT_A_NS LOOKUPS
 *     for scale, the same for a model of each table's memory accesses alone (see struct floor)
 *   DLGBENCH left NAME DIALOGS BYTES
 *     after removing every dialog: what is left in the table (dialogs, accounted bytes)
 *   DLGBENCH unreturned FREE_DELTA
 *     free memory still taken after both tables were emptied (for information: the tables
 *     shrink later, the allocators keep caches)
 *   DLGBENCH error TEXT
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/vmstat.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <linux/nsproxy.h>
#include <net/net_namespace.h>
#include "sipoff_bench.h"

MODULE_IMPORT_NS(sipoff_bench);

static unsigned int small = 100000;
module_param(small, uint, 0444);
MODULE_PARM_DESC(small, "dialogs in the small table (initial namespace)");
static unsigned int big = 1000000;
module_param(big, uint, 0444);
MODULE_PARM_DESC(big, "dialogs in the big table (insmod's namespace)");
static unsigned int lookups = 200000;
module_param(lookups, uint, 0444);
MODULE_PARM_DESC(lookups, "lookups per side per round");
static unsigned int rounds = 7;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "rounds (A B pairs, then a last A)");

struct dlgkey {
	char cid[48];
	char ltag[12];
	char rtag[12];
	u8 cid_len;
	u8 ltag_len;
	u8 rtag_len;
};

static u64 mix64(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Dialog @i of a table: Call-ID of 41 characters, tags of 10, unique by @i. */
static void key_of(u32 i, struct dlgkey *k)
{
	u64 h = mix64(i), g = mix64(h);

	k->cid_len = scnprintf(k->cid, sizeof(k->cid), "%016llx-%08x@pbx.example.net", h, i);
	k->ltag_len = scnprintf(k->ltag, sizeof(k->ltag), "%010llx", g & 0xffffffffffULL);
	k->rtag_len = scnprintf(k->rtag, sizeof(k->rtag), "%010llx", (g >> 24) & 0xffffffffffULL);
}

static const char ok_fmt[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK%08x\r\n"
	"Record-Route: <sip:10.0.0.3;lr>\r\n"
	"From: \"Alice\" <sip:+4930123456@example.com>;tag=%s\r\n"
	"To: <sip:+4940987654@example.com>;tag=%s\r\n"
	"Call-ID: %s\r\n"
	"CSeq: 1 INVITE\r\n"
	"Contact: <sip:+4940987654@10.0.0.2:5060>\r\n"
	"Content-Length: 0\r\n\r\n";

static const char ack_fmt[] =
	"ACK sip:+4940987654@10.0.0.2:5060 SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa%08x\r\n"
	"Max-Forwards: 70\r\n"
	"Route: <sip:10.0.0.3;lr>\r\n"
	"From: \"Alice\" <sip:+4930123456@example.com>;tag=%s\r\n"
	"To: <sip:+4940987654@example.com>;tag=%s\r\n"
	"Call-ID: %s\r\n"
	"CSeq: 1 ACK\r\n"
	"Content-Length: 0\r\n\r\n";

static s64 free_bytes(void)
{
	return (s64)global_zone_page_state(NR_FREE_PAGES) << PAGE_SHIFT;
}

static s64 slab_bytes(void)
{
	return (s64)global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) << PAGE_SHIFT;
}

/* Let deferred work (the tables' resizes, RCU callbacks) run, and wait for RCU. */
static void settle(struct net *net)
{
	struct sipoff_bench_dlg_stats st;
	unsigned int i;

	for (i = 0; i < 200; i++) {
		sipoff_bench_dialog_stats(net, &st);
		if (!st.rehashing)
			break;
		msleep(20);
	}
	rcu_barrier();
	msleep(100);
}

/* Fill @net's table with @n dialogs and report what they take. */
static int fill(struct net *net, const char *name, u32 n, char *buf)
{
	struct sipoff_bench_dlg_stats st, st0;
	s64 free0, slab0, free1, slab1;
	unsigned long retries = 0;
	struct dlgkey k;
	u64 t0, t1;
	u32 i;

	settle(net);
	sipoff_bench_dialog_stats(net, &st0);
	if (st0.dialogs) {
		pr_info("DLGBENCH error %s: the table holds %llu dialogs already\n", name,
			st0.dialogs);
		return -EEXIST;
	}
	free0 = free_bytes();
	slab0 = slab_bytes();
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		unsigned int tries;
		int len;

		key_of(i, &k);
		for (tries = 0;; tries++) {
			len = scnprintf(buf, PAGE_SIZE, ok_fmt, i, k.ltag, k.rtag, k.cid);
			if (sipoff_bench_dialog_msg(net, buf, len, true)) {
				pr_info("DLGBENCH error %s: the 200 OK does not parse\n", name);
				return -EINVAL;
			}
			if (sipoff_bench_dialog_find(net, k.cid, k.cid_len, k.ltag, k.ltag_len,
						     k.rtag, k.rtag_len))
				break;
			/* Not inserted: the table is being resized; let the worker run. */
			if (tries >= 1000) {
				pr_info("DLGBENCH error %s: dialog %u not created\n", name, i);
				return -ENOSPC;
			}
			retries++;
			usleep_range(1000, 2000);
		}
		len = scnprintf(buf, PAGE_SIZE, ack_fmt, i, k.ltag, k.rtag, k.cid);
		if (sipoff_bench_dialog_msg(net, buf, len, false)) {
			pr_info("DLGBENCH error %s: the ACK does not parse\n", name);
			return -EINVAL;
		}
		if (!(i & 255))
			cond_resched();
	}
	t1 = ktime_get_ns();
	settle(net);
	free1 = free_bytes();
	slab1 = slab_bytes();
	sipoff_bench_dialog_stats(net, &st);
	if (st.dialogs != n) {
		pr_info("DLGBENCH error %s: %llu dialogs in the table, not %u (over cap %llu, over bytes %llu, nomem %llu)\n",
			name, st.dialogs, n, st.over_cap, st.over_bytes, st.nomem);
		return -ENOSPC;
	}
	pr_info("DLGBENCH mem %s %u %lld %lld %llu %llu %llu %llu %llu %llu %lu %llu\n",
		name, n, free0 - free1, slab1 - slab0, st.bytes, st.str_bytes, st.alloc_bytes,
		st.obj_size, st.buckets, st.cid_buckets, retries, t1 - t0);
	return 0;
}

/* @m keys of dialogs of a table of @n, in random order (with repeats when m > n). */
static struct dlgkey *make_keys(u32 n, u32 m, u64 seed)
{
	struct dlgkey *keys = vmalloc(array_size(m, sizeof(*keys)));
	u32 j;

	if (!keys)
		return NULL;
	for (j = 0; j < m; j++) {
		seed = mix64(seed);
		key_of((u32)(((seed >> 32) * n) >> 32), &keys[j]);
		if (!(j & 4095))
			cond_resched();
	}
	return keys;
}

/*
 * For scale, the memory system alone: a model of one table with the same access pattern as a
 * lookup and nothing else (no hashing, no compare): a read of a random slot of an array as
 * big as the table's bucket array, then of two adjacent cache lines of the object that slot
 * names in an area as big as the table's dialogs; each such access waits for the previous
 * one (a lookup is too long for the CPU to overlap the next one's misses with it).
 */
struct floor {
	u32 *slots;
	u8 *objs;
	u32 *idx;
	u32 nslots;
	u32 objsize;
};

static void floor_free(struct floor *f)
{
	vfree(f->slots);
	vfree(f->objs);
	vfree(f->idx);
}

static int floor_make(struct floor *f, struct net *net, u32 m, u64 seed)
{
	struct sipoff_bench_dlg_stats st;
	u32 j, n;

	sipoff_bench_dialog_stats(net, &st);
	n = st.dialogs;
	f->nslots = st.buckets;
	f->objsize = ALIGN(div_u64(st.alloc_bytes, n), 64);
	f->slots = vmalloc(array_size(f->nslots, sizeof(u32)));
	f->objs = vzalloc(array_size(n, f->objsize));
	f->idx = vmalloc(array_size(m, sizeof(u32)));
	if (!f->slots || !f->objs || !f->idx)
		return -ENOMEM;
	for (j = 0; j < f->nslots; j++) {
		seed = mix64(seed);
		f->slots[j] = ((seed >> 32) * n) >> 32;
	}
	for (j = 0; j < m; j++) {
		seed = mix64(seed);
		f->idx[j] = seed & (f->nslots - 1);
	}
	return 0;
}

static s64 time_floor(const struct floor *f, u32 m)
{
	u64 t0, t1, sum = 0;
	u32 j;

	cond_resched();
	t0 = ktime_get_ns();
	for (j = 0; j < m; j++) {
		/* sum stays 0; it makes each access wait for the one before, as a lookup does. */
		const u8 *o = f->objs + (size_t)READ_ONCE(f->slots[f->idx[j] ^ (u32)sum]) *
				       f->objsize;

		sum += READ_ONCE(*(const u64 *)(o + f->objsize - 128)) +
		       READ_ONCE(*(const u64 *)(o + f->objsize - 64));
	}
	t1 = ktime_get_ns();
	return sum ? -1 : (s64)(t1 - t0);
}

/* ns for looking up every key in @net; -1 if one was not found. */
static s64 time_lookups(struct net *net, const struct dlgkey *keys, u32 m)
{
	u32 j, found = 0;
	u64 t0, t1;

	cond_resched();
	t0 = ktime_get_ns();
	for (j = 0; j < m; j++)
		found += sipoff_bench_dialog_find(net, keys[j].cid, keys[j].cid_len,
						  keys[j].ltag, keys[j].ltag_len,
						  keys[j].rtag, keys[j].rtag_len);
	t1 = ktime_get_ns();
	return found == m ? (s64)(t1 - t0) : -1;
}

static void empty(struct net *net, const char *name)
{
	struct sipoff_bench_dlg_stats st;

	sipoff_bench_dialog_flush(net);
	settle(net);
	sipoff_bench_dialog_stats(net, &st);
	pr_info("DLGBENCH left %s %llu %llu\n", name, st.dialogs, st.bytes);
}

static int __init dlgbench_init(void)
{
	struct net *na = &init_net, *nb = current->nsproxy->net_ns;
	struct dlgkey *ka = NULL, *kb = NULL;
	struct floor fa = {}, fb = {};
	s64 free0, a, b, a2;
	unsigned int r;
	char *buf;
	int err;

	if (na == nb) {
		pr_info("DLGBENCH error insmod must run in a namespace of its own (ip netns exec)\n");
		return -EINVAL;
	}
	if (!small || !big || !lookups || !rounds)
		return -EINVAL;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	free0 = free_bytes();
	err = fill(na, "small", small, buf);
	if (!err)
		err = fill(nb, "big", big, buf);
	if (err)
		goto out;
	ka = make_keys(small, lookups, 1);
	kb = make_keys(big, lookups, 2);
	if (!ka || !kb) {
		err = -ENOMEM;
		goto out;
	}
	/* One warm-up pass each, then A B A B ... A. */
	time_lookups(na, ka, lookups);
	time_lookups(nb, kb, lookups);
	a = time_lookups(na, ka, lookups);
	for (r = 0; r < rounds; r++) {
		b = time_lookups(nb, kb, lookups);
		a2 = time_lookups(na, ka, lookups);
		if (a < 0 || b < 0 || a2 < 0) {
			pr_info("DLGBENCH error a lookup missed\n");
			err = -ENOENT;
			goto out;
		}
		pr_info("DLGBENCH lookup %u %lld %lld %lld %u\n", r, a, b, a2, lookups);
		a = a2;
	}
	/* The CPU's part: lookups of 256 dialogs over and over (cache-hot), both tables. */
	vfree(ka);
	vfree(kb);
	ka = make_keys(256, lookups, 5);
	kb = make_keys(256, lookups, 6);
	if (!ka || !kb) {
		err = -ENOMEM;
		goto out;
	}
	time_lookups(na, ka, lookups);
	a = time_lookups(na, ka, lookups);
	for (r = 0; r < rounds; r++) {
		b = time_lookups(nb, kb, lookups);
		a2 = time_lookups(na, ka, lookups);
		pr_info("DLGBENCH hot %u %lld %lld %lld %u\n", r, a, b, a2, lookups);
		a = a2;
	}
	/* The floor, A B A B ... A likewise (informative; -ENOMEM only skips it). */
	if (floor_make(&fa, na, lookups, 3) || floor_make(&fb, nb, lookups, 4)) {
		pr_info("DLGBENCH note no memory for the floor (informative only)\n");
		goto out;
	}
	time_floor(&fa, lookups);
	time_floor(&fb, lookups);
	a = time_floor(&fa, lookups);
	for (r = 0; r < rounds; r++) {
		b = time_floor(&fb, lookups);
		a2 = time_floor(&fa, lookups);
		pr_info("DLGBENCH floor %u %lld %lld %lld %u\n", r, a, b, a2, lookups);
		a = a2;
	}
out:
	floor_free(&fa);
	floor_free(&fb);
	vfree(ka);
	vfree(kb);
	kfree(buf);
	empty(nb, "big");
	empty(na, "small");
	pr_info("DLGBENCH unreturned %lld\n", free0 - free_bytes());
	return err;
}

static void __exit dlgbench_exit(void)
{
}

module_init(dlgbench_init);
module_exit(dlgbench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sipoff benchmark: dialog table memory and lookup cost (make bench only)");
