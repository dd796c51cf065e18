
-- ---------------------------------------------------------------------
-- Reports: the views BI tools read, over the data model of
-- src/model/model.sql and the functions of the other modules
-- ---------------------------------------------------------------------
--
-- Every column is a standard type.  Periods are shown as a label
-- (spm.period_label) with their first and last day.  Money is in the
-- person's currency (spm.rep.currency; credits in another currency are
-- converted at the rate of their date) and rounded to the currency's minor
-- unit: a column of lines is rounded cumulatively, line = round(total to
-- date) - round(total before it), so the lines add up to the rounded total.
-- Ratios are rounded to 4 decimals, survey scores to 1.  Every view but the
-- survey views runs with the querying role's rights (security_invoker), so
-- the row policies decide whose rows it shows.

-- ---- commission statements ------------------------------------------

-- One line per credit: its amount in the person's currency, the commission
-- it adds under the plan version in force on its date, and the running
-- totals of the pay period.  Each component of the version pays
-- spm.commission_increment on the running total of that version's credits
-- within the period; the line's commission is their sum.  A note says why
-- a line has no commission.
CREATE VIEW spm.commission_statement WITH (security_invoker) AS
SELECT s.rep_id, s.rep_name, s.team, s.manager_id,
       spm.period_label(s.pay_period) AS period,
       pg_catalog.lower(s.pay_period) AS period_start,
       pg_catalog.upper(s.pay_period) - 1 AS period_end,
       s.credit_id, s.deal_ref, s.credited_on, s.kind, s.reverses,
       s.plan_id, s.plan, s.version_id,
       s.currency,
       pg_catalog.round(s.credit_to_date, s.minor_unit)
         - pg_catalog.round(s.credit_to_date - s.amount, s.minor_unit) AS credit,
       pg_catalog.round(s.credit_to_date, s.minor_unit) AS credit_to_date,
       pg_catalog.round(s.commission_to_date, s.minor_unit)
         - pg_catalog.round(s.commission_to_date - s.commission, s.minor_unit) AS commission,
       pg_catalog.round(s.commission_to_date, s.minor_unit) AS commission_to_date,
       pg_catalog.round(s.credit_to_date / nullif(s.quota, 0), 4) AS attainment_to_date,
       s.original_amount, s.original_currency,
       s.note
  FROM (
    SELECT l.*, k.commission, k.note,
           pg_catalog.sum(l.amount) OVER running AS credit_to_date,
           pg_catalog.sum(k.commission) OVER running AS commission_to_date
      FROM (
        SELECT b.*, q.amount AS quota,
               pg_catalog.sum(b.amount) OVER version_to_date - b.amount AS prior,
               comp.schedules, comp.bases, pr.period IS NOT NULL AS calculated, led.commission AS ledger
          FROM (
            SELECT cr.credit_id, cr.rep_id, r.name AS rep_name, r.team, r.manager_id,
                   cr.deal_ref, cr.credited_on, cr.kind, cr.reverses,
                   cr.amount AS original_amount,
                   coalesce(cr.currency, r.currency) AS original_currency,
                   r.currency, coalesce(cu.minor_unit, 2) AS minor_unit,
                   CASE WHEN cr.currency IS NULL OR cr.currency = r.currency THEN cr.amount
                        ELSE pg_catalog.trim_scale(
                                 cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                                 / coalesce(ft.rate, spm.fx_rate_on(r.currency, cr.credited_on))) END AS amount,
                   a.plan_id, pl.name AS plan, v.version_id,
                   spm.pay_period(cr.credited_on, coalesce(pl.frequency, 'quarter')) AS pay_period
              FROM spm.credit cr
              -- a lookup per credit rather than a join: the planner would
              -- multiply the selectivities of the row policies of both
              -- tables, which filter on the same rep_id, and plan for one row
             CROSS JOIN LATERAL (SELECT p.name, p.team, p.manager_id, p.currency
                                   FROM spm.rep p WHERE p.rep_id = cr.rep_id OFFSET 0) r
              -- spm.minor_unit and spm.convert as joins (see the top of this file)
              LEFT JOIN spm.currency cu ON cu.currency = r.currency
              LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                                      AND cr.currency <> r.currency
              LEFT JOIN spm.fx_rate ft ON ft.currency = r.currency AND ft.valid @> cr.credited_on
                                      AND cr.currency <> r.currency
              LEFT JOIN spm.assignment a ON a.rep_id = cr.rep_id AND a.valid @> cr.credited_on
              LEFT JOIN spm.plan pl ON pl.plan_id = a.plan_id
              LEFT JOIN spm.plan_version v ON v.plan_id = a.plan_id AND v.valid @> cr.credited_on
             WHERE cr.measure = 'revenue'
          ) b
          LEFT JOIN spm.quota q ON q.rep_id = b.rep_id AND q.period = b.pay_period AND q.measure = 'revenue'
          -- the version's components a statement computes from credits: a
          -- schedule on revenue; the other kinds (SPIFFs, overrides,
          -- draws, on-target incentives, other measures) are paid by
          -- spm.calculate and show here once the period is calculated
          LEFT JOIN (SELECT pc.version_id, pg_catalog.array_agg(pc.schedule) AS schedules,
                            pg_catalog.array_agg(pc.basis) AS bases
                       FROM spm.plan_component pc
                      WHERE pc.kind = 'commission' AND pc.target_incentive IS NULL AND pc.measure = 'revenue'
                      GROUP BY pc.version_id) comp ON comp.version_id = b.version_id
          -- once the period has been calculated (spm.calculate), what the
          -- ledger recorded for the credit: the exact commission of its
          -- spm.payout_credit rows on the period's current lines (a
          -- clawback at the rate the reversed credit was paid; nothing for
          -- a credit added since the last calculation).  Joins rather than
          -- subqueries per credit, which Citus refuses beside the
          -- reference tables.
          LEFT JOIN spm.pay_run pr ON pr.period = b.pay_period AND pr.calculated_at IS NOT NULL
          LEFT JOIN (SELECT pl.rep_id, pl.period, pc.credit_id, pg_catalog.sum(pc.commission) AS commission
                       FROM spm.payout_line pl
                       JOIN spm.payout_credit pc ON pc.payout_line_id = pl.payout_line_id AND pc.rep_id = pl.rep_id
                      WHERE pl.kind <> 'reversal'
                        AND NOT EXISTS (SELECT FROM spm.payout_line x
                                         WHERE x.reverses = pl.payout_line_id AND x.rep_id = pl.rep_id)
                      GROUP BY pl.rep_id, pl.period, pc.credit_id) led
                 ON led.rep_id = b.rep_id AND led.period = b.pay_period AND led.credit_id = b.credit_id
        WINDOW version_to_date AS (PARTITION BY b.rep_id, b.pay_period, b.version_id
                                   ORDER BY b.credited_on, b.credit_id)
      ) l
     CROSS JOIN LATERAL (
        -- the version's components; attainment components need a quota
        -- above 0, and without one the line has a note and no commission;
        -- a calculated period's line has the ledger's commission
        SELECT CASE WHEN n.note IS NOT NULL THEN NULL
                    WHEN l.calculated THEN coalesce(l.ledger, 0)
                    ELSE n.total END AS commission, n.note
          FROM (SELECT coalesce(pg_catalog.sum(
                           CASE c.basis
                               WHEN 'amount' THEN spm.commission_increment(l.prior, l.amount, c.schedule)
                               WHEN 'attainment' THEN
                                   CASE WHEN l.quota > 0
                                        THEN spm.commission_increment(l.prior, l.amount, c.schedule, l.quota) END
                           END), 0) AS total,
                       CASE WHEN l.plan_id IS NULL THEN 'no plan assigned on ' || l.credited_on
                            WHEN l.version_id IS NULL
                            THEN 'plan ' || l.plan_id || ' has no version valid on ' || l.credited_on
                            WHEN NOT coalesce(pg_catalog.bool_or(c.basis = 'attainment'), false)
                                 OR l.quota > 0 THEN NULL
                            WHEN l.quota = 0 THEN 'the quota for ' || spm.period_label(l.pay_period) || ' is 0'
                            ELSE 'no quota for ' || spm.period_label(l.pay_period) END AS note
                  FROM ROWS FROM (pg_catalog.unnest(l.schedules), pg_catalog.unnest(l.bases)) AS c(schedule, basis)) n
     ) k
    WINDOW running AS (PARTITION BY l.rep_id, l.pay_period ORDER BY l.credited_on, l.credit_id)
  ) s;
