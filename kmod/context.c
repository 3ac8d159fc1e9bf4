// SPDX-License-Identifier: GPL-2.0
/*
 * Is current in a container? Decided in the exec hook, in atomic context:
 * nothing here sleeps or allocates.
 *
 * A task is in a container when any of these holds:
 *  - its cgroup is a container runtime's (docker, containerd, CRI-O,
 *    podman, kubepods): this is what catches hostPID pods, which share the
 *    host pid namespace;
 *  - its pid namespace is not the initial one;
 *  - its mount namespace is not the initial one AND its root directory is
 *    not the host's root. A systemd service with PrivateTmp=,
 *    ProtectSystem= or similar gets a private mount namespace but keeps the
 *    host's root dentry, so it stays a host process; a container has been
 *    pivot_root'ed or chroot'ed into its own root filesystem.
 */
#include <linux/cgroup.h>
#include <linux/kernfs.h>
#include <linux/mount.h>
#include <linux/pid_namespace.h>
#include <linux/fs_struct.h>
#include <linux/utsname.h>
#include "context.h"
#include "compat.h"

static bool kw_mntns_ok;

bool kw_context_init(void)
{
	kw_mntns_ok = kw_compat_mntns_ok();
	return kw_mntns_ok;
}

static bool kw_cgroup_is_root(struct cgroup *cgrp)
{
	return !cgrp || !cgrp->kn || !cgrp->kn->parent;
}

/*
 * The cgroup that places @task: the unified hierarchy's, or on a cgroup v1
 * host the first v1 controller hierarchy that puts it below its root.
 * *dfl (if @dfl): it is the unified hierarchy's. Caller holds
 * rcu_read_lock().
 */
static struct cgroup *kw_task_cgroup(struct task_struct *task, bool *dfl)
{
	struct cgroup *cgrp = task_dfl_cgroup(task);

	if (dfl)
		*dfl = !kw_cgroup_is_root(cgrp);
#ifdef CONFIG_MEMCG
	if (kw_cgroup_is_root(cgrp))
		cgrp = task_cgroup(task, memory_cgrp_id);
#endif
#ifdef CONFIG_CGROUP_PIDS
	if (kw_cgroup_is_root(cgrp))
		cgrp = task_cgroup(task, pids_cgrp_id);
#endif
#ifdef CONFIG_CGROUP_SCHED
	if (kw_cgroup_is_root(cgrp))
		cgrp = task_cgroup(task, cpu_cgrp_id);
#endif
	return cgrp;
}

/*
 * Host-view path of current's cgroup and the container it names, in @cg;
 * *shared: the parent's cgroup is the same.
 *
 * A compile runs many stages from one cgroup, so the last one is kept per
 * CPU: walking kernfs for the path and parsing it was most of what
 * deciding "in a container" cost. That is sound on the unified hierarchy
 * only: cgroup2 cannot rename a directory, so a cgroup's path never
 * changes, and its kernfs id is never given to another node. A v1
 * hierarchy can rename, so its path is read every time.
 */
static void kw_cgroup(struct kw_cgcache *cg, bool *shared)
{
	struct cgroup *cgrp;
	bool dfl;
	u64 id = 0;
	int len;

	rcu_read_lock();
	cgrp = kw_task_cgroup(current, &dfl);
	*shared = cgrp == kw_task_cgroup(rcu_dereference(current->real_parent),
					 NULL);
	if (cgrp && cgrp->kn && dfl) {
		id = cgroup_id(cgrp);
		if (id == cg->id) {
			rcu_read_unlock();
			return;
		}
	}
	if (!cgrp || !cgrp->kn)
		len = -ENOENT;
	else
		len = kernfs_path(cgrp->kn, cg->path, sizeof(cg->path));
	rcu_read_unlock();

	if (len < 0 || len >= sizeof(cg->path)) {
		cg->path[0] = '\0';
		len = 0;
	}
	cg->len = len;
	cg->runtime = kw_cgroup_parse(cg->path, len, &cg->ci);
	cg->id = id;
}

/*
 * Compared against the root of the host's init (pid 1), not of the idle
 * task: an initramfs boot switch_root's pid 1 away from the root the idle
 * task keeps. Only pointers are compared; nothing is dereferenced past the
 * fs_struct, which task_lock keeps alive.
 */
static bool kw_root_is_hosts(void)
{
	struct task_struct *init = READ_ONCE(init_pid_ns.child_reaper);
	struct dentry *mine, *hosts = NULL;

	if (!current->fs || !init)
		return false;
	mine = READ_ONCE(current->fs->root.dentry);
	task_lock(init);
	if (init->fs)
		hosts = READ_ONCE(init->fs->root.dentry);
	task_unlock(init);
	return mine == hosts;
}

bool kw_file_pathless(const struct file *file)
{
	return (READ_ONCE(file->f_path.mnt->mnt_flags) & MNT_INTERNAL) ||
	       d_unlinked(file->f_path.dentry);
}

/*
 * Is @file the program current runs now, i.e. does it execute itself
 * again? Safe in atomic context: kw_mm_exe_file() takes a reference, and
 * fput() defers the final release.
 */
static bool kw_execs_itself(struct file *file)
{
	struct file *exe;
	bool same;

	if (!current->mm || !file)
		return false;
	exe = kw_mm_exe_file(current->mm);
	if (!exe)
		return false;
	same = file_inode(exe) == file_inode(file);
	fput(exe);
	return same;
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

void kw_context(struct kw_ctx *ctx, struct kw_cgcache *cg, struct file *file)
{
	struct nsproxy *nsp = current->nsproxy;
	struct pid_namespace *pidns = task_active_pid_ns(current);
	bool runtime, shared, host_root, other_mntns = false;

	memset(ctx, 0, sizeof(*ctx));
	if (pidns) {
		ctx->pidns = pidns->ns.inum;
		ctx->pidns_level = pidns->level;
	}
	if (nsp) {
		ctx->utsns = nsp->uts_ns->ns.inum;
		ctx->cgroupns = nsp->cgroup_ns->ns.inum;
		if (kw_mntns_ok) {
			ctx->mntns = kw_mnt_ns_common(nsp)->inum;
			other_mntns = nsp->mnt_ns != init_task.nsproxy->mnt_ns;
		}
	}

	kw_cgroup(cg, &shared);
	ctx->cgroup_len = cg->len;
	ctx->ci = cg->ci;
	runtime = cg->runtime;
	host_root = kw_root_is_hosts();

	/*
	 * A runtime moves a fresh child into the container's cgroup before
	 * that child enters the namespaces, and the child may re-execute
	 * the runtime there (runc runs itself as "runc init"). Such a task
	 * still has every namespace and the root of the host, its parent
	 * lives outside the cgroup, and it executes the very file it runs,
	 * or a copy of it with no path (runc 1.1's "runc init" re-executes
	 * a memfd copy of itself against CVE-2019-5736; later runcs a
	 * sealed memfd or an O_TMPFILE file): it is the runtime, not the
	 * container. Anything else such a task
	 * runs is judged: a double-forked orphan's parent is outside the
	 * cgroup too, and a host task can write itself into cgroup.procs. A
	 * shell that escaped a pod with nsenter has a parent inside the pod.
	 */
	if (runtime && !shared && ctx->pidns_level == 0 && !other_mntns &&
	    host_root && (kw_execs_itself(file) || kw_file_pathless(file)))
		runtime = false;

	ctx->in_container = runtime || ctx->pidns_level > 0 ||
			    (other_mntns && !host_root);
}
