/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Container identity from a cgroup path, for every runtime layout kwarden
 * knows. Plain C: allocates nothing, bounded by the path length.
 */
#ifndef _KW_LIB_CGROUP_H
#define _KW_LIB_CGROUP_H

#include "plat.h"

struct kw_container_info {
	u8 runtime;			/* enum kwarden_runtime */
	char id[64 + 1];		/* full 64 hex container id, or "" */
	char pod_uid[36 + 1];		/* 8-4-4-4-12 with dashes, or "" */
};

/*
 * Parses a cgroup path (v1 or v2 spelling, host view, @len bytes). Returns
 * true when it names a container of a known runtime, filling @out; false
 * (with @out zeroed) otherwise.
 */
bool kw_cgroup_parse(const char *path, size_t len,
		     struct kw_container_info *out);

/* "docker", "containerd", ... for enum kwarden_runtime; "" for none. */
const char *kw_runtime_name(unsigned int runtime);

#endif /* _KW_LIB_CGROUP_H */
