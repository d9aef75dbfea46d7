"""WhatsApp iOS ChatStorage.sqlite: the real iOS 15 sample and built fixtures."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest
from conftest import DATA, data_file, probe_of, run_adapter, sha256

from devtriage import schema
from devtriage.ingest import ADAPTERS, whatsapp_ios
from devtriage.synth.whatsapp_db import (
    IOS_GROUP_EVENT,
    IOS_IMAGE,
    IOS_LOCATION,
    IOS_SYSTEM,
    ChatStorage,
    IosMessage,
    cocoa_s,
)

SAMPLE = "ios/whatsapp_josh_ios15"
COCOA = dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)


def sample_files():
    folder = data_file(SAMPLE + "/ChatStorage.sqlite").parent
    return sorted(p for p in folder.iterdir() if p.is_file())


def raw_rows(db, query):
    """Rows of ``query`` on a private copy of ``db`` (+ its -wal), never on the sample."""
    import tempfile
    from pathlib import Path

    tmp = Path(tempfile.mkdtemp(prefix="wa-test-raw-"))
    try:
        shutil.copyfile(db, tmp / db.name)
        if (db.parent / (db.name + "-wal")).exists():
            shutil.copyfile(db.parent / (db.name + "-wal"), tmp / (db.name + "-wal"))
        conn = sqlite3.connect(tmp / db.name)
        try:
            return conn.execute(query).fetchall()
        finally:
            conn.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cocoa(seconds: float) -> dt.datetime:
    return COCOA + dt.timedelta(seconds=seconds)


def close_to(ts: dt.datetime, seconds: float) -> bool:
    return abs((ts - cocoa(seconds)).total_seconds()) < 0.001


# --- the real sample -----------------------------------------------------------------


def test_real_sample_detected_only_here():
    files = sample_files()
    before = {f: sha256(f) for f in files}
    probe = probe_of(data_file(SAMPLE + "/ChatStorage.sqlite"))
    assert [n for n, m in ADAPTERS.items() if m.detect(probe)] == ["whatsapp_ios"]
    for other in ("CallHistory.sqlite", "ContactsV2.sqlite"):
        assert not whatsapp_ios.detect(probe_of(data_file(f"{SAMPLE}/{other}")))
    for f in sorted(DATA.glob("ios/*.db")) + sorted(DATA.glob("android/*.db")):
        assert not whatsapp_ios.detect(probe_of(f)), f.name
    assert {f: sha256(f) for f in files} == before


def test_real_sample_read():
    db = data_file(SAMPLE + "/ChatStorage.sqlite")
    files = sample_files()
    before = {f: sha256(f) for f in files}
    tables, warnings = run_adapter(whatsapp_ios, db)
    assert warnings == []
    t = tables["messages"]
    schema.conform("messages", t)
    raw = raw_rows(
        db,
        "SELECT m.Z_PK, m.ZISFROMME, m.ZMESSAGEDATE, m.ZTEXT, m.ZMESSAGETYPE, s.ZCONTACTJID, s.ZSESSIONTYPE, s.ZPARTNERNAME"
        " FROM ZWAMESSAGE m JOIN ZWACHATSESSION s ON s.Z_PK = m.ZCHATSESSION ORDER BY m.Z_PK",
    )
    assert t.num_rows == 32 == len(raw)
    rows = t.to_pylist()
    by_pk = {r["src_row"]: r for r in rows}
    assert [r["src_row"] for r in rows] == [r[0] for r in raw]
    # directions, independently from ZISFROMME
    assert [r["direction"] for r in rows] == ["out" if r[1] == 1 else "in" for r in raw]
    assert sum(r["direction"] == "out" for r in rows) == 11
    # timestamps, independently: seconds since 2001-01-01 UTC
    for (pk, _, seconds, *_rest) in raw:
        assert close_to(by_pk[pk]["ts"], seconds)
    assert by_pk[13]["ts"] == dt.datetime(2023, 5, 2, 15, 57, 30, tzinfo=dt.timezone.utc)
    assert by_pk[12]["ts"] == dt.datetime(2023, 5, 2, 15, 56, 47, 221000, tzinfo=dt.timezone.utc)
    assert by_pk[2]["ts"] == dt.datetime(2022, 3, 26, 17, 44, 6, tzinfo=dt.timezone.utc)
    assert by_pk[33]["ts"] == cocoa(706027000)
    # bodies
    assert by_pk[13]["body"] == "Awesome. You had some chat history, eh?"
    assert by_pk[29]["body"] == "Done. It’s gone. 😀"
    assert [r["body"] for r in rows] == [r[3] for r in raw]
    # one-to-one chat: 22 messages with 19198887386, both directions
    one = [r for r in rows if not r["group"]]
    assert len(one) == 22
    assert {r["counterpart"] for r in one} == {"+19198887386"}
    assert {r["counterpart_raw"] for r in one} == {"19198887386@s.whatsapp.net"}
    assert {r["thread"] for r in one} == {"19198887386@s.whatsapp.net"}
    assert {r["chat_name"] for r in one} == {"This Is DFIR Two"}
    # groups: 4 group sessions, 10 incoming group notices without a sender member
    groups = [r for r in rows if r["group"]]
    assert len(groups) == 10 == sum(1 for r in raw if r[6] == 1)
    assert {r["thread"] for r in groups} == {r[5] for r in raw if r[6] == 1} == {
        "120363023356659014@g.us", "120363044520422953@g.us", "120363043672417929@g.us", "120363024323946819@g.us"}
    assert all(r["direction"] == "in" and r["system"] for r in groups)
    assert all(r["counterpart_raw"] == r["thread"] == r["counterpart"] for r in groups)
    assert {r["chat_name"] for r in groups} == {"Our Test Group", "Med Report Review", "Med Report 2", "Working Group"}
    # system notices: group events (6) and notices (10)
    assert [r["src_row"] for r in rows if r["system"]] == [r[0] for r in raw if r[4] in (6, 10)]
    assert len([r for r in rows if r["system"]]) == 11
    # attachments: two photos and four location messages; the link preview of 16 is not one
    assert sorted(r["src_row"] for r in rows if r["has_attachment"]) == [21, 23, 30, 31, 32, 33]
    assert by_pk[21]["media_path"].endswith(".jpg") and by_pk[21]["mime_type"] == "image/jpeg"
    assert by_pk[16]["has_attachment"] is False
    lat, lon = raw_rows(db, "SELECT ZLATITUDE, ZLONGITUDE FROM ZWAMEDIAITEM WHERE ZMESSAGE = 30")[0]
    assert by_pk[30]["lat"] == pytest.approx(lat) and by_pk[30]["lon"] == pytest.approx(lon)
    assert by_pk[30]["lat"] == pytest.approx(35.6385, abs=1e-4)
    assert all(r["app"] == "whatsapp" and r["src_table"] == "ZWAMESSAGE" for r in rows)
    assert {f: sha256(f) for f in files} == before


def test_builder_schema_matches_real_sample(tmp_path):
    db = data_file(SAMPLE + "/ChatStorage.sqlite")
    real = set(raw_rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master"))
    with ChatStorage(tmp_path / "ChatStorage.sqlite") as cs:
        cs.add_messages([IosMessage("447700900123@s.whatsapp.net", 0, 7e8, "x")])
    conn = sqlite3.connect(tmp_path / "ChatStorage.sqlite")
    built = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT Z_ENT, Z_NAME FROM Z_PRIMARYKEY ORDER BY Z_ENT").fetchall() == raw_rows(db, "SELECT Z_ENT, Z_NAME FROM Z_PRIMARYKEY ORDER BY Z_ENT")
    conn.close()
    assert built == real


# --- built fixtures -----------------------------------------------------------------

ALICE = "447700900123@s.whatsapp.net"
BOB = "447700900456@s.whatsapp.net"
GROUP = "120363000000000001@g.us"
T0 = dt.datetime(2024, 3, 1, 21, 30, 15, 250000, tzinfo=dt.timezone.utc)


def at(seconds: float) -> float:
    return cocoa_s(T0 + dt.timedelta(seconds=seconds))


MESSAGES = [
    IosMessage(ALICE, 0, at(0), "hello"),
    IosMessage(ALICE, 1, at(30), "hi"),
    IosMessage(GROUP, 0, at(60), "from bob", member=BOB),
    IosMessage(GROUP, 1, at(90), "mine"),
    IosMessage(GROUP, 0, at(120), None, message_type=IOS_GROUP_EVENT, group_event_type=2),
    IosMessage(ALICE, 0, at(150), None, message_type=IOS_IMAGE, media_path="Media/x.jpg", mime_type="image/jpeg", title="caption!"),
    IosMessage(ALICE, 1, at(180), None, message_type=IOS_LOCATION, lat=53.8, lon=-1.55),
    IosMessage(ALICE, 0, at(210), None, message_type=IOS_SYSTEM, group_event_type=1),
    IosMessage(ALICE, 0, at(240), None),  # NULL body
]


def build(path, rows=MESSAGES):
    with ChatStorage(path) as cs:
        cs.session(GROUP, "Book club")
        cs.session(ALICE, "Alice")
        cs.add_messages(rows)
    return path


def test_built_detected_only_here(tmp_path):
    probe = probe_of(build(tmp_path / "ChatStorage.sqlite"))
    assert [n for n, m in ADAPTERS.items() if m.detect(probe)] == ["whatsapp_ios"]


def test_built(tmp_path):
    tables, warnings = run_adapter(whatsapp_ios, build(tmp_path / "ChatStorage.sqlite"))
    assert warnings == []
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)
    assert [r["direction"] for r in rows] == ["out" if m.from_me else "in" for m in MESSAGES]
    assert rows[0]["ts"] == T0
    assert [r["ts"] for r in rows] == [T0 + dt.timedelta(seconds=30 * i) for i in range(len(MESSAGES))]
    assert rows[0]["counterpart"] == "+447700900123" and rows[0]["chat_name"] == "Alice"
    assert rows[2]["counterpart_raw"] == BOB and rows[2]["counterpart"] == "+447700900456" and rows[2]["thread"] == GROUP
    assert rows[3]["counterpart_raw"] == GROUP and rows[3]["group"] is True
    assert rows[4]["counterpart_raw"] == GROUP and rows[4]["system"] is True
    assert [r["group"] for r in rows] == [m.chat == GROUP for m in MESSAGES]
    assert [r["system"] for r in rows] == [False, False, False, False, True, False, False, True, False]
    assert [r["has_attachment"] for r in rows] == [False, False, False, False, False, True, True, False, False]
    assert rows[5]["body"] == "caption!" and rows[5]["caption"] == "caption!"
    assert rows[6]["lat"] == pytest.approx(53.8)
    assert rows[8]["body"] is None


def test_edge_cases(tmp_path):
    db = build(tmp_path / "ChatStorage.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE ZWAMESSAGE SET ZTEXT = CAST(X'6869ff' AS TEXT) WHERE Z_PK = 1")
    conn.execute("UPDATE ZWAMESSAGE SET ZISFROMME = 'me' WHERE Z_PK = 2")  # text in an integer column
    conn.execute("UPDATE ZWAMESSAGE SET ZMESSAGEDATE = 9e12 WHERE Z_PK = 3")  # year ~287,000: impossible
    conn.execute("UPDATE ZWAMESSAGE SET ZMESSAGEDATE = 'soon' WHERE Z_PK = 4")
    conn.execute("UPDATE ZWAMESSAGE SET ZMESSAGEDATE = 0 WHERE Z_PK = 5")  # not set, not 2001-01-01
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_ios, db)
    reasons = " | ".join(w.reason for w in warnings)
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)
    assert rows[0]["body"] == "hi\ufffd" and "UTF-8" in reasons
    assert rows[1]["direction"] is None and "from_me have the wrong type" in reasons
    assert rows[2]["ts"] is None and "1 rows with impossible timestamps" in reasons
    assert rows[3]["ts"] is None and "ts_raw have the wrong type" in reasons
    assert rows[4]["ts"] is None and "ZWAMESSAGE: 1 rows with ZMESSAGEDATE 0 (not set): kept with ts null" in reasons
    assert rows[2]["counterpart"] == "+447700900456"


def test_missing_session_table_and_column(tmp_path):
    db = build(tmp_path / "ChatStorage.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE ZWACHATSESSION")
    conn.execute("DROP INDEX Z_WAMessage_byMessageTypeIndex")
    conn.execute("ALTER TABLE ZWAMESSAGE DROP COLUMN ZMESSAGETYPE")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_ios, db)
    reasons = " | ".join(w.reason for w in warnings)
    assert "ZWACHATSESSION missing" in reasons and "columns ZMESSAGETYPE missing" in reasons
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)
    # chat JIDs fall back to ZFROMJID / ZTOJID
    assert rows[0]["counterpart"] == "+447700900123" and rows[1]["thread"] == ALICE
    assert rows[2]["counterpart_raw"] == BOB and rows[2]["group"] is True
    assert rows[3]["counterpart_raw"] == GROUP
    assert rows[5]["has_attachment"] is True  # local file still there
    assert all(r["message_type"] is None for r in rows)


def test_missing_group_member_table(tmp_path):
    db = build(tmp_path / "ChatStorage.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE ZWAGROUPMEMBER")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_ios, db)
    assert "ZWAGROUPMEMBER missing" in " | ".join(w.reason for w in warnings)
    rows = tables["messages"].to_pylist()
    assert len(rows) == len(MESSAGES)
    assert rows[2]["counterpart_raw"] == GROUP and rows[2]["direction"] == "in"


def test_status_broadcast_sender(tmp_path):
    """Status posts: the poster is ZFROMJID of a message in the status@broadcast session."""
    db = build(tmp_path / "ChatStorage.sqlite", rows=[])
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO ZWACHATSESSION (Z_PK, Z_ENT, Z_OPT, ZSESSIONTYPE, ZCONTACTJID) VALUES (9, 4, 1, 3, 'status@broadcast')")
    conn.execute("INSERT INTO ZWAMESSAGE (Z_PK, Z_ENT, Z_OPT, ZISFROMME, ZMESSAGEDATE, ZMESSAGETYPE, ZCHATSESSION, ZFROMJID, ZTEXT) VALUES (1, 9, 1, 0, ?, 0, 9, ?, 'my status')", (at(0), BOB))
    conn.commit()
    conn.close()
    tables, _ = run_adapter(whatsapp_ios, db)
    row = tables["messages"].to_pylist()[0]
    assert (row["counterpart"], row["thread"], row["group"]) == ("+447700900456", "status@broadcast", False)


def test_empty(tmp_path):
    with ChatStorage(tmp_path / "ChatStorage.sqlite") as cs:
        pass
    tables, warnings = run_adapter(whatsapp_ios, cs.path)
    assert tables == {} and warnings == []


def test_deterministic_builder(tmp_path):
    assert build(tmp_path / "a.sqlite").read_bytes() == build(tmp_path / "b.sqlite").read_bytes()
