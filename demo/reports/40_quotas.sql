-- Quota reports from spm.attainment_report and spm.leaderboard, as of the
-- mid-quarter review date 2025-11-15 (the demo database sets spm.as_of):
-- who is ahead and behind on pace, each team's position, and the
-- leaderboard with streaks and levels.

\echo
\echo '=== Q4 2025 as of 2025-11-15: attainment and pace (46 of 92 days elapsed) ==='
\echo '    The eight reps furthest ahead and the eight furthest behind; pace 1.00 = on track.'
WITH ranked AS (
    SELECT a.*, rank() OVER (ORDER BY pace DESC NULLS LAST) AS top,
           rank() OVER (ORDER BY pace NULLS FIRST) AS bottom
      FROM spm.attainment_report a
     WHERE period = '2025-Q4' AND quota > 0
)
SELECT rep_name AS rep, team, currency,
       to_char(quota, 'FM9,999,990') AS quota,
       to_char(credited, 'FM9,999,990') AS credited,
       to_char(100 * attainment, 'FM990') || '%' AS attained,
       pace, to_char(projected, 'FM9,999,990') AS projected,
       to_char(greatest(gap, 0), 'FM9,999,990') AS "to go",
       to_char(required_per_day, 'FM999,990') AS "per day needed"
  FROM ranked
 WHERE top <= 8 OR bottom <= 8
 ORDER BY pace DESC NULLS LAST, rep_name;

\echo
\echo '=== Q4 2025 as of 2025-11-15 by team ==='
SELECT team, currency, count(*) AS reps,
       to_char(sum(quota), 'FM99,999,990') AS quota,
       to_char(sum(credited), 'FM99,999,990') AS credited,
       to_char(100 * spm.attainment_agg(credited, quota), 'FM990') || '%' AS attained,
       round(100.0 * count(*) FILTER (WHERE pace >= 1) / count(*)) AS "% of reps on pace"
  FROM spm.attainment_report
 WHERE period = '2025-Q4'
 GROUP BY team, currency
 ORDER BY spm.attainment_agg(credited, quota) DESC;

\echo
\echo '=== Leaderboard, Q4 2025 so far (spm.leaderboard) ==='
\echo '    streak = quarters in a row at quota; level: Bronze 80%, Silver 100%, Gold 120%, President''s Club 150%'
SELECT rank, rep_name AS rep, team, to_char(100 * attainment, 'FM990') || '%' AS attained,
       team_rank AS "rank in team", streak, coalesce(level, '') AS level
  FROM spm.leaderboard
 WHERE period = '2025-Q4' AND rank <= 12
 ORDER BY rank, rep_name;

\echo
\echo '=== Forecast roll-ups for Q4 2025 by manager (spm.pipeline_forecast) ==='
\echo '    commit = closed + commit deals; best case = commit + best-case deals; coverage = pipeline / quota still open'
SELECT rep_name AS manager, currency,
       to_char(quota, 'FM999,999,990') AS quota,
       to_char(closed, 'FM999,999,990') AS closed,
       to_char(commit, 'FM999,999,990') AS commit,
       to_char(best_case, 'FM999,999,990') AS "best case",
       to_char(pipeline, 'FM999,999,990') AS pipeline,
       coverage
  FROM spm.pipeline_forecast
 WHERE scope = 'team' AND period = '2025-Q4'
 ORDER BY manager_id IS NOT NULL, manager_id, rep_name;

\echo
\echo '=== Revenue forecast from credited revenue (spm.revenue_forecast), next six months ==='
SELECT currency, period AS month, method,
       to_char(forecast, 'FM99,999,990') AS forecast,
       to_char(lower_80, 'FM99,999,990') || ' to ' || to_char(upper_80, 'FM99,999,990') AS "80% interval",
       to_char(lower_95, 'FM99,999,990') || ' to ' || to_char(upper_95, 'FM99,999,990') AS "95% interval"
  FROM spm.revenue_forecast
 WHERE team IS NULL AND kind = 'forecast' AND period_start < date '2026-05-01'
 ORDER BY currency DESC, period_start;

\echo
\echo '=== Team eNPS, October 2025 (spm.team_enps; teams under 5 answers are suppressed) ==='
SELECT team, responses, enps, ci95_lower || ' to ' || ci95_upper AS "95% interval"
  FROM spm.team_enps
 WHERE period = '2025-10'
 ORDER BY enps DESC NULLS LAST, team;
