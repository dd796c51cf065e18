--
-- pay_curves: the interpolated mode of spm.tier_schedule.  A pay curve gives
-- the payout AT each point (not a rate); payout is linear between
-- consecutive points and continues with the last segment's slope beyond the
-- last point.  Every expected value is hand-computed: the arithmetic is in
-- the comments.
--

-- Oracle Incentive Compensation's "interpolated rates" example (a rate table
-- whose tier amounts are split proportionally within a tier), as reported in
-- the issue: tier amounts 10, 40, 100 and 2,000 on the tiers 0-1,000,
-- 1,000-3,000, 3,000-8,000 and 8,000-20,000.  As cumulative points:
-- 0 @ 0, 1000 @ 10, 3000 @ 50 (10 + 40), 8000 @ 150 (50 + 100), 20000 @ 2150
-- (150 + 2000).  On every point the payout is that point's value exactly.
CREATE TABLE spm_test.pc_oracle AS
SELECT 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150'::spm.tier_schedule AS curve;
SELECT b AS basis, spm.commission(b, curve)
  FROM spm_test.pc_oracle, unnest('{0, 1000, 3000, 8000, 20000}'::numeric[]) AS b;
-- exactly 2150 at 20,000: equal as a number and written without a fraction
SELECT spm.commission(20000, curve) = 2150 AS equals_2150,
       spm.commission(20000, curve)::text AS as_text
  FROM spm_test.pc_oracle;
-- Between points, v[i] + (basis - t[i]) * (v[i+1] - v[i]) / (t[i+1] - t[i]):
--   500      0 + 500 * 10 / 1000             = 5
--   2000     10 + 1000 * 40 / 2000           = 30
--   5500     50 + 2500 * 100 / 5000          = 100
--   14000    150 + 6000 * 2000 / 12000       = 1150
--   19999.4  150 + 11999.4 * 2000 / 12000    = 150 + 1999.9 = 2149.9
--   0.001    0 + 0.001 * 10 / 1000           = 0.00001
-- Beyond the last point, the last segment's slope 2000 / 12000 = 1/6:
--   26000    2150 + 6000 / 6                 = 3150
--   32000    2150 + 12000 / 6                = 4150
-- Below 0 (a net clawback), the first segment's slope 10 / 1000, as a
-- graduated schedule applies its first band's rate:
--   -100     -100 * 10 / 1000                = -1
SELECT b AS basis, spm.commission(b, curve)
  FROM spm_test.pc_oracle,
       unnest('{500, 2000, 5500, 14000, 19999.4, 0.001, 26000, 32000, -100}'::numeric[]) AS b;

-- Precision: exact whenever the exact answer terminates, however many places
-- it needs; otherwise rounded half away from zero to 20 places.
--   0 @ 0, 3 @ 1:  1 -> 1/3 = 0.33333333333333333333 (20 places, rounded down)
--                  2 -> 2/3 = 0.66666666666666666667 (rounded up)
--                 -2 -> -0.66666666666666666667 (away from zero)
--                0.1 -> 0.1/3 = 0.03333333333333333333
--                  3 -> 1;  1.5 -> 0.5
SELECT b AS basis, spm.commission(b, 'interpolated: 0 @ 0, 3 @ 1')
  FROM unnest('{1, 2, -2, 0.1, 3, 1.5}'::numeric[]) AS b;
-- 2^30 = 1073741824: 1 / 2^30 = 5^30 / 10^30 = 931322574615478515625 / 10^30
-- = 0.000000000931322574615478515625, 30 places, exactly
SELECT spm.commission(1, 'interpolated: 0 @ 0, 1073741824 @ 1') AS one_over_2_to_30,
       spm.commission(1, 'interpolated: 0 @ 0, 1073741824 @ 1') * 1073741824 = 1 AS exact;
