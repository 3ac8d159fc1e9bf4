# shellcheck shell=sh
# Enforce mode: a compiler in a container is refused (EPERM before the
# exec, or killed before its first instruction when an argv condition
# decides), what is not matched and what runs on the host still run.
kwarden mode enforce
check "mode enforce" 0 "$?"
check "status says enforce" enforce "$(kwarden status --json | jq -r .mode)"
start_watch
IDE=$(hexid enforce)
# (one line: ctr_run passes arguments by lines)
ctr_run enf "/docker/$IDE" -- /bin/sh -c '/usr/bin/gcc; echo "gcc-rc=$?"; /bin/ls / >/dev/null; echo "ls-rc=$?"; /usr/bin/go build ./...; echo "go-rc=$?"; /usr/bin/go version; echo "gov-rc=$?"' >/tmp/enf.out 2>&1
/usr/bin/gcc
HOSTRC=$?
kwarden mode detect
stop_watch
cat /tmp/enf.out
check "enforce: gcc in container is refused" 1 "$(grep -c 'Operation not permitted' /tmp/enf.out)"
check "enforce: gcc in container exits non-zero" 0 "$(grep -c 'gcc-rc=0' /tmp/enf.out)"
check "enforce: ls in container still runs" 1 "$(grep -c 'ls-rc=0' /tmp/enf.out)"
check "enforce: host gcc still runs" 0 "$HOSTRC"
check "enforce: the relay reports blocked" "gcc blocked" \
	"$(events_for "$IDE" | jq -r 'select(.match.pattern == "gcc") | "\(.match.pattern) \(.action)"')"
# an argv-conditioned name is decided after the point of no return: killed
check "enforce: go build killed before it runs" 1 "$(grep -c 'go-rc=137' /tmp/enf.out)"
check "enforce: go version still runs" 1 "$(grep -c 'gov-rc=0' /tmp/enf.out)"
check "enforce: the relay reports go build blocked" '["/usr/bin/go","build","./..."] blocked' \
	"$(events_for "$IDE" | jq -c -r 'select(.match.pattern == "go") | "\(.process.argv | tojson) \(.action)"')"
check "enforce: blocked counted" 2 "$(delta blocked)"
