// SPDX-License-Identifier: GPL-2.0
/*
 * The policy file parser and printer (userland/policy_file.c) and the
 * builder and evaluators they share with the module (kmod/lib/ruleset.c).
 */
#include <check.h>
#include "run_suite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kwarden.h"
#include "lib/rules.h"
#include "policy_file.h"

#ifndef DIST_POLICY
#define DIST_POLICY "../../dist/policy.conf"
#endif

static char *print(const struct kw_ruleset *p)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(kw_policy_print(f, p), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static struct kw_ruleset *parse(const char *text, char *err)
{
	return kw_policy_parse("p.conf", text, strlen(text), err, 512);
}

/* Every way a file can be wrong, and the exact message it gets. */
static const struct {
	const char *text, *err;
} bad[] = {
	{ "", "p.conf: a policy needs at least one rule" },
	{ "# only a comment\n", "p.conf: a policy needs at least one rule" },
	{ "names = gcc\n", "p.conf:1: 'names' outside a [rule] or [exception] section" },
	{ "[rule r]\nnames gcc\n", "p.conf:2: expected key = value" },
	{ "[rule r]\ndetect = hash\n", "p.conf:2: detect is names, drift or fileless" },
	{ "[rule r]\ndetect = drift\ndetect = drift\n", "p.conf:3: detect given twice in rule r" },
	{ "[rule r]\ndetect = drift\nnames = x\n", "p.conf:3: a drift or fileless rule has no names" },
	{ "[rule r]\ndetect = fileless\n[rule s]\ndetect = fileless\n",
	  "p.conf:3: a second rule detecting the same" },
	{ "[rule r]\n= gcc\n", "p.conf:2: expected key = value" },
	{ "[rule r\n", "p.conf:1: a section header is [rule NAME] or [exception NAME]" },
	{ "[rule]\n", "p.conf:1: a section header is [rule NAME] or [exception NAME]" },
	{ "[rule a b]\n", "p.conf:1: a section header is [rule NAME] or [exception NAME]" },
	{ "[policy x]\n", "p.conf:1: unknown section [policy] (rule or exception)" },
	{ "[rule r]\nnames =\n", "p.conf:2: 'names' needs a value" },
	{ "[rule r]\nnames = # c\n", "p.conf:2: 'names' needs a value" },
	{ "[rule r]\ncolour = red\n",
	  "p.conf:2: unknown key 'colour' in a rule (technique, severity, action, detect, names)" },
	{ "[rule r]\nseverity = low\nseverity = high\n", "p.conf:3: severity given twice in rule r" },
	{ "[rule r]\naction = block\naction = off\n", "p.conf:3: action given twice in rule r" },
	{ "[rule r]\ntechnique = T1\ntechnique = T2\n", "p.conf:3: technique given twice in rule r" },
	{ "[rule r]\nseverity = low high\n", "p.conf:2: severity takes one value" },
	{ "[rule r]\nseverity = urgent\n", "p.conf:2: severity is info, low, medium, high or critical" },
	{ "[rule r]\naction = kill\n", "p.conf:2: action is off, alert or block" },
	{ "[rule r]\nnames = when args x\n", "p.conf:2: names needs at least one name before 'when'" },
	{ "[rule r]\nnames = go when args\n", "p.conf:2: 'when args' needs at least one word" },
	{ "[rule r]\nnames = go when arg1\n", "p.conf:2: 'when arg1' needs at least one word" },
	{ "[rule r]\nnames = go when\n", "p.conf:2: unknown condition 'when ' (args, arg1 or path)" },
	{ "[rule r]\nnames = go when argv x\n",
	  "p.conf:2: unknown condition 'when argv' (args, arg1 or path)" },
	{ "[rule r]\nnames = go when args a when arg1 b\n", "p.conf:2: two argv conditions on one line" },
	{ "[rule r]\nnames = go when path /a when path /b\n", "p.conf:2: two path conditions on one line" },
	{ "[rule r]\nnames = go when path /a /b\n", "p.conf:2: 'when path' takes exactly one glob" },
	{ "[rule r]\nnames = go when path usr\n",
	  "p.conf:2: a path condition is a glob of 1 to 255 bytes starting with / or *" },
	{ "[rule r]\nnames = a/b\n", "p.conf:2: a name is 1 to 255 bytes without /, spaces or #" },
	{ "[rule r]\nnames = gcc\n[rule s]\nnames = cc\nnames = gcc\n",
	  "p.conf:5: 'gcc' is already named on line 2 (names are unique across rules)" },
	{ "[rule R]\nnames = x\n",
	  "p.conf:1: a rule name is 1 to 31 of a-z 0-9 _ . - and starts with a letter or digit" },
	{ "[rule _r]\n",
	  "p.conf:1: a rule name is 1 to 31 of a-z 0-9 _ . - and starts with a letter or digit" },
	{ "[rule abcdefghijabcdefghijabcdefghijxy]\n",
	  "p.conf:1: a rule name is 1 to 31 of a-z 0-9 _ . - and starts with a letter or digit" },
	{ "[rule r]\n[rule r]\n", "p.conf:2: rule defined twice" },
	{ "[rule r]\ntechnique = t1609\n",
	  "p.conf:2: a technique is a MITRE ATT&CK id such as T1027.004" },
	{ "[rule r]\ntechnique = T1234567890123456\n",
	  "p.conf:2: a technique is a MITRE ATT&CK id such as T1027.004" },
	{ "[rule r]\nnames = x\n[exception e]\n",
	  "p.conf:3: an exception needs a key to compare, not only rules or unknown" },
	/* the builder finds it when the next exception starts: still line 3 */
	{ "[rule r]\nnames = x\n[exception e]\n[exception f]\nuid = 0\n",
	  "p.conf:3: an exception needs a key to compare, not only rules or unknown" },
	/* the builder names the duplicate; the lines are its first two */
	{ "[rule r]\nnames = b a\n[rule s]\nnames = c\nnames = a\nnames = a\n",
	  "p.conf:5: 'a' is already named on line 2 (names are unique across rules)" },
	{ "[rule r]\nnames = x\n[exception e]\nlabels = app=x\n",
	  "p.conf:4: unknown key 'labels' in an exception (rules, container, cgroup, pod, parent, uid, namespace, pod_name, container_name, image, unknown)" },
	{ "[rule r]\nnames = x\n[exception e]\nunknown = allow\n",
	  "p.conf:3: an exception needs a key to compare, not only rules or unknown" },
	{ "[rule r]\nnames = x\n[exception e]\nuid = 0\nunknown = allow\n",
	  "p.conf:3: unknown applies to namespace, pod_name, container_name or image" },
	{ "[rule r]\nnames = x\n[exception e]\nnamespace = ci\nunknown = maybe\n",
	  "p.conf:5: unknown is alert or allow, once per exception" },
	{ "[rule r]\nnames = x\n[exception e]\nnamespace = ci\nunknown = allow alert\n",
	  "p.conf:5: unknown is alert or allow, once per exception" },
	{ "[rule r]\nnames = x\n[exception e]\nrules = q\nuid = 0\n",
	  "p.conf:4: an exception for an undefined rule" },
	{ "[rule r]\nnames = x\n[exception e]\ncontainer = 0123456789a\n",
	  "p.conf:4: a container id prefix is 12 to 64 lowercase hex digits" },
	{ "[rule r]\nnames = x\n[exception e]\ncontainer = 0123456789ag\n",
	  "p.conf:4: a container id prefix is 12 to 64 lowercase hex digits" },
	{ "[rule r]\nnames = x\n[exception e]\ncgroup = kubepods/*\n",
	  "p.conf:4: a cgroup is a path glob starting with /" },
	{ "[rule r]\nnames = x\n[exception e]\npod = 0f3b5a0c-5d7e-4f0b-9a53\n",
	  "p.conf:4: a pod UID is 8-4-4-4-12 lowercase hex digits" },
	{ "[rule r]\nnames = x\n[exception e]\nparent = make\n",
	  "p.conf:4: a parent is an exe path glob starting with / or *" },
	{ "[rule r]\nnames = x\n[exception e]\nuid = 4294967295\n",
	  "p.conf:4: a uid is a decimal number below 4294967295" },
	{ "[rule r]\nnames = x\n[exception e]\nuid = -1\n",
	  "p.conf:4: a uid is a decimal number below 4294967295" },
	{ "[rule r]\nnames = x\n[exception e]\nuid = 0\n[exception e]\nuid = 1\n",
	  "p.conf:5: exception defined twice" },
	{ "[rule r]\nnames = x\n[exception E]\nuid = 0\n",
	  "p.conf:3: an exception name is 1 to 31 of a-z 0-9 _ . - and starts with a letter or digit" },
	{ "[rule r]\nnames = x\x01y\n", "p.conf:2: a name is 1 to 255 bytes without /, spaces or #" },
};

START_TEST(test_parse_errors)
{
	char err[512];
	struct kw_ruleset *p = parse(bad[_i].text, err);

	ck_assert_msg(!p, "'%s' must not parse", bad[_i].text);
	ck_assert_str_eq(err, bad[_i].err);
}
END_TEST

START_TEST(test_nul_byte)
{
	char err[512];

	ck_assert_ptr_null(kw_policy_parse("p.conf", "[rule r]\nnames = a\0b\n", 20,
					   err, sizeof(err)));
	ck_assert_str_eq(err, "p.conf:2: NUL byte in a policy file");
}
END_TEST

START_TEST(test_long_name)
{
	char text[400], err[512];
	struct kw_ruleset *p;

	strcpy(text, "[rule r]\nnames = ");
	memset(text + 17, 'a', 255);
	strcpy(text + 17 + 255, "\n");
	p = parse(text, err);
	ck_assert_msg(p, "%s", err);
	kw_ruleset_free(p);
	memset(text + 17, 'a', 256);
	strcpy(text + 17 + 256, "\n");
	ck_assert_ptr_null(parse(text, err));
	ck_assert_str_eq(err, "p.conf:2: a name is 1 to 255 bytes without /, spaces or #");
}
END_TEST

/* 64 rules are allowed, 65 are not. */
START_TEST(test_rule_limit)
{
	char *text = malloc(65 * 32 + 1), err[512];
	struct kw_ruleset *p;
	size_t off = 0;
	int i;

	for (i = 0; i < 65; i++)
		off += (size_t)sprintf(text + off, "[rule r%d]\nnames = n%d\n", i, i);
	ck_assert_ptr_null(parse(text, err));
	ck_assert_str_eq(err, "p.conf: more than 64 rules");
	*strstr(text, "[rule r64]") = '\0';
	p = parse(text, err);
	ck_assert_msg(p, "%s", err);
	ck_assert_uint_eq(p->nrules, 64);
	kw_ruleset_free(p);
	free(text);
}
END_TEST

/* The shipped file is the built-in policy, exactly. */
START_TEST(test_dist_is_builtin)
{
	char err[512], *a, *b;
	const char *msg;
	struct kw_ruleset *p = kw_policy_load_file(DIST_POLICY, err, sizeof(err));
	struct kw_ruleset *q;
	int e;

	ck_assert_msg(p, "%s", err);
	q = kw_ruleset_builtin(&e, &msg);
	ck_assert_ptr_nonnull(q);
	a = print(p);
	b = print(q);
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(p->nnames, 115);
	free(a);
	free(b);
	kw_ruleset_free(p);
	kw_ruleset_free(q);
}
END_TEST

static const char full[] =
	"# every feature\n"
	"[rule compiler]   # trailing comment\n"
	"technique = T1027.004\n"
	"severity = medium\n"
	"action = block\n"
	"names = gcc cc\n"
	"names = go when args build run\n"
	"  names = clang   \n"
	"names = compile when path */pkg/tool/*\n"
	"names = go1 when arg1 b* when path /usr/*\n"
	"[rule tools]\n"
	"names = a?c evil*\n"
	"[exception ci]\n"
	"uid = 1000\n"
	"container = 0123456789ABCDEF\n"
	"rules = tools compiler\n"
	"pod = 0F3B5A0C_5D7E_4F0B_9A53_8F5E1D2C3B4A\n"
	"cgroup = /kubepods/* /ci/*\n"
	"parent = */make\n"
	"[exception other]\n"
	"uid = 0\n";

static const char full_printed[] =
	"[rule compiler]\n"
	"technique = T1027.004\n"
	"severity = medium\n"
	"action = block\n"
	"names = gcc cc clang\n"
	"names = go when args build run\n"
	"names = compile when path */pkg/tool/*\n"
	"names = go1 when arg1 b* when path /usr/*\n"
	"\n"
	"[rule tools]\n"
	"severity = medium\n"
	"action = alert\n"
	"names = a?c evil*\n"
	"\n"
	"[exception ci]\n"
	"rules = compiler tools\n"
	"container = 0123456789abcdef\n"
	"cgroup = /kubepods/* /ci/*\n"
	"pod = 0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a\n"
	"parent = */make\n"
	"uid = 1000\n"
	"\n"
	"[exception other]\n"
	"uid = 0\n";

START_TEST(test_round_trip)
{
	char err[512], *a, *b;
	struct kw_ruleset *p = parse(full, err), *q;

	ck_assert_msg(p, "%s", err);
	a = print(p);
	ck_assert_str_eq(a, full_printed);
	q = parse(a, err);
	ck_assert_msg(q, "%s", err);
	b = print(q);
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(p->nsets, 5);
	ck_assert_uint_eq(p->rules[0].names, 6);
	ck_assert_uint_eq(p->nexc, 2);
	free(a);
	free(b);
	kw_ruleset_free(p);
	kw_ruleset_free(q);
}
END_TEST

/* Long name lists wrap, and the continuation lines join the same set. */
START_TEST(test_wrap)
{
	char text[8192], err[512], *a, *line;
	struct kw_ruleset *p, *q;
	size_t off;
	int i;

	off = (size_t)sprintf(text, "[rule r]\nnames =");
	for (i = 0; i < 300; i++)
		off += (size_t)sprintf(text + off, " name%03d", i);
	strcpy(text + off, " when args x\n");
	p = parse(text, err);
	ck_assert_msg(p, "%s", err);
	ck_assert_uint_eq(p->nsets, 1);
	a = print(p);
	for (line = strtok(a, "\n"); line; line = strtok(NULL, "\n"))
		ck_assert_msg(strlen(line) <= 78, "line too long: %s", line);
	free(a);
	a = print(p);
	q = parse(a, err);
	ck_assert_msg(q, "%s", err);
	ck_assert_uint_eq(q->nsets, 1);
	ck_assert_uint_eq(q->nnames, 300);
	free(a);
	kw_ruleset_free(p);
	kw_ruleset_free(q);
}
END_TEST

/*
 * The walk the kernel dumps and the CLI sends, in wire form, counted and
 * rebuilt in two passes as the kernel does, gives the same policy; the
 * counts are exactly what the builder needed.
 */
START_TEST(test_items_rebuild)
{
	struct kw_ruleset_counts c = { 0 };
	struct kw_cursor cur = { 0 };
	char err[512], *a, *b;
	struct kw_ruleset *p = parse(full, err), *q;
	const char *msg;
	struct kw_raw_item r;
	struct kw_item it;
	int e = 0;

	ck_assert_ptr_nonnull(p);
	for (kw_ruleset_item(p, &cur, &it); it.kind != KW_ITEM_END;
	     kw_ruleset_item(p, &cur, &it)) {
		kw_ruleset_item_raw(&it, &r);
		kw_ruleset_count(&c, &r);
	}
	ck_assert_uint_eq(c.rules, p->nrules);
	ck_assert_uint_eq(c.names, p->nnames);
	ck_assert_uint_eq(c.values, p->nvalues);
	q = kw_ruleset_begin(&c, &e, &msg);
	ck_assert_ptr_nonnull(q);
	memset(&cur, 0, sizeof(cur));
	for (kw_ruleset_item(p, &cur, &it); it.kind != KW_ITEM_END;
	     kw_ruleset_item(p, &cur, &it)) {
		kw_ruleset_item_raw(&it, &r);
		e = kw_ruleset_add_item(q, &r, &msg);
		ck_assert_msg(!e, "%s", msg);
	}
	ck_assert_int_eq(kw_ruleset_finish(q, &msg), 0);
	ck_assert_uint_eq(q->pool_used, q->cap.bytes);
	a = print(p);
	b = print(q);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	kw_ruleset_free(p);
	kw_ruleset_free(q);
}
END_TEST

/* A raw item the wire can carry but the builder must refuse. */
START_TEST(test_raw_item_errors)
{
	struct kw_ruleset_counts c = { .rules = 1, .exc = 1, .values = 1, .bytes = 8 };
	struct kw_raw_item r = { .kind = KW_ITEM_RULE, .a = "r" };
	const char *msg = NULL;
	int e = 0;
	struct kw_ruleset *q = kw_ruleset_begin(&c, &e, &msg);

	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(kw_ruleset_add_item(q, &r, &msg), 0);
	r = (struct kw_raw_item){ .kind = KW_ITEM_EXC, .a = "x" };
	ck_assert_int_eq(kw_ruleset_add_item(q, &r, &msg), 0);
	r = (struct kw_raw_item){ .kind = KW_ITEM_EXC_VALUE, .x = KWARDEN_EXC_UID };
	ck_assert_int_eq(kw_ruleset_add_item(q, &r, &msg), -EINVAL);
	ck_assert_str_eq(msg, "an exception value needs a field and a string");
	r = (struct kw_raw_item){ .kind = KW_ITEM_END };
	ck_assert_int_eq(kw_ruleset_add_item(q, &r, &msg), -EINVAL);
	ck_assert_str_eq(msg, "unexpected item in a policy");
	kw_ruleset_free(q);
}
END_TEST

/* Builder misuse the kernel must survive from a hostile client. */
START_TEST(test_builder_errors)
{
	struct kw_ruleset_counts c = { .rules = 2, .sets = 1, .names = 1, .args = 1,
				   .exc = 1, .values = 1, .bytes = 64 };
	const char *msg = NULL;
	struct kw_ruleset *p;
	int e;

	c.names = KWARDEN_PATTERNS_MAX + 1;
	ck_assert_ptr_null(kw_ruleset_begin(&c, &e, &msg));
	ck_assert_int_eq(e, -E2BIG);
	ck_assert_str_eq(msg, "more than 65536 names");
	c.names = 1;
	c.sets = KWARDEN_SETS_MAX + 1;
	ck_assert_ptr_null(kw_ruleset_begin(&c, &e, &msg));
	ck_assert_str_eq(msg, "more than 1024 name sets");
	c.sets = 1;
	c.values = KWARDEN_EXC_VALUES_MAX + 1;
	ck_assert_ptr_null(kw_ruleset_begin(&c, &e, &msg));
	ck_assert_str_eq(msg, "more than 4096 exception values");
	c.values = 1;
	c.bytes = 1 << 20;
	ck_assert_ptr_null(kw_ruleset_begin(&c, &e, &msg));
	ck_assert_int_eq(e, -EINVAL);
	c.bytes = 64;

	p = kw_ruleset_begin(&c, &e, &msg);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(kw_ruleset_add_name(p, "x", &msg), -EINVAL);
	ck_assert_str_eq(msg, "a name outside a name set");
	ck_assert_int_eq(kw_ruleset_add_arg(p, "x", &msg), -EINVAL);
	ck_assert_int_eq(kw_ruleset_add_set(p, "r", 0, NULL, &msg), -EINVAL);
	ck_assert_str_eq(msg, "names for an undefined rule");
	ck_assert_int_eq(kw_ruleset_add_rule(p, "r", "", 9, 0, 0, &msg), -EINVAL);
	ck_assert_int_eq(kw_ruleset_add_rule(p, "r", "", 0, 9, 0, &msg), -EINVAL);
	ck_assert_int_eq(kw_ruleset_add_rule(p, "r", "", 0, 1, 3, &msg), -EINVAL);
	ck_assert_str_eq(msg, "detect is names, drift or fileless");
	ck_assert_int_eq(kw_ruleset_add_rule(p, "r", "", 0, 1, 0, &msg), 0);
	ck_assert_int_eq(kw_ruleset_add_set(p, "r", 3, NULL, &msg), -EINVAL);
	ck_assert_str_eq(msg, "unknown argv condition");
	ck_assert_int_eq(kw_ruleset_add_set(p, "r", KWARDEN_ARGS_NONE, NULL, &msg), 0);
	ck_assert_int_eq(kw_ruleset_add_arg(p, "x", &msg), -EINVAL);
	ck_assert_str_eq(msg, "an argv word in a set without an argv condition");
	ck_assert_int_eq(kw_ruleset_add_exception(p, "e", &msg), -EINVAL);
	ck_assert_str_eq(msg, "a name set needs at least one name");
	ck_assert_int_eq(kw_ruleset_add_name(p, "x", &msg), 0);
	ck_assert_int_eq(kw_ruleset_add_name(p, "y", &msg), -E2BIG);
	ck_assert_int_eq(kw_ruleset_add_rule(p, "s", "", 0, 1, 0, &msg), -EINVAL);
	ck_assert_str_eq(msg, "rules must come before name sets and exceptions");
	ck_assert_int_eq(kw_ruleset_add_exc_value(p, 0, "0123456789ab", &msg), -EINVAL);
	ck_assert_str_eq(msg, "a value outside an exception");
	ck_assert_int_eq(kw_ruleset_add_exception(p, "e", &msg), 0);
	ck_assert_int_eq(kw_ruleset_add_set(p, "r", 0, NULL, &msg), -EINVAL);
	ck_assert_str_eq(msg, "name sets must come before exceptions");
	ck_assert_int_eq(kw_ruleset_add_exc_value(p, 99, "1", &msg), -EINVAL);
	ck_assert_str_eq(msg, "unknown exception field");
	ck_assert_int_eq(kw_ruleset_finish(p, &msg), -EINVAL);
	ck_assert_str_eq(msg, "an exception needs a key to compare, not only rules or unknown");
	ck_assert_int_eq(kw_ruleset_add_exc_value(p, KWARDEN_EXC_UID, "7", &msg), 0);
	ck_assert_int_eq(kw_ruleset_add_exc_value(p, KWARDEN_EXC_UID, "8", &msg), -E2BIG);
	ck_assert_int_eq(kw_ruleset_finish(p, &msg), 0);
	ck_assert_int_eq(kw_ruleset_finish(p, &msg), -EINVAL);
	kw_ruleset_free(p);
}
END_TEST

static int parent_calls;

static const char *parent_make(void *arg)
{
	parent_calls++;
	return arg;
}

START_TEST(test_excepted)
{
	static const char text[] =
		"[rule a]\nnames = x\n[rule b]\nnames = y\n"
		"[exception by-id]\ncontainer = 0123456789ab\n"
		"[exception pod-and-uid]\nrules = b\npod = 0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a\nuid = 5 6\n"
		"[exception ci]\ncgroup = /ci/* /runners/*\nparent = */make */ninja\n";
	char err[512];
	struct kw_ruleset *p = parse(text, err);
	struct kw_subject s = {
		.container_id = "0123456789abcdef", .cgroup = "/x", .cgroup_len = 2,
		.pod_uid = "", .uid = 0, .parent_exe = parent_make,
		.arg = "/usr/bin/make",
	};

	ck_assert_msg(p, "%s", err);
	parent_calls = 0;
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), 0);	/* id prefix */
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), 0);	/* every rule */
	s.container_id = "0123456789acffff";
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);
	/* cgroup does not match, so the parent is never looked up */
	ck_assert_int_eq(parent_calls, 0);
	s.cgroup = "/ci/job-1";
	s.cgroup_len = 9;
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), 2);	/* cgroup AND parent */
	ck_assert_int_eq(parent_calls, 1);
	s.arg = "/usr/bin/bash";
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);
	s.cgroup = "/x";
	s.cgroup_len = 2;
	s.pod_uid = "0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a";
	s.uid = 6;
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);	/* rule a not covered */
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), 1);
	s.uid = 7;
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), -1);	/* uid must match too */
	s.uid = 5;
	s.pod_uid = "";
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), -1);	/* no pod: no match */
	s.container_id = "";
	s.parent_exe = NULL;
	s.cgroup = "/runners/a";
	s.cgroup_len = 10;
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);	/* parent unknown */
	kw_ruleset_free(p);
}
END_TEST

