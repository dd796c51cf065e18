/*
 * commission.c
 *	  Commission on a basis, the increment one deal adds, and the two
 *	  aggregates: spm.commission_agg (commission of the summed amount) and
 *	  spm.deal_commission (per-row statement lines in a window).
 *
 * Both aggregates sum exact numerics, so their state cannot be fixed-size;
 * like PostgreSQL's own sum(numeric) it is "internal", with serialize and
 * deserialize functions for parallel aggregation.  commission_agg sums
 * through PostgreSQL's own numeric accumulator (numeric_avg_accum and
 * friends, called with our aggregate context), so its per-row cost is that
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
#include "common/typeio.h"
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

/* What both aggregate states start with: the plan of the group. */
typedef struct PlanOfGroup
{
	TierSchedule *schedule;		/* copy in the aggregate context */
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

/*
 * Arguments (amount, schedule [, quota]) start at argno 1.  On the first row
 * remember the plan; on later rows check that it is the same plan.
 */
static void
plan_of_row(FunctionCallInfo fcinfo, MemoryContext aggcontext, PlanOfGroup *plan)
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
		MemoryContext old;

		if (quota)
			check_quota(quota);
		old = MemoryContextSwitchTo(aggcontext);
		plan->schedule = copy_varlena(aggcontext, s);
		plan->quota = quota ? copy_varlena(aggcontext, quota) : NULL;
		plan->money = tiers_in_money(plan->schedule, plan->quota);
		MemoryContextSwitchTo(old);
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
		if (quota &&
			!(VARSIZE(quota) == VARSIZE(plan->quota) &&
			  memcmp(quota, plan->quota, VARSIZE(quota)) == 0) &&
			num_cmp(quota, plan->quota) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("quota must be the same for every row of a group"),
					 errdetail("The group has %s and %s.",
							   num_text(plan->quota), num_text(quota))));
	}
}

