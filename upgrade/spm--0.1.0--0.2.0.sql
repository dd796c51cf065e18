/*
 * spm--0.1.0--0.2.0.sql: ALTER EXTENSION spm UPDATE TO '0.2.0' from 0.1.0.
 *
 * Takes an installation of 0.1.0 (upgrade/spm--0.1.0.sql) to exactly what
 * CREATE EXTENSION spm VERSION '0.2.0' gives; test/upgrade.sh compares the
 * two catalogs.  Most of it is 0.2.0's install script (the fragments under src/) less
 * what 0.1.0 already created, in the install's order; the objects that
 * changed are altered in place where PostgreSQL can:
 *
 *   - commission_agg, deal_commission, attainment_agg and gini kept an
 *     internal state; 0.2.0 gives each a named state type.  CREATE OR
 *     REPLACE AGGREGATE swaps the state type and support functions and
 *     keeps the aggregate's identity, so users' views and functions that
 *     call these aggregates keep working; the internal-state support
 *     functions are dropped after.
 *   - spm.trend grew from 56 to 112 bytes (exact sums), which no ALTER TYPE
 *     can do: the type, spm.trend_agg, spm.trend_stats and spm.trend_forecast
 *     are dropped and created again.  Stored 0.1.0 trend states cannot be
 *     read by 0.2.0, so the update refuses (with the list) while anything
 *     outside the extension uses them.
 *   - spm.tier_schedule_to_jsonb moves from SQL to C, and spm.= on
 *     schedules becomes mergeable (0.2.0 adds the btree operator class).
 *
 * Every name is schema-qualified; CREATE OR REPLACE is used only on spm's
 * own member objects, where it is the one way to change them in place
 * (each place says why).
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION spm UPDATE TO '0.2.0'" to load this file. \quit


-- Functions, types and aggregates are pure computations: every role may
-- use them.  The tables and views of the data model are granted to the
-- two group roles below (src/model/model.sql, src/reports/reports.sql).
GRANT USAGE ON SCHEMA spm TO PUBLIC;

-- The group roles of the data model.  Roles belong to the whole cluster,
-- not to one database, so they are created only when missing: a second
-- database, a re-install after DROP EXTENSION, or a restore into a cluster
-- that already has them all find them in place.  DROP EXTENSION leaves them
-- (and their members) behind.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spm_admin') THEN
        CREATE ROLE spm_admin NOLOGIN;
        COMMENT ON ROLE spm_admin IS 'spm: reads and changes every row of the spm data model';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spm_user') THEN
        CREATE ROLE spm_user NOLOGIN;
        COMMENT ON ROLE spm_user IS 'spm: reads their own rows of the spm data model and those of everyone reporting to them';
    END IF;
END
$roles$;

-- ==== from src/surveys/surveys.sql ====
COMMENT ON FUNCTION spm.survey_state_in(cstring) IS
    'text input function of the type spm.survey_state';
COMMENT ON FUNCTION spm.survey_state_out(spm.survey_state) IS
    'text output function of the type spm.survey_state';
COMMENT ON FUNCTION spm.survey_state_recv(internal) IS
    'binary input function of the type spm.survey_state';
COMMENT ON FUNCTION spm.survey_state_send(spm.survey_state) IS
    'binary output function of the type spm.survey_state';
COMMENT ON FUNCTION spm.enps_trans(spm.survey_state, integer) IS
    'transition function of spm.enps(integer): counts one answer';
COMMENT ON FUNCTION spm.enps_retract(spm.survey_state, integer) IS
    'inverse transition function of spm.enps(integer): removes one answer (moving windows)';
COMMENT ON FUNCTION spm.enps_trans(spm.survey_state, integer, integer) IS
    'transition function of spm.enps(integer, integer): counts one answer';
COMMENT ON FUNCTION spm.enps_retract(spm.survey_state, integer, integer) IS
    'inverse transition function of spm.enps(integer, integer): removes one answer (moving windows)';
COMMENT ON FUNCTION spm.nps_trans(spm.survey_state, integer) IS
    'transition function of spm.nps_stats(integer): counts one answer';
COMMENT ON FUNCTION spm.nps_retract(spm.survey_state, integer) IS
    'inverse transition function of spm.nps_stats(integer): removes one answer (moving windows)';
CREATE FUNCTION spm.nps_trans(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_nps_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.nps_trans(spm.survey_state, integer, integer) IS
    'transition function of spm.nps_stats(integer, integer): counts one answer';
CREATE FUNCTION spm.nps_retract(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_nps_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.nps_retract(spm.survey_state, integer, integer) IS
    'inverse transition function of spm.nps_stats(integer, integer): removes one answer (moving windows)';
COMMENT ON FUNCTION spm.csat_trans(spm.survey_state, integer) IS
    'transition function of spm.csat(integer): counts one answer';
COMMENT ON FUNCTION spm.csat_retract(spm.survey_state, integer) IS
    'inverse transition function of spm.csat(integer): removes one answer (moving windows)';
CREATE FUNCTION spm.csat_trans(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_csat_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.csat_trans(spm.survey_state, integer, integer) IS
    'transition function of spm.csat(integer, integer): counts one answer';
CREATE FUNCTION spm.csat_retract(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_csat_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.csat_retract(spm.survey_state, integer, integer) IS
    'inverse transition function of spm.csat(integer, integer): removes one answer (moving windows)';
COMMENT ON FUNCTION spm.survey_combine(spm.survey_state, spm.survey_state) IS
    'combine function of the survey aggregates: adds two partial counts';
COMMENT ON FUNCTION spm.enps_final(spm.survey_state) IS
    'final function of spm.enps: the eNPS, NULL below the anonymity threshold';
COMMENT ON FUNCTION spm.csat_final(spm.survey_state) IS
    'final function of spm.csat: the CSAT, NULL below the anonymity threshold';
COMMENT ON FUNCTION spm.nps_stats_final(spm.survey_state) IS
    'final function of spm.nps_stats';

-- Below min_responses answers only the count is shown: every other field
-- is NULL, so no group small enough to identify a person gives its answers
-- away.
CREATE AGGREGATE spm.nps_stats(score integer, min_responses integer) (
    SFUNC = spm.nps_trans,
    STYPE = spm.survey_state,
    INITCOND = '(0,0,0,0)',
    FINALFUNC = spm.nps_stats_final,
    COMBINEFUNC = spm.survey_combine,
    MSFUNC = spm.nps_trans,
    MINVFUNC = spm.nps_retract,
    MSTYPE = spm.survey_state,
    MINITCOND = '(0,0,0,0)',
    MFINALFUNC = spm.nps_stats_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.nps_stats(integer, integer) IS
    'NPS with counts, standard error and 95% interval; only the count below min_responses answers';

CREATE AGGREGATE spm.csat(score integer, min_responses integer) (
    SFUNC = spm.csat_trans,
    STYPE = spm.survey_state,
    INITCOND = '(0,0,0,0)',
    FINALFUNC = spm.csat_final,
    COMBINEFUNC = spm.survey_combine,
    MSFUNC = spm.csat_trans,
    MINVFUNC = spm.csat_retract,
    MSTYPE = spm.survey_state,
    MINITCOND = '(0,0,0,0)',
    MFINALFUNC = spm.csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.csat(integer, integer) IS
    'CSAT, or NULL when fewer than min_responses answers (anonymity threshold)';

-- ==== from src/commissions/commissions.sql ====
COMMENT ON FUNCTION spm.tier_schedule_in(cstring) IS
    'input function of spm.tier_schedule (text form)';
COMMENT ON FUNCTION spm.tier_schedule_out(spm.tier_schedule) IS
    'output function of spm.tier_schedule (text form)';
COMMENT ON FUNCTION spm.tier_schedule_recv(internal) IS
    'binary receive function of spm.tier_schedule';
COMMENT ON FUNCTION spm.tier_schedule_send(spm.tier_schedule) IS
    'binary send function of spm.tier_schedule';
COMMENT ON TYPE spm.tier_schedule IS
    'commission rate table (graduated or retroactive bands) or pay curve (interpolated points), optional cap and gate';
COMMENT ON FUNCTION spm.tiers(numeric[], numeric[], text, numeric, numeric) IS
    'build a rate table from lower thresholds (the first is 0) and one rate per band, or a pay curve (interpolated) from points and the payouts at them';
COMMENT ON FUNCTION spm.tier_thresholds(spm.tier_schedule) IS
    'the lower thresholds of the bands, as given';
COMMENT ON FUNCTION spm.tier_rates(spm.tier_schedule) IS
    'the rates of the bands, as given (of a pay curve: the payouts at its points)';
COMMENT ON FUNCTION spm.tier_mode(spm.tier_schedule) IS
    'graduated, retroactive or interpolated';
COMMENT ON FUNCTION spm.tier_cap(spm.tier_schedule) IS
    'the cap, or NULL without one';
COMMENT ON FUNCTION spm.tier_gate(spm.tier_schedule) IS
    'the gate, or NULL without one';

-- jsonb form: {"mode": ..., "thresholds": [...], "rates": [...], "cap": ..., "gate": ...}
-- (a pay curve's "rates" are the payouts at its points)
-- Built in C without jsonb_build_object (which is only STABLE), so both
-- directions and both casts are truly immutable.
-- 0.1.0 defined it in SQL.  CREATE OR REPLACE keeps the function that the
-- cast (spm.tier_schedule AS jsonb) and users' views call; ALTER FUNCTION
-- cannot change a language or body.
CREATE OR REPLACE FUNCTION spm.tier_schedule_to_jsonb(schedule spm.tier_schedule) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_to_jsonb'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.tier_schedule_to_jsonb(spm.tier_schedule) IS
    'the schedule as {"mode", "thresholds", "rates", "cap", "gate"} (cap and gate only when present)';
COMMENT ON FUNCTION spm.tier_schedule_from_jsonb(jsonb) IS
    'a schedule from {"mode", "thresholds", "rates", "cap", "gate"}; unknown keys are errors';
COMMENT ON CAST (spm.tier_schedule AS jsonb) IS
    'a schedule as jsonb (spm.tier_schedule_to_jsonb)';
COMMENT ON CAST (jsonb AS spm.tier_schedule) IS
    'a schedule from jsonb (spm.tier_schedule_from_jsonb)';
CREATE FUNCTION spm.tier_schedule_lt(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_lt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_le(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_le'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_gt(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_gt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_ge(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_ge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_cmp(spm.tier_schedule, spm.tier_schedule) RETURNS integer
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_cmp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.tier_schedule_eq(spm.tier_schedule, spm.tier_schedule) IS
    'implementation of = : the schedules pay the same';
COMMENT ON FUNCTION spm.tier_schedule_ne(spm.tier_schedule, spm.tier_schedule) IS
    'implementation of <>';
COMMENT ON FUNCTION spm.tier_schedule_lt(spm.tier_schedule, spm.tier_schedule) IS
    'implementation of <';
COMMENT ON FUNCTION spm.tier_schedule_le(spm.tier_schedule, spm.tier_schedule) IS
    'implementation of <=';
COMMENT ON FUNCTION spm.tier_schedule_gt(spm.tier_schedule, spm.tier_schedule) IS
    'implementation of >';
COMMENT ON FUNCTION spm.tier_schedule_ge(spm.tier_schedule, spm.tier_schedule) IS
    'implementation of >=';
COMMENT ON FUNCTION spm.tier_schedule_cmp(spm.tier_schedule, spm.tier_schedule) IS
    'btree comparison of schedules: -1, 0 or 1';
COMMENT ON FUNCTION spm.tier_schedule_hash(spm.tier_schedule) IS
    'hash of a schedule, equal for equal schedules (0.05 and 0.050 alike)';
-- spm.= of 0.1.0 was not MERGES.  ALTER OPERATOR ... SET (MERGES) exists
-- from PostgreSQL 17; on 15 and 16 the flag is set in the catalog, which is
-- all that ALTER does.
DO $merges$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::integer >= 170000 THEN
        EXECUTE 'ALTER OPERATOR spm.= (spm.tier_schedule, spm.tier_schedule) SET (MERGES)';
    ELSE
        UPDATE pg_catalog.pg_operator SET oprcanmerge = true
         WHERE oid = 'spm.=(spm.tier_schedule,spm.tier_schedule)'::pg_catalog.regoperator;
    END IF;
END
$merges$;
CREATE OPERATOR spm.< (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_lt,
    COMMUTATOR = OPERATOR(spm.>), NEGATOR = OPERATOR(spm.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR spm.<= (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_le,
    COMMUTATOR = OPERATOR(spm.>=), NEGATOR = OPERATOR(spm.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR spm.> (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_gt,
    COMMUTATOR = OPERATOR(spm.<), NEGATOR = OPERATOR(spm.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR spm.>= (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_ge,
    COMMUTATOR = OPERATOR(spm.<=), NEGATOR = OPERATOR(spm.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR spm.= (spm.tier_schedule, spm.tier_schedule) IS
    'the schedules pay the same: same mode, numerically equal bands, cap and gate';
COMMENT ON OPERATOR spm.<> (spm.tier_schedule, spm.tier_schedule) IS
    'the schedules differ in mode, a band, the cap or the gate';
COMMENT ON OPERATOR spm.< (spm.tier_schedule, spm.tier_schedule) IS
    'sorts before (mode, then bands, then band count, then cap, then gate)';
COMMENT ON OPERATOR spm.<= (spm.tier_schedule, spm.tier_schedule) IS
    'sorts before or equal';
COMMENT ON OPERATOR spm.> (spm.tier_schedule, spm.tier_schedule) IS
    'sorts after (mode, then bands, then band count, then cap, then gate)';
COMMENT ON OPERATOR spm.>= (spm.tier_schedule, spm.tier_schedule) IS
    'sorts after or equal';
COMMENT ON OPERATOR CLASS spm.tier_schedule_ops USING hash IS
    'hashing of schedules: GROUP BY, DISTINCT and hash joins on plans';
COMMENT ON OPERATOR FAMILY spm.tier_schedule_ops USING hash IS
    'the hash operator family of spm.tier_schedule (its one class)';
CREATE OPERATOR CLASS spm.tier_schedule_ops
    DEFAULT FOR TYPE spm.tier_schedule USING btree AS
        OPERATOR 1 spm.< ,
        OPERATOR 2 spm.<= ,
        OPERATOR 3 spm.= ,
        OPERATOR 4 spm.>= ,
        OPERATOR 5 spm.> ,
        FUNCTION 1 spm.tier_schedule_cmp(spm.tier_schedule, spm.tier_schedule);
COMMENT ON OPERATOR CLASS spm.tier_schedule_ops USING btree IS
    'ordering of schedules: ORDER BY, indexes and merge joins on plans';
COMMENT ON OPERATOR FAMILY spm.tier_schedule_ops USING btree IS
    'the btree operator family of spm.tier_schedule (its one class)';
COMMENT ON FUNCTION spm.commission(numeric, spm.tier_schedule) IS
    'the exact commission on basis under the schedule';
COMMENT ON FUNCTION spm.commission(numeric, spm.tier_schedule, numeric) IS
    'the exact commission on basis, thresholds and gate as fractions of quota';
COMMENT ON FUNCTION spm.commission_increment(numeric, numeric, spm.tier_schedule) IS
    'commission(prior + amount) - commission(prior): what one deal adds';
COMMENT ON FUNCTION spm.commission_increment(numeric, numeric, spm.tier_schedule, numeric) IS
    'commission(prior + amount) - commission(prior) with thresholds as fractions of quota';

-- spm.commission_agg: commission of the summed amount.  The state sums
-- exact numerics (like sum(numeric)), so it is a variable-size type,
-- spm.commission_agg_state, updated in place while the aggregate runs; its
-- partial states travel to a parallel leader as values and to a Citus
-- coordinator in their text form.  The transition functions are not
-- STRICT: NULL amounts are skipped, NULL schedules or quotas are errors.
CREATE TYPE spm.commission_agg_state;
CREATE FUNCTION spm.commission_agg_state_in(cstring) RETURNS spm.commission_agg_state
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_state_out(spm.commission_agg_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_state_recv(internal) RETURNS spm.commission_agg_state
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_state_send(spm.commission_agg_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spm.commission_agg_state (
    INPUT = spm.commission_agg_state_in,
    OUTPUT = spm.commission_agg_state_out,
    RECEIVE = spm.commission_agg_state_recv,
    SEND = spm.commission_agg_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE spm.commission_agg_state IS
    'state of spm.commission_agg: (sum, schedule, quota), exact';
COMMENT ON FUNCTION spm.commission_agg_state_in(cstring) IS 'input function of spm.commission_agg_state';
COMMENT ON FUNCTION spm.commission_agg_state_out(spm.commission_agg_state) IS 'output function of spm.commission_agg_state';
COMMENT ON FUNCTION spm.commission_agg_state_recv(internal) IS 'receive function of spm.commission_agg_state (checks every field)';
COMMENT ON FUNCTION spm.commission_agg_state_send(spm.commission_agg_state) IS 'send function of spm.commission_agg_state (portable, versioned)';

CREATE FUNCTION spm.commission_agg_trans(spm.commission_agg_state, numeric, spm.tier_schedule)
    RETURNS spm.commission_agg_state
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_trans(spm.commission_agg_state, numeric, spm.tier_schedule, numeric)
    RETURNS spm.commission_agg_state
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_combine(spm.commission_agg_state, spm.commission_agg_state)
    RETURNS spm.commission_agg_state
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_final(spm.commission_agg_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_commission_agg_state_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.commission_agg_trans(spm.commission_agg_state, numeric, spm.tier_schedule) IS
    'transition function of spm.commission_agg';
COMMENT ON FUNCTION spm.commission_agg_trans(spm.commission_agg_state, numeric, spm.tier_schedule, numeric) IS
    'transition function of spm.commission_agg with a quota';
COMMENT ON FUNCTION spm.commission_agg_combine(spm.commission_agg_state, spm.commission_agg_state) IS
    'combine function of spm.commission_agg';
COMMENT ON FUNCTION spm.commission_agg_final(spm.commission_agg_state) IS
    'final function of spm.commission_agg';

-- SSPACE: a group's state, its copy of the plan and PostgreSQL's numeric
-- accumulator take about 500 bytes (the states of an aggregate share one
-- memory context; see src/common/xstate.h).
-- 0.1.0's aggregate kept an internal state.  CREATE OR REPLACE AGGREGATE
-- (no ALTER AGGREGATE changes a state type) keeps the aggregate that
-- users' views and functions call and gives it the new state type.
CREATE OR REPLACE AGGREGATE spm.commission_agg(amount numeric, schedule spm.tier_schedule) (
    SFUNC = spm.commission_agg_trans,
    STYPE = spm.commission_agg_state,
    SSPACE = 512,
    FINALFUNC = spm.commission_agg_final,
    COMBINEFUNC = spm.commission_agg_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE spm.commission_agg(amount numeric, schedule spm.tier_schedule, quota numeric) (
    SFUNC = spm.commission_agg_trans,
    STYPE = spm.commission_agg_state,
    SSPACE = 512,
    FINALFUNC = spm.commission_agg_final,
    COMBINEFUNC = spm.commission_agg_combine,
    PARALLEL = SAFE
);
DROP FUNCTION spm.commission_agg_trans(internal, numeric, spm.tier_schedule);
DROP FUNCTION spm.commission_agg_trans(internal, numeric, spm.tier_schedule, numeric);
DROP FUNCTION spm.commission_agg_combine(internal, internal);
DROP FUNCTION spm.commission_agg_serialize(internal);
DROP FUNCTION spm.commission_agg_deserialize(bytea, internal);
DROP FUNCTION spm.commission_agg_final(internal);

-- spm.deal_commission: in a window ordered by deal, the commission that the
-- current row adds to the running total: one query, every statement line.
CREATE TYPE spm.deal_commission_state;
CREATE FUNCTION spm.deal_commission_state_in(cstring) RETURNS spm.deal_commission_state
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_state_out(spm.deal_commission_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_state_recv(internal) RETURNS spm.deal_commission_state
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_state_send(spm.deal_commission_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spm.deal_commission_state (
    INPUT = spm.deal_commission_state_in,
    OUTPUT = spm.deal_commission_state_out,
    RECEIVE = spm.deal_commission_state_recv,
    SEND = spm.deal_commission_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE spm.deal_commission_state IS
    'state of spm.deal_commission: (running total before the last row, running total, last amount, schedule, quota)';
COMMENT ON FUNCTION spm.deal_commission_state_in(cstring) IS 'input function of spm.deal_commission_state';
COMMENT ON FUNCTION spm.deal_commission_state_out(spm.deal_commission_state) IS 'output function of spm.deal_commission_state';
COMMENT ON FUNCTION spm.deal_commission_state_recv(internal) IS 'receive function of spm.deal_commission_state (checks every field)';
COMMENT ON FUNCTION spm.deal_commission_state_send(spm.deal_commission_state) IS 'send function of spm.deal_commission_state (portable, versioned)';

CREATE FUNCTION spm.deal_commission_trans(spm.deal_commission_state, numeric, spm.tier_schedule)
    RETURNS spm.deal_commission_state
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_trans(spm.deal_commission_state, numeric, spm.tier_schedule, numeric)
    RETURNS spm.deal_commission_state
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_combine(spm.deal_commission_state, spm.deal_commission_state)
    RETURNS spm.deal_commission_state
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_final(spm.deal_commission_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_deal_commission_state_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.deal_commission_trans(spm.deal_commission_state, numeric, spm.tier_schedule) IS
    'transition function of spm.deal_commission';
COMMENT ON FUNCTION spm.deal_commission_trans(spm.deal_commission_state, numeric, spm.tier_schedule, numeric) IS
    'transition function of spm.deal_commission with a quota';
COMMENT ON FUNCTION spm.deal_commission_combine(spm.deal_commission_state, spm.deal_commission_state) IS
    'combine function of spm.deal_commission (in order)';
COMMENT ON FUNCTION spm.deal_commission_final(spm.deal_commission_state) IS
    'final function of spm.deal_commission';

-- 0.1.0's aggregate kept an internal state.  CREATE OR REPLACE AGGREGATE
-- (no ALTER AGGREGATE changes a state type) keeps the aggregate that
-- users' views and functions call and gives it the new state type.
CREATE OR REPLACE AGGREGATE spm.deal_commission(amount numeric, schedule spm.tier_schedule) (
    SFUNC = spm.deal_commission_trans,
    STYPE = spm.deal_commission_state,
    SSPACE = 512,
    FINALFUNC = spm.deal_commission_final,
    COMBINEFUNC = spm.deal_commission_combine,
    PARALLEL = SAFE
);
CREATE OR REPLACE AGGREGATE spm.deal_commission(amount numeric, schedule spm.tier_schedule, quota numeric) (
    SFUNC = spm.deal_commission_trans,
    STYPE = spm.deal_commission_state,
    SSPACE = 512,
    FINALFUNC = spm.deal_commission_final,
    COMBINEFUNC = spm.deal_commission_combine,
    PARALLEL = SAFE
);
DROP FUNCTION spm.deal_commission_trans(internal, numeric, spm.tier_schedule);
DROP FUNCTION spm.deal_commission_trans(internal, numeric, spm.tier_schedule, numeric);
DROP FUNCTION spm.deal_commission_combine(internal, internal);
DROP FUNCTION spm.deal_commission_serialize(internal);
DROP FUNCTION spm.deal_commission_deserialize(bytea, internal);
DROP FUNCTION spm.deal_commission_final(internal);
COMMENT ON TYPE spm.draw_result IS
    'result of spm.draw: paid, recovered and balance owed in the last period';
COMMENT ON FUNCTION spm.draw_trans(numeric[], numeric, numeric, boolean) IS
    'transition function of spm.draw: adds one period to the state';
COMMENT ON FUNCTION spm.draw_combine(numeric[], numeric[]) IS
    'combine function of spm.draw (in order: the right run follows the left)';
COMMENT ON FUNCTION spm.draw_final(numeric[]) IS
    'final function of spm.draw';

-- ==== from src/quotas/quotas.sql ====

-- attainment_agg keeps two exact numeric sums in spm.attainment_state, a
-- variable-size state type (text form "(rows,sum of actual,sum of quota)")
-- updated in place while the aggregate runs; its partial states travel to a
-- parallel leader as values and to a Citus coordinator as text.  The
-- transition and combine functions are deliberately not STRICT: the state
-- starts NULL, rows with a NULL argument are skipped, and combine accepts
-- an empty (NULL) state on either side.
CREATE TYPE spm.attainment_state;
CREATE FUNCTION spm.attainment_state_in(cstring) RETURNS spm.attainment_state
    AS 'MODULE_PATHNAME', 'spm_attainment_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.attainment_state_out(spm.attainment_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_attainment_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.attainment_state_recv(internal) RETURNS spm.attainment_state
    AS 'MODULE_PATHNAME', 'spm_attainment_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.attainment_state_send(spm.attainment_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_attainment_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spm.attainment_state (
    INPUT = spm.attainment_state_in,
    OUTPUT = spm.attainment_state_out,
    RECEIVE = spm.attainment_state_recv,
    SEND = spm.attainment_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE spm.attainment_state IS
    'state of spm.attainment_agg: (rows, sum of actual, sum of quota), exact';
COMMENT ON FUNCTION spm.attainment_state_in(cstring) IS 'input function of spm.attainment_state';
COMMENT ON FUNCTION spm.attainment_state_out(spm.attainment_state) IS 'output function of spm.attainment_state';
COMMENT ON FUNCTION spm.attainment_state_recv(internal) IS 'receive function of spm.attainment_state (checks every field)';
COMMENT ON FUNCTION spm.attainment_state_send(spm.attainment_state) IS 'send function of spm.attainment_state (portable, versioned)';

CREATE FUNCTION spm.attainment_trans(spm.attainment_state, numeric, numeric) RETURNS spm.attainment_state
    AS 'MODULE_PATHNAME', 'spm_attainment_state_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.attainment_combine(spm.attainment_state, spm.attainment_state) RETURNS spm.attainment_state
    AS 'MODULE_PATHNAME', 'spm_attainment_state_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.attainment_final(spm.attainment_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_attainment_state_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION spm.attainment_trans(spm.attainment_state, numeric, numeric) IS
    'transition function of spm.attainment_agg';
COMMENT ON FUNCTION spm.attainment_combine(spm.attainment_state, spm.attainment_state) IS
    'combine function of spm.attainment_agg';
COMMENT ON FUNCTION spm.attainment_final(spm.attainment_state) IS
    'final function of spm.attainment_agg';

-- 0.1.0's aggregate kept an internal state.  CREATE OR REPLACE AGGREGATE
-- (no ALTER AGGREGATE changes a state type) keeps the aggregate that
-- users' views and functions call and gives it the new state type.
CREATE OR REPLACE AGGREGATE spm.attainment_agg(actual numeric, quota numeric) (
    SFUNC = spm.attainment_trans,
    STYPE = spm.attainment_state,
    SSPACE = 512,
    FINALFUNC = spm.attainment_final,
    COMBINEFUNC = spm.attainment_combine,
    PARALLEL = SAFE
);
DROP FUNCTION spm.attainment_trans(internal, numeric, numeric);
DROP FUNCTION spm.attainment_combine(internal, internal);
DROP FUNCTION spm.attainment_serialize(internal);
DROP FUNCTION spm.attainment_deserialize(bytea, internal);
DROP FUNCTION spm.attainment_final(internal);
COMMENT ON FUNCTION spm.ramp_quota(numeric, integer, numeric[]) IS
    'quota times the (tenure_months + 1)-th element of ramp, by position whatever the array''s lower bound (tenure_months = 0 in the first month); the full quota after the ramp';

-- ==== from src/forecast/forecast.sql ====

-- spm.trend of 0.1.0 (56 bytes: float8 sums of squared deviations) cannot
-- become 0.2.0's (112 bytes: exact sums) in place, and 0.2.0 cannot read
-- 0.1.0's values.  Refuse while anything outside the extension (a column,
-- a view, a function) uses the type or the functions that take it, then
-- drop them all and create 0.2.0's.
DO $trend$
DECLARE
    users text;
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), ', '
                                 ORDER BY pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid))
      INTO users
      FROM pg_catalog.pg_depend d
     WHERE d.deptype IN ('n', 'a')
       AND ((d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass
             AND d.refobjid IN ('spm.trend'::pg_catalog.regtype, 'spm.trend[]'::pg_catalog.regtype))
         OR (d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
             AND d.refobjid IN ('spm.trend_agg(float8, float8)'::pg_catalog.regprocedure,
                                'spm.trend_stats(spm.trend)'::pg_catalog.regprocedure,
                                'spm.trend_forecast(spm.trend, float8, float8)'::pg_catalog.regprocedure)))
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
                        WHERE e.classid = d.classid AND e.objid = d.objid AND e.deptype = 'e'
                          AND e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                          AND e.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'spm'))
       AND NOT (d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = 'spm.trend[]'::pg_catalog.regtype);
    IF users IS NOT NULL THEN
        RAISE EXCEPTION 'spm 0.2.0 cannot keep the spm.trend values of 0.1.0'
            USING ERRCODE = 'dependent_objects_still_exist',
                  DETAIL = 'spm.trend holds exact sums from 0.2.0 on, in a form 0.1.0''s values cannot be read into.  Used by: ' || users || '.',
                  HINT = 'Drop or change those objects (a stored state can be kept as text: ALTER TABLE ... ALTER COLUMN ... TYPE text), update, then compute the states again with spm.trend_agg.';
    END IF;
END
$trend$;
DROP AGGREGATE spm.trend_agg(float8, float8);
DROP FUNCTION spm.trend_stats(spm.trend);
DROP FUNCTION spm.trend_forecast(spm.trend, float8, float8);
DROP FUNCTION spm.trend_accum(spm.trend, float8, float8);
DROP FUNCTION spm.trend_combine(spm.trend, spm.trend);
DROP FUNCTION spm.trend_final(spm.trend);
-- the type and its four I/O functions depend on each other: only CASCADE
-- drops them, and the check above made sure nothing else goes with them
DROP TYPE spm.trend CASCADE;

-- Least-squares state of spm.trend_agg (see src/forecast/forecast.sql).
CREATE TYPE spm.trend;

CREATE FUNCTION spm.trend_in(cstring) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_in(cstring) IS
    'text input function of the type spm.trend';
CREATE FUNCTION spm.trend_out(spm.trend) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_trend_exact_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_out(spm.trend) IS
    'text output function of the type spm.trend';
CREATE FUNCTION spm.trend_recv(internal) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_recv(internal) IS
    'binary input function of the type spm.trend';
CREATE FUNCTION spm.trend_send(spm.trend) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_trend_exact_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_send(spm.trend) IS
    'binary output function of the type spm.trend';

CREATE TYPE spm.trend (
    INPUT = spm.trend_in,
    OUTPUT = spm.trend_out,
    RECEIVE = spm.trend_recv,
    SEND = spm.trend_send,
    INTERNALLENGTH = 112,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.trend IS
    'least-squares state of spm.trend_agg: (n, x0, y0, sx, sx_lo, sy, sy_lo, sxx, sxx_lo, syy, syy_lo, sxy, sxy_lo)';

-- Transition function.  Deliberately not STRICT: it skips rows where y or x
-- is NULL itself (the aggregate has an INITCOND, so the state is never NULL).
CREATE FUNCTION spm.trend_accum(spm.trend, float8, float8) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_accum'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_accum(spm.trend, float8, float8) IS
    'transition function of spm.trend_agg: adds the point (x, y)';
CREATE FUNCTION spm.trend_combine(spm.trend, spm.trend) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_combine(spm.trend, spm.trend) IS
    'combine function of spm.trend_agg: merges two partial states';
CREATE FUNCTION spm.trend_final(spm.trend) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_final(spm.trend) IS
    'final function of spm.trend_agg: the state, or NULL for no rows';

CREATE AGGREGATE spm.trend_agg(y float8, x float8) (
    SFUNC = spm.trend_accum,
    STYPE = spm.trend,
    INITCOND = '(0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = spm.trend_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = spm.trend_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.trend_agg(float8, float8) IS
    'least-squares line of y on x; read it with spm.trend_stats and spm.trend_forecast';

-- One row each, as composite types rather than RETURNS TABLE: in a SELECT
-- list a NULL trend then gives a row of NULLs instead of removing the row.
CREATE TYPE spm.trend_stats_result AS (
    n            bigint,
    slope        float8,
    intercept    float8,
    r2           float8,
    se_slope     float8,
    se_intercept float8,
    residual_se  float8
);
COMMENT ON TYPE spm.trend_stats_result IS
    'result of spm.trend_stats: count, slope, intercept, R squared, standard errors';

CREATE TYPE spm.trend_forecast_result AS (
    point float8,
    lower float8,
    upper float8
);
COMMENT ON TYPE spm.trend_forecast_result IS
    'result of spm.trend_forecast: prediction and prediction interval';

CREATE FUNCTION spm.trend_stats(spm.trend) RETURNS spm.trend_stats_result
    AS 'MODULE_PATHNAME', 'spm_trend_exact_stats'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_stats(spm.trend) IS
    'slope, intercept, R squared, standard errors and residual standard error of a trend';

CREATE FUNCTION spm.trend_forecast(spm.trend, x float8, level float8 DEFAULT 0.95)
    RETURNS spm.trend_forecast_result
    AS 'MODULE_PATHNAME', 'spm_trend_exact_forecast'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_forecast(spm.trend, float8, float8) IS
    'prediction and prediction interval (Student t, n - 2 degrees of freedom) at x';
COMMENT ON FUNCTION spm.forecast_fit(float8[], text, integer) IS
    'fitted smoothing parameters, SSE and AIC (on a window shared by all methods) of a forecasting method; auto: the one it picks';
COMMENT ON FUNCTION spm.accuracy_state_in(cstring) IS
    'text input function of the type spm.accuracy_state';
COMMENT ON FUNCTION spm.accuracy_state_out(spm.accuracy_state) IS
    'text output function of the type spm.accuracy_state';
COMMENT ON FUNCTION spm.accuracy_state_recv(internal) IS
    'binary input function of the type spm.accuracy_state';
COMMENT ON FUNCTION spm.accuracy_state_send(spm.accuracy_state) IS
    'binary output function of the type spm.accuracy_state';
COMMENT ON FUNCTION spm.accuracy_accum(spm.accuracy_state, float8, float8) IS
    'transition function of spm.mape, spm.wape, spm.forecast_bias and spm.rmse';
COMMENT ON FUNCTION spm.accuracy_combine(spm.accuracy_state, spm.accuracy_state) IS
    'combine function of the accuracy aggregates: merges two partial states';
COMMENT ON FUNCTION spm.mape_final(spm.accuracy_state) IS
    'final function of spm.mape';
COMMENT ON FUNCTION spm.wape_final(spm.accuracy_state) IS
    'final function of spm.wape';
COMMENT ON FUNCTION spm.forecast_bias_final(spm.accuracy_state) IS
    'final function of spm.forecast_bias';
COMMENT ON FUNCTION spm.rmse_final(spm.accuracy_state) IS
    'final function of spm.rmse';
COMMENT ON FUNCTION spm.weighted_pipeline_accum(numeric, numeric, numeric) IS
    'transition function of spm.weighted_pipeline: adds amount * probability';
COMMENT ON FUNCTION spm.weighted_pipeline_combine(numeric, numeric) IS
    'combine function of spm.weighted_pipeline: adds two partial sums';

-- ==== from src/gamification/gamification.sql ====
COMMENT ON FUNCTION spm.streak_state_in(cstring) IS
    'text input function of the type spm.streak_state';
COMMENT ON FUNCTION spm.streak_state_out(spm.streak_state) IS
    'text output function of the type spm.streak_state';
COMMENT ON FUNCTION spm.streak_state_recv(internal) IS
    'binary input function of the type spm.streak_state';
COMMENT ON FUNCTION spm.streak_state_send(spm.streak_state) IS
    'binary output function of the type spm.streak_state';
COMMENT ON FUNCTION spm.streak_trans(spm.streak_state, boolean) IS
    'transition function of spm.streak: appends one period (NULL is skipped)';
COMMENT ON FUNCTION spm.streak_combine(spm.streak_state, spm.streak_state) IS
    'combine function of spm.streak: the first state''s periods precede the second''s';
COMMENT ON FUNCTION spm.streak_final(spm.streak_state) IS
    'final function of spm.streak: current and longest streak';
COMMENT ON FUNCTION spm.win_rate_state_in(cstring) IS
    'text input function of the type spm.win_rate_state';
COMMENT ON FUNCTION spm.win_rate_state_out(spm.win_rate_state) IS
    'text output function of the type spm.win_rate_state';
COMMENT ON FUNCTION spm.win_rate_state_recv(internal) IS
    'binary input function of the type spm.win_rate_state';
COMMENT ON FUNCTION spm.win_rate_state_send(spm.win_rate_state) IS
    'binary output function of the type spm.win_rate_state';
COMMENT ON FUNCTION spm.win_rate_trans(spm.win_rate_state, boolean) IS
    'transition function of spm.win_rate: counts one decided deal (NULL is skipped)';
COMMENT ON FUNCTION spm.win_rate_retract(spm.win_rate_state, boolean) IS
    'inverse transition function of spm.win_rate: removes one deal (moving windows)';
COMMENT ON FUNCTION spm.win_rate_combine(spm.win_rate_state, spm.win_rate_state) IS
    'combine function of spm.win_rate: adds two partial counts';
COMMENT ON FUNCTION spm.win_rate_final(spm.win_rate_state) IS
    'final function of spm.win_rate: won / (won + lost)';

-- ==== from src/territories/territories.sql ====

-- ---------------------------------------------------------------------
-- Territories: load inequality and balancing
-- (C code: src/territories/territories.c, src/core/gini.c, src/core/balance.c)
-- ---------------------------------------------------------------------

-- spm.gini needs every value (it sorts them), so its state, spm.gini_state,
-- is a variable-size type (text form: the values in ascending order,
-- "{0.5,1,2.25}"): 8 bytes per non-NULL value (up to 16 while its array
-- doubles, plus 8 for the sorted copy the final function makes), updated in
-- place while the aggregate runs.  Transition and combine are deliberately
-- not STRICT: the state starts NULL, NULL values are skipped, and combine
-- accepts an empty (NULL) state on either side.
CREATE TYPE spm.gini_state;
CREATE FUNCTION spm.gini_state_in(cstring) RETURNS spm.gini_state
    AS 'MODULE_PATHNAME', 'spm_gini_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.gini_state_out(spm.gini_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_gini_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.gini_state_recv(internal) RETURNS spm.gini_state
    AS 'MODULE_PATHNAME', 'spm_gini_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.gini_state_send(spm.gini_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_gini_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spm.gini_state (
    INPUT = spm.gini_state_in,
    OUTPUT = spm.gini_state_out,
    RECEIVE = spm.gini_state_recv,
    SEND = spm.gini_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE spm.gini_state IS
    'state of spm.gini: every value, in ascending order in its text and binary forms';
COMMENT ON FUNCTION spm.gini_state_in(cstring) IS 'input function of spm.gini_state';
COMMENT ON FUNCTION spm.gini_state_out(spm.gini_state) IS 'output function of spm.gini_state';
COMMENT ON FUNCTION spm.gini_state_recv(internal) IS 'receive function of spm.gini_state (checks every field)';
COMMENT ON FUNCTION spm.gini_state_send(spm.gini_state) IS 'send function of spm.gini_state (portable, versioned)';

CREATE FUNCTION spm.gini_trans(spm.gini_state, float8) RETURNS spm.gini_state
    AS 'MODULE_PATHNAME', 'spm_gini_state_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.gini_trans(spm.gini_state, float8) IS
    'transition function of spm.gini: keeps one value';
CREATE FUNCTION spm.gini_combine(spm.gini_state, spm.gini_state) RETURNS spm.gini_state
    AS 'MODULE_PATHNAME', 'spm_gini_state_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.gini_combine(spm.gini_state, spm.gini_state) IS
    'combine function of spm.gini: merges two partial states';
CREATE FUNCTION spm.gini_final(spm.gini_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_gini_state_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.gini_final(spm.gini_state) IS
    'final function of spm.gini: the Gini coefficient';

-- 0.1.0's aggregate kept an internal state.  CREATE OR REPLACE AGGREGATE
-- (no ALTER AGGREGATE changes a state type) keeps the aggregate that
-- users' views and functions call and gives it the new state type.
CREATE OR REPLACE AGGREGATE spm.gini(x float8) (
    SFUNC = spm.gini_trans,
    STYPE = spm.gini_state,
    SSPACE = 8192,
    FINALFUNC = spm.gini_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = spm.gini_combine,
    PARALLEL = SAFE
);
DROP FUNCTION spm.gini_trans(internal, float8);
DROP FUNCTION spm.gini_combine(internal, internal);
DROP FUNCTION spm.gini_serialize(internal);
DROP FUNCTION spm.gini_deserialize(bytea, internal);
DROP FUNCTION spm.gini_final(internal);

-- ==== from src/model/model.sql ====

-- ---------------------------------------------------------------------
-- The data model: the tables a sales organisation loads, their keys and
-- constraints, and who may read and change which rows
-- (C code: src/model/periods.c, src/core/calendar.c)
-- ---------------------------------------------------------------------

-- ---- pay periods ----------------------------------------------------

CREATE FUNCTION spm.pay_period(day date, frequency text) RETURNS daterange
    AS 'MODULE_PATHNAME', 'spm_pay_period'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.pay_period(date, text) IS
    'the calendar month, quarter, half-year or year containing the day';

CREATE FUNCTION spm.period_label(period daterange) RETURNS text
    AS 'MODULE_PATHNAME', 'spm_period_label'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.period_label(daterange) IS
    'a short label for a period: 2025-10, 2025-Q4, 2025-H2, 2025, or first..last day';

-- The date reports are "as of": the setting spm.as_of when a session (or
-- ALTER DATABASE / ALTER ROLE) sets it, otherwise today.
CREATE FUNCTION spm.as_of() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(
    nullif(pg_catalog.current_setting('spm.as_of', true), '')::pg_catalog.date,
    CURRENT_DATE);
COMMENT ON FUNCTION spm.as_of() IS
    'the date the reports are as of: setting spm.as_of, or today';

-- ---- currencies -----------------------------------------------------

-- ISO 4217 currencies and their minor units (the decimals money is paid
-- in), shipped with spm and marked builtin; an organisation adds its own
-- codes as ordinary rows.  pg_dump keeps only the added rows: the builtin
-- ones come back with CREATE EXTENSION.
CREATE TABLE spm.currency (
    currency   text PRIMARY KEY CONSTRAINT currency_code_check CHECK (currency ~ '^[A-Z]{3}$'),
    minor_unit integer NOT NULL DEFAULT 2 CONSTRAINT currency_minor_unit_check CHECK (minor_unit BETWEEN 0 AND 4),
    name       text,
    builtin    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE spm.currency IS
    'currencies and their minor units (decimals paid); ISO 4217 rows are builtin';

INSERT INTO spm.currency (currency, minor_unit, name, builtin)
SELECT c, m, n, true FROM (VALUES
    ('AED', 2, 'UAE Dirham'), ('AFN', 2, 'Afghani'), ('ALL', 2, 'Lek'),
    ('AMD', 2, 'Armenian Dram'), ('ANG', 2, 'Netherlands Antillean Guilder'),
    ('AOA', 2, 'Kwanza'), ('ARS', 2, 'Argentine Peso'), ('AUD', 2, 'Australian Dollar'),
    ('AWG', 2, 'Aruban Florin'), ('AZN', 2, 'Azerbaijan Manat'), ('BAM', 2, 'Convertible Mark'),
    ('BBD', 2, 'Barbados Dollar'), ('BDT', 2, 'Taka'), ('BGN', 2, 'Bulgarian Lev'),
    ('BHD', 3, 'Bahraini Dinar'), ('BIF', 0, 'Burundi Franc'), ('BMD', 2, 'Bermudian Dollar'),
    ('BND', 2, 'Brunei Dollar'), ('BOB', 2, 'Boliviano'), ('BRL', 2, 'Brazilian Real'),
    ('BSD', 2, 'Bahamian Dollar'), ('BTN', 2, 'Ngultrum'), ('BWP', 2, 'Pula'),
    ('BYN', 2, 'Belarusian Ruble'), ('BZD', 2, 'Belize Dollar'), ('CAD', 2, 'Canadian Dollar'),
    ('CDF', 2, 'Congolese Franc'), ('CHF', 2, 'Swiss Franc'), ('CLF', 4, 'Unidad de Fomento'),
    ('CLP', 0, 'Chilean Peso'), ('CNY', 2, 'Yuan Renminbi'), ('COP', 2, 'Colombian Peso'),
    ('CRC', 2, 'Costa Rican Colon'), ('CUP', 2, 'Cuban Peso'), ('CVE', 2, 'Cabo Verde Escudo'),
    ('CZK', 2, 'Czech Koruna'), ('DJF', 0, 'Djibouti Franc'), ('DKK', 2, 'Danish Krone'),
    ('DOP', 2, 'Dominican Peso'), ('DZD', 2, 'Algerian Dinar'), ('EGP', 2, 'Egyptian Pound'),
    ('ERN', 2, 'Nakfa'), ('ETB', 2, 'Ethiopian Birr'), ('EUR', 2, 'Euro'),
    ('FJD', 2, 'Fiji Dollar'), ('FKP', 2, 'Falkland Islands Pound'), ('GBP', 2, 'Pound Sterling'),
    ('GEL', 2, 'Lari'), ('GHS', 2, 'Ghana Cedi'), ('GIP', 2, 'Gibraltar Pound'),
    ('GMD', 2, 'Dalasi'), ('GNF', 0, 'Guinean Franc'), ('GTQ', 2, 'Quetzal'),
    ('GYD', 2, 'Guyana Dollar'), ('HKD', 2, 'Hong Kong Dollar'), ('HNL', 2, 'Lempira'),
    ('HTG', 2, 'Gourde'), ('HUF', 2, 'Forint'), ('IDR', 2, 'Rupiah'),
    ('ILS', 2, 'New Israeli Sheqel'), ('INR', 2, 'Indian Rupee'), ('IQD', 3, 'Iraqi Dinar'),
    ('IRR', 2, 'Iranian Rial'), ('ISK', 0, 'Iceland Krona'), ('JMD', 2, 'Jamaican Dollar'),
    ('JOD', 3, 'Jordanian Dinar'), ('JPY', 0, 'Yen'), ('KES', 2, 'Kenyan Shilling'),
    ('KGS', 2, 'Som'), ('KHR', 2, 'Riel'), ('KMF', 0, 'Comorian Franc'),
    ('KPW', 2, 'North Korean Won'), ('KRW', 0, 'Won'), ('KWD', 3, 'Kuwaiti Dinar'),
    ('KYD', 2, 'Cayman Islands Dollar'), ('KZT', 2, 'Tenge'), ('LAK', 2, 'Lao Kip'),
    ('LBP', 2, 'Lebanese Pound'), ('LKR', 2, 'Sri Lanka Rupee'), ('LRD', 2, 'Liberian Dollar'),
    ('LSL', 2, 'Loti'), ('LYD', 3, 'Libyan Dinar'), ('MAD', 2, 'Moroccan Dirham'),
    ('MDL', 2, 'Moldovan Leu'), ('MGA', 2, 'Malagasy Ariary'), ('MKD', 2, 'Denar'),
    ('MMK', 2, 'Kyat'), ('MNT', 2, 'Tugrik'), ('MOP', 2, 'Pataca'),
    ('MRU', 2, 'Ouguiya'), ('MUR', 2, 'Mauritius Rupee'), ('MVR', 2, 'Rufiyaa'),
    ('MWK', 2, 'Malawi Kwacha'), ('MXN', 2, 'Mexican Peso'), ('MYR', 2, 'Malaysian Ringgit'),
    ('MZN', 2, 'Mozambique Metical'), ('NAD', 2, 'Namibia Dollar'), ('NGN', 2, 'Naira'),
    ('NIO', 2, 'Cordoba Oro'), ('NOK', 2, 'Norwegian Krone'), ('NPR', 2, 'Nepalese Rupee'),
    ('NZD', 2, 'New Zealand Dollar'), ('OMR', 3, 'Rial Omani'), ('PAB', 2, 'Balboa'),
    ('PEN', 2, 'Sol'), ('PGK', 2, 'Kina'), ('PHP', 2, 'Philippine Peso'),
    ('PKR', 2, 'Pakistan Rupee'), ('PLN', 2, 'Zloty'), ('PYG', 0, 'Guarani'),
    ('QAR', 2, 'Qatari Rial'), ('RON', 2, 'Romanian Leu'), ('RSD', 2, 'Serbian Dinar'),
    ('RUB', 2, 'Russian Ruble'), ('RWF', 0, 'Rwanda Franc'), ('SAR', 2, 'Saudi Riyal'),
    ('SBD', 2, 'Solomon Islands Dollar'), ('SCR', 2, 'Seychelles Rupee'), ('SDG', 2, 'Sudanese Pound'),
    ('SEK', 2, 'Swedish Krona'), ('SGD', 2, 'Singapore Dollar'), ('SHP', 2, 'Saint Helena Pound'),
    ('SLE', 2, 'Leone'), ('SOS', 2, 'Somali Shilling'), ('SRD', 2, 'Surinam Dollar'),
    ('SSP', 2, 'South Sudanese Pound'), ('STN', 2, 'Dobra'), ('SVC', 2, 'El Salvador Colon'),
    ('SYP', 2, 'Syrian Pound'), ('SZL', 2, 'Lilangeni'), ('THB', 2, 'Baht'),
    ('TJS', 2, 'Somoni'), ('TMT', 2, 'Turkmenistan New Manat'), ('TND', 3, 'Tunisian Dinar'),
    ('TOP', 2, 'Pa''anga'), ('TRY', 2, 'Turkish Lira'), ('TTD', 2, 'Trinidad and Tobago Dollar'),
    ('TWD', 2, 'New Taiwan Dollar'), ('TZS', 2, 'Tanzanian Shilling'), ('UAH', 2, 'Hryvnia'),
    ('UGX', 0, 'Uganda Shilling'), ('USD', 2, 'US Dollar'), ('UYI', 0, 'Uruguay Peso en Unidades Indexadas'),
    ('UYU', 2, 'Peso Uruguayo'), ('UYW', 4, 'Unidad Previsional'), ('UZS', 2, 'Uzbekistan Sum'),
    ('VED', 2, 'Bolivar Soberano (digital)'), ('VES', 2, 'Bolivar Soberano'), ('VND', 0, 'Dong'),
    ('VUV', 0, 'Vatu'), ('WST', 2, 'Tala'), ('XAF', 0, 'CFA Franc BEAC'),
    ('XCD', 2, 'East Caribbean Dollar'), ('XCG', 2, 'Caribbean Guilder'), ('XOF', 0, 'CFA Franc BCEAO'),
    ('XPF', 0, 'CFP Franc'), ('YER', 2, 'Yemeni Rial'), ('ZAR', 2, 'Rand'),
    ('ZMW', 2, 'Zambian Kwacha'), ('ZWG', 2, 'Zimbabwe Gold')
) AS iso(c, m, n);

-- The decimals money in a currency is paid in; 2 when there is no
-- currency (NULL), an error for a code not in spm.currency.  Not STRICT,
-- for the NULL case.
CREATE FUNCTION spm.minor_unit(currency text) RETURNS integer
    AS 'MODULE_PATHNAME', 'spm_minor_unit'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.minor_unit(text) IS
    'the minor unit (decimals paid) of a currency, from spm.currency; 2 for none';

-- The shipped rows are reference data: changing one would be lost by the
-- next dump and restore, so they are read-only.
CREATE FUNCTION spm.currency_protect_builtin() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.builtin THEN
        RAISE EXCEPTION 'currency % is ISO 4217 reference data shipped with spm', OLD.currency
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Rows with builtin = true cannot be changed or deleted.',
                  HINT = 'Add a currency of your own under another code instead.';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION spm.currency_protect_builtin() IS
    'trigger function: refuses to change or delete the ISO 4217 rows shipped in spm.currency';
CREATE TRIGGER currency_protect_builtin BEFORE UPDATE OR DELETE ON spm.currency
    FOR EACH ROW EXECUTE FUNCTION spm.currency_protect_builtin();

-- ---- people and the reporting tree ------------------------------------

CREATE TABLE spm.rep (
    rep_id     bigint PRIMARY KEY,
    name       text NOT NULL,
    manager_id bigint CONSTRAINT rep_manager_id_fkey REFERENCES spm.rep DEFERRABLE,
    team       text,
    territory  text,
    login_role name CONSTRAINT rep_login_role_key UNIQUE,
    hired_on   date,
    left_on    date,
    currency   text CONSTRAINT rep_currency_fkey REFERENCES spm.currency,
    CONSTRAINT rep_manager_id_check CHECK (manager_id <> rep_id),
    CONSTRAINT rep_left_on_check CHECK (left_on >= hired_on)
);
-- The two references within a table (manager_id, reverses) are checked at
-- the end of each statement, so one COPY or INSERT may list its rows in
-- any order (a CRM export lists people alphabetically, not managers
-- first); they are DEFERRABLE, so a load spread over several statements
-- can SET CONSTRAINTS ALL DEFERRED and be checked at commit.
CREATE INDEX rep_manager_id_idx ON spm.rep (manager_id);
COMMENT ON TABLE spm.rep IS
    'people: reps and managers; manager_id forms the reporting tree, login_role is who they log in as';

-- A reporting line must end at the top of the tree: walk up from the new
-- manager and refuse to meet the rep again.
CREATE FUNCTION spm.rep_check_reporting_line() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.manager_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE up(rep_id) AS (
            SELECT NEW.manager_id
            UNION
            SELECT r.manager_id FROM spm.rep r JOIN up ON r.rep_id = up.rep_id
             WHERE r.manager_id IS NOT NULL)
        SELECT FROM up WHERE up.rep_id = NEW.rep_id) THEN
        RAISE EXCEPTION 'manager_id % of rep % would make a reporting cycle', NEW.manager_id, NEW.rep_id
            USING ERRCODE = 'check_violation', TABLE = 'rep', COLUMN = 'manager_id',
                  DETAIL = 'Rep ' || NEW.manager_id || ' already reports to rep ' || NEW.rep_id || ', directly or through others.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION spm.rep_check_reporting_line() IS
    'trigger function: refuses a manager_id that would make a cycle in the reporting tree';
CREATE CONSTRAINT TRIGGER rep_reporting_line_acyclic AFTER INSERT OR UPDATE OF rep_id, manager_id ON spm.rep
    DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW EXECUTE FUNCTION spm.rep_check_reporting_line();

-- The people the current role may see: the person whose login_role it is,
-- and everyone reporting to them at any depth, as an array.  The row
-- policies below compare rep_id with it.  It reads spm.rep directly, not
-- through the table's own policy (which it decides, and which could not
-- read spm.rep under itself without recursing): it walks the indexes on
-- login_role and manager_id, one probe per person found, and returns only
-- the caller's own reporting tree.  The caller needs SELECT on spm.rep.
-- Computed once per statement: a policy calls it as an InitPlan, and the
-- result is kept while the role, the transaction's command and the
-- snapshot are unchanged, so one query's several policies share it.
CREATE FUNCTION spm.visible_rep_ids() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'spm_visible_rep_ids'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.visible_rep_ids() IS
    'the rep_ids the current role may see: its own and everyone reporting to it, at any depth';

CREATE VIEW spm.visible_rep WITH (security_invoker) AS
SELECT v.rep_id FROM pg_catalog.unnest(spm.visible_rep_ids()) AS v(rep_id);
COMMENT ON VIEW spm.visible_rep IS
    'the people the current role may see: itself and everyone reporting to it, at any depth';

-- ---- plans ----------------------------------------------------------

-- Equality of one key and overlap of validity ranges, for exclusion
-- constraints, with no extension beyond core: a one-value range of the
-- key compares with range equality under the built-in GiST range class.
CREATE TYPE spm.textrange AS RANGE (subtype = text, collation = "C");
COMMENT ON TYPE spm.textrange IS
    'ranges of text, used to state "same key" in exclusion constraints';
COMMENT ON TYPE spm.textmultirange IS
    'multiranges of spm.textrange (made with the range type; spm does not use them)';
COMMENT ON FUNCTION spm.textrange(text, text) IS
    'the spm.textrange from lower (inclusive) to upper (exclusive)';
COMMENT ON FUNCTION spm.textrange(text, text, text) IS
    'the spm.textrange between two bounds, with bound inclusion given as ''[)'', ''[]'', ''()'' or ''(]''';
COMMENT ON FUNCTION spm.textmultirange() IS
    'the empty spm.textmultirange';
COMMENT ON FUNCTION spm.textmultirange(spm.textrange) IS
    'the spm.textmultirange holding one range';
COMMENT ON FUNCTION spm.textmultirange(spm.textrange[]) IS
    'the spm.textmultirange holding the given ranges';
COMMENT ON CAST (spm.textrange AS spm.textmultirange) IS
    'a range as the multirange holding just it';

CREATE TABLE spm.plan (
    plan_id     bigint PRIMARY KEY,
    name        text NOT NULL,
    frequency   text NOT NULL DEFAULT 'quarter'
                CONSTRAINT plan_frequency_check CHECK (frequency IN ('month', 'quarter', 'half', 'year')),
    description text
);
COMMENT ON TABLE spm.plan IS
    'compensation plans; frequency is the pay period (month, quarter, half or year)';

CREATE TABLE spm.plan_version (
    version_id bigint PRIMARY KEY,
    plan_id    bigint NOT NULL CONSTRAINT plan_version_plan_id_fkey REFERENCES spm.plan,
    valid      daterange NOT NULL CONSTRAINT plan_version_valid_check CHECK (NOT isempty(valid)),
    CONSTRAINT plan_version_no_overlap
        EXCLUDE USING gist (int8range(plan_id, plan_id, '[]') WITH =, valid WITH &&)
);
COMMENT ON TABLE spm.plan_version IS
    'what a plan pays over a range of dates; versions of one plan never overlap';

CREATE TABLE spm.plan_component (
    version_id bigint NOT NULL CONSTRAINT plan_component_version_id_fkey REFERENCES spm.plan_version ON DELETE CASCADE,
    component  text NOT NULL,
    kind       text NOT NULL DEFAULT 'commission'
               CONSTRAINT plan_component_kind_check CHECK (kind IN ('commission', 'spiff', 'override', 'draw')),
    schedule   spm.tier_schedule,
    basis      text NOT NULL DEFAULT 'amount'
               CONSTRAINT plan_component_basis_check CHECK (basis IN ('amount', 'attainment')),
    -- caps (src/runs/runs.sql applies them; doc/runs.md): what one credit
    -- can add, what the component pays in a period, in a calendar year
    deal_cap   numeric CONSTRAINT plan_component_deal_cap_check CHECK (deal_cap >= 0 AND deal_cap < 'Infinity'),
    period_cap numeric CONSTRAINT plan_component_period_cap_check CHECK (period_cap >= 0 AND period_cap < 'Infinity'),
    year_cap   numeric CONSTRAINT plan_component_year_cap_check CHECK (year_cap >= 0 AND year_cap < 'Infinity'),
    -- a SPIFF: a fixed amount per qualifying credit, the condition as data
    spiff_amount     numeric
                     CONSTRAINT plan_component_spiff_amount_check CHECK (spiff_amount >= 0 AND spiff_amount < 'Infinity'),
    spiff_min_amount numeric
                     CONSTRAINT plan_component_spiff_min_amount_check
                     CHECK (spiff_min_amount > '-Infinity' AND spiff_min_amount < 'Infinity'),
    spiff_kinds      text[]
                     CONSTRAINT plan_component_spiff_kinds_check
                     CHECK (cardinality(spiff_kinds) > 0 AND spiff_kinds <@ ARRAY['deal', 'split', 'overlay']
                            AND array_position(spiff_kinds, NULL) IS NULL),
    spiff_deal_ref   text,
    -- multi-measure plans: the measure the component counts, its weight
    -- and the on-target incentive it is a share of
    measure          text NOT NULL DEFAULT 'revenue' CONSTRAINT plan_component_measure_check CHECK (measure <> ''),
    weight           numeric CONSTRAINT plan_component_weight_check CHECK (weight > 0 AND weight < 'Infinity'),
    target_incentive numeric
                     CONSTRAINT plan_component_target_incentive_check
                     CHECK (target_incentive >= 0 AND target_incentive < 'Infinity'),
    -- which columns each kind uses
    -- a draw against commission (PRODUCT 2.2, spm.draw) paid per period
    draw_amount         numeric
                        CONSTRAINT plan_component_draw_amount_check CHECK (draw_amount >= 0 AND draw_amount < 'Infinity'),
    draw_recoverable    boolean,
    draw_recovery_from  date,
    draw_until          date,
    draw_recovery_limit numeric
                        CONSTRAINT plan_component_draw_recovery_limit_check
                        CHECK (draw_recovery_limit >= 0 AND draw_recovery_limit < 'Infinity'),
    CONSTRAINT plan_component_schedule_check CHECK ((schedule IS NULL) = (kind IN ('spiff', 'draw'))),
    CONSTRAINT plan_component_draw_check
        CHECK ((draw_amount IS NOT NULL) = (kind = 'draw') AND (draw_recoverable IS NOT NULL) = (kind = 'draw')
               AND (kind = 'draw' OR (draw_recovery_from IS NULL AND draw_until IS NULL AND draw_recovery_limit IS NULL))
               AND (kind <> 'draw' OR (deal_cap IS NULL AND period_cap IS NULL AND year_cap IS NULL))),
    CONSTRAINT plan_component_spiff_check
        CHECK ((spiff_amount IS NOT NULL) = (kind = 'spiff')
               AND (kind = 'spiff' OR (spiff_min_amount IS NULL AND spiff_kinds IS NULL AND spiff_deal_ref IS NULL))
               AND (kind <> 'spiff' OR deal_cap IS NULL)),
    CONSTRAINT plan_component_override_check CHECK (kind <> 'override' OR basis = 'amount'),
    CONSTRAINT plan_component_target_check
        CHECK ((target_incentive IS NULL OR (kind = 'commission' AND basis = 'attainment'))
               AND (weight IS NULL OR target_incentive IS NOT NULL)),
    PRIMARY KEY (version_id, component)
);
COMMENT ON TABLE spm.plan_component IS
    'the parts of a plan version: a schedule on credited amount, or on attainment of quota';
COMMENT ON COLUMN spm.plan_component.kind IS
    'commission (a schedule on the rep''s credits), spiff (a fixed amount per qualifying credit), override (a schedule on the credits of everyone reporting to the rep) or draw';
COMMENT ON COLUMN spm.plan_component.schedule IS
    'the rate table of a commission component (NULL for a spiff)';
COMMENT ON COLUMN spm.plan_component.spiff_amount IS
    'a spiff''s amount per qualifying credit, in the rep''s currency';
COMMENT ON COLUMN spm.plan_component.spiff_min_amount IS
    'a spiff''s condition: the least credited amount (in the rep''s currency) that qualifies (NULL: any)';
COMMENT ON COLUMN spm.plan_component.spiff_kinds IS
    'a spiff''s condition: the credit kinds that qualify (NULL: deal, split and overlay)';
COMMENT ON COLUMN spm.plan_component.spiff_deal_ref IS
    'a spiff''s condition: a LIKE pattern the credit''s deal_ref must match (NULL: any)';
COMMENT ON COLUMN spm.plan_component.measure IS
    'the measure of the credits and the quota the component counts (revenue by default)';
COMMENT ON COLUMN spm.plan_component.weight IS
    'the component''s share of the on-target incentive (NULL: 1)';
COMMENT ON COLUMN spm.plan_component.target_incentive IS
    'the on-target incentive per period: an attainment component with one pays target_incentive x weight x schedule(attainment)';
COMMENT ON COLUMN spm.plan_component.draw_amount IS
    'a draw''s guaranteed pay per period: what is paid when the rep''s commission of the version falls short';
COMMENT ON COLUMN spm.plan_component.draw_recoverable IS
    'whether a draw''s top-ups are recovered from later earnings above the draw';
COMMENT ON COLUMN spm.plan_component.draw_recovery_from IS
    'recovery starts with the first period starting on or after this day (NULL: at once)';
COMMENT ON COLUMN spm.plan_component.draw_until IS
    'the draw is paid for periods starting on or before this day (NULL: no end); recovery goes on';
COMMENT ON COLUMN spm.plan_component.draw_recovery_limit IS
    'the most recovered in one period (NULL: no limit)';
COMMENT ON COLUMN spm.plan_component.deal_cap IS
    'the most commission one credit can add in a period, in the rep''s currency (NULL: no cap)';
COMMENT ON COLUMN spm.plan_component.period_cap IS
    'the most the component pays a rep in one period (NULL: no cap)';
COMMENT ON COLUMN spm.plan_component.year_cap IS
    'the most the component pays a rep in one calendar year, counting its earlier lines of the year (NULL: no cap)';

CREATE TABLE spm.assignment (
    rep_id  bigint NOT NULL CONSTRAINT assignment_rep_id_fkey REFERENCES spm.rep,
    plan_id bigint NOT NULL CONSTRAINT assignment_plan_id_fkey REFERENCES spm.plan,
    valid   daterange NOT NULL CONSTRAINT assignment_valid_check CHECK (NOT isempty(valid)),
    CONSTRAINT assignment_no_overlap
        EXCLUDE USING gist (int8range(rep_id, rep_id, '[]') WITH =, valid WITH &&)
);
CREATE INDEX assignment_rep_id_idx ON spm.assignment (rep_id);
CREATE INDEX assignment_plan_id_idx ON spm.assignment (plan_id);
COMMENT ON TABLE spm.assignment IS
    'who is on which plan when: one plan per person at a time';

-- ---- quotas, credits, pipeline ---------------------------------------

CREATE TABLE spm.quota (
    rep_id bigint NOT NULL CONSTRAINT quota_rep_id_fkey REFERENCES spm.rep,
    period daterange NOT NULL
           CONSTRAINT quota_period_check CHECK (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)),
    amount numeric NOT NULL CONSTRAINT quota_amount_check CHECK (amount >= 0 AND amount < 'Infinity'),
    measure text NOT NULL DEFAULT 'revenue' CONSTRAINT quota_measure_check CHECK (measure <> ''),
    PRIMARY KEY (rep_id, period, measure)
);
COMMENT ON TABLE spm.quota IS
    'quotas: the amount each person is expected to close in a period, in their currency';
COMMENT ON COLUMN spm.quota.measure IS
    'what the quota counts: revenue (money, the default) or another measure such as units';

CREATE TABLE spm.credit (
    credit_id   bigint PRIMARY KEY,
    deal_ref    text,
    rep_id      bigint NOT NULL CONSTRAINT credit_rep_id_fkey REFERENCES spm.rep,
    credited_on date NOT NULL CONSTRAINT credit_credited_on_check CHECK (isfinite(credited_on)),
    amount      numeric NOT NULL
                CONSTRAINT credit_amount_check CHECK (amount > '-Infinity' AND amount < 'Infinity'),
    currency    text CONSTRAINT credit_currency_fkey REFERENCES spm.currency,
    kind        text NOT NULL DEFAULT 'deal'
                CONSTRAINT credit_kind_check CHECK (kind IN ('deal', 'split', 'overlay', 'clawback', 'adjustment')),
    reverses    bigint CONSTRAINT credit_reverses_fkey REFERENCES spm.credit DEFERRABLE,
    measure     text NOT NULL DEFAULT 'revenue' CONSTRAINT credit_measure_check CHECK (measure <> ''),
    CONSTRAINT credit_reverses_check
        CHECK ((kind IN ('clawback', 'adjustment')) = (reverses IS NOT NULL) AND reverses <> credit_id)
);
CREATE INDEX credit_rep_id_credited_on_idx ON spm.credit (rep_id, credited_on);
CREATE INDEX credit_reverses_idx ON spm.credit (reverses) WHERE reverses IS NOT NULL;
COMMENT ON TABLE spm.credit IS
    'credited amounts: deals, splits, overlays, and the clawbacks and adjustments that reverse them';
COMMENT ON COLUMN spm.credit.measure IS
    'what the credit counts: revenue (money, the default) or another measure such as units (then leave currency NULL)';

CREATE TABLE spm.opportunity (
    opportunity_id    bigint PRIMARY KEY,
    rep_id            bigint NOT NULL CONSTRAINT opportunity_rep_id_fkey REFERENCES spm.rep,
    amount            numeric NOT NULL
                      CONSTRAINT opportunity_amount_check CHECK (amount >= 0 AND amount < 'Infinity'),
    stage             text,
    probability       numeric CONSTRAINT opportunity_probability_check CHECK (probability BETWEEN 0 AND 1),
    forecast_category text NOT NULL DEFAULT 'pipeline'
                      CONSTRAINT opportunity_forecast_category_check
                      CHECK (forecast_category IN ('pipeline', 'best_case', 'commit', 'closed', 'omitted')),
    expected_close    date CONSTRAINT opportunity_expected_close_check CHECK (isfinite(expected_close)),
    currency          text CONSTRAINT opportunity_currency_fkey REFERENCES spm.currency
);
CREATE INDEX opportunity_rep_id_expected_close_idx ON spm.opportunity (rep_id, expected_close);
COMMENT ON TABLE spm.opportunity IS
    'open pipeline: amount, win probability and forecast category per opportunity';

-- ---- surveys and exchange rates --------------------------------------

-- No person column: answers are anonymous, and nobody but the views'
-- owner reads their scores (see the grants below and spm.team_enps).
CREATE TABLE spm.survey_response (
    response_id bigint PRIMARY KEY,
    team        text NOT NULL,
    answered_on date NOT NULL,
    question    text NOT NULL DEFAULT 'enps'
                CONSTRAINT survey_response_question_check CHECK (question IN ('enps', 'nps', 'csat')),
    score       integer
                CONSTRAINT survey_response_score_check
                CHECK (CASE question WHEN 'csat' THEN score BETWEEN 1 AND 5 ELSE score BETWEEN 0 AND 10 END)
);
CREATE INDEX survey_response_team_answered_on_idx ON spm.survey_response (team, answered_on);
COMMENT ON TABLE spm.survey_response IS
    'anonymous survey answers: eNPS and NPS 0-10, CSAT 1-5; readable only in aggregate';

CREATE TABLE spm.fx_rate (
    currency text NOT NULL CONSTRAINT fx_rate_currency_fkey REFERENCES spm.currency,
    valid    daterange NOT NULL CONSTRAINT fx_rate_valid_check CHECK (NOT isempty(valid)),
    rate     numeric NOT NULL CONSTRAINT fx_rate_rate_check CHECK (rate > 0 AND rate < 'Infinity'),
    PRIMARY KEY (currency, valid),
    CONSTRAINT fx_rate_no_overlap
        EXCLUDE USING gist (spm.textrange(currency, currency, '[]') WITH =, valid WITH &&)
);
COMMENT ON TABLE spm.fx_rate IS
    'exchange rates: one unit of currency in the base currency, effective-dated; the base currency itself has rate 1';

-- One unit of currency in the base currency on a day.  An error names the
-- currency and the day when no rate covers it: never a silent zero.  Not
-- STRICT: a NULL currency or day is an error too, not a silent NULL.
CREATE FUNCTION spm.fx_rate_on(currency text, day date) RETURNS numeric
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r numeric;
BEGIN
    IF currency IS NULL THEN
        RAISE EXCEPTION 'cannot look up an exchange rate without a currency'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Set spm.rep.currency for everyone whose credits or pipeline come in another currency.';
    END IF;
    IF day IS NULL THEN
        RAISE EXCEPTION 'cannot look up the exchange rate of % without a date', currency
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT f.rate INTO r FROM spm.fx_rate f WHERE f.currency = fx_rate_on.currency AND f.valid @> day;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no exchange rate for % on %', currency, day
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Add a row to spm.fx_rate for ' || currency || ' whose valid range covers ' || day
                         || ' (the base currency has rate 1).';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION spm.fx_rate_on(text, date) IS
    'one unit of the currency in the base currency on the day, from spm.fx_rate';

-- amount in from_currency, in to_currency, at the rates of the day:
-- amount * rate(from) / rate(to), multiplied before dividing: exact when
-- the target is the base currency (rate 1), otherwise to the precision of
-- PostgreSQL's numeric division (at least 16 significant digits).  The same currency (or none on both
-- sides) converts to itself without a lookup; this is plain SQL so that
-- the views inline it and pay for a lookup only when currencies differ.
CREATE FUNCTION spm.convert(amount numeric, from_currency text, to_currency text, day date) RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN amount IS NULL OR from_currency IS NOT DISTINCT FROM to_currency THEN amount
            ELSE pg_catalog.trim_scale(amount * spm.fx_rate_on(from_currency, day)
                                       / spm.fx_rate_on(to_currency, day)) END;
COMMENT ON FUNCTION spm.convert(numeric, text, text, date) IS
    'amount from one currency into another at the rates of spm.fx_rate on the day';

-- ---- who may read and change what -------------------------------------

-- spm_user members read the model under the row policies below and change
-- nothing; spm_admin members read and change every row.  Nobody else
-- reads it.  Survey scores are readable by nobody: admins load and correct
-- answers without seeing scores, and everyone reads them in aggregate
-- through the owner's-rights views of src/reports/reports.sql.
GRANT SELECT ON spm.currency TO PUBLIC;
GRANT SELECT ON spm.rep, spm.plan, spm.plan_version, spm.plan_component,
                spm.assignment, spm.quota, spm.credit, spm.opportunity, spm.fx_rate,
                spm.visible_rep
    TO spm_user, spm_admin;
GRANT INSERT, UPDATE, DELETE, TRUNCATE
    ON spm.currency, spm.rep, spm.plan, spm.plan_version, spm.plan_component,
       spm.assignment, spm.quota, spm.credit, spm.opportunity, spm.fx_rate
    TO spm_admin;
GRANT SELECT (response_id, team, answered_on, question), INSERT, UPDATE, DELETE, TRUNCATE
    ON spm.survey_response TO spm_admin;

-- Row policies on every table that holds one person's rows.  The policy
-- compares rep_id with an array computed once per query (the scalar
-- subquery makes it an InitPlan), so an index on rep_id serves both "my
-- rows" and "my rows with rep_id = X".
DO $policies$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['rep', 'assignment', 'quota', 'credit', 'opportunity'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE spm.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON spm.%I FOR SELECT TO spm_user
                 USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]))',
            t || '_visible', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON spm.%I TO spm_admin USING (true) WITH CHECK (true)',
            t || '_admin', t);
    END LOOP;
END
$policies$;

-- No policy lets anyone but admins at the answers, should SELECT on the
-- scores ever be granted by mistake.
ALTER TABLE spm.survey_response ENABLE ROW LEVEL SECURITY;
CREATE POLICY survey_response_admin ON spm.survey_response TO spm_admin USING (true) WITH CHECK (true);

-- pg_dump keeps the rows of every table (the builtin currencies come back
-- with the extension itself).
SELECT pg_catalog.pg_extension_config_dump('spm.currency', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('spm.rep', '');
SELECT pg_catalog.pg_extension_config_dump('spm.plan', '');
SELECT pg_catalog.pg_extension_config_dump('spm.plan_version', '');
SELECT pg_catalog.pg_extension_config_dump('spm.plan_component', '');
SELECT pg_catalog.pg_extension_config_dump('spm.assignment', '');
SELECT pg_catalog.pg_extension_config_dump('spm.quota', '');
SELECT pg_catalog.pg_extension_config_dump('spm.credit', '');
SELECT pg_catalog.pg_extension_config_dump('spm.opportunity', '');
SELECT pg_catalog.pg_extension_config_dump('spm.survey_response', '');
SELECT pg_catalog.pg_extension_config_dump('spm.fx_rate', '');

-- ==== from src/runs/runs.sql ====

-- ---------------------------------------------------------------------
-- Commission runs: the pay runs of each period, the append-only payout
-- ledger, holds, the period close (calculate, approve, lock, pay) and
-- explain.  Plain SQL and PL/pgSQL over the data model of
-- src/model/model.sql and the commission functions of src/commissions;
-- the design is written up in doc/runs.md.
-- ---------------------------------------------------------------------

-- ---- the ledger ---------------------------------------------------------

-- One row per pay period that has been calculated: its status and who
-- moved it there when.  Periods never overlap.
CREATE TABLE spm.pay_run (
    period        daterange PRIMARY KEY
                  CONSTRAINT pay_run_period_check
                  CHECK (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)),
    status        text NOT NULL DEFAULT 'draft'
                  CONSTRAINT pay_run_status_check CHECK (status IN ('draft', 'approved', 'locked', 'paid')),
    calculated_at timestamptz,
    calculated_by name,
    approved_at   timestamptz,
    approved_by   name,
    locked_at     timestamptz,
    locked_by     name,
    paid_at       timestamptz,
    paid_by       name,
    CONSTRAINT pay_run_no_overlap EXCLUDE USING gist (period WITH &&)
);
COMMENT ON TABLE spm.pay_run IS
    'pay runs: one per pay period, its status (draft, approved, locked, paid) and who moved it when';

-- The ledger: what was computed for whom, never updated or deleted.  A
-- 'commission' line pays one component of one plan version for a rep and
-- period; a 'reversal' cancels an earlier line (reverses) when a rerun
-- finds a different answer; a 'clawback' takes back, in a later period,
-- what a reversed credit (credit_id) was paid.  rep_id is not a foreign
-- key: the ledger is history, and keeps its lines whatever becomes of the
-- people in spm.rep (and loading the model anew, TRUNCATE spm.rep CASCADE,
-- leaves it alone).  The rows of spm.payout_detail and spm.payout_hold
-- carry their line's rep_id too, checked by a foreign key on (payout_line_id,
-- rep_id): on Citus the ledger is distributed by rep_id like the model,
-- and a line's credits and holds live beside it (doc/scaling.md).
CREATE TABLE spm.payout_line (
    payout_line_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rep_id         bigint NOT NULL,
    period         daterange NOT NULL CONSTRAINT payout_line_period_fkey REFERENCES spm.pay_run,
    amount         numeric NOT NULL
                   CONSTRAINT payout_line_amount_check CHECK (amount > '-Infinity' AND amount < 'Infinity'),
    currency       text CONSTRAINT payout_line_currency_fkey REFERENCES spm.currency,
    status         text NOT NULL DEFAULT 'draft'
                   CONSTRAINT payout_line_status_check CHECK (status IN ('draft', 'approved', 'locked', 'paid')),
    kind           text NOT NULL DEFAULT 'commission'
                   CONSTRAINT payout_line_kind_check CHECK (kind IN ('commission', 'reversal', 'clawback')),
    version_id     bigint,
    component      text,
    reverses       bigint,
    credit_id      bigint,
    inputs         jsonb,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    created_by     name NOT NULL DEFAULT CURRENT_USER,
    CONSTRAINT payout_line_reverses_check CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
    CONSTRAINT payout_line_credit_id_check CHECK ((kind = 'clawback') = (credit_id IS NOT NULL)),
    -- what the foreign keys of payout_detail and payout_hold reference
    CONSTRAINT payout_line_rep_key UNIQUE (payout_line_id, rep_id),
    -- a reversal is the reversed line's rep's, and a line is reversed once
    -- (with rep_id, the same rows as reverses alone)
    CONSTRAINT payout_line_reverses_fkey FOREIGN KEY (reverses, rep_id)
        REFERENCES spm.payout_line (payout_line_id, rep_id),
    CONSTRAINT payout_line_reverses_key UNIQUE (reverses, rep_id)
);
CREATE INDEX payout_line_period_rep_id_idx ON spm.payout_line (period, rep_id);
CREATE INDEX payout_line_rep_id_idx ON spm.payout_line (rep_id);
COMMENT ON TABLE spm.payout_line IS
    'the payout ledger: append-only commission, reversal and clawback lines per rep and period';
COMMENT ON SEQUENCE spm.payout_line_payout_line_id_seq IS
    'numbers the lines of spm.payout_line';

-- Which credits a line paid and what each added, one row per line with an
-- element per credit in (credited_on, credit_id) order, the order of the
-- running total: the credit, its date, its amount converted to the rep's
-- currency (exact) and the exact commission it added (after a deal cap;
-- uncapped: what the cap cut it from, NULL where it did not).  Credits in
-- another currency also keep their original amount and currency and the
-- rate used (elsewhere those elements are NULL: the amount is the
-- original, in the line's currency, at rate 1).  One row per line rather
-- than per credit: a quarter of a million credits is written as ten
-- thousand rows.  It keeps what explain needs even after a draft credit is
-- deleted; spm.payout_credit shows it one row per credit.
CREATE TABLE spm.payout_detail (
    payout_line_id      bigint NOT NULL,
    rep_id              bigint NOT NULL,
    credit_ids          bigint[] NOT NULL,
    credited_on         date[] NOT NULL,
    amounts             numeric[] NOT NULL,
    commissions         numeric[] NOT NULL,
    uncapped            numeric[],
    original_amounts    numeric[],
    original_currencies text[],
    fx_rates            numeric[],
    CONSTRAINT payout_detail_cardinality_check
        CHECK (cardinality(credit_ids) > 0
               AND cardinality(credited_on) = cardinality(credit_ids)
               AND cardinality(amounts) = cardinality(credit_ids)
               AND cardinality(commissions) = cardinality(credit_ids)
               AND coalesce(cardinality(uncapped), cardinality(credit_ids)) = cardinality(credit_ids)
               AND coalesce(cardinality(original_amounts), cardinality(credit_ids)) = cardinality(credit_ids)
               AND coalesce(cardinality(original_currencies), cardinality(credit_ids)) = cardinality(credit_ids)
               AND coalesce(cardinality(fx_rates), cardinality(credit_ids)) = cardinality(credit_ids)),
    -- one row per line (the line's rep_id is its rep_id)
    PRIMARY KEY (payout_line_id, rep_id),
    CONSTRAINT payout_detail_payout_line_id_fkey FOREIGN KEY (payout_line_id, rep_id)
        REFERENCES spm.payout_line (payout_line_id, rep_id)
);
-- A line's arrays take a few kilobytes and are compressed into TOAST: lz4,
-- where the server has it, compresses them as well as pglz in half the
-- time (measured on a quarter of a million credits).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_settings s
                WHERE s.name = 'default_toast_compression' AND 'lz4' = ANY (s.enumvals)) THEN
        ALTER TABLE spm.payout_detail
            ALTER COLUMN credit_ids SET COMPRESSION lz4, ALTER COLUMN credited_on SET COMPRESSION lz4,
            ALTER COLUMN amounts SET COMPRESSION lz4, ALTER COLUMN commissions SET COMPRESSION lz4,
            ALTER COLUMN uncapped SET COMPRESSION lz4, ALTER COLUMN original_amounts SET COMPRESSION lz4,
            ALTER COLUMN original_currencies SET COMPRESSION lz4, ALTER COLUMN fx_rates SET COMPRESSION lz4;
    END IF;
END
$$;
COMMENT ON TABLE spm.payout_detail IS
    'the credits behind each payout line, an array element per credit in running-total order (spm.payout_credit shows a row per credit)';

-- The per-credit pass of spm.calculate (spm.ledger_agg, below): a line's
-- credits in running-total order and what each added.
CREATE TYPE spm.ledger_credits AS (
    credited            numeric,
    credits             bigint,
    commission          numeric,
    credit_ids          bigint[],
    credited_on         date[],
    amounts             numeric[],
    commissions         numeric[],
    uncapped            numeric[],
    original_amounts    numeric[],
    original_currencies text[],
    fx_rates            numeric[],
    fingerprint         bigint
);
COMMENT ON TYPE spm.ledger_credits IS
    'a payout line''s credits in running-total order, what each added, and the totals (spm.ledger_agg)';

-- The aggregate behind it (src/runs/ledger.c): over the credits of one
-- line, in any order, with the line's plan on every row.  Its state,
-- spm.ledger_state, keeps every credit: a variable-size type (text form
-- "(schedule,quota,scale,deal_cap,(credit_id,credited_on,amount,
-- original_amount,original_currency,fx_rate),...)") updated in place while
-- the aggregate runs.
CREATE TYPE spm.ledger_state;
CREATE FUNCTION spm.ledger_state_in(cstring) RETURNS spm.ledger_state
    AS 'MODULE_PATHNAME', 'spm_ledger_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.ledger_state_out(spm.ledger_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_ledger_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.ledger_state_recv(internal) RETURNS spm.ledger_state
    AS 'MODULE_PATHNAME', 'spm_ledger_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.ledger_state_send(spm.ledger_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_ledger_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spm.ledger_state (
    INPUT = spm.ledger_state_in,
    OUTPUT = spm.ledger_state_out,
    RECEIVE = spm.ledger_state_recv,
    SEND = spm.ledger_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE spm.ledger_state IS
    'state of spm.ledger_agg: the plan of a payout line and its credits';
COMMENT ON FUNCTION spm.ledger_state_in(cstring) IS 'input function of spm.ledger_state';
COMMENT ON FUNCTION spm.ledger_state_out(spm.ledger_state) IS 'output function of spm.ledger_state';
COMMENT ON FUNCTION spm.ledger_state_recv(internal) IS 'receive function of spm.ledger_state (checks every field)';
COMMENT ON FUNCTION spm.ledger_state_send(spm.ledger_state) IS 'send function of spm.ledger_state (portable, versioned)';
CREATE FUNCTION spm.ledger_agg_trans(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric,
                                     bigint, date, numeric, numeric, text, numeric)
    RETURNS spm.ledger_state AS 'MODULE_PATHNAME', 'spm_ledger_agg_trans' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION spm.ledger_agg_trans(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric, bigint, date, numeric, numeric, text, numeric) IS
    'spm.ledger_agg support: adds a credit to the line';
CREATE FUNCTION spm.ledger_agg_combine(spm.ledger_state, spm.ledger_state)
    RETURNS spm.ledger_state AS 'MODULE_PATHNAME', 'spm_ledger_agg_combine' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION spm.ledger_agg_combine(spm.ledger_state, spm.ledger_state) IS
    'spm.ledger_agg support: joins two partial lines';
CREATE FUNCTION spm.ledger_agg_final(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric,
                                     bigint, date, numeric, numeric, text, numeric)
    RETURNS spm.ledger_credits AS 'MODULE_PATHNAME', 'spm_ledger_agg_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION spm.ledger_agg_final(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric, bigint, date, numeric, numeric, text, numeric) IS
    'spm.ledger_agg support: the line''s credits in running-total order and what each added';

-- About 40 bytes a credit: SSPACE tells the planner what a line's state
-- takes, so that it hashes the lines of a large period.
CREATE AGGREGATE spm.ledger_agg(schedule spm.tier_schedule, quota numeric, scale numeric, deal_cap numeric,
                                credit_id bigint, credited_on date, amount numeric,
                                original_amount numeric, original_currency text, fx_rate numeric) (
    SFUNC = spm.ledger_agg_trans,
    STYPE = spm.ledger_state,
    SSPACE = 4096,
    FINALFUNC = spm.ledger_agg_final,
    FINALFUNC_EXTRA,
    COMBINEFUNC = spm.ledger_agg_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.ledger_agg(spm.tier_schedule, numeric, numeric, numeric, bigint, date, numeric, numeric, text, numeric) IS
    'a payout line from its credits in any order: each credit''s increment of the schedule on the running total in (credited_on, credit_id) order (on attainment of quota unless it is NULL; with a quota and a scale, a graduated or retroactive schedule''s share, rate x attainment), times scale, cut to deal_cap; the totals; the converted credits'' original amounts, currencies and rates; and a fingerprint';

-- Everyone reporting to a person, at any depth (not the person).  A
-- function, so that the planner counts on a few rows per manager rather
-- than its estimate of a recursive query; used by spm.calculate (overrides)
-- and spm.pipeline_forecast (teams).
CREATE FUNCTION spm.reports_below(manager_id bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 20 SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    seen bigint[] := ARRAY[reports_below.manager_id];
    level bigint[] := ARRAY[reports_below.manager_id];
BEGIN
    -- one level of the tree per query, each person once (a cycle, which
    -- the trigger of spm.rep refuses, could not make it loop); not a
    -- recursive query, which Citus refuses over the distributed spm.rep
    LOOP
        SELECT array_agg(r.rep_id) INTO level
          FROM spm.rep r
         WHERE r.manager_id = ANY (level) AND r.rep_id <> ALL (seen);
        EXIT WHEN level IS NULL;
        seen := seen || level;
        RETURN QUERY SELECT pg_catalog.unnest(level);
    END LOOP;
END
$$;
COMMENT ON FUNCTION spm.reports_below(bigint) IS
    'everyone reporting to a person directly or indirectly, not the person: the credits a manager override counts';

-- One row per credit of a line: spm.payout_detail unnested.
CREATE VIEW spm.payout_credit WITH (security_invoker) AS
SELECT d.payout_line_id, d.rep_id, u.credit_id, u.credited_on, u.amount,
       coalesce(u.original_amount, u.amount) AS original_amount,
       coalesce(u.original_currency, l.currency) AS original_currency,
       coalesce(u.fx_rate, 1) AS fx_rate,
       u.commission, u.uncapped, u.position
  FROM spm.payout_detail d
  JOIN spm.payout_line l ON l.payout_line_id = d.payout_line_id AND l.rep_id = d.rep_id
 CROSS JOIN LATERAL unnest(d.credit_ids, d.credited_on, d.amounts, d.commissions, d.uncapped,
                            d.original_amounts, d.original_currencies, d.fx_rates)
       WITH ORDINALITY AS u(credit_id, credited_on, amount, commission, uncapped,
                            original_amount, original_currency, fx_rate, position);
COMMENT ON VIEW spm.payout_credit IS
    'the credits behind each payout line, one row each: converted amount, original amount and currency, rate used, and the exact commission each added';
COMMENT ON COLUMN spm.payout_credit.uncapped IS
    'what the credit would have added without the component''s deal cap; NULL when the cap did not cut it';
COMMENT ON COLUMN spm.payout_credit.position IS
    'the credit''s place in the line''s running total: credits are counted in (credited_on, credit_id) order';

-- Holds: a line is held until released; holding never changes the line.
CREATE TABLE spm.payout_hold (
    payout_line_id bigint NOT NULL,
    rep_id         bigint NOT NULL,
    held_at        timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    held_by        name NOT NULL DEFAULT CURRENT_USER,
    reason         text NOT NULL,
    released_at    timestamptz,
    released_by    name,
    -- keys with the line's rep_id: the same rows as without it
    PRIMARY KEY (payout_line_id, rep_id, held_at),
    CONSTRAINT payout_hold_payout_line_id_fkey FOREIGN KEY (payout_line_id, rep_id)
        REFERENCES spm.payout_line (payout_line_id, rep_id),
    CONSTRAINT payout_hold_released_check CHECK ((released_at IS NULL) = (released_by IS NULL))
);
CREATE UNIQUE INDEX payout_hold_open_key ON spm.payout_hold (payout_line_id, rep_id) WHERE released_at IS NULL;
COMMENT ON TABLE spm.payout_hold IS
    'holds on payout lines: a line with an unreleased hold is not paid; the line itself never changes';

-- ---- the append-only rules ------------------------------------------------

-- The order statuses move in; a status never moves back.
CREATE FUNCTION spm.payout_status_rank(status text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.array_position(ARRAY['draft', 'approved', 'locked', 'paid'], status);
COMMENT ON FUNCTION spm.payout_status_rank(text) IS
    'the position of a pay run or payout line status: draft 1, approved 2, locked 3, paid 4';

-- A ledger line is never deleted, and an update may only move its status
-- forward with every other column unchanged.
CREATE FUNCTION spm.payout_line_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM spm.payout_line) THEN
            RAISE EXCEPTION 'the payout ledger is append-only: spm.payout_line cannot be truncated'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Correct a period by recalculating it, or in the next open period.';
        END IF;
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the payout ledger is append-only: payout line % cannot be deleted', OLD.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'A recalculation of a draft period reverses a line with a new line; a locked period is corrected in the next open period.';
    END IF;
    IF (pg_catalog.to_jsonb(NEW) - 'status')::text <> (pg_catalog.to_jsonb(OLD) - 'status')::text THEN
        RAISE EXCEPTION 'the payout ledger is append-only: payout line % cannot be changed', OLD.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Only the status of a line changes, and only forward: draft, approved, locked, paid.',
                  HINT = 'A recalculation of a draft period reverses a line with a new line; a locked period is corrected in the next open period.';
    END IF;
    IF spm.payout_status_rank(NEW.status) < spm.payout_status_rank(OLD.status) THEN
        RAISE EXCEPTION 'payout line % cannot move back from % to %', OLD.payout_line_id, OLD.status, NEW.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A status only moves forward: draft, approved, locked, paid.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION spm.payout_line_append_only() IS
    'trigger function: refuses to delete or truncate ledger lines and any update but moving status forward';
CREATE TRIGGER payout_line_append_only BEFORE UPDATE OR DELETE ON spm.payout_line
    FOR EACH ROW EXECUTE FUNCTION spm.payout_line_append_only();
CREATE TRIGGER payout_line_no_truncate BEFORE TRUNCATE ON spm.payout_line
    FOR EACH STATEMENT EXECUTE FUNCTION spm.payout_line_append_only();

-- The credits behind a line never change; a hold only gets released.
CREATE FUNCTION spm.payout_detail_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF (TG_TABLE_NAME = 'payout_detail' AND EXISTS (SELECT FROM spm.payout_detail))
           OR (TG_TABLE_NAME = 'payout_hold' AND EXISTS (SELECT FROM spm.payout_hold)) THEN
            RAISE EXCEPTION 'the payout ledger is append-only: spm.% cannot be truncated', TG_TABLE_NAME
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'payout_hold' AND TG_OP = 'UPDATE' THEN
        IF OLD.released_at IS NULL AND NEW.released_at IS NOT NULL
           AND (pg_catalog.to_jsonb(NEW) - 'released_at' - 'released_by')::text
               = (pg_catalog.to_jsonb(OLD) - 'released_at' - 'released_by')::text THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the payout ledger is append-only: a row of spm.% for payout line % cannot be %',
                    TG_TABLE_NAME, OLD.payout_line_id,
                    CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Only a hold changes, when spm.release releases it; a recalculation writes new lines.';
END
$$;
COMMENT ON FUNCTION spm.payout_detail_append_only() IS
    'trigger function: payout_detail rows never change; a payout_hold row only gets released';
CREATE TRIGGER payout_detail_append_only BEFORE UPDATE OR DELETE ON spm.payout_detail
    FOR EACH ROW EXECUTE FUNCTION spm.payout_detail_append_only();
CREATE TRIGGER payout_detail_no_truncate BEFORE TRUNCATE ON spm.payout_detail
    FOR EACH STATEMENT EXECUTE FUNCTION spm.payout_detail_append_only();
CREATE TRIGGER payout_hold_append_only BEFORE UPDATE OR DELETE ON spm.payout_hold
    FOR EACH ROW EXECUTE FUNCTION spm.payout_detail_append_only();
CREATE TRIGGER payout_hold_no_truncate BEFORE TRUNCATE ON spm.payout_hold
    FOR EACH STATEMENT EXECUTE FUNCTION spm.payout_detail_append_only();

-- A pay run's status only moves forward, and a run is deleted only while
-- it has no lines (the foreign key of spm.payout_line says so).
CREATE FUNCTION spm.pay_run_forward_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.period <> OLD.period THEN
        RAISE EXCEPTION 'pay run % cannot change its period', spm.period_label(OLD.period)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Calculate the other period as a pay run of its own.';
    END IF;
    IF spm.payout_status_rank(NEW.status) < spm.payout_status_rank(OLD.status) THEN
        RAISE EXCEPTION 'pay run % cannot move back from % to %', spm.period_label(OLD.period), OLD.status, NEW.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A pay run only moves forward: draft, approved, locked, paid.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION spm.pay_run_forward_only() IS
    'trigger function: a pay run keeps its period and its status only moves forward';
CREATE TRIGGER pay_run_forward_only BEFORE UPDATE ON spm.pay_run
    FOR EACH ROW EXECUTE FUNCTION spm.pay_run_forward_only();

-- Credits dated in a locked (or paid) period cannot be inserted, changed
-- or deleted, nor moved into or out of one: corrections are dated in the
-- next open period as clawbacks or adjustments.  One set-based check per
-- statement, over its transition tables (old_rows, new_rows), so that a
-- bulk load pays for one lookup, not one per row; an update that leaves a
-- row as it was does not count as a change.
CREATE FUNCTION spm.credit_locked_period() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p daterange;
    c bigint;
    d date;
BEGIN
    IF NOT EXISTS (SELECT FROM spm.pay_run r WHERE r.status IN ('locked', 'paid')) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        SELECT r.period, cr.credit_id INTO p, c
          FROM spm.pay_run r JOIN spm.credit cr ON r.period @> cr.credited_on
         WHERE r.status IN ('locked', 'paid')
         ORDER BY cr.credited_on, cr.credit_id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'credit % is dated in locked period %', c, spm.period_label(p)
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'spm.credit cannot be truncated while it holds credits of a locked period.';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_OP = 'UPDATE' THEN
            SELECT o.credit_id, o.credited_on, r.period INTO c, d, p
              FROM (SELECT * FROM old_rows EXCEPT ALL SELECT * FROM new_rows) o
              JOIN spm.pay_run r ON r.period @> o.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY o.credited_on, o.credit_id LIMIT 1;
        ELSE
            SELECT o.credit_id, o.credited_on, r.period INTO c, d, p
              FROM old_rows o
              JOIN spm.pay_run r ON r.period @> o.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY o.credited_on, o.credit_id LIMIT 1;
        END IF;
        IF FOUND THEN
            RAISE EXCEPTION 'credit % is dated % in locked period %', c, d, spm.period_label(p)
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'Credits of a locked period cannot be ' || CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END || '.',
                      HINT = 'Date the correction in the next open period as a credit of kind clawback or adjustment that reverses credit ' || c || '.';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF TG_OP = 'UPDATE' THEN
            SELECT n.credit_id, n.credited_on, r.period INTO c, d, p
              FROM (SELECT * FROM new_rows EXCEPT ALL SELECT * FROM old_rows) n
              JOIN spm.pay_run r ON r.period @> n.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY n.credited_on, n.credit_id LIMIT 1;
        ELSE
            SELECT n.credit_id, n.credited_on, r.period INTO c, d, p
              FROM new_rows n
              JOIN spm.pay_run r ON r.period @> n.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY n.credited_on, n.credit_id LIMIT 1;
        END IF;
        IF FOUND THEN
            RAISE EXCEPTION 'credit % cannot be dated % in locked period %', c, d, spm.period_label(p)
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Date it in the next open period; a correction is a credit of kind clawback or adjustment that reverses the credit it corrects.';
        END IF;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION spm.credit_locked_period() IS
    'trigger function: refuses to insert, change, delete or move credits dated in a locked period';
CREATE TRIGGER credit_locked_period_insert AFTER INSERT ON spm.credit
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();
CREATE TRIGGER credit_locked_period_update AFTER UPDATE ON spm.credit
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();
CREATE TRIGGER credit_locked_period_delete AFTER DELETE ON spm.credit
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();
CREATE TRIGGER credit_locked_period_truncate BEFORE TRUNCATE ON spm.credit
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();

-- ---- the period close -------------------------------------------------------

-- A period argument must be a bounded, non-empty range.
CREATE FUNCTION spm.check_pay_period(period daterange) RETURNS daterange
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF period IS NULL THEN
        RAISE EXCEPTION 'period must not be null' USING ERRCODE = 'null_value_not_allowed';
    ELSIF isempty(period) THEN
        RAISE EXCEPTION 'period must not be empty, not "%"', period
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF lower_inf(period) OR upper_inf(period) THEN
        RAISE EXCEPTION 'period must have a first and a last day, not "%"', period
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use spm.pay_period(day, frequency) for the month, quarter, half or year of a day.';
    END IF;
    RETURN period;
END
$$;
COMMENT ON FUNCTION spm.check_pay_period(daterange) IS
    'the period, or an error when it is null, empty or unbounded';

-- Whether a credit qualifies for a SPIFF: its kind is one of the spiff's
-- kinds, its amount (in the rep's currency) at least the minimum, and its
-- deal_ref matches the LIKE pattern.
CREATE FUNCTION spm.spiff_qualifies(kind text, deal_ref text, amount numeric,
                                    spiff_kinds text[], spiff_min_amount numeric, spiff_deal_ref text)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN kind = ANY (coalesce(spiff_kinds, ARRAY['deal', 'split', 'overlay']))
       AND (spiff_min_amount IS NULL OR amount >= spiff_min_amount)
       AND (spiff_deal_ref IS NULL OR coalesce(deal_ref LIKE spiff_deal_ref, false));
COMMENT ON FUNCTION spm.spiff_qualifies(text, text, numeric, text[], numeric, text) IS
    'whether a credit of this kind, deal_ref and amount meets a spiff''s condition';

-- Compute the period's payout lines from the model and bring the ledger to
-- that answer: write nothing where the current line already says it, a
-- reversal and a new line where it differs.  Returns the lines written.
--
-- The shape is chosen for a period of a million credits: the period's
-- credits are read once and hashed into their lines (a rep, plan version
-- and component), and spm.ledger_agg sorts each line's credits and
-- computes its running total, so that no step sorts every credit of the
-- period, and the ledger gets a row per line.  The planner's estimates of
-- the range conditions of the model (assignments, plan versions, quotas
-- valid for a period) are far below the real row counts, and with them it
-- would sort a million credits for a merge join and a group aggregate:
-- the function turns merge joins and sorts off, so that it hashes (a sort
-- that has no alternative, such as the window of the cumulative rounding,
-- still runs).  Both hash tables are bounded by work_mem and spill beyond.
-- A path turned off costs 10^10, so every plan with a sort looks costly
-- enough to compile: JIT is turned off too (it took 7 seconds to compile
-- the statement for a period of ten credits).
CREATE FUNCTION spm.calculate(period daterange) RETURNS integer
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
    -- hash joins and hash aggregates whatever the estimates (see above)
    SET enable_mergejoin = off SET enable_sort = off SET jit = off AS $$
DECLARE
    p daterange := spm.check_pay_period(period);
    run spm.pay_run;
    written integer;
    missing text;
BEGIN
    -- One run of a period at a time: the second waits here for the first
    -- to commit, then finds the answer already written.
    INSERT INTO spm.pay_run AS r (period) VALUES (p) ON CONFLICT DO NOTHING;
    SELECT * INTO run FROM spm.pay_run r WHERE r.period = p FOR UPDATE;
    IF NOT FOUND THEN
        SELECT * INTO run FROM spm.pay_run r WHERE r.period && p LIMIT 1;
        RAISE EXCEPTION 'period % overlaps pay run %', p, spm.period_label(run.period)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Pay runs cover periods that do not overlap.',
                  HINT = 'Calculate the periods of the existing pay runs.';
    END IF;
    IF run.status <> 'draft' THEN
        RAISE EXCEPTION 'period % is %: it cannot be recalculated', spm.period_label(p), run.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Late credits and corrections for it are dated in the next open period, as clawbacks or adjustments reversing the credits they correct.';
    END IF;

    -- Attainment components need a quota above 0: without one they pay
    -- nothing.  Only the reps without one are looked up in spm.credit.
    SELECT string_agg(DISTINCT 'rep ' || a.rep_id || ' (' || pc.component || ')', ', ')
      INTO missing
      FROM spm.assignment a
      JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid AND v.valid && p AND a.valid && p
      JOIN spm.plan_component pc ON pc.version_id = v.version_id AND pc.basis = 'attainment'
      LEFT JOIN spm.quota q ON q.rep_id = a.rep_id AND q.period = p AND q.measure = pc.measure
     WHERE NOT coalesce(q.amount > 0, false)
       -- EXISTS rather than a lateral LIMIT 1, which Citus refuses next to
       -- the reference tables (doc/scaling.md)
       AND EXISTS (SELECT FROM spm.credit c
                    WHERE c.rep_id = a.rep_id AND c.measure = pc.measure
                      AND c.credited_on <@ (a.valid * v.valid * p));
    IF missing IS NOT NULL THEN
        RAISE NOTICE 'no quota above 0 for %: their attainment components pay nothing', spm.period_label(p)
            USING DETAIL = 'Not paid: ' || missing || '.',
                  HINT = 'Add rows to spm.quota for this period and calculate it again.';
    END IF;

    WITH
    -- clawbacks and adjustments dated in the period, and the credits they reverse
    -- (in two steps: the reversed credit may be another rep's, and on
    -- Citus, where credits are distributed by rep_id, the few reversing
    -- credits are then sent to the workers rather than every credit
    -- repartitioned)
    reversing AS MATERIALIZED (
        SELECT c.credit_id, c.reverses
          FROM spm.credit c
         WHERE c.reverses IS NOT NULL AND c.credited_on >= lower(p) AND c.credited_on < upper(p)
    ),
    rev AS MATERIALIZED (
        SELECT c.credit_id, c.reverses, o.credited_on AS reversed_on
          FROM reversing c
          JOIN spm.credit o ON o.credit_id = c.reverses
    ),
    -- what the approved lines of earlier periods paid for those reversed
    -- credits: a clawback or adjustment takes back what the credit was paid
    paid AS MATERIALIZED (
        SELECT l.payout_line_id, l.rep_id, l.currency, l.version_id, l.component, l.period,
               u.credit_id, coalesce(u.original_amount, u.amount) AS original_amount,
               coalesce(u.original_currency, l.currency) AS original_currency, u.commission
          FROM spm.payout_line l
          JOIN spm.payout_detail d ON d.payout_line_id = l.payout_line_id AND d.rep_id = l.rep_id
         CROSS JOIN LATERAL unnest(d.credit_ids, d.amounts, d.commissions, d.original_amounts, d.original_currencies)
               AS u(credit_id, amount, commission, original_amount, original_currency)
         WHERE l.kind = 'commission' AND l.status <> 'draft' AND NOT (l.period && p)
           AND EXISTS (SELECT FROM rev) AND EXISTS (SELECT FROM rev WHERE rev.reversed_on <@ l.period)
           AND d.credit_ids && ARRAY(SELECT rev.reverses FROM rev)
           AND u.credit_id IN (SELECT rev.reverses FROM rev)
           AND NOT EXISTS (SELECT FROM spm.payout_line x WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)
    ),
    -- the schedule lines in force in the period: one per rep, plan version
    -- and commission or override component (a rep on one version twice in
    -- the period has two windows of days, summed into one line)
    line_window AS MATERIALIZED (
        SELECT dense_rank() OVER (ORDER BY a.rep_id, v.version_id, pc.component) AS lid,
               a.rep_id, r.currency, v.version_id, pc.component, pc.kind, pc.schedule, pc.basis, pc.measure,
               pc.deal_cap, pc.period_cap, pc.year_cap, pc.weight,
               -- the quota prorated by the days the rep is on this version
               -- in the period (spm.prorate), when that is not all of it
               CASE WHEN w.whole THEN q.amount
                    ELSE trim_scale(spm.prorate(q.amount, p, w.days)) END AS quota,
               CASE WHEN NOT w.whole THEN q.amount END AS full_quota,
               CASE WHEN NOT w.whole THEN upper(w.days) - lower(w.days) END AS days_in_force,
               -- and so is the on-target incentive
               CASE WHEN w.whole THEN pc.target_incentive
                    ELSE trim_scale(spm.prorate(pc.target_incentive, p, w.days)) END AS target_incentive,
               lower(w.days) AS first_day, upper(w.days) AS end_day
          FROM spm.assignment a
          JOIN spm.rep r ON r.rep_id = a.rep_id
          JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid
          -- the days of the period the rep is on the version, computed once
          CROSS JOIN LATERAL (SELECT d.days, d.days = p AS whole
                                FROM (SELECT a.valid * v.valid * p AS days OFFSET 0) d) w
          JOIN spm.plan_component pc ON pc.version_id = v.version_id
          LEFT JOIN spm.quota q ON q.rep_id = a.rep_id AND q.period = p AND q.measure = pc.measure
         WHERE a.valid && p AND v.valid && p AND pc.kind IN ('commission', 'override')
           AND (pc.basis = 'amount' OR q.amount > 0)
    ),
    line AS MATERIALIZED (
        SELECT lid, min(rep_id) AS rep_id, min(currency) AS currency, min(version_id) AS version_id,
               min(component) AS component, min(basis) AS basis, min(schedule::text) AS schedule_text,
               min(deal_cap) AS deal_cap, min(period_cap) AS period_cap, min(year_cap) AS year_cap,
               min(weight) AS weight, sum(quota) AS quota, min(full_quota) AS full_quota,
               sum(days_in_force) AS days_in_force, sum(target_incentive) AS target_incentive
          FROM line_window GROUP BY lid
    ),
    -- whose credits each line counts: a commission component the rep's
    -- own credits, an override those of everyone reporting to the rep
    -- (any depth, not the rep's own).  The reporting tree is walked in a
    -- step of its own, over the lines alone (on Citus, on the coordinator:
    -- spm.reports_below reads the distributed spm.rep).
    below AS MATERIALIZED (
        SELECT o.lid, b.rep_id
          FROM (SELECT DISTINCT w.lid, w.rep_id FROM line_window w WHERE w.kind = 'override') o
         CROSS JOIN LATERAL spm.reports_below(o.rep_id) AS b(rep_id)
    ),
    owner AS MATERIALIZED (
        SELECT DISTINCT w.lid, w.rep_id, w.currency FROM line_window w WHERE w.kind = 'commission'
        UNION ALL
        SELECT b.lid, r.rep_id, r.currency
          FROM below b
          JOIN spm.rep r ON r.rep_id = b.rep_id
    ),
    -- and the plan that pays them, per window
    source AS MATERIALIZED (
        SELECT w.lid, o.rep_id AS owner_id, o.currency AS owner_currency, l.currency, w.measure,
               w.first_day, w.end_day, l.schedule_text::spm.tier_schedule AS schedule,
               CASE WHEN l.basis = 'attainment' THEN l.quota END AS quota,
               l.target_incentive * coalesce(l.weight, 1) AS scale, l.deal_cap
          FROM line_window w
          JOIN line l ON l.lid = w.lid
          JOIN owner o ON o.lid = w.lid
    ),
    -- each line's credits in running-total order, in the line's currency,
    -- and what each added.  The period's credits are read once and joined
    -- by hash to the windows on the person (the + 0 keeps the planner from
    -- probing the index on (rep_id, credited_on) once per window instead, a
    -- random heap read per credit).
    -- A clawback or adjustment whose credit an earlier approved line paid
    -- is taken back in claw instead.
    cred_line AS (
        SELECT l.*, (g.lc).*
          FROM (
            SELECT x.lid,
                   spm.ledger_agg(x.schedule, x.quota, x.scale, x.deal_cap, x.credit_id, x.credited_on,
                                  CASE WHEN x.from_currency = x.currency THEN x.amount
                                       ELSE trim_scale(x.amount * x.rate_from / x.rate_to) END,
                                  CASE WHEN x.from_currency <> x.currency THEN x.amount END,
                                  CASE WHEN x.from_currency <> x.currency THEN x.from_currency END,
                                  CASE WHEN x.from_currency <> x.currency
                                       THEN trim_scale(1 * x.rate_from / x.rate_to) END) AS lc
              FROM (
                -- a credit in another currency converts as spm.convert does,
                -- amount x rate(from) / rate(to) at the credit's date, with
                -- the rates looked up here (spm.fx_rate_on only to report a
                -- missing one)
                SELECT y.*,
                       CASE WHEN y.from_currency <> y.currency
                            THEN coalesce((SELECT f.rate FROM spm.fx_rate f
                                            WHERE f.currency = y.from_currency AND f.valid @> y.credited_on),
                                          spm.fx_rate_on(y.from_currency, y.credited_on)) END AS rate_from,
                       CASE WHEN y.from_currency <> y.currency
                            THEN coalesce((SELECT f.rate FROM spm.fx_rate f
                                            WHERE f.currency = y.currency AND f.valid @> y.credited_on),
                                          spm.fx_rate_on(y.currency, y.credited_on)) END AS rate_to
                  FROM (
                SELECT s.*, c.credit_id, c.credited_on, c.amount,
                       coalesce(c.currency, s.owner_currency) AS from_currency
                  FROM source s
                  JOIN spm.credit c ON c.rep_id + 0 = s.owner_id
                                   AND c.credited_on >= s.first_day AND c.credited_on < s.end_day
                                   AND c.measure = s.measure
                 WHERE c.credited_on >= lower(p) AND c.credited_on < upper(p)
                   AND (c.reverses IS NULL OR NOT EXISTS (SELECT FROM paid WHERE paid.credit_id = c.reverses))
                  ) y
              ) x
             GROUP BY x.lid
            OFFSET 0
          ) g
          JOIN line l ON l.lid = g.lid
    ),
    -- one row per credit and spiff it qualifies for, paying the spiff's
    -- amount; a clawback or adjustment of such a credit in the same
    -- window takes back the same share of it
    spiff_cred AS (
        SELECT a.rep_id, r.currency, v.version_id, pc.component, pc.spiff_amount,
               pc.period_cap, pc.year_cap, c.credit_id, c.credited_on,
               c.amount AS original_amount, coalesce(c.currency, r.currency) AS original_currency,
               spm.convert(c.amount, coalesce(c.currency, r.currency), r.currency, c.credited_on) AS amount,
               spm.convert(1, coalesce(c.currency, r.currency), r.currency, c.credited_on) AS fx_rate,
               CASE WHEN o.credit_id IS NULL THEN pc.spiff_amount
                    ELSE trim_scale(pc.spiff_amount
                           * spm.convert(c.amount, coalesce(c.currency, r.currency),
                                         coalesce(o.currency, r.currency), c.credited_on)
                           / o.amount) END AS commission
          FROM spm.assignment a
          JOIN spm.rep r ON r.rep_id = a.rep_id
          JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid
          JOIN spm.plan_component pc ON pc.version_id = v.version_id AND pc.kind = 'spiff'
          JOIN spm.credit c ON c.rep_id = a.rep_id AND c.credited_on <@ (a.valid * v.valid * p)
                           AND c.measure = pc.measure
          LEFT JOIN spm.credit o ON c.kind IN ('clawback', 'adjustment') AND o.credit_id = c.reverses
                                AND o.rep_id = c.rep_id AND o.credited_on <@ (a.valid * v.valid * p)
         WHERE a.valid && p AND v.valid && p
           AND CASE WHEN c.kind IN ('clawback', 'adjustment')
                    THEN o.amount <> 0
                         AND spm.spiff_qualifies(o.kind, o.deal_ref,
                                 spm.convert(o.amount, coalesce(o.currency, r.currency), r.currency, o.credited_on),
                                 pc.spiff_kinds, pc.spiff_min_amount, pc.spiff_deal_ref)
                    ELSE spm.spiff_qualifies(c.kind, c.deal_ref,
                             spm.convert(c.amount, coalesce(c.currency, r.currency), r.currency, c.credited_on),
                             pc.spiff_kinds, pc.spiff_min_amount, pc.spiff_deal_ref)
               END
    ),
    spiff_line AS (
        SELECT rep_id, currency, version_id, component, min(spiff_amount) AS spiff_amount,
               min(period_cap) AS period_cap, min(year_cap) AS year_cap,
               sum(amount) AS credited, count(*) AS credits, sum(commission) AS commission,
               array_agg(credit_id ORDER BY credited_on, credit_id) AS credit_ids,
               array_agg(credited_on ORDER BY credited_on, credit_id) AS credited_on,
               array_agg(amount ORDER BY credited_on, credit_id) AS amounts,
               array_agg(commission ORDER BY credited_on, credit_id) AS commissions,
               array_agg(CASE WHEN original_currency <> currency THEN original_amount END
                         ORDER BY credited_on, credit_id) AS original_amounts,
               array_agg(CASE WHEN original_currency <> currency THEN original_currency END
                         ORDER BY credited_on, credit_id) AS original_currencies,
               array_agg(CASE WHEN original_currency <> currency THEN fx_rate END
                         ORDER BY credited_on, credit_id) AS fx_rates,
               bool_or(original_currency <> currency) AS converted
          FROM spiff_cred GROUP BY rep_id, currency, version_id, component
    ),
    -- one row per commission line before the period and year caps; the
    -- year cap counts what the component (by name) paid the rep in the
    -- earlier periods of the calendar year: its current commission lines
    comm AS (
        SELECT g.*,
               CASE WHEN g.year_cap IS NOT NULL THEN coalesce(y.amount, 0) END AS paid_in_year
          FROM (
            SELECT rep_id, currency, version_id, component, basis, schedule_text AS schedule,
                   quota, full_quota, days_in_force, target_incentive, weight, credited, credits,
                   NULL::numeric AS spiff_amount, commission, deal_cap, period_cap, year_cap,
                   credit_ids, credited_on, amounts, commissions, uncapped,
                   original_amounts, original_currencies, fx_rates, fingerprint
              FROM cred_line
            UNION ALL
            SELECT rep_id, currency, version_id, component, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   credited, credits, spiff_amount, commission, NULL, period_cap, year_cap,
                   credit_ids, credited_on, amounts, commissions, NULL,
                   CASE WHEN converted THEN original_amounts END,
                   CASE WHEN converted THEN original_currencies END,
                   CASE WHEN converted THEN fx_rates END,
                   hashtextextended(concat_ws('|', credit_ids, credited_on, amounts, commissions, fx_rates), 0)
              FROM spiff_line
          ) g
          -- (a join rather than a subquery per line, which Citus refuses
          -- beside the CTEs; only components with a year cap are summed)
          LEFT JOIN (SELECT l.rep_id, l.component, sum(l.amount) AS amount
                       FROM spm.payout_line l
                      WHERE l.kind = 'commission' AND upper(l.period) <= lower(p)
                        AND lower(l.period) >= date_trunc('year', lower(p))::date
                        AND l.component IN (SELECT pc.component FROM spm.plan_component pc
                                             WHERE pc.year_cap IS NOT NULL)
                        AND NOT EXISTS (SELECT FROM spm.payout_line x
                                         WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)
                      GROUP BY l.rep_id, l.component) y
                 ON g.year_cap IS NOT NULL AND y.rep_id = g.rep_id AND y.component = g.component
    ),
    -- the period cap, then what is left of the year cap; a line that takes
    -- back (commission below 0) is not capped
    capped AS MATERIALIZED (
        SELECT c.*,
               CASE WHEN c.commission > c.period_cap THEN c.period_cap - c.commission END AS period_cut,
               CASE WHEN c.year_cap IS NOT NULL
                         AND least(c.commission, c.period_cap) > greatest(c.year_cap - c.paid_in_year, 0)
                    THEN greatest(c.year_cap - c.paid_in_year, 0) - least(c.commission, c.period_cap) END AS year_cut
          FROM comm c
    ),
    -- draws: one line per rep, version and draw component in force, with or
    -- without credits.  earned is what the version's other components pay
    -- the rep this period; the balance carries over from the rep's latest
    -- earlier line of a draw of the same name.  recoverable: the line is
    -- max(0, draw - earned) - recovered, recovered = min(balance,
    -- max(0, earned - draw), limit) once recovery has started; not
    -- recoverable: max(0, draw - earned), balance 0 (spm.draw's rules).
    draws AS (
        SELECT d.*,
               greatest(d.draw - d.earned, 0) - d.recovered AS exact,
               CASE WHEN d.draw_recoverable THEN d.previous_balance + greatest(d.draw - d.earned, 0) - d.recovered
                    ELSE 0 END AS balance
          FROM (
            SELECT e.*,
                   CASE WHEN e.draw_recoverable
                             AND (e.draw_recovery_from IS NULL OR lower(p) >= e.draw_recovery_from)
                        THEN least(e.previous_balance, greatest(e.earned - e.draw, 0), e.draw_recovery_limit)
                        ELSE 0 END AS recovered
              FROM (
                SELECT a.rep_id, r.currency, v.version_id, pc.component, pc.draw_recoverable,
                       pc.draw_recovery_from, pc.draw_recovery_limit,
                       CASE WHEN pc.draw_until < lower(p) THEN 0
                            WHEN a.valid * v.valid * p = p THEN pc.draw_amount
                            ELSE trim_scale(spm.prorate(pc.draw_amount, p, a.valid * v.valid * p)) END AS draw,
                       coalesce(earned.amount, 0) AS earned,
                       coalesce(prev.balance, 0) AS previous_balance
                  FROM spm.assignment a
                  JOIN spm.rep r ON r.rep_id = a.rep_id
                  JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid
                  JOIN spm.plan_component pc ON pc.version_id = v.version_id AND pc.kind = 'draw'
                  LEFT JOIN (SELECT x.rep_id, x.version_id,
                                    sum(x.commission + coalesce(x.period_cut, 0) + coalesce(x.year_cut, 0)) AS amount
                               FROM capped x GROUP BY x.rep_id, x.version_id) earned
                         ON earned.rep_id = a.rep_id AND earned.version_id = v.version_id
                  -- the balance of the rep's latest earlier line of the draw
                  -- (a join, not a subquery per draw: see comm)
                  LEFT JOIN (SELECT b.rep_id, b.component, b.balance
                               FROM (SELECT l.rep_id, l.component, (l.inputs ->> 'balance')::numeric AS balance,
                                            row_number() OVER (PARTITION BY l.rep_id, l.component
                                                               ORDER BY l.period DESC, l.payout_line_id DESC) AS n
                                       FROM spm.payout_line l
                                      WHERE l.kind = 'commission' AND l.inputs ? 'balance'
                                        AND upper(l.period) <= lower(p)
                                        AND NOT EXISTS (SELECT FROM spm.payout_line x
                                                         WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)) b
                              WHERE b.n = 1) prev
                         ON prev.rep_id = a.rep_id AND prev.component = pc.component
                 WHERE a.valid && p AND v.valid && p
              ) e
          ) d
    ),
    -- one row per clawback or adjustment and line that paid the credit it reverses
    claw AS (
        SELECT paid.rep_id, paid.currency, paid.version_id, paid.component,
               c.credit_id, c.credited_on, c.amount AS original_amount,
               coalesce(c.currency, r.currency) AS original_currency,
               spm.convert(c.amount, coalesce(c.currency, r.currency), paid.currency, c.credited_on) AS amount,
               spm.convert(1, coalesce(c.currency, r.currency), paid.currency, c.credited_on) AS fx_rate,
               trim_scale(paid.commission
                 * spm.convert(c.amount, coalesce(c.currency, r.currency), paid.original_currency, c.credited_on)
                 / paid.original_amount) AS commission,
               pg_catalog.jsonb_build_object(
                   'reverses_credit', paid.credit_id, 'original_line', paid.payout_line_id,
                   'original_period', spm.period_label(paid.period),
                   'original_amount', paid.original_amount, 'original_currency', paid.original_currency,
                   'original_commission', paid.commission) AS inputs
          FROM rev
          JOIN spm.credit c ON c.credit_id = rev.credit_id
          JOIN spm.rep r ON r.rep_id = c.rep_id
          JOIN paid ON paid.credit_id = c.reverses
         WHERE paid.original_amount <> 0
    ),
    -- the answer: one item per line, in a fixed order per rep for the
    -- cumulative rounding
    item AS (
        SELECT i.*,
               round(sum(i.exact) OVER w, spm.minor_unit(i.currency))
                 - round(sum(i.exact) OVER w - i.exact, spm.minor_unit(i.currency)) AS amount
          FROM (
            SELECT 'commission' AS kind, rep_id, currency, version_id, component, NULL::bigint AS credit_id,
                   commission + coalesce(period_cut, 0) + coalesce(year_cut, 0) AS exact,
                   jsonb_build_object('basis', basis, 'schedule', schedule,
                                      'quota', quota, 'credited', credited,
                                      'credits', credits, 'fingerprint', fingerprint::text,
                                      'commission', commission + coalesce(period_cut, 0) + coalesce(year_cut, 0))
                   || jsonb_strip_nulls(jsonb_build_object(
                          'quota_prorated_from', full_quota, 'days_in_force', days_in_force,
                          'target_incentive', target_incentive, 'weight', weight,
                          'spiff_amount', spiff_amount,
                          'deal_cap', deal_cap, 'period_cap', period_cap, 'period_cap_cut', period_cut,
                          'year_cap', year_cap, 'paid_in_year', paid_in_year, 'year_cap_cut', year_cut)) AS inputs
              FROM capped
            UNION ALL
            SELECT 'commission', rep_id, currency, version_id, component, NULL, exact,
                   jsonb_build_object('draw', draw, 'recoverable', draw_recoverable, 'earned', earned,
                                      'draw_paid', greatest(draw - earned, 0), 'previous_balance', previous_balance,
                                      'recovered', recovered, 'balance', balance, 'commission', exact)
              FROM draws
            UNION ALL
            SELECT 'clawback', rep_id, currency, version_id, component, credit_id, commission,
                   inputs || jsonb_build_object('credited', amount, 'fx_rate', fx_rate, 'commission', commission)
              FROM claw
          ) i
        WINDOW w AS (PARTITION BY i.rep_id ORDER BY i.kind DESC, i.version_id, i.component, i.credit_id)
    ),
    -- the period's current lines (not reversed)
    cur AS (
        SELECT l.payout_line_id, l.kind, l.rep_id, l.currency, l.version_id, l.component, l.credit_id,
               l.amount, l.inputs
          FROM spm.payout_line l
         WHERE l.period = p AND l.kind <> 'reversal'
           AND NOT EXISTS (SELECT FROM spm.payout_line x WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)
    ),
    -- what differs: a line says something else (its amount, currency or
    -- inputs, which hold a fingerprint of every credit's day, amount, rate
    -- and commission), or is new, or is no longer paid
    diff AS (
        SELECT cur.payout_line_id AS old_id, cur.amount AS old_amount,
               coalesce(item.kind, cur.kind) AS kind, coalesce(item.rep_id, cur.rep_id) AS rep_id,
               coalesce(item.currency, cur.currency) AS currency,
               coalesce(item.version_id, cur.version_id) AS version_id,
               coalesce(item.component, cur.component) AS component,
               coalesce(item.credit_id, cur.credit_id) AS credit_id,
               item.amount, item.inputs, item.kind IS NOT NULL AS is_new
          FROM item
          FULL JOIN cur ON cur.kind = item.kind AND cur.rep_id = item.rep_id
                       AND cur.version_id IS NOT DISTINCT FROM item.version_id
                       AND cur.component IS NOT DISTINCT FROM item.component
                       AND cur.credit_id IS NOT DISTINCT FROM item.credit_id
         WHERE cur.payout_line_id IS NULL OR item.kind IS NULL
            OR cur.amount <> item.amount OR cur.currency IS DISTINCT FROM item.currency
            OR cur.inputs <> item.inputs
    ),
    reversed AS (
        INSERT INTO spm.payout_line (rep_id, period, amount, currency, kind, version_id, component, reverses, inputs)
        SELECT d.rep_id, p, -d.old_amount, d.currency, 'reversal', d.version_id, d.component, d.old_id,
               jsonb_build_object('reason', CASE WHEN d.is_new THEN 'recalculated' ELSE 'no longer paid' END)
          FROM diff d WHERE d.old_id IS NOT NULL
         ORDER BY d.rep_id, d.old_id
        RETURNING payout_line_id
    ),
    -- the new lines, numbered before they are written, so that their
    -- credits are written beside them
    numbered AS MATERIALIZED (
        SELECT nextval('spm.payout_line_payout_line_id_seq'::regclass) AS payout_line_id, n.*
          FROM (SELECT d.* FROM diff d WHERE d.is_new
                 ORDER BY d.rep_id, d.kind DESC, d.version_id, d.component, d.credit_id) n
    ),
    added AS (
        INSERT INTO spm.payout_line (payout_line_id, rep_id, period, amount, currency, kind, version_id,
                                     component, credit_id, inputs)
        OVERRIDING SYSTEM VALUE
        SELECT n.payout_line_id, n.rep_id, p, n.amount, n.currency, n.kind, n.version_id, n.component,
               n.credit_id, n.inputs
          FROM numbered n
        RETURNING 1
    ),
    detail AS (
        INSERT INTO spm.payout_detail (payout_line_id, rep_id, credit_ids, credited_on, amounts, commissions,
                                       uncapped, original_amounts, original_currencies, fx_rates)
        SELECT n.payout_line_id, n.rep_id, c.credit_ids, c.credited_on, c.amounts, c.commissions, c.uncapped,
               c.original_amounts, c.original_currencies, c.fx_rates
          FROM numbered n
          JOIN capped c ON c.rep_id = n.rep_id AND c.version_id = n.version_id AND c.component = n.component
         WHERE n.kind = 'commission'
        UNION ALL
        SELECT n.payout_line_id, n.rep_id, ARRAY[c.credit_id], ARRAY[c.credited_on], ARRAY[c.amount], ARRAY[c.commission],
               NULL,
               CASE WHEN c.original_currency <> c.currency THEN ARRAY[c.original_amount] END,
               CASE WHEN c.original_currency <> c.currency THEN ARRAY[c.original_currency] END,
               CASE WHEN c.original_currency <> c.currency THEN ARRAY[c.fx_rate] END
          FROM numbered n
          JOIN claw c ON c.rep_id = n.rep_id AND c.version_id = n.version_id AND c.component = n.component
                     AND c.credit_id = n.credit_id
         WHERE n.kind = 'clawback'
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM reversed) + (SELECT count(*) FROM added)
           + 0 * (SELECT count(*) FROM detail)
      INTO written;

    UPDATE spm.pay_run r SET calculated_at = statement_timestamp(), calculated_by = CURRENT_USER
     WHERE r.period = p;
    RETURN written;
END
$$;
COMMENT ON FUNCTION spm.calculate(daterange) IS
    'computes a draft period''s payout lines into the ledger: nothing where unchanged, a reversal and a new line where changed';

-- Move a period and all its lines one status forward.
CREATE FUNCTION spm.advance_pay_run(period daterange, from_status text, to_status text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p daterange := spm.check_pay_period(period);
    run spm.pay_run;
    n integer;
BEGIN
    SELECT * INTO run FROM spm.pay_run r WHERE r.period = p FOR UPDATE;
    IF NOT FOUND OR run.calculated_at IS NULL THEN
        RAISE EXCEPTION 'period % has not been calculated', spm.period_label(p)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Run spm.calculate(''' || p || ''') first.';
    END IF;
    IF run.status <> from_status THEN
        RAISE EXCEPTION 'period % is %, not %: it cannot be %', spm.period_label(p), run.status, from_status,
                        CASE to_status WHEN 'approved' THEN 'approved' WHEN 'locked' THEN 'locked' ELSE 'marked paid' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A period moves through draft, approved, locked and paid in that order.';
    END IF;
    UPDATE spm.payout_line l SET status = to_status WHERE l.period = p AND l.status = from_status;
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE spm.pay_run r
       SET status = to_status,
           approved_at = CASE to_status WHEN 'approved' THEN statement_timestamp() ELSE r.approved_at END,
           approved_by = CASE to_status WHEN 'approved' THEN CURRENT_USER ELSE r.approved_by END,
           locked_at = CASE to_status WHEN 'locked' THEN statement_timestamp() ELSE r.locked_at END,
           locked_by = CASE to_status WHEN 'locked' THEN CURRENT_USER ELSE r.locked_by END,
           paid_at = CASE to_status WHEN 'paid' THEN statement_timestamp() ELSE r.paid_at END,
           paid_by = CASE to_status WHEN 'paid' THEN CURRENT_USER ELSE r.paid_by END
     WHERE r.period = p;
    RETURN n;
END
$$;
COMMENT ON FUNCTION spm.advance_pay_run(daterange, text, text) IS
    'moves a calculated period and its lines from one status to the next; used by approve, lock_period and mark_paid';

CREATE FUNCTION spm.approve(period daterange) RETURNS integer
    LANGUAGE sql VOLATILE
RETURN spm.advance_pay_run(period, 'draft', 'approved');
COMMENT ON FUNCTION spm.approve(daterange) IS
    'approves a calculated draft period: it and its lines become approved; returns the lines moved';

CREATE FUNCTION spm.lock_period(period daterange) RETURNS integer
    LANGUAGE sql VOLATILE
RETURN spm.advance_pay_run(period, 'approved', 'locked');
COMMENT ON FUNCTION spm.lock_period(daterange) IS
    'locks an approved period: its lines become locked and its credits can no longer change';

CREATE FUNCTION spm.mark_paid(period daterange) RETURNS integer
    LANGUAGE sql VOLATILE
RETURN spm.advance_pay_run(period, 'locked', 'paid');
COMMENT ON FUNCTION spm.mark_paid(daterange) IS
    'marks a locked period paid: it and its lines become paid';

-- ---- holds --------------------------------------------------------------

CREATE FUNCTION spm.hold(payout_line_id bigint, reason text) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    line spm.payout_line;
BEGIN
    IF hold.payout_line_id IS NULL THEN
        RAISE EXCEPTION 'payout_line_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF hold.reason IS NULL OR btrim(hold.reason) = '' THEN
        RAISE EXCEPTION 'reason must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Say why the line is held.';
    END IF;
    SELECT * INTO line FROM spm.payout_line l WHERE l.payout_line_id = hold.payout_line_id FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown payout line %', hold.payout_line_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF line.status = 'paid' THEN
        RAISE EXCEPTION 'payout line % is already paid: it cannot be held', hold.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF EXISTS (SELECT FROM spm.payout_hold h
                WHERE h.payout_line_id = hold.payout_line_id AND h.rep_id = line.rep_id AND h.released_at IS NULL) THEN
        RAISE EXCEPTION 'payout line % is already held', hold.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO spm.payout_hold (payout_line_id, rep_id, reason) VALUES (hold.payout_line_id, line.rep_id, hold.reason);
END
$$;
COMMENT ON FUNCTION spm.hold(bigint, text) IS
    'holds a payout line, with a reason; the line itself does not change';

CREATE FUNCTION spm.release(payout_line_id bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF release.payout_line_id IS NULL THEN
        RAISE EXCEPTION 'payout_line_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    UPDATE spm.payout_hold h SET released_at = statement_timestamp(), released_by = CURRENT_USER
     WHERE h.payout_line_id = release.payout_line_id AND h.released_at IS NULL;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT FROM spm.payout_line l WHERE l.payout_line_id = release.payout_line_id) THEN
            RAISE EXCEPTION 'unknown payout line %', release.payout_line_id USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RAISE EXCEPTION 'payout line % is not held', release.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
END
$$;
COMMENT ON FUNCTION spm.release(bigint) IS
    'releases the hold on a payout line';

-- ---- explain ------------------------------------------------------------

-- The breakdown behind a line: a row per credit (its original amount and
-- currency, the rate used, the converted amount and the exact commission
-- it added, before a deal cap), a 'deal cap' row after a credit the cap
-- cut, a row for the line a reversal cancels, 'period cap' and 'year cap'
-- rows (amount: the cap, or what was left of it), a draw's 'draw' and
-- 'recovery' rows, and a final rounding row; the commission column adds
-- up exactly to the line's amount.
--
-- Band by band.  A credit of a line paid by a schedule moves the line's
-- running total from prior to prior + amount, and adds (before the deal
-- cap) scale x (C(prior + amount) - C(prior)), C the schedule with its cap
-- and gate and scale the component's target_incentive x weight (1 without
-- one).  C is F, the schedule's mode alone, corrected by the gate (C = 0
-- below it) and the cap (C = cap where F is above it).  The credit's rows
-- split F(prior + amount) - F(prior) by the mode:
--   graduated: a row per band the credit crosses, the part inside it
--     times the band's rate;
--   retroactive: a row at the rate of the band the total reaches, the
--     credit's amount times it, and when the credit moves the total into
--     another band a 're-priced' row: everything credited before it
--     (amount: prior) moves from the old band's rate to the new one
--     (band_rate: the difference), prior x (new rate - old rate);
--   interpolated: a row per segment of the pay curve the credit crosses
--     (from point to point, the last from the last point on, continuing the
--     last slope), the payout of the curve at the part's end minus at its
--     start.  band_rate is the segment's slope, exact where it terminates
--     and otherwise rounded half away from zero to 20 places, as the curve
--     itself is between points (spm.commission); the payouts at points are
--     exact.  So a row is exactly the curve's increment over its part as
--     the ledger computed it, and the rows of a credit add up exactly to
--     its commission without a remainder row; only a non-terminating slope
--     can make a row differ from amount inside x band_rate, in the 20th
--     place.
-- Then C - F, what the gate and the cap change, at the total after the
-- credit minus at the total before it: a 'gate' row for the part the gate
-- makes (-F below the gate; amount: the gate), what it withheld or, when
-- the credit reaches the gate, released (the commission of everything
-- credited before becomes payable), and a 'schedule cap' row for the rest
-- (cap - F above the cap; amount: the cap), what the cap took off or, for
-- a clawback back under it, gave back.
-- Bounds are money: thresholds times the quota for an attainment
-- component.  The first band (or segment) also takes a running total below
-- 0, the last one everything above its threshold.  With an on-target
-- incentive every row, its band_rate and the cap are multiplied by
-- target_incentive x weight: a row's rate is money per unit credited; on a
-- graduated or retroactive schedule the incentive pays a share, rate x
-- attainment, so the rows are divided by the quota too, and a 'share
-- rounding' row takes up the difference when the share does not terminate
-- (the ledger carries it to 20 places).
-- The rows of a credit are shown only when they add up exactly to what the
-- ledger recorded for it; otherwise (a line the ledger computed otherwise)
-- the credit has one row.  Clawback and SPIFF lines have one row a credit.
CREATE FUNCTION spm.explain(payout_line_id bigint)
    RETURNS TABLE (item text, kind text, component text, version_id bigint,
                   schedule text, credit_id bigint, credited_on date, original_amount numeric,
                   original_currency text, fx_rate numeric, amount numeric, paid_line bigint,
                   paid_rate numeric, band_from numeric, band_to numeric, band_rate numeric,
                   commission numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH line AS (
        SELECT l.*, s.sched, spm.tier_mode(s.sched) AS mode, q.quota,
               -- thresholds in money: times the quota on attainment
               coalesce(q.quota, 1) AS per,
               coalesce((l.inputs ->> 'target_incentive')::numeric
                        * coalesce((l.inputs ->> 'weight')::numeric, 1), 1) AS scale,
               -- an on-target incentive on a graduated or retroactive
               -- attainment schedule pays a share, commission / quota
               (l.inputs ? 'target_incentive' AND q.quota IS NOT NULL
                AND spm.tier_mode(s.sched) <> 'interpolated') AS share,
               spm.tier_cap(s.sched) AS cap,
               spm.tier_gate(s.sched) * coalesce(q.quota, 1) AS gate,
               -- the mode alone, without cap and gate
               CASE WHEN s.sched IS NOT NULL
                    THEN spm.tiers(spm.tier_thresholds(s.sched), spm.tier_rates(s.sched), spm.tier_mode(s.sched))
               END AS bare
          FROM spm.payout_line l
         CROSS JOIN LATERAL (SELECT CASE WHEN l.kind = 'commission'
                                         THEN (l.inputs ->> 'schedule')::spm.tier_schedule END AS sched) s
         CROSS JOIN LATERAL (SELECT CASE l.inputs ->> 'basis'
                                         WHEN 'attainment' THEN (l.inputs ->> 'quota')::numeric END AS quota) q
         WHERE l.payout_line_id = explain.payout_line_id
    ),
    cred AS (
        SELECT pc.*, coalesce(pc.uncapped, pc.commission) AS before_cap,
               sum(pc.amount) OVER (ORDER BY pc.credited_on, pc.credit_id) - pc.amount AS prior
          FROM spm.payout_credit pc
         WHERE pc.payout_line_id = explain.payout_line_id
    ),
    -- the bands (points of a curve) in money; rise and run: the payout and
    -- the money from a point to the next (beyond the last point, the last
    -- segment's)
    band AS (
        SELECT b.n, b.lo, b.hi, b.rate,
               coalesce(b.rise, lag(b.rise) OVER (ORDER BY b.n)) AS rise,
               coalesce(b.hi - b.lo, lag(b.hi - b.lo) OVER (ORDER BY b.n)) AS run
          FROM (SELECT b.n, b.t * line.per AS lo, lead(b.t) OVER (ORDER BY b.n) * line.per AS hi, b.r AS rate,
                       lead(b.r) OVER (ORDER BY b.n) - b.r AS rise
                  FROM line, unnest(spm.tier_thresholds(line.sched), spm.tier_rates(line.sched))
                             WITH ORDINALITY AS b(t, r, n)) b
    ),
    -- each credit's range, lowest and highest running total
    span AS (
        SELECT c.credit_id, c.amount, c.prior, c.before_cap,
               least(c.prior, c.prior + c.amount) AS low, greatest(c.prior, c.prior + c.amount) AS high
          FROM cred c
    ),
    -- graduated and interpolated: the part [a, b] of the credit's range in
    -- each band (the first band reaches below 0: its lower bound is NULL,
    -- which greatest ignores; the last one's upper bound is NULL, which
    -- least ignores)
    part AS (
        SELECT s.credit_id, s.amount, band.n, band.lo, band.hi, band.rate, band.rise, band.run,
               greatest(CASE WHEN band.n > 1 THEN band.lo END, s.low) AS a,
               least(band.hi, s.high) AS b
          FROM span s, band, line
         WHERE line.mode IN ('graduated', 'interpolated')
    ),
    -- retroactive: the bands of the running total before and after the credit
    retro AS (
        SELECT s.credit_id, s.amount, s.prior,
               (SELECT max(band.n) FROM band WHERE band.n = 1 OR band.lo <= s.prior) AS was,
               (SELECT max(band.n) FROM band WHERE band.n = 1 OR band.lo <= s.prior + s.amount) AS now
          FROM span s, line
         WHERE line.mode = 'retroactive'
    ),
    -- the curve and the whole schedule at the running total before and
    -- after each credit of a capped or gated schedule
    edge AS (
        SELECT s.credit_id, v.*
          FROM span s, line
         CROSS JOIN LATERAL (
              SELECT x.total,
                     CASE WHEN line.quota IS NULL THEN spm.commission(x.total, line.bare)
                          ELSE spm.commission(x.total, line.bare, line.quota) END AS f,
                     CASE WHEN line.quota IS NULL THEN spm.commission(x.total, line.sched)
                          ELSE spm.commission(x.total, line.sched, line.quota) END AS c,
                     x.sign
                FROM (VALUES (s.prior, -1), (s.prior + s.amount, 1)) AS x(total, sign)
         ) v
         WHERE line.cap IS NOT NULL OR line.gate IS NOT NULL
    ),
    -- the rows of each credit before scaling: item, n (order within the
    -- credit), amount shown, bounds, rate and commission
    unscaled AS (
        SELECT p.credit_id, 'credit' AS item, p.n, p.amount AS shown, p.lo, p.hi,
               CASE line.mode WHEN 'graduated' THEN p.rate END AS rate,
               CASE line.mode
                    WHEN 'graduated' THEN sign(p.amount) * (p.b - p.a) * p.rate
                    ELSE sign(p.amount)
                         * (CASE WHEN line.quota IS NULL THEN spm.commission(p.b, line.bare)
                                 ELSE spm.commission(p.b, line.bare, line.quota) END
                            - CASE WHEN line.quota IS NULL THEN spm.commission(p.a, line.bare)
                                   ELSE spm.commission(p.a, line.bare, line.quota) END)
               END AS commission
          FROM part p, line
         WHERE p.a < p.b
        UNION ALL
        SELECT r.credit_id, 'credit', r.now, r.amount, now.lo, now.hi, now.rate, r.amount * now.rate
          FROM retro r JOIN band now ON now.n = r.now
         WHERE r.amount <> 0
        UNION ALL
        SELECT r.credit_id, 're-priced', 100, r.prior, now.lo, now.hi, now.rate - was.rate,
               r.prior * (now.rate - was.rate)
          FROM retro r JOIN band now ON now.n = r.now JOIN band was ON was.n = r.was
         WHERE r.prior * (now.rate - was.rate) <> 0
        UNION ALL
        -- G = -F below the gate, K = C - F - G: what the cap cut
        SELECT e.credit_id, g.item, g.n, g.shown, NULL, NULL, NULL, g.commission
          FROM (SELECT e.credit_id,
                       sum(e.sign * CASE WHEN e.total < line.gate THEN -e.f ELSE 0 END) AS gated,
                       sum(e.sign * (e.c - e.f - CASE WHEN e.total < line.gate THEN -e.f ELSE 0 END)) AS capped
                  FROM edge e, line GROUP BY e.credit_id) e, line
         CROSS JOIN LATERAL (VALUES ('gate', 101, line.gate, e.gated),
                                    ('schedule cap', 102, line.cap * line.scale, e.capped)) AS g(item, n, shown, commission)
         WHERE g.commission <> 0
    ),
    split AS (
        SELECT u.credit_id, u.item, u.n, u.shown, u.lo, u.hi,
               CASE WHEN line.share THEN u.commission * line.scale / line.quota
                    ELSE u.commission * line.scale END AS commission,
               -- a curve's slope: the payout at 1 of the curve from 0 to run
               -- paying |rise x scale| is rise x scale / run with the
               -- curve's precision (exact if it terminates, else 20 places)
               CASE WHEN line.mode = 'interpolated' AND u.item = 'credit'
                    THEN sign(b.rise) * spm.commission(1, spm.tiers(ARRAY[0, b.run], ARRAY[0, abs(b.rise * line.scale)],
                                                                    'interpolated'))
                    WHEN line.share THEN u.rate * line.scale / line.quota
                    ELSE u.rate * line.scale END AS rate,
               sum(CASE WHEN line.share THEN u.commission * line.scale / line.quota
                        ELSE u.commission * line.scale END) OVER (PARTITION BY u.credit_id) AS total
          FROM unscaled u CROSS JOIN line LEFT JOIN band b ON b.n = u.n
    ),
    rows AS (
        SELECT 1 AS ord, coalesce(s.item, 'credit') AS item, c.credit_id, c.credited_on,
               CASE WHEN coalesce(s.item, 'credit') = 'credit' THEN c.original_amount END AS original_amount,
               CASE WHEN coalesce(s.item, 'credit') = 'credit' THEN c.original_currency END AS original_currency,
               CASE WHEN coalesce(s.item, 'credit') = 'credit' THEN c.fx_rate END AS fx_rate,
               -- a credit without band rows first, before its deal cap
               coalesce(s.shown, c.amount) AS amount, coalesce(s.n, 0) AS n, s.lo, s.hi, s.rate,
               coalesce(s.commission, c.before_cap) AS commission
          FROM cred c
          LEFT JOIN split s ON s.credit_id = c.credit_id
               AND ((SELECT line.share FROM line)
                    OR NOT EXISTS (SELECT FROM split x WHERE x.credit_id = c.credit_id AND x.total <> c.before_cap))
        UNION ALL
        -- a share's rows are divided by the quota; the ledger carried the
        -- running share exactly where it terminates, else to 20 places
        SELECT 1, 'share rounding', c.credit_id, c.credited_on, NULL, NULL, NULL, NULL, 103, NULL, NULL, NULL,
               c.before_cap - s.total
          FROM cred c, line, (SELECT DISTINCT x.credit_id, x.total FROM split x) s
         WHERE line.share AND s.credit_id = c.credit_id AND s.total <> c.before_cap
        UNION ALL
        -- what the deal cap took off a credit (after its band rows)
        SELECT 1, 'deal cap', c.credit_id, c.credited_on, NULL, NULL, NULL, (line.inputs ->> 'deal_cap')::numeric,
               9223372036854775807, NULL, NULL, NULL, c.commission - c.uncapped
          FROM cred c, line WHERE c.uncapped IS NOT NULL
        UNION ALL
        SELECT 2, 'reversal', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, line.amount
          FROM line WHERE line.kind = 'reversal'
        UNION ALL
        SELECT 3, 'period cap', NULL, NULL, NULL, NULL, NULL, (line.inputs ->> 'period_cap')::numeric,
               NULL, NULL, NULL, NULL, (line.inputs ->> 'period_cap_cut')::numeric
          FROM line WHERE line.inputs ? 'period_cap_cut'
        UNION ALL
        SELECT 4, 'year cap', NULL, NULL, NULL, NULL, NULL,
               greatest((line.inputs ->> 'year_cap')::numeric - (line.inputs ->> 'paid_in_year')::numeric, 0),
               NULL, NULL, NULL, NULL, (line.inputs ->> 'year_cap_cut')::numeric
          FROM line WHERE line.inputs ? 'year_cap_cut'
        UNION ALL
        -- a draw: the top-up (amount: the draw) and the recovery (amount:
        -- the balance before it)
        SELECT 4, 'draw', NULL, NULL, NULL, NULL, NULL, (line.inputs ->> 'draw')::numeric,
               1, NULL, NULL, NULL, (line.inputs ->> 'draw_paid')::numeric
          FROM line WHERE line.inputs ? 'draw_paid'
        UNION ALL
        SELECT 4, 'recovery', NULL, NULL, NULL, NULL, NULL, (line.inputs ->> 'previous_balance')::numeric,
               2, NULL, NULL, NULL, -(line.inputs ->> 'recovered')::numeric
          FROM line WHERE line.inputs ? 'draw_paid'
        UNION ALL
        SELECT 5, 'rounding', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               line.amount - coalesce((SELECT sum(c.commission) FROM cred c), 0)
                 - coalesce((line.inputs ->> 'period_cap_cut')::numeric, 0)
                 - coalesce((line.inputs ->> 'year_cap_cut')::numeric, 0)
                 - coalesce((line.inputs ->> 'draw_paid')::numeric, 0)
                 + coalesce((line.inputs ->> 'recovered')::numeric, 0)
          FROM line WHERE line.kind <> 'reversal'
    )
    SELECT r.item, line.kind, line.component, line.version_id,
           CASE WHEN r.ord = 1 AND r.item = 'credit' THEN line.inputs ->> 'schedule' END,
           r.credit_id, r.credited_on, r.original_amount, r.original_currency, r.fx_rate, r.amount,
           CASE line.kind WHEN 'reversal' THEN line.reverses
                          WHEN 'clawback' THEN CASE WHEN r.ord = 1 THEN (line.inputs ->> 'original_line')::bigint END
           END,
           CASE WHEN line.kind = 'clawback' AND r.ord = 1
                THEN trim_scale((line.inputs ->> 'original_commission')::numeric
                                / nullif((line.inputs ->> 'original_amount')::numeric, 0)) END,
           r.lo, r.hi, r.rate, r.commission
      FROM line, rows r
     ORDER BY r.ord, r.credited_on, r.credit_id, r.n;
END;
COMMENT ON FUNCTION spm.explain(bigint) IS
    'the breakdown behind a payout line: its credits band by band in every schedule mode (graduated bands, retroactive re-pricing, pay curve segments, gate and schedule cap), rates and commissions, deal, period and year caps, a draw''s top-up and recovery, the line a reversal cancels, and rounding; adds up to the line';

-- ---- the rep's statement ------------------------------------------------

CREATE VIEW spm.payout_statement WITH (security_invoker) AS
SELECT l.rep_id, r.name AS rep_name,
       spm.period_label(l.period) AS period,
       pg_catalog.lower(l.period) AS period_start,
       pg_catalog.upper(l.period) - 1 AS period_end,
       l.payout_line_id, l.kind, l.component, l.version_id, l.reverses, l.credit_id,
       l.amount, l.currency, l.status,
       EXISTS (SELECT FROM spm.payout_hold h
                WHERE h.payout_line_id = l.payout_line_id AND h.rep_id = l.rep_id
                  AND h.released_at IS NULL) AS held
  FROM spm.payout_line l
  LEFT JOIN spm.rep r ON r.rep_id = l.rep_id;
COMMENT ON VIEW spm.payout_statement IS
    'each person''s payout lines with their status (draft, approved, locked, paid) and whether they are held';

-- ---- who may read and change what -----------------------------------------

-- spm_user members read the pay runs, and their own and their reporting
-- tree's lines; spm_admin members run the close.  No role may delete from
-- the ledger (the triggers refuse it even to the tables' owner).
GRANT SELECT ON spm.pay_run, spm.payout_line, spm.payout_detail, spm.payout_credit, spm.payout_hold, spm.payout_statement
    TO spm_user, spm_admin;
GRANT INSERT, UPDATE ON spm.pay_run, spm.payout_line, spm.payout_detail, spm.payout_hold TO spm_admin;
-- spm.calculate numbers the lines it writes before writing them
GRANT USAGE ON SEQUENCE spm.payout_line_payout_line_id_seq TO spm_admin;

ALTER TABLE spm.payout_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY payout_line_visible ON spm.payout_line FOR SELECT TO spm_user
    USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]));
CREATE POLICY payout_line_admin ON spm.payout_line TO spm_admin USING (true) WITH CHECK (true);
ALTER TABLE spm.payout_detail ENABLE ROW LEVEL SECURITY;
-- a line's credits and holds are visible with the line: they carry its rep_id
CREATE POLICY payout_detail_visible ON spm.payout_detail FOR SELECT TO spm_user
    USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]));
CREATE POLICY payout_detail_admin ON spm.payout_detail TO spm_admin USING (true) WITH CHECK (true);
ALTER TABLE spm.payout_hold ENABLE ROW LEVEL SECURITY;
CREATE POLICY payout_hold_visible ON spm.payout_hold FOR SELECT TO spm_user
    USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]));
CREATE POLICY payout_hold_admin ON spm.payout_hold TO spm_admin USING (true) WITH CHECK (true);

SELECT pg_catalog.pg_extension_config_dump('spm.pay_run', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_line', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_line_payout_line_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_detail', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_hold', '');

-- ==== from src/reports/reports.sql ====

-- ---------------------------------------------------------------------
-- Reports: the views BI tools read, over the data model of
-- src/model/model.sql and the functions of the other modules
-- ---------------------------------------------------------------------
--
-- Every column is a standard type.  Periods are shown as a label
-- (spm.period_label) with their first and last day.  Money is in the
-- person's currency (spm.rep.currency; credits in another currency are
-- converted at the rate of their date) and rounded to the currency's minor
-- unit: a column of lines is rounded cumulatively, line = round(total to
-- date) - round(total before it), so the lines add up to the rounded total.
-- Ratios are rounded to 4 decimals, survey scores to 1.  Every view but the
-- survey views runs with the querying role's rights (security_invoker), so
-- the row policies decide whose rows it shows.

-- ---- commission statements ------------------------------------------

-- One line per credit: its amount in the person's currency, the commission
-- it adds under the plan version in force on its date, and the running
-- totals of the pay period.  Each component of the version pays
-- spm.commission_increment on the running total of that version's credits
-- within the period; the line's commission is their sum.  A note says why
-- a line has no commission.
CREATE VIEW spm.commission_statement WITH (security_invoker) AS
SELECT s.rep_id, s.rep_name, s.team, s.manager_id,
       spm.period_label(s.pay_period) AS period,
       pg_catalog.lower(s.pay_period) AS period_start,
       pg_catalog.upper(s.pay_period) - 1 AS period_end,
       s.credit_id, s.deal_ref, s.credited_on, s.kind, s.reverses,
       s.plan_id, s.plan, s.version_id,
       s.currency,
       pg_catalog.round(s.credit_to_date, s.minor_unit)
         - pg_catalog.round(s.credit_to_date - s.amount, s.minor_unit) AS credit,
       pg_catalog.round(s.credit_to_date, s.minor_unit) AS credit_to_date,
       pg_catalog.round(s.commission_to_date, s.minor_unit)
         - pg_catalog.round(s.commission_to_date - s.commission, s.minor_unit) AS commission,
       pg_catalog.round(s.commission_to_date, s.minor_unit) AS commission_to_date,
       pg_catalog.round(s.credit_to_date / nullif(s.quota, 0), 4) AS attainment_to_date,
       s.original_amount, s.original_currency,
       s.note
  FROM (
    SELECT l.*, k.commission, k.note,
           pg_catalog.sum(l.amount) OVER running AS credit_to_date,
           pg_catalog.sum(k.commission) OVER running AS commission_to_date
      FROM (
        SELECT b.*, q.amount AS quota,
               pg_catalog.sum(b.amount) OVER version_to_date - b.amount AS prior,
               comp.schedules, comp.bases, pr.period IS NOT NULL AS calculated, led.commission AS ledger
          FROM (
            SELECT cr.credit_id, cr.rep_id, r.name AS rep_name, r.team, r.manager_id,
                   cr.deal_ref, cr.credited_on, cr.kind, cr.reverses,
                   cr.amount AS original_amount,
                   coalesce(cr.currency, r.currency) AS original_currency,
                   r.currency, coalesce(cu.minor_unit, 2) AS minor_unit,
                   CASE WHEN cr.currency IS NULL OR cr.currency = r.currency THEN cr.amount
                        ELSE pg_catalog.trim_scale(
                                 cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                                 / coalesce(ft.rate, spm.fx_rate_on(r.currency, cr.credited_on))) END AS amount,
                   a.plan_id, pl.name AS plan, v.version_id,
                   spm.pay_period(cr.credited_on, coalesce(pl.frequency, 'quarter')) AS pay_period
              FROM spm.credit cr
              -- a lookup per credit rather than a join: the planner would
              -- multiply the selectivities of the row policies of both
              -- tables, which filter on the same rep_id, and plan for one row
             CROSS JOIN LATERAL (SELECT p.name, p.team, p.manager_id, p.currency
                                   FROM spm.rep p WHERE p.rep_id = cr.rep_id OFFSET 0) r
              -- spm.minor_unit and spm.convert as joins (see the top of this file)
              LEFT JOIN spm.currency cu ON cu.currency = r.currency
              LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                                      AND cr.currency <> r.currency
              LEFT JOIN spm.fx_rate ft ON ft.currency = r.currency AND ft.valid @> cr.credited_on
                                      AND cr.currency <> r.currency
              LEFT JOIN spm.assignment a ON a.rep_id = cr.rep_id AND a.valid @> cr.credited_on
              LEFT JOIN spm.plan pl ON pl.plan_id = a.plan_id
              LEFT JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid @> cr.credited_on
             WHERE cr.measure = 'revenue'
          ) b
          LEFT JOIN spm.quota q ON q.rep_id = b.rep_id AND q.period = b.pay_period AND q.measure = 'revenue'
          -- the version's components a statement computes from credits: a
          -- schedule on revenue; the other kinds (SPIFFs, overrides,
          -- draws, on-target incentives, other measures) are paid by
          -- spm.calculate and show here once the period is calculated
          LEFT JOIN (SELECT pc.version_id, pg_catalog.array_agg(pc.schedule) AS schedules,
                            pg_catalog.array_agg(pc.basis) AS bases
                       FROM spm.plan_component pc
                      WHERE pc.kind = 'commission' AND pc.target_incentive IS NULL AND pc.measure = 'revenue'
                      GROUP BY pc.version_id) comp ON comp.version_id = b.version_id
          -- once the period has been calculated (spm.calculate), what the
          -- ledger recorded for the credit: the exact commission of its
          -- spm.payout_credit rows on the period's current lines (a
          -- clawback at the rate the reversed credit was paid; nothing for
          -- a credit added since the last calculation).  Joins rather than
          -- subqueries per credit, which Citus refuses beside the
          -- reference tables.
          LEFT JOIN spm.pay_run pr ON pr.period = b.pay_period AND pr.calculated_at IS NOT NULL
          LEFT JOIN (SELECT pl.rep_id, pl.period, pc.credit_id, pg_catalog.sum(pc.commission) AS commission
                       FROM spm.payout_line pl
                       JOIN spm.payout_credit pc ON pc.payout_line_id = pl.payout_line_id AND pc.rep_id = pl.rep_id
                      WHERE pl.kind <> 'reversal'
                        AND NOT EXISTS (SELECT FROM spm.payout_line x
                                         WHERE x.reverses = pl.payout_line_id AND x.rep_id = pl.rep_id)
                      GROUP BY pl.rep_id, pl.period, pc.credit_id) led
                 ON led.rep_id = b.rep_id AND led.period = b.pay_period AND led.credit_id = b.credit_id
        WINDOW version_to_date AS (PARTITION BY b.rep_id, b.pay_period, b.version_id
                                   ORDER BY b.credited_on, b.credit_id)
      ) l
     CROSS JOIN LATERAL (
        -- the version's components; attainment components need a quota
        -- above 0, and without one the line has a note and no commission;
        -- a calculated period's line has the ledger's commission
        SELECT CASE WHEN n.note IS NOT NULL THEN NULL
                    WHEN l.calculated THEN coalesce(l.ledger, 0)
                    ELSE n.total END AS commission, n.note
          FROM (SELECT coalesce(pg_catalog.sum(
                           CASE c.basis
                               WHEN 'amount' THEN spm.commission_increment(l.prior, l.amount, c.schedule)
                               WHEN 'attainment' THEN
                                   CASE WHEN l.quota > 0
                                        THEN spm.commission_increment(l.prior, l.amount, c.schedule, l.quota) END
                           END), 0) AS total,
                       CASE WHEN l.plan_id IS NULL THEN 'no plan assigned on ' || l.credited_on
                            WHEN l.version_id IS NULL
                            THEN 'plan ' || l.plan_id || ' has no version valid on ' || l.credited_on
                            WHEN NOT coalesce(pg_catalog.bool_or(c.basis = 'attainment'), false)
                                 OR l.quota > 0 THEN NULL
                            WHEN l.quota = 0 THEN 'the quota for ' || spm.period_label(l.pay_period) || ' is 0'
                            ELSE 'no quota for ' || spm.period_label(l.pay_period) END AS note
                  FROM ROWS FROM (pg_catalog.unnest(l.schedules), pg_catalog.unnest(l.bases)) AS c(schedule, basis)) n
     ) k
    WINDOW running AS (PARTITION BY l.rep_id, l.pay_period ORDER BY l.credited_on, l.credit_id)
  ) s;
COMMENT ON VIEW spm.commission_statement IS
    'one line per credit with the commission it adds (the ledger''s, once the period is calculated), rounded cumulatively so lines add up to the totals';

-- One row per person and pay period: the statement's totals.
CREATE VIEW spm.payout_summary WITH (security_invoker) AS
SELECT s.rep_id, s.rep_name, s.team, s.manager_id,
       s.period, s.period_start, s.period_end,
       pg_catalog.string_agg(DISTINCT s.plan, ', ') AS plan,
       s.currency,
       pg_catalog.count(*) AS credits,
       pg_catalog.sum(s.credit) AS credited,
       -- a calculated period's total is its lines in the ledger
       CASE WHEN EXISTS (SELECT FROM spm.pay_run pr
                          WHERE pr.period = pg_catalog.daterange(s.period_start, s.period_end, '[]')
                            AND pr.calculated_at IS NOT NULL)
            THEN (SELECT pg_catalog.sum(pl.amount) FROM spm.payout_line pl
                   WHERE pl.rep_id = s.rep_id
                     AND pl.period = pg_catalog.daterange(s.period_start, s.period_end, '[]'))
            ELSE pg_catalog.sum(s.commission) END AS commission,
       pg_catalog.count(*) FILTER (WHERE s.note IS NOT NULL) AS lines_with_notes
  FROM spm.commission_statement s
 GROUP BY s.rep_id, s.rep_name, s.team, s.manager_id, s.period, s.period_start,
          s.period_end, s.currency;
COMMENT ON VIEW spm.payout_summary IS
    'commission per person and pay period: the totals of spm.commission_statement, or of the ledger once the period is calculated';

-- ---- quotas -----------------------------------------------------------

-- One row per quota: what was credited in its period up to the as-of date
-- (spm.as_of()), attainment, and pace (spm.pacing).
CREATE VIEW spm.attainment_report WITH (security_invoker) AS
SELECT b.rep_id, b.rep_name, b.team, b.manager_id,
       spm.period_label(b.period) AS period,
       pg_catalog.lower(b.period) AS period_start,
       pg_catalog.upper(b.period) - 1 AS period_end,
       b.currency,
       pg_catalog.round(b.quota, b.minor_unit) AS quota,
       pg_catalog.round(c.credited, b.minor_unit) AS credited,
       pg_catalog.round(spm.attainment(c.credited, b.quota), 4) AS attainment,
       b.as_of,
       pg_catalog.round(p.elapsed_fraction, 4) AS elapsed_fraction,
       pg_catalog.round(p.expected, b.minor_unit) AS expected,
       pg_catalog.round(p.pace, 4) AS pace,
       pg_catalog.round(p.projected, b.minor_unit) AS projected,
       pg_catalog.round(p.gap, b.minor_unit) AS gap,
       pg_catalog.round(p.required_per_day, b.minor_unit) AS required_per_day
  FROM (SELECT q.rep_id, r.name AS rep_name, r.team, r.manager_id, r.currency,
               q.period, q.measure, q.amount AS quota,
               -- spm.minor_unit as a join: a row of spm.currency (rep.currency
               -- references it), 2 for none
               coalesce(cu.minor_unit, 2) AS minor_unit, spm.as_of() AS as_of
          FROM spm.quota q
          JOIN spm.rep r ON r.rep_id = q.rep_id
          LEFT JOIN spm.currency cu ON cu.currency = r.currency
         -- money quotas; quotas of other measures (units, ...) are paid
         -- through plan components and are not money
         WHERE q.measure = 'revenue') b
  CROSS JOIN LATERAL (
    -- spm.convert with the rates joined
    SELECT coalesce(pg_catalog.sum(
               CASE WHEN cr.currency IS NULL OR cr.currency = b.currency THEN cr.amount
                    ELSE pg_catalog.trim_scale(
                             cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                             / coalesce(ft.rate, spm.fx_rate_on(b.currency, cr.credited_on))) END), 0) AS credited
      FROM spm.credit cr
      LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                              AND cr.currency <> b.currency
      LEFT JOIN spm.fx_rate ft ON ft.currency = b.currency AND ft.valid @> cr.credited_on
                              AND cr.currency <> b.currency
     WHERE cr.rep_id = b.rep_id AND cr.measure = b.measure
       AND cr.credited_on >= pg_catalog.lower(b.period)
       AND cr.credited_on < pg_catalog.upper(b.period)
       AND cr.credited_on <= b.as_of) c
  CROSS JOIN LATERAL spm.pacing(c.credited, b.quota, b.period, b.as_of) p;
COMMENT ON VIEW spm.attainment_report IS
    'attainment and pace of every revenue quota, as of spm.as_of()';

-- Quota periods that have started, ranked by attainment; the streak of
-- periods of the same length at quota up to each one (a period still
-- running counts once it is reached), and a level for the attainment.
-- Ranks are among the rows the querying role can see: a manager's
-- leaderboard ranks their reporting tree.
CREATE VIEW spm.leaderboard WITH (security_invoker) AS
SELECT a.rep_id, a.rep_name, a.team, a.period, a.period_start, a.period_end,
       a.currency, a.quota, a.credited, a.attainment,
       pg_catalog.rank() OVER (PARTITION BY a.period_start, a.period_end
                               ORDER BY a.attainment DESC NULLS LAST) AS rank,
       pg_catalog.rank() OVER (PARTITION BY a.period_start, a.period_end, a.team
                               ORDER BY a.attainment DESC NULLS LAST) AS team_rank,
       coalesce((spm.streak(CASE WHEN a.credited >= a.quota THEN true
                                 WHEN a.period_end < a.as_of THEN false END)
                     OVER (PARTITION BY a.rep_id, pg_catalog.round((a.period_end - a.period_start + 1) / 30.4375)
                           ORDER BY a.period_start)).current, 0) AS streak,
       spm.level(a.attainment, '{0.8,1,1.2,1.5}', '{Bronze,Silver,Gold,President''s Club}') AS level
  FROM spm.attainment_report a
 WHERE a.period_start <= a.as_of;
COMMENT ON VIEW spm.leaderboard IS
    'started quota periods ranked by attainment, with streaks at quota and levels';

-- ---- pipeline ---------------------------------------------------------

-- Salesforce-style forecast roll-ups per calendar quarter of expected
-- close: commit = closed + commit, best case = commit + best case,
-- pipeline = every open opportunity that is not omitted, weighted =
-- spm.weighted_pipeline.  Closed is what was credited in the quarter up to
-- the as-of date.  Scope 'rep' rows are one person's own numbers; scope
-- 'team' rows, for everyone with reports, add up their whole reporting
-- tree (themselves included) in their currency, converted at the as-of
-- date.  Quarters shown: those with open opportunities, and the as-of
-- quarter when the person has a quota for it or credits in it.
CREATE VIEW spm.pipeline_forecast WITH (security_invoker) AS
WITH person AS MATERIALIZED (
    -- (spm.minor_unit as a join, see the top of this file)
    SELECT r.rep_id, r.name AS rep_name, r.manager_id, r.currency,
           coalesce(cu.minor_unit, 2) AS minor_unit
      FROM spm.rep r
      LEFT JOIN spm.currency cu ON cu.currency = r.currency
), head AS MATERIALIZED (
    SELECT DISTINCT p.manager_id AS head_id FROM person p WHERE p.manager_id IS NOT NULL
), tree(head_id, rep_id) AS MATERIALIZED (
    -- everyone with reports, and their whole tree (themselves included):
    -- spm.reports_below over the heads alone, not a recursive query
    -- (which Citus refuses over the distributed spm.rep; this way it runs
    -- on the coordinator)
    SELECT h.head_id, h.head_id FROM head h
    UNION ALL
    SELECT h.head_id, b.rep_id FROM head h CROSS JOIN LATERAL spm.reports_below(h.head_id) AS b(rep_id)
), pipe AS (
    SELECT o.rep_id, spm.pay_period(o.expected_close, 'quarter') AS quarter,
           pg_catalog.sum(o.amount) FILTER (WHERE o.forecast_category = 'commit') AS commit,
           pg_catalog.sum(o.amount) FILTER (WHERE o.forecast_category = 'best_case') AS best_case,
           pg_catalog.sum(o.amount) AS pipeline,
           spm.weighted_pipeline(o.amount, o.probability) AS weighted
      FROM (SELECT op.rep_id, op.expected_close, op.forecast_category, op.probability,
                   -- spm.convert at the as-of date with the rates joined
                   CASE WHEN op.currency IS NULL OR op.currency = r.currency THEN op.amount
                        ELSE pg_catalog.trim_scale(
                                 op.amount * coalesce(ff.rate, spm.fx_rate_on(op.currency, spm.as_of()))
                                 / coalesce(ft.rate, spm.fx_rate_on(r.currency, spm.as_of()))) END AS amount
              FROM spm.opportunity op
              JOIN spm.rep r ON r.rep_id = op.rep_id
              LEFT JOIN spm.fx_rate ff ON ff.currency = op.currency AND ff.valid @> spm.as_of()
                                      AND op.currency <> r.currency
              LEFT JOIN spm.fx_rate ft ON ft.currency = r.currency AND ft.valid @> spm.as_of()
                                      AND op.currency <> r.currency
             WHERE op.forecast_category IN ('pipeline', 'best_case', 'commit')
               AND op.expected_close IS NOT NULL) o
     GROUP BY o.rep_id, spm.pay_period(o.expected_close, 'quarter')
), shown AS MATERIALIZED (
    -- the quarters shown per person
    SELECT pi.rep_id, pi.quarter FROM pipe pi
    UNION
    SELECT q.rep_id, q.period FROM spm.quota q
     WHERE q.period = spm.pay_period(spm.as_of(), 'quarter') AND q.measure = 'revenue'
    UNION
    SELECT cr.rep_id, spm.pay_period(spm.as_of(), 'quarter') FROM spm.credit cr
     WHERE cr.measure = 'revenue'
       AND cr.credited_on >= pg_catalog.lower(spm.pay_period(spm.as_of(), 'quarter'))
       AND cr.credited_on <= spm.as_of()
), closed AS (
    -- what was credited in each quarter shown up to the as-of date
    -- (spm.convert at the credit's date, with the rates joined)
    SELECT k.rep_id, k.quarter,
           pg_catalog.sum(
               CASE WHEN cr.currency IS NULL OR cr.currency = p.currency THEN cr.amount
                    ELSE pg_catalog.trim_scale(
                             cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                             / coalesce(ft.rate, spm.fx_rate_on(p.currency, cr.credited_on))) END) AS amount
      FROM shown k
      JOIN spm.rep p ON p.rep_id = k.rep_id
      JOIN spm.credit cr ON cr.rep_id = k.rep_id AND cr.measure = 'revenue'
                        AND cr.credited_on >= pg_catalog.lower(k.quarter)
                        AND cr.credited_on < pg_catalog.upper(k.quarter)
                        AND cr.credited_on <= spm.as_of()
      LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                              AND cr.currency <> p.currency
      LEFT JOIN spm.fx_rate ft ON ft.currency = p.currency AND ft.valid @> cr.credited_on
                              AND cr.currency <> p.currency
     GROUP BY k.rep_id, k.quarter
), own AS (
    SELECT k.rep_id, k.quarter,
           coalesce(pi.commit, 0) AS commit,
           coalesce(pi.best_case, 0) AS best_case,
           coalesce(pi.pipeline, 0) AS pipeline,
           coalesce(pi.weighted, 0) AS weighted,
           q.amount AS quota,
           coalesce(c.amount, 0) AS closed
      FROM shown k
      JOIN person p ON p.rep_id = k.rep_id
      LEFT JOIN pipe pi ON pi.rep_id = k.rep_id AND pi.quarter = k.quarter
      LEFT JOIN spm.quota q ON q.rep_id = k.rep_id AND q.period = k.quarter AND q.measure = 'revenue'
      LEFT JOIN closed c ON c.rep_id = k.rep_id AND c.quarter = k.quarter
), rollup AS (
    SELECT o.rep_id, 'rep' AS scope, o.quarter, o.quota, o.closed, o.commit, o.best_case,
           o.pipeline, o.weighted
      FROM own o
    UNION ALL
    SELECT t.head_id, 'team', o.quarter,
           pg_catalog.sum(spm.convert(o.quota, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.closed, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.commit, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.best_case, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.pipeline, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.weighted, m.currency, h.currency, spm.as_of()))
      FROM tree t
      JOIN own o ON o.rep_id = t.rep_id
      JOIN person h ON h.rep_id = t.head_id
      JOIN person m ON m.rep_id = t.rep_id
     GROUP BY t.head_id, o.quarter
)
SELECT ro.rep_id, p.rep_name, p.manager_id, ro.scope,
       spm.period_label(ro.quarter) AS period,
       pg_catalog.lower(ro.quarter) AS period_start,
       pg_catalog.upper(ro.quarter) - 1 AS period_end,
       p.currency,
       pg_catalog.round(ro.quota, p.minor_unit) AS quota,
       pg_catalog.round(ro.closed, p.minor_unit) AS closed,
       pg_catalog.round(ro.closed + ro.commit, p.minor_unit) AS commit,
       pg_catalog.round(ro.closed + ro.commit + ro.best_case, p.minor_unit) AS best_case,
       pg_catalog.round(ro.pipeline, p.minor_unit) AS pipeline,
       pg_catalog.round(ro.weighted, p.minor_unit) AS weighted,
       pg_catalog.round(spm.coverage(ro.pipeline, ro.quota, ro.closed), 2) AS coverage
  FROM rollup ro
  JOIN person p ON p.rep_id = ro.rep_id;
COMMENT ON VIEW spm.pipeline_forecast IS
    'commit, best case and pipeline per person and quarter, and rolled up over each manager''s tree';

-- Monthly credited revenue, and a 12-month forecast of it (spm.forecast,
-- method auto, seasonal once there are two years of history) with 80% and
-- 95% prediction intervals.  One series per team and currency, and one per
-- currency for everything the querying role can see (team NULL).  History
-- runs from the first credited month to the last complete month before
-- the as-of date; a series shorter than four months gets no forecast.
CREATE VIEW spm.revenue_forecast WITH (security_invoker) AS
WITH by_team AS MATERIALIZED (
    -- per team (NULL included), currency and month; spm.convert with the
    -- rates joined (see the top of this file)
    SELECT r.team, r.currency,
           pg_catalog.lower(spm.pay_period(cr.credited_on, 'month')) AS month,
           pg_catalog.sum(
               CASE WHEN cr.currency IS NULL OR cr.currency = r.currency THEN cr.amount
                    ELSE pg_catalog.trim_scale(
                             cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                             / coalesce(ft.rate, spm.fx_rate_on(r.currency, cr.credited_on))) END) AS revenue
      FROM spm.credit cr
      JOIN spm.rep r ON r.rep_id = cr.rep_id
      LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                              AND cr.currency <> r.currency
      LEFT JOIN spm.fx_rate ft ON ft.currency = r.currency AND ft.valid @> cr.credited_on
                              AND cr.currency <> r.currency
     WHERE cr.measure = 'revenue'
       AND cr.credited_on < pg_catalog.lower(spm.pay_period(spm.as_of(), 'month'))
     GROUP BY r.team, r.currency, spm.pay_period(cr.credited_on, 'month')
), monthly AS (
    -- the teams' series, and the total per currency (total, team NULL):
    -- the sum of its teams' sums, everyone without a team included
    SELECT bt.team, bt.currency, false AS total, bt.month, bt.revenue
      FROM by_team bt
     WHERE bt.team IS NOT NULL
    UNION ALL
    SELECT NULL, bt.currency, true, bt.month, pg_catalog.sum(bt.revenue)
      FROM by_team bt
     GROUP BY bt.currency, bt.month
), series AS (
    -- every month from the first credited one to the last complete one,
    -- months without credits counting 0
    SELECT s.team, s.currency, s.first_month,
           pg_catalog.array_agg(coalesce(m.revenue, 0) ORDER BY g.month) AS revenue,
           pg_catalog.count(*)::integer AS n
      FROM (SELECT mo.team, mo.currency, mo.total, pg_catalog.min(mo.month) AS first_month
              FROM monthly mo GROUP BY mo.team, mo.currency, mo.total) s
     CROSS JOIN LATERAL pg_catalog.generate_series(
                s.first_month::timestamp,
                pg_catalog.lower(spm.pay_period(spm.as_of(), 'month'))::timestamp - interval '1 month',
                interval '1 month') AS g(month)
      LEFT JOIN monthly m ON m.team IS NOT DISTINCT FROM s.team AND m.currency IS NOT DISTINCT FROM s.currency
                         AND m.total = s.total AND m.month = g.month::date
     GROUP BY s.team, s.currency, s.total, s.first_month
), history AS (
    SELECT s.*, s.revenue::float8[] AS y,
           spm.minor_unit(s.currency) AS minor_unit,
           CASE WHEN s.n >= 24 THEN 12 END AS season
      FROM series s
)
SELECT h.team, h.currency, 'actual' AS kind,
       spm.period_label(spm.pay_period(m.month, 'month')) AS period,
       m.month AS period_start, pg_catalog.upper(spm.pay_period(m.month, 'month')) - 1 AS period_end,
       pg_catalog.round(h.revenue[m.i], h.minor_unit) AS revenue,
       NULL::numeric AS forecast,
       NULL::numeric AS lower_80, NULL::numeric AS upper_80,
       NULL::numeric AS lower_95, NULL::numeric AS upper_95,
       NULL::text AS method
  FROM history h
 CROSS JOIN LATERAL (SELECT g.i, (h.first_month + pg_catalog.make_interval(months => g.i - 1))::date AS month
                       FROM pg_catalog.generate_series(1, h.n) AS g(i)) m
UNION ALL
SELECT h.team, h.currency, 'forecast',
       spm.period_label(spm.pay_period(f.month, 'month')),
       f.month, pg_catalog.upper(spm.pay_period(f.month, 'month')) - 1,
       NULL,
       pg_catalog.round(f.point::numeric, h.minor_unit),
       pg_catalog.round(f.lower_80::numeric, h.minor_unit), pg_catalog.round(f.upper_80::numeric, h.minor_unit),
       pg_catalog.round(f.lower_95::numeric, h.minor_unit), pg_catalog.round(f.upper_95::numeric, h.minor_unit),
       fit.method
  FROM history h
 CROSS JOIN LATERAL spm.forecast_fit(h.y, 'auto', h.season) fit
 -- the two intervals side by side, step by step (ROWS FROM rather than a
 -- join of the two calls, which Citus 13.2 plans as a query of no rows)
 CROSS JOIN LATERAL (
    SELECT (h.first_month + pg_catalog.make_interval(months => h.n + x.step - 1))::date AS month,
           x.point, x.lower_80, x.upper_80, x.lower_95, x.upper_95
      FROM ROWS FROM (spm.forecast(h.y, 12, 'auto', h.season, 0.95),
                      spm.forecast(h.y, 12, 'auto', h.season, 0.80))
           AS x(step, point, lower_95, upper_95, step_80, point_80, lower_80, upper_80)
     WHERE x.step_80 = x.step) f
 WHERE h.n >= 4;
COMMENT ON VIEW spm.revenue_forecast IS
    'monthly credited revenue per team and in total, and its 12-month forecast with 80% and 95% intervals';

-- ---- surveys ----------------------------------------------------------

-- eNPS per team and month, from the anonymous answers, suppressed below
-- 5 answers: every column but responses is NULL then (spm.nps_stats with
-- min_responses).  It runs with its owner's rights on purpose: nobody else
-- can read the scores it aggregates.  Answers are grouped one way only
-- (team and month, no totals), so no two groups can be subtracted to
-- reveal a suppressed one.
CREATE VIEW spm.team_enps WITH (security_barrier) AS
SELECT g.team, spm.period_label(g.month) AS period,
       pg_catalog.lower(g.month) AS period_start, pg_catalog.upper(g.month) - 1 AS period_end,
       (g.stats).responses, (g.stats).promoters, (g.stats).passives, (g.stats).detractors,
       pg_catalog.round(g.enps, 1) AS enps,
       pg_catalog.round((g.stats).std_error::numeric, 2)::float8 AS std_error,
       pg_catalog.round((g.stats).ci95_lower::numeric, 1)::float8 AS ci95_lower,
       pg_catalog.round((g.stats).ci95_upper::numeric, 1)::float8 AS ci95_upper
  FROM (SELECT sr.team, spm.pay_period(sr.answered_on, 'month') AS month,
               spm.nps_stats(sr.score, 5) AS stats, spm.enps(sr.score, 5) AS enps
          FROM spm.survey_response sr
         WHERE sr.question = 'enps'
         GROUP BY sr.team, spm.pay_period(sr.answered_on, 'month')) g;
COMMENT ON VIEW spm.team_enps IS
    'eNPS per team and month with its 95% interval, suppressed below 5 answers';

-- Every survey question the same way: eNPS and NPS in points, CSAT in
-- percent satisfied, per team and month, suppressed below 5 answers.
CREATE VIEW spm.survey_summary WITH (security_barrier) AS
SELECT g.team, g.question, spm.period_label(g.month) AS period,
       pg_catalog.lower(g.month) AS period_start, pg_catalog.upper(g.month) - 1 AS period_end,
       g.responses, pg_catalog.round(g.score, 1) AS score
  FROM (SELECT sr.team, sr.question, spm.pay_period(sr.answered_on, 'month') AS month,
               pg_catalog.count(sr.score) AS responses,
               CASE sr.question WHEN 'csat' THEN spm.csat(sr.score, 5) FILTER (WHERE sr.question = 'csat')
                                ELSE spm.enps(sr.score, 5) FILTER (WHERE sr.question <> 'csat') END AS score
          FROM spm.survey_response sr
         GROUP BY sr.team, sr.question, spm.pay_period(sr.answered_on, 'month')) g;
COMMENT ON VIEW spm.survey_summary IS
    'eNPS, NPS (points) and CSAT (percent) per team and month, suppressed below 5 answers';

GRANT SELECT ON spm.commission_statement, spm.payout_summary, spm.attainment_report,
                spm.leaderboard, spm.pipeline_forecast, spm.revenue_forecast,
                spm.team_enps, spm.survey_summary
    TO spm_user, spm_admin;
