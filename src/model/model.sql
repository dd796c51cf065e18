
-- ---------------------------------------------------------------------
-- The data model: the tables a sales organisation loads, their keys and
-- constraints, and who may read and change which rows
-- (C code: src/model/periods.c, src/core/calendar.c)
-- ---------------------------------------------------------------------

-- ---- pay periods ----------------------------------------------------

CREATE FUNCTION spm.pay_period(day date, frequency text) RETURNS daterange
    AS 'MODULE_PATHNAME', 'spm_pay_period'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.pay_period(date, text) IS
    'the calendar month, quarter, half-year or year containing the day';

CREATE FUNCTION spm.period_label(period daterange) RETURNS text
    AS 'MODULE_PATHNAME', 'spm_period_label'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.period_label(daterange) IS
    'a short label for a period: 2025-10, 2025-Q4, 2025-H2, 2025, or first..last day';

-- The date reports are "as of": the setting spm.as_of when a session (or
-- ALTER DATABASE / ALTER ROLE) sets it, otherwise today.
CREATE FUNCTION spm.as_of() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(
    nullif(pg_catalog.current_setting('spm.as_of', true), '')::pg_catalog.date,
    CURRENT_DATE);
COMMENT ON FUNCTION spm.as_of() IS
    'the date the reports are as of: setting spm.as_of, or today';

-- ---- currencies -----------------------------------------------------

