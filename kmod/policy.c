// SPDX-License-Identifier: GPL-2.0
/*
 * The policy the exec hook reads. It is immutable once published: a change
 * builds a whole new one and swaps the pointer under RCU, so an exec sees
 * the old or the new policy, never a mix, and the hook takes no lock. A
 * finding that still needs its policy after the hook (the argv condition,
 * the rule's name in the event) holds a reference.
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "policy.h"

static struct kw_policy __rcu *kw_policy;
static DEFINE_MUTEX(kw_policy_lock);
static atomic64_t kw_policy_gen = ATOMIC64_INIT(0);

/*
 * The publisher's reference is dropped a grace period after the swap, by
 * call_rcu(): kw_policy_set() runs under the genetlink mutex, where a
 * synchronize_rcu() would stall every other family's requests.
 */
static void kw_policy_release(struct kref *ref)
{
	struct kw_policy *p = container_of(ref, struct kw_policy, ref);

	kw_pol_free(p->pol);
	kfree(p);
}

void kw_policy_put(struct kw_policy *p)
{
	if (p)
		kref_put(&p->ref, kw_policy_release);
}

static void kw_policy_put_rcu(struct rcu_head *head)
{
	kw_policy_put(container_of(head, struct kw_policy, rcu));
}

/* Drops the publisher's reference once no hook can still see @old. */
static void kw_policy_retire(struct kw_policy *old)
{
	if (old)
		call_rcu(&old->rcu, kw_policy_put_rcu);
}

/* A counted reference to the current policy, or NULL. */
struct kw_policy *kw_policy_get(void)
{
	struct kw_policy *p;

	rcu_read_lock();
	p = rcu_dereference(kw_policy);
	/* The publisher's reference outlives every RCU reader. */
	if (p)
		kref_get(&p->ref);
	rcu_read_unlock();
	return p;
}

struct kw_policy *kw_policy_rcu(void)
{
	return rcu_dereference(kw_policy);
}

/* Takes ownership of @pol, also on failure. */
int kw_policy_set(struct kw_pol *pol)
{
	struct kw_policy *p, *old;

	if (!pol)
		return -EINVAL;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		kw_pol_free(pol);
		return -ENOMEM;
	}
	kref_init(&p->ref);
	p->pol = pol;

	mutex_lock(&kw_policy_lock);
	p->gen = atomic64_inc_return(&kw_policy_gen);
	old = rcu_replace_pointer(kw_policy, p,
				  lockdep_is_held(&kw_policy_lock));
	mutex_unlock(&kw_policy_lock);
	kw_policy_retire(old);
	return 0;
}

int kw_policy_reset(void)
{
	const char *msg;
	struct kw_pol *pol;
	int err;

	pol = kw_pol_builtin(&err, &msg);
	if (!pol) {
		pr_err("built-in policy: %s\n", msg);
		return err;
	}
	return kw_policy_set(pol);
}

int kw_policy_init(void)
{
	return kw_policy_reset();
}

void kw_policy_exit(void)
{
	struct kw_policy *old;

	mutex_lock(&kw_policy_lock);
	old = rcu_replace_pointer(kw_policy, NULL,
				  lockdep_is_held(&kw_policy_lock));
	mutex_unlock(&kw_policy_lock);
	kw_policy_retire(old);
	/* every retired policy's callback has run: none is left behind */
	rcu_barrier();
}
