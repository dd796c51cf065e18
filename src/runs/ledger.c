/*
 * ledger.c
 *	  spm.ledger_agg: the per-credit pass of spm.calculate.  It collects the
 *	  credits one payout line counts, in any order (a hash aggregate over
 *	  the period's credits feeds it), and its final function puts them in
 *	  (credited_on, credit_id) order and computes what each added: the
 *	  exact increment of the line's schedule on the running total, times
 *	  the line's scale (an on-target incentive share), cut to the deal cap;
 *	  and the line's totals.  Sorting each line's hundred or so credits
 *	  apart is what spares spm.calculate a sort of every credit of the
 *	  period.
 *
 * The increments are those of spm.commission_increment on the same running
 * total, so a line's commission is the commission of its credited total
 * exactly (the increments telescope) unless the deal cap cut one.
 *
 * The state keeps each credit's id, day and the place of its amount in an
 * array, and the amounts, as the rows hold them (a short amount in 8 bytes
 * or so), in one byte arena: a credit costs about 25 bytes.  The few
 * credits converted from another currency are listed apart.  Like every aggregate
 * of spm it is parallel safe: states combine by concatenation, and the
 * serial form (src/core/commission_state.h) is checked in full when read.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "common/aggstate.h"
#include "common/typeio.h"
#include "common/xstate.h"
#include "commissions/tier_schedule.h"
#include "core/commission_state.h"

#define LEDGER_AGG "spm.ledger_agg"
#define LEDGER_STATE "spm.ledger_state"

/* one credit; amount is the offset of its amount in the arena */
typedef struct LedgerCredit
{
	int64		id;
	DateADT		day;
	uint32		amount;
} LedgerCredit;

/* a credit converted from another currency: offsets into the arena */
typedef struct LedgerConversion
{
	int			credit;			/* index into credits */
	uint32		original_amount;
	uint32		currency;
	uint32		rate;
} LedgerConversion;

typedef struct LedgerState
{
	SpmXState	x;
	/* the line's plan, from its first row, and that row's bytes of it */
	void	   *plan_bytes[4];
	TierSchedule *schedule;
	Numeric		quota;
	Numeric		scale;
	Numeric		cap;
	/* the credits */
	LedgerCredit *credits;
	int			ncredits;
	int			maxcredits;
	LedgerConversion *conversions;
	int			nconversions;
	int			maxconversions;
	char	   *arena;
	Size		arena_used;
	Size		arena_size;
} LedgerState;

/* ---- the state ------------------------------------------------------------ */

/*
 * Copy a varlena (not compressed or external) into the arena and return its
 * offset, never 0 (the arena starts with a pad byte).  It is kept aligned,
 * with a 4-byte header even when the row gave it a short one, so that the
 * final function reads it in place (DatumGetNumeric would otherwise make an
 * aligned copy of every credit's amount).
 */
static uint32
arena_put(LedgerState *st, MemoryContext cxt, const void *v)
{
	Size		data = VARSIZE_ANY_EXHDR(v);
	Size		len = VARHDRSZ + data;
	Size		at = INTALIGN(st->arena_used);

	if (at + len > st->arena_size)
	{
		Size		size = Max(st->arena_size * 2, at + len + 256);

		if (size > MaxAllocSize || size > PG_UINT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a payout line's credits take more than 1 GB")));
		st->arena = st->arena ? repalloc(st->arena, size) : MemoryContextAlloc(cxt, size);
		st->arena_size = size;
	}
	SET_VARSIZE(st->arena + at, len);
	memcpy(st->arena + at + VARHDRSZ, VARDATA_ANY(v), data);
	st->arena_used = at + len;
	return (uint32) at;
}

static inline void *
arena_get(const LedgerState *st, uint32 off)
{
	return off == 0 ? NULL : st->arena + off;
}

/* Room for one more element in an array of the state, doubling it as needed. */
static void *
grow(void *array, int *max, int used, Size elem, int initial, MemoryContext cxt)
{
	int			n;

	if (used < *max)
		return array;
	n = Max(*max * 2, initial);
	if ((Size) n * elem > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a payout line has too many credits")));
	*max = n;
	return array ? repalloc(array, n * elem) : MemoryContextAlloc(cxt, n * elem);
}

static LedgerCredit *
add_credit(LedgerState *st, MemoryContext cxt)
{
	st->credits = grow(st->credits, &st->maxcredits, st->ncredits, sizeof(LedgerCredit), 16, cxt);
	return &st->credits[st->ncredits++];
}

static LedgerConversion *
add_conversion(LedgerState *st, MemoryContext cxt)
{
	st->conversions = grow(st->conversions, &st->maxconversions, st->nconversions,
						   sizeof(LedgerConversion), 4, cxt);
	return &st->conversions[st->nconversions++];
}

/* For each credit, the index of its conversion, or -1. */
static int *
conversions_by_credit(const LedgerState *st)
{
	int		   *conv_of = palloc(sizeof(int) * Max(st->ncredits, 1));
	int			i;

	for (i = 0; i < st->ncredits; i++)
		conv_of[i] = -1;
	for (i = 0; i < st->nconversions; i++)
		conv_of[st->conversions[i].credit] = i;
	return conv_of;
}

static void
ledger_init(void *state)
{
	LedgerState *st = state;

	st->arena_size = 256;
	st->arena = MemoryContextAlloc(SPM_XSTATE_CONTEXT(st), st->arena_size);
	st->arena_used = 1;			/* offset 0 means "none" */
}

static void ledger_send(void *state, StringInfo buf);
static void ledger_recv(void *state, StringInfo in);
static void ledger_out(void *state, StringInfo buf);
static void ledger_in(void *state, const char *text);

static const SpmXStateClass ledger_class = {
	.sqlname = LEDGER_STATE,
	.size = sizeof(LedgerState),
	.init = ledger_init,
	.send = ledger_send,
	.recv = ledger_recv,
	.out = ledger_out,
	.in = ledger_in,
};

static bool
same_numeric(Numeric a, Numeric b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return num_cmp(a, b) == 0;
}

static void
plan_mismatch(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("schedule, quota, scale and deal_cap must be the same for every row of a group"),
			 errdetail("A group is one payout line: its credits share its plan."),
			 errhint("Group by the line as well, e.g. GROUP BY rep, plan version, component.")));
}

