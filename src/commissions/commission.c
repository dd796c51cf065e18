/*
 * commission.c
 *	  Commission on a basis, the increment one deal adds, and the two
 *	  aggregates: spm.commission_agg (commission of the summed amount) and
 *	  spm.deal_commission (per-row statement lines in a window).
 *
 * Both aggregates sum exact numerics, so their states are variable-size
 * named types (spm.commission_agg_state, spm.deal_commission_state), kept
 * as expanded objects updated in place while the aggregate runs
 * (src/common/xstate.h).  commission_agg sums through PostgreSQL's own
 * numeric accumulator (src/common/exactsum.h), so its per-row cost is that
 * of sum(numeric) plus a schedule identity check (skipped when the plan is a
 * constant of the query).
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/aggstate.h"
#include "common/exactsum.h"
#include "common/typeio.h"
#include "common/xstate.h"
#include "commissions/tier_schedule.h"

/* ---- scalar functions ---------------------------------------------------- */

PG_FUNCTION_INFO_V1(spm_commission);
Datum
spm_commission(PG_FUNCTION_ARGS)
{
	Numeric		basis = PG_GETARG_NUMERIC(0);
	TierSchedule *s = PG_GETARG_TIERS_P(1);
	Numeric		quota = PG_NARGS() > 2 ? PG_GETARG_NUMERIC(2) : NULL;

	check_finite_numeric(basis, "basis");
	if (quota)
		check_quota(quota);
	PG_RETURN_NUMERIC(tiers_commission(s, basis, quota));
}

PG_FUNCTION_INFO_V1(spm_commission_increment);
Datum
spm_commission_increment(PG_FUNCTION_ARGS)
{
	Numeric		prior = PG_GETARG_NUMERIC(0);
	Numeric		amount = PG_GETARG_NUMERIC(1);
	TierSchedule *s = PG_GETARG_TIERS_P(2);
	Numeric		quota = PG_NARGS() > 3 ? PG_GETARG_NUMERIC(3) : NULL;

	check_finite_numeric(prior, "prior");
	check_finite_numeric(amount, "amount");
	if (quota)
		check_quota(quota);
	PG_RETURN_NUMERIC(tiers_increment(s, prior, amount, quota));
}

/* ---- shared aggregate plumbing ------------------------------------------- */

/* What both aggregate states hold first: the plan of the group. */
typedef struct PlanOfGroup
{
	TierSchedule *schedule;		/* copy in the state's context */
	Numeric		quota;			/* copy, or NULL without quota */
	TierSchedule *money;		/* schedule scaled by quota: what is evaluated */
	bool		constant;		/* schedule and quota are constants of the query */
} PlanOfGroup;

/*
 * True when the aggregate's schedule (and quota) arguments are constants,
 * so that every row of every group carries the same plan and the per-row
 * comparison can be skipped.  Window aggregates cannot tell (AggGetAggref
 * gives NULL there) and compare every row.
 */
static bool
plan_args_constant(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	ListCell   *lc;
	int			argno = 0;

	if (aggref == NULL)
		return false;
	foreach(lc, aggref->args)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);

		if (argno++ > 0 && !IsA(tle->expr, Const))
			return false;
	}
	return true;
}

static void *
copy_varlena(MemoryContext cxt, const void *v)
{
	void	   *copy = MemoryContextAlloc(cxt, VARSIZE(v));

	memcpy(copy, v, VARSIZE(v));
	return copy;
}

/* Set the plan (copies in cxt). */
static void
set_plan(PlanOfGroup *plan, MemoryContext cxt, TierSchedule *s, Numeric quota)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);

	plan->schedule = copy_varlena(cxt, s);
	plan->quota = quota ? copy_varlena(cxt, quota) : NULL;
	plan->money = tiers_in_money(plan->schedule, plan->quota);
	MemoryContextSwitchTo(old);
}

/*
 * Arguments (amount, schedule [, quota]) start at argno 1.  On the first row
 * remember the plan; on later rows check that it is the same plan.
 */
