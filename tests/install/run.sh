#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The real install (make check suite "install"): build the Debian packages (make deb), check
# them with lintian, check that the man pages' synopses are the tools' --help, then boot
# Debian 12's own kernel under QEMU (TCG) on a real Debian 12 root file system
# (tests/install/build-image.sh: mmdebstrap, cached) and run tests/install/guest.sh there as an
# operator would: apt install ./sipoff-dkms_*.deb ./sipoff-tools_*.deb (DKMS builds the module
# against linux-headers), systemctl start sipoffd, a sipp call across two network namespaces, its
# dialog in /proc, its record from sipoffd, sipoffctl stats, a reload, apt remove and purge.
#
#   tests/install/run.sh [-v]        -v: also print the guest's console
#
# TAP with a plan, then "# Totals: pass:N fail:N"; exits non-zero on any failure.
# Environment: SIPOFF_CACHE, SIPOFF_INSTALL_TIMEOUT (guest, default 1500 s), SIPOFF_QEMU_ACCEL
# (default tcg,thread=multi), SIPOFF_INSTALL_MEM (default 1536 MiB).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
timeout_s=${SIPOFF_INSTALL_TIMEOUT:-1500}
accel=${SIPOFF_QEMU_ACCEL:-tcg,thread=multi}
mem=${SIPOFF_INSTALL_MEM:-1536}
verbose=0
[ "${1:-}" = -v ] && verbose=1

results=()
pass=0 fail=0
result() { # result 0|1 DESCRIPTION
	results+=("$1 $2")
	if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}
note() { echo "# $*"; }
report() {
	local i=0 r
	echo "1..${#results[@]}"
	for r in "${results[@]}"; do
		i=$((i + 1))
		if [ "${r%% *}" = 0 ]; then echo "ok $i - ${r#* }"; else echo "not ok $i - ${r#* }"; fi
	done
	echo "# Totals: pass:$pass fail:$fail"
	[ "$fail" = 0 ]
	exit
}
work=$(mktemp -d "${TMPDIR:-/tmp}/sipoff-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- the packages ---------------------------------------------------------------------------------
start=$(date +%s)
if make -s -C "$top" deb >"$work/deb.log" 2>&1; then
	result 0 "make deb ($(($(date +%s) - start))s)"
else
	result 1 "make deb"
	tail -n 30 "$work/deb.log" | sed 's/^/# /'
	report
fi
deb=$top/build/deb
version=$(sed -n '1{s/.*[(]//;s/-[^-]*[)].*//;p;}' "$top/debian/changelog")
# Every tag, pedantic and informational ones too, is either absent or overridden with its reason
# in debian/*.lintian-overrides.
if lintian --pedantic -I -E --fail-on error,warning,info,pedantic "$deb"/*.changes >"$work/lintian.log" 2>&1; then
	result 0 "lintian clean (pedantic; overrides explained in debian/)"
else
	result 1 "lintian clean"
fi
grep -v 'not recommended' "$work/lintian.log" | sed 's/^/# lintian: /'

# --- man pages and --help say the same ---------------------------------------------------------------
dpkg-deb -x "$deb"/sipoff-tools_"$version"-*_amd64.deb "$work/tools"
synopsis() { sed -n '/^# SYNOPSIS/,/^# /p' "$1" | sed -n '/^```/,/^```/p' | sed '1d;$d'; }
for t in sipoffctl sipoffd; do
	"$work/tools/usr/sbin/$t" --help | sed '/^Acts on/d' >"$work/$t.help"
	if [ -z "$(synopsis "$top/docs/man/$t.8.scd")" ] ||
	   ! diff -u <(synopsis "$top/docs/man/$t.8.scd") "$work/$t.help" >"$work/$t.diff"; then
		result 1 "$t --help is the synopsis of $t(8)"
		sed 's/^/# /' "$work/$t.diff"
	else
		result 0 "$t --help is the synopsis of $t(8)"
	fi
	v=$("$work/tools/usr/sbin/$t" --version)
	if [ "$v" = "$t $version" ]; then result 0 "$t --version: $version"; else result 1 "$t --version: '$v', not $version"; fi
done

# --- the image, the guest's files -------------------------------------------------------------------
start=$(date +%s)
if img=$("$here/build-image.sh" 2>"$work/image.log"); then
	result 0 "Debian 12 image ($(($(date +%s) - start))s; $img)"
else
	result 1 "Debian 12 image"
	tail -n 20 "$work/image.log" | sed 's/^/# /'
	report
fi
sed 's/^/# /' "$work/image.log"
release=$(cat "$img/release")
mkdir -p "$work/guest"
cp "$deb"/sipoff-dkms_"$version"-*_all.deb "$deb"/sipoff-tools_"$version"-*_amd64.deb \
	"$here/guest.sh" "$here/uac.xml" "$top/tests/sipp/dlg_uas.xml" "$work/guest/"
printf 'RELEASE=%s\nVERSION=%s\n' "$release" "$version" >"$work/guest/config"
# A sipoffctl that speaks another netlink ABI, for `sipoffctl version`'s warning.
gcc -O2 -Wall -I"$top/kmod" -I"$top/uapi" -DSIPOFF_VERSION="\"$version\"" -DSIPOFF_TOOLS_ABI=99 \
	-o "$work/guest/sipoffctl-abi99" "$top/userspace/sipoffctl.c" "$top/userspace/nl.c" -lmnl ||
	{ result 1 "build sipoffctl-abi99"; report; }
tar -C "$work/guest" -cf "$work/guest.tar" .

# --- boot ---------------------------------------------------------------------------------------------
console=$work/console.log
tap=$work/tap.log
: >"$console"; : >"$tap"
note "booting linux-image-$release of the image (-accel $accel, -smp 2, -m $mem)"
start=$(date +%s)
rc=0
timeout -k 5 "$timeout_s" qemu-system-x86_64 \
	-nodefaults -no-user-config -display none -no-reboot \
	-machine pc -accel "$accel" -cpu max -smp 2 -m "$mem" \
	-kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
	-append "root=/dev/vda rw console=ttyS0 loglevel=4 panic=-1 systemd.show_status=0 net.ifnames=0" \
	-drive "file=$img/rootfs.raw,format=raw,if=virtio,snapshot=on" \
	-drive "file=$work/guest.tar,format=raw,if=virtio,readonly=on" \
	-serial "file:$console" -serial "file:$tap" </dev/null >"$work/qemu.out" 2>&1 || rc=$?
elapsed=$(($(date +%s) - start))
[ $verbose = 1 ] && sed 's/\r$//; s/^/# console: /' "$console"
while IFS= read -r line; do
	line=${line%$'\r'}
	case $line in
	"ok "*) result 0 "guest: ${line#ok * - }" ;;
	"not ok "*) result 1 "guest: ${line#not ok * - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$tap"
if grep -a -q '^SIPOFF-GUEST-DONE' "$tap"; then
	result 0 "guest finished (${elapsed}s, limit ${timeout_s}s)"
else
	if [ $rc = 124 ] || [ $rc = 137 ]; then why="timed out after ${timeout_s}s"; else why="qemu exited with $rc after ${elapsed}s"; fi
	result 1 "guest finished ($why)"
	[ $verbose = 1 ] || tail -n 40 "$console" | sed 's/\r$//; s/^/# console: /'
	[ -s "$work/qemu.out" ] && sed 's/^/# qemu: /' "$work/qemu.out"
fi
report
