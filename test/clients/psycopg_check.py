# End-to-end checks of Eddy through psycopg 3, run by test/clients/psycopg.test.ts as
#   python psycopg_check.py PORT
# Each check runs on its own, records {"ok": true, ...details} or {"ok": false, "error": "..."}
# and the script prints one JSON object {check name: result} as its last line of stdout, so the
# test can assert on every check and show the exact error of the ones that fail.
#
# psycopg binds parameters server-side (Parse/Bind/Execute: the extended protocol), asks for
# binary results with cursor(binary=True), pipelines executemany, names its prepared statements
# with prepare=True, and speaks the COPY sub-protocol through cursor.copy().
import datetime as dt
import json
import sys
import threading
import time
import traceback
import uuid
from decimal import Decimal

import psycopg
from psycopg import errors
from psycopg.types.json import Jsonb

PORT = int(sys.argv[1])
RESULTS = {}


def connect(**kwargs):
    return psycopg.connect(
        host="127.0.0.1",
        port=PORT,
        user="eddy",
        dbname="eddy",
        connect_timeout=10,
        **kwargs,
    )


def check(name):
    """Runs the decorated function at once and records its outcome under `name`."""

    def run(fn):
        try:
            detail = fn()
            RESULTS[name] = {"ok": True, **(detail or {})}
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
            RESULTS[name] = {
                "ok": False,
                "error": f"{type(e).__module__}.{type(e).__name__}: {e}".strip(),
                "sqlstate": getattr(e, "sqlstate", None),
                "where": traceback.format_exc(limit=3).strip().splitlines()[-3:],
            }
        return fn

    return run


def expect(actual, expected, what):
    if actual != expected or type(actual) is not type(expected):
        raise AssertionError(f"{what}: got {actual!r}, expected {expected!r}")


TZ_PLUS2 = dt.timezone(dt.timedelta(hours=2))
# One row per Python value kind; columns match TYPED_COLUMNS below.
TYPED_ROWS = [
    (
        1,
        2**53 + 1,
        Decimal("12345678901234567890.123456789"),
        "héllo 'quoted' \"x\" \\ tab\t",
        True,
        dt.date(2024, 2, 29),
        dt.datetime(2024, 2, 29, 13, 45, 6, 789012, tzinfo=dt.timezone.utc),
        b"\x00\x01\xfe\xff binary",
        uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        Jsonb({"a": [1, 2, {"b": None}], "c": "x", "d": 1.5}),
        0.1,
    ),
    (
        2,
        -(2**62),
        Decimal("-0.000001"),
        "",
        False,
        dt.date(1999, 12, 31),
        dt.datetime(1999, 12, 31, 23, 59, 59, tzinfo=TZ_PLUS2),
        b"",
        uuid.UUID("00000000-0000-0000-0000-000000000000"),
        Jsonb([]),
        -1.5e300,
    ),
    (3, None, None, None, None, None, None, None, None, None, None),
]
TYPED_COLUMNS = "i, big, num, txt, flag, day, at, raw, id, doc, fl"


def expected_typed_rows():
    """What SELECT returns: Jsonb wrappers come back as plain Python objects."""
    return [tuple(v.obj if isinstance(v, Jsonb) else v for v in row) for row in TYPED_ROWS]


conn = None


@check("connect")
def _connect():
    global conn
    conn = connect(autocommit=True)
    info = conn.info
    return {
        "psycopg_version": psycopg.__version__,
        "server_version": info.server_version,
        "encoding": info.encoding,
        "integer_datetimes": info.parameter_status("integer_datetimes"),
        "standard_conforming_strings": info.parameter_status("standard_conforming_strings"),
    }


if conn is None:
    print(json.dumps(RESULTS))
    sys.exit(0)


@check("create_table")
def _create_table():
    conn.execute(
        """CREATE TABLE typed (i int PRIMARY KEY, big bigint, num numeric, txt text,
             flag boolean, day date, at timestamptz, raw bytea, id uuid, doc jsonb,
             fl double precision)"""
    )


