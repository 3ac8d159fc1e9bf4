// SPDX-License-Identifier: GPL-2.0
/*
 * genlfuzz: a generic netlink fuzzer for the "kwarden" family, run in an
 * e2e guest. Raw AF_NETLINK sockets, no libnl. It resolves the family
 * (id, max attribute, operations and their flags, multicast groups) with
 * CTRL_CMD_GETFAMILY, then sends a bounded number of messages: every
 * command number 0..KWARDEN_CMD_MAX+3, random nlmsg flags, random flat and
 * nested attributes, valid-looking and mutated policies (KWARDEN_A_P_*
 * items), wrong nlmsg_len, truncated datagrams, several messages to a
 * datagram, dumps started and abandoned, 64 sockets, multicast joins; it
 * reads every reply non-blocking and checks what it can:
 *
 *  - unprivileged (--as nobody, --userns): every well-formed request for
 *    an operation flagged GENL_ADMIN_PERM is refused with EPERM (or
 *    EOPNOTSUPP when it asks a do-only operation for a dump or the other
 *    way round), never acknowledged or answered; joining the events group
 *    fails with EPERM;
 *  - as root: no EPERM at all; the mode never becomes enforce (the fuzzer
 *    never sends a KWARDEN_A_MODE of 1, so enforce would be a parser bug);
 *  - in a network namespace (--netns): every request is answered ENOENT
 *    (the family is not netnsok) and no event ever arrives;
 *  - every errno is one the kernel may give for a bad request, and every
 *    reply is a well-formed netlink message.
 *
 * At the end it restores the built-in policy and detect mode (as root)
 * and checks the family still answers. Prints the seed first and a
 * summary line last; exits 0 when nothing was wrong, 1 otherwise.
 *
 * Usage: genlfuzz [-n COUNT] [-s SEED] [-t SECONDS] [--as root|nobody]
 *                 [--userns] [--netns] [--sockets N] [--churn] [--hold SECS]
 *                 [--dry] [-v]
 *   -n COUNT    messages to send (20000); -t SECONDS: stop earlier (120)
 *   -s SEED     the same seed sends the same messages (default: from the clock)
 *   --as nobody setgroups/setresgid/setresuid 65534 before any socket
 *   --userns    unshare(CLONE_NEWUSER), map 0 to our uid, fuzz as its root
 *   --netns     then unshare(CLONE_NEWNET) too (needs root or --userns)
 *   --sockets N sockets open at once (64)
 *   --churn     the module may be unloaded and loaded meanwhile: ENOENT is
 *               expected and the family is resolved again
 *   --hold SECS start a policy dump, read nothing for SECS seconds, exit
 *   --dry       only generate (and parse) messages: a self-test of the fuzzer
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include "kwarden.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

#define MAX_SOCKS	256
#define RBUF_SIZE	(256 * 1024)
#define DGRAM_MAX	(160 * 1024)
#define RING		16384	/* remembered requests, by seq */
#define KEEP		192	/* bytes of each kept for a report */
#define NERR		160
#define MAX_VIOL_SHOWN	12

/* ---- options and state ------------------------------------------------ */

enum who { AS_ROOT, AS_NOBODY };

static struct {
	long count;
	uint64_t seed;
	double time_limit;
	enum who as;
	int userns, netns, nsocks, churn, verbose;
	int hold;
	int dry;
} opt = { 20000, 0, 120.0, AS_ROOT, 0, 0, 64, 0, 0, -1, 0 };

static int unpriv;		/* admin operations must be refused */

/* What CTRL_CMD_GETFAMILY told. */
static struct {
	uint16_t id;
	uint32_t maxattr;
	uint32_t opflags[256];	/* by command; 0 = no such operation */
	int have_ops;
	uint32_t events_grp;
} fam;

struct sk {
	int fd;
	int member;		/* joined the events group */
	int noread;		/* a dump left unread on purpose */
	int dumping;
};
static struct sk socks[MAX_SOCKS];

/* A request we sent, to judge its reply. */
enum expect { EX_NONE, EX_EPERM, EX_EPERM_OR_NOTSUPP, EX_ENOENT };
struct req {
	uint32_t seq;
	uint8_t cmd;
	uint8_t admin;		/* header well formed, admin operation */
	uint8_t expect;
	uint8_t answered;
	uint8_t request;	/* a request of the family's the kernel handles */
	uint16_t flags;
	uint16_t keep_len;
	uint32_t len;
	unsigned char keep[KEEP];
};
static struct req ring[RING];

static struct {
	long msgs, dgrams, send_fail[NERR], send_other;
	long replies, acks, errs[NERR], err_other, data, done, done_err;
	long events, enobufs, recv_other, truncated_replies;
	long admin_checked, admin_refused, admin_notsupp;
	long mcast_ok, mcast_eperm, mcast_other;
	long dumps, dumps_abandoned, reopen, resolves;
	long policies_valid, setsockopt_fail;
	long ok_cmd[256];	/* requests that succeeded, by command */
	long violations;
} st;

/*
 * Far from the small numbers attribute payloads hold: after a wrong length
 * the kernel reads headers out of our payload, and their replies carry
 * whatever stood where a sequence number would be.
 */
static uint32_t next_seq = 0x5a000000;
static double t_start;
static unsigned char rbuf[RBUF_SIZE];

/* ---- helpers ---------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rs;

static uint64_t rnd64(void)
{
	/* xorshift64* */
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() >> 32) % n : 0;
}

static int chance(uint32_t per_mille)
{
	return rnd(1000) < per_mille;
}

static void hexdump(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(stderr, "%02x%s", p[i], (i % 32 == 31 || i + 1 == n) ? "\n" : " ");
}

/* The reply being judged, for the report. */
static const struct nlmsghdr *cur_reply;
static int cur_sock = -1;

static void violation(const struct req *r, const char *fmt, ...)
{
	va_list ap;

	st.violations++;
	if (st.violations > MAX_VIOL_SHOWN)
		return;
	fprintf(stderr, "genlfuzz: VIOLATION: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (seed %llu)\n", (unsigned long long)opt.seed);
	if (r) {
		fprintf(stderr, "  request seq=%u cmd=%u flags=0x%x len=%u, first %u bytes:\n",
			r->seq, r->cmd, r->flags, r->len, r->keep_len);
		hexdump(r->keep, r->keep_len);
	}
	if (cur_reply) {
		uint32_t n = cur_reply->nlmsg_len < 256 ? cur_reply->nlmsg_len : 256;

		fprintf(stderr, "  reply on socket %d: type=%u flags=0x%x seq=%u len=%u:\n", cur_sock,
			cur_reply->nlmsg_type, cur_reply->nlmsg_flags, cur_reply->nlmsg_seq,
			cur_reply->nlmsg_len);
		hexdump((const unsigned char *)cur_reply, n);
	}
}

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case E2BIG: return "E2BIG";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EMSGSIZE: return "EMSGSIZE";
	case ENOMEM: return "ENOMEM";
	case ENOBUFS: return "ENOBUFS";
	case EAGAIN: return "EAGAIN";
	case EBUSY: return "EBUSY";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EFAULT: return "EFAULT";
	case ENODEV: return "ENODEV";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ESRCH: return "ESRCH";
	case ENODATA: return "ENODATA";
	case ESTALE: return "ESTALE";
	default: return NULL;
	}
}

static void print_errs(FILE *f, const long *v)
{
	int e;

	for (e = 1; e < NERR; e++) {
		const char *n;

		if (!v[e])
			continue;
		n = errname(e);
		if (n)
			fprintf(f, " %s=%ld", n, v[e]);
		else
			fprintf(f, " errno%d=%ld", e, v[e]);
	}
}

/* ---- message building ------------------------------------------------- */

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static unsigned char dgram[DGRAM_MAX];

static int room(struct buf *b, size_t n)
{
	return b->len + n <= b->cap;
}

