/*
 * boxmin.c
 *	  Minimisation of a function of one to three parameters over the unit
 *	  box [0, 1]^dim, for fitting smoothing parameters: one parameter by a
 *	  grid and golden-section search; two or three by Newton's method with
 *	  exact derivatives, kept in the box, from several starts, with scans for
 *	  other basins and probes of flat faces.  No PostgreSQL headers.
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

double
spm_minimise_line(spm_objective f, void *arg, double *p, const int *stop)
{
	box			b = {f, arg, 1, stop};

	/* a grid of 21 points, then golden section */
	return line_search(&b, p, 0, 0.0, 1.0, 20, 1e-10, INFINITY);
}

/* ---- Newton's method in the box ------------------------------------- */

/*
 * Eigenvalues w[n] and eigenvectors (columns of v, row stride 3) of the
 * symmetric n x n matrix a (row stride 3, n <= 3), by cyclic Jacobi
 * rotations.
 */
static void
sym_eigen(const double *a, int n, double *w, double *v)
{
	double		m[3][3];

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
		{
			m[i][j] = a[3 * i + j];
			v[3 * i + j] = i == j ? 1.0 : 0.0;
		}
	for (int sweep = 0; sweep < 30; sweep++)
	{
		double		off = 0.0,
					diag = 0.0;

		for (int i = 0; i < n; i++)
		{
			diag += m[i][i] * m[i][i];
			for (int j = i + 1; j < n; j++)
				off += m[i][j] * m[i][j];
		}
		if (!(off > 1e-32 * diag))
			break;
		for (int p = 0; p < n; p++)
			for (int q = p + 1; q < n; q++)
			{
				double		theta,
							t,
							c,
							sn;

				if (m[p][q] == 0.0)
					continue;
				theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
				t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
				c = 1.0 / sqrt(t * t + 1.0);
				sn = t * c;
				for (int k = 0; k < n; k++)
				{
					double		mkp = m[k][p],
								mkq = m[k][q];

					m[k][p] = c * mkp - sn * mkq;
					m[k][q] = sn * mkp + c * mkq;
				}
				for (int k = 0; k < n; k++)
				{
					double		mpk = m[p][k],
								mqk = m[q][k];

					m[p][k] = c * mpk - sn * mqk;
					m[q][k] = sn * mpk + c * mqk;
				}
				for (int k = 0; k < n; k++)
				{
					double		vkp = v[3 * k + p],
								vkq = v[3 * k + q];

					v[3 * k + p] = c * vkp - sn * vkq;
					v[3 * k + q] = sn * vkp + c * vkq;
				}
			}
	}
	for (int i = 0; i < n; i++)
		w[i] = m[i][i];
}

/*
 * The Newton step s = -A^-1 g for the symmetric n x n A (row stride 3),
 * with each eigenvalue of A replaced by its absolute value, and by at least
 * 1e-8 times the largest one (saddle-free Newton): a descent direction
 * that goes down the directions of negative curvature too.  Returns 1 when
 * A was positive definite, so that s is the plain Newton step.
 */
static int
newton_step(const double *a, int n, const double *g, double *s)
{
	double		w[3],
				v[9],
				top = 0.0;
	int			pd = 1;

	sym_eigen(a, n, w, v);
	for (int i = 0; i < n; i++)
		top = fmax(top, fabs(w[i]));
	for (int i = 0; i < n; i++)
		s[i] = 0.0;
	for (int k = 0; k < n; k++)
	{
		double		lam = fabs(w[k]),
					vg = 0.0;

		if (!(w[k] > 1e-8 * top))
			pd = 0;
		if (lam < 1e-8 * top)
			lam = 1e-8 * top;
		for (int i = 0; i < n; i++)
			vg += v[3 * i + k] * g[i];
		for (int i = 0; i < n; i++)
			s[i] -= (top > 0.0 ? vg / lam : vg) * v[3 * i + k];
	}
	return pd;
}

/*
 * Projected Newton from x (on exit the point reached; returns its value).
 * At each step the coordinates on a bound whose gradient points out of the
 * box stay there; the others follow newton_step, projected onto the box and
 * halved until the value falls by an Armijo fraction of the first-order
 * prediction; failing that, the steepest descent direction, the same way.
 * Stops when the Newton step would gain less than 1e-15 relative, or a step
 * gains less than that or moves less than 1e-13, or no step gains.
 */
