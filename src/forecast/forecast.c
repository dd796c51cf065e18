/*
 * forecast.c
 *	  SQL-callable spm.forecast and spm.forecast_fit (declared in
 *	  forecast.sql): argument checking, method selection and the result
 *	  rows.  The smoothing itself is src/core/smoothing.c, the linear trend
 *	  src/core/ols.c, the quantiles src/core/tdist.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/tuplestore.h"

#include "compat.h"
#include "common/cancel.h"
#include "core/ols.h"
#include "core/smoothing.h"
#include "core/tdist.h"

#define MAX_HORIZON 10000

typedef enum FcMethod
{
	FC_SES = SPM_HW_SES,
	FC_HOLT = SPM_HW_HOLT,
	FC_HW_ADDITIVE = SPM_HW_ADDITIVE,
	FC_HW_MULTIPLICATIVE = SPM_HW_MULTIPLICATIVE,
	FC_LINEAR,
	FC_AUTO
} FcMethod;

static const char *const method_names[] = {
	"ses", "holt", "hw_additive", "hw_multiplicative", "linear", "auto"
};

/* a fitted model of any method, ready to forecast */
typedef struct FcFit
{
	FcMethod	method;
	spm_hw_model hw;			/* the smoothing methods */
	spm_trend	trend;			/* linear */
	double		sse;			/* the method's own SSE (R's) */
	double		aic;			/* on the comparison window */
	int			nparams;		/* parameters + initial states, for the AIC */
} FcFit;

static void
null_argument(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be null", name)));
}

/* the value of a float8 argument as SQL prints it, for messages */
static const char *
num(double v)
{
	return float8out_internal(v);
}

static FcMethod
parse_method(text *t, bool allow_auto)
{
	char	   *s = text_to_cstring(t);

	for (int i = 0; i <= FC_AUTO; i++)
		if (strcmp(s, method_names[i]) == 0 && (allow_auto || i != FC_AUTO))
			return (FcMethod) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown forecasting method \"%s\"", s),
			 errhint("Use one of ses, holt, hw_additive, hw_multiplicative, linear or auto.")));
	pg_unreachable();
}

/*
 * The series as a C array of doubles.  One-dimensional, no NULLs, finite
 * values only.  The array's own data is used in place when it has no NULL
 * bitmap (float8 elements are 8-byte aligned, by value).
 */
static const double *
series_values(ArrayType *arr, int *n)
{
	int			nitems = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	const double *x;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("series must be a one-dimensional array, not %d-dimensional", ARR_NDIM(arr)),
				 errhint("Build the series with array_agg(value ORDER BY period).")));
	if (ARR_ELEMTYPE(arr) != FLOAT8OID)
		elog(ERROR, "series must be float8[]");
	if (ARR_HASNULL(arr))
	{
		bits8	   *bitmap = ARR_NULLBITMAP(arr);

		for (int i = 0; i < nitems; i++)
			if (!(bitmap[i / 8] & (1 << (i % 8))))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("series must not contain nulls (element %d is null)", i + 1),
						 errhint("Fill gaps first, for example with coalesce(value, 0) for months without revenue.")));
	}
	x = (const double *) ARR_DATA_PTR(arr);
	for (int i = 0; i < nitems; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("series element %d must be a finite number, not %s", i + 1, num(x[i]))));
	*n = nitems;
	return x;
}

static bool
is_seasonal(FcMethod m)
{
	return m == FC_HW_ADDITIVE || m == FC_HW_MULTIPLICATIVE;
}

static int
min_length(FcMethod m, int season)
{
	return m == FC_LINEAR ? 3 : spm_hw_min_length((spm_hw_kind) m, season);
}

static void
check_length(FcMethod m, int n, int season)
{
	int			need = min_length(m, season);

	if (n < need)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("series length must be at least %d for method %s, not %d",
						need, method_names[m], n),
				 is_seasonal(m) ? errdetail("Holt-Winters start values come from the first two seasons.") : 0));
}

/*
 * season: NULL (0) or 2 .. min(SPM_HW_MAX_SEASON, n / 2).  for_window: a
 * season given to a non-seasonal method only sets the comparison window of
 * the AIC (forecast_fit); otherwise it is an error.
 */
