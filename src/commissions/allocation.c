/*
 * allocation.c
 *	  Sharing money out exactly: spm.split (credit splits by largest
 *	  remainder, parts always summing to the rounded amount) and spm.prorate
 *	  (an amount scaled by the share of a period's days someone was active).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"

#include "compat.h"
#include "commissions/tier_schedule.h"

#define SPM_SPLIT_MAX_SCALE 100

typedef struct SplitPart
{
	int			index;
	Numeric		units;			/* whole units of 10^-scale */
	Numeric		remainder;		/* of units * weight / total weight */
} SplitPart;

/* larger remainder first; among equal remainders the earlier weight */
static int
by_remainder(const void *a, const void *b)
{
	const SplitPart *pa = a;
	const SplitPart *pb = b;
	int			c = num_cmp(pb->remainder, pa->remainder);

	return c != 0 ? c : pa->index - pb->index;
}

static Numeric
power_of_ten(int exponent)
{
	char		buf[16];

	snprintf(buf, sizeof(buf), "1e%d", exponent);
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

static Numeric
num_round(Numeric n, int scale)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_round, NumericGetDatum(n),
											   Int32GetDatum(scale)));
}

PG_FUNCTION_INFO_V1(spm_split);
Datum
spm_split(PG_FUNCTION_ARGS)
{
	Numeric		amount = PG_GETARG_NUMERIC(0);
	ArrayType  *warr = PG_GETARG_ARRAYTYPE_P(1);
	int32		scale = PG_GETARG_INT32(2);
	Datum	   *welems;
	bool	   *wnulls;
	int			n,
				i;
	Numeric		total_weight,
				units,
				leftover,
				zero = num_zero(),
				one = int64_to_numeric(1),
				unit;
	bool		negative;
	SplitPart  *parts;
	Datum	   *result;

	check_finite_numeric(amount, "amount");
	if (scale < 0 || scale > SPM_SPLIT_MAX_SCALE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scale must be between 0 and %d, not %d", SPM_SPLIT_MAX_SCALE, scale)));
	if (ARR_NDIM(warr) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must be a non-empty one-dimensional array")));
	deconstruct_array(warr, NUMERICOID, -1, false, TYPALIGN_INT, &welems, &wnulls, &n);

	total_weight = zero;
	for (i = 0; i < n; i++)
	{
		Numeric		w;

		if (wnulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("weights must not contain nulls (element %d is null)", i + 1)));
		w = DatumGetNumeric(welems[i]);
		if (numeric_is_nan(w) || numeric_is_inf(w) || num_cmp(w, zero) < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight %d must be a finite non-negative number, not %s", i + 1,
							DatumGetCString(DirectFunctionCall1(numeric_out, welems[i])))));
		total_weight = numeric_add_opt_error(total_weight, w, NULL);
	}
	if (num_cmp(total_weight, zero) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must not all be zero")));

	/* the rounded amount in whole units of 10^-scale, split by magnitude */
	units = numeric_mul_opt_error(num_round(amount, scale), power_of_ten(scale), NULL);
	negative = num_cmp(units, zero) < 0;
	if (negative)
		units = DatumGetNumeric(DirectFunctionCall1(numeric_uminus, NumericGetDatum(units)));

	/* each part's whole units (floor of its exact share) and its remainder */
	parts = palloc(sizeof(SplitPart) * n);
	leftover = units;
	for (i = 0; i < n; i++)
	{
		Numeric		share = numeric_mul_opt_error(units, DatumGetNumeric(welems[i]), NULL);

		parts[i].index = i;
		parts[i].units = DatumGetNumeric(DirectFunctionCall2(numeric_div_trunc,
															 NumericGetDatum(share),
															 NumericGetDatum(total_weight)));
		parts[i].remainder = numeric_sub_opt_error(share,
												   numeric_mul_opt_error(parts[i].units, total_weight, NULL),
												   NULL);
		leftover = numeric_sub_opt_error(leftover, parts[i].units, NULL);
	}

	/* hand the leftover units (fewer than n) to the largest remainders */
	qsort(parts, n, sizeof(SplitPart), by_remainder);
	for (i = 0; i < n && num_cmp(leftover, zero) > 0; i++)
	{
		parts[i].units = numeric_add_opt_error(parts[i].units, one, NULL);
		leftover = numeric_sub_opt_error(leftover, one, NULL);
	}

	unit = power_of_ten(-scale);
	result = palloc(sizeof(Datum) * n);
	for (i = 0; i < n; i++)
	{
		Numeric		part = numeric_mul_opt_error(parts[i].units, unit, NULL);

		if (negative)
			part = DatumGetNumeric(DirectFunctionCall1(numeric_uminus, NumericGetDatum(part)));
		result[parts[i].index] = NumericGetDatum(num_round(part, scale));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(result, n, NUMERICOID, -1, false, TYPALIGN_INT));
}

/* ---- spm.prorate ---------------------------------------------------------- */

typedef struct DaySpan
{
	bool		empty;
	bool		lower_open;		/* unbounded below */
	bool		upper_open;		/* unbounded above */
	DateADT		lower;			/* first day (inclusive) */
	DateADT		upper;			/* first day after (exclusive) */
} DaySpan;

/* A daterange as [lower, upper) day numbers; dateranges are canonical. */
static DaySpan
day_span(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	RangeType  *r = PG_GETARG_RANGE_P(argno);
	TypeCacheEntry *typcache = range_get_typcache(fcinfo, RangeTypeGetOid(r));
	RangeBound	lower,
				upper;
	DaySpan		span = {0};

	range_deserialize(typcache, r, &lower, &upper, &span.empty);
	if (span.empty)
		return span;
	span.lower_open = lower.infinite;
	span.upper_open = upper.infinite;
	if ((!lower.infinite && DATE_NOT_FINITE(DatumGetDateADT(lower.val))) ||
		(!upper.infinite && DATE_NOT_FINITE(DatumGetDateADT(upper.val))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not have an infinite date as a bound", argname),
				 errhint("Leave the bound out instead, as in '[2025-01-01,)'.")));
	if (!lower.infinite)
		span.lower = DatumGetDateADT(lower.val) + (lower.inclusive ? 0 : 1);
	if (!upper.infinite)
		span.upper = DatumGetDateADT(upper.val) + (upper.inclusive ? 1 : 0);
	return span;
}

PG_FUNCTION_INFO_V1(spm_prorate);
Datum
spm_prorate(PG_FUNCTION_ARGS)
{
	Numeric		amount = PG_GETARG_NUMERIC(0);
	DaySpan		period = day_span(fcinfo, 1, "period");
	DaySpan		active = day_span(fcinfo, 2, "active");
	int64		days,
				overlap;
	DateADT		from,
				to;

	check_finite_numeric(amount, "amount");
	if (period.empty || period.lower_open || period.upper_open)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period must be a non-empty range with both bounds"),
				 errhint("For example daterange('2025-01-01', '2025-04-01') for the first quarter.")));
	days = (int64) period.upper - period.lower;
	if (active.empty)
		overlap = 0;
	else
	{
		from = active.lower_open ? period.lower : Max(period.lower, active.lower);
		to = active.upper_open ? period.upper : Min(period.upper, active.upper);
		overlap = Max((int64) to - from, 0);
	}

	if (overlap == days)
		PG_RETURN_NUMERIC(amount);
	PG_RETURN_NUMERIC(numeric_div_opt_error(numeric_mul_opt_error(amount, int64_to_numeric(overlap), NULL),
											int64_to_numeric(days), NULL));
}
