#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot Debian 12's stock kernel under qemu-system-x86_64 (TCG, 2 vCPUs by default), load sipoff.ko built
# against the matching linux-headers, pass SIP and non-SIP UDP traffic over lo (IPv4 and IPv6, on
# both CPUs), read /proc/net/sipoff/stats, unload, and check dmesg.  Prints TAP and a final
# "# Totals: pass:N fail:N" line; exits non-zero on any failure or if the guest did not finish.
#
#   tests/qemu/run-debian-kernel.sh [options] <path/to/sipoff.ko> [extra.ko ...]
#
#   --scenarios LIST   comma-separated guest scenarios from tests/qemu/scenarios/ (default:
#                      $SIPOFF_QEMU_SCENARIOS or
#                      "counters,smp,perms,no_socket,sip_calls"); each is a shell
#                      fragment sourced by the guest init with the helpers of tests/qemu/init.sh.
#                      With sip_calls listed, sipp, iproute2's ip and tc, sipoffctl ($SIPOFFCTL,
#                      else build/user/sipoffctl, else built from userspace/ into the cache), the
#                      sipp scenarios (tests/sipp/txn_uac.xml, tests/qemu/sipp/txn_uas.xml) and
#                      the stock modules veth and sch_netem go in too
#   --params "P..."    insmod parameters for the first module, e.g. "mode=offload ports=5060,5080"
#                      (default: $SIPOFF_INSMOD_PARAMS)
#   --stock "M..."     stock modules of the Debian image to load first (e.g. "nf_conntrack
#                      nf_tables"); the dependencies of the given .ko files are loaded anyway
#   --timeout S        kill the guest after S seconds (default: $SIPOFF_QEMU_TIMEOUT or 240)
#   --smp N            vCPUs (default 2)
#   --mem SIZE         guest memory, as qemu's -m (default: $SIPOFF_QEMU_MEM or 512)
#   --accel ACCEL      qemu's -accel (default: $SIPOFF_QEMU_ACCEL or tcg,thread=multi; "kvm"
#                      needs a usable /dev/kvm)
#   --cpu MODEL        qemu's -cpu (default: $SIPOFF_QEMU_CPU or max; "host" with kvm)
#   --probe-boot S     first boot the kernel alone (no initramfs, 256 MiB) with these -accel and
#                      -cpu; unless it reaches its panic for want of a root file system within S
#                      seconds, print "1..0 # SKIP ..." with the reason and exit 77 (e.g. a
#                      /dev/kvm that cannot run a stock kernel)
#   --seconds S        duration of the timed traffic phases in the guest (default 3)
#   --bin PATH         also put this host binary (and the libraries ldd lists) in the guest, at
#                      the same path (repeatable; e.g. --bin /usr/bin/sipp)
#   --file SRC[:DST]   also put this file in the guest (at DST, default /sipoff/files/<name>)
#   --env NAME=VALUE   a variable for the guest scenarios (repeatable)
#   -v                 also print the guest console
#
# Needs qemu-system-x86, kmod, cpio, gcc and libc6-dev (for the static guest helper); a static
# busybox is taken from busybox-static if installed, else fetched with apt-get download into the
# cache.  Environment: SIPOFF_CACHE, SIPOFF_QEMU_ACCEL (default tcg,thread=multi), and the
# SIPOFF_* variables named below.
#
# The kernel image is the linux-image package of the same ABI as the installed headers the module
# was built against (taken from the module's vermagic, version from the installed
# linux-headers-<release> package), fetched with apt-get download and unpacked with dpkg -x
# under ${SIPOFF_CACHE:-~/.cache/sipoff}/debian-kernel-<version>/; the initramfs is cached there
# too, keyed by its whole content (so it is rebuilt when a module or a guest file changes).
set -euo pipefail

