// SPDX-License-Identifier: GPL-2.0
/* The CLI's requests to kwarden.ko and its event subscription (ipc.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include "ipc.h"
#include "nl.h"

#define KW_NLMSG struct nl_msg
#include "lib/codec.h"

const char *kw_ipc_kernel_msg(void)
{
	return kw_nl_extack();
}

/* One request: opens the family, sends @msg's command, runs @cb, closes. */
/*
 * One request and its answer. @size: 0 for a small request, else the
 * bytes a big one needs (a policy is one request so that the kernel can
 * check it whole and swap it at once): the socket is let send it, and
 * the ack is capped so a rejected megabyte is not echoed back.
 */
static int kw_request(uint8_t cmd, int flags, size_t size,
		      int (*fill)(struct nl_msg *, void *),
		      int (*cb)(struct nl_msg *, void *), void *arg)
{
	struct nl_msg *msg;
	struct kw_nl nl;
	int ret = kw_nl_open(&nl), one = 1, buf;

	if (ret)
		return ret;
	if (size) {
		buf = size > (1U << 30) ? 1 << 30 : (int)size * 2;
		if (setsockopt(nl_socket_get_fd(nl.sk), SOL_SOCKET,
			       SO_SNDBUFFORCE, &buf, sizeof(buf)) < 0)
			setsockopt(nl_socket_get_fd(nl.sk), SOL_SOCKET,
				   SO_SNDBUF, &buf, sizeof(buf));
		setsockopt(nl_socket_get_fd(nl.sk), SOL_NETLINK,
			   NETLINK_CAP_ACK, &one, sizeof(one));
	}
	msg = kw_nl_msg(&nl, cmd, flags, size);
	if (!msg || (fill && fill(msg, arg) < 0))
		ret = -ENOMEM;
	else
		ret = kw_nl_request(&nl, msg, cb, arg);
	nlmsg_free(msg);
	kw_nl_close(&nl);
	return ret;
}

/* A string attribute into @dst, bounded, whether or not the kernel ended it. */
static void kw_copy_str(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = 0;

	if (a && nla_len(a) > 0) {
		n = strnlen(nla_data(a), (size_t)nla_len(a));
		if (n > size - 1)
			n = size - 1;
		memcpy(dst, nla_data(a), n);
	}
	dst[n] = '\0';
}

static uint64_t kw_u64(const struct nlattr *a)
{
	return a && nla_len(a) >= 8 ? nla_get_u64((struct nlattr *)a) : 0;
}

static uint32_t kw_u32(const struct nlattr *a)
{
	return a && nla_len(a) >= 4 ? nla_get_u32((struct nlattr *)a) : 0;
}

static const int kw_counter_attrs[KW_COUNTER_NR] = {
#define X(name, key) KWARDEN_A_STAT_##name,
	KWARDEN_STATS(X)
#undef X
};

static void kw_parse_rule_counts(struct kw_status *st, struct nlattr *nest)
{
	struct nlattr *one;
	int rem;

	nla_for_each_nested(one, nest, rem) {
		struct nlattr *rc[KWARDEN_A_MAX + 1];
		struct kw_rule_status *r;

		if (st->nrules == KWARDEN_RULES_MAX)
			break;
		if (nla_parse_nested(rc, KWARDEN_A_MAX, one, NULL) < 0 ||
		    !rc[KWARDEN_A_RULE_NAME] || !rc[KWARDEN_A_NAMES])
			continue;
		r = &st->rules[st->nrules++];
		kw_copy_str(r->name, sizeof(r->name), rc[KWARDEN_A_RULE_NAME]);
		r->names = kw_u32(rc[KWARDEN_A_NAMES]);
		r->action = rc[KWARDEN_A_RULE_ACTION] &&
			    nla_len(rc[KWARDEN_A_RULE_ACTION]) >= 1 ?
			    nla_get_u8(rc[KWARDEN_A_RULE_ACTION]) : -1;
	}
}

