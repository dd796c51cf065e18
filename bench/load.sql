-- Data for the concurrent load (bench/load.pgbench, run by bench/run.sh):
-- small and fixed whatever :rows is, since the load measures many short
-- calls at once, not scans.  200 reps, 10 plans, 20,000 deals over two
-- years, 24 monthly totals per rep for the forecasts.
CREATE SCHEMA load;
CREATE TABLE load.plan (id integer PRIMARY KEY, schedule spm.tier_schedule NOT NULL, quota numeric NOT NULL);
INSERT INTO load.plan
SELECT i,
       format('%s: 0 @ 0.05, %s @ 0.07, %s @ 0.10%s',
              CASE WHEN i % 2 = 0 THEN 'graduated' ELSE 'retroactive' END,
              10000 * i, 30000 * i, CASE WHEN i % 3 = 0 THEN '; cap ' || 5000 * i ELSE '' END)::spm.tier_schedule,
       50000 * i
  FROM generate_series(1, 10) i;

CREATE TABLE load.deal (
    id integer PRIMARY KEY,
    rep integer NOT NULL,
    plan integer NOT NULL REFERENCES load.plan,
    amount numeric(12, 2) NOT NULL,
    closed date NOT NULL,
    score integer NOT NULL,
    won boolean NOT NULL
);
INSERT INTO load.deal
SELECT i, 1 + i % 200, 1 + (i % 200) % 10,
       round((100 + (i * 7919 % 20000))::numeric, 2),
       date '2024-01-01' + (i * 31 % 730),
       i * 13 % 11,
       i % 3 <> 0
  FROM generate_series(1, 20000) i;
CREATE INDEX ON load.deal (rep);

CREATE TABLE load.monthly AS
SELECT rep, date_trunc('month', closed)::date AS month, sum(amount)::float8 AS total
  FROM load.deal GROUP BY rep, date_trunc('month', closed);
CREATE INDEX ON load.monthly (rep);
ANALYZE load.plan, load.deal, load.monthly;
