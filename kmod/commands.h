/* SPDX-License-Identifier: GPL-2.0 */
/* The "kwarden" family's commands, registered with the family at load. */
#ifndef _KW_COMMANDS_H
#define _KW_COMMANDS_H

/* Registers the family with its commands: from here on requests arrive. */
int kw_commands_init(void);
void kw_commands_exit(void);

#endif /* _KW_COMMANDS_H */