static int kw_status_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];
	struct kw_status *st = arg;
	size_t i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KWARDEN_A_MAX, NULL) < 0)
		return NL_SKIP;
	kw_copy_str(st->version, sizeof(st->version), tb[KWARDEN_A_VERSION]);
	st->abi = kw_u32(tb[KWARDEN_A_ABI_VERSION]);
	st->mode = tb[KWARDEN_A_MODE] && nla_len(tb[KWARDEN_A_MODE]) >= 1 ?
		   nla_get_u8(tb[KWARDEN_A_MODE]) : KWARDEN_MODE_DETECT;
	st->names = kw_u32(tb[KWARDEN_A_NAMES]);
	st->policy_gen = kw_u64(tb[KWARDEN_A_POLICY_GEN]);
	st->last_seq = kw_u64(tb[KWARDEN_A_SEQ]);
	for (i = 0; i < KW_COUNTER_NR; i++)
		st->counters[i] = kw_u64(tb[kw_counter_attrs[i]]);
	if (tb[KWARDEN_A_RULE_COUNTS])
		kw_parse_rule_counts(st, tb[KWARDEN_A_RULE_COUNTS]);
	st->workloads = kw_u32(tb[KWARDEN_A_WORKLOADS]);
	if (st->workloads > KWARDEN_WORKLOADS_MAX)
		st->workloads = KWARDEN_WORKLOADS_MAX;
	/* a short attribute is as good as none: "never set" */
	st->workloads_age_ms = tb[KWARDEN_A_WORKLOADS_AGE] &&
			       nla_len(tb[KWARDEN_A_WORKLOADS_AGE]) >= 8 ?
			       kw_u64(tb[KWARDEN_A_WORKLOADS_AGE]) : UINT64_MAX;
	return NL_OK;
}

int kw_ipc_status(struct kw_status *st)
{
	memset(st, 0, sizeof(*st));
	st->workloads_age_ms = UINT64_MAX;
	return kw_request(KWARDEN_CMD_GET_STATUS, NLM_F_ACK, 0, NULL, kw_status_cb,
			  st);
}

static int kw_fill_mode(struct nl_msg *msg, void *arg)
{
	return nla_put_u8(msg, KWARDEN_A_MODE, *(uint8_t *)arg);
}

int kw_ipc_set_mode(uint8_t mode)
{
	return kw_request(KWARDEN_CMD_SET_MODE, NLM_F_ACK, 0, kw_fill_mode, NULL,
			  &mode);
}

int kw_ipc_policy_reset(void)
{
	return kw_request(KWARDEN_CMD_RESET_POLICY, NLM_F_ACK, 0, NULL, NULL,
			  NULL);
}

/* Upper bound of the request: every item is a few headers and a string. */
static size_t kw_policy_msg_size(const struct kw_ruleset *p)
{
	struct kw_cursor c = { 0 };
	struct kw_item it;
	size_t size = 4096;

	for (kw_ruleset_item(p, &c, &it); it.kind != KW_ITEM_END;
	     kw_ruleset_item(p, &c, &it))
		size += 64 + (it.s ? strlen(it.s) : 0) +
			(it.set && it.set->path ? strlen(it.set->path) : 0) +
			(it.value ? it.value->len : 0);
	return size;
}

static int kw_fill_policy(struct nl_msg *msg, void *arg)
{
	const struct kw_ruleset *p = arg;
	struct kw_cursor c = { 0 };
	struct kw_item it;

	for (kw_ruleset_item(p, &c, &it); it.kind != KW_ITEM_END;
	     kw_ruleset_item(p, &c, &it))
		if (kw_put_item(msg, &it))
			return -ENOMEM;
	return 0;
}

int kw_ipc_policy_set(const struct kw_ruleset *p)
{
	return kw_request(KWARDEN_CMD_SET_POLICY, NLM_F_ACK,
			  kw_policy_msg_size(p), kw_fill_policy, NULL,
			  (void *)p);
}

struct kw_wl_req {
	uint64_t gen;
	const struct kw_wl_item *items;
	size_t n;
};

/*
 * Per entry: the nest's header, the id with its NUL (4 + 65, padded to
 * 72) and the mask (4 + 8), with room to spare.
 */
#define KW_WL_ENTRY_BYTES 96

static int kw_fill_workloads(struct nl_msg *msg, void *arg)
{
	const struct kw_wl_req *r = arg;
	struct nlattr *nest;
	size_t i;

	if (nla_put_u64(msg, KWARDEN_A_POLICY_GEN, r->gen))
		return -ENOMEM;
	for (i = 0; i < r->n; i++) {
		nest = nla_nest_start(msg, KWARDEN_A_WORKLOAD);
		if (!nest ||
		    nla_put(msg, KWARDEN_A_CONTAINER_ID,
			    KWARDEN_CONTAINER_ID_LEN + 1, r->items[i].id) ||
		    nla_put_u64(msg, KWARDEN_A_WORKLOAD_MASK, r->items[i].mask))
			return -ENOMEM;
		nla_nest_end(msg, nest);
	}
	return 0;
}

