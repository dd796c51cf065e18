/*
 * test_balance.c
 *	  Unit and randomized property tests of src/core/balance.c: hand-solved
 *	  instances, and on random instances that every item is assigned once,
 *	  the loads add up, the result is never worse than plain LPT, and the
 *	  heaviest territory is within 1% of the lower bound where that is
 *	  achievable.
 */
#include "core/balance.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>

static double
max_of(const double *load, int k)
{
	double		m = 0.0;

	for (int t = 0; t < k; t++)
		if (load[t] > m)
			m = load[t];
	return m;
}

/* runs spm_balance and LPT, checks the invariants, returns the max load */
static double
checked_balance(const double *w, size_t n, int k, spm_balance_info *info)
{
	int32_t    *a = malloc(sizeof(int32_t) * (n + 1));
	int32_t    *g = malloc(sizeof(int32_t) * (n + 1));
	double	   *load = malloc(sizeof(double) * k);
	double		total = 0.0,
				sum_loads = 0.0,
				m,
				greedy;

	CHECK(spm_balance(w, n, k, a, info) == 0);
	CHECK(spm_balance_lpt(w, n, k, g) == 0);
	for (size_t i = 0; i < n; i++)
	{
		CHECK(a[i] >= 0 && a[i] < k);
		total += w[i];
	}
	spm_balance_loads(w, n, k, a, load);
	for (int t = 0; t < k; t++)
		sum_loads += load[t];
	CHECK_NEAR(sum_loads, total, 1e-9);
	m = max_of(load, k);
	CHECK_NEAR(info->max_load, m, 1e-12);
	spm_balance_loads(w, n, k, g, load);
	greedy = max_of(load, k);
	CHECK_NEAR(info->lpt_max_load, greedy, 1e-9);
	CHECK(m <= greedy * (1 + 1e-12));
	CHECK(m >= info->lower_bound * (1 - 1e-12));
	free(a);
	free(g);
	free(load);
	return m;
}

TEST(trivial_cases)
{
	spm_balance_info info;
	double		one[] = {5.0};
	double		zeros[] = {0, 0, 0};
	int32_t		a[4];

	/* no items */
	CHECK(spm_balance(NULL, 0, 3, a, &info) == 0);
	CHECK(info.max_load == 0.0);
	/* one item, one territory */
	CHECK(spm_balance(one, 1, 1, a, &info) == 0);
	CHECK(a[0] == 0 && info.max_load == 5.0);
	/* more territories than items: the largest item is the answer */
	CHECK_NEAR(checked_balance(one, 1, 4, &info), 5.0, 0);
	/* all zero weights */
	CHECK(checked_balance(zeros, 3, 2, &info) == 0.0);
}

TEST(lpt_is_beaten_on_the_classic_instance)
{
	/*
	 * {3,3,2,2,2} into 2: LPT gives 3+2+2 = 7 against 3+2 = 5, but
	 * {3,3} / {2,2,2} = 6 / 6 is optimal, and equals total / k = 6.
	 */
	double		w[] = {3, 3, 2, 2, 2};
	spm_balance_info info;

	CHECK_NEAR(checked_balance(w, 5, 2, &info), 6.0, 0);
	CHECK_NEAR(info.lpt_max_load, 7.0, 0);
	CHECK_NEAR(info.lower_bound, 6.0, 0);
}

TEST(graham_worst_case_for_lpt)
{
	/*
	 * Graham's tight example for k = 3: {5,5,4,4,3,3,3}; LPT reaches 11,
	 * the optimum is 9 ({5,4}, {5,4}, {3,3,3}) = total 27 / 3.
	 */
	double		w[] = {5, 5, 4, 4, 3, 3, 3};
	spm_balance_info info;

	CHECK_NEAR(checked_balance(w, 7, 3, &info), 9.0, 0);
	CHECK_NEAR(info.lpt_max_load, 11.0, 0);
}

TEST(lower_bound_parts)
{
	double		w1[] = {10, 1, 1};
	double		w2[] = {4, 4, 4};

	CHECK(spm_balance_lower_bound(w1, 3, 2, 12.0) == 10.0);	/* largest item */
	CHECK(spm_balance_lower_bound(w2, 3, 2, 12.0) == 8.0);	/* two share a territory */
	CHECK(spm_balance_lower_bound(w2, 3, 3, 12.0) == 4.0);	/* total / k */
}

TEST(random_uniform_instances_reach_the_bound)
{
	/* n uniform weights in [1, 100), k territories, n/k from 8 to 40, where a perfect split is all but certain */
	int			misses = 0;

	for (int trial = 0; trial < 60; trial++)
	{
		int			k = 2 + (int) (unit_rand() % 20);
		size_t		n = (size_t) k * (8 + unit_rand() % 33);
		double	   *w = malloc(sizeof(double) * n);
		spm_balance_info info;
		double		m;

		for (size_t i = 0; i < n; i++)
			w[i] = 1.0 + (double) (unit_rand() % 99000) / 1000.0;
		m = checked_balance(w, n, k, &info);
		if (m > info.lower_bound * 1.01)
		{
			printf("#   uniform k=%d n=%zu: %.6g vs bound %.6g\n", k, n, m, info.lower_bound);
			misses++;
		}
		free(w);
	}
	CHECK(misses == 0);
}

