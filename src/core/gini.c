/*
 * gini.c
 *	  Gini coefficient (see gini.h).
 */
#include "gini.h"

#include <stdlib.h>

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

double
spm_gini_sorting(double *x, size_t n)
{
	long double num = 0.0L;
	long double total = 0.0L;
	double		g;

	qsort(x, n, sizeof(double), cmp_double);
	for (size_t i = 0; i < n; i++)
		total += x[i];
	if (total <= 0.0L)
		return 0.0;				/* all zero: equal loads */
	/* pair the i-th smallest with the i-th largest (1-based i = j + 1) */
	for (size_t j = 0; j < n / 2; j++)
	{
		long double coef = (long double) (n - 1 - 2 * j);

		num += coef * ((long double) x[n - 1 - j] - (long double) x[j]);
	}
	g = (double) (num / ((long double) n * total));
	return g < 0.0 ? 0.0 : g;
}
