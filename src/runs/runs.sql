
-- ---------------------------------------------------------------------
-- Commission runs: the pay runs of each period, the append-only payout
-- ledger, holds, the period close (calculate, approve, lock, pay) and
-- explain.  Plain SQL and PL/pgSQL over the data model of
-- src/model/model.sql and the commission functions of src/commissions;
-- the design is written up in doc/runs.md.
-- ---------------------------------------------------------------------

-- ---- the ledger ---------------------------------------------------------

-- One row per pay period that has been calculated: its status and who
-- moved it there when.  Periods never overlap.
CREATE TABLE spm.pay_run (
    period        daterange PRIMARY KEY
                  CONSTRAINT pay_run_period_check
                  CHECK (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)),
    status        text NOT NULL DEFAULT 'draft'
                  CONSTRAINT pay_run_status_check CHECK (status IN ('draft', 'approved', 'locked', 'paid')),
    calculated_at timestamptz,
    calculated_by name,
    approved_at   timestamptz,
    approved_by   name,
    locked_at     timestamptz,
    locked_by     name,
    paid_at       timestamptz,
    paid_by       name,
    CONSTRAINT pay_run_no_overlap EXCLUDE USING gist (period WITH &&)
);
COMMENT ON TABLE spm.pay_run IS
    'pay runs: one per pay period, its status (draft, approved, locked, paid) and who moved it when';

-- The ledger: what was computed for whom, never updated or deleted.  A
-- 'commission' line pays one component of one plan version for a rep and
-- period; a 'reversal' cancels an earlier line (reverses) when a rerun
-- finds a different answer; a 'clawback' takes back, in a later period,
-- what a reversed credit (credit_id) was paid.  rep_id is not a foreign
-- key: the ledger is history, and keeps its lines whatever becomes of the
-- people in spm.rep (and loading the model anew, TRUNCATE spm.rep CASCADE,
-- leaves it alone).  The rows of spm.payout_detail and spm.payout_hold
-- carry their line's rep_id too, checked by a foreign key on (payout_line_id,
-- rep_id): on Citus the ledger is distributed by rep_id like the model,
-- and a line's credits and holds live beside it (doc/scaling.md).
CREATE TABLE spm.payout_line (
    payout_line_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rep_id         bigint NOT NULL,
    period         daterange NOT NULL CONSTRAINT payout_line_period_fkey REFERENCES spm.pay_run,
    amount         numeric NOT NULL
                   CONSTRAINT payout_line_amount_check CHECK (amount > '-Infinity' AND amount < 'Infinity'),
    currency       text CONSTRAINT payout_line_currency_fkey REFERENCES spm.currency,
    status         text NOT NULL DEFAULT 'draft'
                   CONSTRAINT payout_line_status_check CHECK (status IN ('draft', 'approved', 'locked', 'paid')),
    kind           text NOT NULL DEFAULT 'commission'
                   CONSTRAINT payout_line_kind_check CHECK (kind IN ('commission', 'reversal', 'clawback')),
    version_id     bigint,
    component      text,
    reverses       bigint,
    credit_id      bigint,
    inputs         jsonb,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    created_by     name NOT NULL DEFAULT CURRENT_USER,
    CONSTRAINT payout_line_reverses_check CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
    CONSTRAINT payout_line_credit_id_check CHECK ((kind = 'clawback') = (credit_id IS NOT NULL)),
    -- what the foreign keys of payout_detail and payout_hold reference
    CONSTRAINT payout_line_rep_key UNIQUE (payout_line_id, rep_id),
    -- a reversal is the reversed line's rep's, and a line is reversed once
    -- (with rep_id, the same rows as reverses alone)
    CONSTRAINT payout_line_reverses_fkey FOREIGN KEY (reverses, rep_id)
        REFERENCES spm.payout_line (payout_line_id, rep_id),
    CONSTRAINT payout_line_reverses_key UNIQUE (reverses, rep_id)
);
CREATE INDEX payout_line_period_rep_id_idx ON spm.payout_line (period, rep_id);
CREATE INDEX payout_line_rep_id_idx ON spm.payout_line (rep_id);
COMMENT ON TABLE spm.payout_line IS
    'the payout ledger: append-only commission, reversal and clawback lines per rep and period';
COMMENT ON SEQUENCE spm.payout_line_payout_line_id_seq IS
    'numbers the lines of spm.payout_line';

-- Which credits a line paid and what each added, one row per line with an
-- element per credit in (credited_on, credit_id) order, the order of the
-- running total: the credit, its date, its amount converted to the rep's
-- currency (exact) and the exact commission it added (after a deal cap;
-- uncapped: what the cap cut it from, NULL where it did not).  Credits in
-- another currency also keep their original amount and currency and the
-- rate used (elsewhere those elements are NULL: the amount is the
-- original, in the line's currency, at rate 1).  One row per line rather
-- than per credit: a quarter of a million credits is written as ten
-- thousand rows.  It keeps what explain needs even after a draft credit is
-- deleted; spm.payout_credit shows it one row per credit.
CREATE TABLE spm.payout_detail (
    payout_line_id      bigint NOT NULL,
    rep_id              bigint NOT NULL,
    credit_ids          bigint[] NOT NULL,
    credited_on         date[] NOT NULL,
    amounts             numeric[] NOT NULL,
    commissions         numeric[] NOT NULL,
    uncapped            numeric[],
    original_amounts    numeric[],
    original_currencies text[],
    fx_rates            numeric[],
    CONSTRAINT payout_detail_cardinality_check
        CHECK (cardinality(credit_ids) > 0
               AND cardinality(credited_on) = cardinality(credit_ids)
               AND cardinality(amounts) = cardinality(credit_ids)
               AND cardinality(commissions) = cardinality(credit_ids)
               AND coalesce(cardinality(uncapped), cardinality(credit_ids)) = cardinality(credit_ids)
               AND coalesce(cardinality(original_amounts), cardinality(credit_ids)) = cardinality(credit_ids)
               AND coalesce(cardinality(original_currencies), cardinality(credit_ids)) = cardinality(credit_ids)
               AND coalesce(cardinality(fx_rates), cardinality(credit_ids)) = cardinality(credit_ids)),
    -- one row per line (the line's rep_id is its rep_id)
    PRIMARY KEY (payout_line_id, rep_id),
    CONSTRAINT payout_detail_payout_line_id_fkey FOREIGN KEY (payout_line_id, rep_id)
        REFERENCES spm.payout_line (payout_line_id, rep_id)
);
-- A line's arrays take a few kilobytes and are compressed into TOAST: lz4,
-- where the server has it, compresses them as well as pglz in half the
-- time (measured on a quarter of a million credits).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_settings s
                WHERE s.name = 'default_toast_compression' AND 'lz4' = ANY (s.enumvals)) THEN
        ALTER TABLE spm.payout_detail
            ALTER COLUMN credit_ids SET COMPRESSION lz4, ALTER COLUMN credited_on SET COMPRESSION lz4,
            ALTER COLUMN amounts SET COMPRESSION lz4, ALTER COLUMN commissions SET COMPRESSION lz4,
            ALTER COLUMN uncapped SET COMPRESSION lz4, ALTER COLUMN original_amounts SET COMPRESSION lz4,
            ALTER COLUMN original_currencies SET COMPRESSION lz4, ALTER COLUMN fx_rates SET COMPRESSION lz4;
    END IF;
END
$$;
COMMENT ON TABLE spm.payout_detail IS
    'the credits behind each payout line, an array element per credit in running-total order (spm.payout_credit shows a row per credit)';

-- The per-credit pass of spm.calculate (spm.ledger_agg, below): a line's
-- credits in running-total order and what each added.
CREATE TYPE spm.ledger_credits AS (
    credited            numeric,
    credits             bigint,
    commission          numeric,
    credit_ids          bigint[],
    credited_on         date[],
    amounts             numeric[],
    commissions         numeric[],
    uncapped            numeric[],
    original_amounts    numeric[],
    original_currencies text[],
    fx_rates            numeric[],
    fingerprint         bigint
);
COMMENT ON TYPE spm.ledger_credits IS
    'a payout line''s credits in running-total order, what each added, and the totals (spm.ledger_agg)';

-- The aggregate behind it (src/runs/ledger.c): over the credits of one
-- line, in any order, with the line's plan on every row.  Its state,
-- spm.ledger_state, keeps every credit: a variable-size type (text form
-- "(schedule,quota,scale,deal_cap,(credit_id,credited_on,amount,
-- original_amount,original_currency,fx_rate),...)") updated in place while
-- the aggregate runs.
CREATE TYPE spm.ledger_state;
CREATE FUNCTION spm.ledger_state_in(cstring) RETURNS spm.ledger_state
    AS 'MODULE_PATHNAME', 'spm_ledger_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.ledger_state_out(spm.ledger_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_ledger_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.ledger_state_recv(internal) RETURNS spm.ledger_state
    AS 'MODULE_PATHNAME', 'spm_ledger_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION spm.ledger_state_send(spm.ledger_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_ledger_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE spm.ledger_state (
    INPUT = spm.ledger_state_in,
    OUTPUT = spm.ledger_state_out,
    RECEIVE = spm.ledger_state_recv,
    SEND = spm.ledger_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);
COMMENT ON TYPE spm.ledger_state IS
    'state of spm.ledger_agg: the plan of a payout line and its credits';
COMMENT ON FUNCTION spm.ledger_state_in(cstring) IS 'input function of spm.ledger_state';
COMMENT ON FUNCTION spm.ledger_state_out(spm.ledger_state) IS 'output function of spm.ledger_state';
COMMENT ON FUNCTION spm.ledger_state_recv(internal) IS 'receive function of spm.ledger_state (checks every field)';
COMMENT ON FUNCTION spm.ledger_state_send(spm.ledger_state) IS 'send function of spm.ledger_state (portable, versioned)';
CREATE FUNCTION spm.ledger_agg_trans(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric,
                                     bigint, date, numeric, numeric, text, numeric)
    RETURNS spm.ledger_state AS 'MODULE_PATHNAME', 'spm_ledger_agg_trans' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION spm.ledger_agg_trans(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric, bigint, date, numeric, numeric, text, numeric) IS
    'spm.ledger_agg support: adds a credit to the line';
