-- Survey reports: team eNPS with anonymity threshold and intervals, the
-- company trend with a rolling quarter, and customer CSAT.

\echo
\echo '=== Employee engagement: eNPS by team, December 2025 pulse ==='
\echo '    Teams with fewer than 5 answers are suppressed to protect anonymity.'
WITH december AS (
    SELECT r.team_id,
           spm.enps(p.score, 5) AS enps,
           spm.nps_stats(p.score) AS s
      FROM demo.pulse_response p
      JOIN demo.rep r USING (rep_id)
     WHERE p.survey_month = date '2025-12-01'
     GROUP BY r.team_id
)
SELECT t.name AS team,
       t.region,
       (d.s).responses AS answers,
       CASE WHEN d.enps IS NOT NULL THEN
           format('%s / %s / %s',
                  round(100.0 * (d.s).promoters / (d.s).responses),
                  round(100.0 * (d.s).passives / (d.s).responses),
                  round(100.0 * (d.s).detractors / (d.s).responses))
       END AS "% prom / pass / detr",
       round(d.enps, 1) AS enps,
       CASE WHEN d.enps IS NULL THEN 'suppressed (< 5 answers)'
            -- the Wald interval can pass the ends of the scale for small teams
            ELSE format('%s to %s', greatest(-100, round((d.s).ci95_lower::numeric)),
                                    least(100, round((d.s).ci95_upper::numeric)))
       END AS "95% interval"
  FROM december d
  JOIN demo.team t USING (team_id)
 ORDER BY d.enps DESC NULLS LAST, t.name;

\echo
\echo '=== Company eNPS by month, with the rolling three-month eNPS ==='
WITH rolling AS (
    -- a moving window over the raw answers: each month sees its own and the
    -- two previous months' answers (spm.enps has an inverse transition)
    SELECT DISTINCT ON (survey_month)
           survey_month,
           spm.enps(score) OVER w AS rolling_enps
      FROM demo.pulse_response
    WINDOW w AS (ORDER BY survey_month RANGE BETWEEN interval '2 months' PRECEDING AND CURRENT ROW)
     ORDER BY survey_month
)
SELECT to_char(survey_month, 'Mon YYYY') AS month,
       count(p.score) AS answers,
       round(spm.enps(p.score), 1) AS enps,
       round(r.rolling_enps, 1) AS "rolling 3 months",
       -- a diverging bar, one character per 4 points
       lpad(repeat('=', greatest(0, round(-spm.enps(p.score) / 4)::int)), 12)
           || '|' || repeat('=', greatest(0, round(spm.enps(p.score) / 4)::int)) AS "-48 .. 0 .. +48"
  FROM demo.pulse_response p
  JOIN rolling r USING (survey_month)
 GROUP BY survey_month, r.rolling_enps
 ORDER BY survey_month;

\echo
\echo '=== Customer satisfaction (CSAT, % of answers 4 or 5) by region and quarter ==='
SELECT coalesce(t.region, 'All regions') AS region,
       count(*) AS answers,
       round(spm.csat(c.score) FILTER (WHERE extract(quarter FROM c.answered_on) = 1), 1) AS q1,
       round(spm.csat(c.score) FILTER (WHERE extract(quarter FROM c.answered_on) = 2), 1) AS q2,
       round(spm.csat(c.score) FILTER (WHERE extract(quarter FROM c.answered_on) = 3), 1) AS q3,
       round(spm.csat(c.score) FILTER (WHERE extract(quarter FROM c.answered_on) = 4), 1) AS q4,
       round(spm.csat(c.score), 1) AS year
  FROM demo.csat_response c
  JOIN demo.team t USING (team_id)
 GROUP BY ROLLUP (t.region)
 ORDER BY t.region NULLS LAST;
