// SPDX-License-Identifier: GPL-2.0
/* The module's name matcher and default rules, on the host. */
#include <check.h>
#include "run_suite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kwarden.h"
#include "lib/match.h"
#include "lib/rules.h"

static struct kw_ruleset *builtin;

/* The built-in policy's matcher; freed with the policy, not by callers. */
static struct kw_matcher *defaults(void)
{
	const char *msg = NULL;
	int err = 1;

	if (!builtin) {
		builtin = kw_ruleset_builtin(&err, &msg);
		ck_assert_msg(builtin, "built-in policy: %s", msg);
		ck_assert_int_eq(err, 0);
	}
	return builtin->matcher;
}

static void teardown(void)
{
	kw_ruleset_free(builtin);
	builtin = NULL;
}

/* The built-in policy's rules, in its order, after "no match". */
enum { R_NONE, R_COMPILER, R_MGMT };

/* The R_* of a match in the built-in policy. */
static int rule_of(const struct kw_match *out)
{
	return (int)builtin->sets[out->tag].rule + 1;
}

/* Matches @name from an exact-size heap copy so ASan sees any over-read. */
static bool match(const struct kw_matcher *m, const char *name,
		  struct kw_match *out)
{
	size_t len = strlen(name);
	char *copy = malloc(len ? len : 1);
	bool r;

	memcpy(copy, name, len);
	r = kw_match_name(m, copy, len, out);
	free(copy);
	return r;
}

static const struct {
	const char *name;
	int rule;		/* R_NONE: must not match */
	const char *pattern;
} cases[] = {
	{ "gcc", R_COMPILER, "gcc" },
	{ "gcc-12", R_COMPILER, "gcc" },
	{ "x86_64-linux-gnu-gcc-12", R_COMPILER, "gcc" },
	{ "x86_64-linux-gnu-gcc", R_COMPILER, "gcc" },
	{ "aarch64-linux-gnu-g++", R_COMPILER, "g++" },
	{ "x86_64-linux-gnu-g++-12", R_COMPILER, "g++" },
	{ "x86_64-w64-mingw32-gcc", R_COMPILER, "gcc" },
	{ "arm-none-eabi-gcc", R_COMPILER, "gcc" },
	{ "clang-16", R_COMPILER, "clang" },
	{ "clang++-16", R_COMPILER, "clang++" },
	{ "clang-16.0.6", R_COMPILER, "clang" },
	{ "cc", R_COMPILER, "cc" },
	{ "c++", R_COMPILER, "c++" },
	{ "c89", R_COMPILER, "c89" },
	{ "c99", R_COMPILER, "c99" },
	{ "tcc", R_COMPILER, "tcc" },
	{ "cc1", R_COMPILER, "cc1" },
	{ "cc1plus", R_COMPILER, "cc1plus" },
	{ "collect2", R_COMPILER, "collect2" },
	{ "lto1", R_COMPILER, "lto1" },
	{ "as", R_COMPILER, "as" },
	{ "x86_64-linux-gnu-as", R_COMPILER, "as" },
	{ "ld", R_COMPILER, "ld" },
	{ "ld.bfd", R_COMPILER, "ld.bfd" },
	{ "x86_64-linux-gnu-ld.bfd", R_COMPILER, "ld.bfd" },
	{ "ld.gold", R_COMPILER, "ld.gold" },
	{ "ld.lld", R_COMPILER, "ld.lld" },
	{ "rustc", R_COMPILER, "rustc" },
	{ "javac", R_COMPILER, "javac" },
	{ "nasm", R_COMPILER, "nasm" },
	{ "yasm", R_COMPILER, "yasm" },
	{ "gfortran-12", R_COMPILER, "gfortran" },
	{ "go", R_COMPILER, "go" },
	{ "compile", R_COMPILER, "compile" },
	{ "kubectl", R_MGMT, "kubectl" },
	{ "kubectl-1.28", R_MGMT, "kubectl" },
	{ "docker", R_MGMT, "docker" },
	{ "crictl", R_MGMT, "crictl" },
	{ "ctr", R_MGMT, "ctr" },
	{ "nerdctl", R_MGMT, "nerdctl" },
	{ "podman", R_MGMT, "podman" },
	{ "helm", R_MGMT, "helm" },
	{ "oc", R_MGMT, "oc" },
	{ "k3s", R_MGMT, "k3s" },
	{ "dockerd", R_MGMT, "dockerd" },
	/* binutils wrappers, not compilers */
	{ "gcc-ar", R_NONE, NULL },
	{ "gcc-ar-12", R_NONE, NULL },
	{ "gcc-nm", R_NONE, NULL },
	{ "gcc-ranlib-12", R_NONE, NULL },
	{ "x86_64-linux-gnu-gcc-ar-12", R_NONE, NULL },
	/* near misses */
	{ "cca", R_NONE, NULL },
	{ "gccx", R_NONE, NULL },
	{ "dockerize", R_NONE, NULL },
	{ "docker-compose", R_MGMT, "docker-compose" },
	{ "llc-14", R_COMPILER, "llc" },
	{ "llvm-mc", R_COMPILER, "llvm-mc" },
	{ "llvm-symbolizer", R_NONE, NULL },
	{ "llvm-objdump-14", R_NONE, NULL },
	{ "x86_64-linux-gnu-gccgo-12", R_COMPILER, "gccgo" },
	{ "ocamlopt.opt", R_COMPILER, "ocamlopt.opt" },
	{ "gnat1", R_COMPILER, "gnat1" },
	{ "kind", R_MGMT, "kind" },
	{ "kata-runtime", R_MGMT, "kata-runtime" },
	/* the name alone; its argv condition is the ruleset's (test_policy) */
	{ "curl", R_MGMT, "curl" },
	{ "python3.11", R_MGMT, "python3.*" },
	{ "java", R_COMPILER, "java" },
	{ "kubectl.sh", R_NONE, NULL },
	{ "foo-gcc", R_NONE, NULL },
	{ "musl-gcc", R_NONE, NULL },
	{ "-gcc", R_NONE, NULL },
	{ "gcc-", R_NONE, NULL },
	{ "-12", R_NONE, NULL },
	{ "--", R_NONE, NULL },
	{ "", R_NONE, NULL },
	{ "GCC", R_NONE, NULL },
	{ "sh", R_NONE, NULL },
	{ "ls", R_NONE, NULL },
	{ "\xff\xfegcc", R_NONE, NULL },
};

