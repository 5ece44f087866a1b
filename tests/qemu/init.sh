#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
#
# Guest init (PID 1) of the initramfs built by run-debian-kernel.sh.  Loads the modules listed in
# /sipoff/modules.list, brings up lo, runs the scenarios named on the kernel command line
# (sipoff.scenarios=a,b,...; each /sipoff/scenarios/<name>.sh is sourced with the helpers
# below), unloads the modules under test and checks dmesg and the taint flags.
#
# TAP goes to the second serial port (/dev/ttyS1), so kernel console messages never mix into it;
# the host renumbers it.  Diagnostics go to the console (ttyS0).  The last line is
# SIPOFF-GUEST-DONE.
#
# Helpers for scenarios:
#   tap 0|1 DESCRIPTION        a result (0 = pass)
#   check DESCRIPTION CMD...   run CMD, pass when it succeeds
#   diag TEXT                  a TAP comment
#   snap FILE                  copy /proc/net/sipoff/stats to FILE
#   val FILE NAME              a counter from a snapshot (empty when missing)
#   delta BEFORE AFTER NAME    AFTER - BEFORE for a counter (empty when missing in either)
#   check_rise B A MIN MAX "NAMES" WHAT   each counter rose by MIN..MAX (MAX empty: no bound)
#   check_still B A "NAMES" WHAT          each counter unchanged
#   probe ARGS...              the udpprobe helper (send/recv/serve); in the background use
#                              "$PROBE ARGS &" so that $! is its pid
#   field "OUTPUT" WORD        the number after WORD in a udpprobe output line
# Variables: SIP_PORT OTHER_PORT SECONDS_TRAFFIC NCPUS SIP_RX_COUNTERS SIP_TX_COUNTERS
#            STILL_COUNTERS CLEAN_COUNTERS (from /sipoff/config), T (a scratch directory).

export PATH=/bin:/sbin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
exec 3>/dev/ttyS1
exec </dev/null

. /sipoff/config
T=/tmp/sipoff
mkdir -p $T
NCPUS=$(grep -c '^processor' /proc/cpuinfo)
STATS=/proc/net/sipoff/stats
n=0
failed=0

tap() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2" >&3
	else
		echo "not ok $n - $2" >&3
		failed=$((failed + 1))
	fi
	echo "[guest] $([ "$1" = 0 ] && echo ok || echo NOT OK): $2"
}
diag() { echo "# $*" >&3; echo "[guest] # $*"; }
check() {
	local what=$1
	shift
	if "$@"; then tap 0 "$what"; else tap 1 "$what"; fi
}
snap() { cat $STATS >"$1" 2>/dev/null; }
val() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }
delta() {
	local b a
	b=$(val "$1" "$3")
	a=$(val "$2" "$3")
	[ -n "$a" ] && [ -n "$b" ] && echo $((a - b))
}
check_rise() { # check_rise BEFORE AFTER MIN MAX "NAMES" WHAT
	local c d
	for c in $5; do
		d=$(delta "$1" "$2" $c)
		if [ -z "$d" ]; then
			tap 1 "$6: counter $c present in $STATS"
		elif [ "$d" -ge "$3" ] && [ "$d" -gt 0 ] && { [ -z "$4" ] || [ "$d" -le "$4" ]; }; then
			tap 0 "$6: $c rose by $d (expected $3..${4:-})"
		else
			tap 1 "$6: $c rose by $d (expected $3..${4:-})"
		fi
	done
}
check_still() { # check_still BEFORE AFTER "NAMES" WHAT
	local c d
	for c in $3; do
		d=$(delta "$1" "$2" $c)
		if [ -z "$d" ]; then
			tap 1 "$4: counter $c present in $STATS"
		elif [ "$d" = 0 ]; then
			tap 0 "$4: $c unchanged"
		else
			tap 1 "$4: $c unchanged (moved by $d)"
		fi
	done
}
PROBE=/bin/udpprobe
probe() { $PROBE "$@"; }
field() { echo "$1" | awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }
wait_file() { # wait_file FILE: up to 5 s
	local i=0
	while [ ! -e "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "$1" ]
}
splat_re='BUG:|WARNING:|Oops|general protection|Call Trace|kernel BUG|Kernel panic'
marks=0
# dmesg since the previous call (or the start of the test) has no splat
dmesg_clean() {
	dmesg | sed -n "/sipoff-test: mark $marks\$/,\$p" >$T/dmesg.since
	marks=$((marks + 1))
	echo "<6>sipoff-test: mark $marks" >/dev/kmsg
	if grep -E -q "$splat_re" $T/dmesg.since; then
		local ln
		ln=$(grep -E -n -m1 "$splat_re" $T/dmesg.since | cut -d: -f1)
		sed -n "$ln,$((ln + 30))p" $T/dmesg.since | sed 's/^/# dmesg: /' >&3
		return 1
	fi
	return 0
}
# the kernel has not oopsed (taint D) since boot: after an oops, unloading may hang
not_oopsed() { [ $(($(cat /proc/sys/kernel/tainted) & 128)) = 0 ]; }
# run_for SECONDS CMD...: run CMD, fail if it takes longer (it is left behind then)
run_for() {
	local limit=$1 pid i=0
	shift
	"$@" &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		if [ $i -ge $((limit * 10)) ]; then
			echo "[guest] $* still running after ${limit}s"
			return 124
		fi
		sleep 0.1
		i=$((i + 1))
	done
	wait $pid
}

finish() {
	echo "SIPOFF-GUEST-DONE failed=$failed" >&3
	sleep 1
	poweroff -f
	reboot -f
}

scenarios=
watchdog=0
for w in $(cat /proc/cmdline); do
	case $w in
	sipoff.scenarios=*) scenarios=$(echo "${w#*=}" | tr ',' ' ') ;;
	sipoff.watchdog=*) watchdog=${w#*=} ;;
	esac
done
# Shortly before the host gives up on the guest: the processes, the kernel stacks of those in D
# state, the blocked tasks and the CPUs' backtraces (sysrq w, l) on the console, so a hang shows
# where it is.  Hung tasks are reported after 30 s too.
echo 1 >/proc/sys/kernel/sysrq
echo 30 >/proc/sys/kernel/hung_task_timeout_secs 2>/dev/null
if [ "$watchdog" -gt 0 ]; then
	(
		sleep "$watchdog"
		echo "[guest] WATCHDOG: still running after ${watchdog}s; processes:"
		ps
		for d in /proc/[0-9]*; do
			case $(awk '/^State:/ { print $2 }' $d/status 2>/dev/null) in
			D) echo "[guest] D state: ${d#/proc/} $(cat $d/cmdline 2>/dev/null | tr '\0' ' ')"
			   cat $d/stack 2>/dev/null ;;
			esac
		done
		echo w >/proc/sysrq-trigger
		echo l >/proc/sysrq-trigger
		echo "# guest watchdog fired after ${watchdog}s (stacks on the console)" >&3
	) &
