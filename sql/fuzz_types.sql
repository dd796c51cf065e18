--
-- fuzz_types: random and mutated text to every spm type's input function,
-- and mutated binary forms to every binary receive function.  Each input
-- must either be accepted and round-trip (in -> out -> in -> out gives the
-- same text) or be rejected with an SQLSTATE of class 22 (data exception)
-- or 54 (program limit exceeded).  Anything else (XX000, a crash, or the
-- protocol error 08P01 that PostgreSQL raises when a receive function reads
-- past the end of the value) is a violation.  The types are listed from
-- the catalog, so a new type is fuzzed as soon as it exists (with random
-- text only, until it has seeds below).
--
-- Every aggregate's state is one of these types (none is internal), so
-- the states that travel between parallel workers and Citus nodes are
-- fuzzed here too.
--
-- Deterministic (setseed), and the output shows only counts fixed by the
-- test and the violations, so that rewording an error message changes
-- nothing here.  make fuzz runs the same with more inputs
-- (test/fuzz/server.sh sets fuzz_text and fuzz_binary).
--
\if :{?fuzz_text}
\else
\set fuzz_text 1000
\endif
\if :{?fuzz_binary}
\else
\set fuzz_binary 200
\endif

-- valid values of each type to start mutating from
CREATE TABLE spm_test.fuzz_seed (typ regtype, v text);
INSERT INTO spm_test.fuzz_seed VALUES
    ('spm.survey_state', '(12,5,3,0)'), ('spm.survey_state', '(0,0,0,0)'),
    ('spm.survey_state', '(1,2,3,5)'),
    ('spm.tier_schedule', 'graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10; cap 20000'),
    ('spm.tier_schedule', 'retroactive: 0 @ 0.02, 100000 @ 0.04; gate 0.5'),
    ('spm.trend', '(3,6,6.5,2,4.5,3)'), ('spm.trend', '(0,0,0,0,0,0)'),
    ('spm.trend', '(1,2,3,0,0,0)'),
    ('spm.accuracy_state', '(3,1,0.5,12,30,-4,70)'), ('spm.accuracy_state', '(0,0,0,0,0,0,0)'),
    ('spm.streak_state', '(6,2,1,3)'), ('spm.streak_state', '(4,4,4,4)'),
    ('spm.streak_state', '(0,0,0,0)'),
    ('spm.win_rate_state', '(3,5)'), ('spm.win_rate_state', '(0,0)'),
    ('spm.attainment_state', '(3,250000.00,300000)'), ('spm.attainment_state', '(0,0,0)'),
    ('spm.commission_agg_state', '(12500.00,"graduated: 0 @ 0.05, 50000 @ 0.07",)'),
    ('spm.commission_agg_state', '(3,"retroactive: 0 @ 0.02, 100000 @ 0.04; gate 0.5",100000)'),
    ('spm.deal_commission_state', '(1000,1500,500,"graduated: 0 @ 0.05",)'),
    ('spm.deal_commission_state', '(0,0,,"graduated: 0 @ 0.05, 10 @ 0.1",50)'),
    ('spm.gini_state', '{0.5,1,2.25}'), ('spm.gini_state', '{}'),
    ('spm.ledger_state', '("graduated: 0 @ 0.05",,,,(1,2025-01-03,100.00,,,),(2,2025-01-04,50,40,EUR,1.25))'),
    ('spm.ledger_state', '(,,,)');

-- the base types the extension owns (not their array types, which
-- PostgreSQL 17 records as members of the extension too)
CREATE VIEW spm_test.fuzz_types AS
SELECT t.oid::regtype AS typ, t.typsend::regproc AS send
  FROM pg_type t
  JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid
                  AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'spm'
 WHERE t.typtype = 'b'
   AND NOT EXISTS (SELECT FROM pg_type elem WHERE elem.typarray = t.oid);

