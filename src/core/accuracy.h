/*
 * accuracy.h
 *	  Forecast accuracy measures (MAPE, WAPE, bias, RMSE) as one mergeable,
 *	  fixed-size state.  Plain C, no PostgreSQL headers.  The state is the
 *	  memory layout of the SQL type spm.accuracy_state: change it only with
 *	  SPM_ACCURACY_VERSION.
 *
 * Zero actuals: MAPE divides by |actual|, so rows with actual = 0 are left
 * out of MAPE (and counted in n_zero); MAPE is NULL when every actual is 0.
 * WAPE and bias divide by the sum of |actual| (NULL when that is 0), so
 * zero actuals count there with their full error.  RMSE uses every row.
 *
 * Invariants of a state that data can produce (spm_accuracy_valid checks
 * them, so the text and binary input of spm.accuracy_state reject anything
 * else):
 *	 - version = SPM_ACCURACY_VERSION, flags = 0, 0 <= n_zero <= n;
 *	 - every sum finite; sum_ape, sum_abs_err, sum_abs_actual, sum_sq_err >= 0;
 *	 - n = 0: every sum 0;
 *	 - sum_abs_actual = 0 exactly when n_zero = n (a sum of positive |a|
 *	   never rounds to 0), and then sum_ape = 0;
 *	 - |sum_err| <= sum_abs_err (within (n + 1) DBL_EPSILON for rounding);
 *	 - sum_abs_err = 0 (no error at all): sum_sq_err = sum_ape = 0.
 * (sum_abs_err^2 <= n sum_sq_err is not required: e^2 can underflow to 0.)
 */
#ifndef SPM_CORE_ACCURACY_H
#define SPM_CORE_ACCURACY_H

#include <stddef.h>
#include <stdint.h>

#define SPM_ACCURACY_VERSION 1

/* 64 bytes, 8-byte aligned */
typedef struct spm_accuracy
{
	int32_t		version;
	int32_t		flags;			/* reserved, 0 */
	int64_t		n;				/* rows with both values */
	int64_t		n_zero;			/* of which actual = 0 */
	double		sum_ape;		/* sum |a - f| / |a| over a != 0 */
	double		sum_abs_err;	/* sum |a - f| */
	double		sum_abs_actual; /* sum |a| */
	double		sum_err;		/* sum (f - a) */
	double		sum_sq_err;		/* sum (a - f)^2 */
} spm_accuracy;

extern void spm_accuracy_init(spm_accuracy *s);

/* returns 0, or -1 when a sum overflows (the state is then unusable) */
extern int	spm_accuracy_add(spm_accuracy *s, double actual, double forecast);
extern int	spm_accuracy_combine(spm_accuracy *into, const spm_accuracy *from);

/* each returns 0 and sets *out, or -1 when the measure is undefined (NULL) */
extern int	spm_accuracy_mape(const spm_accuracy *s, double *out);
extern int	spm_accuracy_wape(const spm_accuracy *s, double *out);
extern int	spm_accuracy_bias(const spm_accuracy *s, double *out);
extern int	spm_accuracy_rmse(const spm_accuracy *s, double *out);

/* text form "(n,n_zero,sum_ape,sum_abs_err,sum_abs_actual,sum_err,sum_sq_err)" */
#define SPM_ACCURACY_TEXT_MAX 224	/* 2 counts, 5 doubles: see statetext.h */
extern int	spm_accuracy_parse(const char *text, spm_accuracy *out, char *err, size_t errlen);
extern void spm_accuracy_format(const spm_accuracy *s, char *buf, size_t buflen);
extern int	spm_accuracy_valid(const spm_accuracy *s, char *err, size_t errlen);

struct spm_state_layout;
extern const struct spm_state_layout spm_accuracy_layout;

#endif							/* SPM_CORE_ACCURACY_H */