static void put(struct buf *b, const void *d, size_t n)
{
	if (!n || !room(b, n))
		return;
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void pad4(struct buf *b)
{
	while ((b->len & 3) && room(b, 1))
		b->p[b->len++] = 0;
}

/*
 * In root mode no byte of random data is KWARDEN_A_MODE's type: however a
 * bad length makes the kernel reparse our bytes, nothing can spell a mode
 * attribute of value 1 (enforce).
 */
static unsigned char safe_byte(unsigned char c)
{
	if (!unpriv && c == KWARDEN_A_MODE)
		c++;
	return c;
}

static void put_random(struct buf *b, size_t n)
{
	size_t i;

	if (!room(b, n))
		n = b->cap - b->len;
	for (i = 0; i < n; i++)
		b->p[b->len + i] = safe_byte((unsigned char)rnd64());
	b->len += n;
}

/* Starts an attribute; returns its offset for attr_end(). */
static size_t attr_start(struct buf *b, uint16_t type)
{
	size_t off = b->len;
	struct nlattr a = { .nla_len = NLA_HDRLEN, .nla_type = type };

	pad4(b);
	off = b->len;
	put(b, &a, sizeof(a));
	return off;
}

static void attr_end(struct buf *b, size_t off)
{
	struct nlattr *a = (struct nlattr *)(b->p + off);

	if (off + NLA_HDRLEN > b->len)
		return;
	a->nla_len = (uint16_t)(b->len - off > 0xffff ? 0xffff : b->len - off);
	pad4(b);
}

static void attr(struct buf *b, uint16_t type, const void *d, size_t n)
{
	size_t off = attr_start(b, type);

	put(b, d, n);
	attr_end(b, off);
}

static void attr_str(struct buf *b, uint16_t type, const char *s)
{
	attr(b, type, s, strlen(s) + 1);
}

static void attr_u8(struct buf *b, uint16_t type, uint8_t v)
{
	attr(b, type, &v, 1);
}

/* A string attribute, sometimes without its NUL or with bytes after it. */
static void attr_str_fuzzy(struct buf *b, uint16_t type, const char *s)
{
	size_t n = strlen(s);

	switch (rnd(20)) {
	case 0:
		attr(b, type, s, n);			/* no NUL */
		break;
	case 1: {
		size_t off = attr_start(b, type);	/* NUL, then junk */

		put(b, s, n + 1);
		put_random(b, 1 + rnd(9));
		attr_end(b, off);
		break;
	}
	default:
		attr_str(b, type, s);
	}
}

static const char *const names_pool[] = {
	"gcc", "cc", "clang", "kubectl", "docker", "go", "ld", "as", "cc1",
	"x86_64-linux-gnu-gcc-12", "gcc-12", "*cc*", "g?c", "*", "?", "a",
	"busybox", "sh", "fz", "rustc", "", " ", "#x", "a/b", "/", "-",
	"\x7f", "\xff\xfe", "compile", "**", "*?*?*?*?*?*?*?*?*?*?*?*?",
};

/* the first three are valid (the third is as long as one can be) */
static const char *const techniques[] = {
	"T1027.004", "T1609", "T1027.004.00001", "", "T1", "t1609",
	"T1027.004.000001", "T 1", "T-1",
};

static void rand_ident(char *s, size_t cap, int valid)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz0123456789_.-";
	size_t n = valid ? 1 + rnd(KWARDEN_NAME_MAX) : rnd(40), i;

	if (n >= cap)
		n = cap - 1;
	for (i = 0; i < n; i++) {
		if (valid)
			s[i] = ok[rnd(i ? sizeof(ok) - 1 : 36)];
		else
			s[i] = (char)safe_byte((unsigned char)(1 + rnd(255)));
	}
	s[n] = '\0';
}

/* A value suited to an exception field, or not. */
static void exc_value(char *s, size_t cap, int field, int valid)
{
	size_t i, n;

	if (!valid) {
		const char *const bad[] = { "", "12", "x", "/", "zzzzzzzzzzzz",
			"4294967295", "99999999999", "0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4",
			"ABCDEFABCDEF", "*", "docker", "-1" };
		snprintf(s, cap, "%s", bad[rnd(sizeof(bad) / sizeof(bad[0]))]);
		return;
	}
	switch (field) {
	case KWARDEN_EXC_CONTAINER:
		n = 12 + rnd(53);
		for (i = 0; i < n && i + 1 < cap; i++)
			s[i] = "0123456789abcdef"[rnd(16)];
		s[i] = '\0';
		break;
	case KWARDEN_EXC_CGROUP:
		snprintf(s, cap, "/docker/%s", rnd(2) ? "*" : "fz*ci*");
		break;
	case KWARDEN_EXC_POD:
		snprintf(s, cap, "%08x-%04x-%04x-%04x-%012llx", (unsigned)rnd64(),
			 rnd(65536), rnd(65536), rnd(65536),
			 (unsigned long long)(rnd64() & 0xffffffffffffULL));
		break;
	case KWARDEN_EXC_PARENT:
		snprintf(s, cap, "%s", rnd(2) ? "*/make" : "/usr/bin/ninja");
		break;
	default:
		snprintf(s, cap, "%u", rnd(2) ? rnd(70000) : 4294967294U);
	}
}

static uint32_t name_serial;
static int all_globs;	/* every name a glob: past KWARDEN_GLOBS_MAX, E2BIG */

/* One name; valid ones are unique across everything sent. */
static void put_name(struct buf *b, int valid)
{
	char s[300];

	if (valid) {
		switch (all_globs ? 1 : rnd(30)) {
		case 0: {	/* 255 bytes, unique by its tail */
			memset(s, 'n', KWARDEN_PATTERN_MAX);
			snprintf(s + KWARDEN_PATTERN_MAX - 10, 11, "%010u", name_serial++);
			break;
		}
		case 1:
			snprintf(s, sizeof(s), "fz%u*", name_serial++);
			break;
		case 2:
			snprintf(s, sizeof(s), "f?%u", name_serial++);
			break;
		default:
			snprintf(s, sizeof(s), "fz%u", name_serial++);
		}
		attr_str(b, KWARDEN_A_PATTERN, s);
		return;
	}
	switch (rnd(4)) {
	case 0: {
		size_t n = 256 + rnd(40);	/* too long */

		memset(s, 'x', n);
		s[n] = '\0';
		break;
	}
	default:
		snprintf(s, sizeof(s), "%s", names_pool[rnd(sizeof(names_pool) /
							   sizeof(names_pool[0]))]);
	}
	attr_str_fuzzy(b, KWARDEN_A_PATTERN, s);
}

/*
 * A policy as KWARDEN_A_P_* items. valid: what the module should accept
 * (rules, then sets with names, then exceptions). Otherwise a few items
 * go wrong in some way so the builder's later checks are reached.
 */
