// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what the relay does with every event message the
 * kernel multicasts: kw_event_parse() on a message of any shape, then the
 * JSON, text and syslog forms of what it accepted. The relay trusts
 * nothing of the message but its length (nlmsg_ok() holds). Besides
 * memory errors, it checks that the JSON line is one line that parses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include "render.h"
#include "yyjson/yyjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	struct nlmsghdr *nlh;
	struct kw_event ev;
	const char *json;
	size_t len;
	char *s;

	if (size > 1 << 16)
		return 0;
	/* a message as the socket hands it: header, genl header, attributes */
	nlh = calloc(1, hdr + size);
	if (!nlh)
		return 0;
	nlh->nlmsg_len = (uint32_t)(hdr + size);
	((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd = KWARDEN_CMD_EVENT;
	memcpy((char *)nlh + hdr, data, size);
	if (kw_event_parse(nlh, &ev) == 0) {
		json = kw_render_json(&ev, "node", &len);
		if (json) {
			yyjson_doc *d = yyjson_read(json, len, 0);

			if (!d || memchr(json, '\n', len))
				abort();
			yyjson_doc_free(d);
		}
		free(kw_render_text(&ev));
		s = kw_render_syslog(&ev);
		if (s && strchr(s, '\n'))
			abort();
		free(s);
	}
	free(nlh);
	return 0;
}
