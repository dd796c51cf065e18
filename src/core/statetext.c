/*
 * statetext.c
 *	  The text form of spm's fixed-size state types: one parser, one
 *	  formatter, one range policy (see statetext.h).  No PostgreSQL headers.
 */
#include "statetext.h"
#include "textnum.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
spm_state_init(const spm_state_layout *l, void *state)
{
	memset(state, 0, l->size);
	memcpy(state, &l->version, sizeof(int32_t));
}

int
spm_format_double(char *buf, size_t len, double v)
{
	int			w = 0;

	for (int prec = 15; prec <= 17; prec++)
	{
		w = snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return w;
}

/* a reason naming the field and (up to 40 characters of) its text */
static int
bad_field(const spm_field *f, const char *start, const char *end,
		  const char *why, char *err, size_t errlen)
{
	int			len = (int) (end - start);

	snprintf(err, errlen, "Field %s %s: %.*s%s.", f->name, why,
			 len > 40 ? 40 : len, start, len > 40 ? "..." : "");
	return -1;
}

/*
 * One field at p (after white space); returns the position after it, or
 * NULL with err set (syntax errors leave err empty for the caller's shape
 * message).
 */
static const char *
parse_field(const spm_field *f, const char *p, void *state, char *err, size_t errlen)
{
	char	   *s = (char *) state + f->offset;
	const char *start = p;

	if (f->kind == SPM_FIELD_DOUBLE)
	{
		const char *q = p;
		char	   *end;
		double		v;

		/* strtod's syntax, without its "inf", "nan" and hex forms */
		if (*q == '+' || *q == '-')
			q++;
		if (!(isdigit((unsigned char) *q) || (*q == '.' && isdigit((unsigned char) q[1]))))
			return NULL;
		if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X'))
			return NULL;
		v = strtod(p, &end);
		if (end == p)
			return NULL;
		if (!isfinite(v))
		{
			bad_field(f, start, end, "is out of range", err, errlen);
			return NULL;
		}
		memcpy(s, &v, sizeof(v));
		return end;
	}
	else
	{
		const char *q = p;
		const char *end;
		int64_t		v;

		if (*q == '-')
		{
			/* a negative whole number: say so rather than "syntax" */
			for (end = q + 1; isdigit((unsigned char) *end); end++)
				;
			if (end > q + 1)
				bad_field(f, start, end, "must not be negative", err, errlen);
			return NULL;
		}
		if (*q == '+')
			q++;
		if (!isdigit((unsigned char) *q))
			return NULL;
		for (end = q; isdigit((unsigned char) *end); end++)
			;
		if (spm_parse_count(p, &v) == NULL ||
			(f->kind == SPM_FIELD_INT32 && v > INT32_MAX))
		{
			bad_field(f, start, end, "is out of range", err, errlen);
			return NULL;
		}
		if (f->kind == SPM_FIELD_INT32)
		{
			int32_t		v32 = (int32_t) v;

			memcpy(s, &v32, sizeof(v32));
		}
		else
			memcpy(s, &v, sizeof(v));
		return end;
	}
}

static int
parse_as(const spm_state_layout *l, const char *text, void *state,
		 char *err, size_t errlen)
{
	const char *p = spm_skip_space(text);

	spm_state_init(l, state);
	err[0] = '\0';
	if (*p++ != '(')
		goto syntax;
	for (int i = 0; i < l->ntext; i++)
	{
		p = parse_field(&l->text[i], spm_skip_space(p), state, err, errlen);
		if (p == NULL)
			goto syntax;
		p = spm_skip_space(p);
		if (*p++ != (i < l->ntext - 1 ? ',' : ')'))
			goto syntax;
	}
	if (*spm_skip_space(p) != '\0')
		goto syntax;
	return 0;

syntax:
	if (err[0] == '\0')
		snprintf(err, errlen, "Expected \"%s\": %d numbers in parentheses.",
				 l->shape, l->ntext);
	return -1;
}

int
spm_state_parse(const spm_state_layout *l, const char *text, void *state,
				char *err, size_t errlen)
{
	int			nfields = 1;

	/* the number of fields tells the current format from the previous one */
	for (const char *p = text; *p; p++)
		nfields += *p == ',';
	if (l->previous != NULL && nfields == l->previous->ntext &&
		nfields != l->ntext)
	{
		/* the largest state we have; the previous format is never larger */
		double		old[SPM_STATE_MAX_FIELDS + 1];

		if (l->previous->size > sizeof(old))
			return -1;
		if (parse_as(l->previous, text, old, err, errlen) != 0)
		{
			/* describe the current format, not the old one */
			if (strncmp(err, "Expected", 8) == 0)
				snprintf(err, errlen, "Expected \"%s\": %d numbers in parentheses.",
						 l->shape, l->ntext);
			return -1;
		}
		if (!l->previous->valid(old, err, errlen))
			return -1;
		spm_state_init(l, state);
		l->upgrade(old, state);
	}
	else if (parse_as(l, text, state, err, errlen) != 0)
		return -1;
	return l->valid(state, err, errlen) ? 0 : -1;
}

int
spm_state_format(const spm_state_layout *l, const void *state,
				 char *buf, size_t buflen)
{
	size_t		len = 0;

	if (buflen == 0)
		return 0;
	buf[0] = '\0';
	for (int i = 0; i < l->ntext; i++)
	{
		const spm_field *f = &l->text[i];
		const char *s = (const char *) state + f->offset;
		char		num[32];

		switch (f->kind)
		{
			case SPM_FIELD_INT32:
				{
					int32_t		v;

					memcpy(&v, s, sizeof(v));
					snprintf(num, sizeof(num), "%d", (int) v);
					break;
				}
			case SPM_FIELD_COUNT:
				{
					int64_t		v;

					memcpy(&v, s, sizeof(v));
					snprintf(num, sizeof(num), "%lld", (long long) v);
					break;
				}
			default:
				{
					double		v;

					memcpy(&v, s, sizeof(v));
					spm_format_double(num, sizeof(num), v);
					break;
				}
		}
		if (len < buflen)
			len += snprintf(buf + len, buflen - len, "%c%s", i == 0 ? '(' : ',', num);
	}
	if (len < buflen)
		len += snprintf(buf + len, buflen - len, ")");
	return (int) len;
}
