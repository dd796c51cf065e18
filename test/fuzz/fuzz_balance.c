/*
 * fuzz_balance.c
 *	  Territory balancing (src/core/balance.h) and the Gini coefficient of
 *	  the loads it produces (src/core/gini.h).
 *
 * Input bytes: k (1 to 64), the encoding of the weights (raw doubles or
 * 16-bit integers times a power of ten), when to interrupt the search,
 * then the weights (at most 100).  Weights that spm.balance refuses (NaN,
 * infinite, negative, or an infinite total) end the input there.
 *
 * Invariants:
 *	 - spm_balance, spm_balance_lpt and spm_balance_interruptible return 0
 *	   (or -2 for an interrupted search) and assign every item to a
 *	   territory in [0, k);
 *	 - the result is never heavier than plain LPT's, never lighter than
 *	   the lower bound, and info->max_load is the heaviest load;
 *	 - the same input gives the same assignment;
 *	 - Gini of the loads is in [0, (k - 1) / k] (up to rounding), the same
 *	   whether sorted first or not, and merging two sorted halves gives
 *	   the sorted whole.
 */
#include "core/balance.h"
#include "core/gini.h"

#include "fuzz.h"

#define MAX_N 100

static int	polls_left;

static int
interrupted(void)
{
	return polls_left-- <= 0;
}

static double
max_of(const double *v, int k)
{
	double		m = 0.0;

	for (int t = 0; t < k; t++)
		if (v[t] > m)
			m = v[t];
	return m;
}

static void
check_assignment(const int32_t *assign, size_t n, int k)
{
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT(assign[i] >= 0 && assign[i] < k);
}

static void
check_gini(const double *load, int k)
{
	double	   *a = malloc(sizeof(double) * k);
	double	   *merged = malloc(sizeof(double) * k);
	double		g,
				g_sorted;
	int			half = k / 2;

	memcpy(a, load, sizeof(double) * k);
	g = spm_gini_sorting(a, (size_t) k);
	FUZZ_ASSERT(spm_gini_is_sorted(a, (size_t) k));
	g_sorted = spm_gini_sorted(a, (size_t) k);
	FUZZ_ASSERT(g == g_sorted);
	FUZZ_ASSERT(g >= 0.0 && g <= (k - 1.0) / k * (1.0 + 1e-12));

	/* halves sorted on their own, then merged, as the parallel aggregate does */
	{
		double	   *b = malloc(sizeof(double) * k);

		memcpy(b, load, sizeof(double) * k);
		spm_gini_sort(b, (size_t) half);
		spm_gini_sort(b + half, (size_t) (k - half));
		spm_gini_merge(b, (size_t) half, b + half, (size_t) (k - half), merged);
		FUZZ_ASSERT(memcmp(merged, a, sizeof(double) * k) == 0);
		free(b);
	}
	free(a);
	free(merged);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader r = {data, size};
	int			k = fuzz_u8(&r) % 64 + 1;
	int			enc = fuzz_u8(&r);
	int			polls = fuzz_u16(&r);
	double		w[MAX_N];
	double		total = 0.0;
	size_t		n = 0;
	int32_t	   *assign,
			   *again,
			   *lpt;
	double	   *load,
			   *lpt_load;
	spm_balance_info info;
	int			rc;

	while (r.left > 0 && n < MAX_N)
	{
		double		v;

		if (enc & 1)
			v = fuzz_double(&r);
		else
			v = fuzz_u16(&r) * pow(10.0, (enc >> 1) % 13 - 6);
		/* what spm.balance refuses never reaches the core */
		if (!isfinite(v) || v < 0.0 || !isfinite(total + v))
			break;
		w[n++] = v;
		total += v;
	}
	if (n == 0)
		return 0;
	/* spm.balance never asks for more territories than items */
	if ((size_t) k > n)
		k = (int) n;

	assign = malloc(sizeof(int32_t) * n);
	again = malloc(sizeof(int32_t) * n);
	lpt = malloc(sizeof(int32_t) * n);
	load = malloc(sizeof(double) * k);
	lpt_load = malloc(sizeof(double) * k);

	FUZZ_ASSERT(spm_balance_lpt(w, n, k, lpt) == 0);
	check_assignment(lpt, n, k);
	spm_balance_loads(w, n, k, lpt, lpt_load);

	memset(&info, 0, sizeof(info));
	FUZZ_ASSERT(spm_balance(w, n, k, assign, &info) == 0);
	check_assignment(assign, n, k);
	spm_balance_loads(w, n, k, assign, load);
	FUZZ_ASSERT(fuzz_near(info.max_load, max_of(load, k), 1e-9));
	FUZZ_ASSERT(fuzz_near(info.lpt_max_load, max_of(lpt_load, k), 1e-9));
	FUZZ_ASSERT(info.max_load <= info.lpt_max_load);
	FUZZ_ASSERT(info.max_load >= info.lower_bound * (1.0 - 1e-12));
	check_gini(load, k);

	/* interrupted after a number of polls: -2, or done with a valid result */
	polls_left = polls % 64;
	rc = spm_balance_interruptible(w, n, k, again, NULL, interrupted);
	FUZZ_ASSERT(rc == 0 || rc == -2);
	if (rc == 0)
		check_assignment(again, n, k);
	/* never interrupted: the same as spm_balance (which is deterministic) */
	polls_left = 1 << 30;
	FUZZ_ASSERT(spm_balance_interruptible(w, n, k, again, NULL, interrupted) == 0);
	FUZZ_ASSERT(memcmp(again, assign, sizeof(int32_t) * n) == 0);

	free(assign);
	free(again);
	free(lpt);
	free(load);
	free(lpt_load);
	return 0;
}
