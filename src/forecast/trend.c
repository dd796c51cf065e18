/*
 * trend.c
 *	  SQL-callable wrappers of the regression aggregate spm.trend_agg, its
 *	  state type spm.trend, spm.trend_stats and spm.trend_forecast
 *	  (declared in forecast.sql; arithmetic in src/core/ols.c).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "compat.h"
#include "common/typeio.h"
#include "common/aggstate.h"
#include "core/ols.h"

StaticAssertDecl(sizeof(spm_trend) == 56, "spm.trend has INTERNALLENGTH = 56");

static void
trend_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow in spm.trend_agg"),
			 errdetail("A sum of the regression exceeds the range of float8.")));
}

static void
check_finite(double v, const char *what)
{
	if (unlikely(!isfinite(v)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite number, not %s", what,
						isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity")));
}

/* ---- the type -------------------------------------------------------- */

PG_FUNCTION_INFO_V1(spm_trend_in);
Datum
spm_trend_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	spm_trend  *t = palloc(sizeof(spm_trend));
	char		err[160];

	if (spm_trend_parse(text, t, err, sizeof(err)) != 0)
		spm_bad_text("spm.trend", text, err);
	PG_RETURN_POINTER(t);
}

PG_FUNCTION_INFO_V1(spm_trend_out);
Datum
spm_trend_out(PG_FUNCTION_ARGS)
{
	spm_trend  *t = (spm_trend *) PG_GETARG_POINTER(0);
	char	   *buf = palloc(SPM_TREND_TEXT_MAX);

	spm_trend_format(t, buf, SPM_TREND_TEXT_MAX);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: int32 version, int32 flags, int64 n, float8 sx, sy, sxx, syy, sxy. */
PG_FUNCTION_INFO_V1(spm_trend_recv);
Datum
spm_trend_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	spm_trend  *t = palloc(sizeof(spm_trend));
	char		err[160];

	t->version = (int32) pq_getmsgint(buf, 4);
	t->flags = (int32) pq_getmsgint(buf, 4);
	t->n = pq_getmsgint64(buf);
	t->sx = pq_getmsgfloat8(buf);
	t->sy = pq_getmsgfloat8(buf);
	t->sxx = pq_getmsgfloat8(buf);
	t->syy = pq_getmsgfloat8(buf);
	t->sxy = pq_getmsgfloat8(buf);
	if (!spm_trend_valid(t, err, sizeof(err)))
		spm_bad_binary("spm.trend", err);
	PG_RETURN_POINTER(t);
}

PG_FUNCTION_INFO_V1(spm_trend_send);
Datum
spm_trend_send(PG_FUNCTION_ARGS)
{
	spm_trend  *t = (spm_trend *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, (uint32) t->version);
	pq_sendint32(&buf, (uint32) t->flags);
	pq_sendint64(&buf, (uint64) t->n);
	pq_sendfloat8(&buf, t->sx);
	pq_sendfloat8(&buf, t->sy);
	pq_sendfloat8(&buf, t->sxx);
	pq_sendfloat8(&buf, t->syy);
	pq_sendfloat8(&buf, t->sxy);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- aggregate support ------------------------------------------------ */

static void
init_state(void *s)
{
	spm_trend_init((spm_trend *) s);
}

/* in place in aggregate context, else a copy (see common/aggstate.h) */
static inline spm_trend *
writable_trend(FunctionCallInfo fcinfo)
{
	return (spm_trend *) spm_writable_state(fcinfo, sizeof(spm_trend), init_state);
}

PG_FUNCTION_INFO_V1(spm_trend_accum);
Datum
spm_trend_accum(PG_FUNCTION_ARGS)
{
	spm_trend  *t;
	double		y,
				x;

	/* not strict: rows with a NULL y or x are skipped */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	y = PG_GETARG_FLOAT8(1);
	x = PG_GETARG_FLOAT8(2);
	check_finite(y, "y");
	check_finite(x, "x");
	t = writable_trend(fcinfo);
	if (unlikely(spm_trend_add(t, y, x) != 0))
		trend_overflow();
	PG_RETURN_POINTER(t);
}

PG_FUNCTION_INFO_V1(spm_trend_state_combine);
Datum
spm_trend_state_combine(PG_FUNCTION_ARGS)
{
	spm_trend  *into = writable_trend(fcinfo);
	spm_trend  *from = (spm_trend *) PG_GETARG_POINTER(1);

	if (spm_trend_combine(into, from) != 0)
		trend_overflow();
	PG_RETURN_POINTER(into);
}

/* the state itself, copied out of the aggregate's memory; NULL for no rows */
PG_FUNCTION_INFO_V1(spm_trend_final);
Datum
spm_trend_final(PG_FUNCTION_ARGS)
{
	spm_trend  *t = (spm_trend *) PG_GETARG_POINTER(0);
	spm_trend  *copy;

	if (t->n == 0)
		PG_RETURN_NULL();
	copy = palloc(sizeof(spm_trend));
	memcpy(copy, t, sizeof(spm_trend));
	PG_RETURN_POINTER(copy);
}

/* ---- reading a trend ---------------------------------------------------- */

/* one-row result of a set-returning function (returned as a single value) */
static Datum
one_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(spm_trend_stats);
Datum
spm_trend_stats(PG_FUNCTION_ARGS)
{
	spm_trend  *t = (spm_trend *) PG_GETARG_POINTER(0);
	spm_trend_summary s;
	Datum		values[7];
	bool		nulls[7] = {0};

	spm_trend_summarise(t, &s);
	values[0] = Int64GetDatum(s.n);
	values[1] = Float8GetDatum(s.slope);
	values[2] = Float8GetDatum(s.intercept);
	values[3] = Float8GetDatum(s.r2);
	values[4] = Float8GetDatum(s.se_slope);
	values[5] = Float8GetDatum(s.se_intercept);
	values[6] = Float8GetDatum(s.residual_se);
	nulls[1] = nulls[2] = !s.has_slope;
	nulls[3] = !s.has_r2;
	nulls[4] = nulls[5] = nulls[6] = !s.has_se;
	return one_row(fcinfo, values, nulls);
}

PG_FUNCTION_INFO_V1(spm_trend_forecast);
Datum
spm_trend_forecast(PG_FUNCTION_ARGS)
{
	spm_trend  *t = (spm_trend *) PG_GETARG_POINTER(0);
	double		x = PG_GETARG_FLOAT8(1);
	double		level = PG_GETARG_FLOAT8(2);
	double		point = 0,
				lower = 0,
				upper = 0;
	Datum		values[3];
	bool		nulls[3] = {0};
	int			r;

	check_finite(x, "x");
	if (!(level > 0.0 && level < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("level must be between 0 and 1 (exclusive), not %g", level),
				 errhint("Use 0.95 for a 95%% prediction interval.")));
	r = spm_trend_predict(t, x, level, &point, &lower, &upper);
	values[0] = Float8GetDatum(point);
	values[1] = Float8GetDatum(lower);
	values[2] = Float8GetDatum(upper);
	nulls[0] = r < 0;
	nulls[1] = nulls[2] = r != 0;
	if (r == 0 && !(isfinite(lower) && isfinite(upper)))
		nulls[1] = nulls[2] = true;
	return one_row(fcinfo, values, nulls);
}
