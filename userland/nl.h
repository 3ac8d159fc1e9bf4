/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink requests to kwarden.ko over libnl: what ipc.c (and the
 * e2e suite's raw tools) build on. Nothing else of the CLI includes it.
 */
#ifndef KWARDEN_NL_H
#define KWARDEN_NL_H

#include <stdint.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include "kwarden.h"

struct kw_nl {
	struct nl_sock *sk;
	int family;
};
/* 0, -ENOENT when the family is not registered (no module), or -errno. */
int kw_nl_open(struct kw_nl *nl);
void kw_nl_close(struct kw_nl *nl);
/*
 * Sends a request and runs @cb on each reply. Returns 0 or the kernel's
 * negative errno; its extended-ack message, if any, is then kw_nl_extack().
 */
int kw_nl_request(struct kw_nl *nl, struct nl_msg *msg,
		  int (*cb)(struct nl_msg *, void *), void *arg);
/* The last request's extended-ack message, or NULL. */
const char *kw_nl_extack(void);
/* A request of @cmd; @size bytes, or libnl's default size if 0. */
struct nl_msg *kw_nl_msg(struct kw_nl *nl, uint8_t cmd, int flags, size_t size);

#endif
