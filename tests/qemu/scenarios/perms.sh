# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2154
# Scenario "perms": who the genetlink family and /proc refuse, on Debian's 6.1 kernel (where
# kmod/compat.h supplies what 6.12 has built in: GENL_UNS_ADMIN_PERM on the ops,
# GENL_MCAST_CAP_NET_ADMIN on the events group).  With the static sipoff_nlfuzz (-e: config-set,
# flush, dialog-terminate, the dialog and transaction dumps and joining the events group refused
# with EPERM, config-get and stats-get allowed; -a: all allowed) and "udpprobe as UID" (busybox
# setpriv cannot change the uid):
#   root of the initial namespaces: all allowed (so that -e below can fail)
#   an unprivileged user (uid PERMS_UID, default 65534): EPERM, and
#     /proc/net/sipoff/dialogs (0440) not readable
#   root of a child user namespace made by that user (unshare -Urn), in its own netns: all
#     allowed; the same root in the parent's netns (unshare -Ur): EPERM, and the parent's
#     /proc/net/sipoff/dialogs not readable
# PERMS_UID=0 (--env) runs the "unprivileged" checks as root: they must fail then.
pm_uid=${PERMS_UID:-65534}
pm_fuzz=/bin/sipoff_nlfuzz
pm_as="$PROBE as $pm_uid"

# pm_nl WHO EXPECT CMD...: run CMD (a sipoff_nlfuzz -e or -a), one result per operation it
# reports (8: seven commands and the events group) and one for its exit status and count
pm_nl() {
	local who=$1 expect=$2 rc k
	shift 2
	"$@" >$T/perms.out 2>&1
	rc=$?
	k=0
	while read -r a b _ rest; do
		case "$a $b" in
		"# ok") tap 0 "perms: $who: $rest"; k=$((k + 1)) ;;
		"# not") tap 1 "perms: $who: ${rest#* }"; k=$((k + 1)) ;;
		*) diag "perms: $who: $a $b $rest" ;;
		esac
	done <$T/perms.out
	tap $((rc != 0 || k != 8)) "perms: $who: sipoff_nlfuzz $expect: exit $rc, $k of 8 operations as expected or reported"
}

check "perms: the guest has the static sipoff_nlfuzz" test -x $pm_fuzz
pm_nl "root, initial netns" "-a (all allowed)" $pm_fuzz -a
pm_nl "uid $pm_uid, initial netns" "-e (EPERM but config-get, stats-get)" $pm_as $pm_fuzz -e
check "perms: root reads /proc/net/sipoff/dialogs" cat /proc/net/sipoff/dialogs >/dev/null
if $pm_as cat /proc/net/sipoff/dialogs >$T/perms.dlg 2>&1; then
	tap 1 "perms: uid $pm_uid cannot read /proc/net/sipoff/dialogs (it read $(wc -l <$T/perms.dlg) lines)"
else
	tap 0 "perms: uid $pm_uid cannot read /proc/net/sipoff/dialogs ($(head -c 120 $T/perms.dlg))"
fi
# Root of a child user namespace of that user: its own netns (lo up, so that it is a netns
# like a container's) and the parent's.
pm_nl "root of a child userns (uid $pm_uid's), its own netns" "-a (all allowed)" \
	$pm_as unshare -Urn sh -c "ip link set lo up && exec $pm_fuzz -a"
pm_nl "root of a child userns (uid $pm_uid's), the parent's netns" "-e (EPERM but config-get, stats-get)" \
	$pm_as unshare -Ur $pm_fuzz -e
if $pm_as unshare -Ur cat /proc/net/sipoff/dialogs >$T/perms.dlg 2>&1; then
	tap 1 "perms: root of a child userns cannot read the parent's /proc/net/sipoff/dialogs (it read $(wc -l <$T/perms.dlg) lines)"
else
	tap 0 "perms: root of a child userns cannot read the parent's /proc/net/sipoff/dialogs ($(head -c 120 $T/perms.dlg))"
fi
check "perms: dmesg clean" dmesg_clean
