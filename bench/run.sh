#!/usr/bin/env bash
# make bench: the benchmark table (targets in doc/development.md), measured as ratios
# of the fastest of several alternating runs on the same data, in one
# throwaway cluster.
#
#   BENCH_ROWS  rows of benchmark data (default 5,000,000)
#   BENCH_REPS  timed runs of each side (default 7), alternating spm and
#               comparison after one untimed warm-up of each
#   BENCH_ONLY  run only bench/NAME.sql and bench/NAME.bench (e.g. model);
#               BENCH_ONLY=load (or make load) runs the concurrent load alone
#   LOAD_CLIENTS, LOAD_SECONDS  the concurrent load's clients (default 8)
#               and duration (default 30 s)
#
# Data comes from bench/*.sql (psql variable :rows); cases from bench/*.bench,
# blocks of "key: value" lines separated by blank lines (a line starting with
# white space continues the value above):
#
#   name:          what is measured
#   target:        the ratio spm/comparison must be <= this
#   spm:, cmp:     the two queries
#   settings:      "name = value[, ...]" for both; spm_settings:, cmp_settings: for one side
#   check:         optional query, run with the spm settings, that must return true
#                  (that both queries agree, or that workers were launched)
#   cmd:           instead of cmp:, a shell command whose wall time is the
#                  comparison (an external program such as R or Python); it
#                  runs with PGHOST etc. set and $BENCH_TMP, a scratch directory
#   prepare:       optional shell command run once, untimed, before the case
#   report:        optional shell command run after the case; its output is
#                  printed with the results (e.g. how the answers compare)
#   reps:          timed runs for this case instead of BENCH_REPS
#
# After the table, each bench/*.pgbench is run as a concurrent load: pgbench
# with LOAD_CLIENTS clients for LOAD_SECONDS on this cluster (its Unix socket,
# no network), reporting transactions per second, latency and failed
# transactions; any failure makes the run exit non-zero.
#
# After the table, each bench/*.report (a psql script) prints its own table,
# for results that are not a time ratio, such as the quality of a solution.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/cluster.sh

rows=${BENCH_ROWS:-5000000}
reps=${BENCH_REPS:-7}

cluster_start bench shared_buffers=2GB work_mem=256MB max_worker_processes=8 \
	max_parallel_workers=4 jit=off
