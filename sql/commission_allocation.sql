--
-- commission_allocation: spm.split, spm.prorate, spm.draw
--

-- split: largest remainder, parts always sum to round(amount, scale), ties
-- to the earlier weight
SELECT spm.split(100, '{1,1,1}');               -- 33.34 33.33 33.33
SELECT spm.split(-100, '{1,1,1}');              -- clawbacks split the same way
SELECT spm.split(100, '{0.7,0.3}');             -- 70 / 30
SELECT spm.split(1, '{1,2}');                   -- 0.33 r1, 0.66 r2: the cent goes to the second
SELECT spm.split(10, '{1,1,1}', 0);             -- 4 3 3
SELECT spm.split(0.05, '{1,1}', 1);             -- round(0.05, 1) = 0.1: 0.1 and 0.0
SELECT spm.split(10, '{0,1,0}');                -- zero weights get nothing
SELECT spm.split(1000, '{0.5,0.25,0.25}', 3);
SELECT spm.split(123.456, '{1}');               -- one part: the rounded amount
SELECT spm.split(1e20, '{1,1,1}', 0);           -- huge amounts stay exact
SELECT spm.split(NULL, '{1}') IS NULL AS strict;
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{1,NULL}')$$);
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{1,-1}')$$);
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{0,0}')$$);
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{}')$$);
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{{1,2}}')$$);
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{1,NaN}')$$);
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{1}', -1)$$);
SELECT spm_test.sqlstate($$SELECT spm.split(10, '{1}', 101)$$);
SELECT spm_test.sqlstate($$SELECT spm.split('NaN', '{1}')$$);
-- 2,000 random splits: parts sum to the rounded amount, each part is within
-- one unit of its exact share, and no part gets a unit it is not owed
WITH cases AS (
    SELECT i, round(((i * 7919) % 1000000 - 300000)::numeric / 13, 4) AS amount,
           array(SELECT ((i * k * 31) % 7)::numeric FROM generate_series(1, 1 + i % 6) AS k) AS weights,
           i % 4 AS scale
      FROM generate_series(1, 2000) AS i
), ok AS (
    SELECT * FROM cases WHERE (SELECT sum(w) FROM unnest(weights) AS w) > 0
), parts AS (
    SELECT i, amount, scale, w, p,
           round(amount, scale) * w / (SELECT sum(x) FROM unnest(weights) AS x) AS exact
      FROM ok, unnest(weights, spm.split(amount, weights, scale)) AS u(w, p)
)
SELECT count(DISTINCT i) AS splits,
       (SELECT count(*) FROM (SELECT i FROM parts GROUP BY i, amount, scale
                               HAVING sum(p) <> round(amount, scale)) bad) AS sum_mismatches,
       count(*) FILTER (WHERE abs(p - exact) >= 10 ^ (-scale)) AS far_parts,
       count(*) FILTER (WHERE w = 0 AND p <> 0) AS zero_weight_paid,
       count(*) FILTER (WHERE scale(p) <> scale) AS wrong_scale
  FROM parts;

-- prorate: amount * days(period * active) / days(period), calendar days
-- Q1 2025 has 90 days; active from Feb 15: 14 + 31 = 45 days -> 1500
SELECT spm.prorate(3000, '[2025-01-01,2025-04-01)', '[2025-02-15,)');
-- leap year: Q1 2024 has 91 days; from Feb 29: 1 + 31 = 32 days -> 3200
SELECT spm.prorate(9100, '[2024-01-01,2024-04-01)', '[2024-02-29,)');
-- left on Jan 10: 10 days of 90 -> 100
SELECT spm.prorate(900, '[2025-01-01,2025-04-01)', '[2024-12-01,2025-01-11)');
-- inclusive bounds are canonicalised: [Jan 1, Jan 31] is 31 days
SELECT spm.prorate(3100, daterange('2025-01-01', '2025-01-31', '[]'), daterange('2025-01-22', '2025-01-31', '[]'));
SELECT spm.prorate(1000, '[2025-01-01,2025-04-01)', '(,)') AS always_active,
       spm.prorate(1000, '[2025-01-01,2025-04-01)', 'empty') AS never_active,
       spm.prorate(1000, '[2025-01-01,2025-04-01)', '[2025-05-01,)') AS starts_after,
       spm.prorate(1000, '[2025-01-01,2025-04-01)', '[2024-01-01,2025-01-01)') AS ends_before;
