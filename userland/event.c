// SPDX-License-Identifier: GPL-2.0
/* Parsing a kernel event into struct kw_event, and the names of enums. */
#include <string.h>
#include <netlink/genl/genl.h>
#include "cli.h"

/* libnl checks the terminating NUL of NLA_STRING (not NLA_NUL_STRING). */
static struct nla_policy kw_event_policy[KWARDEN_A_MAX + 1] = {
	[KWARDEN_A_SEQ] = { .type = NLA_U64 },
	[KWARDEN_A_TIMESTAMP] = { .type = NLA_U64 },
	[KWARDEN_A_RULE_NAME] = { .type = NLA_STRING },
	[KWARDEN_A_TECHNIQUE] = { .type = NLA_STRING },
	[KWARDEN_A_ACTION] = { .type = NLA_U8 },
	[KWARDEN_A_SEVERITY] = { .type = NLA_U8 },
	[KWARDEN_A_RUNTIME] = { .type = NLA_U8 },
	[KWARDEN_A_MATCH_ON] = { .type = NLA_U8 },
	[KWARDEN_A_PID] = { .type = NLA_U32 },
	[KWARDEN_A_TID] = { .type = NLA_U32 },
	[KWARDEN_A_PPID] = { .type = NLA_U32 },
	[KWARDEN_A_UID] = { .type = NLA_U32 },
	[KWARDEN_A_GID] = { .type = NLA_U32 },
	[KWARDEN_A_EUID] = { .type = NLA_U32 },
	[KWARDEN_A_PARENT_PID] = { .type = NLA_U32 },
	[KWARDEN_A_PIDNS] = { .type = NLA_U32 },
	[KWARDEN_A_MNTNS] = { .type = NLA_U32 },
	[KWARDEN_A_UTSNS] = { .type = NLA_U32 },
	[KWARDEN_A_CGROUPNS] = { .type = NLA_U32 },
	[KWARDEN_A_PIDNS_LEVEL] = { .type = NLA_U32 },
	[KWARDEN_A_COMM] = { .type = NLA_STRING },
	[KWARDEN_A_FILENAME] = { .type = NLA_STRING },
	[KWARDEN_A_EXE] = { .type = NLA_STRING },
	[KWARDEN_A_INTERP] = { .type = NLA_STRING },
	[KWARDEN_A_CWD] = { .type = NLA_STRING },
	[KWARDEN_A_PARENT_COMM] = { .type = NLA_STRING },
	[KWARDEN_A_PARENT_EXE] = { .type = NLA_STRING },
	[KWARDEN_A_CGROUP] = { .type = NLA_STRING },
	[KWARDEN_A_CONTAINER_ID] = { .type = NLA_STRING },
	[KWARDEN_A_POD_UID] = { .type = NLA_STRING },
	[KWARDEN_A_HOSTNAME] = { .type = NLA_STRING },
	[KWARDEN_A_MATCH_NAME] = { .type = NLA_STRING },
	[KWARDEN_A_MATCH_PATTERN] = { .type = NLA_STRING },
	[KWARDEN_A_ARGV] = { .type = NLA_UNSPEC },
	[KWARDEN_A_ARGV_TRUNCATED] = { .type = NLA_FLAG },
};

static const char *str(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_string(tb[a]) : "";
}

static uint32_t u32a(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static uint8_t u8a(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u8(tb[a]) : 0;
}

int kw_event_parse(struct nlmsghdr *nlh, struct kw_event *ev)
{
	struct nlattr *tb[KWARDEN_A_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlh);
	int err;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -NLE_MSG_TOOSHORT;
	if (gh->cmd != KWARDEN_CMD_EVENT)
		return -NLE_MSGTYPE_NOSUPPORT;
	err = genlmsg_parse(nlh, 0, tb, KWARDEN_A_MAX, kw_event_policy);
	if (err < 0)
		return err;
	memset(ev, 0, sizeof(*ev));
	ev->seq = tb[KWARDEN_A_SEQ] ? nla_get_u64(tb[KWARDEN_A_SEQ]) : 0;
	ev->ts = tb[KWARDEN_A_TIMESTAMP] ?
		 nla_get_u64(tb[KWARDEN_A_TIMESTAMP]) : 0;
	ev->rule = tb[KWARDEN_A_RULE_NAME] ? str(tb, KWARDEN_A_RULE_NAME) :
		   "unknown";
	ev->technique = str(tb, KWARDEN_A_TECHNIQUE);
	ev->action = u8a(tb, KWARDEN_A_ACTION);
	ev->severity = u8a(tb, KWARDEN_A_SEVERITY);
	ev->runtime = u8a(tb, KWARDEN_A_RUNTIME);
	ev->match_on = u8a(tb, KWARDEN_A_MATCH_ON);
	ev->pid = u32a(tb, KWARDEN_A_PID);
	ev->tid = u32a(tb, KWARDEN_A_TID);
	ev->ppid = u32a(tb, KWARDEN_A_PPID);
	ev->uid = u32a(tb, KWARDEN_A_UID);
	ev->gid = u32a(tb, KWARDEN_A_GID);
	ev->euid = u32a(tb, KWARDEN_A_EUID);
	ev->parent_pid = u32a(tb, KWARDEN_A_PARENT_PID);
	ev->pidns = u32a(tb, KWARDEN_A_PIDNS);
	ev->mntns = u32a(tb, KWARDEN_A_MNTNS);
	ev->utsns = u32a(tb, KWARDEN_A_UTSNS);
	ev->cgroupns = u32a(tb, KWARDEN_A_CGROUPNS);
	ev->pidns_level = u32a(tb, KWARDEN_A_PIDNS_LEVEL);
	ev->comm = str(tb, KWARDEN_A_COMM);
	ev->filename = str(tb, KWARDEN_A_FILENAME);
	ev->exe = str(tb, KWARDEN_A_EXE);
	ev->interp = str(tb, KWARDEN_A_INTERP);
	ev->cwd = str(tb, KWARDEN_A_CWD);
	ev->parent_comm = str(tb, KWARDEN_A_PARENT_COMM);
	ev->parent_exe = str(tb, KWARDEN_A_PARENT_EXE);
	ev->cgroup = str(tb, KWARDEN_A_CGROUP);
	ev->container_id = str(tb, KWARDEN_A_CONTAINER_ID);
	ev->pod_uid = str(tb, KWARDEN_A_POD_UID);
	ev->hostname = str(tb, KWARDEN_A_HOSTNAME);
	ev->match_name = str(tb, KWARDEN_A_MATCH_NAME);
	ev->match_pattern = str(tb, KWARDEN_A_MATCH_PATTERN);
	if (tb[KWARDEN_A_ARGV]) {
		ev->argv = nla_data(tb[KWARDEN_A_ARGV]);
		ev->argv_len = nla_len(tb[KWARDEN_A_ARGV]);
	}
	ev->argv_truncated = tb[KWARDEN_A_ARGV_TRUNCATED] != NULL;
	return 0;
}

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

static const char *pick(const char *const *names, size_t n, unsigned int i,
			const char *dflt)
{
	return i < n && names[i] ? names[i] : dflt;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *kw_match_on_name(unsigned int on)
{
	static const char *const n[] = {
		[KWARDEN_MATCH_EXE] = "exe",
		[KWARDEN_MATCH_FILENAME] = "filename",
		[KWARDEN_MATCH_INTERP] = "interp",
		[KWARDEN_MATCH_ARGV] = "argv",
	};
	return pick(n, N(n), on, "unknown");
}
