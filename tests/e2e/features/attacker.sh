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
# 6 by the loader, kubectl twice (below)
window_check 8
check "loader: ld.so AS, its options, --, ./AS, a symlink, #!: each caught" \
	"loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as|loader x86_64-linux-gnu-as as" \
	"$(events_for "$IDL" | jq -r '[.match.on, .match.name, .match.pattern] | join(" ")' | tr '\n' '|' | sed 's/|$//')"
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
