--
-- agg_states: the variable-size state types of spm.commission_agg,
-- spm.deal_commission, spm.attainment_agg, spm.gini and spm.ledger_agg.
-- Each is a named type whose text and binary forms round-trip exactly,
-- and a partial state computed in one place, sent as text and combined in
-- another gives the answer of the whole: what a Citus worker and
-- coordinator do (worker_partial_agg, then the input function and the
-- combine function on the coordinator).
--

-- Aggregates with no final function return their state: the partial
-- aggregates of a node.
CREATE AGGREGATE spm_test.commission_part(numeric, spm.tier_schedule) (
    SFUNC = spm.commission_agg_trans, STYPE = spm.commission_agg_state);
CREATE AGGREGATE spm_test.commission_part(numeric, spm.tier_schedule, numeric) (
    SFUNC = spm.commission_agg_trans, STYPE = spm.commission_agg_state);
CREATE AGGREGATE spm_test.deal_part(numeric, spm.tier_schedule) (
    SFUNC = spm.deal_commission_trans, STYPE = spm.deal_commission_state);
CREATE AGGREGATE spm_test.attainment_part(numeric, numeric) (
    SFUNC = spm.attainment_trans, STYPE = spm.attainment_state);
CREATE AGGREGATE spm_test.gini_part(float8) (
    SFUNC = spm.gini_trans, STYPE = spm.gini_state);
CREATE AGGREGATE spm_test.ledger_part(spm.tier_schedule, numeric, numeric, numeric, bigint, date,
                                      numeric, numeric, text, numeric) (
    SFUNC = spm.ledger_agg_trans, STYPE = spm.ledger_state);

-- 1,000 deals of 10 reps on two "nodes" (even and odd ids)
CREATE TABLE spm_test.st_deals AS
SELECT g AS id, g % 10 AS rep, (g / 10) % 2 AS node, round((g * 7919 % 100000) / 100.0, 2) AS amount,
       (1000 + g % 7 * 250)::numeric AS quota, date '2025-01-01' + g % 90 AS day
  FROM generate_series(1, 1000) g;

-- ---- text forms: exact round trips --------------------------------------
SELECT s, s::spm.attainment_state::text = s AS round_trip
  FROM (VALUES ('(3,250000.00,300000)'), ('(0,0,0)'), ('(1,-5.5,0)'),
               ('(9223372036854775807,0.0000000001,123456789012345678901234567890.123456789)')) v(s);
-- white space around fields is allowed; the output is canonical
SELECT ' ( 2 , 2.50 , 3 ) '::spm.attainment_state;
SELECT s, s::spm.commission_agg_state::text = s AS round_trip
  FROM (VALUES ('(12500.00,"graduated: 0 @ 0.05, 50000 @ 0.07",)'),
               ('(3,"retroactive: 0 @ 0.02, 100000 @ 0.04; cap 20000; gate 0.5",100000)'),
               ('(-7.25,"interpolated: 0 @ 0, 1 @ 10000",50000)')) v(s);
SELECT s, s::spm.deal_commission_state::text = s AS round_trip
  FROM (VALUES ('(1000,1500,500,"graduated: 0 @ 0.05",)'),
               ('(0,0,,"graduated: 0 @ 0.05, 10 @ 0.1",50)')) v(s);
-- gini: the values in ascending order, each the shortest text that reads
-- back to the same float8
SELECT '{2.25,0.5,1}'::spm.gini_state, '{}'::spm.gini_state,
       '{0.1,5e-324,1.7976931348623157e308}'::spm.gini_state;
SELECT s::spm.gini_state::text::spm.gini_state::text = s::spm.gini_state::text AS round_trip
  FROM (VALUES ('{0.30000000000000004,0.1,0.2}'), ('{1e-300,3}')) v(s);
SELECT s, s::spm.ledger_state::text = s AS round_trip
  FROM (VALUES ('(,,,)'),
               ('("graduated: 0 @ 0.05",,,,(1,2025-01-03,100.00,,,),(2,2025-01-04,50,40,EUR,1.25))'),
               ('("graduated: 0 @ 0.05",100000,0.5,1000,(-3,2025-12-31,0.01,1,"E,U""R",0.01))')) v(s);

