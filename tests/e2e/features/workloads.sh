# shellcheck shell=sh
# Workload-scoped exceptions: by pod namespace, image and container name,
# names only the relay can read (the runtimes' state, as in context.sh).
# The relay's agent classifies each container and hands the kernel its
# table; the hook excepts by it, in detect and in enforce mode. A container
# the table does not hold follows its exceptions' "unknown"; a new policy
# makes the old table void until the agent sends one for it.
keep='exec sleep 600'
cri() { # NAMESPACE CONTAINER-NAME IMAGE: a CRI plugin's annotations
	echo '.annotations = {"io.kubernetes.cri.container-type": "container",
		"io.kubernetes.cri.container-name": "'"$2"'",
		"io.kubernetes.cri.image-name": "'"$3"'",
		"io.kubernetes.cri.sandbox-name": "'"$1"'-pod",
		"io.kubernetes.cri.sandbox-namespace": "'"$1"'"}'
}
classified() { kwarden status --json | jq -r .workloads_classified; }
# in_ctr ID CMD...: runs CMD in container ID (runc's default root)
in_ctr() { id=$1; shift; runc exec "$id" "$@" >/dev/null 2>&1; echo $?; }

{ cat /policy.conf
  printf '[exception ci]\nnamespace = ci ci-*\n'
  printf '[exception builders]\nrules = compiler\nimage = */builder:* builder:*\ncontainer_name = build*\n'
  printf '[exception tools-unknown]\nrules = container_mgmt\nnamespace = nowhere\nunknown = allow\n'
} >/tmp/wl.conf
kwarden policy load /tmp/wl.conf
check "policy load: workload exceptions" 0 "$?"
check "policy show keeps them" "namespace = ci ci-*|container_name = build*|image = */builder:* builder:*|unknown = allow" \
	"$(kwarden policy show | grep -E '^(namespace|image|container_name|unknown) =' | grep -v nowhere | tr '\n' '|' | sed 's/|$//')"

start_watch
IDA=$(hexid wl-ci) IDB=$(hexid wl-shop) IDC=$(hexid wl-builder) IDN=$(hexid wl-builder-misnamed)
ctr_start "$IDA" "/kubepods/besteffort/pod1/$IDA" "$(cri ci-7 main docker.io/library/gcc:12)" -- sh -c "$keep"
ctr_start "$IDB" "/kubepods/besteffort/pod2/$IDB" "$(cri shop web quay.io/shop/web:3)" -- sh -c "$keep"
ctr_start "$IDC" "/kubepods/besteffort/pod3/$IDC" "$(cri shop build-1 reg.io/team/builder:2)" -- sh -c "$keep"
ctr_start "$IDN" "/kubepods/besteffort/pod4/$IDN" "$(cri shop web-2 reg.io/team/builder:2)" -- sh -c "$keep"
wait_for 20 '[ "$(classified)" = 4 ]'
check "the agent classified the four containers" 4 "$(classified)"
check "status: the agent is feeding" feeding "$(kwarden status --json | jq -r .agent)"

# the window from a container's creation to its classification
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
t0=$(ms)
IDW=$(hexid wl-window)
ctr_start "$IDW" "/kubepods/besteffort/pod5/$IDW" "$(cri ci main gcc:12)" -- sh -c "$keep"
t1=$(ms)
wait_for 20 '[ "$(classified)" = 5 ]'
echo "WORKLOAD-WINDOW $(($(ms) - t0)) ms from runc run, $(($(ms) - t1)) ms from its return, to the kernel's table (TCG, status polled every 100 ms)"
check "a new container is classified" 5 "$(classified)"

check "namespace glob: gcc in ci-7 excepted" 0 "$(in_ctr "$IDA" /usr/bin/gcc)"
in_ctr "$IDA" /usr/bin/kubectl get pods >/dev/null
check "namespace exact: gcc in ci excepted" 0 "$(in_ctr "$IDW" /usr/bin/gcc)"
in_ctr "$IDB" /usr/bin/gcc >/dev/null
in_ctr "$IDC" /usr/bin/gcc >/dev/null
in_ctr "$IDC" /usr/bin/kubectl get pods >/dev/null
in_ctr "$IDN" /usr/bin/gcc >/dev/null
wait_for 20 '[ "$(jq -c "select(.seq)" /tmp/events.jsonl | wc -l)" -ge 3 ]'
check "another namespace alerts" "compiler alert" "$(events_for "$IDB" | head -1 | jq -r '.rule + " " + .action')"
check "image and container name: compiler excepted, the other rule alerts" "container_mgmt" \
	"$(events_for "$IDC" | jq -r .rule)"
check "image without the container name: alerts" "compiler" "$(events_for "$IDN" | jq -r .rule)"
check "the alert names the workload" "shop/shop-pod web-2 reg.io/team/builder:2" \
	"$(events_for "$IDN" | jq -r '"\(.pod.namespace)/\(.pod.name) \(.container.name) \(.container.image)"')"

# enforce: the excepted workload compiles, the other is refused
kwarden mode enforce
check "enforce: gcc in the ci namespace runs" 0 "$(in_ctr "$IDA" /usr/bin/gcc)"
check "enforce: gcc in the builder image runs" 0 "$(in_ctr "$IDC" /usr/bin/gcc)"
check "enforce: gcc in another namespace is refused" refused \
	"$(runc exec "$IDB" /usr/bin/gcc >/dev/null 2>&1 || echo refused)"
kwarden mode detect
check "excepted counted" 6 "$(delta excepted)"
stop_watch
window_check 4

# A container removed leaves the table; a new policy voids it until the
# agent sends one for it. Without the agent: every container is unknown.
start_watch --no-agent
ctr_stop "$IDW"
kwarden policy load /tmp/wl.conf
check "a new policy voids the table" 0 "$(classified)"
check "unknown: gcc runs in detect mode" 0 "$(in_ctr "$IDA" /usr/bin/gcc)"
in_ctr "$IDA" /usr/bin/kubectl get pods >/dev/null
wait_for 20 '[ "$(count_for "$IDA")" -ge 1 ]'
stop_watch
check "unknown: alert for one rule, allow for the other" "compiler" "$(events_for "$IDA" | jq -r .rule)"
window_check 1

start_watch
wait_for 20 '[ "$(classified)" = 4 ]'
check "the agent reclassifies for the new policy, without the removed one" 4 "$(classified)"
check "gcc in ci excepted again" 0 "$(in_ctr "$IDA" /usr/bin/gcc)"
stop_watch
window_check 0

# The bound, in the kernel: a full table (4,096 entries, made-up ids and
# one real container's, put in the ci exception, bit 0) is taken and
# looked up; one entry more is refused whole and the table in force stays.
start_watch --no-agent
G=$(kwarden status --json | jq .policy_generation)
check "a full table: taken" rc=0 "$(printf '%s 1\n' "$IDB" | rawpolicy workloads "$G" 4095)"
check "a full table: every entry counts" 4096 "$(classified)"
kwarden mode enforce
check "a full table: gcc in shop runs in enforce mode, as the table says" 0 "$(in_ctr "$IDB" /usr/bin/gcc)"
kwarden mode detect
check "one entry more: refused" rc=E2BIG "$(printf '%s 1\n' "$IDB" | rawpolicy workloads "$G" 4096 2>/dev/null)"
check "one entry more: the table in force stays" 4096 "$(classified)"
in_ctr "$IDB" /usr/bin/gcc >/dev/null
stop_watch
window_check 0

for id in "$IDA" "$IDB" "$IDC" "$IDN"; do ctr_stop "$id"; done
kwarden policy reset
