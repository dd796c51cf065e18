/*
 * test_commission_state.c
 *	  Unit tests of the checked readers of the commission module's binary
 *	  forms (src/core/commission_state.c): a schedule's send form and the
 *	  serial form of commission_agg's and deal_commission's states.  Every
 *	  truncation and every corrupted byte of a valid input must be rejected
 *	  or accepted without reading outside the input (AddressSanitizer).
 */
#include "core/commission_state.h"
#include "unit.h"

#include <stdarg.h>
#include <stdlib.h>

typedef struct bytes
{
	unsigned char data[4096];
	size_t		len;
} bytes;

static void
put(bytes *b, unsigned long v, int n)
{
	while (n-- > 0)
		b->data[b->len++] = (unsigned char) (v >> (8 * n));
}

/*
 * numeric_send's form of a small value given as base-10000 digits:
 * put_number(b, weight, sign, dscale, ndigits, d0, d1, ...), with the
 * u32 length in front.
 */
static void
put_number(bytes *b, int weight, int sign, int dscale, int ndigits,...)
{
	va_list		ap;
	int			i;

	put(b, 8 + 2 * ndigits, 4);
	put(b, ndigits, 2);
	put(b, (unsigned) weight & 0xFFFF, 2);
	put(b, sign, 2);
	put(b, dscale, 2);
	va_start(ap, ndigits);
	for (i = 0; i < ndigits; i++)
		put(b, va_arg(ap, int), 2);
	va_end(ap);
}

/* 'graduated: 0 @ 0.05, 50000 @ 0.07; cap 20000' in its send form */
static void
put_schedule(bytes *b)
{
	put(b, 1, 1);				/* version */
	put(b, 0, 1);				/* graduated */
	put(b, 1, 1);				/* cap */
	put(b, 2, 1);				/* bands */
	put_number(b, 0, SPM_NUMERIC_POS, 0, 0);	/* 0 */
	put_number(b, 1, SPM_NUMERIC_POS, 0, 1, 5);	/* 50000 = 5 * 10000^1 */
	put_number(b, -1, SPM_NUMERIC_POS, 2, 1, 500);	/* 0.05 = 500 * 10000^-1 */
	put_number(b, -1, SPM_NUMERIC_POS, 2, 1, 700);	/* 0.07 */
	put_number(b, 1, SPM_NUMERIC_POS, 0, 1, 2);	/* 20000 */
}

static void
put_state(bytes *b, int kind)
{
	bytes		s = {{0}, 0};

	put_schedule(&s);
	put(b, SPM_COMMISSION_STATE_VERSION, 4);
	put(b, kind, 1);
	put(b, s.len, 4);
	memcpy(b->data + b->len, s.data, s.len);
	b->len += s.len;
	put(b, 1, 1);				/* a quota: 250000 = 25 * 10000^1 */
	put_number(b, 1, SPM_NUMERIC_POS, 0, 1, 25);
	if (kind == SPM_STATE_COMMISSION_AGG)
		put_number(b, 0, SPM_NUMERIC_NEG, 2, 2, 1234, 5600);	/* -1234.56 */
	else
	{
		put_number(b, 0, SPM_NUMERIC_POS, 0, 1, 7);	/* prior 7 */
		put_number(b, 0, SPM_NUMERIC_POS, 0, 1, 9);	/* total 9 */
		put(b, 1, 1);
		put_number(b, 0, SPM_NUMERIC_POS, 0, 1, 2);	/* last 2 */
	}
}

TEST(reads_a_schedule)
{
	bytes		b = {{0}, 0};
	spm_tiers_wire w;
	char		err[160];

	put_schedule(&b);
	CHECK(spm_tiers_wire_parse(b.data, b.len, &w, err, sizeof(err)) == 0);
	CHECK(w.mode == SPM_TIER_GRADUATED && w.flags == 1 && w.nbands == 2);
	CHECK(w.cap.start != NULL && w.gate.start == NULL);
	CHECK(w.rate[1].len == 10 && w.rate[1].start[9] == (700 & 0xFF));
}

