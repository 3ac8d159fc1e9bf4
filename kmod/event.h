/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events: what a finding says, written as "event" messages into batches
 * that go out on the events group.
 */
#ifndef _KW_EVENT_H
#define _KW_EVENT_H

#include <linux/types.h>
#include <net/netlink.h>
#include "kw_cgroup.h"
#include "kw_policy.h"

struct kw_fstr {
	const char *s;
	u32 len;		/* without the NUL */
};

/*
 * An event's contents. The strings are NUL-terminated with their lengths,
 * which the hook knows anyway: the event is sized and written without
 * measuring them again.
 */
struct kw_event_data {
	u64 ts;
	const struct kw_rule *rule;
	u8 action;
	u8 match_on;
	u32 pid, tid, ppid, uid, gid, euid;
	u32 pidns, mntns, utsns, cgroupns, pidns_level;
	struct kw_container_info ci;
	struct kw_fstr filename, exe, interp, cgroup, match_name, pattern;
	struct kw_fstr cwd, parent_exe, comm, parent_comm, hostname;
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
				size_t argv_max, bool argv_truncated,
				char **argv);
void kw_event_abort(struct nlmsghdr *nlh);
void kw_event_set_action(struct nlmsghdr *nlh, u8 action);
void kw_event_commit(struct nlmsghdr *nlh, size_t argv_max, size_t argv_len);
/* Sends what is pending; returns the number of the last event sent. */
u64 kw_events_flush(void);
/* After the hook is gone and every finding's task work has run. */
void kw_events_exit(void);

#endif /* _KW_EVENT_H */
