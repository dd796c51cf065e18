/*
 * tiers_text.c
 *	  Grammar of the text form of spm.tier_schedule (see tiers_text.h).
 */
#include "tiers_text.h"
#include "textnum.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Scan a decimal number; returns the end, or NULL when there is none. */
static const char *
scan_number(const char *p)
{
	int			digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	while (is_digit(*p))
		p++, digits++;
	if (*p == '.')
	{
		p++;
		while (is_digit(*p))
			p++, digits++;
	}
	if (digits == 0)
		return NULL;
	if (*p == 'e' || *p == 'E')
	{
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (!is_digit(*q))
			return NULL;
		while (is_digit(*q))
			q++;
		p = q;
	}
	return p;
}

/* Scan a keyword of letters; returns its end (== p when there is none). */
static const char *
scan_word(const char *p)
{
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_')
		p++;
	return p;
}

int
spm_tier_mode_parse(const char *name, size_t len)
{
	if (len == 9 && strncasecmp(name, "graduated", 9) == 0)
		return SPM_TIER_GRADUATED;
	if (len == 11 && strncasecmp(name, "retroactive", 11) == 0)
		return SPM_TIER_RETROACTIVE;
	return -1;
}

const char *
spm_tier_mode_name(spm_tier_mode mode)
{
	return mode == SPM_TIER_RETROACTIVE ? "retroactive" : "graduated";
}

static int
fail(char *err, size_t errlen, const char *text, const char *at, const char *what)
{
	snprintf(err, errlen, "Expected %s at character %d.", what, (int) (at - text) + 1);
	return -1;
}

static const char *
number_span(const char *p, spm_span *span)
{
	const char *end;

	p = spm_skip_space(p);
	end = scan_number(p);
	if (end == NULL)
		return NULL;
	span->start = p;
	span->len = (size_t) (end - p);
	return spm_skip_space(end);
}

int
spm_tiers_parse(const char *text, spm_tiers_text *out, char *err, size_t errlen)
{
	const char *p = spm_skip_space(text);
	const char *end;
	int			mode;

	memset(out, 0, sizeof(*out));

	end = scan_word(p);
	mode = spm_tier_mode_parse(p, (size_t) (end - p));
	if (mode < 0)
		return fail(err, errlen, text, p, "\"graduated\" or \"retroactive\"");
	out->mode = (spm_tier_mode) mode;
	p = spm_skip_space(end);
	if (*p != ':')
		return fail(err, errlen, text, p, "\":\" after the mode");
	p++;

	for (;;)
	{
		const char *q;

		if (out->nbands == SPM_TIERS_MAX_BANDS)
		{
			snprintf(err, errlen, "A schedule has at most %d bands.", SPM_TIERS_MAX_BANDS);
			return -1;
		}
		q = number_span(p, &out->threshold[out->nbands]);
		if (q == NULL)
			return fail(err, errlen, text, spm_skip_space(p), "a threshold");
		if (*q != '@')
			return fail(err, errlen, text, q, "\"@\" between a threshold and its rate");
		p = number_span(q + 1, &out->rate[out->nbands]);
		if (p == NULL)
			return fail(err, errlen, text, spm_skip_space(q + 1), "a rate");
		out->nbands++;
		if (*p != ',')
			break;
		p++;
	}

	while (*p == ';')
	{
		spm_span   *opt;
		const char *q;

		p = spm_skip_space(p + 1);
		end = scan_word(p);
		if (end - p == 3 && strncasecmp(p, "cap", 3) == 0)
			opt = &out->cap;
		else if (end - p == 4 && strncasecmp(p, "gate", 4) == 0)
			opt = &out->gate;
		else
			return fail(err, errlen, text, p, "\"cap\" or \"gate\"");
		if (opt->start != NULL)
		{
			snprintf(err, errlen, "\"%.*s\" is given twice.", (int) (end - p), p);
			return -1;
		}
		q = number_span(end, opt);
		if (q == NULL)
			return fail(err, errlen, text, spm_skip_space(end), "a number");
		p = q;
	}
	if (*p != '\0')
		return fail(err, errlen, text, p, "\",\", \";\" or the end");
	return 0;
}
