--
-- forecast: spm.trend_agg / trend_stats / trend_forecast, spm.forecast,
-- spm.forecast_fit, the accuracy aggregates and spm.weighted_pipeline.
-- Expected values are hand-computed (arithmetic in the comments); the
-- comparisons with R are in forecast_r, parallel plans in forecast_parallel.
--

-- ---- trend ---------------------------------------------------------------
-- y = 1, 3, 4, 8 at x = 1..4: means 2.5 and 4; Sxx = 5, Syy = 26, Sxy = 11
-- slope 11/5 = 2.2, intercept 4 - 2.2 * 2.5 = -1.5, r2 = 121 / 130,
-- RSS = 26 - 121/5 = 1.8, residual_se = sqrt(1.8 / 2), se_slope = sqrt(0.9 / 5),
-- se_intercept = sqrt(0.9 * (1/4 + 2.5^2 / 5)) = sqrt(1.35)
CREATE TABLE spm_test.fc_pts (g int, x float8, y float8);
INSERT INTO spm_test.fc_pts VALUES (1, 1, 1), (1, 2, 3), (1, 3, 4), (1, 4, 8),
    (2, 1, NULL), (2, NULL, 5), (3, 7, 2), (4, 1, 1), (4, 2, 3);
SELECT spm.trend_agg(y, x) FROM spm_test.fc_pts WHERE g = 1;
SELECT n, slope = 2.2 AS slope, intercept = -1.5 AS intercept,
       abs(r2 - 121.0 / 130) < 1e-15 AS r2,
       abs(residual_se - sqrt(0.9)) < 1e-15 AS residual_se,
       abs(se_slope - sqrt(0.18)) < 1e-15 AS se_slope,
       abs(se_intercept - sqrt(1.35)) < 1e-15 AS se_intercept
  FROM spm.trend_stats((SELECT spm.trend_agg(y, x) FROM spm_test.fc_pts WHERE g = 1));
-- prediction at x = 5: 9.5 +- qt(0.975, 2) * sqrt(0.9 * (1 + 1/4 + 2.5^2/5)) = 9.5 +- 4.302652729749464 * 1.5
SELECT point, abs(lower - (9.5 - 4.302652729749464 * 1.5)) < 1e-13 AS lower_ok,
       abs(upper - (9.5 + 4.302652729749464 * 1.5)) < 1e-13 AS upper_ok
  FROM spm.trend_forecast((SELECT spm.trend_agg(y, x) FROM spm_test.fc_pts WHERE g = 1), 5);
-- 80%: qt(0.9, 2) = 1.885618083164127
SELECT abs(upper - (9.5 + 1.885618083164127 * 1.5)) < 1e-13 AS upper80_ok
  FROM spm.trend_forecast((SELECT spm.trend_agg(y, x) FROM spm_test.fc_pts WHERE g = 1), 5, 0.8);
-- groups: NULL x or y skipped (g 2 has no complete row -> NULL); one point: no
-- slope; two points: a slope but no standard errors and no interval
SELECT g, spm.trend_agg(y, x) FROM spm_test.fc_pts GROUP BY g ORDER BY g;
SELECT g, s.* FROM (SELECT g, spm.trend_agg(y, x) AS t FROM spm_test.fc_pts GROUP BY g) q,
       LATERAL spm.trend_stats(q.t) s ORDER BY g;
SELECT g, f.* FROM (SELECT g, spm.trend_agg(y, x) AS t FROM spm_test.fc_pts GROUP BY g) q,
       LATERAL spm.trend_forecast(q.t, 3) f ORDER BY g;
