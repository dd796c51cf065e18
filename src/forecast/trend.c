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
#include "utils/builtins.h"

#include "compat.h"
#include "common/args.h"
#include "common/statetype.h"
#include "core/ols.h"

StaticAssertDecl(sizeof(spm_trend) == 112, "spm.trend has INTERNALLENGTH = 112");

static void
trend_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow in spm.trend_agg"),
			 errdetail("The number of points or a sum of the regression exceeds its range (bigint, float8).")));
}

/* ---- the type: text and binary forms from src/core/ols.c's layout ---- */

SPM_STATE_TYPE_IO(spm_trend_exact, spm_trend_layout)

/* ---- aggregate support ------------------------------------------------ */

PG_FUNCTION_INFO_V1(spm_trend_exact_accum);
Datum
spm_trend_exact_accum(PG_FUNCTION_ARGS)
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
	spm_check_finite(y, "y");
	spm_check_finite(x, "x");
	t = spm_state_writable(fcinfo, &spm_trend_layout);
	if (unlikely(spm_trend_add(t, y, x) != 0))
		trend_overflow();
	PG_RETURN_POINTER(t);
}

PG_FUNCTION_INFO_V1(spm_trend_exact_combine);
Datum
spm_trend_exact_combine(PG_FUNCTION_ARGS)
{
	spm_trend  *into = spm_state_writable(fcinfo, &spm_trend_layout);
	spm_trend  *from = (spm_trend *) PG_GETARG_POINTER(1);

	if (spm_trend_combine(into, from) != 0)
		trend_overflow();
	PG_RETURN_POINTER(into);
}

/* the state itself, copied out of the aggregate's memory; NULL for no rows */
PG_FUNCTION_INFO_V1(spm_trend_exact_final);
Datum
spm_trend_exact_final(PG_FUNCTION_ARGS)
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

/* a row of the function's composite result type */
static Datum
result_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(spm_result_tupdesc(fcinfo),
													  values, nulls)));
}

PG_FUNCTION_INFO_V1(spm_trend_exact_stats);
Datum
spm_trend_exact_stats(PG_FUNCTION_ARGS)
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
	return result_row(fcinfo, values, nulls);
}

PG_FUNCTION_INFO_V1(spm_trend_exact_forecast);
Datum
spm_trend_exact_forecast(PG_FUNCTION_ARGS)
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

	spm_check_finite(x, "x");
	spm_check_finite(level, "level");
	if (!(level > 0.0 && level < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("level must be between 0 and 1, not %s", spm_float8_text(level)),
				 errdetail("The bounds themselves are excluded."),
				 errhint("Use 0.95 for a 95%% prediction interval.")));
	r = spm_trend_predict(t, x, level, &point, &lower, &upper);
	values[0] = Float8GetDatum(point);
	values[1] = Float8GetDatum(lower);
	values[2] = Float8GetDatum(upper);
	nulls[0] = r < 0;
	nulls[1] = nulls[2] = r != 0;
	if (r == 0 && !(isfinite(lower) && isfinite(upper)))
		nulls[1] = nulls[2] = true;
	return result_row(fcinfo, values, nulls);
}