-- ISO 4217 currencies and their minor units (the decimals money is paid
-- in), shipped with spm and marked builtin; an organisation adds its own
-- codes as ordinary rows.  pg_dump keeps only the added rows: the builtin
-- ones come back with CREATE EXTENSION.
CREATE TABLE spm.currency (
    currency   text PRIMARY KEY CONSTRAINT currency_code_check CHECK (currency ~ '^[A-Z]{3}$'),
    minor_unit integer NOT NULL DEFAULT 2 CONSTRAINT currency_minor_unit_check CHECK (minor_unit BETWEEN 0 AND 4),
    name       text,
    builtin    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE spm.currency IS
    'currencies and their minor units (decimals paid); ISO 4217 rows are builtin';

INSERT INTO spm.currency (currency, minor_unit, name, builtin)
SELECT c, m, n, true FROM (VALUES
    ('AED', 2, 'UAE Dirham'), ('AFN', 2, 'Afghani'), ('ALL', 2, 'Lek'),
    ('AMD', 2, 'Armenian Dram'), ('ANG', 2, 'Netherlands Antillean Guilder'),
    ('AOA', 2, 'Kwanza'), ('ARS', 2, 'Argentine Peso'), ('AUD', 2, 'Australian Dollar'),
    ('AWG', 2, 'Aruban Florin'), ('AZN', 2, 'Azerbaijan Manat'), ('BAM', 2, 'Convertible Mark'),
    ('BBD', 2, 'Barbados Dollar'), ('BDT', 2, 'Taka'), ('BGN', 2, 'Bulgarian Lev'),
    ('BHD', 3, 'Bahraini Dinar'), ('BIF', 0, 'Burundi Franc'), ('BMD', 2, 'Bermudian Dollar'),
    ('BND', 2, 'Brunei Dollar'), ('BOB', 2, 'Boliviano'), ('BRL', 2, 'Brazilian Real'),
    ('BSD', 2, 'Bahamian Dollar'), ('BTN', 2, 'Ngultrum'), ('BWP', 2, 'Pula'),
    ('BYN', 2, 'Belarusian Ruble'), ('BZD', 2, 'Belize Dollar'), ('CAD', 2, 'Canadian Dollar'),
    ('CDF', 2, 'Congolese Franc'), ('CHF', 2, 'Swiss Franc'), ('CLF', 4, 'Unidad de Fomento'),
    ('CLP', 0, 'Chilean Peso'), ('CNY', 2, 'Yuan Renminbi'), ('COP', 2, 'Colombian Peso'),
    ('CRC', 2, 'Costa Rican Colon'), ('CUP', 2, 'Cuban Peso'), ('CVE', 2, 'Cabo Verde Escudo'),
    ('CZK', 2, 'Czech Koruna'), ('DJF', 0, 'Djibouti Franc'), ('DKK', 2, 'Danish Krone'),
    ('DOP', 2, 'Dominican Peso'), ('DZD', 2, 'Algerian Dinar'), ('EGP', 2, 'Egyptian Pound'),
    ('ERN', 2, 'Nakfa'), ('ETB', 2, 'Ethiopian Birr'), ('EUR', 2, 'Euro'),
    ('FJD', 2, 'Fiji Dollar'), ('FKP', 2, 'Falkland Islands Pound'), ('GBP', 2, 'Pound Sterling'),
    ('GEL', 2, 'Lari'), ('GHS', 2, 'Ghana Cedi'), ('GIP', 2, 'Gibraltar Pound'),
    ('GMD', 2, 'Dalasi'), ('GNF', 0, 'Guinean Franc'), ('GTQ', 2, 'Quetzal'),
    ('GYD', 2, 'Guyana Dollar'), ('HKD', 2, 'Hong Kong Dollar'), ('HNL', 2, 'Lempira'),
    ('HTG', 2, 'Gourde'), ('HUF', 2, 'Forint'), ('IDR', 2, 'Rupiah'),
    ('ILS', 2, 'New Israeli Sheqel'), ('INR', 2, 'Indian Rupee'), ('IQD', 3, 'Iraqi Dinar'),
    ('IRR', 2, 'Iranian Rial'), ('ISK', 0, 'Iceland Krona'), ('JMD', 2, 'Jamaican Dollar'),
    ('JOD', 3, 'Jordanian Dinar'), ('JPY', 0, 'Yen'), ('KES', 2, 'Kenyan Shilling'),
    ('KGS', 2, 'Som'), ('KHR', 2, 'Riel'), ('KMF', 0, 'Comorian Franc'),
    ('KPW', 2, 'North Korean Won'), ('KRW', 0, 'Won'), ('KWD', 3, 'Kuwaiti Dinar'),
    ('KYD', 2, 'Cayman Islands Dollar'), ('KZT', 2, 'Tenge'), ('LAK', 2, 'Lao Kip'),
    ('LBP', 2, 'Lebanese Pound'), ('LKR', 2, 'Sri Lanka Rupee'), ('LRD', 2, 'Liberian Dollar'),
    ('LSL', 2, 'Loti'), ('LYD', 3, 'Libyan Dinar'), ('MAD', 2, 'Moroccan Dirham'),
    ('MDL', 2, 'Moldovan Leu'), ('MGA', 2, 'Malagasy Ariary'), ('MKD', 2, 'Denar'),
    ('MMK', 2, 'Kyat'), ('MNT', 2, 'Tugrik'), ('MOP', 2, 'Pataca'),
    ('MRU', 2, 'Ouguiya'), ('MUR', 2, 'Mauritius Rupee'), ('MVR', 2, 'Rufiyaa'),
    ('MWK', 2, 'Malawi Kwacha'), ('MXN', 2, 'Mexican Peso'), ('MYR', 2, 'Malaysian Ringgit'),
    ('MZN', 2, 'Mozambique Metical'), ('NAD', 2, 'Namibia Dollar'), ('NGN', 2, 'Naira'),
    ('NIO', 2, 'Cordoba Oro'), ('NOK', 2, 'Norwegian Krone'), ('NPR', 2, 'Nepalese Rupee'),
    ('NZD', 2, 'New Zealand Dollar'), ('OMR', 3, 'Rial Omani'), ('PAB', 2, 'Balboa'),
    ('PEN', 2, 'Sol'), ('PGK', 2, 'Kina'), ('PHP', 2, 'Philippine Peso'),
    ('PKR', 2, 'Pakistan Rupee'), ('PLN', 2, 'Zloty'), ('PYG', 0, 'Guarani'),
    ('QAR', 2, 'Qatari Rial'), ('RON', 2, 'Romanian Leu'), ('RSD', 2, 'Serbian Dinar'),
    ('RUB', 2, 'Russian Ruble'), ('RWF', 0, 'Rwanda Franc'), ('SAR', 2, 'Saudi Riyal'),
    ('SBD', 2, 'Solomon Islands Dollar'), ('SCR', 2, 'Seychelles Rupee'), ('SDG', 2, 'Sudanese Pound'),
    ('SEK', 2, 'Swedish Krona'), ('SGD', 2, 'Singapore Dollar'), ('SHP', 2, 'Saint Helena Pound'),
    ('SLE', 2, 'Leone'), ('SOS', 2, 'Somali Shilling'), ('SRD', 2, 'Surinam Dollar'),
    ('SSP', 2, 'South Sudanese Pound'), ('STN', 2, 'Dobra'), ('SVC', 2, 'El Salvador Colon'),
    ('SYP', 2, 'Syrian Pound'), ('SZL', 2, 'Lilangeni'), ('THB', 2, 'Baht'),
    ('TJS', 2, 'Somoni'), ('TMT', 2, 'Turkmenistan New Manat'), ('TND', 3, 'Tunisian Dinar'),
    ('TOP', 2, 'Pa''anga'), ('TRY', 2, 'Turkish Lira'), ('TTD', 2, 'Trinidad and Tobago Dollar'),
    ('TWD', 2, 'New Taiwan Dollar'), ('TZS', 2, 'Tanzanian Shilling'), ('UAH', 2, 'Hryvnia'),
    ('UGX', 0, 'Uganda Shilling'), ('USD', 2, 'US Dollar'), ('UYI', 0, 'Uruguay Peso en Unidades Indexadas'),
    ('UYU', 2, 'Peso Uruguayo'), ('UYW', 4, 'Unidad Previsional'), ('UZS', 2, 'Uzbekistan Sum'),
    ('VED', 2, 'Bolivar Soberano (digital)'), ('VES', 2, 'Bolivar Soberano'), ('VND', 0, 'Dong'),
    ('VUV', 0, 'Vatu'), ('WST', 2, 'Tala'), ('XAF', 0, 'CFA Franc BEAC'),
    ('XCD', 2, 'East Caribbean Dollar'), ('XCG', 2, 'Caribbean Guilder'), ('XOF', 0, 'CFA Franc BCEAO'),
    ('XPF', 0, 'CFP Franc'), ('YER', 2, 'Yemeni Rial'), ('ZAR', 2, 'Rand'),
    ('ZMW', 2, 'Zambian Kwacha'), ('ZWG', 2, 'Zimbabwe Gold')
) AS iso(c, m, n);

-- The decimals money in a currency is paid in; 2 when there is no
-- currency (NULL), an error for a code not in spm.currency.  Not STRICT,
-- for the NULL case.
CREATE FUNCTION spm.minor_unit(currency text) RETURNS integer
    AS 'MODULE_PATHNAME', 'spm_minor_unit'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.minor_unit(text) IS
    'the minor unit (decimals paid) of a currency, from spm.currency; 2 for none';

-- The shipped rows are reference data: changing one would be lost by the
-- next dump and restore, so they are read-only.
CREATE FUNCTION spm.currency_protect_builtin() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.builtin THEN
        RAISE EXCEPTION 'currency % is ISO 4217 reference data shipped with spm', OLD.currency
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Rows with builtin = true cannot be changed or deleted.',
                  HINT = 'Add a currency of your own under another code instead.';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION spm.currency_protect_builtin() IS
    'trigger function: refuses to change or delete the ISO 4217 rows shipped in spm.currency';
CREATE TRIGGER currency_protect_builtin BEFORE UPDATE OR DELETE ON spm.currency
    FOR EACH ROW EXECUTE FUNCTION spm.currency_protect_builtin();

-- ---- people and the reporting tree ------------------------------------

CREATE TABLE spm.rep (
    rep_id     bigint PRIMARY KEY,
    name       text NOT NULL,
    manager_id bigint CONSTRAINT rep_manager_id_fkey REFERENCES spm.rep DEFERRABLE,
    team       text,
    territory  text,
    login_role name CONSTRAINT rep_login_role_key UNIQUE,
    hired_on   date,
    left_on    date,
    currency   text CONSTRAINT rep_currency_fkey REFERENCES spm.currency,
    CONSTRAINT rep_manager_id_check CHECK (manager_id <> rep_id),
    CONSTRAINT rep_left_on_check CHECK (left_on >= hired_on)
);
-- The two references within a table (manager_id, reverses) are checked at
-- the end of each statement, so one COPY or INSERT may list its rows in
-- any order (a CRM export lists people alphabetically, not managers
-- first); they are DEFERRABLE, so a load spread over several statements
-- can SET CONSTRAINTS ALL DEFERRED and be checked at commit.
CREATE INDEX rep_manager_id_idx ON spm.rep (manager_id);
COMMENT ON TABLE spm.rep IS
    'people: reps and managers; manager_id forms the reporting tree, login_role is who they log in as';

-- A reporting line must end at the top of the tree: walk up from the new
-- manager and refuse to meet the rep again.
CREATE FUNCTION spm.rep_check_reporting_line() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.manager_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE up(rep_id) AS (
            SELECT NEW.manager_id
            UNION
            SELECT r.manager_id FROM spm.rep r JOIN up ON r.rep_id = up.rep_id
             WHERE r.manager_id IS NOT NULL)
        SELECT FROM up WHERE up.rep_id = NEW.rep_id) THEN
        RAISE EXCEPTION 'manager_id % of rep % would make a reporting cycle', NEW.manager_id, NEW.rep_id
            USING ERRCODE = 'check_violation', TABLE = 'rep', COLUMN = 'manager_id',
                  DETAIL = 'Rep ' || NEW.manager_id || ' already reports to rep ' || NEW.rep_id || ', directly or through others.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION spm.rep_check_reporting_line() IS
    'trigger function: refuses a manager_id that would make a cycle in the reporting tree';
