"""WhatsApp for iOS ``ChatStorage.sqlite``: chat messages.

The Core Data store in WhatsApp's app group container
(``/private/var/mobile/Containers/Shared/AppGroup/<UUID>/ChatStorage.sqlite``, group
``group.net.whatsapp.WhatsApp.shared``; WhatsApp Business: ``...WhatsAppSMB.shared``).
Written for WhatsApp iOS 2.2x (2.20-2.24; real sample: iOS 15, WhatsApp 2.22/2.23, the iLEAPP
test image) and read by column name, so older and newer builds are read as far as their
columns allow. Tables:

* ``ZWAMESSAGE``: ``ZISFROMME``, ``ZMESSAGEDATE`` (Core Data time: seconds since
  2001-01-01 UTC, a float; 0 means "not set" and becomes null), ``ZTEXT``, ``ZFROMJID`` (set on incoming rows: the chat JID, or
  the group JID for a group), ``ZTOJID`` (set on outgoing rows), ``ZCHATSESSION`` ->
  ``ZWACHATSESSION``, ``ZGROUPMEMBER`` -> ``ZWAGROUPMEMBER`` (the sender of an incoming group
  message), ``ZMEDIAITEM`` -> ``ZWAMEDIAITEM``, ``ZMESSAGETYPE``, ``ZGROUPEVENTTYPE``,
  ``ZMESSAGESTATUS``, ``ZSTANZAID`` (the message key). These relationships are the ones of
  the Core Data model cached in the file (``Z_MODELCACHE``: ``WAMessage.chatSession``,
  ``groupMember``, ``mediaItem``).
* ``ZWACHATSESSION``: ``ZCONTACTJID`` (chat JID), ``ZPARTNERNAME`` (contact or group name),
  ``ZSESSIONTYPE`` (0 one-to-one, 1 group; others: broadcast lists, status).
* ``ZWAGROUPMEMBER``: ``ZMEMBERJID``. ``ZWAMEDIAITEM``: ``ZMEDIALOCALPATH``, ``ZTITLE``
  (caption / title), ``ZVCARDSTRING`` (the MIME type for media other than contact cards),
  ``ZLATITUDE`` / ``ZLONGITUDE`` (location messages).

``ZMESSAGETYPE`` (IPED ``ExtractorIOS``; checked against the sample): 0 text, 1 image, 2
video, 3 audio, 4 contact card, 5 location, 6 group event, 7 link, 8 document, 10 system
notice (encryption notice, missed call, number change ...), 11 GIF, 12 other system, 14
deleted, 15 sticker. Types 6, 10 and 12 are system messages: they are kept with ``system``
= true. ``has_attachment`` is true for image, video, audio, contact, location, document,
GIF and sticker messages and for any message whose media item has a local file.

Counterparts: an outgoing message's counterpart is the chat JID (the group JID for a group);
an incoming message's is the group member who sent it, else the chat JID (group system
notices have no member), and for ``status@broadcast`` posts ``ZFROMJID``. ``thread`` is the
chat JID, ``group`` is true for group sessions. ``body`` is ``ZTEXT``, or the media caption
(``ZTITLE`` of image, video, document and GIF items) when there is no text.

Extra columns: ``group``, ``system``, ``message_type``, ``group_event_type``, ``message_status``,
``key_id``, ``chat_name``, ``caption``, ``mime_type``, ``media_path``, ``lat``, ``lon``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import sql
from .arrowutil import cocoa_ts, flag_direction
from .base import Artifact, Context, Probe, repeat

NAME = "whatsapp_ios"
FORMAT = "WhatsApp for iOS ChatStorage.sqlite: chat messages"
VERSIONS = "WhatsApp iOS 2.20-2.24 (Core Data ChatStorage.sqlite; sample: iOS 15, WhatsApp 2.22/2.23)"
TABLES = ("messages",)

REQUIRED = {"ZWAMESSAGE": ("Z_PK", "ZISFROMME", "ZMESSAGEDATE", "ZTEXT", "ZFROMJID", "ZTOJID", "ZCHATSESSION")}

APP = "whatsapp"

_TYPES = {
    "src_row": pa.int64(),
    "ts_raw": pa.float64(),
    "from_me": pa.int64(),
    "counterpart_raw": pa.string(),
    "thread": pa.string(),
    "body": pa.string(),
    "caption": pa.string(),
    "message_type": pa.int64(),
    "group_event_type": pa.int64(),
    "status": pa.int64(),
    "key_id": pa.string(),
    "chat_name": pa.string(),
    "mime_type": pa.string(),
    "media_path": pa.string(),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "attach": pa.int64(),
    "system": pa.int64(),
    "group": pa.int64(),
}


def detect(probe: Probe) -> bool:
    return probe.requires(REQUIRED)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    a = artifact
    joins = []
    chat_jid = session_type = chat_name = "NULL"
    if "ZCONTACTJID" in a.columns("ZWACHATSESSION"):
        joins.append("LEFT JOIN ZWACHATSESSION s ON s.Z_PK = m.ZCHATSESSION")
        chat_jid = "s.ZCONTACTJID"
        session_type = sql.ref(a, "ZWACHATSESSION", "ZSESSIONTYPE", "s.")
        chat_name = sql.ref(a, "ZWACHATSESSION", "ZPARTNERNAME", "s.")
    else:
        ctx.warn("ZWACHATSESSION missing or without ZCONTACTJID: chat JIDs taken from ZFROMJID / ZTOJID, group senders unknown")
    member = "NULL"
    if "ZMEMBERJID" in a.columns("ZWAGROUPMEMBER") and "ZGROUPMEMBER" in a.columns("ZWAMESSAGE"):
        joins.append("LEFT JOIN ZWAGROUPMEMBER gm ON gm.Z_PK = m.ZGROUPMEMBER")
        member = "gm.ZMEMBERJID"
    elif "ZMEMBERJID" not in a.columns("ZWAGROUPMEMBER"):
        ctx.warn("ZWAGROUPMEMBER missing or without ZMEMBERJID: senders of incoming group messages unknown (group JID used)")
    title = path = vcard = lat = lon = "NULL"
    if "Z_PK" in a.columns("ZWAMEDIAITEM") and "ZMEDIAITEM" in a.columns("ZWAMESSAGE"):
        joins.append("LEFT JOIN ZWAMEDIAITEM mi ON mi.Z_PK = m.ZMEDIAITEM")
        title = sql.ref(a, "ZWAMEDIAITEM", "ZTITLE", "mi.")
        path = sql.ref(a, "ZWAMEDIAITEM", "ZMEDIALOCALPATH", "mi.")
        vcard = sql.ref(a, "ZWAMEDIAITEM", "ZVCARDSTRING", "mi.")
        lat = sql.ref(a, "ZWAMEDIAITEM", "ZLATITUDE", "mi.")
        lon = sql.ref(a, "ZWAMEDIAITEM", "ZLONGITUDE", "mi.")
    lacking = sql.missing(a, "ZWAMESSAGE", ["ZMESSAGETYPE", "ZGROUPMEMBER", "ZMEDIAITEM"])
    if lacking:
        ctx.warn(f"ZWAMESSAGE: columns {', '.join(lacking)} missing in this version (read as null)")
    mtype = sql.ref(a, "ZWAMESSAGE", "ZMESSAGETYPE", "m.")
    caption = f"CASE WHEN {mtype} IN (1, 2, 8, 11) THEN {title} END"
    query = f"""
        SELECT m.Z_PK AS src_row,
               m.ZMESSAGEDATE AS ts_raw,
               m.ZISFROMME AS from_me,
               CASE WHEN m.ZISFROMME = 1 THEN COALESCE({chat_jid}, m.ZTOJID)
                    ELSE COALESCE({member},
                                  CASE WHEN {chat_jid} LIKE '%@broadcast' THEN m.ZFROMJID END,
                                  {chat_jid}, m.ZFROMJID) END AS counterpart_raw,
               COALESCE({chat_jid}, CASE WHEN m.ZISFROMME = 1 THEN m.ZTOJID ELSE m.ZFROMJID END) AS thread,
               COALESCE(m.ZTEXT, {caption}) AS body,
               {caption} AS caption,
               {mtype} AS message_type,
               {sql.ref(a, "ZWAMESSAGE", "ZGROUPEVENTTYPE", "m.")} AS group_event_type,
               {sql.ref(a, "ZWAMESSAGE", "ZMESSAGESTATUS", "m.")} AS status,
               {sql.ref(a, "ZWAMESSAGE", "ZSTANZAID", "m.")} AS key_id,
               {chat_name} AS chat_name,
               CASE WHEN {mtype} IS NOT 4 THEN {vcard} END AS mime_type,
               {path} AS media_path,
               CASE WHEN {mtype} = 5 THEN {lat} END AS lat,
               CASE WHEN {mtype} = 5 THEN {lon} END AS lon,
               ({mtype} IN (1, 2, 3, 4, 5, 8, 11, 15) OR {path} IS NOT NULL) AS attach,
               ({mtype} IN (6, 10, 12)) AS system,
               ({session_type} = 1 OR COALESCE({chat_jid}, m.ZFROMJID, m.ZTOJID) LIKE '%@g.us') AS "group"
        FROM ZWAMESSAGE m {' '.join(joins)}
        ORDER BY m.Z_PK"""
    t = sql.read(a, query, types=_TYPES, ctx=ctx, what="ZWAMESSAGE")
    if not t.num_rows:
        return
    n = t.num_rows
    ts = cocoa_ts(t.column("ts_raw"), ctx, "ZWAMESSAGE", "ZMESSAGEDATE", unit="cocoa_s")
    direction = flag_direction(t.column("from_me"), ctx, "ZWAMESSAGE",
                               "rows with a ZISFROMME value that is neither 0 nor 1 (direction null)")
    raw = t.column("counterpart_raw")

    def flag(name: str) -> pa.Array:
        return pc.fill_null(pc.not_equal(t.column(name), 0), False)

    yield "messages", pa.table(
        {
            "ts": ts,
            "direction": direction,
            "counterpart": ctx.normalise(raw),
            "counterpart_raw": raw,
            "app": repeat(APP, n),
            "thread": t.column("thread"),
            "body": t.column("body"),
            "has_attachment": flag("attach"),
            "src_table": repeat("ZWAMESSAGE", n),
            "src_row": t.column("src_row"),
            "group": flag("group"),
            "system": flag("system"),
            "message_type": t.column("message_type"),
            "group_event_type": t.column("group_event_type"),
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
