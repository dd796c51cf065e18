--
-- parallel_aggregates: every aggregate of spm that does not depend on the
-- order of its rows gives the same answer in a real parallel plan (Partial
-- Aggregate in the workers, Gather, Finalize Aggregate in the leader) as
-- serially: grouped and ungrouped, over the whole table, over one row,
-- over rows that are all NULL and over no rows at all, so that workers
-- with nothing to aggregate hand empty partial states to the combine step.
-- The list of aggregates comes from the catalog: an aggregate this test
-- does not call makes it fail.  Exact results (numeric, composites) must
-- match to the last digit; float8 results to 1e-12 relative (the workers
-- add in a different order).
--

-- ==== the data ==============================================================
-- 13 groups of about 4,600 rows, and two rare groups: 100 has one row and
-- 101 one row of NULLs.  One row in three is a credit for spm.ledger_agg
-- (which keeps every credit), one credit in five of those converted.  With the leader only gathering, the rare rows
-- are in one worker's share of the table and the other worker has none.
CREATE TABLE spm_test.pa (
    g int, amount numeric(12, 2), quota numeric(12, 2), prob numeric, score int, csat int,
    won boolean, x float8, y float8, actual float8, fc float8, load float8,
    credit_id bigint, credited_on date, original_amount numeric, original_currency text,
    fx_rate numeric);
INSERT INTO spm_test.pa
SELECT i % 13,
       a.amount,
       1000 + (i * 37) % 9000,
       ((i * 13) % 101) / 100.0,
       CASE WHEN i % 97 = 0 THEN NULL ELSE ((i::bigint * 7919 + i / 101) % 11)::int END,
       1 + (i::bigint * 104729) % 5,
       CASE WHEN i % 5 = 0 THEN NULL ELSE (i::bigint * 40503) % 7 < 3 END,
       (i % 1000) / 7.0,
       3.0 * (i % 1000) / 7.0 + ((i::bigint * 7919) % 101) / 3.0,
       CASE WHEN i % 53 = 0 THEN NULL WHEN i % 11 = 0 THEN 0 ELSE 100 + (i * 31) % 97 / 7.0 END,
       100 + (i * 17) % 89 / 3.0,
       ((i::bigint * 40503) % 1000003) / 7.0,
       CASE WHEN i % 3 = 0 THEN i END,
       date '2026-01-01' + (i * 37 % 90),
       CASE WHEN i % 15 = 0 THEN round(a.amount / 1.1, 2) END,
       CASE WHEN i % 15 = 0 THEN CASE WHEN i % 2 = 0 THEN 'EUR' ELSE 'GBP' END END,
       CASE WHEN i % 15 = 0 THEN 1.1 END
  FROM generate_series(1, 60000) AS i
 CROSS JOIN LATERAL (SELECT CASE WHEN i % 33 = 0 THEN -round(((i::bigint * 7919) % 300000) / 100.0, 2)
                                 ELSE round(((i::bigint * 104729) % 2000000) / 100.0, 2) END AS amount) a;
INSERT INTO spm_test.pa VALUES
    (100, 1000.00, 2000.00, 0.5, 9, 5, true, 1, 2, 50, 40, 3.5,
     900000001, '2026-02-01', 909.09, 'EUR', 1.1),
    (101, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL);
ANALYZE spm_test.pa;

