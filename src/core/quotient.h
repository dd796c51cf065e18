/*
 * quotient.h
 *	  How many decimal places an exact quotient can need, so that a numeric
 *	  division can be carried far enough to be exact whenever the exact
 *	  answer is a terminating decimal (the pay curves of spm.tier_schedule).
 *	  Plain C, no PostgreSQL headers: it reads the divisor's decimal text.
 *
 * Write the divisor d = c * 10^e with c an integer not divisible by 10.  For
 * a dividend n with s decimal places, n = m * 10^-s with m an integer, and
 * n / d = (m / c) * 10^-(s + e).  The fraction m / c in lowest terms has a
 * denominator dividing c; it terminates exactly when that denominator is
 * 2^a 5^b, and then has max(a, b) decimal places, with a <= v2(c) and
 * b <= v5(c) (vp(c): how many times p divides c).  So n / d either does not
 * terminate or has at most s + B places, where
 *
 *	 B = e + max(v2(c), v5(c)).
 *
 * For 12000 = 12 * 10^3, B = 3 + 2 = 5 (3 / 12000 = 0.00025); for 0.25 =
 * 25 * 10^-2, B = -2 + 2 = 0 (0.1 / 0.25 = 0.4: s = 1 place).
 */
#ifndef SPM_CORE_QUOTIENT_H
#define SPM_CORE_QUOTIENT_H

#include <stddef.h>

/*
 * The valuations are computed exactly when c has at most this many digits;
 * beyond that the bound 2^v <= c < 10^digits, v <= digits * log2(10), is
 * used instead (still an upper bound, so still exact, at more cost).
 */
#define SPM_QUOTIENT_EXACT_DIGITS 1000

/*
 * d is a number written as numeric_out writes it: an optional sign, digits,
 * optionally '.' and digits.  Sets *places to B above and returns 0; returns
 * -1 when d is not such a number or is zero.
 */
extern int	spm_quotient_places(const char *d, size_t len, long *places);

#endif							/* SPM_CORE_QUOTIENT_H */
