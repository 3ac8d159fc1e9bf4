// SPDX-License-Identifier: GPL-2.0
/*
 * The exec hook, on security_bprm_check(), which every exec passes once
 * per binary-format level (a script, then its interpreter) before the
 * point of no return. A module cannot register LSM hooks, and a hook here
 * sees the resolved file and the final interpreter, which a syscall
 * tracepoint does not.
 *
 * The hook is an ftrace direct call on the function's fentry site: the
 * patched "call __fentry__" calls kw_exec_tramp, which calls
 * kw_exec_check() in the exec'ing task's own context, before any
 * instruction of security_bprm_check() has run. A kprobe handler would run
 * with preemption disabled, where PREEMPT_RT forbids every spinlock_t
 * (task_lock, the kernfs and dcache locks d_path and kernfs_path take) and
 * every allocation. Here the work runs under a per-CPU local_lock: with
 * preemption disabled on other kernels, as a kprobe handler would, and
 * preemptible on PREEMPT_RT, where those locks may sleep.
 *
 * On the path every exec takes it allocates nothing, takes no lock and
 * loops only over bounded names; only a finding in a container allocates
 * (GFP_ATOMIC, unless the CPU's spare buffer serves) and queues task work
 * for the parts that need process context.
 */
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/local_lock.h>
#include <linux/binfmts.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/mount.h>
#include <linux/pid_namespace.h>
#include <linux/utsname.h>
#include "hook.h"
#include "context.h"
#include "finding.h"
#include "genl.h"
#include "lib/loader.h"
#include "lib/match.h"
#include "mode.h"
#include "active.h"
#include "stats.h"
#include "workloads.h"
#include "compat.h"

struct kw_scratch {
	local_lock_t lock;	/* all of this CPU's scratch */
	char name[NAME_MAX + 1];
	char exe[PATH_MAX];
	struct kw_cgcache cg;
	char parent_exe[PATH_MAX];
	char cwd[PATH_MAX];
	const char *pexe;	/* in parent_exe, once resolved */
	bool pexe_done;
	/* a detector's finding: why, and for drift the two times */
	const char *reason;
	u64 ctime, start;
};

static struct kw_scratch __percpu *kw_scratch;

/*
 * A dentry's name without its lock: under RCU the name stays valid memory
 * and NUL-terminated even if a rename races with us (see prepend_name()).
 */
static size_t kw_dentry_name(const struct dentry *d, char *buf, size_t size)
{
	const unsigned char *name;
	size_t i, len;

	rcu_read_lock();
	/* Pairs with the release in __d_move(), as in prepend_name(). */
	name = smp_load_acquire(&d->d_name.name);
	len = min_t(size_t, READ_ONCE(d->d_name.len), size - 1);
	for (i = 0; i < len; i++) {
		char c = READ_ONCE(name[i]);

		if (!c)
			break;
		buf[i] = c;
	}
	rcu_read_unlock();
	buf[i] = '\0';
	return i;
}

struct kw_candidate {
	const char *name;
	size_t len;
	u8 on;
};

static const char *kw_exe_path(struct linux_binprm *bprm, struct kw_scratch *s)
{
	char *p = d_path(&bprm->file->f_path, s->exe, sizeof(s->exe));

	return IS_ERR(p) ? NULL : p;
}

enum kw_verdict {
	KW_NONE,
	KW_NAME,	/* a name matched: *out and *hit say which */
	KW_LOADER,	/* a dynamic loader: task work reads what it runs */
	KW_DETECTED,	/* a detector rule's: *hit, s->reason say why */
};

/*
 * Fileless: the file has no path a process could open again. A memfd's
 * and every other internal mount's file (MNT_INTERNAL: shmem's, the
 * anonymous inodes') never had one; a deleted file's is gone. Constant
 * time: a flag and a hash-list test. The reason, for the event.
 */
static const char *kw_fileless(const struct file *file, const char *name)
{
	if (!kw_file_pathless(file))
		return NULL;
	if (READ_ONCE(file->f_path.mnt->mnt_flags) & MNT_INTERNAL)
		return strncmp(name, "memfd:", 6) ? "internal mount" : "memfd";
	return "deleted";
}

