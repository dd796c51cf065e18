/*
 * compat_0_1.c
 *	  The C symbols that spm 0.1.0's SQL names and the current library no
 *	  longer serves with 0.1.0's contract.
 *
 * Between installing a new spm library (apt upgrade, make install) and
 * running ALTER EXTENSION spm UPDATE, a database still holds 0.1.0's SQL
 * definitions, and they call this library.  Every symbol 0.1.0's install
 * script names must therefore exist (or CREATE EXTENSION spm VERSION '0.1.0'
 * and every call fail with "could not find function"), and none may be
 * handed arguments of a shape it does not expect:
 *
 *	- spm.commission_agg, spm.deal_commission, spm.attainment_agg and spm.gini
 *	  kept an "internal" state in 0.1.0, with serialize and deserialize
 *	  functions for parallel workers.  0.2.0 keeps a named state type that is
 *	  an expanded object; its functions have new symbol names
 *	  (spm_commission_agg_state_trans, ...), and 0.1.0's names below only
 *	  raise an error.
 *	- spm.trend was 56 bytes in 0.1.0 (float8 sums of squared deviations) and
 *	  is 112 bytes in 0.2.0 (exact sums): 0.2.0's functions of the type have
 *	  new names (spm_trend_exact_*).  Of 0.1.0's, the type's four I/O
 *	  functions keep 0.1.0's behaviour (CREATE AGGREGATE reads the
 *	  aggregate's INITCOND with them, and a stored 0.1.0 value stays
 *	  readable, dumpable and restorable until the update); the aggregate's
 *	  support functions, spm.trend_stats and spm.trend_forecast raise an
 *	  error.  The text and binary forms are 0.1.0's, frozen here: they are
 *	  not src/core code because nothing but this layer will ever use them.
 *
 * Every error is 55000 (object_not_in_prerequisite_state) with a hint to
 * run ALTER EXTENSION spm UPDATE.  test/upgrade.sh installs 0.1.0 with
 * this library and calls each of these.
 *
 * Drop this file in the first release that no longer ships an update path
 * from 0.1.0 (that is, once upgrade/spm--0.1.0.sql and
 * upgrade/spm--0.1.0--0.2.0.sql are removed), not before.
 */
#include "postgres.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "lib/stringinfo.h"

#include "compat.h"
#include "common/typeio.h"

pg_noreturn static void spm_0_1_unsupported(const char *sqlname);

static void
spm_0_1_unsupported(const char *sqlname)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("spm 0.1.0 function %s is not supported by the installed library",
					sqlname),
			 errdetail("The database still has the SQL definitions of spm 0.1.0, and the installed spm library serves version 0.2.0 or later."),
			 errhint("Run ALTER EXTENSION spm UPDATE.")));
}

/* a 0.1.0 symbol that only raises the error above */
#define SPM_0_1_STUB(symbol, sqlname) \
PG_FUNCTION_INFO_V1(symbol); \
Datum \
symbol(PG_FUNCTION_ARGS) \
{ \
	spm_0_1_unsupported(sqlname); \
	PG_RETURN_NULL(); \
}

/* ---- aggregates whose internal state became a named state type ---------- */

SPM_0_1_STUB(spm_commission_agg_trans, "spm.commission_agg_trans")
SPM_0_1_STUB(spm_commission_agg_combine, "spm.commission_agg_combine")
SPM_0_1_STUB(spm_commission_agg_serialize, "spm.commission_agg_serialize")
SPM_0_1_STUB(spm_commission_agg_deserialize, "spm.commission_agg_deserialize")
SPM_0_1_STUB(spm_commission_agg_final, "spm.commission_agg_final")

SPM_0_1_STUB(spm_deal_commission_trans, "spm.deal_commission_trans")
SPM_0_1_STUB(spm_deal_commission_combine, "spm.deal_commission_combine")
SPM_0_1_STUB(spm_deal_commission_serialize, "spm.deal_commission_serialize")
SPM_0_1_STUB(spm_deal_commission_deserialize, "spm.deal_commission_deserialize")
SPM_0_1_STUB(spm_deal_commission_final, "spm.deal_commission_final")