TEST(planted_perfect_partitions_are_found_within_one_percent)
{
	/*
	 * k territories of exactly 1000 each, cut into 2..7 random integer
	 * pieces, shuffled: the optimum is 1000 = the lower bound.
	 */
	int			misses = 0;
	int			lpt_misses = 0;

	for (int trial = 0; trial < 200; trial++)
	{
		int			k = 2 + (int) (unit_rand() % 9);
		double	   *w = malloc(sizeof(double) * (size_t) k * 8);
		size_t		n = 0;
		spm_balance_info info;
		double		m;

		for (int t = 0; t < k; t++)
		{
			int			pieces = 2 + (int) (unit_rand() % 6);
			int			left = 1000;

			for (int p = 0; p < pieces - 1; p++)
			{
				int			cut = 1 + (int) (unit_rand() % (uint64_t) (left - (pieces - 1 - p)));

				if (cut > left - (pieces - 1 - p))
					cut = left - (pieces - 1 - p);
				w[n++] = cut;
				left -= cut;
			}
			w[n++] = left;
		}
		for (size_t i = n - 1; i > 0; i--)
		{
			size_t		j = unit_rand() % (i + 1);
			double		x = w[i];

			w[i] = w[j];
			w[j] = x;
		}
		m = checked_balance(w, n, k, &info);
		CHECK(info.lower_bound == 1000.0);
		if (m > 1010.0)
		{
			printf("#   planted k=%d n=%zu: %.6g (lpt %.6g)\n", k, n, m, info.lpt_max_load);
			misses++;
		}
		if (info.lpt_max_load > 1010.0)
			lpt_misses++;
		free(w);
	}
	printf("#   planted: %d of 200 missed by spm_balance, %d by LPT\n", misses, lpt_misses);
	CHECK(misses == 0);
}

TEST(large_instance_is_near_the_bound)
{
	size_t		n = 20000;
	int			k = 50;
	double	   *w = malloc(sizeof(double) * n);
	spm_balance_info info;
	double		m;

	/* skewed (Pareto-like) weights, as account potentials are */
	for (size_t i = 0; i < n; i++)
		w[i] = 1000.0 / (0.01 + (double) (unit_rand() % 100000) / 100000.0);
	m = checked_balance(w, n, k, &info);
	CHECK(m <= info.lower_bound * 1.01);
	free(w);
}

/* the optimum by trying every assignment (k^n of them) */
static double
brute_force_optimum(const double *w, int n, int k)
{
	int			a[12] = {0};
	double		best = 1e300;

	for (;;)
	{
		double		load[4] = {0};
		double		m = 0;
		int			i;

		for (i = 0; i < n; i++)
			load[a[i]] += w[i];
		for (i = 0; i < k; i++)
			if (load[i] > m)
				m = load[i];
		if (m < best)
			best = m;
		for (i = 0; i < n && ++a[i] == k; i++)
			a[i] = 0;
		if (i == n)
			return best;
	}
}

TEST(small_instances_match_brute_force)
{
	int			exact = 0,
				trials = 150;

	for (int trial = 0; trial < trials; trial++)
	{
		int			k = 2 + (int) (unit_rand() % 3);
		int			n = k + 1 + (int) (unit_rand() % (uint64_t) (10 - k));
		double		w[12];
		spm_balance_info info;
		double		opt,
					m;

		for (int i = 0; i < n; i++)
			w[i] = (double) (1 + unit_rand() % 100);
		opt = brute_force_optimum(w, n, k);
		m = checked_balance(w, (size_t) n, k, &info);
		CHECK(m >= opt);
		if (m > opt * 1.01)
			printf("#   k=%d n=%d: %.6g vs optimum %.6g\n", k, n, m, opt);
		CHECK(m <= opt * 1.01);
		exact += (m == opt);
	}
	printf("#   small instances: %d of %d solved to the exact optimum\n", exact, trials);
}

static int	polls_left;

static int
stop_after_polls(void)
{
	return --polls_left < 0;
}

static int
never_stop(void)
{
	return 0;
}

TEST(interrupted_search_stops_cleanly)
{
	/*
	 * Five 3s in two territories: the optimum, 9, is above the bound 7.5,
	 * so the search runs until its budget; stop it midway.
	 */
	double		w[] = {3, 3, 3, 3, 3};
	int32_t		a[5],
				b[5];
	spm_balance_info info,
				info2;

	polls_left = 3;
	CHECK(spm_balance_interruptible(w, 5, 2, a, &info, stop_after_polls) == -2);
	/* a callback that never fires changes nothing */
	CHECK(spm_balance_interruptible(w, 5, 2, a, &info, never_stop) == 0);
	CHECK(spm_balance(w, 5, 2, b, &info2) == 0);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	CHECK(info.max_load == info2.max_load && info.max_load == 9.0);
}

int
main(void)
{
	RUN(trivial_cases);
	RUN(lpt_is_beaten_on_the_classic_instance);
	RUN(graham_worst_case_for_lpt);
	RUN(lower_bound_parts);
	RUN(random_uniform_instances_reach_the_bound);
	RUN(planted_perfect_partitions_are_found_within_one_percent);
	RUN(large_instance_is_near_the_bound);
	RUN(interrupted_search_stops_cleanly);
	RUN(small_instances_match_brute_force);
	UNIT_DONE();
}
