/*
 * typeio.c
 *	  Shared input and receive errors of spm's types (see typeio.h).
 */
#include "postgres.h"

#include "compat.h"
#include "common/typeio.h"

void
spm_bad_text(const char *type, const char *text, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", type, text),
			 errdetail("%s", detail)));
}

void
spm_bad_binary(const char *type, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external value for type %s", type),
			 errdetail("%s", detail)));
}

void
spm_bad_serial(const char *aggregate, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid serialized state of %s", aggregate),
			 errdetail("%s", detail)));
}
