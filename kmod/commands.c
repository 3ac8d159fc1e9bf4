// SPDX-License-Identifier: GPL-2.0
/*
 * The family's commands: status, mode, and the policy (load, reset,
 * dump). Everything is an attribute (include/kwarden.h), and every request
 * is validated strictly before a handler runs. A policy is built whole and
 * checked by the same code the CLI ran (lib/ruleset.c), then published in
 * one pointer swap.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "commands.h"
#include "batch.h"
#include "genl.h"
#include "mode.h"
#include "active.h"
#include "stats.h"
#include "workloads.h"

#define KW_NLMSG struct sk_buff
#include "lib/codec.h"

#define KW_STR(max)	{ .type = NLA_NUL_STRING, .len = (max) }

static const struct nla_policy kw_rule_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_RULE_NAME] = KW_STR(KWARDEN_NAME_MAX),
	[KWARDEN_A_TECHNIQUE] = KW_STR(KWARDEN_TECHNIQUE_MAX),
	[KWARDEN_A_SEVERITY] = NLA_POLICY_MAX(NLA_U8, KWARDEN_SEV_CRITICAL),
	[KWARDEN_A_RULE_ACTION] = NLA_POLICY_MAX(NLA_U8, KWARDEN_RULE_BLOCK),
	[KWARDEN_A_RULE_DETECT] = NLA_POLICY_MAX(NLA_U8, __KWARDEN_DETECT_MAX - 1),
};

static const struct nla_policy kw_set_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_RULE_NAME] = KW_STR(KWARDEN_NAME_MAX),
	[KWARDEN_A_ARGS_ON] = NLA_POLICY_MAX(NLA_U8, KWARDEN_ARGS_ANY),
	[KWARDEN_A_PATH] = KW_STR(KWARDEN_PATTERN_MAX),
};

static const struct nla_policy kw_exc_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_EXC_NAME] = KW_STR(KWARDEN_NAME_MAX),
};

static const struct nla_policy kw_value_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_EXC_FIELD] = NLA_POLICY_MAX(NLA_U8, __KWARDEN_EXC_MAX - 1),
	[KWARDEN_A_EXC_STRING] = KW_STR(KWARDEN_PATTERN_MAX),
};

/* Requests are checked strictly against this before any handler runs. */
static const struct nla_policy kw_workload_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_CONTAINER_ID] = KW_STR(KWARDEN_CONTAINER_ID_LEN),
	[KWARDEN_A_WORKLOAD_MASK] = { .type = NLA_U64 },
};

static const struct nla_policy kw_policy_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_MODE] = NLA_POLICY_MAX(NLA_U8, KWARDEN_MODE_ENFORCE),
	[KWARDEN_A_POLICY_GEN] = { .type = NLA_U64 },
	[KWARDEN_A_WORKLOAD] = NLA_POLICY_NESTED(kw_workload_attrs),
	[KWARDEN_A_P_RULE] = NLA_POLICY_NESTED(kw_rule_attrs),
	[KWARDEN_A_P_SET] = NLA_POLICY_NESTED(kw_set_attrs),
	[KWARDEN_A_P_ARG] = KW_STR(KWARDEN_PATTERN_MAX),
	[KWARDEN_A_PATTERN] = KW_STR(KWARDEN_PATTERN_MAX),
	[KWARDEN_A_P_EXCEPTION] = NLA_POLICY_NESTED(kw_exc_attrs),
	[KWARDEN_A_P_EXC_RULE] = KW_STR(KWARDEN_NAME_MAX),
	[KWARDEN_A_P_EXC_VALUE] = NLA_POLICY_NESTED(kw_value_attrs),
};