START_TEST(test_workload)
{
	static const char text[] =
		"[rule a]\nnames = x\n[rule b]\nnames = y\n"
		"[exception by-uid]\nuid = 9\n"
		"[exception ci]\nnamespace = ci ci-*\n"
		"[exception builder]\nrules = b\nimage = */builder:* builder:*\n"
		"container_name = build\nunknown = allow\n"
		"[exception ci-root]\nnamespace = ci\nuid = 0\n"
		"[exception jobs]\nrules = b\npod_name = job-*\n";
	struct kw_workload ci = { "ci-7", "job-1", "main", "docker.io/x/app:1" };
	struct kw_workload bld = { "prod", "web-1", "build", "reg.io/builder:2" };
	struct kw_workload none = { "", "", "", "" };
	struct kw_workload nul = { NULL, NULL, NULL, NULL };
	struct kw_subject s = {
		.container_id = "0123456789abcdef", .cgroup = "/x", .cgroup_len = 2,
		.pod_uid = "", .uid = 1,
	};
	char err[512];
	struct kw_ruleset *p = parse(text, err);

	ck_assert_msg(p, "%s", err);
	ck_assert_uint_eq(p->nworkload, 4);
	ck_assert_int_eq(p->exc[0].workload, -1);
	ck_assert_int_eq(p->exc[1].workload, 0);
	ck_assert_int_eq(p->exc[2].workload, 1);
	ck_assert(p->exc[2].unknown_allow && !p->exc[1].unknown_allow);
	ck_assert_uint_eq(kw_ruleset_workload_mask(p, &ci), 1 | 8);
	ck_assert_uint_eq(kw_ruleset_workload_mask(p, &bld), 2);
	bld.name = "builder";	/* every field must hold */
	ck_assert_uint_eq(kw_ruleset_workload_mask(p, &bld), 0);
	ck_assert_uint_eq(kw_ruleset_workload_mask(p, &none), 0);
	ck_assert_uint_eq(kw_ruleset_workload_mask(p, &nul), 0);
	ci.ns = "ci";
	ck_assert_uint_eq(kw_ruleset_workload_mask(p, &ci), 1 | 4 | 8);
	ci.pod = "web-1";
	ck_assert_uint_eq(kw_ruleset_workload_mask(p, &ci), 1 | 4);

	/* unknown: alert unless the exception says allow */
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), 2);
	s.workload_known = true;
	s.workload_mask = 0;
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), -1);
	s.workload_mask = 2;
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);	/* rules = b */
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), 2);
	s.workload_mask = 4;	/* ci-root: namespace held, uid must too */
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);
	s.uid = 0;
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), 3);
	s.workload_mask = 1;
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), 1);
	s.workload_mask = 8;	/* jobs: pod name, rule b only */
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);
	ck_assert_int_eq(kw_ruleset_excepted(p, 1, &s), 4);
	kw_ruleset_free(p);
}
END_TEST

