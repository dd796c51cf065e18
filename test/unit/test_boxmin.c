/*
 * test_boxmin.c
 *	  The unit-box minimisers of src/core/boxmin.c (a line search in one
 *	  dimension; Newton's method with derivatives in two or three) on
 *	  functions with known minima: interior, on a face, in one dimension,
 *	  the lower of two basins; where they stop does not depend on the scale
 *	  of the function; a stop flag ends the search.
 */
#include "core/boxmin.h"
#include "unit.h"

static int	calls,
			bowl_dim = 3;

/*
 * minimum (0.3, 0.7) inside, and at the bound 1 in the third coordinate;
 * in bowl_dim dimensions (the others are not read); with its gradient and
 * Hessian when grad is not NULL
 */
static double
bowl2(const double *p, double *grad, double *hess, void *arg)
{
	static const double centre[3] = {0.3, 0.7, 1.2},
				weight[3] = {1.0, 2.0, 1.0};
	double		scale = arg ? *(const double *) arg : 1.0,
				v = 0.0;

	calls++;
	for (int d = 0; d < bowl_dim; d++)
	{
		v += weight[d] * (p[d] - centre[d]) * (p[d] - centre[d]);
		if (grad == NULL)
			continue;
		grad[d] = scale * 2.0 * weight[d] * (p[d] - centre[d]);
		for (int e = 0; e < bowl_dim; e++)
			hess[bowl_dim * d + e] = d == e ? scale * 2.0 * weight[d] : 0.0;
	}
	return scale * v;
}

/* one parameter: the line search on an objective's values alone */
static spm_objective2 values_of;

static double
values_only(const double *p, void *arg)
{
	return values_of(p, NULL, NULL, arg);
}

static double
minimise(spm_objective2 f, void *arg, int dim, double *p, const int *stop)
{
	if (dim > 1)
		return spm_minimise_box_newton(f, arg, dim, p, stop);
	values_of = f;
	return spm_minimise_line(values_only, arg, p, stop);
}

TEST(minimum_inside_and_on_a_face)
{
	double		p[3] = {0.5, 0.5, 0.5};
	double		f = minimise(bowl2, NULL, 3, p, NULL);

	CHECK_NEAR(p[0], 0.3, 1e-9);
	CHECK_NEAR(p[1], 0.7, 1e-9);
	CHECK(p[2] == 1.0);
	/* (1 - 1.2)^2 */
	CHECK_NEAR(f, 0.04, 1e-10);
}

/* (p - 0.3)^2 + 1 in one dimension; and |p - 1.5|, whose minimum is the bound 1 */
static double
parabola(const double *p, void *arg)
{
	(void) arg;
	return (p[0] - 0.3) * (p[0] - 0.3) + 1.0;
}

static double
vee(const double *p, void *arg)
{
	(void) arg;
	return fabs(p[0] - 1.5);
}

TEST(one_dimension)
{
	double		p[1] = {0.9};

	CHECK_NEAR(spm_minimise_line(parabola, NULL, p, NULL), 1.0, 1e-15);
	CHECK_NEAR(p[0], 0.3, 1e-8);
	p[0] = 0.2;
	CHECK(spm_minimise_line(vee, NULL, p, NULL) == 0.5);
	CHECK(p[0] == 1.0);
}

/*
 * Two basins along the first coordinate: (a - 0.2)^2 (a - 0.8)^2 + 0.01 a
 * + (b - 0.5)^2 has a local minimum near a = 0.2 (value about 0.002) and
 * a higher one near a = 0.8 (about 0.008).  Started in the higher basin,
 * the grid starts find the lower one.
 */
static double
two_basins(const double *p, double *grad, double *hess, void *arg)
{
	double		a = p[0],
				b = p[1],
				u = (a - 0.2) * (a - 0.8);

	(void) arg;
	if (grad != NULL)
	{
		grad[0] = 2.0 * u * (2.0 * a - 1.0) + 0.01;
		grad[1] = 2.0 * (b - 0.5);
		hess[0] = 2.0 * (2.0 * a - 1.0) * (2.0 * a - 1.0) + 4.0 * u;
		hess[1] = hess[2] = 0.0;
		hess[3] = 2.0;
	}
	return u * u + 0.01 * a + (b - 0.5) * (b - 0.5);
}

TEST(newton_finds_the_lower_basin)
{
	double		p[2] = {0.8, 0.5};
	double		f = spm_minimise_box_newton(two_basins, NULL, 2, p, NULL);

	CHECK(p[0] < 0.3);
	CHECK_NEAR(p[1], 0.5, 1e-9);
	/* the gradient vanishes there */
	CHECK(fabs(2.0 * (p[0] - 0.2) * (p[0] - 0.8) * (2.0 * p[0] - 1.0) + 0.01) < 1e-9);
	CHECK(f < 0.0025);
}

/*
 * The stopping tests are relative: scaling the function by 1e-250 or
 * 1e250 (far beyond any fixed tolerance) finds the same point.
 */
TEST(scale_free)
{
	static const double scales[] = {1e-250, 1e-3, 1.0, 1e3, 1e250};

	for (int dim = 1; dim <= 3; dim++)
	{
		double		ref[3] = {0.5, 0.5, 0.5};

		bowl_dim = dim;
		(void) minimise(bowl2, NULL, dim, ref, NULL);
		for (int i = 0; i < 5; i++)
		{
			double		p[3] = {0.5, 0.5, 0.5};

			(void) minimise(bowl2, (void *) &scales[i], dim, p, NULL);
			for (int d = 0; d < dim; d++)
				CHECK_NEAR(p[d], ref[d], 1e-9);
		}
	}
	bowl_dim = 3;
}

/*
 * The objective sets the stop flag after stop_after evaluations (and is
 * cheap from then on, as a stopped objective must be): the search returns
 * after a few more calls at most.
 */
static int	stop_flag,
			stop_after,
			invocations;

static double
stopping_bowl(const double *p, double *grad, double *hess, void *arg)
{
	invocations++;
	if (stop_flag)
		return INFINITY;
	if (invocations >= stop_after)
		stop_flag = 1;
	return bowl2(p, grad, hess, arg);
}

TEST(stop_flag_ends_the_search)
{
	for (int dim = 1; dim <= 3; dim++)
		{
			double		p[3] = {0.5, 0.5, 0.5};
			int			total;

			bowl_dim = dim;
			calls = 0;
			(void) minimise(bowl2, NULL, dim, p, NULL);
			total = calls;
			CHECK(total > 20);
			for (stop_after = 1; stop_after < total; stop_after++)
			{
				p[0] = p[1] = p[2] = 0.5;
				invocations = 0;
				stop_flag = 0;
				CHECK(minimise(stopping_bowl, NULL, dim, p, &stop_flag) == INFINITY ||
					  dim == 1);
				CHECK(stop_flag);
				CHECK(invocations - stop_after <= 20);
				if (unit_current_failed)
				{
					printf("#   %s, dim %d, stop after %d: %d evaluations\n",
						   dim > 1 ? "newton" : "line search", dim, stop_after, invocations);
					return;
				}
			}
		}
	bowl_dim = 3;
}

int
main(void)
{
	RUN(minimum_inside_and_on_a_face);
	RUN(one_dimension);
	RUN(newton_finds_the_lower_basin);
	RUN(scale_free);
	RUN(stop_flag_ends_the_search);
	UNIT_DONE();
}