/*
 * Drift: the file changed after the container's init started. Its
 * change time is set by every write, chmod, chown, link, rename and
 * unlink of it, to the current (coarse) time, and no call sets it back:
 * utimensat() sets it to now too. On overlayfs the overlay inode carries
 * the real inode's times: an image file keeps the time its layer was
 * unpacked, a file the container wrote, copied or copied up (a chmod of
 * an image file copies it up) has a new one. The container's start is
 * its pid namespace's init's, boot time made real time; outside a pid
 * namespace of its own there is no start to compare with. A pid
 * namespace made inside the container starts after what was written
 * before it (`unshare -Urpf ./x` would date ./x from x itself): one that
 * a user namespace of its own owns is not the container's, and the
 * container's is the one above it. At most MAX_PID_NS_LEVEL steps; a
 * namespace holds a reference to its parent. The reaper's task_struct
 * is RCU-freed: the hook's RCU section keeps it readable.
 */
static bool kw_drift(const struct file *file, u64 *ctime, u64 *start)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct task_struct *init;
	struct timespec64 boot;

	if (!ns || !ns->level)
		return false;
	while (ns->level > 1 && ns->user_ns != ns->parent->user_ns)
		ns = ns->parent;
	init = READ_ONCE(ns->child_reaper);
	if (!init)
		return false;
	*ctime = kw_inode_ctime_ns(file_inode(file));
	getboottime64(&boot);
	*start = timespec64_to_ns(&boot) + READ_ONCE(init->start_boottime);
	return *ctime > *start;
}

/*
 * The first call for an exec (interp still equals filename) checks what
 * was executed: the resolved file and the name given to execve. A later
 * call is for an interpreter that binfmt_script or binfmt_misc chose. A
 * name whose rule is off, or whose set's exe path condition fails, does
 * not count; an argv condition is checked later, in task work. A dynamic
 * loader at any level (`#!/lib64/ld-linux-x86-64.so.2 /usr/bin/as` runs
 * as too) matches no name of its own: the program it is asked to run is
 * in argv, which only task work can read.
 */
static enum kw_verdict kw_match_bprm(const struct kw_ruleset *rs,
				     struct linux_binprm *bprm,
				     struct kw_scratch *s, struct kw_match *out,
				     struct kw_candidate *hit, const char **exe)
{
	struct kw_candidate c[2];
	bool first = bprm->interp == bprm->filename;
	const struct kw_set *set;
	size_t n, i;

	n = kw_dentry_name(bprm->file->f_path.dentry, s->name, sizeof(s->name));
	c[0].name = s->name;
	c[0].len = n;
	c[0].on = first ? KWARDEN_MATCH_EXE : KWARDEN_MATCH_INTERP;
	c[1].name = kw_basename(first ? bprm->filename : bprm->interp,
				strnlen(first ? bprm->filename : bprm->interp,
					PATH_MAX), &c[1].len);
	c[1].on = first ? KWARDEN_MATCH_FILENAME : KWARDEN_MATCH_INTERP;

	/* usually the same name twice: one lookup */
	n = c[1].len == c[0].len && !memcmp(c[1].name, c[0].name, c[0].len) ?
	    1 : ARRAY_SIZE(c);
	*exe = NULL;
	for (i = 0; i < n; i++) {
		set = kw_ruleset_match(rs, c[i].name, c[i].len, out);
		if (!set)
			continue;
		if (set->path) {
			if (!*exe)
				*exe = kw_exe_path(bprm, s);
			if (!kw_ruleset_path_ok(set, *exe))
				continue;
		}
		*hit = c[i];
		return KW_NAME;
	}
	/* the loader by its file's name or by the name it was run by */
	for (i = 0; i < n; i++) {
		if (kw_loader_name(c[i].name, c[i].len)) {
			*hit = c[i];
			hit->on = KWARDEN_MATCH_LOADER;
			return KW_LOADER;
		}
	}
	/* what no name hides, named by the file's own name */
	*hit = c[0];
	s->reason = NULL;
	if (kw_ruleset_detector(rs, KWARDEN_DETECT_FILELESS)) {
		s->reason = kw_fileless(bprm->file, s->name);
		hit->on = KWARDEN_MATCH_FILELESS;
	}
	if (!s->reason && kw_ruleset_detector(rs, KWARDEN_DETECT_DRIFT) &&
	    kw_drift(bprm->file, &s->ctime, &s->start)) {
		s->reason = "changed after the container started";
		hit->on = KWARDEN_MATCH_DRIFT;
	}
	return s->reason ? KW_DETECTED : KW_NONE;
}

