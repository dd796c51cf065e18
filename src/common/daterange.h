/*
 * daterange.h
 *	  A daterange argument as day numbers, for the modules that count days
 *	  in periods (proration, pacing, period labels).
 */
#ifndef SPM_COMMON_DATERANGE_H
#define SPM_COMMON_DATERANGE_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/rangetypes.h"

typedef struct SpmDays
{
	bool		empty;
	bool		has_lower;		/* false: unbounded below */
	bool		has_upper;		/* false: unbounded above */
	bool		infinite_date;	/* a bound is the date -infinity or infinity */
	int64		lower;			/* first day, when has_lower and finite */
	int64		upper;			/* the day after the last, when has_upper and finite */
} SpmDays;

/* The range as [lower, upper) day numbers, whatever its bound notation. */
extern SpmDays spm_daterange_days(FunctionCallInfo fcinfo, RangeType *r);

/* True when the range is non-empty with finite lower and upper dates. */
extern bool spm_days_finite(const SpmDays *d);

/* The text form of a range, for messages. */
extern char *spm_daterange_text(RangeType *r);

/*
 * An error (22023) unless the range is a non-empty period with a finite
 * start and end, naming argname and the range; returns its days.
 */
extern SpmDays spm_daterange_period(FunctionCallInfo fcinfo, RangeType *r,
									const char *argname, const char *hint);

#endif							/* SPM_COMMON_DATERANGE_H */
