"""WhatsApp iOS ContactsV2.sqlite: the real iOS 15 sample and built fixtures."""

from __future__ import annotations

import sqlite3

from conftest import DATA, data_file, probe_of, run_adapter, sha256
from test_whatsapp_ios import raw_rows, sample_files

from devtriage import schema
from devtriage.ingest import ADAPTERS, whatsapp_ios_contacts
from devtriage.synth.whatsapp_db import ContactsV2, IosContact

SAMPLE = "ios/whatsapp_josh_ios15"


def test_real_sample_detected_only_here():
    files = sample_files()
    before = {f: sha256(f) for f in files}
    probe = probe_of(data_file(SAMPLE + "/ContactsV2.sqlite"))
    assert [n for n, m in ADAPTERS.items() if m.detect(probe)] == ["whatsapp_ios_contacts"]
    for other in ("ChatStorage.sqlite", "CallHistory.sqlite"):
        assert not whatsapp_ios_contacts.detect(probe_of(data_file(f"{SAMPLE}/{other}")))
    for f in sorted(DATA.glob("ios/*.db")) + sorted(DATA.glob("android/*.db")):
        assert not whatsapp_ios_contacts.detect(probe_of(f)), f.name
    assert {f: sha256(f) for f in files} == before


def test_real_sample_read():
    db = data_file(SAMPLE + "/ContactsV2.sqlite")
    files = sample_files()
    before = {f: sha256(f) for f in files}
    tables, warnings = run_adapter(whatsapp_ios_contacts, db)
    assert warnings == []
    t = tables["contacts"]
    schema.conform("contacts", t)
    raw = raw_rows(db, "SELECT Z_PK, ZFULLNAME, ZPHONENUMBER, ZWHATSAPPID FROM ZWAADDRESSBOOKCONTACT ORDER BY Z_PK")
    rows = t.to_pylist()
    assert len(rows) == 9 == len(raw)
    assert [r["src_row"] for r in rows] == [r[0] for r in raw]
    assert [r["name"] for r in rows] == [r[1] for r in raw]
    # identifiers computed independently: the digits of the WhatsApp ID with a "+"
    expected = ["+" + r[3].split("@")[0] if r[3] else None for r in raw]
    assert [r["identifier"] for r in rows] == expected
    assert sum(e is not None for e in expected) == 6
    assert [r["identifier_raw"] for r in rows] == [r[3] for r in raw]
    by_name = {r["name"]: r for r in rows if r["name"] != "Josh Hickman"}
    assert by_name["This Is DFIR Two"]["identifier"] == "+19198887386"
    assert by_name["This Is DFIR Two"]["phone_number"] == "(919) 888-7386"
    assert by_name["Liz"]["identifier"] == "+19192084530"
    assert by_name["This Is DFIR"]["identifier"] is None  # an entry without a number
    assert [r["identifier"] for r in rows if r["name"] == "Josh Hickman"] == ["+19195790479", "+19193912507"]
    assert {f: sha256(f) for f in files} == before


def test_builder_schema_matches_real_sample(tmp_path):
    db = data_file(SAMPLE + "/ContactsV2.sqlite")
    with ContactsV2(tmp_path / "ContactsV2.sqlite") as c:
        c.add_contacts([IosContact("A B", "07700 900123", "447700900123@s.whatsapp.net")])
    conn = sqlite3.connect(tmp_path / "ContactsV2.sqlite")
    built = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    conn.close()
    assert built == set(raw_rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master"))


CONTACTS = [
    IosContact("Alice Smith", "07700 900123", "447700900123@s.whatsapp.net"),
    IosContact("Bob", "+44 7700 900456", None),  # not on WhatsApp: the typed number, region GB
    IosContact("No Number", None, None),
    IosContact(None, "+33 6 12 34 56 78", "33612345678@s.whatsapp.net", about="Hey there!"),
]


def build(path, rows=CONTACTS):
    with ContactsV2(path) as c:
        c.add_contacts(rows)
    return path


def test_built(tmp_path):
    db = build(tmp_path / "ContactsV2.sqlite")
    assert [n for n, m in ADAPTERS.items() if m.detect(probe_of(db))] == ["whatsapp_ios_contacts"]
    tables, warnings = run_adapter(whatsapp_ios_contacts, db)
    assert warnings == []
    rows = tables["contacts"].to_pylist()
    assert [r["identifier"] for r in rows] == ["+447700900123", "+447700900456", None, "+33612345678"]
    assert [r["name"] for r in rows] == ["Alice Smith", "Bob", "No Number", None]
    assert rows[3]["about"] == "Hey there!"


def test_edge_cases(tmp_path):
    db = build(tmp_path / "ContactsV2.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE ZWAADDRESSBOOKCONTACT SET ZFULLNAME = CAST(X'4aff' AS TEXT) WHERE Z_PK = 1")
    conn.execute("UPDATE ZWAADDRESSBOOKCONTACT SET ZPHONESTATUS = 'on' WHERE Z_PK = 2")
    conn.execute("ALTER TABLE ZWAADDRESSBOOKCONTACT DROP COLUMN ZABOUTTEXT")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_ios_contacts, db)
    reasons = " | ".join(w.reason for w in warnings)
    assert "UTF-8" in reasons and "phone_status have the wrong type" in reasons and "columns ZABOUTTEXT missing" in reasons
    rows = tables["contacts"].to_pylist()
    assert len(rows) == 4
    assert rows[0]["name"] == "J\ufffd" and rows[1]["phone_status"] is None and rows[3]["about"] is None