static void gen_policy(struct buf *b, int valid, int big)
{
	char rn[KWARDEN_RULES_MAX][40], s[320];
	int nrules = 1 + (int)rnd(4), nsets, nexc, i, j, k, bad = valid ? 0 : 1 + (int)rnd(3);
	int globs = 0, longnames = chance(100), bad_globs = !valid && big && rnd(2);
	size_t off, sub;

	if (bad_globs)
		bad = 0;	/* the one mistake: too many globs */
	if (chance(20))
		nrules = (int)rnd(KWARDEN_RULES_MAX + 3);
	else if (chance(15))
		nrules = KWARDEN_RULES_MAX + 1 + (int)rnd(2);	/* E2BIG */
	else if (longnames)
		nrules = KWARDEN_RULES_MAX - (int)rnd(2);
	for (i = 0; i < nrules && room(b, 512); i++) {
		int wrong = bad && !rnd(4 * nrules);
		char *n = rn[i % KWARDEN_RULES_MAX];	/* past 64: E2BIG */

		snprintf(n, sizeof(rn[0]), "fz%d", i);
		if (longnames) {	/* the longest names: the status reply's size */
			size_t l = strlen(n);

			memset(n + l, 'x', KWARDEN_NAME_MAX - l);
			n[KWARDEN_NAME_MAX] = '\0';
		}
		if (wrong) {
			rand_ident(n, sizeof(rn[0]), 0);
			bad--;
		}
		off = attr_start(b, KWARDEN_A_P_RULE | (chance(980) ? NLA_F_NESTED : 0));
		if (!bad || rnd(4))
			attr_str_fuzzy(b, KWARDEN_A_RULE_NAME, n);
		if (rnd(8))
			attr_str(b, KWARDEN_A_TECHNIQUE, bad && !rnd(5) ?
				 techniques[rnd(sizeof(techniques) / sizeof(techniques[0]))] :
				 techniques[rnd(3)]);
		if (rnd(8))
			attr_u8(b, KWARDEN_A_SEVERITY, bad && !rnd(5) ? safe_byte((uint8_t)rnd(256)) :
				(uint8_t)rnd(KWARDEN_SEV_CRITICAL + 1));
		if (rnd(8))
			attr_u8(b, KWARDEN_A_RULE_ACTION, bad && !rnd(5) ? safe_byte((uint8_t)rnd(256)) :
				(uint8_t)rnd(KWARDEN_RULE_BLOCK + 1));
		if (bad && !rnd(10)) {
			attr_u8(b, (uint16_t)rnd(KWARDEN_A_MAX + 4), 0);
			bad--;
		}
		attr_end(b, off);
	}
	if (nrules > KWARDEN_RULES_MAX)
		nrules = KWARDEN_RULES_MAX;
	nsets = nrules ? 1 + (int)rnd(5) : (int)rnd(2);
	for (i = 0; i < nsets; i++) {
		int args_on = rnd(3) ? KWARDEN_ARGS_NONE : 1 + (int)rnd(2);
		int nnames = big && i == 0 ? 500 + (int)rnd(2500) : 1 + (int)rnd(12);

		off = attr_start(b, KWARDEN_A_P_SET | NLA_F_NESTED);
		if (nrules && (!bad || rnd(6)))
			attr_str(b, KWARDEN_A_RULE_NAME, rn[rnd((uint32_t)nrules)]);
		else
			attr_str_fuzzy(b, KWARDEN_A_RULE_NAME, "nosuchrule");
		if (args_on || rnd(2))
			attr_u8(b, KWARDEN_A_ARGS_ON, bad && !rnd(6) ? 3 : (uint8_t)args_on);
		if (!rnd(4))
			attr_str_fuzzy(b, KWARDEN_A_PATH, bad && !rnd(4) ? "usr/bin" :
				       rnd(2) ? "*/pkg/tool/*" : "/usr/*");
		attr_end(b, off);
		for (j = 0; args_on && j < 1 + (int)rnd(3); j++)
			attr_str_fuzzy(b, KWARDEN_A_P_ARG, bad && !rnd(8) ? "a b" :
				       (const char *[]){ "build", "run", "-c", "*x*", "test" }[rnd(5)]);
		for (k = 0; k < nnames && room(b, 300); k++) {
			int wrong = bad && !rnd(40);

			if (wrong)
				bad--;
			if (valid && globs >= KWARDEN_GLOBS_MAX - 4) {
				snprintf(s, sizeof(s), "fz%u", name_serial++);
				attr_str(b, KWARDEN_A_PATTERN, s);
				continue;
			}
			globs++;	/* counts at most one glob per name */
			all_globs = bad_globs;
			put_name(b, !wrong);
			all_globs = 0;
		}
	}
	nexc = rnd(3) ? 0 : 1 + (int)rnd(3);
	for (i = 0; i < nexc; i++) {
		char en[40];

		snprintf(en, sizeof(en), "ex%d", i);
		sub = attr_start(b, KWARDEN_A_P_EXCEPTION | NLA_F_NESTED);
		attr_str_fuzzy(b, KWARDEN_A_EXC_NAME, en);
		attr_end(b, sub);
		if (nrules && rnd(2))
			attr_str(b, KWARDEN_A_P_EXC_RULE, rn[rnd((uint32_t)nrules)]);
		for (j = 0; j < 1 + (int)rnd(3); j++) {
			int field = (int)rnd(__KWARDEN_EXC_MAX), wrong = bad && !rnd(4);

			if (wrong)
				bad--;
			exc_value(s, sizeof(s), field, !wrong);
			sub = attr_start(b, KWARDEN_A_P_EXC_VALUE | NLA_F_NESTED);
			attr_u8(b, KWARDEN_A_EXC_FIELD, wrong && rnd(2) ? __KWARDEN_EXC_MAX : (uint8_t)field);
			attr_str_fuzzy(b, KWARDEN_A_EXC_STRING, s);
			attr_end(b, sub);
		}
	}
	/* what is left of the mistakes: random items, duplicates, junk */
	while (bad-- > 0) {
		switch (rnd(4)) {
		case 0:
			attr_str(b, KWARDEN_A_PATTERN, "gcc");	/* may be twice */
			break;
		case 1:
			attr_u8(b, KWARDEN_A_PID, 1);		/* not a policy item */
			break;
		case 2:
			off = attr_start(b, KWARDEN_A_P_RULE | NLA_F_NESTED);
			attr_str(b, KWARDEN_A_RULE_NAME, "fz0");	/* rule after sets */
			attr_end(b, off);
			break;
		default:
			off = attr_start(b, KWARDEN_A_P_SET | NLA_F_NESTED);
			attr_end(b, off);			/* set without rule */
		}
	}
}

static void gen_attrs(struct buf *b, int depth, int n);

/* One random attribute: any type, any length, nested or not. */
static void gen_attr(struct buf *b, int depth)
{
	uint16_t type = (uint16_t)rnd(KWARDEN_A_MAX + 4);
	size_t off;
	uint64_t v;
	char s[600];
	size_t n, i;

	if (chance(250))
		type |= NLA_F_NESTED;
	if (chance(30))
		type |= NLA_F_NET_BYTEORDER;
	if (!room(b, 700))
		return;
	off = attr_start(b, type);
	switch (rnd(10)) {
	case 0:
		break;					/* empty */
	case 1: case 2: case 3: case 4: {
		static const size_t sz[] = { 1, 2, 4, 8 };
		static const uint64_t edge[] = { 0, 1, 2, 3, 4, 5, 0x7f, 0x80, 0xff,
			0xffff, 0xffffffff, ~0ULL };

		v = rnd(2) ? edge[rnd(sizeof(edge) / sizeof(edge[0]))] : rnd64();
		n = sz[rnd(4)];
		if (!unpriv && (type & NLA_TYPE_MASK) == KWARDEN_A_MODE && (v & 0xff) == 1)
			v = 0;
		for (i = 0; i < 8; i++)
			((unsigned char *)&v)[i] = safe_byte(((unsigned char *)&v)[i]);
		put(b, &v, n);
		break;
	}
	case 5: case 6:					/* a string */
		n = rnd(4) ? rnd(40) : rnd(sizeof(s) - 1);
		for (i = 0; i < n; i++)
			s[i] = (char)safe_byte((unsigned char)(' ' + rnd(95)));
		if (!unpriv && (type & NLA_TYPE_MASK) == KWARDEN_A_MODE && n && s[0] == 1)
			s[0] = 0;
		put(b, s, n);
		if (rnd(3))
			put(b, "", 1);
		break;
	case 7:						/* random bytes, odd too */
		n = rnd(4) ? rnd(64) : rnd(600);
		put_random(b, n);
		if (!unpriv && (type & NLA_TYPE_MASK) == KWARDEN_A_MODE && n &&
		    b->p[off + NLA_HDRLEN] == 1)
			b->p[off + NLA_HDRLEN] = 0;
		break;
	case 8:						/* nested */
		if (depth < 3)
			gen_attrs(b, depth + 1, (int)rnd(5));
		break;
	default:					/* a policy item */
		b->len = off;
		if (depth < 3)
			gen_policy(b, 0, 0);
		return;
	}
	attr_end(b, off);
	/* a wrong nla_len now and then */
	if (chance(50) && off + NLA_HDRLEN <= b->len) {
		struct nlattr *a = (struct nlattr *)(b->p + off);

		switch (rnd(5)) {
		case 0: a->nla_len = 0; break;
		case 1: a->nla_len = (uint16_t)(1 + rnd(3)); break;
		case 2: a->nla_len = (uint16_t)(a->nla_len + 1 + rnd(300)); break;
		case 3: if (a->nla_len > NLA_HDRLEN) a->nla_len--; break;
		default: a->nla_len = (uint16_t)rnd64(); break;
		}
	}
}

static void gen_attrs(struct buf *b, int depth, int n)
{
	int i;

	for (i = 0; i < n; i++)
		gen_attr(b, depth);
}

/* The mode attribute of a SET_MODE: never enforce as root. */
/*
 * A workload table: a policy generation (often a plausible one, so some
 * tables are taken), then containers: valid, or a short, upper-case or
 * non-hex id, a missing mask, the same id twice, a mask of the wrong size.
 */
static void gen_workloads(struct buf *b)
{
	uint64_t gen = rnd(3) ? rnd(64) : rnd64(), mask;
	char id[KWARDEN_CONTAINER_ID_LEN + 2];
	int i, n = rnd(8) ? (int)rnd(20) : (int)rnd(300);
	size_t off, j;

	if (rnd(10))
		attr(b, KWARDEN_A_POLICY_GEN, &gen, sizeof(gen));
	for (i = 0; i < n && room(b, 200); i++) {
		for (j = 0; j < KWARDEN_CONTAINER_ID_LEN; j++)
			id[j] = "0123456789abcdef"[rnd(i && !rnd(4) ? 2 : 16)];
		id[j] = '\0';
		if (chance(20))
			id[rnd(KWARDEN_CONTAINER_ID_LEN)] = rnd(2) ? 'G' : 'A';
		if (chance(20))
			id[rnd(KWARDEN_CONTAINER_ID_LEN)] = '\0';
		mask = rnd(2) ? rnd64() : 1ULL << rnd(64);
		off = attr_start(b, KWARDEN_A_WORKLOAD | (rnd(10) ? NLA_F_NESTED : 0));
		if (!chance(30))
			attr_str(b, KWARDEN_A_CONTAINER_ID, id);
		if (!chance(30))
			attr(b, KWARDEN_A_WORKLOAD_MASK, &mask, chance(20) ? 4 : 8);
		if (chance(30))
			gen_attrs(b, 1, 1);
		attr_end(b, off);
	}
}

