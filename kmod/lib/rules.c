// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in policy: what kwarden.ko enforces from the moment it loads
 * and after `kwarden policy reset`. dist/policy.conf spells the same policy
 * as a file (a unit test holds the two equal) and README.md lists it.
 */
#include "plat.h"
#include "kwarden.h"
#include "rules.h"

#define END NULL

static const char *const kw_compilers[] = {
	/* Compiler drivers; versioned and triplet spellings normalise. */
	"gcc", "g++", "cc", "c++", "c89", "c99", "clang", "clang++", "tcc",
	"gfortran",
	/*
	 * Toolchain stages: a renamed driver still runs these by their real
	 * names, so they catch `cp /usr/bin/gcc /tmp/x; /tmp/x`.
	 */
	"cc1", "cc1plus", "cc1obj", "f951", "collect2", "lto1", "as", "ld",
	"ld.bfd", "ld.gold", "ld.lld", "lld", "mold",
	"rustc", "javac", "nasm", "yasm",
	/*
	 * LLVM's code generator, assemblers and linkers (StackRox matches
	 * llc and llvm-*; llvm-symbolizer, which sanitizers run in
	 * production, and the other analysis tools are not compilers).
	 */
	"llc", "llvm-mc", "llvm-as", "llvm-link", "llvm-lto", "llvm-lto2",
	"ld64.lld", "wasm-ld",
	/* the other compilers Debian ships, with the stages they run */
	"gccgo", "go1", "gnat", "gnat1", "gnatmake", "gnatbind", "gnatlink",
	"gdc", "cc1d", "ldc2", "dmd", "fpc", "ppcx64", "ppc386", "ghc",
	"ocamlopt", "ocamlopt.opt", "ocamlc", "ocamlc.opt", "valac", "nim",
	"mcs", "csc", "kotlinc", "scalac", "ecj", "emcc", "zig", "tinygo",
	"nvcc", "cproc", "qbe", "pcc", "bcc",
	/* compiles and runs Java in-process */
	"jshell", END
};

/*
 * The JDK's launcher compiles in-process given a source file (JEP 330)
 * or javac's module or main class; `java -jar app.jar` does not.
 */
static const char *const kw_java[] = { "java", END };
static const char *const kw_java_args[] = {
	"*.java", "jdk.compiler/*", "--module=jdk.compiler/*",
	"com.sun.tools.javac.Main", END
};

/* go compiles only with a build verb, wherever it sits among the flags. */
static const char *const kw_go[] = { "go", END };
static const char *const kw_go_verbs[] = {
	"build", "run", "install", "test", END
};

/* Go's own stages, only from a Go tool directory (.../pkg/tool/GOOS_GOARCH). */
static const char *const kw_go_tools[] = { "compile", "link", "asm", END };

static const char *const kw_mgmt[] = {
	"kubectl", "oc", "crictl", "ctr", "nerdctl", "docker", "podman",
	"buildah", "skopeo", "helm", "kubeadm", "k3s", "runc", "crun",
	"kubelet", "containerd", "dockerd", "docker-compose", "kustomize",
	"k9s", "istioctl", "minikube", "kind", "k0s", "microk8s", "talosctl",
	"youki", "runsc", "kata-runtime", END
};

/*
 * A runtime's or the API server's clients without their CLI: a generic
 * client is one only when an argument names a runtime's socket or the
 * pod's service account (its token, its CA).
 */
static const char *const kw_api_clients[] = {
	"curl", "wget", "socat", "nc", "ncat", "netcat", "nc.openbsd",
	"nc.traditional", "python", "python3", "python3.*", END
};

static const char *const kw_api_args[] = {
	"*docker.sock*", "*containerd.sock*", "*crio.sock*", "*podman.sock*",
	"*/run/k3s/containerd/*", "*kubernetes.default*",
	"*/run/secrets/kubernetes.io/serviceaccount/*", END
};

/*
 * The name rules block (once the operator switches the global mode to
 * enforce). What no name can hide alerts: a program the container wrote
 * itself (the compiled product being run) and one with no file at all.
 */
