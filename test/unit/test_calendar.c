/*
 * test_calendar.c
 *	  Unit tests of src/core/calendar.c.  Day numbers are PostgreSQL's
 *	  (days since 2000-01-01); the dates are written next to each case.
 */
#include "core/calendar.h"
#include "unit.h"

/* 2024-01-01 is day 8766 (24 years incl. 6 leap days: 24*365 + 6) */
#define D2024_01_01 8766
#define D2025_01_01 (D2024_01_01 + 366)

TEST(quarter_split)
{
	spm_period_days d;
	int64_t		q4 = D2025_01_01 + 273;	/* 2025-10-01: Jan..Sep = 273 days */

	/* Q4 2025 [2025-10-01, 2026-01-01): 92 days; as_of 2025-11-15 */
	CHECK(spm_period_split(q4, q4 + 92, q4 + 45, &d) == 0);
	CHECK(d.total == 92);
	CHECK(d.elapsed == 46);		/* Oct 31 + Nov 15, as_of counted */
	CHECK(d.remaining == 46);
}

TEST(as_of_on_the_edges)
{
	spm_period_days d;

	/* first day: one day elapsed */
	CHECK(spm_period_split(100, 110, 100, &d) == 0);
	CHECK(d.elapsed == 1 && d.remaining == 9);
	/* last day: all elapsed */
	CHECK(spm_period_split(100, 110, 109, &d) == 0);
	CHECK(d.elapsed == 10 && d.remaining == 0);
	/* before and after */
	CHECK(spm_period_split(100, 110, 99, &d) == 0);
	CHECK(d.elapsed == 0 && d.remaining == 10);
	CHECK(spm_period_split(100, 110, 110, &d) == 0);
	CHECK(d.elapsed == 10);
	CHECK(spm_period_split(100, 110, INT64_MIN, &d) == 0);
	CHECK(d.elapsed == 0);
	CHECK(spm_period_split(100, 110, INT64_MAX, &d) == 0);
	CHECK(d.elapsed == 10);
}

TEST(leap_years)
{
	spm_period_days d;

	/* 2024 has 366 days, 2025 has 365; February 2024 has 29 */
	CHECK(spm_period_split(D2024_01_01, D2025_01_01, D2024_01_01 + 59, &d) == 0);
	CHECK(d.total == 366 && d.elapsed == 60);	/* as_of 2024-02-29 */
	CHECK(spm_period_split(D2024_01_01 + 31, D2024_01_01 + 60, D2024_01_01 + 59, &d) == 0);
	CHECK(d.total == 29 && d.elapsed == 29);
}

TEST(empty_period_is_rejected)
{
	spm_period_days d;

	CHECK(spm_period_split(5, 5, 5, &d) == -1);
	CHECK(spm_period_split(6, 5, 5, &d) == -1);
}

/*
 * The civil-date conversions against an independent count: walk the
 * calendar day by day from 2000-01-01 (day 0), forwards to 2400 and
 * backwards to 1600, with the Gregorian leap rule written out.
 */
