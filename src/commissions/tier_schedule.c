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
#include "commissions/tier_schedule.h"

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

bool
tiers_equal(const TierSchedule *a, const TierSchedule *b)
{
	return a == b ||
		(VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0);
}

/* ---- building ----------------------------------------------------------- */

static void
check_component(Numeric n, const char *what, int band)
{
	char		where[32] = "";

	if (band >= 0)
		snprintf(where, sizeof(where), " of band %d", band + 1);
	if (num_is_special(n))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s%s must be a finite number, not %s", what, where, num_text(n))));
	if (num_cmp(n, num_zero()) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s%s must not be negative, not %s", what, where, num_text(n))));
}

/*
 * Validate a rate table and lay it out.  Every way of making a schedule
 * (spm.tiers, text input, binary receive, jsonb) comes through here.
 */
TierSchedule *
tiers_build(int nbands, Numeric *thresholds, Numeric *rates,
			spm_tier_mode mode, Numeric cap, Numeric gate)
{
	int			nslots = 3 * nbands + 2;
	Numeric    *slot;
	Size		header,
				size;
	TierSchedule *s;
	int			i;

	if (nbands < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a tier schedule needs at least one band"),
				 errhint("A flat rate is one band: spm.tiers('{0}', '{0.05}').")));
	if (nbands > SPM_TIERS_MAX_BANDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a tier schedule has at most %d bands, not %d",
						SPM_TIERS_MAX_BANDS, nbands)));

	for (i = 0; i < nbands; i++)
	{
		check_component(thresholds[i], "threshold", i);
		check_component(rates[i], "rate", i);
		if (i == 0 && num_cmp(thresholds[0], num_zero()) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the first threshold must be 0, not %s", num_text(thresholds[0])),
					 errhint("Thresholds are the lower bounds of the bands, so the first band starts at 0.")));
		if (i > 0 && num_cmp(thresholds[i], thresholds[i - 1]) <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("thresholds must be strictly ascending: %s follows %s",
							num_text(thresholds[i]), num_text(thresholds[i - 1]))));
	}
	if (cap != NULL)
		check_component(cap, "cap", -1);
	if (gate != NULL)
		check_component(gate, "gate", -1);

	/* the numerics in slot order, with the graduated base of each band */
	slot = palloc0(sizeof(Numeric) * nslots);
	for (i = 0; i < nbands; i++)
	{
		slot[i] = thresholds[i];
		slot[nbands + i] = rates[i];
		slot[2 * nbands + i] = i == 0 ? num_zero()
			: num_add(slot[2 * nbands + i - 1],
					  num_mul(rates[i - 1], num_sub(thresholds[i], thresholds[i - 1])));
	}
	slot[3 * nbands] = cap;
	slot[3 * nbands + 1] = gate;

	header = INTALIGN(offsetof(TierSchedule, offset) + sizeof(uint32) * nslots);
	size = header;
	for (i = 0; i < nslots; i++)
		if (slot[i] != NULL)
			size = INTALIGN(size + VARSIZE(slot[i]));
	if (size > SPM_TIERS_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("tier schedule is too large (%zu bytes, at most %d)",
						size, SPM_TIERS_MAX_BYTES),
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
	return tiers_build(s->nbands, thresholds, rates, (spm_tier_mode) s->mode,
					   (s->flags & SPM_TIERS_HAS_CAP) ? TIERS_CAP(s) : NULL,
					   (s->flags & SPM_TIERS_HAS_GATE) ? num_mul(TIERS_GATE(s), quota) : NULL);
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

static Numeric
commission_in_band(const TierSchedule *s, int band, Numeric basis, Numeric quota)
{
	Numeric		c;

	if (s->mode == SPM_TIER_RETROACTIVE)
		c = num_mul(TIERS_RATE(s, band), basis);
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
	 * Within one band the commission is linear in the basis (both modes), so
	 * without a cap or gate the increment is the band's rate times amount.
	 */
	if (band_prior == band_total &&
		(s->flags & (SPM_TIERS_HAS_CAP | SPM_TIERS_HAS_GATE)) == 0)
		return num_mul(TIERS_RATE(s, band_prior), amount);

	return num_sub(below_gate(s, total, quota) ? num_zero()
				   : commission_in_band(s, band_total, total, quota),
				   below_gate(s, prior, quota) ? num_zero()
				   : commission_in_band(s, band_prior, prior, quota));
}

/* ---- text form ---------------------------------------------------------- */

static Numeric
span_numeric(spm_span span)
{
	char	   *str = pnstrdup(span.start, span.len);

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
	int			i;

	if (spm_tiers_parse(text, &parsed, err, sizeof(err)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"spm.tier_schedule", text),
				 errdetail("%s", err),
				 errhint("Write it as \"graduated: 0 @ 0.05, 50000 @ 0.07; cap 20000; gate 10000\".")));

	for (i = 0; i < parsed.nbands; i++)
	{
		thresholds[i] = span_numeric(parsed.threshold[i]);
		rates[i] = span_numeric(parsed.rate[i]);
	}
	PG_RETURN_POINTER(tiers_build(parsed.nbands, thresholds, rates, parsed.mode,
								  parsed.cap.start ? span_numeric(parsed.cap) : NULL,
								  parsed.gate.start ? span_numeric(parsed.gate) : NULL));
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

/* ---- binary form: uint8 version, mode, flags, nbands; then numerics ---- */

static Numeric
recv_numeric(StringInfo buf)
{
	int			len = pq_getmsgint(buf, 4);
	StringInfoData part;

	if (len < 0 || len > buf->len - buf->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external value for type %s", "spm.tier_schedule"),
				 errdetail("A number's length %d is out of range.", len)));
	part.data = &buf->data[buf->cursor];
	part.len = len;
	part.maxlen = len;
	part.cursor = 0;
	buf->cursor += len;
	return DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&part),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

