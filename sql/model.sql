--
-- model: the tables of the data model, their constraints, and the helper
-- functions of the model (pay periods, labels, currencies, the as-of date).
-- Row security is tested by logging in as real roles in security.sql.
--

SET datestyle = ISO;

-- ---- pay periods ----------------------------------------------------------
-- 2025-10-15 lies in October, Q4, H2 and 2025
SELECT f, spm.pay_period('2025-10-15', f) AS period, spm.period_label(spm.pay_period('2025-10-15', f)) AS label
  FROM unnest('{month,quarter,half,year}'::text[]) AS f;
-- first and last days belong to their period; February of a leap year
SELECT spm.pay_period('2025-01-01', 'quarter'), spm.pay_period('2025-03-31', 'quarter'),
       spm.pay_period('2025-04-01', 'quarter'), spm.pay_period('2024-02-29', 'month');
-- before 2000, and BC
SELECT spm.pay_period('1999-12-31', 'half'), spm.pay_period('0044-03-15 BC', 'year');
-- the last day PostgreSQL has is 5874897-12-31: the month after it has no
-- first day, so neither has the period's end
SELECT spm.pay_period('5874897-11-30', 'month');
SELECT spm_test.sqlstate($$SELECT spm.pay_period('5874897-12-31', 'month')$$);
SELECT spm.pay_period(NULL, 'month') IS NULL AS null_day, spm.pay_period('2025-01-01', NULL) IS NULL AS null_frequency;
SELECT spm_test.sqlstate($$SELECT spm.pay_period('2025-01-01', 'week')$$);
SELECT spm_test.sqlstate($$SELECT spm.pay_period('2025-01-01', 'Quarter')$$);
SELECT spm_test.sqlstate($$SELECT spm.pay_period('2025-01-01', '')$$);
SELECT spm_test.sqlstate($$SELECT spm.pay_period('infinity', 'month')$$);
SELECT spm_test.sqlstate($$SELECT spm.pay_period('-infinity', 'month')$$);
-- the first day PostgreSQL has is 4714-11-24 BC: its year starts before it
SELECT spm_test.sqlstate($$SELECT spm.pay_period('4714-11-24 BC', 'year')$$);
SELECT spm.pay_period('4714-12-01 BC', 'month') AS first_month_that_fits;

-- labels: calendar periods by name, others by first and last day
SELECT p, spm.period_label(p::daterange)
  FROM unnest('{"[2025-10-01,2025-11-01)","[2025-10-01,2026-01-01)","[2025-07-01,2026-01-01)",
                "[2025-01-01,2026-01-01)","[2025-02-01,2025-05-01)","[2025-10-15,2025-10-16)",
                "[2024-12-16,2025-01-16)","(,2025-01-01)","[2025-01-01,)",empty,
                "[2025-01-01,infinity)","[0001-01-01,0002-01-01)","[0001-01-01 BC,0001-01-01)"}'::text[]) AS p;
SELECT spm.period_label(NULL) IS NULL AS null_label;

-- ---- the as-of date ---------------------------------------------------
SELECT spm.as_of() = CURRENT_DATE AS defaults_to_today;
SET spm.as_of = '2025-11-15';
SELECT spm.as_of();
SET spm.as_of = '';
SELECT spm.as_of() = CURRENT_DATE AS empty_means_today;
SET spm.as_of = 'someday';
SELECT spm_test.sqlstate($$SELECT spm.as_of()$$);
RESET spm.as_of;

-- ---- currencies -------------------------------------------------------
-- ISO 4217 minor units: cents, none for yen and won, three for dinars
SELECT c, spm.minor_unit(c) FROM unnest('{USD,EUR,JPY,KRW,KWD,BHD,CLF}'::text[]) AS c;
SELECT spm.minor_unit(NULL) AS no_currency;
SELECT spm_test.sqlstate($$SELECT spm.minor_unit('XYZ')$$);
SELECT spm_test.sqlstate($$SELECT spm.minor_unit('')$$);
SELECT count(*) AS builtin_currencies FROM spm.currency WHERE builtin;
-- the shipped rows are read-only; an organisation adds its own
SELECT spm_test.sqlstate($$UPDATE spm.currency SET minor_unit = 3 WHERE currency = 'USD'$$);
SELECT spm_test.sqlstate($$DELETE FROM spm.currency WHERE currency = 'EUR'$$);
INSERT INTO spm.currency (currency, minor_unit, name) VALUES ('XTS', 3, 'test currency');
SELECT spm.minor_unit('XTS');
SELECT spm_test.error($$INSERT INTO spm.currency (currency) VALUES ('usd')$$);
SELECT spm_test.error($$INSERT INTO spm.currency (currency) VALUES ('US')$$);
SELECT spm_test.error($$INSERT INTO spm.currency (currency, minor_unit) VALUES ('XTT', 5)$$);
SELECT spm_test.error($$INSERT INTO spm.currency (currency) VALUES ('USD')$$);
DELETE FROM spm.currency WHERE currency = 'XTS';

