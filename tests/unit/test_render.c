// SPDX-License-Identifier: GPL-2.0
/* The CLI's event parsing, rendering and loss accounting. */
#include <check.h>
#include "run_suite.h"
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <netlink/genl/genl.h>
#include "render.h"
#include "seq.h"
#include "lib/ruleset.h"

static struct kw_event base(void)
{
	struct kw_event ev = {
		.seq = 7, .ts = 1700000000123456789ULL,
		.rule = "compiler", .technique = "T1027.004", .severity = KWARDEN_SEV_MEDIUM,
		.runtime = KWARDEN_RUNTIME_DOCKER, .pid = 42, .uid = 1000,
		.comm = "gcc", .filename = "/usr/bin/gcc", .exe = "/usr/bin/gcc-12",
		.interp = "", .cwd = "/src", .parent_comm = "sh",
		.parent_exe = "/bin/sh", .cgroup = "/docker/abc",
		.container_id = "abc", .pod_uid = "", .hostname = "web-1",
		.match_name = "gcc-12", .match_pattern = "gcc",
		.argv = "gcc\0-c\0x.c", .argv_len = 11, .pidns_level = 1,
	};
	return ev;
}

static json_object *parse(const char *line)
{
	json_object *o = json_tokener_parse(line);

	ck_assert_msg(o != NULL, "invalid JSON: %s", line);
	return o;
}

static const char *jget(json_object *o, const char *a, const char *b)
{
	json_object *x = NULL, *y = NULL;

	ck_assert(json_object_object_get_ex(o, a, &x));
	if (!b)
		return json_object_get_string(x);
	ck_assert(json_object_object_get_ex(x, b, &y));
	return json_object_get_string(y);
}

START_TEST(test_json_schema)
{
	struct kw_event ev = base();
	const char *line = kw_render_json(&ev, "node-1", NULL);
	json_object *o = parse(line), *argv;

	ck_assert_str_eq(jget(o, "ts", NULL), "2023-11-14T22:13:20.123456789Z");
	ck_assert_str_eq(jget(o, "rule", NULL), "compiler");
	ck_assert_str_eq(jget(o, "technique", NULL), "T1027.004");
	ck_assert_str_eq(jget(o, "severity", NULL), "medium");
	ck_assert_str_eq(jget(o, "action", NULL), "alert");
	ck_assert_str_eq(jget(o, "host", NULL), "node-1");
	ck_assert_str_eq(jget(o, "process", "exe"), "/usr/bin/gcc-12");
	ck_assert_str_eq(jget(o, "container", "runtime"), "docker");
	ck_assert_str_eq(jget(o, "container", "hostname"), "web-1");
	ck_assert_str_eq(jget(o, "match", "on"), "exe");
	ck_assert_str_eq(jget(o, "parent", "exe"), "/bin/sh");
	json_object_object_get_ex(json_object_object_get(o, "process"), "argv", &argv);
	ck_assert_int_eq(json_object_array_length(argv), 3);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(argv, 2)), "x.c");
	json_object_put(o);
}
END_TEST

/* The second is cached between events; the nanoseconds never are. */
START_TEST(test_json_ts)
{
	static const struct { uint64_t ns; const char *ts; } t[] = {
		{ 1700000000000000007ULL, "2023-11-14T22:13:20.000000007Z" },
		{ 1700000000999999999ULL, "2023-11-14T22:13:20.999999999Z" },
		{ 1700000001000000000ULL, "2023-11-14T22:13:21.000000000Z" },
		{ 0, "1970-01-01T00:00:00.000000000Z" },
	};
	struct kw_event ev = base();
	json_object *o;
	const char *line;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ev.ts = t[i].ns;
		line = kw_render_json(&ev, "h", NULL);
		o = parse(line);
		ck_assert_str_eq(jget(o, "ts", NULL), t[i].ts);
		json_object_put(o);
	}
}
END_TEST

/*
 * A drift finding carries the file's change time and the container's
 * start in every form; any other has "" in JSON and neither in text.
 */
