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

#endif							/* SPM_CORE_CALENDAR_H */
