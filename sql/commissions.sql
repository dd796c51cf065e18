--
-- commissions: spm.tier_schedule, spm.tiers, spm.commission,
-- spm.commission_increment, spm.commission_agg, spm.deal_commission
-- Expected values are hand-computed (arithmetic in the comments) or checked
-- against an independent plain-SQL formula.
--

-- Published worked examples.
-- 5% to 50,000, 7% to 100,000, 10% above; basis 175,000:
--   graduated   50000*.05 + 50000*.07 + 75000*.10 = 2500 + 3500 + 7500 = 13500
--   retroactive 175000 * .10 = 17500
SELECT spm.commission(175000, spm.tiers('{0,50000,100000}', '{0.05,0.07,0.10}')) AS graduated,
       spm.commission(175000, spm.tiers('{0,50000,100000}', '{0.05,0.07,0.10}', 'retroactive')) AS retroactive;
-- 2% to 200, 3% to 500, 4% to 1,000, 5.5% above; basis 1,200:
--   graduated   200*.02 + 300*.03 + 500*.04 + 200*.055 = 4 + 9 + 20 + 11 = 44
--   retroactive 1200 * .055 = 66
SELECT spm.commission(1200, 'graduated: 0 @ 0.02, 200 @ 0.03, 500 @ 0.04, 1000 @ 0.055') AS graduated,
       spm.commission(1200, 'retroactive: 0 @ 0.02, 200 @ 0.03, 500 @ 0.04, 1000 @ 0.055') AS retroactive;
-- 50% to 100,000, 60% above; basis 180,000:
--   graduated 50000 + 48000 = 98000; retroactive 108000
SELECT spm.commission(180000, 'graduated: 0 @ 0.5, 100000 @ 0.6') AS graduated,
       spm.commission(180000, 'retroactive: 0 @ 0.5, 100000 @ 0.6') AS retroactive;

-- Boundaries: a retroactive basis exactly on a threshold takes the rate of
-- the band starting there; graduated results are continuous there.
SELECT b, spm.commission(b, 'retroactive: 0 @ 0.05, 50000 @ 0.07') AS retro,
          spm.commission(b, 'graduated: 0 @ 0.05, 50000 @ 0.07') AS grad
  FROM unnest('{0, 49999.99, 50000, 50000.01}'::numeric[]) AS b;
-- Exact: no rounding anywhere.  0.0123 * 333.33 = 4.099959
SELECT spm.commission(333.33, 'graduated: 0 @ 0.0123');
-- Negative basis (net clawbacks): the first band's rate applies
SELECT spm.commission(-1000, 'graduated: 0 @ 0.05, 500 @ 0.10') AS grad,
       spm.commission(-1000, 'retroactive: 0 @ 0.05, 500 @ 0.10') AS retro;

-- Cap and gate.  Gate 10,000: nothing below it, the full schedule from it.
-- Cap 3,000 on 5%/10% above 20,000: 30,000 earns 1000 + 1000 = 2000; 60,000
-- would earn 1000 + 4000 = 5000, capped to 3000.
SELECT b, spm.commission(b, 'graduated: 0 @ 0.05, 20000 @ 0.10; cap 3000; gate 10000')
  FROM unnest('{0, 9999.99, 10000, 30000, 60000}'::numeric[]) AS b;
-- a retroactive gate: 1% of everything once 100,000 is reached
SELECT spm.commission(99999, 'retroactive: 0 @ 0.01; gate 100000') AS below,
       spm.commission(100000, 'retroactive: 0 @ 0.01; gate 100000') AS at_gate;

-- With a quota, thresholds and gate are fractions of it; rates apply to money.
-- Accelerator: 8% to 100% of quota, 12% to 150%, 16% above; quota 200,000.
-- 350,000: 200000*.08 + 100000*.12 + 50000*.16 = 16000 + 12000 + 8000 = 36000
SELECT spm.commission(350000, 'graduated: 0 @ 0.08, 1.0 @ 0.12, 1.5 @ 0.16', 200000);
-- the same plan scales with the quota: double quota and basis, double pay
SELECT spm.commission(700000, 'graduated: 0 @ 0.08, 1.0 @ 0.12, 1.5 @ 0.16', 400000);
-- gate at 50% of quota 80,000: 39,999 earns nothing, 40,000 earns 4% of it
SELECT spm.commission(39999, 'retroactive: 0 @ 0.04; gate 0.5', 80000) AS below,
       spm.commission(40000, 'retroactive: 0 @ 0.04; gate 0.5', 80000) AS at_gate;

-- commission_increment = commission(prior + amount) - commission(prior)
-- 45,000 then a 10,000 deal on 5%/7% at 50,000: 5000*.05 + 5000*.07 = 600
SELECT spm.commission_increment(45000, 10000, 'graduated: 0 @ 0.05, 50000 @ 0.07') AS crossing,
       spm.commission_increment(10000, 5000, 'graduated: 0 @ 0.05, 50000 @ 0.07') AS same_band,
       -- retroactive: crossing 50,000 re-rates everything: 55000*.07 - 45000*.05 = 1600
       spm.commission_increment(45000, 10000, 'retroactive: 0 @ 0.05, 50000 @ 0.07') AS retro_crossing,
       -- a clawback back below the threshold gives the line back
       spm.commission_increment(55000, -10000, 'retroactive: 0 @ 0.05, 50000 @ 0.07') AS clawback;
SELECT spm.commission_increment(150000, 100000, 'graduated: 0 @ 0.08, 1.0 @ 0.12', 200000);  -- 50000*.08 + 50000*.12 = 10000

