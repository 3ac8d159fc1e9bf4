# shellcheck shell=sh
# syslog alerts reach a real syslog daemon through /dev/log, and the text
# format's line.
syslogd -n -O /tmp/messages &
SYSLOGD=$!
wait_for 10 '[ -S /dev/log ]' || fail "syslogd listens" "no /dev/log"
start_watch --syslog --format text
IDS=$(hexid syslog)
ctr_run sl "/docker/$IDS" -- /usr/bin/kubectl get secrets
stop_watch
# syslogd writes what it has been sent in its own time
wait_for 10 "grep -q 'container=$IDS' /tmp/messages" || fail "syslogd wrote the alert" "nothing in /tmp/messages"
kill $SYSLOGD
wait $SYSLOGD
check "syslog: one alert line" 1 "$(grep -c "kwarden\[[0-9]*\]: rule=container_mgmt technique=T1609 action=alert .*container=$IDS" /tmp/messages)"
check "syslog: authpriv.warning" 1 "$(grep "container=$IDS" /tmp/messages | grep -c 'authpriv.warn')"
check "syslog: argv quoted" 1 "$(grep -c 'argv="/usr/bin/kubectl get secrets"' /tmp/messages)"
check "text format line" 1 "$(grep -c "ALERT container_mgmt (T1609) container=docker:$(echo "$IDS" | cut -c1-12)" /tmp/events.jsonl)"
