/*
 * draw.c
 *	  spm.draw(earned, draw, recoverable): what a rep on a draw is paid in
 *	  the last of a run of periods, what was recovered then, and the balance
 *	  still owed.
 *
 * A recoverable draw's balance evolves period by period as
 *	   b' = b - min(b, e) + d = max(b + (d - e), d),
 * with e = max(0, earned - draw) (earnings above the draw, used to recover)
 * and d = max(0, draw - earned) (draw paid beyond earnings).  Maps of the
 * form f(b) = max(b + A, B) are closed under composition:
 *	   g(f(b)) = max(b + A1 + A2, max(B1 + A2, B2)),
 * so a run of periods is summarised by one (A, B) pair, and two runs combine
 * exactly, in order.  The state keeps the whole run's map, the map of the run
 * before its last period (the balance that period starts from), and the last
 * period's e and max(earned, draw).  It is a numeric[] (a named SQL type with
 * a text form) because exact money cannot be fixed-size; a draw is
 * aggregated over a handful of periods per rep, so the copy per row is cheap.
 * A non-recoverable period leaves the balance alone and recovers nothing.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/typeio.h"
#include "commissions/tier_schedule.h"

enum
{
	D_A,						/* whole run: b -> max(b + A, B) */
	D_B,
	D_PA,						/* run before its last period */
	D_PB,
	D_E,						/* last period: earnings above the draw */
	D_M,						/* last period: max(earned, draw) */
	D_N,						/* number of periods */
	D_NFIELDS
};

typedef struct DrawState
{
	Numeric		f[D_NFIELDS];
} DrawState;

static Numeric
nmax(Numeric a, Numeric b)
{
	return num_cmp(a, b) >= 0 ? a : b;
}

static Numeric
nmin(Numeric a, Numeric b)
{
	return num_cmp(a, b) <= 0 ? a : b;
}

static Numeric
nadd(Numeric a, Numeric b)
{
	return numeric_add_opt_error(a, b, NULL);
}

static Numeric
nsub(Numeric a, Numeric b)
{
	return numeric_sub_opt_error(a, b, NULL);
}

pg_noreturn static void bad_draw_state(ArrayType *arr, const char *detail);

static void
bad_draw_state(ArrayType *arr, const char *detail)
{
	spm_bad_serial("spm.draw",
				   psprintf("The state %s is not one a run of periods can have: %s",
							OidOutputFunctionCall(F_ARRAY_OUT, PointerGetDatum(arr)),
							detail));
}

/*
 * The state is a numeric[] that a caller of the support functions can hand
 * in, so it is checked against what a run of periods can produce: 7 finite
 * numbers; a whole number of periods N >= 0, all zero when N = 0; B, PB, E
 * and M not negative; B >= A and PB >= PA (B = max(b + A, B) at b = 0); and
 * E <= M (earnings above the draw are part of max(earned, draw)).
 */
static void
state_from_array(ArrayType *arr, DrawState *st)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	if (ARR_NDIM(arr) != 1 || ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) != D_NFIELDS)
		bad_draw_state(arr, psprintf("it has not %d numbers.", D_NFIELDS));
	deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		if (nulls[i] || numeric_is_nan(DatumGetNumeric(elems[i])) ||
			numeric_is_inf(DatumGetNumeric(elems[i])))
			bad_draw_state(arr, psprintf("element %d is not a finite number.", i + 1));
		st->f[i] = DatumGetNumeric(elems[i]);
	}
	if (num_sign(st->f[D_N]) < 0 ||
		num_cmp(st->f[D_N], DatumGetNumeric(DirectFunctionCall1(numeric_floor,
																NumericGetDatum(st->f[D_N])))) != 0)
		bad_draw_state(arr, "the number of periods is not a whole number >= 0.");
	if (num_sign(st->f[D_N]) == 0)
	{
		for (i = 0; i < D_NFIELDS; i++)
			if (num_sign(st->f[i]) != 0)
				bad_draw_state(arr, "without periods every number is 0.");
		return;
	}
	if (num_sign(st->f[D_B]) < 0 || num_sign(st->f[D_PB]) < 0 ||
		num_sign(st->f[D_E]) < 0 || num_sign(st->f[D_M]) < 0)
		bad_draw_state(arr, "elements 2, 4, 5 and 6 are never negative.");
	if (num_cmp(st->f[D_B], st->f[D_A]) < 0 || num_cmp(st->f[D_PB], st->f[D_PA]) < 0 ||
		num_cmp(st->f[D_E], st->f[D_M]) > 0)
		bad_draw_state(arr, "element 2 is at least element 1, 4 at least 3, and 5 at most 6.");
}

