/*
 * tier_schedule.c
 *	  The spm.tier_schedule type: building and validating a rate table,
 *	  its text, binary and jsonb forms, accessors, and exact evaluation.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/typeio.h"
#include "commissions/tier_schedule.h"
#include "core/commission_state.h"
#include "core/quotient.h"

/* numeric's largest display scale (NUMERIC_DSCALE_MAX, private to numeric.c) */
#define SPM_NUMERIC_MAX_SCALE 16383

/* ---- numeric helpers --------------------------------------------------- */

static inline Numeric
num_add(Numeric a, Numeric b)
{
	return numeric_add_opt_error(a, b, NULL);
}

static inline Numeric
num_sub(Numeric a, Numeric b)
{
	return numeric_sub_opt_error(a, b, NULL);
}

static inline Numeric
num_mul(Numeric a, Numeric b)
{
	return numeric_mul_opt_error(a, b, NULL);
}

static bool
num_is_special(Numeric n)
{
	return numeric_is_nan(n) || numeric_is_inf(n);
}

void
check_quota(Numeric quota)
{
	check_finite_numeric(quota, "quota");
	if (num_cmp(quota, num_zero()) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quota must be positive, not %s", num_text(quota)),
				 errhint("With a quota, thresholds and gate are fractions of it (1.0 = 100%% attainment).")));
}

/*
 * Total order of schedules (the btree operator class), consistent with
 * equality and hashing: two schedules compare equal exactly when they pay the
 * same, i.e. same mode and numerically equal bands, cap and gate (0.05 =
 * 0.050).  Order: mode (graduated, retroactive, interpolated: the order of
 * spm_tier_mode); then band by band, threshold then
 * rate, numerically; then the number of bands (a schedule that is a prefix of
 * another comes first); then the cap, then the gate, absent before present,
 * present ones numerically.  Identical bytes are a fast path.
 */
int
tiers_cmp(const TierSchedule *a, const TierSchedule *b)
{
	int			n = Min(a->nbands, b->nbands);
	int			i,
				c;

	if (a == b || (VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0))
		return 0;
	if (a->mode != b->mode)
		return a->mode < b->mode ? -1 : 1;
	for (i = 0; i < n; i++)
	{
		if ((c = num_cmp(TIERS_THRESHOLD(a, i), TIERS_THRESHOLD(b, i))) != 0 ||
			(c = num_cmp(TIERS_RATE(a, i), TIERS_RATE(b, i))) != 0)
			return c;
	}
	if (a->nbands != b->nbands)
		return a->nbands < b->nbands ? -1 : 1;
	if ((a->flags & SPM_TIERS_HAS_CAP) != (b->flags & SPM_TIERS_HAS_CAP))
		return (a->flags & SPM_TIERS_HAS_CAP) ? 1 : -1;
	if ((a->flags & SPM_TIERS_HAS_CAP) && (c = num_cmp(TIERS_CAP(a), TIERS_CAP(b))) != 0)
		return c;
	if ((a->flags & SPM_TIERS_HAS_GATE) != (b->flags & SPM_TIERS_HAS_GATE))
		return (a->flags & SPM_TIERS_HAS_GATE) ? 1 : -1;
	if ((a->flags & SPM_TIERS_HAS_GATE) && (c = num_cmp(TIERS_GATE(a), TIERS_GATE(b))) != 0)
		return c;
	return 0;
}

bool
tiers_equal(const TierSchedule *a, const TierSchedule *b)
{
	return tiers_cmp(a, b) == 0;
}

/* ---- building ----------------------------------------------------------- */

/*
 * A word of the messages in the terms of the mode: a pay curve has points
 * where the other modes have bands, and payouts where they have rates.
 */
static const char *
mode_word(const char *word, spm_tier_mode mode)
{
	if (mode != SPM_TIER_INTERPOLATED)
		return word;
	if (strcmp(word, "rate") == 0)
		return "payout";
	if (strcmp(word, "band") == 0)
		return "point";
	return word;
}

/* "threshold of band 2", "payout of point 2", "cap" */
static char *
component_name(const char *what, int band, spm_tier_mode mode)
{
	if (band < 0)
		return pstrdup(what);
	return psprintf("%s of %s %d", mode_word(what, mode), mode_word("band", mode), band + 1);
}

static bool
component_valid(Numeric n, const char *what, int band, spm_tier_mode mode, bool report)
{
	if (num_is_special(n) || num_sign(n) < 0)
	{
		if (report)
			check_non_negative_numeric(n, component_name(what, band, mode));
		return false;
	}
	return true;
}

