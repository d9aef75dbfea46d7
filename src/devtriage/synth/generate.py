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

from . import device as D
from . import writers

GENERATOR_VERSION = "0.1"
#: Scenario names: planted abuse, the victim's own device, and benign look-alikes.
SCENARIOS = ("fixated", "fixated_victim", "threats", "couple", "gaming")
#: Scenarios on a suspect's device whose story a ``fixated_victim`` device of the same queue can share.
SUSPECT_SCENARIOS = ("fixated", "threats")
#: Benign look-alikes: what each can be mistaken for (truth.json ``looks_like``).
BENIGN: dict[str, str] = {
    "couple": "fixated contact: one person carrying heavy traffic day and night, night bursts, many calls"
              " - but reciprocal, with no refusal and no one-sided stretch",
    "gaming": "threats: violent wording (\"you're dead\", \"I'll end you\") - but gaming trash talk"
              " between friends, reciprocal, in evening sessions",
}
PROFILES = tuple(D.PROFILES)

Progress = Callable[[str], None]


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def case_toml(exhibit: str, dev: D.Device, scenario: dict | None) -> str:
    """The exhibit's case file: time zone, region and, for a scenario, the victim."""
    lines = [f"case_id = {_toml_str(exhibit)}", f"timezone = {_toml_str(dev.owner.timezone)}", 'default_region = "GB"']
    p = scenario["params"] if scenario else {}
    key = "victim" if "victim_name" in p else "person" if "person_name" in p else None
    if key:  # the person the case is about (for a benign look-alike: the one it could be mistaken about)
        name = p[f"{key}_name"]
        phones = sorted({p[f"{key}_phone"], p[f"{key}_phone_stored"]})
        lines += ["", "[victim]", f"names = [{_toml_str(name)}, {_toml_str(name.split(' ')[0])}]",
                  f"phones = [{', '.join(_toml_str(x) for x in phones)}]"]
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
POINTS_PER_DAY = {"tiny": 50.0, "typical": 280.0, "heavy": 14_000.0}
TAKEOUT_RECORDS = "Takeout/Location History/Records.json"
PACKAGES_XML = "data/system/packages.xml"


def write_android_extras(root: Path, dev: D.Device, s_loc: np.random.SeedSequence, s_apps: np.random.SeedSequence) -> dict:
    """Location history (Takeout ``Records.json``) and ``packages.xml``, when those modules exist.

    Returns the counts for truth.json: ``locations`` (points) and ``apps`` (packages),
    with the file each went to in ``extra_files``.
    """
    out: dict = {"extra_files": {}}
    try:
        from . import places, takeout
    except ImportError:  # pragma: no cover - the movement model is optional
        places = takeout = None
    if places is not None:
        rng = np.random.Generator(np.random.PCG64(s_loc))
        city = sorted(CITIES)[int(rng.integers(len(CITIES)))]
        clat, clon = CITIES[city]
        hlat, hlon = places.offset(clat, clon, float(rng.uniform(2000, 8000)), float(rng.uniform(0, 2 * np.pi)))
        wlat, wlon = places.offset(clat, clon, float(rng.uniform(300, 4000)), float(rng.uniform(0, 2 * np.pi)))
        mode = str(rng.choice(["car", "car", "transit", "bike", "walk"]))
        routine = places.Routine(hlat, hlon, wlat, wlon, commute_mode=mode, tz=dev.owner.timezone)
        days = (dev.end - dev.start).days
        track = places.simulate(rng, routine, dev.start, days, POINTS_PER_DAY[dev.profile])
        n = takeout.write_records(root / TAKEOUT_RECORDS, track, form="new")
        out["locations"] = int(n)
        out["extra_files"][TAKEOUT_RECORDS] = {"locations": int(n)}
        out["home"] = {"city": city, "lat": round(hlat, 6), "lon": round(hlon, 6), "work_lat": round(wlat, 6),
                       "work_lon": round(wlon, 6), "commute": mode}
    try:
        from . import apps
    except ImportError:  # pragma: no cover
        apps = None
    if apps is not None:
        rng = np.random.Generator(np.random.PCG64(s_apps))
        start_ms = int(dev.start.timestamp() * 1000)
        setup = start_ms - int(rng.integers(30, 400)) * 86_400_000
        pkgs = apps.everyday_packages(rng, setup_ms=setup, now_ms=int(dev.end.timestamp() * 1000))
        path = root / PACKAGES_XML
        path.parent.mkdir(parents=True, exist_ok=True)
        apps.write_packages_xml(path, pkgs)
        out["apps"] = len(pkgs)
        out["extra_files"][PACKAGES_XML] = {"packages": len(pkgs)}
    return out


def generate_one(out: Path, k: int, profile: str, seed: int, scenario: str | None, seq: np.random.SeedSequence,
                 used_mobiles: set[int], phrasebook=None, story: D.FixatedStory | None = None,
                 pair: str | None = None, keep: dict | None = None) -> tuple[Path, dict]:
    """Write device ``k`` (1-based); returns its exhibit folder and its truth.

    ``fixated_victim`` with ``story`` (from the paired ``fixated`` device) mirrors that
    story, else it draws its own suspect (:func:`~devtriage.synth.device.stub_suspect`).
    ``pair`` names the other exhibit of a pair (recorded in the params); a ``fixated``
    device puts its story into ``keep["story"]`` when ``keep`` is given.
    """
    platform = "android" if k % 2 == 1 else "ios"
    exhibit = f"EXH-{k:04d}-{platform}"
    s_dev, s_scen, s_loc, s_apps = seq.spawn(4)
    if phrasebook is None:
        from .text import Phrasebook

        phrasebook = Phrasebook.load()
    dev = D.make_device(np.random.Generator(np.random.PCG64(s_dev)), platform, profile, phrasebook, used_mobiles)
    scenarios = []
    rng = np.random.Generator(np.random.PCG64(s_scen))
    if scenario in SUSPECT_SCENARIOS:
        params = (D.plant_threats if scenario == "threats" else D.plant_fixated)(rng, dev, phrasebook)
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
        if pair:
            params["paired_exhibit"] = pair
        scenarios.append({"name": "fixated_victim", "params": params})
    elif scenario == "couple":
        scenarios.append({"name": "couple", "params": D.plant_couple(rng, dev, phrasebook)})
    elif scenario == "gaming":
        scenarios.append({"name": "gaming", "params": D.plant_gaming(rng, dev, phrasebook)})
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
    extra = {}
    if platform == "android":
        extra = write_android_extras(root, dev, s_loc, s_apps)
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
        pair = f"EXH-{other:04d}-{'android' if other % 2 == 1 else 'ios'}" if other else None
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
