// SPDX-License-Identifier: GPL-2.0
/*
 * Triage context: the runtimes' state parsers (userland/runtime_state.c)
 * and the lookup over state roots and its cache (userland/context.c), on
 * directory trees laid out as runc, crun, containerd, CRI-O, docker and
 * podman lay theirs out, and as an attacker would rearrange them.
 */
#include <check.h>
#include "run_suite.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "containers.h"
#include "state_tree.h"

#define ID_A "aaaa000000000000000000000000000000000000000000000000000000000001"
#define ID_B "bbbb000000000000000000000000000000000000000000000000000000000002"
#define ID_C "cccc000000000000000000000000000000000000000000000000000000000003"
#define ID_D "dddd000000000000000000000000000000000000000000000000000000000004"
#define SEC 1000000000ULL

/* A context with only TOP's roots, of every kind. */
static struct kw_containers *ctx(size_t entries)
{
	struct kw_containers *c = kw_containers_new(entries);

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_RUNC, at("runc")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_RUNC, at("containerd/runc/*")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_CRUN, at("crun")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_CONTAINERD, at("task/*")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_STORAGE, at("storage")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_DOCKER, at("docker")), 0);
	return c;
}

static void setup(void)
{
	tree_make("kwctx");
}

static void teardown(void)
{
	tree_remove();
}

static char *state_json(const char *id, const char *labels)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf),
		 "{\"id\":\"%s\",\"init_process_pid\":1234,\"config\":{\"rootfs\":\"/x\",\"labels\":[%s]}}",
		 id, labels);
	return buf;
}

static const char cri_config[] =
	"{\"ociVersion\":\"1.0.2\",\"annotations\":{"
	"\"io.kubernetes.cri.container-type\":\"container\","
	"\"io.kubernetes.cri.container-name\":\"builder\","
	"\"io.kubernetes.cri.image-name\":\"docker.io/library/gcc:12\","
	"\"io.kubernetes.cri.sandbox-name\":\"ci-job-7\","
	"\"io.kubernetes.cri.sandbox-namespace\":\"ci\","
	"\"io.kubernetes.cri.sandbox-uid\":\"0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a\"}}";

/* containerd + runc: state.json's bundle, its config.json's annotations */
START_TEST(test_containerd_runc)
{
	struct kw_containers *c = ctx(0);
	const struct kw_ctx_info *ci;
	char labels[1024];

	put("task/k8s.io/" ID_A "/config.json", cri_config);
	put("forged/config.json",
	    "{\"annotations\":{\"io.kubernetes.cri.container-name\":\"forged\"}}");
	/* an annotation keyed "bundle" comes first; runc's own comes last */
	snprintf(labels, sizeof(labels),
		 "\"bundle=%s\",\"io.kubernetes.cri.container-name=builder\",\"bundle=%s\"",
		 at("forged"), at("task/k8s.io/" ID_A));
	put("containerd/runc/k8s.io/" ID_A "/state.json", state_json(ID_A, labels));
	ci = kw_containers_lookup(c, ID_A, 5 * SEC);
	ck_assert_str_eq(ci->name, "builder");
	ck_assert_str_eq(ci->image, "docker.io/library/gcc:12");
	ck_assert_str_eq(ci->pod, "ci-job-7");
	ck_assert_str_eq(ci->ns, "ci");
	ck_assert_str_eq(ci->pod_uid, "0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a");
	kw_containers_free(c);
}
END_TEST

/* The bundle alone (no runc state root configured): the task directory. */
START_TEST(test_containerd_task_only)
{
	struct kw_containers *c = ctx(0);
	const struct kw_ctx_info *ci;

	put("task/k8s.io/" ID_A "/config.json", cri_config);
	ci = kw_containers_lookup(c, ID_A, 5 * SEC);
	ck_assert_str_eq(ci->name, "builder");
	ck_assert_str_eq(ci->ns, "ci");
	kw_containers_free(c);
}
END_TEST

