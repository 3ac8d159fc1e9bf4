#!/usr/bin/env bash
# The e2e suite: for each kernel, boot guests with kwarden.ko and run the
# guest scripts in them. Usage: run.sh KVER[:GUESTS]... where GUESTS is
# a comma-separated list of main, storm and fuzz (default: all three).
# Kernels run KW_JOBS at a time (default: one per CPU; a TCG guest keeps
# one CPU busy).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || { echo "usage: $0 KVER[:main,storm,fuzz]..." >&2; exit 2; }

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

# one_kernel KVER GUESTS: its guests, one after the other; the counts go
# to build/KVER/e2e.result.
one_kernel() {
	local kver=$1 guests=$2 dko start p=0 f=0
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
	start=$(date +%s)
	case ,$guests, in *,main,*)
		make_initramfs "$kver" "$BUILD/$kver/e2e-initrd.gz" "$E2E_DIR/guest-tests.sh" add_toolchain
		guest "$kver" "$BUILD/$kver/e2e-initrd.gz" "$BUILD/$kver/e2e.log"
	esac
	# Policy swaps under an exec storm need several CPUs. One TCG thread
	# runs all four: multi-threaded TCG once executed a stale int3 of the
	# kernel's own text patching (a static key flipped by cgroup mkdir,
	# in __alloc_pages, not near kwarden) on 6.12.
	case ,$guests, in *,storm,*)
		make_initramfs "$kver" "$BUILD/$kver/e2e-storm-initrd.gz" "$E2E_DIR/guest-storm.sh"
		KW_ACCEL=tcg,thread=single guest "$kver storm" "$BUILD/$kver/e2e-storm-initrd.gz" \
			"$BUILD/$kver/e2e-storm.log" -smp 4
	esac
	# genlfuzz as root, nobody, in a user and a network namespace; rmmod
	# and insmod under a relay, a held dump, an exec storm and the fuzzer
	case ,$guests, in *,fuzz,*)
		make_initramfs "$kver" "$BUILD/$kver/e2e-fuzz-initrd.gz" "$E2E_DIR/guest-fuzz.sh"
		guest "$kver fuzz" "$BUILD/$kver/e2e-fuzz-initrd.gz" "$BUILD/$kver/e2e-fuzz.log"
	esac
	echo "e2e $kver ($guests): $p passed, $f failed ($(( $(date +%s) - start ))s)"
	echo "$p $f" >"$BUILD/$kver/e2e.result"
}

jobs=${KW_JOBS:-$(nproc)}
pids=() kvers=()
for spec in "$@"; do
	kver=${spec%%:*} guests=main,storm,fuzz
	[ "$spec" = "$kver" ] || guests=${spec#*:}
	mkdir -p "$BUILD/$kver"
	rm -f "$BUILD/$kver/e2e.result"
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
	one_kernel "$kver" "$guests" >"$BUILD/$kver/e2e.out" 2>&1 &
	pids+=($!) kvers+=("$kver")
done
wait || true
total_pass=0 total_fail=0
for kver in "${kvers[@]}"; do
	cat "$BUILD/$kver/e2e.out"
	if [ -f "$BUILD/$kver/e2e.result" ]; then
		read -r p f <"$BUILD/$kver/e2e.result"
	else
		echo "FAIL [$kver] the run stopped early; log: $BUILD/$kver/e2e.out"
		p=0 f=1
	fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