START_TEST(test_workload_limit)
{
	char *text = malloc(64 * 1024), err[512];
	struct kw_ruleset *p;
	size_t off;
	int j;

	ck_assert_ptr_nonnull(text);
	off = (size_t)sprintf(text, "[rule r]\nnames = x\n[exception u]\nuid = 1\n");
	for (j = 0; j < KWARDEN_WORKLOAD_EXC_MAX; j++)
		off += (size_t)sprintf(text + off, "[exception e%d]\nimage = i%d\n", j, j);
	p = parse(text, err);
	ck_assert_msg(p, "%s", err);
	ck_assert_uint_eq(p->nworkload, KWARDEN_WORKLOAD_EXC_MAX);
	ck_assert_int_eq(p->exc[KWARDEN_WORKLOAD_EXC_MAX].workload, 63);
	kw_ruleset_free(p);
	sprintf(text + off, "[exception last]\nnamespace = n\n");
	ck_assert_ptr_null(parse(text, err));
	ck_assert_str_eq(err, "p.conf:133: more than 64 exceptions name a namespace, pod_name, container_name or image");
	free(text);
}
END_TEST

START_TEST(test_args)
{
	static const char text[] =
		"[rule r]\nnames = d when arg1 exec run cp\nnames = g when args b* t?st\n";
	char err[512];
	struct kw_ruleset *p = parse(text, err);
	const struct kw_set *one, *any;

	ck_assert_msg(p, "%s", err);
	one = &p->sets[0];
	any = &p->sets[1];
	ck_assert_int_eq(one->args_on, KWARDEN_ARGS_ARG1);
	ck_assert(kw_ruleset_args_ok(p, one, "d\0exec\0-it", 10));
	ck_assert(!kw_ruleset_args_ok(p, one, "d\0-H\0x\0exec", 11));
	ck_assert(!kw_ruleset_args_ok(p, one, "d\0execute", 9));
	ck_assert(!kw_ruleset_args_ok(p, one, "d", 1));
	ck_assert(!kw_ruleset_args_ok(p, one, "", 0));
	ck_assert(kw_ruleset_args_ok(p, any, "g\0-x\0build", 10));
	ck_assert(kw_ruleset_args_ok(p, any, "g\0test", 6));
	ck_assert(!kw_ruleset_args_ok(p, any, "g\0tests", 7));
	ck_assert(!kw_ruleset_args_ok(p, any, "build", 5));
	/* an argument cut by the 4 KiB bound is still compared */
	ck_assert(kw_ruleset_args_ok(p, any, "g\0bu", 4));
	kw_ruleset_free(p);
}
END_TEST