/* mode 2 is a pay curve (interpolated); 3 is no mode */
TEST(reads_the_modes)
{
	bytes		b = {{0}, 0};
	spm_tiers_wire w;
	char		err[160];

	put_schedule(&b);
	b.data[1] = 2;
	CHECK(spm_tiers_wire_parse(b.data, b.len, &w, err, sizeof(err)) == 0);
	CHECK(w.mode == SPM_TIER_INTERPOLATED);
	b.data[1] = 3;
	CHECK(spm_tiers_wire_parse(b.data, b.len, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The schedule's mode 3 is not 0, 1 or 2.");
}

TEST(reads_both_states)
{
	bytes		a = {{0}, 0},
				d = {{0}, 0};
	spm_commission_wire w;
	char		err[160];

	put_state(&a, SPM_STATE_COMMISSION_AGG);
	put_state(&d, SPM_STATE_DEAL_COMMISSION);
	CHECK(spm_commission_state_parse(a.data, a.len, SPM_STATE_COMMISSION_AGG, &w, err, sizeof(err)) == 0);
	CHECK(w.quota.start != NULL && w.sum.len == 12 && w.schedule.nbands == 2);
	CHECK(spm_commission_state_parse(d.data, d.len, SPM_STATE_DEAL_COMMISSION, &w, err, sizeof(err)) == 0);
	CHECK(w.prior.start != NULL && w.total.start != NULL && w.last.start != NULL);
	/* one aggregate's state is not the other's */
	CHECK(spm_commission_state_parse(a.data, a.len, SPM_STATE_DEAL_COMMISSION, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The state is of kind 1, not 2.");
}

TEST(rejects_bad_fields)
{
	bytes		b;
	spm_commission_wire w;
	char		err[160];

	/* version */
	b.len = 0;
	put_state(&b, SPM_STATE_COMMISSION_AGG);
	b.data[3] = 2;
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The state's format version is 2, not 1.");
	/* trailing bytes */
	b.len = 0;
	put_state(&b, SPM_STATE_COMMISSION_AGG);
	b.data[b.len++] = 0;
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The data has 1 bytes after its end.");
	/* a NaN sum: a schedule's binary form may hold one, a state may not */
	b.len = 0;
	put_state(&b, SPM_STATE_COMMISSION_AGG);
	b.len -= 16;
	put_number(&b, 0, SPM_NUMERIC_NAN, 0, 0);
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The number sum is not finite.");
	/* a digit of 10000, a leading zero digit, a bad sign word, a bad scale */
	b.len = 0;
	put_state(&b, SPM_STATE_COMMISSION_AGG);
	b.len -= 16;
	put_number(&b, 0, SPM_NUMERIC_POS, 0, 2, 10000, 1);
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The number sum has the invalid digit 10000.");
	b.len -= 16;
	put_number(&b, 1, SPM_NUMERIC_POS, 0, 2, 0, 1);
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	b.len -= 16;
	put_number(&b, 1, 0x1234, 0, 2, 1, 1);
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	b.len -= 16;
	put_number(&b, 1, SPM_NUMERIC_POS, 0x4000, 2, 1, 1);
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	/* a length running past the end */
	b.len -= 16;
	put(&b, 0xFFFFFFF0ul, 4);
	CHECK(spm_commission_state_parse(b.data, b.len, 1, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The length 4294967280 of sum runs past the end of the data.");
}

/* Every proper prefix of a valid input is rejected, never over-read. */
TEST(every_truncation_is_rejected)
{
	bytes		b;
	spm_commission_wire w;
	spm_tiers_wire t;
	char		err[160];
	int			kind;
	size_t		n;

	for (kind = 1; kind <= 2; kind++)
	{
		b.len = 0;
		put_state(&b, kind);
		for (n = 0; n < b.len; n++)
		{
			/* a copy of exactly n bytes, so that ASan sees any over-read */
			unsigned char *copy = malloc(n ? n : 1);

			memcpy(copy, b.data, n);
			err[0] = '\0';
			CHECK(spm_commission_state_parse(copy, n, kind, &w, err, sizeof(err)) == -1);
			CHECK(err[0] != '\0');
			free(copy);
		}
	}
	b.len = 0;
	put_schedule(&b);
	for (n = 0; n < b.len; n++)
	{
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, b.data, n);
		CHECK(spm_tiers_wire_parse(copy, n, &t, err, sizeof(err)) == -1);
		free(copy);
	}
}

/*
 * Every byte of a valid state set to each of several values: the reader
 * either rejects it with a reason or accepts it, and what it accepts lies
 * inside the input.
 */
TEST(corrupted_bytes_never_over_read)
{
	static const unsigned char values[] = {0x00, 0x01, 0x02, 0x40, 0x7F, 0x80, 0xC0, 0xFF};
	bytes		b;
	spm_commission_wire w;
	char		err[160];
	int			kind,
				rejected = 0;
	size_t		pos,
				v;

	for (kind = 1; kind <= 2; kind++)
	{
		b.len = 0;
		put_state(&b, kind);
		for (pos = 0; pos < b.len; pos++)
			for (v = 0; v < sizeof(values); v++)
			{
				unsigned char *copy = malloc(b.len);

				memcpy(copy, b.data, b.len);
				copy[pos] = values[v];
				err[0] = '\0';
				if (spm_commission_state_parse(copy, b.len, kind, &w, err, sizeof(err)) != 0)
				{
					CHECK(err[0] != '\0');
					rejected++;
				}
				else
				{
					CHECK(w.schedule.nbands >= 1 && w.schedule.nbands <= SPM_TIERS_MAX_BANDS);
					CHECK(w.quota.start == NULL ||
						  (w.quota.start >= copy && w.quota.start + w.quota.len <= copy + b.len));
				}
				free(copy);
			}
	}
	CHECK(rejected > 100);
}

int
main(void)
{
	RUN(reads_a_schedule);
	RUN(reads_the_modes);
	RUN(reads_both_states);
	RUN(rejects_bad_fields);
	RUN(every_truncation_is_rejected);
	RUN(corrupted_bytes_never_over_read);
	UNIT_DONE();
}
