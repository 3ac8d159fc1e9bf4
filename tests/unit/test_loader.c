// SPDX-License-Identifier: GPL-2.0
/* The dynamic loader's program (kmod/lib/loader.c), as glibc and musl read argv. */
#include <check.h>
#include "run_suite.h"
#include <string.h>
#include "lib/loader.h"

static const struct {
	const char *name;
	bool loader;
} names[] = {
	{ "ld-linux-x86-64.so.2", true }, { "ld-linux.so.2", true },
	{ "ld-linux-aarch64.so.1", true }, { "ld-musl-x86_64.so.1", true },
	{ "ld-2.31.so", true }, { "ld.so", true }, { "ld.so.1", true },
	{ "ld64.so.2", true }, { "ld", false }, { "ld.bfd", false },
	{ "ld.gold", false }, { "ld-new", false }, { "lld", false },
	{ "gold", false }, { "ldconfig", false }, { "", false },
};

START_TEST(test_names)
{
	ck_assert_msg(kw_loader_name(names[_i].name, strlen(names[_i].name)) ==
		      names[_i].loader, "%s", names[_i].name);
}
END_TEST

/* argv as one string, words separated by '|'; the programs expected, '|'-joined */
static const struct {
	const char *argv, *want;
} cases[] = {
	{ "/lib64/ld-linux-x86-64.so.2|/usr/bin/as|-o|x.o", "/usr/bin/as" },
	{ "ld.so|--library-path|/tmp/lib|--preload|/tmp/x.so|--argv0|sh|as", "as" },
	{ "ld.so|--inhibit-cache|--audit|a.so|--inhibit-rpath|b|cc1", "cc1" },
	{ "ld.so|--glibc-hwcaps-prepend|x|--glibc-hwcaps-mask|y|ld.bfd", "ld.bfd" },
	/* an option without its value is glibc's program; musl fails */
	{ "ld.so|--preload", "--preload" },
	/* "--" ends musl's options; glibc runs a file named "--" */
	{ "ld-musl-x86_64.so.1|--|kubectl|get", "--|kubectl" },
	/* musl's --opt=value is one word; glibc runs a file of that name */
	{ "ld-musl-x86_64.so.1|--library-path=/x|as", "--library-path=/x|as" },
	/* glibc stops at a word it does not know; musl fails on it */
	{ "ld.so|--bogus|as", "--bogus" },
	{ "ld.so|--argv0|gcc|--list|as", "" },
	{ "ld.so|--verify|as", "" },
	{ "ld.so|--help", "" },
	{ "ld.so|--version|as", "" },
	{ "ld.so|--list-tunables", "" },
	/* musl as ldd: nothing runs; glibc does not know argv[0] */
	{ "/usr/bin/ldd|as", "as" },
	{ "ld.so", "" },
	{ "ld.so|", "" },
	/* a last word without its NUL */
	{ "ld.so|cc1plus", "cc1plus" },
};

START_TEST(test_programs)
{
	char buf[256], got[256] = "";
	struct kw_span out[KW_LOADER_READINGS];
	size_t len = strlen(cases[_i].argv), i;
	int n, k;

	memcpy(buf, cases[_i].argv, len);
	for (i = 0; i < len; i++)
		if (buf[i] == '|')
			buf[i] = '\0';
	n = kw_loader_programs(buf, len, out);
	for (k = 0; k < n; k++) {
		if (k)
			strcat(got, "|");
		strncat(got, out[k].s, out[k].len);
	}
	ck_assert_str_eq(got, cases[_i].want);
}
END_TEST

/* musl as ldd, by name: argv[0] ending in "ldd" */
START_TEST(test_ldd_modes)
{
	static const char musl_ldd[] = "ldd\0--\0as";
	static const char musl_list[] = "ld-musl-x86_64.so.1\0--list\0as";
	struct kw_span out[KW_LOADER_READINGS];

	/* glibc reads "--" as the program; musl, ldd, runs nothing */
	ck_assert_int_eq(kw_loader_programs(musl_ldd, sizeof(musl_ldd), out), 1);
	ck_assert_int_eq(out[0].len, 2);
	ck_assert_int_eq(kw_loader_programs(musl_list, sizeof(musl_list), out), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_names, 0, sizeof(names) / sizeof(names[0]));
	tcase_add_loop_test(tc, test_programs, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_ldd_modes);
	suite_add_tcase(s, tc);
	return kw_run_suite(s);
}