static Datum
state_to_array(const DrawState *st)
{
	Datum		elems[D_NFIELDS];
	int			i;

	for (i = 0; i < D_NFIELDS; i++)
		elems[i] = NumericGetDatum(st->f[i]);
	return PointerGetDatum(construct_array(elems, D_NFIELDS, NUMERICOID, -1, false,
										   TYPALIGN_INT));
}

/* (A1, B1) then (A2, B2) */
static void
compose(Numeric a1, Numeric b1, Numeric a2, Numeric b2, Numeric *a, Numeric *b)
{
	*a = nadd(a1, a2);
	*b = nmax(nadd(b1, a2), b2);
}

PG_FUNCTION_INFO_V1(spm_draw_trans);
Datum
spm_draw_trans(PG_FUNCTION_ARGS)
{
	DrawState	st;
	Numeric		earned = PG_GETARG_NUMERIC(1);
	Numeric		draw = PG_GETARG_NUMERIC(2);
	bool		recoverable = PG_GETARG_BOOL(3);
	Numeric		zero = num_zero();
	Numeric		a,
				b;

	state_from_array(PG_GETARG_ARRAYTYPE_P(0), &st);
	check_finite_numeric(earned, "earned");
	check_non_negative_numeric(draw, "draw");

	if (recoverable)
	{
		Numeric		e = nmax(nsub(earned, draw), zero);
		Numeric		d = nmax(nsub(draw, earned), zero);

		a = nsub(d, e);
		b = d;
		st.f[D_E] = e;
	}
	else
	{
		a = zero;				/* the identity on balances >= 0 */
		b = zero;
		st.f[D_E] = zero;
	}
	st.f[D_PA] = st.f[D_A];
	st.f[D_PB] = st.f[D_B];
	compose(st.f[D_A], st.f[D_B], a, b, &st.f[D_A], &st.f[D_B]);
	st.f[D_M] = nmax(earned, draw);
	st.f[D_N] = nadd(st.f[D_N], int64_to_numeric(1));
	PG_RETURN_DATUM(state_to_array(&st));
}

/* In order: the right run's periods follow the left run's. */
PG_FUNCTION_INFO_V1(spm_draw_combine);
Datum
spm_draw_combine(PG_FUNCTION_ARGS)
{
	DrawState	l,
				r,
				out;
	Numeric		zero = num_zero();

	state_from_array(PG_GETARG_ARRAYTYPE_P(0), &l);
	state_from_array(PG_GETARG_ARRAYTYPE_P(1), &r);
	if (num_cmp(r.f[D_N], zero) == 0)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (num_cmp(l.f[D_N], zero) == 0)
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	compose(l.f[D_A], l.f[D_B], r.f[D_A], r.f[D_B], &out.f[D_A], &out.f[D_B]);
	compose(l.f[D_A], l.f[D_B], r.f[D_PA], r.f[D_PB], &out.f[D_PA], &out.f[D_PB]);
	out.f[D_E] = r.f[D_E];
	out.f[D_M] = r.f[D_M];
	out.f[D_N] = nadd(l.f[D_N], r.f[D_N]);
	PG_RETURN_DATUM(state_to_array(&out));
}

PG_FUNCTION_INFO_V1(spm_draw_final);
Datum
spm_draw_final(PG_FUNCTION_ARGS)
{
	DrawState	st;
	Numeric		zero = num_zero();
	Numeric		start,
				recovered;
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	state_from_array(PG_GETARG_ARRAYTYPE_P(0), &st);
	if (num_cmp(st.f[D_N], zero) == 0)
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "spm.draw must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	/* balances start at 0: the last period starts from max(PA, PB) */
	start = nmax(st.f[D_PA], st.f[D_PB]);
	recovered = nmin(start, st.f[D_E]);
	values[0] = NumericGetDatum(nsub(st.f[D_M], recovered));
	values[1] = NumericGetDatum(recovered);
	values[2] = NumericGetDatum(nmax(st.f[D_A], st.f[D_B]));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
