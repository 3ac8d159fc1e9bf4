#!/usr/bin/env bash
# make bench: exec overhead of kwarden.ko, measured in one guest run per
# kernel with -icount shift=0 (guest ns = instructions, about ±0.3 %).
# Usage: bench.sh KVER...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# 8 rounds of 12 runs take longer than a test guest may
export KW_BOOT_TIMEOUT=${KW_BOOT_TIMEOUT:-3600}

# the relay's cost per finding, built from the CLI's own sources
relaybench() {
	local u=$TOP/userland l=$TOP/kmod/lib
	# shellcheck disable=SC2046 # pkg-config's flags are words
	gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static \
		-I"$TOP/include" -I"$TOP/kmod" -I"$u" $(pkg-config --cflags libnl-genl-3.0) \
		-o "$1" "$E2E_DIR/relaybench.c" "$u/containers.c" "$u/runtime_state.c" \
		"$u/render.c" "$u/event.c" "$u/yyjson/yyjson.c" \
		"$l/cgroup.c" "$l/ruleset.c" "$l/match.c" "$l/rules.c"
}

# KW_BENCH_REF=GITREF: that revision's module too, built against KVER,
# timed in the same guest run against this tree's (the no-match cases)
ref_module() {
	local kver=$1 dir=$BUILD/$1/ref
	rm -rf "$dir" && mkdir -p "$dir"
	git -C "$TOP" archive "$KW_BENCH_REF" kmod include VERSION | tar -x -C "$dir"
	make -s -C "/usr/src/linux-headers-$kver" M="$dir/kmod" \
		KWARDEN_VERSION="$(cat "$dir/VERSION")" modules >"$dir/build.log" 2>&1 ||
		{ echo "bench: cannot build $KW_BENCH_REF for $kver; log: $dir/build.log" >&2; return 1; }
}

bench_setup() {
	local root=$1 kver=$2
	[ -z "${KW_BENCH_REF:-}" ] || cp "$BUILD/$kver/ref/kmod/kwarden.ko" "$root/kwarden-ref.ko"
	relaybench "$root/usr/bin/relaybench"
	cp "$BIN/execbench" "$root/usr/bin/execbench"
	cp "$BIN/execbench" "$root/ctr/rootfs/usr/bin/execbench"
	cp "$BIN/noop" "$root/usr/bin/noop"
	cp "$BIN/noop" "$root/ctr/rootfs/usr/bin/noop"
}

desc() {
	case $1 in
	host_nomatch) echo "host, kwarden loaded, no match" ;;
	host_nomatch_10k) echo "host, 10,000 extra names, no match" ;;
	ctr_nomatch) echo "container, kwarden loaded, no match" ;;
	ctr_match_nolistener) echo "container, gcc matched, no listener" ;;
	ctr_match_watch) echo "container, gcc matched, kwarden watch consuming" ;;
	ctr_match_watch_10k) echo "container, gcc matched + watch, 10,000 names" ;;
	host_worst_policy) echo "host, worst legal policy, 255-byte name, no match" ;;
	esac
}

for kver in "$@"; do
	initrd=$BUILD/$kver/bench-initrd.gz log=$BUILD/$kver/bench.log
	[ -z "${KW_BENCH_REF:-}" ] || ref_module "$kver"
	make_initramfs "$kver" "$initrd" "$E2E_DIR/bench-guest.sh" bench_setup
	boot "$kver" "$initrd" "$log" -icount shift=0,sleep=off
	grep -q 'BENCH-DONE' "$log" || { echo "bench failed on $kver; log: $log"; exit 1; }
	! grep 'BENCH-FAIL' "$log" || { echo "bench failed on $kver; log: $log"; exit 1; }
	dmesg_clean "$log" || { echo "kernel log has errors; log: $log"; exit 1; }
	{
	echo "kernel $kver: fork+exec+wait of a static no-op, mean ns of $((1000)) per run,"
	echo "each case right after its own baseline (no module), 7 rounds after a warm-up round, guest ns = instructions."
	echo "ASLR off in the guest (it moved whole runs by up to 3 %). The median round, and the fastest kwarden run"
	echo "against the fastest baseline run (under -icount noise only adds instructions), are the figures to read"
	printf '| %-48s | %9s | %9s | %s | %s | %s |\n' case baseline kwarden "overhead per round" median "min/min"
	echo "|--------------------------------------------------|-----------|-----------|--------------------|--------|---------|"
	for c in host_nomatch host_nomatch_10k ctr_nomatch ctr_match_nolistener ctr_match_watch ctr_match_watch_10k host_worst_policy; do
		grep -o "BENCH $c [0-9]* [0-9]*" "$log" | awk -v d="$(desc "$c")" '
			{ b += $3; m += $4; o[n++] = ($4 / $3 - 1) * 100; r = r sprintf("%+.2f%% ", o[n - 1])
			  if (!bmin || $3 < bmin) bmin = $3; if (!mmin || $4 < mmin) mmin = $4 }
			END {
				for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (o[j] < o[i]) { t = o[i]; o[i] = o[j]; o[j] = t }
				med = n % 2 ? o[(n - 1) / 2] : (o[n / 2 - 1] + o[n / 2]) / 2
				printf "| %-48s | %9d | %9d | %s| %+.2f%% | %+.2f%% |\n", d, b / n, m / n, r, med, (mmin / bmin - 1) * 100
			}'
	done
	if grep -q '^BENCH-AB ' "$log"; then
		echo
		echo "Against $KW_BENCH_REF's module, in the same rounds (baseline, $KW_BENCH_REF, this tree, one after the other):"
		printf '| %-36s | %9s | %9s | %9s | %s | %s |\n' case baseline ref this "this - ref per round" "median"
		echo "|--------------------------------------|-----------|-----------|-----------|----------------------|--------|"
		for c in host_nomatch ctr_nomatch; do
			grep -o "BENCH-AB $c [0-9]* [0-9]* [0-9]*" "$log" | awk -v d="$(desc "$c")" '
				{ b += $3; r += $4; m += $5; o[n++] = $5 - $4; s = s sprintf("%+d ", $5 - $4) }
				END {
					for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (o[j] < o[i]) { t = o[i]; o[i] = o[j]; o[j] = t }
					med = n % 2 ? o[(n - 1) / 2] : (o[n / 2 - 1] + o[n / 2]) / 2
					printf "| %-36s | %9d | %9d | %9d | %s| %+d ns (%+.3f%%) |\n", d, b / n, r / n, m / n, s, med, med / (b / n) * 100
				}'
		done
	fi
	echo
	echo "The relay (kwarden watch), per finding from a parsed event to its JSON line; mean of 2,000, median of 7 runs, ns = instructions:"
	grep -o "RELAY [0-9]* [0-9]* [0-9]*" "$log" | awk '
		function med(a, n,   i, j, t) {
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return a[int(n / 2)]
		}
		{ b[n] = $2; c[n] = $3; f[n] = $4; n++ }
		END {
			mb = med(b, n); mc = med(c, n); mf = med(f, n)
			printf "| no triage context | %d |\n| context, container cached | %d (+%d) |\n", mb, mc, mc - mb
			printf "| first finding of a container (state.json and config.json read) | %d |\n", mf
		}'
	echo
	} | tee "$BUILD/$kver/bench.txt"
done
