#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the User-Mode Linux test kernel from Debian's linux-source-6.12.
#
#   tests/kernel/build-uml.sh [debug|bench] [--path|--src]
#
# debug (default): allnoconfig + tests/kernel/uml.config, with KASAN, lockdep, kmemleak, ...
# bench:           the same fragment without its debug set (timing is distorted by the debug set).
#
# The kernel is cached outside the checkout under $SIPOFF_CACHE (default ~/.cache/sipoff), keyed
# by the fragment, the variant and the source package version, so it is built once per change.
# Prints the build directory (usable as KDIR for out-of-tree modules) as its last line.
set -euo pipefail

variant=${1:-debug}
here=$(cd "$(dirname "$0")" && pwd)
cache=${SIPOFF_CACHE:-$HOME/.cache/sipoff}
tarball=/usr/src/linux-source-6.12.tar.xz
frag=$here/uml.config
jobs=${JOBS:-$(( $(nproc) + 1 ))}

[ -r "$tarball" ] || { echo "build-uml: $tarball missing (apt-get install linux-source-6.12)" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c %Y "$tarball")

case $variant in
debug) fragment=$(cat "$frag") ;;
bench) fragment=$(sed -e '/^# Debug set/,$d' -e '/^CONFIG_DEBUG_INFO_NONE=/d' "$frag") ;;
*) echo "build-uml: unknown variant $variant" >&2; exit 2 ;;
esac

# Fixes to the kernel source, applied once to the extracted tree (they are part of the key):
# uml-xstate.patch lets UML 6.12 run on a host whose XSAVE area is larger than UML's buffer
# (AMX: without it the guest's first process dies, "ptrace set fp regs failed, errno = 14").
patches=("$here"/uml-*.patch)
patchsum=$(cat "${patches[@]}" | sha256sum | cut -c1-12)
key=$(printf '%s\n%s\n%s\n%s\n' "$variant" "$srcver" "$fragment" "$patchsum" | sha256sum | cut -c1-12)
src=$cache/linux-source-6.12-$srcver
out=$cache/uml-$variant-$key
case ${2:-} in
--path) echo "$out"; exit 0 ;;
--src) echo "$src"; exit 0 ;;
esac
mkdir -p "$cache"

exec 9>"$cache/.lock-$variant"
flock 9

if [ -x "$out/linux" ] && [ -f "$out/.sipoff-done" ]; then
	echo "$out"
	exit 0
fi

if [ ! -f "$src/.sipoff-extracted" ]; then
	echo "build-uml: extracting $tarball (once)" >&2
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
	mv "$src.tmp" "$src"
	touch "$src/.sipoff-extracted"
fi
for p in "${patches[@]}"; do
	mark=$src/.sipoff-patched-$(sha256sum < "$p" | cut -c1-12)
	[ -f "$mark" ] && continue
	echo "build-uml: applying $(basename "$p")" >&2
	patch -p1 --forward -s -d "$src" < "$p" || { echo "build-uml: $p does not apply" >&2; exit 1; }
	touch "$mark"
done

echo "build-uml: building $variant UML kernel in $out (~8 min on 2 cores)" >&2
mkdir -p "$out"
printf '%s\n' "$fragment" > "$out/sipoff.fragment"
make -s -C "$src" O="$out" ARCH=um allnoconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$out/sipoff.fragment" >/dev/null
make -s -C "$src" O="$out" ARCH=um olddefconfig >/dev/null

# Every option of the fragment must have survived olddefconfig, or the tests would run on
# something else than what they claim.
missing=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	grep -qxF "$line" "$out/.config" || { echo "build-uml: not in .config: $line" >&2; missing=1; }
done <<< "$fragment"
[ $missing = 0 ] || exit 1

start=$(date +%s)
make -C "$src" O="$out" ARCH=um -j"$jobs" linux modules 2>&1 | tee "$out/build.log" |
	awk -v s="$start" '/^  (CC|AR|LD)/ { n++; if (n % 250 == 0) { printf "build-uml: %d objects, %ds\n", n, systime() - s > "/dev/stderr" } }
			   /error:/ { print > "/dev/stderr" }'
[ "${PIPESTATUS[0]}" = 0 ] || { echo "build-uml: build failed, see $out/build.log" >&2; exit 1; }
make -s -C "$src" O="$out" ARCH=um modules_prepare >/dev/null
touch "$out/.sipoff-done"
echo "build-uml: done in $(( $(date +%s) - start ))s" >&2
echo "$out"
