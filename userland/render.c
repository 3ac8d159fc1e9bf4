// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering a finding as a JSON line (yyjson does the escaping), a line
 * for people, or key=value pairs for syslog. Paths and argv are bytes an
 * attacker chose: everything is made valid UTF-8 before it is printed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "yyjson/yyjson.h"
#include "cli.h"

/* Length of the valid UTF-8 sequence at s, or 0 (RFC 3629 rules). */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

char *kw_utf8_sanitize(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = malloc(len * 3 + 1), *o = out;
	size_t i = 0;

	if (!out)
		return NULL;
	while (i < len) {
		size_t n = utf8_seq(u + i, len - i);

		if (n) {
			memcpy(o, u + i, n);
			o += n;
			i += n;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	*o = '\0';
	return out;
}

/*
 * A string value, referenced, not copied: the event outlives the
 * document. The writer makes it valid JSON whatever the bytes (see
 * KW_JSON_FLAGS).
 */
static yyjson_mut_val *jstr_n(yyjson_mut_doc *d, const char *s, size_t len)
{
	return s ? yyjson_mut_strn(d, s, len) : yyjson_mut_strn(d, "", 0);
}

static yyjson_mut_val *jstr(yyjson_mut_doc *d, const char *s)
{
	return jstr_n(d, s, s ? strlen(s) : 0);
}

/*
 * Invalid UTF-8 (paths and argv are bytes an attacker chose) is written
 * as U+FFFD; everything not ASCII is escaped, so a line is plain ASCII.
 */
#define KW_JSON_FLAGS (YYJSON_WRITE_ESCAPE_UNICODE | \
		       YYJSON_WRITE_ALLOW_INVALID_UNICODE)

/* Keys are literals: referenced, never copied or measured at run time. */
#define put(d, o, k, v) yyjson_mut_obj_add(o, yyjson_mut_strn(d, k, \
						sizeof(k) - 1), v)
#define put_str(d, o, k, v) put(d, o, k, jstr(d, v))
#define put_uint(d, o, k, v) put(d, o, k, yyjson_mut_uint(d, v))

/* The relay formats many events of the same second: cache its prefix. */
static void rfc3339(uint64_t ns, char *buf, size_t size)
{
	static time_t cached = -1;
	static char prefix[32];
	static size_t plen;
	time_t sec = (time_t)(ns / 1000000000ULL);
	uint32_t frac = (uint32_t)(ns % 1000000000ULL);
	int i;

	if (sec != cached) {
		struct tm tm;

		gmtime_r(&sec, &tm);
		plen = strftime(prefix, sizeof(prefix), "%Y-%m-%dT%H:%M:%S", &tm);
		cached = sec;
	}
	if (size < plen + 12) {
		buf[0] = '\0';
		return;
	}
	memcpy(buf, prefix, plen);
	buf[plen] = '.';
	for (i = 9; i >= 1; i--, frac /= 10)
		buf[plen + i] = (char)('0' + frac % 10);
	buf[plen + 10] = 'Z';
	buf[plen + 11] = '\0';
}

static yyjson_mut_val *argv_array(yyjson_mut_doc *d, const struct kw_event *ev)
{
	yyjson_mut_val *a = yyjson_mut_arr(d);
	size_t i = 0;

	while (i < ev->argv_len) {
		const char *s = ev->argv + i;
		const char *nul = memchr(s, '\0', ev->argv_len - i);
		size_t n = nul ? (size_t)(nul - s) : ev->argv_len - i;

		yyjson_mut_arr_append(a, jstr_n(d, s, n));
		i += n + 1;
	}
	return a;
}

static const char *action_name(unsigned int a)
{
	return a == KWARDEN_ACTION_BLOCKED ? "blocked" : "alert";
}

/*
 * Documents come from one allocator that keeps its chunks: after the
 * first events, rendering one costs no malloc() but the line's.
 */
static yyjson_mut_doc *doc_new(void)
{
	static yyjson_alc *alc;

	if (!alc)
		alc = yyjson_alc_dyn_new();
	return yyjson_mut_doc_new(alc);
}

