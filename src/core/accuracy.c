/*
 * accuracy.c
 *	  Forecast accuracy state: per-row update, merge, measures, text form.
 *	  No PostgreSQL headers.
 */
#include "accuracy.h"
#include "statetext.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
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
	/* rounding room for comparing sums of n terms */
	double		tol = ((double) s->n + 1.0) * DBL_EPSILON;

	if (s->version != SPM_ACCURACY_VERSION)
	{
		snprintf(err, errlen, "Unsupported accuracy state format version %d.", (int) s->version);
		return 0;
	}
	if (s->flags != 0)
	{
		snprintf(err, errlen, "Reserved flags must be 0, not %d.", (int) s->flags);
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
	if ((s->n_zero == s->n) != (s->sum_abs_actual == 0.0))
	{
		snprintf(err, errlen, "The sum of absolute actuals must be 0 exactly when every actual is 0 (n_zero = n).");
		return 0;
	}
	if (s->n_zero == s->n && s->sum_ape != 0.0)
	{
		snprintf(err, errlen, "With every actual 0 there is no percentage error to sum.");
		return 0;
	}
	if (fabs(s->sum_err) > s->sum_abs_err * (1.0 + tol))
	{
		snprintf(err, errlen, "The sum of errors must not exceed the sum of absolute errors in magnitude.");
		return 0;
	}
	if (s->sum_abs_err == 0.0 && (s->sum_sq_err != 0.0 || s->sum_ape != 0.0))
	{
		snprintf(err, errlen, "With no error at all the sums of squared and percentage errors must be 0.");
		return 0;
	}
	return 1;
}

static int
valid_cb(const void *state, char *err, size_t errlen)
{
	return spm_accuracy_valid(state, err, errlen);
}

#define F(name, kind, member) {name, kind, offsetof(spm_accuracy, member)}

static const spm_field accuracy_fields[] = {
	F("version", SPM_FIELD_INT32, version),
	F("flags", SPM_FIELD_INT32, flags),
	F("n", SPM_FIELD_COUNT, n),
	F("n_zero", SPM_FIELD_COUNT, n_zero),
	F("sum_ape", SPM_FIELD_DOUBLE, sum_ape),
	F("sum_abs_err", SPM_FIELD_DOUBLE, sum_abs_err),
	F("sum_abs_actual", SPM_FIELD_DOUBLE, sum_abs_actual),
	F("sum_err", SPM_FIELD_DOUBLE, sum_err),
	F("sum_sq_err", SPM_FIELD_DOUBLE, sum_sq_err),
};

const spm_state_layout spm_accuracy_layout = {
	"spm.accuracy_state", sizeof(spm_accuracy), SPM_ACCURACY_VERSION,
	"(n,n_zero,sum_ape,sum_abs_err,sum_abs_actual,sum_err,sum_sq_err)",
	7, accuracy_fields + 2, 9, accuracy_fields, valid_cb, NULL, NULL
};

void
spm_accuracy_format(const spm_accuracy *s, char *buf, size_t buflen)
{
	spm_state_format(&spm_accuracy_layout, s, buf, buflen);
}

int
spm_accuracy_parse(const char *text, spm_accuracy *out, char *err, size_t errlen)
{
	return spm_state_parse(&spm_accuracy_layout, text, out, err, errlen);
}
