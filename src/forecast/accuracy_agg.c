/*
 * accuracy_agg.c
 *	  SQL-callable wrappers of the forecast accuracy aggregates spm.mape,
 *	  spm.wape, spm.forecast_bias, spm.rmse: one state type,
 *	  spm.accuracy_state, whose arithmetic is src/core/accuracy.c.
 */
#include "postgres.h"

#include "fmgr.h"

#include "compat.h"
#include "common/args.h"
#include "common/statetype.h"
#include "core/accuracy.h"

StaticAssertDecl(sizeof(spm_accuracy) == 64,
				 "spm.accuracy_state has INTERNALLENGTH = 64");

static void
accuracy_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow in a forecast accuracy aggregate"),
			 errdetail("The number of rows or a sum of errors exceeds its range (bigint, float8).")));
}

/* ---- the type: text and binary forms from src/core/accuracy.c's layout ---- */

SPM_STATE_TYPE_IO(spm_accuracy_state, spm_accuracy_layout)

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
	spm_check_finite(actual, "actual");
	spm_check_finite(forecast, "forecast");
	s = spm_state_writable(fcinfo, &spm_accuracy_layout);
	if (unlikely(spm_accuracy_add(s, actual, forecast) != 0))
		accuracy_overflow();
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(spm_accuracy_state_combine);
Datum
spm_accuracy_state_combine(PG_FUNCTION_ARGS)
{
	spm_accuracy *into = spm_state_writable(fcinfo, &spm_accuracy_layout);
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
