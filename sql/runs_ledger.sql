--
-- runs_ledger: spm.ledger_agg, the per-credit pass of spm.calculate
-- (src/runs/ledger.c).  Each line's credits are put in (credited_on,
-- credit_id) order; a credit's commission is the increment of the line's
-- schedule on the running total, times the scale, cut to the deal cap.
-- Every figure is hand-computed in the comments (and was checked with
-- python3 fractions).
--
\set VERBOSITY default

-- The credits of several lines, each with its plan on every row; feed is
-- the order the aggregate gets them in (ORDER BY feed), never the order
-- of the result.
CREATE TABLE spm_test.ledger_in (
    line text, feed int,
    schedule spm.tier_schedule, quota numeric, scale numeric, deal_cap numeric,
    credit_id bigint, credited_on date, amount numeric,
    original_amount numeric, original_currency text, fx_rate numeric);

-- ==== 1. graduated on amount: order, ties, a threshold hit, a clawback ====
-- 'graduated: 0 @ 0.05, 10000 @ 0.10, 20000 @ 0.15', given in the order
-- 4, 3, 6, 1, 5, 2.  In (credited_on, credit_id) order (2 and 3 share
-- 2026-01-10: 2 first):
--   id  day    amount  running  commission
--   1   01-05   5000    5000    5000 x 0.05                 =  250
--   2   01-10   3000    8000    3000 x 0.05                 =  150
--   3   01-10   4000   12000    2000 x 0.05 + 2000 x 0.10   =  300
--   4   01-20   8000   20000    8000 x 0.10                 =  800  (ends on the 20000 threshold)
--   5   01-25  -2500   17500    c(17500) - c(20000) = 1250 - 1500 = -250  (a clawback)
--   6   01-31   2500   20000    1500 - 1250                 =  250
-- credited 20000, commission 1500 = c(20000) = 500 + 1000.
INSERT INTO spm_test.ledger_in (line, feed, schedule, credit_id, credited_on, amount) VALUES
    ('A', 1, 'graduated: 0 @ 0.05, 10000 @ 0.10, 20000 @ 0.15', 4, '2026-01-20', 8000),
    ('A', 2, 'graduated: 0 @ 0.05, 10000 @ 0.10, 20000 @ 0.15', 3, '2026-01-10', 4000),
    ('A', 3, 'graduated: 0 @ 0.05, 10000 @ 0.10, 20000 @ 0.15', 6, '2026-01-31', 2500),
    ('A', 4, 'graduated: 0 @ 0.05, 10000 @ 0.10, 20000 @ 0.15', 1, '2026-01-05', 5000),
    ('A', 5, 'graduated: 0 @ 0.05, 10000 @ 0.10, 20000 @ 0.15', 5, '2026-01-25', -2500),
    ('A', 6, 'graduated: 0 @ 0.05, 10000 @ 0.10, 20000 @ 0.15', 2, '2026-01-10', 3000);

-- ==== 2. retroactive on amount, deal cap 500 ==============================
-- 'retroactive: 0 @ 0.05, 10000 @ 0.08': c(x) = 0.05 x below 10000, 0.08 x from it.
--   id  amount  running  raw                           paid   uncapped
--   21   6000    6000    0.05 x 6000          =  300    300
--   22   6000   12000    960 - 300            =  660    500    660
--   23  -3000    9000    450 - 960            = -510   -510   (a clawback is never cut)
--   24    500    9500    475 - 450            =   25     25
--   25   6250   15750    1260 - 475           =  785    500    785
--   26   6250   22000    0.08 x 6250          =  500    500   (exactly the cap: not cut)
-- credited 22000, commission 300 + 500 - 510 + 25 + 500 + 500 = 1315.
INSERT INTO spm_test.ledger_in (line, feed, schedule, deal_cap, credit_id, credited_on, amount) VALUES
    ('B', 1, 'retroactive: 0 @ 0.05, 10000 @ 0.08', 500, 26, '2026-02-06', 6250),
    ('B', 2, 'retroactive: 0 @ 0.05, 10000 @ 0.08', 500, 23, '2026-02-03', -3000),
    ('B', 3, 'retroactive: 0 @ 0.05, 10000 @ 0.08', 500, 21, '2026-02-01', 6000),
    ('B', 4, 'retroactive: 0 @ 0.05, 10000 @ 0.08', 500, 25, '2026-02-05', 6250),
    ('B', 5, 'retroactive: 0 @ 0.05, 10000 @ 0.08', 500, 22, '2026-02-02', 6000),
    ('B', 6, 'retroactive: 0 @ 0.05, 10000 @ 0.08', 500, 24, '2026-02-04', 500);