-- the text form round-trips exactly, scale included
SELECT s::spm.tier_schedule::text = s AS round_trips
  FROM (VALUES ('graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10'),
               ('retroactive: 0 @ 0.010; cap 20000.00; gate 0.5'),
               ('graduated: 0 @ 1.5'),
               ('graduated: 0 @ 0, 0.000001 @ 0.1')) v(s);
SELECT '  RETROACTIVE :0@0.05,  1e3 @ .07 ;gate 10 ; cap 5  '::spm.tier_schedule;
-- accessors and jsonb, both ways
SELECT spm.tier_mode(s), spm.tier_thresholds(s), spm.tier_rates(s), spm.tier_cap(s), spm.tier_gate(s)
  FROM (SELECT 'graduated: 0 @ 0.05, 50000 @ 0.07; cap 20000'::spm.tier_schedule AS s) x;
SELECT 'graduated: 0 @ 0.05, 50000 @ 0.07; cap 20000'::spm.tier_schedule::jsonb;
SELECT '{"thresholds": [0, 1.0], "rates": [0.08, 0.12], "mode": "retroactive", "gate": 0.5, "cap": null}'::jsonb::spm.tier_schedule;
SELECT '{"thresholds": [0], "rates": [0.05]}'::jsonb::spm.tier_schedule;
SELECT s::spm.tier_schedule::jsonb::spm.tier_schedule::text = s AS jsonb_round_trip
  FROM (VALUES ('retroactive: 0 @ 0.010, 5 @ 0.02; cap 20000.00; gate 0.5')) v(s);
-- spm.tiers: a NULL cap or gate means none
SELECT spm.tiers('{0}', '{0.05}', 'graduated', NULL, NULL);
SELECT spm.tiers('{0,1}', '{0.05,0.1}', 'retroactive', 500, 0);

-- Validation: every problem is an error with its SQLSTATE
SELECT spm_test.sqlstate($$SELECT spm.tiers('{10,20}', '{0.05,0.07}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,20,20}', '{0.05,0.07,0.1}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,30,20}', '{0.05,0.07,0.1}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,20}', '{0.05}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,NULL}', '{0.05,0.07}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,20}', '{0.05,NULL}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{}', '{}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers(NULL, '{0.05}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', NULL)$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{0.05}', NULL)$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,-5}', '{0.05,0.07}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,5}', '{0.05,-0.07}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,NaN}', '{0.05,0.07}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0,Infinity}', '{0.05,0.07}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{NaN}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{0.05}', 'tiered')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{0.05}', 'graduated', -1)$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{0.05}', 'graduated', NULL, -1)$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{0.05}', 'graduated', 'NaN')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers('{{0,1}}', '{{0.05,0.1}}')$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers(array(SELECT generate_series(0, 64)::numeric),
                                            array(SELECT 0.01 FROM generate_series(0, 64)))$$);
SELECT spm_test.sqlstate($$SELECT spm.tiers(array(SELECT generate_series(0, 63)::numeric * 1e90),
                                            array(SELECT 1e-90 + 0.1 FROM generate_series(0, 63)))$$);
-- 64 bands is allowed
SELECT array_length(spm.tier_rates(spm.tiers(array(SELECT generate_series(0, 63)::numeric),
                                             array(SELECT 0.01 FROM generate_series(0, 63)))), 1) AS bands;
-- malformed text: 22P02, with the position
SELECT spm_test.sqlstate($$SELECT ''::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'stepped: 0 @ 0.05'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated 0 @ 0.05'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 0.05'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ five'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 0.05,'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 0.05; cap'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 0.05; cap 1; cap 2'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 0.05; floor 3'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ NaN'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 0.05 junk'::spm.tier_schedule$$);
-- well-formed text that is not a valid schedule: 22023
SELECT spm_test.sqlstate($$SELECT 'graduated: 5 @ 0.05'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ -0.05'::spm.tier_schedule$$);
-- malformed jsonb
SELECT spm_test.sqlstate($$SELECT '[1,2]'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT '{"rates": [0.05]}'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT '{"thresholds": [0], "rates": ["0.05"]}'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT '{"thresholds": 0, "rates": [0.05]}'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT '{"thresholds": [0], "rates": [0.05], "thresold": 1}'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT '{"thresholds": [0], "rates": [0.05], "mode": 1}'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT '{"thresholds": [0], "rates": [0.05], "cap": "big"}'::jsonb::spm.tier_schedule$$);

-- arguments out of range
SELECT spm_test.sqlstate($$SELECT spm.commission('NaN', 'graduated: 0 @ 0.05')$$);
SELECT spm_test.sqlstate($$SELECT spm.commission('Infinity', 'graduated: 0 @ 0.05')$$);
SELECT spm_test.sqlstate($$SELECT spm.commission(100, 'graduated: 0 @ 0.05', 0)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission(100, 'graduated: 0 @ 0.05', -5)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission_increment(100, 'NaN', 'graduated: 0 @ 0.05')$$);
SELECT spm.commission(NULL, 'graduated: 0 @ 0.05') IS NULL AS strict,
       spm.commission(1, NULL) IS NULL AS strict_schedule,
       spm.commission(1, 'graduated: 0 @ 0.05', NULL) IS NULL AS strict_quota;
-- huge values stay exact
SELECT spm.commission(1e30, 'graduated: 0 @ 0.05, 1e20 @ 0.07') = 0.05 * 1e20 + 0.07 * (1e30 - 1e20) AS exact_huge;

-- binary send/receive round-trips through COPY
CREATE TABLE spm_test.cm_plans (id int, plan spm.tier_schedule);
INSERT INTO spm_test.cm_plans VALUES
    (1, 'graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10'),
    (2, 'retroactive: 0 @ 0.010; cap 20000.00; gate 0.5'), (3, NULL);
\copy spm_test.cm_plans TO 'results/cm_plans.bin' WITH (FORMAT binary)
CREATE TABLE spm_test.cm_plans2 (LIKE spm_test.cm_plans);
\copy spm_test.cm_plans2 FROM 'results/cm_plans.bin' WITH (FORMAT binary)
SELECT a.id, a.plan::text IS NOT DISTINCT FROM b.plan::text AS same
  FROM spm_test.cm_plans a JOIN spm_test.cm_plans2 b USING (id) ORDER BY id;
-- binary form: version, mode, flags, bands (one byte each), then each number
-- as a length and numeric_send's bytes; the receive function checks them all
-- and validates the schedule as spm.tiers does
SELECT spm.tier_schedule_send('graduated: 0 @ 0.05; cap 7');
SELECT spm_test.recv(spm.tier_schedule_send('retroactive: 0 @ 0.05, 100 @ 0.07; cap 7; gate 3'), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05') PLACING '\x02' FROM 1), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05') PLACING '\x03' FROM 2), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05') PLACING '\x04' FROM 3), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05') PLACING '\x00' FROM 4), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05') PLACING '\x41' FROM 4), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05') PLACING '\x7fffffff' FROM 5), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05') PLACING '\x01' FROM 3), 'spm.tier_schedule');
SELECT spm_test.recv(substr(spm.tier_schedule_send('graduated: 0 @ 0.05'), 1, 12), 'spm.tier_schedule');
SELECT spm_test.recv(spm.tier_schedule_send('graduated: 0 @ 0.05') || '\x00'::bytea, 'spm.tier_schedule');
-- well-formed numbers making an invalid schedule (first threshold 5), and a
-- malformed number
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05')
                             PLACING '\x0000000a'::bytea || numeric_send(5) FROM 5 FOR 12), 'spm.tier_schedule');
