/*
 * ols.c
 *	  One-regressor least squares in double-double arithmetic: accumulation,
 *	  merge, summary, prediction intervals and the state's text form (see
 *	  ols.h for the method and the state's invariants).  No PostgreSQL
 *	  headers.
 */
#include "ols.h"
#include "statetext.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tdist.h"

/* ---- double-double arithmetic ------------------------------------------- */

/*
 * A double-double is an unevaluated sum hi + lo with |lo| <= ulp(hi) / 2:
 * about 106 significant bits.  The error-free transformations are
 * Knuth's two-sum and the fma product; the operations follow Hida, Li &
 * Bailey's QD library ("accurate" addition).
 */
typedef struct dd
{
	double		hi;
	double		lo;
} dd;

static inline dd
dd_make(double hi, double lo)
{
	dd			r = {hi, lo};

	return r;
}

/* a + b exactly, |a| >= |b| not required */
static inline dd
two_sum(double a, double b)
{
	double		s = a + b;
	double		bb = s - a;

	return dd_make(s, (a - (s - bb)) + (b - bb));
}

/* a + b exactly, when |a| >= |b| or a == 0 */
static inline dd
fast_two_sum(double a, double b)
{
	double		s = a + b;

	return dd_make(s, b - (s - a));
}

/* a * b exactly (barring underflow) */
static inline dd
two_prod(double a, double b)
{
	double		p = a * b;

	return dd_make(p, fma(a, b, -p));
}

static inline dd
dd_add(dd a, dd b)
{
	dd			s = two_sum(a.hi, b.hi);
	dd			t = two_sum(a.lo, b.lo);

	s.lo += t.hi;
	s = fast_two_sum(s.hi, s.lo);
	s.lo += t.lo;
	return fast_two_sum(s.hi, s.lo);
}

static inline dd
dd_neg(dd a)
{
	return dd_make(-a.hi, -a.lo);
}

static inline dd
dd_sub(dd a, dd b)
{
	return dd_add(a, dd_neg(b));
}

static inline dd
dd_mul(dd a, dd b)
{
	dd			p = two_prod(a.hi, b.hi);

	p.lo += a.hi * b.lo + a.lo * b.hi;
	return fast_two_sum(p.hi, p.lo);
}

static inline dd
dd_div(dd a, dd b)
{
	double		q1 = a.hi / b.hi;
	dd			r = dd_sub(a, dd_mul(dd_make(q1, 0.0), b));
	double		q2 = r.hi / b.hi;
	double		q3;

	r = dd_sub(r, dd_mul(dd_make(q2, 0.0), b));
	q3 = r.hi / b.hi;
	return dd_add(fast_two_sum(q1, q2), dd_make(q3, 0.0));
}

/* sqrt(a) rounded to a double: one Newton step from sqrt(a.hi) */
static inline double
dd_sqrt(dd a)
{
	double		x = sqrt(a.hi);

	if (!(x > 0.0))
		return x;
	return x + dd_sub(a, two_prod(x, x)).hi / (2.0 * x);
}

/* an int64 as a double-double, exactly */
static inline dd
dd_from_int64(int64_t n)
{
	return two_sum((double) (n >> 32) * 4294967296.0, (double) (n & 0xFFFFFFFF));
}

static inline dd
dd_get(const double *v)
{
	return dd_make(v[0], v[1]);
}

static inline void
dd_put(double *v, dd a)
{
	v[0] = a.hi;
	v[1] = a.lo;
}

/* ---- accumulation and merge ---------------------------------------------- */

void
spm_trend_init(spm_trend *t)
{
	memset(t, 0, sizeof(*t));
	t->version = SPM_TREND_VERSION;
}

/* every double of the state is finite */
static int
all_finite(const spm_trend *t)
{
	const double *v = &t->x0;
	double		z = 0.0;

	/* v - v is 0 for a finite v and NaN for an infinite or NaN one */
	for (int i = 0; i < 12; i++)
		z += v[i] - v[i];
	return !isnan(z);
}

int
spm_trend_add(spm_trend *t, double y, double x)
{
	dd			dx,
				dy;

	if (t->n == 0)
	{
		t->n = 1;
		t->x0 = x;
		t->y0 = y;
		return 0;
	}
	if (t->n == INT64_MAX)
		return -1;
	t->n++;
	dx = two_sum(x, -t->x0);
	dy = two_sum(y, -t->y0);
	dd_put(t->sx, dd_add(dd_get(t->sx), dx));
	dd_put(t->sy, dd_add(dd_get(t->sy), dy));
	dd_put(t->sxx, dd_add(dd_get(t->sxx), dd_mul(dx, dx)));
	dd_put(t->syy, dd_add(dd_get(t->syy), dd_mul(dy, dy)));
	dd_put(t->sxy, dd_add(dd_get(t->sxy), dd_mul(dx, dy)));
	return all_finite(t) ? 0 : -1;
}