/*
 * Whether the parts make a valid rate table.  With report, a problem is an
 * error with its own SQLSTATE (the one every way of entering a schedule
 * gives); without, the answer is false, for callers that report it in their
 * own terms (a corrupt aggregate state).
 */
static bool
tiers_valid(int nbands, Numeric *thresholds, Numeric *rates, spm_tier_mode mode,
			Numeric cap, Numeric gate, bool report)
{
	int			i;

	if (mode == SPM_TIER_INTERPOLATED && nbands < 2)
	{
		if (report)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("an interpolated schedule needs at least two points, not %d", nbands),
					 errdetail("A pay curve is linear between its points and continues the last segment's slope, so one point gives no slope."),
					 errhint("Give the curve's points from 0 @ 0 on, e.g. 'interpolated: 0 @ 0, 1.0 @ 10000, 1.5 @ 20000'.")));
		return false;
	}
	if (nbands < 1)
	{
		if (report)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a tier schedule needs at least one band"),
					 errhint("A flat rate is one band: spm.tiers('{0}', '{0.05}').")));
		return false;
	}
	if (nbands > SPM_TIERS_MAX_BANDS)
	{
		if (report)
			report_too_many_bands(nbands);
		return false;
	}
	for (i = 0; i < nbands; i++)
	{
		if (!component_valid(thresholds[i], "threshold", i, mode, report) ||
			!component_valid(rates[i], "rate", i, mode, report))
			return false;
		if (i == 0 && num_sign(thresholds[0]) != 0)
		{
			if (report)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("the first threshold must be 0, not %s", num_text(thresholds[0])),
						 errhint("Thresholds are the lower bounds of the bands, so the first band starts at 0.")));
			return false;
		}
		if (i == 0 && mode == SPM_TIER_INTERPOLATED && num_sign(rates[0]) != 0)
		{
			if (report)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("the payout at threshold 0 must be 0, not %s", num_text(rates[0])),
						 errdetail("A pay curve pays nothing on no credit, so that statement lines add up to the commission of the total."),
						 errhint("To pay only from some attainment on, add a gate; a guaranteed minimum is a draw (spm.draw).")));
			return false;
		}
		if (i > 0 && num_cmp(thresholds[i], thresholds[i - 1]) <= 0)
		{
			if (report)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("thresholds must be strictly ascending: %s follows %s",
								num_text(thresholds[i]), num_text(thresholds[i - 1]))));
			return false;
		}
	}
	return (cap == NULL || component_valid(cap, "cap", -1, mode, report)) &&
		(gate == NULL || component_valid(gate, "gate", -1, mode, report));
}

void
report_too_many_bands(int nbands)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("a tier schedule has at most %d bands, not %d",
					SPM_TIERS_MAX_BANDS, nbands)));
}

/*
 * Lay out a valid rate table.  maxbytes limits the size of a schedule that
 * is stored or entered (SPM_TIERS_MAX_BYTES); 0 means no limit, for the
 * working copies an aggregate makes (tiers_in_money).
 */
static TierSchedule *
tiers_layout(int nbands, Numeric *thresholds, Numeric *rates,
			 spm_tier_mode mode, Numeric cap, Numeric gate, Size maxbytes)
{
	int			nslots = 3 * nbands + 2;
	Numeric    *slot;
	Size		header,
				size;
	TierSchedule *s;
	int			i;

	/*
	 * The numerics in slot order, with the graduated base of each band (a
	 * pay curve has no use for it: its bases are 0).
	 */
	slot = palloc0(sizeof(Numeric) * nslots);
	for (i = 0; i < nbands; i++)
	{
		slot[i] = thresholds[i];
		slot[nbands + i] = rates[i];
		if (i == 0 || mode == SPM_TIER_INTERPOLATED)
			slot[2 * nbands] = num_zero();
		else
		{
			bool		overflow = false;
			Numeric		width = numeric_sub_opt_error(thresholds[i], thresholds[i - 1], &overflow);
			Numeric		band = overflow ? NULL
				: numeric_mul_opt_error(rates[i - 1], width, &overflow);

			slot[2 * nbands + i] = overflow ? NULL
				: numeric_add_opt_error(slot[2 * nbands + i - 1], band, &overflow);
			if (overflow)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("the commission below band %d is out of range", i + 1),
						 errdetail("The commission earned in the bands below it does not fit in a numeric.")));
		}
	}
	slot[3 * nbands] = cap;
	slot[3 * nbands + 1] = gate;

	header = INTALIGN(offsetof(TierSchedule, offset) + sizeof(uint32) * nslots);
	size = header;
	for (i = 0; i < nslots; i++)
		if (slot[i] != NULL)
			size = INTALIGN(size + VARSIZE(slot[i]));
	if (maxbytes > 0 && size > maxbytes)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("tier schedule is too large (%zu bytes, at most %zu)",
						size, maxbytes),
				 errhint("Use fewer bands or fewer digits.")));

	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->version = SPM_TIERS_VERSION;
	s->mode = (uint8) mode;
	s->flags = (cap ? SPM_TIERS_HAS_CAP : 0) | (gate ? SPM_TIERS_HAS_GATE : 0);
	s->nbands = (uint8) nbands;
	size = header;
	for (i = 0; i < nslots; i++)
	{
		s->offset[i] = (uint32) size;
		if (slot[i] != NULL)
		{
			memcpy((char *) s + size, slot[i], VARSIZE(slot[i]));
			size = INTALIGN(size + VARSIZE(slot[i]));
		}
	}
	pfree(slot);
	return s;
}

