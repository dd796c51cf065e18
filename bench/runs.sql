-- Benchmark data for the commission run (bench/runs.bench): a pay period
-- of its own, 2030, so that it lives beside the data of bench/model.sql
-- (2025) when all the benchmarks share one database.
--
--   10,000 people in a reporting tree (10 VPs, 100 managers, 9,890 reps),
--   rep_id 200,001 to 210,000, all paid in USD and all on a plan;
--   four plans (graduated, retroactive, and each of them with a quota
--   accelerator on attainment), so 5,000 reps have two components;
--   least(:rows, 1,000,000) credits in 2030-Q1 and a quarter as many in
--   2030-Q2, about 1% of them in EUR and 1% in GBP with monthly rates.
--
-- The same schedules are written out band by band in bench.runs_band for
-- the hand-written comparison query, which does not call spm.commission.
SET client_min_messages = warning;
SELECT least(:rows, 1000000) AS run_credits \gset

CREATE SCHEMA IF NOT EXISTS bench;

INSERT INTO spm.rep (rep_id, name, manager_id, team, hired_on, currency)
SELECT 200000 + g,
       'Runs person ' || g,
       CASE WHEN g <= 10 THEN NULL
            WHEN g <= 110 THEN 200000 + 1 + (g - 11) / 10
            ELSE 200000 + 11 + (g - 111) % 100 END,
       'Runs team ' || CASE WHEN g <= 110 THEN (g - 1) % 100 ELSE (g - 111) % 100 END,
       date '2028-01-01' + g % 700,
       'USD'
  FROM generate_series(1, 10000) AS g;

-- USD is the base currency; EUR and GBP change every month.
INSERT INTO spm.fx_rate (currency, valid, rate)
SELECT 'USD', '(,)', 1
 WHERE NOT EXISTS (SELECT FROM spm.fx_rate WHERE currency = 'USD');
INSERT INTO spm.fx_rate (currency, valid, rate)
SELECT x.currency, daterange(m, (m + interval '1 month')::date), x.rate
  FROM (VALUES ('EUR', date '2030-01-01', 1.0843), ('EUR', '2030-02-01', 1.0791), ('EUR', '2030-03-01', 1.0912),
               ('EUR', '2030-04-01', 1.0775), ('EUR', '2030-05-01', 1.0820), ('EUR', '2030-06-01', 1.0868),
               ('GBP', '2030-01-01', 1.2654), ('GBP', '2030-02-01', 1.2587), ('GBP', '2030-03-01', 1.2713),
               ('GBP', '2030-04-01', 1.2490), ('GBP', '2030-05-01', 1.2532), ('GBP', '2030-06-01', 1.2611))
       AS x(currency, m, rate);

