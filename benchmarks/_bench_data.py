"""Deterministic large ``mmssms.db`` / ``sms.db`` for the ingest speed benchmark.

Both databases are written with devtriage's own synth builders (the real on-disk schemas:
AOSP Android 14 ``mmssms.db``, iOS 17 ``sms.db``) from a fixed seed, so the same row count
gives the same bytes. They are cached under ``benchmarks/.cache/<DATA_VERSION>-<rows>/``
(bump :data:`DATA_VERSION` whenever the generator changes); a cache directory is only
published (renamed into place) once complete, so an interrupted build is never reused.

Shape (both databases):

* ~300 distinct counterparts, heavy-tailed (Zipf, s = 1.1: the top one has ~18% of the
  messages, the median one a few hundred per million);
* bodies 20-160 characters cut from a word stream (lower/upper case, digits, URLs,
  punctuation, accented words and emoji), so nearly every body is distinct;
* both directions (~55% incoming), time stamps increasing over ~3 years with
  exponential gaps.

Android: 1:1 threads (``ensure_threads`` / ``finish_threads``), ``date`` Unix ms, ``type``
1 inbox / 2 sent plus a few drafts and failed sends; counterparts written as a phone
would receive them (``+447700900123``, ``07700 900123``, ``+44 7700 900123``, short codes,
alphanumeric sender ids, US numbers).

iOS (``"ios17"``): one handle + 1:1 chat per counterpart (phones, e-mail addresses, short
codes; iMessage or SMS), 25 group chats (style 43, 3-7 members, outgoing rows with
``handle_id`` 0), ``date`` in nanoseconds since 2001, ``attributedBody`` on every row and
``text`` NULL on ~3% (iOS 16+ style), ``date_read`` on incoming rows, attachments on
~0.5% of the messages.
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

DATA_VERSION = "v1"
SEED = 20240611
N_COUNTERPARTS = 300
N_GROUPS = 25
ZIPF_S = 1.1

CACHE = Path(__file__).resolve().parent / ".cache"
ANDROID_REL = "android/data/data/com.android.providers.telephony/databases/mmssms.db"
IOS_REL = "ios/private/var/mobile/Library/SMS/sms.db"

# 2022-03-01T00:00:00Z
START_UNIX_MS = 1_646_092_800_000
COCOA_OFFSET_MS = 978_307_200_000
SPAN_MS = 3 * 365 * 86_400_000

_WORDS = ["hi", "hey", "ok", "okay", "yes", "no", "maybe", "sure", "thanks", "thank", "you", "please", "sorry", "love", "miss", "see", "soon", "later", "tonight", "tomorrow", "today", "morning", "evening", "night", "weekend", "monday", "friday", "work", "home", "car", "train", "bus", "station", "shop", "dinner", "lunch", "coffee", "tea", "pub", "party", "meet", "call", "ring", "text", "message", "phone", "battery", "late", "early", "now", "where", "are", "you", "what", "why", "when", "who", "how", "is", "was", "were", "be", "been", "going", "gone", "come", "back", "here", "there", "this", "that", "the", "a", "an", "and", "or", "but", "if", "then", "so", "because", "just", "really", "very", "too", "much", "many", "little", "more", "less", "again", "still", "never", "always", "already", "nothing", "something", "anything", "everything", "fine", "good", "great", "bad", "awful", "lovely", "nice", "happy", "sad", "tired", "busy", "free", "ready", "waiting", "outside", "inside", "upstairs", "door", "window", "keys", "bag", "money", "card", "pay", "paid", "owe", "send", "sent", "got", "get", "give", "take", "bring", "left", "right", "straight", "round", "corner", "road", "street", "lane", "Leeds", "London", "Manchester", "Sheffield", "York", "Bristol", "mum", "dad", "nan", "kids", "school", "pick", "up", "drop", "off", "doctor", "appointment", "parcel", "delivery", "tracking", "code", "number", "address", "postcode", "LS1", "4AB", "M1", "1AE", "£20", "£5.50", "10pm", "7:30", "half", "past", "quarter", "to", "2nd", "3rd", "15", "30", "100", "x", "xx", "xxx", "lol", "haha", "omg", "idk", "tbh", "btw", "brb", "ttyl", "https://example.com/t/abc123", "www.example.org", "café", "naïve", "déjà", "vu", "jalapeño", "Zoë", "Łódź", "São", "😊", "😂", "❤️", "👍", "🙏", "😢", "🎉", "🚗", "?!", "?", "!", ".", ",", "...", "-", ":)"]


def rows_from_env(default: int = 1_000_000) -> int:
    raw = os.environ.get("DEVTRIAGE_BENCH_ROWS", "").replace("_", "").strip()
    return int(raw) if raw else default


def _zipf_cum(n: int, s: float = ZIPF_S) -> list[float]:
    return list(itertools.accumulate(1.0 / (k ** s) for k in range(1, n + 1)))


def _pick(rng: random.Random, cum: list[float], k: int) -> list[int]:
    """``k`` indices into ``cum``'s population, heavy-tailed, deterministic."""
    total = cum[-1]
    return [bisect.bisect_right(cum, rng.random() * total) for _ in range(k)]


