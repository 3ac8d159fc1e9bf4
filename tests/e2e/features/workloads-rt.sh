# shellcheck shell=sh
# Workload exceptions with real runtimes (guest-runtimes.sh started them):
# docker by container name and image, containerd by the CRI plugin's pod
# namespace, podman by image; the compile of an excepted workload runs in
# enforce mode while the same image under another name is refused.
PODMAN="podman --cgroup-manager=cgroupfs --events-backend=file"
classified() { kwarden status --json | jq -r .workloads_classified; }
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
# table_after T: the agent has sent the kernel a table since guest time T (ms)
table_after() {
	[ $(($(ms) - $(kwarden status --json | jq -r '.agent_last_table_ms // 1000000000'))) -gt "$1" ]
}
{ cat /policy.conf
  printf '[exception builders]\nrules = compiler\nimage = *kw/bb:*\ncontainer_name = build-*\n'
  printf '[exception ci]\nnamespace = ci\n'
} >/tmp/wlrt.conf
kwarden policy load /tmp/wlrt.conf
check "policy load: workload exceptions" 0 "$?"
start_watch
c0=$(classified)
# the window: from the start of `docker run -d` (then of `ctr run -d`) to
# the kernel's table holding the container (status polled every 100 ms)
t0=$(ms)
docker run -d --name build-1 kw/bb:1 sleep 600 >/dev/null
t1=$(ms)
wait_for 60 '[ "$(classified)" -ge $((c0 + 1)) ]'
t2=$(ms)
echo "WORKLOAD-WINDOW docker run: $((t2 - t0)) ms from its start, $((t2 - t1)) ms from its return (TCG)"
docker run -d --name web-1 kw/bb:1 sleep 600 >/dev/null
$PODMAN run -d --name build-p --network none localhost/kw/bb:1 sleep 600 >/dev/null
wait_for 60 '[ "$(classified)" -ge $((c0 + 3)) ]'
IDC=$(hexid workloads-ctr)
t0=$(ms)
ctr -n k8s.io run -d --cgroup "/kubepods/besteffort/pod1/$IDC" \
	--annotation io.kubernetes.cri.container-type=container \
	--annotation io.kubernetes.cri.container-name=main \
	--annotation io.kubernetes.cri.sandbox-namespace=ci \
	docker.io/kw/bb:1 "$IDC" sleep 600 >/dev/null
t1=$(ms)
wait_for 60 '[ "$(classified)" -ge $((c0 + 4)) ]'
t2=$(ms)
echo "WORKLOAD-WINDOW ctr run: $((t2 - t0)) ms from its start, $((t2 - t1)) ms from its return (TCG)"
check "the agent classified docker's, podman's and containerd's containers" $((c0 + 4)) "$(classified)"
IDB=$(docker inspect -f '{{.Id}}' build-1) IDW=$(docker inspect -f '{{.Id}}' web-1)
IDP=$($PODMAN inspect -f '{{.Id}}' build-p)
docker exec build-1 /usr/bin/gcc
docker exec web-1 /usr/bin/gcc
$PODMAN exec build-p /usr/bin/gcc
ctr -n k8s.io task exec --exec-id k1 "$IDC" /usr/bin/kubectl get pods
kwarden mode enforce
docker exec build-1 /usr/bin/gcc
check "enforce: docker build-1 (excepted) compiles" 0 "$?"
docker exec web-1 /usr/bin/gcc 2>/dev/null
check "enforce: docker web-1, same image, is refused" refused "$([ $? -ne 0 ] && echo refused)"
kwarden mode detect
# across a restart: docker deletes the container's runc state and makes it
# again, and the agent follows (a table sent since, all four in it)
docker restart -t 0 build-1 >/dev/null
t3=$(ms)
wait_for 30 'table_after $t3 && [ "$(classified)" = $((c0 + 4)) ]'
kwarden mode enforce
docker exec build-1 /usr/bin/gcc
check "enforce: build-1 compiles after docker restart" 0 "$?"
kwarden mode detect
stop_watch
check "only web-1 alerts, twice (alert, then blocked)" "alert blocked" \
	"$(events_for "$IDW" | jq -r .action | tr '\n' ' ' | sed 's/ $//')"
check "docker by name and image: silent" 0 "$(count_for "$IDB")"
check "podman by image and name: silent" 0 "$(count_for "$IDP")"
check "containerd by pod namespace: silent" 0 "$(count_for "$IDC")"
check "excepted counted" 5 "$(delta excepted)"
window_check 2
docker rm -f build-1 web-1 >/dev/null
$PODMAN rm -f build-p >/dev/null 2>&1
ctr -n k8s.io task rm -f "$IDC" >/dev/null
ctr -n k8s.io container rm "$IDC"
kwarden policy reset
