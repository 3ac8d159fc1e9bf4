// SPDX-License-Identifier: GPL-2.0
/*
 * The policy file format (documented in dist/policy.conf and kwarden(8)):
 * INI-like sections, `[rule NAME]` and `[exception NAME]`, with
 * `key = value...` lines and # comments. The parser only collects; every
 * check is kmod/lib/ruleset.c's, run item by item in the canonical order,
 * and an error is reported at the line of the item that caused it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "policy_file.h"

struct p_word {
	char *s;
	int line;
};

struct p_words {
	struct p_word *v;
	size_t n, cap;
};

struct p_set {
	size_t rule;
	int args_on;
	struct p_words args;	/* the condition's words */
	char *path;
	struct p_words names;
	int line;		/* where the set first appeared */
};

struct p_rule {
	char *name, *technique;
	int severity, action, detect;
	bool has_technique, has_severity, has_action, has_detect;
	int line;
};

struct p_value {
	int field;
	char *s;
	int line;
};

struct p_exc {
	char *name;
	struct p_words rules;
	struct p_value *v;
	size_t nv, capv;
	int line;
};

struct p_file {
	const char *path;
	struct p_rule *rules;
	size_t nrules, caprules;
	struct p_set *sets;
	size_t nsets, capsets;
	struct p_exc *exc;
	size_t nexc, capexc;
	char *err;
	size_t errlen;
	bool failed;
};