-- ==== 3. a pay curve on attainment, scaled, with a deal cap ===============
-- 'interpolated: 0 @ 0, 0.5 @ 0.25, 1.0 @ 1.0, 1.5 @ 2.0' on a quota of
-- 200000 (points at 0, 100000, 200000, 300000; the last segment goes on
-- beyond 1.5), scale = on-target incentive 2500 x weight 0.4 = 1000, deal
-- cap 600:
--   id  amount  running  attainment  curve                               raw (x 1000)  paid
--   31   60000   60000   0.30        0.30 x 0.25 / 0.5          = 0.15     150          150
--   32   50000  110000   0.55        0.25 + 0.05 x 0.75 / 0.5   = 0.325    175          175
--   33   90000  200000   1.00        1.0 (a point)                         675          600
--   34   40000  240000   1.20        1.0 + 0.2 x 1.0 / 0.5      = 1.4      400          400
--   35  140000  380000   1.90        1.0 + 0.9 x 1.0 / 0.5      = 2.8     1400          600
-- credited 380000, commission 150 + 175 + 600 + 400 + 600 = 1925;
-- uncapped {NULL, NULL, 675, NULL, 1400}, which sum with the rest to
-- 2800 = 1000 x c(380000).
INSERT INTO spm_test.ledger_in (line, feed, schedule, quota, scale, deal_cap, credit_id, credited_on, amount)
SELECT 'C', feed, 'interpolated: 0 @ 0, 0.5 @ 0.25, 1.0 @ 1.0, 1.5 @ 2.0', 200000, 2500 * 0.4, 600,
       id, d, a
  FROM (VALUES (1, 35, date '2026-02-25', 140000), (2, 33, '2026-02-14', 90000),
               (3, 31, '2026-02-03', 60000), (4, 34, '2026-02-20', 40000),
               (5, 32, '2026-02-10', 50000)) v(feed, id, d, a);

-- ==== 4. graduated on attainment, converted credits =======================
-- 'graduated: 0 @ 0.02, 1.0 @ 0.04' on a quota of 50000 (the threshold is
-- 50000 in money); 42 and 44 were converted (20000 EUR at 1.1 = 22000,
-- 10000 GBP at 1.35 = 13500):
--   id  amount  running  commission
--   41   20000   20000   20000 x 0.02                = 400
--   42   22000   42000   22000 x 0.02                = 440
--   43    5000   47000    5000 x 0.02                = 100
--   44   13500   60500   3000 x 0.02 + 10500 x 0.04  = 480
-- credited 60500, commission 1420 = c(60500) = 1000 + 420.
INSERT INTO spm_test.ledger_in (line, feed, schedule, quota, credit_id, credited_on, amount,
                                original_amount, original_currency, fx_rate) VALUES
    ('D', 1, 'graduated: 0 @ 0.02, 1.0 @ 0.04', 50000, 44, '2026-03-04', 13500, 10000, 'GBP', 1.35),
    ('D', 2, 'graduated: 0 @ 0.02, 1.0 @ 0.04', 50000, 43, '2026-03-03', 5000, NULL, NULL, NULL),
    ('D', 3, 'graduated: 0 @ 0.02, 1.0 @ 0.04', 50000, 42, '2026-03-02', 22000, 20000, 'EUR', 1.1),
    ('D', 4, 'graduated: 0 @ 0.02, 1.0 @ 0.04', 50000, 41, '2026-03-01', 20000, NULL, NULL, NULL);

-- ==== 5. the day first, then the id =======================================
-- 'graduated: 0 @ 0.1, 250 @ 0.2'; ids do not follow the days:
--   id  day    amount  running  commission
--   57  04-01   100     100     10
--   51  04-02   120     220     12
--   52  04-02    30     250     3 (ends on the threshold: c(250) - c(220) = 25 - 22)
--   55  04-02    50     300     50 x 0.2 = 10
--   50  04-03   200     500     200 x 0.2 = 40
-- credited 500, commission 75 = 25 + 250 x 0.2.
INSERT INTO spm_test.ledger_in (line, feed, schedule, credit_id, credited_on, amount)
SELECT 'E', feed, 'graduated: 0 @ 0.1, 250 @ 0.2', id, d, a
  FROM (VALUES (1, 55, date '2026-04-02', 50), (2, 50, '2026-04-03', 200), (3, 52, '2026-04-02', 30),
               (4, 57, '2026-04-01', 100), (5, 51, '2026-04-02', 120)) v(feed, id, d, a);

