"""``devtriage synth``: a queue of synthetic device extractions with ground truth.

:func:`generate` writes, for device ``k`` (1-based) of ``devices``::

    OUT/EXH-000k-<platform>/...          the extraction tree (see :mod:`.writers`)
    OUT/EXH-000k-<platform>.case.toml    its case file (devtriage.case format)
    OUT/EXH-000k-<platform>.truth.json   the ground truth

``truth.json`` sits *beside* the exhibit, never inside it, so it is not part of the
evidence devtriage reads. It holds the seed, profile, generator version, the owner, the
rows written per file and table (``counts.files``) and per core table
(``counts.tables``, what ``devtriage ingest`` should report), and ``scenarios``: per
planted scenario its ``name``, ``params`` and ``planted`` rows ``{file, table, rowid,
what, direction, ts}`` (file = path inside the extraction, rowid = the ``src_row`` ingest
reports), ``benign`` (true for a look-alike) and ``looks_like`` (what a look-alike can be
mistaken for, else null). ``fixated_victim`` lists the contact the victim received as
``planted`` (all direction "in") and the victim's own replies and refusal as ``context``.
``scenario`` is the planted scenario's name, or null for a benign device. The case file
names the scenario's victim (``params.victim_*``) or, for a look-alike, the person it is
about (``params.person_*``: the partner, the gaming friend).

Platforms alternate (odd exhibits Android, even iOS). Scenario ``j`` of ``scenarios``
is planted on device ``j`` (the first devices), the rest are benign. The j-th
suspect scenario (``fixated`` or ``threats``) and the j-th ``fixated_victim`` of one queue are the two phones of one story
(the suspect's is generated first, whatever its position). Every device has its
own random stream (``SeedSequence(seed).spawn``), so the same seed gives byte-identical
files, and adding devices does not change the earlier ones.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import apps, browser, ios_location, lookalikes, notes, places, stalking, takeout, usage, writers
from . import device as D

GENERATOR_VERSION = "0.3"
#: Scenario names: planted abuse, the victim's own device, and benign look-alikes.
SCENARIOS = ("fixated", "fixated_victim", "threats", "couple", "gaming", "delivery", "family_locator")
#: Scenarios on a suspect's device whose story a ``fixated_victim`` device of the same queue can share.
SUSPECT_SCENARIOS = ("fixated", "threats")
#: Benign look-alikes: what each can be mistaken for (truth.json ``looks_like``).
BENIGN: dict[str, str] = {
    "couple": "fixated contact: one person carrying heavy traffic day and night, night bursts, many calls"
              " - but reciprocal, with no refusal and no one-sided stretch",
    "gaming": "threats: violent wording (\"you're dead\", \"I'll end you\") - but gaming trash talk"
              " between friends, reciprocal, in evening sessions",
    "delivery": "visits near a case place: stops a few metres from the person's home on several days"
                " - but brief daytime drops in a delivery round that passes hundreds of addresses",
    "family_locator": "tracking: a location-sharing app and daily visits near a named place"
                      " - but a parent's school run on term-time weekdays, and Life360 from Google Play",
}
#: Scenarios whose story is in the location history and app list, which are written for Android.
ANDROID_ONLY = ("delivery", "family_locator")


def platform_of(k: int, scenario: str | None) -> str:
    """Odd exhibits Android, even iOS, except that :data:`ANDROID_ONLY` scenarios are Android."""
    return "android" if k % 2 == 1 or scenario in ANDROID_ONLY else "ios"


def exhibit_name(k: int, scenario: str | None) -> str:
    return f"EXH-{k:04d}-{platform_of(k, scenario)}"
PROFILES = tuple(D.PROFILES)

Progress = Callable[[str], None]


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def case_toml(exhibit: str, dev: D.Device, scenario: dict | None) -> str:
    """The exhibit's case file: time zone, region and, for a scenario, the victim.

    With a victim world (the fixated story) it also lists her addresses and new number,
    her places (``victim home``, ``victim work``, ``victim new home``) and the bail
    conditions; a look-alike lists the person and place it could be mistaken about.
    """
    lines = [f"case_id = {_toml_str(exhibit)}", f"timezone = {_toml_str(dev.owner.timezone)}", 'default_region = "GB"']
    p = scenario["params"] if scenario else {}
    key = "victim" if "victim_name" in p else "person" if "person_name" in p else None
    if not key:
        return "\n".join(lines) + "\n"
    name = p[f"{key}_name"]
    world = p.get("world")
    phones = {p[f"{key}_phone"], p[f"{key}_phone_stored"]} | ({world["new_phone"]} if world else set())
    addresses = [world["home"]["text"], world["new_home"]["text"]] if world else list(p.get(f"{key}_addresses", []))
    lines += ["", "[victim]", f"names = [{_toml_str(name)}, {_toml_str(name.split(' ')[0])}]",
              f"phones = [{', '.join(_toml_str(x) for x in sorted(phones))}]"]
    if addresses:
        lines.append(f"addresses = [{', '.join(_toml_str(a) for a in addresses)}]")
    spots = ([("victim home", world["home"]), ("victim work", world["work"]), ("victim new home", world["new_home"])]
             if world else [(q["label"], q) for q in p.get(f"{key}_places", [])])
    for label, q in spots:
        lines += ["", "[[places]]", f"label = {_toml_str(label)}", f"lat = {q['lat']}", f"lon = {q['lon']}",
                  f"radius_m = {q.get('radius_m', 150)}"]
    if world:
        lines += ["", "[[orders]]", f"kind = {_toml_str(world['order_kind'])}", f"start = {world['order_start']}",
                  f"end = {world['order_end']}"]
    return "\n".join(lines) + "\n"


def _planted(dev: D.Device, place: writers.Placement, direction: int | None = None) -> list[dict]:
    """Rows of the tagged events (only those in ``direction`` when given), in time order."""
    ev = dev.events
    out = []
    sel = ev.tag > 0
    if direction is not None:
        sel &= ev.direction == direction
    for i in np.flatnonzero(sel):
        loc = place.locate(int(i))
        if loc is None:
            continue
        file, table, rowid = loc
        out.append({"file": file, "table": table, "rowid": rowid, "what": ev.tags[int(ev.tag[i])],
                    "direction": "out" if ev.direction[i] == D.OUT else "in",
                    "ts": _iso(dt.datetime.fromtimestamp(int(ev.ts_ms[i]) / 1000, dt.UTC))})
    return out


def _core_counts(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    """Rows per core table that ingest should produce from what was written."""
    core = {"messages": 0, "calls": 0, "contacts": 0}
    kind = {"sms": "messages", "message": "messages", "ZWAMESSAGE": "messages", "calls": "calls",
            "call_log": "calls", "ZCALLRECORD": "calls", "ZWACDCALLEVENT": "calls", "data": "contacts",
            "wa_contacts": "contacts", "ABMultiValue": "contacts", "ZWAADDRESSBOOKCONTACT": "contacts"}
    for tables in counts.values():
        for table, n in tables.items():
            if table in kind:
                core[kind[table]] += n
    return core


# city centres for home and work (lat, lon)
CITIES = {"Leeds": (53.7997, -1.5492), "Manchester": (53.4808, -2.2426), "Birmingham": (52.4862, -1.8904),
          "Bristol": (51.4545, -2.5879), "Sheffield": (53.3811, -1.4701), "Nottingham": (52.9548, -1.1581)}
POINTS_PER_DAY = {"tiny": 50.0, "typical": 290.0, "heavy": 14_800.0}
TAKEOUT_RECORDS = "Takeout/Location History/Records.json"
PACKAGES_XML = "data/system/packages.xml"
#: ``table`` of a location point in truth.json: the ``locations`` array of Records.json (rowid = 0-based index).
RECORDS_TABLE = "locations"
#: iOS: routined's ``Cache.sqlite`` table of raw fixes (rowid = ``Z_PK``).
IOS_LOCATIONS = (ios_location.CACHE_PATH, "ZRTCLLOCATIONMO")
#: ``table`` of an app in truth.json: the ``<package>`` elements of packages.xml (rowid = 0-based index).
PACKAGES_TABLE = "package"
_DAY_MS = 86_400_000


def owner_geo(rng: np.random.Generator) -> dict:
    """Where the owner lives and works: ``city``, ``centre``, ``home``, ``work`` (lat, lon) and ``commute``."""
    city = sorted(CITIES)[int(rng.integers(len(CITIES)))]
    clat, clon = CITIES[city]
    home = places.offset(clat, clon, float(rng.uniform(2000, 8000)), float(rng.uniform(0, 2 * np.pi)))
    work = places.offset(clat, clon, float(rng.uniform(300, 4000)), float(rng.uniform(0, 2 * np.pi)))
    mode = str(rng.choice(["car", "car", "transit", "bike", "walk"]))
    return {"city": city, "centre": (clat, clon), "home": home, "work": work, "commute": mode}


def write_locations(root: Path, dev: D.Device, rng: np.random.Generator, geo: dict, visits=(),
                    moved: tuple[dt.datetime, tuple[float, float]] | None = None,
                    chain: bool = False) -> tuple[dict, tuple[str, str], list[tuple[np.ndarray, np.ndarray]]]:
    """Simulate the owner's movements and write them: Takeout ``Records.json`` (Android) or
    routined ``Cache.sqlite`` (iOS; the whole period, where a real device keeps a
    shorter rolling window).

    ``visits`` are planted :class:`~devtriage.synth.places.Visit` objects; ``moved`` (when,
    new home) moves the owner house on that day; ``chain`` joins close consecutive visits
    by direct travel (a delivery round). Returns the truth counts, the (file, table)
    written, per planted visit its rowids, and every point's time (Unix ms, by point index).
    """
    days = (dev.end - dev.start).days
    legs = [(dev.start, days, geo["home"])]
    if moved is not None:
        d1 = max(1, min(days - 1, (moved[0] - dev.start).days))
        legs = [(dev.start, d1, geo["home"]), (dev.start + dt.timedelta(days=d1), days - d1, moved[1])]
    visits = list(visits)
    cols: dict[str, list[np.ndarray]] = {}
    indices: list[np.ndarray | None] = [None] * len(visits)
    n = 0
    for t0, nd, home in legs:
        t1 = t0 + dt.timedelta(days=nd)
        mine = [k for k, v in enumerate(visits) if t0 <= v.start < t1]
        routine = places.Routine(*home, *geo["work"], commute_mode=geo["commute"], tz=dev.owner.timezone)
        track = places.simulate(rng, routine, t0, nd, POINTS_PER_DAY[dev.profile], [visits[k] for k in mine],
                                **({"chain": True} if chain else {}))
        for name, col in track.columns().items():
            cols.setdefault(name, []).append(col)
        for k, idx in zip(mine, track.visit_indices):
            indices[k] = idx + n
        n += len(track)
    points = {name: np.concatenate(parts) for name, parts in cols.items()}
    if dev.owner.platform == "android":
        target = (TAKEOUT_RECORDS, RECORDS_TABLE)
        written = takeout.write_records(root / TAKEOUT_RECORDS, points, form="new")
        rowid = np.arange(written, dtype=np.int64)
    else:
        target = IOS_LOCATIONS
        rowid = ios_location.write_cache_sqlite(_dir(root, target[0]), points)
        written = len(rowid)
    counts = {"locations": int(written), "extra_files": {target[0]: {target[1]: int(written)}},
              "home": {"city": geo["city"], "lat": round(legs[0][2][0], 6), "lon": round(legs[0][2][1], 6),
                       "work_lat": round(geo["work"][0], 6), "work_lon": round(geo["work"][1], 6),
                       "commute": geo["commute"]}}
    if moved is not None:
        counts["home"]["moved"] = _iso(moved[0])
        counts["home"]["new_lat"], counts["home"]["new_lon"] = round(moved[1][0], 6), round(moved[1][1], 6)
    ts = points["ts_ms"]
    return counts, target, [(rowid[i], ts[i]) if i is not None else (np.zeros(0, np.int64),) * 2 for i in indices]


def write_packages(root: Path, dev: D.Device, rng: np.random.Generator, planted=()) -> tuple[dict, list[str]]:
    """Write ``packages.xml``: the owner's everyday apps plus ``planted`` packages.

    Returns the truth counts and the package names in record order.
    """
    start_ms = int(dev.start.timestamp() * 1000)
    setup = start_ms - int(rng.integers(30, 400)) * _DAY_MS
    pkgs = apps.everyday_packages(rng, setup_ms=setup, now_ms=int(dev.end.timestamp() * 1000))
    names = {p.name for p in pkgs}
    pkgs += [p for p in planted if p.name not in names]
    path = root / PACKAGES_XML
    path.parent.mkdir(parents=True, exist_ok=True)
    order = apps.write_packages_xml(path, pkgs)
    return {"apps": len(pkgs), "extra_files": {PACKAGES_XML: {PACKAGES_TABLE: len(pkgs)}}}, order


#: background browsing items and notes per profile
TEXT_VOLUME = {"tiny": (300, 12), "typical": (4_000, 40), "heavy": (20_000, 80)}


def write_texts(root: Path, dev: D.Device, rng: np.random.Generator, known=()) -> tuple[dict, list[dict], list[dict]]:
    """Browser history and notes: everyday ones plus the planted :class:`~devtriage.synth.stalking.Knowledge`.

    Android: Chrome ``History`` and Google Keep ``keep.db``; iOS: Safari ``History.db`` and
    ``NoteStore.sqlite``. When the victim's details are planted, one more note a day later
    holds look-alikes that are NOT hers (:func:`_decoy`: her new number with its last digit
    changed, her house number with a 1 in front). Returns the truth counts, the planted
    rows (every row that holds a planted item's text) and the look-alike note's rows.
    """
    start_ms, end_ms = int(dev.start.timestamp() * 1000), int(dev.end.timestamp() * 1000)
    lang = dev.owner.lang if dev.owner.lang in ("en", "de", "pl") else "en"
    n_web, n_notes = TEXT_VOLUME[dev.profile]
    web = browser.everyday_browsing(rng, start_ms, end_ms, n_web, lang, tz=dev.owner.timezone)
    memo = notes.everyday_notes(rng, start_ms, end_ms, n_notes, lang)
    web_k, note_k = [], []
    for k in known:
        if k.ts_ms >= end_ms:
            continue
        if k.kind in ("search", "maps"):
            web_k.append((len(web), k))
            web.append(browser.Search(k.ts_ms, k.text, maps=k.kind == "maps"))
        elif k.kind == "directions":
            web_k.append((len(web), k))
            web.append(browser.Visit(k.ts_ms, browser.maps_dir_url("", k.text), browser.maps_title(k.text)))
        elif k.kind == "note":
            note_k.append((len(memo), k))
            memo.append(notes.Note(k.ts_ms, k.ts_ms + int(rng.integers(60_000, 3_600_000)), "", k.text))
    decoy_k = []
    for i, k in list(note_k):  # after every planted item, so no planted row moves
        text = _decoy(k.text)
        if text and k.ts_ms + 86_400_000 < end_ms:
            decoy_k.append((len(memo), stalking.Knowledge("note", k.ts_ms + 86_400_000, text, "look-alike")))
            memo.append(notes.Note(k.ts_ms + 86_400_000, k.ts_ms + 86_460_000, "", text))
    if dev.owner.platform == "android":
        web_file, note_file = browser.ANDROID_CHROME_HISTORY, notes.ANDROID_KEEP
        web_placed = browser.write_chrome_history(_dir(root, web_file), web, tz=dev.owner.timezone)
        note_placed = notes.write_keep_db(_dir(root, note_file), memo, account=dev.owner.email.replace("@example.com", "@gmail.com"))
    else:
        web_file, note_file = browser.IOS_SAFARI_HISTORY, notes.IOS_NOTESTORE
        web_placed = browser.write_safari_history(_dir(root, web_file), web)
        note_placed = notes.write_notestore(_dir(root, note_file), memo)
    rows = []
    for file, placed, items in ((web_file, web_placed, web_k), (note_file, note_placed, note_k)):
        for i, k in items:
            rows += [_row(file, table, rowid, f"{k.kind}: victim's {k.what}", k.ts_ms) for table, rowid in placed[i]]
    decoys = [_row(note_file, table, rowid, "look-alike of the victim's number and address (not hers)", k.ts_ms)
              for i, k in decoy_k for table, rowid in note_placed[i]]
    counts = {"texts": len(web) + len(memo), "extra_files": {web_file: {"items": len(web)}, note_file: {"notes": len(memo)}}}
    return counts, rows, decoys


def _decoy(note: str) -> str | None:
    """A note of look-alikes for a planted note "<address>\n<number>": the number with its
    last digit changed, and "1" before the house number, street only (no postcode)."""
    lines = note.split("\n")
    if len(lines) < 2 or not lines[-1][-1:].isdigit():
        return None
    number = lines[-1][:-1] + str((int(lines[-1][-1]) + 1) % 10)
    street = lines[0].split(", ")[-2] if lines[0].startswith("Flat ") else lines[0].split(",")[0]
    return f"plumber {number}\nparcel for 1{street}" if street[:1].isdigit() else f"plumber {number}"


def _dir(root: Path, rel: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


#: iOS apps an owner uses (bundle ids), for the app-usage stream.
IOS_APPS = ("com.apple.MobileSMS", "com.apple.mobilephone", "com.apple.mobilesafari", "com.apple.mobilemail",
            "com.apple.mobileslideshow", "com.apple.camera", "com.apple.Maps", "net.whatsapp.WhatsApp",
            "com.burbn.instagram", "com.facebook.Facebook", "com.toyopagroup.picaboo", "com.zhiliaoapp.musically",
            "com.spotify.client", "com.netflix.Netflix", "com.google.ios.youtube", "com.google.Maps", "com.google.Gmail",
            "com.atebits.Tweetie2")


def write_usage(root: Path, dev: D.Device, rng: np.random.Generator, packages: list[str],
                planted: list[tuple[str, int, int]] = ()) -> tuple[dict, list[tuple[str, str, int]]]:
    """App usage (foreground sessions): Android ``usagestats`` XML, iOS ``knowledgeC.db``.

    ``planted`` sessions (package, start_ms, end_ms) replace any everyday session they
    overlap. Returns the truth counts and, per planted session, its (file, table, rowid).
    """
    start_ms, end_ms = int(dev.start.timestamp() * 1000), int(dev.end.timestamp() * 1000)
    sessions = usage.everyday_usage(rng, packages, start_ms, end_ms, dev.owner.timezone)
    mine = [usage.Session(p, a, b) for p, a, b in planted if start_ms <= a and b <= end_ms]
    if mine:
        iv = np.array([(x.start_ms, x.end_ms) for x in mine], dtype=np.int64)
        keep = [x for x in sessions if not ((iv[:, 0] < x.end_ms + 1000) & (iv[:, 1] + 1000 > x.start_ms)).any()]
        sessions = sorted(keep + mine, key=lambda x: (x.start_ms, x.package))
    if dev.owner.platform == "android":
        where = usage.write_usagestats(root, sessions)
    else:
        pks = usage.write_knowledgec(_dir(root, usage.KNOWLEDGEC_PATH), sessions, tz=dev.owner.timezone)
        where = [(usage.KNOWLEDGEC_PATH, "ZOBJECT", int(pk)) for pk in pks]
    index = {x: i for i, x in enumerate(sessions)}
    return {"app_sessions": len(sessions)}, [where[index[x]] for x in mine if where[index[x]] is not None]


def _app(name: str, installed_ms: int, end_ms: int, rng: np.random.Generator, sideloaded: bool) -> apps.Package:
    perms = ("android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE", "android.permission.WAKE_LOCK",
             "android.permission.FOREGROUND_SERVICE", "android.permission.RECEIVE_BOOT_COMPLETED")
    updated = installed_ms if sideloaded else max(installed_ms, end_ms - int(rng.uniform(1, 40) * _DAY_MS))
    return apps.Package(name, installed_ms, updated, int(rng.integers(100, 90_000)),
                        apps.SIDELOAD if sideloaded else apps.PLAY, perms)


def _ms(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso).timestamp() * 1000)


def _world_for_victim(rng: np.random.Generator, dev: D.Device, geo: dict, params: dict,
                      used_mobiles: set[int]) -> stalking.VictimWorld:
    """The victim's world for an unpaired victim device: her home is this device's home."""
    sus_home = places.offset(*geo["home"], float(rng.uniform(1500, 5000)), float(rng.uniform(0, 2 * np.pi)))
    new = D._free_mobile(rng, set(dev.contacts.e164) | {dev.owner.phone}, used_mobiles)
    w = stalking.victim_world(rng, geo["city"], geo["centre"], sus_home, _ms(params["breakup"]),
                              _ms(params["refusal"]) if params["refusal"] else None,
                              int(dev.end.timestamp() * 1000), (new[1], new[0]))
    home = stalking.address(rng, geo["city"], *geo["home"])
    return stalking.VictimWorld(w.city, home, w.work, w.workplace, w.new_home, w.moved_ms, w.new_phone,
                                w.new_phone_stored, w.learned_ms, w.order_kind, w.order_start_ms, w.order_end_ms)


def _row(file: str, table: str, rowid: int, what: str, ts_ms: int) -> dict:
    return {"file": file, "table": table, "rowid": int(rowid), "what": what, "direction": None,
            "ts": _iso(dt.datetime.fromtimestamp(ts_ms / 1000, dt.UTC))}


def generate_one(out: Path, k: int, profile: str, seed: int, scenario: str | None, seq: np.random.SeedSequence,
                 used_mobiles: set[int], phrasebook=None, story: D.FixatedStory | None = None,
                 pair: str | None = None, keep: dict | None = None) -> tuple[Path, dict]:
    """Write device ``k`` (1-based); returns its exhibit folder and its truth.

    ``fixated_victim`` with ``story`` (from the paired ``fixated`` device) mirrors that
    story, else it draws its own suspect (:func:`~devtriage.synth.device.stub_suspect`).
    ``pair`` names the other exhibit of a pair (recorded in the params); a ``fixated``
    device puts its story into ``keep["story"]`` when ``keep`` is given.
    """
    platform = platform_of(k, scenario)
    exhibit = exhibit_name(k, scenario)
    s_dev, s_scen, s_loc, s_apps, s_world, s_text, s_use = seq.spawn(7)
    if phrasebook is None:
        from .text import Phrasebook

        phrasebook = Phrasebook.load()
    dev = D.make_device(np.random.Generator(np.random.PCG64(s_dev)), platform, profile, phrasebook, used_mobiles)
    rng_loc = np.random.Generator(np.random.PCG64(s_loc))
    rng_world = np.random.Generator(np.random.PCG64(s_world))
    geo = owner_geo(rng_loc)
    end_ms = int(dev.end.timestamp() * 1000)
    scenarios = []
    world: stalking.VictimWorld | None = None
    visits: list[stalking.PlannedVisit] = []
    known: list[stalking.Knowledge] = []
    planted_apps: list[tuple[apps.Package, str]] = []  # (package, what)
    moved = None
    extra_visits: list[places.Visit] = []  # look-alikes' movements
    marked: dict[int, str] = {}  # index into extra_visits -> what, for the planted rows
    chain = False
    rng = np.random.Generator(np.random.PCG64(s_scen))
    if scenario in SUSPECT_SCENARIOS:
        params = (D.plant_threats if scenario == "threats" else D.plant_fixated)(rng, dev, phrasebook)
        new = D._free_mobile(rng_world, set(dev.contacts.e164) | {dev.owner.phone}, used_mobiles)
        world = stalking.victim_world(rng_world, geo["city"], geo["centre"], geo["home"], _ms(params["breakup"]),
                                      _ms(params["refusal"]) if params["refusal"] else None, end_ms, (new[1], new[0]))
        params["world"] = world.to_params()
        visits = stalking.stalker_visits(rng_world, world, dev.owner.timezone, _ms(params["breakup"]), end_ms)
        known = stalking.knowledge(rng_world, world, params["victim_name"], _ms(params["breakup"]), visits)
        pkg, product = stalking.TRACKERS[int(rng_world.integers(len(stalking.TRACKERS)))]
        planted_apps.append((_app(pkg, _ms(params["breakup"]) + int(rng_world.uniform(2, 20) * _DAY_MS), end_ms,
                                  rng_world, sideloaded=False), f"tracker app {product}"))
        # her new number, saved under a nickname (with the new address on Android)
        nick = next(x for x in known if x.kind == "contact")
        c = dev.contacts.add(nick.text, world.new_phone_stored, world.new_phone, params["lang"], D.SMS)
        if platform == "android":
            dev.contacts.address[c] = world.new_home.text()
        params["new_number_contact"] = c
        if keep is not None:
            keep["story"] = D.fixated_story(dev, params)
        if pair:
            params["paired_exhibit"] = pair
        scenarios.append({"name": scenario, "params": params})
    elif scenario == "fixated_victim":
        paired = story is not None
        if story is None:
            stub = D.stub_suspect(rng, dev.owner, dev.start, dev.end, profile, used_mobiles)
            story = D.fixated_story(stub, D.plant_fixated(rng, stub, phrasebook))
        params = D.plant_fixated_victim(rng, dev, story, phrasebook, used_mobiles, paired)
        world = (stalking.VictimWorld.from_params(story.params["world"]) if "world" in story.params
                 else _world_for_victim(rng_world, dev, geo, params, used_mobiles))
        params["world"] = world.to_params()
        geo = {**geo, "city": world.city, "centre": CITIES[world.city], "home": (world.home.lat, world.home.lon),
               "work": (world.work.lat, world.work.lon)}
        moved = (dt.datetime.fromtimestamp(world.moved_ms / 1000, dt.UTC), (world.new_home.lat, world.new_home.lon))
        pkg, product = stalking.STALKERWARE[int(rng_world.integers(len(stalking.STALKERWARE)))]
        installed = _ms(params["breakup"]) - int(rng_world.uniform(10, 60) * _DAY_MS)
        planted_apps.append((_app(pkg, installed, end_ms, rng_world, sideloaded=True), f"stalkerware {product}"))
        if pair:
            params["paired_exhibit"] = pair
        scenarios.append({"name": "fixated_victim", "params": params})
    elif scenario == "couple":
        scenarios.append({"name": "couple", "params": D.plant_couple(rng, dev, phrasebook)})
    elif scenario == "gaming":
        scenarios.append({"name": "gaming", "params": D.plant_gaming(rng, dev, phrasebook)})
    elif scenario == "delivery":
        params, extra_visits = lookalikes.plant_delivery(rng_world, dev, geo, used_mobiles)
        marked = {i: "delivery pass-by near person home" for i, v in enumerate(extra_visits) if v.label == "delivery pass-by"}
        chain = True
        scenarios.append({"name": "delivery", "params": params})
    elif scenario == "family_locator":
        params, extra_visits, app = lookalikes.plant_family_locator(rng_world, dev, geo, used_mobiles)
        marked = {i: f"{v.label} near school" for i, v in enumerate(extra_visits)}
        planted_apps.append((app, f"family locator {params['app_product']}"))
        scenarios.append({"name": "family_locator", "params": params})
    elif scenario is not None:
        raise ValueError(f"unknown scenario {scenario!r}; known: {', '.join(SCENARIOS)}")
    root = out / exhibit
    root.mkdir(parents=True, exist_ok=True)
    place = writers.write_device(root, dev)
    for s in scenarios:
        s["benign"] = s["name"] in BENIGN
        s["looks_like"] = BENIGN.get(s["name"])
        if s["name"] == "fixated_victim":  # planted = the contact received; context = the victim's own replies
            s["planted"] = _planted(dev, place, D.IN)
            s["context"] = _planted(dev, place, D.OUT)
        else:
            s["planted"] = _planted(dev, place)
    counts = dev.events.counts()
    extra: dict = {}
    located: list[dict] = []
    app_rows: list[dict] = []
    loc, (loc_file, loc_table), idx = write_locations(root, dev, rng_loc, geo, [v.visit for v in visits] + extra_visits,
                                                      moved, chain)
    extra = dict(loc)
    whats = [f"{v.kind} near {v.place}" + (" in order window" if v.in_order else "") for v in visits]
    whats += [marked.get(j) for j in range(len(extra_visits))]
    for what, (rows, ts) in zip(whats, idx):
        if what:
            located += [_row(loc_file, loc_table, r, what, t) for r, t in zip(rows.tolist(), ts.tolist())]
    rng_use = np.random.Generator(np.random.PCG64(s_use))
    tracker_pkg = next((p for p, what in planted_apps if what.startswith("tracker app")), None)
    tracker = tracker_pkg.name if tracker_pkg else None
    checks = [c for c in stalking.tracker_checks(rng_use, visits) if tracker_pkg and c[0] > tracker_pkg.installed_ms]
    if platform == "android":
        pk, order = write_packages(root, dev, np.random.Generator(np.random.PCG64(s_apps)), [p for p, _ in planted_apps])
        extra = {**extra, **pk, "extra_files": {**extra["extra_files"], **pk["extra_files"]}}
        for p, what in planted_apps:
            app_rows.append(_row(PACKAGES_XML, PACKAGES_TABLE, order.index(p.name), what, p.installed_ms))
        used = [n for n in order if n.split(".")[1] != "android" or n.startswith("com.android.chrome")]
    else:
        order, used = [], list(IOS_APPS)
        tracker = stalking.TRACKERS_IOS.get(tracker) if tracker else None
    if tracker and tracker not in used:
        used.append(tracker)
    planted_use = [(tracker, a, b) for a, b in checks] if tracker else []
    uc, use_rows = write_usage(root, dev, rng_use, used, planted_use)
    extra["app_sessions"] = uc["app_sessions"]
    for (p, a, _), (file, table, rowid) in zip(planted_use, use_rows):
        app_rows.append(_row(file, table, rowid, "tracker app opened before a visit", a))
    tx, know_rows, decoy_rows = write_texts(root, dev, np.random.Generator(np.random.PCG64(s_text)), known)
    extra = {**extra, **tx, "extra_files": {**extra.get("extra_files", {}), **tx["extra_files"]}}
    if scenarios and scenarios[0]["name"] in SUSPECT_SCENARIOS:
        params = scenarios[0]["params"]
        c = params["new_number_contact"]
        nick = next(x for x in known if x.kind == "contact")
        for file, table, rowid, kind in place.contacts.get(c, []):
            if kind in ("phone", "address"):
                know_rows.append(_row(file, table, rowid, f"contact with the victim's new {'number' if kind == 'phone' else 'address'}",
                                      nick.ts_ms))
        params["visits"] = [{"place": v.place, "kind": v.kind, "start": _iso(v.visit.start), "dwell_s": v.visit.dwell_s,
                             "in_order": v.in_order, "lat": round(v.visit.lat, 6), "lon": round(v.visit.lon, 6),
                             "points": int(len(ix[0]))} for v, ix in zip(visits, idx)]
        params["knowledge"] = [{"kind": x.kind, "ts": _iso(dt.datetime.fromtimestamp(x.ts_ms / 1000, dt.UTC)),
                                "text": x.text, "what": x.what} for x in known]
    for s in scenarios:
        s["planted_places"] = located
        s["planted_apps"] = app_rows
        s["planted_knowledge"] = know_rows
        s["decoy_knowledge"] = decoy_rows
    truth = {
        "generator": "devtriage.synth",
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "device_index": k,
        "exhibit": exhibit,
        "profile": profile,
        "platform": platform,
        "owner": {"name": dev.owner.name, "phone": dev.owner.phone, "platform": platform,
                  "timezone": dev.owner.timezone, "lang": dev.owner.lang, "email": dev.owner.email},
        "period": {"start": _iso(dev.start), "end": _iso(dev.end)},
        "contacts": len(dev.contacts),
        "groups": [{"name": g.name, "members": len(g.members), "app": D.APPS[g.app]} for g in dev.groups],
        "counts": {"events": counts, "files": place.counts, "tables": _core_counts(place.counts), **extra},
        "scenario": scenarios[0]["name"] if scenarios else None,
        "scenarios": scenarios,
    }
    (out / f"{exhibit}.case.toml").write_text(case_toml(exhibit, dev, scenarios[0] if scenarios else None), encoding="utf-8")
    (out / f"{exhibit}.truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                               encoding="utf-8")
    return root, truth


def generate(out: Path, devices: int, profile: str, seed: int, scenarios: list[str] | tuple[str, ...] = (),
             progress: Progress | None = None, phrasebook=None) -> list[Path]:
    """Write ``devices`` synthetic extractions under ``out``; returns the exhibit folders.

    See the module docstring for the layout. ``progress`` (optional) gets one line per
    device when it is done. ``phrasebook`` replaces the packaged
    :class:`~devtriage.synth.text.Phrasebook` (tests).
    """
    out = Path(out)
    if profile not in D.PROFILES:
        raise ValueError(f"unknown profile {profile!r}; known: {', '.join(D.PROFILES)}")
    scenarios = list(scenarios)
    for s in scenarios:
        if s not in SCENARIOS:
            raise ValueError(f"unknown scenario {s!r}; known: {', '.join(SCENARIOS)}")
    if len(scenarios) > devices:
        raise ValueError(f"{len(scenarios)} scenarios need at least as many devices (got {devices})")
    out.mkdir(parents=True, exist_ok=True)
    seqs = np.random.SeedSequence(seed).spawn(devices)
    used: set[int] = set()  # owners' mobile numbers stay distinct across the queue
    paths: dict[int, Path] = {}
    # the j-th suspect ("fixated"/"threats") and the j-th "fixated_victim" share one story; the suspect's goes first
    sus = [k for k, s in enumerate(scenarios, 1) if s in SUSPECT_SCENARIOS]
    vic = [k for k, s in enumerate(scenarios, 1) if s == "fixated_victim"]
    pair_of = {**dict(zip(sus, vic)), **dict(zip(vic, sus))}
    order: list[int] = []
    for k in range(1, devices + 1):
        if k in order:
            continue
        if k in vic and k in pair_of and pair_of[k] > k:
            continue  # written right after its suspect
        order.append(k)
        if k in sus and k in pair_of and pair_of[k] not in order:
            order.append(pair_of[k])
    stories: dict[int, D.FixatedStory] = {}
    for k in order:
        scenario = scenarios[k - 1] if k - 1 < len(scenarios) else None
        other = pair_of.get(k)
        pair = exhibit_name(other, scenarios[other - 1]) if other else None
        keep: dict = {}
        root, truth = generate_one(out, k, profile, seed, scenario, seqs[k - 1], used, phrasebook,
                                   story=stories.get(other) if other else None, pair=pair, keep=keep)
        if "story" in keep:
            stories[k] = keep["story"]
        paths[k] = root
        if progress:
            progress(summary_line(truth))
    return [paths[k] for k in range(1, devices + 1)]


def summary_line(truth: dict) -> str:
    c = truth["counts"]["tables"]
    points = truth["counts"].get("locations", 0)
    return (f"{truth['exhibit']}  {truth['platform']:<7}  messages {c['messages']:>9,}  calls {c['calls']:>8,}  "
            f"points {points:>9,}  scenario {truth['scenario'] or '-'}")
