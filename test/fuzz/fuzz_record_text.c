/*
 * fuzz_record_text.c
 *	  Splitting the text form of the variable-size aggregate states
 *	  (src/core/record_text.h).
 *
 * Invariants, for a record and a list alike:
 *	 - the split either fails with a non-empty reason, or gives 0 (a list
 *	   only) to maxfields fields whose texts lie inside the output buffer;
 *	 - written back (bare when a field needs no quotes, quoted with ""
 *	   otherwise, nested records as they are), the fields split again into
 *	   the same texts, NULLs, quoting and nesting: the split is a function
 *	   of the fields, not of the spelling.
 */
#include "core/record_text.h"

#include "fuzz.h"

#define MAXF 16

static void
write_back(const spm_record_field *f, int n, char open, char *out)
{
	char	   *o = out;

	*o++ = open;
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			*o++ = ',';
		if (f[i].text == NULL)
			continue;
		if (f[i].nested || !spm_record_needs_quotes(f[i].text))
		{
			strcpy(o, f[i].text);
			o += strlen(f[i].text);
			continue;
		}
		*o++ = '"';
		for (const char *s = f[i].text; *s; s++)
		{
			if (*s == '"' || *s == '\\')
				*o++ = *s;
			*o++ = *s;
		}
		*o++ = '"';
	}
	*o++ = open == '(' ? ')' : '}';
	*o = '\0';
}

static void
check(const char *text, size_t len, char open)
{
	spm_record_field f[MAXF],
				g[MAXF];
	char	   *buf = malloc(len + 1);
	char	   *again = malloc(2 * len + 3 * MAXF + 3);
	char	   *buf2;
	char		err[160];
	int			n,
				m;

	err[0] = '\0';
	n = spm_record_split(text, open, f, MAXF, buf, err, sizeof(err));
	if (n < 0)
	{
		FUZZ_ASSERT(err[0] != '\0');
		free(buf);
		free(again);
		return;
	}
	FUZZ_ASSERT(n <= MAXF);
	FUZZ_ASSERT(n > 0 || open == '{');
	for (int i = 0; i < n; i++)
		if (f[i].text)
			FUZZ_ASSERT(f[i].text >= buf && f[i].text + strlen(f[i].text) <= buf + len);
		else
			FUZZ_ASSERT(!f[i].quoted && !f[i].nested);
	/* an empty record prints as "()", one empty field: as it splits */
	write_back(f, n, open, again);
	buf2 = malloc(strlen(again) + 1);
	m = spm_record_split(again, open, g, MAXF, buf2, err, sizeof(err));
	FUZZ_ASSERT(m == n);
	for (int i = 0; i < n; i++)
	{
		FUZZ_ASSERT((f[i].text == NULL) == (g[i].text == NULL));
		if (f[i].text)
			FUZZ_ASSERT(strcmp(f[i].text, g[i].text) == 0);
		FUZZ_ASSERT(f[i].nested == g[i].nested);
	}
	free(buf);
	free(again);
	free(buf2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	/* the SQL side hands over a C string: stop at the first NUL */
	size = strlen(text);
	check(text, size, '(');
	check(text, size, '{');
	free(text);
	return 0;
}
