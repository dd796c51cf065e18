--
-- runs_components: plan components beyond one schedule (src/runs/runs.sql,
-- doc/runs.md "Plan components").  Every figure is hand-computed in the
-- comments.
--
\set VERBOSITY default
\i test/fixtures/org.sql

-- A view of the lines: kind, component, amount, and what the caps cut.
CREATE TEMP VIEW lines AS
SELECT l.payout_line_id, l.rep_id, spm.period_label(l.period) AS period, l.kind, l.component, l.amount,
       (l.inputs ->> 'period_cap_cut')::numeric AS period_cut,
       (l.inputs ->> 'paid_in_year')::numeric AS paid_in_year,
       (l.inputs ->> 'year_cap_cut')::numeric AS year_cut
  FROM spm.payout_line l;
-- Lines whose explain does not add up exactly (must stay empty).
CREATE TEMP VIEW unexplained AS
SELECT l.payout_line_id, l.kind, l.amount, e.total
  FROM spm.payout_line l
  CROSS JOIN LATERAL (SELECT sum(commission) AS total FROM spm.explain(l.payout_line_id)) e
 WHERE e.total IS DISTINCT FROM l.amount;

-- ==== 1. caps ===========================================================
-- Cora (20, USD) is on plan 20 with three components, each 10% of what is
-- credited ('graduated: 0 @ 0.10') and each with one cap:
--   'deal'   deal_cap 1,000: the most one credit adds
--   'period' period_cap 2,500: the most the component pays in a quarter
--   'year'   year_cap 6,000: the most the component pays in 2026
INSERT INTO spm.rep (rep_id, name, manager_id, currency) VALUES (20, 'Cora', 2, 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (20, 'Capped');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (200, 20, '[2026-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, deal_cap, period_cap, year_cap) VALUES
    (200, 'deal',   'graduated: 0 @ 0.10', 1000, NULL, NULL),
    (200, 'period', 'graduated: 0 @ 0.10', NULL, 2500, NULL),
    (200, 'year',   'graduated: 0 @ 0.10', NULL, NULL, 6000);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (20, 20, '[2026-01-01,)');
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (2001, 'C-1', 20, '2026-01-10', 10000),     -- 1,000.00: exactly the deal cap
    (2002, 'C-2', 20, '2026-02-10', 10000.10),  -- 1,000.01: one cent over it
    (2003, 'C-3', 20, '2026-03-10', 4999.90),   --   499.99
    (2004, 'C-4', 20, '2026-05-10', 25000.10),  -- 2,500.01
    (2005, 'C-5', 20, '2026-08-10', 10000),     -- 1,000.00
    (2006, 'C-6', 20, '2026-11-10', 5000);      --   500.00

-- Q1: credited 25,000.00, 10% = 2,500.00.
--   deal:   1,000 + min(1,000.01, 1,000) + 499.99 = 2,499.99 (2002 cut by 0.01)
--   period: 2,500.00, exactly the period cap: nothing cut
--   year:   2,500.00 (6,000 left)
SELECT spm.calculate('[2026-01-01,2026-04-01)') AS written;
-- Q2: 2004 is 25,000.10 -> 2,500.01.
--   deal:   1,000.00 (cut 1,500.01)
--   period: 2,500.00, one cent over the cap (cut 0.01)
--   year:   2,500.01 (2,500.00 paid before in 2026; 3,500.00 left)
SELECT spm.calculate('[2026-04-01,2026-07-01)') AS written;
-- Q3: 2005 adds 1,000.00.  year: 5,000.01 paid before, 999.99 left:
--   pays 999.99 (cut 0.01) and reaches the year cap exactly (6,000.00)
SELECT spm.calculate('[2026-07-01,2026-10-01)') AS written;
-- Q4: 2006 adds 500.00.  year: 6,000.00 paid before: pays 0.00 (cut 500)
SELECT spm.calculate('[2026-10-01,2027-01-01)') AS written;
SELECT period, component, amount, period_cut, paid_in_year, year_cut
  FROM lines WHERE rep_id = 20 ORDER BY period, component;
SELECT component, sum(amount) AS paid_in_2026 FROM lines WHERE rep_id = 20 GROUP BY component ORDER BY 1;

-- explain: the deal cap is a row after the credit it cut, the period and
-- year caps a row each; the amount column of a cap row is the cap (for the
-- year cap, what was left of it)
SELECT payout_line_id AS deal_q1 FROM lines WHERE rep_id = 20 AND period = '2026-Q1' AND component = 'deal' \gset
SELECT payout_line_id AS period_q2 FROM lines WHERE rep_id = 20 AND period = '2026-Q2' AND component = 'period' \gset
SELECT payout_line_id AS year_q3 FROM lines WHERE rep_id = 20 AND period = '2026-Q3' AND component = 'year' \gset
SELECT payout_line_id AS year_q4 FROM lines WHERE rep_id = 20 AND period = '2026-Q4' AND component = 'year' \gset
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:deal_q1);
SELECT item, credit_id, amount, commission FROM spm.explain(:period_q2);
SELECT item, credit_id, amount, commission FROM spm.explain(:year_q3);
SELECT item, credit_id, amount, commission FROM spm.explain(:year_q4);
-- what each credit was paid: the deal-capped credit 2002 paid 1,000.00
SELECT pc.credit_id, pc.commission, pc.uncapped
  FROM spm.payout_credit pc WHERE pc.payout_line_id = :deal_q1 ORDER BY 1;

-- rerunning every quarter writes nothing
SELECT spm.calculate('[2026-01-01,2026-04-01)') + spm.calculate('[2026-04-01,2026-07-01)')
       + spm.calculate('[2026-07-01,2026-10-01)') + spm.calculate('[2026-10-01,2027-01-01)') AS written;

-- A clawback of 2002 in a later period takes back what it was paid: on
-- 'deal' 1,000.00 (the capped amount), on 'period' and 'year' 1,000.01.
SELECT spm.approve('[2026-01-01,2026-04-01)') AS approved;
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, kind, reverses) VALUES
    (2007, 'C-2', 20, '2026-11-20', -10000.10, 'clawback', 2002);