@check("insert_params")
def _insert_params():
    with conn.cursor() as cur:
        for row in TYPED_ROWS:
            cur.execute(
                f"INSERT INTO typed ({TYPED_COLUMNS}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                row,
            )
            expect(cur.rowcount, 1, "rowcount")


def select_typed(binary):
    with conn.cursor(binary=binary) as cur:
        cur.execute(f"SELECT {TYPED_COLUMNS} FROM typed ORDER BY i")
        rows = cur.fetchall()
        names = [d.name for d in cur.description]
    expect(names, [c.strip() for c in TYPED_COLUMNS.split(",")], "column names")
    want = expected_typed_rows()
    expect(len(rows), len(want), "row count")
    for got_row, want_row in zip(rows, want):
        for name, got, exp in zip(names, got_row, want_row):
            expect(got, exp, f"row {want_row[0]} column {name}")
    return {"rows": len(rows)}


@check("select_text")
def _select_text():
    return select_typed(binary=False)


@check("select_binary")
def _select_binary():
    return select_typed(binary=True)


@check("binary_params")
def _binary_params():
    # %b makes psycopg send every parameter in binary format (Bind with format code 1).
    conn.execute("CREATE TABLE typed_bin AS SELECT * FROM typed WHERE false")
    with conn.cursor() as cur:
        for row in TYPED_ROWS:
            cur.execute(
                f"INSERT INTO typed_bin ({TYPED_COLUMNS}) VALUES "
                "(%b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b)",
                row,
            )
    with conn.cursor(binary=True) as cur:
        got = cur.execute(f"SELECT {TYPED_COLUMNS} FROM typed_bin ORDER BY i").fetchall()
    names = [c.strip() for c in TYPED_COLUMNS.split(",")]
    for got_row, want_row in zip(got, expected_typed_rows(), strict=True):
        for name, g, w in zip(names, got_row, want_row):
            expect(g, w, f"row {want_row[0]} column {name}")


@check("select_where_params")
def _select_where_params():
    row = TYPED_ROWS[0]
    got = conn.execute(
        "SELECT i FROM typed WHERE big = %s AND num = %s AND txt = %s AND flag = %s AND "
        "day = %s AND at = %s AND raw = %s AND id = %s",
        row[1:9],
    ).fetchall()
    expect(got, [(1,)], "matching rows")


@check("literals_roundtrip")
def _literals_roundtrip():
    got = conn.execute(
        "SELECT 1::int2, 2::int4, 9007199254740993::int8, 1.25::numeric, 'NaN'::numeric, "
        "2.5::float4, 'Infinity'::float8, 'x'::varchar, 'ab'::char(3), interval '1 day 2 hours', "
        "'12:34:56'::time, '2024-01-02 03:04:05'::timestamp"
    ).fetchone()
    want = (
        1,
        2,
        9007199254740993,
        Decimal("1.25"),
        Decimal("NaN"),
        2.5,
        float("inf"),
        "x",
        "ab ",
        dt.timedelta(days=1, hours=2),
        dt.time(12, 34, 56),
        dt.datetime(2024, 1, 2, 3, 4, 5),
    )
    for i, (g, w) in enumerate(zip(got, want)):
        if isinstance(w, Decimal) and w.is_nan():
            if not (isinstance(g, Decimal) and g.is_nan()):
                raise AssertionError(f"column {i}: got {g!r}, expected NaN")
        else:
            expect(g, w, f"column {i}")


@check("session_timezone")
def _session_timezone():
    with connect(autocommit=True) as tc:
        tc.execute("SET TimeZone = 'America/New_York'")
        expect(tc.info.timezone.key, "America/New_York", "connection timezone")
        at = dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.timezone.utc)
        for binary in (False, True):
            with tc.cursor(binary=binary) as cur:
                got = cur.execute("SELECT %s::timestamptz, %s::timestamptz::text", (at, at))
                value, text = got.fetchone()
            expect(value, at, f"timestamptz value (binary={binary})")
            expect(value.utcoffset(), dt.timedelta(hours=-4), f"offset (binary={binary})")
            expect(text, "2024-07-01 08:00:00-04", f"timestamptz text (binary={binary})")


