# shellcheck shell=sh
# An action per rule in enforce mode: compiler alerts only, container_mgmt
# blocks.
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
check "rule action block: counted blocked" 1 "$(delta blocked)"
