/*
 * statetext.h
 *	  One description, one text parser and one formatter for spm's
 *	  fixed-size aggregate state types (spm.trend, spm.accuracy_state,
 *	  spm.survey_state, spm.streak_state, spm.win_rate_state).  Plain C, no
 *	  PostgreSQL headers: the SQL side (src/common/statetype.c) reads the
 *	  same description for the binary form and the in-place updates.
 *
 * Every such state is a C struct that starts with an int32 format version
 * and is followed by int32, int64 and double fields.  Its text form is
 * "(f1,f2,...)": a chosen list of the fields (never the version), white
 * space allowed around each.  The one range policy, for every type:
 *
 *	 SPM_FIELD_COUNT	a whole number 0 .. INT64_MAX ("+" allowed, no "-")
 *	 SPM_FIELD_INT32	a whole number 0 .. INT32_MAX
 *	 SPM_FIELD_DOUBLE	a finite double (strtod syntax, but no "inf"/"nan";
 *						magnitudes beyond DBL_MAX are out of range, values
 *						that underflow read as the nearest double)
 *
 * and doubles are written with the fewest of 15..17 significant digits that
 * read back to the same value, so the text form round-trips exactly.  After
 * a successful read the type's own valid() checks the invariants a state
 * produced from data satisfies (see each type's header).
 *
 * The binary form is a (possibly different) list of the fields, version
 * first, each in network byte order: int32 as 4 bytes, int64 and double as
 * 8 bytes (as pq_sendint32 / pq_sendint64 / pq_sendfloat8 write them).
 */
#ifndef SPM_CORE_STATETEXT_H
#define SPM_CORE_STATETEXT_H

#include <stddef.h>
#include <stdint.h>

typedef enum spm_field_kind
{
	SPM_FIELD_INT32,
	SPM_FIELD_COUNT,			/* int64, not negative in text */
	SPM_FIELD_DOUBLE
} spm_field_kind;

typedef struct spm_field
{
	const char *name;			/* for messages: "n", "sum_err", ... */
	spm_field_kind kind;
	size_t		offset;			/* offsetof() in the state struct */
} spm_field;

#define SPM_STATE_MAX_FIELDS 16

typedef struct spm_state_layout spm_state_layout;

struct spm_state_layout
{
	const char *sqlname;		/* "spm.trend": for messages */
	size_t		size;			/* sizeof the struct = INTERNALLENGTH */
	int32_t		version;		/* the struct's first field holds this */
	const char *shape;			/* "(n,sx,...)": the text form, for messages */
	int			ntext;
	const spm_field *text;		/* text form fields, in order */
	int			nbinary;
	const spm_field *binary;	/* binary form fields, in order, version first */
	/* invariants of a state data could produce; 0 with a reason if broken */
	int			(*valid) (const void *state, char *err, size_t errlen);

	/*
	 * An earlier format that is still read (text and binary) and converted
	 * with upgrade(); NULL if none.
	 */
	const spm_state_layout *previous;
	void		(*upgrade) (const void *old, void *state);
};

/* all fields zero, version set: the empty state */
extern void spm_state_init(const spm_state_layout *l, void *state);

/*
 * Read the text form into state (l->size bytes): 0, or -1 with a
 * one-sentence reason in err.  The previous format is read too.
 */
extern int	spm_state_parse(const spm_state_layout *l, const char *text,
							void *state, char *err, size_t errlen);

/* write the text form; returns what snprintf returns */
extern int	spm_state_format(const spm_state_layout *l, const void *state,
							 char *buf, size_t buflen);

/* bytes the text form can need, for buffers: "(" + fields + ")" */
#define SPM_STATE_TEXT_MAX(nfields) (2 + (nfields) * 26)

/* shortest %.*g (15..17 digits) that reads back to v; returns its length */
extern int	spm_format_double(char *buf, size_t len, double v);

#endif							/* SPM_CORE_STATETEXT_H */