START_TEST(test_default_names)
{
	struct kw_matcher *m = defaults();
	struct kw_match out;
	bool hit = match(m, cases[_i].name, &out);

	if (cases[_i].rule == R_NONE) {
		ck_assert_msg(!hit, "'%s' must not match (matched %s)",
			      cases[_i].name, hit ? out.pattern : "");
	} else {
		ck_assert_msg(hit, "'%s' must match", cases[_i].name);
		ck_assert_int_eq(rule_of(&out), cases[_i].rule);
		ck_assert_str_eq(out.pattern, cases[_i].pattern);
	}
}
END_TEST

/* go needs a build verb anywhere in argv; its stages a Go tool dir. */
START_TEST(test_go_sets)
{
	struct kw_matcher *m = defaults();
	const struct kw_set *set;
	struct kw_match out;

	ck_assert(match(m, "go", &out));
	set = &builtin->sets[out.tag];
	ck_assert_int_eq(set->args_on, KWARDEN_ARGS_ANY);
	ck_assert(kw_ruleset_args_ok(builtin, set, "go\0build\0./...", 15));
	ck_assert(kw_ruleset_args_ok(builtin, set, "go\0-C\0/src\0test", 17));
	ck_assert(kw_ruleset_args_ok(builtin, set, "go\0run\0x.go", 13));
	ck_assert(kw_ruleset_args_ok(builtin, set, "go\0install\0x", 13));
	ck_assert(!kw_ruleset_args_ok(builtin, set, "go\0version", 10));
	ck_assert(!kw_ruleset_args_ok(builtin, set, "go\0builds", 9));
	ck_assert(!kw_ruleset_args_ok(builtin, set, "go", 2));
	ck_assert(!kw_ruleset_args_ok(builtin, set, "build", 5));	/* argv[0] */
	ck_assert(!set->path);
	ck_assert(match(m, "link", &out));
	set = &builtin->sets[out.tag];
	ck_assert_int_eq(set->args_on, KWARDEN_ARGS_NONE);
	ck_assert(kw_ruleset_path_ok(set, "/usr/lib/go-1.19/pkg/tool/linux_amd64/link"));
	ck_assert(!kw_ruleset_path_ok(set, "/usr/bin/link"));
	ck_assert(kw_ruleset_path_ok(set, NULL));	/* unresolved: fail closed */
	ck_assert(match(m, "gcc", &out));
	ck_assert(kw_ruleset_path_ok(&builtin->sets[out.tag], "/anything"));
}
END_TEST

