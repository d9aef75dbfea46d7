"""Google Keep keep.db / Apple Notes NoteStore.sqlite builders and the note protobuf."""

import gzip
import hashlib
import sqlite3

import numpy as np
import pytest

from devtriage.synth import notes as nt

T0 = 1_735_732_800_123  # 2025-01-01 12:00:00.123 UTC

# Keep DatabaseHelper.onCreate, database version 52
KEEP_TABLES = {
    "android_metadata", "account", "sqlite_sequence", "tree_entity", "blob_node", "blob", "list_item",
    "list_item_conflict", "alert", "sharing", "note_error", "label", "note_label",
}
KEEP_COLUMNS = {
    "tree_entity": ["_id", "account_id", "uuid", "server_id", "type", "title", "color_name", "parent_id",
                    "order_in_parent", "is_archived", "is_trashed", "has_read", "is_owner", "sharer_email",
                    "last_modifier_email", "is_brix_document_created", "is_graveyard_off", "is_graveyard_closed",
                    "is_new_list_item_from_top", "time_created", "time_last_updated", "user_edited_timestamp",
                    "last_changes_seen_timestamp", "shared_timestamp", "is_dirty", "is_deleted", "version",
                    "realtime_data_server_version", "notification_state", "base_version"],
    "list_item": ["_id", "account_id", "uuid", "server_id", "text", "list_parent_id", "order_in_parent", "is_checked",
                  "time_created", "time_last_updated", "is_dirty", "is_deleted", "version", "base_version",
                  "realtime_data_server_version", "merge_token"],
    "account": ["_id", "name", "last_sync_version"],
}
# Columns the public NoteStore parsers read (iLEAPP notes.py, apple_cloud_notes_parser)
NOTESTORE_READ = {"Z_PK", "Z_ENT", "ZTITLE1", "ZTITLE2", "ZSNIPPET", "ZNAME", "ZFOLDER", "ZNOTEDATA", "ZNOTE",
                  "ZMODIFICATIONDATE1", "ZISPASSWORDPROTECTED", "ZPASSWORDHINT", "ZMARKEDFORDELETION", "ZISPINNED",
                  "ZFILENAME", "ZIDENTIFIER", "ZFILESIZE", "ZTYPEUTI", "ZCREATIONDATE", "ZMODIFICATIONDATE",
                  "ZATTACHMENT1"}

PLANTED = [
    nt.Note(T0, T0 + 3_600_007, "Jane", "new number 07700 900456\n12 Acacia Avenue, Leeds LS1 4AB"),
    nt.Note(T0 - 86_400_001, T0 - 1, "Einkaufen", "Milch\nKäse\nStraße 5, Łódź 🙂"),
    nt.Note(T0 + 5, T0 + 5, "Empty body", ""),
]


def _cols(conn, table):
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _tables(conn):
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_keep_schema_rows_times(tmp_path):
    path = tmp_path / "keep.db"
    placed = nt.write_keep_db(path, PLANTED)
    conn = sqlite3.connect(path)
    assert _tables(conn) == KEEP_TABLES
    for table, cols in KEEP_COLUMNS.items():
        assert _cols(conn, table) == cols, table
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 52
    for note, where in zip(PLANTED, placed):
        w = dict(where)
        title, created, updated, typ = conn.execute(
            "SELECT title, time_created, time_last_updated, type FROM tree_entity WHERE _id=?", (w["tree_entity"],)).fetchone()
        text, parent, icreated = conn.execute(
            "SELECT text, list_parent_id, time_created FROM list_item WHERE _id=?", (w["list_item"],)).fetchone()
        assert (title, created, updated, typ) == (note.title, note.created_ms, note.modified_ms, 0)
        assert (text, parent, icreated) == (note.body, w["tree_entity"], note.created_ms)
    # the note created first got the first ids
    assert dict(placed[1]) == {"tree_entity": 1, "list_item": 1}
    assert conn.execute("SELECT name FROM account").fetchone()[0] == "owner@gmail.com"
    conn.close()


def _read_varint(buf, pos):
    shift = value = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def decode(buf):
    """Minimal proto2 wire decoder: {field: [value, ...]} (varints as int, length-delimited as bytes)."""
    out, pos = {}, 0
    while pos < len(buf):
        key, pos = _read_varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(buf, pos)
        elif wire == 2:
            n, pos = _read_varint(buf, pos)
            value, pos = bytes(buf[pos:pos + n]), pos + n
        else:
            raise AssertionError(f"unexpected wire type {wire}")
        out.setdefault(field, []).append(value)
    return out