/* Remember the plan of the line, or check that it is the same. */
static void
set_plan(LedgerState *st, MemoryContext cxt, TierSchedule *s, Numeric quota, Numeric scale,
		 Numeric cap)
{
	if (st->schedule == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);

		st->schedule = (TierSchedule *) PG_DETOAST_DATUM_COPY(PointerGetDatum(s));
		st->quota = quota ? DatumGetNumericCopy(NumericGetDatum(quota)) : NULL;
		st->scale = scale ? DatumGetNumericCopy(NumericGetDatum(scale)) : NULL;
		st->cap = cap ? DatumGetNumericCopy(NumericGetDatum(cap)) : NULL;
		MemoryContextSwitchTo(old);
		return;
	}
	if ((s != st->schedule && !tiers_equal(s, st->schedule)) ||
		!same_numeric(quota, st->quota) || !same_numeric(scale, st->scale) ||
		!same_numeric(cap, st->cap))
		plan_mismatch();
}

/*
 * Whether a row's plan arguments (1 to 4) have the bytes of the first
 * row's: the per-row check that costs a comparison of a few bytes.  Other
 * bytes (or a compressed or external value) get the full check.
 */
static bool
plan_bytes_same(LedgerState *st, FunctionCallInfo fcinfo)
{
	int			k;

	for (k = 0; k < 4; k++)
	{
		Pointer		v;

		if (PG_ARGISNULL(k + 1) || st->plan_bytes[k] == NULL)
		{
			if (PG_ARGISNULL(k + 1) != (st->plan_bytes[k] == NULL))
				return false;
			continue;
		}
		v = DatumGetPointer(PG_GETARG_DATUM(k + 1));
		if (VARATT_IS_EXTENDED(v) && !VARATT_IS_SHORT(v))
			return false;
		if (VARSIZE_ANY(v) != VARSIZE_ANY(st->plan_bytes[k]) ||
			memcmp(v, st->plan_bytes[k], VARSIZE_ANY(v)) != 0)
			return false;
	}
	return true;
}

static void
keep_plan_bytes(LedgerState *st, FunctionCallInfo fcinfo, MemoryContext cxt)
{
	int			k;

	for (k = 0; k < 4; k++)
	{
		Pointer		v;

		if (PG_ARGISNULL(k + 1))
			continue;
		v = DatumGetPointer(PG_GETARG_DATUM(k + 1));

		/*
		 * A compressed or external value is kept expanded: such rows never
		 * match it and get the full check, but it must be kept all the same,
		 * for plan_bytes[k] == NULL says that the first row had no value.
		 */
		if (VARATT_IS_EXTENDED(v) && !VARATT_IS_SHORT(v))
			v = (Pointer) PG_DETOAST_DATUM(PointerGetDatum(v));
		st->plan_bytes[k] = MemoryContextAlloc(cxt, VARSIZE_ANY(v));
		memcpy(st->plan_bytes[k], v, VARSIZE_ANY(v));
	}
}

