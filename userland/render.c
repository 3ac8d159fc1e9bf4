// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering a finding as a JSON line (yyjson does the escaping), a line
 * for people, or key=value pairs for syslog. Paths and argv are bytes an
 * attacker chose: everything is made valid UTF-8 before it is printed.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "yyjson/yyjson.h"
#include "render.h"
#include "lib/cgroup.h"
#include "lib/ruleset.h"

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
 * Invalid UTF-8 (paths and argv are bytes an attacker chose) is written
 * as U+FFFD; everything not ASCII is escaped, so a line is plain ASCII.
 */
#define KW_JSON_FLAGS (YYJSON_WRITE_ESCAPE_UNICODE | \
		       YYJSON_WRITE_ALLOW_INVALID_UNICODE)

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

static const char *action_name(unsigned int a)
{
	return a == KWARDEN_ACTION_BLOCKED ? "blocked" : "alert";
}

/*
 * The event line's layout, in output order. The relay renders one
 * document over and over: it is built once from this table and each event
 * only sets its values, so a line costs no allocation but its own.
 */
enum jkind {
	J_OBJ, J_END, J_STR, J_U8, J_U32, J_U64, J_BOOL,
	J_TS, J_OTS, J_HOST, J_SEVERITY, J_ACTION, J_RUNTIME, J_MATCH_ON, J_ARGV,
};

struct jfield {
	const char *key;
	uint8_t kind;
	uint16_t off;		/* in struct kw_event */
};