START_TEST(test_drift_times)
{
	struct kw_event ev = base();
	json_object *o;
	char *line;

	o = parse(kw_render_json(&ev, "h", NULL));
	ck_assert_str_eq(jget(o, "match", "file_ctime"), "");
	ck_assert_str_eq(jget(o, "match", "container_start"), "");
	json_object_put(o);
	line = kw_render_text(&ev);
	ck_assert_ptr_null(strstr(line, "file_ctime"));
	free(line);

	ev.match_on = KWARDEN_MATCH_DRIFT;
	ev.match_pattern = "changed after the container started";
	ev.file_ctime = 1700000001000000005ULL;
	ev.container_start = 1700000000999999999ULL;
	o = parse(kw_render_json(&ev, "h", NULL));
	ck_assert_str_eq(jget(o, "match", "on"), "drift");
	ck_assert_str_eq(jget(o, "match", "file_ctime"), "2023-11-14T22:13:21.000000005Z");
	ck_assert_str_eq(jget(o, "match", "container_start"), "2023-11-14T22:13:20.999999999Z");
	/* each time its own text */
	ck_assert_str_eq(jget(o, "ts", NULL), "2023-11-14T22:13:20.123456789Z");
	json_object_put(o);
	line = kw_render_text(&ev);
	ck_assert_ptr_nonnull(strstr(line, " match=\"changed after the container started\" "
				       "file_ctime=2023-11-14T22:13:21.000000005Z "
				       "container_start=2023-11-14T22:13:20.999999999Z"));
	free(line);
	line = kw_render_syslog(&ev);
	ck_assert_ptr_nonnull(strstr(line, " match_on=drift match=\"changed after the container started\" "
				       "file_ctime=2023-11-14T22:13:21.000000005Z "));
	free(line);
}
END_TEST

/* One document is reused across events: nothing of the last may remain. */
START_TEST(test_json_reuse)
{
	struct kw_event ev = base();
	json_object *o, *argv;
	const char *line;
	char *zeros = calloc(1, 4096), *big;
	size_t n;

	line = kw_render_json(&ev, "h", NULL);

	ev.argv = "sh";
	ev.argv_len = 2;
	ev.exe = "/bin/dash";
	ev.pid = 7;
	line = kw_render_json(&ev, "h2", NULL);
	o = parse(line);
	json_object_object_get_ex(json_object_object_get(o, "process"), "argv", &argv);
	ck_assert_int_eq(json_object_array_length(argv), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(argv, 0)), "sh");
	ck_assert_str_eq(jget(o, "process", "exe"), "/bin/dash");
	ck_assert_str_eq(jget(o, "process", "pid"), "7");
	ck_assert_str_eq(jget(o, "host", NULL), "h2");
	json_object_put(o);

	/* 4,096 empty arguments: each one is kept */
	ev.argv = zeros;
	ev.argv_len = 4096;
	line = kw_render_json(&ev, "h", NULL);
	o = parse(line);
	json_object_object_get_ex(json_object_object_get(o, "process"), "argv", &argv);
	n = json_object_array_length(argv);
	ck_assert_uint_eq(n, 4096);
	json_object_put(o);

	/* more than the line's buffer holds escaped 6x: it grows */
	big = malloc(40001);
	memset(big, 'a', 40000);
	big[40000] = '\0';
	ev.cwd = big;
	ev.argv_len = 0;
	line = kw_render_json(&ev, "h", &n);
	ck_assert_uint_eq(n, strlen(line));
	o = parse(line);
	ck_assert_uint_eq(strlen(jget(o, "process", "cwd")), 40000);
	json_object_put(o);
	free(big);

	ev.cwd = "/";
	line = kw_render_json(&ev, "h", NULL);
	o = parse(line);
	json_object_object_get_ex(json_object_object_get(o, "process"), "argv", &argv);
	ck_assert_int_eq(json_object_array_length(argv), 0);
	json_object_put(o);
	free(zeros);
}
END_TEST

static const char *const nasty[] = {
	"\"quoted\" \\ back", "ctl\x01\x02\x1b[31m\n\r\t", "\xff\xfe\xc0\xaf",
	"\xed\xa0\x80 surrogate", "\xf4\x90\x80\x80 too big", "ok \xe2\x82\xac euro",
	"\xe2\x82", "", "}{\",:[]",
};

