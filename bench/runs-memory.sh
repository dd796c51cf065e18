#!/usr/bin/env bash
# The peak private memory of the backend running spm.calculate for 2030-Q1
# (bench/runs.sql: :rows credits, at most a million) and for 2030-Q2 (a
# quarter as many), each rolled back, at work_mem 4MB, where every sort and
# hash spills early: what is left is what grows with the credits.  Peak of
# RssAnon in /proc/<pid>/status, sampled every 20 ms (shared buffers are
# not counted).  Run by bench/runs.bench as a report; needs PGHOST etc.
set -euo pipefail
peak() {
	local name=$1 pidfile out bg pid max=0 v
	pidfile=$(mktemp)
	out=$(mktemp)
	psql -X -q -At -v ON_ERROR_STOP=1 >"$out" 2>&1 <<SQL &
\o $pidfile
SELECT pg_backend_pid();
\o
SET max_parallel_workers_per_gather = 0;

SET work_mem = '4MB';
SELECT pg_sleep(0.5);
SELECT bench.rolled_back('$name');
SQL
	bg=$!
	while [ ! -s "$pidfile" ]; do sleep 0.02; done
	pid=$(cat "$pidfile")
	while kill -0 "$bg" 2>/dev/null; do
		v=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
		if [ -n "$v" ] && [ "$v" -gt "$max" ]; then max=$v; fi
		sleep 0.02
	done
	wait "$bg" || { cat "$out" >&2; return 1; }
	rows=$(psql -X -q -At -c "SELECT count(*) FROM spm.credit c WHERE c.credited_on <@ (SELECT period FROM (VALUES ('calculate', daterange('2030-01-01', '2030-04-01')), ('calculate Q2', daterange('2030-04-01', '2030-07-01'))) v(n, period) WHERE n = '$name')")
	printf '%s: %s credits, peak backend memory (RssAnon) %s MB\n' "$name" "$rows" "$((max / 1024))"
	rm -f "$pidfile" "$out"
}
peak 'calculate'
peak 'calculate Q2'