SELECT spm_test.recv(overlay(spm.tier_schedule_send('graduated: 0 @ 0.05')
                             PLACING '\x0000000a0001000000000000ffff' FROM 5 FOR 12), 'spm.tier_schedule');

-- Differential test: 3,000 random schedules (1-6 bands, optional cap and
-- gate, both modes, with and without quota) against the plain-SQL formula:
--   graduated   sum over bands of rate * greatest(0, least(basis, next) - threshold)
--               (below 0: first rate * basis)
--   retroactive rate of the last band with threshold <= basis, times basis
-- then the gate (nothing below it) and the cap (least).
CREATE TABLE spm_test.cm_random AS
WITH s AS (
    SELECT i, 1 + (i * 7) % 6 AS nb,
           CASE WHEN i % 2 = 0 THEN 'graduated' ELSE 'retroactive' END AS mode,
           CASE WHEN i % 5 = 0 THEN round((500 + (i * 7919) % 40000)::numeric, 2) END AS cap,
           CASE WHEN i % 7 = 0 AND i % 3 <> 0 THEN round(((i * 104729) % 30000)::numeric / 3, 2)
                WHEN i % 7 = 0 THEN round(((i * 104729) % 150)::numeric / 100, 2) END AS gate,
           CASE WHEN i % 3 = 0 THEN 1000 + (i * 31) % 200000 END AS quota
      FROM generate_series(1, 3000) AS i
), bands AS (
    SELECT s.i, b,
           -- thresholds: 0, then cumulative random steps (fractions of quota when there is one)
           CASE WHEN b = 1 THEN 0
                ELSE sum(CASE WHEN b = 1 THEN 0 ELSE
                         CASE WHEN s.quota IS NULL THEN 1 + (s.i * 13 * b + b * b * 977) % 50000
                              ELSE round(0.05 + ((s.i * 17 + b * 131) % 100) / 100.0, 2) END END)
                         OVER (PARTITION BY s.i ORDER BY b) END AS t,
           round(((s.i * 29 + b * 53) % 300)::numeric / 1000, 3) AS r
      FROM s, generate_series(1, s.nb) AS b
)
SELECT s.i, s.mode, s.cap, s.gate, s.quota,
       array_agg(bands.t ORDER BY b) AS thresholds, array_agg(bands.r ORDER BY b) AS rates,
       spm.tiers(array_agg(bands.t ORDER BY b), array_agg(bands.r ORDER BY b), s.mode, s.cap, s.gate) AS sched
  FROM s JOIN bands USING (i)
 GROUP BY s.i, s.mode, s.cap, s.gate, s.quota;

CREATE TABLE spm_test.cm_cases AS
SELECT r.i, r.sched, r.quota, r.mode, r.cap, r.gate, r.thresholds, r.rates, x.basis
  FROM spm_test.cm_random r
 CROSS JOIN LATERAL (
    -- random bases, plus every threshold exactly, plus a negative one
    SELECT round(((r.i * 7919 * k) % 300000 - 20000)::numeric / 7, 2) AS basis
      FROM generate_series(1, 4) AS k
    UNION ALL
    SELECT t * coalesce(r.quota, 1) FROM unnest(r.thresholds) AS t
    UNION ALL
    SELECT -r.i) x;

CREATE FUNCTION spm_test.cm_reference(basis numeric, thresholds numeric[], rates numeric[],
                                      mode text, cap numeric, gate numeric, quota numeric)
RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    WITH b AS (
        SELECT k, thresholds[k] * coalesce(quota, 1) AS lo,
               coalesce(thresholds[k + 1] * coalesce(quota, 1), 'Infinity') AS hi,
               rates[k] AS rate
          FROM generate_subscripts(thresholds, 1) AS k
    ), raw AS (
        SELECT CASE
                 WHEN basis < 0 THEN rates[1] * basis
                 WHEN mode = 'graduated' THEN
                     (SELECT sum(rate * greatest(0, least(basis, hi) - lo)) FROM b)
                 ELSE (SELECT rate * basis FROM b WHERE lo <= basis ORDER BY k DESC LIMIT 1)
               END AS c
    )
    SELECT CASE WHEN gate IS NOT NULL AND basis < gate * coalesce(quota, 1) THEN 0
                WHEN cap IS NOT NULL THEN least(c, cap)
                ELSE c END
      FROM raw
$$;

SELECT count(*) AS cases,
       count(DISTINCT i) AS schedules,
       count(*) FILTER (WHERE got IS DISTINCT FROM want) AS mismatches
  FROM (SELECT i,
               CASE WHEN quota IS NULL THEN spm.commission(basis, sched)
                    ELSE spm.commission(basis, sched, quota) END AS got,
               spm_test.cm_reference(basis, thresholds, rates, mode, cap, gate, quota) AS want
          FROM spm_test.cm_cases) d;
-- graduated schedules without a gate are continuous: at each threshold the
-- band below and the band above agree
SELECT count(*) FILTER (WHERE spm.commission(t - 0.000001, sched, coalesce(quota, 1))
                            - spm.commission(t, sched, coalesce(quota, 1)) > 0.000001) AS jumps
  FROM (SELECT r.sched, r.quota, t * coalesce(r.quota, 1) AS t
          FROM spm_test.cm_random r, unnest(r.thresholds) AS t
         WHERE r.mode = 'graduated' AND r.gate IS NULL AND t > 0) x;

-- Statement lines: deal_commission over a window.  Per rep: lines sum to the
-- commission of the total, each line equals commission_increment of the
-- running total before it, clawbacks (negative amounts) give negative lines,
-- and commission_agg equals commission of the sum.
CREATE TABLE spm_test.cm_deals AS
SELECT r.i AS rep, d AS seq,
       CASE WHEN (r.i + d) % 9 = 0 THEN -round(((r.i * d * 37) % 5000)::numeric, 2)
            ELSE round(((r.i * 7919 + d * 104729) % 60000)::numeric / 3, 2) END AS amount,
       r.sched, r.quota
  FROM spm_test.cm_random r, generate_series(1, 1 + r.i % 12) AS d
 WHERE r.i <= 800;

WITH lines AS (
    SELECT rep, seq, amount, sched, quota,
           spm.deal_commission(amount, sched) OVER w AS line,
           sum(amount) OVER w - amount AS prior
      FROM spm_test.cm_deals WHERE quota IS NULL
    WINDOW w AS (PARTITION BY rep ORDER BY seq)
    UNION ALL
    SELECT rep, seq, amount, sched, quota,
           spm.deal_commission(amount, sched, quota) OVER w AS line,
           sum(amount) OVER w - amount AS prior
      FROM spm_test.cm_deals WHERE quota IS NOT NULL
    WINDOW w AS (PARTITION BY rep ORDER BY seq)
), per_rep AS (
    SELECT rep, sum(line) AS lines, sum(amount) AS total, min(sched::text)::spm.tier_schedule AS sched,
           min(quota) AS quota
      FROM lines GROUP BY rep
), agg AS (
    SELECT rep, spm.commission_agg(amount, sched) AS agg_plain
      FROM spm_test.cm_deals WHERE quota IS NULL GROUP BY rep
), agg_q AS (
    SELECT rep, spm.commission_agg(amount, sched, quota) AS agg_quota
      FROM spm_test.cm_deals WHERE quota IS NOT NULL GROUP BY rep, quota
)
SELECT (SELECT count(*) FROM per_rep) AS reps,
       (SELECT count(*) FROM lines WHERE amount < 0) AS clawback_lines,
       -- graduated pay never falls as the basis grows, so a clawback never pays
       (SELECT count(*) FROM lines l JOIN spm_test.cm_random r ON r.i = l.rep
         WHERE l.amount < 0 AND l.line > 0 AND r.mode = 'graduated') AS graduated_clawbacks_paying,
       (SELECT count(*) FROM per_rep
         WHERE lines <> CASE WHEN quota IS NULL THEN spm.commission(total, sched)
                             ELSE spm.commission(total, sched, quota) END) AS sum_mismatches,
       (SELECT count(*) FROM lines
         WHERE line <> CASE WHEN quota IS NULL THEN spm.commission_increment(prior, amount, sched)
                            ELSE spm.commission_increment(prior, amount, sched, quota) END) AS line_mismatches,
       (SELECT count(*) FROM agg JOIN per_rep USING (rep)
         WHERE agg_plain <> spm.commission(total, sched)) AS agg_mismatches,
       (SELECT count(*) FROM agg_q JOIN per_rep USING (rep)
         WHERE agg_quota <> spm.commission(total, sched, quota)) AS agg_quota_mismatches;

-- A small statement, by hand: 5% to 10,000, 8% above; deals 6,000, 5,000,
-- a clawback of 3,000, then 4,000.
--   6000 -> 300;  11000 -> 500 + 80 = 580, line 280;
--   8000 -> 400, line -180;  12000 -> 500 + 160 = 660, line 260;  total 660
SELECT seq, amount, spm.deal_commission(amount, 'graduated: 0 @ 0.05, 10000 @ 0.08')
                    OVER (ORDER BY seq) AS line
  FROM (VALUES (1, 6000), (2, 5000), (3, -3000), (4, 4000), (5, NULL)) v(seq, amount);