/* A name counts only while its rule is on: the hook and a loader's program. */
START_TEST(test_match_rule_on)
{
	static const char text[] =
		"[rule a]\nnames = cc*\n[rule b]\naction = off\nnames = ld\n";
	char err[512];
	struct kw_ruleset *p = parse(text, err);
	const struct kw_set *set;
	struct kw_match mt;

	ck_assert_msg(p, "%s", err);
	set = kw_ruleset_match(p, "cc1plus", 7, &mt);
	ck_assert_ptr_nonnull(set);
	ck_assert_str_eq(p->rules[set->rule].name, "a");
	ck_assert_str_eq(mt.pattern, "cc*");
	/* matched, but rule b is off */
	ck_assert_ptr_null(kw_ruleset_match(p, "ld", 2, &mt));
	ck_assert_ptr_null(kw_ruleset_match(p, "true", 4, &mt));
	kw_ruleset_free(p);
}
END_TEST

/*
 * The built-in argv conditions: java compiles in-process given a source
 * file or javac's module or class; a generic client is a container
 * management one when it names a runtime's socket or the service account.
 */
#define A(s) s, sizeof(s) - 1
START_TEST(test_builtin_args)
{
	const char *msg;
	int e;
	struct kw_ruleset *p = kw_ruleset_builtin(&e, &msg);
	const struct kw_set *java = &p->sets[3], *api = &p->sets[5];

	ck_assert_int_eq(java->args_on, KWARDEN_ARGS_ANY);
	ck_assert_int_eq(api->args_on, KWARDEN_ARGS_ANY);
	ck_assert(kw_ruleset_args_ok(p, java, A("java\0Hello.java")));
	ck_assert(kw_ruleset_args_ok(p, java, A("java\0--source\0" "21\0/tmp/x/Exploit.java\0arg")));
	ck_assert(kw_ruleset_args_ok(p, java, A("java\0-m\0jdk.compiler/com.sun.tools.javac.Main\0X.java")));
	ck_assert(kw_ruleset_args_ok(p, java, A("java\0--module=jdk.compiler/com.sun.tools.javac.Main")));
	ck_assert(kw_ruleset_args_ok(p, java, A("java\0-cp\0tools.jar\0com.sun.tools.javac.Main\0A.jav")));
	ck_assert(!kw_ruleset_args_ok(p, java, A("java\0-jar\0app.jar")));
	ck_assert(!kw_ruleset_args_ok(p, java, A("java\0-cp\0lib/*\0com.example.Main")));
	ck_assert(kw_ruleset_args_ok(p, api, A("curl\0--unix-socket\0/var/run/docker.sock\0http://x/containers/json")));
	ck_assert(kw_ruleset_args_ok(p, api, A("socat\0-\0UNIX-CONNECT:/run/containerd/containerd.sock")));
	ck_assert(kw_ruleset_args_ok(p, api, A("curl\0--cacert\0/var/run/secrets/kubernetes.io/serviceaccount/ca.crt\0https://kubernetes.default.svc/api")));
	ck_assert(kw_ruleset_args_ok(p, api, A("python3\0-c\0import socket; s.connect('/run/crio/crio.sock')")));
	ck_assert(!kw_ruleset_args_ok(p, api, A("curl\0-fsS\0http://localhost:8080/healthz")));
	ck_assert(!kw_ruleset_args_ok(p, api, A("python3\0manage.py\0runserver")));
	kw_ruleset_free(p);
}
END_TEST
#undef A

