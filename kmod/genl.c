// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "kwarden": findings go out on the "events"
 * multicast group; commands read status and rules and edit names.
 * Everything is an attribute (include/kwarden.h), and every request is
 * validated strictly.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "kwarden_mod.h"
#include "compat.h"

#define KW_NLMSG struct sk_buff
#include "kw_policy_nl.h"

static atomic64_t kw_seq = ATOMIC64_INIT(0);

#define KW_STR(max)	{ .type = NLA_NUL_STRING, .len = (max) }

static const struct nla_policy kw_rule_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_RULE_NAME] = KW_STR(KWARDEN_NAME_MAX),
	[KWARDEN_A_TECHNIQUE] = KW_STR(KWARDEN_TECHNIQUE_MAX),
	[KWARDEN_A_SEVERITY] = NLA_POLICY_MAX(NLA_U8, KWARDEN_SEV_CRITICAL),
	[KWARDEN_A_RULE_ACTION] = NLA_POLICY_MAX(NLA_U8, KWARDEN_RULE_BLOCK),
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
static const struct nla_policy kw_policy_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_MODE] = NLA_POLICY_MAX(NLA_U8, KWARDEN_MODE_ENFORCE),
	[KWARDEN_A_P_RULE] = NLA_POLICY_NESTED(kw_rule_attrs),
	[KWARDEN_A_P_SET] = NLA_POLICY_NESTED(kw_set_attrs),
	[KWARDEN_A_P_ARG] = KW_STR(KWARDEN_PATTERN_MAX),
	[KWARDEN_A_PATTERN] = KW_STR(KWARDEN_PATTERN_MAX),
	[KWARDEN_A_P_EXCEPTION] = NLA_POLICY_NESTED(kw_exc_attrs),
	[KWARDEN_A_P_EXC_RULE] = KW_STR(KWARDEN_NAME_MAX),
	[KWARDEN_A_P_EXC_VALUE] = NLA_POLICY_NESTED(kw_value_attrs),
};

enum { KW_MCGRP_EVENTS };

