#!/usr/bin/env bash
# Signs a kwarden.ko with the kernel's sign-file, for Secure Boot or
# module.sig_enforce=1. Usage: sign.sh KEY CERT MODULE [KDIR]
set -euo pipefail
key=$1 cert=$2 ko=$3 kdir=${4:-/lib/modules/$(uname -r)/build}
sf=""
for c in "$kdir/scripts/sign-file" /usr/lib/linux-kbuild-*/scripts/sign-file; do
	[ -x "$c" ] && { sf=$c; break; }
done
[ -n "$sf" ] || { echo "sign: no sign-file (install linux-kbuild / kernel-devel)" >&2; exit 1; }
[ -r "$key" ] && [ -r "$cert" ] || { echo "sign: need $key and $cert (dkms generates them; or: openssl req -new -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=kwarden -outform DER -keyout KEY -out CERT)" >&2; exit 1; }
"$sf" sha256 "$key" "$cert" "$ko"
echo "signed $ko"
