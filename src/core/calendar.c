/*
 * calendar.c
 *	  Calendar-day arithmetic for quota periods (see calendar.h).
 */
#include "calendar.h"

#include <stdio.h>
#include <string.h>

int
spm_period_split(int64_t start, int64_t end, int64_t as_of,
				 spm_period_days *out)
{
	int64_t		elapsed;

	if (end <= start)
		return -1;
	out->total = end - start;
	/* as_of counts as elapsed: the day after as_of is the first one left */
	if (as_of < start)
		elapsed = 0;
	else if (as_of >= end - 1)
		elapsed = out->total;
	else
		elapsed = as_of - start + 1;
	out->elapsed = elapsed;
	out->remaining = out->total - elapsed;
	return 0;
}

/*
 * Day 0 is 2000-01-01.  The conversions are Howard Hinnant's
 * days_from_civil / civil_from_days, which count from 1970-01-01 in eras of
 * 400 years (146097 days); 2000-01-01 is day 10957 of that count.
 */
#define DAYS_1970_TO_2000 10957

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int64_t
spm_days_from_civil(int64_t year, int month, int day)
{
	int64_t		y = year - (month <= 2);
	int64_t		era = floor_div(y, 400);
	int64_t		yoe = y - era * 400;	/* 0 .. 399 */
	int64_t		mp = (month + 9) % 12;	/* March = 0 */
	int64_t		doy = (153 * mp + 2) / 5 + day - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468 - DAYS_1970_TO_2000;
}

void
spm_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t		z = days + DAYS_1970_TO_2000 + 719468;
	int64_t		era = floor_div(z, 146097);
	int64_t		doe = z - era * 146097;	/* 0 .. 146096 */
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int			m = (int) (mp < 10 ? mp + 3 : mp - 9);

	*day = (int) (doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = yoe + era * 400 + (m <= 2);
}

int
spm_frequency_parse(const char *name)
{
	if (strcmp(name, "month") == 0)
		return 1;
	if (strcmp(name, "quarter") == 0)
		return 3;
	if (strcmp(name, "half") == 0)
		return 6;
	if (strcmp(name, "year") == 0)
		return 12;
	return 0;
}

void
spm_period_containing(int64_t day, int months, int64_t *start, int64_t *end)
{
	int64_t		y;
	int			m,
				d,
				first,
				next;

	spm_civil_from_days(day, &y, &m, &d);
	first = (m - 1) / months * months + 1;
	next = first + months;
	*start = spm_days_from_civil(y, first, 1);
	*end = next > 12 ? spm_days_from_civil(y + 1, next - 12, 1)
		: spm_days_from_civil(y, next, 1);
}

int
spm_period_format(int64_t start, int64_t end, char *buf, size_t buflen)
{
	static const int lengths[] = {1, 3, 6, 12};
	int64_t		y,
				ly;
	int			m,
				d,
				lm,
				ld;

	if (end <= start)
		return -1;
	spm_civil_from_days(start, &y, &m, &d);
	spm_civil_from_days(end - 1, &ly, &lm, &ld);
	if (y < 1 || y > 9999 || ly < 1 || ly > 9999)
		return -1;
	for (int i = 0; i < 4; i++)
	{
		int64_t		s,
					e;

		spm_period_containing(start, lengths[i], &s, &e);
		if (s != start || e != end)
			continue;
		switch (lengths[i])
		{
			case 1:
				return snprintf(buf, buflen, "%04d-%02d", (int) y, m);
			case 3:
				return snprintf(buf, buflen, "%04d-Q%d", (int) y, (m + 2) / 3);
			case 6:
				return snprintf(buf, buflen, "%04d-H%d", (int) y, (m + 5) / 6);
			default:
				return snprintf(buf, buflen, "%04d", (int) y);
		}
	}
	return snprintf(buf, buflen, "%04d-%02d-%02d..%04d-%02d-%02d",
					(int) y, m, d, (int) ly, lm, ld);
}
