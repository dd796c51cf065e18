/*
 * test_ols.c
 *	  The regression state against NIST StRD "Norris" certified values, R's
 *	  lm / predict.lm (ref_forecast.h) and exact rational statistics of
 *	  near-perfect fits (ref_ols_exact.h), merge, invariants and text form.
 */
#include "core/ols.h"
#include "core/tdist.h"
#include "unit.h"
#include "ref_forecast.h"
#include "ref_ols_exact.h"

/* NIST StRD Norris, https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml: {y, x} */
static const double norris[36][2] = {
	{0.1, 0.2}, {338.8, 337.4}, {118.1, 118.2}, {888.0, 884.6}, {9.2, 10.1},
	{228.1, 226.5}, {668.5, 666.3}, {998.5, 996.3}, {449.1, 448.6}, {778.9, 777.0},
	{559.2, 558.2}, {0.3, 0.4}, {0.1, 0.6}, {778.1, 775.5}, {668.8, 666.9},
	{339.3, 338.0}, {448.9, 447.5}, {10.8, 11.6}, {557.7, 556.0}, {228.3, 228.1},
	{998.0, 995.8}, {888.8, 887.6}, {119.6, 120.2}, {0.3, 0.3}, {0.6, 0.3},
	{557.6, 556.8}, {339.3, 339.1}, {888.0, 887.2}, {998.5, 999.0}, {778.9, 779.0},
	{10.2, 11.1}, {117.6, 118.3}, {228.9, 229.2}, {668.4, 669.1}, {449.2, 448.9},
	{0.2, 0.5}
};

static void
check_norris(const spm_trend *t)
{
	spm_trend_summary s;

	spm_trend_summarise(t, &s);
	CHECK(s.n == 36 && s.has_slope && s.has_r2 && s.has_se);
	/* certified values */
	CHECK_NEAR(s.slope / 1.00211681802045, 1.0, 1e-12);
	CHECK_NEAR(s.intercept / -0.262323073774029, 1.0, 1e-10);
	CHECK_NEAR(s.se_slope / 0.429796848199937E-03, 1.0, 1e-10);
	CHECK_NEAR(s.se_intercept / 0.232818234301152, 1.0, 1e-10);
	CHECK_NEAR(s.residual_se / 0.884796396144373, 1.0, 1e-10);
	CHECK_NEAR(s.r2 / 0.999993745883712, 1.0, 1e-12);
}

TEST(norris_certified)
{
	spm_trend	t;

	spm_trend_init(&t);
	for (int i = 0; i < 36; i++)
		CHECK(spm_trend_add(&t, norris[i][0], norris[i][1]) == 0);
	check_norris(&t);
}

/* any split into partial states, merged (also with empty ones), is as good */
TEST(norris_merged)
{
	for (int cut = 0; cut <= 36; cut += 5)
	{
		spm_trend	a,
					b,
					e;

		spm_trend_init(&a);
		spm_trend_init(&b);
		spm_trend_init(&e);
		for (int i = 0; i < 36; i++)
			spm_trend_add(i < cut ? &a : &b, norris[i][0], norris[i][1]);
		CHECK(spm_trend_combine(&a, &e) == 0);
		CHECK(spm_trend_combine(&e, &a) == 0);
		CHECK(spm_trend_combine(&e, &b) == 0);
		check_norris(&e);
	}
}

/* a large offset in x: the naive sum-of-squares formula would lose it all */
TEST(offset_stability)
{
	spm_trend	t;
	spm_trend_summary s;

	spm_trend_init(&t);
	for (int i = 0; i < 36; i++)
		spm_trend_add(&t, norris[i][0], norris[i][1] + 1e9);
	spm_trend_summarise(&t, &s);
	CHECK_NEAR(s.slope / 1.00211681802045, 1.0, 1e-6);
	CHECK_NEAR(s.residual_se / 0.884796396144373, 1.0, 1e-6);
}

