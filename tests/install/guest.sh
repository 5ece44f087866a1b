#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The install suite's test inside the Debian 12 guest (run by the image's sipoff-install-test
# service from the tar on /dev/vdb, as root under systemd): install the packages as an operator
# does, start sipoffd, place a call, read it back, reload, remove and purge.  TAP on /dev/ttyS1,
# diagnostics on the console; the last line is SIPOFF-GUEST-DONE, then the guest powers off.
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec 3>/dev/ttyS1 </dev/null
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive
. "$here/config"
n=0 failed=0
T=$here/work
mkdir -p "$T"

tap() { # tap 0|1 DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2" >&3; else echo "not ok $n - $2" >&3; failed=$((failed + 1)); fi
	echo "[guest] $([ "$1" = 0 ] && echo ok || echo NOT OK): $2"
}
diag() { echo "# $*" >&3; echo "[guest] # $*"; }
check() { local what=$1; shift; if "$@"; then tap 0 "$what"; else tap 1 "$what"; fi; }
# show FILE: a file's last lines as TAP comments (after a failure)
show() { tail -n "${2:-15}" "$1" | sed 's/^/#   /' >&3; }
# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds or the deadline passes
wait_until() {
	local end=$(( $(date +%s) + $1 ))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.1
	done
}
elapsed() { echo $(( $(date +%s) - $1 )); }
finish() {
	echo "SIPOFF-GUEST-DONE failed=$failed" >&3
	sync
	systemctl poweroff --force --force
}

diag "kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"
check "booted the kernel of the image (linux-image-$RELEASE)" [ "$(uname -r)" = "$RELEASE" ]
check "linux-headers-$RELEASE installed" dpkg-query -W "linux-headers-$RELEASE"

# --- install -------------------------------------------------------------------------------------
cd "$here" || finish
t0=$(date +%s)
# (its output on the console too, where the host's -v shows it)
if apt-get install -y -q "$here"/sipoff-dkms_*.deb "$here"/sipoff-tools_*.deb 2>&1 | tee $T/apt.log; then
	tap 0 "apt install ./sipoff-dkms_*.deb ./sipoff-tools_*.deb ($(elapsed $t0)s, DKMS build included)"
