/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's counters, per CPU so the exec path never bounces a shared
 * cache line; read summed over CPUs.
 */
#ifndef _KW_STATS_H
#define _KW_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>
#include "kwarden_schema.h"

/* One per KWARDEN_STATS() entry, in its order. */
enum kw_stat {
#define X(name, key) KW_STAT_##name,
	KWARDEN_STATS(X)
#undef X
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

/*
 * Every finding is alerted once and has one outcome: dropped here, for
 * @why (a KW_STAT_DROP_*), or written into an event, whose batch counts
 * SENT or a drop when it goes out.
 */
static inline void kw_stat_alert_dropped(enum kw_stat why)
{
	kw_stat_inc(KW_STAT_ALERTED);
	kw_stat_inc(why);
}

static inline void kw_stat_alert_written(void)
{
	kw_stat_inc(KW_STAT_ALERTED);
}

#endif /* _KW_STATS_H */
