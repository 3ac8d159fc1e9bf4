// SPDX-License-Identifier: GPL-2.0
/* The relay's workload agent (agent.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "agent.h"
#include "ipc.h"

#define MS		1000000ULL
/*
 * How often the kernel is asked for its policy generation, and the roots
 * are listed even without a word from inotify (a root created after the
 * relay started, a missed event): what a policy load costs the workload
 * exceptions before their table follows it.
 */
#define KW_AGENT_POLL_NS	(1000 * MS)
/*
 * A new container's state files appear a few ms after its first exec
 * (seconds on a loaded node): one not named yet is looked for again every
 * 20 ms for its first 2 s, every 250 ms up to a minute, then only every
 * KW_AGENT_RESEND_S (one no runtime ever names, a bare `runc run`, costs
 * no more than that).
 */
#define KW_AGENT_FAST_NS	(20 * MS)
#define KW_AGENT_FAST_FOR_NS	(2000 * MS)
#define KW_AGENT_SLOW_NS	(250 * MS)
#define KW_AGENT_SLOW_FOR_NS	(60000 * MS)
#define KW_AGENT_RESEND_NS	(KW_AGENT_RESEND_S * 1000 * MS)
/* A policy that keeps changing under the table: give up until the next run. */
#define KW_AGENT_STALE_TRIES	3

/* What the agent remembers of one container between runs. */
struct ct {
	char id[KWARDEN_CONTAINER_ID_LEN + 1];
	bool named;		/* some root gave it a name: it is in the table */
	uint64_t first_ns;	/* when it was first listed */
	uint64_t next_ns;	/* unnamed: when it is looked up again */
	uint64_t mask;		/* named: for the policy of mask_gen */
	uint64_t mask_gen;
	bool have_mask;
};

struct kw_agent {
	struct kw_containers *c;
	int fd;
	struct kw_ruleset *policy;	/* the kernel's, or NULL */
	uint64_t gen;			/* policy's generation */
	/* listing, this run's and last run's containers (sorted by id) */
	char (*ids)[KWARDEN_CONTAINER_ID_LEN + 1];
	struct ct *cts, *old;
	size_t ncts;
	/* the table built, and the last one the kernel took */
	struct kw_wl_item *table, *sent;
	size_t ntable, nsent;
	bool sent_ok;
	uint64_t sent_gen, sent_ns;
	uint64_t next_ns;		/* when it runs next, unless dirty */
	uint64_t last_ns;		/* when it last ran */
	bool dirty;			/* a root changed since */
	bool truncated_said;
	int last_err;			/* the error last reported */
};

struct kw_agent *kw_agent_new(struct kw_containers *c)
{
	struct kw_agent *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->c = c;
	a->ids = calloc(KWARDEN_WORKLOADS_MAX, sizeof(*a->ids));
	a->cts = calloc(KWARDEN_WORKLOADS_MAX, sizeof(*a->cts));
	a->old = calloc(KWARDEN_WORKLOADS_MAX, sizeof(*a->old));
	a->table = calloc(KWARDEN_WORKLOADS_MAX, sizeof(*a->table));
	a->sent = calloc(KWARDEN_WORKLOADS_MAX, sizeof(*a->sent));
	if (!a->ids || !a->cts || !a->old || !a->table || !a->sent) {
		kw_agent_free(a);
		return NULL;
	}
	/* without inotify the agent still sees containers, at its poll */
	a->fd = kw_containers_watch_fd(c);
	if (a->fd < 0)
		a->fd = -1;
	a->dirty = true;
	return a;
}

void kw_agent_free(struct kw_agent *a)
{
	if (!a)
		return;
	kw_ruleset_free(a->policy);
	free(a->ids);
	free(a->cts);
	free(a->old);
	free(a->table);
	free(a->sent);
	free(a);
}

int kw_agent_fd(const struct kw_agent *a)
{
	return a->fd;
}

/* When the next run is due: a change waits out KW_AGENT_FAST_NS since the last. */
static uint64_t due_ns(const struct kw_agent *a)
{
	uint64_t t = a->next_ns;

	if (a->dirty && a->last_ns + KW_AGENT_FAST_NS < t)
		t = a->last_ns + KW_AGENT_FAST_NS;
	return t;
}

