/*
 * tier_schedule.h
 *	  spm.tier_schedule: a validated commission rate table, and exact
 *	  numeric evaluation of it.  Shared by the commission module's files.
 */
#ifndef SPM_TIER_SCHEDULE_H
#define SPM_TIER_SCHEDULE_H

#include "postgres.h"

#include "compat.h"

#include "fmgr.h"
#include "utils/numeric.h"

#include "common/numeric_util.h"
#include "core/commission_state.h"
#include "core/tiers_text.h"

/* the stored layout's version (the binary form's is SPM_TIERS_WIRE_VERSION) */
#define SPM_TIERS_VERSION 1

#define SPM_TIERS_HAS_CAP	0x01
#define SPM_TIERS_HAS_GATE	0x02

/* Largest stored schedule; plain storage keeps it within a heap page. */
#define SPM_TIERS_MAX_BYTES 4096

/*
 * Stored form (varlena, 4-byte aligned, STORAGE plain so it is never
 * compressed or packed and the detoast on every call is free).  After the
 * header come, at int-aligned offsets, the numerics: thresholds[n], rates[n],
 * base[n], then cap and gate when present.  base[i] is the graduated
 * commission earned below threshold[i] (in threshold units: money, or
 * fractions of quota), computed once when the schedule is built so that
 * evaluating it costs one band search and three numeric operations.  In an
 * interpolated schedule (a pay curve) the bands are points, the rates are
 * the payouts at them (money, never scaled by a quota), and base is 0.
 */
typedef struct TierSchedule
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* SPM_TIERS_VERSION */
	uint8		mode;			/* spm_tier_mode */
	uint8		flags;			/* SPM_TIERS_HAS_CAP | SPM_TIERS_HAS_GATE */
	uint8		nbands;
	uint32		offset[FLEXIBLE_ARRAY_MEMBER];	/* 3 * nbands + 2 entries */
} TierSchedule;

#define DatumGetTierScheduleP(d)	((TierSchedule *) PG_DETOAST_DATUM(d))
#define PG_GETARG_TIERS_P(n)		DatumGetTierScheduleP(PG_GETARG_DATUM(n))

static inline Numeric
tiers_numeric(const TierSchedule *s, int slot)
{
	return (Numeric) ((char *) s + s->offset[slot]);
}

#define TIERS_THRESHOLD(s, i)	tiers_numeric((s), (i))
#define TIERS_RATE(s, i)		tiers_numeric((s), (s)->nbands + (i))
#define TIERS_BASE(s, i)		tiers_numeric((s), 2 * (s)->nbands + (i))
#define TIERS_CAP(s)			tiers_numeric((s), 3 * (s)->nbands)
#define TIERS_GATE(s)			tiers_numeric((s), 3 * (s)->nbands + 1)

/*
 * A pay curve's payout between two points is exact whenever the exact answer
 * is a terminating decimal; otherwise it is rounded to this many places.
 */
#define SPM_CURVE_PLACES 20

extern TierSchedule *tiers_build(int nbands, Numeric *thresholds, Numeric *rates,
								 spm_tier_mode mode, Numeric cap, Numeric gate);

/*
 * Exact commission on basis.  quota == NULL: thresholds and gate are money.
 * Otherwise they are fractions of quota (quota > 0, checked by the caller).
 */
extern Numeric tiers_commission(const TierSchedule *s, Numeric basis, Numeric quota);

/* commission(prior + amount) - commission(prior), with a same-band shortcut */
extern Numeric tiers_increment(const TierSchedule *s, Numeric prior, Numeric amount,
							   Numeric quota);
/* the same when total = prior + amount is already known */
extern Numeric tiers_increment_to(const TierSchedule *s, Numeric prior, Numeric total,
								  Numeric amount, Numeric quota);
/* ... and when the bands of prior and total are known too */
extern Numeric tiers_increment_bands(const TierSchedule *s, Numeric prior, int band_prior,
									 Numeric total, int band_total, Numeric amount,
									 Numeric quota);
/* the band a basis falls in (0 below the first threshold) */
extern int	tiers_band(const TierSchedule *s, Numeric basis, Numeric quota);
/*
 * n / d (d > 0): exact when the quotient terminates, else rounded half away
 * from zero to SPM_CURVE_PLACES places
 */
extern Numeric tiers_exact_quotient(Numeric n, Numeric d);
/* the schedule with quota-relative thresholds and gate turned into money */
extern TierSchedule *tiers_in_money(const TierSchedule *s, Numeric quota);

/* Argument checks shared by the SQL functions. */
extern void check_quota(Numeric quota);
pg_noreturn extern void report_too_many_bands(int nbands);

/* The one notion of plan equality: numeric, consistent with cmp and hash. */
extern int	tiers_cmp(const TierSchedule *a, const TierSchedule *b);
extern bool tiers_equal(const TierSchedule *a, const TierSchedule *b);

/* the text form, for messages */
extern Datum spm_tier_schedule_in(PG_FUNCTION_ARGS);
extern Datum spm_tier_schedule_out(PG_FUNCTION_ARGS);

/* The binary form (also inside the aggregates' serialized states). */
extern void tiers_send(StringInfo buf, const TierSchedule *s);
extern TierSchedule *tiers_from_wire(const spm_tiers_wire *w, bool report);

#endif							/* SPM_TIER_SCHEDULE_H */
