/*
 * test_commission_state.c
 *	  Unit tests of the checked readers of the commission module's binary
 *	  forms (src/core/commission_state.c): a schedule's send form and the
 *	  serial form of commission_agg's, deal_commission's and ledger_agg's
 *	  states.  Every truncation and every corrupted byte of a valid input
 *	  must be rejected or accepted without reading outside the input
 *	  (AddressSanitizer).
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

/* ---- spm.ledger_agg's state ------------------------------------------------ */

/* What a ledger state holds, so that each test can spoil one part of it. */
typedef struct ledger_spec
{
	unsigned long version;
	int			kind;
	int			has_plan;		/* the flag's byte as written */
	int			plan;			/* write the plan (when has_plan is 1) */
	unsigned long ncredits;		/* as claimed */
	int			credits;		/* as written: 0 to 3 of the credits below */
	int			converted;		/* the second credit's flag byte */
	size_t		currency_len;	/* the second credit's currency */
	int			currency_nul;	/* a NUL in its middle */
	int			nan_amount;		/* the first credit's amount is NaN */
} ledger_spec;

static const ledger_spec ledger_valid = {1, SPM_STATE_LEDGER_AGG, 1, 1, 3, 3, 1, 3, 0, 0};

/*
 * The state of a line on 'graduated: 0 @ 0.05, 50000 @ 0.07; cap 20000',
 * quota 250000, no scale, deal cap 500, with three credits:
 *	 7 on day 9497 (2026-01-01), 1234.56;
 *	 -5 on day -1 (1999-12-31), -0.5, converted from 100 EUR at 1.1;
 *	 2^40 + 3 on day 9500, 0, converted from 0 "X" with no rate.
 */
static void
put_ledger(bytes *b, const ledger_spec *spec)
{
	bytes		s = {{0}, 0};
	size_t		i;

	put(b, spec->version, 4);
	put(b, (unsigned long) spec->kind, 1);
	put(b, (unsigned long) spec->has_plan, 1);
	if (spec->plan)
	{
		put_schedule(&s);
		put(b, s.len, 4);
		memcpy(b->data + b->len, s.data, s.len);
		b->len += s.len;
		put(b, 1, 1);			/* quota 250000 = 25 * 10000^1 */
		put_number(b, 1, SPM_NUMERIC_POS, 0, 1, 25);
		put(b, 0, 1);			/* no scale */
		put(b, 1, 1);			/* deal cap 500 */
		put_number(b, 0, SPM_NUMERIC_POS, 0, 1, 500);
	}
	put(b, spec->ncredits, 4);
	if (spec->credits >= 1)
	{
		put(b, 0, 4);			/* id 7 */
		put(b, 7, 4);
		put(b, 9497, 4);
		if (spec->nan_amount)
			put_number(b, 0, SPM_NUMERIC_NAN, 0, 0);
		else
			put_number(b, 0, SPM_NUMERIC_POS, 2, 2, 1234, 5600);	/* 1234.56 */
		put(b, 0, 1);
	}
	if (spec->credits >= 2)
	{
		put(b, 0xFFFFFFFFul, 4);	/* id -5 */
		put(b, 0xFFFFFFFBul, 4);
		put(b, 0xFFFFFFFFul, 4);	/* day -1 */
		put_number(b, -1, SPM_NUMERIC_NEG, 1, 1, 5000);	/* -0.5 */
		put(b, (unsigned long) spec->converted, 1);
		put_number(b, 0, SPM_NUMERIC_POS, 0, 1, 100);	/* 100 */
		put(b, spec->currency_len, 4);
		for (i = 0; i < spec->currency_len; i++)
			b->data[b->len++] = spec->currency_nul && i == 1 ? '\0' : "EUR"[i % 3];
		put(b, 1, 1);
		put_number(b, 0, SPM_NUMERIC_POS, 1, 2, 1, 1000);	/* 1.1 */
	}
	if (spec->credits >= 3)
	{
		put(b, 0x100, 4);		/* id 2^40 + 3 */
		put(b, 3, 4);
		put(b, 9500, 4);
		put_number(b, 0, SPM_NUMERIC_POS, 0, 0);	/* 0 */
		put(b, 1, 1);
		put_number(b, 0, SPM_NUMERIC_POS, 0, 0);
		put(b, 1, 4);
		b->data[b->len++] = 'X';
		put(b, 0, 1);			/* no rate */
	}
}

