-- The sample sales organisation: 12 teams of uneven size in three regions,
-- with managers, hire dates (a few mid-year hires) and segments.  Fully
-- deterministic: every random draw comes from setseed() below, so every run
-- prints the same reports.  Later modules add plans, quotas and deals for
-- these same reps.
SELECT setseed(0.2026);

CREATE SCHEMA demo;

CREATE TABLE demo.team (
    team_id   integer PRIMARY KEY,
    name      text NOT NULL UNIQUE,
    region    text NOT NULL,
    segment   text NOT NULL,
    headcount integer NOT NULL,          -- reps, manager not included
    mood      float8 NOT NULL            -- hidden engagement level used by the generator
);

INSERT INTO demo.team VALUES
    ( 1, 'Enterprise East',    'North America', 'Enterprise', 11,  0.55),
    ( 2, 'Enterprise West',    'North America', 'Enterprise',  9,  0.20),
    ( 3, 'Mid-Market Central', 'North America', 'Mid-Market', 14,  0.05),
    ( 4, 'Commercial Inside',  'North America', 'Commercial', 18, -0.35),
    ( 5, 'Strategic Accounts', 'North America', 'Strategic',   3,  0.70),
    ( 6, 'DACH',               'EMEA',          'Enterprise',  8,  0.30),
    ( 7, 'UK & Ireland',       'EMEA',          'Mid-Market', 10, -0.10),
    ( 8, 'Nordics',            'EMEA',          'Commercial',  6,  0.45),
    ( 9, 'Southern Europe',    'EMEA',          'Mid-Market',  7, -0.55),
    (10, 'ANZ',                'APAC',          'Mid-Market',  6,  0.10),
    (11, 'Japan',              'APAC',          'Enterprise',  5,  0.35),
    (12, 'SEA Growth',         'APAC',          'Commercial', 12, -0.20);

CREATE TABLE demo.rep (
    rep_id     integer PRIMARY KEY,
    name       text NOT NULL,
    team_id    integer NOT NULL REFERENCES demo.team,
    role       text NOT NULL CHECK (role IN ('rep', 'manager')),
    manager_id integer REFERENCES demo.rep,
    hired_on   date NOT NULL
);

-- Names are drawn from fixed lists by position, so they never change.
WITH first AS (
    SELECT array['Ada','Ben','Chloe','Dev','Elena','Farid','Grace','Hiro','Ines','Jonas',
                 'Kemi','Liam','Maya','Nils','Olga','Priya','Quinn','Rosa','Sami','Tara',
                 'Uma','Victor','Wen','Ximena','Yusuf','Zoe','Aron','Bea','Carlos','Dana'] AS f,
           array['Abara','Berg','Costa','Dubois','Eriksen','Fischer','Garcia','Haddad','Ito',
                 'Jensen','Kowalski','Lopez','Murphy','Nakamura','Okafor','Patel','Quist',
                 'Rossi','Schmidt','Tanaka','Ueda','Varga','Weber','Xu','Yilmaz','Zhang'] AS l
), people AS (
    SELECT t.team_id, t.headcount, g AS k,
           row_number() OVER (ORDER BY t.team_id, g) AS n
      FROM demo.team t, generate_series(0, t.headcount) AS g   -- k = 0 is the manager
)
INSERT INTO demo.rep (rep_id, name, team_id, role, hired_on)
SELECT 100 + n,
       f[1 + (n * 7) % 30] || ' ' || l[1 + (n * 11) % 26],
       team_id,
       CASE WHEN k = 0 THEN 'manager' ELSE 'rep' END,
       CASE WHEN k = 0 THEN date '2019-01-07' + (n * 37 % 900)::int
            -- roughly one rep in eight joined during the demo year
            WHEN random() < 0.13 THEN date '2025-02-03' + (random() * 270)::int
            ELSE date '2020-03-02' + (random() * 1700)::int END
  FROM people, first
 ORDER BY n;

UPDATE demo.rep r SET manager_id = m.rep_id
  FROM demo.rep m
 WHERE m.team_id = r.team_id AND m.role = 'manager' AND r.role = 'rep';

-- The demo's "today": reports are as of this date.
CREATE TABLE demo.settings (as_of date NOT NULL);
INSERT INTO demo.settings VALUES (date '2025-12-31');