SELECT spm.commission_agg(amount, 'graduated: 0 @ 0.05, 10000 @ 0.08')
  FROM (VALUES (6000), (5000), (-3000), (4000), (NULL)) v(amount);

-- aggregates: NULL amounts skipped, no rows NULL, NULL schedule or quota an
-- error, and one plan per group
SELECT spm.commission_agg(amount, 'graduated: 0 @ 0.05') IS NULL AS no_rows
  FROM (SELECT 1::numeric AS amount WHERE false) x;
SELECT spm.commission_agg(amount, 'graduated: 0 @ 0.05') IS NULL AS only_nulls
  FROM (VALUES (NULL::numeric)) v(amount);
SELECT spm_test.sqlstate($$SELECT spm.commission_agg(a, NULL) FROM (VALUES (1.0)) v(a)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission_agg(a, 'graduated: 0 @ 0.05', NULL) FROM (VALUES (1.0)) v(a)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission_agg(a, s::spm.tier_schedule)
                             FROM (VALUES (1.0, 'graduated: 0 @ 0.05'), (2.0, 'graduated: 0 @ 0.06')) v(a, s)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission_agg(a, 'graduated: 0 @ 0.05', q)
                             FROM (VALUES (1.0, 100), (2.0, 200)) v(a, q)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission_agg(a, 'graduated: 0 @ 0.05', 0) FROM (VALUES (1.0)) v(a)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission_agg(a, 'graduated: 0 @ 0.05') FROM (VALUES ('NaN'::numeric)) v(a)$$);
SELECT spm_test.sqlstate($$SELECT spm.deal_commission(a, NULL) OVER () FROM (VALUES (1.0)) v(a)$$);
SELECT spm_test.sqlstate($$SELECT spm.deal_commission(a, 'graduated: 0 @ 0.05', -1) OVER () FROM (VALUES (1.0)) v(a)$$);

-- forced parallel plans give the same per-group answers as serial ones
CREATE TABLE spm_test.cm_big AS
SELECT g % 50 AS rep, round(((g * 7919) % 100000)::numeric / 7, 2) AS amount
  FROM generate_series(1::bigint, 300000) AS g;
ANALYZE spm_test.cm_big;
CREATE VIEW spm_test.cm_big_agg AS
SELECT rep, spm.commission_agg(amount, 'graduated: 0 @ 0.05, 1.0 @ 0.08', 250000) AS c,
       spm.commission_agg(amount, 'retroactive: 0 @ 0.01, 100000 @ 0.02; cap 9000') AS r
  FROM spm_test.cm_big GROUP BY rep;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.cm_serial AS SELECT * FROM spm_test.cm_big_agg;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT * FROM spm_test.cm_big_agg') AS parallel;
CREATE TABLE spm_test.cm_par AS SELECT * FROM spm_test.cm_big_agg;
RESET ALL;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.c IS DISTINCT FROM p.c OR s.r IS DISTINCT FROM p.r) AS differences,
       count(*) FILTER (WHERE s.c <> spm.commission(t.total, 'graduated: 0 @ 0.05, 1.0 @ 0.08', 250000)) AS wrong
  FROM spm_test.cm_serial s JOIN spm_test.cm_par p USING (rep)
  JOIN (SELECT rep, sum(amount) AS total FROM spm_test.cm_big GROUP BY rep) t USING (rep);

-- equality and hashing: schedules that pay the same are equal, whatever the
-- scale of their numbers; GROUP BY and DISTINCT work on plans whatever the
-- search_path (the operators themselves live in schema spm)
SELECT a OPERATOR(spm.=) b AS equal, a OPERATOR(spm.<>) b AS not_equal
  FROM (VALUES ('graduated: 0 @ 0.05, 50000 @ 0.07', 'graduated: 0.00 @ 0.050, 5e4 @ 0.07'),
               ('graduated: 0 @ 0.05', 'retroactive: 0 @ 0.05'),
               ('graduated: 0 @ 0.05; cap 10', 'graduated: 0 @ 0.05'),
               ('graduated: 0 @ 0.05; gate 10', 'graduated: 0 @ 0.05; gate 10.0'),
               ('graduated: 0 @ 0.05, 10 @ 0.1', 'graduated: 0 @ 0.05, 10 @ 0.11')) v(x, y),
       LATERAL (SELECT x::spm.tier_schedule AS a, y::spm.tier_schedule AS b) t;
-- DISTINCT and GROUP BY hash plans (ORDER BY is tested further down)
SELECT count(*) AS distinct_plans    -- 0.05 = 0.050 and cap 1 = cap 1.00: 4 plans
  FROM (SELECT DISTINCT p
          FROM (SELECT unnest(ARRAY['graduated: 0 @ 0.05', 'graduated: 0 @ 0.050', 'graduated: 0 @ 0.06',
                                    'retroactive: 0 @ 0.05', 'graduated: 0 @ 0.05; cap 1',
                                    'graduated: 0 @ 0.05; cap 1.00'])::spm.tier_schedule AS p) x) d;
SELECT p::text AS plan, count(*)
  FROM (SELECT unnest(ARRAY['graduated: 0 @ 0.05', 'graduated: 0 @ 0.050', 'retroactive: 0 @ 0.05'])::spm.tier_schedule AS p) x
 GROUP BY p ORDER BY 2 DESC, 1;

