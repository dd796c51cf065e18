"""psycopg2's part of test/drivers/run.sh: every spm view, as the manager over TCP.

Usage: /usr/bin/python3 check_psycopg2.py DIRECTORY, with PGHOST, PGPORT,
PGDATABASE, PGUSER and PGPASSWORD set and DIRECTORY holding the files that
run.sh writes (see common.py).
"""
import sys

import psycopg2

import common


def description_problems(columns, description):
    # psycopg2 reports the type OID of each column; its typecasters pick the
    # Python type from it, which row_problems checks value by value.
    return ["%s: type OID %d, catalog has %d (%s)" % (name, d.type_code, oid, typname)
            for (name, typname, oid), d in zip(columns, description) if d.type_code != oid]


def main():
    host, port, database, user, password = common.connection_settings()
    connection = psycopg2.connect(host=host, port=port, dbname=database, user=user, password=password)
    connection.autocommit = True
    ok = common.check("psycopg2", connection, description_problems, sys.argv[1])
    connection.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
