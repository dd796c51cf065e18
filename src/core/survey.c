/*
 * survey.c
 *	  Survey scoring (eNPS / NPS / CSAT): answer classification, count
 *	  arithmetic with overflow checks, the NPS standard error, and the text
 *	  form of the aggregate state.  No PostgreSQL headers.
 */
#include "survey.h"
#include "statetext.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
spm_survey_init(spm_survey_state *s)
{
	memset(s, 0, sizeof(*s));
	s->version = SPM_SURVEY_STATE_VERSION;
}

const char *
spm_nps_category_name(spm_answer_class c)
{
	switch (c)
	{
		case SPM_ANSWER_HIGH:
			return "promoter";
		case SPM_ANSWER_MID:
			return "passive";
		case SPM_ANSWER_LOW:
			return "detractor";
		default:
			return NULL;
	}
}

spm_survey_status
spm_survey_set_min(spm_survey_state *s, int32_t min_responses)
{
	if (s->min_responses == 0)
		s->min_responses = min_responses;
	else if (s->min_responses != min_responses)
		return SPM_SURVEY_MIN_MISMATCH;
	return SPM_SURVEY_OK;
}

spm_survey_status
spm_survey_combine(spm_survey_state *into, const spm_survey_state *from)
{
	spm_survey_status st;

	if (from->min_responses != 0)
	{
		st = spm_survey_set_min(into, from->min_responses);
		if (st != SPM_SURVEY_OK)
			return st;
	}
	if (spm_survey_responses(from) > INT64_MAX - spm_survey_responses(into))
		return SPM_SURVEY_OVERFLOW;
	for (int c = 0; c < 3; c++)
		into->count[c] += from->count[c];
	return SPM_SURVEY_OK;
}

int
spm_survey_reportable(const spm_survey_state *s)
{
	int64_t		n = spm_survey_responses(s);

	return n > 0 && n >= (int64_t) s->min_responses;
}

void
spm_nps_summarise(const spm_survey_state *s, spm_nps_summary *out)
{
	int64_t		high = s->count[SPM_ANSWER_HIGH];
	int64_t		low = s->count[SPM_ANSWER_LOW];
	double		n = (double) spm_survey_responses(s);
	double		p = (double) high / n;
	double		d = (double) low / n;
	double		var = p + d - (p - d) * (p - d);

	/* rounding can push a zero variance (all one class) a hair below 0 */
	if (var < 0.0)
		var = 0.0;
	out->responses = spm_survey_responses(s);
	/* 100 * (high - low) / n computed from integers: exact when representable */
	out->nps = 100.0 * (double) (high - low) / n;
	out->std_error = 100.0 * sqrt(var / n);
	out->ci95_lower = out->nps - SPM_Z95 * out->std_error;
	out->ci95_upper = out->nps + SPM_Z95 * out->std_error;
}

int
spm_survey_state_valid(const spm_survey_state *s, char *err, size_t errlen)
{
	if (s->version != SPM_SURVEY_STATE_VERSION)
	{
		snprintf(err, errlen, "Unsupported survey state format version %d.",
				 (int) s->version);
		return 0;
	}
	if (s->min_responses < 0)
	{
		snprintf(err, errlen, "The anonymity threshold must not be negative.");
		return 0;
	}
	if (s->count[0] < 0 || s->count[1] < 0 || s->count[2] < 0)
	{
		snprintf(err, errlen, "Answer counts must not be negative.");
		return 0;
	}
	if (s->count[0] > INT64_MAX - s->count[1] ||
		s->count[0] + s->count[1] > INT64_MAX - s->count[2])
	{
		snprintf(err, errlen, "The total number of answers exceeds %lld.",
				 (long long) INT64_MAX);
		return 0;
	}
	return 1;
}

static int
valid_cb(const void *state, char *err, size_t errlen)
{
	return spm_survey_state_valid(state, err, errlen);
}

#define F(name, kind, member) {name, kind, offsetof(spm_survey_state, member)}

static const spm_field survey_text[] = {
	F("high", SPM_FIELD_COUNT, count[SPM_ANSWER_HIGH]),
	F("mid", SPM_FIELD_COUNT, count[SPM_ANSWER_MID]),
	F("low", SPM_FIELD_COUNT, count[SPM_ANSWER_LOW]),
	F("min_responses", SPM_FIELD_INT32, min_responses),
};

static const spm_field survey_binary[] = {
	F("version", SPM_FIELD_INT32, version),
	F("min_responses", SPM_FIELD_INT32, min_responses),
	F("high", SPM_FIELD_COUNT, count[SPM_ANSWER_HIGH]),
	F("mid", SPM_FIELD_COUNT, count[SPM_ANSWER_MID]),
	F("low", SPM_FIELD_COUNT, count[SPM_ANSWER_LOW]),
};

const spm_state_layout spm_survey_state_layout = {
	"spm.survey_state", sizeof(spm_survey_state), SPM_SURVEY_STATE_VERSION,
	"(high,mid,low,min_responses)",
	4, survey_text, 5, survey_binary, valid_cb, NULL, NULL
};

int
spm_survey_state_parse(const char *text, spm_survey_state *out,
					   char *err, size_t errlen)
{
	return spm_state_parse(&spm_survey_state_layout, text, out, err, errlen);
}

int
spm_survey_state_format(const spm_survey_state *s, char *buf, size_t buflen)
{
	return spm_state_format(&spm_survey_state_layout, s, buf, buflen);
}
