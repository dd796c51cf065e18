/*
 * gamify.h
 *	  Streaks and win rates in plain C (no PostgreSQL headers): the fixed-size
 *	  aggregate states behind spm.streak and spm.win_rate, their combine
 *	  logic, validation and text forms.
 *
 * The structs are also the in-memory and stored layouts of the SQL types
 * spm.streak_state and spm.win_rate_state; each begins with a version word,
 * so a changed layout must bump its SPM_*_STATE_VERSION.
 */
#ifndef SPM_CORE_GAMIFY_H
#define SPM_CORE_GAMIFY_H

#include <stddef.h>
#include <stdint.h>

#define SPM_STREAK_STATE_VERSION 1
#define SPM_WIN_RATE_STATE_VERSION 1

/*
 * A streak state summarises an ordered run of periods, each hit or missed:
 *
 *	 n		  periods seen
 *	 lead	  hits before the first miss (= n when every period was a hit)
 *	 current  hits since the last miss (= n when every period was a hit)
 *	 longest  the longest run of consecutive hits
 *
 * lead is what makes two states combinable: when segment A precedes segment
 * B, a run may end A and continue at the start of B.  40 bytes, no padding.
 *
 * Invariants (spm_streak_valid; the text and binary input reject anything
 * else): flags = 0; 0 <= lead, current <= longest <= n; when every period
 * was a hit lead = current = longest = n, otherwise all three are < n and
 * lead + current <= n - 1 (the first and last runs are separated by a miss).
 */
typedef struct spm_streak_state
{
	int32_t		version;
	int32_t		flags;			/* reserved, 0 */
	int64_t		n;
	int64_t		lead;
	int64_t		current;
	int64_t		longest;
} spm_streak_state;

/*
 * Decided deals: won and lost counts.  24 bytes, no padding.  Invariants
 * (spm_win_rate_valid): flags = 0, won, lost >= 0, won + lost <= INT64_MAX.
 */
typedef struct spm_win_rate_state
{
	int32_t		version;
	int32_t		flags;			/* reserved, 0 */
	int64_t		won;
	int64_t		lost;
} spm_win_rate_state;

typedef enum spm_gamify_status
{
	SPM_GAMIFY_OK = 0,
	SPM_GAMIFY_OVERFLOW,		/* a count would exceed INT64_MAX */
	SPM_GAMIFY_UNDERFLOW		/* retracting what was never added */
} spm_gamify_status;

extern void spm_streak_init(spm_streak_state *s);

/* Append one period; the per-row path of spm.streak. */
static inline spm_gamify_status
spm_streak_add(spm_streak_state *s, int hit)
{
	if (s->n == INT64_MAX)
		return SPM_GAMIFY_OVERFLOW;
	if (hit)
	{
		if (s->lead == s->n)
			s->lead++;
		s->current++;
		if (s->current > s->longest)
			s->longest = s->current;
	}
	else
		s->current = 0;
	s->n++;
	return SPM_GAMIFY_OK;
}

/*
 * into := into followed by from (from's periods come after into's).  The
 * operation is associative but not commutative: see doc/gamification.md.
 */
extern spm_gamify_status spm_streak_combine(spm_streak_state *into,
											const spm_streak_state *from);
extern int	spm_streak_valid(const spm_streak_state *s, char *err, size_t errlen);

/* Text form "(n,lead,current,longest)", e.g. "(6,2,1,3)". */
#define SPM_STREAK_STATE_TEXT_MAX 96
extern int	spm_streak_parse(const char *text, spm_streak_state *out,
							 char *err, size_t errlen);
extern int	spm_streak_format(const spm_streak_state *s, char *buf, size_t buflen);

extern void spm_win_rate_init(spm_win_rate_state *s);

static inline spm_gamify_status
spm_win_rate_add(spm_win_rate_state *s, int won)
{
	if (s->won == INT64_MAX - s->lost)
		return SPM_GAMIFY_OVERFLOW;
	if (won)
		s->won++;
	else
		s->lost++;
	return SPM_GAMIFY_OK;
}

static inline spm_gamify_status
spm_win_rate_retract(spm_win_rate_state *s, int won)
{
	int64_t    *c = won ? &s->won : &s->lost;

	if (*c == 0)
		return SPM_GAMIFY_UNDERFLOW;
	(*c)--;
	return SPM_GAMIFY_OK;
}

extern spm_gamify_status spm_win_rate_combine(spm_win_rate_state *into,
											  const spm_win_rate_state *from);
extern int	spm_win_rate_valid(const spm_win_rate_state *s, char *err, size_t errlen);

/* Text form "(won,lost)", e.g. "(3,5)". */
#define SPM_WIN_RATE_STATE_TEXT_MAX 64
extern int	spm_win_rate_parse(const char *text, spm_win_rate_state *out,
							   char *err, size_t errlen);
extern int	spm_win_rate_format(const spm_win_rate_state *s, char *buf, size_t buflen);

struct spm_state_layout;
extern const struct spm_state_layout spm_streak_state_layout;
extern const struct spm_state_layout spm_win_rate_state_layout;

#endif							/* SPM_CORE_GAMIFY_H */
