/*
 * tiers_text.h
 *	  The text form of a commission rate table (spm.tier_schedule), parsed
 *	  in plain C with no PostgreSQL headers.  The parser checks the grammar
 *	  and hands back each number as a substring; turning those into exact
 *	  numerics and validating the schedule is the SQL wrapper's job.
 *
 *	  schedule := mode ':' band { ',' band } { ';' option }
 *	  mode     := 'graduated' | 'retroactive' | 'interpolated'
 *	  band     := number '@' number           (lower threshold @ rate; in
 *	                                           interpolated mode, point @ payout)
 *	  option   := 'cap' number | 'gate' number   (each at most once)
 *	  number   := ['+'|'-'] digits ['.' [digits]] | ['+'|'-'] '.' digits,
 *	              optionally followed by an exponent 'e' ['+'|'-'] digits
 *
 *	  White space may surround every token; keywords are case-insensitive.
 *	  Example: "graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10; cap 20000"
 *	  A pay curve: "interpolated: 0 @ 0, 1000 @ 10, 3000 @ 50; cap 200"
 */
#ifndef SPM_CORE_TIERS_TEXT_H
#define SPM_CORE_TIERS_TEXT_H

#include <stddef.h>

#define SPM_TIERS_MAX_BANDS 64

typedef enum spm_tier_mode
{
	SPM_TIER_GRADUATED = 0,
	SPM_TIER_RETROACTIVE = 1,
	SPM_TIER_INTERPOLATED = 2	/* a pay curve: payouts at points, linear between */
} spm_tier_mode;

#define SPM_TIER_LAST_MODE SPM_TIER_INTERPOLATED

typedef struct spm_span
{
	const char *start;			/* NULL when absent */
	size_t		len;
} spm_span;

typedef struct spm_tiers_text
{
	spm_tier_mode mode;
	int			nbands;
	spm_span	threshold[SPM_TIERS_MAX_BANDS];
	spm_span	rate[SPM_TIERS_MAX_BANDS];
	spm_span	cap;
	spm_span	gate;
	int			nbands_given;	/* bands in the text, also beyond the limit */
} spm_tiers_text;

/* spm_tiers_parse's result when the text is well-formed but has too many bands */
#define SPM_TIERS_TOO_MANY_BANDS (-2)

/*
 * Returns 0 on success.  Otherwise writes a one-sentence reason into err and
 * returns -1 for text that does not follow the grammar, or
 * SPM_TIERS_TOO_MANY_BANDS for well-formed text with more than
 * SPM_TIERS_MAX_BANDS bands (then nbands is SPM_TIERS_MAX_BANDS, the spans of
 * the first ones are set, and nbands_given says how many there were).  The
 * spans point into text.
 */
extern int	spm_tiers_parse(const char *text, spm_tiers_text *out,
							char *err, size_t errlen);

/*
 * Whether a number of the grammar fits PostgreSQL's numeric type once its
 * exponent is applied: at most 131072 digits before the decimal point and
 * 16383 after it (zero fits with any exponent that leaves the scale within
 * the limit).  Returns 1 when it fits, 0 when numeric input would overflow.
 */
extern int	spm_tiers_number_fits(const char *number, size_t len);

/*
 * Parse a mode name ("graduated", "retroactive" or "interpolated", any case);
 * -1 if unknown.
 */
extern int	spm_tier_mode_parse(const char *name, size_t len);
extern const char *spm_tier_mode_name(spm_tier_mode mode);

#endif							/* SPM_CORE_TIERS_TEXT_H */