SELECT spm.calculate('[2026-10-01,2027-01-01)') AS written;
SELECT period, kind, component, amount FROM lines
 WHERE rep_id = 20 AND period = '2026-Q4' AND kind = 'clawback' ORDER BY component;

-- caps must be finite and not negative
\set VERBOSITY sqlstate
SELECT spm_test.sqlstate($$UPDATE spm.plan_component SET deal_cap = -1 WHERE version_id = 200 AND component = 'deal'$$);
SELECT spm_test.sqlstate($$UPDATE spm.plan_component SET period_cap = 'Infinity' WHERE version_id = 200 AND component = 'period'$$);
SELECT spm_test.sqlstate($$UPDATE spm.plan_component SET year_cap = 'NaN' WHERE version_id = 200 AND component = 'year'$$);
\set VERBOSITY default

-- ==== 2. SPIFFs ===========================================================
-- Sid (21, USD) is on plan 21: 'base' pays 5% of everything credited, and
-- the spiff 'new logo' pays 500 per credit of kind deal of at least 10,000
-- whose deal_ref is like 'NEW-%'.  Q1 2027:
--   2101 NEW-1 deal 10,000      exactly the minimum: 500
--   2102 NEW-2 deal  9,999.99   one cent under: nothing
--   2103 REN-1 deal 20,000      deal_ref does not match: nothing
--   2104 NEW-3 split 15,000     not a deal: nothing
--   2105 NEW-4 deal 12,000      500
--   2106 clawback of 6,000 of 2105 in the same quarter: 500 x -6,000 / 12,000 = -250
--   2107 NEW-5 deal 30,000      500
-- spiff line: 500 + 500 - 250 + 500 = 1,250.00
-- base line: 5% of (10,000 + 9,999.99 + 20,000 + 15,000 + 12,000 - 6,000
--   + 30,000 = 90,999.99) = 4,549.9995 -> 4,550.00; cumulative rounding:
--   then 5,799.9995 -> 5,800.00, so the spiff line is 5,800.00 - 4,550.00 = 1,250.00
INSERT INTO spm.rep (rep_id, name, manager_id, currency) VALUES (21, 'Sid', 2, 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (21, 'With a spiff');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (210, 21, '[2027-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule) VALUES (210, 'base', 'graduated: 0 @ 0.05');
INSERT INTO spm.plan_component (version_id, component, kind, spiff_amount, spiff_min_amount, spiff_kinds, spiff_deal_ref)
VALUES (210, 'new logo', 'spiff', 500, 10000, '{deal}', 'NEW-%');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (21, 21, '[2027-01-01,)');
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, kind, reverses) VALUES
    (2101, 'NEW-1', 21, '2027-01-05', 10000,   'deal',     NULL),
    (2102, 'NEW-2', 21, '2027-01-06', 9999.99, 'deal',     NULL),
    (2103, 'REN-1', 21, '2027-01-07', 20000,   'deal',     NULL),
    (2104, 'NEW-3', 21, '2027-01-08', 15000,   'split',    NULL),
    (2105, 'NEW-4', 21, '2027-02-01', 12000,   'deal',     NULL),
    (2106, 'NEW-4', 21, '2027-03-01', -6000,   'clawback', 2105),
    (2107, 'NEW-5', 21, '2027-03-31', 30000,   'deal',     NULL);
SELECT spm.calculate('[2027-01-01,2027-04-01)') AS written;
SELECT period, kind, component, amount FROM lines WHERE rep_id = 21 ORDER BY payout_line_id;
SELECT payout_line_id AS spiff_q1 FROM lines WHERE rep_id = 21 AND component = 'new logo' \gset
SELECT item, kind, component, schedule, credit_id, amount, commission FROM spm.explain(:spiff_q1);
SELECT inputs - 'fingerprint' AS inputs FROM spm.payout_line WHERE payout_line_id = :spiff_q1;
SELECT spm.calculate('[2027-01-01,2027-04-01)') AS written;

-- Q2: all of 2107 is clawed back after Q1 was approved: 'base' takes back
-- 30,000 x 5% = 1,500.00 and the spiff takes back its 500.00.
SELECT spm.approve('[2027-01-01,2027-04-01)') AS approved;
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, kind, reverses) VALUES
    (2108, 'NEW-5', 21, '2027-04-15', -30000, 'clawback', 2107);
