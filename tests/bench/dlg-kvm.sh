#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`, section 5 (also alone: `make bench-dlg-kvm`): the dialog table's benchmark
# (tests/bench/sipoff_dlgbench.c) on the real target kernel, Debian 12's 6.1, booted under QEMU
# with KVM, for the figures the bench UML kernel cannot give (UML maps all kernel memory with
# 4 KiB host pages; Debian's kernel maps its direct map with huge pages).
#
#   tests/bench/dlg-kvm.sh
#
# Builds sipoff.ko with SIPOFF_BENCH=1 against the Debian headers in build/bench-kmod-<kid>
# (`make module-deb-bench`; the production build/kmod-<kid> of module-deb is left alone) and
# sipoff_dlgbench.ko in build/bench-dlgbench-<kid>, boots the Debian image with
# tests/qemu/run-debian-kernel.sh (-accel kvm -cpu host) and its guest scenario "dlgbench"
# (tests/qemu/scenarios/dlgbench.sh: caps raised with sipoffctl, the bench module loaded in a
# namespace of its own), and prints the summary of tests/bench/dlg-summary.sh.
#
# Skipped, with the reason printed and exit status 0, when qemu or the Debian headers are
# missing, or KVM is not usable for a stock kernel: no read-write /dev/kvm, no hardware
# virtualization behind it (neither kvm_intel nor kvm_amd: e.g. a PVM host's kvm_pvm, which
# runs only guest kernels built for it; SIPOFF_BENCH_DLG_KVM=force tries anyway), qemu cannot
# start a KVM machine, or Debian's kernel alone does not boot to its panic for want of a root
# within 60 s (run-debian-kernel.sh --probe-boot).  Exit status 1 only for a broken run.
# Environment: SIPOFF_BENCH_DLG_SMALL (100000), _BIG (1000000), _LOOKUPS (200000 per side per
# round), _ROUNDS (7) as for the UML run; SIPOFF_BENCH_DLG_KVM_MEM (guest memory, 4G),
# SIPOFF_BENCH_DLG_KVM_SMP (vCPUs, 1), SIPOFF_BENCH_DLG_KVM_CPU (qemu's -cpu, host; e.g.
# host,-arch-capabilities where KVM refuses an MSR of the host model), SIPOFF_BENCH_DLG_KVM_ACCEL
# (kvm; e.g. tcg to check the pipeline where KVM is missing: TCG's figures say nothing about the
# hardware's TLBs, and the summary is labelled so), SIPOFF_BENCH_CPU (the host CPU QEMU is pinned to,
# default the last; "none": not pinned).  Logs: build/logs/bench-dlg-kvm.log (the run's TAP
# and the module's lines), build/logs/bench-dlg-kvm-module.log (the builds).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
export SIPOFF_CACHE=${SIPOFF_CACHE:-$HOME/.cache/sipoff}
logs=$top/build/logs
mkdir -p "$logs"
log=$logs/bench-dlg-kvm.log
cpu=${SIPOFF_BENCH_CPU:-$(( $(nproc) - 1 ))}
accel=${SIPOFF_BENCH_DLG_KVM_ACCEL:-kvm}
if [ "$accel" = kvm ]; then
	cpumodel=${SIPOFF_BENCH_DLG_KVM_CPU:-host}
	what="QEMU/KVM"
else
	cpumodel=${SIPOFF_BENCH_DLG_KVM_CPU:-max}
	what="QEMU -accel $accel, NOT KVM: a check of the pipeline, not figures"
fi
MAKE="make --no-print-directory"

skip() { echo "skipped: $*"; exit 0; }
die() { echo "bench: dialog table on Debian 6.1 / KVM: $*" >&2; exit 1; }

echo "== dialog table on Debian 6.1 under $what"
# --- Can it run here? ----------------------------------------------------------------------------
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed"
if [ "$accel" = kvm ]; then
	[ -e /dev/kvm ] || skip "no /dev/kvm (no hardware virtualization, or nested KVM off)"
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		skip "/dev/kvm not readable and writable by $(id -un) (group kvm?)"
	fi
	if [ ! -d /sys/module/kvm_intel ] && [ ! -d /sys/module/kvm_amd ] && [ "${SIPOFF_BENCH_DLG_KVM:-1}" != force ]; then
		others=$(find /sys/module -maxdepth 1 -name 'kvm_*' -printf '%f ')
		skip "/dev/kvm is not hardware virtualization (neither kvm_intel nor kvm_amd loaded${others:+; KVM modules: ${others% }}): a stock kernel does not boot under it (SIPOFF_BENCH_DLG_KVM=force tries)"
	fi
	# QEMU itself must get KVM going (the device can exist and still refuse, e.g. KVM in use by
	# another hypervisor, or the CPU's virtualization switched off).
	kvm_err=$(echo quit | timeout 30 qemu-system-x86_64 -machine none -accel kvm -nodefaults \
		-display none -monitor stdio 2>&1 >/dev/null) ||
		skip "qemu cannot use KVM: $(echo "$kvm_err" | head -n 1)"
