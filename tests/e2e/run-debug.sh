#!/usr/bin/env bash
# The e2e suite's debug-kernel leg: for each SERIES, Debian's own kernel
# sources built by scripts/debug-kernel.sh (tinyconfig + debug.config:
# KASAN, UBSAN, lockdep, kmemleak, ...), kwarden.ko built against that
# tree, and the main, storm and fuzz guests of run.sh booted on it. Any debug
# report in the guest's kernel log fails the run.
# Usage: run-debug.sh SERIES...   (SERIES: 6.1 or 6.12)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || { echo "usage: $0 SERIES... (6.1, 6.12)" >&2; exit 2; }

# KASAN (inline), lockdep, SLUB_DEBUG_ON and kmemleak under TCG make the
# guests several times slower than on the stock kernels.
export KW_BOOT_TIMEOUT=${KW_BOOT_TIMEOUT:-5400}

# guest LABEL INITRD LOG [qemu args]: as run.sh's guest(): boots, then
# adds to $p and $f what the guest passed and failed, a guest that never
# finished and a dirty dmesg.
guest() {
	local label=$1 initrd=$2 log=$3 kv=${1%% *} np nf t0
	shift 3
	t0=$(date +%s)
	boot "$kv" "$initrd" "$log" "$@"
	echo "[$label] guest ran $(( $(date +%s) - t0 ))s"
	np=$(grep -c '^PASS ' "$log" || true)
	nf=$(grep -c '^FAIL ' "$log" || true)
	grep -E '^(PASS|FAIL) ' "$log" | sed "s/^/[$label] /"
	if ! grep -q '^KW-E2E-DONE rc=' "$log"; then
		echo "FAIL [$label] guest did not finish (crash or timeout); log: $log"
		tail -60 "$log"
		nf=$((nf + 1))
	fi
	if ! dmesg_clean "$log"; then
		echo "FAIL [$label] kernel log has errors; log: $log"
		sed -n '/^KW-DMESG-BEGIN/,/^KW-DMESG-END/p' "$log" | tail -80
		nf=$((nf + 1))
	fi
	if [ "$nf" -gt 0 ] && grep -q '^FAIL ' "$log"; then
		echo "--- guest log tail ($log)"; grep -v '^\[' "$log" | tail -40
	fi
	p=$((p + np)) f=$((f + nf))
}

total_pass=0 total_fail=0
for series in "$@"; do
	kv=debug-$series out=$BUILD/debug-$series
	start=$(date +%s) p=0 f=0
	mkdir -p "$out"
	if ! kdir=$("$TOP/scripts/debug-kernel.sh" "$series"); then
		echo "FAIL [$kv] debug kernel build"
		f=$((f + 1))
	else
		# the module for that tree, in its own copy of the sources
		rm -rf "$out/kmod" "$out/include"
		cp -r "$TOP/kmod" "$TOP/include" "$TOP/VERSION" "$out/"
		if ! make -C "$kdir/build" M="$out/kmod" KWARDEN_VERSION="$(cat "$TOP/VERSION")" \
			modules >"$out/build.log" 2>&1 || [ ! -f "$out/kmod/kwarden.ko" ]; then
			cat "$out/build.log"
			echo "FAIL [$kv] module build; log: $out/build.log"
			f=$((f + 1))
		else
			if grep -q 'warning:' "$out/build.log"; then
				grep -A3 'warning:' "$out/build.log"
				echo "FAIL [$kv] module build has warnings; log: $out/build.log"
				f=$((f + 1))
			fi
			echo "[$kv] kernel $kdir, module $out/kmod/kwarden.ko"
			export KWARDEN_KO=$out/kmod/kwarden.ko KW_KERNEL_IMAGE=$kdir/bzImage
			make_initramfs "$kv" "$out/e2e-initrd.gz" "$E2E_DIR/guest-tests.sh" add_toolchain
			guest "$kv" "$out/e2e-initrd.gz" "$out/e2e.log"
			# as in run.sh: four CPUs on one TCG thread
			make_initramfs "$kv" "$out/e2e-storm-initrd.gz" "$E2E_DIR/guest-storm.sh"
			KW_ACCEL=tcg,thread=single guest "$kv storm" "$out/e2e-storm-initrd.gz" \
				"$out/e2e-storm.log" -smp 4
			make_initramfs "$kv" "$out/e2e-fuzz-initrd.gz" "$E2E_DIR/guest-fuzz.sh"
			guest "$kv fuzz" "$out/e2e-fuzz-initrd.gz" "$out/e2e-fuzz.log"
			unset KWARDEN_KO KW_KERNEL_IMAGE
		fi
	fi
	echo "e2e $kv: $p passed, $f failed ($(( $(date +%s) - start ))s)"
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