static void gen_mode(struct buf *b)
{
	uint8_t v = rnd(3) ? 0 : (uint8_t)(2 + rnd(254));
	uint32_t w;

	if (unpriv && rnd(2))
		v = (uint8_t)rnd(2);	/* must be refused anyway */
	switch (rnd(8)) {
	case 0:
		w = v;
		attr(b, KWARDEN_A_MODE, &w, 1 + rnd(4));	/* wrong sizes too */
		break;
	case 1:
		attr(b, KWARDEN_A_MODE | NLA_F_NESTED, &v, 1);
		break;
	case 2:
		attr(b, KWARDEN_A_MODE, NULL, 0);
		break;
	default:
		attr_u8(b, KWARDEN_A_MODE, v);
	}
}

static int op_is_admin(unsigned int cmd)
{
	return cmd < 256 && (fam.opflags[cmd] & GENL_ADMIN_PERM);
}

/*
 * Appends one message to the datagram. Returns 1 if its header says what
 * the kernel will read (no wrong length), 0 otherwise.
 */
static int gen_msg(struct buf *b, int allow_mangle, int prior_intact)
{
	size_t off, end;
	struct nlmsghdr *nlh;
	struct genlmsghdr g = { 0 };
	uint16_t flags = 0;
	unsigned int cmd;
	uint32_t seq = next_seq++, len;
	int intact = 1, k = (int)rnd(100);
	struct req *r;

	if (k < 30)
		cmd = KWARDEN_CMD_SET_POLICY;
	else if (k < 40)
		cmd = KWARDEN_CMD_GET_POLICY;
	else if (k < 50)
		cmd = KWARDEN_CMD_GET_STATUS;
	else if (k < 56)
		cmd = KWARDEN_CMD_SET_MODE;
	else if (k < 60)
		cmd = KWARDEN_CMD_RESET_POLICY;
	else if (k < 68)
		cmd = KWARDEN_CMD_SET_WORKLOADS;
	else
		cmd = rnd(KWARDEN_CMD_MAX + 4);

	if (rnd(20))
		flags |= NLM_F_REQUEST;
	if (rnd(2))
		flags |= NLM_F_ACK;
	if (cmd == KWARDEN_CMD_GET_POLICY ? rnd(8) : !rnd(8))
		flags |= NLM_F_DUMP;
	else if (!rnd(10))
		flags |= rnd(2) ? NLM_F_ROOT : NLM_F_MATCH;
	if (!rnd(20))
		flags |= NLM_F_ECHO;
	if (!rnd(30))
		flags |= (uint16_t)rnd64();

	pad4(b);
	off = b->len;
	if (!room(b, NLMSG_HDRLEN + GENL_HDRLEN + 64))
		return 0;
	b->len += NLMSG_HDRLEN;
	g.cmd = (uint8_t)cmd;
	g.version = rnd(10) ? KWARDEN_GENL_VERSION : (uint8_t)rnd(256);
	g.reserved = rnd(10) ? 0 : (uint16_t)rnd64();
	put(b, &g, sizeof(g));

	switch (cmd) {
	case KWARDEN_CMD_SET_POLICY:
		k = (int)rnd(100);
		if (k < 30) {
			gen_policy(b, 1, chance(30));
			st.policies_valid++;
		} else if (k < 80) {
			gen_policy(b, 0, chance(10));
		} else {
			gen_attrs(b, 0, (int)rnd(8));
		}
		break;
	case KWARDEN_CMD_SET_WORKLOADS:
		if (rnd(5))
			gen_workloads(b);
		else
			gen_attrs(b, 0, (int)rnd(6));
		break;
	case KWARDEN_CMD_SET_MODE:
		if (rnd(5))
			gen_mode(b);
		else
			gen_attrs(b, 0, (int)rnd(4));
		break;
	default:
		if (!rnd(3))
			gen_attrs(b, 0, (int)rnd(6));
	}

	end = b->len;
	len = (uint32_t)(end - off);
	nlh = (struct nlmsghdr *)(b->p + off);
	nlh->nlmsg_len = len;
	nlh->nlmsg_type = rnd(200) ? fam.id : (uint16_t)(1 + rnd(4));
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	if (allow_mangle && chance(120)) {
		intact = 0;
		switch (rnd(8)) {
		case 0: nlh->nlmsg_len = 0; break;
		case 1: nlh->nlmsg_len = rnd(NLMSG_HDRLEN); break;
		case 2: nlh->nlmsg_len = NLMSG_HDRLEN + rnd(GENL_HDRLEN); break;
		case 3: if (len > NLMSG_HDRLEN + GENL_HDRLEN) nlh->nlmsg_len = len - 1 - rnd(3); break;
		case 4: nlh->nlmsg_len = len + 1 + rnd(3); break;
		case 5: nlh->nlmsg_len = len + 4 + rnd(4096); break;
		case 6: nlh->nlmsg_len = 0xffffffff; break;
		default: nlh->nlmsg_len = len > 24 ? NLMSG_HDRLEN + GENL_HDRLEN + rnd(len - 24) : len; break;
		}
		if (nlh->nlmsg_len == len)
			intact = 1;
	}
	if (!rnd(4))
		pad4(b);

	r = &ring[seq % RING];
	memset(r, 0, offsetof(struct req, keep));
	r->seq = seq;
	r->cmd = (uint8_t)cmd;
	r->flags = flags;
	r->len = nlh->nlmsg_len;
	r->keep_len = (uint16_t)(len < KEEP ? len : KEEP);
	memcpy(r->keep, b->p + off, r->keep_len);
	r->admin = nlh->nlmsg_type == fam.id && (flags & NLM_F_REQUEST) &&
		   nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN && op_is_admin(cmd);
	r->request = nlh->nlmsg_type == fam.id && (flags & NLM_F_REQUEST);
	r->expect = EX_NONE;
	if (intact && prior_intact && nlh->nlmsg_type == fam.id && (flags & NLM_F_REQUEST)) {
		if (opt.netns) {
			r->expect = EX_ENOENT;
		} else if (unpriv && op_is_admin(cmd)) {
			int dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
			uint32_t want = dump ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO;

			r->expect = (fam.opflags[cmd] & want) ? EX_EPERM : EX_EPERM_OR_NOTSUPP;
		}
	}
	return intact;
}

/* ---- sockets ---------------------------------------------------------- */

static int nl_open(int nonblock)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0),
			NETLINK_GENERIC);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int sendbuf(int fd, const void *p, size_t n)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return sendto(fd, p, n, MSG_DONTWAIT, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
}

/* A blocking request/reply on a fresh socket, for setup and checks. */
static int blocking_sock(void)
{
	struct timeval tv = { .tv_sec = 5 };
	int fd = nl_open(0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

static const struct nlattr *attr_next(const struct nlattr *a, int *rem)
{
	int l = NLA_ALIGN(a->nla_len);

	*rem -= l;
	return (const struct nlattr *)((const char *)a + l);
}

static int attr_ok(const struct nlattr *a, int rem)
{
	return rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) && a->nla_len <= rem;
}

#define for_each_attr(a, head, len, rem) \
	for (a = (const struct nlattr *)(head), rem = (int)(len); attr_ok(a, rem); \
	     a = attr_next(a, &rem))

static uint32_t get_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, (const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN < 4 ?
	       a->nla_len - NLA_HDRLEN : 4);
	return v;
}

