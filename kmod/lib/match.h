/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Executable-name matching. A matcher is built once (may allocate, may
 * sleep) and is then immutable: lookups allocate nothing, take no lock and
 * run in bounded time, so they are safe in the exec hot path under RCU.
 */
#ifndef _KW_LIB_MATCH_H
#define _KW_LIB_MATCH_H

#include "plat.h"

struct kw_name_entry {
	const char *pattern;	/* exact name, or glob with * and ? */
	u32 tag;		/* caller's: the ruleset puts the set index */
	u32 flags;		/* KWARDEN_PF_* */
};

struct kw_match {
	u32 tag;
	u32 flags;
	const char *pattern;	/* owned by the matcher */
};

struct kw_matcher;

/*
 * Builds a matcher from @n entries. Patterns are copied. Returns NULL and
 * sets *err (-EINVAL for an empty or overlong pattern, -E2BIG past
 * KWARDEN_PATTERNS_MAX patterns or KWARDEN_GLOBS_MAX globs, -ERANGE when
 * the globs cost more than KWARDEN_GLOB_COST_MAX, -ENOMEM).
 */
struct kw_matcher *kw_matcher_build(const struct kw_name_entry *e, size_t n,
				    int *err);
void kw_matcher_free(struct kw_matcher *m);
size_t kw_matcher_count(const struct kw_matcher *m);
/* The i-th entry as given to kw_matcher_build (for listing rules). */
bool kw_matcher_entry(const struct kw_matcher *m, size_t i,
		      struct kw_name_entry *out);

/*
 * Matches one basename of @len bytes (need not be NUL-terminated; bytes
 * past a NUL are ignored). Tries the exact name, then the name without a
 * version suffix and/or target-triplet prefix (x86_64-linux-gnu-gcc-12 ->
 * gcc), then the glob patterns.
 */
bool kw_match_name(const struct kw_matcher *m, const char *name, size_t len,
		   struct kw_match *out);

/* Last path component of @path (@len bytes); its length in *outlen. */
const char *kw_basename(const char *path, size_t len, size_t *outlen);

/* Glob with * and ? over byte strings; no character classes. */
bool kw_glob(const char *pat, size_t plen, const char *s, size_t slen);
/* The same, spending one unit of *budget per byte compared; none left: no match. */
bool kw_glob_budget(const char *pat, size_t plen, const char *s, size_t slen,
		    u32 *budget);
/* The most bytes kw_glob() compares for @pat against @slen_max bytes. */
u32 kw_glob_cost(const char *pat, size_t plen, size_t slen_max);

#endif /* _KW_LIB_MATCH_H */
