--
-- reports: the views BI tools read, on the sample organisation of
-- test/fixtures/org.sql plus the rows below.  Every expected figure is
-- worked out by hand in the comments.
--
\i test/fixtures/org.sql
SET datestyle = ISO;
SET spm.as_of = '2025-11-15';

-- Dee (8), a USD rep under Mark on plan 3, which changes on 1 November:
--   version 30 (to 31 Oct): base 7% of credit
--   version 31 (from 1 Nov): base 10% of credit, plus a kicker of 2% of
--   the credit above 100% of quota
-- Her Q4 quota is 100.  Three credits of 10.05 in October pay 0.7035 each:
-- rounded one by one they would pay 0.70 three times, 2.10, although the
-- quarter's commission is 2.1105, which rounds to 2.11.  Cumulative
-- rounding pays round(0.7035) = 0.70, round(1.4070) - 0.70 = 0.71 and
-- round(2.1105) - 1.41 = 0.70: 2.11.
INSERT INTO spm.rep (rep_id, name, manager_id, team, login_role, currency)
VALUES (8, 'Dee', 2, 'East', NULL, 'USD'),
       (9, 'Max', 2, 'East', NULL, 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (3, 'Changing'), (4, 'Not yet');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES
    (30, 3, '[2025-01-01,2025-11-01)'),
    (31, 3, '[2025-11-01,)'),
    (40, 4, '[2026-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis) VALUES
    (30, 'base',   'graduated: 0 @ 0.07', 'amount'),
    (31, 'base',   'graduated: 0 @ 0.10', 'amount'),
    (31, 'kicker', 'graduated: 0 @ 0, 1.0 @ 0.02', 'attainment');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES
    (8, 3, '[2025-01-01,)'),
    (9, 4, '[2025-01-01,)');
INSERT INTO spm.quota (rep_id, period, amount) VALUES (8, '[2025-10-01,2026-01-01)', 100),
    -- Bob's quota for Q2 2026 is 0: his attainment plan cannot pay on it
    (4, '[2026-04-01,2026-07-01)', 0);
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, currency, kind) VALUES
    (801, 8, '2025-10-01', 10.05, NULL, 'deal'),
    (802, 8, '2025-10-02', 10.05, NULL, 'deal'),
    (803, 8, '2025-10-03', 10.05, NULL, 'deal'),
    -- version 31, running total 100 = 100% of quota: base 10.00, kicker 0
    (804, 8, '2025-11-05', 100, NULL, 'deal'),
    -- running total 150: base 5.00, kicker 2% of the 50 above quota = 1.00
    (805, 8, '2025-11-06', 50, NULL, 'deal'),
    -- Eve (EUR) is credited three times 10,000 JPY: 10,000 * 0.0064 / 1.10 =
    -- 58.1818... EUR each; running 58.18, 116.36, 174.55: lines 58.18,
    -- 58.18, 58.19
    (703, 7, '2025-11-05', 10000, 'JPY', 'deal'),
    (704, 7, '2025-11-06', 10000, 'JPY', 'deal'),
    (705, 7, '2025-11-07', 10000, 'JPY', 'deal'),
    -- Mark has no plan; Max's plan has no version in 2025; Bob's plan is on
    -- attainment and he has no quota for Q1 2026
    (206, 2, '2025-10-10', 5000, NULL, 'deal'),
    (901, 9, '2025-10-10', 5000, NULL, 'deal'),
    (204, 4, '2026-01-10', 5000, NULL, 'deal'),
    (205, 4, '2026-04-10', 5000, NULL, 'deal');

-- ---- commission_statement ------------------------------------------------
-- Ann (graduated 5% to 50k, 7% to 100k, 10% above), Q4: running 30,000 ->
-- 1,500; 70,000 -> 2,500 + 1,400 = 3,900 (line 2,400); 115,000 -> 2,500 +
-- 3,500 + 1,500 = 7,500 (line 3,600); the clawback takes the total to
-- 105,000 -> 6,500 (line -1,000).  Q3: 105,000 -> 6,500.
-- Bob (6% to 100% of a 100,000 quota, 10% above), Q4: 60,000 -> 3,600;
-- 110,000 -> 6,000 + 1,000 = 7,000 (line 3,400); Q3: 80,000 -> 4,800.
-- Cid (the same graduated plan, in yen), 1,234,567 -> 2,500 + 3,500 +
-- 113,456.7 = 119,456.7, paid in whole yen: 119,457.
-- Eve: 1,100 USD = 1,000 EUR -> 50; 20,000 EUR -> running 21,000 -> 1,050.
SELECT rep_id, period, credit_id, kind, currency, credit, credit_to_date, commission,
       commission_to_date, attainment_to_date, plan, version_id, note
  FROM spm.commission_statement
 ORDER BY rep_id, period_start, credited_on, credit_id;

-- The contract: for a plan with one amount-basis component, a period's
-- lines add up to spm.commission(sum of the period's credits, schedule),
-- rounded; with an attainment-basis one, to spm.commission(sum, schedule,
-- quota).  Checked for every person and period the plans can pay (lines
-- with a note have no commission).
SELECT s.rep_id, s.period, sum(s.commission) AS lines,
       round(CASE pc.basis WHEN 'amount' THEN spm.commission(sum(c.amount_in_rep), pc.schedule)
                           ELSE spm.commission(sum(c.amount_in_rep), pc.schedule, min(q.amount)) END,
             spm.minor_unit(min(s.currency))) AS commission_of_the_total
  FROM spm.commission_statement s
  JOIN (SELECT cr.credit_id, spm.convert(cr.amount, coalesce(cr.currency, r.currency), r.currency, cr.credited_on) AS amount_in_rep
          FROM spm.credit cr JOIN spm.rep r USING (rep_id)) c USING (credit_id)
  JOIN spm.plan_component pc ON pc.version_id = s.version_id
  LEFT JOIN spm.quota q ON q.rep_id = s.rep_id AND q.period = daterange(s.period_start, s.period_end, '[]')
 WHERE s.version_id IN (10, 20) AND s.note IS NULL
 GROUP BY s.rep_id, s.period, pc.basis, pc.schedule
 ORDER BY s.rep_id, s.period;

-- ---- payout_summary: the statement's totals --------------------------------
-- Dee's Q4: 2.11 + 10.00 + 6.00 = 18.11 (plans "Changing"); Eve's: 1,050 +
-- 3 x 58.18... = 1,050 + 174.55; Mark's and Max's lines have notes.
SELECT rep_id, period, plan, currency, credits, credited, commission, lines_with_notes
  FROM spm.payout_summary ORDER BY rep_id, period_start;
-- every summary equals the sum of its statement lines
SELECT count(*) AS summaries_not_matching_their_lines
  FROM spm.payout_summary p
  JOIN (SELECT rep_id, period, sum(credit) AS credited, sum(commission) AS commission
          FROM spm.commission_statement GROUP BY rep_id, period) s USING (rep_id, period)
 WHERE p.credited <> s.credited OR p.commission IS DISTINCT FROM s.commission;

-- ---- attainment_report, as of 2025-11-15 -----------------------------------
-- Q4 2025 has 92 days, 46 of them elapsed (as of counted): elapsed 0.5000.
-- Ann: 115,000 credited by then of 120,000: attainment 0.9583, expected
-- 60,000, pace 1.9167, projected 230,000, 5,000 to go in 46 days: 108.70 a
-- day.  Her clawback on 1 December is after the as-of date.  Bob: 60,000
-- of 100,000.  Dee: 30.15 + 100 + 50 = 180.15 of 100.  Eve: 1,000 +
-- 20,000 + 3 x 58.1818... = 21,174.55 of 80,000.  Q3 is over (elapsed 1): Ann 105,000 of 100,000.
SELECT rep_id, period, currency, quota, credited, attainment, as_of, elapsed_fraction,
       expected, pace, projected, gap, required_per_day
  FROM spm.attainment_report ORDER BY rep_id, period_start;

-- ---- leaderboard -----------------------------------------------------------
-- Q3: Ann 1.05 (at quota: streak 1, Silver), Bob 0.80 (streak 0, Bronze).
-- Q4 so far: Dee 1.8015 (President's Club, streak 1), Ann 0.9583 (Bronze;
-- her streak of 1 goes on while Q4 runs), Bob 0.60, Eve 0.2647, Cid
-- 0.1372.  Ranks are company-wide, team ranks within the team.
SELECT period, rank, team_rank, rep_id, team, attainment, streak, level
  FROM spm.leaderboard ORDER BY period_start, rank, rep_id;
-- a period in the future is not on the board yet
SET spm.as_of = '2025-09-30';
SELECT period, rank, rep_id, attainment, streak FROM spm.leaderboard ORDER BY period_start, rank;
SET spm.as_of = '2025-11-15';

-- ---- pipeline_forecast -----------------------------------------------------
-- Ann, Q4: closed 115,000; commit 115,000 + 20,000 = 135,000; best case
-- + 30,000 = 165,000; open pipeline 20,000 + 30,000 = 50,000, weighted
-- 20,000 x 0.75 + 30,000 x 0.50 = 30,000; coverage 50,000 / (120,000 -
-- 115,000) = 10.  Q1 2026: 50,000 of pipeline at 10%.
-- Bob: the omitted 99,999 counts nowhere: pipeline 10,000, coverage 10,000
-- / 40,000 = 0.25.
-- Mark and Max have no quota and no pipeline, but credits this quarter:
-- 5,000 each.  Mark's team (Mark, Ann, Bob, Dee, Max): quota 120,000 +
-- 100,000 + 100 = 220,100; closed 5,000 + 115,000 + 60,000 + 180.15 +
-- 5,000 = 185,180.15; coverage 60,000 / (220,100 - 185,180.15) = 1.72.
-- Vera's team adds Cid's yen at 0.0064: quota 9,000,000 -> 57,600 (277,700),
-- closed 1,234,567 -> 7,901.2288 (193,081.38).
SELECT rep_id, scope, period, currency, quota, closed, commit, best_case, pipeline, weighted, coverage
  FROM spm.pipeline_forecast ORDER BY rep_id, scope, period_start;

-- ---- revenue_forecast -------------------------------------------------------
-- As of 2025-12-15 the complete months run to November.  East's credits
-- by month (USD): August 105,000; September 80,000; October 30,000 +
-- 40,000 + 60,000 + 5,000 (Mark) + 5,000 (Max) + 30.15 (Dee) = 140,030.15;
-- November 45,000 + 50,000 + 150 (Dee) = 95,150.  (Cid's yen are team
-- Japan's; Ann's clawback of 1 December is in a month not yet complete.)
SET spm.as_of = '2025-12-15';
SELECT team, currency, kind, period, revenue FROM spm.revenue_forecast
 WHERE kind = 'actual' ORDER BY team NULLS FIRST, currency, period_start;
-- The forecast rows are spm.forecast of that series, method auto, rounded
-- to cents, with the 80% and 95% intervals.
SELECT count(*) AS forecast_rows,
       count(*) FILTER (WHERE f.forecast = round(x.point::numeric, 2)
                          AND f.lower_95 = round(x.lower::numeric, 2)
                          AND f.upper_95 = round(x.upper::numeric, 2)
                          AND f.lower_80 = round(y.lower::numeric, 2)
                          AND f.upper_80 = round(y.upper::numeric, 2)) AS equal_to_spm_forecast,
       min(f.period) AS first, max(f.period) AS last, min(f.method) AS method
  FROM spm.revenue_forecast f
  JOIN spm.forecast('{105000,80000,140030.15,95150}', 12) x
    ON f.period_start = (date '2025-11-01' + make_interval(months => x.step))::date
  JOIN spm.forecast('{105000,80000,140030.15,95150}', 12, level => 0.80) y ON y.step = x.step
 WHERE f.team = 'East' AND f.kind = 'forecast';
-- a series of three months is too short to forecast: actuals only
SELECT team, count(*) FILTER (WHERE kind = 'forecast') AS forecasts
  FROM spm.revenue_forecast WHERE currency = 'JPY' GROUP BY team ORDER BY team NULLS FIRST;
SET spm.as_of = '2025-11-15';

-- ---- team_enps and survey_summary ------------------------------------------
-- East, October: 4 promoters, 1 passive, 1 detractor of 6: eNPS 100 x 3 /
-- 6 = 50.0; SE = 100 sqrt((4/6 + 1/6 - (3/6)^2) / 6) = 31.18; 95%
-- interval 50 -/+ 1.959964 x 31.18 = -11.1 .. 111.1.  Japan: 2 answers,
-- suppressed.  CSAT, East, November: 4 of 5 satisfied = 80.0.
SELECT * FROM spm.team_enps ORDER BY team, period_start;
SELECT * FROM spm.survey_summary ORDER BY team, question, period_start;
-- the fifth answer lifts Japan over the threshold
INSERT INTO spm.survey_response (response_id, team, answered_on, score)
VALUES (20, 'Japan', '2025-10-20', 10), (21, 'Japan', '2025-10-21', 8), (22, 'Japan', '2025-10-22', 0);
SELECT team, responses, promoters, passives, detractors, enps FROM spm.team_enps WHERE team = 'Japan';
DELETE FROM spm.survey_response WHERE response_id >= 20;

-- ---- statements and summaries from the payout ledger ---------------------
-- Once a period is calculated, commission_statement shows what the ledger
-- recorded for each credit and payout_summary the period's ledger lines.
-- Q3 2025 is calculated, approved and locked: Ann's 105,000 pays 2,500 +
-- 3,500 + 500 = 6,500 and Bob's 80,000 of a 100,000 quota 6% = 4,800, as
-- computed.  Then 21,000 of Ann's Q3 deal 105 is clawed back in December.
-- The ledger takes back what it was paid: 6,500 x 21,000 / 105,000 =
-- 1,300.  Computed from the credits it would be priced at her Q4 margin:
-- 105,000 -> 84,000 = -500 (10% above 100,000) - 16,000 x 7% = -1,620.
-- Ann's Q4 once calculated: 1,500, 2,400, 3,600, -1,000 (credit 104
-- reverses a credit of the same quarter, so it is simply one of its
-- credits), and -1,300: 5,200 in all (computed: 6,500 - 1,620 = 4,880).
SELECT spm.calculate('[2025-07-01,2025-10-01)') AS q3_lines,
       spm.approve('[2025-07-01,2025-10-01)') AS approved,
       spm.lock_period('[2025-07-01,2025-10-01)') AS locked;
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, kind, reverses)
VALUES (106, 'D-105', 3, '2025-12-10', -21000, 'clawback', 105);
-- before Q4 is calculated: computed from the credits, -1,620
SELECT credit_id, kind, credit, commission, commission_to_date
  FROM spm.commission_statement WHERE rep_id = 3 AND period = '2025-Q4' ORDER BY credited_on, credit_id;
