/*
 * fuzz_forecast.c
 *	  The forecasting cores behind spm.forecast: exponential smoothing
 *	  (src/core/smoothing.h), the linear trend (src/core/ols.h) and the
 *	  interval quantiles (src/core/tdist.h), driven the way
 *	  src/forecast/forecast.c drives them.
 *
 * Input bytes: method (SES, Holt, additive, multiplicative, linear),
 * season, which smoothing parameters are fixed and their values, the
 * interval level, how the values are encoded (raw doubles, which may be
 * NaN or infinite, or 16-bit integers times a power of ten), then the
 * series (at most 120 values).
 *
 * Invariants:
 *	 - a series with a non-finite value is refused (SPM_HW_NOT_FINITE);
 *	 - a status other than OK comes only with a reason the SQL function
 *	   reports (too short, bad season, not positive, degenerate);
 *	 - fitted parameters lie in [0, 1], fixed ones are kept;
 *	 - every forecast the SQL function would return is finite, and its
 *	   interval, when it has one, holds the point; non-finite points or
 *	   SSEs are the ones it reports as an error (never returned);
 *	 - on a series of moderate values (|x| <= 1e6, and >= 1e-3 for the
 *	   multiplicative model) a fit that starts never ends in such an error.
 */
#include "core/ols.h"
#include "core/smoothing.h"
#include "core/tdist.h"

#include "fuzz.h"

#define MAX_N 120
#define HORIZON 24

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader r = {data, size};
	int			method = fuzz_u8(&r) % 5;
	int			season = fuzz_u8(&r) % 25;
	int			fixed = fuzz_u8(&r);
	double		value[3];
	double		level;
	int			enc;
	double		x[MAX_N];
	int			n = 0;
	int			moderate = 1;
	int			any_nonfinite = 0;
	double		z;

	for (int i = 0; i < 3; i++)
		value[i] = fuzz_u8(&r) / 255.0;
	level = (fuzz_u8(&r) + 1) / 257.0;	/* strictly between 0 and 1 */
	enc = fuzz_u8(&r);
	while (r.left > 0 && n < MAX_N)
	{
		if (enc & 1)
			x[n] = fuzz_double(&r);
		else
		{
			int16_t		v = (int16_t) fuzz_u16(&r);

			x[n] = v * pow(10.0, (enc >> 1) % 13 - 6);
		}
		if (!isfinite(x[n]))
			any_nonfinite = 1;
		else if (fabs(x[n]) > 1e6 || (method == SPM_HW_MULTIPLICATIVE && x[n] < 1e-3))
			moderate = 0;
		n++;
	}

	z = spm_qnorm(0.5 * (1.0 + level));
	FUZZ_ASSERT(isfinite(z) && z > 0.0);

	if (method == 4)
	{
		/* linear: the regression on 1..n of forecast.c */
		spm_trend	t;
		int			overflow = 0;

		if (n < 3 || any_nonfinite)
			return 0;			/* refused before the core runs */
		spm_trend_init(&t);
		for (int i = 0; i < n && !overflow; i++)
			overflow = spm_trend_add(&t, x[i], (double) (i + 1)) != 0;
		if (overflow)
		{
			FUZZ_ASSERT(!moderate);
			return 0;
		}
		for (int h = 1; h <= HORIZON; h++)
		{
			double		point = NAN,
						lower = NAN,
						upper = NAN;
			int			rc = spm_trend_predict(&t, (double) (n + h), level,
											   &point, &lower, &upper);

			/* x = 1..n is never constant, so there is always a slope */
			FUZZ_ASSERT(rc == 0);
			if (!isfinite(point))
			{
				FUZZ_ASSERT(!moderate);
				return 0;		/* the SQL function reports the overflow */
			}
			/* bounds are NULL unless finite */
			if (isfinite(lower) && isfinite(upper))
				FUZZ_ASSERT(lower <= point && point <= upper);
		}
		return 0;
	}
	else
	{
		spm_hw_kind kind = (spm_hw_kind) method;
		int			seasonal = kind == SPM_HW_ADDITIVE || kind == SPM_HW_MULTIPLICATIVE;
		double	   *work = malloc(sizeof(double) * spm_hw_workspace(season));
		spm_hw_model m;
		spm_hw_status st = spm_hw_init(&m, kind, x, n, season, work);

		if (any_nonfinite)
			FUZZ_ASSERT(st == SPM_HW_NOT_FINITE);
		if (st != SPM_HW_OK)
		{
			FUZZ_ASSERT(st == SPM_HW_NOT_FINITE || st == SPM_HW_TOO_SHORT ||
						st == SPM_HW_BAD_SEASON || st == SPM_HW_NOT_POSITIVE ||
						st == SPM_HW_DEGENERATE);
			if (st == SPM_HW_TOO_SHORT)
				FUZZ_ASSERT(n < spm_hw_min_length(kind, seasonal ? season : 0));
			if (st == SPM_HW_BAD_SEASON)
				FUZZ_ASSERT(seasonal && (season < 2 || 2 * season > n));
			free(work);
			return 0;
		}
		FUZZ_ASSERT(n >= spm_hw_min_length(kind, seasonal ? season : 0));

		m.alpha = (fixed & 1) ? value[0] : 0.3;
		m.beta = (fixed & 2) ? value[1] : 0.1;
		m.gamma = (fixed & 4) ? value[2] : 0.1;
		spm_hw_fit(&m, !(fixed & 1), !(fixed & 2), !(fixed & 4));
		FUZZ_ASSERT(m.alpha >= 0.0 && m.alpha <= 1.0);
		FUZZ_ASSERT(m.beta >= 0.0 && m.beta <= 1.0);
		FUZZ_ASSERT(m.gamma >= 0.0 && m.gamma <= 1.0);
		if (fixed & 1)
			FUZZ_ASSERT(m.alpha == value[0]);
		if ((fixed & 2) && kind != SPM_HW_SES)
			FUZZ_ASSERT(m.beta == value[1]);
		if ((fixed & 4) && seasonal)
			FUZZ_ASSERT(m.gamma == value[2]);
		if (!isfinite(m.sse))
		{
			FUZZ_ASSERT(!moderate);
			free(work);
			return 0;			/* reported: the method overflows on this series */
		}
		FUZZ_ASSERT(m.sse >= 0.0);
		for (int h = 1; h <= HORIZON; h++)
		{
			double		point = spm_hw_point(&m, h);
			double		hw = spm_hw_halfwidth(&m, h, z);

			if (!isfinite(point))
			{
				FUZZ_ASSERT(!moderate);
				break;			/* reported: forecast step h overflows */
			}
			/* bounds are NULL unless finite */
			if (isfinite(point - hw) && isfinite(point + hw))
				FUZZ_ASSERT(point - hw <= point && point <= point + hw);
		}
		free(work);
		return 0;
	}
}