-- ---- the sample organisation ------------------------------------------
\i test/fixtures/org.sql

-- exchange rates: 1 EUR = 1.05 USD in H1 2025, 1.10 from July; the base
-- currency USD has rate 1
SELECT spm.fx_rate_on('EUR', '2025-03-01') AS eur_march, spm.fx_rate_on('EUR', '2025-07-01') AS eur_july,
       spm.fx_rate_on('USD', '1990-01-01') AS usd;
-- 1,100 USD = 1,100 / 1.10 = 1,000 EUR; 1,000 EUR = 1,050 USD in March;
-- 1,000,000 JPY = 6,400 USD = 6,400 / 1.10 EUR = 5,818.18... EUR (a quotient
-- that does not terminate, to 16 significant digits)
SELECT spm.convert(1100, 'USD', 'EUR', '2025-11-03') AS usd_to_eur,
       spm.convert(1000, 'EUR', 'USD', '2025-03-01') AS eur_to_usd,
       spm.convert(1000000, 'JPY', 'EUR', '2025-11-03') AS jpy_to_eur,
       spm.convert(1000000, 'JPY', 'JPY', NULL) AS same_currency,
       spm.convert(12.345, NULL, NULL, NULL) AS no_currency,
       spm.convert(NULL, 'USD', 'EUR', '2025-11-03') IS NULL AS null_amount;
-- a missing rate is an error naming the currency and the day
SELECT spm_test.error($$SELECT spm.convert(100, 'EUR', 'USD', '2024-12-31')$$);
SELECT spm_test.error($$SELECT spm.convert(100, 'GBP', 'USD', '2025-06-30')$$);
SELECT spm_test.error($$SELECT spm.convert(100, 'GBP', NULL, '2025-06-30')$$);
SELECT spm_test.error($$SELECT spm.convert(100, 'GBP', 'USD', NULL)$$);
SELECT spm_test.error($$SELECT spm.fx_rate_on(NULL, '2025-06-30')$$);

-- ---- every table is dumped with pg_dump ---------------------------------
SELECT c.relname, x.cond
  FROM pg_extension e,
       unnest(e.extconfig, e.extcondition) AS x(oid, cond)
  JOIN pg_class c ON c.oid = x.oid
 WHERE e.extname = 'spm'
 ORDER BY c.relname;

-- ---- bad rows are rejected, naming the column and the value -------------
-- people and the reporting tree
SELECT spm_test.error($$INSERT INTO spm.rep (rep_id, name) VALUES (3, 'Ann again')$$);
SELECT spm_test.error($$INSERT INTO spm.rep (rep_id, name) VALUES (8, NULL)$$);
SELECT spm_test.error($$INSERT INTO spm.rep (rep_id, name, manager_id) VALUES (8, 'Hal', 99)$$);
SELECT spm_test.error($$INSERT INTO spm.rep (rep_id, name, manager_id) VALUES (8, 'Hal', 8)$$);
SELECT spm_test.error($$INSERT INTO spm.rep (rep_id, name, login_role) VALUES (8, 'Hal', 'regress_ann')$$);
SELECT spm_test.error($$INSERT INTO spm.rep (rep_id, name, hired_on, left_on) VALUES (8, 'Hal', '2025-05-01', '2025-04-30')$$);
SELECT spm_test.error($$INSERT INTO spm.rep (rep_id, name, currency) VALUES (8, 'Hal', 'XXY')$$);
-- a reporting cycle, directly and through others
SELECT spm_test.error($$UPDATE spm.rep SET manager_id = 3 WHERE rep_id = 2$$);
SELECT spm_test.error($$UPDATE spm.rep SET manager_id = 4 WHERE rep_id = 1$$);
SELECT rep_id, manager_id FROM spm.rep WHERE rep_id IN (1, 2) ORDER BY rep_id;
-- reps may be loaded in any order inside a transaction with deferred checks
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO spm.rep (rep_id, name, manager_id) VALUES (9, 'Ivy', 8);
INSERT INTO spm.rep (rep_id, name, manager_id) VALUES (8, 'Hal', 1);
COMMIT;
-- ... and a cycle built that way is still refused at commit
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
UPDATE spm.rep SET manager_id = 9 WHERE rep_id = 8;
SELECT spm_test.error('SET CONSTRAINTS ALL IMMEDIATE');
ROLLBACK;
DELETE FROM spm.rep WHERE rep_id IN (8, 9);
-- deleting someone with credits or reports is refused
SELECT spm_test.error($$DELETE FROM spm.rep WHERE rep_id = 2$$);