int kw_agent_timeout_ms(const struct kw_agent *a, uint64_t now_ns)
{
	uint64_t t = due_ns(a), ms;

	if (t <= now_ns)
		return 0;
	ms = (t - now_ns + MS - 1) / MS;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Once per distinct error: a relay that cannot feed the kernel says so, not every second. */
static void warn(struct kw_agent *a, int err, const char *what,
		 const char *detail)
{
	if (err == a->last_err)
		return;
	a->last_err = err;
	if (!detail)
		detail = kw_ipc_kernel_msg();
	fprintf(stderr, "kwarden: agent: %s: %s%s%s\n", what, strerror(-err),
		detail ? ": " : "", detail ? detail : "");
}

static void drop_policy(struct kw_agent *a)
{
	kw_ruleset_free(a->policy);
	a->policy = NULL;
	a->gen = 0;
}

/* Follows the kernel's policy to generation @gen: false if it has none now. */
static bool follow_policy(struct kw_agent *a, uint64_t gen)
{
	struct kw_ruleset *p;
	const char *why = NULL;
	uint64_t dumped;
	int err;

	if (a->policy && a->gen == gen)
		return true;
	drop_policy(a);
	err = kw_ipc_policy_get_gen(&p, &why, &dumped);
	if (err) {
		if (err != -ENOENT)
			warn(a, err, "reading the policy",
			     err == -EPROTO ? why : NULL);
		return false;
	}
	a->policy = p;
	/*
	 * The dump's own generation: the policy may have changed since the
	 * status, and a table must be tagged with the policy it was made
	 * from (an older module does not say: then the status's).
	 */
	a->gen = dumped ? dumped : gen;
	return true;
}

static bool has_name(const struct kw_ctx_info *ci)
{
	return ci->ns[0] || ci->pod[0] || ci->name[0] || ci->image[0];
}

static uint64_t mask_of(const struct kw_agent *a, const struct kw_ctx_info *ci)
{
	const struct kw_workload w = {
		.ns = ci->ns, .pod = ci->pod, .name = ci->name, .image = ci->image,
	};

	return kw_ruleset_workload_mask(a->policy, &w);
}

/*
 * Lists the containers and builds the table for the policy held: a
 * container keeps what the agent knew of it (sorted lists, merged in one
 * pass), a named one costs a cache hit only when the policy changed, an
 * unnamed one a fresh lookup when its retry is due. Returns the earliest
 * retry due, or UINT64_MAX.
 */
static uint64_t build(struct kw_agent *a, uint64_t now)
{
	const struct kw_ctx_info *ci;
	uint64_t retry = UINT64_MAX;
	struct ct *t;
	size_t n = 0, i, j = 0, nold;
	int err;

	err = kw_containers_list(a->c, a->ids, KWARDEN_WORKLOADS_MAX, &n);
	if (err == -E2BIG && !a->truncated_said) {
		fprintf(stderr, "kwarden: agent: more than %d containers: the rest stay unknown to the kernel\n",
			KWARDEN_WORKLOADS_MAX);
		a->truncated_said = true;
	}
	t = a->old;
	a->old = a->cts;
	a->cts = t;
	nold = a->ncts;
	a->ntable = 0;
	for (i = 0; i < n; i++) {
		struct ct *e = &a->cts[i];
		int cmp = 1;

		while (j < nold &&
		       (cmp = memcmp(a->old[j].id, a->ids[i],
				     KWARDEN_CONTAINER_ID_LEN)) < 0)
			j++;
		if (j < nold && !cmp) {
			*e = a->old[j++];
		} else {
			memset(e, 0, sizeof(*e));
			memcpy(e->id, a->ids[i], sizeof(e->id));
			e->first_ns = now;
			e->next_ns = now;
		}
		if (!e->named && now >= e->next_ns) {
			/*
			 * Past the event path's once-a-second negative
			 * cache: the files may have appeared since.
			 */
			kw_containers_forget(a->c, e->id);
			ci = kw_containers_lookup(a->c, e->id, now);
			e->named = has_name(ci);
			if (e->named) {
				e->mask = mask_of(a, ci);
				e->mask_gen = a->gen;
				e->have_mask = true;
			} else {
				uint64_t age = now - e->first_ns;

				e->next_ns = now + (age < KW_AGENT_FAST_FOR_NS ? KW_AGENT_FAST_NS :
						    age < KW_AGENT_SLOW_FOR_NS ? KW_AGENT_SLOW_NS :
						    KW_AGENT_RESEND_NS);
			}
		} else if (e->named && (!e->have_mask || e->mask_gen != a->gen)) {
			ci = kw_containers_lookup(a->c, e->id, now);
			if (has_name(ci)) {
				e->mask = mask_of(a, ci);
				e->mask_gen = a->gen;
				e->have_mask = true;
			} else {
				/* its state went between the listing and now */
				e->named = false;
				e->have_mask = false;
				e->next_ns = now + KW_AGENT_FAST_NS;
			}
		}
		if (e->named) {
			struct kw_wl_item *it = &a->table[a->ntable++];

			memcpy(it->id, e->id, sizeof(it->id));
			it->mask = e->mask;
		} else if (e->next_ns < retry) {
			retry = e->next_ns;
		}
	}
	a->ncts = n;
	return retry;
}

static bool same_table(const struct kw_agent *a)
{
	size_t i;

	if (a->ntable != a->nsent)
		return false;
	for (i = 0; i < a->ntable; i++)
		if (a->table[i].mask != a->sent[i].mask ||
		    memcmp(a->table[i].id, a->sent[i].id, KWARDEN_CONTAINER_ID_LEN))
			return false;
	return true;
}

/* Does the kernel need the table now? */
static bool must_send(const struct kw_agent *a, const struct kw_status *st,
		      uint64_t now)
{
	if (!a->sent_ok || a->sent_gen != a->gen || !same_table(a))
		return true;
	if (now - a->sent_ns >= KW_AGENT_RESEND_NS)
		return true;
	/* loaded again since, or someone else's table: feed it ours */
	if (st->workloads_age_ms == UINT64_MAX)
		return true;
	return st->policy_gen == a->gen && st->workloads != a->nsent;
}

static void run(struct kw_agent *a, uint64_t now)
{
	uint64_t retry = UINT64_MAX;
	struct kw_wl_item *t;
	struct kw_status st;
	int err, tries;

	for (tries = 0; tries < KW_AGENT_STALE_TRIES; tries++) {
		err = kw_ipc_status(&st);
		if (err) {
			/* a module loaded again may reuse a generation */
			drop_policy(a);
			a->sent_ok = false;
			if (err != -ENOENT)
				warn(a, err, "status", NULL);
			return;
		}
		if (!follow_policy(a, st.policy_gen))
			return;
		/* nothing to classify: the kernel ignores another policy's table */
		if (!a->policy->nworkload) {
			a->ncts = 0;
			return;
		}
		retry = build(a, now);
		if (retry < a->next_ns)
			a->next_ns = retry;
		if (!must_send(a, &st, now))
			return;
		err = kw_ipc_set_workloads(a->gen, a->table, a->ntable);
		if (!err) {
			t = a->sent;
			a->sent = a->table;
			a->table = t;
			a->nsent = a->ntable;
			a->sent_ok = true;
			a->sent_gen = a->gen;
			a->sent_ns = now;
			a->last_err = 0;
			return;
		}
		a->sent_ok = false;
		if (err != -ESTALE) {
			if (err != -ENOENT)
				warn(a, err, "sending the workload table", NULL);
			return;
		}
		/* the policy changed under the table: read it and redo at once */
		drop_policy(a);
	}
}

void kw_agent_run(struct kw_agent *a, uint64_t now_ns, bool fd_ready)
{
	int r = fd_ready ? kw_containers_watch_read(a->c) : 0;

	if (r < 0) {
		/* not polled again: a broken fd would wake the relay forever */
		warn(a, r, "inotify", NULL);
		a->fd = -1;
	}
	if (r)
		a->dirty = true;
	if (now_ns < due_ns(a))
		return;
	a->dirty = false;
	a->last_ns = now_ns;
	a->next_ns = now_ns + KW_AGENT_POLL_NS;
	run(a, now_ns);
}