static void
plan_of_row(FunctionCallInfo fcinfo, MemoryContext cxt, PlanOfGroup *plan)
{
	TierSchedule *s;
	Numeric		quota = NULL;

	if (plan->constant)
		return;					/* checked on the group's first row */
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("schedule must not be null")));
	s = PG_GETARG_TIERS_P(2);
	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("quota must not be null")));
		quota = PG_GETARG_NUMERIC(3);
	}

	if (plan->schedule == NULL)
	{
		if (quota)
			check_quota(quota);
		set_plan(plan, cxt, s, quota);
		plan->constant = plan_args_constant(fcinfo);
	}
	else
	{
		/*
		 * The same equality as the type's = (and GROUP BY plan): schedules
		 * that pay the same are the same plan, 0.05 and 0.050 alike.  Equal
		 * bytes are its fast path.
		 */
		if (!tiers_equal(plan->schedule, s))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("schedule must be the same for every row of a group"),
					 errdetail("The group has \"%s\" and \"%s\".",
							   DatumGetCString(DirectFunctionCall1(spm_tier_schedule_out,
																   PointerGetDatum(plan->schedule))),
							   DatumGetCString(DirectFunctionCall1(spm_tier_schedule_out,
																   PointerGetDatum(s)))),
					 errhint("Group by the plan as well, e.g. GROUP BY rep, period.")));
		if ((quota != NULL) != (plan->quota != NULL) ||
			(quota &&
			 !(VARSIZE(quota) == VARSIZE(plan->quota) &&
			   memcmp(quota, plan->quota, VARSIZE(quota)) == 0) &&
			 num_cmp(quota, plan->quota) != 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("quota must be the same for every row of a group"),
					 errdetail("The group has %s and %s.",
							   plan->quota ? num_text(plan->quota) : "none",
							   quota ? num_text(quota) : "none")));
	}
}

static void
combine_plans(PlanOfGroup *into, const PlanOfGroup *from, MemoryContext cxt)
{
	if (from->schedule == NULL)
		return;
	if (into->schedule == NULL)
	{
		set_plan(into, cxt, from->schedule, from->quota);
		into->constant = false;
		return;
	}
	if (!tiers_equal(into->schedule, from->schedule) ||
		(into->quota != NULL) != (from->quota != NULL) ||
		(into->quota && num_cmp(into->quota, from->quota) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("schedule and quota must be the same for every row of a group")));
}

/*
 * The binary form of both state types is portable (network byte order, a
 * version word, numbers in numeric_send's form) and checked field by field
 * when read: src/core/commission_state.h describes it.
 */
static void
send_plan(StringInfo buf, const PlanOfGroup *plan, int kind, const char *sqlname)
{
	StringInfoData schedule;

	if (plan->schedule == NULL)
		elog(ERROR, "%s without rows", sqlname);
	pq_sendint32(buf, SPM_COMMISSION_STATE_VERSION);
	pq_sendbyte(buf, kind);
	initStringInfo(&schedule);
	tiers_send(&schedule, plan->schedule);
	pq_sendint32(buf, (uint32) schedule.len);
	pq_sendbytes(buf, schedule.data, schedule.len);
	pfree(schedule.data);
	pq_sendbyte(buf, plan->quota != NULL);
	if (plan->quota)
		num_to_wire(buf, plan->quota);
}

/* Check the whole binary form; the numbers in it are then safe to convert. */
static void
read_wire(StringInfo buf, int kind, const char *sqlname, spm_commission_wire *w)
{
	char		err[160];

	if (spm_commission_state_parse((const unsigned char *) buf->data + buf->cursor,
								   buf->len - buf->cursor, kind, w, err, sizeof(err)) != 0)
		spm_bad_binary(sqlname, err);
	buf->cursor = buf->len;
}

static void
recv_plan(const spm_commission_wire *w, PlanOfGroup *plan, MemoryContext cxt,
		  const char *sqlname)
{
	TierSchedule *s = tiers_from_wire(&w->schedule, false);
	Numeric		quota;

	if (s == NULL)
		spm_bad_binary(sqlname, "The schedule is not a valid rate table.");
	quota = w->quota.start ? num_from_wire(w->quota.start, w->quota.len) : NULL;
	if (quota && num_sign(quota) <= 0)
		spm_bad_binary(sqlname, "The quota is not positive.");
	set_plan(plan, cxt, s, quota);
}

