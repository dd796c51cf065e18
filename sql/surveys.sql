--
-- surveys: spm.enps, spm.nps_stats, spm.nps_category, spm.csat
-- Expected values are hand-computed; the arithmetic is in the comments.
--

-- nps_category over the whole scale: 0-6 detractor, 7-8 passive, 9-10 promoter
SELECT s, spm.nps_category(s) FROM generate_series(0, 10) AS s;
SELECT spm.nps_category(NULL) IS NULL AS strict_null;
SELECT spm_test.sqlstate('SELECT spm.nps_category(-1)');
SELECT spm_test.sqlstate('SELECT spm.nps_category(11)');
SELECT spm_test.sqlstate('SELECT spm.nps_category(2147483647)');
SELECT spm_test.sqlstate('SELECT spm.nps_category(-2147483648)');

-- eNPS hand-computed cases
-- 5 promoters, 3 passives, 2 detractors: 100 * (5 - 2) / 10 = 30
SELECT spm.enps(s) FROM unnest('{10,9,9,10,9,7,8,8,3,0}'::int[]) AS s;
-- all promoters: 100
SELECT spm.enps(s) FROM unnest('{9,10,10}'::int[]) AS s;
-- all passives: 0
SELECT spm.enps(s) FROM unnest('{7,8,8,7}'::int[]) AS s;
-- all detractors, both ends of the detractor band: -100
SELECT spm.enps(s) FROM unnest('{0,6}'::int[]) AS s;
-- half promoters, half detractors: 0
SELECT spm.enps(s) FROM unnest('{10,0,9,6}'::int[]) AS s;
-- one response
SELECT spm.enps(s) FROM unnest('{3}'::int[]) AS s;
-- 2 promoters, 1 detractor of 3: 100 / 3, equal to SQL's own numeric division
SELECT spm.enps(s), spm.enps(s) = 100.0 / 3 AS equals_100_over_3
  FROM unnest('{10,10,5}'::int[]) AS s;
-- 1 promoter of 7: 100 / 7
SELECT spm.enps(s) = 100.0 / 7 AS equals_100_over_7
  FROM unnest('{9,7,7,8,8,7,8}'::int[]) AS s;

-- NULL scores are skipped; no rows, or only NULLs, give NULL
SELECT spm.enps(s) FROM unnest('{10,NULL,0,NULL,9}'::int[]) AS s;   -- (2 - 1) / 3
SELECT spm.enps(s) IS NULL AS all_null FROM unnest('{NULL,NULL}'::int[]) AS s;
SELECT spm.enps(s) IS NULL AS no_rows FROM unnest('{}'::int[]) AS s;

