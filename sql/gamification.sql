--
-- gamification: spm.streak, spm.level, spm.win_rate, spm.pipeline_velocity,
-- and the state types spm.streak_state and spm.win_rate_state.
-- Expected values are hand-computed; the arithmetic is in the comments.
--

-- streak over ordered periods: hits t t f t t t f t
-- runs of 2, 3, 1: the current streak is 1, the longest 3
SELECT (spm.streak(h ORDER BY i)).*
  FROM unnest('{t,t,f,t,t,t,f,t}'::boolean[]) WITH ORDINALITY AS u(h, i);
-- every period hit: 4 and 4; none: 0 and 0; ending on a miss: current 0
SELECT (spm.streak(h ORDER BY i)).* FROM unnest('{t,t,t,t}'::boolean[]) WITH ORDINALITY AS u(h, i);
SELECT (spm.streak(h ORDER BY i)).* FROM unnest('{f,f}'::boolean[]) WITH ORDINALITY AS u(h, i);
SELECT (spm.streak(h ORDER BY i)).* FROM unnest('{t,t,t,f}'::boolean[]) WITH ORDINALITY AS u(h, i);
-- order matters: the same hits in another order
SELECT (spm.streak(h ORDER BY i DESC)).* FROM unnest('{t,t,t,f}'::boolean[]) WITH ORDINALITY AS u(h, i);
-- a NULL period is skipped: it neither extends nor breaks the streak (t t t)
SELECT (spm.streak(h ORDER BY i)).* FROM unnest('{t,NULL,t,t}'::boolean[]) WITH ORDINALITY AS u(h, i);
-- no rows, or only NULLs: NULL
SELECT spm.streak(h) IS NULL AS no_rows FROM unnest('{}'::boolean[]) AS h;
SELECT spm.streak(h) IS NULL AS only_nulls FROM unnest('{NULL,NULL}'::boolean[]) AS h;
-- as a running window per rep: the streak as of each period
SELECT rep, q, hit, (spm.streak(hit) OVER w).*
  FROM (VALUES ('ann', 1, true), ('ann', 2, true), ('ann', 3, false), ('ann', 4, true),
               ('bob', 1, false), ('bob', 2, true), ('bob', 3, true), ('bob', 4, true)) v(rep, q, hit)
WINDOW w AS (PARTITION BY rep ORDER BY q)
 ORDER BY rep, q;

