# shellcheck shell=sh disable=SC1091
# The e2e suite, run as the guest's test script.
. /guest-lib.sh

if insmod /kwarden.ko; then pass "insmod"; else fail "insmod" "insmod failed"; finish; exit 1; fi
check "status reports loaded" "true" "$(kwarden status --json | jq -r .loaded)"
check "status counts names per rule" "31 17" "$(kwarden status --json | jq -r '"\(.names_compiler) \(.names_container_mgmt)"')"

start_watch

# -- the walking skeleton ------------------------------------------------
ID1=$(hexid gcc-in-docker)
ctr_run gcc1 "/docker/$ID1" -- /usr/bin/gcc
ID2=$(hexid ls-in-docker)
ctr_run ls2 "/docker/$ID2" -- /bin/ls /
ID3=$(hexid kubectl-in-docker)
ctr_run kubectl3 "/docker/$ID3" -- /usr/bin/kubectl get pods
/usr/bin/gcc
unshare -m /usr/bin/gcc

# -- container identity per runtime layout ---------------------------------
POD=0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a
POD_=$(echo $POD | tr - _)
IDD=$(hexid docker-systemd)
ctr_run rt-docker "/system.slice/docker-$IDD.scope" -- /usr/bin/gcc
IDC=$(hexid containerd-cri)
ctr_run rt-cri "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$POD_.slice/cri-containerd-$IDC.scope" -- /usr/bin/gcc
IDO=$(hexid crio)
ctr_run rt-crio "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$POD_.slice/crio-$IDO.scope" -- /usr/bin/gcc
IDP=$(hexid podman)
ctr_run rt-podman "/machine.slice/libpod-$IDP.scope/container" -- /usr/bin/gcc
IDK=$(hexid kubepods-cgroupfs)
ctr_run rt-kubepods "/kubepods/besteffort/pod$POD/$IDK" -- /usr/bin/gcc
# hostPID pod: host pid namespace, container cgroup
IDH=$(hexid host-pid)
ctr_run rt-hostpid "/kubepods/burstable/pod$POD/$IDH" \
	'.linux.namespaces |= map(select(.type != "pid"))' -- /usr/bin/gcc

# -- detection engine --------------------------------------------------
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
# an operator's own rule, exact and glob names, loaded from a file
{ cat /policy.conf; printf '[rule custom_tools]\ntechnique = T1588.002\nseverity = high\naction = alert\nnames = mytool evil*\n'; } >/tmp/custom.conf
kwarden policy load /tmp/custom.conf
check "policy load: own rule" 0 "$?"
IDA=$(hexid added)
ctr_run added "/docker/$IDA" -- /bin/sh -c 'cp /usr/bin/gcc /tmp/mytool; cp /usr/bin/gcc /tmp/evil-cc; cp /usr/bin/gcc /tmp/good; /tmp/mytool; /tmp/evil-cc; /tmp/good'
kwarden policy reset
check "policy reset" 0 "$?"

stop_watch
check "watch exits 0 on SIGINT" 0 "$WATCH_RC"

pats() { events_for "$1" | jq -r .match.pattern | sort | tr '\n' ' '; }
check "real compile: driver and stages" "as cc1 collect2 gcc ld.bfd " "$(pats "$IDT")"
check "real compile: cc resolves to the gcc driver" "/usr/bin/cc exe x86_64-linux-gnu-gcc-12" \
	"$(events_for "$IDT" | jq -r 'select(.match.pattern == "gcc") | [.process.filename, .match.on, .match.name] | join(" ")')"
check "real compile: cwd" "/tmp" "$(events_for "$IDT" | jq -r 'select(.match.pattern == "cc1") | .process.cwd')"
check "real compile: parent of cc1 is the driver" "x86_64-linux-gnu-gcc-12" \
	"$(events_for "$IDT" | jq -r 'select(.match.pattern == "cc1") | .parent.exe | split("/") | last')"
check "renamed driver: caught by its stages" "as cc1 collect2 ld.bfd " "$(pats "$IDR")"
check "go: only build and pkg/tool compile" "compile go " "$(pats "$IDG")"
check "go: the build verb" '["/usr/bin/go","build","./..."]' \
	"$(events_for "$IDG" | jq -c 'select(.match.pattern == "go") | .process.argv')"
check "script interpreter" "interp gcc /usr/local/bin/build-script" \
	"$(events_for "$IDI" | jq -r '[.match.on, .match.pattern, .process.filename] | join(" ")')"
