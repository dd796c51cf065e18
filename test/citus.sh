#!/usr/bin/env bash
# spm on Citus (issue 11): 1 coordinator + 2 workers, each a throwaway
# cluster of test/lib/cluster.sh that listens only on its own Unix socket
# directory (the nodes know each other by those directories, so no TCP port
# is opened and nothing collides with other test clusters).
#
#   1. Every aggregate of spm, listed from the catalog (pg_aggregate rows
#      whose function belongs to the extension), through the calls of the
#      table below: on 200,000 rows in 32 shards distributed by rep_id,
#      grouped by grp (not the distribution column), the distributed answer
#      equals the answer on a local copy: exactly (as text) for numeric,
#      integer and composite results, within 1e-12 relative for float8
#      results and float8 fields.  The order-dependent aggregates (draw,
#      streak, deal_commission) are called with ORDER BY inside (and
#      deal_commission as a window) grouped / partitioned by rep_id: EXPLAIN
#      must show the whole aggregate in the workers' query and nothing
#      aggregated on the coordinator, and the answer must equal one node's.
#   2. With citus.coordinator_aggregation_strategy = 'disabled', EXPLAIN
#      VERBOSE of each aggregate's plain call must show worker_partial_agg
#      (Citus computed it partially on the workers).  NOT_YET_PARTIAL below
#      lists the aggregates that are known not to be partial yet.
#   3. spm's data model distributed: rep_id the distribution column of the
#      tables that have it (co-located), the small tables reference tables,
#      with what Citus refuses dropped first (printed as "#" lines); the
#      sample organisation of demo/data loaded into it and into a plain
#      database beside it; every view of spm (from the catalog) must give
#      the same rows on both, and spm.calculate the same ledger.
#      NOT_ON_CITUS below lists what is known not to work on Citus.
#
#   bash test/citus.sh
#
# Prints "ok"/"not ok" lines, a table of the aggregates, "#" lines with what
# was found, and a final "N passed, N failed" line; on a machine where Citus
# cannot be had (test/citus-build.sh says why) one "SKIP" line and
# "0 passed, 0 failed, 1 skipped".
set -u
cd "$(dirname "$0")/.." || exit 1
. test/lib/cluster.sh
. test/lib/check.sh

# Aggregates known not to be computed partially on the workers, one
# signature a line: none since every aggregate has a named state type.  An
# aggregate in it that has become partial is a failure (the list must stay
# exact), and so is any aggregate outside it that is not partial.
NOT_YET_PARTIAL=""

# What does not work on a distributed data model with Citus 13.2 (measured;
# the reasons are Citus's own errors, shown by the "ok" lines).  Each entry
# is checked to fail still: one that starts working is a failure, so that
# the list is emptied as things are fixed.  Anything that fails and is not
# listed is a failure.
NOT_ON_CITUS="spm.visible_rep"

work=$(mktemp -d)
dirs=()
stop_all() {
	local d
	for d in "${dirs[@]}"; do
		SPM_CLUSTER_DIR=$d
		cluster_stop
	done
	rm -rf "$work"
}
trap stop_all EXIT

rc=0
bash test/citus-build.sh >"$work/build.log" 2>&1 || rc=$?
if [ "$rc" -eq 3 ]; then
	echo "SKIP - Citus: $(sed -n 's/^citus: skipped: //p' "$work/build.log" | tail -n 1)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
check "Citus built and installed (test/citus-build.sh)" "$rc" "$(tail -n 5 "$work/build.log")"
if [ "$rc" -ne 0 ]; then
	check_summary
	exit 1
fi
start=$(date +%s)

# ---- the cluster ------------------------------------------------------------
for n in 0 1 2; do
	cluster_start "citus$n" shared_preload_libraries=citus max_prepared_transactions=100 \
		max_connections=200 max_parallel_workers_per_gather=0 >"$work/start$n.log" 2>&1 || {
		check "node $n of the Citus cluster started" 1 "$(tail -n 5 "$work/start$n.log")"
		check_summary
		exit 1
	}
	dirs+=("$SPM_CLUSTER_DIR")
	# a node reaches itself by its socket directory too (not localhost)
	psql -X -q -d postgres -c "CREATE EXTENSION citus" \
		-c "ALTER SYSTEM SET citus.local_hostname = '$SPM_CLUSTER_DIR'" -c "SELECT pg_reload_conf()" >/dev/null