/* CRI-O with crun: status names the bundle, annotations the pod. */
START_TEST(test_crio_crun)
{
	struct kw_containers *c = ctx(0);
	const struct kw_ctx_info *ci;
	char status[1024];

	put("storage/overlay-containers/" ID_B "/userdata/config.json",
	    "{\"annotations\":{\"io.kubernetes.container.name\":\"web\","
	    "\"io.kubernetes.pod.name\":\"web-5d8f\",\"io.kubernetes.pod.namespace\":\"shop\","
	    "\"io.kubernetes.pod.uid\":\"11111111-2222-3333-4444-555555555555\","
	    "\"io.kubernetes.cri-o.ImageName\":\"quay.io/shop/web:3\"}}");
	snprintf(status, sizeof(status),
		 "{\"pid\":77,\"bundle\":\"%s\",\"rootfs\":\"/r\",\"systemd-cgroup\":\"\"}",
		 at("storage/overlay-containers/" ID_B "/userdata"));
	put("crun/" ID_B "/status", status);
	ci = kw_containers_lookup(c, ID_B, 5 * SEC);
	ck_assert_str_eq(ci->name, "web");
	ck_assert_str_eq(ci->image, "quay.io/shop/web:3");
	ck_assert_str_eq(ci->pod, "web-5d8f");
	ck_assert_str_eq(ci->ns, "shop");
	ck_assert_str_eq(ci->pod_uid, "11111111-2222-3333-4444-555555555555");
	kw_containers_free(c);
}
END_TEST

/* docker: config.v2.json; cri-dockerd's labels win over docker's Name. */
START_TEST(test_docker)
{
	struct kw_containers *c = ctx(0);
	const struct kw_ctx_info *ci;

	put("docker/containers/" ID_A "/config.v2.json",
	    "{\"ID\":\"" ID_A "\",\"Name\":\"/relaxed_turing\",\"Image\":\"sha256:abc\","
	    "\"Config\":{\"Image\":\"gcc:12\",\"Env\":[\"A=1\"],\"Labels\":{}}}");
	put("docker/containers/" ID_B "/config.v2.json",
	    "{\"ID\":\"" ID_B "\",\"Name\":\"/k8s_app_pod-1_default_u_0\","
	    "\"Config\":{\"Image\":\"nginx\",\"Labels\":{\"io.kubernetes.container.name\":\"app\","
	    "\"io.kubernetes.pod.name\":\"pod-1\",\"io.kubernetes.pod.namespace\":\"default\"}}}");
	/* a config.v2.json that is another container's is not used */
	put("docker/containers/" ID_C "/config.v2.json",
	    "{\"ID\":\"" ID_A "\",\"Name\":\"/liar\",\"Config\":{\"Image\":\"x\"}}");
	ci = kw_containers_lookup(c, ID_A, 5 * SEC);
	ck_assert_str_eq(ci->name, "relaxed_turing");
	ck_assert_str_eq(ci->image, "gcc:12");
	ck_assert_str_eq(ci->pod, "");
	ci = kw_containers_lookup(c, ID_B, 5 * SEC);
	ck_assert_str_eq(ci->name, "app");
	ck_assert_str_eq(ci->image, "nginx");
	ck_assert_str_eq(ci->pod, "pod-1");
	ck_assert_str_eq(ci->ns, "default");
	ci = kw_containers_lookup(c, ID_C, 5 * SEC);
	ck_assert_str_eq(ci->name, "");
	kw_containers_free(c);
}
END_TEST

/* podman: runc's state and its bundle's annotations, containers.json's name */
START_TEST(test_podman)
{
	struct kw_containers *c = ctx(0);
	const struct kw_ctx_info *ci;
	char labels[1024];

	put("storage/overlay-containers/" ID_C "/userdata/config.json",
	    "{\"annotations\":{\"io.container.manager\":\"libpod\"}}");
	put("storage/overlay-containers/containers.json",
	    "[{\"id\":\"" ID_B "\",\"names\":[\"other\"]},"
	    "{\"id\":\"" ID_C "\",\"names\":[\"devbox\"],\"image\":\"9f3e\","
	    "\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/debian:12\\\",\\\"name\\\":\\\"devbox\\\"}\"}]");
	snprintf(labels, sizeof(labels), "\"bundle=%s\"",
		 at("storage/overlay-containers/" ID_C "/userdata"));
	put("runc/" ID_C "/state.json", state_json(ID_C, labels));
	ci = kw_containers_lookup(c, ID_C, 5 * SEC);
	ck_assert_str_eq(ci->name, "devbox");
	ck_assert_str_eq(ci->image, "docker.io/library/debian:12");
	kw_containers_free(c);
}
END_TEST