check "chroot in a private mount namespace: container" "1 0" \
	"$(jq -c 'select(.container.id == "" and .rule == "container_mgmt")' /tmp/events.jsonl | jq -s -r '"\(length) \(.[0].container.pidns_level)"')"
check "own rule: exact and glob names" "evil* mytool " "$(pats "$IDA")"
check "own rule: its name and technique" "custom_tools T1588.002 high" \
	"$(events_for "$IDA" | jq -r '[.rule, .technique, .severity] | join(" ")' | sort -u)"
cp /tmp/events.jsonl /tmp/events.all

check "gcc in container: one event" 1 "$(count_for "$ID1")"
E=$(events_for "$ID1")
check "gcc in container: rule" compiler "$(echo "$E" | jq -r .rule)"
check "gcc in container: pidns level >= 1" true "$(echo "$E" | jq '.container.pidns_level >= 1')"
check "gcc in container: filename" /usr/bin/gcc "$(echo "$E" | jq -r .process.filename)"
check "gcc in container: cgroup" "/docker/$ID1" "$(echo "$E" | jq -r .container.cgroup)"
check "gcc in container: container id" "$ID1" "$(echo "$E" | jq -r .container.id)"
check "gcc in container: runtime" docker "$(echo "$E" | jq -r .container.runtime)"
check "gcc in container: hostname" gcc1 "$(echo "$E" | jq -r .container.hostname)"
check "gcc in container: argv" '["/usr/bin/gcc"]' "$(echo "$E" | jq -c .process.argv)"
check "gcc in container: match" "exe gcc gcc" "$(echo "$E" | jq -r '[.match.on, .match.name, .match.pattern] | join(" ")')"
check "ls in container: no event" 0 "$(count_for "$ID2")"
check "kubectl in container: one event" 1 "$(count_for "$ID3")"
check "kubectl in container: rule" container_mgmt "$(events_for "$ID3" | jq -r .rule)"
check "kubectl in container: argv" '["/usr/bin/kubectl","get","pods"]' "$(events_for "$ID3" | jq -c .process.argv)"
check "host gcc and private-mntns gcc: no event" 0 \
	"$(jq -c 'select(.container.pidns_level == 0 and .container.id == "" and .rule == "compiler")' /tmp/events.jsonl | wc -l | tr -d ' ')"

# runtime, id, pod uid
rt() { events_for "$1" | jq -r '[.container.runtime, .container.id, .container.pod_uid] | join(" ")'; }
check "docker systemd layout" "docker $IDD " "$(rt "$IDD")"
check "containerd CRI layout" "containerd $IDC $POD" "$(rt "$IDC")"
check "CRI-O layout" "cri-o $IDO $POD" "$(rt "$IDO")"
check "podman layout" "podman $IDP " "$(rt "$IDP")"
check "kubepods cgroupfs layout" "kubepods $IDK $POD" "$(rt "$IDK")"
check "hostPID pod detected" "kubepods $IDH $POD" "$(rt "$IDH")"
check "hostPID pod: pidns level 0" 0 "$(events_for "$IDH" | jq .container.pidns_level)"

TOTAL=$(wc -l </tmp/events.jsonl | tr -d ' ')
# 8 skeleton/layout + 5 compile + 4 renamed + 2 go + 1 interp + 1 chroot + 2 added
check "no other events" 23 "$TOTAL"
check "no lost events" 0 "$(jq -c 'select(.lost)' /tmp/events.jsonl | wc -l | tr -d ' ')"

S=$(kwarden status --json)
check "status counts alerted" 23 "$(echo "$S" | jq .alerted)"
check "status counts sent" 23 "$(echo "$S" | jq .sent)"

# -- policy ------------------------------------------------------------------
kwarden policy show >/tmp/show1.conf
check "policy show" 0 "$?"
check "policy show = the shipped default file" "$(kwarden policy check /policy.conf)" \
	"$(kwarden policy check /tmp/show1.conf | sed 's|/tmp/show1.conf|/policy.conf|')"
check "policy show = policy default" "$(kwarden policy default | grep -v '^#')" "$(grep -v '^#' /tmp/show1.conf)"
kwarden policy load /tmp/show1.conf && kwarden policy show >/tmp/show2.conf
check "policy show -> load -> show round-trips" "" "$(cmp /tmp/show1.conf /tmp/show2.conf)"
GEN=$(kwarden status --json | jq .policy_generation)
printf '[rule a]\nnames = x\n[rule b]\nseverity = urgent\n' >/tmp/bad.conf
check "policy load: error names file:line" "kwarden: /tmp/bad.conf:4: severity is info, low, medium, high or critical" \
	"$(kwarden policy load /tmp/bad.conf 2>&1)"
