/* SPDX-License-Identifier: GPL-2.0 */
/* The one way every unit test binary runs its suite. */
#ifndef _KW_TEST_RUN_SUITE_H
#define _KW_TEST_RUN_SUITE_H

#include <check.h>

/* Runs @s and frees it: the exit status, 0 when every test passed. */
static inline int kw_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

#endif /* _KW_TEST_RUN_SUITE_H */
