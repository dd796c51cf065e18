/*
 * test_gini.c
 *	  Unit tests of src/core/gini.c with hand-computed values.
 */
#include "core/gini.h"
#include "unit.h"

#include <stdlib.h>

TEST(equal_loads_are_zero)
{
	double		a[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
	double		z[] = {0, 0, 0};
	double		one[] = {42};

	CHECK(spm_gini_sorting(a, 7) == 0.0);
	CHECK(spm_gini_sorting(z, 3) == 0.0);
	CHECK(spm_gini_sorting(one, 1) == 0.0);
}

TEST(one_carries_everything)
{
	/* G = (n - 1) / n */
	double		a[] = {0, 0, 0, 7};
	double		b[] = {5, 0};
	double		c[10] = {0};

	c[3] = 1;
	CHECK_NEAR(spm_gini_sorting(a, 4), 0.75, 1e-15);
	CHECK_NEAR(spm_gini_sorting(b, 2), 0.5, 1e-15);
	CHECK_NEAR(spm_gini_sorting(c, 10), 0.9, 1e-15);
}

TEST(hand_computed)
{
	/*
	 * {1,2,3,4}: sum_i (2i - 5) x(i) = -3 - 2 + 3 + 12 = 10; n S = 40;
	 * G = 0.25.  {1,3}: (3 - 1) / (2 * 4) = 0.25.  {2,4,6,8,10}: sorted,
	 * coefficients -4,-2,0,2,4: -8 - 8 + 0 + 16 + 40 = 40; n S = 150;
	 * G = 4/15.
	 */
	double		a[] = {4, 1, 3, 2};
	double		b[] = {3, 1};
	double		c[] = {10, 2, 8, 4, 6};

	CHECK_NEAR(spm_gini_sorting(a, 4), 0.25, 1e-15);
	CHECK_NEAR(spm_gini_sorting(b, 2), 0.25, 1e-15);
	CHECK_NEAR(spm_gini_sorting(c, 5), 4.0 / 15.0, 1e-15);
}

TEST(matches_mean_absolute_difference)
{
	/* G = sum_i sum_j |xi - xj| / (2 n^2 mean), checked on random data */
	for (int trial = 0; trial < 50; trial++)
	{
		size_t		n = 1 + unit_rand() % 60;
		double	   *x = malloc(sizeof(double) * n);
		double		mad = 0.0,
					sum = 0.0;

		for (size_t i = 0; i < n; i++)
		{
			x[i] = (double) (unit_rand() % 10000) / 7.0;
			sum += x[i];
		}
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++)
				mad += fabs(x[i] - x[j]);
		if (sum > 0)
			CHECK_NEAR(spm_gini_sorting(x, n), mad / (2.0 * n * sum), 1e-12);
		free(x);
	}
}

TEST(merge_of_sorted_runs)
{
	/* merging sorted halves gives the sorted whole, and the same Gini */
	for (int trial = 0; trial < 50; trial++)
	{
		size_t		na = unit_rand() % 40,
					nb = unit_rand() % 40;
		double	   *a = malloc(sizeof(double) * (na + 1));
		double	   *b = malloc(sizeof(double) * (nb + 1));
		double	   *all = malloc(sizeof(double) * (na + nb + 1));
		double	   *out = malloc(sizeof(double) * (na + nb + 1));

		for (size_t i = 0; i < na; i++)
			all[i] = a[i] = (double) (unit_rand() % 50);
		for (size_t i = 0; i < nb; i++)
			all[na + i] = b[i] = (double) (unit_rand() % 50);
		spm_gini_sort(a, na);
		spm_gini_sort(b, nb);
		CHECK(spm_gini_is_sorted(a, na) && spm_gini_is_sorted(b, nb));
		spm_gini_merge(a, na, b, nb, out);
		CHECK(spm_gini_is_sorted(out, na + nb));
		spm_gini_sort(all, na + nb);
		CHECK(memcmp(all, out, sizeof(double) * (na + nb)) == 0);
		if (na + nb > 0)
			CHECK(spm_gini_sorted(out, na + nb) == spm_gini_sorting(all, na + nb));
		free(a);
		free(b);
		free(all);
		free(out);
	}
	{
		double		unsorted[] = {1, 3, 2};

		CHECK(!spm_gini_is_sorted(unsorted, 3));
		CHECK(spm_gini_is_sorted(unsorted, 0));
	}
}

static int
cmp_ref(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/* the introsort against the C library's qsort on inputs that stress it */
TEST(sort_matches_qsort)
{
	enum
	{
		N = 100000
	};
	double	   *a = malloc(sizeof(double) * N);
	double	   *b = malloc(sizeof(double) * N);
	unsigned	seed = 12345;
	int			ok = 1;

	for (int kind = 0; kind < 6; kind++)
	{
		for (size_t n = 0; n <= N; n = n ? n * 10 : 1)
		{
			for (size_t i = 0; i < n; i++)
			{
				seed = seed * 1103515245u + 12345u;
				switch (kind)
				{
					case 0:		/* random */
						a[i] = (double) (seed >> 8);
						break;
					case 1:		/* few distinct values */
						a[i] = (double) ((seed >> 8) % 3);
						break;
					case 2:		/* ascending */
						a[i] = (double) i;
						break;
					case 3:		/* descending */
						a[i] = (double) (n - i);
						break;
					case 4:		/* all equal */
						a[i] = 7.5;
						break;
					default:	/* organ pipe */
						a[i] = (double) (i < n / 2 ? i : n - i);
						break;
				}
				b[i] = a[i];
			}
			spm_gini_sort(a, n);
			qsort(b, n, sizeof(double), cmp_ref);
			for (size_t i = 0; i < n; i++)
				ok &= a[i] == b[i];
		}
	}
	CHECK(ok);
	free(a);
	free(b);
}

static int polls;

static int
stop_at_first_poll(void)
{
	polls++;
	return 1;
}

static int
never_stop(void)
{
	polls++;
	return 0;
}

/*
 * A cancel stops the sort at its first poll and leaves a permutation of the
 * values, which a second sort finishes; an unused callback changes nothing.
 */
TEST(sort_stops_when_interrupted)
{
	enum
	{
		N = 1 << 18
	};
	double	   *a = malloc(sizeof(double) * N);
	double		sum = 0,
				after = 0;

	for (size_t i = 0; i < N; i++)
	{
		a[i] = (double) ((i * 7919u) % N);
		sum += a[i];
	}
	polls = 0;
	CHECK(spm_gini_sort_interruptible(a, N, stop_at_first_poll) == -1);
	CHECK(polls == 1);
	for (size_t i = 0; i < N; i++)
		after += a[i];
	CHECK(after == sum);
	CHECK(!spm_gini_is_sorted(a, N));
	polls = 0;
	CHECK(spm_gini_sort_interruptible(a, N, never_stop) == 0);
	CHECK(polls > 0);
	CHECK(spm_gini_is_sorted(a, N));
	for (size_t i = 0; i < N; i++)
		CHECK(a[i] == (double) i);
	free(a);
}

int
main(void)
{
	RUN(equal_loads_are_zero);
	RUN(one_carries_everything);
	RUN(hand_computed);
	RUN(matches_mean_absolute_difference);
	RUN(merge_of_sorted_runs);
	RUN(sort_matches_qsort);
	RUN(sort_stops_when_interrupted);
	UNIT_DONE();
}
