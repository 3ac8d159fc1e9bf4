/* SPDX-License-Identifier: GPL-2.0 */
/* Interfaces between the parts of the kwarden CLI. */
#ifndef KWARDEN_CLI_H
#define KWARDEN_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netlink/netlink.h>
#include "kwarden.h"
#include "kwarden_schema.h"
#include "lib/cgroup.h"
#include "lib/ruleset.h"

/* Exit codes, documented in --help and kwarden(8). */
enum {
	KW_EXIT_OK = 0,
	KW_EXIT_ERROR = 1,
	KW_EXIT_USAGE = 2,
	KW_EXIT_NOMODULE = 3,
};

/*
 * One finding as the kernel sent it, a member per field of
 * include/kwarden_schema.h; strings point into the message.
 */
#define KW_EV_U8(m)	uint8_t m;
#define KW_EV_U32(m)	uint32_t m;
#define KW_EV_U64(m)	uint64_t m;
#define KW_EV_STR(m)	const char *m;
#define KW_EV_OSTR(m)	const char *m;
#define KW_EV_FLAG(m)	bool m;
#define KW_EV_ARGV(m)	const char *m; size_t m##_len;	/* NUL-separated */
#define KW_EV_NONE(m)
struct kw_event {
#define X(attr, wire, member, key, view) KW_EV_##wire(member)
	KWARDEN_EVENT(X)
#undef X
};

/* event.c */
/* @nlh: a whole message, nlmsg_ok() checked by the caller. */
int kw_event_parse(struct nlmsghdr *nlh, struct kw_event *ev);
const char *kw_match_on_name(unsigned int on);

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

/*
 * render.c: lines without a newline, or NULL. kw_render_json() is the
 * relay's hot path: its line lives in a buffer the next call reuses, its
 * length in *@len (if not NULL). The others return a malloc'ed line.
 */
const char *kw_render_json(const struct kw_event *ev, const char *host,
			   size_t *len);
char *kw_render_text(const struct kw_event *ev);
char *kw_render_syslog(const struct kw_event *ev);
char *kw_render_lost_json(uint64_t lost, const char *why);
/* Copy of @s (len bytes) with invalid UTF-8 replaced by U+FFFD. */
char *kw_utf8_sanitize(const char *s, size_t len);

/* nl.c */
struct kw_nl {
	struct nl_sock *sk;
	int family;
};
/* 0, or KW_EXIT_NOMODULE / KW_EXIT_ERROR after printing why. */
int kw_nl_open(struct kw_nl *nl);
int kw_nl_open_quiet(struct kw_nl *nl);
void kw_nl_close(struct kw_nl *nl);
/* Sends a request and runs @cb on each reply; prints kernel extack. */
int kw_nl_request(struct kw_nl *nl, struct nl_msg *msg,
		  int (*cb)(struct nl_msg *, void *), void *arg);
struct nl_msg *kw_nl_msg(struct kw_nl *nl, uint8_t cmd, int flags);

/* status.c: the kernel's last event sequence number. */
int kw_last_seq(uint64_t *seq);
/*
 * One request to the module: sends @cmd with an optional u8 attribute,
 * runs @cb on each reply. Returns an exit code, having said what failed.
 */
int kw_oneshot(const char *what, uint8_t cmd, int flags, int attr,
	       uint8_t val, int (*cb)(struct nl_msg *, void *), void *arg,
	       bool quiet);

/* subcommands */
int kw_cmd_watch(int argc, char **argv);
int kw_cmd_status(int argc, char **argv);
int kw_cmd_policy(int argc, char **argv);
int kw_cmd_mode(int argc, char **argv);

#endif