else
	tap 1 "apt install ./sipoff-dkms_*.deb ./sipoff-tools_*.deb"
	show $T/apt.log 30
	cat /var/lib/dkms/sipoff/*/build/make.log 2>/dev/null | tail -30 | sed 's/^/#   /' >&3
	finish
fi
cd / || finish
check "dkms status: sipoff $VERSION installed for $RELEASE" \
	sh -c "dkms status sipoff | grep -q '^sipoff/$VERSION, $RELEASE, x86_64: installed'"
ko=$(modinfo -n sipoff 2>/dev/null)
check "modprobe finds sipoff.ko in /lib/modules/$RELEASE ($ko)" [ -n "$ko" ]
check "the module's version is the packages' ($VERSION)" [ "$(modinfo -F version sipoff)" = "$VERSION" ]
check "the module depends on nf_defrag_ipv6 (modinfo depends: $(modinfo -F depends sipoff))" \
	sh -c "modinfo -F depends sipoff | tr ',' '\n' | grep -qx nf_defrag_ipv6"
check "sipoffd not started by the installation" [ "$(systemctl is-active sipoffd)" != active ]
check "sipoffd.service enabled" [ "$(systemctl is-enabled sipoffd)" = enabled ]
check "the module not loaded by the installation" [ ! -d /sys/module/sipoff ]
for f in /etc/sipoff/sipoffd.conf /etc/modprobe.d/sipoff.conf; do
	check "$f is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' sipoff-tools | grep -q ' $f '"
done
check "man pages installed (man -w sipoffctl sipoffd sipoffd.conf sipoff.7)" \
	sh -c 'for p in 8/sipoffctl 8/sipoffd 5/sipoffd.conf 7/sipoff; do [ -f /usr/share/man/man${p%%/*}/${p#*/}.${p%%/*}.gz ] || exit 1; done'
check "bash completion installed" [ -f /usr/share/bash-completion/completions/sipoffctl ]

# --- start --------------------------------------------------------------------------------------
# An option from /etc/modprobe.d (the default T1 of new namespaces), checked below.
echo "options sipoff t1_ms=400" >/etc/modprobe.d/sipoff-test.conf
t0=$(date +%s)
if systemctl start sipoffd 2>$T/start.err; then
	tap 0 "systemctl start sipoffd ($(elapsed $t0)s)"
else
	tap 1 "systemctl start sipoffd: $(cat $T/start.err)"
	journalctl -u sipoffd --no-pager | tail -20 | sed 's/^/#   /' >&3
fi
check "sipoffd active (Type=notify: READY=1 sent)" [ "$(systemctl is-active sipoffd)" = active ]
check "its status text from sd_notify ($(systemctl show -P StatusText sipoffd))" \
	sh -c 'systemctl show -P StatusText sipoffd | grep -q "watching events"'
check "modprobe (ExecStartPre=+) loaded sipoff and nf_defrag_ipv6" \
	sh -c '[ -d /sys/module/sipoff ] && [ -d /sys/module/nf_defrag_ipv6 ]'
check "the option from /etc/modprobe.d applied (t1_ms=$(cat /sys/module/sipoff/parameters/t1_ms 2>/dev/null))" \
	[ "$(cat /sys/module/sipoff/parameters/t1_ms 2>/dev/null)" = 400 ]
check "sipoffd runs as a dynamic user, not root ($(ps -o user= -C sipoffd))" \
	sh -c '[ -n "$(ps -o user= -C sipoffd)" ] && [ "$(ps -o user= -C sipoffd)" != root ]'
check "sipoffd's 'ready' in the journal at priority info (6)" \
	sh -c "journalctl -u sipoffd -o json --no-pager | grep '\"MESSAGE\":\"ready:' | grep -q '\"PRIORITY\":\"6\"'"
sec=$(systemd-analyze security sipoffd.service 2>/dev/null | sed -n 's/.*Overall exposure level for sipoffd.service: \([0-9.]*\).*/\1/p')
diag "systemd-analyze security sipoffd.service: exposure $sec"
check "systemd-analyze security: exposure $sec at most 2.0" awk -v s="${sec:-99}" 'BEGIN { exit !(s <= 2.0) }'
sipoffctl version >$T/version.out 2>$T/version.err
rc=$?
check "sipoffctl version: tools and module $VERSION, same ABI ($(tr '\n' ';' <$T/version.out))" \
	sh -c "[ $rc = 0 ] && grep -q '^sipoffctl $VERSION ' $T/version.out && grep -q '^module sipoff $VERSION ' $T/version.out && [ ! -s $T/version.err ]"
"$here/sipoffctl-abi99" version >$T/abi.out 2>$T/abi.err
rc=$?
check "sipoffctl version of another netlink ABI warns and exits 1 ($(cat $T/abi.err))" \
	sh -c "[ $rc = 1 ] && grep -q 'netlink ABI mismatch' $T/abi.err"

# --- a call: sipp caller in netns uac, sipp callee in the initial netns (where sipoffd runs) -----
ip netns add uac && ip link add veth-gw type veth peer name veth-uac netns uac &&
	ip addr add 10.99.9.1/24 dev veth-gw && ip link set veth-gw up && ip link set lo up &&
	ip -n uac addr add 10.99.9.2/24 dev veth-uac && ip -n uac link set veth-uac up &&
	ip -n uac link set lo up
check "namespaces and veth set up" [ $? = 0 ]
check "a new namespace starts from the module options (t1 400ms)" \
	sh -c 'ip netns exec uac sipoffctl config show | grep -q "t1 400ms"'
cid=install-call-1@10.99.9.2
export HOME=/root TERM=dumb
sipp -sf "$here/dlg_uas.xml" -i 10.99.9.1 -p 5060 -m 1 -bg -trace_err -error_file $T/uas.err >/dev/null 2>&1
check "sipp callee listening on 10.99.9.1:5060" wait_until 10 sh -c 'grep -q ":13C4 " /proc/net/udp'
ip netns exec uac sipp -sf "$here/uac.xml" -i 10.99.9.2 -p 5070 -m 1 -d 6000 \
	-cid_str "install-call-%u@%s" -trace_err -error_file $T/uac.err 10.99.9.1:5060 \
	>$T/uac.out 2>&1 &
uac=$!
if wait_until 20 sh -c "grep -q ' confirmed .* $cid ' /proc/net/sipoff/dialogs"; then
	tap 0 "the call's dialog is in /proc/net/sipoff/dialogs, confirmed"
	grep " $cid " /proc/net/sipoff/dialogs | sed 's/^/#   /' >&3
else
	tap 1 "the call's dialog is in /proc/net/sipoff/dialogs, confirmed"
	show /proc/net/sipoff/dialogs
fi
wait $uac
rc=$?
check "sipp caller completed its call (exit $rc)" [ $rc = 0 ]
[ $rc = 0 ] || { show $T/uac.out; show $T/uac.err 2>/dev/null; }
rec=/var/log/sipoff/calls.jsonl
if wait_until 20 sh -c "grep -q '\"call_id\":\"$cid\"' $rec"; then
	tap 0 "sipoffd wrote the call's record to $rec"
	grep "\"call_id\":\"$cid\"" $rec | sed 's/^/#   /' >&3
else
	tap 1 "sipoffd wrote the call's record to $rec"
	journalctl -u sipoffd --no-pager | tail -10 | sed 's/^/#   /' >&3
fi
check "the record says: answered 200, ended by a BYE" \
	sh -c "grep '\"call_id\":\"$cid\"' $rec | grep '\"final_code\":200' | grep -q '\"end_reason\":\"bye\"'"
sipoffctl stats >$T/stats 2>&1
diag "sipoffctl stats: $(awk '$2 != 0' $T/stats | head -12 | tr -s ' ' | tr '\n' ';')"
check "sipoffctl stats counts the call's requests (INVITE, ACK, BYE)" \
	awk '$1 == "requests_in" { found = 1; exit !($2 >= 3) } END { if (!found) exit 1 }' $T/stats

# --- reload ---------------------------------------------------------------------------------------
sed -i 's/^t1 .*/t1 450/' /etc/sipoff/sipoffd.conf
systemctl reload sipoffd
check "systemctl reload sipoffd (SIGHUP) applied the changed file (t1 450ms)" \
	wait_until 10 sh -c 'sipoffctl config show | grep -q "t1 450ms"'
check "sipoffd still active after the reload" [ "$(systemctl is-active sipoffd)" = active ]

# --- remove, purge ----------------------------------------------------------------------------------
dpkg -L sipoff-dkms sipoff-tools >$T/files 2>/dev/null
rm -f /etc/modprobe.d/sipoff-test.conf
t0=$(date +%s)
if apt-get remove -y -q sipoff-dkms sipoff-tools >$T/remove.log 2>&1; then
	tap 0 "apt remove sipoff-dkms sipoff-tools ($(elapsed $t0)s)"
else
	tap 1 "apt remove sipoff-dkms sipoff-tools"
	show $T/remove.log
fi
check "sipoffd stopped" [ "$(systemctl is-active sipoffd)" != active ]
check "no sipoff module loaded" [ ! -d /sys/module/sipoff ]
check "no module built by DKMS left (/lib/modules/*/updates/dkms/sipoff.ko, /var/lib/dkms/sipoff)" \
	sh -c '! ls /lib/modules/*/updates/dkms/sipoff.ko* /var/lib/dkms/sipoff >/dev/null 2>&1'
conffiles=" /etc/sipoff/sipoffd.conf /etc/modprobe.d/sipoff.conf "
left=
while read -r f; do
	[ -f "$f" ] || [ -L "$f" ] || continue
	[ -d "$f" ] && continue		# /lib, a link to usr/lib (merged /usr)
	case $conffiles in *" $f "*) continue ;; esac
	left="$left $f"
done <$T/files
check "apt remove left none of the packages' files but the conffiles${left:+ (left:$left)}" [ -z "$left" ]
apt-get purge -y -q sipoff-dkms sipoff-tools >$T/purge.log 2>&1
check "apt purge: no conffile, /etc/sipoff, /usr/src/sipoff-* or call records left" \
	sh -c '! ls -d /etc/sipoff /etc/modprobe.d/sipoff.conf /usr/src/sipoff-* /var/log/sipoff /var/log/private/sipoff >/dev/null 2>&1'
check "dmesg has no splat" sh -c '! dmesg | grep -E -q "BUG:|WARNING:|Oops|general protection|Call Trace"'
finish
