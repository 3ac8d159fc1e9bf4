# shellcheck shell=sh
# The module unloads, and without it watch says so and exits 3.
if rmmod kwarden; then pass "rmmod"; else fail "rmmod" "rmmod failed"; fi
kwarden watch >/dev/null 2>/tmp/absent.err
check "watch without module exits 3" 3 "$?"
check "watch without module says so" 1 "$(grep -c 'module not loaded' /tmp/absent.err)"
