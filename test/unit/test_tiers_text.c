/*
 * test_tiers_text.c
 *	  Unit tests of the spm.tier_schedule text grammar (src/core/tiers_text.c).
 */
#include "core/tiers_text.h"
#include "unit.h"

#include <stdlib.h>

static int
span_is(spm_span s, const char *want)
{
	return s.start != NULL && s.len == strlen(want) && strncmp(s.start, want, s.len) == 0;
}

TEST(parses_bands_and_options)
{
	spm_tiers_text t;
	char		err[160];

	CHECK(spm_tiers_parse("graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10; cap 20000; gate 10000",
						  &t, err, sizeof(err)) == 0);
	CHECK(t.mode == SPM_TIER_GRADUATED);
	CHECK(t.nbands == 3);
	CHECK(span_is(t.threshold[0], "0") && span_is(t.rate[0], "0.05"));
	CHECK(span_is(t.threshold[1], "50000") && span_is(t.rate[1], "0.07"));
	CHECK(span_is(t.threshold[2], "100000") && span_is(t.rate[2], "0.10"));
	CHECK(span_is(t.cap, "20000") && span_is(t.gate, "10000"));
}

TEST(spacing_case_signs_exponents)
{
	spm_tiers_text t;
	char		err[160];

	CHECK(spm_tiers_parse("  RetroActive:0@.5,1e3@+0.7e-1;GATE 1.;cap 2  ", &t, err, sizeof(err)) == 0);
	CHECK(t.mode == SPM_TIER_RETROACTIVE && t.nbands == 2);
	CHECK(span_is(t.rate[0], ".5") && span_is(t.threshold[1], "1e3") && span_is(t.rate[1], "+0.7e-1"));
	CHECK(span_is(t.gate, "1.") && span_is(t.cap, "2"));
	CHECK(spm_tiers_parse("graduated:\n\t0 @ 0.05", &t, err, sizeof(err)) == 0);
	CHECK(t.cap.start == NULL && t.gate.start == NULL);
	/* signs are grammar; negative values are rejected later, by validation */
	CHECK(spm_tiers_parse("graduated: -1 @ -0.05", &t, err, sizeof(err)) == 0);
}

TEST(rejects_malformed)
{
	static const char *bad[] = {
		"", "graduated", "graduated:", "graduated 0 @ 1", "tiered: 0 @ 1",
		"graduated: 0", "graduated: 0 @", "graduated: @ 1", "graduated: 0 1",
		"graduated: 0 @ 1,", "graduated: 0 @ 1;", "graduated: 0 @ 1; cap",
		"graduated: 0 @ 1; cap 1; cap 2", "graduated: 0 @ 1; gate 1; gate 1",
		"graduated: 0 @ 1; floor 3", "graduated: 0 @ 1 x", "graduated: 0 @ NaN",
		"graduated: 0 @ Infinity", "graduated: 0 @ 1e", "graduated: 0 @ 1e+",
		"graduated: 0 @ .", "graduated: 0 @ +", "graduated: 0 @ 1.2.3",
		"graduated: 0 @ 1 @ 2", "graduated:: 0 @ 1", "graduated: 0 @ 1; capx 2",
	};
	spm_tiers_text t;
	char		err[160];
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		err[0] = '\0';
		if (spm_tiers_parse(bad[i], &t, err, sizeof(err)) != -1)
			printf("#   accepted \"%s\"\n", bad[i]);
		CHECK(spm_tiers_parse(bad[i], &t, err, sizeof(err)) == -1);
		CHECK(err[0] != '\0');
	}
}

TEST(error_names_the_position)
{
	spm_tiers_text t;
	char		err[160];

	CHECK(spm_tiers_parse("graduated: 0 @ x", &t, err, sizeof(err)) == -1);
	CHECK_STR(err, "Expected a rate at character 16.");
}

TEST(band_limit)
{
	char	   *text = malloc(16 * (SPM_TIERS_MAX_BANDS + 2) + 32);
	spm_tiers_text t;
	char		err[160];
	int			i,
				len;

	len = sprintf(text, "graduated: 0 @ 0.01");
	for (i = 1; i < SPM_TIERS_MAX_BANDS; i++)
		len += sprintf(text + len, ", %d @ 0.01", i);
	CHECK(spm_tiers_parse(text, &t, err, sizeof(err)) == 0);
	CHECK(t.nbands == SPM_TIERS_MAX_BANDS);
	sprintf(text + len, ", %d @ 0.01", i);
	/* too many bands is its own outcome (54000 in SQL), not a syntax error */
	CHECK(spm_tiers_parse(text, &t, err, sizeof(err)) == SPM_TIERS_TOO_MANY_BANDS);
	CHECK(t.nbands == SPM_TIERS_MAX_BANDS && t.nbands_given == SPM_TIERS_MAX_BANDS + 1);
	CHECK_STR(err, "A schedule has at most 64 bands, not 65.");
	/* ... but a syntax error anywhere still is one */
	strcat(text, " @");
	CHECK(spm_tiers_parse(text, &t, err, sizeof(err)) == -1);
	free(text);
}