-- a third of a period: exactly SQL's own numeric division
SELECT spm.prorate(100, '[2025-01-01,2025-01-04)', '[2025-01-01,2025-01-02)') = 100 * 1 / 3::numeric AS as_sql_divides;
SELECT spm.prorate(-600, '[2025-01-01,2025-01-07)', '[2025-01-04,)');   -- clawbacks too: -300
SELECT spm_test.sqlstate($$SELECT spm.prorate(1, 'empty', '[2025-01-01,)')$$);
SELECT spm_test.sqlstate($$SELECT spm.prorate(1, '[2025-01-01,)', '[2025-01-01,)')$$);
SELECT spm_test.sqlstate($$SELECT spm.prorate(1, '(,2025-01-01)', '[2025-01-01,)')$$);
SELECT spm_test.sqlstate($$SELECT spm.prorate(1, daterange('2025-01-01', 'infinity'), '[2025-01-01,)')$$);
SELECT spm_test.sqlstate($$SELECT spm.prorate(1, '[2025-01-01,2025-02-01)', daterange('-infinity', '2025-01-15'))$$);
SELECT spm_test.sqlstate($$SELECT spm.prorate('Infinity', '[2025-01-01,2025-02-01)', '[2025-01-01,)')$$);

-- draw: a recoverable draw of 3,000 a month
--   Jan earned 1000: paid 3000, recovered 0,    balance 2000
--   Feb earned 4000: paid 3000, recovered 1000, balance 1000
--   Mar earned 2500: paid 3000, recovered 0,    balance 1500
--   Apr earned 6000: paid 4500, recovered 1500, balance 0
CREATE TABLE spm_test.cm_draws (rep int, month int, earned numeric);
INSERT INTO spm_test.cm_draws VALUES (1, 1, 1000), (1, 2, 4000), (1, 3, 2500), (1, 4, 6000);
SELECT month, earned, (spm.draw(earned, 3000, true) OVER w).*
  FROM spm_test.cm_draws WINDOW w AS (ORDER BY month) ORDER BY month;
-- non-recoverable: paid max(earned, draw), nothing owed
SELECT month, (spm.draw(earned, 3000, false) OVER w).*
  FROM spm_test.cm_draws WINDOW w AS (ORDER BY month) ORDER BY month;
-- as an ordered aggregate: the last period
SELECT (spm.draw(earned, 3000, true ORDER BY month)).* FROM spm_test.cm_draws;
SELECT spm.draw(earned, 3000, true) IS NULL AS no_rows FROM spm_test.cm_draws WHERE false;
-- combining the Jan-Feb and Mar-Apr runs, in order, gives the same answer
CREATE AGGREGATE spm_test.draw_state(numeric, numeric, boolean) (
    SFUNC = spm.draw_trans, STYPE = numeric[], INITCOND = '{0,0,0,0,0,0,0}');
SELECT (spm.draw_final(spm.draw_combine(
          (SELECT spm_test.draw_state(earned, 3000, true ORDER BY month) FROM spm_test.cm_draws WHERE month <= 2),
          (SELECT spm_test.draw_state(earned, 3000, true ORDER BY month) FROM spm_test.cm_draws WHERE month > 2)))).*;
SELECT spm.draw_combine('{0,0,0,0,0,0,0}', '{0,0,0,0,0,0,0}') AS empty_with_empty;
-- errors
SELECT spm_test.sqlstate($$SELECT spm.draw(1000, -5, true)$$);
SELECT spm_test.sqlstate($$SELECT spm.draw('NaN', 5, true)$$);
SELECT spm_test.sqlstate($$SELECT spm.draw_final('{1,2}')$$);
SELECT spm_test.sqlstate($$SELECT spm.draw_final('{0,0,0,0,0,0,NULL}')$$);

-- Differential test against the contract written as a recursive query: 300
-- reps, 1-18 periods each, random earnings (some negative), random draws and
-- recoverability; also each run split at a random point and combined.
CREATE TABLE spm_test.cm_draw_cases AS
SELECT r AS rep, m AS month,
       round(((r * 7919 + m * 104729) % 9000 - 1000)::numeric, 2) AS earned,
       (500 * (1 + r % 7))::numeric AS draw,
       (r + m) % 5 <> 0 AS recoverable
  FROM generate_series(1, 300) AS r, generate_series(1, 1 + r % 18) AS m;
