# shellcheck shell=sh
# The relay follows the module through rmmod and insmod.
start_watch
rmmod kwarden
wait_for 10 "grep -q 'module unloaded' /tmp/watch.err" || fail "reload: watch notices the unload" "$(cat /tmp/watch.err)"
insmod /kwarden.ko
# it looks for the family again every second
wait_for 10 "grep -q 'module is back, watching' /tmp/watch.err" || fail "reload: watch resubscribes" "$(cat /tmp/watch.err)"
IDL=$(hexid reload)
ctr_run rl "/docker/$IDL" -- /usr/bin/gcc
stop_watch
check "reload: watch resumed and got the event" 1 "$(count_for "$IDL")"
check "reload: watch said the module went away" 1 "$(grep -c 'module unloaded' /tmp/watch.err)"
check "reload: watch still exits 0" 0 "$WATCH_RC"