-- ==== 6. huge and tiny amounts, exactly ===================================
-- 'graduated: 0 @ 0.05, 1e50 @ 0.1':
--   71  1e100    c(1e100) = 0.05 x 1e50 + 0.1 x (1e100 - 1e50) = 1e99 - 5e48
--   72  1e-20    0.1 x 1e-20 = 1e-21
--   73  -1e100   c(1e-20) - c(1e100 + 1e-20) = 5e-22 - (1e99 - 5e48 + 1e-21)
--                = -(1e99 - 5e48 + 5e-22)
-- credited 1e-20, commission 5e-22 = c(1e-20).
INSERT INTO spm_test.ledger_in (line, feed, schedule, credit_id, credited_on, amount) VALUES
    ('G', 1, 'graduated: 0 @ 0.05, 1e50 @ 0.1', 73, '2026-05-03', -1e100),
    ('G', 2, 'graduated: 0 @ 0.05, 1e50 @ 0.1', 71, '2026-05-01', 1e100),
    ('G', 3, 'graduated: 0 @ 0.05, 1e50 @ 0.1', 72, '2026-05-02', 1e-20);

CREATE VIEW spm_test.ledger_out AS
SELECT line, spm.ledger_agg(schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
                            original_amount, original_currency, fx_rate ORDER BY feed) AS l
  FROM spm_test.ledger_in GROUP BY line;

-- the lines, credits in order (the commissions' scale is that of the
-- numeric operations; the values are those above)
SELECT line, (l).credited, (l).credits, (l).commission, (l).credit_ids, (l).credited_on
  FROM spm_test.ledger_out WHERE line <> 'G' ORDER BY line;
SELECT line, (l).amounts, (l).commissions, (l).uncapped, (l).uncapped IS NULL AS none_cut
  FROM spm_test.ledger_out WHERE line <> 'G' ORDER BY line;
-- only line D has converted credits; the others have NULL arrays
SELECT line, (l).original_amounts, (l).original_currencies, (l).fx_rates,
       (l).original_amounts IS NULL AS none_converted
  FROM spm_test.ledger_out WHERE line <> 'G' ORDER BY line;
-- the huge line, exact to the last digit
SELECT (l).credited = 1e-20 AS credited, (l).credit_ids,
       (l).commissions = ARRAY[1e99 - 5e48, 1e-21, -(1e99 - 5e48 + 5e-22)] AS commissions,
       (l).commission = 5e-22 AS commission,
       (l).commission = spm.commission((l).credited, 'graduated: 0 @ 0.05, 1e50 @ 0.1') AS telescopes
  FROM spm_test.ledger_out WHERE line = 'G';
SELECT unnest((l).commissions) AS commission FROM spm_test.ledger_out WHERE line = 'G';

-- each line's commission is the sum of its credits'; with what the deal
-- cap cut added back, it is the schedule's commission of the credited
-- total times the scale (the increments telescope)
SELECT line, (l).commission = (SELECT sum(c) FROM unnest((l).commissions) c) AS sums,
       (l).commission + coalesce((SELECT sum(u - c) FROM unnest((l).uncapped, (l).commissions) x(u, c)), 0)
         = CASE WHEN quota IS NULL THEN spm.commission((l).credited, schedule)
                ELSE spm.commission((l).credited, schedule, quota) END * coalesce(scale, 1) AS telescopes
  FROM spm_test.ledger_out
  JOIN (SELECT DISTINCT line, schedule, quota, scale FROM spm_test.ledger_in) p USING (line)
 ORDER BY line;

-- no credits: NULL
SELECT spm.ledger_agg(schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
                      original_amount, original_currency, fx_rate) IS NULL AS empty_is_null
  FROM spm_test.ledger_in WHERE false;

-- ==== 7. increments telescope, on thousands of credits ====================
-- 3000 credits (about a tenth negative, cents, days spread over a quarter
-- and shared by many credits) on five plans: a line's commission is the
-- schedule's commission of its credited total times the scale, exactly,
-- and each credit's is spm.commission_increment on the running total in
-- (credited_on, credit_id) order, times the scale.
CREATE TABLE spm_test.ledger_many AS
SELECT g::bigint AS credit_id, date '2026-01-01' + (g * 37 % 90) AS credited_on,
       ((g::bigint * 7919) % 20011 - 2000) * 0.01 AS amount
  FROM generate_series(1, 3000) g;
