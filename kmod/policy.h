/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The published policy: what the exec hook reads under RCU, replaced
 * whole and never edited.
 */
#ifndef _KW_POLICY_PUB_H
#define _KW_POLICY_PUB_H

#include <linux/kref.h>
#include <linux/rcupdate.h>
#include "kw_policy.h"

struct kw_policy {
	struct kref ref;
	struct rcu_head rcu;	/* retires the publisher's reference */
	u64 gen;		/* its number: 1 for the first published */
	struct kw_pol *pol;
};

int kw_policy_init(void);
void kw_policy_exit(void);
/* Publishes @pol (taking ownership, also on failure) and retires the old. */
int kw_policy_set(struct kw_pol *pol);
int kw_policy_reset(void);
/* The current policy; the caller holds rcu_read_lock(). May be NULL. */
struct kw_policy *kw_policy_rcu(void);
/* A counted reference to the current policy, or NULL. */
struct kw_policy *kw_policy_get(void);
/* Another reference to @p, which the caller holds or reads under RCU. */
static inline void kw_policy_hold(struct kw_policy *p)
{
	kref_get(&p->ref);
}

void kw_policy_put(struct kw_policy *p);

#endif /* _KW_POLICY_PUB_H */
