// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in rules: the one table of names kwarden matches by default.
 * README.md lists the same table for operators.
 */
#include "kw_plat.h"
#include "kwarden.h"
#include "kw_rules.h"

#define C(name)		{ name, KWARDEN_RULE_COMPILER, KWARDEN_PF_BUILTIN }
#define CF(name, f)	{ name, KWARDEN_RULE_COMPILER, KWARDEN_PF_BUILTIN | (f) }
#define M(name)		{ name, KWARDEN_RULE_CONTAINER_MGMT, KWARDEN_PF_BUILTIN }

const struct kw_name_entry kw_default_names[] = {
	/* Compiler drivers; versioned and triplet spellings normalise. */
	C("gcc"), C("g++"), C("cc"), C("c++"), C("c89"), C("c99"),
	C("clang"), C("clang++"), C("tcc"), C("gfortran"),
	/*
	 * Toolchain stages: a renamed driver still runs these by their real
	 * names, so they catch `cp /usr/bin/gcc /tmp/x; /tmp/x`.
	 */
	C("cc1"), C("cc1plus"), C("cc1obj"), C("f951"), C("collect2"),
	C("lto1"), C("as"), C("ld"), C("ld.bfd"), C("ld.gold"), C("ld.lld"),
	C("lld"), C("mold"),
	C("rustc"), C("javac"), C("nasm"), C("yasm"),
	/* go only compiles with a build verb; its stages live in pkg/tool. */
	CF("go", KWARDEN_PF_GO_ARGV),
	CF("compile", KWARDEN_PF_GO_TOOL), CF("link", KWARDEN_PF_GO_TOOL),
	CF("asm", KWARDEN_PF_GO_TOOL),

	M("kubectl"), M("oc"), M("crictl"), M("ctr"), M("nerdctl"),
	M("docker"), M("podman"), M("buildah"), M("skopeo"), M("helm"),
	M("kubeadm"), M("k3s"), M("runc"), M("crun"), M("kubelet"),
	M("containerd"), M("dockerd"),
};

const size_t kw_default_names_count = sizeof(kw_default_names) /
				      sizeof(kw_default_names[0]);

static const struct kw_rule_info kw_rules[__KWARDEN_RULE_MAX] = {
	[KWARDEN_RULE_COMPILER] = { "compiler", "T1027.004", KWARDEN_SEV_MEDIUM },
	[KWARDEN_RULE_CONTAINER_MGMT] = { "container_mgmt", "T1609",
					  KWARDEN_SEV_HIGH },
};

const struct kw_rule_info *kw_rule_info(unsigned int rule)
{
	if (rule == KWARDEN_RULE_NONE || rule >= __KWARDEN_RULE_MAX)
		return NULL;
	return &kw_rules[rule];
}

static bool kw_eq(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	return len == n && !memcmp(s, lit, n);
}

bool kw_go_verb_compiles(const char *arg1, size_t len)
{
	return kw_eq(arg1, len, "build") || kw_eq(arg1, len, "run") ||
	       kw_eq(arg1, len, "install") || kw_eq(arg1, len, "test");
}