CREATE CONSTRAINT TRIGGER rep_reporting_line_acyclic AFTER INSERT OR UPDATE OF rep_id, manager_id ON spm.rep
    DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW EXECUTE FUNCTION spm.rep_check_reporting_line();

-- The people the current role may see: the person whose login_role it is,
-- and everyone reporting to them at any depth, as an array.  The row
-- policies below compare rep_id with it.  It reads spm.rep directly, not
-- through the table's own policy (which it decides, and which could not
-- read spm.rep under itself without recursing): it walks the indexes on
-- login_role and manager_id, one probe per person found, and returns only
-- the caller's own reporting tree.  The caller needs SELECT on spm.rep.
-- Computed once per statement: a policy calls it as an InitPlan, and the
-- result is kept while the role, the transaction's command and the
-- snapshot are unchanged, so one query's several policies share it.
CREATE FUNCTION spm.visible_rep_ids() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'spm_visible_rep_ids'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.visible_rep_ids() IS
    'the rep_ids the current role may see: its own and everyone reporting to it, at any depth';

CREATE VIEW spm.visible_rep WITH (security_invoker) AS
SELECT v.rep_id FROM pg_catalog.unnest(spm.visible_rep_ids()) AS v(rep_id);
COMMENT ON VIEW spm.visible_rep IS
    'the people the current role may see: itself and everyone reporting to it, at any depth';

