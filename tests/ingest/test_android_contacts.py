"""android_contacts: contacts2.db data / mimetypes / raw_contacts / accounts."""

from __future__ import annotations

import sqlite3

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
    assert any("1 phone/e-mail rows without a value" in w.reason for w in warnings)


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
