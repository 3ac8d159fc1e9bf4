/* SPDX-License-Identifier: GPL-2.0 */
/* The kwarden CLI's commands and what they share. */
#ifndef KWARDEN_CLI_H
#define KWARDEN_CLI_H

/* Exit codes, documented in --help and kwarden(8). */
enum {
	KW_EXIT_OK = 0,
	KW_EXIT_ERROR = 1,
	KW_EXIT_USAGE = 2,
	KW_EXIT_NOMODULE = 3,
};

/*
 * Says why a request to the module failed (@err from an ipc.h call, a
 * negative errno): the kernel's own message first, if it sent one.
 * Returns the exit code: KW_EXIT_NOMODULE when the module is not loaded.
 */
int kw_fail(const char *what, int err);

/* subcommands */
int kw_cmd_watch(int argc, char **argv);
int kw_cmd_status(int argc, char **argv);
int kw_cmd_policy(int argc, char **argv);
int kw_cmd_mode(int argc, char **argv);

#endif