fi
diag "kernel $(uname -r), $NCPUS CPUs, scenarios: $scenarios"

boot_taint=$(cat /proc/sys/kernel/tainted)
if dmesg | grep -E -q "$splat_re"; then
	diag "the kernel already complained while booting (before any test module):"
	dmesg | grep -E -A10 "$splat_re" | head -30 | sed 's/^/# boot: /' >&3
fi
echo "<6>sipoff-test: start" >/dev/kmsg
echo "<6>sipoff-test: mark 0" >/dev/kmsg

# --- load -------------------------------------------------------------------------------------
tested=
load_ok=1
while read -r file kind params; do
	name=${file#*-}
	name=${name%.ko}
	if [ "$kind" = stock ]; then
		# a failure here (e.g. a soft dependency for a CPU feature) shows in what depends on it
		if insmod /sipoff/modules/$file $params 2>$T/insmod.err; then
			diag "loaded stock module $name"
		else
			diag "stock module $name did not load: $(cat $T/insmod.err)"
		fi
		continue
	fi
	if insmod /sipoff/modules/$file $params 2>$T/insmod.err; then
		tap 0 "insmod $name${params:+ $params}"
		tested="$name $tested"
	else
		tap 1 "insmod $name${params:+ $params}: $(cat $T/insmod.err)"
		dmesg | tail -5 | sed 's/^/# dmesg: /' >&3
		load_ok=0
	fi
done </sipoff/modules.list
for m in $STOCK_REQUESTED; do
	m=$(echo $m | tr - _)
	if [ -d /sys/module/$m ]; then tap 0 "stock module $m loaded"; else tap 1 "stock module $m loaded"; load_ok=0; fi
done
check "dmesg clean after insmod" dmesg_clean
diag "taint after insmod: $(cat /proc/sys/kernel/tainted) (boot: $boot_taint; unsigned out-of-tree module: O+E expected)"

ip link set lo up
i=0
while ! ip -6 addr show dev lo | grep -q '::1/128' && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
check "lo up with 127.0.0.1 and ::1" sh -c "ip -4 addr show dev lo | grep -q 127.0.0.1 && ip -6 addr show dev lo | grep -q '::1/128'"

# --- scenarios --------------------------------------------------------------------------------
if [ $load_ok = 1 ]; then
	for s in $scenarios; do
		if [ -f /sipoff/scenarios/$s.sh ]; then
			diag "scenario $s"
			# shellcheck source=/dev/null
			. /sipoff/scenarios/$s.sh
		else
			tap 1 "scenario $s exists"
		fi
	done
else
	diag "modules did not load: scenarios skipped"
fi

# --- unload -----------------------------------------------------------------------------------
if not_oopsed; then
	for m in $tested; do
		check "rmmod $m" run_for 30 rmmod $m
	done
else
	tap 1 "no oops (taint D) before unloading: rmmod skipped"
	finish
fi
check "/proc/net/sipoff gone after rmmod" sh -c '! [ -e /proc/net/sipoff ]'
check "dmesg clean after rmmod" dmesg_clean
# Taint bits beyond O (4096, out-of-tree) and E (8192, unsigned) mean trouble (W, D, L, ...).
taint=$(cat /proc/sys/kernel/tainted)
new=$(((taint & ~boot_taint) & ~(4096 | 8192)))
check "no taint beyond O/E (tainted=$taint, boot=$boot_taint)" [ $new = 0 ]
if [ $failed -gt 0 ]; then
	echo "[guest] dmesg since the start of the test:"
	dmesg | sed -n '/sipoff-test: start/,$p' | tail -60
fi
finish
