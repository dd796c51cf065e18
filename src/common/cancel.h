/*
 * cancel.h
 *	  The callback the SQL wrappers hand to the pure computations of
 *	  src/core that take an spm_interrupt_fn (core/interrupt.h): it reports
 *	  a pending cancel, statement_timeout or termination that
 *	  CHECK_FOR_INTERRUPTS() would act on now.  When a core routine has
 *	  stopped for it, the wrapper calls CHECK_FOR_INTERRUPTS() to raise the
 *	  error; should that return after all, the wrapper runs the routine again.
 */
#ifndef SPM_COMMON_CANCEL_H
#define SPM_COMMON_CANCEL_H

#include "postgres.h"

#include "miscadmin.h"

static inline int
spm_cancel_pending(void)
{
	return (QueryCancelPending || ProcDiePending) && INTERRUPTS_CAN_BE_PROCESSED();
}

#endif							/* SPM_COMMON_CANCEL_H */
