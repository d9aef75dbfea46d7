"""Samsung Notes ``sdoc.db`` (Android): notes as ``texts`` rows of kind ``note``.

``data/data/com.samsung.android.app.notes/databases/sdoc.db``: the Room database of
Samsung Notes (``NotesDatabase.DATABASE_NAME`` = ``sdoc.db``). One row per note in table
``sdoc`` (``DBSchema.Document.TABLE_NAME``); the columns read here, from the app's own
``CREATE TABLE IF NOT EXISTS `sdoc``` statement (database version 42, as decompiled in a
public repository):

* ``_id`` (rowid), ``UUID``;
* ``title`` (TEXT), ``strippedContent`` (BLOB: the note's plain text, stored through
  the app's Room type converter as the UTF-8 bytes of a string);
* ``createdAt``, ``lastModifiedAt`` (INTEGER, Unix milliseconds: Room's
  ``Date.getTime()``);
* ``isDeleted``, ``isLock`` (a note locked by the user; its content may be encrypted,
  ``contentSecureVersion``), ``isFavorite``, ``recycle_bin_time_moved`` (ms; 0 when the
  note is not in the recycle bin), ``categoryUUID`` (folder), ``filePath`` (the
  ``.sdocx`` file holding the full document).

Versions: written for Room database version 42 (the app release is not recorded in the
source); the query needs only
``sdoc(title, strippedContent, createdAt, lastModifiedAt)`` and reads the other columns
when they exist.

One ``texts`` row per ``sdoc`` row (``src_table`` ``sdoc``, ``src_row`` its ``_id``),
deleted and recycled notes included:

* ``ts``: ``createdAt``; ``last_ts``: ``lastModifiedAt`` (0 is unset: null);
* ``kind`` ``note``; ``app`` ``samsung_notes``;
* ``text``: the title, a newline, then ``strippedContent`` decoded as UTF-8; the one
  present when the other is empty. Bytes that are not UTF-8 (for example a locked
  note's encrypted content) are decoded with U+FFFD and counted in a warning;
* extra: ``title``, ``body`` (raw), ``uuid``, ``deleted``, ``locked``, ``favorite``
  (booleans, null when the column is absent), ``recycled_ts`` (``recycle_bin_time_moved``),
  ``category_uuid``, ``file_path``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import timestamps, zero_to_null
from .base import Artifact, Context, Probe
from .sql import ref

NAME = "samsung_notes"
FORMAT = "Samsung Notes sdoc.db (table sdoc: title + strippedContent)"
VERSIONS = "Samsung Notes Room database version 42 (sdoc as created by Migration_41_To_42); other versions with the same sdoc columns"
TABLES = ("texts",)

_REQUIRED = {"sdoc": ("title", "strippedContent", "createdAt", "lastModifiedAt")}
_SEP = "\n"


def detect(probe: Probe) -> bool:
    return probe.requires(_REQUIRED)


def _rows(artifact: Artifact, ctx: Context) -> pa.Table:
    t = "sdoc"
    key = sql.rowid(artifact, t)
    query = (
        f"SELECT {key} AS src_row, title, CAST(strippedContent AS TEXT) AS body, "
        "createdAt AS created, lastModifiedAt AS modified, "
        f"{ref(artifact, t, 'UUID')} AS uuid, "
        f"{ref(artifact, t, 'isDeleted')} AS is_deleted, "
        f"{ref(artifact, t, 'isLock')} AS is_lock, "
        f"{ref(artifact, t, 'isFavorite')} AS is_favorite, "
        f"{ref(artifact, t, 'recycle_bin_time_moved')} AS recycled, "
        f"{ref(artifact, t, 'categoryUUID')} AS category_uuid, "
        f"{ref(artifact, t, 'filePath')} AS file_path "
        f"FROM sdoc ORDER BY {key}"
    )
    return sql.read(artifact, query, ctx=ctx, what="samsung notes sdoc", types={
        "src_row": pa.int64(), "title": pa.string(), "body": pa.string(), "created": pa.int64(),
        "modified": pa.int64(), "uuid": pa.string(), "is_deleted": pa.int64(), "is_lock": pa.int64(),
        "is_favorite": pa.int64(), "recycled": pa.int64(), "category_uuid": pa.string(), "file_path": pa.string(),
    })


def _text(title, body) -> pa.Array:
    """title + newline + body; the one present when the other is null or empty."""
    empty = pa.scalar(None, pa.string())
    t = pc.if_else(pc.equal(pc.fill_null(title, ""), ""), empty, title)
    b = pc.if_else(pc.equal(pc.fill_null(body, ""), ""), empty, body)
    return pc.coalesce(pc.binary_join_element_wise(t, b, _SEP), t, b, pa.scalar("", pa.string()))


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    rows = _rows(artifact, ctx)
    n = rows.num_rows
    title = rows.column("title").combine_chunks()
    body = rows.column("body").combine_chunks()
    created, _ = zero_to_null(rows.column("created").combine_chunks())
    modified, _ = zero_to_null(rows.column("modified").combine_chunks())
    recycled, _ = zero_to_null(rows.column("recycled").combine_chunks())
    locked = pc.not_equal(rows.column("is_lock"), 0)
    n_locked = int(pc.sum(pc.fill_null(locked, False)).as_py() or 0)
    if n_locked:
        ctx.warn(f"samsung notes: {n_locked} locked notes: their strippedContent may be encrypted "
                 "(read as stored; only the title is then readable)")
    yield "texts", pa.table({
        "ts": timestamps(created, "ms", ctx, "samsung notes createdAt"),
        "kind": pa.repeat(pa.scalar("note"), n),
        "text": _text(title, body),
        "src_table": pa.repeat(pa.scalar("sdoc"), n),
        "src_row": rows.column("src_row"),
        "last_ts": timestamps(modified, "ms", ctx, "samsung notes lastModifiedAt"),
        "app": pa.repeat(pa.scalar("samsung_notes"), n),
        "title": title,
        "body": body,
        "uuid": rows.column("uuid"),
        "deleted": pc.not_equal(rows.column("is_deleted"), 0),
        "locked": locked,
        "favorite": pc.not_equal(rows.column("is_favorite"), 0),
        "recycled_ts": timestamps(recycled, "ms", ctx, "samsung notes recycle_bin_time_moved"),
        "category_uuid": rows.column("category_uuid"),
        "file_path": rows.column("file_path"),
    })
