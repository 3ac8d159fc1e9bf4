# shellcheck shell=sh
# An operator's own rule, exact and glob names, loaded from a file.
{ cat /policy.conf; printf '[rule custom_tools]\ntechnique = T1588.002\nseverity = high\naction = alert\nnames = mytool evil*\n'; } >/tmp/custom.conf
kwarden policy load /tmp/custom.conf
check "policy load: own rule" 0 "$?"
start_watch
IDA=$(hexid added)
ctr_run added "/docker/$IDA" -- /bin/sh -c 'cp /usr/bin/gcc /tmp/mytool; cp /usr/bin/gcc /tmp/evil-cc; cp /usr/bin/gcc /tmp/good; /tmp/mytool; /tmp/evil-cc; /tmp/good'
stop_watch
kwarden policy reset
check "policy reset" 0 "$?"
# and the copy no name lists, a new file
window_check 3
check "own rule: exact and glob names" "evil* mytool " "$(pats "$IDA")"
check "own rule: its name and technique" "custom_tools T1588.002 high" \
	"$(events_for "$IDA" | jq -r 'select(.match.on != "drift") | [.rule, .technique, .severity] | join(" ")' | sort -u)"
check "own rule: a copy under no listed name is a new file" "good " "$(drifts "$IDA")"
