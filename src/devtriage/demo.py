"""``devtriage demo``: a small built-in example extraction, ingested end to end.

The example is one Android logical extraction written with the real on-disk formats
(``mmssms.db``, ``calllog.db``, ``contacts2.db``) and one iOS file-system extraction
(``sms.db``, ``CallHistory.storedata``). Its content is fixed (no randomness), so the
demo's tables are the same on every machine. One counterpart sends a one-sided stream of
messages and calls, the pattern the detectors are being built to rank.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .synth import android_db, ios_db

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC)

OWNER_FRIEND = "+447700900111"
PERSISTENT = "07700 900999"  # as a UK phone would store a national number
PARTNER = "+447700900222"

FIXATED = [
    "are you there?",
    "why are you ignoring me",
    "I saw your car outside the gym",
    "answer your phone",
    "you can't just block me out",
    "I know you read these",
]


def _ms(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)


def build_android(root: Path) -> Path:
    """An Android logical extraction tree under ``root``; returns its folder."""
    dbs = root / "data" / "data" / "com.android.providers.telephony" / "databases"
    dbs.mkdir(parents=True, exist_ok=True)
    conn = android_db.create_mmssms(dbs / "mmssms.db")
    rows = []
    for day in range(9):
        for k, text in enumerate(FIXATED):
            when = START + dt.timedelta(days=day, hours=2 * k + (day % 3), minutes=7 * k)
            rows.append(android_db.Sms(PERSISTENT, _ms(when), 1, text))
    rows.append(android_db.Sms(PERSISTENT, _ms(START + dt.timedelta(days=1, hours=23)), 2, "please stop contacting me"))
    for day in range(9):
        when = START + dt.timedelta(days=day, hours=10)
        rows.append(android_db.Sms(OWNER_FRIEND, _ms(when), 2, "coffee later?"))
        rows.append(android_db.Sms(OWNER_FRIEND, _ms(when + dt.timedelta(minutes=4)), 1, "yes! usual place"))
    android_db.insert_sms(conn, rows)
    android_db.finish_threads(conn)
    conn.close()

    calls_dir = root / "data" / "data" / "com.android.providers.contacts" / "databases"
    calls_dir.mkdir(parents=True, exist_ok=True)
    conn = android_db.create_calllog(calls_dir / "calllog.db")
    calls = [android_db.Call(PERSISTENT, _ms(START + dt.timedelta(days=d, hours=22, minutes=m)), 0, 3) for d in range(9) for m in (0, 3, 9)]
    calls.append(android_db.Call(OWNER_FRIEND, _ms(START + dt.timedelta(days=2, hours=18)), 312, 2))
    android_db.insert_calls(conn, calls)
    conn.close()

    conn = android_db.create_contacts2(calls_dir / "contacts2.db")
    android_db.insert_contacts(conn, [android_db.Contact("Sam", phones=[OWNER_FRIEND]), android_db.Contact("DO NOT ANSWER", phones=[PERSISTENT])])
    conn.close()
    return root


def build_ios(root: Path) -> Path:
    """An iOS file-system extraction tree under ``root``; returns its folder."""
    sms_dir = root / "private" / "var" / "mobile" / "Library" / "SMS"
    sms_dir.mkdir(parents=True, exist_ok=True)
    with ios_db.SmsDb.create(sms_dir / "sms.db", version="ios17") as db:
        h = db.add_handle(PARTNER)
        chat = db.add_chat(PARTNER, [h])
        msgs = []
        for day in range(5):
            when = START + dt.timedelta(days=day, hours=19)
            msgs.append(ios_db.Message(chat, h, False, when, "home by 8?"))
            msgs.append(ios_db.Message(chat, h, True, when + dt.timedelta(minutes=2), "yes, see you soon x"))
        db.add_messages(msgs)
    calls_dir = root / "private" / "var" / "mobile" / "Library" / "CallHistoryDB"
    calls_dir.mkdir(parents=True, exist_ok=True)
    with ios_db.CallHistoryDb.create(calls_dir / "CallHistory.storedata") as db:
        db.add_calls([ios_db.Call(PARTNER, START + dt.timedelta(days=d, hours=12), 65.0, outgoing=d % 2 == 0) for d in range(5)])
    return root


def build(root: Path) -> list[Path]:
    """Write the example queue (one Android and one iOS extraction) under ``root``."""
    return [build_android(Path(root) / "android-exhibit"), build_ios(Path(root) / "ios-exhibit")]
