/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the exec hook learns about current: is it in a container, which
 * one, its namespaces, its parent's program. Atomic context: nothing here
 * sleeps or allocates.
 */
#ifndef _KW_CONTEXT_H
#define _KW_CONTEXT_H

#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/types.h>
#include "lib/cgroup.h"

/* Container context of current. */
struct kw_ctx {
	u32 pidns, mntns, utsns, cgroupns, pidns_level;
	bool in_container;
	struct kw_container_info ci;
	size_t cgroup_len;
};

/* Per CPU, owned by the hook: the last cgroup seen and what it names. */
struct kw_cgcache {
	u64 id;			/* its kernfs id; 0: not cached */
	size_t len;
	bool runtime;		/* it is a known runtime's */
	struct kw_container_info ci;
	char path[PATH_MAX];
};

/* At load: false if the mount namespace layout is not the expected one. */
bool kw_context_init(void);
/*
 * Fills @ctx for current about to execute @file; the cgroup path is left
 * in @cg->path.
 */
void kw_context(struct kw_ctx *ctx, struct kw_cgcache *cg, struct file *file);
/*
 * Has @file no path a process could open again: on an internal mount
 * (MNT_INTERNAL: memfds, anonymous inodes) or deleted while open?
 */
bool kw_file_pathless(const struct file *file);
/* The parent's exe path in @buf, or NULL. */
const char *kw_parent_exe(char *buf, size_t size);

#endif /* _KW_CONTEXT_H */
