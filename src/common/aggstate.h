/*
 * aggstate.h
 *	  Helpers shared by the modules' aggregate support functions: the
 *	  aggregate-context checks, in-place state updates, and calling
 *	  PostgreSQL's own numeric accumulators from inside an spm aggregate.
 */
#ifndef SPM_COMMON_AGGSTATE_H
#define SPM_COMMON_AGGSTATE_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/execnodes.h"

/*
 * True when called as an aggregate or window aggregate, whose transition
 * state lives in memory the aggregate owns and may be updated in place.
 * This is AggCheckCallContext() without the function call, for per-row paths.
 */
static inline bool
spm_in_aggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState));
}

/*
 * A fresh state of size bytes, set up by init (unless NULL), in the
 * aggregate's memory.
 */
extern void *spm_new_state(FunctionCallInfo fcinfo, Size size, void (*init) (void *));

/*
 * The fixed-size state (argument 0) to update: in aggregate context the one
 * we were given, otherwise a copy, so that a direct SQL call never modifies
 * its argument.  A NULL state (only when a non-strict support function is
 * called directly) starts afresh.
 */
static inline void *
spm_writable_state(FunctionCallInfo fcinfo, Size size, void (*init) (void *))
{
	void	   *s;

	if (unlikely(PG_ARGISNULL(0)))
		return spm_new_state(fcinfo, size, init);
	s = PG_GETARG_POINTER(0);
	if (unlikely(!spm_in_aggregate(fcinfo)))
	{
		void	   *copy = palloc(size);

		memcpy(copy, s, size);
		s = copy;
	}
	return s;
}

/* The aggregate's memory context; an error outside an aggregate. */
extern MemoryContext spm_aggregate_context(FunctionCallInfo fcinfo, const char *fname);

/*
 * Call one of PostgreSQL's aggregate support functions (numeric_avg_accum,
 * numeric_avg_combine, numeric_sum, ...) with our aggregate context, which
 * they check and allocate in.  Returns (Datum) 0 when the result is NULL.
 */
extern Datum spm_call_agg_support(PGFunction fn, FunctionCallInfo outer, int nargs,
								  Datum a, bool a_null, Datum b, bool b_null);

/*
 * The blessed descriptor of the calling function's composite result type,
 * looked up once per query (cached in fn_extra), for final functions and
 * other one-row results.
 */
extern TupleDesc spm_result_tupdesc(FunctionCallInfo fcinfo);

#endif							/* SPM_COMMON_AGGSTATE_H */
