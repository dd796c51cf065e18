--
-- parallel: every survey aggregate gives the same answer with forced
-- parallel plans (partial states combined across workers) as serially,
-- on 1M rows, including groups that leave a worker with no rows.
--
CREATE TABLE spm_test.answers (team int, score int, csat int);
INSERT INTO spm_test.answers
SELECT g % 13,
       CASE WHEN g % 97 = 0 THEN NULL ELSE ((g::bigint * 7919 + g / 101) % 11)::int END,
       (1 + (g::bigint * 104729) % 5)::int
  FROM generate_series(1, 1000000) AS g;
-- two rare teams: a single row, and a row with only a NULL score; in a
-- parallel plan most workers see neither, so empty partial states get combined
INSERT INTO spm_test.answers VALUES (100, 9, 5), (101, NULL, NULL);
ANALYZE spm_test.answers;

CREATE VIEW spm_test.by_team AS
SELECT team, spm.enps(score) AS enps, spm.enps(score, 5) AS enps5,
       spm.nps_stats(score) AS stats, spm.csat(csat) AS csat
  FROM spm_test.answers GROUP BY team;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.serial AS SELECT * FROM spm_test.by_team;
SELECT spm.enps(score) AS enps, spm.csat(csat) AS csat, (spm.nps_stats(score)).responses
  FROM spm_test.answers \gset serial_

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT * FROM spm_test.by_team') AS grouped_plan_is_parallel;
SELECT spm_test.plan_is_parallel('SELECT spm.enps(score), spm.csat(csat), spm.nps_stats(score) FROM spm_test.answers')
       AS plain_plan_is_parallel;
CREATE TABLE spm_test.par AS SELECT * FROM spm_test.by_team;
SELECT spm.enps(score) = :'serial_enps' AS enps_same,
       spm.csat(csat) = :'serial_csat' AS csat_same,
       (spm.nps_stats(score)).responses = :'serial_responses' AS responses_same
  FROM spm_test.answers;

-- identical results, row for row (text comparison covers every field)
SELECT count(*) AS groups FROM spm_test.serial;
SELECT count(*) AS differences FROM (
    (SELECT team, enps, enps5, stats::text, csat FROM spm_test.serial
     EXCEPT SELECT team, enps, enps5, stats::text, csat FROM spm_test.par)
    UNION ALL
    (SELECT team, enps, enps5, stats::text, csat FROM spm_test.par
     EXCEPT SELECT team, enps, enps5, stats::text, csat FROM spm_test.serial)) d;
-- the rare groups came through the combine step intact
SELECT team, enps, enps5, (stats).responses, csat FROM spm_test.par
 WHERE team >= 100 ORDER BY team;
-- and the serial answer itself is right: compare with plain SQL counts
SELECT count(*) FILTER (WHERE s.enps IS DISTINCT FROM r.enps) AS enps_wrong,
       count(*) FILTER (WHERE s.csat IS DISTINCT FROM r.csat) AS csat_wrong
  FROM spm_test.serial s JOIN (
    SELECT team,
           100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6))
                 / nullif(count(score), 0) AS enps,
           100.0 * count(*) FILTER (WHERE csat >= 4) / nullif(count(csat), 0) AS csat
      FROM spm_test.answers GROUP BY team) r USING (team);

RESET ALL;
