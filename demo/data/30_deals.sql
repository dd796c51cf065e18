-- Three years (2023-2025) of deals for every rep, with the open pipeline at
-- the demo date, credit splits and quarterly quotas.  This is the base data
-- that the commission, quota, forecasting and territory reports share.
--
--   demo.account     customers, each in one team's territory
--   demo.deal        one row per opportunity: won, lost or open
--   demo.deal_split  credit splits: a deal's credit shared between reps
--   demo.quota       quarterly quotas per rep (2025)
--
-- Deal sizes follow each team's segment (lognormal around a median), volume
-- has a quarter-end push and a Q4 peak, and each team has its own growth.
SELECT setseed(0.2028);

CREATE TABLE demo.segment (
    segment      text PRIMARY KEY,
    median_deal  numeric NOT NULL,     -- typical deal size
    deals_month  float8 NOT NULL,      -- average deals won per rep per month
    win_rate     float8 NOT NULL
);
INSERT INTO demo.segment VALUES
    ('Strategic',  150000, 0.35, 0.30),
    ('Enterprise',  60000, 0.70, 0.27),
    ('Mid-Market',  20000, 1.60, 0.24),
    ('Commercial',   6000, 4.00, 0.21);

CREATE TABLE demo.account (
    account_id integer PRIMARY KEY,
    name       text NOT NULL,
    team_id    integer NOT NULL REFERENCES demo.team,
    potential  numeric NOT NULL        -- estimated yearly spend, for territory planning
);
INSERT INTO demo.account
SELECT 1000 + g,
       (array['Acme','Globex','Initech','Umbrella','Hooli','Vandelay','Stark','Wayne','Tyrell','Cyberdyne',
              'Soylent','Wonka','Gringotts','Oscorp','Aperture','Massive','Pied Piper','Dunder','Prestige','Monarch'])
           [1 + g % 20] || ' ' ||
       (array['Labs','Group','Systems','Foods','Logistics','Health','Energy','Retail','Bank','Media'])[1 + (g / 20) % 10]
           || ' ' || g,
       t.team_id,
       round((s.median_deal * 3 * exp(0.8 * demo.gauss()))::numeric, -2)
  FROM generate_series(1, 1200) AS g
  JOIN demo.team t ON t.team_id = 1 + (g * 7) % 12
  JOIN demo.segment s USING (segment);

CREATE TABLE demo.deal (
    deal_id        integer PRIMARY KEY,
    rep_id         integer NOT NULL REFERENCES demo.rep,   -- the owner
    account_id     integer NOT NULL REFERENCES demo.account,
    amount         numeric(14, 2) NOT NULL CHECK (amount > 0),
    stage          text NOT NULL CHECK (stage IN ('won', 'lost', 'open')),
    created_on     date NOT NULL,
    closed_on      date,               -- won or lost date; NULL while open
    expected_close date,               -- open deals: the rep's expected close date
    probability    numeric(4, 3),      -- open deals: the stage's win probability
    cancelled_on   date,               -- a won deal cancelled later: its credit is clawed back
    CHECK ((stage = 'open') = (closed_on IS NULL))
);

-- closed deals, month by month: won ones at the segment's pace, lost ones in
-- proportion to the win rate; reps ramp up over their first three months
WITH month AS (
    SELECT (date '2023-01-01' + make_interval(months => k))::date AS m, k
      FROM generate_series(0, 35) AS k
), rep_month AS (
    SELECT r.rep_id, r.team_id, t.segment, s.median_deal, s.win_rate, month.m,
           s.deals_month
             * (1 + 0.12 * t.mood) ^ (month.k / 12.0)                    -- team growth per year
             * CASE WHEN extract(month FROM month.m) IN (3, 6, 9) THEN 1.25
                    WHEN extract(month FROM month.m) = 12 THEN 1.6
                    WHEN extract(month FROM month.m) IN (1, 7, 8) THEN 0.75
                    ELSE 1.0 END                                          -- quarter-end push, Q4 peak
             * least(1.0, greatest(0.0, (month.m - r.hired_on) / 90.0))    -- ramp
             * (0.7 + 0.6 * ((r.rep_id * 2654435761) % 1000) / 1000.0)     -- each rep's own level
             AS expected_won
      FROM demo.rep r
      JOIN demo.team t USING (team_id)
      JOIN demo.segment s USING (segment)
      JOIN month ON month.m >= date_trunc('month', r.hired_on)
     WHERE r.role = 'rep'
), draws AS (
    -- Poisson-like counts: the expected value rounded at random
    SELECT rm.*, won_n, lost_n
      FROM rep_month rm,
           LATERAL (SELECT floor(rm.expected_won + random())::int AS won_n) w,
           LATERAL (SELECT floor(rm.expected_won * (1 - rm.win_rate) / rm.win_rate * 0.5 + random())::int AS lost_n) l
), closed AS (
    SELECT d.rep_id, d.team_id, d.median_deal, d.m, 'won' AS stage FROM draws d, generate_series(1, d.won_n)
    UNION ALL
    SELECT d.rep_id, d.team_id, d.median_deal, d.m, 'lost' FROM draws d, generate_series(1, d.lost_n)
)
INSERT INTO demo.deal (deal_id, rep_id, account_id, amount, stage, created_on, closed_on)
SELECT 100000 + row_number() OVER (ORDER BY c.m, c.rep_id, c.stage, random()),
       c.rep_id,
       (SELECT a.account_id FROM demo.account a WHERE a.team_id = c.team_id
         ORDER BY (a.account_id * 7919 + (random() * 1e6)::int) % 1000 LIMIT 1),
       round((c.median_deal * exp(0.55 * demo.gauss()))::numeric, 2),
       c.stage,
       c.m + (random() * 27)::int - (30 + random() * 90)::int,
       c.m + (random() * 27)::int
  FROM closed c;

