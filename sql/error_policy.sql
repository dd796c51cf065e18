--
-- error_policy: one SQLSTATE per kind of problem, across the whole extension
-- (doc/development.md, "Errors").  Each probe below is a call that must
-- fail.  Its message is sorted into a family by its wording, and every
-- family must come with exactly one SQLSTATE, whichever module, argument or
-- path (text input, jsonb, constructor, aggregate) raised it.
--
-- The families, in the order a message is matched against them:
--   bad text        "invalid input syntax for type ..."             22P02
--   bad binary      "invalid external value" / "invalid serialized" 22P03
--   not finite      "... must be a finite number, not ..."          22003
--   out of scale    "... must be between A and B, not ..." /
--                   "... outside the ... scale" / "... out of range" 22003
--   null            "... must not be null" / "must not contain nulls" 22004
--   too large       "... has at most ..." / "... is too large ..." /
--                   "cannot hold more than"                          54000
--   sign or bound   "must not be negative" / "must be positive" /
--                   "must be at least"                               22023
--   parameter       unknown names, lengths, dimensions, empty, order,
--                   consistency within a group                       22023
--
CREATE TEMP TABLE probe (id serial, q text);
INSERT INTO probe (q) VALUES
-- surveys
($$SELECT spm.enps(s) FROM (VALUES (11)) v(s)$$),
($$SELECT spm.enps(s) FROM (VALUES (-1)) v(s)$$),
($$SELECT spm.csat(s) FROM (VALUES (0)) v(s)$$),
($$SELECT spm.enps(s, 0) FROM (VALUES (5)) v(s)$$),
($$SELECT spm.enps(s, m) FROM (VALUES (5, 1), (6, 2)) v(s, m)$$),
($$SELECT spm.nps_category(12)$$),
($$SELECT 'garbage'::spm.survey_state$$),
-- commissions
($$SELECT 'graduated: 0 @ 1e1000000'::spm.tier_schedule$$),
($$SELECT 'graduated: 0 @ NaN'::spm.tier_schedule$$),
($$SELECT 'graduated: 0 @ 0.05, 100 @ oops'::spm.tier_schedule$$),
($$SELECT 'stepwise: 0 @ 0.05'::spm.tier_schedule$$),
($$SELECT 'graduated: 0 @ 0.05, 0 @ 0.1'::spm.tier_schedule$$),
($$SELECT 'graduated: 5 @ 0.05'::spm.tier_schedule$$),
($$SELECT ('graduated: 0 @ 0' || (SELECT string_agg(', ' || i || ' @ 0', '') FROM generate_series(1, 64) i))::spm.tier_schedule$$),
($$SELECT spm.tiers((SELECT array_agg(i::numeric) FROM generate_series(0, 64) i), (SELECT array_agg(0::numeric) FROM generate_series(0, 64) i))$$),
($$SELECT spm.tiers('{0,100}', '{0.05}')$$),
($$SELECT spm.tiers('{0,100}', '{0.05,NULL}')$$),
($$SELECT spm.tiers('{0,100}', '{0.05,-0.1}')$$),
($$SELECT spm.tiers('{0,100}', '{0.05,NaN}')$$),
($$SELECT spm.tiers('{0}', '{0.05}', 'stepwise')$$),
($$SELECT spm.tiers('{0}', '{0.05}', cap => 'Infinity')$$),
($$SELECT spm.tiers('{0}', '{0.05}', gate => -1)$$),
($$SELECT spm.tiers('{{0}}', '{{0.05}}')$$),
($$SELECT '{"mode": "graduated", "bands": [], "foo": 1}'::jsonb::spm.tier_schedule$$),
($$SELECT spm.commission('NaN', 'graduated: 0 @ 0.1')$$),
($$SELECT spm.commission(100, 'graduated: 0 @ 0.1', 0)$$),
($$SELECT spm.commission(100, 'graduated: 0 @ 0.1', -5)$$),
($$SELECT spm.commission_agg(a, s::spm.tier_schedule) FROM (VALUES (1, 'graduated: 0 @ 0.1'), (2, 'graduated: 0 @ 0.2')) v(a, s)$$),
($$SELECT spm.split(100, '{}')$$),
($$SELECT spm.split(100, '{1,NULL}')$$),
($$SELECT spm.split(100, '{1,-1}')$$),
($$SELECT spm.split(100, '{0,0}')$$),
($$SELECT spm.split(100, '{1,1}', 1000)$$),
($$SELECT spm.split('Infinity', '{1,1}')$$),
($$SELECT spm.prorate(100, 'empty', '[2026-01-01,2026-02-01)')$$),
($$SELECT spm.prorate(100, '[2026-01-01,)', '[2026-01-01,2026-02-01)')$$),
($$SELECT spm.draw(e, d, true) FROM (VALUES (10, -1)) v(e, d)$$),
-- quotas
($$SELECT spm.attainment(100, -1)$$),
($$SELECT spm.attainment('NaN', 100)$$),
($$SELECT spm.attainment_agg(a, q) FROM (VALUES (1::numeric, 'NaN'::numeric)) v(a, q)$$),
($$SELECT spm.pacing(10, 100, 'empty', '2026-01-15')$$),
($$SELECT spm.pacing(10, 100, '[2026-01-01,2026-02-01)', 'infinity')$$),
($$SELECT spm.ramp_quota(30000, -1, '{0.5}')$$),
($$SELECT spm.ramp_quota(30000, 1, '{0.5,NULL}')$$),
($$SELECT spm.ramp_quota(30000, 1, '{{0.5}}')$$),
($$SELECT spm.coverage(-1, 100, 0)$$),
-- forecasting
($$SELECT * FROM spm.forecast('{1,2,3,4,5}', 0)$$),
($$SELECT * FROM spm.forecast('{1,2,3,4,5}', 100000)$$),
($$SELECT * FROM spm.forecast('{1,2,3,4,5}', 2, 'magic')$$),
($$SELECT * FROM spm.forecast('{1,2,NULL,4,5}', 2, 'ses')$$),
($$SELECT * FROM spm.forecast('{1,2,NaN,4,5}', 2, 'ses')$$),
($$SELECT * FROM spm.forecast('{1,2,3,4,5}', 2, 'ses', level => 1.5)$$),
($$SELECT * FROM spm.forecast('{1,2,3,4,5}', 2, 'ses', alpha => 2)$$),
($$SELECT * FROM spm.forecast('{1,2,3,4,5}', 2, 'ses', beta => 0.5)$$),
($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7,8}', 2, 'hw_additive')$$),
($$SELECT * FROM spm.forecast('{1,2,3,4,5,6,7,8}', 2, 'hw_additive', 1)$$),
($$SELECT * FROM spm.forecast('{1,2}', 2, 'holt')$$),
($$SELECT * FROM spm.forecast('{{1,2},{3,4}}', 2, 'ses')$$),
($$SELECT * FROM spm.forecast_fit('{1,2,3,4,5}', 'nonsense')$$),
($$SELECT spm.trend_agg(y, x) FROM (VALUES ('NaN'::float8, 1::float8)) v(y, x)$$),
($$SELECT spm.trend_agg(y, x) FROM (VALUES (1::float8, 'Infinity'::float8)) v(y, x)$$),
($$SELECT * FROM spm.trend_forecast((SELECT spm.trend_agg(y, x) FROM (VALUES (1.0::float8, 1.0::float8), (2, 2), (4, 3)) v(y, x)), 4, 1.5)$$),
($$SELECT 'rubbish'::spm.trend$$),
($$SELECT spm.mape(a, f) FROM (VALUES ('NaN'::float8, 1::float8)) v(a, f)$$),
($$SELECT spm.weighted_pipeline(a, p) FROM (VALUES (100::numeric, 1.5::numeric)) v(a, p)$$),
($$SELECT spm.weighted_pipeline(a, p) FROM (VALUES (100::numeric, 'NaN'::numeric)) v(a, p)$$),
-- gamification
($$SELECT spm.level(5, '{}', '{}')$$),
($$SELECT spm.level(5, '{0,10}', '{a}')$$),
($$SELECT spm.level(5, '{10,0}', '{a,b}')$$),
($$SELECT spm.level(5, '{0,NULL}', '{a,b}')$$),
($$SELECT spm.level('NaN', '{0,10}', '{a,b}')$$),
($$SELECT spm.level(5, '{0,NaN}', '{a,b}')$$),
($$SELECT spm.pipeline_velocity(10, 1000, 1.5, 30)$$),
($$SELECT spm.pipeline_velocity(10, 1000, 0.5, 0)$$),
($$SELECT spm.pipeline_velocity(-10, 1000, 0.5, 30)$$),
($$SELECT spm.pipeline_velocity(10, 'NaN', 0.5, 30)$$),
($$SELECT 'nonsense'::spm.streak_state$$),
($$SELECT 'nonsense'::spm.win_rate_state$$),
-- territories
($$SELECT spm.gini(x) FROM (VALUES ('NaN'::float8)) v(x)$$),
($$SELECT spm.gini(x) FROM (VALUES ('Infinity'::float8)) v(x)$$),
($$SELECT spm.gini(x) FROM (VALUES (-1::float8)) v(x)$$),
($$SELECT * FROM spm.balance('{1,2}', '{1}', 2)$$),
($$SELECT * FROM spm.balance('{1,2}', '{1,2}', 0)$$),
($$SELECT * FROM spm.balance('{1,NULL}', '{1,2}', 2)$$),
($$SELECT * FROM spm.balance('{1,2}', '{1,NaN}', 2)$$),
($$SELECT * FROM spm.balance('{1,2}', '{1,-2}', 2)$$),
($$SELECT * FROM spm.balance('{1,1}', '{1,2}', 2)$$),
-- calendar and currencies
($$SELECT spm.pay_period('2026-01-15', 'fortnight')$$),
($$SELECT spm.pay_period('infinity', 'month')$$),
($$SELECT spm.minor_unit('XXQ')$$),
-- binary receive (spm_test.recv reports the error instead of raising it)
($$SELECT spm_test.recv('\x00'::bytea, 'spm.trend')$$),
($$SELECT spm_test.recv('\x00'::bytea, 'spm.tier_schedule')$$),
($$SELECT spm_test.recv('\x00'::bytea, 'spm.survey_state')$$),
($$SELECT spm_test.recv('\x00'::bytea, 'spm.streak_state')$$);