/* The text form's plan fields: the schedule in its text form, the quota. */
static void
put_plan(StringInfo buf, const PlanOfGroup *plan)
{
	spm_xstate_put_field(buf, DatumGetCString(DirectFunctionCall1(spm_tier_schedule_out,
																  PointerGetDatum(plan->schedule))));
	appendStringInfoChar(buf, ',');
	if (plan->quota)
		spm_xstate_put_numeric(buf, plan->quota);
}

static void
read_plan_fields(const SpmXStateClass *cls, const char *text, const spm_record_field *f,
				 PlanOfGroup *plan, MemoryContext cxt)
{
	TierSchedule *s;
	Numeric		quota = NULL;

	if (f[0].text == NULL)
		spm_bad_text(cls->sqlname, text, "The schedule is missing.");
	s = (TierSchedule *) DatumGetPointer(DirectFunctionCall1(spm_tier_schedule_in,
															 CStringGetDatum(f[0].text)));
	if (f[1].text)
	{
		quota = spm_xstate_numeric_field(cls, text, &f[1], "quota");
		if (num_sign(quota) <= 0)
			spm_bad_text(cls->sqlname, text, "The quota must be positive.");
	}
	set_plan(plan, cxt, s, quota);
}

/* ---- spm.commission_agg -------------------------------------------------- */

/*
 * spm.commission_agg_state: the plan and the exact sum of the amounts.
 *
 *	 text form: (sum,schedule,quota)  e.g. (12500.00,"graduated: 0 @ 0.05",)
 *				an empty quota field: thresholds in money
 */
typedef struct CommissionAggState
{
	SpmXState	x;
	PlanOfGroup plan;
	SpmExactSum sum;
} CommissionAggState;

#define COMMISSION_AGG_STATE "spm.commission_agg_state"

/* the sum; NaN and infinities, counted by the accumulator, are errors here */
static Numeric
commission_sum(const CommissionAggState *st)
{
	Numeric		sum = spm_sum_value(&st->sum);

	check_finite_numeric(sum, "amount");
	return sum;
}

static void
commission_agg_send(void *state, StringInfo buf)
{
	CommissionAggState *st = state;

	send_plan(buf, &st->plan, SPM_STATE_COMMISSION_AGG, COMMISSION_AGG_STATE);
	num_to_wire(buf, commission_sum(st));
}

static void
commission_agg_recv(void *state, StringInfo buf)
{
	CommissionAggState *st = state;
	spm_commission_wire w;

	read_wire(buf, SPM_STATE_COMMISSION_AGG, COMMISSION_AGG_STATE, &w);
	recv_plan(&w, &st->plan, SPM_XSTATE_CONTEXT(st), COMMISSION_AGG_STATE);
	spm_sum_set(&st->sum, num_from_wire(w.sum.start, w.sum.len), SPM_XSTATE_CONTEXT(st));
}

static void
commission_agg_out(void *state, StringInfo buf)
{
	CommissionAggState *st = state;

	appendStringInfoChar(buf, '(');
	spm_xstate_put_numeric(buf, commission_sum(st));
	appendStringInfoChar(buf, ',');
	put_plan(buf, &st->plan);
	appendStringInfoChar(buf, ')');
}

static void commission_agg_in(void *state, const char *text);

static const SpmXStateClass commission_agg_class = {
	.sqlname = COMMISSION_AGG_STATE,
	.size = sizeof(CommissionAggState),
	.send = commission_agg_send,
	.recv = commission_agg_recv,
	.out = commission_agg_out,
	.in = commission_agg_in,
};

static void
commission_agg_in(void *state, const char *text)
{
	CommissionAggState *st = state;
	spm_record_field *f;

	spm_xstate_fields(&commission_agg_class, text, '(', &f, 3, 3);
	spm_sum_set(&st->sum, spm_xstate_numeric_field(&commission_agg_class, text, &f[0], "sum"),
				SPM_XSTATE_CONTEXT(st));
	read_plan_fields(&commission_agg_class, text, &f[1], &st->plan, SPM_XSTATE_CONTEXT(st));
}

