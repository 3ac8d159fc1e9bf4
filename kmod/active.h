/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The published policy: what the exec hook reads under RCU, replaced
 * whole and never edited.
 */
#ifndef _KW_ACTIVE_H
#define _KW_ACTIVE_H

#include <linux/kref.h>
#include <linux/rcupdate.h>
#include "lib/ruleset.h"

struct kw_active {
	struct kref ref;
	struct rcu_head rcu;	/* retires the publisher's reference */
	u64 gen;		/* its number: 1 for the first published */
	struct kw_ruleset *rs;
};

int kw_active_init(void);
void kw_active_exit(void);
/* Publishes @rs (taking ownership, also on failure) and retires the old. */
int kw_active_set(struct kw_ruleset *rs);
int kw_active_reset(void);
/* The current policy; the caller holds rcu_read_lock(). May be NULL. */
struct kw_active *kw_active_rcu(void);
/* A counted reference to the current policy, or NULL. */
struct kw_active *kw_active_get(void);
/* Another reference to @p, which the caller holds or reads under RCU. */
static inline void kw_active_hold(struct kw_active *p)
{
	kref_get(&p->ref);
}

void kw_active_put(struct kw_active *p);

#endif /* _KW_ACTIVE_H */
