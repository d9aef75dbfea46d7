"""Apple Notes ``NoteStore.sqlite`` (iOS 13-17): notes as ``texts`` rows of kind ``note``.

``private/var/mobile/Containers/Shared/AppGroup/<uuid>/NoteStore.sqlite`` (app group
``group.com.apple.notes``; ``AppDomainGroup-group.com.apple.notes`` in an iTunes backup).
A Core Data store: accounts, folders, notes and attachments share
``ZICCLOUDSYNCINGOBJECT``, told apart by ``Z_ENT``, whose number for notes is looked up in
``Z_PRIMARYKEY`` by ``Z_NAME`` = ``ICNote`` (it differs between iOS releases). A note row
has ``ZTITLE1`` (the first line, kept in clear even when the note is locked),
``ZSNIPPET``, ``ZISPASSWORDPROTECTED``, ``ZMARKEDFORDELETION`` (in Recently Deleted),
``ZMODIFICATIONDATE1`` and a creation date whose column moved with iOS 15:
``ZCREATIONDATE3`` (iOS 15-17) or ``ZCREATIONDATE1`` (iOS 13-14); the highest-numbered
one present is read first (as apple_cloud_notes_parser and iLEAPP do). Times are Core
Data seconds since 2001-01-01 (float). The body is ``ZICNOTEDATA.ZDATA`` (its ``ZNOTE`` ->
the note's ``Z_PK``): gzip of a protobuf ``NoteStoreProto``, whose field 2 (Document),
field 3 (Note), field 2 is the note's text, title line first (field numbers from
apple_cloud_notes_parser's ``notestore.proto``). A locked note's ``ZDATA`` is AES-GCM
encrypted and is not read.

One ``texts`` row per note (``src_table`` ``ZICCLOUDSYNCINGOBJECT``, ``src_row`` its
``Z_PK``), deleted ones included:

* ``ts``: the creation date; ``last_ts``: ``ZMODIFICATIONDATE1``; ``kind`` ``note``;
  ``app`` ``apple_notes``;
* ``text``: the note's text from ``ZDATA`` as written (title line, newline, body); for a
  locked note, the title alone; when ``ZDATA`` is missing, corrupt or not the expected
  protobuf, the title and (when there is one) a newline and ``ZSNIPPET``, with a warning;
* extra: ``title`` (``ZTITLE1``), ``snippet``, ``locked`` (``ZISPASSWORDPROTECTED``),
  ``deleted`` (``ZMARKEDFORDELETION``), ``body_read`` (the text came from ``ZDATA``),
  ``notedata_row`` (``ZICNOTEDATA.Z_PK``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import cocoa_ts
from .base import Artifact, Context, Probe

NAME = "apple_notes"
FORMAT = "Apple Notes NoteStore.sqlite (ZICCLOUDSYNCINGOBJECT notes + gzip protobuf ZICNOTEDATA.ZDATA)"
VERSIONS = "iOS 13-17 (creation date in ZCREATIONDATE3 from iOS 15, ZCREATIONDATE1 before)"
TABLES = ("texts",)

_REQUIRED = {
    "Z_PRIMARYKEY": ("Z_ENT", "Z_NAME"),
    "ZICCLOUDSYNCINGOBJECT": ("Z_PK", "Z_ENT", "ZTITLE1"),
    "ZICNOTEDATA": ("Z_PK", "ZNOTE", "ZDATA"),
}
_CSO = "ZICCLOUDSYNCINGOBJECT"
NOTE_TEXT_PATH = (2, 3, 2)  # NoteStoreProto.document -> Document.note -> Note.note_text


def detect(probe: Probe) -> bool:
    return probe.requires(_REQUIRED)


# --- protobuf: just enough of the wire format -------------------------------------------------


class ProtoError(ValueError):
    pass


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ProtoError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ProtoError("varint longer than 10 bytes")


def fields(buf: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """``(field number, wire type, value)`` of each field of one protobuf message.

    Varints (wire type 0) give an int, length-delimited fields (2) their bytes; fixed
    64/32-bit fields (1, 5) are skipped over as raw bytes. Groups (3, 4) and anything that
    runs past the end raise :class:`ProtoError`.
    """
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ProtoError("field number 0")
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 2:
            size, pos = _varint(buf, pos)
            if pos + size > end:
                raise ProtoError("length-delimited field runs past the end")
            value, pos = buf[pos:pos + size], pos + size
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            if pos + size > end:
                raise ProtoError("fixed field runs past the end")
            value, pos = buf[pos:pos + size], pos + size
        else:
            raise ProtoError(f"unsupported wire type {wire}")
        yield number, wire, value


def field_path(buf: bytes, path: tuple[int, ...]) -> bytes | None:
    """The bytes of the first length-delimited field at ``path`` (nested field numbers)."""
    for number in path:
        found = None
        for num, wire, value in fields(buf):
            if num == number and wire == 2:
                found = value
                break
        if found is None:
            return None
        buf = found
    return buf


def note_text(zdata: bytes) -> str:
    """The text of a note from its ``ZDATA`` (gzip, or zlib, of a NoteStoreProto).

    Raises ``zlib.error`` / ``EOFError`` for bad compression, :class:`ProtoError` for a bad
    protobuf or one without the text field, ``UnicodeDecodeError`` for text that is not UTF-8.
    """
    d = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, chosen by the data
    raw = d.decompress(zdata)
    if not d.eof:
        raise EOFError("compressed data ends early")
    text = field_path(raw, NOTE_TEXT_PATH)
    if text is None:
        raise ProtoError("no note text (field 2 -> 3 -> 2)")
    return text.decode("utf-8")


# --- the adapter ------------------------------------------------------------------------------


def _first_present(artifact: Artifact, *names: str) -> str:
    for name in names:
        if name in artifact.columns(_CSO):
            return f'n."{name}"'
    return "NULL"


def _entity(artifact: Artifact, ctx: Context) -> int | None:
    t = sql.read(artifact, "SELECT Z_ENT AS ent FROM Z_PRIMARYKEY WHERE Z_NAME = 'ICNote'", ctx=ctx,
                 what="NoteStore Z_PRIMARYKEY", types={"ent": pa.int64()})
    ents = [e for e in t.column("ent").to_pylist() if e is not None]
    return ents[0] if ents else None


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    ent = _entity(artifact, ctx)
    if ent is None:
        ctx.warn("NoteStore: no ICNote entity in Z_PRIMARYKEY: notes taken as the rows that ZICNOTEDATA points at")
        where = "n.Z_PK IN (SELECT ZNOTE FROM ZICNOTEDATA)"
    else:
        where = f"n.Z_ENT = {int(ent)}"
    have = [c for c in ("ZCREATIONDATE3", "ZCREATIONDATE1") if c in artifact.columns(_CSO)]
    created = f"COALESCE({', '.join(f'n.{c}' for c in have)})" if len(have) > 1 else _first_present(
        artifact, "ZCREATIONDATE3", "ZCREATIONDATE1", "ZCREATIONDATE")
    modified = _first_present(artifact, "ZMODIFICATIONDATE1", "ZMODIFICATIONDATE")
    cols = artifact.columns(_CSO)
    by_note = "(SELECT MIN(x.Z_PK) FROM ZICNOTEDATA x WHERE x.ZNOTE = n.Z_PK)"
    link = f"d.Z_PK = COALESCE(n.ZNOTEDATA, {by_note})" if "ZNOTEDATA" in cols else f"d.Z_PK = {by_note}"
    query = (
        "SELECT n.Z_PK AS src_row, n.ZTITLE1 AS title, "
        f"{sql.ref(artifact, _CSO, 'ZSNIPPET', 'n.')} AS snippet, "
        f"{created} AS created, {modified} AS modified, "
        f"{sql.ref(artifact, _CSO, 'ZISPASSWORDPROTECTED', 'n.')} AS locked, "
        f"{sql.ref(artifact, _CSO, 'ZMARKEDFORDELETION', 'n.')} AS deleted, "
        "d.Z_PK AS notedata_row, d.ZDATA AS zdata "
        f"FROM {_CSO} n LEFT JOIN ZICNOTEDATA d ON {link} "
        f"WHERE {where} ORDER BY n.Z_PK"
    )
    t = sql.read(artifact, query, ctx=ctx, what="NoteStore notes", types={
        "src_row": pa.int64(), "title": pa.string(), "snippet": pa.string(), "created": pa.float64(),
        "modified": pa.float64(), "locked": pa.int64(), "deleted": pa.int64(), "notedata_row": pa.int64(),
        "zdata": pa.binary(),
    })

    titles = t.column("title").to_pylist()
    snippets = t.column("snippet").to_pylist()
    locked = [bool(v) for v in t.column("locked").to_pylist()]
    texts: list[str] = []
    body_read: list[bool] = []
    n_locked = n_missing = n_bad = 0
    for title, snippet, is_locked, zdata in zip(titles, snippets, locked, t.column("zdata").to_pylist()):
        text = None
        if is_locked:
            n_locked += 1
        elif zdata is None:
            n_missing += 1
        else:
            try:
                text = note_text(zdata)
            except (zlib.error, EOFError, ProtoError, UnicodeDecodeError):
                n_bad += 1
        body_read.append(text is not None)
        if text is None:
            text = title or ""
            if not is_locked and snippet:
                text = f"{text}\n{snippet}" if text else snippet
        texts.append(text)
    if n_locked:
        ctx.warn(f"NoteStore: {n_locked} password-protected (encrypted) notes: kept with their title only (locked)")
    if n_missing:
        ctx.warn(f"NoteStore: {n_missing} notes without ZICNOTEDATA.ZDATA: kept with title and snippet")
    if n_bad:
        ctx.warn(f"NoteStore: {n_bad} notes whose ZDATA is not a readable gzip protobuf: kept with title and snippet")

    n = t.num_rows
    yield "texts", pa.table({
        "ts": cocoa_ts(t.column("created"), ctx, "NoteStore creation date", "creation date", unit="cocoa_s"),
        "kind": pa.repeat(pa.scalar("note"), n),
        "text": pa.array(texts, pa.string()),
        "src_table": pa.repeat(pa.scalar(_CSO), n),
        "src_row": t.column("src_row"),
        "last_ts": cocoa_ts(t.column("modified"), ctx, "NoteStore ZMODIFICATIONDATE1", "modification date",
                            unit="cocoa_s"),
        "app": pa.repeat(pa.scalar("apple_notes"), n),
        "title": t.column("title"),
        "snippet": t.column("snippet"),
        "locked": pa.array(locked, pa.bool_()),
        "deleted": pc.not_equal(t.column("deleted"), 0),
        "body_read": pa.array(body_read, pa.bool_()),
        "notedata_row": t.column("notedata_row"),
    })