SELECT spm.trend_agg(y, x) IS NULL AS no_rows FROM spm_test.fc_pts WHERE false;
SELECT count(*) AS rows_for_null FROM spm.trend_stats(NULL);
-- constant x: no slope; constant y: slope 0, r2 undefined
SELECT slope, r2 FROM spm.trend_stats((SELECT spm.trend_agg(v, 3) FROM generate_series(1, 4) v));
SELECT slope, r2, residual_se FROM spm.trend_stats((SELECT spm.trend_agg(3, v) FROM generate_series(1, 4) v));
-- a large offset in x does not destroy the slope (naive sums would)
SELECT abs(slope - 2.2) < 1e-6 AS stable
  FROM spm.trend_stats((SELECT spm.trend_agg(y, x + 1e9) FROM spm_test.fc_pts WHERE g = 1));

-- NIST StRD "Norris" (https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml):
-- certified B1 = 1.00211681802045 (sd 0.429796848199937E-03),
-- B0 = -0.262323073774029 (sd 0.232818234301152), residual SD
-- 0.884796396144373, R-squared 0.999993745883712; required to 1e-9 relative
CREATE TABLE spm_test.fc_norris (y float8, x float8);
INSERT INTO spm_test.fc_norris VALUES
    (0.1, 0.2), (338.8, 337.4), (118.1, 118.2), (888.0, 884.6), (9.2, 10.1),
    (228.1, 226.5), (668.5, 666.3), (998.5, 996.3), (449.1, 448.6), (778.9, 777.0),
    (559.2, 558.2), (0.3, 0.4), (0.1, 0.6), (778.1, 775.5), (668.8, 666.9),
    (339.3, 338.0), (448.9, 447.5), (10.8, 11.6), (557.7, 556.0), (228.3, 228.1),
    (998.0, 995.8), (888.8, 887.6), (119.6, 120.2), (0.3, 0.3), (0.6, 0.3),
    (557.6, 556.8), (339.3, 339.1), (888.0, 887.2), (998.5, 999.0), (778.9, 779.0),
    (10.2, 11.1), (117.6, 118.3), (228.9, 229.2), (668.4, 669.1), (449.2, 448.9),
    (0.2, 0.5);
SELECT n,
       abs(slope / 1.00211681802045 - 1) < 1e-9 AS slope,
       abs(intercept / -0.262323073774029 - 1) < 1e-9 AS intercept,
       abs(se_slope / 0.429796848199937E-03 - 1) < 1e-9 AS se_slope,
       abs(se_intercept / 0.232818234301152 - 1) < 1e-9 AS se_intercept,
       abs(residual_se / 0.884796396144373 - 1) < 1e-9 AS residual_sd,
       abs(r2 / 0.999993745883712 - 1) < 1e-9 AS r2
  FROM spm.trend_stats((SELECT spm.trend_agg(y, x) FROM spm_test.fc_norris));

-- combine: empty states on either side, and two halves
SELECT spm.trend_combine('(0,0,0,0,0,0)', '(0,0,0,0,0,0)');
SELECT spm.trend_combine('(0,0,0,0,0,0)', '(4,10,16,5,26,11)');
SELECT spm.trend_combine('(4,10,16,5,26,11)', '(0,0,0,0,0,0)');
-- (1,1),(2,3) and (3,4),(4,8) combine to the state of all four
SELECT spm.trend_combine((SELECT spm.trend_agg(y, x) FROM spm_test.fc_pts WHERE g = 1 AND x <= 2),
                         (SELECT spm.trend_agg(y, x) FROM spm_test.fc_pts WHERE g = 1 AND x > 2));
-- a direct call of the transition function does not modify its argument
SELECT spm.trend_accum(t, 5, 5), t FROM (SELECT '(1,1,1,0,0,0)'::spm.trend AS t) q;

-- text form: round trip and malformed input
SELECT '(4,10,16,5,26,11)'::spm.trend::text::spm.trend;
SELECT ' ( 2 , 1.5 , -3 , 0.5 , 2 , -1 ) '::spm.trend;
SELECT spm_test.sqlstate($$SELECT ''::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(1,2,3)'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(4,10,16,5,26,11) x'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(-1,0,0,0,0,0)'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(4,10,16,-5,26,11)'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(4,10,16,5,26,100)'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(4,NaN,16,5,26,11)'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(4,1e999,16,5,26,11)'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(0,1,0,0,0,0)'::spm.trend$$);
SELECT spm_test.sqlstate($$SELECT '(99999999999999999999,0,0,0,0,0)'::spm.trend$$);
-- binary form: version, flags, n, then the five sums
SELECT spm.trend_send('(4,10,16,5,26,11)');

