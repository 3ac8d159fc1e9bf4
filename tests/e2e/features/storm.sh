# shellcheck shell=sh disable=SC1091
# Policy swaps during an exec storm on four CPUs: every exec sees the old
# or the new policy, no event is lost without being counted, no oops.
# A first container flips the kernel's cgroup static keys while all is quiet.
ctr_run warm "/docker/$(hexid warm)" -- /bin/true
if insmod /kwarden.ko; then pass "insmod"; else fail "insmod" "insmod failed"; abort_feature; fi
check "four CPUs" 4 "$(grep -c ^processor /proc/cpuinfo)"

# The same two names in both policies, in crossed set order: an exec that
# mixed one policy's set index with the other's sets would report gcc
# under a container-management rule.
printf '[rule compiler_a]\nnames = gcc\n[rule mgmt_a]\nnames = kubectl\n' >/tmp/a.conf
printf '[rule mgmt_b]\nnames = kubectl\n[rule compiler_b]\nnames = gcc\n' >/tmp/b.conf
kwarden policy load /tmp/a.conf
check "policy a loads" 0 "$?"

S0=$(kwarden status --json)
start_watch --rcvbuf 16777216
ID=$(hexid storm)
NS=$(scaled 500)
(ctr_run storm "/docker/$ID" -- /bin/sh -c \
	"for i in 1 2 3 4; do execbench $NS /usr/bin/gcc >/dev/null & done; wait"
 touch /tmp/storm.done) &
STORM=$!
LOADS=0 LOADFAIL=0
while [ ! -f /tmp/storm.done ]; do
	kwarden policy load /tmp/b.conf || LOADFAIL=$((LOADFAIL + 1))
	kwarden policy load /tmp/a.conf || LOADFAIL=$((LOADFAIL + 1))
	LOADS=$((LOADS + 2))
done
wait "$STORM"	# not a bare wait: the relay runs until told to stop
stop_watch
S1=$(kwarden status --json)
d() { echo $(( $(echo "$S1" | jq ".$1") - $(echo "$S0" | jq ".$1") )); }
RECV=$(jq -c 'select(.seq)' /tmp/events.jsonl | wc -l | tr -d ' ')
LOST=$(jq -s 'map(.lost // 0) | add' /tmp/events.jsonl)
echo "storm: loads=$LOADS alerted=$(d alerted) received=$RECV lost=$LOST"
check "storm: policy swaps all succeeded" 0 "$LOADFAIL"
check "storm: many swaps during the storm" true "$([ "$LOADS" -ge 10 ] && echo true || echo false)"
# execbench N runs N execs plus N/10 warm-up
check "storm: every exec found" "$((4 * (NS + NS / 10)))" "$(d alerted)"
check "storm: received + lost + kernel drops = findings" "$(d alerted)" \
	"$((RECV + LOST + $(d dropped_no_listener) + $(d dropped_nomem) ))"
# several events to a datagram: each still arrives once, numbered once
check "storm: no event number twice" "$RECV" \
	"$(jq -r 'select(.seq) | .seq' /tmp/events.jsonl | sort -u | wc -l | tr -d ' ')"
check "storm: gcc only ever under a compiler rule" 0 \
	"$(jq -r 'select(.seq) | select(.rule != "compiler_a" and .rule != "compiler_b") | .rule' /tmp/events.jsonl | wc -l | tr -d ' ')"
check "storm: both policies were seen" 2 \
	"$(jq -r 'select(.seq) | .rule' /tmp/events.jsonl | sort -u | wc -l | tr -d ' ')"
check "storm: generation counts the swaps" "$((LOADS - LOADFAIL))" "$(d policy_generation)"

if rmmod kwarden; then pass "rmmod"; else fail "rmmod" "rmmod failed"; fi
