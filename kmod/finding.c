// SPDX-License-Identifier: GPL-2.0
/*
 * A finding's life. The exec hook, in atomic context, hands over what it
 * learned (struct kw_event_data); this file packs it into one buffer with
 * its strings, holds the policy that matched and the module, and queues
 * task work. The task work runs in the exec'ing task's own process context
 * just before it returns to user space, i.e. before the new program's
 * first instruction. There kwarden may fault, so it reads what the hook
 * could not: argv as the new program received it (from its own stack,
 * which no racing thread of the old program can rewrite any more),
 * straight into the event; decides an argv condition; kills the new
 * program if it must be blocked; and frees the finding.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/mm.h>
#include "finding.h"
#include "lib/loader.h"
#include "lib/match.h"
#include "genl.h"
#include "mode.h"
#include "stats.h"
#include "workloads.h"

struct kw_finding {
	struct callback_head work;
	u64 exec_id;		/* self_exec_id at the hook */
	struct kw_active *act;	/* counted: the policy that matched */
	const struct kw_set *set;	/* in act: the set that matched, */
	const struct kw_rule *rule;	/* its rule; a detector's without a
					 * set; neither for a loader
					 */
	bool spare;		/* KW_FINDING_SPARE bytes: may be kept */
	struct kw_event_data ev;	/* its strings in data[] */
	char data[];
};

/*
 * One finding buffer is kept per CPU. A compile is a burst of findings
 * (the driver, cc1, as, collect2, ld), each allocated here and freed by
 * task work moments later: with a spare, a burst allocates nothing, and
 * no allocator zeroes (init_on_alloc) a buffer that is written whole
 * before it is read. Longer findings (long paths) are allocated as they
 * come.
 */
#define KW_FINDING_SPARE 1024
static DEFINE_PER_CPU(struct kw_finding *, kw_spare);

static struct kw_finding *kw_finding_alloc(size_t size)
{
	struct kw_finding *f;

	if (size > KW_FINDING_SPARE) {
		f = kmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
		if (f)
			f->spare = false;
		return f;
	}
	f = this_cpu_xchg(kw_spare, NULL);
	if (!f)
		f = kmalloc(KW_FINDING_SPARE, GFP_ATOMIC | __GFP_NOWARN);
	if (f)
		f->spare = true;
	return f;
}

static void kw_finding_free(struct kw_finding *f)
{
	if (f->spare && !this_cpu_cmpxchg(kw_spare, NULL, f))
		return;
	kfree(f);
}

/* The bytes of argv there are, at most @max; all of them in *total. */
static size_t kw_argv_span(size_t max, unsigned long *start, size_t *total)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;

	*total = 0;
	if (!mm)
		return 0;
	spin_lock(&mm->arg_lock);
	*start = mm->arg_start;
	end = mm->arg_end;
	spin_unlock(&mm->arg_lock);
	if (end <= *start)
		return 0;
	*total = end - *start;
	return min_t(size_t, *total, max);
}

/*
 * An argv longer than an event carries is checked whole, up to
 * KWARDEN_ARGV_CHECK_MAX bytes: otherwise a long argv[0] would push the
 * verb out of sight. Longer, unreadable or no memory: the condition holds
 * (fail closed). Process context: this may sleep.
 */
static bool kw_args_hold_long(const struct kw_finding *f, unsigned long start,
			      size_t total)
{
	bool holds = true;
	char *buf;

	if (total > KWARDEN_ARGV_CHECK_MAX)
		return true;
	buf = kvmalloc(total, GFP_KERNEL);
	if (!buf)
		return true;
	if (!copy_from_user(buf, (const void __user *)start, total))
		holds = kw_ruleset_args_ok(f->act->rs, f->set, buf, total);
	kvfree(buf);
	return holds;
}

static bool kw_must_block(const struct kw_finding *f)
{
	return kw_enforcing() && f->rule->action == KWARDEN_RULE_BLOCK;
}

/*
 * Past the point of no return an exec cannot fail any more; the new
 * program has not run an instruction yet, so it dies. The kill is the
 * kernel's own (force_sig): a signal sent as from the task itself is
 * ignored when the task is the init of its pid namespace, which a
 * container's entrypoint is. Only a kill that is pending counts as a block.
 */
static void kw_kill(struct kw_finding *f)
{
	force_sig(SIGKILL);
	if (!fatal_signal_pending(current)) {
		pr_warn_ratelimited("could not kill pid %d: reported, not blocked\n",
				    task_tgid_nr(current));
		return;
	}
	f->ev.action = KWARDEN_ACTION_BLOCKED;
	kw_stat_inc(KW_STAT_BLOCKED);
}

/* The parent's exe path the hook resolved, for an exception. */
static const char *kw_finding_parent_exe(void *arg)
{
	const struct kw_finding *f = arg;

	return f->ev.parent_exe.len ? f->ev.parent_exe.s : NULL;
}

