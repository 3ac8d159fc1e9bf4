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

# A second container rootfs with the host's real C toolchain (gcc 12,
# binutils, glibc's crt files): enough to compile and link hello.c.
add_toolchain() {
	local root=$1/ctr/tc-rootfs gdir=/usr/lib/gcc/x86_64-linux-gnu/12
	local mdir=/usr/lib/x86_64-linux-gnu f
	busybox_root "$root"
	copy_with_libs "$root" /usr/bin/x86_64-linux-gnu-gcc-12 "$gdir/cc1" \
		"$gdir/collect2" "$gdir/lto-wrapper" /usr/bin/x86_64-linux-gnu-as \
		/usr/bin/x86_64-linux-gnu-ld.bfd "$gdir/liblto_plugin.so"
	for f in crtbegin.o crtbeginS.o crtend.o crtendS.o libgcc.a libgcc_eh.a libgcc_s.so; do
		cp -L "$gdir/$f" "$root$gdir/"
	done
	mkdir -p "$root$mdir"
	for f in crt1.o crti.o crtn.o Scrt1.o libc.so libc_nonshared.a libc.so.6 libgcc_s.so.1; do
		cp -L "$mdir/$f" "$root$mdir/" 2>/dev/null || cp -L "/lib/x86_64-linux-gnu/$f" "$root$mdir/"
	done
	mkdir -p "$root/usr/include" "$root$gdir/include"
	cp /usr/include/stdc-predef.h "$root/usr/include/"
	# merged /usr, as on Debian: a relocated driver finds ../lib/gcc
	for f in lib lib64; do
		if [ -d "$root/$f" ] && [ ! -L "$root/$f" ]; then
			mkdir -p "$root/usr/$f"
			cp -a "$root/$f/." "$root/usr/$f/"
			rm -rf "${root:?}/$f"
		fi
		ln -sfn "usr/$f" "$root/$f"
	done
	ln -sf x86_64-linux-gnu-gcc-12 "$root/usr/bin/gcc"
	ln -sf x86_64-linux-gnu-gcc-12 "$root/usr/bin/cc"
	ln -sf x86_64-linux-gnu-as "$root/usr/bin/as"
	ln -sf x86_64-linux-gnu-ld.bfd "$root/usr/bin/ld"
	ln -sf x86_64-linux-gnu-ld.bfd "$root/usr/bin/x86_64-linux-gnu-ld"
	echo 'int main(void) { return 0; }' >"$root/hello.c"
}

