/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finding: an exec in a container that matched a rule, from the hook
 * that queues it to the event its task work writes.
 */
#ifndef _KW_FINDING_H
#define _KW_FINDING_H

#include "batch.h"
#include "active.h"

/*
 * Queues a finding of @rule for current: copies @d (its strings too),
 * holds @act and queues task work, which reads argv, decides an argv
 * condition of @set, kills the new program if it must be blocked and
 * writes the event. @set is NULL for a detector rule's finding; @rule
 * too for a dynamic loader's, which task work decides. Atomic context;
 * nothing is queued without memory (counted as dropped).
 */
void kw_finding_queue(const struct kw_event_data *d, struct kw_active *act,
		      const struct kw_set *set, const struct kw_rule *rule);
/* After the hook is gone: frees the per-CPU spares. */
void kw_finding_exit(void);

#endif /* _KW_FINDING_H */