-- ---- plans ----------------------------------------------------------

-- Equality of one key and overlap of validity ranges, for exclusion
-- constraints, with no extension beyond core: a one-value range of the
-- key compares with range equality under the built-in GiST range class.
CREATE TYPE spm.textrange AS RANGE (subtype = text, collation = "C");
COMMENT ON TYPE spm.textrange IS
    'ranges of text, used to state "same key" in exclusion constraints';
COMMENT ON TYPE spm.textmultirange IS
    'multiranges of spm.textrange (made with the range type; spm does not use them)';
COMMENT ON FUNCTION spm.textrange(text, text) IS
    'the spm.textrange from lower (inclusive) to upper (exclusive)';
COMMENT ON FUNCTION spm.textrange(text, text, text) IS
    'the spm.textrange between two bounds, with bound inclusion given as ''[)'', ''[]'', ''()'' or ''(]''';
COMMENT ON FUNCTION spm.textmultirange() IS
    'the empty spm.textmultirange';
COMMENT ON FUNCTION spm.textmultirange(spm.textrange) IS
    'the spm.textmultirange holding one range';
COMMENT ON FUNCTION spm.textmultirange(spm.textrange[]) IS
    'the spm.textmultirange holding the given ranges';
COMMENT ON CAST (spm.textrange AS spm.textmultirange) IS
    'a range as the multirange holding just it';

CREATE TABLE spm.plan (
    plan_id     bigint PRIMARY KEY,
    name        text NOT NULL,
    frequency   text NOT NULL DEFAULT 'quarter'
                CONSTRAINT plan_frequency_check CHECK (frequency IN ('month', 'quarter', 'half', 'year')),
    description text
);
COMMENT ON TABLE spm.plan IS
    'compensation plans; frequency is the pay period (month, quarter, half or year)';

CREATE TABLE spm.plan_version (
    version_id bigint PRIMARY KEY,
    plan_id    bigint NOT NULL CONSTRAINT plan_version_plan_id_fkey REFERENCES spm.plan,
    valid      daterange NOT NULL CONSTRAINT plan_version_valid_check CHECK (NOT isempty(valid)),
    CONSTRAINT plan_version_no_overlap
        EXCLUDE USING gist (int8range(plan_id, plan_id, '[]') WITH =, valid WITH &&)
);
COMMENT ON TABLE spm.plan_version IS
    'what a plan pays over a range of dates; versions of one plan never overlap';

