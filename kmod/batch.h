/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events: what a finding says, written as "event" messages into batches
 * that go out on the events group.
 */
#ifndef _KW_BATCH_H
#define _KW_BATCH_H

#include <linux/types.h>
#include <net/netlink.h>
#include "kwarden.h"
#include "kwarden_schema.h"

struct kw_fstr {
	const char *s;
	u32 len;		/* without the NUL */
};

/*
 * An event's contents, one member per field of include/kwarden_schema.h.
 * The strings are NUL-terminated with their lengths, which the hook knows
 * anyway: the event is sized and written without measuring them again.
 * argv is not here: task work reads it straight into the event.
 */
#define KW_EV_U8(m)	u8 m;
#define KW_EV_U32(m)	u32 m;
#define KW_EV_U64(m)	u64 m;
#define KW_EV_OU64(m)	u64 m;
#define KW_EV_STR(m)	struct kw_fstr m;
#define KW_EV_OSTR(m)	struct kw_fstr m;
#define KW_EV_FLAG(m)	bool m;
#define KW_EV_ARGV(m)
#define KW_EV_NONE(m)
struct kw_event_data {
#define X(attr, wire, member, key, view) KW_EV_##wire(member)
	KWARDEN_EVENT(X)
#undef X
};

/*
 * Events are written under kw_events_lock(). kw_event_begin() writes the
 * event for @d into the pending batch, argv last: *argv points at
 * @argv_max bytes reserved for it. Then either kw_event_abort() takes it
 * back, or kw_event_commit() numbers it and trims argv to what was read.
 * NULL: no memory.
 */
void kw_events_lock(void);
void kw_events_unlock(void);
struct nlmsghdr *kw_event_begin(const struct kw_event_data *d,
				size_t argv_max, char **argv);
void kw_event_abort(struct nlmsghdr *nlh);
void kw_event_set_action(struct nlmsghdr *nlh, u8 action);
void kw_event_commit(struct nlmsghdr *nlh, size_t argv_max, size_t argv_len);
/* Sends what is pending; returns the number of the last event sent. */
u64 kw_events_flush(void);
/* After the hook is gone and every finding's task work has run. */
void kw_events_exit(void);

#endif /* _KW_BATCH_H */
