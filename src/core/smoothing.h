/*
 * smoothing.h
 *	  Exponential smoothing (SES, Holt, additive and multiplicative
 *	  Holt-Winters) following R's stats::HoltWinters exactly, with a robust
 *	  bounded optimiser for the smoothing parameters and R's prediction
 *	  intervals.  Plain C, no PostgreSQL headers, no allocation: callers
 *	  pass the workspace.
 *
 * R conventions reproduced (R 4.x, src/library/stats/R/HoltWinters.R and
 * src/library/stats/src/HoltWinters.c):
 *   - start values: SES level = x[1]; Holt level = x[2], trend = x[2] - x[1];
 *     seasonal models decompose the first two seasons (moving-average trend,
 *     seasonal figure = mean detrended value per season position, centred),
 *     level and trend = intercept and slope of a regression of the
 *     non-missing moving-average values on 1, 2, ...;
 *   - one-step errors, and the SSE, start at observation 3 (Holt), 2 (SES)
 *     or season + 1 (Holt-Winters);
 *   - parameters in [0, 1];
 *   - h-step forecasts a + h b (+ or *) s[1 + (h - 1) mod season];
 *   - interval half-width qnorm((1 + level) / 2) * sqrt(var(residuals) *
 *     sum of psi(j)^2 ...) exactly as predict.HoltWinters computes it,
 *     including its indexing of the coefficients for multiplicative models.
 */
#ifndef SPM_CORE_SMOOTHING_H
#define SPM_CORE_SMOOTHING_H

#include <stddef.h>

#include "interrupt.h"

typedef enum spm_hw_kind
{
	SPM_HW_SES = 0,
	SPM_HW_HOLT = 1,
	SPM_HW_ADDITIVE = 2,
	SPM_HW_MULTIPLICATIVE = 3
} spm_hw_kind;

/* longest season supported (the workspace grows with it) */
#define SPM_HW_MAX_SEASON 10000

typedef enum spm_hw_status
{
	SPM_HW_OK = 0,
	SPM_HW_TOO_SHORT,			/* fewer values than the method needs */
	SPM_HW_BAD_SEASON,			/* season < 2 or longer than half the series */
	SPM_HW_NOT_FINITE,			/* NaN or infinity in the series */
	SPM_HW_NOT_POSITIVE,		/* multiplicative model and a value <= 0 */
	SPM_HW_DEGENERATE,			/* start values or residuals not finite */
	SPM_HW_INTERRUPTED			/* the interrupt callback fired */
} spm_hw_status;

typedef struct spm_hw_model
{
	spm_hw_kind kind;
	int			season;			/* 0 for SES and Holt */
	const double *x;			/* the series (not owned) */
	int			n;
	int			start;			/* R's start.time, 1-based */
	/* start values */
	double		l0;
	double		b0;
	double	   *s0;				/* season values (workspace) */
	/* parameters */
	double		alpha;
	double		beta;
	double		gamma;
	/* results of spm_hw_run */
	double		sse;
	double		a;				/* final level */
	double		b;				/* final trend (0 without trend) */
	double	   *s;				/* final season values s[0..season-1] (workspace) */
	double		resid_var;		/* var() of the one-step errors, n - 1 denominator */
	int			nresid;			/* how many one-step errors the SSE sums */
	double	   *buf;			/* circular season buffer (workspace) */
	double	   *dbuf;			/* the same with derivatives (workspace) */
	/* cancel (set after spm_hw_init, which clears it; NULL: never polled) */
	spm_interrupt_fn interrupted;	/* polled every SPM_POLL_STEPS filter steps */
	int			stopped;		/* set once interrupted() returned true */
	int			poll_budget;	/* filter steps left until the next poll */
} spm_hw_model;

/* doubles of workspace spm_hw_init needs for a season of this length */
extern size_t spm_hw_workspace(int season);

/* smallest series length a method accepts */
extern int	spm_hw_min_length(spm_hw_kind kind, int season);

/*
 * Validate the series and compute the start values.  work must hold
 * spm_hw_workspace(season) doubles and outlive the model.
 */
extern spm_hw_status spm_hw_init(spm_hw_model *m, spm_hw_kind kind,
								 const double *x, int n, int season,
								 double *work);

/*
 * The SSE of the one-step errors at observations from .. n (1-based,
 * from >= m->start) with m->alpha, beta, gamma: the errors of a window
 * shared with other methods, for comparing them (nothing else stored).
 */
extern double spm_hw_sse_from(spm_hw_model *m, int from);

/*
 * R's SSE (from m->start) at p = (alpha, beta, gamma), with its gradient
 * grad[3] and Hessian hess[3 * 3] (row-major) by the three parameters,
 * computed exactly by carrying the derivatives through the recursion (those
 * by a parameter the method lacks are 0).  Polls m->interrupted like the
 * other filters; infinity once it has fired.  Used by spm_hw_fit.
 */
extern double spm_hw_sse_derivatives(spm_hw_model *m, const double *p,
									 double *grad, double *hess);

/*
 * Run the filter with m->alpha, beta, gamma: fills sse, a, b, s,
 * resid_var, nresid.  Returns SPM_HW_OK, or SPM_HW_INTERRUPTED (then the
 * results are meaningless).
 */
extern spm_hw_status spm_hw_run(spm_hw_model *m);

/*
 * Fit the parameters whose free flag is set (others keep the values in m),
 * minimising the SSE within [0, 1] with several starts, then spm_hw_run.
 * free_alpha etc. are ignored for parameters the method does not have.
 * Returns SPM_HW_OK, or SPM_HW_INTERRUPTED when m->interrupted fired (the
 * parameters and results are then meaningless).
 */
extern spm_hw_status spm_hw_fit(spm_hw_model *m, int free_alpha, int free_beta,
								int free_gamma);

/* number of smoothing parameters and of initial states of the method */
extern int	spm_hw_nparams(spm_hw_kind kind, int season);

/*
 * Point forecast and interval half-width (z = quantile, e.g.
 * spm_qnorm((1 + level) / 2)) for step h >= 1 after spm_hw_run.
 */
extern double spm_hw_point(const spm_hw_model *m, int h);
extern double spm_hw_halfwidth(const spm_hw_model *m, int h, double z);

#endif							/* SPM_CORE_SMOOTHING_H */