/* Globs cost every exec that no exact name matches: at most 256. */
START_TEST(test_glob_limit)
{
	char *text = malloc(300 * 16 + 32), err[512];
	struct kw_ruleset *p;
	size_t off;
	int i;

	off = (size_t)sprintf(text, "[rule r]\n");
	for (i = 0; i < 257; i++)
		off += (size_t)sprintf(text + off, "names = g%d*\n", i);
	ck_assert_ptr_null(parse(text, err));
	ck_assert_str_eq(err, "p.conf: more than 256 glob names");
	*strstr(text, "names = g256*") = '\0';
	p = parse(text, err);
	ck_assert_msg(p, "%s", err);
	kw_ruleset_free(p);
	free(text);
}
END_TEST

/* What globs may cost one name is bounded at load, not in the kprobe. */
START_TEST(test_glob_cost_limit)
{
	char err[512];
	struct kw_ruleset *p;

	/* 2 bytes between stars: 2 * 255 each; four fit in 2,048, five do not */
	p = parse("[rule r]\nnames = *aa* *bb* *cc* *dd*\n", err);
	ck_assert_msg(p, "%s", err);
	kw_ruleset_free(p);
	ck_assert_ptr_null(parse("[rule r]\nnames = *aa* *bb* *cc* *dd* *ee*\n", err));
	ck_assert_str_eq(err, "p.conf: name globs too costly (at most 2048: a byte counts 1, or 255 between two '*')");
}
END_TEST

