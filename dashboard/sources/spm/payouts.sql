-- Commission per team and pay period of the as-of year, in the team's
-- currency and in US dollars at the rate of the period's last day
-- (spm.payout_summary, spm.convert)
SELECT team, period, period_start, currency,
       sum(commission) AS commission,
       sum(spm.convert(commission, currency, 'USD', period_end)) AS commission_usd,
       count(DISTINCT rep_id) AS people
  FROM spm.payout_summary
 WHERE extract(year FROM period_start) = extract(year FROM spm.as_of())
   AND period_start <= spm.as_of()
 GROUP BY team, period, period_start, currency
