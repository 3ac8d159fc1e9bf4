// SPDX-License-Identifier: GPL-2.0
/*
 * Container identity from a cgroup path. Runtimes name the leaf cgroup of
 * a container after its 64-hex id, with a runtime prefix under systemd:
 *
 *   docker       /docker/<id>, /system.slice/docker-<id>.scope
 *   containerd   /kubepods.slice/.../cri-containerd-<id>.scope,
 *                /<namespace>/<id> (ctr, nerdctl), nerdctl-<id>.scope
 *   CRI-O        crio-<id>.scope, crio-<id>  (never crio-conmon-<id>)
 *   podman       libpod-<id>.scope[/container], libpod_parent/libpod-<id>
 *                (never libpod-conmon-<id>)
 *   kubepods     /kubepods/<qos>/pod<uid>/<id>: the runtime is not named
 *
 * The last component carrying an id wins, so a nested container reports
 * the innermost. The pod UID comes from "pod<uid>" (cgroupfs) or the
 * systemd slice "kubepods-<qos>-pod<uid with _>.slice".
 */
#include "plat.h"
#include "kwarden.h"
#include "cgroup.h"

#define KW_ID_LEN	64
#define KW_UID_LEN	36

static bool kw_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool kw_is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!kw_hex(s[i]))
			return false;
	return true;
}

bool kw_is_container_id(const char *s)
{
	return kw_is_hex(s, KW_ID_LEN) && !s[KW_ID_LEN];
}

/* A path component that is a container id (not NUL-terminated). */
static bool kw_is_id(const char *s, size_t len)
{
	return len == KW_ID_LEN && kw_is_hex(s, len);
}

static bool kw_starts(const char *s, size_t len, const char *lit, size_t n)
{
	return len >= n && !memcmp(s, lit, n);
}

static bool kw_ends(const char *s, size_t len, const char *lit, size_t n)
{
	return len >= n && !memcmp(s + len - n, lit, n);
}

#define STARTS(s, len, lit)	kw_starts(s, len, lit, sizeof(lit) - 1)
#define ENDS(s, len, lit)	kw_ends(s, len, lit, sizeof(lit) - 1)

struct kw_prefix {
	const char *name;
	size_t len;
	u8 runtime;
};

#define P(lit, rt)	{ lit, sizeof(lit) - 1, rt }

static const struct kw_prefix kw_prefixes[] = {
	P("docker-", KWARDEN_RUNTIME_DOCKER),
	P("cri-containerd-", KWARDEN_RUNTIME_CONTAINERD),
	P("nerdctl-", KWARDEN_RUNTIME_CONTAINERD),
	P("crio-", KWARDEN_RUNTIME_CRIO),
	P("libpod-", KWARDEN_RUNTIME_PODMAN),
};

/*
 * The container id a component names, with the runtime its prefix tells;
 * KWARDEN_RUNTIME_NONE for a bare id, whose runtime the parent decides.
 */
static const char *kw_component_id(const char *c, size_t len, u8 *runtime)
{
	size_t i;

	if (kw_is_id(c, len)) {
		*runtime = KWARDEN_RUNTIME_NONE;
		return c;
	}
	if (ENDS(c, len, ".scope"))
		len -= sizeof(".scope") - 1;
	for (i = 0; i < ARRAY_SIZE(kw_prefixes); i++) {
		const struct kw_prefix *p = &kw_prefixes[i];

		/* crio-conmon-<id>, libpod-conmon-<id> fail the id test. */
		if (kw_starts(c, len, p->name, p->len) &&
		    kw_is_id(c + p->len, len - p->len)) {
			*runtime = p->runtime;
			return c + p->len;
		}
	}
	return NULL;
}

/* "pod<uid>" or "...kubepods...-pod<uid_with_underscores>.slice" */
static bool kw_component_pod(const char *c, size_t len, char *uid)
{
	static const u8 dash[] = { 8, 13, 18, 23 };
	const char *u = NULL;
	size_t i, d = 0;

	if (STARTS(c, len, "pod") && len == 3 + KW_UID_LEN) {
		u = c + 3;
	} else if (ENDS(c, len, ".slice") && len >= 4 + KW_UID_LEN + 6) {
		/* kubepods-..., or kubelet-kubepods-... under kind */
		u = c + len - 6 - KW_UID_LEN;
		if (memcmp(u - 4, "-pod", 4))
			return false;
	}
	if (!u)
		return false;
	for (i = 0; i < KW_UID_LEN; i++) {
		if (d < ARRAY_SIZE(dash) && i == dash[d]) {
			if (u[i] != '-' && u[i] != '_')
				return false;
			d++;
		} else if (!kw_hex(u[i])) {
			return false;
		}
	}
	for (i = 0; i < KW_UID_LEN; i++)
		uid[i] = u[i] == '_' ? '-' : u[i];
	uid[KW_UID_LEN] = '\0';
	return true;
}

bool kw_cgroup_parse(const char *path, size_t len,
		     struct kw_container_info *out)
{
	const char *c, *end, *id = NULL, *prev = NULL;
	size_t prev_len = 0;
	u8 runtime = KWARDEN_RUNTIME_NONE;

	memset(out, 0, sizeof(*out));
	if (!path)
		return false;
	len = strnlen(path, len);
	end = path + len;

	for (c = path; c < end; ) {
		const char *slash = memchr(c, '/', end - c);
		size_t clen = (slash ? slash : end) - c;
		const char *cid;
		u8 rt;

		if (clen) {
			cid = kw_component_id(c, clen, &rt);
			if (cid) {
				id = cid;
				if (rt == KWARDEN_RUNTIME_NONE && prev &&
				    prev_len == 6 && !memcmp(prev, "docker", 6))
					rt = KWARDEN_RUNTIME_DOCKER;
				runtime = rt;
			}
			kw_component_pod(c, clen, out->pod_uid);
			prev = c;
			prev_len = clen;
		}
		if (!slash)
			break;
		c = slash + 1;
	}

	if (!id) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	memcpy(out->id, id, KW_ID_LEN);
	out->id[KW_ID_LEN] = '\0';
	if (runtime == KWARDEN_RUNTIME_NONE)
		runtime = out->pod_uid[0] ? KWARDEN_RUNTIME_KUBEPODS :
					    KWARDEN_RUNTIME_CONTAINERD;
	out->runtime = runtime;
	return true;
}

const char *kw_runtime_name(unsigned int runtime)
{
	static const char * const names[__KWARDEN_RUNTIME_MAX] = {
		[KWARDEN_RUNTIME_NONE] = "",
		[KWARDEN_RUNTIME_DOCKER] = "docker",
		[KWARDEN_RUNTIME_CONTAINERD] = "containerd",
		[KWARDEN_RUNTIME_CRIO] = "cri-o",
		[KWARDEN_RUNTIME_PODMAN] = "podman",
		[KWARDEN_RUNTIME_KUBEPODS] = "kubepods",
	};

	return runtime < __KWARDEN_RUNTIME_MAX ? names[runtime] : "";
}
