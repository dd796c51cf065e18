
-- ---------------------------------------------------------------------
-- Quotas: attainment, pacing, ramps, coverage
-- (C code: src/quotas/quotas.c, src/core/calendar.c)
-- ---------------------------------------------------------------------

CREATE FUNCTION spm.attainment(actual numeric, quota numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_attainment'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.attainment(numeric, numeric) IS
    'actual / quota as a fraction (1.0 = 100%); NULL for a zero quota';

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

CREATE AGGREGATE spm.attainment_agg(actual numeric, quota numeric) (
    SFUNC = spm.attainment_trans,
    STYPE = spm.attainment_state,
    SSPACE = 512,
    FINALFUNC = spm.attainment_final,
    COMBINEFUNC = spm.attainment_combine,
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
