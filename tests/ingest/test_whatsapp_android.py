"""WhatsApp Android msgstore.db: current, legacy and transitional schemas (built fixtures).

No real Android WhatsApp database is among the shared samples, so every test here builds
its fixture with the real-schema builders of ``devtriage.synth.whatsapp_db``; the real
samples are used to check that this adapter does not claim other formats.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pyarrow as pa
import pytest

from devtriage import schema
from devtriage.ingest import ADAPTERS, whatsapp_android
from devtriage.synth.whatsapp_db import (
    CALL_ANSWERED,
    CALL_MISSED,
    CALL_REJECTED,
    CALL_UNAVAILABLE,
    WA_AUDIO,
    WA_CONTACT,
    WA_IMAGE,
    WA_LOCATION,
    WA_SYSTEM,
    AndroidCall,
    AndroidMessage,
    Msgstore,
    unix_ms,
)

from conftest import DATA, data_file, probe_of, run_adapter, sha256

ALICE = "447700900123@s.whatsapp.net"
BOB = "447700900456@s.whatsapp.net"
CAROL = "33612345678@s.whatsapp.net"
GROUP = "120363000000000001@g.us"
T0 = dt.datetime(2024, 3, 1, 21, 30, 15, 123000, tzinfo=dt.timezone.utc)


def at(seconds: float) -> int:
    return unix_ms(T0 + dt.timedelta(seconds=seconds))


MESSAGES = [
    AndroidMessage(ALICE, 0, at(0), "hello"),
    AndroidMessage(ALICE, 1, at(60), "hi there"),
    AndroidMessage(GROUP, 0, at(120), "from bob in the group", sender=BOB),
    AndroidMessage(GROUP, 1, at(180), "mine in the group"),
    AndroidMessage(GROUP, 0, at(240), None, message_type=WA_SYSTEM),
    AndroidMessage(ALICE, 0, at(300), None, message_type=WA_IMAGE, mime_type="image/jpeg", file_path="Media/WhatsApp Images/IMG-1.jpg", caption="look at this"),
    AndroidMessage(ALICE, 1, at(360), None, message_type=WA_LOCATION, lat=53.8008, lon=-1.5491),
    AndroidMessage(CAROL, 0, at(420), None),  # NULL body
    AndroidMessage(CAROL, 1, at(480), "BEGIN:VCARD", message_type=WA_CONTACT),
    AndroidMessage(GROUP, 0, at(540), None, sender=CAROL, message_type=WA_AUDIO, mime_type="audio/ogg; codecs=opus", file_path="Media/WhatsApp Voice Notes/PTT-1.opus"),
]

CALLS = [
    AndroidCall(ALICE, 0, at(1000), 95, CALL_ANSWERED),
    AndroidCall(ALICE, 1, at(2000), 0, CALL_MISSED, video=1),
    AndroidCall(BOB, 0, at(3000), 0, CALL_MISSED),
    AndroidCall(BOB, 1, at(4000), 0, CALL_REJECTED),
    AndroidCall(CAROL, 1, at(5000), 0, CALL_UNAVAILABLE),
    AndroidCall(CAROL, 0, at(6000), 12, 7),  # unknown code
]


def build(path, variant="current", messages=MESSAGES, calls=CALLS):
    with Msgstore(path, variant) as m:
        m.chat(GROUP, "Book club")
        m.add_messages(messages)
        m.add_calls(calls)
    return path


def _ts(ms: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(milliseconds=ms)


# --- detection ---------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["current", "legacy", "transitional"])
def test_detected_only_by_this_adapter(tmp_path, variant):
    db = build(tmp_path / "msgstore.db", variant)
    probe = probe_of(db)
    assert [n for n, m in ADAPTERS.items() if m.detect(probe)] == ["whatsapp_android"]


def test_real_samples_are_not_claimed():
    if not DATA.is_dir():
        pytest.skip("../shared/data not present: real-sample tests need it")
    files = sorted(DATA.glob("android/*.db")) + sorted(DATA.glob("ios/*.db")) + sorted(DATA.glob("ios/*/*.sqlite"))
    assert files
    before = {f: sha256(f) for f in files}
    for f in files:
        assert not whatsapp_android.detect(probe_of(f)), f.name
    # Samsung mmssms.db has a `messages` table of its own (transport_type / box_type)
    samsung = data_file("android/dfrws2021_samsung_mmssms.db")
    assert "messages" in (probe_of(samsung).tables or {})
    assert {f: sha256(f) for f in files} == before


def test_samsung_style_messages_table_not_detected(tmp_path):
    db = tmp_path / "mmssms.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE messages (_id INTEGER PRIMARY KEY, thread_id INTEGER, transport_type TEXT, box_type INTEGER, body TEXT, date INTEGER)")
    conn.commit()
    conn.close()
    assert not whatsapp_android.detect(probe_of(db))


# --- the three schema generations ----------------------------------------------------


@pytest.mark.parametrize("variant", ["current", "legacy", "transitional"])
def test_messages(tmp_path, variant):
    tables, warnings = run_adapter(whatsapp_android, build(tmp_path / "msgstore.db", variant))
    assert warnings == []
    msgs = tables["messages"]
    schema.conform("messages", msgs)  # castable to the core schema
    assert msgs.num_rows == len(MESSAGES)  # placeholder row skipped, nothing twice
    assert set(msgs.column("src_table").to_pylist()) == {"messages" if variant == "legacy" else "message"}
    rows = msgs.to_pylist()
    assert [r["direction"] for r in rows] == ["out" if m.from_me else "in" for m in MESSAGES]
    assert [r["ts"] for r in rows] == [_ts(m.ts_ms) for m in MESSAGES]
    assert rows[0]["ts"] == dt.datetime(2024, 3, 1, 21, 30, 15, 123000, tzinfo=dt.timezone.utc)
    assert all(r["app"] == "whatsapp" for r in rows)
    # 1:1 chats: the chat JID, normalised to E.164
    assert rows[0]["counterpart_raw"] == ALICE and rows[0]["counterpart"] == "+447700900123"
    assert rows[1]["counterpart"] == "+447700900123" and rows[1]["thread"] == ALICE
    assert rows[7]["counterpart"] == "+33612345678"
    # groups: incoming -> sender, outgoing -> group JID, thread = group JID
    assert rows[2]["counterpart_raw"] == BOB and rows[2]["counterpart"] == "+447700900456"
    assert rows[2]["thread"] == GROUP and rows[2]["group"] is True
    assert rows[3]["counterpart_raw"] == GROUP and rows[3]["counterpart"] == GROUP and rows[3]["group"] is True
    assert rows[9]["counterpart"] == "+33612345678" and rows[9]["group"] is True
    assert rows[2]["chat_name"] == "Book club"
    assert [r["group"] for r in rows] == [m.chat == GROUP for m in MESSAGES]
    # system message kept and flagged
    assert [r["system"] for r in rows] == [m.message_type == WA_SYSTEM for m in MESSAGES]
    assert rows[4]["counterpart_raw"] == GROUP
    # bodies, captions, attachments
    assert rows[0]["body"] == "hello"
    assert rows[5]["body"] == "look at this" and rows[5]["caption"] == "look at this"
    assert rows[5]["mime_type"] == "image/jpeg" and rows[5]["has_attachment"] is True
    assert rows[7]["body"] is None and rows[7]["has_attachment"] is False
    assert [r["has_attachment"] for r in rows] == [False, False, False, False, False, True, True, False, True, True]
    assert rows[6]["lat"] == pytest.approx(53.8008) and rows[6]["lon"] == pytest.approx(-1.5491)
    assert rows[0]["lat"] is None


@pytest.mark.parametrize("variant", ["current", "legacy", "transitional"])
def test_calls(tmp_path, variant):
    tables, warnings = run_adapter(whatsapp_android, build(tmp_path / "msgstore.db", variant))
    assert warnings == []
    calls = tables["calls"]
    schema.conform("calls", calls)
    assert calls.num_rows == len(CALLS)  # transitional: legacy copies not read twice
    assert set(calls.column("src_table").to_pylist()) == {"call_logs" if variant == "legacy" else "call_log"}
    rows = calls.to_pylist()
    assert [r["direction"] for r in rows] == ["out" if c.from_me else "in" for c in CALLS]
    assert [r["ts"] for r in rows] == [_ts(c.ts_ms) for c in CALLS]
    assert [r["counterpart"] for r in rows] == ["+447700900123", "+447700900123", "+447700900456", "+447700900456", "+33612345678", "+33612345678"]
    assert [r["duration_s"] for r in rows] == [95.0, 0.0, 0.0, 0.0, 0.0, 12.0]
    assert [r["status"] for r in rows] == ["answered", "missed", "missed", "rejected", "missed", None]
    assert [r["call_result"] for r in rows] == [5, 4, 4, 2, 3, 7]
    assert [r["video"] for r in rows] == [False, True, False, False, False, False]
    assert all(r["app"] == "whatsapp" for r in rows)


def test_group_calls_current(tmp_path):
    calls = [
        AndroidCall(BOB, 0, at(0), 30, CALL_ANSWERED, group=GROUP, creator="447700900456:3@s.whatsapp.net"),
        AndroidCall(BOB, 1, at(60), 30, CALL_ANSWERED, group=GROUP),
    ]
    tables, _ = run_adapter(whatsapp_android, build(tmp_path / "msgstore.db", "current", messages=[], calls=calls))
    rows = tables["calls"].to_pylist()
    assert rows[0]["counterpart"] == "+447700900456" and rows[0]["group"] is True
    assert rows[1]["counterpart_raw"] == GROUP and rows[1]["group"] is True


def test_legacy_call_messages_without_call_logs(tmp_path):
    """Older stores record calls only as messages (media_wa_type 8 / 10)."""
    db = build(tmp_path / "msgstore.db", "legacy", calls=[])
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO messages (key_remote_jid, key_from_me, key_id, status, timestamp, media_wa_type, media_caption) VALUES (?, 0, 'C1', 6, ?, '10', 'video')", (BOB, at(7000)))
    conn.execute("INSERT INTO messages (key_remote_jid, key_from_me, key_id, status, timestamp, media_wa_type, media_caption) VALUES (?, 1, 'C2', 6, ?, '8', 'audio')", (ALICE, at(8000)))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android, db)
    assert tables["messages"].num_rows == len(MESSAGES)  # call rows are not messages
    rows = tables["calls"].to_pylist()
    assert [(r["src_table"], r["direction"], r["counterpart"], r["status"], r["video"]) for r in rows] == [
        ("messages", "in", "+447700900456", "missed", True),
        ("messages", "out", "+447700900123", None, False),
    ]
    assert rows[0]["ts"] == _ts(at(7000))


def test_transitional_reads_unmigrated_legacy_rows(tmp_path):
    db = build(tmp_path / "msgstore.db", "transitional")
    conn = sqlite3.connect(db)
    # a legacy row the migration has not copied yet, and a legacy call not in call_log
    conn.execute("INSERT INTO messages (key_remote_jid, key_from_me, key_id, status, data, timestamp, media_wa_type) VALUES (?, 0, 'LATE', 0, 'not migrated', ?, '0')", (BOB, at(9000)))
    conn.execute("INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, timestamp, media_wa_type, media_caption) VALUES (900, ?, 1, 'CL', 6, ?, '8', 'audio')", (BOB, at(9500)))
    conn.execute("INSERT INTO call_logs (message_row_id, timestamp, video_call, duration, call_result) VALUES (900, ?, 0, 44, 5)", (at(9500),))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android, db)
    msgs = tables["messages"]
    assert msgs.num_rows == len(MESSAGES) + 1
    last = msgs.to_pylist()[-1]
    assert (last["src_table"], last["body"], last["counterpart"]) == ("messages", "not migrated", "+447700900456")
    calls = tables["calls"].to_pylist()
    assert len(calls) == len(CALLS) + 1
    assert (calls[-1]["src_table"], calls[-1]["duration_s"], calls[-1]["direction"]) == ("call_logs", 44.0, "out")


# --- edge cases ---------------------------------------------------------------------


def _reasons(warnings):
    return " | ".join(w.reason for w in warnings)


@pytest.mark.parametrize("variant", ["current", "legacy"])
def test_bad_values(tmp_path, variant):
    db = build(tmp_path / "msgstore.db", variant, calls=[])
    table, text, ts, fm = ("message", "text_data", "timestamp", "from_me") if variant == "current" else ("messages", "data", "timestamp", "key_from_me")
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE {table} SET {text} = CAST(X'6869ff21' AS TEXT) WHERE _id = 2")  # invalid UTF-8
    conn.execute(f"UPDATE {table} SET {ts} = 'yesterday' WHERE _id = 3")  # text in an integer column
    conn.execute(f"UPDATE {table} SET {ts} = 42 WHERE _id = 4")  # 1970: impossible
    conn.execute(f"UPDATE {table} SET {fm} = 7 WHERE _id = 5")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android, db)
    reasons = _reasons(warnings)
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)  # every row kept
    assert rows[0]["body"] == "hi\ufffd!" and "UTF-8" in reasons
    assert rows[1]["ts"] is None and "value(s) of ts_raw have the wrong type" in reasons
    assert rows[2]["ts"] is None and "1 rows with impossible timestamps" in reasons
    assert rows[3]["direction"] is None and "neither 0 nor 1" in reasons
    assert rows[4]["ts"] == _ts(MESSAGES[4].ts_ms)


def test_missing_tables_current(tmp_path):
    db = build(tmp_path / "msgstore.db", "current")
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE chat")
    conn.execute("DROP TABLE message_media")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android, db)
    assert "chat or jid table missing" in _reasons(warnings)
    assert "message_media missing" in _reasons(warnings)
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)
    assert rows[0]["counterpart"] is None and rows[0]["body"] == "hello"
    assert rows[2]["counterpart"] == "+447700900456"  # group sender still known from jid
    assert rows[5]["body"] is None and rows[5]["has_attachment"] is False  # caption lived in message_media
    assert tables["calls"].num_rows == len(CALLS)


def test_missing_jid_table(tmp_path):
    db = build(tmp_path / "msgstore.db", "current")
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE jid")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android, db)
    reasons = _reasons(warnings)
    assert "chat or jid table missing" in reasons and "call_log: jid table missing" in reasons
    assert tables["messages"].num_rows == len(MESSAGES)
    calls = tables["calls"].to_pylist()
    assert len(calls) == len(CALLS) and calls[0]["counterpart"] is None and calls[0]["status"] == "answered"


def test_unknown_version_missing_columns(tmp_path):
    db = build(tmp_path / "msgstore.db", "current")
    conn = sqlite3.connect(db)
    conn.execute("DROP INDEX message_type_chat_index")
    conn.execute("DROP INDEX message_type_index")
    conn.execute("ALTER TABLE message DROP COLUMN text_data")
    conn.execute("ALTER TABLE message DROP COLUMN message_type")
    conn.execute("ALTER TABLE call_log DROP COLUMN call_result")
    conn.commit()
    conn.close()
    assert whatsapp_android.detect(probe_of(db))
    tables, warnings = run_adapter(whatsapp_android, db)
    reasons = _reasons(warnings)
    assert "message: columns text_data, message_type missing" in reasons
    assert "call_log: columns call_result missing" in reasons
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)
    assert rows[0]["body"] is None and rows[5]["body"] == "look at this"  # caption still read
    assert rows[2]["counterpart"] == "+447700900456"
    assert all(r["status"] is None for r in tables["calls"].to_pylist())


def _built_without(path, table, column, **kw):
    """A current-schema store whose ``table`` lacks ``column`` (its indexes dropped first)."""
    db = build(path, "current", **kw)
    conn = sqlite3.connect(db)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql LIKE ?", (table, f"%{column}%")
    ).fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    conn.commit()
    conn.close()
    return db


def test_call_log_without_from_me_or_jid_row_id(tmp_path):
    """A call_log lacking from_me (or jid_row_id) is still read: those values are null."""
    db = _built_without(tmp_path / "msgstore.db", "call_log", "from_me", messages=[])
    tables, warnings = run_adapter(whatsapp_android, db)
    reasons = _reasons(warnings)
    assert "call_log: columns from_me missing in this version (read as null)" in reasons
    rows = tables["calls"].to_pylist()
    assert len(rows) == len(CALLS)
    assert all(r["direction"] is None for r in rows) and "6 rows with a from_me value" in reasons
    assert rows[0]["counterpart"] == "+447700900123" and rows[0]["status"] == "answered"

    db = _built_without(tmp_path / "msgstore2.db", "call_log", "jid_row_id", messages=[])
    tables, warnings = run_adapter(whatsapp_android, db)
    assert "call_log: columns jid_row_id missing" in _reasons(warnings)
    rows = tables["calls"].to_pylist()
    assert len(rows) == len(CALLS) and all(r["counterpart"] is None for r in rows)
    assert [r["direction"] for r in rows] == ["out" if c.from_me else "in" for c in CALLS]


def test_message_without_sender_jid_row_id(tmp_path):
    """Without sender_jid_row_id an incoming group message's counterpart is the group."""
    db = _built_without(tmp_path / "msgstore.db", "message", "sender_jid_row_id", calls=[])
    tables, warnings = run_adapter(whatsapp_android, db, check_detect=False)
    assert "message: columns sender_jid_row_id missing" in _reasons(warnings)
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)
    assert rows[2]["counterpart_raw"] == GROUP and rows[2]["direction"] == "in"
    assert rows[0]["counterpart"] == "+447700900123"