START_TEST(test_json_nasty)
{
	struct kw_event ev = base();
	const char *json;
	char *line, *argv = malloc(4096 + 1);
	json_object *o;

	memset(argv, 'A', 4096);
	argv[4096] = 0;
	ev.filename = ev.exe = ev.cwd = ev.cgroup = ev.comm = nasty[_i];
	ev.argv = argv;
	ev.argv_len = 4096;	/* no trailing NUL: truncated by the kernel */
	ev.argv_truncated = true;
	json = kw_render_json(&ev, nasty[_i], NULL);
	for (const char *c = json; *c; c++)
		ck_assert_msg(*c >= 0x20 && *c < 0x7f, "byte %#x in a JSON line",
			      (unsigned char)*c);
	o = parse(json);
	ck_assert(strlen(jget(o, "process", "filename")) <= strlen(nasty[_i]) * 3);
	ck_assert_str_eq(jget(o, "process", "argv_truncated"), "true");
	json_object_put(o);

	line = kw_render_syslog(&ev);
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(!strpbrk(line, "\n\r\x01\x1b"), "control byte in syslog line");
	free(line);
	line = kw_render_text(&ev);
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(!strpbrk(line, "\n\r\x01\x1b"), "control byte in text line");
	free(line);
	free(argv);
}
END_TEST

/* Valid UTF-8 survives escaping; each invalid byte becomes U+FFFD. */
START_TEST(test_json_utf8)
{
	static const char *const in[] = { "ok \xe2\x82\xac", "a\xffz", "\xe2\x82" };
	static const char *const out[] = { "ok \xe2\x82\xac", "a\xef\xbf\xbdz",
		"\xef\xbf\xbd\xef\xbf\xbd" };
	struct kw_event ev = base();
	json_object *o;
	const char *line;
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		ev.cwd = in[i];
		line = kw_render_json(&ev, "h", NULL);
		o = parse(line);
		ck_assert_str_eq(jget(o, "process", "cwd"), out[i]);
		json_object_put(o);
	}
}
END_TEST

/* Control bytes, quotes and non-ASCII, as the line spells them. */
START_TEST(test_json_escapes)
{
	static const char want[] = "\"cwd\":\"a\\u0001\\u001B\\n\\\"\\\\/\"";
	struct kw_event ev = base();
	const char *line;
	size_t len = 0;

	ev.cwd = "a\x01\x1b\n\"\\/";
	line = kw_render_json(&ev, "h", &len);
	ck_assert_uint_eq(len, strlen(line));
	ck_assert_msg(strstr(line, want), "ASCII line: %s", line);
	ck_assert_ptr_nonnull(strstr(line, "\"hostname\":\"web-1\""));
	ev.hostname = "caf\xc3\xa9";
	line = kw_render_json(&ev, "h", &len);
	ck_assert_uint_eq(len, strlen(line));
	ck_assert_msg(strstr(line, want), "line with UTF-8: %s", line);
	ck_assert_ptr_nonnull(strstr(line, "\"hostname\":\"caf\\u00E9\""));
}
END_TEST

