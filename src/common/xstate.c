/*
 * xstate.c
 *	  Variable-size aggregate states as named SQL types (see xstate.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/aggstate.h"
#include "common/typeio.h"
#include "common/xstate.h"
#include "core/record_text.h"

/* the name of the context an aggregate's states share */
#define STATES_CONTEXT_NAME "spm aggregate states"

static Size xstate_get_flat_size(ExpandedObjectHeader *eohptr);
static void xstate_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods xstate_methods = {
	xstate_get_flat_size,
	xstate_flatten_into
};

/*
 * The binary form is computed by get_flat_size and copied by flatten_into,
 * which PostgreSQL always calls right after it.
 */
static Size
xstate_get_flat_size(ExpandedObjectHeader *eohptr)
{
	SpmXState  *x = (SpmXState *) eohptr;
	MemoryContext old = MemoryContextSwitchTo(x->hdr.eoh_context);

	if (x->flat.data == NULL)
		initStringInfo(&x->flat);
	else
		resetStringInfo(&x->flat);
	x->cls->send(x, &x->flat);
	MemoryContextSwitchTo(old);
	return VARHDRSZ + x->flat.len;
}

static void
xstate_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	SpmXState  *x = (SpmXState *) eohptr;

	if (x->flat.data == NULL || allocated_size != VARHDRSZ + (Size) x->flat.len)
		elog(ERROR, "%s flattened without its size", x->cls->sqlname);
	memcpy(VARDATA(result), x->flat.data, x->flat.len);
	SET_VARSIZE(result, allocated_size);
	/* a large state's copy is not kept beside it */
	pfree(x->flat.data);
	x->flat.data = NULL;
}

/* an empty state in cxt, not yet an expanded object */
static SpmXState *
state_alloc(MemoryContext cxt, const SpmXStateClass *cls)
{
	SpmXState  *x = MemoryContextAllocZero(cxt, cls->size);

	x->hdr.eoh_context = cxt;
	x->data = cxt;
	x->cls = cls;
	if (cls->init)
		cls->init(x);
	return x;
}

void *
spm_xstate_new(FunctionCallInfo fcinfo, const SpmXStateClass *cls)
{
	MemoryContext parent;
	MemoryContext cxt = NULL;
	SpmXState  *x;
	bool		in_aggregate = AggCheckCallContext(fcinfo, &parent);

	if (in_aggregate)
	{
		/*
		 * The states of an aggregate's groups share one child of its
		 * context: the executor keeps a read-write expanded object as it is
		 * only when its context is a child of the aggregate's, and a child
		 * per group would make a hash aggregate's memory check, which walks
		 * every child whenever a group is added, quadratic in the groups.
		 * The executor deletes a state object only when a transition
		 * function returns another object in its place, which ours never
		 * do (they update the one they are given), so the shared context
		 * goes only with the aggregate's own reset.
		 */
		for (MemoryContext c = parent->firstchild; c != NULL; c = c->nextchild)
			if (strcmp(c->name, STATES_CONTEXT_NAME) == 0)
			{
				cxt = c;
				break;
			}
		if (cxt == NULL)
			cxt = AllocSetContextCreate(parent, STATES_CONTEXT_NAME, ALLOCSET_DEFAULT_SIZES);
	}
	else
	{
		parent = CurrentMemoryContext;
		cxt = AllocSetContextCreate(parent, "spm aggregate state", ALLOCSET_SMALL_SIZES);
	}
	x = MemoryContextAllocZero(cxt, cls->size);
	EOH_init_header(&x->hdr, &xstate_methods, cxt);
	x->data = in_aggregate ? parent : cxt;
	x->cls = cls;
	if (cls->init)
		cls->init(x);
	return x;
}

/* Read a value's binary form into an empty state, checking every byte. */
static void
read_value(SpmXState *x, Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	StringInfoData buf;
	MemoryContext old;

	buf.data = VARDATA_ANY(v);
	buf.len = VARSIZE_ANY_EXHDR(v);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	old = MemoryContextSwitchTo(x->data);
	x->cls->recv(x, &buf);
	MemoryContextSwitchTo(old);
	if (buf.cursor != buf.len)
		spm_bad_binary(x->cls->sqlname, "The value has trailing bytes.");
}

/* the object behind an expanded datum, which must be a state of cls */
static SpmXState *
expanded_state(Datum d, const SpmXStateClass *cls)
{
	SpmXState  *x = (SpmXState *) DatumGetEOHP(d);

	if (x->hdr.eoh_methods != &xstate_methods || x->cls != cls)
		elog(ERROR, "expanded value is not a state of %s", cls->sqlname);
	return x;
}

void *
spm_xstate_update(FunctionCallInfo fcinfo, int argno, const SpmXStateClass *cls)
{
	Datum		d;
	SpmXState  *x;

	if (PG_ARGISNULL(argno))
		return spm_xstate_new(fcinfo, cls);
	d = PG_GETARG_DATUM(argno);

	/*
	 * The executor passes an aggregate's state as it was returned: our
	 * read-write pointer, which only this aggregate holds.
	 */
	if (likely(spm_in_aggregate(fcinfo) &&
			   VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d))))
		return expanded_state(d, cls);
	x = spm_xstate_new(fcinfo, cls);
	read_value(x, d);
	return x;
}