SPM_0_1_STUB(spm_attainment_trans, "spm.attainment_trans")
SPM_0_1_STUB(spm_attainment_combine, "spm.attainment_combine")
SPM_0_1_STUB(spm_attainment_serialize, "spm.attainment_serialize")
SPM_0_1_STUB(spm_attainment_deserialize, "spm.attainment_deserialize")
SPM_0_1_STUB(spm_attainment_final, "spm.attainment_final")

SPM_0_1_STUB(spm_gini_trans, "spm.gini_trans")
SPM_0_1_STUB(spm_gini_combine, "spm.gini_combine")
SPM_0_1_STUB(spm_gini_serialize, "spm.gini_serialize")
SPM_0_1_STUB(spm_gini_deserialize, "spm.gini_deserialize")
SPM_0_1_STUB(spm_gini_final, "spm.gini_final")

/* ---- spm.trend of 0.1.0: 56 bytes -------------------------------------- */

typedef struct spm_trend_0_1
{
	int32		version;
	int32		flags;
	int64		n;
	float8		sx;
	float8		sy;
	float8		sxx;
	float8		syy;
	float8		sxy;
} spm_trend_0_1;

StaticAssertDecl(sizeof(spm_trend_0_1) == 56, "spm.trend of 0.1.0 had INTERNALLENGTH = 56");

SPM_0_1_STUB(spm_trend_accum, "spm.trend_accum")
SPM_0_1_STUB(spm_trend_state_combine, "spm.trend_combine")
SPM_0_1_STUB(spm_trend_final, "spm.trend_final")
SPM_0_1_STUB(spm_trend_stats, "spm.trend_stats")
SPM_0_1_STUB(spm_trend_forecast, "spm.trend_forecast")

/* 0.1.0's check of a state read from text or bytes; NULL when valid */
static const char *
trend_0_1_invalid(const spm_trend_0_1 *t)
{
	const float8 *sums = &t->sx;

	if (t->version != 1)
		return psprintf("Unsupported trend state format version %d.", (int) t->version);
	if (t->flags != 0)
		return "Reserved flags must be 0.";
	if (t->n < 0)
		return "The count must not be negative.";
	for (int i = 0; i < 5; i++)
		if (!isfinite(sums[i]))
			return "Sums must be finite numbers.";
	if (t->sxx < 0.0 || t->syy < 0.0)
		return "Sums of squared deviations must not be negative.";
	if (t->n == 0 && (t->sx != 0.0 || t->sy != 0.0 || t->sxx != 0.0 ||
					  t->syy != 0.0 || t->sxy != 0.0))
		return "An empty state must have all sums 0.";
	if (t->n == 1 && (t->sxx != 0.0 || t->syy != 0.0 || t->sxy != 0.0))
		return "A state of one point has no deviations.";
	/* Cauchy-Schwarz, with room for rounding */
	if (t->sxy * t->sxy > t->sxx * t->syy * (1.0 + 1e-12) + 1e-300)
		return "sxy^2 must not exceed sxx * syy.";
	return NULL;
}

static const char *
skip_space(const char *p)
{
	while (isspace((unsigned char) *p))
		p++;
	return p;
}

