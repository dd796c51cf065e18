/*
 * calendar.c
 *	  Calendar-day arithmetic for quota periods (see calendar.h).
 */
#include "calendar.h"

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
