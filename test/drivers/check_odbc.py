"""psqlODBC's part of test/drivers/run.sh, through pyodbc and unixODBC.

Usage: /usr/bin/python3 check_odbc.py DIRECTORY, with PGHOST, PGPORT,
PGDATABASE, PGUSER and PGPASSWORD set and DIRECTORY holding the files that
run.sh writes (see common.py).
"""
import sys

import pyodbc

import common

# The name odbc-postgresql registers in /etc/odbcinst.ini.
DRIVER = "PostgreSQL Unicode"


def description_problems(columns, description):
    # pyodbc reports each column's type as the Python type it converts the
    # column's ODBC SQL type to.
    problems = []
    for (name, typname, _), d in zip(columns, description):
        expected = common.PYTHON_TYPES.get(typname)
        if d[1] is not expected:
            problems.append("%s: described as %s for %s, expected %s" % (
                name, d[1].__name__, typname, expected.__name__ if expected else "?"))
    return problems


def main():
    host, port, database, user, password = common.connection_settings()
    # psqlODBC describes boolean columns as characters ('1'/'0') unless
    # BoolsAsChar=0, with which they are SQL_BIT and reach Python as bool.
    connection = pyodbc.connect(
        "Driver={%s};Server=%s;Port=%s;Database=%s;Uid=%s;Pwd={%s};BoolsAsChar=0"
        % (DRIVER, host, port, database, user, password), autocommit=True)
    ok = common.check("psqlODBC", connection, description_problems, sys.argv[1])
    connection.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