SELECT rep_id, period, commission FROM spm.payout_summary WHERE rep_id = 3 ORDER BY period_start;
SELECT spm.calculate('[2025-10-01,2026-01-01)') AS q4_lines;
-- after: the ledger's -1,300, and Q3 as the ledger paid it (6,500)
SELECT credit_id, kind, credit, commission, commission_to_date
  FROM spm.commission_statement WHERE rep_id = 3 ORDER BY period_start, credited_on, credit_id;
SELECT rep_id, period, commission FROM spm.payout_summary WHERE rep_id = 3 ORDER BY period_start;
-- every calculated summary is its ledger lines, and its statement lines
-- add up to it; for the other people of Q4 (Bob, Cid, Eve) and Bob's Q3 the
-- ledger says what the credits said before.  Dee's plan changes on
-- 2025-11-01, and spm.calculate prorates the kicker's quota by the days
-- version 31 is in force: 100 x 61/92 = 66.3043..., so the kicker pays
-- (150 - 66.3043...) x 0.02 = 1.673913 instead of 1.00, and Q4 is
-- 2.1105 + 15 + 1.673913 = 18.784413 -> 18.78 (18.11 from the credits,
-- which do not prorate).
SELECT p.rep_id, p.period, p.commission, l.ledger, s.lines
  FROM spm.payout_summary p
  JOIN (SELECT rep_id, spm.period_label(period) AS period, sum(amount) AS ledger
          FROM spm.payout_line GROUP BY rep_id, period) l USING (rep_id, period)
  JOIN (SELECT rep_id, period, sum(commission) AS lines
          FROM spm.commission_statement GROUP BY rep_id, period) s USING (rep_id, period)
 ORDER BY p.rep_id, p.period_start;
