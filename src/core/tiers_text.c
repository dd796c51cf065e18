/*
 * tiers_text.c
 *	  Grammar of the text form of spm.tier_schedule (see tiers_text.h).
 */
#include "tiers_text.h"
#include "textnum.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * PostgreSQL numeric's limits: decimal digits before and after the point,
 * and the largest exponent its input accepts at all (INT_MAX / 2, exclusive)
 */
#define SPM_NUMERIC_MAX_INT_DIGITS	131072
#define SPM_NUMERIC_MAX_SCALE		16383
#define SPM_NUMERIC_MAX_EXPONENT	(INT_MAX / 2)

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
	if (len == 12 && strncasecmp(name, "interpolated", 12) == 0)
		return SPM_TIER_INTERPOLATED;
	return -1;
}

const char *
spm_tier_mode_name(spm_tier_mode mode)
{
	switch (mode)
	{
		case SPM_TIER_RETROACTIVE:
			return "retroactive";
		case SPM_TIER_INTERPOLATED:
			return "interpolated";
		default:
			return "graduated";
	}
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
		return fail(err, errlen, text, p,
					"\"graduated\", \"retroactive\" or \"interpolated\"");
	out->mode = (spm_tier_mode) mode;
	p = spm_skip_space(end);
	if (*p != ':')
		return fail(err, errlen, text, p, "\":\" after the mode");
	p++;

	for (;;)
	{
		const char *q;
		spm_span	threshold,
					rate;

		q = number_span(p, &threshold);
		if (q == NULL)
			return fail(err, errlen, text, spm_skip_space(p), "a threshold");
		if (*q != '@')
			return fail(err, errlen, text, q, "\"@\" between a threshold and its rate");
		p = number_span(q + 1, &rate);
		if (p == NULL)
			return fail(err, errlen, text, spm_skip_space(q + 1), "a rate");
		/* bands beyond the limit are parsed and counted, but not kept */
		if (out->nbands < SPM_TIERS_MAX_BANDS)
		{
			out->threshold[out->nbands] = threshold;
			out->rate[out->nbands] = rate;
			out->nbands++;
		}
		if (out->nbands_given < INT_MAX)
			out->nbands_given++;
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
	if (out->nbands_given > SPM_TIERS_MAX_BANDS)
	{
		snprintf(err, errlen, "A schedule has at most %d bands, not %d.",
				 SPM_TIERS_MAX_BANDS, out->nbands_given);
		return SPM_TIERS_TOO_MANY_BANDS;
	}
	return 0;
}

int
spm_tiers_number_fits(const char *number, size_t len)
{
	const char *p = number,
			   *end = number + len;
	long		int_digits = 0,
				frac_digits = 0,
				first_nonzero = -1,		/* index among all digits */
				exponent = 0,
				scale,
				weight;
	int			exp_negative = 0;

	if (p < end && (*p == '+' || *p == '-'))
		p++;
	for (; p < end && is_digit(*p); p++, int_digits++)
		if (*p != '0' && first_nonzero < 0)
			first_nonzero = int_digits;
	if (p < end && *p == '.')
		for (p++; p < end && is_digit(*p); p++, frac_digits++)
			if (*p != '0' && first_nonzero < 0)
				first_nonzero = int_digits + frac_digits;
	if (p < end && (*p == 'e' || *p == 'E'))
	{
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			exp_negative = *p++ == '-';
		/* saturate: any exponent this large overflows numeric anyway */
		for (; p < end && is_digit(*p); p++)
			if (exponent < SPM_NUMERIC_MAX_EXPONENT)
				exponent = exponent * 10 + (*p - '0');
		if (exponent >= SPM_NUMERIC_MAX_EXPONENT)
			return 0;
		if (exp_negative)
			exponent = -exponent;
	}
	/* the digits after the point once the exponent moves it */
	scale = frac_digits - exponent;
	if (scale > SPM_NUMERIC_MAX_SCALE)
		return 0;
	if (first_nonzero < 0)
		return 1;
	/* the power of ten of the first significant digit */
	weight = int_digits - 1 - first_nonzero + exponent;
	return weight < SPM_NUMERIC_MAX_INT_DIGITS;
}
