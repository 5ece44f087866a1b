#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) the Debian 12 root file system the install suite boots: mmdebstrap from the
# package archive (the host's apt sources), with Debian's own kernel (linux-image-<release>),
# the matching linux-headers-<release> (the release and version of the host's linux-headers-amd64,
# so DKMS builds against exactly the booted kernel), dkms and what sipoff-tools and the test need,
# so that `apt install ./sipoff-*.deb` works offline in the guest.  The result is cached in
# $SIPOFF_CACHE/install-image-<key>/ (rootfs.raw ext4, vmlinuz, initrd.img), keyed on the package
# list, the kernel version and this script; older images are removed.
#
#   tests/install/build-image.sh          build if missing; print the image directory
#   tests/install/build-image.sh --key    print the directory it would use, build nothing
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${SIPOFF_CACHE:-$HOME/.cache/sipoff}
die() { echo "build-image: $*" >&2; exit 1; }

release=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
	  sed -n 's/.*linux-headers-\([^ ,]*-amd64\).*/\1/p')
[ -n "$release" ] || die "linux-headers-amd64 is not installed (tests/install-deps.sh)"
kver=$(dpkg-query -W -f='${Version}' "linux-headers-$release")

# What the guest needs: an init (systemd), the kernel and its headers, DKMS (with its compiler,
# from linux-headers' dependencies), the runtime libraries of sipoff-tools, and the test's tools.
pkgs=(
	systemd-sysv udev kmod procps iproute2
	"linux-image-$release=$kver" "linux-headers-$release=$kver"
	dkms make
	libmnl0 libjansson4 libsystemd0
	sip-tester
)
key=$( { printf "%s\n" "${pkgs[@]}"; cat "$0" "$here"/guest/*; } | sha256sum | cut -c1-12)
dir=$cache/install-image-$key
if [ "${1:-}" = --key ]; then echo "$dir"; exit 0; fi

mkdir -p "$cache"
exec 8>"$cache/.lock-install-image"
flock 8
if [ -f "$dir/.done" ]; then echo "$dir"; exit 0; fi
for t in mmdebstrap mkfs.ext4; do command -v $t >/dev/null || die "$t missing (tests/install-deps.sh)"; done

echo "build-image: mmdebstrap Debian 12 with ${pkgs[*]} (once; $dir)" >&2
start=$(date +%s)
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
root=$dir.tmp/root
inc=$(IFS=,; echo "${pkgs[*]}")
# The guest's test service runs what the host put on the second disk (a tar, see run.sh).
mmdebstrap --variant=apt --include="$inc" \
	--essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d"; printf "MODULES=most\nCOMPRESS=gzip\n" >"$1/etc/initramfs-tools/conf.d/sipoff"' \
	--customize-hook="copy-in $here/guest/sipoff-install-test.service /etc/systemd/system" \
	--customize-hook="copy-in $here/guest/sipoff-install-test /usr/local/sbin" \
	--customize-hook='chroot "$1" systemctl enable sipoff-install-test.service' \
	--customize-hook='chroot "$1" systemctl mask systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer dpkg-db-backup.timer getty@tty1.service serial-getty@ttyS0.service 2>/dev/null || true' \
	--customize-hook='echo sipoff-guest >"$1/etc/hostname"; echo "/dev/vda / ext4 defaults 0 1" >"$1/etc/fstab"; passwd --root "$1" -d root' \
	--customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/locale/*' \
	bookworm "$root" >"$dir.tmp/mmdebstrap.log" 2>&1 ||
	{ tail -20 "$dir.tmp/mmdebstrap.log" >&2; die "mmdebstrap failed (log: $dir.tmp/mmdebstrap.log)"; }
cp "$root/boot/vmlinuz-$release" "$dir.tmp/vmlinuz"
cp "$root/boot/initrd.img-$release" "$dir.tmp/initrd.img"
echo "$release" >"$dir.tmp/release"
# ext4 from the directory (no loop mount): 1.5 GiB of room besides the files for the DKMS build.
size=$(( $(du -sm "$root" | cut -f1) + 1536 ))
mkfs.ext4 -q -F -L sipoff-root -d "$root" "$dir.tmp/rootfs.raw" "${size}M" >&2 || die "mkfs.ext4 -d failed"
rm -rf "$root"
# Keep only this image.
for old in "$cache"/install-image-*; do
	[ "$old" = "$dir.tmp" ] || [ ! -d "$old" ] || rm -rf "$old"
done
mv "$dir.tmp" "$dir"
touch "$dir/.done"
echo "build-image: done in $(( $(date +%s) - start ))s: $(du -sh "$dir" | cut -f1) in $dir" >&2
echo "$dir"
