/*
 * fuzz_calendar.c
 *	  Calendar arithmetic of quota and pay periods (src/core/calendar.h),
 *	  on day numbers a PostgreSQL date can hold (32-bit, as DateADT) and,
 *	  for the civil-date conversions, far beyond.
 *
 * Invariants:
 *	 - spm_civil_from_days and spm_days_from_civil are inverse, and give a
 *	   real date (month 1..12, day 1..length of that month);
 *	 - spm_period_split: -1 exactly when end <= start, otherwise
 *	   0 <= elapsed <= total = end - start and remaining = total - elapsed;
 *	 - spm_period_containing(day, months) contains day, starts on the 1st
 *	   of a month that is 1 + a multiple of months, and spans months months;
 *	 - spm_period_format fits in SPM_PERIOD_LABEL_MAX bytes and returns the
 *	   label's length, or -1;
 *	 - spm_frequency_parse gives 0 or one of 1, 3, 6, 12.
 */
#include "core/calendar.h"

#include "fuzz.h"

static int
month_length(int64_t y, int m)
{
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

static void
check_day(int64_t day)
{
	int64_t		y;
	int			m,
				d;

	spm_civil_from_days(day, &y, &m, &d);
	FUZZ_ASSERT(m >= 1 && m <= 12);
	FUZZ_ASSERT(d >= 1 && d <= month_length(y, m));
	FUZZ_ASSERT(spm_days_from_civil(y, m, d) == day);
	/* the next day is the next date */
	{
		int64_t		y2;
		int			m2,
					d2;

		spm_civil_from_days(day + 1, &y2, &m2, &d2);
		if (d < month_length(y, m))
			FUZZ_ASSERT(y2 == y && m2 == m && d2 == d + 1);
		else if (m < 12)
			FUZZ_ASSERT(y2 == y && m2 == m + 1 && d2 == 1);
		else
			FUZZ_ASSERT(y2 == y + 1 && m2 == 1 && d2 == 1);
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader r = {data, size};
	int64_t		start = (int32_t) fuzz_u32(&r);
	int64_t		end = (int32_t) fuzz_u32(&r);
	int64_t		as_of = (int32_t) fuzz_u32(&r);
	int64_t		far = (int64_t) (fuzz_bytes(&r, 8) % ((uint64_t) 1 << 51)) - ((int64_t) 1 << 50);
	int			months = (int[]) {1, 3, 6, 12}[fuzz_u8(&r) % 4];
	spm_period_days pd;
	int64_t		ps,
				pe;
	char	   *label;
	char		big[256];
	int			len;

	check_day(start);
	check_day(end);
	check_day(far);

	if (spm_period_split(start, end, as_of, &pd) != 0)
		FUZZ_ASSERT(end <= start);
	else
	{
		FUZZ_ASSERT(end > start);
		FUZZ_ASSERT(pd.total == end - start);
		FUZZ_ASSERT(pd.elapsed >= 0 && pd.elapsed <= pd.total);
		FUZZ_ASSERT(pd.remaining == pd.total - pd.elapsed);
		FUZZ_ASSERT(as_of >= start || pd.elapsed == 0);
		FUZZ_ASSERT(as_of < end - 1 || pd.elapsed == pd.total);
	}

	spm_period_containing(as_of, months, &ps, &pe);
	FUZZ_ASSERT(ps <= as_of && as_of < pe);
	{
		int64_t		y,
					ey;
		int			m,
					d,
					em,
					ed;

		spm_civil_from_days(ps, &y, &m, &d);
		spm_civil_from_days(pe, &ey, &em, &ed);
		FUZZ_ASSERT(d == 1 && ed == 1 && (m - 1) % months == 0);
		FUZZ_ASSERT((ey * 12 + em) - (y * 12 + m) == months);
	}

	/* labels: of a real pay period, and of whatever [start, end) is */
	label = malloc(SPM_PERIOD_LABEL_MAX);
	len = spm_period_format(ps, pe, label, SPM_PERIOD_LABEL_MAX);
	if (len >= 0)
	{
		FUZZ_ASSERT(len < SPM_PERIOD_LABEL_MAX && (size_t) len == strlen(label));
		FUZZ_ASSERT(spm_period_format(ps, pe, big, sizeof(big)) == len);
	}
	len = spm_period_format(start, end, label, SPM_PERIOD_LABEL_MAX);
	FUZZ_ASSERT(len == -1 || (len < SPM_PERIOD_LABEL_MAX && (size_t) len == strlen(label)));
	FUZZ_ASSERT(len != -1 || end <= start || spm_period_format(start, end, big, sizeof(big)) == -1);
	free(label);

	/* the rest of the input as a frequency name */
	{
		char	   *name = fuzz_cstring(r.p, r.left);
		int			f = spm_frequency_parse(name);

		FUZZ_ASSERT(f == 0 || f == 1 || f == 3 || f == 6 || f == 12);
		free(name);
	}
	return 0;
}
