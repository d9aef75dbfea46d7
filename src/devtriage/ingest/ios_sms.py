"""iOS Messages ``sms.db``: SMS, MMS, iMessage and RCS, iOS 4 to 18.

``/private/var/mobile/Library/SMS/sms.db`` (``HomeDomain/Library/SMS/sms.db`` in an
iTunes backup); macOS ``chat.db`` has the same layout. Two layouts are read:

iOS 6 to 18 (one ``message`` row per message, ``handle``, ``chat``, joins):

* ``message.is_from_me`` gives the direction; ``service`` the app (``iMessage`` ->
  ``imessage``, ``SMS`` -> ``sms``, ``RCS`` -> ``rcs``, anything else lower-cased; the
  chat's ``service_name`` when the row has none; MMS are ``SMS`` rows on iOS).
* The conversation is the message's chat (``chat_message_join``; a message filed in
  several chats is read once, with the lowest chat id); ``thread`` = ``chat.guid``.
  ``group`` is true when the chat has style 43 or more than one handle
  (``chat_handle_join``).
* Counterpart: ``handle.id`` (phone number or e-mail) of the message's ``handle_id``.
  For an outgoing message in a group chat it is the chat (``chat.chat_identifier``);
  when ``handle_id`` is 0 or points nowhere it is the chat identifier too. In the real
  samples every outgoing 1:1 message has ``handle_id`` set.
* ``date`` (and ``date_read``, ``date_delivered``, iOS 16+ ``date_edited``,
  ``date_retracted``, kept as extra columns) count from 2001-01-01: seconds before iOS 11,
  nanoseconds since (decided per value); 0 means "not set" and becomes null.
* Body: ``text``. When ``text`` is NULL and ``attributedBody`` is present (iOS 16+ does
  this for many rows) the text is recovered from the archived ``NSAttributedString``
  (:mod:`devtriage.ingest.typedstream`); ``body_from_attributed`` says so.
* ``has_attachment``: ``cache_has_attachments`` or a ``message_attachment_join`` row.

iOS 4/5 (``message`` with ``address``/``flags``, iMessage in ``madrid_*`` columns,
conversations in ``msg_group``): SMS rows have ``date`` in Unix seconds and ``flags``
bit 0 = sent (2 received, 3 sent); iMessage rows (``is_madrid`` = 1) have ``date`` in
seconds since 2001, ``madrid_handle`` as the other party and ``madrid_flags`` bit 0x4 =
from me (12289 received; 36869, 45061, 32773, 102405 sent). ``thread`` is
``msg_group:<group_id>`` (or the iMessage room name); ``group`` when the room name is
set or the group has several members.

Extra columns: ``group``, ``service`` (raw), ``body_from_attributed``, ``date_read``,
``date_delivered``, ``date_edited``, ``date_retracted``, ``is_read``, ``item_type`` and
``associated_message_type`` (non-zero for tapbacks / group events; kept, not filtered),
``chat_id``, ``handle_id``; legacy: ``flags``, ``madrid_flags``.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import timeconv
from . import typedstream
from .arrowutil import blank_to_null, cocoa_ts, lookup, timestamps, zero_to_null
from .base import Artifact, Context, Probe
from .sql import col, fetch, ref

NAME = "ios_sms"
FORMAT = "iOS Messages sms.db (SMS, MMS, iMessage, RCS)"
VERSIONS = "iOS 4-5 (legacy message/msg_group layout), iOS 6-18 (message/handle/chat); macOS chat.db"
TABLES = ("messages",)

_MODERN = {"message": ("date", "is_from_me", "handle_id", "text")}
_LEGACY = {"message": ("address", "date", "text", "flags")}


def detect(probe: Probe) -> bool:
    if probe.requires(_MODERN) and (probe.has("handle", "id") or probe.has("chat_message_join", "message_id")):
        return True
    # iOS 4/5: no handle/chat tables, the other party in message.address
    return probe.requires(_LEGACY) and probe.has("msg_group") and not probe.has("message", "handle_id")


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    conn = artifact.connect()
    try:
        if "handle_id" in artifact.columns("message"):
            table = _read_modern(artifact, conn, ctx)
        else:
            table = _read_legacy(artifact, conn, ctx)
    finally:
        conn.close()
    if table is not None:
        yield "messages", table


# --- iOS 6-18 ------------------------------------------------------------------------

_DATE_EXTRAS = ("date_read", "date_delivered", "date_edited", "date_retracted")


def _read_modern(artifact: Artifact, conn, ctx: Context) -> pa.Table:
    probe = artifact.probe
    m_cols = artifact.columns("message")
    body_blob = ("CASE WHEN text IS NULL THEN attributedBody END AS attributed"
                 if "attributedBody" in m_cols else "NULL AS attributed")
    select = [
        "ROWID AS src_row",
        col(artifact, "message", "date"),
        col(artifact, "message", "is_from_me"),
        col(artifact, "message", "handle_id"),
        col(artifact, "message", "text", "body"),
        body_blob,
        col(artifact, "message", "service"),
        col(artifact, "message", "cache_has_attachments"),
        col(artifact, "message", "is_read"),
        col(artifact, "message", "item_type"),
        col(artifact, "message", "associated_message_type"),
    ] + [col(artifact, "message", c) for c in _DATE_EXTRAS if c in m_cols]
    types = {
        # dates are INTEGER (nanoseconds since iOS 11): int64 keeps every digit, float64 would not
        "src_row": pa.int64(), "date": pa.int64(), "is_from_me": pa.int64(), "handle_id": pa.int64(),
        "body": pa.string(), "attributed": pa.binary(), "service": pa.string(), "cache_has_attachments": pa.int64(),
        "is_read": pa.int64(), "item_type": pa.int64(), "associated_message_type": pa.int64(),
    } | {c: pa.int64() for c in _DATE_EXTRAS}
    t = fetch(conn, f"SELECT {', '.join(select)} FROM message ORDER BY ROWID", types=types, ctx=ctx,
              what="sms.db message")
    n = t.num_rows
    c = {name: t.column(name).combine_chunks() for name in t.column_names}
    src_row = c["src_row"]

    # The small tables are read whole and joined in Arrow (a per-row SQL join costs 2x).
    handle_ident = pa.nulls(n, pa.string())
    if probe.has("handle", "id"):
        h = fetch(conn, "SELECT ROWID AS rowid, id FROM handle", types={"rowid": pa.int64(), "id": pa.string()},
                  ctx=ctx, what="sms.db handle")
        handle_ident = lookup(c["handle_id"], h.column("rowid"), h.column("id"))
    else:
        ctx.warn("sms.db has no handle table: counterparts taken from the chats only")

    chat_id = pa.nulls(n, pa.int64())
    chat = {k: pa.nulls(n, typ) for k, typ in (("guid", pa.string()), ("chat_identifier", pa.string()),
                                                ("style", pa.int64()), ("service_name", pa.string()),
                                                ("handles", pa.int64()))}
    if probe.has("chat_message_join", "chat_id", "message_id") and "chat" in artifact.tables:
        j = fetch(conn, "SELECT message_id, chat_id FROM chat_message_join",
                  types={"message_id": pa.int64(), "chat_id": pa.int64()}, ctx=ctx, what="sms.db chat_message_join")
        # a message filed in several chats is read once, with the lowest chat id
        j = j.group_by("message_id", use_threads=False).aggregate([("chat_id", "min")])
        chat_id = lookup(src_row, j.column("message_id"), j.column("chat_id_min"))
        cols = ["ROWID AS rowid"] + [col(artifact, "chat", k) for k in ("guid", "chat_identifier", "style", "service_name")]
        if probe.has("chat_handle_join", "chat_id", "handle_id"):
            cols.append("(SELECT COUNT(*) FROM chat_handle_join x WHERE x.chat_id = chat.ROWID) AS handles")
        else:
            cols.append("NULL AS handles")
        ch = fetch(conn, f"SELECT {', '.join(cols)} FROM chat",
                   types={"rowid": pa.int64(), "guid": pa.string(), "chat_identifier": pa.string(), "style": pa.int64(),
                          "service_name": pa.string(), "handles": pa.int64()}, ctx=ctx, what="sms.db chat")
        chat = {k: lookup(chat_id, ch.column("rowid"), ch.column(k)) for k in chat}
    else:
        ctx.warn("sms.db has no chat / chat_message_join table: threads and group chats unknown")

    attached = pa.array(np.zeros(n, dtype=bool))
    if probe.has("message_attachment_join", "message_id"):
        a = fetch(conn, "SELECT DISTINCT message_id FROM message_attachment_join",
                  types={"message_id": pa.int64()}, ctx=ctx, what="sms.db message_attachment_join")
        attached = pc.is_in(src_row, value_set=a.column("message_id").combine_chunks())

    # group chats: style 43, or several handles in the chat
    group = pc.fill_null(pc.or_(pc.equal(chat["style"], 43), pc.greater(chat["handles"], 1)), False)
    from_me = pc.not_equal(c["is_from_me"], 0)
    direction = pc.if_else(from_me, pa.scalar("out"), pa.scalar("in"))
    chat_ident = chat["chat_identifier"]
    handle_ident = blank_to_null(handle_ident)
    counterpart_raw = pc.if_else(
        pc.and_(pc.fill_null(from_me, False), group), chat_ident, pc.coalesce(handle_ident, chat_ident)
    )
    no_party = pc.sum(pc.is_null(counterpart_raw)).as_py() or 0
    if no_party:
        ctx.warn(f"{no_party} messages without a handle or chat: counterpart unknown (kept)")
    service = pc.coalesce(c["service"], chat["service_name"])
    has_attachment = pc.or_(pc.fill_null(pc.not_equal(c["cache_has_attachments"], 0), False), attached)
    body, from_attr = _bodies(c["body"], c["attributed"], ctx)

    out = {
        "ts": cocoa_ts(c["date"], ctx, "message.date", "date"),
        "direction": direction,
        "counterpart": ctx.normalise(counterpart_raw),
        "counterpart_raw": counterpart_raw,
        "app": pc.utf8_lower(service),
        "thread": pc.coalesce(chat["guid"], chat_ident),
        "body": body,
        "has_attachment": has_attachment,
        "src_table": pa.repeat(pa.scalar("message"), n),
        "src_row": src_row,
        "group": group,
        "service": c["service"],
        "body_from_attributed": from_attr,
    }
    for name in _DATE_EXTRAS:
        if name in c:
            out[name] = cocoa_ts(c[name], ctx, f"message.{name}", name, warn_zero=False)
    out |= {"is_read": c["is_read"], "item_type": c["item_type"],
            "associated_message_type": c["associated_message_type"], "chat_id": chat_id,
            "handle_id": c["handle_id"]}
    return pa.table(out)


def _bodies(text: pa.Array, attributed: pa.Array, ctx: Context) -> tuple[pa.Array, pa.Array]:
    """``text``, filled from ``attributedBody`` where ``text`` is NULL (per row, those rows only)."""
    need = pc.and_(pc.is_null(text), pc.is_valid(attributed))
    idx = np.flatnonzero(need.to_numpy(zero_copy_only=False))
    from_attr = np.zeros(len(text), dtype=bool)
    if len(idx) == 0:
        return text, pa.array(from_attr)
    blobs = attributed.take(pa.array(idx)).to_pylist()
    decoded = [typedstream.decode_text(b) for b in blobs]
    failed = sum(d is None for d in decoded)
    if failed:
        ctx.warn(f"{failed} attributedBody blobs could not be decoded: body left null")
    ok = np.array([d is not None for d in decoded], dtype=bool)
    from_attr[idx[ok]] = True
    body = pc.replace_with_mask(text, need, pa.array(decoded, pa.string()))
    return body, pa.array(from_attr)


# --- iOS 4/5 -------------------------------------------------------------------------

_MADRID_FROM_ME = 0x4


def _read_legacy(artifact: Artifact, conn, ctx: Context) -> pa.Table:
    m_cols = artifact.columns("message")
    joins, ctes = [], []
    if artifact.probe.has("group_member", "group_id"):
        ctes.append("gm AS (SELECT group_id, COUNT(*) AS members FROM group_member GROUP BY group_id)")
        joins.append(f"LEFT JOIN gm ON gm.group_id = {ref(artifact, 'message', 'group_id', 'm.')}")
        members = "gm.members AS members"
    else:
        members = "NULL AS members"
    pieces = ""
    if artifact.probe.has("msg_pieces", "message_id", "content_type"):
        pieces = ("EXISTS (SELECT 1 FROM msg_pieces p WHERE p.message_id = m.ROWID AND p.content_type NOT LIKE "
                  "'text/%' AND p.content_type != 'application/smil')")
    att = [x for x in (pieces, "m.madrid_attachmentInfo IS NOT NULL" if "madrid_attachmentInfo" in m_cols else "") if x]
    select = [
        "m.ROWID AS src_row",
        col(artifact, "message", "date", prefix="m."),
        col(artifact, "message", "flags", prefix="m."),
        col(artifact, "message", "address", prefix="m."),
        col(artifact, "message", "text", "body", prefix="m."),
        col(artifact, "message", "group_id", prefix="m."),
        col(artifact, "message", "is_madrid", prefix="m."),
        col(artifact, "message", "madrid_flags", prefix="m."),
        col(artifact, "message", "madrid_handle", prefix="m."),
        col(artifact, "message", "madrid_roomname", prefix="m."),
        col(artifact, "message", "madrid_service", prefix="m."),
        ("CASE WHEN m.text IS NULL THEN m.madrid_attributedBody END AS attributed"
         if "madrid_attributedBody" in m_cols else "NULL AS attributed"),
        (f"({' OR '.join(att)}) AS has_att" if att else "0 AS has_att"),
        members,
    ]
    sql = ("WITH " + ", ".join(ctes) + " " if ctes else "") + (
        f"SELECT {', '.join(select)} FROM message m {' '.join(joins)} ORDER BY m.ROWID"
    )
    types = {"src_row": pa.int64(), "date": pa.float64(), "flags": pa.int64(), "address": pa.string(),
             "body": pa.string(), "group_id": pa.int64(), "is_madrid": pa.int64(), "madrid_flags": pa.int64(),
             "madrid_handle": pa.string(), "madrid_roomname": pa.string(), "madrid_service": pa.string(),
             "attributed": pa.binary(), "has_att": pa.int64(), "members": pa.int64()}
    t = fetch(conn, sql, types=types, ctx=ctx, what="sms.db message (iOS 4/5)")
    n = t.num_rows
    c = {name: t.column(name).combine_chunks() for name in t.column_names}
    is_madrid = pc.fill_null(pc.not_equal(c["is_madrid"], 0), False)
    sms_out = pc.equal(pc.bit_wise_and(c["flags"], 1), 1)
    madrid_out = pc.not_equal(pc.bit_wise_and(c["madrid_flags"], _MADRID_FROM_ME), 0)
    from_me = pc.if_else(is_madrid, madrid_out, sms_out)
    direction = pc.if_else(from_me, pa.scalar("out"), pa.scalar("in"))
    room = c["madrid_roomname"]
    group = pc.fill_null(pc.or_(pc.is_valid(room), pc.greater(c["members"], 1)), False)
    group_thread = pc.binary_join_element_wise(pa.scalar("msg_group:"), pc.cast(c["group_id"], pa.string()), "")
    thread = pc.coalesce(room, group_thread)
    party = pc.if_else(is_madrid, c["madrid_handle"], c["address"])
    counterpart_raw = pc.if_else(pc.and_(pc.fill_null(from_me, False), group), pc.coalesce(room, thread),
                                 pc.coalesce(party, room))
    service = pc.if_else(is_madrid, pc.coalesce(c["madrid_service"], pa.scalar("iMessage")), pa.scalar("SMS"))
    # dates: SMS Unix seconds, iMessage seconds since 2001
    date, n_zero = zero_to_null(c["date"])
    ts = timestamps(pc.if_else(is_madrid, pc.add(date, float(timeconv.COCOA_OFFSET_S)), date), "s", ctx)
    if n_zero:
        ctx.warn(f"{n_zero} rows with date 0 (not set): kept with ts null")
    body, from_attr = _bodies(c["body"], c["attributed"], ctx)
    return pa.table({
        "ts": ts,
        "direction": direction,
        "counterpart": ctx.normalise(counterpart_raw),
        "counterpart_raw": counterpart_raw,
        "app": pc.utf8_lower(service),
        "thread": thread,
        "body": body,
        "has_attachment": pc.fill_null(pc.not_equal(c["has_att"], 0), False),
        "src_table": pa.repeat(pa.scalar("message"), n),
        "src_row": c["src_row"],
        "group": group,
        "service": service,
        "body_from_attributed": from_attr,
        "flags": c["flags"],
        "madrid_flags": c["madrid_flags"],
    })
