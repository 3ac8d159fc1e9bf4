// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: sends KWARDEN_CMD_SET_POLICY items exactly as written on
 * stdin, with no check in userspace, so the e2e suite can prove the
 * module rejects what the CLI would never send. One item per line:
 *   rule NAME TECHNIQUE SEVERITY ACTION | set RULE ARGS_ON [PATH]
 *   arg WORD | name NAME | names COUNT PREFIX | exc NAME | excrule RULE
 *   val FIELD STRING | long LEN        (a name of LEN bytes)
 *   junk                               (an attribute the policy lacks)
 * Prints "rc=<errno name or 0>"; the kernel's extack goes to stderr.
 *
 * `rawpolicy workloads GEN N` sends KWARDEN_CMD_SET_WORKLOADS instead: for
 * policy generation GEN, N made-up container ids (mask 0), then one
 * entry per stdin line "ID MASK", as given (no bound, no check).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include "nl.h"

static int nest_str(struct nl_msg *m, int type, int a, const char *s)
{
	struct nlattr *n = nla_nest_start(m, type);

	if (!n || nla_put_string(m, a, s))
		return -1;
	nla_nest_end(m, n);
	return 0;
}

static int put_workload(struct nl_msg *m, const char *id,
			unsigned long long mask)
{
	struct nlattr *n = nla_nest_start(m, KWARDEN_A_WORKLOAD);

	if (!n || nla_put_string(m, KWARDEN_A_CONTAINER_ID, id) ||
	    nla_put_u64(m, KWARDEN_A_WORKLOAD_MASK, mask))
		return -1;
	nla_nest_end(m, n);
	return 0;
}

/* The SET_WORKLOADS request of `rawpolicy workloads GEN N` into @m. */
static int workloads(struct nl_msg *m, const char *gen, long n)
{
	char line[1024], id[300];
	unsigned long long mask;
	int err;
	long i;

	err = nla_put_u64(m, KWARDEN_A_POLICY_GEN, strtoull(gen, NULL, 0));
	for (i = 0; i < n && !err; i++) {
		/* 64 hex digits, apart from any id hexid() makes */
		snprintf(id, sizeof(id), "fee1%060lx", i);
		err = put_workload(m, id, 0);
	}
	while (!err && fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "%299s %llu", id, &mask) == 2)
			err = put_workload(m, id, mask);
	}
	return err;
}

int main(int argc, char **argv)
{
	char line[1024], a[300], b[300], c[300], d[300];
	int buf = 64 << 20, one = 1, err = 0, ret;
	bool table = argc == 4 && !strcmp(argv[1], "workloads");
	struct kw_nl nl;
	struct nl_msg *m;

	if (kw_nl_open(&nl)) {
		fprintf(stderr, "rawpolicy: kernel module not loaded\n");
		return 3;
	}
	setsockopt(nl_socket_get_fd(nl.sk), SOL_SOCKET, SO_SNDBUFFORCE, &buf,
		   sizeof(buf));
	setsockopt(nl_socket_get_fd(nl.sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	m = nlmsg_alloc_size(48 << 20);
	if (!m || !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, nl.family, 0,
			       NLM_F_ACK, table ? KWARDEN_CMD_SET_WORKLOADS :
			       KWARDEN_CMD_SET_POLICY, KWARDEN_GENL_VERSION))
		return 1;
	if (table)
		err = workloads(m, argv[2], atol(argv[3]));
	while (!table && fgets(line, sizeof(line), stdin)) {
		int n = sscanf(line, "%299s %299s %299s %299s %299s", d, a, b,
			       c, line + 512);
		struct nlattr *nest;

		if (n < 1)
			continue;
		if (!strcmp(d, "rule") && n >= 5) {
			nest = nla_nest_start(m, KWARDEN_A_P_RULE);
			err |= !nest || nla_put_string(m, KWARDEN_A_RULE_NAME, a) ||
			       nla_put_string(m, KWARDEN_A_TECHNIQUE, b) ||
			       nla_put_u8(m, KWARDEN_A_SEVERITY, atoi(c)) ||
			       nla_put_u8(m, KWARDEN_A_RULE_ACTION, atoi(line + 512));
			nla_nest_end(m, nest);
		} else if (!strcmp(d, "set") && n >= 3) {
			nest = nla_nest_start(m, KWARDEN_A_P_SET);
			err |= !nest || nla_put_string(m, KWARDEN_A_RULE_NAME, a) ||
			       nla_put_u8(m, KWARDEN_A_ARGS_ON, atoi(b)) ||
			       (n >= 4 && nla_put_string(m, KWARDEN_A_PATH, c));
			nla_nest_end(m, nest);
		} else if (!strcmp(d, "arg") && n >= 2) {
			err |= nla_put_string(m, KWARDEN_A_P_ARG, a);
		} else if (!strcmp(d, "name") && n >= 2) {
			err |= nla_put_string(m, KWARDEN_A_PATTERN, a);
		} else if (!strcmp(d, "names") && n >= 3) {
			long i, count = atol(a);
			char name[320];

			for (i = 0; i < count && !err; i++) {
				snprintf(name, sizeof(name), "%s%ld", b, i);
				err |= nla_put_string(m, KWARDEN_A_PATTERN, name);
			}
		} else if (!strcmp(d, "exc") && n >= 2) {
			err |= nest_str(m, KWARDEN_A_P_EXCEPTION, KWARDEN_A_EXC_NAME, a);
		} else if (!strcmp(d, "excrule") && n >= 2) {
			err |= nla_put_string(m, KWARDEN_A_P_EXC_RULE, a);
		} else if (!strcmp(d, "val") && n >= 3) {
			nest = nla_nest_start(m, KWARDEN_A_P_EXC_VALUE);
			err |= !nest || nla_put_u8(m, KWARDEN_A_EXC_FIELD, atoi(a)) ||
			       nla_put_string(m, KWARDEN_A_EXC_STRING, b);
			nla_nest_end(m, nest);
		} else if (!strcmp(d, "long") && n >= 2) {
			size_t len = (size_t)atol(a);
			char *s = malloc(len + 1);

			if (!s)
				return 1;
			memset(s, 'x', len);
			s[len] = '\0';
			err |= nla_put_string(m, KWARDEN_A_PATTERN, s);
			free(s);
		} else if (!strcmp(d, "junk")) {
			err |= nla_put_u32(m, KWARDEN_A_PID, 1);
		} else {
			fprintf(stderr, "rawpolicy: bad line: %s", line);
			return 2;
		}
	}
	if (err) {
		fprintf(stderr, "rawpolicy: message too big\n");
		return 1;
	}
	ret = kw_nl_request(&nl, m, NULL, NULL);
	if (kw_nl_extack())
		fprintf(stderr, "kwarden: kernel: %s\n", kw_nl_extack());
	printf("rc=%s\n", ret == 0 ? "0" : ret == -EINVAL ? "EINVAL" :
	       ret == -E2BIG ? "E2BIG" : ret == -ERANGE ? "ERANGE" :
	       ret == -EPERM ? "EPERM" : strerror(-ret));
	nlmsg_free(m);
	kw_nl_close(&nl);
	return 0;
}
