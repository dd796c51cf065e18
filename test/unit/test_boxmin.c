/*
 * test_boxmin.c
 *	  The unit-box minimiser of src/core/boxmin.c on functions with known
 *	  minima: interior, on a face, in one dimension; where it stops does not
 *	  depend on the scale of the function; a stop flag ends the search.
 */
#include "core/boxmin.h"
#include "unit.h"

static int	calls,
			bowl_dim = 3;

/*
 * minimum (0.3, 0.7) inside, and at the bound 1 in the third coordinate;
 * in bowl_dim dimensions (the others are not read)
 */
static double
bowl(const double *p, void *arg)
{
	static const double centre[3] = {0.3, 0.7, 1.2},
				weight[3] = {1.0, 2.0, 1.0};
	double		scale = arg ? *(const double *) arg : 1.0,
				v = 0.0;

	calls++;
	for (int d = 0; d < bowl_dim; d++)
		v += weight[d] * (p[d] - centre[d]) * (p[d] - centre[d]);
	return scale * v;
}

TEST(minimum_inside_and_on_a_face)
{
	double		p[3] = {0.5, 0.5, 0.5};
	double		f = spm_minimise_box(bowl, NULL, 3, p, NULL);

	CHECK_NEAR(p[0], 0.3, 1e-6);
	CHECK_NEAR(p[1], 0.7, 1e-6);
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

	CHECK_NEAR(spm_minimise_box(parabola, NULL, 1, p, NULL), 1.0, 1e-15);
	CHECK_NEAR(p[0], 0.3, 1e-8);
	p[0] = 0.2;
	CHECK(spm_minimise_box(vee, NULL, 1, p, NULL) == 0.5);
	CHECK(p[0] == 1.0);
}

/*
 * The stopping tests are relative: scaling the function by 1e-250 or
 * 1e250 (far beyond any fixed tolerance) finds the same point.
 */
TEST(scale_free)
{
	static const double scales[] = {1e-250, 1e-3, 1.0, 1e3, 1e250};
	double		ref[3] = {0.5, 0.5, 0.5};

	(void) spm_minimise_box(bowl, NULL, 3, ref, NULL);
	for (int i = 0; i < 5; i++)
	{
		double		p[3] = {0.5, 0.5, 0.5};

		(void) spm_minimise_box(bowl, (void *) &scales[i], 3, p, NULL);
		for (int d = 0; d < 3; d++)
			CHECK_NEAR(p[d], ref[d], 1e-9);
	}
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
stopping_bowl(const double *p, void *arg)
{
	invocations++;
	if (stop_flag)
		return INFINITY;
	if (invocations >= stop_after)
		stop_flag = 1;
	return bowl(p, arg);
}

TEST(stop_flag_ends_the_search)
{
	for (int dim = 1; dim <= 3; dim++)
	{
		double		p[3] = {0.5, 0.5, 0.5};
		int			total;

		bowl_dim = dim;
		calls = 0;
		(void) spm_minimise_box(bowl, NULL, dim, p, NULL);
		total = calls;
		CHECK(total > (dim == 1 ? 50 : 1000));
		for (stop_after = 1; stop_after < total; stop_after += 7)
		{
			p[0] = p[1] = p[2] = 0.5;
			invocations = 0;
			stop_flag = 0;
			(void) spm_minimise_box(stopping_bowl, NULL, dim, p, &stop_flag);
			CHECK(stop_flag);
			CHECK(invocations - stop_after <= 20);
			if (unit_current_failed)
			{
				printf("#   dim %d, stop after %d: %d evaluations\n", dim, stop_after, invocations);
				break;
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
	RUN(scale_free);
	RUN(stop_flag_ends_the_search);
	UNIT_DONE();
}
