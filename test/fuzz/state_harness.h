/*
 * state_harness.h
 *	  One libFuzzer harness for a fixed-size state type of src/core (its
 *	  text form and its raw layout, which is also the type's binary form and
 *	  the aggregates' serialized state).  Include it after defining:
 *
 *	  STATE_T                      the struct
 *	  STATE_PARSE(text, out, err, errlen)   returns 0 or -1
 *	  STATE_FORMAT(s, buf, len)    writes the text form
 *	  STATE_VALID(s, err, errlen)  returns 1 when the state is valid
 *	  STATE_TEXT_MAX               the buffer size the SQL output function uses
 *	  STATE_EXTRA(s, t)            optional: more checks on two valid states
 *	  STATE_SKIP_TEXT(text), STATE_SKIP_RAW(s)   optional: true for an input
 *	                               that reaches a known defect (see fuzz.h)
 *
 * Input: text, or (when the first byte is 0xFF) the raw struct.
 * Invariants:
 *	 - parse succeeds only on a state that STATE_VALID accepts, and writes a
 *	   one-sentence reason otherwise;
 *	 - format fits in STATE_TEXT_MAX bytes, with room to spare;
 *	 - parse(format(s)) == s byte for byte, for every valid s, and
 *	   format(parse(format(s))) == format(s);
 *	 - STATE_EXTRA's own (combining two states keeps them valid, etc.).
 */
#include "fuzz.h"

#define FUZZ_BIG 4096

static void
check_round_trip(const STATE_T *s)
{
	char		big[FUZZ_BIG];
	char	   *exact = malloc(STATE_TEXT_MAX);	/* ASan catches a write past it */
	char		again[FUZZ_BIG];
	char		err[256];
	STATE_T		back;
	size_t		len;

	memset(big, 0, sizeof(big));
	STATE_FORMAT(s, big, sizeof(big));
	len = strlen(big);
	FUZZ_ASSERT(len > 0);
	FUZZ_ASSERT(len < STATE_TEXT_MAX - 1);	/* no truncation in the real buffer */
	STATE_FORMAT(s, exact, STATE_TEXT_MAX);
	FUZZ_ASSERT(strcmp(exact, big) == 0);
	free(exact);

	memset(&back, 0x5a, sizeof(back));
	err[0] = '\0';
	if (STATE_PARSE(big, &back, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "format gave \"%s\", which parse rejects: %s\n", big, err);
		FUZZ_ASSERT(!"parse(format(s)) succeeds");
	}
	FUZZ_ASSERT(memcmp(&back, s, sizeof(back)) == 0);
	STATE_FORMAT(&back, again, sizeof(again));
	FUZZ_ASSERT(strcmp(again, big) == 0);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		err[256];
	STATE_T		s;

	if (size > 0 && data[0] == 0xFF)
	{
		/* the raw layout, as the binary receive function sees it */
		STATE_T		t;
		size_t		n = size - 1 < sizeof(s) ? size - 1 : sizeof(s);

		memset(&s, 0, sizeof(s));
		memcpy(&s, data + 1, n);
		/* a second state from what follows, for combining */
#ifdef STATE_SKIP_RAW
		if (STATE_SKIP_RAW(&s))
			return 0;
#endif
		memset(&t, 0, sizeof(t));
		if (size - 1 > sizeof(s))
		{
			size_t		m = size - 1 - sizeof(s);

			memcpy(&t, data + 1 + sizeof(s), m < sizeof(t) ? m : sizeof(t));
		}
		err[0] = '\0';
#ifdef STATE_SKIP_RAW
		if (STATE_SKIP_RAW(&t))
			memset(&t, 0, sizeof(t));
#endif
		if (!STATE_VALID(&s, err, sizeof(err)))
		{
			FUZZ_ASSERT(err[0] != '\0');
			return 0;
		}
		check_round_trip(&s);
#ifdef STATE_EXTRA
		if (STATE_VALID(&t, err, sizeof(err)))
			STATE_EXTRA(&s, &t);
#endif
		return 0;
	}
	else
	{
		char	   *text = fuzz_cstring(data, size);

#ifdef STATE_SKIP_TEXT
		if (STATE_SKIP_TEXT(text))
		{
			free(text);
			return 0;
		}
#endif
		memset(&s, 0x5a, sizeof(s));
		err[0] = '\0';
		if (STATE_PARSE(text, &s, err, sizeof(err)) == 0)
		{
			FUZZ_ASSERT(STATE_VALID(&s, err, sizeof(err)));
			check_round_trip(&s);
#ifdef STATE_EXTRA
			STATE_EXTRA(&s, &s);
#endif
		}
		else
		{
			FUZZ_ASSERT(err[0] != '\0');
			FUZZ_ASSERT(memchr(err, '\0', sizeof(err)) != NULL);
		}
		free(text);
		return 0;
	}
}