-- streak_state: text form round-trips; malformed and inconsistent input fails
SELECT '(8,2,1,3)'::spm.streak_state, ' ( 4 , 4 , 4 , 4 ) '::spm.streak_state, '(0,0,0,0)'::spm.streak_state;
SELECT spm_test.sqlstate($$SELECT '(8,2,1)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT '(8,2,1,3,0)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT '(8,-2,1,3)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT '(8,2,1,9)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT '(8,2,4,3)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT '(4,4,3,4)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT '(5,3,2,3)'::spm.streak_state$$);
-- lead + current beyond bigint, overlapping in a run with a miss (found by
-- the fuzz harness: the sum used to wrap and pass the overlap check)
SELECT spm_test.sqlstate($$SELECT '(8246779703540763785,8246779703540740722,8246779703540740722,8246779703540740722)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT '(99999999999999999999,0,0,0)'::spm.streak_state$$);
SELECT spm_test.sqlstate($$SELECT 'x'::spm.streak_state$$);

-- round trip: version 1, flags 0, then n, lead, current, longest
SELECT spm.streak_state_send('(8,2,1,3)');
SELECT spm_test.recv(spm.streak_state_send('(8,2,1,3)'), 'spm.streak_state');
SELECT spm_test.recv(spm.streak_state_send('(0,0,0,0)'), 'spm.streak_state');
-- version 2, flags 1, longest > n, a short message, a long one
SELECT spm_test.recv('\x00000002000000000000000000000008000000000000000200000000000000010000000000000003', 'spm.streak_state');
SELECT spm_test.recv('\x00000001000000010000000000000008000000000000000200000000000000010000000000000003', 'spm.streak_state');
SELECT spm_test.recv('\x00000001000000000000000000000008000000000000000200000000000000010000000000000009', 'spm.streak_state');
SELECT spm_test.recv('\x000000010000000000000000000000080000000000000002', 'spm.streak_state');
SELECT spm_test.recv(spm.streak_state_send('(8,2,1,3)') || '\x00', 'spm.streak_state');

-- streak combine: forced parallel plans over 1M rows.  Without ORDER BY
-- the order of rows is unspecified, so compare groups whose answer does not
-- depend on it: all hits (current = longest = rows), all misses (0, 0);
-- and a single-row group, which leaves workers with empty states.
CREATE TABLE spm_test.gm_periods (grp int, hit boolean, won boolean);
INSERT INTO spm_test.gm_periods
SELECT g % 5,
       CASE WHEN g % 5 = 4 THEN NULL ELSE g % 5 < 2 END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE (g::bigint * 7919) % 10 < 3 END
  FROM generate_series(1, 1000000) AS g;
INSERT INTO spm_test.gm_periods VALUES (100, true, true), (101, NULL, NULL);
ANALYZE spm_test.gm_periods;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE spm_test.gm_serial AS
SELECT grp, (spm.streak(hit)).*, spm.win_rate(won) AS win_rate,
       count(*) FILTER (WHERE won) / nullif(count(won), 0)::numeric AS win_rate_sql,
       count(hit) AS periods
  FROM spm_test.gm_periods GROUP BY grp;
SELECT spm.win_rate(won) AS win_rate FROM spm_test.gm_periods \gset serial_
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT spm_test.plan_is_parallel('SELECT grp, spm.streak(hit), spm.win_rate(won) FROM spm_test.gm_periods GROUP BY grp') AS grouped_parallel,
       spm_test.plan_is_parallel('SELECT spm.win_rate(won) FROM spm_test.gm_periods') AS plain_parallel;
CREATE TABLE spm_test.gm_par AS
SELECT grp, (spm.streak(hit)).*, spm.win_rate(won) AS win_rate
  FROM spm_test.gm_periods GROUP BY grp;
SELECT spm.win_rate(won) = :'serial_win_rate' AS win_rate_same FROM spm_test.gm_periods;
-- groups 0 and 1 all hits (200000 each), 2 and 3 all misses, 4 all NULL
SELECT s.grp, s.periods, p.current, p.longest, p.current = s.current AND p.longest = s.longest AS same
  FROM spm_test.gm_serial s JOIN spm_test.gm_par p USING (grp) ORDER BY grp;
SELECT count(*) FILTER (WHERE p.win_rate IS DISTINCT FROM s.win_rate) AS win_rate_differences,
       count(*) FILTER (WHERE s.win_rate IS DISTINCT FROM s.win_rate_sql) AS serial_differs_from_sql
  FROM spm_test.gm_serial s JOIN spm_test.gm_par p USING (grp);
RESET ALL;

-- win_rate = won / (won + lost); NULL (open) deals are ignored
SELECT spm.win_rate(w) FROM unnest('{t,f,f,t,f}'::boolean[]) AS w;            -- 2/5 = 0.4
SELECT spm.win_rate(w) FROM unnest('{t,NULL,f,NULL}'::boolean[]) AS w;        -- 1/2 = 0.5
SELECT spm.win_rate(w) = 1.0 / 3 AS one_third FROM unnest('{t,f,f}'::boolean[]) AS w;
SELECT spm.win_rate(w) FROM unnest('{t,t}'::boolean[]) AS w;                  -- 1
SELECT spm.win_rate(w) FROM unnest('{f}'::boolean[]) AS w;                    -- 0
SELECT spm.win_rate(w) IS NULL AS only_open FROM unnest('{NULL,NULL}'::boolean[]) AS w;
SELECT spm.win_rate(w) IS NULL AS no_rows FROM unnest('{}'::boolean[]) AS w;
-- a moving window (inverse transition): the last three decided deals
SELECT i, w, spm.win_rate(w) OVER (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
  FROM unnest('{t,f,f,t,t,NULL}'::boolean[]) WITH ORDINALITY AS u(w, i);
-- 1, 1/2, 1/3, 1/3, 2/3, 2/2 = 1
-- win_rate_state text and binary forms
SELECT '(3,5)'::spm.win_rate_state, spm.win_rate_state_send('(3,5)');
SELECT spm_test.recv(spm.win_rate_state_send('(3,5)'), 'spm.win_rate_state');
SELECT spm_test.recv('\x00000001000000000000000000000003ffffffffffffffff', 'spm.win_rate_state');
SELECT spm_test.recv('\x000000090000000000000000000000030000000000000005', 'spm.win_rate_state');
SELECT spm_test.recv('\x00000001000000007fffffffffffffff0000000000000001', 'spm.win_rate_state');
SELECT spm_test.sqlstate($$SELECT '(3)'::spm.win_rate_state$$);
SELECT spm_test.sqlstate($$SELECT '(3,-5)'::spm.win_rate_state$$);
SELECT spm_test.sqlstate($$SELECT '(9223372036854775807,1)'::spm.win_rate_state$$);
SELECT spm_test.sqlstate($$SELECT '(1,1) x'::spm.win_rate_state$$);
-- combine of empty states on either side, called directly
SELECT spm.win_rate_combine('(0,0)', '(2,3)'), spm.win_rate_combine('(2,3)', '(0,0)'),
       spm.win_rate_combine('(0,0)', '(0,0)'), spm.win_rate_final('(0,0)') IS NULL AS empty_is_null;
SELECT spm.streak_combine('(0,0,0,0)', '(3,1,1,1)'), spm.streak_combine('(3,1,1,1)', '(0,0,0,0)'),
       spm.streak_combine('(0,0,0,0)', '(0,0,0,0)');
-- ordered segments: "t f t" then "t t f" is "t f t t t f": lead 1, current 0, longest 3
SELECT spm.streak_combine('(3,1,1,1)', '(3,2,0,2)');
-- called directly, the transition function does not modify its argument
SELECT spm.win_rate_trans(s, true), s FROM (SELECT '(1,1)'::spm.win_rate_state AS s) x;
SELECT spm.streak_trans(s, true), s FROM (SELECT '(2,0,1,1)'::spm.streak_state AS s) x;
SELECT spm_test.sqlstate($$SELECT spm.win_rate_retract('(0,1)', true)$$);
SELECT spm_test.sqlstate($$SELECT spm.win_rate_trans('(9223372036854775806,1)', true)$$);
SELECT spm_test.sqlstate($$SELECT spm.streak_combine('(9223372036854775807,0,0,0)', '(1,0,0,0)')$$);
SELECT spm_test.sqlstate($$SELECT spm.streak_final('(2147483648,2147483648,2147483648,2147483648)')$$);

-- level: the highest threshold reached
SELECT v, spm.level(v, '{0,0.8,1,1.2}', '{bronze,silver,gold,platinum}')
  FROM unnest('{-0.1,0,0.79,0.8,0.999,1,1.19,1.2,5}'::numeric[]) AS v;
-- below the first threshold: NULL; a single level
SELECT spm.level(0.5, '{1}', '{club}') IS NULL AS below, spm.level(1, '{1}', '{club}') AS on_it;
SELECT spm.level(NULL, '{1}', '{club}') IS NULL AS strict;
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{}', '{}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{0,1}', '{a}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{0,1,1}', '{a,b,c}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{1,0}', '{a,b}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{0,NULL}', '{a,b}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{0,1}', '{a,NULL}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{0,NaN}', '{a,b}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level('NaN', '{0,1}', '{a,b}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{{0},{1}}', '{a,b}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{0,1}', '{{a},{b}}')$$);
-- infinite values are not levels either (22003, as NaN)
SELECT spm_test.sqlstate($$SELECT spm.level('Infinity', '{0,1}', '{a,b}')$$);
SELECT spm_test.sqlstate($$SELECT spm.level(1, '{-Infinity,1}', '{a,b}')$$);

-- pipeline velocity = opportunities * avg_deal * win_rate / cycle_days
SELECT spm.pipeline_velocity(40, 25000, 0.25, 50) AS v5000,        -- 250000 / 50 = 5000
       spm.pipeline_velocity(0, 25000, 0.25, 50) AS v0,
       spm.pipeline_velocity(10, 1000, 1, 3) = 10000.0 / 3 AS one_third,
       spm.pipeline_velocity(1, 1, 0, 1) AS never_wins;
SELECT spm.pipeline_velocity(NULL, 1, 0.5, 1) IS NULL AS strict;
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(40, 25000, 25, 50)$$);
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(40, 25000, -0.1, 50)$$);
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(40, 25000, 0.25, 0)$$);
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(40, 25000, 0.25, -3)$$);
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(-1, 25000, 0.25, 50)$$);
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(40, -1, 0.25, 50)$$);
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(40, 'NaN', 0.25, 50)$$);
SELECT spm_test.sqlstate($$SELECT spm.pipeline_velocity(40, 1, 0.25, 'Infinity')$$);