check "policy load: nothing applied" "$GEN" "$(kwarden status --json | jq .policy_generation)"
raw() { printf '%b' "$1" | rawpolicy 2>&1 | tr '\n' ' ' | sed 's/ $//'; }
check "kernel: a name with a slash" "kwarden: kernel: a name is 1 to 255 bytes without /, spaces or # rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset r 0\nname a/b\n')"
check "kernel: 65,537 names" "kwarden: kernel: more than 65536 names rc=E2BIG" \
	"$(raw 'rule r T1 2 1\nset r 0\nnames 65537 n\n')"
check "kernel: 65,536 names of 255 bytes" "rc=0" \
	"$(raw "rule r T1 2 1\nset r 0\nnames 65536 $(head -c 250 /dev/zero | tr '\0' n)\n")"
check "kernel: a 256-byte name is refused" 1 "$(raw 'rule r T1 2 1\nset r 0\nlong 256\n' | grep -c 'rc=E')"
check "kernel: an attribute a policy has no use for" "rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset r 0\nname a\njunk\n' | grep -o 'rc=.*')"
check "kernel: names for an undefined rule" "kwarden: kernel: names for an undefined rule rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset q 0\nname a\n')"
check "kernel: a bad uid" "kwarden: kernel: a uid is a decimal number below 4294967295 rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset r 0\nname a\nexc e\nval 4 12x\n')"
check "kernel: name globs that cost too much" "kwarden: kernel: name globs too costly (at most 2048: a byte counts 1, or 255 between two '*') rc=ERANGE" \
	"$(raw 'rule r T1 2 1\nset r 0\nname *aa*\nname *bb*\nname *cc*\nname *dd*\nname *ee*\n')"
check "kernel: refused policies change nothing" "$((GEN + 1))" "$(kwarden status --json | jq .policy_generation)"
kwarden policy reset

# exceptions silence exactly what they name; an action per rule
IDX1=$(hexid except-me) IDX2=$(hexid do-not-except)
PODX=1c0ffee0-aaaa-4bbb-8ccc-0123456789ab
{ cat /policy.conf; printf '[exception ci]\ncontainer = %s\n[exception pods]\nrules = compiler\npod = %s\n' \
	"$(echo "$IDX1" | cut -c1-16)" "$(echo $PODX | tr a-f A-F | tr - _)"
  printf '[exception builds]\nparent = */make */ninja\ncgroup = /docker/*\n'; } >/tmp/exc.conf
kwarden policy load /tmp/exc.conf
check "policy load: exceptions" 0 "$?"
X0=$(kwarden status --json | jq .excepted)
start_watch
ctr_run x1 "/docker/$IDX1" -- /bin/sh -c '/usr/bin/gcc; /usr/bin/kubectl'
ctr_run x2 "/docker/$IDX2" -- /bin/sh -c '/usr/bin/gcc; /usr/bin/kubectl'
IDX3=$(hexid pod-excepted)
ctr_run x3 "/kubepods/besteffort/pod$PODX/$IDX3" -- /bin/sh -c '/usr/bin/gcc; /usr/bin/kubectl'
# the parent's exe, read in the exec hook: gcc run by a "make" is excepted
IDX4=$(hexid parent-make)
ctr_run x4 "/docker/$IDX4" -- /bin/sh -c 'cp /usr/bin/execbench /tmp/make; /tmp/make 1 /usr/bin/gcc; /usr/bin/execbench 1 /usr/bin/kubectl'
stop_watch
check "exception by container id: silenced" 0 "$(count_for "$IDX1")"
check "exception: other container still alerts" 2 "$(count_for "$IDX2")"
check "exception by pod for one rule: only the other rule alerts" container_mgmt "$(events_for "$IDX3" | jq -r .rule)"
check "exception by parent exe: only the exec make ran is silenced" "container_mgmt execbench" \
	"$(events_for "$IDX4" | jq -r '"\(.rule) \(.parent.exe | split("/") | last)"')"
check "exceptions counted" "$((X0 + 4))" "$(kwarden status --json | jq .excepted)"
check "policy show keeps the exceptions" "container = $(echo "$IDX1" | cut -c1-16)|pod = $PODX" \
	"$(kwarden policy show | grep -E '^(container|pod) =' | tr '\n' '|' | sed 's/|$//')"