/* ---- spm.ledger_agg ------------------------------------------------------- */

/*
 * (state, schedule, quota, scale, deal_cap, credit_id, credited_on, amount,
 *	original_amount, original_currency, fx_rate)
 *
 * quota NULL: the schedule is on credited amount, else on attainment of
 * it; scale NULL is 1; deal_cap NULL is no cap.  original_amount,
 * original_currency and fx_rate are given for a credit converted from
 * another currency (all three, or none).  Not strict: the schedule, id,
 * day and amount must not be NULL.
 */
PG_FUNCTION_INFO_V1(spm_ledger_agg_trans);
Datum
spm_ledger_agg_trans(PG_FUNCTION_ARGS)
{
	LedgerState *st;
	MemoryContext cxt;
	struct varlena *amount;
	LedgerCredit *c;
	int			i;
	static const char *const required[] = {"schedule", NULL, NULL, NULL, "credit_id",
	"credited_on", "amount"};

	for (i = 0; i < lengthof(required); i++)
		if (required[i] && PG_ARGISNULL(i + 1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null", required[i])));
	st = spm_xstate_update(fcinfo, 0, &ledger_class);
	cxt = SPM_XSTATE_CONTEXT(st);
	if (st->schedule == NULL || !plan_bytes_same(st, fcinfo))
	{
		Numeric		quota = PG_ARGISNULL(2) ? NULL : PG_GETARG_NUMERIC(2);
		Numeric		scale = PG_ARGISNULL(3) ? NULL : PG_GETARG_NUMERIC(3);
		Numeric		cap = PG_ARGISNULL(4) ? NULL : PG_GETARG_NUMERIC(4);

		if (st->schedule == NULL)
		{
			if (quota)
				check_quota(quota);
			if (scale)
				check_finite_numeric(scale, "scale");
			if (cap)
				check_non_negative_numeric(cap, "deal_cap");
			keep_plan_bytes(st, fcinfo, cxt);
		}
		set_plan(st, cxt, PG_GETARG_TIERS_P(1), quota, scale, cap);
	}

	/* the amount as the row holds it; it is checked in the final function */
	amount = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(7));
	c = add_credit(st, cxt);
	c->id = PG_GETARG_INT64(5);
	c->day = PG_GETARG_DATEADT(6);
	c->amount = arena_put(st, cxt, amount);
	if (!PG_ARGISNULL(8) || !PG_ARGISNULL(9) || !PG_ARGISNULL(10))
	{
		Numeric		original;
		text	   *currency;
		LedgerConversion *conv;

		if (PG_ARGISNULL(8) || PG_ARGISNULL(9) || PG_ARGISNULL(10))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("original_amount, original_currency and fx_rate go together"),
					 errdetail("Give all three for a credit converted from another currency, or none.")));
		original = PG_GETARG_NUMERIC(8);
		currency = PG_GETARG_TEXT_PP(9);
		check_finite_numeric(original, "original_amount");
		if (VARSIZE_ANY_EXHDR(currency) < 1 || VARSIZE_ANY_EXHDR(currency) > SPM_LEDGER_CURRENCY_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("original_currency must have 1 to %d bytes, not %d",
							SPM_LEDGER_CURRENCY_MAX, (int) VARSIZE_ANY_EXHDR(currency))));
		check_finite_numeric(PG_GETARG_NUMERIC(10), "fx_rate");
		conv = add_conversion(st, cxt);
		conv->credit = st->ncredits - 1;
		conv->original_amount = arena_put(st, cxt, original);
		conv->currency = arena_put(st, cxt, currency);
		conv->rate = arena_put(st, cxt, PG_GETARG_NUMERIC(10));
	}
	PG_RETURN_DATUM(spm_xstate_datum(st));
}

PG_FUNCTION_INFO_V1(spm_ledger_agg_combine);
Datum
spm_ledger_agg_combine(PG_FUNCTION_ARGS)
{
	LedgerState *a;
	LedgerState *b;
	MemoryContext cxt;
	int			i;

	SPM_XSTATE_KEEP_IF_NULL(1);
	b = spm_xstate_read(fcinfo, 1, &ledger_class);
	a = spm_xstate_update(fcinfo, 0, &ledger_class);
	cxt = SPM_XSTATE_CONTEXT(a);
	if (b->schedule == NULL)
		PG_RETURN_DATUM(spm_xstate_datum(a));
	set_plan(a, cxt, b->schedule, b->quota, b->scale, b->cap);
	for (i = 0; i < b->nconversions; i++)
	{
		const LedgerConversion *from = &b->conversions[i];
		LedgerConversion *to = add_conversion(a, cxt);

		to->credit = a->ncredits + from->credit;
		to->original_amount = arena_put(a, cxt, arena_get(b, from->original_amount));
		to->currency = arena_put(a, cxt, arena_get(b, from->currency));
		to->rate = arena_put(a, cxt, arena_get(b, from->rate));
	}
	for (i = 0; i < b->ncredits; i++)
	{
		const LedgerCredit *from = &b->credits[i];
		LedgerCredit *to = add_credit(a, cxt);

		to->id = from->id;
		to->day = from->day;
		to->amount = arena_put(a, cxt, arena_get(b, from->amount));
	}
	PG_RETURN_DATUM(spm_xstate_datum(a));
}

