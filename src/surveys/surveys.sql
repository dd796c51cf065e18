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
COMMENT ON FUNCTION spm.survey_state_in(cstring) IS
    'text input function of the type spm.survey_state';
CREATE FUNCTION spm.survey_state_out(spm.survey_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_survey_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.survey_state_out(spm.survey_state) IS
    'text output function of the type spm.survey_state';
CREATE FUNCTION spm.survey_state_recv(internal) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_survey_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.survey_state_recv(internal) IS
    'binary input function of the type spm.survey_state';
CREATE FUNCTION spm.survey_state_send(spm.survey_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_survey_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.survey_state_send(spm.survey_state) IS
    'binary output function of the type spm.survey_state';

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
COMMENT ON FUNCTION spm.enps_trans(spm.survey_state, integer) IS
    'transition function of spm.enps(integer): counts one answer';
CREATE FUNCTION spm.enps_retract(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_enps_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.enps_retract(spm.survey_state, integer) IS
    'inverse transition function of spm.enps(integer): removes one answer (moving windows)';
CREATE FUNCTION spm.enps_trans(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_enps_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.enps_trans(spm.survey_state, integer, integer) IS
    'transition function of spm.enps(integer, integer): counts one answer';
CREATE FUNCTION spm.enps_retract(spm.survey_state, integer, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_enps_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.enps_retract(spm.survey_state, integer, integer) IS
    'inverse transition function of spm.enps(integer, integer): removes one answer (moving windows)';
CREATE FUNCTION spm.nps_trans(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_nps_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.nps_trans(spm.survey_state, integer) IS
    'transition function of spm.nps_stats(integer): counts one answer';
CREATE FUNCTION spm.nps_retract(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_nps_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
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
CREATE FUNCTION spm.csat_trans(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_csat_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.csat_trans(spm.survey_state, integer) IS
    'transition function of spm.csat(integer): counts one answer';
CREATE FUNCTION spm.csat_retract(spm.survey_state, integer) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_csat_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
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
CREATE FUNCTION spm.survey_combine(spm.survey_state, spm.survey_state) RETURNS spm.survey_state
    AS 'MODULE_PATHNAME', 'spm_survey_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.survey_combine(spm.survey_state, spm.survey_state) IS
    'combine function of the survey aggregates: adds two partial counts';
CREATE FUNCTION spm.enps_final(spm.survey_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_enps_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.enps_final(spm.survey_state) IS
    'final function of spm.enps: the eNPS, NULL below the anonymity threshold';
CREATE FUNCTION spm.csat_final(spm.survey_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_csat_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.csat_final(spm.survey_state) IS
    'final function of spm.csat: the CSAT, NULL below the anonymity threshold';
CREATE FUNCTION spm.nps_stats_final(spm.survey_state) RETURNS spm.nps_result
    AS 'MODULE_PATHNAME', 'spm_nps_stats_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.nps_stats_final(spm.survey_state) IS
    'final function of spm.nps_stats';

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

CREATE FUNCTION spm.nps_category(score integer) RETURNS text
    AS 'MODULE_PATHNAME', 'spm_nps_category'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.nps_category(integer) IS
    'promoter (9-10), passive (7-8) or detractor (0-6)';
