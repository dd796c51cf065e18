-- Compensation plans, credit and draws for the sample organisation.
--
--   demo.plan       three plan designs, each an spm.tier_schedule
--   demo.team_plan  which plan each team is on
--   demo.credit     who is credited what and when: won deals (split by
--                   spm.split where a deal is shared) and clawbacks of
--                   cancelled deals
--   demo.draw_terms recoverable monthly draws for 2025 new hires
-- Commissions are paid quarterly on each quarter's credit.

CREATE TABLE demo.plan (
    plan_id     integer PRIMARY KEY,
    name        text NOT NULL,
    schedule    spm.tier_schedule NOT NULL,
    on_quota    boolean NOT NULL,     -- thresholds are fractions of the quarterly quota
    description text NOT NULL
);
INSERT INTO demo.plan VALUES
    (1, 'Volume (graduated)',
        'graduated: 0 @ 0.06, 150000 @ 0.08, 300000 @ 0.10', false,
        '6% of the first 150k a quarter, 8% to 300k, 10% above'),
    (2, 'Enterprise (retroactive, gated)',
        'retroactive: 0 @ 0.05, 250000 @ 0.07, 500000 @ 0.09; gate 100000', false,
        'nothing below 100k; then 5%, 7% from 250k, 9% from 500k on everything'),
    (3, 'Accelerator on quota (capped)',
        'graduated: 0 @ 0.06, 1.0 @ 0.10, 1.5 @ 0.14; cap 60000', true,
        '6% to 100% of quota, 10% to 150%, 14% above; at most 60k a quarter');

CREATE TABLE demo.team_plan (
    team_id integer PRIMARY KEY REFERENCES demo.team,
    plan_id integer NOT NULL REFERENCES demo.plan
);
INSERT INTO demo.team_plan
SELECT team_id, CASE segment WHEN 'Commercial' THEN 1
                             WHEN 'Mid-Market' THEN 3
                             WHEN 'Enterprise' THEN 2
                             ELSE 3 END
  FROM demo.team;

-- Credit: every part of every won deal, and a negative line for each part
-- of a cancelled deal on the day it was cancelled.
CREATE TABLE demo.credit (
    deal_id     integer NOT NULL REFERENCES demo.deal,
    rep_id      integer NOT NULL REFERENCES demo.rep,
    credited_on date NOT NULL,
    amount      numeric(14, 2) NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('deal', 'split', 'clawback'))
);
WITH shared AS (
    SELECT deal_id, array_agg(rep_id ORDER BY weight DESC, rep_id) AS reps,
           array_agg(weight ORDER BY weight DESC, rep_id) AS weights
      FROM demo.deal_split GROUP BY deal_id
), parts AS (
    SELECT d.deal_id, d.rep_id, d.closed_on, d.cancelled_on, d.amount, 'deal' AS kind
      FROM demo.deal d
     WHERE d.stage = 'won' AND NOT EXISTS (SELECT 1 FROM shared s WHERE s.deal_id = d.deal_id)
    UNION ALL
    -- a shared deal's parts always add up to the deal, to the cent
    SELECT d.deal_id, p.rep_id, d.closed_on, d.cancelled_on, p.amount, 'split'
      FROM demo.deal d
      JOIN shared s USING (deal_id),
           unnest(s.reps, spm.split(d.amount, s.weights)) AS p(rep_id, amount)
     WHERE d.stage = 'won'
)
INSERT INTO demo.credit
SELECT deal_id, rep_id, closed_on, amount, kind FROM parts
UNION ALL
SELECT deal_id, rep_id, cancelled_on, -amount, 'clawback' FROM parts WHERE cancelled_on IS NOT NULL;
CREATE INDEX ON demo.credit (rep_id, credited_on);

-- 2025 hires get a recoverable draw of a third of their segment's typical
-- monthly commission, for their first six months
CREATE TABLE demo.draw_terms (
    rep_id      integer PRIMARY KEY REFERENCES demo.rep,
    monthly     numeric(12, 2) NOT NULL,
    recoverable boolean NOT NULL,
    months      daterange NOT NULL
);
INSERT INTO demo.draw_terms
SELECT r.rep_id,
       round(s.median_deal * s.deals_month::numeric * 0.07 / 3, -2),
       true,
       daterange(date_trunc('month', r.hired_on)::date,
                 (date_trunc('month', r.hired_on) + interval '6 months')::date)
  FROM demo.rep r JOIN demo.team t USING (team_id) JOIN demo.segment s USING (segment)
 WHERE r.role = 'rep' AND r.hired_on >= date '2025-01-01';

-- Each rep's quarterly plan, schedule and quota in one place; the quota of
-- a quarter a rep joined during is prorated to the days employed.
CREATE VIEW demo.rep_quarter AS
SELECT r.rep_id, r.name, r.team_id, p.plan_id, p.schedule, p.on_quota, q.period,
       spm.prorate(q.amount, q.period, daterange(r.hired_on, NULL)) AS quota
  FROM demo.rep r
  JOIN demo.team_plan tp USING (team_id)
  JOIN demo.plan p USING (plan_id)
  JOIN demo.quota q USING (rep_id);

ANALYZE demo.credit;
