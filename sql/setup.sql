--
-- setup: install the extension and the helpers the other tests share.
--
CREATE EXTENSION spm;

-- Run a statement and report its SQLSTATE and message instead of failing,
-- so that every error test states the exact SQLSTATE it expects.
CREATE SCHEMA spm_test;
CREATE FUNCTION spm_test.sqlstate(q text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- The same, with the error's detail and the column and constraint it
-- names, for the checks of the data model's constraints.
CREATE FUNCTION spm_test.error(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    d text;
    col text;
    con text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, col = COLUMN_NAME, con = CONSTRAINT_NAME;
    RETURN SQLSTATE || ': ' || SQLERRM
        || coalesce(' / ' || nullif(d, ''), '')
        || coalesce(' / column ' || nullif(col, ''), '')
        || coalesce(' / constraint ' || nullif(con, ''), '');
END
$$;

-- Whether a query's plan aggregates in parallel and really launched workers.
CREATE FUNCTION spm_test.plan_is_parallel(q text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    partial boolean := false;
    launched boolean := false;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        partial := partial OR line LIKE '%Partial%Aggregate%';
        launched := launched OR line ~ 'Workers Launched: [1-9]';
    END LOOP;
    RETURN partial AND launched;
END
$$;

-- Feed raw bytes to a type's binary receive function and report the value,
-- or the SQLSTATE, message and detail of the error.  A bytea column written
-- with binary COPY holds the raw bytes of its field, so reading that file
-- into a column of the type hands exactly those bytes to the type's receive
-- function.
CREATE FUNCTION spm_test.recv(bytes bytea, typ regtype) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    -- inside the throwaway cluster's data directory, removed with it
    f text := current_setting('data_directory') || '/spm_test_recv_' || pg_backend_pid() || '.bin';
    r text;
    d text;
BEGIN
    PERFORM set_config('client_min_messages', 'warning', true);
    DROP TABLE IF EXISTS recv_raw, recv_value;
    CREATE TEMP TABLE recv_raw (b bytea);
    EXECUTE format('CREATE TEMP TABLE recv_value (v %s)', typ);
    INSERT INTO recv_raw VALUES (bytes);
    EXECUTE format('COPY recv_raw TO %L (FORMAT binary)', f);
    BEGIN
        EXECUTE format('COPY recv_value FROM %L (FORMAT binary)', f);
        SELECT v::text INTO r FROM recv_value;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
        r := SQLSTATE || ': ' || SQLERRM || coalesce(' / ' || nullif(d, ''), '');
    END;
    RETURN r;
END
$$;

SELECT extname, extversion, nspname
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE extname = 'spm';

-- Every aggregate the extension defines is parallel safe and has a combine
-- function (doc/index.md, "Scale-out").
SELECT p.proname, p.proparallel, a.aggcombinefn <> 0 AS has_combine
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
 WHERE p.pronamespace = 'spm'::regnamespace
   AND (p.proparallel <> 's' OR a.aggcombinefn = 0);

-- No function of the extension is SECURITY DEFINER, and every function is
-- marked parallel safe (trigger functions, which never run in a query's
-- workers, aside, and the period close's functions, which write the
-- ledger and so are honestly parallel unsafe).
SELECT proname FROM pg_proc
 WHERE pronamespace = 'spm'::regnamespace
   AND (prosecdef OR (proparallel <> 's' AND prorettype <> 'trigger'::regtype
                      AND proname NOT IN ('calculate', 'advance_pay_run', 'approve', 'lock_period',
                                          'mark_paid', 'hold', 'release')));