done
coordinator=${dirs[0]}
export PGHOST=$coordinator PGDATABASE=postgres
# q SQL...: run as the superuser on the coordinator's Citus database
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
setup=$(q -c "SET client_min_messages = warning" \
	-c "SELECT citus_set_coordinator_host('$coordinator', 5432)" \
	-c "SELECT citus_add_node('${dirs[1]}', 5432)" \
	-c "SELECT citus_add_node('${dirs[2]}', 5432)" \
	-c "CREATE EXTENSION spm" 2>&1 >/dev/null)
check "1 coordinator + 2 workers, spm created on the coordinator and propagated" $? "$setup"
workers_spm=$(q -h "${dirs[1]}" -c "SELECT count(*) FROM pg_extension WHERE extname = 'spm'")$(q -h "${dirs[2]}" -c "SELECT count(*) FROM pg_extension WHERE extname = 'spm'")
[ "$workers_spm" = 11 ]
check "spm is installed on both workers" $?

# ---- 1 and 2: the aggregates --------------------------------------------------
# The calls: one row per aggregate (by its signature, as regprocedure
# prints it).  plain: the call without ORDER BY, grouped by grp (compared
# unless the aggregate depends on the order of its rows, and used for the
# partial check); ordered: with ORDER BY inside, grouped by rep_id; window:
# as a window partitioned by rep_id.  trend_agg is compared through
# spm.trend_stats (its state's running sums differ in the last bits with
# the order they are added in, which its statistics do not).
q -c 'SET client_min_messages = error' -f - >/dev/null <<'SQL' || { check "the aggregate tests' tables and functions created" 1; check_summary; exit 1; }
SET client_min_messages = warning;
CREATE SCHEMA citus_check;
SET client_min_messages = error;
-- 200,000 rows, rep_id the distribution column, grp (8 groups) the grouping
CREATE TABLE citus_check.t (id bigint, rep_id bigint, grp int, amount numeric, prob numeric,
                            x float8, y float8, score int, s5 int, won boolean, day date);
INSERT INTO citus_check.t
SELECT g, g % 997, (g % 8)::int, round((g * 7919 % 100000) / 100.0, 2), (g % 100) / 100.0,
       (g * 104729 % 10007) / 100.0, (g * 104729 % 10007) / 100.0 + (g % 13) - 4,
       (g % 11)::int, (g % 5 + 1)::int, g % 3 <> 0, date '2025-01-01' + (g % 365)::int
  FROM generate_series(1::bigint, 200000) AS g;
CREATE TABLE citus_check.t_local AS SELECT * FROM citus_check.t;
SELECT create_distributed_table('citus_check.t', 'rep_id', shard_count => 32);
SELECT truncate_local_data_after_distributing_table('citus_check.t');

CREATE TABLE citus_check.calls (agg text PRIMARY KEY, ordered boolean NOT NULL,
                                plain text NOT NULL, ordered_call text, window_call text);
