#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Generate uapi/linux/sipoff.h from uapi/sipoff.yaml with the kernel's ynl-gen-c.py.
#   uapi/gen-uapi.sh KSRC [OUT]      (OUT defaults to uapi/linux/sipoff.h)
# ynl-gen validates the spec against Documentation/netlink/<protocol>.yaml, which it looks for
# two directories above the spec, and names the spec relative to the first directory above it
# holding a MAINTAINERS file, so the spec is staged in a scratch tree shaped for both.
set -euo pipefail
ksrc=$1
top=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$top/uapi/linux/sipoff.h}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/uapi"
touch "$tmp/MAINTAINERS"
# The spec is genetlink-legacy: the only schema with uns-admin-perm (GENL_UNS_ADMIN_PERM).
cp "$ksrc/Documentation/netlink/genetlink.yaml" "$ksrc/Documentation/netlink/genetlink-legacy.yaml" "$tmp/"
cp "$top/uapi/sipoff.yaml" "$tmp/uapi/"
# Debian's python3 carries python3-yaml and python3-jsonschema.
/usr/bin/python3 "$ksrc/tools/net/ynl/ynl-gen-c.py" --mode uapi --header \
	--spec "$tmp/uapi/sipoff.yaml" -o "$tmp/sipoff.h" >/dev/null
cp "$tmp/sipoff.h" "$out"
