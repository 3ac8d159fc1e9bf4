# shellcheck shell=sh
# Exceptions silence exactly what they name: a container id prefix, a pod
# UID (any spelling) for one rule, a parent's exe with a cgroup glob.
IDX1=$(hexid except-me) IDX2=$(hexid do-not-except)
PODX=1c0ffee0-aaaa-4bbb-8ccc-0123456789ab
{ cat /policy.conf; printf '[exception ci]\ncontainer = %s\n[exception pods]\nrules = compiler\npod = %s\n' \
	"$(echo "$IDX1" | cut -c1-16)" "$(echo $PODX | tr a-f A-F | tr - _)"
  printf '[exception builds]\nparent = */make */ninja\ncgroup = /docker/*\n'; } >/tmp/exc.conf
kwarden policy load /tmp/exc.conf
check "policy load: exceptions" 0 "$?"
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
check "exception by parent exe: only the exec make ran is silenced" "new_executable busybox|container_mgmt execbench" \
	"$(events_for "$IDX4" | jq -r '"\(.rule) \(.parent.exe | split("/") | last)"' | tr '\n' '|' | sed 's/|$//')"
check "exceptions counted" 4 "$(delta excepted)"
# x2's two, x3's kubectl, x4's kubectl and its copied make (a new file)
window_check 5
check "policy show keeps the exceptions" "container = $(echo "$IDX1" | cut -c1-16)|pod = $PODX" \
	"$(kwarden policy show | grep -E '^(container|pod) =' | tr '\n' '|' | sed 's/|$//')"
kwarden policy reset
