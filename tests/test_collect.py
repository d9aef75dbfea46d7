"""The ingest pipeline: evidence safety, WAL content, bad input, determinism.

These tests register a small adapter of their own (a ``notes`` table read into
``messages``) so that they exercise the pipeline, not a real format; the real formats
run through it in tests/test_real_extractions.py.
"""

import hashlib
import os
import shutil
import sqlite3
import tarfile
import types
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage import collect
from devtriage.ingest import sql
from devtriage.layout import LayoutError


def _read(artifact, ctx):
    conn = artifact.connect()
    t = sql.fetch(conn, "SELECT rowid AS src_row, body, ts FROM notes ORDER BY rowid", types={"src_row": pa.int64(), "body": pa.string(), "ts": pa.int64()}, ctx=ctx)
    conn.close()
    if "explode" in t.column("body").to_pylist():
        raise RuntimeError("adapter bug")
    from devtriage.timeconv import from_unix

    ts, bad = from_unix(t.column("ts"), "ms")
    if bad:
        ctx.warn(f"{bad} rows with impossible timestamps (kept with ts null)")
    yield "messages", pa.table({"ts": ts, "body": t.column("body"), "direction": pa.array(["in"] * t.num_rows), "src_table": pa.array(["notes"] * t.num_rows), "src_row": t.column("src_row")})


NOTES = types.SimpleNamespace(
    NAME="test_notes", FORMAT="test", VERSIONS="test", TABLES=("messages",), __doc__="test adapter", __name__="test_notes",
    detect=lambda probe: probe.has("notes", "body", "ts"), read=_read,
)


