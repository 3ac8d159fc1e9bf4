// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "kwarden": findings go out on the "events"
 * multicast group, which only CAP_SYS_ADMIN may join (events carry argv).
 * The family is not parallel_ops: genetlink's mutex orders its commands.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include "genl.h"
#include "kwarden.h"

enum { KW_MCGRP_EVENTS };

static const struct genl_multicast_group kw_mcgrps[] = {
	[KW_MCGRP_EVENTS] = { .name = KWARDEN_MCGRP_EVENTS,
			      .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

/* Its commands are filled in by kw_genl_init(), before it is registered. */
static struct genl_family kw_family __ro_after_init = {
	.name = KWARDEN_GENL_NAME,
	.version = KWARDEN_GENL_VERSION,
	.maxattr = KWARDEN_A_MAX,
	.netnsok = false,
	.module = THIS_MODULE,
	.resv_start_op = KWARDEN_CMD_MAX + 1,
	.mcgrps = kw_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kw_mcgrps),
};

bool kw_genl_has_listeners(void)
{
	return genl_has_listeners(&kw_family, &init_net, KW_MCGRP_EVENTS);
}

void *kw_genl_event_hdr(struct sk_buff *skb)
{
	return genlmsg_put(skb, 0, 0, &kw_family, 0, KWARDEN_CMD_EVENT);
}

void *kw_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &kw_family, flags, cmd);
}

int kw_genl_multicast(struct sk_buff *skb)
{
	return genlmsg_multicast(&kw_family, skb, 0, KW_MCGRP_EVENTS,
				 GFP_KERNEL);
}

int kw_genl_init(const struct kw_genl_cmds *cmds)
{
	kw_family.policy = cmds->policy;
	kw_family.small_ops = cmds->small_ops;
	kw_family.n_small_ops = cmds->n_small_ops;
	kw_family.ops = cmds->ops;
	kw_family.n_ops = cmds->n_ops;
	return genl_register_family(&kw_family);
}

void kw_genl_exit(void)
{
	genl_unregister_family(&kw_family);
}
