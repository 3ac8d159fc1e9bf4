# The e2e suite, run as the guest's test script.
. /guest-lib.sh

if insmod /kwarden.ko; then pass "insmod"; else fail "insmod" "insmod failed"; finish; exit 1; fi
check "status reports loaded" "true" "$(kwarden status --json | jq -r .loaded)"

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

stop_watch
check "watch exits 0 on SIGINT" 0 "$WATCH_RC"
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
	"$(jq -c 'select(.container.pidns_level == 0 and .container.id == "")' /tmp/events.jsonl | wc -l | tr -d ' ')"

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
check "no other events" 8 "$TOTAL"
check "no lost events" 0 "$(jq -c 'select(.lost)' /tmp/events.jsonl | wc -l | tr -d ' ')"

S=$(kwarden status --json)
check "status counts alerted" 8 "$(echo "$S" | jq .alerted)"
check "status counts sent" 8 "$(echo "$S" | jq .sent)"
check "rules lists the defaults" 1 "$(kwarden rules | grep -c '^compiler  *gcc ')"

if rmmod kwarden; then pass "rmmod"; else fail "rmmod" "rmmod failed"; fi
kwarden watch >/dev/null 2>/tmp/absent.err
check "watch without module exits 3" 3 "$?"
check "watch without module says so" 1 "$(grep -c 'module not loaded' /tmp/absent.err)"

finish
