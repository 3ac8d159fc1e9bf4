# shellcheck shell=sh
# An attacker who knows kwarden matches names, inside a container: each
# way around the names, with what must happen in detect and in enforce
# mode, and what must stay silent. (The README's "Hard to fool" table
# lists each case and the rule that catches it.)
L=/lib64/ld-linux-x86-64.so.2
AS=/usr/bin/x86_64-linux-gnu-as

# the dynamic loader runs the program: ld.so AS, its options first, the
# musl reading of "--", a relative path, a symlink to the loader, a #!
# line naming the loader and the program; --list and --verify run nothing
start_watch
IDL=$(hexid attacker-loader)
# (one line: ctr_run passes its arguments by lines)
ROOTFS=/ctr/tc-rootfs ctr_run ld "/docker/$IDL" -- /bin/sh -c "$L $AS --version >/dev/null; $L --library-path /lib/x86_64-linux-gnu --inhibit-cache --argv0 cc $AS --version >/dev/null; $L -- $AS --version >/dev/null 2>&1; cd /usr/bin && $L ./x86_64-linux-gnu-as --version >/dev/null; ln -s $L /tmp/helper && /tmp/helper $AS --version >/dev/null; printf '#!$L $AS\\n' >/tmp/s.s && chmod +x /tmp/s.s && /tmp/s.s >/dev/null 2>&1; $L --list $AS >/dev/null; $L --verify $AS; $L /bin/busybox true 2>/dev/null; true"
IDK=$(hexid attacker-loader-kubectl)
ctr_run ldk "/docker/$IDK" -- /bin/sh -c "$L /usr/bin/kubectl get pods 2>/dev/null; true"
stop_watch
# 6 by the loader, the #! script itself as new (drift), kubectl twice
window_check 9
check "loader: ld.so AS, its options, --, ./AS, a symlink, #!: each caught" \
	"loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as" \
	"$(events_for "$IDL" | jq -r 'select(.match.on == "loader") | [.match.on, .match.name, .match.pattern] | join(" ")' | tr '\n' '|' | sed 's/|$//')"
check "loader: the #! script written at run time is new" "new_executable s.s" \
	"$(events_for "$IDL" | jq -r 'select(.match.on == "drift") | .rule + " " + .match.name')"
check "loader: the event keeps the loader as exe and the whole argv" \
	"ld-linux-x86-64.so.2|[\"$L\",\"$AS\",\"--version\"]" \
	"$(events_for "$IDL" | head -1 | jq -r '(.process.exe | split("/") | last) + "|" + (.process.argv | tojson)')"
check "loader: a #! line naming the loader and the program" "$L" \
	"$(events_for "$IDL" | jq -r 'select(.process.filename == "/tmp/s.s") | .process.interp')"
# glibc's loader runs a static program by exec'ing it: that exec is its own
check "loader: kubectl run by the loader, then as glibc execs it" \
	"container_mgmt loader kubectl|container_mgmt exe kubectl" \
	"$(events_for "$IDK" | jq -r '[.rule, .match.on, .match.name] | join(" ")' | tr '\n' '|' | sed 's/|$//')"

# enforce: the program a loader runs is killed before its first
# instruction; --list still runs
kwarden mode enforce
start_watch
IDE=$(hexid attacker-loader-enforce)
ROOTFS=/ctr/tc-rootfs ctr_run lde "/docker/$IDE" -- /bin/sh -c "$L $AS --version >/dev/null; echo ld-rc=\$?; $L --list $AS >/dev/null; echo list-rc=\$?" >/tmp/att.out 2>&1
kwarden mode detect
stop_watch
window_check 1
check "enforce: ld.so AS is killed" 1 "$(grep -c 'ld-rc=137' /tmp/att.out)"
check "enforce: ld.so --list AS runs" 1 "$(grep -c 'list-rc=0' /tmp/att.out)"
check "enforce: reported blocked" "blocked loader" \
	"$(events_for "$IDE" | jq -r '.action + " " + .match.on')"

