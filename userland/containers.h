/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Triage context for a finding: a container's name, image and pod, read
 * from the runtimes' state on the host (runtime_state.h) at the first
 * finding of a container id and cached. No daemon, socket or network: a
 * lookup is a few bounded file reads, and a container whose files are
 * gone or unknown is reported at once with what the kernel knew.
 */
#ifndef KWARDEN_CONTAINERS_H
#define KWARDEN_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "kwarden.h"
#include "event.h"
#include "runtime_state.h"

/*
 * Where each runtime keeps its state. A root whose last component is "*"
 * stands for every directory of its parent (containerd's namespaces).
 *   runc        ROOT/<id>/state.json, then its bundle's config.json
 *   crun        ROOT/<id>/status, then its bundle's config.json
 *   containerd  ROOT/<id>/config.json (a task bundle)
 *   storage     ROOT/overlay-containers/<id>/userdata/config.json and
 *               ROOT/overlay-containers/containers.json (podman, CRI-O)
 *   docker      ROOT/containers/<id>/config.v2.json
 */
enum kw_root_kind {
	KW_ROOT_RUNC, KW_ROOT_CRUN, KW_ROOT_CONTAINERD, KW_ROOT_STORAGE,
	KW_ROOT_DOCKER, KW_ROOT_NR,
};

#define KW_ROOTS_MAX	32
#define KW_CONTAINERS_DEFAULT	4096

struct kw_containers;

/* "runc", ... as --runtime-root takes them; -1 if unknown */
int kw_root_kind_parse(const char *s, size_t len);
const char *kw_root_kind_name(enum kw_root_kind kind);

/* A cache of @entries containers, with the default roots; NULL on ENOMEM. */
struct kw_containers *kw_containers_new(size_t entries);
void kw_containers_free(struct kw_containers *c);
/* Another size, before the first lookup (-EBUSY after it; -ENOMEM). */
int kw_containers_set_max(struct kw_containers *c, size_t entries);

/*
 * Adds a root of @kind. The first root of a kind replaces that kind's
 * defaults. -EINVAL for a path that is not absolute or too long,
 * -ENOSPC past KW_ROOTS_MAX.
 */
int kw_containers_add_root(struct kw_containers *c, enum kw_root_kind kind,
		    const char *path);
/* "KIND=PATH" */
int kw_containers_add_root_spec(struct kw_containers *c, const char *spec);
/* The roots in use, one "KIND=PATH" per line, for --help and status. */
void kw_containers_print_roots(const struct kw_containers *c, FILE *f);

/*
 * The context of container @id (64 hex digits) at @now_ns (a monotonic
 * clock): from the cache, or read now. Never NULL; its strings last until
 * the next call. A container none of the roots knows is looked for again
 * at most once a second.
 */
const struct kw_ctx_info *kw_containers_lookup(struct kw_containers *c, const char *id,
					uint64_t now_ns);

/*
 * Forgets what the cache holds of @id, so that the next lookup reads the
 * roots at once: the agent's way past the once-a-second retry, for a
 * container whose state files appear a few ms after its first exec.
 */
void kw_containers_forget(struct kw_containers *c, const char *id);

/*
 * The ids (64 lowercase hex digits; other names are skipped) of the
 * containers present under the runc, crun and containerd roots, sorted
 * and without duplicates, into @ids; *@n says how many. Docker and
 * podman run theirs under runc or crun, so these cover them too. Returns
 * 0, or -E2BIG when there were more than @max: @ids then holds the @max
 * lowest, sorted (the rest are left out, not an error to the caller's
 * other containers). When the watch fd is open, a root it could not watch
 * yet (not created then) is tried again here.
 */
int kw_containers_list(struct kw_containers *c,
		       char (*ids)[KWARDEN_CONTAINER_ID_LEN + 1], size_t max,
		       size_t *n);

/*
 * An inotify descriptor (nonblocking) that becomes readable when a
 * directory is created, deleted or moved into one of the runc, crun or
 * containerd roots (and each namespace directory of a "*" root): opened
 * at the first call, -errno if it cannot be. At most KW_WATCH_MAX watches.
 */
#define KW_WATCH_MAX	256
int kw_containers_watch_fd(struct kw_containers *c);
/*
 * Drains the watch fd, watching new namespace directories as they come:
 * 1 if something changed (or the queue overflowed), 0 if not, -errno.
 */
int kw_containers_watch_read(struct kw_containers *c);

/*
 * Sets @ev's context fields (the schema's relay-added strings) from its
 * container's, as kw_containers_lookup() gives them; @c may be NULL (no
 * context). The pod UID the kernel read from the cgroup wins over an
 * annotation.
 */
void kw_containers_annotate(struct kw_containers *c, struct kw_event *ev,
			    uint64_t now_ns);

/*
 * Forgets containers whose state is gone, at most @budget of them
 * checked per call (the relay calls it when idle).
 */
void kw_containers_sweep(struct kw_containers *c, uint64_t now_ns, size_t budget);

struct kw_containers_stats {
	uint64_t hits, misses, found, unknown, evicted, gone;
	size_t entries;
};
void kw_containers_get_stats(const struct kw_containers *c, struct kw_containers_stats *s);

#endif