-- "SQLSTATE: message" of a probe (spm_test.recv returns it, with a detail)
CREATE FUNCTION pg_temp.outcome(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    IF q LIKE 'SELECT spm_test.recv(%' THEN
        EXECUTE q INTO r;
        RETURN split_part(r, ' / ', 1);
    END IF;
    RETURN spm_test.sqlstate(q);
END
$$;

CREATE TEMP TABLE outcome AS
SELECT id, q, split_part(r, ': ', 1) AS sqlstate,
       substr(r, length(split_part(r, ': ', 1)) + 3) AS message
  FROM (SELECT id, q, pg_temp.outcome(q) AS r FROM probe) p;

CREATE TEMP TABLE family (rank int, name text, pattern text, sqlstate text);
INSERT INTO family VALUES
(1, 'bad text', '^invalid input syntax for type ', '22P02'),
(2, 'bad binary', '^invalid (external value for type|serialized state of) ', '22P03'),
(3, 'not finite', 'must be a finite (number|date), not ', '22003'),
(4, 'out of scale', '(must be between .* and .*, not |outside the .* scale|out of range)', '22003'),
(5, 'null', '(must not be null|must not contain nulls?|is null|needs a season)', '22004'),
(6, 'too large', '(has at most .*, not |is too large|cannot hold more than)', '54000'),
(7, 'sign or bound', '(must not be negative|must be positive|must be at least)', '22023'),
(8, 'parameter', '(^unknown |must have the same length|same for every row of a group|one-dimensional|must not be empty|ascending|must be 0|needs|takes no|has no parameter|must not all be zero|must be unique|must have a finite start and end|shorter than|longer than|must be [a-z, ]+ or [a-z]+, not ")', '22023');

CREATE TEMP TABLE classified AS
SELECT o.*, f.name AS family, f.sqlstate AS wanted
  FROM outcome o
  LEFT JOIN LATERAL (SELECT * FROM family f
                      WHERE o.message ~* f.pattern
                      ORDER BY f.rank LIMIT 1) f ON true;

-- Every probe failed, with a message of a known family ...
SELECT id, q, sqlstate, message FROM classified
 WHERE sqlstate = 'no error' OR family IS NULL
 ORDER BY id;

-- ... and with that family's SQLSTATE.
SELECT id, q, sqlstate, wanted, message FROM classified
 WHERE family IS NOT NULL AND sqlstate <> wanted
 ORDER BY id;

-- Each family is exercised, by how many probes.
SELECT f.name, f.sqlstate, count(c.id) AS probes
  FROM family f LEFT JOIN classified c ON c.family = f.name
 GROUP BY f.rank, f.name, f.sqlstate
 ORDER BY f.rank;

-- Every message names what was wrong: none is PostgreSQL's bare wording
-- that omits the argument and the value.
SELECT id, q, message FROM classified
 WHERE message IN ('value overflows numeric format', 'period must not be empty')
    OR message ~ '^invalid input syntax for type numeric'
 ORDER BY id;
