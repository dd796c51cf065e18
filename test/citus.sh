#!/usr/bin/env bash
# spm on Citus: 1 coordinator + 2 workers on loopback (issue 11, work in
# progress: a report, not yet part of make test).
#
# For every aggregate of spm it runs one call, grouped by a column that is
# not the distribution column, on a distributed table and on a local copy
# of it, and reports whether the answers are the same and whether Citus
# computed the aggregate partially on the workers (worker_partial_agg in
# EXPLAIN VERBOSE with citus.coordinator_aggregation_strategy = 'disabled';
# an aggregate Citus cannot split is then an error instead).  It exits
# non-zero only when a distributed answer differs from the local one, or
# the cluster cannot be set up.  Citus comes from test/citus-build.sh
# (which says why it skips on a machine without the vendored source).
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/cluster.sh

rc=0
bash test/citus-build.sh || rc=$?
if [ "$rc" -eq 3 ]; then
	exit 0
elif [ "$rc" -ne 0 ]; then
	exit 1
fi

ports=(55431 55432 55433)
dirs=()
stop_all() {
	local d
	for d in "${dirs[@]}"; do
		SPM_CLUSTER_DIR=$d
		cluster_stop
	done
}
trap stop_all EXIT
for port in "${ports[@]}"; do
	cluster_start "citus$port" listen_addresses=127.0.0.1 "port=$port" \
		shared_preload_libraries=citus max_prepared_transactions=100 max_connections=200 max_parallel_workers_per_gather=0
	dirs+=("$SPM_CLUSTER_DIR")
	psql -X -q -h 127.0.0.1 -p "$port" -d postgres -v ON_ERROR_STOP=1 \
		-c "CREATE EXTENSION citus" -c "CREATE EXTENSION spm"
done
coordinator=(psql -X -q -h 127.0.0.1 -p "${ports[0]}" -d postgres -v ON_ERROR_STOP=1)
"${coordinator[@]}" <<SQL
SET client_min_messages = warning;
SELECT count(*) AS coordinator FROM citus_set_coordinator_host('127.0.0.1', ${ports[0]});
SELECT FROM citus_add_node('127.0.0.1', ${ports[1]});
SELECT FROM citus_add_node('127.0.0.1', ${ports[2]});
-- 200,000 rows, rep_id the distribution column, grp (8 groups) the grouping
CREATE TABLE t (id bigint, rep_id bigint, grp int, amount numeric, prob numeric, x float8, y float8,
                score int, s5 int, won boolean, day date);
INSERT INTO t
SELECT g, g % 997, (g % 8)::int, round((g * 7919 % 100000) / 100.0, 2), (g % 100) / 100.0,
       (g * 104729 % 10007) / 100.0, (g * 104729 % 10007) / 100.0 + (g % 13) - 6,
       (g % 11)::int, (g % 5 + 1)::int, g % 3 <> 0, date '2025-01-01' + (g % 365)::int
  FROM generate_series(1::bigint, 200000) AS g;
CREATE TABLE t_local AS SELECT * FROM t;
SELECT FROM create_distributed_table('t', 'rep_id', shard_count => 32);
CREATE TABLE calls (name text, call text);
INSERT INTO calls VALUES
  ('enps(score)', 'spm.enps(score)'),
  ('enps(score, min)', 'spm.enps(score, 1)'),
  ('nps_stats(score)', 'spm.nps_stats(score)'),
  ('nps_stats(score, min)', 'spm.nps_stats(score, 1)'),
  ('csat(score)', 'spm.csat(s5)'),
  ('csat(score, min)', 'spm.csat(s5, 1)'),
  ('commission_agg(amount, schedule)', \$\$spm.commission_agg(amount, 'graduated: 0 @ 0.05, 1000000 @ 0.1')\$\$),
  ('commission_agg(amount, schedule, quota)', \$\$spm.commission_agg(amount, 'graduated: 0 @ 0.05, 1 @ 0.1', 5000000)\$\$),
  ('deal_commission(amount, schedule)', \$\$spm.deal_commission(amount, 'graduated: 0 @ 0.05, 1000000 @ 0.1')\$\$),
  ('deal_commission(amount, schedule, quota)', \$\$spm.deal_commission(amount, 'graduated: 0 @ 0.05, 1 @ 0.1', 5000000)\$\$),
  ('draw(amount, draw, recoverable)', 'spm.draw(amount, 500, true)'),
  ('attainment_agg(amount, quota)', 'spm.attainment_agg(amount, 10000000)'),
  ('trend_agg(x, y)', 'spm.trend_agg(x, y)'),
  ('mape(actual, forecast)', 'spm.mape(x + 1, y)'),
  ('wape(actual, forecast)', 'spm.wape(x, y)'),
  ('forecast_bias(actual, forecast)', 'spm.forecast_bias(x, y)'),
  ('rmse(actual, forecast)', 'spm.rmse(x, y)'),
  ('weighted_pipeline(amount, probability)', 'spm.weighted_pipeline(amount, prob)'),
  ('streak(won)', 'spm.streak(won)'),
  ('win_rate(won)', 'spm.win_rate(won)'),
  ('gini(x)', 'spm.gini(x)'),
  ('ledger_agg(...)', \$\$(spm.ledger_agg('graduated: 0 @ 0.05, 100000 @ 0.1', NULL, NULL, NULL, id, day, amount, NULL, NULL, NULL)).commission\$\$);
SQL

# the answers, and whether the workers computed partial aggregates
failed=0
while IFS='|' read -r name call; do
	same=$("${coordinator[@]}" -At -c "SELECT (SELECT array_agg(r ORDER BY g) FROM (SELECT grp AS g, ($call)::text AS r FROM t GROUP BY grp) d)
	                                           IS NOT DISTINCT FROM
	                                          (SELECT array_agg(r ORDER BY g) FROM (SELECT grp AS g, ($call)::text AS r FROM t_local GROUP BY grp) d)")
	if "${coordinator[@]}" -At -c "SET citus.coordinator_aggregation_strategy = 'disabled'" \
		-c "EXPLAIN VERBOSE SELECT grp, $call FROM t GROUP BY grp" 2>/dev/null | grep -q worker_partial_agg; then
		where="partial on the workers"
	else
		where="rows shipped to the coordinator"
	fi
	[ "$same" = t ] || failed=$((failed + 1))
	printf '%-45s %-6s %s\n' "$name" "$([ "$same" = t ] && echo same || echo DIFFERS)" "$where"
done < <("${coordinator[@]}" -At -F'|' -c "SELECT name, call FROM calls ORDER BY name")
exit $((failed > 0))