static int
month_days(int64_t y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

TEST(civil_dates_against_a_day_by_day_walk)
{
	int64_t		y = 2000,
				gy;
	int			m = 1,
				d = 1,
				gm,
				gd;
	int			bad = 0;

	for (int64_t n = 0; n <= 146097; n++)	/* 400 years: 2000 .. 2400 */
	{
		spm_civil_from_days(n, &gy, &gm, &gd);
		bad += gy != y || gm != m || gd != d || spm_days_from_civil(y, m, d) != n;
		if (++d > month_days(y, m))
		{
			d = 1;
			if (++m > 12)
			{
				m = 1;
				y++;
			}
		}
	}
	y = 2000, m = 1, d = 1;
	for (int64_t n = 0; n >= -146097; n--)	/* back to 1600 */
	{
		spm_civil_from_days(n, &gy, &gm, &gd);
		bad += gy != y || gm != m || gd != d || spm_days_from_civil(y, m, d) != n;
		if (--d < 1)
		{
			if (--m < 1)
			{
				m = 12;
				y--;
			}
			d = month_days(y, m);
		}
	}
	CHECK(bad == 0);
	/* known day numbers */
	CHECK(spm_days_from_civil(2024, 1, 1) == D2024_01_01);
	CHECK(spm_days_from_civil(1999, 12, 31) == -1);
	CHECK(spm_days_from_civil(1970, 1, 1) == -10957);
	/* PostgreSQL's range of dates: 4714-11-24 BC (year -4713) .. 5874897-12-31 */
	CHECK(spm_days_from_civil(-4713, 11, 24) == -2451545);
	CHECK(spm_days_from_civil(5874897, 12, 31) == 2145031948);
	spm_civil_from_days(2145031948, &gy, &gm, &gd);
	CHECK(gy == 5874897 && gm == 12 && gd == 31);
}

TEST(pay_periods)
{
	int64_t		s,
				e;
	int64_t		oct15 = spm_days_from_civil(2025, 10, 15);

	CHECK(spm_frequency_parse("month") == 1);
	CHECK(spm_frequency_parse("quarter") == 3);
	CHECK(spm_frequency_parse("half") == 6);
	CHECK(spm_frequency_parse("year") == 12);
	CHECK(spm_frequency_parse("Quarter") == 0);
	CHECK(spm_frequency_parse("week") == 0);
	CHECK(spm_frequency_parse("") == 0);

	spm_period_containing(oct15, 1, &s, &e);
	CHECK(s == spm_days_from_civil(2025, 10, 1) && e == spm_days_from_civil(2025, 11, 1));
	spm_period_containing(oct15, 3, &s, &e);
	CHECK(s == spm_days_from_civil(2025, 10, 1) && e == spm_days_from_civil(2026, 1, 1));
	spm_period_containing(oct15, 6, &s, &e);
	CHECK(s == spm_days_from_civil(2025, 7, 1) && e == spm_days_from_civil(2026, 1, 1));
	spm_period_containing(oct15, 12, &s, &e);
	CHECK(s == spm_days_from_civil(2025, 1, 1) && e == spm_days_from_civil(2026, 1, 1));
	/* the first and last day of a period belong to it */
	spm_period_containing(spm_days_from_civil(2024, 3, 31), 3, &s, &e);
	CHECK(s == D2024_01_01 && e == spm_days_from_civil(2024, 4, 1));
	spm_period_containing(spm_days_from_civil(2024, 4, 1), 3, &s, &e);
	CHECK(s == spm_days_from_civil(2024, 4, 1));
	/* February of a leap year */
	spm_period_containing(spm_days_from_civil(2024, 2, 29), 1, &s, &e);
	CHECK(e - s == 29);
	/* before 2000 and before year 1 */
	spm_period_containing(spm_days_from_civil(1999, 12, 31), 3, &s, &e);
	CHECK(s == spm_days_from_civil(1999, 10, 1) && e == 0);
	spm_period_containing(spm_days_from_civil(-100, 5, 5), 12, &s, &e);
	CHECK(s == spm_days_from_civil(-100, 1, 1) && e == spm_days_from_civil(-99, 1, 1));
}

TEST(period_labels)
{
	char		buf[SPM_PERIOD_LABEL_MAX];
	int64_t		jan = spm_days_from_civil(2025, 1, 1);

	CHECK(spm_period_format(spm_days_from_civil(2025, 10, 1), spm_days_from_civil(2025, 11, 1),
						   buf, sizeof buf) == 7);
	CHECK_STR(buf, "2025-10");
	spm_period_format(spm_days_from_civil(2025, 10, 1), spm_days_from_civil(2026, 1, 1), buf, sizeof buf);
	CHECK_STR(buf, "2025-Q4");
	spm_period_format(jan, spm_days_from_civil(2025, 7, 1), buf, sizeof buf);
	CHECK_STR(buf, "2025-H1");
	spm_period_format(jan, spm_days_from_civil(2026, 1, 1), buf, sizeof buf);
	CHECK_STR(buf, "2025");
	/* a quarter that does not start a calendar quarter, and single days */
	spm_period_format(spm_days_from_civil(2025, 2, 1), spm_days_from_civil(2025, 5, 1), buf, sizeof buf);
	CHECK_STR(buf, "2025-02-01..2025-04-30");
	spm_period_format(jan, jan + 1, buf, sizeof buf);
	CHECK_STR(buf, "2025-01-01..2025-01-01");
	spm_period_format(spm_days_from_civil(2024, 12, 16), spm_days_from_civil(2025, 1, 16), buf, sizeof buf);
	CHECK_STR(buf, "2024-12-16..2025-01-15");
	/* empty, and years that do not print as four digits */
	CHECK(spm_period_format(jan, jan, buf, sizeof buf) == -1);
	CHECK(spm_period_format(spm_days_from_civil(0, 1, 1), spm_days_from_civil(1, 1, 1), buf, sizeof buf) == -1);
	CHECK(spm_period_format(spm_days_from_civil(9999, 1, 1), spm_days_from_civil(10000, 1, 1), buf, sizeof buf) == 4);
	CHECK_STR(buf, "9999");
	CHECK(spm_period_format(spm_days_from_civil(9999, 1, 1), spm_days_from_civil(10000, 1, 2), buf, sizeof buf) == -1);
	CHECK(spm_period_format(spm_days_from_civil(9999, 12, 1), spm_days_from_civil(9999, 12, 31), buf, sizeof buf) > 0);
	CHECK_STR(buf, "9999-12-01..9999-12-30");
}

int
main(void)
{
	RUN(quarter_split);
	RUN(as_of_on_the_edges);
	RUN(leap_years);
	RUN(empty_period_is_rejected);
	RUN(civil_dates_against_a_day_by_day_walk);
	RUN(pay_periods);
	RUN(period_labels);
	UNIT_DONE();
}