static const struct genl_multicast_group kw_mcgrps[] = {
	[KW_MCGRP_EVENTS] = { .name = KWARDEN_MCGRP_EVENTS,
			      .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

static struct genl_family kw_family;

bool kw_genl_has_listeners(void)
{
	return genl_has_listeners(&kw_family, &init_net, KW_MCGRP_EVENTS);
}

static size_t kw_fstr_size(const struct kw_fstr *s)
{
	return nla_total_size(s->len + 1);
}

static int kw_put_fstr(struct sk_buff *skb, int type, const struct kw_fstr *s)
{
	return nla_put(skb, type, s->len + 1, s->s);
}

struct sk_buff *kw_event_new(const struct kw_finding *f, size_t argv_max,
			     bool argv_truncated, char **argv)
{
	const struct kw_fstr rule = { f->rule->name, strlen(f->rule->name) };
	const struct kw_fstr tech = { f->rule->technique,
				      strlen(f->rule->technique) };
	const struct kw_fstr id = { f->ci.id, strlen(f->ci.id) };
	const struct kw_fstr pod = { f->ci.pod_uid, strlen(f->ci.pod_uid) };
	struct sk_buff *skb;
	struct nlattr *nla;
	size_t size;
	void *hdr;

	size = nla_total_size_64bit(8) * 2 + nla_total_size(1) * 5 +
	       nla_total_size(4) * 16 + nla_total_size(argv_max) +
	       kw_fstr_size(&f->comm) + kw_fstr_size(&f->filename) +
	       kw_fstr_size(&f->exe) + kw_fstr_size(&f->interp) +
	       kw_fstr_size(&f->cwd) + kw_fstr_size(&f->parent_comm) +
	       kw_fstr_size(&f->parent_exe) + kw_fstr_size(&f->cgroup) +
	       kw_fstr_size(&id) + kw_fstr_size(&pod) +
	       kw_fstr_size(&f->hostname) + kw_fstr_size(&f->match_name) +
	       kw_fstr_size(&f->pattern) + kw_fstr_size(&rule) +
	       kw_fstr_size(&tech);

	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb) {
		kw_stat_inc(KW_STAT_DROP_NOMEM);
		return NULL;
	}
	hdr = genlmsg_put(skb, 0, 0, &kw_family, 0, KWARDEN_CMD_EVENT);
	if (!hdr)
		goto overflow;

	/* numbered when sent: an event dropped before then leaves no gap */
	if (nla_put_u64_64bit(skb, KWARDEN_A_SEQ, 0, KWARDEN_A_PAD) ||
	    nla_put_u64_64bit(skb, KWARDEN_A_TIMESTAMP, f->ts, KWARDEN_A_PAD) ||
	    kw_put_fstr(skb, KWARDEN_A_RULE_NAME, &rule) ||
	    kw_put_fstr(skb, KWARDEN_A_TECHNIQUE, &tech) ||
	    nla_put_u8(skb, KWARDEN_A_ACTION, f->action) ||
	    nla_put_u8(skb, KWARDEN_A_SEVERITY, f->rule->severity) ||
	    nla_put_u32(skb, KWARDEN_A_PID, f->pid) ||
	    nla_put_u32(skb, KWARDEN_A_TID, f->tid) ||
	    nla_put_u32(skb, KWARDEN_A_PPID, f->ppid) ||
	    nla_put_u32(skb, KWARDEN_A_UID, f->uid) ||
	    nla_put_u32(skb, KWARDEN_A_GID, f->gid) ||
	    nla_put_u32(skb, KWARDEN_A_EUID, f->euid) ||
	    kw_put_fstr(skb, KWARDEN_A_COMM, &f->comm) ||
	    kw_put_fstr(skb, KWARDEN_A_FILENAME, &f->filename) ||
	    kw_put_fstr(skb, KWARDEN_A_EXE, &f->exe) ||
	    (f->interp.len &&
	     kw_put_fstr(skb, KWARDEN_A_INTERP, &f->interp)) ||
	    (argv_truncated && nla_put_flag(skb, KWARDEN_A_ARGV_TRUNCATED)) ||
	    kw_put_fstr(skb, KWARDEN_A_CWD, &f->cwd) ||
	    nla_put_u32(skb, KWARDEN_A_PARENT_PID, f->ppid) ||
	    kw_put_fstr(skb, KWARDEN_A_PARENT_COMM, &f->parent_comm) ||
	    kw_put_fstr(skb, KWARDEN_A_PARENT_EXE, &f->parent_exe) ||
	    kw_put_fstr(skb, KWARDEN_A_CGROUP, &f->cgroup) ||
	    kw_put_fstr(skb, KWARDEN_A_CONTAINER_ID, &id) ||
	    nla_put_u8(skb, KWARDEN_A_RUNTIME, f->ci.runtime) ||
	    kw_put_fstr(skb, KWARDEN_A_POD_UID, &pod) ||
	    kw_put_fstr(skb, KWARDEN_A_HOSTNAME, &f->hostname) ||
	    nla_put_u32(skb, KWARDEN_A_PIDNS, f->pidns) ||
	    nla_put_u32(skb, KWARDEN_A_MNTNS, f->mntns) ||
	    nla_put_u32(skb, KWARDEN_A_UTSNS, f->utsns) ||
	    nla_put_u32(skb, KWARDEN_A_CGROUPNS, f->cgroupns) ||
	    nla_put_u32(skb, KWARDEN_A_PIDNS_LEVEL, f->pidns_level) ||
	    nla_put_u8(skb, KWARDEN_A_MATCH_ON, f->match_on) ||
	    kw_put_fstr(skb, KWARDEN_A_MATCH_NAME, &f->match_name) ||
	    kw_put_fstr(skb, KWARDEN_A_MATCH_PATTERN, &f->pattern))
		goto overflow;
	/* Last, so that kw_event_send() can trim it to what was read. */
	nla = nla_reserve(skb, KWARDEN_A_ARGV, argv_max);
	if (!nla)
		goto overflow;
	*argv = nla_data(nla);
	/* complete as is, so that its attributes can be found and edited */
	nlmsg_end(skb, nlmsg_hdr(skb));
	return skb;

overflow:
	/* The size above is computed from the same fields: a bug if hit. */
	WARN_ON_ONCE(1);
	nlmsg_free(skb);
	kw_stat_inc(KW_STAT_DROP_NOMEM);
	return NULL;
}

/* The action is decided after argv was read for argv-conditioned sets. */
void kw_event_set_action(struct sk_buff *skb, u8 action)
{
	struct nlattr *nla = nlmsg_find_attr(nlmsg_hdr(skb), GENL_HDRLEN,
					     KWARDEN_A_ACTION);

	if (nla)
		*(u8 *)nla_data(nla) = action;
}

int kw_event_send(struct sk_buff *skb, size_t argv_max, size_t argv_len)
{
	struct nlattr *nla;
	int ret;

	nla = nlmsg_find_attr(nlmsg_hdr(skb), GENL_HDRLEN, KWARDEN_A_SEQ);
	if (nla)
		*(u64 *)nla_data(nla) = atomic64_inc_return(&kw_seq);

	if (argv_len < argv_max) {
		nla = (struct nlattr *)(skb_tail_pointer(skb) -
					nla_total_size(argv_max));
		nla->nla_len = nla_attr_size(argv_len);
		memset((char *)nla_data(nla) + argv_len, 0,
		       nla_padlen(argv_len));
		skb_trim(skb, skb->len - nla_total_size(argv_max) +
			 nla_total_size(argv_len));
	}
	nlmsg_end(skb, nlmsg_hdr(skb));

	ret = genlmsg_multicast(&kw_family, skb, 0, KW_MCGRP_EVENTS,
				GFP_KERNEL);
	/*
	 * Without NETLINK_BROADCAST_ERROR on the listener a full socket is
	 * reported like no listener at all: ask which it was.
	 */
	if (!ret)
		kw_stat_inc(KW_STAT_SENT);
	else if (ret == -ESRCH && !kw_genl_has_listeners())
		kw_stat_inc(KW_STAT_DROP_NOLISTENER);
	else
		kw_stat_inc(KW_STAT_DROP_SOCKFULL);
	return ret;
}

/* Each rule's name, action and how many names feed it. */
static int kw_put_rule_counts(struct sk_buff *msg, const struct kw_pol *pol)
{
	struct nlattr *all, *one;
	u32 i;

	all = nla_nest_start(msg, KWARDEN_A_RULE_COUNTS);
	if (!all)
		return -EMSGSIZE;
	for (i = 0; pol && i < pol->nrules; i++) {
		one = nla_nest_start(msg, KWARDEN_A_RULE_COUNT);
		if (!one ||
		    nla_put_string(msg, KWARDEN_A_RULE_NAME, pol->rules[i].name) ||
		    nla_put_u8(msg, KWARDEN_A_RULE_ACTION, pol->rules[i].action) ||
		    nla_put_u32(msg, KWARDEN_A_NAMES, pol->rules[i].names))
			return -EMSGSIZE;
		nla_nest_end(msg, one);
	}
	nla_nest_end(msg, all);
	return 0;
}

static int kw_cmd_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct kw_policy *pol = kw_policy_get();
	struct sk_buff *msg;
	void *hdr;
	int i;

	/* Room for the counters and KWARDEN_RULES_MAX rule counts. */
	msg = genlmsg_new(NLMSG_GOODSIZE + KWARDEN_RULES_MAX * 64, GFP_KERNEL);
	if (!msg)
		goto nomem;
	hdr = genlmsg_put_reply(msg, info, &kw_family, 0,
				KWARDEN_CMD_GET_STATUS);
	if (!hdr)
		goto nospace;
	if (nla_put_string(msg, KWARDEN_A_VERSION, KWARDEN_VERSION) ||
	    nla_put_u32(msg, KWARDEN_A_ABI_VERSION, KWARDEN_GENL_VERSION) ||
	    nla_put_u8(msg, KWARDEN_A_MODE, READ_ONCE(kw_mode)) ||
	    nla_put_u32(msg, KWARDEN_A_NAMES, pol ? pol->pol->nnames : 0) ||
	    nla_put_u64_64bit(msg, KWARDEN_A_POLICY_GEN, pol ? pol->gen : 0,
			      KWARDEN_A_PAD) ||
	    nla_put_u64_64bit(msg, KWARDEN_A_SEQ, atomic64_read(&kw_seq),
			      KWARDEN_A_PAD))
		goto nospace;
	if (kw_put_rule_counts(msg, pol ? pol->pol : NULL))
		goto nospace;
	/* STAT_EXECS..STAT_DROP_NOMEM are consecutive attributes. */
	for (i = 0; i <= KW_STAT_DROP_NOMEM; i++)
		if (nla_put_u64_64bit(msg, KWARDEN_A_STAT_EXECS + i,
				      kw_stat_read(i), KWARDEN_A_PAD))
			goto nospace;
	if (nla_put_u64_64bit(msg, KWARDEN_A_STAT_EXCEPTED,
			      kw_stat_read(KW_STAT_EXCEPTED), KWARDEN_A_PAD))
		goto nospace;
	kw_policy_put(pol);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	kw_policy_put(pol);
	return -EMSGSIZE;
nomem:
	kw_policy_put(pol);
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

static const char *kw_nla_str(struct nlattr **tb, int type, const char *def)
{
	return tb[type] ? nla_data(tb[type]) : def;
}

static u8 kw_nla_u8(struct nlattr **tb, int type, u8 def)
{
	return tb[type] ? nla_get_u8(tb[type]) : def;
}

/* Attributes of one policy item nest, already validated by its policy. */
static int kw_item_attrs(const struct nlattr *nla, struct nlattr **tb,
			 struct netlink_ext_ack *extack)
{
	const struct nla_policy *pol;

	switch (nla_type(nla)) {
	case KWARDEN_A_P_RULE:
		pol = kw_rule_attrs;
		break;
	case KWARDEN_A_P_SET:
		pol = kw_set_attrs;
		break;
	case KWARDEN_A_P_EXCEPTION:
		pol = kw_exc_attrs;
		break;
	default:
		pol = kw_value_attrs;
		break;
	}
	return nla_parse_nested(tb, KWARDEN_A_MAX, nla, pol, extack);
}

/* One policy attribute in wire form; @tb holds its nest's attributes. */
static int kw_nla_item(const struct nlattr *nla, struct nlattr **tb,
		       struct kw_raw_item *r, struct netlink_ext_ack *extack)
{
	int type = nla_type(nla), err;

	memset(r, 0, sizeof(*r));
	if (type == KWARDEN_A_P_RULE || type == KWARDEN_A_P_SET ||
	    type == KWARDEN_A_P_EXCEPTION || type == KWARDEN_A_P_EXC_VALUE) {
		err = kw_item_attrs(nla, tb, extack);
		if (err)
			return err;
	}
	switch (type) {
	case KWARDEN_A_P_RULE:
		r->kind = KW_ITEM_RULE;
		r->a = kw_nla_str(tb, KWARDEN_A_RULE_NAME, "");
		r->b = kw_nla_str(tb, KWARDEN_A_TECHNIQUE, "");
		r->x = kw_nla_u8(tb, KWARDEN_A_SEVERITY, KWARDEN_SEV_MEDIUM);
		r->y = kw_nla_u8(tb, KWARDEN_A_RULE_ACTION, KWARDEN_RULE_ALERT);
		break;
	case KWARDEN_A_P_SET:
		r->kind = KW_ITEM_SET;
		r->a = kw_nla_str(tb, KWARDEN_A_RULE_NAME, NULL);
		r->b = kw_nla_str(tb, KWARDEN_A_PATH, NULL);
		r->x = kw_nla_u8(tb, KWARDEN_A_ARGS_ON, KWARDEN_ARGS_NONE);
		break;
	case KWARDEN_A_P_ARG:
		r->kind = KW_ITEM_ARG;
		r->a = nla_data(nla);
		break;
	case KWARDEN_A_PATTERN:
		r->kind = KW_ITEM_NAME;
		r->a = nla_data(nla);
		break;
	case KWARDEN_A_P_EXCEPTION:
		r->kind = KW_ITEM_EXC;
		r->a = kw_nla_str(tb, KWARDEN_A_EXC_NAME, "");
		break;
	case KWARDEN_A_P_EXC_RULE:
		r->kind = KW_ITEM_EXC_RULE;
		r->a = nla_data(nla);
		break;
	case KWARDEN_A_P_EXC_VALUE:
		r->kind = KW_ITEM_EXC_VALUE;
		/* no field or no string: the builder refuses a NULL string */
		if (tb[KWARDEN_A_EXC_FIELD])
			r->a = kw_nla_str(tb, KWARDEN_A_EXC_STRING, NULL);
		r->x = kw_nla_u8(tb, KWARDEN_A_EXC_FIELD, 0);
		break;
	default:
		kw_extack(extack, nla, "unexpected attribute in a policy");
		return -EINVAL;
	}
	return 0;
}

/* Pass one: how big the policy is, so the builder allocates once. */
static int kw_policy_count(const struct nlattr *head, int len,
			   struct kw_pol_counts *c, struct nlattr **tb,
			   struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	struct kw_raw_item r;
	int rem, err;

	nla_for_each_attr(nla, head, len, rem) {
		err = kw_nla_item(nla, tb, &r, extack);
		if (err)
			return err;
		kw_pol_count(c, &r);
	}
	return 0;
}

/* Pass two: every item through the same checks the CLI ran. */
static int kw_policy_fill(struct kw_pol *p, const struct nlattr *head, int len,
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
		err = kw_pol_add_item(p, &r, &msg);
		if (err) {
			kw_extack(extack, nla, msg);
			return err;
		}
	}
	err = kw_pol_finish(p, &msg);
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
	struct kw_pol_counts c = { 0 };
	const char *msg = NULL;
	struct nlattr **tb;
	struct kw_pol *p;
	int err;

	tb = kcalloc(KWARDEN_A_MAX + 1, sizeof(*tb), GFP_KERNEL);
	if (!tb)
		return -ENOMEM;
	err = kw_policy_count(head, len, &c, tb, info->extack);
	if (err)
		goto out;
	p = kw_pol_begin(&c, &err, &msg);
	if (!p) {
		kw_extack(info->extack, NULL, msg);
		goto out;
	}
	err = kw_policy_fill(p, head, len, tb, info->extack);
	if (err) {
		kw_pol_free(p);
		goto out;
	}
	err = kw_policy_set(p);
out:
	kfree(tb);
	return err;
}

