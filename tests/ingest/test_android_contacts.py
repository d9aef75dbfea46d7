"""android_contacts: contacts2.db data / mimetypes / raw_contacts / accounts."""

from __future__ import annotations

import sqlite3

import pyarrow as pa
import pytest
from conftest import data_file, probe_of, run_adapter, sha256

from devtriage.ingest import android_contacts
from devtriage.schema import conform
from devtriage.synth import android_db as adb


def test_plaso_contacts2_has_no_contacts():
    """The plaso sample keeps only the calls: data is empty and raw_contacts is absent."""
    path = data_file("android/plaso_contacts2.db")
    before = sha256(path)
    assert android_contacts.detect(probe_of(path))
    tables, warnings = run_adapter(android_contacts, path)
    assert tables == {}
    assert [w.reason for w in warnings] == [
        "raw_contacts table missing: names (other than structured names), accounts and deleted flags are null"
    ]
    assert sha256(path) == before


def test_other_samples_not_detected():
    for name in ("android/plaso_mmssms.db", "android/andriller_calllog.db", "android/dfrws2021_samsung_mmssms.db"):
        assert not android_contacts.detect(probe_of(data_file(name)))


@pytest.mark.parametrize("variant", ["android4", "android14"])
def test_variants(tmp_path, variant):
    db = tmp_path / "contacts2.db"
    conn = adb.create_contacts2(db, variant)
    adb.insert_contacts(conn, [
        adb.Contact("Jane Doe", phones=["07700 900123", "+44 7700 900456"], emails=["Jane@Example.com"]),
        adb.Contact("Old Friend", phones=["07700 900999"], deleted=1, account_type="com.whatsapp", account_name="WhatsApp"),
        adb.Contact(None, emails=["nobody@example.org"], extra=[("vnd.android.cursor.item/name", "Struct Name")], structured_name=False),
        adb.Contact("Blank", phones=[""]),
    ])
    # a contact whose raw_contacts display_name is empty: the structured name is used
    conn.execute("UPDATE raw_contacts SET display_name = NULL WHERE _id = 1")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(android_contacts, db)
    contacts = tables["contacts"]
    conform("contacts", contacts)
    rows = contacts.to_pylist()
    got = [(r["name"], r["identifier"], r["identifier_raw"], r["kind"], r["account"], r["deleted"]) for r in rows]
    assert got == [
        ("Jane Doe", "+447700900123", "07700 900123", "phone", "com.google", 0),
        ("Jane Doe", "+447700900456", "+44 7700 900456", "phone", "com.google", 0),
        ("Jane Doe", "jane@example.com", "Jane@Example.com", "email", "com.google", 0),
        ("Old Friend", "+447700900999", "07700 900999", "phone", "com.whatsapp", 1),
        ("Struct Name", "nobody@example.org", "nobody@example.org", "email", "com.google", 0),
    ]
    assert all(r["src_table"] == "data" for r in rows)
    assert rows[0]["account_name"] == "owner@gmail.com"
    src = [r["src_row"] for r in rows]
    assert src == sorted(src) and len(set(src)) == 5
    assert any("1 phone/e-mail/postal-address rows without a value" in w.reason for w in warnings)