CREATE TABLE spm.plan_component (
    version_id bigint NOT NULL CONSTRAINT plan_component_version_id_fkey REFERENCES spm.plan_version ON DELETE CASCADE,
    component  text NOT NULL,
    kind       text NOT NULL DEFAULT 'commission'
               CONSTRAINT plan_component_kind_check CHECK (kind IN ('commission', 'spiff', 'override', 'draw')),
    schedule   spm.tier_schedule,
    basis      text NOT NULL DEFAULT 'amount'
               CONSTRAINT plan_component_basis_check CHECK (basis IN ('amount', 'attainment')),
    -- caps (src/runs/runs.sql applies them; doc/runs.md): what one credit
    -- can add, what the component pays in a period, in a calendar year
    deal_cap   numeric CONSTRAINT plan_component_deal_cap_check CHECK (deal_cap >= 0 AND deal_cap < 'Infinity'),
    period_cap numeric CONSTRAINT plan_component_period_cap_check CHECK (period_cap >= 0 AND period_cap < 'Infinity'),
    year_cap   numeric CONSTRAINT plan_component_year_cap_check CHECK (year_cap >= 0 AND year_cap < 'Infinity'),
    -- a SPIFF: a fixed amount per qualifying credit, the condition as data
    spiff_amount     numeric
                     CONSTRAINT plan_component_spiff_amount_check CHECK (spiff_amount >= 0 AND spiff_amount < 'Infinity'),
    spiff_min_amount numeric
                     CONSTRAINT plan_component_spiff_min_amount_check
                     CHECK (spiff_min_amount > '-Infinity' AND spiff_min_amount < 'Infinity'),
    spiff_kinds      text[]
                     CONSTRAINT plan_component_spiff_kinds_check
                     CHECK (cardinality(spiff_kinds) > 0 AND spiff_kinds <@ ARRAY['deal', 'split', 'overlay']
                            AND array_position(spiff_kinds, NULL) IS NULL),
    spiff_deal_ref   text,
    -- multi-measure plans: the measure the component counts, its weight
    -- and the on-target incentive it is a share of
    measure          text NOT NULL DEFAULT 'revenue' CONSTRAINT plan_component_measure_check CHECK (measure <> ''),
    weight           numeric CONSTRAINT plan_component_weight_check CHECK (weight > 0 AND weight < 'Infinity'),
    target_incentive numeric
                     CONSTRAINT plan_component_target_incentive_check
                     CHECK (target_incentive >= 0 AND target_incentive < 'Infinity'),
    -- which columns each kind uses
    -- a draw against commission (PRODUCT 2.2, spm.draw) paid per period
    draw_amount         numeric
                        CONSTRAINT plan_component_draw_amount_check CHECK (draw_amount >= 0 AND draw_amount < 'Infinity'),
    draw_recoverable    boolean,
    draw_recovery_from  date,
    draw_until          date,
    draw_recovery_limit numeric
                        CONSTRAINT plan_component_draw_recovery_limit_check
                        CHECK (draw_recovery_limit >= 0 AND draw_recovery_limit < 'Infinity'),
    CONSTRAINT plan_component_schedule_check CHECK ((schedule IS NULL) = (kind IN ('spiff', 'draw'))),
    CONSTRAINT plan_component_draw_check
        CHECK ((draw_amount IS NOT NULL) = (kind = 'draw') AND (draw_recoverable IS NOT NULL) = (kind = 'draw')
               AND (kind = 'draw' OR (draw_recovery_from IS NULL AND draw_until IS NULL AND draw_recovery_limit IS NULL))
               AND (kind <> 'draw' OR (deal_cap IS NULL AND period_cap IS NULL AND year_cap IS NULL))),
    CONSTRAINT plan_component_spiff_check
        CHECK ((spiff_amount IS NOT NULL) = (kind = 'spiff')
               AND (kind = 'spiff' OR (spiff_min_amount IS NULL AND spiff_kinds IS NULL AND spiff_deal_ref IS NULL))
               AND (kind <> 'spiff' OR deal_cap IS NULL)),
    CONSTRAINT plan_component_override_check CHECK (kind <> 'override' OR basis = 'amount'),
    CONSTRAINT plan_component_target_check
        CHECK ((target_incentive IS NULL OR (kind = 'commission' AND basis = 'attainment'))
               AND (weight IS NULL OR target_incentive IS NOT NULL)),
    PRIMARY KEY (version_id, component)
);
COMMENT ON TABLE spm.plan_component IS
    'the parts of a plan version: a schedule on credited amount, or on attainment of quota';
COMMENT ON COLUMN spm.plan_component.kind IS
    'commission (a schedule on the rep''s credits), spiff (a fixed amount per qualifying credit), override (a schedule on the credits of everyone reporting to the rep) or draw';
COMMENT ON COLUMN spm.plan_component.schedule IS
    'the rate table of a commission component (NULL for a spiff)';
