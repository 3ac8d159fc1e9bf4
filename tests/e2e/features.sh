# shellcheck shell=sh
# The guest's runner: each feature named on the command line
# (features/NAME.sh) runs in a shell of its own, in order, and counts its
# own checks; this adds them up into the summary the host compares with
# the PASS lines. A feature that cannot finish counts as a failure. The
# mode and the policy go back to their defaults between features.
mkdir -p /tmp/results
tp=0 tf=0
for f in "$@"; do
	echo "== feature $f"
	t0=$(cut -d' ' -f1 /proc/uptime)
	rm -f "/tmp/results/$f" /tmp/events.jsonl
	FEATURE=$f sh -c '. /guest-lib.sh; . "/features/$FEATURE.sh"; feature_end'
	if ! read -r p n <"/tmp/results/$f"; then
		echo "FAIL $f: the feature did not finish"
		p=0 n=1
	fi
	tp=$((tp + p)) tf=$((tf + n))
	# guest seconds per feature: what to look at when the suite grows slow
	echo "== feature $f: $p passed, $n failed, $(awk -v t0="$t0" '{ printf "%.0f", $1 - t0 }' /proc/uptime)s"
	# nothing else can run without the module
	[ "$f" != load ] || [ "$n" -eq 0 ] || break
	if grep -q '^kwarden ' /proc/modules; then
		{ kwarden mode detect; kwarden policy reset; } >/dev/null 2>&1
	fi
done
echo "guest: $tp passed, $tf failed"
[ "$tf" -eq 0 ]
