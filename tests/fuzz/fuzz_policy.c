// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the policy file parser and the shared builder it
 * drives (kmod/lib/ruleset.c). Besides memory errors (ASan/UBSan), it checks
 * the round trip: whatever parses prints to text that parses again and
 * prints identically.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "policy_file.h"

static char *print(const struct kw_ruleset *p, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f || kw_policy_print(f, p) || fclose(f))
		abort();
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *t1, *t2;
	struct kw_ruleset *p, *q;
	size_t l1, l2;

	p = kw_policy_parse("fuzz", (const char *)data, size, err, sizeof(err));
	if (!p)
		return 0;
	t1 = print(p, &l1);
	q = kw_policy_parse("printed", t1, l1, err, sizeof(err));
	if (!q) {
		fprintf(stderr, "printed policy does not parse: %s\n%s", err, t1);
		abort();
	}
	t2 = print(q, &l2);
	if (l1 != l2 || memcmp(t1, t2, l1)) {
		fprintf(stderr, "round trip differs:\n%s---\n%s", t1, t2);
		abort();
	}
	free(t1);
	free(t2);
	kw_ruleset_free(p);
	kw_ruleset_free(q);
	return 0;
}