INSERT INTO citus_check.calls VALUES
  ('spm.enps(integer)', false, 'spm.enps(score)', NULL, NULL),
  ('spm.enps(integer,integer)', false, 'spm.enps(score, 1)', NULL, NULL),
  ('spm.nps_stats(integer)', false, 'spm.nps_stats(score)', NULL, NULL),
  ('spm.nps_stats(integer,integer)', false, 'spm.nps_stats(score, 1)', NULL, NULL),
  ('spm.csat(integer)', false, 'spm.csat(s5)', NULL, NULL),
  ('spm.csat(integer,integer)', false, 'spm.csat(s5, 1)', NULL, NULL),
  ('spm.commission_agg(numeric,spm.tier_schedule)', false,
   $$spm.commission_agg(amount, 'graduated: 0 @ 0.05, 1000000 @ 0.1')$$, NULL, NULL),
  ('spm.commission_agg(numeric,spm.tier_schedule,numeric)', false,
   $$spm.commission_agg(amount, 'graduated: 0 @ 0.05, 1 @ 0.1', 5000000)$$, NULL, NULL),
  ('spm.deal_commission(numeric,spm.tier_schedule)', true,
   $$spm.deal_commission(amount, 'graduated: 0 @ 0.05, 10000 @ 0.1')$$,
   $$spm.deal_commission(amount, 'graduated: 0 @ 0.05, 10000 @ 0.1' ORDER BY id)$$,
   $$spm.deal_commission(amount, 'graduated: 0 @ 0.05, 10000 @ 0.1') OVER (PARTITION BY rep_id ORDER BY id)$$),
  ('spm.deal_commission(numeric,spm.tier_schedule,numeric)', true,
   $$spm.deal_commission(amount, 'retroactive: 0 @ 0.05, 1 @ 0.1', 50000)$$,
   $$spm.deal_commission(amount, 'retroactive: 0 @ 0.05, 1 @ 0.1', 50000 ORDER BY id)$$,
   $$spm.deal_commission(amount, 'retroactive: 0 @ 0.05, 1 @ 0.1', 50000) OVER (PARTITION BY rep_id ORDER BY id)$$),
  ('spm.draw(numeric,numeric,boolean)', true, 'spm.draw(amount, 500, true)',
   'spm.draw(amount, 500, true ORDER BY id)', NULL),
  ('spm.attainment_agg(numeric,numeric)', false, 'spm.attainment_agg(amount, 10000000)', NULL, NULL),
  ('spm.trend_agg(double precision,double precision)', false, 'spm.trend_stats(spm.trend_agg(y, x))', NULL, NULL),
  ('spm.mape(double precision,double precision)', false, 'spm.mape(x + 1, y)', NULL, NULL),
  ('spm.wape(double precision,double precision)', false, 'spm.wape(x, y)', NULL, NULL),
  ('spm.forecast_bias(double precision,double precision)', false, 'spm.forecast_bias(x, y)', NULL, NULL),
  ('spm.rmse(double precision,double precision)', false, 'spm.rmse(x, y)', NULL, NULL),
  ('spm.weighted_pipeline(numeric,numeric)', false, 'spm.weighted_pipeline(amount, prob)', NULL, NULL),
  ('spm.streak(boolean)', true, 'spm.streak(won)', 'spm.streak(won ORDER BY day, id)', NULL),
  ('spm.win_rate(boolean)', false, 'spm.win_rate(won)', NULL, NULL),
  ('spm.gini(double precision)', false, 'spm.gini(x)', NULL, NULL),
  ('spm.ledger_agg(spm.tier_schedule,numeric,numeric,numeric,bigint,date,numeric,numeric,text,numeric)', false,
   $$spm.ledger_agg('graduated: 0 @ 0.05, 100000 @ 0.1', NULL, NULL, 400, id, day, amount, NULL, NULL, NULL)$$,
   NULL, NULL);

-- The aggregates of spm, from the catalog
CREATE VIEW citus_check.aggregates AS
SELECT a.aggfnoid::regprocedure::text AS agg, a.aggfnoid, a.aggtranstype::regtype::text AS state,
       a.aggcombinefn <> 0 AS combinable, p.prorettype
  FROM pg_catalog.pg_aggregate a
  JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = a.aggfnoid
                             AND d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
  JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'spm';

