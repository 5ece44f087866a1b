// SPDX-License-Identifier: GPL-2.0
/*
 * sipoff_nfq_accept - a userspace NFQUEUE verdict program for the tests (issue 10 item 6):
 * binds a queue, and gives every packet queued to it the verdict NF_ACCEPT, so it is
 * re-injected after the queueing hook, later and from another context than it was queued.
 *
 *   sipoff_nfq_accept QUEUE READY_FILE
 *
 * Creates READY_FILE once the queue is bound; on SIGTERM prints "accepted N" and exits 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>

static volatile sig_atomic_t stop;
static unsigned long accepted;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static struct nlmsghdr *nfq_hdr(char *buf, int type, uint16_t queue)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;

	nlh->nlmsg_type = (NFNL_SUBSYS_QUEUE << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = AF_UNSPEC;
	g->version = NFNETLINK_V0;
	g->res_id = htons(queue);
	return nlh;
}

static int send_nl(struct mnl_socket *nl, struct nlmsghdr *nlh)
{
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("mnl_socket_sendto");
		return -1;
	}
	return 0;
}

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(a, NFQA_MAX) > 0)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

struct ctx {
	struct mnl_socket *nl;
	uint16_t queue;
};

static int packet_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	const struct nlattr *tb[NFQA_MAX + 1] = {};
	const struct nfqnl_msg_packet_hdr *ph;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nfqnl_msg_verdict_hdr vh;
	struct nlmsghdr *v;

	mnl_attr_parse(nlh, sizeof(struct nfgenmsg), attr_cb, tb);
	if (!tb[NFQA_PACKET_HDR])
		return MNL_CB_OK;
	ph = mnl_attr_get_payload(tb[NFQA_PACKET_HDR]);
	v = nfq_hdr(buf, NFQNL_MSG_VERDICT, c->queue);
	vh.verdict = htonl(NF_ACCEPT);
	vh.id = ph->packet_id;
	mnl_attr_put(v, NFQA_VERDICT_HDR, sizeof(vh), &vh);
	if (send_nl(c->nl, v))
		return MNL_CB_ERROR;
	accepted++;
	return MNL_CB_OK;
}

int main(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nfqnl_msg_config_params params;
	struct nfqnl_msg_config_cmd cmd;
	struct nlmsghdr *nlh;
	struct ctx c;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s QUEUE READY_FILE\n", argv[0]);
		return 2;
	}
	c.queue = (uint16_t)atoi(argv[1]);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	c.nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!c.nl || mnl_socket_bind(c.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("netlink");
		return 1;
	}
	nlh = nfq_hdr(buf, NFQNL_MSG_CONFIG, c.queue);
	memset(&cmd, 0, sizeof(cmd));
	cmd.command = NFQNL_CFG_CMD_BIND;
	mnl_attr_put(nlh, NFQA_CFG_CMD, sizeof(cmd), &cmd);
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (send_nl(c.nl, nlh) || mnl_socket_recvfrom(c.nl, buf, sizeof(buf)) < 0 ||
	    mnl_cb_run(buf, sizeof(buf), 0, 0, NULL, NULL) < 0) {
		perror("bind queue");
		return 1;
	}
	nlh = nfq_hdr(buf, NFQNL_MSG_CONFIG, c.queue);
	params.copy_range = htonl(0);
	params.copy_mode = NFQNL_COPY_META;
	mnl_attr_put(nlh, NFQA_CFG_PARAMS, sizeof(params), &params);
	if (send_nl(c.nl, nlh))
		return 1;
	fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	close(fd);

	while (!stop) {
		struct pollfd p = { .fd = mnl_socket_get_fd(c.nl), .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = mnl_socket_recvfrom(c.nl, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			perror("recv");
			return 1;
		}
		if (mnl_cb_run(buf, n, 0, 0, packet_cb, &c) < 0 && errno != 0) {
			perror("mnl_cb_run");
			return 1;
		}
	}
	printf("accepted %lu\n", accepted);
	mnl_socket_close(c.nl);
	return 0;
}
