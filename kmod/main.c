// SPDX-License-Identifier: GPL-2.0
/*
 * kwarden: detects compilers (MITRE T1027.004) and container-management
 * tools (T1609) executed inside containers, from the kernel.
 *
 * The module, top-down: the exec hook (hook.c) decides with the context
 * of current (context.c) and the published policy (active.c); a finding
 * (finding.c) carries what it learned to task work, which writes the event
 * (batch.c) into batches sent on the family's events group (genl.c). The
 * family's commands (commands.c) read and set the policy, the mode
 * (mode.c) and the counters (stats.c).
 */

#include <linux/module.h>
#include "commands.h"
#include "context.h"
#include "batch.h"
#include "finding.h"
#include "hook.h"
#include "active.h"
#include "workloads.h"

static int __init kw_init(void)
{
	int ret;

	if (!kw_context_init())
		pr_warn("mount namespace layout not recognised: mntns not reported\n");

	ret = kw_active_init();
	if (ret)
		return ret;
	ret = kw_commands_init();
	if (ret)
		goto err_policy;
	ret = kw_hook_init();
	if (ret)
		goto err_commands;
	pr_info("loaded, version %s\n", KWARDEN_VERSION);
	return 0;

err_commands:
	kw_commands_exit();
err_policy:
	kw_active_exit();
	return ret;
}

static void __exit kw_exit(void)
{
	/* The hook first: nothing new is queued once it is gone. */
	kw_hook_exit();
	kw_finding_exit();
	kw_events_exit();
	kw_commands_exit();
	kw_workloads_exit();
	kw_active_exit();
	pr_info("unloaded\n");
}

module_init(kw_init);
module_exit(kw_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kwarden developers");
MODULE_DESCRIPTION("Detects compilers and container-management tools run in containers");
MODULE_VERSION(KWARDEN_VERSION);
