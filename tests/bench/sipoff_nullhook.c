// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_nullhook.c - for `make bench` only: the netfilter hooks sipoff registers (LOCAL_IN
 * and LOCAL_OUT, IPv4 and IPv6, the same priorities, in every netns), each accepting at once.
 * What any netfilter module pays; the bench compares sipoff with it and with no module.
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/net_namespace.h>

static unsigned int nullhook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static const struct nf_hook_ops nullhook_ops[] = {
	{
		.hook		= nullhook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_FILTER + 1,
	},
	{
		.hook		= nullhook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_FILTER + 1,
	},
	{
		.hook		= nullhook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_FILTER + 1,
	},
	{
		.hook		= nullhook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_FILTER + 1,
	},
};

static int __net_init nullhook_net_init(struct net *net)
{
	return nf_register_net_hooks(net, nullhook_ops, ARRAY_SIZE(nullhook_ops));
}

static void __net_exit nullhook_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, nullhook_ops, ARRAY_SIZE(nullhook_ops));
}

static struct pernet_operations nullhook_net_ops = {
	.init = nullhook_net_init,
	.exit = nullhook_net_exit,
};

static int __init nullhook_init(void)
{
	return register_pernet_subsys(&nullhook_net_ops);
}

static void __exit nullhook_exit(void)
{
	unregister_pernet_subsys(&nullhook_net_ops);
}

module_init(nullhook_init);
module_exit(nullhook_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sipoff bench: empty netfilter hooks where sipoff has its own");
