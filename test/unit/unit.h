/*
 * unit.h
 *	  A minimal test harness for the plain-C core (src/core): no dependencies,
 *	  TAP-like output, and a final "N passed, N failed" line that test/run.sh
 *	  adds to the suite's summary.  Each TEST is one counted test; a failed
 *	  CHECK fails its test and reports the file, line and expression.
 */
#ifndef SPM_UNIT_H
#define SPM_UNIT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int	unit_passed;
static int	unit_failed;
static int	unit_current_failed;

#define CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			unit_current_failed = 1; \
		} \
	} while (0)

#define CHECK_NEAR(a, b, reltol) \
	do { \
		double unit_a_ = (a), unit_b_ = (b); \
		double unit_scale_ = fabs(unit_b_) > 1.0 ? fabs(unit_b_) : 1.0; \
		if (!(fabs(unit_a_ - unit_b_) <= (reltol) * unit_scale_)) \
		{ \
			printf("#   %s:%d: %s = %.17g, expected %.17g\n", \
				   __FILE__, __LINE__, #a, unit_a_, unit_b_); \
			unit_current_failed = 1; \
		} \
	} while (0)

#define CHECK_STR(a, b) \
	do { \
		const char *unit_a_ = (a), *unit_b_ = (b); \
		if (unit_a_ == NULL || strcmp(unit_a_, unit_b_) != 0) \
		{ \
			printf("#   %s:%d: %s = \"%s\", expected \"%s\"\n", \
				   __FILE__, __LINE__, #a, unit_a_ ? unit_a_ : "(null)", unit_b_); \
			unit_current_failed = 1; \
		} \
	} while (0)

#define TEST(name) static void name(void)

#define RUN(name) \
	do { \
		unit_current_failed = 0; \
		name(); \
		if (unit_current_failed) { unit_failed++; printf("not ok - %s\n", #name); } \
		else { unit_passed++; printf("ok - %s\n", #name); } \
	} while (0)

#define UNIT_DONE() \
	do { \
		printf("%d passed, %d failed\n", unit_passed, unit_failed); \
		return unit_failed != 0; \
	} while (0)

/* Deterministic xorshift64* generator for fuzz loops. */
static unsigned long long unit_rng_state = 0x9E3779B97F4A7C15ULL;

static inline unsigned long long
unit_rand(void)
{
	unit_rng_state ^= unit_rng_state >> 12;
	unit_rng_state ^= unit_rng_state << 25;
	unit_rng_state ^= unit_rng_state >> 27;
	return unit_rng_state * 0x2545F4914F6CDD1DULL;
}

#endif							/* SPM_UNIT_H */
