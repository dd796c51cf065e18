/*
 * spm.c
 *	  Module entry point of the spm extension (Sales Performance Management).
 *	  Each capability lives in its own directory under src/, with its SQL
 *	  declarations next to its C code; pure computations live in src/core/.
 */
#include "postgres.h"

#include "fmgr.h"

#include "compat.h"

PG_MODULE_MAGIC;
