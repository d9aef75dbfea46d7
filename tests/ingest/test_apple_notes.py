"""apple_notes: NoteStore.sqlite (iOS 13-17), built fixtures and the synth writer.

There is no real NoteStore.sqlite among the samples. Layouts are the synth writer's
(the columns iLEAPP and apple_cloud_notes_parser read, with Core Data's types) in its two
variants: ``ios15`` (iOS 15-17, ``ZCREATIONDATE3``) and ``ios13`` (iOS 13-14,
``ZCREATIONDATE1``); an iOS 16/17 store adds ``ZACCOUNT5``-``ZACCOUNT8``, added below.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import probe_of, run_adapter

from devtriage.ingest import ADAPTERS, apple_notes
from devtriage.ingest.apple_notes import ProtoError, field_path, fields, note_text
from devtriage.schema import conform
from devtriage.synth import notes as synth_notes

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z in Unix ms


def _ms(ts) -> int | None:
    return None if ts is None else int(ts.timestamp() * 1000)


def _memo() -> list[synth_notes.Note]:
    rng = np.random.Generator(np.random.PCG64(3))
    memo = synth_notes.everyday_notes(rng, T0, T0 + 30 * 86_400_000, 20)
    memo.append(synth_notes.Note(T0 + 3_600_123, T0 + 3_700_000, "", "Flat 2, 7 Mill Rd, Leeds LS6 2AB"))
    memo.append(synth_notes.Note(T0 + 7_200_000, T0 + 7_300_000, "Zoë – new number", "07700 900456 ☎"))
    return memo


@pytest.mark.parametrize("variant", ["ios15", "ios13"])
def test_synth_writer_round_trip(tmp_path, variant):
    memo = _memo()
    path = tmp_path / "NoteStore.sqlite"
    placed = synth_notes.write_notestore(path, memo, variant=variant)
    probe = probe_of(path, synth_notes.IOS_NOTESTORE)
    assert [n for n, mod in ADAPTERS.items() if mod.detect(probe)] == ["apple_notes"]
    tables, warnings = run_adapter(apple_notes, path, path=synth_notes.IOS_NOTESTORE)
    assert warnings == []
    t = tables["texts"]
    conform("texts", t)
    assert t.num_rows == len(memo)  # the account and folder rows are not notes
    by_row = {r["src_row"]: r for r in t.to_pylist()}
    for note, ((table, rowid), (data_table, data_row)) in zip(memo, placed):
        assert (table, data_table) == ("ZICCLOUDSYNCINGOBJECT", "ZICNOTEDATA")
        r = by_row[rowid]
        assert r["src_table"] == "ZICCLOUDSYNCINGOBJECT" and r["notedata_row"] == data_row
        assert r["text"] == synth_notes.note_text(note.title, note.body)
        assert (_ms(r["ts"]), _ms(r["last_ts"])) == (note.created_ms, note.modified_ms)
        assert (r["kind"], r["app"], r["locked"], r["deleted"], r["body_read"]) == (
            "note", "apple_notes", False, False, True)
    assert by_row[placed[-1][0][1]]["text"] == "Zoë – new number\n07700 900456 ☎"


def test_ios17_layout_and_other_entity_numbers(tmp_path):
    """Entity numbers come from Z_PRIMARYKEY, not from a fixed table; extra iOS 16/17 columns do no harm."""
    memo = _memo()[-2:]
    path = tmp_path / "NoteStore.sqlite"
    placed = synth_notes.write_notestore(path, memo, variant="ios15")
    conn = sqlite3.connect(path)
    for k in (5, 6, 7, 8):
        conn.execute(f"ALTER TABLE ZICCLOUDSYNCINGOBJECT ADD COLUMN ZACCOUNT{k} INTEGER")
    # renumber: ICNote becomes 12 and the folder takes the old note number 4
    conn.execute("UPDATE ZICCLOUDSYNCINGOBJECT SET Z_ENT = 12 WHERE Z_ENT = 4")
    conn.execute("UPDATE ZICCLOUDSYNCINGOBJECT SET Z_ENT = 4 WHERE Z_ENT = 3")
    conn.execute("UPDATE Z_PRIMARYKEY SET Z_ENT = 12 WHERE Z_NAME = 'ICNote'")
    conn.execute("UPDATE Z_PRIMARYKEY SET Z_ENT = 4 WHERE Z_NAME = 'ICFolder'")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(apple_notes, path)
    assert warnings == []
    rows = tables["texts"].to_pylist()
    assert sorted(r["src_row"] for r in rows) == sorted(p[0][1] for p in placed)


def _lock_and_break(path: Path, placed) -> tuple[int, int, int]:
    """Lock the first note (encrypted ZDATA), corrupt the second's gzip, the third's protobuf; mark one deleted."""
    (locked, locked_data), (bad_gz, bad_gz_data), (bad_pb, bad_pb_data) = (
        (p[0][1], p[1][1]) for p in placed[:3])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE ZICCLOUDSYNCINGOBJECT SET ZISPASSWORDPROTECTED = 1, ZSNIPPET = NULL WHERE Z_PK = ?", (locked,))
    conn.execute("UPDATE ZICNOTEDATA SET ZDATA = ?, ZCRYPTOTAG = ?, ZCRYPTOINITIALIZATIONVECTOR = ? WHERE Z_PK = ?",
                 (bytes(range(200)), b"t" * 16, b"v" * 16, locked_data))
    good = conn.execute("SELECT ZDATA FROM ZICNOTEDATA WHERE Z_PK = ?", (bad_gz_data,)).fetchone()[0]
    conn.execute("UPDATE ZICNOTEDATA SET ZDATA = ? WHERE Z_PK = ?", (good[: len(good) // 2], bad_gz_data))
    conn.execute("UPDATE ZICNOTEDATA SET ZDATA = ? WHERE Z_PK = ?",
                 (gzip.compress(b"\x08\x00\x12\x05\x08\x00\x1a\x40xx", mtime=0), bad_pb_data))
    conn.execute("UPDATE ZICCLOUDSYNCINGOBJECT SET ZMARKEDFORDELETION = 1 WHERE Z_PK = ?", (bad_pb,))
    conn.commit()
    conn.close()
    return locked, bad_gz, bad_pb


def test_locked_and_corrupt_notes(tmp_path):
    memo = [
        synth_notes.Note(T0, T0 + 1_000, "Private", "her new address 7 Mill Rd"),
        synth_notes.Note(T0 + 10_000, T0 + 11_000, "Half", "first line\nsecond line"),
        synth_notes.Note(T0 + 20_000, T0 + 21_000, "Bad proto", "LS6 2AB"),
        synth_notes.Note(T0 + 30_000, T0 + 31_000, "Fine", "still read"),
    ]
    path = tmp_path / "NoteStore.sqlite"
    placed = synth_notes.write_notestore(path, memo, variant="ios13")
    locked, bad_gz, bad_pb = _lock_and_break(path, placed)
    tables, warnings = run_adapter(apple_notes, path)
    by_row = {r["src_row"]: r for r in tables["texts"].to_pylist()}
    assert len(by_row) == 4
    r = by_row[locked]
    assert (r["text"], r["locked"], r["body_read"], _ms(r["ts"])) == ("Private", True, False, T0)
    assert "Mill Rd" not in r["text"]
    r = by_row[bad_gz]
    assert (r["text"], r["locked"], r["body_read"]) == ("Half\nfirst line", False, False)  # title + ZSNIPPET
    r = by_row[bad_pb]
    assert (r["text"], r["deleted"], r["body_read"]) == ("Bad proto\nLS6 2AB", True, False)
    assert by_row[placed[3][0][1]]["text"] == "Fine\nstill read"
    reasons = [w.reason for w in warnings]
    assert len(reasons) == 2
    assert any("1 password-protected" in w and "locked" in w for w in reasons)
    assert any("2 notes whose ZDATA is not a readable gzip protobuf" in w for w in reasons)


def test_missing_notedata_and_no_entity_row(tmp_path):
    memo = [synth_notes.Note(T0, T0 + 1, "A", "a body"), synth_notes.Note(T0 + 5, T0 + 6, "B", "b body")]
    path = tmp_path / "NoteStore.sqlite"
    placed = synth_notes.write_notestore(path, memo)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM ZICNOTEDATA WHERE Z_PK = ?", (placed[1][1][1],))
    conn.execute("DELETE FROM Z_PRIMARYKEY WHERE Z_NAME = 'ICNote'")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(apple_notes, path)
    rows = tables["texts"].to_pylist()
    # without the entity number only notes that ZICNOTEDATA points at can be told apart
    assert [(r["src_row"], r["text"]) for r in rows] == [(placed[0][0][1], "A\na body")]
    assert len(warnings) == 1 and "no ICNote entity" in warnings[0].reason


def test_protobuf_reader():
    msg = (b"\x08\x96\x01"  # 1: varint 150
           b"\x11" + b"\x00" * 8  # 2: fixed64
           + b"\x1d" + b"\x00" * 4  # 3: fixed32
           + b"\x22\x03abc")  # 4: bytes
    assert list(fields(msg)) == [(1, 0, 150), (2, 1, b"\x00" * 8), (3, 5, b"\x00" * 4), (4, 2, b"abc")]
    nested = b"\x12\x07\x1a\x05\x12\x03hey"
    assert field_path(nested, (2, 3, 2)) == b"hey"
    assert field_path(nested, (2, 4)) is None
    for bad in (b"\x08\x96", b"\x22\x09abc", b"\x0b", b"\x00\x01"):
        with pytest.raises(ProtoError):
            list(fields(bad))
    assert note_text(synth_notes.encode_note_data("T", "b")) == "T\nb"
    assert note_text(__import__("zlib").compress(synth_notes.encode_note_proto("T", ""))) == "T"
    with pytest.raises(ProtoError):
        note_text(gzip.compress(b"\x08\x00"))


@pytest.fixture(scope="module")
def ios_device(tmp_path_factory):
    from devtriage.synth.generate import generate

    root = tmp_path_factory.mktemp("synth_notes")
    exhibits = generate(root, 2, "tiny", 11, ["fixated", "fixated"])
    return [e for e in exhibits if json.loads(Path(str(e) + ".truth.json").read_text())["platform"] == "ios"]


def test_synthetic_device_planted_notes(ios_device):
    from devtriage import collect

    assert ios_device, "the seed gives an iOS device"
    for exhibit in ios_device:
        truth = json.loads(Path(str(exhibit) + ".truth.json").read_text())
        planted = [p for s in truth["scenarios"] for p in s.get("planted_knowledge", [])
                   if p["file"] == synth_notes.IOS_NOTESTORE]
        assert planted
        result = collect.ingest(exhibit)
        assert not [w for w in result.warnings if w["adapter"] == "apple_notes"]
        rows = [r for r in result.tables["texts"].to_pylist() if r["app"] == "apple_notes"]
        assert len(rows) == truth["counts"]["extra_files"][synth_notes.IOS_NOTESTORE]["notes"]
        by_note = {(r["src_file"], r["src_table"], r["src_row"]): r for r in rows}
        by_data = {r["notedata_row"]: r for r in rows}
        for p in planted:
            want = int(dt.datetime.fromisoformat(p["ts"].replace("Z", "+00:00")).timestamp() * 1000)
            if p["table"] == "ZICCLOUDSYNCINGOBJECT":
                r = by_note[(p["file"], p["table"], p["rowid"])]
            else:
                r = by_data[p["rowid"]]
            assert abs(_ms(r["ts"]) - want) <= 1 and r["body_read"] and r["text"].strip()


def test_note_without_zdata_keeps_title_and_snippet(tmp_path):
    memo = [synth_notes.Note(T0, T0 + 1, "Moved", "Flat 2\n7 Mill Rd"), synth_notes.Note(T0 + 5, T0 + 6, "B", "b")]
    path = tmp_path / "NoteStore.sqlite"
    placed = synth_notes.write_notestore(path, memo)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE ZICNOTEDATA SET ZDATA = NULL WHERE Z_PK = ?", (placed[0][1][1],))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(apple_notes, path)
    by_row = {r["src_row"]: r for r in tables["texts"].to_pylist()}
    r = by_row[placed[0][0][1]]
    assert (r["text"], r["body_read"], r["notedata_row"]) == ("Moved\nFlat 2", False, placed[0][1][1])
    assert by_row[placed[1][0][1]]["text"] == "B\nb"
    assert [w.reason for w in warnings] == [
        "NoteStore: 1 notes without ZICNOTEDATA.ZDATA: kept with title and snippet"]
