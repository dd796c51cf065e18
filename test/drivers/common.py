"""What the Python driver checks of test/drivers/run.sh share.

run.sh writes three files per view of schema spm into a directory:

  VIEW.columns  one line per column, in catalog order: name, pg_type.typname
                and the type's OID, separated by tabs
  VIEW.sql      the query every client runs: all columns, ordered by all
  VIEW.rows     what psql -At printed for that query, with every field and
                every row ended by a NUL byte, and NULL printed as \\N

The checks compare what a driver returns with those files: the column names,
the Python type of each value, and each value printed as PostgreSQL prints it.
"""
import datetime
import decimal
import math
import os

# How run.sh has psql print NULL.  A text value that really is \N would be
# reported as a difference, never missed.
NULL = "\\N"

# The Python type each driver must return for each PostgreSQL type.
PYTHON_TYPES = {
    "numeric": decimal.Decimal,
    "float8": float,
    "int4": int,
    "int8": int,
    "text": str,
    "date": datetime.date,
    "bool": bool,
}

# A failing view shows this many of its differences.
SHOWN = 5


def connection_settings():
    """Return the host, port, database, user and password run.sh chose."""
    return tuple(os.environ[v] for v in ("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD"))


def views(directory):
    """Yield (view, columns, query, rows) for each view run.sh wrote down.

    columns is a list of (name, typname, oid); rows is a list of lists of
    the text psql printed, with None for NULL.
    """
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".sql"):
            continue
        view = name[:-4]
        path = os.path.join(directory, view)
        with open(path + ".columns", encoding="utf-8") as f:
            columns = [(n, t, int(o)) for n, t, o in (line.rstrip("\n").split("\t") for line in f)]
        with open(path + ".sql", encoding="utf-8") as f:
            query = f.read()
        with open(path + ".rows", encoding="utf-8") as f:
            data = f.read()
        # Every field ends with a NUL, so the last piece of the split is empty.
        fields = [None if v == NULL else v for v in data.split("\0")[:-1]]
        width = len(columns)
        rows = [fields[i:i + width] for i in range(0, len(fields), width)]
        yield view, columns, query, rows


def as_text(value, typname):
    """Print a driver's value the way PostgreSQL prints a value of typname."""
    if value is None:
        return None
    if typname == "numeric":
        # The same digits as str(), but str() switches to exponent notation
        # below 1e-6 where PostgreSQL still prints 0.0000001.
        return format(value, "f")
    if typname == "bool":
        return "t" if value else "f"
    if typname == "date":
        return value.isoformat()
    return str(value)


def same(value, text, typname):
    """Tell whether a driver's value is the one psql printed as text."""
    if value is None or text is None:
        return value is None and text is None
    if typname == "float8":
        want = float(text)
        if math.isnan(want):
            return math.isnan(value)
        return value == want or math.isclose(value, want, rel_tol=1e-12, abs_tol=0.0)
    return as_text(value, typname) == text


def column_problems(columns, names):
    """Compare the column names a driver reports with the catalog's."""
    want = [name for name, _, _ in columns]
    if names != want:
        return ["columns %s, catalog has %s" % (names, want)]
    return [name + ": no expected Python type for PostgreSQL type " + typname
            for name, typname, _ in columns if typname not in PYTHON_TYPES]


def row_problems(columns, want_rows, got_rows):
    """Compare a driver's rows with psql's, value by value."""
    problems = []
    if len(got_rows) != len(want_rows):
        problems.append("%d rows, psql printed %d" % (len(got_rows), len(want_rows)))
    for number, (got, want) in enumerate(zip(got_rows, want_rows), 1):
        for (name, typname, _), value, text in zip(columns, got, want):
            expected = PYTHON_TYPES.get(typname)
            # type() and not isinstance(): a bool is an int, a datetime a date.
            if value is not None and expected is not None and type(value) is not expected:
                problems.append("row %d %s: %s for %s, expected %s" % (
                    number, name, type(value).__name__, typname, expected.__name__))
            elif not same(value, text, typname):
                problems.append("row %d %s: %r, psql printed %r" % (
                    number, name, as_text(value, typname), text))
    return problems


def report(driver, what, problems, detail=""):
    """Print one test's ok or not ok line, with the first differences."""
    if not problems:
        print("ok - %s: %s%s" % (driver, what, " (%s)" % detail if detail else ""))
        return True
    print("not ok - %s: %s" % (driver, what))
    for p in problems[:SHOWN]:
        print("#   " + p)
    if len(problems) > SHOWN:
        print("#   ... and %d more" % (len(problems) - SHOWN))
    return False


def check(driver, connection, description_problems, directory):
    """Run every view's query over a DB-API connection and compare the results.

    description_problems(columns, cursor.description) returns what is wrong
    with the types the driver reports for the columns.  Prints one line per
    test and returns whether all passed.
    """
    host, _, _, user, _ = connection_settings()
    cur = connection.cursor()
    cur.execute("SELECT current_user::text, host(inet_server_addr()), current_setting('spm.as_of')")
    got_user, got_host, as_of = cur.fetchone()
    problems = []
    if (got_user, got_host) != (user, host):
        problems.append("connected to %s as %s, expected %s as %s" % (got_host, got_user, host, user))
    ok = report(driver, "connection", problems, "TCP to %s as %s, spm.as_of %s" % (got_host, got_user, as_of))
    for view, columns, query, rows in views(directory):
        try:
            cur.execute(query)
            problems = column_problems(columns, [d[0] for d in cur.description])
            if not problems:
                problems = (description_problems(columns, cur.description) +
                            row_problems(columns, rows, [list(r) for r in cur.fetchall()]))
        except Exception as e:
            problems = ["%s: %s" % (type(e).__name__, str(e).strip())]
        ok = report(driver, "spm." + view, problems, "%d rows, %d columns" % (len(rows), len(columns))) and ok
    return ok
