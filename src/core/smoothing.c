/*
 * smoothing.c
 *	  Holt-Winters exponential smoothing as R's stats::HoltWinters computes
 *	  it, the fitting of its parameters (with the minimiser of boxmin.c), and
 *	  the prediction intervals of R's predict.HoltWinters.  No PostgreSQL
 *	  headers; see smoothing.h for the conventions.
 */
#include "smoothing.h"

#include "boxmin.h"

#include <math.h>
#include <string.h>

/*
 * A value with its first and second derivatives with respect to the three
 * smoothing parameters p = (alpha, beta, gamma): c[0] the value, c[1 + i]
 * its derivative by p_i, c[HD_H(i, j)] (i <= j) the second derivative by
 * p_i and p_j.
 */
#define HD_LEN 10
#define HD_H(i, j) (4 + (i) * (5 - (i)) / 2 + (j))

typedef struct hd
{
	double		c[HD_LEN];
} hd;

size_t
spm_hw_workspace(int season)
{
	int			f = season > 0 ? season : 1;

	/* s0, s, buf, and the season values with their derivatives (dbuf) */
	return (size_t) (3 + HD_LEN) * f;
}

int
spm_hw_min_length(spm_hw_kind kind, int season)
{
	switch (kind)
	{
		case SPM_HW_SES:
			return 3;			/* start value + at least two one-step errors */
		case SPM_HW_HOLT:
			return 4;
		default:
			return 2 * season;	/* two full seasons for the decomposition */
	}
}

int
spm_hw_nparams(spm_hw_kind kind, int season)
{
	switch (kind)
	{
		case SPM_HW_SES:
			return 1 + 1;		/* alpha; level */
		case SPM_HW_HOLT:
			return 2 + 2;		/* alpha, beta; level, trend */
		default:
			return 3 + 2 + season;	/* alpha, beta, gamma; level, trend, season */
	}
}

/*
 * Start values of the seasonal models: R's decompose() of the first two
 * seasons, then a least-squares line through the moving-average trend.
 */
static spm_hw_status
seasonal_start(spm_hw_model *m)
{
	int			f = m->season;
	int			wind = 2 * f;
	int			half = f / 2;
	int			even = (f % 2) == 0;
	int			first = half,
				last = wind - 1 - half; /* trend defined on [first, last] */
	double		sum_fig = 0.0;
	double		mt = 0.0,
				mi = 0.0,
				sxy = 0.0,
				sxx = 0.0;
	int			cnt = last - first + 1;

	for (int k = 0; k < f; k++)
	{
		double		acc = 0.0;
		int			used = 0;

		for (int i = k; i < wind; i += f)
		{
			double		tr = 0.0,
						se;

			if (i < first || i > last)
				continue;
			if (even)
			{
				tr = 0.5 * m->x[i - half] + 0.5 * m->x[i + half];
				for (int j = i - half + 1; j <= i + half - 1; j++)
					tr += m->x[j];
				tr /= f;
			}
			else
			{
				for (int j = i - half; j <= i + half; j++)
					tr += m->x[j];
				tr /= f;
			}
			se = m->kind == SPM_HW_MULTIPLICATIVE ? m->x[i] / tr : m->x[i] - tr;
			acc += se;
			used++;
		}
		m->s0[k] = acc / used;
		sum_fig += m->s0[k];
	}
	for (int k = 0; k < f; k++)
	{
		if (m->kind == SPM_HW_MULTIPLICATIVE)
			m->s0[k] /= sum_fig / f;
		else
			m->s0[k] -= sum_fig / f;
	}

	/* regress the trend values on 1..cnt (two passes, centred) */
	{
		double		tr_vals_sum = 0.0;

		for (int i = first; i <= last; i++)
		{
			double		tr = 0.0;

			if (even)
			{
				tr = 0.5 * m->x[i - half] + 0.5 * m->x[i + half];
				for (int j = i - half + 1; j <= i + half - 1; j++)
					tr += m->x[j];
			}
			else
				for (int j = i - half; j <= i + half; j++)
					tr += m->x[j];
			tr /= f;
			m->s[i - first] = tr;	/* s and buf, adjacent, hold 2f >= cnt values */
			tr_vals_sum += tr;
		}
		mt = tr_vals_sum / cnt;
		mi = (cnt + 1) / 2.0;
		for (int i = 0; i < cnt; i++)
		{
			double		di = (i + 1) - mi;

			sxy += di * (m->s[i] - mt);
			sxx += di * di;
		}
		m->b0 = sxy / sxx;
		m->l0 = mt - m->b0 * mi;
	}
	for (int k = 0; k < f; k++)
		if (!isfinite(m->s0[k]))
			return SPM_HW_DEGENERATE;
	if (!isfinite(m->l0) || !isfinite(m->b0))
		return SPM_HW_DEGENERATE;
	return SPM_HW_OK;
}

