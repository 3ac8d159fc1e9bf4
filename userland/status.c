// SPDX-License-Identifier: GPL-2.0
/* `kwarden status` and `kwarden rules`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include "cli.h"

static const char *const stat_names[] = {
	"execs", "matched", "alerted", "blocked", "sent",
	"dropped_no_listener", "dropped_socket_full", "dropped_nomem",
};

static int status_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];
	bool json = *(bool *)arg;
	size_t i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KWARDEN_A_MAX, NULL) < 0)
		return NL_SKIP;
	if (json) {
		printf("{\"loaded\":true,\"version\":\"%s\",\"abi\":%u,\"mode\":\"%s\",\"names\":%u",
		       tb[KWARDEN_A_VERSION] ?
		       nla_get_string(tb[KWARDEN_A_VERSION]) : "",
		       tb[KWARDEN_A_ABI_VERSION] ?
		       nla_get_u32(tb[KWARDEN_A_ABI_VERSION]) : 0,
		       tb[KWARDEN_A_MODE] && nla_get_u8(tb[KWARDEN_A_MODE]) ==
		       KWARDEN_MODE_ENFORCE ? "enforce" : "detect",
		       tb[KWARDEN_A_NAMES] ?
		       nla_get_u32(tb[KWARDEN_A_NAMES]) : 0);
	} else {
		printf("module: loaded\nversion: %s\nabi: %u\nmode: %s\nnames: %u\n",
		       tb[KWARDEN_A_VERSION] ?
		       nla_get_string(tb[KWARDEN_A_VERSION]) : "?",
		       tb[KWARDEN_A_ABI_VERSION] ?
		       nla_get_u32(tb[KWARDEN_A_ABI_VERSION]) : 0,
		       tb[KWARDEN_A_MODE] && nla_get_u8(tb[KWARDEN_A_MODE]) ==
		       KWARDEN_MODE_ENFORCE ? "enforce" : "detect",
		       tb[KWARDEN_A_NAMES] ?
		       nla_get_u32(tb[KWARDEN_A_NAMES]) : 0);
	}
	for (i = 0; i < sizeof(stat_names) / sizeof(stat_names[0]); i++) {
		struct nlattr *a = tb[KWARDEN_A_STAT_EXECS + i];
		unsigned long long v = a ? (unsigned long long)nla_get_u64(a) : 0;

		if (json)
			printf(",\"%s\":%llu", stat_names[i], v);
		else
			printf("%s: %llu\n", stat_names[i], v);
	}
	if (json)
		printf("}\n");
	return NL_OK;
}

int kw_cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct kw_nl nl;
	struct nl_msg *msg;
	bool json = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("Usage: kwarden status [--json]\n"
			       "Shows whether the module is loaded, its version, mode, number of\n"
			       "names and its counters.\n");
			return KW_EXIT_OK;
		default:
			return KW_EXIT_USAGE;
		}
	}
	ret = kw_nl_open(&nl);
	if (ret == KW_EXIT_NOMODULE && json)
		printf("{\"loaded\":false}\n");
	if (ret)
		return ret;
	msg = kw_nl_msg(&nl, KWARDEN_CMD_GET_STATUS, NLM_F_ACK);
	ret = msg ? kw_nl_request(&nl, msg, status_cb, &json) : -ENOMEM;
	nlmsg_free(msg);
	kw_nl_close(&nl);
	if (ret) {
		fprintf(stderr, "kwarden: status: %s\n", strerror(-ret));
		return KW_EXIT_ERROR;
	}
	return KW_EXIT_OK;
}

static int rules_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];
	uint32_t f;

	(void)arg;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KWARDEN_A_MAX, NULL) < 0 ||
	    !tb[KWARDEN_A_RULE] || !tb[KWARDEN_A_PATTERN])
		return NL_SKIP;
	f = tb[KWARDEN_A_PATTERN_FLAGS] ?
	    nla_get_u32(tb[KWARDEN_A_PATTERN_FLAGS]) : 0;
	printf("%-15s %-24s %s%s%s%s\n", kw_rule_name(nla_get_u8(tb[KWARDEN_A_RULE])),
	       nla_get_string(tb[KWARDEN_A_PATTERN]),
	       f & KWARDEN_PF_BUILTIN ? "builtin" : "added",
	       f & KWARDEN_PF_GLOB ? ",glob" : "",
	       f & KWARDEN_PF_GO_ARGV ? ",go-build-verb" : "",
	       f & KWARDEN_PF_GO_TOOL ? ",go-tool-dir" : "");
	return NL_OK;
}

int kw_cmd_rules(int argc, char **argv)
{
	struct kw_nl nl;
	struct nl_msg *msg;
	int ret;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: kwarden rules\n"
		       "Lists every name pattern the kernel matches, with its rule.\n");
		return KW_EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "Usage: kwarden rules\n");
		return KW_EXIT_USAGE;
	}
	ret = kw_nl_open(&nl);
	if (ret)
		return ret;
	msg = kw_nl_msg(&nl, KWARDEN_CMD_GET_RULES, NLM_F_DUMP);
	ret = msg ? kw_nl_request(&nl, msg, rules_cb, NULL) : -ENOMEM;
	nlmsg_free(msg);
	kw_nl_close(&nl);
	if (ret) {
		fprintf(stderr, "kwarden: rules: %s\n", strerror(-ret));
		return KW_EXIT_ERROR;
	}
	return KW_EXIT_OK;
}