/*
 * Labels are the fallback when the bundle is gone; a known key two labels
 * carry (an annotation key with '=' in it forges one) is not believed.
 */
START_TEST(test_runc_labels)
{
	struct kw_containers *c = ctx(0);
	const struct kw_ctx_info *ci;

	put("runc/" ID_A "/state.json", state_json(ID_A,
	    "\"io.kubernetes.pod.namespace=prod\",\"io.kubernetes.pod.name=api-1\","
	    "\"io.kubernetes.pod.name=forged=x\",\"bundle=/nonexistent/b\""));
	ci = kw_containers_lookup(c, ID_A, 5 * SEC);
	ck_assert_str_eq(ci->ns, "prod");
	ck_assert_str_eq(ci->pod, "");
	/* a state.json that is another container's is not used */
	put("runc/" ID_B "/state.json", state_json(ID_A, "\"io.kubernetes.pod.name=x\""));
	ci = kw_containers_lookup(c, ID_B, 5 * SEC);
	ck_assert_str_eq(ci->pod, "");
	kw_containers_free(c);
}
END_TEST

/* Symlinks out of a root, in a bundle path, FIFOs, huge files: not read. */
START_TEST(test_hostile_files)
{
	struct kw_containers *c = ctx(0);
	const struct kw_ctx_info *ci;
	char labels[1024], *big;
	FILE *f;
	size_t i;

	/* ROOT/<id> a symlink to a directory outside the root */
	put("outside/" ID_A "/state.json", state_json(ID_A,
	    "\"io.kubernetes.pod.name=evil\""));
	mkdir(at("runc"), 0755);
	ck_assert_int_eq(symlink(at("outside/" ID_A), at("runc/" ID_A)), 0);
	ci = kw_containers_lookup(c, ID_A, 5 * SEC);
	ck_assert_str_eq(ci->pod, "");
	/* a bundle path through a symlink */
	put("real/config.json", cri_config);
	ck_assert_int_eq(symlink(at("real"), at("link")), 0);
	snprintf(labels, sizeof(labels), "\"bundle=%s\"", at("link"));
	put("runc/" ID_B "/state.json", state_json(ID_B, labels));
	ci = kw_containers_lookup(c, ID_B, 5 * SEC);
	ck_assert_str_eq(ci->name, "");
	/* a FIFO where state.json should be: no hang, nothing read */
	mkdir(at("runc/" ID_C), 0755);
	ck_assert_int_eq(mkfifo(at("runc/" ID_C "/state.json"), 0600), 0);
	put("docker/containers/" ID_C "/config.v2.json",
	    "{\"ID\":\"" ID_C "\",\"Name\":\"/after-fifo\"}");
	ci = kw_containers_lookup(c, ID_C, 5 * SEC);
	ck_assert_str_eq(ci->name, "after-fifo");
	kw_containers_free(c);

	/* a config.v2.json over the 4 MiB bound is not parsed */
	c = ctx(0);
	big = malloc(5 << 20);
	ck_assert_ptr_nonnull(big);
	i = (size_t)sprintf(big, "{\"ID\":\"" ID_A "\",\"Name\":\"/big\",\"Config\":{\"Env\":[\"");
	memset(big + i, 'x', (5 << 20) - i - 8);
	strcpy(big + (5 << 20) - 8, "\"]}}");
	mkdir(at("docker/containers/" ID_A), 0755);
	f = fopen(at("docker/containers/" ID_A "/config.v2.json"), "w");
	ck_assert_ptr_nonnull(f);
	fputs(big, f);
	fclose(f);
	free(big);
	rmdir(at("runc/" ID_A));
	unlink(at("runc/" ID_A));
	ci = kw_containers_lookup(c, ID_A, 5 * SEC);
	ck_assert_str_eq(ci->name, "");
	kw_containers_free(c);
}
END_TEST