-- plans: versions of one plan never overlap
SELECT spm_test.error($$INSERT INTO spm.plan (plan_id, name, frequency) VALUES (3, 'Weekly', 'week')$$);
SELECT spm_test.error($$INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (11, 1, '[2025-06-01,2025-07-01)')$$);
SELECT spm_test.error($$INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (11, 9, '[2025-06-01,2025-07-01)')$$);
SELECT spm_test.error($$INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (11, 1, 'empty')$$);
-- a version of another plan may overlap, and so may one that ends before
INSERT INTO spm.plan (plan_id, name) VALUES (3, 'Old plan');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (30, 3, '[2024-01-01,2025-01-01)'),
                                                                 (31, 3, '[2025-01-01,)');
SELECT spm_test.error($$INSERT INTO spm.plan_component (version_id, component, schedule) VALUES (10, 'commission', 'graduated: 0 @ 0.01')$$);
SELECT spm_test.error($$INSERT INTO spm.plan_component (version_id, component, schedule, basis) VALUES (30, 'bonus', 'graduated: 0 @ 0.01', 'revenue')$$);
SELECT spm_test.error($$INSERT INTO spm.plan_component (version_id, component, schedule) VALUES (30, 'bonus', 'graduated: 0 @ 5%')$$);
SELECT spm_test.error($$INSERT INTO spm.plan_component (version_id, component, schedule) VALUES (30, 'bonus', NULL)$$);
-- one plan per person at a time
SELECT spm_test.error($$INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (3, 2, '[2025-06-01,2025-07-01)')$$);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (3, 3, '[2024-01-01,2025-01-01)');
SELECT spm_test.error($$INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (99, 1, '[2025-06-01,2025-07-01)')$$);
DELETE FROM spm.assignment WHERE plan_id = 3;
DELETE FROM spm.plan_version WHERE plan_id = 3;
DELETE FROM spm.plan WHERE plan_id = 3;

-- quotas
SELECT spm_test.error($$INSERT INTO spm.quota (rep_id, period, amount) VALUES (3, '[2025-10-01,2026-01-01)', 1)$$);
SELECT spm_test.error($$INSERT INTO spm.quota (rep_id, period, amount) VALUES (3, '[2026-01-01,2026-04-01)', -1)$$);
SELECT spm_test.error($$INSERT INTO spm.quota (rep_id, period, amount) VALUES (3, '[2026-01-01,2026-04-01)', 'NaN')$$);
SELECT spm_test.error($$INSERT INTO spm.quota (rep_id, period, amount) VALUES (3, '[2026-01-01,2026-04-01)', 'Infinity')$$);
SELECT spm_test.error($$INSERT INTO spm.quota (rep_id, period, amount) VALUES (3, '[2026-01-01,)', 1)$$);
SELECT spm_test.error($$INSERT INTO spm.quota (rep_id, period, amount) VALUES (3, 'empty', 1)$$);

-- credits
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind) VALUES (900, 3, '2025-10-01', 1, 'bonus')$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind) VALUES (900, 3, '2025-10-01', -1, 'clawback')$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, reverses) VALUES (900, 3, '2025-10-01', 1, 101)$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES (900, 3, '2025-10-01', -1, 'clawback', 999)$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES (900, 3, '2025-10-01', -1, 'adjustment', 900)$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (900, 3, '2025-10-01', 'NaN')$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (900, 3, '2025-10-01', '-Infinity')$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (900, 3, 'infinity', 1)$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (900, 3, NULL, 1)$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, currency) VALUES (900, 3, '2025-10-01', 1, 'usd')$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (101, 3, '2025-10-01', 1)$$);
SELECT spm_test.error($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (900, 42, '2025-10-01', 1)$$);
-- the credit a clawback reverses cannot be deleted from under it
SELECT spm_test.error($$DELETE FROM spm.credit WHERE credit_id = 103$$);
-- only the columns the contract names are needed; kind defaults to deal
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (900, 3, '2025-10-01', 1);
SELECT kind, currency, deal_ref, reverses FROM spm.credit WHERE credit_id = 900;
DELETE FROM spm.credit WHERE credit_id = 900;
-- huge amounts are fine: numeric has no fixed size
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (900, 3, '2025-10-01', 1e300);
DELETE FROM spm.credit WHERE credit_id = 900;

