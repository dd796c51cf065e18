/*
 * compat.h
 *	  The one place for PostgreSQL-version-specific code.  spm is built and
 *	  tested on PostgreSQL 15, 17 and 18; anything that differs between server
 *	  versions is wrapped here behind PG_VERSION_NUM so module code stays
 *	  version-free.
 */
#ifndef SPM_COMPAT_H
#define SPM_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "spm requires PostgreSQL 15 or later"
#endif

/*
 * The varlena macros (VARSIZE_ANY, VARDATA_ANY, SET_VARSIZE, ...) have their
 * own header from PostgreSQL 16 on, which postgres.h no longer includes.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * A function that never returns is declared "pg_noreturn extern void f(...)":
 * PostgreSQL 18 has pg_noreturn (C11 _Noreturn, before the declaration) and
 * no longer pg_attribute_noreturn() (after the declarator), which is all the
 * versions before it have.  GCC's and MSVC's spelling of the latter go before
 * a declaration just as well.
 */
#if PG_VERSION_NUM < 180000
#define pg_noreturn pg_attribute_noreturn()
#endif

/* make_range() takes a soft-error context from PostgreSQL 16 on */
#if PG_VERSION_NUM >= 160000
#define spm_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty), NULL)
#else
#define spm_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty))
#endif

/* index_beginscan() takes an instrumentation argument from PostgreSQL 18 on */
#if PG_VERSION_NUM >= 180000
#define spm_index_beginscan(heap, index, snapshot, nkeys) \
	index_beginscan((heap), (index), (snapshot), NULL, (nkeys), 0)
#else
#define spm_index_beginscan(heap, index, snapshot, nkeys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), 0)
#endif

#endif							/* SPM_COMPAT_H */
