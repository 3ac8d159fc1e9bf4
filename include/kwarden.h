/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * kwarden generic netlink ABI: the one definition shared by kwarden.ko and
 * the kwarden CLI. Everything on the wire is a netlink attribute; no C
 * structure crosses the boundary, so either side may grow attributes
 * without breaking the other. Append new values only; never renumber.
 */
#ifndef _KWARDEN_H
#define _KWARDEN_H

#define KWARDEN_GENL_NAME		"kwarden"
#define KWARDEN_GENL_VERSION		1
#define KWARDEN_MCGRP_EVENTS		"events"

/* Bounds the kernel enforces and the CLI can rely on. */
#define KWARDEN_ARGV_MAX		4096	/* bytes of argv carried */
/* bytes of argv an argv condition reads; a longer argv: it holds */
#define KWARDEN_ARGV_CHECK_MAX		131072
#define KWARDEN_PATTERN_MAX		255	/* bytes of one name pattern */
#define KWARDEN_PATTERNS_MAX		65536	/* patterns in one policy */
#define KWARDEN_GLOBS_MAX		256	/* of which globs (* or ?) */
/*
 * What all name globs together may cost one name of KWARDEN_PATTERN_MAX
 * bytes, in bytes compared (kw_glob_cost()): a byte before the first or
 * after the last '*' costs 1, a byte between two '*' KWARDEN_PATTERN_MAX.
 * It bounds the glob work every exec does in the kprobe.
 */
#define KWARDEN_GLOB_COST_MAX		2048
#define KWARDEN_CONTAINER_ID_LEN	64	/* hex digits of a full id */
#define KWARDEN_RULES_MAX		64	/* rules in one policy */
#define KWARDEN_NAME_MAX		31	/* bytes of a rule/exception name */
#define KWARDEN_TECHNIQUE_MAX		15	/* bytes of a MITRE id */
#define KWARDEN_SETS_MAX		1024	/* name sets in one policy */
#define KWARDEN_ARGS_MAX		4096	/* argv words in all sets */
#define KWARDEN_EXCEPTIONS_MAX		1024	/* exceptions in one policy */
#define KWARDEN_EXC_VALUES_MAX		4096	/* values in all exceptions */
/*
 * Exceptions that name a workload (namespace, pod name, container name,
 * image) in one policy: each is one bit of a container's u64 mask.
 */
#define KWARDEN_WORKLOAD_EXC_MAX	64
/*
 * Containers in one workload table (KWARDEN_CMD_SET_WORKLOADS): ten times
 * the containers of a node at kubelet's largest usual max-pods (250). A
 * full table is about 400 KiB of netlink message; the relay raises its
 * socket's send buffer to fit it.
 */
#define KWARDEN_WORKLOADS_MAX		4096

enum kwarden_cmd {
	KWARDEN_CMD_UNSPEC,
	KWARDEN_CMD_EVENT,		/* kernel -> events group */
	KWARDEN_CMD_GET_STATUS,		/* do: status + counters */
	KWARDEN_CMD_UNUSED_3,		/* was GET_RULES: do not reuse */
	KWARDEN_CMD_UNUSED_4,		/* was ADD_NAMES: do not reuse */
	KWARDEN_CMD_RESET_POLICY,	/* do: back to the built-in policy */
	KWARDEN_CMD_SET_MODE,		/* do: KWARDEN_A_MODE */
	KWARDEN_CMD_SET_POLICY,		/* do: a whole policy, as items */
	KWARDEN_CMD_GET_POLICY,		/* dump: the policy, as items */
	/*
	 * do: the relay's workload table: POLICY_GEN, then one
	 * KWARDEN_A_WORKLOAD per container. It replaces the table whole;
	 * -ESTALE if POLICY_GEN is not the policy's.
	 */
	KWARDEN_CMD_SET_WORKLOADS,
	__KWARDEN_CMD_MAX,
};

#define KWARDEN_CMD_MAX (__KWARDEN_CMD_MAX - 1)

