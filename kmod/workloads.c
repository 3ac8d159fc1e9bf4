// SPDX-License-Identifier: GPL-2.0
/*
 * The workload table, replaced whole: the relay sends every container it
 * named each time, so a container it no longer sends falls back to the
 * exceptions' "unknown" at once, and a half-applied table never exists.
 * Sorted by id, so a lookup in the hook is a bounded binary search.
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "workloads.h"
#include "active.h"
#include "lib/cgroup.h"

struct kw_wl_entry {
	char id[KWARDEN_CONTAINER_ID_LEN];	/* hex, no NUL */
	u64 mask;
};

struct kw_wl_table {
	struct rcu_head rcu;
	u64 gen;		/* the policy generation it was made for */
	u64 set_ns;		/* ktime_get_ns() when it was set */
	u32 n;
	struct kw_wl_entry e[];
};

static struct kw_wl_table __rcu *kw_wl;
static DEFINE_MUTEX(kw_wl_lock);

/*
 * The mask of container @id (64 hex digits) for policy generation @gen:
 * false if the table is of another generation or does not name @id.
 */
static bool kw_workloads_lookup(u64 gen, const char *id, u64 *mask)
{
	const struct kw_wl_table *t;
	bool found = false;
	u32 lo, hi;

	rcu_read_lock();
	t = rcu_dereference(kw_wl);
	if (!t || t->gen != gen)
		goto out;
	lo = 0;
	hi = t->n;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		int c = strncmp(id, t->e[mid].id, KWARDEN_CONTAINER_ID_LEN);

		if (!c) {
			*mask = t->e[mid].mask;
			found = true;
			break;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
out:
	rcu_read_unlock();
	return found;
}

void kw_workloads_subject(const struct kw_active *act, const char *id,
			  struct kw_subject *subj)
{
	subj->workload_mask = 0;
	subj->workload_known = act->rs->nworkload && id[0] &&
		kw_workloads_lookup(act->gen, id, &subj->workload_mask);
}

static int kw_wl_cmp(const void *a, const void *b)
{
	const struct kw_wl_entry *x = a, *y = b;

	return memcmp(x->id, y->id, KWARDEN_CONTAINER_ID_LEN);
}

/* One entry from a validated KWARDEN_A_WORKLOAD nest. */
static int kw_wl_entry(const struct nlattr *nla, struct kw_wl_entry *e,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];
	int err;

	/* the request's policy (commands.c) validated the nest */
	err = nla_parse_nested(tb, KWARDEN_A_MAX, nla, NULL, extack);
	if (err)
		return err;
	if (!tb[KWARDEN_A_CONTAINER_ID] || !tb[KWARDEN_A_WORKLOAD_MASK] ||
	    !kw_is_container_id(nla_data(tb[KWARDEN_A_CONTAINER_ID]))) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "a workload is a 64-hex-digit container id and a mask");
		return -EINVAL;
	}
	memcpy(e->id, nla_data(tb[KWARDEN_A_CONTAINER_ID]),
	       KWARDEN_CONTAINER_ID_LEN);
	e->mask = nla_get_u64(tb[KWARDEN_A_WORKLOAD_MASK]);
	return 0;
}

int kw_workloads_set(struct genl_info *info)
{
	const struct nlattr *head = genlmsg_data(info->genlhdr), *nla;
	int len = genlmsg_len(info->genlhdr), rem, err = 0;
	struct kw_wl_table *t, *old;
	struct kw_active *act;
	u32 n = 0, i;
	u64 gen;

	if (GENL_REQ_ATTR_CHECK(info, KWARDEN_A_POLICY_GEN))
		return -EINVAL;
	gen = nla_get_u64(info->attrs[KWARDEN_A_POLICY_GEN]);
	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) == KWARDEN_A_WORKLOAD)
			n++;
	if (n > KWARDEN_WORKLOADS_MAX) {
		NL_SET_ERR_MSG(info->extack, "more than 4096 workloads");
		return -E2BIG;
	}
	t = kvzalloc(struct_size(t, e, n), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	i = 0;
	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != KWARDEN_A_WORKLOAD)
			continue;
		err = kw_wl_entry(nla, &t->e[i++], info->extack);
		if (err)
			goto fail;
	}
	t->n = n;
	t->gen = gen;
	sort(t->e, n, sizeof(t->e[0]), kw_wl_cmp, NULL);
	for (i = 1; i < n; i++)
		if (!kw_wl_cmp(&t->e[i - 1], &t->e[i])) {
			NL_SET_ERR_MSG(info->extack, "a container listed twice");
			err = -EINVAL;
			goto fail;
		}

	mutex_lock(&kw_wl_lock);
	/*
	 * Under the lock, so a table made for an older policy never replaces
	 * one made for the policy in force.
	 */
	act = kw_active_get();
	if (!act || act->gen != gen) {
		mutex_unlock(&kw_wl_lock);
		kw_active_put(act);
		NL_SET_ERR_MSG(info->extack, "the policy changed: read it again");
		err = -ESTALE;
		goto fail;
	}
	kw_active_put(act);
	t->set_ns = ktime_get_ns();
	old = rcu_replace_pointer(kw_wl, t, lockdep_is_held(&kw_wl_lock));
	mutex_unlock(&kw_wl_lock);
	if (old)
		kvfree_rcu(old, rcu);
	return 0;

fail:
	kvfree(t);
	return err;
}

bool kw_workloads_status(u64 gen, u32 *n, u64 *age_ms)
{
	const struct kw_wl_table *t;
	bool set;

	rcu_read_lock();
	t = rcu_dereference(kw_wl);
	set = t;
	*n = t && t->gen == gen ? t->n : 0;
	*age_ms = t ? div_u64(ktime_get_ns() - t->set_ns, NSEC_PER_MSEC) : 0;
	rcu_read_unlock();
	return set;
}

void kw_workloads_exit(void)
{
	struct kw_wl_table *t;

	mutex_lock(&kw_wl_lock);
	t = rcu_replace_pointer(kw_wl, NULL, lockdep_is_held(&kw_wl_lock));
	mutex_unlock(&kw_wl_lock);
	if (t)
		kvfree_rcu(t, rcu);
}