/*
 * Validate a rate table and lay it out.  Every way of entering a schedule
 * (spm.tiers, text input, binary receive, jsonb) comes through here.
 */
TierSchedule *
tiers_build(int nbands, Numeric *thresholds, Numeric *rates,
			spm_tier_mode mode, Numeric cap, Numeric gate)
{
	tiers_valid(nbands, thresholds, rates, mode, cap, gate, true);
	return tiers_layout(nbands, thresholds, rates, mode, cap, gate, SPM_TIERS_MAX_BYTES);
}

/* ---- evaluation --------------------------------------------------------- */

/* threshold i in money: as stored, or times the quota */
static inline Numeric
scaled(Numeric n, Numeric quota)
{
	return quota ? num_mul(n, quota) : n;
}

/*
 * The schedule with thresholds, bases and gate multiplied by quota, so that
 * an aggregate evaluates a quota-relative plan as a money plan, scaling once
 * per group instead of on every row.  Without a quota, the schedule itself.
 */
TierSchedule *
tiers_in_money(const TierSchedule *s, Numeric quota)
{
	Numeric		thresholds[SPM_TIERS_MAX_BANDS];
	Numeric		rates[SPM_TIERS_MAX_BANDS];
	int			i;

	if (quota == NULL)
		return (TierSchedule *) s;
	for (i = 0; i < s->nbands; i++)
	{
		thresholds[i] = num_mul(TIERS_THRESHOLD(s, i), quota);
		rates[i] = TIERS_RATE(s, i);
	}
	/*
	 * A valid schedule times a positive quota is valid; it may be larger than
	 * a stored schedule may be, which is fine for a working copy.
	 */
	return tiers_layout(s->nbands, thresholds, rates, (spm_tier_mode) s->mode,
						(s->flags & SPM_TIERS_HAS_CAP) ? TIERS_CAP(s) : NULL,
						(s->flags & SPM_TIERS_HAS_GATE) ? num_mul(TIERS_GATE(s), quota) : NULL,
						0);
}

