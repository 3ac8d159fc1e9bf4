// SPDX-License-Identifier: GPL-2.0
/*
 * Looking a container id up in the runtimes' state roots (containers.h) and
 * caching what they say.
 *
 * The roots are root-owned, but what is in them was written on behalf of
 * whoever created the container: a file is opened without following a
 * symlink out of its root (openat2 RESOLVE_BENEATH; a bundle directory a
 * runtime names, with no symlink at all), without blocking on a FIFO
 * planted there, only if it is a regular file, and read only up to a size
 * bound.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>
#include "containers.h"
#include "lib/cgroup.h"

/* runc's state.json carries the whole OCI config: mounts, env, labels */
#define KW_FILE_MAX		(4u << 20)
/* containers.json lists every container of a storage */
#define KW_LIST_MAX		(16u << 20)
/* directories read under a root whose last component is "*" */
#define KW_WILD_MAX		64
/* an id none of the roots knows is looked for again after this long */
#define KW_RETRY_NS		1000000000ULL

static const char *const kind_names[KW_ROOT_NR] = {
	[KW_ROOT_RUNC] = "runc", [KW_ROOT_CRUN] = "crun",
	[KW_ROOT_CONTAINERD] = "containerd", [KW_ROOT_STORAGE] = "storage",
	[KW_ROOT_DOCKER] = "docker",
};

/* The runtimes' defaults (runc, containerd, docker, CRI-O, podman, k3s). */
static const struct {
	enum kw_root_kind kind;
	const char *path;
} default_roots[] = {
	{ KW_ROOT_RUNC, "/run/runc" },
	{ KW_ROOT_RUNC, "/run/containerd/runc/*" },
	{ KW_ROOT_RUNC, "/run/docker/runtime-runc/moby" },
	{ KW_ROOT_CRUN, "/run/crun" },
	{ KW_ROOT_CONTAINERD, "/run/containerd/io.containerd.runtime.v2.task/*" },
	{ KW_ROOT_CONTAINERD, "/run/k3s/containerd/io.containerd.runtime.v2.task/*" },
	{ KW_ROOT_STORAGE, "/run/containers/storage" },
	{ KW_ROOT_STORAGE, "/var/lib/containers/storage" },
	{ KW_ROOT_DOCKER, "/var/lib/docker" },
};

struct root {
	enum kw_root_kind kind;
	bool wild;		/* path is the parent of the roots */
	char path[KW_CTX_PATH_MAX];
};

struct entry {
	char id[65];
	bool known;		/* some root knows it */
	uint64_t t;		/* when it was read */
	char *dir;		/* its state directory, gone with it */
	struct kw_ctx_info info;
	struct entry *hnext, *prev, *next;	/* hash chain, LRU list */
};

struct kw_containers {
	struct root roots[KW_ROOTS_MAX];
	int ifd;			/* inotify, -1 until asked for */
	int wds[KW_WATCH_MAX];		/* its watches */
	size_t nwds;
	size_t nroots;
	bool user_kind[KW_ROOT_NR];	/* a kind the operator set */
	struct entry **buckets;
	size_t nbuckets, max, n;
	struct entry lru;		/* most recent first */
	size_t sweep_at;		/* bucket the next sweep starts at */
	struct kw_ctx_info empty;
	struct kw_containers_stats st;
};

int kw_root_kind_parse(const char *s, size_t len)
{
	int k;

	for (k = 0; k < KW_ROOT_NR; k++)
		if (strlen(kind_names[k]) == len && !memcmp(s, kind_names[k], len))
			return k;
	return -1;
}

const char *kw_root_kind_name(enum kw_root_kind kind)
{
	return kind < KW_ROOT_NR ? kind_names[kind] : "";
}

