/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The event and the counters, described once: the module's event writer,
 * the CLI's parser, its struct kw_event and its JSON line all expand these
 * lists (X-macros: define X, expand the list, undefine X).
 *
 * KWARDEN_EVENT_<GROUP>(X) lists the fields of one JSON object, in output
 * order, as X(ATTR, WIRE, MEMBER, KEY, VIEW):
 *   ATTR    its attribute, KWARDEN_A_<ATTR>; NONE: no attribute, the
 *           relay adds the value (a string: the host's name, and the
 *           triage context it reads from the runtimes' state)
 *   WIRE    U8, U32, U64; OU64, a U64 sent only when not 0; STR, a
 *           NUL-terminated string; OSTR, a string sent only when not
 *           empty; FLAG, sent only when set; ARGV,
 *           the NUL-separated arguments, always the message's last
 *           attribute; NONE
 *   MEMBER  its member in the module's struct kw_event_data and in the
 *           CLI's struct kw_event
 *   KEY     its JSON key, in the object KWARDEN_EVENT_OBJECTS names
 *   VIEW    how the CLI shows it: RAW, the value; TS, RFC 3339 ("" for
 *           0); HOST,
 *           the relay's host name; SEVERITY, ACTION, RUNTIME, MATCH_ON,
 *           the enum's name; ARGV, an array of strings
 * Adding a field: its attribute number in include/kwarden.h (appended:
 * numbers never move), one line here, and the module's hook sets its
 * value; the writer, the packer, the parser and the JSON follow.
 */
#ifndef _KWARDEN_SCHEMA_H
#define _KWARDEN_SCHEMA_H

#define KWARDEN_EVENT_TOP(X)						\
	X(TIMESTAMP,		U64,	ts,		"ts",		TS)	\
	X(SEQ,			U64,	seq,		"seq",		RAW)	\
	X(NONE,			NONE,	host,		"host",		HOST)	\
	X(RULE_NAME,		STR,	rule,		"rule",		RAW)	\
	X(TECHNIQUE,		STR,	technique,	"technique",	RAW)	\
	X(SEVERITY,		U8,	severity,	"severity",	SEVERITY) \
	X(ACTION,		U8,	action,		"action",	ACTION)

#define KWARDEN_EVENT_PROCESS(X)					\
	X(PID,			U32,	pid,		"pid",		RAW)	\
	X(TID,			U32,	tid,		"tid",		RAW)	\
	X(PPID,			U32,	ppid,		"ppid",		RAW)	\
	X(UID,			U32,	uid,		"uid",		RAW)	\
	X(GID,			U32,	gid,		"gid",		RAW)	\
	X(EUID,			U32,	euid,		"euid",		RAW)	\
	X(COMM,			STR,	comm,		"comm",		RAW)	\
	X(FILENAME,		STR,	filename,	"filename",	RAW)	\
	X(EXE,			STR,	exe,		"exe",		RAW)	\
	X(INTERP,		OSTR,	interp,		"interp",	RAW)	\
	X(ARGV,			ARGV,	argv,		"argv",		ARGV)	\
	X(ARGV_TRUNCATED,	FLAG,	argv_truncated,	"argv_truncated", RAW) \
	X(CWD,			STR,	cwd,		"cwd",		RAW)

#define KWARDEN_EVENT_PARENT(X)						\
	X(PARENT_PID,		U32,	parent_pid,	"pid",		RAW)	\
	X(PARENT_COMM,		STR,	parent_comm,	"comm",		RAW)	\
	X(PARENT_EXE,		STR,	parent_exe,	"exe",		RAW)

#define KWARDEN_EVENT_CONTAINER(X)					\
	X(CONTAINER_ID,		STR,	container_id,	"id",		RAW)	\
	X(NONE,			NONE,	ctx_name,	"name",		RAW)	\
	X(NONE,			NONE,	ctx_image,	"image",	RAW)	\
	X(RUNTIME,		U8,	runtime,	"runtime",	RUNTIME) \
	X(CGROUP,		STR,	cgroup,		"cgroup",	RAW)	\
	X(POD_UID,		STR,	pod_uid,	"pod_uid",	RAW)	\
	X(HOSTNAME,		STR,	hostname,	"hostname",	RAW)	\
	X(PIDNS,		U32,	pidns,		"pidns",	RAW)	\
	X(MNTNS,		U32,	mntns,		"mntns",	RAW)	\
	X(UTSNS,		U32,	utsns,		"utsns",	RAW)	\
	X(CGROUPNS,		U32,	cgroupns,	"cgroupns",	RAW)	\
	X(PIDNS_LEVEL,		U32,	pidns_level,	"pidns_level",	RAW)

/* The pod, from the runtime's state; its UID also from the cgroup. */
#define KWARDEN_EVENT_POD(X)						\
	X(NONE,			NONE,	ctx_pod,	"name",		RAW)	\
	X(NONE,			NONE,	ctx_namespace,	"namespace",	RAW)	\
	X(NONE,			NONE,	ctx_pod_uid,	"uid",		RAW)

#define KWARDEN_EVENT_MATCH(X)						\
	X(MATCH_ON,		U8,	match_on,	"on",		MATCH_ON) \
	X(MATCH_NAME,		STR,	match_name,	"name",		RAW)	\
	X(MATCH_PATTERN,	STR,	match_pattern,	"pattern",	RAW)	\
	X(FILE_CTIME,		OU64,	file_ctime,	"file_ctime",	TS)	\
	X(CONTAINER_START,	OU64,	container_start, "container_start", TS)

/*
 * G(GROUP, KEY): the objects inside the line, in order, after the fields
 * of KWARDEN_EVENT_TOP, which are the line's own.
 */
#define KWARDEN_EVENT_OBJECTS(G)					\
	G(PROCESS, "process") G(PARENT, "parent")			\
	G(CONTAINER, "container") G(POD, "pod") G(MATCH, "match")

/* Every field, in JSON order. */
#define KWARDEN_EVENT(X)						\
	KWARDEN_EVENT_TOP(X) KWARDEN_EVENT_PROCESS(X)			\
	KWARDEN_EVENT_PARENT(X) KWARDEN_EVENT_CONTAINER(X)		\
	KWARDEN_EVENT_POD(X) KWARDEN_EVENT_MATCH(X)

/*
 * KWARDEN_STATS(X): the module's counters as X(NAME, KEY): the module's
 * KW_STAT_<NAME>, the status attribute KWARDEN_A_STAT_<NAME> and the key
 * `kwarden status` prints, in that order.
 */
#define KWARDEN_STATS(X)						\
	X(EXECS,		"execs")				\
	X(MATCHED,		"matched")				\
	X(ALERTED,		"alerted")				\
	X(BLOCKED,		"blocked")				\
	X(SENT,			"sent")					\
	X(DROP_NOLISTENER,	"dropped_no_listener")			\
	X(DROP_SOCKFULL,	"dropped_socket_full")			\
	X(DROP_NOMEM,		"dropped_nomem")			\
	X(EXCEPTED,		"excepted")

#endif /* _KWARDEN_SCHEMA_H */