COMMENT ON COLUMN spm.plan_component.spiff_amount IS
    'a spiff''s amount per qualifying credit, in the rep''s currency';
COMMENT ON COLUMN spm.plan_component.spiff_min_amount IS
    'a spiff''s condition: the least credited amount (in the rep''s currency) that qualifies (NULL: any)';
COMMENT ON COLUMN spm.plan_component.spiff_kinds IS
    'a spiff''s condition: the credit kinds that qualify (NULL: deal, split and overlay)';
COMMENT ON COLUMN spm.plan_component.spiff_deal_ref IS
    'a spiff''s condition: a LIKE pattern the credit''s deal_ref must match (NULL: any)';
COMMENT ON COLUMN spm.plan_component.measure IS
    'the measure of the credits and the quota the component counts (revenue by default)';
COMMENT ON COLUMN spm.plan_component.weight IS
    'the component''s share of the on-target incentive (NULL: 1)';
COMMENT ON COLUMN spm.plan_component.target_incentive IS
    'the on-target incentive per period: an attainment component with one pays target_incentive x weight x schedule(attainment)';
COMMENT ON COLUMN spm.plan_component.draw_amount IS
    'a draw''s guaranteed pay per period: what is paid when the rep''s commission of the version falls short';
COMMENT ON COLUMN spm.plan_component.draw_recoverable IS
    'whether a draw''s top-ups are recovered from later earnings above the draw';
COMMENT ON COLUMN spm.plan_component.draw_recovery_from IS
    'recovery starts with the first period starting on or after this day (NULL: at once)';
COMMENT ON COLUMN spm.plan_component.draw_until IS
    'the draw is paid for periods starting on or before this day (NULL: no end); recovery goes on';
COMMENT ON COLUMN spm.plan_component.draw_recovery_limit IS
    'the most recovered in one period (NULL: no limit)';
COMMENT ON COLUMN spm.plan_component.deal_cap IS
    'the most commission one credit can add in a period, in the rep''s currency (NULL: no cap)';
COMMENT ON COLUMN spm.plan_component.period_cap IS
    'the most the component pays a rep in one period (NULL: no cap)';
COMMENT ON COLUMN spm.plan_component.year_cap IS
    'the most the component pays a rep in one calendar year, counting its earlier lines of the year (NULL: no cap)';

CREATE TABLE spm.assignment (
    rep_id  bigint NOT NULL CONSTRAINT assignment_rep_id_fkey REFERENCES spm.rep,
    plan_id bigint NOT NULL CONSTRAINT assignment_plan_id_fkey REFERENCES spm.plan,
    valid   daterange NOT NULL CONSTRAINT assignment_valid_check CHECK (NOT isempty(valid)),
    CONSTRAINT assignment_no_overlap
        EXCLUDE USING gist (int8range(rep_id, rep_id, '[]') WITH =, valid WITH &&)
);
CREATE INDEX assignment_rep_id_idx ON spm.assignment (rep_id);
CREATE INDEX assignment_plan_id_idx ON spm.assignment (plan_id);
COMMENT ON TABLE spm.assignment IS
    'who is on which plan when: one plan per person at a time';

-- ---- quotas, credits, pipeline ---------------------------------------

CREATE TABLE spm.quota (
    rep_id bigint NOT NULL CONSTRAINT quota_rep_id_fkey REFERENCES spm.rep,
    period daterange NOT NULL
           CONSTRAINT quota_period_check CHECK (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)),
    amount numeric NOT NULL CONSTRAINT quota_amount_check CHECK (amount >= 0 AND amount < 'Infinity'),
    measure text NOT NULL DEFAULT 'revenue' CONSTRAINT quota_measure_check CHECK (measure <> ''),
    PRIMARY KEY (rep_id, period, measure)
);
COMMENT ON TABLE spm.quota IS
    'quotas: the amount each person is expected to close in a period, in their currency';
COMMENT ON COLUMN spm.quota.measure IS
    'what the quota counts: revenue (money, the default) or another measure such as units';

