/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The relay's workload table: which workload exceptions (namespace, pod
 * name, container name, image) each container it could name is in. Only
 * the relay can read those names from the runtimes' state; the kernel
 * keeps its verdict per container id, for the policy generation it was
 * computed for, and the hook reads it under RCU.
 */
#ifndef _KW_WORKLOADS_H
#define _KW_WORKLOADS_H

#include <linux/types.h>
#include <net/genetlink.h>
#include "active.h"
#include "lib/ruleset.h"

/*
 * @subj's workload fields for the container of id @id ("" for none) under
 * @act, the policy its exceptions come from: the container's mask if the
 * table is of @act's generation and names it, looked up only when that
 * policy has workload exceptions. Callable from the exec hook (no sleep,
 * O(log n)).
 */
void kw_workloads_subject(const struct kw_active *act, const char *id,
			  struct kw_subject *subj);
/* KWARDEN_CMD_SET_WORKLOADS, from a validated request. */
int kw_workloads_set(struct genl_info *info);
/*
 * Entries that count for policy generation @gen (0 if the table is of
 * another), and ms since the table was set (false: never since load).
 */
bool kw_workloads_status(u64 gen, u32 *n, u64 *age_ms);
void kw_workloads_exit(void);

#endif /* _KW_WORKLOADS_H */