TEST(cars_against_r)
{
	spm_trend	t;
	spm_trend_summary s;
	int			n = sizeof(ref_cars_speed) / sizeof(ref_cars_speed[0]);

	spm_trend_init(&t);
	for (int i = 0; i < n; i++)
		spm_trend_add(&t, ref_cars_dist[i], ref_cars_speed[i]);
	spm_trend_summarise(&t, &s);
	CHECK_NEAR(s.slope, ref_cars_stats[0], 1e-12);
	CHECK_NEAR(s.intercept, ref_cars_stats[1], 1e-12);
	CHECK_NEAR(s.r2, ref_cars_stats[2], 1e-12);
	CHECK_NEAR(s.se_slope, ref_cars_stats[3], 1e-12);
	CHECK_NEAR(s.se_intercept, ref_cars_stats[4], 1e-12);
	CHECK_NEAR(s.residual_se, ref_cars_stats[5], 1e-12);
	for (size_t i = 0; i < sizeof(ref_cars_pred) / sizeof(ref_cars_pred[0]); i++)
	{
		double		pt,
					lo,
					hi;

		CHECK(spm_trend_predict(&t, ref_cars_pred[i][0], ref_cars_pred[i][1], &pt, &lo, &hi) == 0);
		CHECK_NEAR(pt / ref_cars_pred[i][2], 1.0, 1e-10);
		CHECK_NEAR(lo / ref_cars_pred[i][3], 1.0, 1e-10);
		CHECK_NEAR(hi / ref_cars_pred[i][4], 1.0, 1e-10);
	}
}

TEST(degenerate)
{
	spm_trend	t;
	spm_trend_summary s;
	double		pt,
				lo,
				hi;

	spm_trend_init(&t);
	spm_trend_summarise(&t, &s);
	CHECK(s.n == 0 && !s.has_slope);
	CHECK(spm_trend_predict(&t, 1.0, 0.95, &pt, &lo, &hi) == -1);
	spm_trend_add(&t, 1.0, 1.0);
	spm_trend_add(&t, 3.0, 2.0);
	spm_trend_summarise(&t, &s);
	CHECK(s.has_slope && s.has_r2 && !s.has_se);
	CHECK(s.slope == 2.0 && s.intercept == -1.0 && s.r2 == 1.0);
	CHECK(spm_trend_predict(&t, 3.0, 0.95, &pt, &lo, &hi) == 1 && pt == 5.0);
	/* constant x: no slope */
	spm_trend_init(&t);
	spm_trend_add(&t, 1.0, 4.0);
	spm_trend_add(&t, 2.0, 4.0);
	spm_trend_summarise(&t, &s);
	CHECK(!s.has_slope);
	/* constant y: slope 0, no r2 */
	spm_trend_init(&t);
	for (int i = 0; i < 4; i++)
		spm_trend_add(&t, 7.0, i);
	spm_trend_summarise(&t, &s);
	CHECK(s.has_slope && s.slope == 0.0 && !s.has_r2 && s.has_se && s.residual_se == 0.0);
	/* overflow: y - y0 = -2e308 */
	spm_trend_init(&t);
	CHECK(spm_trend_add(&t, 1e308, 1.0) == 0);
	CHECK(spm_trend_add(&t, 1e308, 2.0) == 0);
	CHECK(spm_trend_add(&t, -1e308, 3.0) == -1);
	/* the count itself */
	spm_trend_init(&t);
	spm_trend_add(&t, 1.0, 1.0);
	t.n = INT64_MAX;
	CHECK(spm_trend_add(&t, 1.0, 1.0) == -1);
	{
		spm_trend	u;

		spm_trend_init(&u);
		spm_trend_add(&u, 2.0, 2.0);
		CHECK(spm_trend_combine(&t, &u) == -1);
	}
}

/*
 * The statistics of each series, fed in order, against the exact rational
 * values (test/reference/ols_exact.py): slope, intercept, R^2 and the point
 * prediction to 1e-14, the interval bounds to 1e-15 (of the point), the
 * standard errors to 1e-11 relative although
 * 1 - R^2 is as small as 7.5e-21 (where plain double accumulation gave
 * residual_se = 0, or errors of 3e-3 at offsets of 1e9 and 1e12).
 */
