"""Reading SQLite query results into Arrow columns, fast and without crashing.

``fetch`` runs one query on a working copy and returns an Arrow table, by one of two
paths that give the same table:

* the fast path: the Apache Arrow ADBC SQLite driver (``adbc-driver-sqlite``) runs the
  query in C and hands back Arrow record batches, with no Python object per value;
  it is taken when the result is well-typed (each column one SQLite storage class, or
  NULL, that casts safely to the requested Arrow type) and its text is valid UTF-8.
  (One difference remains: a REAL stored in a column read as text is formatted by the
  driver, ``1.500000e+00``, where the careful path writes ``1.5``.)
* the careful path, for everything else: rows come through the ``sqlite3`` module in
  chunks and are transposed into columns. SQLite is dynamically typed, so a column
  declared INTEGER can hold text: values that do not fit the requested Arrow type become
  null and are counted in a warning. Text that is not valid UTF-8 is decoded with
  replacement characters (U+FFFD), also with a warning, instead of failing the table.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa

from .base import Artifact, Context

try:  # the fast path; the careful path below works without it
    import adbc_driver_sqlite.dbapi as _adbc
except ImportError:  # pragma: no cover - a dependency, but never required for correctness
    _adbc = None

CHUNK_ROWS = 200_000
ADBC_BATCH_ROWS = 16_384
PARALLEL_MIN_ROWS = 200_000  # results smaller than this are read on one thread
WORKERS = os.cpu_count() or 1


_INT64 = (-(2**63), 2**63 - 1)


def _to_int(v) -> int | None:
    """``v`` as an int64 when it is a whole number in range, else None."""
    if isinstance(v, int):
        return v if _INT64[0] <= v <= _INT64[1] else None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if f != f or f in (float("inf"), float("-inf")) or f != int(f):
        return None
    i = int(f)
    return i if _INT64[0] <= i <= _INT64[1] else None


def _coerce(values: list, typ: pa.DataType) -> tuple[pa.Array, int]:
    """Slow path: convert value by value; returns (array, values not read exactly).

    Numbers that are not whole, out of range or not numbers become null; bytes in a
    text column that are not UTF-8 are decoded with replacement characters.
    """
    bad = 0
    out = []
    if pa.types.is_integer(typ):
        for v in values:
            i = None if v is None else _to_int(v)
            bad += v is not None and i is None
            out.append(i)
    elif pa.types.is_floating(typ):
        for v in values:
            try:
                out.append(None if v is None else float(v))
            except (TypeError, ValueError, OverflowError):
                out.append(None)
                bad += 1
    elif pa.types.is_string(typ):
        for v in values:
            if v is None or isinstance(v, str):
                out.append(v)
            elif isinstance(v, (bytes, bytearray, memoryview)):
                try:
                    out.append(bytes(v).decode("utf-8"))
                except UnicodeDecodeError:
                    out.append(bytes(v).decode("utf-8", "replace"))
                    bad += 1
            else:
                out.append(str(v))
    elif pa.types.is_binary(typ):
        for v in values:
            if v is None or isinstance(v, (bytes, bytearray, memoryview)):
                out.append(None if v is None else bytes(v))
            elif isinstance(v, str):
                out.append(v.encode("utf-8"))
            else:
                out.append(str(v).encode("utf-8"))
    else:
        raise TypeError(f"no coercion to {typ}")
    return pa.array(out, type=typ), bad


def _column(values: list, typ: pa.DataType | None) -> tuple[pa.Array, int]:
    if typ is not None and pa.types.is_integer(typ) and any(type(v) is float for v in values):
        return _coerce(values, typ)  # pa.array would truncate 1.5 to 1 without a word
    try:
        return pa.array(values, type=typ), 0
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return _coerce(values, typ or pa.string())


def _decode_replace(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def fetch(
    conn: sqlite3.Connection,
    sql: str,
    params: Sequence = (),
    types: Mapping[str, pa.DataType] | None = None,
    ctx: Context | None = None,
    what: str = "",
) -> pa.Table:
    """Run ``sql`` and return its result as an Arrow table.

    ``types`` gives the Arrow type of result columns by name (others are inferred, and
    fall back to string when SQLite returns mixed types). ``what`` names the source in
    warnings (for example ``sms``).
    """
    types = dict(types or {})
    if not params:
        table = _fetch_adbc(conn, sql, types)
        if table is not None:
            return table
    try:
        return _fetch(conn, sql, params, types, ctx, what)
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc).lower():
            raise
    old = conn.text_factory
    conn.text_factory = _decode_replace
    try:
        table = _fetch(conn, sql, params, types, ctx, what)
    finally:
        conn.text_factory = old
    if ctx is not None:
        ctx.warn(f"{what or 'query'}: text that is not valid UTF-8 was decoded with replacement characters (U+FFFD)")
    return table


def read(
    artifact: Artifact,
    sql: str,
    types: Mapping[str, pa.DataType] | None = None,
    ctx: Context | None = None,
    what: str = "",
) -> pa.Table:
    """:func:`fetch` of one query on the artifact's private copy, closing the connection after."""
    conn = artifact.connect()
    try:
        return fetch(conn, sql, types=types, ctx=ctx, what=what)
    finally:
        conn.close()


