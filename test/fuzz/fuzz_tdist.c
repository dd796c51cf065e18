/*
 * fuzz_tdist.c
 *	  The quantiles behind prediction intervals (src/core/tdist.h), with
 *	  the probability and degrees of freedom a user's interval level and
 *	  series length give, and with any doubles at all.
 *
 * Invariants:
 *	 - spm_qnorm: NaN outside (0, 1); finite inside, with the sign of
 *	   p - 0.5, and antisymmetric;
 *	 - spm_qt: NaN outside its domain; for p in (0.5, 1) and whole df >= 1
 *	   (what spm_trend_predict asks for, df = n - 2 for a trend of n
 *	   points, so up to 2^63) a finite t >= 0 that spm_t_twosided maps
 *	   back to 2 (1 - p), never below the normal quantile, and for df >= 100
 *	   within twice the first term of its expansion, (z^3 + z) / (4 df), of
 *	   the normal quantile z;
 *	 - spm_t_twosided: tail and central probabilities in [0, 1] adding up
 *	   to 1.
 */
#include "core/tdist.h"

#include "fuzz.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader r = {data, size};
	double		p_any = fuzz_double(&r);
	double		df_any = fuzz_double(&r);
	uint32_t	level_bits = fuzz_u32(&r);
	uint32_t	df_bits = fuzz_u32(&r);
	double		level = (level_bits + 1.0) / 4294967297.0;	/* (0, 1) */
	double		p = 0.5 * (1.0 + level);
	uint64_t	df_big = fuzz_bytes(&r, 8);
	/* mostly the small df of short series; sometimes any count */
	double		df = (df_bits & 1) ? (double) (df_big >> 1) + 1.0 : (double) ((df_bits >> 1) % 10000 + 1);
	double		q,
				t,
				tail,
				central;

	/* anything */
	q = spm_qnorm(p_any);
	if (!(p_any > 0.0 && p_any < 1.0))
		FUZZ_ASSERT(isnan(q));
	else
	{
		FUZZ_ASSERT(!isnan(q));
		FUZZ_ASSERT(p_any < 0.5 ? q < 0.0 : p_any > 0.5 ? q > 0.0 : q == 0.0);
	}
	t = spm_qt(p_any, df_any);
	if (!(p_any > 0.0 && p_any < 1.0 && df_any > 0.0))
		FUZZ_ASSERT(isnan(t));
	if (isfinite(p_any) && p_any >= 0.0 && isfinite(df_any) && df_any > 0.0)
	{
		tail = spm_t_twosided(p_any, df_any, &central);
		/* probabilities, up to rounding, even where t^2 overflows */
		FUZZ_ASSERT(tail >= -1e-12 && tail <= 1.0 + 1e-12);
		FUZZ_ASSERT(central >= -1e-12 && central <= 1.0 + 1e-12);
		FUZZ_ASSERT(fabs(tail + central - 1.0) <= 1e-12);
	}

	/* what an interval level and a series length give */
	q = spm_qnorm(p);
	FUZZ_ASSERT(isfinite(q) && q > 0.0);
	FUZZ_ASSERT(fabs(spm_qnorm(1.0 - p) + q) <= 1e-9 * fmax(1.0, q));
	/* t lies between the normal quantile and its first-order correction */
	t = spm_qt(p, df);
	FUZZ_ASSERT(isfinite(t) && t > 0.0);
	FUZZ_ASSERT(t >= q * (1.0 - 1e-9));
	if (df >= 100.0)
		FUZZ_ASSERT(t - q <= 2.0 * (q * q * q + q) / (4.0 * df) + 1e-12 * q);
	tail = spm_t_twosided(t, df, &central);
	FUZZ_ASSERT(fabs(tail - 2.0 * (1.0 - p)) <= 1e-8 * fmax(2.0 * (1.0 - p), 1e-300) + 1e-15);
	return 0;
}
