#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages sipoff's build and tests need, if any is missing.
set -euo pipefail
pkgs=(
	build-essential bc flex bison libelf-dev libssl-dev kmod cpio xz-utils python3 python3-yaml
	python3-jsonschema linux-source-6.12 linux-headers-amd64 qemu-system-x86 busybox-static
	sip-tester kamailio libmnl-dev libjansson-dev libosip2-dev clang libclang-rt-14-dev sparse
	iproute2 tshark procps nftables
	libsystemd-dev pkg-config scdoc debhelper dh-dkms dkms lintian mmdebstrap e2fsprogs
	# called by the tests and scripts: jq (events, dumps), patch (build-uml.sh), zstd (a
	# .ko.zst of the Debian image), util-linux (unshare, setsid, flock), bc
	jq patch zstd util-linux bc
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}"
[ "$(id -u)" = 0 ] || { echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
