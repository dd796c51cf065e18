/*
 * statetype.c
 *	  Text and binary forms of spm's fixed-size state types, from their
 *	  descriptions in src/core (see statetype.h and core/statetext.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"

#include "compat.h"
#include "common/statetype.h"
#include "common/typeio.h"

StaticAssertDecl(sizeof(int32) == sizeof(int32_t) && sizeof(int64) == sizeof(int64_t),
				 "state fields are int32_t, int64_t and double");

Datum
spm_state_in(FunctionCallInfo fcinfo, const spm_state_layout *l)
{
	const char *text = PG_GETARG_CSTRING(0);
	void	   *s = palloc(l->size);
	char		err[256];

	if (spm_state_parse(l, text, s, err, sizeof(err)) != 0)
		spm_bad_text(l->sqlname, text, err);
	PG_RETURN_POINTER(s);
}

Datum
spm_state_out(FunctionCallInfo fcinfo, const spm_state_layout *l)
{
	const void *s = PG_GETARG_POINTER(0);
	Size		len = SPM_STATE_TEXT_MAX(l->ntext);
	char	   *buf = palloc(len);

	spm_state_format(l, s, buf, len);
	PG_RETURN_CSTRING(buf);
}

/* bytes of the binary form after the version word */
static int
fields_size(const spm_state_layout *l)
{
	int			size = 0;

	for (int i = 1; i < l->nbinary; i++)
		size += l->binary[i].kind == SPM_FIELD_INT32 ? 4 : 8;
	return size;
}

/*
 * The fields after the version, as the layout lists them.  The length is
 * checked first, so that short input is the type's 22P03 rather than the
 * protocol error pq_getmsg* would raise.
 */
static void
read_fields(StringInfo buf, const spm_state_layout *l, void *s)
{
	int			left = buf->len - buf->cursor;

	if (left != fields_size(l))
		spm_bad_binary(l->sqlname,
					   psprintf("Version %d of the binary form has %d bytes after the version word, not %d.",
								l->version, fields_size(l), left));
	for (int i = 1; i < l->nbinary; i++)
	{
		char	   *p = (char *) s + l->binary[i].offset;

		switch (l->binary[i].kind)
		{
			case SPM_FIELD_INT32:
				{
					int32		v = (int32) pq_getmsgint(buf, 4);

					memcpy(p, &v, sizeof(v));
					break;
				}
			case SPM_FIELD_COUNT:
				{
					int64		v = pq_getmsgint64(buf);

					memcpy(p, &v, sizeof(v));
					break;
				}
			case SPM_FIELD_DOUBLE:
				{
					float8		v = pq_getmsgfloat8(buf);

					memcpy(p, &v, sizeof(v));
					break;
				}
		}
	}
}

Datum
spm_state_recv(FunctionCallInfo fcinfo, const spm_state_layout *l)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	void	   *s = palloc(l->size);
	char		err[256];
	int32		version;

	if (buf->len - buf->cursor < 4)
		spm_bad_binary(l->sqlname,
					   psprintf("The binary form starts with a 4-byte version word, but only %d bytes were given.",
								buf->len - buf->cursor));
	version = (int32) pq_getmsgint(buf, 4);
	spm_state_init(l, s);
	if (version != l->version && l->previous != NULL &&
		version == l->previous->version)
	{
		/* the earlier format, converted */
		void	   *old = palloc(l->previous->size);

		spm_state_init(l->previous, old);
		read_fields(buf, l->previous, old);
		if (!l->previous->valid(old, err, sizeof(err)))
			spm_bad_binary(l->sqlname, err);
		l->upgrade(old, s);
		pfree(old);
	}
	else
	{
		memcpy(s, &version, sizeof(version));
		if (version == l->version)
			read_fields(buf, l, s);
	}
	if (!l->valid(s, err, sizeof(err)))
		spm_bad_binary(l->sqlname, err);
	PG_RETURN_POINTER(s);
}

Datum
spm_state_send(FunctionCallInfo fcinfo, const spm_state_layout *l)
{
	const char *s = (const char *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	for (int i = 0; i < l->nbinary; i++)
	{
		const char *p = s + l->binary[i].offset;

		switch (l->binary[i].kind)
		{
			case SPM_FIELD_INT32:
				{
					int32		v;

					memcpy(&v, p, sizeof(v));
					pq_sendint32(&buf, (uint32) v);
					break;
				}
			case SPM_FIELD_COUNT:
				{
					int64		v;

					memcpy(&v, p, sizeof(v));
					pq_sendint64(&buf, (uint64) v);
					break;
				}
			case SPM_FIELD_DOUBLE:
				{
					float8		v;

					memcpy(&v, p, sizeof(v));
					pq_sendfloat8(&buf, v);
					break;
				}
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

void *
spm_state_new(FunctionCallInfo fcinfo, const spm_state_layout *l)
{
	void	   *s = spm_new_state(fcinfo, l->size, NULL);

	spm_state_init(l, s);
	return s;
}
