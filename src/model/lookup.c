/*
 * lookup.c
 *	  The two lookups into the data model that row policies and views make
 *	  on every query (declared in model.sql): the people the current role
 *	  may see, and the minor unit of a currency.
 *
 * The people a role may see are found by walking spm.rep's indexes
 * directly, once per statement (see visible_rep_ids below); the minor
 * unit is read through SPI with a plan prepared once per backend and
 * remembered per call site.  Either way a policy or a report pays neither
 * planning nor a PL/pgSQL call per query.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "compat.h"

/*
 * spm.visible_rep_ids() -> bigint[]: spm.visible_rep as an array (empty
 * for a role that is nobody in the reporting tree).
 *
 * A report reads several protected tables, and each one's policy asks for
 * this set once.  The set depends only on the role and on what the
 * snapshot sees of spm.rep, so the last result is kept and reused while
 * the role, the transaction, the command and the snapshot's contents are
 * all unchanged: the policies of one query's tables share one walk, and no
 * two statements that could see different data share a result.  (The first call
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

/* The id columns of spm.rep and the two indexes the walk uses. */
typedef struct RepTable
{
	Relation	rel;
	Relation	by_login;		/* rep_login_role_key (login_role) */
	Relation	by_manager;		/* rep_manager_id_idx (manager_id) */
	AttrNumber	rep_id;
	TupleTableSlot *slot;
} RepTable;

static Oid
model_relation(Oid nsp, const char *name)
{
	Oid			relid = get_relname_relid(name, nsp);

	if (!OidIsValid(relid))
		elog(ERROR, "spm.%s is missing: the extension's data model is damaged", name);
	return relid;
}

/*
 * Whether spm.rep is a Citus table (distributed or reference): its rows are
 * then in shards, and the table itself, which the walk reads, is an empty
 * shell on every node.  Only a database with Citus has pg_dist_partition.
 */
static bool
is_citus_table(Oid relid)
{
	Oid			argtype = OIDOID;
	Datum		arg = ObjectIdGetDatum(relid);
	bool		found;

	if (!OidIsValid(get_relname_relid("pg_dist_partition", PG_CATALOG_NAMESPACE)))
		return false;
	SPI_connect();
	if (SPI_execute_with_args("SELECT FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1",
							  1, &argtype, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading pg_dist_partition failed");
	found = SPI_processed > 0;
	SPI_finish();
	return found;
}

static void
rep_table_open(RepTable *t)
{
	Oid			nsp = get_namespace_oid("spm", false);
	Oid			relid = model_relation(nsp, "rep");
	AclResult	acl = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);

	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_TABLE, "rep");
	if (is_citus_table(relid))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("spm.visible_rep_ids() cannot walk a distributed spm.rep"),
				 errdetail("spm.rep is a Citus table: its rows are in shards, which the walk of the reporting tree does not read."),
				 errhint("On Citus, give spm_user members their rows through your own views or policies filtered by rep_id; spm's row policies by reporting tree need a local spm.rep.")));
	t->rel = table_open(relid, AccessShareLock);
	t->by_login = index_open(model_relation(nsp, "rep_login_role_key"), AccessShareLock);
	t->by_manager = index_open(model_relation(nsp, "rep_manager_id_idx"), AccessShareLock);
	t->rep_id = get_attnum(relid, "rep_id");
	if (t->rep_id == InvalidAttrNumber)
		elog(ERROR, "spm.rep has no column rep_id");
	t->slot = table_slot_create(t->rel, NULL);
}

static void
rep_table_close(RepTable *t)
{
	ExecDropSingleTupleTableSlot(t->slot);
	index_close(t->by_manager, AccessShareLock);
	index_close(t->by_login, AccessShareLock);
	table_close(t->rel, AccessShareLock);
}

/* A set of rep_ids in the order they were added. */
typedef struct IdSet
{
	int64	   *ids;
	int			n;
	int			capacity;
	HTAB	   *seen;
} IdSet;

static void
idset_init(IdSet *s)
{
	HASHCTL		ctl = {0};

	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(int64);
	ctl.hcxt = CurrentMemoryContext;
	s->seen = hash_create("spm visible reps", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	s->capacity = 16;
	s->ids = palloc(sizeof(int64) * s->capacity);
	s->n = 0;
}

static void
idset_add(IdSet *s, int64 id)
{
	bool		found;

	hash_search(s->seen, &id, HASH_ENTER, &found);
	if (found)
		return;
	if (s->n == s->capacity)
	{
		s->capacity *= 2;
		s->ids = repalloc(s->ids, sizeof(int64) * s->capacity);
	}
	s->ids[s->n++] = id;
}

/* Add the rep_id of every row the index finds for key. */
static void
add_rep_ids_where(RepTable *t, Relation index, RegProcedure eq, Datum key,
				  Snapshot snap, IdSet *into)
{
	ScanKeyData skey;
	IndexScanDesc scan;

	ScanKeyInit(&skey, 1, BTEqualStrategyNumber, eq, key);
	scan = spm_index_beginscan(t->rel, index, snap, 1);
	index_rescan(scan, &skey, 1, NULL, 0);
	while (index_getnext_slot(scan, ForwardScanDirection, t->slot))
	{
		bool		isnull;
		Datum		id = slot_getattr(t->slot, t->rep_id, &isnull);

		if (!isnull)
			idset_add(into, DatumGetInt64(id));
	}
	index_endscan(scan);
}

/*
 * Walk the reporting tree down from the current role's own row, one index
 * probe per person found, as the snapshot sees the table.  The table is
 * read directly, not through its row policy: the policy is what this set
 * decides, and the set holds only the caller's own reporting tree, which
 * is what the policy lets the caller see.  A cycle in the tree (which the
 * table's trigger refuses) could not make the walk loop: a person seen
 * once is not visited again.
 */
static Datum
visible_rep_ids(Snapshot snap)
{
	RepTable	t;
	NameData	me;
	IdSet		set;
	Datum	   *elems;

	rep_table_open(&t);
	idset_init(&set);
	namestrcpy(&me, GetUserNameFromId(GetUserId(), false));
	add_rep_ids_where(&t, t.by_login, F_NAMEEQ, NameGetDatum(&me), snap, &set);
	/* the set is its own queue: each person's reports are added after them */
	for (int i = 0; i < set.n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		add_rep_ids_where(&t, t.by_manager, F_INT8EQ, Int64GetDatum(set.ids[i]), snap, &set);
	}
	rep_table_close(&t);

	elems = palloc(sizeof(Datum) * Max(set.n, 1));
	for (int i = 0; i < set.n; i++)
		elems[i] = Int64GetDatum(set.ids[i]);
	hash_destroy(set.seen);
	return PointerGetDatum(construct_array(elems, set.n, INT8OID, sizeof(int64),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(spm_visible_rep_ids);
Datum
spm_visible_rep_ids(PG_FUNCTION_ARGS)
{
	Snapshot	snap;
	Datum		result;

	if (!ActiveSnapshotSet())
		PG_RETURN_DATUM(visible_rep_ids(GetTransactionSnapshot()));
	snap = GetActiveSnapshot();
	if (snap->snapshot_type != SNAPSHOT_MVCC)
		PG_RETURN_DATUM(visible_rep_ids(snap));
	if (visible_cache.valid && visible_cache.userid == GetUserId() &&
		same_snapshot(&visible_cache.snap, snap))
		PG_RETURN_ARRAYTYPE_P(DatumGetArrayTypePCopy(PointerGetDatum(visible_cache.ids)));

	result = visible_rep_ids(snap);
	visible_cache_fill(snap, result);
	PG_RETURN_DATUM(result);
}

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
