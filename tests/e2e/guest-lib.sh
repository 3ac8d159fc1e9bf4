# shellcheck shell=sh disable=SC1091
# Sourced inside the QEMU guest (busybox sh) by every feature script
# (features/*.sh, run by features.sh): containers, a relay, assertions.
# Each feature counts its own checks.
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
# $BUNDLE: the bundle directory (default /run/bundles/NAME); $RUNC_ROOT:
# runc's state root (default runc's own, /run/runc).
ctr_run() {
	ctr_config "$@"
	runc ${RUNC_ROOT:+--root "$RUNC_ROOT"} run --no-pivot -b "$b" "$1" </dev/null
}

# ctr_start: as ctr_run, detached: the container runs on until ctr_stop NAME.
ctr_start() {
	ctr_config "$@"
	runc ${RUNC_ROOT:+--root "$RUNC_ROOT"} run -d --no-pivot -b "$b" "$1" \
		</dev/null >/dev/null 2>&1
}

ctr_stop() {
	runc ${RUNC_ROOT:+--root "$RUNC_ROOT"} delete -f "$1"
}

# ctr_config NAME CGROUPS_PATH [filter] -- ARGS: the bundle's config.json, in $b
ctr_config() {
	name=$1 cg=$2 filter=.
	shift 2
	if [ "$1" != "--" ]; then filter=$1; shift; fi
	shift
	b=${BUNDLE:-/run/bundles/$name}
	mkdir -p "$b"
	# jq would take "-c" among --args for its own option: go by lines.
	args=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	jq --arg cg "$cg" --argjson args "$args" --arg h "$name" '
		.process.terminal = false | .process.args = $args |
		.root = {path: ($ENV.ROOTFS // "/ctr/rootfs"), readonly: false} |
		.hostname = $h | .linux.cgroupsPath = $cg' \
		/ctr/config.tmpl.json | jq "$filter" >"$b/config.json"
}

# Events (JSON lines) whose cgroup mentions $1.
events_for() {
	jq -c --arg id "$1" 'select(.container.cgroup? // "" | contains($id))' /tmp/events.jsonl
}

count_for() {
	events_for "$1" | wc -l | tr -d ' '
}

# wait_for SECS CMD: until the shell command CMD succeeds (0), or SECS
# (stretched for a slow kernel) have passed (1); polls ten times a second
wait_for() {
	wf_n=$(($(slow "$1") * 10))
	while ! eval "$2"; do
		[ "$wf_n" -gt 0 ] || return 1
		usleep 100000
		wf_n=$((wf_n - 1))
	done
}

# start_watch [ARGS]: a relay writing JSON lines (or ARGS' format) to
# /tmp/events.jsonl, back once it says it has subscribed: every finding
# from then on reaches the file or is counted as lost. The module's
# counters at the start are in $W0 (see delta, window_check).
start_watch() {
	W0=$(kwarden status --json)
	: >/tmp/watch.err
	kwarden watch "$@" >/tmp/events.jsonl 2>/tmp/watch.err &
	WATCH_PID=$!
	wait_for 20 'grep -q "^kwarden: watching" /tmp/watch.err' ||
		fail "${FEATURE:-guest}: the relay subscribes" "$(cat /tmp/watch.err)"
}

# stop_watch: SIGINT; the relay asks the module for its last sequence
# number (the module sends what it still holds first), reads up to it and
# counts what never came, so nothing needs a sleep before.
stop_watch() {
	kill -INT "$WATCH_PID"
	wait "$WATCH_PID"
	# shellcheck disable=SC2034 # read by the feature scripts
	WATCH_RC=$?
}

# delta KEY: how much the module's counter KEY grew since start_watch
delta() {
	echo $(($(kwarden status --json | jq ".$1") - $(echo "$W0" | jq ".$1")))
}

# window_check N: the relay just stopped got N findings and no others,
# lost none, and the module counted N alerted and N sent meanwhile
window_check() {
	check "$FEATURE: $1 findings and no other" "$1" \
		"$(jq -c 'select(.seq)' /tmp/events.jsonl | wc -l | tr -d ' ')"
	check "$FEATURE: no lost events" 0 "$(jq -c 'select(.lost)' /tmp/events.jsonl | wc -l | tr -d ' ')"
	check "$FEATURE: the module counted them alerted and sent" "$1 $1" "$(delta alerted) $(delta sent)"
}

# The sorted match patterns of a container's events.
# the patterns names matched, sorted; drifts: the names of new files run
pats() { events_for "$1" | jq -r 'select(.match.on != "drift") | .match.pattern' | sort | tr '\n' ' '; }
drifts() { events_for "$1" | jq -r 'select(.match.on == "drift") | .match.name' | tr '\n' ' '; }

# feature_end: the feature's counts, for the runner (features.sh); the
# last relay's events if anything failed
feature_end() {
	if [ "$FAILED" -gt 0 ] && [ -s /tmp/events.jsonl ]; then
		echo "--- $FEATURE: the last relay's events"; cat /tmp/events.jsonl
	fi
	echo "feature $FEATURE: $PASSED passed, $FAILED failed"
	echo "$PASSED $FAILED" >"/tmp/results/$FEATURE"
}

# abort_feature: the feature cannot go on; the runner counts what it did
abort_feature() {
	feature_end
	exit 1
}

# The module is loaded.
loaded() { grep -q '^kwarden ' /proc/modules; }

# runtimes_up: in the real-runtime guest (lib.sh's add_runtimes), Debian
# 12's containerd and docker started as a node runs them, and the busybox
# image imported into docker, containerd's k8s.io namespace and podman
runtimes_up() {
	ip link set lo up
	insmod /overlay.ko
	# podman's locks are POSIX shared memory
	mkdir -p /dev/shm && mount -t tmpfs shm /dev/shm
	mkdir -p /var/lib /etc/docker /var/tmp
	# what docker copies into a container and looks for
	: >/etc/resolv.conf
	echo "127.0.0.1 localhost" >/etc/hosts
	# docker's config.v2.json and containerd's state live under /var/lib: on ext4
	containerd >/tmp/containerd.log 2>&1 &
	wait_for 120 '[ -S /run/containerd/containerd.sock ]' ||
		{ echo "FAIL runtimes: containerd did not start"; tail -20 /tmp/containerd.log; }
	dockerd --iptables=false --ip6tables=false --bridge=none --userland-proxy=false \
		--storage-driver=overlay2 --containerd=/run/containerd/containerd.sock \
		>/tmp/dockerd.log 2>&1 &
	wait_for 180 'docker info >/dev/null 2>&1' ||
		{ echo "FAIL runtimes: dockerd did not start"; tail -20 /tmp/dockerd.log; }
	docker import /images/bb.tar kw/bb:1 >/dev/null
	docker save kw/bb:1 | ctr -n k8s.io image import - >/dev/null
	podman --cgroup-manager=cgroupfs --events-backend=file import /images/bb.tar kw/bb:1 >/dev/null
}
