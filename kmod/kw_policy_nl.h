/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One policy item (kw_pol_item()) as netlink attributes, in the wire form
 * include/kwarden.h describes. The kernel's and libnl's attribute helpers
 * share names and shapes, so the module's policy dump and the CLI's policy
 * load write items with this one function: define KW_NLMSG as struct
 * sk_buff (kernel) or struct nl_msg (libnl) before including it.
 * Returns 0, or non-zero when the message is full (nothing half-written).
 */
#ifndef _KW_POLICY_NL_H
#define _KW_POLICY_NL_H

#include "kw_policy.h"

static inline int kw_put_item(KW_NLMSG *msg, const struct kw_item *it)
{
	struct nlattr *nest;
	int type;

	switch (it->kind) {
	case KW_ITEM_ARG:
		return nla_put_string(msg, KWARDEN_A_P_ARG, it->s);
	case KW_ITEM_NAME:
		return nla_put_string(msg, KWARDEN_A_PATTERN, it->s);
	case KW_ITEM_EXC_RULE:
		return nla_put_string(msg, KWARDEN_A_P_EXC_RULE, it->rule->name);
	case KW_ITEM_RULE:
		type = KWARDEN_A_P_RULE;
		break;
	case KW_ITEM_SET:
		type = KWARDEN_A_P_SET;
		break;
	case KW_ITEM_EXC:
		type = KWARDEN_A_P_EXCEPTION;
		break;
	case KW_ITEM_EXC_VALUE:
		type = KWARDEN_A_P_EXC_VALUE;
		break;
	default:
		return -EINVAL;
	}
	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	if ((it->kind == KW_ITEM_RULE &&
	     (nla_put_string(msg, KWARDEN_A_RULE_NAME, it->rule->name) ||
	      nla_put_string(msg, KWARDEN_A_TECHNIQUE, it->rule->technique) ||
	      nla_put_u8(msg, KWARDEN_A_SEVERITY, it->rule->severity) ||
	      nla_put_u8(msg, KWARDEN_A_RULE_ACTION, it->rule->action))) ||
	    (it->kind == KW_ITEM_SET &&
	     (nla_put_string(msg, KWARDEN_A_RULE_NAME, it->rule->name) ||
	      nla_put_u8(msg, KWARDEN_A_ARGS_ON, it->set->args_on) ||
	      (it->set->path &&
	       nla_put_string(msg, KWARDEN_A_PATH, it->set->path)))) ||
	    (it->kind == KW_ITEM_EXC &&
	     nla_put_string(msg, KWARDEN_A_EXC_NAME, it->exc->name)) ||
	    (it->kind == KW_ITEM_EXC_VALUE &&
	     (nla_put_u8(msg, KWARDEN_A_EXC_FIELD, it->value->field) ||
	      nla_put_string(msg, KWARDEN_A_EXC_STRING, it->value->s)))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

#endif /* _KW_POLICY_NL_H */