def test_pre_accounts_schema_and_bad_values(tmp_path):
    """Android 2.x-4.0 kept account_name/account_type in raw_contacts; also odd values."""
    db = tmp_path / "contacts2.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT,mimetype TEXT NOT NULL)")
    conn.execute(
        "CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,is_restricted INTEGER DEFAULT 0,"
        "account_name STRING DEFAULT NULL, account_type STRING DEFAULT NULL, sourceid TEXT,"
        "version INTEGER NOT NULL DEFAULT 1,dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL DEFAULT 0,"
        "contact_id INTEGER, display_name TEXT)"
    )
    conn.execute(
        "CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT,package_id INTEGER,mimetype_id INTEGER NOT NULL,"
        "raw_contact_id INTEGER NOT NULL,is_primary INTEGER NOT NULL DEFAULT 0,data1 TEXT,data2 TEXT)"
    )
    conn.execute("INSERT INTO mimetypes (mimetype) VALUES ('vnd.android.cursor.item/phone_v2')")
    conn.execute("INSERT INTO raw_contacts (account_name, account_type, deleted, display_name) VALUES ('a@b.c', 'com.google', 'x', 'Ann')")
    conn.execute("INSERT INTO data (mimetype_id, raw_contact_id, data1) VALUES (1, 1, '07700 900123')")
    conn.execute("INSERT INTO data (mimetype_id, raw_contact_id, data1) VALUES (1, 1, CAST(X'3037ff' AS TEXT))")
    conn.execute("INSERT INTO data (mimetype_id, raw_contact_id, data1) VALUES (1, 99, '07700 900777')")  # orphan
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(android_contacts, db)
    rows = tables["contacts"].to_pylist()
    assert [(r["name"], r["identifier_raw"], r["account"], r["deleted"]) for r in rows] == [
        ("Ann", "07700 900123", "com.google", None),
        ("Ann", "07\ufffd", "com.google", None),
        (None, "07700 900777", None, None),
    ]
    text = " ".join(w.reason for w in warnings)
    assert "UTF-8" in text and "wrong type" in text


def test_tables_without_id_columns(tmp_path):
    """A vendor schema whose data / raw_contacts / accounts have no ``_id``: keyed by rowid."""
    db = tmp_path / "contacts2.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL)")
    conn.execute("CREATE TABLE accounts (account_type TEXT, account_name TEXT)")
    conn.execute("CREATE TABLE raw_contacts (account_id INTEGER, display_name TEXT)")
    conn.execute("CREATE TABLE data (mimetype_id INTEGER NOT NULL, raw_contact_id INTEGER NOT NULL, data1 TEXT)")
    conn.executemany("INSERT INTO mimetypes (mimetype) VALUES (?)", [(android_contacts.PHONE,), (android_contacts.STRUCTURED_NAME,)])
    conn.execute("INSERT INTO accounts VALUES ('com.google', 'owner@gmail.com')")
    conn.executemany("INSERT INTO raw_contacts VALUES (?, ?)", [(1, "Ann"), (1, None)])
    conn.executemany("INSERT INTO data VALUES (?, ?, ?)", [
        (1, 1, "07700 900123"), (2, 2, "Bea Struct"), (1, 2, "07700 900456"),
    ])
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(android_contacts, db)
    rows = tables["contacts"].to_pylist()
    assert [(r["src_row"], r["name"], r["identifier"], r["account"], r["account_name"], r["deleted"]) for r in rows] == [
        (1, "Ann", "+447700900123", "com.google", "owner@gmail.com", None),
        (3, "Bea Struct", "+447700900456", "com.google", "owner@gmail.com", None),
    ]
    assert warnings == []


@pytest.mark.parametrize("variant", ["android4", "android14"])
def test_postal_addresses(tmp_path, variant):
    """StructuredPostal rows: data1 on one line; the parts when data1 is empty; blank ones skipped."""
    db = tmp_path / "contacts2.db"
    conn = adb.create_contacts2(db, variant)
    adb.insert_contacts(conn, [
        adb.Contact("Jane Doe", phones=["07700 900123"],
                    extra=[(android_contacts.POSTAL, "Flat 2, 12 Acacia Avenue\nLeeds\r\n  LS1 4AB  ")]),
        adb.Contact("Bob", phones=["07700 900555"]),
    ])
    mime = conn.execute("SELECT _id FROM mimetypes WHERE mimetype = ?", (android_contacts.POSTAL,)).fetchone()[0]
    # a structured address without a formatted form (some sync adapters write only the parts)
    conn.execute("INSERT INTO data (mimetype_id, raw_contact_id, data1, data2, data4, data7, data9, data10) "
                 "VALUES (?, 2, NULL, '1', '3 Mill Rd', 'York', 'YO1 7HH', '')", (mime,))
    conn.execute("INSERT INTO data (mimetype_id, raw_contact_id, data1, data4) VALUES (?, 2, '  ', NULL)", (mime,))
    conn.commit()
    ids = [r[0] for r in conn.execute("SELECT _id FROM data WHERE mimetype_id = ? ORDER BY _id", (mime,))]
    conn.close()
    tables, warnings = run_adapter(android_contacts, db)
    rows = [r for r in tables["contacts"].to_pylist() if r["kind"] == "address"]
    assert [(r["name"], r["identifier"], r["identifier_raw"], r["street"], r["city"], r["postcode"], r["country"])
            for r in rows] == [
        ("Jane Doe", "Flat 2, 12 Acacia Avenue, Leeds, LS1 4AB", "Flat 2, 12 Acacia Avenue, Leeds, LS1 4AB",
         None, None, None, None),
        ("Bob", "3 Mill Rd, York, YO1 7HH", "3 Mill Rd, York, YO1 7HH", "3 Mill Rd", "York", "YO1 7HH", None),
    ]
    assert [(r["src_table"], r["src_row"]) for r in rows] == [("data", ids[0]), ("data", ids[1])]
    phones = [r for r in tables["contacts"].to_pylist() if r["kind"] == "phone"]
    assert [r["identifier"] for r in phones] == ["+447700900123", "+447700900555"]
    assert all(r["street"] is None for r in phones)
    assert sum(w.rows_skipped for w in warnings) == 1


