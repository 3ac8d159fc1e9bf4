#!/usr/bin/env bash
# Prints the Debian cloud kernels this machine can test kwarden against:
# those with both a bootable image in /boot and matching kbuild headers.
set -euo pipefail
for img in /boot/vmlinuz-*-cloud-amd64; do
	[ -e "$img" ] || continue
	kver=${img#/boot/vmlinuz-}
	[ -e "/usr/src/linux-headers-$kver/Makefile" ] && echo "$kver"
done | sort -V
