"""WhatsApp Android wa.db contacts (built fixtures: no real wa.db among the samples)."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import DATA, probe_of, run_adapter, sha256

from devtriage import schema
from devtriage.ingest import ADAPTERS, whatsapp_android_contacts
from devtriage.synth.whatsapp_db import WaContact, WaDb

CONTACTS = [
    WaContact("447700900123@s.whatsapp.net", "Alice Smith", "07700 900123", "Ali"),
    WaContact("447700900456@s.whatsapp.net", None, "+44 7700 900456", "Bobby"),
    WaContact("33612345678@s.whatsapp.net", "Carol", "+33 6 12 34 56 78", None, is_whatsapp_user=1),
    WaContact("120363000000000001@g.us", "Book club", None, None),
    WaContact("447700900789@s.whatsapp.net", "Dave (not on WhatsApp)", "07700 900789", None, is_whatsapp_user=0),
]


def build(path, rows=CONTACTS):
    with WaDb(path) as w:
        w.add_contacts(rows)
    return path


def test_detected_only_by_this_adapter(tmp_path):
    probe = probe_of(build(tmp_path / "wa.db"))
    assert [n for n, m in ADAPTERS.items() if m.detect(probe)] == ["whatsapp_android_contacts"]


def test_real_samples_not_claimed():
    if not DATA.is_dir():
        pytest.skip("../shared/data not present: real-sample tests need it")
    files = sorted(DATA.glob("android/*.db")) + sorted(DATA.glob("ios/*.db")) + sorted(DATA.glob("ios/*/*.sqlite"))
    before = {f: sha256(f) for f in files}
    assert not any(whatsapp_android_contacts.detect(probe_of(f)) for f in files)
    assert {f: sha256(f) for f in files} == before


def test_contacts(tmp_path):
    tables, warnings = run_adapter(whatsapp_android_contacts, build(tmp_path / "wa.db"))
    assert warnings == []
    t = tables["contacts"]
    schema.conform("contacts", t)
    rows = t.to_pylist()
    assert [r["name"] for r in rows] == ["Alice Smith", "Bobby", "Carol", "Book club", "Dave (not on WhatsApp)"]
    assert [r["identifier_raw"] for r in rows] == [c.jid for c in CONTACTS]
    assert [r["identifier"] for r in rows] == ["+447700900123", "+447700900456", "+33612345678", "120363000000000001@g.us", "+447700900789"]
    assert [r["group"] for r in rows] == [False, False, False, True, False]
    assert [r["is_whatsapp_user"] for r in rows] == [True, True, True, True, False]
    assert rows[0]["number"] == "07700 900123" and rows[0]["wa_name"] == "Ali"
    assert [r["src_row"] for r in rows] == [1, 2, 3, 4, 5]
    assert set(t.column("src_table").to_pylist()) == {"wa_contacts"}


def test_edge_cases(tmp_path):
    db = build(tmp_path / "wa.db")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE wa_contacts SET display_name = CAST(X'416cff' AS TEXT) WHERE _id = 1")
    conn.execute("UPDATE wa_contacts SET is_whatsapp_user = 'yes' WHERE _id = 2")
    conn.execute("UPDATE wa_contacts SET jid = '' WHERE _id = 5")  # falls back to the number
    conn.execute("DROP INDEX is_wa_index")
    conn.execute("ALTER TABLE wa_contacts DROP COLUMN wa_name")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(whatsapp_android_contacts, db)
    reasons = " | ".join(w.reason for w in warnings)
    assert "UTF-8" in reasons and "is_whatsapp_user have the wrong type" in reasons and "columns wa_name missing" in reasons
    rows = tables["contacts"].to_pylist()
    assert len(rows) == len(CONTACTS)
    assert rows[0]["name"] == "Al\ufffd"
    assert rows[1]["name"] is None and rows[1]["is_whatsapp_user"] is None
    assert rows[4]["identifier_raw"] == "07700 900789" and rows[4]["identifier"] == "+447700900789"