# --- Counters checked by the guest (names in /proc/net/sipoff/stats; adjust here) -------------
# Must rise by at least the number of SIP requests that reached the socket on a SIP port
# (LOCAL_IN), and by no more than were sent to it:
SIP_RX_COUNTERS=${SIPOFF_SIP_RX_COUNTERS-"sip_packets_in requests_in"}
# Must rise by exactly the number of SIP answers sent from a SIP port (LOCAL_OUT):
SIP_TX_COUNTERS=${SIPOFF_SIP_TX_COUNTERS-"sip_packets_out responses_out"}
# Must not move at all while only non-SIP traffic (other ports) flows:
STILL_COUNTERS=${SIPOFF_STILL_COUNTERS-"sip_packets_in sip_packets_out requests_in responses_out parse_errors"}
# Must not move while only well-formed SIP (and non-SIP) traffic flows:
CLEAN_COUNTERS=${SIPOFF_CLEAN_COUNTERS-"parse_errors"}
# The SIP port the module watches by default, and a port it must ignore.
SIP_PORT=${SIPOFF_SIP_PORT:-5060}
OTHER_PORT=${SIPOFF_OTHER_PORT:-5999}
# -----------------------------------------------------------------------------------------------

here=$(cd "$(dirname "$0")" && pwd)
cache=${SIPOFF_CACHE:-$HOME/.cache/sipoff}
scenarios=${SIPOFF_QEMU_SCENARIOS:-counters,smp,perms,no_socket,sip_calls}
params=${SIPOFF_INSMOD_PARAMS:-}
stock=${SIPOFF_QEMU_STOCK_MODULES:-}
timeout_s=${SIPOFF_QEMU_TIMEOUT:-240}
smp=${SIPOFF_QEMU_SMP:-2}
seconds=${SIPOFF_QEMU_SECONDS:-3}
accel=${SIPOFF_QEMU_ACCEL:-tcg,thread=multi}
mem=${SIPOFF_QEMU_MEM:-512}
cpumodel=${SIPOFF_QEMU_CPU:-max}
probe_boot=0
verbose=0
kos=()
bins=()
files=()
envs=()

die() { echo "run-debian-kernel: $*" >&2; echo "1..1"; echo "not ok 1 - setup: $*"; echo "# Totals: pass:0 fail:1"; exit 1; }
note() { echo "# $*"; }

while [ $# -gt 0 ]; do
	case $1 in
	--scenarios) scenarios=$2; shift 2 ;;
	--params) params=$2; shift 2 ;;
	--stock) stock=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--cpu) cpumodel=$2; shift 2 ;;
	--probe-boot) probe_boot=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--bin) bins+=("$2"); shift 2 ;;
	--file) files+=("$2"); shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	-v) verbose=1; shift ;;
	-h|--help) sed -n '3,49p' "$0"; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) kos+=("$1"); shift ;;
	esac
done
case ",$scenarios," in
*,sip_calls,*) # the scenario's namespaces are joined by veth pairs with netem loss
	case " $stock " in *" veth "*) ;; *) stock+=" veth" ;; esac
	case " $stock " in *" sch_netem "*) ;; *) stock+=" sch_netem" ;; esac
	;;