spm_hw_status
spm_hw_init(spm_hw_model *m, spm_hw_kind kind, const double *x, int n,
			int season, double *work)
{
	int			f;

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->x = x;
	m->n = n;
	m->season = (kind == SPM_HW_ADDITIVE || kind == SPM_HW_MULTIPLICATIVE) ? season : 0;
	f = m->season > 0 ? m->season : 1;
	m->s0 = work;
	m->s = work + f;
	m->buf = work + 2 * f;
	m->dbuf = work + 3 * f;

	for (int i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return SPM_HW_NOT_FINITE;
	if (m->season > 0 && (season < 2 || season > SPM_HW_MAX_SEASON || 2 * season > n))
		return SPM_HW_BAD_SEASON;
	if (n < spm_hw_min_length(kind, m->season))
		return SPM_HW_TOO_SHORT;
	if (kind == SPM_HW_MULTIPLICATIVE)
		for (int i = 0; i < n; i++)
			if (!(x[i] > 0.0))
				return SPM_HW_NOT_POSITIVE;

	switch (kind)
	{
		case SPM_HW_SES:
			m->l0 = x[0];
			m->b0 = 0.0;
			m->start = 2;
			m->beta = 0.0;
			m->gamma = 0.0;
			break;
		case SPM_HW_HOLT:
			m->l0 = x[1];
			m->b0 = x[1] - x[0];
			m->start = 3;
			m->gamma = 0.0;
			break;
		default:
			m->start = season + 1;
			return seasonal_start(m);
	}
	return SPM_HW_OK;
}

/*
 * The end (exclusive) of the next run of filter steps from step i, with
 * m->interrupted polled when a block of SPM_POLL_STEPS steps, counted
 * across calls, is used up; -1 once it has fired.
 */
static inline int
poll_end(spm_hw_model *m, int i)
{
	int			end = m->n;

	if (m->interrupted != NULL)
	{
		if (m->poll_budget <= 0)
		{
			if (m->interrupted())
			{
				m->stopped = 1;
				return -1;
			}
			m->poll_budget = SPM_POLL_STEPS;
		}
		if (end - i > m->poll_budget)
			end = i + m->poll_budget;
		m->poll_budget -= end - i;
	}
	return end;
}

/*
 * The filter of R's C_HoltWinters.  The SSE sums the one-step errors at
 * observations from .. n (1-based; R's SSE: from = m->start).  When fill is
 * set, the final state, the residual variance and the count (all errors)
 * are stored in m.  Polls m->interrupted every SPM_POLL_STEPS steps, counted
 * across calls so that short series do not poll on every evaluation; once
 * it fires, this and every later call return infinity at once.
 */
static inline double
hw_filter(spm_hw_model *m, double alpha, double beta, double gamma, int from,
		  int fill)
{
	const double *x = m->x;
	const int	n = m->n;
	int			f = m->season;
	int			dotrend = m->kind != SPM_HW_SES;
	int			mult = m->kind == SPM_HW_MULTIPLICATIVE;
	double		level = m->l0;
	double		trend = dotrend ? m->b0 : 0.0;
	double		sse = 0.0;
	double		rmean = 0.0,
				rm2 = 0.0;
	int			nres = 0;
	double		sbuf_local[64];
	double	   *buf;
	int			sidx = 0;
	int			i = m->start - 1;

	if (m->stopped)
		return INFINITY;

	/* the circular season buffer: on the stack for common seasons */
	if (f > 0)
	{
		buf = f <= 64 ? sbuf_local : m->buf;
		memcpy(buf, m->s0, sizeof(double) * f);
	}
	else
		buf = sbuf_local;

	while (i < n)
	{
		int			end = poll_end(m, i);

		if (end < 0)
			return INFINITY;
		for (; i < end; i++)
		{
			double		xi = x[i];
			double		xhat,
						stmp,
						res,
						nlevel;

			if (f > 0)
			{
				stmp = buf[sidx];
				xhat = mult ? (level + trend) * stmp : level + trend + stmp;
				nlevel = mult ? alpha * (xi / stmp) + (1.0 - alpha) * (level + trend)
					: alpha * (xi - stmp) + (1.0 - alpha) * (level + trend);
			}
			else
			{
				stmp = 0.0;
				xhat = level + trend;
				nlevel = alpha * xi + (1.0 - alpha) * (level + trend);
			}
			res = xi - xhat;
			if (i >= from - 1)
				sse += res * res;
			if (fill)
			{
				/* Welford, for var(residuals) */
				double		d = res - rmean;

				nres++;
				rmean += d / nres;
				rm2 += d * (res - rmean);
			}
			if (dotrend)
				trend = beta * (nlevel - level) + (1.0 - beta) * trend;
			level = nlevel;
			if (f > 0)
			{
				buf[sidx] = mult ? gamma * (xi / level) + (1.0 - gamma) * stmp
					: gamma * (xi - level) + (1.0 - gamma) * stmp;
				if (++sidx == f)
					sidx = 0;
			}
		}
	}
	if (fill)
	{
		m->sse = sse;
		m->a = level;
		m->b = trend;
		m->nresid = nres;
		m->resid_var = nres > 1 ? rm2 / (nres - 1) : NAN;
		/* s_k = season[len + k - 1]; the buffer slot of season index j is j mod f */
		for (int k = 0; k < f; k++)
			m->s[k] = buf[(sidx + k) % f];
	}
	return sse;
}

/* ---- the filter with derivatives ----------------------------------- */

/* r = ka a + kb b (r may be a or b) */
static inline void
hd_lin(hd *r, double ka, const hd *a, double kb, const hd *b)
{
	for (int k = 0; k < HD_LEN; k++)
		r->c[k] = ka * a->c[k] + kb * b->c[k];
}

/* r = base + p_k u, where p_k = p is smoothing parameter k (r may be base) */
static inline void
hd_step(hd *r, const hd *base, double p, int k, const hd *restrict u)
{
	for (int j = 0; j < HD_LEN; j++)
		r->c[j] = base->c[j] + p * u->c[j];
	/* d(p_k u)/dp_j = p_k du/dp_j + [j = k] u, and so on */
	r->c[1 + k] += u->c[0];
	for (int j = 0; j < 3; j++)
		r->c[j < k ? HD_H(j, k) : HD_H(k, j)] += u->c[1 + j];
	r->c[HD_H(k, k)] += u->c[1 + k];
}

/* r = a b (r distinct from a and b) */
static inline void
hd_mul(hd *restrict r, const hd *restrict a, const hd *restrict b)
{
	r->c[0] = a->c[0] * b->c[0];
	for (int i = 0; i < 3; i++)
	{
		r->c[1 + i] = a->c[1 + i] * b->c[0] + a->c[0] * b->c[1 + i];
		for (int j = i; j < 3; j++)
			r->c[HD_H(i, j)] = a->c[HD_H(i, j)] * b->c[0] + a->c[0] * b->c[HD_H(i, j)]
				+ a->c[1 + i] * b->c[1 + j] + a->c[1 + j] * b->c[1 + i];
	}
}

/*
 * r = x / a for a constant x (r distinct from a): from r a = x,
 * r_i = -r a_i / a and r_ij = -(r_i a_j + r_j a_i + r a_ij) / a
 */
static inline void
hd_div(hd *restrict r, double x, const hd *restrict a)
{
	double		inv = 1.0 / a->c[0];

	r->c[0] = x * inv;
	for (int i = 0; i < 3; i++)
		r->c[1 + i] = -r->c[0] * a->c[1 + i] * inv;
	for (int i = 0; i < 3; i++)
		for (int j = i; j < 3; j++)
			r->c[HD_H(i, j)] = -(r->c[1 + i] * a->c[1 + j] + r->c[1 + j] * a->c[1 + i]
								 + r->c[0] * a->c[HD_H(i, j)]) * inv;
}

/*
 * r += c e, where c is a function of the parameters (alpha, beta, gamma)
 * with derivatives (d0, d1, 0) and whose only non-zero second derivative is
 * 1 by alpha and beta (c = alpha (1 + beta) or alpha beta); e carries its
 * own.  The products with the zero derivatives are left out.
 */
static inline void
hd_add_ce_ab(hd *restrict r, double c, double d0, double d1, const hd *restrict e)
{
	const double *E = e->c;

	r->c[HD_H(0, 0)] += c * E[HD_H(0, 0)] + 2.0 * d0 * E[1];
	r->c[HD_H(0, 1)] += c * E[HD_H(0, 1)] + d0 * E[2] + d1 * E[1] + E[0];
	r->c[HD_H(0, 2)] += c * E[HD_H(0, 2)] + d0 * E[3];
	r->c[HD_H(1, 1)] += c * E[HD_H(1, 1)] + 2.0 * d1 * E[2];
	r->c[HD_H(1, 2)] += c * E[HD_H(1, 2)] + d1 * E[3];
	r->c[HD_H(2, 2)] += c * E[HD_H(2, 2)];
	r->c[1] += c * E[1] + d0 * E[0];
	r->c[2] += c * E[2] + d1 * E[0];
	r->c[3] += c * E[3];
	r->c[0] += c * E[0];
}

/*
 * The same for c = gamma (1 - alpha): derivatives (-gamma, 0, 1 - alpha) =
 * (d0, 0, d2), second derivative -1 by alpha and gamma
 */
static inline void
hd_add_ce_g(hd *restrict r, double c, double d0, double d2, const hd *restrict e)
{
	const double *E = e->c;

	r->c[HD_H(0, 0)] += c * E[HD_H(0, 0)] + 2.0 * d0 * E[1];
	r->c[HD_H(0, 1)] += c * E[HD_H(0, 1)] + d0 * E[2];
	r->c[HD_H(0, 2)] += c * E[HD_H(0, 2)] + d0 * E[3] + d2 * E[1] - E[0];
	r->c[HD_H(1, 1)] += c * E[HD_H(1, 1)];
	r->c[HD_H(1, 2)] += c * E[HD_H(1, 2)] + d2 * E[2];
	r->c[HD_H(2, 2)] += c * E[HD_H(2, 2)] + 2.0 * d2 * E[3];
	r->c[1] += c * E[1] + d0 * E[0];
	r->c[2] += c * E[2];
	r->c[3] += c * E[3] + d2 * E[0];
	r->c[0] += c * E[0];
}

/*
 * Start of the filters with derivatives: hd values a and b (constants, no
 * derivatives yet), sse zero, and the season ring of m->dbuf from m->s0.
 */
static hd *
hd_start(const spm_hw_model *m, hd *a, double va, hd *b, double vb, hd *sse)
{
	hd		   *ring = (hd *) m->dbuf;

	memset(a, 0, sizeof(hd));
	memset(b, 0, sizeof(hd));
	memset(sse, 0, sizeof(hd));
	a->c[0] = va;
	b->c[0] = vb;
	for (int k = 0; k < m->season; k++)
	{
		memset(&ring[k], 0, sizeof(hd));
		ring[k].c[0] = m->s0[k];
	}
	return ring;
}

/* the gradient and full Hessian of scale * sse; returns its value */
static double
hd_finish(const hd *sse, double scale, double *grad, double *hess)
{
	for (int r = 0; r < 3; r++)
	{
		grad[r] = scale * sse->c[1 + r];
		for (int q = 0; q < 3; q++)
			hess[3 * r + q] = scale * sse->c[r <= q ? HD_H(r, q) : HD_H(q, r)];
	}
	return sse->c[0];
}

/* r += e^2 (halved: the caller doubles the derivatives) */
static inline void
hd_add_square(hd *restrict r, const hd *restrict e)
{
	const double *E = e->c;

	r->c[0] += E[0] * E[0];
	r->c[1] += E[0] * E[1];
	r->c[2] += E[0] * E[2];
	r->c[3] += E[0] * E[3];
	r->c[HD_H(0, 0)] += E[1] * E[1] + E[0] * E[HD_H(0, 0)];
	r->c[HD_H(0, 1)] += E[1] * E[2] + E[0] * E[HD_H(0, 1)];
	r->c[HD_H(0, 2)] += E[1] * E[3] + E[0] * E[HD_H(0, 2)];
	r->c[HD_H(1, 1)] += E[2] * E[2] + E[0] * E[HD_H(1, 1)];
	r->c[HD_H(1, 2)] += E[2] * E[3] + E[0] * E[HD_H(1, 2)];
	r->c[HD_H(2, 2)] += E[3] * E[3] + E[0] * E[HD_H(2, 2)];
}

/*
 * hw_filter_d2 for the additive model, in error-correction form: with
 * e = x - (level + trend) - s, level' = level + trend + alpha e,
 * trend' = trend + alpha beta e and s' = s + gamma (1 - alpha) e.  The state
 * kept is t = level + trend, so t' = t + trend + alpha (1 + beta) e.
 */
static double
hw_filter_d2_additive(spm_hw_model *m, const double *p, double *grad,
					  double *hess)
{
	const double *x = m->x;
	const int	f = m->season;
	const double a = p[0],
				b = p[1],
				g = p[2];
	hd			t,
				trend,
				sse,
				e;
	hd		   *restrict ring = hd_start(m, &t, m->l0 + m->b0, &trend, m->b0, &sse);
	int			sidx = 0;
	int			i = m->start - 1;

	while (i < m->n)
	{
		int			end = poll_end(m, i);

		if (end < 0)
			return INFINITY;
		for (; i < end; i++)
		{
			hd		   *restrict st = &ring[sidx];

			for (int k = 0; k < HD_LEN; k++)
				e.c[k] = -t.c[k] - st->c[k];
			e.c[0] += x[i];
			hd_add_square(&sse, &e);
			for (int k = 0; k < HD_LEN; k++)
				t.c[k] += trend.c[k];
			/* the coefficients alpha (1 + beta), alpha beta, gamma (1 - alpha) */
			hd_add_ce_ab(&t, a * (1.0 + b), 1.0 + b, a, &e);
			hd_add_ce_ab(&trend, a * b, b, a, &e);
			hd_add_ce_g(st, g * (1.0 - a), -g, 1.0 - a, &e);
			if (++sidx == f)
				sidx = 0;
		}
	}
	return hd_finish(&sse, 2.0, grad, hess);
}

/*
 * The SSE of hw_filter (from m->start) at p = (alpha, beta, gamma), with its
 * gradient grad[3] and Hessian hess[3 * 3] by the three parameters: the
 * recursion carried forward with the derivatives of every state.  The
 * values follow hw_filter's formulas, rewritten as state + parameter *
 * correction (the same SSE up to rounding).  Polls like hw_filter.
 */
static double
hw_filter_d2(spm_hw_model *m, const double *p, double *grad, double *hess)
{
	const double *x = m->x;
	const int	f = m->season;
	const int	dotrend = m->kind != SPM_HW_SES;
	const int	mult = m->kind == SPM_HW_MULTIPLICATIVE;
	hd		   *restrict ring;
	hd			level,
				trend,
				sse,
				lt,
				res,
				u,
				t;
	int			sidx = 0;
	int			i = m->start - 1;

	if (m->stopped)
		return INFINITY;
	if (m->kind == SPM_HW_ADDITIVE)
		return hw_filter_d2_additive(m, p, grad, hess);
	ring = hd_start(m, &level, m->l0, &trend, dotrend ? m->b0 : 0.0, &sse);

	while (i < m->n)
	{
		int			end = poll_end(m, i);

		if (end < 0)
			return INFINITY;
		for (; i < end; i++)
		{
			const double xi = x[i];
			hd		   *restrict st = &ring[sidx];

			hd_lin(&lt, 1.0, &level, 1.0, &trend);
			if (f == 0)
			{
				/* res = x - (level + trend); level' = lt + alpha res */
				hd_lin(&res, -1.0, &lt, 0.0, &lt);
				res.c[0] += xi;
				hd_step(&level, &lt, p[0], 0, &res);
			}
			else if (!mult)
			{
				/* res = x - lt - s; level' = lt + alpha res */
				hd_lin(&res, -1.0, &lt, -1.0, st);
				res.c[0] += xi;
				hd_step(&level, &lt, p[0], 0, &res);
			}
			else
			{
				/* res = x - lt s; level' = lt + alpha (x / s - lt) */
				hd_mul(&t, &lt, st);
				hd_lin(&res, -1.0, &t, 0.0, &t);
				res.c[0] += xi;
				hd_div(&t, xi, st);
				hd_lin(&u, 1.0, &t, -1.0, &lt);
				hd_step(&level, &lt, p[0], 0, &u);
			}
			/* sse += res^2 */
			sse.c[0] += res.c[0] * res.c[0];
			for (int a = 0; a < 3; a++)
			{
				sse.c[1 + a] += 2.0 * res.c[0] * res.c[1 + a];
				for (int b = a; b < 3; b++)
					sse.c[HD_H(a, b)] += 2.0 * (res.c[1 + a] * res.c[1 + b]
												+ res.c[0] * res.c[HD_H(a, b)]);
			}
			/* trend' = trend + beta (level' - (level + trend)) */
			if (dotrend)
			{
				hd_lin(&u, 1.0, &level, -1.0, &lt);
				hd_step(&trend, &trend, p[1], 1, &u);
			}
			if (f > 0)
			{
				/* s' = s + gamma (x - level' - s), or x / level' for mult */
				if (mult)
				{
					hd_div(&t, xi, &level);
					hd_lin(&u, 1.0, &t, -1.0, st);
				}
				else
				{
					hd_lin(&u, -1.0, &level, -1.0, st);
					u.c[0] += xi;
				}
				hd_step(st, st, p[2], 2, &u);
				if (++sidx == f)
					sidx = 0;
			}
		}
	}
	return hd_finish(&sse, 1.0, grad, hess);
}

double
spm_hw_sse_derivatives(spm_hw_model *m, const double *p, double *grad,
					   double *hess)
{
	return hw_filter_d2(m, p, grad, hess);
}

double
spm_hw_sse_from(spm_hw_model *m, int from)
{
	return hw_filter(m, m->alpha, m->beta, m->gamma,
					 from > m->start ? from : m->start, 0);
}

spm_hw_status
spm_hw_run(spm_hw_model *m)
{
	hw_filter(m, m->alpha, m->beta, m->gamma, m->start, 1);
	return m->stopped ? SPM_HW_INTERRUPTED : SPM_HW_OK;
}

double
spm_hw_point(const spm_hw_model *m, int h)
{
	double		v = m->a + (m->kind == SPM_HW_SES ? 0.0 : h * m->b);

	if (m->season > 0)
	{
		double		s = m->s[(h - 1) % m->season];

		v = m->kind == SPM_HW_MULTIPLICATIVE ? v * s : v + s;
	}
	return v;
}

/* psi(j) of predict.HoltWinters; f = 1 for the non-seasonal models */
static inline double
hw_psi(const spm_hw_model *m, int j)
{
	int			f = m->season > 0 ? m->season : 1;

	return m->alpha * (1.0 + j * m->beta)
		+ ((j % f) == 0 ? m->gamma * (1.0 - m->alpha) : 0.0);
}

double
spm_hw_halfwidth(const spm_hw_model *m, int h, double z)
{
	double		sum = 0.0;

	if (m->kind != SPM_HW_MULTIPLICATIVE)
	{
		sum = 1.0;
		for (int j = 1; j <= h - 1; j++)
		{
			double		p = hw_psi(m, j);

			sum += p * p;
		}
	}
	else
	{
		/*
		 * R: rel = 1 + (h - 1) %% f; sum over j = 0..h-1 of (psi(j) *
		 * coef[2 + rel] / coef[2 + (rel - j) %% f])^2, where coef = (a, b,
		 * s1..sf).  Note that coef[2 + 0] is the trend b, not a season: this
		 * reproduces R exactly.
		 */
		int			f = m->season;
		int			rel = 1 + (h - 1) % f;
		double		num = m->s[rel - 1];

		for (int j = 0; j <= h - 1; j++)
		{
			int			k = ((rel - j) % f + f) % f;
			double		den = k == 0 ? m->b : m->s[k - 1];
			double		p = hw_psi(m, j) * num / den;

			sum += p * p;
		}
	}
	return z * sqrt(m->resid_var * sum);
}

/* ---- fitting -------------------------------------------------------- */

typedef struct hw_fit_arg
{
	spm_hw_model *m;
	int			map[3];			/* free parameter d -> 0 alpha, 1 beta, 2 gamma */
	int			dim;
	double		fixed[3];
} hw_fit_arg;

static double
hw_objective(const double *p, void *varg)
{
	hw_fit_arg *a = (hw_fit_arg *) varg;
	double		v[3];

	memcpy(v, a->fixed, sizeof(v));
	for (int d = 0; d < a->dim; d++)
		v[a->map[d]] = p[d];
	return hw_filter(a->m, v[0], v[1], v[2], a->m->start, 0);
}

/* hw_objective with derivatives (for spm_minimise_box_newton) */
static double
hw_objective2(const double *p, double *grad, double *hess, void *varg)
{
	hw_fit_arg *a = (hw_fit_arg *) varg;
	double		v[3],
				g[3],
				h[9],
				sse;

	if (grad == NULL)
		return hw_objective(p, varg);
	memcpy(v, a->fixed, sizeof(v));
	for (int d = 0; d < a->dim; d++)
		v[a->map[d]] = p[d];
	sse = hw_filter_d2(a->m, v, g, h);
	for (int d = 0; d < a->dim; d++)
	{
		grad[d] = g[a->map[d]];
		for (int e = 0; e < a->dim; e++)
			hess[a->dim * d + e] = h[3 * a->map[d] + a->map[e]];
	}
	return sse;
}

spm_hw_status
spm_hw_fit(spm_hw_model *m, int free_alpha, int free_beta, int free_gamma)
{
	hw_fit_arg arg;
	double		p[3];
	static const double rstart[3] = {0.3, 0.1, 0.1};	/* R's optim.start */
	int			has[3];

	has[0] = 1;
	has[1] = m->kind != SPM_HW_SES;
	has[2] = m->season > 0;
	arg.m = m;
	arg.dim = 0;
	arg.fixed[0] = m->alpha;
	arg.fixed[1] = has[1] ? m->beta : 0.0;
	arg.fixed[2] = has[2] ? m->gamma : 0.0;
	if (free_alpha)
		arg.map[arg.dim++] = 0;
	if (free_beta && has[1])
		arg.map[arg.dim++] = 1;
	if (free_gamma && has[2])
		arg.map[arg.dim++] = 2;

	if (arg.dim > 0)
	{
		double		fbest;

		for (int d = 0; d < arg.dim; d++)
			p[d] = rstart[arg.map[d]];
		if (arg.dim == 1)
			fbest = spm_minimise_line(hw_objective, &arg, p, &m->stopped);
		else
			fbest = spm_minimise_box_newton(hw_objective2, &arg, arg.dim, p, &m->stopped);
		if (m->stopped)
			return SPM_HW_INTERRUPTED;

		/*
		 * A parameter the SSE does not depend on (gamma when the series is
		 * exactly two seasons long, so that no season value is used after
		 * its update) is reported at R's starting value, where R leaves it.
		 */
		for (int d = 0; d < arg.dim; d++)
		{
			double		q[3];
			double		fq;

			memcpy(q, p, sizeof(q));
			q[d] = rstart[arg.map[d]];
			fq = hw_objective(q, &arg);
			if (fq <= fbest)
			{
				fbest = fq;
				memcpy(p, q, sizeof(q));
			}
		}
		for (int d = 0; d < arg.dim; d++)
			arg.fixed[arg.map[d]] = p[d];
	}
	m->alpha = arg.fixed[0];
	m->beta = arg.fixed[1];
	m->gamma = arg.fixed[2];
	return spm_hw_run(m);
}
