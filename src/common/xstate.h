/*
 * xstate.h
 *	  Variable-size aggregate states as named SQL types, updated in place.
 *
 * spm.commission_agg, spm.deal_commission, spm.attainment_agg, spm.gini
 * and spm.ledger_agg keep exact numeric sums or every value, so their
 * states cannot be fixed-size.  Each is still a named SQL type
 * (spm.commission_agg_state, ...) rather than "internal", so that a
 * partial state can leave the process that built it: to the leader of a
 * parallel query as a tuple, and to a Citus coordinator in its text form.
 *
 * While an aggregate runs, its state is a PostgreSQL "expanded object": a C
 * struct in a child of the aggregate's memory context (one child shared by
 * the aggregate's groups), that the transition function updates in place
 * and returns as the same read-write pointer, so the executor never copies
 * it.  Where the
 * state has to become a plain value (a tuple, a cast to text) the object
 * is flattened into the type's binary form: the same versioned, portable
 * bytes its send and receive functions use.  A flat value reaching a
 * transition or combine function (a parallel worker's partial state, a
 * value read from a table, an initial condition) is read back into a new
 * object, every field checked.
 *
 * A module describes its state with an SpmXStateClass; its C struct starts
 * with an SpmXState and allocates whatever it grows (arrays of values, copies
 * of numbers) in SPM_XSTATE_CONTEXT(state).  Inside an aggregate that is the
 * aggregate's own context, not the object's: a group's arrays then share the
 * aggregate's large blocks and free lists, as an internal state's do.  The
 * executor never deletes a state object apart from resetting the
 * aggregate's context (a transition function returns the object it was
 * given), so the two always go together.
 */
#ifndef SPM_COMMON_XSTATE_H
#define SPM_COMMON_XSTATE_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/expandeddatum.h"
#include "utils/numeric.h"

#include "core/record_text.h"

typedef struct SpmXStateClass SpmXStateClass;

typedef struct SpmXState
{
	ExpandedObjectHeader hdr;	/* first: the object is the struct */
	const SpmXStateClass *cls;
	MemoryContext data;			/* where the state's growing parts live */
	StringInfoData flat;		/* the binary form, while being flattened */
} SpmXState;

struct SpmXStateClass
{
	const char *sqlname;		/* "spm.gini_state": for messages */
	Size		size;			/* of the module's struct (SpmXState first) */
	/* set up a new, empty state (fields beyond the header are zero) */
	void		(*init) (void *state);
	/* append the binary form, version first */
	void		(*send) (void *state, StringInfo buf);

	/*
	 * Read the binary form into an empty state; report bad bytes with
	 * spm_bad_binary (22P03).  Allocate in the state's context.
	 */
	void		(*recv) (void *state, StringInfo buf);
	/* append the text form; read it (bad text: spm_bad_text, 22P02) */
	void		(*out) (void *state, StringInfo buf);
	void		(*in) (void *state, const char *text);
};

/* the memory a state grows in */
#define SPM_XSTATE_CONTEXT(st) (((SpmXState *) (st))->data)

/*
 * The state argument argno of a transition or combine function, to be
 * updated: in aggregate context the executor's own object, in place;
 * otherwise a new object (empty for a NULL argument, else read from the
 * value), so that a direct SQL call never modifies its argument.
 */
extern void *spm_xstate_update(FunctionCallInfo fcinfo, int argno, const SpmXStateClass *cls);

/* a new empty state where spm_xstate_update would put it */
extern void *spm_xstate_new(FunctionCallInfo fcinfo, const SpmXStateClass *cls);

/*
 * The state argument argno, to be read only (a final function's, or the
 * second argument of a combine function): the object itself when the value
 * is one, otherwise a temporary state read from the value in the current
 * memory context.
 */
extern void *spm_xstate_read(FunctionCallInfo fcinfo, int argno, const SpmXStateClass *cls);

/*
 * A NULL in argument argno (a skipped row, or an empty partial state given
 * to a combine function) leaves the state, argument 0, as it is.
 */
#define SPM_XSTATE_KEEP_IF_NULL(argno) \
	do { \
		if (PG_ARGISNULL(argno)) \
		{ \
			if (PG_ARGISNULL(0)) \
				PG_RETURN_NULL(); \
			PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
		} \
	} while (0)

/* what a transition or combine function returns: the read-write pointer */
static inline Datum
spm_xstate_datum(void *state)
{
	return EOHPGetRWDatum(&((SpmXState *) state)->hdr);
}

/* the type's input, output, receive and send functions */
extern Datum spm_xstate_in(FunctionCallInfo fcinfo, const SpmXStateClass *cls);
extern Datum spm_xstate_out(FunctionCallInfo fcinfo, const SpmXStateClass *cls);
extern Datum spm_xstate_recv(FunctionCallInfo fcinfo, const SpmXStateClass *cls);
extern Datum spm_xstate_send(FunctionCallInfo fcinfo, const SpmXStateClass *cls);

#define SPM_XSTATE_TYPE_IO(prefix, cls) \
PG_FUNCTION_INFO_V1(prefix##_in); \
Datum \
prefix##_in(PG_FUNCTION_ARGS) \
{ \
	return spm_xstate_in(fcinfo, &(cls)); \
} \
PG_FUNCTION_INFO_V1(prefix##_out); \
Datum \
prefix##_out(PG_FUNCTION_ARGS) \
{ \
	return spm_xstate_out(fcinfo, &(cls)); \
} \
PG_FUNCTION_INFO_V1(prefix##_recv); \
Datum \
prefix##_recv(PG_FUNCTION_ARGS) \
{ \
	return spm_xstate_recv(fcinfo, &(cls)); \
} \
PG_FUNCTION_INFO_V1(prefix##_send); \
Datum \
prefix##_send(PG_FUNCTION_ARGS) \
{ \
	return spm_xstate_send(fcinfo, &(cls)); \
}

/*
 * Helpers for the classes' text forms: split the text (open '(' for a
 * record, '{' for a list) into minfields .. maxfields fields (maxfields -1:
 * any number; *fields is allocated), reporting bad text as invalid input
 * of the type; and append a field, quoted where needed (NULL: empty).
 */
extern int	spm_xstate_fields(const SpmXStateClass *cls, const char *text, char open,
							  spm_record_field **fields, int minfields, int maxfields);
extern void spm_xstate_put_field(StringInfo buf, const char *s);

/*
 * A field that must be a finite number, or a whole number 0 or more (a
 * count); what names it in messages ("sum of actual").
 */
extern Numeric spm_xstate_numeric_field(const SpmXStateClass *cls, const char *text,
										const spm_record_field *f, const char *what);
extern int64 spm_xstate_count_field(const SpmXStateClass *cls, const char *text,
									const spm_record_field *f, const char *what);
extern void spm_xstate_put_numeric(StringInfo buf, Numeric n);

#endif							/* SPM_COMMON_XSTATE_H */