static void
ledger_send(void *state, StringInfo buf)
{
	LedgerState *st = state;
	int		   *conv_of;
	int			i;

	pq_sendint32(buf, SPM_COMMISSION_STATE_VERSION);
	pq_sendbyte(buf, SPM_STATE_LEDGER_AGG);
	pq_sendbyte(buf, st->schedule != NULL);
	if (st->schedule)
	{
		StringInfoData schedule;
		Numeric		parts[3] = {st->quota, st->scale, st->cap};
		int			k;

		initStringInfo(&schedule);
		tiers_send(&schedule, st->schedule);
		pq_sendint32(buf, (uint32) schedule.len);
		pq_sendbytes(buf, schedule.data, schedule.len);
		pfree(schedule.data);
		for (k = 0; k < 3; k++)
		{
			pq_sendbyte(buf, parts[k] != NULL);
			if (parts[k])
				num_to_wire(buf, parts[k]);
		}
	}
	conv_of = conversions_by_credit(st);
	pq_sendint32(buf, (uint32) st->ncredits);
	for (i = 0; i < st->ncredits; i++)
	{
		const LedgerCredit *c = &st->credits[i];
		Numeric		amount = DatumGetNumeric(PointerGetDatum(arena_get(st, c->amount)));

		/*
		 * The final function checks the amounts; a worker checks its own, so
		 * that a NaN is the same error in a parallel plan as in a serial one
		 * rather than a serial form that the leader refuses.
		 */
		check_finite_numeric(amount, "amount");
		pq_sendint64(buf, c->id);
		pq_sendint32(buf, (uint32) c->day);
		num_to_wire(buf, amount);
		pq_sendbyte(buf, conv_of[i] >= 0);
		if (conv_of[i] >= 0)
		{
			const LedgerConversion *conv = &st->conversions[conv_of[i]];
			text	   *cur = arena_get(st, conv->currency);

			num_to_wire(buf, DatumGetNumeric(PointerGetDatum(arena_get(st, conv->original_amount))));
			pq_sendint32(buf, (uint32) VARSIZE_ANY_EXHDR(cur));
			pq_sendbytes(buf, VARDATA_ANY(cur), VARSIZE_ANY_EXHDR(cur));
			pq_sendbyte(buf, 1);
			num_to_wire(buf, DatumGetNumeric(PointerGetDatum(arena_get(st, conv->rate))));
		}
	}
}

static void
put_wire_number(LedgerState *st, MemoryContext cxt, spm_wire_number w, uint32 *off)
{
	*off = arena_put(st, cxt, num_from_wire(w.start, w.len));
}

