"""A synthetic phone owner and a year of their communication, as numpy arrays.

:func:`make_device` draws an :class:`Owner`, an address book (:class:`Contacts`, a few
hundred people with UK and some international numbers, a few e-mail addresses), a few
group chats, and then every message and call of the period as one :class:`Events`
structure (columns of equal length, sorted by time). Realism comes from:

* heavy-tailed contact weights: a Zipf rank law times lognormal noise, so a handful of
  people (partner, family, best friends) carry most of the traffic and most of the address
  book is almost never contacted;
* conversations as sessions: a session with one contact (or one group) has several turns;
  the speaker changes with a fixed probability, a change waits a reply delay (lognormal,
  median a few minutes, tail to hours), a same-speaker follow-up a few seconds;
* daily and weekly rhythms by the owner's *local* hour (:data:`HOUR_PROFILE`: almost
  nothing 01:00-06:00, peak in the evening), converted to UTC with the owner's time zone
  (daylight saving included);
* an app per contact (SMS or WhatsApp; on iOS also iMessage), groups on WhatsApp or
  iMessage, calls by phone or WhatsApp (answered, missed, rejected, unanswered) with
  lognormal durations;
* bodies drawn from a pool of :class:`~devtriage.synth.text.Phrasebook` strings made once
  per device (a few thousand per language), so a million messages cost array indexing,
  not a million phrase renderings; replies to a question or statement come from
  ``Phrasebook.reply`` pairs.

Everything takes an explicit ``numpy.random.Generator``; no wall clock, no global state.
Planted scenarios append tagged events to the same structure: :func:`plant_fixated` (the
suspect's phone), :func:`plant_threats` (the same plus threats of every kind),
:func:`plant_fixated_victim` (the victim's phone of a :class:`FixatedStory`), and the benign
look-alikes :func:`plant_couple` and :func:`plant_gaming`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

import numpy as np

# --- codes -------------------------------------------------------------------------------

IN, OUT = 0, 1
TEXT, CALL = 0, 1
SMS, WHATSAPP, IMESSAGE, PHONE = 0, 1, 2, 3
APPS = ("sms", "whatsapp", "imessage", "phone")
ANSWERED, MISSED, REJECTED, UNANSWERED = 0, 1, 2, 3  # calls; UNANSWERED = outgoing, no answer
STATUSES = ("answered", "missed", "rejected", "unanswered")
NO_BODY = -1
NO_GROUP = -1
OWNER = -1  # contact index of the owner (outgoing group messages)

#: Relative activity by local hour 00..23 (messages). Little 01:00-06:00, evening peak.
HOUR_PROFILE = np.array([2.2, 1.0, 0.5, 0.3, 0.25, 0.3, 0.9, 2.6, 4.0, 4.4, 4.5, 4.9,
                         5.5, 5.0, 4.7, 4.7, 5.0, 5.6, 6.6, 7.6, 8.0, 7.8, 6.4, 4.1])
#: Calls: fewer late at night than messages.
CALL_HOUR_PROFILE = HOUR_PROFILE * np.array([0.3, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 1, 1, 1, 1, 1,
                                             1.2, 1, 1, 1, 1, 1.2, 1.3, 1.1, 0.9, 0.7, 0.5, 0.4])
#: Relative activity Monday..Sunday.
WEEK_PROFILE = np.array([0.97, 0.95, 0.97, 1.0, 1.12, 1.2, 1.06])

#: The period ends here (fixed, so the same seed gives the same files on any day).
PERIOD_END = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)

PROFILES: dict[str, dict] = {
    # messages, calls, contacts (range), days
    "tiny": {"messages": 2_000, "calls": 300, "contacts": (40, 60), "days": 120},
    "typical": {"messages": 50_000, "calls": 10_000, "contacts": (220, 380), "days": 365},
    "heavy": {"messages": 1_000_000, "calls": 200_000, "contacts": (500, 700), "days": 365},
}

# --- names and numbers -------------------------------------------------------------------

FIRST = (
    "Oliver", "Amelia", "Jack", "Olivia", "Harry", "Isla", "George", "Ava", "Noah", "Emily", "Charlie", "Sophie",
    "Jacob", "Grace", "Alfie", "Mia", "Freddie", "Poppy", "Oscar", "Ella", "Leo", "Lily", "Thomas", "Jessica",
    "James", "Chloe", "Daniel", "Ruby", "Joshua", "Evie", "Mohammed", "Aisha", "Ahmed", "Fatima", "Imran", "Zara",
    "Bilal", "Amina", "Hamza", "Maryam", "Priya", "Raj", "Sunita", "Arjun", "Kwame", "Ama", "Chidi", "Ngozi",
    "Tomasz", "Agnieszka", "Piotr", "Katarzyna", "Marek", "Joanna", "João", "Ana", "Pedro", "Inês", "Lucía",
    "Carlos", "Sofía", "Pierre", "Camille", "Lukas", "Hannah", "Sean", "Siobhan", "Ciara", "Rhys", "Ffion",
    "Callum", "Eilidh", "Gareth", "Bethan", "Dave", "Karen", "Steve", "Michelle", "Gary", "Tracey", "Paul", "Lisa",
    "Mark", "Claire", "Craig", "Nicola", "Wei", "Mei", "Hiroshi", "Yuki", "Olu", "Tunde", "Yusuf", "Leah",
)
LAST = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood",
    "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Clark", "King",
    "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Ali", "Hussain", "Ahmed", "Begum", "Shah",
    "Singh", "Kaur", "Sharma", "Okafor", "Mensah", "Adeyemi", "Nowak", "Kowalski", "Wiśniewski", "Silva",
    "Santos", "García", "Martínez", "Dubois", "Müller", "Murphy", "O'Brien", "Kelly", "MacDonald", "Campbell",
    "Stewart", "Reid", "Morgan", "Price", "Chen", "Wang", "Nguyen", "Kim", "Yilmaz", "Mohamed",
)
FAMILY = ("Mum", "Dad", "Nan", "Grandad", "Auntie Jo", "Uncle Pete", "Sis", "Bro")
SERVICES = ("Dentist", "Plumber Mike", "Taxi", "Dr Surgery", "Gym", "Landlord", "Mechanic", "School office",
            "Hairdresser", "Vet")
# Ofcom's numbers for drama (07700 900xxx and the 496/4960/7946 landline blocks): plausible
# UK numbers that cannot belong to anyone. International ones are fictional too.
_LANDLINES = ("0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0", "0117 496 0", "0118 496 0",
              "0121 496 0", "0131 496 0", "0141 496 0", "0151 496 0", "0161 496 0", "020 7946 0", "0191 498 0")
_INTL = ("+1 202-555-01{:02d}", "+33 6 39 98 {:02d} {:02d}", "+61 491 570 1{:02d}",
         "+353 20 913 {:04d}", "+48 22 123 {:04d}")


@dataclass(frozen=True)
class Owner:
    """The device owner: ``phone`` in E.164, ``platform`` ``"android"`` or ``"ios"``."""

    name: str
    phone: str
    platform: str
    timezone: str
    lang: str
    email: str


@dataclass
class Contacts:
    """The address book, one entry per person (index = contact index in :class:`Events`).

    ``phone`` is the number as stored on the phone (national or international format),
    ``e164`` its normalised form; ``email`` is empty for most; ``weight`` the share of
    conversations (sums to 1); ``app`` the preferred messaging app; ``whatsapp`` /
    ``imessage`` whether the person has those; ``lang`` a :data:`~devtriage.synth.text.LANGS`
    code; ``gamer`` marks gaming friends (trash talk); ``saved`` (None = all) whether the
    entry is in the address book (a planted unknown number is not); ``address`` postal
    addresses stored with a few entries (index -> address text).
    """

    name: list[str]
    phone: list[str]
    e164: list[str]
    email: list[str]
    weight: np.ndarray
    app: np.ndarray
    whatsapp: np.ndarray
    imessage: np.ndarray
    lang: list[str]
    gamer: np.ndarray
    saved: np.ndarray | None = None
    address: dict[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.name)

    def is_saved(self, c: int) -> bool:
        return self.saved is None or bool(self.saved[c])

    def add(self, name: str, phone: str, e164: str, lang: str, app: int, whatsapp: bool = False,
            imessage: bool = False, saved: bool = True) -> int:
        """Append a person with weight 0 (no everyday traffic); returns the new index."""
        n = len(self)
        keep = np.ones(n, dtype=bool) if self.saved is None else self.saved
        self.name.append(name)
        self.phone.append(phone)
        self.e164.append(e164)
        self.email.append("")
        self.weight = np.append(self.weight, 0.0)
        self.app = np.append(self.app, np.int8(app)).astype(np.int8)
        self.whatsapp = np.append(self.whatsapp, whatsapp)
        self.imessage = np.append(self.imessage, imessage)
        self.lang.append(lang)
        self.gamer = np.append(self.gamer, False)
        self.saved = np.append(keep, saved)
        return n


@dataclass
class Group:
    """A group chat: ``members`` are contact indices (the owner is implicit)."""

    name: str
    members: np.ndarray
    app: int
    created_ms: int
    ident: str  # group JID / chat identifier, stable per device


@dataclass
class Events:
    """All messages and calls, one row per event, sorted by ``ts_ms``.

    ``contact`` is the other party (1:1), or the sender of an incoming group message
    (:data:`OWNER` for the owner's own group messages); ``group`` the :class:`Group` index
    or :data:`NO_GROUP`. ``body`` indexes ``bodies`` (:data:`NO_BODY` for calls);
    ``duration_s`` and ``status`` are for calls; ``tag`` indexes ``tags`` ("" = not
    planted).
    """

    ts_ms: np.ndarray
    direction: np.ndarray
    contact: np.ndarray
    group: np.ndarray
    app: np.ndarray
    kind: np.ndarray
    duration_s: np.ndarray
    status: np.ndarray
    body: np.ndarray
    tag: np.ndarray
    bodies: list[str]
    tags: list[str] = field(default_factory=lambda: [""])

    COLUMNS = ("ts_ms", "direction", "contact", "group", "app", "kind", "duration_s", "status", "body", "tag")

    def __len__(self) -> int:
        return len(self.ts_ms)

    def take(self, idx: np.ndarray) -> Events:
        return Events(*(getattr(self, c)[idx] for c in self.COLUMNS), bodies=self.bodies, tags=self.tags)

    def counts(self) -> dict[str, int]:
        return {"messages": int((self.kind == TEXT).sum()), "calls": int((self.kind == CALL).sum())}


@dataclass
class Device:
    owner: Owner
    contacts: Contacts
    groups: list[Group]
    events: Events
    start: dt.datetime
    end: dt.datetime
    profile: str


def _empty(n: int, dtype, fill=0) -> np.ndarray:
    return np.full(n, fill, dtype=dtype)


# --- owner and contacts --------------------------------------------------------------------


def _mobile(k: int) -> str:
    return f"07700 900{k:03d}"


def _to_e164(national: str) -> str:
    digits = "".join(ch for ch in national if ch.isdigit() or ch == "+")
    if digits.startswith("+"):
        return digits
    return "+44" + digits[1:]


def _stored_form(rng: np.random.Generator, e164: str, national: str) -> str:
    """How the number sits in the address book: national with spaces, or international."""
    u = rng.random()
    if u < 0.45:
        return national
    if u < 0.7:
        return e164
    if u < 0.85:
        return national.replace(" ", "")
    return "+44 " + national[1:]


def make_owner(rng: np.random.Generator, platform: str, mobile_slot: int) -> Owner:
    first = FIRST[rng.integers(len(FIRST))]
    last = LAST[rng.integers(len(LAST))]
    lang = str(rng.choice(["en", "en", "en", "en", "en", "pl", "ur-Latn", "pt"]))
    e164 = _to_e164(_mobile(mobile_slot))
    email = f"{_ascii(first).lower()}.{_ascii(last).lower()}{rng.integers(10, 99)}@example.com"
    return Owner(f"{first} {last}", e164, platform, "Europe/London", lang, email)


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalpha())


def make_contacts(rng: np.random.Generator, owner: Owner, n: int, used_mobiles: set[int]) -> Contacts:
    """``n`` contacts: family, friends, services; heavy-tailed weights; apps and languages."""
    names: list[str] = []
    seen: set[str] = set()
    family = list(FAMILY[: rng.integers(3, len(FAMILY) + 1)])
    services = list(rng.choice(SERVICES, size=min(len(SERVICES), max(2, n // 30)), replace=False))
    for name in family + services:
        names.append(str(name))
        seen.add(str(name))
    while len(names) < n:
        name = f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}"
        if rng.random() < 0.12:
            name = name.split(" ")[0] + " " + ("Work", "Gym", "Uni", "Footy", "5-a-side", "Neighbour")[rng.integers(6)]
        if name in seen:
            continue
        seen.add(name)
        names.append(name)
    names = names[:n]
    free_mobiles = np.array(sorted(set(range(1000)) - used_mobiles))
    mob = rng.permutation(free_mobiles)
    kind = rng.random(n)  # < 0.8 mobile, < 0.93 UK landline, else international
    kind[: len(family)] = 0.0  # family on mobiles
    phones, e164s = [], []
    taken: set[str] = {owner.phone}
    mi = 0
    for i in range(n):
        if kind[i] < 0.8 and mi < len(mob):
            national = _mobile(int(mob[mi]))
            used_mobiles.add(int(mob[mi]))
            mi += 1
            e164 = _to_e164(national)
            stored = _stored_form(rng, e164, national)
        else:
            e164 = ""
            while not e164 or e164 in taken:  # numbers are unique within one address book
                if kind[i] < 0.93 or mi >= len(mob):
                    national = _LANDLINES[rng.integers(len(_LANDLINES))] + f"{rng.integers(1000):03d}"
                    e164 = _to_e164(national)
                    stored = national if rng.random() < 0.8 else e164
                else:
                    fmt = _INTL[rng.integers(len(_INTL))]
                    stored = fmt.format(*(int(x) for x in rng.integers(0, 100, fmt.count("{"))))
                    e164 = "+" + "".join(ch for ch in stored if ch.isdigit())
        taken.add(e164)
        phones.append(stored)
        e164s.append(e164)
    # e-mail for a few (work contacts and some friends)
    emails = []
    for i, name in enumerate(names):
        if " " in name and rng.random() < 0.12:
            a, b = name.split(" ", 1)
            emails.append(f"{_ascii(a).lower()}.{_ascii(b).lower()}@example.{('com', 'org', 'net', 'co.uk')[rng.integers(4)]}")
        else:
            emails.append("")
    # heavy-tailed weights: Zipf rank law x lognormal noise; family and first friends on top
    rank = np.empty(n)
    top = len(family)
    order = np.concatenate([rng.permutation(top), top + rng.permutation(n - top)])
    rank[order] = np.arange(1, n + 1)
    # services rank low
    svc = np.arange(len(family), len(family) + len(services))
    rank[svc] = rank[svc] + n
    weight = rank ** -1.15 * rng.lognormal(0.0, 0.6, n)
    weight /= weight.sum()
    # languages: mostly the owner's, some English, a few others
    from .text import LANGS

    others = [lg for lg in LANGS if lg not in (owner.lang, "en")]
    u = rng.random(n)
    lang = [owner.lang if u[i] < 0.8 else ("en" if u[i] < 0.93 else others[rng.integers(len(others))]) for i in range(n)]
    uk_mobile = np.array([e.startswith("+447") for e in e164s])
    whatsapp = (rng.random(n) < 0.8) & (uk_mobile | np.array([not e.startswith("+44") for e in e164s]))
    imessage = (rng.random(n) < 0.5) & uk_mobile
    if owner.platform == "ios":
        app = np.where(imessage & (rng.random(n) < 0.75), IMESSAGE, np.where(whatsapp, WHATSAPP, SMS))
    else:
        app = np.where(whatsapp & (rng.random(n) < 0.8), WHATSAPP, SMS)
    app[~uk_mobile & ~whatsapp] = SMS
    gamer = (rng.random(n) < 0.06) & np.array([" " in x for x in names])
    return Contacts(names, phones, e164s, emails, weight, app.astype(np.int8), whatsapp, imessage, lang, gamer)


def make_groups(rng: np.random.Generator, owner: Owner, contacts: Contacts, start_ms: int) -> list[Group]:
    """A few group chats of 3-12 members, drawn among people the owner talks to."""
    labels = ("Family", "Footy lads", "Work team", "Uni girls", "Book club", "Stag do", "Flat 4B",
              "School mums", "Gaming night", "Birthday planning")
    n_groups = int(rng.integers(2, 6))
    picks = rng.choice(len(labels), size=n_groups, replace=False)
    reachable = np.flatnonzero(contacts.whatsapp | (contacts.imessage if owner.platform == "ios" else False))
    p = contacts.weight[reachable] ** 0.5
    p /= p.sum()
    groups = []
    digits = owner.phone.lstrip("+")
    for g, label in enumerate(sorted(int(x) for x in picks)):
        size = int(rng.integers(3, min(12, len(reachable)) + 1))
        members = np.sort(rng.choice(reachable, size=size, replace=False, p=p))
        created = start_ms - int(rng.integers(1, 900)) * 86_400_000
        while any(x.created_ms == created for x in groups):  # group ids embed the creation second: keep them unique
            created += 1000
        use_imessage = owner.platform == "ios" and bool(contacts.imessage[members].all()) and rng.random() < 0.7
        app = IMESSAGE if use_imessage else WHATSAPP
        ident = f"{digits}-{created // 1000}@g.us" if app == WHATSAPP else f"chat{(created // 1000) % 10**18:018d}"
        groups.append(Group(labels[label], members.astype(np.int32), app, created, ident))
    return groups


# --- time ------------------------------------------------------------------------------------


def utc_offsets_ms(tz: str, start: dt.datetime, days: int) -> np.ndarray:
    """UTC offset (ms) at local noon of each day of the period: local = utc + offset."""
    zone = zoneinfo.ZoneInfo(tz)
    out = np.empty(days + 2, dtype=np.int64)
    for d in range(days + 2):
        t = (start + dt.timedelta(days=d, hours=12)).astimezone(zone)
        out[d] = int(t.utcoffset().total_seconds()) * 1000
    return out


def draw_times(rng: np.random.Generator, n: int, start: dt.datetime, days: int, offsets: np.ndarray,
               hours: np.ndarray = HOUR_PROFILE, day_weight: np.ndarray | None = None) -> np.ndarray:
    """``n`` UTC times (ms) whose local hour follows ``hours`` and weekday :data:`WEEK_PROFILE`."""
    start_ms = int(start.timestamp() * 1000)
    if day_weight is None:
        weekday = (start.weekday() + np.arange(days)) % 7
        day_weight = WEEK_PROFILE[weekday]
    p = day_weight / day_weight.sum()
    day = rng.choice(days, size=n, p=p)
    hp = hours / hours.sum()
    hour = rng.choice(24, size=n, p=hp)
    within = rng.integers(0, 3_600_000, n)
    local = start_ms + day.astype(np.int64) * 86_400_000 + hour.astype(np.int64) * 3_600_000 + within
    return local - offsets[day]


def local_hour(ts_ms: np.ndarray, start: dt.datetime, offsets: np.ndarray) -> np.ndarray:
    """Local hour 0..23 of UTC times ``ts_ms`` (with the per-day offsets of the period)."""
    start_ms = int(start.timestamp() * 1000)
    day = np.clip((ts_ms - start_ms) // 86_400_000, 0, len(offsets) - 1)
    return ((ts_ms + offsets[day]) // 3_600_000) % 24


# --- bodies ------------------------------------------------------------------------------------


class BodyPool:
    """Pre-rendered message bodies, by (language, gaming) and as (prompt, reply) pairs."""

    def __init__(self, phrasebook, rng: np.random.Generator, keys: list[tuple[str, bool]], size: int, pairs: int):
        self.texts: list[str] = []
        self.ranges: dict[tuple[str, bool], tuple[int, int]] = {}
        self.pairs: dict[str, tuple[int, int]] = {}
        for lang, gaming in keys:
            start = len(self.texts)
            self.texts.extend(phrasebook.everyday(rng, lang, size, gaming=gaming))
            self.ranges[(lang, gaming)] = (start, size)
        for lang in sorted({k[0] for k in keys}):
            start = len(self.texts)
            prompts = phrasebook.everyday(rng, lang, pairs)
            for p in prompts:
                self.texts.append(p)
                self.texts.append(phrasebook.reply(rng, lang, p))
            self.pairs[lang] = (start, pairs)

    def add(self, text: str) -> int:
        self.texts.append(text)
        return len(self.texts) - 1


# --- events ------------------------------------------------------------------------------------


def _sessions(rng: np.random.Generator, n_messages: int, mean_turns: float) -> np.ndarray:
    """Turn counts of sessions adding up to about ``n_messages``."""
    n = max(1, int(n_messages / mean_turns))
    turns = rng.geometric(1.0 / mean_turns, size=n)
    # trim / extend to the exact total
    total = np.cumsum(turns)
    k = int(np.searchsorted(total, n_messages))
    turns = turns[: k + 1].copy() if k < n else np.concatenate([turns, np.ones(n_messages - int(total[-1]), dtype=turns.dtype)])
    excess = int(turns.sum()) - n_messages
    if excess > 0:
        turns[-1] -= excess
    return turns[turns > 0]


def make_messages(rng: np.random.Generator, owner: Owner, contacts: Contacts, groups: list[Group], pool: BodyPool,
                  n_messages: int, start: dt.datetime, days: int, offsets: np.ndarray) -> dict[str, np.ndarray]:
    """All everyday messages (1:1 and group) as column arrays (not yet sorted)."""
    group_share = 0.22 if groups else 0.0
    n_group = int(n_messages * group_share)
    n_one = n_messages - n_group
    cols = []
    # --- 1:1 sessions
    turns = _sessions(rng, n_one, 7.0)
    s = len(turns)
    who = rng.choice(len(contacts), size=s, p=contacts.weight).astype(np.int32)
    t0 = draw_times(rng, s, start, days, offsets)
    sid = np.repeat(np.arange(s), turns)
    first = np.concatenate([[0], np.cumsum(turns)[:-1]])
    pos = np.arange(len(sid)) - first[sid]
    switch = rng.random(len(sid)) < 0.62
    switch[first] = False
    first_out = rng.random(s) < 0.5
    csum = np.cumsum(switch)
    parity = csum - csum[first][sid]  # speaker changes so far within the session
    direction = ((parity % 2 == 0) == first_out[sid]).astype(np.int8)  # 1 = out
    delay = np.where(switch, rng.lognormal(np.log(150.0), 1.6, len(sid)), rng.lognormal(np.log(25.0), 0.9, len(sid)))
    delay[first] = 0.0
    delay_ms = (delay * 1000).astype(np.int64)
    cum = np.cumsum(delay_ms)
    cum -= cum[first][sid]
    ts = t0[sid] + cum
    app = contacts.app[who][sid].copy()
    # a share of sessions on the contact's other app
    other = rng.random(s) < 0.1
    alt = np.where(contacts.app[who] == SMS, np.where(contacts.whatsapp[who], WHATSAPP, SMS), SMS).astype(np.int8)
    app = np.where(other[sid], alt[sid], app).astype(np.int8)
    contact = who[sid]
    body = _bodies(rng, pool, contacts, contact, switch, pos)
    cols.append((ts, direction, contact, np.full(len(sid), NO_GROUP, np.int32), app, body))
    # --- group sessions
    if n_group:
        gturns = _sessions(rng, n_group, 9.0)
        gs = len(gturns)
        gw = np.array([len(g.members) ** 0.5 for g in groups])
        gw = gw * rng.lognormal(0, 0.5, len(groups))
        gsel = rng.choice(len(groups), size=gs, p=gw / gw.sum()).astype(np.int32)
        g0 = draw_times(rng, gs, start, days, offsets)
        gsid = np.repeat(np.arange(gs), gturns)
        gfirst = np.concatenate([[0], np.cumsum(gturns)[:-1]])
        gdelay = rng.lognormal(np.log(60.0), 1.4, len(gsid))
        gdelay[gfirst] = 0.0
        gcum = np.cumsum((gdelay * 1000).astype(np.int64))
        gcum -= gcum[gfirst][gsid]
        gts = g0[gsid] + gcum
        size = np.array([len(g.members) for g in groups])[gsel][gsid]
        owner_speaks = rng.random(len(gsid)) < 1.4 / (size + 1)
        pick = (rng.random(len(gsid)) * size).astype(np.int64)
        offs = np.concatenate([[0], np.cumsum([len(g.members) for g in groups])[:-1]])
        allm = np.concatenate([g.members for g in groups])
        sender = allm[offs[gsel][gsid] + pick].astype(np.int32)
        sender[owner_speaks] = OWNER
        gapp = np.array([g.app for g in groups], dtype=np.int8)[gsel][gsid]
        gbody = _group_bodies(rng, pool, owner, gsid.size)
        cols.append((gts, owner_speaks.astype(np.int8), sender, gsel[gsid], gapp, gbody))
    out = [np.concatenate([c[i] for c in cols]) for i in range(6)]
    return dict(zip(("ts_ms", "direction", "contact", "group", "app", "body"), out))


def _bodies(rng, pool: BodyPool, contacts: Contacts, contact: np.ndarray, switch: np.ndarray, pos: np.ndarray) -> np.ndarray:
    n = len(contact)
    body = np.empty(n, dtype=np.int32)
    keys = np.array([pool_key_index(pool, contacts.lang[c], bool(contacts.gamer[c])) for c in range(len(contacts))])
    starts = np.array([r[0] for r in pool.ranges.values()])
    sizes = np.array([r[1] for r in pool.ranges.values()])
    k = keys[contact]
    body[:] = starts[k] + (rng.random(n) * sizes[k]).astype(np.int64)
    # replies: a turn that answers the other side's previous turn gets a (prompt, reply) pair
    sel = switch & (rng.random(n) < 0.35)
    sel[1:] &= ~sel[:-1]
    sel[0] = False
    idx = np.flatnonzero(sel)
    if len(idx):
        langs = sorted(pool.pairs)
        lang_code = {lg: i for i, lg in enumerate(langs)}
        pstart = np.array([pool.pairs[lg][0] for lg in langs])
        psize = np.array([pool.pairs[lg][1] for lg in langs])
        cl = np.array([lang_code[contacts.lang[c]] for c in range(len(contacts))])[contact[idx]]
        j = (rng.random(len(idx)) * psize[cl]).astype(np.int64)
        body[idx - 1] = pstart[cl] + 2 * j
        body[idx] = pstart[cl] + 2 * j + 1
    return body


def _group_bodies(rng, pool: BodyPool, owner: Owner, n: int) -> np.ndarray:
    start, size = pool.ranges[(owner.lang, False)]
    return (start + (rng.random(n) * size).astype(np.int64)).astype(np.int32)


def pool_key_index(pool: BodyPool, lang: str, gaming: bool) -> int:
    keys = list(pool.ranges)
    return keys.index((lang, gaming)) if (lang, gaming) in pool.ranges else keys.index((lang, False))


def make_calls(rng: np.random.Generator, owner: Owner, contacts: Contacts, n_calls: int, start: dt.datetime,
               days: int, offsets: np.ndarray) -> dict[str, np.ndarray]:
    """Phone and WhatsApp calls: direction, status, durations (lognormal, median ~1.5 min)."""
    w = contacts.weight ** 0.9
    w /= w.sum()
    who = rng.choice(len(contacts), size=n_calls, p=w).astype(np.int32)
    ts = draw_times(rng, n_calls, start, days, offsets, hours=CALL_HOUR_PROFILE)
    direction = (rng.random(n_calls) < 0.5).astype(np.int8)
    u = rng.random(n_calls)
    status = np.where(direction == OUT, np.where(u < 0.82, ANSWERED, UNANSWERED),
                      np.where(u < 0.72, ANSWERED, np.where(u < 0.95, MISSED, REJECTED))).astype(np.int8)
    duration = np.minimum(rng.lognormal(np.log(95.0), 1.25, n_calls), 4 * 3600).astype(np.int32)
    duration[status != ANSWERED] = 0
    app = np.where(contacts.whatsapp[who] & (rng.random(n_calls) < 0.3), WHATSAPP, PHONE).astype(np.int8)
    return {"ts_ms": ts, "direction": direction, "contact": who, "app": app, "status": status, "duration_s": duration}


def assemble(msgs: dict[str, np.ndarray], calls: dict[str, np.ndarray], bodies: list[str]) -> Events:
    """One time-sorted :class:`Events` from message and call columns."""
    nm, nc = len(msgs["ts_ms"]), len(calls["ts_ms"])
    ts = np.concatenate([msgs["ts_ms"], calls["ts_ms"]]).astype(np.int64)
    ev = Events(
        ts_ms=ts,
        direction=np.concatenate([msgs["direction"], calls["direction"]]).astype(np.int8),
        contact=np.concatenate([msgs["contact"], calls["contact"]]).astype(np.int32),
        group=np.concatenate([msgs["group"], np.full(nc, NO_GROUP)]).astype(np.int32),
        app=np.concatenate([msgs["app"], calls["app"]]).astype(np.int8),
        kind=np.concatenate([np.full(nm, TEXT), np.full(nc, CALL)]).astype(np.int8),
        duration_s=np.concatenate([np.zeros(nm), calls["duration_s"]]).astype(np.int32),
        status=np.concatenate([np.zeros(nm), calls["status"]]).astype(np.int8),
        body=np.concatenate([msgs["body"], np.full(nc, NO_BODY)]).astype(np.int32),
        tag=np.zeros(nm + nc, dtype=np.int16),
        bodies=bodies,
    )
    return ev.take(np.argsort(ev.ts_ms, kind="stable"))


def make_device(rng: np.random.Generator, platform: str, profile: str, phrasebook=None,
                used_mobiles: set[int] | None = None) -> Device:
    """A benign device: owner, contacts, groups and a period of messages and calls."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    if phrasebook is None:
        from .text import Phrasebook

        phrasebook = Phrasebook.load()
    spec = PROFILES[profile]
    used = used_mobiles if used_mobiles is not None else set()
    slot = int(rng.choice(sorted(set(range(1000)) - used)))
    used.add(slot)
    owner = make_owner(rng, platform, slot)
    lo, hi = spec["contacts"]
    contacts = make_contacts(rng, owner, int(rng.integers(lo, hi + 1)), set(used))  # owners' numbers excluded
    days = spec["days"]
    end = PERIOD_END
    start = end - dt.timedelta(days=days)
    start_ms = int(start.timestamp() * 1000)
    groups = make_groups(rng, owner, contacts, start_ms)
    offsets = utc_offsets_ms(owner.timezone, start, days)
    n_msg = int(spec["messages"] * rng.uniform(1.01, 1.15))
    n_call = int(spec["calls"] * rng.uniform(1.01, 1.15))
    keys = sorted({(lg, False) for lg in contacts.lang} | {(owner.lang, False)}
                  | {(contacts.lang[i], True) for i in np.flatnonzero(contacts.gamer)})
    size = int(np.clip(n_msg // 25, 500, 6000))
    pool = BodyPool(phrasebook, rng, keys, size, pairs=max(200, size // 4))
    msgs = make_messages(rng, owner, contacts, groups, pool, n_msg, start, days, offsets)
    calls = make_calls(rng, owner, contacts, n_call, start, days, offsets)
    events = assemble(msgs, calls, pool.texts)
    events = events.take(np.flatnonzero((events.ts_ms >= start_ms) & (events.ts_ms < int(end.timestamp() * 1000))))
    return Device(owner, contacts, groups, events, start, end, profile)


# --- planted scenario: fixated one-sided escalating contact ------------------------------------


def plant_fixated(rng: np.random.Generator, dev: Device, phrasebook) -> dict:
    """Plant a fixated, escalating, one-sided contact from the owner (the suspect) to a victim.

    The victim is one of the owner's frequent personal contacts (an ex-partner): normal
    two-way conversation until the breakup at 45-60 % of the period, then weekly volume of
    outgoing messages rising geometrically (x1.3-1.45 a week, levelling off at 150-350), a third of it in night bursts
    (00:00-04:00 local, 5-15 messages minutes apart), a few short victim replies at first,
    the victim's refusal ("stop contacting me"), and continued messages and unanswered
    calls after it. The victim blocks the owner on WhatsApp at the refusal, so later
    messages go by SMS. Benign 1:1 events with the victim after the breakup are removed.

    Returns the scenario parameters; planted events carry ``tag`` values ``fixated ...``
    (see ``Events.tags``).
    """
    ev, con, owner = dev.events, dev.contacts, dev.owner
    start_ms = int(dev.start.timestamp() * 1000)
    end_ms = int(dev.end.timestamp() * 1000)
    days = (dev.end - dev.start).days
    offsets = utc_offsets_ms(owner.timezone, dev.start, days)
    personal = [i for i in np.argsort(-con.weight, kind="stable")[:12]
                if " " in con.name[i] and con.e164[i].startswith("+447")]
    victim = int(personal[min(len(personal) - 1, int(rng.integers(0, 4)))])
    breakup_ms = start_ms + int((end_ms - start_ms) * rng.uniform(0.45, 0.6))
    keep = ~((ev.contact == victim) & (ev.group == NO_GROUP) & (ev.ts_ms >= breakup_ms))
    ev = ev.take(np.flatnonzero(keep))
    weeks = max(3, (end_ms - breakup_ms) // (7 * 86_400_000) - 1)
    growth = float(rng.uniform(1.3, 1.45))
    base = float(rng.uniform(3.0, 6.0))
    cap = float(rng.uniform(150.0, 350.0))  # messages a week at most: the rise levels off
    refusal_week = int(min(weeks - 2, rng.integers(2, 4)))
    first_name = con.name[victim].split(" ")[0]
    lang = con.lang[victim]
    tag_names = ["", "fixated message", "fixated night burst", "fixated victim reply", "fixated refusal",
                 "fixated message after refusal", "fixated night burst after refusal", "fixated call",
                 "fixated call after refusal"]
    tags = {name: i for i, name in enumerate(tag_names)}
    new_ts, new_dir, new_app, new_kind, new_tag, new_body, new_dur, new_status = [], [], [], [], [], [], [], []
    texts: list[str] = []
    weekly = []
    refusal_ms = None
    day_w = np.ones(7)
    for w in range(int(weeks)):
        w0 = breakup_ms + w * 7 * 86_400_000
        n = round(min(cap, base * growth**w))
        weekly.append(n)
        after = w > refusal_week
        n_burst_msgs = int(n * 0.33)
        ts = list(draw_times(rng, n - n_burst_msgs, dev.start, days, offsets, day_weight=_week_window(days, start_ms, w0, day_w)))
        night = [False] * len(ts)
        while n_burst_msgs > 0:
            k = int(min(n_burst_msgs, rng.integers(5, 16)))
            hour = int(rng.integers(0, 4))
            d = int(rng.integers(0, 7))
            local0 = w0 + d * 86_400_000
            day_idx = min(max((local0 - start_ms) // 86_400_000, 0), len(offsets) - 1)
            midnight_local = ((local0 + offsets[day_idx]) // 86_400_000) * 86_400_000
            t = midnight_local + hour * 3_600_000 + int(rng.integers(0, 3_600_000)) - int(offsets[day_idx])
            gaps = np.cumsum(rng.lognormal(np.log(70.0), 0.8, k) * 1000).astype(np.int64)
            ts.extend((t + gaps).tolist())
            night.extend([True] * k)
            n_burst_msgs -= k
        for t, is_night in zip(ts, night):
            kind = "escalating" if after and rng.random() < min(0.8, 0.2 + 0.08 * (w - refusal_week)) else "fixated"
            texts.append(phrasebook.scenario(rng, kind, lang, name=first_name))
            new_ts.append(t)
            new_dir.append(OUT)
            new_app.append(SMS if after or con.app[victim] == SMS else int(con.app[victim]))
            new_kind.append(TEXT)
            new_dur.append(0)
            new_status.append(0)
            label = ("fixated night burst" if is_night else "fixated message") + (" after refusal" if after else "")
            new_tag.append(tags[label])
            new_body.append(len(texts) - 1)
        # calls: unanswered outgoing, more after the refusal
        n_calls = int(rng.poisson(n * (0.25 if after else 0.08)))
        for t in draw_times(rng, n_calls, dev.start, days, offsets, day_weight=_week_window(days, start_ms, w0, day_w)):
            new_ts.append(int(t)); new_dir.append(OUT); new_app.append(PHONE); new_kind.append(CALL)
            new_dur.append(0); new_status.append(UNANSWERED); new_body.append(NO_BODY)
            new_tag.append(tags["fixated call after refusal" if after else "fixated call"])
        if w <= refusal_week:
            # a few short replies; the refusal at the end of the refusal week
            replies = int(rng.integers(1, 4)) if w < refusal_week else 0
            wt = sorted(ts)
            for r in range(replies):
                anchor = wt[int(rng.integers(0, len(wt)))]
                texts.append(phrasebook.reply(rng, lang, texts[-1]))
                new_ts.append(anchor + int(rng.lognormal(np.log(600.0), 1.0) * 1000)); new_dir.append(IN)
                new_app.append(SMS if con.app[victim] == SMS else int(con.app[victim])); new_kind.append(TEXT)
                new_dur.append(0); new_status.append(0); new_tag.append(tags["fixated victim reply"]); new_body.append(len(texts) - 1)
            if w == refusal_week:
                refusal_ms = int(max(wt) + rng.integers(600_000, 7_200_000))
                texts.append(phrasebook.scenario(rng, "refusal", lang, name=owner.name.split(" ")[0]))
                new_ts.append(refusal_ms); new_dir.append(IN)
                new_app.append(SMS if con.app[victim] == SMS else int(con.app[victim])); new_kind.append(TEXT)
                new_dur.append(0); new_status.append(0); new_tag.append(tags["fixated refusal"]); new_body.append(len(texts) - 1)
    n = len(new_ts)
    base_body = len(ev.bodies)
    ts = np.array(new_ts, dtype=np.int64)
    inside = (ts >= start_ms) & (ts < end_ms)
    planted = Events(
        ts_ms=ts, direction=np.array(new_dir, np.int8), contact=np.full(n, victim, np.int32),
        group=np.full(n, NO_GROUP, np.int32), app=np.array(new_app, np.int8), kind=np.array(new_kind, np.int8),
        duration_s=np.array(new_dur, np.int32), status=np.array(new_status, np.int8),
        body=np.where(np.array(new_body) >= 0, np.array(new_body) + base_body, NO_BODY).astype(np.int32),
        tag=np.array(new_tag, np.int16), bodies=ev.bodies, tags=tag_names,
    ).take(np.flatnonzero(inside))
    bodies = ev.bodies + texts
    merged = Events(*(np.concatenate([getattr(ev, c), getattr(planted, c)]) for c in Events.COLUMNS),
                    bodies=bodies, tags=tag_names)
    dev.events = merged.take(np.argsort(merged.ts_ms, kind="stable"))
    iso = lambda ms: dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat().replace("+00:00", "Z")
    return {
        "victim_contact": victim,
        "victim_name": con.name[victim],
        "victim_phone": con.e164[victim],
        "victim_phone_stored": con.phone[victim],
        "breakup": iso(breakup_ms),
        "refusal": iso(refusal_ms) if refusal_ms is not None else None,
        "weeks": int(weeks),
        "weekly_messages": weekly,
        "weekly_growth": round(growth, 3),
        "weekly_cap": round(cap, 1),
        "lang": lang,
    }


def _week_window(days: int, start_ms: int, w0: int, _unused) -> np.ndarray:
    """Day weights selecting the 7 days from ``w0`` (for :func:`draw_times`)."""
    d0 = (w0 - start_ms) // 86_400_000
    w = np.zeros(days)
    lo, hi = max(0, d0), min(days, d0 + 7)
    if hi <= lo:
        lo, hi = days - 1, days
    w[lo:hi] = 1.0
    return w


# --- shared helpers for planted scenarios ----------------------------------------------------------


def _iso_ms(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat().replace("+00:00", "Z")


def _personal(con: Contacts, top: int = 12) -> list[int]:
    """Frequent personal contacts (a full name and a UK mobile), most frequent first."""
    return [int(i) for i in np.argsort(-con.weight, kind="stable")[:top]
            if " " in con.name[i] and con.name[i] not in FAMILY and con.e164[i].startswith("+447")
            and con.is_saved(int(i))]


def _append(dev: Device, cols: dict[str, list | np.ndarray], texts: list[str], tag_names: list[str]) -> None:
    """Merge new events into ``dev.events`` (clipped to the period, re-sorted).

    ``cols`` has every :data:`Events.COLUMNS` column; its ``body`` indexes ``texts``
    (:data:`NO_BODY` for calls) and its ``tag`` indexes ``tag_names``, which replace the
    device's tag names (a device carries one scenario).
    """
    ev = dev.events
    start_ms, end_ms = int(dev.start.timestamp() * 1000), int(dev.end.timestamp() * 1000)
    types = {"ts_ms": np.int64, "direction": np.int8, "contact": np.int32, "group": np.int32, "app": np.int8,
             "kind": np.int8, "duration_s": np.int32, "status": np.int8, "body": np.int32, "tag": np.int16}
    new = {c: np.asarray(cols[c], dtype=types[c]) for c in Events.COLUMNS}
    base = len(ev.bodies)
    new["body"] = np.where(new["body"] >= 0, new["body"] + base, NO_BODY).astype(np.int32)
    inside = (new["ts_ms"] >= start_ms) & (new["ts_ms"] < end_ms)
    merged = Events(*(np.concatenate([getattr(ev, c), new[c][inside]]) for c in Events.COLUMNS),
                    bodies=ev.bodies + list(texts), tags=list(tag_names))
    dev.events = merged.take(np.argsort(merged.ts_ms, kind="stable"))


def _period(dev: Device) -> tuple[int, int, int, np.ndarray]:
    start_ms, end_ms = int(dev.start.timestamp() * 1000), int(dev.end.timestamp() * 1000)
    days = (dev.end - dev.start).days
    return start_ms, end_ms, days, utc_offsets_ms(dev.owner.timezone, dev.start, days)


def _free_mobile(rng: np.random.Generator, taken: set[str], used_mobiles: set[int]) -> tuple[str, str]:
    """A 07700 900xxx number nobody in ``taken`` has and no owner holds: (national, e164)."""
    free = [k for k in range(1000) if k not in used_mobiles and _to_e164(_mobile(k)) not in taken]
    k = int(free[int(rng.integers(len(free)))])
    used_mobiles.add(k)
    return _mobile(k), _to_e164(_mobile(k))


def _reciprocal(rng: np.random.Generator, n: int, dev: Device, hours: np.ndarray, mean_turns: float = 8.0,
                switch_p: float = 0.6) -> tuple[np.ndarray, np.ndarray]:
    """``n`` messages of back-and-forth sessions over the period: (UTC ms, direction).

    The speaker changes with ``switch_p``; a change waits a reply delay (lognormal, median
    about a minute), a same-speaker follow-up some seconds; the first speaker is a coin toss.
    """
    _, _, days, offsets = _period(dev)
    turns = _sessions(rng, n, mean_turns)
    s = len(turns)
    t0 = draw_times(rng, s, dev.start, days, offsets, hours=hours)
    sid = np.repeat(np.arange(s), turns)
    first = np.concatenate([[0], np.cumsum(turns)[:-1]])
    switch = rng.random(len(sid)) < switch_p
    switch[first] = False
    first_out = rng.random(s) < 0.5
    csum = np.cumsum(switch)
    parity = csum - csum[first][sid]
    direction = ((parity % 2 == 0) == first_out[sid]).astype(np.int8)
    delay = np.where(switch, rng.lognormal(np.log(60.0), 1.2, len(sid)), rng.lognormal(np.log(15.0), 0.8, len(sid)))
    delay[first] = 0.0
    cum = np.cumsum((delay * 1000).astype(np.int64))
    cum -= cum[first][sid]
    return t0[sid] + cum, direction


def _chat_app(dev: Device, c: int) -> int:
    """The app a 1:1 chat with ``c`` runs on for this device's platform."""
    app = int(dev.contacts.app[c])
    if app == IMESSAGE and dev.owner.platform != "ios":
        return WHATSAPP if dev.contacts.whatsapp[c] else SMS
    return app


# --- planted scenario: the victim's own device of the fixated story --------------------------------


@dataclass
class FixatedStory:
    """The fixated scenario between a suspect and a victim, from the suspect's side.

    ``events`` are every 1:1 event of the suspect's device with the victim (the benign
    history before the breakup, tag 0, and the planted ones), directions as the suspect
    sees them; ``events.bodies`` holds just their texts. ``params`` are the suspect
    device's scenario parameters (:func:`plant_fixated`).
    """

    suspect: Owner
    victim_name: str
    victim_phone: str
    lang: str
    breakup_ms: int
    refusal_ms: int | None
    events: Events
    params: dict


def fixated_story(dev: Device, params: dict) -> FixatedStory:
    """The story of a device planted with :func:`plant_fixated` (call right after it)."""
    ev, v = dev.events, int(params["victim_contact"])
    idx = np.flatnonzero((ev.contact == v) & (ev.group == NO_GROUP))
    sub = ev.take(idx)
    used = np.unique(sub.body[sub.body >= 0])
    remap = np.full(len(ev.bodies), NO_BODY, dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    sub.body = np.where(sub.body >= 0, remap[np.maximum(sub.body, 0)], NO_BODY).astype(np.int32)
    sub.bodies = [ev.bodies[int(b)] for b in used]
    ms = lambda iso: int(dt.datetime.fromisoformat(iso).timestamp() * 1000)
    return FixatedStory(dev.owner, params["victim_name"], params["victim_phone"], params["lang"], ms(params["breakup"]),
                        ms(params["refusal"]) if params["refusal"] else None, sub, params)


def stub_suspect(rng: np.random.Generator, victim: Owner, start: dt.datetime, end: dt.datetime, profile: str,
                 used_mobiles: set[int]) -> Device:
    """A suspect with no traffic of their own whose only contact is ``victim`` (for an
    unpaired ``fixated_victim`` device: :func:`plant_fixated` on it gives the story)."""
    slot = int(rng.choice(sorted(set(range(1000)) - used_mobiles - {int(victim.phone[-3:])})))
    used_mobiles.add(slot)
    owner = make_owner(rng, "android", slot)
    national = "0" + victim.phone[3:]
    national = f"{national[:5]} {national[5:8]}{national[8:]}"
    con = Contacts([victim.name], [national], [victim.phone], [""], np.ones(1), np.array([WHATSAPP], np.int8),
                   np.array([True]), np.array([False]), [victim.lang], np.array([False]))
    empty = Events(*(np.zeros(0, dtype=d) for d in (np.int64, np.int8, np.int32, np.int32, np.int8, np.int8,
                                                     np.int32, np.int8, np.int32, np.int16)), bodies=[])
    return Device(owner, con, [], empty, start, end, profile)


#: Suspect-side tag -> the victim device's tag for the same event.
VICTIM_TAGS = {
    "fixated message": "fixated_victim message",
    "fixated night burst": "fixated_victim night burst",
    "fixated call": "fixated_victim missed call",
    "fixated victim reply": "fixated_victim reply",
    "fixated refusal": "fixated_victim refusal",
    "fixated message after refusal": "fixated_victim message after refusal",
    "fixated night burst after refusal": "fixated_victim night burst after refusal",
    "fixated call after refusal": "fixated_victim missed call after refusal",
}
NEW_NUMBER_TAGS = ("fixated_victim new number message", "fixated_victim new number night burst",
                   "fixated_victim new number missed call")


def _mirror_status(direction: np.ndarray, status: np.ndarray) -> np.ndarray:
    """Call status as the other party logs it (direction is the *original* side's)."""
    out = status.copy()
    sent = direction == OUT
    out[sent & (status == UNANSWERED)] = MISSED
    out[~sent & ((status == MISSED) | (status == REJECTED))] = UNANSWERED
    return out


def plant_fixated_victim(rng: np.random.Generator, dev: Device, story: FixatedStory, phrasebook,
                         used_mobiles: set[int], paired: bool) -> dict:
    """Turn ``dev`` into the victim's phone of ``story``, the fixated story seen from the receiving side.

    The owner becomes the story's victim (name and number); one of the owner's frequent
    personal contacts becomes the suspect (name and number of ``story.suspect``). Every
    story event the victim's phone received is mirrored at the same instant: the suspect's
    messages arrive (direction in), their unanswered calls are missed calls, the victim's
    replies and refusal are sent. ``paired`` (the suspect's device is in the same queue):
    the whole 1:1 history with the suspect is the mirrored story, else only the owner's own
    traffic with that contact after the breakup is dropped.

    The victim blocks the suspect's number 2-8 days after the refusal (later messages and
    calls from it are not delivered, so they are not on this phone); 12-72 h later contact
    resumes from a new number (``new_identity`` texts at first, then the old themes, night
    bursts, missed calls) that is not in the address book, at 30-60 % of the suspect's last
    weekly rate, until the end of the period.
    """
    con = dev.contacts
    start_ms, end_ms, days, offsets = _period(dev)
    v_name, v_phone = story.victim_name, story.victim_phone
    if dev.owner.phone != v_phone or dev.owner.name != v_name:
        first, last = v_name.split(" ", 1)
        dev.owner = Owner(v_name, v_phone, dev.owner.platform, dev.owner.timezone, dev.owner.lang,
                          f"{_ascii(first).lower()}.{_ascii(last).lower()}{rng.integers(10, 99)}@example.com")
    if v_phone.startswith("+447700900"):
        used_mobiles.add(int(v_phone[-3:]))  # no later owner in the queue gets the victim's number
    personal = _personal(con)
    s = personal[min(len(personal) - 1, int(rng.integers(0, 4)))]
    sus_phone = story.suspect.phone
    national = "0" + sus_phone[3:]
    national = f"{national[:5]} {national[5:8]}{national[8:]}"
    # numbers on this phone stay unique: move anyone else holding the victim's or suspect's number
    taken = set(con.e164) | {v_phone, sus_phone}
    for c in range(len(con)):
        if c != s and con.e164[c] in (v_phone, sus_phone):
            nat, e164 = _free_mobile(rng, taken, used_mobiles)
            con.phone[c], con.e164[c] = nat, e164
            taken.add(e164)
    con.name[s], con.phone[s], con.e164[s], con.lang[s] = story.suspect.name, national, sus_phone, story.lang
    con.email[s] = ""
    sev = story.events
    has_wa = bool((sev.app == WHATSAPP).any())
    con.whatsapp[s] = bool(con.whatsapp[s]) or has_wa
    if dev.owner.platform != "ios":
        con.imessage[s] = False
    # drop the owner's own 1:1 traffic with that contact (all of it when the story brings its history)
    ev = dev.events
    mine = (ev.contact == s) & (ev.group == NO_GROUP)
    drop = mine if paired else mine & (ev.ts_ms >= story.breakup_ms)
    drop |= (ev.contact == s) & (ev.group != NO_GROUP) & (ev.ts_ms >= story.breakup_ms)  # silent in groups since
    dev.events = ev.take(np.flatnonzero(~drop))
    # when the victim blocks the first number
    last_story = int(sev.ts_ms.max()) if len(sev) else story.breakup_ms
    refusal = story.refusal_ms if story.refusal_ms is not None else last_story
    block_ms = int(refusal + rng.uniform(2, 8) * 86_400_000)
    block_ms = int(min(block_ms, end_ms - 10 * 86_400_000))
    new_start = int(block_ms + rng.uniform(12, 72) * 3_600_000)
    # mirrored story
    delivered = sev.ts_ms < block_ms
    m = sev.take(np.flatnonzero(delivered))
    src_tag = [sev.tags[int(t)] if len(sev.tags) > int(t) else "" for t in m.tag]
    extra = sorted({t for t in src_tag if t and t not in VICTIM_TAGS})  # e.g. threat kinds
    tag_names = [""] + list(VICTIM_TAGS.values()) + list(NEW_NUMBER_TAGS) + [f"fixated_victim {t}" for t in extra]
    tix = {t: i for i, t in enumerate(tag_names)}
    app = m.app.copy()
    if dev.owner.platform != "ios" or not con.imessage[s]:
        app[app == IMESSAGE] = SMS
    texts = list(m.bodies)
    cols = {
        "ts_ms": m.ts_ms, "direction": np.where(m.direction == OUT, IN, OUT), "contact": np.full(len(m), s),
        "group": np.full(len(m), NO_GROUP), "app": app, "kind": m.kind, "duration_s": m.duration_s,
        "status": _mirror_status(m.direction, m.status), "body": m.body,
        "tag": np.array([tix[VICTIM_TAGS.get(t, f"fixated_victim {t}")] if t else 0 for t in src_tag], dtype=np.int16),
    }
    # the new number
    nat_new, e164_new = _free_mobile(rng, set(con.e164) | {v_phone, sus_phone}, used_mobiles)
    n_idx = con.add("", nat_new, e164_new, story.lang, SMS, saved=False)
    weekly = story.params.get("weekly_messages") or [20]
    rate = float(weekly[-1]) * float(rng.uniform(0.3, 0.6))
    first_name = v_name.split(" ")[0]
    new_ts, new_tag, new_kind, new_body = [], [], [], []
    w0 = new_start
    n_week = 0
    while w0 < end_ms:
        n = max(3, int(rng.poisson(rate)))
        n_burst = int(n * 0.3)
        day_w = _week_window(days, start_ms, w0, None)
        ts = draw_times(rng, n - n_burst, dev.start, days, offsets, day_weight=day_w).tolist()
        tags = ["fixated_victim new number message"] * len(ts)
        while n_burst > 0:
            k = int(min(n_burst, rng.integers(4, 12)))
            d = min(max((w0 - start_ms) // 86_400_000 + int(rng.integers(0, 7)), 0), len(offsets) - 1)
            midnight = ((start_ms + d * 86_400_000 + offsets[d]) // 86_400_000) * 86_400_000 - int(offsets[d])
            t = midnight + int(rng.integers(0, 4)) * 3_600_000 + int(rng.integers(0, 3_600_000))
            ts.extend((t + np.cumsum(rng.lognormal(np.log(70.0), 0.8, k) * 1000).astype(np.int64)).tolist())
            tags.extend(["fixated_victim new number night burst"] * k)
            n_burst -= k
        order = np.argsort(ts, kind="stable")
        for j, o in enumerate(order):
            t = int(ts[o])
            if t < new_start:
                continue
            kind = "new_identity" if (n_week == 0 and j < 3) or rng.random() < 0.3 else (
                "escalating" if rng.random() < 0.5 else "fixated")
            texts.append(phrasebook.scenario(rng, kind, story.lang, name=first_name))
            new_ts.append(t); new_tag.append(tix[tags[o]]); new_kind.append(TEXT); new_body.append(len(texts) - 1)
        for t in draw_times(rng, int(rng.poisson(n * 0.15)), dev.start, days, offsets, day_weight=day_w):
            if t >= new_start:
                new_ts.append(int(t)); new_tag.append(tix["fixated_victim new number missed call"])
                new_kind.append(CALL); new_body.append(NO_BODY)
        w0 += 7 * 86_400_000
        n_week += 1
    k = len(new_ts)
    new_kind_a = np.array(new_kind, dtype=np.int8)
    for c, vals in (("ts_ms", new_ts), ("direction", np.full(k, IN)), ("contact", np.full(k, n_idx)),
                    ("group", np.full(k, NO_GROUP)), ("app", np.where(new_kind_a == CALL, PHONE, SMS)),
                    ("kind", new_kind_a), ("duration_s", np.zeros(k)), ("status", np.where(new_kind_a == CALL, MISSED, 0)),
                    ("body", new_body), ("tag", new_tag)):
        cols[c] = np.concatenate([np.asarray(cols[c]), np.asarray(vals, dtype=np.asarray(cols[c]).dtype)])
    _append(dev, cols, texts, tag_names)
    ev = dev.events
    first_new = ev.ts_ms[(ev.contact == n_idx)]
    return {
        "victim_name": v_name,
        "victim_phone": v_phone,
        "victim_phone_stored": "0" + v_phone[3:],
        "suspect_name": story.suspect.name,
        "suspect_phone": sus_phone,
        "suspect_contact": s,
        "suspect_phone_stored": national,
        "new_number": e164_new,
        "new_number_stored": nat_new,
        "new_number_contact": n_idx,
        "breakup": _iso_ms(story.breakup_ms),
        "refusal": _iso_ms(story.refusal_ms) if story.refusal_ms is not None else None,
        "blocked": _iso_ms(block_ms),
        "new_number_first_contact": _iso_ms(int(first_new.min())) if len(first_new) else None,
        "new_number_messages": int(((ev.contact == n_idx) & (ev.kind == TEXT)).sum()),
        "new_number_calls": int(((ev.contact == n_idx) & (ev.kind == CALL)).sum()),
        "paired": paired,
        "lang": story.lang,
    }


# --- benign look-alikes ------------------------------------------------------------------------

#: A couple's hours: the everyday rhythm with the late evening and small hours raised.
COUPLE_HOURS = HOUR_PROFILE * np.array([6.0, 8.0, 8.0, 6.0, 2.0, 1, 1, 1.2, 1, 1, 1, 1,
                                        1.2, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.5, 2.5, 3.5])
#: Gaming sessions: evenings and late nights.
GAMING_HOURS = HOUR_PROFILE * np.array([3.0, 2.0, 1.0, 0.5, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5,
                                        0.7, 0.7, 0.8, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 3.2, 3.2, 3.0])


def _benign_params(con: Contacts, c: int, role: str, dev: Device, ts: np.ndarray, direction: np.ndarray) -> dict:
    offsets = _period(dev)[3]
    hours = local_hour(ts, dev.start, offsets)
    return {
        "person_contact": int(c),
        "person_name": con.name[c],
        "person_phone": con.e164[c],
        "person_phone_stored": con.phone[c],
        "person_role": role,
        "out_share": round(float(direction.mean()), 3) if len(direction) else None,
        "night_share": round(float(np.isin(hours, [0, 1, 2, 3, 4]).mean()), 3) if len(ts) else None,
        "lang": con.lang[c],
    }


def plant_couple(rng: np.random.Generator, dev: Device, phrasebook) -> dict:
    """Benign look-alike of ``fixated``: the owner and their partner text heavily, both ways.

    The partner is the owner's most frequent personal contact. 10-18 % of the device's
    1:1 messages (at least 400) are added as back-and-forth sessions over the whole period,
    day and night (:data:`COUPLE_HOURS`: the small hours several times the usual share, so
    there are night bursts), plus long answered calls in both directions. Reciprocal: no
    refusal, no one-sided stretch. Tags ``couple message`` / ``couple night message`` /
    ``couple call``.
    """
    con, ev = dev.contacts, dev.events
    _, _, days, offsets = _period(dev)
    partner = _personal(con)[0]
    n_one = int(((ev.kind == TEXT) & (ev.group == NO_GROUP)).sum())
    n = max(400, int(n_one * rng.uniform(0.10, 0.18)))
    ts, direction = _reciprocal(rng, n, dev, COUPLE_HOURS, mean_turns=8.0, switch_p=0.65)
    lang = con.lang[partner]
    texts = phrasebook.everyday(rng, lang, n)
    night = np.isin(local_hour(ts, dev.start, offsets), [0, 1, 2, 3, 4])
    n_calls = max(20, n // 15)
    cts = draw_times(rng, n_calls, dev.start, days, offsets, hours=COUPLE_HOURS)
    cdir = (rng.random(n_calls) < 0.5).astype(np.int8)
    u = rng.random(n_calls)
    cstat = np.where(cdir == OUT, np.where(u < 0.9, ANSWERED, UNANSWERED), np.where(u < 0.85, ANSWERED, MISSED))
    cdur = np.where(cstat == ANSWERED, np.minimum(rng.lognormal(np.log(480.0), 1.0, n_calls), 3 * 3600), 0)
    capp = np.where(con.whatsapp[partner] & (rng.random(n_calls) < 0.3), WHATSAPP, PHONE)
    tag_names = ["", "couple message", "couple night message", "couple call"]
    cols = {
        "ts_ms": np.concatenate([ts, cts]), "direction": np.concatenate([direction, cdir]),
        "contact": np.full(n + n_calls, partner), "group": np.full(n + n_calls, NO_GROUP),
        "app": np.concatenate([np.full(n, _chat_app(dev, partner)), capp]),
        "kind": np.concatenate([np.full(n, TEXT), np.full(n_calls, CALL)]),
        "duration_s": np.concatenate([np.zeros(n), cdur]), "status": np.concatenate([np.zeros(n), cstat]),
        "body": np.concatenate([np.arange(n), np.full(n_calls, NO_BODY)]),
        "tag": np.concatenate([np.where(night, 2, 1), np.full(n_calls, 3)]),
    }
    _append(dev, cols, texts, tag_names)
    ev = dev.events
    sel = (ev.tag > 0) & (ev.kind == TEXT)
    params = _benign_params(con, partner, "partner", dev, ev.ts_ms[sel], ev.direction[sel])
    params.update(messages=int(sel.sum()), calls=int(((ev.tag > 0) & (ev.kind == CALL)).sum()))
    return params


def plant_gaming(rng: np.random.Generator, dev: Device, phrasebook) -> dict:
    """Benign look-alike of threats: friends trading gaming trash talk, both ways.

    A frequent personal contact (not the top one) becomes a gaming friend; 5-9 % of the
    device's 1:1 messages (at least 250) are added as evening and late-night back-and-forth
    (:data:`GAMING_HOURS`) drawn with ``everyday(..., gaming=True)``: about a third trash
    talk ("you're dead", "I'll end you"), a few violent idioms, the rest chat. Tags
    ``gaming trash talk`` / ``gaming idiom`` / ``gaming chat`` by the phrasebook's category.
    """
    from .text import GAMING, IDIOM

    con, ev = dev.contacts, dev.events
    personal = _personal(con, top=20)
    friend = personal[min(len(personal) - 1, int(rng.integers(1, 6)))]
    con.gamer[friend] = True
    n_one = int(((ev.kind == TEXT) & (ev.group == NO_GROUP)).sum())
    n = max(250, int(n_one * rng.uniform(0.05, 0.09)))
    ts, direction = _reciprocal(rng, n, dev, GAMING_HOURS, mean_turns=12.0, switch_p=0.7)
    lang = con.lang[friend]
    texts, cat = phrasebook.everyday_labelled(rng, lang, n, gaming=True)
    tag = np.where(cat == GAMING, 1, np.where(cat == IDIOM, 2, 3))
    tag_names = ["", "gaming trash talk", "gaming idiom", "gaming chat"]
    cols = {
        "ts_ms": ts, "direction": direction, "contact": np.full(n, friend), "group": np.full(n, NO_GROUP),
        "app": np.full(n, _chat_app(dev, friend)), "kind": np.full(n, TEXT), "duration_s": np.zeros(n),
        "status": np.zeros(n), "body": np.arange(n), "tag": tag,
    }
    _append(dev, cols, texts, tag_names)
    ev = dev.events
    sel = ev.tag > 0
    params = _benign_params(con, friend, "gaming friend", dev, ev.ts_ms[sel], ev.direction[sel])
    params.update(messages=int(sel.sum()), trash_talk=int((ev.tag == 1).sum()), idioms=int((ev.tag == 2).sum()))
    return params


# --- planted scenario: fixated contact with threats of several kinds --------------------------------

#: The threat kinds :func:`plant_threats` sends (``Phrasebook.scenario`` kinds).
THREAT_KINDS = ("threat_direct", "threat_conditional", "threat_veiled", "surveillance", "image_abuse",
                "self_harm_leverage", "possessive")


def plant_threats(rng: np.random.Generator, dev: Device, phrasebook) -> dict:
    """:func:`plant_fixated`, plus 1-4 messages of every :data:`THREAT_KINDS` kind to the victim.

    Threats fall after the breakup, most (75 %) after the refusal, a quarter of them in
    the small hours (00:00-04:00 local); possessive and self-harm-leverage ones lean early,
    direct and image-abuse ones late. They go by the same app as the fixated messages of
    the moment (SMS once the victim has blocked WhatsApp). Each planted row's tag is its
    kind; ``params["threats"]`` counts them per kind.
    """
    params = plant_fixated(rng, dev, phrasebook)
    con, ev = dev.contacts, dev.events
    start_ms, end_ms, _, offsets = _period(dev)
    victim = int(params["victim_contact"])
    ms = lambda iso: int(dt.datetime.fromisoformat(iso).timestamp() * 1000)
    breakup = ms(params["breakup"])
    refusal = ms(params["refusal"]) if params["refusal"] else breakup
    first_name = con.name[victim].split(" ")[0]
    lang = con.lang[victim]
    early = {"possessive": 0.2, "self_harm_leverage": 0.35, "surveillance": 0.5, "threat_veiled": 0.6,
             "threat_conditional": 0.7, "threat_direct": 0.85, "image_abuse": 0.8}
    tag_names = list(ev.tags) + list(THREAT_KINDS)
    ts, tags, texts, apps = [], [], [], []
    counts = {}
    for j, kind in enumerate(THREAT_KINDS):
        n = int(rng.integers(1, 5))
        counts[kind] = n
        for _ in range(n):
            if rng.random() < 0.75:  # after the refusal, later for the harsher kinds
                frac = float(np.clip(rng.normal(early[kind], 0.2), 0.02, 0.98))
                t = refusal + int(frac * (end_ms - refusal))
            else:
                t = breakup + int(rng.uniform(0.05, 1.0) * max(1, refusal - breakup))
            if rng.random() < 0.25:  # move into the small hours of that day
                d = min(max((t - start_ms) // 86_400_000, 0), len(offsets) - 1)
                midnight = ((t + offsets[d]) // 86_400_000) * 86_400_000 - int(offsets[d])
                t = midnight + int(rng.integers(0, 4 * 3_600_000))
            t = int(min(max(t, breakup + 60_000), end_ms - 60_000))
            ts.append(t)
            tags.append(len(ev.tags) + j)
            texts.append(phrasebook.scenario(rng, kind, lang, name=first_name))
            apps.append(SMS if t > refusal or con.app[victim] == SMS else int(_chat_app(dev, victim)))
    n = len(ts)
    cols = {"ts_ms": ts, "direction": np.full(n, OUT), "contact": np.full(n, victim), "group": np.full(n, NO_GROUP),
            "app": apps, "kind": np.full(n, TEXT), "duration_s": np.zeros(n), "status": np.zeros(n),
            "body": np.arange(n), "tag": tags}
    _append(dev, cols, texts, tag_names)
    params["threats"] = {k: int((np.array(dev.events.tags)[dev.events.tag] == k).sum()) for k in THREAT_KINDS}
    return params
