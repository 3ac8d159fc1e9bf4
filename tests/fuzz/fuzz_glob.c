// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the glob matcher the exec hook runs: kw_glob()
 * must agree with fnmatch(3) (no classes, no escapes, so the pattern
 * alphabet has neither '[' nor '\'), and never compare more bytes than
 * kw_glob_cost() promised, which is what bounds the kprobe's work.
 */
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/match.h"

/* Few letters, so that random patterns actually match random names. */
static const char alpha[] = "ab*?-/.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char pat[256], s[256];
	size_t plen = 0, slen = 0, i = 0;
	u32 budget = UINT32_MAX, cost;
	bool mine;
	int ref;

	/* pattern bytes up to the first 0xff, the name after it */
	for (; i < size && data[i] != 0xff && plen < 255; i++)
		pat[plen++] = alpha[data[i] % (sizeof(alpha) - 1)];
	for (i++; i < size && slen < 255; i++)
		s[slen++] = data[i] % 4 == 3 ? '*' : alpha[data[i] % 2];
	pat[plen] = s[slen] = '\0';

	mine = kw_glob_budget(pat, plen, s, slen, &budget);
	ref = fnmatch(pat, s, FNM_NOESCAPE);
	if (mine != (ref == 0)) {
		fprintf(stderr, "kw_glob('%s', '%s') = %d, fnmatch says %d\n",
			pat, s, mine, ref);
		abort();
	}
	cost = kw_glob_cost(pat, plen, slen);
	if (UINT32_MAX - budget > cost) {
		fprintf(stderr, "kw_glob('%s', '%s') compared %u bytes, cost says %u\n",
			pat, s, UINT32_MAX - budget, cost);
		abort();
	}
	return 0;
}
