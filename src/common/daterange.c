/*
 * daterange.c
 *	  Unpacking daterange arguments into day numbers (see daterange.h).
 */
#include "postgres.h"

#include "utils/date.h"
#include "utils/lsyscache.h"

#include "compat.h"
#include "common/daterange.h"

SpmDays
spm_daterange_days(FunctionCallInfo fcinfo, RangeType *r)
{
	TypeCacheEntry *typcache = range_get_typcache(fcinfo, RangeTypeGetOid(r));
	RangeBound	lower,
				upper;
	SpmDays		d = {0};

	range_deserialize(typcache, r, &lower, &upper, &d.empty);
	if (d.empty)
		return d;
	d.has_lower = !lower.infinite;
	d.has_upper = !upper.infinite;
	if ((d.has_lower && DATE_NOT_FINITE(DatumGetDateADT(lower.val))) ||
		(d.has_upper && DATE_NOT_FINITE(DatumGetDateADT(upper.val))))
	{
		d.infinite_date = true;
		return d;
	}
	/* dateranges are canonical, [lower, upper), but do not rely on it */
	if (d.has_lower)
		d.lower = (int64) DatumGetDateADT(lower.val) + (lower.inclusive ? 0 : 1);
	if (d.has_upper)
		d.upper = (int64) DatumGetDateADT(upper.val) + (upper.inclusive ? 1 : 0);
	return d;
}

bool
spm_days_finite(const SpmDays *d)
{
	return !d->empty && d->has_lower && d->has_upper && !d->infinite_date;
}

char *
spm_daterange_text(RangeType *r)
{
	Oid			typoutput;
	bool		isvarlena;

	getTypeOutputInfo(RangeTypeGetOid(r), &typoutput, &isvarlena);
	return OidOutputFunctionCall(typoutput, RangeTypePGetDatum(r));
}

SpmDays
spm_daterange_period(FunctionCallInfo fcinfo, RangeType *r, const char *argname,
					 const char *hint)
{
	SpmDays		d = spm_daterange_days(fcinfo, r);

	if (d.empty)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be empty, not \"%s\"", argname, spm_daterange_text(r)),
				 errhint("%s", hint)));
	if (!spm_days_finite(&d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must have a finite start and end, not %s",
						argname, spm_daterange_text(r)),
				 errhint("%s", hint)));
	return d;
}
