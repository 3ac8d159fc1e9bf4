# shellcheck shell=sh
# The module loads and reports the built-in policy: as many names per
# rule as the shipped policy file lists (the words of its names = lines,
# up to a condition).
if insmod /kwarden.ko; then pass "insmod"; else fail "insmod" "insmod failed"; fi
check "status reports loaded" "true" "$(kwarden status --json | jq -r .loaded)"
names_in() {
	awk -v r="[rule $1]" '$0 == r { on = 1; next } /^\[/ { on = 0 }
		on && /^names *=/ { sub(/^names *= */, ""); sub(/ when .*/, ""); n += split($0, w, " ") }
		END { print n + 0 }' /policy.conf
}
check "status counts names per rule" "$(names_in compiler) $(names_in container_mgmt)" \
	"$(kwarden status --json | jq -r '"\(.names_compiler) \(.names_container_mgmt)"')"