static bool perr(struct p_file *f, int line, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (f->failed)
		return false;
	f->failed = true;
	n = line ? (size_t)snprintf(f->err, f->errlen, "%s:%d: ", f->path, line) :
		   (size_t)snprintf(f->err, f->errlen, "%s: ", f->path);
	if (n < f->errlen) {
		va_start(ap, fmt);
		vsnprintf(f->err + n, f->errlen - n, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* Grows *v (of *cap elements of size sz) to hold n + 1. */
static bool grow(void **v, size_t *cap, size_t n, size_t sz)
{
	void *nv;
	size_t c;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 8;
	nv = realloc(*v, c * sz);
	if (!nv)
		return false;
	*v = nv;
	*cap = c;
	return true;
}

static bool words_add(struct p_file *f, struct p_words *w, const char *s,
		      int line)
{
	char *d = strdup(s);

	if (!d || !grow((void **)&w->v, &w->cap, w->n, sizeof(*w->v))) {
		free(d);
		return perr(f, line, "out of memory");
	}
	w->v[w->n++] = (struct p_word){ d, line };
	return true;
}

static void words_free(struct p_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i].s);
	free(w->v);
}

static void p_free(struct p_file *f)
{
	size_t i, j;

	for (i = 0; i < f->nrules; i++) {
		free(f->rules[i].name);
		free(f->rules[i].technique);
	}
	for (i = 0; i < f->nsets; i++) {
		words_free(&f->sets[i].args);
		words_free(&f->sets[i].names);
		free(f->sets[i].path);
	}
	for (i = 0; i < f->nexc; i++) {
		free(f->exc[i].name);
		words_free(&f->exc[i].rules);
		for (j = 0; j < f->exc[i].nv; j++)
			free(f->exc[i].v[j].s);
		free(f->exc[i].v);
	}
	free(f->rules);
	free(f->sets);
	free(f->exc);
}

/* Splits @s in place at whitespace; returns the count, at most @max. */
static size_t split(char *s, char **tok, size_t max, bool *more)
{
	size_t n = 0;

	*more = false;
	for (;;) {
		while (*s && isspace((unsigned char)*s))
			*s++ = '\0';
		if (!*s)
			return n;
		if (n == max) {
			*more = true;
			return n;
		}
		tok[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
	}
}

static bool words_equal(const struct p_words *a, char **b, size_t n)
{
	size_t i;

	if (a->n != n)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(a->v[i].s, b[i]))
			return false;
	return true;
}

/* `names = N... [when args|arg1 W...] [when path GLOB]` */
static bool parse_names(struct p_file *f, char **tok, size_t n, int line)
{
	size_t i = 0, nnames, j, nargs = 0;
	char **args = NULL, *path = NULL;
	int args_on = KWARDEN_ARGS_NONE;
	struct p_set *s = NULL;

	while (i < n && strcmp(tok[i], "when"))
		i++;
	nnames = i;
	if (!nnames)
		return perr(f, line, "names needs at least one name before 'when'");
	while (i < n) {
		const char *kind = ++i < n ? tok[i] : "";

		i++;
		j = i;
		while (j < n && strcmp(tok[j], "when"))
			j++;
		if (!strcmp(kind, "args") || !strcmp(kind, "arg1")) {
			if (args_on != KWARDEN_ARGS_NONE)
				return perr(f, line, "two argv conditions on one line");
			if (j == i)
				return perr(f, line, "'when %s' needs at least one word", kind);
			args_on = kw_args_on_parse(kind);
			args = tok + i;
			nargs = j - i;
		} else if (!strcmp(kind, "path")) {
			if (path)
				return perr(f, line, "two path conditions on one line");
			if (j - i != 1)
				return perr(f, line, "'when path' takes exactly one glob");
			path = tok[i];
		} else {
			return perr(f, line, "unknown condition 'when %s' (args, arg1 or path)",
				    kind);
		}
		i = j;
	}

	/* Lines of one rule with the same conditions make one set. */
	for (j = 0; j < f->nsets; j++) {
		struct p_set *c = &f->sets[j];

		if (c->rule == f->nrules - 1 && c->args_on == args_on &&
		    words_equal(&c->args, args, nargs) &&
		    ((!c->path && !path) ||
		     (c->path && path && !strcmp(c->path, path)))) {
			s = c;
			break;
		}
	}
	if (!s) {
		if (!grow((void **)&f->sets, &f->capsets, f->nsets, sizeof(*s)))
			return perr(f, line, "out of memory");
		s = &f->sets[f->nsets++];
		memset(s, 0, sizeof(*s));
		s->rule = f->nrules - 1;
		s->args_on = args_on;
		s->line = line;
		if (path && !(s->path = strdup(path)))
			return perr(f, line, "out of memory");
		for (j = 0; j < nargs; j++)
			if (!words_add(f, &s->args, args[j], line))
				return false;
	}
	for (j = 0; j < nnames; j++)
		if (!words_add(f, &s->names, tok[j], line))
			return false;
	return true;
}

static bool parse_rule_key(struct p_file *f, const char *key, char **tok,
			   size_t n, int line)
{
	struct p_rule *r = &f->rules[f->nrules - 1];

	if (!strcmp(key, "names"))
		return parse_names(f, tok, n, line);
	if (!strcmp(key, "technique") || !strcmp(key, "severity") ||
	    !strcmp(key, "action") || !strcmp(key, "detect")) {
		bool *seen = key[0] == 't' ? &r->has_technique :
			     key[0] == 's' ? &r->has_severity :
			     key[0] == 'a' ? &r->has_action : &r->has_detect;

		if (*seen)
			return perr(f, line, "%s given twice in rule %s", key, r->name);
		*seen = true;
		if (n != 1)
			return perr(f, line, "%s takes one value", key);
	}
	/* the builder's own checks, here so that they name this line */
	if (!strcmp(key, "technique")) {
		if (!kw_ruleset_technique_ok(tok[0]))
			return perr(f, line, "%s", kw_e_technique);
		free(r->technique);
		r->technique = strdup(tok[0]);
		return r->technique ? true : perr(f, line, "out of memory");
	}
	if (!strcmp(key, "severity")) {
		r->severity = kw_severity_parse(tok[0]);
		if (r->severity < 0)
			return perr(f, line, "%s", kw_e_severity);
		return true;
	}
	if (!strcmp(key, "action")) {
		r->action = kw_action_parse(tok[0]);
		if (r->action < 0)
			return perr(f, line, "%s", kw_e_action);
		return true;
	}
	if (!strcmp(key, "detect")) {
		r->detect = kw_detect_parse(tok[0]);
		if (r->detect < 0)
			return perr(f, line, "%s", kw_e_detect);
		return true;
	}
	return perr(f, line, "unknown key '%s' in a rule (technique, severity, action, detect, names)",
		    key);
}

/* Operators paste ids and UIDs as they find them: accept either case, _. */
static void canonical(int field, char *s)
{
	for (; *s; s++) {
		if (field == KWARDEN_EXC_CONTAINER || field == KWARDEN_EXC_POD)
			*s = (char)tolower((unsigned char)*s);
		if (field == KWARDEN_EXC_POD && *s == '_')
			*s = '-';
	}
}

static bool parse_exc_key(struct p_file *f, const char *key, char **tok,
			  size_t n, int line)
{
	struct p_exc *x = &f->exc[f->nexc - 1];
	int field = kw_exc_field_parse(key);
	size_t i;

	if (!strcmp(key, "rules")) {
		for (i = 0; i < n; i++)
			if (!words_add(f, &x->rules, tok[i], line))
				return false;
		return true;
	}
	if (field < 0)
		return perr(f, line, "unknown key '%s' in an exception (rules, container, cgroup, pod, parent, uid, namespace, pod_name, container_name, image, unknown)",
			    key);
	for (i = 0; i < n; i++) {
		if (!grow((void **)&x->v, &x->capv, x->nv, sizeof(*x->v)))
			return perr(f, line, "out of memory");
		x->v[x->nv].s = strdup(tok[i]);
		if (!x->v[x->nv].s)
			return perr(f, line, "out of memory");
		canonical(field, x->v[x->nv].s);
		x->v[x->nv].field = field;
		x->v[x->nv].line = line;
		x->nv++;
	}
	return true;
}

static bool parse_section(struct p_file *f, char *s, int line, char *section)
{
	size_t len = strlen(s), n;
	char *tok[3];
	bool more;

	if (s[len - 1] != ']')
		return perr(f, line, "a section header is [rule NAME] or [exception NAME]");
	s[len - 1] = '\0';
	n = split(s + 1, tok, 3, &more);
	if (n != 2 || more)
		return perr(f, line, "a section header is [rule NAME] or [exception NAME]");
	if (!strcmp(tok[0], "rule")) {
		struct p_rule *r;

		if (!grow((void **)&f->rules, &f->caprules, f->nrules, sizeof(*r)))
			return perr(f, line, "out of memory");
		r = &f->rules[f->nrules++];
		memset(r, 0, sizeof(*r));
		r->name = strdup(tok[1]);
		r->technique = strdup("");
		r->severity = KWARDEN_SEV_MEDIUM;
		r->action = KWARDEN_RULE_ALERT;
		r->line = line;
		*section = 'r';
		return r->name && r->technique ? true : perr(f, line, "out of memory");
	}
	if (!strcmp(tok[0], "exception")) {
		struct p_exc *x;

		if (!grow((void **)&f->exc, &f->capexc, f->nexc, sizeof(*x)))
			return perr(f, line, "out of memory");
		x = &f->exc[f->nexc++];
		memset(x, 0, sizeof(*x));
		x->name = strdup(tok[1]);
		x->line = line;
		*section = 'e';
		return x->name ? true : perr(f, line, "out of memory");
	}
	return perr(f, line, "unknown section [%s] (rule or exception)", tok[0]);
}

/* One line, NUL-terminated and writable. Section: 'r', 'e' or 0. */
static bool parse_line(struct p_file *f, char *s, int line, char *section)
{
	char *eq, *key, *end, **tok;
	size_t n, cap;
	bool more, ok;

	for (end = s; *end; end++)
		if (*end == '#' && (end == s || isspace((unsigned char)end[-1]))) {
			*end = '\0';
			break;
		}
	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*s)
		return true;
	if (*s == '[')
		return parse_section(f, s, line, section);
	eq = strchr(s, '=');
	if (!eq)
		return perr(f, line, "expected key = value");
	*eq = '\0';
	key = s;
	end = eq;
	while (end > key && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*key)
		return perr(f, line, "expected key = value");
	if (!*section)
		return perr(f, line, "'%s' outside a [rule] or [exception] section", key);
	cap = strlen(eq + 1) / 2 + 1;
	tok = malloc(cap * sizeof(*tok));
	if (!tok)
		return perr(f, line, "out of memory");
	n = split(eq + 1, tok, cap, &more);
	if (!n)
		ok = perr(f, line, "'%s' needs a value", key);
	else if (*section == 'r')
		ok = parse_rule_key(f, key, tok, n, line);
	else
		ok = parse_exc_key(f, key, tok, n, line);
	free(tok);
	return ok;
}

