// SPDX-License-Identifier: GPL-2.0
/*
 * Name matching for the exec hook. Exact names live in an open-addressing
 * hash table at most half full, so a lookup costs a hash and a probe or
 * two however many names are loaded; globs are kept apart and tried last.
 * A matcher is one allocation, built once and never modified, so readers
 * need no lock.
 */
#include "plat.h"
#include "kwarden.h"
#include "match.h"

struct kw_slot {
	u64 hash;
	u32 idx;		/* entry index + 1; 0 marks an empty slot */
};

/* A glob name, with what every exec needs of it side by side. */
struct kw_glob_ent {
	const char *pattern;
	u32 idx;		/* its entry */
	u8 len, head, tail;	/* bytes in all, before the first '*', after the last */
	bool star;		/* has a '*': otherwise only '?' */
};

/*
 * Every exec looks its name up, and almost none is listed: a bit per
 * first two bytes of the exact names ends most lookups before the hash.
 */
#define KW_PFX_BITS	4096

struct kw_matcher {
	u64 pfx[KW_PFX_BITS / 64];
	size_t n;
	size_t nglobs;
	size_t mask;		/* slots - 1, slots a power of two */
	struct kw_name_entry *e;
	u8 *len;
	struct kw_glob_ent *globs;
	struct kw_slot *slots;
};

