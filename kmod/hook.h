/* SPDX-License-Identifier: GPL-2.0 */
/* The exec hook: an ftrace direct call at security_bprm_check()'s entry. */
#ifndef _KW_HOOK_H
#define _KW_HOOK_H

#include <linux/binfmts.h>

int kw_hook_init(void);
/* Returns once no exec is in the hook or on its way out of it. */
void kw_hook_exit(void);

/* Reached from the hook's trampoline only (asm linkage). */
void kw_exec_tramp(void);
int kw_exec_check(struct linux_binprm *bprm);
int kw_deny_exec(struct linux_binprm *bprm);

#endif /* _KW_HOOK_H */
