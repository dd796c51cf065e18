/*
 * gini.c
 *	  Gini coefficient (see gini.h).
 */
#include "gini.h"


/*
 * Sorting is an introsort (median-of-three quicksort, insertion sort for
 * short runs, heapsort where the recursion gets too deep) so that it can
 * poll a cancel callback: a group may hold a hundred million values, which
 * the C library's qsort would sort for seconds without a chance to stop.
 * The callback is polled once per partition of more than SPM_POLL_STEPS
 * values and every SPM_POLL_STEPS sift-downs of the heapsort, so the time
 * between polls is a few microseconds per thousand values.  Values are
 * finite (the caller checks), so < is a total order.
 */
#define SMALL_RUN 16

static inline void
swap(double *a, double *b)
{
	double		t = *a;

	*a = *b;
	*b = t;
}

static void
insertion_sort(double *x, size_t n)
{
	for (size_t i = 1; i < n; i++)
	{
		double		v = x[i];
		size_t		j = i;

		while (j > 0 && v < x[j - 1])
		{
			x[j] = x[j - 1];
			j--;
		}
		x[j] = v;
	}
}

static void
sift_down(double *x, size_t root, size_t n)
{
	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && x[child] < x[child + 1])
			child++;
		if (!(x[root] < x[child]))
			return;
		swap(&x[root], &x[child]);
		root = child;
	}
}

static int
heap_sort(double *x, size_t n, spm_interrupt_fn interrupted)
{
	size_t		steps = 0;

	for (size_t i = n / 2; i-- > 0;)
	{
		if (interrupted && (++steps & (SPM_POLL_STEPS - 1)) == 0 && interrupted())
			return -1;
		sift_down(x, i, n);
	}
	for (size_t end = n; end-- > 1;)
	{
		if (interrupted && (++steps & (SPM_POLL_STEPS - 1)) == 0 && interrupted())
			return -1;
		swap(&x[0], &x[end]);
		sift_down(x, 0, end);
	}
	return 0;
}

static int
intro_sort(double *x, size_t n, int depth, spm_interrupt_fn interrupted)
{
	while (n > SMALL_RUN)
	{
		double		pivot;
		size_t		i,
					j;

		if (interrupted && n > SPM_POLL_STEPS && interrupted())
			return -1;
		if (depth-- == 0)
			return heap_sort(x, n, interrupted);
		/* median of three to x[0], then Hoare's partition around it */
		{
			size_t		m = n / 2;

			if (x[m] < x[0])
				swap(&x[m], &x[0]);
			if (x[n - 1] < x[0])
				swap(&x[n - 1], &x[0]);
			if (x[n - 1] < x[m])
				swap(&x[n - 1], &x[m]);
			swap(&x[0], &x[m]);
		}
		pivot = x[0];
		i = 0;
		j = n;
		for (;;)
		{
			do
				i++;
			while (x[i] < pivot);
			do
				j--;
			while (pivot < x[j]);
			if (i >= j)
				break;
			swap(&x[i], &x[j]);
		}
		swap(&x[0], &x[j]);
		/* recurse into the smaller side, loop on the larger */
		if (j < n - j - 1)
		{
			if (intro_sort(x, j, depth, interrupted) != 0)
				return -1;
			x += j + 1;
			n -= j + 1;
		}
		else
		{
			if (intro_sort(x + j + 1, n - j - 1, depth, interrupted) != 0)
				return -1;
			n = j;
		}
	}
	insertion_sort(x, n);
	return 0;
}

int
spm_gini_sort_interruptible(double *x, size_t n, spm_interrupt_fn interrupted)
{
	int			depth = 0;

	for (size_t m = n; m > 1; m >>= 1)
		depth += 2;
	return intro_sort(x, n, depth, interrupted);
}

void
spm_gini_sort(double *x, size_t n)
{
	(void) spm_gini_sort_interruptible(x, n, NULL);
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
