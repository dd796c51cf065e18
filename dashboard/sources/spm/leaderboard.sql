-- The leaderboard of the quarter the reports are as of (spm.leaderboard)
SELECT rank, team_rank, rep_id, rep_name, team, period, currency, quota, credited,
       attainment, streak, coalesce(level, '') AS level,
       CASE currency WHEN 'EUR' THEN 'eur' ELSE 'usd' END AS money_fmt
  FROM spm.leaderboard
 WHERE spm.as_of() BETWEEN period_start AND period_end