@check("executemany")
def _executemany():
    conn.execute("CREATE TABLE many (k int PRIMARY KEY, v text)")
    rows = [(k, f"v{k}") for k in range(1, 51)]
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO many (k, v) VALUES (%s, %s)", rows)
        got = cur.execute("SELECT k, v FROM many ORDER BY k").fetchall()
    expect(got, rows, "rows after executemany")
    return {"rows": len(got)}


@check("executemany_returning")
def _executemany_returning():
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO many (k, v) VALUES (%s, %s) RETURNING k * 10",
            [(101, "a"), (102, "b")],
            returning=True,
        )
        got = []
        while True:
            got.extend(cur.fetchall())
            if not cur.nextset():
                break
    expect(got, [(1010,), (1020,)], "returned rows")


@check("pipeline")
def _pipeline():
    with conn.pipeline():
        c1 = conn.execute("SELECT %s::int + 1", (41,))
        c2 = conn.execute("SELECT upper(%s)", ("abc",))
    expect(c1.fetchone(), (42,), "first pipelined result")
    expect(c2.fetchone(), ("ABC",), "second pipelined result")


@check("transaction_rollback")
def _transaction_rollback():
    with connect() as tx:  # autocommit off: psycopg sends BEGIN before the first statement
        tx.execute("INSERT INTO many (k, v) VALUES (%s, %s)", (900, "rolled back"))
        inside = tx.execute("SELECT count(*) FROM many WHERE k = 900").fetchone()
        expect(inside, (1,), "own write inside the transaction")
        tx.rollback()
        after = tx.execute("SELECT count(*) FROM many WHERE k = 900").fetchone()
        expect(after, (0,), "after rollback")
        tx.execute("INSERT INTO many (k, v) VALUES (%s, %s)", (901, "committed"))
        tx.commit()
    expect(
        conn.execute("SELECT v FROM many WHERE k >= 900 ORDER BY k").fetchall(),
        [("committed",)],
        "seen from another connection",
    )


@check("transaction_block")
def _transaction_block():
    with connect(autocommit=True) as tx:
        try:
            with tx.transaction():
                tx.execute("INSERT INTO many (k, v) VALUES (902, 'x')")
                raise psycopg.Rollback()
        except psycopg.Rollback:
            raise AssertionError("Rollback escaped the transaction block")
        with tx.transaction():
            tx.execute("INSERT INTO many (k, v) VALUES (903, 'y')")
    expect(
        conn.execute("SELECT k FROM many WHERE k > 901 ORDER BY k").fetchall(),
        [(903,)],
        "rows after transaction blocks",
    )


@check("savepoint")
def _savepoint():
    with connect(autocommit=True) as tx:
        with tx.transaction():
            tx.execute("INSERT INTO many (k, v) VALUES (905, 'kept')")
            with tx.transaction():  # nested block: SAVEPOINT / ROLLBACK TO SAVEPOINT
                tx.execute("INSERT INTO many (k, v) VALUES (906, 'undone')")
                raise psycopg.Rollback()
            with tx.transaction():  # SAVEPOINT / RELEASE SAVEPOINT
                tx.execute("INSERT INTO many (k, v) VALUES (907, 'released')")
            try:
                with tx.transaction():  # an error rolls back to the savepoint
                    tx.execute("INSERT INTO many (k, v) VALUES (908, 'undone too')")
                    tx.execute("SELECT 1 / 0")
            except errors.DivisionByZero:
                pass
            tx.execute("INSERT INTO many (k, v) VALUES (909, 'after the error')")
    expect(
        conn.execute("SELECT k FROM many WHERE k > 904 ORDER BY k").fetchall(),
        [(905,), (907,), (909,)],
        "rows after rolled back and released savepoints",
    )


