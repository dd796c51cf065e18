/*
 * tiers_text.h
 *	  The text form of a commission rate table (spm.tier_schedule), parsed
 *	  in plain C with no PostgreSQL headers.  The parser checks the grammar
 *	  and hands back each number as a substring; turning those into exact
 *	  numerics and validating the schedule is the SQL wrapper's job.
 *
 *	  schedule := mode ':' band { ',' band } { ';' option }
 *	  mode     := 'graduated' | 'retroactive'
 *	  band     := number '@' number           (lower threshold @ rate)
 *	  option   := 'cap' number | 'gate' number   (each at most once)
 *	  number   := ['+'|'-'] digits ['.' [digits]] | ['+'|'-'] '.' digits,
 *	              optionally followed by an exponent 'e' ['+'|'-'] digits
 *
 *	  White space may surround every token; keywords are case-insensitive.
 *	  Example: "graduated: 0 @ 0.05, 50000 @ 0.07, 100000 @ 0.10; cap 20000"
 */
#ifndef SPM_CORE_TIERS_TEXT_H
#define SPM_CORE_TIERS_TEXT_H

#include <stddef.h>

#define SPM_TIERS_MAX_BANDS 64

typedef enum spm_tier_mode
{
	SPM_TIER_GRADUATED = 0,
	SPM_TIER_RETROACTIVE = 1
} spm_tier_mode;

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
} spm_tiers_text;

/*
 * Returns 0 on success; otherwise writes a one-sentence reason into err and
 * returns -1.  The spans point into text.
 */
extern int	spm_tiers_parse(const char *text, spm_tiers_text *out,
							char *err, size_t errlen);

/* Parse a mode name ("graduated" / "retroactive", any case); -1 if unknown. */
extern int	spm_tier_mode_parse(const char *name, size_t len);
extern const char *spm_tier_mode_name(spm_tier_mode mode);

#endif							/* SPM_CORE_TIERS_TEXT_H */