-- about 2% of won deals are cancelled within 60 days: the credit is clawed back
UPDATE demo.deal
   SET cancelled_on = closed_on + 10 + (random() * 50)::int
 WHERE stage = 'won' AND random() < 0.02 AND closed_on < date '2025-11-01';

-- open pipeline at the demo date, expected to close in 2026 Q1
INSERT INTO demo.deal (deal_id, rep_id, account_id, amount, stage, created_on,
                       expected_close, probability)
SELECT 900000 + row_number() OVER (ORDER BY r.rep_id, g),
       r.rep_id,
       (SELECT a.account_id FROM demo.account a WHERE a.team_id = r.team_id
         ORDER BY (a.account_id * 104729 + g) % 997 LIMIT 1),
       round((s.median_deal * exp(0.6 * demo.gauss()))::numeric, 2),
       'open',
       date '2025-12-31' - (random() * 120)::int,
       date '2026-01-02' + (random() * 88)::int,
       (array[0.10, 0.25, 0.50, 0.75, 0.90])[1 + floor(random() * 5)::int]
  FROM demo.rep r
  JOIN demo.team t USING (team_id)
  JOIN demo.segment s USING (segment),
       generate_series(1, ceil(s.deals_month * 3 / s.win_rate * 0.4)::int) AS g
 WHERE r.role = 'rep';

-- credit splits: one won deal in ten is shared with a teammate, 70/30
CREATE TABLE demo.deal_split (
    deal_id integer NOT NULL REFERENCES demo.deal,
    rep_id  integer NOT NULL REFERENCES demo.rep,
    weight  numeric NOT NULL CHECK (weight > 0),
    PRIMARY KEY (deal_id, rep_id)
);
INSERT INTO demo.deal_split
SELECT d.deal_id, d.rep_id, 0.7 FROM demo.deal d WHERE d.stage = 'won' AND d.deal_id % 10 = 3;
INSERT INTO demo.deal_split
SELECT d.deal_id, mate.rep_id, 0.3
  FROM demo.deal d
  JOIN demo.rep owner ON owner.rep_id = d.rep_id
  CROSS JOIN LATERAL (SELECT m.rep_id FROM demo.rep m
                       WHERE m.team_id = owner.team_id AND m.role = 'rep' AND m.rep_id <> d.rep_id
                       ORDER BY (m.rep_id * 31 + d.deal_id) % 101 LIMIT 1) mate
 WHERE d.stage = 'won' AND d.deal_id % 10 = 3;

-- quarterly quotas for 2025: about 1.15 x what the rep closed in the same
-- quarter of 2024 (or the team's typical rep for new hires), rounded to 1,000
CREATE TABLE demo.quota (
    rep_id integer NOT NULL REFERENCES demo.rep,
    period daterange NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (rep_id, period)
);
WITH q AS (
    SELECT daterange(d, (d + interval '3 months')::date) AS period, d AS q_start
      FROM (SELECT (date '2025-01-01' + make_interval(months => 3 * k))::date AS d
              FROM generate_series(0, 3) AS k) x
), typical AS (
    SELECT t.team_id, s.median_deal * s.deals_month::numeric * 3 * 1.1 AS amount
      FROM demo.team t JOIN demo.segment s USING (segment)
)
INSERT INTO demo.quota
SELECT r.rep_id, q.period,
       round(greatest(typical.amount * 0.8,
                      1.15 * coalesce((SELECT sum(d.amount) FROM demo.deal d
                                        WHERE d.rep_id = r.rep_id AND d.stage = 'won'
                                          AND d.closed_on >= (q.q_start - interval '1 year')
                                          AND d.closed_on < (q.q_start - interval '9 months')), 0)),
             -3)
  FROM demo.rep r
  JOIN typical USING (team_id)
 CROSS JOIN q
 WHERE r.role = 'rep' AND r.hired_on < upper(q.period);

ANALYZE demo.account, demo.deal, demo.deal_split, demo.quota;
