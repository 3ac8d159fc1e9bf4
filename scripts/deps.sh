#!/usr/bin/env bash
# Installs everything kwarden's build, tests, demo and benchmarks need on a
# Debian 12 host. Idempotent: packages already present are skipped by apt.
set -euo pipefail

pkgs=(
	build-essential make pkg-config kmod cpio gzip xz-utils file
	libnl-3-dev libnl-genl-3-dev libjson-c-dev check
	linux-headers-cloud-amd64 linux-headers-6.12-cloud-amd64
	linux-image-cloud-amd64 linux-image-6.12-cloud-amd64
	linux-headers-amd64 linux-headers-6.12-amd64
	linux-image-amd64 linux-image-6.12-amd64
	linux-headers-rt-amd64 linux-headers-6.12-rt-amd64
	linux-image-rt-amd64 linux-image-6.12-rt-amd64
	qemu-system-x86 busybox-static runc
	sparse dkms jq linux-source-6.1 openssl xz-utils clang
	# the e2e suite's debug kernels: Debian's sources and what builds them
	linux-source-6.12 bc flex bison libelf-dev libssl-dev dwarves
	# the real-runtime guest's runtimes (copied into its disk, never run
	# on this host) and the tool that builds its ext4 root
	docker.io containerd podman crun conmon golang-github-containers-common
	e2fsprogs
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# The runtimes' packages would start their daemons on this host: they are
# only copied into a guest. policy-rc.d keeps every service down while
# apt installs (unless the host already has a policy of its own).
own_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	own_policy=1
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod +x /usr/sbin/policy-rc.d
fi
rc=0
$SUDO apt-get install -y --no-install-recommends "${missing[@]}" || rc=$?
[ -z "$own_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d
exit $rc
