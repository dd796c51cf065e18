/*
 * gini.h
 *	  Gini coefficient of non-negative loads, in plain C (no PostgreSQL
 *	  headers).
 *
 * For values sorted ascending x(1) <= ... <= x(n) with total S > 0,
 *
 *	 G = sum_i (2i - n - 1) x(i) / (n S)
 *	   = sum_{i <= n/2} (n + 1 - 2i) (x(n+1-i) - x(i)) / (n S)
 *
 * The second form adds only non-negative terms (no cancellation), so equal
 * loads give exactly 0, and one non-zero load among n gives (n - 1) / n.
 * G is 0 for equal loads (all zero included) and at most (n - 1) / n.
 */
#ifndef SPM_CORE_GINI_H
#define SPM_CORE_GINI_H

#include <stddef.h>

#include "interrupt.h"

/*
 * Sorts x[0..n-1] in place and returns G; n must be >= 1 and every value
 * finite and >= 0 (the caller checks).
 */
extern double spm_gini_sorting(double *x, size_t n);

/* The same for values already sorted ascending (x is not changed). */
extern double spm_gini_sorted(const double *x, size_t n);

/* Sort x[0..n-1] ascending. */
extern void spm_gini_sort(double *x, size_t n);

/*
 * The same, polling interrupted() (when not NULL) as interrupt.h says:
 * returns 0 when x is sorted, or -1 when the callback asked to stop, with x
 * a permutation of its values (sorting it again finishes the job).
 */
extern int	spm_gini_sort_interruptible(double *x, size_t n, spm_interrupt_fn interrupted);

/* True when x[0..n-1] is sorted ascending. */
extern int	spm_gini_is_sorted(const double *x, size_t n);

/*
 * Merge sorted a[0..na-1] and b[0..nb-1] into out[0..na+nb-1], sorted;
 * out must not overlap either input.
 */
extern void spm_gini_merge(const double *a, size_t na, const double *b, size_t nb,
						   double *out);

#endif							/* SPM_CORE_GINI_H */