/* The band basis falls in: the last one whose threshold is <= basis. */
int
tiers_band(const TierSchedule *s, Numeric basis, Numeric quota)
{
	int			lo = 0,
				hi = s->nbands - 1;

	/* invariant: threshold[lo] <= basis, or lo == 0 (basis below 0) */
	while (lo < hi)
	{
		int			mid = (lo + hi + 1) / 2;

		if (num_cmp(scaled(TIERS_THRESHOLD(s, mid), quota), basis) <= 0)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static bool
below_gate(const TierSchedule *s, Numeric basis, Numeric quota)
{
	return (s->flags & SPM_TIERS_HAS_GATE) &&
		num_cmp(basis, scaled(TIERS_GATE(s), quota)) < 0;
}

/*
 * n / d (d > 0), exact whenever the exact quotient is a terminating decimal
 * (then without trailing zeros), and otherwise rounded half away from zero
 * to SPM_CURVE_PLACES decimal places.  src/core/quotient.h says how many
 * places a terminating quotient can need; the division is carried to
 * S > SPM_CURVE_PLACES places at least that many, as an integer division of
 * n * 10^S by d.  A zero remainder means the quotient is exact at S places.
 * Otherwise it does not terminate, and rounding the S-place truncation to
 * fewer places is correct: the truncated part is not zero, so the exact
 * quotient is never exactly half-way.  A terminating quotient of more than
 * numeric's 16383 places is rounded like a non-terminating one.
 */
Numeric
tiers_exact_quotient(Numeric n, Numeric d)
{
	char	   *dtext = num_text(d);
	long		places;
	long		scale;
	Numeric		x,
				q,
				rem;

	if (spm_quotient_places(dtext, strlen(dtext), &places) != 0)
		elog(ERROR, "divisor \"%s\" is not a positive number", dtext);
	scale = DatumGetInt32(DirectFunctionCall1(numeric_scale, NumericGetDatum(n))) + places;
	scale = Min(Max(scale, SPM_CURVE_PLACES + 1), SPM_NUMERIC_MAX_SCALE);
	x = num_mul(n, num_power_of_ten((int) scale));
	q = DatumGetNumeric(DirectFunctionCall2(numeric_div_trunc, NumericGetDatum(x),
											NumericGetDatum(d)));
	rem = num_sub(x, num_mul(q, d));
	q = num_mul(q, num_power_of_ten((int) -scale));
	if (num_sign(rem) == 0)
		return DatumGetNumeric(DirectFunctionCall1(numeric_trim_scale, NumericGetDatum(q)));
	return num_round(q, SPM_CURVE_PLACES);
}

/*
 * A pay curve at basis: on the segment from point i to point i + 1 (the
 * first segment below 0, the last one beyond the last point),
 * v[i] + (basis - t[i]) * (v[i + 1] - v[i]) / (t[i + 1] - t[i]), the product
 * taken before the one division.
 */
static Numeric
curve_in_band(const TierSchedule *s, int band, Numeric basis, Numeric quota)
{
	int			i = Min(band, s->nbands - 2);
	Numeric		t = scaled(TIERS_THRESHOLD(s, i), quota);
	Numeric		rise = num_mul(num_sub(basis, t),
							   num_sub(TIERS_RATE(s, i + 1), TIERS_RATE(s, i)));

	if (num_sign(rise) == 0)
		return TIERS_RATE(s, i);
	return num_add(TIERS_RATE(s, i),
				   tiers_exact_quotient(rise, num_sub(scaled(TIERS_THRESHOLD(s, i + 1), quota), t)));
}

static Numeric
commission_in_band(const TierSchedule *s, int band, Numeric basis, Numeric quota)
{
	Numeric		c;

	if (s->mode == SPM_TIER_RETROACTIVE)
		c = num_mul(TIERS_RATE(s, band), basis);
	else if (s->mode == SPM_TIER_INTERPOLATED)
		c = curve_in_band(s, band, basis, quota);
	else
		c = num_add(scaled(TIERS_BASE(s, band), quota),
					num_mul(TIERS_RATE(s, band),
							num_sub(basis, scaled(TIERS_THRESHOLD(s, band), quota))));
	if ((s->flags & SPM_TIERS_HAS_CAP) && num_cmp(c, TIERS_CAP(s)) > 0)
		c = TIERS_CAP(s);
	return c;
}

Numeric
tiers_commission(const TierSchedule *s, Numeric basis, Numeric quota)
{
	if (below_gate(s, basis, quota))
		return num_zero();
	return commission_in_band(s, tiers_band(s, basis, quota), basis, quota);
}

Numeric
tiers_increment(const TierSchedule *s, Numeric prior, Numeric amount, Numeric quota)
{
	return tiers_increment_to(s, prior, num_add(prior, amount), amount, quota);
}

Numeric
tiers_increment_to(const TierSchedule *s, Numeric prior, Numeric total,
				   Numeric amount, Numeric quota)
{
	return tiers_increment_bands(s, prior, tiers_band(s, prior, quota),
								 total, tiers_band(s, total, quota), amount, quota);
}

Numeric
tiers_increment_bands(const TierSchedule *s, Numeric prior, int band_prior,
					  Numeric total, int band_total, Numeric amount, Numeric quota)
{
	/*
	 * Within one band the commission is linear in the basis (graduated and
	 * retroactive), so without a cap or gate the increment is the band's rate
	 * times amount.  A pay curve's slope is a quotient that may not
	 * terminate: its increments are differences of commissions, so that the
	 * lines of a statement add up to the commission of the total exactly.
	 */
	if (band_prior == band_total && s->mode != SPM_TIER_INTERPOLATED &&
		(s->flags & (SPM_TIERS_HAS_CAP | SPM_TIERS_HAS_GATE)) == 0)
		return num_mul(TIERS_RATE(s, band_prior), amount);

	return num_sub(below_gate(s, total, quota) ? num_zero()
				   : commission_in_band(s, band_total, total, quota),
				   below_gate(s, prior, quota) ? num_zero()
				   : commission_in_band(s, band_prior, prior, quota));
}

/* ---- text form ---------------------------------------------------------- */

/*
 * A number of the text form; what and band name it if it overflows numeric
 * ("rate 1e1000000 of band 2", "payout 1e1000000 of point 2").
 */
static Numeric
span_numeric(spm_span span, const char *what, int band, spm_tier_mode mode)
{
	char	   *str = pnstrdup(span.start, span.len);

	if (!spm_tiers_number_fits(span.start, span.len))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s%s is out of range", mode_word(what, mode), str,
						band < 0 ? ""
						: psprintf(" of %s %d", mode_word("band", mode), band + 1)),
				 errdetail("A numeric has at most 131072 digits before the decimal point and 16383 after it.")));
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(str),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_in);
Datum
spm_tier_schedule_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	spm_tiers_text parsed;
	Numeric		thresholds[SPM_TIERS_MAX_BANDS];
	Numeric		rates[SPM_TIERS_MAX_BANDS];
	char		err[160];
	int			i,
				rc;

	rc = spm_tiers_parse(text, &parsed, err, sizeof(err));
	if (rc == SPM_TIERS_TOO_MANY_BANDS)
		report_too_many_bands(parsed.nbands_given);
	if (rc != 0)
		spm_bad_text("spm.tier_schedule", text, err);

	for (i = 0; i < parsed.nbands; i++)
	{
		thresholds[i] = span_numeric(parsed.threshold[i], "threshold", i, parsed.mode);
		rates[i] = span_numeric(parsed.rate[i], "rate", i, parsed.mode);
	}
	PG_RETURN_POINTER(tiers_build(parsed.nbands, thresholds, rates, parsed.mode,
								  parsed.cap.start ? span_numeric(parsed.cap, "cap", -1, parsed.mode) : NULL,
								  parsed.gate.start ? span_numeric(parsed.gate, "gate", -1, parsed.mode) : NULL));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_out);
