/*
 * numeric_util.c
 *	  Exact-numeric helpers shared by the money modules.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "compat.h"
#include "common/numeric_util.h"

int
num_cmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a),
											 NumericGetDatum(b)));
}

/* zero for comparisons, made once per backend; never handed out */
static Numeric
shared_zero(void)
{
	static Numeric zero = NULL;

	if (zero == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		zero = int64_to_numeric(0);
		MemoryContextSwitchTo(old);
	}
	return zero;
}

Numeric
num_zero(void)
{
	return int64_to_numeric(0);
}

int
num_sign(Numeric n)
{
	return num_cmp(n, shared_zero());
}

Numeric
num_power_of_ten(int exponent)
{
	char		buf[16];

	snprintf(buf, sizeof(buf), "1e%d", exponent);
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

Numeric
num_round(Numeric n, int scale)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_round, NumericGetDatum(n),
											   Int32GetDatum(scale)));
}

char *
num_text(Numeric n)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
}

void
check_finite_numeric(Numeric n, const char *argname)
{
	if (numeric_is_nan(n) || numeric_is_inf(n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite number, not %s", argname, num_text(n))));
}

void
check_non_negative_numeric(Numeric n, const char *argname)
{
	check_finite_numeric(n, argname);
	if (num_sign(n) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative, not %s", argname, num_text(n))));
}

void
num_to_wire(StringInfo buf, Numeric n)
{
	bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(n)));

	pq_sendint32(buf, (uint32) VARSIZE_ANY_EXHDR(b));
	pq_sendbytes(buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
}

Numeric
num_from_wire(const unsigned char *bytes, size_t len)
{
	StringInfoData part;

	part.data = (char *) bytes;
	part.len = (int) len;
	part.maxlen = (int) len;
	part.cursor = 0;
	return DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&part),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}