-- Two answers of one group agree: the same text, or for a float8 (or a
-- float8 field of a composite) within 1e-12 of the larger magnitude.
CREATE FUNCTION citus_check.close(a jsonb, b jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE
RETURN a IS NOT DISTINCT FROM b
    OR (jsonb_typeof(a) = 'number' AND jsonb_typeof(b) = 'number'
        AND abs((a #>> '{}')::float8 - (b #>> '{}')::float8)
            <= 1e-12 * greatest(abs((a #>> '{}')::float8), abs((b #>> '{}')::float8)));
CREATE FUNCTION citus_check.agree(a jsonb, b jsonb, t regtype) RETURNS boolean LANGUAGE sql STABLE
RETURN CASE
    WHEN a::text IS NOT DISTINCT FROM b::text THEN true
    WHEN a IS NULL OR b IS NULL THEN false
    WHEN t = 'float8'::regtype THEN citus_check.close(a, b)
    WHEN (SELECT typtype FROM pg_type WHERE oid = t) = 'c' THEN
        (SELECT bool_and(CASE WHEN f.atttypid = 'float8'::regtype THEN citus_check.close(a -> f.attname, b -> f.attname)
                              ELSE (a -> f.attname)::text IS NOT DISTINCT FROM (b -> f.attname)::text END)
           FROM pg_attribute f, pg_type ty
          WHERE ty.oid = t AND f.attrelid = ty.typrelid AND f.attnum > 0 AND NOT f.attisdropped)
    ELSE false END;

-- The plan of a query, as text
CREATE FUNCTION citus_check.plan(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    out text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN VERBOSE ' || query LOOP
        out := out || line || E'\n';
    END LOOP;
    RETURN out;
END
$$;

-- The aggregate a call runs: the aggregates a view of it depends on
CREATE FUNCTION citus_check.calls_aggregate(call text, agg regprocedure) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    found boolean;
BEGIN
    PERFORM set_config('citus.enable_ddl_propagation', 'off', true);
    EXECUTE format('CREATE TEMP VIEW call_probe AS SELECT %s AS r FROM citus_check.t_local', call);
    SELECT EXISTS (SELECT FROM pg_depend d JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
                    WHERE w.ev_class = 'call_probe'::regclass AND d.refobjid = agg) INTO found;
    DROP VIEW call_probe;
    RETURN found;
END
$$;

-- Every check of one aggregate: (agg, what, ok, detail) rows
CREATE FUNCTION citus_check.run(c citus_check.calls)
RETURNS TABLE (agg text, what text, ok boolean, detail text) LANGUAGE plpgsql AS $$
DECLARE
    rt regtype;
    p text;
    bad text;
    n bigint;
BEGIN
    agg := c.agg;
    SELECT a.prorettype INTO rt FROM citus_check.aggregates a WHERE a.agg = c.agg;
    IF c.plain LIKE 'spm.trend_stats(%' THEN
        rt := 'spm.trend_stats_result'::regtype;
    END IF;
    what := 'calls';
    ok := citus_check.calls_aggregate(c.plain, c.agg::regprocedure)
          AND (c.ordered_call IS NULL OR citus_check.calls_aggregate(c.ordered_call, c.agg::regprocedure))
          AND (c.window_call IS NULL OR citus_check.calls_aggregate(c.window_call, c.agg::regprocedure));
    detail := CASE WHEN NOT ok THEN 'a call in the table runs another aggregate' END;
    RETURN NEXT;

    IF NOT c.ordered THEN
        -- grouped by grp, not the distribution column
        what := 'equal';
        EXECUTE format('SELECT count(*), min(g::text) FILTER (WHERE NOT citus_check.agree(d.r, l.r, %L))
                          FROM (SELECT grp AS g, to_jsonb(%s) AS r FROM citus_check.t GROUP BY grp) d
                          FULL JOIN (SELECT grp AS g, to_jsonb(%s) AS r FROM citus_check.t_local GROUP BY grp) l USING (g)',
                       rt, c.plain, c.plain) INTO n, bad;
        ok := bad IS NULL AND n = 8;
        detail := CASE WHEN bad IS NOT NULL THEN 'group ' || bad || ' differs' WHEN n <> 8 THEN n || ' groups' END;
        RETURN NEXT;
    ELSE
        -- grouped by rep_id with ORDER BY inside: pushed down whole
        what := 'equal';
        EXECUTE format('SELECT count(*), min(g::text) FILTER (WHERE NOT citus_check.agree(d.r, l.r, %L))
                          FROM (SELECT rep_id AS g, to_jsonb(%s) AS r FROM citus_check.t GROUP BY rep_id) d
                          FULL JOIN (SELECT rep_id AS g, to_jsonb(%s) AS r FROM citus_check.t_local GROUP BY rep_id) l USING (g)',
                       rt, c.ordered_call, c.ordered_call) INTO n, bad;
        ok := bad IS NULL AND n = 997;
        detail := CASE WHEN bad IS NOT NULL THEN 'rep_id ' || bad || ' differs' WHEN n <> 997 THEN n || ' groups' END;
        IF c.window_call IS NOT NULL THEN
            EXECUTE format('SELECT count(*), min(id::text) FILTER (WHERE d.r IS DISTINCT FROM l.r)
                              FROM (SELECT id, (%s)::text AS r FROM citus_check.t) d
                              FULL JOIN (SELECT id, (%s)::text AS r FROM citus_check.t_local) l USING (id)',
                           c.window_call, c.window_call) INTO n, bad;
            ok := ok AND bad IS NULL AND n = 200000;
            detail := concat_ws('; ', detail, CASE WHEN bad IS NOT NULL THEN 'window: row ' || bad || ' differs'
                                                   WHEN n <> 200000 THEN 'window: ' || n || ' rows' END);
        END IF;
        RETURN NEXT;
        what := 'pushed down';
        p := citus_check.plan(format('SELECT rep_id, %s FROM citus_check.t GROUP BY rep_id', c.ordered_call));
        ok := p LIKE 'Custom Scan (Citus Adaptive)%'
              AND p ~ ('\n *Query: SELECT .*' || split_part(c.agg, '(', 1) || '\(');
        detail := CASE WHEN NOT ok THEN 'aggregated on the coordinator: ' || p END;
        IF c.window_call IS NOT NULL THEN
            p := citus_check.plan(format('SELECT id, %s FROM citus_check.t', c.window_call));
            IF NOT (p LIKE 'Custom Scan (Citus Adaptive)%'
                    AND p ~ ('\n *Query: SELECT .*' || split_part(c.agg, '(', 1) || '\(.*OVER \(PARTITION BY')) THEN
                ok := false;
                detail := concat_ws('; ', detail, 'window computed on the coordinator: ' || p);
            END IF;
        END IF;
        RETURN NEXT;
    END IF;

    -- partial on the workers, with coordinator aggregation disabled
    what := 'partial';
    PERFORM set_config('citus.coordinator_aggregation_strategy', 'disabled', true);
    BEGIN
        p := citus_check.plan(format('SELECT grp, %s FROM citus_check.t GROUP BY grp', c.plain));
        ok := strpos(p, format('worker_partial_agg(%L::regprocedure', c.agg)) > 0;
        detail := CASE WHEN NOT ok THEN 'no worker_partial_agg in the plan' END;
    EXCEPTION WHEN OTHERS THEN
        ok := false;
        detail := SQLERRM;
    END;
    PERFORM set_config('citus.coordinator_aggregation_strategy', 'row-gather', true);
    RETURN NEXT;
END
$$;
SQL

# every aggregate of the catalog has its calls, and every call its aggregate
missing=$(q -c "SELECT string_agg(agg, ', ' ORDER BY agg) FROM citus_check.aggregates WHERE agg NOT IN (SELECT agg FROM citus_check.calls)")
[ -z "$missing" ]
check "every aggregate of spm in the catalog has a call in the suite's table" $? "missing: $missing"
stale=$(q -c "SELECT string_agg(agg, ', ' ORDER BY agg) FROM citus_check.calls WHERE agg NOT IN (SELECT agg FROM citus_check.aggregates)")
[ -z "$stale" ]
check "every call in the suite's table names an aggregate of spm" $? "not in the catalog: $stale"

q -F '|' -c "SET client_min_messages = error" -c "SELECT r.agg, r.what, r.ok, coalesce(r.detail, ''), a.state, a.combinable
               FROM citus_check.calls c, citus_check.run(c) WITH ORDINALITY r, citus_check.aggregates a
              WHERE a.agg = c.agg ORDER BY c.agg, r.ordinality" >"$work/aggregates.out" 2>"$work/aggregates.err"
check "the aggregates' checks ran" $? "$(head -n 5 "$work/aggregates.err")"

declare -A equal partial
ordered=$(q -c "SELECT agg FROM citus_check.calls WHERE ordered")
while IFS='|' read -r agg what ok detail state combinable; do
	case $what in
	calls)
		[ "$ok" = t ]
		check "$agg: the suite's calls run this aggregate" $? "$detail"
		;;
	equal)
		status=$([ "$ok" = t ] && echo 0 || echo 1)
		if grep -qxF "$agg" <<<"$ordered"; then
			check "$agg: ORDER BY inside, by rep_id: distributed = one node" "$status" "$detail"
			equal[$agg]=$([ "$ok" = t ] && echo "same (by rep_id)" || echo DIFFERS)
		else
			check "$agg: grouped by grp: distributed = local" "$status" "$detail"
			equal[$agg]=$([ "$ok" = t ] && echo "same" || echo DIFFERS)
		fi
		;;
	"pushed down")
		[ "$ok" = t ]
		check "$agg: ORDER BY inside, by rep_id: the whole aggregate in the workers' query" $? "$detail"
		;;
	partial)
		listed=$(grep -cxF "$agg" <<<"$NOT_YET_PARTIAL")
		why="state $state$([ "$combinable" = t ] || echo ", no combine function")"
		if [ "$ok" = t ] && [ "$listed" = 0 ]; then
			check "$agg: partial on the workers (worker_partial_agg)" 0
			partial[$agg]="partial"
		elif [ "$ok" = t ]; then
			check "$agg: partial on the workers" 1 "it is now: remove it from NOT_YET_PARTIAL in test/citus.sh"
			partial[$agg]="partial (listed as not yet)"
		elif [ "$listed" = 1 ]; then
			check "$agg: not partial (listed in NOT_YET_PARTIAL; $why)" 0
			partial[$agg]="not partial (expected)"
		else
			check "$agg: partial on the workers" 1 "$detail ($why)"
			partial[$agg]="NOT PARTIAL"
		fi
		;;
	esac
done <"$work/aggregates.out"
# the list holds aggregates of spm only
unknown=$(while IFS= read -r agg; do [ -z "$agg" ] || [ -n "${partial[$agg]:-}" ] || echo "$agg"; done <<<"$NOT_YET_PARTIAL")
[ -z "$unknown" ]
check "NOT_YET_PARTIAL names aggregates of spm only" $? "$unknown"

echo "#"
printf '# %-100s %-18s %-16s %s\n' "aggregate" "state" "equal" "partial"
while IFS='|' read -r agg state; do
	printf '# %-100s %-18s %-16s %s\n' "$agg" "$state" "${equal[$agg]:-?}" "${partial[$agg]:-?}"
done < <(q -F '|' -c "SELECT agg, state FROM citus_check.aggregates ORDER BY agg")
echo "#"
echo "# aggregates: $(($(date +%s) - start)) s"

# ---- 3: the data model --------------------------------------------------------
start3=$(date +%s)
# The sample organisation (demo/data) in a plain database beside Citus's,
# on the coordinator (no citus extension in it, so Citus leaves it alone);
# its spm rows are then copied into the distributed model.
single=(psql -X -q -At -v ON_ERROR_STOP=1 -d spm_single)
{
	q -c "SET client_min_messages = error" -c "CREATE DATABASE spm_single" &&
		"${single[@]}" -c "CREATE EXTENSION spm" &&
		for f in demo/data/*.sql; do
			"${single[@]}" -f "$f" >/dev/null || exit 1
		done &&
		"$PG_BINDIR/pg_dump" -a -n spm -d spm_single -f "$work/org.sql"
} >"$work/single.log" 2>&1
check "the sample organisation loaded into a plain database (spm_single)" $? "$(tail -n 5 "$work/single.log")"

# What Citus refuses in spm's model as CREATE EXTENSION makes it (each in a
# transaction that is rolled back): printed as facts.
q -c "SET client_min_messages = error" -f - >"$work/refusals.out" 2>&1 <<'SQL'
CREATE FUNCTION pg_temp.refusal(what text, cmd text, setting text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('citus.enable_unsafe_triggers', setting, true);
    EXECUTE cmd;
    RAISE EXCEPTION 'accepted' USING ERRCODE = 'P0001';
EXCEPTION WHEN raise_exception THEN
    RETURN what || ': accepted';
WHEN OTHERS THEN
    RETURN what || ': ' || SQLERRM;
END
$$;
SELECT pg_temp.refusal('spm.rep as a distributed table', $$SELECT create_distributed_table('spm.rep', 'rep_id')$$, 'off');
SELECT pg_temp.refusal('spm.currency as a reference table (triggers allowed)', $$SELECT create_reference_table('spm.currency')$$, 'on');
SQL
sed 's/^/# Citus refuses /' "$work/refusals.out"

# What has to go first, on every node (CREATE EXTENSION made the tables on
# each node, and Citus leaves an extension's tables to the extension): the
# foreign keys (Citus adds them back below where it can), the unique and
# exclusion constraints that do not contain the distribution column, the
# row policies of spm_user (their subquery), and the reporting line's
# constraint trigger (a recursive CTE over spm.rep on the workers).
cat >"$work/drop.sql" <<'SQL'
SET citus.enable_ddl_propagation = off;
SET client_min_messages = warning;
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
              WHERE contype = 'f' AND connamespace = 'spm'::regnamespace LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
    END LOOP;
    FOR r IN SELECT polrelid::regclass AS t, polname FROM pg_policy
              WHERE polrelid::regclass::text LIKE 'spm.%' AND polname LIKE '%\_visible' LOOP
        EXECUTE format('DROP POLICY %I ON %s', r.polname, r.t);
    END LOOP;
END
$$;
ALTER TABLE spm.rep DROP CONSTRAINT rep_login_role_key;
ALTER TABLE spm.assignment DROP CONSTRAINT assignment_no_overlap;
ALTER TABLE spm.credit DROP CONSTRAINT credit_pkey;
ALTER TABLE spm.opportunity DROP CONSTRAINT opportunity_pkey;
ALTER TABLE spm.payout_line DROP CONSTRAINT payout_line_pkey;
DROP TRIGGER rep_reporting_line_acyclic ON spm.rep;
SQL
dropped=0
for d in "${dirs[@]}"; do
	q -h "$d" -f "$work/drop.sql" >>"$work/drop.log" 2>&1 || dropped=1
done
check "what Citus refuses dropped on every node" "$dropped" "$(tail -n 5 "$work/drop.log")"
echo "# dropped for Citus: every foreign key (18; added back below where Citus can), UNIQUE (login_role) of spm.rep, the"
echo "#   primary keys of spm.credit, spm.opportunity and spm.payout_line, the exclusion"
echo "#   constraint of spm.assignment (none of these contains rep_id), the 8 row policies of spm_user (a subquery),"
echo "#   the trigger rep_reporting_line_acyclic (a recursive CTE over spm.rep)"

q -c "ALTER DATABASE postgres SET citus.enable_unsafe_triggers = on" >/dev/null
distribute() {
	# distribute WHAT CALL: one table
	local out
	out=$(q -c "SET client_min_messages = error" -c "SELECT $2" 2>&1 >/dev/null)
	check "$1" $? "$out"
}
for t in currency plan plan_version plan_component fx_rate pay_run; do
	distribute "spm.$t: a reference table" "create_reference_table('spm.$t')"
done
distribute "spm.rep: distributed by rep_id, 32 shards" "create_distributed_table('spm.rep', 'rep_id', shard_count => 32)"
for t in assignment quota credit opportunity payout_line; do
	distribute "spm.$t: distributed by rep_id, co-located with spm.rep" \
		"create_distributed_table('spm.$t', 'rep_id', colocate_with => 'spm.rep')"
done
for t in payout_detail payout_hold; do
	distribute "spm.$t: distributed by rep_id (its line's), co-located with spm.payout_line" \
		"create_distributed_table('spm.$t', 'rep_id', colocate_with => 'spm.payout_line')"
done
distribute "spm.survey_response: distributed by response_id (it has no rep_id)" \
	"create_distributed_table('spm.survey_response', 'response_id', colocate_with => 'none', shard_count => 32)"

# spm's row policy on a distributed table, as it is (a scalar subquery, so
# that the set is computed once per query) and as a plain function call:
# printed as facts (each rolled back).  The second is accepted, but each
# worker applies it to its shards itself, and spm.visible_rep_ids() cannot
# read the distributed spm.rep there (spm.visible_rep below says why).
q -c "SET client_min_messages = error" -f - >"$work/policies.out" 2>&1 <<'SQL'
CREATE FUNCTION pg_temp.policy(what text, cmd text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE cmd;
    RAISE EXCEPTION 'accepted' USING ERRCODE = 'P0001';
EXCEPTION WHEN raise_exception THEN
    RETURN what || ': accepted';
WHEN OTHERS THEN
    RETURN what || ': refused: ' || SQLERRM;
END
$$;
SELECT pg_temp.policy('spm.credit''s policy with a scalar subquery',
    $$CREATE POLICY p ON spm.credit FOR SELECT TO spm_user USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]))$$);
SELECT pg_temp.policy('spm.credit''s policy as a function call',
    $$CREATE POLICY p ON spm.credit FOR SELECT TO spm_user USING (rep_id = ANY (spm.visible_rep_ids()))$$);
SQL
sed 's/^/# row security on Citus: /' "$work/policies.out"

# the foreign keys back, where Citus can
kept=0
refused=()
while IFS='|' read -r t c def; do
	if out=$(q -c "SET client_min_messages = error" -c "ALTER TABLE $t ADD CONSTRAINT $c $def" 2>&1); then
		kept=$((kept + 1))
	else
		refused+=("$c: $(echo "$out" | sed -n 's/^ERROR: *//p' | head -n 1)")
	fi
done < <("${single[@]}" -F '|' -c "SELECT conrelid::regclass, quote_ident(conname), pg_get_constraintdef(oid)
                                     FROM pg_constraint WHERE contype = 'f' AND connamespace = 'spm'::regnamespace
                                    ORDER BY conrelid::regclass::text, conname")
echo "# foreign keys: $kept added back on the distributed model; refused by Citus:"
printf '#   %s\n' "${refused[@]}"

# the sample organisation, loaded into the distributed model
load=$(psql -X -q -v ON_ERROR_STOP=1 -1 -f "$work/org.sql" 2>&1 >/dev/null)
check "the sample organisation loaded into the distributed model" $? "$load"
counts="SELECT string_agg(format('%s %s', c.oid::regclass, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]), ', ' ORDER BY c.relname)
          FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'spm'::regnamespace AND c.relname !~ '_[0-9]+$'"
citus_counts=$(q -c "$counts")
single_counts=$("${single[@]}" -c "$counts")
[ "$citus_counts" = "$single_counts" ]
check "the same rows in every table of spm on Citus as in spm_single" $? "Citus: $citus_counts; single: $single_counts"

# every view of spm: the same rows on the coordinator as on the single node
expected_failure() {
	# expected_failure NAME OK DETAIL [WHEN]: NAME fails on Citus, as
	# NOT_ON_CITUS says (WHEN, such as "after spm.calculate", goes into
	# the message)
	local listed what=$1${4:+ ($4)}
	listed=$(grep -cxF "$1" <<<"$NOT_ON_CITUS")
	if [ "$2" = 0 ] && [ "$listed" = 0 ]; then
		check "$what: the same on Citus as on one node" 0
	elif [ "$2" = 0 ]; then
		check "$what: works on Citus now" 1 "remove it from NOT_ON_CITUS in test/citus.sh"
	elif [ "$listed" = 1 ]; then
		check "$what: not on Citus (expected, NOT_ON_CITUS): $3" 0
	else
		check "$what: the same on Citus as on one node" 1 "$3"
	fi
}
rows() {
	# rows VIEW: its row count and a checksum of its rows.  The as-of date
	# is SET LOCAL with citus.propagate_set_commands = 'local', so that the
	# workers, which compute the per-person part of a view, see it too
	# (Citus does not pass a plain SET on; on spm_single the first SET is
	# an unknown setting, which is allowed).
	echo "BEGIN;
	      SET LOCAL citus.propagate_set_commands = 'local';
	      SET LOCAL spm.as_of = '2025-12-31';
	      SELECT count(*) || ' ' || md5(coalesce(string_agg(v::text, E'\n' ORDER BY v::text), '')) FROM $1 v;
	      COMMIT;"
}
compare_views() {
	# compare_views [WHEN]: every view of spm, on both
	local view want got
	while IFS= read -r view; do
		# (a script on stdin, not one -c string: Citus forwards the SET
		# LOCAL of a multi-statement string to the workers as a
		# distributed query)
		want=$("${single[@]}" -f - <<<"$(rows "$view")" 2>&1)
		got=$(q -f - <<<"$(rows "$view")" 2>&1)
		if [ "$got" = "$want" ]; then
			expected_failure "$view" 0 "" "$1"
		else
			expected_failure "$view" 1 "$(echo "$got" | sed -E 's/^psql:[^ ]*: //' | grep -E '^(ERROR|DETAIL)' | sed 's/^[A-Z]*: *//' | paste -sd ' ' || true)${got:+}" "$1"
		fi
	done < <("${single[@]}" -c "SELECT c.oid::regclass FROM pg_class c WHERE c.relkind IN ('v', 'm')
	                              AND c.relnamespace = 'spm'::regnamespace ORDER BY 1::text")
}
compare_views ""

# spm.calculate: the period close gives the same ledger
ledger="SET spm.as_of = '2025-12-31';
        SELECT spm.calculate('[2025-01-01,2025-04-01)');
        SELECT md5(string_agg(concat_ws('|', rep_id, period, amount, currency, status, kind, version_id, component,
                                        credit_id, inputs), E'\n' ORDER BY rep_id, kind, version_id, component, credit_id, amount))
          FROM spm.payout_line"
want=$("${single[@]}" -f - <<<"$ledger" 2>&1)
got=$(q -f - <<<"$ledger" 2>&1)
if [ "$got" = "$want" ]; then
	expected_failure spm.calculate 0 ""
else
	expected_failure spm.calculate 1 "$(echo "$got" | sed -E 's/^psql:[^ ]*: //' | grep -E '^(ERROR|DETAIL|CONTEXT)' | sed 's/^[A-Z]*: *//' | paste -sd ' ')"
fi
# and every view again, now that the ledger has a period (the payout
# views, and the statements that show a calculated period's commission)
compare_views "after spm.calculate"
echo "# data model: $(($(date +%s) - start3)) s; the whole Citus part: $(($(date +%s) - start)) s"
check_summary
[ "$failed" -eq 0 ]
