-- ---------------------------------------------------------------------
-- Forecasting: trend regression, exponential smoothing, accuracy
-- (C code: src/forecast/*.c, src/core/{ols,smoothing,tdist,accuracy}.c)
-- ---------------------------------------------------------------------

-- Least-squares state of spm.trend_agg: the count, the first point (x0, y0)
-- and, as double-double (hi, lo) pairs, the sums of x - x0 and y - y0 and of
-- their squares and products: about 32 significant digits, so statistics
-- stay exact on near-perfect fits (src/core/ols.h).  Fixed size, text form
-- round-trips; the version 1 text "(n,sx,sy,sxx,syy,sxy)" is still read.
CREATE TYPE spm.trend;

CREATE FUNCTION spm.trend_in(cstring) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_in(cstring) IS
    'text input function of the type spm.trend';
CREATE FUNCTION spm.trend_out(spm.trend) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_trend_exact_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_out(spm.trend) IS
    'text output function of the type spm.trend';
CREATE FUNCTION spm.trend_recv(internal) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_recv(internal) IS
    'binary input function of the type spm.trend';
CREATE FUNCTION spm.trend_send(spm.trend) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_trend_exact_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_send(spm.trend) IS
    'binary output function of the type spm.trend';

CREATE TYPE spm.trend (
    INPUT = spm.trend_in,
    OUTPUT = spm.trend_out,
    RECEIVE = spm.trend_recv,
    SEND = spm.trend_send,
    INTERNALLENGTH = 112,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.trend IS
    'least-squares state of spm.trend_agg: (n, x0, y0, sx, sx_lo, sy, sy_lo, sxx, sxx_lo, syy, syy_lo, sxy, sxy_lo)';

-- Transition function.  Deliberately not STRICT: it skips rows where y or x
-- is NULL itself (the aggregate has an INITCOND, so the state is never NULL).
CREATE FUNCTION spm.trend_accum(spm.trend, float8, float8) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_accum'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_accum(spm.trend, float8, float8) IS
    'transition function of spm.trend_agg: adds the point (x, y)';
CREATE FUNCTION spm.trend_combine(spm.trend, spm.trend) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_combine(spm.trend, spm.trend) IS
    'combine function of spm.trend_agg: merges two partial states';
CREATE FUNCTION spm.trend_final(spm.trend) RETURNS spm.trend
    AS 'MODULE_PATHNAME', 'spm_trend_exact_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_final(spm.trend) IS
    'final function of spm.trend_agg: the state, or NULL for no rows';

CREATE AGGREGATE spm.trend_agg(y float8, x float8) (
    SFUNC = spm.trend_accum,
    STYPE = spm.trend,
    INITCOND = '(0,0,0,0,0,0,0,0,0,0,0,0,0)',
    FINALFUNC = spm.trend_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = spm.trend_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.trend_agg(float8, float8) IS
    'least-squares line of y on x; read it with spm.trend_stats and spm.trend_forecast';

-- One row each, as composite types rather than RETURNS TABLE: in a SELECT
-- list a NULL trend then gives a row of NULLs instead of removing the row.
CREATE TYPE spm.trend_stats_result AS (
    n            bigint,
    slope        float8,
    intercept    float8,
    r2           float8,
    se_slope     float8,
    se_intercept float8,
    residual_se  float8
);
COMMENT ON TYPE spm.trend_stats_result IS
    'result of spm.trend_stats: count, slope, intercept, R squared, standard errors';

CREATE TYPE spm.trend_forecast_result AS (
    point float8,
    lower float8,
    upper float8
);
COMMENT ON TYPE spm.trend_forecast_result IS
    'result of spm.trend_forecast: prediction and prediction interval';

CREATE FUNCTION spm.trend_stats(spm.trend) RETURNS spm.trend_stats_result
    AS 'MODULE_PATHNAME', 'spm_trend_exact_stats'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_stats(spm.trend) IS
    'slope, intercept, R squared, standard errors and residual standard error of a trend';

CREATE FUNCTION spm.trend_forecast(spm.trend, x float8, level float8 DEFAULT 0.95)
    RETURNS spm.trend_forecast_result
    AS 'MODULE_PATHNAME', 'spm_trend_exact_forecast'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.trend_forecast(spm.trend, float8, float8) IS
    'prediction and prediction interval (Student t, n - 2 degrees of freedom) at x';

-- Exponential smoothing.  Not STRICT: the parameters that default to NULL
-- mean "fit it" (alpha, beta, gamma) or "no season"; a NULL series,
-- horizon, method or level is an error (22004), not a silent empty result.
CREATE FUNCTION spm.forecast(series float8[], horizon integer, method text DEFAULT 'auto',
    season integer DEFAULT NULL, level float8 DEFAULT 0.95,
    alpha float8 DEFAULT NULL, beta float8 DEFAULT NULL, gamma float8 DEFAULT NULL)
    RETURNS TABLE(step integer, point float8, lower float8, upper float8)
    AS 'MODULE_PATHNAME', 'spm_forecast'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION spm.forecast(float8[], integer, text, integer, float8, float8, float8, float8) IS
    'forecast of a series with ses, holt, hw_additive, hw_multiplicative, linear or auto (R HoltWinters conventions)';

-- Not STRICT for the same reason (season defaults to NULL).  The AIC is on
-- the errors of a window every method shares (from value 3, or season + 1),
-- so a season given to ses, holt or linear only sets that window.
CREATE FUNCTION spm.forecast_fit(series float8[], method text, season integer DEFAULT NULL)
    RETURNS TABLE(method text, alpha float8, beta float8, gamma float8, sse float8, aic float8)
    AS 'MODULE_PATHNAME', 'spm_forecast_fit'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION spm.forecast_fit(float8[], text, integer) IS
    'fitted smoothing parameters, SSE and AIC (on a window shared by all methods) of a forecasting method; auto: the one it picks';

-- Accuracy: one state for MAPE, WAPE, bias and RMSE (invariants in
-- src/core/accuracy.h: input rejects a state no data could produce).
CREATE TYPE spm.accuracy_state;

CREATE FUNCTION spm.accuracy_state_in(cstring) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.accuracy_state_in(cstring) IS
    'text input function of the type spm.accuracy_state';
CREATE FUNCTION spm.accuracy_state_out(spm.accuracy_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.accuracy_state_out(spm.accuracy_state) IS
    'text output function of the type spm.accuracy_state';
CREATE FUNCTION spm.accuracy_state_recv(internal) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.accuracy_state_recv(internal) IS
    'binary input function of the type spm.accuracy_state';
CREATE FUNCTION spm.accuracy_state_send(spm.accuracy_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.accuracy_state_send(spm.accuracy_state) IS
    'binary output function of the type spm.accuracy_state';

CREATE TYPE spm.accuracy_state (
    INPUT = spm.accuracy_state_in,
    OUTPUT = spm.accuracy_state_out,
    RECEIVE = spm.accuracy_state_recv,
    SEND = spm.accuracy_state_send,
    INTERNALLENGTH = 64,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE spm.accuracy_state IS
    'state of the accuracy aggregates: (n, n_zero, sum_ape, sum_abs_err, sum_abs_actual, sum_err, sum_sq_err)';

-- Not STRICT: skips rows where actual or forecast is NULL itself.
CREATE FUNCTION spm.accuracy_accum(spm.accuracy_state, float8, float8) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_accum'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.accuracy_accum(spm.accuracy_state, float8, float8) IS
    'transition function of spm.mape, spm.wape, spm.forecast_bias and spm.rmse';
CREATE FUNCTION spm.accuracy_combine(spm.accuracy_state, spm.accuracy_state) RETURNS spm.accuracy_state
    AS 'MODULE_PATHNAME', 'spm_accuracy_state_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.accuracy_combine(spm.accuracy_state, spm.accuracy_state) IS
    'combine function of the accuracy aggregates: merges two partial states';
CREATE FUNCTION spm.mape_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_mape_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.mape_final(spm.accuracy_state) IS
    'final function of spm.mape';
CREATE FUNCTION spm.wape_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_wape_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.wape_final(spm.accuracy_state) IS
    'final function of spm.wape';
CREATE FUNCTION spm.forecast_bias_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_forecast_bias_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.forecast_bias_final(spm.accuracy_state) IS
    'final function of spm.forecast_bias';
CREATE FUNCTION spm.rmse_final(spm.accuracy_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'spm_rmse_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.rmse_final(spm.accuracy_state) IS
    'final function of spm.rmse';

CREATE AGGREGATE spm.mape(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.mape_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.mape(float8, float8) IS
    'mean absolute percentage error as a fraction; rows with actual = 0 are left out';
CREATE AGGREGATE spm.wape(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.wape_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.wape(float8, float8) IS
    'weighted absolute percentage error: sum |forecast - actual| / sum |actual|';
CREATE AGGREGATE spm.forecast_bias(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.forecast_bias_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.forecast_bias(float8, float8) IS
    'sum (forecast - actual) / sum |actual|: positive when forecasts run high';
CREATE AGGREGATE spm.rmse(actual float8, forecast float8) (
    SFUNC = spm.accuracy_accum, STYPE = spm.accuracy_state,
    INITCOND = '(0,0,0,0,0,0,0)', FINALFUNC = spm.rmse_final,
    COMBINEFUNC = spm.accuracy_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.rmse(float8, float8) IS
    'root mean squared error, in the units of the series';

-- Weighted pipeline: sum(amount * probability) in exact numeric.  The state
-- is plain numeric (a standard type with a text form, so partial sums
-- travel between workers) rather than a fixed-size type: an exact sum of
-- money needs numeric's arbitrary precision.  The transition function is
-- not STRICT: it skips rows with a NULL amount or probability and starts
-- from a NULL state (no rows -> NULL); the combine function is numeric
-- addition, whose strictness lets PostgreSQL take either side when the
-- other is still NULL.
CREATE FUNCTION spm.weighted_pipeline_accum(numeric, numeric, numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_weighted_pipeline_accum'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION spm.weighted_pipeline_accum(numeric, numeric, numeric) IS
    'transition function of spm.weighted_pipeline: adds amount * probability';
CREATE FUNCTION spm.weighted_pipeline_combine(numeric, numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'spm_weighted_pipeline_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION spm.weighted_pipeline_combine(numeric, numeric) IS
    'combine function of spm.weighted_pipeline: adds two partial sums';

CREATE AGGREGATE spm.weighted_pipeline(amount numeric, probability numeric) (
    SFUNC = spm.weighted_pipeline_accum,
    STYPE = numeric,
    COMBINEFUNC = spm.weighted_pipeline_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE spm.weighted_pipeline(numeric, numeric) IS
    'expected pipeline value: exact sum of amount * probability (probability 0 to 1)';
