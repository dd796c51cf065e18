--
-- survey_state: the named, fixed-size transition state of the survey
-- aggregates; its text form, combine function and direct calls.
--

-- text form round-trips
SELECT '(12,5,3,0)'::spm.survey_state;
SELECT ' ( 1 , 2 , 3 , 5 ) '::spm.survey_state;
SELECT '(9223372036854775807,0,0,2147483647)'::spm.survey_state;
SELECT x::spm.survey_state::text = x AS round_trips
  FROM (VALUES ('(0,0,0,0)'), ('(1,2,3,4)'), ('(9223372036854775806,1,0,0)')) v(x);

-- malformed text: 22P02, naming the type and the value
SELECT spm_test.sqlstate($$SELECT ''::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(1,2,3)'::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(1,2,3,4,5)'::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(-1,2,3,4)'::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(1,2,3,4) junk'::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(1.5,2,3,4)'::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(9223372036854775808,0,0,0)'::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(9223372036854775807,1,0,0)'::spm.survey_state$$);
SELECT spm_test.sqlstate($$SELECT '(1,2,3,2147483648)'::spm.survey_state$$);

-- the state an aggregate builds: counts (promoters, passives, detractors)
SELECT spm.enps_trans(spm.enps_trans(spm.enps_trans('(0,0,0,0)', 9), 7), 0);
SELECT spm.enps_trans('(0,0,0,0)', 9, 5);
-- a direct call never modifies its argument
WITH s AS (SELECT '(1,1,1,0)'::spm.survey_state AS st)
SELECT spm.enps_trans(st, 10) AS after, st AS before FROM s;
-- direct calls of the non-strict transition with a NULL state start afresh
SELECT spm.enps_trans(NULL, 10, 5);
SELECT spm.enps_trans(NULL, NULL, 5) IS NULL AS stays_null;
SELECT spm.enps_retract('(1,0,0,0)', 9);
SELECT spm_test.sqlstate($$SELECT spm.enps_retract('(1,0,0,0)', 0)$$);

-- combine: sums counts; empty sides are neutral; thresholds must agree
SELECT spm.survey_combine('(1,2,3,0)', '(4,5,6,0)');
SELECT spm.survey_combine('(0,0,0,0)', '(0,0,0,0)');
SELECT spm.survey_combine('(0,0,0,0)', '(4,5,6,5)');
SELECT spm.survey_combine('(4,5,6,5)', '(0,0,0,0)');
SELECT spm.survey_combine('(1,0,0,5)', '(1,0,0,5)');
SELECT spm_test.sqlstate($$SELECT spm.survey_combine('(1,0,0,5)', '(1,0,0,6)')$$);
SELECT spm_test.sqlstate($$SELECT spm.survey_combine('(9223372036854775807,0,0,0)', '(0,0,1,0)')$$);
SELECT spm_test.sqlstate($$SELECT spm.enps_trans('(9223372036854775807,0,0,0)', 9)$$);

-- final functions on huge counts stay exact
SELECT spm.enps_final('(4611686018427387903,0,4611686018427387903,0)');
SELECT spm.enps_final('(9223372036854775807,0,0,0)');
SELECT spm.enps_final('(3074457345618258603,3074457345618258602,3074457345618258602,0)')
     = 100.0 / 9223372036854775807 AS exact_tiny_margin;
SELECT spm.csat_final('(1,0,9223372036854775806,0)') = 100.0 / 9223372036854775807 AS as_sql_divides;
SELECT spm.enps_final('(0,0,0,0)') IS NULL AS empty_is_null;
SELECT spm.enps_final('(2,1,1,5)') IS NULL AS below_threshold;

-- states survive a table round trip in both text and binary COPY
CREATE TABLE spm_test.states (id int, st spm.survey_state);
INSERT INTO spm_test.states VALUES (1, '(1,2,3,4)'), (2, '(9223372036854775807,0,0,0)'), (3, NULL);
\copy spm_test.states TO 'results/survey_state.bin' WITH (FORMAT binary)
CREATE TABLE spm_test.states2 (LIKE spm_test.states);
\copy spm_test.states2 FROM 'results/survey_state.bin' WITH (FORMAT binary)
SELECT a.id, a.st::text = b.st::text AS same FROM spm_test.states a
  JOIN spm_test.states2 b USING (id) ORDER BY a.id;
-- binary form: version 1, threshold, three int8 counts (big-endian)
SELECT spm.survey_state_send('(1,2,3,4)');
-- the receive function checks every field
SELECT spm_test.recv(spm.survey_state_send('(1,2,3,4)'), 'spm.survey_state');
SELECT spm_test.recv(overlay(spm.survey_state_send('(1,2,3,4)') PLACING '\x00000002' FROM 1), 'spm.survey_state');
SELECT spm_test.recv(overlay(spm.survey_state_send('(1,2,3,4)') PLACING '\xffffffff' FROM 5), 'spm.survey_state');
SELECT spm_test.recv(overlay(spm.survey_state_send('(1,2,3,4)') PLACING '\xffffffffffffffff' FROM 9), 'spm.survey_state');
SELECT spm_test.recv(overlay(spm.survey_state_send('(1,2,3,4)') PLACING '\x7fffffffffffffff' FROM 17), 'spm.survey_state');
SELECT spm_test.recv(substr(spm.survey_state_send('(1,2,3,4)'), 1, 20), 'spm.survey_state');
SELECT spm_test.recv(spm.survey_state_send('(1,2,3,4)') || '\x00'::bytea, 'spm.survey_state');
