/*
 * boxmin.h
 *	  Bounded multi-start minimisation on the unit box, used to fit the
 *	  smoothing parameters (src/core/smoothing.c).  Plain C, no PostgreSQL
 *	  headers.
 */
#ifndef SPM_CORE_BOXMIN_H
#define SPM_CORE_BOXMIN_H

typedef double (*spm_objective) (const double *p, void *arg);

/*
 * Minimise f over [0, 1]^dim (dim 1 to 3) from several starts; p holds the
 * first start on entry and the best point on exit.  Returns the minimum.
 * Points within 1e-9 of a bound are moved onto it when that is no worse.
 *
 * Every stopping test compares values of f relative to each other, or
 * points of the box (whose coordinates have no unit), so multiplying f by
 * a positive constant does not change where the search stops.
 *
 * stop (may be NULL) points to a flag the objective sets to abandon the
 * search, for a cancel: once it is set the search returns at its next
 * check, and p and the result are meaningless.
 */
extern double spm_minimise_box(spm_objective f, void *arg, int dim, double *p,
							   const int *stop);

#endif							/* SPM_CORE_BOXMIN_H */