/* A field's kind, from its wire type (RAW view) or its view. */
#define JK_U8		J_U8
#define JK_U32		J_U32
#define JK_U64		J_U64
#define JK_OU64		J_U64
#define JK_STR		J_STR
#define JK_OSTR		J_STR
#define JK_FLAG		J_BOOL
#define JK_NONE		J_STR	/* a string the relay adds */
#define JV_RAW(w)	JK_##w
#define JV_TS(w)	JT_##w
/* a time always sent, or one sent only when not 0 (absent: "") */
#define JT_U64		J_TS
#define JT_OU64		J_OTS
#define JV_HOST(w)	J_HOST
#define JV_SEVERITY(w)	J_SEVERITY
#define JV_ACTION(w)	J_ACTION
#define JV_RUNTIME(w)	J_RUNTIME
#define JV_MATCH_ON(w)	J_MATCH_ON
#define JV_ARGV(w)	J_ARGV
/* a member only for the kinds that read one (host has none) */
#define JO_RAW(m)	offsetof(struct kw_event, m)
#define JO_TS(m)	offsetof(struct kw_event, m)
#define JO_HOST(m)	0
#define JO_SEVERITY(m)	0
#define JO_ACTION(m)	0
#define JO_RUNTIME(m)	0
#define JO_MATCH_ON(m)	0
#define JO_ARGV(m)	0
#define JF(attr, wire, member, key, view) \
	{ key, JV_##view(wire), JO_##view(member) },
#define JG(group, key) \
	{ key, J_OBJ, 0 }, KWARDEN_EVENT_##group(JF) { NULL, J_END, 0 },
static const struct jfield jfields[] = {
	KWARDEN_EVENT_TOP(JF)
	KWARDEN_EVENT_OBJECTS(JG)
};
#undef JF
#undef JG

#define JFIELDS (sizeof(jfields) / sizeof(jfields[0]))

/* every field of the schema is in the line, once: fields plus braces */
#define JN(attr, wire, member, key, view) + 1
#define JNG(group, key) + 2
_Static_assert(JFIELDS == 0 KWARDEN_EVENT(JN) KWARDEN_EVENT_OBJECTS(JNG),
	       "a field of kwarden_schema.h is missing from the JSON line");
_Static_assert(sizeof(struct kw_event) <= UINT16_MAX,
	       "struct kw_event's offsets are stored in 16 bits");
#undef JN
#undef JNG

static struct {
	yyjson_mut_doc *d;
	yyjson_mut_val *root;
	yyjson_mut_val *val[JFIELDS];
	yyjson_mut_val **words;	/* argv values, reused; grown on demand */
	size_t nwords;
	char *buf;		/* the line, reused */
	size_t cap;
	char ts[JFIELDS][40];	/* a time field's text, by its index */
} jt;

/*
 * A string value, referenced, not copied: the event outlives the line.
 * The writer makes it valid JSON whatever the bytes (see KW_JSON_FLAGS).
 */
static void jset_strn(yyjson_mut_val *v, const char *s, size_t len)
{
	yyjson_mut_set_strn(v, s, len);
}

static void jset_str(yyjson_mut_val *v, const char *s)
{
	if (!s)
		s = "";
	jset_strn(v, s, strlen(s));
}

static bool jt_build(void)
{
	yyjson_mut_val *stack[3], *cur, *v;
	size_t i, depth = 0;

	jt.d = yyjson_mut_doc_new(NULL);
	if (!jt.d)
		return false;
	cur = jt.root = yyjson_mut_obj(jt.d);
	for (i = 0; cur && i < JFIELDS; i++) {
		const struct jfield *f = &jfields[i];

		if (f->kind == J_END) {
			cur = stack[--depth];
			continue;
		}
		v = f->kind == J_OBJ ? yyjson_mut_obj(jt.d) :
		    f->kind == J_ARGV ? yyjson_mut_arr(jt.d) :
		    yyjson_mut_null(jt.d);
		if (!v || !yyjson_mut_obj_add(cur, yyjson_mut_str(jt.d, f->key), v))
			cur = NULL;
		jt.val[i] = v;
		if (f->kind == J_OBJ) {
			stack[depth++] = cur;
			cur = v;
		}
	}
	if (!cur) {
		yyjson_mut_doc_free(jt.d);
		jt.d = NULL;
		return false;
	}
	yyjson_mut_doc_set_root(jt.d, jt.root);
	return true;
}

/* The @w-th argv value, made when an event first has that many words. */
static yyjson_mut_val *jword(size_t w)
{
	if (w == jt.nwords) {
		size_t n = jt.nwords ? jt.nwords * 2 : 64;
		yyjson_mut_val **p = realloc(jt.words, n * sizeof(*p));

		if (!p)
			return NULL;
		memset(p + jt.nwords, 0, (n - jt.nwords) * sizeof(*p));
		jt.words = p;
		jt.nwords = n;
	}
	if (!jt.words[w])
		jt.words[w] = yyjson_mut_null(jt.d);
	return jt.words[w];
}

static bool jset_argv(yyjson_mut_val *a, const struct kw_event *ev)
{
	yyjson_mut_val *v;
	size_t i = 0, w = 0;

	yyjson_mut_arr_clear(a);
	while (i < ev->argv_len) {
		const char *s = ev->argv + i;
		const char *nul = memchr(s, '\0', ev->argv_len - i);
		size_t n = nul ? (size_t)(nul - s) : ev->argv_len - i;

		v = jword(w);
		if (!v)
			return false;
		jset_strn(v, s, n);
		yyjson_mut_arr_append(a, v);
		w++;
		i += n + 1;
	}
	return true;
}

/*
 * Writes the document into jt.buf, kept across lines. The writer wants
 * room for any string escaped whole (6 bytes a byte): on failing for
 * room, the buffer grows and the line is written again.
 */
static const char *jt_write(size_t *len)
{
	yyjson_write_err err;
	size_t n;
	char *p;

	for (;;) {
		n = jt.cap ? yyjson_mut_write_buf(jt.buf, jt.cap, jt.d,
						  KW_JSON_FLAGS, &err) : 0;
		if (n) {
			if (len)
				*len = n;
			return jt.buf;
		}
		if (jt.cap && err.code != YYJSON_WRITE_ERROR_MEMORY_ALLOCATION)
			return NULL;
		n = jt.cap ? jt.cap * 2 : 64 * 1024;
		if (n > 64 * 1024 * 1024)
			return NULL;
		p = realloc(jt.buf, n);
		if (!p)
			return NULL;
		jt.buf = p;
		jt.cap = n;
	}
}

const char *kw_render_json(const struct kw_event *ev, const char *host,
			   size_t *len)
{
	const char *base = (const char *)ev;
	size_t i;

	if (!jt.d && !jt_build())
		return NULL;
	for (i = 0; i < JFIELDS; i++) {
		const struct jfield *f = &jfields[i];
		yyjson_mut_val *v = jt.val[i];
		const void *p = base + f->off;

		switch (f->kind) {
		case J_OBJ:
		case J_END:
			break;
		case J_STR:
			jset_str(v, *(const char *const *)p);
			break;
		case J_U8:
			yyjson_mut_set_uint(v, *(const uint8_t *)p);
			break;
		case J_U32:
			yyjson_mut_set_uint(v, *(const uint32_t *)p);
			break;
		case J_U64:
			yyjson_mut_set_uint(v, *(const uint64_t *)p);
			break;
		case J_BOOL:
			yyjson_mut_set_bool(v, *(const bool *)p);
			break;
		case J_OTS:
			if (!*(const uint64_t *)p) {
				jset_str(v, "");
				break;
			}
			/* fall through */
		case J_TS:
			rfc3339(*(const uint64_t *)p, jt.ts[i], sizeof(jt.ts[i]));
			jset_str(v, jt.ts[i]);
			break;
		case J_HOST:
			jset_str(v, host);
			break;
		case J_SEVERITY:
			jset_str(v, kw_severity_str(ev->severity));
			break;
		case J_ACTION:
			jset_str(v, action_name(ev->action));
			break;
		case J_RUNTIME:
			jset_str(v, kw_runtime_name(ev->runtime));
			break;
		case J_MATCH_ON:
			jset_str(v, kw_match_on_name(ev->match_on));
			break;
		case J_ARGV:
			if (!jset_argv(v, ev))
				return NULL;
			break;
		}
	}
	return jt_write(len);
}

char *kw_render_lost_json(uint64_t lost, const char *why)
{
	yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
	yyjson_mut_val *o;
	char *line = NULL;

	if (!d)
		return NULL;
	o = yyjson_mut_obj(d);
	yyjson_mut_doc_set_root(d, o);
	if (yyjson_mut_obj_add_uint(d, o, "lost", lost) &&
	    yyjson_mut_obj_add_str(d, o, "reason", why ? why : ""))
		line = yyjson_mut_write(d, KW_JSON_FLAGS, NULL);
	yyjson_mut_doc_free(d);
	return line;
}

/* A string the relay may not have set. */
static const char *str(const char *s)
{
	return s ? s : "";
}

/* The pod's UID: the relay's (from the runtime's state) or the kernel's. */
static const char *pod_uid(const struct kw_event *ev)
{
	return *str(ev->ctx_pod_uid) ? ev->ctx_pod_uid : ev->pod_uid;
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

/* pod=NAMESPACE/NAME, one value */
static void sb_kv_pod(struct sbuf *b, const char *ns, const char *pod)
{
	size_t n = strlen(ns) + strlen(pod) + 2;
	char *v = malloc(n);

	if (!v) {
		b->oom = true;
		return;
	}
	snprintf(v, n, "%s/%s", ns, pod);
	sb_kv(b, "pod", v);
	free(v);
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

/* A drift finding's two times: what changed after what. */
static void sb_drift(struct sbuf *b, const struct kw_event *ev)
{
	char t[40];

	if (!ev->file_ctime)
		return;
	rfc3339(ev->file_ctime, t, sizeof(t));
	sb_kv(b, "file_ctime", t);
	rfc3339(ev->container_start, t, sizeof(t));
	sb_kv(b, "container_start", t);
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
	sb_kv(&b, "container_name", str(ev->ctx_name));
	sb_kv(&b, "image", str(ev->ctx_image));
	sb_kv(&b, "namespace", str(ev->ctx_namespace));
	sb_kv(&b, "pod_name", str(ev->ctx_pod));
	sb_kv(&b, "pod", pod_uid(ev));
	sb_kvu(&b, "pid", ev->pid);
	sb_kvu(&b, "uid", ev->uid);
	sb_kv(&b, "exe", ev->exe);
	if (b.len)
		sb_str(&b, " argv=");
	if (argv)
		sb_val(&b, argv, strlen(argv));
	sb_kv(&b, "match_on", kw_match_on_name(ev->match_on));
	sb_kv(&b, "match", ev->match_pattern);
	sb_drift(&b, ev);
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
	if (*str(ev->ctx_name))
		sb_kv(&b, "name", ev->ctx_name);
	if (*str(ev->ctx_image))
		sb_kv(&b, "image", ev->ctx_image);
	if (*str(ev->ctx_pod))
		sb_kv_pod(&b, str(ev->ctx_namespace), ev->ctx_pod);
	if (*pod_uid(ev))
		sb_kv(&b, "pod_uid", pod_uid(ev));
	sb_kvu(&b, "pid", ev->pid);
	sb_kv(&b, "exe", ev->exe);
	sb_str(&b, " argv=[");
	if (argv)
		sb_str(&b, argv);
	sb_str(&b, "]");
	sb_kv(&b, "match", ev->match_pattern);
	sb_drift(&b, ev);
	free(argv);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