-- Fuzz the state types' text input: 3000 strings, mutations of valid forms
-- and random strings over the characters the forms use.  Each must either
-- be accepted and round-trip through its text form, or fail with 22P02.
CREATE FUNCTION spm_test.gm_fuzz(typ text, seeds text[]) RETURNS TABLE (accepted int, rejected int, other int)
LANGUAGE plpgsql AS $$
DECLARE
    alphabet text := '(),0123456789 -+x9';
    t text;
    v text;
    v2 text;
    pos int;
BEGIN
    accepted := 0; rejected := 0; other := 0;
    PERFORM setseed(0.25);
    FOR i IN 1..3000 LOOP
        IF i % 3 = 0 THEN
            t := '';
            FOR j IN 1..(1 + floor(random() * 14))::int LOOP
                t := t || substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1);
            END LOOP;
        ELSE
            t := seeds[1 + floor(random() * cardinality(seeds))::int];
            FOR j IN 1..(1 + floor(random() * 3))::int LOOP
                pos := 1 + floor(random() * length(t))::int;
                t := overlay(t PLACING substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1)
                             FROM pos FOR (floor(random() * 2))::int);
            END LOOP;
        END IF;
        BEGIN
            EXECUTE format('SELECT %L::%s::text', t, typ) INTO v;
            EXECUTE format('SELECT %L::%s::text', v, typ) INTO v2;
            IF v = v2 THEN accepted := accepted + 1; ELSE other := other + 1; END IF;
        EXCEPTION WHEN invalid_text_representation THEN
            rejected := rejected + 1;
        WHEN OTHERS THEN
            other := other + 1;
            RAISE NOTICE '% input "%" failed with %: %', typ, t, SQLSTATE, SQLERRM;
        END;
    END LOOP;
    RETURN NEXT;
END
$$;
SELECT accepted > 100 AS some_accepted, rejected > 100 AS some_rejected, other
  FROM spm_test.gm_fuzz('spm.streak_state', '{"(8,2,1,3)","(4,4,4,4)","(0,0,0,0)","(12,0,0,5)"}');
SELECT accepted > 100 AS some_accepted, rejected > 100 AS some_rejected, other
  FROM spm_test.gm_fuzz('spm.win_rate_state', '{"(3,5)","(0,0)","(12,0)","(9223372036854775806,1)"}');