-- Fuzz: 5,000 random strings over the grammar's alphabet either fail with
-- 22P02 (malformed) or 22023/54000 (a well-formed but invalid schedule), or
-- are accepted and then round-trip through text, jsonb and binary-equal form.
CREATE FUNCTION spm_test.cm_fuzz(n int) RETURNS TABLE (outcome text, count bigint)
LANGUAGE plpgsql AS $$
DECLARE
    alphabet text := 'graduetvcp:;,@ 0123456789.e+-';
    s text;
    t spm.tier_schedule;
    results text[] := '{}';
BEGIN
    PERFORM setseed(0.5);
    FOR i IN 1..n LOOP
        IF i % 3 = 0 THEN
            s := format('%s: 0 @ %s, %s @ %s%s',
                        CASE WHEN random() < 0.5 THEN 'graduated' ELSE 'retroactive' END,
                        round(random()::numeric, 3), (random() * 1000)::int, round(random()::numeric, 2),
                        CASE WHEN random() < 0.3 THEN '; cap ' || (random() * 100)::int ELSE '' END);
        ELSE
            s := '';
            FOR k IN 1..(random() * 40)::int LOOP
                s := s || substr(alphabet, 1 + (random() * (length(alphabet) - 1))::int, 1);
            END LOOP;
        END IF;
        BEGIN
            t := s::spm.tier_schedule;
            IF t::text::spm.tier_schedule::text = t::text
               AND t::jsonb::spm.tier_schedule OPERATOR(spm.=) t THEN
                results := results || 'accepted, round-trips'::text;
            ELSE
                results := results || ('accepted, DOES NOT ROUND-TRIP: ' || s);
            END IF;
        EXCEPTION WHEN OTHERS THEN
            results := results || CASE WHEN SQLSTATE IN ('22P02', '22023', '54000')
                                       THEN 'rejected with ' || SQLSTATE
                                       ELSE 'UNEXPECTED ' || SQLSTATE || ': ' || s END::text;
        END;
    END LOOP;
    RETURN QUERY SELECT r, count(*) FROM unnest(results) AS r GROUP BY r ORDER BY r;
END
$$;
SELECT outcome, count > 0 AS seen FROM spm_test.cm_fuzz(5000);

-- One notion of plan equality.  GROUP BY plan puts 'graduated: 0 @ 0.05'
-- and 'graduated: 0 @ 0.050' in one group (they pay the same); the
-- aggregates in that group accept both as the same plan.  100 + 200 = 300
-- at 5% = 15; with quota 1000 (thresholds as fractions of it) the same.
-- The lines of deal_commission: 100 * 5% = 5 and 200 * 5% = 10.
SELECT count(*) AS groups, min(c) AS c, min(cq) AS cq
  FROM (SELECT p, spm.commission_agg(a, p) AS c, spm.commission_agg(a, p, 1000) AS cq
          FROM (VALUES (100, 'graduated: 0 @ 0.05'::spm.tier_schedule),
                       (200, 'graduated: 0 @ 0.050')) v(a, p)
         GROUP BY p) g;
SELECT a, spm.deal_commission(a, p) OVER w AS line, spm.deal_commission(a, p, 1000) OVER w AS line_q
  FROM (VALUES (100, 'graduated: 0 @ 0.05'::spm.tier_schedule),
               (200, 'graduated: 0 @ 0.050')) v(a, p)
WINDOW w AS (ORDER BY a);
-- plans that differ are still an error, naming both
SELECT spm_test.error($$SELECT spm.commission_agg(a, s::spm.tier_schedule)
                          FROM (VALUES (1.0, 'graduated: 0 @ 0.05'), (2.0, 'graduated: 0 @ 0.0500001')) v(a, s)$$);
SELECT spm_test.error($$SELECT spm.commission_agg(a, 'graduated: 0 @ 0.05', q)
                          FROM (VALUES (1.0, 100), (2.0, 100.0), (3.0, 200)) v(a, q)$$);

-- A btree operator class: a total order consistent with = and the hash.
-- By hand: graduated before retroactive; then band by band (threshold, then
-- rate); a schedule that is a prefix of another first; then no cap before a
-- cap, then no gate before a gate.  0.05 and 0.050 sort together.
CREATE TABLE spm_test.cm_plan_rows (rep text, plan spm.tier_schedule);
INSERT INTO spm_test.cm_plan_rows VALUES
    ('ann', 'graduated: 0 @ 0.05'), ('ann', 'graduated: 0 @ 0.050'),
    ('bob', 'retroactive: 0 @ 0.01'), ('bob', 'graduated: 0 @ 0.05, 10 @ 0.1'),
    ('cat', 'graduated: 0 @ 0.05; cap 1'), ('cat', 'graduated: 0 @ 0.05; gate 1'),
    ('dan', 'graduated: 0 @ 0.04'), ('dan', 'graduated: 0 @ 0.05; cap 1.0'),
    ('eve', 'graduated: 0 @ 0.05, 9 @ 0.2'), ('eve', 'graduated: 0 @ 0.05; cap 1; gate 0');
-- expected: 0.04 | 0.05 (x2) | 0.05; gate 1 | cap 1 (x2) | cap 1; gate 0 |
--           0 @ 0.05, 9 @ 0.2 | 0 @ 0.05, 10 @ 0.1 | retroactive
SELECT plan, rank() OVER (ORDER BY plan) FROM spm_test.cm_plan_rows ORDER BY plan, rep, plan::text;
SELECT count(DISTINCT plan) AS distinct_plans,                   -- 8
       (SELECT count(*) FROM (SELECT DISTINCT plan FROM spm_test.cm_plan_rows) d) AS select_distinct
  FROM spm_test.cm_plan_rows;
