/* SPDX-License-Identifier: GPL-2.0 */
/* detect or enforce (enum kwarden_mode): the module parameter "mode". */
#ifndef _KW_MODE_H
#define _KW_MODE_H

#include "kwarden.h"

enum kwarden_mode kw_mode_get(void);
void kw_mode_set(enum kwarden_mode mode);

static inline bool kw_enforcing(void)
{
	return kw_mode_get() == KWARDEN_MODE_ENFORCE;
}

#endif /* _KW_MODE_H */