COMMENT ON VIEW spm.commission_statement IS
    'one line per credit with the commission it adds (the ledger''s, once the period is calculated), rounded cumulatively so lines add up to the totals';

-- One row per person and pay period: the statement's totals.
CREATE VIEW spm.payout_summary WITH (security_invoker) AS
SELECT s.rep_id, s.rep_name, s.team, s.manager_id,
       s.period, s.period_start, s.period_end,
       pg_catalog.string_agg(DISTINCT s.plan, ', ') AS plan,
       s.currency,
       pg_catalog.count(*) AS credits,
       pg_catalog.sum(s.credit) AS credited,
       -- a calculated period's total is its lines in the ledger
       CASE WHEN EXISTS (SELECT FROM spm.pay_run pr
                          WHERE pr.period = pg_catalog.daterange(s.period_start, s.period_end, '[]')
                            AND pr.calculated_at IS NOT NULL)
            THEN (SELECT pg_catalog.sum(pl.amount) FROM spm.payout_line pl
                   WHERE pl.rep_id = s.rep_id
                     AND pl.period = pg_catalog.daterange(s.period_start, s.period_end, '[]'))
            ELSE pg_catalog.sum(s.commission) END AS commission,
       pg_catalog.count(*) FILTER (WHERE s.note IS NOT NULL) AS lines_with_notes
  FROM spm.commission_statement s
 GROUP BY s.rep_id, s.rep_name, s.team, s.manager_id, s.period, s.period_start,
          s.period_end, s.currency;
