"""google_keep: keep.db (database versions 19-52+), built fixtures and the synth writer.

There is no real keep.db among the samples. The version-52 layout is the app's own CREATE
statements (DatabaseHelper.onCreate, as the synth writer has them); the old layout below is
version 52 without the columns the upgrade steps added later (``is_trashed`` at 19,
``user_edited_timestamp`` at 25, ...), i.e. what a store of about version 18 looks like.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from conftest import probe_of, run_adapter

from devtriage.ingest import ADAPTERS, google_keep
from devtriage.schema import conform
from devtriage.synth import notes as synth_notes

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z in Unix ms


def _ms(ts) -> int | None:
    return None if ts is None else int(ts.timestamp() * 1000)


def _v52(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    for statement in synth_notes.KEEP_V52:
        conn.execute(statement)
    conn.execute("INSERT INTO account (_id, name) VALUES (1, 'suspect@gmail.com')")
    return conn


def _note(conn, _id, title, created, updated, edited=None, type_=0, trashed=0, deleted=0, archived=0):
    conn.execute(
        "INSERT INTO tree_entity (_id, account_id, uuid, type, title, time_created, time_last_updated, "
        "user_edited_timestamp, is_trashed, is_deleted, is_archived) VALUES (?,1,?,?,?,?,?,?,?,?,?)",
        (_id, f"u{_id}", type_, title, created, updated, edited, trashed, deleted, archived),
    )


def _item(conn, _id, parent, text, order=0, deleted=0, checked=0):
    conn.execute(
        "INSERT INTO list_item (_id, account_id, uuid, text, list_parent_id, order_in_parent, is_deleted, is_checked, "
        "time_created, time_last_updated) VALUES (?,1,?,?,?,?,?,?,?,?)",
        (_id, f"i{_id}", text, parent, order, deleted, checked, T0, T0),
    )


def test_notes_lists_trash_and_orphans(tmp_path):
    path = tmp_path / "keep.db"
    conn = _v52(path)
    _note(conn, 1, "Shopping", T0, T0 + 5_000, T0 + 4_000, type_=1)
    _item(conn, 10, 1, "milk", order=3_000)
    _item(conn, 11, 1, "bread", order=1_000)
    _item(conn, 12, 1, "12 Acacia Ave", order=2_000, deleted=1)  # a line the user removed
    _note(conn, 2, "", T0 + 60_000, T0 + 70_000)  # untitled plain note
    _item(conn, 13, 2, "her new number 07700 900123")
    _note(conn, 3, "Binned", T0 + 120_000, T0 + 130_000, trashed=1)
    _item(conn, 14, 3, "LS1 4AB")
    _note(conn, 4, "Gone", T0 + 180_000, T0 + 190_000, deleted=1, archived=1)
    _note(conn, 5, "Title only", 0, T0 + 250_000)  # no items, creation time not set
    _item(conn, 20, 99, "orphan line b", order=1)
    _item(conn, 21, 99, "orphan line a", order=2)
    conn.commit()
    conn.close()

    probe = probe_of(path, synth_notes.ANDROID_KEEP)
    assert [n for n, mod in ADAPTERS.items() if mod.detect(probe)] == ["google_keep"]
    tables, warnings = run_adapter(google_keep, path, path=synth_notes.ANDROID_KEEP)
    t = tables["texts"]
    conform("texts", t)
    rows = t.to_pylist()
    assert [(r["src_table"], r["src_row"]) for r in rows] == [("tree_entity", i) for i in (1, 2, 3, 4, 5)] + [
        ("list_item", 21)]
    assert [r["text"] for r in rows] == [
        "Shopping\nmilk\n12 Acacia Ave\nbread",
        "her new number 07700 900123",
        "Binned\nLS1 4AB",
        "Gone",
        "Title only",
        "orphan line a\norphan line b",
    ]
    assert {r["kind"] for r in rows} == {"note"} and {r["app"] for r in rows} == {"keep"}
    assert [_ms(r["ts"]) for r in rows] == [T0, T0 + 60_000, T0 + 120_000, T0 + 180_000, None, None]
    # the user's last edit wins over the last (sync) update
    assert [_ms(r["last_ts"]) for r in rows] == [T0 + 4_000, T0 + 70_000, T0 + 130_000, T0 + 190_000,
                                                T0 + 250_000, None]
    assert [(r["trashed"], r["deleted"], r["archived"]) for r in rows[:5]] == [
        (False, False, False), (False, False, False), (True, False, False), (False, True, True), (False, False, False)]
    assert [(r["items"], r["deleted_items"], r["first_item_row"]) for r in rows] == [
        (3, 1, 10), (1, 0, 13), (1, 0, 14), (0, 0, None), (0, 0, None), (2, 0, 21)]
    assert rows[0]["note_type"] == 1 and rows[0]["account"] == "suspect@gmail.com"
    assert len(warnings) == 1 and "1 notes whose tree_entity row is missing" in warnings[0].reason


def _old_layout(statement: str) -> str:
    """A v52 CREATE TABLE statement without the columns that later upgrade steps added."""
    later = ("is_trashed", "user_edited_timestamp", "is_archived", "has_read", "is_owner", "sharer_email",
             "last_modifier_email", "is_brix_document_created", "is_graveyard_off", "is_graveyard_closed",
             "is_new_list_item_from_top", "last_changes_seen_timestamp", "shared_timestamp",
             "realtime_data_server_version", "notification_state", "base_version", "merge_token", "is_deleted")
    for col in later:
        statement = re.sub(rf",{col} [^,]*(?=,)", "", statement)
    return statement


def test_old_layout_without_optional_columns(tmp_path):
    path = tmp_path / "keep.db"
    conn = sqlite3.connect(path)
    for statement in synth_notes.KEEP_V52:
        if statement.startswith(("CREATE TABLE tree_entity", "CREATE TABLE list_item ", "CREATE TABLE account")):
            conn.execute(_old_layout(statement))
    cols = {r[1] for r in conn.execute("PRAGMA table_info(tree_entity)")}
    assert "is_trashed" not in cols and "user_edited_timestamp" not in cols and "is_deleted" not in cols
    conn.execute("INSERT INTO tree_entity (_id, account_id, uuid, title, time_created, time_last_updated) "
                 "VALUES (7, 1, 'u', 'Old', ?, ?)", (T0, T0 + 1))
    conn.execute("INSERT INTO list_item (_id, account_id, uuid, text, list_parent_id) VALUES (3, 1, 'i', 'body', 7)")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(google_keep, path)
    assert warnings == []
    row = tables["texts"].to_pylist()[0]
    assert (row["text"], row["src_row"], _ms(row["ts"]), _ms(row["last_ts"])) == ("Old\nbody", 7, T0, T0 + 1)
    assert row["trashed"] is None and row["deleted"] is None and row["deleted_items"] == 0


def test_synth_writer_round_trip(tmp_path):
    rng = np.random.Generator(np.random.PCG64(5))
    memo = synth_notes.everyday_notes(rng, T0, T0 + 30 * 86_400_000, 25)
    memo.append(synth_notes.Note(T0 + 3_600_000, T0 + 3_700_000, "", "Flat 2, 7 Mill Rd, Leeds LS6 2AB"))
    memo.append(synth_notes.Note(T0 + 7_200_000, T0 + 7_300_000, "J", "07700 900456"))
    path = tmp_path / "keep.db"
    placed = synth_notes.write_keep_db(path, memo)
    tables, warnings = run_adapter(google_keep, path, path=synth_notes.ANDROID_KEEP)
    assert warnings == []
    t = tables["texts"]
    assert t.num_rows == len(memo)
    by_row = {r["src_row"]: r for r in t.to_pylist()}
    for note, ((table, rowid), (item_table, item_row)) in zip(memo, placed):
        assert table == "tree_entity" and item_table == "list_item"
        r = by_row[rowid]
        want = f"{note.title}\n{note.body}" if note.title else note.body
        assert r["text"] == want
        assert r["first_item_row"] == item_row
        assert (_ms(r["ts"]), _ms(r["last_ts"])) == (note.created_ms, note.modified_ms)
    assert by_row[placed[-2][0][1]]["text"] == "Flat 2, 7 Mill Rd, Leeds LS6 2AB"


@pytest.fixture(scope="module")
def android_device(tmp_path_factory):
    from devtriage.synth.generate import generate

    root = tmp_path_factory.mktemp("synth_keep")
    exhibits = generate(root, 2, "tiny", 11, ["fixated", "fixated"])
    return [e for e in exhibits if json.loads(Path(str(e) + ".truth.json").read_text())["platform"] == "android"]


def test_synthetic_device_planted_notes(android_device):
    from devtriage import collect

    assert android_device, "the seed gives an Android device"
    for exhibit in android_device:
        truth = json.loads(Path(str(exhibit) + ".truth.json").read_text())
        planted = [p for s in truth["scenarios"] for p in s.get("planted_knowledge", [])
                   if p["file"] == synth_notes.ANDROID_KEEP]
        assert planted
        result = collect.ingest(exhibit)
        assert not [w for w in result.warnings if w["adapter"] == "google_keep"]
        t = result.tables["texts"]
        rows = [r for r in t.to_pylist() if r["app"] == "keep"]
        assert len(rows) == truth["counts"]["extra_files"][synth_notes.ANDROID_KEEP]["notes"]
        by_note = {(r["src_file"], r["src_table"], r["src_row"]): r for r in rows}
        by_item = {r["first_item_row"]: r for r in rows}
        for p in planted:
            want = int(dt.datetime.fromisoformat(p["ts"].replace("Z", "+00:00")).timestamp() * 1000)
            r = by_note.get((p["file"], p["table"], p["rowid"])) if p["table"] == "tree_entity" else by_item[p["rowid"]]
            assert r is not None, p
            assert abs(_ms(r["ts"]) - want) <= 1 and r["text"]


def test_pa_types(tmp_path):
    path = tmp_path / "keep.db"
    synth_notes.write_keep_db(path, [synth_notes.Note(T0, T0 + 1, "a", "b")])
    tables, _ = run_adapter(google_keep, path)
    t = conform("texts", tables["texts"])
    assert t.schema.field("last_ts").type == pa.timestamp("ms", tz="UTC")
    assert t.schema.field("trashed").type == pa.bool_()