static int
check_season(FunctionCallInfo fcinfo, int argno, FcMethod m, int n, bool for_window)
{
	int			season,
				most;

	if (PG_ARGISNULL(argno))
	{
		if (is_seasonal(m))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("season must not be null for method %s", method_names[m]),
					 errhint("Pass the season length, for example season => 12 for monthly data.")));
		return 0;
	}
	season = PG_GETARG_INT32(argno);
	if (m != FC_AUTO && !is_seasonal(m) && !for_window)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("method %s takes no season, but season %d was given", method_names[m], season),
				 errhint("Use hw_additive, hw_multiplicative or auto for seasonal series.")));
	most = Min(SPM_HW_MAX_SEASON, n / 2);
	if (season < 2 || season > most)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("season must be between 2 and %d, not %d", most, season),
				 most < SPM_HW_MAX_SEASON
				 ? errdetail("Holt-Winters start values need two full seasons, and the series has %d values.", n)
				 : 0));
	return season;
}

/*
 * The first observation (1-based) of the window on which every method's
 * AIC is computed: the latest first one-step error of any candidate of
 * auto (holt's 3rd value, or value season + 1 of the seasonal methods).
 */
static int
window_start(int season)
{
	return season > 0 ? season + 1 : 3;
}

static void
hw_status_error(spm_hw_status st, FcMethod m, const double *x, int n, int season)
{
	switch (st)
	{
		case SPM_HW_OK:
			return;
		case SPM_HW_TOO_SHORT:
			check_length(m, n, season);
			break;
		case SPM_HW_NOT_POSITIVE:
			for (int i = 0; i < n; i++)
				if (!(x[i] > 0.0))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("series element %d must be positive for method hw_multiplicative, not %s",
									i + 1, num(x[i])),
							 errhint("Use hw_additive for series with zeros or negative values.")));
			break;
		case SPM_HW_DEGENERATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot compute start values for method %s", method_names[m]),
					 errdetail("The moving-average trend of the first two seasons is zero somewhere.")));
			break;
		default:
			break;
	}
	elog(ERROR, "unexpected smoothing status %d", (int) st);
}

static void
out_of_range(FcMethod m)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("series is out of range for method %s", method_names[m]),
			 errdetail("Its sum of squared %s overflows float8.",
					   m == FC_LINEAR ? "deviations" : "one-step errors")));
}

static double
aic_of(double sse, int m, int k)
{
	if (sse <= 0.0)
		return -INFINITY;
	return m * log(sse / m) + 2.0 * k;
}

/*
 * Fit one method, its AIC on the window from window_start(season).
 * given[] / value[]: the parameters the caller fixed.  With raise false, a
 * method the series does not suit returns false instead of an error (for
 * auto).
 */
