# shellcheck shell=sh disable=SC1091
# The demo, run inside the guest: a container compiles and calls kubectl.
. /guest-lib.sh
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Loading kwarden.ko"
insmod /kwarden.ko && kwarden status | head -4
say "Starting the relay: kwarden watch --format text (alerts below)"
kwarden watch --format text 2>/tmp/w.err &
W=$!
kwarden watch >/tmp/events.jsonl 2>/tmp/j.err &
J=$!
wait_for 20 'grep -q "^kwarden: watching" /tmp/w.err && grep -q "^kwarden: watching" /tmp/j.err'

ID=$(hexid demo-web)
POD=6b1c3a2e-9d4f-4e1a-8b7c-2f5e6d7c8a9b
say "Kubernetes-style container $(echo "$ID" | cut -c1-12) (runc, with the annotations containerd's CRI plugin sets): gcc -o hello hello.c && kubectl get pods"
ctr_run "$ID" "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$(echo $POD | tr - _).slice/cri-containerd-$ID.scope" \
	'.annotations = {"io.kubernetes.cri.container-name": "builder",
		"io.kubernetes.cri.image-name": "docker.io/library/gcc:12",
		"io.kubernetes.cri.sandbox-name": "ci-job-7",
		"io.kubernetes.cri.sandbox-namespace": "ci",
		"io.kubernetes.cri.sandbox-uid": "'$POD'"} | .hostname = "ci-job-7"' -- /bin/sh -c \
	'echo "int main(void){return 0;}" > /tmp/hello.c; gcc -o /tmp/hello /tmp/hello.c; kubectl get pods; ls /tmp >/dev/null'
say "The same gcc on the host: no alert (not in a container)"
/usr/bin/gcc -o /tmp/hello /tmp/hello.c 2>/dev/null
# each relay reads what the module still holds before it stops
kill -INT $W $J
wait $W $J 2>/dev/null

N=$(wc -l </tmp/events.jsonl | tr -d ' ')
say "One finding as JSON"
head -1 /tmp/events.jsonl | jq -M .
say "Summary"
echo "kwarden saw $N finding(s):"
jq -r '"  - \(.rule) (\(.technique)): \(.process.argv | join(" ")) in pod \(.pod.namespace)/\(.pod.name), container \(.container.name) (image \(.container.image), \(.container.runtime) \(.container.id[0:12])) (pid \(.process.pid), matched \(.match.on) \"\(.match.name)\")"' /tmp/events.jsonl
echo "The host's gcc run and the container's ls raised nothing."
[ "$N" -eq 2 ]