SELECT rep, plan, count(*) OVER (PARTITION BY rep, plan) AS same_plan
  FROM spm_test.cm_plan_rows ORDER BY rep, plan, plan::text;
-- (the operators live in schema spm: plain operators with it on the path)
SET search_path = public, spm;
SELECT a < b AS lt, a <= b AS le, a = b AS eq, a >= b AS ge, a > b AS gt, a <> b AS ne,
       spm.tier_schedule_cmp(a, b) AS cmp,
       spm.tier_schedule_hash(a) = spm.tier_schedule_hash(b) AS same_hash
  FROM (VALUES ('graduated: 0 @ 0.05', 'graduated: 0 @ 0.050'),
               ('graduated: 0 @ 0.05; cap 1', 'graduated: 0 @ 0.05; gate 1'),
               ('retroactive: 0 @ 0', 'graduated: 0 @ 9')) v(x, y),
       LATERAL (SELECT x::spm.tier_schedule AS a, y::spm.tier_schedule AS b) t;
-- the order of the 3,000 random schedules against an independent key: mode,
-- then (threshold, rate) pairs as a numeric array (arrays compare element by
-- element, a prefix first), then cap and gate, absent first
SELECT count(*) AS schedules,
       count(*) FILTER (WHERE by_type <> by_key) AS misplaced
  FROM (SELECT rank() OVER (ORDER BY sched) AS by_type,
               rank() OVER (ORDER BY spm.tier_mode(sched),
                                     (SELECT array_agg(x ORDER BY k, j)
                                        FROM unnest(spm.tier_thresholds(sched), spm.tier_rates(sched))
                                             WITH ORDINALITY AS u(t, r, k),
                                             LATERAL (VALUES (1, t), (2, r)) AS z(j, x)),
                                     spm.tier_cap(sched) IS NOT NULL, spm.tier_cap(sched),
                                     spm.tier_gate(sched) IS NOT NULL, spm.tier_gate(sched)) AS by_key
          FROM spm_test.cm_random) r;
-- equal schedules hash alike and compare 0, over all pairs of a sample
SELECT count(*) FILTER (WHERE spm.tier_schedule_cmp(a.sched, b.sched) = 0) AS equal_pairs,
       count(*) FILTER (WHERE (spm.tier_schedule_cmp(a.sched, b.sched) = 0)
                              <> (a.sched::text::spm.tier_schedule OPERATOR(spm.=) b.sched)) AS eq_mismatch,
       count(*) FILTER (WHERE spm.tier_schedule_cmp(a.sched, b.sched) = 0
                          AND spm.tier_schedule_hash(a.sched) <> spm.tier_schedule_hash(b.sched)) AS hash_mismatch,
       count(*) FILTER (WHERE sign(spm.tier_schedule_cmp(a.sched, b.sched))
                              <> -sign(spm.tier_schedule_cmp(b.sched, a.sched))) AS asymmetric
  FROM (SELECT sched FROM spm_test.cm_random WHERE i <= 150
        UNION ALL SELECT spm.tiers(spm.tier_thresholds(sched), array(SELECT r * 1.00 FROM unnest(spm.tier_rates(sched)) r),
                                   spm.tier_mode(sched), spm.tier_cap(sched), spm.tier_gate(sched))
                    FROM spm_test.cm_random WHERE i <= 20) a,
       (SELECT sched FROM spm_test.cm_random WHERE i <= 150) b;
-- a btree index and a merge join on a plan column
CREATE INDEX cm_plan_rows_plan ON spm_test.cm_plan_rows (plan);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT rep FROM spm_test.cm_plan_rows WHERE plan = 'graduated: 0 @ 0.050'::spm.tier_schedule;
SELECT rep FROM spm_test.cm_plan_rows WHERE plan = 'graduated: 0 @ 0.050'::spm.tier_schedule ORDER BY rep;
RESET enable_seqscan;
RESET enable_bitmapscan;
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM spm_test.cm_plan_rows a JOIN spm_test.cm_plan_rows b ON a.plan = b.plan;
-- 2*2 (ann) + 2*2 (the caps 1 and 1.0) + 6 singletons = 14
SELECT count(*) FROM spm_test.cm_plan_rows a JOIN spm_test.cm_plan_rows b ON a.plan = b.plan;
RESET enable_hashjoin;
RESET enable_nestloop;
RESET search_path;

-- The 4 kB limit is for entered schedules only.  A valid 46-band schedule
-- near the limit with a long quota: its quota-scaled working copy inside the
-- aggregates is larger, and commission_agg, deal_commission and
-- spm.commission agree (they used to fail with 54000 in the aggregates).
CREATE TABLE spm_test.cm_near_limit AS
SELECT spm.tiers(array(SELECT round(i * 1.1111111111111111111, 19) FROM generate_series(0, 45) i),
                 array(SELECT round(0.01 + i * 0.0012345678901234567, 19) FROM generate_series(0, 45) i)) AS plan,
       123456789.123456789123456789::numeric AS quota;
SELECT pg_column_size(plan) BETWEEN 3000 AND 4096 AS near_limit FROM spm_test.cm_near_limit;
SELECT agg = spm.commission(total, plan, quota) AS agg_agrees,
       lines = spm.commission(total, plan, quota) AS lines_agree,
       agg > 0 AS positive
  FROM (SELECT plan, quota, sum(a) AS total, spm.commission_agg(a, plan, quota) AS agg
          FROM spm_test.cm_near_limit, generate_series(1, 30) g, LATERAL (SELECT g * 12345678.9::numeric AS a) x
         GROUP BY plan, quota) t,
       LATERAL (SELECT sum(line) AS lines
                  FROM (SELECT spm.deal_commission(g * 12345678.9::numeric, t.plan, t.quota)
                               OVER (ORDER BY g) AS line
                          FROM generate_series(1, 30) g) l) d;

