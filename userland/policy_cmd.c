// SPDX-License-Identifier: GPL-2.0
/*
 * `kwarden policy`: check a policy file, load it into the kernel, show what
 * the kernel applies, reset to the built-in policy. The file is checked
 * whole by the same code the module runs (kmod/lib/ruleset.c) before a byte
 * is sent; the module checks it all again.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include "cli.h"
#include "lib/rules.h"
#include "policy_file.h"

#define KW_NLMSG struct nl_msg
#include "lib/codec.h"

/* Upper bound of the request: every item is a few headers and a string. */
static size_t policy_msg_size(const struct kw_ruleset *p)
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

static int policy_send(const struct kw_ruleset *p)
{
	size_t size = policy_msg_size(p);
	struct kw_cursor c = { 0 };
	struct nl_msg *msg = NULL;
	struct kw_item it;
	struct kw_nl nl;
	int ret, one = 1, buf;

	ret = kw_nl_open(&nl);
	if (ret)
		return ret;
	/*
	 * A policy is one request so that the kernel can check it whole and
	 * swap it at once: let the socket send it, and cap the ack so a
	 * rejected megabyte is not echoed back.
	 */
	buf = size > (1U << 30) ? 1 << 30 : (int)size * 2;
	if (setsockopt(nl_socket_get_fd(nl.sk), SOL_SOCKET, SO_SNDBUFFORCE,
		       &buf, sizeof(buf)) < 0)
		setsockopt(nl_socket_get_fd(nl.sk), SOL_SOCKET, SO_SNDBUF,
			   &buf, sizeof(buf));
	setsockopt(nl_socket_get_fd(nl.sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	msg = nlmsg_alloc_size(size);
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl.family, 0,
				 NLM_F_ACK, KWARDEN_CMD_SET_POLICY,
				 KWARDEN_GENL_VERSION)) {
		ret = -ENOMEM;
		goto out;
	}
	for (kw_ruleset_item(p, &c, &it); it.kind != KW_ITEM_END;
	     kw_ruleset_item(p, &c, &it)) {
		if (kw_put_item(msg, &it)) {
			ret = -ENOMEM;
			goto out;
		}
	}
	ret = kw_nl_request(&nl, msg, NULL, NULL);
out:
	nlmsg_free(msg);
	kw_nl_close(&nl);
	if (ret) {
		fprintf(stderr, "kwarden: policy load: %s\n", strerror(-ret));
		return KW_EXIT_ERROR;
	}
	return KW_EXIT_OK;
}

/*
 * The items of a dump in wire form, in order, built into a policy at the
 * end. The list owns their strings (copied out of the messages).
 */
struct raw_list {
	struct kw_raw_item *v;
	size_t n, cap;
	bool oom;
	bool bad;	/* a nest that does not parse */
};

/* Keeps @r, its strings copied: the message goes when the callback returns. */
static void raw_add(struct raw_list *l, const struct kw_raw_item *r)
{
	char *a = r->a ? strdup(r->a) : NULL;
	char *b = r->b ? strdup(r->b) : NULL;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct kw_raw_item *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			l->oom = true;
		else {
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
static int dump_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct raw_list *l = arg;
	struct nlattr *a, *tb[KWARDEN_A_MAX + 1];
	struct kw_raw_item r;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		memset(tb, 0, sizeof(tb));
		if (kw_item_is_nest(nla_type(a)) &&
		    nla_parse_nested(tb, KWARDEN_A_MAX, a, NULL) < 0) {
			l->bad = true;
			continue;
		}
		if (kw_get_item(a, tb, &r))
			continue;	/* POLICY_GEN, or newer than us */
		raw_add(l, &r);
	}
	return NL_OK;
}

/* The kernel's items through the same builder a file goes through. */
static struct kw_ruleset *raw_build(const struct raw_list *l, const char **msg)
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

