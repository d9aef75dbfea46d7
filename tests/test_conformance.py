"""Conformance: every registered adapter meets the adapter contract.

Each adapter must have an example here (a SQLite database or, for file formats such as
JSON and XML, a file named as on a device: :data:`EXAMPLE_NAMES`), built with the
real-schema builders in ``devtriage.synth``, so adding an adapter without one fails this
test. Examples are probed the way ``collect`` probes files: SQLite by schema, other files
by their first 100 bytes and path. For each: the module metadata is complete; ``detect``
accepts its example and rejects a zero-filled file, an empty SQLite database and the other
adapters' examples (except formats that really do share a file); ``read`` yields only core tables whose core columns have the core types,
with provenance on every row and raw values from the documented vocabularies.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from devtriage import schema
from devtriage.ingest import ADAPTERS
from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest.base import Artifact, Context, Probe
from devtriage.layout.base import SQLITE_MAGIC
from devtriage.synth import android_db, ios_db, ios_location, takeout, whatsapp_db
from devtriage.synth.places import Visit

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


def _records_json(p: Path) -> None:
    takeout.write_records(p, {"ts_ms": [MS, MS + 60_000], "lat": [53.8, -33.87], "lon": [-1.55, 151.21],
                              "accuracy_m": [10, 25], "source": ["GPS", "WIFI"]}, form="new")


def _semantic_json(p: Path) -> None:
    takeout.write_semantic(p, [Visit(53.8, -1.55, T0, 3600, "home"), Visit(53.9, -1.6, T0 + dt.timedelta(hours=3), 600, "shop")])


def _gpx(p: Path) -> None:
    p.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="t" '
                 'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
                 '<trkpt lat="53.8" lon="-1.55"><time>2026-03-02T09:00:00Z</time></trkpt>'
                 '<trkpt lat="53.81" lon="-1.56"><time>2026-03-02T09:01:00Z</time></trkpt>'
                 "</trkseg></trk></gpx>\n")


def _routined_cache(p: Path) -> None:
    ios_location.write_cache_sqlite(p, {"ts_ms": [MS, MS + 1000], "lat": [53.8, 53.81], "lon": [-1.55, -1.56],
                                        "accuracy_m": [5.0, 8.0]})


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
    # location file formats and stores
    "takeout_records": _records_json,
    "takeout_semantic": _semantic_json,
    "gpx": _gpx,
    "ios_routined": _routined_cache,
}

#: File names of examples that are not SQLite databases named ``<adapter>.db``: detection
#: of file formats may look at the path, as ``collect`` lets it.
EXAMPLE_NAMES = {
    "takeout_records": "Records.json",
    "takeout_semantic": "2026_MARCH.json",
    "gpx": "track.gpx",
    "ios_routined": "Cache.sqlite",
}

# --- app inventory and app usage (android_packages, android_usagestats, ios_knowledgec) ---


def _packages_xml(p: Path) -> None:
    from devtriage.synth import apps

    apps.write_packages_xml(p, [apps.Package("com.whatsapp", MS, MS + 1000, 240_100_123),
                                apps.Package("com.android.chrome", MS - 5000, MS, 633_974_410, None, system=True)])


def _usagestats(p: Path) -> None:
    from devtriage.synth import usage

    with tempfile.TemporaryDirectory() as tmp:
        usage.write_usagestats(tmp, [usage.Session("com.whatsapp", MS, MS + 40_000),
                                     usage.Session("com.android.chrome", MS + 50_000, MS + 90_000)])
        daily = sorted((Path(tmp) / usage.USAGESTATS_DIR / "daily").iterdir())[0]
        shutil.copyfile(daily, p)


def _knowledgec(p: Path) -> None:
    from devtriage.synth import usage

    usage.write_knowledgec(p, [usage.Session("net.whatsapp.WhatsApp", MS, MS + 40_000)])


EXAMPLES.update({"android_packages": _packages_xml, "android_usagestats": _usagestats, "ios_knowledgec": _knowledgec})
EXAMPLE_NAMES.update({"android_packages": "packages.xml", "android_usagestats": str(MS - 1500),  # begin-ms file name
                      "ios_knowledgec": "knowledgeC.db"})


# texts: browser history and notes (issue 8)
def _note() -> list:
    from devtriage.synth import notes

    return [notes.Note(MS - 9_000, MS - 8_000, "Shopping", "milk\nbread")]


def _chrome(p: Path) -> None:
    from devtriage.synth import browser

    browser.write_chrome_history(p, [browser.Search(MS, "Jane Doe"), browser.Visit(MS + 5_000, "https://example.org/", "Example")])


def _safari(p: Path) -> None:
    from devtriage.synth import browser

    browser.write_safari_history(p, [browser.Search(MS, "Jane Doe"), browser.Visit(MS + 5_000, "https://example.org/", "Example")])


def _keep(p: Path) -> None:
    from devtriage.synth import notes

    notes.write_keep_db(p, _note())


def _notestore(p: Path) -> None:
    from devtriage.synth import notes

    notes.write_notestore(p, _note())


EXAMPLES.update({"chromium_history": _chrome, "safari_history": _safari, "google_keep": _keep, "apple_notes": _notestore})
EXAMPLE_NAMES.update({"chromium_history": "History", "safari_history": "History.db", "google_keep": "keep.db",
                      "apple_notes": "NoteStore.sqlite"})


def _saved_places(p: Path) -> None:
    import json

    p.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "geometry": {"coordinates": [-1.55, 53.8], "type": "Point"},
        "properties": {"date": "2026-03-02T09:00:00Z", "google_maps_url": "http://maps.google.com/?cid=1",
                       "location": {"address": "12 Acacia Avenue, Leeds LS1 4AB", "country_code": "GB", "name": "Home"}},
        "type": "Feature"}]}, indent=2))


EXAMPLES.update({"takeout_maps": _saved_places})
EXAMPLE_NAMES.update({"takeout_maps": "Saved Places.json"})


def _sdoc(p: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE `sdoc` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `UUID` TEXT NOT NULL, "
                 "`isDeleted` INTEGER NOT NULL DEFAULT 0, `title` TEXT NOT NULL DEFAULT '', `content` BLOB NOT NULL, "
                 "`strippedContent` BLOB NOT NULL, `createdAt` INTEGER NOT NULL, `lastModifiedAt` INTEGER NOT NULL, "
                 "`filePath` TEXT NOT NULL, `isLock` INTEGER NOT NULL DEFAULT 0)")
    conn.execute("INSERT INTO sdoc (UUID, title, content, strippedContent, createdAt, lastModifiedAt, filePath) "
                 "VALUES ('u1', 'Shopping', x'00', CAST('milk' AS BLOB), ?, ?, 'n.sdocx')", (MS - 9_000, MS - 8_000))
    conn.commit()
    conn.close()


def _myplaces(p: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE sync_item (corpus INTEGER, key_string TEXT, timestamp BIGINT, merge_key BIGINT, "
                 "feature_fprint BIGINT, latitude INTEGER, longitude INTEGER, is_local BOOLEAN, sync_item BLOB, "
                 "PRIMARY KEY (corpus, key_string))")
    place = b"\x12\x04Home"  # field 2 (address) = "Home"
    conn.execute("INSERT INTO sync_item VALUES (1, 'k', ?, 0, 0, 53800000, -1550000, 0, ?)",
                 (MS, b"\x32" + bytes([len(place)]) + place))
    conn.commit()
    conn.close()


EXAMPLES.update({"samsung_notes": _sdoc, "google_maps_app": _myplaces})
EXAMPLE_NAMES.update({"samsung_notes": "sdoc.db", "google_maps_app": "gmm_myplaces.db"})
# --- end of the app block -------------------------------------------------------------------

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
        path = root / name / EXAMPLE_NAMES.get(name, f"{name}.db")
        path.parent.mkdir()
        build(path)
        out[name] = path
    return out


def _is_sqlite(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def probe_any(path: Path) -> Probe:
    """A probe as ``collect`` makes it: SQLite with its schema, other files by head and path."""
    if _is_sqlite(path):
        return probe_of(path)
    with open(path, "rb") as fh:
        return Probe(path.name, path.stat().st_size, fh.read(100), None)


def run_any(mod, path: Path):
    """Detect and read ``path`` with ``mod`` as the pipeline does (private copy first)."""
    if _is_sqlite(path):
        return run_adapter(mod, path)
    tmp = Path(tempfile.mkdtemp(prefix="devtriage-test-"))
    try:
        local = tmp / "artifact"
        shutil.copyfile(path, local)
        probe = probe_any(path)
        assert mod.detect(probe), f"{mod.NAME} did not detect {path}"
        ctx = Context(device="t", case=DEFAULT, normaliser=Normaliser("GB"))
        ctx.adapter, ctx.src_file = mod.NAME, probe.path
        parts: dict[str, list[pa.Table]] = {}
        for tname, table in mod.read(Artifact(probe.path, local, probe.size, probe), ctx):
            parts.setdefault(tname, []).append(table)
        return {n: pa.concat_tables(ts, promote_options="permissive") for n, ts in parts.items()}, ctx.warnings
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
        assert mod.detect(probe_any(path)) == want, f"{name}.detect on the {other} example"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_read_yields_conforming_tables(name, examples):
    mod = ADAPTERS[name]
    tables, warnings = run_any(mod, examples[name])
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
