"""Builders for phone note stores in their real on-disk formats.

Both writers take notes as :class:`Note` (``created_ms``, ``modified_ms``, ``title``,
``body``; Unix ms, UTC) and return for every input note where it was written, as
``((table, rowid), ...)`` pairs relative to the file.

* Google Keep ``keep.db`` (Android: ``data/data/com.google.android.keep/databases/keep.db``),
  :func:`write_keep_db`. Tables, triggers and indexes statement for statement from Keep's
  ``com.google.android.keep.provider.DatabaseHelper.onCreate`` (database version 52, as
  decompiled in a public repository): ``account``, ``tree_entity`` (one row per note;
  ``type`` 0 note / 1 list), ``list_item`` (the text: a plain note is one item whose
  ``list_parent_id`` is the note's ``tree_entity._id``), ``blob_node``, ``blob``,
  ``list_item_conflict``, ``alert``, ``sharing``, ``note_error``, ``label``, ``note_label``
  and the version triggers; plus ``android_metadata`` and ``PRAGMA user_version = 52``.
  Times are Unix milliseconds. Later Keep releases add columns (``list_item.synced_text``,
  ``sharing.sync_status`` that ALEAPP's Google Keep parser reads) and a ``reminder`` table
  (created by a helper not in the decompiled class); those are not written here.

* Apple Notes ``NoteStore.sqlite`` (iOS: ``private/var/mobile/Containers/Shared/AppGroup/
  <uuid>/NoteStore.sqlite``, group ``group.com.apple.notes``), :func:`write_notestore`.
  A Core Data store: ``Z_PRIMARYKEY``, ``Z_METADATA``, ``Z_MODELCACHE``,
  ``ZICCLOUDSYNCINGOBJECT`` (accounts, folders and notes share it, told apart by
  ``Z_ENT``) and ``ZICNOTEDATA`` (``ZDATA`` = gzip of the note protobuf). The columns are
  the subset the public parsers read (iLEAPP ``scripts/artifacts/notes.py``,
  threeplanetssoftware ``apple_cloud_notes_parser``), with Core Data's declared types;
  the version split follows iLEAPP: ``"ios15"`` (iOS 15-17: ``ZCREATIONDATE3`` and
  ``ZACCOUNT4``), ``"ios13"`` (iOS 13-14: ``ZCREATIONDATE1`` and ``ZACCOUNT3``). Entity
  numbers are this module's (:data:`NOTESTORE_ENTITIES`, registered in ``Z_PRIMARYKEY``;
  they vary between iOS releases, so readers should look them up by ``Z_NAME``). Times are
  Core Data seconds since 2001-01-01 (float).

  The protobuf (field numbers from ``proto/notestore.proto`` of apple_cloud_notes_parser):
  ``NoteStoreProto{1: 0, 2: Document{1: 0, 2: version, 3: Note{2: note_text,
  5: AttributeRun{1: length, 2: ParagraphStyle{1: style_type}}}}}``; the text is the title
  line then the body, the first run styled as a title (style_type 0). It is written by a
  small hand encoder (:func:`encode_note_proto`); the bytes open with ``08 00 12 .. 08 00
  10`` as iLEAPP's reader expects. Note's CRDT field 3 is not written. gzip uses
  ``mtime=0`` so the same note gives the same bytes.

:func:`everyday_notes` makes background notes: shopping lists, reminders, wifi passwords,
gift ideas. Everything is deterministic.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .browser import cocoa_time, from_cocoa_time, new_database  # noqa: F401  (cocoa_time/from_cocoa_time re-exported)

ANDROID_KEEP = "data/data/com.google.android.keep/databases/keep.db"
NOTES_GROUP_UUID = "8C4E2D6A-1B3F-4A5C-9D7E-0F1A2B3C4D5E"  # the notes app-group container (fixed)
IOS_NOTESTORE = f"private/var/mobile/Containers/Shared/AppGroup/{NOTES_GROUP_UUID}/NoteStore.sqlite"

COCOA_EPOCH_MS = 978_307_200_000
KEEP_DB_VERSION = 52

Placed = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Note:
    """A note: ``created_ms`` / ``modified_ms`` Unix ms (UTC), a title line and a body."""

    created_ms: int
    modified_ms: int
    title: str
    body: str


def _order(notes: Sequence[Note]) -> list[int]:
    return sorted(range(len(notes)), key=lambda i: (int(notes[i].created_ms), i))


def _hex_id(kind: str, n: int, width: int = 16) -> str:
    """A deterministic lower-case hex id for item ``n`` of ``kind``."""
    a = zlib.crc32(f"{kind}:{n}".encode())
    b = zlib.crc32(f"{n}:{kind}".encode())
    return f"{a:08x}{b:08x}"[:width]


def _guid(kind: str, n: int) -> str:
    h = _hex_id(kind, n) + _hex_id(kind + "2", n)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}".upper()


# --- Google Keep ------------------------------------------------------------------------------

KEEP_V52 = (
    "CREATE TABLE android_metadata (locale TEXT)",
    "CREATE TABLE account (_id INTEGER PRIMARY KEY AUTOINCREMENT,name TEXT NOT NULL,last_sync_version TEXT,UNIQUE (name));",
    "CREATE TABLE tree_entity (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER NOT NULL,uuid TEXT NOT NULL,server_id TEXT,type INTEGER NOT NULL DEFAULT 0,title TEXT,color_name TEXT,parent_id INTEGER NOT NULL DEFAULT 0,order_in_parent INTEGER NOT NULL DEFAULT 0,is_archived INTEGER NOT NULL DEFAULT 0,is_trashed INTEGER NOT NULL DEFAULT 0,has_read INTEGER NOT NULL DEFAULT 1,is_owner INTEGER NOT NULL DEFAULT 1,sharer_email TEXT,last_modifier_email TEXT,is_brix_document_created INTEGER NOT NULL DEFAULT 0,is_graveyard_off INTEGER NOT NULL DEFAULT 0,is_graveyard_closed INTEGER NOT NULL DEFAULT 0,is_new_list_item_from_top INTEGER NOT NULL DEFAULT 0,time_created INTEGER,time_last_updated INTEGER,user_edited_timestamp INTEGER,last_changes_seen_timestamp INTEGER,shared_timestamp INTEGER,is_dirty INTEGER NOT NULL DEFAULT 0,is_deleted INTEGER NOT NULL DEFAULT 0,version INTEGER NOT NULL DEFAULT 0,realtime_data_server_version TEXT,notification_state INTEGER NOT NULL DEFAULT 2,base_version TEXT,UNIQUE (account_id, uuid));",
    "CREATE TABLE blob_node (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER NOT NULL,type INTEGER NOT NULL,uuid TEXT NOT NULL,server_id TEXT,tree_entity_id INTEGER NOT NULL,time_created INTEGER,time_last_updated INTEGER,is_dirty INTEGER NOT NULL DEFAULT 0,is_deleted INTEGER NOT NULL DEFAULT 0,version INTEGER NOT NULL DEFAULT 0,base_version TEXT,use_edited INTEGER NOT NULL DEFAULT 0,original_id INTEGER,edited_id INTEGER,UNIQUE (account_id, uuid));",
    "CREATE TABLE blob (blob_id INTEGER PRIMARY KEY AUTOINCREMENT,blob_account_id INTEGER NOT NULL,blob_type INTEGER NOT NULL,mime_type TEXT NOT NULL,media_id TEXT,file_name TEXT,blob_size INTEGER NOT NULL,data1 TEXT,data2 TEXT,extracted_text TEXT,extraction_status INTEGER NOT NULL DEFAULT 0);",
    "CREATE TABLE list_item (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER NOT NULL,uuid TEXT NOT NULL,server_id TEXT,text TEXT,list_parent_id INTEGER NOT NULL,order_in_parent INTEGER NOT NULL DEFAULT 0,is_checked INTEGER NOT NULL DEFAULT 0,time_created INTEGER,time_last_updated INTEGER,is_dirty INTEGER NOT NULL DEFAULT 0,is_deleted INTEGER NOT NULL DEFAULT 0,version INTEGER NOT NULL DEFAULT 0,base_version TEXT,realtime_data_server_version TEXT,merge_token TEXT,UNIQUE (account_id, uuid));",
    "CREATE TABLE list_item_conflict (_id INTEGER PRIMARY KEY AUTOINCREMENT,server_id TEXT,text TEXT,list_parent_id INTEGER NOT NULL,is_checked INTEGER NOT NULL DEFAULT 0,time_last_updated INTEGER NOT NULL,merge_token TEXT);",
    "CREATE TABLE alert (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER NOT NULL,reminder_id TEXT NOT NULL,alert_time INTEGER,scheduled_time INTEGER NOT NULL,fired_time INTEGER NOT NULL DEFAULT 0,dismissed_time INTEGER NOT NULL DEFAULT 0,state INTEGER NOT NULL,trigger_condition INTEGER);",
    "CREATE TABLE sharing (_id INTEGER PRIMARY KEY AUTOINCREMENT,tree_entity_id INTEGER NOT NULL,email TEXT,name TEXT,role INTEGER NOT NULL DEFAULT -1,avatar_uri TEXT,is_dirty INTEGER NOT NULL DEFAULT 0,is_deleted INTEGER NOT NULL DEFAULT 0,account_id INTEGER NOT NULL,gaia_id TEXT,UNIQUE (tree_entity_id, email));",
    "CREATE TABLE note_error (_id INTEGER PRIMARY KEY AUTOINCREMENT,tree_entity_id INTEGER NOT NULL,code TEXT NOT NULL,data TEXT,account_id INTEGER NOT NULL,time_created INTEGER NOT NULL,dismissed INTEGER);",
    "CREATE INDEX error_tree_entity_id_index ON note_error (tree_entity_id);",
    "CREATE TRIGGER note_error_delete_trigger AFTER DELETE  ON tree_entity BEGIN  DELETE FROM note_error WHERE tree_entity_id =  OLD._id; END;",
    "CREATE TRIGGER note_error_delete_on_trash_trigger  AFTER UPDATE OF is_trashed ON tree_entity WHEN  (  NEW.is_trashed = 1 )  BEGIN  DELETE FROM note_error WHERE tree_entity_id =  NEW._id; END;",
    "CREATE TABLE label (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER NOT NULL, uuid TEXT NOT NULL, name TEXT NOT NULL, last_used_timestamp INTEGER NOT NULL, is_deleted INTEGER NOT NULL DEFAULT 0, is_dirty INTEGER NOT NULL DEFAULT 0, server_version_number INTEGER, version INTEGER NOT NULL DEFAULT 0, deleted_timestamp INTEGER, time_created INTEGER, user_edited_timestamp INTEGER, merged_uuids STRING, time_merged INTEGER, UNIQUE (uuid));",
    "CREATE TABLE note_label (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER NOT NULL,tree_entity_id INTEGER NOT NULL,label_id TEXT NOT NULL,deleted_timestamp INTEGER,is_deleted INTEGER NOT NULL DEFAULT 0,is_dirty INTEGER NOT NULL DEFAULT 0,UNIQUE (tree_entity_id, label_id));",
    "CREATE TRIGGER note_label_delete_note_label_after_tree_entity_delete_trigger AFTER DELETE ON tree_entity BEGIN  DELETE FROM note_label WHERE tree_entity_id =  OLD._id; END;",
    "CREATE TRIGGER note_label_delete_note_label_after_label_delete_trigger AFTER DELETE ON label BEGIN  DELETE FROM note_label WHERE label_id =  OLD.uuid; END;",
    "CREATE TRIGGER tree_entity_update_version_number AFTER UPDATE  ON tree_entity BEGIN  UPDATE tree_entity SET version = OLD. version + 1 WHERE _id = OLD._id; END",
    "CREATE TRIGGER blob_node_update_version_number AFTER UPDATE  ON blob_node BEGIN  UPDATE blob_node SET version = OLD. version + 1 WHERE _id = OLD._id; END",
    "CREATE TRIGGER list_item_update_version_number AFTER UPDATE  ON list_item BEGIN  UPDATE list_item SET version = OLD. version + 1 WHERE _id = OLD._id; END",
    "CREATE TRIGGER label_update_version_number AFTER UPDATE  ON label BEGIN  UPDATE label SET version = OLD. version + 1 WHERE _id = OLD._id; END",
    "CREATE INDEX tree_entity_uuid_index ON tree_entity (uuid);",
    "CREATE INDEX tree_entity_parent_id_index ON tree_entity (parent_id);",
    "CREATE INDEX tree_entity_is_trashed_index ON tree_entity (is_trashed);",
    "CREATE INDEX blob_uuid_index ON blob_node (uuid);",
    "CREATE INDEX blob_tree_entity_id_index ON blob_node (tree_entity_id);",
    "CREATE INDEX list_item_uuid_index ON list_item (uuid);",
    "CREATE INDEX list_item_parent_id_index ON list_item (list_parent_id);",
    "CREATE INDEX list_item_conflict_parent_id_index ON list_item_conflict (list_parent_id);",
    "CREATE INDEX list_item_conflict_server_id_index ON list_item_conflict (server_id);",
    "CREATE INDEX sharing_tree_entity_id_index ON sharing (tree_entity_id);",
    "CREATE INDEX sharing_email_index ON sharing (email);",
    "CREATE INDEX label_account_id_index ON label (account_id);",
    "CREATE INDEX note_label_account_id_index ON note_label (account_id);",
    "CREATE INDEX note_label_tree_entity_id_index ON note_label (tree_entity_id);",
    "CREATE INDEX note_label_label_id_index ON note_label (label_id);",
    "CREATE INDEX alert_reminder_id_index ON alert (reminder_id);",
    "CREATE INDEX tree_entity_is_dirty_index ON tree_entity (is_dirty);",
    "CREATE INDEX list_item_is_dirty_index ON list_item (is_dirty);",
    "CREATE INDEX blob_node_is_dirty_index ON blob_node (is_dirty);",
    "CREATE INDEX sharing_is_dirty_index ON sharing (is_dirty);",
    "CREATE INDEX label_is_dirty_index ON label (is_dirty);",
    "CREATE INDEX note_label_is_dirty_index ON note_label (is_dirty);",
)


def _keep_uuid(ts_ms: int, kind: str, n: int) -> str:
    """Keep's client id shape: hex creation ms, a dot, 16 hex digits."""
    return f"{int(ts_ms):x}.{_hex_id(kind, n)}"


