/*
 * commission_state.h
 *	  Reading the portable binary forms of the commission module: the
 *	  binary form of spm.tier_schedule (its send/receive format) and the
 *	  serial form of the internal states of spm.commission_agg and
 *	  spm.deal_commission.  Plain C, no PostgreSQL headers: every length,
 *	  header field and number is checked here, so that the SQL wrappers only
 *	  convert bytes that are known to be well-formed.
 *
 *	  All integers are in network byte order.
 *
 *	  number    := u32 length, then numeric_send's bytes: i16 ndigits,
 *	               i16 weight, u16 sign, u16 dscale, ndigits x i16 digit
 *	  schedule  := u8 version (1), u8 mode (0 graduated, 1 retroactive,
 *	               2 interpolated: the rates are then the payouts at the points),
 *	               u8 flags (1 cap, 2 gate), u8 nbands (1..64),
 *	               nbands numbers (thresholds), nbands numbers (rates),
 *	               then the cap and the gate when their flags are set
 *	  state     := u32 version (1), u8 kind (1 commission_agg,
 *	               2 deal_commission), u32 length + schedule,
 *	               u8 has_quota [number quota], then
 *	               kind 1: number sum
 *	               kind 2: number prior, number total, u8 has_last [number last]
 *
 *	  ledger    := u32 version (1), u8 kind (3 ledger_agg), u8 has_plan,
 *	               [u32 length + schedule, u8 has_quota [number quota],
 *	               u8 has_scale [number scale], u8 has_cap [number cap]],
 *	               u32 ncredits, ncredits x credit
 *	  credit    := i64 credit_id, i32 day (days since 2000-01-01),
 *	               number amount, u8 converted [number original_amount,
 *	               u32 length + currency (1..64 bytes, no NUL), u8 has_rate
 *	               [number rate]]
 *
 *	  Numbers must be in canonical form (as numeric_send writes them: no
 *	  leading or trailing zero digits, digits 0..9999, scale at most 16383);
 *	  in a state they must also be finite.
 */
#ifndef SPM_CORE_COMMISSION_STATE_H
#define SPM_CORE_COMMISSION_STATE_H

#include <stddef.h>

#include "tiers_text.h"

#define SPM_TIERS_WIRE_VERSION		1
#define SPM_COMMISSION_STATE_VERSION 1

#define SPM_STATE_COMMISSION_AGG	1
#define SPM_STATE_DEAL_COMMISSION	2
#define SPM_STATE_LEDGER_AGG		3

/* numeric's sign words */
#define SPM_NUMERIC_POS		0x0000
#define SPM_NUMERIC_NEG		0x4000
#define SPM_NUMERIC_NAN		0xC000
#define SPM_NUMERIC_PINF	0xD000
#define SPM_NUMERIC_NINF	0xF000

/* A number's numeric_send bytes inside the input (start NULL: absent). */
typedef struct spm_wire_number
{
	const unsigned char *start;
	size_t		len;
} spm_wire_number;

typedef struct spm_tiers_wire
{
	int			mode;
	int			flags;			/* 1 cap, 2 gate */
	int			nbands;
	spm_wire_number threshold[SPM_TIERS_MAX_BANDS];
	spm_wire_number rate[SPM_TIERS_MAX_BANDS];
	spm_wire_number cap;
	spm_wire_number gate;
} spm_tiers_wire;

typedef struct spm_commission_wire
{
	int			kind;
	spm_tiers_wire schedule;
	spm_wire_number quota;		/* start NULL without a quota */
	spm_wire_number sum;		/* kind 1 */
	spm_wire_number prior;		/* kind 2 */
	spm_wire_number total;
	spm_wire_number last;		/* start NULL when the last amount was NULL */
} spm_commission_wire;

/* The serial form of spm.ledger_agg's state; its credits are read one by one. */
typedef struct spm_ledger_wire
{
	int			has_plan;
	spm_tiers_wire schedule;
	spm_wire_number quota;		/* start NULL: absent */
	spm_wire_number scale;
	spm_wire_number cap;
	unsigned long ncredits;
	const unsigned char *credits;	/* the first credit */
	const unsigned char *end;
} spm_ledger_wire;

typedef struct spm_ledger_credit_wire
{
	long long	id;
	int			day;
	spm_wire_number amount;
	int			converted;
	spm_wire_number original_amount;
	const unsigned char *currency;
	size_t		currency_len;
	spm_wire_number rate;		/* start NULL: absent */
} spm_ledger_credit_wire;

#define SPM_LEDGER_CURRENCY_MAX 64

/*
 * Each returns 0 when the bytes are well-formed, otherwise -1 with a
 * one-sentence reason in err.  The binary form of a schedule may hold NaN
 * and infinities (the type's validation rejects them with its own error);
 * a state may not.
 */
extern int	spm_tiers_wire_parse(const unsigned char *data, size_t len,
								 spm_tiers_wire *out, char *err, size_t errlen);
extern int	spm_commission_state_parse(const unsigned char *data, size_t len, int kind,
									   spm_commission_wire *out, char *err, size_t errlen);

/*
 * spm_ledger_state_parse checks the whole state, credits included;
 * spm_ledger_credit_read then reads one credit at *p and moves *p past it.
 */
extern int	spm_ledger_state_parse(const unsigned char *data, size_t len,
								   spm_ledger_wire *out, char *err, size_t errlen);
extern int	spm_ledger_credit_read(const unsigned char **p, const unsigned char *end,
								   spm_ledger_credit_wire *out, char *err, size_t errlen);

/*
 * One finite number (u32 length, numeric_send's bytes, canonical) at *p,
 * named what in messages; moves *p past it.
 */
extern int	spm_wire_number_read(const unsigned char **p, const unsigned char *end,
								 spm_wire_number *out, const char *what,
								 char *err, size_t errlen);

#endif							/* SPM_CORE_COMMISSION_STATE_H */
