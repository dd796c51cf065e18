-- (appended to sql/forecast_r.sql by test/reference/forecast.R)

-- Given alpha, beta, gamma: every point and both bounds of every step equal
-- R's predict.HoltWinters(..., prediction.interval = TRUE) to 1e-9 relative.
CREATE FUNCTION spm_test.fc_close(a float8, b float8, tol float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) <= tol * greatest(1.0, abs(b)) $$;

WITH runs AS (
    SELECT name, method, season, alpha, beta, gamma, level, max(step) AS horizon
      FROM spm_test.fc_r_fixed GROUP BY 1, 2, 3, 4, 5, 6, 7)
SELECT runs.method, count(*) AS steps, count(DISTINCT runs.name) AS series,
       count(*) FILTER (WHERE NOT (spm_test.fc_close(f.point, r.point, 1e-9)
                                   AND spm_test.fc_close(f.lower, r.lower, 1e-9)
                                   AND spm_test.fc_close(f.upper, r.upper, 1e-9))) AS differ_from_r
  FROM runs
  JOIN spm_test.fc_series s USING (name)
 CROSS JOIN LATERAL spm.forecast(s.x, runs.horizon, runs.method, runs.season, runs.level,
                                 runs.alpha, runs.beta, runs.gamma) f
  JOIN spm_test.fc_r_fixed r
    ON (r.name, r.method, r.level, r.step) = (runs.name, runs.method, runs.level, f.step)
 GROUP BY runs.method ORDER BY runs.method;

-- Fitted parameters: spm's SSE is no worse than R's own fit of the series.
SELECT r.method, count(*) AS series,
       count(*) FILTER (WHERE f.sse <= r.sse * (1 + 1e-9)) AS spm_sse_no_worse
  FROM spm_test.fc_r_fitted r
  JOIN spm_test.fc_series s USING (name)
 CROSS JOIN LATERAL spm.forecast_fit(s.x, r.method, r.season) f
 GROUP BY r.method ORDER BY r.method;

-- auto does not depend on the unit of the series: on every series, with
-- and without its season, the method chosen for x, 1000 x and 0.001 x is
-- the same (the AICs compare the same errors, and the fit's stopping tests
-- are relative)
SELECT count(*) AS fits, count(*) FILTER (WHERE methods = 1) AS same_method_at_every_scale
  FROM (SELECT s.name, sea, count(DISTINCT f.method) AS methods
          FROM spm_test.fc_series s
         CROSS JOIN LATERAL unnest(CASE WHEN s.season IS NULL THEN ARRAY[NULL::int]
                                        ELSE ARRAY[NULL, s.season] END) sea
         CROSS JOIN unnest('{1,1000,0.001}'::float8[]) c
         CROSS JOIN LATERAL spm.forecast_fit(array(SELECT v * c FROM unnest(s.x) v), 'auto', sea) f
         GROUP BY s.name, sea) q;

-- linear: R's lm and predict.lm(..., interval = "prediction")
SELECT count(*) AS steps,
       count(*) FILTER (WHERE NOT (spm_test.fc_close(f.point, r.point, 1e-10)
                                   AND spm_test.fc_close(f.lower, r.lower, 1e-10)
                                   AND spm_test.fc_close(f.upper, r.upper, 1e-10))) AS differ_from_r
  FROM spm_test.fc_r_linear r
  JOIN spm_test.fc_series s USING (name)
 CROSS JOIN LATERAL spm.forecast(s.x, 6, 'linear', level => r.level) f
 WHERE f.step = r.step;

-- trend_agg / trend_stats / trend_forecast: R's summary(lm(dist ~ speed, cars))
-- and predict.lm at several x and levels
SELECT spm_test.fc_close(t.slope, r.slope, 1e-12) AS slope,
       spm_test.fc_close(t.intercept, r.intercept, 1e-12) AS intercept,
       spm_test.fc_close(t.r2, r.r2, 1e-12) AS r2,
       spm_test.fc_close(t.se_slope, r.se_slope, 1e-12) AS se_slope,
       spm_test.fc_close(t.se_intercept, r.se_intercept, 1e-12) AS se_intercept,
       spm_test.fc_close(t.residual_se, r.residual_se, 1e-12) AS residual_se, t.n
  FROM spm.trend_stats((SELECT spm.trend_agg(dist, speed) FROM spm_test.fc_cars)) t,
       spm_test.fc_r_trend_stats r;
SELECT count(*) AS predictions,
       count(*) FILTER (WHERE NOT (spm_test.fc_close(f.point, r.point, 1e-10)
                                   AND spm_test.fc_close(f.lower, r.lower, 1e-10)
                                   AND spm_test.fc_close(f.upper, r.upper, 1e-10))) AS differ_from_r
  FROM spm_test.fc_r_trend r
 CROSS JOIN LATERAL spm.trend_forecast((SELECT spm.trend_agg(dist, speed) FROM spm_test.fc_cars),
                                       r.x, r.level) f;
