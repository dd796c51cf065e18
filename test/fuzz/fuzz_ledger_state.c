/*
 * fuzz_ledger_state.c
 *	  The serial form of spm.ledger_agg's state (src/core/commission_state.h):
 *	  spm_ledger_state_parse and spm_ledger_credit_read.
 *
 * Input: the bytes of a state, as the aggregate's deserialize function gets
 * them; or, when the first byte is 0xFF, a recipe for a state (a plan or
 * none, up to 64 bands, up to 12 credits, converted or not), so that
 * mutations reach the credits too.  Half the recipes build a valid state,
 * which must be accepted; the others spoil one thing in it (a currency of
 * 0 or 65 bytes or with a NUL, a flag of 2, a NaN or a non-canonical
 * amount, a credit more claimed than written, a trailing byte), and the
 * state must be rejected.
 * Invariants:
 *	 - a rejected state gets a one-sentence reason;
 *	 - an accepted state has a plan or no credits, and exactly ncredits
 *	   credits, read one after the other, that end at the end of the data;
 *	   every number and currency lies inside the data, a currency has 1 to
 *	   SPM_LEDGER_CURRENCY_MAX bytes and no NUL, and one more credit cannot
 *	   be read;
 *	 - the state written back from what was read is the input, byte for
 *	   byte (nothing skipped, nothing misread), and a built state reads back
 *	   as built;
 *	 - a proper prefix of an accepted state, and the state with a byte
 *	   more, are rejected;
 *	 - a built state is accepted unless spoilt, and rejected if spoilt.
 *
 * The seeds (test/fuzz/corpus/fuzz_ledger_state/) are states the server
 * serialized (lines of sql/runs_ledger.sql, with and without plan options,
 * converted credits), hand-made states without plan or credits, and recipes.
 */
#include "core/commission_state.h"

#include "fuzz.h"

/* A byte buffer that grows; the harness writes states into it. */
typedef struct out_buf
{
	unsigned char *data;
	size_t		len;
	size_t		cap;
} out_buf;

