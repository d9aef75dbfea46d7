"""android_sms: AOSP / Samsung mmssms.db, real samples and built fixtures."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pyarrow as pa
import pytest
from conftest import copy_rows, data_file, probe_of, run_adapter, sha256

from devtriage.identifiers import Normaliser
from devtriage.ingest import ADAPTERS, android_calls, android_contacts, android_sms
from devtriage.schema import conform
from devtriage.synth import android_db as adb

UTC = dt.timezone.utc




def _ms(value):
    return dt.datetime.fromtimestamp(value / 1000, UTC).replace(microsecond=(value % 1000) * 1000)


def _by_row(table, src_table="sms"):
    return {r["src_row"]: r for r in table.to_pylist() if r["src_table"] == src_table}


def _reasons(warnings):
    return " | ".join(w.reason for w in warnings)


# --- real samples ----------------------------------------------------------------------------


def test_plaso_mmssms(tmp_path):
    path = data_file("android/plaso_mmssms.db")
    before = sha256(path)
    probe = probe_of(path)
    assert android_sms.detect(probe)
    assert [a for a in ADAPTERS.values() if a.detect(probe)] == [android_sms]
    tables, warnings = run_adapter(android_sms, path)
    msgs = tables["messages"]
    conform("messages", msgs)  # core columns present and castable
    assert msgs.num_rows == 9
    raw = copy_rows(path, "SELECT _id, address, date, type, body, thread_id FROM sms", tmp_path)
    rows = _by_row(msgs)
    norm = Normaliser("GB")
    for _id, address, date, typ, body, thread in raw:
        r = rows[_id]
        assert r["direction"] == ("in" if typ == 1 else "out")
        assert r["ts"] == _ms(date)
        assert r["counterpart_raw"] == address
        assert r["counterpart"] == norm.one(address)
        assert r["body"] == body and r["thread"] == str(thread) and r["app"] == "sms"
        assert r["sms_type"] == typ and r["group"] is False and r["has_attachment"] is False
    assert sorted(r["direction"] for r in rows.values()).count("in") == 4
    assert rows[1]["ts"] == dt.datetime(2013, 10, 29, 16, 56, 28, 38000, tzinfo=UTC)
    # "1 555-521-5554" (sent) and "15555215554" (received) are one counterpart
    assert {r["counterpart"] for r in rows.values()} == {"15555215554"}
    assert not warnings
    assert sha256(path) == before


def test_dfrws_samsung_encrypted_bodies_recovered(tmp_path):
    path = data_file("android/dfrws2021_samsung_mmssms.db")
    before = sha256(path)
    probe = probe_of(path)
    assert [a for a in ADAPTERS.values() if a.detect(probe)] == [android_sms]
    tables, warnings = run_adapter(android_sms, path)
    msgs = tables["messages"]
    conform("messages", msgs)
    # 32 sms rows; Samsung's messages index (32 rows) mirrors them and is not counted twice
    assert msgs.num_rows == 32
    assert set(msgs.column("src_table").to_pylist()) == {"sms"}
    sms = copy_rows(path, "SELECT _id, address, date, type, body FROM sms ORDER BY _id", tmp_path)
    dec = copy_rows(path, "SELECT type, address, date, body FROM dec_sms ORDER BY rowid", tmp_path)
    assert len(sms) == 32 and len(dec) == 27
    # independent match: dec_sms.date is local wall-clock time two hours ahead of UTC
    plain = {}
    for typ, address, date, body in dec:
        utc = dt.datetime.strptime(date, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC) - dt.timedelta(hours=2)
        hits = [s for s in sms if s[1] == address and s[2] // 1000 == int(utc.timestamp())]
        assert len(hits) == 1
        # the authors' labels are the reverse of sms.type: "SEND" where sms.type is 1 (inbox)
        assert (typ == "SEND") == (hits[0][3] == 1)
        plain[hits[0][0]] = body
    rows = _by_row(msgs)
    encrypted = {s[0] for s in sms if s[4].startswith("HHY")}
    assert encrypted == set(plain) and len(encrypted) == 27
    for _id, address, date, typ, body in sms:
        r = rows[_id]
        assert r["ts"] == _ms(date)
        assert r["direction"] == ("in" if typ == 1 else "out")
        assert r["counterpart_raw"] == address
        if _id in plain:
            assert r["body"] == plain[_id]
            assert r["body_raw"] == body
        else:
            assert r["body"] == body and r["body_raw"] is None
    assert rows[2]["body"] == "Heil Hydra \U0001f419!" and rows[2]["direction"] == "out"
    assert rows[6]["body"].startswith("Identify the best places") and rows[6]["direction"] == "in"
    assert rows[32]["counterpart_raw"] == "0766013486" and rows[32]["direction"] == "out"
    assert rows[1]["counterpart"] == "CoopMobile"
    text = _reasons(warnings)
    assert "27 encrypted SMS bodies replaced" in text and "UTC+02:00" in text and "reverse" in text
    assert "no decrypted copy" not in text
    assert sha256(path) == before


def test_other_android_samples_not_detected():
    for name in ("android/plaso_contacts2.db", "android/andriller_calllog.db"):
        assert not android_sms.detect(probe_of(data_file(name)))


# --- encrypted-body recognition --------------------------------------------------------------


def test_encrypted_mask():
    values = [
        "HHYCIUGa/i7pLYjRGwzXrvpVg==",  # 16 bytes
        "HHY6cKEMFlNU3NPs/bxhxPKQRyDXUrQK7a8tHtX5xBXdYQ=",  # 32 bytes
        "HHYsskk9VxsMQLIQ5jsWVGKu0cikDEZYDdgJOW//zKch62LAtxcR5WGFF6MtRtDWHJhLYMHxZ2TgngAqvsZrSsJKcHmTmlYAVR3P/U0uneLDbBbZkGDKzMjkfb9349ydCAT",
        "HHY is my name",  # not base64
        "HHYabc=",  # 4 bytes: not a whole AES block
        "HHYQUJDREVGR0hJSktMTU5PUA==",  # 16 chars -> 16 bytes? no: 24 base64 chars with == is 16 bytes
        "HHYQUJD",  # length not a multiple of 4
        "Hello HHY",
        None,
        "hhyCIUGa/i7pLYjRGwzXrvpVg==",  # marker is case sensitive
    ]
    got = android_sms.encrypted_mask(pa.array(values, pa.string())).to_pylist()
    assert got == [True, True, True, False, False, True, False, False, False, False]


# --- built fixtures ------------------------------------------------------------------------------

T0 = 1_700_000_000_000  # 2023-11-14T22:13:20Z
A, B, C = "+447700900001", "07700 900002", "+447700900003"


def _build(tmp_path, variant, sms=(), mms=(), name="mmssms.db"):
    db = tmp_path / name
    conn = adb.create_mmssms(db, variant)
    adb.insert_sms(conn, sms)
    adb.insert_mms(conn, mms)
    adb.finish_threads(conn)
    return db, conn


@pytest.mark.parametrize("variant", ["android4", "android14", "samsung_s10"])
def test_variants_sms_and_mms(tmp_path, variant):
    sms = [
        adb.Sms(A, T0, adb.SMS_INBOX, "hello"),
        adb.Sms(B, T0 + 1000, adb.SMS_SENT, "hi back"),
        adb.Sms(B, T0 + 2000, adb.SMS_DRAFT, "draft"),
        adb.Sms(B, T0 + 3000, adb.SMS_FAILED, "failed"),
    ]
    mms = [
        adb.Mms(T0 // 1000 + 10, adb.MMS_INBOX, sender=A,
                parts=[("text/plain", "part one ", None), ("image/jpeg", None, "/data/p1.jpg"), ("text/plain", "part two", None)]),
        adb.Mms(T0 // 1000 + 20, adb.MMS_SENT, recipients=[A, C], parts=[("text/plain", "to the group", None)]),
        adb.Mms(T0 // 1000 + 30, adb.MMS_INBOX, sender=C, recipients=[A], parts=[("text/plain", "group reply", None)]),
        adb.Mms(T0 // 1000 + 40, adb.MMS_INBOX, sender=A, m_type=adb.MMS_DELIVERY_IND, smil=False),
        adb.Mms(T0 // 1000 + 50, adb.MMS_OUTBOX, recipients=[B], parts=[("video/mp4", None, "/data/v.mp4")]),
    ]
    db, conn = _build(tmp_path, variant, sms, mms)
    conn.close()
    tables, warnings = run_adapter(android_sms, db)
    msgs = tables["messages"]
    conform("messages", msgs)
    s = _by_row(msgs, "sms")
    m = _by_row(msgs, "pdu")
    assert [s[i]["direction"] for i in (1, 2, 3, 4)] == ["in", "out", None, "out"]  # a draft is not contact
    assert [s[i]["sms_type"] for i in (1, 2, 3, 4)] == [1, 2, 3, 5]
    assert s[2]["counterpart"] == "+447700900002" and s[2]["counterpart_raw"] == B
    assert s[1]["ts"] == _ms(T0)
    assert len(m) == 4  # the delivery report is not a message
    assert "1 MMS delivery/read reports" in _reasons(warnings)
    assert m[1]["direction"] == "in" and m[1]["counterpart"] == A and m[1]["body"] == "part one part two"
    assert m[1]["has_attachment"] is True and m[1]["group"] is False and m[1]["app"] == "mms"
    assert m[1]["ts"] == dt.datetime.fromtimestamp(T0 // 1000 + 10, UTC)
    assert m[2]["direction"] == "out" and m[2]["counterpart"] == A and m[2]["recipients"] == f"{A};{C}"
    assert m[2]["group"] is True and m[2]["has_attachment"] is False
    assert m[3]["direction"] == "in" and m[3]["counterpart"] == C and m[3]["group"] is True
    assert m[5]["direction"] == "out" and m[5]["counterpart"] == "+447700900002" and m[5]["body"] is None
    assert m[5]["has_attachment"] is True and m[5]["msg_box"] == 4


def test_drafts_are_not_contact(tmp_path):
    """A draft (sms.type 3, pdu.msg_box 3) was never sent: null direction, raw code kept;
    a failed or queued send was an attempt to contact and stays "out"."""
    db, conn = _build(tmp_path, "android14", [
        adb.Sms(B, T0, adb.SMS_DRAFT, "never sent"),
        adb.Sms(B, T0 + 1000, adb.SMS_FAILED, "failed"),
        adb.Sms(B, T0 + 2000, adb.SMS_QUEUED, "queued"),
    ], [
        adb.Mms(T0 // 1000 + 10, adb.MMS_DRAFTS, recipients=[A], parts=[("text/plain", "draft mms", None)]),
        adb.Mms(T0 // 1000 + 20, 5, recipients=[A], parts=[("text/plain", "failed mms", None)]),
    ])
    conn.close()
    tables, warnings = run_adapter(android_sms, db)
    s = _by_row(tables["messages"], "sms")
    m = _by_row(tables["messages"], "pdu")
    assert [(s[i]["direction"], s[i]["sms_type"]) for i in (1, 2, 3)] == [(None, 3), ("out", 5), ("out", 6)]
    assert s[1]["body"] == "never sent" and s[1]["counterpart"] == "+447700900002"
    assert [(m[i]["direction"], m[i]["msg_box"]) for i in (1, 2)] == [(None, 3), ("out", 5)]
    assert m[1]["counterpart"] == A and m[1]["body"] == "draft mms"  # still addressed
    assert "unknown" not in _reasons(warnings)  # a draft is a known code, not a bad row


def test_bad_rows_are_read_with_warnings(tmp_path):
    db, conn = _build(tmp_path, "android14", [
        adb.Sms(A, T0, 1, None),  # NULL body
        adb.Sms(A, 1000, 1, "impossible date"),  # 1970
        adb.Sms(A, T0, 9, "unknown type"),
    ])
    conn.execute("INSERT INTO sms (address, date, type, body) VALUES (?, 'yesterday', 1, 'text date')", (A,))
    conn.execute("INSERT INTO sms (address, date, type, body) VALUES (?, ?, 2, CAST(X'6869ff21' AS TEXT))", (A, T0))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(android_sms, db)
    rows = _by_row(tables["messages"])
    assert len(rows) == 5
    assert rows[1]["body"] is None and rows[1]["direction"] == "in"
    assert rows[2]["ts"] is None and rows[2]["body"] == "impossible date"
    assert rows[3]["direction"] is None
    assert rows[4]["ts"] is None and rows[4]["body"] == "text date"
    assert rows[5]["body"] == "hi\ufffd!"
    text = _reasons(warnings)
    assert "impossible timestamps" in text and "unknown type" in text
    assert "wrong type" in text and "UTF-8" in text


def test_unknown_version_missing_tables_and_columns(tmp_path):
    db = tmp_path / "mmssms.db"
    conn = sqlite3.connect(db)
    # an sms table without read/thread_id, a pdu without addr/part tables
    conn.execute("CREATE TABLE sms (_id INTEGER PRIMARY KEY, address TEXT, date INTEGER, type INTEGER, body TEXT)")
    conn.execute("CREATE TABLE threads (_id INTEGER PRIMARY KEY, date INTEGER)")
    conn.execute("CREATE TABLE pdu (_id INTEGER PRIMARY KEY, date INTEGER, msg_box INTEGER)")
    conn.execute("INSERT INTO sms (address, date, type, body) VALUES (?, ?, 1, 'x')", (A, T0))
    conn.execute("INSERT INTO pdu (date, msg_box) VALUES (?, 2)", (T0 // 1000,))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(android_sms, db)
    msgs = tables["messages"]
    assert msgs.num_rows == 2
    mms = _by_row(msgs, "pdu")[1]
    assert mms["direction"] == "out" and mms["counterpart"] is None and mms["body"] is None
    text = _reasons(warnings)
    assert "thread_id" in text and "addr table" in text and "part table" in text


def test_samsung_encrypted_without_decrypted_copy(tmp_path):
    cipher = "HHYCIUGa/i7pLYjRGwzXrvpVg=="
    db, conn = _build(tmp_path, "samsung_s10", [adb.Sms(A, T0, 1, cipher), adb.Sms(A, T0 + 5000, 2, "plain")])
    conn.close()
    tables, warnings = run_adapter(android_sms, db)
    rows = _by_row(tables["messages"])
    assert rows[1]["body"] is None and rows[1]["body_raw"] == cipher
    assert rows[2]["body"] == "plain" and rows[2]["body_raw"] is None
    assert "1 SMS bodies are encrypted" in _reasons(warnings)


def test_dec_sms_offset_and_labels_inferred(tmp_path):
    """A dec_sms at UTC-05:00 with labels that agree with sms.type; one row has no copy."""
    c1, c2, c3 = "HHYCIUGa/i7pLYjRGwzXrvpVg==", "HHY2NToA10DeweA+V3mutF9QA==", "HHYj6DtE+EQdYzoKjUoVP8DQw=="
    db, conn = _build(tmp_path, "samsung_s10", [
        adb.Sms(A, T0 + 400, 1, c1), adb.Sms(A, T0 + 60_900, 2, c2), adb.Sms(A, T0 + 120_000, 1, c3),
    ])
    adb.create_dec_sms(conn)

    def local(ms):
        return (dt.datetime.fromtimestamp(ms // 1000, UTC) - dt.timedelta(hours=5)).strftime("%Y-%m-%d %H:%M:%S")

    adb.insert_dec_sms(conn, [("RECEIVE", A, local(T0 + 400), "one"), ("SEND", A, local(T0 + 60_900), "two"),
                              ("SEND", A, local(T0 + 120_000), "wrong direction")])
    conn.close()
    tables, warnings = run_adapter(android_sms, db)
    rows = _by_row(tables["messages"])
    assert rows[1]["body"] == "one" and rows[2]["body"] == "two"
    assert rows[3]["body"] is None and rows[3]["body_raw"] == c3
    text = _reasons(warnings)
    assert "UTC-05:00" in text and "reverse" not in text and "1 SMS bodies are encrypted" in text


def test_samsung_messages_index_orphans_and_rcs(tmp_path):
    db, conn = _build(tmp_path, "samsung_s10", [adb.Sms(A, T0, 1, "kept")])
    # index rows: one mirrors sms 1, one points at an sms row that is gone
    conn.executemany(
        "INSERT INTO messages (transport_type, thread_id, address, content, remote_id, date, read, box_type) VALUES (?,?,?,?,?,?,?,?)",
        [("sms", 1, A, "kept", 1, T0, 1, 1), ("sms", 1, A, "deleted from sms", 77, T0 + 9000, 1, 2)],
    )
    conn.executemany(
        "INSERT INTO im (thread_id, address, date, type, body, recipients) VALUES (?,?,?,?,?,?)",
        [(1, A, T0 + 20_000, 1, "rcs in", A), (1, A, T0 + 21_000, 2, "rcs out", f"{A};{C}")],
    )
    conn.execute("INSERT INTO ft (thread_id, address, date, type, file_name) VALUES (1, ?, ?, 2, 'a.jpg')", (A, T0 + 30_000))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(android_sms, db)
    msgs = tables["messages"]
    conform("messages", msgs)
    by = {}
    for r in msgs.to_pylist():
        by.setdefault(r["src_table"], []).append(r)
    assert len(by["sms"]) == 1
    assert [(r["body"], r["direction"], r["app"]) for r in by["messages"]] == [("deleted from sms", "out", "sms")]
    assert [(r["body"], r["direction"], r["group"]) for r in by["im"]] == [("rcs in", "in", False), ("rcs out", "out", True)]
    assert by["im"][0]["app"] == "rcs" and by["im"][0]["ts"] == _ms(T0 + 20_000)
    assert by["ft"][0]["has_attachment"] is True and by["ft"][0]["direction"] == "out"
    assert "1 rows of Samsung's messages index" in _reasons(warnings)


def test_not_detected_elsewhere(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE sms (_id INTEGER PRIMARY KEY, address TEXT, date INTEGER, type INTEGER, body TEXT)")
    conn.commit()
    conn.close()
    assert not android_sms.detect(probe_of(db))  # an sms table alone is not the telephony provider
    calllog = tmp_path / "calllog.db"
    adb.create_calllog(calllog).close()
    assert not android_sms.detect(probe_of(calllog))
    assert not android_calls.detect(probe_of(_build(tmp_path, "android14", name="m.db")[0]))
    assert not android_contacts.detect(probe_of(tmp_path / "m.db"))


def test_ios_samples_not_taken_by_android_adapters():
    root = data_file("ios")
    seen = 0
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.read_bytes()[:16] == b"SQLite format 3\x00":
            probe = probe_of(path)
            seen += 1
            for adapter in (android_sms, android_calls, android_contacts):
                assert not adapter.detect(probe), f"{adapter.NAME} took {path.name}"
    assert seen >= 4
