# shellcheck shell=sh disable=SC1091
# make bench, inside the guest: fork+exec of a static no-op, ns per exec.
# Guest state drifts over a run (a few %), so each case is measured
# right after its own baseline, in alternating rounds.
. /guest-lib.sh
N=${N:-1000}
CID=$(hexid bench)
k=0
inctr() { k=$((k + 1)); ctr_run "b$k" "/docker/$CID" -- /usr/bin/execbench "$N" "$1"; }
host() { execbench "$N" /usr/bin/noop; }
i=0
# the default policy plus a rule of 10,000 names, loaded as an operator would
{ cat /policy.conf; echo "[rule bench_tools]"
  while [ $i -lt 10000 ]; do echo "names = bench-tool-$i"; i=$((i + 1)); done; } >/tmp/names.conf

# round 0 warms caches and allocators up and is not reported
rep() { [ "$round" -eq 0 ] || echo "$1"; }
for round in 0 1 2 3 4 5; do
	b=$(host); insmod /kwarden.ko; m=$(host); rmmod kwarden
	rep "BENCH host_nomatch $b $m"
	b=$(inctr /usr/bin/noop); insmod /kwarden.ko; m=$(inctr /usr/bin/noop); rmmod kwarden
	rep "BENCH ctr_nomatch $b $m"
	b=$(inctr /usr/bin/gcc); insmod /kwarden.ko; m=$(inctr /usr/bin/gcc); rmmod kwarden
	rep "BENCH ctr_match_nolistener $b $m"
	b=$(inctr /usr/bin/gcc); insmod /kwarden.ko
	kwarden watch >/dev/null & W=$!; sleep 1
	m=$(inctr /usr/bin/gcc); kill -INT $W; wait $W; rmmod kwarden
	rep "BENCH ctr_match_watch $b $m"
	b=$(host); insmod /kwarden.ko; kwarden policy load /tmp/names.conf
	m=$(host); rmmod kwarden
	rep "BENCH host_nomatch_10k $b $m"
	b=$(inctr /usr/bin/gcc); insmod /kwarden.ko; kwarden policy load /tmp/names.conf
	kwarden watch >/dev/null & W=$!; sleep 1
	m=$(inctr /usr/bin/gcc); kill -INT $W; wait $W; rmmod kwarden
	rep "BENCH ctr_match_watch_10k $b $m"
done
echo "BENCH-DONE"
