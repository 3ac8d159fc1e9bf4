// SPDX-License-Identifier: GPL-2.0
/*
 * The mode, set by the module parameter or the SET_MODE command and read
 * once per finding. A plain word: a finding sees the old mode or the new.
 */
#include <linux/capability.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#include "mode.h"

static int kw_mode = KWARDEN_MODE_DETECT;

enum kwarden_mode kw_mode_get(void)
{
	return READ_ONCE(kw_mode);
}

void kw_mode_set(enum kwarden_mode mode)
{
	WRITE_ONCE(kw_mode, mode);
}

static int kw_mode_param_set(const char *val, const struct kernel_param *kp)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (sysfs_streq(val, "detect"))
		kw_mode_set(KWARDEN_MODE_DETECT);
	else if (sysfs_streq(val, "enforce"))
		kw_mode_set(KWARDEN_MODE_ENFORCE);
	else
		return -EINVAL;
	return 0;
}

static int kw_mode_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", kw_enforcing() ? "enforce" : "detect");
}

static const struct kernel_param_ops kw_mode_ops = {
	.set = kw_mode_param_set,
	.get = kw_mode_param_get,
};

module_param_cb(mode, &kw_mode_ops, NULL, 0644);
MODULE_PARM_DESC(mode, "detect (default): report findings; enforce: also fail their exec with EPERM");