SELECT spm.calculate('[2027-04-01,2027-07-01)') AS written;
SELECT period, kind, component, amount FROM lines WHERE rep_id = 21 AND period = '2027-Q2' ORDER BY component;
SELECT spm.calculate('[2027-04-01,2027-07-01)') AS written;

-- each kind uses its own columns
\set VERBOSITY sqlstate
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind) VALUES (210, 'x', 'spiff')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component) VALUES (210, 'x')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, spiff_amount, schedule) VALUES (210, 'x', 'spiff', 1, 'graduated: 0 @ 0.1')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, schedule, spiff_amount) VALUES (210, 'x', 'graduated: 0 @ 0.1', 1)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, spiff_amount, spiff_kinds) VALUES (210, 'x', 'spiff', 1, '{clawback}')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, spiff_amount, spiff_kinds) VALUES (210, 'x', 'spiff', 1, '{}')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, spiff_amount, deal_cap) VALUES (210, 'x', 'spiff', 1, 100)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, spiff_amount) VALUES (210, 'x', 'spiff', -1)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, schedule) VALUES (210, 'x', 'bonus', 'graduated: 0 @ 0.1')$$);
\set VERBOSITY default

-- ==== 3. manager overrides ================================================
-- Mona (30, JPY) manages Nils (31, USD) and Pia (33, USD, on no plan);
-- Nils manages Omar (32, USD).  Mona's plan 30 has an override 'team',
-- 1% of her subtree's credits up to 10,000,000 yen and 2% above; plan 31
-- (Nils and Omar) pays 10% on 'own' credits and a 5% override 'team'.
-- 1 USD = 1 / 0.0064 = 156.25 JPY.  Q3 2027:
--   3001 Mona  1,000,000 JPY: her own, no override counts it
--   3101 Nils 20,000 USD: Nils own 2,000.00; Mona 3,125,000 JPY
--   3201 Omar 30,000 USD: Omar own 3,000.00; Nils team 1,500.00; Mona 4,687,500 JPY
--   3301 Pia  16,000 USD: Mona 2,500,000 JPY
-- Mona: 10,312,500 JPY: 10,000,000 x 1% + 312,500 x 2% = 106,250 JPY;
--   per credit 31,250, 46,875, then 2,187,500 x 1% + 312,500 x 2% = 28,125.
-- Omar manages nobody: his override writes no line.
INSERT INTO spm.rep (rep_id, name, manager_id, currency) VALUES
    (30, 'Mona', NULL, 'JPY'),
    (31, 'Nils', 30, 'USD'),
    (32, 'Omar', 31, 'USD'),
    (33, 'Pia', 30, 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (30, 'Director'), (31, 'Manager');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES
    (300, 30, '[2027-07-01,)'),
    (310, 31, '[2027-07-01,)');
INSERT INTO spm.plan_component (version_id, component, kind, schedule) VALUES
    (300, 'team', 'override', 'graduated: 0 @ 0.01, 10000000 @ 0.02'),
    (310, 'own', 'commission', 'graduated: 0 @ 0.10'),
    (310, 'team', 'override', 'graduated: 0 @ 0.05');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES
    (30, 30, '[2027-07-01,)'),
    (31, 31, '[2027-07-01,)'),
    (32, 31, '[2027-07-01,)');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES
    (3001, 30, '2027-07-05', 1000000),
    (3101, 31, '2027-07-10', 20000),
    (3201, 32, '2027-08-10', 30000),
    (3301, 33, '2027-09-10', 16000);
SELECT spm.calculate('[2027-07-01,2027-10-01)') AS written;
SELECT l.rep_id, l.component, l.amount, p.currency
  FROM lines l JOIN spm.payout_line p USING (payout_line_id)
 WHERE l.period = '2027-Q3' ORDER BY l.rep_id, l.component;
SELECT payout_line_id AS mona_q3 FROM lines WHERE rep_id = 30 AND period = '2027-Q3' \gset
SELECT item, credit_id, original_amount, original_currency, fx_rate, amount, band_from, band_rate, commission
  FROM spm.explain(:mona_q3);
SELECT spm.calculate('[2027-07-01,2027-10-01)') AS written;
-- a rep's statement counts the rep's own lines: Omar's 3201 earned him
-- 3,000.00, not also Nils's 1,500.00 and Mona's 46,875 yen of override
SELECT rep_id, credit_id, commission FROM spm.commission_statement
 WHERE credit_id IN (3101, 3201) ORDER BY credit_id;

-- Q4: all of Omar's 3201 is clawed back after Q3 is approved: Omar gives
-- back 3,000.00, Nils 1,500.00 and Mona the 46,875 yen it added.
SELECT spm.approve('[2027-07-01,2027-10-01)') AS approved;
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES
    (3202, 32, '2027-10-20', -30000, 'clawback', 3201);
SELECT spm.calculate('[2027-10-01,2028-01-01)') AS written;
SELECT rep_id, kind, component, amount FROM lines WHERE period = '2027-Q4' ORDER BY rep_id, component;

\set VERBOSITY sqlstate
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, schedule, basis) VALUES (300, 'x', 'override', 'graduated: 0 @ 0.1', 'attainment')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind) VALUES (300, 'x', 'override')$$);
\set VERBOSITY default

