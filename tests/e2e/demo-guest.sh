# shellcheck shell=sh disable=SC1091
# The demo, run inside the real-runtime guest: a docker container, then
# a Kubernetes one as containerd's CRI plugin starts it, compile and call
# kubectl.
. /guest-lib.sh
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Starting containerd and dockerd (Debian 12's, about 30 s under TCG)"
runtimes_up

say "Loading kwarden.ko"
insmod /kwarden.ko && kwarden status | head -4
say "Starting the relay: kwarden watch --format text (alerts below)"
kwarden watch --format text 2>/tmp/w.err &
W=$!
kwarden watch >/tmp/events.jsonl 2>/tmp/j.err &
J=$!
wait_for 20 'grep -q "^kwarden: watching" /tmp/w.err && grep -q "^kwarden: watching" /tmp/j.err'

say "docker run --name builder: gcc -o hello hello.c && kubectl get pods"
docker run --name builder kw/bb:1 /bin/sh -c \
	'echo "int main(void){return 0;}" > /tmp/hello.c; gcc -o /tmp/hello /tmp/hello.c; kubectl get pods; ls /tmp >/dev/null'
ID=$(hexid demo-web)
POD=6b1c3a2e-9d4f-4e1a-8b7c-2f5e6d7c8a9b
say "A pod's container, as the kubelet has containerd start it (ctr run with the CRI annotations, a kubepods cgroup): kubectl get secrets"
ctr -n k8s.io run --rm --cgroup "/kubepods/besteffort/pod$POD/$ID" \
	--annotation io.kubernetes.cri.container-name=web \
	--annotation io.kubernetes.cri.image-name=docker.io/kw/bb:1 \
	--annotation io.kubernetes.cri.sandbox-name=web-7f9c \
	--annotation io.kubernetes.cri.sandbox-namespace=shop \
	--annotation io.kubernetes.cri.sandbox-uid=$POD \
	docker.io/kw/bb:1 "$ID" sh -c 'kubectl get secrets; sleep 1'
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
jq -r '"  - \(.rule) (\(.technique)): \(.process.argv | join(" ")) in " +
	(if .pod.name != "" then "pod \(.pod.namespace)/\(.pod.name), " else "" end) +
	"container \(.container.name) (image \(.container.image), \(.container.runtime) \(.container.id[0:12])) (pid \(.process.pid), matched \(.match.on) \"\(.match.name)\")"' /tmp/events.jsonl
echo "The host's gcc run and the container's ls raised nothing."
[ "$N" -eq 3 ]