static bool
fit_method(FcFit *fit, FcMethod m, const double *x, int n, int season,
		   const bool *given, const double *value, bool raise)
{
	int			from = window_start(season);
	double		sse_window = 0.0;

	memset(fit, 0, sizeof(*fit));
	fit->method = m;
	if (m == FC_LINEAR)
	{
		spm_trend_summary sum;

		if (n < 3)
		{
			if (raise)
				check_length(m, n, 0);
			return false;
		}
		spm_trend_init(&fit->trend);
		for (int i = 0; i < n; i++)
		{
			if ((i & 0xFFFF) == 0xFFFF)
				CHECK_FOR_INTERRUPTS();
			if (spm_trend_add(&fit->trend, x[i], (double) (i + 1)) != 0)
			{
				if (raise)
					out_of_range(m);
				return false;
			}
		}
		fit->sse = spm_trend_rss(&fit->trend);
		/* the residuals on the window */
		spm_trend_summarise(&fit->trend, &sum);
		for (int t = from; t <= n; t++)
		{
			double		r = x[t - 1] - (sum.intercept + sum.slope * t);

			if ((t & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
			sse_window += r * r;
		}
		fit->nparams = 2;
	}
	else
	{
		spm_hw_kind kind = (spm_hw_kind) m;
		double	   *work = palloc(sizeof(double) * spm_hw_workspace(season));
		spm_hw_status st;

		for (;;)
		{
			st = spm_hw_init(&fit->hw, kind, x, n, season, work);
			if (st != SPM_HW_OK)
			{
				if (raise)
					hw_status_error(st, m, x, n, season);
				return false;
			}
			fit->hw.interrupted = spm_cancel_pending;
			fit->hw.alpha = given[0] ? value[0] : 0.3;
			fit->hw.beta = given[1] ? value[1] : 0.1;
			fit->hw.gamma = given[2] ? value[2] : 0.1;
			st = spm_hw_fit(&fit->hw, !given[0], !given[1], !given[2]);
			if (st == SPM_HW_OK)
				sse_window = spm_hw_sse_from(&fit->hw, from);
			if (st == SPM_HW_OK && !fit->hw.stopped)
				break;

			/*
			 * The fit stopped for a pending interrupt.  A cancel raises its
			 * error here; any other interrupt has been served, so fit again.
			 */
			CHECK_FOR_INTERRUPTS();
		}
		fit->hw.interrupted = NULL;
		if (!isfinite(fit->hw.sse) || !isfinite(sse_window))
		{
			if (raise)
				out_of_range(m);
			return false;
		}
		fit->sse = fit->hw.sse;
		fit->nparams = spm_hw_nparams(kind, fit->hw.season);
	}
	fit->aic = aic_of(sse_window, n - from + 1, fit->nparams);
	return true;
}

/*
 * auto: every candidate the series allows, the lowest AIC wins.  The AICs
 * count the same errors (the window from window_start), so the choice does
 * not depend on the unit of the series.
 */
static void
fit_auto(FcFit *best, const double *x, int n, int season)
{
	static const FcMethod candidates[] = {FC_SES, FC_HOLT, FC_HW_ADDITIVE,
	FC_HW_MULTIPLICATIVE, FC_LINEAR};
	bool		given[3] = {false, false, false};
	double		value[3] = {0, 0, 0};
	bool		found = false;

	for (int i = 0; i < lengthof(candidates); i++)
	{
		FcFit		cand;
		FcMethod	m = candidates[i];

		if (is_seasonal(m) && season == 0)
			continue;
		if (!fit_method(&cand, m, x, n, season, given, value, false))
			continue;
		if (!found || cand.aic < best->aic)
		{
			*best = cand;
			found = true;
		}
	}
	if (!found)
	{
		check_length(FC_SES, n, 0);
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("series is out of range for every forecasting method"),
				 errdetail("The sums of squared errors overflow float8.")));
	}
}

