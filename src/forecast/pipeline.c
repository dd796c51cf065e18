/*
 * pipeline.c
 *	  SQL-callable support of spm.weighted_pipeline: the exact (numeric)
 *	  sum of amount * probability over a group's open deals.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/numeric_util.h"

/* the sum so far plus v, or 22003 naming the aggregate when it overflows */
static Numeric
add_checked(Numeric sum, Numeric v)
{
	bool		overflow = false;
	Numeric		r = numeric_add_opt_error(sum, v, &overflow);

	if (overflow)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("spm.weighted_pipeline sum out of range"),
				 errdetail("The sum exceeds the range of type numeric.")));
	return r;
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
	check_finite_numeric(amount, "amount");
	check_finite_numeric(prob, "probability");
	if (num_sign(prob) < 0 || num_cmp(prob, int64_to_numeric(1)) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("probability must be between 0 and 1, not %s", num_text(prob)),
				 errhint("Probabilities are fractions: 0.25 means 25%%.")));
	/* |product| <= |amount|: it cannot overflow */
	product = numeric_mul_opt_error(amount, prob, NULL);
	if (PG_ARGISNULL(0))
		PG_RETURN_NUMERIC(product);
	/* the executor copies the new value into the aggregate's memory */
	PG_RETURN_NUMERIC(add_checked(PG_GETARG_NUMERIC(0), product));
}

PG_FUNCTION_INFO_V1(spm_weighted_pipeline_combine);
Datum
spm_weighted_pipeline_combine(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(add_checked(PG_GETARG_NUMERIC(0), PG_GETARG_NUMERIC(1)));
}
