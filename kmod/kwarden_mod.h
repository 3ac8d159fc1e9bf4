/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the parts of kwarden.ko. */
#ifndef _KWARDEN_MOD_H
#define _KWARDEN_MOD_H

#include <linux/types.h>
#include <linux/limits.h>
#include <linux/sched.h>
#include <linux/task_work.h>
#include <linux/percpu.h>
#include <linux/utsname.h>
#include <linux/binfmts.h>
#include "kwarden.h"
#include <linux/kref.h>
#include <linux/skbuff.h>
#include "kw_match.h"
#include "kw_policy.h"
#include "kw_cgroup.h"

/* Counters; per CPU so the exec path never bounces a shared line. */
enum kw_stat {
	KW_STAT_EXECS,
	KW_STAT_MATCHED,
	KW_STAT_ALERTED,
	KW_STAT_BLOCKED,
	KW_STAT_SENT,
	KW_STAT_DROP_NOLISTENER,
	KW_STAT_DROP_SOCKFULL,
	KW_STAT_DROP_NOMEM,
	KW_STAT_EXCEPTED,
	KW_STAT_NR,
};

struct kw_stats {
	u64 v[KW_STAT_NR];
};

DECLARE_PER_CPU(struct kw_stats, kw_stats);

static inline void kw_stat_inc(enum kw_stat s)
{
	this_cpu_inc(kw_stats.v[s]);
}

static inline void kw_stat_add(enum kw_stat s, unsigned int n)
{
	this_cpu_add(kw_stats.v[s], n);
}

u64 kw_stat_read(enum kw_stat s);

/* The policy the exec path reads under RCU; replaced whole, never edited. */
struct kw_policy {
	struct kref ref;
	struct rcu_head rcu;	/* retires the publisher's reference */
	u64 gen;		/* kw_policy_generation() when published */
	struct kw_pol *pol;
};

extern struct kw_policy __rcu *kw_policy;
int kw_policy_init(void);
void kw_policy_exit(void);
/* Publishes @pol (taking ownership, also on failure) and frees the old. */
int kw_policy_set(struct kw_pol *pol);
int kw_policy_reset(void);
struct kw_policy *kw_policy_get(void);
void kw_policy_put(struct kw_policy *p);
u64 kw_policy_generation(void);

struct kw_fstr {
	const char *s;
	u32 len;		/* without the NUL */
};

/*
 * What the exec hook learned about one finding. The hook runs in atomic
 * context and records everything but argv, which only task work can read
 * (it may fault); task work runs in process context before the exec'ing
 * task returns to user space.
 */
struct kw_finding {
	struct callback_head work;
	u64 ts;
	u64 exec_id;		/* self_exec_id at the hook */
	struct kw_policy *pol;	/* counted: the policy that matched */
	const struct kw_set *set;	/* in pol: the set that matched */
	const struct kw_rule *rule;	/* in pol */
	u8 action;
	u8 match_on;
	bool spare;		/* KW_FINDING_SPARE bytes: may be kept */
	u32 pid, tid, ppid, uid, gid, euid;
	u32 pidns, mntns, utsns, cgroupns, pidns_level;
	struct kw_container_info ci;
	/*
	 * NUL-terminated strings with their lengths, which the hook knows
	 * anyway: the event is sized and filled without measuring them again.
	 */
	struct kw_fstr filename, exe, interp, cgroup, match_name, pattern;
	struct kw_fstr cwd, parent_exe, comm, parent_comm, hostname;
	char data[];		/* where they are packed */
};

/* Container context of current, computed in the hook. */
struct kw_ctx {
	u32 pidns, mntns, utsns, cgroupns, pidns_level;
	bool in_container;
	struct kw_container_info ci;
	size_t cgroup_len;
};

/* Per CPU, owned by the hook: the last cgroup seen and what it names. */
struct kw_cgcache {
	u64 id;			/* its kernfs id; 0: not cached */
	size_t len;
	bool runtime;		/* it is a known runtime's */
	struct kw_container_info ci;
	char path[PATH_MAX];
};

bool kw_compat_check(void);
/*
 * Fills @ctx for current about to execute @file; the cgroup path is left
 * in @cg->path. Preemption disabled.
 */
void kw_context(struct kw_ctx *ctx, struct kw_cgcache *cg, struct file *file);

/* enum kwarden_mode: main.c owns it, the hook reads it once per finding. */
extern int kw_mode;

/* hook.c */
int kw_hook_init(void);
void kw_hook_exit(void);
/* Reached from the hook's trampoline only (asm linkage). */
void kw_exec_tramp(void);
int kw_exec_check(struct linux_binprm *bprm);
int kw_deny_exec(struct linux_binprm *bprm);
void kw_finding_free(struct kw_finding *f);

/* report.c: phase two, in process context. */
void kw_report_work(struct callback_head *work);
/* The parent's exe path in @buf, or NULL; also fine in atomic context. */
const char *kw_parent_exe(char *buf, size_t size);

/* genl.c */
int kw_genl_init(void);
void kw_genl_exit(void);
bool kw_genl_has_listeners(void);
/* The "kwarden" family's event header, and a send to the events group. */
void *kw_genl_event_hdr(struct sk_buff *skb);
int kw_genl_multicast(struct sk_buff *skb);

/*
 * event.c: events, written into batches under kw_events_lock().
 * kw_event_begin() writes the event for @f into the pending batch, argv
 * last: *argv points at @argv_max bytes reserved for it. Then either
 * kw_event_abort() takes it back, or kw_event_commit() numbers it and
 * trims argv to what was read. NULL: no memory.
 */
void kw_events_lock(void);
void kw_events_unlock(void);
struct nlmsghdr *kw_event_begin(const struct kw_finding *f, size_t argv_max,
				bool argv_truncated, char **argv);
void kw_event_abort(struct nlmsghdr *nlh);
void kw_event_set_action(struct nlmsghdr *nlh, u8 action);
void kw_event_commit(struct nlmsghdr *nlh, size_t argv_max, size_t argv_len);
/* Sends what is pending; returns the number of the last event sent. */
u64 kw_events_flush(void);
void kw_events_exit(void);

#endif /* _KWARDEN_MOD_H */
