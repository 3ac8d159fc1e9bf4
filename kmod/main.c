// SPDX-License-Identifier: GPL-2.0
/*
 * kwarden: detects compilers (MITRE T1027.004) and container-management
 * tools (T1609) executed inside containers, from the kernel.
 */

#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/capability.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#include "kwarden_mod.h"

DEFINE_PER_CPU(struct kw_stats, kw_stats);

int kw_mode = KWARDEN_MODE_DETECT;

static int kw_mode_set(const char *val, const struct kernel_param *kp)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (sysfs_streq(val, "detect"))
		WRITE_ONCE(kw_mode, KWARDEN_MODE_DETECT);
	else if (sysfs_streq(val, "enforce"))
		WRITE_ONCE(kw_mode, KWARDEN_MODE_ENFORCE);
	else
		return -EINVAL;
	return 0;
}

static int kw_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", READ_ONCE(kw_mode) ==
			  KWARDEN_MODE_ENFORCE ? "enforce" : "detect");
}

static const struct kernel_param_ops kw_mode_ops = {
	.set = kw_mode_set,
	.get = kw_mode_get,
};

module_param_cb(mode, &kw_mode_ops, NULL, 0644);
MODULE_PARM_DESC(mode, "detect (default): report findings; enforce: also fail their exec with EPERM");

u64 kw_stat_read(enum kw_stat s)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(kw_stats, cpu).v[s];
	return sum;
}

static int __init kw_init(void)
{
	int ret;

	if (!kw_compat_check())
		pr_warn("mount namespace layout not recognised: mntns not reported\n");

	ret = kw_policy_init();
	if (ret)
		return ret;
	ret = kw_genl_init();
	if (ret)
		goto err_policy;
	ret = kw_hook_init();
	if (ret)
		goto err_genl;
	pr_info("loaded, version %s\n", KWARDEN_VERSION);
	return 0;

err_genl:
	kw_genl_exit();
err_policy:
	kw_policy_exit();
	return ret;
}

static void __exit kw_exit(void)
{
	/* The hook first: nothing new is queued once it is gone. */
	kw_hook_exit();
	kw_events_exit();
	kw_genl_exit();
	kw_policy_exit();
	pr_info("unloaded\n");
}

module_init(kw_init);
module_exit(kw_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kwarden developers");
MODULE_DESCRIPTION("Detects compilers and container-management tools run in containers");
MODULE_VERSION(KWARDEN_VERSION);
