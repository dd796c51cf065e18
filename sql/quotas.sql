--
-- quotas: spm.attainment, spm.attainment_agg, spm.pacing, spm.ramp_quota,
-- spm.coverage.  Expected values are hand-computed; the arithmetic is in
-- the comments.
--

-- attainment = actual / quota
SELECT spm.attainment(50, 40) AS a125,                -- 1.25
       spm.attainment(0, 40) AS a0,                   -- 0
       spm.attainment(40, 40) AS a1,                  -- 1
       spm.attainment(-10, 40) AS clawback,           -- -0.25
       spm.attainment(12345.67, 10000) AS exact,      -- 1.234567
       spm.attainment(1, 3) = 1.0 / 3 AS like_sql_division;
-- quota 0 gives NULL; NULL in, NULL out (STRICT)
SELECT spm.attainment(10, 0) IS NULL AS zero_quota,
       spm.attainment(NULL, 10) IS NULL AS null_actual,
       spm.attainment(10, NULL) IS NULL AS null_quota;
-- quotients are SQL's own numeric division (at least 16 significant digits)
SELECT spm.attainment(1e30 + 1, 1e30) = (1e30 + 1) / 1e30 AS like_sql_for_huge,
       spm.attainment(1e-20, 3e-20) = 1e-20 / 3e-20 AS like_sql_for_tiny;
SELECT spm_test.sqlstate($$SELECT spm.attainment(10, -1)$$);
-- the sign test reads numeric's header: short and long formats, and -0
SELECT spm_test.sqlstate($$SELECT spm.attainment(10, -1e300)$$);
SELECT spm_test.sqlstate($$SELECT spm.attainment(10, -1e-300)$$);
SELECT spm_test.sqlstate($$SELECT spm.attainment(10, -123456789012345678901234567890.5)$$);
SELECT spm.attainment(10, -0.0) IS NULL AS minus_zero_is_zero, spm.attainment(1, 1e300) > 0 AS big_is_positive;
SELECT spm_test.sqlstate($$SELECT spm.attainment(10, 'NaN')$$);
SELECT spm_test.sqlstate($$SELECT spm.attainment('NaN', 10)$$);
SELECT spm_test.sqlstate($$SELECT spm.attainment('Infinity', 10)$$);
SELECT spm_test.sqlstate($$SELECT spm.attainment(10, '-Infinity')$$);

-- attainment_agg = sum(actual) / sum(quota)
-- (100 + 50 + 150) / (100 + 100 + 100) = 1
SELECT spm.attainment_agg(a, q) FROM (VALUES (100, 100), (50, 100), (150, 100)) v(a, q);
-- (30 + 10) / (20 + 60) = 0.5; rows with a NULL in either argument are skipped
SELECT spm.attainment_agg(a, q)
  FROM (VALUES (30, 20), (10, 60), (NULL, 1000), (1000, NULL)) v(a, q);
-- no rows, only NULL rows, or a zero total quota give NULL
SELECT spm.attainment_agg(a, q) IS NULL AS no_rows
  FROM (VALUES (1::numeric, 1::numeric)) v(a, q) WHERE false;
SELECT spm.attainment_agg(a, q) IS NULL AS only_nulls
  FROM (VALUES (NULL::numeric, 1::numeric), (1, NULL)) v(a, q);
SELECT spm.attainment_agg(a, q) IS NULL AS zero_total FROM (VALUES (5, 0), (7, 0)) v(a, q);
-- exact money: 0.1 + 0.2 over 0.3 is exactly 1
SELECT spm.attainment_agg(a, q) FROM (VALUES (0.1, 0.1), (0.2, 0.2)) v(a, q);
-- by group, and as a window
SELECT g, spm.attainment_agg(a, q)
  FROM (VALUES ('x', 10, 40), ('x', 30, 40), ('y', 5, 2)) v(g, a, q)
 GROUP BY g ORDER BY g;                               -- x: 40/80 = 0.5, y: 2.5
SELECT i, spm.attainment_agg(a, q) OVER (ORDER BY i)
  FROM (VALUES (1, 10, 40), (2, 30, 40), (3, 40, 20)) v(i, a, q);  -- .25, .5, .8
SELECT spm_test.sqlstate($$SELECT spm.attainment_agg(a, q) FROM (VALUES (1, 1), (1, -1)) v(a, q)$$);
-- a negative quota read from a table (stored in the short on-disk format)
CREATE TABLE spm_test.qt_neg (a numeric, q numeric);
INSERT INTO spm_test.qt_neg VALUES (1, 5), (1, -0.01);
SELECT spm_test.sqlstate($$SELECT spm.attainment_agg(a, q) FROM spm_test.qt_neg$$);
SELECT spm_test.sqlstate($$SELECT spm.attainment_agg(a, q) FROM (VALUES (1, 'NaN'::numeric)) v(a, q)$$);
SELECT spm_test.sqlstate($$SELECT spm.attainment_agg(a, q) FROM (VALUES ('Infinity'::numeric, 1)) v(a, q)$$);

