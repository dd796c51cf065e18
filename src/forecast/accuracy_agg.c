/*
 * accuracy_agg.c
 *	  SQL-callable wrappers of the forecast accuracy aggregates spm.mape,
 *	  spm.wape, spm.forecast_bias, spm.rmse (one state type,
 *	  spm.accuracy_state; arithmetic in src/core/accuracy.c) and of the
 *	  exact-numeric spm.weighted_pipeline.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/typeio.h"
#include "common/aggstate.h"
#include "core/accuracy.h"

StaticAssertDecl(sizeof(spm_accuracy) == 64,
				 "spm.accuracy_state has INTERNALLENGTH = 64");

static void
accuracy_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow in a forecast accuracy aggregate"),
			 errdetail("A sum of errors exceeds the range of float8.")));
}

PG_FUNCTION_INFO_V1(spm_accuracy_state_in);
Datum
spm_accuracy_state_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	spm_accuracy *s = palloc(sizeof(spm_accuracy));
	char		err[200];

	if (spm_accuracy_parse(text, s, err, sizeof(err)) != 0)
		spm_bad_text("spm.accuracy_state", text, err);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(spm_accuracy_state_out);
Datum
spm_accuracy_state_out(PG_FUNCTION_ARGS)
{
	spm_accuracy *s = (spm_accuracy *) PG_GETARG_POINTER(0);
	char	   *buf = palloc(SPM_ACCURACY_TEXT_MAX);

	spm_accuracy_format(s, buf, SPM_ACCURACY_TEXT_MAX);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: int32 version, int32 flags, int64 n, n_zero, then five float8 sums. */
PG_FUNCTION_INFO_V1(spm_accuracy_state_recv);
Datum
spm_accuracy_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	spm_accuracy *s = palloc(sizeof(spm_accuracy));
	char		err[200];

	s->version = (int32) pq_getmsgint(buf, 4);
	s->flags = (int32) pq_getmsgint(buf, 4);
	s->n = pq_getmsgint64(buf);
	s->n_zero = pq_getmsgint64(buf);
	s->sum_ape = pq_getmsgfloat8(buf);
	s->sum_abs_err = pq_getmsgfloat8(buf);
	s->sum_abs_actual = pq_getmsgfloat8(buf);
	s->sum_err = pq_getmsgfloat8(buf);
	s->sum_sq_err = pq_getmsgfloat8(buf);
	if (!spm_accuracy_valid(s, err, sizeof(err)))
		spm_bad_binary("spm.accuracy_state", err);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(spm_accuracy_state_send);
Datum
spm_accuracy_state_send(PG_FUNCTION_ARGS)
{
	spm_accuracy *s = (spm_accuracy *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, (uint32) s->version);
	pq_sendint32(&buf, (uint32) s->flags);
	pq_sendint64(&buf, (uint64) s->n);
	pq_sendint64(&buf, (uint64) s->n_zero);
	pq_sendfloat8(&buf, s->sum_ape);
	pq_sendfloat8(&buf, s->sum_abs_err);
	pq_sendfloat8(&buf, s->sum_abs_actual);
	pq_sendfloat8(&buf, s->sum_err);
	pq_sendfloat8(&buf, s->sum_sq_err);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
init_state(void *s)
{
	spm_accuracy_init((spm_accuracy *) s);
}

/* in place in aggregate context, else a copy (see common/aggstate.h) */
static inline spm_accuracy *
writable_accuracy(FunctionCallInfo fcinfo)
{
	return (spm_accuracy *) spm_writable_state(fcinfo, sizeof(spm_accuracy), init_state);
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

PG_FUNCTION_INFO_V1(spm_accuracy_accum);
Datum
spm_accuracy_accum(PG_FUNCTION_ARGS)
{
	spm_accuracy *s;
	double		actual,
				forecast;

	/* not strict: rows with a NULL actual or forecast are skipped */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	actual = PG_GETARG_FLOAT8(1);
	forecast = PG_GETARG_FLOAT8(2);
	check_finite(actual, "actual");
	check_finite(forecast, "forecast");
	s = writable_accuracy(fcinfo);
	if (unlikely(spm_accuracy_add(s, actual, forecast) != 0))
		accuracy_overflow();
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(spm_accuracy_state_combine);
Datum
spm_accuracy_state_combine(PG_FUNCTION_ARGS)
{
	spm_accuracy *into = writable_accuracy(fcinfo);
	spm_accuracy *from = (spm_accuracy *) PG_GETARG_POINTER(1);

	if (spm_accuracy_combine(into, from) != 0)
		accuracy_overflow();
	PG_RETURN_POINTER(into);
}

#define ACCURACY_FINAL(sqlname, fn) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	double		v; \
\
	if (fn((spm_accuracy *) PG_GETARG_POINTER(0), &v) != 0) \
		PG_RETURN_NULL(); \
	PG_RETURN_FLOAT8(v); \
}

ACCURACY_FINAL(spm_mape_final, spm_accuracy_mape)
ACCURACY_FINAL(spm_wape_final, spm_accuracy_wape)
ACCURACY_FINAL(spm_forecast_bias_final, spm_accuracy_bias)
ACCURACY_FINAL(spm_rmse_final, spm_accuracy_rmse)

/* ---- weighted pipeline ------------------------------------------------ */

static void
check_numeric(Numeric v, const char *what)
{
	if (numeric_is_nan(v) || numeric_is_inf(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite number, not %s", what,
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v))))));
}

PG_FUNCTION_INFO_V1(spm_weighted_pipeline_accum);
Datum
spm_weighted_pipeline_accum(PG_FUNCTION_ARGS)
{
	Numeric		amount,
				prob,
				product;

	/* not strict: rows with a NULL amount or probability are skipped */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	amount = PG_GETARG_NUMERIC(1);
	prob = PG_GETARG_NUMERIC(2);
	check_numeric(amount, "amount");
	check_numeric(prob, "probability");
	if (DatumGetBool(DirectFunctionCall2(numeric_lt, NumericGetDatum(prob),
										 NumericGetDatum(int64_to_numeric(0)))) ||
		DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(prob),
										 NumericGetDatum(int64_to_numeric(1)))))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("probability %s is outside the range 0 to 1",
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(prob)))),
				 errhint("Probabilities are fractions: 0.25 means 25%%.")));
	product = numeric_mul_opt_error(amount, prob, NULL);
	if (PG_ARGISNULL(0))
		PG_RETURN_NUMERIC(product);
	/* the executor copies the new value into the aggregate's memory */
	PG_RETURN_NUMERIC(numeric_add_opt_error(PG_GETARG_NUMERIC(0), product, NULL));
}

PG_FUNCTION_INFO_V1(spm_weighted_pipeline_combine);
Datum
spm_weighted_pipeline_combine(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(numeric_add_opt_error(PG_GETARG_NUMERIC(0),
											PG_GETARG_NUMERIC(1), NULL));
}
