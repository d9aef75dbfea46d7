"""Google Keep ``keep.db`` (Android): notes and lists as ``texts`` rows of kind ``note``.

``data/data/com.google.android.keep/databases/keep.db``. Keep's own SQLite store (schema
from the app's ``DatabaseHelper``): ``tree_entity`` holds one row per note or list
(``type`` 0 note, 1 list; ``title``; ``time_created``, ``time_last_updated`` and, from
database version 25, ``user_edited_timestamp``, all Unix milliseconds; ``is_deleted``;
``is_trashed`` from version 19; ``is_archived``). The written text is in ``list_item``:
a plain note is one item, a list has one item per line, each pointing at its note by
``list_parent_id`` (-> ``tree_entity._id``) and placed by ``order_in_parent`` (Keep shows
the highest value first, as its sync API's ``sort``); ``list_item.is_deleted`` marks a
line the user removed.

Versions: the query needs only ``tree_entity(_id, title, time_created)`` and
``list_item(text, list_parent_id)``, present since the first releases; every other
column is read when it exists, so database versions 19 to 52 (the decompiled schema) and
later releases (which add columns such as ``list_item.synced_text``) read the same way.

One ``texts`` row per ``tree_entity`` row (``src_table`` ``tree_entity``, ``src_row``
its ``_id``), trashed and deleted notes included:

* ``ts``: ``time_created``; ``last_ts``: ``user_edited_timestamp`` (the user's last
  edit), else ``time_last_updated``;
* ``kind`` ``note``; ``app`` ``keep``;
* ``text``: the title, a newline, then the items' text joined by newlines in Keep's
  order (every item, removed lines too: they are what the user wrote); the title or the
  body alone when the other is empty;
* extra: ``title`` and ``body`` (raw), ``note_type`` (raw ``type``), ``trashed``,
  ``deleted``, ``archived`` (booleans, null when the version lacks the column),
  ``items`` (number of list items), ``deleted_items`` (of which removed),
  ``first_item_row`` (``list_item._id`` of the first item shown: for a plain note, the row
  holding its text), ``account`` (``account.name``, the Google account).

List items whose note row is missing (deleted from ``tree_entity``) are still evidence:
each such parent id gives a row with ``src_table`` ``list_item`` and ``src_row`` its first
item's ``_id``, and a warning with their count.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import lookup, timestamps
from .base import Artifact, Context, Probe
from .sql import ref

NAME = "google_keep"
FORMAT = "Google Keep keep.db (tree_entity notes/lists + list_item text)"
VERSIONS = "Keep database versions 19-52 and later (columns added since are read when present)"
TABLES = ("texts",)

_REQUIRED = {"tree_entity": ("_id", "title", "time_created"), "list_item": ("text", "list_parent_id")}
_SEP = "\n"


def detect(probe: Probe) -> bool:
    return probe.requires(_REQUIRED)


def _notes(artifact: Artifact, ctx: Context) -> pa.Table:
    t = "tree_entity"
    account = (
        "(SELECT a.name FROM account a WHERE a._id = e.account_id)"
        if artifact.probe.has("account", "_id", "name") and "account_id" in artifact.columns(t)
        else "NULL"
    )
    query = (
        "SELECT e._id AS src_row, e.title AS title, "
        f"{ref(artifact, t, 'type', 'e.')} AS note_type, "
        "e.time_created AS created, "
        f"{ref(artifact, t, 'time_last_updated', 'e.')} AS updated, "
        f"{ref(artifact, t, 'user_edited_timestamp', 'e.')} AS edited, "
        f"{ref(artifact, t, 'is_trashed', 'e.')} AS is_trashed, "
        f"{ref(artifact, t, 'is_deleted', 'e.')} AS is_deleted, "
        f"{ref(artifact, t, 'is_archived', 'e.')} AS is_archived, "
        f"{account} AS account "
        "FROM tree_entity e ORDER BY e._id"
    )
    return sql.read(artifact, query, ctx=ctx, what="keep tree_entity", types={
        "src_row": pa.int64(), "title": pa.string(), "note_type": pa.int64(), "created": pa.int64(),
        "updated": pa.int64(), "edited": pa.int64(), "is_trashed": pa.int64(), "is_deleted": pa.int64(),
        "is_archived": pa.int64(), "account": pa.string(),
    })


def _items(artifact: Artifact, ctx: Context) -> pa.Table:
    t = "list_item"
    order = "i.order_in_parent DESC, " if "order_in_parent" in artifact.columns(t) else ""
    key = sql.rowid(artifact, t, "i.")
    query = (
        f"SELECT {key} AS item_id, i.list_parent_id AS parent, i.text AS text, "
        f"{ref(artifact, t, 'is_deleted', 'i.')} AS is_deleted "
        f"FROM list_item i ORDER BY i.list_parent_id, {order}{key}"
    )
    return sql.read(artifact, query, ctx=ctx, what="keep list_item", types={
        "item_id": pa.int64(), "parent": pa.int64(), "text": pa.string(), "is_deleted": pa.int64(),
    })


def _bodies(items: pa.Table) -> pa.Table:
    """Per parent id: the items' text joined in order, item count, removed count, first item id."""
    if items.num_rows == 0:
        return pa.table({"parent": pa.array([], pa.int64()), "body": pa.array([], pa.string()),
                         "items": pa.array([], pa.int64()), "deleted_items": pa.array([], pa.int64()),
                         "first_item": pa.array([], pa.int64())})
    prepared = pa.table({
        "parent": items.column("parent"),
        "text": pc.fill_null(items.column("text"), ""),
        "removed": pc.cast(pc.fill_null(pc.not_equal(items.column("is_deleted"), 0), False), pa.int64()),
        "item_id": items.column("item_id"),
    })
    # single-threaded grouping keeps each group's rows in the query's order
    g = prepared.group_by("parent", use_threads=False).aggregate(
        [("text", "list"), ("text", "count"), ("removed", "sum"), ("item_id", "first")]
    )
    return pa.table({
        "parent": g.column("parent"),
        "body": pc.binary_join(g.column("text_list"), _SEP),
        "items": g.column("text_count"),
        "deleted_items": g.column("removed_sum"),
        "first_item": g.column("item_id_first"),
    })


