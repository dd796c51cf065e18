/*
 * quotas.c
 *	  SQL-callable quota functions (declared in quotas.sql): attainment,
 *	  the attainment_agg aggregate, pacing, ramped quotas and coverage.
 *
 * Money is numeric end to end.  Every quotient is one PostgreSQL numeric
 * division of exact operands (so it carries at least 16 significant
 * digits), with trailing zeros trimmed; sums, differences and products are
 * exact.  Calendar-day arithmetic lives in src/core/calendar.c.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"

#include "compat.h"
#include "common/aggstate.h"
#include "common/daterange.h"
#include "common/numeric_util.h"
#include "common/typeio.h"
#include "core/calendar.h"

/* ---- numeric helpers -------------------------------------------------- */

/* a/b with trailing zeros trimmed; b must not be zero */
static Numeric
num_div(Numeric a, Numeric b)
{
	Numeric		q = numeric_div_opt_error(a, b, NULL);

	return DatumGetNumeric(DirectFunctionCall1(numeric_trim_scale, NumericGetDatum(q)));
}


/* ---- spm.attainment ----------------------------------------------------- */

PG_FUNCTION_INFO_V1(spm_attainment);
Datum
spm_attainment(PG_FUNCTION_ARGS)
{
	Numeric		actual = PG_GETARG_NUMERIC(0);
	Numeric		quota = PG_GETARG_NUMERIC(1);

	check_finite_numeric(actual, "actual");
	check_non_negative_numeric(quota, "quota");
	if (num_sign(quota) == 0)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(num_div(actual, quota));
}

/* ---- spm.attainment_agg ----------------------------------------------- */

/*
 * The state is internal rather than a fixed-size SQL type: it holds two
 * exact numeric sums, whose size grows with their digits, and a fixed-size
 * state would have to give up exactness (the project rule: money stays
 * exact).  Each sum is accumulated by PostgreSQL's own sum(numeric)
 * machinery (numeric_avg_accum and friends, the transition functions of
 * the built-in sum and avg), which adds in place without a palloc per row;
 * memory per group is two such accumulators.  For parallel and distributed
 * use the state has a binary serial form:
 *
 *	 int32 version, int64 rows, then for each of Σactual and Σquota an
 *	 int32 length and the built-in serial form of that accumulator.
 */
#define ATTAINMENT_STATE_VERSION 1

typedef struct AttainmentState
{
	int64		rows;
	Datum		actual;			/* the built-in accumulators (internal) */
	Datum		quota;
} AttainmentState;

static Datum
accum(FunctionCallInfo fcinfo, Datum state, Numeric value)
{
	Datum		r = spm_call_agg_support(numeric_avg_accum, fcinfo, 2,
											 state, state == (Datum) 0,
											 NumericGetDatum(value), false);

	if (r == (Datum) 0)
		elog(ERROR, "numeric_avg_accum returned NULL");
	return r;
}

/* the sum held by a built-in accumulator; 0 when it has seen nothing */
static Numeric
accum_sum(FunctionCallInfo fcinfo, Datum state)
{
	Datum		r;

	if (state == (Datum) 0)
		return num_zero();
	r = spm_call_agg_support(numeric_sum, fcinfo, 1, state, false, (Datum) 0, true);
	return r == (Datum) 0 ? num_zero() : DatumGetNumeric(r);
}

/*
 * Transition: deliberately not STRICT, because the state starts NULL and a
 * row with a NULL actual or quota is skipped (as regr_* aggregates skip rows
 * with a NULL in either argument).
 */
PG_FUNCTION_INFO_V1(spm_attainment_trans);
Datum
spm_attainment_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = spm_aggregate_context(fcinfo, "spm_attainment_trans");
	AttainmentState *s = PG_ARGISNULL(0) ? NULL : (AttainmentState *) PG_GETARG_POINTER(0);
	Numeric		actual,
				quota;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	actual = PG_GETARG_NUMERIC(1);
	quota = PG_GETARG_NUMERIC(2);
	check_finite_numeric(actual, "actual");
	check_non_negative_numeric(quota, "quota");
	if (s == NULL)
		s = MemoryContextAllocZero(ctx, sizeof(AttainmentState));
	s->actual = accum(fcinfo, s->actual, actual);
	s->quota = accum(fcinfo, s->quota, quota);
	s->rows++;
	PG_RETURN_POINTER(s);
}

