/*
 * fuzz_win_rate_state.c
 *	  spm.win_rate_state's text and raw forms (src/core/gamify.h), and its
 *	  combine, add and retract.  See state_harness.h for the round-trip
 *	  invariants.
 */
#include "core/gamify.h"

#define STATE_T spm_win_rate_state
#define STATE_PARSE spm_win_rate_parse
#define STATE_FORMAT(s, b, n) spm_win_rate_format((s), (b), (n))
#define STATE_VALID spm_win_rate_valid
#define STATE_TEXT_MAX SPM_WIN_RATE_STATE_TEXT_MAX
#define STATE_EXTRA win_rate_extra

#include "fuzz.h"

static void check_round_trip(const spm_win_rate_state *s);

static void
win_rate_extra(const spm_win_rate_state *a, const spm_win_rate_state *b)
{
	spm_win_rate_state into = *a,
				next;
	char		err[256];

	if (spm_win_rate_combine(&into, b) == SPM_GAMIFY_OK)
	{
		FUZZ_ASSERT(spm_win_rate_valid(&into, err, sizeof(err)));
		FUZZ_ASSERT(into.won == a->won + b->won && into.lost == a->lost + b->lost);
		check_round_trip(&into);
	}
	for (int won = 0; won <= 1; won++)
	{
		next = *a;
		if (spm_win_rate_add(&next, won) == SPM_GAMIFY_OK)
			FUZZ_ASSERT(spm_win_rate_valid(&next, err, sizeof(err)));
		next = *a;
		if (spm_win_rate_retract(&next, won) == SPM_GAMIFY_OK)
			FUZZ_ASSERT(spm_win_rate_valid(&next, err, sizeof(err)));
	}
}

#include "state_harness.h"