-- errors
SELECT spm_test.sqlstate($$SELECT spm.trend_agg(y, x) FROM (VALUES (1, 'NaN'::float8)) v(y, x)$$);
SELECT spm_test.sqlstate($$SELECT spm.trend_agg(y, x) FROM (VALUES ('Infinity'::float8, 1)) v(y, x)$$);
SELECT spm_test.sqlstate($$SELECT spm.trend_agg(y, x) FROM (VALUES (1e308, 1), (-1e308, 2)) v(y, x)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.trend_forecast('(4,10,16,5,26,11)', 5, 0)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.trend_forecast('(4,10,16,5,26,11)', 5, 1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.trend_forecast('(4,10,16,5,26,11)', 5, 'NaN')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.trend_forecast('(4,10,16,5,26,11)', 'Infinity')$$);

-- ---- exponential smoothing, by hand ----------------------------------------
-- SES, alpha 0.5, on 10, 12, 11, 13 (R: level starts at x[1], errors from x[2]):
-- forecasts 10, 11, 11 -> errors 2, 0, 2, SSE 8, final level 12;
-- var(errors) = 4/3; h-step variance 4/3 * (1 + (h - 1) * 0.5^2);
-- z = qnorm(0.975) = 1.959963984540054
SELECT step, point,
       abs(upper - point - 1.959963984540054 * sqrt(4.0 / 3 * (1 + (step - 1) * 0.25))) < 1e-12 AS width_ok,
       abs((upper + lower) / 2 - point) < 1e-12 AS symmetric
  FROM spm.forecast('{10,12,11,13}', 3, 'ses', alpha => 0.5);
-- Holt on an exact line: level x[2], trend x[2] - x[1], no error, any alpha/beta
-- (to 12 digits: 0.3 * 3 + 0.7 * 3 is not exactly 3 in binary floating point)
SELECT step, round(point::numeric, 12) AS point, round(lower::numeric, 12) AS lower,
       round(upper::numeric, 12) AS upper
  FROM spm.forecast('{1,2,3,4,5}', 3, 'holt', alpha => 0.3, beta => 0.7);
-- additive Holt-Winters on an exact pattern 1,2,3 (season 3): the moving
-- average is 2, the seasonal figure -1, 0, 1, the level 2 with trend 0
SELECT step, point, lower, upper
  FROM spm.forecast('{1,2,3,1,2,3,1,2,3,1,2,3}', 4, 'hw_additive', 3, alpha => 0.5, beta => 0.5, gamma => 0.5);
-- multiplicative on 10, 20, 30: figure 0.5, 1, 1.5 around 20.  The trend is
-- exactly 0 here, and R's predict.HoltWinters divides by the coefficient in
-- position 2 (the trend) for some steps of multiplicative intervals, giving
-- Inf/NaN bounds; spm reports those bounds as NULL.
SELECT step, round(point::numeric, 12) AS point, round(lower::numeric, 12) AS lower,
       round(upper::numeric, 12) AS upper
  FROM spm.forecast('{10,20,30,10,20,30,10,20,30}', 4, 'hw_multiplicative', 3, alpha => 0.2, beta => 0.2, gamma => 0.2);
-- fitting an exact series: SSE 0, AIC minus infinity
SELECT method, sse, aic FROM spm.forecast_fit('{1,2,3,1,2,3,1,2,3,1,2,3}', 'hw_additive', 3);
-- linear: y = 2t + 1 exactly -> points 2(n + h) + 1, zero-width interval
SELECT step, point, lower, upper FROM spm.forecast('{3,5,7,9,11}', 2, 'linear');
SELECT method, alpha, beta, gamma, sse FROM spm.forecast_fit('{3,5,7,9,11}', 'linear');
-- parameters not fitted are reported NULL: ses has no beta or gamma
SELECT method, alpha IS NOT NULL AS has_alpha, beta IS NULL AS no_beta, gamma IS NULL AS no_gamma
  FROM spm.forecast_fit('{10,12,11,13,12,14}', 'ses');
-- fitted parameters stay within [0, 1]
SELECT method, alpha BETWEEN 0 AND 1 AND beta BETWEEN 0 AND 1 AND gamma BETWEEN 0 AND 1 AS in_unit_box
  FROM spm.forecast_fit('{30,21,29,31,40,48,53,47,37,39,31,29,17,9,20,24,27,35,41,38}', 'hw_additive', 4);
-- a fit on the bound alpha = 0, which spm.forecast takes back.  SES on
-- 10, 11, 9, 11, 9, 11, 9: with alpha 0 the level stays 10 and the one-step
-- errors (from value 2) are 1, -1, 1, -1, 1, -1: SSE 6; any alpha > 0 moves
-- the level towards the last value, which the next one contradicts, so 0
-- is the minimum.  AIC on values 3..7 (m = 5; errors -1, 1, -1, 1, -1),
-- k = 2: 5 ln(5 / 5) + 2 * 2 = 4
SELECT method, alpha, sse, aic FROM spm.forecast_fit('{10,11,9,11,9,11,9}', 'ses');
-- forecasts with alpha 0: point 10, var(errors) = 6 / 5 = 1.2, and the
-- half-width qnorm(0.975) * sqrt(1.2) does not grow with the step
SELECT f.step, f.point, abs(f.upper - 10 - 1.959963984540054 * sqrt(1.2)) < 1e-12 AS width_ok,
       (f.point, f.lower, f.upper) = (g.point, g.lower, g.upper) AS same_as_fitted
  FROM spm.forecast('{10,11,9,11,9,11,9}', 3, 'ses', alpha => 0) f
  JOIN spm.forecast('{10,11,9,11,9,11,9}', 3, 'ses') g USING (step);

-- every method's AIC counts the same errors: those at values 3..n, or
-- season + 1..n when a season is given, so that AICs compare.  linear on
-- the same series: the line through t = 1..7 has slope -3/28 and passes
-- through (4, 10); the residuals at t = 3..7 are -31/28, 1, -25/28, 34/28,
-- -19/28, squares summing to 3887/784, so AIC = 5 ln(3887/784 / 5) + 2 * 2;
-- its SSE (all seven residuals, as lm's) is Syy - Sxy^2/Sxx = 6 - 9/28
SELECT method, abs(sse - 159.0 / 28) < 1e-12 AS sse_ok,
       abs(aic - (5 * ln(3887.0 / 3920) + 4)) < 1e-12 AS aic_ok
  FROM spm.forecast_fit('{10,11,9,11,9,11,9}', 'linear');
-- season 3 (given to ses or linear, it only sets the window): values 4..7,
-- m = 4.  ses: errors 1, -1, 1, -1, AIC 4 ln(4 / 4) + 4 = 4, the SSE still
-- R's (from value 2); linear: 1, -25/28, 34/28, -19/28, squares 2926/784
SELECT method, alpha, sse, aic FROM spm.forecast_fit('{10,11,9,11,9,11,9}', 'ses', 3);
SELECT method, abs(aic - (4 * ln(2926.0 / 3136) + 4)) < 1e-12 AS aic_ok
  FROM spm.forecast_fit('{10,11,9,11,9,11,9}', 'linear', 3);

-- auto: says what it picked, and forecasts exactly as that method does
CREATE TABLE spm_test.fc_auto (name text, season int, x float8[]);
INSERT INTO spm_test.fc_auto VALUES
    -- 100 + t + (20, -10, 5, -15) + noise
    ('seasonal', 4, '{121.5,90.6,105.1,86.3,124.2,94.2,111.9,92.6,130.1,100.1,115.3,94.8,133.5,102.6,117.1,98.3,136.2,106.2,123.9,104.6,142.1,112.1,127.3,106.8}'),
    ('level', NULL, '{50,52,49,51,50,53,48,50,51,49,52,50}'),
    ('trend', NULL, '{10,12.1,13.9,16.2,18,19.8,22.1,24,25.9,28.2,30,31.9}');
SELECT a.name, f.method,
       (SELECT array_agg(point ORDER BY step) FROM spm.forecast(a.x, 6, 'auto', a.season)) =
       (SELECT array_agg(point ORDER BY step) FROM spm.forecast(a.x, 6, f.method,
            CASE WHEN f.method LIKE 'hw%' THEN a.season END)) AS same_forecast,
       f.aic <= ALL (SELECT g.aic FROM unnest(ARRAY['ses','holt','linear','hw_additive','hw_multiplicative']) m,
                     LATERAL spm.forecast_fit(a.x, m, a.season) g
                     WHERE a.season IS NOT NULL OR m NOT LIKE 'hw%') AS lowest_aic,
       (SELECT count(DISTINCT g.method) FROM unnest('{1000,0.001,1e-100,1e100}'::float8[]) c,
               LATERAL spm.forecast_fit(array(SELECT v * c FROM unnest(a.x) v), 'auto', a.season) g
         WHERE g.method <> f.method) AS other_method_at_other_scale
  FROM spm_test.fc_auto a, LATERAL spm.forecast_fit(a.x, 'auto', a.season) f ORDER BY a.name;
-- wider level, wider interval; step numbers run 1..horizon
SELECT bool_and(f95.upper - f95.lower > f80.upper - f80.lower) AS wider, max(f95.step) AS steps
  FROM spm.forecast('{10,12,11,13,12,14,13,15}', 5, 'holt', level => 0.95) f95
  JOIN spm.forecast('{10,12,11,13,12,14,13,15}', 5, 'holt', level => 0.8) f80 USING (step);

-- errors: NULLs where a value is required (22004)
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast(NULL, 3)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', NULL)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, NULL)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', level => NULL)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,NULL,4}', 3, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7,8}', 3, 'hw_additive')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast_fit(NULL, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast_fit('{1,2,3,4}', NULL)$$);
-- bad values in the series (22003) and bad shapes (22023)
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,NaN,4}', 3, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,Infinity,4}', 3, 'holt')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,-Infinity,4}', 3)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{{1,2},{3,4}}', 3, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{}', 3)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2}', 3, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3}', 3, 'holt')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2}', 3, 'linear')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7}', 3, 'hw_additive', 4)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7,8}', 3, 'hw_additive', 1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7,8}', 3, 'auto', 5)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7,8}', 3, 'ses', 4)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast_fit('{1,2,3,4,5,6,7}', 'ses', 4)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast_fit('{1,2,3,4,5,6,7}', 'hw_additive', 10001)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast(array_fill(1::float8, '{20002}'), 1, 'hw_additive', 10001)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,0,4,5,6,7,8}', 3, 'hw_multiplicative', 4)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,-3,4,5,6,7,8}', 3, 'hw_multiplicative', 4)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'arima')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'SES')$$);
-- horizon and level
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 0, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', -1, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 10001, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', level => 0)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', level => 1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', level => 'NaN')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', level => '-Infinity')$$);
-- smoothing parameters: range (22003) and method (22023)
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', alpha => -0.1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', alpha => 1.5)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', alpha => 'NaN')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'holt', beta => -0.1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'holt', beta => 'Infinity')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7,8}', 3, 'hw_additive', 4, gamma => 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'ses', beta => 0.1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'holt', gamma => 0.1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'linear', alpha => 0.1)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1,2,3,4}', 3, 'auto', alpha => 0.1)$$);
-- huge values: the squared errors overflow float8
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1e300,-1e300,1e300,-1e300}', 1, 'ses')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1e300,-1e300,1e300,-1e300}', 1, 'linear')$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast('{1e300,-1e300,1e300,-1e300}', 1)$$);
-- the points overflow, the fit does not: holt with alpha = beta = 1 on
-- 0, 2^1020, 2^1021, 3 * 2^1020 (exact in binary) has no error, level
-- 3 * 2^1020 and trend 2^1020, so step h is (3 + h) * 2^1020: 2^1024, beyond
-- float8, at step 13
SELECT spm_test.sqlstate($$SELECT * FROM spm.forecast(ARRAY[0, 2 ^ 1020, 2 ^ 1021, 3 * 2 ^ 1020], 13, 'holt', alpha => 1, beta => 1)$$);
SELECT count(*) FROM spm.forecast(ARRAY[0, 2 ^ 1020, 2 ^ 1021, 3 * 2 ^ 1020], 12, 'holt', alpha => 1, beta => 1);
-- boundary values are accepted: alpha 0 and 1, beta and gamma 0 and 1
SELECT count(*) FROM spm.forecast('{1,2,3,4,5,6,7,8}', 2, 'hw_additive', 4, alpha => 1, beta => 0, gamma => 1);
SELECT count(*) FROM spm.forecast('{1,2,3,4,5,6,7,8}', 2, 'hw_additive', 4, alpha => 0, beta => 1, gamma => 0);
-- the shortest series each method accepts
SELECT (SELECT count(*) FROM spm.forecast('{1,2,3}', 1, 'ses')) AS ses3,
       (SELECT count(*) FROM spm.forecast('{1,2,3,5}', 1, 'holt')) AS holt4,
       (SELECT count(*) FROM spm.forecast('{1,2,3,5}', 1, 'hw_additive', 2)) AS hw4,
       (SELECT count(*) FROM spm.forecast('{1,2,4}', 1, 'linear')) AS linear3;

