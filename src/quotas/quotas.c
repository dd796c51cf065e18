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
#include "common/exactsum.h"
#include "common/typeio.h"
#include "common/xstate.h"
#include "core/calendar.h"
#include "core/commission_state.h"

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
 * The state, spm.attainment_state, holds two exact numeric sums, whose size
 * grows with their digits: a variable-size state (src/common/xstate.h),
 * updated in place, each sum added by PostgreSQL's own sum(numeric)
 * accumulator (src/common/exactsum.h).
 *
 *	 binary form: u32 version (1), i64 rows, number Σactual, number Σquota
 *				  (a number: u32 length + numeric_send's bytes, finite)
 *	 text form:	  (rows,Σactual,Σquota)	 e.g. (3,250000.00,300000)
 *
 * A state of no rows has zero sums; Σquota is never negative.
 */
#define ATTAINMENT_STATE_VERSION 1

typedef struct AttainmentState
{
	SpmXState	x;
	int64		rows;
	SpmExactSum actual;
	SpmExactSum quota;
} AttainmentState;

static void
attainment_send(void *state, StringInfo buf)
{
	AttainmentState *s = state;

	pq_sendint32(buf, ATTAINMENT_STATE_VERSION);
	pq_sendint64(buf, (uint64) s->rows);
	num_to_wire(buf, spm_sum_value(&s->actual));
	num_to_wire(buf, spm_sum_value(&s->quota));
}

/* the sums' invariants, for both forms; NULL when they hold */
static const char *
attainment_invalid(AttainmentState *s, Numeric actual, Numeric quota)
{
	if (num_sign(quota) < 0)
		return "The sum of quota must not be negative.";
	if (s->rows == 0 && (num_sign(actual) != 0 || num_sign(quota) != 0))
		return "A state of no rows has zero sums.";
	return NULL;
}

static void
attainment_bad_binary(const char *detail)
{
	spm_bad_binary("spm.attainment_state", detail);
}

/*
 * Set the state read from its text (text not NULL) or binary form,
 * checking the invariants.
 */
static void
attainment_set(AttainmentState *s, int64 rows, Numeric actual, Numeric quota, const char *text)
{
	const char *why;

	s->rows = rows;
	why = attainment_invalid(s, actual, quota);
	if (why && text)
		spm_bad_text("spm.attainment_state", text, why);
	if (why)
		attainment_bad_binary(why);
	spm_sum_set(&s->actual, actual, SPM_XSTATE_CONTEXT(s));
	spm_sum_set(&s->quota, quota, SPM_XSTATE_CONTEXT(s));
}

static void
attainment_recv(void *state, StringInfo buf)
{
	AttainmentState *s = state;
	const unsigned char *p = (const unsigned char *) buf->data + buf->cursor;
	const unsigned char *end = (const unsigned char *) buf->data + buf->len;
	spm_wire_number actual,
				quota;
	char		err[160];
	int64		rows;

	if (buf->len - buf->cursor < 12)
		attainment_bad_binary("The value is shorter than its header.");
	if (pq_getmsgint(buf, 4) != ATTAINMENT_STATE_VERSION)
		attainment_bad_binary("Unsupported state format version.");
	rows = (int64) pq_getmsgint64(buf);
	if (rows < 0)
		attainment_bad_binary("The row count is negative.");
	p += 12;
	if (spm_wire_number_read(&p, end, &actual, "sum of actual", err, sizeof(err)) != 0 ||
		spm_wire_number_read(&p, end, &quota, "sum of quota", err, sizeof(err)) != 0)
		attainment_bad_binary(err);
	buf->cursor = (int) ((const char *) p - buf->data);
	attainment_set(s, rows, num_from_wire(actual.start, actual.len),
				   num_from_wire(quota.start, quota.len), NULL);
}

static void
attainment_out(void *state, StringInfo buf)
{
	AttainmentState *s = state;

	appendStringInfo(buf, "(" INT64_FORMAT ",", s->rows);
	spm_xstate_put_numeric(buf, spm_sum_value(&s->actual));
	appendStringInfoChar(buf, ',');
	spm_xstate_put_numeric(buf, spm_sum_value(&s->quota));
	appendStringInfoChar(buf, ')');
}

static void attainment_in(void *state, const char *text);

static const SpmXStateClass attainment_class = {
	.sqlname = "spm.attainment_state",
	.size = sizeof(AttainmentState),
	.send = attainment_send,
	.recv = attainment_recv,
	.out = attainment_out,
	.in = attainment_in,
};

static void
attainment_in(void *state, const char *text)
{
	spm_record_field *f;

	spm_xstate_fields(&attainment_class, text, '(', &f, 3, 3);
	attainment_set(state,
				   spm_xstate_count_field(&attainment_class, text, &f[0], "row count"),
				   spm_xstate_numeric_field(&attainment_class, text, &f[1], "sum of actual"),
				   spm_xstate_numeric_field(&attainment_class, text, &f[2], "sum of quota"),
				   text);
}

SPM_XSTATE_TYPE_IO(spm_attainment_state, attainment_class)

/*
 * Transition: deliberately not STRICT, because the state starts NULL and a
 * row with a NULL actual or quota is skipped (as regr_* aggregates skip rows
 * with a NULL in either argument).
 */
PG_FUNCTION_INFO_V1(spm_attainment_state_trans);
Datum
spm_attainment_state_trans(PG_FUNCTION_ARGS)
{
	AttainmentState *s;
	Numeric		actual,
				quota;

	SPM_XSTATE_KEEP_IF_NULL(1);
	SPM_XSTATE_KEEP_IF_NULL(2);
	actual = PG_GETARG_NUMERIC(1);
	quota = PG_GETARG_NUMERIC(2);
	check_finite_numeric(actual, "actual");
	check_non_negative_numeric(quota, "quota");
	s = spm_xstate_update(fcinfo, 0, &attainment_class);
	spm_sum_add(fcinfo, &s->actual, actual, SPM_XSTATE_CONTEXT(s));
	spm_sum_add(fcinfo, &s->quota, quota, SPM_XSTATE_CONTEXT(s));
	s->rows++;
	PG_RETURN_DATUM(spm_xstate_datum(s));
}

/* Combine: not STRICT, so that either side may be an empty (NULL) state. */
PG_FUNCTION_INFO_V1(spm_attainment_state_combine);
Datum
spm_attainment_state_combine(PG_FUNCTION_ARGS)
{
	AttainmentState *a;
	AttainmentState *b;

	SPM_XSTATE_KEEP_IF_NULL(1);
	b = spm_xstate_read(fcinfo, 1, &attainment_class);
	a = spm_xstate_update(fcinfo, 0, &attainment_class);
	if (pg_add_s64_overflow(a->rows, b->rows, &a->rows))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("attainment_agg row count out of range")));
	spm_sum_add(fcinfo, &a->actual, spm_sum_value(&b->actual), SPM_XSTATE_CONTEXT(a));
	spm_sum_add(fcinfo, &a->quota, spm_sum_value(&b->quota), SPM_XSTATE_CONTEXT(a));
	PG_RETURN_DATUM(spm_xstate_datum(a));
}

/* Final: reads the sums without changing the state (safe for windows). */
PG_FUNCTION_INFO_V1(spm_attainment_state_final);
Datum
spm_attainment_state_final(PG_FUNCTION_ARGS)
{
	AttainmentState *s = spm_xstate_read(fcinfo, 0, &attainment_class);
	Numeric		quota;

	if (s->rows == 0)
		PG_RETURN_NULL();
	quota = spm_sum_value(&s->quota);
	if (num_sign(quota) == 0)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(num_div(spm_sum_value(&s->actual), quota));
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
