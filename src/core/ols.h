/*
 * ols.h
 *	  Ordinary least squares on one regressor, accumulated in double-double
 *	  arithmetic so that its statistics stay exact on near-perfect fits,
 *	  with a mergeable state, summary statistics and prediction intervals.
 *	  Plain C, no PostgreSQL headers.
 *
 * The state is also the memory layout of the SQL type spm.trend, so it may
 * only change together with SPM_TREND_VERSION.
 *
 * Why double-double: the residual sum of squares is syy - sxy^2 / sxx, the
 * difference of two nearly equal numbers when R^2 is close to 1 (1 - R^2 of
 * 1e-20 cancels 20 digits).  Plain doubles (16 digits), even with Youngs &
 * Cramer's updates, then leave nothing.  Here every point is first shifted
 * by the state's first point (x0, y0) -- exactly, as a double-double -- and
 * the shifted sums and sums of squares and products are accumulated as
 * double-doubles (error-free products via fma, error-free sums via
 * two-sum): about 32 significant digits.  Because the shift is one of the
 * points, the shifted sums exceed the centred ones by at most a factor
 * n + 1, so the centred co-moments keep about 32 - log10(n + 1) digits, and
 * the residual sum of squares about that many minus -log10(1 - R^2).  In
 * practice: slope, intercept, R^2 and predictions are within an ulp or so
 * of the exact values (of the binary inputs, whatever their offset); the
 * residual sum of squares and the standard errors are within about
 * (n + 1) 1e-31 / (1 - R^2) relative -- 5e-12 for 50 points with
 * 1 - R^2 = 7.5e-21 (test_ols.c), 1e-9 down to 1 - R^2 = 1e-20 at a
 * thousand points.  Exact fits give exactly 0.
 *
 * Invariants of a state that data can produce (spm_trend_valid checks them,
 * so the text and binary input of spm.trend reject anything else):
 *	 - version = SPM_TREND_VERSION, flags = 0, n >= 0, every double finite;
 *	 - each double-double is normalised: hi + lo == hi;
 *	 - n = 0: everything 0 (also x0, y0);
 *	 - n = 1: every sum 0 (the only point is the shift);
 *	 - sxx, syy >= 0, and the centred co-moments cxx = sxx - sx^2/n and
 *	   cyy = syy - sy^2/n are >= 0 (within 1e-12 of sxx, syy for rounding);
 *	 - Cauchy-Schwarz: |cxy| <= sqrt(cxx * cyy) (within 1e-12 relative);
 *	 - n = 2: equality there (two points lie on a line: R^2 = 1).
 */
#ifndef SPM_CORE_OLS_H
#define SPM_CORE_OLS_H

#include <stddef.h>
#include <stdint.h>

#define SPM_TREND_VERSION 2

/*
 * 112 bytes, 8-byte aligned.  Each sum is a double-double: [0] the high
 * part, [1] the low part, value = [0] + [1] exactly.
 */
typedef struct spm_trend
{
	int32_t		version;
	int32_t		flags;			/* reserved, 0 */
	int64_t		n;
	double		x0;				/* the shift: the first point */
	double		y0;
	double		sx[2];			/* sum (x - x0) */
	double		sy[2];			/* sum (y - y0) */
	double		sxx[2];			/* sum (x - x0)^2 */
	double		syy[2];			/* sum (y - y0)^2 */
	double		sxy[2];			/* sum (x - x0)(y - y0) */
} spm_trend;

typedef struct spm_trend_summary
{
	int64_t		n;
	int			has_slope;		/* n >= 2 and x not constant */
	int			has_r2;			/* and y not constant */
	int			has_se;			/* and n >= 3 */
	double		slope;
	double		intercept;
	double		r2;
	double		se_slope;
	double		se_intercept;
	double		residual_se;
} spm_trend_summary;

extern void spm_trend_init(spm_trend *t);

/* add one point; returns 0, or -1 when n or a sum overflows */
extern int	spm_trend_add(spm_trend *t, double y, double x);

/* merge from into into; either may be empty; -1 on overflow */
extern int	spm_trend_combine(spm_trend *into, const spm_trend *from);

extern void spm_trend_summarise(const spm_trend *t, spm_trend_summary *out);

/*
 * Residual sum of squares of the fitted line (0 when there is no slope),
 * as accurate as said above.
 */
extern double spm_trend_rss(const spm_trend *t);

/*
 * Prediction for a new observation at x: point, and the interval with
 * Student t quantile at (1 + level) / 2 and n - 2 degrees of freedom.
 * Returns 0 when point and interval are defined, 1 when only the point is
 * (n == 2), -1 when nothing is (no slope).
 */
extern int	spm_trend_predict(const spm_trend *t, double x, double level,
							  double *point, double *lower, double *upper);

/*
 * Text form "(n,x0,y0,sx,sx_lo,sy,sy_lo,sxx,sxx_lo,syy,syy_lo,sxy,sxy_lo)"
 * with round-trip doubles (src/core/statetext.h).  The version 1 form
 * "(n,sx,sy,sxx,syy,sxy)" (raw sums and centred co-moments) is still read,
 * in text and binary, and converted.  parse returns 0, or -1 with a
 * one-sentence reason in err.
 */
#define SPM_TREND_TEXT_MAX 384
extern int	spm_trend_parse(const char *text, spm_trend *out, char *err, size_t errlen);
extern void spm_trend_format(const spm_trend *t, char *buf, size_t buflen);
extern int	spm_trend_valid(const spm_trend *t, char *err, size_t errlen);

struct spm_state_layout;
extern const struct spm_state_layout spm_trend_layout;

#endif							/* SPM_CORE_OLS_H */