-- a credit added to a calculated draft period shows 0 until it is
-- calculated again
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind) VALUES (107, 3, '2025-12-20', 1000, 'deal');
SELECT credit_id, commission FROM spm.commission_statement WHERE credit_id = 107;
SET session_replication_role = replica;
TRUNCATE spm.payout_hold, spm.payout_detail, spm.payout_line, spm.pay_run RESTART IDENTITY;
RESET session_replication_role;
DELETE FROM spm.credit WHERE credit_id IN (106, 107);

-- measures other than revenue are not money: a units credit and a units
-- quota of Ann's appear in no money view (they are paid through plan
-- components by spm.calculate); before the views filtered on measure the
-- statement listed the 12 units as 12.00 dollars and attainment_report
-- showed the units quota
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, measure) VALUES (108, 3, '2026-02-10', 12, 'units');
INSERT INTO spm.quota (rep_id, period, amount, measure) VALUES (3, '[2026-01-01,2026-04-01)', 40, 'units');
SELECT (SELECT count(*) FROM spm.commission_statement WHERE credit_id = 108) AS statement_lines,
       (SELECT count(*) FROM spm.attainment_report WHERE rep_id = 3 AND period = '2026-Q1') AS attainment_rows;
DELETE FROM spm.quota WHERE rep_id = 3 AND measure = 'units';
DELETE FROM spm.credit WHERE credit_id = 108;

-- ---- what BI tools receive ---------------------------------------------------
-- Only standard column types in every view ...
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'spm'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
   AND a.atttypid NOT IN ('numeric'::regtype, 'float8'::regtype, 'integer'::regtype,
                          'bigint'::regtype, 'text'::regtype, 'date'::regtype,
                          'boolean'::regtype, 'jsonb'::regtype);
-- ... rep_id in every view of one person's numbers ...
SELECT c.relname, bool_or(a.attname = 'rep_id') AS has_rep_id
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'spm'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
 GROUP BY c.relname ORDER BY c.relname;
-- ... and the querying role's rights everywhere but the survey views
SELECT relname, coalesce(array_to_string(reloptions, ','), '') AS options
  FROM pg_class WHERE relnamespace = 'spm'::regnamespace AND relkind = 'v' ORDER BY relname;
