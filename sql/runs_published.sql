--
-- runs_published: published worked examples of draws, clawbacks,
-- overrides, accelerators and ramps, run through the period close
-- (spm.calculate, spm.approve, spm.lock_period, spm.mark_paid) and
-- checked to the cent against the figures their sources print.
--
-- Each example names its source (address and title), restates its inputs
-- and its published figures, and says which numbers are ours: where a
-- source gives only a commission, the deal amount and rate that earn it
-- are chosen here (and said so); where spm's documented semantics differ
-- from the source's, the comment says how, and the test shows both.
-- Every line's spm.explain adds up to it (the view unexplained below,
-- empty at the end).  Each example's people are on their plan only for
-- the example's own periods: a draw writes a line in every period its
-- rep is on the plan, and pay runs are the whole organisation's.
--
\set VERBOSITY default
\i test/fixtures/org.sql

-- The lines of the examples' people (the fixture's people have no
-- credits in these years and write none).
CREATE TEMP VIEW lines AS
SELECT l.payout_line_id, l.rep_id, r.name, spm.period_label(l.period) AS period, l.kind, l.component,
       l.amount, l.status
  FROM spm.payout_line l JOIN spm.rep r USING (rep_id)
 WHERE l.rep_id >= 500;
-- Lines whose spm.explain does not add up exactly to the line (must stay empty).
CREATE TEMP VIEW unexplained AS
SELECT l.payout_line_id, l.kind, l.amount, e.total
  FROM spm.payout_line l
  CROSS JOIN LATERAL (SELECT sum(commission) AS total FROM spm.explain(l.payout_line_id)) e
 WHERE e.total IS DISTINCT FROM l.amount;

-- ==== 1. a recoverable draw, recovered in the next period ===================
-- Source: Xactly, "The Non-Recoverable Draw Against Commission",
--   https://www.xactlycorp.com/blog/non-recoverable-draw/
-- Published: a rep is eligible for a $1,500 draw in August and earns $500
-- in commissions: paid $1,500 ($500 in commissions + $1,000 from the
-- draw), draw balance $1,000.  In September, same draw, the rep earns
-- $3,000: the $1,000 balance is paid back first, so $2,000 is paid
-- ($3,000 - $1,000) and the balance is $0.  With a non-recoverable draw
-- the rep would take home $3,000 in September.
--   August:    draw 1,500, commissions   500 -> paid 1,500, balance 1,000
--   September: draw 1,500, commissions 3,000 -> paid 2,000, balance     0
--   (non-recoverable: September paid 3,000)
-- Ours: the commissions are 10% of deals of 5,000 (August) and 30,000
-- (September); the pay period is the calendar month.  spm pays the draw as
-- a line of its own: its top-up (draw - earned when earned falls short)
-- minus what it recovers, so the rep's lines of a month add up to the
-- source's "paid" figure.  August is approved, locked and paid before
-- September is calculated: the balance carries through the ledger.
INSERT INTO spm.rep (rep_id, name, currency) VALUES
    (501, 'Xactly rep (recoverable)', 'USD'),
    (502, 'Xactly rep (non-recoverable)', 'USD');
