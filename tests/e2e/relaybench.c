// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, the relay's side: what a finding costs the relay from a
 * parsed event to its JSON line, without triage context, with a cached
 * container, and for the first finding of a new container (runc's
 * state.json and its bundle's config.json read from tmpfs, as containerd
 * lays them out). Under -icount shift=0 a guest ns is an instruction.
 * Usage: relaybench N DIR; prints "RELAY base cached first" in ns per
 * finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "containers.h"
#include "render.h"

static uint64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void id_of(unsigned int i, char *id)
{
	snprintf(id, 65, "%064x", i + 1);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* N containers as containerd's CRI plugin and runc leave them. */
static void lay_out(const char *dir, unsigned int n)
{
	char path[512], text[2048], id[65];
	unsigned int i;

	snprintf(path, sizeof(path), "%s/runc", dir);
	mkdir(dir, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/task", dir);
	mkdir(path, 0755);
	for (i = 0; i < n; i++) {
		id_of(i, id);
		snprintf(path, sizeof(path), "%s/task/%s", dir, id);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/task/%s/config.json", dir, id);
		snprintf(text, sizeof(text),
			 "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/bin/sh\"]},"
			 "\"annotations\":{\"io.kubernetes.cri.container-type\":\"container\","
			 "\"io.kubernetes.cri.container-name\":\"builder-%u\","
			 "\"io.kubernetes.cri.image-name\":\"docker.io/library/gcc:12\","
			 "\"io.kubernetes.cri.sandbox-name\":\"ci-job-%u\","
			 "\"io.kubernetes.cri.sandbox-namespace\":\"ci\","
			 "\"io.kubernetes.cri.sandbox-uid\":\"0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a\"}}",
			 i, i);
		put(path, text);
		snprintf(path, sizeof(path), "%s/runc/%s", dir, id);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/runc/%s/state.json", dir, id);
		snprintf(text, sizeof(text),
			 "{\"id\":\"%s\",\"init_process_pid\":100,\"created\":\"2026-12-01T00:00:00Z\","
			 "\"config\":{\"rootfs\":\"/rootfs\",\"labels\":["
			 "\"io.kubernetes.cri.container-name=builder-%u\","
			 "\"bundle=%s/task/%s\"]}}", id, i, dir, id);
		put(path, text);
	}
}

int main(int argc, char **argv)
{
	struct kw_event ev = {
		.seq = 7, .ts = 1700000000123456789ULL, .rule = "compiler",
		.technique = "T1027.004", .severity = KWARDEN_SEV_MEDIUM,
		.runtime = KWARDEN_RUNTIME_CONTAINERD, .pid = 42, .uid = 1000,
		.comm = "gcc", .filename = "/usr/bin/gcc", .exe = "/usr/bin/gcc-12",
		.interp = "", .cwd = "/src", .parent_comm = "sh",
		.parent_exe = "/bin/sh", .cgroup = "/kubepods.slice/cri-containerd-x.scope",
		.pod_uid = "", .hostname = "builder", .match_name = "gcc-12",
		.match_pattern = "gcc", .argv = "gcc\0-c\0x.c", .argv_len = 11,
		.pidns_level = 1,
	};
	struct kw_containers *c;
	char root[600], id[65];
	uint64_t t0, base, cached, first;
	unsigned int n, i;
	size_t len = 0;

	if (argc != 3)
		return 2;
	n = (unsigned int)atoi(argv[1]);
	lay_out(argv[2], n);
	c = kw_containers_new(0);
	snprintf(root, sizeof(root), "runc=%s/runc", argv[2]);
	if (!c || kw_containers_add_root_spec(c, root))
		return 1;
	id_of(0, id);
	ev.container_id = id;

	/* warm-up: the JSON document is built once, at the first line */
	kw_render_json(&ev, "node-1", &len);
	t0 = now();
	for (i = 0; i < n; i++) {
		struct kw_event e = ev;

		e.host = "node-1";
		kw_containers_annotate(NULL, &e, now());
		kw_render_json(&e, e.host, &len);
	}
	base = now() - t0;

	/* each container's first finding: its files read and cached */
	t0 = now();
	for (i = 0; i < n; i++) {
		struct kw_event e = ev;

		id_of(i, id);
		e.host = "node-1";
		kw_containers_annotate(c, &e, now());
		kw_render_json(&e, e.host, &len);
		if (strncmp(e.ctx_name, "builder-", 8)) {
			fprintf(stderr, "relaybench: no context for %s\n", id);
			return 1;
		}
	}
	first = now() - t0;

	/* then findings of containers already cached */
	t0 = now();
	for (i = 0; i < n; i++) {
		struct kw_event e = ev;

		id_of(i % 64, id);
		e.host = "node-1";
		kw_containers_annotate(c, &e, now());
		kw_render_json(&e, e.host, &len);
	}
	cached = now() - t0;
	printf("RELAY %llu %llu %llu\n", (unsigned long long)(base / n),
	       (unsigned long long)(cached / n), (unsigned long long)(first / n));
	kw_containers_free(c);
	return 0;
}
