/*
 * ols.c
 *	  One-regressor least squares: stable accumulation, merge, summary and
 *	  prediction intervals.  No PostgreSQL headers.
 */
#include "ols.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdist.h"

void
spm_trend_init(spm_trend *t)
{
	memset(t, 0, sizeof(*t));
	t->version = SPM_TREND_VERSION;
}

/*
 * Youngs & Cramer's update, as in PostgreSQL's float8_regr_accum: the sums
 * of squared deviations grow by (N x - Sx)^2 / (N (N - 1)), which never
 * cancels the way sum(x^2) - sum(x)^2 / N does.
 */
int
spm_trend_add(spm_trend *t, double y, double x)
{
	double		n = (double) (t->n + 1);

	t->n++;
	t->sx += x;
	t->sy += y;
	if (t->n > 1)
	{
		double		dx = x * n - t->sx;
		double		dy = y * n - t->sy;
		double		scale = 1.0 / (n * (n - 1.0));

		t->sxx += dx * dx * scale;
		t->syy += dy * dy * scale;
		t->sxy += dx * dy * scale;
	}
	/*
	 * One test for all five: v - v is 0 for a finite v and NaN for an
	 * infinite or NaN one (adding the sums themselves could overflow).
	 */
	if (isnan((t->sx - t->sx) + (t->sy - t->sy) + (t->sxx - t->sxx) +
			  (t->syy - t->syy) + (t->sxy - t->sxy)))
		return -1;
	return 0;
}

/* Chan, Golub & LeVeque's merge, as in PostgreSQL's float8_regr_combine */
int
spm_trend_combine(spm_trend *into, const spm_trend *from)
{
	double		n1 = (double) into->n,
				n2 = (double) from->n,
				n,
				dx,
				dy;

	if (from->n == 0)
		return 0;
	if (into->n == 0)
	{
		*into = *from;
		return 0;
	}
	n = n1 + n2;
	dx = into->sx / n1 - from->sx / n2;
	dy = into->sy / n1 - from->sy / n2;
	into->sxx += from->sxx + n1 * n2 * dx * dx / n;
	into->syy += from->syy + n1 * n2 * dy * dy / n;
	into->sxy += from->sxy + n1 * n2 * dx * dy / n;
	into->sx += from->sx;
	into->sy += from->sy;
	into->n += from->n;
	if (!isfinite(into->sx) || !isfinite(into->sy) || !isfinite(into->sxx) ||
		!isfinite(into->syy) || !isfinite(into->sxy))
		return -1;
	return 0;
}

void
spm_trend_summarise(const spm_trend *t, spm_trend_summary *o)
{
	double		n = (double) t->n;

	memset(o, 0, sizeof(*o));
	o->n = t->n;
	if (t->n < 2 || !(t->sxx > 0.0))
		return;
	o->has_slope = 1;
	o->slope = t->sxy / t->sxx;
	o->intercept = (t->sy - o->slope * t->sx) / n;
	if (t->syy > 0.0)
	{
		o->has_r2 = 1;
		o->r2 = (t->sxy * t->sxy) / (t->sxx * t->syy);
		if (o->r2 > 1.0)
			o->r2 = 1.0;
	}
	if (t->n >= 3)
	{
		double		rss = t->syy - t->sxy * t->sxy / t->sxx;
		double		mx = t->sx / n;

		if (rss < 0.0)
			rss = 0.0;			/* rounding on an exact fit */
		o->has_se = 1;
		o->residual_se = sqrt(rss / (n - 2.0));
		o->se_slope = o->residual_se / sqrt(t->sxx);
		o->se_intercept = o->residual_se * sqrt(1.0 / n + mx * mx / t->sxx);
	}
}