SPM_XSTATE_TYPE_IO(spm_commission_agg_state, commission_agg_class)

/*
 * Not STRICT: NULL amounts are skipped, but a NULL schedule or quota is an
 * error rather than a silently skipped row.
 */
PG_FUNCTION_INFO_V1(spm_commission_agg_state_trans);
Datum
spm_commission_agg_state_trans(PG_FUNCTION_ARGS)
{
	CommissionAggState *st;

	SPM_XSTATE_KEEP_IF_NULL(1);
	st = spm_xstate_update(fcinfo, 0, &commission_agg_class);
	plan_of_row(fcinfo, SPM_XSTATE_CONTEXT(st), &st->plan);
	/* NaN and infinities are counted by the accumulator: see commission_sum */
	spm_sum_add(fcinfo, &st->sum, PG_GETARG_NUMERIC(1), SPM_XSTATE_CONTEXT(st));
	PG_RETURN_DATUM(spm_xstate_datum(st));
}

PG_FUNCTION_INFO_V1(spm_commission_agg_state_combine);
Datum
spm_commission_agg_state_combine(PG_FUNCTION_ARGS)
{
	CommissionAggState *a;
	CommissionAggState *b;

	SPM_XSTATE_KEEP_IF_NULL(1);
	b = spm_xstate_read(fcinfo, 1, &commission_agg_class);
	a = spm_xstate_update(fcinfo, 0, &commission_agg_class);
	combine_plans(&a->plan, &b->plan, SPM_XSTATE_CONTEXT(a));
	spm_sum_add(fcinfo, &a->sum, commission_sum(b), SPM_XSTATE_CONTEXT(a));
	PG_RETURN_DATUM(spm_xstate_datum(a));
}

PG_FUNCTION_INFO_V1(spm_commission_agg_state_final);
Datum
spm_commission_agg_state_final(PG_FUNCTION_ARGS)
{
	CommissionAggState *st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = spm_xstate_read(fcinfo, 0, &commission_agg_class);
	PG_RETURN_NUMERIC(tiers_commission(st->plan.money, commission_sum(st), NULL));
}

/* ---- spm.deal_commission ------------------------------------------------- */

/*
 * spm.deal_commission_state: the plan, the running total before and after
 * the last row, and the last row's amount.
 *
 *	 text form: (prior,total,last,schedule,quota)
 *				e.g. (1000,1500,500,"graduated: 0 @ 0.05",)
 *				an empty last: the last row's amount was NULL
 *
 * The numbers live in buffers owned by the state and reused from row to
 * row, so the per-row path allocates nothing in the state's memory (only in
 * the per-row context, which the executor resets).
 */
typedef struct NumericBuf
{
	Numeric		value;			/* NULL when SQL NULL */
	Size		capacity;
} NumericBuf;

typedef struct DealCommissionState
{
	SpmXState	x;
	PlanOfGroup plan;
	NumericBuf	prior;			/* running total before the last row */
	NumericBuf	total;			/* running total, including the last row */
	NumericBuf	last;			/* the last row's amount */
	int			band_prior;		/* bands of prior and total */
	int			band_total;

	/*
	 * A pay curve's line is the difference of two full evaluations: the
	 * final function remembers the last payout it computed and the total it
	 * was for, so that in a window the next row's prior (that total) costs
	 * nothing.  A cache only: the state's value does not depend on it.
	 */
	NumericBuf	memo_total;
	NumericBuf	memo_payout;
} DealCommissionState;

#define DEAL_COMMISSION_STATE "spm.deal_commission_state"

static void
buf_set(MemoryContext cxt, NumericBuf *buf, Numeric value)
{
	Size		size;

	if (value == NULL)
	{
		buf->value = NULL;
		return;
	}
	size = VARSIZE(value);
	if (size > buf->capacity)
	{
		void	   *old = buf->value;

		buf->capacity = Max(size, 32);
		buf->value = MemoryContextAlloc(cxt, buf->capacity);
		if (old)
			pfree(old);
	}
	else if (buf->value == NULL)
		buf->value = MemoryContextAlloc(cxt, buf->capacity);
	memcpy(buf->value, value, size);
}

