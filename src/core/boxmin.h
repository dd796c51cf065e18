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
 * Minimise f of one parameter over [0, 1]: its values at a grid of 21
 * points, then golden-section search of the best point's bracket.  p[0]
 * holds the start on entry and the best point on exit (it moves only to a
 * point better than the start).  Returns the minimum.
 *
 * Every stopping test compares values of f relative to each other, or
 * points of the box (whose coordinates have no unit), so multiplying f by
 * a positive constant does not change where the search stops.
 *
 * stop (may be NULL) points to a flag the objective sets to abandon the
 * search, for a cancel: once it is set the search returns at its next
 * check, and p and the result are meaningless.
 */
extern double spm_minimise_line(spm_objective f, void *arg, double *p, const int *stop);

/*
 * An objective with derivatives: returns f(p), and when grad is not NULL
 * also stores the gradient in grad[dim] and the Hessian in hess[dim * dim]
 * (row-major).
 */
typedef double (*spm_objective2) (const double *p, double *grad, double *hess,
								  void *arg);

/*
 * Minimise a smooth f over [0, 1]^dim (dim 1 to 3) with Newton's method
 * kept in the box (projected, damped where the Hessian is not positive
 * definite) from the caller's start (p on entry) and from the best points
 * of a coarse grid; p holds the best point on exit.  Returns the minimum.
 * Scale-free and cancellable like spm_minimise_line.
 */
extern double spm_minimise_box_newton(spm_objective2 f, void *arg, int dim,
									  double *p, const int *stop);

#endif							/* SPM_CORE_BOXMIN_H */