-- pacing: Q4 2025 is 92 days (Oct 31 + Nov 30 + Dec 31).  As of 2025-11-15,
-- 31 + 15 = 46 days have elapsed (as_of counts), 46 remain.
-- quota 120000, actual 40000:
--   elapsed_fraction = 46/92 = 0.5; expected = 60000; pace = 40000/60000
--   projected = 40000 * 92 / 46 = 80000; gap = 80000; per day = 80000/46
SELECT (spm.pacing(40000, 120000, daterange('2025-10-01', '2026-01-01'), '2025-11-15')).*;
SELECT (spm.pacing(40000, 120000, daterange('2025-10-01', '2026-01-01'), '2025-11-15')).required_per_day
       = 80000.0 / 46 AS per_day_is_80000_over_46;
-- an inclusive upper bound is the same period ([..., 2025-12-31] = [..., 2026-01-01))
SELECT spm.pacing(40000, 120000, '[2025-10-01,2025-12-31]', '2025-11-15')
     = spm.pacing(40000, 120000, daterange('2025-10-01', '2026-01-01'), '2025-11-15') AS same;
-- first day: 1/92 elapsed; expected = 120000/92; projected = 920 * 92 = 84640
SELECT elapsed_fraction = 1.0 / 92 AS one_day, projected, gap
  FROM spm.pacing(920, 120000, daterange('2025-10-01', '2026-01-01'), '2025-10-01');
-- before the period: nothing elapsed, pace and projection undefined,
-- the whole quota spread over all 92 days
SELECT * FROM spm.pacing(0, 92000, daterange('2025-10-01', '2026-01-01'), '2025-09-30');
-- last day and after the period: all elapsed; a shortfall can no longer be
-- made up (required_per_day NULL); a met quota needs 0 per day
SELECT * FROM spm.pacing(100, 200, daterange('2025-10-01', '2026-01-01'), '2025-12-31');
SELECT * FROM spm.pacing(250, 200, daterange('2025-10-01', '2026-01-01'), '2026-06-01');
-- exactly at quota: gap 0, nothing more required
SELECT gap, required_per_day FROM spm.pacing(200, 200, daterange('2025-10-01', '2026-01-01'), '2025-11-01');
-- leap year: February 2024 has 29 days; as of Feb 29 all of it elapsed;
-- as of Feb 14 14/29 elapsed; 2024 has 366 days, 60 elapsed by Feb 29
SELECT elapsed_fraction FROM spm.pacing(0, 1, daterange('2024-02-01', '2024-03-01'), '2024-02-29');
SELECT elapsed_fraction = 14.0 / 29 AS feb_14 FROM spm.pacing(0, 1, daterange('2024-02-01', '2024-03-01'), '2024-02-14');
SELECT elapsed_fraction = 60.0 / 366 AS leap_year FROM spm.pacing(0, 1, daterange('2024-01-01', '2025-01-01'), '2024-02-29');
SELECT elapsed_fraction = 59.0 / 365 AS common_year FROM spm.pacing(0, 1, daterange('2025-01-01', '2026-01-01'), '2025-02-28');
-- a one-day period
SELECT * FROM spm.pacing(5, 10, '[2025-03-01,2025-03-01]', '2025-03-01');
-- zero quota: pace undefined, everything else defined
SELECT pace IS NULL AS no_pace, expected, gap, required_per_day
  FROM spm.pacing(10, 0, daterange('2025-10-01', '2026-01-01'), '2025-11-15');
SELECT spm.pacing(NULL, 1, daterange('2025-10-01', '2026-01-01'), '2025-11-15') IS NULL AS strict;
-- errors
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, 'empty', '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, '[2025-10-01,2025-10-01)', '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, '[2025-10-01,)', '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, '(,2025-10-01)', '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, '[-infinity,2025-10-01)', '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, '[2025-10-01,infinity)', '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, daterange('2025-10-01', '2026-01-01'), 'infinity')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, -100, daterange('2025-10-01', '2026-01-01'), '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing('NaN', 100, daterange('2025-10-01', '2026-01-01'), '2025-11-15')$$);
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, '[2025-10-01,2025-09-01)', '2025-11-15')$$);

-- ramp_quota: months 0, 1, 2 of tenure at 25%, 50%, 75%, then 100%
SELECT m, spm.ramp_quota(90000, m, '{0.25,0.5,0.75}')
  FROM generate_series(0, 4) AS m;                    -- 22500, 45000, 67500, 90000, 90000
SELECT spm.ramp_quota(90000, 0, '{}') AS no_ramp,     -- 90000
       spm.ramp_quota(100, 2147483647, '{0}') AS long_tenure,   -- 100
       spm.ramp_quota(100, 0, '{0}') AS zero_first_month;       -- 0
