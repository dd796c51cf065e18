/*
 * spm install script.  The Makefile builds spm--<version>.sql by
 * concatenating this header with each module's declarations (the .sql file beside each module's C code).
 * Objects are created in schema spm (see spm.control); every name is
 * schema-qualified and nothing uses CREATE OR REPLACE.
 */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION spm" to load this file. \quit

-- CREATE EXTENSION creates schema spm, or uses the one that exists.  A
-- schema that someone else created would let them plant objects among
-- spm's (say, a spm.commission(numeric, text) that answers what they like),
-- so install only into a schema that the installing role or a superuser
-- owns, that nobody else may create objects in, and that is still empty.
DO $guard$
DECLARE
    schema_oid oid;
    owner_name name;
    owner_is_super boolean;
    intruder name;
    objects bigint;
BEGIN
    SELECT n.oid, r.rolname, r.rolsuper INTO schema_oid, owner_name, owner_is_super
      FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
     WHERE n.nspname = 'spm';
    IF owner_name <> current_user AND NOT owner_is_super THEN
        RAISE EXCEPTION 'schema spm is owned by role %, not by %', owner_name, current_user
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'spm installs only into a schema it creates, or one owned by the installing role or a superuser, so that nobody else can place objects in it.',
                  HINT = 'Drop the schema, or have a superuser run ALTER SCHEMA spm OWNER TO ' || pg_catalog.quote_ident(current_user) || ', then create the extension again.';
    END IF;
    SELECT r.rolname INTO intruder
      FROM pg_catalog.pg_namespace n,
           pg_catalog.aclexplode(n.nspacl) a
      LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
     WHERE n.oid = schema_oid AND a.privilege_type = 'CREATE'
       AND a.grantee <> n.nspowner AND NOT coalesce(r.rolsuper, false)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'role % may create objects in schema spm', coalesce(intruder, 'PUBLIC')
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'REVOKE CREATE ON SCHEMA spm FROM ' || coalesce(pg_catalog.quote_ident(intruder), 'PUBLIC') || ', then create the extension again.';
    END IF;
    SELECT (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class WHERE relnamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc WHERE pronamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_type WHERE typnamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_operator WHERE oprnamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_opfamily WHERE opfnamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_collation WHERE collnamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_conversion WHERE connamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_ts_config WHERE cfgnamespace = schema_oid)
         + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_ts_dict WHERE dictnamespace = schema_oid)
      INTO objects;
    IF objects > 0 THEN
        RAISE EXCEPTION 'schema spm is not empty: it holds % objects', objects
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'spm installs only into an empty schema, so that no object in it can predate the extension.',
                  HINT = 'Move or drop the objects in schema spm, then create the extension again.';
    END IF;
END
$guard$;

COMMENT ON SCHEMA spm IS 'spm: Sales Performance Management inside PostgreSQL';

-- Functions, types and aggregates are pure computations: every role may
-- use them.  The tables and views of the data model are granted to the
-- two group roles below (src/model/model.sql, src/reports/reports.sql).
GRANT USAGE ON SCHEMA spm TO PUBLIC;

-- The group roles of the data model.  Roles belong to the whole cluster,
-- not to one database, so they are created only when missing: a second
-- database, a re-install after DROP EXTENSION, or a restore into a cluster
-- that already has them all find them in place.  DROP EXTENSION leaves them
-- (and their members) behind.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spm_admin') THEN
        CREATE ROLE spm_admin NOLOGIN;
        COMMENT ON ROLE spm_admin IS 'spm: reads and changes every row of the spm data model';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spm_user') THEN
        CREATE ROLE spm_user NOLOGIN;
        COMMENT ON ROLE spm_user IS 'spm: reads their own rows of the spm data model and those of everyone reporting to them';
    END IF;
END
$roles$;