static const struct kw_builtin_rule {
	const char *name, *technique;
	u8 severity, action, detect;
} kw_builtin_rules[] = {
	{ "compiler", "T1027.004", KWARDEN_SEV_MEDIUM, KWARDEN_RULE_BLOCK,
	  KWARDEN_DETECT_NAMES },
	{ "container_mgmt", "T1609", KWARDEN_SEV_HIGH, KWARDEN_RULE_BLOCK,
	  KWARDEN_DETECT_NAMES },
	{ "new_executable", "T1027.004", KWARDEN_SEV_MEDIUM, KWARDEN_RULE_ALERT,
	  KWARDEN_DETECT_DRIFT },
	{ "fileless_exec", "T1620", KWARDEN_SEV_HIGH, KWARDEN_RULE_ALERT,
	  KWARDEN_DETECT_FILELESS },
};

static const struct kw_builtin_set {
	const char *rule;
	u8 args_on;
	const char *path;
	const char *const *args, *const *names;
} kw_builtin_sets[] = {
	{ "compiler", KWARDEN_ARGS_NONE, NULL, NULL, kw_compilers },
	{ "compiler", KWARDEN_ARGS_ANY, NULL, kw_go_verbs, kw_go },
	{ "compiler", KWARDEN_ARGS_NONE, "*/pkg/tool/*", NULL, kw_go_tools },
	{ "compiler", KWARDEN_ARGS_ANY, NULL, kw_java_args, kw_java },
	{ "container_mgmt", KWARDEN_ARGS_NONE, NULL, NULL, kw_mgmt },
	{ "container_mgmt", KWARDEN_ARGS_ANY, NULL, kw_api_args, kw_api_clients },
};

static u32 kw_count(const char *const *v, size_t *bytes)
{
	u32 n = 0;

	for (; v && v[n]; n++)
		*bytes += strlen(v[n]) + 1;
	return n;
}

static int kw_builtin_fill(struct kw_ruleset *p, const char **msg)
{
	const struct kw_builtin_set *s;
	size_t i, j;
	int err;

	for (i = 0; i < ARRAY_SIZE(kw_builtin_rules); i++) {
		err = kw_ruleset_add_rule(p, kw_builtin_rules[i].name,
					  kw_builtin_rules[i].technique,
					  kw_builtin_rules[i].severity,
					  kw_builtin_rules[i].action,
					  kw_builtin_rules[i].detect, msg);
		if (err)
			return err;
	}
	for (i = 0; i < ARRAY_SIZE(kw_builtin_sets); i++) {
		s = &kw_builtin_sets[i];
		err = kw_ruleset_add_set(p, s->rule, s->args_on, s->path, msg);
		for (j = 0; !err && s->args && s->args[j]; j++)
			err = kw_ruleset_add_arg(p, s->args[j], msg);
		for (j = 0; !err && s->names[j]; j++)
			err = kw_ruleset_add_name(p, s->names[j], msg);
		if (err)
			return err;
	}
	return kw_ruleset_finish(p, msg);
}

struct kw_ruleset *kw_ruleset_builtin(int *err, const char **msg)
{
	struct kw_ruleset_counts c = { 0 };
	struct kw_ruleset *p;
	size_t i, dummy = 0;

	c.rules = ARRAY_SIZE(kw_builtin_rules);
	c.sets = ARRAY_SIZE(kw_builtin_sets);
	for (i = 0; i < c.sets; i++) {
		const struct kw_builtin_set *s = &kw_builtin_sets[i];

		c.args += kw_count(s->args, &c.bytes);
		c.names += kw_count(s->names, &dummy);
		if (s->path)
			c.bytes += strlen(s->path) + 1;
	}
	p = kw_ruleset_begin(&c, err, msg);
	if (!p)
		return NULL;
	*err = kw_builtin_fill(p, msg);
	if (*err) {
		kw_ruleset_free(p);
		return NULL;
	}
	return p;
}
