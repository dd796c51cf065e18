/*
 * interrupt.h
 *	  The cancel callback of the pure computations whose running time the
 *	  caller's input decides.  Plain C, no PostgreSQL headers.
 *
 * A core routine that can run long takes an spm_interrupt_fn (NULL: never
 * interrupted) and polls it every SPM_POLL_STEPS inner steps or so, cheaply
 * enough not to show in its running time.  Once the callback returns
 * non-zero the routine stops as soon as it can, frees what it allocated and
 * says so in its result; its other outputs are then meaningless.  The SQL
 * wrapper's callback reports a pending PostgreSQL interrupt, and after the
 * core has stopped the wrapper calls CHECK_FOR_INTERRUPTS() to raise the
 * cancel (see spm_balance_interruptible in balance.h and the forecasting
 * fits in smoothing.h).
 */
#ifndef SPM_CORE_INTERRUPT_H
#define SPM_CORE_INTERRUPT_H

typedef int (*spm_interrupt_fn) (void);

/* inner steps between polls: a power of two */
#define SPM_POLL_STEPS 4096

#endif							/* SPM_CORE_INTERRUPT_H */
