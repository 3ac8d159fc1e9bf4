/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A whole detection policy: rules, the name sets that feed them (each with
 * an optional argv and exe-path condition) and exceptions. Plain C shared
 * by the module, the CLI and the unit tests, so that the CLI's check of a
 * policy file and the kernel's check of a netlink request are one piece of
 * code with one set of limits and messages.
 *
 * A policy is built item by item, in the order they travel on the wire
 * (include/kwarden.h): rules first, then each set followed by its argv
 * words and names, then each exception followed by its rules and values.
 * Once finished it is immutable, so the exec hook reads it without a lock.
 */
#ifndef _KW_LIB_RULESET_H
#define _KW_LIB_RULESET_H

#include "plat.h"
#include "kwarden.h"
#include "match.h"

struct kw_rule {
	char name[KWARDEN_NAME_MAX + 1];
	char technique[KWARDEN_TECHNIQUE_MAX + 1];
	u8 severity;		/* enum kwarden_severity */
	u8 action;		/* enum kwarden_rule_action */
	u8 detect;		/* enum kwarden_detect */
	u32 names;		/* patterns in all of the rule's sets */
};

struct kw_set {
	u32 rule;		/* index in kw_ruleset.rules */
	u8 args_on;		/* enum kwarden_args_on */
	const char *path;	/* exe path glob, or NULL */
	u32 first_arg, nargs;	/* in kw_ruleset.args */
	u32 first_name, nnames;	/* matcher entries */
};

struct kw_exc {
	char name[KWARDEN_NAME_MAX + 1];
	u64 rules;		/* bit i: covers rule i; 0: every rule */
	u32 fields;		/* bit per enum kwarden_exc_field used */
	u32 first_value, nvalues;
	/* with workload fields: its bit in a container's workload mask */
	s8 workload;		/* -1 without */
	bool unknown_allow;	/* unknown = allow */
};

struct kw_exc_value {
	u8 field;		/* enum kwarden_exc_field */
	u32 uid;		/* KWARDEN_EXC_UID */
	const char *s;		/* as given (canonical) */
	u32 len;
};

struct kw_str {
	const char *s;
	u32 len;
};

/* Upper bounds for one policy, so the builder allocates once. */
struct kw_ruleset_counts {
	u32 rules, sets, args, names, exc, values;
	size_t bytes;		/* all strings but names, NULs included */
};

struct kw_ruleset {
	u32 nrules, nsets, nargs, nnames, nexc, nvalues;
	u32 nworkload;		/* exceptions with workload fields */
	struct kw_rule rules[KWARDEN_RULES_MAX];
	struct kw_set *sets;
	struct kw_str *args;
	struct kw_exc *exc;
	struct kw_exc_value *values;
	struct kw_matcher *matcher;
	/* the rule that detects each kind (not names), or -1 */
	int detect[__KWARDEN_DETECT_MAX];
	/* while building */
	struct kw_ruleset_counts cap;
	struct kw_name_entry *pending;
	const char *dup;	/* a name listed twice (kw_e_dup) */
	char *pool;
	size_t pool_used;
	bool finished;
};

/*
 * Every builder call returns 0 or a negative errno (-EINVAL, -E2BIG,
 * -ENOMEM) and then points *msg at a constant message for the operator.
 * Names passed to kw_ruleset_add_name() must stay valid until
 * kw_ruleset_finish(), which copies them; everything else is copied at once.
 */
struct kw_ruleset *kw_ruleset_begin(const struct kw_ruleset_counts *c, int *err,
				    const char **msg);
int kw_ruleset_add_rule(struct kw_ruleset *p, const char *name, const char *technique,
			u8 severity, u8 action, u8 detect, const char **msg);
int kw_ruleset_add_set(struct kw_ruleset *p, const char *rule, u8 args_on,
		       const char *path, const char **msg);
int kw_ruleset_add_arg(struct kw_ruleset *p, const char *word, const char **msg);
int kw_ruleset_add_name(struct kw_ruleset *p, const char *pattern, const char **msg);
int kw_ruleset_add_exception(struct kw_ruleset *p, const char *name,
			     const char **msg);
int kw_ruleset_add_exc_rule(struct kw_ruleset *p, const char *rule, const char **msg);
int kw_ruleset_add_exc_value(struct kw_ruleset *p, u8 field, const char *value,
			     const char **msg);
/*
 * Closes the set or exception being filled: -EINVAL if it is empty. Each
 * add_set(), add_exception() and finish() closes the one before too; a
 * caller that tells its items' places apart calls it after each.
 */
int kw_ruleset_close(struct kw_ruleset *p, const char **msg);
/*
 * Checks what only the whole policy shows and builds the name index. On
 * kw_e_dup, p->dup is the name listed twice.
 */
int kw_ruleset_finish(struct kw_ruleset *p, const char **msg);
void kw_ruleset_free(struct kw_ruleset *p);

/* Walking a policy as wire items, resumable (netlink dumps). */
enum kw_item_kind {
	KW_ITEM_END,
	KW_ITEM_RULE,
	KW_ITEM_SET,
	KW_ITEM_ARG,
	KW_ITEM_NAME,
	KW_ITEM_EXC,
	KW_ITEM_EXC_RULE,
	KW_ITEM_EXC_VALUE,
};

