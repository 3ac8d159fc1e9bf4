/* SPDX-License-Identifier: GPL-2.0 */
/* The built-in detection rules: the one table of default names. */
#ifndef _KW_RULES_H
#define _KW_RULES_H

#include "kw_match.h"

struct kw_rule_info {
	const char *name;	/* "compiler", "container_mgmt" */
	const char *technique;	/* MITRE ATT&CK id */
	u8 severity;		/* enum kwarden_severity */
};

extern const struct kw_name_entry kw_default_names[];
extern const size_t kw_default_names_count;

/* Metadata for enum kwarden_rule; NULL for an unknown rule. */
const struct kw_rule_info *kw_rule_info(unsigned int rule);

/* True when argv[1] of a `go` exec is a verb that compiles. */
bool kw_go_verb_compiles(const char *arg1, size_t len);

#endif /* _KW_RULES_H */
