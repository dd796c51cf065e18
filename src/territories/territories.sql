
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
COMMENT ON FUNCTION spm.gini_trans(internal, float8) IS
    'transition function of spm.gini: keeps one value';
CREATE FUNCTION spm.gini_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_gini_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.gini_combine(internal, internal) IS
    'combine function of spm.gini: merges two partial states';
CREATE FUNCTION spm.gini_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_gini_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.gini_serialize(internal) IS
    'serial function of spm.gini: a partial state as bytea (sorted values)';
CREATE FUNCTION spm.gini_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'spm_gini_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.gini_deserialize(bytea, internal) IS
    'deserial function of spm.gini: a partial state from bytea';
CREATE FUNCTION spm.gini_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_gini_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.gini_final(internal) IS
    'final function of spm.gini: the Gini coefficient';

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
