"""Write a generated :class:`~devtriage.synth.device.Device` as an extraction tree.

:func:`write_device` lays out the files a full file-system extraction of the phone holds,
in their real formats, with the builders of :mod:`~devtriage.synth.android_db`,
:mod:`~devtriage.synth.ios_db` and :mod:`~devtriage.synth.whatsapp_db`:

* Android: ``data/data/com.android.providers.telephony/databases/mmssms.db`` (SMS),
  ``data/data/com.android.providers.contacts/databases/calllog.db`` and ``contacts2.db``,
  ``data/data/com.whatsapp/databases/msgstore.db`` and ``wa.db``;
* iOS: ``private/var/mobile/Library/SMS/sms.db`` (SMS and iMessage),
  ``.../CallHistoryDB/CallHistory.storedata``, ``.../AddressBook/AddressBook.sqlitedb``,
  and WhatsApp's ``ChatStorage.sqlite``, ``CallHistory.sqlite`` and ``ContactsV2.sqlite``
  in its app group container (:data:`WA_GROUP_UUID`).

It returns a :class:`Placement`: for every event, which file and table it went to and its
rowid there (the value ingest reports as ``src_row``), so truth.json can point at any
planted row. Rows are inserted in event (time) order, so the same device gives
byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import android_db, ios_db, whatsapp_db
from .device import (
    ANSWERED,
    CALL,
    IMESSAGE,
    MISSED,
    NO_GROUP,
    OUT,
    PHONE,
    REJECTED,
    SMS,
    TEXT,
    WHATSAPP,
    Device,
)

WA_GROUP_UUID = "3E5A1C2B-7F4D-4C9E-9A61-2B8D0F6E4A17"  # WhatsApp's shared app-group container (fixed)

ANDROID_SMS = "data/data/com.android.providers.telephony/databases/mmssms.db"
ANDROID_CALLS = "data/data/com.android.providers.contacts/databases/calllog.db"
ANDROID_CONTACTS = "data/data/com.android.providers.contacts/databases/contacts2.db"
ANDROID_WA = "data/data/com.whatsapp/databases/msgstore.db"
ANDROID_WA_CONTACTS = "data/data/com.whatsapp/databases/wa.db"
IOS_SMS = "private/var/mobile/Library/SMS/sms.db"
IOS_CALLS = "private/var/mobile/Library/CallHistoryDB/CallHistory.storedata"
IOS_CONTACTS = "private/var/mobile/Library/AddressBook/AddressBook.sqlitedb"
IOS_WA_DIR = f"private/var/mobile/Containers/Shared/AppGroup/{WA_GROUP_UUID}"
IOS_WA = f"{IOS_WA_DIR}/ChatStorage.sqlite"
IOS_WA_CALLS = f"{IOS_WA_DIR}/CallHistory.sqlite"
IOS_WA_CONTACTS = f"{IOS_WA_DIR}/ContactsV2.sqlite"

COCOA_MS = 978_307_200_000  # 2001-01-01 in Unix ms


@dataclass
class Placement:
    """Where each event was written: ``targets[file_idx[i]]`` = (file, table), ``rowid[i]``.

    ``file_idx`` is -1 for an event that was not written. ``counts`` holds rows written
    per file and table, including rows that are not events (contacts). ``contacts`` gives,
    per address-book entry (contact index), its rows as (file, table, rowid, kind) with
    kind ``phone``, ``email`` or ``address``.
    """

    targets: list[tuple[str, str]]
    file_idx: np.ndarray
    rowid: np.ndarray
    counts: dict[str, dict[str, int]]
    contacts: dict[int, list[tuple[str, str, int, str]]]

    def locate(self, i: int) -> tuple[str, str, int] | None:
        k = int(self.file_idx[i])
        return None if k < 0 else (*self.targets[k], int(self.rowid[i]))


class _Placer:
    def __init__(self, n: int):
        self.targets: list[tuple[str, str]] = []
        self.file_idx = np.full(n, -1, dtype=np.int16)
        self.rowid = np.full(n, -1, dtype=np.int64)
        self.counts: dict[str, dict[str, int]] = {}
        self.contacts: dict[int, list[tuple[str, str, int, str]]] = {}

    def put(self, file: str, table: str, idx: np.ndarray, rowids) -> None:
        if (file, table) not in self.targets:
            self.targets.append((file, table))
        self.file_idx[idx] = self.targets.index((file, table))
        self.rowid[idx] = np.asarray(rowids, dtype=np.int64)
        self.count(file, table, len(idx))

    def count(self, file: str, table: str, n: int) -> None:
        self.counts.setdefault(file, {})
        self.counts[file][table] = self.counts[file].get(table, 0) + int(n)

    def done(self) -> Placement:
        return Placement(self.targets, self.file_idx, self.rowid, self.counts, self.contacts)


def _dir(root: Path, rel: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    return path


def _jid(e164: str) -> str:
    return e164.lstrip("+") + "@s.whatsapp.net"


def write_device(root: Path, dev: Device) -> Placement:
    """Write ``dev`` under ``root`` for its platform; returns where every event went."""
    root = Path(root)
    if dev.owner.platform == "android":
        return write_android(root, dev)
    if dev.owner.platform == "ios":
        return write_ios(root, dev)
    raise ValueError(f"unknown platform {dev.owner.platform!r}")


# --- Android ---------------------------------------------------------------------------------


def write_android(root: Path, dev: Device) -> Placement:
    ev, con = dev.events, dev.contacts
    place = _Placer(len(ev))
    bodies = ev.bodies

    # SMS (1:1 only; every group chat lives in WhatsApp on Android)
    sms = np.flatnonzero((ev.kind == TEXT) & (ev.app == SMS) & (ev.group == NO_GROUP))
    conn = android_db.create_mmssms(_dir(root, ANDROID_SMS))
    conn.execute("PRAGMA synchronous = OFF")
    who = sorted(set(ev.contact[sms].tolist()))
    threads = android_db.ensure_threads(conn, [(con.e164[c],) for c in who])
    thread_of = {c: threads[(con.e164[c],)] for c in who}
    rows = []
    for i in sms:
        c = int(ev.contact[i])
        out = ev.direction[i] == OUT
        ts = int(ev.ts_ms[i])
        # the network delivers incoming numbers in international form; sent ones are as typed
        address = con.phone[c] if out else con.e164[c]
        rows.append((thread_of[c], address, ts, 0 if out else ts - 2000, 1, 2 if out else 1, bodies[ev.body[i]], 1))
    android_db.insert_sms(conn, rows)
    android_db.finish_threads(conn)
    conn.close()
    place.put(ANDROID_SMS, "sms", sms, np.arange(1, len(sms) + 1))

    # phone calls
    calls = np.flatnonzero((ev.kind == CALL) & (ev.app == PHONE))
    conn = android_db.create_calllog(_dir(root, ANDROID_CALLS))
    ctype = {ANSWERED: 1, MISSED: 3, REJECTED: 5}
    rows = []
    for i in calls:
        c = int(ev.contact[i])
        t = 2 if ev.direction[i] == OUT else ctype[int(ev.status[i])]
        rows.append((con.phone[c], int(ev.ts_ms[i]), int(ev.duration_s[i]), t, con.name[c] if con.is_saved(c) else None,
                     android_db.TELEPHONY_COMPONENT))
    android_db.insert_calls(conn, rows)
    conn.close()
    place.put(ANDROID_CALLS, "calls", calls, np.arange(1, len(calls) + 1))

    # contacts
    conn = android_db.create_contacts2(_dir(root, ANDROID_CONTACTS))
    account = dev.owner.email.replace("@example.com", "@gmail.com")
    book = [c for c in range(len(con)) if con.is_saved(c)]
    raw = android_db.insert_contacts(conn, [
        android_db.Contact(con.name[c], phones=[con.phone[c]], emails=[con.email[c]] if con.email[c] else [],
                           account_name=account,
                           extra=[(android_db.POSTAL_MIME, con.address[c])] if c in con.address else ())
        for c in book])
    kinds = {android_db.PHONE_MIME: "phone", android_db.EMAIL_MIME: "email", android_db.POSTAL_MIME: "address"}
    of_raw = dict(zip(raw, book))
    for row, raw_id, mime in conn.execute(
            "SELECT d._id, d.raw_contact_id, m.mimetype FROM data d JOIN mimetypes m ON m._id = d.mimetype_id ORDER BY d._id"):
        if mime in kinds:
            place.contacts.setdefault(of_raw[raw_id], []).append((ANDROID_CONTACTS, "data", int(row), kinds[mime]))
    conn.close()
    # rows ingest reads: one per phone, e-mail and postal address
    place.count(ANDROID_CONTACTS, "data", len(book) + sum(1 for c in book if con.email[c]) + sum(1 for c in book if c in con.address))

    # WhatsApp
    wa_msgs = np.flatnonzero((ev.kind == TEXT) & (ev.app == WHATSAPP))
    wa_calls = np.flatnonzero((ev.kind == CALL) & (ev.app == WHATSAPP))
    store = whatsapp_db.Msgstore(_dir(root, ANDROID_WA))
    for g in dev.groups:
        if g.app == WHATSAPP:
            store.chat(g.ident, subject=g.name, created_ms=g.created_ms)
            gj = store.jid(g.ident)
            store.conn.executemany(
                "INSERT INTO group_participant_user (group_jid_row_id, user_jid_row_id, rank, pending) VALUES (?,?,0,0)",
                [(gj, store.jid(j)) for j in dict.fromkeys(_jid(con.e164[m]) for m in g.members)])  # one row per member number
    msgs = []
    for i in wa_msgs:
        c, g, out = int(ev.contact[i]), int(ev.group[i]), int(ev.direction[i] == OUT)
        if g == NO_GROUP:
            msgs.append(whatsapp_db.AndroidMessage(_jid(con.e164[c]), out, int(ev.ts_ms[i]), bodies[ev.body[i]]))
        else:
            sender = None if out else _jid(con.e164[c])
            msgs.append(whatsapp_db.AndroidMessage(dev.groups[g].ident, out, int(ev.ts_ms[i]), bodies[ev.body[i]], sender=sender))
    ids = store.add_messages(msgs)
    place.put(ANDROID_WA, "message", wa_msgs, ids)
    result = {ANSWERED: whatsapp_db.CALL_ANSWERED, MISSED: whatsapp_db.CALL_MISSED, REJECTED: whatsapp_db.CALL_REJECTED}
    cl = [whatsapp_db.AndroidCall(_jid(con.e164[int(ev.contact[i])]), int(ev.direction[i] == OUT), int(ev.ts_ms[i]),
                                  int(ev.duration_s[i]), result.get(int(ev.status[i]), whatsapp_db.CALL_UNAVAILABLE))
          for i in wa_calls]
    ids = store.add_calls(cl)
    store.close()
    place.put(ANDROID_WA, "call_log", wa_calls, ids)

    wa = whatsapp_db.WaDb(_dir(root, ANDROID_WA_CONTACTS))
    people = [c for c in range(len(con)) if con.whatsapp[c] and con.is_saved(c)]
    wa.add_contacts([whatsapp_db.WaContact(_jid(con.e164[c]), con.name[c], con.e164[c]) for c in people])
    wa.close()
    place.count(ANDROID_WA_CONTACTS, "wa_contacts", len(people))
    return place.done()


# --- iOS ---------------------------------------------------------------------------------------


def _cocoa_ns(ts_ms: int) -> int:
    return (ts_ms - COCOA_MS) * 1_000_000


def write_ios(root: Path, dev: Device) -> Placement:
    ev, con = dev.events, dev.contacts
    place = _Placer(len(ev))
    bodies = ev.bodies

    # sms.db: SMS and iMessage, 1:1 chats and iMessage groups
    msg = np.flatnonzero((ev.kind == TEXT) & ((ev.app == SMS) | (ev.app == IMESSAGE)))
    with ios_db.SmsDb.create(_dir(root, IOS_SMS), version="ios17") as db:
        db.conn.execute("PRAGMA synchronous = OFF")
        handles: dict[tuple[int, str], int] = {}
        chats: dict[tuple, int] = {}

        def handle(c: int, service: str) -> int:
            key = (c, service)
            if key not in handles:
                handles[key] = db.add_handle(con.e164[c], service=service, country="gb")
            return handles[key]

        for gi, g in enumerate(dev.groups):
            if g.app == IMESSAGE:
                hs = [handle(int(m), "iMessage") for m in g.members]
                chats[("g", gi)] = db.add_chat(g.ident, hs, service="iMessage", group=True, display_name=g.name)
        rows = []
        for i in msg:
            c, g, out = int(ev.contact[i]), int(ev.group[i]), bool(ev.direction[i] == OUT)
            service = "iMessage" if ev.app[i] == IMESSAGE else "SMS"
            if g == NO_GROUP:
                h = handle(c, service)
                key = (c, service)
                if key not in chats:
                    chats[key] = db.add_chat(con.e164[c], [h], service=service)
                chat = chats[key]
            else:
                chat = chats[("g", g)]
                h = 0 if out else handle(c, service)
            ts = int(ev.ts_ms[i])
            rows.append(ios_db.Message(chat, h, out, _cocoa_ns(ts), bodies[ev.body[i]], service,
                                       read_at=None if out else _cocoa_ns(ts + 30_000),
                                       delivered_at=_cocoa_ns(ts + 1500) if out else None))
        ids = db.add_messages(rows)
    place.put(IOS_SMS, "message", msg, ids)

    # CallHistory.storedata: phone calls
    calls = np.flatnonzero((ev.kind == CALL) & (ev.app == PHONE))
    with ios_db.CallHistoryDb.create(_dir(root, IOS_CALLS), version="ios16") as db:
        rows = []
        for i in calls:
            c = int(ev.contact[i])
            rows.append(ios_db.Call(con.e164[c], (int(ev.ts_ms[i]) - COCOA_MS) / 1000.0, float(ev.duration_s[i]),
                                    outgoing=bool(ev.direction[i] == OUT), answered=bool(ev.status[i] == ANSWERED)))
        ids = db.add_calls(rows)
    place.put(IOS_CALLS, "ZCALLRECORD", calls, ids)

    # AddressBook
    with ios_db.AddressBookDb.create(_dir(root, IOS_CONTACTS)) as db:
        people = []
        book = [c for c in range(len(con)) if con.is_saved(c)]
        for c in book:
            first, _, last = con.name[c].partition(" ")
            people.append(ios_db.Person(first, last or None, phones=(con.phone[c],),
                                        emails=(con.email[c],) if con.email[c] else ()))
        of_person = dict(zip(db.add_people(people), book))
        for row, rec, prop in db.conn.execute("SELECT ROWID, record_id, property FROM ABMultiValue ORDER BY ROWID"):
            kind = {ios_db.AB_PHONE: "phone", ios_db.AB_EMAIL: "email"}.get(prop)
            if kind:
                place.contacts.setdefault(of_person[rec], []).append((IOS_CONTACTS, "ABMultiValue", int(row), kind))
    place.count(IOS_CONTACTS, "ABMultiValue", len(book) + sum(1 for c in book if con.email[c]))

    # WhatsApp
    wa_msgs = np.flatnonzero((ev.kind == TEXT) & (ev.app == WHATSAPP))
    with whatsapp_db.ChatStorage(_dir(root, IOS_WA)) as store:
        rows = []
        for i in wa_msgs:
            c, g, out = int(ev.contact[i]), int(ev.group[i]), int(ev.direction[i] == OUT)
            date = (int(ev.ts_ms[i]) - COCOA_MS) / 1000.0
            if g == NO_GROUP:
                jid = _jid(con.e164[c])
                store.session(jid, partner_name=con.name[c])
                rows.append(whatsapp_db.IosMessage(jid, out, date, bodies[ev.body[i]]))
            else:
                grp = dev.groups[g]
                store.session(grp.ident, partner_name=grp.name)
                rows.append(whatsapp_db.IosMessage(grp.ident, out, date, bodies[ev.body[i]],
                                                   member=None if out else _jid(con.e164[c])))
        ids = store.add_messages(rows)
    place.put(IOS_WA, "ZWAMESSAGE", wa_msgs, ids)

    wa_calls = np.flatnonzero((ev.kind == CALL) & (ev.app == WHATSAPP))
    with whatsapp_db.CallHistory(_dir(root, IOS_WA_CALLS)) as store:
        outcome = {ANSWERED: whatsapp_db.IOS_OUTCOME_CONNECTED, MISSED: whatsapp_db.IOS_OUTCOME_MISSED,
                   REJECTED: whatsapp_db.IOS_OUTCOME_REJECTED}
        first_event = store.max["WACDCallEvent"] + 1
        rows = []
        for i in wa_calls:
            jid = _jid(con.e164[int(ev.contact[i])])
            out = ev.direction[i] == OUT
            event = whatsapp_db.IosCallEvent((int(ev.ts_ms[i]) - COCOA_MS) / 1000.0, float(ev.duration_s[i]),
                                             outcome.get(int(ev.status[i]), whatsapp_db.IOS_OUTCOME_MISSED),
                                             creator=dev.owner.phone.lstrip("+") + "@s.whatsapp.net" if out else jid)
            rows.append((jid, event, int(not out), 0))
        store.add_calls(rows)
    place.put(IOS_WA_CALLS, "ZWACDCALLEVENT", wa_calls, np.arange(first_event, first_event + len(wa_calls)))

    with whatsapp_db.ContactsV2(_dir(root, IOS_WA_CONTACTS)) as store:
        people = [c for c in range(len(con)) if con.whatsapp[c] and con.is_saved(c)]
        store.add_contacts([whatsapp_db.IosContact(con.name[c], con.phone[c], _jid(con.e164[c])) for c in people])
    place.count(IOS_WA_CONTACTS, "ZWAADDRESSBOOKCONTACT", len(people))
    return place.done()