static void
check_exact(const ref_ols *r, const spm_trend *t)
{
	spm_trend_summary s;
	double		pt,
				lo,
				hi,
				q = spm_qt(0.975, r->n - 2.0);

	spm_trend_summarise(t, &s);
	CHECK(s.n == r->n && s.has_slope && s.has_r2 && s.has_se);
	CHECK_NEAR(s.slope / r->slope, 1.0, 1e-14);
	CHECK_NEAR(s.intercept / r->intercept, 1.0, 1e-14);
	CHECK_NEAR(s.r2 / r->r2, 1.0, 1e-14);
	CHECK_NEAR(s.se_slope, r->se_slope, 1e-11 * r->se_slope);
	CHECK_NEAR(s.se_intercept, r->se_intercept, 1e-11 * r->se_intercept);
	CHECK_NEAR(s.residual_se, r->residual_se, 1e-11 * r->residual_se);
	CHECK_NEAR(spm_trend_rss(t), r->residual_se * r->residual_se * (r->n - 2),
			   3e-11 * r->residual_se * r->residual_se * (r->n - 2));
	CHECK(spm_trend_predict(t, r->x_new, 0.95, &pt, &lo, &hi) == 0);
	CHECK_NEAR(pt / r->point, 1.0, 1e-14);
	/* the bounds as doubles: to an ulp or two of the point */
	CHECK_NEAR(lo, r->point - q * r->se_pred, 1e-15);
	CHECK_NEAR(hi, r->point + q * r->se_pred, 1e-15);
	if (r->residual_se == 0.0)
		CHECK(s.residual_se == 0.0 && s.r2 == 1.0 && lo == pt && hi == pt);
}

TEST(exact_serial)
{
	for (size_t k = 0; k < sizeof(ref_ols_exact) / sizeof(ref_ols_exact[0]); k++)
	{
		const ref_ols *r = &ref_ols_exact[k];
		spm_trend	t;

		spm_trend_init(&t);
		for (int i = 0; i < r->n; i++)
			CHECK(spm_trend_add(&t, r->y[i], r->x[i]) == 0);
		check_exact(r, &t);
	}
}

/*
 * Partial states as parallel workers make them: each series dealt out
 * round-robin or in blocks to up to four states, merged in either order.
 */
TEST(exact_combined)
{
	for (size_t k = 0; k < sizeof(ref_ols_exact) / sizeof(ref_ols_exact[0]); k++)
	{
		const ref_ols *r = &ref_ols_exact[k];

		for (int parts = 2; parts <= 4; parts++)
			for (int blocks = 0; blocks <= 1; blocks++)
				for (int reverse = 0; reverse <= 1; reverse++)
				{
					spm_trend	part[4],
								all;

					for (int p = 0; p < parts; p++)
						spm_trend_init(&part[p]);
					for (int i = 0; i < r->n; i++)
					{
						int			p = blocks ? i * parts / r->n : i % parts;

						CHECK(spm_trend_add(&part[p], r->y[i], r->x[i]) == 0);
					}
					spm_trend_init(&all);
					for (int p = 0; p < parts; p++)
						CHECK(spm_trend_combine(&all, &part[reverse ? parts - 1 - p : p]) == 0);
					check_exact(r, &all);
				}
	}
}