int kw_ipc_set_workloads(uint64_t gen, const struct kw_wl_item *items,
			 size_t n)
{
	struct kw_wl_req r = { .gen = gen, .items = items, .n = n };
	size_t i;

	if (n > KWARDEN_WORKLOADS_MAX)
		return -E2BIG;
	/* an id without its NUL would carry the next one's bytes */
	for (i = 0; i < n; i++)
		if (strnlen(items[i].id, sizeof(items[i].id)) !=
		    KWARDEN_CONTAINER_ID_LEN)
			return -EINVAL;
	/*
	 * Always sized, even when empty: a full table (~400 KiB) is past
	 * the default send buffer, and kw_request() raises it for a sized
	 * request.
	 */
	return kw_request(KWARDEN_CMD_SET_WORKLOADS, NLM_F_ACK,
			  4096 + n * KW_WL_ENTRY_BYTES, kw_fill_workloads, NULL,
			  &r);
}

/*
 * The items of a dump in wire form, in order, built into a policy at the
 * end. The list owns their strings (copied out of the messages).
 */
struct kw_raw_list {
	struct kw_raw_item *v;
	size_t n, cap;
	bool oom;
	bool bad;	/* a nest that does not parse */
	uint64_t gen;	/* the policy's generation, as its messages say */
	bool have_gen;
};

/* Keeps @r, its strings copied: the message goes when the callback returns. */
static void kw_raw_add(struct kw_raw_list *l, const struct kw_raw_item *r)
{
	char *a = r->a ? strdup(r->a) : NULL;
	char *b = r->b ? strdup(r->b) : NULL;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct kw_raw_item *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			l->oom = true;
		} else {
			l->v = v;
			l->cap = cap;
		}
	}
	if (l->oom || (r->a && !a) || (r->b && !b)) {
		l->oom = true;
		free(a);
		free(b);
		return;
	}
	l->v[l->n] = *r;
	l->v[l->n].a = a;
	l->v[l->n].b = b;
	l->n++;
}

/* The dump's items through the codec the module uses (kmod/lib/codec.h). */
static int kw_dump_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct kw_raw_list *l = arg;
	struct nlattr *a, *tb[KWARDEN_A_MAX + 1];
	struct kw_raw_item r;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) == KWARDEN_A_POLICY_GEN && nla_len(a) >= 8) {
			/* one dump is one policy: two generations is malformed */
			if (l->have_gen && l->gen != kw_u64(a))
				l->bad = true;
			l->gen = kw_u64(a);
			l->have_gen = true;
			continue;
		}
		memset(tb, 0, sizeof(tb));
		if (kw_item_is_nest(nla_type(a)) &&
		    nla_parse_nested(tb, KWARDEN_A_MAX, a, NULL) < 0) {
			l->bad = true;
			continue;
		}
		if (kw_get_item(a, tb, &r))
			continue;	/* POLICY_GEN, or newer than us */
		kw_raw_add(l, &r);
	}
	return NL_OK;
}

/* The kernel's items through the same builder a file goes through. */
static struct kw_ruleset *kw_raw_build(const struct kw_raw_list *l,
				       const char **msg)
{
	struct kw_ruleset_counts c = { 0 };
	struct kw_ruleset *p;
	size_t i;
	int err = 0;

	for (i = 0; i < l->n; i++)
		kw_ruleset_count(&c, &l->v[i]);
	p = kw_ruleset_begin(&c, &err, msg);
	for (i = 0; p && !err && i < l->n; i++)
		err = kw_ruleset_add_item(p, &l->v[i], msg);
	if (p && !err)
		err = kw_ruleset_finish(p, msg);
	if (p && err) {
		kw_ruleset_free(p);
		p = NULL;
	}
	return p;
}

int kw_ipc_policy_get(struct kw_ruleset **out, const char **why)
{
	uint64_t gen;

	return kw_ipc_policy_get_gen(out, why, &gen);
}

int kw_ipc_policy_get_gen(struct kw_ruleset **out, const char **why,
			  uint64_t *gen)
{
	struct kw_raw_list l = { 0 };
	size_t i;
	int ret;

	*out = NULL;
	*gen = 0;
	*why = "out of memory";
	ret = kw_request(KWARDEN_CMD_GET_POLICY, NLM_F_DUMP, 0, NULL, kw_dump_cb,
			 &l);
	if (!ret && l.bad) {
		ret = -EBADMSG;
	} else if (!ret && l.oom) {
		ret = -ENOMEM;
	} else if (!ret) {
		*out = kw_raw_build(&l, why);
		if (!*out)
			ret = -EPROTO;
		*gen = l.gen;
	}
	for (i = 0; i < l.n; i++) {
		free((char *)l.v[i].a);
		free((char *)l.v[i].b);
	}
	free(l.v);
	return ret;
}

struct kw_sub {
	struct nl_sock *sk;
	int family;
	bool gone;		/* the module went away: join again */
};

