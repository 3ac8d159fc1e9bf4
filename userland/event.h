/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finding as the kernel sent it, and the parser that makes one out of
 * an event message. Strings point into the message.
 */
#ifndef KWARDEN_EVENT_H
#define KWARDEN_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include "kwarden.h"
#include "kwarden_schema.h"

/*
 * One finding as the kernel sent it, a member per field of
 * include/kwarden_schema.h; strings point into the message.
 */
#define KW_EV_U8(m)	uint8_t m;
#define KW_EV_U32(m)	uint32_t m;
#define KW_EV_U64(m)	uint64_t m;
#define KW_EV_OU64(m)	uint64_t m;
#define KW_EV_STR(m)	const char *m;
#define KW_EV_OSTR(m)	const char *m;
#define KW_EV_FLAG(m)	bool m;
#define KW_EV_ARGV(m)	const char *m; size_t m##_len;	/* NUL-separated */
/* what the relay adds, NULL or a string it owns */
#define KW_EV_NONE(m)	const char *m;
struct kw_event {
#define X(attr, wire, member, key, view) KW_EV_##wire(member)
	KWARDEN_EVENT(X)
#undef X
};

/* @nlh: a whole message, nlmsg_ok() checked by the caller. */
int kw_event_parse(struct nlmsghdr *nlh, struct kw_event *ev);
const char *kw_match_on_name(unsigned int on);

#endif