-- out-of-scale scores are errors naming the value and the scale
SELECT spm_test.sqlstate($$SELECT spm.enps(s) FROM unnest('{10,11}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.enps(s) FROM unnest('{-1}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.enps(2147483647)$$);
SELECT spm_test.sqlstate($$SELECT spm.enps(-2147483648)$$);

-- smallint columns work through the implicit cast
SELECT spm.enps(s) FROM unnest('{9,0}'::smallint[]) AS s;

-- anonymity threshold
SELECT spm.enps(s, 5) IS NULL AS below_threshold FROM unnest('{10,9,9,0}'::int[]) AS s;
SELECT spm.enps(s, 5) FROM unnest('{10,9,9,0,7}'::int[]) AS s;          -- 100 * 2 / 5 = 40
SELECT spm.enps(s, 1) FROM unnest('{0}'::int[]) AS s;
SELECT spm.enps(s, 3) IS NULL AS nulls_do_not_count FROM unnest('{10,NULL,9}'::int[]) AS s;
SELECT spm.enps(s, 5) IS NULL AS no_rows FROM unnest('{}'::int[]) AS s;
SELECT spm_test.sqlstate($$SELECT spm.enps(s, 0) FROM unnest('{9}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.enps(s, -2147483648) FROM unnest('{9}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.enps(s, NULL) FROM unnest('{9}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.enps(s, m) FROM (VALUES (9, 5), (10, 6)) v(s, m)$$);
SELECT spm_test.sqlstate($$SELECT spm.enps(s, 5) FROM unnest('{12}'::int[]) s$$);
-- a huge threshold simply suppresses
SELECT spm.enps(s, 2147483647) IS NULL AS suppressed FROM unnest('{9}'::int[]) AS s;

-- nps_stats: 5 promoters, 3 passives, 2 detractors (n = 10):
-- p = .5, d = .2, nps = 30, SE = 100 * sqrt((.5 + .2 - .3^2) / 10) = 24.698178070456937...
-- CI = 30 -/+ 1.959964 * SE = [-18.40753988368..., 78.40753988368...]
SELECT responses, promoters, passives, detractors, nps,
       round(std_error::numeric, 10) AS std_error,
       round(ci95_lower::numeric, 10) AS ci95_lower,
       round(ci95_upper::numeric, 10) AS ci95_upper
  FROM (SELECT (spm.nps_stats(s)).* FROM unnest('{10,9,9,10,9,7,8,8,3,0}'::int[]) AS s) r;
-- extremes: all promoters (SE 0), half and half (SE = 100 / sqrt(4) = 50)
SELECT (spm.nps_stats(s)).* FROM unnest('{9,10,9}'::int[]) AS s;
SELECT (spm.nps_stats(s)).* FROM unnest('{10,10,0,0}'::int[]) AS s;
SELECT spm.nps_stats(s) IS NULL AS no_rows FROM unnest('{}'::int[]) AS s;
SELECT spm.nps_stats(s) IS NULL AS only_nulls FROM unnest('{NULL}'::int[]) AS s;
SELECT spm_test.sqlstate($$SELECT spm.nps_stats(s) FROM unnest('{11}'::int[]) s$$);

-- nps_stats against an independent computation from plain SQL counts, over
-- 211 groups of varied size and mix (scores from a fixed permutation)
WITH answers AS (
    SELECT g % 211 AS grp, (g * 7919 + g / 13) % 11 AS s
      FROM generate_series(1, 50000) AS g
), spm AS (
    SELECT grp, (spm.nps_stats(s)).* FROM answers GROUP BY grp
), ref AS (
    SELECT grp, count(*) AS n,
           count(*) FILTER (WHERE s >= 9)::float8 / count(*) AS p,
           count(*) FILTER (WHERE s <= 6)::float8 / count(*) AS d
      FROM answers GROUP BY grp
)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE abs(spm.nps - 100 * (p - d)) > 1e-9) AS nps_mismatch,
       count(*) FILTER (WHERE abs(spm.std_error - 100 * sqrt((p + d - (p - d) ^ 2) / n)) > 1e-9) AS se_mismatch,
       count(*) FILTER (WHERE abs(spm.ci95_lower - (spm.nps - 1.959964 * spm.std_error)) > 1e-9
                           OR abs(spm.ci95_upper - (spm.nps + 1.959964 * spm.std_error)) > 1e-9) AS ci_mismatch,
       count(*) FILTER (WHERE spm.responses <> n) AS count_mismatch
  FROM spm JOIN ref USING (grp);

-- CSAT: percent of answers 4-5 on a 1-5 scale
SELECT spm.csat(s) FROM unnest('{5,4,3,2,1}'::int[]) AS s;           -- 2 / 5 = 40
SELECT spm.csat(s) FROM unnest('{5}'::int[]) AS s;                   -- 100
SELECT spm.csat(s) FROM unnest('{1,2,3}'::int[]) AS s;               -- 0
SELECT spm.csat(s) = 200.0 / 3 AS equals_200_over_3 FROM unnest('{4,5,1}'::int[]) AS s;
SELECT spm.csat(s) FROM unnest('{4,NULL,NULL,3}'::int[]) AS s;       -- 1 / 2 = 50
SELECT spm.csat(s) IS NULL AS no_rows FROM unnest('{}'::int[]) AS s;
SELECT spm_test.sqlstate($$SELECT spm.csat(s) FROM unnest('{0}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.csat(s) FROM unnest('{6}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.csat(s) FROM unnest('{10}'::int[]) s$$);

-- GROUP BY, with a group whose only answers are NULL
SELECT team, spm.enps(score), (spm.nps_stats(score)).responses
  FROM (VALUES ('a', 10), ('a', 0), ('a', 9), ('b', 7), ('b', NULL), ('c', NULL)) v(team, score)
 GROUP BY team ORDER BY team;

-- Moving windows use the inverse transition; results equal a fresh
-- aggregate over each frame.  Scores 10,0,9,7,3,10 in 3-row frames:
--   {10}=100, {10,0}=0, {10,0,9}=33.3.., {0,9,7}=0, {9,7,3}=0, {7,3,10}=0
SELECT i, s, round(spm.enps(s) OVER w, 4) AS rolling_enps,
       round(spm.csat(least(greatest(s / 2, 1), 5)) OVER w, 4) AS rolling_csat,
       (spm.nps_stats(s) OVER w).responses AS n
  FROM unnest('{10,0,9,7,3,10}'::int[]) WITH ORDINALITY AS t(s, i)
WINDOW w AS (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
 ORDER BY i;
-- and with NULLs and a threshold inside the frames
SELECT i, s, spm.enps(s, 2) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS enps2
  FROM unnest('{10,NULL,0,0,9}'::int[]) WITH ORDINALITY AS t(s, i)
 ORDER BY i;
-- differential check of the inverse transition on 2,000 rows, 30-row frames
WITH t AS (SELECT i, (i * 37 + i / 7) % 11 AS s FROM generate_series(1, 2000) AS i),
w AS (SELECT i, spm.enps(s) OVER (ORDER BY i ROWS BETWEEN 29 PRECEDING AND CURRENT ROW) AS e FROM t)
SELECT count(*) FILTER (WHERE w.e IS DISTINCT FROM
         (SELECT spm.enps(s) FROM t WHERE t.i BETWEEN w.i - 29 AND w.i)) AS mismatches
  FROM w;

-- Anonymity thresholds on nps_stats and csat, as on enps: below
-- min_responses answers only the count is shown, so a small group's
-- answers cannot be read back from any survey aggregate.
-- 4 answers, threshold 5: responses 4, every other field NULL
SELECT (spm.nps_stats(s, 5)).* FROM unnest('{10,9,9,0}'::int[]) AS s;
-- 5 answers (3 promoters, 1 passive, 1 detractor): 100 * (3 - 1) / 5 = 40;
-- SE = 100 * sqrt((0.6 + 0.2 - 0.4^2) / 5) = 100 * sqrt(0.128) = 35.777
SELECT responses, promoters, passives, detractors, nps, round(std_error::numeric, 3) AS std_error
  FROM (SELECT (spm.nps_stats(s, 5)).* FROM unnest('{10,9,9,0,7}'::int[]) AS s) r;
-- the same answers without a threshold give the same row
SELECT (spm.nps_stats(s, 5)) = (spm.nps_stats(s)) AS same_as_unthresholded
  FROM unnest('{10,9,9,0,7}'::int[]) AS s;
-- NULL answers do not count towards the threshold; no rows give NULL
SELECT (spm.nps_stats(s, 3)).* FROM unnest('{10,NULL,9}'::int[]) AS s;
SELECT spm.nps_stats(s, 5) IS NULL AS no_rows FROM unnest('{}'::int[]) AS s;
SELECT spm.nps_stats(s, 5) IS NULL AS only_nulls FROM unnest('{NULL,NULL}'::int[]) AS s;
SELECT spm_test.sqlstate($$SELECT spm.nps_stats(s, 0) FROM unnest('{9}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.nps_stats(s, NULL) FROM unnest('{9}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.nps_stats(s, m) FROM (VALUES (9, 5), (10, 6)) v(s, m)$$);
SELECT spm_test.sqlstate($$SELECT spm.nps_stats(s, 5) FROM unnest('{11}'::int[]) s$$);
SELECT (spm.nps_stats(s, 2147483647)).responses AS suppressed_but_counted,
       (spm.nps_stats(s, 2147483647)).nps IS NULL AS nps_is_null
  FROM unnest('{9}'::int[]) AS s;
-- CSAT: 4 of 5 satisfied = 80; below the threshold NULL
SELECT spm.csat(s, 5) FROM unnest('{5,4,4,2,5}'::int[]) AS s;
SELECT spm.csat(s, 5) IS NULL AS below_threshold FROM unnest('{5,4,4,2}'::int[]) AS s;
SELECT spm.csat(s, 1) FROM unnest('{3}'::int[]) AS s;                 -- 0
SELECT spm.csat(s, 5) IS NULL AS no_rows FROM unnest('{}'::int[]) AS s;
SELECT spm_test.sqlstate($$SELECT spm.csat(s, 0) FROM unnest('{5}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.csat(s, NULL) FROM unnest('{5}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.csat(s, 5) FROM unnest('{6}'::int[]) s$$);
SELECT spm_test.sqlstate($$SELECT spm.csat(s, m) FROM (VALUES (5, 5), (4, 6)) v(s, m)$$);
-- moving windows with a threshold: frames of 3 answers, threshold 3
SELECT i, spm.csat(s, 3) OVER w AS csat3, (spm.nps_stats(least(s * 2, 10), 3) OVER w).nps AS nps3
  FROM unnest('{5,4,1,5,5}'::int[]) WITH ORDINALITY AS t(s, i)
WINDOW w AS (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
 ORDER BY i;