/*
 * from's sums are moved to into's shift (x0, y0) before they are added:
 * with d = from.x0 - into.x0 (exact), sum (x - into.x0) = sx + n d,
 * sum (x - into.x0)^2 = sxx + 2 d sx + n d^2, and likewise for y and xy.
 */
int
spm_trend_combine(spm_trend *into, const spm_trend *from)
{
	dd			n,
				dx,
				dy,
				sx,
				sy;

	if (from->n == 0)
		return 0;
	if (into->n == 0)
	{
		*into = *from;
		return 0;
	}
	if (from->n > INT64_MAX - into->n)
		return -1;
	n = dd_from_int64(from->n);
	dx = two_sum(from->x0, -into->x0);
	dy = two_sum(from->y0, -into->y0);
	sx = dd_get(from->sx);
	sy = dd_get(from->sy);
	dd_put(into->sxx, dd_add(dd_get(into->sxx),
							 dd_add(dd_get(from->sxx),
									dd_mul(dx, dd_add(dd_add(sx, sx), dd_mul(n, dx))))));
	dd_put(into->syy, dd_add(dd_get(into->syy),
							 dd_add(dd_get(from->syy),
									dd_mul(dy, dd_add(dd_add(sy, sy), dd_mul(n, dy))))));
	dd_put(into->sxy, dd_add(dd_get(into->sxy),
							 dd_add(dd_add(dd_get(from->sxy), dd_mul(dx, sy)),
									dd_mul(dy, dd_add(sx, dd_mul(n, dx))))));
	dd_put(into->sx, dd_add(dd_get(into->sx), dd_add(sx, dd_mul(n, dx))));
	dd_put(into->sy, dd_add(dd_get(into->sy), dd_add(sy, dd_mul(n, dy))));
	into->n += from->n;
	return all_finite(into) ? 0 : -1;
}

/* ---- statistics ------------------------------------------------------------ */

/* the centred co-moments and the shifted means, as double-doubles */
typedef struct moments
{
	dd			n;
	dd			mx;				/* mean of x - x0 */
	dd			my;
	dd			cxx;			/* sum (x - mean x)^2 */
	dd			cyy;
	dd			cxy;
} moments;

static void
centre(const spm_trend *t, moments *m)
{
	dd			sx = dd_get(t->sx),
				sy = dd_get(t->sy);

	m->n = dd_from_int64(t->n);
	if (t->n == 0)
	{
		memset(m, 0, sizeof(*m));
		return;
	}
	m->mx = dd_div(sx, m->n);
	m->my = dd_div(sy, m->n);
	m->cxx = dd_sub(dd_get(t->sxx), dd_mul(sx, m->mx));
	m->cyy = dd_sub(dd_get(t->syy), dd_mul(sy, m->my));
	m->cxy = dd_sub(dd_get(t->sxy), dd_mul(sx, m->my));
}

/* slope and the residual sum of squares; 0 when there is no slope */
static int
fit(const spm_trend *t, moments *m, dd *slope, dd *rss)
{
	centre(t, m);
	if (t->n < 2 || !(m->cxx.hi > 0.0))
		return 0;
	*slope = dd_div(m->cxy, m->cxx);
	*rss = dd_sub(m->cyy, dd_mul(m->cxy, *slope));
	if (rss->hi < 0.0)
		*rss = dd_make(0.0, 0.0);	/* rounding on an exact fit */
	return 1;
}

double
spm_trend_rss(const spm_trend *t)
{
	moments		m;
	dd			slope,
				rss;

	if (!fit(t, &m, &slope, &rss))
		return 0.0;
	return rss.hi;
}

void
spm_trend_summarise(const spm_trend *t, spm_trend_summary *o)
{
	moments		m;
	dd			slope,
				rss,
				xbar;

	memset(o, 0, sizeof(*o));
	o->n = t->n;
	if (!fit(t, &m, &slope, &rss))
		return;
	o->has_slope = 1;
	o->slope = slope.hi;
	/* intercept = mean y - slope * mean x, without losing the shift */
	xbar = dd_add(dd_make(t->x0, 0.0), m.mx);
	o->intercept = dd_sub(dd_add(dd_make(t->y0, 0.0), m.my), dd_mul(slope, xbar)).hi;
	if (m.cyy.hi > 0.0)
	{
		o->has_r2 = 1;
		o->r2 = dd_div(dd_mul(m.cxy, slope), m.cyy).hi;
		if (o->r2 > 1.0)
			o->r2 = 1.0;
	}
	if (t->n >= 3)
	{
		/* each a square root of a double-double: one rounding */
		dd			s2 = dd_div(rss, dd_sub(m.n, dd_make(2.0, 0.0)));

		o->has_se = 1;
		o->residual_se = dd_sqrt(s2);
		o->se_slope = dd_sqrt(dd_div(s2, m.cxx));
		o->se_intercept =
			dd_sqrt(dd_mul(s2, dd_add(dd_div(dd_make(1.0, 0.0), m.n),
									  dd_div(dd_mul(xbar, xbar), m.cxx))));
	}
}

