-- Leaderboard: reps ranked by attainment in the current quarter (Q4 2025 as
-- of 2025-11-15, the mid-quarter review date of 40_quotas.sql), with the
-- change from their final rank in Q3, their streak of quarters at quota,
-- and a badge for the year so far.  Then sales insight by team: win rate
-- and pipeline velocity.  Credit is demo.credit, as in 40_quotas.sql.

-- each rep's result per 2025 quarter, up to the review date; quotas of
-- mid-quarter hires are prorated to the days employed
CREATE TEMP VIEW lb_quarter AS
SELECT q.rep_id, q.period,
       spm.prorate(q.amount, q.period, daterange(r.hired_on, NULL)) AS quota,
       coalesce((SELECT sum(c.amount) FROM demo.credit c
                  WHERE c.rep_id = q.rep_id AND c.credited_on <@ q.period
                    AND c.credited_on <= date '2025-11-15'), 0) AS closed,
       upper(q.period) <= date '2025-11-15' AS complete
  FROM demo.quota q
  JOIN demo.rep r USING (rep_id)
 WHERE lower(q.period) <= date '2025-11-15' AND r.hired_on <= date '2025-11-15';

\echo
\echo '=== Leaderboard: Q4 2025 to date (as of 2025-11-15) ==='
\echo '    move = places gained since the final Q3 ranking; streak = consecutive quarters at quota up to Q3'
\echo '    badge for 2025 attainment so far: Bronze 80%, Silver 100%, Gold 120%, President''s Club 150%'
WITH ranked AS (
    SELECT rep_id, period, spm.attainment(closed, quota) AS attainment,
           rank() OVER (PARTITION BY period ORDER BY spm.attainment(closed, quota) DESC NULLS LAST) AS rank
      FROM lb_quarter
), streak AS (
    SELECT rep_id, (spm.streak(spm.attainment(closed, quota) >= 1 ORDER BY period)).*
      FROM lb_quarter WHERE complete GROUP BY rep_id
), ytd AS (
    SELECT rep_id, spm.attainment_agg(closed, quota) AS attainment FROM lb_quarter GROUP BY rep_id
)
SELECT now.rank,
       CASE WHEN prev.rank IS NULL THEN 'new'
            WHEN prev.rank > now.rank THEN '+' || (prev.rank - now.rank)
            WHEN prev.rank < now.rank THEN '-' || (now.rank - prev.rank)
            ELSE '=' END AS move,
       r.name AS rep, t.name AS team,
       to_char(100 * now.attainment, 'FM990') || '%' AS q4_so_far,
       to_char(100 * prev.attainment, 'FM990') || '%' AS q3,
       s.current AS streak, s.longest AS best_streak,
       to_char(100 * ytd.attainment, 'FM990') || '%' AS ytd,
       coalesce(spm.level(ytd.attainment, '{0.8,1,1.2,1.5}',
                          '{Bronze,Silver,Gold,President''s Club}'), '') AS badge
  FROM ranked now
  JOIN demo.rep r USING (rep_id)
  JOIN demo.team t USING (team_id)
  LEFT JOIN ranked prev ON prev.rep_id = now.rep_id AND prev.period = daterange('2025-07-01', '2025-10-01')
  LEFT JOIN streak s ON s.rep_id = now.rep_id
  JOIN ytd ON ytd.rep_id = now.rep_id
 WHERE now.period = daterange('2025-10-01', '2026-01-01') AND now.rank <= 15
 ORDER BY now.rank, r.name;

\echo
\echo '=== Badges for 2025 so far, and the longest streaks ==='
WITH ytd AS (
    SELECT rep_id, spm.level(spm.attainment_agg(closed, quota), '{0.8,1,1.2,1.5}',
                             '{Bronze,Silver,Gold,President''s Club}') AS badge
      FROM lb_quarter GROUP BY rep_id
), streak AS (
    SELECT rep_id, (spm.streak(spm.attainment(closed, quota) >= 1 ORDER BY period)).*
      FROM lb_quarter WHERE complete GROUP BY rep_id
)
SELECT coalesce(badge, '(none)') AS badge, count(*) AS reps,
       count(*) FILTER (WHERE s.current = 3) AS "at quota Q1-Q3",
       count(*) FILTER (WHERE s.longest = 0) AS "no quarter at quota"
  FROM ytd LEFT JOIN streak s USING (rep_id)
 GROUP BY badge
 ORDER BY min(CASE badge WHEN 'President''s Club' THEN 1 WHEN 'Gold' THEN 2 WHEN 'Silver' THEN 3
                        WHEN 'Bronze' THEN 4 ELSE 5 END);

\echo
\echo '=== Sales insight by team, deals decided in 2025 ==='
\echo '    velocity = open deals x average won deal x win rate / average days to close, money per day'
WITH decided AS (
    SELECT r.team_id,
           spm.win_rate(CASE d.stage WHEN 'won' THEN true WHEN 'lost' THEN false END) AS win_rate,
           avg(d.amount) FILTER (WHERE d.stage = 'won') AS avg_won,
           avg(d.closed_on - d.created_on) FILTER (WHERE d.stage = 'won') AS cycle_days
      FROM demo.deal d JOIN demo.rep r USING (rep_id)
     WHERE d.closed_on >= date '2025-01-01'
     GROUP BY r.team_id
), open AS (
    SELECT r.team_id, count(*) AS open_deals
      FROM demo.deal d JOIN demo.rep r USING (rep_id)
     WHERE d.stage = 'open'
     GROUP BY r.team_id
)
SELECT t.name AS team, t.segment,
       to_char(100 * d.win_rate, 'FM990.0') || '%' AS win_rate,
       round(d.avg_won) AS avg_won_deal,
       round(d.cycle_days) AS cycle_days,
       o.open_deals,
       round(spm.pipeline_velocity(o.open_deals, d.avg_won, d.win_rate, d.cycle_days)) AS velocity_per_day
  FROM decided d
  JOIN open o USING (team_id)
  JOIN demo.team t USING (team_id)
 ORDER BY velocity_per_day DESC;
