/*
 * textnum.h
 *	  Small pieces shared by the text forms of spm's types: skipping white
 *	  space and reading whole numbers strictly, with overflow checks.  Plain
 *	  C, no PostgreSQL headers.
 */
#ifndef SPM_CORE_TEXTNUM_H
#define SPM_CORE_TEXTNUM_H

#include <stdint.h>

/* The first character at or after p that is not white space. */
extern const char *spm_skip_space(const char *p);

/*
 * Read a non-negative decimal integer (optionally "+"), with white space
 * around it.  Returns the position after the trailing white space, or NULL
 * when there are no digits or the value does not fit in int64.
 */
extern const char *spm_parse_count(const char *p, int64_t *out);

#endif							/* SPM_CORE_TEXTNUM_H */