-- ---- binary forms: exact round trips through the receive functions ------
SELECT t, spm_test.recv(b, t::regtype) = v AS round_trip
  FROM (VALUES ('spm.attainment_state', spm.attainment_state_send('(3,250000.00,300000)'), '(3,250000.00,300000)'),
               ('spm.commission_agg_state', spm.commission_agg_state_send('(12.5,"graduated: 0 @ 0.05",100)'),
                '(12.5,"graduated: 0 @ 0.05",100)'),
               ('spm.deal_commission_state', spm.deal_commission_state_send('(0,0,,"graduated: 0 @ 0.05",)'),
                '(0,0,,"graduated: 0 @ 0.05",)'),
               ('spm.gini_state', spm.gini_state_send('{3,1,2}'), '{1,2,3}'),
               ('spm.ledger_state', spm.ledger_state_send('("graduated: 0 @ 0.05",,,,(2,2025-01-04,50,40,EUR,1.25))'),
                '("graduated: 0 @ 0.05",,,,(2,2025-01-04,50,40,EUR,1.25))')) v(t, b, v);
-- the binary form of spm.gini_state: version 1, flags 0, count 2, then the
-- float8 values 1 (3ff0...) and 2 (4000...) in network byte order, sorted
SELECT spm.gini_state_send('{2,1}');
-- bad bytes are 22P03, whatever is wrong
SELECT spm_test.recv('\x00000001'::bytea, 'spm.attainment_state');
SELECT spm_test.recv(spm.attainment_state_send('(1,1,1)') || '\x00'::bytea, 'spm.attainment_state');
SELECT spm_test.recv('\x000000020000000000000001'::bytea, 'spm.attainment_state');
SELECT spm_test.recv('\x0000000100000000000000000000000000000000'::bytea, 'spm.gini_state');
SELECT spm_test.recv('\x000000010000000000000000000000017ff8000000000000'::bytea, 'spm.gini_state');
SELECT spm_test.recv('\x000000010000000000000000000000013ff0000000000000ff'::bytea, 'spm.gini_state');
SELECT spm_test.recv('\x00000001030000000001'::bytea, 'spm.ledger_state');

-- ---- bad text: 22P02, with the field named ---------------------------------
SELECT spm_test.error(format('SELECT %L::spm.attainment_state', s))
  FROM (VALUES ('(1,1)'), ('(1,1,1,1)'), ('1,1,1'), ('(1,1,1) x'), ('(-1,0,0)'), ('(0,1,0)'),
               ('(1,1,-1)'), ('(1,NaN,1)'), ('(1,1,Infinity)'), ('(1,,1)'), ('(1,"1,1)'),
               ('(x,1,1)'), ('(1,1x,1)')) v(s);
SELECT spm_test.error(format('SELECT %L::spm.commission_agg_state', s))
  FROM (VALUES ('(1,,)'), ('(1,"graduated: 0 @ 0.05",0)'), ('(1,"graduated: 0 @ 0.05",-5)'),
               ('(NaN,"graduated: 0 @ 0.05",)'), ('(1,"graduated 0 @ 0.05",)'),
               ('(1,(graduated),)'), ('(1,"graduated: 0 @ 0.05")')) v(s);
SELECT spm_test.error(format('SELECT %L::spm.deal_commission_state', s))
  FROM (VALUES ('(1,2,,,)'), ('(1,,1,"graduated: 0 @ 0.05",)'), ('(1,2,3,"graduated: 0 @ 0.05",0)')) v(s);
SELECT spm_test.error(format('SELECT %L::spm.gini_state', s))
  FROM (VALUES ('{1,-2}'), ('{1,Infinity}'), ('{NaN}'), ('{1,,2}'), ('{1,(2)}'), ('{1'), ('(1,2)'),
               ('{1,2}}'), ('{1e999}')) v(s);
SELECT spm_test.error(format('SELECT %L::spm.ledger_state', s))
  FROM (VALUES ('(,,,,(1,2025-01-01,1,,,))'), ('(,1,,)'), ('("graduated: 0 @ 0.05",,,,1)'),
               ('("graduated: 0 @ 0.05",,,,(1,2025-01-01,1,2,,))'),
               ('("graduated: 0 @ 0.05",,,,(1,2025-01-01,1,2,"",1))'),
               ('("graduated: 0 @ 0.05",,,,(,2025-01-01,1,,,))'),
               ('("graduated: 0 @ 0.05",,,,(1,2025-01-01,1,,))'),
               ('("graduated: 0 @ 0.05",,,-1)'), ('("graduated: 0 @ 0.05",,,,(1,(2,(3,(4,(5))))))'),
               ('("graduated: 0 @ 0.05",,,,(1,notaday,1,,,))')) v(s);
