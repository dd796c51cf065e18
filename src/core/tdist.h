/*
 * tdist.h
 *	  Normal and Student t quantiles in plain C (no PostgreSQL headers), for
 *	  prediction intervals.  Accuracy is checked against R's qnorm and qt in
 *	  test/unit/test_tdist.c.
 */
#ifndef SPM_CORE_TDIST_H
#define SPM_CORE_TDIST_H

/*
 * Standard normal quantile for 0 < p < 1: Wichura's algorithm AS 241
 * (PPND16), the method of R's qnorm, accurate to about 1e-16.
 * Returns NaN outside (0, 1).
 */
extern double spm_qnorm(double p);

/*
 * Two-sided tail probability of Student's t with df degrees of freedom,
 * P(|T| > t), for t >= 0 and df > 0, accurate to about 1e-14 relative for
 * df up to 1e5, 1e-11 up to 1e7, and about t^6 / df^2 beyond (a normal approximation, as
 * R's pt uses past 4e5).  *central receives P(|T| <= t) with the same
 * accuracy.
 */
extern double spm_t_twosided(double t, double df, double *central);

/*
 * Student t quantile for 0 < p < 1 and df > 0 (not necessarily whole):
 * the t with P(T <= t) = p.  Safeguarded Newton iteration on the
 * regularised incomplete beta function, and from df = 1e5 on the
 * Cornish-Fisher expansion in 1/df (exact to double precision there, and
 * as fast for any df); matches R's qt to better than 1e-12 relative for
 * df from 1 to 1e16 and p from 0.5 to 0.999999.
 * Returns NaN for p outside (0, 1), df <= 0 or df infinite.
 */
extern double spm_qt(double p, double df);

#endif							/* SPM_CORE_TDIST_H */
