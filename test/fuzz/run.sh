#!/usr/bin/env bash
# Run the libFuzzer harnesses of src/core (built by "make fuzz-build" into
# test/fuzz/build/).
#
#   bash test/fuzz/run.sh short   make test's pass: each harness over its
#                                 committed seeds (test/fuzz/corpus/NAME/)
#                                 plus a fixed number of fresh mutations
#                                 with a fixed -seed; prints "ok"/"not ok"
#                                 per harness and "N passed, N failed"
#   bash test/fuzz/run.sh long    make fuzz: each harness for FUZZ_SECONDS
#                                 (default 60), its corpus growing in
#                                 test/fuzz/build/corpus/NAME/ (not
#                                 committed), crashes saved in
#                                 test/fuzz/build/crashes/
#
# Per harness it prints the inputs executed, the time, the new corpus
# entries and the crashes.  Both modes then run the reproducers of the known
# defects (test/fuzz/known/NAME/*, see test/fuzz/known/README) with
# SPM_FUZZ_STRICT=1 and say which still reproduce; those are reported, not
# counted as failures.
#
#   FUZZ_ONLY=NAME      one harness (e.g. FUZZ_ONLY=tiers_text)
#   FUZZ_RUNS=N         fresh mutations per harness in the short pass
set -u
cd "$(dirname "$0")/../.."
mode=${1:-short}
build=test/fuzz/build
seconds=${FUZZ_SECONDS:-60}
passed=0
failed=0

# fresh mutations in the short pass: the harnesses differ in speed by three
# orders of magnitude (balance and forecast run optimisers), so each gets
# about a few seconds' worth
runs_for() {
	case "$1" in
		fuzz_balance) echo "${FUZZ_RUNS:-600}" ;;
		fuzz_forecast) echo "${FUZZ_RUNS:-6000}" ;;
		*) echo "${FUZZ_RUNS:-20000}" ;;
	esac
}

harnesses=()
for h in "$build"/fuzz_${FUZZ_ONLY:-*}; do
	[ -x "$h" ] && harnesses+=("$h")
done
if [ ${#harnesses[@]} -eq 0 ]; then
	echo "not ok - no fuzz harness built in $build (make fuzz-build)"
	echo "0 passed, 1 failed"
	exit 1
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$build/crashes"

for h in "${harnesses[@]}"; do
	name=$(basename "$h")
	seeds=test/fuzz/corpus/$name
	log=$tmp/$name.log
	if [ "$mode" = long ]; then
		corpus=$build/corpus/$name
		opts=(-max_total_time="$seconds" -max_len=4096)
	else
		corpus=$tmp/corpus-$name
		opts=(-runs="$(runs_for "$name")" -seed=1 -max_len=1024 -max_total_time=60)
	fi
	mkdir -p "$corpus"
	before=$(find "$corpus" -type f | wc -l)
	start=$(date +%s.%N)
	# new inputs go to the first directory: never the committed seeds
	"$h" "${opts[@]}" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$build/crashes/$name-" "$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	end=$(date +%s.%N)
	after=$(find "$corpus" -type f | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	crashes=$(grep -cE '^==[0-9]+== ERROR|^SUMMARY: (Address|Undefined|libFuzzer)' "$log")
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
	summary="$name: ${execs:-?} inputs in ${secs} s, $((after - before)) new corpus entries, $crashes crashes"
	if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
		echo "ok - $summary"
		passed=$((passed + 1))
	else
		echo "not ok - $summary (exit $rc)"
		grep -E 'invariant violated|known defect|runtime error|ERROR:|SUMMARY:|Test unit written' "$log" | head -n 10 | sed 's/^/  /'
		failed=$((failed + 1))
	fi
done

# the known defects: still there?
for f in test/fuzz/known/fuzz_${FUZZ_ONLY:-*}/*; do
	[ -f "$f" ] || continue
	name=$(basename "$(dirname "$f")")
	[ -x "$build/$name" ] || continue
	if SPM_FUZZ_STRICT=1 "$build/$name" "$f" >"$tmp/known.log" 2>&1; then
		echo "# known defect $(basename "$f") ($name) no longer reproduces: make its FUZZ_KNOWN a FUZZ_ASSERT and move $f into test/fuzz/corpus/$name/"
	else
		echo "# known defect $(basename "$f") ($name) still reproduces (test/fuzz/known/README)"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
