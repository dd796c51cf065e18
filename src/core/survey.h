/*
 * survey.h
 *	  Survey scoring (eNPS / NPS / CSAT) in plain C, free of PostgreSQL headers
 *	  so that it can be unit-tested, fuzzed and run under sanitizers alone.
 *
 * The aggregate state is a fixed-size record of answer counts.  Its memory
 * layout is also the on-disk/in-memory layout of the SQL type
 * spm.survey_state, so it must only ever grow by bumping
 * SPM_SURVEY_STATE_VERSION.
 */
#ifndef SPM_CORE_SURVEY_H
#define SPM_CORE_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#define SPM_SURVEY_STATE_VERSION 1

/* Scales: NPS/eNPS answers run 0..10, CSAT answers 1..5. */
#define SPM_NPS_MIN 0
#define SPM_NPS_MAX 10
#define SPM_CSAT_MIN 1
#define SPM_CSAT_MAX 5

/* 95% two-sided normal quantile used for the NPS confidence interval. */
#define SPM_Z95 1.959964

typedef enum spm_answer_class
{
	SPM_ANSWER_LOW = 0,			/* detractor (NPS) / dissatisfied (CSAT) */
	SPM_ANSWER_MID = 1,			/* passive (NPS); unused by CSAT */
	SPM_ANSWER_HIGH = 2,		/* promoter (NPS) / satisfied (CSAT) */
	SPM_ANSWER_OUT_OF_RANGE = -1
} spm_answer_class;

/*
 * Aggregate state.  32 bytes, 8-byte aligned, no padding.  count[] is indexed
 * by spm_answer_class; the total of the three never exceeds INT64_MAX.
 *
 * min_responses is the anonymity threshold of spm.enps(score, min); 0 means
 * "not set" (no threshold, or no row seen yet).
 *
 * Invariants of a state that data can produce (spm_survey_state_valid
 * checks them for the text and binary input of spm.survey_state): version
 * = SPM_SURVEY_STATE_VERSION, min_responses >= 0, every count >= 0 and
 * their total <= INT64_MAX.  Nothing ties the threshold to the counts: a
 * moving aggregate may retract every answer and keep its threshold.
 */
typedef struct spm_survey_state
{
	int32_t		version;
	int32_t		min_responses;
	int64_t		count[3];		/* low, mid, high */
} spm_survey_state;

typedef enum spm_survey_status
{
	SPM_SURVEY_OK = 0,
	SPM_SURVEY_OVERFLOW,		/* the total would exceed INT64_MAX */
	SPM_SURVEY_UNDERFLOW,		/* retracting an answer that was never added */
	SPM_SURVEY_MIN_MISMATCH		/* two different anonymity thresholds */
} spm_survey_status;

typedef struct spm_nps_summary
{
	int64_t		responses;
	double		nps;			/* -100 .. 100 */
	double		std_error;		/* in NPS points */
	double		ci95_lower;
	double		ci95_upper;
} spm_nps_summary;

/*
 * The per-row operations are inline: they run once per answer inside the
 * aggregates' transition functions.
 */
static inline spm_answer_class
spm_nps_classify(int64_t score)
{
	if (score < SPM_NPS_MIN || score > SPM_NPS_MAX)
		return SPM_ANSWER_OUT_OF_RANGE;
	return score >= 9 ? SPM_ANSWER_HIGH : score >= 7 ? SPM_ANSWER_MID : SPM_ANSWER_LOW;
}

static inline spm_answer_class
spm_csat_classify(int64_t score)
{
	if (score < SPM_CSAT_MIN || score > SPM_CSAT_MAX)
		return SPM_ANSWER_OUT_OF_RANGE;
	return score >= 4 ? SPM_ANSWER_HIGH : SPM_ANSWER_LOW;
}

static inline int64_t
spm_survey_responses(const spm_survey_state *s)
{
	return s->count[SPM_ANSWER_LOW] + s->count[SPM_ANSWER_MID] + s->count[SPM_ANSWER_HIGH];
}

/* c must be a class, not SPM_ANSWER_OUT_OF_RANGE */
static inline spm_survey_status
spm_survey_add(spm_survey_state *s, spm_answer_class c)
{
	if (spm_survey_responses(s) == INT64_MAX)
		return SPM_SURVEY_OVERFLOW;
	s->count[c]++;
	return SPM_SURVEY_OK;
}

static inline spm_survey_status
spm_survey_retract(spm_survey_state *s, spm_answer_class c)
{
	if (s->count[c] == 0)
		return SPM_SURVEY_UNDERFLOW;
	s->count[c]--;
	return SPM_SURVEY_OK;
}

extern void spm_survey_init(spm_survey_state *s);
extern const char *spm_nps_category_name(spm_answer_class c);
extern spm_survey_status spm_survey_set_min(spm_survey_state *s, int32_t min_responses);
extern spm_survey_status spm_survey_combine(spm_survey_state *into,
											const spm_survey_state *from);
extern int	spm_survey_reportable(const spm_survey_state *s);
extern void spm_nps_summarise(const spm_survey_state *s, spm_nps_summary *out);

/*
 * Text form: "(high,mid,low,min_responses)", e.g. "(12,5,3,0)": promoters
 * (or satisfied), passives, detractors (or dissatisfied), threshold.
 * Whitespace around numbers is allowed; nothing else is (the one text
 * policy of src/core/statetext.h).
 * spm_survey_state_parse returns 0 on success, or writes a one-sentence
 * reason into err and returns -1.
 */
#define SPM_SURVEY_STATE_TEXT_MAX 96
extern int	spm_survey_state_parse(const char *text, spm_survey_state *out,
								   char *err, size_t errlen);
extern int	spm_survey_state_format(const spm_survey_state *s, char *buf,
									size_t buflen);
extern int	spm_survey_state_valid(const spm_survey_state *s,
								   char *err, size_t errlen);

struct spm_state_layout;
extern const struct spm_state_layout spm_survey_state_layout;

#endif							/* SPM_CORE_SURVEY_H */
