// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the runtimes' state parsers (userland/
 * runtime_state.c): what a pod author can put in runc's state.json,
 * crun's status, an OCI config.json, docker's config.v2.json and a
 * containers/storage containers.json. The first byte picks the parser.
 * Every string a parser sets must be NUL-terminated within its field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "runtime_state.h"

#define ID "aaaa000000000000000000000000000000000000000000000000000000000001"

static void check_field(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kw_ctx_info ci, labels;
	char bundle[KW_CTX_PATH_MAX];
	const char *buf;
	size_t len;

	if (!size)
		return 0;
	buf = (const char *)data + 1;
	len = size - 1;
	memset(&ci, 0, sizeof(ci));
	memset(&labels, 0, sizeof(labels));
	memset(bundle, 'x', sizeof(bundle));
	switch (data[0] % 5) {
	case 0:
		kw_rt_oci_config(buf, len, &ci);
		break;
	case 1:
		kw_rt_runc_state(buf, len, ID, bundle, sizeof(bundle), &labels);
		check_field(bundle, sizeof(bundle));
		if (bundle[0] && bundle[0] != '/')
			abort();
		break;
	case 2:
		kw_rt_crun_status(buf, len, bundle, sizeof(bundle));
		check_field(bundle, sizeof(bundle));
		break;
	case 3:
		kw_rt_docker_config(buf, len, ID, &ci);
		break;
	case 4:
		kw_rt_storage_containers(buf, len, ID, &ci);
		break;
	}
	check_field(ci.name, sizeof(ci.name));
	check_field(ci.image, sizeof(ci.image));
	check_field(ci.pod, sizeof(ci.pod));
	check_field(ci.ns, sizeof(ci.ns));
	check_field(ci.pod_uid, sizeof(ci.pod_uid));
	check_field(labels.name, sizeof(labels.name));
	check_field(labels.pod, sizeof(labels.pod));
	return 0;
}