kwarden policy reset

# -- enforce mode and privileges -------------------------------------------
# per rule: compiler alerts only, container_mgmt blocks
sed '/^\[rule compiler\]/,/^\[/s/^action *= *block/action = alert/' /policy.conf >/tmp/mixed.conf
kwarden policy load /tmp/mixed.conf
kwarden mode enforce
start_watch
IDM=$(hexid mixed)
ctr_run mixed "/docker/$IDM" -- /bin/sh -c '/usr/bin/gcc; echo gcc-rc=$?; /usr/bin/kubectl; echo kubectl-rc=$?' >/tmp/mixed.out 2>&1
stop_watch
kwarden mode detect
kwarden policy reset
check "rule action alert: gcc runs in enforce mode" 1 "$(grep -c 'gcc-rc=0' /tmp/mixed.out)"
check "rule action block: kubectl refused" "1 0" "$(grep -c 'Operation not permitted' /tmp/mixed.out) $(grep -c 'kubectl-rc=0' /tmp/mixed.out)"
check "per-rule actions reported" "compiler:alert container_mgmt:blocked" \
	"$(events_for "$IDM" | jq -r '"\(.rule):\(.action)"' | sort | tr '\n' ' ' | sed 's/ $//')"

kwarden mode enforce
check "mode enforce" 0 "$?"
check "status says enforce" enforce "$(kwarden status --json | jq -r .mode)"
start_watch
IDE=$(hexid enforce)
# (one line: ctr_run passes arguments by lines)
ctr_run enf "/docker/$IDE" -- /bin/sh -c '/usr/bin/gcc; echo "gcc-rc=$?"; /bin/ls / >/dev/null; echo "ls-rc=$?"; /usr/bin/go build ./...; echo "go-rc=$?"; /usr/bin/go version; echo "gov-rc=$?"' >/tmp/enf.out 2>&1
/usr/bin/gcc
HOSTRC=$?
kwarden mode detect
stop_watch
cat /tmp/enf.out
check "enforce: gcc in container is refused" 1 "$(grep -c 'Operation not permitted' /tmp/enf.out)"
check "enforce: gcc in container exits non-zero" 0 "$(grep -c 'gcc-rc=0' /tmp/enf.out)"
check "enforce: ls in container still runs" 1 "$(grep -c 'ls-rc=0' /tmp/enf.out)"
check "enforce: host gcc still runs" 0 "$HOSTRC"
check "enforce: the relay reports blocked" "gcc blocked" \
	"$(events_for "$IDE" | jq -r 'select(.match.pattern == "gcc") | "\(.match.pattern) \(.action)"')"
# an argv-conditioned name is decided after the point of no return: killed
check "enforce: go build killed before it runs" 1 "$(grep -c 'go-rc=137' /tmp/enf.out)"
check "enforce: go version still runs" 1 "$(grep -c 'gov-rc=0' /tmp/enf.out)"
check "enforce: the relay reports go build blocked" '["/usr/bin/go","build","./..."] blocked' \
	"$(events_for "$IDE" | jq -c -r 'select(.match.pattern == "go") | "\(.process.argv | tojson) \(.action)"')"
check "enforce: blocked counted (with the kubectl above)" 3 "$(kwarden status --json | jq .blocked)"
# root in a container (host network namespace, runc's default capabilities)
IDX=$(hexid privs)
ctr_run privs "/docker/$IDX" '.linux.namespaces |= map(select(.type != "network"))' -- \
	/usr/bin/kwarden mode enforce >/tmp/privs.out 2>&1
check "container root cannot change the mode" 1 "$(grep -c 'Operation not permitted' /tmp/privs.out)"
ctr_run privs2 "/docker/$IDX" '.linux.namespaces |= map(select(.type != "network"))' -- \
	/usr/bin/kwarden policy reset >/tmp/privs2.out 2>&1
check "container root cannot change the policy" 1 "$(grep -c 'Operation not permitted' /tmp/privs2.out)"
su nobody -c 'kwarden policy show' >/dev/null 2>/tmp/nobody-pol.err
check "unprivileged user cannot read the policy" 1 "$(grep -c 'Operation not permitted' /tmp/nobody-pol.err)"
check "mode unchanged" detect "$(kwarden status --json | jq -r .mode)"
su nobody -c 'kwarden watch' >/dev/null 2>/tmp/nobody.err
check "unprivileged user cannot subscribe" 1 "$?"
check "unprivileged user is told why" 1 "$(grep -c 'cannot join the events group' /tmp/nobody.err)"
echo detect >/sys/module/kwarden/parameters/mode
check "mode parameter" detect "$(cat /sys/module/kwarden/parameters/mode)"

