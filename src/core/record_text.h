/*
 * record_text.h
 *	  Splitting the text form of spm's variable-size aggregate states into
 *	  fields.  Plain C, no PostgreSQL headers, so that it can be unit-tested
 *	  and fuzzed apart; the SQL side converts each field with the input
 *	  function of its type (numeric, spm.tier_schedule, date, ...).
 *
 * The syntax is that of a composite value's text form, which readers of
 * PostgreSQL know:
 *
 *	 record := "(" field ["," field ...] ")"	 a list: "{" ... "}" instead
 *	 field	:= empty								 NULL
 *			 | quoted								 "..." with "" or \" for a quote
 *													 and \\ for a backslash
 *			 | nested								 a record, kept whole with its
 *													 parentheses, to be split again
 *			 | bare									 any characters but , ( ) { } " \
 *													 and white space
 *
 * White space is allowed around fields and around the whole value.  A list
 * may be empty ("{}"); a record has at least one field.  Nothing may follow
 * the closing bracket.
 */
#ifndef SPM_CORE_RECORD_TEXT_H
#define SPM_CORE_RECORD_TEXT_H

#include <stddef.h>

/* nesting deeper than this is rejected (no state needs more than 2) */
#define SPM_RECORD_MAX_DEPTH 4

typedef struct spm_record_field
{
	const char *text;			/* NUL-terminated; NULL for an empty field */
	int			quoted;			/* it was written in quotes */
	int			nested;			/* it is a record, brackets included */
} spm_record_field;

/*
 * Split text, a record (open '(') or a list (open '{'), into at most
 * maxfields fields.  The unescaped field texts are written into buf, which
 * must hold strlen(text) + 1 bytes; fields[i].text points into it.
 * Returns the number of fields (0 only for an empty list), or -1 with a
 * one-sentence reason in err (too many fields included).
 */
extern int	spm_record_split(const char *text, char open, spm_record_field *fields,
							 int maxfields, char *buf, char *err, size_t errlen);

/*
 * Does a field's text need quotes to be read back as the same text?
 * (empty, or any character that is not allowed bare)
 */
extern int	spm_record_needs_quotes(const char *s);

#endif							/* SPM_CORE_RECORD_TEXT_H */