INSERT INTO spm.plan (plan_id, name) VALUES
    (901, 'Runs graduated'), (902, 'Runs retroactive'),
    (903, 'Runs graduated with accelerator'), (904, 'Runs retroactive with accelerator');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES
    (901, 901, '[2030-01-01,2031-01-01)'), (902, 902, '[2030-01-01,2031-01-01)'),
    (903, 903, '[2030-01-01,2031-01-01)'), (904, 904, '[2030-01-01,2031-01-01)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis) VALUES
    (901, 'new business', 'graduated: 0 @ 0.05, 500000 @ 0.07, 1000000 @ 0.10', 'amount'),
    (902, 'new business', 'retroactive: 0 @ 0.04, 800000 @ 0.06, 1200000 @ 0.08', 'amount'),
    (903, 'new business', 'graduated: 0 @ 0.04, 600000 @ 0.06', 'amount'),
    (903, 'quota bonus', 'graduated: 0 @ 0.01, 1.0 @ 0.03, 1.5 @ 0.05', 'attainment'),
    (904, 'new business', 'retroactive: 0 @ 0.03, 700000 @ 0.05', 'amount'),
    (904, 'quota bonus', 'graduated: 0 @ 0, 0.8 @ 0.02, 1.2 @ 0.04', 'attainment');
INSERT INTO spm.assignment (rep_id, plan_id, valid)
SELECT 200000 + g, 901 + g % 4, '[2030-01-01,2031-01-01)' FROM generate_series(1, 10000) AS g;
INSERT INTO spm.quota (rep_id, period, amount)
SELECT 200000 + g, q, 800000 + (g % 7) * 50000
  FROM generate_series(1, 10000) AS g,
       unnest(ARRAY[daterange('2030-01-01', '2030-04-01'), daterange('2030-04-01', '2030-07-01')]) AS q;

-- The same schedules band by band: [lo, hi) and the rate, lo and hi as
-- fractions of the quota for an attainment component.
CREATE TABLE bench.runs_band (
    version_id bigint, component text, mode text, lo numeric, hi numeric, rate numeric);
INSERT INTO bench.runs_band VALUES
    (901, 'new business', 'graduated', 0, 500000, 0.05),
    (901, 'new business', 'graduated', 500000, 1000000, 0.07),
    (901, 'new business', 'graduated', 1000000, NULL, 0.10),
    (902, 'new business', 'retroactive', 0, 800000, 0.04),
    (902, 'new business', 'retroactive', 800000, 1200000, 0.06),
    (902, 'new business', 'retroactive', 1200000, NULL, 0.08),
    (903, 'new business', 'graduated', 0, 600000, 0.04),
    (903, 'new business', 'graduated', 600000, NULL, 0.06),
    (903, 'quota bonus', 'graduated', 0, 1.0, 0.01),
    (903, 'quota bonus', 'graduated', 1.0, 1.5, 0.03),
    (903, 'quota bonus', 'graduated', 1.5, NULL, 0.05),
    (904, 'new business', 'retroactive', 0, 700000, 0.03),
    (904, 'new business', 'retroactive', 700000, NULL, 0.05),
    (904, 'quota bonus', 'graduated', 0, 0.8, 0),
    (904, 'quota bonus', 'graduated', 0.8, 1.2, 0.02),
    (904, 'quota bonus', 'graduated', 1.2, NULL, 0.04);

-- Credits: :run_credits in Q1, a quarter as many in Q2; one in 97 in EUR
-- and one in 89 in GBP (amounts in that currency).
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, currency, kind)
SELECT q.first_id + g,
       q.prefix || g,
       200001 + g % 10000,
       q.first_day + ((g * 7919) % q.days)::integer,
       round((500 + (g * 104729) % 20000)::numeric + ((g * 31) % 100) / 100.0, 2),
       CASE WHEN g % 97 = 0 THEN 'EUR' WHEN g % 89 = 0 THEN 'GBP' ELSE 'USD' END,
       'deal'
  FROM (VALUES (300000000, 'R-', date '2030-01-01', 90, :run_credits),
               (400000000, 'R2-', date '2030-04-01', 91, :run_credits / 4))
       AS q(first_id, prefix, first_day, days, n),
       generate_series(1::bigint, q.n) AS g;

ANALYZE spm.rep, spm.plan, spm.plan_version, spm.plan_component, spm.assignment,
        spm.quota, spm.credit, spm.fx_rate, bench.runs_band;

