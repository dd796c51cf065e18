/*
 * gamify.c
 *	  Streak and win-rate states: combine, validation, text forms
 *	  (see gamify.h).  No PostgreSQL headers.
 */
#include "gamify.h"
#include "statetext.h"

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
	if (s->lead < s->n && s->lead > s->n - 1 - s->current)
	{
		snprintf(err, errlen, "The leading and current streaks overlap although a period was missed.");
		return 0;
	}
	return 1;
}

static int
streak_valid_cb(const void *state, char *err, size_t errlen)
{
	return spm_streak_valid(state, err, errlen);
}

static int
win_rate_valid_cb(const void *state, char *err, size_t errlen)
{
	return spm_win_rate_valid(state, err, errlen);
}

#define S(name, kind, member) {name, kind, offsetof(spm_streak_state, member)}
#define W(name, kind, member) {name, kind, offsetof(spm_win_rate_state, member)}

static const spm_field streak_fields[] = {
	S("version", SPM_FIELD_INT32, version),
	S("flags", SPM_FIELD_INT32, flags),
	S("periods", SPM_FIELD_COUNT, n),
	S("lead", SPM_FIELD_COUNT, lead),
	S("current", SPM_FIELD_COUNT, current),
	S("longest", SPM_FIELD_COUNT, longest),
};

static const spm_field win_rate_fields[] = {
	W("version", SPM_FIELD_INT32, version),
	W("flags", SPM_FIELD_INT32, flags),
	W("won", SPM_FIELD_COUNT, won),
	W("lost", SPM_FIELD_COUNT, lost),
};

const spm_state_layout spm_streak_state_layout = {
	"spm.streak_state", sizeof(spm_streak_state), SPM_STREAK_STATE_VERSION,
	"(periods,lead,current,longest)",
	4, streak_fields + 2, 6, streak_fields, streak_valid_cb, NULL, NULL
};

const spm_state_layout spm_win_rate_state_layout = {
	"spm.win_rate_state", sizeof(spm_win_rate_state), SPM_WIN_RATE_STATE_VERSION,
	"(won,lost)",
	2, win_rate_fields + 2, 4, win_rate_fields, win_rate_valid_cb, NULL, NULL
};

int
spm_streak_parse(const char *text, spm_streak_state *out, char *err, size_t errlen)
{
	return spm_state_parse(&spm_streak_state_layout, text, out, err, errlen);
}

int
spm_streak_format(const spm_streak_state *s, char *buf, size_t buflen)
{
	return spm_state_format(&spm_streak_state_layout, s, buf, buflen);
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
	return spm_state_parse(&spm_win_rate_state_layout, text, out, err, errlen);
}

int
spm_win_rate_format(const spm_win_rate_state *s, char *buf, size_t buflen)
{
	return spm_state_format(&spm_win_rate_state_layout, s, buf, buflen);
}
