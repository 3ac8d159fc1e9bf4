#!/usr/bin/env bash
# Files depend one way: fails if kmod/'s files form a cycle.
# Usage: layers.sh OBJDIR   (a directory holding the module's .o files)
#
# A file is a unit: foo.c with foo.h (lib/foo.c with lib/foo.h is the
# unit lib/foo). Unit A depends on unit B when
#   - A's .c or .h includes B's header, or
#   - A's object uses a symbol (a function or a variable) B's defines
#     (nm: undefined in a.o, defined in b.o).
# Both kinds go into one graph; tsort(1) finds a loop if there is one.
# Headers without a .c (compat.h, lib/plat.h, lib/codec.h,
# include/kwarden.h) are leaves: they may be included by all and include
# nothing of kmod/'s. And lib/, which builds into the CLI and the unit
# tests too, depends on nothing outside lib/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
objdir=${1:?usage: $0 OBJDIR}
kmod=$top/kmod

# the unit of a file or object under kmod/ (or under OBJDIR)
unit() {
	local f=${1%.*} d
	d=$(basename "$(dirname "$f")")
	if [ "$d" = lib ]; then echo "lib/$(basename "$f")"; else basename "$f"; fi
}
edges=$(mktemp)
trap 'rm -f "$edges" "$edges.sym"' EXIT

# includes: "x.h" of a file whose unit has a .c, resolved as cpp does
# (the including file's directory first)
for f in "$kmod"/*.c "$kmod"/*.h "$kmod"/lib/*.c "$kmod"/lib/*.h; do
	a=$(unit "$f")
	sed -n 's/^#include "\([^"]*\)"/\1/p' "$f" | while read -r h; do
		p=$(dirname "$f")/$h
		[ -f "$p" ] || p=$kmod/$h
		b=$(unit "$p")
		if [ "$a" != "$b" ] && [ -f "$kmod/$b.c" ]; then echo "$a $b include"; fi
	done
done >>"$edges"

objs() {
	local o
	for o in "$objdir"/*.o "$objdir"/lib/*.o; do
		case $(basename "$o") in *.mod.o | kwarden.o) continue ;; esac
		[ -f "$o" ] && echo "$o"
	done
}
# symbols: who defines what (global text, data, bss, rodata)
for o in $(objs); do
	nm --defined-only -g "$o" | awk -v u="$(unit "$o")" 'NF == 3 { print $3, u }'
done | sort -u >"$edges.sym"
for o in $(objs); do
	a=$(unit "$o")
	nm -u "$o" | awk '{ print $NF }' | sort -u | join - "$edges.sym" |
		awk -v a="$a" '$2 != a { print a, $2, "uses " $1 }'
done >>"$edges"

if [ ! -s "$edges" ]; then
	echo "layers: no dependencies found in $objdir (no objects?)" >&2
	exit 1
fi
rc=0
if out=$(grep '^lib/' "$edges" | grep -v '^lib/[^ ]* lib/'); then
	echo "layers: lib/ depends on kernel glue:"
	echo "$out" | sed 's/^/  /'
	rc=1
fi
# lib/ sees the kernel only through plat.h
for f in "$kmod"/lib/*.c "$kmod"/lib/*.h; do
	case $(basename "$f") in plat.h) continue ;; esac
	if grep -n '^#include <' "$f" | sed "s|^|  lib/$(basename "$f"):|"; then
		echo "layers: lib/ includes system headers outside plat.h"
		rc=1
	fi
done
if out=$(awk '{ print $1, $2 }' "$edges" | sort -u | tsort 2>&1 >/dev/null) && [ -z "$out" ]; then
	[ $rc = 0 ] || exit $rc
	echo "layers: kmod/ depends one way ($(awk '{ print $1, $2 }' "$edges" | sort -u | wc -l) dependencies between units)"
	exit 0
fi
echo "layers: kmod/ has a dependency cycle:"
echo "$out" | sed -n 's/^tsort: //p'
# what makes each edge of the loop
for u in $(echo "$out" | sed -n 's/^tsort: \([a-z_0-9/]*\)$/\1/p'); do
	grep "^$u " "$edges" | sed 's/^/  /'
done | sort -u
exit 1
