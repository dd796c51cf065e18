#!/usr/bin/env bash
# The whole test suite (make test runs this after building and installing):
#   1. C unit tests of src/core, built with AddressSanitizer and UBSan
#   2. the pg_regress suite (sql/ against expected/) on a throwaway cluster
#   3. every example in doc/*.md, run and compared with the output shown there
#   4. a pg_dump of the data model restored into a fresh cluster
#   4b. a year of the sample organisation's commissions, run through spm alone
#   5. the spm views through psycopg2, PgJDBC and psqlODBC (test/drivers)
#   6. the libFuzzer harnesses of src/core, a short pass (test/fuzz/run.sh)
#   7. spm on Citus, 1 coordinator + 2 workers (test/citus.sh), or one SKIP
#      line where Citus cannot be had
#   8. the Evidence dashboard built and rendered in headless Chromium
#      (test/dashboard.sh), or one SKIP line where node, npm or Chromium
#      cannot be had
#   9. META.json and debian/changelog against spm.control, and the Debian
#      package of HEAD built, installed and regression-tested in fresh roots
#      (test/package.sh), or one skip line where roots cannot be made
# Prints "N passed, N failed" last (after "N skipped" when a part was
# skipped) and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
. test/lib/cluster.sh

passed=0
failed=0
skipped=0
count() {
	# count PASSED FAILED: add one runner's tallies to the totals
	passed=$((passed + $1))
	failed=$((failed + $2))
}

echo "== C unit tests (ASan + UBSan)"
for t in test/unit/build/test_*; do
	[ -x "$t" ] || continue
	out=$(ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 "$t" 2>&1)
	rc=$?
	echo "$out" | grep -v '^ok - ' | sed "s|^|  $(basename "$t"): |"
	tally=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
	if [ -z "$tally" ]; then
		echo "  $(basename "$t") crashed (exit $rc)"
		count 0 1
	else
		# shellcheck disable=SC2086
		count $tally
		[ "$rc" -eq 0 ] || [ "${tally#* }" != 0 ] || count 0 1
	fi
done

echo "== pg_regress"
cluster_start test || exit 1
trap cluster_stop EXIT
rm -rf results regression.diffs regression.out
make --no-print-directory installcheck >regression.log 2>&1
# a line per test: "test name ... ok" (PostgreSQL 15), "ok 1 - name" and
# "not ok 3 - name" (TAP, PostgreSQL 16 on)
grep -E "$SPM_REGRESS_LINE" regression.log || cat regression.log
ok=$(grep -cE "$SPM_REGRESS_OK" regression.log)
bad=$(grep -cE "$SPM_REGRESS_FAILED" regression.log)
count "$ok" "$bad"
if [ -f regression.diffs ]; then
	echo "  differences (first 200 lines of regression.diffs):"
	head -n 200 regression.diffs
fi
if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
	echo "  pg_regress ran no test"
	count 0 1
fi

# runner TITLE COMMAND...: run a runner that prints "ok"/"not ok" lines and a
# final "N passed, N failed" line (or "N passed, N failed, N skipped");
# show all but its ok lines, add its tally
runner() {
	local title=$1 out tally skip
	shift
	echo "== $title"
	out=$("$@" 2>&1)
	echo "$out" | grep -v '^ok '
	tally=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed\(, [0-9]* skipped\)\{0,1\}$/\1 \2/p' | tail -n 1)
	skip=$(echo "$out" | sed -n 's/^[0-9]* passed, [0-9]* failed, \([0-9]*\) skipped$/\1/p' | tail -n 1)
	skipped=$((skipped + ${skip:-0}))
	# shellcheck disable=SC2086
	[ -n "$tally" ] && count $tally || count 0 1
}

runner "documentation examples" bash test/doctest.sh doc/*.md
runner "two concurrent runs of one period" bash test/runs_concurrency.sh
runner "dump and restore into a fresh cluster" bash test/dump_restore.sh
runner "update from every released version" bash test/upgrade.sh
runner "a year of commissions for the sample organisation" bash test/year.sh
runner "BI drivers (psycopg2, PgJDBC, psqlODBC)" bash test/drivers/run.sh
runner "fuzz harnesses of src/core (libFuzzer, short pass)" bash test/fuzz/run.sh short
runner "spm on Citus: 1 coordinator + 2 workers" bash test/citus.sh
runner "the Evidence dashboard in headless Chromium" bash test/dashboard.sh
runner "META.json and the Debian package, built and installed in fresh roots" bash test/package.sh

echo
[ "$skipped" -eq 0 ] || echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