void *
spm_xstate_read(FunctionCallInfo fcinfo, int argno, const SpmXStateClass *cls)
{
	Datum		d = PG_GETARG_DATUM(argno);
	SpmXState  *x;

	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return expanded_state(d, cls);
	x = state_alloc(CurrentMemoryContext, cls);
	read_value(x, d);
	return x;
}

/* ---- the type's I/O --------------------------------------------------------- */

/* a state's binary form as a flat value of its type */
static Datum
flat_value(SpmXState *x)
{
	StringInfoData buf;
	struct varlena *v;

	initStringInfo(&buf);
	x->cls->send(x, &buf);
	v = palloc(VARHDRSZ + buf.len);
	SET_VARSIZE(v, VARHDRSZ + buf.len);
	memcpy(VARDATA(v), buf.data, buf.len);
	pfree(buf.data);
	return PointerGetDatum(v);
}

Datum
spm_xstate_in(FunctionCallInfo fcinfo, const SpmXStateClass *cls)
{
	SpmXState  *x = state_alloc(CurrentMemoryContext, cls);

	cls->in(x, PG_GETARG_CSTRING(0));
	return flat_value(x);
}

Datum
spm_xstate_out(FunctionCallInfo fcinfo, const SpmXStateClass *cls)
{
	SpmXState  *x = spm_xstate_read(fcinfo, 0, cls);
	StringInfoData buf;

	initStringInfo(&buf);
	cls->out(x, &buf);
	PG_RETURN_CSTRING(buf.data);
}

/* The value is read, checked, and sent again: what is stored is canonical. */
Datum
spm_xstate_recv(FunctionCallInfo fcinfo, const SpmXStateClass *cls)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	SpmXState  *x = state_alloc(CurrentMemoryContext, cls);

	cls->recv(x, msg);
	if (msg->cursor != msg->len)
		spm_bad_binary(cls->sqlname, "The value has trailing bytes.");
	return flat_value(x);
}

Datum
spm_xstate_send(FunctionCallInfo fcinfo, const SpmXStateClass *cls)
{
	SpmXState  *x = spm_xstate_read(fcinfo, 0, cls);
	StringInfoData buf;

	pq_begintypsend(&buf);
	cls->send(x, &buf);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- text form helpers ------------------------------------------------------ */

int
spm_xstate_fields(const SpmXStateClass *cls, const char *text, char open,
				  spm_record_field **fields, int minfields, int maxfields)
{
	char		err[160];
	char	   *buf = palloc(strlen(text) + 1);
	int			n;

	if (maxfields < 0)
	{
		/* a list: at most one field more than it has commas */
		maxfields = 1;
		for (const char *p = text; *p; p++)
			maxfields += (*p == ',');
	}
	*fields = palloc(sizeof(spm_record_field) * maxfields);
	n = spm_record_split(text, open, *fields, maxfields, buf, err, sizeof(err));
	if (n < 0)
		spm_bad_text(cls->sqlname, text, err);
	if (n < minfields)
	{
		snprintf(err, sizeof(err), "Expected %d fields, not %d.", minfields, n);
		spm_bad_text(cls->sqlname, text, err);
	}
	return n;
}

void
spm_xstate_put_field(StringInfo buf, const char *s)
{
	if (s == NULL)
		return;
	if (!spm_record_needs_quotes(s))
	{
		appendStringInfoString(buf, s);
		return;
	}
	appendStringInfoChar(buf, '"');
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
			appendStringInfoChar(buf, *s);
		appendStringInfoChar(buf, *s);
	}
	appendStringInfoChar(buf, '"');
}

Numeric
spm_xstate_numeric_field(const SpmXStateClass *cls, const char *text,
						 const spm_record_field *f, const char *what)
{
	Numeric		n;

	if (f->text == NULL)
		spm_bad_text(cls->sqlname, text, psprintf("The %s is missing.", what));
	n = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(f->text),
											ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	if (numeric_is_nan(n) || numeric_is_inf(n))
		spm_bad_text(cls->sqlname, text, psprintf("The %s must be a finite number.", what));
	return n;
}

int64
spm_xstate_count_field(const SpmXStateClass *cls, const char *text,
					   const spm_record_field *f, const char *what)
{
	int64		v;

	if (f->text == NULL)
		spm_bad_text(cls->sqlname, text, psprintf("The %s is missing.", what));
	v = pg_strtoint64(f->text);
	if (v < 0)
		spm_bad_text(cls->sqlname, text, psprintf("The %s must not be negative.", what));
	return v;
}

void
spm_xstate_put_numeric(StringInfo buf, Numeric n)
{
	appendStringInfoString(buf, DatumGetCString(DirectFunctionCall1(numeric_out,
																	NumericGetDatum(n))));
}
