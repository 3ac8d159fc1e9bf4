#!/usr/bin/env bash
# The e2e suite: boots guests with kwarden.ko on each kernel and runs the
# guest scripts in them. Usage: run.sh KVER[:GUESTS]... where GUESTS is a
# comma-separated list of main, storm, fuzz and runtimes (default: main,
# storm, fuzz).
#
# KVER is an installed kernel, or debug-6.1 / debug-6.12: a debug kernel
# (KASAN, UBSAN, lockdep, kmemleak, ...) that scripts/debug-kernel.sh builds
# from Debian's sources or takes from its cache, with kwarden.ko built
# against that tree.
#
# Each guest is one job, KW_JOBS at a time (default: one per CPU; a TCG
# guest keeps one CPU busy). Debug kernels build in the background from
# the start while the stock kernels' guests run; their guests, the longest,
# go first once their kernel is there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || { echo "usage: $0 KVER[:main,storm,fuzz]..." >&2; exit 2; }

# prepare_stock KVER: the module DKMS built (and maybe compressed) for it.
prepare_stock() {
	local kver=$1 dko
	mkdir -p "$BUILD/$kver"
	[ -n "${KWARDEN_DKMS:-}" ] || { echo "$BUILD/$kver/kmod/kwarden.ko" >"$BUILD/$kver/ko"; return 0; }
	dko=$(ls /var/lib/dkms/kwarden/"$KWARDEN_DKMS"/"$kver"/*/module/kwarden.ko* | head -1)
	mkdir -p "$BUILD/$kver/dkms"
	case $dko in
	*.xz) xz -dc "$dko" >"$BUILD/$kver/dkms/kwarden.ko" ;;
	*.zst) zstd -dcq "$dko" >"$BUILD/$kver/dkms/kwarden.ko" ;;
	*) cp "$dko" "$BUILD/$kver/dkms/kwarden.ko" ;;
	esac
	echo "$BUILD/$kver/dkms/kwarden.ko" >"$BUILD/$kver/ko"
	echo "[$kver] loading the DKMS-built module ($dko)"
}

# prepare_debug KVER: the debug kernel and the module built against it;
# writes KVER/ready: ok, or (from its caller) failed.
prepare_debug() {
	local kver=$1 series=${1#debug-} out=$BUILD/$1 kdir
	kdir=$("$TOP/scripts/debug-kernel.sh" "$series") ||
		{ echo "FAIL [$kver] debug kernel build"; return 1; }
	rm -rf "$out/kmod" "$out/include"
	cp -r "$TOP/kmod" "$TOP/include" "$TOP/VERSION" "$out/"
	if ! make -C "$kdir/build" M="$out/kmod" KWARDEN_VERSION="$(cat "$TOP/VERSION")" \
		modules >"$out/build.log" 2>&1 || [ ! -f "$out/kmod/kwarden.ko" ]; then
		cat "$out/build.log"
		echo "FAIL [$kver] module build; log: $out/build.log"
		return 1
	fi
	if grep -q 'warning:' "$out/build.log"; then
		grep -A3 'warning:' "$out/build.log"
		echo "FAIL [$kver] module build has warnings; log: $out/build.log"
		return 1
	fi
	echo "[$kver] kernel $kdir ($(cat "$kdir/build-seconds")s to build), module $out/kmod/kwarden.ko"
	echo "$kdir/bzImage" >"$out/image"
	echo "$out/kmod/kwarden.ko" >"$out/ko"
	echo ok >"$out/ready"
}

# run_guest KVER GUEST: one guest; its counts go to KVER/e2e-GUEST.result.
run_guest() {
	local kver=$1 g=$2 dir=$BUILD/$1 p=0 f=0 t0
	t0=$(date +%s)
	KWARDEN_KO=$(cat "$dir/ko")
	export KWARDEN_KO
	if [ -f "$dir/image" ]; then
		KW_KERNEL_IMAGE=$(cat "$dir/image")
		export KW_KERNEL_IMAGE KW_SLOW=${KW_DEBUG_SLOW:-4}
		export KW_BOOT_TIMEOUT=${KW_DEBUG_BOOT_TIMEOUT:-3600}
	fi
	case $g in
	main)
		# every feature on the cloud (and generic) kernels, the
		# kernel's on the debug and rt ones (guest-tests.sh)
		case $kver in
		debug-* | *-rt-*) export KW_MAIN_FEATURES=kernel ;;
		*) export KW_MAIN_FEATURES=all ;;
		esac
		make_initramfs "$kver" "$dir/e2e-initrd.gz" "$E2E_DIR/guest-tests.sh" add_toolchain
		guest "$kver" "$dir/e2e-initrd.gz" "$dir/e2e.log"
		;;
	# Policy swaps under an exec storm need several CPUs. One TCG thread
	# runs all four: multi-threaded TCG once executed a stale int3 of the
	# kernel's own text patching (a static key flipped by cgroup mkdir,
	# in __alloc_pages, not near kwarden) on 6.12.
	storm)
		make_initramfs "$kver" "$dir/e2e-storm-initrd.gz" "$E2E_DIR/guest-storm.sh"
		KW_ACCEL=tcg,thread=single guest "$kver storm" "$dir/e2e-storm-initrd.gz" \
			"$dir/e2e-storm.log" -smp 4
		;;
	# genlfuzz as root, nobody, in a user and a network namespace; rmmod
	# and insmod under a relay, a held dump, an exec storm and the fuzzer
	fuzz)
		make_initramfs "$kver" "$dir/e2e-fuzz-initrd.gz" "$E2E_DIR/guest-fuzz.sh"
		guest "$kver fuzz" "$dir/e2e-fuzz-initrd.gz" "$dir/e2e-fuzz.log"
		;;
	# docker, containerd and podman themselves: too big for an
	# initramfs, an ext4 root on NVMe (the stock kernels have it built
	# in; the debug kernels do not)
	runtimes)
		make_disk "$kver" "$dir/e2e-runtimes.img" "$E2E_DIR/guest-runtimes.sh" add_runtimes
		KW_BOOT_TIMEOUT=${KW_BOOT_TIMEOUT:-1200} guest "$kver runtimes" \
			"$dir/e2e-runtimes.img" "$dir/e2e-runtimes.log"
		rm -f "$dir/e2e-runtimes.img"
		;;
	esac
	echo "[$kver $g] $p passed, $f failed ($(($(date +%s) - t0))s)"
	echo "$p $f" >"$dir/e2e-$g.result"
}

start=$(date +%s)
debug=() stock=() kvers=()
declare -A guests_of
for spec in "$@"; do
	kver=${spec%%:*} guests=main,storm,fuzz
	[ "$spec" = "$kver" ] || guests=${spec#*:}
	for g in ${guests//,/ }; do
		case $g in main | storm | fuzz | runtimes) ;; *) echo "run.sh: no guest named $g" >&2; exit 2 ;; esac
		case $kver:$g in debug-*:runtimes) echo "run.sh: the runtimes guest needs a stock kernel (NVMe, ext4)" >&2; exit 2 ;; esac
	done
	guests_of[$kver]=$guests
	kvers+=("$kver")
	mkdir -p "$BUILD/$kver"
	rm -f "$BUILD/$kver"/e2e-*.result "$BUILD/$kver"/e2e-*.out \
		"$BUILD/$kver/ready" "$BUILD/$kver/image" "$BUILD/$kver/ko"
	case $kver in
	debug-6.1 | debug-6.12) debug+=("$kver") ;;
	debug-*) echo "run.sh: no debug kernel $kver (debug-6.1, debug-6.12)" >&2; exit 2 ;;
	*) stock+=("$kver") ;;
	esac
done

# The debug kernels build one after the other (debug-kernel.sh holds a
# lock on its cache) behind the stock guests.
for kver in "${debug[@]}"; do
	{ prepare_debug "$kver" || echo failed >"$BUILD/$kver/ready"; } \
		>"$BUILD/$kver/prepare.out" 2>&1 &
done
for kver in "${stock[@]}"; do
	prepare_stock "$kver" >"$BUILD/$kver/prepare.out" 2>&1
	echo ok >"$BUILD/$kver/ready"
done

# The queue, longest first: the debug kernels' guests, then the stock
# ones; each the main guests of every kernel, then fuzz, then storm. A job
# starts when its kernel is ready and a slot is free.
queue=()
for group in "${debug[*]}" "${stock[*]}"; do
	for g in main runtimes fuzz storm; do
		for kver in $group; do
			case ,${guests_of[$kver]}, in *,$g,*) queue+=("$kver $g") ;; esac
		done
	done
done
slots=${KW_JOBS:-$(nproc)}
gpids=()
running() {
	local n=0 pid
	for pid in "${gpids[@]}"; do kill -0 "$pid" 2>/dev/null && n=$((n + 1)); done
	echo "$n"
}
while [ ${#queue[@]} -gt 0 ]; do
	if [ "$(running)" -lt "$slots" ]; then
		next=-1
		for i in "${!queue[@]}"; do
			read -r kver g <<<"${queue[$i]}"
			[ -f "$BUILD/$kver/ready" ] || continue
			next=$i
			break
		done
		if [ "$next" -ge 0 ]; then
			read -r kver g <<<"${queue[$next]}"
			queue=("${queue[@]:0:$next}" "${queue[@]:$((next + 1))}")
			if [ "$(cat "$BUILD/$kver/ready")" = ok ]; then
				run_guest "$kver" "$g" >"$BUILD/$kver/e2e-$g.out" 2>&1 &
				gpids+=($!)
			else
				echo "FAIL [$kver $g] not run: the kernel or module did not build" \
					>"$BUILD/$kver/e2e-$g.out"
				echo "0 1" >"$BUILD/$kver/e2e-$g.result"
			fi
			continue
		fi
	fi
	sleep 2
done
wait || true

total_pass=0 total_fail=0
for kver in "${kvers[@]}"; do
	kp=0 kf=0
	cat "$BUILD/$kver/prepare.out"
	for g in ${guests_of[$kver]//,/ }; do
		cat "$BUILD/$kver/e2e-$g.out"
		if [ -f "$BUILD/$kver/e2e-$g.result" ]; then
			read -r p f <"$BUILD/$kver/e2e-$g.result"
		else
			echo "FAIL [$kver $g] the run stopped early; log: $BUILD/$kver/e2e-$g.out"
			p=0 f=1
		fi
		kp=$((kp + p)) kf=$((kf + f))
	done
	echo "e2e $kver (${guests_of[$kver]}): $kp passed, $kf failed"
	total_pass=$((total_pass + kp)) total_fail=$((total_fail + kf))
done
echo "$total_pass passed, $total_fail failed ($(($(date +%s) - start))s)"
[ "$total_fail" -eq 0 ]