SELECT spm.ramp_quota(NULL, 1, '{1}') IS NULL AS strict;
SELECT spm_test.sqlstate($$SELECT spm.ramp_quota(100, -1, '{0.5}')$$);
SELECT spm_test.sqlstate($$SELECT spm.ramp_quota(-100, 0, '{0.5}')$$);
SELECT spm_test.sqlstate($$SELECT spm.ramp_quota(100, 0, '{0.5,NULL}')$$);
SELECT spm_test.sqlstate($$SELECT spm.ramp_quota(100, 0, '{0.5,-0.1}')$$);
SELECT spm_test.sqlstate($$SELECT spm.ramp_quota(100, 0, '{NaN}')$$);
SELECT spm_test.sqlstate($$SELECT spm.ramp_quota(100, 0, '{{0.5},{1}}')$$);

-- coverage = pipeline / (quota - closed); NULL once quota is met
SELECT spm.coverage(300000, 120000, 40000) AS c375,   -- 300000 / 80000 = 3.75
       spm.coverage(0, 100, 0) AS c0,                 -- 0
       spm.coverage(50, 100, -50) AS clawback,        -- 50 / 150
       spm.coverage(10, 100, 100) IS NULL AS met,
       spm.coverage(10, 100, 150) IS NULL AS exceeded,
       spm.coverage(10, 0, 0) IS NULL AS zero_quota;
SELECT spm_test.sqlstate($$SELECT spm.coverage(-1, 100, 0)$$);
SELECT spm_test.sqlstate($$SELECT spm.coverage(1, -100, 0)$$);
SELECT spm_test.sqlstate($$SELECT spm.coverage(1, 100, 'NaN')$$);
SELECT spm_test.sqlstate($$SELECT spm.coverage('Infinity', 100, 0)$$);

-- attainment_agg with forced parallel plans equals the serial answer on 1M
-- rows, including groups that leave workers without rows (empty states)
CREATE TABLE spm_test.qt_credit (rep int, actual numeric, quota numeric);
INSERT INTO spm_test.qt_credit
SELECT g % 17,
       CASE WHEN g % 101 = 0 THEN NULL ELSE (g % 1000) / 100.0 END,
       CASE WHEN g % 103 = 0 THEN NULL ELSE 5 + (g % 7) / 10.0 END
  FROM generate_series(1, 1000000) AS g;
INSERT INTO spm_test.qt_credit VALUES (100, 3, 4), (101, NULL, 1), (102, 1, 0);
ANALYZE spm_test.qt_credit;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.qt_serial AS
SELECT rep, spm.attainment_agg(actual, quota) AS att,
       sum(actual) FILTER (WHERE quota IS NOT NULL) / nullif(sum(quota) FILTER (WHERE actual IS NOT NULL), 0) AS by_sql
  FROM spm_test.qt_credit GROUP BY rep;
SELECT spm.attainment_agg(actual, quota) AS total FROM spm_test.qt_credit \gset serial_
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT rep, spm.attainment_agg(actual, quota) FROM spm_test.qt_credit GROUP BY rep') AS grouped_parallel,
       spm_test.plan_is_parallel('SELECT spm.attainment_agg(actual, quota) FROM spm_test.qt_credit') AS plain_parallel;
SELECT spm.attainment_agg(actual, quota) = :'serial_total' AS total_same FROM spm_test.qt_credit;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE p.att IS DISTINCT FROM s.att) AS differences,
       count(*) FILTER (WHERE s.att IS DISTINCT FROM s.by_sql) AS serial_differs_from_sql
  FROM spm_test.qt_serial s
  JOIN (SELECT rep, spm.attainment_agg(actual, quota) AS att FROM spm_test.qt_credit GROUP BY rep) p USING (rep);
SELECT rep, att FROM spm_test.qt_serial WHERE rep >= 100 ORDER BY rep;   -- 0.75, NULL, NULL
RESET ALL;

-- ramp_quota reads the ramp by position, whatever the array's lower bound:
-- the first element is the first month (tenure 0).  30000 * 0.25 = 7500,
-- 30000 * 0.5 = 15000, 30000 * 0.75 = 22500, then the full 30000.
SELECT m, spm.ramp_quota(30000, m, '{0.25,0.5,0.75}') AS one_based,
          spm.ramp_quota(30000, m, '[0:2]={0.25,0.5,0.75}') AS zero_based,
          spm.ramp_quota(30000, m, '[5:7]={0.25,0.5,0.75}') AS five_based
  FROM generate_series(0, 3) AS m;
SELECT spm_test.sqlstate($$SELECT spm.ramp_quota(100, 0, '[0:1]={0.5,NULL}')$$);
-- errors name the argument and the value
SELECT spm_test.sqlstate($$SELECT spm.pacing(1, 100, '[2025-10-01,)', '2025-11-15')$$);
