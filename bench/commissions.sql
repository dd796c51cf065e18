-- Benchmark data for the commission engine: :rows deals for :rows / 1000
-- reps (about 1,000 deals each, 3% of them clawbacks), and for the per-rep
-- plan benchmark :rows / 10 reps, each with their own three-band plan, held
-- both as an spm.tier_schedule and as rows of a tier table.
CREATE TABLE bench.deals (rep integer NOT NULL, seq integer NOT NULL, amount numeric(12, 2) NOT NULL);
INSERT INTO bench.deals
SELECT g % (:rows / 1000), g / (:rows / 1000),
       CASE WHEN g % 33 = 0 THEN -round(((g * 7919) % 300000)::numeric / 100, 2)
            ELSE round(((g * 104729) % 2000000)::numeric / 100, 2) END
  FROM generate_series(0::bigint, :rows - 1) AS g;
VACUUM ANALYZE bench.deals;

CREATE TABLE bench.rep_total (rep integer PRIMARY KEY, total numeric(14, 2) NOT NULL);
INSERT INTO bench.rep_total
SELECT r, round(((r * 2654435761) % 50000000)::numeric / 100, 2)
  FROM generate_series(1, :rows / 10) AS r;

-- each rep's plan: 4% to q, 6% to 2q, 9% above, with q between 50k and 250k
CREATE TABLE bench.rep_tier (rep integer NOT NULL, lo numeric NOT NULL, hi numeric, rate numeric NOT NULL);
INSERT INTO bench.rep_tier
SELECT r, lo, hi, rate
  FROM generate_series(1, :rows / 10) AS r,
       LATERAL (SELECT (50000 + (r::bigint * 7919) % 200000)::numeric AS q) q,
       LATERAL (VALUES (0::numeric, q.q, 0.04), (q.q, 2 * q.q, 0.06), (2 * q.q, NULL, 0.09)) t(lo, hi, rate);
CREATE INDEX ON bench.rep_tier (rep);
CREATE TABLE bench.rep_plan AS
SELECT rep, spm.tiers(array_agg(lo ORDER BY lo), array_agg(rate ORDER BY lo)) AS plan
  FROM bench.rep_tier GROUP BY rep;
ALTER TABLE bench.rep_plan ADD PRIMARY KEY (rep);
VACUUM ANALYZE bench.rep_total, bench.rep_tier, bench.rep_plan;
