#!/usr/bin/env bash
# Prints the Debian kernels of one flavour this machine can test kwarden
# against: those with both a bootable image in /boot and matching kbuild
# headers. Usage: kernels.sh [cloud|generic|rt] (default cloud).
set -euo pipefail
flavour=${1:-cloud}
for img in /boot/vmlinuz-*; do
	[ -e "$img" ] || continue
	kver=${img#/boot/vmlinuz-}
	case $flavour:$kver in
	cloud:*-cloud-amd64 | rt:*-rt-amd64) ;;
	generic:*-cloud-amd64 | generic:*-rt-amd64) continue ;;
	generic:*-amd64) ;;
	*) continue ;;
	esac
	[ -e "/usr/src/linux-headers-$kver/Makefile" ] && echo "$kver"
done | sort -V
