/*
 * periods.c
 *	  Pay periods of the data model (declared in model.sql): the calendar
 *	  month, quarter, half-year or year that a day belongs to, and a short
 *	  label for a period that BI tools can group and sort by.
 *
 * The calendar arithmetic is in src/core/calendar.c; this file converts
 * PostgreSQL dates and ranges and reports bad arguments.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"

#include "compat.h"
#include "common/daterange.h"
#include "core/calendar.h"

static char *
date_text(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

PG_FUNCTION_INFO_V1(spm_pay_period);
Datum
spm_pay_period(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	char	   *frequency = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int			months = spm_frequency_parse(frequency);
	TypeCacheEntry *typcache;
	RangeBound	lower = {0},
				upper = {0};
	int64		start,
				end;

	if (months == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must be month, quarter, half or year, not \"%s\"",
						frequency)));
	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("day must be a finite date, not %s", date_text(day))));
	spm_period_containing(day, months, &start, &end);
	/* the bounds of a period at either end of the calendar may not exist */
	if (!IS_VALID_DATE(start) || !IS_VALID_DATE(end))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the %s containing %s does not fit in the range of dates",
						frequency, date_text(day))));

	typcache = range_get_typcache(fcinfo, DATERANGEOID);
	lower.val = DateADTGetDatum((DateADT) start);
	lower.inclusive = true;
	lower.lower = true;
	upper.val = DateADTGetDatum((DateADT) end);
	upper.inclusive = false;
	upper.lower = false;
	PG_RETURN_RANGE_P(spm_make_range(typcache, &lower, &upper, false));
}

PG_FUNCTION_INFO_V1(spm_period_label);
Datum
spm_period_label(PG_FUNCTION_ARGS)
{
	RangeType  *r = PG_GETARG_RANGE_P(0);
	SpmDays		d = spm_daterange_days(fcinfo, r);
	char		buf[SPM_PERIOD_LABEL_MAX];

	if (spm_days_finite(&d) &&
		spm_period_format(d.lower, d.upper, buf, sizeof(buf)) > 0)
		PG_RETURN_TEXT_P(cstring_to_text(buf));
	/* anything else is shown as the range itself */
	PG_RETURN_TEXT_P(cstring_to_text(spm_daterange_text(r)));
}
