"""ios_knowledgec: knowledgeC.db /app/inFocus, round trips from synth.usage."""

from __future__ import annotations

import sqlite3

from devtriage.ingest import ios_knowledgec
from devtriage.synth import usage

from conftest import probe_of, run_adapter

T0 = 1_767_254_400_123  # 2026-01-01T08:00:00.123Z
SESSIONS = [
    usage.Session("com.life360.safetymap", T0, T0 + 61_250),
    usage.Session("net.whatsapp.WhatsApp", T0 - 3_600_000, T0 - 3_600_000 + 4_001),
    usage.Session("com.apple.findmy", T0 + 86_400_000, T0 + 86_400_000 + 1_000),
]


def test_round_trip(tmp_path):
    db = tmp_path / "knowledgeC.db"
    pks = usage.write_knowledgec(db, SESSIONS, tz="Europe/London")
    tables, warnings = run_adapter(ios_knowledgec, db, path=usage.KNOWLEDGEC_PATH)
    assert warnings == []
    t = tables["app_events"]
    rows = {r["src_row"]: r for r in t.to_pylist()}
    assert len(rows) == len(SESSIONS)
    for s, pk in zip(SESSIONS, pks):
        r = rows[pk]
        assert int(r["ts"].timestamp() * 1000 + 0.5) == s.start_ms
        assert int(r["end_ts"].timestamp() * 1000 + 0.5) == s.end_ms
        assert (r["app"], r["event"], r["src_table"]) == (s.package, "foreground", "ZOBJECT")
        assert abs(r["duration_s"] - (s.end_ms - s.start_ms) / 1000) < 1e-6
        assert float(r["detail"]) == (s.end_ms - s.start_ms) / 1000
    assert rows[pks[0]]["detail"] == "61.25"


def test_other_streams_and_missing_dates(tmp_path):
    db = tmp_path / "knowledgeC.db"
    usage.write_knowledgec(db, SESSIONS[:1])
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO ZOBJECT (Z_PK, ZSTREAMNAME, ZVALUESTRING, ZSTARTDATE, ZENDDATE) "
                 "VALUES (50, '/device/isLocked', NULL, 700000000, 700000010)")
    conn.execute("INSERT INTO ZOBJECT (Z_PK, ZSTREAMNAME, ZVALUESTRING, ZSTARTDATE, ZENDDATE) "
                 "VALUES (51, '/app/inFocus', 'com.example', NULL, NULL)")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(ios_knowledgec, db)
    t = tables["app_events"]
    assert t.column("src_row").to_pylist() == [1, 51]
    assert t.column("ts").null_count == 1
    assert any("without ZSTARTDATE" in w.reason for w in warnings)


def test_detect(tmp_path):
    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE ZOBJECT (Z_PK INTEGER, ZSTREAMNAME TEXT)").connection.commit()
    assert not ios_knowledgec.detect(probe_of(db))