static double
newton_box(spm_objective2 f, void *arg, int dim, double *x, int maxit,
		   double fbest, const int *stop)
{
	double		g[3],
				h[9],
				fx;

	fx = f(x, g, h, arg);
	for (int it = 0; it < maxit && !(stop != NULL && *stop); it++)
	{
		int			fr[3],
					nf = 0;
		double		a[9],
					gf[3],
					s[3],
					dec = 0.0;
		int			moved = 0;

		if (!(fx < INFINITY))
			break;
		for (int d = 0; d < dim; d++)
			if (!((x[d] <= 0.0 && g[d] > 0.0) || (x[d] >= 1.0 && g[d] < 0.0)))
				fr[nf++] = d;
		if (nf == 0)
			break;
		for (int i = 0; i < nf; i++)
		{
			gf[i] = g[fr[i]];
			for (int j = 0; j < nf; j++)
				a[3 * i + j] = h[dim * fr[i] + fr[j]];
		}

		/* at the bottom when the Newton step would gain too little to matter */
		if (newton_step(a, nf, gf, s))
		{
			for (int i = 0; i < nf; i++)
				dec -= gf[i] * s[i];
			if (dec <= 1e-15 * fabs(fx))
				break;

			/*
			 * Near a minimum that four times the gain the quadratic model
			 * predicts would leave above the best one found so far: give up
			 */
			if (fx - 2.0 * dec > fbest)
				break;
		}
		for (int attempt = 0; attempt < 2 && !moved; attempt++)
		{
			double		xn[3],
						gn[3],
						hn[9],
						fn,
						t = 1.0;

			if (attempt == 1)
			{
				/* steepest descent, at most 0.1 at first */
				double		gmax = 0.0;

				for (int i = 0; i < nf; i++)
					gmax = fmax(gmax, fabs(gf[i]));
				if (gmax == 0.0)
					break;
				for (int i = 0; i < nf; i++)
					s[i] = -0.1 * gf[i] / gmax;
			}
			for (int ls = 0; ls < 40; ls++, t *= 0.5)
			{
				double		pred = 0.0,
							dist = 0.0;

				memcpy(xn, x, sizeof(double) * dim);
				for (int i = 0; i < nf; i++)
				{
					int			d = fr[i];

					xn[d] = clamp01(x[d] + t * s[i]);
					pred += g[d] * (xn[d] - x[d]);
					dist = fmax(dist, fabs(xn[d] - x[d]));
				}
				if (dist < 1e-13 || !(pred < 0.0))
					break;
				fn = f(xn, gn, hn, arg);
				if (stop != NULL && *stop)
					return INFINITY;
				if (fn <= fx + 1e-4 * pred)
				{
					double		gain = fx - fn;

					memcpy(x, xn, sizeof(double) * dim);
					memcpy(g, gn, sizeof(gn));
					memcpy(h, hn, sizeof(hn));
					fx = fn;
					moved = 1;
					if (gain <= 1e-15 * fabs(fx) || dist < 1e-13)
						moved = 2;
					break;
				}
			}
		}
		if (moved != 1)
			break;
	}
	return fx;
}

/* newton_box from q; q and its value become the best if lower */
static void
newton_keep(spm_objective2 f, void *arg, int dim, double *q, const int *stop,
			double *best, double *fbest)
{
	double		fq = newton_box(f, arg, dim, q, 100, *fbest, stop);

	if (fq < *fbest)
	{
		*fbest = fq;
		memcpy(best, q, sizeof(double) * dim);
	}
}

/*
 * The values along coordinate d of q at 0, 0.1, ..., 1 (near_bound: and
 * at 0.0025, 0.005, 0.01, 0.02, 0.04 and 0.07 from either bound, where a
 * narrow dip can hide beside a face), and newton_keep from the lowest of
 * them and q itself (fq its value) if that is below below (INFINITY: in any
 * case).
 */