static void
deal_init(void *state)
{
	DealCommissionState *st = state;

	buf_set(SPM_XSTATE_CONTEXT(st), &st->prior, num_zero());
	buf_set(SPM_XSTATE_CONTEXT(st), &st->total, num_zero());
}

/* after prior and total are set: their bands */
static void
deal_bands(DealCommissionState *st)
{
	st->band_prior = tiers_band(st->plan.money, st->prior.value, NULL);
	st->band_total = tiers_band(st->plan.money, st->total.value, NULL);
}

static void
deal_send(void *state, StringInfo buf)
{
	DealCommissionState *st = state;

	send_plan(buf, &st->plan, SPM_STATE_DEAL_COMMISSION, DEAL_COMMISSION_STATE);
	num_to_wire(buf, st->prior.value);
	num_to_wire(buf, st->total.value);
	pq_sendbyte(buf, st->last.value != NULL);
	if (st->last.value)
		num_to_wire(buf, st->last.value);
}

static void
deal_recv(void *state, StringInfo buf)
{
	DealCommissionState *st = state;
	MemoryContext cxt = SPM_XSTATE_CONTEXT(st);
	spm_commission_wire w;

	read_wire(buf, SPM_STATE_DEAL_COMMISSION, DEAL_COMMISSION_STATE, &w);
	recv_plan(&w, &st->plan, cxt, DEAL_COMMISSION_STATE);
	buf_set(cxt, &st->prior, num_from_wire(w.prior.start, w.prior.len));
	buf_set(cxt, &st->total, num_from_wire(w.total.start, w.total.len));
	buf_set(cxt, &st->last, w.last.start ? num_from_wire(w.last.start, w.last.len) : NULL);
	deal_bands(st);
}

static void
deal_out(void *state, StringInfo buf)
{
	DealCommissionState *st = state;

	appendStringInfoChar(buf, '(');
	spm_xstate_put_numeric(buf, st->prior.value);
	appendStringInfoChar(buf, ',');
	spm_xstate_put_numeric(buf, st->total.value);
	appendStringInfoChar(buf, ',');
	if (st->last.value)
		spm_xstate_put_numeric(buf, st->last.value);
	appendStringInfoChar(buf, ',');
	put_plan(buf, &st->plan);
	appendStringInfoChar(buf, ')');
}

static void deal_in(void *state, const char *text);

static const SpmXStateClass deal_class = {
	.sqlname = DEAL_COMMISSION_STATE,
	.size = sizeof(DealCommissionState),
	.init = deal_init,
	.send = deal_send,
	.recv = deal_recv,
	.out = deal_out,
	.in = deal_in,
};

static void
deal_in(void *state, const char *text)
{
	DealCommissionState *st = state;
	MemoryContext cxt = SPM_XSTATE_CONTEXT(st);
	spm_record_field *f;

	spm_xstate_fields(&deal_class, text, '(', &f, 5, 5);
	buf_set(cxt, &st->prior, spm_xstate_numeric_field(&deal_class, text, &f[0], "prior total"));
	buf_set(cxt, &st->total, spm_xstate_numeric_field(&deal_class, text, &f[1], "total"));
	buf_set(cxt, &st->last, f[2].text
			? spm_xstate_numeric_field(&deal_class, text, &f[2], "last amount") : NULL);
	read_plan_fields(&deal_class, text, &f[3], &st->plan, cxt);
	deal_bands(st);
}

SPM_XSTATE_TYPE_IO(spm_deal_commission_state, deal_class)

/*
 * Not STRICT: a NULL amount adds nothing and its row's line is NULL, so the
 * state must still see the row; a NULL schedule or quota is an error.
 */
