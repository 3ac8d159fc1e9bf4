/* SPDX-License-Identifier: GPL-2.0 */
/* The policy file: text <-> struct kw_ruleset (see dist/policy.conf). */
#ifndef KWARDEN_POLICY_FILE_H
#define KWARDEN_POLICY_FILE_H

#include <stddef.h>
#include <stdio.h>
#include "lib/ruleset.h"

/*
 * Parses @len bytes of policy text read from @path (used in messages).
 * Returns a finished policy, or NULL with "PATH:LINE: reason" in @err.
 * The whole text is checked, by the same code the kernel runs.
 */
struct kw_ruleset *kw_policy_parse(const char *path, const char *text, size_t len,
			       char *err, size_t errlen);
/* Reads @path ("-" for standard input) and parses it. */
struct kw_ruleset *kw_policy_load_file(const char *path, char *err, size_t errlen);
/* The canonical text of @p, which kw_policy_parse() reads back. */
int kw_policy_print(FILE *out, const struct kw_ruleset *p);

#endif
