/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The built-in policy, the one kwarden.ko starts with; dist/policy.conf
 * spells it as a file.
 */
#ifndef _KW_LIB_RULES_H
#define _KW_LIB_RULES_H

#include "ruleset.h"

struct kw_ruleset *kw_ruleset_builtin(int *err, const char **msg);

#endif /* _KW_LIB_RULES_H */
