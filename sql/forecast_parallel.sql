--
-- forecast_parallel: the forecasting aggregates (spm.trend_agg, spm.mape,
-- spm.wape, spm.forecast_bias, spm.rmse, spm.weighted_pipeline) give the
-- same answers with forced parallel plans (partial states combined across
-- workers) as serially, including groups that leave workers with no rows.
-- Float sums depend on the order of addition, so float results are
-- compared to 1e-12 relative; the numeric pipeline must match exactly.
--
CREATE TABLE spm_test.fc_par (g int, x float8, y float8, actual float8, fc float8,
                              amount numeric, prob numeric);
INSERT INTO spm_test.fc_par
SELECT i % 7,
       i % 1000,
       3.0 * (i % 1000) + ((i::bigint * 7919) % 101) - 50,
       CASE WHEN i % 53 = 0 THEN NULL WHEN i % 11 = 0 THEN 0 ELSE 100 + (i * 31) % 97 END,
       100 + (i * 17) % 89,
       round(((i::bigint * 104729) % 100000) / 100.0, 2),
       ((i * 13) % 101) / 100.0
  FROM generate_series(1, 400000) AS i;
-- two rare groups: one row, and one with only NULLs
INSERT INTO spm_test.fc_par VALUES (100, 1, 2, 50, 40, 10.50, 0.5),
    (101, NULL, NULL, NULL, NULL, NULL, NULL);
ANALYZE spm_test.fc_par;

CREATE VIEW spm_test.fc_by_group AS
SELECT g, (SELECT slope FROM spm.trend_stats(q.t)) AS slope,
       (SELECT n FROM spm.trend_stats(q.t)) AS n, mape, wape, bias, rmse, pipeline
  FROM (SELECT g, spm.trend_agg(y, x) AS t,
               spm.mape(actual, fc) AS mape, spm.wape(actual, fc) AS wape,
               spm.forecast_bias(actual, fc) AS bias, spm.rmse(actual, fc) AS rmse,
               spm.weighted_pipeline(amount, prob) AS pipeline
          FROM spm_test.fc_par GROUP BY g) q;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.fc_serial AS SELECT * FROM spm_test.fc_by_group;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT * FROM spm_test.fc_by_group') AS grouped_plan_is_parallel;
SELECT spm_test.plan_is_parallel(
    'SELECT spm.trend_agg(y, x), spm.mape(actual, fc), spm.weighted_pipeline(amount, prob) FROM spm_test.fc_par')
    AS plain_plan_is_parallel;
CREATE TABLE spm_test.fc_par_result AS SELECT * FROM spm_test.fc_by_group;

CREATE FUNCTION spm_test.fc_same(a float8, b float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12 * greatest(abs(a), abs(b), 1e-300) $$;

SELECT count(*) AS groups,
       count(*) FILTER (WHERE NOT (spm_test.fc_same(s.slope, p.slope) AND s.n IS NOT DISTINCT FROM p.n
                                   AND spm_test.fc_same(s.mape, p.mape)
                                   AND spm_test.fc_same(s.wape, p.wape)
                                   AND spm_test.fc_same(s.bias, p.bias)
                                   AND spm_test.fc_same(s.rmse, p.rmse)
                                   AND s.pipeline IS NOT DISTINCT FROM p.pipeline)) AS differences
  FROM spm_test.fc_serial s FULL JOIN spm_test.fc_par_result p USING (g);
-- the rare groups came through the combine step intact
SELECT g, n, slope, mape, wape, bias, rmse, pipeline FROM spm_test.fc_par_result
 WHERE g >= 100 ORDER BY g;

-- and the serial answers are right: compare with PostgreSQL's own
-- regr_slope and with plain SQL for the accuracy measures and the pipeline
RESET ALL;
SELECT count(*) FILTER (WHERE NOT spm_test.fc_same(s.slope, r.slope)) AS slope_wrong,
       count(*) FILTER (WHERE NOT spm_test.fc_same(s.wape, r.wape)) AS wape_wrong,
       count(*) FILTER (WHERE NOT spm_test.fc_same(s.mape, r.mape)) AS mape_wrong,
       count(*) FILTER (WHERE NOT spm_test.fc_same(s.rmse, r.rmse)) AS rmse_wrong,
       count(*) FILTER (WHERE s.pipeline IS DISTINCT FROM r.pipeline) AS pipeline_wrong
  FROM spm_test.fc_serial s JOIN (
    SELECT g, regr_slope(y, x) AS slope,
           sum(abs(fc - actual)) / nullif(sum(abs(actual)), 0) AS wape,
           avg(abs(fc - actual) / abs(actual)) FILTER (WHERE actual <> 0) AS mape,
           sqrt(avg((fc - actual) ^ 2)) AS rmse,
           sum(amount * prob) AS pipeline
      FROM spm_test.fc_par GROUP BY g) r USING (g);
