-- Twelve monthly eNPS pulse surveys ("How likely are you to recommend
-- working here?", 0-10) for 2025, and a customer CSAT survey (1-5).
-- Scores follow each team's hidden mood plus noise and a mid-year dip;
-- about 80% of employees answer each pulse.
SELECT setseed(0.2027);

CREATE TABLE demo.pulse_response (
    rep_id       integer NOT NULL REFERENCES demo.rep,
    survey_month date NOT NULL,
    score        integer CHECK (score BETWEEN 0 AND 10),   -- NULL: opened, skipped the question
    PRIMARY KEY (rep_id, survey_month)
);

CREATE TABLE demo.csat_response (
    response_id serial PRIMARY KEY,
    team_id     integer NOT NULL REFERENCES demo.team,
    answered_on date NOT NULL,
    score       integer NOT NULL CHECK (score BETWEEN 1 AND 5)
);

-- normal(0,1) draws by Box-Muller
CREATE FUNCTION demo.gauss() RETURNS float8 LANGUAGE sql VOLATILE AS
$$ SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) $$;

INSERT INTO demo.pulse_response
SELECT r.rep_id, m.month,
       CASE WHEN random() < 0.03 THEN NULL
            ELSE least(10, greatest(0, round(
                    7.4 + 2.2 * t.mood
                    - 0.9 * exp(-((extract(month FROM m.month) - 7) ^ 2) / 4)  -- summer reorg dip
                    + 1.8 * demo.gauss())))::int END
  FROM demo.rep r
  JOIN demo.team t USING (team_id)
 CROSS JOIN LATERAL (SELECT (date '2025-01-01' + make_interval(months => k))::date AS month
                      FROM generate_series(0, 11) AS k) AS m
 WHERE r.hired_on <= m.month + 14
   AND random() < 0.8
 ORDER BY r.rep_id, m.month;

-- customers answer after support and renewal touches: roughly 40 answers
-- per rep per year, satisfaction tracking the team's mood
INSERT INTO demo.csat_response (team_id, answered_on, score)
SELECT t.team_id,
       date '2025-01-01' + (random() * 364)::int,
       least(5, greatest(1, round(3.9 + 0.8 * t.mood + 0.9 * demo.gauss())))::int
  FROM demo.team t, generate_series(1, t.headcount * 40)
 ORDER BY 1, 2;

ANALYZE demo.pulse_response, demo.csat_response;
