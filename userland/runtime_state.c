// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers of the runtimes' state files (runtime_state.h), with yyjson.
 * The formats, from the runtimes' sources:
 *   runc      libcontainer's state.json: {"id", "config": {"labels":
 *             ["k=v", ..., "bundle=/dir"]}} (specconv appends bundle=)
 *   crun      <root>/<id>/status: {"bundle": "/dir", ...}
 *   OCI       config.json: {"annotations": {"k": "v"}}
 *   docker    config.v2.json: {"ID", "Name": "/n", "Config": {"Image",
 *             "Labels": {}}}
 *   storage   containers.json: [{"id", "names": [], "metadata": "<JSON
 *             string>"}], metadata holding "name" and "image-name"
 */
#include <errno.h>
#include <string.h>
#include "yyjson/yyjson.h"
#include "runtime_state.h"

enum kw_ctx_field { F_NAME, F_IMAGE, F_POD, F_NS, F_UID };

/*
 * The annotation (or label) keys naming a field, by the runtime that
 * sets them. A field takes the first key found in this order.
 */
static const struct {
	const char *key;
	enum kw_ctx_field field;
} kw_keys[] = {
	/* containerd's CRI plugin */
	{ "io.kubernetes.cri.container-name", F_NAME },
	{ "io.kubernetes.cri.image-name", F_IMAGE },
	{ "io.kubernetes.cri.sandbox-name", F_POD },
	{ "io.kubernetes.cri.sandbox-namespace", F_NS },
	{ "io.kubernetes.cri.sandbox-uid", F_UID },
	/* CRI-O (the kubelet's labels), cri-dockerd's docker labels */
	{ "io.kubernetes.container.name", F_NAME },
	{ "io.kubernetes.cri-o.ImageName", F_IMAGE },
	{ "io.kubernetes.pod.name", F_POD },
	{ "io.kubernetes.pod.namespace", F_NS },
	{ "io.kubernetes.pod.uid", F_UID },
	/* nerdctl */
	{ "nerdctl/name", F_NAME },
};

#define NKEYS (sizeof(kw_keys) / sizeof(kw_keys[0]))

static char *field(struct kw_ctx_info *ci, enum kw_ctx_field f, size_t *size)
{
	switch (f) {
	case F_NAME:
		*size = sizeof(ci->name);
		return ci->name;
	case F_IMAGE:
		*size = sizeof(ci->image);
		return ci->image;
	case F_POD:
		*size = sizeof(ci->pod);
		return ci->pod;
	case F_NS:
		*size = sizeof(ci->ns);
		return ci->ns;
	case F_UID:
		break;
	}
	*size = sizeof(ci->pod_uid);
	return ci->pod_uid;
}

bool kw_ctx_set(char *dst, size_t size, const char *s, size_t len)
{
	const char *nul;

	if (!size || *dst || !s)
		return false;
	nul = memchr(s, '\0', len);
	if (nul)
		len = (size_t)(nul - s);
	if (len > size - 1) {
		len = size - 1;
		/* not inside a UTF-8 sequence: back over continuation bytes */
		while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	if (!len)
		return false;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return true;
}

static void set_val(struct kw_ctx_info *ci, enum kw_ctx_field f,
		    yyjson_val *v)
{
	size_t size;
	char *dst = field(ci, f, &size);

	if (yyjson_is_str(v))
		kw_ctx_set(dst, size, yyjson_get_str(v), yyjson_get_len(v));
}

/* Known keys of a JSON object of strings, in kw_keys' order. */
static void from_object(yyjson_val *obj, struct kw_ctx_info *ci)
{
	size_t i;

	if (!yyjson_is_obj(obj))
		return;
	for (i = 0; i < NKEYS; i++)
		set_val(ci, kw_keys[i].field, yyjson_obj_get(obj, kw_keys[i].key));
}

static yyjson_doc *parse(const char *buf, size_t len)
{
	/* yyjson rejects invalid UTF-8 and reads without writing to @buf */
	return yyjson_read(buf, len, 0);
}

static bool str_is(yyjson_val *v, const char *s)
{
	return yyjson_is_str(v) && yyjson_equals_str(v, s);
}

int kw_rt_oci_config(const char *buf, size_t len, struct kw_ctx_info *ci)
{
	yyjson_doc *d = parse(buf, len);
	yyjson_val *root = yyjson_doc_get_root(d);

	if (!yyjson_is_obj(root)) {
		yyjson_doc_free(d);
		return -EINVAL;
	}
	from_object(yyjson_obj_get(root, "annotations"), ci);
	yyjson_doc_free(d);
	return 0;
}

static int copy_path(char *dst, size_t size, const char *s, size_t n)
{
	dst[0] = '\0';
	/* a path cut short, or with a NUL in it, names another directory */
	if (!s || n >= size || memchr(s, '\0', n) || s[0] != '/')
		return -EINVAL;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/*
 * Labels "key=value": a known key's value, unless two labels carry that
 * key, which only a forged one can cause.
 */
static void from_labels(yyjson_val *labels, struct kw_ctx_info *ci)
{
	yyjson_val *l, *hit[NKEYS] = { 0 };
	bool twice[NKEYS] = { 0 };
	size_t idx, max, i;

	yyjson_arr_foreach(labels, idx, max, l) {
		const char *s = yyjson_get_str(l);
		size_t n = yyjson_get_len(l);

		if (!s)
			continue;
		for (i = 0; i < NKEYS; i++) {
			size_t k = strlen(kw_keys[i].key);

			if (n > k && s[k] == '=' && !memcmp(s, kw_keys[i].key, k)) {
				twice[i] = hit[i] != NULL;
				hit[i] = l;
			}
		}
	}
	for (i = 0; i < NKEYS; i++) {
		size_t k = strlen(kw_keys[i].key) + 1, size;
		char *dst = field(ci, kw_keys[i].field, &size);

		if (hit[i] && !twice[i])
			kw_ctx_set(dst, size, yyjson_get_str(hit[i]) + k,
				   yyjson_get_len(hit[i]) - k);
	}
}

int kw_rt_runc_state(const char *buf, size_t len, const char *id,
		     char *bundle, size_t bundle_size,
		     struct kw_ctx_info *labels_ci)
{
	yyjson_doc *d = parse(buf, len);
	yyjson_val *root = yyjson_doc_get_root(d), *labels, *l, *last = NULL;
	size_t idx, max;

	bundle[0] = '\0';
	/* a state.json that is not this container's is not used at all */
	if (!yyjson_is_obj(root) || !str_is(yyjson_obj_get(root, "id"), id)) {
		yyjson_doc_free(d);
		return -EINVAL;
	}
	labels = yyjson_obj_get(yyjson_obj_get(root, "config"), "labels");
	yyjson_arr_foreach(labels, idx, max, l) {
		const char *s = yyjson_get_str(l);

		if (s && yyjson_get_len(l) > 7 && !memcmp(s, "bundle=", 7))
			last = l;
	}
	if (last)
		copy_path(bundle, bundle_size, yyjson_get_str(last) + 7,
			  yyjson_get_len(last) - 7);
	from_labels(labels, labels_ci);
	yyjson_doc_free(d);
	return 0;
}

int kw_rt_crun_status(const char *buf, size_t len, char *bundle,
		      size_t bundle_size)
{
	yyjson_doc *d = parse(buf, len);
	yyjson_val *root = yyjson_doc_get_root(d), *v;

	bundle[0] = '\0';
	if (!yyjson_is_obj(root)) {
		yyjson_doc_free(d);
		return -EINVAL;
	}
	v = yyjson_obj_get(root, "bundle");
	if (yyjson_is_str(v))
		copy_path(bundle, bundle_size, yyjson_get_str(v), yyjson_get_len(v));
	yyjson_doc_free(d);
	return 0;
}

int kw_rt_docker_config(const char *buf, size_t len, const char *id,
			struct kw_ctx_info *ci)
{
	yyjson_doc *d = parse(buf, len);
	yyjson_val *root = yyjson_doc_get_root(d), *cfg, *name;
	const char *s;

	if (!yyjson_is_obj(root) || !str_is(yyjson_obj_get(root, "ID"), id)) {
		yyjson_doc_free(d);
		return -EINVAL;
	}
	cfg = yyjson_obj_get(root, "Config");
	from_object(yyjson_obj_get(cfg, "Labels"), ci);
	name = yyjson_obj_get(root, "Name");
	s = yyjson_get_str(name);
	if (s) {
		size_t n = yyjson_get_len(name);

		if (n && s[0] == '/')
			kw_ctx_set(ci->name, sizeof(ci->name), s + 1, n - 1);
		else
			kw_ctx_set(ci->name, sizeof(ci->name), s, n);
	}
	set_val(ci, F_IMAGE, yyjson_obj_get(cfg, "Image"));
	yyjson_doc_free(d);
	return 0;
}

int kw_rt_storage_containers(const char *buf, size_t len, const char *id,
			     struct kw_ctx_info *ci)
{
	yyjson_doc *d = parse(buf, len), *md = NULL;
	yyjson_val *root = yyjson_doc_get_root(d), *c, *hit = NULL, *meta;
	size_t idx, max;
	int ret = -ENOENT;

	if (!yyjson_is_arr(root)) {
		yyjson_doc_free(d);
		return -EINVAL;
	}
	yyjson_arr_foreach(root, idx, max, c) {
		if (str_is(yyjson_obj_get(c, "id"), id)) {
			hit = c;
			break;
		}
	}
	if (hit) {
		ret = 0;
		/* metadata is JSON in a string: podman's and CRI-O's */
		meta = yyjson_obj_get(hit, "metadata");
		if (yyjson_is_str(meta))
			md = parse(yyjson_get_str(meta), yyjson_get_len(meta));
		meta = yyjson_doc_get_root(md);
		set_val(ci, F_NAME, yyjson_arr_get_first(yyjson_obj_get(hit, "names")));
		if (yyjson_is_obj(meta)) {
			set_val(ci, F_NAME, yyjson_obj_get(meta, "name"));
			set_val(ci, F_IMAGE, yyjson_obj_get(meta, "image-name"));
		}
		yyjson_doc_free(md);
	}
	yyjson_doc_free(d);
	return ret;
}
