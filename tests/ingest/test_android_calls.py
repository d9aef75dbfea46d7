"""android_calls: calllog.db (Android 7+) and the calls table of old contacts2.db."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest
from conftest import data_file, probe_of, run_adapter, sha256

from devtriage.identifiers import Normaliser
from devtriage.ingest import ADAPTERS, android_calls, android_contacts, android_sms
from devtriage.schema import conform
from devtriage.synth import android_db as adb

UTC = dt.timezone.utc
T0 = 1_700_000_000_000


def _raw(path, tmp_path):
    local = tmp_path / ("copy_" + path.name)
    shutil.copyfile(path, local)
    conn = sqlite3.connect(local)
    try:
        return conn.execute("SELECT _id, number, date, duration, type, name FROM calls ORDER BY _id").fetchall()
    finally:
        conn.close()


def _expected(typ, duration):
    return {
        1: ("in", "answered"), 2: ("out", "answered" if duration > 0 else "missed"), 3: ("in", "missed"),
        4: ("in", "voicemail"), 5: ("in", "rejected"), 6: ("in", "blocked"), 7: ("in", "answered"),
    }[typ]


@pytest.mark.parametrize("name,count", [("android/plaso_contacts2.db", 3), ("android/andriller_calllog.db", 1)])
def test_real_call_logs(tmp_path, name, count):
    path = data_file(name)
    before = sha256(path)
    probe = probe_of(path)
    assert android_calls.detect(probe) and not android_sms.detect(probe)
    tables, warnings = run_adapter(android_calls, path)
    calls = tables["calls"]
    conform("calls", calls)
    assert calls.num_rows == count
    rows = {r["src_row"]: r for r in calls.to_pylist()}
    norm = Normaliser("GB")
    for _id, number, date, duration, typ, cached in _raw(path, tmp_path):
        r = rows[_id]
        assert r["ts"] == dt.datetime.fromtimestamp(date / 1000, UTC).replace(microsecond=(date % 1000) * 1000)
        assert (r["direction"], r["status"]) == _expected(typ, duration)
        assert r["duration_s"] == float(duration)
        assert r["counterpart_raw"] == number and r["counterpart"] == norm.one(number)
        assert r["cached_name"] == cached and r["call_type"] == typ and r["app"] == "telephony"
    assert not warnings
    assert sha256(path) == before


def test_real_values():
    tables, _ = run_adapter(android_calls, data_file("android/plaso_contacts2.db"))
    rows = {r["src_row"]: r for r in tables["calls"].to_pylist()}
    assert (rows[714]["direction"], rows[714]["status"], rows[714]["duration_s"]) == ("in", "missed", 0.0)
    assert (rows[715]["direction"], rows[715]["status"], rows[715]["duration_s"]) == ("out", "answered", 126.0)
    assert rows[717]["ts"] == dt.datetime(2013, 11, 7, 0, 3, 36, 690000, tzinfo=UTC)
    assert rows[717]["normalized_number"] == "+15404561685"
    tables, _ = run_adapter(android_calls, data_file("android/andriller_calllog.db"))
    (r,) = tables["calls"].to_pylist()
    # an outgoing call of 0 s: nobody answered
    assert (r["direction"], r["status"], r["counterpart"]) == ("out", "missed", "+441234567890")
    assert r["account"] == adb.TELEPHONY_COMPONENT and r["cached_name"] == "Samuel Vimes"


def test_detected_by_calls_and_contacts_only():
    probe = probe_of(data_file("android/plaso_contacts2.db"))
    assert {a.NAME for a in ADAPTERS.values() if a.detect(probe)} == {"android_calls", "android_contacts"}
    probe = probe_of(data_file("android/andriller_calllog.db"))
    assert [a.NAME for a in ADAPTERS.values() if a.detect(probe)] == ["android_calls"]


@pytest.mark.parametrize("builder", ["calllog", "contacts2_android4"])
def test_every_type_and_app(tmp_path, builder):
    db = tmp_path / "db.db"
    conn = adb.create_calllog(db) if builder == "calllog" else adb.create_contacts2(db, "android4")
    adb.insert_calls(conn, [
        adb.Call("07700 900001", T0, 60, 1, name="Jane"),
        adb.Call("07700 900001", T0 + 1000, 0, 2),
        adb.Call("07700 900001", T0 + 2000, 12, 2),
        adb.Call("07700 900001", T0 + 3000, 0, 3),
        adb.Call("07700 900001", T0 + 4000, 20, 4),
        adb.Call("07700 900001", T0 + 5000, 0, 5),
        adb.Call("07700 900001", T0 + 6000, 0, 6),
        adb.Call("07700 900001", T0 + 7000, 30, 7),
        adb.Call("07700 900001", T0 + 8000, 30, 99),
        adb.Call("+447700900002", T0 + 9000, 45, 1, component="com.whatsapp/com.whatsapp.calling.telecom.SelfManagedConnectionService"),
        adb.Call("+447700900003", T0 + 10_000, 5, 2, component="org.example.voip/.CallService"),
        adb.Call("", T0 + 11_000, 0, 3, presentation=2),
        adb.Call("-2", T0 + 12_000, 0, 3, presentation=3),
    ])
    conn.close()
    tables, warnings = run_adapter(android_calls, db)
    calls = tables["calls"]
    conform("calls", calls)
    rows = calls.to_pylist()
    got = [(r["direction"], r["status"]) for r in rows[:9]]
    assert got == [("in", "answered"), ("out", "missed"), ("out", "answered"), ("in", "missed"), ("in", "voicemail"),
                   ("in", "rejected"), ("in", "blocked"), ("in", "answered"), (None, None)]
    assert rows[0]["counterpart"] == "+447700900001" and rows[0]["cached_name"] == "Jane"
    has_account = builder == "calllog"
    assert rows[9]["app"] == ("whatsapp" if has_account else "telephony")
    assert rows[10]["app"] == ("org.example.voip" if has_account else "telephony")
    assert rows[0]["app"] == "telephony"
    assert rows[11]["counterpart"] is None and rows[12]["counterpart"] is None and rows[12]["counterpart_raw"] == "-2"
    assert "1 rows with an unknown call type" in " ".join(w.reason for w in warnings)


def test_app_of():
    assert android_calls.app_of(None) == "telephony"
    assert android_calls.app_of(adb.TELEPHONY_COMPONENT) == "telephony"
    assert android_calls.app_of("com.android.phone/com.android.services.telephony.sip.SipConnectionService") == "telephony"
    assert android_calls.app_of("com.whatsapp/x.Y") == "whatsapp"
    assert android_calls.app_of("com.example.app/.Svc") == "com.example.app"


def test_bad_rows_and_unknown_version(tmp_path):
    db = tmp_path / "calllog.db"
    conn = adb.create_calllog(db)
    adb.insert_calls(conn, [("07700900001", 1000, 10, 1), ("07700900001", T0, 5, 1)])
    conn.execute("INSERT INTO calls (number, date, duration, type) VALUES ('07700900001', 'noon', 'long', 'in')")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(android_calls, db)
    rows = tables["calls"].to_pylist()
    assert len(rows) == 3
    assert rows[0]["ts"] is None and rows[1]["ts"] is not None
    assert rows[2]["ts"] is None and rows[2]["duration_s"] is None and rows[2]["direction"] is None
    text = " ".join(w.reason for w in warnings)
    assert "impossible timestamps" in text and "wrong type" in text
    # a calls table lacking a required column: warned, nothing read; not even detected
    db2 = tmp_path / "old.db"
    conn = sqlite3.connect(db2)
    conn.execute("CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, type INTEGER, new INTEGER)")
    conn.execute("INSERT INTO calls (number, date, type) VALUES ('1', 2, 3)")
    conn.commit()
    conn.close()
    assert not android_calls.detect(probe_of(db2))
    tables, warnings = run_adapter(android_calls, db2, check_detect=False)
    assert not tables and "duration" in warnings[0].reason


def test_foreign_calls_table_not_detected(tmp_path):
    db = tmp_path / "voip.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, duration INTEGER, type INTEGER)")
    conn.commit()
    conn.close()
    assert not android_calls.detect(probe_of(db))
    assert not android_contacts.detect(probe_of(db))
