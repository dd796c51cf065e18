/*
 * statetype.h
 *	  The SQL side of spm's fixed-size aggregate state types (spm.trend,
 *	  spm.accuracy_state, spm.survey_state, spm.streak_state,
 *	  spm.win_rate_state), driven by each type's description in src/core
 *	  (spm_state_layout, core/statetext.h): text input and output, binary
 *	  receive and send, and the state a transition function may update.
 *
 * A module declares its type's four I/O functions with one line:
 *
 *	 SPM_STATE_TYPE_IO(spm_trend, spm_trend_layout)
 *
 * defines spm_trend_in, spm_trend_out, spm_trend_recv and spm_trend_send.
 * Input (text and binary) runs the type's valid() check, so a state no
 * data could produce is rejected: 22P02 for text, 22P03 for binary.
 */
#ifndef SPM_COMMON_STATETYPE_H
#define SPM_COMMON_STATETYPE_H

#include "postgres.h"

#include "fmgr.h"

#include "common/aggstate.h"
#include "core/statetext.h"

extern Datum spm_state_in(FunctionCallInfo fcinfo, const spm_state_layout *l);
extern Datum spm_state_out(FunctionCallInfo fcinfo, const spm_state_layout *l);
extern Datum spm_state_recv(FunctionCallInfo fcinfo, const spm_state_layout *l);
extern Datum spm_state_send(FunctionCallInfo fcinfo, const spm_state_layout *l);

/* an empty state in the aggregate's memory (the current context outside one) */
extern void *spm_state_new(FunctionCallInfo fcinfo, const spm_state_layout *l);

/*
 * The state (argument 0) a transition or combine function updates: in
 * aggregate context the one it was given, in place; otherwise a copy, so a
 * direct SQL call never modifies its argument; a fresh one for a NULL.
 */
static inline void *
spm_state_writable(FunctionCallInfo fcinfo, const spm_state_layout *l)
{
	if (unlikely(PG_ARGISNULL(0)))
		return spm_state_new(fcinfo, l);
	return spm_writable_state(fcinfo, l->size, NULL);
}

#define SPM_STATE_TYPE_IO(prefix, layout) \
PG_FUNCTION_INFO_V1(prefix##_in); \
Datum \
prefix##_in(PG_FUNCTION_ARGS) \
{ \
	return spm_state_in(fcinfo, &(layout)); \
} \
PG_FUNCTION_INFO_V1(prefix##_out); \
Datum \
prefix##_out(PG_FUNCTION_ARGS) \
{ \
	return spm_state_out(fcinfo, &(layout)); \
} \
PG_FUNCTION_INFO_V1(prefix##_recv); \
Datum \
prefix##_recv(PG_FUNCTION_ARGS) \
{ \
	return spm_state_recv(fcinfo, &(layout)); \
} \
PG_FUNCTION_INFO_V1(prefix##_send); \
Datum \
prefix##_send(PG_FUNCTION_ARGS) \
{ \
	return spm_state_send(fcinfo, &(layout)); \
}

#endif							/* SPM_COMMON_STATETYPE_H */