CREATE TABLE spm_test.ledger_plans (plan int, schedule spm.tier_schedule, quota numeric, scale numeric);
INSERT INTO spm_test.ledger_plans VALUES
    (1, 'graduated: 0 @ 0.03, 50000 @ 0.05, 150000 @ 0.08', NULL, NULL),
    (2, 'retroactive: 0 @ 0.02, 0.8 @ 0.04, 1.2 @ 0.07', 180000, NULL),
    -- slopes 0.1 / 0.3, 0.9 / 0.7, 2 / 0.7 do not terminate: rounded
    (3, 'interpolated: 0 @ 0, 0.3 @ 0.1, 1.0 @ 1.0, 1.7 @ 3.0', 200000, 2500 * 0.4),
    (4, 'graduated: 0 @ 0.05, 100000 @ 0.1; cap 12000; gate 20000', NULL, 0.5),
    (5, 'interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150', NULL, 3);
SELECT count(*) AS credits, count(*) FILTER (WHERE amount < 0) AS negative, sum(amount) AS total,
       count(DISTINCT credited_on) AS days
  FROM spm_test.ledger_many;

CREATE TABLE spm_test.ledger_many_out AS
SELECT p.plan, spm.ledger_agg(p.schedule, p.quota, p.scale, NULL, m.credit_id, m.credited_on, m.amount,
                              NULL, NULL, NULL ORDER BY m.credit_id DESC) AS l
  FROM spm_test.ledger_plans p CROSS JOIN spm_test.ledger_many m GROUP BY p.plan;
SELECT p.plan, (o.l).credits, (o.l).credited = (SELECT sum(amount) FROM spm_test.ledger_many) AS credited,
       (o.l).commission = CASE WHEN p.quota IS NULL THEN spm.commission((o.l).credited, p.schedule)
                               ELSE spm.commission((o.l).credited, p.schedule, p.quota) END
                          * coalesce(p.scale, 1) AS telescopes,
       (o.l).commission = (SELECT sum(c) FROM unnest((o.l).commissions) c) AS sums,
       (o.l).uncapped IS NULL AS none_cut
  FROM spm_test.ledger_many_out o JOIN spm_test.ledger_plans p USING (plan) ORDER BY p.plan;
-- credit by credit, against spm.commission_increment on a window's running total
SELECT p.plan, count(*) AS credits,
       count(*) FILTER (WHERE x.credit_id IS DISTINCT FROM r.credit_id OR x.credited_on IS DISTINCT FROM r.credited_on
                          OR x.amount IS DISTINCT FROM r.amount) AS out_of_order,
       count(*) FILTER (WHERE x.commission IS DISTINCT FROM
                        (CASE WHEN p.quota IS NULL THEN spm.commission_increment(r.prior, r.amount, p.schedule)
                              ELSE spm.commission_increment(r.prior, r.amount, p.schedule, p.quota) END)
                        * coalesce(p.scale, 1)) AS wrong
  FROM spm_test.ledger_many_out o
  JOIN spm_test.ledger_plans p USING (plan)
 CROSS JOIN LATERAL unnest((o.l).credit_ids, (o.l).credited_on, (o.l).amounts, (o.l).commissions)
       WITH ORDINALITY x(credit_id, credited_on, amount, commission, i)
  JOIN (SELECT row_number() OVER w AS i, credit_id, credited_on, amount,
               coalesce(sum(amount) OVER w, 0) - amount AS prior
          FROM spm_test.ledger_many
        WINDOW w AS (ORDER BY credited_on, credit_id ROWS UNBOUNDED PRECEDING)) r USING (i)
 GROUP BY p.plan ORDER BY p.plan;

-- ==== 8. the fingerprint ==================================================
-- The same for the same credits whatever order they come in; different
-- when one amount or one day changes.  (Its value depends on the platform:
-- only compare it.)
CREATE FUNCTION spm_test.ledger_fingerprint(q text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    f bigint;
BEGIN
    EXECUTE format('SELECT (spm.ledger_agg(schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
                                           original_amount, original_currency, fx_rate ORDER BY %s)).fingerprint
                      FROM (SELECT * FROM spm_test.ledger_in WHERE line = ''A'') a', q) INTO f;
    RETURN f;
