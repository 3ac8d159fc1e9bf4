// SPDX-License-Identifier: GPL-2.0
/* Generic netlink requests to kwarden.ko (see nl.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include "nl.h"

int kw_nl_open(struct kw_nl *nl)
{
	int err;

	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	errno = 0;
	err = genl_connect(nl->sk);
	if (err < 0) {
		err = errno ? -errno : -EIO;
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return err;
	}
	nl->family = genl_ctrl_resolve(nl->sk, KWARDEN_GENL_NAME);
	if (nl->family < 0) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return -ENOENT;
	}
	return 0;
}

void kw_nl_close(struct kw_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *kw_nl_msg(struct kw_nl *nl, uint8_t cmd, int flags, size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				flags, cmd, KWARDEN_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static char kw_extack[256];
static bool kw_have_extack;

const char *kw_nl_extack(void)
{
	return kw_have_extack ? kw_extack : NULL;
}

/* Keeps the kernel's extended ack message, if it sent one. */
static int kw_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	int *err = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	(void)nla;
	*err = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    nlh->nlmsg_len > NLMSG_HDRLEN + off &&
	    nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off),
		      nlh->nlmsg_len - NLMSG_HDRLEN - off, NULL) == 0 &&
	    tb[NLMSGERR_ATTR_MSG] && nla_len(tb[NLMSGERR_ATTR_MSG]) > 0) {
		/* the kernel's string, bounded and NUL-terminated here */
		size_t n = (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]);

		if (n > sizeof(kw_extack) - 1)
			n = sizeof(kw_extack) - 1;
		memcpy(kw_extack, nla_data(tb[NLMSGERR_ATTR_MSG]), n);
		kw_extack[n] = '\0';
		kw_have_extack = true;
	}
	return NL_STOP;
}

static int kw_ack_cb(struct nl_msg *msg, void *arg)
{
	int *err = arg;

	(void)msg;
	*err = 0;
	return NL_STOP;
}

static int kw_finish_cb(struct nl_msg *msg, void *arg)
{
	int *err = arg;

	(void)msg;
	*err = 0;
	return NL_STOP;
}

int kw_nl_request(struct kw_nl *nl, struct nl_msg *msg,
		  int (*cb)(struct nl_msg *, void *), void *arg)
{
	struct nl_cb *c = nl_cb_alloc(NL_CB_DEFAULT);
	int err = 1, one = 1, ret;

	if (!c)
		return -ENOMEM;
	kw_have_extack = false;
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl_cb_err(c, NL_CB_CUSTOM, kw_err_cb, &err);
	nl_cb_set(c, NL_CB_ACK, NL_CB_CUSTOM, kw_ack_cb, &err);
	nl_cb_set(c, NL_CB_FINISH, NL_CB_CUSTOM, kw_finish_cb, &err);
	if (cb)
		nl_cb_set(c, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	ret = nl_send_auto(nl->sk, msg);
	if (ret < 0) {
		err = -EIO;
		goto out;
	}
	while (err > 0) {
		ret = nl_recvmsgs(nl->sk, c);
		if (ret < 0) {
			/* The kernel's own errno, when it sent one. */
			if (err > 0)
				err = ret == -NLE_PERM ? -EPERM : -EIO;
			break;
		}
	}
out:
	nl_cb_put(c);
	return err;
}