-- ==== 4. proration by days ===============================================
-- Q1 2028 has 31 + 29 + 31 = 91 days.  Quin (40, USD, quota 91,000) is on
-- plan 40, whose version 401 starts on the period's last day, 2028-03-31;
-- Rhea (41, USD, quota 91,000) on plan 41, whose version 411 starts on its
-- first day, 2028-01-01.  Every version pays 'attain', graduated 5% up to
-- 100% of quota and 10% above.
--   Quin, v400 (90 days): quota 91,000 x 90 / 91 = 90,000; credit 4001
--     100,000: 90,000 x 5% + 10,000 x 10% = 4,500 + 1,000 = 5,500.00
--   Quin, v401 (1 day): quota 91,000 x 1 / 91 = 1,000; credit 4002 on
--     2028-03-31, 2,000: 1,000 x 5% + 1,000 x 10% = 150.00
--   Rhea, v411 (all 91 days): quota 91,000, not prorated; credit 4101 on
--     2028-01-01, 91,000, exactly 100%: 91,000 x 5% = 4,550.00
INSERT INTO spm.rep (rep_id, name, currency) VALUES (40, 'Quin', 'USD'), (41, 'Rhea', 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (40, 'Changes on the last day'), (41, 'Changes on the first day');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES
    (400, 40, '[2027-10-01,2028-03-31)'),
    (401, 40, '[2028-03-31,)'),
    (410, 41, '[2027-10-01,2028-01-01)'),
    (411, 41, '[2028-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis)
SELECT v, 'attain', 'graduated: 0 @ 0.05, 1 @ 0.10', 'attainment' FROM unnest('{400,401,410,411}'::bigint[]) v;
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (40, 40, '[2027-10-01,)'), (41, 41, '[2027-10-01,)');
INSERT INTO spm.quota (rep_id, period, amount) VALUES
    (40, '[2028-01-01,2028-04-01)', 91000),
    (41, '[2028-01-01,2028-04-01)', 91000);
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES
    (4001, 40, '2028-02-01', 100000),
    (4002, 40, '2028-03-31', 2000),
    (4101, 41, '2028-01-01', 91000);
SELECT spm.calculate('[2028-01-01,2028-04-01)') AS written;
SELECT l.rep_id, l.version_id, l.amount, l.inputs ->> 'quota' AS quota,
       l.inputs ->> 'quota_prorated_from' AS prorated_from, l.inputs ->> 'days_in_force' AS days
  FROM spm.payout_line l WHERE l.period = '[2028-01-01,2028-04-01)' ORDER BY l.rep_id, l.version_id;
SELECT payout_line_id AS quin_v400 FROM spm.payout_line WHERE rep_id = 40 AND version_id = 400 \gset
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:quin_v400);
SELECT spm.calculate('[2028-01-01,2028-04-01)') AS written;

-- ==== 5. multi-measure plans: weights and an on-target incentive =========
-- Sage (42, USD) has an on-target incentive of 10,000 a quarter: 60% on
-- revenue and 40% on units, each paying a share of it by the pay curve
-- 'interpolated: 0 @ 0, 1 @ 1, 1.5 @ 2' (threshold @ value: attainment 0
-- pays 0, 100% pays 1, 150% pays 2, linear between, and the last slope, 2,
-- continues above).  Q2 2028 quotas: revenue 200,000, 50 units.
--   revenue: 150,000 (0.75) then 100,000 (1.25): curve 1 + 0.25 x 2 = 1.5
--     10,000 x 0.6 x 1.5 = 9,000.00; per credit 6,000 x 0.75 = 4,500 and
--     6,000 x (1.5 - 0.75) = 4,500.  explain shows the curve's segments in
--     money per unit credited (x 6,000): [0,200000) at 6,000 x 1 / 200,000
--     = 0.03, [200000,300000) at 6,000 x 1 / 100,000 = 0.06: 4201 150,000
--     x 0.03 = 4,500; 4202 50,000 x 0.03 = 1,500 and 50,000 x 0.06 = 3,000
--   units: 40 (0.8) then 45 (85 / 50 = 1.7): curve 1 + 0.7 x 2 = 2.4
--     10,000 x 0.4 x 2.4 = 9,600.00; per credit 4,000 x 0.8 = 3,200 and
--     4,000 x (2.4 - 0.8) = 6,400.  Segments (x 4,000): [0,50) at 4,000 /
--     50 = 80 a unit, [50,75) and beyond 75 at 4,000 x 1 / 25 = 160: 4203
--     40 x 80 = 3,200; 4204 10 x 80 = 800, 25 x 160 = 4,000, 10 x 160 = 1,600
-- Tao (43, USD) is on plan 43 (on-target incentive 9,100 on revenue,
-- weight NULL = 1, quota 91,000) from 2028-05-01: 61 of the quarter's 91
-- days, so both are prorated: 9,100 x 61/91 = 6,100 and 91,000 x 61/91 =
-- 61,000; 61,000 credited is 100%: 6,100.00.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (42, 'Sage', 'USD'), (43, 'Tao', 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (42, 'Two measures'), (43, 'On-target');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (420, 42, '[2028-04-01,)'), (430, 43, '[2028-04-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis, measure, weight, target_incentive) VALUES
    (420, 'revenue', 'interpolated: 0 @ 0, 1 @ 1, 1.5 @ 2', 'attainment', 'revenue', 0.6, 10000),
    (420, 'units',   'interpolated: 0 @ 0, 1 @ 1, 1.5 @ 2', 'attainment', 'units',   0.4, 10000),
    (430, 'revenue', 'interpolated: 0 @ 0, 1 @ 1, 1.5 @ 2', 'attainment', 'revenue', NULL, 9100);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (42, 42, '[2028-04-01,)'), (43, 43, '[2028-05-01,)');
INSERT INTO spm.quota (rep_id, period, amount, measure) VALUES
    (42, '[2028-04-01,2028-07-01)', 200000, 'revenue'),
    (42, '[2028-04-01,2028-07-01)', 50, 'units'),
    (43, '[2028-04-01,2028-07-01)', 91000, 'revenue');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, measure) VALUES
    (4201, 42, '2028-04-10', 150000, 'revenue'),
    (4202, 42, '2028-05-10', 100000, 'revenue'),
    (4203, 42, '2028-04-11', 40, 'units'),
    (4204, 42, '2028-06-11', 45, 'units'),
    (4301, 43, '2028-05-01', 61000, 'revenue');
SELECT spm.calculate('[2028-04-01,2028-07-01)') AS written;
SELECT l.rep_id, l.component, l.amount, l.inputs ->> 'quota' AS quota, l.inputs ->> 'credited' AS credited,
       l.inputs ->> 'target_incentive' AS target_incentive, l.inputs ->> 'weight' AS weight
  FROM spm.payout_line l WHERE l.period = '[2028-04-01,2028-07-01)' ORDER BY l.rep_id, l.component;
SELECT e.credit_id, e.amount, e.band_from, e.band_to, e.band_rate, e.commission
  FROM spm.payout_line l CROSS JOIN LATERAL spm.explain(l.payout_line_id) WITH ORDINALITY e
 WHERE l.rep_id = 42 AND l.period = '[2028-04-01,2028-07-01)' ORDER BY l.component, e.ordinality;
SELECT spm.calculate('[2028-04-01,2028-07-01)') AS written;

-- Tia (46, USD): an on-target incentive of 10,000 on a graduated schedule
-- on attainment, 50% of the incentive per 100% of attainment up to the
-- quota and 100% above: the share is rate x attainment, not rate x money.
-- Quota 30,000.  4601 10,000: share 0.5 x 1/3 = 1/6, carried to 20
-- places 0.16666666666666666667: 1,666.6666666666666667.  4602 25,000 to
-- 35,000: share 0.5 + 5,000 / 30,000 = 2/3 (0.66666666666666666667), so
-- it adds 0.5 x 10,000 = 5,000.  Line 6,666.6666666666666667 -> 6,666.67.
-- explain divides the bands by the quota: rates 0.5 x 10,000 / 30,000 =
-- 0.16666666666666666667 and 1 x 10,000 / 30,000 = 0.33333333333333333333.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (46, 'Tia', 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (46, 'On-target, graduated');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (460, 46, '[2028-04-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis, target_incentive) VALUES
    (460, 'share', 'graduated: 0 @ 0.5, 1 @ 1', 'attainment', 10000);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (46, 46, '[2028-04-01,)');
INSERT INTO spm.quota (rep_id, period, amount) VALUES (46, '[2028-04-01,2028-07-01)', 30000);
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES
    (4601, 46, '2028-04-10', 10000), (4602, 46, '2028-05-10', 25000);
SELECT spm.calculate('[2028-04-01,2028-07-01)') AS written;
SELECT payout_line_id AS tia_q2, amount FROM spm.payout_line WHERE rep_id = 46 \gset
SELECT :amount AS tia_q2_amount;
SELECT credit_id, commission FROM spm.payout_credit WHERE payout_line_id = :tia_q2 ORDER BY position;
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:tia_q2);
SELECT sum(commission) AS explained FROM spm.explain(:tia_q2);
-- Teo (47, USD): the same incentive, 50% of it per 100% of a 30,000
-- quota, and three credits of 10,000: shares 1/6, 1/3, 1/2 carried to 20
-- places, so the credits add 1,666.6666666666666667, 1,666.6666666666666666
-- (0.33333333333333333333 - 0.16666666666666666667 = 0.16666666666666666666)
-- and 1,666.6666666666666667: 5,000.00 in all.  explain's band row of the
-- second credit is 10,000 x 0.5 x 10,000 / 30,000 = 1,666.6666666666666667:
-- a 'share rounding' row of -0.0000000000000001 takes it to the ledger's.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (47, 'Teo', 'USD');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (47, 46, '[2028-04-01,)');
INSERT INTO spm.quota (rep_id, period, amount) VALUES (47, '[2028-04-01,2028-07-01)', 30000);
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES
    (4701, 47, '2028-04-10', 10000), (4702, 47, '2028-05-10', 10000), (4703, 47, '2028-06-10', 10000);
SELECT spm.calculate('[2028-04-01,2028-07-01)') AS written;
SELECT payout_line_id AS teo_q2 FROM spm.payout_line WHERE rep_id = 47 \gset
SELECT item, credit_id, band_rate, commission FROM spm.explain(:teo_q2);
SELECT sum(commission) AS explained FROM spm.explain(:teo_q2);

\set VERBOSITY sqlstate
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, schedule, target_incentive) VALUES (420, 'x', 'graduated: 0 @ 0.1', 100)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, schedule, basis, weight) VALUES (420, 'x', 'graduated: 0 @ 0.1', 'attainment', 0.5)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, schedule, basis, weight, target_incentive) VALUES (420, 'x', 'graduated: 0 @ 0.1', 'attainment', 0, 100)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, schedule, basis, target_incentive) VALUES (420, 'x', 'graduated: 0 @ 0.1', 'attainment', 'Infinity')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, measure) VALUES (4299, 42, '2028-04-10', 1, '')$$);
\set VERBOSITY default

