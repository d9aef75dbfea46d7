"""ios_sms: iOS sms.db, real samples (iOS 13 and iOS 8/9) and built fixtures (iOS 5-17)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections import Counter

import pyarrow as pa
import pytest
from conftest import copy_rows, data_file, probe_of, run_adapter, sha256

from devtriage.ingest import ADAPTERS, ios_sms
from devtriage.ingest.typedstream import encode_text
from devtriage.schema import conform
from devtriage.synth import ios_db
from devtriage.synth.ios_db import Message, SmsDb

UTC = dt.UTC
COCOA = dt.datetime(2001, 1, 1, tzinfo=UTC)
MAGNET = "ios/magnet_ctf2020_sms.db"
PLASO = "ios/plaso_imessage_chat.db"




def _cocoa(raw: int) -> dt.datetime:
    """Independent conversion: nanoseconds (iOS 11+) or seconds since 2001, floored to the millisecond."""
    if raw > 10**11:
        return COCOA + dt.timedelta(milliseconds=raw // 1_000_000)
    return COCOA + dt.timedelta(seconds=raw)


def _by_row(table: pa.Table) -> dict[int, dict]:
    return {r["src_row"]: r for r in table.to_pylist()}


def _only_me(path):
    probe = probe_of(path)
    hits = [name for name, mod in ADAPTERS.items() if mod.detect(probe)]
    assert hits == ["ios_sms"], hits


# --- real samples --------------------------------------------------------------------


def test_real_magnet_ios13(tmp_path):
    path = data_file(MAGNET)
    before = sha256(path)
    _only_me(path)
    tables, warnings = run_adapter(ios_sms, path)
    assert warnings == []
    m = tables["messages"]
    conform("messages", m)  # core columns present and typed
    assert m.num_rows == 105
    rows = _by_row(m)
    assert Counter(r["direction"] for r in rows.values()) == {"in": 54, "out": 51}
    assert Counter(r["counterpart"] for r in rows.values()) == {
        "+18028293349": 49, "+15183808956": 45, "+17744371821": 4, "22000": 3, "40404": 2,
        "+12092664939": 1, "+17542276288": 1,
    }
    assert Counter(r["app"] for r in rows.values()) == {"sms": 56, "imessage": 49}
    assert not any(r["group"] for r in rows.values())
    assert not any(r["body_from_attributed"] for r in rows.values())
    assert sorted(k for k, r in rows.items() if r["has_attachment"]) == [34, 125, 127, 129, 157, 209]

    raw = copy_rows(path, "SELECT m.ROWID, m.date, m.date_read, m.date_delivered, m.is_from_me, h.id, c.guid, m.text "
                     "FROM message m JOIN handle h ON h.ROWID = m.handle_id "
                     "JOIN chat_message_join j ON j.message_id = m.ROWID JOIN chat c ON c.ROWID = j.chat_id", tmp_path)
    assert len(raw) == 105
    for rowid, date, date_read, date_delivered, from_me, handle, guid, text in raw:
        r = rows[rowid]
        assert r["ts"] == _cocoa(date)
        assert r["direction"] == ("out" if from_me else "in")
        assert r["counterpart_raw"] == handle
        assert r["thread"] == guid
        assert r["body"] == text
        assert r["date_read"] == (None if date_read == 0 else _cocoa(date_read))  # seconds here, ns in `date`
        assert r["date_delivered"] == (None if date_delivered == 0 else _cocoa(date_delivered))
    # a few by hand: 599079037641931008 ns = 599079037.641931008 s after 2001-01-01, floored to the millisecond
    assert rows[12]["ts"] == dt.datetime(2019, 12, 26, 18, 50, 37, 641000, tzinfo=UTC)
    assert rows[12]["date_read"] == dt.datetime(2020, 1, 1, 18, 55, 52, tzinfo=UTC)
    assert rows[254]["ts"] == dt.datetime(2020, 3, 24, 1, 0, 55, 800000, tzinfo=UTC)
    assert rows[34]["body"] == "\ufffc\ufffc" and rows[34]["direction"] == "out"
    assert rows[240]["counterpart"] == "+17542276288" and rows[240]["body"].startswith("Your WhatsApp code: 398-029")
    assert sha256(path) == before


def test_real_plaso_ios9(tmp_path):
    path = data_file(PLASO)
    before = sha256(path)
    _only_me(path)
    tables, warnings = run_adapter(ios_sms, path)
    assert warnings == []
    m = tables["messages"]
    assert m.num_rows == 10
    rows = _by_row(m)
    assert Counter(r["direction"] for r in rows.values()) == {"in": 5, "out": 5}
    # the test file's handles were anonymised separately from its chats: counterpart = handle.id
    assert Counter(r["counterpart_raw"] for r in rows.values()) == {"447775455555": 8, "xxxxxx2015@icloud.com": 2}
    assert rows[8]["counterpart"] == "xxxxxx2015@icloud.com"
    assert rows[1]["thread"] == "iMessage;-;+447775446518"
    assert {r["app"] for r in rows.values()} == {"imessage"}
    raw = copy_rows(path, "SELECT ROWID, date, date_read FROM message", tmp_path)
    for rowid, date, date_read in raw:  # seconds since 2001 (before iOS 11)
        assert rows[rowid]["ts"] == COCOA + dt.timedelta(seconds=date)
        assert rows[rowid]["date_read"] == (None if date_read == 0 else COCOA + dt.timedelta(seconds=date_read))
    assert rows[1]["ts"] == dt.datetime(2015, 11, 22, 18, 9, 46, tzinfo=UTC)
    assert rows[9]["date_read"] == dt.datetime(2016, 3, 14, 14, 31, 5, tzinfo=UTC)
    assert sha256(path) == before


def test_builder_schema_is_the_real_one(tmp_path):
    for rel, version in ((MAGNET, "ios13"), (PLASO, "ios9")):
        path = data_file(rel)
        real = {(t, n, " ".join(s.split())) for t, n, s in copy_rows(
            path, "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'sqlite_stat1'", tmp_path)}
        SmsDb.create(tmp_path / f"{version}.db", version).close()
        conn = sqlite3.connect(tmp_path / f"{version}.db")
        built = {(t, n, " ".join(s.split())) for t, n, s in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")}
        conn.close()
        assert built == real


# --- built fixtures ------------------------------------------------------------------

T0 = dt.datetime(2024, 3, 1, 21, 30, 15, 250000, tzinfo=UTC)


def _conversation(db: SmsDb):
    """A 1:1 chat with Alice and a group chat with Alice and Bob."""
    alice = db.add_handle("+447700900123")
    bob = db.add_handle("bob@example.com")
    one = db.add_chat("+447700900123", [alice])
    grp = db.add_chat("chat684214756102538971", [alice, bob], group=True, display_name="Friends")
    ids = db.add_messages([
        Message(one, alice, False, T0, "hi", read_at=T0 + dt.timedelta(minutes=1)),
        Message(one, alice, True, T0 + dt.timedelta(seconds=30), "hello back"),
        Message(one, 0, True, T0 + dt.timedelta(seconds=40), "handle_id 0 in a 1:1 chat"),
        Message(grp, bob, False, T0 + dt.timedelta(minutes=5), "group from bob"),
        Message(grp, 0, True, T0 + dt.timedelta(minutes=6), "group from me"),
    ])
    return ids, one, grp


@pytest.mark.parametrize("version", ["ios6", "ios9", "ios13", "ios17"])
def test_built_versions(tmp_path, version):
    path = tmp_path / "sms.db"
    with SmsDb.create(path, version) as db:
        ids, _, _ = _conversation(db)
        db.add_attachment(ids[1], "IMG_0001.JPG")
    tables, warnings = run_adapter(ios_sms, path)
    assert warnings == []
    rows = _by_row(tables["messages"])
    assert [rows[i]["direction"] for i in ids] == ["in", "out", "out", "in", "out"]
    assert [rows[i]["counterpart"] for i in ids] == [
        "+447700900123", "+447700900123", "+447700900123", "bob@example.com", "chat684214756102538971"]
    assert [rows[i]["group"] for i in ids] == [False, False, False, True, True]
    assert rows[ids[3]]["thread"] == "iMessage;+;chat684214756102538971"
    assert rows[ids[0]]["thread"] == "iMessage;-;+447700900123"
    assert [rows[i]["has_attachment"] for i in ids] == [False, True, False, False, False]
    precise = version in ("ios13", "ios17")  # nanoseconds; whole seconds before iOS 11
    expected = T0 if precise else T0.replace(microsecond=0)
    assert rows[ids[0]]["ts"] == expected
    assert rows[ids[0]]["date_read"] == expected + dt.timedelta(minutes=1)
    assert rows[ids[1]]["date_read"] is None
    assert rows[ids[0]]["app"] == "imessage"
    assert rows[ids[0]]["body"] == "hi"


def test_ios16_attributed_only_bodies(tmp_path):
    path = tmp_path / "sms.db"
    with SmsDb.create(path, "ios17") as db:
        h = db.add_handle("+447700900123", service="iMessage")
        c = db.add_chat("+447700900123", [h])
        ids = db.add_messages([
            Message(c, h, False, T0, "only in attributedBody 👍"),
            Message(c, h, True, T0, "edited", edited_at=T0 + dt.timedelta(seconds=90)),
            Message(c, h, True, T0, None, retracted_at=T0 + dt.timedelta(seconds=20)),  # unsent: no body at all
            Message(c, h, False, T0, "plain text row", body="text"),
        ], body="attributed")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM message WHERE text IS NULL").fetchone()[0] == 3
    conn.close()
    tables, warnings = run_adapter(ios_sms, path)
    assert warnings == []
    rows = _by_row(tables["messages"])
    assert rows[ids[0]]["body"] == "only in attributedBody 👍"
    assert [rows[i]["body_from_attributed"] for i in ids] == [True, True, False, False]
    assert rows[ids[1]]["date_edited"] == T0 + dt.timedelta(seconds=90)
    assert rows[ids[0]]["date_edited"] is None
    assert rows[ids[2]]["body"] is None and rows[ids[2]]["date_retracted"] == T0 + dt.timedelta(seconds=20)
    assert rows[ids[3]]["body"] == "plain text row"


def test_services_and_apps(tmp_path):
    path = tmp_path / "sms.db"
    with SmsDb.create(path, "ios17") as db:
        h = db.add_handle("+447700900123", service="SMS")
        c = db.add_chat("+447700900123", [h], service="SMS")
        ids = db.add_messages([Message(c, h, False, T0, "sms", service="SMS"),
                               Message(c, h, False, T0, "rcs", service="RCS"),
                               Message(c, h, False, T0, "sat", service="iMessageLite"),
                               Message(c, h, False, T0, "none", service=None)])
    rows = _by_row(run_adapter(ios_sms, path)[0]["messages"])
    assert [rows[i]["app"] for i in ids] == ["sms", "rcs", "imessagelite", "sms"]  # no service: the chat's
    assert rows[ids[3]]["service"] is None


def test_legacy_ios5(tmp_path):
    path = tmp_path / "sms.db"
    when = dt.datetime(2012, 5, 4, 20, 15, 0, tzinfo=UTC)
    with SmsDb.create(path, "ios5") as db:
        g1 = db.add_group(["07700 900123"])
        g2 = db.add_group(["+447700900456", "+447700900789"])
        ids = db.add_legacy_messages([
            (g1, "07700 900123", False, when, "sms in", False),
            (g1, "07700 900123", True, when + dt.timedelta(minutes=1), "sms out", False),
            (g1, "friend@me.com", False, when + dt.timedelta(minutes=2), "imessage in", True),
            (g1, "friend@me.com", True, when + dt.timedelta(minutes=3), "imessage out", True),
            (g2, None, True, when + dt.timedelta(minutes=4), "group sms out", False),
            (g2, "+447700900456", False, when + dt.timedelta(minutes=5), "group sms in", False),
        ])
    probe = probe_of(path)
    assert [n for n, mod in ADAPTERS.items() if mod.detect(probe)] == ["ios_sms"]
    tables, warnings = run_adapter(ios_sms, path)
    assert warnings == []
    rows = _by_row(tables["messages"])
    assert [rows[i]["direction"] for i in ids] == ["in", "out", "in", "out", "out", "in"]
    assert [rows[i]["app"] for i in ids] == ["sms", "sms", "imessage", "imessage", "sms", "sms"]
    assert [rows[i]["counterpart"] for i in ids[:4]] == ["+447700900123", "+447700900123", "friend@me.com",
                                                         "friend@me.com"]
    assert rows[ids[4]]["group"] and rows[ids[4]]["counterpart"] == f"msg_group:{g2}"
    assert rows[ids[5]]["counterpart"] == "+447700900456"
    # SMS dates are Unix seconds, iMessage dates seconds since 2001: both give the same clock
    assert [rows[i]["ts"] for i in ids] == [when + dt.timedelta(minutes=k) for k in range(6)]
    raw = dict(sqlite3.connect(path).execute("SELECT ROWID, date FROM message").fetchall())
    assert raw[ids[0]] == int((when - dt.datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())
    assert raw[ids[2]] == int((when + dt.timedelta(minutes=2) - COCOA).total_seconds())


# --- bad input -----------------------------------------------------------------------


def _simple(path, version="ios13", n=3):
    db = SmsDb.create(path, version)
    h = db.add_handle("+447700900123")
    c = db.add_chat("+447700900123", [h])
    ids = db.add_messages([Message(c, h, bool(i % 2), T0 + dt.timedelta(minutes=i), f"m{i}") for i in range(n)])
    return db, ids


def test_null_bodies_and_bad_values(tmp_path):
    path = tmp_path / "sms.db"
    db, ids = _simple(path, n=6)
    conn = db.conn
    conn.execute("UPDATE message SET text = NULL, attributedBody = NULL WHERE ROWID = ?", (ids[0],))
    conn.execute("UPDATE message SET text = CAST(? AS TEXT) WHERE ROWID = ?", (b"bad \xff\xfe utf8", ids[1]))
    conn.execute("UPDATE message SET is_from_me = 'yes' WHERE ROWID = ?", (ids[2],))
    conn.execute("UPDATE message SET date = 9000000000000000000 WHERE ROWID = ?", (ids[3],))  # year 2286
    conn.execute("UPDATE message SET date = 0 WHERE ROWID = ?", (ids[4],))
    conn.execute("UPDATE message SET text = NULL, attributedBody = ? WHERE ROWID = ?",
                 (encode_text("recovered")[:-30] + b"\x00garbage", ids[5]))
    db.close()
    tables, warnings = run_adapter(ios_sms, path)
    reasons = " | ".join(w.reason for w in warnings)
    rows = _by_row(tables["messages"])
    assert len(rows) == 6
    assert rows[ids[0]]["body"] is None
    assert "U+FFFD" in reasons and rows[ids[1]]["body"] == "bad \ufffd\ufffd utf8"
    assert "is_from_me" in reasons and rows[ids[2]]["direction"] is None
    assert "impossible" in reasons and rows[ids[3]]["ts"] is None
    assert "date 0" in reasons and rows[ids[4]]["ts"] is None
    assert rows[ids[5]]["body"] == "recovered"  # the string comes before the damaged attribute runs


def test_undecodable_attributed_body(tmp_path):
    path = tmp_path / "sms.db"
    db, ids = _simple(path)
    db.conn.execute("UPDATE message SET text = NULL, attributedBody = ? WHERE ROWID = ?",
                    (b"\x04\x0bstreamtyped\x81\xe8\x03\x85", ids[0]))
    db.close()
    tables, warnings = run_adapter(ios_sms, path)
    assert any("could not be decoded" in w.reason for w in warnings)
    rows = _by_row(tables["messages"])
    assert rows[ids[0]]["body"] is None and rows[ids[0]]["body_from_attributed"] is False
    assert rows[ids[1]]["body"] == "m1"


def test_missing_tables_and_columns(tmp_path):
    path = tmp_path / "sms.db"
    db, _ = _simple(path, version="ios6")
    db.conn.execute("DROP TABLE handle")
    db.conn.execute("ALTER TABLE message DROP COLUMN service")
    db.close()
    probe = probe_of(path)
    assert ios_sms.detect(probe)
    tables, warnings = run_adapter(ios_sms, path)
    assert any("no handle table" in w.reason for w in warnings)
    rows = _by_row(tables["messages"])
    assert len(rows) == 3
    assert {r["counterpart"] for r in rows.values()} == {"+447700900123"}  # from the chat
    assert {r["app"] for r in rows.values()} == {"imessage"}  # the chat's service_name

    path2 = tmp_path / "sms2.db"
    db, _ = _simple(path2, version="ios9")
    db.conn.execute("DROP TABLE chat_message_join")
    db.close()
    tables, warnings = run_adapter(ios_sms, path2)
    assert any("no chat" in w.reason for w in warnings)
    rows = _by_row(tables["messages"])
    assert len(rows) == 3 and all(r["thread"] is None for r in rows.values())
    assert {r["counterpart"] for r in rows.values()} == {"+447700900123"}


def test_message_in_two_chats_read_once(tmp_path):
    path = tmp_path / "sms.db"
    db, ids = _simple(path)
    h2 = db.add_handle("+447700900999")
    c2 = db.add_chat("+447700900999", [h2])
    db.conn.execute("INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?, ?, 0)", (c2, ids[0]))
    db.close()
    rows = run_adapter(ios_sms, path)[0]["messages"]
    assert rows.num_rows == 3
    assert _by_row(rows)[ids[0]]["chat_id"] == 1


def test_attachment_join_without_cache_flag(tmp_path):
    path = tmp_path / "sms.db"
    db, ids = _simple(path)
    db.add_attachment(ids[2], "voice.caf", "audio/x-caf")
    db.conn.execute("UPDATE message SET cache_has_attachments = 0")
    db.close()
    rows = _by_row(run_adapter(ios_sms, path)[0]["messages"])
    assert [rows[i]["has_attachment"] for i in ids] == [False, False, True]


def test_wal_rows_are_read(tmp_path):
    path = tmp_path / "sms.db"
    db, _ = _simple(path)
    db.conn.commit()
    db.conn.execute("PRAGMA journal_mode=WAL")
    db.conn.execute("PRAGMA wal_autocheckpoint=0")
    db.add_messages([Message(1, 1, False, T0, "only in the WAL")])
    db.conn.commit()
    # copy while the WAL is still separate (the connection stays open)
    shutil.copyfile(path, tmp_path / "copy.db")
    shutil.copyfile(str(path) + "-wal", str(tmp_path / "copy.db") + "-wal")
    db.close()
    rows = run_adapter(ios_sms, tmp_path / "copy.db")[0]["messages"]
    assert "only in the WAL" in rows.column("body").to_pylist()


def test_builder_dates():
    when = dt.datetime(2020, 1, 1, 0, 0, 1, 500, tzinfo=UTC)
    # 2001-01-01 to 2020-01-01: 19 years, 4 leap days = 6939 days = 599,529,600 s
    assert ios_db.cocoa_nanoseconds(when) == 599_529_601_000_500_000
    assert ios_db.cocoa_seconds(when) == pytest.approx(599_529_601.0005)