/* CTRL_CMD_GETFAMILY "kwarden": 0, -ENOENT or another -errno. */
static int resolve_family(void)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char a[64];
	} q;
	struct buf b = { (unsigned char *)&q, 0, sizeof(q) };
	struct genlmsghdr g = { .cmd = CTRL_CMD_GETFAMILY, .version = 1 };
	int fd = blocking_sock(), ret = -EIO, len;
	const struct nlattr *a, *o, *f;
	int rem, orem, frem;
	struct nlmsghdr *nlh;

	st.resolves++;
	if (fd < 0)
		return -errno;
	memset(&q, 0, sizeof(q));
	b.len = NLMSG_HDRLEN;
	put(&b, &g, sizeof(g));
	attr_str(&b, CTRL_ATTR_FAMILY_NAME, KWARDEN_GENL_NAME);
	q.n.nlmsg_len = (uint32_t)b.len;
	q.n.nlmsg_type = GENL_ID_CTRL;
	q.n.nlmsg_flags = NLM_F_REQUEST;
	q.n.nlmsg_seq = 1;
	if (sendbuf(fd, &q, b.len))
		goto out;
	len = (int)recv(fd, rbuf, sizeof(rbuf), 0);
	if (len < (int)NLMSG_HDRLEN)
		goto out;
	nlh = (struct nlmsghdr *)rbuf;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		ret = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		goto out;
	}
	if (nlh->nlmsg_type != GENL_ID_CTRL || nlh->nlmsg_len > (uint32_t)len)
		goto out;
	memset(&fam, 0, sizeof(fam));
	for_each_attr(a, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		      nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem) {
		switch (a->nla_type & NLA_TYPE_MASK) {
		case CTRL_ATTR_FAMILY_ID:
			fam.id = (uint16_t)get_u32(a);
			break;
		case CTRL_ATTR_MAXATTR:
			fam.maxattr = get_u32(a);
			break;
		case CTRL_ATTR_OPS:
			for_each_attr(o, (const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN, orem) {
				uint32_t id = 0, fl = 0;

				for_each_attr(f, (const char *)o + NLA_HDRLEN, o->nla_len - NLA_HDRLEN, frem) {
					if ((f->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_ID)
						id = get_u32(f);
					else if ((f->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_FLAGS)
						fl = get_u32(f);
				}
				if (id < 256) {
					/* 6.1 may not say DO/DUMP: an op exists */
					fam.opflags[id] = fl | 0x80000000U;
					fam.have_ops = 1;
				}
			}
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			for_each_attr(o, (const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN, orem) {
				uint32_t id = 0;
				int events = 0;

				for_each_attr(f, (const char *)o + NLA_HDRLEN, o->nla_len - NLA_HDRLEN, frem) {
					if ((f->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_ID)
						id = get_u32(f);
					else if ((f->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_NAME)
						events = !strncmp((const char *)f + NLA_HDRLEN,
								  KWARDEN_MCGRP_EVENTS,
								  f->nla_len - NLA_HDRLEN);
				}
				if (events)
					fam.events_grp = id;
			}
			break;
		}
	}
	if (!fam.have_ops) {
		/* what kmod/genl.c declares */
		fam.opflags[KWARDEN_CMD_GET_STATUS] = GENL_CMD_CAP_DO;
		fam.opflags[KWARDEN_CMD_RESET_POLICY] = GENL_CMD_CAP_DO | GENL_ADMIN_PERM;
		fam.opflags[KWARDEN_CMD_SET_MODE] = GENL_CMD_CAP_DO | GENL_ADMIN_PERM;
		fam.opflags[KWARDEN_CMD_SET_POLICY] = GENL_CMD_CAP_DO | GENL_ADMIN_PERM;
		fam.opflags[KWARDEN_CMD_GET_POLICY] = GENL_CMD_CAP_DUMP | GENL_ADMIN_PERM;
		fam.opflags[KWARDEN_CMD_SET_WORKLOADS] = GENL_CMD_CAP_DO | GENL_ADMIN_PERM;
	}
	ret = fam.id ? 0 : -EIO;
out:
	close(fd);
	return ret;
}

/* Sends one small request and waits for its answer: -errno, 0 or 1 (data). */
static int request(uint8_t cmd, int mode, uint8_t *mode_out)
{
	unsigned char q[64];
	struct buf b = { q, 0, sizeof(q) };
	struct genlmsghdr g = { .cmd = cmd, .version = KWARDEN_GENL_VERSION };
	struct nlmsghdr *nlh = (struct nlmsghdr *)q;
	int fd = blocking_sock(), ret = -ETIMEDOUT, len, rem;
	const struct nlattr *a;
	double deadline = now() + 10;

	if (fd < 0)
		return -errno;
	memset(q, 0, sizeof(q));
	b.len = NLMSG_HDRLEN;
	put(&b, &g, sizeof(g));
	if (mode >= 0)
		attr_u8(&b, KWARDEN_A_MODE, (uint8_t)mode);
	nlh->nlmsg_len = (uint32_t)b.len;
	nlh->nlmsg_type = fam.id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 0x7fff0000 + cmd;
	if ((ret = sendbuf(fd, q, b.len)))
		goto out;
	ret = -ETIMEDOUT;
	while (now() < deadline) {
		len = (int)recv(fd, rbuf, sizeof(rbuf), 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (nlh = (struct nlmsghdr *)rbuf; len >= (int)NLMSG_HDRLEN &&
		     nlh->nlmsg_len >= NLMSG_HDRLEN && nlh->nlmsg_len <= (uint32_t)len;
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != 0x7fff0000U + cmd)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int e = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;

				/* the ack that follows a reply */
				if (ret == 1 && !e)
					goto out;
				ret = e;
				goto out;
			}
			if (nlh->nlmsg_type == fam.id) {
				ret = 1;
				for_each_attr(a, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
					      nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem)
					if ((a->nla_type & NLA_TYPE_MASK) == KWARDEN_A_MODE &&
					    a->nla_len == NLA_HDRLEN + 1 && mode_out)
						*mode_out = *((const uint8_t *)a + NLA_HDRLEN);
			}
		}
	}
out:
	close(fd);
	return ret;
}

/*
 * The family's netlink policies as the controller dumps them
 * (CTRL_CMD_GETPOLICY), whole and for each command number: the kernel
 * walks kwarden's nla_policy tables, nested ones included. Returns the
 * messages received, or -errno.
 */
static int ctrl_policy_dump(int op)
{
	unsigned char q[64];
	struct buf b = { q, 0, sizeof(q) };
	struct genlmsghdr g = { .cmd = CTRL_CMD_GETPOLICY, .version = 1 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)q;
	int fd = blocking_sock(), n = 0, len, ret = -ETIMEDOUT;
	uint16_t id = fam.id;
	uint32_t o = (uint32_t)op;
	double deadline = now() + 10;

	if (fd < 0)
		return -errno;
	memset(q, 0, sizeof(q));
	b.len = NLMSG_HDRLEN;
	put(&b, &g, sizeof(g));
	attr(&b, CTRL_ATTR_FAMILY_ID, &id, 2);
	if (op >= 0)
		attr(&b, CTRL_ATTR_OP, &o, 4);
	nlh->nlmsg_len = (uint32_t)b.len;
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 0x7ffe0000;
	if ((ret = sendbuf(fd, q, b.len)))
		goto out;
	ret = -ETIMEDOUT;
	while (now() < deadline) {
		len = (int)recv(fd, rbuf, sizeof(rbuf), 0);
		if (len < 0) {
			ret = -errno;
			break;
		}
		for (nlh = (struct nlmsghdr *)rbuf; len >= (int)NLMSG_HDRLEN; nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > (uint32_t)len) {
				violation(NULL, "malformed policy dump message");
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				ret = n;
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				ret = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				goto out;
			}
			n++;
		}
	}
out:
	close(fd);
	return ret;
}

static void sock_setup(struct sk *s)
{
	int v, o;
	static const int opts[] = { NETLINK_EXT_ACK, NETLINK_CAP_ACK, NETLINK_GET_STRICT_CHK,
		NETLINK_NO_ENOBUFS, NETLINK_BROADCAST_ERROR, NETLINK_PKTINFO,
		NETLINK_LISTEN_ALL_NSID };

	memset(s, 0, sizeof(*s));
	s->fd = nl_open(1);
	if (s->fd < 0)
		return;
	for (o = 0; o < (int)(sizeof(opts) / sizeof(opts[0])); o++) {
		if (rnd(3))
			continue;
		v = (int)rnd(2);
		if (setsockopt(s->fd, SOL_NETLINK, opts[o], &v, sizeof(v)) < 0)
			st.setsockopt_fail++;
	}
	if (!rnd(8)) {
		v = 1024 + (int)rnd(8192);	/* small: overruns, stalled dumps */
		setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	}
}

static void mcast(struct sk *s, int join)
{
	uint32_t grp = fam.events_grp;
	int e;

	if (!grp)
		return;
	if (!rnd(10))
		grp = rnd(2) ? fam.events_grp + 1 : (uint32_t)rnd(64);
	if (setsockopt(s->fd, SOL_NETLINK, join ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP,
		       &grp, sizeof(grp)) == 0) {
		if (!join || grp != fam.events_grp)
			return;
		s->member = 1;
		st.mcast_ok++;
		if (unpriv && !opt.netns)
			violation(NULL, "joined the events group (%u) without CAP_SYS_ADMIN", grp);
		return;
	}
	e = errno;
	if (!join || grp != fam.events_grp)
		return;
	if (e == EPERM)
		st.mcast_eperm++;
	else
		st.mcast_other++;
	if (!unpriv && !opt.churn)
		violation(NULL, "root could not join the events group: %s", strerror(e));
	else if (unpriv && e != EPERM && !opt.churn && !opt.netns)
		violation(NULL, "joining the events group failed with %s, not EPERM", strerror(e));
}

/* Legacy bind() with a group bitmask, for group ids below 32. */
static void mcast_bind(struct sk *s)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (!fam.events_grp || fam.events_grp > 32)
		return;
	sa.nl_groups = 1U << (fam.events_grp - 1);
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		s->member = 1;
		if (unpriv && !opt.netns)
			violation(NULL, "bind() to the events group without CAP_SYS_ADMIN");
	}
}

/* ---- replies ---------------------------------------------------------- */

/*
 * What the kernel may answer a request of ours. A reply to no request we
 * know came from bytes the kernel read as a header after a wrong length:
 * anything goes there.
 */
static int allowed_errno(const struct req *r, int e)
{
	if (!r)
		return 1;
	/* a socket runs one dump at a time; a full socket cannot start one */
	if (r->cmd == KWARDEN_CMD_GET_POLICY && (r->flags & NLM_F_DUMP) == NLM_F_DUMP &&
	    (e == EBUSY || e == ENOBUFS))
		return 1;
	/* a table for another policy than the one in force */
	if (r->cmd == KWARDEN_CMD_SET_WORKLOADS && e == ESTALE)
		return 1;
	/* a status reply that did not fit our full socket */
	if (r->cmd == KWARDEN_CMD_GET_STATUS && e == EAGAIN)
		return 1;
	/* a dump cannot take a reference on a module being unloaded */
	if (opt.churn && e == EPROTONOSUPPORT)
		return 1;
	switch (e) {
	case EINVAL: case ERANGE: case E2BIG: case EOPNOTSUPP: case EMSGSIZE:
		return 1;
	case EPERM:
		return unpriv;
	case ENOENT:
		return opt.churn || opt.netns;
	default:
		return 0;
	}
}

static struct req *lookup(uint32_t seq)
{
	struct req *r = &ring[seq % RING];

	return r->seq == seq ? r : NULL;
}

/* A reply of the family: a status, a dump part or an event. */
static void on_data(const struct nlmsghdr *nlh, struct req *r)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	const struct nlattr *a;
	int rem;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		violation(r, "reply shorter than a genl header (%u)", nlh->nlmsg_len);
		return;
	}
	rem = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	for (a = (const struct nlattr *)((const char *)g + GENL_HDRLEN); attr_ok(a, rem);
	     a = attr_next(a, &rem)) {
		if ((a->nla_type & NLA_TYPE_MASK) == KWARDEN_A_MODE && g->cmd == KWARDEN_CMD_GET_STATUS &&
		    a->nla_len == NLA_HDRLEN + 1 && *((const uint8_t *)a + NLA_HDRLEN) != KWARDEN_MODE_DETECT) {
			violation(r, "status says mode %u: the fuzzer never asked for enforce",
				  *((const uint8_t *)a + NLA_HDRLEN));
			request(KWARDEN_CMD_SET_MODE, KWARDEN_MODE_DETECT, NULL);
		}
	}
	if (rem > 3 || rem < 0)
		violation(r, "reply cmd %u has %d bytes that are not attributes", g->cmd, rem);
	if (g->cmd == KWARDEN_CMD_EVENT && nlh->nlmsg_seq == 0) {
		st.events++;
		if (opt.netns)
			violation(NULL, "an event reached a socket in another network namespace");
		return;
	}
	st.data++;
	if (!r)
		return;
	st.replies++;
	if (r->request && !r->answered && g->cmd == r->cmd)
		st.ok_cmd[r->cmd]++;
	r->answered = 1;
	if (unpriv && r->admin)
		violation(r, "unprivileged request for admin command %u was answered (cmd %u)",
			  r->cmd, g->cmd);
	if (r->expect == EX_ENOENT)
		violation(r, "request answered from another network namespace");
}