/* The document as one line; NULL if it could not be written. */
static char *write_line(yyjson_mut_doc *d, yyjson_mut_val *root)
{
	char *line;

	yyjson_mut_doc_set_root(d, root);
	line = yyjson_mut_write(d, KW_JSON_FLAGS, NULL);
	yyjson_mut_doc_free(d);
	return line;
}

char *kw_render_json(const struct kw_event *ev, const char *host)
{
	yyjson_mut_doc *d = doc_new();
	yyjson_mut_val *o, *p, *par, *c, *m;
	char ts[64];

	if (!d)
		return NULL;
	o = yyjson_mut_obj(d);
	rfc3339(ev->ts, ts, sizeof(ts));
	put(d, o, "ts", yyjson_mut_strn(d, ts, strlen(ts)));
	put_uint(d, o, "seq", ev->seq);
	put_str(d, o, "host", host);
	put_str(d, o, "rule", ev->rule);
	put_str(d, o, "technique", ev->technique);
	put_str(d, o, "severity", kw_severity_str(ev->severity));
	put_str(d, o, "action", action_name(ev->action));

	p = yyjson_mut_obj(d);
	put_uint(d, p, "pid", ev->pid);
	put_uint(d, p, "tid", ev->tid);
	put_uint(d, p, "ppid", ev->ppid);
	put_uint(d, p, "uid", ev->uid);
	put_uint(d, p, "gid", ev->gid);
	put_uint(d, p, "euid", ev->euid);
	put_str(d, p, "comm", ev->comm);
	put_str(d, p, "filename", ev->filename);
	put_str(d, p, "exe", ev->exe);
	put_str(d, p, "interp", ev->interp);
	put(d, p, "argv", argv_array(d, ev));
	put(d, p, "argv_truncated", yyjson_mut_bool(d, ev->argv_truncated));
	put_str(d, p, "cwd", ev->cwd);
	put(d, o, "process", p);

	par = yyjson_mut_obj(d);
	put_uint(d, par, "pid", ev->parent_pid);
	put_str(d, par, "comm", ev->parent_comm);
	put_str(d, par, "exe", ev->parent_exe);
	put(d, o, "parent", par);

	c = yyjson_mut_obj(d);
	put_str(d, c, "id", ev->container_id);
	put_str(d, c, "runtime", kw_runtime_name(ev->runtime));
	put_str(d, c, "cgroup", ev->cgroup);
	put_str(d, c, "pod_uid", ev->pod_uid);
	put_str(d, c, "hostname", ev->hostname);
	put_uint(d, c, "pidns", ev->pidns);
	put_uint(d, c, "mntns", ev->mntns);
	put_uint(d, c, "utsns", ev->utsns);
	put_uint(d, c, "cgroupns", ev->cgroupns);
	put_uint(d, c, "pidns_level", ev->pidns_level);
	put(d, o, "container", c);

	m = yyjson_mut_obj(d);
	put_str(d, m, "on", kw_match_on_name(ev->match_on));
	put_str(d, m, "name", ev->match_name);
	put_str(d, m, "pattern", ev->match_pattern);
	put(d, o, "match", m);
	return write_line(d, o);
}

char *kw_render_lost_json(uint64_t lost, const char *why)
{
	yyjson_mut_doc *d = doc_new();
	yyjson_mut_val *o;

	if (!d)
		return NULL;
	o = yyjson_mut_obj(d);
	put_uint(d, o, "lost", lost);
	put_str(d, o, "reason", why);
	return write_line(d, o);
}

/* A growing buffer for the line formats. */
struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);

		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/*
 * A value for key=value output: bare if it is plain, otherwise quoted
 * with \" \\ and \xNN escapes, so a parser never sees a stray space,
 * quote or control byte from argv.
 */