Datum
spm_tier_schedule_out(PG_FUNCTION_ARGS)
{
	TierSchedule *s = PG_GETARG_TIERS_P(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s:", spm_tier_mode_name(s->mode));
	for (i = 0; i < s->nbands; i++)
		appendStringInfo(&buf, "%s %s @ %s", i ? "," : "",
						 num_text(TIERS_THRESHOLD(s, i)), num_text(TIERS_RATE(s, i)));
	if (s->flags & SPM_TIERS_HAS_CAP)
		appendStringInfo(&buf, "; cap %s", num_text(TIERS_CAP(s)));
	if (s->flags & SPM_TIERS_HAS_GATE)
		appendStringInfo(&buf, "; gate %s", num_text(TIERS_GATE(s)));
	PG_RETURN_CSTRING(buf.data);
}

/* ---- binary form (src/core/commission_state.h describes it) -------------- */

/*
 * The schedule whose binary form the core reader has checked.  With report,
 * an invalid schedule is an error as for any other way of entering one;
 * without, the answer is NULL.  The size limit is the caller's business.
 */
TierSchedule *
tiers_from_wire(const spm_tiers_wire *w, bool report)
{
	Numeric		thresholds[SPM_TIERS_MAX_BANDS];
	Numeric		rates[SPM_TIERS_MAX_BANDS];
	Numeric		cap = w->cap.start ? num_from_wire(w->cap.start, w->cap.len) : NULL;
	Numeric		gate = w->gate.start ? num_from_wire(w->gate.start, w->gate.len) : NULL;
	int			i;

	for (i = 0; i < w->nbands; i++)
	{
		thresholds[i] = num_from_wire(w->threshold[i].start, w->threshold[i].len);
		rates[i] = num_from_wire(w->rate[i].start, w->rate[i].len);
	}
	if (!tiers_valid(w->nbands, thresholds, rates, (spm_tier_mode) w->mode, cap, gate, report))
		return NULL;
	return tiers_layout(w->nbands, thresholds, rates, (spm_tier_mode) w->mode, cap, gate,
						report ? SPM_TIERS_MAX_BYTES : 0);
}

void
tiers_send(StringInfo buf, const TierSchedule *s)
{
	int			i;

	pq_sendbyte(buf, SPM_TIERS_WIRE_VERSION);
	pq_sendbyte(buf, s->mode);
	pq_sendbyte(buf, s->flags);
	pq_sendbyte(buf, s->nbands);
	for (i = 0; i < s->nbands; i++)
		num_to_wire(buf, TIERS_THRESHOLD(s, i));
	for (i = 0; i < s->nbands; i++)
		num_to_wire(buf, TIERS_RATE(s, i));
	if (s->flags & SPM_TIERS_HAS_CAP)
		num_to_wire(buf, TIERS_CAP(s));
	if (s->flags & SPM_TIERS_HAS_GATE)
		num_to_wire(buf, TIERS_GATE(s));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_recv);
Datum
spm_tier_schedule_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	spm_tiers_wire w;
	char		err[160];

	if (spm_tiers_wire_parse((const unsigned char *) buf->data + buf->cursor,
							 buf->len - buf->cursor, &w, err, sizeof(err)) != 0)
		spm_bad_binary("spm.tier_schedule", err);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(tiers_from_wire(&w, true));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_send);
