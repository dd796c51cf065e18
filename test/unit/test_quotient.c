/*
 * test_quotient.c
 *	  Unit tests of src/core/quotient.c: the decimal places an exact
 *	  quotient can need.  Hand-computed cases, and a brute-force check by
 *	  long division.
 */
#include "core/quotient.h"
#include "unit.h"

#include <stdlib.h>

static long
places_of(const char *d)
{
	long		b = -999999;

	if (spm_quotient_places(d, strlen(d), &b) != 0)
		printf("#   rejected \"%s\"\n", d);
	return b;
}

TEST(hand_computed)
{
	/* 12000 = 12 * 10^3, v2(12) = 2: B = 5 (3 / 12000 = 0.00025) */
	CHECK(places_of("12000") == 5);
	/* 0.25 = 25 * 10^-2, v5(25) = 2: B = 0 (1 / 0.25 = 4, 0.1 / 0.25 = 0.4) */
	CHECK(places_of("0.25") == 0);
	/* 5000.00 = 5 * 10^3: B = 3 + 1 = 4 (1 / 5000 = 0.0002) */
	CHECK(places_of("5000.00") == 4);
	/* 3: B = 0 (3 / 3 = 1; 1 / 3 does not terminate) */
	CHECK(places_of("3") == 0);
	/* 0.0016 = 16 * 10^-4: B = -4 + 4 = 0 (1 / 0.0016 = 625) */
	CHECK(places_of("0.0016") == 0);
	/* 1 and 10 and 0.1: B = 0, 1, -1 */
	CHECK(places_of("1") == 0);
	CHECK(places_of("10") == 1);
	CHECK(places_of("0.1") == -1);
	/* 2^20 = 1048576: B = 20 (1 / 2^20 = 9.5367431640625e-7, 20 places) */
	CHECK(places_of("1048576") == 20);
	/* 5^3 * 7 = 875: B = 3 (7 / 875 = 0.008) */
	CHECK(places_of("875") == 3);
	/* 40 = 4 * 10: B = 1 + 2 = 3 (1 / 40 = 0.025) */
	CHECK(places_of("40") == 3);
	/* a sign is allowed: the places do not depend on it */
	CHECK(places_of("-0.25") == 0);
	CHECK(places_of("007.50") == 1);	/* 7.5 = 75 * 10^-1: -1 + 2 */
}

TEST(rejects_non_numbers)
{
	static const char *bad[] = {"", "0", "0.000", "-", ".", "1e3", "1.2.3", "12a", "NaN"};
	size_t		i;
	long		b;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(spm_quotient_places(bad[i], strlen(bad[i]), &b) == -1);
}

/*
 * Brute force: the places of 1 / c by long division (c an integer), or -1
 * if it does not terminate within 200 places.  For an integer divisor c the
 * largest number of places over all integer dividends is that of 1 / c, so
 * B must equal it when 1 / c terminates, and be at least that of every
 * terminating m / c.
 */
static long
long_division_places(unsigned long m, unsigned long c)
{
	unsigned long rem = m % c;
	long		k;

	for (k = 0; k <= 200; k++)
	{
		if (rem == 0)
			return k;
		rem = rem * 10 % c;
	}
	return -1;
}

TEST(brute_force_integers)
{
	unsigned long c,
				m;
	char		text[32];

	for (c = 1; c <= 5000; c++)
	{
		long		b,
					one;

		sprintf(text, "%lu", c);
		if (spm_quotient_places(text, strlen(text), &b) != 0)
		{
			CHECK(0);
			continue;
		}
		one = long_division_places(1, c);
		if (one >= 0 && b != one)
		{
			printf("#   c = %lu: B = %ld, 1 / c has %ld places\n", c, b, one);
			CHECK(0);
		}
		for (m = 1; m <= 60; m++)
		{
			long		k = long_division_places(m, c);

			if (k > b || (k < 0 && one >= 0))
			{
				printf("#   %lu / %lu: %ld places, B = %ld\n", m, c, k, b);
				CHECK(0);
			}
		}
	}
}

/* A divisor written with a point: d = c / 10^f, so places(n/d) = places(n*10^f/c) */
TEST(brute_force_decimals)
{
	unsigned long c;
	int			f;
	char		text[48];

	for (c = 1; c <= 3000; c += 7)
		for (f = 0; f <= 4; f++)
		{
			unsigned long pow = 1;
			long		b,
						one;
			int			i;

			for (i = 0; i < f; i++)
				pow *= 10;
			/*
			 * c / 10^f as text, e.g. 2807 and f = 2: "28.07" (the width masked
			 * to f's range, which GCC 14 cannot see, so that it does not take
			 * the output for unbounded)
			 */
			if (f == 0)
				snprintf(text, sizeof(text), "%lu", c);
			else
				snprintf(text, sizeof(text), "%lu.%0*lu", c / pow, f & 7, c % pow);
			CHECK(spm_quotient_places(text, strlen(text), &b) == 0);
			/* 1 / d = 10^f / c: its places, if it terminates, are B exactly when B >= 0 */
			one = long_division_places(pow, c);
			if (one >= 0 && one != (b > 0 ? b : 0))
			{
				printf("#   d = %s: B = %ld, 1 / d has %ld places\n", text, b, one);
				CHECK(0);
			}
		}
}

/* Very long divisors fall back to an upper bound, never below the truth. */
TEST(long_divisors)
{
	char	   *text = malloc(2 * SPM_QUOTIENT_EXACT_DIGITS);
	long		b;
	int			i;

	/* 1 followed by 1500 digits 0 and a final 8: c ends in 8, v2(c) = 3 at least */
	text[0] = '1';
	for (i = 1; i <= 1500; i++)
		text[i] = '0';
	text[1501] = '8';
	text[1502] = '\0';
	CHECK(spm_quotient_places(text, strlen(text), &b) == 0);
	CHECK(b >= 3 && b <= 1502 * 3322 / 1000 + 1);
	/* "1." and the other 1501 digits: e = -1501 */
	memmove(text + 2, text + 1, 1502);
	text[1] = '.';
	CHECK(spm_quotient_places(text, strlen(text), &b) == 0);
	CHECK(b == 1502 * 3322 / 1000 + 1 - 1501);
	free(text);
}

int
main(void)
{
	RUN(hand_computed);
	RUN(rejects_non_numbers);
	RUN(brute_force_integers);
	RUN(brute_force_decimals);
	RUN(long_divisors);
	UNIT_DONE();
}
