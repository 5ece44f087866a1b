# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2154
# Scenario "dlgbench" (`make bench`, tests/bench/dlg-kvm.sh only, not a test): the dialog
# table's benchmark on Debian's own kernel, as tests/bench/dlg-guest.sh runs it in the bench UML
# kernel.  sipoff.ko (the first module, built with SIPOFF_BENCH=1) is loaded by init.sh; here
# the small table is the initial namespace's, the big one a namespace of its own, both with
# max-dialogs and max-bytes raised over what they need; sipoff_dlgbench.ko is loaded in the big
# one, its "DLGBENCH ..." kernel log lines come out as TAP comments, and it is unloaded again.
#
# Needs in the guest: iproute2's ip (/usr/sbin/ip), sipoffctl ($SIPOFFCTL) and the bench module
# at /sipoff/files/sipoff_dlgbench.ko (--bin / --file of run-debian-kernel.sh).  Tunables
# (--env): DLG_SMALL (100000), DLG_BIG (1000000), DLG_LOOKUPS (200000), DLG_ROUNDS (7).
db_ip=/usr/sbin/ip
db_ctl=${SIPOFFCTL:-/sipoff/bin/sipoffctl}
db_ko=/sipoff/files/sipoff_dlgbench.ko
db_small=${DLG_SMALL:-100000}
db_big=${DLG_BIG:-1000000}
db_lookups=${DLG_LOOKUPS:-200000}
db_rounds=${DLG_ROUNDS:-7}
db_max=$((db_big > db_small ? db_big : db_small))
db_max=$((db_max + db_max / 4 + 16))

diag "dlgbench: kernel $(uname -r), $NCPUS CPU(s), $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB; dialogs: $db_small and $db_big; $db_rounds rounds of $db_lookups lookups per side"
diag "dlgbench: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/.*: //'); DirectMap $(awk '/^DirectMap/ { printf "%s%s %d MiB", s, $1, $2 / 1024; s = ", " }' /proc/meminfo)"
"$db_ip" netns add dlgbench
check "dlgbench: max-dialogs and max-bytes raised in both namespaces" sh -c \
	"'$db_ctl' config set max-dialogs $db_max max-bytes $((db_max * 4096)) >/dev/null &&
	 '$db_ip' netns exec dlgbench '$db_ctl' config set max-dialogs $db_max max-bytes $((db_max * 4096)) >/dev/null"
echo "<6>sipoff-test: dlgbench start" >/dev/kmsg
check "dlgbench: insmod sipoff_dlgbench (the benchmark runs in its init)" \
	"$db_ip" netns exec dlgbench insmod $db_ko small="$db_small" big="$db_big" \
	lookups="$db_lookups" rounds="$db_rounds"
dmesg | sed -n '/sipoff-test: dlgbench start/,$s/.*\(DLGBENCH .*\)/\1/p' | while read -r l; do diag "$l"; done
if grep -q '^sipoff_dlgbench ' /proc/modules; then
	check "dlgbench: rmmod sipoff_dlgbench" rmmod sipoff_dlgbench
fi
"$db_ip" netns del dlgbench
check "dlgbench: dmesg clean" dmesg_clean
