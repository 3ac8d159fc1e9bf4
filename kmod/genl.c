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
#include "kw_rules.h"
#include "compat.h"

static atomic64_t kw_seq = ATOMIC64_INIT(0);

static const struct nla_policy kw_policy_attrs[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_RULE] = NLA_POLICY_RANGE(NLA_U8, KWARDEN_RULE_COMPILER,
					    __KWARDEN_RULE_MAX - 1),
	[KWARDEN_A_NAME_LIST] = { .type = NLA_NESTED },
	[KWARDEN_A_MODE] = NLA_POLICY_MAX(NLA_U8, KWARDEN_MODE_ENFORCE),
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

static size_t kw_str_size(const char *s)
{
	return nla_total_size(strlen(s) + 1);
}

int kw_genl_send_event(const struct kw_finding *f, const char *argv,
		       size_t argv_len, bool argv_truncated, const char *cwd,
		       const char *parent_exe)
{
	const struct kw_rule_info *ri = kw_rule_info(f->rule);
	struct sk_buff *skb;
	size_t size;
	void *hdr;
	int ret;

	size = nla_total_size_64bit(8) * 2 + nla_total_size(1) * 6 +
	       nla_total_size(4) * 16 + nla_total_size(argv_len) +
	       kw_str_size(f->comm) + kw_str_size(f->filename) +
	       kw_str_size(f->exe) + kw_str_size(f->interp) +
	       kw_str_size(cwd) + kw_str_size(f->parent_comm) +
	       kw_str_size(parent_exe) + kw_str_size(f->cgroup) +
	       kw_str_size(f->ci.id) + kw_str_size(f->ci.pod_uid) +
	       kw_str_size(f->hostname) + kw_str_size(f->match_name) +
	       kw_str_size(f->pattern);

	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb) {
		kw_stat_inc(KW_STAT_DROP_NOMEM);
		return -ENOMEM;
	}
	hdr = genlmsg_put(skb, 0, 0, &kw_family, 0, KWARDEN_CMD_EVENT);
	if (!hdr)
		goto overflow;

	if (nla_put_u64_64bit(skb, KWARDEN_A_SEQ, atomic64_inc_return(&kw_seq),
			      KWARDEN_A_PAD) ||
	    nla_put_u64_64bit(skb, KWARDEN_A_TIMESTAMP, f->ts, KWARDEN_A_PAD) ||
	    nla_put_u8(skb, KWARDEN_A_RULE, f->rule) ||
	    nla_put_u8(skb, KWARDEN_A_ACTION, f->action) ||
	    nla_put_u8(skb, KWARDEN_A_SEVERITY, ri ? ri->severity : 0) ||
	    nla_put_u32(skb, KWARDEN_A_PID, f->pid) ||
	    nla_put_u32(skb, KWARDEN_A_TID, f->tid) ||
	    nla_put_u32(skb, KWARDEN_A_PPID, f->ppid) ||
	    nla_put_u32(skb, KWARDEN_A_UID, f->uid) ||
	    nla_put_u32(skb, KWARDEN_A_GID, f->gid) ||
	    nla_put_u32(skb, KWARDEN_A_EUID, f->euid) ||
	    nla_put_string(skb, KWARDEN_A_COMM, f->comm) ||
	    nla_put_string(skb, KWARDEN_A_FILENAME, f->filename) ||
	    nla_put_string(skb, KWARDEN_A_EXE, f->exe) ||
	    (f->interp[0] &&
	     nla_put_string(skb, KWARDEN_A_INTERP, f->interp)) ||
	    nla_put(skb, KWARDEN_A_ARGV, argv_len, argv) ||
	    (argv_truncated && nla_put_flag(skb, KWARDEN_A_ARGV_TRUNCATED)) ||
	    nla_put_string(skb, KWARDEN_A_CWD, cwd) ||
	    nla_put_u32(skb, KWARDEN_A_PARENT_PID, f->ppid) ||
	    nla_put_string(skb, KWARDEN_A_PARENT_COMM, f->parent_comm) ||
	    nla_put_string(skb, KWARDEN_A_PARENT_EXE, parent_exe) ||
	    nla_put_string(skb, KWARDEN_A_CGROUP, f->cgroup) ||
	    nla_put_string(skb, KWARDEN_A_CONTAINER_ID, f->ci.id) ||
	    nla_put_u8(skb, KWARDEN_A_RUNTIME, f->ci.runtime) ||
	    nla_put_string(skb, KWARDEN_A_POD_UID, f->ci.pod_uid) ||
	    nla_put_string(skb, KWARDEN_A_HOSTNAME, f->hostname) ||
	    nla_put_u32(skb, KWARDEN_A_PIDNS, f->pidns) ||
	    nla_put_u32(skb, KWARDEN_A_MNTNS, f->mntns) ||
	    nla_put_u32(skb, KWARDEN_A_UTSNS, f->utsns) ||
	    nla_put_u32(skb, KWARDEN_A_CGROUPNS, f->cgroupns) ||
	    nla_put_u32(skb, KWARDEN_A_PIDNS_LEVEL, f->pidns_level) ||
	    nla_put_u8(skb, KWARDEN_A_MATCH_ON, f->match_on) ||
	    nla_put_string(skb, KWARDEN_A_MATCH_NAME, f->match_name) ||
	    nla_put_string(skb, KWARDEN_A_MATCH_PATTERN, f->pattern))
		goto overflow;
	genlmsg_end(skb, hdr);

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

overflow:
	/* The size above is computed from the same fields: a bug if hit. */
	WARN_ON_ONCE(1);
	nlmsg_free(skb);
	kw_stat_inc(KW_STAT_DROP_NOMEM);
	return -EMSGSIZE;
}