# -- an attacker's ways around a block or an alert --------------------------
# A container's entrypoint is the init of its pid namespace, which ignores
# a signal sent as from inside; argv[0] of 5,000 bytes pushed "build" past
# what the condition read; a '*' byte in a name stopped the glob; a host
# task that wrote itself into a container cgroup passed for the runtime.
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
sleep 2
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

# -- the relay ------------------------------------------------------------
# syslog alerts reach a real syslog daemon through /dev/log
syslogd -n -O /tmp/messages &
SYSLOGD=$!
sleep 1
start_watch --syslog --format text
IDS=$(hexid syslog)
ctr_run sl "/docker/$IDS" -- /usr/bin/kubectl get secrets
stop_watch
kill $SYSLOGD
check "syslog: one alert line" 1 "$(grep -c "kwarden\[[0-9]*\]: rule=container_mgmt technique=T1609 action=alert .*container=$IDS" /tmp/messages)"
check "syslog: authpriv.warning" 1 "$(grep "container=$IDS" /tmp/messages | grep -c 'authpriv.warn')"
check "syslog: argv quoted" 1 "$(grep -c 'argv="/usr/bin/kubectl get secrets"' /tmp/messages)"
check "text format line" 1 "$(grep -c "ALERT container_mgmt (T1609) container=docker:$(echo "$IDS" | cut -c1-12)" /tmp/events.jsonl)"

# the relay follows the module through rmmod and insmod
start_watch
rmmod kwarden
sleep 2
insmod /kwarden.ko
sleep 3
IDL=$(hexid reload)
ctr_run rl "/docker/$IDL" -- /usr/bin/gcc
stop_watch
check "reload: watch resumed and got the event" 1 "$(count_for "$IDL")"
check "reload: watch said the module went away" 1 "$(grep -c 'module unloaded' /tmp/watch.err)"
check "reload: watch still exits 0" 0 "$WATCH_RC"

# a burst against a slow consumer: every finding is received, or counted
# as lost by the relay, or dropped in the kernel with a cause
B0=$(kwarden status --json)
# the consumer reads nothing until the burst is over
kwarden watch --rcvbuf 65536 2>/tmp/burst.err |
	(while [ ! -f /tmp/burst.done ]; do sleep 1; done; cat >/tmp/burst.jsonl) &
sleep 1
IDB=$(hexid burst)
NB=$(scaled 5000)
ctr_run burst "/docker/$IDB" -- /usr/bin/execbench "$NB" /usr/bin/gcc >/dev/null
touch /tmp/burst.done
sleep 4
killall -INT kwarden
sleep 2
B1=$(kwarden status --json)
d() { echo $(( $(echo "$B1" | jq ".$1") - $(echo "$B0" | jq ".$1") )); }
RECV=$(jq -c 'select(.seq)' /tmp/burst.jsonl | wc -l | tr -d ' ')
LOST=$(jq -s 'map(.lost // 0) | add' /tmp/burst.jsonl)
cat /tmp/burst.err
echo "burst: alerted=$(d alerted) received=$RECV relay_lost=$LOST no_listener=$(d dropped_no_listener) nomem=$(d dropped_nomem) socket_full=$(d dropped_socket_full)"
# execbench N runs N execs plus N/10 warm-up
check "burst: every exec found" "$((NB + NB / 10))" "$(d alerted)"
check "burst: received + lost + kernel drops = findings" "$(d alerted)" \
	"$((RECV + LOST + $(d dropped_no_listener) + $(d dropped_nomem)))"
check "burst: the kernel saw the socket full" "$LOST" "$(d dropped_socket_full)"
check "burst: the slow consumer did lose events" true "$([ "$LOST" -gt 0 ] && echo true || echo false)"

if rmmod kwarden; then pass "rmmod"; else fail "rmmod" "rmmod failed"; fi
kwarden watch >/dev/null 2>/tmp/absent.err
check "watch without module exits 3" 3 "$?"
check "watch without module says so" 1 "$(grep -c 'module not loaded' /tmp/absent.err)"

finish