/* A pathological exception costs a bounded number of steps, then fails closed. */
START_TEST(test_exception_budget)
{
	char *text = malloc(2048 * 300), *cg = malloc(4097), err[512];
	struct kw_subject s = { .container_id = "", .pod_uid = "" };
	struct kw_ruleset *p;
	size_t off;
	clock_t t;
	int i;

	off = (size_t)sprintf(text, "[rule r]\nnames = x\n");
	for (i = 0; i < 1024; i++) {
		off += (size_t)sprintf(text + off, "[exception e%d]\ncgroup = /", i);
		memset(text + off, '*', 1);
		memset(text + off + 1, 'a', 200);
		off += 201;
		off += (size_t)sprintf(text + off, "b*\n");
	}
	p = parse(text, err);
	ck_assert_msg(p, "%s", err);
	memset(cg, 'a', 4096);
	cg[0] = '/';
	cg[4096] = '\0';
	s.cgroup = cg;
	s.cgroup_len = 4096;
	t = clock();
	ck_assert_int_eq(kw_ruleset_excepted(p, 0, &s), -1);
	ck_assert_msg(clock() - t < CLOCKS_PER_SEC / 4, "exceptions too slow");
	kw_ruleset_free(p);
	free(text);
	free(cg);
}
END_TEST