/* How many names each rule has in the current policy. */
static int kw_put_rule_counts(struct sk_buff *msg)
{
	u32 counts[__KWARDEN_RULE_MAX] = { 0 };
	struct kw_name_entry e;
	struct kw_policy *pol;
	struct nlattr *all, *one;
	size_t i;

	rcu_read_lock();
	pol = rcu_dereference(kw_policy);
	for (i = 0; pol && kw_matcher_entry(pol->matcher, i, &e); i++)
		if (e.rule < __KWARDEN_RULE_MAX)
			counts[e.rule]++;
	rcu_read_unlock();

	all = nla_nest_start(msg, KWARDEN_A_RULE_COUNTS);
	if (!all)
		return -EMSGSIZE;
	for (i = KWARDEN_RULE_COMPILER; i < __KWARDEN_RULE_MAX; i++) {
		one = nla_nest_start(msg, KWARDEN_A_RULE_COUNT);
		if (!one || nla_put_u8(msg, KWARDEN_A_RULE, i) ||
		    nla_put_u32(msg, KWARDEN_A_NAMES, counts[i]))
			return -EMSGSIZE;
		nla_nest_end(msg, one);
	}
	nla_nest_end(msg, all);
	return 0;
}

static int kw_cmd_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct kw_policy *pol;
	struct sk_buff *msg;
	u32 names = 0;
	void *hdr;
	int i;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kw_family, 0,
				KWARDEN_CMD_GET_STATUS);
	if (!hdr)
		goto nospace;

	rcu_read_lock();
	pol = rcu_dereference(kw_policy);
	if (pol)
		names = kw_matcher_count(pol->matcher);
	rcu_read_unlock();

	if (nla_put_string(msg, KWARDEN_A_VERSION, KWARDEN_VERSION) ||
	    nla_put_u32(msg, KWARDEN_A_ABI_VERSION, KWARDEN_GENL_VERSION) ||
	    nla_put_u8(msg, KWARDEN_A_MODE, READ_ONCE(kw_mode)) ||
	    nla_put_u32(msg, KWARDEN_A_NAMES, names) ||
	    nla_put_u64_64bit(msg, KWARDEN_A_SEQ, atomic64_read(&kw_seq),
			      KWARDEN_A_PAD))
		goto nospace;
	if (kw_put_rule_counts(msg))
		goto nospace;
	for (i = 0; i < KW_STAT_NR; i++)
		if (nla_put_u64_64bit(msg, KWARDEN_A_STAT_EXECS + i,
				      kw_stat_read(i), KWARDEN_A_PAD))
			goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* Dump state: the position in the matcher, kept across dump calls. */
static int kw_cmd_get_rules_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct kw_name_entry e;
	struct kw_policy *pol;
	size_t i = cb->args[0];
	void *hdr;

	rcu_read_lock();
	pol = rcu_dereference(kw_policy);
	for (; pol && kw_matcher_entry(pol->matcher, i, &e); i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &kw_family, NLM_F_MULTI,
				  KWARDEN_CMD_GET_RULES);
		if (!hdr)
			break;
		if (nla_put_u8(skb, KWARDEN_A_RULE, e.rule) ||
		    nla_put_string(skb, KWARDEN_A_PATTERN, e.pattern) ||
		    nla_put_u32(skb, KWARDEN_A_PATTERN_FLAGS, e.flags)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}

/*
 * Appends names to one rule. Until the policy interface lands this is how
 * tests and benchmarks load extra names; every name is checked here again
 * whatever the CLI did.
 */
static int kw_cmd_add_names(struct sk_buff *skb, struct genl_info *info)
{
	struct kw_name_entry *e;
	struct nlattr *nla;
	size_t n = 0, max;
	int rem, ret;

	if (GENL_REQ_ATTR_CHECK(info, KWARDEN_A_RULE) ||
	    GENL_REQ_ATTR_CHECK(info, KWARDEN_A_NAME_LIST))
		return -EINVAL;

	max = nla_len(info->attrs[KWARDEN_A_NAME_LIST]) / NLA_HDRLEN;
	if (max > KWARDEN_PATTERNS_MAX) {
		NL_SET_ERR_MSG(info->extack, "too many names");
		return -E2BIG;
	}
	e = kvcalloc(max ?: 1, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;

	nla_for_each_nested(nla, info->attrs[KWARDEN_A_NAME_LIST], rem) {
		int len = nla_len(nla);

		if (nla_type(nla) != KWARDEN_A_PATTERN || len < 2 ||
		    len > KWARDEN_PATTERN_MAX + 1 ||
		    ((char *)nla_data(nla))[len - 1] != '\0' ||
		    strnlen(nla_data(nla), len) != len - 1) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "name must be a string of 1 to 255 bytes");
			ret = -EINVAL;
			goto out;
		}
		e[n].pattern = nla_data(nla);
		e[n].rule = nla_get_u8(info->attrs[KWARDEN_A_RULE]);
		e[n].flags = 0;
		n++;
	}
	ret = kw_policy_add_names(e, n);
	if (ret == -EINVAL)
		NL_SET_ERR_MSG(info->extack, "invalid name pattern");
	else if (ret == -E2BIG)
		NL_SET_ERR_MSG(info->extack, "too many names in the policy");
out:
	kvfree(e);
	return ret;
}

static int kw_cmd_reset_names(struct sk_buff *skb, struct genl_info *info)
{
	return kw_policy_reset();
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
		.cmd = KWARDEN_CMD_GET_RULES,
		.dumpit = kw_cmd_get_rules_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = KWARDEN_CMD_ADD_NAMES,
		.doit = kw_cmd_add_names,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = KWARDEN_CMD_RESET_NAMES,
		.doit = kw_cmd_reset_names,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = KWARDEN_CMD_SET_MODE,
		.doit = kw_cmd_set_mode,
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
