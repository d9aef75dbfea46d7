"""Builders for WhatsApp databases in their real on-disk layouts (Android and iOS).

Each builder creates an empty database with the tables and indexes the app itself writes,
then inserts rows in the app's native conventions (Unix milliseconds on Android, Core Data
seconds since 2001-01-01 on iOS, the apps' own type codes). Bulk inserts go through
``executemany`` inside one transaction, so a million messages take seconds; indexes are
created when the builder is closed (the finished file has the same schema either way).
Everything is deterministic: the same calls give byte-identical databases.

Where the CREATE statements come from:

* Android ``msgstore.db`` current schema (WhatsApp 2.22-2.24, the ``message`` / ``jid`` /
  ``chat`` layout introduced during 2.21.x): a public schema dump of a 2023 msgstore.db
  (``call_log`` with ``call_link_row_id`` / ``scheduled_id``, ``chat`` with ``chat_lock``,
  ``message`` with ``message_add_on_flags`` / ``view_mode``), indexes from a 2021 dump of a
  2.21.x database and from WhatsApp's own ``DatabaseHelper`` (decompiled, as published in
  public repositories).
* Android ``msgstore.db`` legacy schema (WhatsApp 2.17-2.20, before the migration): the
  ``messages`` statement of the 2021 dump (the last legacy form, 42 columns), ``chat_list``
  and ``call_logs`` / ``call_log_participant`` as WhatsApp's ``DatabaseHelper`` creates them.
* Android ``wa.db``: ``wa_contacts`` as "contacts database version 74" creates it.
* iOS ``ChatStorage.sqlite`` / ``CallHistory.sqlite`` / ``ContactsV2.sqlite``: copied
  verbatim from ``sqlite_master`` of the real WhatsApp iOS 15 sample (iLEAPP test image,
  ``../shared/data/ios/whatsapp_josh_ios15``), with the Core Data entity numbers of its
  ``Z_PRIMARYKEY``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

COCOA_EPOCH = dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def unix_ms(when: dt.datetime) -> int:
    """A timezone-aware datetime as Unix milliseconds (WhatsApp Android)."""
    return (when - UNIX_EPOCH) // dt.timedelta(milliseconds=1)


def cocoa_s(when: dt.datetime) -> float:
    """A timezone-aware datetime as Core Data seconds since 2001-01-01 (WhatsApp iOS)."""
    return (when - COCOA_EPOCH) / dt.timedelta(seconds=1)


def _fresh(path: Path | str) -> sqlite3.Connection:
    path = Path(path)
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(str(path) + suffix)
        if side.exists():
            side.unlink()
    conn = sqlite3.connect(path)
    conn.isolation_level = None  # explicit BEGIN/COMMIT
    return conn


def _run(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
    for stmt in statements:
        conn.execute(stmt)


# =====================================================================================
# Android msgstore.db
# =====================================================================================

ANDROID_METADATA = ["CREATE TABLE android_metadata (locale TEXT)"]

MSGSTORE_CURRENT_TABLES = [
    "CREATE TABLE props (_id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, value TEXT)",
    "CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT)",
    "CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT,jid_row_id INTEGER UNIQUE,hidden INTEGER,subject TEXT,created_timestamp INTEGER,display_message_row_id INTEGER,last_message_row_id INTEGER,last_read_message_row_id INTEGER,last_read_receipt_sent_message_row_id INTEGER,last_important_message_row_id INTEGER,archived INTEGER,sort_timestamp INTEGER,mod_tag INTEGER,gen REAL,spam_detection INTEGER,unseen_earliest_message_received_time INTEGER,unseen_message_count INTEGER,unseen_missed_calls_count INTEGER,unseen_row_count INTEGER,plaintext_disabled INTEGER,vcard_ui_dismissed INTEGER,change_number_notified_message_row_id INTEGER,show_group_description INTEGER,ephemeral_expiration INTEGER,last_read_ephemeral_message_row_id INTEGER,ephemeral_setting_timestamp INTEGER, unseen_important_message_count INTEGER NOT NULL DEFAULT 0, ephemeral_disappearing_messages_initiator INTEGER, group_type INTEGER NOT NULL DEFAULT 0, last_message_reaction_row_id INTEGER, last_seen_message_reaction_row_id INTEGER, unseen_message_reaction_count INTEGER, growth_lock_level INTEGER, growth_lock_expiration_ts INTEGER, last_read_message_sort_id INTEGER, display_message_sort_id INTEGER, last_message_sort_id INTEGER, last_read_receipt_sent_message_sort_id INTEGER, has_new_community_admin_dialog_been_acknowledged INTEGER NOT NULL DEFAULT 0, history_sync_progress INTEGER, ephemeral_displayed_exemptions INTEGER, chat_lock INTEGER)",
    "CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER, broadcast INTEGER, recipient_count INTEGER, participant_hash TEXT, origination_flags INTEGER, origin INTEGER, timestamp INTEGER, received_timestamp INTEGER, receipt_server_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER, lookup_tables INTEGER, sort_id INTEGER NOT NULL DEFAULT 0 , message_add_on_flags INTEGER, view_mode INTEGER)",
    "CREATE TABLE message_media (  message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, autotransfer_retry_enabled INTEGER, multicast_id TEXT, media_job_uuid TEXT, transferred INTEGER, transcoded INTEGER, file_path TEXT, file_size INTEGER, suspicious_content INTEGER, trim_from INTEGER, trim_to INTEGER, face_x INTEGER, face_y INTEGER, media_key BLOB, media_key_timestamp INTEGER, width INTEGER, height INTEGER, has_streaming_sidecar INTEGER, gif_attribution INTEGER, thumbnail_height_width_ratio REAL, direct_path TEXT, first_scan_sidecar BLOB, first_scan_length INTEGER, message_url TEXT, mime_type TEXT, file_length INTEGER, media_name TEXT, file_hash TEXT, media_duration INTEGER, page_count INTEGER, enc_file_hash TEXT, partial_media_hash TEXT, partial_media_enc_hash TEXT, is_animated_sticker INTEGER, original_file_hash TEXT, mute_video INTEGER DEFAULT 0, media_caption TEXT, media_upload_handle TEXT)",
    "CREATE TABLE message_location (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, latitude REAL, longitude REAL, place_name TEXT, place_address TEXT, url TEXT, live_location_share_duration INTEGER, live_location_sequence_number INTEGER, live_location_final_latitude REAL, live_location_final_longitude REAL, live_location_final_timestamp INTEGER, map_download_status INTEGER)",
    "CREATE TABLE message_quoted (    message_row_id             INTEGER PRIMARY KEY AUTOINCREMENT,    chat_row_id                INTEGER NOT NULL,    parent_message_chat_row_id INTEGER NOT NULL,    from_me                    INTEGER NOT NULL,    sender_jid_row_id          INTEGER,    key_id                     TEXT    NOT NULL,    timestamp                  INTEGER,    message_type               INTEGER,    origin                     INTEGER,    text_data                  TEXT,    payment_transaction_id     TEXT,    lookup_tables              INTEGER)",
    "CREATE TABLE message_revoked (message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT NOT NULL, admin_jid_row_id INTEGER, revoke_timestamp INTEGER)",
    "CREATE TABLE message_edit_info (message_row_id INTEGER PRIMARY KEY, original_key_id TEXT NOT NULL, edited_timestamp INTEGER NOT NULL, sender_timestamp INTEGER NOT NULL)",
    "CREATE TABLE message_forwarded(message_row_id INTEGER PRIMARY KEY, forward_score INTEGER)",
    "CREATE TABLE message_system (message_row_id INTEGER PRIMARY KEY, action_type INTEGER NOT NULL)",
    "CREATE TABLE message_system_block_contact (message_row_id INTEGER PRIMARY KEY, is_blocked INTEGER)",
    "CREATE TABLE message_system_chat_participant (message_row_id INTEGER, user_jid_row_id INTEGER)",
    "CREATE TABLE message_system_group (message_row_id INTEGER PRIMARY KEY, is_me_joined INTEGER)",
    "CREATE TABLE message_system_number_change (message_row_id INTEGER PRIMARY KEY, old_jid_row_id INTEGER, new_jid_row_id INTEGER)",
    "CREATE TABLE message_vcard (_id  INTEGER PRIMARY KEY AUTOINCREMENT, message_row_id INTEGER, vcard TEXT)",
    "CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, group_jid_row_id INTEGER NOT NULL, user_jid_row_id INTEGER NOT NULL, rank INTEGER, pending INTEGER)",
    "CREATE TABLE call_log (    _id                              INTEGER PRIMARY KEY AUTOINCREMENT,    jid_row_id                       INTEGER,    from_me                          INTEGER,    call_id                          TEXT,    transaction_id                   INTEGER,    timestamp                        INTEGER,    video_call                       INTEGER,    duration                         INTEGER,    call_result                      INTEGER,    bytes_transferred                INTEGER,    group_jid_row_id                 INTEGER NOT NULL DEFAULT 0,    is_joinable_group_call           INTEGER,    call_creator_device_jid_row_id   INTEGER NOT NULL DEFAULT 0, call_random_id TEXT, call_link_row_id INTEGER NOT NULL DEFAULT 0, is_dnd_mode_on INTEGER, call_type INTEGER, offer_silence_reason INTEGER, scheduled_id TEXT)",
    "CREATE TABLE call_log_participant_v2 (    _id             INTEGER PRIMARY KEY AUTOINCREMENT,    call_log_row_id INTEGER,    jid_row_id      INTEGER,    call_result     INTEGER)",
]

MSGSTORE_CURRENT_INDEXES = [
    "CREATE UNIQUE INDEX jid_key_new_index ON jid (    user,    server,    agent,    device,    type)",
    "CREATE UNIQUE INDEX jid_raw_string_index ON jid (    raw_string)",
    "CREATE INDEX message_sort_id_index ON message (sort_id)",
    "CREATE UNIQUE INDEX message_key_index on message (chat_row_id, from_me, key_id, sender_jid_row_id)",
    "CREATE INDEX message_starred_index on message (starred)",
    "CREATE INDEX message_type_chat_index on message (chat_row_id, message_type)",
    "CREATE INDEX message_chat_id_index ON message (chat_row_id,_id)",
    "CREATE INDEX message_type_index ON message(message_type)",
    "CREATE INDEX message_media_chat_index ON message_media(chat_row_id)",
    "CREATE INDEX message_media_hash_index ON message_media(file_hash)",
    "CREATE INDEX message_media_original_file_hash_index ON message_media(original_file_hash)",
    "CREATE UNIQUE INDEX group_participant_user_index ON group_participant_user (group_jid_row_id, user_jid_row_id)",
    "CREATE UNIQUE INDEX call_log_key_index ON call_log (jid_row_id, from_me, call_id, transaction_id)",
    "CREATE UNIQUE INDEX call_log_participant_key_index on call_log_participant_v2 (call_log_row_id, jid_row_id)",
]

MSGSTORE_LEGACY_TABLES = [
    "CREATE TABLE props (_id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, value TEXT)",
    "CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT, timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT, media_size INTEGER, media_name TEXT, media_caption TEXT, media_hash TEXT, media_duration INTEGER, origin INTEGER, latitude REAL, longitude REAL, thumb_image TEXT, remote_resource TEXT, received_timestamp INTEGER, send_timestamp INTEGER, receipt_server_timestamp INTEGER, receipt_device_timestamp INTEGER, read_device_timestamp INTEGER, played_device_timestamp INTEGER, raw_data BLOB, recipient_count INTEGER, participant_hash TEXT, starred INTEGER, quoted_row_id INTEGER, mentioned_jids TEXT, multicast_id TEXT, edit_version INTEGER, media_enc_hash TEXT, payment_transaction_id TEXT, forwarded INTEGER, preview_type INTEGER, send_count INTEGER, lookup_tables INTEGER, future_message_type INTEGER)",
    "CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE, message_table_id INTEGER, subject TEXT, creation INTEGER, last_read_message_table_id INTEGER, last_read_receipt_sent_message_table_id INTEGER, archived INTEGER, sort_timestamp INTEGER, mod_tag INTEGER, gen REAL, my_messages INTEGER, plaintext_disabled BOOLEAN, last_message_table_id INTEGER, unseen_earliest_message_received_time INTEGER, unseen_message_count INTEGER, unseen_missed_calls_count INTEGER, unseen_row_count INTEGER, vcard_ui_dismissed INTEGER, change_number_notified_message_id INTEGER, last_important_message_table_id INTEGER, show_group_description INTEGER, ephemeral_expiration INTEGER, last_read_ephemeral_message_table_id INTEGER, ephemeral_setting_timestamp INTEGER)",
    "CREATE TABLE group_participants (_id INTEGER PRIMARY KEY AUTOINCREMENT, gjid TEXT NOT NULL, jid TEXT NOT NULL, admin INTEGER, pending INTEGER, sent_sender_key INTEGER)",
    "CREATE TABLE group_participants_history (_id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp DATETIME NOT NULL, gjid TEXT NOT NULL, jid TEXT NOT NULL, action INTEGER NOT NULL, old_phash TEXT NOT NULL, new_phash TEXT NOT NULL)",
    "CREATE TABLE media_refs (_id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT UNIQUE, ref_count INTEGER)",
    "CREATE TABLE message_thumbnails (thumbnail BLOB, timestamp DATETIME, key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL)",
    "CREATE TABLE receipts (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_id TEXT NOT NULL, remote_resource TEXT, receipt_device_timestamp INTEGER, read_device_timestamp INTEGER, played_device_timestamp INTEGER)",
    "CREATE TABLE call_logs (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_row_id INTEGER, transaction_id INTEGER, timestamp INTEGER, video_call INTEGER, duration INTEGER, call_result INTEGER, bytes_transferred INTEGER)",
    "CREATE TABLE call_log_participant (_id INTEGER PRIMARY KEY AUTOINCREMENT, call_logs_row_id INTEGER, jid TEXT, call_result INTEGER)",
]

MSGSTORE_LEGACY_INDEXES = [
    "CREATE UNIQUE INDEX messages_key_index on messages (key_remote_jid, key_from_me, key_id)",
    "CREATE INDEX media_hash_index on messages (media_hash)",
    "CREATE INDEX media_type_index on messages (media_wa_type)",
    "CREATE INDEX media_type_jid_index on messages (key_remote_jid, media_wa_type)",
    "CREATE INDEX messages_jid_id_index on messages (key_remote_jid, _id)",
    "CREATE INDEX starred_index on messages (starred)",
    "CREATE UNIQUE INDEX group_participants_index ON group_participants (gjid, jid)",
    "CREATE INDEX group_participants_history_index ON group_participants_history (gjid)",
    "CREATE UNIQUE INDEX messages_thumbnail_key_index ON message_thumbnails (key_remote_jid, key_from_me, key_id)",
    "CREATE INDEX receipts_key_index on receipts (key_remote_jid, key_id)",
    "CREATE UNIQUE INDEX call_log_participants_key_index on call_log_participant (call_logs_row_id, jid)",
]

# Android message types (message.message_type, legacy messages.media_wa_type)
WA_TEXT, WA_IMAGE, WA_AUDIO, WA_VIDEO, WA_CONTACT, WA_LOCATION = 0, 1, 2, 3, 4, 5
WA_SYSTEM, WA_CALL, WA_DOCUMENT, WA_MISSED_CALL, WA_GIF, WA_DELETED = 7, 8, 9, 10, 13, 15
WA_LIVE_LOCATION, WA_STICKER = 16, 20

# call_log.call_result as WhatsApp Android writes it (IPED ExtractorAndroidNew)
CALL_REJECTED, CALL_UNAVAILABLE, CALL_MISSED, CALL_ANSWERED = 2, 3, 4, 5


@dataclass(frozen=True)
class AndroidMessage:
    """One WhatsApp Android message in native conventions.

    ``chat`` is the chat JID (``447700900123@s.whatsapp.net`` / ``...@g.us``), ``sender``
    the participant JID of an incoming group message, ``ts_ms`` Unix milliseconds.
    """

    chat: str
    from_me: int
    ts_ms: int
    text: str | None = None
    sender: str | None = None
    message_type: int = WA_TEXT
    status: int | None = None
    mime_type: str | None = None
    file_path: str | None = None
    caption: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class AndroidCall:
    """One WhatsApp Android call: ``peer`` JID, Unix ms, seconds, ``call_result`` code."""

    peer: str
    from_me: int
    ts_ms: int
    duration_s: int = 0
    call_result: int = CALL_ANSWERED
    video: int = 0
    group: str | None = None  # group JID of a group call
    creator: str | None = None  # call creator (device) JID of a group call


def _jid_parts(raw: str) -> tuple[str, str, int, int, int]:
    """(user, server, agent, device, type) of a raw JID string, as the jid table splits it."""
    user, _, server = raw.partition("@")
    device = 0
    if ":" in user:
        user, _, dev = user.partition(":")
        device = int(dev) if dev.isdigit() else 0
    jtype = {"s.whatsapp.net": 0, "g.us": 1, "broadcast": 5, "lid": 18, "newsletter": 21}.get(server, 0)
    if device:
        jtype = 17
    return user, server, 0, device, jtype


class Msgstore:
    """A WhatsApp Android ``msgstore.db``.

    ``variant``: ``"current"`` (``message`` / ``jid`` / ``chat``, WhatsApp 2.22+),
    ``"legacy"`` (``messages`` / ``chat_list`` / ``call_logs``, 2.17-2.20) or
    ``"transitional"`` (2.21.x during the migration: both layouts, every message written
    to both tables with the same ``_id``, as WhatsApp's migration does).
    """

    VARIANTS = ("current", "legacy", "transitional")

    def __init__(self, path: Path | str, variant: str = "current"):
        if variant not in self.VARIANTS:
            raise ValueError(f"variant must be one of {self.VARIANTS}")
        self.path = Path(path)
        self.variant = variant
        self.conn = _fresh(self.path)
        self.conn.execute("PRAGMA user_version = 1")  # SQLiteOpenHelper(context, "msgstore.db", null, 1)
        self.conn.execute("BEGIN")
        _run(self.conn, ANDROID_METADATA)
        self.conn.execute("INSERT INTO android_metadata VALUES ('en_US')")
        self.new = variant in ("current", "transitional")
        self.old = variant in ("legacy", "transitional")
        if self.old:
            _run(self.conn, MSGSTORE_LEGACY_TABLES)
        if self.new:
            _run(self.conn, [s for s in MSGSTORE_CURRENT_TABLES if not (self.old and s.startswith("CREATE TABLE props "))])
        self._jids: dict[str, int] = {}
        self._chats: dict[str, int] = {}
        self._legacy_chats: set[str] = set()
        self._next_msg = 1
        if self.new:
            # WhatsApp's placeholder row: _id 1, chat_row_id -1, key_id "-1"
            self.conn.execute("INSERT INTO message (_id, chat_row_id, from_me, key_id, sort_id) VALUES (1, -1, 0, '-1', 0)")
        if self.old:
            self.conn.execute("INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, timestamp) VALUES (1, '-1', 0, '-1', -1, 0)")
        self._next_msg = 2
        self._next_call = 1

    # -- identities ------------------------------------------------------------------
    def jid(self, raw: str) -> int:
        """The ``jid._id`` of a raw JID string, inserting it once (current schema)."""
        if raw in self._jids:
            return self._jids[raw]
        cur = self.conn.execute("INSERT INTO jid (user, server, agent, device, type, raw_string) VALUES (?,?,?,?,?,?)", (*_jid_parts(raw), raw))
        self._jids[raw] = cur.lastrowid
        return cur.lastrowid

    def chat(self, raw: str, subject: str | None = None, created_ms: int = 0) -> int:
        """The ``chat._id`` for a chat JID (and its legacy ``chat_list`` row)."""
        row = 0
        if self.new:
            if raw in self._chats:
                return self._chats[raw]
            jid = self.jid(raw)
            cur = self.conn.execute(
                "INSERT INTO chat (jid_row_id, hidden, subject, created_timestamp, archived, sort_timestamp) VALUES (?,0,?,?,0,?)",
                (jid, subject, created_ms, created_ms),
            )
            row = cur.lastrowid
            self._chats[raw] = row
        if self.old and raw not in self._legacy_chats:
            self.conn.execute("INSERT INTO chat_list (key_remote_jid, subject, creation, archived, sort_timestamp) VALUES (?,?,?,0,?)", (raw, subject, created_ms, created_ms))
            self._legacy_chats.add(raw)
        return row

    # -- messages --------------------------------------------------------------------
    def add_messages(self, rows: Iterable[AndroidMessage]) -> list[int]:
        """Insert messages in bulk; returns their ``_id`` values."""
        new_rows, media_rows, loc_rows, sys_rows, old_rows, ids = [], [], [], [], [], []
        for m in rows:
            _id = self._next_msg
            self._next_msg += 1
            ids.append(_id)
            key_id = f"{_id:016X}"
            status = m.status if m.status is not None else (13 if m.from_me else 0)
            chat_id = self.chat(m.chat)
            if self.new:
                sender = self.jid(m.sender) if m.sender else 0
                new_rows.append((_id, chat_id, m.from_me, key_id, sender, status, 0, 0, 0, 0, m.ts_ms, m.ts_ms if not m.from_me else 0, -1, m.message_type, m.text, 0, 0, _id, 0))
                if m.mime_type is not None or m.file_path is not None:
                    media_rows.append((_id, chat_id, 1, m.file_path, m.mime_type, m.caption))
                if m.lat is not None or m.lon is not None:
                    loc_rows.append((_id, chat_id, m.lat, m.lon))
                if m.message_type == WA_SYSTEM:
                    sys_rows.append((_id, 1))
            if self.old:
                wa_type = WA_TEXT if m.message_type == WA_SYSTEM else m.message_type
                old_status = 6 if m.message_type == WA_SYSTEM else status
                old_rows.append((_id, m.chat, m.from_me, key_id, old_status, 0, m.text, m.ts_ms, m.mime_type, str(wa_type), m.file_path, m.caption, m.lat, m.lon, m.sender if not m.from_me else None, m.ts_ms if not m.from_me else 0))
        if new_rows:
            self.conn.executemany(
                "INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, status, broadcast, recipient_count, origination_flags, origin, timestamp, received_timestamp, receipt_server_timestamp, message_type, text_data, starred, lookup_tables, sort_id, message_add_on_flags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                new_rows,
            )
            self.conn.executemany("INSERT INTO message_media (message_row_id, chat_row_id, transferred, file_path, mime_type, media_caption) VALUES (?,?,?,?,?,?)", media_rows)
            self.conn.executemany("INSERT INTO message_location (message_row_id, chat_row_id, latitude, longitude) VALUES (?,?,?,?)", loc_rows)
            self.conn.executemany("INSERT INTO message_system (message_row_id, action_type) VALUES (?,?)", sys_rows)
        if old_rows:
            self.conn.executemany(
                "INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, needs_push, data, timestamp, media_mime_type, media_wa_type, media_name, media_caption, latitude, longitude, remote_resource, received_timestamp) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                old_rows,
            )
        return ids

    def raw_messages(self, sql: str, params: Sequence = ()) -> None:
        """Run one raw statement (for edge-case fixtures: wrong types, bad bytes)."""
        self.conn.execute(sql, params)

    # -- calls -----------------------------------------------------------------------
    def add_calls(self, rows: Iterable[AndroidCall]) -> list[int]:
        """Insert calls: ``call_log`` (current) or ``call_logs`` + a call message (legacy)."""
        new_rows, old_msgs, old_calls, ids = [], [], [], []
        for c in rows:
            _id = self._next_call
            self._next_call += 1
            ids.append(_id)
            call_id = f"call:{_id:016X}"
            if self.new:
                peer = self.jid(c.peer)
                group = self.jid(c.group) if c.group else 0
                creator = self.jid(c.creator) if c.creator else 0
                new_rows.append((_id, peer, c.from_me, call_id, 0, c.ts_ms, c.video, c.duration_s, c.call_result, 0, group, 0, creator))
            if self.old:
                # legacy: a call message in `messages` (media_wa_type 8, or 10 for a missed
                # incoming call) and its `call_logs` row; a transitional store keeps both
                # the legacy rows and their migrated `call_log` copy
                self.chat(c.peer)
                msg_id = self._next_msg
                self._next_msg += 1
                wa_type = WA_MISSED_CALL if (c.call_result == CALL_MISSED and not c.from_me) else WA_CALL
                old_msgs.append((msg_id, c.peer, c.from_me, f"{msg_id:016X}", 6, c.ts_ms, str(wa_type), "video" if c.video else "audio"))
                old_calls.append((_id, msg_id, 0, c.ts_ms, c.video, c.duration_s, c.call_result, 0))
        if new_rows:
            self.conn.executemany(
                "INSERT INTO call_log (_id, jid_row_id, from_me, call_id, transaction_id, timestamp, video_call, duration, call_result, bytes_transferred, group_jid_row_id, is_joinable_group_call, call_creator_device_jid_row_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                new_rows,
            )
        if old_msgs:
            self.conn.executemany("INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, timestamp, media_wa_type, media_caption) VALUES (?,?,?,?,?,?,?,?)", old_msgs)
            self.conn.executemany("INSERT INTO call_logs (_id, message_row_id, transaction_id, timestamp, video_call, duration, call_result, bytes_transferred) VALUES (?,?,?,?,?,?,?,?)", old_calls)
        return ids

    def close(self) -> Path:
        if self.new:
            _run(self.conn, [s.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS").replace("CREATE UNIQUE INDEX", "CREATE UNIQUE INDEX IF NOT EXISTS") for s in MSGSTORE_CURRENT_INDEXES])
        if self.old:
            _run(self.conn, MSGSTORE_LEGACY_INDEXES)
        self.conn.execute("COMMIT")
        self.conn.close()
        return self.path

    def __enter__(self) -> Msgstore:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.conn.close()


# =====================================================================================
# Android wa.db
# =====================================================================================

WA_DB_TABLES = [
    "CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, is_whatsapp_user BOOLEAN NOT NULL, status TEXT, status_timestamp INTEGER, number TEXT, raw_contact_id INTEGER, display_name TEXT, phone_type INTEGER, phone_label TEXT, unseen_msg_count INTEGER, photo_ts INTEGER, thumb_ts INTEGER, photo_id_timestamp INTEGER, given_name TEXT, family_name TEXT, wa_name TEXT, sort_name TEXT, nickname TEXT, company TEXT, title TEXT, status_autodownload_disabled INTEGER, keep_timestamp INTEGER, is_spam_reported INTEGER, is_sidelist_synced BOOLEAN DEFAULT 0, is_business_synced BOOLEAN DEFAULT 0, disappearing_mode_duration INTEGER, disappearing_mode_timestamp LONG, history_sync_initial_phash TEXT)",
]
WA_DB_INDEXES = [
    " CREATE INDEX IF NOT EXISTS is_wa_index ON wa_contacts (is_whatsapp_user);",
    " CREATE INDEX IF NOT EXISTS jid_index ON wa_contacts (jid);",
]


@dataclass(frozen=True)
class WaContact:
    jid: str
    display_name: str | None = None
    number: str | None = None
    wa_name: str | None = None
    is_whatsapp_user: int = 1


class WaDb:
    """A WhatsApp Android ``wa.db`` (contacts database version 74)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.conn = _fresh(self.path)
        self.conn.execute("PRAGMA user_version = 74")
        self.conn.execute("BEGIN")
        _run(self.conn, ANDROID_METADATA + WA_DB_TABLES)
        self.conn.execute("INSERT INTO android_metadata VALUES ('en_US')")

    def add_contacts(self, rows: Iterable[WaContact]) -> None:
        self.conn.executemany(
            "INSERT INTO wa_contacts (jid, is_whatsapp_user, number, display_name, given_name, wa_name, sort_name) VALUES (?,?,?,?,?,?,?)",
            [(c.jid, c.is_whatsapp_user, c.number, c.display_name, (c.display_name or "").split(" ")[0] or None, c.wa_name, c.display_name) for c in rows],
        )

    def close(self) -> Path:
        _run(self.conn, WA_DB_INDEXES)
        self.conn.execute("COMMIT")
        self.conn.close()
        return self.path

    def __enter__(self) -> WaDb:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.conn.close()


# =====================================================================================
# iOS (Core Data stores in the app group container)
# =====================================================================================

CORE_DATA_META = [
    "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)",
    "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)",
    "CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB)",
]

CHATSTORAGE_TABLES = [
    "CREATE TABLE ZWABLACKLISTITEM ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZJID VARCHAR )",
    "CREATE TABLE ZWACHATPROPERTIES ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZALERTS INTEGER, ZENABLED INTEGER, ZCHATSESSION INTEGER, ZMUTEDATE TIMESTAMP, ZSOUNDNAME VARCHAR )",
    "CREATE TABLE ZWACHATPUSHCONFIG ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZALERTS INTEGER, ZMUTEDUNTIL TIMESTAMP, ZJID VARCHAR, ZRINGTONE VARCHAR, ZSOUND VARCHAR )",
    "CREATE TABLE ZWACHATSESSION ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZARCHIVED INTEGER, ZCONTACTABID INTEGER, ZFLAGS INTEGER, ZHIDDEN INTEGER, ZIDENTITYVERIFICATIONEPOCH INTEGER, ZIDENTITYVERIFICATIONSTATE INTEGER, ZMESSAGECOUNTER INTEGER, ZREMOVED INTEGER, ZSESSIONTYPE INTEGER, ZSPOTLIGHTSTATUS INTEGER, ZUNREADCOUNT INTEGER, ZGROUPINFO INTEGER, ZLASTMESSAGE INTEGER, ZPROPERTIES INTEGER, ZLASTMESSAGEDATE TIMESTAMP, ZLOCATIONSHARINGENDDATE TIMESTAMP, ZCONTACTIDENTIFIER VARCHAR, ZCONTACTJID VARCHAR, ZETAG VARCHAR, ZLASTMESSAGETEXT VARCHAR, ZPARTNERNAME VARCHAR, ZSAVEDINPUT VARCHAR )",
    "CREATE TABLE ZWAGROUPINFO ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZSTATE INTEGER, ZCHATSESSION INTEGER, ZLASTMESSAGEOWNER INTEGER, ZCREATIONDATE TIMESTAMP, ZSUBJECTTIMESTAMP TIMESTAMP, ZCREATORJID VARCHAR, ZOWNERJID VARCHAR, ZPICTUREID VARCHAR, ZPICTUREPATH VARCHAR, ZSOURCEJID VARCHAR, ZSUBJECTOWNERJID VARCHAR )",
    "CREATE TABLE ZWAGROUPMEMBER ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCONTACTABID INTEGER, ZISACTIVE INTEGER, ZISADMIN INTEGER, ZSENDERKEYSENT INTEGER, ZCHATSESSION INTEGER, ZRECENTGROUPCHAT INTEGER, ZCONTACTIDENTIFIER VARCHAR, ZCONTACTNAME VARCHAR, ZFIRSTNAME VARCHAR, ZMEMBERJID VARCHAR )",
    "CREATE TABLE ZWAGROUPMEMBERSCHANGE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCHANGETYPE INTEGER, ZCHANGEDATE TIMESTAMP, ZGROUPJID VARCHAR, ZMEMBERJIDS VARCHAR, ZPHASHBEFORECHANGE VARCHAR )",
    "CREATE TABLE ZWAMEDIAITEM ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCLOUDSTATUS INTEGER, ZFILESIZE INTEGER, ZMEDIAORIGIN INTEGER, ZMOVIEDURATION INTEGER, ZMESSAGE INTEGER, ZASPECTRATIO FLOAT, ZHACCURACY FLOAT, ZLATITUDE FLOAT, ZLONGITUDE FLOAT, ZMEDIAURLDATE TIMESTAMP, ZAUTHORNAME VARCHAR, ZCOLLECTIONNAME VARCHAR, ZMEDIALOCALPATH VARCHAR, ZMEDIAURL VARCHAR, ZTHUMBNAILLOCALPATH VARCHAR, ZTITLE VARCHAR, ZVCARDNAME VARCHAR, ZVCARDSTRING VARCHAR, ZXMPPTHUMBPATH VARCHAR, ZMEDIAKEY BLOB, ZMETADATA BLOB )",
    "CREATE TABLE ZWAMESSAGE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCHILDMESSAGESDELIVEREDCOUNT INTEGER, ZCHILDMESSAGESPLAYEDCOUNT INTEGER, ZCHILDMESSAGESREADCOUNT INTEGER, ZDATAITEMVERSION INTEGER, ZDOCID INTEGER, ZENCRETRYCOUNT INTEGER, ZFILTEREDRECIPIENTCOUNT INTEGER, ZFLAGS INTEGER, ZGROUPEVENTTYPE INTEGER, ZISFROMME INTEGER, ZMESSAGEERRORSTATUS INTEGER, ZMESSAGESTATUS INTEGER, ZMESSAGETYPE INTEGER, ZSORT INTEGER, ZSPOTLIGHTSTATUS INTEGER, ZSTARRED INTEGER, ZCHATSESSION INTEGER, ZGROUPMEMBER INTEGER, ZLASTSESSION INTEGER, ZMEDIAITEM INTEGER, ZMESSAGEINFO INTEGER, ZPARENTMESSAGE INTEGER, ZMESSAGEDATE TIMESTAMP, ZSENTDATE TIMESTAMP, ZFROMJID VARCHAR, ZMEDIASECTIONID VARCHAR, ZPHASH VARCHAR, ZPUSHNAME VARCHAR, ZSTANZAID VARCHAR, ZTEXT VARCHAR, ZTOJID VARCHAR )",
    "CREATE TABLE ZWAMESSAGEDATAITEM ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZINDEX INTEGER, ZOWNSTHUMBNAIL INTEGER, ZTYPE INTEGER, ZMESSAGE INTEGER, ZDATE TIMESTAMP, ZCHATJID VARCHAR, ZCONTENT1 VARCHAR, ZCONTENT2 VARCHAR, ZMATCHEDTEXT VARCHAR, ZSECTIONID VARCHAR, ZSENDERJID VARCHAR, ZSUMMARY VARCHAR, ZTHUMBNAILPATH VARCHAR, ZTITLE VARCHAR )",
    "CREATE TABLE ZWAMESSAGEINFO ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZMESSAGE INTEGER, ZRECEIPTINFO BLOB )",
    "CREATE TABLE ZWAPROFILEPICTUREITEM ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZREQUESTDATE TIMESTAMP, ZJID VARCHAR, ZPATH VARCHAR, ZPICTUREID VARCHAR )",
    "CREATE TABLE ZWAPROFILEPUSHNAME ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZJID VARCHAR, ZPUSHNAME VARCHAR )",
    "CREATE TABLE ZWAVCARDMENTION ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZISFROMME INTEGER, ZTRUSTEDWHENINDEXED INTEGER, ZMEDIAITEM INTEGER, ZDATE TIMESTAMP, ZSENDERJID VARCHAR, ZWHATSAPPID VARCHAR )",
    "CREATE TABLE ZWAZ1PAYMENTTRANSACTION ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZAMOUNT_1000 INTEGER, ZSTATUS INTEGER, ZTYPE INTEGER, ZTIMESTAMP TIMESTAMP, ZBANKTRANSACTIONID VARCHAR, ZCREDENTIALID VARCHAR, ZCURRENCY VARCHAR, ZERRORCODE VARCHAR, ZGROUPJID VARCHAR, ZMESSAGESTANZAID VARCHAR, ZRECEIVERJID VARCHAR, ZSENDERJID VARCHAR, ZTRANSACTIONID VARCHAR, ZMETADATA BLOB )",
]

CHATSTORAGE_INDEXES = [
    "CREATE INDEX ZWACHATPROPERTIES_ZCHATSESSION_INDEX ON ZWACHATPROPERTIES (ZCHATSESSION)",
    "CREATE INDEX ZWACHATSESSION_ZGROUPINFO_INDEX ON ZWACHATSESSION (ZGROUPINFO)",
    "CREATE INDEX ZWACHATSESSION_ZLASTMESSAGE_INDEX ON ZWACHATSESSION (ZLASTMESSAGE)",
    "CREATE INDEX ZWACHATSESSION_ZPROPERTIES_INDEX ON ZWACHATSESSION (ZPROPERTIES)",
    "CREATE INDEX Z_WAChatSession_byContactJIDIndex ON ZWACHATSESSION (ZCONTACTJID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAChatSession_byIdentityVerificationEpochIndex ON ZWACHATSESSION (ZIDENTITYVERIFICATIONEPOCH COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAChatSession_byIdentityVerificationStateIndex ON ZWACHATSESSION (ZIDENTITYVERIFICATIONSTATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAChatSession_byLastMessageDateIndex ON ZWACHATSESSION (ZLASTMESSAGEDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAChatSession_byRemovedIndex ON ZWACHATSESSION (ZREMOVED COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAChatSession_bySessionTypeIndex ON ZWACHATSESSION (ZSESSIONTYPE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAChatSession_bySpotlightStatusIndex ON ZWACHATSESSION (ZSPOTLIGHTSTATUS COLLATE BINARY ASC)",
    "CREATE INDEX ZWAGROUPINFO_ZCHATSESSION_INDEX ON ZWAGROUPINFO (ZCHATSESSION)",
    "CREATE INDEX ZWAGROUPINFO_ZLASTMESSAGEOWNER_INDEX ON ZWAGROUPINFO (ZLASTMESSAGEOWNER)",
    "CREATE INDEX ZWAGROUPMEMBER_ZCHATSESSION_INDEX ON ZWAGROUPMEMBER (ZCHATSESSION)",
    "CREATE INDEX ZWAGROUPMEMBER_ZRECENTGROUPCHAT_INDEX ON ZWAGROUPMEMBER (ZRECENTGROUPCHAT)",
    "CREATE INDEX Z_WAGroupMember_byMemberJIDIndex ON ZWAGROUPMEMBER (ZMEMBERJID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAGroupMembersChange_byChangeDateIndex ON ZWAGROUPMEMBERSCHANGE (ZCHANGEDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAGroupMembersChange_byChangeTypeIndex ON ZWAGROUPMEMBERSCHANGE (ZCHANGETYPE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAGroupMembersChange_byGroupJIDIndex ON ZWAGROUPMEMBERSCHANGE (ZGROUPJID COLLATE BINARY ASC)",
    "CREATE INDEX ZWAMEDIAITEM_ZMESSAGE_INDEX ON ZWAMEDIAITEM (ZMESSAGE)",
    "CREATE INDEX Z_WAMediaItem_byCloudStatusIndex ON ZWAMEDIAITEM (ZCLOUDSTATUS COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMediaItem_byVCardNameIndex ON ZWAMEDIAITEM (ZVCARDNAME COLLATE BINARY ASC)",
    "CREATE INDEX ZWAMESSAGE_ZCHATSESSION_INDEX ON ZWAMESSAGE (ZCHATSESSION)",
    "CREATE INDEX ZWAMESSAGE_ZGROUPMEMBER_INDEX ON ZWAMESSAGE (ZGROUPMEMBER)",
    "CREATE INDEX ZWAMESSAGE_ZLASTSESSION_INDEX ON ZWAMESSAGE (ZLASTSESSION)",
    "CREATE INDEX ZWAMESSAGE_ZMEDIAITEM_INDEX ON ZWAMESSAGE (ZMEDIAITEM)",
    "CREATE INDEX ZWAMESSAGE_ZMESSAGEINFO_INDEX ON ZWAMESSAGE (ZMESSAGEINFO)",
    "CREATE INDEX ZWAMESSAGE_ZPARENTMESSAGE_INDEX ON ZWAMESSAGE (ZPARENTMESSAGE)",
    "CREATE INDEX Z_WAMessage_byDocIDIndex ON ZWAMESSAGE (ZDOCID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_byMessageDateIndex ON ZWAMESSAGE (ZMESSAGEDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_byMessageErrorStatusIndex ON ZWAMESSAGE (ZMESSAGEERRORSTATUS COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_byMessageStatusIndex ON ZWAMESSAGE (ZMESSAGESTATUS COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_byMessageTypeIndex ON ZWAMESSAGE (ZMESSAGETYPE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_bySortIndex ON ZWAMESSAGE (ZSORT COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_byStanzaIDIndex ON ZWAMESSAGE (ZSTANZAID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_byStarredIndex ON ZWAMESSAGE (ZSTARRED COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_compoundIndex ON ZWAMESSAGE (ZCHATSESSION COLLATE BINARY ASC, ZSORT COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_compoundIndex1 ON ZWAMESSAGE (ZCHATSESSION COLLATE BINARY ASC, ZMEDIASECTIONID COLLATE BINARY ASC, ZSORT COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_compoundIndex2 ON ZWAMESSAGE (ZCHATSESSION COLLATE BINARY ASC, ZSTARRED COLLATE BINARY ASC, ZMESSAGEDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_compoundIndex3 ON ZWAMESSAGE (ZDATAITEMVERSION COLLATE BINARY ASC, ZMESSAGEDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessage_compoundIndex4 ON ZWAMESSAGE (ZSPOTLIGHTSTATUS COLLATE BINARY ASC, ZMESSAGEDATE COLLATE BINARY ASC)",
    "CREATE INDEX ZWAMESSAGEDATAITEM_ZMESSAGE_INDEX ON ZWAMESSAGEDATAITEM (ZMESSAGE)",
    "CREATE INDEX Z_WAMessageDataItem_compoundIndex ON ZWAMESSAGEDATAITEM (ZCHATJID COLLATE BINARY ASC, ZTYPE COLLATE BINARY ASC, ZSECTIONID COLLATE BINARY ASC, ZDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAMessageDataItem_compoundIndex1 ON ZWAMESSAGEDATAITEM (ZSENDERJID COLLATE BINARY ASC, ZTYPE COLLATE BINARY ASC, ZSECTIONID COLLATE BINARY ASC, ZDATE COLLATE BINARY ASC)",
    "CREATE INDEX ZWAMESSAGEINFO_ZMESSAGE_INDEX ON ZWAMESSAGEINFO (ZMESSAGE)",
    "CREATE INDEX Z_WAProfilePictureItem_byJidIndex ON ZWAPROFILEPICTUREITEM (ZJID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAProfilePushName_byJidIndex ON ZWAPROFILEPUSHNAME (ZJID COLLATE BINARY ASC)",
    "CREATE INDEX ZWAVCARDMENTION_ZMEDIAITEM_INDEX ON ZWAVCARDMENTION (ZMEDIAITEM)",
    "CREATE INDEX Z_WAVCardMention_byDateIndex ON ZWAVCARDMENTION (ZDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAVCardMention_byWhatsAppIDIndex ON ZWAVCARDMENTION (ZWHATSAPPID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAZ1PaymentTransaction_byCredentialIdIndex ON ZWAZ1PAYMENTTRANSACTION (ZCREDENTIALID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAZ1PaymentTransaction_byMessageStanzaIdIndex ON ZWAZ1PAYMENTTRANSACTION (ZMESSAGESTANZAID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAZ1PaymentTransaction_byTransactionIdIndex ON ZWAZ1PAYMENTTRANSACTION (ZTRANSACTIONID COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAZ1PaymentTransaction_byTypeAndStatusIndex ON ZWAZ1PAYMENTTRANSACTION (ZTYPE COLLATE BINARY ASC, ZSTATUS COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAZ1PaymentTransaction_byTypeIndex ON ZWAZ1PAYMENTTRANSACTION (ZTYPE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAZ1PaymentTransaction_byStatusIndex ON ZWAZ1PAYMENTTRANSACTION (ZSTATUS COLLATE BINARY ASC)",
]

# Z_PRIMARYKEY of the real sample: entity number -> name
CHATSTORAGE_ENTITIES = [
    "WABlackListItem", "WAChatProperties", "WAChatPushConfig", "WAChatSession", "WAGroupInfo",
    "WAGroupMember", "WAGroupMembersChange", "WAMediaItem", "WAMessage", "WAMessageDataItem",
    "WAMessageInfo", "WAProfilePictureItem", "WAProfilePushName", "WAVCardMention", "WAZ1PaymentTransaction",
]

CALLHISTORY_TABLES = [
    "CREATE TABLE ZWAAGGREGATECALLEVENT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZINCOMING INTEGER, ZMISSED INTEGER, ZMISSEDREASON INTEGER, ZVIDEO INTEGER, ZFIRSTDATE TIMESTAMP, ZLINKTOKEN VARCHAR )",
    "CREATE TABLE ZWACDCALLEVENT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZBYTESRECEIVED INTEGER, ZBYTESSENT INTEGER, ZOUTCOME INTEGER, Z1CALLEVENTS INTEGER, Z_FOK_1CALLEVENTS INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZGROUPCALLCREATORUSERJIDSTRING VARCHAR, ZGROUPJIDSTRING VARCHAR, ZSCHEDULEDID VARCHAR )",
    "CREATE TABLE ZWACDCALLEVENTPARTICIPANT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZOUTCOME INTEGER, Z1PARTICIPANTS INTEGER, Z_FOK_1PARTICIPANTS INTEGER, ZJIDSTRING VARCHAR )",
    "CREATE TABLE ZWAJOINABLECALLEVENT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZBADGEREMOVED INTEGER, ZBYTESRECEIVED INTEGER, ZBYTESSENT INTEGER, ZCURRENTOUTCOME INTEGER, ZISRERING INTEGER, ZPREVIOUSOUTCOME INTEGER, ZVIDEO INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZCALLCREATORJIDSTRING VARCHAR, ZCALLIDSTRING VARCHAR, ZCALLRANDOMIDSTRING VARCHAR, ZFROMJIDSTRING VARCHAR, ZGROUPJIDSTRING VARCHAR, ZLINKTOKEN VARCHAR, ZSCHEDULEDID VARCHAR )",
    "CREATE TABLE ZWAJOINABLECALLEVENTPARTICIPANT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZJOINED INTEGER, Z4PARTICIPANTS INTEGER, Z_FOK_4PARTICIPANTS INTEGER, ZJIDSTRING VARCHAR )",
    "CREATE TABLE ZWAUPCOMINGCALLEVENT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCALLTYPE INTEGER, ZISSYSTEMMESSAGEINSERTED INTEGER, ZSTATUS INTEGER, ZUNIXTIMEMS INTEGER, ZCHATJIDSTRING VARCHAR, ZCREATORJIDSTRING VARCHAR, ZMESSAGESTANZAID VARCHAR, ZTITLE VARCHAR )",
]

CALLHISTORY_INDEXES = [
    "CREATE INDEX Z_WAAggregateCallEvent_byDate ON ZWAAGGREGATECALLEVENT (ZFIRSTDATE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAAggregateCallEvent_byMissedDate ON ZWAAGGREGATECALLEVENT (ZMISSED COLLATE BINARY ASC, ZFIRSTDATE COLLATE BINARY ASC)",
    "CREATE INDEX ZWACDCALLEVENT_Z1CALLEVENTS_INDEX ON ZWACDCALLEVENT (Z1CALLEVENTS)",
    "CREATE INDEX ZWACDCALLEVENTPARTICIPANT_Z1PARTICIPANTS_INDEX ON ZWACDCALLEVENTPARTICIPANT (Z1PARTICIPANTS)",
    "CREATE INDEX Z_WAJoinableCallEvent_byDate ON ZWAJOINABLECALLEVENT (ZDATE COLLATE BINARY ASC)",
    "CREATE INDEX ZWAJOINABLECALLEVENTPARTICIPANT_Z4PARTICIPANTS_INDEX ON ZWAJOINABLECALLEVENTPARTICIPANT (Z4PARTICIPANTS)",
    "CREATE INDEX Z_WAUpcomingCallEvent_byChatJID ON ZWAUPCOMINGCALLEVENT (ZCHATJIDSTRING COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAUpcomingCallEvent_byTime ON ZWAUPCOMINGCALLEVENT (ZUNIXTIMEMS COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAUpcomingCallEvent_byStatus ON ZWAUPCOMINGCALLEVENT (ZSTATUS COLLATE BINARY ASC)",
]

CALLHISTORY_ENTITIES = [
    "WAAggregateCallEvent", "WACDCallEvent", "WACDCallEventParticipant",
    "WAJoinableCallEvent", "WAJoinableCallEventParticipant", "WAUpcomingCallEvent",
]

CONTACTSV2_TABLES = [
    "CREATE TABLE ZWAADDRESSBOOKCONTACT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZDISAPPEARINGMODEDURATION INTEGER, ZPHONESTATUS INTEGER, ZSECTIONSORT INTEGER, ZSORT INTEGER, ZSPOTLIGHTSTATUS INTEGER, ZABOUTTIMESTAMP TIMESTAMP, ZDISAPPEARINGMODETIMESTAMP TIMESTAMP, ZABOUTTEXT VARCHAR, ZFULLNAME VARCHAR, ZGIVENNAME VARCHAR, ZHIGHLIGHTEDNAME VARCHAR, ZIDENTIFIER VARCHAR, ZLOCALIZEDPHONENUMBER VARCHAR, ZPHONENUMBER VARCHAR, ZPHONENUMBERLABEL VARCHAR, ZSEARCHTOKENLIST VARCHAR, ZSECTIONTITLE VARCHAR, ZWHATSAPPID VARCHAR, ZDEVICELIST BLOB )",
]

CONTACTSV2_INDEXES = [
    "CREATE INDEX Z_WAAddressBookContact_byIdentifierIndex ON ZWAADDRESSBOOKCONTACT (ZIDENTIFIER COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAAddressBookContact_byPhoneNumberIndex ON ZWAADDRESSBOOKCONTACT (ZPHONENUMBER COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAAddressBookContact_byPhoneStatusIndex ON ZWAADDRESSBOOKCONTACT (ZPHONESTATUS COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAAddressBookContact_bySectionTitleIndex ON ZWAADDRESSBOOKCONTACT (ZSECTIONTITLE COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAAddressBookContact_bySortIndex ON ZWAADDRESSBOOKCONTACT (ZSORT COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAAddressBookContact_bySpotlightStatusIndex ON ZWAADDRESSBOOKCONTACT (ZSPOTLIGHTSTATUS COLLATE BINARY ASC)",
    "CREATE INDEX Z_WAAddressBookContact_byWhatsAppIDIndex ON ZWAADDRESSBOOKCONTACT (ZWHATSAPPID COLLATE BINARY ASC)",
]

CONTACTSV2_ENTITIES = ["WAAddressBookContact"]


class _CoreDataStore:
    """A Core Data SQLite store: tables, Z_PRIMARYKEY bookkeeping, indexes on close."""

    TABLES: list[str] = []
    INDEXES: list[str] = []
    ENTITIES: list[str] = []
    UUID = "00000000-0000-4000-8000-000000000000"

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.conn = _fresh(self.path)
        self.conn.execute("PRAGMA journal_mode = WAL")  # Core Data's default, as in the real files
        self.conn.execute("BEGIN")
        _run(self.conn, self.TABLES + CORE_DATA_META)
        self.conn.executemany("INSERT INTO Z_PRIMARYKEY VALUES (?,?,0,0)", [(i + 1, n) for i, n in enumerate(self.ENTITIES)])
        self.conn.execute("INSERT INTO Z_METADATA VALUES (1, ?, NULL)", (self.UUID,))
        self.max: dict[str, int] = dict.fromkeys(self.ENTITIES, 0)

    def ent(self, name: str) -> int:
        return self.ENTITIES.index(name) + 1

    def next_pk(self, name: str, n: int = 1) -> int:
        """Reserve ``n`` primary keys of entity ``name``; returns the first."""
        first = self.max[name] + 1
        self.max[name] += n
        return first

    def close(self) -> Path:
        self.conn.executemany("UPDATE Z_PRIMARYKEY SET Z_MAX = ? WHERE Z_NAME = ?", [(v, k) for k, v in self.max.items()])
        _run(self.conn, self.INDEXES)
        self.conn.execute("COMMIT")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
        return self.path

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.conn.close()


# ZWAMESSAGE.ZMESSAGETYPE (IPED ExtractorIOS, observed on the real sample)
IOS_TEXT, IOS_IMAGE, IOS_VIDEO, IOS_AUDIO, IOS_CONTACT, IOS_LOCATION = 0, 1, 2, 3, 4, 5
IOS_GROUP_EVENT, IOS_URL, IOS_DOCUMENT, IOS_SYSTEM, IOS_GIF, IOS_DELETED, IOS_STICKER = 6, 7, 8, 10, 11, 14, 15

# ZWACHATSESSION.ZSESSIONTYPE
IOS_SESSION_CHAT, IOS_SESSION_GROUP = 0, 1


@dataclass(frozen=True)
class IosMessage:
    """One WhatsApp iOS message: ``chat`` JID, Core Data seconds ``date``, sender ``member``
    JID for an incoming group message."""

    chat: str
    from_me: int
    date: float
    text: str | None = None
    member: str | None = None
    message_type: int = IOS_TEXT
    group_event_type: int | None = None
    media_path: str | None = None
    mime_type: str | None = None
    title: str | None = None
    lat: float | None = None
    lon: float | None = None
    status: int | None = None


class ChatStorage(_CoreDataStore):
    """WhatsApp iOS ``ChatStorage.sqlite`` (layout of WhatsApp 2.22/2.23 on iOS 15)."""

    TABLES = CHATSTORAGE_TABLES
    INDEXES = CHATSTORAGE_INDEXES
    ENTITIES = CHATSTORAGE_ENTITIES
    UUID = "07FE5C9F-FAB5-4849-8CF1-000000000001"

    def __init__(self, path: Path | str):
        super().__init__(path)
        self._sessions: dict[str, int] = {}
        self._members: dict[tuple[str, str], int] = {}
        self._counts: dict[int, int] = {}
        self._last: dict[int, float] = {}

    def session(self, jid: str, partner_name: str | None = None, session_type: int | None = None) -> int:
        """The ``ZWACHATSESSION.Z_PK`` for a chat JID, inserting it once."""
        if jid in self._sessions:
            return self._sessions[jid]
        if session_type is None:
            session_type = IOS_SESSION_GROUP if jid.endswith("@g.us") else IOS_SESSION_CHAT
        pk = self.next_pk("WAChatSession")
        self.conn.execute(
            "INSERT INTO ZWACHATSESSION (Z_PK, Z_ENT, Z_OPT, ZARCHIVED, ZHIDDEN, ZMESSAGECOUNTER, ZREMOVED, ZSESSIONTYPE, ZUNREADCOUNT, ZCONTACTJID, ZPARTNERNAME, ZFLAGS) VALUES (?,?,1,0,0,0,0,?,0,?,?,?)",
            (pk, self.ent("WAChatSession"), session_type, jid, partner_name, 256 if session_type == IOS_SESSION_GROUP else 272),
        )
        self._sessions[jid] = pk
        return pk

    def member(self, chat: str, member_jid: str) -> int:
        """The ``ZWAGROUPMEMBER.Z_PK`` of ``member_jid`` in group ``chat``."""
        key = (chat, member_jid)
        if key in self._members:
            return self._members[key]
        session = self.session(chat)
        pk = self.next_pk("WAGroupMember")
        self.conn.execute(
            "INSERT INTO ZWAGROUPMEMBER (Z_PK, Z_ENT, Z_OPT, ZISACTIVE, ZISADMIN, ZCHATSESSION, ZMEMBERJID) VALUES (?,?,1,1,0,?,?)",
            (pk, self.ent("WAGroupMember"), session, member_jid),
        )
        self._members[key] = pk
        return pk

    def add_messages(self, rows: Iterable[IosMessage]) -> list[int]:
        """Insert messages (and their media items) in bulk; returns their ``Z_PK``."""
        msgs, media, ids = [], [], []
        ent_msg, ent_media = self.ent("WAMessage"), self.ent("WAMediaItem")
        for m in rows:
            pk = self.next_pk("WAMessage")
            ids.append(pk)
            session = self.session(m.chat)
            self._counts[session] = self._counts.get(session, 0) + 1
            if m.date is not None and m.date > self._last.get(session, float("-inf")):
                self._last[session] = m.date
            member = self.member(m.chat, m.member) if m.member else None
            media_pk = None
            if m.media_path is not None or m.lat is not None or m.mime_type is not None or m.title is not None:
                media_pk = self.next_pk("WAMediaItem")
                media.append((media_pk, ent_media, pk, m.lat, m.lon, m.media_path, m.title, m.mime_type))
            from_jid = None if m.from_me else m.chat
            to_jid = m.chat if m.from_me else None
            status = m.status if m.status is not None else (8 if m.from_me else 8)
            event = m.group_event_type if m.group_event_type is not None else (0 if m.from_me else 2)
            msgs.append((pk, ent_msg, m.from_me, status, m.message_type, event, session, member, media_pk, m.date, m.date if m.from_me else None, from_jid, to_jid, m.text, f"{pk:016X}", pk))
        self.conn.executemany(
            "INSERT INTO ZWAMESSAGE (Z_PK, Z_ENT, Z_OPT, ZISFROMME, ZMESSAGESTATUS, ZMESSAGETYPE, ZGROUPEVENTTYPE, ZCHATSESSION, ZGROUPMEMBER, ZMEDIAITEM, ZMESSAGEDATE, ZSENTDATE, ZFROMJID, ZTOJID, ZTEXT, ZSTANZAID, ZSORT, ZFLAGS, ZSTARRED, ZSPOTLIGHTSTATUS) VALUES (?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,16777216,0,0)",
            msgs,
        )
        self.conn.executemany(
            "INSERT INTO ZWAMEDIAITEM (Z_PK, Z_ENT, Z_OPT, ZMESSAGE, ZLATITUDE, ZLONGITUDE, ZMEDIALOCALPATH, ZTITLE, ZVCARDSTRING, ZFILESIZE, ZCLOUDSTATUS, ZMEDIAORIGIN) VALUES (?,?,1,?,?,?,?,?,?,0,0,0)",
            media,
        )
        return ids

    def close(self) -> Path:
        # chat sessions: message counters and last message dates, as the app keeps them
        self.conn.executemany(
            "UPDATE ZWACHATSESSION SET ZMESSAGECOUNTER = ?, ZLASTMESSAGEDATE = ? WHERE Z_PK = ?",
            [(n, self._last.get(pk), pk) for pk, n in sorted(self._counts.items())],
        )
        return super().close()


@dataclass(frozen=True)
class IosCallEvent:
    """One call event (``ZWACDCALLEVENT``): Core Data seconds, seconds, ``ZOUTCOME``."""

    date: float
    duration: float = 0.0
    outcome: int = 0
    creator: str | None = None  # ZGROUPCALLCREATORUSERJIDSTRING (the caller)
    group: str | None = None  # ZGROUPJIDSTRING


# ZWACDCALLEVENT.ZOUTCOME: 0 connected (real sample: 4 answered calls, ~100 s each),
# 1 missed (iLEAPP observation: zero duration), 3 rejected (WAProto CallLogMessage.CallOutcome)
IOS_OUTCOME_CONNECTED, IOS_OUTCOME_MISSED, IOS_OUTCOME_REJECTED = 0, 1, 3


class CallHistory(_CoreDataStore):
    """WhatsApp iOS ``CallHistory.sqlite``.

    The Core Data model cached in the real file (``Z_MODELCACHE``) has two ordered to-many
    relationships without inverses on ``WAAggregateCallEvent``: ``callEvents`` ->
    ``WACDCallEvent`` (foreign key ``ZWACDCALLEVENT.Z1CALLEVENTS``) and ``participants``
    -> ``WACDCallEventParticipant`` (``ZWACDCALLEVENTPARTICIPANT.Z1PARTICIPANTS``): the
    participants hang off the aggregate, not the single call event.
    """

    TABLES = CALLHISTORY_TABLES
    INDEXES = CALLHISTORY_INDEXES
    ENTITIES = CALLHISTORY_ENTITIES
    UUID = "2527D46F-07C5-4A0D-8E21-000000000002"

    def add_aggregate(self, participants: Sequence[str], events: Sequence[IosCallEvent], incoming: int, missed: int = 0, video: int = 0) -> int:
        """One aggregate (a run of calls with the same people) with its events; returns its Z_PK."""
        return self.add_aggregates([(participants, events, incoming, missed, video)])[0]

    def add_aggregates(self, rows: Iterable[tuple[Sequence[str], Sequence[IosCallEvent], int, int, int]]) -> list[int]:
        aggs, evs, parts, ids = [], [], [], []
        e_agg, e_ev, e_part = self.ent("WAAggregateCallEvent"), self.ent("WACDCallEvent"), self.ent("WACDCallEventParticipant")
        for participants, events, incoming, missed, video in rows:
            apk = self.next_pk("WAAggregateCallEvent")
            ids.append(apk)
            first = min((e.date for e in events), default=None)
            aggs.append((apk, e_agg, incoming, missed, 1, video, first))
            for i, e in enumerate(events):
                epk = self.next_pk("WACDCallEvent")
                evs.append((epk, e_ev, e.outcome, apk, 2048 * (i + 1), e.date, e.duration, e.creator, e.group))
            for i, jid in enumerate(participants):
                ppk = self.next_pk("WACDCallEventParticipant")
                parts.append((ppk, e_part, 0, apk, 2048 * (i + 1), jid))
        self.conn.executemany("INSERT INTO ZWAAGGREGATECALLEVENT (Z_PK, Z_ENT, Z_OPT, ZINCOMING, ZMISSED, ZMISSEDREASON, ZVIDEO, ZFIRSTDATE) VALUES (?,?,1,?,?,?,?,?)", aggs)
        self.conn.executemany(
            "INSERT INTO ZWACDCALLEVENT (Z_PK, Z_ENT, Z_OPT, ZBYTESRECEIVED, ZBYTESSENT, ZOUTCOME, Z1CALLEVENTS, Z_FOK_1CALLEVENTS, ZDATE, ZDURATION, ZGROUPCALLCREATORUSERJIDSTRING, ZGROUPJIDSTRING) VALUES (?,?,1,0,0,?,?,?,?,?,?,?)",
            evs,
        )
        self.conn.executemany("INSERT INTO ZWACDCALLEVENTPARTICIPANT (Z_PK, Z_ENT, Z_OPT, ZOUTCOME, Z1PARTICIPANTS, Z_FOK_1PARTICIPANTS, ZJIDSTRING) VALUES (?,?,1,?,?,?,?)", parts)
        return ids

    def add_calls(self, calls: Iterable[tuple[str, IosCallEvent, int, int]]) -> list[int]:
        """Bulk path: one aggregate per call. ``calls``: (peer JID, event, incoming, video)."""
        rows = []
        for peer, event, incoming, video in calls:
            missed = int(event.outcome == IOS_OUTCOME_MISSED)
            rows.append(([peer], [event], incoming, missed, video))
        return self.add_aggregates(rows)


@dataclass(frozen=True)
class IosContact:
    full_name: str | None
    phone: str | None = None
    whatsapp_id: str | None = None
    label: str | None = "_$!<Mobile>!$_"
    about: str | None = None


class ContactsV2(_CoreDataStore):
    """WhatsApp iOS ``ContactsV2.sqlite`` (the WhatsApp address book)."""

    TABLES = CONTACTSV2_TABLES
    INDEXES = CONTACTSV2_INDEXES
    ENTITIES = CONTACTSV2_ENTITIES
    UUID = "2527D46F-07C5-4A0D-8E21-000000000003"

    def add_contacts(self, rows: Iterable[IosContact]) -> list[int]:
        out, ids = [], []
        ent = self.ent("WAAddressBookContact")
        for c in rows:
            pk = self.next_pk("WAAddressBookContact")
            ids.append(pk)
            given = (c.full_name or "").split(" ")[0] or None
            status = 2 if c.whatsapp_id else 3
            out.append((pk, ent, status, c.about, c.full_name, given, f"{pk:08X}-0000-4000-8000-000000000000", c.phone, c.label if c.phone else None, c.whatsapp_id))
        self.conn.executemany(
            "INSERT INTO ZWAADDRESSBOOKCONTACT (Z_PK, Z_ENT, Z_OPT, ZPHONESTATUS, ZABOUTTEXT, ZFULLNAME, ZGIVENNAME, ZIDENTIFIER, ZPHONENUMBER, ZPHONENUMBERLABEL, ZWHATSAPPID) VALUES (?,?,1,?,?,?,?,?,?,?,?)",
            out,
        )
        return ids
