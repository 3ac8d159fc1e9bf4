#!/usr/bin/env bash
# Files depend one way: fails if kmod/'s files form a cycle.
# Usage: layers.sh OBJDIR   (a directory holding the module's .o files)
#
# A file is a unit: foo.c with foo.h. Unit A depends on unit B when
#   - A's .c or .h includes B's header ("b.h"), or
#   - A's object uses a symbol (a function or a variable) B's defines
#     (nm: undefined in a.o, defined in b.o).
# Both kinds go into one graph; tsort(1) finds a loop if there is one.
# Headers without a .c (compat.h, include/kwarden.h) are
# leaves: they may be included by all and include nothing of kmod/'s.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
objdir=${1:?usage: $0 OBJDIR}
kmod=$top/kmod

unit() { basename "${1%.*}"; }
edges=$(mktemp)
trap 'rm -f "$edges" "$edges.sym"' EXIT

# includes: "x.h" of a file whose unit has a .c
for f in "$kmod"/*.c "$kmod"/*.h; do
	a=$(unit "$f")
	sed -n 's/^#include "\([^"]*\)"/\1/p' "$f" | while read -r h; do
		b=$(unit "$h")
		if [ "$a" != "$b" ] && [ -f "$kmod/$b.c" ]; then echo "$a $b include"; fi
	done
done >>"$edges"

# symbols: who defines what (global text, data, bss, rodata)
for o in "$objdir"/*.o; do
	case $(basename "$o") in *.mod.o | kwarden.o) continue ;; esac
	nm --defined-only -g "$o" | awk -v u="$(unit "$o")" 'NF == 3 { print $3, u }'
done | sort -u >"$edges.sym"
for o in "$objdir"/*.o; do
	case $(basename "$o") in *.mod.o | kwarden.o) continue ;; esac
	a=$(unit "$o")
	nm -u "$o" | awk '{ print $NF }' | sort -u | join - "$edges.sym" |
		awk -v a="$a" '$2 != a { print a, $2, "uses " $1 }'
done >>"$edges"

if [ ! -s "$edges" ]; then
	echo "layers: no dependencies found in $objdir (no objects?)" >&2
	exit 1
fi
if out=$(awk '{ print $1, $2 }' "$edges" | sort -u | tsort 2>&1 >/dev/null) && [ -z "$out" ]; then
	echo "layers: kmod/ depends one way ($(awk '{ print $1, $2 }' "$edges" | sort -u | wc -l) dependencies between units)"
	exit 0
fi
echo "layers: kmod/ has a dependency cycle:"
echo "$out" | sed -n 's/^tsort: //p'
# what makes each edge of the loop
for u in $(echo "$out" | sed -n 's/^tsort: \([a-z_0-9]*\)$/\1/p'); do
	grep "^$u " "$edges" | sed 's/^/  /'
done | sort -u
exit 1
