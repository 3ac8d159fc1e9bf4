/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A throwaway directory tree standing in for the runtimes' state roots, for
 * the suites that read it (containers, agent): made in each test's setup,
 * removed in its teardown.
 */
#ifndef KW_TEST_STATE_TREE_H
#define KW_TEST_STATE_TREE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char tree_top[64];

/* A new tree under /tmp, named after @name. */
static inline void tree_make(const char *name)
{
	snprintf(tree_top, sizeof(tree_top), "/tmp/%s.XXXXXX", name);
	ck_assert_ptr_nonnull(mkdtemp(tree_top));
}

static inline void tree_remove(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tree_top);
	ck_assert_int_eq(system(cmd), 0);
}

/* TOP/@rel, in one of four buffers: a call may take a few. */
static inline char *at(const char *rel)
{
	static char path[4][1024];
	static int i;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", tree_top, rel);
	return path[i];
}

/* mkdir -p of each directory of @path (under TOP) up to its last '/' */
static inline void tree_mkdirs(char *path)
{
	char *p;

	for (p = path + strlen(tree_top) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

/* mkdir -p of TOP/@rel's directory, then @rel with @text unless "". */
static inline void put(const char *rel, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree_top, rel);
	tree_mkdirs(path);
	if (!text[0])
		return;
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* mkdir -p TOP/@rel */
static inline void dir(const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s/", tree_top, rel);
	tree_mkdirs(path);
}

#endif /* KW_TEST_STATE_TREE_H */
