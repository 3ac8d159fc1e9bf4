/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The relay's workload agent: workload exceptions (namespace, pod name,
 * container name, image) need names only the runtimes' state on the host
 * gives, so the relay computes which of them each running container is in
 * and hands the kernel the whole table (KWARDEN_CMD_SET_WORKLOADS). The
 * kernel treats a container the table does not name as unknown (the
 * exception's `unknown` fallback), so the agent only ever adds what it
 * could read, and resends often enough that a reloaded module is fed.
 *
 * Single-threaded: watch calls kw_agent_run() from its poll loop, between
 * event batches, and every run is bounded (KWARDEN_WORKLOADS_MAX
 * containers, bounded file reads), so the event path never waits long.
 */
#ifndef KWARDEN_AGENT_H
#define KWARDEN_AGENT_H

#include <stdbool.h>
#include <stdint.h>
#include "containers.h"

/*
 * The table is sent at least this often, so a module loaded again (or a
 * table lost some other way) is fed within it; status calls an agent
 * whose table is older than three of these stale.
 */
#define KW_AGENT_RESEND_S	10

struct kw_agent;

/* An agent over @c's roots and cache (not owned); NULL on ENOMEM. */
struct kw_agent *kw_agent_new(struct kw_containers *c);
void kw_agent_free(struct kw_agent *a);
/* The descriptor to poll for input (container roots changing), or -1. */
int kw_agent_fd(const struct kw_agent *a);
/* ms from @now_ns (monotonic) until the agent wants to run; 0: now. */
int kw_agent_timeout_ms(const struct kw_agent *a, uint64_t now_ns);
/*
 * Does what is due at @now_ns: follows the kernel's policy, rebuilds the
 * table and sends it when it changed or must be repeated. @fd_ready: the
 * agent's fd polled readable.
 */
void kw_agent_run(struct kw_agent *a, uint64_t now_ns, bool fd_ready);

#endif
