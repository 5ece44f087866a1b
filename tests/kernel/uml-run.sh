#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot the UML test kernel with the host as its root and run one command inside it.
#
#   tests/kernel/uml-run.sh [-k KDIR] [-m MEM] [-t SECONDS] [-l LOG] -- COMMAND [ARGS...]
#
# COMMAND runs as root in the guest, in the repository's top directory, with /proc, /sys,
# debugfs, devtmpfs and tmpfs on /run, /tmp/guest and /dev/shm mounted and lo up.  The console
# goes to stdout and to LOG.  Exit status: 0 only if COMMAND exited 0 and the console shows no
# kernel splat (BUG, WARNING, KASAN, lockdep, RCU, oops, panic) and no kmemleak report (a scan
# runs after COMMAND); 1 otherwise; 2 if the guest did not finish (time-out or crash).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kdir=""
mem=768M
limit=900
log=""
while [ $# -gt 0 ]; do
	case $1 in
	-k) kdir=$2; shift 2 ;;
	-m) mem=$2; shift 2 ;;
	-t) limit=$2; shift 2 ;;
	-l) log=$2; shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-k KDIR] [-m MEM] [-t SECONDS] [-l LOG] -- COMMAND..." >&2; exit 2; }
[ -n "$kdir" ] || kdir=$("$top/tests/kernel/build-uml.sh" debug) || exit 2

work=$(mktemp -d /tmp/sipoff-uml.XXXXXX)
[ -n "$log" ] || log=$work/console.log

# The guest's init: mount what the tests need, run COMMAND, scan for leaks, power off.
{
	cat <<INIT
#!/bin/bash
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb SIPOFF_GUEST=1 SIPOFF_TOP=$top
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/shm /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t tmpfs tmpfs /run
mkdir -p /run/netns
ip link set lo up
echo clear > /sys/kernel/debug/kmemleak 2>/dev/null
cd $top
echo "SIPOFF-GUEST-START"
INIT
	printf '%q ' "$@"
	cat <<'INIT'
</dev/null
rc=$?
echo "SIPOFF-GUEST-RC $rc"
if [ -w /sys/kernel/debug/kmemleak ]; then
	# kmemleak reports only objects older than 5 s, and wants two scans to be sure.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi
echo "SIPOFF-GUEST-END"
poweroff -f
INIT
} > "$work/init"
chmod +x "$work/init"

# UML puts itself in a session of its own, out of the caller's process group: if this script is
# stopped (a suite's budget, ^C), its EXIT trap kills the guest's processes, found by their
# command line (this run's own init path) and killed by pid.
guest_kill() {
	local p
	for p in $(pgrep -f -- "init=$work/init "); do
		kill -KILL "$p" 2>/dev/null
	done
}
trap 'guest_kill; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT HUP
TMPDIR=$work timeout --foreground -k 10 "$limit" "$kdir/linux" mem="$mem" rootfstype=hostfs rw \
	init="$work/init" con=null con0=null,fd:1 panic=-1 </dev/null 2>&1 | tee "$log" &
wait $!

if ! grep -q '^SIPOFF-GUEST-END' "$log"; then
	echo "uml-run: the guest did not finish" >&2
	exit 2
fi
rc=$(sed -n 's/^SIPOFF-GUEST-RC \([0-9]*\).*/\1/p' "$log" | tail -n1)
splat=$(grep -nE 'BUG:|WARNING:|KASAN|kernel BUG|Oops|general protection|Kernel panic|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|unreferenced object|UBSAN|INFO: task .* blocked|list_(add|del) corruption|ODEBUG' "$log" | head -n 20)
if [ -n "$splat" ]; then
	echo "uml-run: kernel reports in the console:" >&2
	echo "$splat" >&2
	exit 1
fi
[ "$rc" = 0 ] || { echo "uml-run: guest command exited $rc" >&2; exit 1; }
exit 0