-- The states' binary form is versioned and every field is checked: a
-- commission_agg state's bytes given to deal_commission_state's receive
-- function are caught by the state's kind, a wrong version by the version.
-- (Truncated and corrupted states are tested byte by byte in
-- test/unit/test_commission_state.c.)
SELECT spm_test.recv(spm.commission_agg_state_send('(12.5,"graduated: 0 @ 0.05",)'),
                     'spm.deal_commission_state');
SELECT spm_test.recv(overlay(spm.commission_agg_state_send('(12.5,"graduated: 0 @ 0.05",)')
                             PLACING '\x00000000' FROM 1 FOR 4), 'spm.commission_agg_state');
SELECT spm_test.recv(spm.commission_agg_state_send('(12.5,"graduated: 0 @ 0.05",100)'),
                     'spm.commission_agg_state');
SELECT spm_test.recv(spm.deal_commission_state_send('(10,12.5,2.5,"graduated: 0 @ 0.05",)'),
                     'spm.deal_commission_state');
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- deal_commission's states survive the trip too (as a plain aggregate it
-- gives the line of whichever row came last, so only that there is one)
SELECT spm_test.plan_is_parallel($$SELECT spm.deal_commission(amount, 'graduated: 0 @ 0.05', 1000) FROM spm_test.cm_big$$) AS parallel,
       spm.deal_commission(amount, 'graduated: 0 @ 0.05', 1000) IS NOT NULL AS has_line
  FROM spm_test.cm_big;
RESET ALL;

-- Error policy: one SQLSTATE per kind of problem, on every path.
-- 65 bands is 54000 as text, through spm.tiers and through jsonb alike
SELECT spm_test.sqlstate(format($$SELECT %L::spm.tier_schedule$$,
       'graduated: 0 @ 0' || (SELECT string_agg(', ' || i || ' @ 0', '') FROM generate_series(1, 64) i)));
SELECT spm_test.sqlstate($$SELECT spm.tiers(array(SELECT i::numeric FROM generate_series(0, 64) i),
                                            array(SELECT 0::numeric FROM generate_series(0, 64) i))$$);
SELECT spm_test.sqlstate($$SELECT jsonb_build_object('thresholds', array(SELECT i FROM generate_series(0, 64) i),
                                                     'rates', array(SELECT 0 FROM generate_series(0, 64) i))::spm.tier_schedule$$);
-- a number too large for numeric is named with its field (22003)
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 1e1000000'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 0.05; cap 1e-20000'::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT 'graduated: 0 @ 1e100000, 1e100000 @ 1'::spm.tier_schedule$$);
-- not finite is 22003 whatever the component
SELECT spm_test.sqlstate($$SELECT spm.tiers('{0}', '{0.05}', 'graduated', NULL, 'Infinity')$$);
SELECT spm_test.sqlstate($$SELECT '{"thresholds": [0], "rates": [0.05], "mode": "graduated", "bands": []}'::jsonb::spm.tier_schedule$$);
SELECT spm_test.sqlstate($$SELECT '"graduated"'::jsonb::spm.tier_schedule$$);

-- Honest volatility: tier_schedule_to_jsonb (and so the cast) is declared
-- IMMUTABLE and is: it builds the jsonb in C instead of calling
-- jsonb_build_object, which is only STABLE.  (A SQL-standard body's calls
-- to pg_catalog functions are not recorded in pg_depend, so the language is
-- what can be checked.)
SELECT p.proname, l.lanname, p.provolatile
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.oid = 'spm.tier_schedule_to_jsonb'::regproc;
-- the jsonb form is unchanged: keys in jsonb order, cap and gate only when present
SELECT s::spm.tier_schedule::jsonb
  FROM (VALUES ('graduated: 0 @ 0.05'), ('retroactive: 0 @ 0.010, 5 @ 0.02; cap 20000.00; gate 0.5')) v(s);

-- every function, aggregate, type, operator, cast and operator class of the
-- commissions and quotas modules has a comment
SELECT 'function' AS kind, p.oid::regprocedure::text AS object
  FROM pg_proc p
 WHERE p.pronamespace = 'spm'::regnamespace
   AND p.proname ~ '^(tier|tiers$|commission|deal_commission|split|prorate|draw|attainment|pacing|ramp_quota|coverage)'
   AND obj_description(p.oid, 'pg_proc') IS NULL
UNION ALL
SELECT 'operator', o.oid::regoperator::text FROM pg_operator o
 WHERE o.oprleft = 'spm.tier_schedule'::regtype AND obj_description(o.oid, 'pg_operator') IS NULL
UNION ALL
SELECT 'opclass', c.opcname FROM pg_opclass c
 WHERE c.opcintype = 'spm.tier_schedule'::regtype AND obj_description(c.oid, 'pg_opclass') IS NULL
UNION ALL
SELECT 'cast', c.castsource::regtype || ' -> ' || c.casttarget::regtype FROM pg_cast c
 WHERE 'spm.tier_schedule'::regtype IN (c.castsource, c.casttarget)
   AND obj_description(c.oid, 'pg_cast') IS NULL
UNION ALL
SELECT 'type', t.oid::regtype::text FROM pg_type t
 WHERE t.oid IN ('spm.tier_schedule'::regtype, 'spm.draw_result'::regtype, 'spm.pacing_result'::regtype)
   AND obj_description(t.oid, 'pg_type') IS NULL;
