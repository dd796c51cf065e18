/*
 * exactsum.h
 *	  An exact numeric sum inside a variable-size aggregate state
 *	  (src/common/xstate.h).
 *
 * While an aggregate runs, the rows are added by PostgreSQL's own
 * sum(numeric) accumulator (numeric_avg_accum, called with the aggregate's
 * context), which adds in place without a palloc per row.  A sum read back
 * from a value (a partial state, text) is kept as a plain numeric beside
 * it; outside an aggregate, where the accumulator cannot run, additions go
 * to that numeric.  The sum is the two together.
 */
#ifndef SPM_COMMON_EXACTSUM_H
#define SPM_COMMON_EXACTSUM_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/numeric.h"

typedef struct SpmExactSum
{
	Numeric		base;			/* NULL for 0; in the state's context */
	Datum		accum;			/* the built-in accumulator, or 0 */
} SpmExactSum;

/* add a finite value; cxt is the state's context */
extern void spm_sum_add(FunctionCallInfo fcinfo, SpmExactSum *s, Numeric v, MemoryContext cxt);

/* the sum, in the current memory context */
extern Numeric spm_sum_value(const SpmExactSum *s);

/* start from a value, copied into cxt */
extern void spm_sum_set(SpmExactSum *s, Numeric v, MemoryContext cxt);

#endif							/* SPM_COMMON_EXACTSUM_H */