static void on_error(const struct nlmsghdr *nlh, struct req *r, int e, int done)
{
	if (e < 0 && -e < NERR)
		st.errs[-e]++;
	else if (e)
		st.err_other++;
	if (done) {
		st.done++;
		if (e)
			st.done_err++;
	} else if (!e) {
		st.acks++;
	}
	if (e && !allowed_errno(r, -e))
		violation(r, "unexpected error %d (%s)", e, strerror(-e));
	if (!e && unpriv && !opt.netns && r && r->admin)
		violation(r, "unprivileged request for admin command %u succeeded", r->cmd);
	if (!r) {
		(void)nlh;
		return;
	}
	st.replies++;
	if (!e && r->request && !r->answered && !done)
		st.ok_cmd[r->cmd]++;
	if (r->admin && unpriv) {
		if (e == -EPERM)
			st.admin_refused++;
		else if (e == -EOPNOTSUPP)
			st.admin_notsupp++;
	}
	if (!e && done && r->answered)
		return;		/* end of a dump we saw parts of */
	if (r->expect == EX_NONE)
		goto out;
	st.admin_checked += r->expect != EX_ENOENT;
	if (r->expect == EX_EPERM && e != -EPERM && !(opt.churn && e == -ENOENT))
		violation(r, "admin command %u: expected EPERM, got %d", r->cmd, e);
	else if (r->expect == EX_EPERM_OR_NOTSUPP && e != -EPERM && e != -EOPNOTSUPP &&
		 !(opt.churn && e == -ENOENT))
		violation(r, "admin command %u: expected EPERM or EOPNOTSUPP, got %d", r->cmd, e);
	else if (r->expect == EX_ENOENT && e != -ENOENT)
		violation(r, "another network namespace: expected ENOENT, got %d", e);
out:
	r->expect = EX_NONE;	/* judged once */
	r->answered = 1;
}

static void parse_replies(const unsigned char *p, int len)
{
	const struct nlmsghdr *nlh;

	for (nlh = (const struct nlmsghdr *)p; len >= (int)NLMSG_HDRLEN;
	     nlh = NLMSG_NEXT(nlh, len)) {
		struct req *r;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > (uint32_t)len) {
			violation(NULL, "malformed reply: nlmsg_len %u of %d bytes", nlh->nlmsg_len, len);
			cur_reply = NULL;
			return;
		}
		r = lookup(nlh->nlmsg_seq);
		cur_reply = nlh;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(nlh);

			if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
				violation(r, "short NLMSG_ERROR");
				continue;
			}
			/* the header the kernel answered must be the one we sent */
			if (r && (r->keep_len < sizeof(struct nlmsghdr) ||
				  memcmp(&e->msg, r->keep, sizeof(struct nlmsghdr))))
				r = NULL;
			on_error(nlh, r, e->error, 0);
		} else if (nlh->nlmsg_type == NLMSG_DONE) {
			int e = 0;

			if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
				memcpy(&e, NLMSG_DATA(nlh), sizeof(e));
			on_error(nlh, r, e, 1);
		} else if (nlh->nlmsg_type == fam.id) {
			on_data(nlh, r);
		} else if (nlh->nlmsg_type == NLMSG_NOOP || nlh->nlmsg_type == NLMSG_OVERRUN) {
			st.recv_other++;
		} else {
			st.recv_other++;
		}
	}
	cur_reply = NULL;
}

/* Reads what is there, without waiting; at most @max datagrams. */
static void drain(struct sk *s, int max)
{
	int i, n;

	if (s->fd < 0 || s->noread)
		return;
	for (i = 0; i < max; i++) {
		n = (int)recv(s->fd, rbuf, sizeof(rbuf), MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			if (errno == ENOBUFS) {
				st.enobufs++;
				continue;
			}
			if (errno != EAGAIN && errno != EINTR)
				st.recv_other++;
			return;
		}
		if (n > (int)sizeof(rbuf)) {
			st.truncated_replies++;
			n = sizeof(rbuf);
		}
		cur_sock = (int)(s - socks);
		parse_replies(rbuf, n);
	}
}

static void reopen(struct sk *s)
{
	if (s->fd >= 0) {
		if (s->dumping)
			st.dumps_abandoned++;
		close(s->fd);
	}
	st.reopen++;
	sock_setup(s);
	if (s->fd >= 0 && !rnd(6))
		mcast(s, 1);
}

/* Starts a policy dump on @s: 0 when sent. */
static int dump_send(struct sk *s)
{
	unsigned char q[64];
	struct nlmsghdr *nlh = (struct nlmsghdr *)q;
	struct genlmsghdr g = { .cmd = KWARDEN_CMD_GET_POLICY, .version = 1 };
	struct req *r;
	uint32_t seq = next_seq++;

	memset(q, 0, sizeof(q));
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlh->nlmsg_type = fam.id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP | (rnd(2) ? NLM_F_ACK : 0);
	nlh->nlmsg_seq = seq;
	memcpy(q + NLMSG_HDRLEN, &g, sizeof(g));
	r = &ring[seq % RING];
	memset(r, 0, offsetof(struct req, keep));
	r->seq = seq;
	r->cmd = KWARDEN_CMD_GET_POLICY;
	r->flags = nlh->nlmsg_flags;
	r->len = nlh->nlmsg_len;
	r->admin = 1;
	r->request = 1;
	r->expect = opt.netns ? EX_ENOENT : unpriv ? EX_EPERM : EX_NONE;
	r->keep_len = (uint16_t)nlh->nlmsg_len;
	memcpy(r->keep, q, r->keep_len);
	if (sendbuf(s->fd, q, nlh->nlmsg_len))
		return -1;
	st.msgs++;
	st.dgrams++;
	st.dumps++;
	s->dumping = 1;
	return 0;
}