# past what the module reads of a loader's argv (128 KiB), the program
# it runs cannot be named: the finding fails closed, to the policy's
# first rule that is on, with the loader's own name and no pattern, and
# that rule's exceptions; in enforce mode the program is killed
start_watch
IDC=$(hexid attacker-loader-closed)
ctr_run ldc "/docker/$IDC" -- /bin/sh -c "argvexec $L 8 --library-path @70000 --library-path @70000 /usr/bin/noop; echo closed-rc=\$?" >/tmp/att3.out 2>&1
kwarden mode enforce
ctr_run ldc2 "/docker/$IDC" -- /bin/sh -c "argvexec $L 8 --library-path @70000 --library-path @70000 /usr/bin/noop; echo closed-rc=\$?" >>/tmp/att3.out 2>&1
# an exception for the rule it falls to still applies, in enforce too
{ cat /policy.conf; printf '[exception loader-closed]\nrules = compiler\ncontainer = %s\n' "$IDC"; } >/tmp/ldc.conf
kwarden policy load /tmp/ldc.conf
ctr_run ldc3 "/docker/$IDC" -- /bin/sh -c "argvexec $L 8 --library-path @70000 --library-path @70000 /usr/bin/noop; echo closed-rc=\$?" >>/tmp/att3.out 2>&1
kwarden policy reset
kwarden mode detect
stop_watch
window_check 2
check "loader: options past 128 KiB fail closed, then are blocked" \
	"compiler loader ld-linux-x86-64.so.2  alert|compiler loader ld-linux-x86-64.so.2  blocked" \
	"$(events_for "$IDC" | jq -r '[.rule, .match.on, .match.name, .match.pattern, .action] | join(" ")' | tr '\n' '|' | sed 's/|$//')"
check "loader: fail closed: detect runs it, enforce kills it, excepted runs" "closed-rc=0|closed-rc=137|closed-rc=0" \
	"$(grep -a 'closed-rc=' /tmp/att3.out | tr '\n' '|' | sed 's/|$//')"

# drift: what the container wrote itself runs (new_executable): a copy, a
# copy of a client under a harmless name, a hard link of a compiler, a #!
# script written at run time, a deep path, a 255-byte name, a symlink to
# a copy. Image files and an image script stay silent, and so does an
# interpreter reading a new script (no exec of it: a documented limit).
LONG=$(head -c 255 /dev/zero | tr '\0' a)
start_watch
IDD=$(hexid attacker-drift)
ctr_run drift "/docker/$IDD" -- /bin/sh -c "cp /usr/bin/noop /tmp/x && /tmp/x; cp /usr/bin/kubectl /tmp/helper && /tmp/helper get pods; ln /usr/bin/gcc /tmp/cc-link && /tmp/cc-link; printf '#!/bin/sh\ntrue\n' >/tmp/s.sh && chmod +x /tmp/s.sh && /tmp/s.sh; mkdir -p /tmp/a/b/c/d/e/f/g/h && cp /usr/bin/noop /tmp/a/b/c/d/e/f/g/h/deep && /tmp/a/b/c/d/e/f/g/h/deep; cp /usr/bin/noop /tmp/$LONG && /tmp/$LONG; ln -s /tmp/x /tmp/sym && /tmp/sym; /bin/ls / >/dev/null; sh /tmp/s.sh; /usr/bin/noop; /usr/local/bin/image-script"
stop_watch
window_check 7
check "drift: a copy, a client's copy, a hard link, a #! script, deep, 255 bytes, a symlink" \
	"x helper cc-link s.sh deep $LONG x" \
	"$(events_for "$IDD" | jq -r 'select(.rule == "new_executable" and .match.on == "drift") | .match.name' | tr '\n' ' ' | sed 's/ $//')"
check "drift: the event says why, and both times" "changed after the container started true" \
	"$(events_for "$IDD" | head -1 | jq -r '.match.pattern + " " + ((.match.file_ctime > .match.container_start) and (.match.container_start != "") | tostring)')"
check "drift: the exe of a symlink is the copy" "/tmp/x" \
	"$(events_for "$IDD" | jq -r 'select(.process.filename == "/tmp/sym") | .process.exe')"

# (a pid namespace of the attacker's own: features/drift.sh, in the
# real-runtime guest; user namespaces need a pivot_root, not a chroot)

# an interpreter the kernel chooses, that the container wrote: a #! line
# naming a hard link of gcc (the new script, then the link), and
# binfmt_misc handing an image file to a copy (the copy alone); one
# exec's findings arrive in no set order (task work runs the last first)
[ ! -f /binfmt_misc.ko ] || insmod /binfmt_misc.ko
mount -t binfmt_misc none /proc/sys/fs/binfmt_misc
echo ':kwcopy:E::kwx::/tmp/interp:' >/proc/sys/fs/binfmt_misc/register
check "binfmt_misc: a format registered" enabled "$(head -1 /proc/sys/fs/binfmt_misc/kwcopy 2>&1)"
start_watch
IDI=$(hexid attacker-interp)
ctr_run in "/docker/$IDI" -- /bin/sh -c "ln /usr/bin/gcc /tmp/gl && printf '#!/tmp/gl\n' >/tmp/h.sh && chmod +x /tmp/h.sh && /tmp/h.sh; cp /usr/bin/noop /tmp/interp && /usr/local/bin/tool.kwx; echo misc-rc=\$?" >/tmp/att5.out 2>&1
stop_watch
echo -1 >/proc/sys/fs/binfmt_misc/kwcopy
umount /proc/sys/fs/binfmt_misc
window_check 3
check "interp: a #! naming a hard link; binfmt_misc's copied interpreter" \
	"exe h.sh|interp gl|interp interp|misc-rc=0" \
	"$(events_for "$IDI" | jq -r 'select(.match.on == "drift") | .process.interp as $i | (if $i == "" then "exe " else "interp " end) + .match.name' | sort | tr '\n' '|')$(grep -a misc-rc /tmp/att5.out)"