INSERT INTO spm.plan (plan_id, name, frequency) VALUES
    (501, 'Commission with a recoverable draw', 'month'),
    (502, 'Commission with a non-recoverable draw', 'month');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES
    (5010, 501, '[2031-08-01,)'),
    (5020, 502, '[2031-08-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule) VALUES
    (5010, 'commission', 'graduated: 0 @ 0.10'),
    (5020, 'commission', 'graduated: 0 @ 0.10');
INSERT INTO spm.plan_component (version_id, component, kind, draw_amount, draw_recoverable) VALUES
    (5010, 'draw', 'draw', 1500, true),
    (5020, 'draw', 'draw', 1500, false);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES
    (501, 501, '[2031-08-01,2031-10-01)'),
    (502, 502, '[2031-08-01,2031-10-01)');
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (50101, 'X-AUG', 501, '2031-08-12', 5000),
    (50102, 'X-SEP', 501, '2031-09-18', 30000),
    (50201, 'X-AUG', 502, '2031-08-12', 5000),
    (50202, 'X-SEP', 502, '2031-09-18', 30000);
SELECT spm.calculate('[2031-08-01,2031-09-01)') AS written,
       spm.approve('[2031-08-01,2031-09-01)') AS approved,
       spm.lock_period('[2031-08-01,2031-09-01)') AS locked,
       spm.mark_paid('[2031-08-01,2031-09-01)') AS paid;
SELECT spm.calculate('[2031-09-01,2031-10-01)') AS written,
       spm.approve('[2031-09-01,2031-10-01)') AS approved,
       spm.lock_period('[2031-09-01,2031-10-01)') AS locked;
SELECT rep_id, period, component, amount, status FROM lines WHERE rep_id IN (501, 502)
 ORDER BY rep_id, period, component;
-- the source's table, from the ledger: paid per month and the balance after it
SELECT l.rep_id, spm.period_label(l.period) AS period, sum(l.amount) AS paid,
       max(l.inputs ->> 'balance') AS balance,
       CASE l.rep_id || ' ' || spm.period_label(l.period)
            WHEN '501 2031-08' THEN 1500 WHEN '501 2031-09' THEN 2000
            WHEN '502 2031-08' THEN 1500 WHEN '502 2031-09' THEN 3000 END AS published
  FROM spm.payout_line l WHERE l.rep_id IN (501, 502)
 GROUP BY l.rep_id, l.period ORDER BY 1, 2;
-- September's draw line: no top-up, and the 1,000 balance recovered
SELECT payout_line_id AS xactly_sep FROM lines
 WHERE rep_id = 501 AND period = '2031-09' AND component = 'draw' \gset
SELECT item, amount, commission FROM spm.explain(:xactly_sep);
SELECT sum(commission) AS explained, (SELECT amount FROM spm.payout_line WHERE payout_line_id = :xactly_sep) AS line
  FROM spm.explain(:xactly_sep);
-- the statement shows August paid and September locked
SELECT period, component, amount, status FROM spm.payout_statement WHERE rep_id = 501
 ORDER BY period_start, component;

-- ==== 2. a non-recoverable draw ============================================
-- Source: QCommission, "Recoverable vs Non-Recoverable Draw: What is the
--   Difference?",
--   https://www.qcommission.com/blog/recoverable-vs-non-recoverable-draw-what-is-the-difference.html
-- Published: a non-recoverable draw of $2,000 per commission period.
-- Agent X earns $1,000 in commissions: he still gets $2,000.  The next
-- month he earns $4,000: he gets the full $4,000 and nothing from the draw.
-- Ours: commissions are 10% of a 10,000 deal (month 1) and of a 40,000
-- deal (month 2), months January and February 2032.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (503, 'Agent X', 'USD');
INSERT INTO spm.plan (plan_id, name, frequency) VALUES (503, 'Non-recoverable draw', 'month');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (5030, 503, '[2032-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule) VALUES (5030, 'commission', 'graduated: 0 @ 0.10');
INSERT INTO spm.plan_component (version_id, component, kind, draw_amount, draw_recoverable)
VALUES (5030, 'draw', 'draw', 2000, false);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (503, 503, '[2032-01-01,2032-03-01)');
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (50301, 'Q-1', 503, '2032-01-20', 10000),
    (50302, 'Q-2', 503, '2032-02-20', 40000);
SELECT spm.calculate('[2032-01-01,2032-02-01)') AS written,
       spm.approve('[2032-01-01,2032-02-01)') AS approved,
       spm.lock_period('[2032-01-01,2032-02-01)') AS locked;
SELECT spm.calculate('[2032-02-01,2032-03-01)') AS written;
SELECT period, component, amount, status FROM lines WHERE rep_id = 503 ORDER BY period, component;
SELECT period, sum(amount) AS paid, CASE period WHEN '2032-01' THEN 2000 ELSE 4000 END AS published
  FROM lines WHERE rep_id = 503 GROUP BY period ORDER BY period;
-- January's draw line: a top-up of 1,000 and no balance kept
SELECT payout_line_id AS qc_jan FROM lines WHERE rep_id = 503 AND period = '2032-01' AND component = 'draw' \gset
SELECT item, amount, commission FROM spm.explain(:qc_jan);
SELECT inputs ->> 'recoverable' AS recoverable, inputs ->> 'balance' AS balance
  FROM spm.payout_line WHERE payout_line_id = :qc_jan;

-- ==== 3. a clawback of a paid deal ==========================================
-- Source: Core8, "Clawbacks and early exit" (commission plan patterns),
--   https://docs.core8.co/commission-plan-patterns/clawbacks-and-early-exit
-- Published: earned commission $10,000; an early termination triggers a
-- 50% clawback; post a CLAWBACK adjustment of -5,000 in the clawback
-- period (a period after the one that paid the commission).
-- Ours: the commission is 10% of a 100,000 deal in Q1 2033, on a plan
-- that pays 10% to 150,000 a quarter and 15% above; the clawback credit
-- is half the deal (-50,000), dated in Q2, reversing the deal's credit.
-- Q1 is approved, locked and paid first, so the deal's credit is frozen
-- (55000) and the correction is the clawback credit.  In Q2 the rep sells
-- 200,000 and is at 15% at the margin: spm takes the clawback back at the
-- rate the deal was paid (10%), -5,000.00 as published; at Q2's marginal
-- rate it would have been -7,500.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (504, 'Core8 rep', 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (504, 'Graduated quarterly');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (5040, 504, '[2033-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule)
VALUES (5040, 'commission', 'graduated: 0 @ 0.10, 150000 @ 0.15');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (504, 504, '[2033-01-01,2033-07-01)');
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (50401, 'C8-1', 504, '2033-02-14', 100000);
SELECT spm.calculate('[2033-01-01,2033-04-01)') AS written,
       spm.approve('[2033-01-01,2033-04-01)') AS approved,
       spm.lock_period('[2033-01-01,2033-04-01)') AS locked,
       spm.mark_paid('[2033-01-01,2033-04-01)') AS paid;
SELECT period, kind, amount, status FROM lines WHERE rep_id = 504;
-- the paid deal cannot be changed in place
\set VERBOSITY sqlstate
SELECT spm_test.sqlstate($$UPDATE spm.credit SET amount = 50000 WHERE credit_id = 50401$$);
\set VERBOSITY default
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, kind, reverses) VALUES
    (50402, 'C8-2', 504, '2033-04-10', 200000, 'deal', NULL),
    (50403, 'C8-1', 504, '2033-05-02', -50000, 'clawback', 50401);
-- Q2 commission: 150,000 x 10% + 50,000 x 15% = 22,500.00
SELECT spm.calculate('[2033-04-01,2033-07-01)') AS written;
SELECT period, kind, amount, status FROM lines WHERE rep_id = 504 ORDER BY payout_line_id;
SELECT payout_line_id AS core8_claw FROM lines WHERE rep_id = 504 AND kind = 'clawback' \gset
SELECT item, credit_id, amount, paid_line = (SELECT payout_line_id FROM lines WHERE rep_id = 504 AND period = '2033-Q1')
       AS paid_by_q1_line, paid_rate, commission
  FROM spm.explain(:core8_claw);
SELECT amount AS clawback, -5000 AS published,
       spm.commission_increment(200000, -50000, 'graduated: 0 @ 0.10, 150000 @ 0.15') AS at_q2_marginal_rate
  FROM spm.payout_line WHERE payout_line_id = :core8_claw;

-- ==== 4. a manager override =================================================
-- Source: Prowi, "Override Commission" (glossary),
--   https://www.prowi.io/en/glossary/override-commission
-- Published: a team of five with monthly sales of Rep A $75,000, Rep B
-- $60,000, Rep C $67,500, Rep D $52,500, Rep E $45,000 (total $300,000);
-- each rep's commission is 10%: $7,500, $6,000, $6,750, $5,250, $4,500
-- (total $30,000); the manager's 3% override: $2,250, $1,800, $2,025,
-- $1,575, $1,350 (total $9,000).  First-dollar against threshold: with a
-- threshold of $225,000 the 3% override on $300,000 is $2,250.
-- The manager's plan here has both overrides side by side as two
-- components ('first dollar': 3% of every dollar; 'threshold': 0% to
-- 225,000, then 3%), so that one month checks both published totals.
-- The per-rep split of the threshold override is ours: the credits count
-- in date order (A, B, C, D, E), the running total passes 225,000 in D's
-- deal (30,000 above it: 900) and E's adds 1,350.
INSERT INTO spm.rep (rep_id, name, manager_id, currency) VALUES (510, 'Prowi manager', NULL, 'USD');
INSERT INTO spm.rep (rep_id, name, manager_id, currency) VALUES
    (511, 'Rep A', 510, 'USD'), (512, 'Rep B', 510, 'USD'), (513, 'Rep C', 510, 'USD'),
    (514, 'Rep D', 510, 'USD'), (515, 'Rep E', 510, 'USD');
INSERT INTO spm.plan (plan_id, name, frequency) VALUES
    (510, 'Manager override', 'month'),
    (511, 'Rep 10%', 'month');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES
    (5100, 510, '[2034-03-01,)'),
    (5110, 511, '[2034-03-01,)');
INSERT INTO spm.plan_component (version_id, component, kind, schedule) VALUES
    (5100, 'first dollar', 'override', 'graduated: 0 @ 0.03'),
    (5100, 'threshold', 'override', 'graduated: 0 @ 0, 225000 @ 0.03'),
    (5110, 'commission', 'commission', 'graduated: 0 @ 0.10');
INSERT INTO spm.assignment (rep_id, plan_id, valid)
SELECT rep_id, CASE WHEN rep_id = 510 THEN 510 ELSE 511 END, '[2034-03-01,2034-04-01)'
  FROM spm.rep WHERE rep_id BETWEEN 510 AND 515;
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (51101, 'P-A', 511, '2034-03-03', 75000),
    (51201, 'P-B', 512, '2034-03-04', 60000),
    (51301, 'P-C', 513, '2034-03-05', 67500),
    (51401, 'P-D', 514, '2034-03-06', 52500),
    (51501, 'P-E', 515, '2034-03-07', 45000);
SELECT spm.calculate('[2034-03-01,2034-04-01)') AS written,
       spm.approve('[2034-03-01,2034-04-01)') AS approved,
       spm.lock_period('[2034-03-01,2034-04-01)') AS locked,
       spm.mark_paid('[2034-03-01,2034-04-01)') AS paid;
SELECT name, component, amount,
       CASE name WHEN 'Rep A' THEN 7500 WHEN 'Rep B' THEN 6000 WHEN 'Rep C' THEN 6750
                 WHEN 'Rep D' THEN 5250 WHEN 'Rep E' THEN 4500 ELSE
                 CASE component WHEN 'first dollar' THEN 9000 ELSE 2250 END END AS published
  FROM lines WHERE rep_id BETWEEN 510 AND 515 ORDER BY rep_id, component;
SELECT sum(amount) AS team_commission, 30000 AS published FROM lines WHERE rep_id BETWEEN 511 AND 515;
-- the override line, credit by credit: the published per-rep overrides
SELECT payout_line_id AS prowi_override FROM lines WHERE rep_id = 510 AND component = 'first dollar' \gset
SELECT e.item, r.name, e.amount, e.band_rate, e.commission
  FROM spm.explain(:prowi_override) e LEFT JOIN spm.credit c USING (credit_id) LEFT JOIN spm.rep r ON r.rep_id = c.rep_id
 ORDER BY e.item, e.credit_id;
SELECT payout_line_id AS prowi_threshold FROM lines WHERE rep_id = 510 AND component = 'threshold' \gset
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:prowi_threshold);

-- ==== 5. an accelerator above 100% of quota =================================
-- Source: Calculator Collection, "Sales Commission Calculator" (how to use),
--   https://www.calculatorcollection.org/en/calculators/business/sales-commission-calculator/
-- Published: $150,000 in sales against a $120,000 quota, a 5% base
-- commission rate and a 3% bonus rate above quota (5% + 3% = 8% on the
-- excess), and a $4,000 draw.  Quota portion $120,000 x 5% = $6,000;
-- above-quota portion $30,000 x 8% = $2,400; gross commission $8,400;
-- net payout after the draw $8,400 - $4,000 = $4,400.
-- spm: an attainment component 'graduated: 0 @ 0.05, 1 @ 0.08' on the
-- quarter's quota of 120,000 (Q1 2035), one credit of 150,000.  The
-- source's draw is an advance paid earlier and deducted from the
-- commission; spm's draw is a guaranteed minimum for the period (it pays
-- max(commission, draw)): with a 4,000 draw and 8,400 earned its line is
-- 0.00 and the period pays 8,400.00 in all, the source's 4,000 advance
-- plus its 4,400 net payout.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (520, 'Accelerated rep', 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (520, 'Accelerator above quota');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (5200, 520, '[2035-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis)
VALUES (5200, 'commission', 'graduated: 0 @ 0.05, 1 @ 0.08', 'attainment');
INSERT INTO spm.plan_component (version_id, component, kind, draw_amount, draw_recoverable)
VALUES (5200, 'draw', 'draw', 4000, true);
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (520, 520, '[2035-01-01,2035-04-01)');
INSERT INTO spm.quota (rep_id, period, amount) VALUES (520, '[2035-01-01,2035-04-01)', 120000);
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (52001, 'CC-1', 520, '2035-02-10', 150000);
SELECT spm.calculate('[2035-01-01,2035-04-01)') AS written;
SELECT component, amount FROM lines WHERE rep_id = 520 ORDER BY component;
SELECT payout_line_id AS accel FROM lines WHERE rep_id = 520 AND component = 'commission' \gset
-- the two bands: the published $6,000 and $2,400
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:accel);
SELECT sum(amount) AS paid_in_period, 8400 AS published_gross,
       sum(amount) - 4000 AS net_of_an_advance, 4400 AS published_net
  FROM lines WHERE rep_id = 520;

-- Source: Salesforce Trailhead, "Use Marginal Payout Rule Functions"
--   (Salesforce Spiff, the mamount function),
--   https://trailhead.salesforce.com/it/content/learn/modules/salesforce-spiff-marginal-payout-rules/use-marginal-payout-rule-functions
-- Published: tiers of closed ARR: to $150,000 4%, $150,000 to $250,000 6%,
-- above $250,000 8%.  A rep who has closed $145,000 closes a new $20,000
-- deal: $5,000 of it in tier 1 at 4% and $15,000 in tier 2 at 6%, a
-- blended 5.5%: the deal's commission is $1,100.
-- spm: the same tiers as a graduated schedule on amount; the 145,000 is
-- one earlier credit of the same quarter (Q2 2035).  The line is ours:
-- 145,000 x 4% = 5,800 plus the deal's 1,100: 6,900.00.
INSERT INTO spm.rep (rep_id, name, currency) VALUES (521, 'Corporate AE', 'USD');
INSERT INTO spm.plan (plan_id, name) VALUES (521, 'Corporate AE rates');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (5210, 521, '[2035-04-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule)
VALUES (5210, 'ARR', 'graduated: 0 @ 0.04, 150000 @ 0.06, 250000 @ 0.08');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (521, 521, '[2035-04-01,2035-07-01)');
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (52101, 'T-1', 521, '2035-04-10', 145000),
    (52102, 'T-2', 521, '2035-05-10', 20000);
SELECT spm.calculate('[2035-04-01,2035-07-01)') AS written;
SELECT payout_line_id AS mamount FROM lines WHERE rep_id = 521 \gset
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:mamount);
SELECT pc.credit_id, pc.commission, 1100 AS published, trim_scale(pc.commission / pc.amount) AS blended_rate
  FROM spm.payout_credit pc WHERE pc.payout_line_id = :mamount AND pc.credit_id = 52102;
SELECT amount FROM spm.payout_line WHERE payout_line_id = :mamount;

-- ==== 6. ramps: a reduced quota, and a prorated one, for a new hire =========
-- Source: Prowi, "Ramp Period" (glossary), https://prowi.io/en/glossary/ramp-period
-- Published: quota rises month by month against a full monthly quota of
-- $50,000: month 1 0% ($0, training only), month 2 25% ($12,500), month 3
-- 50% ($25,000), month 4 75% ($37,500), month 5 on 100% ($50,000).  The
-- worked example's new rep sells $0, $10,000, $27,500 and $35,000 in
-- months 1 to 4.  (Its earnings column mixes a base salary and a
-- guarantee that the page does not give, so it is not used here.)
-- Ours (hand-computed, not published): the plan pays 8% of sales up to
-- 100% of the month's quota and 12% above, on attainment; spm.quota holds
-- the ramped quotas (computed from the published percentages):
--   month 1 (2036-01): quota 0, no sales: no line
--   month 2: 10,000 of 12,500 (80%):        10,000 x 8%                 =   800.00
--   month 3: 27,500 of 25,000 (110%): 25,000 x 8% + 2,500 x 12%         = 2,300.00
--   month 4: 35,000 of 37,500 (93.33%):      35,000 x 8%                 = 2,800.00
INSERT INTO spm.rep (rep_id, name, currency, hired_on) VALUES (530, 'Michael', 'USD', '2036-01-01');
INSERT INTO spm.plan (plan_id, name, frequency) VALUES (530, 'Ramped accelerator', 'month');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (5300, 530, '[2036-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis)
VALUES (5300, 'commission', 'graduated: 0 @ 0.08, 1 @ 0.12', 'attainment');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (530, 530, '[2036-01-01,2036-05-01)');
INSERT INTO spm.quota (rep_id, period, amount)
SELECT 530, daterange(m, (m + interval '1 month')::date), trim_scale(50000 * ramp)
  FROM (VALUES (date '2036-01-01', 0.00), ('2036-02-01', 0.25), ('2036-03-01', 0.50),
               ('2036-04-01', 0.75), ('2036-05-01', 1.00)) AS r(m, ramp);
SELECT spm.period_label(period) AS month, amount AS quota FROM spm.quota WHERE rep_id = 530 ORDER BY period;
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (53001, 'M-2', 530, '2036-02-16', 10000),
    (53002, 'M-3', 530, '2036-03-16', 27500),
    (53003, 'M-4', 530, '2036-04-16', 35000);
SELECT spm.calculate('[2036-01-01,2036-02-01)') + spm.calculate('[2036-02-01,2036-03-01)')
       + spm.calculate('[2036-03-01,2036-04-01)') + spm.calculate('[2036-04-01,2036-05-01)') AS written;
SELECT lines.period, l.amount, l.inputs ->> 'quota' AS quota, l.inputs ->> 'credited' AS credited,
       round(100 * (l.inputs ->> 'credited')::numeric / (l.inputs ->> 'quota')::numeric, 2) AS attainment_pct
  FROM lines JOIN spm.payout_line l USING (payout_line_id) WHERE lines.rep_id = 530 ORDER BY lines.period;
SELECT payout_line_id AS ramp_m3 FROM lines WHERE rep_id = 530 AND period = '2036-03' \gset
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:ramp_m3);

-- Source: Quickbase Community, "Formula to Prorate a Quota",
--   https://community.quickbase.com/quickbase/topics/formula-to-prorate-a-quota
-- Published: an annual quota of $100,000, 20% of it in each of Q1, Q2 and
-- Q3 and 40% in Q4; a person starting on 3/1 has 1 month of Q1:
-- Q1 $100,000 x 20% / 3 months x 1 month = $6,667, Q2 $20,000, Q3
-- $20,000, Q4 $40,000: $86,667 for the year.
-- spm prorates by days, not months (doc/runs.md, "A plan change in
-- mid-period: proration by days"): a rep on the plan from 1 March has 31
-- of Q1's 90 days (2037 is not a leap year), 20,000 x 31 / 90 =
-- 6,888.89, not 6,666.67; whole quarters are not prorated.  The test
-- shows both, then lets spm.calculate prorate Q1's quota of 20,000 for a
-- hire of 2037-03-01 who sells 10,000 on a plan of 5% to quota, 10%
-- above (ours): 6,888.89 x 5% + 3,111.11 x 10% = 344.444... + 311.111...
-- = 655.555... -> 655.56 (by months it would be 333.33 + 333.33 = 666.67).
SELECT spm.period_label(q) AS quarter, share * 100000 AS quota, months,
       round(share * 100000 / 3 * months, 2) AS published_by_months,
       round(spm.prorate(share * 100000, q, '[2037-03-01,)'), 2) AS spm_by_days
  FROM (VALUES (daterange('2037-01-01', '2037-04-01'), 0.2, 1), (daterange('2037-04-01', '2037-07-01'), 0.2, 3),
               (daterange('2037-07-01', '2037-10-01'), 0.2, 3), (daterange('2037-10-01', '2038-01-01'), 0.4, 3))
       AS x(q, share, months)
 ORDER BY q;
SELECT 6667 + 20000 + 20000 + 40000 AS published_year,
       round(spm.prorate(20000, '[2037-01-01,2037-04-01)', '[2037-03-01,)'), 2) + 80000 AS spm_year;
INSERT INTO spm.rep (rep_id, name, currency, hired_on) VALUES (531, 'March hire', 'USD', '2037-03-01');
INSERT INTO spm.plan (plan_id, name) VALUES (531, 'Quota plan');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES (5310, 531, '[2037-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis)
VALUES (5310, 'commission', 'graduated: 0 @ 0.05, 1 @ 0.10', 'attainment');
INSERT INTO spm.assignment (rep_id, plan_id, valid) VALUES (531, 531, '[2037-03-01,2037-04-01)');
INSERT INTO spm.quota (rep_id, period, amount) VALUES (531, '[2037-01-01,2037-04-01)', 20000);
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount) VALUES
    (53101, 'Q-1', 531, '2037-03-20', 10000);
SELECT spm.calculate('[2037-01-01,2037-04-01)') AS written;
SELECT l.amount, l.inputs ->> 'quota' AS quota, l.inputs ->> 'quota_prorated_from' AS full_quota,
       l.inputs ->> 'days_in_force' AS days
  FROM spm.payout_line l WHERE l.rep_id = 531;
SELECT payout_line_id AS prorated FROM lines WHERE rep_id = 531 \gset
SELECT item, credit_id, amount, band_from, band_to, band_rate, commission FROM spm.explain(:prorated);

-- ==== every line of every example is explained exactly =====================
SELECT * FROM unexplained;
SELECT count(*) AS lines_checked FROM spm.payout_line;