/* Resolved at most once per exec: by an exception, or for the event. */
static const char *kw_parent_exe_cb(void *arg)
{
	struct kw_scratch *s = arg;

	if (!s->pexe_done) {
		s->pexe = kw_parent_exe(s->parent_exe, sizeof(s->parent_exe));
		s->pexe_done = true;
	}
	return s->pexe;
}

/*
 * The cwd without a reference: path_put() may sleep and this is atomic
 * context. Under RCU the dentry and mount stay valid memory; d_path()
 * reads the root the same way (get_fs_root_rcu()).
 */
static const char *kw_cwd(char *buf, size_t size)
{
	struct fs_struct *fs = current->fs;
	struct path pwd;
	unsigned int seq;
	char *p;

	if (!fs)
		return NULL;
	rcu_read_lock();
	do {
		seq = read_seqcount_begin(&fs->seq);
		pwd = fs->pwd;
	} while (read_seqcount_retry(&fs->seq, seq));
	p = d_path(&pwd, buf, size);
	rcu_read_unlock();
	return IS_ERR(p) ? NULL : p;
}

/* d_path() puts the path at the end of @buf: its length is where it starts. */
static size_t kw_path_len(const char *buf, size_t size, const char *p)
{
	return p ? buf + size - 1 - p : 0;
}

static struct kw_fstr kw_fstr(const char *s, size_t len)
{
	return (struct kw_fstr){ s ? s : "", s ? len : 0 };
}

/*
 * Everything the event says that the hook can know, for the finding: of
 * @set's name that matched @pattern, or of a detector @rule (no @set),
 * or a loader's (neither: task work fills in the rule and the match once
 * it has read which program runs).
 */
static void kw_report(struct linux_binprm *bprm, struct kw_scratch *s,
		      struct kw_active *act, const struct kw_ctx *ctx,
		      const struct kw_set *set, const struct kw_rule *rule,
		      const struct kw_candidate *hit, const char *pattern,
		      const char *exe, u8 action)
{
	const struct cred *cred = current_cred();
	const char *interp = bprm->interp == bprm->filename ? "" : bprm->interp;
	const char *cwd = kw_cwd(s->cwd, sizeof(s->cwd));
	const char *pexe = kw_parent_exe_cb(s);
	/* the comm the new program will have, as begin_new_exec() sets it */
	const char *comm = kbasename(bprm->filename);
	const char *host = utsname()->nodename;
	char pcomm[TASK_COMM_LEN];
	struct task_struct *parent;
	struct kw_event_data d;

	if (!exe)
		exe = kw_exe_path(bprm, s);
	/* pid and comm of one parent: it may be reparented meanwhile */
	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	d.ppid = task_tgid_nr(parent);
	/* a copy: the parent may rename itself meanwhile */
	strscpy_pad(pcomm, parent->comm, sizeof(pcomm));
	rcu_read_unlock();

	d.ts = ktime_get_real_ns();
	d.seq = 0;
	d.rule = kw_fstr(rule ? rule->name : NULL,
			 rule ? strlen(rule->name) : 0);
	d.technique = kw_fstr(rule ? rule->technique : NULL,
			      rule ? strlen(rule->technique) : 0);
	d.severity = rule ? rule->severity : KWARDEN_SEV_INFO;
	d.action = action;
	d.pid = task_tgid_nr(current);
	d.tid = task_pid_nr(current);
	d.uid = from_kuid_munged(&init_user_ns, cred->uid);
	d.gid = from_kgid_munged(&init_user_ns, cred->gid);
	d.euid = from_kuid_munged(&init_user_ns, cred->euid);
	d.comm = kw_fstr(comm, strnlen(comm, TASK_COMM_LEN - 1));
	d.filename = kw_fstr(bprm->filename, strnlen(bprm->filename, PATH_MAX));
	d.exe = kw_fstr(exe, kw_path_len(s->exe, sizeof(s->exe), exe));
	d.interp = kw_fstr(interp, strnlen(interp, PATH_MAX));
	d.argv_truncated = false;	/* task work knows */
	d.cwd = kw_fstr(cwd, kw_path_len(s->cwd, sizeof(s->cwd), cwd));
	d.parent_pid = d.ppid;
	d.parent_comm = kw_fstr(pcomm, strnlen(pcomm, sizeof(pcomm)));
	d.parent_exe = kw_fstr(pexe, kw_path_len(s->parent_exe,
						 sizeof(s->parent_exe), pexe));
	d.container_id = kw_fstr(ctx->ci.id, strlen(ctx->ci.id));
	d.runtime = ctx->ci.runtime;
	d.cgroup = kw_fstr(s->cg.path, ctx->cgroup_len);
	d.pod_uid = kw_fstr(ctx->ci.pod_uid, strlen(ctx->ci.pod_uid));
	d.hostname = kw_fstr(host, strnlen(host, __NEW_UTS_LEN));
	d.pidns = ctx->pidns;
	d.mntns = ctx->mntns;
	d.utsns = ctx->utsns;
	d.cgroupns = ctx->cgroupns;
	d.pidns_level = ctx->pidns_level;
	d.match_on = hit->on;
	d.match_name = kw_fstr(hit->name, hit->len);
	d.match_pattern = kw_fstr(pattern, pattern ?
				  strnlen(pattern, KWARDEN_PATTERN_MAX) : 0);
	d.file_ctime = hit->on == KWARDEN_MATCH_DRIFT ? s->ctime : 0;
	d.container_start = hit->on == KWARDEN_MATCH_DRIFT ? s->start : 0;
	kw_finding_queue(&d, act, set, rule);
}

