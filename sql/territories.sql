--
-- territories: spm.gini and spm.balance.  Expected values are
-- hand-computed; the arithmetic is in the comments.
--

-- gini: 0 for equal loads, (n - 1) / n when one carries everything
SELECT spm.gini(x) FROM unnest('{5,5,5,5}'::float8[]) AS x;                   -- 0
SELECT spm.gini(x) FROM unnest('{0.1,0.1,0.1}'::float8[]) AS x;               -- 0, exactly
SELECT spm.gini(x) FROM unnest('{0,0,0,7}'::float8[]) AS x;                   -- 3/4
SELECT spm.gini(x) FROM unnest('{0,0,0,0,0,0,0,0,0,1}'::float8[]) AS x;       -- 9/10
-- {1,2,3,4}: sum (2i - 5) x_i = -3 - 2 + 3 + 12 = 10; n * total = 40: 0.25
SELECT spm.gini(x) FROM unnest('{4,1,3,2}'::float8[]) AS x;
-- {2,4,6,8,10}: (-8 - 8 + 0 + 16 + 40) / (5 * 30) = 40 / 150 = 4/15
SELECT spm.gini(x) = 4.0 / 15 AS four_fifteenths FROM unnest('{10,2,8,4,6}'::float8[]) AS x;
-- one value, all zeros: 0; NULLs skipped; no rows or only NULLs: NULL
SELECT spm.gini(x) FROM unnest('{42}'::float8[]) AS x;
SELECT spm.gini(x) FROM unnest('{0,0}'::float8[]) AS x;
SELECT spm.gini(x) FROM unnest('{1,NULL,3}'::float8[]) AS x;                  -- {1,3}: 2 / 8
SELECT spm.gini(x) IS NULL AS no_rows FROM unnest('{}'::float8[]) AS x;
SELECT spm.gini(x) IS NULL AS only_nulls FROM unnest('{NULL}'::float8[]) AS x;
-- agrees with the mean absolute difference definition on 1000 values:
-- G = sum_i sum_j |xi - xj| / (2 n^2 mean)
WITH v AS (SELECT (g * 7919 % 1000)::float8 AS x FROM generate_series(1, 1000) g)
SELECT abs(spm.gini(x) - (SELECT sum(abs(a.x - b.x)) FROM v a, v b)
                          / (2 * 1000.0^2 * avg(x))) < 1e-12 AS matches_definition
  FROM v;
-- by group
SELECT g, spm.gini(x) FROM (VALUES ('a', 1), ('a', 1), ('b', 0), ('b', 2)) v(g, x)
 GROUP BY g ORDER BY g;                                                       -- 0, 0.5
-- as a window function: the running Gini of {1,3,0,4}: 0, 2/8, then
-- {0,1,3}: (2*3 + 0) / (3*4) = 0.5, then {0,1,3,4}: (3*4 + 1*2) / (4*8)
SELECT i, x, spm.gini(x) OVER (ORDER BY i) FROM unnest('{1,3,0,4}'::float8[]) WITH ORDINALITY u(x, i);
SELECT spm_test.sqlstate($$SELECT spm.gini(x) FROM unnest('{1,-1}'::float8[]) x$$);
SELECT spm_test.sqlstate($$SELECT spm.gini(x) FROM unnest('{1,NaN}'::float8[]) x$$);
SELECT spm_test.sqlstate($$SELECT spm.gini(x) FROM unnest('{1,Infinity}'::float8[]) x$$);
SELECT spm_test.sqlstate($$SELECT spm.gini(x) FROM unnest('{-Infinity}'::float8[]) x$$);

-- gini with forced parallel plans on 1M rows equals the serial answer,
-- including groups that leave workers without rows (empty states)
CREATE TABLE spm_test.tr_load (grp int, x float8);
INSERT INTO spm_test.tr_load
SELECT g % 7, CASE WHEN g % 89 = 0 THEN NULL ELSE (g::bigint * 104729 % 10007)::float8 / (1 + g % 7) END
  FROM generate_series(1, 1000000) AS g;
INSERT INTO spm_test.tr_load VALUES (100, 3), (101, NULL);
ANALYZE spm_test.tr_load;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.tr_serial AS SELECT grp, spm.gini(x) AS g FROM spm_test.tr_load GROUP BY grp;
SELECT spm.gini(x) AS g FROM spm_test.tr_load \gset serial_
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT grp, spm.gini(x) FROM spm_test.tr_load GROUP BY grp') AS grouped_parallel,
       spm_test.plan_is_parallel('SELECT spm.gini(x) FROM spm_test.tr_load') AS plain_parallel;
-- the values are sorted before summing, so the answer does not depend on
-- how rows were split between workers: equal, not merely close
SELECT spm.gini(x) = :'serial_g' AS total_same FROM spm_test.tr_load;
SELECT count(*) AS groups, count(*) FILTER (WHERE p.g IS DISTINCT FROM s.g) AS differences
  FROM spm_test.tr_serial s
  JOIN (SELECT grp, spm.gini(x) AS g FROM spm_test.tr_load GROUP BY grp) p USING (grp);
