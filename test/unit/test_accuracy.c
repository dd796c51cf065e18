/*
 * test_accuracy.c
 *	  Forecast accuracy state: hand-computed measures, zero actuals, merge
 *	  and text form.
 */
#include "core/accuracy.h"
#include "unit.h"

/*
 * actual 100, 200, 0, 50; forecast 110, 150, 10, 50
 * errors f - a: 10, -50, 10, 0; |e| 10, 50, 10, 0 (sum 70); sum |a| = 350
 * MAPE over a != 0: (10/100 + 50/200 + 0/50) / 3 = 0.35 / 3
 * WAPE 70 / 350 = 0.2; bias (10 - 50 + 10 + 0) / 350 = -30 / 350
 * RMSE sqrt((100 + 2500 + 100 + 0) / 4) = sqrt(675)
 */
static const double act[4] = {100, 200, 0, 50};
static const double fc[4] = {110, 150, 10, 50};

TEST(hand_computed)
{
	spm_accuracy s;
	double		v;

	spm_accuracy_init(&s);
	for (int i = 0; i < 4; i++)
		CHECK(spm_accuracy_add(&s, act[i], fc[i]) == 0);
	CHECK(s.n == 4 && s.n_zero == 1);
	CHECK(spm_accuracy_mape(&s, &v) == 0);
	CHECK_NEAR(v, 0.35 / 3.0, 1e-15);
	CHECK(spm_accuracy_wape(&s, &v) == 0);
	CHECK_NEAR(v, 0.2, 1e-15);
	CHECK(spm_accuracy_bias(&s, &v) == 0);
	CHECK_NEAR(v, -30.0 / 350.0, 1e-15);
	CHECK(spm_accuracy_rmse(&s, &v) == 0);
	CHECK_NEAR(v, sqrt(675.0), 1e-15);
}

TEST(empty_and_zero)
{
	spm_accuracy s;
	double		v;

	spm_accuracy_init(&s);
	CHECK(spm_accuracy_mape(&s, &v) == -1);
	CHECK(spm_accuracy_wape(&s, &v) == -1);
	CHECK(spm_accuracy_bias(&s, &v) == -1);
	CHECK(spm_accuracy_rmse(&s, &v) == -1);
	spm_accuracy_add(&s, 0.0, 5.0);
	CHECK(spm_accuracy_mape(&s, &v) == -1);
	CHECK(spm_accuracy_wape(&s, &v) == -1);
	CHECK(spm_accuracy_rmse(&s, &v) == 0 && v == 5.0);
	CHECK(spm_accuracy_add(&s, 1e308, -1e308) == -1);
}

TEST(merge)
{
	spm_accuracy a,
				b,
				e,
				all;

	spm_accuracy_init(&a);
	spm_accuracy_init(&b);
	spm_accuracy_init(&e);
	spm_accuracy_init(&all);
	for (int i = 0; i < 4; i++)
	{
		spm_accuracy_add(i < 2 ? &a : &b, act[i], fc[i]);
		spm_accuracy_add(&all, act[i], fc[i]);
	}
	CHECK(spm_accuracy_combine(&e, &a) == 0);
	CHECK(spm_accuracy_combine(&e, &b) == 0);
	CHECK(spm_accuracy_combine(&e, &(spm_accuracy) {.version = SPM_ACCURACY_VERSION}) == 0);
	CHECK(e.n == all.n && e.n_zero == all.n_zero);
	CHECK_NEAR(e.sum_ape, all.sum_ape, 1e-15);
	CHECK_NEAR(e.sum_sq_err, all.sum_sq_err, 1e-15);
}