Datum
spm_tier_schedule_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	tiers_send(&buf, PG_GETARG_TIERS_P(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- spm.tiers(thresholds, rates, mode, cap, gate) ---------------------- */

static int
numeric_array(ArrayType *arr, const char *argname, Numeric *out)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array, not %d-dimensional",
						argname, ARR_NDIM(arr))));
	if (ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) > SPM_TIERS_MAX_BANDS)
		report_too_many_bands(ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)));
	deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain nulls (element %d is null)", argname, i + 1)));
		out[i] = DatumGetNumeric(elems[i]);
	}
	return n;
}

static spm_tier_mode
mode_from_text(const char *name, size_t len)
{
	int			mode = spm_tier_mode_parse(name, len);

	if (mode < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown tier mode \"%.*s\"", (int) len, name),
				 errhint("The mode is \"graduated\" (each band's rate on the part inside it), \"retroactive\" (the highest band's rate on everything) or \"interpolated\" (a pay curve: payouts at points, linear between).")));
	return (spm_tier_mode) mode;
}

static void
check_not_null(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", argname)));
}

/*
 * Not STRICT: a NULL cap or gate means "none", while NULL thresholds, rates
 * or mode are errors.
 */
PG_FUNCTION_INFO_V1(spm_tiers);
Datum
spm_tiers(PG_FUNCTION_ARGS)
{
	Numeric		thresholds[SPM_TIERS_MAX_BANDS];
	Numeric		rates[SPM_TIERS_MAX_BANDS];
	int			nt,
				nr;
	text	   *mode;

	check_not_null(fcinfo, 0, "thresholds");
	check_not_null(fcinfo, 1, "rates");
	check_not_null(fcinfo, 2, "mode");
	nt = numeric_array(PG_GETARG_ARRAYTYPE_P(0), "thresholds", thresholds);
	nr = numeric_array(PG_GETARG_ARRAYTYPE_P(1), "rates", rates);
	if (nt != nr)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("thresholds and rates must have the same length, not %d and %d", nt, nr),
				 errhint("Give one rate per band, and one lower threshold per band.")));
	mode = PG_GETARG_TEXT_PP(2);
	PG_RETURN_POINTER(tiers_build(nt, thresholds, rates,
								  mode_from_text(VARDATA_ANY(mode), VARSIZE_ANY_EXHDR(mode)),
								  PG_ARGISNULL(3) ? NULL : PG_GETARG_NUMERIC(3),
								  PG_ARGISNULL(4) ? NULL : PG_GETARG_NUMERIC(4)));
}

/* ---- accessors ---------------------------------------------------------- */

static Datum
slots_array(const TierSchedule *s, int first)
{
	Datum		elems[SPM_TIERS_MAX_BANDS];
	int			i;

	for (i = 0; i < s->nbands; i++)
		elems[i] = NumericGetDatum(tiers_numeric(s, first + i));
	return PointerGetDatum(construct_array(elems, s->nbands, NUMERICOID, -1,
										   false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_thresholds);
Datum
spm_tier_schedule_thresholds(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(slots_array(PG_GETARG_TIERS_P(0), 0));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_rates);
Datum
spm_tier_schedule_rates(PG_FUNCTION_ARGS)
{
	TierSchedule *s = PG_GETARG_TIERS_P(0);

	PG_RETURN_DATUM(slots_array(s, s->nbands));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_mode);
Datum
spm_tier_schedule_mode(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(spm_tier_mode_name(PG_GETARG_TIERS_P(0)->mode)));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_cap);
Datum
spm_tier_schedule_cap(PG_FUNCTION_ARGS)
{
	TierSchedule *s = PG_GETARG_TIERS_P(0);

	if (!(s->flags & SPM_TIERS_HAS_CAP))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(TIERS_CAP(s));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_gate);
Datum
spm_tier_schedule_gate(PG_FUNCTION_ARGS)
{
	TierSchedule *s = PG_GETARG_TIERS_P(0);

	if (!(s->flags & SPM_TIERS_HAS_GATE))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(TIERS_GATE(s));
}

/* ---- jsonb, both ways ---------------------------------------------------- */

static void
push_key(JsonbParseState **state, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(state, WJB_KEY, &v);
}

static void
push_numeric(JsonbParseState **state, JsonbIteratorToken token, Numeric n)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = n;
	pushJsonbValue(state, token, &v);
}

