// SPDX-License-Identifier: GPL-2.0
/* The counters: written per CPU, summed when read. */
#include <linux/percpu.h>
#include "stats.h"

DEFINE_PER_CPU(struct kw_stats, kw_stats);

u64 kw_stat_read(enum kw_stat s)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(kw_stats, cpu).v[s];
	return sum;
}
