// SPDX-License-Identifier: GPL-2.0
/* Counting lost events from the gaps in their sequence numbers (seq.h). */
#include <string.h>
#include "seq.h"

static bool seen(const struct kw_seq *s, uint64_t seq)
{
	uint64_t i = seq % KW_SEQ_WINDOW;

	return s->seen[i / 64] & (1ULL << (i % 64));
}

static void mark(struct kw_seq *s, uint64_t seq, bool on)
{
	uint64_t i = seq % KW_SEQ_WINDOW;

	if (on)
		s->seen[i / 64] |= 1ULL << (i % 64);
	else
		s->seen[i / 64] &= ~(1ULL << (i % 64));
}

/* Moves the base past what has arrived, without counting anything. */
static void advance(struct kw_seq *s)
{
	while (s->base <= s->last && seen(s, s->base))
		mark(s, s->base++, false);
}

uint64_t kw_seq_settle(struct kw_seq *s, uint64_t upto)
{
	uint64_t gap = 0, end;

	if (!s->started)
		return 0;
	end = s->base + KW_SEQ_WINDOW;
	while (s->base <= upto && s->base < end) {
		if (!seen(s, s->base))
			gap++;
		mark(s, s->base++, false);
	}
	if (s->base <= upto) {
		gap += upto - s->base + 1;
		s->base = upto + 1;
	}
	advance(s);
	s->lost += gap;
	return gap;
}

uint64_t kw_seq_update(struct kw_seq *s, uint64_t seq)
{
	uint64_t gap = 0;

	if (!s->started) {
		memset(s, 0, sizeof(*s));
		s->started = true;
		s->base = seq;
		s->last = seq;
	}
	/* Already counted lost: it came later than any reordering window. */
	if (seq < s->base)
		return 0;
	if (seq >= s->base + KW_SEQ_WINDOW)
		gap = kw_seq_settle(s, seq - KW_SEQ_WINDOW);
	mark(s, seq, true);
	if (seq > s->last)
		s->last = seq;
	advance(s);
	return gap;
}