CREATE TABLE spm.credit (
    credit_id   bigint PRIMARY KEY,
    deal_ref    text,
    rep_id      bigint NOT NULL CONSTRAINT credit_rep_id_fkey REFERENCES spm.rep,
    credited_on date NOT NULL CONSTRAINT credit_credited_on_check CHECK (isfinite(credited_on)),
    amount      numeric NOT NULL
                CONSTRAINT credit_amount_check CHECK (amount > '-Infinity' AND amount < 'Infinity'),
    currency    text CONSTRAINT credit_currency_fkey REFERENCES spm.currency,
    kind        text NOT NULL DEFAULT 'deal'
                CONSTRAINT credit_kind_check CHECK (kind IN ('deal', 'split', 'overlay', 'clawback', 'adjustment')),
    reverses    bigint CONSTRAINT credit_reverses_fkey REFERENCES spm.credit DEFERRABLE,
    measure     text NOT NULL DEFAULT 'revenue' CONSTRAINT credit_measure_check CHECK (measure <> ''),
    CONSTRAINT credit_reverses_check
        CHECK ((kind IN ('clawback', 'adjustment')) = (reverses IS NOT NULL) AND reverses <> credit_id)
);
CREATE INDEX credit_rep_id_credited_on_idx ON spm.credit (rep_id, credited_on);
CREATE INDEX credit_reverses_idx ON spm.credit (reverses) WHERE reverses IS NOT NULL;
COMMENT ON TABLE spm.credit IS
    'credited amounts: deals, splits, overlays, and the clawbacks and adjustments that reverse them';
COMMENT ON COLUMN spm.credit.measure IS
    'what the credit counts: revenue (money, the default) or another measure such as units (then leave currency NULL)';

CREATE TABLE spm.opportunity (
    opportunity_id    bigint PRIMARY KEY,
    rep_id            bigint NOT NULL CONSTRAINT opportunity_rep_id_fkey REFERENCES spm.rep,
    amount            numeric NOT NULL
                      CONSTRAINT opportunity_amount_check CHECK (amount >= 0 AND amount < 'Infinity'),
    stage             text,
    probability       numeric CONSTRAINT opportunity_probability_check CHECK (probability BETWEEN 0 AND 1),
    forecast_category text NOT NULL DEFAULT 'pipeline'
                      CONSTRAINT opportunity_forecast_category_check
                      CHECK (forecast_category IN ('pipeline', 'best_case', 'commit', 'closed', 'omitted')),
    expected_close    date CONSTRAINT opportunity_expected_close_check CHECK (isfinite(expected_close)),
    currency          text CONSTRAINT opportunity_currency_fkey REFERENCES spm.currency
);
CREATE INDEX opportunity_rep_id_expected_close_idx ON spm.opportunity (rep_id, expected_close);
COMMENT ON TABLE spm.opportunity IS
    'open pipeline: amount, win probability and forecast category per opportunity';

-- ---- surveys and exchange rates --------------------------------------

-- No person column: answers are anonymous, and nobody but the views'
-- owner reads their scores (see the grants below and spm.team_enps).
CREATE TABLE spm.survey_response (
    response_id bigint PRIMARY KEY,
    team        text NOT NULL,
    answered_on date NOT NULL,
    question    text NOT NULL DEFAULT 'enps'
                CONSTRAINT survey_response_question_check CHECK (question IN ('enps', 'nps', 'csat')),
    score       integer
                CONSTRAINT survey_response_score_check
                CHECK (CASE question WHEN 'csat' THEN score BETWEEN 1 AND 5 ELSE score BETWEEN 0 AND 10 END)
);
CREATE INDEX survey_response_team_answered_on_idx ON spm.survey_response (team, answered_on);
COMMENT ON TABLE spm.survey_response IS
    'anonymous survey answers: eNPS and NPS 0-10, CSAT 1-5; readable only in aggregate';

CREATE TABLE spm.fx_rate (
    currency text NOT NULL CONSTRAINT fx_rate_currency_fkey REFERENCES spm.currency,
    valid    daterange NOT NULL CONSTRAINT fx_rate_valid_check CHECK (NOT isempty(valid)),
    rate     numeric NOT NULL CONSTRAINT fx_rate_rate_check CHECK (rate > 0 AND rate < 'Infinity'),
    PRIMARY KEY (currency, valid),
    CONSTRAINT fx_rate_no_overlap
        EXCLUDE USING gist (spm.textrange(currency, currency, '[]') WITH =, valid WITH &&)
);
COMMENT ON TABLE spm.fx_rate IS
    'exchange rates: one unit of currency in the base currency, effective-dated; the base currency itself has rate 1';

