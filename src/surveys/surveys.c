/*
 * surveys.c
 *	  SQL-callable wrappers for eNPS / NPS / CSAT (declared in surveys.sql).
 *
 * The arithmetic lives in src/core/survey.c; this file converts arguments,
 * manages the aggregate state's memory and turns status codes into ERRORs.
 *
 * All aggregates share one fixed-size transition type, spm.survey_state,
 * which is updated in place when called as an aggregate (as PostgreSQL's own
 * float8_accum does) and copied otherwise.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/statetype.h"
#include "core/survey.h"

StaticAssertDecl(sizeof(spm_survey_state) == 32,
				 "spm.survey_state has INTERNALLENGTH = 32");

typedef enum SurveyScale
{
	SCALE_ENPS,
	SCALE_NPS,
	SCALE_CSAT
} SurveyScale;

static void
score_out_of_range(int32 score, SurveyScale scale)
{
	if (scale == SCALE_CSAT)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("CSAT score %d is outside the 1 to 5 scale", score),
				 errdetail("CSAT answers are whole numbers from 1 (very dissatisfied) to 5 (very satisfied).")));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s score %d is outside the 0 to 10 scale",
					scale == SCALE_ENPS ? "eNPS" : "NPS", score),
			 errdetail("Scores are whole numbers from 0 to 10: 9 and 10 are promoters, 7 and 8 passives, 0 to 6 detractors."),
			 errhint("A 1 to 10 survey needs no conversion; other scales must be mapped onto 0 to 10 first.")));
}

static inline spm_answer_class
classify_or_error(int32 score, SurveyScale scale)
{
	spm_answer_class c = scale == SCALE_CSAT ? spm_csat_classify(score)
		: spm_nps_classify(score);

	if (unlikely(c == SPM_ANSWER_OUT_OF_RANGE))
		score_out_of_range(score, scale);
	return c;
}

static void
check_status(spm_survey_status st)
{
	switch (st)
	{
		case SPM_SURVEY_OK:
			return;
		case SPM_SURVEY_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("survey response count out of range"),
					 errdetail("A survey aggregate can count at most %lld answers.",
							   (long long) PG_INT64_MAX)));
			break;
		case SPM_SURVEY_UNDERFLOW:
			/* only reachable by calling an inverse transition directly */
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot retract an answer the survey state does not count")));
			break;
		case SPM_SURVEY_MIN_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("min_responses must be the same for every row of a group"),
					 errhint("Pass a constant, such as spm.enps(score, 5).")));
			break;
	}
}

static int32
checked_min_responses(FunctionCallInfo fcinfo, int argno)
{
	int32		min_responses;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("min_responses must not be null")));
	min_responses = PG_GETARG_INT32(argno);
	if (min_responses < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_responses must be at least 1, not %d", min_responses),
				 errhint("Survey tools commonly suppress results below 5 answers.")));
	return min_responses;
}

/* ---- the state type: text and binary forms from src/core/survey.c ---- */

SPM_STATE_TYPE_IO(spm_survey_state, spm_survey_state_layout)

/* ---- transition, inverse transition and combine --------------------- */

/*
 * One row of a transition (or, with retract, inverse transition) function.
 * This is the per-row path of every survey aggregate, so it is inlined into
 * each SQL-callable function and does no allocation in aggregate context.
 */
static pg_attribute_always_inline Datum
survey_step(FunctionCallInfo fcinfo, SurveyScale scale, bool retract)
{
	spm_survey_state *s;
	spm_answer_class c;
	spm_survey_status st;
	int32		min_responses = 0;

	/*
	 * The transition functions are not strict (see surveys.sql), so NULL
	 * scores are skipped here.
	 */
	if (unlikely(PG_NARGS() > 2))
		min_responses = checked_min_responses(fcinfo, 2);
	if (unlikely(PG_ARGISNULL(1)))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}

	c = classify_or_error(PG_GETARG_INT32(1), scale);
	s = spm_state_writable(fcinfo, &spm_survey_state_layout);
	if (unlikely(min_responses > 0))
		check_status(spm_survey_set_min(s, min_responses));
	st = retract ? spm_survey_retract(s, c) : spm_survey_add(s, c);
	if (unlikely(st != SPM_SURVEY_OK))
		check_status(st);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(spm_enps_trans);
Datum
spm_enps_trans(PG_FUNCTION_ARGS)
{
	return survey_step(fcinfo, SCALE_ENPS, false);
}

PG_FUNCTION_INFO_V1(spm_enps_retract);
Datum
spm_enps_retract(PG_FUNCTION_ARGS)
{
	return survey_step(fcinfo, SCALE_ENPS, true);
}