-- a currency of 65 bytes is one too many (the ledger's limit, as in the aggregate)
SELECT spm_test.sqlstate(format('SELECT %L::spm.ledger_state',
       '("graduated: 0 @ 0.05",,,,(1,2025-01-01,1,2,' || repeat('X', 65) || ',1))'));

-- ---- partial states sent as text and combined: the whole's answer ------------
-- commission: the two nodes' states, through text, combined and finished,
-- equal spm.commission of each rep's total (spm.commission is checked
-- against hand-computed values in sql/commissions.sql)
WITH part AS (
    SELECT rep, node, spm_test.commission_part(amount, 'graduated: 0 @ 0.05, 20000 @ 0.07, 40000 @ 0.10')::text AS st
      FROM spm_test.st_deals GROUP BY rep, node),
combined AS (
    SELECT a.rep, spm.commission_agg_final(spm.commission_agg_combine(a.st::spm.commission_agg_state,
                                                                      b.st::spm.commission_agg_state)) AS c
      FROM part a JOIN part b ON a.rep = b.rep AND a.node = 0 AND b.node = 1)
SELECT count(*) AS reps,
       count(*) FILTER (WHERE c = (SELECT spm.commission(sum(amount), 'graduated: 0 @ 0.05, 20000 @ 0.07, 40000 @ 0.10')
                                     FROM spm_test.st_deals d WHERE d.rep = combined.rep)) AS equal
  FROM combined;
-- with a quota (thresholds as fractions of it)
WITH part AS (
    SELECT rep, node, spm_test.commission_part(amount, 'graduated: 0 @ 0.05, 1 @ 0.08', 40000)::text AS st
      FROM spm_test.st_deals GROUP BY rep, node)
SELECT count(*) FILTER (WHERE c = (SELECT spm.commission(sum(amount), 'graduated: 0 @ 0.05, 1 @ 0.08', 40000)
                                     FROM spm_test.st_deals d WHERE d.rep = x.rep)) AS equal
  FROM (SELECT a.rep, spm.commission_agg_final(spm.commission_agg_combine(a.st::spm.commission_agg_state,
                                                                          b.st::spm.commission_agg_state)) AS c
          FROM part a JOIN part b ON a.rep = b.rep AND a.node = 0 AND b.node = 1) x;
-- a hand-computed case: 30,000 + 20,000 = 50,000 on 5% to 20,000, 7% to
-- 40,000, 10% above: 1,000 + 1,400 + 1,000 = 3,400.00
SELECT spm.commission_agg_final(spm.commission_agg_combine(
           '(30000.00,"graduated: 0 @ 0.05, 20000 @ 0.07, 40000 @ 0.10",)',
           '(20000,"graduated: 0 @ 0.05, 20000 @ 0.07, 40000 @ 0.10",)')) AS hand_3400;
-- states of different plans do not combine (22023)
SELECT spm_test.error($$SELECT spm.commission_agg_combine('(1,"graduated: 0 @ 0.05",)',
                                                          '(1,"graduated: 0 @ 0.06",)')$$);
SELECT spm_test.error($$SELECT spm.commission_agg_combine('(1,"graduated: 0 @ 0.05",)',
                                                          '(1,"graduated: 0 @ 0.05",10)')$$);

-- attainment: sum(actual) / sum(quota) per rep, through text
WITH part AS (
    SELECT rep, node, spm_test.attainment_part(amount, quota)::text AS st
      FROM spm_test.st_deals GROUP BY rep, node)
SELECT count(*) FILTER (WHERE a = (SELECT trim_scale(sum(amount) / sum(quota)) FROM spm_test.st_deals d WHERE d.rep = x.rep)) AS equal
  FROM (SELECT a.rep, spm.attainment_final(spm.attainment_combine(a.st::spm.attainment_state,
                                                                  b.st::spm.attainment_state)) AS a
          FROM part a JOIN part b ON a.rep = b.rep AND a.node = 0 AND b.node = 1) x;
-- by hand: (2.5 + 1) / (3 + 1) = 0.875
SELECT spm.attainment_final(spm.attainment_combine('(2,2.5,3)', '(1,1,1.00)')) AS hand_0_875;

