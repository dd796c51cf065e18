-- Forecasting reports: the company revenue forecast for the next two
-- quarters with 80% and 95% intervals, per-rep trends (who is falling), the
-- weighted open pipeline, and how good last year's forecast was.
-- Monthly revenue = sum(amount) of won deals by month of closing.

\echo
\echo '=== Company revenue forecast, next two quarters (method chosen by AIC) ==='
CREATE TEMP VIEW company_series AS
SELECT array_agg(coalesce(r.revenue, 0)::float8 ORDER BY m.month) AS x
  FROM generate_series(date '2023-01-01', (SELECT date_trunc('month', as_of)::date FROM demo.settings),
                       interval '1 month') AS m(month)
  LEFT JOIN (SELECT date_trunc('month', closed_on) AS month, sum(amount) AS revenue
               FROM demo.deal WHERE stage = 'won' GROUP BY 1) r USING (month);

SELECT f.method, round(f.alpha::numeric, 3) AS alpha, round(f.beta::numeric, 3) AS beta,
       round(f.gamma::numeric, 3) AS gamma, cardinality(s.x) AS months_of_history
  FROM company_series s, spm.forecast_fit(s.x, 'auto', 12) f;

WITH fit AS (
    SELECT s.x, f.method FROM company_series s, spm.forecast_fit(s.x, 'auto', 12) f
), f80 AS (
    SELECT p.* FROM fit, spm.forecast(fit.x, 6, fit.method,
        CASE WHEN fit.method LIKE 'hw%' THEN 12 END, 0.80) p
), f95 AS (
    SELECT p.* FROM fit, spm.forecast(fit.x, 6, fit.method,
        CASE WHEN fit.method LIKE 'hw%' THEN 12 END, 0.95) p
)
SELECT to_char((SELECT as_of FROM demo.settings) + make_interval(months => f80.step), 'YYYY-MM') AS month,
       'Q' || extract(quarter FROM (SELECT as_of FROM demo.settings) + make_interval(months => f80.step)) AS quarter,
       to_char(f80.point, 'FM999,999,999') AS forecast,
       to_char(f80.lower, 'FM999,999,999') || ' to ' || to_char(f80.upper, 'FM999,999,999') AS "80% interval",
       to_char(f95.lower, 'FM999,999,999') || ' to ' || to_char(f95.upper, 'FM999,999,999') AS "95% interval"
  FROM f80 JOIN f95 USING (step)
 ORDER BY f80.step;

\echo
\echo '=== Reps whose revenue trend is falling (least squares over 36 months) ==='
\echo '    slope = change in monthly revenue per month; t = slope / its standard error'
WITH rep_month AS (
    SELECT r.rep_id, m.i, coalesce(sum(d.amount), 0)::float8 AS revenue
      FROM demo.rep r
     CROSS JOIN generate_series(0, 35) AS m(i)
      LEFT JOIN demo.deal d
        ON d.rep_id = r.rep_id AND d.stage = 'won'
       AND date_trunc('month', d.closed_on) = date '2023-01-01' + make_interval(months => m.i)
     WHERE r.role = 'rep' AND r.hired_on <= date '2023-01-01'
     GROUP BY r.rep_id, m.i
), trend AS (
    SELECT rep_id, spm.trend_agg(revenue, i) AS t FROM rep_month GROUP BY rep_id
)
SELECT r.name AS rep, tm.name AS team,
       to_char(s.slope, 'FM999,990') AS "slope / month",
       round((s.slope / s.se_slope)::numeric, 1) AS t,
       round(s.r2::numeric, 2) AS r2,
       to_char(f.point, 'FM9,999,990') AS "trend for Jan 2026"
  FROM trend
  JOIN demo.rep r USING (rep_id)
  JOIN demo.team tm USING (team_id)
 CROSS JOIN LATERAL spm.trend_stats(trend.t) s
 CROSS JOIN LATERAL spm.trend_forecast(trend.t, 36) f
 WHERE s.slope < 0
 ORDER BY s.slope / s.se_slope
 LIMIT 10;

\echo
\echo '=== Weighted open pipeline by expected close month ==='
SELECT to_char(date_trunc('month', expected_close), 'YYYY-MM') AS month,
       count(*) AS open_deals,
       to_char(sum(amount), 'FM999,999,999') AS pipeline,
       to_char(spm.weighted_pipeline(amount, probability), 'FM999,999,999.00') AS weighted
  FROM demo.deal WHERE stage = 'open'
 GROUP BY 1 ORDER BY 1;

\echo
\echo '=== Last year''s forecast accuracy: 2025 forecast from 2023-2024, by team ==='
WITH team_month AS (
    SELECT t.team_id, m.month, coalesce(sum(d.amount), 0)::float8 AS revenue
      FROM demo.team t
     CROSS JOIN generate_series(date '2023-01-01', date '2025-12-01', interval '1 month') AS m(month)
      LEFT JOIN demo.rep r ON r.team_id = t.team_id
      LEFT JOIN demo.deal d
        ON d.rep_id = r.rep_id AND d.stage = 'won' AND date_trunc('month', d.closed_on) = m.month
     GROUP BY t.team_id, m.month
), history AS (
    SELECT team_id, array_agg(revenue ORDER BY month) AS x
      FROM team_month WHERE month < date '2025-01-01' GROUP BY team_id
), predicted AS (
    SELECT h.team_id, date '2025-01-01' + make_interval(months => f.step - 1) AS month, f.point
      FROM history h, spm.forecast(h.x, 12, 'hw_additive', 12) f
)
SELECT coalesce(t.name, 'All teams (pooled)') AS team,
       round(100 * spm.mape(a.revenue, p.point)::numeric, 1) AS "MAPE %",
       round(100 * spm.wape(a.revenue, p.point)::numeric, 1) AS "WAPE %",
       round(100 * spm.forecast_bias(a.revenue, p.point)::numeric, 1) AS "bias %",
       to_char(spm.rmse(a.revenue, p.point), 'FM999,999,999') AS rmse
  FROM predicted p
  JOIN team_month a USING (team_id, month)
  LEFT JOIN demo.team t USING (team_id)
 GROUP BY ROLLUP (t.name)
 ORDER BY t.name NULLS LAST;