BENCH_TMP=$(mktemp -d)
export BENCH_TMP
trap 'cluster_stop; rm -rf "$BENCH_TMP"' EXIT
export PGDATABASE=spm_bench
psql -X -q -d postgres -c "CREATE DATABASE spm_bench"
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION spm;
CREATE SCHEMA bench;
-- how many parallel workers a query really launched
CREATE FUNCTION bench.workers_launched(q text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE line text; n integer := 0;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' || q LOOP
        IF line ~ 'Workers Launched: \d+' THEN
            n := greatest(n, substring(line FROM 'Workers Launched: (\d+)')::int);
        END IF;
    END LOOP;
    RETURN n;
END $$;
SQL

echo "Building benchmark data: $rows rows ..."
for f in bench/${BENCH_ONLY:-*}.sql; do
	psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -f "$f" >/dev/null
done

# "a = 1, b = 2" -> "SET a = 1; SET b = 2;"
set_statements() {
	local IFS=, part out=""
	for part in $1; do
		[ -n "${part// /}" ] && out+="SET $part;"
	done
	printf '%s' "$out"
}

# The fastest of the timed runs.  Timings on this kind of virtual machine
# are bimodal (the same query runs in either about T or about 1.5 T,
# whatever else is running), so a median of a handful of runs can land in
# either mode for either side; the fastest run of each side, alternating
# and in one session, compares like with like.
fastest() {
	sort -n | head -n 1
}

results=()
reports=()

# wall time of a shell command in milliseconds
time_cmd() {
	local t0 t1
	t0=$(date +%s%N)
	bash -c "$1" >/dev/null || return 1
	t1=$(date +%s%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }'
}

run_case() {
	local name=$1 target=$2 spm=$3 cmp=$4 both=$5 spm_set=$6 cmp_set=$7 check=$8
	local cmd=${9:-} reps=${10:-$reps} prepare=${11:-} report=${12:-}
	local pre_spm pre_cmp script times i
	pre_spm="RESET ALL;$(set_statements "$both")$(set_statements "$spm_set")"
	pre_cmp="RESET ALL;$(set_statements "$both")$(set_statements "$cmp_set")"

	if [ -n "$prepare" ] && ! bash -c "$prepare"; then
		results+=("$name|prepare failed|||$target|NO")
		echo "  $name: prepare failed" >&2
		return
	fi

	if [ -n "$check" ]; then
		if [ "$(psql -X -q -At -v ON_ERROR_STOP=1 -c "$pre_spm" -c "$check" | tail -n 1)" != t ]; then
			results+=("$name|check failed|||$target|NO")
			echo "  $name: check failed: $check" >&2
			return
		fi
	fi

	if [ -n "$cmd" ]; then
		# spm in one psql session (warm-up, then timed runs); the external
		# command timed on its own, as many times
		script="\\o /dev/null
$pre_spm
$spm;
"
		for ((i = 0; i < reps; i++)); do
			script+="\\timing on
$spm;
\\timing off
"
		done
		times=$(echo "$script" | psql -X -q -v ON_ERROR_STOP=1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
		local cmd_times="" t
		for ((i = 0; i < reps; i++)); do
			if ! t=$(time_cmd "$cmd"); then
				results+=("$name|command failed|||$target|NO")
				echo "  $name: command failed: $cmd" >&2
				return
			fi
			cmd_times+="$t"$'\n'
		done
		record_case "$name" "$target" "$(echo "$times" | fastest)" "$(echo "$cmd_times" | grep . | fastest)" "$reps"
	else
		# one psql session: warm up both, then alternate timed runs
		script="\\o /dev/null
$pre_spm
$spm;
$pre_cmp
$cmp;
"
		for ((i = 0; i < reps; i++)); do
			script+="$pre_spm
\\timing on
$spm;
\\timing off
$pre_cmp
\\timing on
$cmp;
\\timing off
"
		done
		times=$(echo "$script" | psql -X -q -v ON_ERROR_STOP=1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
		record_case "$name" "$target" "$(echo "$times" | awk 'NR % 2 == 1' | fastest)" \
			"$(echo "$times" | awk 'NR % 2 == 0' | fastest)" "$reps"
	fi
	if [ -n "$report" ]; then
		reports+=("$name: $(bash -c "$report" 2>&1)")
		echo "  ${reports[-1]}" >&2
	fi
}

record_case() {
	local name=$1 target=$2 spm_ms=$3 cmp_ms=$4 reps=$5
	local ratio met
	ratio=$(awk -v a="$spm_ms" -v b="$cmp_ms" 'BEGIN { printf "%.3f", a / b }')
	met=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? "met" : "NOT MET" }')
	results+=("$name|$(printf %.1f "$spm_ms")|$(printf %.1f "$cmp_ms")|$ratio|<= $target|$met")
	printf '  %-58s %10.1f ms %10.1f ms  ratio %s (target <= %s) %s\n' "$name" "$spm_ms" "$cmp_ms" "$ratio" "$target" "$met" >&2
}

# Parse the case files.
for f in bench/${BENCH_ONLY:-*}.bench; do
	[ -e "$f" ] || continue
	declare -A c=()
	key=""
	flush() {
		if [ -n "${c[name]:-}" ]; then
			run_case "${c[name]}" "${c[target]}" "${c[spm]}" "${c[cmp]:-}" "${c[settings]:-}" \
				"${c[spm_settings]:-}" "${c[cmp_settings]:-}" "${c[check]:-}" \
				"${c[cmd]:-}" "${c[reps]:-}" "${c[prepare]:-}" "${c[report]:-}"
		fi
		c=()
		key=""
	}
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
			'#'*) ;;
			'') flush ;;
			[[:space:]]*) c[$key]+=" ${line#"${line%%[![:space:]]*}"}" ;;
			*:*) key=${line%%:*}; v=${line#*:}; c[$key]=${v# } ;;
		esac
	done <"$f"
	flush
done

if [ ${#results[@]} -gt 0 ]; then
	echo
	echo "Benchmarks: $rows rows, fastest of $reps alternating runs each, ratio = spm / comparison (lower is better)"
	echo
	{
		echo "bench|spm ms|comparison ms|ratio|target|result"
		printf '%s\n' "${results[@]}"
	} | awk -F'|' '
		{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; nf = NF }
		END {
			for (r = 1; r <= n; r++) {
				line = ""
				for (i = 1; i <= nf; i++)
					line = line sprintf(i == 1 ? "%-" w[i] "s" : "  %" w[i] "s", cell[r, i])
				print line
			}
		}'
fi
if [ ${#reports[@]} -gt 0 ]; then
	echo
	printf '%s\n' "${reports[@]}"
fi

# Reports that are not time ratios (see the header).
for f in bench/${BENCH_ONLY:-*}.report; do
	[ -e "$f" ] || continue
	psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f "$f"
done

# The concurrent load (see the header).
load_failed=0
for f in bench/${BENCH_ONLY:-*}.pgbench; do
	[ -e "$f" ] || continue
	clients=${LOAD_CLIENTS:-8}
	seconds=${LOAD_SECONDS:-30}
	log=$BENCH_TMP/$(basename "$f").log
	echo
	echo "Concurrent load: $f, $clients clients for $seconds s"
	rc=0
	pgbench -n -c "$clients" -j 2 -T "$seconds" -f "$f" >"$log" 2>&1 || rc=$?
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$log")
	lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$log")
	done_tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$log")
	failed_tx=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log")
	aborted=$(grep -c 'aborted' "$log" || true)
	printf '  %s transactions, %s tps, latency %s ms average, %s failed transactions, %s clients aborted\n' \
		"${done_tx:-?}" "${tps:-?}" "${lat:-?}" "${failed_tx:-?}" "$aborted"
	if [ "$rc" -ne 0 ] || [ "${failed_tx:-1}" != 0 ] || [ "$aborted" -ne 0 ] || [ -z "$done_tx" ]; then
		echo "  load: errors (NOT MET); pgbench said:"
		grep -iE 'error|abort' "$log" | head -n 20 | sed 's/^/    /'
		load_failed=1
	else
		echo "  load: no errors (met)"
	fi
done
exit "$load_failed"