static void
ledger_recv(void *state, StringInfo in)
{
	LedgerState *st = state;
	MemoryContext cxt = SPM_XSTATE_CONTEXT(st);
	spm_ledger_wire w;
	const unsigned char *p;
	char		err[160];
	unsigned long i;

	if (spm_ledger_state_parse((const unsigned char *) in->data + in->cursor,
							   in->len - in->cursor, &w, err, sizeof(err)) != 0)
		spm_bad_binary(LEDGER_STATE, err);
	in->cursor = in->len;
	if (w.has_plan)
	{
		TierSchedule *s;
		MemoryContext old = MemoryContextSwitchTo(cxt);

		s = tiers_from_wire(&w.schedule, false);
		st->quota = w.quota.start ? num_from_wire(w.quota.start, w.quota.len) : NULL;
		st->scale = w.scale.start ? num_from_wire(w.scale.start, w.scale.len) : NULL;
		st->cap = w.cap.start ? num_from_wire(w.cap.start, w.cap.len) : NULL;
		MemoryContextSwitchTo(old);
		if (s == NULL)
			spm_bad_binary(LEDGER_STATE, "The schedule is not a valid rate table.");
		if (st->quota && num_sign(st->quota) <= 0)
			spm_bad_binary(LEDGER_STATE, "The quota is not positive.");
		if (st->cap && num_sign(st->cap) < 0)
			spm_bad_binary(LEDGER_STATE, "The deal cap is negative.");
		st->schedule = s;
	}
	p = w.credits;
	for (i = 0; i < w.ncredits; i++)
	{
		spm_ledger_credit_wire cw;
		LedgerCredit *c = add_credit(st, cxt);

		if (spm_ledger_credit_read(&p, w.end, &cw, err, sizeof(err)) != 0)
			spm_bad_binary(LEDGER_STATE, err);	/* cannot happen: parsed above */
		c->id = cw.id;
		c->day = cw.day;
		put_wire_number(st, cxt, cw.amount, &c->amount);
		if (cw.converted)
		{
			text	   *cur;
			LedgerConversion *conv = add_conversion(st, cxt);

			if (cw.rate.start == NULL)
				spm_bad_binary(LEDGER_STATE, "A converted credit has no rate.");
			if (!pg_verify_mbstr(GetDatabaseEncoding(), (const char *) cw.currency,
								 (int) cw.currency_len, true))
				spm_bad_binary(LEDGER_STATE, "A credit's currency is not valid text.");
			conv->credit = st->ncredits - 1;
			put_wire_number(st, cxt, cw.original_amount, &conv->original_amount);
			cur = cstring_to_text_with_len((const char *) cw.currency, (int) cw.currency_len);
			conv->currency = arena_put(st, cxt, cur);
			put_wire_number(st, cxt, cw.rate, &conv->rate);
		}
	}
}

/*
 * The text form: the plan, then each credit as a nested record,
 *
 *	 (schedule,quota,scale,deal_cap,(credit_id,credited_on,amount,
 *	  original_amount,original_currency,fx_rate),...)
 *
 * with empty fields for what is absent: no quota, scale or cap; a credit
 * that was not converted.  A state with no plan has no credits.
 */
