/*
 * quotient.c
 *	  Decimal places of an exact quotient (see quotient.h).
 */
#include "quotient.h"

/* Whether p divides the decimal digits c[0..n-1]; if so, divide them by p. */
static int
divide_if_divisible(unsigned char *c, size_t n, int p)
{
	unsigned	rem = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		rem = (rem * 10 + c[i]) % p;
	if (rem != 0)
		return 0;
	for (i = 0; i < n; i++)
	{
		rem = rem * 10 + c[i];
		c[i] = (unsigned char) (rem / p);
		rem %= p;
	}
	return 1;
}

int
spm_quotient_places(const char *d, size_t len, long *places)
{
	unsigned char c[SPM_QUOTIENT_EXACT_DIGITS];
	const char *p = d,
			   *end = d + len;
	const char *first = NULL,	/* first non-zero digit */
			   *last = NULL;	/* last non-zero digit */
	long		frac = 0,		/* digits after the point */
				after_last = 0, /* digits after the last non-zero one */
				ndigits = 0,	/* digits of c */
				v = 0;
	int			seen_point = 0,
				any = 0;

	*places = 0;
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	for (; p < end; p++)
	{
		if (*p == '.' && !seen_point)
		{
			seen_point = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			return -1;
		any = 1;
		if (seen_point)
			frac++;
		if (*p != '0')
		{
			if (first == NULL)
				first = p;
			last = p;
			after_last = 0;
		}
		else
			after_last++;
	}
	if (!any || first == NULL)
		return -1;

	/* c is the digits from first to last (skipping the point) */
	for (p = first; p <= last; p++)
		if (*p != '.')
		{
			if (ndigits < SPM_QUOTIENT_EXACT_DIGITS)
				c[ndigits] = (unsigned char) (*p - '0');
			ndigits++;
		}

	/*
	 * d = c * 10^e: the zeros after the last non-zero digit raise e, the
	 * digits after the point lower it.
	 */
	if (ndigits <= SPM_QUOTIENT_EXACT_DIGITS)
	{
		/* c does not end in 0, so at most one of 2 and 5 divides it */
		int			prime = (c[ndigits - 1] % 2 == 0) ? 2 : 5;

		while (divide_if_divisible(c, (size_t) ndigits, prime))
			v++;
	}
	else
		v = ndigits * 3322 / 1000 + 1;	/* log2(10) < 3.322 */
	*places = after_last - frac + v;
	return 0;
}
