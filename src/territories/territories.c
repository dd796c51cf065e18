/*
 * territories.c
 *	  SQL-callable territory functions (declared in territories.sql): the
 *	  spm.gini aggregate and spm.balance.
 *
 * spm.gini needs every value (it sorts them), so its state, spm.gini_state,
 * is a variable-size type (src/common/xstate.h): a growing float8 array,
 * 8 bytes per non-NULL input (up to twice that while the array doubles, and
 * another 8 per value for the sorted copy the final function makes).
 *
 * The optimiser behind spm.balance is src/core/balance.c.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "port/pg_bswap.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "compat.h"
#include "common/aggstate.h"
#include "common/args.h"
#include "common/cancel.h"
#include "common/typeio.h"
#include "common/xstate.h"
#include "core/balance.h"
#include "core/gini.h"
#include "core/statetext.h"

/* ---- spm.gini ------------------------------------------------------------ */

#define GINI_STATE_VERSION 1
#define GINI_STATE "spm.gini_state"
#define GINI_MAX_VALUES ((int64) (MaxAllocHugeSize / sizeof(double)))

typedef struct GiniState
{
	SpmXState	x;
	int64		count;
	int64		capacity;
	bool		sorted;			/* values[] is in ascending order */
	double	   *values;
} GiniState;

static void
gini_reserve(GiniState *s, int64 extra)
{
	int64		need;
	bool		overflow = pg_add_s64_overflow(s->count, extra, &need);

	if (overflow || need > GINI_MAX_VALUES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a group of spm.gini has at most %lld values, not %s",
						(long long) GINI_MAX_VALUES,
						overflow ? "more" : psprintf("%lld", (long long) need))));
	if (need > s->capacity)
	{
		int64		cap = Max(s->capacity, 16);

		while (cap < need)
			cap = Min(cap * 2, GINI_MAX_VALUES);
		s->values = s->values
			? repalloc_huge(s->values, sizeof(double) * cap)
			: MemoryContextAllocHuge(SPM_XSTATE_CONTEXT(s), sizeof(double) * cap);
		s->capacity = cap;
	}
}

static void
gini_init(void *state)
{
	GiniState  *s = state;

	s->sorted = true;
}

static void
check_load(double x)
{
	spm_check_finite(x, "spm.gini value");
	if (x < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("spm.gini value must not be negative, not %s", spm_float8_text(x)),
				 errdetail("The Gini coefficient measures how unevenly a non-negative load is shared.")));
}

/*
 * Sort a group's values, answering a cancel: a group can hold a hundred
 * million values, seconds of sorting.
 */
static void
sort_values(double *x, int64 n)
{
	while (spm_gini_sort_interruptible(x, (size_t) n, spm_cancel_pending) != 0)
		CHECK_FOR_INTERRUPTS();
}

static void
gini_sort(GiniState *s)
{
	if (!s->sorted)
	{
		sort_values(s->values, s->count);
		s->sorted = true;
	}
}

/*
 * The binary form: u32 version (1), u32 flags (0), i64 count, then the
 * values in ascending order, each a float8 in network byte order.  A state
 * is sorted when it is sent, in the parallel worker that built it, so that
 * the leader only merges sorted runs (linear) instead of sorting everything
 * at the end.
 */
static void
gini_send(void *state, StringInfo buf)
{
	GiniState  *s = state;
	char	   *p;

	gini_sort(s);
	pq_sendint32(buf, GINI_STATE_VERSION);
	pq_sendint32(buf, 0);
	pq_sendint64(buf, (uint64) s->count);
	/* the values in network byte order, written in one pass */
	enlargeStringInfo(buf, (int) (sizeof(double) * s->count));
	p = buf->data + buf->len;
	for (int64 i = 0; i < s->count; i++)
	{
		uint64		u;

		memcpy(&u, &s->values[i], sizeof(u));
		u = pg_hton64(u);
		memcpy(p, &u, sizeof(u));
		p += sizeof(u);
	}
	buf->len += (int) (sizeof(double) * s->count);
	buf->data[buf->len] = '\0';
}