static void
out_put(out_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap)
	{
		b->cap = (b->len + n) * 2 + 64;
		b->data = realloc(b->data, b->cap);
		FUZZ_ASSERT(b->data != NULL);
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void
out_uint(out_buf *b, uint64_t v, int bytes)
{
	unsigned char c[8];

	for (int i = 0; i < bytes; i++)
		c[i] = (unsigned char) (v >> (8 * (bytes - 1 - i)));
	out_put(b, c, bytes);
}

static void
out_number(out_buf *b, const spm_wire_number *n)
{
	out_uint(b, n->len, 4);
	out_put(b, n->start, n->len);
}

/* ---- writing back what was read ------------------------------------------ */

static void
check_number_inside(const spm_wire_number *n, const uint8_t *data, size_t size)
{
	FUZZ_ASSERT(n->start != NULL);
	FUZZ_ASSERT(n->start >= data && n->start + n->len <= data + size);
	FUZZ_ASSERT(n->len >= 8 && (n->len - 8) % 2 == 0);
}

static void
write_schedule(out_buf *b, const spm_tiers_wire *s, const uint8_t *data, size_t size)
{
	out_buf		sched = {NULL, 0, 0};

	FUZZ_ASSERT(s->mode >= 0 && s->mode <= SPM_TIER_LAST_MODE);
	FUZZ_ASSERT((s->flags & ~3) == 0);
	FUZZ_ASSERT(s->nbands >= 1 && s->nbands <= SPM_TIERS_MAX_BANDS);
	out_uint(&sched, SPM_TIERS_WIRE_VERSION, 1);
	out_uint(&sched, (uint64_t) s->mode, 1);
	out_uint(&sched, (uint64_t) s->flags, 1);
	out_uint(&sched, (uint64_t) s->nbands, 1);
	for (int i = 0; i < s->nbands; i++)
	{
		check_number_inside(&s->threshold[i], data, size);
		out_number(&sched, &s->threshold[i]);
	}
	for (int i = 0; i < s->nbands; i++)
	{
		check_number_inside(&s->rate[i], data, size);
		out_number(&sched, &s->rate[i]);
	}
	FUZZ_ASSERT(((s->flags & 1) != 0) == (s->cap.start != NULL));
	FUZZ_ASSERT(((s->flags & 2) != 0) == (s->gate.start != NULL));
	if (s->cap.start)
	{
		check_number_inside(&s->cap, data, size);
		out_number(&sched, &s->cap);
	}
	if (s->gate.start)
	{
		check_number_inside(&s->gate, data, size);
		out_number(&sched, &s->gate);
	}
	out_uint(b, sched.len, 4);
	out_put(b, sched.data, sched.len);
	free(sched.data);
}

static void
write_option(out_buf *b, const spm_wire_number *n, const uint8_t *data, size_t size)
{
	out_uint(b, n->start != NULL, 1);
	if (n->start)
	{
		check_number_inside(n, data, size);
		out_number(b, n);
	}
}

/*
 * Check an accepted state's credits and write the whole state back from what
 * the readers gave.
 */
static void
check_accepted(const uint8_t *data, size_t size, const spm_ledger_wire *w, out_buf *back)
{
	const unsigned char *p = w->credits;
	spm_ledger_credit_wire c;
	char		err[256];

	FUZZ_ASSERT(w->has_plan == 0 || w->has_plan == 1);
	FUZZ_ASSERT(w->has_plan || w->ncredits == 0);
	FUZZ_ASSERT(w->end == data + size);
	FUZZ_ASSERT(w->credits >= data && w->credits <= w->end);

	out_uint(back, SPM_COMMISSION_STATE_VERSION, 4);
	out_uint(back, SPM_STATE_LEDGER_AGG, 1);
	out_uint(back, (uint64_t) w->has_plan, 1);
	if (w->has_plan)
	{
		write_schedule(back, &w->schedule, data, size);
		write_option(back, &w->quota, data, size);
		write_option(back, &w->scale, data, size);
		write_option(back, &w->cap, data, size);
	}
	else
		FUZZ_ASSERT(w->quota.start == NULL && w->scale.start == NULL && w->cap.start == NULL);
	out_uint(back, w->ncredits, 4);
	FUZZ_ASSERT(back->len == (size_t) (w->credits - data));

	for (unsigned long i = 0; i < w->ncredits; i++)
	{
		const unsigned char *before = p;

		err[0] = '\0';
		if (spm_ledger_credit_read(&p, w->end, &c, err, sizeof(err)) != 0)
		{
			fprintf(stderr, "credit %lu of %lu of an accepted state: %s\n", i + 1, w->ncredits, err);
			FUZZ_ASSERT(!"every credit of an accepted state reads");
		}
		FUZZ_ASSERT(p > before && p <= w->end);
		out_uint(back, (uint64_t) c.id, 8);
		out_uint(back, (uint32_t) c.day, 4);
		check_number_inside(&c.amount, data, size);
		out_number(back, &c.amount);
		FUZZ_ASSERT(c.converted == 0 || c.converted == 1);
		out_uint(back, (uint64_t) c.converted, 1);
		if (c.converted)
		{
			check_number_inside(&c.original_amount, data, size);
			out_number(back, &c.original_amount);
			FUZZ_ASSERT(c.currency != NULL);
			FUZZ_ASSERT(c.currency_len >= 1 && c.currency_len <= SPM_LEDGER_CURRENCY_MAX);
			FUZZ_ASSERT(c.currency >= data && c.currency + c.currency_len <= data + size);
			FUZZ_ASSERT(memchr(c.currency, 0, c.currency_len) == NULL);
			out_uint(back, c.currency_len, 4);
			out_put(back, c.currency, c.currency_len);
			out_uint(back, c.rate.start != NULL, 1);
			if (c.rate.start)
			{
				check_number_inside(&c.rate, data, size);
				out_number(back, &c.rate);
			}
		}
		else
			FUZZ_ASSERT(c.original_amount.start == NULL && c.currency == NULL &&
						c.currency_len == 0 && c.rate.start == NULL);
		FUZZ_ASSERT(back->len == (size_t) (p - data));
	}
	FUZZ_ASSERT(p == w->end);
	/* nothing after the last credit */
	err[0] = '\0';
	FUZZ_ASSERT(spm_ledger_credit_read(&p, w->end, &c, err, sizeof(err)) == -1);
	FUZZ_ASSERT(err[0] != '\0');
	FUZZ_ASSERT(back->len == size && memcmp(back->data, data, size) == 0);
}

/* A rejection gives a one-sentence reason. */
static void
check_reason(const char *err, size_t errlen)
{
	size_t		n = strnlen(err, errlen);

	FUZZ_ASSERT(n > 0 && n < errlen);
	FUZZ_ASSERT(err[0] >= 'A' && err[0] <= 'Z');
	FUZZ_ASSERT(err[n - 1] == '.');
}

/* Parse data (an exact-size copy, so that ASan sees any over-read). */
static int
parse_copy(const uint8_t *data, size_t size, spm_ledger_wire *w, char *err, size_t errlen)
{
	unsigned char *copy = malloc(size ? size : 1);
	int			rc;

	memcpy(copy, data, size);
	err[0] = '\0';
	rc = spm_ledger_state_parse(copy, size, w, err, errlen);
	free(copy);
	if (rc != 0)
		check_reason(err, errlen);
	return rc;
}

/* Returns whether the state was accepted. */
static int
check_state(const uint8_t *data, size_t size)
{
	spm_ledger_wire w;
	out_buf		back = {NULL, 0, 0};
	char		err[256];
	unsigned char *longer;

	memset(&w, 0x5a, sizeof(w));
	err[0] = '\0';
	if (spm_ledger_state_parse(data, size, &w, err, sizeof(err)) != 0)
	{
		check_reason(err, sizeof(err));
		return 0;
	}
	FUZZ_ASSERT(err[0] == '\0');
	check_accepted(data, size, &w, &back);
	free(back.data);

	/* a prefix is not a state: the last byte off, half of it, the header alone */
	FUZZ_ASSERT(parse_copy(data, size - 1, &w, err, sizeof(err)) == -1);
	FUZZ_ASSERT(parse_copy(data, size / 2, &w, err, sizeof(err)) == -1);
	FUZZ_ASSERT(parse_copy(data, 5, &w, err, sizeof(err)) == -1);
	/* nor is the state with a byte more */
	longer = malloc(size + 1);
	memcpy(longer, data, size);
	longer[size] = data[size - 1];
	FUZZ_ASSERT(spm_ledger_state_parse(longer, size + 1, &w, err, sizeof(err)) == -1);
	check_reason(err, sizeof(err));
	free(longer);
	return 1;
}

/* ---- building a valid state from a recipe ---------------------------------- */

/* What a recipe spoils in the state it builds (or nothing). */
typedef enum spoil
{
	SPOIL_NONE,
	SPOIL_CURRENCY_EMPTY,
	SPOIL_CURRENCY_LONG,
	SPOIL_CURRENCY_NUL,
	SPOIL_CONVERTED_FLAG,
	SPOIL_AMOUNT_NAN,
	SPOIL_AMOUNT_NOT_CANONICAL,
	SPOIL_CREDIT_MISSING,
	SPOIL_TRAILING_BYTE,
	SPOIL_KINDS
} spoil;

/*
 * A canonical finite number: no leading or trailing zero digit; or, spoilt,
 * NaN or one with a leading zero digit.
 */
static void
build_number_spoilt(out_buf *b, fuzz_reader *r, spoil how)
{
	int			ndigits = fuzz_u8(r) % 5;
	uint16_t	weight = (uint16_t) (int16_t) (int8_t) fuzz_u8(r);
	uint8_t		flags = fuzz_u8(r);

	if (how == SPOIL_AMOUNT_NAN)
	{
		out_uint(b, 8, 4);
		out_uint(b, 0, 2);
		out_uint(b, 0, 2);
		out_uint(b, (flags & 1) ? SPM_NUMERIC_NAN : SPM_NUMERIC_PINF, 2);
		out_uint(b, 0, 2);
		return;
	}
	if (how == SPOIL_AMOUNT_NOT_CANONICAL && ndigits == 0)
		ndigits = 1;
	out_uint(b, 8 + 2 * (uint64_t) ndigits, 4);
	out_uint(b, (uint64_t) ndigits, 2);
	out_uint(b, ndigits ? weight : 0, 2);
	out_uint(b, ndigits && (flags & 1) ? SPM_NUMERIC_NEG : SPM_NUMERIC_POS, 2);
	out_uint(b, flags >> 1, 2);	/* dscale 0 to 127 */
	for (int i = 0; i < ndigits; i++)
	{
		unsigned	d = fuzz_u16(r) % 10000;

		if (d == 0 && (i == 0 || i == ndigits - 1))
			d = 1 + i;
		if (how == SPOIL_AMOUNT_NOT_CANONICAL && i == 0)
			d = 0;
		out_uint(b, d, 2);
	}
}

static void
build_number(out_buf *b, fuzz_reader *r)
{
	build_number_spoilt(b, r, SPOIL_NONE);
}

static void
build_option(out_buf *b, fuzz_reader *r, int present)
{
	out_uint(b, present != 0, 1);
	if (present)
		build_number(b, r);
}

/* Build the state of a recipe; returns what it spoilt. */
static spoil
build_state(out_buf *b, fuzz_reader *r)
{
	uint8_t		plan = fuzz_u8(r);
	int			ncredits = (plan & 1) ? fuzz_u8(r) % 13 : 0;
	uint8_t		spoil_byte = fuzz_u8(r);
	spoil		how = (spoil_byte & 1) ? SPOIL_NONE : (spoil) (1 + (spoil_byte >> 1) % (SPOIL_KINDS - 1));
	int			target = ncredits > 0 ? fuzz_u8(r) % ncredits : -1;

	/* a credit's spoils need a credit, a missing one a plan */
	if (target < 0 && how != SPOIL_NONE && how != SPOIL_TRAILING_BYTE &&
		!(how == SPOIL_CREDIT_MISSING && (plan & 1)))
		how = SPOIL_TRAILING_BYTE;

	out_uint(b, SPM_COMMISSION_STATE_VERSION, 4);
	out_uint(b, SPM_STATE_LEDGER_AGG, 1);
	out_uint(b, plan & 1, 1);
	if (plan & 1)
	{
		out_buf		s = {NULL, 0, 0};
		uint8_t		head = fuzz_u8(r);
		int			nbands = 1 + fuzz_u8(r) % SPM_TIERS_MAX_BANDS;

		out_uint(&s, SPM_TIERS_WIRE_VERSION, 1);
		out_uint(&s, (head & 3) % 3, 1);	/* mode */
		out_uint(&s, (head >> 2) & 3, 1);	/* flags: cap, gate */
		out_uint(&s, (uint64_t) nbands, 1);
		for (int i = 0; i < 2 * nbands; i++)
			build_number(&s, r);
		if (head & 4)
			build_number(&s, r);
		if (head & 8)
			build_number(&s, r);
		out_uint(b, s.len, 4);
		out_put(b, s.data, s.len);
		free(s.data);
		build_option(b, r, plan & 2);
		build_option(b, r, plan & 4);
		build_option(b, r, plan & 8);
	}
	out_uint(b, (uint64_t) ncredits + (how == SPOIL_CREDIT_MISSING), 4);
	for (int i = 0; i < ncredits; i++)
	{
		uint8_t		kind = fuzz_u8(r);
		spoil		here = i == target ? how : SPOIL_NONE;

		if (here >= SPOIL_CURRENCY_EMPTY && here <= SPOIL_CURRENCY_NUL)
			kind |= 1;			/* converted */
		out_uint(b, fuzz_bytes(r, 8), 8);	/* id */
		out_uint(b, fuzz_u32(r), 4);	/* day */
		build_number_spoilt(b, r, here);
		out_uint(b, here == SPOIL_CONVERTED_FLAG ? 2 : (kind & 1), 1);
		if (kind & 1)
		{
			int			clen = 1 + (kind >> 2) % SPM_LEDGER_CURRENCY_MAX;

			if (here == SPOIL_CURRENCY_EMPTY)
				clen = 0;
			else if (here == SPOIL_CURRENCY_LONG)
				clen = SPM_LEDGER_CURRENCY_MAX + 1;
			build_number(b, r);
			out_uint(b, (uint64_t) clen, 4);
			for (int k = 0; k < clen; k++)
			{
				unsigned char ch = fuzz_u8(r);

				if (here == SPOIL_CURRENCY_NUL && k == clen / 2)
					ch = 0;
				else if (ch == 0)
					ch = 'A';
				out_put(b, &ch, 1);
			}
			build_option(b, r, kind & 2);
		}
	}
	if (how == SPOIL_TRAILING_BYTE)
		out_uint(b, fuzz_u8(r), 1);
	return how;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0 && data[0] == 0xFF)
	{
		fuzz_reader r = {data + 1, size - 1};
		out_buf		b = {NULL, 0, 0};
		unsigned char *exact;
		spoil		how = build_state(&b, &r);
		int			accepted;

		exact = malloc(b.len);
		memcpy(exact, b.data, b.len);
		accepted = check_state(exact, b.len);
		if (how == SPOIL_NONE && !accepted)
		{
			spm_ledger_wire w;
			char		err[256];

			spm_ledger_state_parse(exact, b.len, &w, err, sizeof(err));
			fprintf(stderr, "a built state is rejected: %s\n", err);
			FUZZ_ASSERT(!"every built state is accepted");
		}
		if (how != SPOIL_NONE && accepted)
		{
			fprintf(stderr, "a state spoilt in way %d is accepted\n", (int) how);
			FUZZ_ASSERT(!"every spoilt state is rejected");
		}
		free(exact);
		free(b.data);
		return 0;
	}
	check_state(data, size);
	return 0;
}
