"""WhatsApp iOS CallHistory.sqlite: the real iOS 15 sample and built fixtures."""

from __future__ import annotations

import datetime as dt
import plistlib
import sqlite3
import zlib

import pytest
from conftest import DATA, data_file, probe_of, run_adapter, sha256
from test_whatsapp_ios import close_to, raw_rows, sample_files

from devtriage import schema
from devtriage.ingest import ADAPTERS, whatsapp_ios_calls
from devtriage.synth.whatsapp_db import CallHistory, IosCallEvent, cocoa_s

SAMPLE = "ios/whatsapp_josh_ios15"
PEER = "19198887386@s.whatsapp.net"
OWNER = "19195794674@s.whatsapp.net"


def test_real_sample_detected_only_here():
    files = sample_files()
    before = {f: sha256(f) for f in files}
    probe = probe_of(data_file(SAMPLE + "/CallHistory.sqlite"))
    assert [n for n, m in ADAPTERS.items() if m.detect(probe)] == ["whatsapp_ios_calls"]
    for other in ("ChatStorage.sqlite", "ContactsV2.sqlite"):
        assert not whatsapp_ios_calls.detect(probe_of(data_file(f"{SAMPLE}/{other}")))
    for f in sorted(DATA.glob("ios/*.db")) + sorted(DATA.glob("android/*.db")):
        assert not whatsapp_ios_calls.detect(probe_of(f)), f.name
    assert {f: sha256(f) for f in files} == before


def test_real_sample_read():
    db = data_file(SAMPLE + "/CallHistory.sqlite")
    files = sample_files()
    before = {f: sha256(f) for f in files}
    tables, warnings = run_adapter(whatsapp_ios_calls, db)
    assert warnings == []
    t = tables["calls"]
    schema.conform("calls", t)
    raw = raw_rows(
        db,
        "SELECT e.Z_PK, e.ZDATE, e.ZDURATION, e.ZOUTCOME, g.ZINCOMING, g.ZVIDEO, e.ZGROUPCALLCREATORUSERJIDSTRING"
        " FROM ZWACDCALLEVENT e JOIN ZWAAGGREGATECALLEVENT g ON g.Z_PK = e.Z1CALLEVENTS ORDER BY e.Z_PK",
    )
    rows = t.to_pylist()
    assert len(rows) == 4 == len(raw)
    assert [r["direction"] for r in rows] == ["in" if r[4] == 1 else "out" for r in raw] == ["out", "in", "out", "in"]
    # the stored flag agrees with the creator: the owner started the outgoing calls
    assert [r[6] == OWNER for r in raw] == [r["direction"] == "out" for r in rows]
    assert {r["counterpart_raw"] for r in rows} == {PEER}
    assert {r["counterpart"] for r in rows} == {"+19198887386"}
    for (pk, seconds, duration, *_), r in zip(raw, rows):
        assert r["src_row"] == pk
        assert close_to(r["ts"], seconds)
        assert r["duration_s"] == pytest.approx(duration)
    assert rows[0]["ts"] == dt.datetime(2023, 5, 2, 16, 12, 10, 67000, tzinfo=dt.timezone.utc)
    assert rows[0]["duration_s"] == pytest.approx(95.116, abs=1e-3)
    assert [r["status"] for r in rows] == ["answered"] * 4
    assert [r["video"] for r in rows] == [bool(r[5]) for r in raw] == [False, False, True, True]
    assert [r["group"] for r in rows] == [False] * 4
    assert all(r["app"] == "whatsapp" and r["n_participants"] == 1 for r in rows)
    assert {f: sha256(f) for f in files} == before


def test_join_follows_the_core_data_model():
    """The model cached in the file says participants belong to the aggregate."""
    db = data_file(SAMPLE + "/CallHistory.sqlite")
    blob = raw_rows(db, "SELECT Z_CONTENT FROM Z_MODELCACHE")[0][0]
    archive = plistlib.loads(zlib.decompress(blob, -15))
    objects = archive["$objects"]

    def deref(x):
        return objects[x.data] if isinstance(x, plistlib.UID) else x

    relationships = {}
    for o in objects:
        if isinstance(o, dict) and "_NSDestinationEntityName" in o:
            owner = deref(deref(o["NSEntity"])["NSEntityName"])
            relationships[(owner, deref(o["NSPropertyName"]))] = deref(o["_NSDestinationEntityName"])
    assert relationships[("WAAggregateCallEvent", "participants")] == "WACDCallEventParticipant"
    assert relationships[("WAAggregateCallEvent", "callEvents")] == "WACDCallEvent"
    assert not any(owner == "WACDCallEvent" for owner, _ in relationships)
    assert raw_rows(db, "SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = 'WAAggregateCallEvent'") == [(1,)]


