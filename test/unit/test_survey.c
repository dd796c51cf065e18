/*
 * test_survey.c
 *	  Unit tests of src/core/survey.c.  Expected values are hand-computed
 *	  (the arithmetic is written next to each case).
 */
#include "core/survey.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>

static spm_survey_state
counts(int64_t high, int64_t mid, int64_t low)
{
	spm_survey_state s;

	spm_survey_init(&s);
	s.count[SPM_ANSWER_HIGH] = high;
	s.count[SPM_ANSWER_MID] = mid;
	s.count[SPM_ANSWER_LOW] = low;
	return s;
}

TEST(nps_classification_boundaries)
{
	CHECK(spm_nps_classify(-1) == SPM_ANSWER_OUT_OF_RANGE);
	CHECK(spm_nps_classify(0) == SPM_ANSWER_LOW);
	CHECK(spm_nps_classify(6) == SPM_ANSWER_LOW);
	CHECK(spm_nps_classify(7) == SPM_ANSWER_MID);
	CHECK(spm_nps_classify(8) == SPM_ANSWER_MID);
	CHECK(spm_nps_classify(9) == SPM_ANSWER_HIGH);
	CHECK(spm_nps_classify(10) == SPM_ANSWER_HIGH);
	CHECK(spm_nps_classify(11) == SPM_ANSWER_OUT_OF_RANGE);
	CHECK(spm_nps_classify(INT64_MIN) == SPM_ANSWER_OUT_OF_RANGE);
	CHECK(spm_nps_classify(INT64_MAX) == SPM_ANSWER_OUT_OF_RANGE);
	CHECK_STR(spm_nps_category_name(SPM_ANSWER_HIGH), "promoter");
	CHECK_STR(spm_nps_category_name(SPM_ANSWER_MID), "passive");
	CHECK_STR(spm_nps_category_name(SPM_ANSWER_LOW), "detractor");
	CHECK(spm_nps_category_name(SPM_ANSWER_OUT_OF_RANGE) == NULL);
}

TEST(csat_classification_boundaries)
{
	CHECK(spm_csat_classify(0) == SPM_ANSWER_OUT_OF_RANGE);
	CHECK(spm_csat_classify(1) == SPM_ANSWER_LOW);
	CHECK(spm_csat_classify(3) == SPM_ANSWER_LOW);
	CHECK(spm_csat_classify(4) == SPM_ANSWER_HIGH);
	CHECK(spm_csat_classify(5) == SPM_ANSWER_HIGH);
	CHECK(spm_csat_classify(6) == SPM_ANSWER_OUT_OF_RANGE);
}

TEST(nps_summary_hand_computed)
{
	/*
	 * 5 promoters, 3 passives, 2 detractors: p = .5, d = .2, NPS = 30;
	 * var = p + d - (p - d)^2 = .7 - .09 = .61; SE = 100 sqrt(.61 / 10)
	 * = 24.698178070456937; CI = 30 -/+ 1.959964 * SE.
	 */
	spm_survey_state s = counts(5, 3, 2);
	spm_nps_summary sum;

	spm_nps_summarise(&s, &sum);
	CHECK(sum.responses == 10);
	CHECK_NEAR(sum.nps, 30.0, 1e-15);
	CHECK_NEAR(sum.std_error, 24.698178070456937, 1e-14);
	CHECK_NEAR(sum.ci95_lower, 30.0 - 1.959964 * 24.698178070456937, 1e-14);
	CHECK_NEAR(sum.ci95_upper, 30.0 + 1.959964 * 24.698178070456937, 1e-14);
}

TEST(nps_summary_extremes)
{
	spm_nps_summary sum;
	spm_survey_state s;

	/* all promoters: NPS 100, no spread */
	s = counts(7, 0, 0);
	spm_nps_summarise(&s, &sum);
	CHECK_NEAR(sum.nps, 100.0, 0);
	CHECK(sum.std_error == 0.0);
	CHECK(sum.ci95_lower == 100.0 && sum.ci95_upper == 100.0);

	/* all passives: NPS 0, var = 0 */
	s = counts(0, 4, 0);
	spm_nps_summarise(&s, &sum);
	CHECK(sum.nps == 0.0 && sum.std_error == 0.0);

	/* half promoters, half detractors: var = 1, SE = 100 / sqrt(4) = 50 */
	s = counts(2, 0, 2);
	spm_nps_summarise(&s, &sum);
	CHECK(sum.nps == 0.0);
	CHECK_NEAR(sum.std_error, 50.0, 1e-15);

	/* one detractor */
	s = counts(0, 0, 1);
	spm_nps_summarise(&s, &sum);
	CHECK(sum.nps == -100.0 && sum.std_error == 0.0);
}