int
spm_trend_predict(const spm_trend *t, double x, double level,
				  double *point, double *lower, double *upper)
{
	moments		m;
	dd			slope,
				rss,
				dx;
	double		se,
				q;

	if (!fit(t, &m, &slope, &rss))
		return -1;
	/* x - mean x, and the point as mean y + slope (x - mean x) */
	dx = dd_sub(two_sum(x, -t->x0), m.mx);
	*point = dd_add(dd_add(dd_make(t->y0, 0.0), m.my), dd_mul(slope, dx)).hi;
	if (t->n < 3)
		return 1;
	/* s^2 (1 + 1/n + dx^2 / cxx) */
	se = dd_sqrt(dd_mul(dd_div(rss, dd_sub(m.n, dd_make(2.0, 0.0))),
						dd_add(dd_make(1.0, 0.0),
							   dd_add(dd_div(dd_make(1.0, 0.0), m.n),
									  dd_div(dd_mul(dx, dx), m.cxx)))));
	q = spm_qt(0.5 * (1.0 + level), (double) t->n - 2.0);
	*lower = *point - q * se;
	*upper = *point + q * se;
	return 0;
}

/* ---- validation and text form --------------------------------------------- */

int
spm_trend_valid(const spm_trend *t, char *err, size_t errlen)
{
	const double *v = &t->x0;
	moments		m;
	double		bound;

	if (t->version != SPM_TREND_VERSION)
	{
		snprintf(err, errlen, "Unsupported trend state format version %d.", (int) t->version);
		return 0;
	}
	if (t->flags != 0)
	{
		snprintf(err, errlen, "Reserved flags must be 0, not %d.", (int) t->flags);
		return 0;
	}
	if (t->n < 0)
	{
		snprintf(err, errlen, "The count must not be negative.");
		return 0;
	}
	if (!all_finite(t))
	{
		snprintf(err, errlen, "Sums must be finite numbers.");
		return 0;
	}
	for (int i = 2; i < 12; i += 2)
		if (v[i] + v[i + 1] != v[i])
		{
			snprintf(err, errlen, "The low part of a sum must be below half a unit in the last place of its high part.");
			return 0;
		}
	for (int i = 0; i < 12; i++)
		if ((t->n == 0 && v[i] != 0.0) || (t->n == 1 && i >= 2 && v[i] != 0.0))
		{
			snprintf(err, errlen, t->n == 0 ? "An empty state must have all fields 0."
					 : "A state of one point has all sums 0.");
			return 0;
		}
	if (t->n < 2)
		return 1;
	if (t->sxx[0] < 0.0 || t->syy[0] < 0.0)
	{
		snprintf(err, errlen, "Sums of squares must not be negative.");
		return 0;
	}
	centre(t, &m);
	if (m.cxx.hi < -1e-12 * t->sxx[0] || m.cyy.hi < -1e-12 * t->syy[0])
	{
		snprintf(err, errlen, "The sum of squares of x or y is smaller than its sum allows (sxx < sx^2 / n).");
		return 0;
	}
	bound = sqrt(fmax(m.cxx.hi, 0.0)) * sqrt(fmax(m.cyy.hi, 0.0));
	if (fabs(m.cxy.hi) > bound * (1.0 + 1e-12))
	{
		snprintf(err, errlen, "The co-moment of x and y exceeds what their sums of squares allow (Cauchy-Schwarz).");
		return 0;
	}
	if (t->n == 2 && fabs(m.cxy.hi) < bound * (1.0 - 1e-12))
	{
		snprintf(err, errlen, "Two points lie on a line: their co-moment must be as large as their sums of squares allow.");
		return 0;
	}
	return 1;
}

/* the version 1 layout: raw sums of x and y, centred co-moments */
typedef struct trend_v1
{
	int32_t		version;
	int32_t		flags;
	int64_t		n;
	double		sx;
	double		sy;
	double		sxx;
	double		syy;
	double		sxy;
} trend_v1;

static int
valid_v1(const void *state, char *err, size_t errlen)
{
	const trend_v1 *t = state;

	if (t->n < 0)
	{
		snprintf(err, errlen, "The count must not be negative.");
		return 0;
	}
	if (t->sxx < 0.0 || t->syy < 0.0)
	{
		snprintf(err, errlen, "Sums of squared deviations must not be negative.");
		return 0;
	}
	return 1;
}

