-- Benchmark data for the survey aggregates: :rows answers on the 0-10
-- scale from 100 teams, about 2% of scores NULL, each with a CSAT answer
-- on the 1-5 scale.
CREATE TABLE bench.survey (team integer NOT NULL, score integer, csat integer);
INSERT INTO bench.survey
SELECT (g * 2654435761) % 100,
       CASE WHEN g % 53 = 0 THEN NULL ELSE ((g * 40503) % 1000003) % 11 END,
       1 + ((g * 7919) % 1000003) % 5
  FROM generate_series(1::bigint, :rows) AS g;
-- a fixed worker count, so the parallel rows always compare 2 workers with none
ALTER TABLE bench.survey SET (parallel_workers = 2);
VACUUM ANALYZE bench.survey;