/* Untrusted strings: cut at a NUL and at a UTF-8 boundary, kept raw. */
START_TEST(test_strings)
{
	struct kw_ctx_info ci = { 0 };
	char buf[2 * KW_CTX_NAME_MAX + 64], doc[3 * KW_CTX_NAME_MAX + 128];
	size_t i;

	ck_assert(kw_ctx_set(ci.name, sizeof(ci.name), "a\0b", 3));
	ck_assert_str_eq(ci.name, "a");
	ck_assert(!kw_ctx_set(ci.name, sizeof(ci.name), "c", 1));	/* first wins */
	/* 253 'x' then a 3-byte character: it does not fit, and is not cut */
	memset(&ci, 0, sizeof(ci));
	for (i = 0; i < KW_CTX_NAME_MAX - 1; i++)
		buf[i] = 'x';
	memcpy(buf + KW_CTX_NAME_MAX - 2, "\xe2\x82\xac", 3);
	ck_assert(kw_ctx_set(ci.name, sizeof(ci.name), buf, KW_CTX_NAME_MAX + 1));
	ck_assert_uint_eq(strlen(ci.name), KW_CTX_NAME_MAX - 2);
	/* JSON escapes decode to the bytes: a newline stays for the renderers */
	memset(&ci, 0, sizeof(ci));
	snprintf(doc, sizeof(doc), "{\"annotations\":{\"io.kubernetes.cri.container-name\":"
		 "\"a\\nb\\u0000c\",\"io.kubernetes.pod.name\":7}}");
	ck_assert_int_eq(kw_rt_oci_config(doc, strlen(doc), &ci), 0);
	ck_assert_str_eq(ci.name, "a\nb");
	ck_assert_str_eq(ci.pod, "");
	/* not the format: invalid JSON, invalid UTF-8, the wrong type */
	ck_assert_int_eq(kw_rt_oci_config("{", 1, &ci), -EINVAL);
	ck_assert_int_eq(kw_rt_oci_config("{\"a\":\"\xff\"}", 9, &ci), -EINVAL);
	ck_assert_int_eq(kw_rt_storage_containers("{}", 2, ID_A, &ci), -EINVAL);
	ck_assert_int_eq(kw_rt_storage_containers("[]", 2, ID_A, &ci), -ENOENT);
	buf[0] = 'x';
	ck_assert_int_eq(kw_rt_crun_status("{\"bundle\":\"rel/dir\"}", 20, buf, 64), 0);
	ck_assert_str_eq(buf, "");	/* a bundle must be absolute */
}
END_TEST

/* The cache: hits, a retry for the unknown, the LRU bound, the sweep. */
START_TEST(test_cache)
{
	struct kw_containers *c = ctx(2);
	struct kw_containers_stats st;
	const struct kw_ctx_info *ci;

	ci = kw_containers_lookup(c, ID_A, 10 * SEC);
	ck_assert_str_eq(ci->name, "");
	/* written after the first finding: seen a second later, not before */
	put("docker/containers/" ID_A "/config.v2.json",
	    "{\"ID\":\"" ID_A "\",\"Name\":\"/late\"}");
	ck_assert_str_eq(kw_containers_lookup(c, ID_A, 10 * SEC + SEC / 2)->name, "");
	ck_assert_str_eq(kw_containers_lookup(c, ID_A, 11 * SEC)->name, "late");
	kw_containers_get_stats(c, &st);
	ck_assert_uint_eq(st.misses, 2);
	ck_assert_uint_eq(st.hits, 1);
	ck_assert_uint_eq(st.found, 1);
	/* not an id: never a path */
	ck_assert_str_eq(kw_containers_lookup(c, "../../etc", 11 * SEC)->name, "");
	ck_assert_str_eq(kw_containers_lookup(c, ID_A "0", 11 * SEC)->name, "");
	/* two entries at most: the least recent goes */
	kw_containers_lookup(c, ID_B, 12 * SEC);
	kw_containers_lookup(c, ID_A, 12 * SEC);
	kw_containers_lookup(c, ID_C, 12 * SEC);
	kw_containers_get_stats(c, &st);
	ck_assert_uint_eq(st.entries, 2);
	ck_assert_uint_eq(st.evicted, 1);
	/* the sweep forgets a container whose state is gone, and the unknown */
	ck_assert_int_eq(unlink(at("docker/containers/" ID_A "/config.v2.json")), 0);
	ck_assert_int_eq(rmdir(at("docker/containers/" ID_A)), 0);
	kw_containers_sweep(c, 12 * SEC, 100);
	kw_containers_get_stats(c, &st);
	ck_assert_uint_eq(st.entries, 1);	/* C: unknown for less than 1 s */
	ck_assert_uint_eq(st.gone, 1);
	kw_containers_sweep(c, 14 * SEC, 100);
	kw_containers_get_stats(c, &st);
	ck_assert_uint_eq(st.entries, 0);
	kw_containers_free(c);
}
END_TEST