/*
 * Version 1 to 2: the shift is the mean (as a double), the shifted sums the
 * raw ones' remainder.  spm_trend_valid then checks the result.
 */
static void
upgrade_v1(const void *old, void *state)
{
	const trend_v1 *o = old;
	spm_trend  *t = state;
	dd			n,
				sx,
				sy;

	if (o->n == 0)
	{
		/* nonzero sums make the result invalid, as they should */
		t->x0 = o->sx;
		t->y0 = o->sy;
		t->sxx[0] = o->sxx;
		t->syy[0] = o->syy;
		t->sxy[0] = o->sxy;
		return;
	}
	t->n = o->n;
	n = dd_from_int64(o->n);
	t->x0 = o->sx / (double) o->n;
	t->y0 = o->sy / (double) o->n;
	sx = dd_sub(dd_make(o->sx, 0.0), dd_mul(n, dd_make(t->x0, 0.0)));
	sy = dd_sub(dd_make(o->sy, 0.0), dd_mul(n, dd_make(t->y0, 0.0)));
	if (o->n == 1)
		sx = sy = dd_make(0.0, 0.0);
	dd_put(t->sx, sx);
	dd_put(t->sy, sy);
	dd_put(t->sxx, dd_add(dd_make(o->sxx, 0.0), dd_div(dd_mul(sx, sx), n)));
	dd_put(t->syy, dd_add(dd_make(o->syy, 0.0), dd_div(dd_mul(sy, sy), n)));
	dd_put(t->sxy, dd_add(dd_make(o->sxy, 0.0), dd_div(dd_mul(sx, sy), n)));
}

#define F(name, kind, member) {name, kind, offsetof(spm_trend, member)}
#define V1(name, kind, member) {name, kind, offsetof(trend_v1, member)}

static const spm_field trend_fields[] = {
	F("version", SPM_FIELD_INT32, version),
	F("flags", SPM_FIELD_INT32, flags),
	F("n", SPM_FIELD_COUNT, n),
	F("x0", SPM_FIELD_DOUBLE, x0),
	F("y0", SPM_FIELD_DOUBLE, y0),
	F("sx", SPM_FIELD_DOUBLE, sx[0]),
	F("sx_lo", SPM_FIELD_DOUBLE, sx[1]),
	F("sy", SPM_FIELD_DOUBLE, sy[0]),
	F("sy_lo", SPM_FIELD_DOUBLE, sy[1]),
	F("sxx", SPM_FIELD_DOUBLE, sxx[0]),
	F("sxx_lo", SPM_FIELD_DOUBLE, sxx[1]),
	F("syy", SPM_FIELD_DOUBLE, syy[0]),
	F("syy_lo", SPM_FIELD_DOUBLE, syy[1]),
	F("sxy", SPM_FIELD_DOUBLE, sxy[0]),
	F("sxy_lo", SPM_FIELD_DOUBLE, sxy[1]),
};

static const spm_field trend_v1_fields[] = {
	V1("version", SPM_FIELD_INT32, version),
	V1("flags", SPM_FIELD_INT32, flags),
	V1("n", SPM_FIELD_COUNT, n),
	V1("sx", SPM_FIELD_DOUBLE, sx),
	V1("sy", SPM_FIELD_DOUBLE, sy),
	V1("sxx", SPM_FIELD_DOUBLE, sxx),
	V1("syy", SPM_FIELD_DOUBLE, syy),
	V1("sxy", SPM_FIELD_DOUBLE, sxy),
};

static const spm_state_layout trend_v1_layout = {
	"spm.trend", sizeof(trend_v1), 1, "(n,sx,sy,sxx,syy,sxy)",
	6, trend_v1_fields + 2, 8, trend_v1_fields, valid_v1, NULL, NULL
};

static int
valid_cb(const void *state, char *err, size_t errlen)
{
	return spm_trend_valid(state, err, errlen);
}

const spm_state_layout spm_trend_layout = {
	"spm.trend", sizeof(spm_trend), SPM_TREND_VERSION,
	"(n,x0,y0,sx,sx_lo,sy,sy_lo,sxx,sxx_lo,syy,syy_lo,sxy,sxy_lo)",
	13, trend_fields + 2, 15, trend_fields, valid_cb,
	&trend_v1_layout, upgrade_v1
};

void
spm_trend_format(const spm_trend *t, char *buf, size_t buflen)
{
	spm_state_format(&spm_trend_layout, t, buf, buflen);
}

int
spm_trend_parse(const char *text, spm_trend *out, char *err, size_t errlen)
{
	return spm_state_parse(&spm_trend_layout, text, out, err, errlen);
}
