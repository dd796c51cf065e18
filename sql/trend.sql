--
-- trend: spm.trend_agg is exact on near-perfect fits and at large offsets,
-- serially and with parallel partial states; spm.trend_stats and
-- spm.trend_forecast return one row (of NULLs for a NULL trend); the
-- spm.trend state rejects what no data could produce.
--
-- The reference values are exact: the least-squares statistics of the very
-- doubles below, computed with rational arithmetic by
-- "python3 test/reference/ols_exact.py --sql" (fractions.Fraction).  R's lm
-- agrees with them only as far as its QR decomposition can (6.5e-7 relative
-- on the first series' standard errors, 1.1e-4 on the second's).
--
CREATE FUNCTION spm_test.tr_close(a float8, b float8, tol float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) <= tol * abs(b) $$;

-- 1. y = 1000 + 25 t + 1e-8 (-1)^t, t = 1..10: 1 - R^2 = 1.9e-20.  Exact:
--    slope 25.000000000606054, intercept 999.9999999966667, r2 1 (as a
--    double), se_slope 1.212108393453739e-09, se_intercept
--    7.52093479316359e-09, residual_se 1.1009521219934264e-08.
--    Plain double sums (spm 0.2.0) gave residual_se = 0.
CREATE TABLE spm_test.tr_alt AS
SELECT t::float8 AS t,
       1000::float8 + 25::float8 * t + CASE WHEN t % 2 = 0 THEN 1e-8::float8 ELSE -1e-8::float8 END AS y
  FROM generate_series(1, 10) AS t;
SELECT n, slope, intercept, r2,
       spm_test.tr_close(se_slope, 1.212108393453739e-09, 1e-9) AS se_slope_exact,
       spm_test.tr_close(se_intercept, 7.52093479316359e-09, 1e-9) AS se_intercept_exact,
       spm_test.tr_close(residual_se, 1.1009521219934264e-08, 1e-9) AS residual_se_exact
  FROM spm.trend_stats((SELECT spm.trend_agg(y, t) FROM spm_test.tr_alt));
-- the prediction interval at t = 11: exact point 1275.0000000033333,
-- standard error 1.3333192327991128e-08, t quantile (0.975, 8 df)
-- 2.3060041350333704 (R: qt(0.975, 8)): half-width 3.0746397e-08, checked
-- to 1e-5 because the bounds are doubles near 1275 (ulp 2.3e-13)
SELECT point, spm_test.tr_close((upper - lower) / 2, 2.3060041350333704 * 1.3333192327991128e-08, 1e-5)
       AS half_width_exact
  FROM spm.trend_forecast((SELECT spm.trend_agg(y, t) FROM spm_test.tr_alt), 11);

-- 2. x = 1e9 + i, y = 1e12 + 1000 i + 0.004 ((7 i) mod 5 - 2), i = 1..20,
--    10000 copies of each point (200000 rows): 1 - R^2 = 9.6e-13.  Exact:
--    slope 999.9998788475094, intercept 121152.49187360491, r2
--    0.9999999999990385, se_slope 2.192502868594151e-06, se_intercept
--    2192.502891615431, residual_se 0.005653937363596921.
--    Plain double sums gave residual_se, se_slope off by 3e-3 and the
--    intercept by 3e-2 on one copy.
CREATE TABLE spm_test.tr_off AS
SELECT 1e9::float8 + i AS x,
       1e12::float8 + 1000::float8 * i + ((i * 7) % 5 - 2)::float8 * 0.004::float8 AS y
  FROM generate_series(1, 20) AS i, generate_series(1, 10000) AS copy;
ANALYZE spm_test.tr_off;
CREATE VIEW spm_test.tr_off_check AS
SELECT n,
       spm_test.tr_close(slope, 999.9998788475094, 1e-15) AS slope_exact,
       spm_test.tr_close(intercept, 121152.49187360491, 1e-12) AS intercept_exact,
       spm_test.tr_close(r2, 0.9999999999990385, 1e-15) AS r2_exact,
       spm_test.tr_close(se_slope, 2.192502868594151e-06, 1e-9) AS se_slope_exact,
       spm_test.tr_close(se_intercept, 2192.502891615431, 1e-9) AS se_intercept_exact,
       spm_test.tr_close(residual_se, 0.005653937363596921, 1e-9) AS residual_se_exact
  FROM spm.trend_stats((SELECT spm.trend_agg(y, x) FROM spm_test.tr_off));
SET max_parallel_workers_per_gather = 0;
SELECT * FROM spm_test.tr_off_check;
-- the same with partial states from parallel workers, merged
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT spm.trend_agg(y, x) FROM spm_test.tr_off') AS plan_is_parallel;
SELECT * FROM spm_test.tr_off_check;
RESET ALL;

-- 3. one row per call, as a composite: a NULL trend (a group without
--    complete rows) gives a row of NULLs in a SELECT list, not no row
CREATE TABLE spm_test.tr_groups (g int, x float8, y float8);
INSERT INTO spm_test.tr_groups VALUES (1, 1, 1), (1, 2, 3), (1, 3, 4), (1, 4, 8), (2, NULL, 5);
SELECT g, (spm.trend_stats(t)).*
  FROM (SELECT g, spm.trend_agg(y, x) AS t FROM spm_test.tr_groups GROUP BY g) q ORDER BY g;