-- cancel: a fit on a long series stops for statement_timeout (57014) about
-- a second after the start, not when the fit is done (tens of seconds: a
-- cancel that waits for the end fails the same way, only late, so the time
-- is what the test checks)
CREATE TABLE spm_test.fc_long AS
SELECT array_agg(100 + 10 * sin(i * 0.5236) + (i::bigint * 7919) % 13) AS x
  FROM generate_series(1, 1000000) i;
CREATE FUNCTION spm_test.cancel_time(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    RETURN 'finished';
EXCEPTION WHEN query_canceled THEN
    RETURN SQLSTATE || CASE WHEN clock_timestamp() - t0 < interval '10 s'
                            THEN ' within 10 s' ELSE ' after ' || (clock_timestamp() - t0) END;
END
$$;
SET statement_timeout = '1s';
SELECT spm_test.cancel_time($$SELECT count(*) FROM spm_test.fc_long, spm.forecast(x, 10, 'hw_additive', 12)$$);
SET statement_timeout = '1s';
SELECT spm_test.cancel_time($$SELECT method FROM spm_test.fc_long, spm.forecast_fit(x, 'auto', 12)$$);
RESET statement_timeout;
DROP TABLE spm_test.fc_long;

-- ---- accuracy ------------------------------------------------------------------
-- actual 100, 200, 0, 50 / forecast 110, 150, 10, 50 (and a NULL pair, skipped):
-- MAPE over actual <> 0: (0.1 + 0.25 + 0) / 3; WAPE 70 / 350 = 0.2;
-- bias (10 - 50 + 10 + 0) / 350; RMSE sqrt((100 + 2500 + 100) / 4)
CREATE TABLE spm_test.fc_acc (g int, actual float8, fc float8);
INSERT INTO spm_test.fc_acc VALUES (1, 100, 110), (1, 200, 150), (1, 0, 10), (1, 50, 50),
    (1, NULL, 5), (1, 5, NULL), (2, 0, 3), (2, 0, 0), (3, NULL, NULL);
SELECT abs(spm.mape(actual, fc) - 0.35 / 3) < 1e-15 AS mape,
       spm.wape(actual, fc) = 0.2 AS wape,
       abs(spm.forecast_bias(actual, fc) - (-30.0 / 350)) < 1e-15 AS bias,
       abs(spm.rmse(actual, fc) - sqrt(675)) < 1e-12 AS rmse
  FROM spm_test.fc_acc WHERE g = 1;
-- only zero actuals: MAPE, WAPE and bias undefined (NULL); RMSE sqrt(9 / 2)
SELECT g, spm.mape(actual, fc), spm.wape(actual, fc), spm.forecast_bias(actual, fc),
       spm.rmse(actual, fc) = sqrt(4.5::float8) AS rmse_ok
  FROM spm_test.fc_acc WHERE g = 2 GROUP BY g;
-- no rows, only NULLs
SELECT spm.mape(actual, fc) IS NULL AS mape, spm.wape(actual, fc) IS NULL AS wape,
       spm.forecast_bias(actual, fc) IS NULL AS bias, spm.rmse(actual, fc) IS NULL AS rmse
  FROM spm_test.fc_acc WHERE g = 3;
SELECT spm.rmse(actual, fc) IS NULL AS no_rows FROM spm_test.fc_acc WHERE false;
-- a perfect forecast
SELECT spm.mape(v, v), spm.wape(v, v), spm.forecast_bias(v, v), spm.rmse(v, v)
  FROM generate_series(1, 5) v;
-- state text form, combine (empty either side), malformed input
SELECT spm.accuracy_accum(spm.accuracy_accum('(0,0,0,0,0,0,0)', 100, 110), 0, 10);
SELECT spm.accuracy_combine('(0,0,0,0,0,0,0)', '(0,0,0,0,0,0,0)');
SELECT spm.accuracy_combine('(0,0,0,0,0,0,0)', '(2,1,0.1,20,100,20,200)');
SELECT spm.accuracy_combine('(2,1,0.1,20,100,20,200)', '(0,0,0,0,0,0,0)');
SELECT spm.accuracy_combine('(2,1,0.1,20,100,20,200)', '(1,0,0.5,5,10,-5,25)');
SELECT '(2,1,0.1,20,100,20,200)'::spm.accuracy_state::text::spm.accuracy_state;
SELECT spm_test.sqlstate($$SELECT '(2,3,0,0,0,0,0)'::spm.accuracy_state$$);
SELECT spm_test.sqlstate($$SELECT '(2,1,-1,0,0,0,0)'::spm.accuracy_state$$);
SELECT spm_test.sqlstate($$SELECT '(2,1,0,0,0,0)'::spm.accuracy_state$$);
SELECT spm_test.sqlstate($$SELECT '(2,1,0,0,0,0,inf)'::spm.accuracy_state$$);
SELECT spm_test.sqlstate($$SELECT 'accuracy'::spm.accuracy_state$$);
SELECT spm.accuracy_state_send('(2,1,0.1,20,100,20,200)');
-- errors
SELECT spm_test.sqlstate($$SELECT spm.mape(a, f) FROM (VALUES ('NaN'::float8, 1::float8)) v(a, f)$$);
SELECT spm_test.sqlstate($$SELECT spm.wape(a, f) FROM (VALUES (1::float8, 'Infinity'::float8)) v(a, f)$$);
SELECT spm_test.sqlstate($$SELECT spm.rmse(a, f) FROM (VALUES (1e300::float8, -1e300::float8)) v(a, f)$$);

-- ---- weighted pipeline ---------------------------------------------------------
-- 100.50 * 0.25 + 1000 * 0.1 = 25.125 + 100 = 125.125, exactly
SELECT spm.weighted_pipeline(a, p) FROM (VALUES (100.50, 0.25), (1000, 0.1), (NULL, 0.5), (7, NULL)) v(a, p);
-- exact beyond float8: 1e30 * 0.5 + 0.01 * 0.5
SELECT spm.weighted_pipeline(a, p) FROM (VALUES (1e30, 0.5), (0.01, 0.5)) v(a, p);
SELECT spm.weighted_pipeline(a, p) IS NULL AS no_rows FROM (VALUES (1.0, 0.5)) v(a, p) WHERE false;
SELECT spm.weighted_pipeline(a, p) IS NULL AS only_nulls FROM (VALUES (NULL::numeric, 0.5)) v(a, p);
-- probabilities 0 and 1 are fine; negative amounts (credit notes) too
SELECT spm.weighted_pipeline(a, p) FROM (VALUES (10, 0), (20, 1), (-5, 0.5)) v(a, p);
SELECT spm_test.sqlstate($$SELECT spm.weighted_pipeline(10, 1.5)$$);
SELECT spm_test.sqlstate($$SELECT spm.weighted_pipeline(10, -0.01)$$);
SELECT spm_test.sqlstate($$SELECT spm.weighted_pipeline(10, 'NaN')$$);
SELECT spm_test.sqlstate($$SELECT spm.weighted_pipeline('NaN', 0.5)$$);
SELECT spm_test.sqlstate($$SELECT spm.weighted_pipeline('Infinity', 0.5)$$);

-- ---- binary receive: round trip and validation, through COPY (FORMAT binary) ----
-- A bytea column written with binary COPY holds the raw bytes of its field,
-- so reading that file into a column of the state type feeds the bytes to
-- the type's receive function.
-- valid values come back unchanged
SELECT spm_test.recv(spm.trend_send('(4,10,16,5,26,11)'), 'spm.trend');
SELECT spm_test.recv(spm.trend_send('(0,0,0,0,0,0)'), 'spm.trend');
SELECT spm_test.recv(spm.accuracy_state_send('(2,1,0.1,20,100,20,200)'), 'spm.accuracy_state');
-- every field is checked: version, flags, count, finite sums, consistency
SELECT spm_test.recv(overlay(spm.trend_send('(4,10,16,5,26,11)') PLACING '\x00000002' FROM 1), 'spm.trend');
SELECT spm_test.recv(overlay(spm.trend_send('(4,10,16,5,26,11)') PLACING '\x00000001' FROM 5), 'spm.trend');
SELECT spm_test.recv(overlay(spm.trend_send('(4,10,16,5,26,11)') PLACING '\xffffffffffffffff' FROM 9), 'spm.trend');
SELECT spm_test.recv(overlay(spm.trend_send('(4,10,16,5,26,11)') PLACING '\x7ff8000000000000' FROM 17), 'spm.trend');
SELECT spm_test.recv(overlay(spm.trend_send('(4,10,16,5,26,11)') PLACING '\xc014000000000000' FROM 33), 'spm.trend');
SELECT spm_test.recv(substr(spm.trend_send('(4,10,16,5,26,11)'), 1, 48), 'spm.trend');
SELECT spm_test.recv(spm.trend_send('(4,10,16,5,26,11)') || '\x00'::bytea, 'spm.trend');
SELECT spm_test.recv(overlay(spm.accuracy_state_send('(2,1,0.1,20,100,20,200)') PLACING '\x0000000000000003' FROM 17), 'spm.accuracy_state');
SELECT spm_test.recv(overlay(spm.accuracy_state_send('(2,1,0.1,20,100,20,200)') PLACING '\x7ff0000000000000' FROM 57), 'spm.accuracy_state');
SELECT spm_test.recv(overlay(spm.accuracy_state_send('(2,1,0.1,20,100,20,200)') PLACING '\x00000009' FROM 1), 'spm.accuracy_state');

-- auto with a season on a series with a zero: the multiplicative model is
-- not a candidate (it needs positive values), the others still are
SELECT method <> 'hw_multiplicative' AS not_multiplicative
  FROM spm.forecast_fit('{0,21,29,31,40,48,53,47,37,39,31,29,17,9,20,24}', 'auto', 4);
SELECT count(*) AS steps FROM spm.forecast('{0,21,29,31,40,48,53,47,37,39,31,29,17,9,20,24}', 4, 'auto', 4);
