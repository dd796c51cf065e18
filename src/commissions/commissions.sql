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