def _database_file(conn: sqlite3.Connection) -> str | None:
    for _, name, path in conn.execute("PRAGMA database_list"):
        if name == "main":
            return path or None
    return None


# Arrow types the driver may return for a requested type when every value in the column
# has one SQLite storage class (or NULL); anything else means mixed storage classes.
_NATURAL = {
    pa.int64(): (pa.null(),),
    pa.float64(): (pa.null(), pa.int64()),
    pa.string(): (pa.null(), pa.int64()),
    pa.binary(): (pa.null(), pa.string()),
}


def _adbc_query(path: str, sql: str) -> pa.Table:
    with _adbc.connect(Path(path).as_uri() + "?mode=ro") as aconn, aconn.cursor() as cur:
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(ADBC_BATCH_ROWS)})
        cur.execute(sql)
        return cur.fetch_arrow_table()


def _typed(table: pa.Table, types: Mapping[str, pa.DataType]) -> pa.Table | None:
    """``table`` cast to the requested types, or None when a column has mixed storage classes."""
    columns = []
    for name, col in zip(table.column_names, table.columns):
        want = types.get(name)
        if want is not None and col.type != want and col.null_count == len(col):
            col = pa.chunked_array([pa.nulls(len(col), want)])  # all NULL: the driver's type guess means nothing
        elif want is not None and col.type != want:
            if col.type not in _NATURAL.get(want, ()):
                return None  # mixed storage classes: the driver formatted them its own way
            col = col.cast(want)  # safe cast: a lossy one raises and we take the careful path
        columns.append(col)
    return pa.Table.from_arrays(columns, names=table.column_names)


_FROM = re.compile(r"\b(?:FROM|JOIN)\s+\"?(\w+)\"?", re.IGNORECASE)


def _estimate_rows(conn: sqlite3.Connection, sql: str) -> int:
    """About how many rows ``sql`` returns: the largest ``max(rowid)`` of the tables it reads.

    Cheap (a b-tree descent per table, no scan). Only the balance of the parallel read
    depends on it, never its result; a query over no rowid table is counted exactly.
    """
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    best = None
    for name in set(_FROM.findall(sql)) & tables:
        try:
            top = conn.execute(f'SELECT max(rowid) FROM "{name}"').fetchone()[0]
        except sqlite3.OperationalError:  # WITHOUT ROWID table
            continue
        best = max(best or 0, top or 0)
    if best is None:
        best = conn.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    return best


