/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few definitions the plain-C parts of kwarden (name matching, cgroup
 * parsing, default rules) need, so the same source files build into the
 * module and into the host unit tests.
 */
#ifndef _KW_LIB_PLAT_H
#define _KW_LIB_PLAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/errno.h>

#define kw_zalloc(n)	kvzalloc((n), GFP_KERNEL)
#define kw_free(p)	kvfree(p)
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <linux/types.h>

typedef __s8 s8;
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define kw_zalloc(n)	calloc(1, (n))
#define kw_free(p)	free(p)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define U32_MAX		UINT32_MAX
#endif

#endif /* _KW_LIB_PLAT_H */
