// SPDX-License-Identifier: GPL-2.0
/* kwarden: the command-line relay and control tool for kwarden.ko. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "ipc.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "watch", kw_cmd_watch, "print findings as JSON lines or text, raise syslog alerts" },
	{ "status", kw_cmd_status, "module version, mode and counters" },
	{ "mode", kw_cmd_mode, "show or set the mode: detect or enforce" },
	{ "policy", kw_cmd_policy, "check, load, show or reset the detection policy" },
};

int kw_fail(const char *what, int err)
{
	const char *msg = kw_ipc_kernel_msg();

	if (err == -ENOENT) {
		fprintf(stderr, "kwarden: kernel module not loaded (generic netlink family '%s' not found)\n",
			KWARDEN_GENL_NAME);
		return KW_EXIT_NOMODULE;
	}
	if (msg)
		fprintf(stderr, "kwarden: kernel: %s\n", msg);
	fprintf(stderr, "kwarden: %s: %s\n", what, strerror(-err));
	return KW_EXIT_ERROR;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: kwarden <command> [options]\n\nCommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "\n`kwarden <command> --help` describes each command.\n"
		   "Exit codes: 0 success, 1 error, 2 usage, 3 module not loaded.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return KW_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return KW_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("kwarden %s\n", KWARDEN_VERSION);
		return KW_EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "kwarden: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return KW_EXIT_USAGE;
}