def write_keep_db(
    path: str | Path, notes: Sequence[Note], *, account: str = "owner@gmail.com", locale: str = "en_GB"
) -> list[Placed]:
    """Write a new Google Keep ``keep.db`` (database version 52) holding ``notes``.

    Each note is a ``tree_entity`` row (``type`` 0, ``title``, ``time_created``,
    ``time_last_updated`` = ``user_edited_timestamp`` = modified) and one ``list_item`` row
    holding the body. Returns, per input note, ``(("tree_entity", _id), ("list_item", _id))``.
    """
    order = _order(notes)
    entities, items = [], []
    placed: list[Placed | None] = [None] * len(notes)
    for k, i in enumerate(order, start=1):
        n = notes[i]
        uuid = _keep_uuid(n.created_ms, "note", k)
        entities.append(
            (k, 1, uuid, uuid, 0, n.title, "DEFAULT", 0, k, n.created_ms, n.modified_ms, n.modified_ms, n.modified_ms, 1)
        )
        item_uuid = _keep_uuid(n.created_ms, "item", k)
        items.append((k, 1, item_uuid, item_uuid, n.body, k, 0, 0, n.created_ms, n.modified_ms, 1))
        placed[i] = (("tree_entity", k), ("list_item", k))
    conn = new_database(path)
    try:
        conn.execute("BEGIN")
        for statement in KEEP_V52:
            conn.execute(statement)
        conn.execute("INSERT INTO android_metadata (locale) VALUES (?)", (locale,))
        conn.execute(f"PRAGMA user_version = {KEEP_DB_VERSION}")
        conn.execute("INSERT INTO account (_id, name) VALUES (1, ?)", (account,))
        conn.executemany(
            "INSERT INTO tree_entity (_id, account_id, uuid, server_id, type, title, color_name, parent_id, "
            "order_in_parent, time_created, time_last_updated, user_edited_timestamp, last_changes_seen_timestamp, "
            "version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            entities,
        )
        conn.executemany(
            "INSERT INTO list_item (_id, account_id, uuid, server_id, text, list_parent_id, order_in_parent, "
            "is_checked, time_created, time_last_updated, version) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            items,
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return placed  # type: ignore[return-value]


# --- protobuf (hand-written, proto2 wire format) ----------------------------------------------

STYLE_TITLE = 0  # ParagraphStyle.style_type of a title line
NOTE_DOCUMENT_VERSION = 0  # Document.version as seen in ordinary iOS notes (iLEAPP expects 08 00 10 ..)


def _varint(n: int) -> bytes:
    if n < 0:
        n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field_varint(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _field_bytes(field: int, payload: bytes) -> bytes:
    return _varint((field << 3) | 2) + _varint(len(payload)) + payload


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def note_text(title: str, body: str) -> str:
    """The note's text as Notes stores it: the title line, a newline, the body."""
    return f"{title}\n{body}" if body else title


def encode_note_proto(title: str, body: str) -> bytes:
    """The (uncompressed) NoteStoreProto of a plain note: title line styled as a title."""
    text = note_text(title, body)
    title_len = _utf16_len(title) + (1 if body else 0)
    runs = _field_bytes(5, _field_varint(1, title_len) + _field_bytes(2, _field_varint(1, STYLE_TITLE)))
    if body:
        runs += _field_bytes(5, _field_varint(1, _utf16_len(body)))
    note = _field_bytes(2, text.encode("utf-8")) + runs
    document = _field_varint(1, 0) + _field_varint(2, NOTE_DOCUMENT_VERSION) + _field_bytes(3, note)
    return _field_varint(1, 0) + _field_bytes(2, document)


def encode_note_data(title: str, body: str) -> bytes:
    """``ZICNOTEDATA.ZDATA``: gzip (mtime 0) of :func:`encode_note_proto`."""
    return gzip.compress(encode_note_proto(title, body), compresslevel=9, mtime=0)


# --- Apple Notes ------------------------------------------------------------------------------

# Core Data entity numbers used here (Z_PRIMARYKEY registers them; they differ across iOS releases).
NOTESTORE_ENTITIES = (
    (1, "ICCloudSyncingObject", 0),
    (2, "ICAccount", 1),
    (3, "ICFolder", 1),
    (4, "ICNote", 1),
    (5, "ICNoteData", 0),
)
ENT_ACCOUNT, ENT_FOLDER, ENT_NOTE, ENT_NOTEDATA = 2, 3, 4, 5

_CSO_COLUMNS = (
    ("Z_PK", "INTEGER PRIMARY KEY"), ("Z_ENT", "INTEGER"), ("Z_OPT", "INTEGER"),
    ("ZISPASSWORDPROTECTED", "INTEGER"), ("ZMARKEDFORDELETION", "INTEGER"), ("ZNEEDSINITIALFETCHFROMCLOUD", "INTEGER"),
    ("ZACCOUNTTYPE", "INTEGER"), ("ZFOLDERTYPE", "INTEGER"), ("ZHASCHECKLIST", "INTEGER"), ("ZISPINNED", "INTEGER"),
    ("ZFILESIZE", "INTEGER"), ("ZOWNER", "INTEGER"), ("ZPARENT", "INTEGER"), ("ZNOTE", "INTEGER"),
    ("ZATTACHMENT1", "INTEGER"), ("ZACCOUNT", "INTEGER"), ("ZFOLDER", "INTEGER"), ("ZNOTEDATA", "INTEGER"),
    ("ZCREATIONDATE", "TIMESTAMP"), ("ZMODIFICATIONDATE", "TIMESTAMP"), ("ZCREATIONDATE1", "TIMESTAMP"),
    ("ZMODIFICATIONDATE1", "TIMESTAMP"), ("ZIDENTIFIER", "VARCHAR"), ("ZNAME", "VARCHAR"), ("ZPASSWORDHINT", "VARCHAR"),
    ("ZSNIPPET", "VARCHAR"), ("ZTITLE", "VARCHAR"), ("ZTITLE1", "VARCHAR"), ("ZTITLE2", "VARCHAR"),
    ("ZTYPEUTI", "VARCHAR"), ("ZFILENAME", "VARCHAR"), ("ZSUMMARY", "VARCHAR"), ("ZUSERTITLE", "VARCHAR"),
    ("ZSERVERRECORDDATA", "BLOB"), ("ZMERGEABLEDATA1", "BLOB"),
)
_VARIANT_COLUMNS = {
    # iOS 13-14: creation date in ZCREATIONDATE1, note -> account in ZACCOUNT3 (ZACCOUNT2 = folder owner)
    "ios13": (("ZACCOUNT2", "INTEGER"), ("ZACCOUNT3", "INTEGER")),
    # iOS 15-17: creation date in ZCREATIONDATE3, note -> account in ZACCOUNT4
    "ios15": (("ZACCOUNT2", "INTEGER"), ("ZACCOUNT3", "INTEGER"), ("ZACCOUNT4", "INTEGER"), ("ZCREATIONDATE3", "TIMESTAMP")),
}
NOTESTORE_VARIANTS = tuple(_VARIANT_COLUMNS)


def notestore_schema(variant: str = "ios15") -> tuple[str, ...]:
    """The CREATE statements of a NoteStore.sqlite of ``variant`` (ios13, ios15)."""
    try:
        extra = _VARIANT_COLUMNS[variant]
    except KeyError:
        raise ValueError(f"unknown NoteStore variant {variant!r}; known: {', '.join(NOTESTORE_VARIANTS)}") from None
    cols = ", ".join(f"{name} {decl}" for name, decl in _CSO_COLUMNS + extra)
    return (
        "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)",
        "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)",
        "CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB)",
        f"CREATE TABLE ZICCLOUDSYNCINGOBJECT ( {cols} )",
        "CREATE TABLE ZICNOTEDATA ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZNOTE INTEGER, "
        "ZCRYPTOINITIALIZATIONVECTOR BLOB, ZCRYPTOTAG BLOB, ZDATA BLOB )",
        "CREATE INDEX ZICCLOUDSYNCINGOBJECT_ZFOLDER_INDEX ON ZICCLOUDSYNCINGOBJECT (ZFOLDER)",
        "CREATE INDEX ZICCLOUDSYNCINGOBJECT_ZNOTEDATA_INDEX ON ZICCLOUDSYNCINGOBJECT (ZNOTEDATA)",
        "CREATE INDEX ZICCLOUDSYNCINGOBJECT_ZOWNER_INDEX ON ZICCLOUDSYNCINGOBJECT (ZOWNER)",
        "CREATE INDEX ZICNOTEDATA_ZNOTE_INDEX ON ZICNOTEDATA (ZNOTE)",
    )


def _snippet(body: str, limit: int = 100) -> str:
    for line in body.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


def write_notestore(
    path: str | Path,
    notes: Sequence[Note],
    *,
    variant: str = "ios15",
    account_name: str = "iCloud",
    folder_name: str = "Notes",
) -> list[Placed]:
    """Write a new Apple Notes ``NoteStore.sqlite`` of ``variant`` holding ``notes``.

    Row 1 of ``ZICCLOUDSYNCINGOBJECT`` is the account, row 2 its default folder, notes
    follow in creation order. Returns, per input note,
    ``(("ZICCLOUDSYNCINGOBJECT", Z_PK), ("ZICNOTEDATA", Z_PK))``.
    """
    schema = notestore_schema(variant)
    order = _order(notes)
    date_col = "ZCREATIONDATE3" if variant == "ios15" else "ZCREATIONDATE1"
    account_col = "ZACCOUNT4" if variant == "ios15" else "ZACCOUNT3"
    first = min((n.created_ms for n in notes), default=COCOA_EPOCH_MS)
    rows, data = [], []
    placed: list[Placed | None] = [None] * len(notes)
    for k, i in enumerate(order, start=1):
        n = notes[i]
        pk = 2 + k
        rows.append(
            (pk, ENT_NOTE, 1, 0, 0, 0, 0, 0, 2, 1, k, _guid("note", k), n.title, _snippet(n.body),
             cocoa_time(n.created_ms), cocoa_time(n.modified_ms))
        )
        data.append((k, ENT_NOTEDATA, 1, pk, encode_note_data(n.title, n.body)))
        placed[i] = (("ZICCLOUDSYNCINGOBJECT", pk), ("ZICNOTEDATA", k))
    conn = new_database(path)
    try:
        conn.execute("BEGIN")
        for statement in schema:
            conn.execute(statement)
        n_notes = len(notes)
        maxes = {1: 2 + n_notes, 2: 1, 3: 2, 4: 2 + n_notes, 5: n_notes}
        conn.executemany(
            "INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?,?,?,?)",
            [(e, name, sup, maxes[e]) for e, name, sup in NOTESTORE_ENTITIES],
        )
        conn.execute(
            "INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, NULL)", (_guid("store", 0),)
        )
        conn.execute(
            "INSERT INTO ZICCLOUDSYNCINGOBJECT (Z_PK, Z_ENT, Z_OPT, ZACCOUNTTYPE, ZIDENTIFIER, ZNAME, ZCREATIONDATE1, "
            "ZISPASSWORDPROTECTED, ZMARKEDFORDELETION) VALUES (1, ?, 1, 1, ?, ?, ?, 0, 0)",
            (ENT_ACCOUNT, _guid("account", 1), account_name, cocoa_time(first)),
        )
        conn.execute(
            "INSERT INTO ZICCLOUDSYNCINGOBJECT (Z_PK, Z_ENT, Z_OPT, ZFOLDERTYPE, ZOWNER, ZACCOUNT2, ZIDENTIFIER, ZTITLE2, "
            "ZISPASSWORDPROTECTED, ZMARKEDFORDELETION) VALUES (2, ?, 1, 0, 1, 1, ?, ?, 0, 0)",
            (ENT_FOLDER, _guid("folder", 1), folder_name),
        )
        conn.executemany(
            "INSERT INTO ZICCLOUDSYNCINGOBJECT (Z_PK, Z_ENT, Z_OPT, ZISPASSWORDPROTECTED, ZMARKEDFORDELETION, "
            "ZNEEDSINITIALFETCHFROMCLOUD, ZISPINNED, ZHASCHECKLIST, ZFOLDER, "
            f"{account_col}, ZNOTEDATA, ZIDENTIFIER, ZTITLE1, ZSNIPPET, {date_col}, ZMODIFICATIONDATE1) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany("INSERT INTO ZICNOTEDATA (Z_PK, Z_ENT, Z_OPT, ZNOTE, ZDATA) VALUES (?,?,?,?,?)", data)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return placed  # type: ignore[return-value]


# --- everyday background ----------------------------------------------------------------------

_EN_TEMPLATES = (
    ("Shopping", ["milk", "bread", "eggs", "bananas", "tea bags", "washing up liquid", "chicken", "pasta", "cheese",
                  "tomatoes", "bin bags", "toothpaste", "butter", "orange juice", "crisps"]),
    ("To do", ["ring the garage about MOT", "pay council tax", "renew car insurance", "dentist Tues 3pm",
               "book boiler service", "return Amazon parcel", "sort out bins", "email landlord about the damp"]),
    ("Gift ideas", ["mum - scarf or perfume", "dad - whisky", "Sam - football shirt", "nan - photo frame",
                    "Ellie - Lego set", "book token"]),
    ("Wifi", ["BT-7XK2QP / password: fR4tq9LmPz", "guest network: Home_Guest / sunflower2024", "router admin: admin / 8821Tq"]),
    ("Films to watch", ["Dune Part Two", "Oppenheimer", "The Holdovers", "Wonka", "Paddington in Peru"]),
    ("Gym", ["Mon: chest/tris", "Wed: back/bis", "Fri: legs", "5k run Sunday", "bench 60kg x 8"]),
    ("Recipe", ["2 onions", "3 cloves garlic", "tin chopped tomatoes", "1 tsp cumin", "200g rice", "simmer 25 min"]),
)
_DE_TEMPLATES = (
    ("Einkaufen", ["Milch", "Brot", "Käse", "Äpfel", "Butter", "Müsli", "Spülmittel"]),
    ("Erledigen", ["Zahnarzt Dienstag 15 Uhr", "Kfz-Steuer zahlen", "Paket zur Post", "Straßenbahnkarte verlängern"]),
)
_PL_TEMPLATES = (
    ("Zakupy", ["mleko", "chleb", "jajka", "masło", "ziemniaki", "żurek", "kiełbasa"]),
    ("Do zrobienia", ["dentysta wtorek 15:00", "zapłacić rachunek za prąd", "odebrać paczkę z Łodzi"]),
)
_NOTE_TEMPLATES = {"en": _EN_TEMPLATES, "de": _DE_TEMPLATES, "pl": _PL_TEMPLATES}


def everyday_notes(rng: np.random.Generator, start_ms: int, end_ms: int, n: int, lang: str = "en") -> list[Note]:
    """``n`` background notes created between ``start_ms`` and ``end_ms``, sorted by creation.

    Each picks a template (shopping list, to-do, gift ideas, wifi passwords, films, gym,
    recipe; German and Polish lists for ``lang`` de / pl) and 2-6 of its lines; it is
    last edited between a minute and two weeks after creation (never after ``end_ms``).
    """
    if end_ms <= start_ms:
        raise ValueError("end_ms must be after start_ms")
    templates = _NOTE_TEMPLATES.get(lang, _EN_TEMPLATES)
    out = []
    for _ in range(n):
        title, lines = templates[int(rng.integers(0, len(templates)))]
        k = int(rng.integers(2, min(6, len(lines)) + 1))
        pick = rng.choice(len(lines), size=k, replace=False)
        body = "\n".join(lines[j] for j in sorted(pick))
        created = int(rng.integers(start_ms, end_ms))
        modified = min(end_ms - 1, created + int(rng.integers(60_000, 14 * 86_400_000)))
        out.append(Note(created, max(created, modified), title, body))
    out.sort(key=lambda x: x.created_ms)
    return out
