/*
 * gamification.c
 *	  SQL-callable gamification and insight functions (declared in
 *	  gamification.sql): the streak and win_rate aggregates with their
 *	  fixed-size state types, spm.level and spm.pipeline_velocity.
 *
 * State arithmetic lives in src/core/gamify.c.  Both state types are
 * updated in place when called as an aggregate and copied otherwise, as in
 * src/surveys/surveys.c.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/aggstate.h"
#include "common/args.h"
#include "common/numeric_util.h"
#include "common/statetype.h"
#include "core/gamify.h"

StaticAssertDecl(sizeof(spm_streak_state) == 40,
				 "spm.streak_state has INTERNALLENGTH = 40");
StaticAssertDecl(sizeof(spm_win_rate_state) == 24,
				 "spm.win_rate_state has INTERNALLENGTH = 24");

static void
check_status(spm_gamify_status st, const char *what)
{
	if (st == SPM_GAMIFY_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s count out of range", what),
				 errdetail("An aggregate can count at most %lld rows.", (long long) PG_INT64_MAX)));
	if (st == SPM_GAMIFY_UNDERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot retract a deal the %s state does not count", what)));
}

/* ---- spm.streak_state --------------------------------------------------- */

/* text and binary forms from src/core/gamify.c's layout */
SPM_STATE_TYPE_IO(spm_streak_state, spm_streak_state_layout)

/*
 * Transition: not STRICT, so that a NULL hit is skipped here (it neither
 * extends nor breaks a streak) without a per-row strictness check.
 */
PG_FUNCTION_INFO_V1(spm_streak_trans);
Datum
spm_streak_trans(PG_FUNCTION_ARGS)
{
	spm_streak_state *s;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = spm_state_writable(fcinfo, &spm_streak_state_layout);
	check_status(spm_streak_add(s, PG_GETARG_BOOL(1)), "streak");
	PG_RETURN_POINTER(s);
}

/*
 * Combine: the first state's periods come before the second's.  That is
 * exact for ordered segments (see doc/gamification.md); PostgreSQL itself
 * only combines partial states of an aggregate call without ORDER BY, whose
 * input order is unspecified anyway.
 */
PG_FUNCTION_INFO_V1(spm_streak_state_combine);
Datum
spm_streak_state_combine(PG_FUNCTION_ARGS)
{
	spm_streak_state *into = spm_state_writable(fcinfo, &spm_streak_state_layout);
	spm_streak_state *from = (spm_streak_state *) PG_GETARG_POINTER(1);

	check_status(spm_streak_combine(into, from), "streak");
	PG_RETURN_POINTER(into);
}

static int32
streak_int(int64 v, const char *what)
{
	if (v > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s streak of %lld periods is out of range for type integer",
						what, (long long) v)));
	return (int32) v;
}