/* Each counter's status attribute. */
static const u16 kw_stat_attrs[KW_STAT_NR] = {
#define X(name, key) \
	[KW_STAT_##name] = KWARDEN_A_STAT_##name,
	KWARDEN_STATS(X)
#undef X
};

/* Each rule's name, action and how many names feed it. */
static int kw_put_rule_counts(struct sk_buff *msg, const struct kw_ruleset *rs)
{
	struct nlattr *all, *one;
	u32 i;

	all = nla_nest_start(msg, KWARDEN_A_RULE_COUNTS);
	if (!all)
		return -EMSGSIZE;
	for (i = 0; rs && i < rs->nrules; i++) {
		one = nla_nest_start(msg, KWARDEN_A_RULE_COUNT);
		if (!one ||
		    nla_put_string(msg, KWARDEN_A_RULE_NAME, rs->rules[i].name) ||
		    nla_put_u8(msg, KWARDEN_A_RULE_ACTION, rs->rules[i].action) ||
		    nla_put_u32(msg, KWARDEN_A_NAMES, rs->rules[i].names))
			return -EMSGSIZE;
		nla_nest_end(msg, one);
	}
	nla_nest_end(msg, all);
	return 0;
}

static int kw_cmd_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct kw_active *act = kw_active_get();
	struct sk_buff *msg;
	u64 wl_age;
	u32 wl_n;
	bool wl_set;
	void *hdr;
	int i;

	/* Room for the counters and KWARDEN_RULES_MAX rule counts. */
	msg = genlmsg_new(NLMSG_GOODSIZE + KWARDEN_RULES_MAX * 64, GFP_KERNEL);
	if (!msg)
		goto nomem;
	hdr = kw_genl_put(msg, info->snd_portid, info->snd_seq, 0,
			  KWARDEN_CMD_GET_STATUS);
	if (!hdr)
		goto nospace;
	if (nla_put_string(msg, KWARDEN_A_VERSION, KWARDEN_VERSION) ||
	    nla_put_u32(msg, KWARDEN_A_ABI_VERSION, KWARDEN_GENL_VERSION) ||
	    nla_put_u8(msg, KWARDEN_A_MODE, kw_mode_get()) ||
	    nla_put_u32(msg, KWARDEN_A_NAMES, act ? act->rs->nnames : 0) ||
	    nla_put_u64_64bit(msg, KWARDEN_A_POLICY_GEN, act ? act->gen : 0,
			      KWARDEN_A_PAD) ||
	    nla_put_u64_64bit(msg, KWARDEN_A_SEQ, kw_events_flush(),
			      KWARDEN_A_PAD))
		goto nospace;
	if (kw_put_rule_counts(msg, act ? act->rs : NULL))
		goto nospace;
	wl_set = kw_workloads_status(act ? act->gen : 0, &wl_n, &wl_age);
	if (nla_put_u32(msg, KWARDEN_A_WORKLOADS, wl_n) ||
	    (wl_set && nla_put_u64_64bit(msg, KWARDEN_A_WORKLOADS_AGE, wl_age,
					 KWARDEN_A_PAD)))
		goto nospace;
	for (i = 0; i < KW_STAT_NR; i++)
		if (nla_put_u64_64bit(msg, kw_stat_attrs[i], kw_stat_read(i),
				      KWARDEN_A_PAD))
			goto nospace;
	kw_active_put(act);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	kw_active_put(act);
	return -EMSGSIZE;
nomem:
	kw_active_put(act);
	return -ENOMEM;
}

/* The builder's messages are constants in this module: point at them. */
static void kw_extack(struct netlink_ext_ack *extack, const struct nlattr *nla,
		      const char *msg)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = nla;
	}
}

/* Each nest's attribute policy, for its strict parse. */
static const struct nla_policy *kw_nest_attrs(int type)
{
	switch (type) {
	case KWARDEN_A_P_RULE:
		return kw_rule_attrs;
	case KWARDEN_A_P_SET:
		return kw_set_attrs;
	case KWARDEN_A_P_EXCEPTION:
		return kw_exc_attrs;
	default:
		return kw_value_attrs;
	}
}

/*
 * One policy attribute in wire form; @tb holds its nest's attributes, each
 * checked against the nest's nla policy.
 */
static int kw_nla_item(const struct nlattr *nla, struct nlattr **tb,
		       struct kw_raw_item *r, struct netlink_ext_ack *extack)
{
	int err;

	if (kw_item_is_nest(nla_type(nla))) {
		err = nla_parse_nested(tb, KWARDEN_A_MAX, nla,
				       kw_nest_attrs(nla_type(nla)), extack);
		if (err)
			return err;
	}
	err = kw_get_item(nla, tb, r);
	if (err)
		kw_extack(extack, nla, "unexpected attribute in a policy");
	return err;
}

/* Pass one: how big the policy is, so the builder allocates once. */
static int kw_policy_count(const struct nlattr *head, int len,
			   struct kw_ruleset_counts *c, struct nlattr **tb,
			   struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	struct kw_raw_item r;
	int rem, err;

	nla_for_each_attr(nla, head, len, rem) {
		err = kw_nla_item(nla, tb, &r, extack);
		if (err)
			return err;
		kw_ruleset_count(c, &r);
	}
	return 0;
}

/* Pass two: every item through the same checks the CLI ran. */
static int kw_policy_fill(struct kw_ruleset *p, const struct nlattr *head, int len,
			  struct nlattr **tb, struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	const char *msg = NULL;
	struct kw_raw_item r;
	int rem, err;

	nla_for_each_attr(nla, head, len, rem) {
		err = kw_nla_item(nla, tb, &r, extack);
		if (err)
			return err;
		err = kw_ruleset_add_item(p, &r, &msg);
		if (err) {
			kw_extack(extack, nla, msg);
			return err;
		}
	}
	err = kw_ruleset_finish(p, &msg);
	if (err)
		kw_extack(extack, NULL, msg);
	return err;
}