/*
 * Returns true when the exec must fail. A set with an argv condition
 * cannot be decided here (argv is not readable in atomic context): task
 * work decides, and kills the new program if it must be blocked.
 */
static bool kw_inspect(struct linux_binprm *bprm)
{
	struct kw_active *act;
	struct kw_scratch *s;
	struct kw_candidate hit;
	struct kw_subject subj;
	const struct kw_rule *rule;
	const struct kw_set *set;
	struct kw_match mt;
	struct kw_ctx ctx;
	enum kw_verdict v;
	const char *exe, *pattern;
	bool conditional, block = false;
	u32 ri;

	kw_stat_inc(KW_STAT_EXECS);
	if (unlikely(!bprm || !bprm->file || !bprm->filename))
		return false;

	rcu_read_lock();
	act = kw_active_rcu();
	if (!act)
		goto out;
	local_lock(&kw_scratch->lock);
	s = this_cpu_ptr(kw_scratch);
	v = kw_match_bprm(act->rs, bprm, s, &mt, &hit, &exe);
	if (v == KW_NONE)
		goto put;
	kw_context(&ctx, &s->cg, bprm->file);
	if (v == KW_NAME)
		kw_stat_inc(KW_STAT_MATCHED);
	if (!ctx.in_container)
		goto put;
	s->pexe_done = false;
	/* what it runs, its exceptions and a block: task work decides */
	if (v == KW_LOADER) {
		kw_report(bprm, s, act, &ctx, NULL, NULL, &hit, NULL, exe,
			  KWARDEN_ACTION_ALERT);
		goto put;
	}
	if (v == KW_NAME) {
		set = &act->rs->sets[mt.tag];
		ri = set->rule;
		pattern = mt.pattern;
	} else {
		set = NULL;
		ri = act->rs->detect[hit.on == KWARDEN_MATCH_DRIFT ?
				     KWARDEN_DETECT_DRIFT :
				     KWARDEN_DETECT_FILELESS];
		pattern = s->reason;
		kw_stat_inc(KW_STAT_MATCHED);
	}
	rule = &act->rs->rules[ri];
	conditional = set && set->args_on != KWARDEN_ARGS_NONE;
	if (act->rs->nexc) {
		subj.container_id = ctx.ci.id;
		subj.cgroup = s->cg.path;
		subj.cgroup_len = ctx.cgroup_len;
		subj.pod_uid = ctx.ci.pod_uid;
		subj.uid = from_kuid_munged(&init_user_ns, current_uid());
		kw_workloads_subject(act, ctx.ci.id, &subj);
		subj.parent_exe = kw_parent_exe_cb;
		subj.arg = s;
		if (kw_ruleset_excepted(act->rs, ri, &subj) >= 0) {
			kw_stat_inc(KW_STAT_EXCEPTED);
			goto put;
		}
	}
	block = kw_enforcing() && rule->action == KWARDEN_RULE_BLOCK &&
		!conditional;
	/*
	 * Nobody to tell and nothing left to decide: count it here rather
	 * than resolve paths and queue task work for an event nobody reads.
	 */
	if (!conditional && !kw_genl_has_listeners()) {
		kw_stat_alert_dropped(KW_STAT_DROP_NOLISTENER);
		goto put;
	}
	kw_report(bprm, s, act, &ctx, set, rule, &hit, pattern, exe,
		  block ? KWARDEN_ACTION_BLOCKED : KWARDEN_ACTION_ALERT);
put:
	local_unlock(&kw_scratch->lock);
out:
	rcu_read_unlock();
	return block;
}