TEST(text)
{
	spm_accuracy s,
				u;
	char		buf[SPM_ACCURACY_TEXT_MAX],
				err[200];

	spm_accuracy_init(&s);
	for (int i = 0; i < 4; i++)
		spm_accuracy_add(&s, act[i], fc[i]);
	spm_accuracy_format(&s, buf, sizeof(buf));
	CHECK_STR(buf, "(4,1,0.35,70,350,-30,2700)");
	CHECK(spm_accuracy_parse(buf, &u, err, sizeof(err)) == 0);
	CHECK(memcmp(&s, &u, sizeof(s)) == 0);
	CHECK(spm_accuracy_parse("(0,0,0,0,0,0,0)", &u, err, sizeof(err)) == 0);
	CHECK(spm_accuracy_parse("(1,2,0,0,0,0,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_accuracy_parse("(1,0,-1,0,0,0,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_accuracy_parse("(1,0,0,0,0,0,inf)", &u, err, sizeof(err)) == -1);
	CHECK(spm_accuracy_parse("(1,0,0,0,0,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_accuracy_parse("(0,0,0,0,0,1,0)", &u, err, sizeof(err)) == -1);
	CHECK(spm_accuracy_parse("1,0,0,0,0,0,0", &u, err, sizeof(err)) == -1);
	/* states no data can produce */
	CHECK(spm_accuracy_parse("(1,0,0,0,1,5,0)", &u, err, sizeof(err)) == -1);	/* |sum_err| > sum |e| */
	CHECK(spm_accuracy_parse("(1,0,0,0,0,0,0)", &u, err, sizeof(err)) == -1);	/* actual != 0, sum |a| = 0 */
	CHECK(spm_accuracy_parse("(1,1,0,0,3,0,0)", &u, err, sizeof(err)) == -1);	/* actual 0, sum |a| = 3 */
	CHECK(spm_accuracy_parse("(1,1,0.5,2,0,2,4)", &u, err, sizeof(err)) == -1);	/* actual 0 has no APE */
	CHECK(spm_accuracy_parse("(2,0,0,0,4,0,1)", &u, err, sizeof(err)) == -1);	/* no error, a square */
	CHECK(spm_accuracy_parse("(1,0,0.5,2,4,-2,4)", &u, err, sizeof(err)) == 0);	/* a = 4, f = 2 */
	CHECK(spm_accuracy_parse("(1,1,0,2,0,2,4)", &u, err, sizeof(err)) == 0);	/* a = 0, f = 2 */
	CHECK(spm_accuracy_parse("(1,0,0,0,1e400,0,0)", &u, err, sizeof(err)) == -1);
}

/* fuzz: random text either parses to a valid state that round-trips, or fails */
TEST(text_fuzz)
{
	const char	alphabet[] = "0123456789.,-+e() ";
	char		buf[48],
				out[SPM_ACCURACY_TEXT_MAX],
				err[200];

	int			parsed = 0;

	for (int i = 0; i < 20000; i++)
	{
		int			len = (int) (unit_rand() % 40);
		spm_accuracy u,
					v;

		if (i % 2)
		{
			/* mutate a valid state: one to three characters replaced */
			strcpy(buf, "(5,1,0.75,20,100,-20,200)");
			for (int k = 1 + (int) (unit_rand() % 3); k > 0; k--)
				buf[unit_rand() % strlen(buf)] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		}
		else
		{
			for (int k = 0; k < len; k++)
				buf[k] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
			buf[len] = '\0';
		}
		if (spm_accuracy_parse(buf, &u, err, sizeof(err)) == 0)
		{
			parsed++;
			CHECK(spm_accuracy_valid(&u, err, sizeof(err)));
			spm_accuracy_format(&u, out, sizeof(out));
			CHECK(spm_accuracy_parse(out, &v, err, sizeof(err)) == 0);
			CHECK(memcmp(&u, &v, sizeof(u)) == 0);
		}
	}
	printf("#   %d of 20000 inputs parsed\n", parsed);
	CHECK(parsed > 100);		/* the mutations keep many inputs valid */
}

int
main(void)
{
	RUN(hand_computed);
	RUN(empty_and_zero);
	RUN(merge);
	RUN(text);
	RUN(text_fuzz);
	UNIT_DONE();
}
