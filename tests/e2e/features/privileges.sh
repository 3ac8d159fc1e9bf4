# shellcheck shell=sh
# Who may do what: root in a container (host network namespace, runc's
# default capabilities) changes neither mode nor policy; an unprivileged
# user reads no policy and joins no events group, and is told why.
IDX=$(hexid privs)
ctr_run privs "/docker/$IDX" '.linux.namespaces |= map(select(.type != "network"))' -- \
	/usr/bin/kwarden mode enforce >/tmp/privs.out 2>&1
check "container root cannot change the mode" 1 "$(grep -c 'Operation not permitted' /tmp/privs.out)"
ctr_run privs2 "/docker/$IDX" '.linux.namespaces |= map(select(.type != "network"))' -- \
	/usr/bin/kwarden policy reset >/tmp/privs2.out 2>&1
check "container root cannot change the policy" 1 "$(grep -c 'Operation not permitted' /tmp/privs2.out)"
su nobody -c 'kwarden policy show' >/dev/null 2>/tmp/nobody-pol.err
check "unprivileged user cannot read the policy" 1 "$(grep -c 'Operation not permitted' /tmp/nobody-pol.err)"
check "mode unchanged" detect "$(kwarden status --json | jq -r .mode)"
su nobody -c 'kwarden watch' >/dev/null 2>/tmp/nobody.err
check "unprivileged user cannot subscribe" 1 "$?"
check "unprivileged user is told why" 1 "$(grep -c 'cannot join the events group' /tmp/nobody.err)"
echo detect >/sys/module/kwarden/parameters/mode
check "mode parameter" detect "$(cat /sys/module/kwarden/parameters/mode)"