int
spm_trend_predict(const spm_trend *t, double x, double level,
				  double *point, double *lower, double *upper)
{
	spm_trend_summary s;
	double		n = (double) t->n,
				dx,
				se,
				q;

	spm_trend_summarise(t, &s);
	if (!s.has_slope)
		return -1;
	dx = x - t->sx / n;
	*point = s.intercept + s.slope * x;
	if (!s.has_se)
		return 1;
	se = s.residual_se * sqrt(1.0 + 1.0 / n + dx * dx / t->sxx);
	q = spm_qt(0.5 * (1.0 + level), n - 2.0);
	*lower = *point - q * se;
	*upper = *point + q * se;
	return 0;
}

int
spm_trend_valid(const spm_trend *t, char *err, size_t errlen)
{
	const double *v = &t->sx;

	if (t->version != SPM_TREND_VERSION)
	{
		snprintf(err, errlen, "Unsupported trend state format version %d.", (int) t->version);
		return 0;
	}
	if (t->flags != 0)
	{
		snprintf(err, errlen, "Reserved flags must be 0.");
		return 0;
	}
	if (t->n < 0)
	{
		snprintf(err, errlen, "The count must not be negative.");
		return 0;
	}
	for (int i = 0; i < 5; i++)
		if (!isfinite(v[i]))
		{
			snprintf(err, errlen, "Sums must be finite numbers.");
			return 0;
		}
	if (t->sxx < 0.0 || t->syy < 0.0)
	{
		snprintf(err, errlen, "Sums of squared deviations must not be negative.");
		return 0;
	}
	if (t->n == 0 && (t->sx != 0.0 || t->sy != 0.0 || t->sxx != 0.0 ||
					  t->syy != 0.0 || t->sxy != 0.0))
	{
		snprintf(err, errlen, "An empty state must have all sums 0.");
		return 0;
	}
	if (t->n == 1 && (t->sxx != 0.0 || t->syy != 0.0 || t->sxy != 0.0))
	{
		snprintf(err, errlen, "A state of one point has no deviations.");
		return 0;
	}
	/* Cauchy-Schwarz, with room for rounding */
	if (t->sxy * t->sxy > t->sxx * t->syy * (1.0 + 1e-12) + 1e-300)
	{
		snprintf(err, errlen, "sxy^2 must not exceed sxx * syy.");
		return 0;
	}
	return 1;
}

/* shortest %.*g that reads back to the same double */
static int
format_double(char *buf, size_t len, double v)
{
	for (int prec = 15; prec <= 17; prec++)
	{
		int			w = snprintf(buf, len, "%.*g", prec, v);

		if (prec == 17 || strtod(buf, NULL) == v)
			return w;
	}
	return 0;
}

void
spm_trend_format(const spm_trend *t, char *buf, size_t buflen)
{
	char		parts[5][32];
	const double *v = &t->sx;

	for (int i = 0; i < 5; i++)
		format_double(parts[i], sizeof(parts[i]), v[i]);
	snprintf(buf, buflen, "(%lld,%s,%s,%s,%s,%s)", (long long) t->n,
			 parts[0], parts[1], parts[2], parts[3], parts[4]);
}

int
spm_trend_parse(const char *text, spm_trend *out, char *err, size_t errlen)
{
	const char *p = text;
	char	   *end;
	double	   *v = &out->sx;
	long long	n;

	spm_trend_init(out);
	while (isspace((unsigned char) *p))
		p++;
	if (*p++ != '(')
		goto syntax;
	while (isspace((unsigned char) *p))
		p++;
	if (!isdigit((unsigned char) *p))
		goto syntax;
	errno = 0;
	n = strtoll(p, &end, 10);
	if (errno != 0)
	{
		snprintf(err, errlen, "The count is out of range.");
		return -1;
	}
	out->n = n;
	p = end;
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
		errno = 0;
		v[i] = strtod(p, &end);
		if (end == p)
			goto syntax;
		if (errno == ERANGE && fabs(v[i]) > 1.0)
		{
			snprintf(err, errlen, "A sum is out of range.");
			return -1;
		}
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
	return spm_trend_valid(out, err, errlen) ? 0 : -1;

syntax:
	snprintf(err, errlen, "Expected \"(n,sx,sy,sxx,syy,sxy)\": a count and five finite numbers.");
	return -1;
}
