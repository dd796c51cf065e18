/*
 * balance.h
 *	  Territory balancing as multiway number partitioning, in plain C (no
 *	  PostgreSQL headers): assign n items with non-negative weights to k
 *	  territories so that the heaviest territory is as light as possible
 *	  (minimum makespan).  The problem is NP-hard; spm_balance is a
 *	  deterministic heuristic optimiser:
 *
 *	 1. LPT: items largest first, each to the currently lightest territory
 *		(Graham's greedy; within 4/3 of optimal).
 *	 2. Descent: repeatedly take the heaviest territory and the move of one
 *		of its items, or the swap of one of its items with an item of
 *		another territory, that lowers the larger of the two loads the most;
 *		stop when no such move or swap exists.
 *	 3. Iterated descent: while the heaviest territory is above the lower
 *		bound, perturb the best assignment found (a few random moves and
 *		swaps out of the heaviest territory) and descend again, keeping the
 *		best, until the work budget is spent or 3,000 rounds in a row bring
 *		no improvement.  The random generator has a fixed seed, so the same input
 *		always gives the same assignment.
 *
 * Every accepted step lowers the heaviest load or keeps it and lowers the
 * number of territories at that load, and the result is never heavier than
 * LPT's.  Work is bounded (see spm_balance_info.work), so the running time
 * is O(n log n) with a bounded constant, whatever the instance.
 */
#ifndef SPM_CORE_BALANCE_H
#define SPM_CORE_BALANCE_H

#include <stddef.h>
#include <stdint.h>

#include "interrupt.h"

typedef struct spm_balance_info
{
	double		max_load;		/* heaviest territory of the result */
	double		lpt_max_load;	/* heaviest territory of plain LPT */
	double		lower_bound;	/* no assignment can do better than this */
	int64_t		work;			/* items examined, for tuning */
	int			rounds;			/* perturbation rounds run */
} spm_balance_info;

/*
 * The lower bound: max(total / k, largest item, and when n > k the sum of
 * the k-th and (k+1)-th largest items, two of which share a territory).
 * w must be sorted descending.
 */
extern double spm_balance_lower_bound(const double *w_desc, size_t n, int k,
									  double total);

/*
 * Assign items 0..n-1 (weights w, finite and >= 0) to territories 0..k-1
 * (k >= 1), writing assign[i].  Returns 0, or -1 when out of memory.
 * info may be NULL.
 */
extern int	spm_balance(const double *w, size_t n, int k, int32_t *assign,
						spm_balance_info *info);

/*
 * The same, polling interrupted() (when not NULL) between steps: once it
 * returns true the search stops, frees its memory and returns -2, so that
 * the caller can raise its cancel error with nothing left allocated.
 */
extern int	spm_balance_interruptible(const double *w, size_t n, int k,
									  int32_t *assign, spm_balance_info *info,
									  spm_interrupt_fn interrupted);

/* Plain LPT only (the baseline spm_balance starts from and is measured against). */
extern int	spm_balance_lpt(const double *w, size_t n, int k, int32_t *assign);

/* Loads of an assignment: load[t] = sum of w[i] with assign[i] = t. */
extern void spm_balance_loads(const double *w, size_t n, int k,
							  const int32_t *assign, double *load);

#endif							/* SPM_CORE_BALANCE_H */