static void
gini_bad_binary(const char *detail)
{
	spm_bad_binary(GINI_STATE, detail);
}

static void
gini_recv(void *state, StringInfo buf)
{
	GiniState  *s = state;
	int64		count;
	int			left = buf->len - buf->cursor;
	const char *p;

	if (left < 16)
		gini_bad_binary("The value is shorter than its header.");
	if (pq_getmsgint(buf, 4) != GINI_STATE_VERSION)
		gini_bad_binary("Unsupported state format version.");
	if (pq_getmsgint(buf, 4) != 0)
		gini_bad_binary("Unknown state flags.");
	count = (int64) pq_getmsgint64(buf);
	/* the length must be exactly the header and count values */
	if (count < 0 || count > (left - 16) / 8 || (int64) left - 16 != count * 8)
		gini_bad_binary(psprintf("The value claims %lld values but holds %d bytes of them.",
								 (long long) count, left - 16));
	gini_reserve(s, count);
	p = buf->data + buf->cursor;
	for (int64 i = 0; i < count; i++)
	{
		uint64		u;
		double		x;

		memcpy(&u, p, sizeof(u));
		p += sizeof(u);
		u = pg_ntoh64(u);
		memcpy(&x, &u, sizeof(x));
		if (isnan(x) || isinf(x) || x < 0)
			gini_bad_binary("Values must be finite and not negative.");
		if (i > 0 && x < s->values[i - 1])
			s->sorted = false;
		s->values[i] = x;
	}
	s->count = count;
	buf->cursor += (int) (count * 8);
}

/* The text form: the values in ascending order, "{0.5,1,2.25}". */
static void
gini_out(void *state, StringInfo buf)
{
	GiniState  *s = state;
	double	   *v = s->values;
	char		num[32];

	if (!s->sorted)
	{
		/* a copy: an output function must not change its argument */
		v = palloc_extended(sizeof(double) * Max(s->count, 1), MCXT_ALLOC_HUGE);
		memcpy(v, s->values, sizeof(double) * s->count);
		sort_values(v, s->count);
	}
	appendStringInfoChar(buf, '{');
	for (int64 i = 0; i < s->count; i++)
	{
		if (i > 0)
			appendStringInfoChar(buf, ',');
		spm_format_double(num, sizeof(num), v[i]);
		appendStringInfoString(buf, num);
	}
	appendStringInfoChar(buf, '}');
}

static void gini_in(void *state, const char *text);

static const SpmXStateClass gini_class = {
	.sqlname = GINI_STATE,
	.size = sizeof(GiniState),
	.init = gini_init,
	.send = gini_send,
	.recv = gini_recv,
	.out = gini_out,
	.in = gini_in,
};

static void
gini_in(void *state, const char *text)
{
	GiniState  *s = state;
	spm_record_field *f;
	int			n = spm_xstate_fields(&gini_class, text, '{', &f, 0, -1);

	gini_reserve(s, n);
	for (int i = 0; i < n; i++)
	{
		double		x;

		if (f[i].text == NULL || f[i].nested)
			spm_bad_text(GINI_STATE, text, psprintf("Value %d is missing.", i + 1));
		x = DatumGetFloat8(DirectFunctionCall1(float8in, CStringGetDatum(f[i].text)));
		if (isnan(x) || isinf(x) || x < 0)
			spm_bad_text(GINI_STATE, text, "Values must be finite and not negative.");
		if (i > 0 && x < s->values[i - 1])
			s->sorted = false;
		s->values[s->count++] = x;
	}
}

SPM_XSTATE_TYPE_IO(spm_gini_state, gini_class)

/*
 * Transition: deliberately not STRICT, because the state starts NULL (it is
 * created on the first non-NULL value) and NULLs are skipped.
 */
