import sqlite3

import pyarrow as pa

from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest import sql
from devtriage.ingest.base import Context


def _ctx():
    return Context(device="t", case=DEFAULT, normaliser=Normaliser("GB"))


def _db(tmp_path, rows):
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, f REAL)")
    conn.executemany("INSERT INTO t VALUES (?,?,?,?)", rows)
    conn.commit()
    return conn


def test_fetch_types_and_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(sql, "CHUNK_ROWS", 3)
    rows = [(i, i * 10, f"s{i}", i / 2) for i in range(1, 11)]
    conn = _db(tmp_path, rows)
    t = sql.fetch(conn, "SELECT id, n, s, f FROM t ORDER BY id", types={"id": pa.int64(), "n": pa.int64(), "s": pa.string(), "f": pa.float64()})
    assert t.num_rows == 10
    assert t.column("n").to_pylist() == [r[1] for r in rows]
    assert t.column("s").to_pylist() == [r[2] for r in rows]
    assert t.schema.field("f").type == pa.float64()


def test_wrong_typed_values_become_null_with_warning(tmp_path):
    conn = _db(tmp_path, [(1, 5, "a", 1.0), (2, "oops", "b", 2.0), (3, b"\x01", 7, 3.0)])
    ctx = _ctx()
    t = sql.fetch(conn, "SELECT n, s FROM t ORDER BY id", types={"n": pa.int64(), "s": pa.string()}, ctx=ctx, what="t")
    assert t.column("n").to_pylist() == [5, None, None]
    assert t.column("s").to_pylist() == ["a", "b", "7"]
    assert any("2 value(s) of n" in w.reason for w in ctx.warnings)


def test_invalid_utf8_is_replaced_not_fatal(tmp_path):
    conn = _db(tmp_path, [(1, 1, "ok", 0.0)])
    conn.execute("INSERT INTO t VALUES (2, 2, CAST(X'66ff6f' AS TEXT), 0.0)")
    conn.commit()
    ctx = _ctx()
    t = sql.fetch(conn, "SELECT s FROM t ORDER BY id", types={"s": pa.string()}, ctx=ctx, what="t")
    assert t.column("s").to_pylist() == ["ok", "f\ufffdo"]
    assert any("UTF-8" in w.reason for w in ctx.warnings)


def test_empty_result_keeps_types(tmp_path):
    conn = _db(tmp_path, [])
    t = sql.fetch(conn, "SELECT n, s FROM t", types={"n": pa.int64(), "s": pa.string()})
    assert t.num_rows == 0
    assert t.schema.field("n").type == pa.int64()


def test_fast_and_careful_paths_give_the_same_table(tmp_path, monkeypatch):
    rows = [(i, i * 10 if i % 7 else None, f"s{i}" if i % 5 else None, i / 2) for i in range(1, 5000)]
    conn = _db(tmp_path, rows)
    types = {"id": pa.int64(), "n": pa.int64(), "s": pa.string(), "f": pa.float64()}
    query = "SELECT id, n, s, f FROM t ORDER BY id"
    assert sql._fetch_adbc(conn, query, types) is not None  # the fast path is taken here
    fast = sql.fetch(conn, query, types=types)
    monkeypatch.setattr(sql, "_adbc", None)
    careful = sql.fetch(conn, query, types=types)
    assert fast.equals(careful)


def test_mixed_storage_classes_take_the_careful_path(tmp_path):
    rows = [(i, i, "a", 0.0) for i in range(1, 20_000)] + [(20_000, "text in an integer column", "b", 0.0)]
    conn = _db(tmp_path, rows)
    ctx = _ctx()
    t = sql.fetch(conn, "SELECT n FROM t ORDER BY id", types={"n": pa.int64()}, ctx=ctx, what="t")
    assert t.num_rows == 20_000
    assert t.column("n").to_pylist()[-1] is None and t.column("n").to_pylist()[0] == 1
    assert any("1 value(s) of n" in w.reason for w in ctx.warnings)


def test_parallel_ranges_give_the_same_table_as_one_read(tmp_path, monkeypatch):
    rows = [(i, (i * 7919) % 1000, f"s{i}", i / 3) for i in range(1, 30_001)]
    conn = _db(tmp_path, rows)
    types = {"id": pa.int64(), "n": pa.int64(), "s": pa.string(), "f": pa.float64()}
    for query in ("SELECT id, n, s, f FROM t", "SELECT id, n, s, f FROM t ORDER BY n, id DESC"):
        monkeypatch.setattr(sql, "WORKERS", 1)
        one = sql.fetch(conn, query, types=types)
        monkeypatch.setattr(sql, "WORKERS", 3)
        monkeypatch.setattr(sql, "PARALLEL_MIN_ROWS", 5_000)
        assert len(sql._parts(conn, query)) == 3
        many = sql.fetch(conn, query, types=types)
        assert many.equals(one)
        assert many.num_rows == 30_000


def test_parallel_ranges_cover_every_row_whatever_the_estimate(tmp_path, monkeypatch):
    rows = [(i, i, f"s{i}", 0.0) for i in range(1, 12_001)]
    conn = _db(tmp_path, rows)
    conn.execute("DELETE FROM t WHERE id % 3 = 0")  # max(rowid) now overestimates the rows
    conn.commit()
    monkeypatch.setattr(sql, "WORKERS", 4)
    monkeypatch.setattr(sql, "PARALLEL_MIN_ROWS", 1_000)
    for estimate in (10, 4_000, 12_000, 50_000):
        monkeypatch.setattr(sql, "_estimate_rows", lambda c, q, e=estimate: e)
        parts = sql._parts(conn, "SELECT id FROM t")
        got = [r[0] for q in parts for r in conn.execute(q)]
        assert got == [i for i in range(1, 12_001) if i % 3], estimate


def test_out_of_range_and_fractional_numbers_in_integer_columns(tmp_path):
    conn = _db(tmp_path, [(1, 5, "a", 0.0), (2, 1e20, "b", 0.0), (3, "99999999999999999999", "c", 0.0), (4, 1.5, "d", 0.0), (5, 2.0, "e", 0.0)])
    ctx = _ctx()
    t = sql.fetch(conn, "SELECT n FROM t ORDER BY id", types={"n": pa.int64()}, ctx=ctx, what="t")
    assert t.column("n").to_pylist() == [5, None, None, None, 2]
    assert any("3 value(s) of n" in w.reason for w in ctx.warnings)


def test_blob_that_is_not_utf8_in_a_text_column_is_warned(tmp_path):
    conn = _db(tmp_path, [(1, 1, "ok", 0.0)])
    conn.execute("INSERT INTO t VALUES (2, 2, X'66ff6f', 0.0)")
    conn.commit()
    ctx = _ctx()
    t = sql.fetch(conn, "SELECT s FROM t ORDER BY id", types={"s": pa.string()}, ctx=ctx, what="t")
    assert t.column("s").to_pylist() == ["ok", "f\ufffdo"]
    assert any("1 value(s) of s" in w.reason for w in ctx.warnings)


def test_all_null_column_keeps_the_fast_path(tmp_path):
    conn = _db(tmp_path, [(i, i, None, 0.0) for i in range(1, 100)])
    query = "SELECT id, s AS blob FROM t ORDER BY id"
    table = sql._fetch_adbc(conn, query, {"id": pa.int64(), "blob": pa.binary()})
    assert table is not None  # not thrown back to the slow path
    assert table.schema.field("blob").type == pa.binary() and table.column("blob").null_count == 99