PG_FUNCTION_INFO_V1(spm_deal_commission_state_trans);
Datum
spm_deal_commission_state_trans(PG_FUNCTION_ARGS)
{
	DealCommissionState *st = spm_xstate_update(fcinfo, 0, &deal_class);
	MemoryContext cxt = SPM_XSTATE_CONTEXT(st);
	Numeric		amount = PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1);

	plan_of_row(fcinfo, cxt, &st->plan);
	buf_set(cxt, &st->prior, st->total.value);
	st->band_prior = st->band_total;
	if (amount)
	{
		check_finite_numeric(amount, "amount");
		/* computed in the per-row context, kept in the state's buffer */
		buf_set(cxt, &st->total, numeric_add_opt_error(st->total.value, amount, NULL));
		/* each running total's band is found once, when it is reached */
		st->band_total = tiers_band(st->plan.money, st->total.value, NULL);
	}
	buf_set(cxt, &st->last, amount);
	PG_RETURN_DATUM(spm_xstate_datum(st));
}

/*
 * Combining is meaningful in order only (the right side's rows come after
 * the left side's): the totals add and the right side's last row is last.
 * Window aggregation never combines; a plain aggregate gives the line of
 * whichever row the executor saw last.
 */
PG_FUNCTION_INFO_V1(spm_deal_commission_state_combine);
Datum
spm_deal_commission_state_combine(PG_FUNCTION_ARGS)
{
	DealCommissionState *a;
	DealCommissionState *b;
	MemoryContext cxt;

	SPM_XSTATE_KEEP_IF_NULL(1);
	b = spm_xstate_read(fcinfo, 1, &deal_class);
	a = spm_xstate_update(fcinfo, 0, &deal_class);
	cxt = SPM_XSTATE_CONTEXT(a);
	combine_plans(&a->plan, &b->plan, cxt);
	/* b's last row came after all of a's rows */
	buf_set(cxt, &a->prior, numeric_add_opt_error(a->total.value, b->prior.value, NULL));
	buf_set(cxt, &a->total, numeric_add_opt_error(a->total.value, b->total.value, NULL));
	buf_set(cxt, &a->last, b->last.value);
	deal_bands(a);
	PG_RETURN_DATUM(spm_xstate_datum(a));
}

static bool
same_bytes(Numeric a, Numeric b)
{
	return a != NULL && b != NULL && VARSIZE(a) == VARSIZE(b) &&
		memcmp(a, b, VARSIZE(a)) == 0;
}

/* A pay curve's line: payout(total) - payout(prior), with the memo. */
static Numeric
curve_line(DealCommissionState *st)
{
	Numeric		prior_payout;
	Numeric		total_payout;
	Numeric		line;
	MemoryContext cxt = SPM_XSTATE_CONTEXT(st);

	if (same_bytes(st->memo_total.value, st->prior.value))
		prior_payout = st->memo_payout.value;
	else
		prior_payout = tiers_commission(st->plan.money, st->prior.value, NULL);
	/* the same row again (a peer in the frame): the memo holds its payout */
	if (same_bytes(st->memo_total.value, st->total.value))
		return numeric_sub_opt_error(st->memo_payout.value, prior_payout, NULL);

	total_payout = tiers_commission(st->plan.money, st->total.value, NULL);
	/* the line first: the memo's buffers are about to be reused */
	line = numeric_sub_opt_error(total_payout, prior_payout, NULL);
	buf_set(cxt, &st->memo_payout, total_payout);
	buf_set(cxt, &st->memo_total, st->total.value);
	return line;
}

PG_FUNCTION_INFO_V1(spm_deal_commission_state_final);
Datum
spm_deal_commission_state_final(PG_FUNCTION_ARGS)
{
	DealCommissionState *st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = spm_xstate_read(fcinfo, 0, &deal_class);
	if (st->last.value == NULL)
		PG_RETURN_NULL();
	if (st->plan.money->mode == SPM_TIER_INTERPOLATED)
		PG_RETURN_NUMERIC(curve_line(st));
	PG_RETURN_NUMERIC(tiers_increment_bands(st->plan.money,
											st->prior.value, st->band_prior,
											st->total.value, st->band_total,
											st->last.value, NULL));
}