/*
 * Enforcement: when kw_exec_check() says no, the trampoline makes
 * security_bprm_check() "return" -EPERM without running it: it replaces
 * its own return address, which points back into security_bprm_check()
 * just past the fentry call, with kw_deny_exec, whose ret then returns to
 * security_bprm_check()'s caller, as BPF's override_return does. The exec
 * fails before the point of no return and before any instruction of the
 * new program. This is sound because nothing of security_bprm_check() has
 * run at its fentry call, no push and no frame, and the prototype is the
 * same: the stack lines up. A ret, not an indirect jump, reaches
 * kw_deny_exec, so IBT has nothing to check. Why not the alternatives: a
 * kprobe handler runs with preemption disabled (see above); a kretprobe
 * skips its handler when its instance pool runs dry under an exec storm,
 * and the exec would go through; an LSM cannot be registered by a
 * loadable module; BPF LSM needs a kernel booted with lsm=bpf, which
 * Debian's are not.
 */
__used noinline int kw_deny_exec(struct linux_binprm *bprm)
{
	return -EPERM;
}

/* Called by kw_exec_tramp: non-zero fails the exec with -EPERM. */
__used noinline int kw_exec_check(struct linux_binprm *bprm)
{
	if (!kw_inspect(bprm))
		return 0;
	kw_stat_inc(KW_STAT_BLOCKED);
	return 1;
}

/*
 * Entered from the fentry call, with security_bprm_check()'s argument in
 * %rdi; only argument registers are live there and %rdi is its only one.
 */
asm("	.pushsection	.text, \"ax\", @progbits\n"
"	.type		kw_exec_tramp, @function\n"
"	.globl		kw_exec_tramp\n"
"kw_exec_tramp:\n"
	ASM_ENDBR
"	pushq	%rbp\n"
"	movq	%rsp, %rbp\n"
	CALL_DEPTH_ACCOUNT
"	pushq	%rdi\n"
"	call	kw_exec_check\n"
"	popq	%rdi\n"
"	testl	%eax, %eax\n"
"	jz	1f\n"
"	leaq	kw_deny_exec(%rip), %rax\n"
"	movq	%rax, 8(%rbp)\n"
"1:	leave\n"
	ASM_RET
"	.size		kw_exec_tramp, .-kw_exec_tramp\n"
"	.popsection\n"
);

static struct ftrace_ops kw_ftrace_ops;

/*
 * security_bprm_check() is not exported: a kprobe registered on its name
 * resolves its address, and is removed at once.
 */
static unsigned long kw_bprm_check_addr(void)
{
	struct kprobe kp = { .symbol_name = "security_bprm_check" };
	unsigned long addr;

	if (register_kprobe(&kp))
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

int kw_hook_init(void)
{
	unsigned long addr;
	int ret, cpu;

	kw_scratch = alloc_percpu(struct kw_scratch);
	if (!kw_scratch)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		local_lock_init(&per_cpu_ptr(kw_scratch, cpu)->lock);
	addr = kw_bprm_check_addr();
	/* ftrace maps the function's start to its fentry call */
	ret = addr ? ftrace_set_filter_ip(&kw_ftrace_ops, addr, 0, 0) : -ENOENT;
	if (!ret)
		ret = kw_register_ftrace_direct(&kw_ftrace_ops,
						(unsigned long)kw_exec_tramp);
	if (ret) {
		pr_err("cannot hook security_bprm_check: %d\n", ret);
		ftrace_free_filter(&kw_ftrace_ops);
		free_percpu(kw_scratch);
	}
	return ret;
}

void kw_hook_exit(void)
{
	kw_unregister_ftrace_direct(&kw_ftrace_ops,
				    (unsigned long)kw_exec_tramp);
	/*
	 * No exec enters the hook any more. One may still be in it, or on
	 * the few instructions after a queued finding's module_put(), maybe
	 * preempted there: RCU-tasks waits until every task has voluntarily
	 * scheduled or returned to user space since.
	 */
	synchronize_rcu_tasks();
	free_percpu(kw_scratch);
}
