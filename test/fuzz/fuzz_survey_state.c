/*
 * fuzz_survey_state.c
 *	  spm.survey_state's text and raw forms (src/core/survey.h); see
 *	  state_harness.h for the invariants.
 */
#include "core/survey.h"

#define STATE_T spm_survey_state
#define STATE_PARSE spm_survey_state_parse
#define STATE_FORMAT(s, b, n) spm_survey_state_format((s), (b), (n))
#define STATE_VALID spm_survey_state_valid
#define STATE_TEXT_MAX SPM_SURVEY_STATE_TEXT_MAX
#define STATE_EXTRA survey_extra

#include "fuzz.h"

static void check_round_trip(const spm_survey_state *s);

/* combining keeps a valid state (or reports overflow / differing thresholds) */
static void
survey_extra(const spm_survey_state *a, const spm_survey_state *b)
{
	spm_survey_state into = *a;
	spm_nps_summary sum;
	char		err[256];
	spm_survey_status st = spm_survey_combine(&into, b);

	FUZZ_ASSERT(st == SPM_SURVEY_OK || st == SPM_SURVEY_OVERFLOW ||
				st == SPM_SURVEY_MIN_MISMATCH);
	if (st == SPM_SURVEY_OK)
	{
		FUZZ_ASSERT(spm_survey_state_valid(&into, err, sizeof(err)));
		FUZZ_ASSERT(spm_survey_responses(&into) ==
					spm_survey_responses(a) + spm_survey_responses(b));
		check_round_trip(&into);
	}
	spm_nps_summarise(a, &sum);
	FUZZ_ASSERT(sum.responses == spm_survey_responses(a));
	if (sum.responses > 0)
	{
		/* 100 (high - low) / n rounds twice: allow an ulp beyond +-100 */
		FUZZ_ASSERT(isfinite(sum.nps) && fabs(sum.nps) <= 100.0 * (1.0 + 1e-15));
		FUZZ_ASSERT(!(sum.std_error < 0.0));
	}
}

#include "state_harness.h"
