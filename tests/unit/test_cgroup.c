// SPDX-License-Identifier: GPL-2.0
/* Container identity from real runtimes' cgroup paths (v1 and v2). */
#include <check.h>
#include "run_suite.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kwarden.h"
#include "lib/cgroup.h"

#define ID "3f4e5d6c7b8a99001122334455667788aabbccddeeff00112233445566778899"
#define ID2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define POD "1a2b3c4d-5e6f-4789-8abc-def012345678"
#define POD_ "1a2b3c4d_5e6f_4789_8abc_def012345678"

static const struct {
	const char *path;
	int runtime;		/* KWARDEN_RUNTIME_NONE: not a container */
	const char *id, *pod;
} cases[] = {
	/* docker */
	{ "/docker/" ID, KWARDEN_RUNTIME_DOCKER, ID, "" },
	{ "/system.slice/docker-" ID ".scope", KWARDEN_RUNTIME_DOCKER, ID, "" },
	{ "/sys/fs/cgroup/memory/docker/" ID, KWARDEN_RUNTIME_DOCKER, ID, "" },
	/* docker in docker: the innermost wins */
	{ "/docker/" ID2 "/docker/" ID, KWARDEN_RUNTIME_DOCKER, ID, "" },
	/* containerd via CRI, systemd driver */
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_
	  ".slice/cri-containerd-" ID ".scope", KWARDEN_RUNTIME_CONTAINERD, ID, POD },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_
	  ".slice/cri-containerd-" ID ".scope", KWARDEN_RUNTIME_CONTAINERD, ID, POD },
	{ "/kubepods.slice/kubepods-pod" POD_ ".slice/cri-containerd-" ID ".scope",
	  KWARDEN_RUNTIME_CONTAINERD, ID, POD },
	/* kind: kubelet nested under the node container's cgroup */
	{ "/system.slice/docker-" ID2 ".scope/kubelet.slice/kubelet-kubepods.slice/"
	  "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" POD_
	  ".slice/cri-containerd-" ID ".scope", KWARDEN_RUNTIME_CONTAINERD, ID, POD },
	/* kubepods, cgroupfs driver (k3s, kubeadm with cgroupfs) */
	{ "/kubepods/besteffort/pod" POD "/" ID, KWARDEN_RUNTIME_KUBEPODS, ID, POD },
	{ "/kubepods/burstable/pod" POD "/" ID, KWARDEN_RUNTIME_KUBEPODS, ID, POD },
	{ "/kubepods/pod" POD "/" ID, KWARDEN_RUNTIME_KUBEPODS, ID, POD },
	/* CRI-O */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_
	  ".slice/crio-" ID ".scope", KWARDEN_RUNTIME_CRIO, ID, POD },
	{ "/kubepods/besteffort/pod" POD "/crio-" ID, KWARDEN_RUNTIME_CRIO, ID, POD },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_
	  ".slice/crio-conmon-" ID ".scope", KWARDEN_RUNTIME_NONE, "", "" },
	/* podman */
	{ "/machine.slice/libpod-" ID ".scope", KWARDEN_RUNTIME_PODMAN, ID, "" },
	{ "/machine.slice/libpod-" ID ".scope/container", KWARDEN_RUNTIME_PODMAN, ID, "" },
	{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID ".scope",
	  KWARDEN_RUNTIME_PODMAN, ID, "" },
	{ "/libpod_parent/libpod-" ID, KWARDEN_RUNTIME_PODMAN, ID, "" },
	{ "/machine.slice/libpod-conmon-" ID ".scope", KWARDEN_RUNTIME_NONE, "", "" },
	/* nerdctl and plain containerd namespaces */
	{ "/system.slice/nerdctl-" ID ".scope", KWARDEN_RUNTIME_CONTAINERD, ID, "" },
	{ "/default/" ID, KWARDEN_RUNTIME_CONTAINERD, ID, "" },
	{ "/k8s.io/" ID, KWARDEN_RUNTIME_CONTAINERD, ID, "" },
	/* docker via cri-dockerd under kubepods */
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_
	  ".slice/docker-" ID ".scope", KWARDEN_RUNTIME_DOCKER, ID, POD },
	/* hosts, not containers */
	{ "/", KWARDEN_RUNTIME_NONE, "", "" },
	{ "", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/system.slice/sshd.service", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/system.slice/docker.service", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/system.slice/containerd.service", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/user.slice/user-0.slice/session-1.scope", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/kubepods/besteffort/pod" POD, KWARDEN_RUNTIME_NONE, "", "" },
	/* malformed ids */
	{ "/docker/" ID "0", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/docker/3f4e5d6c7b8a99001122334455667788aabbccddeeff0011223344556677889",
	  KWARDEN_RUNTIME_NONE, "", "" },
	{ "/docker/3F4E5D6C7B8A99001122334455667788AABBCCDDEEFF00112233445566778899",
	  KWARDEN_RUNTIME_NONE, "", "" },
	{ "/docker/3g4e5d6c7b8a99001122334455667788aabbccddeeff00112233445566778899",
	  KWARDEN_RUNTIME_NONE, "", "" },
	{ "/system.slice/docker-" ID ".scopeX", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/system.slice/docker-" ID ".scop", KWARDEN_RUNTIME_NONE, "", "" },
	{ "/docker/\xff" ID, KWARDEN_RUNTIME_NONE, "", "" },
	/* a bad pod uid is ignored, the container still counts */
	{ "/kubepods/besteffort/podXYZ/" ID, KWARDEN_RUNTIME_CONTAINERD, ID, "" },
};

START_TEST(test_layouts)
{
	struct kw_container_info ci;
	size_t len = strlen(cases[_i].path);
	char *copy = malloc(len ? len : 1);	/* no NUL: ASan checks bounds */
	bool r;

	memcpy(copy, cases[_i].path, len);
	r = kw_cgroup_parse(copy, len, &ci);
	free(copy);
	ck_assert_msg(r == (cases[_i].runtime != KWARDEN_RUNTIME_NONE),
		      "%s: container=%d", cases[_i].path, r);
	ck_assert_int_eq(ci.runtime, cases[_i].runtime);
	ck_assert_str_eq(ci.id, cases[_i].id);
	ck_assert_str_eq(ci.pod_uid, cases[_i].pod);
}
END_TEST

START_TEST(test_embedded_nul)
{
	static const char p[] = "/docker/\0" ID;
	struct kw_container_info ci;

	ck_assert(!kw_cgroup_parse(p, sizeof(p) - 1, &ci));
}
END_TEST

START_TEST(test_overlong)
{
	size_t n = 8192, i;
	char *p = malloc(n);
	struct kw_container_info ci;

	for (i = 0; i < n; i++)
		p[i] = i % 3 ? 'a' : '/';
	ck_assert(!kw_cgroup_parse(p, n, &ci));
	memcpy(p + n - 72, "/docker/" ID, 72);
	ck_assert(kw_cgroup_parse(p, n, &ci));
	ck_assert_str_eq(ci.id, ID);
	for (i = 0; i < n; i++)
		p[i] = (char)(i * 7 + 1);
	kw_cgroup_parse(p, n, &ci);	/* odd bytes: must not crash */
	free(p);
}
END_TEST

START_TEST(test_runtime_names)
{
	ck_assert_str_eq(kw_runtime_name(KWARDEN_RUNTIME_DOCKER), "docker");
	ck_assert_str_eq(kw_runtime_name(KWARDEN_RUNTIME_CRIO), "cri-o");
	ck_assert_str_eq(kw_runtime_name(KWARDEN_RUNTIME_NONE), "");
	ck_assert_str_eq(kw_runtime_name(99), "");
}
END_TEST

/*
 * The one spelling check the policy, the module's workload table and the
 * relay's state reader share: 64 lowercase hex digits, then the end.
 */
START_TEST(test_container_id)
{
	const char *id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char s[80];

	ck_assert(kw_is_container_id(id));
	ck_assert(kw_is_hex(id, 64));
	ck_assert(kw_is_hex("", 0));
	ck_assert(!kw_is_container_id(""));
	ck_assert(!kw_is_container_id(id + 1));		/* 63 digits */
	snprintf(s, sizeof(s), "%s0", id);
	ck_assert(!kw_is_container_id(s));		/* 65 digits */
	snprintf(s, sizeof(s), "%s", id);
	s[10] = 'A';
	ck_assert(!kw_is_container_id(s));		/* upper case */
	ck_assert(!kw_is_hex(s, 64));
	ck_assert(kw_is_hex(s, 10));
	s[10] = 'g';
	ck_assert(!kw_is_container_id(s));
	s[10] = '\0';
	ck_assert(!kw_is_container_id(s));		/* a NUL inside */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cgroup");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_layouts, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_embedded_nul);
	tcase_add_test(tc, test_overlong);
	tcase_add_test(tc, test_runtime_names);
	tcase_add_test(tc, test_container_id);
	suite_add_tcase(s, tc);
	return kw_run_suite(s);
}
