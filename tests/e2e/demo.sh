#!/usr/bin/env bash
# make demo: boots a guest, runs a container that compiles and calls
# kubectl, and shows kwarden's alerts. Usage: demo.sh KVER
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kver=${1:?usage: demo.sh KVER}
initrd=$BUILD/$kver/demo-initrd.gz log=$BUILD/$kver/demo.log
echo "Booting Debian's $kver kernel in QEMU (TCG, about a minute)..."
make_initramfs "$kver" "$initrd" "$E2E_DIR/demo-guest.sh"
boot "$kver" "$initrd" "$log"
sed -n '/Loading kwarden.ko/,/^KW-DMESG-BEGIN/p' "$log" | grep -v '^KW-DMESG-BEGIN' |
	grep -v '^\[ *[0-9.]*\] ' || true
grep -q '^KW-E2E-DONE rc=0' "$log" || { echo "demo failed; guest log: $log"; exit 1; }
dmesg_clean "$log" || { echo "kernel log has errors; guest log: $log"; exit 1; }
echo
echo "Demo done: kwarden.ko detected both in-container actions from the kernel."