SELECT grp, g FROM spm_test.tr_serial WHERE grp >= 100 ORDER BY grp;          -- 0, NULL
RESET ALL;

-- balance: {3,3,2,2,2} into 2.  Greedy largest-first gives 3+2+2 = 7 and
-- 3+2 = 5; the optimum is {3,3} and {2,2,2}, 6 each
SELECT * FROM spm.balance('{1,2,3,4,5}', '{3,3,2,2,2}', 2);
-- Graham's worst case for greedy: {5,5,4,4,3,3,3} into 3; greedy reaches 11,
-- the optimum is 9 ({5,4}, {5,4}, {3,3,3})
SELECT max(load) AS heaviest, count(*) AS territories, sum(load) AS total
  FROM (SELECT DISTINCT territory, load
          FROM spm.balance('{10,20,30,40,50,60,70}', '{5,5,4,4,3,3,3}', 3)) t;
-- one territory takes everything; more territories than items: one each
SELECT * FROM spm.balance('{7,8}', '{1.5,2.5}', 1);
SELECT * FROM spm.balance('{7,8}', '{1.5,2.5}', 5);
-- one item heavier than the fair share: it sits alone
SELECT territory, load, array_agg(id ORDER BY id) AS ids
  FROM spm.balance('{1,2,3,4,5}', '{100,1,1,1,1}', 2) GROUP BY territory, load ORDER BY territory;
-- zero weights, empty input
SELECT * FROM spm.balance('{1,2,3}', '{0,0,0}', 2);
SELECT count(*) AS no_rows FROM spm.balance('{}', '{}', 3);
SELECT count(*) AS strict FROM spm.balance(NULL, '{1}', 3);
-- 1000 random items into 7: every item once, loads add up, never worse than
-- greedy, and within 1% of the lower bound max(total / k, largest item)
CREATE TABLE spm_test.tr_items AS
SELECT g::bigint AS id, (1 + (g * 7919) % 997)::float8 AS w FROM generate_series(1, 1000) g;
CREATE TABLE spm_test.tr_plan AS
SELECT * FROM spm.balance((SELECT array_agg(id ORDER BY id) FROM spm_test.tr_items),
                          (SELECT array_agg(w ORDER BY id) FROM spm_test.tr_items), 7);
SELECT count(*) AS items, count(DISTINCT id) AS distinct_ids, count(DISTINCT territory) AS territories
  FROM spm_test.tr_plan;
SELECT (SELECT sum(w) FROM spm_test.tr_items) AS total,
       (SELECT sum(load) FROM (SELECT DISTINCT territory, load FROM spm_test.tr_plan) t) AS sum_of_loads,
       (SELECT bool_and(p.load = t.load) FROM spm_test.tr_plan p
          JOIN (SELECT territory, sum(i.w) AS load FROM spm_test.tr_plan p JOIN spm_test.tr_items i USING (id)
                 GROUP BY territory) t USING (territory)) AS loads_match_items;
SELECT max(load) <= (SELECT greatest(sum(w) / 7, max(w)) FROM spm_test.tr_items) * 1.01 AS within_1_percent,
       max(load) - min(load) < 997 AS spread_below_largest_item
  FROM spm_test.tr_plan;
-- deterministic: the same input gives the same plan
SELECT count(*) AS differences FROM (
    (SELECT * FROM spm_test.tr_plan
     EXCEPT SELECT * FROM spm.balance((SELECT array_agg(id ORDER BY id) FROM spm_test.tr_items),
                                      (SELECT array_agg(w ORDER BY id) FROM spm_test.tr_items), 7))) d;
-- balance_greedy: the greedy plan alone (largest first, to the lightest
-- territory, ties to the lower territory): {3,3,2,2,2} gives 3+2+2 and 3+2
SELECT * FROM spm.balance_greedy('{1,2,3,4,5}', '{3,3,2,2,2}', 2);
-- and 11 on Graham's instance: 5,5,4 go to three territories, 4 joins the
-- 4 (8), 3 joins a 5 (8), 3 the other 5 (8), the last 3 makes 11
SELECT max(load) AS greedy_heaviest FROM spm.balance_greedy('{10,20,30,40,50,60,70}', '{5,5,4,4,3,3,3}', 3);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance_greedy('{1,1}', '{1,1}', 2)$$);
-- errors
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{1}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{1,1}', 0)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{1,1}', -3)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,NULL}', '{1,1}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{1,NULL}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{1,-1}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{1,NaN}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{Infinity,1}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2,1}', '{1,1,1}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{1e308,1e308}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{{1},{2}}', '{1,1}', 2)$$);
SELECT spm_test.sqlstate($$SELECT * FROM spm.balance('{1,2}', '{{1},{1}}', 2)$$);