/* a day in ISO form whatever DateStyle is, so that any server reads it back */
static void
put_iso_date(StringInfo buf, DateADT day)
{
	char		s[MAXDATELEN + 1];

	if (DATE_NOT_FINITE(day))
		EncodeSpecialDate(day, s);
	else
	{
		struct pg_tm tm;

		j2date(day + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		EncodeDateOnly(&tm, USE_ISO_DATES, s);
	}
	appendStringInfoString(buf, s);
}

static void
ledger_out(void *state, StringInfo buf)
{
	LedgerState *st = state;
	int		   *conv_of = conversions_by_credit(st);
	Numeric		parts[3] = {st->quota, st->scale, st->cap};

	appendStringInfoChar(buf, '(');
	if (st->schedule)
		spm_xstate_put_field(buf, DatumGetCString(DirectFunctionCall1(spm_tier_schedule_out,
																	  PointerGetDatum(st->schedule))));
	for (int k = 0; k < 3; k++)
	{
		appendStringInfoChar(buf, ',');
		if (parts[k])
			spm_xstate_put_numeric(buf, parts[k]);
	}
	for (int i = 0; i < st->ncredits; i++)
	{
		const LedgerCredit *c = &st->credits[i];
		Numeric		amount = DatumGetNumeric(PointerGetDatum(arena_get(st, c->amount)));

		check_finite_numeric(amount, "amount");
		appendStringInfo(buf, ",(" INT64_FORMAT ",", c->id);
		put_iso_date(buf, c->day);
		appendStringInfoChar(buf, ',');
		spm_xstate_put_numeric(buf, amount);
		if (conv_of[i] >= 0)
		{
			const LedgerConversion *conv = &st->conversions[conv_of[i]];

			appendStringInfoChar(buf, ',');
			spm_xstate_put_numeric(buf, DatumGetNumeric(PointerGetDatum(arena_get(st, conv->original_amount))));
			appendStringInfoChar(buf, ',');
			spm_xstate_put_field(buf, text_to_cstring(arena_get(st, conv->currency)));
			appendStringInfoChar(buf, ',');
			spm_xstate_put_numeric(buf, DatumGetNumeric(PointerGetDatum(arena_get(st, conv->rate))));
		}
		else
			appendStringInfoString(buf, ",,,");
		appendStringInfoChar(buf, ')');
	}
	appendStringInfoChar(buf, ')');
}

static void
ledger_bad_text(const char *str, const char *detail)
{
	spm_bad_text(LEDGER_STATE, str, detail);
}

static void
ledger_in(void *state, const char *str)
{
	LedgerState *st = state;
	MemoryContext cxt = SPM_XSTATE_CONTEXT(st);
	spm_record_field *f;
	int			n = spm_xstate_fields(&ledger_class, str, '(', &f, 4, -1);

	if (f[0].text)
	{
		TierSchedule *s = (TierSchedule *) DatumGetPointer(DirectFunctionCall1(spm_tier_schedule_in,
																			   CStringGetDatum(f[0].text)));
		Numeric		quota = NULL,
					scale = NULL,
					cap = NULL;

		if (f[1].text)
		{
			quota = spm_xstate_numeric_field(&ledger_class, str, &f[1], "quota");
			if (num_sign(quota) <= 0)
				ledger_bad_text(str, "The quota must be positive.");
		}
		if (f[2].text)
			scale = spm_xstate_numeric_field(&ledger_class, str, &f[2], "scale");
		if (f[3].text)
		{
			cap = spm_xstate_numeric_field(&ledger_class, str, &f[3], "deal cap");
			if (num_sign(cap) < 0)
				ledger_bad_text(str, "The deal cap must not be negative.");
		}
		set_plan(st, cxt, s, quota, scale, cap);
	}
	else if (n > 4 || f[1].text || f[2].text || f[3].text)
		ledger_bad_text(str, "A state without a schedule has no plan and no credits.");

	for (int i = 4; i < n; i++)
	{
		spm_record_field *cf;
		LedgerCredit *c;

		if (!f[i].nested)
			ledger_bad_text(str, psprintf("Field %d is not a credit in parentheses.", i + 1));
		spm_xstate_fields(&ledger_class, f[i].text, '(', &cf, 6, 6);
		if (cf[0].text == NULL || cf[1].text == NULL)
			ledger_bad_text(str, psprintf("Credit %d has no id or no day.", i - 3));
		c = add_credit(st, cxt);
		c->id = pg_strtoint64(cf[0].text);
		c->day = DatumGetDateADT(DirectFunctionCall1(date_in, CStringGetDatum(cf[1].text)));
		c->amount = arena_put(st, cxt, spm_xstate_numeric_field(&ledger_class, str, &cf[2], "amount"));
		if (cf[3].text || cf[4].text || cf[5].text)
		{
			LedgerConversion *conv;
			text	   *cur;

			if (!cf[3].text || !cf[4].text || !cf[5].text)
				ledger_bad_text(str, psprintf("Credit %d has some but not all of original_amount, original_currency and fx_rate.", i - 3));
			if (strlen(cf[4].text) < 1 || strlen(cf[4].text) > SPM_LEDGER_CURRENCY_MAX)
				ledger_bad_text(str, psprintf("Credit %d's currency must have 1 to %d bytes.",
											   i - 3, SPM_LEDGER_CURRENCY_MAX));
			conv = add_conversion(st, cxt);
			conv->credit = st->ncredits - 1;
			conv->original_amount = arena_put(st, cxt,
											  spm_xstate_numeric_field(&ledger_class, str, &cf[3],
																	   "original amount"));
			cur = cstring_to_text(cf[4].text);
			conv->currency = arena_put(st, cxt, cur);
			conv->rate = arena_put(st, cxt, spm_xstate_numeric_field(&ledger_class, str, &cf[5],
																	 "fx rate"));
		}
	}
}

SPM_XSTATE_TYPE_IO(spm_ledger_state, ledger_class)

/* ---- the final function ----------------------------------------------------- */

/* (credited_on, credit_id); sorted by PostgreSQL's sort template, inlined */
static inline int
credit_cmp(const LedgerCredit *x, const LedgerCredit *y)
{
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

typedef LedgerCredit *LedgerCreditRef;	/* the template declares several per line */

#define ST_SORT sort_credits
#define ST_ELEMENT_TYPE LedgerCreditRef
#define ST_COMPARE(a, b) credit_cmp(*(a), *(b))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/*
 * An error if a credit is given twice (perhaps on two different days), by
 * an open-addressing set of the ids: linear in the line's credits.
 */
static void
check_unique_ids(LedgerCredit *const *order, int n)
{
	uint32		size = 8;
	uint32		mask;
	int		   *slot;
	int			i;

	while (size < (uint32) n * 2)
		size *= 2;
	mask = size - 1;
	slot = palloc0(sizeof(int) * size);	/* 0: empty, else index + 1 */
	for (i = 0; i < n; i++)
	{
		uint64		id = (uint64) order[i]->id;
		uint32		j = murmurhash32((uint32) (id ^ (id >> 32))) & mask;

		while (slot[j] != 0)
		{
			if (order[slot[j] - 1]->id == order[i]->id)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("credit " INT64_FORMAT " is counted twice in one line",
								order[i]->id)));
			j = (j + 1) & mask;
		}
		slot[j] = i + 1;
	}
	pfree(slot);
}