START_TEST(test_utf8)
{
	char *s = kw_utf8_sanitize("a\xffz\xe2\x82\xac", 6);

	ck_assert_str_eq(s, "a\xef\xbf\xbdz\xe2\x82\xac");
	free(s);
	s = kw_utf8_sanitize("\xc0\x80", 2);	/* overlong NUL */
	ck_assert_str_eq(s, "\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	s = kw_utf8_sanitize("x\0y", 3);
	ck_assert_int_eq(s[1], 0);	/* embedded NUL kept as a byte */
	free(s);
}
END_TEST

START_TEST(test_syslog_line)
{
	struct kw_event ev = base();
	char *line = kw_render_syslog(&ev);

	ck_assert_str_eq(line,
		"rule=compiler technique=T1027.004 action=alert severity=medium "
		"container=abc runtime=docker container_name=\"\" image=\"\" "
		"namespace=\"\" pod_name=\"\" pod=\"\" pid=42 uid=1000 "
		"exe=/usr/bin/gcc-12 argv=\"gcc -c x.c\" match_on=exe match=gcc "
		"cgroup=/docker/abc seq=7");
	free(line);
	ev.action = KWARDEN_ACTION_BLOCKED;
	ev.argv = "sh\0-c\0echo \"hi\"";
	ev.argv_len = 16;
	line = kw_render_syslog(&ev);
	ck_assert_ptr_nonnull(strstr(line, "action=blocked"));
	ck_assert_ptr_nonnull(strstr(line, "argv=\"sh -c \\\"echo \\\\\\\"hi\\\\\\\"\\\"\""));
	free(line);
}
END_TEST

/*
 * The triage context is chosen by whoever wrote the pod spec: a name
 * with a newline, quotes or a fake key=value cannot start a line or a
 * field in any form.
 */
START_TEST(test_context_fields)
{
	struct kw_event ev = base();
	const char *line;
	char *text, *sys;
	json_object *o;

	ev.ctx_name = "web\nALERT forged=1";
	ev.ctx_image = "registry.local/gcc:12 \"x\"";
	ev.ctx_pod = "api-7f9c";
	ev.ctx_namespace = "prod";
	ev.ctx_pod_uid = "0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a";
	line = kw_render_json(&ev, "node-1", NULL);
	ck_assert_ptr_null(strchr(line, '\n'));
	o = parse(line);
	ck_assert_str_eq(jget(o, "container", "name"), "web\nALERT forged=1");
	ck_assert_str_eq(jget(o, "container", "image"), "registry.local/gcc:12 \"x\"");
	ck_assert_str_eq(jget(o, "pod", "name"), "api-7f9c");
	ck_assert_str_eq(jget(o, "pod", "namespace"), "prod");
	ck_assert_str_eq(jget(o, "pod", "uid"), "0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a");
	ck_assert_str_eq(jget(o, "container", "pod_uid"), "");
	json_object_put(o);
	text = kw_render_text(&ev);
	ck_assert_ptr_null(strchr(text, '\n'));
	ck_assert_ptr_nonnull(strstr(text, " name=\"web\\x0aALERT forged=1\" "));
	ck_assert_ptr_nonnull(strstr(text, " pod=prod/api-7f9c pod_uid=0f3b5a0c-"));
	sys = kw_render_syslog(&ev);
	ck_assert_ptr_null(strchr(sys, '\n'));
	ck_assert_ptr_nonnull(strstr(sys, " container_name=\"web\\x0aALERT forged=1\" "
				     "image=\"registry.local/gcc:12 \\\"x\\\"\" namespace=prod "
				     "pod_name=api-7f9c pod=0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a "));
	free(text);
	free(sys);
	/* unknown: empty strings, never a placeholder */
	ev = base();
	o = parse(kw_render_json(&ev, "node-1", NULL));
	ck_assert_str_eq(jget(o, "container", "name"), "");
	ck_assert_str_eq(jget(o, "pod", "namespace"), "");
	json_object_put(o);
}
END_TEST

START_TEST(test_seq_gaps)
{
	struct kw_seq s = { 0 };
	uint64_t i;

	ck_assert_uint_eq(kw_seq_update(&s, 5), 0);	/* first seen */
	ck_assert_uint_eq(kw_seq_update(&s, 6), 0);
	/* CPUs race to multicast: 9 and 8 before 7 is no loss */
	ck_assert_uint_eq(kw_seq_update(&s, 9), 0);
	ck_assert_uint_eq(kw_seq_update(&s, 8), 0);
	ck_assert_uint_eq(kw_seq_update(&s, 7), 0);
	ck_assert_uint_eq(kw_seq_settle(&s, s.last), 0);
	ck_assert_uint_eq(s.base, 10);
	/* 10 and 11 never come; settling counts them once */
	ck_assert_uint_eq(kw_seq_update(&s, 12), 0);
	ck_assert_uint_eq(kw_seq_settle(&s, s.last), 2);
	ck_assert_uint_eq(kw_seq_settle(&s, s.last), 0);
	ck_assert_uint_eq(kw_seq_update(&s, 11), 0);	/* too late: counted */
	/* a hole one window behind the newest is lost without settling */
	for (i = 14; i < 13 + KW_SEQ_WINDOW; i++)
		ck_assert_uint_eq(kw_seq_update(&s, i), 0);
	ck_assert_uint_eq(kw_seq_update(&s, 13 + KW_SEQ_WINDOW), 1);	/* 13 */
	/* a jump far ahead: all but the last window at once, then the rest */
	ck_assert_uint_eq(kw_seq_update(&s, 100000), 100000 - 13 - 2 * KW_SEQ_WINDOW);
	ck_assert_uint_eq(kw_seq_settle(&s, 100002), KW_SEQ_WINDOW - 1 + 2);
	ck_assert_uint_eq(s.lost, 2 + 1 + (100000 - 14 - KW_SEQ_WINDOW) + 2);
}
END_TEST

START_TEST(test_parse_message)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct kw_event ev;
	static const char argv[] = "kubectl\0get\0pods";

	genlmsg_put(msg, 0, 0, 30, 0, 0, KWARDEN_CMD_EVENT, KWARDEN_GENL_VERSION);
	nla_put_u64(msg, KWARDEN_A_SEQ, 99);
	nla_put_string(msg, KWARDEN_A_RULE_NAME, "container_mgmt");
	nla_put_u32(msg, KWARDEN_A_PID, 1234);
	nla_put_string(msg, KWARDEN_A_FILENAME, "/usr/bin/kubectl");
	nla_put(msg, KWARDEN_A_ARGV, sizeof(argv) - 1, argv);
	nla_put_flag(msg, KWARDEN_A_ARGV_TRUNCATED);
	ck_assert_int_eq(kw_event_parse(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.seq, 99);
	ck_assert_str_eq(ev.rule, "container_mgmt");
	ck_assert_uint_eq(ev.pid, 1234);
	ck_assert_str_eq(ev.filename, "/usr/bin/kubectl");
	ck_assert_str_eq(ev.exe, "");	/* absent attribute */
	ck_assert_uint_eq(ev.argv_len, sizeof(argv) - 1);
	ck_assert(ev.argv_truncated);
	nlmsg_free(msg);

	/* a string attribute without its NUL is rejected */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, 30, 0, 0, KWARDEN_CMD_EVENT, KWARDEN_GENL_VERSION);
	nla_put(msg, KWARDEN_A_FILENAME, 3, "abc");
	ck_assert_int_lt(kw_event_parse(nlmsg_hdr(msg), &ev), 0);
	nlmsg_free(msg);

	/* a number shorter than its type is rejected */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, 30, 0, 0, KWARDEN_CMD_EVENT, KWARDEN_GENL_VERSION);
	nla_put(msg, KWARDEN_A_PID, 2, "ab");
	ck_assert_int_lt(kw_event_parse(nlmsg_hdr(msg), &ev), 0);
	nlmsg_free(msg);

	/* an attribute from a newer kernel is skipped, the rest is read */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, 30, 0, 0, KWARDEN_CMD_EVENT, KWARDEN_GENL_VERSION);
	nla_put_u32(msg, KWARDEN_A_MAX + 7, 5);
	nla_put_u64(msg, KWARDEN_A_SEQ, 3);
	nla_put_string(msg, KWARDEN_A_EXE, "/usr/bin/cc");
	ck_assert_int_eq(kw_event_parse(nlmsg_hdr(msg), &ev), 0);
	ck_assert_uint_eq(ev.seq, 3);
	ck_assert_str_eq(ev.exe, "/usr/bin/cc");
	ck_assert_str_eq(ev.rule, "unknown");
	ck_assert_str_eq(ev.cwd, "");
	nlmsg_free(msg);

	/*
	 * An attribute that claims to run past its message, in a copy of
	 * exactly the message's size: the walk stops before it (ASan would
	 * see a read past the copy).
	 */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, 30, 0, 0, KWARDEN_CMD_EVENT, KWARDEN_GENL_VERSION);
	nla_put_u64(msg, KWARDEN_A_SEQ, 5);
	nla_put_string(msg, KWARDEN_A_EXE, "/usr/bin/cc");
	{
		struct nlmsghdr *h = nlmsg_hdr(msg), *c = malloc(h->nlmsg_len);
		struct nlattr *last;

		memcpy(c, h, h->nlmsg_len);
		last = (struct nlattr *)((char *)c + c->nlmsg_len -
					 NLA_ALIGN(NLA_HDRLEN + 12));
		last->nla_len = 4000;
		ck_assert_int_eq(kw_event_parse(c, &ev), 0);
		ck_assert_uint_eq(ev.seq, 5);
		ck_assert_str_eq(ev.exe, "");
		free(c);
	}
	nlmsg_free(msg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_json_schema);
	tcase_add_test(tc, test_json_reuse);
	tcase_add_loop_test(tc, test_json_nasty, 0, sizeof(nasty) / sizeof(nasty[0]));
	tcase_add_test(tc, test_json_ts);
	tcase_add_test(tc, test_drift_times);
	tcase_add_test(tc, test_json_utf8);
	tcase_add_test(tc, test_json_escapes);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_syslog_line);
	tcase_add_test(tc, test_context_fields);
	tcase_add_test(tc, test_seq_gaps);
	tcase_add_test(tc, test_parse_message);
	suite_add_tcase(s, tc);
	return kw_run_suite(s);
}
