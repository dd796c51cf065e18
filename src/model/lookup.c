/*
 * lookup.c
 *	  The two lookups into the data model that row policies and views make
 *	  on every query (declared in model.sql): the people the current role
 *	  may see, and the minor unit of a currency.
 *
 * Both run a query through SPI with a plan prepared once per backend, so a
 * policy or a report pays neither planning nor a PL/pgSQL call for them;
 * the plans are kept by the plan cache and revalidated after DDL.  Both
 * run with the caller's rights: the policies' set comes from the view
 * spm.visible_rep, which reads spm.rep with its owner's rights so that the
 * policy on spm.rep does not recurse into itself.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "access/xact.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "compat.h"

static SPIPlanPtr
prepare_once(SPIPlanPtr *plan, const char *query, int nargs, Oid *argtypes)
{
	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(query, nargs, argtypes);

		if (p == NULL)
			elog(ERROR, "SPI_prepare(\"%s\") failed: %s", query,
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "SPI_keepplan failed");
		*plan = p;
	}
	return *plan;
}

/*
 * spm.visible_rep_ids() -> bigint[]: spm.visible_rep as an array (empty
 * for a role that is nobody in the reporting tree).
 *
 * A report reads several protected tables, and each one's policy asks for
 * this set once.  The set depends only on the role and on what the
 * snapshot sees of spm.rep, so the last result is kept and reused while
 * the role, the transaction, the command and the snapshot's contents are
 * all unchanged: one query's four policies run the query once, and no two
 * queries that could see different data share a result.  (The first call
 * locked spm.rep until the end of the transaction, so nothing can change
 * it underneath the kept result.)
 */
typedef struct VisibleRepCache
{
	bool		valid;
	Oid			userid;
	SnapshotData snap;			/* the fields that decide visibility */
	ArrayType  *ids;
	MemoryContext cxt;			/* holds ids and snap's arrays */
} VisibleRepCache;

static VisibleRepCache visible_cache;

static void
visible_cache_reset(XactEvent event, void *arg)
{
	visible_cache.valid = false;
}

static bool
same_snapshot(const SnapshotData *a, Snapshot b)
{
	return a->snapshot_type == b->snapshot_type &&
		a->xmin == b->xmin && a->xmax == b->xmax &&
		a->xcnt == b->xcnt && a->subxcnt == b->subxcnt &&
		a->suboverflowed == b->suboverflowed && a->curcid == b->curcid &&
		memcmp(a->xip, b->xip, sizeof(TransactionId) * a->xcnt) == 0 &&
		memcmp(a->subxip, b->subxip, sizeof(TransactionId) * a->subxcnt) == 0;
}

/* Keep ids as the result for snapshot s and the current role. */
static void
visible_cache_fill(Snapshot s, Datum ids)
{
	VisibleRepCache *vc = &visible_cache;
	MemoryContext old;

	if (vc->cxt == NULL)
	{
		vc->cxt = AllocSetContextCreate(TopMemoryContext, "spm visible_rep_ids",
										ALLOCSET_SMALL_SIZES);
		RegisterXactCallback(visible_cache_reset, NULL);
	}
	vc->valid = false;
	MemoryContextReset(vc->cxt);
	old = MemoryContextSwitchTo(vc->cxt);
	vc->snap = *s;
	vc->snap.xip = palloc(sizeof(TransactionId) * Max(s->xcnt, 1));
	memcpy(vc->snap.xip, s->xip, sizeof(TransactionId) * s->xcnt);
	vc->snap.subxip = palloc(sizeof(TransactionId) * Max(s->subxcnt, 1));
	memcpy(vc->snap.subxip, s->subxip, sizeof(TransactionId) * s->subxcnt);
	vc->ids = DatumGetArrayTypePCopy(ids);
	MemoryContextSwitchTo(old);
	vc->userid = GetUserId();
	vc->valid = true;
}

PG_FUNCTION_INFO_V1(spm_visible_rep_ids);
Datum
spm_visible_rep_ids(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr plan = NULL;
	Snapshot	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;
	bool		cacheable = snap != NULL && snap->snapshot_type == SNAPSHOT_MVCC;
	Datum		result;
	bool		isnull;

	if (cacheable && visible_cache.valid && visible_cache.userid == GetUserId() &&
		same_snapshot(&visible_cache.snap, snap))
		PG_RETURN_ARRAYTYPE_P(DatumGetArrayTypePCopy(PointerGetDatum(visible_cache.ids)));

	SPI_connect();
	prepare_once(&plan,
				 "SELECT pg_catalog.array_agg(v.rep_id) FROM spm.visible_rep v",
				 0, NULL);
	if (SPI_execute_plan(plan, NULL, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "reading spm.visible_rep failed");
	result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		result = PointerGetDatum(construct_empty_array(INT8OID));
	else
		result = SPI_datumTransfer(result, false, -1);	/* out of SPI's memory */
	SPI_finish();

	if (cacheable)
		visible_cache_fill(snap, result);
	PG_RETURN_DATUM(result);
}

/*
 * spm.minor_unit(currency text) -> integer: the decimals money in the
 * currency is paid in, from spm.currency; 2 for no currency (NULL), and an
 * error for a code spm.currency does not have.  Not STRICT, for the NULL
 * case.  A report calls it once per line, for a handful of currencies, so
 * each call site remembers the codes it has looked up for the rest of the
 * query.
 */
#define MINOR_UNIT_CACHE 16

typedef struct MinorUnitCache
{
	int			n;
	char		code[MINOR_UNIT_CACHE][8];
	int32		unit[MINOR_UNIT_CACHE];
} MinorUnitCache;

PG_FUNCTION_INFO_V1(spm_minor_unit);
Datum
spm_minor_unit(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr plan = NULL;
	MinorUnitCache *cache = (MinorUnitCache *) fcinfo->flinfo->fn_extra;
	text	   *code;
	int			len;
	Datum		arg;
	Oid			argtype = TEXTOID;
	int32		unit;
	bool		isnull;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(2);
	code = PG_GETARG_TEXT_PP(0);
	len = VARSIZE_ANY_EXHDR(code);

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(MinorUnitCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	for (int i = 0; i < cache->n; i++)
		if ((int) strlen(cache->code[i]) == len &&
			memcmp(cache->code[i], VARDATA_ANY(code), len) == 0)
			PG_RETURN_INT32(cache->unit[i]);

	SPI_connect();
	prepare_once(&plan,
				 "SELECT c.minor_unit FROM spm.currency c WHERE c.currency = $1",
				 1, &argtype);
	arg = PointerGetDatum(code);
	if (SPI_execute_plan(plan, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading spm.currency failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown currency \"%s\"", text_to_cstring(code)),
				 errhint("Add it to spm.currency with its minor unit (the number of decimals it is paid in).")));
	unit = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();

	if (cache->n < MINOR_UNIT_CACHE && len < (int) sizeof(cache->code[0]))
	{
		memcpy(cache->code[cache->n], VARDATA_ANY(code), len);
		cache->code[cache->n][len] = '\0';
		cache->unit[cache->n] = unit;
		cache->n++;
	}
	PG_RETURN_INT32(unit);
}