START_TEST(test_not_nul_terminated)
{
	struct kw_matcher *m = defaults();
	struct kw_match out;
	char buf[3] = { 'g', 'c', 'c' };	/* no NUL */
	char nul[8] = "gcc\0xyz";

	ck_assert(kw_match_name(m, buf, 3, &out));
	ck_assert(!kw_match_name(m, buf, 2, &out));	/* "gc" */
	ck_assert(kw_match_name(m, nul, sizeof(nul), &out));	/* stops at NUL */
}
END_TEST

static const struct {
	const char *pat, *s;
	bool hit;
} globs[] = {
	{ "gcc*", "gcc-12", true }, { "gcc*", "gcc", true },
	{ "*gcc", "x86_64-gcc", true }, { "*gcc", "gccx", false },
	{ "g?c", "gcc", true }, { "g?c", "gc", false },
	{ "*", "", true }, { "", "", true }, { "", "a", false },
	{ "a*b*c", "abbbc", true }, { "a*b*c", "acb", false },
	{ "*.sh", "kubectl.sh", true }, { "k*l", "kubectl", true },
	{ "**", "anything", true }, { "?*?", "ab", true }, { "?*?", "a", false },
	/* a '*' byte in the name is an ordinary byte, also under a wildcard */
	{ "evil*", "evil*x", true }, { "evil*", "evil*", true },
	{ "*/pkg/tool/*", "/usr/local/go/pkg/tool/*linux_amd64/compile", true },
	{ "a*", "a*", true }, { "*b", "*b", true }, { "a?c", "a*c", true },
	{ "*a*", "**a**", true }, { "a*b", "a*", false }, { "*x*", "***", false },
	{ "a*b*c", "a*b*c", true }, { "a*bc", "a*b*c", false },
	{ "*aab", "aaab", true }, { "*ab*ab", "abab", true },
	{ "*ab*ab", "aba", false }, { "a*a", "a", false }, { "*?", "", false },
};

START_TEST(test_glob)
{
	ck_assert_msg(kw_glob(globs[_i].pat, strlen(globs[_i].pat), globs[_i].s,
			      strlen(globs[_i].s)) == globs[_i].hit,
		      "glob '%s' vs '%s'", globs[_i].pat, globs[_i].s);
}
END_TEST

START_TEST(test_glob_pathological)
{
	char s[256], pat[256];
	clock_t t = clock();
	int i;

	memset(s, 'a', 255);
	s[255] = 0;
	for (i = 0; i < 254; i += 2) {
		pat[i] = 'a';
		pat[i + 1] = '*';
	}
	pat[254] = 'b';
	pat[255] = 0;
	ck_assert(!kw_glob(pat, 255, s, 255));
	ck_assert_msg(clock() - t < CLOCKS_PER_SEC / 2, "glob too slow");
}
END_TEST

/* Compares kw_glob() spends never exceed what kw_glob_cost() promised. */
static u32 spent(const char *pat, const char *s)
{
	u32 budget = U32_MAX;

	kw_glob_budget(pat, strlen(pat), s, strlen(s), &budget);
	return U32_MAX - budget;
}

START_TEST(test_glob_cost)
{
	char s[256];

	memset(s, 'a', 255);
	s[255] = 0;
	ck_assert_uint_eq(kw_glob_cost("gcc", 3, 255), 3);
	ck_assert_uint_eq(kw_glob_cost("llvm-*", 6, 255), 5);
	ck_assert_uint_eq(kw_glob_cost("*-gcc", 5, 255), 4);
	ck_assert_uint_eq(kw_glob_cost("*gcc*", 5, 255), 3 * 255);
	ck_assert_uint_eq(kw_glob_cost("a*b*c", 5, 255), 2 + 255);
	for (size_t i = 0; i < ARRAY_SIZE(globs); i++)
		ck_assert_uint_le(spent(globs[i].pat, globs[i].s),
				  kw_glob_cost(globs[i].pat, strlen(globs[i].pat),
					       strlen(globs[i].s)));
	ck_assert_uint_le(spent("*aaaaaaab*", s), kw_glob_cost("*aaaaaaab*", 10, 255));
	ck_assert_uint_le(spent("a*a*a*a*a*b", s), kw_glob_cost("a*a*a*a*a*b", 11, 255));
	/* a spent budget is a mismatch, never a match */
	u32 b = 3;
	ck_assert(!kw_glob_budget("*a*", 3, "bbbbbba", 7, &b));
	ck_assert_uint_eq(b, 0);
}
END_TEST

/*
 * The worst policy the limits allow, against the worst name: 256 globs
 * that cost KWARDEN_GLOB_COST_MAX together, each failing only at its last
 * byte, and a 255-byte name of 127 dashes for the triplet loop.
 */
