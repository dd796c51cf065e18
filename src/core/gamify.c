/*
 * gamify.c
 *	  Streak and win-rate states: combine, validation, text forms
 *	  (see gamify.h).  No PostgreSQL headers.
 */
#include "gamify.h"
#include "textnum.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void
spm_streak_init(spm_streak_state *s)
{
	memset(s, 0, sizeof(*s));
	s->version = SPM_STREAK_STATE_VERSION;
}

spm_gamify_status
spm_streak_combine(spm_streak_state *into, const spm_streak_state *from)
{
	int64_t		bridge;

	if (from->n == 0)
		return SPM_GAMIFY_OK;
	if (into->n == 0)
	{
		int32_t		version = into->version;

		*into = *from;
		into->version = version;
		return SPM_GAMIFY_OK;
	}
	if (from->n > INT64_MAX - into->n)
		return SPM_GAMIFY_OVERFLOW;

	/* a run that ends into and continues at the start of from */
	bridge = into->current + from->lead;
	if (bridge > into->longest)
		into->longest = bridge;
	if (from->longest > into->longest)
		into->longest = from->longest;
	if (into->lead == into->n)
		into->lead += from->lead;
	if (from->current == from->n)
		into->current += from->n;
	else
		into->current = from->current;
	into->n += from->n;
	return SPM_GAMIFY_OK;
}

int
spm_streak_valid(const spm_streak_state *s, char *err, size_t errlen)
{
	if (s->version != SPM_STREAK_STATE_VERSION)
	{
		snprintf(err, errlen, "Unsupported streak state format version %d.",
				 (int) s->version);
		return 0;
	}
	if (s->flags != 0)
	{
		snprintf(err, errlen, "Unknown streak state flags %d.", (int) s->flags);
		return 0;
	}
	if (s->n < 0 || s->lead < 0 || s->current < 0 || s->longest < 0)
	{
		snprintf(err, errlen, "Streak counts must not be negative.");
		return 0;
	}
	if (s->lead > s->n || s->current > s->n || s->longest > s->n)
	{
		snprintf(err, errlen, "A streak cannot be longer than the %lld periods seen.",
				 (long long) s->n);
		return 0;
	}
	if (s->longest < s->lead || s->longest < s->current)
	{
		snprintf(err, errlen, "The longest streak cannot be shorter than the leading or current one.");
		return 0;
	}
	if ((s->lead == s->n) != (s->current == s->n) ||
		(s->lead == s->n) != (s->longest == s->n))
	{
		snprintf(err, errlen, "When every period is a hit, the leading, current and longest streaks all equal the number of periods.");
		return 0;
	}
	/* with at least one miss, the leading and trailing runs do not overlap */
	if (s->lead < s->n && s->lead + s->current > s->n - 1)
	{
		snprintf(err, errlen, "The leading and current streaks overlap although a period was missed.");
		return 0;
	}
	return 1;
}

/* "(v0,v1,...)" with exactly n counts; 0 on success */
static int
parse_tuple(const char *text, int64_t *v, int n)
{
	const char *p = text;

	while (isspace((unsigned char) *p))
		p++;
	if (*p++ != '(')
		return -1;
	for (int i = 0; i < n; i++)
	{
		p = spm_parse_count(p, &v[i]);
		if (p == NULL || *p++ != (i < n - 1 ? ',' : ')'))
			return -1;
	}
	while (isspace((unsigned char) *p))
		p++;
	return *p == '\0' ? 0 : -1;
}

int
spm_streak_parse(const char *text, spm_streak_state *out, char *err, size_t errlen)
{
	int64_t		v[4];

	if (parse_tuple(text, v, 4) != 0)
	{
		snprintf(err, errlen,
				 "Expected four non-negative whole numbers \"(periods,lead,current,longest)\".");
		return -1;
	}
	spm_streak_init(out);
	out->n = v[0];
	out->lead = v[1];
	out->current = v[2];
	out->longest = v[3];
	return spm_streak_valid(out, err, errlen) ? 0 : -1;
}

int
spm_streak_format(const spm_streak_state *s, char *buf, size_t buflen)
{
	return snprintf(buf, buflen, "(%lld,%lld,%lld,%lld)",
					(long long) s->n, (long long) s->lead,
					(long long) s->current, (long long) s->longest);
}

void
spm_win_rate_init(spm_win_rate_state *s)
{
	memset(s, 0, sizeof(*s));
	s->version = SPM_WIN_RATE_STATE_VERSION;
}

spm_gamify_status
spm_win_rate_combine(spm_win_rate_state *into, const spm_win_rate_state *from)
{
	if (from->won + from->lost > INT64_MAX - (into->won + into->lost))
		return SPM_GAMIFY_OVERFLOW;
	into->won += from->won;
	into->lost += from->lost;
	return SPM_GAMIFY_OK;
}

int
spm_win_rate_valid(const spm_win_rate_state *s, char *err, size_t errlen)
{
	if (s->version != SPM_WIN_RATE_STATE_VERSION)
	{
		snprintf(err, errlen, "Unsupported win rate state format version %d.",
				 (int) s->version);
		return 0;
	}
	if (s->flags != 0)
	{
		snprintf(err, errlen, "Unknown win rate state flags %d.", (int) s->flags);
		return 0;
	}
	if (s->won < 0 || s->lost < 0)
	{
		snprintf(err, errlen, "Won and lost counts must not be negative.");
		return 0;
	}
	if (s->won > INT64_MAX - s->lost)
	{
		snprintf(err, errlen, "The number of decided deals exceeds %lld.",
				 (long long) INT64_MAX);
		return 0;
	}
	return 1;
}

int
spm_win_rate_parse(const char *text, spm_win_rate_state *out, char *err, size_t errlen)
{
	int64_t		v[2];

	if (parse_tuple(text, v, 2) != 0)
	{
		snprintf(err, errlen, "Expected two non-negative whole numbers \"(won,lost)\".");
		return -1;
	}
	spm_win_rate_init(out);
	out->won = v[0];
	out->lost = v[1];
	return spm_win_rate_valid(out, err, errlen) ? 0 : -1;
}

int
spm_win_rate_format(const spm_win_rate_state *s, char *buf, size_t buflen)
{
	return snprintf(buf, buflen, "(%lld,%lld)", (long long) s->won, (long long) s->lost);
}
