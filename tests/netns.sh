# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Network namespaces for the guest's tests and benchmarks (sourced).

# ns_link NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B [ADDR6_A ADDR6_B]: a veth pair DEV_A (in NS_A) to
# DEV_B (in NS_B), the namespaces made if they do not exist yet (with lo up), the addresses
# (with their prefix length; IPv6 ones without duplicate address detection), both ends up.
ns_link() {
	local ns
	for ns in "$1" "$4"; do
		[ -e "/run/netns/$ns" ] || ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up || return 1
	done
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" &&
	ip -n "$1" addr add "$3" dev "$2" && ip -n "$4" addr add "$6" dev "$5" || return 1
	if [ $# -ge 8 ]; then
		ip -n "$1" addr add "$7" dev "$2" nodad && ip -n "$4" addr add "$8" dev "$5" nodad ||
			return 1
	fi
	ip -n "$1" link set "$2" up && ip -n "$4" link set "$5" up
}
