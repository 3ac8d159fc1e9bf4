# shellcheck shell=sh disable=SC1091
# Sourced inside the QEMU guest (busybox sh): containers and assertions.
PASSED=0
FAILED=0

# KW_SLOW: how many times slower than a stock kernel this one runs (the
# host writes it: 1, or more on a debug kernel)
KW_SLOW=1
[ ! -f /etc/kw-guest.env ] || . /etc/kw-guest.env
# slow SECS: a time limit stretched for this kernel
slow() { echo $(($1 * KW_SLOW)); }
# scaled N: a volume (execs, messages, cycles) shrunk for this kernel, so
# a slow kernel's guest takes about as long as a stock one's
scaled() { echo $((($1 + KW_SLOW - 1) / KW_SLOW)); }

pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL $1: $2"; FAILED=$((FAILED + 1)); }

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

# A 64-hex container id derived from a word, unique per test.
hexid() {
	echo "$1" | sha256sum | cut -c1-64
}

# ctr_run NAME CGROUPS_PATH [jq filter on the config] -- ARGS...
# Runs ARGS in a runc container whose cgroup is CGROUPS_PATH.
ctr_run() {
	name=$1 cg=$2 filter=.
	shift 2
	if [ "$1" != "--" ]; then filter=$1; shift; fi
	shift
	b=/run/bundles/$name
	mkdir -p "$b"
	# jq would take "-c" among --args for its own option: go by lines.
	args=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	jq --arg cg "$cg" --argjson args "$args" --arg h "$name" '
		.process.terminal = false | .process.args = $args |
		.root = {path: ($ENV.ROOTFS // "/ctr/rootfs"), readonly: false} |
		.hostname = $h | .linux.cgroupsPath = $cg' \
		/ctr/config.tmpl.json | jq "$filter" >"$b/config.json"
	runc run --no-pivot -b "$b" "$name" </dev/null
}

# Events (JSON lines) whose cgroup mentions $1.
events_for() {
	jq -c --arg id "$1" 'select(.container.cgroup? // "" | contains($id))' /tmp/events.jsonl
}

count_for() {
	events_for "$1" | wc -l | tr -d ' '
}

start_watch() {
	kwarden watch "$@" >/tmp/events.jsonl 2>/tmp/watch.err &
	WATCH_PID=$!
	sleep 1
}

stop_watch() {
	sleep 1
	kill -INT "$WATCH_PID"
	wait "$WATCH_PID"
	WATCH_RC=$?  # read by the test scripts
}

finish() {
	if [ "$FAILED" -gt 0 ] && [ -f /tmp/events.all ]; then
		echo "--- events received"; cat /tmp/events.all
	fi
	echo "guest: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