static Datum
make_array(Datum *elems, bool *nulls, int n, Oid type)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};
	int16		len;
	bool		byval;
	char		align;

	get_typlenbyvalalign(type, &len, &byval, &align);
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, type, len, byval,
											  align));
}

enum
{
	L_CREDITED, L_CREDITS, L_COMMISSION, L_CREDIT_IDS, L_CREDITED_ON, L_AMOUNTS,
	L_COMMISSIONS, L_UNCAPPED, L_ORIGINAL_AMOUNTS, L_ORIGINAL_CURRENCIES, L_FX_RATES,
	L_FINGERPRINT, L_NFIELDS
};

/*
 * The line: its credits in (credited_on, credit_id) order, what each added
 * and the totals (spm.ledger_credits).  uncapped, original_amounts,
 * original_currencies and fx_rates are NULL when no credit was capped or
 * converted, else NULL in the elements of the credits that were not.
 */
PG_FUNCTION_INFO_V1(spm_ledger_agg_final);
Datum
spm_ledger_agg_final(PG_FUNCTION_ARGS)
{
	LedgerState *st = PG_ARGISNULL(0) ? NULL : spm_xstate_read(fcinfo, 0, &ledger_class);
	TupleDesc	tupdesc = spm_result_tupdesc(fcinfo);
	LedgerCredit **order;
	Datum	   *out[L_NFIELDS];
	bool	   *outnull[L_NFIELDS];
	Datum		values[L_NFIELDS];
	bool		nulls[L_NFIELDS] = {false};
	bool		any_cut = false,
				any_converted = false;
	TierSchedule *bands;
	Numeric		prior,
				commission,
				money = NULL,
				share = NULL;
	int			band_prior;
	bool		as_share;
	MemoryContext result_cxt = CurrentMemoryContext;
	MemoryContext step_cxt;
	int		   *conv_of;
	uint64		fingerprint = 0;
	int			n,
				i,
				f;

	if (st == NULL || st->ncredits == 0)
		PG_RETURN_NULL();
	n = st->ncredits;
	conv_of = conversions_by_credit(st);

	/*
	 * The state is the aggregate's: sort pointers to its credits, after
	 * checking that none is given twice (perhaps on two different days).
	 */
	order = palloc(sizeof(LedgerCredit *) * n);
	for (i = 0; i < n; i++)
		order[i] = &st->credits[i];
	check_unique_ids(order, n);
	sort_credits(order, n);

	for (f = L_CREDIT_IDS; f <= L_FX_RATES; f++)
	{
		out[f] = palloc(sizeof(Datum) * n);
		outnull[f] = palloc0(sizeof(bool) * n);
	}

	/*
	 * The running total and commission live in the result context; each
	 * step's intermediate numerics in a context reset per credit, so memory
	 * follows the line's size, not the work done on it.
	 */
	step_cxt = AllocSetContextCreate(CurrentMemoryContext, "spm.ledger_agg step",
									 ALLOCSET_SMALL_SIZES);
	/*
	 * The bands are found in a copy of the schedule whose thresholds are
	 * money (times the quota, once per line rather than at each credit's
	 * search); the commission is computed from the schedule itself.
	 */
	bands = tiers_in_money(st->schedule, st->quota);
	prior = num_zero();
	band_prior = tiers_band(bands, prior, NULL);
	commission = num_zero();

	/*
	 * With an on-target incentive (scale) on attainment, a graduated or
	 * retroactive schedule gives its share as rate x attainment: the
	 * commission of the money credited divided by the quota.  Each credit
	 * adds the difference of the running share, carried to 20 places when
	 * it does not terminate, so that the credits add up to the share of the
	 * total exactly.  A pay curve's payouts are shares already.
	 */
	as_share = st->scale && st->quota && st->schedule->mode != SPM_TIER_INTERPOLATED;
	if (as_share)
	{
		money = num_zero();
		share = num_zero();
	}
	for (i = 0; i < n; i++)
	{
		const LedgerCredit *c = order[i];
		const LedgerConversion *conv = conv_of[c - st->credits] < 0 ? NULL
			: &st->conversions[conv_of[c - st->credits]];
		Numeric		amount = DatumGetNumeric(PointerGetDatum(arena_get(st, c->amount)));
		Numeric		total,
					raw,
					paid;
		int			band_total;
		MemoryContext old;

		if ((i & 4095) == 4095)
			CHECK_FOR_INTERRUPTS();
		check_finite_numeric(amount, "amount");
		total = numeric_add_opt_error(prior, amount, NULL);
		old = MemoryContextSwitchTo(step_cxt);
		band_total = tiers_band(bands, total, NULL);
		raw = tiers_increment_bands(st->schedule, prior, band_prior, total, band_total, amount,
									st->quota);
		if (as_share)
		{
			Numeric		next_share;

			MemoryContextSwitchTo(result_cxt);
			money = numeric_add_opt_error(money, raw, NULL);
			next_share = tiers_exact_quotient(money, st->quota);
			MemoryContextSwitchTo(step_cxt);
			raw = numeric_sub_opt_error(next_share, share, NULL);
			share = next_share;
		}
		if (st->scale)
			raw = numeric_mul_opt_error(st->scale, raw, NULL);
		if (as_share)			/* a share carried to 20 places: no trailing zeros */
			raw = DatumGetNumeric(DirectFunctionCall1(numeric_trim_scale, NumericGetDatum(raw)));
		paid = (st->cap && num_cmp(raw, st->cap) > 0) ? st->cap : raw;
		MemoryContextSwitchTo(result_cxt);
		out[L_COMMISSIONS][i] = NumericGetDatum(DatumGetNumericCopy(NumericGetDatum(paid)));
		outnull[L_UNCAPPED][i] = paid == raw;
		if (paid != raw)
		{
			out[L_UNCAPPED][i] = NumericGetDatum(DatumGetNumericCopy(NumericGetDatum(raw)));
			any_cut = true;
		}
		commission = numeric_add_opt_error(commission, DatumGetNumeric(out[L_COMMISSIONS][i]),
										   NULL);
		MemoryContextSwitchTo(old);
		MemoryContextReset(step_cxt);
		prior = total;
		band_prior = band_total;

		/* what the line says of the credit, for telling a rerun what changed */
		{
			int64		key[2] = {c->id, c->day};

			fingerprint = hash_bytes_extended((const unsigned char *) key, sizeof(key), fingerprint);
		}
		fingerprint = hash_bytes_extended((const unsigned char *) amount, VARSIZE(amount), fingerprint);
		fingerprint = hash_bytes_extended((const unsigned char *) DatumGetPointer(out[L_COMMISSIONS][i]),
										  VARSIZE(DatumGetPointer(out[L_COMMISSIONS][i])), fingerprint);
		if (conv)
			fingerprint = hash_bytes_extended((const unsigned char *) arena_get(st, conv->rate),
											  VARSIZE_ANY(arena_get(st, conv->rate)), fingerprint);

		out[L_CREDIT_IDS][i] = Int64GetDatum(c->id);
		out[L_CREDITED_ON][i] = DateADTGetDatum(c->day);
		out[L_AMOUNTS][i] = NumericGetDatum(amount);
		outnull[L_ORIGINAL_AMOUNTS][i] = outnull[L_ORIGINAL_CURRENCIES][i] =
			outnull[L_FX_RATES][i] = conv == NULL;
		if (conv)
		{
			out[L_ORIGINAL_AMOUNTS][i] = PointerGetDatum(arena_get(st, conv->original_amount));
			out[L_ORIGINAL_CURRENCIES][i] = PointerGetDatum(arena_get(st, conv->currency));
			out[L_FX_RATES][i] = PointerGetDatum(arena_get(st, conv->rate));
			any_converted = true;
		}
	}
	MemoryContextDelete(step_cxt);

	values[L_CREDITED] = NumericGetDatum(prior);
	values[L_CREDITS] = Int64GetDatum(n);
	values[L_COMMISSION] = NumericGetDatum(commission);
	values[L_CREDIT_IDS] = make_array(out[L_CREDIT_IDS], NULL, n, INT8OID);
	values[L_CREDITED_ON] = make_array(out[L_CREDITED_ON], NULL, n, DATEOID);
	values[L_AMOUNTS] = make_array(out[L_AMOUNTS], NULL, n, NUMERICOID);
	values[L_COMMISSIONS] = make_array(out[L_COMMISSIONS], NULL, n, NUMERICOID);
	nulls[L_UNCAPPED] = !any_cut;
	if (any_cut)
		values[L_UNCAPPED] = make_array(out[L_UNCAPPED], outnull[L_UNCAPPED], n, NUMERICOID);
	for (f = L_ORIGINAL_AMOUNTS; f <= L_FX_RATES; f++)
	{
		nulls[f] = !any_converted;
		if (any_converted)
			values[f] = make_array(out[f], outnull[f], n,
								   f == L_ORIGINAL_CURRENCIES ? TEXTOID : NUMERICOID);
	}
	values[L_FINGERPRINT] = Int64GetDatum((int64) fingerprint);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
