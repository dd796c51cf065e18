-- The period close, as sales ops runs it (logged in as demo_admin, a
-- member of spm_admin): calculate Q3 2025 into the payout ledger, approve
-- and lock it; a deal paid in Q3 is cancelled late, so a clawback dated in
-- Q4 takes back what that deal was paid, at the rate it was paid; Q4 is
-- closed with it; then one rep's statement and the explanation of the
-- clawback line.  Every figure comes from spm's functions and views.
SET ROLE demo_admin;
\set q3 '[2025-07-01,2025-10-01)'
\set q4 '[2025-10-01,2026-01-01)'

\echo
\echo '=== Closing Q3 2025: calculate, approve, lock ==='
SELECT spm.calculate(:'q3') AS "lines written",
       spm.approve(:'q3') AS "lines approved",
       spm.lock_period(:'q3') AS "lines locked";
SELECT spm.period_label(r.period) AS period, r.status, count(l.*) AS lines,
       count(DISTINCT l.rep_id) AS people, l.currency,
       to_char(sum(l.amount), 'FM9,999,990.00') AS payout
  FROM spm.pay_run r JOIN spm.payout_line l USING (period)
 GROUP BY r.period, r.status, l.currency
 ORDER BY l.currency;

-- The deal cancelled late: a USD deal of a rep on the accelerator plan
-- (below its cap in Q3) paid at the lowest rate, 6%, by a rep who goes past
-- quota in Q4 (where a deal's marginal rate is 10% or more).
SELECT c.rep_id AS rep, c.credit_id AS deal_credit, c.deal_ref AS deal, c.amount AS deal_amount
  FROM spm.payout_line l
  JOIN spm.payout_credit pc ON pc.payout_line_id = l.payout_line_id
  JOIN spm.credit c ON c.credit_id = pc.credit_id
 WHERE l.period = :'q3' AND l.kind = 'commission' AND l.currency = 'USD' AND c.kind = 'deal'
   AND l.inputs ->> 'basis' = 'attainment' AND l.amount < 60000
   AND NOT EXISTS (SELECT FROM spm.credit x WHERE x.reverses = c.credit_id)
   AND (SELECT sum(n.amount) FROM spm.credit n WHERE n.rep_id = c.rep_id AND n.credited_on <@ :'q4'::daterange)
       > (SELECT q.amount FROM spm.quota q WHERE q.rep_id = c.rep_id AND q.period = :'q4') + c.amount
 ORDER BY pc.commission / pc.amount, c.amount DESC, c.credit_id
 LIMIT 1 \gset

\echo
\echo '=== A late correction: deal' :deal 'of Q3 is cancelled on 2025-11-20 ==='
\echo 'Q3 is locked, so the credit cannot be changed in place:'
SELECT set_config('demo.deal_credit', :'deal_credit', false) \g /dev/null
DO $$
BEGIN
    UPDATE spm.credit SET amount = 0 WHERE credit_id = current_setting('demo.deal_credit')::bigint;
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    RAISE NOTICE 'refused (SQLSTATE %): %', SQLSTATE, SQLERRM;
END
$$;
\echo 'so it is reversed by a clawback credit dated in the open quarter:'
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, currency, kind, reverses)
SELECT (SELECT max(credit_id) + 1 FROM spm.credit), c.deal_ref, c.rep_id, date '2025-11-20',
       -c.amount, c.currency, 'clawback', c.credit_id
  FROM spm.credit c WHERE c.credit_id = :deal_credit
RETURNING credit_id, deal_ref, rep_id, credited_on, amount, kind, reverses;

\echo
\echo '=== Closing Q4 2025 with the clawback ==='
SELECT spm.calculate(:'q4') AS "lines written",
       spm.approve(:'q4') AS "lines approved",
       spm.lock_period(:'q4') AS "lines locked";
SELECT spm.period_label(period) AS period, kind, count(*) AS lines,
       to_char(sum(amount), 'FM9,999,990.00') AS amount, currency
  FROM spm.payout_line
 GROUP BY period, kind, currency
 ORDER BY period, kind DESC, currency;

\echo
SELECT format('=== Payout statement: %s (spm.payout_statement) ===', name) FROM spm.rep WHERE rep_id = :rep \gset
\echo :format
SELECT period, payout_line_id AS line, kind, component, credit_id AS "clawback credit",
       to_char(amount, 'FM999,990.00') AS amount, currency, status, held
  FROM spm.payout_statement
 WHERE rep_id = :rep
 ORDER BY period_start, payout_line_id;

\echo
SELECT payout_line_id AS clawback_line, (inputs ->> 'original_line')::bigint AS original_line
  FROM spm.payout_line
 WHERE kind = 'clawback' AND rep_id = :rep AND credit_id = (SELECT max(credit_id) FROM spm.credit)
\gset
\echo '=== Why line' :clawback_line 'says what it says (spm.explain) ==='
\echo 'The deal was paid in Q3 by line' :original_line 'at the rate shown; the clawback takes back exactly that:'
SELECT item, credit_id, credited_on, amount AS credit, paid_line, paid_rate,
       to_char(commission, 'FM999,990.00') AS commission
  FROM spm.explain(:clawback_line);
\echo 'Priced at the rep''s Q4 marginal rate instead (taking the deal off the Q4 total), it would have been:'
SELECT to_char(x.commission, 'FM999,990.00') AS "at the Q4 rate", trim_scale(round(x.commission / -(:deal_amount), 4)) AS rate
  FROM (SELECT spm.commission_increment((l.inputs ->> 'credited')::numeric, -(:deal_amount),
                                        (l.inputs ->> 'schedule')::spm.tier_schedule,
                                        (l.inputs ->> 'quota')::numeric) AS commission
          FROM spm.payout_line l
         WHERE l.period = :'q4' AND l.rep_id = :rep AND l.kind = 'commission') x;
RESET ROLE;