def test_address_line():
    line = android_contacts.address_line
    assert line("12 Acacia Ave\n\nLeeds  LS1 4AB", []) == "12 Acacia Ave, Leeds LS1 4AB"
    assert line(None, ["1 High St", None, " ", "Leeds"]) == "1 High St, Leeds"
    assert line("", ["", None]) is None


def test_synth_device_planted_contacts(tmp_path):
    """Every contacts row a synthetic Android device plants (truth.json) comes back with its provenance."""
    import json

    from devtriage.synth.generate import generate
    from devtriage.synth.writers import ANDROID_CONTACTS

    dev = generate(tmp_path, 1, "tiny", 42, ["fixated"])[0]
    assert dev.name.endswith("android")
    truth = json.loads((tmp_path / f"{dev.name}.truth.json").read_text())
    planted = [r for s in truth["scenarios"] for r in s.get("planted_knowledge", []) if r["file"] == ANDROID_CONTACTS]
    assert {"address" in r["what"] for r in planted} == {True, False}, "a new number and a new address are planted"
    tables, warnings = run_adapter(android_contacts, dev / ANDROID_CONTACTS, path=ANDROID_CONTACTS)
    assert warnings == []
    keyed = {(r["src_table"], r["src_row"]): r for r in tables["contacts"].to_pylist()}
    world = truth["scenarios"][0]["params"]["world"]
    for p in planted:
        r = keyed[(p["table"], p["rowid"])]
        if "address" in p["what"]:
            assert r["kind"] == "address"
            assert r["identifier"] == r["identifier_raw"] == world["new_home"]["text"]
        else:
            assert r["kind"] == "phone" and r["identifier"] == world["new_phone"]


def test_contact_detector_ignores_address_rows(tmp_path):
    """An address row never joins two people: here a number typed into the address field under Jane's card."""
    import datetime as dt

    from devtriage.detect import contact

    db = tmp_path / "contacts2.db"
    conn = adb.create_contacts2(db)
    adb.insert_contacts(conn, [adb.Contact("Jane", phones=["+447700900001"],
                                           extra=[(android_contacts.POSTAL, "+447700900002")])])
    conn.close()
    tables, _ = run_adapter(android_contacts, db)
    con = tables["contacts"]
    assert sorted(con.column("kind").to_pylist()) == ["address", "phone"]
    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    msgs = conform("messages", pa.table({
        "ts": [t0, t0 + dt.timedelta(minutes=1)], "direction": ["out", "out"],
        "counterpart": ["+447700900001", "+447700900002"], "body": ["hi", "hi"], "app": ["sms", "sms"]}))
    ev = contact.build_events({"messages": msgs, "contacts": con}, None)
    assert sorted(ev.identifiers) == [["+447700900001"], ["+447700900002"]]
    assert dict(zip(ev.label, ev.name)) == {"+447700900001": "Jane", "+447700900002": None}