-- ==== 6. draws ============================================================
-- Ugo (44, USD) is on plan 44 from 2029: 'base' 10% of what is credited and
-- 'draw', a recoverable draw of 3,000 a quarter, paid for quarters starting
-- on or before 2029-09-30, recovered from Q3 2029 on, at most 1,500 a
-- quarter.  line = max(0, draw - earned) - recovered, recovered =
-- min(balance, max(0, earned - draw), 1,500) once recovery has started.
--   Q1: earned 1,000 (10,000): top-up 2,000, no recovery yet: line 2,000.00, balance 2,000
--   Q2: earned 5,000 (50,000): no top-up, no recovery yet: line 0.00, balance 2,000
--   Q3: earned 6,000 (60,000): recovered min(2,000, 3,000, 1,500) = 1,500:
--       line -1,500.00, balance 500
--   Q4: the draw has ended (0); earned 200 (2,000): recovered min(500, 200) = 200:
--       line -200.00, balance 300
-- Vi (45, USD) is on plan 45 from 2029-02-15 with a non-recoverable draw of
-- 3,000 and 'base' 10%.  Q1 2029 has 31 + 28 + 31 = 90 days, Vi is on the
-- plan for 14 + 31 = 45 of them: draw 3,000 x 45 / 90 = 1,500; earned 1,000
-- (10,000): line 500.00.  Q2: earned 5,000: line 0.00, nothing recovered.
-- Q3 and Q4: nothing earned: 3,000.00 each.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (44, 'Ugo', 'USD'), (45, 'Vi', 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (44, 'Recoverable draw'), (45, 'Guarantee');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (440, 44, '[2029-01-01,)'), (450, 45, '[2029-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule) VALUES
    (440, 'base', 'graduated: 0 @ 0.10'),
    (450, 'base', 'graduated: 0 @ 0.10');
INSERT INTO spm.plan_component (version_id, component, kind, draw_amount, draw_recoverable,
                                draw_recovery_from, draw_until, draw_recovery_limit) VALUES
    (440, 'draw', 'draw', 3000, true, '2029-07-01', '2029-09-30', 1500),
    (450, 'draw', 'draw', 3000, false, NULL, NULL, NULL);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (44, 44, '[2029-01-01,)'), (45, 45, '[2029-02-15,)');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES
    (4401, 44, '2029-02-01', 10000),
    (4402, 44, '2029-05-01', 50000),
    (4403, 44, '2029-08-01', 60000),
    (4404, 44, '2029-11-01', 2000),
    (4501, 45, '2029-03-01', 10000),
    (4502, 45, '2029-05-01', 50000);
SELECT spm.calculate('[2029-01-01,2029-04-01)') + spm.calculate('[2029-04-01,2029-07-01)')
       + spm.calculate('[2029-07-01,2029-10-01)') + spm.calculate('[2029-10-01,2030-01-01)') AS written;
SELECT spm.period_label(l.period) AS period, l.rep_id, l.amount,
       l.inputs ->> 'draw' AS draw, l.inputs ->> 'earned' AS earned, l.inputs ->> 'recovered' AS recovered,
       l.inputs ->> 'balance' AS balance
  FROM spm.payout_line l WHERE l.component = 'draw' AND l.rep_id IN (44, 45) ORDER BY l.rep_id, l.period;
SELECT payout_line_id AS ugo_q3 FROM spm.payout_line
 WHERE rep_id = 44 AND component = 'draw' AND period = '[2029-07-01,2029-10-01)' \gset
SELECT item, amount, commission FROM spm.explain(:ugo_q3);
SELECT spm.calculate('[2029-01-01,2029-04-01)') + spm.calculate('[2029-04-01,2029-07-01)')
       + spm.calculate('[2029-07-01,2029-10-01)') + spm.calculate('[2029-10-01,2030-01-01)') AS written;

\set VERBOSITY sqlstate
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, draw_amount) VALUES (440, 'x', 'draw', 100)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, draw_amount, draw_recoverable, period_cap) VALUES (440, 'x', 'draw', 100, true, 5)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, schedule, draw_until) VALUES (440, 'x', 'graduated: 0 @ 0.1', '2029-01-01')$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, draw_amount, draw_recoverable) VALUES (440, 'x', 'draw', -1, true)$$);
SELECT spm_test.sqlstate($$INSERT INTO spm.plan_component (version_id, component, kind, draw_amount, draw_recoverable, draw_recovery_limit) VALUES (440, 'x', 'draw', 1, true, 'NaN')$$);
\set VERBOSITY default

-- ==== every line is explained exactly =====================================
SELECT * FROM unexplained;