static void
send_numeric(StringInfo buf, Numeric n)
{
	bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(n)));

	pq_sendint32(buf, VARSIZE_ANY_EXHDR(b));
	pq_sendbytes(buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_recv);
Datum
spm_tier_schedule_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			mode = pq_getmsgbyte(buf);
	int			flags = pq_getmsgbyte(buf);
	int			nbands = pq_getmsgbyte(buf);
	Numeric		thresholds[SPM_TIERS_MAX_BANDS];
	Numeric		rates[SPM_TIERS_MAX_BANDS];
	Numeric		cap = NULL,
				gate = NULL;
	int			i;

	if (version != SPM_TIERS_VERSION ||
		(mode != SPM_TIER_GRADUATED && mode != SPM_TIER_RETROACTIVE) ||
		(flags & ~(SPM_TIERS_HAS_CAP | SPM_TIERS_HAS_GATE)) != 0 ||
		nbands < 1 || nbands > SPM_TIERS_MAX_BANDS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external value for type %s", "spm.tier_schedule"),
				 errdetail("Header version %d, mode %d, flags %d, bands %d is not valid.",
						   version, mode, flags, nbands)));
	for (i = 0; i < nbands; i++)
		thresholds[i] = recv_numeric(buf);
	for (i = 0; i < nbands; i++)
		rates[i] = recv_numeric(buf);
	if (flags & SPM_TIERS_HAS_CAP)
		cap = recv_numeric(buf);
	if (flags & SPM_TIERS_HAS_GATE)
		gate = recv_numeric(buf);
	PG_RETURN_POINTER(tiers_build(nbands, thresholds, rates, (spm_tier_mode) mode, cap, gate));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_send);
Datum
spm_tier_schedule_send(PG_FUNCTION_ARGS)
{
	TierSchedule *s = PG_GETARG_TIERS_P(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->mode);
	pq_sendbyte(&buf, s->flags);
	pq_sendbyte(&buf, s->nbands);
	for (i = 0; i < s->nbands; i++)
		send_numeric(&buf, TIERS_THRESHOLD(s, i));
	for (i = 0; i < s->nbands; i++)
		send_numeric(&buf, TIERS_RATE(s, i));
	if (s->flags & SPM_TIERS_HAS_CAP)
		send_numeric(&buf, TIERS_CAP(s));
	if (s->flags & SPM_TIERS_HAS_GATE)
		send_numeric(&buf, TIERS_GATE(s));
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
				 errmsg("%s must be a one-dimensional array", argname)));
	if (ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) > SPM_TIERS_MAX_BANDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a tier schedule has at most %d bands, not %d", SPM_TIERS_MAX_BANDS,
						ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)))));
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
				 errhint("The mode is \"graduated\" (each band's rate on the part inside it) or \"retroactive\" (the highest band's rate on everything).")));
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

/* ---- jsonb -> tier_schedule --------------------------------------------- */