PG_FUNCTION_INFO_V1(spm_gini_state_trans);
Datum
spm_gini_state_trans(PG_FUNCTION_ARGS)
{
	GiniState  *s;
	double		x;

	SPM_XSTATE_KEEP_IF_NULL(1);
	x = PG_GETARG_FLOAT8(1);
	check_load(x);
	s = spm_xstate_update(fcinfo, 0, &gini_class);
	if (s->count == s->capacity)
		gini_reserve(s, 1);
	if (s->sorted && s->count > 0 && x < s->values[s->count - 1])
		s->sorted = false;
	s->values[s->count++] = x;
	PG_RETURN_DATUM(spm_xstate_datum(s));
}

/* Combine: not STRICT, so that either side may be an empty (NULL) state. */
PG_FUNCTION_INFO_V1(spm_gini_state_combine);
Datum
spm_gini_state_combine(PG_FUNCTION_ARGS)
{
	GiniState  *a;
	GiniState  *b;

	SPM_XSTATE_KEEP_IF_NULL(1);
	b = spm_xstate_read(fcinfo, 1, &gini_class);
	a = spm_xstate_update(fcinfo, 0, &gini_class);
	if (b->count == 0)
		PG_RETURN_DATUM(spm_xstate_datum(a));
	if (a->count > 0 && a->sorted && b->sorted)
	{
		/*
		 * Partial states arrive sorted (see gini_send): merge them, so the
		 * final function need not sort.
		 */
		int64		n;
		double	   *merged;

		if (pg_add_s64_overflow(a->count, b->count, &n) || n > GINI_MAX_VALUES)
			gini_reserve(a, b->count);	/* reports the limit */
		merged = MemoryContextAllocHuge(SPM_XSTATE_CONTEXT(a), sizeof(double) * n);
		spm_gini_merge(a->values, a->count, b->values, b->count, merged);
		pfree(a->values);
		a->values = merged;
		a->count = a->capacity = n;
	}
	else
	{
		gini_reserve(a, b->count);
		memcpy(a->values + a->count, b->values, sizeof(double) * b->count);
		a->sorted = (a->count == 0) ? b->sorted : false;
		a->count += b->count;
	}
	PG_RETURN_DATUM(spm_xstate_datum(a));
}

/*
 * Final: uses the values directly when they are known to be sorted (always
 * so after a parallel plan's merges), otherwise sorts a copy, so that the
 * state stays as it was
 * (FINALFUNC_MODIFY = READ_ONLY, which lets spm.gini run as a window
 * function); the copy costs another 8 bytes per value while it runs.
 */
PG_FUNCTION_INFO_V1(spm_gini_state_final);
Datum
spm_gini_state_final(PG_FUNCTION_ARGS)
{
	GiniState  *s = spm_xstate_read(fcinfo, 0, &gini_class);
	double	   *copy;
	double		g;

	if (s->count == 0)
		PG_RETURN_NULL();
	if (s->sorted)
		PG_RETURN_FLOAT8(spm_gini_sorted(s->values, (size_t) s->count));
	copy = palloc_extended(sizeof(double) * s->count, MCXT_ALLOC_HUGE);
	memcpy(copy, s->values, sizeof(double) * s->count);
	sort_values(copy, s->count);
	g = spm_gini_sorted(copy, (size_t) s->count);
	pfree(copy);
	PG_RETURN_FLOAT8(g);
}

/* ---- spm.balance ----------------------------------------------------------- */

typedef struct IdPos
{
	int64		id;
	int			pos;
} IdPos;

/*
 * Ids in order, then positions.  The sort (PostgreSQL's in-place qsort,
 * which allocates nothing) may be long for a long array, so it answers a
 * cancel from here, as spm.split's does.
 */
static int
cmp_idpos(const void *a, const void *b)
{
	const IdPos *x = a;
	const IdPos *y = b;

	CHECK_FOR_INTERRUPTS();
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->pos - y->pos;
}

/*
 * spm.balance and spm.balance_greedy: validate the arrays, run the
 * optimiser (or only its greedy start), return one row per item.
 */
