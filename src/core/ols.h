/*
 * ols.h
 *	  Ordinary least squares on one regressor with a numerically stable,
 *	  mergeable accumulation (the Youngs-Cramer updates PostgreSQL's own
 *	  regr_* aggregates use), its summary statistics and prediction
 *	  intervals.  Plain C, no PostgreSQL headers.
 *
 * The state is also the memory layout of the SQL type spm.trend, so it may
 * only change together with SPM_TREND_VERSION.
 */
#ifndef SPM_CORE_OLS_H
#define SPM_CORE_OLS_H

#include <stddef.h>
#include <stdint.h>

#define SPM_TREND_VERSION 1

/*
 * 56 bytes, 8-byte aligned.  sxx, syy, sxy are sums of squares and
 * products of deviations from the means (not raw sums).
 */
typedef struct spm_trend
{
	int32_t		version;
	int32_t		flags;			/* reserved, 0 */
	int64_t		n;
	double		sx;
	double		sy;
	double		sxx;
	double		syy;
	double		sxy;
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

/* add one point; returns 0, or -1 when a sum overflows to infinity */
extern int	spm_trend_add(spm_trend *t, double y, double x);

/* merge from into into; either may be empty; -1 on overflow */
extern int	spm_trend_combine(spm_trend *into, const spm_trend *from);

extern void spm_trend_summarise(const spm_trend *t, spm_trend_summary *out);

/*
 * Prediction for a new observation at x: point, and the interval with
 * Student t quantile at (1 + level) / 2 and n - 2 degrees of freedom.
 * Returns 0 when point and interval are defined, 1 when only the point is
 * (n == 2), -1 when nothing is (no slope).
 */
extern int	spm_trend_predict(const spm_trend *t, double x, double level,
							  double *point, double *lower, double *upper);

/*
 * Text form "(n,sx,sy,sxx,syy,sxy)" with shortest round-trip doubles.
 * parse returns 0, or -1 with a one-sentence reason in err.
 */
#define SPM_TREND_TEXT_MAX 192
extern int	spm_trend_parse(const char *text, spm_trend *out, char *err, size_t errlen);
extern void spm_trend_format(const spm_trend *t, char *buf, size_t buflen);
extern int	spm_trend_valid(const spm_trend *t, char *err, size_t errlen);

#endif							/* SPM_CORE_OLS_H */
