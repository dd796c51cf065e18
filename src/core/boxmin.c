/*
 * boxmin.c
 *	  Minimisation of a function of one to three parameters over the unit
 *	  box [0, 1]^dim, for fitting smoothing parameters: a coarse grid, several
 *	  Nelder-Mead searches (kept in the box by clamping, or run in sin^2
 *	  coordinates that cannot stick to a face), coordinate line searches
 *	  (a grid, then golden-section search), and probes of flat faces.  No
 *	  PostgreSQL headers.
 */
#include "boxmin.h"

#include <math.h>
#include <string.h>

/* the problem: objective, dimension and the caller's stop flag */
typedef struct box
{
	spm_objective f;
	void	   *arg;
	int			dim;
	const int  *stop;
} box;

static inline int
stopped(const box *b)
{
	return b->stop != NULL && *b->stop;
}

static inline double
clamp01(double v)
{
	return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* keep (x, f) as the best point so far if f is lower */
static inline void
keep_better(double x, double f, double *xb, double *fb)
{
	if (f < *fb)
	{
		*fb = f;
		*xb = x;
	}
}

/*
 * Minimise along coordinate d of p over [lo, hi]: the values at a grid of
 * steps + 1 points, then golden-section search of the best grid point's
 * bracket (even if that point is no better than fcur) down to a width of
 * rel_tol * (hi - lo).  p[d] moves to the best point found when its value
 * is below fcur; returns that value, or fcur.
 */
static double
line_search(const box *b, double *p, int d, double lo, double hi, int steps,
			double rel_tol, double fcur)
{
	const double g = 0.38196601125010515;	/* (3 - sqrt(5)) / 2 */
	double		q[3] = {0, 0, 0},
				fb = fcur,
				xb = p[d],
				fgrid = INFINITY;
	int			kb = -1;

	memcpy(q, p, sizeof(double) * b->dim);
	for (int k = 0; k <= steps && !stopped(b); k++)
	{
		double		fq;

		q[d] = lo + (hi - lo) * k / steps;
		fq = b->f(q, b->arg);
		if (fq < fgrid)
		{
			fgrid = fq;
			kb = k;
		}
		keep_better(q[d], fq, &xb, &fb);
	}
	if (kb >= 0)
	{
		double		a = lo + (hi - lo) * (kb > 0 ? kb - 1 : 0) / steps;
		double		c = lo + (hi - lo) * (kb < steps ? kb + 1 : steps) / steps;
		double		x1 = a + g * (c - a),
					x2 = c - g * (c - a),
					f1,
					f2;

		q[d] = x1;
		f1 = b->f(q, b->arg);
		q[d] = x2;
		f2 = b->f(q, b->arg);
		while (c - a > rel_tol * (hi - lo) && !stopped(b))
		{
			if (f1 <= f2)
			{
				c = x2;
				x2 = x1;
				f2 = f1;
				x1 = a + g * (c - a);
				q[d] = x1;
				f1 = b->f(q, b->arg);
			}
			else
			{
				a = x1;
				x1 = x2;
				f1 = f2;
				x2 = c - g * (c - a);
				q[d] = x2;
				f2 = b->f(q, b->arg);
			}
		}
		keep_better(x1, f1, &xb, &fb);
		keep_better(x2, f2, &xb, &fb);
	}
	p[d] = xb;
	return fb;
}

/*
 * Nelder-Mead in one of two coordinate systems for the box:
 *
 * NM_CLAMPED: the simplex lives in the box, every trial point is clamped
 * into it.  Fast on the interior, but a simplex can collapse onto a face.
 *
 * NM_SIN2: unconstrained coordinates u with p = sin^2(u), where the box has
 * no faces for a simplex to collapse onto, so the search can leave a bound
 * (and reach one exactly); it finishes the job near the bounds.
 *
 * p: start on entry, best point on exit; returns its value.
 */
typedef enum nm_coords
{
	NM_CLAMPED,
	NM_SIN2
} nm_coords;

static double
nm_value(const box *b, nm_coords coords, const double *y)
{
	double		p[3];

	if (coords == NM_CLAMPED)
		return b->f(y, b->arg);
	for (int d = 0; d < b->dim; d++)
	{
		double		sn = sin(y[d]);

		p[d] = sn * sn;
	}
	return b->f(p, b->arg);
}

/* a new trial point: clamped coordinates stay in the box */
static inline void
nm_trial(const box *b, nm_coords coords, double *y)
{
	if (coords == NM_CLAMPED)
		for (int d = 0; d < b->dim; d++)
			y[d] = clamp01(y[d]);
}

static double
nelder_mead(const box *b, nm_coords coords, double *p, double step, int maxeval)
{
	const int	dim = b->dim,
				n1 = dim + 1;
	double		sx[4][3],
				fx[4],
				y0[3];
	int			evals = 0,
				best = 0;

	for (int d = 0; d < dim; d++)
		y0[d] = coords == NM_SIN2 ? asin(sqrt(clamp01(p[d]))) : p[d];
	for (int i = 0; i < n1; i++)
	{
		memcpy(sx[i], y0, sizeof(double) * dim);
		if (i > 0)
		{
			int			d = i - 1;

			/* in the box, step inwards from the upper face */
			sx[i][d] = coords == NM_CLAMPED && y0[d] + step > 1.0
				? y0[d] - step : y0[d] + step;
		}
		fx[i] = nm_value(b, coords, sx[i]);
		evals++;
	}
	while (evals < maxeval && !stopped(b))
	{
		int			lo = 0,
					hi = 0,
					nh;
		double		c[3],
					xr[3],
					xe[3],
					xc[3],
					fr,
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
		/* converged: a tiny simplex, or values equal to 1e-15 relative */
		if (size < 1e-10 || fx[hi] - fx[lo] <= 1e-15 * fabs(fx[lo]))
			break;

		for (int d = 0; d < dim; d++)
		{
			c[d] = 0.0;
			for (int i = 0; i < n1; i++)
				if (i != hi)
					c[d] += sx[i][d];
			c[d] /= dim;
			xr[d] = c[d] + (c[d] - sx[hi][d]);
		}
		nm_trial(b, coords, xr);
		fr = nm_value(b, coords, xr);
		evals++;
		if (fr < fx[lo])
		{
			double		fe;

			for (int d = 0; d < dim; d++)
				xe[d] = c[d] + 2.0 * (c[d] - sx[hi][d]);
			nm_trial(b, coords, xe);
			fe = nm_value(b, coords, xe);
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
				xc[d] = outside ? c[d] + 0.5 * (xr[d] - c[d])
					: c[d] + 0.5 * (sx[hi][d] - c[d]);
			fc = nm_value(b, coords, xc);
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
					fx[i] = nm_value(b, coords, sx[i]);
					evals++;
				}
			}
		}
	}
	for (int i = 1; i < n1; i++)
		if (fx[i] < fx[best])
			best = i;
	for (int d = 0; d < dim; d++)
	{
		double		sn = sin(sx[best][d]);

		p[d] = coords == NM_SIN2 ? sn * sn : sx[best][d];
	}
	return fx[best];
}