# The guests' test programs, in $BIN. Guests of several kernels are made
# at once: each program is built aside and renamed into place, so a copy
# never sees half a file.
BIN=$BUILD/bin
build_helpers() {
	local tmp
	mkdir -p "$BIN"
	tmp=$(mktemp -d "$BIN/.tmp.XXXXXX")
	gcc -static -nostdlib -O2 -o "$tmp/noop" "$E2E_DIR/noop.c"
	gcc -static -O2 -o "$tmp/execbench" "$E2E_DIR/execbench.c"
	gcc -static -O2 -Wall -Wextra -Werror -o "$tmp/argvexec" "$E2E_DIR/argvexec.c"
	gcc -static -O2 -Wall -Wextra -Werror -o "$tmp/cgexec" "$E2E_DIR/cgexec.c"
	gcc -static -O2 -Wall -Wextra -Werror -o "$tmp/fdexec" "$E2E_DIR/fdexec.c"
	# shellcheck disable=SC2046
	gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -o "$tmp/rawpolicy" \
		-I"$TOP/include" -I"$TOP/kmod" -I"$TOP/userland" "$E2E_DIR/rawpolicy.c" \
		"$TOP/userland/nl.c" $(pkg-config --cflags --libs libnl-genl-3.0 json-c)
	# the generic netlink fuzzer: raw sockets, static, no libraries
	gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -static -I"$TOP/include" \
		-o "$tmp/genlfuzz" "$E2E_DIR/genlfuzz.c"
	mv -f "$tmp"/* "$BIN/"
	rmdir "$tmp"
}

# make_initramfs KVER OUT GUEST_SCRIPT [EXTRA_SETUP_FUNCTION]
# The real runtimes, Debian 12's: docker 20.10 on containerd 1.6 (with
# ctr and its runc shim), podman 4.3 with crun and conmon; their configs;
# and an image to run: the container rootfs below as a tarball, which
# each runtime imports (no registry, no network).
# copy_ko KVER NAME OUT: one of KVER's own modules, uncompressed
copy_ko() {
	local f
	f=$(find "/lib/modules/$1/kernel" -name "$2.ko*" | head -1)
	[ -n "$f" ] || { echo "missing $2.ko for $1" >&2; return 1; }
	case $f in
	*.xz) xz -dc "$f" >"$3" ;;
	*.zst) zstd -dcq "$f" >"$3" ;;
	*) cp "$f" "$3" ;;
	esac
}

RUNTIME_BINS=(/usr/sbin/dockerd /usr/bin/docker /usr/bin/containerd
	/usr/bin/containerd-shim-runc-v2 /usr/bin/ctr /usr/bin/podman
	/usr/bin/crun /usr/bin/conmon)
add_runtimes() {
	local root=$1 kver=$2 f
	for f in "${RUNTIME_BINS[@]}"; do
		[ -x "$f" ] || { echo "missing $f: run scripts/deps.sh" >&2; return 1; }
	done
	copy_with_libs "$root" "${RUNTIME_BINS[@]}"
	# overlayfs is a module in Debian's kernels; the images' layers need it
	copy_ko "$kver" overlay "$root/overlay.ko"
	mkdir -p "$root/etc/containers" "$root/usr/share/containers" "$root/images"
	cp /etc/containers/policy.json /etc/containers/registries.conf "$root/etc/containers/"
	cp /usr/share/containers/containers.conf /usr/share/containers/seccomp.json \
		"$root/usr/share/containers/"
	# what containers/storage and the CNI-less podman need to find
	printf '[storage]\ndriver = "overlay"\nrunroot = "/run/containers/storage"\ngraphroot = "/var/lib/containers/storage"\n' \
		>"$root/etc/containers/storage.conf"
	(cd "$root/ctr/rootfs" && tar -cf "$root/images/bb.tar" .)
}

# make_initramfs KVER OUT SCRIPT [SETUP]: the guest's tree (guest_tree)
# packed as a gzipped initramfs
make_initramfs() {
	local root=$BUILD/$1/root-$(basename "$2" .gz)
	guest_tree "$root" "$1" "$3" "${4:-}"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$2"
}

# make_disk KVER OUT SCRIPT [SETUP]: the guest's tree as an ext4 image,
# made without root or a loop device (mke2fs -d), for what is too big for
# an initramfs: both cloud kernels boot it from NVMe with no initramfs
make_disk() {
	local root=$BUILD/$1/root-$(basename "$2" .img) size
	guest_tree "$root" "$1" "$3" "${4:-}"
	# the tree, and room for the runtimes' images, layers and state
	size=$(($(du -sm "$root" | cut -f1) + 768))
	rm -f "$2"
	mke2fs -q -t ext4 -L kwroot -d "$root" "$2" "${size}M"
}

# guest_tree ROOT KVER SCRIPT SETUP: busybox, kwarden.ko, the CLI, runc,
# jq, the test helpers, a container rootfs with stand-ins for the tools,
# the features, SCRIPT as /tests.sh and an /init that runs it; then
# SETUP ROOT KVER adds what a guest needs beyond that.
guest_tree() {
	local root=$1 kver=$2 script=$3 setup=${4:-}
	local ko=${KWARDEN_KO:-$BUILD/$kver/kmod/kwarden.ko} f

	[ -f "$ko" ] || { echo "missing $ko: run make modules" >&2; return 1; }
	[ -x "$TOP/userland/kwarden" ] || { echo "missing userland/kwarden: run make cli" >&2; return 1; }
	rm -rf "$root"
	busybox_root "$root"
	cp "$ko" "$root/kwarden.ko"
	# a module in Debian's kernels (built in on the debug ones): the
	# attacker's binfmt_misc case
	[ ! -d "/lib/modules/$kver/kernel" ] ||
		copy_ko "$kver" binfmt_misc "$root/binfmt_misc.ko"
	copy_with_libs "$root" "$TOP/userland/kwarden" /usr/sbin/runc /usr/bin/jq
	mv "$root$TOP/userland/kwarden" "$root/usr/bin/kwarden"

	build_helpers
	copy_with_libs "$root" "$BIN/rawpolicy"
	mkdir -p "$root/usr/bin" && mv "$root$BIN/rawpolicy" "$root/usr/bin/rawpolicy"
	cp "$TOP/dist/policy.conf" "$root/policy.conf"
	cp "$BIN/noop" "$root/usr/bin/gcc"
	cp "$BIN/noop" "$root/usr/bin/noop"
	cp "$BIN/execbench" "$root/usr/bin/execbench"
	cp "$BIN/noop" "$root/usr/bin/go"
	cp "$BIN/argvexec" "$BIN/cgexec" "$BIN/genlfuzz" "$root/usr/bin/"

	# The container: a busybox rootfs holding stand-ins for the tools.
	busybox_root "$root/ctr/rootfs"
	cp "$BIN/noop" "$root/ctr/rootfs/usr/bin/gcc"
	cp "$BIN/noop" "$root/ctr/rootfs/usr/bin/kubectl"
	# stand-ins for the broader default policy's names (features/names.sh)
	for f in curl java llc-14 python3.11 istioctl llvm-symbolizer; do
		cp "$BIN/noop" "$root/ctr/rootfs/usr/bin/$f"
	done
	copy_with_libs "$root/ctr/rootfs" "$TOP/userland/kwarden"
	mv "$root/ctr/rootfs$TOP/userland/kwarden" "$root/ctr/rootfs/usr/bin/kwarden"
	printf 'root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	cp "$BIN/noop" "$root/ctr/rootfs/usr/bin/noop"
	cp "$BIN/execbench" "$root/ctr/rootfs/usr/bin/execbench"
	cp "$BIN/argvexec" "$root/ctr/rootfs/usr/bin/argvexec"
	cp "$BIN/fdexec" "$root/ctr/rootfs/usr/bin/fdexec"
	cp "$BIN/noop" "$root/ctr/rootfs/usr/bin/go"
	cp "$BIN/noop" "$root/ctr/rootfs/usr/bin/compile"
	mkdir -p "$root/ctr/rootfs/usr/local/go/pkg/tool/linux_amd64" "$root/ctr/rootfs/usr/local/bin"
	cp "$BIN/noop" "$root/ctr/rootfs/usr/local/go/pkg/tool/linux_amd64/compile"
	# an image file that binfmt_misc hands to an interpreter (by its .kwx)
	cp "$BIN/noop" "$root/ctr/rootfs/usr/local/bin/tool.kwx"
	printf '#!/usr/bin/gcc\n' >"$root/ctr/rootfs/usr/local/bin/build-script"
	printf '#!/bin/sh\nexec /usr/bin/noop\n' >"$root/ctr/rootfs/usr/local/bin/image-script"
	chmod +x "$root/ctr/rootfs/usr/local/bin/image-script"
	chmod +x "$root/ctr/rootfs/usr/local/bin/build-script"
	(cd "$root/ctr" && runc spec && mv config.json config.tmpl.json)

	cp "$E2E_DIR/guest-lib.sh" "$root/guest-lib.sh"
	# the features and their runner (guest-tests.sh and the others name
	# which features a guest runs)
	cp "$E2E_DIR/features.sh" "$root/features.sh"
	cp -r "$E2E_DIR/features" "$root/features"
	# How much slower than a stock kernel this guest's kernel runs (a
	# debug kernel: KASAN, lockdep, kmemleak): guest-lib.sh's slow() and
	# scaled() stretch timeouts and shrink volumes by it.
	echo "KW_SLOW=${KW_SLOW:-1}" >"$root/etc/kw-guest.env"
	# all, or kernel: the main guest's features (guest-tests.sh)
	echo "KW_MAIN_FEATURES=${KW_MAIN_FEATURES:-all}" >>"$root/etc/kw-guest.env"
	cp "$script" "$root/tests.sh"
	[ -z "$setup" ] || "$setup" "$root" "$kver"
	cat >"$root/init" <<'INIT'
#!/bin/sh
# the firmware's last escape codes have no newline: start a line of our own
echo
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
# A kmemleak kernel (the debug leg; /sys/module/kmemleak exists only
# there): two scans 5 s apart, each reporting only objects at least 5 s
# old and still unreferenced, so what is printed survived both.
if [ -d /sys/module/kmemleak ]; then
	[ -e /sys/kernel/debug/kmemleak ] || mount -t debugfs debugfs /sys/kernel/debug
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
fi
echo "KW-DMESG-BEGIN"
dmesg
[ ! -e /sys/kernel/debug/kmemleak ] || cat /sys/kernel/debug/kmemleak
echo "KW-DMESG-END"
echo "KW-E2E-DONE rc=$rc"
# QEMU runs with -no-reboot: a reset ends it, with or without ACPI
reboot -f
INIT
	chmod +x "$root/init"
}

# guest LABEL INITRD LOG [qemu args]: boots, then adds to $p and $f (the
# caller's) what the guest passed and failed, a guest that never finished
# and a dirty dmesg.
guest() {
	local label=$1 initrd=$2 log=$3 kv=${1%% *} np nf gp t0
	shift 3
	t0=$(date +%s)
	boot "$kv" "$initrd" "$log" "$@"
	echo "[$label] guest ran $(($(date +%s) - t0))s"
	np=$(grep -c '^PASS ' "$log" || true)
	nf=$(grep -c '^FAIL ' "$log" || true)
	grep -E '^(PASS|FAIL) ' "$log" | sed "s/^/[$label] /"
	# the guest's own count (guest-lib.sh's finish) must agree with ours
	gp=$(sed -n 's/^guest: \([0-9]*\) passed, [0-9]* failed$/\1/p' "$log" | tail -1)
	if [ -n "$gp" ] && [ "$gp" != "$np" ]; then
		echo "FAIL [$label] the guest counted $gp checks passed, its log shows $np"
		nf=$((nf + 1))
	fi
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

# boot KVER INITRD|DISK LOG [extra qemu args...]: an initramfs, or an
# ext4 image (*.img) on NVMe, written to a throwaway overlay (snapshot=on)
boot() {
	local kver=$1 initrd=$2 log=$3 media
	shift 3
	case $initrd in
	*.img)
		media=(-drive "file=$initrd,if=none,id=d0,format=raw,snapshot=on"
			-device nvme,drive=d0,serial=kwroot
			-append "console=ttyS0 quiet panic=-1 root=/dev/nvme0n1 rw rootwait init=/init") ;;
	*) media=(-initrd "$initrd" -append "console=ttyS0 quiet panic=-1") ;;
	esac
	timeout "${KW_BOOT_TIMEOUT:-600}" qemu-system-x86_64 -accel "${KW_ACCEL:-tcg}" -cpu max \
		-m "${KW_MEM:-1024}" -nographic -no-reboot -kernel "${KW_KERNEL_IMAGE:-/boot/vmlinuz-$kver}" \
		"${media[@]}" "$@" </dev/null >"$log" 2>&1 || true
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
}

# Fails on anything in the guest's kernel log that must never happen.
# Besides oopses and warnings: the debug kernel's reports (kmemleak's
# listing is in the block too), among them SLUB_DEBUG's "BUG cache
# (Not tainted): reason" and a kmemleak that switched itself off. The one
# line left out is PROVE_RCU's boot banner "rcu: RCU lockdep checking is
# enabled.", which is no report.
dmesg_clean() {
	local log=$1
	sed -n '/^KW-DMESG-BEGIN/,/^KW-DMESG-END/p' "$log" |
		grep -v -E '^\[ *[0-9]+\.[0-9]+\] rcu:[[:space:]]+RCU lockdep checking is enabled\.$' |
		grep -E 'BUG:|WARNING:|Oops|Call Trace|RCU stall|rcu_sched self-detected|rcu: INFO|lockdep|possible circular locking|general protection fault|Kernel panic|UBSAN|KASAN|unreferenced object|sleeping function called from invalid context|soft lockup|blocked for more than|suspicious RCU usage|inconsistent lock state|possible recursive locking|circular locking|DEBUG_LOCKS_WARN_ON|Workqueue watchdog|workqueue lockup|ODEBUG|BUG [^ ]+ \((Not tainted|Tainted: [^)]*)\): |kmemleak: Kernel memory leak detector disabled' && return 1
	return 0
}
