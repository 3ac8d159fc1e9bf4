# shellcheck shell=sh
# The policy round-trips through the kernel, a bad file is refused whole
# with its FILE:LINE, and the module refuses what the CLI would never
# send (rawpolicy writes the attributes as given) and changes nothing then.
kwarden policy show >/tmp/show1.conf
check "policy show" 0 "$?"
check "policy show = the shipped default file" "$(kwarden policy check /policy.conf)" \
	"$(kwarden policy check /tmp/show1.conf | sed 's|/tmp/show1.conf|/policy.conf|')"
check "policy show = policy default" "$(kwarden policy default | grep -v '^#')" "$(grep -v '^#' /tmp/show1.conf)"
kwarden policy load /tmp/show1.conf && kwarden policy show >/tmp/show2.conf
check "policy show -> load -> show round-trips" "" "$(cmp /tmp/show1.conf /tmp/show2.conf)"
GEN=$(kwarden status --json | jq .policy_generation)
printf '[rule a]\nnames = x\n[rule b]\nseverity = urgent\n' >/tmp/bad.conf
check "policy load: error names file:line" "kwarden: /tmp/bad.conf:4: severity is info, low, medium, high or critical" \
	"$(kwarden policy load /tmp/bad.conf 2>&1)"
check "policy load: nothing applied" "$GEN" "$(kwarden status --json | jq .policy_generation)"
raw() { printf '%b' "$1" | rawpolicy 2>&1 | tr '\n' ' ' | sed 's/ $//'; }
check "kernel: a name with a slash" "kwarden: kernel: a name is 1 to 255 bytes without /, spaces or # rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset r 0\nname a/b\n')"
check "kernel: 65,537 names" "kwarden: kernel: more than 65536 names rc=E2BIG" \
	"$(raw 'rule r T1 2 1\nset r 0\nnames 65537 n\n')"
check "kernel: 65,536 names of 255 bytes" "rc=0" \
	"$(raw "rule r T1 2 1\nset r 0\nnames 65536 $(head -c 250 /dev/zero | tr '\0' n)\n")"
check "kernel: a 256-byte name is refused" 1 "$(raw 'rule r T1 2 1\nset r 0\nlong 256\n' | grep -c 'rc=E')"
check "kernel: an attribute a policy has no use for" "rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset r 0\nname a\njunk\n' | grep -o 'rc=.*')"
check "kernel: names for an undefined rule" "kwarden: kernel: names for an undefined rule rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset q 0\nname a\n')"
check "kernel: a bad uid" "kwarden: kernel: a uid is a decimal number below 4294967295 rc=EINVAL" \
	"$(raw 'rule r T1 2 1\nset r 0\nname a\nexc e\nval 4 12x\n')"
check "kernel: name globs that cost too much" "kwarden: kernel: name globs too costly (at most 2048: a byte counts 1, or 255 between two '*') rc=ERANGE" \
	"$(raw 'rule r T1 2 1\nset r 0\nname *aa*\nname *bb*\nname *cc*\nname *dd*\nname *ee*\n')"
check "kernel: refused policies change nothing" "$((GEN + 1))" "$(kwarden status --json | jq .policy_generation)"
kwarden policy reset
