--
-- install: what CREATE EXTENSION and DROP EXTENSION do with the schema and
-- the roles, in databases of their own.  Roles belong to the whole cluster,
-- so a second database, a re-install and a pre-existing spm schema are all
-- cases a DBA meets.
--
SELECT current_user AS superuser, current_database() AS home \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS regress_spm_second;
DROP DATABASE IF EXISTS regress_spm_guard;
DROP ROLE IF EXISTS regress_dbowner;
DROP ROLE IF EXISTS regress_installer;
RESET client_min_messages;

-- ---- a second database of the same cluster ----------------------------------
-- The roles exist already (the setup test's database made them): the
-- install finds them and grants them what this database's model needs.
CREATE DATABASE regress_spm_second;
\c regress_spm_second
CREATE EXTENSION spm;
SELECT count(*) AS spm_roles FROM pg_roles WHERE rolname IN ('spm_admin', 'spm_user');
SELECT has_table_privilege('spm_user', 'spm.credit', 'SELECT') AS user_reads_credit,
       has_table_privilege('spm_user', 'spm.credit', 'INSERT') AS user_writes_credit,
       has_table_privilege('spm_admin', 'spm.credit', 'INSERT') AS admin_writes_credit;

-- ---- DROP EXTENSION, then CREATE EXTENSION again -----------------------------
INSERT INTO spm.rep (rep_id, name) VALUES (1, 'Kept?');
DROP EXTENSION spm;
-- the data goes with the extension; the empty schema and the roles stay
SELECT nspname, pg_get_userbyid(nspowner) = current_user AS owned_by_installer,
       (SELECT count(*) FROM pg_class WHERE relnamespace = n.oid) AS relations
  FROM pg_namespace n WHERE nspname = 'spm';
SELECT count(*) AS spm_roles FROM pg_roles WHERE rolname IN ('spm_admin', 'spm_user');
CREATE EXTENSION spm;
SELECT count(*) AS reps FROM spm.rep;
SELECT has_table_privilege('spm_user', 'spm.rep', 'SELECT') AS user_reads_rep;
-- (A restore into a fresh cluster, where the roles do not exist yet, is
-- tested by test/dump_restore.sh.)

-- ---- a schema spm that someone else made first ---------------------------------
-- A database owner who is not a superuser creates schema spm and plants a
-- function in it; the install refuses, and nothing of spm is created.
\c :home
CREATE ROLE regress_installer LOGIN SUPERUSER;
CREATE ROLE regress_dbowner LOGIN;
CREATE DATABASE regress_spm_guard OWNER regress_dbowner;
\c regress_spm_guard regress_dbowner
CREATE SCHEMA spm;
CREATE FUNCTION spm.commission(numeric, text) RETURNS numeric LANGUAGE sql AS 'SELECT 999999';
\c - regress_installer
\set SHOW_CONTEXT never
CREATE EXTENSION spm;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS spm_extensions FROM pg_extension WHERE extname = 'spm';
-- handing the schema to the installer is not enough while the planted
-- function is in it
ALTER SCHEMA spm OWNER TO regress_installer;
CREATE EXTENSION spm;
\echo :LAST_ERROR_SQLSTATE
-- nor is an empty schema that others may create objects in
DROP FUNCTION spm.commission(numeric, text);
GRANT CREATE ON SCHEMA spm TO regress_dbowner;
CREATE EXTENSION spm;
\echo :LAST_ERROR_SQLSTATE
GRANT CREATE ON SCHEMA spm TO PUBLIC;
REVOKE CREATE ON SCHEMA spm FROM regress_dbowner;
CREATE EXTENSION spm;
\echo :LAST_ERROR_SQLSTATE
-- an empty schema owned by the installer, with no one else able to create
-- in it, is fine
REVOKE CREATE ON SCHEMA spm FROM PUBLIC;
CREATE EXTENSION spm;
SELECT spm.commission(100, 'graduated: 0 @ 0.1');

\c :home :superuser
SET client_min_messages = warning;
DROP DATABASE regress_spm_second;
DROP DATABASE regress_spm_guard;
DROP ROLE regress_dbowner, regress_installer;
RESET client_min_messages;