/* Combine: not STRICT, so that either side may be an empty (NULL) state. */
PG_FUNCTION_INFO_V1(spm_attainment_combine);
Datum
spm_attainment_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = spm_aggregate_context(fcinfo, "spm_attainment_combine");
	AttainmentState *a = PG_ARGISNULL(0) ? NULL : (AttainmentState *) PG_GETARG_POINTER(0);
	AttainmentState *b = PG_ARGISNULL(1) ? NULL : (AttainmentState *) PG_GETARG_POINTER(1);

	if (b == NULL || b->rows == 0)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	/* numeric_avg_combine copies b's sums into the aggregate context */
	if (a == NULL)
		a = MemoryContextAllocZero(ctx, sizeof(AttainmentState));
	a->actual = spm_call_agg_support(numeric_avg_combine, fcinfo, 2, a->actual,
									 a->actual == (Datum) 0, b->actual, b->actual == (Datum) 0);
	a->quota = spm_call_agg_support(numeric_avg_combine, fcinfo, 2, a->quota,
									a->quota == (Datum) 0, b->quota, b->quota == (Datum) 0);
	if (pg_add_s64_overflow(a->rows, b->rows, &a->rows))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("attainment_agg row count out of range")));
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(spm_attainment_serialize);
Datum
spm_attainment_serialize(PG_FUNCTION_ARGS)
{
	AttainmentState *s = (AttainmentState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	Datum		parts[2] = {s->actual, s->quota};

	spm_aggregate_context(fcinfo, "spm_attainment_serialize");
	pq_begintypsend(&buf);
	pq_sendint32(&buf, ATTAINMENT_STATE_VERSION);
	pq_sendint64(&buf, (uint64) s->rows);
	for (int i = 0; i < 2; i++)
	{
		bytea	   *b = DatumGetByteaPP(spm_call_agg_support(numeric_avg_serialize, fcinfo, 1,
															 parts[i], false, (Datum) 0, true));

		pq_sendint32(&buf, (uint32) VARSIZE_ANY_EXHDR(b));
		pq_sendbytes(&buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
bad_serial(const char *detail)
{
	spm_bad_serial("spm.attainment_agg", detail);
}

/* one length-prefixed accumulator, checked by the built-in deserializer */
static Datum
recv_accum_part(FunctionCallInfo fcinfo, StringInfo buf)
{
	int32		len;
	bytea	   *part;

	if (buf->len - buf->cursor < 4)
		bad_serial("The state ends before a sum's length.");
	len = (int32) pq_getmsgint(buf, 4);
	if (len < 0 || len > buf->len - buf->cursor)
		bad_serial("A sum's length runs past the end of the state.");
	part = palloc(VARHDRSZ + len);
	SET_VARSIZE(part, VARHDRSZ + len);
	memcpy(VARDATA(part), buf->data + buf->cursor, len);
	buf->cursor += len;
	return spm_call_agg_support(numeric_avg_deserialize, fcinfo, 1, PointerGetDatum(part),
								false, (Datum) 0, true);
}

PG_FUNCTION_INFO_V1(spm_attainment_deserialize);
Datum
spm_attainment_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	AttainmentState *s;
	int32		version;
	Numeric		actual,
				quota;

	spm_aggregate_context(fcinfo, "spm_attainment_deserialize");
	buf.data = VARDATA_ANY(b);
	buf.len = VARSIZE_ANY_EXHDR(b);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 12)
		bad_serial("The state is shorter than its header.");
	version = (int32) pq_getmsgint(&buf, 4);
	if (version != ATTAINMENT_STATE_VERSION)
		bad_serial(psprintf("Unsupported state format version %d.", version));
	s = palloc0(sizeof(AttainmentState));
	s->rows = (int64) pq_getmsgint64(&buf);
	if (s->rows < 1)
		bad_serial("A state holds at least one row.");
	s->actual = recv_accum_part(fcinfo, &buf);
	s->quota = recv_accum_part(fcinfo, &buf);
	if (buf.cursor != buf.len)
		bad_serial("The state has trailing bytes.");
	actual = accum_sum(fcinfo, s->actual);
	quota = accum_sum(fcinfo, s->quota);
	if (numeric_is_nan(actual) || numeric_is_inf(actual) ||
		numeric_is_nan(quota) || numeric_is_inf(quota) || num_sign(quota) < 0)
		bad_serial("The sums must be finite and the quota sum must not be negative.");
	PG_RETURN_POINTER(s);
}

/* Final: reads the sums without changing the state (safe for windows). */
PG_FUNCTION_INFO_V1(spm_attainment_final);
Datum
spm_attainment_final(PG_FUNCTION_ARGS)
{
	AttainmentState *s = (AttainmentState *) PG_GETARG_POINTER(0);
	Numeric		quota;

	if (s->rows == 0)
		PG_RETURN_NULL();
	quota = accum_sum(fcinfo, s->quota);
	if (num_sign(quota) == 0)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(num_div(accum_sum(fcinfo, s->actual), quota));
}

/* ---- spm.pacing -------------------------------------------------------- */

PG_FUNCTION_INFO_V1(spm_pacing);
Datum
spm_pacing(PG_FUNCTION_ARGS)
{
	Numeric		actual = PG_GETARG_NUMERIC(0);
	Numeric		quota = PG_GETARG_NUMERIC(1);
	DateADT		as_of = PG_GETARG_DATEADT(3);
	SpmDays		period;
	spm_period_days d;
	Numeric		total,
				elapsed,
				gap;
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {0};

	check_finite_numeric(actual, "actual");
	check_non_negative_numeric(quota, "quota");
	period = spm_daterange_period(fcinfo, PG_GETARG_RANGE_P(2), "period",
								  "Give the quota period as daterange(first_day, day_after_last_day), "
								  "for example daterange('2025-10-01', '2026-01-01').");
	if (DATE_NOT_FINITE(as_of))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("as_of must be a finite date, not %s",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(as_of))))));
	if (spm_period_split(period.lower, period.upper, as_of, &d) != 0)
		elog(ERROR, "non-empty daterange with upper <= lower");

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "spm.pacing must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	total = int64_to_numeric(d.total);
	elapsed = int64_to_numeric(d.elapsed);
	gap = numeric_sub_opt_error(quota, actual, NULL);

	/* elapsed_fraction = elapsed / total */
	values[0] = NumericGetDatum(num_div(elapsed, total));
	/* expected = quota * elapsed / total */
	values[1] = NumericGetDatum(num_div(numeric_mul_opt_error(quota, elapsed, NULL), total));
	/* pace = actual / expected = actual * total / (quota * elapsed) */
	if (d.elapsed == 0 || num_sign(quota) == 0)
		nulls[2] = true;
	else
		values[2] = NumericGetDatum(num_div(numeric_mul_opt_error(actual, total, NULL),
											numeric_mul_opt_error(quota, elapsed, NULL)));
	/* projected = actual * total / elapsed: the run rate over the whole period */
	if (d.elapsed == 0)
		nulls[3] = true;
	else
		values[3] = NumericGetDatum(num_div(numeric_mul_opt_error(actual, total, NULL), elapsed));
	/* gap = quota - actual, negative once quota is exceeded */
	values[4] = NumericGetDatum(gap);
	/* required_per_day = gap / remaining days; 0 once met; NULL when too late */
	if (num_sign(gap) <= 0)
		values[5] = NumericGetDatum(num_zero());
	else if (d.remaining == 0)
		nulls[5] = true;
	else
		values[5] = NumericGetDatum(num_div(gap, int64_to_numeric(d.remaining)));

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---- spm.ramp_quota ------------------------------------------------------ */

