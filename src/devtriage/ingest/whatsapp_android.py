"""WhatsApp for Android ``msgstore.db``: chat messages and WhatsApp calls.

The database lives at ``/data/data/com.whatsapp/databases/msgstore.db`` (WhatsApp Business:
``com.whatsapp.w4b``, same layout). Three generations are read:

* **current** (WhatsApp 2.22.x onwards, 2022+; seen on 2.22.11.82, 2.23.x, 2.24.x):
  ``message`` (``_id``, ``chat_row_id``, ``from_me``, ``key_id``, ``sender_jid_row_id``,
  ``status``, ``timestamp`` Unix ms, ``message_type``, ``text_data``), ``jid``
  (``raw_string`` = ``user@server``), ``chat`` (``jid_row_id``, ``subject``),
  ``message_media`` (``message_row_id``, ``mime_type``, ``file_path``, ``media_caption``),
  ``message_location`` and calls in ``call_log`` (``jid_row_id``, ``from_me``, ``call_id``,
  ``timestamp`` ms, ``video_call``, ``duration`` s, ``call_result``, ``group_jid_row_id``,
  ``call_creator_device_jid_row_id``). Row ``_id`` 1 with ``chat_row_id`` -1 and
  ``key_id`` "-1" is the placeholder WhatsApp's ``DatabaseHelper`` inserts; it is skipped.
* **legacy** (WhatsApp 2.12-2.20, before 2021): ``messages`` (``key_remote_jid`` = chat JID,
  ``key_from_me``, ``key_id``, ``status``, ``data``, ``timestamp`` ms, ``media_wa_type``,
  ``media_mime_type``, ``media_caption``, ``remote_resource`` = sender of a group message,
  ``latitude`` / ``longitude``), ``chat_list`` (``subject``) and ``call_logs``
  (``message_row_id`` -> the call's row in ``messages``, ``timestamp``, ``video_call``,
  ``duration``, ``call_result``). Call rows in ``messages`` (``media_wa_type`` 8 call, 10
  missed call; ``media_caption`` "audio" / "video") are calls, not messages: those without a
  ``call_logs`` row are read as calls from ``messages`` itself. The row with
  ``key_remote_jid`` "-1" is WhatsApp's placeholder and is skipped.
* **transitional** (2.21.x, 2021, during the migration): both layouts in one file, migrated
  rows in ``message`` with the same ``_id``. ``message`` is read, then the legacy rows whose
  ``_id`` / ``key_id`` are not in ``message``; legacy calls already in ``call_log`` (same
  counterpart, direction and time) are not read twice.

Codes (IPED ``ExtractorAndroid`` / ``ExtractorAndroidNew``, and WhatsApp's own
``message_view``, which turns a legacy ``media_wa_type`` 0 with ``status`` 6 into
``message_type`` 7):

* message types: 0 text, 1 image, 2 audio, 3 video, 4 contact card, 5 location, 7 system,
  8 call, 9 document, 10 missed call, 13 GIF, 15 deleted, 16 live location, 20 sticker.
  System messages (``message_type`` 7; legacy ``media_wa_type`` 0 with ``status`` 6) are
  kept with ``system`` = true.
* ``call_result``: 5 answered, 4 missed, 2 rejected, 3 unavailable (read as missed: nobody
  picked up); other values give a null ``status`` and stay in ``call_result``.

Groups (``...@g.us`` chats): an incoming message's counterpart is its sender
(``sender_jid_row_id`` / ``remote_resource``), an outgoing one's the group JID; ``thread``
is always the chat JID and ``group`` says which. The same sender rule covers
``status@broadcast`` posts. ``counterpart_raw`` is the raw JID; ``@lid`` JIDs are kept as
written by the normaliser. ``body`` is the message text, or the media caption when there is
no text (``caption`` keeps the caption itself).

Extra columns: messages ``group``, ``system``, ``message_type``, ``message_status``, ``key_id``,
``chat_name``, ``caption``, ``mime_type``, ``media_path``, ``lat``, ``lon``; calls
``group``, ``video``, ``call_result``, ``call_id``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import flag_direction, map_codes, timestamps
from .base import Artifact, Context, Probe, repeat

NAME = "whatsapp_android"
FORMAT = "WhatsApp for Android msgstore.db: chat messages and WhatsApp calls"
VERSIONS = "WhatsApp Android 2.12-2.20 (legacy messages/call_logs), 2.21.x (transitional), 2.22-2.24+ (message/jid/chat/call_log)"
TABLES = ("messages", "calls")

# WhatsApp-specific key columns only (a ``messages`` table of Samsung's mmssms.db or of
# Google Messages has none of key_remote_jid / key_from_me / key_id); the other columns
# are read when present, so an unknown version is read as far as its columns allow.
CURRENT = {"message": ("_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id")}
LEGACY = {"messages": ("_id", "key_remote_jid", "key_from_me", "key_id")}

APP = "whatsapp"

_MSG_TYPES = {
    "src_row": pa.int64(),
    "ts_raw": pa.int64(),
    "from_me": pa.int64(),
    "counterpart_raw": pa.string(),
    "thread": pa.string(),
    "body": pa.string(),
    "caption": pa.string(),
    "message_type": pa.int64(),
    "status": pa.int64(),
    "key_id": pa.string(),
    "chat_name": pa.string(),
    "mime_type": pa.string(),
    "media_path": pa.string(),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "attach": pa.int64(),
    "system": pa.int64(),
}

_CALL_TYPES = {
    "src_row": pa.int64(),
    "ts_raw": pa.int64(),
    "from_me": pa.int64(),
    "counterpart_raw": pa.string(),
    "thread": pa.string(),
    "video": pa.int64(),
    "duration_s": pa.float64(),
    "call_result": pa.int64(),
    "call_id": pa.string(),
}

# call_result -> calls.status
CALL_STATUS = {5: "answered", 4: "missed", 3: "missed", 2: "rejected"}


def detect(probe: Probe) -> bool:
    return probe.requires(CURRENT) or probe.requires(LEGACY)


# --- helpers ---------------------------------------------------------------------------


def _direction(from_me, ctx: Context, what: str) -> pa.Array:
    return flag_direction(from_me, ctx, what, "rows with a from_me value that is neither 0 nor 1 (direction null)")


def _jid_join(a: Artifact, joins: list[str], table: str, prefix: str, column: str, alias: str, positive: bool = True) -> str:
    """Join ``jid`` as ``alias`` on ``prefix.column`` (only ids > 0 when ``positive``) and
    return the SQL of its JID, or add nothing and return ``NULL`` when this version lacks ``column``."""
    ref = sql.ref(a, table, column, prefix)
    if ref == "NULL":
        return "NULL"
    cond = f"{sql.rowid(a, 'jid', alias + '.')} = {ref}" + (f" AND {ref} > 0" if positive else "")
    joins.append(f"LEFT JOIN jid {alias} ON {cond}")
    return f"{alias}.raw_string"


def _bool(arr) -> pa.Array:
    return pc.fill_null(pc.not_equal(arr, 0), False)


def _group(thread) -> pa.Array:
    return pc.fill_null(pc.ends_with(thread, "@g.us"), False)


def _finish_messages(t: pa.Table, src_table: str, ctx: Context) -> pa.Table:
    what = src_table
    n = t.num_rows
    raw = t.column("counterpart_raw")
    return pa.table(
        {
            "ts": timestamps(t.column("ts_raw"), "ms", ctx, what),
            "direction": _direction(t.column("from_me"), ctx, what),
            "counterpart": ctx.normalise(raw),
            "counterpart_raw": raw,
            "app": repeat(APP, n),
            "thread": t.column("thread"),
            "body": t.column("body"),
            "has_attachment": _bool(t.column("attach")),
            "src_table": repeat(src_table, n),
            "src_row": t.column("src_row"),
            "group": _group(t.column("thread")),
            "system": _bool(t.column("system")),
            "message_type": t.column("message_type"),
            "message_status": t.column("status"),
            "key_id": t.column("key_id"),
            "chat_name": t.column("chat_name"),
            "caption": t.column("caption"),
            "mime_type": t.column("mime_type"),
            "media_path": t.column("media_path"),
            "lat": t.column("lat"),
            "lon": t.column("lon"),
        }
    )


def _finish_calls(t: pa.Table, ctx: Context) -> pa.Table:
    n = t.num_rows
    raw = t.column("counterpart_raw")
    return pa.table(
        {
            "ts": timestamps(t.column("ts_raw"), "ms", ctx, "calls"),
            "direction": _direction(t.column("from_me"), ctx, "calls"),
            "counterpart": ctx.normalise(raw),
            "counterpart_raw": raw,
            "app": repeat(APP, n),
            "duration_s": t.column("duration_s"),
            "status": map_codes(t.column("call_result"), CALL_STATUS),
            "src_table": t.column("src_table"),
            "src_row": t.column("src_row"),
            "group": _group(t.column("thread")),
            "video": pc.cast(t.column("video"), pa.bool_()),
            "call_result": t.column("call_result"),
            "call_id": t.column("call_id"),
        }
    )


# --- messages: current schema ----------------------------------------------------------


def _current_messages(conn: sqlite3.Connection, artifact: Artifact, ctx: Context) -> pa.Table:
    a = artifact
    has_chat = a.tables.get("chat") is not None and "jid_row_id" in a.columns("chat")
    has_jid = "raw_string" in a.columns("jid")
    if not (has_chat and has_jid):
        ctx.warn("message: chat or jid table missing or incomplete: chat JIDs unknown (counterpart and thread null for 1:1 chats)")
    joins = []
    chat_jid = "NULL"
    sender = "NULL"
    chat_name = "NULL"
    if has_chat:
        joins.append(f"LEFT JOIN chat c ON {sql.rowid(a, 'chat', 'c.')} = m.chat_row_id")
        chat_name = sql.ref(a, "chat", "subject", "c.")
        if has_jid:
            joins.append(f"LEFT JOIN jid cj ON {sql.rowid(a, 'jid', 'cj.')} = c.jid_row_id")
            chat_jid = "cj.raw_string"
    if has_jid:
        sender = _jid_join(a, joins, "message", "m.", "sender_jid_row_id", "sj")
    media = "message_row_id" in a.columns("message_media")
    mime = path = caption = "NULL"
    has_media = "0"
    if not media:
        ctx.warn("message_media missing: attachments, MIME types and captions unknown")
    else:
        joins.append("LEFT JOIN message_media mm ON mm.message_row_id = m._id")
        mime, path, caption = sql.ref(a, "message_media", "mime_type", "mm."), sql.ref(a, "message_media", "file_path", "mm."), sql.ref(a, "message_media", "media_caption", "mm.")
        has_media = "(mm.message_row_id IS NOT NULL)"
    lat = lon = "NULL"
    if "message_row_id" in a.columns("message_location"):
        joins.append("LEFT JOIN message_location ml ON ml.message_row_id = m._id")
        lat, lon = sql.ref(a, "message_location", "latitude", "ml."), sql.ref(a, "message_location", "longitude", "ml.")
    lacking = sql.missing(a, "message", ["timestamp", "from_me", "sender_jid_row_id", "text_data", "message_type"])
    if lacking:
        ctx.warn(f"message: columns {', '.join(lacking)} missing in this version (read as null)")
    mtype = sql.ref(a, "message", "message_type", "m.")
    where = ["m.chat_row_id IS NOT -1"]
    if "message_row_id" in a.columns("message_call_log"):
        where.append("NOT EXISTS (SELECT 1 FROM message_call_log mcl WHERE mcl.message_row_id = m._id)")
    text = sql.ref(a, "message", "text_data", "m.")
    from_me = sql.ref(a, "message", "from_me", "m.")
    query = f"""
        SELECT m._id AS src_row,
               {sql.ref(a, "message", "timestamp", "m.")} AS ts_raw,
               {from_me} AS from_me,
               CASE WHEN {from_me} = 0 AND {sender} IS NOT NULL THEN {sender} ELSE {chat_jid} END AS counterpart_raw,
               {chat_jid} AS thread,
               COALESCE({text}, {caption}) AS body,
               {caption} AS caption,
               {mtype} AS message_type,
               {sql.ref(a, "message", "status", "m.")} AS status,
               {sql.ref(a, "message", "key_id", "m.")} AS key_id,
               {chat_name} AS chat_name,
               {mime} AS mime_type,
               {path} AS media_path,
               {lat} AS lat,
               {lon} AS lon,
               ({has_media} OR {mtype} IN (4, 5, 16)) AS attach,
               ({mtype} = 7) AS system
        FROM message m {' '.join(joins)}
        WHERE {' AND '.join(where)}
        ORDER BY m._id"""
    t = sql.fetch(conn, query, types=_MSG_TYPES, ctx=ctx, what="message")
    return _finish_messages(t, "message", ctx)


# --- messages: legacy schema -----------------------------------------------------------


def _legacy_messages(conn: sqlite3.Connection, artifact: Artifact, ctx: Context, after_current: bool) -> pa.Table:
    a = artifact
    lacking = sql.missing(a, "messages", ["timestamp", "data", "media_wa_type", "status", "remote_resource", "media_mime_type", "media_caption"])
    if lacking:
        ctx.warn(f"messages: columns {', '.join(lacking)} missing in this version (read as null)")
    wa_type = f"COALESCE(CAST({sql.ref(a, 'messages', 'media_wa_type', 'm.')} AS INTEGER), 0)"
    status = sql.ref(a, "messages", "status", "m.")
    sender = f"NULLIF({sql.ref(a, 'messages', 'remote_resource', 'm.')}, '')"
    mime = sql.ref(a, "messages", "media_mime_type", "m.")
    caption = sql.ref(a, "messages", "media_caption", "m.")
    joins, chat_name = [], "NULL"
    if "key_remote_jid" in a.columns("chat_list"):
        joins.append("LEFT JOIN chat_list cl ON cl.key_remote_jid = m.key_remote_jid")
        chat_name = sql.ref(a, "chat_list", "subject", "cl.")
    where = ["m.key_remote_jid IS NOT '-1'", f"{wa_type} NOT IN (8, 10)"]
    if after_current:
        where.append("NOT EXISTS (SELECT 1 FROM message n WHERE n._id = m._id AND n.key_id = m.key_id)")
    query = f"""
        SELECT m._id AS src_row,
               {sql.ref(a, "messages", "timestamp", "m.")} AS ts_raw,
               m.key_from_me AS from_me,
               CASE WHEN m.key_from_me = 0 AND {sender} IS NOT NULL THEN {sender} ELSE m.key_remote_jid END AS counterpart_raw,
               m.key_remote_jid AS thread,
               COALESCE({sql.ref(a, "messages", "data", "m.")}, {caption}) AS body,
               {caption} AS caption,
               {wa_type} AS message_type,
               {status} AS status,
               m.key_id AS key_id,
               {chat_name} AS chat_name,
               {mime} AS mime_type,
               {sql.ref(a, "messages", "media_name", "m.")} AS media_path,
               CASE WHEN {wa_type} IN (5, 16) THEN {sql.ref(a, "messages", "latitude", "m.")} END AS lat,
               CASE WHEN {wa_type} IN (5, 16) THEN {sql.ref(a, "messages", "longitude", "m.")} END AS lon,
               ({wa_type} IN (1, 2, 3, 4, 5, 9, 13, 16, 20) OR COALESCE({mime}, '') <> '') AS attach,
               ({wa_type} = 0 AND {status} = 6) AS system
        FROM messages m {' '.join(joins)}
        WHERE {' AND '.join(where)}
        ORDER BY m._id"""
    t = sql.fetch(conn, query, types=_MSG_TYPES, ctx=ctx, what="messages")
    return _finish_messages(t, "messages", ctx)


# --- calls -----------------------------------------------------------------------------


def _current_calls(conn: sqlite3.Connection, artifact: Artifact, ctx: Context) -> pa.Table:
    a = artifact
    has_jid = "raw_string" in a.columns("jid")
    peer = group = creator = "NULL"
    joins = []
    if not has_jid:
        ctx.warn("call_log: jid table missing: call counterparts unknown")
    else:
        peer = _jid_join(a, joins, "call_log", "cl.", "jid_row_id", "j", positive=False)
        group = _jid_join(a, joins, "call_log", "cl.", "group_jid_row_id", "g")
        creator = _jid_join(a, joins, "call_log", "cl.", "call_creator_device_jid_row_id", "cr")
    lacking = sql.missing(a, "call_log", ["jid_row_id", "timestamp", "from_me", "duration", "call_result"])
    if lacking:
        ctx.warn(f"call_log: columns {', '.join(lacking)} missing in this version (read as null)")
    from_me = sql.ref(a, "call_log", "from_me", "cl.")
    query = f"""
        SELECT cl._id AS src_row,
               {sql.ref(a, "call_log", "timestamp", "cl.")} AS ts_raw,
               {from_me} AS from_me,
               CASE WHEN {group} IS NULL THEN {peer}
                    WHEN {from_me} = 1 THEN {group}
                    WHEN {peer} IS NOT NULL AND {peer} NOT LIKE '%@g.us' THEN {peer}
                    ELSE COALESCE({creator}, {group}) END AS counterpart_raw,
               COALESCE({group}, {peer}) AS thread,
               {sql.ref(a, "call_log", "video_call", "cl.")} AS video,
               {sql.ref(a, "call_log", "duration", "cl.")} AS duration_s,
               {sql.ref(a, "call_log", "call_result", "cl.")} AS call_result,
               {sql.ref(a, "call_log", "call_id", "cl.")} AS call_id
        FROM call_log cl {' '.join(joins)}
        ORDER BY cl._id"""
    t = sql.fetch(conn, query, types=_CALL_TYPES, ctx=ctx, what="call_log")
    return t.append_column("src_table", repeat("call_log", t.num_rows))


def _legacy_calls(conn: sqlite3.Connection, artifact: Artifact, ctx: Context) -> pa.Table:
    a = artifact
    parts = []
    linked = pa.array([], pa.int64())
    if "message_row_id" in a.columns("call_logs"):
        query = f"""
            SELECT {sql.rowid(a, "call_logs", "c.")} AS src_row,
                   {sql.ref(a, "call_logs", "timestamp", "c.")} AS ts_raw,
                   m.key_from_me AS from_me,
                   m.key_remote_jid AS counterpart_raw,
                   m.key_remote_jid AS thread,
                   {sql.ref(a, "call_logs", "video_call", "c.")} AS video,
                   {sql.ref(a, "call_logs", "duration", "c.")} AS duration_s,
                   {sql.ref(a, "call_logs", "call_result", "c.")} AS call_result,
                   NULL AS call_id,
                   c.message_row_id AS message_row_id
            FROM call_logs c LEFT JOIN messages m ON m._id = c.message_row_id
            ORDER BY src_row"""
        t = sql.fetch(conn, query, types=_CALL_TYPES | {"message_row_id": pa.int64()}, ctx=ctx, what="call_logs")
        unlinked = int(pc.sum(pc.is_null(t.column("from_me"))).as_py() or 0)
        if unlinked:
            ctx.warn(f"call_logs: {unlinked} calls whose messages row is missing (direction and counterpart null)")
        linked = pc.drop_null(t.column("message_row_id"))
        t = t.drop_columns(["message_row_id"])
        parts.append(t.append_column("src_table", repeat("call_logs", t.num_rows)))
    wa_type = f"COALESCE(CAST({sql.ref(a, 'messages', 'media_wa_type', 'm.')} AS INTEGER), 0)"
    caption = sql.ref(a, "messages", "media_caption", "m.")
    query = f"""
        SELECT m._id AS src_row,
               {sql.ref(a, "messages", "timestamp", "m.")} AS ts_raw,
               m.key_from_me AS from_me,
               m.key_remote_jid AS counterpart_raw,
               m.key_remote_jid AS thread,
               CASE {caption} WHEN 'video' THEN 1 WHEN 'audio' THEN 0 END AS video,
               NULL AS duration_s,
               CASE WHEN {wa_type} = 10 THEN 4 END AS call_result,
               NULL AS call_id
        FROM messages m
        WHERE {wa_type} IN (8, 10) AND m.key_remote_jid IS NOT '-1'
        ORDER BY m._id"""
    t = sql.fetch(conn, query, types=_CALL_TYPES, ctx=ctx, what="messages (calls)")
    if t.num_rows and len(linked):
        t = t.filter(pc.invert(pc.is_in(t.column("src_row"), value_set=linked)))
    parts.append(t.append_column("src_table", repeat("messages", t.num_rows)))
    return pa.concat_tables(parts)


def _without_duplicates(legacy: pa.Table, current: pa.Table) -> pa.Table:
    """Legacy call rows not already in ``call_log`` (same counterpart, direction, time)."""
    if not legacy.num_rows or not current.num_rows:
        return legacy
    keys = ["counterpart_raw", "from_me", "ts_raw"]
    legacy = legacy.append_column("_order", pa.array(range(legacy.num_rows), pa.int64()))
    kept = legacy.join(current.select(keys), keys=keys, join_type="left anti")
    return kept.sort_by("_order").drop_columns(["_order"])


# --- read ------------------------------------------------------------------------------


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    conn = artifact.connect()
    try:
        has_current = all(c in artifact.columns("message") for c in ("_id", "chat_row_id", "from_me"))
        has_legacy = all(c in artifact.columns("messages") for c in ("_id", "key_remote_jid", "key_from_me", "key_id"))
        parts = []
        if has_current:
            parts.append(_current_messages(conn, artifact, ctx))
        if has_legacy:
            parts.append(_legacy_messages(conn, artifact, ctx, after_current=has_current and "key_id" in artifact.columns("message")))
        if not parts:
            ctx.warn("no readable message or messages table: no messages read")
        else:
            messages = pa.concat_tables(parts)
            if messages.num_rows:
                yield "messages", messages

        call_parts = []
        current_calls = None
        if "_id" in artifact.columns("call_log"):
            current_calls = _current_calls(conn, artifact, ctx)
            call_parts.append(current_calls)
        if has_legacy:
            legacy_calls = _legacy_calls(conn, artifact, ctx)
            if current_calls is not None:
                legacy_calls = _without_duplicates(legacy_calls, current_calls)
            call_parts.append(legacy_calls)
        if call_parts:
            calls = pa.concat_tables(call_parts)
            if calls.num_rows:
                yield "calls", _finish_calls(calls, ctx)
    finally:
        conn.close()