/*
 * {"mode": ..., "thresholds": [...], "rates": [...], "cap": ..., "gate": ...}
 * without cap and gate when absent.  Built directly (no jsonb_build_object,
 * which is only STABLE), so the function and the cast are truly immutable.
 */
PG_FUNCTION_INFO_V1(spm_tier_schedule_to_jsonb);
Datum
spm_tier_schedule_to_jsonb(PG_FUNCTION_ARGS)
{
	TierSchedule *s = PG_GETARG_TIERS_P(0);
	JsonbParseState *state = NULL;
	JsonbValue	mode;
	int			part,
				i;

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	push_key(&state, "mode");
	mode.type = jbvString;
	mode.val.string.val = (char *) spm_tier_mode_name(s->mode);
	mode.val.string.len = strlen(mode.val.string.val);
	pushJsonbValue(&state, WJB_VALUE, &mode);
	for (part = 0; part < 2; part++)
	{
		push_key(&state, part == 0 ? "thresholds" : "rates");
		pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
		for (i = 0; i < s->nbands; i++)
			push_numeric(&state, WJB_ELEM, tiers_numeric(s, part * s->nbands + i));
		pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	}
	if (s->flags & SPM_TIERS_HAS_CAP)
	{
		push_key(&state, "cap");
		push_numeric(&state, WJB_VALUE, TIERS_CAP(s));
	}
	if (s->flags & SPM_TIERS_HAS_GATE)
	{
		push_key(&state, "gate");
		push_numeric(&state, WJB_VALUE, TIERS_GATE(s));
	}
	PG_RETURN_JSONB_P(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, NULL)));
}

static const char *const json_keys[] = {"mode", "thresholds", "rates", "cap", "gate"};

static void
json_error(const char *msg)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", msg),
			 errhint("Write it as {\"mode\": \"graduated\", \"thresholds\": [0, 50000], \"rates\": [0.05, 0.07], \"cap\": 20000, \"gate\": 10000}; mode, cap and gate are optional.")));
}

/* the jsonb text of a value, for messages */
static char *
json_text(JsonbValue *v)
{
	if (v->type == jbvBinary)
		return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
	return JsonbToCString(NULL, &JsonbValueToJsonb(v)->root, 0);
}

static JsonbValue *
json_key(JsonbContainer *obj, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	return findJsonbValueFromContainer(obj, JB_FOBJECT, &k);
}

static Numeric
json_number(JsonbValue *v, const char *what)
{
	if (v->type != jbvNumeric)
		json_error(psprintf("%s must be a number, not %s", what, json_text(v)));
	return v->val.numeric;
}

static int
json_numbers(JsonbContainer *obj, const char *key, Numeric *out)
{
	JsonbValue *v = json_key(obj, key);
	JsonbContainer *arr;
	int			n,
				i;

	if (v == NULL)
		json_error(psprintf("a tier schedule in jsonb needs the key \"%s\"", key));
	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data) ||
		JsonContainerIsScalar(v->val.binary.data))
		json_error(psprintf("\"%s\" must be an array of numbers, not %s", key, json_text(v)));
	arr = v->val.binary.data;
	n = JsonContainerSize(arr);
	if (n > SPM_TIERS_MAX_BANDS)
		report_too_many_bands(n);
	for (i = 0; i < n; i++)
		out[i] = json_number(getIthJsonbValueFromContainer(arr, i),
							 psprintf("element %d of \"%s\"", i + 1, key));
	return n;
}

static Numeric
json_optional_number(JsonbContainer *obj, const char *key)
{
	JsonbValue *v = json_key(obj, key);

	if (v == NULL || v->type == jbvNull)
		return NULL;
	return json_number(v, psprintf("\"%s\"", key));
}

