"""Evidence safety with a real format: a live mmssms.db whose newest SMS are only in its WAL."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pyarrow.compute as pa_compute

from devtriage import collect
from devtriage.synth import android_db

MS = 1_772_442_000_000  # 2026-03-02T09:00:00Z


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_wal_only_sms_are_read_and_nothing_changes(tmp_path):
    dbs = tmp_path / "build"
    dbs.mkdir()
    db = dbs / "mmssms.db"
    conn = android_db.create_mmssms(db)
    android_db.insert_sms(conn, [android_db.Sms("+447700900123", MS + i, 1, f"old {i}") for i in range(3)])
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    android_db.insert_sms(conn, [android_db.Sms("+447700900123", MS + 60_000, 2, "newest, only in the WAL")])
    # seize the files while the provider still has the database open, WAL not checkpointed
    root = tmp_path / "exhibit" / "data" / "data" / "com.android.providers.telephony" / "databases"
    root.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(str(db) + suffix, root / ("mmssms.db" + suffix))
    conn.close()
    exhibit = tmp_path / "exhibit"
    main_only = tmp_path / "main_only.db"
    shutil.copyfile(root / "mmssms.db", main_only)
    assert sqlite3.connect(main_only).execute("SELECT count(*) FROM sms").fetchone()[0] == 3

    before = _hashes(exhibit)
    res = collect.ingest(exhibit)
    assert _hashes(exhibit) == before  # mmssms.db, -wal and -shm unchanged; no new files

    bodies = res.tables["messages"].column("body").to_pylist()
    assert "newest, only in the WAL" in bodies and len(bodies) == 4
    (inp,) = res.manifest["inputs"]
    assert inp["adapters"] == ["android_sms"]
    assert inp["companions"][0]["sha256"] == before["data/data/com.android.providers.telephony/databases/mmssms.db-wal"]


def test_one_out_of_range_value_does_not_lose_the_artifact(tmp_path):
    db = tmp_path / "exhibit" / "mmssms.db"
    db.parent.mkdir()
    conn = android_db.create_mmssms(db)
    android_db.insert_sms(conn, [android_db.Sms("+447700900123", MS + i, 1, f"m{i}") for i in range(50)])
    conn.execute("UPDATE sms SET date = 1e20 WHERE _id = 7")
    conn.commit()
    conn.close()
    res = collect.ingest(db.parent)
    t = res.tables["messages"]
    assert t.num_rows == 50
    assert t.filter(pa_compute.equal(t["src_row"], 7))["ts"].to_pylist() == [None]
    assert any("value(s) of date" in w["reason"] for w in res.warnings)
    assert not any("adapter failed" in w["reason"] for w in res.warnings)
