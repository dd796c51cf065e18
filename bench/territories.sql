-- Benchmark data for the territory and quota functions.
--
-- bench.tr_items: items to balance, in named instances of fixed size (they
-- do not grow with :rows): 10,000 and 100,000 items with uniform weights
-- (1 to 100) and with skewed, Pareto-like weights (account potentials),
-- and a "planted" instance of 250 items cut from 50 territories of exactly
-- 100,000 each (5 pieces each), whose optimum equals the lower bound and
-- where few items per territory make the greedy plan fall short.
CREATE TABLE bench.tr_items (instance text NOT NULL, id bigint NOT NULL, w float8 NOT NULL);
INSERT INTO bench.tr_items
SELECT 'uniform ' || n, g, 1 + 99 * ((g * 2654435761) % 1000003) / 1000003.0
  FROM (VALUES (10000), (100000)) AS s(n), generate_series(1::bigint, n) AS g;
INSERT INTO bench.tr_items
SELECT 'skewed ' || n, g, 1000.0 / (0.01 + ((g * 40503) % 1000003) / 1000003.0)
  FROM (VALUES (10000), (100000)) AS s(n), generate_series(1::bigint, n) AS g;
-- planted: territory t is cut at 4 distinct pseudo-random points of (0, 100000)
INSERT INTO bench.tr_items
SELECT 'planted 250', row_number() OVER (ORDER BY (t * 7919 + i * 104729) % 1000003), w
  FROM (SELECT t, i, c - coalesce(lag(c) OVER (PARTITION BY t ORDER BY c), 0) AS w
          FROM (SELECT t, i, CASE WHEN i = 5 THEN 100000
                                  ELSE 1 + ((t * 1000003 + i * 7919) * 2654435761 % 99991) END AS c
                  FROM generate_series(1::bigint, 50) t, generate_series(1::bigint, 5) i) cuts) pieces;
CREATE INDEX ON bench.tr_items (instance, id);

-- the arrays of each instance, built once
CREATE TABLE bench.tr_instance AS
SELECT instance, array_agg(id ORDER BY id) AS ids, array_agg(w ORDER BY id) AS weights
  FROM bench.tr_items GROUP BY instance;

-- bench.tr_load: :rows loads in 100 groups for the spm.gini aggregate;
-- bench.qt_credit: :rows (actual, quota) money rows in 100 groups
CREATE TABLE bench.tr_load (grp integer NOT NULL, x float8);
INSERT INTO bench.tr_load
SELECT (g * 2654435761) % 100, ((g * 40503) % 1000003) / 7.0
  FROM generate_series(1::bigint, :rows) AS g;
ALTER TABLE bench.tr_load SET (parallel_workers = 2);
CREATE TABLE bench.qt_credit (rep integer NOT NULL, actual numeric(14, 2), quota numeric(14, 2));
INSERT INTO bench.qt_credit
SELECT (g * 2654435761) % 100, ((g * 40503) % 1000003) / 100.0, 5000 + (g % 7) * 100
  FROM generate_series(1::bigint, :rows) AS g;
ALTER TABLE bench.qt_credit SET (parallel_workers = 2);
VACUUM ANALYZE bench.tr_items, bench.tr_instance, bench.tr_load, bench.qt_credit;

-- Quality and time of spm.balance against the greedy plan on one instance:
-- the median time of 3 runs of each, and each plan's heaviest territory
-- against the lower bound max(total / k, largest item).
CREATE FUNCTION bench.balance_quality(inst text, k integer)
RETURNS TABLE (instance text, items integer, territories integer, lower_bound float8,
               greedy_heaviest float8, spm_heaviest float8,
               greedy_ms float8, spm_ms float8)
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    ws float8[];
    t0 timestamptz;
    g_ms float8[] := '{}';
    s_ms float8[] := '{}';
BEGIN
    SELECT i.ids, i.weights INTO ids, ws FROM bench.tr_instance i WHERE i.instance = inst;
    FOR r IN 1..3 LOOP
        t0 := clock_timestamp();
        SELECT max(b.load) INTO greedy_heaviest FROM spm.balance_greedy(ids, ws, k) b;
        g_ms := g_ms || 1000 * extract(epoch FROM clock_timestamp() - t0)::float8;
        t0 := clock_timestamp();
        SELECT max(b.load) INTO spm_heaviest FROM spm.balance(ids, ws, k) b;
        s_ms := s_ms || 1000 * extract(epoch FROM clock_timestamp() - t0)::float8;
    END LOOP;
    SELECT greatest(sum(w) / k, max(w)) INTO lower_bound FROM unnest(ws) AS w;
    instance := inst;
    items := cardinality(ids);
    territories := k;
    greedy_ms := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(g_ms) x);
    spm_ms := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(s_ms) x);
    RETURN NEXT;
END
$$;