enum kwarden_action {
	KWARDEN_ACTION_ALERT,
	KWARDEN_ACTION_BLOCKED,
};

enum kwarden_severity {
	KWARDEN_SEV_INFO,
	KWARDEN_SEV_LOW,
	KWARDEN_SEV_MEDIUM,
	KWARDEN_SEV_HIGH,
	KWARDEN_SEV_CRITICAL,
};

/* What a match was made on. */
enum kwarden_match_on {
	KWARDEN_MATCH_EXE,		/* basename of the resolved file */
	KWARDEN_MATCH_FILENAME,		/* basename of the execve path */
	KWARDEN_MATCH_INTERP,		/* basename of a script interpreter */
	KWARDEN_MATCH_UNUSED_3,		/* was ARGV, never sent: do not reuse */
	KWARDEN_MATCH_LOADER,		/* the program a dynamic loader runs */
	KWARDEN_MATCH_DRIFT,		/* the file changed after the start */
	KWARDEN_MATCH_FILELESS,		/* the file has no path */
};

/*
 * What a rule detects: its name sets' names, or a property of the file
 * executed that no name can hide (such a rule has no name sets; a policy
 * has at most one rule of each).
 */
enum kwarden_detect {
	KWARDEN_DETECT_NAMES,
	KWARDEN_DETECT_DRIFT,		/* created, changed, linked, renamed or
					 * made executable after the
					 * container's init started
					 */
	KWARDEN_DETECT_FILELESS,	/* no path in any mount: a memfd, an
					 * internal mount, a deleted file
					 */
	__KWARDEN_DETECT_MAX,
};

enum kwarden_runtime {
	KWARDEN_RUNTIME_NONE,		/* not in a recognised runtime cgroup */
	KWARDEN_RUNTIME_DOCKER,
	KWARDEN_RUNTIME_CONTAINERD,
	KWARDEN_RUNTIME_CRIO,
	KWARDEN_RUNTIME_PODMAN,
	KWARDEN_RUNTIME_KUBEPODS,	/* kubepods path, runtime not named */
	__KWARDEN_RUNTIME_MAX,
};

enum kwarden_mode {
	KWARDEN_MODE_DETECT,
	KWARDEN_MODE_ENFORCE,
};

/* What a rule does on a match; block takes effect in enforce mode only. */
enum kwarden_rule_action {
	KWARDEN_RULE_OFF,
	KWARDEN_RULE_ALERT,
	KWARDEN_RULE_BLOCK,
};

/* Which arguments a name set's argv condition looks at. */
enum kwarden_args_on {
	KWARDEN_ARGS_NONE,
	KWARDEN_ARGS_ARG1,		/* argv[1] */
	KWARDEN_ARGS_ANY,		/* any of argv[1..] */
};

/* What an exception value is compared with. */
enum kwarden_exc_field {
	KWARDEN_EXC_CONTAINER,		/* container id prefix */
	KWARDEN_EXC_CGROUP,		/* cgroup path glob */
	KWARDEN_EXC_POD,		/* pod UID */
	KWARDEN_EXC_PARENT,		/* parent exe path glob */
	KWARDEN_EXC_UID,		/* real uid, decimal */
	/*
	 * Workload fields: globs on the names the relay reads from the
	 * runtimes' state. The kernel cannot read them; it compares a
	 * container's bit in the relay's table (KWARDEN_CMD_SET_WORKLOADS).
	 */
	KWARDEN_EXC_NAMESPACE,		/* pod namespace glob */
	KWARDEN_EXC_POD_NAME,		/* pod name glob */
	KWARDEN_EXC_CONTAINER_NAME,	/* container name glob */
	KWARDEN_EXC_IMAGE,		/* image reference glob */
	/*
	 * "alert" or "allow": what a workload exception does for a
	 * container the table does not classify (yet); default alert.
	 * Not a compared field.
	 */
	KWARDEN_EXC_UNKNOWN,
	__KWARDEN_EXC_MAX,
};

