
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

COMMENT ON FUNCTION spm.attainment_trans(internal, numeric, numeric) IS
    'transition function of spm.attainment_agg';
COMMENT ON FUNCTION spm.attainment_combine(internal, internal) IS
    'combine function of spm.attainment_agg';
COMMENT ON FUNCTION spm.attainment_serialize(internal) IS
    'serialize function of spm.attainment_agg (versioned binary form)';
COMMENT ON FUNCTION spm.attainment_deserialize(bytea, internal) IS
    'deserialize function of spm.attainment_agg';
COMMENT ON FUNCTION spm.attainment_final(internal) IS
    'final function of spm.attainment_agg';

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
    'quota times the (tenure_months + 1)-th element of ramp, by position whatever the array''s lower bound (tenure_months = 0 in the first month); the full quota after the ramp';

CREATE FUNCTION spm.coverage(pipeline numeric, quota numeric, closed numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_coverage'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.coverage(numeric, numeric, numeric) IS
    'pipeline / (quota - closed): pipeline coverage of the quota still open; NULL once quota is met';