static int policy_show(void)
{
	struct raw_list l = { 0 };
	const char *msg = "out of memory";
	struct kw_ruleset *p = NULL;
	size_t i;
	int ret;

	ret = kw_oneshot("policy show", KWARDEN_CMD_GET_POLICY, NLM_F_DUMP, 0,
			 0, dump_cb, &l, false);
	if (!ret && l.bad) {
		fprintf(stderr, "kwarden: policy show: the kernel's policy dump is malformed\n");
		ret = KW_EXIT_ERROR;
	} else if (!ret && !l.oom) {
		p = raw_build(&l, &msg);
		if (!p) {
			fprintf(stderr, "kwarden: policy show: the kernel's policy does not check: %s\n",
				msg);
			ret = KW_EXIT_ERROR;
		}
	} else if (!ret) {
		fprintf(stderr, "kwarden: policy show: out of memory\n");
		ret = KW_EXIT_ERROR;
	}
	if (p) {
		printf("# kwarden policy as the kernel applies it\n");
		if (kw_policy_print(stdout, p) < 0 || fflush(stdout)) {
			fprintf(stderr, "kwarden: policy show: %s\n",
				strerror(errno));
			ret = KW_EXIT_ERROR;
		}
	}
	kw_ruleset_free(p);
	for (i = 0; i < l.n; i++) {
		free((char *)l.v[i].a);
		free((char *)l.v[i].b);
	}
	free(l.v);
	return ret;
}

static int policy_default(void)
{
	const char *msg;
	struct kw_ruleset *p;
	int err, ret = KW_EXIT_OK;

	p = kw_ruleset_builtin(&err, &msg);
	if (!p) {
		fprintf(stderr, "kwarden: built-in policy: %s\n", msg);
		return KW_EXIT_ERROR;
	}
	printf("# kwarden built-in policy\n");
	if (kw_policy_print(stdout, p) < 0 || fflush(stdout))
		ret = KW_EXIT_ERROR;
	kw_ruleset_free(p);
	return ret;
}

static int policy_check_load(const char *path, bool load)
{
	char err[512];
	struct kw_ruleset *p;
	int ret;

	p = kw_policy_load_file(path, err, sizeof(err));
	if (!p) {
		fprintf(stderr, "kwarden: %s\n", err);
		return KW_EXIT_ERROR;
	}
	if (load) {
		ret = policy_send(p);
	} else {
		printf("%s: ok: %u rules, %u names, %u exceptions\n", path,
		       p->nrules, p->nnames, p->nexc);
		ret = KW_EXIT_OK;
	}
	kw_ruleset_free(p);
	return ret;
}

static void policy_usage(FILE *f)
{
	fprintf(f,
		"Usage: kwarden policy check FILE   check a policy file, apply nothing\n"
		"       kwarden policy load FILE    check it, then replace the kernel's policy\n"
		"       kwarden policy show         print the policy the kernel applies\n"
		"       kwarden policy default      print the built-in policy\n"
		"       kwarden policy reset        go back to the built-in policy\n"
		"FILE may be - for standard input. The whole file is checked first and\n"
		"errors name FILE:LINE; nothing is applied unless every line is right.\n"
		"The kernel swaps the whole policy at once. `show` prints the format\n"
		"`load` reads. Changing the policy needs CAP_NET_ADMIN.\n");
}

int kw_cmd_policy(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") ||
	    !strcmp(sub, "help")) {
		policy_usage(stdout);
		return KW_EXIT_OK;
	}
	if ((!strcmp(sub, "check") || !strcmp(sub, "load")) && argc == 3)
		return policy_check_load(argv[2], !strcmp(sub, "load"));
	if (!strcmp(sub, "show") && argc == 2)
		return policy_show();
	if (!strcmp(sub, "default") && argc == 2)
		return policy_default();
	if (!strcmp(sub, "reset") && argc == 2)
		return kw_oneshot("policy reset", KWARDEN_CMD_RESET_POLICY,
				  NLM_F_ACK, 0, 0, NULL, NULL, false);
	policy_usage(stderr);
	return KW_EXIT_USAGE;
}
