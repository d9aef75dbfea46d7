"""ios_contacts: AddressBook.sqlitedb (iOS 3-18), built fixtures.

There is no real AddressBook.sqlitedb among the samples; the layouts come from the
AddressBook framework's own CREATE statement (iOS 17/18) and iOS 3/4 dumps. WhatsApp's
ContactsV2.sqlite (a real sample) must not be taken for it.
"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import data_file, probe_of, run_adapter, sha256

from devtriage.ingest import ADAPTERS, ios_contacts
from devtriage.schema import conform
from devtriage.synth.ios_db import AddressBookDb, Person


def _people():
    return [
        Person("Jane", "Doe", phones=(("mobile", "07700 900123"), ("work", "+44 20 7946 0000")),
               emails=(("home", "Jane.Doe@Example.com"),), middle="Q"),
        Person(None, None, phones=("0800 111 222",), organization="Pizza Place"),
        Person(None, None, phones=(("Burner", "+447700900666"),), nickname="J"),
        Person("Solo", None, emails=("solo@example.org",)),
    ]


@pytest.mark.parametrize("version", ["ios13", "ios4"])
def test_versions(tmp_path, version):
    path = tmp_path / "AddressBook.sqlitedb"
    with AddressBookDb.create(path, version) as db:
        db.add_people(_people())
        db.conn.execute("INSERT INTO ABMultiValue (record_id, property, identifier, label, value) "
                        "VALUES (1, 22, 0, NULL, 'https://example.com')")  # a URL: not an identifier
    probe = probe_of(path)
    assert [n for n, mod in ADAPTERS.items() if mod.detect(probe)] == ["ios_contacts"]
    tables, warnings = run_adapter(ios_contacts, path)
    assert warnings == []
    t = tables["contacts"]
    conform("contacts", t)
    rows = t.to_pylist()
    assert [(r["name"], r["kind"], r["identifier"], r["identifier_raw"], r["label"]) for r in rows] == [
        ("Jane Q Doe", "phone", "+447700900123", "07700 900123", "_$!<Mobile>!$_"),
        ("Jane Q Doe", "phone", "+442079460000", "+44 20 7946 0000", "_$!<Work>!$_"),
        ("Jane Q Doe", "email", "jane.doe@example.com", "Jane.Doe@Example.com", "_$!<Home>!$_"),
        ("Pizza Place", "phone", "+44800111222", "0800 111 222", "_$!<Mobile>!$_"),
        ("J", "phone", "+447700900666", "+447700900666", "Burner"),
        ("Solo", "email", "solo@example.org", "solo@example.org", "_$!<Home>!$_"),
    ]
    assert [r["src_table"] for r in rows] == ["ABMultiValue"] * 6
    uids = [r[0] for r in sqlite3.connect(path).execute(
        "SELECT UID FROM ABMultiValue WHERE property IN (3, 4) ORDER BY UID").fetchall()]
    assert [r["src_row"] for r in rows] == uids
    assert [r["person_id"] for r in rows] == [1, 1, 1, 2, 3, 4]


def test_bad_rows(tmp_path):
    path = tmp_path / "AddressBook.sqlitedb"
    with AddressBookDb.create(path) as db:
        db.add_people([Person("Ann", "Lee", phones=("07700900111",))])
        db.conn.execute("INSERT INTO ABMultiValue (record_id, property, identifier, label, value) "
                        "VALUES (1, 3, 1, NULL, '   ')")
        db.conn.execute("INSERT INTO ABMultiValue (record_id, property, identifier, label, value) "
                        "VALUES (99, 4, 0, 1, 'ghost@example.com')")  # card deleted
        db.conn.execute("UPDATE ABPerson SET Last = CAST(? AS TEXT) WHERE ROWID = 1", (b"L\xffe",))
    tables, warnings = run_adapter(ios_contacts, path)
    reasons = " | ".join(w.reason for w in warnings)
    skipped = sum(w.rows_skipped for w in warnings)
    rows = tables["contacts"].to_pylist()
    assert skipped == 1 and "empty value" in reasons
    assert "card (ABPerson) is missing" in reasons
    assert "U+FFFD" in reasons
    assert [(r["name"], r["identifier"]) for r in rows] == [("Ann L\ufffde", "+447700900111"),
                                                            (None, "ghost@example.com")]


def test_without_label_table(tmp_path):
    path = tmp_path / "AddressBook.sqlitedb"
    with AddressBookDb.create(path, "ios4") as db:
        db.add_people([Person("Ann", "Lee", phones=("07700900111",))])
        db.conn.execute("DROP TABLE ABMultiValueLabel")
    tables, warnings = run_adapter(ios_contacts, path)
    assert warnings == []
    row = tables["contacts"].to_pylist()[0]
    assert row["label"] is None and row["name"] == "Ann Lee"


def test_whatsapp_contacts_are_not_the_address_book():
    path = data_file("ios/whatsapp_josh_ios15/ContactsV2.sqlite")
    before = sha256(path)
    assert not ios_contacts.detect(probe_of(path))
    assert sha256(path) == before


def _add_address(conn, person: int, parts: dict, label: int | None = None) -> int:
    """An address slot (ABMultiValue property 5) and its parts, as the AddressBook framework stores them."""
    uid = conn.execute("INSERT INTO ABMultiValue (record_id, property, identifier, label, value) VALUES (?, 5, 0, ?, NULL)",
                       (person, label)).lastrowid
    for key, value in parts.items():
        conn.execute("INSERT OR IGNORE INTO ABMultiValueEntryKey (value) VALUES (?)", (key,))
        k = conn.execute("SELECT ROWID FROM ABMultiValueEntryKey WHERE value = ?", (key,)).fetchone()[0]
        conn.execute("INSERT INTO ABMultiValueEntry (parent_id, key, value) VALUES (?, ?, ?)", (uid, k, value))
    return uid


@pytest.mark.parametrize("version", ["ios13", "ios4"])
def test_postal_addresses(tmp_path, version):
    path = tmp_path / "AddressBook.sqlitedb"
    with AddressBookDb.create(path, version) as db:
        db.add_people([Person("Jane", "Doe", phones=("07700 900123",)), Person("Bob", None, phones=("07700 900555",))])
        # key rows in a different order than the parts are read, so ROWIDs do not give the meaning
        db.conn.executemany("INSERT INTO ABMultiValueEntryKey (value) VALUES (?)", [("Country",), ("ZIP",), ("Street",)])
        a = _add_address(db.conn, 1, {"Street": "Flat 2\n12 Acacia Avenue", "City": "Leeds", "ZIP": "LS1 4AB",
                                      "Country": "United Kingdom", "CountryCode": "gb"}, label=2)
        b = _add_address(db.conn, 2, {"street": "3 Mill Rd", "State": "North Yorkshire", "City": "York"})
        _add_address(db.conn, 2, {"City": "  "})  # nothing in it: skipped
        _add_address(db.conn, 2, {"Street": "9 Elm Way", "Mystery": "x"})
    tables, warnings = run_adapter(ios_contacts, path)
    rows = [r for r in tables["contacts"].to_pylist() if r["kind"] == "address"]
    assert [(r["name"], r["identifier"], r["identifier_raw"], r["label"]) for r in rows] == [
        ("Jane Doe", "Flat 2, 12 Acacia Avenue, Leeds, LS1 4AB, United Kingdom",
         "Flat 2, 12 Acacia Avenue, Leeds, LS1 4AB, United Kingdom", "_$!<Home>!$_"),
        ("Bob", "3 Mill Rd, York, North Yorkshire", "3 Mill Rd, York, North Yorkshire", None),
        ("Bob", "9 Elm Way", "9 Elm Way", None),
    ]
    assert [(r["street"], r["city"], r["region"], r["postcode"], r["country"]) for r in rows[:2]] == [
        ("Flat 2\n12 Acacia Avenue", "Leeds", None, "LS1 4AB", "United Kingdom"),
        ("3 Mill Rd", "York", "North Yorkshire", None, None),
    ]
    assert [r["src_row"] for r in rows[:2]] == [a, b] and {r["src_table"] for r in rows} == {"ABMultiValue"}
    phones = [r for r in tables["contacts"].to_pylist() if r["kind"] == "phone"]
    assert [r["identifier"] for r in phones] == ["+447700900123", "+447700900555"]
    reasons = " | ".join(w.reason for w in warnings)
    assert sum(w.rows_skipped for w in warnings) == 1 and "1 address parts with an unknown" in reasons


def test_addresses_without_entry_table(tmp_path):
    path = tmp_path / "AddressBook.sqlitedb"
    with AddressBookDb.create(path) as db:
        db.add_people([Person("Ann", "Lee", phones=("07700900111",))])
        db.conn.execute("INSERT INTO ABMultiValue (record_id, property, identifier, label, value) VALUES (1, 5, 0, NULL, NULL)")
        db.conn.execute("DROP TABLE ABMultiValueEntry")
    tables, warnings = run_adapter(ios_contacts, path)
    assert [r["kind"] for r in tables["contacts"].to_pylist()] == ["phone"]
    assert "ABMultiValueEntry table missing" in " ".join(w.reason for w in warnings)


def test_synth_device_planted_contacts(tmp_path):
    """The contact row a synthetic iOS device plants (the victim's new number) comes back with its provenance."""
    import json

    import numpy as np

    from devtriage.synth.generate import generate_one
    from devtriage.synth.writers import IOS_CONTACTS

    root, truth = generate_one(tmp_path, 2, "tiny", 42, "fixated", np.random.SeedSequence(42).spawn(2)[1], set())
    truth = json.loads(json.dumps(truth, default=str))
    planted = [r for s in truth["scenarios"] for r in s.get("planted_knowledge", []) if r["file"] == IOS_CONTACTS]
    assert planted
    tables, warnings = run_adapter(ios_contacts, root / IOS_CONTACTS, path=IOS_CONTACTS)
    assert warnings == []
    keyed = {(r["src_table"], r["src_row"]): r for r in tables["contacts"].to_pylist()}
    world = truth["scenarios"][0]["params"]["world"]
    for p in planted:
        r = keyed[(p["table"], p["rowid"])]
        want = ("address", world["new_home"]["text"]) if "address" in p["what"] else ("phone", world["new_phone"])
        assert (r["kind"], r["identifier"]) == want
