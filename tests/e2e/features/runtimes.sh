# shellcheck shell=sh
# Triage context from real runtimes (guest-runtimes.sh started them):
# docker run --name, docker exec into a running container, docker run
# --rm of a compiler that exits at once; containerd in namespace k8s.io
# with the CRI plugin's annotations under a kubepods cgroup, as a kubelet
# would start it (ctr run --annotation --cgroup); podman run --name.
POD=6b1c3a2e-9d4f-4e1a-8b7c-2f5e6d7c8a9b
PODMAN="podman --cgroup-manager=cgroupfs --events-backend=file"
ctx() {
	jq -r --arg id "$1" 'select(.container.id == $id) |
		[.container.runtime, .container.name, .container.image, .pod.name, .pod.namespace, .pod.uid] | join("|")' \
		/tmp/events.jsonl | sort -u
}

start_watch
t0=$(date +%s)
docker run --name web1 kw/bb:1 /usr/bin/gcc
ID1=$(docker inspect -f '{{.Id}}' web1)
docker run -d --name svc kw/bb:1 sleep 600 >/dev/null
ID2=$(docker inspect -f '{{.Id}}' svc)
docker exec svc /usr/bin/kubectl get pods
N=$(scaled 5)
i=0
while [ $i -lt "$N" ]; do
	docker run --rm kw/bb:1 /usr/bin/gcc
	i=$((i + 1))
done
echo "runtimes: docker took $(($(date +%s) - t0)) s"

t0=$(date +%s)
IDC=$(hexid runtimes-ctr)
ctr -n k8s.io run -d --cgroup "/kubepods/besteffort/pod$POD/$IDC" \
	--annotation io.kubernetes.cri.container-type=container \
	--annotation io.kubernetes.cri.container-name=builder \
	--annotation io.kubernetes.cri.image-name=docker.io/kw/bb:1 \
	--annotation io.kubernetes.cri.sandbox-name=ci-job-7 \
	--annotation io.kubernetes.cri.sandbox-namespace=ci \
	--annotation io.kubernetes.cri.sandbox-uid=$POD \
	docker.io/kw/bb:1 "$IDC" sh -c '/usr/bin/gcc; exec sleep 600' >/dev/null
wait_for 60 "grep -q $IDC /tmp/events.jsonl"
echo "runtimes: containerd's finding after $(($(date +%s) - t0)) s"
# (each ctr call is seconds of Go start-up under TCG: no polling)
ctr -n k8s.io task rm -f "$IDC" >/dev/null
ctr -n k8s.io container rm "$IDC"
echo "runtimes: containerd took $(($(date +%s) - t0)) s"

t0=$(date +%s)
$PODMAN run --name devbox --network none localhost/kw/bb:1 /usr/bin/gcc
IDP=$($PODMAN inspect -f '{{.Id}}' devbox)
echo "runtimes: podman took $(($(date +%s) - t0)) s"
docker rm -f svc >/dev/null
stop_watch
window_check $((4 + N))

check "docker run --name: name and image" "docker|web1|kw/bb:1|||" "$(ctx "$ID1")"
check "docker exec: the running container's name" "docker|svc|kw/bb:1|||" "$(ctx "$ID2")"
short=$(jq -r --arg a "$ID1" --arg b "$ID2" 'select(.container.runtime == "docker" and
	.container.id != $a and .container.id != $b) | .container.id' /tmp/events.jsonl | sort -u | wc -l | tr -d ' ')
check "docker run --rm: every finding reported" "$N" "$short"
named=$(jq -r --arg a "$ID1" --arg b "$ID2" 'select(.container.runtime == "docker" and
	.container.id != $a and .container.id != $b and .container.image == "kw/bb:1") | .seq' /tmp/events.jsonl | wc -l | tr -d ' ')
echo "runtimes: docker run --rm named: $named of $N"
check "containerd k8s.io, CRI annotations, kubepods cgroup" \
	"kubepods|builder|docker.io/kw/bb:1|ci-job-7|ci|$POD" "$(ctx "$IDC")"
check "podman run --name: name and image" "podman|devbox|localhost/kw/bb:1|||" "$(ctx "$IDP")"
