# shellcheck shell=sh
# Triage context: the relay names a finding's container, image and pod
# from the runtime's state on disk, laid out here by real runc as each
# runtime lays it out: containerd's CRI plugin (runc's state.json, its
# bundle's CRI annotations), CRI-O (a containers/storage bundle), docker
# (its runc root and config.v2.json), podman (containers.json). A
# container no root knows, one whose state is gone by the time its
# finding is read, and a name with a newline in it are reported all the
# same.
POD=6b1c3a2e-9d4f-4e1a-8b7c-2f5e6d7c8a9b
POD_=$(echo $POD | tr - _)
# keep: the container runs on after its compile until ctr_stop
keep='/usr/bin/gcc; exec sleep 600'

start_watch
# containerd + runc under a kubepods slice, the CRI plugin's annotations
IDC=$(hexid ctx-cri)
ctr_start "$IDC" "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$POD_.slice/cri-containerd-$IDC.scope" \
	'.annotations = {"io.kubernetes.cri.container-type": "container",
		"io.kubernetes.cri.container-name": "builder",
		"io.kubernetes.cri.image-name": "docker.io/library/gcc:12",
		"io.kubernetes.cri.sandbox-name": "ci-job-7",
		"io.kubernetes.cri.sandbox-namespace": "ci",
		"io.kubernetes.cri.sandbox-uid": "'$POD'"}' -- sh -c "$keep"
wait_for 20 "grep -q $IDC /tmp/events.jsonl"
# `kubectl exec`/`crictl exec`: a second process in the running container
runc exec "$IDC" /usr/bin/kubectl get pods
wait_for 20 "[ \$(grep -c $IDC /tmp/events.jsonl) -ge 2 ]"
ctr_stop "$IDC"

# CRI-O: bundle in containers/storage, the kubelet's labels as annotations
IDO=$(hexid ctx-crio)
BUNDLE=/run/containers/storage/overlay-containers/$IDO/userdata \
	ctr_start "$IDO" "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$POD_.slice/crio-$IDO.scope" \
	'.annotations = {"io.kubernetes.container.name": "web",
		"io.kubernetes.pod.name": "web-5d8f", "io.kubernetes.pod.namespace": "shop",
		"io.kubernetes.pod.uid": "'$POD'",
		"io.kubernetes.cri-o.ImageName": "quay.io/shop/web:3"}' -- sh -c "$keep"
wait_for 20 "grep -q $IDO /tmp/events.jsonl"
ctr_stop "$IDO"

# docker: its runc root, and config.v2.json for the name and image
IDD=$(hexid ctx-docker)
mkdir -p "/var/lib/docker/containers/$IDD"
jq -n --arg id "$IDD" '{ID: $id, Name: "/builder-1", Image: "sha256:9f3e",
	Config: {Image: "gcc:12", Env: ["PATH=/usr/bin"], Labels: {}}}' \
	>"/var/lib/docker/containers/$IDD/config.v2.json"
RUNC_ROOT=/run/docker/runtime-runc/moby ctr_start "$IDD" "/docker/$IDD" -- sh -c "$keep"
wait_for 20 "grep -q $IDD /tmp/events.jsonl"
RUNC_ROOT=/run/docker/runtime-runc/moby ctr_stop "$IDD"

# podman: runc's state, containers.json for the name and image
IDP=$(hexid ctx-podman)
mkdir -p /var/lib/containers/storage/overlay-containers
jq -n --arg id "$IDP" '[{id: "0000", names: ["other"]}, {id: $id, names: ["devbox"],
	metadata: ({"image-name": "docker.io/library/debian:12", name: "devbox"} | tojson)}]' \
	>/var/lib/containers/storage/overlay-containers/containers.json
BUNDLE=/var/lib/containers/storage/overlay-containers/$IDP/userdata \
	ctr_start "$IDP" "/machine.slice/libpod-$IDP.scope/container" -- sh -c "$keep"
wait_for 20 "grep -q $IDP /tmp/events.jsonl"
ctr_stop "$IDP"

