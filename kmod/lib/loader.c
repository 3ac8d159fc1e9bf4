// SPDX-License-Identifier: GPL-2.0
/*
 * Which program a dynamic loader run as a command executes (loader.h),
 * read as glibc's rtld.c (2.36) and musl's dynlink.c (1.2) read their
 * argv. A word each reading takes differently (musl's "--" and
 * "--opt=value", glibc's stop at the first word it does not know) would
 * otherwise hide the program from one of them.
 */
#include "plat.h"
#include "loader.h"

static bool kw_starts_with(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	return len >= n && !memcmp(s, lit, n);
}

static bool kw_has(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(s + i, lit, n))
			return true;
	return false;
}

bool kw_loader_name(const char *name, size_t len)
{
	const char *nul;

	/* every exec asks: most names fail on their first two bytes */
	if (len < 5 || name[0] != 'l' || name[1] != 'd')
		return false;
	nul = memchr(name, '\0', len);
	if (nul)
		len = nul - name;
	if (kw_starts_with(name, len, "ld-"))
		return kw_has(name + 3, len - 3, ".so");
	return kw_starts_with(name, len, "ld.so") ||
	       kw_starts_with(name, len, "ld64.so");
}

/* The word at *@pos of @argv, and *@pos past it; false at the end. */
static bool kw_next_word(const char *argv, size_t len, size_t *pos,
			 struct kw_span *w)
{
	const char *nul;

	if (*pos >= len)
		return false;
	w->s = argv + *pos;
	nul = memchr(w->s, '\0', len - *pos);
	w->len = nul ? (size_t)(nul - w->s) : len - *pos;
	*pos += w->len + 1;
	return true;
}

static bool kw_is(const struct kw_span *w, const char *lit)
{
	return w->len == strlen(lit) && !memcmp(w->s, lit, w->len);
}

static bool kw_is_any(const struct kw_span *w, const char *const *lits)
{
	for (; *lits; lits++)
		if (kw_is(w, *lits))
			return true;
	return false;
}

/* glibc: options until the first word that is none; that word runs. */
static bool kw_glibc_program(const char *argv, size_t len,
			     struct kw_span *prog)
{
	static const char *const runs_nothing[] = {
		"--list", "--verify", "--help", "--version", "--list-tunables",
		"--list-diagnostics", NULL,
	};
	static const char *const flags[] = { "--inhibit-cache", NULL };
	static const char *const with_value[] = {
		"--library-path", "--inhibit-rpath", "--audit", "--preload",
		"--argv0", "--glibc-hwcaps-prepend", "--glibc-hwcaps-mask", NULL,
	};
	struct kw_span w, v;
	bool runs = true;
	size_t pos = 0, save;

	if (!kw_next_word(argv, len, &pos, &w))
		return false;
	while (kw_next_word(argv, len, &pos, &w)) {
		if (kw_is_any(&w, runs_nothing)) {
			runs = false;
			continue;
		}
		if (kw_is_any(&w, flags))
			continue;
		/* an option is one only with a word after it */
		save = pos;
		if (kw_is_any(&w, with_value) && kw_next_word(argv, len, &pos, &v))
			continue;
		pos = save;
		*prog = w;
		return runs;
	}
	return false;
}

/*
 * musl: words starting with "--" are options ("--" ends them, "--opt=v"
 * is one word, an unknown one is an error); argv[0] ending in "ldd" or
 * "--list" is ldd mode, which runs nothing.
 */
static bool kw_musl_program(const char *argv, size_t len,
			    struct kw_span *prog)
{
	static const char *const with_value[] = {
		"library-path", "preload", "argv0", NULL,
	};
	const char *const *o;
	struct kw_span w, v;
	size_t pos = 0;
	bool ldd;

	if (!kw_next_word(argv, len, &pos, &w))
		return false;
	ldd = w.len >= 3 && !memcmp(w.s + w.len - 3, "ldd", 3);
	while (kw_next_word(argv, len, &pos, &w)) {
		const char *opt = w.s + 2;
		size_t olen = w.len - 2;

		if (w.len < 2 || w.s[0] != '-' || w.s[1] != '-') {
			*prog = w;
			return !ldd;
		}
		if (!olen) {
			if (!kw_next_word(argv, len, &pos, prog))
				return false;
			return !ldd;
		}
		if (olen == 4 && !memcmp(opt, "list", 4)) {
			ldd = true;
			continue;
		}
		for (o = with_value; *o; o++)
			if (kw_starts_with(opt, olen, *o))
				break;
		if (!*o)
			return false;
		if (olen > strlen(*o)) {
			if (opt[strlen(*o)] != '=')
				return false;
			continue;
		}
		if (!kw_next_word(argv, len, &pos, &v))
			return false;
	}
	return false;
}

int kw_loader_programs(const char *argv, size_t len,
		       struct kw_span out[KW_LOADER_READINGS])
{
	struct kw_span m;
	int n = 0;

	if (kw_glibc_program(argv, len, &out[0]))
		n++;
	if (kw_musl_program(argv, len, &m) &&
	    (!n || m.s != out[0].s))
		out[n++] = m;
	return n;
}
