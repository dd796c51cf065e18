/*
 * typeio.h
 *	  The errors every spm type's input and receive functions raise, worded
 *	  the same way for all of them (as PostgreSQL's own types word them).
 */
#ifndef SPM_COMMON_TYPEIO_H
#define SPM_COMMON_TYPEIO_H

#include "postgres.h"

#include "compat.h"

/* 22P02: text that is not a value of the type; detail says what was expected */
pg_noreturn extern void spm_bad_text(const char *type, const char *text, const char *detail);

/* 22P03: bytes that are not a value of the type; detail says which check failed */
pg_noreturn extern void spm_bad_binary(const char *type, const char *detail);

/*
 * 22P03: an aggregate's serialized partial state (a parallel worker's
 * bytea) that its deserialize function cannot read; detail says why
 */
pg_noreturn extern void spm_bad_serial(const char *aggregate, const char *detail);

#endif							/* SPM_COMMON_TYPEIO_H */