PG_FUNCTION_INFO_V1(spm_ramp_quota);
Datum
spm_ramp_quota(PG_FUNCTION_ARGS)
{
	Numeric		quota = PG_GETARG_NUMERIC(0);
	int32		tenure = PG_GETARG_INT32(1);
	ArrayType  *ramp = PG_GETARG_ARRAYTYPE_P(2);
	Datum	   *elems;
	bool	   *enulls;
	int			n;
	Numeric		factor;

	check_non_negative_numeric(quota, "quota");
	if (tenure < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tenure_months must not be negative, not %d", tenure),
				 errdetail("tenure_months counts the whole months since hire: 0 in the first month.")));
	if (ARR_NDIM(ramp) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ramp must be a one-dimensional array, not %d-dimensional", ARR_NDIM(ramp))));
	deconstruct_array(ramp, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &enulls, &n);
	for (int i = 0; i < n; i++)
	{
		char		name[40];

		CHECK_FOR_INTERRUPTS();
		if (enulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("ramp must not contain nulls (element %d is null)", i + 1)));
		snprintf(name, sizeof(name), "element %d of ramp", i + 1);
		check_non_negative_numeric(DatumGetNumeric(elems[i]), name);
	}

	/*
	 * By position, whatever the array's lower bound: the first element is
	 * the first month (tenure 0), the second the second month, and so on.
	 * After the ramp, the full quota.
	 */
	if (tenure >= n)
		PG_RETURN_NUMERIC(quota);
	factor = DatumGetNumeric(elems[tenure]);
	PG_RETURN_NUMERIC(numeric_mul_opt_error(quota, factor, NULL));
}

/* ---- spm.coverage -------------------------------------------------------- */

PG_FUNCTION_INFO_V1(spm_coverage);
Datum
spm_coverage(PG_FUNCTION_ARGS)
{
	Numeric		pipeline = PG_GETARG_NUMERIC(0);
	Numeric		quota = PG_GETARG_NUMERIC(1);
	Numeric		closed = PG_GETARG_NUMERIC(2);
	Numeric		remaining;

	check_non_negative_numeric(pipeline, "pipeline");
	check_non_negative_numeric(quota, "quota");
	check_finite_numeric(closed, "closed");
	remaining = numeric_sub_opt_error(quota, closed, NULL);
	if (num_sign(remaining) <= 0)
		PG_RETURN_NULL();		/* quota met: nothing left to cover */
	PG_RETURN_NUMERIC(num_div(pipeline, remaining));
}
