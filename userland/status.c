// SPDX-License-Identifier: GPL-2.0
/* `kwarden status` and `kwarden rules`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <netlink/genl/genl.h>
#include "cli.h"

static const char *const stat_names[] = {
	"execs", "matched", "alerted", "blocked", "sent",
	"dropped_no_listener", "dropped_socket_full", "dropped_nomem",
};

static json_object *opt_str(struct nlattr *a)
{
	return json_object_new_string(a ? nla_get_string(a) : "");
}

/* One object for both forms: JSON as is, text as "key: value" lines. */
static int status_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];
	bool json = *(bool *)arg;
	json_object *o;
	size_t i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KWARDEN_A_MAX, NULL) < 0)
		return NL_SKIP;
	o = json_object_new_object();
	json_object_object_add(o, "loaded", json_object_new_boolean(1));
	json_object_object_add(o, "version", opt_str(tb[KWARDEN_A_VERSION]));
	json_object_object_add(o, "abi", json_object_new_int64(
		tb[KWARDEN_A_ABI_VERSION] ? nla_get_u32(tb[KWARDEN_A_ABI_VERSION]) : 0));
	json_object_object_add(o, "mode", json_object_new_string(
		tb[KWARDEN_A_MODE] && nla_get_u8(tb[KWARDEN_A_MODE]) ==
		KWARDEN_MODE_ENFORCE ? "enforce" : "detect"));
	json_object_object_add(o, "names", json_object_new_int64(
		tb[KWARDEN_A_NAMES] ? nla_get_u32(tb[KWARDEN_A_NAMES]) : 0));
	if (tb[KWARDEN_A_RULE_COUNTS]) {
		struct nlattr *one;
		int rem;

		nla_for_each_nested(one, tb[KWARDEN_A_RULE_COUNTS], rem) {
			struct nlattr *rc[KWARDEN_A_MAX + 1];
			char key[64];

			if (nla_parse_nested(rc, KWARDEN_A_MAX, one, NULL) < 0 ||
			    !rc[KWARDEN_A_RULE] || !rc[KWARDEN_A_NAMES])
				continue;
			snprintf(key, sizeof(key), "names_%s",
				 kw_rule_name(nla_get_u8(rc[KWARDEN_A_RULE])));
			json_object_object_add(o, key, json_object_new_int64(
				nla_get_u32(rc[KWARDEN_A_NAMES])));
		}
	}
	for (i = 0; i < sizeof(stat_names) / sizeof(stat_names[0]); i++) {
		struct nlattr *a = tb[KWARDEN_A_STAT_EXECS + i];

		json_object_object_add(o, stat_names[i], json_object_new_int64(
			a ? (int64_t)nla_get_u64(a) : 0));
	}
	if (json) {
		printf("%s\n", json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		json_object_object_foreach(o, key, val)
			printf("%s: %s\n", key, json_object_get_string(val));
	}
	json_object_put(o);
	return NL_OK;
}

/*
 * One request to the module: opens the family, sends @cmd with an
 * optional u8 attribute, runs @cb on each reply, closes. Returns an exit
 * code, having said what went wrong.
 */
static int kw_oneshot(const char *what, uint8_t cmd, int flags, int attr,
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

static int rules_list(void)
{
	return kw_oneshot("rules", KWARDEN_CMD_GET_RULES, NLM_F_DUMP, 0, 0,
			  rules_cb, NULL, false);
}

/* Names go in batches that stay well under the socket's send buffer. */
#define ADD_BATCH 2000

static int rules_add_batch(struct kw_nl *nl, uint8_t rule, char **names,
			   size_t n)
{
	struct nl_msg *msg = nlmsg_alloc_size(64 + n * (KWARDEN_PATTERN_MAX + 8));
	struct nlattr *list;
	size_t i;
	int ret = -ENOMEM;

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family,
				 0, NLM_F_ACK, KWARDEN_CMD_ADD_NAMES,
				 KWARDEN_GENL_VERSION))
		goto out;
	if (nla_put_u8(msg, KWARDEN_A_RULE, rule) < 0)
		goto out;
	list = nla_nest_start(msg, KWARDEN_A_NAME_LIST);
	for (i = 0; list && i < n; i++)
		if (nla_put_string(msg, KWARDEN_A_PATTERN, names[i]) < 0)
			goto out;
	nla_nest_end(msg, list);
	ret = kw_nl_request(nl, msg, NULL, NULL);
out:
	nlmsg_free(msg);
	return ret;
}

static void names_free(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

/* Appends the lines of @path (blank lines and # comments skipped). */
static int names_from_file(const char *path, char ***names, size_t *n)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f) {
		fprintf(stderr, "kwarden: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char **grown;

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		grown = realloc(*names, (*n + 1) * sizeof(**names));
		if (!grown)
			break;
		*names = grown;
		(*names)[(*n)++] = strdup(line);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return 0;
}

static int rules_add(int argc, char **argv)
{
	char **names = NULL;
	size_t n = 0, i;
	struct kw_nl nl;
	uint8_t rule;
	int ret, a;

	if (argc < 3) {
		fprintf(stderr, "Usage: kwarden rules add compiler|container_mgmt NAME... | --file FILE\n");
		return KW_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "compiler")) {
		rule = KWARDEN_RULE_COMPILER;
	} else if (!strcmp(argv[1], "container_mgmt")) {
		rule = KWARDEN_RULE_CONTAINER_MGMT;
	} else {
		fprintf(stderr, "kwarden: unknown rule '%s'\n", argv[1]);
		return KW_EXIT_USAGE;
	}
	for (a = 2; a < argc; a++) {
		if (!strcmp(argv[a], "--file") && a + 1 < argc) {
			if (names_from_file(argv[++a], &names, &n)) {
				names_free(names, n);
				return KW_EXIT_ERROR;
			}
			continue;
		}
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names)
			return KW_EXIT_ERROR;
		names[n++] = strdup(argv[a]);
	}
	ret = kw_nl_open(&nl);
	if (ret) {
		names_free(names, n);
		return ret;
	}
	for (i = 0; i < n && !ret; i += ADD_BATCH)
		ret = rules_add_batch(&nl, rule, names + i,
				      n - i < ADD_BATCH ? n - i : ADD_BATCH);
	kw_nl_close(&nl);
	names_free(names, n);
	if (ret) {
		fprintf(stderr, "kwarden: rules add: %s\n", strerror(-ret));
		return KW_EXIT_ERROR;
	}
	return KW_EXIT_OK;
}

static int rules_reset(void)
{
	return kw_oneshot("rules reset", KWARDEN_CMD_RESET_NAMES, NLM_F_ACK, 0,
			  0, NULL, NULL, false);
}

int kw_cmd_rules(int argc, char **argv)
{
	if (argc == 1 || !strcmp(argv[1], "list"))
		return rules_list();
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: kwarden rules [list]\n"
		       "       kwarden rules add compiler|container_mgmt NAME... [--file FILE]\n"
		       "       kwarden rules reset\n"
		       "list: every name pattern the kernel matches, with its rule.\n"
		       "add: appends exact names or globs (* ?) to a rule, atomically.\n"
		       "reset: back to the built-in names.\n"
		       "add and reset need CAP_NET_ADMIN.\n");
		return KW_EXIT_OK;
	}
	if (!strcmp(argv[1], "add"))
		return rules_add(argc - 1, argv + 1);
	if (!strcmp(argv[1], "reset") && argc == 2)
		return rules_reset();
	fprintf(stderr, "Usage: kwarden rules [list|add|reset] (see --help)\n");
	return KW_EXIT_USAGE;
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
