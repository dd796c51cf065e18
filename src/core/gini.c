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

void
spm_gini_sort(double *x, size_t n)
{
	qsort(x, n, sizeof(double), cmp_double);
}

int
spm_gini_is_sorted(const double *x, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (x[i - 1] > x[i])
			return 0;
	return 1;
}

void
spm_gini_merge(const double *a, size_t na, const double *b, size_t nb, double *out)
{
	size_t		i = 0,
				j = 0,
				o = 0;

	while (i < na && j < nb)
		out[o++] = (b[j] < a[i]) ? b[j++] : a[i++];
	while (i < na)
		out[o++] = a[i++];
	while (j < nb)
		out[o++] = b[j++];
}

double
spm_gini_sorting(double *x, size_t n)
{
	spm_gini_sort(x, n);
	return spm_gini_sorted(x, n);
}

double
spm_gini_sorted(const double *x, size_t n)
{
	long double num = 0.0L;
	long double total = 0.0L;
	double		g;

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