/* Does an exception silence @rule for the finding's process? */
static bool kw_finding_excepted(struct kw_finding *f, u32 rule)
{
	const struct kw_ruleset *rs = f->act->rs;
	struct kw_subject subj;

	if (!rs->nexc)
		return false;
	subj.container_id = f->ev.container_id.s;
	subj.cgroup = f->ev.cgroup.s;
	subj.cgroup_len = f->ev.cgroup.len;
	subj.pod_uid = f->ev.pod_uid.s;
	subj.uid = f->ev.uid;
	kw_workloads_subject(f->act, f->ev.container_id.s, &subj);
	subj.parent_exe = kw_finding_parent_exe;
	subj.arg = f;
	if (kw_ruleset_excepted(rs, rule, &subj) < 0)
		return false;
	kw_stat_inc(KW_STAT_EXCEPTED);
	return true;
}

/*
 * Does @prog, a program a loader was asked to run (NUL-terminated, in an
 * argv block that ends at @end), make @f a finding? As the hook judges an
 * exe: its basename matches a name whose rule is on, the set's path and
 * argv conditions hold (its own argv, from the program on) and no
 * exception applies. A relative path cannot be judged by a path
 * condition: it holds.
 */
static bool kw_loader_match(struct kw_finding *f, const struct kw_span *prog,
			    const char *end, bool truncated)
{
	const struct kw_ruleset *rs = f->act->rs;
	const struct kw_set *set;
	struct kw_match mt;
	const char *base;
	size_t blen;

	base = kw_basename(prog->s, prog->len, &blen);
	set = kw_ruleset_match(rs, base, blen, &mt);
	if (!set)
		return false;
	kw_stat_inc(KW_STAT_MATCHED);
	if (set->path &&
	    !kw_ruleset_path_ok(set, prog->s[0] == '/' ? prog->s : NULL))
		return false;
	/* an argv cut short holds, as a long one does for the hook's sets */
	if (set->args_on != KWARDEN_ARGS_NONE && !truncated &&
	    !kw_ruleset_args_ok(rs, set, prog->s, end - prog->s))
		return false;
	if (kw_finding_excepted(f, set->rule))
		return false;
	f->set = set;
	f->rule = &rs->rules[set->rule];
	f->ev.match_name = (struct kw_fstr){ base, blen };
	f->ev.match_pattern = (struct kw_fstr){
		mt.pattern, strnlen(mt.pattern, KWARDEN_PATTERN_MAX) };
	return true;
}

/*
 * A dynamic loader ran: is what it runs a finding? argv is read whole, up
 * to KWARDEN_ARGV_CHECK_MAX bytes, into *@buf (the event's match name
 * points into it). When the program cannot be read (loader options past
 * that, an unreadable argv, no memory) it fails closed: the finding falls
 * to the policy's first set whose rule is on, with no name matched, and
 * that rule's exceptions.
 */
static bool kw_loader_finding(struct kw_finding *f, char **buf)
{
	const struct kw_ruleset *rs = f->act->rs;
	struct kw_span prog[KW_LOADER_READINGS];
	unsigned long start;
	size_t len, total;
	bool truncated;
	int n, i;
	u32 k;

	len = kw_argv_span(KWARDEN_ARGV_CHECK_MAX, &start, &total);
	if (!len)
		return false;
	truncated = total > len;
	*buf = kvmalloc(len, GFP_KERNEL);
	if (!*buf || copy_from_user(*buf, (const void __user *)start, len))
		goto closed;
	n = kw_loader_programs(*buf, len, prog);
	for (i = 0; i < n; i++) {
		/* a word cut at the end is not the program's whole name */
		if (prog[i].s + prog[i].len == *buf + len)
			goto closed;
		if (kw_loader_match(f, &prog[i], *buf + len, truncated))
			return true;
	}
	if (!truncated)
		return false;
closed:
	for (k = 0; k < rs->nsets; k++) {
		if (rs->rules[rs->sets[k].rule].action == KWARDEN_RULE_OFF)
			continue;
		kw_stat_inc(KW_STAT_MATCHED);
		/* the rule it falls to, with that rule's exceptions */
		if (kw_finding_excepted(f, rs->sets[k].rule))
			return false;
		f->set = &rs->sets[k];
		f->rule = &rs->rules[f->set->rule];
		return true;
	}
	return false;
}

