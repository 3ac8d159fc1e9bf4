#!/usr/bin/env bash
# Shared by run.sh, demo.sh and bench.sh: builds a busybox initramfs with
# kwarden.ko, the CLI, runc, jq and a container rootfs, and boots it in
# QEMU (TCG: KVM hangs on this machine).
set -euo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$E2E_DIR/../.." && pwd)
BUILD=$TOP/build

# Copies binaries and every shared library ldd lists into root $1.
copy_with_libs() {
	local root=$1 bin lib
	shift
	for bin in "$@"; do
		mkdir -p "$root$(dirname "$bin")"
		cp -L "$bin" "$root$bin"
		for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
			mkdir -p "$root$(dirname "$lib")"
			cp -Ln "$lib" "$root$lib" 2>/dev/null || true
		done
	done
}

busybox_root() {
	local root=$1 a
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root}
	cp /bin/busybox "$root/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
	done
}

# make_initramfs KVER OUT GUEST_SCRIPT [EXTRA_SETUP_FUNCTION]
make_initramfs() {
	local kver=$1 out=$2 script=$3 setup=${4:-}
	local root=$BUILD/$kver/initramfs
	local ko=${KWARDEN_KO:-$BUILD/$kver/kmod/kwarden.ko}

	[ -f "$ko" ] || { echo "missing $ko: run make modules" >&2; return 1; }
	[ -x "$TOP/userland/kwarden" ] || { echo "missing userland/kwarden: run make cli" >&2; return 1; }
	rm -rf "$root"
	busybox_root "$root"
	cp "$ko" "$root/kwarden.ko"
	copy_with_libs "$root" "$TOP/userland/kwarden" /usr/sbin/runc /usr/bin/jq
	mv "$root$TOP/userland/kwarden" "$root/usr/bin/kwarden"

	gcc -static -nostdlib -O2 -o "$BUILD/noop" "$E2E_DIR/noop.c"
	cp "$BUILD/noop" "$root/usr/bin/gcc"

	# The container: a busybox rootfs holding stand-ins for the tools.
	busybox_root "$root/ctr/rootfs"
	cp "$BUILD/noop" "$root/ctr/rootfs/usr/bin/gcc"
	cp "$BUILD/noop" "$root/ctr/rootfs/usr/bin/kubectl"
	(cd "$root/ctr" && runc spec && mv config.json config.tmpl.json)

	cp "$E2E_DIR/guest-lib.sh" "$root/guest-lib.sh"
	cp "$script" "$root/tests.sh"
	[ -z "$setup" ] || "$setup" "$root" "$kver"
	cat >"$root/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup
echo "+pids +memory +cpu" > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
hostname kwarden-guest
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
sh /tests.sh
rc=$?
echo "KW-DMESG-BEGIN"
dmesg
echo "KW-DMESG-END"
echo "KW-E2E-DONE rc=$rc"
poweroff -f
INIT
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
}

# boot KVER INITRD LOG [extra qemu args...]
boot() {
	local kver=$1 initrd=$2 log=$3
	shift 3
	timeout "${KW_BOOT_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg -cpu max \
		-m 1024 -nographic -no-reboot -kernel "/boot/vmlinuz-$kver" \
		-initrd "$initrd" -append "console=ttyS0 quiet panic=-1" \
		"$@" </dev/null >"$log" 2>&1 || true
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
}

# Fails on anything in the guest's kernel log that must never happen.
dmesg_clean() {
	local log=$1
	sed -n '/^KW-DMESG-BEGIN/,/^KW-DMESG-END/p' "$log" |
		grep -E 'BUG:|WARNING:|Oops|Call Trace|RCU stall|rcu_sched self-detected|rcu: INFO|lockdep|possible circular locking|general protection fault|Kernel panic|UBSAN|KASAN' && return 1
	return 0
}