/* A policy dump, then: read it, read one part, never read it, or close. */
static void dump(struct sk *s)
{
	if (dump_send(s))
		return;
	switch (rnd(4)) {
	case 0:
		drain(s, 1000);
		s->dumping = 0;
		break;
	case 1:
		if (!opt.churn) {	/* one part, the rest some other time */
			drain(s, 1);
			break;
		}
		drain(s, 1000);
		s->dumping = 0;
		break;
	case 2:
		if (!opt.churn) {	/* an unread dump holds the module */
			s->noread = 1;
			break;
		}
		/* fall through */
	default:
		reopen(s);
	}
}

/* ---- namespaces and privileges ---------------------------------------- */

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

static int drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		perror("genlfuzz: cannot become nobody");
		return -1;
	}
	return 0;
}

static int enter_userns(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER)) {
		perror("genlfuzz: unshare(CLONE_NEWUSER)");
		return -1;
	}
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	if (write_file("/proc/self/setgroups", "deny") ||
	    write_file("/proc/self/uid_map", map)) {
		perror("genlfuzz: uid_map");
		return -1;
	}
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	if (write_file("/proc/self/gid_map", map)) {
		perror("genlfuzz: gid_map");
		return -1;
	}
	return 0;
}

/*
 * In a new network namespace: give the initial one an id here, so that a
 * socket with NETLINK_LISTEN_ALL_NSID could hear its multicasts if the
 * kernel let it (it must not: that needs CAP_NET_BROADCAST over the
 * initial namespace). Best effort.
 */
static void assign_nsid(int initfd)
{
	unsigned char q[128];
	struct buf b = { q, 0, sizeof(q) };
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nlmsghdr *nlh = (struct nlmsghdr *)q;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), id = 7;
	uint32_t f = (uint32_t)initfd;
	struct timeval tv = { .tv_sec = 2 };
	int n;

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(q, 0, sizeof(q));
	b.len = NLMSG_HDRLEN;
	put(&b, &g, sizeof(g));
	pad4(&b);
	attr(&b, NETNSA_FD, &f, 4);
	attr(&b, NETNSA_NSID, &id, 4);
	nlh->nlmsg_len = (uint32_t)b.len;
	nlh->nlmsg_type = RTM_NEWNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	if (sendto(fd, q, b.len, 0, (struct sockaddr *)&sa, sizeof(sa)) > 0) {
		n = (int)recv(fd, rbuf, sizeof(rbuf), 0);
		if (n >= (int)NLMSG_LENGTH(sizeof(int)) &&
		    ((struct nlmsghdr *)rbuf)->nlmsg_type == NLMSG_ERROR)
			printf("genlfuzz: nsid for the initial netns: %s\n",
			       strerror(-((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)rbuf))->error));
	}
	close(fd);
}

/*
 * For --dry: could the kernel, starting a header at any aligned offset of
 * the datagram, read a SET_MODE request carrying a mode attribute of 1
 * (enforce)? Walks every attribute chain such a header would start.
 */
static long spells_enforce(const unsigned char *p, size_t len)
{
	long found = 0;
	size_t o;

	for (o = 0; o + NLMSG_HDRLEN + GENL_HDRLEN <= len; o += 4) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)(p + o);
		const struct genlmsghdr *g = (const struct genlmsghdr *)(p + o + NLMSG_HDRLEN);
		const struct nlattr *a;
		int rem;

		if (nlh->nlmsg_type != fam.id || !(nlh->nlmsg_flags & NLM_F_REQUEST) ||
		    g->cmd != KWARDEN_CMD_SET_MODE || nlh->nlmsg_len > len - o ||
		    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
			continue;
		for_each_attr(a, (const char *)g + GENL_HDRLEN,
			      nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem)
			if ((a->nla_type & NLA_TYPE_MASK) == KWARDEN_A_MODE && a->nla_len >= NLA_HDRLEN + 1 &&
			    *((const uint8_t *)a + NLA_HDRLEN) == KWARDEN_MODE_ENFORCE)
				found++;
	}
	return found;
}

/* ---- main ------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: genlfuzz [-n COUNT] [-s SEED] [-t SECONDS] [--as root|nobody]\n"
		"                [--userns] [--netns] [--sockets N] [--churn] [--hold SECS] [-v]\n");
	exit(2);
}

static void parse_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "time", required_argument, NULL, 't' },
		{ "as", required_argument, NULL, 'a' },
		{ "userns", no_argument, NULL, 'U' },
		{ "netns", no_argument, NULL, 'N' },
		{ "sockets", required_argument, NULL, 'k' },
		{ "churn", no_argument, NULL, 'c' },
		{ "hold", required_argument, NULL, 'H' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "dry", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	int c, have_seed = 0;

	while ((c = getopt_long(argc, argv, "n:s:t:v", lo, NULL)) != -1) {
		switch (c) {
		case 'n': opt.count = atol(optarg); break;
		case 's': opt.seed = strtoull(optarg, NULL, 0); have_seed = 1; break;
		case 't': opt.time_limit = atof(optarg); break;
		case 'a':
			if (!strcmp(optarg, "root"))
				opt.as = AS_ROOT;
			else if (!strcmp(optarg, "nobody"))
				opt.as = AS_NOBODY;
			else
				usage();
			break;
		case 'U': opt.userns = 1; break;
		case 'N': opt.netns = 1; break;
		case 'k': opt.nsocks = atoi(optarg); break;
		case 'c': opt.churn = 1; break;
		case 'H': opt.hold = atoi(optarg); break;
		case 'v': opt.verbose = 1; break;
		case 'D': opt.dry = 1; break;
		default: usage();
		}
	}
	if (optind != argc || opt.count < 0 || opt.nsocks < 1 || opt.nsocks > MAX_SOCKS ||
	    opt.time_limit <= 0)
		usage();
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		opt.seed = ((uint64_t)ts.tv_sec * 1000003ULL) ^ (uint64_t)ts.tv_nsec ^
			   ((uint64_t)getpid() << 32);
	}
}

/* --hold: a dump nobody reads keeps a reference on the module. */
static int hold_dump(void)
{
	struct sk s;

	sock_setup(&s);
	if (s.fd < 0)
		return 1;
	if (dump_send(&s)) {
		perror("genlfuzz: dump");
		return 1;
	}
	printf("genlfuzz: holding a policy dump for %d s\n", opt.hold);
	fflush(stdout);
	sleep((unsigned)opt.hold);
	return 0;
}

static void final_checks(void)
{
	uint8_t mode = 0xff;
	int ret;

	if (opt.churn && resolve_family())
		return;		/* the module may be gone: nothing to check */
	ret = request(KWARDEN_CMD_GET_STATUS, -1, &mode);
	if (opt.netns) {
		if (ret != -ENOENT)
			violation(NULL, "status from another network namespace: %d", ret);
		return;
	}
	if (ret != 1)
		violation(NULL, "status does not answer after the fuzz: %d", ret);
	else if (mode != KWARDEN_MODE_DETECT)
		violation(NULL, "mode is %u after the fuzz, not detect", mode);
	ret = request(KWARDEN_CMD_RESET_POLICY, -1, NULL);
	if (ret != (unpriv ? -EPERM : 0))
		violation(NULL, "final RESET_POLICY: %d", ret);
	ret = request(KWARDEN_CMD_SET_MODE, KWARDEN_MODE_DETECT, NULL);
	if (ret != (unpriv ? -EPERM : 0))
		violation(NULL, "final SET_MODE detect: %d", ret);
	mode = 0xff;
	ret = request(KWARDEN_CMD_GET_STATUS, -1, &mode);
	if (ret != 1 || mode != KWARDEN_MODE_DETECT)
		violation(NULL, "status at the end: %d, mode %u", ret, mode);
}