struct kw_sub *kw_ipc_sub_open(int rcvbuf, int *err)
{
	struct kw_sub *s = calloc(1, sizeof(*s));

	*err = -ENOMEM;
	if (!s)
		return NULL;
	s->family = -1;
	s->sk = nl_socket_alloc();
	errno = 0;
	if (!s->sk || genl_connect(s->sk) < 0) {
		*err = errno ? -errno : -EIO;
		kw_ipc_sub_close(s);
		return NULL;
	}
	nl_socket_set_buffer_size(s->sk, rcvbuf, 0);
	nl_socket_set_nonblocking(s->sk);
	*err = 0;
	return s;
}

int kw_ipc_sub_join(struct kw_sub *s)
{
	struct nl_sock *ctl = nl_socket_alloc();
	int grp = -1, notify = -1;

	if (!ctl)
		return -ENOMEM;
	if (genl_connect(ctl) == 0) {
		s->family = genl_ctrl_resolve(ctl, KWARDEN_GENL_NAME);
		if (s->family >= 0)
			grp = genl_ctrl_resolve_grp(ctl, KWARDEN_GENL_NAME,
						    KWARDEN_MCGRP_EVENTS);
		notify = genl_ctrl_resolve_grp(ctl, "nlctrl", "notify");
	}
	nl_socket_free(ctl);
	if (notify >= 0)
		nl_socket_add_membership(s->sk, notify);
	if (s->family < 0 || grp < 0)
		return -ENOENT;
	errno = 0;
	if (nl_socket_add_membership(s->sk, grp) < 0)
		return errno ? -errno : -EPERM;
	s->gone = false;
	return 0;
}

int kw_ipc_sub_fd(const struct kw_sub *s)
{
	return nl_socket_get_fd(s->sk);
}

bool kw_ipc_sub_gone(const struct kw_sub *s)
{
	return s->gone;
}

void kw_ipc_sub_close(struct kw_sub *s)
{
	if (!s)
		return;
	if (s->sk)
		nl_socket_free(s->sk);
	free(s);
}

/* The controller says a family went: ours? */
static void kw_on_ctrl(struct kw_sub *s, struct nlmsghdr *nlh)
{
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (!genlmsg_valid_hdr(nlh, 0) || gh->cmd != CTRL_CMD_DELFAMILY ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strncmp(nla_data(tb[CTRL_ATTR_FAMILY_NAME]), KWARDEN_GENL_NAME,
		    (size_t)nla_len(tb[CTRL_ATTR_FAMILY_NAME])) ||
	    (size_t)nla_len(tb[CTRL_ATTR_FAMILY_NAME]) != sizeof(KWARDEN_GENL_NAME))
		return;
	s->gone = true;
}

/*
 * Up to KW_RECV_BATCH datagrams per system call, each holding one or more
 * events. Only the kernel (port 0) is listened to; a datagram cut short by
 * its buffer is counted by the sequence gaps it leaves.
 */
#define KW_RECV_BATCH 16
/* > the largest datagram: a batch (8 KiB) or one long event (30 KiB) */
#define KW_RECV_SIZE (64 * 1024)

int kw_ipc_sub_read(struct kw_sub *s, const struct kw_sub_ops *ops,
		    bool final)
{
	static char bufs[KW_RECV_BATCH][KW_RECV_SIZE];
	struct sockaddr_nl from[KW_RECV_BATCH];
	struct mmsghdr mm[KW_RECV_BATCH];
	struct iovec iov[KW_RECV_BATCH];
	int fd = nl_socket_get_fd(s->sk);
	/* a final read is bounded even if the kernel keeps sending */
	int rounds = final ? 64 : -1;
	struct kw_event ev;
	int i, n;

	while (!s->gone && rounds-- != 0 && !ops->stop(ops->arg, final)) {
		for (i = 0; i < KW_RECV_BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = sizeof(bufs[i]);
			mm[i].msg_hdr = (struct msghdr){
				.msg_name = &from[i],
				.msg_namelen = sizeof(from[i]),
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
			};
		}
		n = recvmmsg(fd, mm, KW_RECV_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
		for (i = 0; i < n; i++) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)bufs[i];
			int len = (int)mm[i].msg_len;

			if (from[i].nl_pid != 0 ||
			    (mm[i].msg_hdr.msg_flags & MSG_TRUNC))
				continue;
			for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
				if (nlh->nlmsg_type == GENL_ID_CTRL)
					kw_on_ctrl(s, nlh);
				else if (nlh->nlmsg_type == s->family &&
					 kw_event_parse(nlh, &ev) == 0)
					ops->event(&ev, ops->arg);
			}
		}
	}
	return 0;
}
