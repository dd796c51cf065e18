/*
 * boxmin.c
 *	  Minimisation of a function of one to three parameters over the unit
 *	  box [0, 1]^dim, for fitting smoothing parameters: a coarse grid, several
 *	  Nelder-Mead searches (one kept in the box by clamping, one in sin^2
 *	  coordinates that cannot stick to a face), coordinate line searches,
 *	  and probes of flat faces.  No PostgreSQL headers.
 */
#include "boxmin.h"

#include <math.h>
#include <string.h>

static inline double
clamp01(double v)
{
	return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* golden-section search on [lo, hi], to width 1e-10 */
static double
golden(spm_objective f, void *arg, double lo, double hi, double *best_x)
{
	const double g = 0.38196601125010515;	/* (3 - sqrt(5)) / 2 */
	double		a = lo,
				b = hi,
				x1 = a + g * (b - a),
				x2 = b - g * (b - a),
				f1 = f(&x1, arg),
				f2 = f(&x2, arg);

	while (b - a > 1e-10)
	{
		if (f1 <= f2)
		{
			b = x2;
			x2 = x1;
			f2 = f1;
			x1 = a + g * (b - a);
			f1 = f(&x1, arg);
		}
		else
		{
			a = x1;
			x1 = x2;
			f1 = f2;
			x2 = b - g * (b - a);
			f2 = f(&x2, arg);
		}
	}
	if (f1 <= f2)
	{
		*best_x = x1;
		return f1;
	}
	*best_x = x2;
	return f2;
}

static double
minimise_1d(spm_objective f, void *arg, double *p)
{
	double		fb = INFINITY,
				xb = 0.0,
				fv[21];
	int			kb = 0;

	for (int k = 0; k <= 20; k++)
	{
		double		v = k / 20.0;

		fv[k] = f(&v, arg);
		if (fv[k] < fb)
		{
			fb = fv[k];
			kb = k;
		}
	}
	xb = kb / 20.0;
	{
		double		lo = kb > 0 ? (kb - 1) / 20.0 : 0.0;
		double		hi = kb < 20 ? (kb + 1) / 20.0 : 1.0;
		double		xg,
					fg = golden(f, arg, lo, hi, &xg);

		if (fg < fb)
		{
			fb = fg;
			xb = xg;
		}
	}
	*p = xb;
	return fb;
}

/*
 * Nelder-Mead kept inside the unit box by clamping every trial point.
 * p: start on entry, best on exit; returns the best value.
 */
static double
nelder_mead(spm_objective f, void *arg, int dim, double *p, double step,
			int maxeval)
{
	double		sx[4][3],
				fx[4],
				c[3],
				xr[3],
				xe[3],
				xc[3];
	int			n1 = dim + 1,
				evals = 0;

	for (int i = 0; i < n1; i++)
	{
		for (int d = 0; d < dim; d++)
			sx[i][d] = p[d];
		if (i > 0)
		{
			int			d = i - 1;

			sx[i][d] = p[d] + step <= 1.0 ? p[d] + step : p[d] - step;
		}
		fx[i] = f(sx[i], arg);
		evals++;
	}
	while (evals < maxeval)
	{
		int			lo = 0,
					hi = 0,
					nh = 0;
		double		fr,
					size = 0.0;

		for (int i = 1; i < n1; i++)
		{
			if (fx[i] < fx[lo])
				lo = i;
			if (fx[i] > fx[hi])
				hi = i;
		}
		nh = lo;
		for (int i = 0; i < n1; i++)
			if (i != hi && fx[i] > fx[nh])
				nh = i;
		for (int i = 0; i < n1; i++)
			for (int d = 0; d < dim; d++)
				size = fmax(size, fabs(sx[i][d] - sx[lo][d]));
		if (size < 1e-10 ||
			fx[hi] - fx[lo] <= 1e-15 * fabs(fx[lo]) + 1e-300)
			break;

		for (int d = 0; d < dim; d++)
		{
			c[d] = 0.0;
			for (int i = 0; i < n1; i++)
				if (i != hi)
					c[d] += sx[i][d];
			c[d] /= dim;
			xr[d] = clamp01(c[d] + (c[d] - sx[hi][d]));
		}
		fr = f(xr, arg);
		evals++;
		if (fr < fx[lo])
		{
			double		fe;

			for (int d = 0; d < dim; d++)
				xe[d] = clamp01(c[d] + 2.0 * (c[d] - sx[hi][d]));
			fe = f(xe, arg);
			evals++;
			if (fe < fr)
			{
				memcpy(sx[hi], xe, sizeof(double) * dim);
				fx[hi] = fe;
			}
			else
			{
				memcpy(sx[hi], xr, sizeof(double) * dim);
				fx[hi] = fr;
			}
		}
		else if (fr < fx[nh])
		{
			memcpy(sx[hi], xr, sizeof(double) * dim);
			fx[hi] = fr;
		}
		else
		{
			double		fc;
			int			outside = fr < fx[hi];

			for (int d = 0; d < dim; d++)
				xc[d] = outside ? c[d] + 0.5 * (xr[d] - c[d])
					: c[d] + 0.5 * (sx[hi][d] - c[d]);
			fc = f(xc, arg);
			evals++;
			if (fc < (outside ? fr : fx[hi]))
			{
				memcpy(sx[hi], xc, sizeof(double) * dim);
				fx[hi] = fc;
			}
			else
			{
				/* shrink towards the best point */
				for (int i = 0; i < n1; i++)
				{
					if (i == lo)
						continue;
					for (int d = 0; d < dim; d++)
						sx[i][d] = sx[lo][d] + 0.5 * (sx[i][d] - sx[lo][d]);
					fx[i] = f(sx[i], arg);
					evals++;
				}
			}
		}
	}
	{
		int			lo = 0;

		for (int i = 1; i < n1; i++)
			if (fx[i] < fx[lo])
				lo = i;
		memcpy(p, sx[lo], sizeof(double) * dim);
		return fx[lo];
	}
}

/*
 * Nelder-Mead in unconstrained coordinates u with p = sin^2(u): the box
 * has no faces there for a simplex to collapse onto, so it can leave a
 * bound (and reach one exactly).  The clamped search below is faster on
 * the interior; this one finishes the job near the bounds.
 */
typedef struct sin2_arg
{
	spm_objective f;
	void	   *arg;
	int			dim;
} sin2_arg;

static double
sin2_objective(const double *u, void *varg)
{
	sin2_arg   *a = (sin2_arg *) varg;
	double		p[3];

	for (int d = 0; d < a->dim; d++)
	{
		double		sn = sin(u[d]);

		p[d] = sn * sn;
	}
	return a->f(p, a->arg);
}

static double
nelder_mead_free(spm_objective f, void *arg, int dim, double *p, double step,
				 int maxeval)
{
	sin2_arg	a = {f, arg, dim};
	double		u[3],
				best[3],
				fb = INFINITY;
	const int	n1 = dim + 1;
	double		sx[4][3],
				fx[4];
	int			evals = 0;

	for (int d = 0; d < dim; d++)
		u[d] = asin(sqrt(clamp01(p[d])));
	for (int i = 0; i < n1; i++)
	{
		memcpy(sx[i], u, sizeof(double) * dim);
		if (i > 0)
			sx[i][i - 1] += step;
		fx[i] = sin2_objective(sx[i], &a);
		evals++;
	}
	while (evals < maxeval)
	{
		int			lo = 0,
					hi = 0,
					nh;
		double		c[3],
					xr[3],
					xe[3],
					xc[3],
					fr;

		for (int i = 1; i < n1; i++)
		{
			if (fx[i] < fx[lo])
				lo = i;
			if (fx[i] > fx[hi])
				hi = i;
		}
		nh = lo;
		for (int i = 0; i < n1; i++)
			if (i != hi && fx[i] > fx[nh])
				nh = i;
		if (fx[hi] - fx[lo] <= 1e-15 * fabs(fx[lo]) + 1e-300)
			break;
		for (int d = 0; d < dim; d++)
		{
			c[d] = 0.0;
			for (int i = 0; i < n1; i++)
				if (i != hi)
					c[d] += sx[i][d];
			c[d] /= dim;
			xr[d] = 2.0 * c[d] - sx[hi][d];
		}
		fr = sin2_objective(xr, &a);
		evals++;
		if (fr < fx[lo])
		{
			double		fe;

			for (int d = 0; d < dim; d++)
				xe[d] = 3.0 * c[d] - 2.0 * sx[hi][d];
			fe = sin2_objective(xe, &a);
			evals++;
			memcpy(sx[hi], fe < fr ? xe : xr, sizeof(double) * dim);
			fx[hi] = fe < fr ? fe : fr;
		}
		else if (fr < fx[nh])
		{
			memcpy(sx[hi], xr, sizeof(double) * dim);
			fx[hi] = fr;
		}
		else
		{
			int			outside = fr < fx[hi];
			double		fc;

			for (int d = 0; d < dim; d++)
				xc[d] = outside ? c[d] + 0.5 * (xr[d] - c[d]) : c[d] + 0.5 * (sx[hi][d] - c[d]);
			fc = sin2_objective(xc, &a);
			evals++;
			if (fc < (outside ? fr : fx[hi]))
			{
				memcpy(sx[hi], xc, sizeof(double) * dim);
				fx[hi] = fc;
			}
			else
			{
				for (int i = 0; i < n1; i++)
				{
					if (i == lo)
						continue;
					for (int d = 0; d < dim; d++)
						sx[i][d] = sx[lo][d] + 0.5 * (sx[i][d] - sx[lo][d]);
					fx[i] = sin2_objective(sx[i], &a);
					evals++;
				}
			}
		}
	}
	for (int i = 0; i < n1; i++)
		if (fx[i] < fb)
		{
			fb = fx[i];
			memcpy(best, sx[i], sizeof(double) * dim);
		}
	for (int d = 0; d < dim; d++)
	{
		double		sn = sin(best[d]);

		p[d] = sn * sn;
	}
	return fb;
}

/* minimise f along coordinate d over [lo, hi] (grid, then golden section) */
static double
line_search(spm_objective f, void *arg, double *p, int d, double lo, double hi,
			double fcur)
{
	double		q[3],
				fb = fcur,
				xb = p[d];
	int			kb = -1;
	const int	steps = 10;

	double		fgrid = INFINITY;

	/* the best grid point's bracket is searched even if the grid found nothing better */
	memcpy(q, p, sizeof(q));
	for (int k = 0; k <= steps; k++)
	{
		double		fq;

		q[d] = lo + (hi - lo) * k / steps;
		fq = f(q, arg);
		if (fq < fgrid)
		{
			fgrid = fq;
			kb = k;
		}
		if (fq < fb)
		{
			fb = fq;
			xb = q[d];
		}
	}
	if (kb >= 0)
	{
		double		a = lo + (hi - lo) * (kb > 0 ? kb - 1 : 0) / steps;
		double		b = lo + (hi - lo) * (kb < steps ? kb + 1 : steps) / steps;
		const double g = 0.38196601125010515;
		double		x1 = a + g * (b - a),
					x2 = b - g * (b - a),
					f1,
					f2;

		q[d] = x1;
		f1 = f(q, arg);
		q[d] = x2;
		f2 = f(q, arg);
		while (b - a > 1e-7 * (hi - lo))
		{
			if (f1 <= f2)
			{
				b = x2;
				x2 = x1;
				f2 = f1;
				x1 = a + g * (b - a);
				q[d] = x1;
				f1 = f(q, arg);
			}
			else
			{
				a = x1;
				x1 = x2;
				f1 = f2;
				x2 = b - g * (b - a);
				q[d] = x2;
				f2 = f(q, arg);
			}
		}
		if (f1 < fb)
		{
			fb = f1;
			xb = x1;
		}
		if (f2 < fb)
		{
			fb = f2;
			xb = x2;
		}
	}
	p[d] = xb;
	return fb;
}

double
spm_minimise_box(spm_objective f, void *arg, int dim, double *p)
{
	static const double grid[4] = {0.05, 0.3, 0.6, 0.95};
#define NBEST 4
	double		starts[NBEST + 1][3];
	double		sf[NBEST + 1];
	int			nstarts;
	double		best[3],
				fbest;
	int			npts = 1;

	if (dim == 1)
		return minimise_1d(f, arg, p);

	/* starts: the caller's point, and the best points of a coarse grid */
	for (int d = 0; d < dim; d++)
	{
		p[d] = clamp01(p[d]);
		starts[0][d] = p[d];
		npts *= 4;
	}
	sf[0] = f(p, arg);
	nstarts = 1;
	for (int k = 0; k < npts; k++)
	{
		double		q[3] = {0, 0, 0};
		double		fq;
		int			r = k,
					pos;

		for (int d = 0; d < dim; d++)
		{
			q[d] = grid[r % 4];
			r /= 4;
		}
		fq = f(q, arg);
		if (!(fq < INFINITY))
			continue;
		/* insertion into the sorted list of the NBEST best grid points */
		pos = nstarts;
		while (pos > 1 && fq < sf[pos - 1])
			pos--;
		if (pos > NBEST)
			continue;
		for (int j = (nstarts < NBEST + 1 ? nstarts : NBEST); j > pos; j--)
		{
			memcpy(starts[j], starts[j - 1], sizeof(starts[0]));
			sf[j] = sf[j - 1];
		}
		memcpy(starts[pos], q, sizeof(q));
		sf[pos] = fq;
		if (nstarts < NBEST + 1)
			nstarts++;
	}
#undef NBEST

	fbest = INFINITY;
	memcpy(best, starts[0], sizeof(best));
	for (int s = 0; s < nstarts; s++)
	{
		double		q[3];
		double		fq;

		memcpy(q, starts[s], sizeof(q));
		fq = nelder_mead(f, arg, dim, q, 0.1, 300);
		if (fq < fbest)
		{
			fbest = fq;
			memcpy(best, q, sizeof(q));
		}
	}

	/*
	 * Polish: line searches along each coordinate over the whole interval
	 * (they follow the faces of the box, where a clamped simplex gets stuck,
	 * and can hop to a better basin in one parameter), then a small simplex
	 * restart; repeat while it helps.
	 */
	for (int round = 0; round < 4; round++)
	{
		double		q[3];
		double		fq,
					before = fbest;

		/*
		 * A parameter on a bound can make another one irrelevant (with alpha
		 * = 1 the seasonal update no longer depends on gamma), so the search
		 * can stall on a flat face while the minimum lies just inside it at
		 * the other parameter's far end.  Probe those: where another
		 * parameter has no effect on the face, move it to either bound,
		 * search the bound one along its axis, then refine with a small
		 * simplex.
		 */
		for (int d = 0; d < dim; d++)
		{
			if (best[d] != 0.0 && best[d] != 1.0)
				continue;
			for (int e = 0; e < dim; e++)
			{
				double		flat[2];

				if (e == d)
					continue;
				/* only where e has (numerically) no effect on this face */
				for (int v = 0; v <= 1; v++)
				{
					memcpy(q, best, sizeof(q));
					q[e] = v;
					flat[v] = f(q, arg);
				}
				if (!(fabs(flat[0] - fbest) <= 1e-10 * fbest &&
					  fabs(flat[1] - fbest) <= 1e-10 * fbest))
					continue;
				for (int v = 0; v <= 1; v++)
				{
					memcpy(q, best, sizeof(q));
					q[e] = v;
					fq = line_search(f, arg, q, d, 0.0, 1.0, f(q, arg));
					fq = nelder_mead(f, arg, dim, q, 0.02, 200);
					if (fq < fbest)
					{
						fbest = fq;
						memcpy(best, q, sizeof(q));
					}
				}
			}
		}

		for (int d = 0; d < dim; d++)
		{
			double		lo = best[d] - 0.05 < 0.0 ? 0.0 : best[d] - 0.05;
			double		hi = best[d] + 0.05 > 1.0 ? 1.0 : best[d] + 0.05;

			memcpy(q, best, sizeof(q));
			fq = line_search(f, arg, q, d, 0.0, 1.0, fbest);
			if (fq < fbest)
			{
				fbest = fq;
				memcpy(best, q, sizeof(q));
			}
			memcpy(q, best, sizeof(q));
			fq = line_search(f, arg, q, d, lo, hi, fbest);
			if (fq < fbest)
			{
				fbest = fq;
				memcpy(best, q, sizeof(q));
			}
		}
		memcpy(q, best, sizeof(q));
		fq = nelder_mead(f, arg, dim, q, 0.02, 200);
		if (fq < fbest)
		{
			fbest = fq;
			memcpy(best, q, sizeof(q));
		}
		memcpy(q, best, sizeof(q));
		fq = nelder_mead_free(f, arg, dim, q, 0.1, 300);
		if (fq < fbest)
		{
			fbest = fq;
			memcpy(best, q, sizeof(q));
		}
		if (!(fbest < before * (1.0 - 1e-12)))
			break;
	}
	/* values a hair from a bound (the sin^2 search) go to the bound if no worse */
	for (int d = 0; d < dim; d++)
	{
		double		q[3];
		double		fq;

		if (best[d] > 1e-9 && best[d] < 1.0 - 1e-9)
			continue;
		memcpy(q, best, sizeof(q));
		q[d] = best[d] <= 1e-9 ? 0.0 : 1.0;
		fq = f(q, arg);
		if (fq <= fbest)
		{
			fbest = fq;
			memcpy(best, q, sizeof(q));
		}
	}
	memcpy(p, best, sizeof(double) * dim);
	return fbest;
}