/* Every key is one of json_keys: a typo must not silently drop a cap. */
static void
json_check_keys(JsonbContainer *obj)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	v;
	JsonbIteratorToken token;

	while ((token = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		int			k;

		if (token != WJB_KEY)
			continue;
		for (k = 0; k < lengthof(json_keys); k++)
			if (v.val.string.len == strlen(json_keys[k]) &&
				memcmp(v.val.string.val, json_keys[k], v.val.string.len) == 0)
				break;
		if (k == lengthof(json_keys))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown key \"%.*s\" in a tier schedule in jsonb",
							(int) v.val.string.len, v.val.string.val),
					 errhint("The keys are \"mode\", \"thresholds\", \"rates\", \"cap\" and \"gate\".")));
	}
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_from_jsonb);
Datum
spm_tier_schedule_from_jsonb(PG_FUNCTION_ARGS)
{
	Jsonb	   *j = PG_GETARG_JSONB_P(0);
	JsonbContainer *obj = &j->root;
	Numeric		thresholds[SPM_TIERS_MAX_BANDS];
	Numeric		rates[SPM_TIERS_MAX_BANDS];
	spm_tier_mode mode = SPM_TIER_GRADUATED;
	JsonbValue *v;
	int			nt,
				nr;

	if (!JsonContainerIsObject(obj) || JsonContainerIsScalar(obj))
		json_error(psprintf("a tier schedule in jsonb must be an object, not %s",
							JsonbToCString(NULL, obj, VARSIZE(j))));
	json_check_keys(obj);
	nt = json_numbers(obj, "thresholds", thresholds);
	nr = json_numbers(obj, "rates", rates);
	if (nt != nr)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("thresholds and rates must have the same length, not %d and %d", nt, nr)));
	if ((v = json_key(obj, "mode")) != NULL)
	{
		if (v->type != jbvString)
			json_error(psprintf("\"mode\" must be a string, not %s", json_text(v)));
		mode = mode_from_text(v->val.string.val, v->val.string.len);
	}
	PG_RETURN_POINTER(tiers_build(nt, thresholds, rates, mode,
								  json_optional_number(obj, "cap"),
								  json_optional_number(obj, "gate")));
}

/* ---- comparison and hashing --------------------------------------------- */

#define TIERS_COMPARE(fn, expr) \
PG_FUNCTION_INFO_V1(fn); \
Datum \
fn(PG_FUNCTION_ARGS) \
{ \
	int			c = tiers_cmp(PG_GETARG_TIERS_P(0), PG_GETARG_TIERS_P(1)); \
\
	PG_RETURN_BOOL(expr); \
}

TIERS_COMPARE(spm_tier_schedule_eq, c == 0)
TIERS_COMPARE(spm_tier_schedule_ne, c != 0)
TIERS_COMPARE(spm_tier_schedule_lt, c < 0)
TIERS_COMPARE(spm_tier_schedule_le, c <= 0)
TIERS_COMPARE(spm_tier_schedule_gt, c > 0)
TIERS_COMPARE(spm_tier_schedule_ge, c >= 0)

PG_FUNCTION_INFO_V1(spm_tier_schedule_cmp);
Datum
spm_tier_schedule_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(tiers_cmp(PG_GETARG_TIERS_P(0), PG_GETARG_TIERS_P(1)));
}

static uint32
hash_num(Numeric n)
{
	return DatumGetUInt32(DirectFunctionCall1(hash_numeric, NumericGetDatum(n)));
}

/*
 * Agrees with tiers_cmp: equal schedules have the same mode, flags and band
 * count, and numerically equal numbers, whose hash_numeric is the same
 * whatever their scale.
 */
PG_FUNCTION_INFO_V1(spm_tier_schedule_hash);
Datum
spm_tier_schedule_hash(PG_FUNCTION_ARGS)
{
	TierSchedule *s = PG_GETARG_TIERS_P(0);
	uint32		h = hash_combine(s->mode, s->flags);
	int			i;

	for (i = 0; i < 2 * s->nbands; i++)
		h = hash_combine(h, hash_num(tiers_numeric(s, i)));
	if (s->flags & SPM_TIERS_HAS_CAP)
		h = hash_combine(h, hash_num(TIERS_CAP(s)));
	if (s->flags & SPM_TIERS_HAS_GATE)
		h = hash_combine(h, hash_num(TIERS_GATE(s)));
	PG_RETURN_UINT32(h);
}