# a copied gcc driver whose stages are copied and renamed too (-B PREFIX
# makes it run PREFIXcc1 and PREFIXas): every one of them is new; so is
# a copy of the loader, which no longer has a loader's name
start_watch
IDB=$(hexid attacker-bprefix)
G=/usr/lib/gcc/x86_64-linux-gnu/12
ROOTFS=/ctr/tc-rootfs ctr_run bp "/docker/$IDB" -- /bin/sh -c "mkdir -p /tmp/t && cp /usr/bin/x86_64-linux-gnu-gcc-12 /tmp/t/x && cp $G/cc1 /tmp/t/pre-cc1 && cp $AS /tmp/t/pre-as && cd /tmp && /tmp/t/x -B/tmp/t/pre- -c /hello.c -o /tmp/h.o; cp $L /tmp/t/l && /tmp/t/l $AS --version >/dev/null"
stop_watch
window_check 4
check "-B prefix: the copied driver and its renamed stages; a copied loader" "x pre-cc1 pre-as l" \
	"$(events_for "$IDB" | jq -r 'select(.match.on == "drift") | .match.name' | tr '\n' ' ' | sed 's/ $//')"

# fileless: a memfd (even one named like a compiler) and a deleted file
# say fileless_exec; execveat() of a real file and its /proc/self/fd path
# still match by that file's name
start_watch
IDF=$(hexid attacker-fileless)
ctr_run fl "/docker/$IDF" -- /bin/sh -c "fdexec memfd:payload /usr/bin/noop; fdexec memfd:gcc /usr/bin/noop; fdexec deleted /usr/bin/noop; fdexec fd /usr/bin/gcc; fdexec procfd /usr/bin/kubectl get pods; true"
stop_watch
window_check 5
check "fileless: memfd, memfd named gcc, deleted" \
	"fileless_exec fileless memfd:payload memfd|fileless_exec fileless memfd:gcc memfd|fileless_exec fileless noop.tmp deleted" \
	"$(events_for "$IDF" | jq -r 'select(.rule == "fileless_exec") | [.rule, .match.on, .match.name, .match.pattern] | join(" ")' | tr '\n' '|' | sed 's/|$//')"
check "fileless: execveat and /proc/self/fd match the file's name" "compiler exe gcc|container_mgmt exe kubectl" \
	"$(events_for "$IDF" | jq -r 'select(.rule != "fileless_exec") | [.rule, .match.on, .match.name] | join(" ")' | tr '\n' '|' | sed 's/|$//')"

# enforce, with both rules set to block: the exec fails before the
# program runs; an image file still runs
sed 's/^action = alert$/action = block/' /policy.conf >/tmp/blockall.conf
kwarden policy load /tmp/blockall.conf
check "policy load: drift and fileless set to block" 0 "$?"
kwarden mode enforce
start_watch
IDB=$(hexid attacker-block)
ctr_run blk "/docker/$IDB" -- /bin/sh -c "cp /usr/bin/noop /tmp/x && /tmp/x; echo drift-rc=\$?; fdexec memfd:payload /usr/bin/noop; echo memfd-rc=\$?; /usr/bin/noop; echo image-rc=\$?" >/tmp/att2.out 2>&1
kwarden mode detect
stop_watch
kwarden policy reset
window_check 2
check "enforce: a new file is refused" 1 "$(grep -c 'drift-rc=126' /tmp/att2.out)"
check "enforce: a memfd is refused" 1 "$(grep -c 'memfd-rc=127' /tmp/att2.out)"
check "enforce: an image file runs" 1 "$(grep -c 'image-rc=0' /tmp/att2.out)"
check "enforce: both reported blocked" "new_executable blocked|fileless_exec blocked" \
	"$(events_for "$IDB" | jq -r '.rule + " " + .action' | tr '\n' '|' | sed 's/|$//')"
