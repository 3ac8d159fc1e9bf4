/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything the CLI asks of kwarden.ko, over a small data model: the
 * commands call these and never see netlink (ipc.c is the only user of
 * libnl besides the event parser). Every call returns 0 or a negative
 * errno: -ENOENT when the module is not loaded, otherwise the kernel's
 * answer (its extended-ack message, if any, is kw_ipc_kernel_msg()).
 * What the kernel sends is checked and bounded here.
 */
#ifndef KWARDEN_IPC_H
#define KWARDEN_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include "kwarden.h"
#include "kwarden_schema.h"
#include "event.h"
#include "lib/ruleset.h"

/* The module's counters, in include/kwarden_schema.h's order. */
enum kw_counter {
#define X(name, key) KW_COUNTER_##name,
	KWARDEN_STATS(X)
#undef X
	KW_COUNTER_NR
};

struct kw_rule_status {
	char name[KWARDEN_NAME_MAX + 1];
	int action;		/* enum kwarden_rule_action, -1 if not sent */
	uint32_t names;
};

struct kw_status {
	char version[64];
	uint32_t abi;
	uint8_t mode;		/* KWARDEN_MODE_* */
	uint32_t names;		/* in the whole policy */
	uint64_t policy_gen;
	uint64_t last_seq;	/* the last event sequence number given out */
	uint64_t counters[KW_COUNTER_NR];
	unsigned int nrules;
	struct kw_rule_status rules[KWARDEN_RULES_MAX];
	/* entries of the relay's workload table that count for this policy */
	uint32_t workloads;
	/* ms since the relay last set it; UINT64_MAX: never since load */
	uint64_t workloads_age_ms;
};

/*
 * Status and counters. The kernel sends the events it still holds before
 * it answers, so after this every event up to last_seq has been sent.
 */
int kw_ipc_status(struct kw_status *st);
int kw_ipc_set_mode(uint8_t mode);
/* Replaces the kernel's policy with @p, checked whole there and swapped. */
int kw_ipc_policy_set(const struct kw_ruleset *p);
int kw_ipc_policy_reset(void);
/*
 * The policy the kernel applies, rebuilt by the builder a file goes
 * through. -EBADMSG: the dump is malformed; -EPROTO: it does not check,
 * and *@why says why.
 */
int kw_ipc_policy_get(struct kw_ruleset **out, const char **why);
/*
 * The same, and the generation of the policy dumped (0 from a module
 * that does not say): what a workload table computed from it is for.
 */
int kw_ipc_policy_get_gen(struct kw_ruleset **out, const char **why,
			  uint64_t *gen);

/* One container of the relay's workload table. */
struct kw_wl_item {
	char id[KWARDEN_CONTAINER_ID_LEN + 1];	/* 64 lowercase hex digits */
	uint64_t mask;		/* kw_ruleset_workload_mask() */
};
/*
 * Replaces the kernel's workload table with @items (@n at most
 * KWARDEN_WORKLOADS_MAX, else -E2BIG; ids distinct, else the kernel's
 * -EINVAL), computed for policy generation @gen: -ESTALE if that is no
 * longer the kernel's policy.
 */
int kw_ipc_set_workloads(uint64_t gen, const struct kw_wl_item *items,
			 size_t n);

/* The extended-ack message of the last failed request, or NULL. */
const char *kw_ipc_kernel_msg(void);

/* A subscription to the events group, following module unloads. */
struct kw_sub;
struct kw_sub_ops {
	/* each finding; its strings live until the callback returns */
	void (*event)(const struct kw_event *ev, void *arg);
	/* asked between reads: stop now? (@final: the last read) */
	bool (*stop)(void *arg, bool final);
	void *arg;
};
/* A nonblocking socket with a receive buffer of @rcvbuf bytes, or NULL. */
struct kw_sub *kw_ipc_sub_open(int rcvbuf, int *err);
/*
 * Joins the events group (and the controller's, to hear of an unload):
 * -ENOENT when the module is not loaded, another -errno when joining is
 * refused (it needs CAP_SYS_ADMIN).
 */
int kw_ipc_sub_join(struct kw_sub *s);
/* The descriptor to poll for input. */
int kw_ipc_sub_fd(const struct kw_sub *s);
/*
 * Reads what is queued and hands every finding to @ops. Returns 0 when
 * drained (or stopped), or -errno: -ENOBUFS when the socket overflowed,
 * which the sequence numbers then show as lost events. A @final read is
 * bounded even if the kernel keeps sending.
 */
int kw_ipc_sub_read(struct kw_sub *s, const struct kw_sub_ops *ops,
		    bool final);
/* The module was unloaded: join again once it is back. */
bool kw_ipc_sub_gone(const struct kw_sub *s);
void kw_ipc_sub_close(struct kw_sub *s);

#endif
