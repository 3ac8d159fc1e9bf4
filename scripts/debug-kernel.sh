#!/usr/bin/env bash
# Builds (or reuses) a debug kernel for the e2e suite's debug leg: Debian's
# own sources for SERIES (6.1 or 6.12, package linux-source-SERIES), `make
# tinyconfig` plus tests/e2e/debug.config (what the guests need, KASAN,
# UBSAN, lockdep, kmemleak, ...). Usage: debug-kernel.sh SERIES
#
# The result lives outside the source tree, in
#   ${KW_KERNEL_CACHE:-/var/cache/kwarden/kernels}/SERIES-VERSION-HASH
# (VERSION: the source package's, HASH: of the fragment and this script):
#   bzImage  System.map  config  build.log  build-seconds
#   build -> linux: the tree, `make clean`ed: enough for
#     `make -C DIR/build M=... modules` (Module.symvers is kept)
#   .complete, written last: a directory without it (an interrupted
#     build) is removed and rebuilt, never reused.
# Directories of other versions or hashes stay until removed by hand;
# removing the whole cache is always safe.
# Prints that directory on stdout; everything else goes to stderr.
set -euo pipefail

series=${1:-}
case $series in
6.1 | 6.12) ;;
*) echo "usage: $0 6.1|6.12" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
frag=$top/tests/e2e/debug.config
self=$top/scripts/debug-kernel.sh
pkg=linux-source-$series
tarball=/usr/src/$pkg.tar.xz
log() { echo "debug-kernel $series: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ -f "$tarball" ] || die "no $tarball: apt-get install $pkg bc flex bison libelf-dev libssl-dev dwarves"
ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || die "$pkg is not installed"
hash=$(cat "$frag" "$self" | sha256sum | cut -c1-12)
cache=${KW_KERNEL_CACHE:-/var/cache/kwarden/kernels}
# kbuild wants no odd characters in a tree's path: 6.12.117-1~deb12u1
name=$series-$(printf %s "$ver" | tr -c 'A-Za-z0-9._-' _)-$hash
dir=$cache/$name

# a complete build of this kernel is there: print it and stop
reuse() {
	if [ -f "$dir/.complete" ]; then
		log "cached: $dir"
		echo "$dir"
		exit 0
	fi
}
reuse
mkdir -p "$cache"
# One build at a time in the cache (two would share 2 cores anyway): a
# second caller for the same kernel waits, then reuses it. A caller whose
# kernel another build finished while it waited goes at once, not after
# the build of the other series that took the lock next (the e2e suite's
# debug-6.1 guests would wait out the 6.12 build).
exec 9>"$cache/.lock"
until flock -w 5 9; do
	reuse
done
reuse
# With the lock held no build is under way: a directory without its
# marker is what an interrupted build left.
for d in "$cache"/*/; do
	d=${d%/}
	if [ -d "$d" ] && [ ! -f "$d/.complete" ]; then
		log "removing the leftover of an interrupted build: $d"
		rm -rf "$d"
	fi
done

start=$(date +%s)
rm -rf "$dir"
mkdir -p "$dir"
log "unpacking $tarball ($pkg $ver) into $dir"
tar -xJf "$tarball" -C "$dir"
mv "$dir/$pkg" "$dir/linux"
ln -s linux "$dir/build"
src=$dir/linux
blog=$dir/build.log

# The fragment for this series: "#@SERIES " lines are this series' own.
sed -e "s/^#@$series //" "$frag" >"$dir/debug.config"

log "configuring: tinyconfig + $frag"
{
	make -C "$src" tinyconfig
	(cd "$src" && scripts/kconfig/merge_config.sh -n .config "$dir/debug.config")
} >>"$blog" 2>&1 || { tail -40 "$blog" >&2; die "configuration failed (log: $blog)"; }

# Every option the fragment sets must have that value now: a dependency
# that silently dropped KASAN would make the whole leg meaningless.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		opt=${line%%=*}
		grep -qxF -- "$line" "$src/.config" && continue
		got=$(grep -E "^$opt=|^# $opt is not set" "$src/.config" || echo "absent (unknown symbol or unmet dependency)")
		log "FRAGMENT NOT APPLIED: wanted $line, got: $got"
		bad=$((bad + 1))
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		if grep -q "^$opt=" "$src/.config"; then
			log "FRAGMENT NOT APPLIED: wanted $opt unset, got: $(grep "^$opt=" "$src/.config")"
			bad=$((bad + 1))
		fi
		;;
	esac
done <"$dir/debug.config"
[ "$bad" -eq 0 ] || die "$bad option(s) of $frag did not take effect: fix the fragment (see $src/.config)"
cp "$src/.config" "$dir/config"
log "config OK ($(grep -c '=y$' "$src/.config") options =y)"

log "building bzImage and modules with -j$(nproc) (log: $blog)"
nice -n 5 make -C "$src" -j"$(nproc)" bzImage modules >>"$blog" 2>&1 ||
	{ grep -E 'error|Error' "$blog" | tail -20 >&2; tail -20 "$blog" >&2; die "build failed (log: $blog)"; }
cp "$src/arch/x86/boot/bzImage" "$src/System.map" "$dir/"
[ -s "$src/Module.symvers" ] || die "no Module.symvers after the build"

# Objects are of no use once built (a changed fragment is a new
# directory): `make clean` keeps what external modules need.
make -C "$src" clean >>"$blog" 2>&1 || die "make clean failed (log: $blog)"
# Prove it: an external module builds from what is kept.
probe=$dir/probe
mkdir -p "$probe"
printf '#include <linux/module.h>\nstatic int __init p_init(void) { return 0; }\nmodule_init(p_init);\nMODULE_LICENSE("GPL");\n' >"$probe/probe.c"
echo 'obj-m := probe.o' >"$probe/Kbuild"
if ! make -C "$src" M="$probe" modules >>"$blog" 2>&1 || [ ! -f "$probe/probe.ko" ]; then
	tail -20 "$blog" >&2
	die "an external module does not build from the cleaned tree (log: $blog)"
fi
rm -rf "$probe"

secs=$(($(date +%s) - start))
echo "$secs" >"$dir/build-seconds"
log "built in ${secs}s: $(du -sh "$dir" | cut -f1) in $dir"
touch "$dir/.complete"
echo "$dir"