def test_note_protobuf_decodes_with_documented_fields():
    title, body = PLANTED[1].title, PLANTED[1].body
    raw = gzip.decompress(nt.encode_note_data(title, body))
    assert raw[:3] == b"\x08\x00\x12"  # what iLEAPP's reader checks first
    top = decode(raw)  # NoteStoreProto: document = 2
    assert set(top) == {1, 2}
    doc = decode(top[2][0])  # Document: version = 2, note = 3
    assert doc[2] == [0] and set(doc) == {1, 2, 3}
    assert top[2][0][:3] == b"\x08\x00\x10"
    note = decode(doc[3][0])  # Note: note_text = 2, attribute_run = 5
    text = note[2][0].decode("utf-8")
    assert text == f"{title}\n{body}"
    runs = [decode(r) for r in note[5]]
    lengths = [r[1][0] for r in runs]  # AttributeRun.length = 1 (UTF-16 units)
    assert sum(lengths) == len(text.encode("utf-16-le")) // 2
    assert decode(runs[0][2][0]) == {1: [0]}  # ParagraphStyle.style_type = 1: title
    assert len(runs) == 2 and 2 not in runs[1]


@pytest.mark.parametrize("variant,date_col,account_col", [("ios15", "ZCREATIONDATE3", "ZACCOUNT4"),
                                                          ("ios13", "ZCREATIONDATE1", "ZACCOUNT3")])
def test_notestore_rows_times_and_ileapp_query(tmp_path, variant, date_col, account_col):
    path = tmp_path / "NoteStore.sqlite"
    placed = nt.write_notestore(path, PLANTED, variant=variant)
    conn = sqlite3.connect(path)
    assert {"Z_PRIMARYKEY", "Z_METADATA", "Z_MODELCACHE", "ZICCLOUDSYNCINGOBJECT", "ZICNOTEDATA"} <= _tables(conn)
    cols = set(_cols(conn, "ZICCLOUDSYNCINGOBJECT"))
    assert NOTESTORE_READ | {date_col, account_col} <= cols
    assert ("ZCREATIONDATE3" in cols) == (variant == "ios15")
    assert _cols(conn, "ZICNOTEDATA") == ["Z_PK", "Z_ENT", "Z_OPT", "ZNOTE", "ZCRYPTOINITIALIZATIONVECTOR",
                                          "ZCRYPTOTAG", "ZDATA"]
    note_ent = conn.execute("SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME='ICNote'").fetchone()[0]
    # iLEAPP's join: note -> folder (ZTITLE2), note -> account (ZNAME), note data by ZNOTE
    rows = conn.execute(
        f"SELECT a.Z_PK, a.{date_col}, a.ZMODIFICATIONDATE1, a.ZTITLE1, a.ZSNIPPET, b.ZTITLE2, c.ZNAME, f.Z_PK, f.ZDATA "
        f"FROM ZICCLOUDSYNCINGOBJECT a JOIN ZICCLOUDSYNCINGOBJECT b ON a.ZFOLDER = b.Z_PK "
        f"JOIN ZICCLOUDSYNCINGOBJECT c ON a.{account_col} = c.Z_PK LEFT JOIN ZICNOTEDATA f ON f.ZNOTE = a.Z_PK "
        f"WHERE a.Z_ENT = ?", (note_ent,)).fetchall()
    by_pk = {r[0]: r for r in rows}
    assert len(rows) == len(PLANTED)
    for note, where in zip(PLANTED, placed):
        w = dict(where)
        pk, created, modified, title, snippet, folder, account, data_pk, data = by_pk[w["ZICCLOUDSYNCINGOBJECT"]]
        assert nt.from_cocoa_time(created) == note.created_ms and nt.from_cocoa_time(modified) == note.modified_ms
        assert (title, folder, account, data_pk) == (note.title, "Notes", "iCloud", w["ZICNOTEDATA"])
        assert snippet == (note.body.splitlines()[0] if note.body else "")
        text = decode(decode(decode(gzip.decompress(data))[2][0])[3][0])[2][0].decode()
        assert text == nt.note_text(note.title, note.body)
    conn.close()


def test_same_seed_same_bytes(tmp_path):
    start, end = T0, T0 + 30 * 86_400_000
    hashes = []
    for run in range(2):
        ns = nt.everyday_notes(np.random.default_rng(3), start, end, 50) + PLANTED
        k, s = tmp_path / f"keep{run}.db", tmp_path / f"NoteStore{run}.sqlite"
        nt.write_keep_db(k, ns)
        nt.write_notestore(s, ns)
        hashes.append((hashlib.sha256(k.read_bytes()).hexdigest(), hashlib.sha256(s.read_bytes()).hexdigest()))
    assert hashes[0] == hashes[1]


def test_everyday_notes_shape():
    start, end = T0, T0 + 30 * 86_400_000
    ns = nt.everyday_notes(np.random.default_rng(1), start, end, 300)
    assert len(ns) == 300
    assert all(start <= n.created_ms <= n.modified_ms < end for n in ns)
    assert [n.created_ms for n in ns] == sorted(n.created_ms for n in ns)
    titles = {n.title for n in ns}
    assert {"Shopping", "Wifi", "Gift ideas", "To do"} <= titles
    pl = nt.everyday_notes(np.random.default_rng(1), start, end, 30, lang="pl")
    assert any("ż" in n.body or "Ł" in n.body for n in pl)


def test_unknown_variant(tmp_path):
    with pytest.raises(ValueError):
        nt.write_notestore(tmp_path / "x.sqlite", PLANTED, variant="ios9")
