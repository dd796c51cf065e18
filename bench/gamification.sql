-- Benchmark data for the gamification aggregates: :rows deals of 1,000
-- reps, won, lost or (one in seven) still open.
CREATE TABLE bench.gm_deal (rep integer NOT NULL, won boolean);
INSERT INTO bench.gm_deal
SELECT (g * 2654435761) % 1000,
       CASE WHEN g % 7 = 0 THEN NULL ELSE ((g * 40503) % 1000003) % 3 = 0 END
  FROM generate_series(1::bigint, :rows) AS g;
-- a fixed worker count, so the parallel rows always compare 2 workers with none
ALTER TABLE bench.gm_deal SET (parallel_workers = 2);
VACUUM ANALYZE bench.gm_deal;
