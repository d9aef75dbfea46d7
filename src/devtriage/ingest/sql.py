"""Reading SQLite query results into Arrow columns, fast and without crashing.

``fetch`` runs one query on a working copy and returns an Arrow table. Rows are fetched
in chunks through the C-level sqlite3 cursor and transposed into columns, so the cost
stays close to SQLite's own scan. SQLite is dynamically typed, so a column declared
INTEGER can hold text: values that do not fit the requested Arrow type become null and
are counted in a warning. Text that is not valid UTF-8 is decoded with replacement
characters (U+FFFD), also with a warning, instead of failing the whole table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

import pyarrow as pa

from .base import Artifact, Context

CHUNK_ROWS = 200_000


def _coerce(values: list, typ: pa.DataType) -> tuple[pa.Array, int]:
    """Slow path: convert value by value, nulling what does not fit; returns (array, bad)."""
    bad = 0
    out = []
    if pa.types.is_integer(typ):
        for v in values:
            if v is None or isinstance(v, int):
                out.append(v)
            else:
                try:
                    f = float(v)
                    out.append(int(f) if f == int(f) else None)
                    bad += f != int(f)
                except (TypeError, ValueError, OverflowError):
                    out.append(None)
                    bad += 1
    elif pa.types.is_floating(typ):
        for v in values:
            try:
                out.append(None if v is None else float(v))
            except (TypeError, ValueError):
                out.append(None)
                bad += 1
    elif pa.types.is_string(typ):
        for v in values:
            if v is None or isinstance(v, str):
                out.append(v)
            elif isinstance(v, (bytes, bytearray, memoryview)):
                out.append(bytes(v).decode("utf-8", "replace"))
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
                ctx.warn(f"{what or 'query'}: {n} value(s) of {name} have the wrong type and were read as null", 0)
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