/* The lines of the name the builder found listed twice. */
static void report_dup(struct p_file *f, const char *name)
{
	size_t i, j;
	int first = 0;

	for (i = 0; i < f->nsets; i++)
		for (j = 0; j < f->sets[i].names.n; j++) {
			const struct p_word *w = &f->sets[i].names.v[j];

			if (strcmp(w->s, name))
				continue;
			if (first) {
				perr(f, w->line, "'%s' is already named on line %d (names are unique across rules)",
				     name, first);
				return;
			}
			first = w->line;
		}
	perr(f, first, "%s", kw_e_dup);
}

/* Feeds the builder in wire order; an error names the item's line. */
static struct kw_ruleset *build(struct p_file *f)
{
	struct kw_ruleset_counts c = { 0 };
	const char *msg = NULL;
	struct kw_ruleset *p;
	size_t i, j, r;
	int err, fld;

	c.rules = (u32)f->nrules;
	c.sets = (u32)f->nsets;
	for (i = 0; i < f->nsets; i++) {
		c.args += (u32)f->sets[i].args.n;
		c.names += (u32)f->sets[i].names.n;
		if (f->sets[i].path)
			c.bytes += strlen(f->sets[i].path) + 1;
		for (j = 0; j < f->sets[i].args.n; j++)
			c.bytes += strlen(f->sets[i].args.v[j].s) + 1;
	}
	c.exc = (u32)f->nexc;
	for (i = 0; i < f->nexc; i++) {
		c.values += (u32)f->exc[i].nv;
		for (j = 0; j < f->exc[i].nv; j++)
			c.bytes += strlen(f->exc[i].v[j].s) + 1;
	}
	if (f->nrules > KWARDEN_RULES_MAX)
		c.rules = KWARDEN_RULES_MAX + 1;
	p = kw_ruleset_begin(&c, &err, &msg);
	if (!p) {
		perr(f, 0, "%s", msg);
		return NULL;
	}

#define TRY(line, call) do {					\
		err = (call);					\
		if (err) {					\
			perr(f, (line), "%s", msg);		\
			goto fail;				\
		}						\
	} while (0)

	for (i = 0; i < f->nrules; i++) {
		const struct p_rule *pr = &f->rules[i];

		/* technique, severity and action were checked at their lines */
		TRY(pr->line, kw_ruleset_add_rule(p, pr->name, pr->technique,
						  (u8)pr->severity,
						  (u8)pr->action,
						  (u8)pr->detect, &msg));
	}
	/* Sets by rule, each rule's in order of first appearance. */
	for (r = 0; r < f->nrules; r++)
		for (i = 0; i < f->nsets; i++) {
			const struct p_set *s = &f->sets[i];

			if (s->rule != r)
				continue;
			TRY(s->line, kw_ruleset_add_set(p, f->rules[r].name,
						    (u8)s->args_on, s->path,
						    &msg));
			for (j = 0; j < s->args.n; j++)
				TRY(s->args.v[j].line,
				    kw_ruleset_add_arg(p, s->args.v[j].s, &msg));
			for (j = 0; j < s->names.n; j++)
				TRY(s->names.v[j].line,
				    kw_ruleset_add_name(p, s->names.v[j].s, &msg));
		}
	for (i = 0; i < f->nexc; i++) {
		const struct p_exc *x = &f->exc[i];

		TRY(x->line, kw_ruleset_add_exception(p, x->name, &msg));
		for (j = 0; j < x->rules.n; j++)
			TRY(x->rules.v[j].line,
			    kw_ruleset_add_exc_rule(p, x->rules.v[j].s, &msg));
		/* Values grouped by field: the order `show` prints. */
		for (fld = 0; fld < __KWARDEN_EXC_MAX; fld++)
			for (j = 0; j < x->nv; j++) {
				if (x->v[j].field != fld)
					continue;
				TRY(x->v[j].line,
				    kw_ruleset_add_exc_value(p, (u8)fld, x->v[j].s,
							 &msg));
			}
		/* an empty exception is this section's error */
		TRY(x->line, kw_ruleset_close(p, &msg));
	}
	err = kw_ruleset_finish(p, &msg);
	if (err && msg == kw_e_dup && p->dup) {
		report_dup(f, p->dup);
		goto fail;
	}
	if (err) {
		perr(f, 0, "%s", msg);
		goto fail;
	}