static u64 kw_hash(const char *s, size_t len)
{
	u64 h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (u8)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static u32 kw_pfx(const char *s, size_t len)
{
	u32 b = (u8)s[0] * 67 + (len > 1 ? (u8)s[1] : 0);

	return b % KW_PFX_BITS;
}

static bool kw_is_glob(const char *s, size_t len)
{
	return memchr(s, '*', len) || memchr(s, '?', len);
}

/* @n bytes of @pat (no '*' among them) against @s; '?' takes any byte. */
static __always_inline bool kw_seg_eq(const char *pat, const char *s,
				      size_t n, u32 *budget)
{
	size_t j, max = n < *budget ? n : *budget;

	for (j = 0; j < max; j++)
		if (pat[j] != s[j] && pat[j] != '?')
			break;
	/* what was compared: the mismatch counts */
	*budget -= j < max ? j + 1 : max;
	return j == n;
}

/*
 * A glob is S0*S1*...*Sk: S0 must match at the start of @s, Sk at its
 * end, and each middle segment anywhere in between, in order. Taking
 * each middle segment at its leftmost place is exact for globs without
 * classes: a later place never leaves more room for the rest. So nothing
 * is ever retried: the two ends cost their length, and a middle segment
 * of m bytes at most m per place it is tried at. Every byte compared
 * spends one unit of *budget; none left is a mismatch. A '*' or '?' in
 * @s is an ordinary byte.
 */
static bool kw_glob_split(const char *pat, size_t plen, size_t head,
			  size_t tail, const char *s, size_t slen, u32 *budget)
{
	const char *last = pat + plen - tail - 1;	/* the last '*' */
	size_t pos = head, end, p = head + 1;

	if (head + tail > slen ||
	    !kw_seg_eq(last + 1, s + slen - tail, tail, budget) ||
	    !kw_seg_eq(pat, s, head, budget))
		return false;
	end = slen - tail;
	while (pat + p < last) {
		const char *seg = pat + p;
		size_t m = (const char *)memchr(seg, '*', last - seg + 1) - seg;

		p += m + 1;
		if (!m)
			continue;
		/* most places fail at the first byte: try it alone */
		for (;; pos++) {
			if (pos + m > end || !*budget)
				return false;
			if (seg[0] != s[pos] && seg[0] != '?') {
				--*budget;
				continue;
			}
			if (kw_seg_eq(seg, s + pos, m, budget))
				break;
		}
		pos += m;
	}
	return true;
}

/* Bytes before the first and after the last '*'; false: no '*'. */
static bool kw_glob_ends(const char *pat, size_t plen, size_t *head,
			 size_t *tail)
{
	const char *first = memchr(pat, '*', plen);
	size_t p;

	if (!first)
		return false;
	*head = first - pat;
	for (p = plen; pat[p - 1] != '*'; p--)
		;
	*tail = plen - p;
	return true;
}

static void kw_free_matcher_mem(struct kw_matcher *m)
{
	kw_free(m);
}

struct kw_matcher *kw_matcher_build(const struct kw_name_entry *e, size_t n,
				    int *err)
{
	size_t i, pool = 0, slots = 2, off, cost = 0;
	struct kw_matcher *m;
	char *p, *base;

	if (n > KWARDEN_PATTERNS_MAX) {
		*err = -E2BIG;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		size_t l = e[i].pattern ? strnlen(e[i].pattern,
						  KWARDEN_PATTERN_MAX + 1) : 0;

		if (!l || l > KWARDEN_PATTERN_MAX ||
		    memchr(e[i].pattern, '/', l)) {
			*err = -EINVAL;
			return NULL;
		}
		pool += l + 1;
	}
	while (slots < 2 * n)
		slots <<= 1;

	/* One block: header, entries, lengths, glob index, slots, strings. */
	off = sizeof(*m);
	off += n * sizeof(struct kw_name_entry);
	off = (off + 7) & ~(size_t)7;
	off += n * sizeof(struct kw_glob_ent);
	off += slots * sizeof(struct kw_slot);
	off += n;
	base = kw_zalloc(off + pool);
	if (!base) {
		*err = -ENOMEM;
		return NULL;
	}
	m = (struct kw_matcher *)base;
	p = base + sizeof(*m);
	m->e = (struct kw_name_entry *)p;
	p += n * sizeof(struct kw_name_entry);
	p = base + (((size_t)(p - base) + 7) & ~(size_t)7);
	m->globs = (struct kw_glob_ent *)p;
	p += n * sizeof(struct kw_glob_ent);
	m->slots = (struct kw_slot *)p;
	p += slots * sizeof(struct kw_slot);
	m->len = (u8 *)p;
	p += n;
	m->mask = slots - 1;

	for (i = 0; i < n; i++) {
		size_t l = strlen(e[i].pattern), j;
		u32 b;
		u64 h;

		memcpy(p, e[i].pattern, l + 1);
		m->e[i].pattern = p;
		m->e[i].tag = e[i].tag;
		m->e[i].flags = e[i].flags & ~KWARDEN_PF_GLOB;
		m->len[i] = (u8)l;
		p += l + 1;
		if (kw_is_glob(m->e[i].pattern, l)) {
			struct kw_glob_ent *g = &m->globs[m->nglobs++];
			size_t head = 0, tail = 0;

			cost += kw_glob_cost(m->e[i].pattern, l,
					     KWARDEN_PATTERN_MAX);
			m->e[i].flags |= KWARDEN_PF_GLOB;
			g->pattern = m->e[i].pattern;
			g->idx = (u32)i;
			g->len = (u8)l;
			g->star = kw_glob_ends(g->pattern, l, &head, &tail);
			g->head = (u8)head;
			g->tail = (u8)tail;
			continue;
		}
		b = kw_pfx(m->e[i].pattern, l);
		m->pfx[b / 64] |= 1ULL << (b % 64);
		h = kw_hash(m->e[i].pattern, l);
		for (j = h & m->mask; m->slots[j].idx; j = (j + 1) & m->mask) {
			u32 k = m->slots[j].idx - 1;

			/* A duplicate keeps the first rule that named it. */
			if (m->slots[j].hash == h && m->len[k] == l &&
			    !memcmp(m->e[k].pattern, m->e[i].pattern, l))
				break;
		}
		if (!m->slots[j].idx) {
			m->slots[j].hash = h;
			m->slots[j].idx = (u32)i + 1;
		}
	}
	m->n = n;
	/* Every exec that finds no exact name tries each glob. */
	if (m->nglobs > KWARDEN_GLOBS_MAX || cost > KWARDEN_GLOB_COST_MAX) {
		*err = m->nglobs > KWARDEN_GLOBS_MAX ? -E2BIG : -ERANGE;
		kw_free_matcher_mem(m);
		return NULL;
	}
	*err = 0;
	return m;
}

void kw_matcher_free(struct kw_matcher *m)
{
	if (m)
		kw_free_matcher_mem(m);
}

size_t kw_matcher_count(const struct kw_matcher *m)
{
	return m ? m->n : 0;
}

bool kw_matcher_entry(const struct kw_matcher *m, size_t i,
		      struct kw_name_entry *out)
{
	if (!m || i >= m->n)
		return false;
	*out = m->e[i];
	return true;
}

static bool kw_exact(const struct kw_matcher *m, const char *s, size_t len,
		     struct kw_match *out)
{
	u32 b;
	u64 h;
	size_t j;

	if (!len)
		return false;
	b = kw_pfx(s, len);
	if (!(m->pfx[b / 64] & (1ULL << (b % 64))))
		return false;
	h = kw_hash(s, len);
	/* At most half the slots are used, so an empty one ends the probe. */
	for (j = h & m->mask; m->slots[j].idx; j = (j + 1) & m->mask) {
		u32 k = m->slots[j].idx - 1;

		if (m->slots[j].hash == h && m->len[k] == len &&
		    !memcmp(m->e[k].pattern, s, len)) {
			out->tag = m->e[k].tag;
			out->flags = m->e[k].flags;
			out->pattern = m->e[k].pattern;
			return true;
		}
	}
	return false;
}

static bool kw_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length without a "-12", "-16.0.6" version suffix, or @len if none. */
static size_t kw_strip_version(const char *s, size_t len)
{
	size_t i = len, j;

	while (i > 0 && s[i - 1] != '-')
		i--;
	if (i < 2 || i == len || !kw_digit(s[i]))
		return len;
	for (j = i; j < len; j++)
		if (!kw_digit(s[j]) && s[j] != '.')
			return len;
	return i - 1;
}

/* At most this many dash-separated parts of a name are the tool's own. */
#define KW_TOOL_PARTS	4

static bool kw_exact_or_versioned(const struct kw_matcher *m, const char *s,
				  size_t len, struct kw_match *out)
{
	size_t v = kw_strip_version(s, len);

	return kw_exact(m, s, len, out) ||
	       (v != len && kw_exact(m, s, v, out));
}

bool kw_match_name(const struct kw_matcher *m, const char *name, size_t len,
		   struct kw_match *out)
{
	size_t i, dashes = 0, dash[KW_TOOL_PARTS];

	if (!m || !name)
		return false;
	len = strnlen(name, len);
	if (!len || len > KWARDEN_PATTERN_MAX)
		return false;

	if (kw_exact_or_versioned(m, name, len, out))
		return true;

	/*
	 * A cross or distribution toolchain prefixes the tool with a target
	 * triplet (x86_64-linux-gnu-gcc-12, arm-none-eabi-as): a prefix of
	 * two or more dash-separated parts is dropped. One part is not
	 * enough, or "gcc-ar" would become "ar" and "foo-gcc" "gcc". The tool
	 * itself is the last few parts ("gcc-ar-12"): only the suffixes after
	 * the last KW_TOOL_PARTS dashes are tried, longest first, so a name
	 * full of dashes costs a few lookups, not one per dash.
	 */
	for (i = 0; i < len; i++) {
		if (name[i] != '-')
			continue;
		dash[dashes % KW_TOOL_PARTS] = i;
		dashes++;
	}
	for (i = dashes > KW_TOOL_PARTS ? dashes - KW_TOOL_PARTS : 0;
	     i < dashes; i++) {
		size_t d = dash[i % KW_TOOL_PARTS];

		/* the i-th dash ends a prefix of i + 1 parts */
		if (i < 1 || d + 1 >= len)
			continue;
		if (kw_exact_or_versioned(m, name + d + 1, len - d - 1, out))
			return true;
	}

	/* kw_matcher_build() bounded what these can cost: no budget */
	for (i = 0; i < m->nglobs; i++) {
		const struct kw_glob_ent *g = &m->globs[i];
		u32 k = g->idx, budget = U32_MAX;

		/* most globs fail on their last or first byte: no call */
		if (g->tail && g->pattern[g->len - 1] != name[len - 1] &&
		    g->pattern[g->len - 1] != '?')
			continue;
		if (g->head && g->pattern[0] != name[0] && g->pattern[0] != '?')
			continue;
		if (g->star ? kw_glob_split(g->pattern, g->len, g->head,
					    g->tail, name, len, &budget) :
		    g->len == len && kw_seg_eq(g->pattern, name, len, &budget)) {
			out->tag = m->e[k].tag;
			out->flags = m->e[k].flags;
			out->pattern = m->e[k].pattern;
			return true;
		}
	}
	return false;
}

const char *kw_basename(const char *path, size_t len, size_t *outlen)
{
	size_t i = len;

	while (i > 0 && path[i - 1] != '/')
		i--;
	*outlen = len - i;
	return path + i;
}

bool kw_glob_budget(const char *pat, size_t plen, const char *s, size_t slen,
		    u32 *budget)
{
	size_t head, tail;

	if (!kw_glob_ends(pat, plen, &head, &tail))
		return plen == slen && kw_seg_eq(pat, s, plen, budget);
	return kw_glob_split(pat, plen, head, tail, s, slen, budget);
}

bool kw_glob(const char *pat, size_t plen, const char *s, size_t slen)
{
	u32 budget = U32_MAX;

	return kw_glob_budget(pat, plen, s, slen, &budget);
}

u32 kw_glob_cost(const char *pat, size_t plen, size_t slen_max)
{
	const char *first = memchr(pat, '*', plen);
	size_t p, m = 0, cost = 0, ends = 0;

	if (!first)
		return plen;
	/* the ends: each byte once; a middle byte once per place tried */
	for (p = 0; p < plen; p++) {
		if (pat[p] != '*') {
			m++;
			continue;
		}
		if (pat + p == first)
			ends += m;
		else
			cost += m * slen_max;
		m = 0;
	}
	ends += m;
	cost += ends;
	return cost > U32_MAX ? U32_MAX : (u32)cost;
}
