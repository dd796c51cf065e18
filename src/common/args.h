/*
 * args.h
 *	  Argument checks the modules share, worded and coded as the error
 *	  policy says (doc/development.md): one function per kind of problem.
 */
#ifndef SPM_COMMON_ARGS_H
#define SPM_COMMON_ARGS_H

#include "postgres.h"

#include <math.h>

#include "utils/array.h"

#include "compat.h"

/*
 * 22003 "<argname> must be a finite number, not NaN" (or Infinity,
 * -Infinity); the _slow form raises it for a v already known not finite
 * (when building argname costs something, test isfinite() first).
 */
pg_noreturn extern void spm_check_finite_slow(double v, const char *argname);

static inline void
spm_check_finite(double v, const char *argname)
{
	/* v - v is 0 for a finite v and NaN otherwise */
	if (unlikely(isnan(v - v)))
		spm_check_finite_slow(v, argname);
}

/* 22023 "<argname> must be a one-dimensional array, not N-dimensional" */
extern void spm_check_one_dimensional(ArrayType *a, const char *argname);

/* "<argname>[<index>]", for messages about one element of an array */
extern char *spm_element_name(const char *argname, int index);

/* a float8 as SQL writes it (shortest round-trip form) */
extern char *spm_float8_text(double v);

#endif							/* SPM_COMMON_ARGS_H */