COMMENT ON VIEW spm.payout_summary IS
    'commission per person and pay period: the totals of spm.commission_statement, or of the ledger once the period is calculated';

-- ---- quotas -----------------------------------------------------------

-- One row per quota: what was credited in its period up to the as-of date
-- (spm.as_of()), attainment, and pace (spm.pacing).
CREATE VIEW spm.attainment_report WITH (security_invoker) AS
SELECT b.rep_id, b.rep_name, b.team, b.manager_id,
       spm.period_label(b.period) AS period,
       pg_catalog.lower(b.period) AS period_start,
       pg_catalog.upper(b.period) - 1 AS period_end,
       b.currency,
       pg_catalog.round(b.quota, b.minor_unit) AS quota,
       pg_catalog.round(c.credited, b.minor_unit) AS credited,
       pg_catalog.round(spm.attainment(c.credited, b.quota), 4) AS attainment,
       b.as_of,
       pg_catalog.round(p.elapsed_fraction, 4) AS elapsed_fraction,
       pg_catalog.round(p.expected, b.minor_unit) AS expected,
       pg_catalog.round(p.pace, 4) AS pace,
       pg_catalog.round(p.projected, b.minor_unit) AS projected,
       pg_catalog.round(p.gap, b.minor_unit) AS gap,
       pg_catalog.round(p.required_per_day, b.minor_unit) AS required_per_day
  FROM (SELECT q.rep_id, r.name AS rep_name, r.team, r.manager_id, r.currency,
               q.period, q.measure, q.amount AS quota,
               -- spm.minor_unit as a join: a row of spm.currency (rep.currency
               -- references it), 2 for none
               coalesce(cu.minor_unit, 2) AS minor_unit, spm.as_of() AS as_of
          FROM spm.quota q
          JOIN spm.rep r ON r.rep_id = q.rep_id
          LEFT JOIN spm.currency cu ON cu.currency = r.currency
         -- money quotas; quotas of other measures (units, ...) are paid
         -- through plan components and are not money
         WHERE q.measure = 'revenue') b
  CROSS JOIN LATERAL (
    -- spm.convert with the rates joined
    SELECT coalesce(pg_catalog.sum(
               CASE WHEN cr.currency IS NULL OR cr.currency = b.currency THEN cr.amount
                    ELSE pg_catalog.trim_scale(
                             cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                             / coalesce(ft.rate, spm.fx_rate_on(b.currency, cr.credited_on))) END), 0) AS credited
      FROM spm.credit cr
      LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                              AND cr.currency <> b.currency
      LEFT JOIN spm.fx_rate ft ON ft.currency = b.currency AND ft.valid @> cr.credited_on
                              AND cr.currency <> b.currency
     WHERE cr.rep_id = b.rep_id AND cr.measure = b.measure
       AND cr.credited_on >= pg_catalog.lower(b.period)
       AND cr.credited_on < pg_catalog.upper(b.period)
       AND cr.credited_on <= b.as_of) c
  CROSS JOIN LATERAL spm.pacing(c.credited, b.quota, b.period, b.as_of) p;
