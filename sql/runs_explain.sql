--
-- runs_explain: spm.explain band by band in every schedule mode
-- (src/runs/runs.sql, doc/runs.md "Explain, band by band").  Each plan is
-- small enough to work out by hand; the arithmetic is in the comments (and
-- was checked with Python's fractions).  A credit moves the line's running
-- total from prior to prior + amount; its rows split what it adds before
-- the deal cap, target_incentive x weight x (C(prior + amount) - C(prior)).
--
\set VERBOSITY default
\i test/fixtures/org.sql

-- A rep's rows, in explain's order, without the columns every row of a
-- line repeats.
CREATE TEMP VIEW rows_of AS
SELECT l.rep_id, e.item, e.credit_id, e.amount, e.band_from, e.band_to, e.band_rate, e.commission
  FROM spm.payout_line l CROSS JOIN LATERAL spm.explain(l.payout_line_id) WITH ORDINALITY e
 ORDER BY l.payout_line_id, e.ordinality;

-- Q1 2030 for everyone below: [2030-01-01, 2030-04-01).
INSERT INTO spm.rep (rep_id, name, currency) VALUES
    (61, 'Gail', 'USD'), (62, 'Hal', 'USD'), (63, 'Ida', 'USD'), (64, 'Jon', 'USD'),
    (65, 'Kai', 'USD'), (66, 'Lev', 'USD'), (67, 'Mia', 'USD');
INSERT INTO spm.plan (plan_id, name)
SELECT p, 'explain ' || p FROM generate_series(61, 67) p;
INSERT INTO spm.plan_version (version_id, plan_id, valid)
SELECT 10 * p, p, '[2030-01-01,)' FROM generate_series(61, 67) p;
INSERT INTO spm.assignment (rep_id, plan_id, valid)
SELECT p, p, '[2030-01-01,)' FROM generate_series(61, 67) p;

-- ==== 1. graduated with a cap and a gate ==================================
-- Gail: 'graduated: 0 @ 0.05, 20000 @ 0.10; cap 3000; gate 10000' on
-- credited amount.  F (the bands alone) = 0.05 b below 20,000, then
-- 1,000 + 0.10 (b - 20,000); C = 0 below the gate, else least(F, 3,000).
--   6101  6,000:  0 -> 6,000   [0,20000) 6,000 x 0.05 = 300; gate -300
--                 (6,000 is below the gate): 0
--   6102  9,000:  6,000 -> 15,000   [0,20000) 450; gate +300 (the total
--                 reaches the gate: the first 6,000's 300 is paid): 750
--   6103 15,000:  15,000 -> 30,000  [0,20000) 5,000 x 0.05 = 250,
--                 [20000,) 10,000 x 0.10 = 1,000: 1,250
--   6104 30,000:  30,000 -> 60,000  [20000,) 3,000; F(60,000) = 5,000 is
--                 2,000 over the cap: schedule cap -2,000: 1,000
--   6105 -25,000 (clawback of 6104): 60,000 -> 35,000  [20000,) -2,500;
--                 back under the cap (F(35,000) = 2,500): +2,000: -500
-- Line: 0 + 750 + 1,250 + 1,000 - 500 = 2,500.00 = C(35,000)
INSERT INTO spm.plan_component (version_id, component, schedule)
VALUES (610, 'gated', 'graduated: 0 @ 0.05, 20000 @ 0.10; cap 3000; gate 10000');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES
    (6101, 61, '2030-01-05', 6000, 'deal', NULL),
    (6102, 61, '2030-01-10', 9000, 'deal', NULL),
    (6103, 61, '2030-01-20', 15000, 'deal', NULL),
    (6104, 61, '2030-02-01', 30000, 'deal', NULL),
    (6105, 61, '2030-02-10', -25000, 'clawback', 6104);

-- ==== 2. graduated, a running total below 0 ================================
-- Hal: 'graduated: 0 @ 0.10, 10000 @ 0.20'.  6201 (8,000) is dated in
-- 2029, a period never calculated; its clawback 6202 in Q1 2030 takes the
-- total below 0, where the first band's rate applies:
--   6202 -8,000:  0 -> -8,000   [0,10000) -8,000 x 0.10 = -800
--   6203 15,000:  -8,000 -> 7,000   [0,10000) 15,000 x 0.10 = 1,500
--   6204  5,000:  7,000 -> 12,000   [0,10000) 300, [10000,) 2,000 x 0.20 = 400: 700
-- Line: -800 + 1,500 + 700 = 1,400.00 = 10,000 x 0.10 + 2,000 x 0.20
INSERT INTO spm.plan_component (version_id, component, schedule)
VALUES (620, 'base', 'graduated: 0 @ 0.10, 10000 @ 0.20');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES
    (6201, 62, '2029-12-15', 8000, 'deal', NULL),
    (6202, 62, '2030-01-10', -8000, 'clawback', 6201),
    (6203, 62, '2030-02-10', 15000, 'deal', NULL),
    (6204, 62, '2030-02-20', 5000, 'deal', NULL);

-- ==== 3. retroactive =======================================================
-- Ida: 'retroactive: 0 @ 0.05, 50000 @ 0.08, 100000 @ 0.10': the whole
-- total at the rate of the band it reaches, F(b) = rate(b) x b.
--   6301 30,000:  0 -> 30,000   [0,50000) 30,000 x 0.05 = 1,500
--   6302 10,000:  30,000 -> 40,000   stays in the band: 500
--   6303 20,000:  40,000 -> 60,000   into [50000,100000): its own
--                 20,000 x 0.08 = 1,600, and the 40,000 before it re-priced
--                 from 5% to 8%: 40,000 x 0.03 = 1,200: 2,800
--                 (= 60,000 x 0.08 - 40,000 x 0.05 = 4,800 - 2,000)
--   6304      0:  adds nothing: one row of 0
--   6305 50,000:  60,000 -> 110,000  into [100000,): 50,000 x 0.10 = 5,000,
--                 re-priced 60,000 x (0.10 - 0.08) = 1,200: 6,200
--                 (= 11,000 - 4,800)
--   6306 -15,000 (clawback of 6305): 110,000 -> 95,000, back into
--                 [50000,100000): -15,000 x 0.08 = -1,200, re-priced
--                 110,000 x (0.08 - 0.10) = -2,200: -3,400 (= 7,600 - 11,000)
-- Line: 1,500 + 500 + 2,800 + 0 + 6,200 - 3,400 = 7,600.00 = 95,000 x 0.08
INSERT INTO spm.plan_component (version_id, component, schedule)
VALUES (630, 'retro', 'retroactive: 0 @ 0.05, 50000 @ 0.08, 100000 @ 0.10');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES
    (6301, 63, '2030-01-05', 30000, 'deal', NULL),
    (6302, 63, '2030-01-10', 10000, 'deal', NULL),
    (6303, 63, '2030-01-20', 20000, 'deal', NULL),
    (6304, 63, '2030-01-25', 0, 'deal', NULL),
    (6305, 63, '2030-02-01', 50000, 'deal', NULL),
    (6306, 63, '2030-02-10', -15000, 'clawback', 6305);

-- ==== 4. retroactive on attainment, gate, cap and deal cap =================
-- Jon: 'retroactive: 0 @ 0.04, 1 @ 0.06; cap 7000; gate 0.5' on attainment
-- of a quota of 100,000 (in money: the band from 100,000, the gate at
-- 50,000), deal cap 4,000.
--   6401 40,000:  0 -> 40,000   [0,100000) 40,000 x 0.04 = 1,600; gate
--                 -1,600 (below 50,000): 0
--   6402 30,000:  40,000 -> 70,000   1,200; gate +1,600: 2,800 (= 70,000 x 0.04)
--   6403 50,000:  70,000 -> 120,000  into [100000,): 50,000 x 0.06 = 3,000,
--                 re-priced 70,000 x 0.02 = 1,400; F(120,000) = 7,200 is 200
--                 over the cap: -200: 4,200 (= 7,000 - 2,800); the deal cap
--                 takes it to 4,000: -200
-- Line: 0 + 2,800 + 4,000 = 6,800.00
INSERT INTO spm.plan_component (version_id, component, schedule, basis, deal_cap)
VALUES (640, 'attain', 'retroactive: 0 @ 0.04, 1 @ 0.06; cap 7000; gate 0.5', 'attainment', 4000);
INSERT INTO spm.quota (rep_id, period, amount) VALUES (64, '[2030-01-01,2030-04-01)', 100000);
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES
    (6401, 64, '2030-01-05', 40000),
    (6402, 64, '2030-01-10', 30000),
    (6403, 64, '2030-01-20', 50000);

-- ==== 5. the published pay curve ============================================
-- Oracle Incentive Compensation's "interpolated rates": tier amounts 10, 40,
-- 100 and 2,000 on the tiers 0-1,000, 1,000-3,000, 3,000-8,000 and
-- 8,000-20,000, as cumulative points 'interpolated: 0 @ 0, 1000 @ 10,
-- 3000 @ 50, 8000 @ 150, 20000 @ 2150' (as in sql/pay_curves.sql).  Kai's
-- one credit of 20,000 pays exactly 2,150, segment by segment the tier
-- amounts: slopes 10/1,000 = 0.01, 40/2,000 = 0.02, 100/5,000 = 0.02 and
-- 2,000/12,000 = 1/6 (0.16666666666666666667 to 20 places).
--   6501 20,000:  [0,1000) 10, [1000,3000) 40, [3000,8000) 100,
--                 [8000,20000) 2,000: 2,150
INSERT INTO spm.plan_component (version_id, component, schedule)
VALUES (650, 'curve', 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (6501, 65, '2030-02-01', 20000);

-- ==== 6. the pay curve with a cap, beyond its last point and back =========
-- Lev: the same curve with 'cap 2500'.
--   6601    600:  0 -> 600         [0,1000) 600 x 0.01 = 6
--   6602    900:  600 -> 1,500     [0,1000) 4, [1000,3000) 500 x 0.02 = 10: 14
--   6603  2,500:  1,500 -> 4,000   [1000,3000) 30, [3000,8000) 20: 50
--   6604 16,000:  4,000 -> 20,000  [3000,8000) 80, [8000,20000) 2,000: 2,080
--   6605  6,000:  20,000 -> 26,000 beyond the last point, the last slope:
--                 [20000,) 6,000 / 6 = 1,000; F(26,000) = 3,150 is 650 over
--                 the cap: -650: 350
--   6606 -10,000 (clawback of 6604): 26,000 -> 16,000.  F(16,000) = 150 +
--                 8,000 x 2,000 / 12,000 = 1,483 1/3, rounded to 20 places
--                 as the ledger does: 1483.33333333333333333333.
--                 [8000,20000) -(2,150 - 1,483.33333333333333333333)
--                 = -666.66666666666666666667, [20000,) -1,000; back
--                 under the cap: +650: -1,016.66666666666666666667.
--                 (4,000 x 0.16666666666666666667 would be
--                 666.66666666666666666668: a row of a segment whose slope
--                 does not terminate is the curve's own increment, not
--                 amount x the rounded slope, so that the rows add up.)
-- Line: 6 + 14 + 50 + 2,080 + 350 - 1,016.66666666666666666667
--   = 1,483.33333333333333333333 -> 1,483.33 (rounding -0.00333333333333333333)
INSERT INTO spm.plan_component (version_id, component, schedule)
VALUES (660, 'curve', 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150; cap 2500');
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount, kind, reverses) VALUES
    (6601, 66, '2030-01-05', 600, 'deal', NULL),
    (6602, 66, '2030-01-10', 900, 'deal', NULL),
    (6603, 66, '2030-01-20', 2500, 'deal', NULL),
    (6604, 66, '2030-02-01', 16000, 'deal', NULL),
    (6605, 66, '2030-02-10', 6000, 'deal', NULL),
    (6606, 66, '2030-03-01', -10000, 'clawback', 6604);

-- ==== 7. a pay curve on attainment with an on-target incentive ============
-- Mia: 'interpolated: 0 @ 0, 1 @ 1, 1.5 @ 2; gate 0.5' on attainment of
-- a quota of 200,000 (points in money 0, 200,000, 300,000; gate 100,000),
-- target_incentive 10,000, weight 0.6: every row x 6,000, so a segment's
-- rate is money per unit credited: 6,000 x 1 / 200,000 = 0.03, then
-- 6,000 x 1 / 100,000 = 0.06 (also beyond 300,000).  Deal cap 5,000.
--   6701  80,000:  0 -> 80,000   [0,200000) 80,000 x 0.03 = 2,400; gate -2,400: 0
--   6702 100,000:  80,000 -> 180,000  [0,200000) 3,000; gate +2,400: 5,400
--                  (= 6,000 x 0.9); deal cap -400: 5,000
--   6703  70,000:  180,000 -> 250,000  [0,200000) 20,000 x 0.03 = 600,
--                  [200000,300000) 50,000 x 0.06 = 3,000: 3,600 (= 6,000 x (1.5 - 0.9))
--   6704  60,000:  250,000 -> 310,000  [200000,300000) 3,000, [300000,)
--                  10,000 x 0.06 = 600: 3,600 (= 6,000 x (2.1 - 1.5))
-- Line: 0 + 5,000 + 3,600 + 3,600 = 12,200.00
INSERT INTO spm.plan_component (version_id, component, schedule, basis, target_incentive, weight, deal_cap)
VALUES (670, 'revenue', 'interpolated: 0 @ 0, 1 @ 1, 1.5 @ 2; gate 0.5', 'attainment', 10000, 0.6, 5000);
INSERT INTO spm.quota (rep_id, period, amount) VALUES (67, '[2030-01-01,2030-04-01)', 200000);
INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES
    (6701, 67, '2030-01-05', 80000),
    (6702, 67, '2030-01-10', 100000),
    (6703, 67, '2030-01-20', 70000),
    (6704, 67, '2030-02-01', 60000);

SELECT spm.calculate('[2030-01-01,2030-04-01)') AS written;
SELECT rep_id, component, amount FROM spm.payout_line ORDER BY rep_id;

SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM rows_of WHERE rep_id = 61;
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM rows_of WHERE rep_id = 62;
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM rows_of WHERE rep_id = 63;
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM rows_of WHERE rep_id = 64;
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM rows_of WHERE rep_id = 65;
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM rows_of WHERE rep_id = 66;
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM rows_of WHERE rep_id = 67;
-- the first row of a credit carries the schedule and the credit's
-- original amount; re-priced, gate and cap rows do not
SELECT item, credit_id, schedule, original_amount, original_currency, fx_rate, amount
  FROM spm.explain((SELECT payout_line_id FROM spm.payout_line WHERE rep_id = 64));

-- ==== the fixture's Q4 2025 too (graduated, attainment, JPY, EUR) =========
SELECT spm.calculate('[2025-10-01,2026-01-01)') AS written;

-- ==== a line the schedule does not explain ==================================
-- A line written by hand whose credit's commission is not what its
-- schedule gives (10% of 100 is 10, not 9, cut to 7 by a deal cap): the
-- credit gets one row with the recorded commission before the deal cap,
-- and no bands, then its deal cap row.
INSERT INTO spm.pay_run (period, calculated_at) VALUES ('[2031-01-01,2031-04-01)', now());
INSERT INTO spm.payout_line (rep_id, period, amount, currency, component, inputs)
VALUES (61, '[2031-01-01,2031-04-01)', 7.00, 'USD', 'by hand',
        '{"basis": "amount", "schedule": "graduated: 0 @ 0.10", "deal_cap": 7, "commission": 7}');
INSERT INTO spm.payout_detail (payout_line_id, rep_id, credit_ids, credited_on, amounts, commissions, uncapped)
SELECT payout_line_id, rep_id, '{6190}', '{2031-01-10}', '{100}', '{7}', '{9}'
  FROM spm.payout_line WHERE component = 'by hand';
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission
  FROM rows_of WHERE rep_id = 61 AND credit_id = 6190;

-- no line, no rows
SELECT count(*) AS no_line FROM spm.explain(NULL);
SELECT count(*) AS unknown_line FROM spm.explain(-1);

-- ==== every line adds up ===================================================
-- For every line of the ledger, the rows add up to the line's amount, with
-- one rounding row.
SELECT l.payout_line_id, l.rep_id, l.amount, e.total
  FROM spm.payout_line l
  CROSS JOIN LATERAL (SELECT sum(commission) AS total, count(*) FILTER (WHERE item = 'rounding') AS r
                        FROM spm.explain(l.payout_line_id)) e
 WHERE e.total IS DISTINCT FROM l.amount OR (l.kind <> 'reversal' AND e.r <> 1);
-- For every credit of every line, its rows but the deal cap add up to what
-- it added before the deal cap, and with the deal cap to what it added.
SELECT pc.payout_line_id, pc.credit_id, pc.commission, pc.uncapped, e.before_cap, e.after_cap
  FROM spm.payout_credit pc
  CROSS JOIN LATERAL (SELECT sum(x.commission) FILTER (WHERE x.item <> 'deal cap') AS before_cap,
                             sum(x.commission) AS after_cap
                        FROM spm.explain(pc.payout_line_id) x WHERE x.credit_id = pc.credit_id) e
 WHERE e.before_cap IS DISTINCT FROM coalesce(pc.uncapped, pc.commission)
    OR e.after_cap IS DISTINCT FROM pc.commission;
-- Every credit of a line with a schedule is explained band by band, but the
-- credit of 0 and the line written by hand.
SELECT l.rep_id, pc.credit_id
  FROM spm.payout_credit pc JOIN spm.payout_line l USING (payout_line_id)
 WHERE l.inputs ->> 'schedule' IS NOT NULL
   AND NOT EXISTS (SELECT FROM spm.explain(pc.payout_line_id) x
                    WHERE x.credit_id = pc.credit_id AND x.band_rate IS NOT NULL)
 ORDER BY 2;
SELECT count(*) AS lines_checked, count(DISTINCT rep_id) AS reps FROM spm.payout_line;