PG_FUNCTION_INFO_V1(spm_nps_trans);
Datum
spm_nps_trans(PG_FUNCTION_ARGS)
{
	return survey_step(fcinfo, SCALE_NPS, false);
}

PG_FUNCTION_INFO_V1(spm_nps_retract);
Datum
spm_nps_retract(PG_FUNCTION_ARGS)
{
	return survey_step(fcinfo, SCALE_NPS, true);
}

PG_FUNCTION_INFO_V1(spm_csat_trans);
Datum
spm_csat_trans(PG_FUNCTION_ARGS)
{
	return survey_step(fcinfo, SCALE_CSAT, false);
}

PG_FUNCTION_INFO_V1(spm_csat_retract);
Datum
spm_csat_retract(PG_FUNCTION_ARGS)
{
	return survey_step(fcinfo, SCALE_CSAT, true);
}

PG_FUNCTION_INFO_V1(spm_survey_state_combine);
Datum
spm_survey_state_combine(PG_FUNCTION_ARGS)
{
	spm_survey_state *into = spm_state_writable(fcinfo, &spm_survey_state_layout);
	spm_survey_state *from = (spm_survey_state *) PG_GETARG_POINTER(1);

	check_status(spm_survey_combine(into, from));
	PG_RETURN_POINTER(into);
}

/* ---- final functions ------------------------------------------------ */

/*
 * 100 * part / n as numeric: SQL's own numeric division (exact when the
 * quotient terminates, else rounded to at least 16 significant digits),
 * without trailing zeros, so 40 reads "40" rather than "40.0000000000000000".
 */
static Datum
percent_of(int64 part, int64 n)
{
	Numeric		hundred_part = numeric_mul_opt_error(int64_to_numeric(100),
													 int64_to_numeric(part),
													 NULL);
	Numeric		quotient = numeric_div_opt_error(hundred_part,
												 int64_to_numeric(n), NULL);

	return DirectFunctionCall1(numeric_trim_scale, NumericGetDatum(quotient));
}

PG_FUNCTION_INFO_V1(spm_enps_final);
Datum
spm_enps_final(PG_FUNCTION_ARGS)
{
	spm_survey_state *s = (spm_survey_state *) PG_GETARG_POINTER(0);

	if (!spm_survey_reportable(s))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(percent_of(s->count[SPM_ANSWER_HIGH] - s->count[SPM_ANSWER_LOW],
							  spm_survey_responses(s)));
}

PG_FUNCTION_INFO_V1(spm_csat_final);
Datum
spm_csat_final(PG_FUNCTION_ARGS)
{
	spm_survey_state *s = (spm_survey_state *) PG_GETARG_POINTER(0);

	if (!spm_survey_reportable(s))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(percent_of(s->count[SPM_ANSWER_HIGH], spm_survey_responses(s)));
}

PG_FUNCTION_INFO_V1(spm_nps_stats_final);
Datum
spm_nps_stats_final(PG_FUNCTION_ARGS)
{
	spm_survey_state *s = (spm_survey_state *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	spm_nps_summary sum;
	Datum		values[8];
	bool		nulls[8] = {0};

	/* no answers at all: no row, as for any aggregate over nothing */
	if (spm_survey_responses(s) == 0)
		PG_RETURN_NULL();
	tupdesc = spm_result_tupdesc(fcinfo);

	/* below the anonymity threshold only the count is shown */
	if (!spm_survey_reportable(s))
	{
		values[0] = Int64GetDatum(spm_survey_responses(s));
		memset(nulls + 1, true, sizeof(nulls) - sizeof(nulls[0]));
		PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
	}
	spm_nps_summarise(s, &sum);
	values[0] = Int64GetDatum(sum.responses);
	values[1] = Int64GetDatum(s->count[SPM_ANSWER_HIGH]);
	values[2] = Int64GetDatum(s->count[SPM_ANSWER_MID]);
	values[3] = Int64GetDatum(s->count[SPM_ANSWER_LOW]);
	values[4] = Float8GetDatum(sum.nps);
	values[5] = Float8GetDatum(sum.std_error);
	values[6] = Float8GetDatum(sum.ci95_lower);
	values[7] = Float8GetDatum(sum.ci95_upper);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---- scalar --------------------------------------------------------- */

PG_FUNCTION_INFO_V1(spm_nps_category);
Datum
spm_nps_category(PG_FUNCTION_ARGS)
{
	spm_answer_class c = classify_or_error(PG_GETARG_INT32(0), SCALE_NPS);

	PG_RETURN_TEXT_P(cstring_to_text(spm_nps_category_name(c)));
}