static void
json_error(const char *msg, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid tier schedule in jsonb: %s", msg),
			 detail ? errdetail("%s", detail) : 0,
			 errhint("Expected {\"mode\": \"graduated\", \"thresholds\": [0, 50000], \"rates\": [0.05, 0.07], \"cap\": 20000, \"gate\": 10000}; mode, cap and gate are optional.")));
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
		json_error(psprintf("%s must be a number", what), NULL);
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
		json_error(psprintf("\"%s\" is missing", key), NULL);
	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data) ||
		JsonContainerIsScalar(v->val.binary.data))
		json_error(psprintf("\"%s\" must be an array of numbers", key), NULL);
	arr = v->val.binary.data;
	n = JsonContainerSize(arr);
	if (n > SPM_TIERS_MAX_BANDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a tier schedule has at most %d bands, not %d", SPM_TIERS_MAX_BANDS, n)));
	for (i = 0; i < n; i++)
		out[i] = json_number(getIthJsonbValueFromContainer(arr, i),
							 psprintf("element %d of \"%s\"", i + 1, key));
	return n;
}

static Numeric
json_optional_number(JsonbContainer *obj, const char *key, int *found)
{
	JsonbValue *v = json_key(obj, key);

	if (v == NULL)
		return NULL;
	(*found)++;
	if (v->type == jbvNull)
		return NULL;
	return json_number(v, psprintf("\"%s\"", key));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_from_jsonb);
Datum
spm_tier_schedule_from_jsonb(PG_FUNCTION_ARGS)
{
	Jsonb	   *j = PG_GETARG_JSONB_P(0);
	JsonbContainer *obj = &j->root;
	Numeric		thresholds[SPM_TIERS_MAX_BANDS];
	Numeric		rates[SPM_TIERS_MAX_BANDS];
	Numeric		cap,
				gate;
	spm_tier_mode mode = SPM_TIER_GRADUATED;
	JsonbValue *v;
	int			found = 2,
				nt,
				nr;

	if (!JsonContainerIsObject(obj) || JsonContainerIsScalar(obj))
		json_error("not an object", NULL);
	nt = json_numbers(obj, "thresholds", thresholds);
	nr = json_numbers(obj, "rates", rates);
	if (nt != nr)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("thresholds and rates must have the same length, not %d and %d", nt, nr)));
	if ((v = json_key(obj, "mode")) != NULL)
	{
		found++;
		if (v->type != jbvString)
			json_error("\"mode\" must be a string", NULL);
		mode = mode_from_text(v->val.string.val, v->val.string.len);
	}
	cap = json_optional_number(obj, "cap", &found);
	gate = json_optional_number(obj, "gate", &found);
	if (found != (int) JsonContainerSize(obj))
		json_error("unknown key",
				   "The keys are \"mode\", \"thresholds\", \"rates\", \"cap\" and \"gate\".");
	PG_RETURN_POINTER(tiers_build(nt, thresholds, rates, mode, cap, gate));
}

/* ---- equality and hashing ----------------------------------------------- */

/*
 * Two schedules are equal when they pay the same: same mode, and numerically
 * equal thresholds, rates, cap and gate (0.05 = 0.050).  The hash agrees with
 * that, so plans can be grouped, compared and used as keys.
 */
static bool
tiers_same(const TierSchedule *a, const TierSchedule *b)
{
	int			i;

	if (a->mode != b->mode || a->flags != b->flags || a->nbands != b->nbands)
		return false;
	for (i = 0; i < 2 * a->nbands; i++)
		if (num_cmp(tiers_numeric(a, i), tiers_numeric(b, i)) != 0)
			return false;
	if ((a->flags & SPM_TIERS_HAS_CAP) && num_cmp(TIERS_CAP(a), TIERS_CAP(b)) != 0)
		return false;
	if ((a->flags & SPM_TIERS_HAS_GATE) && num_cmp(TIERS_GATE(a), TIERS_GATE(b)) != 0)
		return false;
	return true;
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_eq);
Datum
spm_tier_schedule_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(tiers_same(PG_GETARG_TIERS_P(0), PG_GETARG_TIERS_P(1)));
}

PG_FUNCTION_INFO_V1(spm_tier_schedule_ne);
Datum
spm_tier_schedule_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!tiers_same(PG_GETARG_TIERS_P(0), PG_GETARG_TIERS_P(1)));
}

static uint32
hash_num(Numeric n)
{
	return DatumGetUInt32(DirectFunctionCall1(hash_numeric, NumericGetDatum(n)));
}

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