static void
scan_newton(spm_objective2 f, void *arg, int dim, const double *q, double fq,
			int d, int near_bound, double below, const int *stop,
			double *best, double *fbest)
{
	static const double near[6] = {0.0025, 0.005, 0.01, 0.02, 0.04, 0.07};
	double		r[3],
				rb[3];
	int			npts = near_bound ? 11 + 12 : 11;

	memcpy(r, q, sizeof(r));
	memcpy(rb, q, sizeof(rb));
	for (int k = 0; k < npts; k++)
	{
		double		fr;

		if (stop != NULL && *stop)
			return;
		if (k <= 10)
			r[d] = k / 10.0;
		else
			r[d] = k < 17 ? near[k - 11] : 1.0 - near[k - 17];
		fr = f(r, NULL, NULL, arg);
		if (fr < fq)
		{
			fq = fr;
			memcpy(rb, r, sizeof(r));
		}
	}
	if (fq < below)
		newton_keep(f, arg, dim, rb, stop, best, fbest);
}

double
spm_minimise_box_newton(spm_objective2 f, void *arg, int dim, double *p,
						const int *stop)
{
	static const double grid[4] = {0.05, 0.3, 0.6, 0.95};
	double		starts[5][3];
	double		sf[5];
	int			nstarts = 1,
				npts = 1;
	double		best[3],
				fbest = INFINITY;

	/*
	 * Starts: the caller's point, and for each grid value of the first
	 * coordinate the best point of the grid with it (basins of different
	 * minima tend to lie side by side along the first coordinate, alpha).
	 */
	for (int d = 0; d < dim; d++)
	{
		p[d] = clamp01(p[d]);
		starts[0][d] = p[d];
		npts *= 4;
	}
	for (int i = 1; i < 5; i++)
		sf[i] = INFINITY;
	for (int k = 0; k < npts && !(stop != NULL && *stop); k++)
	{
		double		q[3] = {0, 0, 0};
		double		fq;
		int			r = k;

		for (int d = 0; d < dim; d++)
		{
			q[d] = grid[r % 4];
			r /= 4;
		}
		fq = f(q, NULL, NULL, arg);
		if (fq < sf[1 + k % 4])
		{
			sf[1 + k % 4] = fq;
			memcpy(starts[1 + k % 4], q, sizeof(q));
		}
	}
	for (int i = 1; i < 5; i++)
		if (sf[i] < INFINITY)
			memcpy(starts[nstarts++], starts[i], sizeof(starts[0]));
	memcpy(best, starts[0], sizeof(best));
	for (int s = 0; s < nstarts && !(stop != NULL && *stop); s++)
	{
		double		q[3];

		memcpy(q, starts[s], sizeof(q));
		newton_keep(f, arg, dim, q, stop, best, &fbest);
	}

	/*
	 * Newton finds the bottom of one basin.  Look for others from the best
	 * point: along each coordinate over the whole interval (a coarse scan),
	 * and across flat faces, where a parameter on a bound makes another one
	 * irrelevant (with alpha = 1 the seasonal update no longer depends on
	 * gamma) so that the minimum can lie just inside the face at the other
	 * parameter's far end.  Repeat while it helps.
	 */
	for (int round = 0; round < 4 && !(stop != NULL && *stop); round++)
	{
		double		before = fbest,
					base[3];

		memcpy(base, best, sizeof(base));
		for (int d = 0; d < dim; d++)
		{
			if (base[d] != 0.0 && base[d] != 1.0)
				continue;
			for (int e = 0; e < dim; e++)
			{
				double		q[3],
							flat[2];

				if (e == d)
					continue;
				for (int v = 0; v <= 1; v++)
				{
					memcpy(q, base, sizeof(q));
					q[e] = v;
					flat[v] = f(q, NULL, NULL, arg);
				}
				if (!(fabs(flat[0] - fbest) <= 1e-10 * fbest &&
					  fabs(flat[1] - fbest) <= 1e-10 * fbest))
					continue;
				for (int v = 0; v <= 1; v++)
				{
					memcpy(q, base, sizeof(q));
					q[e] = v;
					scan_newton(f, arg, dim, q, flat[v], d, 1, INFINITY, stop, best, &fbest);
				}
			}
		}
		for (int d = 0; d < dim; d++)
		{
			double		q[3];

			memcpy(q, best, sizeof(q));
			scan_newton(f, arg, dim, q, fbest, d, 0, fbest, stop, best, &fbest);
		}
		if (!(fbest < before * (1.0 - 1e-12)))
			break;
	}
	if (stop != NULL && *stop)
		return INFINITY;
	memcpy(p, best, sizeof(double) * dim);
	/* the value without derivatives, which can differ in the last bits */
	return f(p, NULL, NULL, arg);
}