-- a few edits of s: deletions, insertions of tokens the parsers treat
-- specially or of any character, duplications, truncations
CREATE FUNCTION spm_test.fuzz_mutate_text(s text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    tokens text[] := ARRAY['0', '1', '-1', '+', '-', '.', 'e', 'E', 'e-', ' ', E'\t', E'\n',
        '(', ')', ',', ';', ':', '@', '"', '\', '''', 'é', '€',
        '9223372036854775807', '9223372036854775808', '-9223372036854775808',
        '2147483647', '2147483648', '18446744073709551616', '1e308', '1e309', '-1e400',
        '4.9e-324', '1e-400', 'nan', 'NaN', 'inf', '-Infinity', '0x1p3', '00000000000000000001',
        '99999999999999999999999999999999999999', 'graduated', 'retroactive', 'cap', 'gate',
        'GRADUATED:', ' cap 1', '; gate 0', ', 1 @ 0.1'];
    pos int;
    r float8;
BEGIN
    FOR k IN 1 .. 1 + floor(random() * 3)::int LOOP
        r := random();
        pos := 1 + floor(random() * (length(s) + 1))::int;
        IF r < 0.25 THEN
            s := overlay(s PLACING '' FROM pos FOR 1 + floor(random() * 3)::int);
        ELSIF r < 0.55 THEN
            s := overlay(s PLACING tokens[1 + floor(random() * array_length(tokens, 1))::int] FROM pos FOR 0);
        ELSIF r < 0.7 THEN
            s := overlay(s PLACING chr(1 + floor(random() * 255)::int) FROM pos FOR floor(random() * 2)::int);
        ELSIF r < 0.8 THEN
            s := overlay(s PLACING tokens[1 + floor(random() * array_length(tokens, 1))::int]
                         FROM pos FOR 1 + floor(random() * 4)::int);
        ELSIF r < 0.9 THEN
            s := overlay(s PLACING substr(s, pos, 1 + floor(random() * 8)::int) FROM pos FOR 0);
        ELSE
            s := left(s, pos - 1);
        END IF;
    END LOOP;
    RETURN s;
END
$$;

-- a string of up to 24 characters from the parsers' alphabet and beyond
CREATE FUNCTION spm_test.fuzz_random_text() RETURNS text
LANGUAGE sql AS $$
SELECT string_agg(substr('0123456789+-.eE(),;:@ cagpdrtu' || chr(9) || chr(200),
                         1 + floor(random() * 32)::int, 1), '')
  FROM generate_series(1, floor(random() * 25)::int)
$$;

-- bit flips, random bytes, truncation, extension, and 4- or 8-byte words
-- overwritten with boundary values (0, -1, INT_MAX, INT_MIN, NaN, infinity)
CREATE FUNCTION spm_test.fuzz_mutate_bytes(b bytea) RETURNS bytea
LANGUAGE plpgsql AS $$
DECLARE
    words bytea[] := ARRAY['\x00000000', '\xffffffff', '\x7fffffff', '\x80000000', '\x00000001',
        '\x00000002', '\x0000000000000000', '\xffffffffffffffff', '\x7fffffffffffffff',
        '\x8000000000000000', '\x7ff8000000000000', '\x7ff0000000000000', '\xfff0000000000000',
        '\x0000000000000001', '\x3ff0000000000000', '\x0001', '\xffff', '\x8000']::bytea[];
    w bytea;
    pos int;
    r float8;
BEGIN
    FOR k IN 1 .. 1 + floor(random() * 2)::int LOOP
        r := random();
        IF length(b) = 0 THEN
            b := words[1 + floor(random() * array_length(words, 1))::int];
            CONTINUE;
        END IF;
        pos := floor(random() * length(b))::int;	-- 0-based
        IF r < 0.3 THEN
            b := set_bit(b, pos * 8 + floor(random() * 8)::int,
                         1 - get_bit(b, pos * 8 + floor(random() * 8)::int));
        ELSIF r < 0.45 THEN
            b := set_byte(b, pos, floor(random() * 256)::int);
        ELSIF r < 0.8 THEN
            w := words[1 + floor(random() * array_length(words, 1))::int];
            pos := pos - pos % 4;
            b := overlay(b PLACING w FROM pos + 1 FOR length(w));
        ELSIF r < 0.9 THEN
            b := substr(b, 1, pos);
        ELSE
            b := b || words[1 + floor(random() * array_length(words, 1))::int];
        END IF;
    END LOOP;
    RETURN b;
END
$$;

CREATE TABLE spm_test.fuzz_violation (typ regtype, form text, input text, problem text);

-- in -> out -> in -> out of s; NULL when it round-trips or is rejected
-- with an allowed SQLSTATE, else what went wrong
CREATE FUNCTION spm_test.fuzz_text_once(typ regtype, s text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    o1 text;
    o2 text;
BEGIN
    EXECUTE format('SELECT $1::%s::text', typ) INTO o1 USING s;
    EXECUTE format('SELECT $1::%s::text', typ) INTO o2 USING o1;
    IF o1 IS DISTINCT FROM o2 THEN
        RETURN format('round trip gives %s then %s', o1, o2);
    END IF;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    IF left(SQLSTATE, 2) IN ('22', '54') THEN
        RETURN NULL;
    END IF;
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- the bytes b through typ's receive function: the value as text, or the
-- SQLSTATE and message.  As spm_test.recv (sql/setup.sql) does it, through
-- a binary COPY file, but reusing two temporary tables, so that thousands
-- of calls in one transaction do not pile up locks.
CREATE FUNCTION spm_test.fuzz_recv(b bytea, typ regtype) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    f text := current_setting('data_directory') || '/spm_test_fuzz_' || pg_backend_pid() || '.bin';
    r text;
BEGIN
    DELETE FROM fuzz_raw;
    INSERT INTO fuzz_raw VALUES (b);
    EXECUTE format('COPY fuzz_raw TO %L (FORMAT binary)', f);
    BEGIN
        EXECUTE format('COPY fuzz_value FROM %L (FORMAT binary)', f);
        SELECT v::text INTO r FROM fuzz_value;
        RAISE EXCEPTION USING ERRCODE = 'S0000';	-- undo the row, keep r
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE <> 'S0000' THEN
            r := SQLSTATE || ': ' || SQLERRM;
        END IF;
    END;
    RETURN r;
END
$$;

CREATE FUNCTION spm_test.fuzz_types(n_text int, n_binary int)
RETURNS TABLE (typ regtype, seeds int, text_inputs int, binary_inputs int, violations int)
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    seeds_text text[];
    seeds_bin bytea[];
    s text;
    b bytea;
    r text;
    problem text;
BEGIN
    PERFORM setseed(0.4242);
    FOR t IN SELECT f.typ, f.send FROM spm_test.fuzz_types f ORDER BY f.typ::text LOOP
        typ := t.typ;
        seeds_text := ARRAY(SELECT v FROM spm_test.fuzz_seed d WHERE d.typ = t.typ ORDER BY v);
        seeds := coalesce(array_length(seeds_text, 1), 0);
        text_inputs := 0;
        binary_inputs := 0;
        -- text
        FOR i IN 1 .. n_text LOOP
            IF seeds = 0 OR random() < 0.15 THEN
                s := spm_test.fuzz_random_text();
            ELSE
                s := spm_test.fuzz_mutate_text(seeds_text[1 + floor(random() * seeds)::int]);
            END IF;
            problem := spm_test.fuzz_text_once(t.typ, s);
            IF problem IS NOT NULL THEN
                INSERT INTO spm_test.fuzz_violation VALUES (t.typ, 'text', s, problem);
            END IF;
            text_inputs := text_inputs + 1;
        END LOOP;
        -- binary: the send form of each seed, mutated, through the receive function
        IF seeds > 0 AND t.send IS NOT NULL THEN
            seeds_bin := ARRAY[]::bytea[];
            FOREACH s IN ARRAY seeds_text LOOP
                EXECUTE format('SELECT %s($1::%s)', t.send, t.typ) INTO b USING s;
                seeds_bin := seeds_bin || b;
            END LOOP;
            PERFORM set_config('client_min_messages', 'warning', true);
            DROP TABLE IF EXISTS fuzz_raw, fuzz_value;
            CREATE TEMP TABLE fuzz_raw (b bytea);
            EXECUTE format('CREATE TEMP TABLE fuzz_value (v %s)', t.typ);
            FOR i IN 1 .. n_binary LOOP
                b := spm_test.fuzz_mutate_bytes(seeds_bin[1 + floor(random() * seeds)::int]);
                r := spm_test.fuzz_recv(b, t.typ);
                IF r ~ '^[0-9A-Z]{5}: ' THEN
                    IF left(r, 2) NOT IN ('22', '54') THEN
                        INSERT INTO spm_test.fuzz_violation VALUES (t.typ, 'binary', b::text, r);
                    END IF;
                ELSE
                    problem := spm_test.fuzz_text_once(t.typ, r);
                    IF problem IS NOT NULL THEN
                        INSERT INTO spm_test.fuzz_violation VALUES (t.typ, 'binary', b::text, problem);
                    END IF;
                END IF;
                binary_inputs := binary_inputs + 1;
            END LOOP;
        END IF;
        SELECT count(*) INTO violations FROM spm_test.fuzz_violation v WHERE v.typ = t.typ;
        RETURN NEXT;
    END LOOP;
END
$$;

SELECT * FROM spm_test.fuzz_types(:fuzz_text, :fuzz_binary);

-- expected: none
SELECT typ, form, input, problem FROM spm_test.fuzz_violation ORDER BY 1, 2, 3;