# a runc root of its own (k3s, RKE2...): unknown until configured, below
IDR=$(hexid ctx-own-root)
RUNC_ROOT=/run/own-runc ctr_start "$IDR" "/docker/$IDR" \
	'.annotations = {"io.kubernetes.cri.container-name": "moved"}' -- sh -c "$keep"
wait_for 20 "grep -q $IDR /tmp/events.jsonl"

# a container none of the roots knows: the id under another runc name
IDU=$(hexid ctx-unknown)
ctr_run ctx-unknown "/docker/$IDU" -- /usr/bin/gcc

# a container name chosen to forge a log line
IDE=$(hexid ctx-evil)
ctr_start "$IDE" "/docker/$IDE" \
	'.annotations = {"io.kubernetes.cri.container-name": "x\nALERT rule=none container=forged"}' \
	-- sh -c "$keep"
wait_for 20 "grep -q $IDE /tmp/events.jsonl"

# short-lived: `docker run --rm gcc` style, runc deletes its state as
# soon as the compiler exits, maybe before the relay reads it
# (each a new id, as each `docker run` is)
N=$(scaled 10)
i=0
while [ $i -lt "$N" ]; do
	IDS=$(hexid ctx-short-$i)
	ctr_run "$IDS" "/docker/$IDS" \
		'.annotations = {"io.kubernetes.cri.container-name": "short"}' -- /usr/bin/gcc
	i=$((i + 1))
done
stop_watch
window_check $((8 + N))

ctx() { events_for "$1" | jq -r '[.container.name, .container.image, .pod.name, .pod.namespace, .pod.uid] | join("|")' | sort -u; }
check "containerd CRI: name, image, pod, namespace, uid" "builder|docker.io/library/gcc:12|ci-job-7|ci|$POD" "$(ctx "$IDC")"
check "containerd CRI: the exec into it too" "2" "$(events_for "$IDC" | jq -r 'select(.container.name == "builder") | .rule' | wc -l | tr -d ' ')"
check "CRI-O: name, image, pod, namespace, uid" "web|quay.io/shop/web:3|web-5d8f|shop|$POD" "$(ctx "$IDO")"
check "docker: name and image" "builder-1|gcc:12|||" "$(ctx "$IDD")"
check "podman: name and image" "devbox|docker.io/library/debian:12|||" "$(ctx "$IDP")"
check "root not configured: no name" "||||" "$(ctx "$IDR")"
check "unknown container: reported, empty context" "$IDU ||||" "$(events_for "$IDU" | jq -r '.container.id + " " + ([.container.name, .container.image, .pod.name, .pod.namespace, .pod.uid] | join("|"))')"
check "forged name: kept as data" "x
ALERT rule=none container=forged" "$(events_for "$IDE" | jq -r .container.name)"
# each_short CMD: CMD ID for every short-lived container's id
each_short() {
	i=0
	while [ $i -lt "$N" ]; do
		$1 "$(hexid ctx-short-$i)"
		i=$((i + 1))
	done
}
named_short() { events_for "$1" | jq -r 'select(.container.name == "short") | .seq'; }
short=$(each_short count_for | awk '{ s += $1 } END { print s + 0 }')
check "short-lived: every finding reported" "$N" "$short"
named=$(each_short named_short | wc -l | tr -d ' ')
echo "context: short-lived containers named: $named of $N"

# the own root configured; the text line escapes the forged name
start_watch --format text --runtime-root runc=/run/own-runc --runtime-root runc=/run/runc
runc --root /run/own-runc exec "$IDR" /usr/bin/gcc
runc exec "$IDE" /usr/bin/gcc
wait_for 20 "[ \$(grep -c ALERT /tmp/events.jsonl) -ge 2 ]"
stop_watch
check "own runc root: named once configured" 1 "$(grep -c "container=docker:$(echo "$IDR" | cut -c1-12) name=moved " /tmp/events.jsonl)"
check "text: a forged name stays on its line" 2 "$(wc -l </tmp/events.jsonl | tr -d ' ')"
check "text: the newline escaped" 1 "$(grep -c 'name="x\\x0aALERT rule=none container=forged"' /tmp/events.jsonl)"
RUNC_ROOT=/run/own-runc ctr_stop "$IDR"
ctr_stop "$IDE"
