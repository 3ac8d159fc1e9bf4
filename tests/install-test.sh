#!/usr/bin/env bash
# make install into a DESTDIR, then module signing with a throwaway key.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
t() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }

d=$tmp/root
make -s -C "$top" install DESTDIR="$d" PREFIX=/usr >/dev/null
t "install: CLI" '[ -x "$d/usr/bin/kwarden" ] && "$d/usr/bin/kwarden" --version | grep -q "^kwarden "'
t "install: man page" '[ -f "$d/usr/share/man/man8/kwarden.8" ]'
t "install: systemd unit points at the CLI" 'grep -q "ExecStart=/usr/bin/kwarden watch --syslog" "$d/usr/lib/systemd/system/kwarden.service"'
t "install: modules-load.d" 'grep -qx kwarden "$d/etc/modules-load.d/kwarden.conf"'
t "install: modprobe.d" 'grep -q "options kwarden" "$d/etc/modprobe.d/kwarden.conf"'
t "install: default policy in /etc/kwarden" 'cmp -s "$top/dist/policy.conf" "$d/etc/kwarden/policy.conf"'
t "install: the default policy checks" '"$d/usr/bin/kwarden" policy check "$d/etc/kwarden/policy.conf" | grep -q ": ok: 4 rules, 115 names"'
t "install: reference copy of the default" 'cmp -s "$top/dist/policy.conf" "$d/usr/share/kwarden/policy.conf"'
t "install: unit loads the policy" 'grep -q "ExecStartPre=-/usr/bin/kwarden policy load /etc/kwarden/policy.conf" "$d/usr/lib/systemd/system/kwarden.service"'
echo "# edited" >>"$d/etc/kwarden/policy.conf"
echo "options kwarden mode=enforce" >"$d/etc/modprobe.d/kwarden.conf"
make -s -C "$top" install DESTDIR="$d" PREFIX=/usr >/dev/null
t "install: keeps an edited modprobe.d" 'grep -qx "options kwarden mode=enforce" "$d/etc/modprobe.d/kwarden.conf"'
t "install: keeps an edited policy" 'tail -1 "$d/etc/kwarden/policy.conf" | grep -qx "# edited"'
make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/usr >/dev/null
t "uninstall: CLI gone" '[ ! -e "$d/usr/bin/kwarden" ]'
t "uninstall: the operator's policy stays" '[ -f "$d/etc/kwarden/policy.conf" ]'

for kver in $("$top/scripts/kernels.sh"); do
	src=$top/build/$kver/kmod/kwarden.ko
	[ -f "$src" ] || { ko "sign $kver: no module (make modules)"; continue; }
	cp "$src" "$tmp/kwarden.ko"
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=kwarden test signer/" \
		-outform DER -keyout "$tmp/key.pem" -out "$tmp/cert.der" 2>/dev/null
	"$top/scripts/sign.sh" "$tmp/key.pem" "$tmp/cert.der" "$tmp/kwarden.ko" \
		"/usr/src/linux-headers-$kver" >/dev/null
	t "sign $kver: modinfo shows the signer" 'modinfo -F signer "$tmp/kwarden.ko" | grep -qx "kwarden test signer"'
	t "sign $kver: modinfo shows metadata" 'modinfo -F license "$tmp/kwarden.ko" | grep -qx GPL && modinfo -F parm "$tmp/kwarden.ko" | grep -q "^mode:"'
done
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
