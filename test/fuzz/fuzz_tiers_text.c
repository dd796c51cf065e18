/*
 * fuzz_tiers_text.c
 *	  The text form of spm.tier_schedule (src/core/tiers_text.h) and the
 *	  mode names the jsonb form shares with it.
 *
 * Invariants:
 *	 - on success: 1 to SPM_TIERS_MAX_BANDS bands, every threshold and rate
 *	   present, every span inside the input and itself a number of the
 *	   grammar; the schedule rebuilt in canonical form from the spans parses
 *	   to the same mode, bands and options (parse is a function of the
 *	   tokens, not of the spacing or case);
 *	 - on failure: a non-empty reason, and a character position that lies
 *	   within the input (or just after it);
 *	 - spm_tier_mode_parse accepts exactly the two mode names, in any case,
 *	   and spm_tier_mode_name gives a name it accepts back.
 */
#include "core/tiers_text.h"

#include "fuzz.h"

#include <strings.h>

/* The number grammar of tiers_text.h, written out independently. */
static int
is_number(const char *s, size_t len)
{
	size_t		i = 0,
				digits = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < len && s[i] == '.')
	{
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E'))
	{
		size_t		exp_digits = 0;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, exp_digits++;
		if (exp_digits == 0)
			return 0;
	}
	return i == len;
}

static void
check_span(const char *text, size_t len, const spm_span *sp)
{
	FUZZ_ASSERT(sp->start != NULL);
	FUZZ_ASSERT(sp->start >= text && sp->start + sp->len <= text + len);
	FUZZ_ASSERT(is_number(sp->start, sp->len));
}

static int
same_span(const spm_span *a, const spm_span *b)
{
	if ((a->start == NULL) != (b->start == NULL))
		return 0;
	return a->start == NULL ||
		(a->len == b->len && memcmp(a->start, b->start, a->len) == 0);
}

static char *
append(char *p, const spm_span *sp)
{
	memcpy(p, sp->start, sp->len);
	return p + sp->len;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = fuzz_cstring(data, size);
	size_t		len = strlen(text);
	spm_tiers_text t;
	char		err[256];
	int			mode;

	/* the mode names, as the jsonb form reads them */
	mode = spm_tier_mode_parse(text, len);
	FUZZ_ASSERT(mode == -1 || mode == SPM_TIER_GRADUATED || mode == SPM_TIER_RETROACTIVE ||
				mode == SPM_TIER_INTERPOLATED);
	FUZZ_ASSERT((mode == SPM_TIER_GRADUATED) == (len == 9 && strcasecmp(text, "graduated") == 0));
	FUZZ_ASSERT((mode == SPM_TIER_RETROACTIVE) == (len == 11 && strcasecmp(text, "retroactive") == 0));
	FUZZ_ASSERT((mode == SPM_TIER_INTERPOLATED) == (len == 12 && strcasecmp(text, "interpolated") == 0));
	if (mode >= 0)
	{
		const char *name = spm_tier_mode_name((spm_tier_mode) mode);

		FUZZ_ASSERT(spm_tier_mode_parse(name, strlen(name)) == mode);
	}

	err[0] = '\0';
	if (spm_tiers_parse(text, &t, err, sizeof(err)) == 0)
	{
		spm_tiers_text again;
		char	   *canon,
				   *p;
		const char *name = spm_tier_mode_name(t.mode);

		FUZZ_ASSERT(t.nbands >= 1 && t.nbands <= SPM_TIERS_MAX_BANDS);
		for (int i = 0; i < t.nbands; i++)
		{
			check_span(text, len, &t.threshold[i]);
			check_span(text, len, &t.rate[i]);
		}
		if (t.cap.start)
			check_span(text, len, &t.cap);
		if (t.gate.start)
			check_span(text, len, &t.gate);

		/* canonical form: "mode:t@r,t@r;cap x;gate y" */
		canon = malloc(len * 2 + 64);
		p = canon + sprintf(canon, "%s:", name);
		for (int i = 0; i < t.nbands; i++)
		{
			if (i > 0)
				*p++ = ',';
			p = append(p, &t.threshold[i]);
			*p++ = '@';
			p = append(p, &t.rate[i]);
		}
		if (t.cap.start)
		{
			p += sprintf(p, ";cap ");
			p = append(p, &t.cap);
		}
		if (t.gate.start)
		{
			p += sprintf(p, "; GATE ");
			p = append(p, &t.gate);
		}
		*p = '\0';
		err[0] = '\0';
		if (spm_tiers_parse(canon, &again, err, sizeof(err)) != 0)
		{
			fprintf(stderr, "canonical form \"%s\" rejected: %s\n", canon, err);
			FUZZ_ASSERT(!"the canonical form parses");
		}
		FUZZ_ASSERT(again.mode == t.mode && again.nbands == t.nbands);
		for (int i = 0; i < t.nbands; i++)
		{
			FUZZ_ASSERT(same_span(&again.threshold[i], &t.threshold[i]));
			FUZZ_ASSERT(same_span(&again.rate[i], &t.rate[i]));
		}
		FUZZ_ASSERT(same_span(&again.cap, &t.cap));
		FUZZ_ASSERT(same_span(&again.gate, &t.gate));
		free(canon);
	}
	else
	{
		const char *at = strstr(err, "at character ");

		FUZZ_ASSERT(err[0] != '\0');
		if (at != NULL)
		{
			long		pos = strtol(at + 13, NULL, 10);

			FUZZ_ASSERT(pos >= 1 && (size_t) pos <= len + 1);
		}
	}
	free(text);
	return 0;
}