/* 0.1.0's text form: (n,sx,sy,sxx,syy,sxy) */
PG_FUNCTION_INFO_V1(spm_trend_in);
Datum
spm_trend_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	spm_trend_0_1 *t = palloc0(sizeof(spm_trend_0_1));
	float8	   *sums = &t->sx;
	const char *syntax = "Expected \"(n,sx,sy,sxx,syy,sxy)\": a count and five finite numbers.";
	const char *p = skip_space(text);
	const char *bad;
	char	   *end;

	t->version = 1;
	if (*p++ != '(')
		spm_bad_text("spm.trend", text, syntax);
	p = skip_space(p);
	if (!isdigit((unsigned char) *p))
		spm_bad_text("spm.trend", text, syntax);
	errno = 0;
	t->n = strtoll(p, &end, 10);
	if (errno != 0)
		spm_bad_text("spm.trend", text, "The count is out of range.");
	p = end;
	for (int i = 0; i < 5; i++)
	{
		p = skip_space(p);
		if (*p++ != ',')
			spm_bad_text("spm.trend", text, syntax);
		p = skip_space(p);
		if (!(isdigit((unsigned char) *p) || *p == '-' || *p == '+' || *p == '.'))
			spm_bad_text("spm.trend", text, syntax);
		errno = 0;
		sums[i] = strtod(p, &end);
		if (end == p)
			spm_bad_text("spm.trend", text, syntax);
		if (errno == ERANGE && fabs(sums[i]) > 1.0)
			spm_bad_text("spm.trend", text, "A sum is out of range.");
		p = end;
	}
	p = skip_space(p);
	if (*p++ != ')')
		spm_bad_text("spm.trend", text, syntax);
	if (*skip_space(p) != '\0')
		spm_bad_text("spm.trend", text, syntax);
	if ((bad = trend_0_1_invalid(t)) != NULL)
		spm_bad_text("spm.trend", text, bad);
	PG_RETURN_POINTER(t);
}

/* 0.1.0's binary form: int32 version, int32 flags, int64 n, five float8 */
PG_FUNCTION_INFO_V1(spm_trend_recv);
Datum
spm_trend_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	spm_trend_0_1 *t = palloc(sizeof(spm_trend_0_1));
	const char *bad;

	t->version = (int32) pq_getmsgint(buf, 4);
	t->flags = (int32) pq_getmsgint(buf, 4);
	t->n = pq_getmsgint64(buf);
	t->sx = pq_getmsgfloat8(buf);
	t->sy = pq_getmsgfloat8(buf);
	t->sxx = pq_getmsgfloat8(buf);
	t->syy = pq_getmsgfloat8(buf);
	t->sxy = pq_getmsgfloat8(buf);
	if ((bad = trend_0_1_invalid(t)) != NULL)
		spm_bad_binary("spm.trend", bad);
	PG_RETURN_POINTER(t);
}

/* a float8 as 0.1.0 wrote it: the fewest of 15 to 17 digits that read back */
static void
format_double_0_1(StringInfo buf, double v)
{
	char		digits[32];

	for (int prec = 15; prec <= 17; prec++)
	{
		snprintf(digits, sizeof(digits), "%.*g", prec, v);
		if (prec == 17 || strtod(digits, NULL) == v)
			break;
	}
	appendStringInfoString(buf, digits);
}

PG_FUNCTION_INFO_V1(spm_trend_out);
Datum
spm_trend_out(PG_FUNCTION_ARGS)
{
	spm_trend_0_1 *t = (spm_trend_0_1 *) PG_GETARG_POINTER(0);
	const float8 *sums = &t->sx;
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "(" INT64_FORMAT, t->n);
	for (int i = 0; i < 5; i++)
	{
		appendStringInfoChar(&buf, ',');
		format_double_0_1(&buf, sums[i]);
	}
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(spm_trend_send);
Datum
spm_trend_send(PG_FUNCTION_ARGS)
{
	spm_trend_0_1 *t = (spm_trend_0_1 *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, (uint32) t->version);
	pq_sendint32(&buf, (uint32) t->flags);
	pq_sendint64(&buf, (uint64) t->n);
	pq_sendfloat8(&buf, t->sx);
	pq_sendfloat8(&buf, t->sy);
	pq_sendfloat8(&buf, t->sxx);
	pq_sendfloat8(&buf, t->syy);
	pq_sendfloat8(&buf, t->sxy);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