static Datum
balance_srf(FunctionCallInfo fcinfo, bool greedy_only)
{
	ArrayType  *ids_a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *w_a = PG_GETARG_ARRAYTYPE_P(1);
	int32		k = PG_GETARG_INT32(2);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum	   *id_d,
			   *w_d;
	bool	   *id_null,
			   *w_null;
	int			n,
				nw;
	double	   *w;
	int32	   *assign;
	int32	   *renumber;
	double	   *load;
	IdPos	   *sorted;
	int			k_eff;
	int			next_territory = 0;
	int			rc;

	spm_check_one_dimensional(ids_a, "ids");
	spm_check_one_dimensional(w_a, "weights");
	if (k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be at least 1, not %d", k),
				 errdetail("k is the number of territories to fill.")));
	deconstruct_array(ids_a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &id_d, &id_null, &n);
	deconstruct_array(w_a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &w_d, &w_null, &nw);
	if (n != nw)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ids and weights must have the same length, not %d and %d", n, nw),
				 errhint("Build both arrays in one query, for example array_agg(id ORDER BY id) and array_agg(weight ORDER BY id).")));

	w = palloc(sizeof(double) * (n + 1));
	sorted = palloc(sizeof(IdPos) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		if (id_null[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("ids must not contain nulls (element %d is null)", i + 1)));
		if (w_null[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("weights must not contain nulls (element %d is null)", i + 1)));
		w[i] = DatumGetFloat8(w_d[i]);
		if (unlikely(!isfinite(w[i])))
			spm_check_finite_slow(w[i], spm_element_name("weights", i + 1));
		if (w[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights[%d] must not be negative, not %s", i + 1,
							spm_float8_text(w[i]))));
		sorted[i].id = DatumGetInt64(id_d[i]);
		sorted[i].pos = i;
	}
	/* loads are sums of weights: they must stay finite */
	{
		double		total = 0.0;

		for (int i = 0; i < n; i++)
			total += w[i];
		if (isinf(total))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the total of the weights is out of range for type double precision"),
					 errhint("Scale the weights down, for example to thousands.")));
	}
	/* every item once: reject duplicate ids */
	qsort(sorted, n, sizeof(IdPos), cmp_idpos);
	for (int i = 1; i < n; i++)
		if (sorted[i].id == sorted[i - 1].id)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("ids must be unique, but %lld appears at positions %d and %d",
							(long long) sorted[i].id, sorted[i - 1].pos + 1, sorted[i].pos + 1)));
	pfree(sorted);

	/* territories beyond the number of items would stay empty */
	k_eff = Min(k, Max(n, 1));
	assign = palloc(sizeof(int32) * (n + 1));
	rc = greedy_only ? spm_balance_lpt(w, (size_t) n, k_eff, assign)
		: spm_balance_interruptible(w, (size_t) n, k_eff, assign, NULL, spm_cancel_pending);
	if (rc == -2)
	{
		/*
		 * The optimiser stopped for a pending cancel and freed its memory.
		 * Should the interrupt not be processed here after all, finish the
		 * (bounded) search without polling.
		 */
		CHECK_FOR_INTERRUPTS();
		rc = spm_balance(w, (size_t) n, k_eff, assign, NULL);
	}
	if (rc != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("spm.balance could not allocate its work space for %d items.", n)));

	/*
	 * Number territories 1, 2, ... in the order their first item appears in
	 * the input, so the same input always reads the same way.
	 */
	renumber = palloc(sizeof(int32) * k_eff);
	load = palloc0(sizeof(double) * k_eff);
	for (int t = 0; t < k_eff; t++)
		renumber[t] = 0;
	for (int i = 0; i < n; i++)
	{
		if (renumber[assign[i]] == 0)
			renumber[assign[i]] = ++next_territory;
		load[assign[i]] += w[i];
	}

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = id_d[i];
		values[1] = Int32GetDatum(renumber[assign[i]]);
		values[2] = Float8GetDatum(load[assign[i]]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(spm_balance_srf);
Datum
spm_balance_srf(PG_FUNCTION_ARGS)
{
	return balance_srf(fcinfo, false);
}

PG_FUNCTION_INFO_V1(spm_balance_greedy_srf);
Datum
spm_balance_greedy_srf(PG_FUNCTION_ARGS)
{
	return balance_srf(fcinfo, true);
}