static int kw_cmd_reset_policy(struct sk_buff *skb, struct genl_info *info)
{
	return kw_policy_reset();
}

static int kw_policy_dump_start(struct netlink_callback *cb)
{
	cb->args[0] = (long)kw_policy_get();
	return 0;
}

static int kw_policy_dump_done(struct netlink_callback *cb)
{
	kw_policy_put((struct kw_policy *)cb->args[0]);
	return 0;
}

/* As many items per message as fit; the cursor lives in cb->args[1..3]. */
static int kw_policy_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct kw_policy *p = (struct kw_policy *)cb->args[0];
	struct kw_cursor cur = {
		.phase = cb->args[1], .obj = cb->args[2], .sub = cb->args[3],
	};
	struct kw_cursor save;
	struct kw_item it;
	int n = 0;
	void *hdr;

	if (!p)
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &kw_family, NLM_F_MULTI, KWARDEN_CMD_GET_POLICY);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, KWARDEN_A_POLICY_GEN, p->gen,
			      KWARDEN_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	for (;;) {
		save = cur;
		kw_pol_item(p->pol, &cur, &it);
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

static int kw_cmd_set_mode(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, KWARDEN_A_MODE))
		return -EINVAL;
	WRITE_ONCE(kw_mode, nla_get_u8(info->attrs[KWARDEN_A_MODE]));
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

static struct genl_family kw_family __ro_after_init = {
	.name = KWARDEN_GENL_NAME,
	.version = KWARDEN_GENL_VERSION,
	.maxattr = KWARDEN_A_MAX,
	.policy = kw_policy_attrs,
	.netnsok = false,
	.module = THIS_MODULE,
	.small_ops = kw_ops,
	.n_small_ops = ARRAY_SIZE(kw_ops),
	.ops = kw_dump_ops,
	.n_ops = ARRAY_SIZE(kw_dump_ops),
	.resv_start_op = KWARDEN_CMD_MAX + 1,
	.mcgrps = kw_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kw_mcgrps),
};

int kw_genl_init(void)
{
	return genl_register_family(&kw_family);
}

void kw_genl_exit(void)
{
	genl_unregister_family(&kw_family);
}
