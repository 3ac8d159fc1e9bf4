/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs run through a dynamic loader. `ld-linux-x86-64.so.2 /usr/bin/as`
 * runs as, yet the kernel execs the loader: which argument it runs is the
 * loader's own option parsing, glibc's or musl's, and the attacker picks
 * the loader. Both readings are taken.
 */
#ifndef _KW_LIB_LOADER_H
#define _KW_LIB_LOADER_H

#include "plat.h"

/*
 * A dynamic loader's file name (@len bytes, a basename): ld-*.so* (glibc's
 * ld-linux*.so*, musl's ld-musl-*.so*, old glibc's ld-2.31.so), ld.so*,
 * ld64.so*.
 */
bool kw_loader_name(const char *name, size_t len);

struct kw_span {
	const char *s;
	size_t len;
};

#define KW_LOADER_READINGS	2

/*
 * The programs a loader given @argv (NUL-separated words, argv[0] first,
 * @len bytes; a last word without its NUL counts) runs: glibc's reading,
 * then musl's if it differs. Options that run nothing (--list, --verify,
 * --help, --version; musl's ldd mode) give none. Returns how many are in
 * @out.
 */
int kw_loader_programs(const char *argv, size_t len,
		       struct kw_span out[KW_LOADER_READINGS]);

#endif /* _KW_LIB_LOADER_H */