-- ==== the calls =============================================================
-- One call of each aggregate over the columns above, with $rows where the
-- rows it aggregates are chosen (a FILTER clause).  A schedule, quota,
-- scale or cap must be the same on every row the aggregate sees, so they
-- are constants.  Float results are given as a float8[] (for spm.trend_agg,
-- its statistics: the state itself keeps the first point seen, which
-- differs between plans).
CREATE TABLE spm_test.pa_call (agg regprocedure PRIMARY KEY, call text NOT NULL, floats boolean NOT NULL);
INSERT INTO spm_test.pa_call VALUES
    ('spm.commission_agg(numeric, spm.tier_schedule)',
     $$spm.commission_agg(amount, 'graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10') FILTER (WHERE $rows)$$, false),
    ('spm.commission_agg(numeric, spm.tier_schedule, numeric)',
     $$spm.commission_agg(amount, 'retroactive: 0 @ 0.04, 1.0 @ 0.06, 1.5 @ 0.09', 500000) FILTER (WHERE $rows)$$, false),
    ('spm.attainment_agg(numeric, numeric)', $$spm.attainment_agg(amount, quota) FILTER (WHERE $rows)$$, false),
    ('spm.weighted_pipeline(numeric, numeric)', $$spm.weighted_pipeline(amount, prob) FILTER (WHERE $rows)$$, false),
    ('spm.enps(integer)', $$spm.enps(score) FILTER (WHERE $rows)$$, false),
    ('spm.enps(integer, integer)', $$spm.enps(score, 5) FILTER (WHERE $rows)$$, false),
    ('spm.nps_stats(integer)', $$spm.nps_stats(score) FILTER (WHERE $rows)$$, false),
    ('spm.nps_stats(integer, integer)', $$spm.nps_stats(score, 5) FILTER (WHERE $rows)$$, false),
    ('spm.csat(integer)', $$spm.csat(csat) FILTER (WHERE $rows)$$, false),
    ('spm.csat(integer, integer)', $$spm.csat(csat, 5) FILTER (WHERE $rows)$$, false),
    ('spm.win_rate(boolean)', $$spm.win_rate(won) FILTER (WHERE $rows)$$, false),
    ('spm.ledger_agg(spm.tier_schedule, numeric, numeric, numeric, bigint, date, numeric, numeric, text, numeric)',
     $$spm.ledger_agg('graduated: 0 @ 0.05, 100000 @ 0.1', NULL, NULL, 60, credit_id, credited_on, amount,
                      original_amount, original_currency, fx_rate) FILTER (WHERE credit_id IS NOT NULL AND $rows)$$, false),
    ('spm.trend_agg(float8, float8)',
     $$ARRAY[(spm.trend_stats(spm.trend_agg(y, x) FILTER (WHERE $rows))).n,
             (spm.trend_stats(spm.trend_agg(y, x) FILTER (WHERE $rows))).slope,
             (spm.trend_stats(spm.trend_agg(y, x) FILTER (WHERE $rows))).intercept,
             (spm.trend_stats(spm.trend_agg(y, x) FILTER (WHERE $rows))).r2,
             (spm.trend_stats(spm.trend_agg(y, x) FILTER (WHERE $rows))).se_slope,
             (spm.trend_stats(spm.trend_agg(y, x) FILTER (WHERE $rows))).se_intercept,
             (spm.trend_stats(spm.trend_agg(y, x) FILTER (WHERE $rows))).residual_se]$$, true),
    ('spm.mape(float8, float8)', $$ARRAY[spm.mape(actual, fc) FILTER (WHERE $rows)]$$, true),
    ('spm.wape(float8, float8)', $$ARRAY[spm.wape(actual, fc) FILTER (WHERE $rows)]$$, true),
    ('spm.forecast_bias(float8, float8)', $$ARRAY[spm.forecast_bias(actual, fc) FILTER (WHERE $rows)]$$, true),
    ('spm.rmse(float8, float8)', $$ARRAY[spm.rmse(actual, fc) FILTER (WHERE $rows)]$$, true),
    ('spm.gini(float8)', $$ARRAY[spm.gini(load) FILTER (WHERE $rows)]$$, true);

-- Every aggregate of the extension is called above, except the three whose
-- answer depends on the order of the rows (called with ORDER BY or as a
-- window function, never split): this lists exactly those, so a new
-- aggregate that is not added above changes the output.
SELECT p.oid::regprocedure AS not_called
  FROM pg_depend d
  JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
  JOIN pg_aggregate a ON a.aggfnoid = p.oid
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'spm')
   AND d.deptype = 'e'
   AND p.oid NOT IN (SELECT agg FROM spm_test.pa_call)
 ORDER BY 1::text;
-- and each call calls its aggregate
SELECT agg FROM spm_test.pa_call
 WHERE call NOT LIKE '%spm.' || (SELECT proname FROM pg_proc WHERE oid = agg) || '(%';

-- ==== serial and parallel ===================================================
-- The same float8 arrays, element by element, to 1e-12 relative.
CREATE FUNCTION spm_test.pa_close(a float8[], b float8[]) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL)
        OR (cardinality(a) = cardinality(b)
            AND NOT EXISTS (SELECT FROM unnest(a, b) AS u(x, y)
                             WHERE NOT ((x IS NULL AND y IS NULL)
                                        OR abs(x - y) <= 1e-12 * greatest(abs(x), abs(y), 1e-300))))
$$;

