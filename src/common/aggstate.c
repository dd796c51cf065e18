/*
 * aggstate.c
 *	  Aggregate plumbing shared by the modules (see aggstate.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"

#include "compat.h"
#include "common/aggstate.h"

void *
spm_new_state(FunctionCallInfo fcinfo, Size size, void (*init) (void *))
{
	MemoryContext aggcontext;
	void	   *s;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		aggcontext = CurrentMemoryContext;
	s = MemoryContextAlloc(aggcontext, size);
	if (init != NULL)
		init(s);
	return s;
}

MemoryContext
spm_aggregate_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
	return aggcontext;
}

Datum
spm_call_agg_support(PGFunction fn, FunctionCallInfo outer, int nargs,
					 Datum a, bool a_null, Datum b, bool b_null)
{
	LOCAL_FCINFO(inner, 2);
	Datum		result;

	InitFunctionCallInfoData(*inner, NULL, nargs, InvalidOid, outer->context, NULL);
	inner->args[0].value = a;
	inner->args[0].isnull = a_null;
	inner->args[1].value = b;
	inner->args[1].isnull = b_null;
	result = fn(inner);
	return inner->isnull ? (Datum) 0 : result;
}

TupleDesc
spm_result_tupdesc(FunctionCallInfo fcinfo)
{
	TupleDesc	tupdesc = (TupleDesc) fcinfo->flinfo->fn_extra;

	if (tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		fcinfo->flinfo->fn_extra = tupdesc;
		MemoryContextSwitchTo(old);
	}
	return tupdesc;
}