PG_FUNCTION_INFO_V1(spm_streak_final);
Datum
spm_streak_final(PG_FUNCTION_ARGS)
{
	spm_streak_state *s = (spm_streak_state *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {0};

	if (s->n == 0)
		PG_RETURN_NULL();
	tupdesc = spm_result_tupdesc(fcinfo);
	values[0] = Int32GetDatum(streak_int(s->current, "current"));
	values[1] = Int32GetDatum(streak_int(s->longest, "longest"));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---- spm.win_rate_state -------------------------------------------------- */

/* text and binary forms from src/core/gamify.c's layout */
SPM_STATE_TYPE_IO(spm_win_rate_state, spm_win_rate_state_layout)

/* Transition and inverse: not STRICT, a NULL (open deal) is skipped here. */
static Datum
win_rate_step(FunctionCallInfo fcinfo, bool retract)
{
	spm_win_rate_state *s;
	bool		won;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	won = PG_GETARG_BOOL(1);
	s = spm_state_writable(fcinfo, &spm_win_rate_state_layout);
	check_status(retract ? spm_win_rate_retract(s, won) : spm_win_rate_add(s, won),
				 "win rate");
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(spm_win_rate_trans);
Datum
spm_win_rate_trans(PG_FUNCTION_ARGS)
{
	return win_rate_step(fcinfo, false);
}

PG_FUNCTION_INFO_V1(spm_win_rate_state_retract);
Datum
spm_win_rate_state_retract(PG_FUNCTION_ARGS)
{
	return win_rate_step(fcinfo, true);
}

PG_FUNCTION_INFO_V1(spm_win_rate_state_combine);
Datum
spm_win_rate_state_combine(PG_FUNCTION_ARGS)
{
	spm_win_rate_state *into = spm_state_writable(fcinfo, &spm_win_rate_state_layout);
	spm_win_rate_state *from = (spm_win_rate_state *) PG_GETARG_POINTER(1);

	check_status(spm_win_rate_combine(into, from), "win rate");
	PG_RETURN_POINTER(into);
}

/* won / (won + lost) by numeric division, trailing zeros trimmed */
PG_FUNCTION_INFO_V1(spm_win_rate_final);
Datum
spm_win_rate_final(PG_FUNCTION_ARGS)
{
	spm_win_rate_state *s = (spm_win_rate_state *) PG_GETARG_POINTER(0);
	Numeric		q;

	if (s->won + s->lost == 0)
		PG_RETURN_NULL();
	q = numeric_div_opt_error(int64_to_numeric(s->won),
							  int64_to_numeric(s->won + s->lost), NULL);
	PG_RETURN_DATUM(DirectFunctionCall1(numeric_trim_scale, NumericGetDatum(q)));
}

/* ---- spm.level ------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(spm_level);
Datum
spm_level(PG_FUNCTION_ARGS)
{
	Numeric		value = PG_GETARG_NUMERIC(0);
	ArrayType  *thresholds = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *names = PG_GETARG_ARRAYTYPE_P(2);
	Datum	   *t,
			   *nm;
	bool	   *tnull,
			   *nnull;
	int			nt,
				nn;
	int			reached = -1;

	spm_check_one_dimensional(thresholds, "thresholds");
	spm_check_one_dimensional(names, "names");
	deconstruct_array(thresholds, NUMERICOID, -1, false, TYPALIGN_INT, &t, &tnull, &nt);
	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &nm, &nnull, &nn);
	if (nt == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("thresholds must not be empty, not {}"),
				 errhint("Give the lowest value of each level in ascending order, for example '{0,0.8,1,1.2}'.")));
	if (nt != nn)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("thresholds and names must have the same length, not %d and %d", nt, nn),
				 errdetail("Each level has one threshold and one name.")));
	for (int i = 0; i < nt; i++)
	{
		if (tnull[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("thresholds must not contain nulls (element %d is null)", i + 1)));
		if (nnull[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("names must not contain nulls (element %d is null)", i + 1)));
		check_finite_numeric(DatumGetNumeric(t[i]), spm_element_name("thresholds", i + 1));
		if (i > 0 && num_cmp(DatumGetNumeric(t[i - 1]), DatumGetNumeric(t[i])) >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("thresholds must be strictly ascending, but %s at position %d follows %s",
							num_text(DatumGetNumeric(t[i])), i + 1,
							num_text(DatumGetNumeric(t[i - 1])))));
	}
	check_finite_numeric(value, "value");
	/* the highest level whose threshold the value reaches */
	for (int i = 0; i < nt; i++)
		if (num_cmp(value, DatumGetNumeric(t[i])) >= 0)
			reached = i;
	if (reached < 0)
		PG_RETURN_NULL();		/* below the first level */
	PG_RETURN_TEXT_P(DatumGetTextPCopy(nm[reached]));
}

/* ---- spm.pipeline_velocity ------------------------------------------------ */

PG_FUNCTION_INFO_V1(spm_pipeline_velocity);
Datum
spm_pipeline_velocity(PG_FUNCTION_ARGS)
{
	Numeric		opportunities = PG_GETARG_NUMERIC(0);
	Numeric		avg_deal = PG_GETARG_NUMERIC(1);
	Numeric		win_rate = PG_GETARG_NUMERIC(2);
	Numeric		cycle_days = PG_GETARG_NUMERIC(3);
	Numeric		zero = int64_to_numeric(0);
	Numeric		one = int64_to_numeric(1);
	Numeric		product;

	check_finite_numeric(opportunities, "opportunities");
	check_finite_numeric(avg_deal, "avg_deal");
	check_finite_numeric(win_rate, "win_rate");
	check_finite_numeric(cycle_days, "cycle_days");
	if (num_cmp(opportunities, zero) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("opportunities must not be negative, not %s", num_text(opportunities))));
	if (num_cmp(avg_deal, zero) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("avg_deal must not be negative, not %s", num_text(avg_deal))));
	if (num_cmp(win_rate, zero) < 0 || num_cmp(win_rate, one) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("win_rate must be between 0 and 1, not %s", num_text(win_rate)),
				 errhint("Ratios are fractions: write 0.25 for a 25%% win rate.")));
	if (num_cmp(cycle_days, zero) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cycle_days must be positive, not %s", num_text(cycle_days))));
	product = numeric_mul_opt_error(numeric_mul_opt_error(opportunities, avg_deal, NULL),
									win_rate, NULL);
	PG_RETURN_DATUM(DirectFunctionCall1(numeric_trim_scale,
										NumericGetDatum(numeric_div_opt_error(product, cycle_days, NULL))));
}