WITH RECURSIVE ref AS (
    SELECT rep, month, balance_after, paid, recovered FROM (
        SELECT c.rep, c.month,
               CASE WHEN c.recoverable THEN greatest(0, c.draw - c.earned) ELSE 0 END AS balance_after,
               greatest(c.earned, c.draw) AS paid, 0::numeric AS recovered
          FROM spm_test.cm_draw_cases c WHERE c.month = 1) first
    UNION ALL
    SELECT c.rep, c.month,
           CASE WHEN c.recoverable
                THEN ref.balance_after - least(ref.balance_after, greatest(0, c.earned - c.draw))
                     + greatest(0, c.draw - c.earned)
                ELSE ref.balance_after END,
           greatest(c.earned, c.draw)
             - CASE WHEN c.recoverable THEN least(ref.balance_after, greatest(0, c.earned - c.draw)) ELSE 0 END,
           CASE WHEN c.recoverable THEN least(ref.balance_after, greatest(0, c.earned - c.draw)) ELSE 0 END
      FROM ref JOIN spm_test.cm_draw_cases c ON c.rep = ref.rep AND c.month = ref.month + 1
), got AS (
    SELECT rep, month, (spm.draw(earned, draw, recoverable) OVER w).*
      FROM spm_test.cm_draw_cases WINDOW w AS (PARTITION BY rep ORDER BY month)
), halves AS (
    SELECT rep,
           spm.draw_final(spm.draw_combine(
               spm_test.draw_state(earned, draw, recoverable ORDER BY month)
                   FILTER (WHERE month <= 1 + rep % 5),
               coalesce(spm_test.draw_state(earned, draw, recoverable ORDER BY month)
                   FILTER (WHERE month > 1 + rep % 5), '{0,0,0,0,0,0,0}'))) AS combined,
           max(month) AS last
      FROM spm_test.cm_draw_cases GROUP BY rep
)
SELECT (SELECT count(*) FROM got) AS periods,
       (SELECT count(*) FROM got JOIN ref USING (rep, month)
         WHERE (got.paid, got.recovered, got.balance)
               IS DISTINCT FROM (ref.paid, ref.recovered, ref.balance_after)) AS mismatches,
       (SELECT count(*) FROM halves JOIN ref ON ref.rep = halves.rep AND ref.month = halves.last
         WHERE halves.combined IS DISTINCT FROM ROW(ref.paid, ref.recovered, ref.balance_after)::spm.draw_result)
         AS combine_mismatches,
       (SELECT count(*) FROM got WHERE recovered > 0) AS periods_recovering;

-- Draw states are checked against what a run of periods can produce
-- (22P03, like any other bad aggregate state).  Valid: one recoverable
-- period earning 1000 on a 3000 draw: A = d - e = 2000, B = d = 2000,
-- PA = PB = 0, E = 0, M = 3000, N = 1 -> paid 3000, recovered 0, balance 2000.
SELECT * FROM spm.draw_final('{2000,2000,0,0,0,3000,1}');
SELECT spm_test.error($$SELECT spm.draw_final('{0,-1,0,0,0,0,1}')$$);     -- B < 0
SELECT spm_test.error($$SELECT spm.draw_final('{5,1,0,0,0,3,1}')$$);      -- B < A
SELECT spm_test.error($$SELECT spm.draw_final('{0,0,0,0,4,3,1}')$$);      -- E > M
SELECT spm_test.error($$SELECT spm.draw_final('{0,0,0,0,0,0,1.5}')$$);    -- N not whole
SELECT spm_test.error($$SELECT spm.draw_final('{1,1,0,0,0,0,0}')$$);      -- N = 0 but not all 0
SELECT spm_test.error($$SELECT spm.draw_trans('{0,0,0,0,0,0,-1}', 1, 1, true)$$);

-- spm.split answers a cancel within a second however long the weights are:
-- 1,000,000 weights took about 5 s and noticed statement_timeout only after
-- returning.  The weights are built before the timeout starts.
CREATE TABLE spm_test.al_weights AS
SELECT array_agg((1 + g % 7)::numeric) AS w FROM generate_series(1, 1000000) g;
SET statement_timeout = '1s';
DO $$
DECLARE
    t0 timestamptz := clock_timestamp();
BEGIN
    PERFORM spm.split(1000000, w) FROM spm_test.al_weights;
    RAISE NOTICE 'split returned';
EXCEPTION WHEN query_canceled THEN
    RAISE NOTICE 'canceled (%) within 3 s of the start: %', SQLSTATE, clock_timestamp() - t0 < interval '3 s';
END
$$;
RESET statement_timeout;
