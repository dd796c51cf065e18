-- Attainment and pace of every revenue quota of the quarter the reports
-- are as of, one row per person (spm.attainment_report)
SELECT rep_id, rep_name, team, period, currency, quota, credited, attainment,
       elapsed_fraction, pace, projected, gap, required_per_day,
       CASE currency WHEN 'EUR' THEN 'eur' ELSE 'usd' END AS money_fmt
  FROM spm.attainment_report
 WHERE spm.as_of() BETWEEN period_start AND period_end
