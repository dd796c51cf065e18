/*
 * fuzz_streak_state.c
 *	  spm.streak_state's text and raw forms (src/core/gamify.h), and its
 *	  combine: valid in, valid out, and associative.  See state_harness.h
 *	  for the round-trip invariants.
 */
#include "core/gamify.h"

#define STATE_T spm_streak_state
#define STATE_PARSE spm_streak_parse
#define STATE_FORMAT(s, b, n) spm_streak_format((s), (b), (n))
#define STATE_VALID spm_streak_valid
#define STATE_TEXT_MAX SPM_STREAK_STATE_TEXT_MAX
#define STATE_EXTRA streak_extra

#include "core/textnum.h"
#include "fuzz.h"

static void check_round_trip(const spm_streak_state *s);

static void
streak_extra(const spm_streak_state *a, const spm_streak_state *b)
{
	spm_streak_state ab = *a,
				ab_a,
				ba = *b,
				a_ba = *a,
				next;
	char		err[256];

	if (spm_streak_combine(&ab, b) != SPM_GAMIFY_OK)
		return;
	FUZZ_ASSERT(spm_streak_valid(&ab, err, sizeof(err)));
	check_round_trip(&ab);
	/* (a b) a == a (b a) */
	ab_a = ab;
	if (spm_streak_combine(&ab_a, a) == SPM_GAMIFY_OK &&
		spm_streak_combine(&ba, a) == SPM_GAMIFY_OK &&
		spm_streak_combine(&a_ba, &ba) == SPM_GAMIFY_OK)
		FUZZ_ASSERT(memcmp(&ab_a, &a_ba, sizeof(ab_a)) == 0);
	/* one more period, hit or missed, keeps it valid */
	for (int hit = 0; hit <= 1; hit++)
	{
		next = ab;
		if (spm_streak_add(&next, hit) == SPM_GAMIFY_OK)
			FUZZ_ASSERT(spm_streak_valid(&next, err, sizeof(err)));
	}
}

#include "state_harness.h"
