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

int
main(void)
{
	RUN(quarter_split);
	RUN(as_of_on_the_edges);
	RUN(leap_years);
	RUN(empty_period_is_rejected);
	UNIT_DONE();
}