def _flag(values) -> pa.Array:
    return pc.not_equal(values, 0)


def _text(title, body) -> pa.Array:
    """title + newline + body; the one that is present when the other is null or empty."""
    t = pc.if_else(pc.equal(pc.fill_null(title, ""), ""), pa.scalar(None, pa.string()), title)
    b = pc.if_else(pc.equal(pc.fill_null(body, ""), ""), pa.scalar(None, pa.string()), body)
    both = pc.binary_join_element_wise(t, b, _SEP)
    return pc.coalesce(both, t, b, pa.scalar("", pa.string()))


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    notes = _notes(artifact, ctx)
    bodies = _bodies(_items(artifact, ctx))
    ids = notes.column("src_row").combine_chunks()
    parent = bodies.column("parent")
    body = lookup(ids, parent, bodies.column("body"))
    n_items = pc.fill_null(lookup(ids, parent, bodies.column("items")), 0)
    n_removed = pc.fill_null(lookup(ids, parent, bodies.column("deleted_items")), 0)
    first_item = lookup(ids, parent, bodies.column("first_item"))
    title = notes.column("title").combine_chunks()
    edited = pc.if_else(pc.fill_null(pc.greater(notes.column("edited"), 0), False),
                        notes.column("edited"), notes.column("updated"))
    n = notes.num_rows
    out = {
        "ts": timestamps(pc.if_else(pc.equal(notes.column("created"), 0), pa.scalar(None, pa.int64()),
                                    notes.column("created")), "ms", ctx, "keep time_created"),
        "kind": pa.repeat(pa.scalar("note"), n),
        "text": _text(title, body),
        "src_table": pa.repeat(pa.scalar("tree_entity"), n),
        "src_row": ids,
        "last_ts": timestamps(pc.if_else(pc.equal(edited, 0), pa.scalar(None, pa.int64()), edited),
                              "ms", ctx, "keep time_last_updated"),
        "app": pa.repeat(pa.scalar("keep"), n),
        "title": title,
        "body": body,
        "note_type": notes.column("note_type"),
        "trashed": _flag(notes.column("is_trashed")),
        "deleted": _flag(notes.column("is_deleted")),
        "archived": _flag(notes.column("is_archived")),
        "items": n_items,
        "deleted_items": n_removed,
        "first_item_row": first_item,
        "account": notes.column("account"),
    }
    table = pa.table(out)

    orphan = pc.invert(pc.is_in(parent, value_set=ids))
    n_orphan = int(pc.sum(orphan).as_py() or 0)
    if n_orphan:
        ctx.warn(f"keep: list items of {n_orphan} notes whose tree_entity row is missing: kept as notes "
                 "without title or times (src_table list_item)")
        o = bodies.filter(orphan)
        m = o.num_rows
        none_ts = pa.nulls(m, pa.timestamp("ms", tz="UTC"))
        extra = pa.table({
            "ts": none_ts, "kind": pa.repeat(pa.scalar("note"), m), "text": o.column("body"),
            "src_table": pa.repeat(pa.scalar("list_item"), m), "src_row": o.column("first_item"),
            "last_ts": none_ts, "app": pa.repeat(pa.scalar("keep"), m),
            "title": pa.nulls(m, pa.string()), "body": o.column("body"),
            "note_type": pa.nulls(m, pa.int64()), "trashed": pa.nulls(m, pa.bool_()),
            "deleted": pa.nulls(m, pa.bool_()), "archived": pa.nulls(m, pa.bool_()),
            "items": o.column("items"), "deleted_items": o.column("deleted_items"),
            "first_item_row": o.column("first_item"), "account": pa.nulls(m, pa.string()),
        }, schema=table.schema)
        table = pa.concat_tables([table, extra])
    yield "texts", table
