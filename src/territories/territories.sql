
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

CREATE AGGREGATE spm.gini(x float8) (
    SFUNC = spm.gini_trans,
    STYPE = spm.gini_state,
    SSPACE = 8192,
    FINALFUNC = spm.gini_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = spm.gini_combine,
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
