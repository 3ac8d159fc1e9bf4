/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's counters, per CPU so the exec path never bounces a shared
 * cache line; read summed over CPUs.
 */
#ifndef _KW_STATS_H
#define _KW_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

enum kw_stat {
	KW_STAT_EXECS,
	KW_STAT_MATCHED,
	KW_STAT_ALERTED,
	KW_STAT_BLOCKED,
	KW_STAT_SENT,
	KW_STAT_DROP_NOLISTENER,
	KW_STAT_DROP_SOCKFULL,
	KW_STAT_DROP_NOMEM,
	KW_STAT_EXCEPTED,
	KW_STAT_NR,
};

struct kw_stats {
	u64 v[KW_STAT_NR];
};

DECLARE_PER_CPU(struct kw_stats, kw_stats);

static inline void kw_stat_inc(enum kw_stat s)
{
	this_cpu_inc(kw_stats.v[s]);
}

static inline void kw_stat_add(enum kw_stat s, unsigned int n)
{
	this_cpu_add(kw_stats.v[s], n);
}

u64 kw_stat_read(enum kw_stat s);

#endif /* _KW_STATS_H */