TEST(anonymity_threshold)
{
	spm_survey_state s = counts(2, 1, 1);

	CHECK(spm_survey_reportable(&s));
	CHECK(spm_survey_set_min(&s, 5) == SPM_SURVEY_OK);
	CHECK(!spm_survey_reportable(&s));	/* 4 answers < 5 */
	CHECK(spm_survey_add(&s, SPM_ANSWER_MID) == SPM_SURVEY_OK);
	CHECK(spm_survey_reportable(&s));	/* 5 answers */
	CHECK(spm_survey_set_min(&s, 5) == SPM_SURVEY_OK);
	CHECK(spm_survey_set_min(&s, 6) == SPM_SURVEY_MIN_MISMATCH);

	s = counts(0, 0, 0);
	CHECK(!spm_survey_reportable(&s));	/* no answers, no threshold */
}

TEST(add_retract_combine)
{
	spm_survey_state a = counts(0, 0, 0), b = counts(0, 0, 0), empty = counts(0, 0, 0);

	CHECK(spm_survey_add(&a, SPM_ANSWER_HIGH) == SPM_SURVEY_OK);
	CHECK(spm_survey_add(&a, SPM_ANSWER_LOW) == SPM_SURVEY_OK);
	CHECK(spm_survey_retract(&a, SPM_ANSWER_MID) == SPM_SURVEY_UNDERFLOW);
	CHECK(spm_survey_retract(&a, SPM_ANSWER_LOW) == SPM_SURVEY_OK);
	CHECK(a.count[SPM_ANSWER_HIGH] == 1 && a.count[SPM_ANSWER_MID] == 0 && a.count[SPM_ANSWER_LOW] == 0);

	/* empty + empty is empty; empty + x is x, either way round */
	CHECK(spm_survey_combine(&b, &empty) == SPM_SURVEY_OK);
	CHECK(spm_survey_responses(&b) == 0 && b.min_responses == 0);
	CHECK(spm_survey_combine(&b, &a) == SPM_SURVEY_OK);
	CHECK(b.count[SPM_ANSWER_HIGH] == 1 && spm_survey_responses(&b) == 1);
	CHECK(spm_survey_combine(&a, &empty) == SPM_SURVEY_OK);
	CHECK(a.count[SPM_ANSWER_HIGH] == 1 && spm_survey_responses(&a) == 1);

	/* thresholds: an unset side takes the other's; two different ones clash */
	a.min_responses = 5;
	CHECK(spm_survey_combine(&b, &a) == SPM_SURVEY_OK);
	CHECK(b.min_responses == 5 && b.count[SPM_ANSWER_HIGH] == 2);
	a.min_responses = 3;
	CHECK(spm_survey_combine(&b, &a) == SPM_SURVEY_MIN_MISMATCH);
}

TEST(count_overflow)
{
	spm_survey_state a = counts(INT64_MAX - 1, 0, 0);
	spm_survey_state b = counts(0, 1, 1);

	CHECK(spm_survey_add(&a, SPM_ANSWER_LOW) == SPM_SURVEY_OK);
	CHECK(spm_survey_add(&a, SPM_ANSWER_LOW) == SPM_SURVEY_OVERFLOW);
	CHECK(spm_survey_responses(&a) == INT64_MAX);
	a = counts(INT64_MAX - 1, 0, 0);
	CHECK(spm_survey_combine(&a, &b) == SPM_SURVEY_OVERFLOW);
	CHECK(a.count[SPM_ANSWER_HIGH] == INT64_MAX - 1 && a.count[SPM_ANSWER_LOW] == 0);	/* unchanged on error */
}