-- opportunities
SELECT spm_test.error($$INSERT INTO spm.opportunity (opportunity_id, rep_id, amount, probability) VALUES (9, 3, 100, 1.5)$$);
SELECT spm_test.error($$INSERT INTO spm.opportunity (opportunity_id, rep_id, amount, probability) VALUES (9, 3, 100, -0.1)$$);
SELECT spm_test.error($$INSERT INTO spm.opportunity (opportunity_id, rep_id, amount, probability) VALUES (9, 3, 100, 'NaN')$$);
SELECT spm_test.error($$INSERT INTO spm.opportunity (opportunity_id, rep_id, amount) VALUES (9, 3, -5)$$);
SELECT spm_test.error($$INSERT INTO spm.opportunity (opportunity_id, rep_id, amount, forecast_category) VALUES (9, 3, 5, 'upside')$$);
SELECT spm_test.error($$INSERT INTO spm.opportunity (opportunity_id, rep_id, amount, expected_close) VALUES (9, 3, 5, 'infinity')$$);

-- survey answers: eNPS and NPS on 0-10, CSAT on 1-5
SELECT spm_test.error($$INSERT INTO spm.survey_response (response_id, team, answered_on, question, score) VALUES (99, 'East', '2025-10-01', 'enps', 11)$$);
SELECT spm_test.error($$INSERT INTO spm.survey_response (response_id, team, answered_on, question, score) VALUES (99, 'East', '2025-10-01', 'nps', -1)$$);
SELECT spm_test.error($$INSERT INTO spm.survey_response (response_id, team, answered_on, question, score) VALUES (99, 'East', '2025-10-01', 'csat', 0)$$);
SELECT spm_test.error($$INSERT INTO spm.survey_response (response_id, team, answered_on, question, score) VALUES (99, 'East', '2025-10-01', 'csat', 6)$$);
SELECT spm_test.error($$INSERT INTO spm.survey_response (response_id, team, answered_on, question, score) VALUES (99, 'East', '2025-10-01', 'pulse', 5)$$);
SELECT spm_test.error($$INSERT INTO spm.survey_response (response_id, team, answered_on, score) VALUES (99, NULL, '2025-10-01', 5)$$);
-- a skipped question is a NULL score
INSERT INTO spm.survey_response (response_id, team, answered_on, question, score) VALUES (99, 'East', '2025-10-01', 'csat', NULL);
DELETE FROM spm.survey_response WHERE response_id = 99;

-- exchange rates: one rate per currency and day
SELECT spm_test.error($$INSERT INTO spm.fx_rate (currency, valid, rate) VALUES ('EUR', '[2025-06-01,2025-08-01)', 1.07)$$);
SELECT spm_test.error($$INSERT INTO spm.fx_rate (currency, valid, rate) VALUES ('GBP', '[2025-06-01,2025-08-01)', 0)$$);
SELECT spm_test.error($$INSERT INTO spm.fx_rate (currency, valid, rate) VALUES ('GBP', '[2025-06-01,2025-08-01)', 'NaN')$$);
SELECT spm_test.error($$INSERT INTO spm.fx_rate (currency, valid, rate) VALUES ('ZZZ', '[2025-06-01,2025-08-01)', 1)$$);
-- rates of another currency may overlap
INSERT INTO spm.fx_rate (currency, valid, rate) VALUES ('GBP', '[2025-06-01,2025-08-01)', 1.27);
SELECT spm.convert(100, 'GBP', 'EUR', '2025-06-30') AS gbp_to_eur;    -- 100 * 1.27 / 1.05
DELETE FROM spm.fx_rate WHERE currency = 'GBP';

-- COPY reports the line and column of a bad value
COPY spm.credit (credit_id, rep_id, credited_on, amount) FROM stdin;
901	3	2025-10-02	10
902	3	2025-10-0x	10
\.
SELECT count(*) AS nothing_loaded FROM spm.credit WHERE credit_id > 900;
