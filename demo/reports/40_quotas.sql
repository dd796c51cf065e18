-- Quota reports: attainment and pace for the current quarter, the share of
-- reps at quota, and pipeline coverage.
--
-- The demo's data runs to 2025-12-31 (demo.settings); these reports look at
-- Q4 2025 from the middle of the quarter, as of 2025-11-15, as a sales
-- manager would in a mid-quarter review.  Credit is demo.credit: won deals
-- (split between reps where shared) on the close date, clawed back on the
-- cancel date.

-- Quotas of reps hired during a quarter are prorated to the days they were
-- employed, and their pace is measured over those days only.
CREATE TEMP VIEW rep_quota AS
SELECT q.rep_id, q.period,
       daterange(greatest(lower(q.period), r.hired_on), upper(q.period)) AS active,
       q.amount AS full_quota,
       spm.prorate(q.amount, q.period, daterange(r.hired_on, NULL)) AS amount
  FROM demo.quota q
  JOIN demo.rep r USING (rep_id);

CREATE TEMP VIEW q4 AS
WITH p AS (SELECT date '2025-11-15' AS as_of, daterange('2025-10-01', '2026-01-01') AS quarter)
SELECT r.rep_id, r.name, t.name AS team, r.hired_on, q.full_quota, q.amount AS quota,
       coalesce((SELECT sum(c.amount) FROM demo.credit c
                  WHERE c.rep_id = r.rep_id AND c.credited_on <@ p.quarter
                    AND c.credited_on <= p.as_of), 0) AS closed,
       -- deals open on the review date and due to close this quarter
       coalesce((SELECT sum(d.amount) FROM demo.deal d
                  WHERE d.rep_id = r.rep_id AND d.created_on <= p.as_of
                    AND d.closed_on > p.as_of AND d.closed_on <@ p.quarter), 0) AS pipeline,
       p.as_of, q.active
  FROM p
  JOIN rep_quota q ON q.period = p.quarter
  JOIN demo.rep r USING (rep_id)
  JOIN demo.team t USING (team_id)
 WHERE r.hired_on <= p.as_of;

\echo
\echo '=== Q4 2025 as of 2025-11-15: attainment and pace (46 of 92 days elapsed) ==='
\echo '    The ten reps furthest ahead and the ten furthest behind; pace 1.00 = on track.'
WITH paced AS (
    SELECT q4.*, spm.attainment(closed, quota) AS attainment,
           (spm.pacing(closed, quota, active, as_of)).*,
           spm.coverage(pipeline, quota, closed) AS coverage
      FROM q4
), ranked AS (
    SELECT paced.*, rank() OVER (ORDER BY pace DESC) AS top, rank() OVER (ORDER BY pace) AS bottom
      FROM paced
)
SELECT name AS rep, team,
       round(quota) AS quota,
       CASE WHEN quota <> full_quota THEN 'prorated, hired ' || to_char(hired_on, 'Mon DD') END AS note,
       round(closed) AS closed,
       to_char(100 * attainment, 'FM990') || '%' AS attained,
       round(expected) AS expected,
       round(pace, 2) AS pace,
       round(projected) AS projected,
       round(greatest(gap, 0)) AS to_go,
       round(required_per_day) AS per_day_needed,
       round(coverage, 1) AS coverage
  FROM ranked
 WHERE top <= 10 OR bottom <= 10
 ORDER BY pace DESC, name;

\echo
\echo '=== Q4 2025 as of 2025-11-15 by team ==='
\echo '    attainment = team closed / team quota; coverage = open pipeline due this quarter / quota still to close'
SELECT team,
       count(*) AS reps,
       round(sum(quota)) AS quota,
       round(sum(closed)) AS closed,
       to_char(100 * spm.attainment_agg(closed, quota), 'FM990') || '%' AS attained,
       round((spm.pacing(sum(closed), sum(quota), daterange('2025-10-01', '2026-01-01'), date '2025-11-15')).pace, 2) AS pace,
       round(100.0 * count(*) FILTER (WHERE (spm.pacing(closed, quota, active, as_of)).pace >= 1) / count(*)) AS "% reps on pace",
       round(100.0 * count(*) FILTER (WHERE closed >= quota) / count(*)) AS "% already at quota",
       round(spm.coverage(sum(pipeline), sum(quota), sum(closed)), 1) AS coverage
  FROM q4
 GROUP BY ROLLUP (team)
 ORDER BY team IS NULL, spm.attainment_agg(closed, quota) DESC;

\echo
\echo '=== Share of reps at or above quota, completed quarters of 2025 ==='
WITH quarter_result AS (
    SELECT q.rep_id, q.period, q.amount AS quota,
           coalesce((SELECT sum(c.amount) FROM demo.credit c
                      WHERE c.rep_id = q.rep_id AND c.credited_on <@ q.period), 0) AS closed
      FROM rep_quota q
     WHERE upper(q.period) <= date '2025-11-15'
)
SELECT 'Q' || extract(quarter FROM lower(period)) AS quarter,
       count(*) AS reps,
       count(*) FILTER (WHERE spm.attainment(closed, quota) >= 1) AS at_quota,
       round(100.0 * count(*) FILTER (WHERE spm.attainment(closed, quota) >= 1) / count(*)) AS "% at quota",
       to_char(100 * spm.attainment_agg(closed, quota), 'FM990') || '%' AS company_attainment,
       to_char(100 * percentile_cont(0.5) WITHIN GROUP (ORDER BY spm.attainment(closed, quota)), 'FM990') || '%' AS median_rep
  FROM quarter_result
 GROUP BY period
 ORDER BY period;