START_TEST(test_worst_legal_policy)
{
	static char pats[KWARDEN_GLOBS_MAX][8];
	struct kw_name_entry e[KWARDEN_GLOBS_MAX + 1];
	char name[256], costly[16];
	struct kw_matcher *m;
	struct kw_match out;
	size_t i, n = 0;
	u32 cost = 0;
	clock_t t;
	int err;

	/*
	 * one glob "*aaaab*" (5 * 255), the rest "aab*a" (4 each): their
	 * first and last bytes pass the quick test, the third byte fails
	 */
	for (i = 0; i < KWARDEN_GLOBS_MAX - 64; i++) {
		strcpy(pats[i], i < 1 ? "*aaaab*" : "aab*a");
		e[n].pattern = pats[i];
		e[n].tag = 0;
		e[n++].flags = 0;
		cost += kw_glob_cost(pats[i], strlen(pats[i]), 255);
	}
	ck_assert_uint_le(cost, KWARDEN_GLOB_COST_MAX);
	m = kw_matcher_build(e, n, &err);
	ck_assert_ptr_nonnull(m);
	memset(name, 'a', 255);
	name[255] = 0;
	for (i = 1; i < 255; i += 2)
		name[i] = '-';
	t = clock();
	for (i = 0; i < 1000; i++)
		ck_assert(!kw_match_name(m, name, 255, &out));
	memset(name, 'a', 255);
	for (i = 0; i < 1000; i++)
		ck_assert(!kw_match_name(m, name, 255, &out));
	t = clock() - t;
	/* 2,000 names: about 3 us each at -O2, under 50 us even with ASan */
	ck_assert_msg(t < CLOCKS_PER_SEC / 10, "worst legal policy: %ld us per name",
		      (long)(t * 1000000 / CLOCKS_PER_SEC / 2000));
	kw_matcher_free(m);

	/* one glob too many bytes between stars: refused at build */
	strcpy(costly, "*aaaaaaaaaaaaa*");
	e[n - 1].pattern = costly;
	ck_assert_ptr_null(kw_matcher_build(e, n, &err));
	ck_assert_int_eq(err, -ERANGE);
}
END_TEST

START_TEST(test_triplet_many_dashes)
{
	struct kw_matcher *m = defaults();
	struct kw_match out;
	char name[256];
	size_t i;

	/* any number of prefix parts; the tool and its version are kept */
	memset(name, 'a', sizeof(name));
	for (i = 1; i < 240; i += 2)
		name[i] = '-';
	strcpy(name + 240, "gcc-12");
	ck_assert(kw_match_name(m, name, strlen(name), &out));
	ck_assert_str_eq(out.pattern, "gcc");
	ck_assert(match(m, "x86_64-linux-gnu-g++-12", &out));
	ck_assert_str_eq(out.pattern, "g++");
	ck_assert(!match(m, "x86_64-linux-gnu-gcc-ar-12", &out));
	ck_assert(!match(m, "foo-gcc", &out));
	ck_assert(!match(m, "gcc-ar-", &out));
}
END_TEST

START_TEST(test_glob_entries)
{
	struct kw_name_entry e[] = {
		{ "evil*", R_COMPILER, 0 },
		{ "gcc", R_MGMT, 0 },
		{ "gcc", R_COMPILER, 0 },	/* duplicate: first wins */
	};
	struct kw_name_entry got;
	struct kw_match out;
	int err;
	struct kw_matcher *m = kw_matcher_build(e, 3, &err);

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(kw_matcher_count(m), 3);
	ck_assert(match(m, "evil-compiler", &out));
	ck_assert_str_eq(out.pattern, "evil*");
	ck_assert(out.flags & KWARDEN_PF_GLOB);
	ck_assert(match(m, "gcc", &out));
	ck_assert_int_eq(out.tag, R_MGMT);
	ck_assert(kw_matcher_entry(m, 2, &got));
	ck_assert_str_eq(got.pattern, "gcc");
	ck_assert(!kw_matcher_entry(m, 3, &got));
	kw_matcher_free(m);
}
END_TEST