@pytest.fixture(autouse=True)
def only_test_adapter(monkeypatch):
    monkeypatch.setattr(collect, "ADAPTERS", {"test_notes": NOTES})


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def _notes_db(path: Path, rows, wal_rows=()):
    """A WAL-mode database whose ``wal_rows`` exist only in its -wal file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE notes (body TEXT, ts INTEGER)")
    conn.executemany("INSERT INTO notes VALUES (?, ?)", rows)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.executemany("INSERT INTO notes VALUES (?, ?)", wal_rows)
    conn.commit()
    # keep the WAL: copy the files while the connection is open, as a live phone would have them
    snap = path.parent / "snap"
    snap.mkdir()
    for suffix in ("", "-wal", "-shm"):
        if Path(str(path) + suffix).exists():
            shutil.copyfile(str(path) + suffix, snap / (path.name + suffix))
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        if Path(str(path) + suffix).exists():
            os.unlink(str(path) + suffix)
        if (snap / (path.name + suffix)).exists():
            shutil.move(snap / (path.name + suffix), str(path) + suffix)
    snap.rmdir()


BASE_ROWS = [("hello", 1_617_873_247_692), ("second", 1_617_873_300_000)]
WAL_ROWS = [("only in the wal", 1_617_900_000_000)]


def _evidence(tmp_path) -> Path:
    root = tmp_path / "exhibit"
    _notes_db(root / "data" / "notes.db", BASE_ROWS, WAL_ROWS)
    return root


def test_wal_only_rows_are_read_and_evidence_is_untouched(tmp_path):
    root = _evidence(tmp_path)
    assert Path(str(root / "data" / "notes.db") + "-wal").stat().st_size > 0
    # the newest row really is only in the WAL: the main file alone lacks it
    alone = tmp_path / "alone.db"
    shutil.copyfile(root / "data" / "notes.db", alone)
    assert sqlite3.connect(alone).execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    before = _hashes(root)
    res = collect.ingest(root)
    after = _hashes(root)
    assert before == after  # including -wal and -shm, and no new files
    bodies = res.tables["messages"].column("body").to_pylist()
    assert bodies == ["hello", "second", "only in the wal"]
    m = res.manifest
    (inp,) = m["inputs"]
    assert inp["path"] == "data/notes.db"
    assert inp["sha256"] == before["data/notes.db"]
    assert [c["path"] for c in inp["companions"]] == ["data/notes.db-wal"]
    assert inp["companions"][0]["sha256"] == before["data/notes.db-wal"]
    assert m["tables"]["messages"] == 3
    t = res.tables["messages"]
    assert set(t.column("src_file").to_pylist()) == {"data/notes.db"}
    assert t.column("src_row").to_pylist() == [1, 2, 3]
    assert set(t.column("device").to_pylist()) == {"exhibit"}


def test_same_tables_from_folder_zip_and_tar(tmp_path):
    root = _evidence(tmp_path)
    z = tmp_path / "exhibit.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(root.rglob("*")):
            zf.write(p, p.relative_to(root).as_posix())
    t = tmp_path / "exhibit.tar.gz"
    with tarfile.open(t, "w:gz") as tf:
        for p in sorted(root.rglob("*")):
            tf.add(p, p.relative_to(root).as_posix(), recursive=False)
    results = [collect.ingest(x) for x in (root, z, t)]
    first = results[0].tables["messages"]
    for r in results[1:]:
        assert r.tables["messages"].equals(first)
    assert results[1].manifest["extraction"]["layout"] == "zip"
    assert results[2].manifest["extraction"]["layout"] == "tar"
    assert results[1].manifest["extraction"]["containers"][0]["sha256"] == hashlib.sha256(z.read_bytes()).hexdigest()


def test_bad_input_is_a_warning_and_the_rest_is_read(tmp_path):
    root = tmp_path / "exhibit"
    root.mkdir()
    good = root / "good.db"
    c = sqlite3.connect(good)
    c.execute("CREATE TABLE notes (body TEXT, ts INTEGER)")
    c.executemany("INSERT INTO notes VALUES (?, ?)", [("fine", 1_617_873_247_692), ("bad time", 0)])
    c.commit()
    c.close()
    (root / "truncated.db").write_bytes(good.read_bytes()[:150])  # SQLite header, no body
    (root / "junk.db").write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    boom = root / "boom.db"
    c = sqlite3.connect(boom)
    c.execute("CREATE TABLE notes (body TEXT, ts INTEGER)")
    c.execute("INSERT INTO notes VALUES ('explode', 1)")
    c.commit()
    c.close()
    (root / "readme.txt").write_text("not a database")
    res = collect.ingest(root)
    t = res.tables["messages"]
    assert t.column("body").to_pylist() == ["fine", "bad time"]
    assert t.column("ts").null_count == 1
    reasons = {(w["src_file"], w["reason"].split(":")[0]) for w in res.warnings}
    assert ("truncated.db", "SQLite header but the database cannot be read (corrupt or truncated)") in reasons
    assert ("junk.db", "SQLite header but the database cannot be read (corrupt or truncated)") in reasons
    assert ("boom.db", "adapter failed, rows after the failure not read") in reasons
    assert any(w["src_file"] == "good.db" and "impossible timestamps" in w["reason"] for w in res.warnings)
    assert res.manifest["files_seen"] == 5


def test_unknown_layout_is_a_clear_error(tmp_path):
    f = tmp_path / "mystery.bin"
    f.write_bytes(b"\x00" * 1000)
    with pytest.raises(LayoutError, match="unknown layout"):
        collect.ingest(f)


def test_every_core_table_is_present_even_when_empty(tmp_path):
    root = _evidence(tmp_path)
    res = collect.ingest(root)
    from devtriage import schema

    for name in schema.TABLES:
        assert res.tables[name].schema.names[: len(schema.schema(name))] == schema.schema(name).names


def test_file_names_with_uri_characters(tmp_path):
    root = tmp_path / "exhibit"
    _notes_db(root / "odd dir%20" / "notes #1?.db", BASE_ROWS, WAL_ROWS)
    res = collect.ingest(root)
    assert res.tables["messages"].num_rows == 3
    assert res.manifest["inputs"][0]["path"] == "odd dir%20/notes #1?.db"


def test_quick_mode_stops_at_the_budget_and_says_what_was_not_read(tmp_path):
    from devtriage.collect import ingest
    from devtriage.synth.generate import generate
    from devtriage.synth.text import Phrasebook

    (path,) = generate(tmp_path / "q", 1, "tiny", 5, phrasebook=Phrasebook.load())
    none = ingest(path, budget_s=1e-9)
    q = none.manifest["quick"]
    assert q["stopped"] is True and q["not_read"] and none.manifest["tables"]["messages"] == 0
    assert any("quick mode" in w["reason"] for w in none.manifest["warnings"])
    # high-yield files come first in the not-read list (they would have been read first)
    assert q["not_read"][0].rsplit("/", 1)[-1] in ("mmssms.db", "msgstore.db", "calllog.db", "contacts2.db", "wa.db")
    full = ingest(path)
    ample = ingest(path, budget_s=3600)
    assert ample.manifest["quick"] == {"budget_s": 3600, "stopped": False, "not_read": []}
    for name in full.tables:
        assert ample.tables[name].equals(full.tables[name]), name