/* alpha, beta, gamma arguments: NULL = fit; checked against the method */
static void
read_parameters(FunctionCallInfo fcinfo, int first, FcMethod m, bool *given, double *value)
{
	static const char *const names[3] = {"alpha", "beta", "gamma"};

	for (int i = 0; i < 3; i++)
	{
		bool		has;

		given[i] = !PG_ARGISNULL(first + i);
		if (!given[i])
			continue;
		value[i] = PG_GETARG_FLOAT8(first + i);
		has = (m == FC_SES && i == 0) || (m == FC_HOLT && i <= 1) || is_seasonal(m);
		if (!has)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("method %s has no parameter %s, but %s %s was given",
							method_names[m], names[i], names[i], num(value[i])),
					 m == FC_AUTO ? errhint("Name the method to fix its smoothing parameters.") : 0));
		if (!isfinite(value[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s must be a finite number, not %s", names[i], num(value[i]))));
		/* [0, 1] for all three, as fitted: alpha 0 keeps the start level */
		if (!(value[i] >= 0.0 && value[i] <= 1.0))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s must be between 0 and 1, not %s", names[i], num(value[i]))));
	}
}

PG_FUNCTION_INFO_V1(spm_forecast);
Datum
spm_forecast(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const double *x;
	int			n,
				horizon,
				season;
	FcMethod	m;
	double		level;
	bool		given[3];
	double		value[3];
	FcFit		fit;

	/* not strict: only season, alpha, beta, gamma may be NULL */
	if (PG_ARGISNULL(0))
		null_argument("series");
	if (PG_ARGISNULL(1))
		null_argument("horizon");
	if (PG_ARGISNULL(2))
		null_argument("method");
	if (PG_ARGISNULL(4))
		null_argument("level");
	x = series_values(PG_GETARG_ARRAYTYPE_P(0), &n);
	horizon = PG_GETARG_INT32(1);
	m = parse_method(PG_GETARG_TEXT_PP(2), true);
	level = PG_GETARG_FLOAT8(4);
	if (horizon < 1 || horizon > MAX_HORIZON)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("horizon must be between 1 and %d, not %d", MAX_HORIZON, horizon)));
	if (!isfinite(level))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("level must be a finite number, not %s", num(level)),
				 errhint("Use 0.95 for a 95%% prediction interval.")));
	if (!(level > 0.0 && level < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("level must be between 0 and 1, not %s", num(level)),
				 errdetail("The bounds themselves are excluded."),
				 errhint("Use 0.95 for a 95%% prediction interval.")));
	season = check_season(fcinfo, 3, m, n, false);
	read_parameters(fcinfo, 5, m, given, value);

	if (m == FC_AUTO)
		fit_auto(&fit, x, n, season);
	else
		fit_method(&fit, m, x, n, season, given, value, true);

	InitMaterializedSRF(fcinfo, 0);
	{
		double		z = fit.method == FC_LINEAR ? 0.0 : spm_qnorm(0.5 * (1.0 + level));

		for (int h = 1; h <= horizon; h++)
		{
			Datum		values[4];
			bool		nulls[4] = {0};
			double		point,
						lower = 0,
						upper = 0;

			CHECK_FOR_INTERRUPTS();

			if (fit.method == FC_LINEAR)
			{
				if (spm_trend_predict(&fit.trend, (double) (n + h), level,
									  &point, &lower, &upper) != 0)
					nulls[2] = nulls[3] = true;
			}
			else
			{
				double		hw;

				point = spm_hw_point(&fit.hw, h);
				hw = spm_hw_halfwidth(&fit.hw, h, z);
				lower = point - hw;
				upper = point + hw;
			}
			/* R gives NaN or infinite bounds in degenerate cases: say NULL */
			if (!isfinite(lower) || !isfinite(upper))
				nulls[2] = nulls[3] = true;
			if (!isfinite(point))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("forecast step %d is out of range", h),
						 errdetail("The point forecast overflows float8.")));
			values[0] = Int32GetDatum(h);
			values[1] = Float8GetDatum(point);
			values[2] = Float8GetDatum(lower);
			values[3] = Float8GetDatum(upper);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(spm_forecast_fit);
Datum
spm_forecast_fit(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const double *x;
	int			n,
				season;
	FcMethod	m;
	bool		given[3] = {false, false, false};
	double		value[3] = {0, 0, 0};
	FcFit		fit;
	Datum		values[6];
	bool		nulls[6] = {0};

	/* not strict: season may be NULL */
	if (PG_ARGISNULL(0))
		null_argument("series");
	if (PG_ARGISNULL(1))
		null_argument("method");
	x = series_values(PG_GETARG_ARRAYTYPE_P(0), &n);
	m = parse_method(PG_GETARG_TEXT_PP(1), true);
	season = check_season(fcinfo, 2, m, n, true);
	if (m == FC_AUTO)
		fit_auto(&fit, x, n, season);
	else
		fit_method(&fit, m, x, n, season, given, value, true);

	values[0] = CStringGetTextDatum(method_names[fit.method]);
	values[1] = Float8GetDatum(fit.hw.alpha);
	values[2] = Float8GetDatum(fit.hw.beta);
	values[3] = Float8GetDatum(fit.hw.gamma);
	values[4] = Float8GetDatum(fit.sse);
	values[5] = Float8GetDatum(fit.aic);
	nulls[1] = fit.method == FC_LINEAR;
	nulls[2] = fit.method == FC_LINEAR || fit.method == FC_SES;
	nulls[3] = !is_seasonal(fit.method);

	InitMaterializedSRF(fcinfo, 0);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
