# shellcheck shell=sh disable=SC1091
# make bench, inside the guest: fork+exec of a static no-op, ns per exec.
# Guest state drifts over a run (a few %), so each case is measured
# right after its own baseline, in alternating rounds.
. /guest-lib.sh
N=${N:-1000}
# Address-space randomisation moved whole runs by up to 3 %: how many
# page-table pages a fork copies depends on where things landed. Off, the
# baselines repeat within 0.1 %.
echo 0 >/proc/sys/kernel/randomize_va_space
CID=$(hexid bench)
k=0
inctr() { k=$((k + 1)); ctr_run "b$k" "/docker/$CID" -- /usr/bin/execbench "$N" "$1"; }
host() { execbench "$N" /usr/bin/noop; }
i=0
# the default policy plus a rule of 10,000 names, loaded as an operator would
{ cat /policy.conf; echo "[rule bench_tools]"
  while [ $i -lt 10000 ]; do echo "names = bench-tool-$i"; i=$((i + 1)); done; } >/tmp/names.conf

# The worst policy the limits allow, for the exec that matches nothing:
# globs whose bytes cost KWARDEN_GLOB_COST_MAX (2,048) together, most of it
# between two '*', and a 255-byte name they all nearly match (first and
# last bytes included), with dashes for the triplet loop. The default
# policy's own glob (python3.*) costs 8: *aaaab* 1,275, aab0*a to
# aab124*a 765, 2,048 in all.
{ cat /policy.conf; echo "[rule bench_globs]"; echo "names = *aaaab*"
  i=0; while [ $i -lt 125 ]; do echo "names = aab$i*a"; i=$((i + 1)); done; } >/tmp/worst.conf
WORST=/tmp/$(printf '%0201d' 0 | tr 0 a)$(printf -- '-a%.0s' $(seq 27))
cp /usr/bin/noop "$WORST"

# Measured once deferred work settles: RCU frees (of the policy a load
# replaces, of the module), kprobe registration. With -icount sleep=off a sleep is free.
load() { insmod /kwarden.ko; sleep 1; }
unload() { rmmod kwarden; sleep 1; }
# round 0 warms caches and allocators up and is not reported
rep() { [ "$round" -eq 0 ] || echo "$1"; }
for round in 0 1 2 3 4 5 6 7; do
	b=$(host); load; m=$(host); unload
	rep "BENCH host_nomatch $b $m"
	b=$(inctr /usr/bin/noop); load; m=$(inctr /usr/bin/noop); unload
	rep "BENCH ctr_nomatch $b $m"
	b=$(inctr /usr/bin/gcc); load; m=$(inctr /usr/bin/gcc); unload
	rep "BENCH ctr_match_nolistener $b $m"
	b=$(inctr /usr/bin/gcc); load
	kwarden watch >/dev/null & W=$!; sleep 1
	m=$(inctr /usr/bin/gcc); kill -INT $W; wait $W; unload
	rep "BENCH ctr_match_watch $b $m"
	b=$(host); load; kwarden policy load /tmp/names.conf; sleep 1
	m=$(host); unload
	rep "BENCH host_nomatch_10k $b $m"
	b=$(inctr /usr/bin/gcc); load; kwarden policy load /tmp/names.conf
	kwarden watch >/dev/null & W=$!; sleep 1
	m=$(inctr /usr/bin/gcc); kill -INT $W; wait $W; unload
	rep "BENCH ctr_match_watch_10k $b $m"
	b=$(execbench "$N" "$WORST"); load
	kwarden policy load /tmp/worst.conf || echo "BENCH-FAIL worst policy refused"
	sleep 1; m=$(execbench "$N" "$WORST"); unload
	rep "BENCH host_worst_policy $b $m"
done
# KW_BENCH_REF's module against this one, in the same rounds
if [ -f /kwarden-ref.ko ]; then
	ref() { insmod /kwarden-ref.ko; sleep 1; }
	for round in 0 1 2 3 4 5 6 7; do
		b=$(host); ref; r=$(host); unload; load; m=$(host); unload
		rep "BENCH-AB host_nomatch $b $r $m"
		b=$(inctr /usr/bin/noop); ref; r=$(inctr /usr/bin/noop); unload
		load; m=$(inctr /usr/bin/noop); unload
		rep "BENCH-AB ctr_nomatch $b $r $m"
	done
fi
# the relay's cost per finding, with and without triage context
for round in 1 2 3 4 5 6 7; do
	rm -rf /tmp/rb
	relaybench 2000 /tmp/rb || echo "BENCH-FAIL relaybench"
done
echo "BENCH-DONE"