struct kw_item {
	enum kw_item_kind kind;
	const struct kw_rule *rule;	/* RULE; SET's and EXC_RULE's rule */
	const struct kw_set *set;
	const struct kw_exc *exc;
	const struct kw_exc_value *value;
	const char *s;			/* ARG, NAME */
};

struct kw_cursor {
	u32 phase, obj, sub;
};

/* Fills *it with the item at *c and advances *c; KW_ITEM_END at the end. */
void kw_ruleset_item(const struct kw_ruleset *p, struct kw_cursor *c,
		     struct kw_item *it);

/*
 * One item in wire form, before it is checked: what a netlink attribute
 * of SET_POLICY or GET_POLICY carries. A string may be NULL (absent).
 */
struct kw_raw_item {
	enum kw_item_kind kind;
	/* RULE, SET, EXC_RULE: the rule's name; EXC: the exception's */
	/* name; ARG, NAME, EXC_VALUE: the string */
	const char *a;
	const char *b;	/* RULE: technique; SET: exe path glob */
	u8 x;		/* RULE: severity; SET: args_on; EXC_VALUE: field */
	u8 y;		/* RULE: action */
	u8 z;		/* RULE: detect */
};

/* @it in wire form; its strings stay the policy's. */
void kw_ruleset_item_raw(const struct kw_item *it, struct kw_raw_item *r);
/* Pass one of a build: adds what @r needs to @c. */
void kw_ruleset_count(struct kw_ruleset_counts *c, const struct kw_raw_item *r);
/* Pass two: @r through the builder call its kind names. */
int kw_ruleset_add_item(struct kw_ruleset *p, const struct kw_raw_item *r,
			const char **msg);

/* What an exception is compared with, for one finding. */
struct kw_subject {
	const char *container_id;	/* "" if none */
	const char *cgroup;
	size_t cgroup_len;
	const char *pod_uid;		/* "" if none */
	u32 uid;
	/*
	 * The container's workload mask (kw_ruleset_workload_mask()) as
	 * the relay's table gives it for this policy, if it has one.
	 */
	bool workload_known;
	u64 workload_mask;
	/* The parent's exe path; called at most once, only if needed. */
	const char *(*parent_exe)(void *arg);
	void *arg;
};

/*
 * The set of a name (a basename of @len bytes) that matches and whose
 * rule is on, or NULL; *@mt says which pattern matched.
 */
const struct kw_set *kw_ruleset_match(const struct kw_ruleset *p,
				      const char *name, size_t len,
				      struct kw_match *mt);

/*
 * A container's names as the runtimes' state gives them ("" if unknown:
 * a glob then matches only if it matches the empty string).
 */
struct kw_workload {
	const char *ns, *pod, *name, *image;
};

/*
 * Bit i set: the workload fields of the policy's i-th workload exception
 * (kw_exc.workload) all hold for @w. Its other fields (container, uid,
 * ...) are compared at the finding.
 */
u64 kw_ruleset_workload_mask(const struct kw_ruleset *p,
			     const struct kw_workload *w);

/*
 * Index of the first exception that silences @rule for @s, or -1. A
 * workload exception holds by its bit in @s->workload_mask when the
 * container is known, by unknown = allow when it is not.
 */
int kw_ruleset_excepted(const struct kw_ruleset *p, u32 rule,
			const struct kw_subject *s);

/* Does a NUL-separated argv block satisfy @set's argv condition? */
bool kw_ruleset_args_ok(const struct kw_ruleset *p, const struct kw_set *set,
			const char *argv, size_t len);

/*
 * Does the resolved exe path satisfy @set's path condition? An exe that
 * could not be resolved, or a spent budget, does (fail closed).
 */
bool kw_ruleset_path_ok(const struct kw_set *set, const char *exe);

/* Names for enums, shared by the policy file and the CLI. */
/*
 * The checks and messages a text parser reports at its own lines, before
 * the builder sees the item (the builder checks the same again).
 */
bool kw_ruleset_technique_ok(const char *s);
extern const char *const kw_e_technique, *const kw_e_severity;
extern const char *const kw_e_action, *const kw_e_exc_empty, *const kw_e_dup;
extern const char *const kw_e_unknown_alone, *const kw_e_unknown;
extern const char *const kw_e_detect, *const kw_e_detect_names;

const char *kw_severity_str(unsigned int sev);
const char *kw_action_str(unsigned int action);
const char *kw_args_on_str(unsigned int on);
const char *kw_exc_field_str(unsigned int field);
const char *kw_detect_str(unsigned int detect);
/* Reverse lookups: the enum value, or -1. */
int kw_severity_parse(const char *s);
int kw_action_parse(const char *s);
int kw_args_on_parse(const char *s);
int kw_exc_field_parse(const char *s);
int kw_detect_parse(const char *s);

/*
 * The rule that detects @kind in @p if its action is not off, else NULL:
 * one array read for the hook.
 */
static inline const struct kw_rule *kw_ruleset_detector(const struct kw_ruleset *p,
							enum kwarden_detect kind)
{
	int r = p->detect[kind];

	return r >= 0 && p->rules[r].action != KWARDEN_RULE_OFF ?
	       &p->rules[r] : NULL;
}

#endif /* _KW_LIB_RULESET_H */