/* Limits checked against PostgreSQL 15's numeric_in by hand (psql). */
TEST(number_fits_numeric)
{
	static const char *fits[] = {
		"0", "1e131071", "9.9e131071", "1e+131071", ".0001e131075", "00000e131075",
		"1e-16383", "0e1073741822", "0e200000", "123.456", "-5e3",
	};
	static const char *overflows[] = {
		"1e131072", "1e1000000", "1e-16384", "0.1e-16383", "0e-16384", "0.0e-16383",
		"0e1073741823", "0e-1073741822", "1e99999999999999999999", "1e-200000",
	};
	size_t		i;

	for (i = 0; i < sizeof(fits) / sizeof(fits[0]); i++)
	{
		if (!spm_tiers_number_fits(fits[i], strlen(fits[i])))
			printf("#   rejected %s\n", fits[i]);
		CHECK(spm_tiers_number_fits(fits[i], strlen(fits[i])));
	}
	for (i = 0; i < sizeof(overflows) / sizeof(overflows[0]); i++)
	{
		if (spm_tiers_number_fits(overflows[i], strlen(overflows[i])))
			printf("#   accepted %s\n", overflows[i]);
		CHECK(!spm_tiers_number_fits(overflows[i], strlen(overflows[i])));
	}
}

TEST(mode_names)
{
	CHECK(spm_tier_mode_parse("graduated", 9) == SPM_TIER_GRADUATED);
	CHECK(spm_tier_mode_parse("RETROACTIVE", 11) == SPM_TIER_RETROACTIVE);
	CHECK(spm_tier_mode_parse("graduate", 8) == -1);
	CHECK(spm_tier_mode_parse("graduatedx", 10) == -1);
	CHECK_STR(spm_tier_mode_name(SPM_TIER_RETROACTIVE), "retroactive");
	CHECK(spm_tier_mode_parse("Interpolated", 12) == SPM_TIER_INTERPOLATED);
	CHECK(spm_tier_mode_parse("interpolate", 11) == -1);
	CHECK_STR(spm_tier_mode_name(SPM_TIER_INTERPOLATED), "interpolated");
	CHECK_STR(spm_tier_mode_name(SPM_TIER_GRADUATED), "graduated");
}

/* Oracle's interpolated example as cumulative points, with a cap and a gate */
TEST(parses_a_pay_curve)
{
	spm_tiers_text t;
	char		err[160];

	CHECK(spm_tiers_parse("interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50, 8000 @ 150, 20000 @ 2150; cap 3000; gate 500",
						  &t, err, sizeof(err)) == 0);
	CHECK(t.mode == SPM_TIER_INTERPOLATED && t.nbands == 5);
	CHECK(span_is(t.threshold[4], "20000") && span_is(t.rate[4], "2150"));
	CHECK(span_is(t.cap, "3000") && span_is(t.gate, "500"));
	/* the grammar allows one point; validation (SQL side) wants two */
	CHECK(spm_tiers_parse("INTERPOLATED:0@0", &t, err, sizeof(err)) == 0);
	CHECK(t.mode == SPM_TIER_INTERPOLATED && t.nbands == 1);
	CHECK(spm_tiers_parse("interpolate: 0 @ 0", &t, err, sizeof(err)) == -1);
	CHECK_STR(err, "Expected \"graduated\", \"retroactive\" or \"interpolated\" at character 1.");
}

/* Random strings over the grammar's alphabet never crash, and every span of
 * an accepted string lies inside it. */
TEST(fuzz)
{
	static const char alphabet[] = "graduetvc:;,@ 0123456789.e+-x";
	char		in[48];
	spm_tiers_text t;
	char		err[160];
	int			iter,
				accepted = 0;

	for (iter = 0; iter < 200000; iter++)
	{
		int			len = (int) (unit_rand() % (sizeof(in) - 1));
		int			i;

		for (i = 0; i < len; i++)
			in[i] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		in[len] = '\0';
		if (iter % 3 == 0)
			snprintf(in, sizeof(in), "graduated: 0 @ %d.%d, %d @ %d; cap %d",
					 (int) (unit_rand() % 9), (int) (unit_rand() % 99),
					 (int) (unit_rand() % 9999), (int) (unit_rand() % 9),
					 (int) (unit_rand() % 999));
		if (spm_tiers_parse(in, &t, err, sizeof(err)) != 0)
			continue;
		accepted++;
		for (i = 0; i < t.nbands; i++)
		{
			const char *end = in + strlen(in);

			CHECK(t.threshold[i].start >= in && t.threshold[i].len > 0 &&
				  t.threshold[i].start + t.threshold[i].len <= end);
			CHECK(t.rate[i].start >= in && t.rate[i].len > 0 &&
				  t.rate[i].start + t.rate[i].len <= end);
		}
	}
	CHECK(accepted >= 60000);
}

int
main(void)
{
	RUN(parses_bands_and_options);
	RUN(spacing_case_signs_exponents);
	RUN(rejects_malformed);
	RUN(error_names_the_position);
	RUN(band_limit);
	RUN(number_fits_numeric);
	RUN(mode_names);
	RUN(parses_a_pay_curve);
	RUN(fuzz);
	UNIT_DONE();
}
