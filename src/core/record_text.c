/*
 * record_text.c
 *	  Splitting a state's text form into fields (see record_text.h).
 */
#include "record_text.h"

#include <stdio.h>
#include <string.h>

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_special(char c)
{
	return c == ',' || c == '(' || c == ')' || c == '{' || c == '}' || c == '"' ||
		c == '\\' || is_space(c);
}

int
spm_record_needs_quotes(const char *s)
{
	if (*s == '\0')
		return 1;
	for (; *s; s++)
		if (is_special(*s))
			return 1;
	return 0;
}

static const char *
skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

/*
 * A quoted field starting at p (on the opening quote): unescape it into
 * *out and return the character after the closing quote, or NULL.
 */
static const char *
read_quoted(const char *p, char **out)
{
	char	   *o = *out;

	p++;
	for (;;)
	{
		if (*p == '\0')
			return NULL;
		if (*p == '\\')
		{
			if (p[1] == '\0')
				return NULL;
			*o++ = p[1];
			p += 2;
		}
		else if (*p == '"')
		{
			if (p[1] == '"')
			{
				*o++ = '"';
				p += 2;
			}
			else
				break;
		}
		else
			*o++ = *p++;
	}
	*out = o;
	return p + 1;
}

/*
 * A nested record starting at p (on its '('): copy it whole, quotes and
 * escapes as written, into *out and return the character after its ')', or
 * NULL when it does not close (or nests too deep).
 */
static const char *
read_nested(const char *p, char **out, int depth)
{
	const char *start = p;
	int			level = 0;

	for (;;)
	{
		if (*p == '\0')
			return NULL;
		if (*p == '"')
		{
			p++;
			while (*p != '"' || p[1] == '"')
			{
				if (*p == '\0')
					return NULL;
				if (*p == '\\' || *p == '"')
				{
					if (p[1] == '\0')
						return NULL;
					p++;
				}
				p++;
			}
		}
		else if (*p == '\\')
		{
			if (p[1] == '\0')
				return NULL;
			p++;
		}
		else if (*p == '(')
		{
			if (++level + depth > SPM_RECORD_MAX_DEPTH)
				return NULL;
		}
		else if (*p == ')')
		{
			if (--level == 0)
				break;
		}
		p++;
	}
	p++;
	memcpy(*out, start, (size_t) (p - start));
	*out += p - start;
	return p;
}

int
spm_record_split(const char *text, char open, spm_record_field *fields,
				 int maxfields, char *buf, char *err, size_t errlen)
{
	char		close = open == '(' ? ')' : '}';
	const char *p = skip_space(text);
	char	   *o = buf;
	int			n = 0;

	if (*p != open)
	{
		snprintf(err, errlen, "Expected \"%c\" at the start.", open);
		return -1;
	}
	p = skip_space(p + 1);
	if (open == '{' && *p == close)
		p++;
	else
	{
		for (;;)
		{
			spm_record_field f = {0};
			char	   *start = o;

			p = skip_space(p);
			if (*p == '"')
			{
				p = read_quoted(p, &o);
				if (p == NULL)
				{
					snprintf(err, errlen, "A quoted field does not end.");
					return -1;
				}
				f.quoted = 1;
			}
			else if (*p == '(')
			{
				p = read_nested(p, &o, 1);
				if (p == NULL)
				{
					snprintf(err, errlen, "A nested record does not end, or nests more than %d deep.",
							 SPM_RECORD_MAX_DEPTH);
					return -1;
				}
				f.nested = 1;
			}
			else
			{
				while (*p && !is_special(*p))
					*o++ = *p++;
			}
			p = skip_space(p);
			if (*p != ',' && *p != close)
			{
				if (*p == '\0')
					snprintf(err, errlen, "Expected \"%c\" at the end.", close);
				else
					snprintf(err, errlen, "Unexpected character \"%c\" in field %d.", *p, n + 1);
				return -1;
			}
			if (n == maxfields)
			{
				snprintf(err, errlen, "More than %d fields.", maxfields);
				return -1;
			}
			*o++ = '\0';
			f.text = (o - 1 == start && !f.quoted) ? NULL : start;
			fields[n++] = f;
			if (*p++ == close)
				break;
		}
	}
	p = skip_space(p);
	if (*p != '\0')
	{
		snprintf(err, errlen, "Unexpected text after \"%c\".", close);
		return -1;
	}
	return n;
}