/*
 * Replaces the whole policy. Everything is checked before anything is
 * applied; the new policy is published in one pointer swap.
 */
static int kw_cmd_set_policy(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *head = genlmsg_data(info->genlhdr);
	int len = genlmsg_len(info->genlhdr);
	struct kw_ruleset_counts c = { 0 };
	const char *msg = NULL;
	struct nlattr **tb;
	struct kw_ruleset *p;
	int err;

	tb = kcalloc(KWARDEN_A_MAX + 1, sizeof(*tb), GFP_KERNEL);
	if (!tb)
		return -ENOMEM;
	err = kw_policy_count(head, len, &c, tb, info->extack);
	if (err)
		goto out;
	p = kw_ruleset_begin(&c, &err, &msg);
	if (!p) {
		kw_extack(info->extack, NULL, msg);
		goto out;
	}
	err = kw_policy_fill(p, head, len, tb, info->extack);
	if (err) {
		kw_ruleset_free(p);
		goto out;
	}
	err = kw_active_set(p);
out:
	kfree(tb);
	return err;
}

static int kw_cmd_reset_policy(struct sk_buff *skb, struct genl_info *info)
{
	return kw_active_reset();
}

static int kw_policy_dump_start(struct netlink_callback *cb)
{
	cb->args[0] = (long)kw_active_get();
	return 0;
}

static int kw_policy_dump_done(struct netlink_callback *cb)
{
	kw_active_put((struct kw_active *)cb->args[0]);
	return 0;
}

/* As many items per message as fit; the cursor lives in cb->args[1..3]. */
static int kw_policy_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct kw_active *p = (struct kw_active *)cb->args[0];
	struct kw_cursor cur = {
		.phase = cb->args[1], .obj = cb->args[2], .sub = cb->args[3],
	};
	struct kw_cursor save;
	struct kw_item it;
	int n = 0;
	void *hdr;

	if (!p)
		return 0;
	hdr = kw_genl_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  NLM_F_MULTI, KWARDEN_CMD_GET_POLICY);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, KWARDEN_A_POLICY_GEN, p->gen,
			      KWARDEN_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	for (;;) {
		save = cur;
		kw_ruleset_item(p->rs, &cur, &it);
		if (it.kind == KW_ITEM_END)
			break;
		if (kw_put_item(skb, &it)) {
			cur = save;
			break;
		}
		n++;
	}
	if (!n) {
		genlmsg_cancel(skb, hdr);
		/* An item that does not fit an empty message is a bug. */
		return it.kind == KW_ITEM_END ? 0 : -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	cb->args[1] = cur.phase;
	cb->args[2] = cur.obj;
	cb->args[3] = cur.sub;
	return skb->len;
}

static int kw_cmd_set_workloads(struct sk_buff *skb, struct genl_info *info)
{
	return kw_workloads_set(info);
}

static int kw_cmd_set_mode(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, KWARDEN_A_MODE))
		return -EINVAL;
	kw_mode_set(nla_get_u8(info->attrs[KWARDEN_A_MODE]));
	return 0;
}

static const struct genl_small_ops kw_ops[] = {
	{
		.cmd = KWARDEN_CMD_GET_STATUS,
		.doit = kw_cmd_get_status,
	},
	{
		.cmd = KWARDEN_CMD_RESET_POLICY,
		.doit = kw_cmd_reset_policy,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = KWARDEN_CMD_SET_POLICY,
		.doit = kw_cmd_set_policy,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = KWARDEN_CMD_SET_MODE,
		.doit = kw_cmd_set_mode,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = KWARDEN_CMD_SET_WORKLOADS,
		.doit = kw_cmd_set_workloads,
		.flags = GENL_ADMIN_PERM,
	},
};

/* The policy as items; the dump holds the policy it started with. */
static const struct genl_ops kw_dump_ops[] = {
	{
		.cmd = KWARDEN_CMD_GET_POLICY,
		.start = kw_policy_dump_start,
		.dumpit = kw_policy_dump,
		.done = kw_policy_dump_done,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct kw_genl_cmds kw_cmds = {
	.policy = kw_policy_attrs,
	.small_ops = kw_ops,
	.n_small_ops = ARRAY_SIZE(kw_ops),
	.ops = kw_dump_ops,
	.n_ops = ARRAY_SIZE(kw_dump_ops),
};

int kw_commands_init(void)
{
	return kw_genl_init(&kw_cmds);
}

void kw_commands_exit(void)
{
	kw_genl_exit();
}