double
spm_minimise_box(spm_objective f, void *arg, int dim, double *p,
				 const int *stop)
{
	static const double grid[4] = {0.05, 0.3, 0.6, 0.95};
#define NBEST 4
	box			b = {f, arg, dim, stop};
	double		starts[NBEST + 1][3];
	double		sf[NBEST + 1];
	int			nstarts;
	double		best[3],
				fbest;
	int			npts = 1;

	/* one parameter: a grid of 21 points, then golden section */
	if (dim == 1)
		return line_search(&b, p, 0, 0.0, 1.0, 20, 1e-10, INFINITY);

	/* starts: the caller's point, and the best points of a coarse grid */
	for (int d = 0; d < dim; d++)
	{
		p[d] = clamp01(p[d]);
		starts[0][d] = p[d];
		npts *= 4;
	}
	sf[0] = f(p, arg);
	nstarts = 1;
	for (int k = 0; k < npts && !stopped(&b); k++)
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
	for (int s = 0; s < nstarts && !stopped(&b); s++)
	{
		double		q[3];
		double		fq;

		memcpy(q, starts[s], sizeof(q));
		fq = nelder_mead(&b, NM_CLAMPED, q, 0.1, 300);
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
	for (int round = 0; round < 4 && !stopped(&b); round++)
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
					line_search(&b, q, d, 0.0, 1.0, 10, 1e-7, f(q, arg));
					fq = nelder_mead(&b, NM_CLAMPED, q, 0.02, 200);
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
			fq = line_search(&b, q, d, 0.0, 1.0, 10, 1e-7, fbest);
			if (fq < fbest)
			{
				fbest = fq;
				memcpy(best, q, sizeof(q));
			}
			memcpy(q, best, sizeof(q));
			fq = line_search(&b, q, d, lo, hi, 10, 1e-7, fbest);
			if (fq < fbest)
			{
				fbest = fq;
				memcpy(best, q, sizeof(q));
			}
		}
		memcpy(q, best, sizeof(q));
		fq = nelder_mead(&b, NM_CLAMPED, q, 0.02, 200);
		if (fq < fbest)
		{
			fbest = fq;
			memcpy(best, q, sizeof(q));
		}
		memcpy(q, best, sizeof(q));
		fq = nelder_mead(&b, NM_SIN2, q, 0.1, 300);
		if (fq < fbest)
		{
			fbest = fq;
			memcpy(best, q, sizeof(q));
		}
		if (!(fbest < before * (1.0 - 1e-12)))
			break;
	}
	if (stopped(&b))
		return INFINITY;
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
