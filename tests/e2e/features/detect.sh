# shellcheck shell=sh
# The walking skeleton: gcc and kubectl in a container are reported with
# who ran what, where; ls in a container, gcc on the host and gcc in a
# private mount namespace are not.
start_watch
ID1=$(hexid gcc-in-docker)
ctr_run gcc1 "/docker/$ID1" -- /usr/bin/gcc
ID2=$(hexid ls-in-docker)
ctr_run ls2 "/docker/$ID2" -- /bin/ls /
ID3=$(hexid kubectl-in-docker)
ctr_run kubectl3 "/docker/$ID3" -- /usr/bin/kubectl get pods
/usr/bin/gcc
unshare -m /usr/bin/gcc
stop_watch
check "watch exits 0 on SIGINT" 0 "$WATCH_RC"
window_check 2

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
