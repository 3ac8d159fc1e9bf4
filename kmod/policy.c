// SPDX-License-Identifier: GPL-2.0
/*
 * The policy the exec hook reads. It is immutable once published: a change
 * builds a whole new one and swaps the pointer under RCU, so an exec sees
 * the old or the new policy, never a mix, and the hook takes no lock.
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "kwarden_mod.h"
#include "kw_rules.h"

struct kw_policy __rcu *kw_policy;
static DEFINE_MUTEX(kw_policy_lock);

static struct kw_policy *kw_policy_new(const struct kw_name_entry *e,
				       size_t n, int *err)
{
	struct kw_policy *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->matcher = kw_matcher_build(e, n, err);
	if (!p->matcher) {
		kfree(p);
		return NULL;
	}
	return p;
}

static void kw_policy_free(struct kw_policy *p)
{
	if (p) {
		kw_matcher_free(p->matcher);
		kfree(p);
	}
}

static void kw_policy_publish(struct kw_policy *p)
{
	struct kw_policy *old;

	old = rcu_replace_pointer(kw_policy, p,
				  lockdep_is_held(&kw_policy_lock));
	/* The hook reads under RCU with preemption off: wait it out. */
	synchronize_rcu();
	kw_policy_free(old);
}

int kw_policy_add_names(const struct kw_name_entry *add, size_t n)
{
	const struct kw_policy *cur;
	struct kw_name_entry *e;
	struct kw_policy *p;
	size_t have, i;
	int err = 0;

	mutex_lock(&kw_policy_lock);
	cur = rcu_dereference_protected(kw_policy,
					lockdep_is_held(&kw_policy_lock));
	have = cur ? kw_matcher_count(cur->matcher) : 0;
	if (have + n > KWARDEN_PATTERNS_MAX) {
		err = -E2BIG;
		goto unlock;
	}
	e = kvcalloc(have + n ?: 1, sizeof(*e), GFP_KERNEL);
	if (!e) {
		err = -ENOMEM;
		goto unlock;
	}
	for (i = 0; i < have; i++)
		kw_matcher_entry(cur->matcher, i, &e[i]);
	memcpy(e + have, add, n * sizeof(*e));
	p = kw_policy_new(e, have + n, &err);
	kvfree(e);
	if (p)
		kw_policy_publish(p);
unlock:
	mutex_unlock(&kw_policy_lock);
	return err;
}

int kw_policy_reset(void)
{
	struct kw_policy *p;
	int err = 0;

	mutex_lock(&kw_policy_lock);
	p = kw_policy_new(kw_default_names, kw_default_names_count, &err);
	if (p)
		kw_policy_publish(p);
	mutex_unlock(&kw_policy_lock);
	return err;
}

int kw_policy_init(void)
{
	return kw_policy_reset();
}

void kw_policy_exit(void)
{
	mutex_lock(&kw_policy_lock);
	kw_policy_publish(NULL);
	mutex_unlock(&kw_policy_lock);
}