TEST(text_form_parses_and_round_trips)
{
	spm_survey_state s;
	char		err[160];
	char		buf[SPM_SURVEY_STATE_TEXT_MAX];

	CHECK(spm_survey_state_parse("(12,5,3,0)", &s, err, sizeof(err)) == 0);
	CHECK(s.count[SPM_ANSWER_HIGH] == 12 && s.count[SPM_ANSWER_MID] == 5 && s.count[SPM_ANSWER_LOW] == 3 && s.min_responses == 0);
	CHECK(s.version == SPM_SURVEY_STATE_VERSION);
	spm_survey_state_format(&s, buf, sizeof(buf));
	CHECK_STR(buf, "(12,5,3,0)");

	CHECK(spm_survey_state_parse("  ( 1 , +2,3 ,5 )  ", &s, err, sizeof(err)) == 0);
	CHECK(s.count[SPM_ANSWER_HIGH] == 1 && s.count[SPM_ANSWER_MID] == 2 && s.count[SPM_ANSWER_LOW] == 3 && s.min_responses == 5);

	CHECK(spm_survey_state_parse("(9223372036854775807,0,0,2147483647)", &s, err, sizeof(err)) == 0);
	spm_survey_state_format(&s, buf, sizeof(buf));
	CHECK_STR(buf, "(9223372036854775807,0,0,2147483647)");
}

TEST(text_form_rejects_malformed)
{
	static const char *bad[] = {
		"", "()", "(1,2,3)", "(1,2,3,4,5)", "1,2,3,4", "(1,2,3,4", "(1,2,3,4))",
		"(1,2,3,4) x", "(-1,2,3,4)", "(1,2,3,-4)", "(1.5,2,3,4)", "(a,2,3,4)",
		"(,2,3,4)", "(1,,3,4)", "(9223372036854775808,0,0,0)",
		"(1,2,3,2147483648)", "(9223372036854775807,1,0,0)",
		"(4611686018427387904,4611686018427387904,0,0)", "(1 2,3,4,5)", "(++1,2,3,4)",
	};
	spm_survey_state s;
	char		err[160];
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		err[0] = '\0';
		if (spm_survey_state_parse(bad[i], &s, err, sizeof(err)) != -1)
			printf("#   accepted \"%s\"\n", bad[i]);
		CHECK(spm_survey_state_parse(bad[i], &s, err, sizeof(err)) == -1);
		CHECK(err[0] != '\0');
	}
}

TEST(validation_of_binary_fields)
{
	spm_survey_state s = counts(1, 2, 3);
	char		err[160];

	CHECK(spm_survey_state_valid(&s, err, sizeof(err)));
	s.version = 2;
	CHECK(!spm_survey_state_valid(&s, err, sizeof(err)));
	s = counts(-1, 0, 0);
	CHECK(!spm_survey_state_valid(&s, err, sizeof(err)));
	s = counts(0, 0, 0);
	s.min_responses = -3;
	CHECK(!spm_survey_state_valid(&s, err, sizeof(err)));
	s = counts(INT64_MAX, INT64_MAX, 0);
	CHECK(!spm_survey_state_valid(&s, err, sizeof(err)));
}

/*
 * Fuzz: random strings built from the characters the grammar uses must
 * either be rejected or round-trip exactly through format and parse.
 */
TEST(fuzz_text_input)
{
	static const char alphabet[] = "(),+- 0123456789x9";
	char		in[40];
	char		out[SPM_SURVEY_STATE_TEXT_MAX];
	char		err[160];
	int			iter,
				accepted = 0;

	for (iter = 0; iter < 200000; iter++)
	{
		int			len = (int) (unit_rand() % (sizeof(in) - 1));
		int			i;
		spm_survey_state a,
					b;

		for (i = 0; i < len; i++)
			in[i] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		in[len] = '\0';
		/* bias towards the valid shape now and then */
		if (iter % 4 == 0)
			snprintf(in, sizeof(in), "(%llu,%llu,%llu,%llu)",
					 unit_rand() % 1000, unit_rand() % 1000,
					 unit_rand() % 1000, unit_rand() % 100);
		if (spm_survey_state_parse(in, &a, err, sizeof(err)) != 0)
			continue;
		accepted++;
		spm_survey_state_format(&a, out, sizeof(out));
		CHECK(spm_survey_state_parse(out, &b, err, sizeof(err)) == 0);
		CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	}
	CHECK(accepted >= 50000);
}

int
main(void)
{
	RUN(nps_classification_boundaries);
	RUN(csat_classification_boundaries);
	RUN(nps_summary_hand_computed);
	RUN(nps_summary_extremes);
	RUN(anonymity_threshold);
	RUN(add_retract_combine);
	RUN(count_overflow);
	RUN(text_form_parses_and_round_trips);
	RUN(text_form_rejects_malformed);
	RUN(validation_of_binary_fields);
	RUN(fuzz_text_input);
	UNIT_DONE();
}