START_TEST(test_enum_names)
{
	ck_assert_str_eq(kw_severity_str(KWARDEN_SEV_CRITICAL), "critical");
	ck_assert_str_eq(kw_severity_str(99), "unknown");
	ck_assert_int_eq(kw_severity_parse("high"), KWARDEN_SEV_HIGH);
	ck_assert_int_eq(kw_action_parse("block"), KWARDEN_RULE_BLOCK);
	ck_assert_int_eq(kw_action_parse("Block"), -1);
	ck_assert_int_eq(kw_args_on_parse("arg1"), KWARDEN_ARGS_ARG1);
	ck_assert_int_eq(kw_exc_field_parse("uid"), KWARDEN_EXC_UID);
	ck_assert_str_eq(kw_exc_field_str(KWARDEN_EXC_PARENT), "parent");
	ck_assert_int_eq(kw_exc_field_parse("pod_name"), KWARDEN_EXC_POD_NAME);
	ck_assert_str_eq(kw_exc_field_str(KWARDEN_EXC_UNKNOWN), "unknown");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse_errors, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_long_name);
	tcase_add_test(tc, test_rule_limit);
	tcase_add_test(tc, test_dist_is_builtin);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_items_rebuild);
	tcase_add_test(tc, test_raw_item_errors);
	tcase_add_test(tc, test_builder_errors);
	tcase_add_test(tc, test_excepted);
	tcase_add_test(tc, test_workload);
	tcase_add_test(tc, test_workload_limit);
	tcase_add_test(tc, test_args);
	tcase_add_test(tc, test_builtin_args);
	tcase_add_test(tc, test_enum_names);
	tcase_add_test(tc, test_match_rule_on);
	tcase_add_test(tc, test_glob_limit);
	tcase_add_test(tc, test_glob_cost_limit);
	tcase_add_test(tc, test_exception_budget);
	suite_add_tcase(s, tc);
	return kw_run_suite(s);
}