START_TEST(test_build_errors)
{
	char longname[300];
	struct kw_name_entry e[1] = { { "", 1, 0 } };
	int err = 0;

	ck_assert_ptr_null(kw_matcher_build(e, 1, &err));
	ck_assert_int_eq(err, -EINVAL);
	e[0].pattern = "usr/bin/gcc";
	ck_assert_ptr_null(kw_matcher_build(e, 1, &err));
	ck_assert_int_eq(err, -EINVAL);
	memset(longname, 'a', 256);
	longname[256] = 0;
	e[0].pattern = longname;
	ck_assert_ptr_null(kw_matcher_build(e, 1, &err));
	ck_assert_int_eq(err, -EINVAL);
	longname[255] = 0;	/* exactly 255: allowed */
	struct kw_matcher *m = kw_matcher_build(e, 1, &err);
	ck_assert_ptr_nonnull(m);
	kw_matcher_free(m);
	ck_assert_ptr_null(kw_matcher_build(e, KWARDEN_PATTERNS_MAX + 1, &err));
	ck_assert_int_eq(err, -E2BIG);
}
END_TEST

START_TEST(test_ten_thousand)
{
	enum { N = 10000 };
	struct kw_name_entry *e = calloc(N, sizeof(*e));
	char (*names)[32] = calloc(N, 32);
	struct kw_match out;
	int err, i;
	struct kw_matcher *m;

	for (i = 0; i < N; i++) {
		snprintf(names[i], 32, "tool%05d", i);
		e[i].pattern = names[i];
		e[i].tag = R_COMPILER;
	}
	m = kw_matcher_build(e, N, &err);
	ck_assert_ptr_nonnull(m);
	for (i = 0; i < N; i++)
		ck_assert(match(m, names[i], &out));
	ck_assert(!match(m, "tool10000", &out));
	ck_assert(!match(m, "tool0000", &out));
	kw_matcher_free(m);
	free(e);
	free(names);
}
END_TEST

START_TEST(test_basename)
{
	size_t n;
	const char *b = kw_basename("/usr/bin/gcc", 12, &n);

	ck_assert_uint_eq(n, 3);
	ck_assert(!memcmp(b, "gcc", 3));
	b = kw_basename("gcc", 3, &n);
	ck_assert_uint_eq(n, 3);
	b = kw_basename("/usr/bin/", 9, &n);
	ck_assert_uint_eq(n, 0);
	b = kw_basename("", 0, &n);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_rule_info)
{
	defaults();
	ck_assert_uint_eq(builtin->nrules, 4);
	ck_assert_str_eq(builtin->rules[R_COMPILER - 1].name, "compiler");
	ck_assert_str_eq(builtin->rules[R_COMPILER - 1].technique, "T1027.004");
	ck_assert_int_eq(builtin->rules[R_COMPILER - 1].names, 75);
	ck_assert_str_eq(builtin->rules[R_MGMT - 1].name, "container_mgmt");
	ck_assert_str_eq(builtin->rules[R_MGMT - 1].technique, "T1609");
	ck_assert_int_eq(builtin->rules[R_MGMT - 1].names, 40);
	ck_assert_int_eq(builtin->rules[0].action, KWARDEN_RULE_BLOCK);
	ck_assert_int_eq(builtin->rules[1].action, KWARDEN_RULE_BLOCK);
	/* what no name hides alerts, and has no names */
	ck_assert_ptr_eq(kw_ruleset_detector(builtin, KWARDEN_DETECT_DRIFT),
			 &builtin->rules[2]);
	ck_assert_str_eq(builtin->rules[2].name, "new_executable");
	ck_assert_int_eq(builtin->rules[2].action, KWARDEN_RULE_ALERT);
	ck_assert_int_eq(builtin->rules[2].names, 0);
	ck_assert_ptr_eq(kw_ruleset_detector(builtin, KWARDEN_DETECT_FILELESS),
			 &builtin->rules[3]);
	ck_assert_str_eq(builtin->rules[3].technique, "T1620");
	ck_assert_int_eq(builtin->rules[3].action, KWARDEN_RULE_ALERT);
	ck_assert_ptr_null(kw_ruleset_detector(builtin, KWARDEN_DETECT_NAMES));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_default_names, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_go_sets);
	tcase_add_test(tc, test_not_nul_terminated);
	tcase_add_loop_test(tc, test_glob, 0, sizeof(globs) / sizeof(globs[0]));
	tcase_add_test(tc, test_glob_pathological);
	tcase_add_test(tc, test_glob_cost);
	tcase_add_test(tc, test_worst_legal_policy);
	tcase_add_test(tc, test_triplet_many_dashes);
	tcase_add_test(tc, test_glob_entries);
	tcase_add_test(tc, test_build_errors);
	tcase_add_test(tc, test_ten_thousand);
	tcase_add_test(tc, test_basename);
	tcase_add_test(tc, test_rule_info);
	suite_add_tcase(s, tc);
	return kw_run_suite(s);
}
