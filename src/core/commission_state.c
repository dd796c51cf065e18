/*
 * commission_state.c
 *	  Checked reading of the commission module's binary forms (see
 *	  commission_state.h).
 */
#include "commission_state.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#define SPM_NUMERIC_NBASE		10000
#define SPM_NUMERIC_MAX_DSCALE	0x3FFF

/* A cursor over the input; every read checks what is left. */
typedef struct wire_reader
{
	const unsigned char *p;
	const unsigned char *end;
	char	   *err;
	size_t		errlen;
} wire_reader;

#if defined(__GNUC__)
static int	fail(wire_reader *r, const char *fmt,...) __attribute__((format(printf, 2, 3)));
#endif

static int
fail(wire_reader *r, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int
read_uint(wire_reader *r, int bytes, uint32_t *out, const char *what)
{
	uint32_t	v = 0;
	int			i;

	*out = 0;
	if (r->end - r->p < bytes)
		return fail(r, "The data ends inside %s.", what);
	for (i = 0; i < bytes; i++)
		v = (v << 8) | r->p[i];
	r->p += bytes;
	*out = v;
	return 0;
}

/* numeric_send's bytes of one number, canonical; specials only if allowed */
static int
check_numeric(wire_reader *r, const unsigned char *p, size_t len, int allow_special,
			  const char *what)
{
	uint32_t	ndigits,
				sign,
				dscale,
				first = 0,
				last = 0;
	size_t		i;

	if (len < 8)
		return fail(r, "The number %s is shorter than a number's header.", what);
	ndigits = ((uint32_t) p[0] << 8) | p[1];
	sign = ((uint32_t) p[4] << 8) | p[5];
	dscale = ((uint32_t) p[6] << 8) | p[7];
	if (ndigits > 0x7FFF || len != 8 + 2 * (size_t) ndigits)
		return fail(r, "The number %s has %u digits in %zu bytes.", what, ndigits, len);
	if (sign == SPM_NUMERIC_NAN || sign == SPM_NUMERIC_PINF || sign == SPM_NUMERIC_NINF)
	{
		if (!allow_special)
			return fail(r, "The number %s is not finite.", what);
		if (ndigits != 0 || dscale != 0)
			return fail(r, "The special number %s has digits.", what);
		return 0;
	}
	if (sign != SPM_NUMERIC_POS && sign != SPM_NUMERIC_NEG)
		return fail(r, "The number %s has the invalid sign word %u.", what, sign);
	if (dscale > SPM_NUMERIC_MAX_DSCALE)
		return fail(r, "The number %s has the invalid scale %u.", what, dscale);
	for (i = 0; i < ndigits; i++)
	{
		uint32_t	d = ((uint32_t) p[8 + 2 * i] << 8) | p[9 + 2 * i];

		if (d >= SPM_NUMERIC_NBASE)
			return fail(r, "The number %s has the invalid digit %u.", what, d);
		if (i == 0)
			first = d;
		last = d;
	}
	if (ndigits > 0 && (first == 0 || last == 0))
		return fail(r, "The number %s is not in canonical form.", what);
	return 0;
}

static int
read_number(wire_reader *r, spm_wire_number *out, int allow_special, const char *what)
{
	uint32_t	len;

	if (read_uint(r, 4, &len, what) != 0)
		return -1;
	if (len > (size_t) (r->end - r->p))
		return fail(r, "The length %u of %s runs past the end of the data.", len, what);
	if (check_numeric(r, r->p, len, allow_special, what) != 0)
		return -1;
	out->start = r->p;
	out->len = len;
	r->p += len;
	return 0;
}

static int
read_schedule(wire_reader *r, spm_tiers_wire *out, int allow_special)
{
	uint32_t	version,
				mode,
				flags,
				nbands;
	int			i;
	char		what[48];

	if (read_uint(r, 1, &version, "the schedule's header") != 0 ||
		read_uint(r, 1, &mode, "the schedule's header") != 0 ||
		read_uint(r, 1, &flags, "the schedule's header") != 0 ||
		read_uint(r, 1, &nbands, "the schedule's header") != 0)
		return -1;
	if (version != SPM_TIERS_WIRE_VERSION)
		return fail(r, "The schedule's format version is %u, not %d.", version,
					SPM_TIERS_WIRE_VERSION);
	if (mode > SPM_TIER_LAST_MODE)
		return fail(r, "The schedule's mode %u is not 0, 1 or 2.", mode);
	if ((flags & ~3u) != 0)
		return fail(r, "The schedule's flags %u are not valid.", flags);
	if (nbands < 1 || nbands > SPM_TIERS_MAX_BANDS)
		return fail(r, "The schedule has %u bands, not 1 to %d.", nbands, SPM_TIERS_MAX_BANDS);
	out->mode = (int) mode;
	out->flags = (int) flags;
	out->nbands = (int) nbands;
	for (i = 0; i < out->nbands; i++)
	{
		snprintf(what, sizeof(what), "threshold %d", i + 1);
		if (read_number(r, &out->threshold[i], allow_special, what) != 0)
			return -1;
	}
	for (i = 0; i < out->nbands; i++)
	{
		snprintf(what, sizeof(what), "rate %d", i + 1);
		if (read_number(r, &out->rate[i], allow_special, what) != 0)
			return -1;
	}
	out->cap.start = out->gate.start = NULL;
	if ((flags & 1) && read_number(r, &out->cap, allow_special, "cap") != 0)
		return -1;
	if ((flags & 2) && read_number(r, &out->gate, allow_special, "gate") != 0)
		return -1;
	return 0;
}

static int
read_flag(wire_reader *r, int *out, const char *what)
{
	uint32_t	v;

	*out = 0;
	if (read_uint(r, 1, &v, what) != 0)
		return -1;
	if (v > 1)
		return fail(r, "The flag %s is %u, not 0 or 1.", what, v);
	*out = (int) v;
	return 0;
}

static int
at_end(wire_reader *r)
{
	if (r->p != r->end)
		return fail(r, "The data has %zu bytes after its end.", (size_t) (r->end - r->p));
	return 0;
}

/* A state's u32 version and u8 kind, which must be this kind. */
static int
read_state_header(wire_reader *r, int kind)
{
	uint32_t	version,
				k;

	if (read_uint(r, 4, &version, "the state's version") != 0)
		return -1;
	if (version != SPM_COMMISSION_STATE_VERSION)
		return fail(r, "The state's format version is %u, not %d.", version,
					SPM_COMMISSION_STATE_VERSION);
	if (read_uint(r, 1, &k, "the state's kind") != 0)
		return -1;
	if ((int) k != kind)
		return fail(r, "The state is of kind %u, not %d.", k, kind);
	return 0;
}

/* A state's schedule: u32 length, then the schedule, finite, in exactly that many bytes. */
static int
read_embedded_schedule(wire_reader *r, spm_tiers_wire *out)
{
	wire_reader sched;
	uint32_t	slen;

	if (read_uint(r, 4, &slen, "the schedule's length") != 0)
		return -1;
	if (slen > (size_t) (r->end - r->p))
		return fail(r, "The schedule's length %u runs past the end of the data.", slen);
	sched = *r;
	sched.end = r->p + slen;
	if (read_schedule(&sched, out, 0) != 0 || at_end(&sched) != 0)
		return -1;
	r->p = sched.end;
	return 0;
}

int
spm_tiers_wire_parse(const unsigned char *data, size_t len, spm_tiers_wire *out,
					 char *err, size_t errlen)
{
	wire_reader r = {data, data + len, err, errlen};

	if (read_schedule(&r, out, 1) != 0)
		return -1;
	return at_end(&r);
}

int
spm_commission_state_parse(const unsigned char *data, size_t len, int kind,
						   spm_commission_wire *out, char *err, size_t errlen)
{
	wire_reader r = {data, data + len, err, errlen};
	int			has = 0;

	out->quota.start = out->sum.start = out->prior.start = NULL;
	out->total.start = out->last.start = NULL;
	if (read_state_header(&r, kind) != 0)
		return -1;
	out->kind = kind;

	if (read_embedded_schedule(&r, &out->schedule) != 0)
		return -1;

	if (read_flag(&r, &has, "has_quota") != 0 ||
		(has && read_number(&r, &out->quota, 0, "quota") != 0))
		return -1;
	if (kind == SPM_STATE_COMMISSION_AGG)
	{
		if (read_number(&r, &out->sum, 0, "sum") != 0)
			return -1;
	}
	else
	{
		if (read_number(&r, &out->prior, 0, "prior") != 0 ||
			read_number(&r, &out->total, 0, "total") != 0 ||
			read_flag(&r, &has, "has_last") != 0 ||
			(has && read_number(&r, &out->last, 0, "last") != 0))
			return -1;
	}
	return at_end(&r);
}

/* the smallest credit: id, day, a number of no digits, the converted flag */
#define SPM_LEDGER_CREDIT_MIN (8 + 4 + 4 + 8 + 1)

int
spm_ledger_credit_read(const unsigned char **p, const unsigned char *end,
					   spm_ledger_credit_wire *out, char *err, size_t errlen)
{
	wire_reader r = {*p, end, err, errlen};
	uint32_t	hi,
				lo,
				day,
				clen;
	size_t		i;

	out->original_amount.start = out->rate.start = NULL;
	out->currency = NULL;
	out->currency_len = 0;
	if (read_uint(&r, 4, &hi, "a credit's id") != 0 ||
		read_uint(&r, 4, &lo, "a credit's id") != 0 ||
		read_uint(&r, 4, &day, "a credit's day") != 0)
		return -1;
	out->id = (long long) (int64_t) (((uint64_t) hi << 32) | lo);
	out->day = (int) (int32_t) day;
	if (read_number(&r, &out->amount, 0, "a credit's amount") != 0 ||
		read_flag(&r, &out->converted, "converted") != 0)
		return -1;
	if (out->converted)
	{
		if (read_number(&r, &out->original_amount, 0, "a credit's original amount") != 0 ||
			read_uint(&r, 4, &clen, "a credit's currency") != 0)
			return -1;
		if (clen < 1 || clen > SPM_LEDGER_CURRENCY_MAX || clen > (size_t) (r.end - r.p))
			return fail(&r, "A credit's currency has %u bytes, not 1 to %d within the data.",
						clen, SPM_LEDGER_CURRENCY_MAX);
		for (i = 0; i < clen; i++)
			if (r.p[i] == 0)
				return fail(&r, "A credit's currency holds a NUL byte.");
		out->currency = r.p;
		out->currency_len = clen;
		r.p += clen;
		if (read_flag(&r, &out->converted, "has_rate") != 0)
			return -1;
		if (out->converted && read_number(&r, &out->rate, 0, "a credit's rate") != 0)
			return -1;
		out->converted = 1;
	}
	*p = r.p;
	return 0;
}

int
spm_ledger_state_parse(const unsigned char *data, size_t len, spm_ledger_wire *out,
					   char *err, size_t errlen)
{
	wire_reader r = {data, data + len, err, errlen};
	uint32_t	n;
	int			has = 0;
	const unsigned char *p;
	unsigned long i;

	out->quota.start = out->scale.start = out->cap.start = NULL;
	out->has_plan = 0;
	if (read_state_header(&r, SPM_STATE_LEDGER_AGG) != 0)
		return -1;
	if (read_flag(&r, &out->has_plan, "has_plan") != 0)
		return -1;
	if (out->has_plan)
	{
		if (read_embedded_schedule(&r, &out->schedule) != 0)
			return -1;
		if (read_flag(&r, &has, "has_quota") != 0 ||
			(has && read_number(&r, &out->quota, 0, "quota") != 0) ||
			read_flag(&r, &has, "has_scale") != 0 ||
			(has && read_number(&r, &out->scale, 0, "scale") != 0) ||
			read_flag(&r, &has, "has_cap") != 0 ||
			(has && read_number(&r, &out->cap, 0, "cap") != 0))
			return -1;
	}
	if (read_uint(&r, 4, &n, "the number of credits") != 0)
		return -1;
	if (n > (size_t) (r.end - r.p) / SPM_LEDGER_CREDIT_MIN)
		return fail(&r, "The state claims %u credits in %zu bytes.", n, (size_t) (r.end - r.p));
	if (n > 0 && !out->has_plan)
		return fail(&r, "The state has credits but no plan.");
	out->ncredits = n;
	out->credits = r.p;
	out->end = r.end;
	p = r.p;
	for (i = 0; i < n; i++)
	{
		spm_ledger_credit_wire c;

		if (spm_ledger_credit_read(&p, r.end, &c, err, errlen) != 0)
			return -1;
	}
	r.p = p;
	return at_end(&r);
}

int
spm_wire_number_read(const unsigned char **p, const unsigned char *end, spm_wire_number *out,
					 const char *what, char *err, size_t errlen)
{
	wire_reader r = {*p, end, err, errlen};

	if (read_number(&r, out, 0, what) != 0)
		return -1;
	*p = r.p;
	return 0;
}