-- The hand-written answer's lines, and the queries the benchmark runs.
CREATE TABLE bench.runs_line (rep_id bigint, version_id bigint, component text, amount numeric);
CREATE TABLE bench.runs_query (name text PRIMARY KEY, query text NOT NULL);
INSERT INTO bench.runs_query VALUES
    ('calculate', $q$SELECT spm.calculate('[2030-01-01,2030-04-01)')$q$),
    -- a quarter as many credits, for the memory comparison (bench/runs-memory.sh)
    ('calculate Q2', $q$SELECT spm.calculate('[2030-04-01,2030-07-01)')$q$),
    -- The same payouts as one INSERT ... SELECT: each rep's credits of the
    -- quarter converted at the day's rate and summed per plan version and
    -- component, the commission of the sum band by band (graduated: the
    -- part inside each band times its rate; retroactive: the whole sum at
    -- the rate of its band; attainment bands are fractions of the quota),
    -- then cumulative rounding to cents over each rep's lines in (version,
    -- component) order, as the ledger does.
    ('hand', $q$
INSERT INTO bench.runs_line (rep_id, version_id, component, amount)
WITH cr AS (
    -- the quarter's credits in their rep's currency; only the few in
    -- another currency look up rates
    SELECT c.rep_id, c.credited_on,
           CASE WHEN coalesce(c.currency, r.currency) = r.currency THEN c.amount
                ELSE c.amount
                     * (SELECT f.rate FROM spm.fx_rate f WHERE f.currency = c.currency AND f.valid @> c.credited_on)
                     / (SELECT f.rate FROM spm.fx_rate f WHERE f.currency = r.currency AND f.valid @> c.credited_on)
           END AS amount
      FROM spm.credit c
      JOIN spm.rep r ON r.rep_id = c.rep_id
     WHERE c.credited_on >= date '2030-01-01' AND c.credited_on < date '2030-04-01'
),
win AS (
    -- each rep's plan versions and components in force, and the days
    SELECT a.rep_id, v.version_id, pc.component, q.amount AS quota,
           a.valid * v.valid * '[2030-01-01,2030-04-01)'::daterange AS days
      FROM spm.assignment a
      JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid
      JOIN spm.plan_component pc ON pc.version_id = v.version_id
      LEFT JOIN spm.quota q ON q.rep_id = a.rep_id AND q.period = '[2030-01-01,2030-04-01)'
     WHERE a.valid && '[2030-01-01,2030-04-01)' AND v.valid && '[2030-01-01,2030-04-01)'
       AND (pc.basis = 'amount' OR q.amount > 0)
),
total AS (
    SELECT w.rep_id, w.version_id, w.component, w.quota, sum(cr.amount) AS credited
      FROM win w JOIN cr ON cr.rep_id = w.rep_id AND cr.credited_on <@ w.days
     GROUP BY w.rep_id, w.version_id, w.component, w.quota
),
line AS (
    SELECT t.rep_id, t.version_id, t.component,
           sum(CASE b.mode
                   WHEN 'graduated' THEN
                       b.rate * greatest(0, least(t.credited, coalesce(b.hi * s.scale, t.credited)) - b.lo * s.scale)
                   ELSE CASE WHEN t.credited >= b.lo AND (b.hi IS NULL OR t.credited < b.hi)
                             THEN b.rate * t.credited ELSE 0 END
               END) AS exact
      FROM total t
      JOIN bench.runs_band b ON b.version_id = t.version_id AND b.component = t.component
      CROSS JOIN LATERAL (SELECT CASE WHEN b.component = 'quota bonus' THEN t.quota ELSE 1 END AS scale) s
     GROUP BY t.rep_id, t.version_id, t.component
)
SELECT rep_id, version_id, component,
       round(sum(exact) OVER w, 2) - round(sum(exact) OVER w - exact, 2)
  FROM line
WINDOW w AS (PARTITION BY rep_id ORDER BY version_id, component)$q$);

-- Runs one of the queries above and rolls back what it wrote (the ledger
-- is append-only, so each timed spm.calculate must find the quarter
-- uncalculated): the number of rows it reported, or of rows written.
CREATE FUNCTION bench.rolled_back(name text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    BEGIN
        IF name LIKE 'calculate%' THEN
            EXECUTE (SELECT query FROM bench.runs_query q WHERE q.name = rolled_back.name) INTO n;
        ELSE
            EXECUTE (SELECT query FROM bench.runs_query q WHERE q.name = rolled_back.name);
            GET DIAGNOSTICS n = ROW_COUNT;
        END IF;
        RAISE SQLSTATE 'BNCH0' USING MESSAGE = 'roll back';
    EXCEPTION WHEN SQLSTATE 'BNCH0' THEN
        RETURN n;
    END;
END
$$;

-- Whether spm.calculate and the hand-written query pay the same, to the
-- cent, per rep, plan version and component (a rep's lines net of any
-- reversal), and both pay something; rolled back like the timed runs.
CREATE FUNCTION bench.runs_agree() RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    ok boolean;
BEGIN
    BEGIN
        EXECUTE (SELECT query FROM bench.runs_query WHERE name = 'calculate');
        EXECUTE (SELECT query FROM bench.runs_query WHERE name = 'hand');
        WITH ledger AS (
            SELECT rep_id, version_id, component, sum(amount) AS amount
              FROM spm.payout_line WHERE period = '[2030-01-01,2030-04-01)'
             GROUP BY rep_id, version_id, component
        ),
        hand AS (SELECT rep_id, version_id, component, amount FROM bench.runs_line)
        SELECT (SELECT count(*) FROM ledger) > 10000
           AND NOT EXISTS (SELECT * FROM ledger EXCEPT SELECT * FROM hand)
           AND NOT EXISTS (SELECT * FROM hand EXCEPT SELECT * FROM ledger)
          INTO ok;
        RAISE SQLSTATE 'BNCH0' USING MESSAGE = 'roll back';
    EXCEPTION WHEN SQLSTATE 'BNCH0' THEN
        RETURN ok;
    END;
END
$$;