END
$$;
SELECT spm_test.ledger_fingerprint('feed') = spm_test.ledger_fingerprint('feed DESC') AS reversed_same,
       spm_test.ledger_fingerprint('feed') = spm_test.ledger_fingerprint('credited_on, credit_id') AS sorted_same,
       spm_test.ledger_fingerprint('feed') = spm_test.ledger_fingerprint('amount, credit_id DESC') AS by_amount_same;
-- one amount 0.01 more, or one credit a day later: another fingerprint
UPDATE spm_test.ledger_in SET amount = 4000.01 WHERE line = 'A' AND credit_id = 3;
SELECT spm_test.ledger_fingerprint('feed') AS amount_changed \gset
UPDATE spm_test.ledger_in SET amount = 4000 WHERE line = 'A' AND credit_id = 3;
SELECT spm_test.ledger_fingerprint('feed') AS original \gset
UPDATE spm_test.ledger_in SET credited_on = '2026-01-11' WHERE line = 'A' AND credit_id = 3;
SELECT spm_test.ledger_fingerprint('feed') AS day_changed \gset
UPDATE spm_test.ledger_in SET credited_on = '2026-01-10' WHERE line = 'A' AND credit_id = 3;
SELECT :amount_changed <> :original AS amount_changes_it, :day_changed <> :original AS day_changes_it,
       :amount_changed <> :day_changed AS the_two_differ,
       spm_test.ledger_fingerprint('feed') = :original AS restored_same;

-- ==== 9. errors ===========================================================
-- One aggregate over rows given as (schedule, quota, scale, deal_cap,
-- credit_id, credited_on, amount, original_amount, original_currency,
-- fx_rate), in that order; the SQLSTATE and message, or 'no error'.
CREATE TYPE spm_test.ledger_row AS (
    s spm.tier_schedule, q numeric, sc numeric, cap numeric, id bigint, d date, a numeric,
    oa numeric, oc text, fx numeric);
CREATE FUNCTION spm_test.ledger_try(rows text) RETURNS text
LANGUAGE sql AS $$
SELECT spm_test.sqlstate(format(
    'SELECT spm.ledger_agg(s, q, sc, cap, id, d, a, oa, oc, fx ORDER BY ord)
       FROM unnest(ARRAY[%s]::spm_test.ledger_row[]) WITH ORDINALITY AS r(s, q, sc, cap, id, d, a, oa, oc, fx, ord)',
    rows))
