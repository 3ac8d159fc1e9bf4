/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a container runtime's own files say about a container: its name,
 * image and pod. Each parser reads one file format from a buffer; which
 * file is read from where is context.c's business.
 *
 * Every string here was chosen by whoever wrote the container's spec (a
 * pod author, a `docker run --name`): it is copied bounded, cut at a
 * UTF-8 boundary and at its first NUL, and escaped by the renderers.
 */
#ifndef KWARDEN_RUNTIME_STATE_H
#define KWARDEN_RUNTIME_STATE_H

#include <stdbool.h>
#include <stddef.h>

/* Kubernetes names are at most 253 bytes; docker's and images are not. */
#define KW_CTX_NAME_MAX		254
#define KW_CTX_IMAGE_MAX	512
#define KW_CTX_UID_MAX		64
/* longest bundle path taken from a runtime's state */
#define KW_CTX_PATH_MAX		1024

/* Empty strings are unknown; a field is set by the first source naming it. */
struct kw_ctx_info {
	char name[KW_CTX_NAME_MAX];		/* container.name */
	char image[KW_CTX_IMAGE_MAX];		/* container.image */
	char pod[KW_CTX_NAME_MAX];		/* pod.name */
	char ns[KW_CTX_NAME_MAX];		/* pod.namespace */
	char pod_uid[KW_CTX_UID_MAX];		/* pod.uid */
};

/*
 * The parsers return 0 when the buffer is the format they read (whatever
 * it names), -EINVAL when it is not. None keeps a pointer into @buf.
 */

/*
 * An OCI bundle's config.json: its annotations (containerd's CRI plugin,
 * CRI-O, nerdctl).
 */
int kw_rt_oci_config(const char *buf, size_t len, struct kw_ctx_info *ci);

/*
 * runc's state.json for container @id: the bundle directory runc ran it
 * from (absolute, or "" if it names none) and, in @labels_ci, what its
 * labels (every annotation as "key=value") say. runc appends its own
 * "bundle=" label after the annotations, so the last one is runc's: an
 * annotation keyed "bundle" cannot move it. A known key that two labels
 * carry (a key with a '=' in it can forge one) is left unknown.
 */
int kw_rt_runc_state(const char *buf, size_t len, const char *id,
		     char *bundle, size_t bundle_size,
		     struct kw_ctx_info *labels_ci);

/* crun's status file: the bundle directory. */
int kw_rt_crun_status(const char *buf, size_t len, char *bundle,
		      size_t bundle_size);

/*
 * docker's config.v2.json for container @id: Config.Labels (cri-dockerd
 * puts the pod's there), then Name (without its '/') and Config.Image.
 */
int kw_rt_docker_config(const char *buf, size_t len, const char *id,
			struct kw_ctx_info *ci);

/*
 * containers/storage's containers.json (podman, CRI-O): the entry of
 * container @id, its first name and its metadata's name and image-name.
 * -ENOENT when the file is well formed but has no such container.
 */
int kw_rt_storage_containers(const char *buf, size_t len, const char *id,
			     struct kw_ctx_info *ci);

/*
 * Copies @len bytes of @s (up to a NUL) into @dst if @dst is empty, cut
 * to @size - 1 bytes at a UTF-8 boundary. True if it set @dst.
 */
bool kw_ctx_set(char *dst, size_t size, const char *s, size_t len);

#endif
