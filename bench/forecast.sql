-- Benchmark data for forecasting: 2,000 monthly revenue series of 36 points
-- (one per rep; the size is fixed by the target in doc/development.md, so :rows is not
-- used): a level, a trend, a yearly pattern of varying strength and
-- deterministic pseudo-random noise.
CREATE TABLE bench.fc_series (rep_id integer PRIMARY KEY, x float8[] NOT NULL);
INSERT INTO bench.fc_series
SELECT r,
       array_agg(round((
           (50000 + (r * 7919) % 40000)                                -- level
           * (1 + ((r % 21) - 10) * 0.002 * t)                          -- trend
           * (1 + (0.05 + (r % 9) * 0.03) * sin(2 * pi() * (t + r % 12) / 12.0))  -- season
           * (1 + (((r::bigint * 104729 + t * 7907) % 1001) / 1000.0 - 0.5) * 0.2)  -- noise
       )::numeric, 2)::float8 ORDER BY t)
  FROM generate_series(1, 2000) AS r, generate_series(1, 36) AS t
 GROUP BY r;
ANALYZE bench.fc_series;

-- :rows (actual, forecast) pairs for the accuracy and trend aggregates'
-- parallel cases, 100 groups
CREATE TABLE bench.fc_pairs (grp integer NOT NULL, x float8, actual float8, fc float8);
INSERT INTO bench.fc_pairs
SELECT g % 100, g % 1000, 1000 + (g * 7919) % 997, 1000 + (g * 104729) % 991
  FROM generate_series(1::bigint, :rows) AS g;
ALTER TABLE bench.fc_pairs SET (parallel_workers = 2);
VACUUM ANALYZE bench.fc_pairs;

-- :rows open deals for spm.weighted_pipeline's parallel case, 100 groups:
-- money amounts and probabilities in hundredths
CREATE TABLE bench.fc_pipeline (grp integer NOT NULL, amount numeric(12, 2), probability numeric(3, 2));
INSERT INTO bench.fc_pipeline
SELECT (g * 2654435761) % 100, round(((g * 104729) % 2000000) / 100.0, 2), ((g * 7919) % 101) / 100.0
  FROM generate_series(1::bigint, :rows) AS g;
ALTER TABLE bench.fc_pipeline SET (parallel_workers = 2);
VACUUM ANALYZE bench.fc_pipeline;
