-- The same reports as one person sees them, logged in as themselves: row
-- security shows a rep their own rows, and a manager their whole team.
SELECT format('=== Logged in as %s: %s (%s) ===', current_user, name,
              CASE WHEN EXISTS (SELECT FROM spm.rep s WHERE s.manager_id = r.rep_id)
                   THEN 'manager of ' || (SELECT count(*) - 1 FROM spm.rep) || ' people' ELSE 'rep' END) AS who
  FROM spm.rep r WHERE login_role = current_user \gset
\echo
\echo :who
SELECT rep_name AS rep, period, currency, credits,
       to_char(credited, 'FM9,999,990.00') AS credited,
       to_char(commission, 'FM999,990.00') AS commission
  FROM spm.payout_summary
 WHERE period = '2025-Q4'
 ORDER BY rep_name;
SELECT count(*) AS "statement lines I can see", count(DISTINCT rep_id) AS "people"
  FROM spm.commission_statement;
