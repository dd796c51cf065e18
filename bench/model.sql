-- Benchmark data for the data model (doc/development.md): 10,000 people
-- in a reporting tree (10 VPs, 100 managers, 9,890 reps), each with a login
-- role, on one of two plans, with quarterly quotas for 2025 and
-- least(:rows, 1,000,000) credits spread evenly over the reps and the year.
SET client_min_messages = warning;
SELECT least(:rows, 1000000) AS credits \gset

INSERT INTO spm.rep (rep_id, name, manager_id, team, login_role, hired_on, currency)
SELECT g,
       'Person ' || g,
       CASE WHEN g <= 10 THEN NULL
            WHEN g <= 110 THEN 1 + (g - 11) / 10
            ELSE 11 + (g - 111) % 100 END,
       'Team ' || CASE WHEN g <= 110 THEN (g - 1) % 100 ELSE (g - 111) % 100 END,
       'bench_rep_' || g,
       date '2020-01-01' + g % 1000,
       'USD'
  FROM generate_series(1, 10000) AS g;

INSERT INTO spm.plan (plan_id, name) VALUES (1, 'Graduated'), (2, 'Accelerator');
INSERT INTO spm.plan_version (version_id, plan_id, valid) VALUES
    (1, 1, '[2025-01-01,)'), (2, 2, '[2025-01-01,)');
INSERT INTO spm.plan_component (version_id, component, schedule, basis) VALUES
    (1, 'commission', 'graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10', 'amount'),
    (2, 'commission', 'graduated: 0 @ 0.06, 1.0 @ 0.10, 1.5 @ 0.14', 'attainment');
INSERT INTO spm.assignment (rep_id, plan_id, valid)
SELECT g, 1 + g % 2, '[2025-01-01,)' FROM generate_series(111, 10000) AS g;
INSERT INTO spm.quota (rep_id, period, amount)
SELECT g, daterange(d, (d + interval '3 months')::date), 100000 + (g % 7) * 10000
  FROM generate_series(111, 10000) AS g,
       unnest(array[date '2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01']) AS d;

INSERT INTO spm.credit (credit_id, deal_ref, rep_id, credited_on, amount, kind)
SELECT g,
       'D-' || g,
       111 + g % 9890,
       date '2025-01-01' + ((g * 7919) % 365)::integer,
       round((500 + (g * 104729) % 20000)::numeric + ((g * 31) % 100) / 100.0, 2),
       'deal'
  FROM generate_series(1::bigint, :credits) AS g;

ANALYZE spm.rep, spm.plan, spm.plan_version, spm.plan_component, spm.assignment,
        spm.quota, spm.credit;

-- the role the rep of the row-security benchmark logs in as
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_rep_5000') THEN
        CREATE ROLE bench_rep_5000 LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_rep_15') THEN
        CREATE ROLE bench_rep_15 LOGIN;
    END IF;
END
$$;
GRANT spm_user TO bench_rep_5000, bench_rep_15;
