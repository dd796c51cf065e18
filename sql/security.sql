--
-- security: who sees and changes what, proved by logging in as real roles
-- of the sample organisation (test/fixtures/org.sql):
--
--   regress_ann     a rep (3), reporting to Mark (2), who reports to Vera (1)
--   regress_vera    Ann's manager two levels up: sees 1, 2, 3, 4 and 5
--   regress_mark    Ann's manager: sees 2, 3 and 4
--   regress_eve     a rep in another tree (7, under Olga)
--   regress_admin   a member of spm_admin, nobody in the tree
--   regress_nobody  a role without any grant
--
SELECT current_user AS superuser \gset
\i test/fixtures/org.sql

-- Every role may use the schema, so the functions work for all of them.
SELECT has_schema_privilege('public', 'spm', 'USAGE') AS public_usage,
       has_schema_privilege('public', 'spm', 'CREATE') AS public_create;
-- The group roles exist and cannot log in.
SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('spm_admin', 'spm_user') ORDER BY 1;

-- What a role sees of each table and view: the rep_ids (or, for credits,
-- the credit_ids) of the rows it can read, or the error it gets.
CREATE FUNCTION spm_test.seen(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE 'SELECT coalesce(string_agg(x::text, '','' ORDER BY x), ''-'') FROM (' || q || ') s(x)' INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
CREATE TABLE spm_test.probe (n integer, what text, q text);
INSERT INTO spm_test.probe VALUES
    (1,  'rep',                  'SELECT rep_id FROM spm.rep'),
    (2,  'assignment',           'SELECT rep_id FROM spm.assignment'),
    (3,  'quota',                'SELECT DISTINCT rep_id FROM spm.quota'),
    (4,  'credit',               'SELECT credit_id FROM spm.credit'),
    (5,  'opportunity',          'SELECT opportunity_id FROM spm.opportunity'),
    (6,  'plan',                 'SELECT plan_id FROM spm.plan'),
    (7,  'plan_version',         'SELECT version_id FROM spm.plan_version'),
    (8,  'plan_component',       'SELECT version_id FROM spm.plan_component'),
    (9,  'fx_rate',              'SELECT DISTINCT currency FROM spm.fx_rate'),
    (10, 'currency (count)',     'SELECT count(*) FROM spm.currency'),
    (11, 'survey scores',        'SELECT score FROM spm.survey_response'),
    (12, 'survey rows',          'SELECT response_id FROM spm.survey_response'),
    (13, 'visible_rep',          'SELECT rep_id FROM spm.visible_rep'),
    (14, 'commission_statement', 'SELECT credit_id FROM spm.commission_statement'),
    (15, 'payout_summary',       'SELECT DISTINCT rep_id FROM spm.payout_summary'),
    (16, 'attainment_report',    'SELECT DISTINCT rep_id FROM spm.attainment_report'),
    (17, 'leaderboard',          'SELECT DISTINCT rep_id FROM spm.leaderboard'),
    (18, 'pipeline_forecast',    'SELECT DISTINCT rep_id || '':'' || scope FROM spm.pipeline_forecast'),
    (19, 'revenue_forecast',     'SELECT DISTINCT coalesce(team, ''(all)'') || '':'' || currency FROM spm.revenue_forecast'),
    (20, 'team_enps',            'SELECT team || '':'' || responses || '':'' || coalesce(enps::text, ''suppressed'') FROM spm.team_enps'),
    (21, 'survey_summary',       'SELECT team || '':'' || question || '':'' || coalesce(score::text, ''suppressed'') FROM spm.survey_summary');
CREATE FUNCTION spm_test.visibility() RETURNS TABLE (what text, seen text)
LANGUAGE sql AS $$ SELECT p.what, spm_test.seen(p.q) FROM spm_test.probe p ORDER BY p.n $$;

-- Writes: each runs in a subtransaction that is rolled back even when it
-- succeeds, so the tests change nothing; the result is "allowed" or the
-- error.
CREATE FUNCTION spm_test.try(q text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE q;
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'allowed';
    EXCEPTION WHEN OTHERS THEN
        IF SQLERRM = 'allowed' THEN
            RETURN 'allowed';
        END IF;
        RETURN SQLSTATE || ': ' || SQLERRM;
    END;
END
$$;
CREATE TABLE spm_test.write_probe (n integer, q text);
INSERT INTO spm_test.write_probe VALUES
    (1,  $$INSERT INTO spm.credit (credit_id, rep_id, credited_on, amount) VALUES (999, 3, '2025-10-01', 1000000)$$),
    (2,  $$UPDATE spm.credit SET amount = amount * 10 WHERE credit_id = 101$$),
    (3,  $$DELETE FROM spm.credit WHERE credit_id = 104$$),
    (4,  $$TRUNCATE spm.credit CASCADE$$),
    (5,  $$UPDATE spm.quota SET amount = 1 WHERE rep_id = 3$$),
    (6,  $$INSERT INTO spm.quota (rep_id, period, amount) VALUES (3, '[2026-01-01,2026-04-01)', 1)$$),
    (7,  $$UPDATE spm.plan_component SET schedule = 'graduated: 0 @ 0.50'$$),
    (8,  $$INSERT INTO spm.plan (plan_id, name) VALUES (9, 'Mine')$$),
    (9,  $$DELETE FROM spm.plan_version WHERE version_id = 10$$),
    (10, $$UPDATE spm.assignment SET plan_id = 2 WHERE rep_id = 3$$),
    (11, $$UPDATE spm.rep SET manager_id = NULL WHERE rep_id = 3$$),
    (12, $$UPDATE spm.rep SET login_role = 'regress_ann' WHERE rep_id = 7$$),
    (13, $$UPDATE spm.opportunity SET forecast_category = 'commit' WHERE opportunity_id = 1003$$),
    (14, $$INSERT INTO spm.fx_rate (currency, valid, rate) VALUES ('GBP', '(,)', 1.3)$$),
    (15, $$INSERT INTO spm.currency (currency, minor_unit) VALUES ('XTS', 2)$$),
    (16, $$INSERT INTO spm.survey_response (response_id, team, answered_on, score) VALUES (99, 'East', '2025-10-09', 10)$$),
    (17, $$DELETE FROM spm.survey_response WHERE team = 'Japan'$$),
    (18, $$DELETE FROM spm.survey_response WHERE score < 7$$);
CREATE FUNCTION spm_test.writes() RETURNS TABLE (n integer, result text)
LANGUAGE sql AS $$ SELECT w.n, spm_test.try(w.q) FROM spm_test.write_probe w ORDER BY w.n $$;

GRANT USAGE ON SCHEMA spm_test TO PUBLIC;
GRANT SELECT ON spm_test.probe, spm_test.write_probe TO PUBLIC;

-- A fingerprint of every row of the model, to show afterwards that none of
-- the refused writes (nor the allowed, rolled-back ones) changed anything.
CREATE FUNCTION spm_test.fingerprint() RETURNS text
LANGUAGE sql AS $$
SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
    SELECT 'rep' || r::text AS t FROM spm.rep r UNION ALL
    SELECT 'plan' || p::text FROM spm.plan p UNION ALL
    SELECT 'version' || v::text FROM spm.plan_version v UNION ALL
    SELECT 'component' || c::text FROM spm.plan_component c UNION ALL
    SELECT 'assignment' || a::text FROM spm.assignment a UNION ALL
    SELECT 'quota' || q::text FROM spm.quota q UNION ALL
    SELECT 'credit' || c::text FROM spm.credit c UNION ALL
    SELECT 'opportunity' || o::text FROM spm.opportunity o UNION ALL
    SELECT 'survey' || s::text FROM spm.survey_response s UNION ALL
    SELECT 'fx' || f::text FROM spm.fx_rate f UNION ALL
    SELECT 'currency' || c::text FROM spm.currency c) x
$$;
SELECT spm_test.fingerprint() AS before \gset

-- ---- a rep -------------------------------------------------------------
\c - regress_ann
SET spm.as_of = '2025-11-15';
SELECT current_user, session_user;
SELECT * FROM spm_test.visibility();
SELECT * FROM spm_test.writes();
-- the functions work for everyone
SELECT spm.commission(100, 'graduated: 0 @ 0.1');

-- ---- the rep's manager two levels up ------------------------------------
\c - regress_vera
SET spm.as_of = '2025-11-15';
SELECT * FROM spm_test.visibility();
SELECT * FROM spm_test.writes();
-- Vera sees Ann's statement exactly as Ann does
SELECT credit_id, credit, commission, commission_to_date
  FROM spm.commission_statement WHERE rep_id = 3 ORDER BY credited_on, credit_id;

-- ---- the rep's own manager ----------------------------------------------
\c - regress_mark
SET spm.as_of = '2025-11-15';
SELECT what, seen FROM spm_test.visibility() WHERE what IN ('rep', 'credit', 'commission_statement', 'pipeline_forecast');

-- ---- an unrelated rep ---------------------------------------------------
\c - regress_eve
SET spm.as_of = '2025-11-15';
SELECT * FROM spm_test.visibility();
SELECT * FROM spm_test.writes();
-- asking for someone else's rows by id finds nothing rather than an error
SELECT count(*) AS anns_credits_seen_by_eve FROM spm.credit WHERE rep_id = 3;
SELECT count(*) AS anns_lines_seen_by_eve FROM spm.commission_statement WHERE rep_id = 3;

-- ---- an admin -------------------------------------------------------------
\c - regress_admin
SET spm.as_of = '2025-11-15';
SELECT * FROM spm_test.visibility();
SELECT * FROM spm_test.writes();
-- admins can count and delete answers but never read their scores
SELECT team, count(*) FROM spm.survey_response GROUP BY team ORDER BY team;
SELECT spm_test.error($$SELECT avg(score) FROM spm.survey_response$$);
SELECT spm_test.error($$SELECT count(*) FROM spm.survey_response WHERE score >= 9$$);
-- a constraint error does not give the score away either
SELECT spm_test.error($$UPDATE spm.survey_response SET question = 'csat' WHERE response_id = 1$$);

-- ---- a role with no grants ------------------------------------------------
\c - regress_nobody
SELECT * FROM spm_test.visibility();
SELECT * FROM spm_test.writes();
-- the pure functions work without any grant
SELECT spm.commission(100, 'graduated: 0 @ 0.1'), spm.enps(s) FROM unnest('{10,9,3}'::int[]) s;
SELECT spm_test.error('SELECT spm.visible_rep_ids()');

-- ---- nothing changed -------------------------------------------------------
\c - :superuser
SELECT spm_test.fingerprint() = :'before' AS unchanged;

-- ---- the visible set follows the data --------------------------------------
-- The policies' set is computed once per statement and kept only while the
-- role, the command and the snapshot are the same: a change to the tree in
-- the same transaction is seen by the next statement, and a change of role
-- gives the new role's set.
BEGIN;
SET LOCAL ROLE regress_mark;
SELECT spm.visible_rep_ids() AS marks_set, (SELECT count(*) FROM spm.credit) AS credits;
RESET ROLE;
UPDATE spm.rep SET manager_id = 2 WHERE rep_id = 5;
SET LOCAL ROLE regress_mark;
SELECT spm.visible_rep_ids() AS after_cid_moves_under_mark, (SELECT count(*) FROM spm.credit) AS credits;
SET LOCAL ROLE regress_ann;
SELECT spm.visible_rep_ids() AS anns_set;
ROLLBACK;
-- ... and a cycle in the tree (which the table's trigger refuses, but a
-- superuser can force) cannot make the walk or the reports loop
BEGIN;
ALTER TABLE spm.rep DISABLE TRIGGER rep_reporting_line_acyclic;
UPDATE spm.rep SET manager_id = 3 WHERE rep_id = 1;
SET LOCAL ROLE regress_ann;
SELECT spm.visible_rep_ids() AS anns_set_in_a_cycle;
SELECT count(DISTINCT rep_id) AS people_in_pipeline_forecast FROM spm.pipeline_forecast;
ROLLBACK;

-- ---- the policies use indexes ----------------------------------------------
-- With row security on, a rep's rows come from the index on rep_id, through
-- the array the policy computes once per query.  (The tables here are
-- tiny, so sequential scans are switched off to see what can be used; the
-- benchmark measures the real plans on a million credits.)  What counts
-- is the index read, not whether the planner reads it by a plain or a
-- bitmap index scan, which depends on the tables' statistics of the moment.
CREATE FUNCTION spm_test.scans(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    found text[] := '{}';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        IF line ~ 'Seq Scan on ' THEN
            found := found || ('sequential scan of ' || substring(line FROM 'Seq Scan on (\S+)'));
        ELSIF line ~ 'Index (Only )?Scan using ' THEN
            found := found || ('index ' || substring(line FROM 'Scan using (\S+)'));
        ELSIF line ~ 'Bitmap Index Scan on ' THEN
            found := found || ('index ' || substring(line FROM 'Bitmap Index Scan on (\S+)'));
        END IF;
    END LOOP;
    RETURN array_to_string(found, '; ');
END
$$;
SET enable_seqscan = off;
SET ROLE regress_ann;
SELECT spm_test.scans('SELECT * FROM spm.credit') AS credit,
       spm_test.scans('SELECT * FROM spm.quota') AS quota,
       spm_test.scans('SELECT * FROM spm.opportunity') AS opportunity;
RESET ROLE;
RESET enable_seqscan;
