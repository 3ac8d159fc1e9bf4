# shellcheck shell=sh
# The detection engine on real programs: a real compile's driver and
# stages, a renamed driver caught by its stages, go only when it builds,
# a script's interpreter, and a chroot in a private mount namespace.
start_watch
IDT=$(hexid toolchain)
ROOTFS=/ctr/tc-rootfs ctr_run tc "/docker/$IDT" -- /bin/sh -c 'cd /tmp && cc -o hello /hello.c && ./hello'
IDR=$(hexid renamed)
ROOTFS=/ctr/tc-rootfs ctr_run ren "/docker/$IDR" -- /bin/sh -c \
	'cp /usr/bin/x86_64-linux-gnu-gcc-12 /tmp/x && cd /tmp && /tmp/x -o hello /hello.c'
IDG=$(hexid go)
ctr_run go "/docker/$IDG" -- /bin/sh -c \
	'/usr/bin/go version; /usr/bin/go build ./...; /usr/local/go/pkg/tool/linux_amd64/compile -o x.a; /usr/bin/compile'
IDI=$(hexid interp)
ctr_run interp "/docker/$IDI" -- /usr/local/bin/build-script
# a private mount namespace chrooted into another root is a container
unshare -m chroot /ctr/rootfs /usr/bin/kubectl version
stop_watch
# 5 compile + 4 renamed + 2 go + 1 interp + 1 chroot, and 2 new files
# run: the program the compile made, the driver's renamed copy
window_check 15

check "real compile: driver and stages" "as cc1 collect2 gcc ld.bfd " "$(pats "$IDT")"
check "real compile: cc resolves to the gcc driver" "/usr/bin/cc exe x86_64-linux-gnu-gcc-12" \
	"$(events_for "$IDT" | jq -r 'select(.match.pattern == "gcc") | [.process.filename, .match.on, .match.name] | join(" ")')"
check "real compile: cwd" "/tmp" "$(events_for "$IDT" | jq -r 'select(.match.pattern == "cc1") | .process.cwd')"
check "real compile: parent of cc1 is the driver" "x86_64-linux-gnu-gcc-12" \
	"$(events_for "$IDT" | jq -r 'select(.match.pattern == "cc1") | .parent.exe | split("/") | last')"
check "renamed driver: caught by its stages" "as cc1 collect2 ld.bfd " "$(pats "$IDR")"
check "the compiled program and the renamed driver are new files" "hello |x " "$(drifts "$IDT")|$(drifts "$IDR")"
check "go: only build and pkg/tool compile" "compile go " "$(pats "$IDG")"
check "go: the build verb" '["/usr/bin/go","build","./..."]' \
	"$(events_for "$IDG" | jq -c 'select(.match.pattern == "go") | .process.argv')"
check "script interpreter" "interp gcc /usr/local/bin/build-script" \
	"$(events_for "$IDI" | jq -r '[.match.on, .match.pattern, .process.filename] | join(" ")')"
check "chroot in a private mount namespace: container" "1 0" \
	"$(jq -c 'select(.container.id == "" and .rule == "container_mgmt")' /tmp/events.jsonl | jq -s -r '"\(length) \(.[0].container.pidns_level)"')"
