/*
 * fuzz.h
 *	  Shared pieces of the libFuzzer harnesses of src/core (test/fuzz/fuzz_NAME.c).
 *	  Each harness defines LLVMFuzzerTestOneInput; an invariant that does
 *	  not hold is reported by FUZZ_ASSERT, which prints the condition and
 *	  aborts, so that libFuzzer saves the input as a crash.
 */
#ifndef SPM_FUZZ_H
#define SPM_FUZZ_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ASSERT(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "invariant violated at %s:%d: %s\n", \
					__FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/*
 * Known defects of src/core that a harness has found are written down in
 * test/fuzz/known/README and their reproducers kept in
 * test/fuzz/known/<harness>/.  The invariant they break is checked with
 * FUZZ_KNOWN (and inputs that would reach undefined behaviour are skipped
 * with fuzz_skip_known) unless SPM_FUZZ_STRICT=1 is set in the
 * environment, so that fuzzing goes on finding other defects meanwhile.
 * test/fuzz/run.sh runs the reproducers strictly and says whether each
 * defect is still there.  Once fixed, drop the FUZZ_KNOWN for a plain
 * FUZZ_ASSERT and move the reproducer into the seed corpus.
 */
static inline int
fuzz_strict(void)
{
	static int	strict = -1;

	if (strict < 0)
	{
		const char *v = getenv("SPM_FUZZ_STRICT");

		strict = v != NULL && strcmp(v, "1") == 0;
	}
	return strict;
}

#define FUZZ_KNOWN(cond, what) \
	do { \
		if (!(cond) && fuzz_strict()) \
		{ \
			fprintf(stderr, "known defect (%s) at %s:%d: %s\n", \
					(what), __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* true when the input should be skipped: it reaches a known defect and we are not strict */
static inline int
fuzz_skip_known(int reaches_defect)
{
	return reaches_defect && !fuzz_strict();
}

/* The input as a NUL-terminated string (it stops at an embedded NUL, as a C string would). */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A reader of the input as a stream of numbers; past the end it reads zeros. */
typedef struct fuzz_reader
{
	const uint8_t *p;
	size_t		left;
} fuzz_reader;

static inline uint64_t
fuzz_bytes(fuzz_reader *r, int n)
{
	uint64_t	v = 0;

	for (int i = 0; i < n; i++)
	{
		v <<= 8;
		if (r->left > 0)
		{
			v |= *r->p++;
			r->left--;
		}
	}
	return v;
}

static inline uint8_t
fuzz_u8(fuzz_reader *r)
{
	return (uint8_t) fuzz_bytes(r, 1);
}

static inline uint16_t
fuzz_u16(fuzz_reader *r)
{
	return (uint16_t) fuzz_bytes(r, 2);
}

static inline uint32_t
fuzz_u32(fuzz_reader *r)
{
	return (uint32_t) fuzz_bytes(r, 4);
}

/* Any double, NaN and infinities included. */
static inline double
fuzz_double(fuzz_reader *r)
{
	uint64_t	bits = fuzz_bytes(r, 8);
	double		d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/* Relative closeness for sums computed in different orders. */
static inline int
fuzz_near(double a, double b, double rel)
{
	double		scale = fmax(fabs(a), fabs(b));

	return fabs(a - b) <= rel * (scale > 1.0 ? scale : 1.0);
}

#endif							/* SPM_FUZZ_H */
