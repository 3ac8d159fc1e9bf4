# shellcheck shell=sh
# A burst against a slow consumer: every finding is received, or counted
# as lost by the relay, or dropped in the kernel with a cause.
B0=$(kwarden status --json)
# the consumer reads nothing until the burst is over
kwarden watch --rcvbuf 65536 2>/tmp/burst.err |
	(while [ ! -f /tmp/burst.done ]; do usleep 100000; done; cat >/tmp/burst.jsonl) &
READER=$!
wait_for 20 'grep -q "^kwarden: watching" /tmp/burst.err' || fail "burst: the relay subscribes" "$(cat /tmp/burst.err)"
IDB=$(hexid burst)
NB=$(scaled 5000)
ctr_run burst "/docker/$IDB" -- /usr/bin/execbench "$NB" /usr/bin/gcc >/dev/null
touch /tmp/burst.done
wait_for 10 '[ -e /tmp/burst.jsonl ]' || fail "burst: the consumer starts reading" "no /tmp/burst.jsonl"
# the relay finishes the line it is writing, reads what the socket still
# holds and counts what it could not get
killall -INT kwarden
wait "$READER"
B1=$(kwarden status --json)
d() { echo $(( $(echo "$B1" | jq ".$1") - $(echo "$B0" | jq ".$1") )); }
RECV=$(jq -c 'select(.seq)' /tmp/burst.jsonl | wc -l | tr -d ' ')
LOST=$(jq -s 'map(.lost // 0) | add' /tmp/burst.jsonl)
cat /tmp/burst.err
echo "burst: alerted=$(d alerted) received=$RECV relay_lost=$LOST no_listener=$(d dropped_no_listener) nomem=$(d dropped_nomem) socket_full=$(d dropped_socket_full)"
# execbench N runs N execs plus N/10 warm-up
check "burst: every exec found" "$((NB + NB / 10))" "$(d alerted)"
check "burst: received + lost + kernel drops = findings" "$(d alerted)" \
	"$((RECV + LOST + $(d dropped_no_listener) + $(d dropped_nomem)))"
check "burst: the kernel saw the socket full" "$LOST" "$(d dropped_socket_full)"
check "burst: the slow consumer did lose events" true "$([ "$LOST" -gt 0 ] && echo true || echo false)"