-- Whether EXPLAIN shows a parallel aggregate: partial states computed under
-- a Gather and finalized above it.  With run, EXPLAIN ANALYZE, and workers
-- must also have been launched.
CREATE FUNCTION spm_test.pa_plan_ok(q text, run boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE format('EXPLAIN (ANALYZE %s, COSTS OFF, TIMING OFF, SUMMARY OFF) %s', run::text, q) LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan ~ 'Finalize \w*Aggregate(.*\n)+.*Gather(.*\n)+.*Partial \w*Aggregate'
       AND (NOT run OR plan ~ 'Workers Launched: [1-9]');
END
$$;

-- The results of the parallel plans, kept for the checks of the rare groups.
CREATE TABLE spm_test.pa_result (agg regprocedure, rows text, r text);

-- Runs one call serially and in parallel (two workers, the leader only
-- gathering), in two queries: grouped by g, and ungrouped over every row,
-- the single row of group 100, the NULL row of group 101 and no row.
-- Reports whether both plans were parallel, whether the grouped one
-- launched workers, the number of results (15 groups and 4 ungrouped) and
-- how many of them differ from the serial ones.
CREATE FUNCTION spm_test.pa_check(agg regprocedure, OUT parallel_plans int, OUT launched boolean,
                                  OUT results int, OUT differences int)
LANGUAGE plpgsql AS $$
DECLARE
    c spm_test.pa_call;
    q text;
    serial jsonb;
    par jsonb;
    k text;
    same boolean;
BEGIN
    SELECT * INTO STRICT c FROM spm_test.pa_call WHERE pa_call.agg = pa_check.agg;
    parallel_plans := 0;
    results := 0;
    differences := 0;
    FOREACH q IN ARRAY ARRAY[
        format('SELECT jsonb_object_agg(g, r) FROM (SELECT g, (%s)::text AS r FROM spm_test.pa GROUP BY g) s',
               replace(c.call, '$rows', 'true')),
        format($f$SELECT jsonb_build_object('all rows', (%s)::text, 'one row', (%s)::text,
                                            'NULL row', (%s)::text, 'no row', (%s)::text) FROM spm_test.pa$f$,
               replace(c.call, '$rows', 'true'), replace(c.call, '$rows', 'g = 100'),
               replace(c.call, '$rows', 'g = 101'), replace(c.call, '$rows', 'g < 0'))]
    LOOP
        PERFORM set_config('max_parallel_workers_per_gather', '0', true);
        EXECUTE q INTO serial;
        PERFORM set_config('max_parallel_workers_per_gather', '2', true);
        IF spm_test.pa_plan_ok(q, false) THEN
            parallel_plans := parallel_plans + 1;
        END IF;
        IF launched IS NULL THEN
            launched := spm_test.pa_plan_ok(q, true);
        END IF;
        EXECUTE q INTO par;
        INSERT INTO spm_test.pa_result SELECT agg, e.key, e.value #>> '{}' FROM jsonb_each(par) e;
        FOR k IN SELECT jsonb_object_keys(serial) UNION SELECT jsonb_object_keys(par) LOOP
            IF c.floats THEN
                same := spm_test.pa_close((serial ->> k)::float8[], (par ->> k)::float8[]);
            ELSE
                same := (serial ->> k) IS NOT DISTINCT FROM (par ->> k);
            END IF;
            results := results + 1;
            IF NOT (serial ? k AND par ? k AND same) THEN
                differences := differences + 1;
            END IF;
        END LOOP;
    END LOOP;
END
$$;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
-- both plans parallel, workers launched, 19 results, no difference
SELECT c.agg, r.* FROM spm_test.pa_call c, spm_test.pa_check(c.agg) r ORDER BY c.agg::text;
RESET ALL;

-- ==== the rare groups, by hand ==============================================
-- Group 100's one row; its values:
--   commission_agg: 1000 at 5% = 50.00; with quota 500,000 attainment is
--     0.002, in the retroactive band of 4%: 40.00
--   attainment_agg: 1000 / 2000 = 0.5; weighted_pipeline: 1000 x 0.5 = 500
--   enps and csat of one promoter (9) and one satisfied answer (5): 100,
--     NULL below 5 answers; nps_stats: 1 promoter, std error
--     100 x sqrt((1 + 0 - 1) / 1) = 0, so the interval is [100, 100];
--     below 5 answers only responses
--   win_rate of one win: 1
--   ledger_agg: the credit of 1000 (from 909.09 EUR at 1.1) adds 1000 x 5%
--     = 50, under the cap of 60 (its fingerprint, a hash, is left out here;
--     the check above compares it with the serial one)
--   trend_agg of one point: n = 1, nothing else
--   mape = wape = |40 - 50| / 50 = 0.2, bias = (40 - 50) / 50 = -0.2,
--   rmse = sqrt(10^2) = 10; gini of one value: 0
-- Group 101 (all NULL): every aggregate gives NULL, trend_agg's statistics
-- a row of NULLs.
SELECT agg, rows,
       CASE WHEN agg::text LIKE 'spm.ledger_agg(%' THEN regexp_replace(r, ',-?\d+\)$', ',...)') ELSE r END AS r
  FROM spm_test.pa_result
 WHERE rows IN ('100', '101') ORDER BY agg::text, rows;
-- the same from the ungrouped queries over those rows, where a worker had
-- none of them, and NULLs over no row at all
SELECT count(*) FILTER (WHERE g.r IS DISTINCT FROM u.r) AS differ_from_grouped,
       count(*) FILTER (WHERE n.r !~ '^\{(NULL,)*NULL\}$') AS not_null_over_no_row
  FROM spm_test.pa_result g
  JOIN spm_test.pa_result u ON u.agg = g.agg AND u.rows = CASE g.rows WHEN '100' THEN 'one row' ELSE 'NULL row' END
  JOIN spm_test.pa_result n ON n.agg = g.agg AND n.rows = 'no row'
 WHERE g.rows IN ('100', '101');

DROP TABLE spm_test.pa, spm_test.pa_call, spm_test.pa_result;
DROP FUNCTION spm_test.pa_check(regprocedure), spm_test.pa_plan_ok(text, boolean),
              spm_test.pa_close(float8[], float8[]);
