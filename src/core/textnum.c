/*
 * textnum.c
 *	  White space and whole numbers in the text forms of spm's types.
 */
#include "textnum.h"

#include <ctype.h>
#include <stddef.h>

const char *
spm_skip_space(const char *p)
{
	while (isspace((unsigned char) *p))
		p++;
	return p;
}

const char *
spm_parse_count(const char *p, int64_t *out)
{
	int64_t		v = 0;
	const char *start;

	p = spm_skip_space(p);
	if (*p == '+')
		p++;
	start = p;
	while (*p >= '0' && *p <= '9')
	{
		int			digit = *p - '0';

		if (v > (INT64_MAX - digit) / 10)
			return NULL;
		v = v * 10 + digit;
		p++;
	}
	if (p == start)
		return NULL;
	*out = v;
	return spm_skip_space(p);
}