esac
[ ${#kos[@]} -gt 0 ] || die "usage: $0 [options] <sipoff.ko> [extra.ko ...]"
for ko in "${kos[@]}"; do [ -r "$ko" ] || die "no module at $ko"; done
for tool in qemu-system-x86_64 modinfo cpio gzip timeout flock gcc dpkg-query apt-get; do
	command -v $tool >/dev/null || die "$tool missing (apt-get install qemu-system-x86 kmod cpio gcc libc6-dev)"
done

# apt_fetch PKG=VERSION DIR: apt-get download a package and dpkg -x it into DIR (once)
apt_fetch() {
	local dl
	[ -f "$2/.sipoff-done" ] && return 0
	note "fetching $1 (once)"
	dl=$(mktemp -d "$cache/dl.XXXXXX")
	if ! (cd "$dl" && apt-get download "$1" >/dev/null 2>&1); then
		note "apt-get download $1 failed; running apt-get update once"
		apt-get update >/dev/null 2>&1 || true
		(cd "$dl" && apt-get download "$1" >/dev/null 2>&1) || { rm -rf "$dl"; return 1; }
	fi
	rm -rf "$2" "$2.tmp"
	dpkg -x "$dl"/*.deb "$2.tmp" || { rm -rf "$dl" "$2.tmp"; return 1; }
	rm -rf "$dl"
	mv "$2.tmp" "$2"
	touch "$2/.sipoff-done"
}

# --- Which kernel: the module's vermagic names the release; the headers package its version --
vermagic=$(modinfo -F vermagic "${kos[0]}")
release=${vermagic%% *}
for ko in "${kos[@]}"; do
	[ "$(modinfo -F vermagic "$ko")" = "$vermagic" ] || die "$ko was built for another kernel than ${kos[0]}"
done
version=$(dpkg-query -W -f='${Version}' "linux-headers-$release" 2>/dev/null || true)
if [ -z "$version" ]; then
	version=$(apt-cache policy "linux-image-$release" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	note "linux-headers-$release not installed; using linux-image-$release $version"
fi
[ -n "$version" ] && [ "$version" != "(none)" ] || die "no version of linux-image-$release known (module vermagic: $vermagic)"
kdir=$cache/debian-kernel-$version
vmlinuz=$kdir/boot/vmlinuz-$release
moddir=$kdir/lib/modules/$release

mkdir -p "$cache"
exec 9>"$cache/.lock-debian-kernel"
flock 9
apt_fetch "linux-image-$release=$version" "$kdir" ||
	die "cannot fetch linux-image-$release=$version (if the archive has moved on, upgrade linux-headers-amd64 and rebuild the module)"
[ -r "$vmlinuz" ] || die "$vmlinuz missing in the unpacked linux-image-$release"

# The same ABI: the stock modules of the image must carry the module's vermagic.
ref=$(find "$moddir/kernel/net/ipv4" -name '*.ko*' -print -quit)
[ -n "$ref" ] && [ "$(modinfo -F vermagic "$ref")" = "$vermagic" ] ||
	die "vermagic mismatch: module '$vermagic', image '$(modinfo -F vermagic "$ref" 2>/dev/null)'"

# --- Stock module dependencies, with kmod's resolver (modules.dep is not shipped: depmod once) --
if [ ! -f "$kdir/.sipoff-depmod" ]; then
	depmod -b "$kdir" "$release" || die "depmod -b $kdir $release failed"
	touch "$kdir/.sipoff-depmod"
fi
given_names=" "
for ko in "${kos[@]}"; do given_names+="$(modinfo -F name "$ko") "; done
wanted=()
for m in $stock; do wanted+=("$m"); done
for ko in "${kos[@]}"; do
	# hard dependencies, and "pre:" soft dependencies, not provided by another given module
	for d in $(modinfo -F depends "$ko" | tr ',' ' ') \
		 $(modinfo -F softdep "$ko" | sed -n 's/post:.*//; s/.*pre:\(.*\)/\1/p'); do
		case $given_names in *" $d "*) ;; *) wanted+=("$d") ;; esac
	done
done
order=()
if [ ${#wanted[@]} -gt 0 ]; then
	deps=$(modprobe -d "$kdir" -S "$release" --show-depends -a "${wanted[@]}" 2>&1) ||
		die "stock modules not found in linux-image-$release: $deps"
	while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		case " ${order[*]} " in *" $path "*) ;; *) order+=("$path") ;; esac
	done <<<"$deps"
fi

# --- Static busybox: the installed busybox-static, else that package fetched into the cache -----
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	bbver=$(apt-cache policy busybox-static 2>/dev/null | awk '/Candidate:/ { print $2 }')
	if [ -z "$bbver" ] || [ "$bbver" = "(none)" ]; then
		apt-get update >/dev/null 2>&1 || true
		bbver=$(apt-cache policy busybox-static 2>/dev/null | awk '/Candidate:/ { print $2 }')
	fi
	apt_fetch "busybox-static=$bbver" "$cache/busybox-static-$bbver" || die "cannot fetch busybox-static"
	busybox=$cache/busybox-static-$bbver/bin/busybox
fi
[ -x "$busybox" ] || die "no static busybox"

# --- Guest helper, built static once per source ----------------------------------------------
tools=$cache/qemu-tools
mkdir -p "$tools"
probe_hash=$(cat "$here/udpprobe.c" | sha256sum | cut -c1-12)
probe=$tools/udpprobe-$probe_hash
if [ ! -x "$probe" ]; then
	gcc -static -O2 -Wall -Wextra -Werror -o "$probe.tmp" "$here/udpprobe.c" ||
		die "cannot build the static guest helper (apt-get install gcc libc6-dev)"
	mv "$probe.tmp" "$probe"
fi
# The netlink prober of the perms scenario (its -e / -a privilege checks), static too.
nlfuzz_src=$here/../selftests/sipoff_nlfuzz.c
nlfuzz=$tools/sipoff_nlfuzz-$(cat "$nlfuzz_src" "$here/../../uapi/linux/sipoff.h" | sha256sum | cut -c1-12)
if [ ! -x "$nlfuzz" ]; then
	gcc -static -O2 -Wall -Wextra -Werror -I"$here/../../uapi" -o "$nlfuzz.tmp" "$nlfuzz_src" ||
		die "cannot build the static sipoff_nlfuzz (apt-get install gcc libc6-dev)"
	mv "$nlfuzz.tmp" "$nlfuzz"
fi

# --- What the sip_calls scenario needs: sipp, ip, tc, sipoffctl, the sipp scenarios, veth, netem --
case ",$scenarios," in
*,sip_calls,*)
	top=$(cd "$here/../.." && pwd)
	ctl=${SIPOFFCTL:-}
	if [ -z "$ctl" ] && [ -x "$top/build/user/sipoffctl" ]; then ctl=$top/build/user/sipoffctl; fi
	if [ -z "$ctl" ]; then
		ctl_hash=$(cat "$top/userspace/sipoffctl.c" "$top/userspace/nl.c" "$top/userspace/nl.h" \
			"$top/uapi/linux/sipoff.h" | sha256sum | cut -c1-12)
		ctl=$tools/sipoffctl-$ctl_hash
		if [ ! -x "$ctl" ]; then
			gcc -O2 -Wall -I"$top/kmod" -I"$top/uapi" -o "$ctl.tmp" "$top/userspace/sipoffctl.c" \
				"$top/userspace/nl.c" -lmnl &&
				mv "$ctl.tmp" "$ctl" || die "cannot build sipoffctl for sip_calls (apt-get install libmnl-dev, or make user)"
		fi
	fi
	for b in "$(command -v sipp || echo /usr/bin/sipp)" /usr/sbin/ip /usr/sbin/tc; do
		if [ -x "$b" ]; then bins+=("$b"); else note "sip_calls: $b missing on the host (apt-get install sip-tester iproute2)"; fi
	done
	# Its libraries come with --bin; the binary itself goes to a fixed path, since the guest
	# mounts a tmpfs on /tmp and a checkout may live there.
	bins+=("$ctl")
	files+=("$ctl:/sipoff/bin/sipoffctl")
	envs+=("SIPOFFCTL=/sipoff/bin/sipoffctl")
	# the caller as the kselftests run it; the callee with a late ACK accepted (see the file)
	files+=("$here/sipp/txn_uas.xml" "$top/tests/sipp/txn_uac.xml")
	;;
