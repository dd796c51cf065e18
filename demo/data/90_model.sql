-- Load the sample organisation into spm's own data model, as a sales-ops
-- team would load its CRM exports: people (with a login role each, and
-- three regional VPs above the team managers), plans, who is on which
-- plan, quotas, credits, open pipeline, exchange rates and survey answers.
-- The demo.* tables play the CRM; the reports read spm's views.
--
-- EMEA is paid in euros: its quotas are set in euros, and its deals, booked
-- in US dollars, are converted at the rate of their date.

-- The date the reports are as of: the mid-quarter review of Q4 2025.
SELECT format('ALTER DATABASE %I SET spm.as_of = %L', current_database(), '2025-11-15') \gexec

-- One login role per person (they log in to a BI tool or psql as
-- themselves), all members of spm_user; and one administrator.
SELECT format('CREATE ROLE %I LOGIN IN ROLE spm_user', 'demo_' || r.rep_id)
  FROM demo.rep r
 UNION ALL
SELECT format('CREATE ROLE %I LOGIN IN ROLE spm_user', 'demo_vp_' || v) FROM generate_series(1, 3) AS v
 UNION ALL
SELECT 'CREATE ROLE demo_admin LOGIN IN ROLE spm_admin' \gexec

INSERT INTO spm.fx_rate (currency, valid, rate) VALUES
    ('USD', '(,)', 1),
    ('EUR', '[2023-01-01,2024-01-01)', 1.08),
    ('EUR', '[2024-01-01,2025-01-01)', 1.09),
    ('EUR', '[2025-01-01,)', 1.12);

-- regional VPs 1..3, team managers and reps under them
INSERT INTO spm.rep (rep_id, name, manager_id, team, territory, login_role, hired_on, currency)
VALUES (1, 'Nora Lindqvist', NULL, 'North America', 'North America', 'demo_vp_1', '2018-04-02', 'USD'),
       (2, 'Omar Haddad',    NULL, 'EMEA',          'EMEA',          'demo_vp_2', '2018-09-03', 'EUR'),
       (3, 'Mei Tanaka',     NULL, 'APAC',          'APAC',          'demo_vp_3', '2019-02-04', 'USD');
INSERT INTO spm.rep (rep_id, name, manager_id, team, territory, login_role, hired_on, currency)
SELECT r.rep_id, r.name,
       coalesce(r.manager_id, CASE t.region WHEN 'North America' THEN 1 WHEN 'EMEA' THEN 2 ELSE 3 END),
       t.name, t.region, 'demo_' || r.rep_id, r.hired_on,
       CASE t.region WHEN 'EMEA' THEN 'EUR' ELSE 'USD' END
  FROM demo.rep r JOIN demo.team t USING (team_id);

-- the three plans, each one version with one component, paid quarterly
INSERT INTO spm.plan (plan_id, name, frequency, description)
SELECT plan_id, name, 'quarter', description FROM demo.plan;
INSERT INTO spm.plan_version (version_id, plan_id, valid)
SELECT plan_id * 10, plan_id, daterange('2023-01-01', NULL) FROM demo.plan;
INSERT INTO spm.plan_component (version_id, component, schedule, basis)
SELECT plan_id * 10, 'commission', schedule, CASE WHEN on_quota THEN 'attainment' ELSE 'amount' END
  FROM demo.plan;
-- reps are on their team's plan from their first day (or 2023)
INSERT INTO spm.assignment (rep_id, plan_id, valid)
SELECT r.rep_id, tp.plan_id, daterange(greatest(r.hired_on, date '2023-01-01'), NULL)
  FROM demo.rep r JOIN demo.team_plan tp USING (team_id)
 WHERE r.role = 'rep';

-- quarterly quotas, prorated to the days of a quarter a rep was employed;
-- in euros for EMEA, rounded to a hundred
INSERT INTO spm.quota (rep_id, period, amount)
SELECT q.rep_id, q.period,
       CASE WHEN p.currency = 'EUR' THEN round(full_quota / 1.12, -2) ELSE full_quota END
  FROM (SELECT q.rep_id, q.period, spm.prorate(q.amount, q.period, daterange(r.hired_on, NULL)) AS full_quota
          FROM demo.quota q JOIN demo.rep r USING (rep_id)) q
  JOIN spm.rep p USING (rep_id);

-- credits: every part of every won deal, booked in dollars, and the
-- clawbacks of cancelled deals, each naming the credit it reverses
CREATE TEMP TABLE credit_load AS
SELECT row_number() OVER (ORDER BY c.credited_on, c.deal_id, c.rep_id, c.kind) AS credit_id, c.*
  FROM demo.credit c;
INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, currency, kind, reverses)
SELECT c.credit_id, 'D-' || c.deal_id, c.rep_id, c.credited_on, c.amount, 'USD', c.kind,
       CASE WHEN c.kind = 'clawback' THEN
           (SELECT o.credit_id FROM credit_load o
             WHERE o.deal_id = c.deal_id AND o.rep_id = c.rep_id AND o.kind <> 'clawback') END
  FROM credit_load c;

-- the open pipeline on the review date, in dollars: deals created by then
-- and not yet decided (some were won or lost later in the quarter, the
-- rest are still open at the end of the year).  The forecast category
-- follows the stage's probability, as a CRM's stage mapping would; deals
-- decided later get a probability drawn from their id.
INSERT INTO spm.opportunity (opportunity_id, rep_id, amount, stage, probability, forecast_category,
                             expected_close, currency)
SELECT d.deal_id, d.rep_id, d.amount,
       CASE WHEN p >= 0.9 THEN 'Negotiation' WHEN p >= 0.5 THEN 'Proposal' ELSE 'Discovery' END,
       p,
       CASE WHEN p >= 0.75 THEN 'commit' WHEN p >= 0.5 THEN 'best_case' ELSE 'pipeline' END,
       coalesce(d.closed_on, d.expected_close), 'USD'
  FROM demo.deal d,
       LATERAL (SELECT coalesce(d.probability,
                                (array[0.10, 0.25, 0.50, 0.75, 0.90])[1 + d.deal_id % 5]) AS p) x
 WHERE d.created_on <= date '2025-11-15'
   AND (d.stage = 'open' OR d.closed_on > date '2025-11-15');

-- survey answers, without the person: pulse answers land on the first
-- working days of each month, customer answers on their own dates
INSERT INTO spm.survey_response (response_id, team, answered_on, question, score)
SELECT row_number() OVER (ORDER BY p.survey_month, p.rep_id), t.name,
       p.survey_month + (p.rep_id % 5), 'enps', p.score
  FROM demo.pulse_response p JOIN demo.rep r USING (rep_id) JOIN demo.team t USING (team_id);
INSERT INTO spm.survey_response (response_id, team, answered_on, question, score)
SELECT 1000000 + c.response_id, t.name, c.answered_on, 'csat', c.score
  FROM demo.csat_response c JOIN demo.team t USING (team_id);

ANALYZE spm.rep, spm.assignment, spm.quota, spm.credit, spm.opportunity, spm.survey_response;
