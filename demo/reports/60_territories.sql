-- Territory plan: each team's accounts are its reps' books.  Today an
-- account belongs to the rep who has sold the most there (accounts nobody
-- has worked are dealt out by number), which leaves some books far heavier
-- than others.  spm.balance rebuilds the books so that the heaviest is as
-- light as possible; spm.gini measures the inequality before and after.
-- Account potential (estimated yearly spend) is the load; it is a planning
-- weight, so it goes to the float8 functions as float8.

CREATE TEMP VIEW book AS
WITH reps AS (
    SELECT rep_id, team_id, row_number() OVER (PARTITION BY team_id ORDER BY rep_id) - 1 AS k,
           count(*) OVER (PARTITION BY team_id) AS n
      FROM demo.rep WHERE role = 'rep'
), seller AS (
    SELECT DISTINCT ON (d.account_id) d.account_id, d.rep_id
      FROM demo.deal d
     GROUP BY d.account_id, d.rep_id
     ORDER BY d.account_id, sum(d.amount) DESC, d.rep_id
)
SELECT a.account_id, a.team_id, a.potential::float8 AS potential,
       coalesce(s.rep_id, (SELECT r.rep_id FROM reps r
                            WHERE r.team_id = a.team_id AND r.k = a.account_id % r.n)) AS rep_id
  FROM demo.account a
  LEFT JOIN seller s USING (account_id);

-- the new plan, one spm.balance call per team with k = the team's reps
CREATE TEMP TABLE plan AS
SELECT t.team_id, b.id AS account_id, b.territory, b.load
  FROM demo.team t,
       LATERAL spm.balance(
           (SELECT array_agg(account_id::bigint ORDER BY account_id) FROM book WHERE team_id = t.team_id),
           (SELECT array_agg(potential ORDER BY account_id) FROM book WHERE team_id = t.team_id),
           (SELECT count(*)::int FROM demo.rep r WHERE r.team_id = t.team_id AND r.role = 'rep')) b;

\echo
\echo '=== Territory balance by team: account potential per rep book, before and after spm.balance ==='
\echo '    bound = no plan can do better: max(team potential / reps, largest account)'
WITH before AS (
    -- every rep, including those whose book is empty today
    SELECT r.team_id, r.rep_id, coalesce(sum(b.potential), 0) AS load
      FROM demo.rep r LEFT JOIN book b USING (rep_id)
     WHERE r.role = 'rep'
     GROUP BY r.team_id, r.rep_id
), after AS (
    SELECT DISTINCT team_id, territory, load FROM plan
), bound AS (
    SELECT team_id, greatest(sum(potential) / (SELECT count(*) FROM demo.rep r
                                                WHERE r.team_id = b.team_id AND r.role = 'rep'),
                             max(potential)) AS bound
      FROM book b GROUP BY team_id
)
SELECT t.name AS team,
       (SELECT count(*) FROM before WHERE team_id = t.team_id) AS reps,
       round((SELECT max(load) FROM before WHERE team_id = t.team_id)::numeric) AS heaviest_before,
       round((SELECT min(load) FROM before WHERE team_id = t.team_id)::numeric) AS lightest_before,
       round((SELECT spm.gini(load) FROM before WHERE team_id = t.team_id)::numeric, 3) AS gini_before,
       round((SELECT max(load) FROM after WHERE team_id = t.team_id)::numeric) AS heaviest_after,
       round((SELECT min(load) FROM after WHERE team_id = t.team_id)::numeric) AS lightest_after,
       round((SELECT spm.gini(load) FROM after WHERE team_id = t.team_id)::numeric, 4) AS gini_after,
       round(bound.bound::numeric) AS bound,
       to_char(100 * ((SELECT max(load) FROM after WHERE team_id = t.team_id) / bound.bound - 1),
               'FM990.000') || '%' AS above_bound
  FROM demo.team t JOIN bound USING (team_id)
 ORDER BY t.team_id;

\echo
\echo '=== Mid-Market Central: book sizes before (per rep) and after (per new territory), heaviest first ==='
WITH before AS (
    SELECT r.name AS rep, count(b.account_id) AS accounts, coalesce(sum(b.potential), 0) AS load,
           row_number() OVER (ORDER BY coalesce(sum(b.potential), 0) DESC, r.name) AS place
      FROM demo.rep r LEFT JOIN book b USING (rep_id)
     WHERE r.team_id = 3 AND r.role = 'rep'
     GROUP BY r.rep_id, r.name
), after AS (
    SELECT territory, count(*) AS accounts, min(load) AS load,
           row_number() OVER (ORDER BY min(load) DESC, territory) AS place
      FROM plan WHERE team_id = 3 GROUP BY territory
)
SELECT b.place, b.rep, b.accounts AS accounts_before, round(b.load::numeric) AS potential_before,
       a.territory, a.accounts AS accounts_after, round(a.load::numeric) AS potential_after
  FROM before b FULL JOIN after a USING (place)
 ORDER BY place;
