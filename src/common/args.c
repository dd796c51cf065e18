/*
 * args.c
 *	  Shared argument checks (see args.h).
 */
#include "postgres.h"

#include <math.h>

#include "utils/float.h"

#include "compat.h"
#include "common/args.h"

void
spm_check_finite_slow(double v, const char *argname)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be a finite number, not %s", argname,
					isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity")));
}

void
spm_check_one_dimensional(ArrayType *a, const char *argname)
{
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array, not %d-dimensional",
						argname, ARR_NDIM(a))));
}

char *
spm_element_name(const char *argname, int index)
{
	return psprintf("%s[%d]", argname, index);
}

char *
spm_float8_text(double v)
{
	return float8out_internal(v);
}