-- One unit of currency in the base currency on a day.  An error names the
-- currency and the day when no rate covers it: never a silent zero.  Not
-- STRICT: a NULL currency or day is an error too, not a silent NULL.
CREATE FUNCTION spm.fx_rate_on(currency text, day date) RETURNS numeric
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r numeric;
BEGIN
    IF currency IS NULL THEN
        RAISE EXCEPTION 'cannot look up an exchange rate without a currency'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Set spm.rep.currency for everyone whose credits or pipeline come in another currency.';
    END IF;
    IF day IS NULL THEN
        RAISE EXCEPTION 'cannot look up the exchange rate of % without a date', currency
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT f.rate INTO r FROM spm.fx_rate f WHERE f.currency = fx_rate_on.currency AND f.valid @> day;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no exchange rate for % on %', currency, day
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Add a row to spm.fx_rate for ' || currency || ' whose valid range covers ' || day
                         || ' (the base currency has rate 1).';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION spm.fx_rate_on(text, date) IS
    'one unit of the currency in the base currency on the day, from spm.fx_rate';

-- amount in from_currency, in to_currency, at the rates of the day:
-- amount * rate(from) / rate(to), multiplied before dividing: exact when
-- the target is the base currency (rate 1), otherwise to the precision of
-- PostgreSQL's numeric division (at least 16 significant digits).  The same currency (or none on both
-- sides) converts to itself without a lookup; this is plain SQL so that
-- the views inline it and pay for a lookup only when currencies differ.
CREATE FUNCTION spm.convert(amount numeric, from_currency text, to_currency text, day date) RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN amount IS NULL OR from_currency IS NOT DISTINCT FROM to_currency THEN amount
            ELSE pg_catalog.trim_scale(amount * spm.fx_rate_on(from_currency, day)
                                       / spm.fx_rate_on(to_currency, day)) END;
COMMENT ON FUNCTION spm.convert(numeric, text, text, date) IS
    'amount from one currency into another at the rates of spm.fx_rate on the day';

-- ---- who may read and change what -------------------------------------

-- spm_user members read the model under the row policies below and change
-- nothing; spm_admin members read and change every row.  Nobody else
-- reads it.  Survey scores are readable by nobody: admins load and correct
-- answers without seeing scores, and everyone reads them in aggregate
-- through the owner's-rights views of src/reports/reports.sql.
GRANT SELECT ON spm.currency TO PUBLIC;
GRANT SELECT ON spm.rep, spm.plan, spm.plan_version, spm.plan_component,
                spm.assignment, spm.quota, spm.credit, spm.opportunity, spm.fx_rate,
                spm.visible_rep
    TO spm_user, spm_admin;
GRANT INSERT, UPDATE, DELETE, TRUNCATE
    ON spm.currency, spm.rep, spm.plan, spm.plan_version, spm.plan_component,
       spm.assignment, spm.quota, spm.credit, spm.opportunity, spm.fx_rate
    TO spm_admin;
GRANT SELECT (response_id, team, answered_on, question), INSERT, UPDATE, DELETE, TRUNCATE
    ON spm.survey_response TO spm_admin;

-- Row policies on every table that holds one person's rows.  The policy
-- compares rep_id with an array computed once per query (the scalar
-- subquery makes it an InitPlan), so an index on rep_id serves both "my
-- rows" and "my rows with rep_id = X".
DO $policies$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['rep', 'assignment', 'quota', 'credit', 'opportunity'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE spm.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON spm.%I FOR SELECT TO spm_user
                 USING (rep_id = ANY ((SELECT spm.visible_rep_ids())::bigint[]))',
            t || '_visible', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON spm.%I TO spm_admin USING (true) WITH CHECK (true)',
            t || '_admin', t);
    END LOOP;
END
$policies$;

-- No policy lets anyone but admins at the answers, should SELECT on the
-- scores ever be granted by mistake.
ALTER TABLE spm.survey_response ENABLE ROW LEVEL SECURITY;
CREATE POLICY survey_response_admin ON spm.survey_response TO spm_admin USING (true) WITH CHECK (true);

-- pg_dump keeps the rows of every table (the builtin currencies come back
-- with the extension itself).
SELECT pg_catalog.pg_extension_config_dump('spm.currency', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('spm.rep', '');
SELECT pg_catalog.pg_extension_config_dump('spm.plan', '');
SELECT pg_catalog.pg_extension_config_dump('spm.plan_version', '');
SELECT pg_catalog.pg_extension_config_dump('spm.plan_component', '');
SELECT pg_catalog.pg_extension_config_dump('spm.assignment', '');
SELECT pg_catalog.pg_extension_config_dump('spm.quota', '');
SELECT pg_catalog.pg_extension_config_dump('spm.credit', '');
SELECT pg_catalog.pg_extension_config_dump('spm.opportunity', '');
SELECT pg_catalog.pg_extension_config_dump('spm.survey_response', '');
SELECT pg_catalog.pg_extension_config_dump('spm.fx_rate', '');
