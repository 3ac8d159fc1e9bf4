/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "kwarden" at the module's edge: its events
 * group and sends to it. The commands come from above (commands.c) and
 * are registered with the family.
 */
#ifndef _KW_GENL_H
#define _KW_GENL_H

#include <net/genetlink.h>

/* What the family serves: request validation and the command handlers. */
struct kw_genl_cmds {
	const struct nla_policy *policy;
	const struct genl_small_ops *small_ops;
	unsigned int n_small_ops;
	const struct genl_ops *ops;
	unsigned int n_ops;
};

int kw_genl_init(const struct kw_genl_cmds *cmds);
void kw_genl_exit(void);
bool kw_genl_has_listeners(void);
/* An event message's header in @skb, or NULL when it has no room. */
void *kw_genl_event_hdr(struct sk_buff *skb);
/* A reply's or a dump message's header (genlmsg_put() for this family). */
void *kw_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd);
/* Sends @skb (consumed) to the events group. */
int kw_genl_multicast(struct sk_buff *skb);

#endif /* _KW_GENL_H */
