/*
 * fuzz_trend.c
 *	  spm.trend's text and raw forms (src/core/ols.h), and what is computed
 *	  from a state: combining, the summary, prediction.  See
 *	  state_harness.h for the round-trip invariants.
 */
#include "core/ols.h"

#define STATE_T spm_trend
#define STATE_PARSE spm_trend_parse
#define STATE_FORMAT(s, b, n) spm_trend_format((s), (b), (n))
#define STATE_VALID spm_trend_valid
#define STATE_TEXT_MAX SPM_TREND_TEXT_MAX
#define STATE_EXTRA trend_extra

#include "fuzz.h"

static void check_round_trip(const spm_trend *s);

static void
trend_extra(const spm_trend *a, const spm_trend *b)
{
	spm_trend	into = *a;
	spm_trend_summary sum;
	char		err[256];
	double		point,
				lower,
				upper;
	int			rc;

	/* one more point: a valid state, or overflow reported */
	{
		spm_trend	next = *a;

		if (spm_trend_add(&next, 1.0, 2.0) == 0)
		{
			FUZZ_ASSERT(spm_trend_valid(&next, err, sizeof(err)));
			FUZZ_ASSERT(next.n == a->n + 1);
		}
	}

	/* combining two valid states gives a valid one, or reports overflow */
	if (spm_trend_combine(&into, b) == 0)
	{
		if (!spm_trend_valid(&into, err, sizeof(err)))
		{
			fprintf(stderr, "combined state rejected: %s\n", err);
			FUZZ_ASSERT(!"combine keeps a state valid");
		}
		FUZZ_ASSERT(into.n == a->n + b->n);
		check_round_trip(&into);
	}

	spm_trend_summarise(a, &sum);
	FUZZ_ASSERT(sum.n == a->n);
	FUZZ_ASSERT(!sum.has_r2 || sum.has_slope);
	FUZZ_ASSERT(!sum.has_se || sum.has_slope);
	if (sum.has_r2)
		FUZZ_ASSERT(sum.r2 >= 0.0 && sum.r2 <= 1.0);
	if (sum.has_se)
		FUZZ_ASSERT(!(sum.residual_se < 0.0));

	/* the level spm.trend_forecast accepts: strictly between 0 and 1 */
	rc = spm_trend_predict(a, (double) a->n + 1.0, 0.95, &point, &lower, &upper);
	FUZZ_ASSERT(rc >= -1 && rc <= 1);
	FUZZ_ASSERT((rc == -1) == !sum.has_slope);
	if (rc == 0 && isfinite(point) && isfinite(lower) && isfinite(upper))
		FUZZ_ASSERT(lower <= point && point <= upper);
}

#include "state_harness.h"
