-- ---------------------------------------------------------------------
-- Commissions: rate tables, commission, statement lines, splits,
-- proration, draws  (C code: src/commissions/*.c, src/core/tiers_text.c)
-- ---------------------------------------------------------------------

-- spm.tier_schedule: a validated rate table, or a pay curve.  Text form:
--   'graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10; cap 20000; gate 10000'
--   'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000; cap 25000'  (point @ payout)
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
COMMENT ON FUNCTION spm.tier_schedule_in(cstring) IS
    'input function of spm.tier_schedule (text form)';
COMMENT ON FUNCTION spm.tier_schedule_out(spm.tier_schedule) IS
    'output function of spm.tier_schedule (text form)';
COMMENT ON FUNCTION spm.tier_schedule_recv(internal) IS
    'binary receive function of spm.tier_schedule';
COMMENT ON FUNCTION spm.tier_schedule_send(spm.tier_schedule) IS
    'binary send function of spm.tier_schedule';

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
    'commission rate table (graduated or retroactive bands) or pay curve (interpolated points), optional cap and gate';

-- Not STRICT: a NULL cap or gate means "none"; NULL thresholds, rates or
-- mode are errors.
CREATE FUNCTION spm.tiers(thresholds numeric[], rates numeric[],
                          mode text DEFAULT 'graduated',
                          cap numeric DEFAULT NULL, gate numeric DEFAULT NULL)
    RETURNS spm.tier_schedule
    AS 'MODULE_PATHNAME', 'spm_tiers'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.tiers(numeric[], numeric[], text, numeric, numeric) IS
    'build a rate table from lower thresholds (the first is 0) and one rate per band, or a pay curve (interpolated) from points and the payouts at them';

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
CREATE FUNCTION spm.tier_schedule_to_jsonb(schedule spm.tier_schedule) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_to_jsonb'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_from_jsonb(jsonb) RETURNS spm.tier_schedule
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_from_jsonb'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.tier_schedule_to_jsonb(spm.tier_schedule) IS
    'the schedule as {"mode", "thresholds", "rates", "cap", "gate"} (cap and gate only when present)';
COMMENT ON FUNCTION spm.tier_schedule_from_jsonb(jsonb) IS
    'a schedule from {"mode", "thresholds", "rates", "cap", "gate"}; unknown keys are errors';
CREATE CAST (spm.tier_schedule AS jsonb) WITH FUNCTION spm.tier_schedule_to_jsonb(spm.tier_schedule);
CREATE CAST (jsonb AS spm.tier_schedule) WITH FUNCTION spm.tier_schedule_from_jsonb(jsonb);
COMMENT ON CAST (spm.tier_schedule AS jsonb) IS
    'a schedule as jsonb (spm.tier_schedule_to_jsonb)';
COMMENT ON CAST (jsonb AS spm.tier_schedule) IS
    'a schedule from jsonb (spm.tier_schedule_from_jsonb)';

-- Comparison: one equality everywhere (the operators, GROUP BY, DISTINCT,
-- joins, indexes and the aggregates' one-plan-per-group check): same mode
-- and numerically equal bands, cap and gate, so 0.05 = 0.050.  The btree
-- order is consistent with it and with the hash: mode (graduated, then
-- retroactive, then interpolated),
-- then band by band threshold and rate numerically, then the number of
-- bands, then cap and then gate, absent before present.
CREATE FUNCTION spm.tier_schedule_eq(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_eq'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.tier_schedule_ne(spm.tier_schedule, spm.tier_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_ne'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
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
CREATE FUNCTION spm.tier_schedule_hash(spm.tier_schedule) RETURNS integer
    AS 'MODULE_PATHNAME', 'spm_tier_schedule_hash'
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
CREATE OPERATOR spm.= (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_eq,
    COMMUTATOR = OPERATOR(spm.=), NEGATOR = OPERATOR(spm.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR spm.<> (
    LEFTARG = spm.tier_schedule, RIGHTARG = spm.tier_schedule,
    FUNCTION = spm.tier_schedule_ne,
    COMMUTATOR = OPERATOR(spm.<>), NEGATOR = OPERATOR(spm.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
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
CREATE OPERATOR CLASS spm.tier_schedule_ops
    DEFAULT FOR TYPE spm.tier_schedule USING hash AS
        OPERATOR 1 spm.= ,
        FUNCTION 1 spm.tier_schedule_hash(spm.tier_schedule);
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

-- Commission on a basis; with a quota, thresholds and gate are fractions of it
-- (rates, a pay curve's payouts and the cap stay money).
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
CREATE AGGREGATE spm.commission_agg(amount numeric, schedule spm.tier_schedule) (
    SFUNC = spm.commission_agg_trans,
    STYPE = spm.commission_agg_state,
    SSPACE = 512,
    FINALFUNC = spm.commission_agg_final,
    COMBINEFUNC = spm.commission_agg_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE spm.commission_agg(amount numeric, schedule spm.tier_schedule, quota numeric) (
    SFUNC = spm.commission_agg_trans,
    STYPE = spm.commission_agg_state,
    SSPACE = 512,
    FINALFUNC = spm.commission_agg_final,
    COMBINEFUNC = spm.commission_agg_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.commission_agg(numeric, spm.tier_schedule) IS
    'commission of the summed amount';
COMMENT ON AGGREGATE spm.commission_agg(numeric, spm.tier_schedule, numeric) IS
    'commission of the summed amount, thresholds as fractions of quota';

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

CREATE AGGREGATE spm.deal_commission(amount numeric, schedule spm.tier_schedule) (
    SFUNC = spm.deal_commission_trans,
    STYPE = spm.deal_commission_state,
    SSPACE = 512,
    FINALFUNC = spm.deal_commission_final,
    COMBINEFUNC = spm.deal_commission_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE spm.deal_commission(amount numeric, schedule spm.tier_schedule, quota numeric) (
    SFUNC = spm.deal_commission_trans,
    STYPE = spm.deal_commission_state,
    SSPACE = 512,
    FINALFUNC = spm.deal_commission_final,
    COMBINEFUNC = spm.deal_commission_combine,
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
COMMENT ON TYPE spm.draw_result IS
    'result of spm.draw: paid, recovered and balance owed in the last period';
CREATE FUNCTION spm.draw_trans(numeric[], numeric, numeric, boolean) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'spm_draw_trans'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.draw_combine(numeric[], numeric[]) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'spm_draw_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.draw_final(numeric[]) RETURNS spm.draw_result
    AS 'MODULE_PATHNAME', 'spm_draw_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.draw_trans(numeric[], numeric, numeric, boolean) IS
    'transition function of spm.draw: adds one period to the state';
COMMENT ON FUNCTION spm.draw_combine(numeric[], numeric[]) IS
    'combine function of spm.draw (in order: the right run follows the left)';
COMMENT ON FUNCTION spm.draw_final(numeric[]) IS
    'final function of spm.draw';
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