-- gini: two sorted runs merged; by hand, {1,1,2}: the mean absolute
-- difference over all 9 ordered pairs is 4/9, over twice the mean 8/3:
-- (4/9) / (8/3) = 1/6
SELECT spm.gini_final(spm.gini_combine('{2,1}', '{1}')) AS hand_one_sixth;
WITH part AS (
    SELECT node, spm_test.gini_part(amount::float8)::text AS st FROM spm_test.st_deals GROUP BY node)
SELECT abs(spm.gini_final(spm.gini_combine(a.st::spm.gini_state, b.st::spm.gini_state))
           - (SELECT spm.gini(amount::float8) FROM spm_test.st_deals)) < 1e-15 AS equal
  FROM part a, part b WHERE a.node = 0 AND b.node = 1;

-- deal_commission: in order, the right side's last row is last; by hand,
-- 15,000 then 10,000 on 5% to 20,000 and 7% above: the last deal adds
-- 5,000 x 5% + 5,000 x 7% = 600.00
SELECT spm.deal_commission_final(spm.deal_commission_combine(
           spm_test.deal_part(a, 'graduated: 0 @ 0.05, 20000 @ 0.07') FILTER (WHERE i = 1),
           spm_test.deal_part(a, 'graduated: 0 @ 0.05, 20000 @ 0.07') FILTER (WHERE i = 2))) AS hand_600
  FROM (VALUES (1, 15000.00), (2, 10000.00)) v(i, a);

-- ledger: the nodes' states, through text, combined, give the same line as
-- one aggregate over every credit
WITH part AS (
    SELECT rep, node, spm_test.ledger_part('graduated: 0 @ 0.05, 20000 @ 0.07', NULL, NULL, NULL,
                                           id, day, amount, NULL, NULL, NULL)::text AS st
      FROM spm_test.st_deals GROUP BY rep, node),
whole AS (
    SELECT rep, spm.ledger_agg('graduated: 0 @ 0.05, 20000 @ 0.07', NULL, NULL, NULL,
                               id, day, amount, NULL, NULL, NULL) AS l
      FROM spm_test.st_deals GROUP BY rep)