COMMENT ON VIEW spm.attainment_report IS
    'attainment and pace of every revenue quota, as of spm.as_of()';

-- Quota periods that have started, ranked by attainment; the streak of
-- periods of the same length at quota up to each one (a period still
-- running counts once it is reached), and a level for the attainment.
-- Ranks are among the rows the querying role can see: a manager's
-- leaderboard ranks their reporting tree.
CREATE VIEW spm.leaderboard WITH (security_invoker) AS
SELECT a.rep_id, a.rep_name, a.team, a.period, a.period_start, a.period_end,
       a.currency, a.quota, a.credited, a.attainment,
       pg_catalog.rank() OVER (PARTITION BY a.period_start, a.period_end
                               ORDER BY a.attainment DESC NULLS LAST) AS rank,
       pg_catalog.rank() OVER (PARTITION BY a.period_start, a.period_end, a.team
                               ORDER BY a.attainment DESC NULLS LAST) AS team_rank,
       coalesce((spm.streak(CASE WHEN a.credited >= a.quota THEN true
                                 WHEN a.period_end < a.as_of THEN false END)
                     OVER (PARTITION BY a.rep_id, pg_catalog.round((a.period_end - a.period_start + 1) / 30.4375)
                           ORDER BY a.period_start)).current, 0) AS streak,
       spm.level(a.attainment, '{0.8,1,1.2,1.5}', '{Bronze,Silver,Gold,President''s Club}') AS level
  FROM spm.attainment_report a
 WHERE a.period_start <= a.as_of;
COMMENT ON VIEW spm.leaderboard IS
    'started quota periods ranked by attainment, with streaks at quota and levels';

-- ---- pipeline ---------------------------------------------------------