SELECT g, (spm.trend_forecast(t, 5)).*
  FROM (SELECT g, spm.trend_agg(y, x) AS t FROM spm_test.tr_groups GROUP BY g) q ORDER BY g;
SELECT * FROM spm.trend_stats(NULL);
SELECT * FROM spm.trend_forecast(NULL, 1);
SELECT pg_typeof(spm.trend_stats('(0,0,0,0,0,0)')), pg_typeof(spm.trend_forecast('(0,0,0,0,0,0)', 1));

-- 4. the state: its text form, the version 1 form, and states no data can
--    produce.  Points (0,0) and (2,4): n 2, shift (0,0), sums of x - x0 and
--    y - y0 2 and 4, of squares 4 and 16, of products 8 (low parts 0).
SELECT spm.trend_agg(y, x) FROM (VALUES (0::float8, 0::float8), (4, 2)) v(y, x);
SELECT '(2,0,0,2,0,4,0,4,0,16,0,8,0)'::spm.trend;
-- version 1 "(n,sx,sy,sxx,syy,sxy)" is read and converted: x = 1..4,
-- y = 1,3,4,8 has slope 11/5 and intercept 4 - 2.2 * 2.5 = -1.5
SELECT slope, intercept FROM spm.trend_stats('(4,10,16,5,26,11)');
-- two points off their line (r2 would be 0, v1 and v2 forms), a negative
-- centred sum of squares, Cauchy-Schwarz, a sum in a one-point state, an
-- empty state with a shift, an unnormalised double-double
SELECT spm_test.error($$SELECT '(2,0,0,1,1,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(2,0,0,2,0,4,0,4,0,16,0,7,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(2,0,0,2,0,4,0,1,0,16,0,2,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(3,0,0,0,0,0,0,1,0,1,0,5,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(1,2,3,1,0,0,0,0,0,0,0,0,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(0,2,0,0,0,0,0,0,0,0,0,0,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(3,0,0,1,1,0,0,1,0,1,0,1,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(2,0,0,1e400,0,4,0,4,0,16,0,8,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(99999999999999999999,0,0,0,0,0,0,0,0,0,0,0,0)'::spm.trend$$);
SELECT spm_test.error($$SELECT '(-2,0,0,0,0,0,0,0,0,0,0,0,0)'::spm.trend$$);
-- the count cannot wrap: 22003 (v1 and v2 forms)
SELECT spm_test.sqlstate($$SELECT spm.trend_accum('(9223372036854775807,1,1,1,1,1)'::spm.trend, 1, 1)$$);
SELECT spm_test.sqlstate($$SELECT spm.trend_accum('(9223372036854775807,0,0,0,0,0,0,0,0,0,0,0,0)'::spm.trend, 1, 1)$$);
SELECT spm_test.sqlstate($$SELECT spm.trend_combine('(9223372036854775807,0,0,0,0,0,0,0,0,0,0,0,0)', '(1,0,0,0,0,0,0,0,0,0,0,0,0)')$$);
-- binary: the same checks (22P03), and version 1 bytes are still read
SELECT spm_test.recv(spm.trend_send('(2,0,0,2,0,4,0,4,0,16,0,8,0)'), 'spm.trend');
SELECT spm_test.recv(overlay(spm.trend_send('(2,0,0,2,0,4,0,4,0,16,0,8,0)')
                             PLACING float8send(7) FROM 97), 'spm.trend');
SELECT spm_test.recv(overlay(spm.trend_send('(2,0,0,2,0,4,0,4,0,16,0,8,0)')
                             PLACING '\x00000003' FROM 1), 'spm.trend');
SELECT spm_test.recv('\x00000001000000000000000000000004'::bytea
                     || float8send(10) || float8send(16) || float8send(5) || float8send(26)
                     || float8send(11), 'spm.trend');
SELECT spm_test.recv('\x00000001000000000000000000000002'::bytea
                     || float8send(0) || float8send(0) || float8send(1) || float8send(1)
                     || float8send(0), 'spm.trend');

-- 5. the accuracy state likewise: the sum of errors cannot exceed the sum
--    of absolute errors (forecast_bias_final used to return 5 here), nor can
--    a non-zero actual leave sum |actual| at 0 ...
SELECT spm_test.error($$SELECT spm.forecast_bias_final('(1,0,0,0,1,5,0)')$$);
SELECT spm_test.error($$SELECT '(1,0,0,0,0,0,0)'::spm.accuracy_state$$);
SELECT spm_test.error($$SELECT '(1,1,0.5,2,0,2,4)'::spm.accuracy_state$$);
SELECT spm_test.error($$SELECT '(2,0,0,0,4,0,1)'::spm.accuracy_state$$);
-- ... while what data produce is read: actual 4, forecast 2
SELECT spm.accuracy_accum('(0,0,0,0,0,0,0)', 4, 2), '(1,0,0.5,2,4,-2,4)'::spm.accuracy_state;
SELECT spm_test.recv(overlay(spm.accuracy_state_send('(1,0,0.5,2,4,-2,4)')
                             PLACING float8send(5) FROM 49), 'spm.accuracy_state');

-- 6. weighted pipeline: probability outside 0..1 and a sum beyond numeric
SELECT spm_test.sqlstate($$SELECT spm.weighted_pipeline(10, 1.5)$$);
SELECT spm_test.sqlstate($$SELECT spm.weighted_pipeline(a, 1) FROM (VALUES ('9e131071'::numeric), ('9e131071')) v(a)$$);
