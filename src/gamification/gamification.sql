
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
COMMENT ON FUNCTION spm.streak_state_in(cstring) IS
    'text input function of the type spm.streak_state';
CREATE FUNCTION spm.streak_state_out(spm.streak_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_streak_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.streak_state_out(spm.streak_state) IS
    'text output function of the type spm.streak_state';
CREATE FUNCTION spm.streak_state_recv(internal) RETURNS spm.streak_state
    AS 'MODULE_PATHNAME', 'spm_streak_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.streak_state_recv(internal) IS
    'binary input function of the type spm.streak_state';
CREATE FUNCTION spm.streak_state_send(spm.streak_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_streak_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.streak_state_send(spm.streak_state) IS
    'binary output function of the type spm.streak_state';

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
COMMENT ON FUNCTION spm.streak_trans(spm.streak_state, boolean) IS
    'transition function of spm.streak: appends one period (NULL is skipped)';
CREATE FUNCTION spm.streak_combine(spm.streak_state, spm.streak_state) RETURNS spm.streak_state
    AS 'MODULE_PATHNAME', 'spm_streak_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.streak_combine(spm.streak_state, spm.streak_state) IS
    'combine function of spm.streak: the first state''s periods precede the second''s';
CREATE FUNCTION spm.streak_final(spm.streak_state) RETURNS spm.streak_result
    AS 'MODULE_PATHNAME', 'spm_streak_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.streak_final(spm.streak_state) IS
    'final function of spm.streak: current and longest streak';

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
COMMENT ON FUNCTION spm.win_rate_state_in(cstring) IS
    'text input function of the type spm.win_rate_state';
CREATE FUNCTION spm.win_rate_state_out(spm.win_rate_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.win_rate_state_out(spm.win_rate_state) IS
    'text output function of the type spm.win_rate_state';
CREATE FUNCTION spm.win_rate_state_recv(internal) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.win_rate_state_recv(internal) IS
    'binary input function of the type spm.win_rate_state';
CREATE FUNCTION spm.win_rate_state_send(spm.win_rate_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.win_rate_state_send(spm.win_rate_state) IS
    'binary output function of the type spm.win_rate_state';

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
COMMENT ON FUNCTION spm.win_rate_trans(spm.win_rate_state, boolean) IS
    'transition function of spm.win_rate: counts one decided deal (NULL is skipped)';
CREATE FUNCTION spm.win_rate_retract(spm.win_rate_state, boolean) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_retract'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.win_rate_retract(spm.win_rate_state, boolean) IS
    'inverse transition function of spm.win_rate: removes one deal (moving windows)';
CREATE FUNCTION spm.win_rate_combine(spm.win_rate_state, spm.win_rate_state) RETURNS spm.win_rate_state
    AS 'MODULE_PATHNAME', 'spm_win_rate_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.win_rate_combine(spm.win_rate_state, spm.win_rate_state) IS
    'combine function of spm.win_rate: adds two partial counts';
CREATE FUNCTION spm.win_rate_final(spm.win_rate_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_win_rate_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.win_rate_final(spm.win_rate_state) IS
    'final function of spm.win_rate: won / (won + lost)';

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
