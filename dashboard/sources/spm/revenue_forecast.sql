-- Monthly credited revenue and its 12-month forecast with 80% and 95%
-- intervals, for the whole organisation, one series per currency
-- (spm.revenue_forecast, team NULL)
SELECT currency, kind, period, period_start, revenue, forecast,
       lower_80, upper_80, lower_95, upper_95, method
  FROM spm.revenue_forecast
 WHERE team IS NULL
