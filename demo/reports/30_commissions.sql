-- Commission reports: one rep's statement for the last quarter, line by
-- line; the quarter's payouts by team; and the draw accounts of new hires.

-- statement lines for every rep and quarter of 2025: the commission each
-- credit adds to the quarter's running total, on the rep's own plan
CREATE TEMP VIEW statement AS
SELECT c.rep_id, rq.period, c.credited_on, c.deal_id, c.kind, c.amount, rq.plan_id, rq.quota,
       sum(c.amount) OVER w AS running,
       CASE WHEN rq.on_quota THEN spm.deal_commission(c.amount, rq.schedule, rq.quota) OVER w
            ELSE spm.deal_commission(c.amount, rq.schedule) OVER w END AS commission
  FROM demo.credit c
  JOIN demo.rep_quarter rq ON rq.rep_id = c.rep_id AND rq.period @> c.credited_on
WINDOW w AS (PARTITION BY c.rep_id, rq.period ORDER BY c.credited_on, c.deal_id, c.kind);

-- the rep whose Q4 statement is shown: an accelerator-plan rep past 120%
-- of quota (so the accelerators show), with a clawback if there is one
SELECT rep_id AS statement_rep FROM statement s
 WHERE lower(period) = date '2025-10-01' AND plan_id = 3
 GROUP BY rep_id
 ORDER BY sum(amount) >= 1.2 * min(quota) DESC, bool_or(kind = 'clawback') DESC, count(*) DESC, rep_id
 LIMIT 1 \gset

\echo
SELECT format('=== Commission statement, Q4 2025: %s (%s), plan "%s" ===', r.name, t.name, p.name) AS title,
       format('    Quota %s; %s', to_char(q.amount, 'FM999,999,990'), p.description) AS plan
  FROM demo.rep r JOIN demo.team t USING (team_id) JOIN demo.team_plan USING (team_id)
  JOIN demo.plan p USING (plan_id) JOIN demo.quota q ON q.rep_id = r.rep_id AND lower(q.period) = date '2025-10-01'
 WHERE r.rep_id = :statement_rep \gx
SELECT s.credited_on AS date, s.deal_id AS deal, a.name AS account, s.kind,
       to_char(s.amount, 'FM999,999,990.00') AS credit,
       to_char(s.running, 'FM9,999,990.00') AS "quarter to date",
       to_char(100 * spm_attain, 'FM990.0') || '%' AS attainment,
       to_char(s.commission, 'FM99,990.00') AS commission
  FROM statement s
  JOIN demo.deal d USING (deal_id)
  JOIN demo.account a USING (account_id),
       LATERAL (SELECT s.running / s.quota AS spm_attain) x
 WHERE s.rep_id = :statement_rep AND lower(s.period) = date '2025-10-01'
 ORDER BY s.credited_on, s.deal_id, s.kind;
SELECT to_char(sum(s.amount), 'FM9,999,990.00') AS "total credit",
       to_char(sum(s.commission), 'FM99,990.00') AS "sum of lines",
       to_char(spm.commission_agg(s.amount, rq.schedule, rq.quota), 'FM99,990.00') AS "commission on the total"
  FROM statement s JOIN demo.rep_quarter rq ON rq.rep_id = s.rep_id AND rq.period = s.period
 WHERE s.rep_id = :statement_rep AND lower(s.period) = date '2025-10-01'
 GROUP BY rq.schedule, rq.quota;

\echo
\echo '=== Q4 2025 payouts by team ==='
WITH per_rep AS (
    SELECT rq.rep_id, rq.team_id, rq.plan_id, rq.quota,
           coalesce(sum(c.amount), 0) AS credit,
           CASE WHEN rq.on_quota THEN spm.commission_agg(c.amount, rq.schedule, rq.quota)
                ELSE spm.commission_agg(c.amount, rq.schedule) END AS commission
      FROM demo.rep_quarter rq
      LEFT JOIN demo.credit c ON c.rep_id = rq.rep_id AND rq.period @> c.credited_on
     WHERE lower(rq.period) = date '2025-10-01'
     GROUP BY rq.rep_id, rq.team_id, rq.plan_id, rq.quota, rq.on_quota, rq.schedule
)
SELECT coalesce(t.name, 'Company') AS team,
       CASE WHEN t.name IS NOT NULL THEN min(p.name) END AS plan,
       count(*) AS reps,
       to_char(sum(credit), 'FM999,999,990') AS credit,
       to_char(100 * sum(credit) / sum(quota), 'FM990.0') || '%' AS attainment,
       count(*) FILTER (WHERE credit >= quota) AS "at quota",
       to_char(sum(coalesce(commission, 0)), 'FM9,999,990.00') AS commission,
       to_char(sum(coalesce(commission, 0)) / nullif(sum(credit), 0) * 100, 'FM90.00') || '%' AS "cost of sales"
  FROM per_rep
  JOIN demo.team t USING (team_id)
  JOIN demo.plan p USING (plan_id)
 GROUP BY ROLLUP (t.name)
 ORDER BY t.name NULLS LAST;

\echo
\echo '=== Draw accounts of 2025 hires: recoverable draw, month by month ==='
WITH monthly AS (
    SELECT s.rep_id, date_trunc('month', s.credited_on)::date AS month, sum(s.commission) AS earned
      FROM statement s GROUP BY 1, 2
), months AS (
    SELECT dt.rep_id, m::date AS month, dt.monthly, dt.recoverable
      FROM demo.draw_terms dt,
           generate_series(lower(dt.months), upper(dt.months) - 1, interval '1 month') AS m
     WHERE m < date '2026-01-01'
), account AS (
    SELECT m.rep_id, m.month, coalesce(mo.earned, 0) AS earned, m.monthly AS draw,
           spm.draw(coalesce(mo.earned, 0), m.monthly, m.recoverable)
               OVER (PARTITION BY m.rep_id ORDER BY m.month) AS d
      FROM months m LEFT JOIN monthly mo USING (rep_id, month)
)
SELECT r.name AS rep, to_char(a.month, 'Mon YYYY') AS month,
       to_char(a.earned, 'FM99,990.00') AS earned, to_char(a.draw, 'FM99,990.00') AS draw,
       to_char((a.d).paid, 'FM99,990.00') AS paid,
       to_char((a.d).recovered, 'FM99,990.00') AS recovered,
       to_char((a.d).balance, 'FM99,990.00') AS "balance owed"
  FROM account a JOIN demo.rep r USING (rep_id)
 WHERE a.rep_id IN (SELECT rep_id FROM demo.draw_terms ORDER BY rep_id LIMIT 3)
 ORDER BY r.name, a.month;
