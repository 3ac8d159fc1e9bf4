#!/usr/bin/env bash
# make demo: boots the real-runtime guest (docker, containerd), runs
# containers that compile and call kubectl, and shows kwarden's alerts
# with their containers' names and images. Usage: demo.sh KVER
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kver=${1:?usage: demo.sh KVER}
disk=$BUILD/$kver/demo.img log=$BUILD/$kver/demo.log
echo "Booting Debian's $kver kernel in QEMU with docker and containerd (TCG, about two minutes)..."
make_disk "$kver" "$disk" "$E2E_DIR/demo-guest.sh" add_runtimes
KW_BOOT_TIMEOUT=900 boot "$kver" "$disk" "$log"
rm -f "$disk"
sed -n '/Starting containerd/,/^KW-DMESG-BEGIN/p' "$log" | grep -v '^KW-DMESG-BEGIN' |
	grep -v '^\[ *[0-9.]*\] ' || true
grep -q '^KW-E2E-DONE rc=0' "$log" || { echo "demo failed; guest log: $log"; exit 1; }
dmesg_clean "$log" || { echo "kernel log has errors; guest log: $log"; exit 1; }
echo
echo "Demo done: kwarden.ko detected the in-container actions from the kernel; the relay named their containers from the runtimes' state."