#undef TRY
	return p;
fail:
	kw_ruleset_free(p);
	return NULL;
}

struct kw_ruleset *kw_policy_parse(const char *path, const char *text, size_t len,
			       char *err, size_t errlen)
{
	struct p_file f = { .path = path, .err = err, .errlen = errlen };
	struct kw_ruleset *p = NULL;
	char *buf, *line, *nl;
	char section = 0;
	int lineno = 1;

	if (errlen)
		err[0] = '\0';
	if (memchr(text, '\0', len)) {
		const char *z = memchr(text, '\0', len), *c;

		for (c = text; c < z; c++)
			lineno += *c == '\n';
		perr(&f, lineno, "NUL byte in a policy file");
		return NULL;
	}
	buf = malloc(len + 1);
	if (!buf) {
		perr(&f, 0, "out of memory");
		return NULL;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	for (line = buf; line && !f.failed; line = nl, lineno++) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		parse_line(&f, line, lineno, &section);
	}
	if (!f.failed)
		p = build(&f);
	p_free(&f);
	free(buf);
	return p;
}

struct kw_ruleset *kw_policy_load_file(const char *path, char *err, size_t errlen)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	struct kw_ruleset *p;

	if (!in) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (len + 65536 > cap) {
			char *t = realloc(text, cap = len + 65536 + cap);

			if (!t) {
				free(text);
				if (in != stdin)
					fclose(in);
				snprintf(err, errlen, "%s: out of memory", path);
				return NULL;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len, in);
		len += n;
	} while (n);
	if (ferror(in)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		p = NULL;
	} else {
		p = kw_policy_parse(path, text ? text : "", len, err, errlen);
	}
	if (in != stdin)
		fclose(in);
	free(text);
	return p;
}