#define KWARDEN_EXC_WORKLOAD_FIELDS \
	((1U << KWARDEN_EXC_NAMESPACE) | (1U << KWARDEN_EXC_POD_NAME) | \
	 (1U << KWARDEN_EXC_CONTAINER_NAME) | (1U << KWARDEN_EXC_IMAGE))

enum kwarden_attr {
	KWARDEN_A_UNSPEC,
	KWARDEN_A_PAD,
	/* event */
	KWARDEN_A_SEQ,			/* u64: per-load event sequence;
					 * in status: the last one sent
					 */
	KWARDEN_A_TIMESTAMP,		/* u64: CLOCK_REALTIME ns */
	KWARDEN_A_UNUSED_4,		/* was RULE (a built-in rule's
					 * number): do not reuse; events
					 * carry RULE_NAME
					 */
	KWARDEN_A_ACTION,		/* u8: enum kwarden_action */
	KWARDEN_A_SEVERITY,		/* u8: enum kwarden_severity */
	KWARDEN_A_PID,			/* u32: tgid, init pid ns */
	KWARDEN_A_TID,			/* u32 */
	KWARDEN_A_PPID,			/* u32 */
	KWARDEN_A_UID,			/* u32: real uid, init user ns */
	KWARDEN_A_GID,			/* u32 */
	KWARDEN_A_EUID,			/* u32 */
	KWARDEN_A_COMM,			/* string: comm before exec */
	KWARDEN_A_FILENAME,		/* string: path given to execve */
	KWARDEN_A_EXE,			/* string: resolved path of the file */
	KWARDEN_A_INTERP,		/* string: interpreter, if any */
	KWARDEN_A_ARGV,			/* binary: NUL-separated arguments */
	KWARDEN_A_ARGV_TRUNCATED,	/* flag */
	KWARDEN_A_CWD,			/* string */
	KWARDEN_A_PARENT_PID,		/* u32 */
	KWARDEN_A_PARENT_COMM,		/* string */
	KWARDEN_A_PARENT_EXE,		/* string */
	KWARDEN_A_CGROUP,		/* string: cgroup path, host view */
	KWARDEN_A_CONTAINER_ID,		/* string: 64 hex digits */
	KWARDEN_A_RUNTIME,		/* u8: enum kwarden_runtime */
	KWARDEN_A_POD_UID,		/* string: canonical 8-4-4-4-12 */
	KWARDEN_A_HOSTNAME,		/* string: UTS nodename */
	KWARDEN_A_PIDNS,		/* u32: pid ns inode */
	KWARDEN_A_MNTNS,		/* u32: mnt ns inode */
	KWARDEN_A_UTSNS,		/* u32 */
	KWARDEN_A_CGROUPNS,		/* u32 */
	KWARDEN_A_PIDNS_LEVEL,		/* u32: 0 = initial pid ns */
	KWARDEN_A_MATCH_ON,		/* u8: enum kwarden_match_on */
	KWARDEN_A_MATCH_NAME,		/* string: the name that matched */
	KWARDEN_A_MATCH_PATTERN,	/* string: the pattern it matched */
	/* status */
	KWARDEN_A_VERSION,		/* string: module version */
	KWARDEN_A_ABI_VERSION,		/* u32: KWARDEN_GENL_VERSION */
	KWARDEN_A_MODE,			/* u8: enum kwarden_mode */
	KWARDEN_A_NAMES,		/* u32: patterns loaded */
	KWARDEN_A_STAT_EXECS,		/* u64: execs inspected */
	KWARDEN_A_STAT_MATCHED,		/* u64: name matched, any context */
	KWARDEN_A_STAT_ALERTED,		/* u64: findings in a container */
	KWARDEN_A_STAT_BLOCKED,		/* u64 */
	KWARDEN_A_STAT_SENT,		/* u64: events handed to netlink */
	KWARDEN_A_STAT_DROP_NOLISTENER,	/* u64 */
	KWARDEN_A_STAT_DROP_SOCKFULL,	/* u64: no listener could take it */
	KWARDEN_A_STAT_DROP_NOMEM,	/* u64 */
	/* rules */
	KWARDEN_A_PATTERN,		/* string: a name pattern */
	KWARDEN_A_UNUSED_49,		/* was PATTERN_FLAGS: do not reuse */
	KWARDEN_A_UNUSED_50,		/* was NAME_LIST: do not reuse */
	KWARDEN_A_RULE_COUNTS,		/* nested, in status: one
					 * KWARDEN_A_RULE_COUNT per rule
					 */
	KWARDEN_A_RULE_COUNT,		/* nested: KWARDEN_A_RULE_NAME,
					 * KWARDEN_A_RULE_ACTION,
					 * KWARDEN_A_NAMES
					 */
	/*
	 * A policy travels as a flat sequence of top-level items, in order:
	 * each ARG and PATTERN belongs to the last SET, each EXC_RULE and
	 * EXC_VALUE to the last EXCEPTION. No nest grows past a few hundred
	 * bytes, so a policy of 65,536 names still fits netlink's 64 KiB
	 * attribute limit.
	 */
	KWARDEN_A_P_RULE,		/* nested: RULE_NAME, TECHNIQUE,
					 * SEVERITY, RULE_ACTION,
					 * RULE_DETECT
					 */
	KWARDEN_A_P_SET,		/* nested: RULE_NAME, ARGS_ON, PATH */
	KWARDEN_A_P_ARG,		/* string: argv word or glob */
	KWARDEN_A_P_EXCEPTION,		/* nested: EXC_NAME */
	KWARDEN_A_P_EXC_RULE,		/* string: rule the exception covers;
					 * none = every rule
					 */
	KWARDEN_A_P_EXC_VALUE,		/* nested: EXC_FIELD, EXC_STRING */
	KWARDEN_A_RULE_NAME,		/* string */
	KWARDEN_A_TECHNIQUE,		/* string: MITRE ATT&CK id */
	KWARDEN_A_RULE_ACTION,		/* u8: enum kwarden_rule_action */
	KWARDEN_A_ARGS_ON,		/* u8: enum kwarden_args_on */
	KWARDEN_A_PATH,			/* string: exe path glob */
	KWARDEN_A_EXC_NAME,		/* string */
	KWARDEN_A_EXC_FIELD,		/* u8: enum kwarden_exc_field */
	KWARDEN_A_EXC_STRING,		/* string: the value */
	KWARDEN_A_STAT_EXCEPTED,	/* u64: findings an exception
					 * silenced
					 */
	KWARDEN_A_POLICY_GEN,		/* u64: policy generation */
	KWARDEN_A_RULE_DETECT,		/* u8: enum kwarden_detect; absent:
					 * names
					 */
	KWARDEN_A_FILE_CTIME,		/* u64: the file's change time,
					 * CLOCK_REALTIME ns (drift)
					 */
	KWARDEN_A_CONTAINER_START,	/* u64: its init's start,
					 * CLOCK_REALTIME ns (drift)
					 */
	KWARDEN_A_WORKLOAD,		/* nested: CONTAINER_ID,
					 * WORKLOAD_MASK
					 */
	KWARDEN_A_WORKLOAD_MASK,	/* u64: bit i: the container is in
					 * workload exception i (in policy
					 * order of such exceptions)
					 */
	KWARDEN_A_WORKLOADS,		/* u32, in status: containers in
					 * the workload table, if it is the
					 * policy's; else 0
					 */
	KWARDEN_A_WORKLOADS_AGE,	/* u64, in status: ms since the
					 * table was set; absent: never
					 */
	__KWARDEN_A_MAX,
};

#define KWARDEN_A_MAX (__KWARDEN_A_MAX - 1)

/* Pattern flags. A UAPI header has no BIT(). */
#define KWARDEN_PF_GLOB		(1U << 0)	/* contains * or ? */
#define KWARDEN_PF_BUILTIN	(1U << 1)	/* from the built-in table */
#define KWARDEN_PF_UNUSED_2	(1U << 2)	/* was GO_ARGV */
#define KWARDEN_PF_UNUSED_3	(1U << 3)	/* was GO_TOOL */

#endif /* _KWARDEN_H */