SELECT count(*) AS reps,
       count(*) FILTER (WHERE w.l = spm.ledger_agg_final(
                        spm.ledger_agg_combine(a.st::spm.ledger_state, b.st::spm.ledger_state),
                        'graduated: 0 @ 0.05, 20000 @ 0.07', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) AS equal
  FROM part a JOIN part b ON a.rep = b.rep AND a.node = 0 AND b.node = 1 JOIN whole w ON w.rep = a.rep;

-- ---- window frames ----------------------------------------------------------
-- a moving frame restarts the aggregate for every row (no inverse
-- function): each frame's state is built afresh and gives the frame's answer
SELECT count(*) AS rows,
       count(*) FILTER (WHERE c = spm.commission(s, 'graduated: 0 @ 0.05, 1000 @ 0.07')) AS commission_equal,
       count(*) FILTER (WHERE a = trim_scale(s / q)) AS attainment_equal,
       count(*) FILTER (WHERE abs(g - gg) < 1e-15) AS gini_equal
  FROM (SELECT spm.commission_agg(amount, 'graduated: 0 @ 0.05, 1000 @ 0.07') OVER w AS c,
               spm.attainment_agg(amount, quota) OVER w AS a,
               spm.gini(amount::float8) OVER w AS g,
               sum(amount) OVER w AS s, sum(quota) OVER w AS q,
               -- the Gini coefficient of three values by its definition
               (abs(lag(amount, 2) OVER o - lag(amount) OVER o) + abs(lag(amount, 2) OVER o - amount)
                + abs(lag(amount) OVER o - amount))::float8 * 2 / (2 * 9 * (sum(amount) OVER w / 3)::float8) AS gg
          FROM spm_test.st_deals
        WINDOW w AS (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), o AS (ORDER BY id)) x
 WHERE gg IS NOT NULL;

-- ---- a direct call never changes its argument -----------------------------
WITH s AS (SELECT '(1,1,1)'::spm.attainment_state AS a, '{1,2}'::spm.gini_state AS g,
                  '(5,"graduated: 0 @ 0.05",)'::spm.commission_agg_state AS c)
SELECT spm.attainment_trans(a, 2, 3) AS a2, a,
       spm.gini_trans(g, 0) AS g2, g,
       spm.commission_agg_trans(c, 10, 'graduated: 0 @ 0.05') AS c2, c
  FROM s;
DO $$
DECLARE
    s spm.gini_state := '{1,2}';
    t spm.gini_state;
BEGIN
    t := spm.gini_trans(s, 5);
    t := spm.gini_combine(t, s);
    RAISE NOTICE 's = %, t = %', s, t;
END
$$;

-- ---- NULLs ------------------------------------------------------------------
SELECT spm.attainment_combine(NULL, NULL) IS NULL AS both_null,
       spm.attainment_combine('(1,1,1)', NULL) AS left_only,
       spm.attainment_combine(NULL, '(1,1,1)') AS right_only,
       spm.attainment_trans(NULL, NULL, 1) IS NULL AS null_row,
       spm.gini_trans(NULL, NULL) IS NULL AS gini_null_row,
       spm.commission_agg_final(NULL) IS NULL AS final_null,
       spm.gini_final('{}') IS NULL AS gini_empty,
       spm.attainment_final('(0,0,0)') IS NULL AS attainment_empty;
SELECT spm_test.error($$SELECT spm.commission_agg_trans(NULL, 1, NULL)$$);
SELECT spm_test.error($$SELECT spm.commission_agg_trans(NULL, 1, 'graduated: 0 @ 0.05', NULL)$$);

-- ---- huge values --------------------------------------------------------------
-- a 1,000-digit sum is exact through text and binary
SELECT length(s::text) AS chars, s::spm.commission_agg_state::text = s AS text_exact,
       spm_test.recv(spm.commission_agg_state_send(s::spm.commission_agg_state), 'spm.commission_agg_state') = s AS binary_exact
  FROM (SELECT '(' || repeat('9', 1000) || '.25,"graduated: 0 @ 0.05",)' AS s) x;
-- the commission of that sum: 5% of (10^1000 - 0.75) is 5 x 10^998 - 0.0375,
-- a 4, 998 nines and .9625
SELECT spm.commission_agg_final(('(' || repeat('9', 1000) || '.25,"graduated: 0 @ 0.05",)')::spm.commission_agg_state)
       = ('4' || repeat('9', 998) || '.9625')::numeric AS five_percent_exact;
-- 100,000 values in a gini state's text and back; the Gini coefficient of
-- 1, 2, ..., n is (n - 1) / (3n): the n(n - 1)(n + 1)/3 of the absolute
-- differences over all ordered pairs, over 2 n^2 times the mean (n + 1)/2
SELECT length(g::text) > 100000 AS long, g::text::spm.gini_state::text = g::text AS round_trip,
       abs(spm.gini_final(g) - 99999.0 / 300000) < 1e-12 AS gini_of_1_to_n
  FROM (SELECT spm_test.gini_part(i::float8) AS g FROM generate_series(1, 100000) i) x;
-- NaN and infinite amounts are errors (22003) when the state leaves the
-- aggregate, as when it is finished
SELECT spm_test.sqlstate($$SELECT spm_test.commission_part(a, 'graduated: 0 @ 0.05')::text
                           FROM (VALUES (1::numeric), ('NaN')) v(a)$$);
SELECT spm_test.sqlstate($$SELECT spm.commission_agg(a, 'graduated: 0 @ 0.05')
                           FROM (VALUES (1::numeric), ('Infinity')) v(a)$$);

-- ---- stored states: partial results kept in a table and combined later -------
CREATE TABLE spm_test.st_monthly AS
SELECT date_trunc('month', day)::date AS month, rep,
       spm_test.commission_part(amount, 'graduated: 0 @ 0.05, 20000 @ 0.07') AS st
  FROM spm_test.st_deals GROUP BY 1, 2;
CREATE AGGREGATE spm_test.commission_merge(spm.commission_agg_state) (
    SFUNC = spm.commission_agg_combine, STYPE = spm.commission_agg_state,
    FINALFUNC = spm.commission_agg_final, COMBINEFUNC = spm.commission_agg_combine);
SELECT count(*) FILTER (WHERE m.c = d.c) AS equal, count(*) AS reps
  FROM (SELECT rep, spm_test.commission_merge(st) AS c FROM spm_test.st_monthly GROUP BY rep) m
  JOIN (SELECT rep, spm.commission_agg(amount, 'graduated: 0 @ 0.05, 20000 @ 0.07') AS c
          FROM spm_test.st_deals GROUP BY rep) d USING (rep);

-- every aggregate of the extension has a named state type: none is internal
SELECT p.oid::regprocedure AS aggregate
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
 WHERE p.pronamespace = 'spm'::regnamespace AND a.aggtranstype = 'internal'::regtype;
