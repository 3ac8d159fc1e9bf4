// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering a finding as a JSON line (json-c does the escaping), a line
 * for people, or key=value pairs for syslog. Paths and argv are bytes an
 * attacker chose: everything is made valid UTF-8 before it is printed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
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

static bool plain_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 || !s[i])
			return false;
	return true;
}

static json_object *jstr_n(const char *s, size_t len)
{
	char *clean;
	json_object *j;

	if (!s)
		return json_object_new_string("");
	/* the common case needs no copy: ASCII is valid UTF-8 */
	if (plain_ascii(s, len))
		return json_object_new_string_len(s, (int)len);
	clean = kw_utf8_sanitize(s, len);
	j = json_object_new_string(clean ? clean : "");
	free(clean);
	return j;
}

static json_object *jstr(const char *s)
{
	return jstr_n(s, s ? strlen(s) : 0);
}

/* Keys are literals and each is added once: json-c need not copy or look. */
static void put(json_object *o, const char *k, json_object *v)
{
	json_object_object_add_ex(o, k, v, JSON_C_OBJECT_ADD_KEY_IS_NEW |
					   JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

static void rfc3339(uint64_t ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	gmtime_r(&sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%09lluZ",
		 (unsigned long long)(ns % 1000000000ULL));
}

static json_object *argv_array(const struct kw_event *ev)
{
	json_object *a = json_object_new_array();
	size_t i = 0;

	while (i < ev->argv_len) {
		const char *s = ev->argv + i;
		const char *nul = memchr(s, '\0', ev->argv_len - i);
		size_t n = nul ? (size_t)(nul - s) : ev->argv_len - i;

		json_object_array_add(a, jstr_n(s, n));
		i += n + 1;
	}
	return a;
}

static const char *action_name(unsigned int a)
{
	return a == KWARDEN_ACTION_BLOCKED ? "blocked" : "alert";
}

char *kw_render_json(const struct kw_event *ev, const char *host)
{
	json_object *o = json_object_new_object();
	json_object *p = json_object_new_object();
	json_object *par = json_object_new_object();
	json_object *c = json_object_new_object();
	json_object *m = json_object_new_object();
	char ts[64];
	char *line;

	rfc3339(ev->ts, ts, sizeof(ts));
	put(o, "ts", json_object_new_string(ts));
	put(o, "seq", json_object_new_int64((int64_t)ev->seq));
	put(o, "host", jstr(host));
	put(o, "rule", json_object_new_string(ev->rule));
	put(o, "technique",
	    json_object_new_string(ev->technique));
	put(o, "severity",
	    json_object_new_string(kw_severity_str(ev->severity)));
	put(o, "action", json_object_new_string(action_name(ev->action)));

	put(p, "pid", json_object_new_int64(ev->pid));
	put(p, "tid", json_object_new_int64(ev->tid));
	put(p, "ppid", json_object_new_int64(ev->ppid));
	put(p, "uid", json_object_new_int64(ev->uid));
	put(p, "gid", json_object_new_int64(ev->gid));
	put(p, "euid", json_object_new_int64(ev->euid));
	put(p, "comm", jstr(ev->comm));
	put(p, "filename", jstr(ev->filename));
	put(p, "exe", jstr(ev->exe));
	put(p, "interp", jstr(ev->interp));
	put(p, "argv", argv_array(ev));
	put(p, "argv_truncated", json_object_new_boolean(ev->argv_truncated));
	put(p, "cwd", jstr(ev->cwd));
	put(o, "process", p);

	put(par, "pid", json_object_new_int64(ev->parent_pid));
	put(par, "comm", jstr(ev->parent_comm));
	put(par, "exe", jstr(ev->parent_exe));
	put(o, "parent", par);

	put(c, "id", jstr(ev->container_id));
	put(c, "runtime", json_object_new_string(kw_runtime_name(ev->runtime)));
	put(c, "cgroup", jstr(ev->cgroup));
	put(c, "pod_uid", jstr(ev->pod_uid));
	put(c, "hostname", jstr(ev->hostname));
	put(c, "pidns", json_object_new_int64(ev->pidns));
	put(c, "mntns", json_object_new_int64(ev->mntns));
	put(c, "utsns", json_object_new_int64(ev->utsns));
	put(c, "cgroupns", json_object_new_int64(ev->cgroupns));
	put(c, "pidns_level", json_object_new_int64(ev->pidns_level));
	put(o, "container", c);

	put(m, "on", json_object_new_string(kw_match_on_name(ev->match_on)));
	put(m, "name", jstr(ev->match_name));
	put(m, "pattern", jstr(ev->match_pattern));
	put(o, "match", m);

	line = strdup(json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return line;
}

char *kw_render_lost_json(uint64_t lost, const char *why)
{
	json_object *o = json_object_new_object();
	char *line;

	put(o, "lost", json_object_new_int64((int64_t)lost));
	put(o, "reason", json_object_new_string(why));
	line = strdup(json_object_to_json_string_ext(o,
						      JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return line;
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
