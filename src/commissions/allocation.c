/*
 * allocation.c
 *	  Sharing money out exactly: spm.split (credit splits by largest
 *	  remainder, parts always summing to the rounded amount) and spm.prorate
 *	  (an amount scaled by the share of a period's days someone was active).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"

#include "compat.h"
#include "common/daterange.h"
#include "commissions/tier_schedule.h"

#define SPM_SPLIT_MAX_SCALE 100

typedef struct SplitPart
{
	int			index;
	Numeric		units;			/* whole units of 10^-scale */
	Numeric		remainder;		/* of units * weight / total weight */
} SplitPart;

/*
 * Larger remainder first; among equal remainders the earlier weight.  The
 * sort (PostgreSQL's in-place qsort, which allocates nothing) may be long
 * for a long array, so it answers a cancel from here.
 */
static int
by_remainder(const void *a, const void *b)
{
	const SplitPart *pa = a;
	const SplitPart *pb = b;
	int			c;

	CHECK_FOR_INTERRUPTS();
	c = num_cmp(pb->remainder, pa->remainder);

	return c != 0 ? c : pa->index - pb->index;
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
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("scale must be between 0 and %d, not %d", SPM_SPLIT_MAX_SCALE, scale)));
	if (ARR_NDIM(warr) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must not be empty, not {}"),
				 errhint("Give one weight per part, e.g. '{0.7,0.3}'.")));
	if (ARR_NDIM(warr) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must be a one-dimensional array, not %d-dimensional",
						ARR_NDIM(warr))));
	deconstruct_array(warr, NUMERICOID, -1, false, TYPALIGN_INT, &welems, &wnulls, &n);

	/* every loop over the weights answers a cancel: the array may be long */
	total_weight = zero;
	for (i = 0; i < n; i++)
	{
		bool		overflow = false;

		CHECK_FOR_INTERRUPTS();
		if (wnulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("weights must not contain nulls (element %d is null)", i + 1)));
		check_non_negative_numeric(DatumGetNumeric(welems[i]),
								   psprintf("element %d of weights", i + 1));
		total_weight = numeric_add_opt_error(total_weight, DatumGetNumeric(welems[i]), &overflow);
		if (overflow)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the sum of weights is out of range at element %d", i + 1)));
	}
	if (num_cmp(total_weight, zero) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must not all be zero")));

	/* the rounded amount in whole units of 10^-scale, split by magnitude */
	{
		bool		overflow = false;

		units = numeric_mul_opt_error(num_round(amount, scale), num_power_of_ten(scale), &overflow);
		if (overflow)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("amount %s is out of range at scale %d", num_text(amount), scale)));
	}
	negative = num_cmp(units, zero) < 0;
	if (negative)
		units = DatumGetNumeric(DirectFunctionCall1(numeric_uminus, NumericGetDatum(units)));

	/* each part's whole units (floor of its exact share) and its remainder */
	parts = palloc(sizeof(SplitPart) * n);
	leftover = units;
	for (i = 0; i < n; i++)
	{
		Numeric		share;

		CHECK_FOR_INTERRUPTS();
		share = numeric_mul_opt_error(units, DatumGetNumeric(welems[i]), NULL);
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
		CHECK_FOR_INTERRUPTS();
		parts[i].units = numeric_add_opt_error(parts[i].units, one, NULL);
		leftover = numeric_sub_opt_error(leftover, one, NULL);
	}

	unit = num_power_of_ten(-scale);
	result = palloc(sizeof(Datum) * n);
	for (i = 0; i < n; i++)
	{
		Numeric		part;

		CHECK_FOR_INTERRUPTS();
		part = numeric_mul_opt_error(parts[i].units, unit, NULL);
		if (negative)
			part = DatumGetNumeric(DirectFunctionCall1(numeric_uminus, NumericGetDatum(part)));
		result[parts[i].index] = NumericGetDatum(num_round(part, scale));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(result, n, NUMERICOID, -1, false, TYPALIGN_INT));
}

/* ---- spm.prorate ---------------------------------------------------------- */

PG_FUNCTION_INFO_V1(spm_prorate);
Datum
spm_prorate(PG_FUNCTION_ARGS)
{
	Numeric		amount = PG_GETARG_NUMERIC(0);
	RangeType  *active_range = PG_GETARG_RANGE_P(2);
	SpmDays		period,
				active;
	int64		days,
				overlap;

	check_finite_numeric(amount, "amount");
	period = spm_daterange_period(fcinfo, PG_GETARG_RANGE_P(1), "period",
								  "For example daterange('2025-01-01', '2025-04-01') for the first quarter.");
	active = spm_daterange_days(fcinfo, active_range);
	if (active.infinite_date)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("active must not have an infinite date as a bound, not %s",
						spm_daterange_text(active_range)),
				 errhint("Leave the bound out instead, as in '[2025-01-01,)'.")));
	days = period.upper - period.lower;
	if (active.empty)
		overlap = 0;
	else
	{
		int64		from = active.has_lower ? Max(period.lower, active.lower) : period.lower;
		int64		to = active.has_upper ? Min(period.upper, active.upper) : period.upper;

		overlap = Max(to - from, 0);
	}

	if (overlap == days)
		PG_RETURN_NUMERIC(amount);
	PG_RETURN_NUMERIC(numeric_div_opt_error(numeric_mul_opt_error(amount, int64_to_numeric(overlap), NULL),
											int64_to_numeric(days), NULL));
}