/* `key = w w w`, wrapped before column 78 by repeating the key. */
struct wrap {
	FILE *out;
	const char *key, *suffix;
	size_t col;
	int err;
};

static void wrap_word(struct wrap *w, const char *s)
{
	size_t n = strlen(s);

	if (w->col && w->col + 1 + n + strlen(w->suffix) > 78) {
		if (fprintf(w->out, "%s\n", w->suffix) < 0)
			w->err = -1;
		w->col = 0;
	}
	if (!w->col) {
		if (fprintf(w->out, "%s =", w->key) < 0)
			w->err = -1;
		w->col = strlen(w->key) + 2;
	}
	if (fprintf(w->out, " %s", s) < 0)
		w->err = -1;
	w->col += 1 + n;
}

static void wrap_end(struct wrap *w)
{
	if (w->col && fprintf(w->out, "%s\n", w->suffix) < 0)
		w->err = -1;
	w->col = 0;
}

int kw_policy_print(FILE *out, const struct kw_ruleset *p)
{
	struct kw_name_entry e;
	char *suffix = NULL;
	size_t slen;
	u32 r, i, j;
	int fld, ret = 0;

	for (r = 0; r < p->nrules; r++) {
		const struct kw_rule *rule = &p->rules[r];

		if (fprintf(out, "%s[rule %s]\n", r ? "\n" : "", rule->name) < 0)
			ret = -1;
		if (rule->technique[0] &&
		    fprintf(out, "technique = %s\n", rule->technique) < 0)
			ret = -1;
		if (fprintf(out, "severity = %s\naction = %s\n",
			    kw_severity_str(rule->severity),
			    kw_action_str(rule->action)) < 0)
			ret = -1;
		if (rule->detect &&
		    fprintf(out, "detect = %s\n", kw_detect_str(rule->detect)) < 0)
			ret = -1;
		for (i = 0; i < p->nsets; i++) {
			const struct kw_set *s = &p->sets[i];
			struct wrap w = { out, "names", "", 0, 0 };
			FILE *sf;

			if (s->rule != r)
				continue;
			/* The conditions end every line of the set. */
			sf = open_memstream(&suffix, &slen);
			if (!sf)
				return -ENOMEM;
			if (s->args_on != KWARDEN_ARGS_NONE) {
				fprintf(sf, " when %s", kw_args_on_str(s->args_on));
				for (j = 0; j < s->nargs; j++)
					fprintf(sf, " %s", p->args[s->first_arg + j].s);
			}
			if (s->path)
				fprintf(sf, " when path %s", s->path);
			if (fclose(sf))
				return -ENOMEM;
			w.suffix = suffix;
			for (j = 0; j < s->nnames; j++)
				if (kw_matcher_entry(p->matcher, s->first_name + j, &e))
					wrap_word(&w, e.pattern);
			wrap_end(&w);
			ret |= w.err;
			free(suffix);
			suffix = NULL;
		}
	}
	for (i = 0; i < p->nexc; i++) {
		const struct kw_exc *x = &p->exc[i];
		struct wrap w = { out, "rules", "", 0, 0 };

		if (fprintf(out, "\n[exception %s]\n", x->name) < 0)
			ret = -1;
		for (r = 0; r < p->nrules; r++)
			if (x->rules & (1ULL << r))
				wrap_word(&w, p->rules[r].name);
		wrap_end(&w);
		for (fld = 0; fld < __KWARDEN_EXC_MAX; fld++) {
			w.key = kw_exc_field_str((unsigned int)fld);
			for (j = 0; j < x->nvalues; j++)
				if (p->values[x->first_value + j].field == fld)
					wrap_word(&w, p->values[x->first_value + j].s);
			wrap_end(&w);
		}
		ret |= w.err;
	}
	return ret ? -EIO : 0;
}
