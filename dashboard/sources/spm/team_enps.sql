-- eNPS per team and month with its 95% interval (spm.team_enps; months
-- with fewer than 5 answers have no score), up to the as-of date
SELECT team, period, period_start, responses, enps, ci95_lower, ci95_upper
  FROM spm.team_enps
 WHERE period_start <= spm.as_of()