$$;
SELECT what, spm_test.ledger_try(rows) AS result
  FROM (VALUES
    -- a value that must be there (22004)
    ('null schedule', $$(NULL, NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('null credit_id', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, NULL, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('null credited_on', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, NULL, 100, NULL, NULL, NULL)$$),
    ('null amount', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', NULL, NULL, NULL, NULL)$$),
    ('null amount, second row', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                                  ('graduated: 0 @ 0.05', NULL, NULL, NULL, 2, '2026-01-01', NULL, NULL, NULL, NULL)$$),
    ('original amount alone', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, NULL, NULL)$$),
    ('no fx_rate', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, 'EUR', NULL)$$),
    ('no original amount', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, NULL, 'EUR', 1.1)$$),
    -- not finite (22003)
    ('amount NaN', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 'NaN', NULL, NULL, NULL)$$),
    ('amount Infinity', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 'Infinity', NULL, NULL, NULL)$$),
    ('amount -Infinity, second', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                                   ('graduated: 0 @ 0.05', NULL, NULL, NULL, 2, '2026-01-02', '-Infinity', NULL, NULL, NULL)$$),
    ('scale NaN', $$('graduated: 0 @ 0.05', NULL, 'NaN', NULL, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('scale Infinity', $$('graduated: 0 @ 0.05', NULL, 'Infinity', NULL, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('original amount NaN', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 'NaN', 'EUR', 1.1)$$),
    ('fx_rate Infinity', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, 'EUR', 'Infinity')$$),
    ('fx_rate -Infinity', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, 'EUR', '-Infinity')$$),
    -- the quota (check_quota: not finite 22003, not positive 22023)
    ('quota 0', $$('graduated: 0 @ 0.05', 0, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('quota -5', $$('graduated: 0 @ 0.05', -5, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('quota NaN', $$('graduated: 0 @ 0.05', 'NaN', NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('quota Infinity', $$('graduated: 0 @ 0.05', 'Infinity', NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    -- the deal cap: not negative (22023), finite (22003); 0 is a cap
    ('deal_cap -1', $$('graduated: 0 @ 0.05', NULL, NULL, -1, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('deal_cap NaN', $$('graduated: 0 @ 0.05', NULL, NULL, 'NaN', 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('deal_cap 0', $$('graduated: 0 @ 0.05', NULL, NULL, 0, 1, '2026-01-01', 100, NULL, NULL, NULL)$$),
    -- the currency: 1 to 64 bytes (22023)
    ('currency empty', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, '', 1.1)$$),
    ('currency 65 bytes', format($$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, %L, 1.1)$$, repeat('x', 65))),
    ('currency 64 bytes', format($$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, %L, 1.1)$$, repeat('x', 64))),
    ('currency 33 x 2 bytes', format($$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, %L, 1.1)$$, repeat('é', 33))),
    ('currency 32 x 2 bytes', format($$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 110, 100, %L, 1.1)$$, repeat('é', 32))),
    -- a credit twice in a line (22023), on the same day or not
    ('duplicate, same day', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 7, '2026-01-01', 100, NULL, NULL, NULL),
                              ('graduated: 0 @ 0.05', NULL, NULL, NULL, 7, '2026-01-01', 200, NULL, NULL, NULL)$$),
    ('duplicate, other day', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 7, '2026-01-01', 100, NULL, NULL, NULL),
                               ('graduated: 0 @ 0.05', NULL, NULL, NULL, 8, '2026-01-02', 100, NULL, NULL, NULL),
                               ('graduated: 0 @ 0.05', NULL, NULL, NULL, 7, '2026-01-03', 100, NULL, NULL, NULL)$$),
    -- the plan differs within the line (22023)
    ('schedule differs', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                           ('graduated: 0 @ 0.06', NULL, NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('mode differs', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                       ('retroactive: 0 @ 0.05', NULL, NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('quota differs', $$('graduated: 0 @ 0.05', 100, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                        ('graduated: 0 @ 0.05', 200, NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('quota, then none', $$('graduated: 0 @ 0.05', 100, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                           ('graduated: 0 @ 0.05', NULL, NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('no quota, then one', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                             ('graduated: 0 @ 0.05', 100, NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('scale differs', $$('graduated: 0 @ 0.05', NULL, 1, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                        ('graduated: 0 @ 0.05', NULL, 2, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('scale, then none', $$('graduated: 0 @ 0.05', NULL, 1, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                           ('graduated: 0 @ 0.05', NULL, NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('deal_cap differs', $$('graduated: 0 @ 0.05', NULL, NULL, 10, 1, '2026-01-01', 100, NULL, NULL, NULL),
                           ('graduated: 0 @ 0.05', NULL, NULL, 11, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('no deal_cap, then one', $$('graduated: 0 @ 0.05', NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                                ('graduated: 0 @ 0.05', NULL, NULL, 0, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('quota NaN on a later row', $$('graduated: 0 @ 0.05', 100, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                                   ('graduated: 0 @ 0.05', 'NaN', NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    -- other bytes, the same plan: accepted
    ('0.05 and 0.050', $$('graduated: 0 @ 0.05, 1000 @ 0.1', NULL, NULL, NULL, 1, '2026-01-01', 100, NULL, NULL, NULL),
                         ('graduated: 0 @ 0.050, 1e3 @ 0.10', NULL, NULL, NULL, 2, '2026-01-01', 100, NULL, NULL, NULL)$$),
    ('quota 100 and 100.00', $$('graduated: 0 @ 0.05', 100, 0.5, 7, 1, '2026-01-01', 100, NULL, NULL, NULL),
                               ('graduated: 0 @ 0.05', 100.00, 0.50, 7.0, 2, '2026-01-01', 100, NULL, NULL, NULL)$$)
  ) v(what, rows);

-- The plan compared in full, not as a byte string: "0.05" and "0.050" pay
-- the same (100 x 0.05 + 100 x 0.05 = 10, the same on both rows)
SELECT (spm.ledger_agg(s, NULL, NULL, NULL, id, '2026-01-01', 100, NULL, NULL, NULL ORDER BY id)).commission
  FROM (VALUES ('graduated: 0 @ 0.05'::spm.tier_schedule, 1), ('graduated: 0 @ 0.050', 2)) v(s, id);

-- A plan argument stored compressed: its first row's value is kept for the
-- per-row check too, so that a later row without it is still a different
-- plan (the quota, 10^10000 and a half, compresses to a few dozen bytes).
CREATE TABLE spm_test.ledger_big (id bigint, quota numeric);
INSERT INTO spm_test.ledger_big VALUES (1, ('1' || repeat('0', 10000) || '.5')::numeric), (2, NULL),
                                       (3, ('1' || repeat('0', 10000) || '.5')::numeric);
SELECT id, pg_column_compression(quota) IS NOT NULL AS compressed FROM spm_test.ledger_big ORDER BY id;
SELECT spm_test.sqlstate($$SELECT spm.ledger_agg('graduated: 0 @ 0.05', quota, NULL, NULL, id, '2026-01-01', 100,
                                                 NULL, NULL, NULL ORDER BY id)
                             FROM spm_test.ledger_big WHERE id IN (1, 2)$$) AS quota_then_none,
       spm_test.sqlstate($$SELECT spm.ledger_agg('graduated: 0 @ 0.05', quota, NULL, NULL, id, '2026-01-01', 100,
                                                 NULL, NULL, NULL ORDER BY id DESC)
                             FROM spm_test.ledger_big WHERE id IN (1, 2)$$) AS none_then_quota;
-- the same compressed quota on two rows is one plan: 200 x 0.05 = 10
SELECT (spm.ledger_agg('graduated: 0 @ 0.05', quota, NULL, NULL, id, '2026-01-01', 100,
                       NULL, NULL, NULL ORDER BY id)).commission
  FROM spm_test.ledger_big WHERE id IN (1, 3);

-- ==== 10. parallel plans ==================================================
-- 100000 credits on six lines; the partial states of the workers are
-- serialized, read back and combined, and the lines must be exactly the
-- serial ones (the whole composite, fingerprint included):
--   1 graduated on amount, no cap, nothing converted
--   2 retroactive on attainment, a deal cap that cuts some credits
--   3 a pay curve on attainment, scaled, every 7th credit converted
--   4 graduated with a deal cap, every 5th credit converted (EUR or a
--     long currency name)
--   5 a single credit: most workers see none of it
--   6 two credits at either end of the table: in different workers
CREATE TABLE spm_test.ledger_par (
    line int, schedule spm.tier_schedule, quota numeric, scale numeric, deal_cap numeric,
    credit_id bigint, credited_on date, amount numeric,
    original_amount numeric, original_currency text, fx_rate numeric);
INSERT INTO spm_test.ledger_par VALUES
    (6, 'graduated: 0 @ 0.1', NULL, NULL, NULL, 900000001, '2026-03-31', 10, NULL, NULL, NULL);
INSERT INTO spm_test.ledger_par
SELECT line,
       (ARRAY['graduated: 0 @ 0.03, 50000 @ 0.05, 150000 @ 0.08',
              'retroactive: 0 @ 0.02, 0.8 @ 0.04, 1.2 @ 0.07',
              'interpolated: 0 @ 0, 0.3 @ 0.1, 1.0 @ 1.0, 1.7 @ 3.0',
              'graduated: 0 @ 0.05, 100000 @ 0.1'])[line]::spm.tier_schedule,
       CASE line WHEN 2 THEN 1250000 WHEN 3 THEN 750000 END,
       CASE line WHEN 3 THEN 2500 * 0.4 END,
       CASE line WHEN 2 THEN 40 WHEN 4 THEN 15 END,
       g, date '2026-01-01' + (g * 37 % 90), amount,
       CASE WHEN conv THEN round(amount / 1.1, 2) END,
       CASE WHEN conv THEN CASE WHEN g % 2 = 0 THEN 'EUR' ELSE repeat('Ω', 32) END END,
       CASE WHEN conv THEN 1.1 END
  FROM generate_series(1, 100000) g
 CROSS JOIN LATERAL (SELECT 1 + g % 4 AS line, ((g::bigint * 7919) % 20011 - 2000) * 0.01 AS amount) x
 CROSS JOIN LATERAL (SELECT (x.line = 3 AND g % 7 = 0) OR (x.line = 4 AND g % 5 = 0) AS conv) c;
INSERT INTO spm_test.ledger_par VALUES
    (5, 'retroactive: 0 @ 0.1', 1000, 3, 50, 900000002, '2026-02-01', 200, 180, 'CHF', 1.1111),
    (6, 'graduated: 0 @ 0.1', NULL, NULL, NULL, 900000000, '2026-03-31', 20, NULL, NULL, NULL);
ANALYZE spm_test.ledger_par;

CREATE VIEW spm_test.ledger_par_lines AS
SELECT line, spm.ledger_agg(schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
                            original_amount, original_currency, fx_rate) AS l
  FROM spm_test.ledger_par GROUP BY line;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.ledger_serial AS SELECT * FROM spm_test.ledger_par_lines;
SELECT spm.ledger_agg(schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
                      original_amount, original_currency, fx_rate)::text AS l
  FROM spm_test.ledger_par WHERE line = 1 \gset serial_

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT * FROM spm_test.ledger_par_lines') AS grouped_plan_is_parallel,
       spm_test.plan_is_parallel($$SELECT spm.ledger_agg(schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
                                                         original_amount, original_currency, fx_rate)
                                     FROM spm_test.ledger_par WHERE line = 1$$) AS plain_plan_is_parallel;
CREATE TABLE spm_test.ledger_parallel AS SELECT * FROM spm_test.ledger_par_lines;
SELECT spm.ledger_agg(schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
                      original_amount, original_currency, fx_rate)::text = :'serial_l' AS plain_same
  FROM spm_test.ledger_par WHERE line = 1;
-- the same lines, field for field
SELECT s.line, s.l::text = p.l::text AS same
  FROM spm_test.ledger_serial s FULL JOIN spm_test.ledger_parallel p USING (line) ORDER BY line;
-- and what the lines hold (python3 over the same formula: credited
-- 2001500.80, 2001315.49, 2001377.26, 2001038.81; line 2 cut only where
-- the retroactive rate steps up at 1000000 and 1500000, line 4 on the
-- 3570 credits above 150 once past 100000; 3571 and 5000 converted)
SELECT line, (l).credits, (l).credited, (l).uncapped IS NOT NULL AS some_cut,
       (SELECT count(*) FROM unnest((l).uncapped) u WHERE u IS NOT NULL) AS cut,
       (SELECT count(*) FROM unnest((l).fx_rates) f WHERE f IS NOT NULL) AS converted,
       (l).credit_ids = (SELECT array_agg(credit_id ORDER BY credited_on, credit_id)
                           FROM spm_test.ledger_par p WHERE p.line = s.line) AS in_order
  FROM spm_test.ledger_serial s ORDER BY line;
-- line 5's single credit: 200 at 0.1 (retroactive) = 20, x 3 = 60, cut to 50
SELECT (l).commissions, (l).uncapped, (l).original_currencies, (l).fx_rates
  FROM spm_test.ledger_parallel WHERE line = 5;
-- line 6's two credits: 900000000 first on the same day, 20 x 0.1 = 2, then 1
SELECT (l).credit_ids, (l).commissions
  FROM spm_test.ledger_parallel WHERE line = 6;

-- Errors are the same in a parallel plan: with the leader only gathering,
-- every credit passes through a worker's serialized state.
SET parallel_leader_participation = off;
UPDATE spm_test.ledger_par SET amount = 'NaN' WHERE credit_id = 75000;
SELECT spm_test.sqlstate($$SELECT (l).credits FROM spm_test.ledger_par_lines WHERE line = 1$$) AS nan_amount;
UPDATE spm_test.ledger_par SET amount = ((credit_id * 7919) % 20011 - 2000) * 0.01 WHERE credit_id = 75000;
UPDATE spm_test.ledger_par SET credit_id = 8 WHERE credit_id = 99996;
SELECT spm_test.sqlstate($$SELECT (l).credits FROM spm_test.ledger_par_lines WHERE line = 1$$) AS duplicate_credit;
UPDATE spm_test.ledger_par SET credit_id = 99996 WHERE credit_id = 8 AND credited_on = date '2026-01-01' + (99996 * 37 % 90);
UPDATE spm_test.ledger_par SET quota = 1250000.0 WHERE line = 2 AND credit_id > 50000;
SELECT spm_test.sqlstate($$SELECT (l).credits FROM spm_test.ledger_par_lines WHERE line = 2$$) AS same_quota_other_bytes;
UPDATE spm_test.ledger_par SET quota = 1250001 WHERE line = 2 AND credit_id > 95000;
SELECT spm_test.sqlstate($$SELECT (l).credits FROM spm_test.ledger_par_lines WHERE line = 2$$) AS quota_differs;
RESET ALL;
DROP VIEW spm_test.ledger_par_lines;
DROP TABLE spm_test.ledger_par, spm_test.ledger_serial, spm_test.ledger_parallel;
