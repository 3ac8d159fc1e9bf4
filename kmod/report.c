// SPDX-License-Identifier: GPL-2.0
/*
 * Phase two of a finding: task work queued by the exec hook, run in the
 * exec'ing task's own process context just before it returns to user
 * space, i.e. before the new program's first instruction. Here kwarden may
 * fault, so it reads what the hook could not: argv as the new program
 * received it (from its own stack, which no racing thread of the old
 * program can rewrite any more), straight into the event.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/mm.h>
#include "kwarden_mod.h"
#include "compat.h"

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
		holds = kw_pol_args_ok(f->pol->pol, f->set, buf, total);
	kvfree(buf);
	return holds;
}

/*
 * The parent's executable path in @buf, or NULL. Safe in the exec hook's
 * atomic context too: task_lock keeps the parent's mm (a kernel thread's
 * borrowed one does not count, as in get_task_mm()), and fput() defers the
 * final release.
 */
const char *kw_parent_exe(char *buf, size_t size)
{
	struct task_struct *parent;
	struct file *exe = NULL;
	char *p = ERR_PTR(-ENOENT);

	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	task_lock(parent);
	if (parent->mm && !(parent->flags & PF_KTHREAD))
		exe = kw_mm_exe_file(parent->mm);
	task_unlock(parent);
	rcu_read_unlock();
	if (exe) {
		p = d_path(&exe->f_path, buf, size);
		fput(exe);
	}
	return IS_ERR(p) ? NULL : p;
}

static bool kw_must_block(const struct kw_finding *f)
{
	return READ_ONCE(kw_mode) == KWARDEN_MODE_ENFORCE &&
	       f->rule->action == KWARDEN_RULE_BLOCK;
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
	f->action = KWARDEN_ACTION_BLOCKED;
	kw_stat_inc(KW_STAT_BLOCKED);
}

void kw_report_work(struct callback_head *work)
{
	struct kw_finding *f = container_of(work, struct kw_finding, work);
	/* Only after a successful exec is current->mm the new program's. */
	bool execd = current->self_exec_id != f->exec_id;
	bool conditional = f->set->args_on != KWARDEN_ARGS_NONE;
	bool listeners = kw_genl_has_listeners();
	bool holds = true;
	unsigned long start = 0;
	size_t span = 0, total = 0, len;
	struct nlmsghdr *ev;
	char *argv;

	if (conditional && !execd)
		goto out;
	if (!conditional && !listeners) {
		kw_stat_inc(KW_STAT_ALERTED);
		kw_stat_inc(KW_STAT_DROP_NOLISTENER);
		goto out;
	}
	if (execd)
		span = kw_argv_span(KWARDEN_ARGV_MAX, &start, &total);
	if (conditional && total > span)
		holds = kw_args_hold_long(f, start, total);
	/* argv is read straight into the event: no scratch to allocate */
	kw_events_lock();
	ev = kw_event_begin(f, span, total > span, &argv);
	if (!ev) {
		kw_events_unlock();
		/* a condition not checked yet fails closed where it may block */
		if (conditional && holds && kw_must_block(f))
			kw_kill(f);
		kw_stat_inc(KW_STAT_ALERTED);
		goto out;
	}
	len = span - copy_from_user(argv, (const void __user *)start, span);

	if (conditional) {
		/* what could not be read counts as holding (fail closed) */
		if (total == span && len == span)
			holds = kw_pol_args_ok(f->pol->pol, f->set, argv, len);
		if (!holds) {
			kw_event_abort(ev);
			kw_events_unlock();
			goto out;
		}
		if (kw_must_block(f)) {
			kw_kill(f);
			kw_event_set_action(ev, f->action);
		}
	}

	kw_stat_inc(KW_STAT_ALERTED);
	if (!listeners) {
		kw_stat_inc(KW_STAT_DROP_NOLISTENER);
		kw_event_abort(ev);
	} else {
		kw_event_commit(ev, span, len);
	}
	kw_events_unlock();
out:
	kw_policy_put(f->pol);
	kw_finding_free(f);
	module_put(THIS_MODULE);
}
