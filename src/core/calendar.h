/*
 * calendar.h
 *	  Calendar-day arithmetic for quota periods, in plain C (no PostgreSQL
 *	  headers).  Dates are whole day numbers (PostgreSQL's DateADT counts days
 *	  from 2000-01-01), so leap years need no special case: a period's length
 *	  is simply the difference of its bounds.
 *
 * A period is the half-open day interval [start, end): PostgreSQL stores
 * every daterange in that canonical form, so '[2025-01-01,2025-03-31]'
 * arrives here as start = 2025-01-01, end = 2025-04-01.
 */
#ifndef SPM_CORE_CALENDAR_H
#define SPM_CORE_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

typedef struct spm_period_days
{
	int64_t		total;			/* days in the period, >= 1 */
	int64_t		elapsed;		/* days of the period up to and including
								 * as_of, 0 .. total */
	int64_t		remaining;		/* total - elapsed */
} spm_period_days;

/*
 * Split the period [start, end) at as_of, counting as_of itself as elapsed:
 * as_of before the period gives elapsed = 0, as_of on or after its last day
 * gives elapsed = total.  Returns 0, or -1 when end <= start (an empty
 * period, which the caller reports).
 */
extern int	spm_period_split(int64_t start, int64_t end, int64_t as_of,
							 spm_period_days *out);

/*
 * Civil dates.  spm_days_from_civil gives the day number of year-month-day
 * in the proleptic Gregorian calendar (year 0 is 1 BC, as in ISO 8601);
 * spm_civil_from_days is its inverse.  Both are exact for every day number
 * a PostgreSQL date can hold and far beyond (the arithmetic is in 64 bits).
 */
extern int64_t spm_days_from_civil(int64_t year, int month, int day);
extern void spm_civil_from_days(int64_t days, int64_t *year, int *month, int *day);

/*
 * Pay periods: calendar months, quarters, half-years and years, the
 * frequencies a compensation plan pays on.  spm_frequency_parse maps the
 * names "month", "quarter", "half" and "year" (lower case, as stored) to
 * the period's length in months, or returns 0 for anything else.
 */
extern int	spm_frequency_parse(const char *name);

/*
 * The period of the given length in months (1, 3, 6 or 12) containing day,
 * as [*start, *end).  Periods start on January 1 and every length months
 * after it.
 */
extern void spm_period_containing(int64_t day, int months, int64_t *start, int64_t *end);

/*
 * A short label for the period [start, end): "2025-10" for a calendar
 * month, "2025-Q4" for a quarter, "2025-H2" for a half-year, "2025" for a
 * year, and "2025-10-15..2025-11-14" (first and last day) for any other
 * period.  Years outside 1..9999 are not labelled: returns -1 and the
 * caller shows the range as it is.  Returns the label's length otherwise.
 */
#define SPM_PERIOD_LABEL_MAX 32
extern int	spm_period_format(int64_t start, int64_t end, char *buf, size_t buflen);

#endif							/* SPM_CORE_CALENDAR_H */
