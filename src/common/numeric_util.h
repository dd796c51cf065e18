/*
 * numeric_util.h
 *	  Small exact-numeric helpers shared by the money modules.
 */
#ifndef SPM_COMMON_NUMERIC_UTIL_H
#define SPM_COMMON_NUMERIC_UTIL_H

#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/numeric.h"

extern int	num_cmp(Numeric a, Numeric b);
extern int	num_sign(Numeric n);	/* -1, 0 or 1; n must be finite */
extern Numeric num_zero(void);		/* a new zero, in the current context */
extern char *num_text(Numeric n);
extern Numeric num_power_of_ten(int exponent);	/* 10^exponent, exactly */
extern Numeric num_round(Numeric n, int scale);	/* half away from zero */

/* An error (22003) naming argname unless n is a finite number. */
extern void check_finite_numeric(Numeric n, const char *argname);

/* The same, then an error (22023) naming argname if n is negative. */
extern void check_non_negative_numeric(Numeric n, const char *argname);

/*
 * A numeric in a portable binary form: a 4-byte length (network order) and
 * numeric_send's bytes.  num_from_wire reads numeric_send's bytes that have
 * already been checked (src/core/commission_state.c), so it cannot fail.
 */
extern void num_to_wire(StringInfo buf, Numeric n);
extern Numeric num_from_wire(const unsigned char *bytes, size_t len);

#endif							/* SPM_COMMON_NUMERIC_UTIL_H */
