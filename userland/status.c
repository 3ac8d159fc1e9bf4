// SPDX-License-Identifier: GPL-2.0
/* `kwarden status`: is the module loaded, its version, mode and counters. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "yyjson/yyjson.h"
#include "agent.h"
#include "cli.h"
#include "ipc.h"

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
static int print_status(const struct kw_status *st, bool json)
{
	static const char *const keys[KW_COUNTER_NR] = {
#define X(name, key) key,
		KWARDEN_STATS(X)
#undef X
	};
	yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
	yyjson_mut_val *o;
	unsigned int i;
	char key[64];

	if (!d)
		return KW_EXIT_ERROR;
	o = yyjson_mut_obj(d);
	yyjson_mut_doc_set_root(d, o);
	yyjson_mut_obj_add(o, yyjson_mut_str(d, "loaded"),
			   yyjson_mut_bool(d, true));
	add_str(d, o, "version", st->version);
	add_uint(d, o, "abi", st->abi);
	add_str(d, o, "mode", st->mode == KWARDEN_MODE_ENFORCE ?
		"enforce" : "detect");
	add_uint(d, o, "names", st->names);
	for (i = 0; i < st->nrules; i++) {
		const struct kw_rule_status *r = &st->rules[i];

		snprintf(key, sizeof(key), "names_%s", r->name);
		add_uint(d, o, key, r->names);
		if (r->action >= 0) {
			snprintf(key, sizeof(key), "action_%s", r->name);
			add_str(d, o, key, kw_action_str((unsigned int)r->action));
		}
	}
	for (i = 0; i < KW_COUNTER_NR; i++)
		add_uint(d, o, keys[i], st->counters[i]);
	add_uint(d, o, "policy_generation", st->policy_gen);
	/*
	 * Whether a relay's agent feeds the workload exceptions: a table
	 * older than three resends means no relay has sent one for a while
	 * (a table is never set: none; only then is its age absent).
	 */
	add_uint(d, o, "workloads_classified", st->workloads);
	add_str(d, o, "agent", st->workloads_age_ms == UINT64_MAX ? "none" :
		st->workloads_age_ms > 3000ULL * KW_AGENT_RESEND_S ? "stale" :
		"feeding");
	if (st->workloads_age_ms != UINT64_MAX)
		add_uint(d, o, "agent_last_table_ms", st->workloads_age_ms);
	if (json) {
		char *line = yyjson_mut_write(d, YYJSON_WRITE_NOFLAG, NULL);

		if (line)
			printf("%s\n", line);
		free(line);
	} else {
		print_text(o);
	}
	yyjson_mut_doc_free(d);
	return KW_EXIT_OK;
}

int kw_cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct kw_status st;
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
			       "names and its counters, and whether a relay's agent feeds the\n"
			       "workload exceptions (agent: none, feeding or stale).\n");
			return KW_EXIT_OK;
		default:
			return KW_EXIT_USAGE;
		}
	}
	c = kw_ipc_status(&st);
	/* In JSON, an absent module is an answer, not an error message. */
	if (c == -ENOENT && json) {
		printf("{\"loaded\":false}\n");
		return KW_EXIT_NOMODULE;
	}
	if (c)
		return json ? KW_EXIT_ERROR : kw_fail("status", c);
	return print_status(&st, json);
}
