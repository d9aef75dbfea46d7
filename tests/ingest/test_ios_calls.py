"""ios_calls: CallHistory.storedata (iOS 8-18) and call_history.db (iOS 4-7), built fixtures.

There is no real CallHistory.storedata among the samples; the schemas come from public
dumps (see devtriage.synth.ios_db). The one real call database on hand, WhatsApp's own
CallHistory.sqlite, must not be taken for the system call log.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from conftest import data_file, probe_of, run_adapter, sha256

from devtriage.ingest import ADAPTERS, ios_calls
from devtriage.schema import conform
from devtriage.synth.ios_db import (
    CALLTYPE_FACETIME_AUDIO,
    CALLTYPE_FACETIME_VIDEO,
    FACETIME,
    Call,
    CallHistoryDb,
    LegacyCallHistoryDb,
)

UTC = dt.UTC
COCOA = dt.datetime(2001, 1, 1, tzinfo=UTC)
T0 = dt.datetime(2024, 2, 10, 23, 45, 10, 125000, tzinfo=UTC)


def _by_row(table):
    return {r["src_row"]: r for r in table.to_pylist()}


def _only_me(path):
    probe = probe_of(path)
    assert [n for n, mod in ADAPTERS.items() if mod.detect(probe)] == ["ios_calls"]


def _calls():
    return [
        Call("+447700900123", T0, 312.5, outgoing=True, answered=True),
        Call("07700 900456", T0 + dt.timedelta(minutes=1), 0.0, outgoing=False, answered=False),
        Call("+447700900123", T0 + dt.timedelta(minutes=2), 0.0, outgoing=True, answered=False),
        Call("friend@icloud.com", T0 + dt.timedelta(minutes=3), 60.0, outgoing=False, answered=True,
             call_type=CALLTYPE_FACETIME_AUDIO, provider=FACETIME),
        Call("+447700900789", T0 + dt.timedelta(minutes=4), 45.0, outgoing=False, answered=True,
             call_type=CALLTYPE_FACETIME_VIDEO, provider=FACETIME, disconnected_cause=6),
    ]


@pytest.mark.parametrize("version", ["ios8", "ios10", "ios16"])
def test_versions(tmp_path, version):
    path = tmp_path / "CallHistory.storedata"
    with CallHistoryDb.create(path, version) as db:
        pks = db.add_calls(_calls())
    _only_me(path)
    tables, warnings = run_adapter(ios_calls, path)
    assert warnings == []
    calls = tables["calls"]
    conform("calls", calls)
    rows = _by_row(calls)
    assert [rows[k]["direction"] for k in pks] == ["out", "in", "out", "in", "in"]
    assert [rows[k]["status"] for k in pks] == ["answered", "missed", "missed", "answered", "answered"]
    assert [rows[k]["counterpart"] for k in pks] == ["+447700900123", "+447700900456", "+447700900123",
                                                     "friend@icloud.com", "+447700900789"]
    assert rows[pks[1]]["counterpart_raw"] == "07700 900456"
    assert [rows[k]["app"] for k in pks] == ["telephony", "telephony", "telephony", "facetime", "facetime"]
    assert [rows[k]["duration_s"] for k in pks] == [312.5, 0.0, 0.0, 60.0, 45.0]
    assert rows[pks[4]]["disconnected_cause"] == 6  # raw, not mapped
    assert rows[pks[0]]["service_provider"] == (None if version == "ios8" else "com.apple.Telephony")
    # ZDATE: float seconds since 2001, checked against the raw column
    raw = dict(sqlite3.connect(path).execute("SELECT Z_PK, ZDATE FROM ZCALLRECORD").fetchall())
    for k in pks:
        assert rows[k]["ts"] == COCOA + dt.timedelta(milliseconds=round(raw[k] * 1000))
    assert rows[pks[0]]["ts"] == T0
    if version != "ios16":  # ZADDRESS is a BLOB of UTF-8 bytes in these releases
        kinds = sqlite3.connect(path).execute("SELECT DISTINCT typeof(ZADDRESS) FROM ZCALLRECORD").fetchall()
        assert kinds == [("blob",)]


def test_third_party_and_blocked(tmp_path):
    path = tmp_path / "CallHistory.storedata"
    with CallHistoryDb.create(path, "ios16") as db:
        pks = db.add_calls([
            Call("447700900123@s.whatsapp.net", T0, 20.0, outgoing=True, answered=True, call_type=1,
                 provider="net.whatsapp.WhatsApp"),
            Call("+447700900666", T0, 0.0, answered=False, blocked_by_extension="com.example.blocker"),
            Call(None, T0, 0.0, answered=False),  # withheld number
        ])
    tables, warnings = run_adapter(ios_calls, path)
    rows = _by_row(tables["calls"])
    assert rows[pks[0]]["app"] == "net.whatsapp.WhatsApp"
    assert rows[pks[0]]["counterpart"] == "+447700900123"
    assert rows[pks[1]]["status"] == "blocked"
    assert rows[pks[2]]["counterpart"] is None and rows[pks[2]]["status"] == "missed"
    assert [w.reason for w in warnings] == [
        "1 calls without an address (withheld number or unknown party): counterpart null (kept)"]


def test_group_facetime(tmp_path):
    path = tmp_path / "CallHistory.storedata"
    with CallHistoryDb.create(path, "ios16") as db:
        pks = db.add_calls([
            Call(None, T0, 600.0, outgoing=False, answered=True, call_type=CALLTYPE_FACETIME_VIDEO, provider=FACETIME,
                 participants=("ada@example.com", "alan@example.com", "grace@example.com"), initiator="ada@example.com"),
            Call(None, T0, 60.0, outgoing=True, answered=True, call_type=CALLTYPE_FACETIME_VIDEO, provider=FACETIME,
                 participants=("alan@example.com", "grace@example.com")),
            Call(None, T0, 30.0, outgoing=True, answered=True, call_type=CALLTYPE_FACETIME_AUDIO, provider=FACETIME,
                 participants=("+447700900123",)),
        ])
    tables, warnings = run_adapter(ios_calls, path)
    assert warnings == []
    rows = _by_row(tables["calls"])
    assert [rows[k]["group"] for k in pks] == [True, True, False]
    assert rows[pks[0]]["counterpart"] == "ada@example.com"  # incoming group: the initiator
    group_id = sqlite3.connect(path).execute("SELECT lower(hex(ZPARTICIPANTGROUPUUID)) FROM ZCALLRECORD WHERE Z_PK = ?",
                                             (pks[1],)).fetchone()[0]
    assert rows[pks[1]]["counterpart"] == group_id  # outgoing group: the group
    assert rows[pks[2]]["counterpart"] == "+447700900123"  # a single participant
    assert sorted(rows[pks[0]]["participants"].split(";")) == ["ada@example.com", "alan@example.com",
                                                               "grace@example.com"]


def test_legacy_call_history_db(tmp_path):
    path = tmp_path / "call_history.db"
    when = dt.datetime(2013, 7, 1, 8, 0, tzinfo=UTC)
    with LegacyCallHistoryDb.create(path) as db:
        db.add_calls([("07700900123", when, 65, 5), ("+447700900456", when + dt.timedelta(hours=1), 0, 4)])
        db.conn.execute("UPDATE call SET face_time_data = x'01' WHERE ROWID = 2")
    _only_me(path)
    tables, warnings = run_adapter(ios_calls, path)
    assert warnings == []
    rows = _by_row(tables["calls"])
    assert [rows[k]["direction"] for k in (1, 2)] == ["out", "in"]
    assert [rows[k]["counterpart"] for k in (1, 2)] == ["+447700900123", "+447700900456"]
    assert [rows[k]["status"] for k in (1, 2)] == [None, None]  # the format does not say
    assert [rows[k]["app"] for k in (1, 2)] == ["telephony", "facetime"]
    raw = dict(sqlite3.connect(path).execute("SELECT ROWID, date FROM call").fetchall())
    assert rows[1]["ts"] == dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=raw[1]) == when
    assert rows[1]["duration_s"] == 65.0 and rows[1]["flags"] == 5
    # the database's own triggers count outgoing time by flags & 1
    props = dict(sqlite3.connect(path).execute("SELECT key, value FROM _SqliteDatabaseProperties").fetchall())
    assert int(props["timer_outgoing"]) == 120 and int(props["timer_incoming"]) == 0


def test_bad_values(tmp_path):
    path = tmp_path / "CallHistory.storedata"
    with CallHistoryDb.create(path, "ios10") as db:
        pks = db.add_calls([Call("+447700900123", T0 + dt.timedelta(minutes=i), 10.0) for i in range(6)])
        db.conn.execute("UPDATE ZCALLRECORD SET ZDATE = 1e12 WHERE Z_PK = ?", (pks[0],))  # year ~33700
        db.conn.execute("UPDATE ZCALLRECORD SET ZORIGINATED = 'outgoing' WHERE Z_PK = ?", (pks[1],))
        db.conn.execute("UPDATE ZCALLRECORD SET ZADDRESS = x'2b3434ff37' WHERE Z_PK = ?", (pks[2],))
        db.conn.execute("UPDATE ZCALLRECORD SET ZDURATION = 'long' WHERE Z_PK = ?", (pks[3],))
        db.conn.execute("UPDATE ZCALLRECORD SET ZDATE = NULL WHERE Z_PK = ?", (pks[4],))
        db.conn.execute("UPDATE ZCALLRECORD SET ZDATE = 0 WHERE Z_PK = ?", (pks[5],))  # not set, not 2001-01-01
    tables, warnings = run_adapter(ios_calls, path)
    reasons = " | ".join(w.reason for w in warnings)
    rows = _by_row(tables["calls"])
    assert len(rows) == 6
    assert "1 rows with impossible timestamps" in reasons and rows[pks[0]]["ts"] is None
    assert "originated" in reasons and rows[pks[1]]["direction"] is None
    assert "U+FFFD" in reasons and rows[pks[2]]["counterpart_raw"] == "+44\ufffd7"
    assert "duration" in reasons and rows[pks[3]]["duration_s"] is None
    assert "without ZDATE" in reasons and rows[pks[4]]["ts"] is None
    assert "1 rows with ZDATE 0 (not set): kept with ts null" in reasons and rows[pks[5]]["ts"] is None


def test_unknown_version_missing_columns(tmp_path):
    path = tmp_path / "CallHistory.storedata"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE TIMESTAMP, ZORIGINATED INTEGER, "
                 "ZADDRESS VARCHAR, ZSOMETHINGNEW INTEGER)")
    conn.execute("INSERT INTO ZCALLRECORD VALUES (1, 700000000.5, 1, '+447700900123', 7)")
    conn.commit()
    conn.close()
    tables, _ = run_adapter(ios_calls, path)
    row = tables["calls"].to_pylist()[0]
    assert row["direction"] == "out" and row["counterpart"] == "+447700900123"
    assert row["status"] is None and row["duration_s"] is None and row["app"] is None
    assert row["ts"] == COCOA + dt.timedelta(seconds=700000000.5)


def test_whatsapp_call_history_is_not_the_system_log():
    path = data_file("ios/whatsapp_josh_ios15/CallHistory.sqlite")
    before = sha256(path)
    assert not ios_calls.detect(probe_of(path))
    assert sha256(path) == before


def test_bulk(tmp_path):
    path = tmp_path / "CallHistory.storedata"
    with CallHistoryDb.create(path, "ios16") as db:
        db.add_calls(Call(f"+4477009{i % 1000:05d}", T0 + dt.timedelta(seconds=i), float(i % 60), bool(i % 2))
                     for i in range(20_000))
    calls = run_adapter(ios_calls, path)[0]["calls"]
    assert calls.num_rows == 20_000
    assert calls.column("counterpart").null_count == 0
