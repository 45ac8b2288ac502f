# End-to-end checks of Eddy through SQLAlchemy 2 (psycopg 3 dialect) and pandas, run by
# test/clients/sqlalchemy.test.ts as
#   python sqlalchemy_check.py PORT [URL]
# (URL, e.g. of a PostgreSQL server, replaces Eddy's at 127.0.0.1:PORT: how the expected values
# were taken.)
# SQLAlchemy's inspector answers each reflection call with its own pg_catalog queries
# (get_table_names, get_view_names, get_materialized_view_names, get_columns,
# get_pk_constraint); pandas.read_sql runs a query through the engine, and with a table name
# reflects the table first (read_sql_table). Expected values are what PostgreSQL 15 returns.
import datetime as dt
import sys
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from checks import RESULTS, check, expect, report

PORT = int(sys.argv[1])
URL = sys.argv[2] if len(sys.argv) > 2 else f"postgresql+psycopg://eddy@127.0.0.1:{PORT}/eddy"
engine = sa.create_engine(URL)
versions = {"sqlalchemy": sa.__version__, "pandas": pd.__version__}


@check("connect")
def _connect():
    with engine.connect() as c:
        expect(c.execute(sa.text("SELECT 1 + 1")).scalar(), 2, "SELECT 1 + 1")
        return {"server_version_info": list(c.dialect.server_version_info), **versions}


if not RESULTS["connect"]["ok"]:
    report()
    sys.exit(0)


@check("create_schema")
def _create_schema():
    with engine.begin() as c:
        c.execute(sa.text(
            "CREATE TABLE sa_t (id int PRIMARY KEY, name text NOT NULL, amount numeric(10,2),"
            " at timestamptz, tags text[], flag boolean DEFAULT true)"))
        c.execute(sa.text("CREATE VIEW sa_v AS SELECT id, name FROM sa_t"))


@check("core_insert_select")
def _core_insert_select():
    t = sa.table("sa_t", sa.column("id"), sa.column("name"), sa.column("amount"),
                 sa.column("at"), sa.column("tags"))
    rows = [
        {"id": 1, "name": "one", "amount": Decimal("1.50"),
         "at": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc), "tags": ["a", "b"]},
        {"id": 2, "name": "two", "amount": None, "at": None, "tags": []},
    ]
    with engine.begin() as c:
        c.execute(sa.insert(t), rows)  # executemany
    with engine.connect() as c:
        got = c.execute(sa.select(t).where(t.c.id >= sa.bindparam("lo")).order_by(t.c.id),
                        {"lo": 1}).all()
    expect([tuple(r) for r in got], [tuple(r.values()) for r in rows], "rows read back")


@check("create_materialized_view")
def _create_materialized_view():
    # After the inserts: PostgreSQL fills a materialized view when it is created (Eddy keeps it
    # up to date), so both hold the rows above.
    with engine.begin() as c:
        c.execute(sa.text(
            "CREATE MATERIALIZED VIEW sa_mv AS SELECT count(*) AS n, sum(amount) AS total"
            " FROM sa_t"))


@check("get_table_names")
def _get_table_names():
    return {"names": sa.inspect(engine).get_table_names()}


@check("get_view_names")
def _get_view_names():
    return {"names": sa.inspect(engine).get_view_names()}


@check("get_materialized_view_names")
def _get_materialized_view_names():
    return {"names": sa.inspect(engine).get_materialized_view_names()}


@check("get_columns")
def _get_columns():
    cols = sa.inspect(engine).get_columns("sa_t")
    return {"columns": [
        [c["name"], str(c["type"]), c["nullable"], c["default"]] for c in cols
    ]}


@check("get_pk_constraint")
def _get_pk_constraint():
    pk = sa.inspect(engine).get_pk_constraint("sa_t")
    return {"constrained_columns": pk["constrained_columns"], "name": pk["name"]}


@check("reflect_table")
def _reflect_table():
    t = sa.Table("sa_t", sa.MetaData(), autoload_with=engine)
    with engine.connect() as c:
        got = c.execute(sa.select(t.c.name).where(t.c.id == 2)).scalar_one()
    expect(got, "two", "select through the reflected table")
    return {"columns": [c.name for c in t.columns], "primary_key": [c.name for c in t.primary_key]}


@check("pandas_read_sql_query")
def _pandas_read_sql_query():
    df = pd.read_sql(sa.text("SELECT id, name, amount, at FROM sa_t WHERE id > :lo ORDER BY id"),
                     engine, params={"lo": 0})
    expect(df.shape, (2, 4), "shape")
    expect(list(df["name"]), ["one", "two"], "name column")
    expect(float(df["amount"][0]), 1.5, "numeric value (pandas makes numeric float64)")
    expect(str(df["at"].dtype), "datetime64[ns, UTC]", "timestamptz dtype")
    return {"dtypes": {k: str(v) for k, v in df.dtypes.items()}}


@check("pandas_read_sql_table")
def _pandas_read_sql_table():
    df = pd.read_sql("sa_t", engine)  # a table name: reflected, then read
    expect(sorted(df["id"].tolist()), [1, 2], "ids")
    expect(list(df.columns), ["id", "name", "amount", "at", "tags", "flag"], "columns")
    return {"dtypes": {k: str(v) for k, v in df.dtypes.items()}}


@check("pandas_materialized_view")
def _pandas_materialized_view():
    df = pd.read_sql("SELECT n, total FROM sa_mv", engine)
    expect(int(df["n"][0]), 2, "count through the materialized view")
    expect(float(df["total"][0]), 1.5, "sum through the materialized view")


engine.dispose()
report()
