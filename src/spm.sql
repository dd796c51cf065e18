/*
 * spm install script.  The Makefile builds spm--<version>.sql by
 * concatenating this header with each module's declarations (the .sql file beside each module's C code).
 * Objects are created in schema spm (see spm.control); every name is
 * schema-qualified and nothing uses CREATE OR REPLACE.
 */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION spm" to load this file. \quit

COMMENT ON SCHEMA spm IS 'spm: Sales Performance Management inside PostgreSQL';