def test_no_message_table(tmp_path):
    db = build(tmp_path / "msgstore.db", "current")
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE message RENAME TO message_gone")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android, db, check_detect=False)
    assert "no readable message or messages table" in _reasons(warnings)
    assert "messages" not in tables
    assert tables["calls"].num_rows == len(CALLS)


def test_legacy_call_logs_without_message_row(tmp_path):
    db = build(tmp_path / "msgstore.db", "legacy", messages=[])
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM messages WHERE _id = (SELECT message_row_id FROM call_logs WHERE _id = 1)")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android, db)
    assert "1 calls whose messages row is missing" in _reasons(warnings)
    rows = tables["calls"].to_pylist()
    assert len(rows) == len(CALLS)
    assert rows[0]["counterpart"] is None and rows[0]["direction"] is None and rows[0]["duration_s"] == 95.0


def test_builder_schema_is_the_documented_one(tmp_path):
    db = build(tmp_path / "msgstore.db", "current")
    conn = sqlite3.connect(db)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(message)")]
    assert cols[:16] == ["_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id", "status", "broadcast", "recipient_count", "participant_hash", "origination_flags", "origin", "timestamp", "received_timestamp", "receipt_server_timestamp", "message_type", "text_data"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT chat_row_id, key_id FROM message WHERE _id = 1").fetchone() == (-1, "-1")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"message_key_index", "jid_raw_string_index", "call_log_key_index"} <= names
    conn.close()


def test_deterministic_builder(tmp_path):
    a = build(tmp_path / "a.db")
    b = build(tmp_path / "b.db")
    assert a.read_bytes() == b.read_bytes()


def test_empty_store(tmp_path):
    with Msgstore(tmp_path / "msgstore.db") as m:
        pass
    tables, warnings = run_adapter(whatsapp_android, m.path)
    assert tables == {} and warnings == []


def test_bulk_types(tmp_path):
    """Column types stay fixed whatever the data (all-null columns included)."""
    tables, _ = run_adapter(whatsapp_android, build(tmp_path / "msgstore.db", messages=[AndroidMessage(ALICE, 0, at(0), None)], calls=[]))
    t = tables["messages"]
    assert t.schema.field("lat").type == pa.float64()
    assert t.schema.field("message_type").type == pa.int64()
    assert t.schema.field("caption").type == pa.string()