CREATE FUNCTION spm.ledger_agg_combine(spm.ledger_state, spm.ledger_state)
    RETURNS spm.ledger_state AS 'MODULE_PATHNAME', 'spm_ledger_agg_combine' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION spm.ledger_agg_combine(spm.ledger_state, spm.ledger_state) IS
    'spm.ledger_agg support: joins two partial lines';
CREATE FUNCTION spm.ledger_agg_final(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric,
                                     bigint, date, numeric, numeric, text, numeric)
    RETURNS spm.ledger_credits AS 'MODULE_PATHNAME', 'spm_ledger_agg_final' LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION spm.ledger_agg_final(spm.ledger_state, spm.tier_schedule, numeric, numeric, numeric, bigint, date, numeric, numeric, text, numeric) IS
    'spm.ledger_agg support: the line''s credits in running-total order and what each added';

-- About 40 bytes a credit: SSPACE tells the planner what a line's state
-- takes, so that it hashes the lines of a large period.
CREATE AGGREGATE spm.ledger_agg(schedule spm.tier_schedule, quota numeric, scale numeric, deal_cap numeric,
                                credit_id bigint, credited_on date, amount numeric,
                                original_amount numeric, original_currency text, fx_rate numeric) (
    SFUNC = spm.ledger_agg_trans,
    STYPE = spm.ledger_state,
    SSPACE = 4096,
    FINALFUNC = spm.ledger_agg_final,
    FINALFUNC_EXTRA,
    COMBINEFUNC = spm.ledger_agg_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.ledger_agg(spm.tier_schedule, numeric, numeric, numeric, bigint, date, numeric, numeric, text, numeric) IS
    'a payout line from its credits in any order: each credit''s increment of the schedule on the running total in (credited_on, credit_id) order (on attainment of quota unless it is NULL; with a quota and a scale, a graduated or retroactive schedule''s share, rate x attainment), times scale, cut to deal_cap; the totals; the converted credits'' original amounts, currencies and rates; and a fingerprint';

-- Everyone reporting to a person, at any depth (not the person).  A
-- function, so that the planner counts on a few rows per manager rather
-- than its estimate of a recursive query; used by spm.calculate (overrides)
-- and spm.pipeline_forecast (teams).
CREATE FUNCTION spm.reports_below(manager_id bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 20 SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    seen bigint[] := ARRAY[reports_below.manager_id];
    level bigint[] := ARRAY[reports_below.manager_id];
BEGIN
    -- one level of the tree per query, each person once (a cycle, which
    -- the trigger of spm.rep refuses, could not make it loop); not a
    -- recursive query, which Citus refuses over the distributed spm.rep
    LOOP
        SELECT array_agg(r.rep_id) INTO level
          FROM spm.rep r
         WHERE r.manager_id = ANY (level) AND r.rep_id <> ALL (seen);
        EXIT WHEN level IS NULL;
        seen := seen || level;
        RETURN QUERY SELECT pg_catalog.unnest(level);
    END LOOP;
END
$$;
COMMENT ON FUNCTION spm.reports_below(bigint) IS
    'everyone reporting to a person directly or indirectly, not the person: the credits a manager override counts';

-- One row per credit of a line: spm.payout_detail unnested.
CREATE VIEW spm.payout_credit WITH (security_invoker) AS
SELECT d.payout_line_id, d.rep_id, u.credit_id, u.credited_on, u.amount,
       coalesce(u.original_amount, u.amount) AS original_amount,
       coalesce(u.original_currency, l.currency) AS original_currency,
       coalesce(u.fx_rate, 1) AS fx_rate,
       u.commission, u.uncapped, u.position
  FROM spm.payout_detail d
  JOIN spm.payout_line l ON l.payout_line_id = d.payout_line_id AND l.rep_id = d.rep_id
 CROSS JOIN LATERAL unnest(d.credit_ids, d.credited_on, d.amounts, d.commissions, d.uncapped,
                            d.original_amounts, d.original_currencies, d.fx_rates)
       WITH ORDINALITY AS u(credit_id, credited_on, amount, commission, uncapped,
                            original_amount, original_currency, fx_rate, position);
COMMENT ON VIEW spm.payout_credit IS
    'the credits behind each payout line, one row each: converted amount, original amount and currency, rate used, and the exact commission each added';
COMMENT ON COLUMN spm.payout_credit.uncapped IS
    'what the credit would have added without the component''s deal cap; NULL when the cap did not cut it';
COMMENT ON COLUMN spm.payout_credit.position IS
    'the credit''s place in the line''s running total: credits are counted in (credited_on, credit_id) order';

-- Holds: a line is held until released; holding never changes the line.
CREATE TABLE spm.payout_hold (
    payout_line_id bigint NOT NULL,
    rep_id         bigint NOT NULL,
    held_at        timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    held_by        name NOT NULL DEFAULT CURRENT_USER,
    reason         text NOT NULL,
    released_at    timestamptz,
    released_by    name,
    -- keys with the line's rep_id: the same rows as without it
    PRIMARY KEY (payout_line_id, rep_id, held_at),
    CONSTRAINT payout_hold_payout_line_id_fkey FOREIGN KEY (payout_line_id, rep_id)
        REFERENCES spm.payout_line (payout_line_id, rep_id),
    CONSTRAINT payout_hold_released_check CHECK ((released_at IS NULL) = (released_by IS NULL))
);
CREATE UNIQUE INDEX payout_hold_open_key ON spm.payout_hold (payout_line_id, rep_id) WHERE released_at IS NULL;
COMMENT ON TABLE spm.payout_hold IS
    'holds on payout lines: a line with an unreleased hold is not paid; the line itself never changes';

-- ---- the append-only rules ------------------------------------------------

-- The order statuses move in; a status never moves back.
CREATE FUNCTION spm.payout_status_rank(status text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.array_position(ARRAY['draft', 'approved', 'locked', 'paid'], status);
COMMENT ON FUNCTION spm.payout_status_rank(text) IS
    'the position of a pay run or payout line status: draft 1, approved 2, locked 3, paid 4';

-- A ledger line is never deleted, and an update may only move its status
-- forward with every other column unchanged.
CREATE FUNCTION spm.payout_line_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT FROM spm.payout_line) THEN
            RAISE EXCEPTION 'the payout ledger is append-only: spm.payout_line cannot be truncated'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Correct a period by recalculating it, or in the next open period.';
        END IF;
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the payout ledger is append-only: payout line % cannot be deleted', OLD.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'A recalculation of a draft period reverses a line with a new line; a locked period is corrected in the next open period.';
    END IF;
    IF (pg_catalog.to_jsonb(NEW) - 'status')::text <> (pg_catalog.to_jsonb(OLD) - 'status')::text THEN
        RAISE EXCEPTION 'the payout ledger is append-only: payout line % cannot be changed', OLD.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Only the status of a line changes, and only forward: draft, approved, locked, paid.',
                  HINT = 'A recalculation of a draft period reverses a line with a new line; a locked period is corrected in the next open period.';
    END IF;
    IF spm.payout_status_rank(NEW.status) < spm.payout_status_rank(OLD.status) THEN
        RAISE EXCEPTION 'payout line % cannot move back from % to %', OLD.payout_line_id, OLD.status, NEW.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A status only moves forward: draft, approved, locked, paid.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION spm.payout_line_append_only() IS
    'trigger function: refuses to delete or truncate ledger lines and any update but moving status forward';
CREATE TRIGGER payout_line_append_only BEFORE UPDATE OR DELETE ON spm.payout_line
    FOR EACH ROW EXECUTE FUNCTION spm.payout_line_append_only();
CREATE TRIGGER payout_line_no_truncate BEFORE TRUNCATE ON spm.payout_line
    FOR EACH STATEMENT EXECUTE FUNCTION spm.payout_line_append_only();

-- The credits behind a line never change; a hold only gets released.
CREATE FUNCTION spm.payout_detail_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF (TG_TABLE_NAME = 'payout_detail' AND EXISTS (SELECT FROM spm.payout_detail))
           OR (TG_TABLE_NAME = 'payout_hold' AND EXISTS (SELECT FROM spm.payout_hold)) THEN
            RAISE EXCEPTION 'the payout ledger is append-only: spm.% cannot be truncated', TG_TABLE_NAME
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'payout_hold' AND TG_OP = 'UPDATE' THEN
        IF OLD.released_at IS NULL AND NEW.released_at IS NOT NULL
           AND (pg_catalog.to_jsonb(NEW) - 'released_at' - 'released_by')::text
               = (pg_catalog.to_jsonb(OLD) - 'released_at' - 'released_by')::text THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the payout ledger is append-only: a row of spm.% for payout line % cannot be %',
                    TG_TABLE_NAME, OLD.payout_line_id,
                    CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Only a hold changes, when spm.release releases it; a recalculation writes new lines.';
END
$$;
COMMENT ON FUNCTION spm.payout_detail_append_only() IS
    'trigger function: payout_detail rows never change; a payout_hold row only gets released';
CREATE TRIGGER payout_detail_append_only BEFORE UPDATE OR DELETE ON spm.payout_detail
    FOR EACH ROW EXECUTE FUNCTION spm.payout_detail_append_only();
CREATE TRIGGER payout_detail_no_truncate BEFORE TRUNCATE ON spm.payout_detail
    FOR EACH STATEMENT EXECUTE FUNCTION spm.payout_detail_append_only();
CREATE TRIGGER payout_hold_append_only BEFORE UPDATE OR DELETE ON spm.payout_hold
    FOR EACH ROW EXECUTE FUNCTION spm.payout_detail_append_only();
CREATE TRIGGER payout_hold_no_truncate BEFORE TRUNCATE ON spm.payout_hold
    FOR EACH STATEMENT EXECUTE FUNCTION spm.payout_detail_append_only();

-- A pay run's status only moves forward, and a run is deleted only while
-- it has no lines (the foreign key of spm.payout_line says so).
CREATE FUNCTION spm.pay_run_forward_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.period <> OLD.period THEN
        RAISE EXCEPTION 'pay run % cannot change its period', spm.period_label(OLD.period)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Calculate the other period as a pay run of its own.';
    END IF;
    IF spm.payout_status_rank(NEW.status) < spm.payout_status_rank(OLD.status) THEN
        RAISE EXCEPTION 'pay run % cannot move back from % to %', spm.period_label(OLD.period), OLD.status, NEW.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A pay run only moves forward: draft, approved, locked, paid.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION spm.pay_run_forward_only() IS
    'trigger function: a pay run keeps its period and its status only moves forward';
CREATE TRIGGER pay_run_forward_only BEFORE UPDATE ON spm.pay_run
    FOR EACH ROW EXECUTE FUNCTION spm.pay_run_forward_only();

-- Credits dated in a locked (or paid) period cannot be inserted, changed
-- or deleted, nor moved into or out of one: corrections are dated in the
-- next open period as clawbacks or adjustments.  One set-based check per
-- statement, over its transition tables (old_rows, new_rows), so that a
-- bulk load pays for one lookup, not one per row; an update that leaves a
-- row as it was does not count as a change.
CREATE FUNCTION spm.credit_locked_period() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p daterange;
    c bigint;
    d date;
BEGIN
    IF NOT EXISTS (SELECT FROM spm.pay_run r WHERE r.status IN ('locked', 'paid')) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        SELECT r.period, cr.credit_id INTO p, c
          FROM spm.pay_run r JOIN spm.credit cr ON r.period @> cr.credited_on
         WHERE r.status IN ('locked', 'paid')
         ORDER BY cr.credited_on, cr.credit_id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'credit % is dated in locked period %', c, spm.period_label(p)
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'spm.credit cannot be truncated while it holds credits of a locked period.';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_OP = 'UPDATE' THEN
            SELECT o.credit_id, o.credited_on, r.period INTO c, d, p
              FROM (SELECT * FROM old_rows EXCEPT ALL SELECT * FROM new_rows) o
              JOIN spm.pay_run r ON r.period @> o.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY o.credited_on, o.credit_id LIMIT 1;
        ELSE
            SELECT o.credit_id, o.credited_on, r.period INTO c, d, p
              FROM old_rows o
              JOIN spm.pay_run r ON r.period @> o.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY o.credited_on, o.credit_id LIMIT 1;
        END IF;
        IF FOUND THEN
            RAISE EXCEPTION 'credit % is dated % in locked period %', c, d, spm.period_label(p)
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'Credits of a locked period cannot be ' || CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END || '.',
                      HINT = 'Date the correction in the next open period as a credit of kind clawback or adjustment that reverses credit ' || c || '.';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF TG_OP = 'UPDATE' THEN
            SELECT n.credit_id, n.credited_on, r.period INTO c, d, p
              FROM (SELECT * FROM new_rows EXCEPT ALL SELECT * FROM old_rows) n
              JOIN spm.pay_run r ON r.period @> n.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY n.credited_on, n.credit_id LIMIT 1;
        ELSE
            SELECT n.credit_id, n.credited_on, r.period INTO c, d, p
              FROM new_rows n
              JOIN spm.pay_run r ON r.period @> n.credited_on AND r.status IN ('locked', 'paid')
             ORDER BY n.credited_on, n.credit_id LIMIT 1;
        END IF;
        IF FOUND THEN
            RAISE EXCEPTION 'credit % cannot be dated % in locked period %', c, d, spm.period_label(p)
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Date it in the next open period; a correction is a credit of kind clawback or adjustment that reverses the credit it corrects.';
        END IF;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION spm.credit_locked_period() IS
    'trigger function: refuses to insert, change, delete or move credits dated in a locked period';
CREATE TRIGGER credit_locked_period_insert AFTER INSERT ON spm.credit
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();
CREATE TRIGGER credit_locked_period_update AFTER UPDATE ON spm.credit
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();
CREATE TRIGGER credit_locked_period_delete AFTER DELETE ON spm.credit
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();
CREATE TRIGGER credit_locked_period_truncate BEFORE TRUNCATE ON spm.credit
    FOR EACH STATEMENT EXECUTE FUNCTION spm.credit_locked_period();

-- ---- the period close -------------------------------------------------------

-- A period argument must be a bounded, non-empty range.
CREATE FUNCTION spm.check_pay_period(period daterange) RETURNS daterange
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF period IS NULL THEN
        RAISE EXCEPTION 'period must not be null' USING ERRCODE = 'null_value_not_allowed';
    ELSIF isempty(period) THEN
        RAISE EXCEPTION 'period must not be empty, not "%"', period
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF lower_inf(period) OR upper_inf(period) THEN
        RAISE EXCEPTION 'period must have a first and a last day, not "%"', period
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use spm.pay_period(day, frequency) for the month, quarter, half or year of a day.';
    END IF;
    RETURN period;
END
$$;
COMMENT ON FUNCTION spm.check_pay_period(daterange) IS
    'the period, or an error when it is null, empty or unbounded';

-- Whether a credit qualifies for a SPIFF: its kind is one of the spiff's
-- kinds, its amount (in the rep's currency) at least the minimum, and its
-- deal_ref matches the LIKE pattern.
CREATE FUNCTION spm.spiff_qualifies(kind text, deal_ref text, amount numeric,
                                    spiff_kinds text[], spiff_min_amount numeric, spiff_deal_ref text)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN kind = ANY (coalesce(spiff_kinds, ARRAY['deal', 'split', 'overlay']))
       AND (spiff_min_amount IS NULL OR amount >= spiff_min_amount)
       AND (spiff_deal_ref IS NULL OR coalesce(deal_ref LIKE spiff_deal_ref, false));
COMMENT ON FUNCTION spm.spiff_qualifies(text, text, numeric, text[], numeric, text) IS
    'whether a credit of this kind, deal_ref and amount meets a spiff''s condition';

-- Compute the period's payout lines from the model and bring the ledger to
-- that answer: write nothing where the current line already says it, a
-- reversal and a new line where it differs.  Returns the lines written.
--
-- The shape is chosen for a period of a million credits: the period's
-- credits are read once and hashed into their lines (a rep, plan version
-- and component), and spm.ledger_agg sorts each line's credits and
-- computes its running total, so that no step sorts every credit of the
-- period, and the ledger gets a row per line.  The planner's estimates of
-- the range conditions of the model (assignments, plan versions, quotas
-- valid for a period) are far below the real row counts, and with them it
-- would sort a million credits for a merge join and a group aggregate:
-- the function turns merge joins and sorts off, so that it hashes (a sort
-- that has no alternative, such as the window of the cumulative rounding,
-- still runs).  Both hash tables are bounded by work_mem and spill beyond.
-- A path turned off costs 10^10, so every plan with a sort looks costly
-- enough to compile: JIT is turned off too (it took 7 seconds to compile
-- the statement for a period of ten credits).
CREATE FUNCTION spm.calculate(period daterange) RETURNS integer
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
    -- hash joins and hash aggregates whatever the estimates (see above);
    -- random_page_cost for the foreign-key checks of the lines it writes
    -- (see "added" below)
    SET enable_mergejoin = off SET enable_sort = off SET jit = off
    SET random_page_cost = 1.1 AS $$
DECLARE
    p daterange := spm.check_pay_period(period);
    run spm.pay_run;
    written integer;
    missing text;
BEGIN
    -- One run of a period at a time: the second waits here for the first
    -- to commit, then finds the answer already written.
    INSERT INTO spm.pay_run AS r (period) VALUES (p) ON CONFLICT DO NOTHING;
    SELECT * INTO run FROM spm.pay_run r WHERE r.period = p FOR UPDATE;
    IF NOT FOUND THEN
        SELECT * INTO run FROM spm.pay_run r WHERE r.period && p LIMIT 1;
        RAISE EXCEPTION 'period % overlaps pay run %', p, spm.period_label(run.period)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Pay runs cover periods that do not overlap.',
                  HINT = 'Calculate the periods of the existing pay runs.';
    END IF;
    IF run.status <> 'draft' THEN
        RAISE EXCEPTION 'period % is %: it cannot be recalculated', spm.period_label(p), run.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Late credits and corrections for it are dated in the next open period, as clawbacks or adjustments reversing the credits they correct.';
    END IF;

    -- Attainment components need a quota above 0: without one they pay
    -- nothing.  Only the reps without one are looked up in spm.credit.
    SELECT string_agg(DISTINCT 'rep ' || a.rep_id || ' (' || pc.component || ')', ', ')
      INTO missing
      FROM spm.assignment a
      JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid AND v.valid && p AND a.valid && p
      JOIN spm.plan_component pc ON pc.version_id = v.version_id AND pc.basis = 'attainment'
      LEFT JOIN spm.quota q ON q.rep_id = a.rep_id AND q.period = p AND q.measure = pc.measure
     WHERE NOT coalesce(q.amount > 0, false)
       -- EXISTS rather than a lateral LIMIT 1, which Citus refuses next to
       -- the reference tables (doc/scaling.md)
       AND EXISTS (SELECT FROM spm.credit c
                    WHERE c.rep_id = a.rep_id AND c.measure = pc.measure
                      AND c.credited_on <@ (a.valid * v.valid * p));
    IF missing IS NOT NULL THEN
        RAISE NOTICE 'no quota above 0 for %: their attainment components pay nothing', spm.period_label(p)
            USING DETAIL = 'Not paid: ' || missing || '.',
                  HINT = 'Add rows to spm.quota for this period and calculate it again.';
    END IF;

    WITH
    -- clawbacks and adjustments dated in the period, and the credits they reverse
    -- (in two steps: the reversed credit may be another rep's, and on
    -- Citus, where credits are distributed by rep_id, the few reversing
    -- credits are then sent to the workers rather than every credit
    -- repartitioned)
    reversing AS MATERIALIZED (
        SELECT c.credit_id, c.reverses
          FROM spm.credit c
         WHERE c.reverses IS NOT NULL AND c.credited_on >= lower(p) AND c.credited_on < upper(p)
    ),
    rev AS MATERIALIZED (
        SELECT c.credit_id, c.reverses, o.credited_on AS reversed_on
          FROM reversing c
          JOIN spm.credit o ON o.credit_id = c.reverses
    ),
    -- what the approved lines of earlier periods paid for those reversed
    -- credits: a clawback or adjustment takes back what the credit was paid
    paid AS MATERIALIZED (
        SELECT l.payout_line_id, l.rep_id, l.currency, l.version_id, l.component, l.period,
               u.credit_id, coalesce(u.original_amount, u.amount) AS original_amount,
               coalesce(u.original_currency, l.currency) AS original_currency, u.commission
          FROM spm.payout_line l
          JOIN spm.payout_detail d ON d.payout_line_id = l.payout_line_id AND d.rep_id = l.rep_id
         CROSS JOIN LATERAL unnest(d.credit_ids, d.amounts, d.commissions, d.original_amounts, d.original_currencies)
               AS u(credit_id, amount, commission, original_amount, original_currency)
         WHERE l.kind = 'commission' AND l.status <> 'draft' AND NOT (l.period && p)
           AND EXISTS (SELECT FROM rev) AND EXISTS (SELECT FROM rev WHERE rev.reversed_on <@ l.period)
           AND d.credit_ids && ARRAY(SELECT rev.reverses FROM rev)
           AND u.credit_id IN (SELECT rev.reverses FROM rev)
           AND NOT EXISTS (SELECT FROM spm.payout_line x WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)
    ),
    -- the schedule lines in force in the period: one per rep, plan version
    -- and commission or override component (a rep on one version twice in
    -- the period has two windows of days, summed into one line)
    line_window AS MATERIALIZED (
        SELECT dense_rank() OVER (ORDER BY a.rep_id, v.version_id, pc.component) AS lid,
               a.rep_id, r.currency, v.version_id, pc.component, pc.kind, pc.schedule, pc.basis, pc.measure,
               pc.deal_cap, pc.period_cap, pc.year_cap, pc.weight,
               -- the quota prorated by the days the rep is on this version
               -- in the period (spm.prorate), when that is not all of it
               CASE WHEN w.whole THEN q.amount
                    ELSE trim_scale(spm.prorate(q.amount, p, w.days)) END AS quota,
               CASE WHEN NOT w.whole THEN q.amount END AS full_quota,
               CASE WHEN NOT w.whole THEN upper(w.days) - lower(w.days) END AS days_in_force,
               -- and so is the on-target incentive
               CASE WHEN w.whole THEN pc.target_incentive
                    ELSE trim_scale(spm.prorate(pc.target_incentive, p, w.days)) END AS target_incentive,
               lower(w.days) AS first_day, upper(w.days) AS end_day
          FROM spm.assignment a
          JOIN spm.rep r ON r.rep_id = a.rep_id
          JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid
          -- the days of the period the rep is on the version, computed once
          CROSS JOIN LATERAL (SELECT d.days, d.days = p AS whole
                                FROM (SELECT a.valid * v.valid * p AS days OFFSET 0) d) w
          JOIN spm.plan_component pc ON pc.version_id = v.version_id
          LEFT JOIN spm.quota q ON q.rep_id = a.rep_id AND q.period = p AND q.measure = pc.measure
         WHERE a.valid && p AND v.valid && p AND pc.kind IN ('commission', 'override')
           AND (pc.basis = 'amount' OR q.amount > 0)
    ),
    line AS MATERIALIZED (
        SELECT lid, min(rep_id) AS rep_id, min(currency) AS currency, min(version_id) AS version_id,
               min(component) AS component, min(basis) AS basis, min(schedule::text) AS schedule_text,
               min(deal_cap) AS deal_cap, min(period_cap) AS period_cap, min(year_cap) AS year_cap,
               min(weight) AS weight, sum(quota) AS quota, min(full_quota) AS full_quota,
               sum(days_in_force) AS days_in_force, sum(target_incentive) AS target_incentive
          FROM line_window GROUP BY lid
    ),
    -- whose credits each line counts: a commission component the rep's
    -- own credits, an override those of everyone reporting to the rep
    -- (any depth, not the rep's own).  The reporting tree is walked in a
    -- step of its own, over the lines alone (on Citus, on the coordinator:
    -- spm.reports_below reads the distributed spm.rep).
    -- The kinds are tested with <> (line_window holds only these two): the
    -- planner has no statistics on a CTE and takes "= constant" to keep
    -- one row in 200, and with the lines' owners estimated at a row or two
    -- the ledger aggregate below looked smaller than the lines, so the
    -- plan hashed the aggregate's results, copying every line's credit
    -- arrays (58 MB for the bench's 1M credits) instead of the 2 MB of
    -- lines.
    below AS MATERIALIZED (
        SELECT o.lid, b.rep_id
          FROM (SELECT DISTINCT w.lid, w.rep_id FROM line_window w WHERE w.kind <> 'commission') o
         CROSS JOIN LATERAL spm.reports_below(o.rep_id) AS b(rep_id)
    ),
    owner AS MATERIALIZED (
        SELECT DISTINCT w.lid, w.rep_id, w.currency FROM line_window w WHERE w.kind <> 'override'
        UNION ALL
        SELECT b.lid, r.rep_id, r.currency
          FROM below b
          JOIN spm.rep r ON r.rep_id = b.rep_id
    ),
    -- and the plan that pays them, per window
    source AS MATERIALIZED (
        SELECT w.lid, o.rep_id AS owner_id, o.currency AS owner_currency, l.currency, w.measure,
               w.first_day, w.end_day, l.schedule_text::spm.tier_schedule AS schedule,
               CASE WHEN l.basis = 'attainment' THEN l.quota END AS quota,
               l.target_incentive * coalesce(l.weight, 1) AS scale, l.deal_cap
          FROM line_window w
          JOIN line l ON l.lid = w.lid
          JOIN owner o ON o.lid = w.lid
    ),
    -- each line's credits in running-total order, in the line's currency,
    -- and what each added.  The period's credits are read once and joined
    -- by hash to the windows on the person (the + 0 keeps the planner from
    -- probing the index on (rep_id, credited_on) once per window instead, a
    -- random heap read per credit).
    -- A clawback or adjustment whose credit an earlier approved line paid
    -- is taken back in claw instead.
    cred_line AS (
        SELECT l.*, (g.lc).*
          FROM (
            SELECT x.lid,
                   spm.ledger_agg(x.schedule, x.quota, x.scale, x.deal_cap, x.credit_id, x.credited_on,
                                  CASE WHEN x.converted IS NOT FALSE
                                       THEN trim_scale(x.amount * x.rate_from / x.rate_to)
                                       ELSE x.amount END,
                                  CASE WHEN x.converted THEN x.amount END,
                                  CASE WHEN x.converted THEN x.from_currency END,
                                  CASE WHEN x.converted THEN trim_scale(1 * x.rate_from / x.rate_to) END) AS lc
              FROM (
                -- a credit in another currency converts as spm.convert does,
                -- amount x rate(from) / rate(to) at the credit's date, with
                -- the rates looked up here (spm.fx_rate_on only to report a
                -- missing one).  The OFFSET 0 keeps this step a step of its
                -- own, so that each credit's rates are looked up and its
                -- currencies compared once, not once per use above.  A
                -- currency that is NULL (a rep without one) makes converted
                -- NULL: the amount is then NULL too, and spm.ledger_agg
                -- refuses it rather than paying it unconverted.
                SELECT y.*, y.from_currency <> y.currency AS converted,
                       CASE WHEN y.from_currency <> y.currency
                            THEN coalesce((SELECT f.rate FROM spm.fx_rate f
                                            WHERE f.currency = y.from_currency AND f.valid @> y.credited_on),
                                          spm.fx_rate_on(y.from_currency, y.credited_on)) END AS rate_from,
                       CASE WHEN y.from_currency <> y.currency
                            THEN coalesce((SELECT f.rate FROM spm.fx_rate f
                                            WHERE f.currency = y.currency AND f.valid @> y.credited_on),
                                          spm.fx_rate_on(y.currency, y.credited_on)) END AS rate_to
                  FROM (
                SELECT s.*, c.credit_id, c.credited_on, c.amount,
                       coalesce(c.currency, s.owner_currency) AS from_currency
                  FROM source s
                  JOIN spm.credit c ON c.rep_id + 0 = s.owner_id
                                   AND c.credited_on >= s.first_day AND c.credited_on < s.end_day
                                   AND c.measure = s.measure
                 WHERE c.credited_on >= lower(p) AND c.credited_on < upper(p)
                   AND (c.reverses IS NULL OR NOT EXISTS (SELECT FROM paid WHERE paid.credit_id = c.reverses))
                  ) y
                OFFSET 0
              ) x
             GROUP BY x.lid
            OFFSET 0
          ) g
          JOIN line l ON l.lid = g.lid
    ),
    -- one row per credit and spiff it qualifies for, paying the spiff's
    -- amount; a clawback or adjustment of such a credit in the same
    -- window takes back the same share of it
    spiff_cred AS (
        SELECT a.rep_id, r.currency, v.version_id, pc.component, pc.spiff_amount,
               pc.period_cap, pc.year_cap, c.credit_id, c.credited_on,
               c.amount AS original_amount, coalesce(c.currency, r.currency) AS original_currency,
               spm.convert(c.amount, coalesce(c.currency, r.currency), r.currency, c.credited_on) AS amount,
               spm.convert(1, coalesce(c.currency, r.currency), r.currency, c.credited_on) AS fx_rate,
               CASE WHEN o.credit_id IS NULL THEN pc.spiff_amount
                    ELSE trim_scale(pc.spiff_amount
                           * spm.convert(c.amount, coalesce(c.currency, r.currency),
                                         coalesce(o.currency, r.currency), c.credited_on)
                           / o.amount) END AS commission
          FROM spm.assignment a
          JOIN spm.rep r ON r.rep_id = a.rep_id
          JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid
          JOIN spm.plan_component pc ON pc.version_id = v.version_id AND pc.kind = 'spiff'
          JOIN spm.credit c ON c.rep_id = a.rep_id AND c.credited_on <@ (a.valid * v.valid * p)
                           AND c.measure = pc.measure
          LEFT JOIN spm.credit o ON c.kind IN ('clawback', 'adjustment') AND o.credit_id = c.reverses
                                AND o.rep_id = c.rep_id AND o.credited_on <@ (a.valid * v.valid * p)
         WHERE a.valid && p AND v.valid && p
           AND CASE WHEN c.kind IN ('clawback', 'adjustment')
                    THEN o.amount <> 0
                         AND spm.spiff_qualifies(o.kind, o.deal_ref,
                                 spm.convert(o.amount, coalesce(o.currency, r.currency), r.currency, o.credited_on),
                                 pc.spiff_kinds, pc.spiff_min_amount, pc.spiff_deal_ref)
                    ELSE spm.spiff_qualifies(c.kind, c.deal_ref,
                             spm.convert(c.amount, coalesce(c.currency, r.currency), r.currency, c.credited_on),
                             pc.spiff_kinds, pc.spiff_min_amount, pc.spiff_deal_ref)
               END
    ),
    spiff_line AS (
        SELECT rep_id, currency, version_id, component, min(spiff_amount) AS spiff_amount,
               min(period_cap) AS period_cap, min(year_cap) AS year_cap,
               sum(amount) AS credited, count(*) AS credits, sum(commission) AS commission,
               array_agg(credit_id ORDER BY credited_on, credit_id) AS credit_ids,
               array_agg(credited_on ORDER BY credited_on, credit_id) AS credited_on,
               array_agg(amount ORDER BY credited_on, credit_id) AS amounts,
               array_agg(commission ORDER BY credited_on, credit_id) AS commissions,
               array_agg(CASE WHEN original_currency <> currency THEN original_amount END
                         ORDER BY credited_on, credit_id) AS original_amounts,
               array_agg(CASE WHEN original_currency <> currency THEN original_currency END
                         ORDER BY credited_on, credit_id) AS original_currencies,
               array_agg(CASE WHEN original_currency <> currency THEN fx_rate END
                         ORDER BY credited_on, credit_id) AS fx_rates,
               bool_or(original_currency <> currency) AS converted
          FROM spiff_cred GROUP BY rep_id, currency, version_id, component
    ),
    -- one row per commission line before the period and year caps; the
    -- year cap counts what the component (by name) paid the rep in the
    -- earlier periods of the calendar year: its current commission lines
    comm AS (
        SELECT g.*,
               CASE WHEN g.year_cap IS NOT NULL THEN coalesce(y.amount, 0) END AS paid_in_year
          FROM (
            SELECT rep_id, currency, version_id, component, basis, schedule_text AS schedule,
                   quota, full_quota, days_in_force, target_incentive, weight, credited, credits,
                   NULL::numeric AS spiff_amount, commission, deal_cap, period_cap, year_cap,
                   credit_ids, credited_on, amounts, commissions, uncapped,
                   original_amounts, original_currencies, fx_rates, fingerprint
              FROM cred_line
            UNION ALL
            SELECT rep_id, currency, version_id, component, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   credited, credits, spiff_amount, commission, NULL, period_cap, year_cap,
                   credit_ids, credited_on, amounts, commissions, NULL,
                   CASE WHEN converted THEN original_amounts END,
                   CASE WHEN converted THEN original_currencies END,
                   CASE WHEN converted THEN fx_rates END,
                   hashtextextended(concat_ws('|', credit_ids, credited_on, amounts, commissions, fx_rates), 0)
              FROM spiff_line
          ) g
          -- (a join rather than a subquery per line, which Citus refuses
          -- beside the CTEs; only components with a year cap are summed)
          LEFT JOIN (SELECT l.rep_id, l.component, sum(l.amount) AS amount
                       FROM spm.payout_line l
                      WHERE l.kind = 'commission' AND upper(l.period) <= lower(p)
                        AND lower(l.period) >= date_trunc('year', lower(p))::date
                        AND l.component IN (SELECT pc.component FROM spm.plan_component pc
                                             WHERE pc.year_cap IS NOT NULL)
                        AND NOT EXISTS (SELECT FROM spm.payout_line x
                                         WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)
                      GROUP BY l.rep_id, l.component) y
                 ON g.year_cap IS NOT NULL AND y.rep_id = g.rep_id AND y.component = g.component
    ),
    -- the period cap, then what is left of the year cap; a line that takes
    -- back (commission below 0) is not capped
    capped AS MATERIALIZED (
        SELECT c.*,
               CASE WHEN c.commission > c.period_cap THEN c.period_cap - c.commission END AS period_cut,
               CASE WHEN c.year_cap IS NOT NULL
                         AND least(c.commission, c.period_cap) > greatest(c.year_cap - c.paid_in_year, 0)
                    THEN greatest(c.year_cap - c.paid_in_year, 0) - least(c.commission, c.period_cap) END AS year_cut
          FROM comm c
    ),
    -- draws: one line per rep, version and draw component in force, with or
    -- without credits.  earned is what the version's other components pay
    -- the rep this period; the balance carries over from the rep's latest
    -- earlier line of a draw of the same name.  recoverable: the line is
    -- max(0, draw - earned) - recovered, recovered = min(balance,
    -- max(0, earned - draw), limit) once recovery has started; not
    -- recoverable: max(0, draw - earned), balance 0 (spm.draw's rules).
    draws AS (
        SELECT d.*,
               greatest(d.draw - d.earned, 0) - d.recovered AS exact,
               CASE WHEN d.draw_recoverable THEN d.previous_balance + greatest(d.draw - d.earned, 0) - d.recovered
                    ELSE 0 END AS balance
          FROM (
            SELECT e.*,
                   CASE WHEN e.draw_recoverable
                             AND (e.draw_recovery_from IS NULL OR lower(p) >= e.draw_recovery_from)
                        THEN least(e.previous_balance, greatest(e.earned - e.draw, 0), e.draw_recovery_limit)
                        ELSE 0 END AS recovered
              FROM (
                SELECT a.rep_id, r.currency, v.version_id, pc.component, pc.draw_recoverable,
                       pc.draw_recovery_from, pc.draw_recovery_limit,
                       CASE WHEN pc.draw_until < lower(p) THEN 0
                            WHEN a.valid * v.valid * p = p THEN pc.draw_amount
                            ELSE trim_scale(spm.prorate(pc.draw_amount, p, a.valid * v.valid * p)) END AS draw,
                       coalesce(earned.amount, 0) AS earned,
                       coalesce(prev.balance, 0) AS previous_balance
                  FROM spm.assignment a
                  JOIN spm.rep r ON r.rep_id = a.rep_id
                  JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid && a.valid
                  JOIN spm.plan_component pc ON pc.version_id = v.version_id AND pc.kind = 'draw'
                  LEFT JOIN (SELECT x.rep_id, x.version_id,
                                    sum(x.commission + coalesce(x.period_cut, 0) + coalesce(x.year_cut, 0)) AS amount
                               FROM capped x GROUP BY x.rep_id, x.version_id) earned
                         ON earned.rep_id = a.rep_id AND earned.version_id = v.version_id
                  -- the balance of the rep's latest earlier line of the draw
                  -- (a join, not a subquery per draw: see comm)
                  LEFT JOIN (SELECT b.rep_id, b.component, b.balance
                               FROM (SELECT l.rep_id, l.component, (l.inputs ->> 'balance')::numeric AS balance,
                                            row_number() OVER (PARTITION BY l.rep_id, l.component
                                                               ORDER BY l.period DESC, l.payout_line_id DESC) AS n
                                       FROM spm.payout_line l
                                      WHERE l.kind = 'commission' AND l.inputs ? 'balance'
                                        AND upper(l.period) <= lower(p)
                                        AND NOT EXISTS (SELECT FROM spm.payout_line x
                                                         WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)) b
                              WHERE b.n = 1) prev
                         ON prev.rep_id = a.rep_id AND prev.component = pc.component
                 WHERE a.valid && p AND v.valid && p
              ) e
          ) d
    ),
    -- one row per clawback or adjustment and line that paid the credit it reverses
    claw AS (
        SELECT paid.rep_id, paid.currency, paid.version_id, paid.component,
               c.credit_id, c.credited_on, c.amount AS original_amount,
               coalesce(c.currency, r.currency) AS original_currency,
               spm.convert(c.amount, coalesce(c.currency, r.currency), paid.currency, c.credited_on) AS amount,
               spm.convert(1, coalesce(c.currency, r.currency), paid.currency, c.credited_on) AS fx_rate,
               trim_scale(paid.commission
                 * spm.convert(c.amount, coalesce(c.currency, r.currency), paid.original_currency, c.credited_on)
                 / paid.original_amount) AS commission,
               pg_catalog.jsonb_build_object(
                   'reverses_credit', paid.credit_id, 'original_line', paid.payout_line_id,
                   'original_period', spm.period_label(paid.period),
                   'original_amount', paid.original_amount, 'original_currency', paid.original_currency,
                   'original_commission', paid.commission) AS inputs
          FROM rev
          JOIN spm.credit c ON c.credit_id = rev.credit_id
          JOIN spm.rep r ON r.rep_id = c.rep_id
          JOIN paid ON paid.credit_id = c.reverses
         WHERE paid.original_amount <> 0
    ),
    -- the answer: one item per line, in a fixed order per rep for the
    -- cumulative rounding
    item AS (
        SELECT i.*,
               round(sum(i.exact) OVER w, spm.minor_unit(i.currency))
                 - round(sum(i.exact) OVER w - i.exact, spm.minor_unit(i.currency)) AS amount
          FROM (
            SELECT 'commission' AS kind, rep_id, currency, version_id, component, NULL::bigint AS credit_id,
                   commission + coalesce(period_cut, 0) + coalesce(year_cut, 0) AS exact,
                   jsonb_build_object('basis', basis, 'schedule', schedule,
                                      'quota', quota, 'credited', credited,
                                      'credits', credits, 'fingerprint', fingerprint::text,
                                      'commission', commission + coalesce(period_cut, 0) + coalesce(year_cut, 0))
                   || jsonb_strip_nulls(jsonb_build_object(
                          'quota_prorated_from', full_quota, 'days_in_force', days_in_force,
                          'target_incentive', target_incentive, 'weight', weight,
                          'spiff_amount', spiff_amount,
                          'deal_cap', deal_cap, 'period_cap', period_cap, 'period_cap_cut', period_cut,
                          'year_cap', year_cap, 'paid_in_year', paid_in_year, 'year_cap_cut', year_cut)) AS inputs
              FROM capped
            UNION ALL
            SELECT 'commission', rep_id, currency, version_id, component, NULL, exact,
                   jsonb_build_object('draw', draw, 'recoverable', draw_recoverable, 'earned', earned,
                                      'draw_paid', greatest(draw - earned, 0), 'previous_balance', previous_balance,
                                      'recovered', recovered, 'balance', balance, 'commission', exact)
              FROM draws
            UNION ALL
            SELECT 'clawback', rep_id, currency, version_id, component, credit_id, commission,
                   inputs || jsonb_build_object('credited', amount, 'fx_rate', fx_rate, 'commission', commission)
              FROM claw
          ) i
        WINDOW w AS (PARTITION BY i.rep_id ORDER BY i.kind DESC, i.version_id, i.component, i.credit_id)
    ),
    -- the period's current lines (not reversed)
    cur AS (
        SELECT l.payout_line_id, l.kind, l.rep_id, l.currency, l.version_id, l.component, l.credit_id,
               l.amount, l.inputs
          FROM spm.payout_line l
         WHERE l.period = p AND l.kind <> 'reversal'
           AND NOT EXISTS (SELECT FROM spm.payout_line x WHERE x.reverses = l.payout_line_id AND x.rep_id = l.rep_id)
    ),
    -- what differs: a line says something else (its amount, currency or
    -- inputs, which hold a fingerprint of every credit's day, amount, rate
    -- and commission), or is new, or is no longer paid
    diff AS (
        SELECT cur.payout_line_id AS old_id, cur.amount AS old_amount,
               coalesce(item.kind, cur.kind) AS kind, coalesce(item.rep_id, cur.rep_id) AS rep_id,
               coalesce(item.currency, cur.currency) AS currency,
               coalesce(item.version_id, cur.version_id) AS version_id,
               coalesce(item.component, cur.component) AS component,
               coalesce(item.credit_id, cur.credit_id) AS credit_id,
               item.amount, item.inputs, item.kind IS NOT NULL AS is_new
          FROM item
          FULL JOIN cur ON cur.kind = item.kind AND cur.rep_id = item.rep_id
                       AND cur.version_id IS NOT DISTINCT FROM item.version_id
                       AND cur.component IS NOT DISTINCT FROM item.component
                       AND cur.credit_id IS NOT DISTINCT FROM item.credit_id
         WHERE cur.payout_line_id IS NULL OR item.kind IS NULL
            OR cur.amount <> item.amount OR cur.currency IS DISTINCT FROM item.currency
            OR cur.inputs <> item.inputs
    ),
    reversed AS (
        INSERT INTO spm.payout_line (rep_id, period, amount, currency, kind, version_id, component, reverses, inputs)
        SELECT d.rep_id, p, -d.old_amount, d.currency, 'reversal', d.version_id, d.component, d.old_id,
               jsonb_build_object('reason', CASE WHEN d.is_new THEN 'recalculated' ELSE 'no longer paid' END)
          FROM diff d WHERE d.old_id IS NOT NULL
         ORDER BY d.rep_id, d.old_id
        RETURNING payout_line_id
    ),
    -- the new lines, numbered before they are written, so that their
    -- credits are written beside them
    numbered AS MATERIALIZED (
        SELECT nextval('spm.payout_line_payout_line_id_seq'::regclass) AS payout_line_id, n.*
          FROM (SELECT d.* FROM diff d WHERE d.is_new
                 ORDER BY d.rep_id, d.kind DESC, d.version_id, d.component, d.credit_id) n
    ),
    -- Each line written is checked against spm.currency by its foreign
    -- key, a query planned with the settings in force when it first runs
    -- in the session (normally here) and kept.  At the default
    -- random_page_cost of 4 the planner reads that small table whole (the
    -- 160 shipped currencies, a text comparison each) for every line; at
    -- 1.1, the usual setting for solid-state storage or, as here, a table
    -- in memory, it looks the currency up by its primary key: 15% fewer
    -- instructions for a period of 15,000 lines and 100,000 credits.  The
    -- main statement's plan is the same either way.
    added AS (
        INSERT INTO spm.payout_line (payout_line_id, rep_id, period, amount, currency, kind, version_id,
                                     component, credit_id, inputs)
        OVERRIDING SYSTEM VALUE
        SELECT n.payout_line_id, n.rep_id, p, n.amount, n.currency, n.kind, n.version_id, n.component,
               n.credit_id, n.inputs
          FROM numbered n
        RETURNING 1
    ),
    detail AS (
        INSERT INTO spm.payout_detail (payout_line_id, rep_id, credit_ids, credited_on, amounts, commissions,
                                       uncapped, original_amounts, original_currencies, fx_rates)
        SELECT n.payout_line_id, n.rep_id, c.credit_ids, c.credited_on, c.amounts, c.commissions, c.uncapped,
               c.original_amounts, c.original_currencies, c.fx_rates
          FROM numbered n
          JOIN capped c ON c.rep_id = n.rep_id AND c.version_id = n.version_id AND c.component = n.component
         WHERE n.kind = 'commission'
        UNION ALL
        SELECT n.payout_line_id, n.rep_id, ARRAY[c.credit_id], ARRAY[c.credited_on], ARRAY[c.amount], ARRAY[c.commission],
               NULL,
               CASE WHEN c.original_currency <> c.currency THEN ARRAY[c.original_amount] END,
               CASE WHEN c.original_currency <> c.currency THEN ARRAY[c.original_currency] END,
               CASE WHEN c.original_currency <> c.currency THEN ARRAY[c.fx_rate] END
          FROM numbered n
          JOIN claw c ON c.rep_id = n.rep_id AND c.version_id = n.version_id AND c.component = n.component
                     AND c.credit_id = n.credit_id
         WHERE n.kind = 'clawback'
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM reversed) + (SELECT count(*) FROM added)
           + 0 * (SELECT count(*) FROM detail)
      INTO written;

    UPDATE spm.pay_run r SET calculated_at = statement_timestamp(), calculated_by = CURRENT_USER
     WHERE r.period = p;
    RETURN written;
END
$$;
COMMENT ON FUNCTION spm.calculate(daterange) IS
    'computes a draft period''s payout lines into the ledger: nothing where unchanged, a reversal and a new line where changed';

-- Move a period and all its lines one status forward.
CREATE FUNCTION spm.advance_pay_run(period daterange, from_status text, to_status text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p daterange := spm.check_pay_period(period);
    run spm.pay_run;
    n integer;
BEGIN
    SELECT * INTO run FROM spm.pay_run r WHERE r.period = p FOR UPDATE;
    IF NOT FOUND OR run.calculated_at IS NULL THEN
        RAISE EXCEPTION 'period % has not been calculated', spm.period_label(p)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Run spm.calculate(''' || p || ''') first.';
    END IF;
    IF run.status <> from_status THEN
        RAISE EXCEPTION 'period % is %, not %: it cannot be %', spm.period_label(p), run.status, from_status,
                        CASE to_status WHEN 'approved' THEN 'approved' WHEN 'locked' THEN 'locked' ELSE 'marked paid' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A period moves through draft, approved, locked and paid in that order.';
    END IF;
    UPDATE spm.payout_line l SET status = to_status WHERE l.period = p AND l.status = from_status;
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE spm.pay_run r
       SET status = to_status,
           approved_at = CASE to_status WHEN 'approved' THEN statement_timestamp() ELSE r.approved_at END,
           approved_by = CASE to_status WHEN 'approved' THEN CURRENT_USER ELSE r.approved_by END,
           locked_at = CASE to_status WHEN 'locked' THEN statement_timestamp() ELSE r.locked_at END,
           locked_by = CASE to_status WHEN 'locked' THEN CURRENT_USER ELSE r.locked_by END,
           paid_at = CASE to_status WHEN 'paid' THEN statement_timestamp() ELSE r.paid_at END,
           paid_by = CASE to_status WHEN 'paid' THEN CURRENT_USER ELSE r.paid_by END
     WHERE r.period = p;
    RETURN n;
END
$$;
COMMENT ON FUNCTION spm.advance_pay_run(daterange, text, text) IS
    'moves a calculated period and its lines from one status to the next; used by approve, lock_period and mark_paid';

CREATE FUNCTION spm.approve(period daterange) RETURNS integer
    LANGUAGE sql VOLATILE
RETURN spm.advance_pay_run(period, 'draft', 'approved');
COMMENT ON FUNCTION spm.approve(daterange) IS
    'approves a calculated draft period: it and its lines become approved; returns the lines moved';

CREATE FUNCTION spm.lock_period(period daterange) RETURNS integer
    LANGUAGE sql VOLATILE
RETURN spm.advance_pay_run(period, 'approved', 'locked');
COMMENT ON FUNCTION spm.lock_period(daterange) IS
    'locks an approved period: its lines become locked and its credits can no longer change';

CREATE FUNCTION spm.mark_paid(period daterange) RETURNS integer
    LANGUAGE sql VOLATILE
RETURN spm.advance_pay_run(period, 'locked', 'paid');
COMMENT ON FUNCTION spm.mark_paid(daterange) IS
    'marks a locked period paid: it and its lines become paid';

-- ---- holds --------------------------------------------------------------

CREATE FUNCTION spm.hold(payout_line_id bigint, reason text) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    line spm.payout_line;
BEGIN
    IF hold.payout_line_id IS NULL THEN
        RAISE EXCEPTION 'payout_line_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF hold.reason IS NULL OR btrim(hold.reason) = '' THEN
        RAISE EXCEPTION 'reason must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Say why the line is held.';
    END IF;
    SELECT * INTO line FROM spm.payout_line l WHERE l.payout_line_id = hold.payout_line_id FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown payout line %', hold.payout_line_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF line.status = 'paid' THEN
        RAISE EXCEPTION 'payout line % is already paid: it cannot be held', hold.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF EXISTS (SELECT FROM spm.payout_hold h
                WHERE h.payout_line_id = hold.payout_line_id AND h.rep_id = line.rep_id AND h.released_at IS NULL) THEN
        RAISE EXCEPTION 'payout line % is already held', hold.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO spm.payout_hold (payout_line_id, rep_id, reason) VALUES (hold.payout_line_id, line.rep_id, hold.reason);
END
$$;
COMMENT ON FUNCTION spm.hold(bigint, text) IS
    'holds a payout line, with a reason; the line itself does not change';

CREATE FUNCTION spm.release(payout_line_id bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF release.payout_line_id IS NULL THEN
        RAISE EXCEPTION 'payout_line_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    UPDATE spm.payout_hold h SET released_at = statement_timestamp(), released_by = CURRENT_USER
     WHERE h.payout_line_id = release.payout_line_id AND h.released_at IS NULL;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT FROM spm.payout_line l WHERE l.payout_line_id = release.payout_line_id) THEN
            RAISE EXCEPTION 'unknown payout line %', release.payout_line_id USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RAISE EXCEPTION 'payout line % is not held', release.payout_line_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
END
$$;
COMMENT ON FUNCTION spm.release(bigint) IS
    'releases the hold on a payout line';

-- ---- explain ------------------------------------------------------------

-- The breakdown behind a line: a row per credit (its original amount and
-- currency, the rate used, the converted amount and the exact commission
-- it added, before a deal cap), a 'deal cap' row after a credit the cap
-- cut, a row for the line a reversal cancels, 'period cap' and 'year cap'
-- rows (amount: the cap, or what was left of it), a draw's 'draw' and
-- 'recovery' rows, and a final rounding row; the commission column adds
-- up exactly to the line's amount.
--
-- Band by band.  A credit of a line paid by a schedule moves the line's
-- running total from prior to prior + amount, and adds (before the deal
-- cap) scale x (C(prior + amount) - C(prior)), C the schedule with its cap
-- and gate and scale the component's target_incentive x weight (1 without
-- one).  C is F, the schedule's mode alone, corrected by the gate (C = 0
-- below it) and the cap (C = cap where F is above it).  The credit's rows
-- split F(prior + amount) - F(prior) by the mode:
--   graduated: a row per band the credit crosses, the part inside it
--     times the band's rate;
--   retroactive: a row at the rate of the band the total reaches, the
--     credit's amount times it, and when the credit moves the total into
--     another band a 're-priced' row: everything credited before it
--     (amount: prior) moves from the old band's rate to the new one
--     (band_rate: the difference), prior x (new rate - old rate);
--   interpolated: a row per segment of the pay curve the credit crosses
--     (from point to point, the last from the last point on, continuing the
--     last slope), the payout of the curve at the part's end minus at its
--     start.  band_rate is the segment's slope, exact where it terminates
--     and otherwise rounded half away from zero to 20 places, as the curve
--     itself is between points (spm.commission); the payouts at points are
--     exact.  So a row is exactly the curve's increment over its part as
--     the ledger computed it, and the rows of a credit add up exactly to
--     its commission without a remainder row; only a non-terminating slope
--     can make a row differ from amount inside x band_rate, in the 20th
--     place.
-- Then C - F, what the gate and the cap change, at the total after the
-- credit minus at the total before it: a 'gate' row for the part the gate
-- makes (-F below the gate; amount: the gate), what it withheld or, when
-- the credit reaches the gate, released (the commission of everything
-- credited before becomes payable), and a 'schedule cap' row for the rest
-- (cap - F above the cap; amount: the cap), what the cap took off or, for
-- a clawback back under it, gave back.
-- Bounds are money: thresholds times the quota for an attainment
-- component.  The first band (or segment) also takes a running total below
-- 0, the last one everything above its threshold.  With an on-target
-- incentive every row, its band_rate and the cap are multiplied by
-- target_incentive x weight: a row's rate is money per unit credited; on a
-- graduated or retroactive schedule the incentive pays a share, rate x
-- attainment, so the rows are divided by the quota too, and a 'share
-- rounding' row takes up the difference when the share does not terminate
-- (the ledger carries it to 20 places).
-- The rows of a credit are shown only when they add up exactly to what the
-- ledger recorded for it; otherwise (a line the ledger computed otherwise)
-- the credit has one row.  Clawback and SPIFF lines have one row a credit.
CREATE FUNCTION spm.explain(payout_line_id bigint)
    RETURNS TABLE (item text, kind text, component text, version_id bigint,
                   schedule text, credit_id bigint, credited_on date, original_amount numeric,
                   original_currency text, fx_rate numeric, amount numeric, paid_line bigint,
                   paid_rate numeric, band_from numeric, band_to numeric, band_rate numeric,
                   commission numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH line AS (
        SELECT l.*, s.sched, spm.tier_mode(s.sched) AS mode, q.quota,
               -- thresholds in money: times the quota on attainment
               coalesce(q.quota, 1) AS per,
               coalesce((l.inputs ->> 'target_incentive')::numeric
                        * coalesce((l.inputs ->> 'weight')::numeric, 1), 1) AS scale,
               -- an on-target incentive on a graduated or retroactive
               -- attainment schedule pays a share, commission / quota
               (l.inputs ? 'target_incentive' AND q.quota IS NOT NULL
                AND spm.tier_mode(s.sched) <> 'interpolated') AS share,
               spm.tier_cap(s.sched) AS cap,
               spm.tier_gate(s.sched) * coalesce(q.quota, 1) AS gate,
               -- the mode alone, without cap and gate
               CASE WHEN s.sched IS NOT NULL
                    THEN spm.tiers(spm.tier_thresholds(s.sched), spm.tier_rates(s.sched), spm.tier_mode(s.sched))
               END AS bare
          FROM spm.payout_line l
         CROSS JOIN LATERAL (SELECT CASE WHEN l.kind = 'commission'
                                         THEN (l.inputs ->> 'schedule')::spm.tier_schedule END AS sched) s
         CROSS JOIN LATERAL (SELECT CASE l.inputs ->> 'basis'
                                         WHEN 'attainment' THEN (l.inputs ->> 'quota')::numeric END AS quota) q
         WHERE l.payout_line_id = explain.payout_line_id
    ),
    cred AS (
        SELECT pc.*, coalesce(pc.uncapped, pc.commission) AS before_cap,
               sum(pc.amount) OVER (ORDER BY pc.credited_on, pc.credit_id) - pc.amount AS prior
          FROM spm.payout_credit pc
         WHERE pc.payout_line_id = explain.payout_line_id
    ),
    -- the bands (points of a curve) in money; rise and run: the payout and
    -- the money from a point to the next (beyond the last point, the last
    -- segment's)
    band AS (
        SELECT b.n, b.lo, b.hi, b.rate,
               coalesce(b.rise, lag(b.rise) OVER (ORDER BY b.n)) AS rise,
               coalesce(b.hi - b.lo, lag(b.hi - b.lo) OVER (ORDER BY b.n)) AS run
          FROM (SELECT b.n, b.t * line.per AS lo, lead(b.t) OVER (ORDER BY b.n) * line.per AS hi, b.r AS rate,
                       lead(b.r) OVER (ORDER BY b.n) - b.r AS rise
                  FROM line, unnest(spm.tier_thresholds(line.sched), spm.tier_rates(line.sched))
                             WITH ORDINALITY AS b(t, r, n)) b
    ),
    -- each credit's range, lowest and highest running total
    span AS (
        SELECT c.credit_id, c.amount, c.prior, c.before_cap,
               least(c.prior, c.prior + c.amount) AS low, greatest(c.prior, c.prior + c.amount) AS high
          FROM cred c
    ),
    -- graduated and interpolated: the part [a, b] of the credit's range in
    -- each band (the first band reaches below 0: its lower bound is NULL,
    -- which greatest ignores; the last one's upper bound is NULL, which
    -- least ignores)
    part AS (
        SELECT s.credit_id, s.amount, band.n, band.lo, band.hi, band.rate, band.rise, band.run,
               greatest(CASE WHEN band.n > 1 THEN band.lo END, s.low) AS a,
               least(band.hi, s.high) AS b
          FROM span s, band, line
         WHERE line.mode IN ('graduated', 'interpolated')
    ),
    -- retroactive: the bands of the running total before and after the credit
    retro AS (
        SELECT s.credit_id, s.amount, s.prior,
               (SELECT max(band.n) FROM band WHERE band.n = 1 OR band.lo <= s.prior) AS was,
               (SELECT max(band.n) FROM band WHERE band.n = 1 OR band.lo <= s.prior + s.amount) AS now
          FROM span s, line
         WHERE line.mode = 'retroactive'
    ),
    -- the curve and the whole schedule at the running total before and
    -- after each credit of a capped or gated schedule
    edge AS (
        SELECT s.credit_id, v.*
          FROM span s, line
         CROSS JOIN LATERAL (
              SELECT x.total,
                     CASE WHEN line.quota IS NULL THEN spm.commission(x.total, line.bare)
                          ELSE spm.commission(x.total, line.bare, line.quota) END AS f,
                     CASE WHEN line.quota IS NULL THEN spm.commission(x.total, line.sched)
                          ELSE spm.commission(x.total, line.sched, line.quota) END AS c,
                     x.sign
                FROM (VALUES (s.prior, -1), (s.prior + s.amount, 1)) AS x(total, sign)
         ) v
         WHERE line.cap IS NOT NULL OR line.gate IS NOT NULL
    ),
    -- the rows of each credit before scaling: item, n (order within the
    -- credit), amount shown, bounds, rate and commission
    unscaled AS (
        SELECT p.credit_id, 'credit' AS item, p.n, p.amount AS shown, p.lo, p.hi,
               CASE line.mode WHEN 'graduated' THEN p.rate END AS rate,
               CASE line.mode
                    WHEN 'graduated' THEN sign(p.amount) * (p.b - p.a) * p.rate
                    ELSE sign(p.amount)
                         * (CASE WHEN line.quota IS NULL THEN spm.commission(p.b, line.bare)
                                 ELSE spm.commission(p.b, line.bare, line.quota) END
                            - CASE WHEN line.quota IS NULL THEN spm.commission(p.a, line.bare)
                                   ELSE spm.commission(p.a, line.bare, line.quota) END)
               END AS commission
          FROM part p, line
         WHERE p.a < p.b
        UNION ALL
        SELECT r.credit_id, 'credit', r.now, r.amount, now.lo, now.hi, now.rate, r.amount * now.rate
          FROM retro r JOIN band now ON now.n = r.now
         WHERE r.amount <> 0
        UNION ALL
        SELECT r.credit_id, 're-priced', 100, r.prior, now.lo, now.hi, now.rate - was.rate,
               r.prior * (now.rate - was.rate)
          FROM retro r JOIN band now ON now.n = r.now JOIN band was ON was.n = r.was
         WHERE r.prior * (now.rate - was.rate) <> 0
        UNION ALL
        -- G = -F below the gate, K = C - F - G: what the cap cut
        SELECT e.credit_id, g.item, g.n, g.shown, NULL, NULL, NULL, g.commission
          FROM (SELECT e.credit_id,
                       sum(e.sign * CASE WHEN e.total < line.gate THEN -e.f ELSE 0 END) AS gated,
                       sum(e.sign * (e.c - e.f - CASE WHEN e.total < line.gate THEN -e.f ELSE 0 END)) AS capped
                  FROM edge e, line GROUP BY e.credit_id) e, line
         CROSS JOIN LATERAL (VALUES ('gate', 101, line.gate, e.gated),
                                    ('schedule cap', 102, line.cap * line.scale, e.capped)) AS g(item, n, shown, commission)
         WHERE g.commission <> 0
    ),
    split AS (
        SELECT u.credit_id, u.item, u.n, u.shown, u.lo, u.hi,
               CASE WHEN line.share THEN u.commission * line.scale / line.quota
                    ELSE u.commission * line.scale END AS commission,
               -- a curve's slope: the payout at 1 of the curve from 0 to run
               -- paying |rise x scale| is rise x scale / run with the
               -- curve's precision (exact if it terminates, else 20 places)
               CASE WHEN line.mode = 'interpolated' AND u.item = 'credit'
                    THEN sign(b.rise) * spm.commission(1, spm.tiers(ARRAY[0, b.run], ARRAY[0, abs(b.rise * line.scale)],
                                                                    'interpolated'))
                    WHEN line.share THEN u.rate * line.scale / line.quota
                    ELSE u.rate * line.scale END AS rate,
               sum(CASE WHEN line.share THEN u.commission * line.scale / line.quota
                        ELSE u.commission * line.scale END) OVER (PARTITION BY u.credit_id) AS total
          FROM unscaled u CROSS JOIN line LEFT JOIN band b ON b.n = u.n
    ),
    rows AS (
        SELECT 1 AS ord, coalesce(s.item, 'credit') AS item, c.credit_id, c.credited_on,
               CASE WHEN coalesce(s.item, 'credit') = 'credit' THEN c.original_amount END AS original_amount,
               CASE WHEN coalesce(s.item, 'credit') = 'credit' THEN c.original_currency END AS original_currency,
               CASE WHEN coalesce(s.item, 'credit') = 'credit' THEN c.fx_rate END AS fx_rate,
               -- a credit without band rows first, before its deal cap
               coalesce(s.shown, c.amount) AS amount, coalesce(s.n, 0) AS n, s.lo, s.hi, s.rate,
               coalesce(s.commission, c.before_cap) AS commission
          FROM cred c
          LEFT JOIN split s ON s.credit_id = c.credit_id
               AND ((SELECT line.share FROM line)
                    OR NOT EXISTS (SELECT FROM split x WHERE x.credit_id = c.credit_id AND x.total <> c.before_cap))
        UNION ALL
        -- a share's rows are divided by the quota; the ledger carried the
        -- running share exactly where it terminates, else to 20 places
        SELECT 1, 'share rounding', c.credit_id, c.credited_on, NULL, NULL, NULL, NULL, 103, NULL, NULL, NULL,
               c.before_cap - s.total
          FROM cred c, line, (SELECT DISTINCT x.credit_id, x.total FROM split x) s
         WHERE line.share AND s.credit_id = c.credit_id AND s.total <> c.before_cap
        UNION ALL
        -- what the deal cap took off a credit (after its band rows)
        SELECT 1, 'deal cap', c.credit_id, c.credited_on, NULL, NULL, NULL, (line.inputs ->> 'deal_cap')::numeric,
               9223372036854775807, NULL, NULL, NULL, c.commission - c.uncapped
          FROM cred c, line WHERE c.uncapped IS NOT NULL
        UNION ALL
        SELECT 2, 'reversal', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, line.amount
          FROM line WHERE line.kind = 'reversal'
        UNION ALL
        SELECT 3, 'period cap', NULL, NULL, NULL, NULL, NULL, (line.inputs ->> 'period_cap')::numeric,
               NULL, NULL, NULL, NULL, (line.inputs ->> 'period_cap_cut')::numeric
          FROM line WHERE line.inputs ? 'period_cap_cut'
        UNION ALL
        SELECT 4, 'year cap', NULL, NULL, NULL, NULL, NULL,
               greatest((line.inputs ->> 'year_cap')::numeric - (line.inputs ->> 'paid_in_year')::numeric, 0),
               NULL, NULL, NULL, NULL, (line.inputs ->> 'year_cap_cut')::numeric
          FROM line WHERE line.inputs ? 'year_cap_cut'
        UNION ALL
        -- a draw: the top-up (amount: the draw) and the recovery (amount:
        -- the balance before it)
        SELECT 4, 'draw', NULL, NULL, NULL, NULL, NULL, (line.inputs ->> 'draw')::numeric,
               1, NULL, NULL, NULL, (line.inputs ->> 'draw_paid')::numeric
          FROM line WHERE line.inputs ? 'draw_paid'
        UNION ALL
        SELECT 4, 'recovery', NULL, NULL, NULL, NULL, NULL, (line.inputs ->> 'previous_balance')::numeric,
               2, NULL, NULL, NULL, -(line.inputs ->> 'recovered')::numeric
          FROM line WHERE line.inputs ? 'draw_paid'
        UNION ALL
        SELECT 5, 'rounding', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               line.amount - coalesce((SELECT sum(c.commission) FROM cred c), 0)
                 - coalesce((line.inputs ->> 'period_cap_cut')::numeric, 0)
                 - coalesce((line.inputs ->> 'year_cap_cut')::numeric, 0)
                 - coalesce((line.inputs ->> 'draw_paid')::numeric, 0)
                 + coalesce((line.inputs ->> 'recovered')::numeric, 0)
          FROM line WHERE line.kind <> 'reversal'
    )
    SELECT r.item, line.kind, line.component, line.version_id,
           CASE WHEN r.ord = 1 AND r.item = 'credit' THEN line.inputs ->> 'schedule' END,
           r.credit_id, r.credited_on, r.original_amount, r.original_currency, r.fx_rate, r.amount,
           CASE line.kind WHEN 'reversal' THEN line.reverses
                          WHEN 'clawback' THEN CASE WHEN r.ord = 1 THEN (line.inputs ->> 'original_line')::bigint END
           END,
           CASE WHEN line.kind = 'clawback' AND r.ord = 1
                THEN trim_scale((line.inputs ->> 'original_commission')::numeric
                                / nullif((line.inputs ->> 'original_amount')::numeric, 0)) END,
           r.lo, r.hi, r.rate, r.commission
      FROM line, rows r
     ORDER BY r.ord, r.credited_on, r.credit_id, r.n;
END;
COMMENT ON FUNCTION spm.explain(bigint) IS
    'the breakdown behind a payout line: its credits band by band in every schedule mode (graduated bands, retroactive re-pricing, pay curve segments, gate and schedule cap), rates and commissions, deal, period and year caps, a draw''s top-up and recovery, the line a reversal cancels, and rounding; adds up to the line';

-- ---- the rep's statement ------------------------------------------------

CREATE VIEW spm.payout_statement WITH (security_invoker) AS
SELECT l.rep_id, r.name AS rep_name,
       spm.period_label(l.period) AS period,
       pg_catalog.lower(l.period) AS period_start,
       pg_catalog.upper(l.period) - 1 AS period_end,
       l.payout_line_id, l.kind, l.component, l.version_id, l.reverses, l.credit_id,
       l.amount, l.currency, l.status,
       EXISTS (SELECT FROM spm.payout_hold h
                WHERE h.payout_line_id = l.payout_line_id AND h.rep_id = l.rep_id
                  AND h.released_at IS NULL) AS held
  FROM spm.payout_line l
  LEFT JOIN spm.rep r ON r.rep_id = l.rep_id;
COMMENT ON VIEW spm.payout_statement IS
    'each person''s payout lines with their status (draft, approved, locked, paid) and whether they are held';

-- ---- who may read and change what -----------------------------------------

-- spm_user members read the pay runs, and their own and their reporting
-- tree's lines; spm_admin members run the close.  No role may delete from
-- the ledger (the triggers refuse it even to the tables' owner).
GRANT SELECT ON spm.pay_run, spm.payout_line, spm.payout_detail, spm.payout_credit, spm.payout_hold, spm.payout_statement
    TO spm_user, spm_admin;
GRANT INSERT, UPDATE ON spm.pay_run, spm.payout_line, spm.payout_detail, spm.payout_hold TO spm_admin;
-- spm.calculate numbers the lines it writes before writing them
GRANT USAGE ON SEQUENCE spm.payout_line_payout_line_id_seq TO spm_admin;

ALTER TABLE spm.payout_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY payout_line_visible ON spm.payout_line FOR SELECT TO spm_user
    USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]));
CREATE POLICY payout_line_admin ON spm.payout_line TO spm_admin USING (true) WITH CHECK (true);
ALTER TABLE spm.payout_detail ENABLE ROW LEVEL SECURITY;
-- a line's credits and holds are visible with the line: they carry its rep_id
CREATE POLICY payout_detail_visible ON spm.payout_detail FOR SELECT TO spm_user
    USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]));
CREATE POLICY payout_detail_admin ON spm.payout_detail TO spm_admin USING (true) WITH CHECK (true);
ALTER TABLE spm.payout_hold ENABLE ROW LEVEL SECURITY;
CREATE POLICY payout_hold_visible ON spm.payout_hold FOR SELECT TO spm_user
    USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]));
CREATE POLICY payout_hold_admin ON spm.payout_hold TO spm_admin USING (true) WITH CHECK (true);

SELECT pg_catalog.pg_extension_config_dump('spm.pay_run', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_line', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_line_payout_line_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_detail', '');
SELECT pg_catalog.pg_extension_config_dump('spm.payout_hold', '');
