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
 */
extern double spm_minimise_box(spm_objective f, void *arg, int dim, double *p);

#endif							/* SPM_CORE_BOXMIN_H */
