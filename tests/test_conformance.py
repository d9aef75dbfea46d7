"""Conformance: every registered adapter meets the adapter contract.

Each adapter must have an example database here, built with the real-schema builders in
``devtriage.synth``, so adding an adapter without one fails this test. For each: the
module metadata is complete; ``detect`` accepts its example and rejects a non-SQLite file,
an empty SQLite database and the other adapters' examples (except formats that really do
share a file); ``read`` yields only core tables whose core columns have the core types,
with provenance on every row and raw values from the documented vocabularies.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from devtriage import schema
from devtriage.ingest import ADAPTERS
from devtriage.ingest.base import Probe
from devtriage.synth import android_db, ios_db, whatsapp_db

from ingest.conftest import probe_of, run_adapter

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
MS = int(T0.timestamp() * 1000)
PEER = "+447700900123"
JID = "447700900123@s.whatsapp.net"


def _mmssms(p: Path) -> None:
    conn = android_db.create_mmssms(p)
    android_db.insert_sms(conn, [android_db.Sms(PEER, MS, 1, "hi"), android_db.Sms(PEER, MS + 1000, 2, "hello")])
    android_db.insert_mms(conn, [android_db.Mms(MS // 1000 + 5, 1, sender=PEER, parts=[("text/plain", "pic", None), ("image/jpeg", None, "x.jpg")])])
    conn.close()


def _calllog(p: Path) -> None:
    conn = android_db.create_calllog(p)
    android_db.insert_calls(conn, [android_db.Call(PEER, MS, 30, 1), android_db.Call(PEER, MS + 5000, 0, 3)])
    conn.close()


def _contacts2(p: Path) -> None:
    conn = android_db.create_contacts2(p)
    android_db.insert_contacts(conn, [android_db.Contact("Jane", phones=["07700 900123"], emails=["Jane@Example.com"])])
    conn.close()


def _sms_db(p: Path) -> None:
    with ios_db.SmsDb.create(p, version="ios13") as db:
        h = db.add_handle(PEER)
        chat = db.add_chat(PEER, [h])
        db.add_messages([ios_db.Message(chat, h, False, T0, "hi"), ios_db.Message(chat, h, True, T0 + dt.timedelta(minutes=1), "yo")])


def _callhistory(p: Path) -> None:
    with ios_db.CallHistoryDb.create(p) as db:
        db.add_calls([ios_db.Call(PEER, T0, 12.0, outgoing=True), ios_db.Call(PEER, T0 + dt.timedelta(hours=1), 0.0, answered=False)])


def _addressbook(p: Path) -> None:
    with ios_db.AddressBookDb.create(p) as db:
        db.add_people([ios_db.Person("Jane", "Doe", phones=("07700 900123",), emails=("jane@example.com",))])


def _msgstore(p: Path) -> None:
    with whatsapp_db.Msgstore(p) as db:
        db.add_messages([whatsapp_db.AndroidMessage(JID, 0, MS, "hi"), whatsapp_db.AndroidMessage(JID, 1, MS + 1000, "hey")])
        db.add_calls([whatsapp_db.AndroidCall(JID, 1, MS + 2000, 20)])


def _wa_db(p: Path) -> None:
    with whatsapp_db.WaDb(p) as db:
        db.add_contacts([whatsapp_db.WaContact(JID, display_name="Jane", number="07700 900123")])


def _chatstorage(p: Path) -> None:
    with whatsapp_db.ChatStorage(p) as db:
        db.session(JID, partner_name="Jane")
        base = (T0 - dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)).total_seconds()
        db.add_messages([whatsapp_db.IosMessage(JID, 0, base, "hi"), whatsapp_db.IosMessage(JID, 1, base + 60, "yo")])


def _wa_callhistory(p: Path) -> None:
    base = (T0 - dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)).total_seconds()
    with whatsapp_db.CallHistory(p) as db:
        db.add_calls([(JID, whatsapp_db.IosCallEvent(base, 42.0), 1, 0)])


def _contactsv2(p: Path) -> None:
    with whatsapp_db.ContactsV2(p) as db:
        db.add_contacts([whatsapp_db.IosContact("Jane Doe", phone="+44 7700 900123", whatsapp_id=JID)])


EXAMPLES = {
    "android_sms": _mmssms,
    "android_calls": _calllog,
    "android_contacts": _contacts2,
    "ios_sms": _sms_db,
    "ios_calls": _callhistory,
    "ios_contacts": _addressbook,
    "whatsapp_android": _msgstore,
    "whatsapp_android_contacts": _wa_db,
    "whatsapp_ios": _chatstorage,
    "whatsapp_ios_calls": _wa_callhistory,
    "whatsapp_ios_contacts": _contactsv2,
}

# (adapter, example of another adapter) pairs that really share a file: none among these
# examples (an old contacts2.db holds both calls and contacts, but the examples are separate).
SHARED: set[tuple[str, str]] = set()

VOCAB = {
    "direction": {"in", "out"},
    "status": {"answered", "missed", "rejected", "blocked", "voicemail"},
}


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    root = tmp_path_factory.mktemp("examples")
    out = {}
    for name, build in EXAMPLES.items():
        path = root / f"{name}.db"
        build(path)
        out[name] = path
    return out


def test_every_adapter_has_an_example():
    assert set(ADAPTERS) == set(EXAMPLES), "add an example database for each new adapter"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_metadata(name):
    mod = ADAPTERS[name]
    assert mod.NAME == name
    assert len(mod.__doc__.strip()) > 80, "the docstring says what the format is and which versions"
    assert mod.FORMAT and mod.VERSIONS and mod.TABLES
    assert set(mod.TABLES) <= set(schema.TABLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_detect_is_specific(name, examples, tmp_path):
    mod = ADAPTERS[name]
    assert not mod.detect(Probe("x.bin", 10, b"\x00" * 10, None))
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.commit()
    assert not mod.detect(probe_of(empty))
    for other, path in examples.items():
        want = other == name or (name, other) in SHARED
        assert mod.detect(probe_of(path)) == want, f"{name}.detect on the {other} example"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_read_yields_conforming_tables(name, examples):
    mod = ADAPTERS[name]
    tables, warnings = run_adapter(mod, examples[name])
    assert tables, f"{name} read nothing from its example"
    assert set(tables) <= set(mod.TABLES)
    for table_name, t in tables.items():
        assert t.num_rows > 0
        assert "device" not in t.column_names and "src_file" not in t.column_names
        full = schema.conform(table_name, t.append_column("device", pa.array(["d"] * t.num_rows)).append_column("src_file", pa.array(["f"] * t.num_rows)))
        for field in schema.schema(table_name):
            if field.name in ("device", "src_file"):  # added by the pipeline
                continue
            assert field.name in t.column_names, f"{name}: {table_name} lacks core column {field.name}"
            assert t.schema.field(field.name).type == field.type, f"{name}: {table_name}.{field.name} is {t.schema.field(field.name).type}"
        assert t.column("src_row").null_count == 0 and t.column("src_table").null_count == 0
        for col, allowed in VOCAB.items():
            if col in t.column_names and table_name in ("messages", "calls"):
                values = set(pc.unique(t.column(col)).to_pylist()) - {None}
                assert values <= allowed, f"{name}: {col} values {values}"
        if "ts" in t.column_names:
            assert t.column("ts").null_count == 0
        if table_name in ("messages", "calls"):
            assert set(full.column("counterpart").to_pylist()) == {PEER}
    assert [w for w in warnings if "fail" in w.reason] == []
