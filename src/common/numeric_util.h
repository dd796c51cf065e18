/*
 * numeric_util.h
 *	  Small exact-numeric helpers shared by the money modules.
 */
#ifndef SPM_COMMON_NUMERIC_UTIL_H
#define SPM_COMMON_NUMERIC_UTIL_H

#include "postgres.h"

#include "utils/numeric.h"

extern int	num_cmp(Numeric a, Numeric b);
extern int	num_sign(Numeric n);	/* -1, 0 or 1; n must be finite */
extern Numeric num_zero(void);		/* a new zero, in the current context */
extern char *num_text(Numeric n);

/* An error (22003) naming argname unless n is a finite number. */
extern void check_finite_numeric(Numeric n, const char *argname);

#endif							/* SPM_COMMON_NUMERIC_UTIL_H */