def _parts(conn: sqlite3.Connection, sql: str) -> list[str]:
    """``sql`` split into consecutive row ranges (LIMIT/OFFSET) to read on several cores.

    The last range is open-ended, so the parts together return exactly the rows of
    ``sql``, in its order, whatever the estimate of their number was.
    """
    if WORKERS < 2 or " limit " in f" {sql.lower()} ":
        return [sql]
    n = _estimate_rows(conn, sql)
    k = min(WORKERS, n // PARALLEL_MIN_ROWS)
    if k < 2:
        return [sql]
    step = -(-n // k)
    return [f"{sql} LIMIT {step if i < k - 1 else -1} OFFSET {i * step}" for i in range(k)]


def _fetch_adbc(conn: sqlite3.Connection, sql: str, types: Mapping[str, pa.DataType]) -> pa.Table | None:
    """The fast path, or None when the result needs the careful path.

    Large results are read as consecutive row ranges on several threads (the driver
    releases the GIL), and concatenated in order, so the table is the same as one read.
    """
    path = _database_file(conn) if _adbc is not None else None
    if path is None:
        return None
    try:
        parts = _parts(conn, sql)
        if len(parts) == 1:
            tables = [_adbc_query(path, sql)]
        else:
            with ThreadPoolExecutor(len(parts)) as pool:
                tables = list(pool.map(lambda q: _adbc_query(path, q), parts))
        typed = [_typed(t, types) for t in tables]
        if any(t is None for t in typed) or len({t.schema for t in typed}) != 1:
            return None
        table = pa.concat_tables(typed)
        table.validate(full=True)  # includes UTF-8 validity of every string
    except Exception:  # noqa: BLE001 - any doubt about the fast path means the careful one
        return None
    return table


def _fetch(conn, sql, params, types, ctx, what) -> pa.Table:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    chunks: list[list[pa.Array]] = [[] for _ in names]
    bad = dict.fromkeys(names, 0)
    while True:
        rows = cur.fetchmany(CHUNK_ROWS)
        if not rows:
            break
        for i, values in enumerate(zip(*rows)):
            arr, n_bad = _column(list(values), types.get(names[i]))
            chunks[i].append(arr)
            bad[names[i]] += n_bad
    columns = []
    for i, name in enumerate(names):
        typ = types.get(name)
        parts = chunks[i]
        if not parts:
            columns.append(pa.chunked_array([], type=typ or pa.null()))
            continue
        if typ is None:  # inferred per chunk: unify
            kinds = {p.type for p in parts} - {pa.null()}
            typ = kinds.pop() if len(kinds) == 1 else (pa.null() if not kinds else pa.string())
            parts = [p if p.type == typ else _column(p.to_pylist(), typ)[0] for p in parts]
        columns.append(pa.chunked_array(parts, type=typ))
    if ctx is not None:
        for name, n in bad.items():
            if n:
                ctx.warn(
                    f"{what or 'query'}: {n} value(s) of {name} have the wrong type and were read as null "
                    "(or, for text that is not UTF-8, decoded with replacement characters)",
                    0,
                )
    return pa.Table.from_arrays(columns, names=names)


def ref(artifact: Artifact, table: str, column: str, prefix: str = "") -> str:
    """SQL for ``prefix"column"`` (prefix such as ``m.``), or ``NULL`` when this schema version lacks it."""
    return f'{prefix}"{column}"' if column in artifact.columns(table) else "NULL"


def col(artifact: Artifact, table: str, column: str, alias: str | None = None, prefix: str = "") -> str:
    """SQL for ``prefix"column" AS alias``, or ``NULL AS alias`` when this schema version lacks it."""
    return f'{ref(artifact, table, column, prefix)} AS "{alias or column}"'


def rowid(artifact: Artifact, table: str, prefix: str = "") -> str:
    """The table's row key: its ``_id`` column when it has one (Android), else ``rowid``."""
    return f'{prefix}"_id"' if "_id" in artifact.columns(table) else f"{prefix}rowid"


def missing(artifact: Artifact, table: str, columns: Sequence[str]) -> list[str]:
    """The names in ``columns`` that ``table`` does not have in this database."""
    have = artifact.columns(table)
    return [c for c in columns if c not in have]