fi
debs=(/usr/src/linux-headers-*-amd64)
deb=${debs[0]}
[ -d "$deb" ] || skip "no Debian kernel headers (/usr/src/linux-headers-*-amd64; apt-get install linux-headers-amd64)"

# --- Build: sipoff.ko with the bench entry points, then the bench module against it ------------
kid=$(basename "$(realpath "$deb")")
kmod=$top/build/bench-kmod-$kid
$MAKE module-deb-bench > "$logs/bench-dlg-kvm-module.log" 2>&1 ||
	{ tail -n 20 "$logs/bench-dlg-kvm-module.log"; die "sipoff.ko (SIPOFF_BENCH=1) build failed (build/logs/bench-dlg-kvm-module.log)"; }
[ -f "$kmod/sipoff.ko" ] || die "no $kmod/sipoff.ko"
dlgb=$top/build/bench-dlgbench-$kid
mkdir -p "$dlgb"
cp -u -p tests/bench/sipoff_dlgbench.c kmod/sipoff_bench.h "$dlgb/"
echo 'obj-m := sipoff_dlgbench.o' > "$dlgb/Kbuild"
make -C "$deb" M="$dlgb" KBUILD_EXTRA_SYMBOLS="$kmod/Module.symvers" modules \
	>> "$logs/bench-dlg-kvm-module.log" 2>&1 ||
	{ tail -n 20 "$logs/bench-dlg-kvm-module.log"; die "sipoff_dlgbench build failed (build/logs/bench-dlg-kvm-module.log)"; }
ctl=$top/build/user/sipoffctl
[ -x "$ctl" ] || die "no $ctl (make user)"
echo "module: $kmod/sipoff.ko (SIPOFF_BENCH=1), $dlgb/sipoff_dlgbench.ko"

# --- Run ----------------------------------------------------------------------------------------
pin=()
[ "$cpu" = none ] || pin=(taskset -c "$cpu")
small=${SIPOFF_BENCH_DLG_SMALL:-100000}
big=${SIPOFF_BENCH_DLG_BIG:-1000000}
echo "guest: -accel $accel -cpu $cpumodel, pinned to host CPU $cpu"
"${pin[@]}" tests/qemu/run-debian-kernel.sh --accel "$accel" --cpu "$cpumodel" --probe-boot 60 \
	--mem "${SIPOFF_BENCH_DLG_KVM_MEM:-4G}" --smp "${SIPOFF_BENCH_DLG_KVM_SMP:-1}" --timeout 900 \
	--scenarios dlgbench --bin "$ctl" --file "$ctl:/sipoff/bin/sipoffctl" --bin /usr/sbin/ip \
	--file "$dlgb/sipoff_dlgbench.ko" --env SIPOFFCTL=/sipoff/bin/sipoffctl \
	--env DLG_SMALL="$small" --env DLG_BIG="$big" \
	--env DLG_LOOKUPS="${SIPOFF_BENCH_DLG_LOOKUPS:-200000}" \
	--env DLG_ROUNDS="${SIPOFF_BENCH_DLG_ROUNDS:-7}" \
	"$kmod/sipoff.ko" > "$log" 2>&1
rc=$?
if [ $rc = 77 ] && grep -q '^1\.\.0 # SKIP' "$log"; then
	skip "$(sed -n 's/^1\.\.0 # SKIP //p' "$log")"
fi
grep -E '^# (boot probe|booting|kernel|dlgbench:)' "$log"
broken=0
if [ $rc != 0 ]; then
	echo "bench: the Debian 6.1 / KVM guest run failed (exit $rc); its TAP: build/logs/bench-dlg-kvm.log"
	grep -E '^not ok|^# (console|qemu|dmesg):' "$log" | tail -n 20
	broken=1
fi
sed -n 's/^# \(DLGBENCH .*\)/\1/p' "$log" > "$log.dlg"
tests/bench/dlg-summary.sh "$log.dlg" "Debian 6.1 ($(sed -n 's/^# booting linux-image-\([^ ]*\) \([^ ]*\) .*/\1 \2/p' "$log")), $what, -cpu $cpumodel" || broken=1
exit $broken