START_TEST(test_roots)
{
	struct kw_containers *c = kw_containers_new(0);
	char *buf = NULL;
	size_t len, i;
	FILE *f;

	ck_assert_int_eq(kw_containers_add_root_spec(c, "runc=/run/k3s/runc"), 0);
	ck_assert_int_eq(kw_containers_add_root_spec(c, "runc=/opt/runc"), 0);
	ck_assert_int_eq(kw_containers_add_root_spec(c, "runc"), -EINVAL);
	ck_assert_int_eq(kw_containers_add_root_spec(c, "gvisor=/run/runsc"), -EINVAL);
	ck_assert_int_eq(kw_containers_add_root_spec(c, "crun=run/crun"), -EINVAL);
	ck_assert_int_eq(kw_containers_add_root_spec(c, "crun=/run/../etc"), -EINVAL);
	f = open_memstream(&buf, &len);
	kw_containers_print_roots(c, f);
	fclose(f);
	/* runc's defaults replaced, the other kinds' kept */
	ck_assert_ptr_null(strstr(buf, "runc=/run/runc"));
	ck_assert_ptr_nonnull(strstr(buf, "  runc=/run/k3s/runc\n  runc=/opt/runc\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  docker=/var/lib/docker\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  containerd=/run/containerd/io.containerd.runtime.v2.task/*\n"));
	free(buf);
	for (i = 0; i < KW_ROOTS_MAX; i++)
		if (kw_containers_add_root(c, KW_ROOT_DOCKER, "/d") == -ENOSPC)
			break;
	ck_assert_uint_lt(i, KW_ROOTS_MAX);
	kw_containers_free(c);
}
END_TEST

typedef char id_t64[KWARDEN_CONTAINER_ID_LEN + 1];

/*
 * The listing: runc, crun and containerd roots only, "*" roots' every
 * namespace, sorted, each id once, only directories named by a full id.
 */