TEST(reads_a_ledger_state)
{
	bytes		b = {{0}, 0};
	spm_ledger_wire w;
	spm_ledger_credit_wire c;
	const unsigned char *p;
	char		err[160];

	put_ledger(&b, &ledger_valid);
	err[0] = '\0';
	CHECK(spm_ledger_state_parse(b.data, b.len, &w, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK(w.has_plan == 1 && w.schedule.nbands == 2 && w.schedule.flags == 1);
	CHECK(w.quota.start != NULL && w.quota.len == 10 && w.quota.start[9] == 25);
	CHECK(w.scale.start == NULL);
	CHECK(w.cap.start != NULL && w.cap.len == 10);
	CHECK(w.ncredits == 3 && w.end == b.data + b.len);

	p = w.credits;
	CHECK(spm_ledger_credit_read(&p, w.end, &c, err, sizeof(err)) == 0);
	CHECK(c.id == 7 && c.day == 9497 && c.amount.len == 12 && !c.converted);
	CHECK(c.original_amount.start == NULL && c.currency == NULL && c.rate.start == NULL);
	CHECK(spm_ledger_credit_read(&p, w.end, &c, err, sizeof(err)) == 0);
	CHECK(c.id == -5 && c.day == -1 && c.amount.len == 10 && c.converted);
	CHECK(c.amount.start[4] == 0x40);	/* the sign word of -0.5 */
	CHECK(c.original_amount.start != NULL && c.original_amount.len == 10);
	CHECK(c.currency_len == 3 && memcmp(c.currency, "EUR", 3) == 0);
	CHECK(c.rate.start != NULL && c.rate.len == 12);
	CHECK(spm_ledger_credit_read(&p, w.end, &c, err, sizeof(err)) == 0);
	CHECK(c.id == (1LL << 40) + 3 && c.day == 9500 && c.amount.len == 8 && c.converted);
	CHECK(c.currency_len == 1 && c.currency[0] == 'X' && c.rate.start == NULL);
	CHECK(p == w.end);
	/* nothing after the last credit */
	CHECK(spm_ledger_credit_read(&p, w.end, &c, err, sizeof(err)) == -1);
	CHECK_STR(err, "The data ends inside a credit's id.");
}

/* an empty line's state: no plan, no credits; and a plan with no credits */
TEST(reads_an_empty_ledger_state)
{
	bytes		b = {{0}, 0};
	spm_ledger_wire w;
	char		err[160];
	ledger_spec spec = {1, SPM_STATE_LEDGER_AGG, 0, 0, 0, 0, 0, 0, 0, 0};

	put_ledger(&b, &spec);
	CHECK(b.len == 10);
	CHECK(spm_ledger_state_parse(b.data, b.len, &w, err, sizeof(err)) == 0);
	CHECK(w.has_plan == 0 && w.ncredits == 0 && w.quota.start == NULL && w.cap.start == NULL);
	CHECK(w.credits == b.data + b.len && w.end == b.data + b.len);
	spec.has_plan = spec.plan = 1;
	b.len = 0;
	put_ledger(&b, &spec);
	CHECK(spm_ledger_state_parse(b.data, b.len, &w, err, sizeof(err)) == 0);
	CHECK(w.has_plan == 1 && w.ncredits == 0 && w.quota.start != NULL);
}

/* Parse the state spec describes, expect it rejected with this reason. */
static void
check_ledger_rejected(const ledger_spec *spec, size_t cut, const char *reason)
{
	bytes		b = {{0}, 0};
	spm_ledger_wire w;
	char		err[160];
	unsigned char *copy;

	put_ledger(&b, spec);
	b.len -= cut;
	copy = malloc(b.len);		/* exactly the bytes: ASan sees an over-read */
	memcpy(copy, b.data, b.len);
	err[0] = '\0';
	CHECK(spm_ledger_state_parse(copy, b.len, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, reason);
	free(copy);
}

TEST(rejects_bad_ledger_states)
{
	ledger_spec spec;
	bytes		b = {{0}, 0};
	spm_ledger_wire w;
	char		err[160];

	spec = ledger_valid;
	spec.version = 2;
	check_ledger_rejected(&spec, 0, "The state's format version is 2, not 1.");
	spec = ledger_valid;
	spec.kind = SPM_STATE_COMMISSION_AGG;
	check_ledger_rejected(&spec, 0, "The state is of kind 1, not 3.");
	spec = ledger_valid;
	spec.has_plan = 2;
	check_ledger_rejected(&spec, 0, "The flag has_plan is 2, not 0 or 1.");
	/* credits, but no plan to pay them on */
	spec = ledger_valid;
	spec.has_plan = spec.plan = 0;
	spec.ncredits = spec.credits = 1;
	check_ledger_rejected(&spec, 0, "The state has credits but no plan.");
	/*
	 * More credits than the bytes can hold (25 bytes at least each).  The
	 * credits take 29 (id 8, day 4, amount 4 + 8 + 2 x 2, flag 1), 65
	 * (12, amount 14, flag 1, original 14, currency 4 + 3, has_rate 1, rate
	 * 16) and 43 bytes (12, 12, 1, 12, 4 + 1, 1): 137.
	 */
	spec = ledger_valid;
	spec.ncredits = 1000;
	check_ledger_rejected(&spec, 0, "The state claims 1000 credits in 137 bytes.");
	spec.ncredits = 0xFFFFFFFFul;
	check_ledger_rejected(&spec, 0, "The state claims 4294967295 credits in 137 bytes.");
	/* one more credit than there is, within that bound */
	spec = ledger_valid;
	spec.ncredits = 3;
	spec.credits = 2;
	check_ledger_rejected(&spec, 0, "The data ends inside a credit's id.");
	/* the last credit cut short: its has_rate, its currency, its length */
	spec = ledger_valid;
	check_ledger_rejected(&spec, 1, "The data ends inside has_rate.");
	check_ledger_rejected(&spec, 2, "A credit's currency has 1 bytes, not 1 to 64 within the data.");
	check_ledger_rejected(&spec, 3, "The data ends inside a credit's currency.");
	/* fewer credits than there are: the third's 43 bytes left over */
	spec = ledger_valid;
	spec.ncredits = 2;
	check_ledger_rejected(&spec, 0, "The data has 43 bytes after its end.");
	/* the currency: 1 to 64 bytes, no NUL */
	spec = ledger_valid;
	spec.currency_len = 0;
	check_ledger_rejected(&spec, 0, "A credit's currency has 0 bytes, not 1 to 64 within the data.");
	spec.currency_len = 65;
	check_ledger_rejected(&spec, 0, "A credit's currency has 65 bytes, not 1 to 64 within the data.");
	spec.currency_len = 64;
	b.len = 0;
	put_ledger(&b, &spec);
	CHECK(spm_ledger_state_parse(b.data, b.len, &w, err, sizeof(err)) == 0);
	spec.currency_len = 3;
	spec.currency_nul = 1;
	check_ledger_rejected(&spec, 0, "A credit's currency holds a NUL byte.");
	/* the converted flag */
	spec = ledger_valid;
	spec.converted = 2;
	check_ledger_rejected(&spec, 0, "The flag converted is 2, not 0 or 1.");
	/* a NaN amount: a state holds finite numbers only */
	spec = ledger_valid;
	spec.nan_amount = 1;
	check_ledger_rejected(&spec, 0, "The number a credit's amount is not finite.");
	/* trailing bytes */
	spec = ledger_valid;
	b.len = 0;
	put_ledger(&b, &spec);
	b.data[b.len++] = 0;
	CHECK(spm_ledger_state_parse(b.data, b.len, &w, err, sizeof(err)) == -1);
	CHECK_STR(err, "The data has 1 bytes after its end.");
	/* a byte of the schedule's length short or over */
	b.len = 0;
	put_ledger(&b, &ledger_valid);
	b.data[9]--;
	CHECK(spm_ledger_state_parse(b.data, b.len, &w, err, sizeof(err)) == -1);
	b.data[9] += 2;
	CHECK(spm_ledger_state_parse(b.data, b.len, &w, err, sizeof(err)) == -1);
}

/* Every proper prefix of a valid ledger state is rejected, never over-read. */
TEST(every_ledger_truncation_is_rejected)
{
	bytes		b = {{0}, 0};
	spm_ledger_wire w;
	char		err[160];
	size_t		n;

	put_ledger(&b, &ledger_valid);
	for (n = 0; n < b.len; n++)
	{
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, b.data, n);
		err[0] = '\0';
		CHECK(spm_ledger_state_parse(copy, n, &w, err, sizeof(err)) == -1);
		CHECK(err[0] != '\0');
		free(copy);
	}
}

/*
 * Every byte of a valid ledger state set to each of several values: rejected
 * with a reason, or accepted with credits that read back exactly to the end.
 */
TEST(corrupted_ledger_bytes_never_over_read)
{
	static const unsigned char values[] = {0x00, 0x01, 0x02, 0x03, 0x40, 0x7F, 0x80, 0xC0, 0xFF};
	bytes		b = {{0}, 0};
	spm_ledger_wire w;
	spm_ledger_credit_wire c;
	char		err[160];
	int			rejected = 0,
				accepted = 0;
	size_t		pos,
				v;

	put_ledger(&b, &ledger_valid);
	for (pos = 0; pos < b.len; pos++)
		for (v = 0; v < sizeof(values); v++)
		{
			unsigned char *copy = malloc(b.len);

			memcpy(copy, b.data, b.len);
			copy[pos] = values[v];
			err[0] = '\0';
			if (spm_ledger_state_parse(copy, b.len, &w, err, sizeof(err)) != 0)
			{
				CHECK(err[0] != '\0');
				rejected++;
			}
			else
			{
				const unsigned char *p = w.credits;
				unsigned long i;

				for (i = 0; i < w.ncredits; i++)
				{
					CHECK(spm_ledger_credit_read(&p, w.end, &c, err, sizeof(err)) == 0);
					CHECK(c.amount.start >= copy && c.amount.start + c.amount.len <= copy + b.len);
					CHECK(!c.converted ||
						  (c.currency_len >= 1 && c.currency_len <= SPM_LEDGER_CURRENCY_MAX &&
						   memchr(c.currency, 0, c.currency_len) == NULL));
				}
				CHECK(p == copy + b.len);
				accepted++;
			}
			free(copy);
		}
	CHECK(rejected > 500 && accepted > 50);
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
	RUN(reads_a_ledger_state);
	RUN(reads_an_empty_ledger_state);
	RUN(rejects_bad_ledger_states);
	RUN(every_ledger_truncation_is_rejected);
	RUN(corrupted_ledger_bytes_never_over_read);
	UNIT_DONE();
}
