#!/usr/bin/env bash
# Kernel-style checks of kmod/: checkpatch.pl --strict (from Debian's
# linux-source-6.1 tarball), sparse (make C=2) against every test kernel,
# and scripts/layers.sh on the objects sparse's build leaves.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cp_dir=$top/build/checkpatch
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)

if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	[ -n "$tarball" ] || { echo "lint: linux-source-6.1 is not installed (scripts/deps.sh)"; exit 1; }
	mkdir -p "$cp_dir"
	tar -xJf "$tarball" -C "$cp_dir" --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
fi

rc=0
echo "== checkpatch --strict kmod/ kmod/lib/"
# lib/plat.h maps userspace types for the host unit tests on purpose;
# include/kwarden.h is a UAPI header, where BIT() does not exist.
# batch.h and batch.c expand include/kwarden_schema.h's X-macros, whose
# one-member and one-statement bodies checkpatch reads as ordinary macros.
xmacro='kmod/(batch\.[ch])$'
"$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,NEW_TYPEDEFS \
	-f $(ls "$top"/kmod/*.[ch] "$top"/kmod/lib/*.[ch] | grep -v /compat.h | grep -Ev "$xmacro") || rc=1
"$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,NEW_TYPEDEFS,TRAILING_SEMICOLON,MACRO_ARG_PRECEDENCE \
	-f $(ls "$top"/kmod/*.c "$top"/kmod/*.h | grep -E "$xmacro") || rc=1
# compat.h is the one place that tells kernel versions apart, where no
# feature macro does (checkpatch takes LINUX_VERSION_CODE for a constant).
"$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,LINUX_VERSION_CODE,CONSTANT_COMPARISON \
	-f "$top"/kmod/compat.h || rc=1
"$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,BIT_MACRO -f "$top"/include/kwarden.h || rc=1
# the schema is nothing but X-macro lists
"$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,COMPLEX_MACRO,MACRO_ARG_REUSE \
	-f "$top"/include/kwarden_schema.h || rc=1

for k in $("$top/scripts/kernels.sh"); do
	echo "== sparse $k"
	d=$top/build/sparse-$k
	rm -rf "$d"; mkdir -p "$d"
	cp -r "$top/kmod" "$top/include" "$top/VERSION" "$d/"
	make -s -C "/usr/src/linux-headers-$k" M="$d/kmod" C=2 modules \
		>"$d/sparse.log" 2>&1 || { cat "$d/sparse.log"; rc=1; continue; }
	if grep -E '(warning|error):' "$d/sparse.log" | grep -v '^/usr/src'; then
		rc=1
	fi
	# one way from the hook to the wire: no cycle between kmod/'s files
	"$top/scripts/layers.sh" "$d/kmod" || rc=1
done
exit $rc
