/*
 * exactsum.c
 *	  An exact numeric sum inside an aggregate state (see exactsum.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/aggstate.h"
#include "common/exactsum.h"
#include "common/numeric_util.h"

void
spm_sum_set(SpmExactSum *s, Numeric v, MemoryContext cxt)
{
	Numeric		copy = MemoryContextAlloc(cxt, VARSIZE(v));

	memcpy(copy, v, VARSIZE(v));
	s->base = copy;
	s->accum = (Datum) 0;
}

void
spm_sum_add(FunctionCallInfo fcinfo, SpmExactSum *s, Numeric v, MemoryContext cxt)
{
	if (likely(spm_in_aggregate(fcinfo)))
	{
		s->accum = spm_call_agg_support(numeric_avg_accum, fcinfo, 2, s->accum,
										s->accum == (Datum) 0, NumericGetDatum(v), false);
		if (s->accum == (Datum) 0)
			elog(ERROR, "numeric_avg_accum returned NULL");
	}
	else
		spm_sum_set(s, s->base ? numeric_add_opt_error(s->base, v, NULL) : v, cxt);
}

Numeric
spm_sum_value(const SpmExactSum *s)
{
	Numeric		sum = s->base ? s->base : num_zero();

	/*
	 * numeric_sum reads the accumulator without needing the aggregate's
	 * context; the accumulator holds at least one value once it exists.
	 */
	if (s->accum != (Datum) 0)
		sum = numeric_add_opt_error(sum, DatumGetNumeric(DirectFunctionCall1(numeric_sum, s->accum)),
									NULL);
	return sum;
}