-- Salesforce-style forecast roll-ups per calendar quarter of expected
-- close: commit = closed + commit, best case = commit + best case,
-- pipeline = every open opportunity that is not omitted, weighted =
-- spm.weighted_pipeline.  Closed is what was credited in the quarter up to
-- the as-of date.  Scope 'rep' rows are one person's own numbers; scope
-- 'team' rows, for everyone with reports, add up their whole reporting
-- tree (themselves included) in their currency, converted at the as-of
-- date.  Quarters shown: those with open opportunities, and the as-of
-- quarter when the person has a quota for it or credits in it.
CREATE VIEW spm.pipeline_forecast WITH (security_invoker) AS
WITH person AS MATERIALIZED (
    -- (spm.minor_unit as a join, see the top of this file)
    SELECT r.rep_id, r.name AS rep_name, r.manager_id, r.currency,
           coalesce(cu.minor_unit, 2) AS minor_unit
      FROM spm.rep r
      LEFT JOIN spm.currency cu ON cu.currency = r.currency
), head AS MATERIALIZED (
    SELECT DISTINCT p.manager_id AS head_id FROM person p WHERE p.manager_id IS NOT NULL
), tree(head_id, rep_id) AS MATERIALIZED (
    -- everyone with reports, and their whole tree (themselves included):
    -- spm.reports_below over the heads alone, not a recursive query
    -- (which Citus refuses over the distributed spm.rep; this way it runs
    -- on the coordinator)
    SELECT h.head_id, h.head_id FROM head h
    UNION ALL
    SELECT h.head_id, b.rep_id FROM head h CROSS JOIN LATERAL spm.reports_below(h.head_id) AS b(rep_id)
), pipe AS (
    SELECT o.rep_id, spm.pay_period(o.expected_close, 'quarter') AS quarter,
           pg_catalog.sum(o.amount) FILTER (WHERE o.forecast_category = 'commit') AS commit,
           pg_catalog.sum(o.amount) FILTER (WHERE o.forecast_category = 'best_case') AS best_case,
           pg_catalog.sum(o.amount) AS pipeline,
           spm.weighted_pipeline(o.amount, o.probability) AS weighted
      FROM (SELECT op.rep_id, op.expected_close, op.forecast_category, op.probability,
                   -- spm.convert at the as-of date with the rates joined
                   CASE WHEN op.currency IS NULL OR op.currency = r.currency THEN op.amount
                        ELSE pg_catalog.trim_scale(
                                 op.amount * coalesce(ff.rate, spm.fx_rate_on(op.currency, spm.as_of()))
                                 / coalesce(ft.rate, spm.fx_rate_on(r.currency, spm.as_of()))) END AS amount
              FROM spm.opportunity op
              JOIN spm.rep r ON r.rep_id = op.rep_id
              LEFT JOIN spm.fx_rate ff ON ff.currency = op.currency AND ff.valid @> spm.as_of()
                                      AND op.currency <> r.currency
              LEFT JOIN spm.fx_rate ft ON ft.currency = r.currency AND ft.valid @> spm.as_of()
                                      AND op.currency <> r.currency
             WHERE op.forecast_category IN ('pipeline', 'best_case', 'commit')
               AND op.expected_close IS NOT NULL) o
     GROUP BY o.rep_id, spm.pay_period(o.expected_close, 'quarter')
), shown AS MATERIALIZED (
    -- the quarters shown per person
    SELECT pi.rep_id, pi.quarter FROM pipe pi
    UNION
    SELECT q.rep_id, q.period FROM spm.quota q
     WHERE q.period = spm.pay_period(spm.as_of(), 'quarter') AND q.measure = 'revenue'
    UNION
    SELECT cr.rep_id, spm.pay_period(spm.as_of(), 'quarter') FROM spm.credit cr
     WHERE cr.measure = 'revenue'
       AND cr.credited_on >= pg_catalog.lower(spm.pay_period(spm.as_of(), 'quarter'))
       AND cr.credited_on <= spm.as_of()
), closed AS (
    -- what was credited in each quarter shown up to the as-of date
    -- (spm.convert at the credit's date, with the rates joined)
    SELECT k.rep_id, k.quarter,
           pg_catalog.sum(
               CASE WHEN cr.currency IS NULL OR cr.currency = p.currency THEN cr.amount
                    ELSE pg_catalog.trim_scale(
                             cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                             / coalesce(ft.rate, spm.fx_rate_on(p.currency, cr.credited_on))) END) AS amount
      FROM shown k
      JOIN spm.rep p ON p.rep_id = k.rep_id
      JOIN spm.credit cr ON cr.rep_id = k.rep_id AND cr.measure = 'revenue'
                        AND cr.credited_on >= pg_catalog.lower(k.quarter)
                        AND cr.credited_on < pg_catalog.upper(k.quarter)
                        AND cr.credited_on <= spm.as_of()
      LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                              AND cr.currency <> p.currency
      LEFT JOIN spm.fx_rate ft ON ft.currency = p.currency AND ft.valid @> cr.credited_on
                              AND cr.currency <> p.currency
     GROUP BY k.rep_id, k.quarter
), own AS (
    SELECT k.rep_id, k.quarter,
           coalesce(pi.commit, 0) AS commit,
           coalesce(pi.best_case, 0) AS best_case,
           coalesce(pi.pipeline, 0) AS pipeline,
           coalesce(pi.weighted, 0) AS weighted,
           q.amount AS quota,
           coalesce(c.amount, 0) AS closed
      FROM shown k
      JOIN person p ON p.rep_id = k.rep_id
      LEFT JOIN pipe pi ON pi.rep_id = k.rep_id AND pi.quarter = k.quarter
      LEFT JOIN spm.quota q ON q.rep_id = k.rep_id AND q.period = k.quarter AND q.measure = 'revenue'
      LEFT JOIN closed c ON c.rep_id = k.rep_id AND c.quarter = k.quarter
), rollup AS (
    SELECT o.rep_id, 'rep' AS scope, o.quarter, o.quota, o.closed, o.commit, o.best_case,
           o.pipeline, o.weighted
      FROM own o
    UNION ALL
    SELECT t.head_id, 'team', o.quarter,
           pg_catalog.sum(spm.convert(o.quota, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.closed, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.commit, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.best_case, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.pipeline, m.currency, h.currency, spm.as_of())),
           pg_catalog.sum(spm.convert(o.weighted, m.currency, h.currency, spm.as_of()))
      FROM tree t
      JOIN own o ON o.rep_id = t.rep_id
      JOIN person h ON h.rep_id = t.head_id
      JOIN person m ON m.rep_id = t.rep_id
     GROUP BY t.head_id, o.quarter
)
SELECT ro.rep_id, p.rep_name, p.manager_id, ro.scope,
       spm.period_label(ro.quarter) AS period,
       pg_catalog.lower(ro.quarter) AS period_start,
       pg_catalog.upper(ro.quarter) - 1 AS period_end,
       p.currency,
       pg_catalog.round(ro.quota, p.minor_unit) AS quota,
       pg_catalog.round(ro.closed, p.minor_unit) AS closed,
       pg_catalog.round(ro.closed + ro.commit, p.minor_unit) AS commit,
       pg_catalog.round(ro.closed + ro.commit + ro.best_case, p.minor_unit) AS best_case,
       pg_catalog.round(ro.pipeline, p.minor_unit) AS pipeline,
       pg_catalog.round(ro.weighted, p.minor_unit) AS weighted,
       pg_catalog.round(spm.coverage(ro.pipeline, ro.quota, ro.closed), 2) AS coverage
  FROM rollup ro
  JOIN person p ON p.rep_id = ro.rep_id;
COMMENT ON VIEW spm.pipeline_forecast IS
    'commit, best case and pipeline per person and quarter, and rolled up over each manager''s tree';

-- Monthly credited revenue, and a 12-month forecast of it (spm.forecast,
-- method auto, seasonal once there are two years of history) with 80% and
-- 95% prediction intervals.  One series per team and currency, and one per
-- currency for everything the querying role can see (team NULL).  History
-- runs from the first credited month to the last complete month before
-- the as-of date; a series shorter than four months gets no forecast.
CREATE VIEW spm.revenue_forecast WITH (security_invoker) AS
WITH by_team AS MATERIALIZED (
    -- per team (NULL included), currency and month; spm.convert with the
    -- rates joined (see the top of this file)
    SELECT r.team, r.currency,
           pg_catalog.lower(spm.pay_period(cr.credited_on, 'month')) AS month,
           pg_catalog.sum(
               CASE WHEN cr.currency IS NULL OR cr.currency = r.currency THEN cr.amount
                    ELSE pg_catalog.trim_scale(
                             cr.amount * coalesce(ff.rate, spm.fx_rate_on(cr.currency, cr.credited_on))
                             / coalesce(ft.rate, spm.fx_rate_on(r.currency, cr.credited_on))) END) AS revenue
      FROM spm.credit cr
      JOIN spm.rep r ON r.rep_id = cr.rep_id
      LEFT JOIN spm.fx_rate ff ON ff.currency = cr.currency AND ff.valid @> cr.credited_on
                              AND cr.currency <> r.currency
      LEFT JOIN spm.fx_rate ft ON ft.currency = r.currency AND ft.valid @> cr.credited_on
                              AND cr.currency <> r.currency
     WHERE cr.measure = 'revenue'
       AND cr.credited_on < pg_catalog.lower(spm.pay_period(spm.as_of(), 'month'))
     GROUP BY r.team, r.currency, spm.pay_period(cr.credited_on, 'month')
), monthly AS (
    -- the teams' series, and the total per currency (total, team NULL):
    -- the sum of its teams' sums, everyone without a team included
    SELECT bt.team, bt.currency, false AS total, bt.month, bt.revenue
      FROM by_team bt
     WHERE bt.team IS NOT NULL
    UNION ALL
    SELECT NULL, bt.currency, true, bt.month, pg_catalog.sum(bt.revenue)
      FROM by_team bt
     GROUP BY bt.currency, bt.month
), series AS (
    -- every month from the first credited one to the last complete one,
    -- months without credits counting 0
    SELECT s.team, s.currency, s.first_month,
           pg_catalog.array_agg(coalesce(m.revenue, 0) ORDER BY g.month) AS revenue,
           pg_catalog.count(*)::integer AS n
      FROM (SELECT mo.team, mo.currency, mo.total, pg_catalog.min(mo.month) AS first_month
              FROM monthly mo GROUP BY mo.team, mo.currency, mo.total) s
     CROSS JOIN LATERAL pg_catalog.generate_series(
                s.first_month::timestamp,
                pg_catalog.lower(spm.pay_period(spm.as_of(), 'month'))::timestamp - interval '1 month',
                interval '1 month') AS g(month)
      LEFT JOIN monthly m ON m.team IS NOT DISTINCT FROM s.team AND m.currency IS NOT DISTINCT FROM s.currency
                         AND m.total = s.total AND m.month = g.month::date
     GROUP BY s.team, s.currency, s.total, s.first_month
), history AS (
    SELECT s.*, s.revenue::float8[] AS y,
           spm.minor_unit(s.currency) AS minor_unit,
           CASE WHEN s.n >= 24 THEN 12 END AS season
      FROM series s
)
SELECT h.team, h.currency, 'actual' AS kind,
       spm.period_label(spm.pay_period(m.month, 'month')) AS period,
       m.month AS period_start, pg_catalog.upper(spm.pay_period(m.month, 'month')) - 1 AS period_end,
       pg_catalog.round(h.revenue[m.i], h.minor_unit) AS revenue,
       NULL::numeric AS forecast,
       NULL::numeric AS lower_80, NULL::numeric AS upper_80,
       NULL::numeric AS lower_95, NULL::numeric AS upper_95,
       NULL::text AS method
  FROM history h
 CROSS JOIN LATERAL (SELECT g.i, (h.first_month + pg_catalog.make_interval(months => g.i - 1))::date AS month
                       FROM pg_catalog.generate_series(1, h.n) AS g(i)) m
UNION ALL
SELECT h.team, h.currency, 'forecast',
       spm.period_label(spm.pay_period(f.month, 'month')),
       f.month, pg_catalog.upper(spm.pay_period(f.month, 'month')) - 1,
       NULL,
       pg_catalog.round(f.point::numeric, h.minor_unit),
       pg_catalog.round(f.lower_80::numeric, h.minor_unit), pg_catalog.round(f.upper_80::numeric, h.minor_unit),
       pg_catalog.round(f.lower_95::numeric, h.minor_unit), pg_catalog.round(f.upper_95::numeric, h.minor_unit),
       fit.method
  FROM history h
 CROSS JOIN LATERAL spm.forecast_fit(h.y, 'auto', h.season) fit
 -- the two intervals side by side, step by step (ROWS FROM rather than a
 -- join of the two calls, which Citus 13.2 plans as a query of no rows)
 CROSS JOIN LATERAL (
    SELECT (h.first_month + pg_catalog.make_interval(months => h.n + x.step - 1))::date AS month,
           x.point, x.lower_80, x.upper_80, x.lower_95, x.upper_95
      FROM ROWS FROM (spm.forecast(h.y, 12, 'auto', h.season, 0.95),
                      spm.forecast(h.y, 12, 'auto', h.season, 0.80))
           AS x(step, point, lower_95, upper_95, step_80, point_80, lower_80, upper_80)
     WHERE x.step_80 = x.step) f
 WHERE h.n >= 4;
COMMENT ON VIEW spm.revenue_forecast IS
    'monthly credited revenue per team and in total, and its 12-month forecast with 80% and 95% intervals';

-- ---- surveys ----------------------------------------------------------

-- eNPS per team and month, from the anonymous answers, suppressed below
-- 5 answers: every column but responses is NULL then (spm.nps_stats with
-- min_responses).  It runs with its owner's rights on purpose: nobody else
-- can read the scores it aggregates.  Answers are grouped one way only
-- (team and month, no totals), so no two groups can be subtracted to
-- reveal a suppressed one.
CREATE VIEW spm.team_enps WITH (security_barrier) AS
SELECT g.team, spm.period_label(g.month) AS period,
       pg_catalog.lower(g.month) AS period_start, pg_catalog.upper(g.month) - 1 AS period_end,
       (g.stats).responses, (g.stats).promoters, (g.stats).passives, (g.stats).detractors,
       pg_catalog.round(g.enps, 1) AS enps,
       pg_catalog.round((g.stats).std_error::numeric, 2)::float8 AS std_error,
       pg_catalog.round((g.stats).ci95_lower::numeric, 1)::float8 AS ci95_lower,
       pg_catalog.round((g.stats).ci95_upper::numeric, 1)::float8 AS ci95_upper
  FROM (SELECT sr.team, spm.pay_period(sr.answered_on, 'month') AS month,
               spm.nps_stats(sr.score, 5) AS stats, spm.enps(sr.score, 5) AS enps
          FROM spm.survey_response sr
         WHERE sr.question = 'enps'
         GROUP BY sr.team, spm.pay_period(sr.answered_on, 'month')) g;
COMMENT ON VIEW spm.team_enps IS
    'eNPS per team and month with its 95% interval, suppressed below 5 answers';

-- Every survey question the same way: eNPS and NPS in points, CSAT in
-- percent satisfied, per team and month, suppressed below 5 answers.
CREATE VIEW spm.survey_summary WITH (security_barrier) AS
SELECT g.team, g.question, spm.period_label(g.month) AS period,
       pg_catalog.lower(g.month) AS period_start, pg_catalog.upper(g.month) - 1 AS period_end,
       g.responses, pg_catalog.round(g.score, 1) AS score
  FROM (SELECT sr.team, sr.question, spm.pay_period(sr.answered_on, 'month') AS month,
               pg_catalog.count(sr.score) AS responses,
               CASE sr.question WHEN 'csat' THEN spm.csat(sr.score, 5) FILTER (WHERE sr.question = 'csat')
                                ELSE spm.enps(sr.score, 5) FILTER (WHERE sr.question <> 'csat') END AS score
          FROM spm.survey_response sr
         GROUP BY sr.team, sr.question, spm.pay_period(sr.answered_on, 'month')) g;
COMMENT ON VIEW spm.survey_summary IS
    'eNPS, NPS (points) and CSAT (percent) per team and month, suppressed below 5 answers';

GRANT SELECT ON spm.commission_statement, spm.payout_summary, spm.attainment_report,
                spm.leaderboard, spm.pipeline_forecast, spm.revenue_forecast,
                spm.team_enps, spm.survey_summary
    TO spm_user, spm_admin;