-- a divisor with a point: 0 @ 0, 0.0016 @ 1: 1 / 0.0016 = 625 (0.0016 = 2^4 / 10^4)
-- and 0.001 / 0.0016 = 0.625
SELECT spm.commission(1, 'interpolated: 0 @ 0, 0.0016 @ 1') AS b1,
       spm.commission(0.001, 'interpolated: 0 @ 0, 0.0016 @ 1') AS b0_001;

-- Cap and gate apply as in the other modes: the cap limits the payout, and
-- nothing is paid below the gate (the full curve from it).
--   cap 2500:  2999.99 -> 10 + 1999.99 * 40 / 2000 = 49.9998;  20000 -> 2150;
--              26000 -> 3150, capped to 2500
--   gate 3000: 2999.99 -> 0;  3000 -> 50;  5500 -> 100
SELECT b AS basis,
       spm.commission(b, 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150; cap 2500') AS capped,
       spm.commission(b, 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150; gate 3000') AS gated
  FROM unnest('{2999.99, 3000, 5500, 20000, 26000}'::numeric[]) AS b;
-- a falling segment is allowed (and continues falling beyond the last point):
--   0 @ 0, 100 @ 50, 200 @ 40:  150 -> 50 + 50 * -10 / 100 = 45;  300 -> 40 + 100 * -10 / 100 = 30
SELECT spm.commission(150, 'interpolated: 0 @ 0, 100 @ 50, 200 @ 40') AS at_150,
       spm.commission(300, 'interpolated: 0 @ 0, 100 @ 50, 200 @ 40') AS at_300;

-- With a quota, thresholds and gate are fractions of it (attainment) and the
-- payouts stay money.  A percent-to-goal pay curve (Xactly style): target
-- incentive 10,000 at 100% attainment, 20,000 at 150%; quota 200,000, so the
-- points in money are 0, 200,000 and 300,000:
--   100000 (50%)   0 + 100000 * 10000 / 200000      = 5000
--   200000 (100%)  10000
--   250000 (125%)  10000 + 50000 * 10000 / 100000   = 15000
--   300000 (150%)  20000
--   350000 (175%)  20000 + 50000 * 10000 / 100000   = 25000  (the last slope)
SELECT b AS basis, spm.commission(b, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000', 200000)
  FROM unnest('{100000, 200000, 250000, 300000, 350000}'::numeric[]) AS b;
-- the payouts are not scaled: 100% of a 400,000 quota still pays 10,000;
-- quota 150,000, basis 100,000: 100000 * 10000 / 150000 = 6666.666...
-- = 6666.66666666666666666667 (20 places); gate at 50% of 200,000: 99,999
-- pays nothing, 100,000 pays 5,000; cap 22,000 on 175%: 25,000 capped
SELECT spm.commission(400000, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000', 400000) AS quota_400k,
       spm.commission(100000, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000', 150000) AS two_thirds,
       spm.commission(99999, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; gate 0.5', 200000) AS below_gate,
       spm.commission(100000, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; gate 0.5', 200000) AS at_gate,
       spm.commission(350000, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; cap 22000', 200000) AS capped;

-- commission_increment = commission(prior + amount) - commission(prior):
--   8000 + 12000:  2150 - 150 = 2000
--   26000 - 6000 (a clawback):  2150 - 3150 = -1000
--   1000 + 1 on 0 @ 0, 3 @ 1 ... (1001/3 - 1000/3 computed as differences of
--   20-place values: 333.66666666666666666667 - 333.33333333333333333333
--   = 0.33333333333333333334)
--   quota 200,000: 150,000 + 100,000 = 250,000: 15000 - 7500 = 7500
SELECT spm.commission_increment(8000, 12000, curve) AS deal,
       spm.commission_increment(26000, -6000, curve) AS clawback,
       spm.commission_increment(1000, 1, 'interpolated: 0 @ 0, 3 @ 1') AS thirds,
       spm.commission_increment(150000, 100000, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000', 200000) AS on_quota
  FROM spm_test.pc_oracle;

-- Statement lines with deal_commission on Oracle's curve.  Running totals
-- and their payouts:
--   600    0 + 600 * 10 / 1000                      = 6        line 6
--   1500   10 + 500 * 40 / 2000                     = 20       line 14
--   4000   50 + 1000 * 100 / 5000                   = 70       line 50
--   3500   50 + 500 * 100 / 5000                    = 60       line -10
--   8500   150 + 500 * 2000 / 12000 = 150 + 83.33... = 233.33333333333333333333
--                                                   line 173.33333333333333333333
--   20500  2150 + 500 / 6 = 2233.33333333333333333333  line 2000
-- The lines add up to 2233.33333333333333333333 = commission_agg of the
-- total 20,500, exactly.
CREATE TABLE spm_test.pc_deals (seq int, amount numeric);
INSERT INTO spm_test.pc_deals VALUES (1, 600), (2, 900), (3, 2500), (4, -500), (5, 5000), (6, 12000);
SELECT seq, amount, spm.deal_commission(amount, curve) OVER (ORDER BY seq) AS line
  FROM spm_test.pc_deals, spm_test.pc_oracle;
SELECT sum(line) AS lines, min(agg) AS agg, sum(line) = min(agg) AS add_up
  FROM (SELECT spm.deal_commission(amount, curve) OVER (ORDER BY seq) AS line
          FROM spm_test.pc_deals, spm_test.pc_oracle) l,
       (SELECT spm.commission_agg(amount, curve) AS agg FROM spm_test.pc_deals, spm_test.pc_oracle) a;
-- rows that tie in the window's ORDER BY are peers of one frame and share
-- its line (as in every mode): two deals of 750 on day 1 reach 1,500, and
-- the line of the frame is the last row's, payout(1500) - payout(750) =
-- 20 - 7.5 = 12.5, for both; day 2's 2,500 reaches 4,000: 70 - 20 = 50
SELECT day, amount, spm.deal_commission(amount, curve) OVER (ORDER BY day) AS line
  FROM (VALUES (1, 750), (1, 750), (2, 2500)) AS v(day, amount), spm_test.pc_oracle
 ORDER BY day, amount;
-- the same deals on the quota curve with quota 10,000 (points at 0, 10,000
-- and 15,000 in money); the lines add up to commission of 20,500:
-- 20000 + 5500 * 10000 / 5000 = 31000
SELECT sum(line) AS lines,
       spm.commission(20500, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000', 10000) AS commission
  FROM (SELECT spm.deal_commission(amount, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000', 10000)
               OVER (ORDER BY seq) AS line
          FROM spm_test.pc_deals) l;

-- Text form round-trips (scale included), with options and any spacing
SELECT s::spm.tier_schedule::text = s AS round_trips
  FROM (VALUES ('interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150'),
               ('interpolated: 0 @ 0.00, 1.0 @ 10000.00, 1.5 @ 20000; cap 25000; gate 0.5')) v(s);
SELECT '  INTERPOLATED:0@0,1e3 @ 10 ;cap 20'::spm.tier_schedule;
-- accessors: tier_rates gives the payouts at the points
SELECT spm.tier_mode(s), spm.tier_thresholds(s), spm.tier_rates(s), spm.tier_cap(s), spm.tier_gate(s)
  FROM (SELECT 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; cap 25000; gate 0.5'::spm.tier_schedule AS s) x;
-- spm.tiers builds the same curve
SELECT spm.tiers('{0, 1000, 3000, 8000, 20000}', '{0, 10, 50, 150, 2150}', 'interpolated')
       OPERATOR(spm.=) curve AS same
  FROM spm_test.pc_oracle;
SELECT spm.tiers('{0, 1.0, 1.5}', '{0, 10000, 20000}', 'interpolated', cap => 25000, gate => 0.5);
-- jsonb both ways ("rates" holds the payouts)
SELECT 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; cap 25000'::spm.tier_schedule::jsonb;
SELECT '{"mode": "interpolated", "thresholds": [0, 1000, 3000], "rates": [0, 10, 50], "gate": 500}'::jsonb::spm.tier_schedule;
SELECT curve::jsonb::spm.tier_schedule::text = curve::text AS jsonb_round_trip FROM spm_test.pc_oracle;

-- binary send/receive: round trip through COPY, and the bytes (version 1,
-- mode 2, flags 0, 2 points; numbers as a length and numeric_send's bytes)
CREATE TABLE spm_test.pc_plans (id int, plan spm.tier_schedule);
INSERT INTO spm_test.pc_plans VALUES
    (1, 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150'),
    (2, 'interpolated: 0 @ 0.00, 1.0 @ 10000.00, 1.5 @ 20000; cap 25000; gate 0.5'),
    (3, 'graduated: 0 @ 0.05, 50000 @ 0.07');
\copy spm_test.pc_plans TO 'results/pc_plans.bin' WITH (FORMAT binary)
CREATE TABLE spm_test.pc_plans2 (LIKE spm_test.pc_plans);
\copy spm_test.pc_plans2 FROM 'results/pc_plans.bin' WITH (FORMAT binary)
SELECT a.id, a.plan::text = b.plan::text AS same, spm.tier_mode(b.plan)
  FROM spm_test.pc_plans a JOIN spm_test.pc_plans2 b USING (id) ORDER BY id;
SELECT spm.tier_schedule_send('interpolated: 0 @ 0, 1 @ 5');
-- one point is as invalid in binary as in text (22023); mode 3 is no mode (22P03)
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0') PLACING '\x02' FROM 2), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('interpolated: 0 @ 0, 1 @ 5') PLACING '\x03' FROM 2), 'spm.tier_schedule');

-- Equality, hash and order include the mode: the same numbers in another
-- mode are another plan; equal curves compare 0 and hash alike whatever
-- their scale.  Order: graduated, retroactive, interpolated.
SELECT a OPERATOR(spm.=) b AS equal,
       spm.tier_schedule_cmp(a, b) AS cmp,
       spm.tier_schedule_hash(a) = spm.tier_schedule_hash(b) AS same_hash
  FROM (VALUES ('interpolated: 0 @ 0, 1 @ 5', 'interpolated: 0.0 @ 0.00, 1.0 @ 5.0'),
               ('interpolated: 0 @ 0, 1 @ 5', 'graduated: 0 @ 0, 1 @ 5'),
               ('interpolated: 0 @ 0, 1 @ 5', 'retroactive: 0 @ 0, 1 @ 5'),
               ('interpolated: 0 @ 0, 1 @ 5', 'interpolated: 0 @ 0, 1 @ 5; cap 4')) v(x, y),
       LATERAL (SELECT x::spm.tier_schedule AS a, y::spm.tier_schedule AS b) t;
SELECT p AS plan, rank() OVER (ORDER BY p)
  FROM unnest(ARRAY['interpolated: 0 @ 0, 1 @ 5', 'retroactive: 0 @ 9', 'graduated: 0 @ 9',
                    'interpolated: 0 @ 0, 1 @ 4', 'interpolated: 0.0 @ 0, 1 @ 5.0']::spm.tier_schedule[]) AS p
 ORDER BY p, p::text;
SELECT count(DISTINCT p) AS distinct_plans   -- 0 @ 0, 1 @ 5 = 0.0 @ 0, 1 @ 5.0: 3
  FROM unnest(ARRAY['interpolated: 0 @ 0, 1 @ 5', 'interpolated: 0.0 @ 0, 1 @ 5.0',
                    'graduated: 0 @ 0, 1 @ 5', 'interpolated: 0 @ 0, 2 @ 5']::spm.tier_schedule[]) AS p;

-- Errors, each with its SQLSTATE
-- too few points (22023), whatever the way in
SELECT spm_test.sqlstate($$SELECT 'interpolated: 0 @ 0'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{0}', 'interpolated')$$);
SELECT spm_test.sqlstate($$SELECT '{"mode": "interpolated", "thresholds": [0], "rates": [0]}'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{}', '{}', 'interpolated')$$);
-- not ascending, not starting at 0 (22023)
SELECT spm_test.sqlstate($$SELECT 'interpolated: 0 @ 0, 10 @ 1, 10 @ 2'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'interpolated: 0 @ 0, 10 @ 1, 5 @ 2'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'interpolated: 5 @ 0, 10 @ 1'::spm.tier_schedule$$);
-- the payout at 0 must be 0, payouts not negative (22023)
SELECT spm_test.sqlstate($$SELECT 'interpolated: 0 @ 100, 10 @ 200'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0, 10}', '{0, -1}', 'interpolated')$$);
-- not finite (22003)
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0, 10}', '{0, NaN}', 'interpolated')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0, 10}', '{0, Infinity}', 'interpolated')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0, Infinity}', '{0, 1}', 'interpolated')$$);
SELECT spm_test.sqlstate($$SELECT 'interpolated: 0 @ 0, 10 @ 1e1000000'::spm.tier_schedule$$);
-- too many points (54000): 65 of them
SELECT spm_test.sqlstate(format($$SELECT %L::spm.tier_schedule$$,
       'interpolated: 0 @ 0' || (SELECT string_agg(', ' || i || ' @ ' || i, '') FROM generate_series(1, 64) i)));
SELECT spm_test.sqlstate($$SELECT spm.tiers(array(SELECT i::numeric FROM generate_series(0, 64) i),
                                            array(SELECT i::numeric FROM generate_series(0, 64) i), 'interpolated')$$);
-- 64 points are allowed
SELECT array_length(spm.tier_thresholds(spm.tiers(array(SELECT i::numeric FROM generate_series(0, 63) i),
                                                  array(SELECT i::numeric FROM generate_series(0, 63) i),
                                                  'interpolated')), 1) AS points;
-- bad text (22P02) and an unknown mode name (22023)
SELECT spm_test.sqlstate($$SELECT 'interpolated 0 @ 0, 1 @ 1'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'interpolate: 0 @ 0, 1 @ 1'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'interpolated: 0 @ 0, 1 @'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0, 1}', '{0, 1}', 'interpolate')$$);
-- the basis and quota are checked as in the other modes
SELECT spm_test.sqlstate($$SELECT spm.commission('NaN', 'interpolated: 0 @ 0, 1 @ 1')$$);
SELECT spm_test.sqlstate($$SELECT spm.commission(1, 'interpolated: 0 @ 0, 1 @ 1', 0)$$);

-- Differential test: 2,000 random curves (2-6 points, optional cap and
-- gate, with and without quota, rising and falling segments) at random
-- bases, every point, and below 0, against the definition checked in exact
-- arithmetic.  With got the payout before cap and gate on segment i
-- (the last point at or below the basis, clamped to the first and last
-- segments), the error e = (got - v[i]) * (t[i+1] - t[i]) - (basis - t[i]) *
-- (v[i+1] - v[i]) is computed exactly; it must be 0 when the exact quotient
-- terminates (its remainder after 60 places is 0 -- the divisors here are
-- small enough that every terminating quotient has fewer places), and
-- otherwise at most half a unit in the 20th place times the divisor.
CREATE TABLE spm_test.pc_random AS
WITH s AS (
    SELECT i, 2 + (i * 7) % 5 AS np,
           CASE WHEN i % 5 = 0 THEN round((500 + (i * 7919) % 40000)::numeric, 2) END AS cap,
           CASE WHEN i % 7 = 0 THEN round(((i * 104729) % 150)::numeric / 100, 2) END AS gate,
           CASE WHEN i % 3 = 0 THEN 1000 + (i * 31) % 200000 END AS quota
      FROM generate_series(1, 2000) AS i
), pts AS (
    SELECT s.i, k,
           sum(CASE WHEN k = 1 THEN 0
                    WHEN s.quota IS NULL THEN round((1 + (s.i * 13 * k + k * k * 977) % 50000)::numeric / 3, 2)
                    ELSE round(0.05 + ((s.i * 17 + k * 131) % 100) / 100.0, 2) END)
               OVER (PARTITION BY s.i ORDER BY k) AS t,
           CASE WHEN k = 1 THEN 0 ELSE round(((s.i * 29 + k * 53) % 30000)::numeric / 7, 2) END AS v
      FROM s, generate_series(1, s.np) AS k
)
SELECT s.i, s.cap, s.gate, s.quota,
       array_agg(pts.t ORDER BY k) AS t, array_agg(pts.v ORDER BY k) AS v,
       spm.tiers(array_agg(pts.t ORDER BY k), array_agg(pts.v ORDER BY k), 'interpolated', s.cap, s.gate) AS curve
  FROM s JOIN pts USING (i)
 GROUP BY s.i, s.cap, s.gate, s.quota;

CREATE TABLE spm_test.pc_cases AS
SELECT r.*, x.basis,
       -- the segment: the last point at or below the basis, within 1 .. n-1
       least(greatest((SELECT max(k) FROM generate_subscripts(r.t, 1) AS k
                        WHERE r.t[k] * coalesce(r.quota, 1) <= x.basis), 1),
             array_length(r.t, 1) - 1) AS seg
  FROM spm_test.pc_random r
 CROSS JOIN LATERAL (
    SELECT round(((r.i * 7919 * k) % 300000 - 20000)::numeric / 7, 2) AS basis
      FROM generate_series(1, 4) AS k
    UNION ALL
    SELECT t * coalesce(r.quota, 1) FROM unnest(r.t) AS t
    UNION ALL
    SELECT -r.i) x;

SELECT count(*) AS cases,
       count(*) FILTER (WHERE got IS DISTINCT FROM want_capped) AS gate_cap_mismatches,
       count(*) FILTER (WHERE terminates AND e <> 0) AS inexact,
       count(*) FILTER (WHERE NOT terminates AND abs(e) > 0.5e-20 * d) AS imprecise,
       count(*) FILTER (WHERE terminates) > 1000 AS many_exact,
       count(*) FILTER (WHERE NOT terminates) > 1000 AS many_rounded
  FROM (SELECT *,
               (raw - v0) * d - (basis - t0) * (v1 - v0) AS e,
               ((basis - t0) * (v1 - v0) * 1e60) % d = 0 AS terminates,
               CASE WHEN gate IS NOT NULL AND basis < gate * coalesce(quota, 1) THEN 0
                    WHEN cap IS NOT NULL THEN least(raw, cap)
                    ELSE raw END AS want_capped
          FROM (SELECT c.*,
                       CASE WHEN quota IS NULL THEN spm.commission(basis, curve)
                            ELSE spm.commission(basis, curve, quota) END AS got,
                       -- the same curve without cap and gate: the raw payout
                       CASE WHEN quota IS NULL THEN spm.commission(basis, spm.tiers(t, v, 'interpolated'))
                            ELSE spm.commission(basis, spm.tiers(t, v, 'interpolated'), quota) END AS raw,
                       t[seg] * coalesce(quota, 1) AS t0, t[seg + 1] * coalesce(quota, 1) AS t1,
                       v[seg] AS v0, v[seg + 1] AS v1,
                       (t[seg + 1] - t[seg]) * coalesce(quota, 1) AS d
                  FROM spm_test.pc_cases c) x) y;

-- Statement lines over random deals on the random curves: per rep the lines
-- add up to the commission of the total exactly (also where payouts are
-- rounded to 20 places), each line is commission_increment of the running
-- total before it, and commission_agg is commission of the sum.
CREATE TABLE spm_test.pc_rdeals AS
SELECT r.i AS rep, d AS seq,
       CASE WHEN (r.i + d) % 9 = 0 THEN -round(((r.i * d * 37) % 5000)::numeric, 2)
            ELSE round(((r.i * 7919 + d * 104729) % 60000)::numeric / 3, 2) END AS amount,
       r.curve, r.quota
  FROM spm_test.pc_random r, generate_series(1, 1 + r.i % 12) AS d
 WHERE r.i <= 600;
WITH lines AS (
    SELECT rep, seq, amount, curve, quota,
           CASE WHEN quota IS NULL THEN spm.deal_commission(amount, curve) OVER w
                ELSE spm.deal_commission(amount, curve, coalesce(quota, 1)) OVER w END AS line,
           sum(amount) OVER w - amount AS prior
      FROM spm_test.pc_rdeals
    WINDOW w AS (PARTITION BY rep ORDER BY seq)
), per_rep AS (
    SELECT rep, sum(line) AS lines, sum(amount) AS total, min(curve::text)::spm.tier_schedule AS curve,
           min(quota) AS quota
      FROM lines GROUP BY rep
), agg AS (
    SELECT rep, CASE WHEN min(quota) IS NULL THEN spm.commission_agg(amount, curve)
                     ELSE spm.commission_agg(amount, curve, coalesce(quota, 1)) END AS agg
      FROM spm_test.pc_rdeals GROUP BY rep, curve
)
SELECT (SELECT count(*) FROM per_rep) AS reps,
       (SELECT count(*) FROM per_rep
         WHERE lines <> CASE WHEN quota IS NULL THEN spm.commission(total, curve)
                             ELSE spm.commission(total, curve, quota) END) AS sum_mismatches,
       (SELECT count(*) FROM lines
         WHERE line <> CASE WHEN quota IS NULL THEN spm.commission_increment(prior, amount, curve)
                            ELSE spm.commission_increment(prior, amount, curve, quota) END) AS line_mismatches,
       (SELECT count(*) FROM agg JOIN per_rep USING (rep) WHERE agg.agg <> per_rep.lines) AS agg_mismatches,
       (SELECT count(*) FROM lines WHERE line <> round(line, 2)) > 100 AS some_lines_not_in_cents;

-- Parallel plans: commission_agg's and deal_commission's states carry a pay
-- curve between workers; the per-group answers are those of a serial plan
-- and of spm.commission on the group's total.
CREATE TABLE spm_test.pc_big AS
SELECT g % 40 AS rep, round(((g * 7919) % 100000)::numeric / 7, 2) AS amount
  FROM generate_series(1::bigint, 200000) AS g;
ANALYZE spm_test.pc_big;
CREATE VIEW spm_test.pc_big_agg AS
SELECT rep, spm.commission_agg(amount, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; cap 1e9', 3e7) AS q,
       spm.commission_agg(amount, 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150') AS o
  FROM spm_test.pc_big GROUP BY rep;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.pc_serial AS SELECT * FROM spm_test.pc_big_agg;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT * FROM spm_test.pc_big_agg') AS parallel;
CREATE TABLE spm_test.pc_par AS SELECT * FROM spm_test.pc_big_agg;
SELECT spm_test.plan_is_parallel($$SELECT spm.deal_commission(amount, 'interpolated: 0 @ 0, 3 @ 1', 1000) FROM spm_test.pc_big$$) AS parallel,
       spm.deal_commission(amount, 'interpolated: 0 @ 0, 3 @ 1', 1000) IS NOT NULL AS has_line
  FROM spm_test.pc_big;
RESET ALL;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.q IS DISTINCT FROM p.q OR s.o IS DISTINCT FROM p.o) AS differences,
       count(*) FILTER (WHERE s.q <> spm.commission(t.total, 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; cap 1e9', 3e7)
                           OR s.o <> spm.commission(t.total, 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150')) AS wrong
  FROM spm_test.pc_serial s JOIN spm_test.pc_par p USING (rep)
  JOIN (SELECT rep, sum(amount) AS total FROM spm_test.pc_big GROUP BY rep) t USING (rep);
