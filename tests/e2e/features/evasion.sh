# shellcheck shell=sh
# An attacker's ways around a block or an alert: a container's entrypoint
# is the init of its pid namespace, which ignores a signal sent as from
# inside; argv[0] of 5,000 bytes pushed "build" past what the condition
# read; a '*' byte in a name stopped the glob; a host task that wrote
# itself into a container cgroup passed for the runtime.
kwarden mode enforce
start_watch
IDP1=$(hexid pid1-go)
ctr_run p1 "/docker/$IDP1" -- /usr/bin/go build ./...
P1RC=$?
unshare -p -f /usr/bin/go build ./...
UNSRC=$?
IDLA=$(hexid long-argv0)
ctr_run la "/docker/$IDLA" -- /bin/sh -c 'argvexec /usr/bin/go 5000 build ./...; echo "long-rc=$?"; argvexec /usr/bin/go 5000 version; echo "longv-rc=$?"; argvexec /usr/bin/go 100000 version @40000; echo "huge-rc=$?"' >/tmp/la.out 2>&1
kwarden mode detect
stop_watch
check "enforce: a container's init (go build entrypoint) is killed" 137 "$P1RC"
check "enforce: pid 1 of a new pid namespace is killed" 137 "$UNSRC"
check "enforce: pid 1 kills reported blocked" "blocked|blocked" \
	"$(events_for "$IDP1" | jq -r .action)|$(jq -r 'select(.match.pattern == "go" and .container.id == "") | .action' /tmp/events.jsonl)"
check "enforce: go build behind a 5,000-byte argv[0] is killed" 1 "$(grep -c 'long-rc=137' /tmp/la.out)"
check "enforce: go version behind a 5,000-byte argv[0] runs" 1 "$(grep -c 'longv-rc=0' /tmp/la.out)"
check "enforce: an argv past what is checked fails closed" 1 "$(grep -c 'huge-rc=137' /tmp/la.out)"
check "long argv: events say blocked and truncated" "blocked true|blocked true" \
	"$(events_for "$IDLA" | jq -r '"\(.action) \(.process.argv_truncated)"' | tr '\n' '|' | sed 's/|$//')"

{ cat /policy.conf; printf '[rule custom_tools]\nnames = evil*\n'; } >/tmp/star.conf
kwarden policy load /tmp/star.conf
check "policy load: glob rule" 0 "$?"
IDST=$(hexid star-bytes)
CG=/sys/fs/cgroup/docker/$(hexid self-moved)
CGO=/sys/fs/cgroup/docker/$(hexid orphan)
CGR=/sys/fs/cgroup/docker/$(hexid runtime-reexec)
mkdir -p "$CG" "$CGO" "$CGR" /tmp/rt
cp /usr/bin/cgexec /tmp/rt/runc
start_watch
ctr_run st "/docker/$IDST" -- /bin/sh -c 'cp /usr/bin/gcc "/tmp/evil*x"; "/tmp/evil*x"; mkdir -p "/tmp/go/pkg/tool/*linux_amd64"; cp /usr/bin/gcc "/tmp/go/pkg/tool/*linux_amd64/compile"; "/tmp/go/pkg/tool/*linux_amd64/compile"'
# a host task moves itself into a container's cgroup, then runs gcc
cgexec "$CG/cgroup.procs" /usr/bin/gcc
# ... or leaves an orphan there that runs gcc once its parent is gone
cgexec "$CGO/cgroup.procs" /bin/sh -c '(sleep 1; exec /usr/bin/gcc) & exit 0'
# (cgroupfs files have no size: read it)
wait_for 10 "[ -z \"\$(cat '$CGO/cgroup.procs')\" ]" || fail "runtime cgroup: the orphan ends" "still running"
# the runtime's own re-exec in the cgroup is the runtime, not a container
/tmp/rt/runc "$CGR/cgroup.procs" /tmp/rt/runc -
/tmp/rt/runc "$CGR/cgroup.procs" /usr/bin/gcc
stop_watch
kwarden policy reset
check "glob: a '*' byte in the name still matches" "compile evil* " "$(pats "$IDST")"
check "runtime cgroup: a task that moved itself in is judged" "gcc" \
	"$(events_for "$(basename "$CG")" | jq -r .match.pattern)"
check "runtime cgroup: an orphan is judged" "gcc" \
	"$(events_for "$(basename "$CGO")" | jq -r .match.pattern)"
check "runtime cgroup: its re-exec is not, what it runs is" "gcc" \
	"$(events_for "$(basename "$CGR")" | jq -r .match.pattern)"
