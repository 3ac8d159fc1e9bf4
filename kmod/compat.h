/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference kwarden depends on, in one place.
 * Supported: 6.1 LTS through 6.12 LTS (Debian 12 and its backports).
 */
#ifndef _KW_COMPAT_H
#define _KW_COMPAT_H

#include <linux/fs.h>
#include <linux/file.h>
#include <linux/mm_types.h>
#include <linux/ns_common.h>
#include <linux/proc_ns.h>
#include <linux/nsproxy.h>
#include <linux/sched/task.h>
#include <linux/ftrace.h>
#include <linux/version.h>
#include <net/genetlink.h>
#include <asm/ibt.h>
#include <asm/linkage.h>
#include <asm/nospec-branch.h>

/*
 * struct mnt_namespace is private to fs/; its first member has been
 * struct ns_common since 5.11 through at least 6.12. kw_compat_mntns_ok()
 * verifies that at load time against init's namespace before any value
 * read this way is trusted.
 */
static inline struct ns_common *kw_mnt_ns_common(struct nsproxy *nsp)
{
	return (struct ns_common *)nsp->mnt_ns;
}

static inline bool kw_compat_mntns_ok(void)
{
	struct ns_common *ns = kw_mnt_ns_common(init_task.nsproxy);

	return ns && ns->ops && ns->ops->type == CLONE_NEWNS;
}

/*
 * A counted reference to mm->exe_file. get_file_rcu() changed from a
 * plain inc-not-zero macro to a reload loop when files became
 * SLAB_TYPESAFE_BY_RCU in 6.7; the macro's presence tells them apart.
 */
static inline struct file *kw_mm_exe_file(struct mm_struct *mm)
{
	struct file *f;

	rcu_read_lock();
#ifdef get_file_rcu
	f = rcu_dereference(mm->exe_file);
	if (f && !get_file_rcu(f))
		f = NULL;
#else
	f = get_file_rcu(&mm->exe_file);
#endif
	rcu_read_unlock();
	return f;
}

/*
 * Only privileged listeners may receive events (they carry argv). Kernels
 * before the multicast-group capability flags (6.7, backported to 6.1.66)
 * let any user join a generic netlink group: refuse to build there.
 */
#ifndef GENL_MCAST_CAP_SYS_ADMIN
#error "kernel lacks GENL_MCAST_CAP_SYS_ADMIN (needs 6.1.66+ or 6.7+)"
#endif

/*
 * The exec hook is an ftrace direct call (a kprobe handler would run with
 * preemption disabled). 6.5 renamed the ops-based *_multi calls and gave
 * unregister a "free the filter" flag.
 */
#ifndef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
#error "kernel lacks DYNAMIC_FTRACE_WITH_DIRECT_CALLS"
#endif
static inline int kw_register_ftrace_direct(struct ftrace_ops *ops,
					    unsigned long addr)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return register_ftrace_direct(ops, addr);
#else
	return register_ftrace_direct_multi(ops, addr);
#endif
}

static inline void kw_unregister_ftrace_direct(struct ftrace_ops *ops,
					       unsigned long addr)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	unregister_ftrace_direct(ops, addr, true);
#else
	unregister_ftrace_direct_multi(ops, addr);
	ftrace_free_filter(ops);
#endif
}

/* An inode's change time in ns: a field of its own until 6.6. */
static inline u64 kw_inode_ctime_ns(const struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	struct timespec64 t = inode_get_ctime(inode);
#else
	struct timespec64 t = inode->i_ctime;
#endif

	return timespec64_to_ns(&t);
}

/* Retbleed's call-depth accounting, for a trampoline's call (6.2+). */
#ifndef CALL_DEPTH_ACCOUNT
#define CALL_DEPTH_ACCOUNT ""
#endif

#endif /* _KW_COMPAT_H */

