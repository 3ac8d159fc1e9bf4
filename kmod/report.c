// SPDX-License-Identifier: GPL-2.0
/*
 * Phase two of a finding: task work queued by the exec hook, run in the
 * exec'ing task's own process context just before it returns to user
 * space, i.e. before the new program's first instruction. Here kwarden may
 * sleep, so it reads what the hook could not: argv as the new program
 * received it (from its own stack, which no racing thread of the old
 * program can rewrite any more), the cwd and the parent's executable.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/fs_struct.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include "kwarden_mod.h"
#include "compat.h"

struct kw_extra {
	char argv[KWARDEN_ARGV_MAX];
	char cwd[PATH_MAX];
	char parent_exe[PATH_MAX];
};

/* Returns the bytes of argv read; sets *truncated if there was more. */
static size_t kw_read_argv(char *buf, size_t size, bool *truncated)
{
	struct mm_struct *mm = current->mm;
	unsigned long start, end;
	size_t len;

	*truncated = false;
	if (!mm)
		return 0;
	spin_lock(&mm->arg_lock);
	start = mm->arg_start;
	end = mm->arg_end;
	spin_unlock(&mm->arg_lock);
	if (end <= start)
		return 0;
	len = min_t(size_t, end - start, size);
	*truncated = end - start > len;
	len -= copy_from_user(buf, (const void __user *)start, len);
	return len;
}

static const char *kw_cwd(char *buf, size_t size)
{
	struct path pwd;
	char *p;

	if (!current->fs)
		return "";
	get_fs_pwd(current->fs, &pwd);
	p = d_path(&pwd, buf, size);
	path_put(&pwd);
	return IS_ERR(p) ? "" : p;
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

void kw_report_work(struct callback_head *work)
{
	struct kw_finding *f = container_of(work, struct kw_finding, work);
	/* Only after a successful exec is current->mm the new program's. */
	bool execd = current->self_exec_id != f->exec_id;
	struct kw_extra *x;
	size_t argv_len = 0;
	bool truncated = false;
	const char *cwd, *pexe;

	x = kmalloc(sizeof(*x), GFP_KERNEL);
	if (!x) {
		kw_stat_inc(KW_STAT_ALERTED);
		kw_stat_inc(KW_STAT_DROP_NOMEM);
		goto out;
	}
	if (execd)
		argv_len = kw_read_argv(x->argv, sizeof(x->argv), &truncated);

	if (f->set->args_on != KWARDEN_ARGS_NONE) {
		if (!execd || !kw_pol_args_ok(f->pol->pol, f->set, x->argv,
					      argv_len))
			goto free;
		/*
		 * Past the point of no return an exec cannot fail any more;
		 * the new program has not run an instruction yet, so it dies.
		 */
		if (READ_ONCE(kw_mode) == KWARDEN_MODE_ENFORCE &&
		    f->rule->action == KWARDEN_RULE_BLOCK) {
			send_sig(SIGKILL, current, 0);
			f->action = KWARDEN_ACTION_BLOCKED;
			kw_stat_inc(KW_STAT_BLOCKED);
		}
	}

	kw_stat_inc(KW_STAT_ALERTED);
	if (!kw_genl_has_listeners()) {
		kw_stat_inc(KW_STAT_DROP_NOLISTENER);
		goto free;
	}
	cwd = kw_cwd(x->cwd, sizeof(x->cwd));
	pexe = kw_parent_exe(x->parent_exe, sizeof(x->parent_exe)) ?: "";
	kw_genl_send_event(f, x->argv, argv_len, truncated, cwd, pexe);
free:
	kfree(x);
out:
	kw_policy_put(f->pol);
	kfree(f);
	module_put(THIS_MODULE);
}
