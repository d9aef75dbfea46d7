"""The stalking story beyond messages: the victim's places, the order, the suspect's
visits, the tracking apps and the victim's details on the suspect's phone.

:func:`victim_world` draws, for one fixated story, where the victim lives and works, her
move to a new address (and a new number) after she refused contact, when the suspect
learnt the new details, and the bail conditions that followed her report. Everything is
in the same city as the suspect. :func:`stalker_visits` turns that world into planted
:class:`~devtriage.synth.places.Visit` objects on the suspect's location track:

* weekly visits rising after the breakup (0.4 a week growing x1.35 a week, at most 4.5),
  with at least one week of three or more visits (the S-DASH threshold) once he knows
  the new address;
* kinds: ``night loiter`` near her home (start 21:30-02:30 local, 15-90 min),
  ``evening wait`` near her home (17:00-21:00, 5-40 min), ``drive-by`` (08:00-23:00,
  60-150 s) and ``wait outside work`` (weekdays 08:00-09:00 or 16:45-17:45, 5-25 min);
  each parked 15-80 m from the address;
* before she moved: her old home and work; between the move and the day he learnt the
  new address a few wasted trips to the old home; after it, the new home and her work.

:func:`knowledge` lists what the suspect's phone holds about her once he learnt her new
details: a contact with the new number under a nickname (and, on Android, the new
address in it), a note, web and map searches in the forms people type (abbreviated
street names, lower case, postcode alone), and directions before some visits.

Stalkerware and tracker package names are facts from public indicator lists:
:data:`STALKERWARE` from AssoEchap ``stalkerware-indicators`` ``ioc.yaml`` and
:data:`TRACKERS` from ISDI ``app-flags.csv`` (flag ``dual-use``); both files are in
``../shared/data/indicators``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

import numpy as np

from .places import Visit, distance_m, offset

_DAY_MS = 86_400_000
_HOUR_MS = 3_600_000

#: Postcode districts (outward codes) of residential areas per city.
CITY_DISTRICTS = {
    "Leeds": ("LS6", "LS7", "LS8", "LS11", "LS12", "LS17"),
    "Manchester": ("M8", "M14", "M16", "M20", "M21"),
    "Birmingham": ("B13", "B17", "B29", "B30", "B44"),
    "Bristol": ("BS3", "BS5", "BS6", "BS7", "BS16"),
    "Sheffield": ("S2", "S6", "S7", "S10", "S11"),
    "Nottingham": ("NG2", "NG3", "NG5", "NG7", "NG9"),
}
STREETS = ("Beech Grove", "Victoria Road", "Church Lane", "Station Road", "Park Avenue", "Mill Street",
           "Highfield Road", "Oak Tree Close", "Albert Terrace", "Kingsway", "Elm Crescent", "Manor Drive",
           "Queen Street", "Hawthorn Way", "Springfield Gardens", "Grange Avenue", "Richmond Walk", "Cedar Court",
           "Moorland Road", "Chestnut Drive", "Willow Lane", "Stanley Road", "Clarendon Street", "Ashfield Crescent")
#: Street-type abbreviations people type.
ABBREVIATIONS = {"Road": "Rd", "Avenue": "Ave", "Street": "St", "Grove": "Gr", "Lane": "Ln", "Crescent": "Cres",
                 "Drive": "Dr", "Close": "Cl", "Terrace": "Terr", "Gardens": "Gdns", "Way": "Wy", "Walk": "Wlk",
                 "Court": "Ct"}
WORKPLACES = ("Asda", "St James's Hospital", "the library", "Greggs", "the council offices", "Boots", "the call centre",
              "the dental practice", "Tesco Extra", "the university")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

#: Stalkerware (package, product): AssoEchap stalkerware-indicators ``ioc.yaml``.
STALKERWARE = (("com.systemservice", "TheTruthSpy"), ("com.mspy.lite", "mSpy"),
               ("com.vvt.android.syncmanager", "FlexiSpy"), ("com.android.core.monitor.debug", "Hoverwatch"))
#: Location-sharing / tracker apps (package, product): ISDI ``app-flags.csv``, flag ``dual-use``.
TRACKERS = (("com.life360.android.safetymapd", "Life360"), ("com.geozilla.family", "GeoZilla"),
            ("com.glympse.android.glympse", "Glympse"))
#: The same trackers' iOS bundle ids (ISDI ``app-flags.csv``, store ``appstore``).
TRACKERS_IOS = {"com.life360.android.safetymapd": "com.life360.safetymap", "com.geozilla.family": "com.carrotrocket.geozilla",
                "com.glympse.android.glympse": "com.glympse.iphone.glympse"}
#: A family locator a parent uses (ISDI ``app-flags.csv``, dual-use).
FAMILY_LOCATOR = ("com.life360.android.safetymapd", "Life360")


@dataclass(frozen=True)
class Address:
    """A UK street address with the point it geocodes to."""

    number: str
    street: str
    city: str
    postcode: str
    lat: float
    lon: float

    def text(self) -> str:
        return f"{self.number} {self.street}, {self.city} {self.postcode}"

    def typed(self, rng: np.random.Generator) -> str:
        """The address as someone types it: abbreviated, lower case, postcode or city dropped."""
        number = self.number
        if number.startswith("Flat ") and rng.random() < 0.7:
            number = number.split(", ", 1)[1]
        street = self.street
        kind = street.rsplit(" ", 1)[-1]
        if rng.random() < 0.6 and kind in ABBREVIATIONS:
            street = street[: -len(kind)] + ABBREVIATIONS[kind]
        tail = (self.postcode, self.city, self.postcode.split(" ")[0], f"{self.city} {self.postcode}")[int(rng.integers(4))]
        text = f"{number} {street} {tail}"
        return text.lower() if rng.random() < 0.5 else text


def address(rng: np.random.Generator, city: str, lat: float, lon: float, flat: bool = False) -> Address:
    """A plausible address in ``city`` at (lat, lon)."""
    number = str(int(rng.integers(1, 140)))
    if flat:
        number = f"Flat {int(rng.integers(1, 9))}, {number}"
    district = CITY_DISTRICTS[city][int(rng.integers(len(CITY_DISTRICTS[city])))]
    inward = f"{int(rng.integers(1, 10))}{''.join(rng.choice(list(_INWARD_LETTERS), 2))}"
    return Address(number, STREETS[int(rng.integers(len(STREETS)))], city, f"{district} {inward}", round(lat, 6), round(lon, 6))


@dataclass(frozen=True)
class VictimWorld:
    """The victim's places and the order, shared by the suspect's and the victim's devices."""

    city: str
    home: Address
    work: Address
    workplace: str
    new_home: Address
    moved_ms: int
    """When she moved to :attr:`new_home` (and took a new number)."""
    new_phone: str
    """Her new number, E.164."""
    new_phone_stored: str
    """Her new number as the suspect typed it (national form)."""
    learned_ms: int
    """When the suspect had her new address and number."""
    order_kind: str
    order_start_ms: int
    order_end_ms: int

    def places(self) -> list[tuple[str, Address]]:
        """The case file's places, in a fixed order."""
        return [("victim home", self.home), ("victim work", self.work), ("victim new home", self.new_home)]

    def to_params(self) -> dict:
        d = asdict(self)
        for k in ("home", "work", "new_home"):
            d[k]["text"] = getattr(self, k).text()
        for k in ("moved_ms", "learned_ms", "order_start_ms", "order_end_ms"):
            d[k[:-3]] = _iso(d.pop(k))
        return d

    @classmethod
    def from_params(cls, d: dict) -> VictimWorld:
        addr = lambda a: Address(**{k: v for k, v in a.items() if k != "text"})
        ms = lambda s: int(dt.datetime.fromisoformat(s).timestamp() * 1000)
        return cls(d["city"], addr(d["home"]), addr(d["work"]), d["workplace"], addr(d["new_home"]), ms(d["moved"]),
                   d["new_phone"], d["new_phone_stored"], ms(d["learned"]), d["order_kind"], ms(d["order_start"]),
                   ms(d["order_end"]))