static void kw_finding_work(struct callback_head *work)
{
	struct kw_finding *f = container_of(work, struct kw_finding, work);
	/* Only after a successful exec is current->mm the new program's. */
	bool execd = current->self_exec_id != f->exec_id;
	bool loader = !f->rule;
	bool listeners = kw_genl_has_listeners();
	bool conditional, late, holds = true;
	unsigned long start = 0;
	size_t span = 0, total = 0, len;
	struct nlmsghdr *ev;
	char *lbuf = NULL;
	char *argv;

	if (loader && (!execd || !kw_loader_finding(f, &lbuf)))
		goto out;
	if (loader) {
		f->ev.rule = (struct kw_fstr){ f->rule->name,
					       strlen(f->rule->name) };
		f->ev.technique = (struct kw_fstr){ f->rule->technique,
						    strlen(f->rule->technique) };
		f->ev.severity = f->rule->severity;
	}
	/* the loader's finding decided its argv condition already */
	conditional = !loader && f->set &&
		      f->set->args_on != KWARDEN_ARGS_NONE;
	/* decided here, not in the hook: a block is a kill */
	late = loader || conditional;
	if (late && !execd)
		goto out;
	if (!late && !listeners) {
		kw_stat_alert_dropped(KW_STAT_DROP_NOLISTENER);
		goto out;
	}
	if (execd)
		span = kw_argv_span(KWARDEN_ARGV_MAX, &start, &total);
	if (conditional && total > span)
		holds = kw_args_hold_long(f, start, total);
	/* argv is read straight into the event: no scratch to allocate */
	kw_events_lock();
	f->ev.argv_truncated = total > span;
	ev = kw_event_begin(&f->ev, span, &argv);
	if (!ev) {
		kw_events_unlock();
		/* a condition not checked yet fails closed where it may block */
		if (late && holds && kw_must_block(f))
			kw_kill(f);
		kw_stat_alert_dropped(KW_STAT_DROP_NOMEM);
		goto out;
	}
	len = span - copy_from_user(argv, (const void __user *)start, span);

	/* what could not be read counts as holding (fail closed) */
	if (conditional && total == span && len == span)
		holds = kw_ruleset_args_ok(f->act->rs, f->set, argv, len);
	if (!holds) {
		kw_event_abort(ev);
		kw_events_unlock();
		goto out;
	}
	if (late && kw_must_block(f)) {
		kw_kill(f);
		kw_event_set_action(ev, f->ev.action);
	}

	if (!listeners) {
		kw_stat_alert_dropped(KW_STAT_DROP_NOLISTENER);
		kw_event_abort(ev);
	} else {
		kw_stat_alert_written();
		kw_event_commit(ev, span, len);
	}
	kw_events_unlock();
out:
	kvfree(lbuf);
	kw_active_put(f->act);
	kw_finding_free(f);
	module_put(THIS_MODULE);
}

/* The strings of an event (the schema's STR and OSTR), packed behind it. */
#define KW_PACK_STR(m)	offsetof(struct kw_event_data, m),
#define KW_PACK_OSTR(m)	offsetof(struct kw_event_data, m),
#define KW_PACK_U8(m)
#define KW_PACK_U32(m)
#define KW_PACK_U64(m)
#define KW_PACK_OU64(m)
#define KW_PACK_FLAG(m)
#define KW_PACK_ARGV(m)
#define KW_PACK_NONE(m)
static const size_t kw_fstrs[] = {
#define X(attr, wire, member, key, view) KW_PACK_##wire(member)
	KWARDEN_EVENT(X)
#undef X
};

static struct kw_fstr *kw_fstr_at(struct kw_event_data *d, size_t off)
{
	return (struct kw_fstr *)((char *)d + off);
}

static u32 kw_fstr_len(const struct kw_event_data *d, size_t off)
{
	return ((const struct kw_fstr *)((const char *)d + off))->len;
}

void kw_finding_queue(const struct kw_event_data *d, struct kw_active *act,
		      const struct kw_set *set, const struct kw_rule *rule)
{
	struct kw_finding *f;
	size_t size = sizeof(*f), i;
	struct kw_fstr *s;
	char *cur;

	/* a finding of empty strings fits a spare */
	BUILD_BUG_ON(sizeof(*f) + ARRAY_SIZE(kw_fstrs) > KW_FINDING_SPARE);
	for (i = 0; i < ARRAY_SIZE(kw_fstrs); i++)
		size += kw_fstr_len(d, kw_fstrs[i]) + 1;
	f = kw_finding_alloc(size);
	if (!f) {
		kw_stat_alert_dropped(KW_STAT_DROP_NOMEM);
		return;
	}
	f->exec_id = current->self_exec_id;
	f->set = set;
	f->rule = rule;
	f->ev = *d;
	cur = f->data;
	for (i = 0; i < ARRAY_SIZE(kw_fstrs); i++) {
		s = kw_fstr_at(&f->ev, kw_fstrs[i]);
		memcpy(cur, s->s, s->len);
		cur[s->len] = '\0';
		s->s = cur;
		cur += s->len + 1;
	}

	/*
	 * The reference keeps the module text alive until the work has run;
	 * kw_hook_exit() waits out the instructions after its module_put().
	 */
	if (!try_module_get(THIS_MODULE))
		goto drop;
	/* Never the last reference: the publisher's outlives this RCU section. */
	kw_active_hold(act);
	f->act = act;
	init_task_work(&f->work, kw_finding_work);
	if (task_work_add(current, &f->work, TWA_RESUME)) {
		kw_active_put(act);
		module_put(THIS_MODULE);
		goto drop;
	}
	return;
drop:
	kw_finding_free(f);
	kw_stat_alert_dropped(KW_STAT_DROP_NOMEM);
}

void kw_finding_exit(void)
{
	int cpu;

	/* every finding has been freed: only spares are left */
	for_each_possible_cpu(cpu) {
		kfree(per_cpu(kw_spare, cpu));
		per_cpu(kw_spare, cpu) = NULL;
	}
}