static void sb_val(struct sbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	bool plain = n > 0;
	size_t i;

	for (i = 0; i < n && plain; i++) {
		unsigned char c = s[i];

		plain = c > 0x20 && c < 0x7f && c != '"' && c != '\\' &&
			c != '=';
	}
	if (plain) {
		sb_add(b, s, n);
		return;
	}
	sb_add(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

		if (c == '"' || c == '\\') {
			sb_add(b, "\\", 1);
			sb_add(b, (const char *)&s[i], 1);
		} else if (c < 0x20 || c == 0x7f) {
			sb_add(b, esc, 4);
		} else {
			sb_add(b, (const char *)&s[i], 1);
		}
	}
	sb_add(b, "\"", 1);
}

static void sb_kv(struct sbuf *b, const char *k, const char *v)
{
	char *clean = kw_utf8_sanitize(v, strlen(v));

	if (b->len)
		sb_add(b, " ", 1);
	sb_str(b, k);
	sb_add(b, "=", 1);
	sb_val(b, clean ? clean : "", clean ? strlen(clean) : 0);
	free(clean);
}

static void sb_kvu(struct sbuf *b, const char *k, unsigned long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%llu", v);
	sb_kv(b, k, num);
}

/* argv joined by spaces, each argument quoted only when it needs it. */
static char *argv_joined(const struct kw_event *ev)
{
	struct sbuf b = { 0 };
	size_t i = 0;

	sb_add(&b, "", 0);
	while (i < ev->argv_len) {
		const char *s = ev->argv + i;
		const char *nul = memchr(s, '\0', ev->argv_len - i);
		size_t n = nul ? (size_t)(nul - s) : ev->argv_len - i;
		char *clean = kw_utf8_sanitize(s, n);

		if (i)
			sb_add(&b, " ", 1);
		if (clean) {
			sb_val(&b, clean, strlen(clean));
			free(clean);
		}
		i += n + 1;
	}
	if (ev->argv_truncated)
		sb_str(&b, " ...");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

char *kw_render_syslog(const struct kw_event *ev)
{
	struct sbuf b = { 0 };
	char *argv = argv_joined(ev);

	sb_kv(&b, "rule", ev->rule);
	sb_kv(&b, "technique", ev->technique);
	sb_kv(&b, "action", action_name(ev->action));
	sb_kv(&b, "severity", kw_severity_str(ev->severity));
	sb_kv(&b, "container", ev->container_id);
	sb_kv(&b, "runtime", kw_runtime_name(ev->runtime));
	sb_kv(&b, "pod", ev->pod_uid);
	sb_kvu(&b, "pid", ev->pid);
	sb_kvu(&b, "uid", ev->uid);
	sb_kv(&b, "exe", ev->exe);
	if (b.len)
		sb_str(&b, " argv=");
	if (argv)
		sb_val(&b, argv, strlen(argv));
	sb_kv(&b, "cgroup", ev->cgroup);
	sb_kvu(&b, "seq", ev->seq);
	free(argv);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

char *kw_render_text(const struct kw_event *ev)
{
	struct sbuf b = { 0 };
	char ts[64], head[256];
	char *argv = argv_joined(ev);
	const char *id = ev->container_id;

	rfc3339(ev->ts, ts, sizeof(ts));
	snprintf(head, sizeof(head), "%s %s %s (%s)", ts,
		 ev->action == KWARDEN_ACTION_BLOCKED ? "BLOCKED" : "ALERT",
		 ev->rule, ev->technique);
	sb_str(&b, head);
	if (*id) {
		char c[96];

		snprintf(c, sizeof(c), " container=%s:%.12s",
			 kw_runtime_name(ev->runtime), id);
		sb_str(&b, c);
	}
	if (*ev->pod_uid)
		sb_kv(&b, "pod", ev->pod_uid);
	sb_kvu(&b, "pid", ev->pid);
	sb_kv(&b, "exe", ev->exe);
	sb_str(&b, " argv=[");
	if (argv)
		sb_str(&b, argv);
	sb_str(&b, "]");
	sb_kv(&b, "match", ev->match_pattern);
	free(argv);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
