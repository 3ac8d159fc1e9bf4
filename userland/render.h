/* SPDX-License-Identifier: GPL-2.0 */
/* A finding as a JSON line, a text line or a syslog message. */
#ifndef KWARDEN_RENDER_H
#define KWARDEN_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include "event.h"

/*
 * Lines without a newline, or NULL. kw_render_json() is the
 * relay's hot path: its line lives in a buffer the next call reuses, its
 * length in *@len (if not NULL). The others return a malloc'ed line.
 */
const char *kw_render_json(const struct kw_event *ev, const char *host,
			   size_t *len);
char *kw_render_text(const struct kw_event *ev);
char *kw_render_syslog(const struct kw_event *ev);
char *kw_render_lost_json(uint64_t lost, const char *why);
/* Copy of @s (len bytes) with invalid UTF-8 replaced by U+FFFD. */
char *kw_utf8_sanitize(const char *s, size_t len);

#endif
