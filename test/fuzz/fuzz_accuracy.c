/*
 * fuzz_accuracy.c
 *	  spm.accuracy_state's text and raw forms (src/core/accuracy.h), and
 *	  the measures computed from a state.  See state_harness.h for the
 *	  round-trip invariants.
 */
#include "core/accuracy.h"

#define STATE_T spm_accuracy
#define STATE_PARSE spm_accuracy_parse
#define STATE_FORMAT(s, b, n) spm_accuracy_format((s), (b), (n))
#define STATE_VALID spm_accuracy_valid
#define STATE_TEXT_MAX SPM_ACCURACY_TEXT_MAX
#define STATE_EXTRA accuracy_extra

#include "fuzz.h"

static void check_round_trip(const spm_accuracy *s);

static void
accuracy_extra(const spm_accuracy *a, const spm_accuracy *b)
{
	spm_accuracy into = *a;
	char		err[256];
	double		v;

	if (spm_accuracy_combine(&into, b) == 0)
	{
		if (!spm_accuracy_valid(&into, err, sizeof(err)))
		{
			fprintf(stderr, "combined state rejected: %s\n", err);
			FUZZ_ASSERT(!"combine keeps a state valid");
		}
		check_round_trip(&into);
	}
	/* each measure is undefined (-1) or a number that is not negative where it cannot be */
	if (spm_accuracy_mape(a, &v) == 0)
		FUZZ_ASSERT(!(v < 0.0) && !isnan(v));
	if (spm_accuracy_wape(a, &v) == 0)
		FUZZ_ASSERT(!(v < 0.0) && !isnan(v));
	if (spm_accuracy_bias(a, &v) == 0)
		FUZZ_ASSERT(!isnan(v));
	if (spm_accuracy_rmse(a, &v) == 0)
		FUZZ_ASSERT(!(v < 0.0) && !isnan(v));
}

#include "state_harness.h"