esac

# --- Initramfs, keyed by its whole content ----------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/sipoff-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,sipoff/modules,sipoff/scenarios}
cp "$busybox" "$root/bin/busybox"
cp "$probe" "$root/bin/udpprobe"
cp "$nlfuzz" "$root/bin/sipoff_nlfuzz"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"
cp "$here"/scenarios/*.sh "$root/sipoff/scenarios/"
i=0
list=$root/sipoff/modules.list
: >"$list"
add_module() { # add_module FILE KIND [PARAMS]
	local f=$1 name
	name=$(printf '%02d-%s.ko' $i "$(modinfo -F name "$f")")
	case $f in
	*.ko.xz) xz -dc "$f" >"$root/sipoff/modules/$name" ;;
	*.ko.zst) zstd -qdc "$f" >"$root/sipoff/modules/$name" ;;
	*.ko.gz) gzip -dc "$f" >"$root/sipoff/modules/$name" ;;
	*) cp "$f" "$root/sipoff/modules/$name" ;;
	esac
	printf '%s %s %s\n' "$name" "$2" "${3:-}" >>"$list"
	i=$((i + 1))
}
for p in "${order[@]}"; do add_module "$p" stock; done
first=1
for ko in "${kos[@]}"; do
	if [ $first = 1 ]; then add_module "$ko" test "$params"; first=0; else add_module "$ko" test; fi
done
# Host binaries with their libraries, and data files.
copy_in() { # copy_in SRC DST (DST absolute in the guest)
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
}
for b in "${bins[@]}"; do
	[ -x "$b" ] || die "--bin $b: not an executable"
	copy_in "$b" "$b"
	for lib in $(ldd "$b" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || copy_in "$lib" "$lib"
	done
done
for f in "${files[@]}"; do
	src=${f%%:*}
	dst=${f#*:}
	[ "$dst" != "$f" ] || dst=/sipoff/files/$(basename "$src")
	[ -r "$src" ] || die "--file $src: not readable"
	copy_in "$src" "$dst"
done
cat >"$root/sipoff/config" <<EOF
SIP_RX_COUNTERS="$SIP_RX_COUNTERS"
SIP_TX_COUNTERS="$SIP_TX_COUNTERS"
STILL_COUNTERS="$STILL_COUNTERS"
CLEAN_COUNTERS="$CLEAN_COUNTERS"
STOCK_REQUESTED="$stock"
SIP_PORT=$SIP_PORT
OTHER_PORT=$OTHER_PORT
SECONDS_TRAFFIC=$seconds
EOF
for e in "${envs[@]}"; do
	case $e in
	[A-Za-z_]*=*) printf '%s=%q\n' "${e%%=*}" "${e#*=}" >>"$root/sipoff/config" ;;
	*) die "--env $e: not NAME=VALUE" ;;
	esac
done
key=$( (cd "$root" && find . -type f -o -type l | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)
initrd=$kdir/initramfs-$key.cpio.gz
if [ ! -f "$initrd" ]; then
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible -R 0:0 --quiet | gzip -1) >"$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
	# keep the 8 newest initramfs images
	ls -1t "$kdir"/initramfs-*.cpio.gz 2>/dev/null | tail -n +9 | xargs -r rm -f
fi
flock -u 9

# --- Can this accelerator run the kernel at all? --------------------------------------------------
if [ "$probe_boot" -gt 0 ]; then
	pcon=$(mktemp "${TMPDIR:-/tmp}/sipoff-qemu-probe.XXXXXX")
	start=$(date +%s)
	prc=0
	timeout -k 5 "$probe_boot" qemu-system-x86_64 -nodefaults -no-user-config -display none \
		-no-reboot -machine pc -accel "$accel" -cpu "$cpumodel" -smp 1 -m 256 -kernel "$vmlinuz" \
		-append "console=ttyS0 panic=-1" -serial "file:$pcon" </dev/null >"$pcon.out" 2>&1 || prc=$?
	if ! grep -a -q 'Kernel panic' "$pcon"; then
		if [ $prc = 124 ]; then
			why="the kernel alone did not reach its panic for want of a root within ${probe_boot}s"
			grep -a -q 'Linux version' "$pcon" || why+=" (it printed nothing)"
		else
			why="qemu exited with $prc: $(grep -v '^$' "$pcon.out" | head -n 1)"
		fi
		rm -f "$pcon" "$pcon.out"
		echo "1..0 # SKIP -accel $accel -cpu $cpumodel cannot run linux-image-$release: $why"
		exit 77
	fi
	note "boot probe: linux-image-$release runs with -accel $accel -cpu $cpumodel (its panic for want of a root after $(($(date +%s) - start)) s)"
	rm -f "$pcon" "$pcon.out"
fi

# --- Boot ---------------------------------------------------------------------------------------
console=$work/console.log
tap=$work/tap.log
: >"$console"; : >"$tap"
note "booting linux-image-$release $version (-accel $accel, -cpu $cpumodel, -smp $smp, -m $mem), scenarios: $scenarios${params:+, params: $params}"
start=$(date +%s)
rc=0
timeout -k 5 "$timeout_s" qemu-system-x86_64 \
	-nodefaults -no-user-config -display none -no-reboot \
	-machine pc -accel "$accel" -cpu "$cpumodel" -smp "$smp" -m "$mem" \
	-kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=5 panic=-1 rdinit=/init sipoff.scenarios=$scenarios sipoff.watchdog=$((timeout_s > 40 ? timeout_s - 20 : 0))" \
	-serial "file:$console" -serial "file:$tap" </dev/null >"$work/qemu.out" 2>&1 || rc=$?
elapsed=$(($(date +%s) - start))
[ $verbose = 1 ] && sed 's/\r$//; s/^/# console: /' "$console"

# --- Results: the guest's TAP (renumbered), then the host's own checks -------------------------
pass=0 fail=0 n=0
result() { # result 0|1 DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; pass=$((pass + 1)); else echo "not ok $n - $2"; fail=$((fail + 1)); fi
}
echo "TAP version 13"
while IFS= read -r line; do
	line=${line%$'\r'}
	case $line in
	"ok "*) result 0 "${line#ok * - }" ;;
	"not ok "*) result 1 "${line#not ok * - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$tap"
done_line=$(grep -a -c '^SIPOFF-GUEST-DONE' "$tap" || true)
if [ "$done_line" -ge 1 ]; then
	result 0 "guest finished (${elapsed}s, limit ${timeout_s}s)"
else
	if [ $rc = 124 ] || [ $rc = 137 ]; then why="timed out after ${timeout_s}s"; else why="qemu exited with $rc after ${elapsed}s"; fi
	result 1 "guest finished ($why)"
fi
# Kernel messages on the console (timestamped lines), for a guest that could not report them.
# (what the guest's watchdog dumps, from its first line on, is no splat of the test)
splat='^\[ *[0-9]+\.[0-9]+\] .*(BUG:|WARNING:|Oops|general protection|Call Trace|kernel BUG|Kernel panic)'
watchdog_re='^\[guest\] WATCHDOG|sysrq: Show Blocked State'
wd=$(grep -a -n -m1 -E "$watchdog_re" "$console" | cut -d: -f1 || true)
before_watchdog() { if [ -n "$wd" ]; then head -n $((wd - 1)) "$console"; else cat "$console"; fi; }
if before_watchdog | grep -a -E -q "$splat"; then
	result 1 "guest console shows no kernel splat"
	if [ "$done_line" = 0 ]; then
		ln=$(grep -a -E -n -m1 "$splat" "$console" | cut -d: -f1)
		sed -n "$ln,$((ln + 30))p" "$console" | sed 's/\r$//; s/^/# console: /'
	fi
else
	result 0 "guest console shows no kernel splat"
fi
if [ "$done_line" = 0 ] && [ $verbose = 0 ]; then
	if [ -n "$wd" ]; then
		note "the guest's watchdog (processes, D-state stacks, sysrq w and l):"
		sed -n "$wd,$((wd + 300))p" "$console" | sed 's/\r$//; s/^/# console: /'
	fi
	note "last lines of the guest console:"
	tail -n 40 "$console" | sed 's/\r$//; s/^/# console: /'
	[ -s "$work/qemu.out" ] && sed 's/^/# qemu: /' "$work/qemu.out"
fi
echo "1..$n"
echo "# Totals: pass:$pass fail:$fail"
[ $fail = 0 ]