TEST(text_round_trip)
{
	spm_trend	t,
				u;
	char		buf[SPM_TREND_TEXT_MAX],
				err[160];

	spm_trend_init(&t);
	for (int i = 0; i < 36; i++)
		spm_trend_add(&t, norris[i][0], norris[i][1]);
	spm_trend_format(&t, buf, sizeof(buf));
	CHECK(spm_trend_parse(buf, &u, err, sizeof(err)) == 0);
	CHECK(memcmp(&t, &u, sizeof(t)) == 0);
	CHECK(spm_trend_parse(" ( 0 , 0 ,0, 0,0 ,0,0,0,0,0,0,0,0 ) ", &u, err, sizeof(err)) == 0 && u.n == 0);
	CHECK(spm_trend_parse("(1,2,3,0,0,0,0,0,0,0,0,0,0)", &u, err, sizeof(err)) == 0);
	CHECK(u.x0 == 2.0 && u.y0 == 3.0);
	/* two points (0,0) and (2,4): shifted sums 2, 4, 4, 16, 8 */
	CHECK(spm_trend_parse("(2,0,0,2,0,4,0,4,0,16,0,8,0)", &u, err, sizeof(err)) == 0);
	/* states no data can produce */
	CHECK(spm_trend_parse("(2,0,0,2,0,4,0,4,0,16,0,7,0)", &u, err, sizeof(err)) == -1);	/* 2 points off a line */
	CHECK(spm_trend_parse("(2,0,0,2,0,4,0,1,0,16,0,2,0)", &u, err, sizeof(err)) == -1);	/* sxx < sx^2/n */
	CHECK(spm_trend_parse("(3,0,0,0,0,0,0,1,0,1,0,5,0)", &u, err, sizeof(err)) == -1);	/* Cauchy-Schwarz */
	CHECK(spm_trend_parse("(1,2,3,1,0,0,0,0,0,0,0,0,0)", &u, err, sizeof(err)) == -1);	/* one point, a sum */
	CHECK(spm_trend_parse("(0,2,0,0,0,0,0,0,0,0,0,0,0)", &u, err, sizeof(err)) == -1);	/* empty, a shift */
	CHECK(spm_trend_parse("(3,0,0,1,1,0,0,1,0,1,0,1,0)", &u, err, sizeof(err)) == -1);	/* low part too big */
	/* the version 1 form "(n,sx,sy,sxx,syy,sxy)" is still read */
	CHECK(spm_trend_parse(" ( 0 , 0 ,0, 0,0 ,0 ) ", &u, err, sizeof(err)) == 0 && u.n == 0);
	CHECK(spm_trend_parse("(1,2,3,0,0,0)", &u, err, sizeof(err)) == 0);
	CHECK(u.n == 1 && u.x0 == 2.0 && u.y0 == 3.0 && u.sx[0] == 0.0);
	CHECK(spm_trend_parse("(4,10,16,5,26,11)", &u, err, sizeof(err)) == 0);
	{
		spm_trend_summary s;

		/* x = 1..4 (sum 10, sxx 5), sxy 11: slope 11/5, intercept 4 - 2.2 * 2.5 */
		spm_trend_summarise(&u, &s);
		CHECK_NEAR(s.slope, 2.2, 1e-15);
		CHECK_NEAR(s.intercept, -1.5, 1e-15);
	}
	CHECK(spm_trend_parse("(2,0,0,1,1,0)", &u, err, sizeof(err)) == -1);	/* 2 points, r2 = 0 */
	CHECK(spm_trend_parse("", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(1,2,3,0,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(1,2,3,0,0,0)x", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(-1,0,0,0,0,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(2,0,0,-1,0,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(2,0,0,1,1,5)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(2,nan,0,1,1,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(2,-inf,0,1,1,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(2,1e400,0,1,1,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(0,1,0,0,0,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_trend_parse("(99999999999999999999,0,0,0,0,0)", &u, err, sizeof(err)) == -1);
}

/* fuzz: random text either parses to a valid state that round-trips, or fails */
TEST(text_fuzz)
{
	const char	alphabet[] = "0123456789.,-+e()n ";
	char		buf[40],
				out[SPM_TREND_TEXT_MAX],
				err[160];

	for (int i = 0; i < 20000; i++)
	{
		int			len = (int) (unit_rand() % 30);
		spm_trend	u,
					v;

		for (int k = 0; k < len; k++)
			buf[k] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		buf[len] = '\0';
		if (i % 2)
			buf[0] = '(';
		if (spm_trend_parse(buf, &u, err, sizeof(err)) == 0)
		{
			CHECK(spm_trend_valid(&u, err, sizeof(err)));
			spm_trend_format(&u, out, sizeof(out));
			CHECK(spm_trend_parse(out, &v, err, sizeof(err)) == 0);
			CHECK(memcmp(&u, &v, sizeof(u)) == 0);
		}
	}
}

int
main(void)
{
	RUN(norris_certified);
	RUN(norris_merged);
	RUN(offset_stability);
	RUN(cars_against_r);
	RUN(degenerate);
	RUN(exact_serial);
	RUN(exact_combined);
	RUN(text_round_trip);
	RUN(text_fuzz);
	UNIT_DONE();
}
