/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy codec: one policy item as netlink attributes, in the wire
 * form include/kwarden.h describes, both ways. The kernel's and libnl's
 * attribute helpers share names and shapes, so the module (loading a
 * policy, dumping it) and the CLI (loading, showing) encode and decode
 * items with these functions and one set of defaults: define KW_NLMSG as
 * struct sk_buff (kernel) or struct nl_msg (libnl) before including it.
 */
#ifndef _KW_LIB_CODEC_H
#define _KW_LIB_CODEC_H

#include "ruleset.h"

/* Returns 0, or non-zero when the message is full (nothing half-written). */
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
	      nla_put_u8(msg, KWARDEN_A_RULE_ACTION, it->rule->action) ||
	      (it->rule->detect &&
	       nla_put_u8(msg, KWARDEN_A_RULE_DETECT, it->rule->detect)))) ||
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

/* The items that are nests: their attributes are parsed for kw_get_item(). */
static inline bool kw_item_is_nest(int type)
{
	return type == KWARDEN_A_P_RULE || type == KWARDEN_A_P_SET ||
	       type == KWARDEN_A_P_EXCEPTION || type == KWARDEN_A_P_EXC_VALUE;
}

/* A string attribute's value if it is one (NUL-terminated), or NULL. */
static inline const char *kw_nla_strz(const struct nlattr *nla)
{
	const char *s;
	int len;

	if (!nla)
		return NULL;
	s = (const char *)nla_data(nla);
	len = nla_len(nla);
	return len > 0 && !s[len - 1] ? s : NULL;
}

static inline const char *kw_nla_str_or(struct nlattr **tb, int type,
					const char *def)
{
	return tb[type] ? kw_nla_strz(tb[type]) : def;
}

static inline u8 kw_nla_u8_or(struct nlattr **tb, int type, u8 def)
{
	return tb[type] && nla_len(tb[type]) >= 1 ?
	       *(const u8 *)nla_data(tb[type]) : def;
}

/*
 * One policy item from its attribute @nla and, for a nest, the attributes
 * @tb parsed from it, with the wire's defaults for what is absent. Strings
 * point into the message; a string that is not one reads as NULL, which
 * the builder refuses. Returns 0, or -EINVAL for an attribute that is not
 * a policy item.
 */
static inline int kw_get_item(const struct nlattr *nla, struct nlattr **tb,
			      struct kw_raw_item *r)
{
	memset(r, 0, sizeof(*r));
	switch (nla_type(nla)) {
	case KWARDEN_A_P_RULE:
		r->kind = KW_ITEM_RULE;
		r->a = kw_nla_str_or(tb, KWARDEN_A_RULE_NAME, "");
		r->b = kw_nla_str_or(tb, KWARDEN_A_TECHNIQUE, "");
		r->x = kw_nla_u8_or(tb, KWARDEN_A_SEVERITY, KWARDEN_SEV_MEDIUM);
		r->y = kw_nla_u8_or(tb, KWARDEN_A_RULE_ACTION,
				    KWARDEN_RULE_ALERT);
		r->z = kw_nla_u8_or(tb, KWARDEN_A_RULE_DETECT,
				    KWARDEN_DETECT_NAMES);
		return 0;
	case KWARDEN_A_P_SET:
		r->kind = KW_ITEM_SET;
		r->a = kw_nla_str_or(tb, KWARDEN_A_RULE_NAME, NULL);
		r->b = kw_nla_str_or(tb, KWARDEN_A_PATH, NULL);
		r->x = kw_nla_u8_or(tb, KWARDEN_A_ARGS_ON, KWARDEN_ARGS_NONE);
		return 0;
	case KWARDEN_A_P_ARG:
		r->kind = KW_ITEM_ARG;
		r->a = kw_nla_strz(nla);
		return 0;
	case KWARDEN_A_PATTERN:
		r->kind = KW_ITEM_NAME;
		r->a = kw_nla_strz(nla);
		return 0;
	case KWARDEN_A_P_EXCEPTION:
		r->kind = KW_ITEM_EXC;
		r->a = kw_nla_str_or(tb, KWARDEN_A_EXC_NAME, "");
		return 0;
	case KWARDEN_A_P_EXC_RULE:
		r->kind = KW_ITEM_EXC_RULE;
		r->a = kw_nla_strz(nla);
		return 0;
	case KWARDEN_A_P_EXC_VALUE:
		r->kind = KW_ITEM_EXC_VALUE;
		/* no field or no string: the builder refuses a NULL string */
		if (tb[KWARDEN_A_EXC_FIELD])
			r->a = kw_nla_str_or(tb, KWARDEN_A_EXC_STRING, NULL);
		r->x = kw_nla_u8_or(tb, KWARDEN_A_EXC_FIELD, 0);
		return 0;
	}
	return -EINVAL;
}

#endif /* _KW_LIB_CODEC_H */
