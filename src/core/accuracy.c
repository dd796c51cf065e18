/*
 * accuracy.c
 *	  Forecast accuracy state: per-row update, merge, measures, text form.
 *	  No PostgreSQL headers.
 */
#include "accuracy.h"
#include "textnum.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
spm_accuracy_init(spm_accuracy *s)
{
	memset(s, 0, sizeof(*s));
	s->version = SPM_ACCURACY_VERSION;
}

static int
sums_finite(const spm_accuracy *s)
{
	/* v - v is 0 for a finite v, NaN for an infinite or NaN one */
	return !isnan((s->sum_ape - s->sum_ape) + (s->sum_abs_err - s->sum_abs_err) +
				  (s->sum_abs_actual - s->sum_abs_actual) +
				  (s->sum_err - s->sum_err) + (s->sum_sq_err - s->sum_sq_err));
}

int
spm_accuracy_add(spm_accuracy *s, double actual, double forecast)
{
	double		e = forecast - actual;

	if (s->n == INT64_MAX)
		return -1;
	s->n++;
	if (actual == 0.0)
		s->n_zero++;
	else
		s->sum_ape += fabs(e) / fabs(actual);
	s->sum_abs_err += fabs(e);
	s->sum_abs_actual += fabs(actual);
	s->sum_err += e;
	s->sum_sq_err += e * e;
	return sums_finite(s) ? 0 : -1;
}

int
spm_accuracy_combine(spm_accuracy *into, const spm_accuracy *from)
{
	if (from->n > INT64_MAX - into->n)
		return -1;
	into->n += from->n;
	into->n_zero += from->n_zero;
	into->sum_ape += from->sum_ape;
	into->sum_abs_err += from->sum_abs_err;
	into->sum_abs_actual += from->sum_abs_actual;
	into->sum_err += from->sum_err;
	into->sum_sq_err += from->sum_sq_err;
	return sums_finite(into) ? 0 : -1;
}

int
spm_accuracy_mape(const spm_accuracy *s, double *out)
{
	int64_t		m = s->n - s->n_zero;

	if (m <= 0)
		return -1;
	*out = s->sum_ape / (double) m;
	return 0;
}

int
spm_accuracy_wape(const spm_accuracy *s, double *out)
{
	if (s->n == 0 || s->sum_abs_actual == 0.0)
		return -1;
	*out = s->sum_abs_err / s->sum_abs_actual;
	return 0;
}

int
spm_accuracy_bias(const spm_accuracy *s, double *out)
{
	if (s->n == 0 || s->sum_abs_actual == 0.0)
		return -1;
	*out = s->sum_err / s->sum_abs_actual;
	return 0;
}

int
spm_accuracy_rmse(const spm_accuracy *s, double *out)
{
	if (s->n == 0)
		return -1;
	*out = sqrt(s->sum_sq_err / (double) s->n);
	return 0;
}

int
spm_accuracy_valid(const spm_accuracy *s, char *err, size_t errlen)
{
	if (s->version != SPM_ACCURACY_VERSION)
	{
		snprintf(err, errlen, "Unsupported accuracy state format version %d.", (int) s->version);
		return 0;
	}
	if (s->flags != 0)
	{
		snprintf(err, errlen, "Reserved flags must be 0.");
		return 0;
	}
	if (s->n < 0 || s->n_zero < 0 || s->n_zero > s->n)
	{
		snprintf(err, errlen, "Counts must satisfy 0 <= n_zero <= n.");
		return 0;
	}
	if (!sums_finite(s))
	{
		snprintf(err, errlen, "Sums must be finite numbers.");
		return 0;
	}
	if (s->sum_ape < 0.0 || s->sum_abs_err < 0.0 || s->sum_abs_actual < 0.0 ||
		s->sum_sq_err < 0.0)
	{
		snprintf(err, errlen, "Sums of absolute and squared values must not be negative.");
		return 0;
	}
	if (s->n == 0 && (s->sum_ape != 0.0 || s->sum_abs_err != 0.0 ||
					  s->sum_abs_actual != 0.0 || s->sum_err != 0.0 ||
					  s->sum_sq_err != 0.0))
	{
		snprintf(err, errlen, "An empty state must have all sums 0.");
		return 0;
	}
	return 1;
}

static void
format_double(char *buf, size_t len, double v)
{
	for (int prec = 15; prec <= 17; prec++)
	{
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void
spm_accuracy_format(const spm_accuracy *s, char *buf, size_t buflen)
{
	char		p[5][32];
	const double *v = &s->sum_ape;

	for (int i = 0; i < 5; i++)
		format_double(p[i], sizeof(p[i]), v[i]);
	snprintf(buf, buflen, "(%lld,%lld,%s,%s,%s,%s,%s)", (long long) s->n,
			 (long long) s->n_zero, p[0], p[1], p[2], p[3], p[4]);
}

int
spm_accuracy_parse(const char *text, spm_accuracy *out, char *err, size_t errlen)
{
	const char *p = text;
	char	   *end;
	double	   *v = &out->sum_ape;

	spm_accuracy_init(out);
	while (isspace((unsigned char) *p))
		p++;
	if (*p++ != '(')
		goto syntax;
	if ((p = spm_parse_count(p, &out->n)) == NULL)
		goto syntax;
	while (isspace((unsigned char) *p))
		p++;
	if (*p++ != ',')
		goto syntax;
	if ((p = spm_parse_count(p, &out->n_zero)) == NULL)
		goto syntax;
	for (int i = 0; i < 5; i++)
	{
		while (isspace((unsigned char) *p))
			p++;
		if (*p++ != ',')
			goto syntax;
		while (isspace((unsigned char) *p))
			p++;
		if (!(isdigit((unsigned char) *p) || *p == '-' || *p == '+' || *p == '.'))
			goto syntax;
		v[i] = strtod(p, &end);
		if (end == p)
			goto syntax;
		p = end;
	}
	while (isspace((unsigned char) *p))
		p++;
	if (*p++ != ')')
		goto syntax;
	while (isspace((unsigned char) *p))
		p++;
	if (*p != '\0')
		goto syntax;
	return spm_accuracy_valid(out, err, errlen) ? 0 : -1;

syntax:
	snprintf(err, errlen, "Expected \"(n,n_zero,sum_ape,sum_abs_err,sum_abs_actual,sum_err,sum_sq_err)\": two counts and five finite numbers.");
	return -1;
}
