/*
 * spm install script.  The Makefile builds spm--<version>.sql by
 * concatenating this header with each module's declarations (the .sql file beside each module's C code).
 * Objects are created in schema spm (see spm.control); every name is
 * schema-qualified and nothing uses CREATE OR REPLACE.
 */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION spm" to load this file. \quit

COMMENT ON SCHEMA spm IS 'spm: Sales Performance Management inside PostgreSQL';
-- ---------------------------------------------------------------------
-- Surveys: eNPS, NPS, CSAT  (C code: src/surveys/surveys.c, src/core/survey.c)
-- ---------------------------------------------------------------------

-- Transition state shared by every survey aggregate: answer counts
-- (high, mid, low) and the anonymity threshold.  Fixed size, with a text
-- form that round-trips, so partial aggregates can travel between parallel
-- workers or distributed nodes.
CREATE TYPE spm.survey_state;

CREATE FUNCTION spm.survey_state_in(cstring) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_survey_state_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.survey_state_out(spm.survey_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_survey_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.survey_state_recv(internal) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_survey_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.survey_state_send(spm.survey_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_survey_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE spm.survey_state (
    INPUT = spm.survey_state_in,
    OUTPUT = spm.survey_state_out,
    RECEIVE = spm.survey_state_recv,
    SEND = spm.survey_state_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.survey_state IS
    'transition state of the survey aggregates: (high, mid, low, min_responses) answer counts';

CREATE TYPE spm.nps_result AS (
    responses   bigint,
    promoters   bigint,
    passives    bigint,
    detractors  bigint,
    nps         float8,
    std_error   float8,
    ci95_lower  float8,
    ci95_upper  float8
);
COMMENT ON TYPE spm.nps_result IS 'result of spm.nps_stats: counts, NPS, standard error and 95% interval';

-- Transition and inverse transition functions.  Deliberately not STRICT:
-- they skip NULL scores themselves, which spares the executor a strictness
-- check per row (every aggregate declares an INITCOND, so the state is never
-- NULL), and the two-argument eNPS must report a NULL min_responses as an
-- error rather than silently skip the row.
CREATE FUNCTION spm.enps_trans(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_enps_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.enps_retract(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_enps_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.enps_trans(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_enps_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.enps_retract(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_enps_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.nps_trans(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_nps_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.nps_retract(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_nps_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.csat_trans(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_csat_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.csat_retract(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_csat_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.survey_combine(spm.survey_state, spm.survey_state) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_survey_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.enps_final(spm.survey_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_enps_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.csat_final(spm.survey_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_csat_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.nps_stats_final(spm.survey_state) RETURNS spm.nps_result
    AS 'MODULE_PATHNAME', 'spm_nps_stats_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The aggregates.  Each also has a moving-aggregate form (MSFUNC/MINVFUNC),
-- so a rolling window such as "last 3 months" costs O(1) per row.
CREATE AGGREGATE spm.enps(score integer) (
    SFUNC = spm.enps_trans,
    STYPE = spm.survey_state,
    INITCOND = '(0,0,0,0)',
    FINALFUNC = spm.enps_final,
    COMBINEFUNC = spm.survey_combine,
    MSFUNC = spm.enps_trans,
    MINVFUNC = spm.enps_retract,
    MSTYPE = spm.survey_state,
    MINITCOND = '(0,0,0,0)',
    MFINALFUNC = spm.enps_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.enps(integer) IS
    'eNPS/NPS: 100 * (promoters - detractors) / responses for 0..10 scores';

CREATE AGGREGATE spm.enps(score integer, min_responses integer) (
    SFUNC = spm.enps_trans,
    STYPE = spm.survey_state,
    INITCOND = '(0,0,0,0)',
    FINALFUNC = spm.enps_final,
    COMBINEFUNC = spm.survey_combine,
    MSFUNC = spm.enps_trans,
    MINVFUNC = spm.enps_retract,
    MSTYPE = spm.survey_state,
    MINITCOND = '(0,0,0,0)',
    MFINALFUNC = spm.enps_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.enps(integer, integer) IS
    'eNPS, or NULL when fewer than min_responses answers (anonymity threshold)';

CREATE AGGREGATE spm.nps_stats(score integer) (
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
COMMENT ON AGGREGATE spm.nps_stats(integer) IS
    'NPS with counts, standard error and 95% confidence interval';

CREATE AGGREGATE spm.csat(score integer) (
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
COMMENT ON AGGREGATE spm.csat(integer) IS
    'CSAT: percent of 1..5 answers that are 4 or 5';

CREATE FUNCTION spm.nps_category(score integer) RETURNS text
    AS 'MODULE_PATHNAME', 'spm_nps_category'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.nps_category(integer) IS
    'promoter (9-10), passive (7-8) or detractor (0-6)';
-- ---------------------------------------------------------------------
-- Commissions: rate tables, commission, statement lines, splits,
-- proration, draws  (C code: src/commissions/*.c, src/core/tiers_text.c)
-- ---------------------------------------------------------------------

-- spm.tier_schedule: a validated rate table.  Text form:
--   'graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10; cap 20000; gate 10000'
-- STORAGE plain: schedules are small (at most 4 kB) and are read on every
-- row, so they are never compressed or packed.
CREATE TYPE spm.tier_schedule;

CREATE FUNCTION spm.tier_schedule_in(cstring) RETURNS spm.tier_schedule
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_out(spm.tier_schedule) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_recv(internal) RETURNS spm.tier_schedule
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_send(spm.tier_schedule) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE spm.tier_schedule (
    INPUT = spm.tier_schedule_in,
    OUTPUT = spm.tier_schedule_out,
    RECEIVE = spm.tier_schedule_recv,
    SEND = spm.tier_schedule_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = plain
);
COMMENT ON TYPE spm.tier_schedule IS
    'commission rate table: graduated or retroactive bands, optional cap and gate';

-- Not STRICT: a NULL cap or gate means "none"; NULL thresholds, rates or
-- mode are errors.
CREATE FUNCTION spm.tiers(thresholds numeric[], rates numeric[],
                          mode text DEFAULT 'graduated',
                          cap numeric DEFAULT NULL, gate numeric DEFAULT NULL)
    RETURNS spm.tier_schedule
    AS 'MODULE_PATHNAME', 'spm_tiers'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.tiers(numeric[], numeric[], text, numeric, numeric) IS
    'build a rate table from lower thresholds (the first is 0) and one rate per band';

CREATE FUNCTION spm.tier_thresholds(schedule spm.tier_schedule) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_thresholds'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_rates(schedule spm.tier_schedule) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_mode(schedule spm.tier_schedule) RETURNS text
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_mode'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_cap(schedule spm.tier_schedule) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_cap'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_gate(schedule spm.tier_schedule) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_gate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- jsonb form: {"mode": ..., "thresholds": [...], "rates": [...], "cap": ..., "gate": ...}
CREATE FUNCTION spm.tier_schedule_to_jsonb(schedule spm.tier_schedule) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
    'mode', spm.tier_mode(schedule),
    'thresholds', spm.tier_thresholds(schedule),
    'rates', spm.tier_rates(schedule),
    'cap', spm.tier_cap(schedule),
    'gate', spm.tier_gate(schedule)));
CREATE FUNCTION spm.tier_schedule_from_jsonb(jsonb) RETURNS spm.tier_schedule
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_from_jsonb'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE CAST (spm.tier_schedule AS jsonb) WITH FUNCTION spm.tier_schedule_to_jsonb(spm.tier_schedule);
CREATE CAST (jsonb AS spm.tier_schedule) WITH FUNCTION spm.tier_schedule_from_jsonb(jsonb);

-- Equality: same mode and numerically equal bands, cap and gate.  With the
-- hash operator class, plans can be grouped (GROUP BY plan), deduplicated
-- and joined on.
CREATE FUNCTION spm.tier_schedule_eq(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_eq'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_ne(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_ne'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_hash(spm.tier_schedule) RETURNS integer
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OPERATOR spm.= (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_eq,
    COMMUTATOR = OPERATOR(spm.=), NEGATOR = OPERATOR(spm.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR spm.<> (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_ne,
    COMMUTATOR = OPERATOR(spm.<>), NEGATOR = OPERATOR(spm.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR CLASS spm.tier_schedule_ops
    DEFAULT FOR TYPE spm.tier_schedule USING hash AS
        OPERATOR 1 spm.= ,
        FUNCTION 1 spm.tier_schedule_hash(spm.tier_schedule);

-- Commission on a basis; with a quota, thresholds and gate are fractions of it.
CREATE FUNCTION spm.commission(basis numeric, schedule spm.tier_schedule) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_commission'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission(basis numeric, schedule spm.tier_schedule, quota numeric)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_commission'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission_increment(prior numeric, amount numeric,
                                         schedule spm.tier_schedule) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_commission_increment'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission_increment(prior numeric, amount numeric,
                                         schedule spm.tier_schedule, quota numeric)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_commission_increment'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- spm.commission_agg: commission of the summed amount.  The state sums
-- exact numerics (like sum(numeric)), so it is internal with serialize /
-- deserialize for parallel aggregation.  The transition functions are not
-- STRICT: NULL amounts are skipped, NULL schedules or quotas are errors.
CREATE FUNCTION spm.commission_agg_trans(internal, numeric, spm.tier_schedule)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_commission_agg_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_trans(internal, numeric, spm.tier_schedule, numeric)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_commission_agg_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_commission_agg_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_commission_agg_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_commission_agg_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.commission_agg_final(internal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_commission_agg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE spm.commission_agg(amount numeric, schedule spm.tier_schedule) (
    SFUNC = spm.commission_agg_trans,
    STYPE = internal,
    SSPACE = 128,
    FINALFUNC = spm.commission_agg_final,
    COMBINEFUNC = spm.commission_agg_combine,
    SERIALFUNC = spm.commission_agg_serialize,
    DESERIALFUNC = spm.commission_agg_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE spm.commission_agg(amount numeric, schedule spm.tier_schedule, quota numeric) (
    SFUNC = spm.commission_agg_trans,
    STYPE = internal,
    SSPACE = 160,
    FINALFUNC = spm.commission_agg_final,
    COMBINEFUNC = spm.commission_agg_combine,
    SERIALFUNC = spm.commission_agg_serialize,
    DESERIALFUNC = spm.commission_agg_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.commission_agg(numeric, spm.tier_schedule) IS
    'commission of the summed amount';
COMMENT ON AGGREGATE spm.commission_agg(numeric, spm.tier_schedule, numeric) IS
    'commission of the summed amount, thresholds as fractions of quota';

-- spm.deal_commission: in a window ordered by deal, the commission that the
-- current row adds to the running total: one query, every statement line.
CREATE FUNCTION spm.deal_commission_trans(internal, numeric, spm.tier_schedule)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_deal_commission_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_trans(internal, numeric, spm.tier_schedule, numeric)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_deal_commission_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_deal_commission_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_deal_commission_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_deal_commission_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.deal_commission_final(internal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_deal_commission_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE spm.deal_commission(amount numeric, schedule spm.tier_schedule) (
    SFUNC = spm.deal_commission_trans,
    STYPE = internal,
    SSPACE = 160,
    FINALFUNC = spm.deal_commission_final,
    COMBINEFUNC = spm.deal_commission_combine,
    SERIALFUNC = spm.deal_commission_serialize,
    DESERIALFUNC = spm.deal_commission_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE spm.deal_commission(amount numeric, schedule spm.tier_schedule, quota numeric) (
    SFUNC = spm.deal_commission_trans,
    STYPE = internal,
    SSPACE = 192,
    FINALFUNC = spm.deal_commission_final,
    COMBINEFUNC = spm.deal_commission_combine,
    SERIALFUNC = spm.deal_commission_serialize,
    DESERIALFUNC = spm.deal_commission_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.deal_commission(numeric, spm.tier_schedule) IS
    'as a window function ordered by deal: the commission the current row adds';
COMMENT ON AGGREGATE spm.deal_commission(numeric, spm.tier_schedule, numeric) IS
    'as a window function ordered by deal: the commission the current row adds, on quota';

-- Splits and proration
CREATE FUNCTION spm.split(amount numeric, weights numeric[], scale integer DEFAULT 2)
    RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'spm_split'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.split(numeric, numeric[], integer) IS
    'split amount by weights into parts rounded to scale that sum to round(amount, scale)';
CREATE FUNCTION spm.prorate(amount numeric, period daterange, active daterange)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_prorate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.prorate(numeric, daterange, daterange) IS
    'amount * days(period * active) / days(period)';

-- Draws against commission
CREATE TYPE spm.draw_result AS (
    paid      numeric,
    recovered numeric,
    balance   numeric
);
CREATE FUNCTION spm.draw_trans(numeric[], numeric, numeric, boolean) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'spm_draw_trans'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.draw_combine(numeric[], numeric[]) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'spm_draw_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.draw_final(numeric[]) RETURNS spm.draw_result
    AS 'MODULE_PATHNAME', 'spm_draw_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE spm.draw(earned numeric, draw numeric, recoverable boolean) (
    SFUNC = spm.draw_trans,
    STYPE = numeric[],
    INITCOND = '{0,0,0,0,0,0,0}',
    FINALFUNC = spm.draw_final,
    COMBINEFUNC = spm.draw_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.draw(numeric, numeric, boolean) IS
    'over periods in order: paid, recovered and balance of the last period of a draw';

-- ---------------------------------------------------------------------
-- Quotas: attainment, pacing, ramps, coverage
-- (C code: src/quotas/quotas.c, src/core/calendar.c)
-- ---------------------------------------------------------------------

CREATE FUNCTION spm.attainment(actual numeric, quota numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_attainment'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.attainment(numeric, numeric) IS
    'actual / quota as a fraction (1.0 = 100%); NULL for a zero quota';

-- attainment_agg keeps two exact numeric sums: an internal state with a
-- binary serial form (see quotas.c for why it is not a fixed-size type).
-- The transition and combine functions are deliberately not STRICT: the
-- state starts NULL, rows with a NULL argument are skipped, and combine
-- accepts an empty (NULL) state on either side.
CREATE FUNCTION spm.attainment_trans(internal, numeric, numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_attainment_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.attainment_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_attainment_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.attainment_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_attainment_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.attainment_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_attainment_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.attainment_final(internal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_attainment_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE spm.attainment_agg(actual numeric, quota numeric) (
    SFUNC = spm.attainment_trans,
    STYPE = internal,
    FINALFUNC = spm.attainment_final,
    COMBINEFUNC = spm.attainment_combine,
    SERIALFUNC = spm.attainment_serialize,
    DESERIALFUNC = spm.attainment_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.attainment_agg(numeric, numeric) IS
    'sum(actual) / sum(quota) over rows where both are not NULL; NULL for a zero total quota';

CREATE TYPE spm.pacing_result AS (
    elapsed_fraction numeric,
    expected         numeric,
    pace             numeric,
    projected        numeric,
    gap              numeric,
    required_per_day numeric
);
COMMENT ON TYPE spm.pacing_result IS
    'result of spm.pacing: share of the period elapsed, expected-to-date, pace, run-rate projection, gap to quota, money needed per remaining day';

CREATE FUNCTION spm.pacing(actual numeric, quota numeric, period daterange, as_of date)
    RETURNS spm.pacing_result
    AS 'MODULE_PATHNAME', 'spm_pacing'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.pacing(numeric, numeric, daterange, date) IS
    'pacing against quota in calendar days, as_of counted as elapsed';

CREATE FUNCTION spm.ramp_quota(quota numeric, tenure_months integer, ramp numeric[]) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_ramp_quota'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.ramp_quota(numeric, integer, numeric[]) IS
    'quota * ramp[tenure_months + 1] during the ramp (tenure_months = 0 in the first month), the full quota after it';

CREATE FUNCTION spm.coverage(pipeline numeric, quota numeric, closed numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_coverage'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.coverage(numeric, numeric, numeric) IS
    'pipeline / (quota - closed): pipeline coverage of the quota still open; NULL once quota is met';
-- ---------------------------------------------------------------------
-- Forecasting: trend regression, exponential smoothing, accuracy
-- (C code: src/forecast/*.c, src/core/{ols,smoothing,tdist,accuracy}.c)
-- ---------------------------------------------------------------------

-- Least-squares state of spm.trend_agg: count, sums of x and y, and sums of
-- squared deviations and of cross products (Youngs-Cramer accumulation, as
-- PostgreSQL's regr_* aggregates).  Fixed size, text form round-trips.
CREATE TYPE spm.trend;

CREATE FUNCTION spm.trend_in(cstring) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.trend_out(spm.trend) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_trend_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.trend_recv(internal) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.trend_send(spm.trend) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_trend_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE spm.trend (
    INPUT = spm.trend_in,
    OUTPUT = spm.trend_out,
    RECEIVE = spm.trend_recv,
    SEND = spm.trend_send,
    INTERNALLENGTH = 56,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.trend IS
    'least-squares state (n, sx, sy, sxx, syy, sxy) of spm.trend_agg';

-- Transition function.  Deliberately not STRICT: it skips rows where y or x
-- is NULL itself (the aggregate has an INITCOND, so the state is never NULL).
CREATE FUNCTION spm.trend_accum(spm.trend, float8, float8) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_accum'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.trend_combine(spm.trend, spm.trend) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.trend_final(spm.trend) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE spm.trend_agg(y float8, x float8) (
    SFUNC = spm.trend_accum,
    STYPE = spm.trend,
    INITCOND = '(0,0,0,0,0,0)',
    FINALFUNC = spm.trend_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = spm.trend_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.trend_agg(float8, float8) IS
    'least-squares line of y on x; read it with spm.trend_stats and spm.trend_forecast';

CREATE FUNCTION spm.trend_stats(spm.trend)
    RETURNS TABLE(n bigint, slope float8, intercept float8, r2 float8,
                  se_slope float8, se_intercept float8, residual_se float8)
    AS 'MODULE_PATHNAME', 'spm_trend_stats'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION spm.trend_stats(spm.trend) IS
    'slope, intercept, R squared, standard errors and residual standard error of a trend';

CREATE FUNCTION spm.trend_forecast(spm.trend, x float8, level float8 DEFAULT 0.95)
    RETURNS TABLE(point float8, lower float8, upper float8)
    AS 'MODULE_PATHNAME', 'spm_trend_forecast'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION spm.trend_forecast(spm.trend, float8, float8) IS
    'prediction and prediction interval (Student t, n - 2 degrees of freedom) at x';

-- Exponential smoothing.  Not STRICT: the parameters that default to NULL
-- mean "fit it" (alpha, beta, gamma) or "no season"; a NULL series,
-- horizon, method or level is an error (22004), not a silent empty result.
CREATE FUNCTION spm.forecast(series float8[], horizon integer, method text DEFAULT 'auto',
    season integer DEFAULT NULL, level float8 DEFAULT 0.95,
    alpha float8 DEFAULT NULL, beta float8 DEFAULT NULL, gamma float8 DEFAULT NULL)
    RETURNS TABLE(step integer, point float8, lower float8, upper float8)
    AS 'MODULE_PATHNAME', 'spm_forecast'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION spm.forecast(float8[], integer, text, integer, float8, float8, float8, float8) IS
    'forecast of a series with ses, holt, hw_additive, hw_multiplicative, linear or auto (R HoltWinters conventions)';

-- Not STRICT for the same reason (season defaults to NULL).
CREATE FUNCTION spm.forecast_fit(series float8[], method text, season integer DEFAULT NULL)
    RETURNS TABLE(method text, alpha float8, beta float8, gamma float8, sse float8, aic float8)
    AS 'MODULE_PATHNAME', 'spm_forecast_fit'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION spm.forecast_fit(float8[], text, integer) IS
    'fitted smoothing parameters, SSE and AIC of a forecasting method (auto: the one it picks)';

-- Accuracy: one state for MAPE, WAPE, bias and RMSE.
CREATE TYPE spm.accuracy_state;

CREATE FUNCTION spm.accuracy_state_in(cstring) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.accuracy_state_out(spm.accuracy_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.accuracy_state_recv(internal) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.accuracy_state_send(spm.accuracy_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE spm.accuracy_state (
    INPUT = spm.accuracy_state_in,
    OUTPUT = spm.accuracy_state_out,
    RECEIVE = spm.accuracy_state_recv,
    SEND = spm.accuracy_state_send,
    INTERNALLENGTH = 64,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.accuracy_state IS
    'state of the accuracy aggregates: (n, n_zero, sum_ape, sum_abs_err, sum_abs_actual, sum_err, sum_sq_err)';

-- Not STRICT: skips rows where actual or forecast is NULL itself.
CREATE FUNCTION spm.accuracy_accum(spm.accuracy_state, float8, float8) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_accum'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.accuracy_combine(spm.accuracy_state, spm.accuracy_state) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.mape_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_mape_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.wape_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_wape_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.forecast_bias_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_forecast_bias_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.rmse_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_rmse_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE spm.mape(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.mape_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.mape(float8, float8) IS
    'mean absolute percentage error as a fraction; rows with actual = 0 are left out';
CREATE AGGREGATE spm.wape(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.wape_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.wape(float8, float8) IS
    'weighted absolute percentage error: sum |forecast - actual| / sum |actual|';
CREATE AGGREGATE spm.forecast_bias(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.forecast_bias_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.forecast_bias(float8, float8) IS
    'sum (forecast - actual) / sum |actual|: positive when forecasts run high';
CREATE AGGREGATE spm.rmse(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.rmse_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.rmse(float8, float8) IS
    'root mean squared error, in the units of the series';

-- Weighted pipeline: sum(amount * probability) in exact numeric.  The state
-- is plain numeric (a standard type with a text form, so partial sums
-- travel between workers) rather than a fixed-size type: an exact sum of
-- money needs numeric's arbitrary precision.  The transition function is
-- not STRICT: it skips rows with a NULL amount or probability and starts
-- from a NULL state (no rows -> NULL); the combine function is numeric
-- addition, whose strictness lets PostgreSQL take either side when the
-- other is still NULL.
CREATE FUNCTION spm.weighted_pipeline_accum(numeric, numeric, numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_weighted_pipeline_accum'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.weighted_pipeline_combine(numeric, numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_weighted_pipeline_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE spm.weighted_pipeline(amount numeric, probability numeric) (
    SFUNC = spm.weighted_pipeline_accum,
    STYPE = numeric,
    COMBINEFUNC = spm.weighted_pipeline_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.weighted_pipeline(numeric, numeric) IS
    'expected pipeline value: exact sum of amount * probability (probability 0 to 1)';

-- ---------------------------------------------------------------------
-- Gamification and performance insight: streaks, levels, win rate,
-- pipeline velocity  (C code: src/gamification/gamification.c,
-- src/core/gamify.c)
-- ---------------------------------------------------------------------

-- Transition state of spm.streak: periods seen, leading run of hits,
-- current run, longest run.  Fixed size with a text form that round-trips.
CREATE TYPE spm.streak_state;

CREATE FUNCTION spm.streak_state_in(cstring) RETURNS spm.streak_state
    AS 'MODULE_PATHNAME', 'spm_streak_state_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.streak_state_out(spm.streak_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_streak_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.streak_state_recv(internal) RETURNS spm.streak_state
    AS 'MODULE_PATHNAME', 'spm_streak_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.streak_state_send(spm.streak_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_streak_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE spm.streak_state (
    INPUT = spm.streak_state_in,
    OUTPUT = spm.streak_state_out,
    RECEIVE = spm.streak_state_recv,
    SEND = spm.streak_state_send,
    INTERNALLENGTH = 40,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.streak_state IS
    'transition state of spm.streak: (periods, leading hits, current streak, longest streak)';

CREATE TYPE spm.streak_result AS (
    current integer,
    longest integer
);
COMMENT ON TYPE spm.streak_result IS
    'result of spm.streak: the streak running at the last period, and the longest one';

-- Deliberately not STRICT: a NULL hit is skipped inside (it neither
-- extends nor breaks a streak); the aggregate's INITCOND means the state
-- is never NULL.
CREATE FUNCTION spm.streak_trans(spm.streak_state, boolean) RETURNS spm.streak_state
    AS 'MODULE_PATHNAME', 'spm_streak_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.streak_combine(spm.streak_state, spm.streak_state) RETURNS spm.streak_state
    AS 'MODULE_PATHNAME', 'spm_streak_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.streak_final(spm.streak_state) RETURNS spm.streak_result
    AS 'MODULE_PATHNAME', 'spm_streak_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE spm.streak(hit boolean) (
    SFUNC = spm.streak_trans,
    STYPE = spm.streak_state,
    INITCOND = '(0,0,0,0)',
    FINALFUNC = spm.streak_final,
    COMBINEFUNC = spm.streak_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.streak(boolean) IS
    'current and longest run of consecutive hits over ordered periods: use ORDER BY or a window';

-- Transition state of spm.win_rate: won and lost counts.
CREATE TYPE spm.win_rate_state;

CREATE FUNCTION spm.win_rate_state_in(cstring) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.win_rate_state_out(spm.win_rate_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.win_rate_state_recv(internal) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.win_rate_state_send(spm.win_rate_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE spm.win_rate_state (
    INPUT = spm.win_rate_state_in,
    OUTPUT = spm.win_rate_state_out,
    RECEIVE = spm.win_rate_state_recv,
    SEND = spm.win_rate_state_send,
    INTERNALLENGTH = 24,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.win_rate_state IS 'transition state of spm.win_rate: (won, lost)';

-- Deliberately not STRICT: a NULL outcome (an open deal) is skipped inside.
CREATE FUNCTION spm.win_rate_trans(spm.win_rate_state, boolean) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.win_rate_retract(spm.win_rate_state, boolean) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.win_rate_combine(spm.win_rate_state, spm.win_rate_state) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.win_rate_final(spm.win_rate_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_win_rate_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE spm.win_rate(won boolean) (
    SFUNC = spm.win_rate_trans,
    STYPE = spm.win_rate_state,
    INITCOND = '(0,0)',
    FINALFUNC = spm.win_rate_final,
    COMBINEFUNC = spm.win_rate_combine,
    MSFUNC = spm.win_rate_trans,
    MINVFUNC = spm.win_rate_retract,
    MSTYPE = spm.win_rate_state,
    MINITCOND = '(0,0)',
    MFINALFUNC = spm.win_rate_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.win_rate(boolean) IS
    'won / (won + lost) as a fraction; NULL (open) deals are ignored';

CREATE FUNCTION spm.level(value numeric, thresholds numeric[], names text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'spm_level'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.level(numeric, numeric[], text[]) IS
    'name of the highest level whose threshold value reaches; NULL below the first';

CREATE FUNCTION spm.pipeline_velocity(opportunities numeric, avg_deal numeric,
                                      win_rate numeric, cycle_days numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_pipeline_velocity'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.pipeline_velocity(numeric, numeric, numeric, numeric) IS
    'opportunities * avg_deal * win_rate / cycle_days: money the pipeline closes per day';

-- ---------------------------------------------------------------------
-- Territories: load inequality and balancing
-- (C code: src/territories/territories.c, src/core/gini.c, src/core/balance.c)
-- ---------------------------------------------------------------------

-- spm.gini needs every value (it sorts them), so its state is internal:
-- 8 bytes per non-NULL value (up to 16 while its array doubles, plus 8 for
-- the sorted copy the final function makes), with a
-- binary serial form for parallel workers.  Transition and combine are
-- deliberately not STRICT: the state starts NULL, NULL values are skipped,
-- and combine accepts an empty (NULL) state on either side.
CREATE FUNCTION spm.gini_trans(internal, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_gini_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.gini_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_gini_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION spm.gini_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_gini_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.gini_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_gini_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.gini_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_gini_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE spm.gini(x float8) (
    SFUNC = spm.gini_trans,
    STYPE = internal,
    FINALFUNC = spm.gini_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = spm.gini_combine,
    SERIALFUNC = spm.gini_serialize,
    DESERIALFUNC = spm.gini_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.gini(float8) IS
    'Gini coefficient of non-negative loads: 0 when equal, (n-1)/n when one carries everything; keeps every value (8 bytes each)';

CREATE FUNCTION spm.balance(ids bigint[], weights float8[], k integer)
    RETURNS TABLE (id bigint, territory integer, load float8)
    AS 'MODULE_PATHNAME', 'spm_balance_srf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION spm.balance(bigint[], float8[], integer) IS
    'assign items to k territories so the heaviest is as light as possible; one row per item with its territory (1..k) and that territory''s load';

CREATE FUNCTION spm.balance_greedy(ids bigint[], weights float8[], k integer)
    RETURNS TABLE (id bigint, territory integer, load float8)
    AS 'MODULE_PATHNAME', 'spm_balance_greedy_srf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION spm.balance_greedy(bigint[], float8[], integer) IS
    'the greedy plan spm.balance starts from: largest item first, each to the lightest territory';