static int add_root(struct kw_containers *c, enum kw_root_kind kind, const char *path)
{
	size_t n = strlen(path);
	struct root *r;

	if (path[0] != '/' || n >= KW_CTX_PATH_MAX || strstr(path, "/../") ||
	    (n >= 3 && !strcmp(path + n - 3, "/..")))
		return -EINVAL;
	if (c->nroots == KW_ROOTS_MAX)
		return -ENOSPC;
	r = &c->roots[c->nroots++];
	r->kind = kind;
	memcpy(r->path, path, n + 1);
	r->wild = n >= 2 && !strcmp(path + n - 2, "/*");
	if (r->wild)
		r->path[n - 2] = '\0';
	return 0;
}

int kw_containers_add_root(struct kw_containers *c, enum kw_root_kind kind, const char *path)
{
	size_t i, j;

	if (kind >= KW_ROOT_NR)
		return -EINVAL;
	if (!c->user_kind[kind]) {
		/* the first root of a kind replaces that kind's defaults */
		for (i = j = 0; i < c->nroots; i++)
			if (c->roots[i].kind != kind)
				c->roots[j++] = c->roots[i];
		c->nroots = j;
		c->user_kind[kind] = true;
	}
	return add_root(c, kind, path);
}

int kw_containers_add_root_spec(struct kw_containers *c, const char *spec)
{
	const char *eq = strchr(spec, '=');
	int kind;

	if (!eq)
		return -EINVAL;
	kind = kw_root_kind_parse(spec, (size_t)(eq - spec));
	if (kind < 0)
		return -EINVAL;
	return kw_containers_add_root(c, (enum kw_root_kind)kind, eq + 1);
}

void kw_containers_print_roots(const struct kw_containers *c, FILE *f)
{
	size_t i;

	for (i = 0; i < c->nroots; i++)
		fprintf(f, "  %s=%s%s\n", kind_names[c->roots[i].kind],
			c->roots[i].path, c->roots[i].wild ? "/*" : "");
}

int kw_containers_set_max(struct kw_containers *c, size_t entries)
{
	struct entry **b;
	size_t nb;

	if (c->n)
		return -EBUSY;
	entries = entries ? entries : KW_CONTAINERS_DEFAULT;
	for (nb = 64; nb < entries * 2; nb *= 2)
		;
	b = calloc(nb, sizeof(*b));
	if (!b)
		return -ENOMEM;
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = nb;
	c->max = entries;
	c->sweep_at = 0;
	return 0;
}

struct kw_containers *kw_containers_new(size_t entries)
{
	struct kw_containers *c = calloc(1, sizeof(*c));
	size_t i;

	if (!c)
		return NULL;
	if (kw_containers_set_max(c, entries)) {
		free(c);
		return NULL;
	}
	c->lru.next = c->lru.prev = &c->lru;
	c->ifd = -1;
	for (i = 0; i < sizeof(default_roots) / sizeof(default_roots[0]); i++)
		add_root(c, default_roots[i].kind, default_roots[i].path);
	return c;
}

static void entry_free(struct entry *e)
{
	free(e->dir);
	free(e);
}

void kw_containers_free(struct kw_containers *c)
{
	struct entry *e, *next;

	if (!c)
		return;
	for (e = c->lru.next; e != &c->lru; e = next) {
		next = e->next;
		entry_free(e);
	}
	if (c->ifd >= 0)
		close(c->ifd);
	free(c->buckets);
	free(c);
}

/*
 * openat2() as the roots need it: @beneath, resolved inside @dirfd
 * (symlinks that stay inside are fine); otherwise no symlink at all.
 * Without openat2 (Linux < 5.6) nothing is opened.
 */
