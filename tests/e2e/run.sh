#!/usr/bin/env bash
# The e2e suite: for each kernel, boot a guest with kwarden.ko and run
# guest-tests.sh in it. Usage: run.sh KVER...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || { echo "usage: $0 KVER..." >&2; exit 2; }

# guest LABEL INITRD LOG [qemu args]: boots, then adds to $p and $f what
# the guest passed and failed, a guest that never finished and a dirty dmesg.
guest() {
	local label=$1 initrd=$2 log=$3 kv=${1%% *} np nf
	shift 3
	boot "$kv" "$initrd" "$log" "$@"
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
for kver in "$@"; do
	initrd=$BUILD/$kver/e2e-initrd.gz log=$BUILD/$kver/e2e.log
	if [ -n "${KWARDEN_DKMS:-}" ]; then
		# the module DKMS built (and maybe xz-compressed) for this kernel
		dko=$(ls /var/lib/dkms/kwarden/"$KWARDEN_DKMS"/"$kver"/*/module/kwarden.ko* | head -1)
		mkdir -p "$BUILD/$kver/dkms"
		case $dko in
		*.xz) xz -dc "$dko" >"$BUILD/$kver/dkms/kwarden.ko" ;;
		*.zst) zstd -dcq "$dko" >"$BUILD/$kver/dkms/kwarden.ko" ;;
		*) cp "$dko" "$BUILD/$kver/dkms/kwarden.ko" ;;
		esac
		export KWARDEN_KO=$BUILD/$kver/dkms/kwarden.ko
		echo "[$kver] loading the DKMS-built module ($dko)"
	fi
	make_initramfs "$kver" "$initrd" "$E2E_DIR/guest-tests.sh" add_toolchain
	start=$(date +%s) p=0 f=0
	guest "$kver" "$initrd" "$log"
	# Policy swaps under an exec storm need several CPUs. One TCG thread
	# runs all four: multi-threaded TCG once executed a stale int3 of the
	# kernel's own text patching (a static key flipped by cgroup mkdir,
	# in __alloc_pages, not near kwarden) on 6.12.
	make_initramfs "$kver" "$BUILD/$kver/e2e-storm-initrd.gz" "$E2E_DIR/guest-storm.sh"
	KW_ACCEL=tcg,thread=single guest "$kver storm" "$BUILD/$kver/e2e-storm-initrd.gz" \
		"$BUILD/$kver/e2e-storm.log" -smp 4
	echo "e2e $kver: $p passed, $f failed ($(( $(date +%s) - start ))s)"
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