START_TEST(test_list)
{
	struct kw_containers *c = ctx(0);
	id_t64 ids[8];
	size_t n = 99;

	/* nothing there yet: an empty list, not an error */
	ck_assert_int_eq(kw_containers_list(c, ids, 8, &n), 0);
	ck_assert_uint_eq(n, 0);
	dir("runc/" ID_B);
	dir("runc/" ID_A);
	dir("containerd/runc/k8s.io/" ID_C);
	dir("task/k8s.io/" ID_C);		/* the same container's bundle */
	dir("task/moby/" ID_A);
	dir("crun/" ID_B);
	/* not a container: other names, a file, a symlink, an uppercase id */
	dir("runc/notanid");
	dir("runc/AAAA000000000000000000000000000000000000000000000000000000000001");
	dir("runc/" "aaaa00000000000000000000000000000000000000000000000000000000001");
	dir("runc/" ID_A "0");
	put("runc/" ID_D, "x");
	ck_assert_int_eq(symlink(at("runc/" ID_A), at("crun/" ID_D)), 0);
	/* docker's and the storage's directories are not runtimes' state roots */
	dir("docker/containers/" ID_D);
	dir("storage/overlay-containers/" ID_D);
	ck_assert_int_eq(kw_containers_list(c, ids, 8, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(ids[0], ID_A);
	ck_assert_str_eq(ids[1], ID_B);
	ck_assert_str_eq(ids[2], ID_C);
	/* exactly as many as there is room for: duplicates take none */
	ck_assert_int_eq(kw_containers_list(c, ids, 3, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(ids[2], ID_C);
	/* one too many: -E2BIG, and what fits, sorted and distinct */
	dir("task/k8s.io/" ID_D);
	ck_assert_int_eq(kw_containers_list(c, ids, 3, &n), -E2BIG);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_lt(strcmp(ids[0], ids[1]), 0);
	ck_assert_int_lt(strcmp(ids[1], ids[2]), 0);
	ck_assert_int_eq(kw_containers_list(c, ids, 0, &n), -E2BIG);
	ck_assert_uint_eq(n, 0);
	kw_containers_free(c);
}
END_TEST

/*
 * An id first looked up before its runtime wrote its files: the event
 * path waits out the second, a forced lookup does not.
 */
START_TEST(test_forget)
{
	struct kw_containers *c = ctx(0);

	ck_assert_str_eq(kw_containers_lookup(c, ID_A, 10 * SEC)->name, "");
	put("task/k8s.io/" ID_A "/config.json", cri_config);
	ck_assert_str_eq(kw_containers_lookup(c, ID_A, 10 * SEC + 20000000)->name, "");
	kw_containers_forget(c, ID_A);
	ck_assert_str_eq(kw_containers_lookup(c, ID_A, 10 * SEC + 20000000)->name,
			 "builder");
	/* forgetting what is not there, or not an id, is harmless */
	kw_containers_forget(c, ID_B);
	kw_containers_forget(c, "../x");
	kw_containers_forget(c, NULL);
	ck_assert_str_eq(kw_containers_lookup(c, ID_A, 10 * SEC + 40000000)->ns, "ci");
	kw_containers_free(c);
}
END_TEST

static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	/* inotify queues the event before mkdir returns: no real wait */
	return poll(&p, 1, 1000) == 1 && (p.revents & POLLIN);
}

/* The watch: a new container, a new namespace, a root created late. */
START_TEST(test_watch)
{
	struct kw_containers *c = ctx(0);
	id_t64 ids[4];
	size_t n;
	int fd;

	dir("runc");
	dir("task/k8s.io");
	fd = kw_containers_watch_fd(c);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(kw_containers_watch_fd(c), fd);
	ck_assert_int_eq(kw_containers_watch_read(c), 0);
	/* a container in a root */
	dir("runc/" ID_A);
	ck_assert(readable(fd));
	ck_assert_int_eq(kw_containers_watch_read(c), 1);
	ck_assert_int_eq(kw_containers_watch_read(c), 0);
	/* in a namespace of a "*" root */
	dir("task/k8s.io/" ID_B);
	ck_assert(readable(fd));
	ck_assert_int_eq(kw_containers_watch_read(c), 1);
	/* a new namespace is watched as soon as it is seen */
	dir("task/moby");
	ck_assert(readable(fd));
	ck_assert_int_eq(kw_containers_watch_read(c), 1);
	dir("task/moby/" ID_C);
	ck_assert(readable(fd));
	ck_assert_int_eq(kw_containers_watch_read(c), 1);
	/* a root that did not exist: watched from the next listing on */
	dir("crun");
	ck_assert_int_eq(kw_containers_list(c, ids, 4, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(kw_containers_watch_read(c), 0);
	dir("crun/" ID_D);
	ck_assert(readable(fd));
	ck_assert_int_eq(kw_containers_watch_read(c), 1);
	/* a container gone is a change too */
	ck_assert_int_eq(rmdir(at("runc/" ID_A)), 0);
	ck_assert(readable(fd));
	ck_assert_int_eq(kw_containers_watch_read(c), 1);
	ck_assert_int_eq(kw_containers_list(c, ids, 4, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(ids[0], ID_B);
	kw_containers_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("context");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_containerd_runc);
	tcase_add_test(tc, test_containerd_task_only);
	tcase_add_test(tc, test_crio_crun);
	tcase_add_test(tc, test_docker);
	tcase_add_test(tc, test_podman);
	tcase_add_test(tc, test_runc_labels);
	tcase_add_test(tc, test_hostile_files);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_cache);
	tcase_add_test(tc, test_roots);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_forget);
	tcase_add_test(tc, test_watch);
	suite_add_tcase(s, tc);
	return kw_run_suite(s);
}
