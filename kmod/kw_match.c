// SPDX-License-Identifier: GPL-2.0
/*
 * Name matching for the exec hook. Exact names live in an open-addressing
 * hash table at most half full, so a lookup costs a hash and a probe or
 * two however many names are loaded; globs are kept apart and tried last.
 * A matcher is one allocation, built once and never modified, so readers
 * need no lock.
 */
#include "kw_plat.h"
#include "kwarden.h"
#include "kw_match.h"

struct kw_slot {
	u64 hash;
	u32 idx;		/* entry index + 1; 0 marks an empty slot */
};

struct kw_matcher {
	size_t n;
	size_t nglobs;
	size_t mask;		/* slots - 1, slots a power of two */
	struct kw_name_entry *e;
	u8 *len;
	u32 *globs;
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

static bool kw_is_glob(const char *s, size_t len)
{
	return memchr(s, '*', len) || memchr(s, '?', len);
}

static void kw_free_matcher_mem(struct kw_matcher *m)
{
	kw_free(m);
}

struct kw_matcher *kw_matcher_build(const struct kw_name_entry *e, size_t n,
				    int *err)
{
	size_t i, pool = 0, slots = 2, off;
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
	off += n * sizeof(u32);
	off = (off + 7) & ~(size_t)7;
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
	m->globs = (u32 *)p;
	p += n * sizeof(u32);
	p = base + (((size_t)(p - base) + 7) & ~(size_t)7);
	m->slots = (struct kw_slot *)p;
	p += slots * sizeof(struct kw_slot);
	m->len = (u8 *)p;
	p += n;
	m->mask = slots - 1;

	for (i = 0; i < n; i++) {
		size_t l = strlen(e[i].pattern), j;
		u64 h;

		memcpy(p, e[i].pattern, l + 1);
		m->e[i].pattern = p;
		m->e[i].tag = e[i].tag;
		m->e[i].flags = e[i].flags & ~KWARDEN_PF_GLOB;
		m->len[i] = (u8)l;
		p += l + 1;
		if (kw_is_glob(m->e[i].pattern, l)) {
			m->e[i].flags |= KWARDEN_PF_GLOB;
			m->globs[m->nglobs++] = (u32)i;
			continue;
		}
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
	if (m->nglobs > KWARDEN_GLOBS_MAX) {
		kw_free_matcher_mem(m);
		*err = -E2BIG;
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
	u64 h = kw_hash(s, len);
	size_t j;

	if (!len)
		return false;
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
	size_t i, dashes = 0;

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
	 * enough, or "gcc-ar" would become "ar" and "foo-gcc" "gcc".
	 */
	for (i = 0; i + 1 < len; i++) {
		if (name[i] != '-' || ++dashes < 2)
			continue;
		if (kw_exact_or_versioned(m, name + i + 1, len - i - 1, out))
			return true;
	}

	for (i = 0; i < m->nglobs; i++) {
		u32 k = m->globs[i];

		if (kw_glob(m->e[k].pattern, m->len[k], name, len)) {
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

/*
 * Iterative glob: on a mismatch, retry from the last '*' one byte further
 * on. Each byte of @s is passed at most once per '*', so the cost is
 * bounded by plen * slen with no recursion; each step spends one unit of
 * *budget, and an exhausted budget is a mismatch.
 */
bool kw_glob_budget(const char *pat, size_t plen, const char *s, size_t slen,
		    u32 *budget)
{
	size_t p = 0, i = 0, star_p = 0, star_i = 0;
	bool star = false;

	while (i < slen) {
		if (!*budget)
			return false;
		--*budget;
		if (p < plen && (pat[p] == '?' || pat[p] == s[i])) {
			p++;
			i++;
		} else if (p < plen && pat[p] == '*') {
			star = true;
			star_p = ++p;
			star_i = i;
		} else if (star) {
			p = star_p;
			i = ++star_i;
		} else {
			return false;
		}
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}

bool kw_glob(const char *pat, size_t plen, const char *s, size_t slen)
{
	u32 budget = U32_MAX;

	return kw_glob_budget(pat, plen, s, slen, &budget);
}