static int open_file(int dirfd, const char *path, bool beneath)
{
	struct open_how how = {
		.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_NO_MAGICLINKS |
			   (beneath ? RESOLVE_BENEATH : RESOLVE_NO_SYMLINKS),
	};

	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* A regular file's content, NUL-terminated, if at most @max bytes. */
static char *read_file(int dirfd, const char *path, bool beneath, size_t max,
		       size_t *len)
{
	int fd = open_file(dirfd, path, beneath);
	struct stat st;
	char *buf = NULL;
	size_t n = 0, cap;
	ssize_t r = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max)
		goto out;
	/* room for what fstat saw and some growth, never past the bound */
	cap = (size_t)st.st_size + 65536 < max ? (size_t)st.st_size + 65536 : max;
	buf = malloc(cap + 2);
	if (!buf)
		goto out;
	while (n <= cap) {
		r = read(fd, buf + n, cap + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	/* an error, or more than the room: not read at all */
	if (r < 0 || n > cap) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	*len = n;
out:
	close(fd);
	return buf;
}

/*
 * The directories a root stands for, opened O_PATH; their paths in
 * @paths (KW_CTX_PATH_MAX each). Returns how many, at most @max.
 */
static size_t open_root(const struct root *r, int *fds, char (*paths)[KW_CTX_PATH_MAX],
			size_t max)
{
	const int dflags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	struct dirent *de;
	size_t n = 0;
	DIR *d;
	int fd;

	if (!r->wild) {
		fd = open(r->path, dflags);
		if (fd < 0 || !max)
			return 0;
		fds[0] = fd;
		snprintf(paths[0], KW_CTX_PATH_MAX, "%s", r->path);
		return 1;
	}
	d = opendir(r->path);
	if (!d)
		return 0;
	while (n < max && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		fd = openat(dirfd(d), de->d_name, dflags | O_NOFOLLOW);
		if (fd < 0)
			continue;
		if (snprintf(paths[n], KW_CTX_PATH_MAX, "%s/%s", r->path,
			     de->d_name) >= KW_CTX_PATH_MAX) {
			close(fd);
			continue;
		}
		fds[n++] = fd;
	}
	closedir(d);
	return n;
}

struct lookup {
	const char *id;
	struct kw_ctx_info *info;
	struct kw_ctx_info labels;	/* from runc's labels, a fallback */
	char bundle[KW_CTX_PATH_MAX];
	char *dir;			/* the first state directory found */
	bool found, annotated;
};

static void found_in(struct lookup *l, const char *root, const char *sub)
{
	l->found = true;
	if (l->dir)
		return;
	l->dir = malloc(strlen(root) + strlen(sub) + 2);
	if (l->dir)
		sprintf(l->dir, "%s/%s", root, sub);
}

/* One root directory: what its kind keeps about l->id. */
static bool read_root(struct lookup *l, enum kw_root_kind kind, int fd,
		      const char *path)
{
	char rel[160], sub[128];
	size_t len;
	char *buf;
	bool ok = false;

	switch (kind) {
	case KW_ROOT_RUNC:
	case KW_ROOT_CRUN:
		snprintf(sub, sizeof(sub), "%s", l->id);
		snprintf(rel, sizeof(rel), "%s/%s", l->id,
			 kind == KW_ROOT_RUNC ? "state.json" : "status");
		break;
	case KW_ROOT_CONTAINERD:
		snprintf(sub, sizeof(sub), "%s", l->id);
		snprintf(rel, sizeof(rel), "%s/config.json", l->id);
		break;
	case KW_ROOT_STORAGE:
		snprintf(sub, sizeof(sub), "overlay-containers/%s", l->id);
		snprintf(rel, sizeof(rel), "%s/userdata/config.json", sub);
		break;
	case KW_ROOT_DOCKER:
		snprintf(sub, sizeof(sub), "containers/%s", l->id);
		snprintf(rel, sizeof(rel), "%s/config.v2.json", sub);
		break;
	default:
		return false;
	}
	buf = read_file(fd, rel, true, KW_FILE_MAX, &len);
	if (!buf)
		return false;
	switch (kind) {
	case KW_ROOT_RUNC:
		ok = !kw_rt_runc_state(buf, len, l->id, l->bundle,
				       sizeof(l->bundle), &l->labels);
		break;
	case KW_ROOT_CRUN:
		ok = !kw_rt_crun_status(buf, len, l->bundle, sizeof(l->bundle));
		break;
	case KW_ROOT_CONTAINERD:
	case KW_ROOT_STORAGE:
		ok = l->annotated = !kw_rt_oci_config(buf, len, l->info);
		break;
	case KW_ROOT_DOCKER:
		ok = !kw_rt_docker_config(buf, len, l->id, l->info);
		break;
	default:
		break;
	}
	free(buf);
	if (ok)
		found_in(l, path, sub);
	return ok;
}

/* podman's and CRI-O's list of containers, for a name or image still missing */
static bool read_storage_list(struct lookup *l, int fd, const char *path)
{
	char sub[128];
	size_t len;
	char *buf = read_file(fd, "overlay-containers/containers.json", true,
			      KW_LIST_MAX, &len);
	bool ok;

	if (!buf)
		return false;
	ok = !kw_rt_storage_containers(buf, len, l->id, l->info);
	free(buf);
	if (ok) {
		snprintf(sub, sizeof(sub), "overlay-containers/%s", l->id);
		found_in(l, path, sub);
	}
	return ok;
}

/* Every root of @kind until one knows l->id (or all, for @list). */
static void read_kind(const struct kw_containers *c, struct lookup *l,
		      enum kw_root_kind kind, bool list)
{
	static char paths[KW_WILD_MAX][KW_CTX_PATH_MAX];
	int fds[KW_WILD_MAX];
	bool done = false;
	size_t i, j, n;

	for (i = 0; i < c->nroots && !done; i++) {
		if (c->roots[i].kind != kind)
			continue;
		n = open_root(&c->roots[i], fds, paths, KW_WILD_MAX);
		for (j = 0; j < n; j++) {
			if (!done)
				done = list ? read_storage_list(l, fds[j], paths[j]) :
				       read_root(l, kind, fds[j], paths[j]);
			close(fds[j]);
		}
	}
}

static void merge(char *dst, size_t size, const char *src)
{
	kw_ctx_set(dst, size, src, strlen(src));
}

/*
 * What the roots say about @id, most precise first: the runtime's state
 * and its bundle's annotations (containerd's CRI plugin, CRI-O), a task
 * bundle or storage bundle found directly, runc's labels, docker's
 * config, the storage's list (podman).
 */
static void read_all(const struct kw_containers *c, struct lookup *l)
{
	read_kind(c, l, KW_ROOT_RUNC, false);
	if (!l->found)
		read_kind(c, l, KW_ROOT_CRUN, false);
	if (l->bundle[0]) {
		char path[KW_CTX_PATH_MAX + 16];
		size_t len;
		char *buf;

		snprintf(path, sizeof(path), "%s/config.json", l->bundle);
		buf = read_file(AT_FDCWD, path, false, KW_FILE_MAX, &len);
		if (buf)
			l->annotated = !kw_rt_oci_config(buf, len, l->info);
		free(buf);
	}
	if (!l->annotated)
		read_kind(c, l, KW_ROOT_CONTAINERD, false);
	if (!l->annotated)
		read_kind(c, l, KW_ROOT_STORAGE, false);
	merge(l->info->name, sizeof(l->info->name), l->labels.name);
	merge(l->info->image, sizeof(l->info->image), l->labels.image);
	merge(l->info->pod, sizeof(l->info->pod), l->labels.pod);
	merge(l->info->ns, sizeof(l->info->ns), l->labels.ns);
	merge(l->info->pod_uid, sizeof(l->info->pod_uid), l->labels.pod_uid);
	read_kind(c, l, KW_ROOT_DOCKER, false);
	if (!l->info->name[0] || !l->info->image[0])
		read_kind(c, l, KW_ROOT_STORAGE, true);
}

/*
 * Ids are sha256 digests in hex: 16 of their digits spread as well as all
 * 64 do, and the relay hashes one per finding. (Whoever can name cgroups
 * to collide them is root on the node; a chain is bounded by the cache.)
 */
static size_t hash(const char *id, size_t nbuckets)
{
	uint64_t a, b;

	memcpy(&a, id, 8);
	memcpy(&b, id + 56, 8);
	/* murmur3's finaliser: every input bit reaches the low bits */
	a ^= b << 32 | b >> 32;
	a ^= a >> 33;
	a *= 0xff51afd7ed558ccdULL;
	a ^= a >> 33;
	a *= 0xc4ceb9fe1a85ec53ULL;
	a ^= a >> 33;
	return (size_t)a & (nbuckets - 1);
}

static void lru_unlink(struct entry *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
}

static void lru_push(struct kw_containers *c, struct entry *e)
{
	e->next = c->lru.next;
	e->prev = &c->lru;
	c->lru.next->prev = e;
	c->lru.next = e;
}

static void drop(struct kw_containers *c, struct entry *e)
{
	struct entry **pp = &c->buckets[hash(e->id, c->nbuckets)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	lru_unlink(e);
	entry_free(e);
	c->n--;
}

/* (Re)reads @e from the roots, a miss counted found or unknown. */
static void fill(struct kw_containers *c, struct entry *e, uint64_t now)
{
	struct lookup l = { .id = e->id, .info = &e->info };

	memset(&e->info, 0, sizeof(e->info));
	free(e->dir);
	read_all(c, &l);
	e->dir = l.dir;
	e->known = l.found;
	e->t = now;
	c->st.found += e->known;
	c->st.unknown += !e->known;
}

const struct kw_ctx_info *kw_containers_lookup(struct kw_containers *c, const char *id,
					uint64_t now_ns)
{
	struct entry *e;
	size_t b;

	/* only valid ids are cached: a match needs no check of its own */
	if (!id || strnlen(id, 65) != 64)
		return &c->empty;
	b = hash(id, c->nbuckets);
	for (e = c->buckets[b]; e; e = e->hnext)
		if (!memcmp(e->id, id, 64))
			break;
	if (e) {
		lru_unlink(e);
		lru_push(c, e);
		if (e->known || now_ns - e->t < KW_RETRY_NS) {
			c->st.hits++;
			return &e->info;
		}
		/* unknown a second ago: its runtime may have written it since */
		c->st.misses++;
		fill(c, e, now_ns);
		return &e->info;
	}
	c->st.misses++;
	if (!kw_is_container_id(id))
		return &c->empty;
	if (c->n == c->max) {
		drop(c, c->lru.prev);
		c->st.evicted++;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return &c->empty;
	memcpy(e->id, id, 65);
	e->hnext = c->buckets[b];
	c->buckets[b] = e;
	lru_push(c, e);
	c->n++;
	fill(c, e, now_ns);
	return &e->info;
}

void kw_containers_annotate(struct kw_containers *c, struct kw_event *ev,
			    uint64_t now_ns)
{
	const struct kw_ctx_info *ci;

	ev->ctx_pod_uid = ev->pod_uid;
	if (!c || !ev->container_id || !*ev->container_id)
		return;
	ci = kw_containers_lookup(c, ev->container_id, now_ns);
	ev->ctx_name = ci->name;
	ev->ctx_image = ci->image;
	ev->ctx_pod = ci->pod;
	ev->ctx_namespace = ci->ns;
	if (!*ev->pod_uid)
		ev->ctx_pod_uid = ci->pod_uid;
}

void kw_containers_sweep(struct kw_containers *c, uint64_t now_ns, size_t budget)
{
	size_t scanned = 0;
	struct entry *e, *next;

	while (scanned < c->nbuckets && budget) {
		size_t b = c->sweep_at;

		c->sweep_at = (c->sweep_at + 1) & (c->nbuckets - 1);
		scanned++;
		for (e = c->buckets[b]; e; e = next) {
			next = e->hnext;
			if (!budget)
				break;
			budget--;
			if (e->known ?
			    (e->dir && faccessat(AT_FDCWD, e->dir, F_OK,
						 AT_SYMLINK_NOFOLLOW) && errno == ENOENT) :
			    now_ns - e->t >= KW_RETRY_NS) {
				c->st.gone += e->known;
				drop(c, e);
			}
		}
	}
}

void kw_containers_get_stats(const struct kw_containers *c, struct kw_containers_stats *s)
{
	*s = c->st;
	s->entries = c->n;
}

void kw_containers_forget(struct kw_containers *c, const char *id)
{
	struct entry *e;

	if (!id || strnlen(id, 65) != 64)
		return;
	for (e = c->buckets[hash(id, c->nbuckets)]; e; e = e->hnext)
		if (!memcmp(e->id, id, 64)) {
			drop(c, e);
			return;
		}
}

/* The kinds whose roots hold one directory per running container. */
static bool listed_kind(enum kw_root_kind kind)
{
	return kind == KW_ROOT_RUNC || kind == KW_ROOT_CRUN ||
	       kind == KW_ROOT_CONTAINERD;
}

/*
 * Directory entries read per kw_containers_list(): the roots are
 * root-owned, but a runaway runtime leaving junk behind must not make
 * the agent's scan unbounded.
 */
#define KW_LIST_SCAN_MAX	65536

typedef char kw_id_t[KWARDEN_CONTAINER_ID_LEN + 1];

static int id_cmp(const void *a, const void *b)
{
	return memcmp(a, b, KWARDEN_CONTAINER_ID_LEN);
}

/* Sorts @ids[0..n) and drops duplicates: the count left. */
static size_t sort_uniq(kw_id_t *ids, size_t n)
{
	size_t i, j;

	if (n < 2)
		return n;
	qsort(ids, n, sizeof(*ids), id_cmp);
	for (i = 1, j = 1; i < n; i++)
		if (id_cmp(ids[i], ids[j - 1]))
			memcpy(ids[j++], ids[i], sizeof(*ids));
	return j;
}

struct id_list {
	kw_id_t *ids;
	size_t max, n;
	size_t sorted;		/* ids[0..sorted) are sorted and distinct */
	size_t scanned;
	bool truncated;
};

static void list_add(struct id_list *l, const char *id)
{
	if (l->n == l->max)
		l->n = l->sorted = sort_uniq(l->ids, l->n);
	/*
	 * The same container under another root (containerd's runc state
	 * and its task bundle): once the array has filled and been sorted,
	 * a duplicate of what it holds costs a binary search, not a slot.
	 */
	if (l->sorted && bsearch(id, l->ids, l->sorted, sizeof(*l->ids), id_cmp))
		return;
	if (l->n == l->max) {
		l->truncated = true;
		return;
	}
	memcpy(l->ids[l->n++], id, sizeof(*l->ids));
}

/* The container directories of one root directory (O_PATH @fd). */
static void list_dir(struct id_list *l, int fd)
{
	int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (dfd < 0)
		return;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	while (l->scanned < KW_LIST_SCAN_MAX && (de = readdir(d))) {
		l->scanned++;
		if (!kw_is_container_id(de->d_name))
			continue;
		/* a state directory, not a symlink to one elsewhere */
		if (de->d_type != DT_DIR &&
		    (de->d_type != DT_UNKNOWN ||
		     fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		     !S_ISDIR(st.st_mode)))
			continue;
		list_add(l, de->d_name);
	}
	closedir(d);
}

static void watch_roots(struct kw_containers *c);

int kw_containers_list(struct kw_containers *c,
		       char (*ids)[KWARDEN_CONTAINER_ID_LEN + 1], size_t max,
		       size_t *n)
{
	static char paths[KW_WILD_MAX][KW_CTX_PATH_MAX];
	struct id_list l = { .ids = ids, .max = max };
	int fds[KW_WILD_MAX];
	size_t i, j, k;

	if (c->ifd >= 0)
		watch_roots(c);
	for (i = 0; i < c->nroots; i++) {
		if (!listed_kind(c->roots[i].kind))
			continue;
		k = open_root(&c->roots[i], fds, paths, KW_WILD_MAX);
		for (j = 0; j < k; j++) {
			list_dir(&l, fds[j]);
			close(fds[j]);
		}
	}
	*n = sort_uniq(l.ids, l.n);
	return l.truncated ? -E2BIG : 0;
}

/* Keeps @wd (a new one, or one inotify already gave us); false if full. */
static bool watch_keep(struct kw_containers *c, int wd)
{
	size_t i;

	for (i = 0; i < c->nwds; i++)
		if (c->wds[i] == wd)
			return true;
	if (c->nwds == KW_WATCH_MAX) {
		inotify_rm_watch(c->ifd, wd);
		return false;
	}
	c->wds[c->nwds++] = wd;
	return true;
}

#define KW_WATCH_EVENTS	(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_ONLYDIR)

/*
 * Watches every listed root (and, of a "*" root, the parent, for a new
 * namespace, and each namespace directory). Adding a watch already there
 * gives its descriptor back, so this is also the retry of a root that did
 * not exist yet.
 */
static void watch_roots(struct kw_containers *c)
{
	const struct root *r;
	struct dirent *de;
	size_t i, n;
	char path[KW_CTX_PATH_MAX];
	DIR *d;
	int wd;

	for (i = 0; i < c->nroots; i++) {
		r = &c->roots[i];
		if (!listed_kind(r->kind))
			continue;
		wd = inotify_add_watch(c->ifd, r->path, KW_WATCH_EVENTS);
		if (wd < 0)
			continue;	/* not there yet: the next rescan */
		if (!watch_keep(c, wd))
			return;
		if (!r->wild)
			continue;
		d = opendir(r->path);
		if (!d)
			continue;
		n = 0;
		while (n < KW_WILD_MAX && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			n++;
			if (snprintf(path, sizeof(path), "%s/%s", r->path,
				     de->d_name) >= (int)sizeof(path))
				continue;
			wd = inotify_add_watch(c->ifd, path,
					       KW_WATCH_EVENTS | IN_DONT_FOLLOW);
			if (wd >= 0 && !watch_keep(c, wd)) {
				closedir(d);
				return;
			}
		}
		closedir(d);
	}
}

int kw_containers_watch_fd(struct kw_containers *c)
{
	if (c->ifd >= 0)
		return c->ifd;
	c->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (c->ifd < 0)
		return -errno;
	c->nwds = 0;
	watch_roots(c);
	return c->ifd;
}

int kw_containers_watch_read(struct kw_containers *c)
{
	_Alignas(struct inotify_event) char buf[4096];
	const struct inotify_event *ev;
	bool changed = false, rescan = false;
	ssize_t len;
	size_t i;
	/* bounded: a flood of events is one change, not a busy loop */
	int rounds = 64;
	char *p;

	if (c->ifd < 0)
		return 0;
	while (rounds-- > 0) {
		len = read(c->ifd, buf, sizeof(buf));
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -errno;
		}
		if (len == 0)
			break;
		for (p = buf; p + sizeof(*ev) <= buf + len;
		     p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (p + sizeof(*ev) + ev->len > buf + len)
				break;
			if (ev->mask & IN_Q_OVERFLOW) {
				changed = rescan = true;
			} else if (ev->mask & IN_IGNORED) {
				/* its directory went: forget the watch */
				for (i = 0; i < c->nwds; i++)
					if (c->wds[i] == ev->wd) {
						c->wds[i] = c->wds[--c->nwds];
						break;
					}
				rescan = true;
			} else {
				changed = true;
				/* perhaps a namespace directory to watch */
				if (ev->mask & IN_ISDIR)
					rescan = true;
			}
		}
	}
	if (rescan)
		watch_roots(c);
	return changed;
}