class _Bodies:
    """Bodies of 20-160 characters cut at word boundaries from a long random word stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        words = rng.choices(_WORDS, k=400_000)
        for i in range(0, len(words), 7):  # sentence starts
            words[i] = words[i].capitalize()
        self.corpus = " ".join(words)
        self.starts = [0] + [i + 1 for i, ch in enumerate(self.corpus) if ch == " "]

    def __call__(self) -> str:
        rng, corpus = self.rng, self.corpus
        length = rng.randint(20, 160)
        start = self.starts[rng.randrange(len(self.starts) - 2000)]
        text = corpus[start:start + length].rstrip()
        while len(text) < 20:  # a cut that ended on spaces: extend
            length += 5
            text = corpus[start:start + length].rstrip()
        return text


def _times(rng: random.Random, n: int, start_ms: int) -> list[int]:
    mean_gap = SPAN_MS / max(n, 1)
    t = float(start_ms)
    out = []
    for _ in range(n):
        t += rng.expovariate(1.0 / mean_gap) + 1.0
        out.append(int(t))
    return out


# --- counterparts ----------------------------------------------------------------------


def _android_addresses(rng: random.Random) -> list[str]:
    """300 distinct raw ``sms.address`` values, spelled as Android stores them."""
    out: list[str] = []
    seen: set[str] = set()
    subscribers = rng.sample(range(900_000, 901_000), 260) + rng.sample(range(1000), 10)
    senders = ["AMAZON", "HSBC UK", "Royal Mail", "DPD", "NHS", "Uber", "Vodafone", "CoopMobile", "O2", "EE"]
    shorts = ["88088", "61998", "2020", "150", "81400", "60163", "84011", "65000", "80880", "70070",
              "2345", "9999", "83248", "57575", "73000"]
    k = 0
    while len(out) < N_COUNTERPARTS:
        kind = rng.random()
        if kind < 0.85 and k < 260:
            s = subscribers[k]
            k += 1
            digits = f"7700{s:06d}"
            spelling = rng.random()
            if spelling < 0.55:
                raw = "+44" + digits
            elif spelling < 0.80:
                raw = "0" + digits
            elif spelling < 0.92:
                raw = f"0{digits[:4]} {digits[4:]}"
            else:
                raw = f"+44 {digits[:4]} {digits[4:]}"
        elif kind < 0.90 and senders:
            raw = senders.pop(0)
        elif kind < 0.96 and shorts:
            raw = shorts.pop(0)
        else:
            raw = f"+1202555{rng.randrange(10_000):04d}"
        if raw not in seen:
            seen.add(raw)
            out.append(raw)
    return out


def _ios_handles(rng: random.Random) -> list[tuple[str, str]]:
    """300 distinct ``(handle.id, service)``: E.164 phones, e-mail addresses, short codes."""
    first = ["jo", "sam", "alex", "chris", "kim", "lee", "pat", "robin", "jamie", "max", "ali", "priya",
             "tom", "sara", "dan", "amy", "ben", "zoe", "raj", "eve"]
    last = ["bloggs", "smith", "jones", "khan", "patel", "brown", "taylor", "wilson", "evans", "walker"]
    domains = ["example.com", "icloud.com", "me.com", "Example.co.uk", "gmail.com"]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    subscribers = rng.sample(range(900_000, 901_000), 300)
    k = 0
    while len(out) < N_COUNTERPARTS:
        kind = rng.random()
        if kind < 0.72:
            ident = f"+447700{subscribers[k]:06d}"
            k += 1
            service = "iMessage" if rng.random() < 0.6 else "SMS"
        elif kind < 0.95:
            name = f"{rng.choice(first)}.{rng.choice(last)}{rng.randrange(100)}"
            if rng.random() < 0.2:
                name = name.title()
            ident = f"{name}@{rng.choice(domains)}"
            service = "iMessage"
        elif kind < 0.98:
            ident = str(rng.choice([88088, 61998, 2020, 81400, 60163, 84011, 65000, 80880]))
            service = "SMS"
        else:
            ident = f"+1202555{rng.randrange(10_000):04d}"
            service = "iMessage"
        if ident not in seen:
            seen.add(ident)
            out.append((ident, service))
    return out


# --- builders --------------------------------------------------------------------------


def build_android(path: Path, n: int, seed: int = SEED) -> None:
    from devtriage.synth import android_db as adb

    rng = random.Random(seed * 7 + 1)
    addresses = _android_addresses(rng)
    conn = adb.create_mmssms(path, "android14")
    try:
        threads = adb.ensure_threads(conn, [(a,) for a in addresses])
        conn.commit()
        cum = _zipf_cum(len(addresses))
        who = _pick(rng, cum, n)
        times = _times(rng, n, START_UNIX_MS)
        body = _Bodies(rng)

        def rows():
            rnd = rng.random
            for i in range(n):
                address = addresses[who[i]]
                date = times[i]
                r = rnd()
                if r < 0.55:
                    typ, date_sent, read = adb.SMS_INBOX, date - rng.randrange(500, 30_000), 1 if rnd() < 0.98 else 0
                elif r < 0.993:
                    typ, date_sent, read = adb.SMS_SENT, 0, 1
                elif r < 0.997:
                    typ, date_sent, read = adb.SMS_FAILED, 0, 1
                else:
                    typ, date_sent, read = adb.SMS_DRAFT, 0, 1
                yield (threads[(address,)], address, date, date_sent, read, typ, body(), 1)

        adb.insert_sms(conn, rows())
        adb.finish_threads(conn)
    finally:
        conn.close()


def build_ios(path: Path, n: int, seed: int = SEED) -> None:
    from devtriage.synth.ios_db import Message, SmsDb

    rng = random.Random(seed * 7 + 2)
    handles = _ios_handles(rng)
    db = SmsDb.create(path, "ios17")
    try:
        handle_ids, chats_1to1 = [], []
        for ident, service in handles:
            h = db.add_handle(ident, service=service, country="gb")
            handle_ids.append(h)
            chats_1to1.append((db.add_chat(ident, [h], service=service), h, service))
        groups = []
        top = list(range(min(120, len(handle_ids))))
        for g in range(N_GROUPS):
            members = [handle_ids[i] for i in rng.sample(top, rng.randint(3, 7))]
            ident = f"chat{rng.randrange(10**17, 10**18)}"
            groups.append((db.add_chat(ident, members, service="iMessage", group=True,
                                       display_name=f"Group {g + 1}"), members))
        db.conn.commit()
        cum = _zipf_cum(len(chats_1to1))
        gcum = _zipf_cum(len(groups), 1.0)
        n_group = int(n * 0.10)
        is_group = [False] * (n - n_group) + [True] * n_group
        rng.shuffle(is_group)
        who = _pick(rng, cum, n)
        gwho = _pick(rng, gcum, n)
        times = _times(rng, n, START_UNIX_MS - COCOA_OFFSET_MS)
        body = _Bodies(rng)

        def messages():
            rnd = rng.random
            for i in range(n):
                when_ns = times[i] * 1_000_000 + rng.randrange(1_000_000)
                from_me = rnd() >= 0.55
                if is_group[i]:
                    chat, members = groups[gwho[i]]
                    handle = 0 if from_me else members[rng.randrange(len(members))]
                    service = "iMessage"
                else:
                    chat, handle, service = chats_1to1[who[i]]
                read_at = None if from_me else when_ns + rng.randrange(10**9, 3600 * 10**9)
                mode = "attributed" if rnd() < 0.03 else None
                yield Message(chat, handle, from_me, when_ns, body(), service, read_at=read_at, body=mode)

        ids = db.add_messages(messages(), body="both")
        for rowid in rng.sample(ids, max(1, n // 200)):
            db.add_attachment(rowid, f"IMG_{rowid % 10000:04d}.jpeg")
    finally:
        db.close()


def dataset(n: int, cache: Path = CACHE) -> dict:
    """The cached extraction folders for ``n`` messages each (built on first use)."""
    key = f"{DATA_VERSION}-{n}"
    final = cache / key
    meta_path = final / "meta.json"
    if not meta_path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".tmp-{key}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        t0 = time.perf_counter()
        a = tmp / ANDROID_REL
        a.parent.mkdir(parents=True)
        build_android(a, n)
        t1 = time.perf_counter()
        i = tmp / IOS_REL
        i.parent.mkdir(parents=True)
        build_ios(i, n)
        t2 = time.perf_counter()
        meta = {
            "data_version": DATA_VERSION, "rows": n, "seed": SEED,
            "android": {"rel": ANDROID_REL, "bytes": a.stat().st_size, "build_s": round(t1 - t0, 1),
                        "sms_rows": _count(a, "sms")},
            "ios": {"rel": IOS_REL, "bytes": i.stat().st_size, "build_s": round(t2 - t1, 1),
                    "message_rows": _count(i, "message")},
        }
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    meta = json.loads(meta_path.read_text())
    meta["root"] = str(final)
    meta["android"]["folder"] = str(final / "android")
    meta["android"]["db"] = str(final / ANDROID_REL)
    meta["ios"]["folder"] = str(final / "ios")
    meta["ios"]["db"] = str(final / IOS_REL)
    return meta


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()
