# shellcheck shell=sh disable=SC1091
# The generic netlink fuzzer (genlfuzz) as root, as nobody, as root of a
# user namespace and in a network namespace of its own; then the module's
# life cycle under load: rmmod while a relay reads, while a policy dump is
# held open, during an exec storm, during a fuzz, and 50 insmod/rmmod
# cycles with execs between. Every step is bounded with timeout: a hang
# fails the step instead of the guest.
T0=$(date +%s)
SEED=${KW_FUZZ_SEED:-$(date +%s)}
echo "guest-fuzz: base seed $SEED"

# section NAME: where the guest's time goes
section() { echo "guest-fuzz: $1 at $(($(date +%s) - T0)) s"; }

# timed_out RC: busybox timeout execs the program, which dies of the signal
timed_out() { [ "$1" -ge 124 ]; }

# gone PID: the process has exited (a zombie counts: it is not reaped yet)
gone() {
	[ ! -e "/proc/$1/stat" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" = Z ]
}

# wait_gone PID SECS: 0 once PID has exited, 1 if it still runs after SECS
wait_gone() {
	n=0
	while ! gone "$1"; do
		[ "$n" -ge $(($2 * 10)) ] && return 1
		usleep 100000
		n=$((n + 1))
	done
	return 0
}

# stop_watch, bounded: SIGINT, then SIGKILL (and a failure) after 15 s
stop_watch_bounded() {
	kill -INT "$WATCH_PID" 2>/dev/null
	if ! wait_gone "$WATCH_PID" "$(slow 15)"; then
		fail "$1: watch stops on SIGINT" "still running after 15 s"
		kill -KILL "$WATCH_PID" 2>/dev/null
	fi
	wait "$WATCH_PID"
	WATCH_RC=$?
}

# rm_retry SECS: rmmod until it succeeds; a finding in flight or a dump
# being torn down holds the module for a moment (EAGAIN). 0 unloaded,
# 1 still loaded after SECS, 2 rmmod itself hung.
rm_retry() {
	n=0
	while [ "$n" -lt $(($1 * 5)) ]; do
		timeout "$(slow 30)" rmmod kwarden 2>>/tmp/rmmod.err && return 0
		timed_out $? && return 2
		loaded || return 0
		usleep 200000
		n=$((n + 1))
	done
	return 1
}

ins() {
	timeout "$(slow 30)" insmod /kwarden.ko 2>>/tmp/insmod.err
}

# sum FILE KEY: the value of KEY=N on genlfuzz's summary line
sum() {
	sed -n "s/^genlfuzz: done .* $2=\([0-9]*\).*/\1/p" "$1"
}

# fuzz_report NAME RC SECS: what a genlfuzz run printed, and its verdict
fuzz_report() {
	grep -v '^genlfuzz: done' "/tmp/fuzz-$1.out" | head -60
	grep '^genlfuzz: done' "/tmp/fuzz-$1.out"
	echo "fuzz $1: rc=$2"
	if timed_out "$2"; then
		fail "fuzz $1: finishes" "killed after $3 s"
	else
		check "fuzz $1: no violation" 0 "$2"
	fi
	check "fuzz $1: summary printed" 1 "$(grep -c '^genlfuzz: done' "/tmp/fuzz-$1.out")"
}

# fuzz NAME SECS ARGS...: one bounded genlfuzz run
fuzz() {
	fname=$1 flimit=$2
	shift 2
	timeout "$flimit" genlfuzz "$@" >"/tmp/fuzz-$fname.out" 2>&1
	fuzz_report "$fname" $? "$flimit"
}

# the kernel's cgroup static keys flip with the first container, while quiet
ctr_run warm "/docker/$(hexid warm)" -- /bin/true
if ins; then pass "insmod"; else fail "insmod" "$(cat /tmp/insmod.err)"; abort_feature; fi

# -- the fuzzer ------------------------------------------------------------
# as root, while an unprivileged fuzzer runs too and a container execs
# gcc: random policies are swapped under findings in flight
G0=$(timeout "$(slow 20)" kwarden status --json | jq .policy_generation)
start_watch
IDR=$(hexid fuzz-storm)
(timeout "$(slow 150)" sh -c ". /guest-lib.sh; ctr_run fstorm /docker/$IDR -- /usr/bin/execbench $(scaled 1000) /usr/bin/gcc" \
	>/dev/null; echo $? >/tmp/fstorm.rc) &
FSTORM=$!
(timeout "$(slow 90)" genlfuzz --as nobody -n "$(scaled 20000)" -s "$((SEED + 1))" -t "$(slow 60)" >/tmp/fuzz-nobody.out 2>&1
 echo $? >/tmp/fuzz-nobody.rc) &
FNOBODY=$!
fuzz root "$(slow 150)" -n "$(scaled 20000)" -s "$SEED" -t "$(slow 120)"
wait_gone "$FNOBODY" "$(slow 90)" || fail "fuzz nobody: finishes" "still running"
wait "$FNOBODY"
wait_gone "$FSTORM" "$(slow 150)" || fail "fuzz: the storm finishes" "still running"
wait "$FSTORM"
stop_watch_bounded "fuzz storm"
G1=$(timeout "$(slow 20)" kwarden status --json | jq .policy_generation)
echo "fuzz root: $((G1 - G0)) policies swapped in; $(count_for "$IDR") findings relayed"
check "fuzz root: policies were loaded" true "$([ $((G1 - G0)) -gt "$(scaled 100)" ] && echo true || echo false)"
check "fuzz root: the container's execs all ran" 0 "$(cat /tmp/fstorm.rc)"
check "fuzz root: the relay exits 0" 0 "$WATCH_RC"
check "fuzz root: the relay wrote JSON lines only" 0 "$(jq -c . /tmp/events.jsonl >/dev/null 2>&1; echo $?)"
check "fuzz root: every message sent" "$(scaled 20000)" "$(sum /tmp/fuzz-root.out sent)"
check "fuzz root: valid policies among them" true \
	"$([ "$(sum /tmp/fuzz-root.out valid_policies)" -gt "$(scaled 100)" ] && echo true || echo false)"
check "fuzz root: never refused EPERM" "" "$(grep -o ' EPERM=[0-9]*' /tmp/fuzz-root.out)"

fuzz_report nobody "$(cat /tmp/fuzz-nobody.rc)" "$(slow 90)"
check "fuzz nobody: admin commands were sent and refused with EPERM" true \
	"$([ "$(sum /tmp/fuzz-nobody.out admin_refused_eperm)" -gt "$(scaled 1000)" ] && echo true || echo false)"
check "fuzz nobody: cannot join the events group" 0 "$(sum /tmp/fuzz-nobody.out mcast_ok)"

fuzz userns "$(slow 90)" --userns -n "$(scaled 20000)" -s "$((SEED + 2))" -t "$(slow 60)"
check "fuzz userns: admin commands refused with EPERM" true \
	"$([ "$(sum /tmp/fuzz-userns.out admin_refused_eperm)" -gt "$(scaled 1000)" ] && echo true || echo false)"
check "fuzz userns: cannot join the events group" 0 "$(sum /tmp/fuzz-userns.out mcast_ok)"

# a network namespace of its own, while findings are multicast in the
# initial one: every request is ENOENT and no event reaches it
start_watch
IDN=$(hexid netns-storm)
(timeout "$(slow 120)" sh -c ". /guest-lib.sh; ctr_run nstorm /docker/$IDN -- /usr/bin/execbench $(scaled 600) /usr/bin/gcc" \
	>/dev/null; echo $? >/tmp/nstorm.rc) &
NSTORM=$!
sleep 1
fuzz netns "$(slow 60)" --userns --netns -n "$(scaled 25000)" -s "$((SEED + 3))" -t "$(slow 30)"
wait_gone "$NSTORM" "$(slow 120)" || fail "netns: storm finishes" "still running"
wait "$NSTORM"
stop_watch_bounded netns
check "netns: the storm ran" 0 "$(cat /tmp/nstorm.rc)"
check "netns: events were multicast meanwhile" true \
	"$([ "$(count_for "$IDN")" -gt 0 ] && echo true || echo false)"
check "netns: no event reached the other namespace" 0 "$(sum /tmp/fuzz-netns.out events)"
check "netns: nothing but errors came back" 0 "$(sum /tmp/fuzz-netns.out data)"
check "netns: requests were refused ENOENT" true \
	"$([ "$(sed -n 's/^genlfuzz: done .* ENOENT=\([0-9]*\).*/\1/p' /tmp/fuzz-netns.out)" -gt "$(scaled 5000)" ] && echo true || echo false)"

# -- the module still works ----------------------------------------------------
S=$(timeout "$(slow 20)" kwarden status --json)
check "after the fuzz: status answers" true "$(echo "$S" | jq .loaded)"
check "after the fuzz: mode detect" detect "$(echo "$S" | jq -r .mode)"
# the same rules, names and exceptions (the first comment line differs)
timeout "$(slow 20)" kwarden policy show 2>&1 | grep -v '^#' >/tmp/pol.now
timeout "$(slow 20)" kwarden policy default 2>&1 | grep -v '^#' >/tmp/pol.def
check "after the fuzz: the built-in policy is back" 0 "$(cmp -s /tmp/pol.now /tmp/pol.def; echo $?)"
start_watch
IDF=$(hexid after-fuzz)
timeout "$(slow 60)" sh -c ". /guest-lib.sh; ctr_run af /docker/$IDF -- /usr/bin/gcc"
stop_watch_bounded "after the fuzz"
check "after the fuzz: a finding arrives" 1 "$(count_for "$IDF")"
check "after the fuzz: watch exits 0" 0 "$WATCH_RC"
section "fuzzing done"

# -- rmmod while the relay reads ---------------------------------------------
section "rmmod under watch"
start_watch
timeout "$(slow 30)" rmmod kwarden 2>/tmp/rmmod.err
RC=$?
if timed_out "$RC"; then
	fail "rmmod under watch" "rmmod hung"
elif [ "$RC" -eq 0 ]; then
	check "rmmod under watch: unloaded" false "$(loaded && echo true || echo false)"
else
	check "rmmod under watch: refused cleanly, still loaded" true "$(loaded && echo true || echo false)"
fi
# an unload the relay hears of (or, if it failed, dies of)
[ "$RC" -ne 0 ] || wait_for 10 "grep -q 'module unloaded' /tmp/watch.err || gone $WATCH_PID"
if gone "$WATCH_PID"; then
	echo "watch exited after rmmod"
	wait "$WATCH_PID"
	pass "rmmod under watch: watch exited"
	loaded || ins
else
	pass "rmmod under watch: watch still running"
	loaded || ins
	# the relay looks for the family again every second
	[ "$RC" -ne 0 ] || wait_for 10 "grep -q 'module is back' /tmp/watch.err" ||
		fail "rmmod under watch: watch resubscribes" "$(cat /tmp/watch.err)"
	IDW=$(hexid rmmod-watch)
	timeout "$(slow 60)" sh -c ". /guest-lib.sh; ctr_run rw /docker/$IDW -- /usr/bin/gcc"
	stop_watch_bounded "rmmod under watch"
	check "rmmod under watch: watch resumed and got the event" 1 "$(count_for "$IDW")"
	check "rmmod under watch: watch exits 0" 0 "$WATCH_RC"
fi
check "rmmod under watch: loaded again" true "$(loaded && echo true || echo false)"

# -- rmmod while a policy dump is held open -------------------------------------
section "held dump"
# netlink holds a module reference for a dump in progress: rmmod must be
# refused, never pull the module from under the dump's done callback
timeout "$(slow 60)" genlfuzz --hold "$(slow 20)" >/tmp/hold.out 2>&1 &
HOLD=$!
n=0
while ! grep -q 'holding a policy dump' /tmp/hold.out && [ $n -lt "$(slow 100)" ]; do usleep 100000; n=$((n + 1)); done
check "held dump: started" 1 "$(grep -c 'holding a policy dump' /tmp/hold.out)"
timeout "$(slow 30)" rmmod kwarden 2>/tmp/rmmod-hold.err
RC=$?
timed_out "$RC" && fail "held dump: rmmod returns" "rmmod hung"
check "held dump: rmmod refused" 1 "$RC"
check "held dump: still loaded" true "$(loaded && echo true || echo false)"
check "held dump: status answers meanwhile" true "$(timeout "$(slow 20)" kwarden status --json | jq .loaded)"
kill -TERM "$HOLD"
wait_gone "$HOLD" "$(slow 10)" || fail "held dump: genlfuzz exits" "still running"
wait "$HOLD"
# the dump's socket is torn down after an RCU grace period and a work item
rm_retry 20
check "held dump: rmmod once the socket is closed" 0 "$?"
ins
check "held dump: insmod again" true "$(loaded && echo true || echo false)"

# -- rmmod during an exec storm --------------------------------------------------
section "rmmod storm"
start_watch
IDS=$(hexid rmmod-storm)
rm -f /tmp/storm.rc
(timeout "$(slow 180)" sh -c ". /guest-lib.sh; ctr_run rs /docker/$IDS -- /usr/bin/execbench $(scaled 2000) /usr/bin/gcc" \
	>/dev/null; echo $? >/tmp/storm.rc) &
STORM=$!
sleep 2
UNLOADS=0 REFUSED=0 HUNG=0 INSFAIL=0
while ! gone "$STORM"; do
	timeout "$(slow 30)" rmmod kwarden 2>>/tmp/rmmod-storm.err
	RC=$?
	if timed_out "$RC"; then HUNG=$((HUNG + 1)); break; fi
	if [ "$RC" -eq 0 ]; then
		UNLOADS=$((UNLOADS + 1))
		usleep 300000
		ins || INSFAIL=$((INSFAIL + 1))
	else
		REFUSED=$((REFUSED + 1))
	fi
	usleep 300000
done
wait "$STORM"
loaded || ins
echo "storm: unloads=$UNLOADS refused=$REFUSED insmod_failed=$INSFAIL"
sort /tmp/rmmod-storm.err 2>/dev/null | uniq -c
check "storm: rmmod never hung" 0 "$HUNG"
check "storm: every exec ran" 0 "$(cat /tmp/storm.rc)"
check "storm: unloaded during the storm" true "$([ "$UNLOADS" -gt 0 ] && echo true || echo false)"
check "storm: insmod always worked" 0 "$INSFAIL"
check "storm: loaded at the end" true "$(loaded && echo true || echo false)"
sleep 2
IDS2=$(hexid rmmod-storm-after)
timeout "$(slow 60)" sh -c ". /guest-lib.sh; ctr_run rs2 /docker/$IDS2 -- /usr/bin/gcc"
stop_watch_bounded storm
check "storm: the relay still gets findings" 1 "$(count_for "$IDS2")"
check "storm: watch exits 0" 0 "$WATCH_RC"

# -- rmmod and insmod while the fuzzer runs -------------------------------------
section "churn"
timeout "$(slow 120)" genlfuzz --churn -n "$(scaled 200000)" -t "$(slow 15)" -s "$((SEED + 4))" >/tmp/fuzz-churn.out 2>&1 &
CHURN=$!
sleep 2
CU=0 CF=0
i=0
while [ $i -lt 6 ] && ! gone "$CHURN"; do
	if rm_retry 5; then CU=$((CU + 1)); else CF=$((CF + 1)); fi
	usleep 500000
	loaded || ins || CF=$((CF + 1))
	usleep 500000
	i=$((i + 1))
done
wait_gone "$CHURN" "$(slow 120)" || fail "churn: genlfuzz finishes" "still running"
wait "$CHURN"
RC=$?
grep -v '^genlfuzz: done' /tmp/fuzz-churn.out | head -30
grep '^genlfuzz: done' /tmp/fuzz-churn.out
echo "churn: unloaded $CU times, $CF failures"
check "churn: genlfuzz had no violation" 0 "$RC"
check "churn: the module was unloaded under the fuzzer" true "$([ "$CU" -gt 0 ] && echo true || echo false)"
check "churn: insmod/rmmod never failed for good" 0 "$CF"
loaded || ins
check "churn: status answers" true "$(timeout "$(slow 20)" kwarden status --json | jq .loaded)"
timeout "$(slow 20)" kwarden policy reset
timeout "$(slow 20)" kwarden mode detect

# -- 50 insmod/rmmod cycles with execs between -----------------------------------
# (all 50 on a debug kernel too, where a cycle takes about 4 s: a load or
# unload is where KASAN and kmemleak see most)
section "cycles"
start_watch
CFAIL=0 i=0
while [ $i -lt 50 ]; do
	if loaded; then rm_retry 10 || CFAIL=$((CFAIL + 1)); fi
	ins || CFAIL=$((CFAIL + 1))
	/usr/bin/gcc
	unshare -m chroot /ctr/rootfs /usr/bin/kubectl version
	if [ $((i % 10)) -eq 9 ]; then
		timeout "$(slow 60)" sh -c ". /guest-lib.sh; ctr_run cyc$i /docker/$(hexid cyc$i) -- /usr/bin/gcc"
	fi
	rm_retry 10
	case $? in
	0) ;;
	2) CFAIL=$((CFAIL + 1)); echo "cycle $i: rmmod hung"; break ;;
	*) CFAIL=$((CFAIL + 1)); echo "cycle $i: rmmod refused for 10 s" ;;
	esac
	i=$((i + 1))
done
check "cycles: 50 insmod/rmmod" 50 "$i"
check "cycles: no failure" 0 "$CFAIL"
ins
sleep 3
IDC=$(hexid after-cycles)
timeout "$(slow 60)" sh -c ". /guest-lib.sh; ctr_run ac /docker/$IDC -- /usr/bin/gcc"
stop_watch_bounded cycles
check "cycles: the relay followed and gets the last finding" 1 "$(count_for "$IDC")"
check "cycles: watch exits 0" 0 "$WATCH_RC"
check "cycles: findings arrived during the cycles" true \
	"$([ "$(jq -c 'select(.seq)' /tmp/events.jsonl | wc -l)" -gt 1 ] && echo true || echo false)"
S=$(timeout "$(slow 20)" kwarden status --json)
check "cycles: mode detect" detect "$(echo "$S" | jq -r .mode)"

rm_retry 20
check "final rmmod" 0 "$?"
echo "guest-fuzz: $(($(date +%s) - T0)) s in the guest"