def test_builder_schema_matches_real_sample(tmp_path):
    db = data_file(SAMPLE + "/CallHistory.sqlite")
    with CallHistory(tmp_path / "CallHistory.sqlite") as ch:
        ch.add_calls([(PEER, IosCallEvent(7e8, 10.0), 1, 0)])
    conn = sqlite3.connect(tmp_path / "CallHistory.sqlite")
    built = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    conn.close()
    assert built == set(raw_rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master"))


# --- built fixtures -----------------------------------------------------------------

ALICE = "447700900123@s.whatsapp.net"
BOB = "447700900456@s.whatsapp.net"
GROUP = "120363000000000001@g.us"
T0 = dt.datetime(2024, 3, 1, 23, 59, 59, 500000, tzinfo=dt.timezone.utc)


def at(seconds: float) -> float:
    return cocoa_s(T0 + dt.timedelta(seconds=seconds))


def build(path):
    with CallHistory(path) as ch:
        ch.add_calls([(ALICE, IosCallEvent(at(0), 61.5, 0, creator=ALICE), 1, 0)])  # aggregate 1
        # aggregate 2: three attempts to Bob in one entry; event Z_PKs 2..4 differ from the aggregate's
        ch.add_aggregate([BOB], [IosCallEvent(at(100), 0, 1), IosCallEvent(at(200), 0, 1), IosCallEvent(at(300), 12, 0)], incoming=0, missed=1)
        ch.add_calls([(ALICE, IosCallEvent(at(400), 0, 3), 1, 1)])  # rejected video call
        ch.add_calls([(ALICE, IosCallEvent(at(500), 0, 4), 1, 0)])  # outcome 4: ambiguous
        # group calls: incoming (creator Bob) and outgoing
        ch.add_aggregate([ALICE, BOB], [IosCallEvent(at(600), 300, 0, creator=BOB, group=GROUP)], incoming=1, video=1)
        ch.add_aggregate([ALICE, BOB], [IosCallEvent(at(700), 30, 0, creator="447700900999@s.whatsapp.net", group=GROUP)], incoming=0)
    return path


def test_built_detected_only_here(tmp_path):
    probe = probe_of(build(tmp_path / "CallHistory.sqlite"))
    assert [n for n, m in ADAPTERS.items() if m.detect(probe)] == ["whatsapp_ios_calls"]


def test_built(tmp_path):
    tables, warnings = run_adapter(whatsapp_ios_calls, build(tmp_path / "CallHistory.sqlite"))
    assert warnings == []
    rows = tables["calls"].to_pylist()
    assert len(rows) == 8
    assert [r["src_row"] for r in rows] == list(range(1, 9))
    assert [r["aggregate"] for r in rows] == [1, 2, 2, 2, 3, 4, 5, 6]
    assert [r["direction"] for r in rows] == ["in", "out", "out", "out", "in", "in", "in", "out"]
    assert [r["counterpart_raw"] for r in rows] == [ALICE, BOB, BOB, BOB, ALICE, ALICE, BOB, GROUP]
    assert [r["status"] for r in rows] == ["answered", "missed", "missed", "answered", "rejected", None, "answered", "answered"]
    assert [r["outcome"] for r in rows] == [0, 1, 1, 0, 3, 4, 0, 0]
    assert [r["group"] for r in rows] == [False] * 6 + [True, True]
    assert [r["video"] for r in rows] == [False, False, False, False, True, False, True, False]
    assert rows[6]["participants"] == f"{ALICE} {BOB}" and rows[6]["n_participants"] == 2
    assert rows[0]["ts"] == T0 and rows[0]["duration_s"] == 61.5
    assert rows[3]["ts"] == T0 + dt.timedelta(seconds=300)
    assert rows[0]["counterpart"] == "+447700900123"


def test_edge_cases(tmp_path):
    db = build(tmp_path / "CallHistory.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE ZWACDCALLEVENT SET ZDATE = -3e9 WHERE Z_PK = 1")  # 1906: impossible
    conn.execute("UPDATE ZWACDCALLEVENT SET ZDURATION = 'long' WHERE Z_PK = 2")
    conn.execute("UPDATE ZWACDCALLEVENT SET ZOUTCOME = NULL WHERE Z_PK = 3")  # aggregate says missed
    conn.execute("UPDATE ZWACDCALLEVENT SET ZDATE = 0 WHERE Z_PK = 4")  # not set, not 2001-01-01
    conn.execute("UPDATE ZWAAGGREGATECALLEVENT SET ZINCOMING = NULL WHERE Z_PK = 1")  # creator Alice is a participant: incoming
    conn.execute("INSERT INTO ZWAJOINABLECALLEVENT (Z_PK, Z_ENT, Z_OPT, ZDATE) VALUES (1, 4, 1, 7e8)")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_ios_calls, db)
    reasons = " | ".join(w.reason for w in warnings)
    rows = tables["calls"].to_pylist()
    assert len(rows) == 8
    assert rows[0]["ts"] is None and "1 rows with impossible timestamps" in reasons
    assert rows[0]["direction"] == "in"
    assert rows[1]["duration_s"] is None and "duration_s have the wrong type" in reasons
    assert rows[2]["status"] == "missed"
    assert rows[3]["ts"] is None and "ZWACDCALLEVENT: 1 rows with ZDATE 0 (not set): kept with ts null" in reasons
    assert "ZWAJOINABLECALLEVENT: 1 joinable group call rows not read" in reasons
    assert any(w.rows_skipped == 1 for w in warnings)


def test_missing_participant_table(tmp_path):
    db = build(tmp_path / "CallHistory.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE ZWACDCALLEVENTPARTICIPANT")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_ios_calls, db)
    assert "ZWACDCALLEVENTPARTICIPANT missing" in " | ".join(w.reason for w in warnings)
    rows = tables["calls"].to_pylist()
    assert len(rows) == 8
    assert rows[0]["counterpart"] is None and rows[0]["direction"] == "in"
    assert rows[6]["counterpart_raw"] == BOB  # group call: the creator is still known


def test_missing_creator_column(tmp_path):
    """iOS 14.3 / WhatsApp 2.21.20 has no ZGROUPCALLCREATORUSERJIDSTRING (iLEAPP)."""
    db = build(tmp_path / "CallHistory.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE ZWACDCALLEVENT DROP COLUMN ZGROUPCALLCREATORUSERJIDSTRING")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_ios_calls, db)
    assert warnings == []
    rows = tables["calls"].to_pylist()
    assert [r["direction"] for r in rows] == ["in", "out", "out", "out", "in", "in", "in", "out"]
    assert rows[6]["counterpart_raw"] == ALICE  # no creator: first participant
