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

/*
 * True if the @n bytes at @s are lowercase hex digits: how runtimes spell
 * container ids and pod UIDs, and so what the policy, the workload table
 * and the relay's runtime-state reader accept.
 */
bool kw_is_hex(const char *s, size_t n);

/* A full container id: 64 lowercase hex digits, then the NUL. */
bool kw_is_container_id(const char *s);

/* "docker", "containerd", ... for enum kwarden_runtime; "" for none. */
const char *kw_runtime_name(unsigned int runtime);

#endif /* _KW_LIB_CGROUP_H */
