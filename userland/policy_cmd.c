// SPDX-License-Identifier: GPL-2.0
/*
 * `kwarden policy`: check a policy file, load it into the kernel, show what
 * the kernel applies, reset to the built-in policy. The file is checked
 * whole by the same code the module runs (kmod/lib/ruleset.c) before a byte
 * is sent; the module checks it all again.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "ipc.h"
#include "lib/rules.h"
#include "policy_file.h"

static int policy_show(void)
{
	struct kw_ruleset *p;
	const char *why;
	int ret = kw_ipc_policy_get(&p, &why);

	if (ret == -EBADMSG) {
		fprintf(stderr, "kwarden: policy show: the kernel's policy dump is malformed\n");
		return KW_EXIT_ERROR;
	}
	if (ret == -EPROTO) {
		fprintf(stderr, "kwarden: policy show: the kernel's policy does not check: %s\n",
			why);
		return KW_EXIT_ERROR;
	}
	if (ret)
		return kw_fail("policy show", ret);
	printf("# kwarden policy as the kernel applies it\n");
	if (kw_policy_print(stdout, p) < 0 || fflush(stdout)) {
		fprintf(stderr, "kwarden: policy show: %s\n", strerror(errno));
		ret = KW_EXIT_ERROR;
	}
	kw_ruleset_free(p);
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
		ret = kw_ipc_policy_set(p);
		if (ret)
			ret = kw_fail("policy load", ret);
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
	if (!strcmp(sub, "reset") && argc == 2) {
		int err = kw_ipc_policy_reset();

		return err ? kw_fail("policy reset", err) : KW_EXIT_OK;
	}
	policy_usage(stderr);
	return KW_EXIT_USAGE;
}