def _iso(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat().replace("+00:00", "Z")


def victim_world(rng: np.random.Generator, city: str, centre: tuple[float, float], suspect_home: tuple[float, float],
                 breakup_ms: int, refusal_ms: int | None, end_ms: int, new_phone: tuple[str, str]) -> VictimWorld:
    """Draw the victim's world (see the module docstring). ``new_phone`` is (E.164, national)."""
    refusal = refusal_ms if refusal_ms is not None else breakup_ms + 14 * _DAY_MS
    while True:  # her home 1.5-5 km from his
        h = offset(*suspect_home, float(rng.uniform(1500, 5000)), float(rng.uniform(0, 2 * np.pi)))
        if distance_m(*h, *centre) < 9000:
            break
    w = offset(*centre, float(rng.uniform(300, 3000)), float(rng.uniform(0, 2 * np.pi)))
    while True:  # the new home: across the city from the old one
        n = offset(*centre, float(rng.uniform(2000, 7000)), float(rng.uniform(0, 2 * np.pi)))
        if distance_m(*n, *h) > 2500 and distance_m(*n, *suspect_home) > 1500:
            break
    moved = int(min(refusal + rng.uniform(7, 21) * _DAY_MS, end_ms - 21 * _DAY_MS))
    learned = int(min(moved + rng.uniform(3, 14) * _DAY_MS, end_ms - 12 * _DAY_MS))
    order_start = int(min(refusal + rng.uniform(3, 10) * _DAY_MS, moved - _DAY_MS)) // 60_000 * 60_000  # a minute
    return VictimWorld(city, address(rng, city, *h), address(rng, city, *w), WORKPLACES[int(rng.integers(len(WORKPLACES)))],
                       address(rng, city, *n, flat=True), moved, new_phone[0], new_phone[1], learned, "bail",
                       order_start, order_start + int(rng.integers(60, 121)) * _DAY_MS)


@dataclass(frozen=True)
class PlannedVisit:
    visit: Visit
    place: str
    """The case place label it is near."""
    kind: str
    in_order: bool


#: kind -> (local start-hour windows as (from, to) hours, dwell range in seconds)
_KINDS = {
    "night loiter": (((21.5, 26.5),), (15 * 60, 90 * 60)),
    "evening wait": (((17.0, 21.0),), (5 * 60, 40 * 60)),
    "drive-by": (((8.0, 23.0),), (60, 150)),
    "wait outside work": (((8.0, 9.0), (16.75, 17.75)), (5 * 60, 25 * 60)),
}


def _local_to_utc_ms(tz: ZoneInfo, day: dt.date, hours: float) -> int:
    # aware + timedelta is wall-clock arithmetic in zoneinfo: 25.5 h is 01:30 local the next day
    local = dt.datetime.combine(day, dt.time(), tzinfo=tz) + dt.timedelta(hours=hours)
    return int(local.timestamp() * 1000)


def stalker_visits(rng: np.random.Generator, world: VictimWorld, tz_name: str, breakup_ms: int, end_ms: int) -> list[PlannedVisit]:
    """Plant the suspect's visits near the victim's places (see the module docstring), in time order."""
    tz = ZoneInfo(tz_name)
    out: list[PlannedVisit] = []
    w0 = breakup_ms + 7 * _DAY_MS
    week = 0
    forced = False
    while w0 < end_ms - _DAY_MS:
        n = int(rng.poisson(min(4.5, 0.4 * 1.35**week)))
        if not forced and w0 >= world.learned_ms:
            n, forced = max(n, 3), True
        days = sorted(rng.choice(7, size=min(n, 7), replace=False).tolist())
        for d in days:
            t_day = w0 + d * _DAY_MS
            if t_day >= end_ms - _HOUR_MS * 6:
                continue
            if t_day < world.moved_ms:
                place = "victim work" if rng.random() < 0.2 else "victim home"
            elif t_day < world.learned_ms:
                if rng.random() < 0.6:
                    continue  # he no longer knows where she is
                place = "victim home"
            else:
                place = "victim work" if rng.random() < 0.2 else "victim new home"
            day = dt.datetime.fromtimestamp(t_day / 1000, tz).date()
            if place == "victim work":
                while day.weekday() >= 5:
                    day -= dt.timedelta(days=1)
                kind = "wait outside work"
            else:
                kind = str(rng.choice(["night loiter", "evening wait", "drive-by"], p=[0.5, 0.3, 0.2]))
            windows, (d0, d1) = _KINDS[kind]
            lo, hi = windows[int(rng.integers(len(windows)))]
            start = _local_to_utc_ms(tz, day, float(rng.uniform(lo, hi)))
            dwell = float(rng.uniform(d0, d1))
            if start + dwell * 1000 >= end_ms:
                continue
            a = {"victim home": world.home, "victim work": world.work, "victim new home": world.new_home}[place]
            lat, lon = offset(a.lat, a.lon, float(rng.uniform(15, 80)), float(rng.uniform(0, 2 * np.pi)))
            when = dt.datetime.fromtimestamp(start / 1000, dt.UTC)
            in_order = world.order_start_ms <= start < world.order_end_ms
            out.append(PlannedVisit(Visit(lat, lon, when, round(dwell), label=f"{kind} ({place})"), place, kind, in_order))
        w0 += 7 * _DAY_MS
        week += 1
    out.sort(key=lambda p: p.visit.start)
    kept: list[PlannedVisit] = []
    for p in out:  # no overlaps (two trips on one evening are planned as one)
        if kept and p.visit.start < kept[-1].visit.start + dt.timedelta(seconds=kept[-1].visit.dwell_s + 3600):
            continue
        kept.append(p)
    return kept


def tracker_checks(rng: np.random.Generator, visits: list[PlannedVisit]) -> list[tuple[int, int]]:
    """The suspect opening the tracker app before his visits: 1-3 sessions of 1-5 min in
    the 90 minutes before each visit, as (start_ms, end_ms), in time order, not overlapping."""
    out: list[tuple[int, int]] = []
    for v in visits:
        t0 = int(v.visit.start.timestamp() * 1000)
        for _ in range(int(rng.integers(1, 4))):
            s = t0 - int(rng.uniform(5, 90) * 60_000)
            out.append((s, s + int(rng.uniform(60, 300) * 1000)))
    out.sort()
    kept: list[tuple[int, int]] = []
    for s, e in out:
        if not kept or s > kept[-1][1] + 1000:
            kept.append((s, e))
    return kept


@dataclass(frozen=True)
class Knowledge:
    """One item on the suspect's phone that holds or looks for the victim's details."""

    kind: str
    """``contact``, ``note``, ``search`` (web search), ``maps`` (map search) or ``directions``."""
    ts_ms: int
    text: str
    what: str
    """What it holds: ``new number``, ``new address``, ``postcode``, ``workplace``, ``name``."""


_NICKNAMES = ("{first} new", "{initial}", "{first} 2", "{first}x", "\u2764\ufe0f", "{initial}.")


def knowledge(rng: np.random.Generator, world: VictimWorld, victim_name: str, breakup_ms: int,
              visits: list[PlannedVisit]) -> list[Knowledge]:
    """What the suspect's phone holds about the victim (see the module docstring), in time order."""
    first = victim_name.split(" ")[0]
    nick = _NICKNAMES[int(rng.integers(len(_NICKNAMES)))].format(first=first, initial=first[0])
    learned = world.learned_ms
    new = world.new_home
    items = [
        Knowledge("search", breakup_ms + int(rng.uniform(3, 10) * _DAY_MS), f"{victim_name.lower()} {world.workplace.replace('the ', '')} {world.city.lower()}",
                  "name"),
        Knowledge("contact", learned + int(rng.uniform(0.2, 3) * _HOUR_MS), nick, "new number"),
        Knowledge("note", learned + int(rng.uniform(0.5, 6) * _HOUR_MS),
                  f"{new.text()}\n{world.new_phone_stored}", "new address"),
        Knowledge("search", learned + int(rng.uniform(1, 8) * _HOUR_MS), new.typed(rng), "new address"),
        Knowledge("search", learned + int(rng.uniform(8, 30) * _HOUR_MS), new.postcode.lower() if rng.random() < 0.5 else new.postcode,
                  "postcode"),
        Knowledge("maps", learned + int(rng.uniform(1, 30) * _HOUR_MS), new.typed(rng), "new address"),
    ]
    later = [v for v in visits if v.place == "victim new home"][:3]
    for v in later:  # directions shortly before some visits
        t = int(v.visit.start.timestamp() * 1000) - int(rng.uniform(10, 40) * 60_000)
        items.append(Knowledge("directions", t, new.typed(rng), "new address"))
    items.sort(key=lambda k: k.ts_ms)
    return items
