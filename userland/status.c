// SPDX-License-Identifier: GPL-2.0
/* `kwarden status` and `kwarden mode`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "yyjson/yyjson.h"
#include <netlink/genl/genl.h>
#include "cli.h"

/* The module's counters: status attribute and key (kwarden_schema.h). */
static const struct {
	int attr;
	const char *key;
} stats[] = {
#define X(name, key) { KWARDEN_A_STAT_##name, key },
	KWARDEN_STATS(X)
#undef X
};

static const char *opt_str(struct nlattr *a)
{
	return a ? nla_get_string(a) : "";
}

static uint64_t opt_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static uint32_t opt_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

static void add_uint(yyjson_mut_doc *d, yyjson_mut_val *o, const char *k,
		     uint64_t v)
{
	yyjson_mut_obj_add(o, yyjson_mut_strcpy(d, k), yyjson_mut_uint(d, v));
}

static void add_str(yyjson_mut_doc *d, yyjson_mut_val *o, const char *k,
		    const char *v)
{
	yyjson_mut_obj_add(o, yyjson_mut_strcpy(d, k), yyjson_mut_strcpy(d, v));
}

static void print_text(yyjson_mut_val *o)
{
	yyjson_mut_val *k, *v;
	size_t i, n;

	yyjson_mut_obj_foreach(o, i, n, k, v) {
		if (yyjson_mut_is_str(v))
			printf("%s: %s\n", yyjson_mut_get_str(k),
			       yyjson_mut_get_str(v));
		else if (yyjson_mut_is_bool(v))
			printf("%s: %s\n", yyjson_mut_get_str(k),
			       yyjson_mut_get_bool(v) ? "true" : "false");
		else
			printf("%s: %llu\n", yyjson_mut_get_str(k),
			       (unsigned long long)yyjson_mut_get_uint(v));
	}
}

/* One object for both forms: JSON as is, text as "key: value" lines. */
static int status_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];
	bool json = *(bool *)arg;
	yyjson_mut_doc *d;
	yyjson_mut_val *o;
	size_t i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KWARDEN_A_MAX, NULL) < 0)
		return NL_SKIP;
	d = yyjson_mut_doc_new(NULL);
	if (!d)
		return NL_STOP;
	o = yyjson_mut_obj(d);
	yyjson_mut_doc_set_root(d, o);
	yyjson_mut_obj_add(o, yyjson_mut_str(d, "loaded"),
			   yyjson_mut_bool(d, true));
	add_str(d, o, "version", opt_str(tb[KWARDEN_A_VERSION]));
	add_uint(d, o, "abi", opt_u32(tb[KWARDEN_A_ABI_VERSION]));
	add_str(d, o, "mode", tb[KWARDEN_A_MODE] &&
		nla_get_u8(tb[KWARDEN_A_MODE]) == KWARDEN_MODE_ENFORCE ?
		"enforce" : "detect");
	add_uint(d, o, "names", opt_u32(tb[KWARDEN_A_NAMES]));
	if (tb[KWARDEN_A_RULE_COUNTS]) {
		struct nlattr *one;
		int rem;

		nla_for_each_nested(one, tb[KWARDEN_A_RULE_COUNTS], rem) {
			struct nlattr *rc[KWARDEN_A_MAX + 1];
			char key[64];

			if (nla_parse_nested(rc, KWARDEN_A_MAX, one, NULL) < 0 ||
			    !rc[KWARDEN_A_RULE_NAME] || !rc[KWARDEN_A_NAMES])
				continue;
			snprintf(key, sizeof(key), "names_%s",
				 nla_get_string(rc[KWARDEN_A_RULE_NAME]));
			add_uint(d, o, key, nla_get_u32(rc[KWARDEN_A_NAMES]));
			if (rc[KWARDEN_A_RULE_ACTION]) {
				snprintf(key, sizeof(key), "action_%s",
					 nla_get_string(rc[KWARDEN_A_RULE_NAME]));
				add_str(d, o, key, kw_action_str(
					nla_get_u8(rc[KWARDEN_A_RULE_ACTION])));
			}
		}
	}
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		add_uint(d, o, stats[i].key, opt_u64(tb[stats[i].attr]));
	add_uint(d, o, "policy_generation", opt_u64(tb[KWARDEN_A_POLICY_GEN]));
	if (json) {
		char *line = yyjson_mut_write(d, YYJSON_WRITE_NOFLAG, NULL);

		if (line)
			printf("%s\n", line);
		free(line);
	} else {
		print_text(o);
	}
	yyjson_mut_doc_free(d);
	return NL_OK;
}

/*
 * One request to the module: opens the family, sends @cmd with an
 * optional u8 attribute, runs @cb on each reply, closes. Returns an exit
 * code, having said what went wrong.
 */
int kw_oneshot(const char *what, uint8_t cmd, int flags, int attr,
		      uint8_t val, int (*cb)(struct nl_msg *, void *), void *arg,
		      bool quiet)
{
	struct kw_nl nl;
	struct nl_msg *msg;
	int ret = quiet ? kw_nl_open_quiet(&nl) : kw_nl_open(&nl);

	if (ret)
		return ret;
	msg = kw_nl_msg(&nl, cmd, flags);
	if (!msg || (attr && nla_put_u8(msg, attr, val) < 0))
		ret = -ENOMEM;
	else
		ret = kw_nl_request(&nl, msg, cb, arg);
	nlmsg_free(msg);
	kw_nl_close(&nl);
	if (ret) {
		if (!quiet)
			fprintf(stderr, "kwarden: %s: %s\n", what, strerror(-ret));
		return KW_EXIT_ERROR;
	}
	return KW_EXIT_OK;
}

int kw_cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool json = false;
	int c;

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
	/* In JSON, an absent module is an answer, not an error message. */
	c = kw_oneshot("status", KWARDEN_CMD_GET_STATUS, NLM_F_ACK, 0, 0,
		       status_cb, &json, json);
	if (c == KW_EXIT_NOMODULE && json)
		printf("{\"loaded\":false}\n");
	return c;
}

static int seq_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KWARDEN_A_MAX, NULL) >= 0 &&
	    tb[KWARDEN_A_SEQ])
		*(uint64_t *)arg = nla_get_u64(tb[KWARDEN_A_SEQ]);
	return NL_OK;
}

int kw_last_seq(uint64_t *seq)
{
	return kw_oneshot("status", KWARDEN_CMD_GET_STATUS, NLM_F_ACK, 0, 0,
			  seq_cb, seq, true) ? -EIO : 0;
}

int kw_cmd_mode(int argc, char **argv)
{
	uint8_t mode;

	if (argc == 1)
		return kw_cmd_status(1, (char *[]){ "status", NULL });
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: kwarden mode [detect|enforce]\n"
		       "detect reports findings; enforce also fails their exec with EPERM.\n"
		       "Changing it needs CAP_NET_ADMIN in the initial user namespace.\n");
		return KW_EXIT_OK;
	}
	if (!strcmp(argv[1], "detect")) {
		mode = KWARDEN_MODE_DETECT;
	} else if (!strcmp(argv[1], "enforce")) {
		mode = KWARDEN_MODE_ENFORCE;
	} else {
		fprintf(stderr, "Usage: kwarden mode [detect|enforce]\n");
		return KW_EXIT_USAGE;
	}
	return kw_oneshot("mode", KWARDEN_CMD_SET_MODE, NLM_F_ACK,
			  KWARDEN_A_MODE, mode, NULL, NULL, false);
}
