"""The Android database builders write the real schemas, deterministically, in bulk."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from devtriage.synth import android_db as adb

DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()


def _sample(rel: str) -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data not present: real-sample tests need it")
    path = DATA / rel
    if not path.exists():
        pytest.skip(f"../shared/data/{rel} not present")
    return path


def _schema(path: Path, tmp_path: Path, skip=()) -> dict[str, str]:
    """name -> normalised CREATE statement of tables, views and indexes (read from a private copy)."""
    local = tmp_path / ("schema_" + path.name)
    shutil.copyfile(path, local)
    conn = sqlite3.connect(local)
    try:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table','view','index')"
        ).fetchall()
    finally:
        conn.close()
    return {n: " ".join(s.split()) for n, s in rows if n not in skip and n != "sqlite_sequence"}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "sample,build",
    [
        ("android/plaso_mmssms.db", lambda p: adb.create_mmssms(p, "android4")),
        ("android/dfrws2021_samsung_mmssms.db", lambda p: adb.create_mmssms(p, "samsung_s10")),
        ("android/andriller_calllog.db", adb.create_calllog),
    ],
)
def test_schema_is_the_real_one(tmp_path, sample, build):
    path = _sample(sample)
    before = _sha(path)
    built = tmp_path / "built.db"
    build(built).close()
    real = _schema(path, tmp_path, skip={"dec_sms"})  # dec_sms: added by the DFRWS authors
    assert _schema(built, tmp_path) == real
    assert _sha(path) == before


def test_contacts2_android4_matches_the_sample_plus_raw_contacts(tmp_path):
    path = _sample("android/plaso_contacts2.db")
    built = tmp_path / "contacts2.db"
    adb.create_contacts2(built, "android4").close()
    got = _schema(built, tmp_path)
    real = _schema(path, tmp_path)
    assert {k: v for k, v in got.items() if k in real} == real
    assert set(got) - set(real) == {"raw_contacts", "raw_contacts_contact_id_index", "raw_contacts_source_id_account_id_index"}


def test_deterministic(tmp_path):
    def build(path):
        conn = adb.create_mmssms(path, "android14")
        adb.insert_sms(conn, [adb.Sms("+447700900001", 1_700_000_000_000 + i, 1 + i % 2, f"m{i}") for i in range(50)])
        adb.insert_mms(conn, [adb.Mms(1_700_000_100, 2, recipients=["+447700900001", "+447700900002"],
                                      parts=[("text/plain", "hi", None)])])
        adb.finish_threads(conn)
        conn.close()

    build(tmp_path / "a.db")
    build(tmp_path / "b.db")
    assert _sha(tmp_path / "a.db") == _sha(tmp_path / "b.db")
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT message_count, recipient_ids FROM threads ORDER BY _id").fetchall() == [(50, "1"), (1, "1 2")]
    conn.close()


def test_bulk_tuples_and_refusal_to_overwrite(tmp_path):
    path = tmp_path / "m.db"
    conn = adb.create_mmssms(path, "samsung_s10")
    threads = adb.ensure_threads(conn, [("+447700900001",)])
    rows = ((threads[("+447700900001",)], "+447700900001", 1_700_000_000_000 + i, 0, 1, 1, f"m{i}", 1) for i in range(20_000))
    assert adb.insert_sms(conn, rows) == 20_000
    assert conn.execute("SELECT COUNT(*), MIN(_id), MAX(_id) FROM sms").fetchone() == (20_000, 1, 20_000)
    conn.close()
    with pytest.raises(FileExistsError):
        adb.create_mmssms(path)
    with pytest.raises(ValueError):
        adb.create_mmssms(tmp_path / "x.db", "android99")