static void
combine_plans(PlanOfGroup *into, const PlanOfGroup *from, MemoryContext aggcontext)
{
	if (from->schedule == NULL)
		return;
	if (into->schedule == NULL)
	{
		into->schedule = copy_varlena(aggcontext, from->schedule);
		into->quota = from->quota ? copy_varlena(aggcontext, from->quota) : NULL;
		into->money = into->quota ? copy_varlena(aggcontext, from->money) : into->schedule;
		into->constant = from->constant;
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
 * The serial form of both aggregates' states is portable (network byte
 * order, a version word, numbers in numeric_send's form) and checked field by
 * field when read: src/core/commission_state.h describes it.
 */
static void
send_plan(StringInfo buf, const PlanOfGroup *plan, int kind)
{
	StringInfoData schedule;

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

/* Check the whole serial form; the numbers in it are then safe to convert. */
static void
read_state(bytea *in, int kind, const char *aggname, spm_commission_wire *w)
{
	char		err[160];

	if (spm_commission_state_parse((const unsigned char *) VARDATA_ANY(in),
								   VARSIZE_ANY_EXHDR(in), kind, w, err, sizeof(err)) != 0)
		spm_bad_serial(aggname, err);
}

static void
recv_plan(const spm_commission_wire *w, PlanOfGroup *plan, MemoryContext aggcontext,
		  const char *aggname)
{
	MemoryContext old = MemoryContextSwitchTo(aggcontext);

	plan->schedule = tiers_from_wire(&w->schedule, false);
	if (plan->schedule == NULL)
		spm_bad_serial(aggname, "The schedule is not a valid rate table.");
	plan->quota = w->quota.start ? num_from_wire(w->quota.start, w->quota.len) : NULL;
	if (plan->quota && num_sign(plan->quota) <= 0)
		spm_bad_serial(aggname, "The quota is not positive.");
	plan->money = tiers_in_money(plan->schedule, plan->quota);
	plan->constant = false;
	MemoryContextSwitchTo(old);
}

/* ---- spm.commission_agg -------------------------------------------------- */

typedef struct CommissionAggState
{
	PlanOfGroup plan;
	Datum		sum;			/* PostgreSQL's numeric sum state, internal */
} CommissionAggState;

/*
 * Not STRICT: NULL amounts are skipped, but a NULL schedule or quota is an
 * error rather than a silently skipped row.
 */
PG_FUNCTION_INFO_V1(spm_commission_agg_trans);
Datum
spm_commission_agg_trans(PG_FUNCTION_ARGS)
{
	CommissionAggState *st = PG_ARGISNULL(0) ? NULL
		: (CommissionAggState *) PG_GETARG_POINTER(0);
	MemoryContext aggcontext = NULL;

	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	/* the aggregate's memory is needed only to start a group */
	if (st == NULL)
	{
		aggcontext = spm_aggregate_context(fcinfo, "spm.commission_agg");
		st = MemoryContextAllocZero(aggcontext, sizeof(CommissionAggState));
	}
	plan_of_row(fcinfo, aggcontext, &st->plan);
	/* NaN and infinities are counted by the accumulator: see the final function */
	st->sum = spm_call_agg_support(numeric_avg_accum, fcinfo, 2, st->sum, st->sum == 0,
							   PG_GETARG_DATUM(1), false);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(spm_commission_agg_combine);
Datum
spm_commission_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = spm_aggregate_context(fcinfo, "spm.commission_agg");
	CommissionAggState *a = PG_ARGISNULL(0) ? NULL : (CommissionAggState *) PG_GETARG_POINTER(0);
	CommissionAggState *b = PG_ARGISNULL(1) ? NULL : (CommissionAggState *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = MemoryContextAllocZero(aggcontext, sizeof(CommissionAggState));
	combine_plans(&a->plan, &b->plan, aggcontext);
	/* numeric_avg_combine copies b's sum into the aggregate context */
	a->sum = spm_call_agg_support(numeric_avg_combine, fcinfo, 2, a->sum, a->sum == 0,
							  b->sum, b->sum == 0);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(spm_commission_agg_serialize);
Datum
spm_commission_agg_serialize(PG_FUNCTION_ARGS)
{
	CommissionAggState *st = (CommissionAggState *) PG_GETARG_POINTER(0);
	Datum		sum;
	StringInfoData buf;

	spm_aggregate_context(fcinfo, "spm.commission_agg");
	sum = st->sum == 0 ? (Datum) 0
		: spm_call_agg_support(numeric_sum, fcinfo, 1, st->sum, false, (Datum) 0, true);
	if (sum == 0 || st->plan.schedule == NULL)
		elog(ERROR, "spm.commission_agg state without rows");
	/* the one place a NaN amount, counted by the accumulator, can go */
	check_finite_numeric(DatumGetNumeric(sum), "amount");
	pq_begintypsend(&buf);
	send_plan(&buf, &st->plan, SPM_STATE_COMMISSION_AGG);
	num_to_wire(&buf, DatumGetNumeric(sum));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(spm_commission_agg_deserialize);
Datum
spm_commission_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = spm_aggregate_context(fcinfo, "spm.commission_agg");
	CommissionAggState *st = MemoryContextAllocZero(aggcontext, sizeof(CommissionAggState));
	spm_commission_wire w;

	read_state(PG_GETARG_BYTEA_PP(0), SPM_STATE_COMMISSION_AGG, "spm.commission_agg", &w);
	recv_plan(&w, &st->plan, aggcontext, "spm.commission_agg");
	/* a fresh accumulator holding the sum */
	st->sum = spm_call_agg_support(numeric_avg_accum, fcinfo, 2, (Datum) 0, true,
								   NumericGetDatum(num_from_wire(w.sum.start, w.sum.len)),
								   false);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(spm_commission_agg_final);
Datum
spm_commission_agg_final(PG_FUNCTION_ARGS)
{
	CommissionAggState *st = PG_ARGISNULL(0) ? NULL : (CommissionAggState *) PG_GETARG_POINTER(0);
	Datum		total;

	if (st == NULL || st->sum == 0)
		PG_RETURN_NULL();
	total = spm_call_agg_support(numeric_sum, fcinfo, 2, st->sum, false, (Datum) 0, true);
	if (total == 0)
		PG_RETURN_NULL();
	check_finite_numeric(DatumGetNumeric(total), "amount");
	PG_RETURN_NUMERIC(tiers_commission(st->plan.money, DatumGetNumeric(total), NULL));
}

/* ---- spm.deal_commission ------------------------------------------------- */

/*
 * The running total and the last amount live in buffers owned by the state
 * and reused from row to row, so the per-row path allocates nothing in the
 * aggregate's memory (only in the per-row context, which the executor resets).
 */
typedef struct NumericBuf
{
	Numeric		value;			/* NULL when SQL NULL */
	Size		capacity;
} NumericBuf;

typedef struct DealCommissionState
{
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

static DealCommissionState *
new_deal_state(MemoryContext aggcontext)
{
	DealCommissionState *st = MemoryContextAllocZero(aggcontext, sizeof(DealCommissionState));

	buf_set(aggcontext, &st->prior, num_zero());
	buf_set(aggcontext, &st->total, num_zero());
	return st;
}

/*
 * Not STRICT: a NULL amount adds nothing and its row's line is NULL, so the
 * state must still see the row; a NULL schedule or quota is an error.
 */
PG_FUNCTION_INFO_V1(spm_deal_commission_trans);
Datum
spm_deal_commission_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = spm_aggregate_context(fcinfo, "spm.deal_commission");
	DealCommissionState *st = PG_ARGISNULL(0) ? NULL
		: (DealCommissionState *) PG_GETARG_POINTER(0);
	Numeric		amount = PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1);

	if (st == NULL)
		st = new_deal_state(aggcontext);
	plan_of_row(fcinfo, aggcontext, &st->plan);
	buf_set(aggcontext, &st->prior, st->total.value);
	st->band_prior = st->band_total;
	if (amount)
	{
		check_finite_numeric(amount, "amount");
		/* computed in the per-row context, kept in the state's buffer */
		buf_set(aggcontext, &st->total,
				numeric_add_opt_error(st->total.value, amount, NULL));
		/* each running total's band is found once, when it is reached */
		st->band_total = tiers_band(st->plan.money, st->total.value, NULL);
	}
	buf_set(aggcontext, &st->last, amount);
	PG_RETURN_POINTER(st);
}

/*
 * Combining is meaningful in order only (the right side's rows come after
 * the left side's): the totals add and the right side's last row is last.
 * Window aggregation never combines; a plain aggregate gives the line of
 * whichever row the executor saw last.
 */
PG_FUNCTION_INFO_V1(spm_deal_commission_combine);
Datum
spm_deal_commission_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = spm_aggregate_context(fcinfo, "spm.deal_commission");
	DealCommissionState *a = PG_ARGISNULL(0) ? NULL : (DealCommissionState *) PG_GETARG_POINTER(0);
	DealCommissionState *b = PG_ARGISNULL(1) ? NULL : (DealCommissionState *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = new_deal_state(aggcontext);
	combine_plans(&a->plan, &b->plan, aggcontext);
	/* b's last row came after all of a's rows */
	buf_set(aggcontext, &a->prior,
			numeric_add_opt_error(a->total.value, b->prior.value, NULL));
	buf_set(aggcontext, &a->total,
			numeric_add_opt_error(a->total.value, b->total.value, NULL));
	buf_set(aggcontext, &a->last, b->last.value);
	a->band_prior = tiers_band(a->plan.money, a->prior.value, NULL);
	a->band_total = tiers_band(a->plan.money, a->total.value, NULL);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(spm_deal_commission_serialize);
Datum
spm_deal_commission_serialize(PG_FUNCTION_ARGS)
{
	DealCommissionState *st = (DealCommissionState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	spm_aggregate_context(fcinfo, "spm.deal_commission");
	if (st->plan.schedule == NULL)
		elog(ERROR, "spm.deal_commission state without rows");
	pq_begintypsend(&buf);
	send_plan(&buf, &st->plan, SPM_STATE_DEAL_COMMISSION);
	num_to_wire(&buf, st->prior.value);
	num_to_wire(&buf, st->total.value);
	pq_sendbyte(&buf, st->last.value != NULL);
	if (st->last.value)
		num_to_wire(&buf, st->last.value);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(spm_deal_commission_deserialize);
Datum
spm_deal_commission_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = spm_aggregate_context(fcinfo, "spm.deal_commission");
	DealCommissionState *st = MemoryContextAllocZero(aggcontext, sizeof(DealCommissionState));
	spm_commission_wire w;

	read_state(PG_GETARG_BYTEA_PP(0), SPM_STATE_DEAL_COMMISSION, "spm.deal_commission", &w);
	recv_plan(&w, &st->plan, aggcontext, "spm.deal_commission");
	buf_set(aggcontext, &st->prior, num_from_wire(w.prior.start, w.prior.len));
	buf_set(aggcontext, &st->total, num_from_wire(w.total.start, w.total.len));
	if (w.last.start)
		buf_set(aggcontext, &st->last, num_from_wire(w.last.start, w.last.len));
	st->band_prior = tiers_band(st->plan.money, st->prior.value, NULL);
	st->band_total = tiers_band(st->plan.money, st->total.value, NULL);
	PG_RETURN_POINTER(st);
}

static bool
same_bytes(Numeric a, Numeric b)
{
	return a != NULL && b != NULL && VARSIZE(a) == VARSIZE(b) &&
		memcmp(a, b, VARSIZE(a)) == 0;
}

/* A pay curve's line: payout(total) - payout(prior), with the memo. */
static Numeric
curve_line(FunctionCallInfo fcinfo, DealCommissionState *st)
{
	Numeric		prior_payout;
	Numeric		total_payout;
	Numeric		line;
	MemoryContext aggcontext;

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
	aggcontext = spm_aggregate_context(fcinfo, "spm.deal_commission");
	buf_set(aggcontext, &st->memo_payout, total_payout);
	buf_set(aggcontext, &st->memo_total, st->total.value);
	return line;
}

PG_FUNCTION_INFO_V1(spm_deal_commission_final);
Datum
spm_deal_commission_final(PG_FUNCTION_ARGS)
{
	DealCommissionState *st = PG_ARGISNULL(0) ? NULL : (DealCommissionState *) PG_GETARG_POINTER(0);

	if (st == NULL || st->last.value == NULL)
		PG_RETURN_NULL();
	if (st->plan.money->mode == SPM_TIER_INTERPOLATED)
		PG_RETURN_NUMERIC(curve_line(fcinfo, st));
	PG_RETURN_NUMERIC(tiers_increment_bands(st->plan.money,
											st->prior.value, st->band_prior,
											st->total.value, st->band_total,
											st->last.value, NULL));
}