@check("division_by_zero")
def _division_by_zero():
    with connect() as tx:
        try:
            tx.execute("SELECT 1 / %s", (0,))
            raise AssertionError("no error raised")
        except errors.DivisionByZero as e:
            expect(e.sqlstate, "22012", "sqlstate")
            message = e.diag.message_primary
        expect(tx.info.transaction_status.name, "INERROR", "transaction status after error")
        try:
            tx.execute("SELECT 1")
            raise AssertionError("statement in failed transaction was accepted")
        except errors.InFailedSqlTransaction:
            pass
        tx.rollback()
        expect(tx.execute("SELECT 2").fetchone(), (2,), "query after rollback")
    return {"message": message}


@check("error_autocommit")
def _error_autocommit():
    try:
        conn.execute("SELECT * FROM no_such_table")
        raise AssertionError("no error raised")
    except errors.UndefinedTable as e:
        expect(e.sqlstate, "42P01", "sqlstate")
    expect(conn.execute("SELECT 3").fetchone(), (3,), "query after error")


@check("copy_from_stdin")
def _copy_from_stdin():
    conn.execute("CREATE TABLE copied (a int, b text, c numeric, d date)")
    rows = [
        (1, "one", Decimal("1.5"), dt.date(2020, 1, 1)),
        (2, "tab\there, newline\nthere, back\\slash", Decimal("-2"), dt.date(2021, 6, 30)),
        (3, None, None, None),
    ]
    with conn.cursor() as cur:
        with cur.copy("COPY copied (a, b, c, d) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        expect(cur.rowcount, 3, "COPY rowcount")
        got = cur.execute("SELECT a, b, c, d FROM copied ORDER BY a").fetchall()
    expect(got, rows, "rows after COPY FROM STDIN")


@check("copy_to_stdout")
def _copy_to_stdout():
    with conn.cursor() as cur:
        with cur.copy("COPY (SELECT a, b, c, d FROM copied ORDER BY a) TO STDOUT") as copy:
            copy.set_types(["int4", "text", "numeric", "date"])
            got = list(copy.rows())
    expect(
        got,
        [
            (1, "one", Decimal("1.5"), dt.date(2020, 1, 1)),
            (2, "tab\there, newline\nthere, back\\slash", Decimal("-2"), dt.date(2021, 6, 30)),
            (3, None, None, None),
        ],
        "rows from COPY TO STDOUT",
    )


@check("copy_table_to_stdout_raw")
def _copy_table_to_stdout_raw():
    with conn.cursor() as cur:
        with cur.copy("COPY many (k, v) TO STDOUT") as copy:
            data = b"".join(bytes(block) for block in copy)
    lines = sorted(data.decode().splitlines())
    want = sorted(f"{k}\t{v}" for k, v in conn.execute("SELECT k, v FROM many").fetchall())
    expect(lines, want, "lines of COPY many TO STDOUT")
    expect("1\tv1" in lines, True, "line for k=1")


TYPED_NAMES = ["int4", "int8", "numeric", "text", "bool", "date", "timestamptz", "bytea", "uuid",
               "jsonb", "float8"]


@check("copy_binary")
def _copy_binary():
    # COPY ... (FORMAT BINARY): every field in the type's binary send/receive form.
    conn.execute("CREATE TABLE copied_bin AS SELECT * FROM typed WHERE false")
    with conn.cursor() as cur:
        with cur.copy(f"COPY copied_bin ({TYPED_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(TYPED_NAMES)
            for row in TYPED_ROWS:
                copy.write_row(row)
        expect(cur.rowcount, len(TYPED_ROWS), "COPY FROM rowcount")
        with cur.copy(f"COPY copied_bin ({TYPED_COLUMNS}) TO STDOUT (FORMAT BINARY)") as copy:
            copy.set_types(TYPED_NAMES)
            got = sorted(copy.rows(), key=lambda r: r[0])
        expect(cur.rowcount, len(TYPED_ROWS), "COPY TO rowcount")
        with cur.copy("COPY (SELECT ARRAY[i, 2], 'x' || i FROM typed ORDER BY i) TO STDOUT "
                      "(FORMAT BINARY)") as copy:
            copy.set_types(["int4[]", "text"])
            from_query = list(copy.rows())
    want = expected_typed_rows()
    for got_row, want_row in zip(got, want, strict=True):
        for name, g, w in zip(TYPED_COLUMNS.split(", "), got_row, want_row):
            expect(g, w, f"row {want_row[0]} column {name}")
    expect(from_query, [([i, 2], f"x{i}") for i in (1, 2, 3)], "binary COPY of a query")


@check("prepared_reuse")
def _prepared_reuse():
    with conn.cursor() as cur:
        for k in (1, 2, 3, 4, 5):
            cur.execute("SELECT v FROM many WHERE k = %s", (k,), prepare=True)
            expect(cur.fetchone(), (f"v{k}",), f"prepared result for k={k}")
    names = list(conn._prepared._names.values())
    expect(len(names) >= 1, True, "psycopg kept a named prepared statement")


@check("prepare_threshold_zero")
def _prepare_threshold_zero():
    with connect(autocommit=True, prepare_threshold=0) as pc:
        for k in range(1, 6):
            got = pc.execute(
                "SELECT k, v, %s::text FROM many WHERE k = %s", (f"p{k}", k)
            ).fetchone()
            expect(got, (k, f"v{k}", f"p{k}"), f"auto-prepared result for k={k}")
        # A prepared INSERT and a prepared SELECT of the same shape, many times.
        for k in range(200, 210):
            pc.execute("INSERT INTO many (k, v) VALUES (%s, %s)", (k, str(k)))
        got = pc.execute("SELECT count(*) FROM many WHERE k >= %s AND k < %s", (200, 210))
        expect(got.fetchone(), (10,), "rows inserted by a prepared INSERT")


@check("server_side_cursor")
def _server_side_cursor():
    with connect() as sc:
        with sc.cursor(name="big_cursor") as cur:
            cur.itersize = 7
            cur.execute("SELECT k FROM many WHERE k <= %s ORDER BY k", (50,))
            got = [r[0] for r in cur]
    expect(got, list(range(1, 51)), "rows through a named cursor")


@check("update_delete_rowcount")
def _update_delete_rowcount():
    with conn.cursor() as cur:
        cur.execute("UPDATE many SET v = v || '!' WHERE k <= %s", (10,))
        expect(cur.rowcount, 10, "UPDATE rowcount")
        cur.execute("DELETE FROM many WHERE k > %s AND k < %s", (100, 103))
        expect(cur.rowcount, 2, "DELETE rowcount")


@check("subscribe_fetch")
def _subscribe_fetch():
    with connect(autocommit=True) as w, connect() as sc:
        w.execute("CREATE TABLE subs (id int)")
        w.execute("CREATE MATERIALIZED VIEW subs_n AS SELECT count(*) AS n FROM subs")
        with sc.cursor() as cur:
            # Not autocommit: psycopg opens the transaction block DECLARE needs.
            cur.execute("DECLARE c CURSOR FOR SUBSCRIBE subs_n")
            cur.execute("FETCH ALL c")
            expect([(r[1], r[2]) for r in cur.fetchall()], [(1, 0)], "snapshot through FETCH")
            cur.execute("FETCH ALL c WITH (timeout = '100ms')")
            expect(cur.fetchall(), [], "nothing new within the timeout")
            w.execute("INSERT INTO subs VALUES (1)")
            cur.execute("FETCH ALL c WITH (timeout = '5s')")
            got = sorted((r[1], r[2]) for r in cur.fetchall())
            expect(got, [(-1, 0), (1, 1)], "the change through FETCH")
        sc.rollback()


@check("subscribe_stream")
def _subscribe_stream():
    with connect(autocommit=True) as w, connect(autocommit=True) as sc:

        def later():
            time.sleep(0.3)
            w.execute("INSERT INTO subs VALUES (2)")

        writer = threading.Thread(target=later)
        writer.start()
        got = []
        for row in sc.cursor().stream("SUBSCRIBE (SELECT id FROM subs WHERE id >= 2)"):
            got.append((row[1], row[2]))
            break
        writer.join()
    expect(got, [(1, 2)], "a change through cursor.stream")


conn.close()
print(json.dumps(RESULTS))
