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
#include "lib/rules.h"
#include "active.h"

static struct kw_active __rcu *kw_published;
static DEFINE_MUTEX(kw_active_lock);
static atomic64_t kw_active_gen = ATOMIC64_INIT(0);

/*
 * The publisher's reference is dropped a grace period after the swap, by
 * call_rcu(): kw_active_set() runs under the genetlink mutex, where a
 * synchronize_rcu() would stall every other family's requests.
 */
static void kw_active_release(struct kref *ref)
{
	struct kw_active *p = container_of(ref, struct kw_active, ref);

	kw_ruleset_free(p->rs);
	kfree(p);
}

void kw_active_put(struct kw_active *p)
{
	if (p)
		kref_put(&p->ref, kw_active_release);
}

static void kw_active_put_rcu(struct rcu_head *head)
{
	kw_active_put(container_of(head, struct kw_active, rcu));
}

/* Drops the publisher's reference once no hook can still see @old. */
static void kw_active_retire(struct kw_active *old)
{
	if (old)
		call_rcu(&old->rcu, kw_active_put_rcu);
}

/* A counted reference to the current policy, or NULL. */
struct kw_active *kw_active_get(void)
{
	struct kw_active *p;

	rcu_read_lock();
	p = rcu_dereference(kw_published);
	/* The publisher's reference outlives every RCU reader. */
	if (p)
		kref_get(&p->ref);
	rcu_read_unlock();
	return p;
}

struct kw_active *kw_active_rcu(void)
{
	return rcu_dereference(kw_published);
}

/* Takes ownership of @rs, also on failure. */
int kw_active_set(struct kw_ruleset *rs)
{
	struct kw_active *p, *old;

	if (!rs)
		return -EINVAL;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		kw_ruleset_free(rs);
		return -ENOMEM;
	}
	kref_init(&p->ref);
	p->rs = rs;

	mutex_lock(&kw_active_lock);
	p->gen = atomic64_inc_return(&kw_active_gen);
	old = rcu_replace_pointer(kw_published, p,
				  lockdep_is_held(&kw_active_lock));
	mutex_unlock(&kw_active_lock);
	kw_active_retire(old);
	return 0;
}

int kw_active_reset(void)
{
	const char *msg;
	struct kw_ruleset *rs;
	int err;

	rs = kw_ruleset_builtin(&err, &msg);
	if (!rs) {
		pr_err("built-in policy: %s\n", msg);
		return err;
	}
	return kw_active_set(rs);
}

int kw_active_init(void)
{
	return kw_active_reset();
}

void kw_active_exit(void)
{
	struct kw_active *old;

	mutex_lock(&kw_active_lock);
	old = rcu_replace_pointer(kw_published, NULL,
				  lockdep_is_held(&kw_active_lock));
	mutex_unlock(&kw_active_lock);
	kw_active_retire(old);
	/* every retired policy's callback has run: none is left behind */
	rcu_barrier();
}
