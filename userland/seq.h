/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KWARDEN_SEQ_H
#define KWARDEN_SEQ_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Gap accounting over the kernel's event sequence numbers. CPUs multicast
 * concurrently, so events may arrive slightly out of order: a number only
 * counts as lost once KW_SEQ_WINDOW later ones have arrived, or when the
 * relay settles the books (idle, or stopping).
 */
#define KW_SEQ_WINDOW 4096
struct kw_seq {
	bool started;
	uint64_t base;		/* every seq below is received or counted */
	uint64_t last;		/* highest seq received */
	uint64_t lost;
	uint64_t seen[KW_SEQ_WINDOW / 64];	/* bit seq % KW_SEQ_WINDOW */
};
/* Records @seq; returns how many events are now known lost. */
uint64_t kw_seq_update(struct kw_seq *s, uint64_t seq);
/* Counts every seq up to @upto not received as lost; returns how many. */
uint64_t kw_seq_settle(struct kw_seq *s, uint64_t upto);

#endif