int main(int argc, char **argv)
{
	struct buf b = { dgram, 0, sizeof(dgram) };
	long enoent_seen = 0;
	int initns = -1, i, ret;
	double deadline;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	rs = opt.seed ? opt.seed : 1;
	next_seq += rnd(0x100000);
	printf("genlfuzz: seed=%llu count=%ld time=%gs as=%s%s%s%s\n",
	       (unsigned long long)opt.seed, opt.count, opt.time_limit,
	       opt.as == AS_ROOT ? "root" : "nobody", opt.userns ? " userns" : "",
	       opt.netns ? " netns" : "", opt.churn ? " churn" : "");
	t_start = now();
	deadline = t_start + opt.time_limit;

	if (opt.dry) {
		/* the generator alone, e.g. under sanitizers on a host without kwarden */
		long bytes = 0, enforce = 0;

		fam.id = 0x20;
		fam.opflags[KWARDEN_CMD_GET_STATUS] = GENL_CMD_CAP_DO;
		fam.opflags[KWARDEN_CMD_SET_POLICY] = GENL_CMD_CAP_DO | GENL_ADMIN_PERM;
		fam.opflags[KWARDEN_CMD_GET_POLICY] = GENL_CMD_CAP_DUMP | GENL_ADMIN_PERM;
		unpriv = opt.as == AS_NOBODY;
		for (st.msgs = 0; st.msgs < opt.count; st.msgs++) {
			int j, n = rnd(4) ? 1 : 2 + (int)rnd(5);

			b.len = 0;
			for (j = 0; j < n; j++)
				gen_msg(&b, 1, 1);
			if (!unpriv)
				enforce += spells_enforce(b.p, b.len);
			parse_replies(b.p, (int)b.len);	/* the parser on garbage */
			bytes += (long)b.len;
		}
		printf("genlfuzz: dry run: %ld datagrams, %ld bytes, %ld could set enforce\n",
		       st.msgs, bytes, enforce);
		return enforce ? 1 : 0;
	}
	/* the id is learnt where the family lives, before any unshare */
	ret = resolve_family();
	if (ret && !opt.churn) {
		fprintf(stderr, "genlfuzz: family %s: %s\n", KWARDEN_GENL_NAME, strerror(-ret));
		return 3;
	}
	if (opt.netns)
		initns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (opt.as == AS_NOBODY && drop_to_nobody())
		return 1;
	if (opt.userns && enter_userns())
		return 1;
	if (opt.netns) {
		if (unshare(CLONE_NEWNET)) {
			perror("genlfuzz: unshare(CLONE_NEWNET)");
			return 1;
		}
		if (initns >= 0)
			assign_nsid(initns);
		ret = resolve_family();
		if (ret != -ENOENT)
			violation(NULL, "CTRL_CMD_GETFAMILY from another netns: %d, not ENOENT", ret);
		/* a failed lookup leaves what was learnt outside in fam */
		if (initns >= 0)
			close(initns);
	}
	unpriv = opt.as == AS_NOBODY || opt.userns;
	if (!fam.id && opt.netns) {
		fprintf(stderr, "genlfuzz: no family id\n");
		return 3;
	}
	printf("genlfuzz: family %s id=%u maxattr=%u events group=%u ops:", KWARDEN_GENL_NAME,
	       fam.id, fam.maxattr, fam.events_grp);
	for (i = 0; i < 256; i++)
		if (fam.opflags[i])
			printf(" %d%s%s%s", i, fam.opflags[i] & GENL_ADMIN_PERM ? "/admin" : "",
			       fam.opflags[i] & GENL_CMD_CAP_DO ? "/do" : "",
			       fam.opflags[i] & GENL_CMD_CAP_DUMP ? "/dump" : "");
	printf("\n");
	if (fam.maxattr && fam.maxattr != KWARDEN_A_MAX)
		violation(NULL, "maxattr %u, kwarden.h says %d", fam.maxattr, KWARDEN_A_MAX);

	if (opt.hold >= 0)
		return hold_dump();
	if (!opt.netns) {
		ret = ctrl_policy_dump(-1);
		printf("genlfuzz: CTRL_CMD_GETPOLICY: %d messages;", ret);
		if (ret <= 0 && !opt.churn)
			violation(NULL, "the family's policy does not dump: %d", ret);
		for (i = 0; i <= KWARDEN_CMD_MAX + 3; i++)
			printf(" %d:%d", i, ctrl_policy_dump(i));
		printf("\n");
	}

	for (i = 0; i < opt.nsocks; i++) {
		sock_setup(&socks[i]);
		if (socks[i].fd < 0) {
			perror("genlfuzz: socket");
			return 1;
		}
		if (i % 8 == 0)
			mcast(&socks[i], 1);
		else if (i % 8 == 1)
			mcast_bind(&socks[i]);
	}

	while (st.msgs < opt.count) {
		struct sk *s = &socks[rnd((uint32_t)opt.nsocks)];
		int k = (int)rnd(1000), nmsg, j, intact = 1, err;
		size_t cut;

		if ((st.msgs & 63) == 0 && now() > deadline) {
			printf("genlfuzz: time limit reached\n");
			break;
		}
		if (s->fd < 0) {
			reopen(s);
			continue;
		}
		if (k < 6) {
			reopen(s);
		} else if (k < 12) {
			mcast(s, !s->member || rnd(2));
		} else if (k < 30) {
			dump(s);
		} else if (k < 33) {
			s->noread = 0;		/* catch up with an unread dump */
			drain(s, 1000);
		} else {
			b.len = 0;
			nmsg = chance(250) ? 2 + (int)rnd(5) : 1;
			if (nmsg > opt.count - st.msgs)
				nmsg = (int)(opt.count - st.msgs);
			for (j = 0; j < nmsg && room(&b, 4096); j++)
				intact &= gen_msg(&b, 1, intact);
			cut = b.len;
			if (chance(40))
				cut = rnd((uint32_t)b.len + 1);	/* a truncated datagram */
			if (cut < b.len) {
				/* what lies past the cut is never read */
				uint32_t q;

				for (q = next_seq - (uint32_t)j; q != next_seq; q++)
					ring[q % RING].expect = EX_NONE;
			}
			(void)intact;
			err = sendbuf(s->fd, b.p, cut);
			if (err) {
				if (-err < NERR)
					st.send_fail[-err]++;
				else
					st.send_other++;
			} else {
				st.msgs += j;
				st.dgrams++;
			}
		}
		drain(s, 4);
		if ((st.dgrams & 31) == 0)
			for (j = 0; j < opt.nsocks; j++)
				drain(&socks[j], 8);
		if (opt.churn && st.errs[ENOENT] != enoent_seen && (st.dgrams % 50) == 0) {
			uint16_t old = fam.id;

			enoent_seen = st.errs[ENOENT];
			if (resolve_family() == 0 && fam.id != old && opt.verbose)
				printf("genlfuzz: family id now %u\n", fam.id);
		}
	}
	/* the rest of what came back */
	for (i = 0; i < opt.nsocks; i++) {
		socks[i].noread = 0;
		drain(&socks[i], 2000);
	}
	for (i = 0; i < opt.nsocks; i++)
		if (socks[i].fd >= 0) {
			if (socks[i].dumping)
				st.dumps_abandoned++;
			close(socks[i].fd);
		}
	final_checks();

	printf("genlfuzz: done as=%s%s%s seed=%llu sent=%ld datagrams=%ld replies=%ld acks=%ld data=%ld "
	       "dump_done=%ld events=%ld enobufs=%ld dumps=%ld abandoned=%ld reopened=%ld "
	       "valid_policies=%ld mcast_ok=%ld mcast_eperm=%ld admin_checked=%ld "
	       "admin_refused_eperm=%ld admin_eopnotsupp=%ld violations=%ld time=%.1fs errors:",
	       opt.as == AS_ROOT ? "root" : "nobody", opt.userns ? "+userns" : "",
	       opt.netns ? "+netns" : "", (unsigned long long)opt.seed, st.msgs, st.dgrams,
	       st.replies, st.acks, st.data, st.done, st.events, st.enobufs, st.dumps,
	       st.dumps_abandoned, st.reopen, st.policies_valid, st.mcast_ok, st.mcast_eperm,
	       st.admin_checked, st.admin_refused, st.admin_notsupp, st.violations,
	       now() - t_start);
	print_errs(stdout, st.errs);
	if (st.err_other)
		printf(" other=%ld", st.err_other);
	printf(" succeeded:");
	for (i = 0; i < 256; i++)
		if (st.ok_cmd[i])
			printf(" cmd%d=%ld", i, st.ok_cmd[i]);
	printf(" send_errors:");
	print_errs(stdout, st.send_fail);
	printf("\n");
	if (opt.verbose)
		printf("genlfuzz: also: send_other=%ld dump_done_errors=%ld recv_other=%ld truncated=%ld "
		       "mcast_other=%ld resolves=%ld setsockopt_failed=%ld\n", st.send_other,
		       st.done_err, st.recv_other, st.truncated_replies, st.mcast_other,
		       st.resolves, st.setsockopt_fail);
	return st.violations ? 1 : 0;
}
