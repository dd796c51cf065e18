-- Commission reports from spm's views: one rep's statement for Q4 2025,
-- line by line, and the quarter's payouts by team.  Every amount is in the
-- person's currency (EMEA is paid in euros) and rounded to the cent so that
-- the lines add up to the totals.

-- the rep whose statement is shown: on the accelerator plan, past 120% of
-- quota, with a clawback if anyone on that plan has one
SELECT rep_id AS statement_rep FROM spm.commission_statement
 WHERE period = '2025-Q4' AND plan = 'Accelerator on quota (capped)'
 GROUP BY rep_id
 ORDER BY max(attainment_to_date) >= 1.2 DESC, bool_or(kind = 'clawback') DESC, count(*) DESC, rep_id
 LIMIT 1 \gset

\echo
SELECT format('=== Commission statement, Q4 2025: %s (%s), plan "%s" ===', r.name, r.team, p.name) AS title,
       format('    Quota %s %s; %s', to_char(q.amount, 'FM999,999,990'), r.currency, p.description) AS plan
  FROM spm.rep r
  JOIN spm.assignment a ON a.rep_id = r.rep_id AND a.valid @> date '2025-11-15'
  JOIN spm.plan p ON p.plan_id = a.plan_id
  JOIN spm.quota q ON q.rep_id = r.rep_id AND q.period = spm.pay_period('2025-11-15', 'quarter')
 WHERE r.rep_id = :statement_rep \gx
SELECT credited_on AS date, deal_ref AS deal, kind,
       to_char(credit, 'FM999,999,990.00') AS credit,
       to_char(credit_to_date, 'FM9,999,990.00') AS "quarter to date",
       to_char(100 * attainment_to_date, 'FM990.0') || '%' AS attainment,
       to_char(commission, 'FM99,990.00') AS commission,
       to_char(commission_to_date, 'FM99,990.00') AS "commission to date"
  FROM spm.commission_statement
 WHERE rep_id = :statement_rep AND period = '2025-Q4'
 ORDER BY credited_on, credit_id;

\echo
\echo '=== Q4 2025 payouts by team (spm.payout_summary) ==='
SELECT team, currency, count(*) AS reps,
       to_char(sum(credited), 'FM999,999,990') AS credited,
       to_char(sum(commission), 'FM9,999,990.00') AS commission,
       to_char(100 * sum(commission) / nullif(sum(credited), 0), 'FM90.00') || '%' AS "cost of sales",
       sum(lines_with_notes) AS "lines with notes"
  FROM spm.payout_summary
 WHERE period = '2025-Q4'
 GROUP BY team, currency
 ORDER BY currency DESC, team;
