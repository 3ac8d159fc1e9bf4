// SPDX-License-Identifier: GPL-2.0
/* Parsing a kernel event into struct kw_event (event.h). */
#include <stddef.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include "event.h"

/*
 * Where each event attribute lands in struct kw_event, and how long it must
 * be. One table walk per message: libnl's genlmsg_parse() with a policy
 * cost the relay more than rendering the JSON's numbers and keys.
 */
enum kw_kind { K_NONE, K_U8, K_U32, K_U64, K_STR, K_BIN, K_FLAG, K_NR };

#define F_U8(a, m)	[KWARDEN_A_##a] = { K_U8, offsetof(struct kw_event, m) },
#define F_U32(a, m)	[KWARDEN_A_##a] = { K_U32, offsetof(struct kw_event, m) },
#define F_U64(a, m)	[KWARDEN_A_##a] = { K_U64, offsetof(struct kw_event, m) },
#define F_STR(a, m)	[KWARDEN_A_##a] = { K_STR, offsetof(struct kw_event, m) },
#define F_OSTR(a, m)	F_STR(a, m)
#define F_OU64(a, m)	F_U64(a, m)
#define F_FLAG(a, m)	[KWARDEN_A_##a] = { K_FLAG, offsetof(struct kw_event, m) },
#define F_ARGV(a, m)	[KWARDEN_A_##a] = { K_BIN, offsetof(struct kw_event, m) },
#define F_NONE(a, m)
static const struct {
	uint8_t kind;
	uint16_t off;
} kw_fields[KWARDEN_A_MAX + 1] = {
#define X(attr, wire, member, key, view) F_##wire(attr, member)
	KWARDEN_EVENT(X)
#undef X
};

_Static_assert(sizeof(struct kw_event) <= UINT16_MAX,
	       "struct kw_event's offsets are stored in 16 bits");

static const size_t kw_kind_min[K_NR] = {
	[K_U8] = 1, [K_U32] = 4, [K_U64] = 8, [K_STR] = 1,
};

/*
 * Stores one attribute; -NLE_INVAL if it is too short or, for a string,
 * lacks its NUL (as libnl's NLA_STRING policy would reject it).
 */
static int kw_field_set(struct kw_event *ev, const struct nlattr *nla)
{
	/* the uapi header's fields, read inline: libnl's getters are calls */
	int type = nla->nla_type & NLA_TYPE_MASK;
	int len = nla->nla_len - NLA_HDRLEN;
	const char *data = (const char *)nla + NLA_HDRLEN;
	char *dst;

	if (type > KWARDEN_A_MAX || kw_fields[type].kind == K_NONE)
		return 0;	/* newer kernel: an attribute we do not know */
	dst = (char *)ev + kw_fields[type].off;
	if ((size_t)len < kw_kind_min[kw_fields[type].kind])
		return -NLE_INVAL;
	switch (kw_fields[type].kind) {
	case K_U8:
		*(uint8_t *)dst = *(const uint8_t *)data;
		break;
	case K_U32:
		memcpy(dst, data, sizeof(uint32_t));
		break;
	case K_U64:
		memcpy(dst, data, sizeof(uint64_t));
		break;
	case K_STR:
		if (data[len - 1] != '\0')
			return -NLE_INVAL;
		*(const char **)dst = data;
		break;
	case K_BIN:
		ev->argv = data;
		ev->argv_len = (size_t)len;
		break;
	case K_FLAG:
		*(bool *)dst = true;
		break;
	}
	return 0;
}

/* An absent string reads as empty. */
#define E_STR(m)	.m = "",
#define E_OSTR(m)	E_STR(m)
#define E_U8(m)
#define E_U32(m)
#define E_U64(m)
#define E_OU64(m)
#define E_FLAG(m)
#define E_ARGV(m)
#define E_NONE(m)	E_STR(m)
static const struct kw_event kw_event_empty = {
#define X(attr, wire, member, key, view) E_##wire(member)
	KWARDEN_EVENT(X)
#undef X
};

/*
 * The walk of nla_for_each_attr(), with libnl's nla_ok() and nla_next()
 * inline: as calls they were a tenth of what parsing an event cost.
 */
static bool kw_nla_ok(const struct nlattr *nla, int rem)
{
	return rem >= (int)sizeof(*nla) && nla->nla_len >= sizeof(*nla) &&
	       nla->nla_len <= rem;
}

int kw_event_parse(struct nlmsghdr *nlh, struct kw_event *ev)
{
	const int hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	const struct nlattr *nla;
	int rem, err;

	if (nlh->nlmsg_len < (unsigned int)hdr)
		return -NLE_MSG_TOOSHORT;
	if (((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd != KWARDEN_CMD_EVENT)
		return -NLE_MSGTYPE_NOSUPPORT;
	*ev = kw_event_empty;
	ev->rule = "unknown";
	nla = (const struct nlattr *)((const char *)nlh + hdr);
	for (rem = (int)nlh->nlmsg_len - hdr; kw_nla_ok(nla, rem);
	     rem -= NLA_ALIGN(nla->nla_len),
	     nla = (const struct nlattr *)((const char *)nla +
					   NLA_ALIGN(nla->nla_len))) {
		err = kw_field_set(ev, nla);
		if (err)
			return err;
	}
	return 0;
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
		[KWARDEN_MATCH_LOADER] = "loader",
		[KWARDEN_MATCH_DRIFT] = "drift",
		[KWARDEN_MATCH_FILELESS] = "fileless",
	};
	return pick(n, N(n), on, "unknown");
}
