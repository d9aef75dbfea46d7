"""The stalking story beyond messages: places, the order, visits, apps, the victim's details.

The suspect (Android, exhibit 1) and the victim (Android, exhibit 3) of one story, with a
benign device between them. Location points and apps are checked in the files themselves
(Records.json, packages.xml) by the record index truth.json gives; contacts through ingest.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from devtriage.case import load as load_case
from devtriage.collect import ingest
from devtriage.synth import stalking
from devtriage.synth.generate import PACKAGES_XML, TAKEOUT_RECORDS, generate
from devtriage.synth.places import distance_m


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    from devtriage.synth.text import Phrasebook

    out = tmp_path_factory.mktemp("story")
    paths = generate(out, 3, "tiny", 11, ["fixated", "couple", "fixated_victim"], phrasebook=Phrasebook.load())
    return paths[0], paths[2]


def _truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text())


def _records(path: Path) -> list[dict]:
    return json.loads((path / TAKEOUT_RECORDS).read_text())["locations"]


def _ms(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso).timestamp() * 1000)


def _packages(path: Path) -> list[ET.Element]:
    return ET.parse(path / PACKAGES_XML).getroot().findall("package")


def test_case_file_has_victim_places_addresses_and_order(story):
    spath, vpath = story
    for path in (spath, vpath):
        case = load_case(path.with_name(path.name + ".case.toml"))
        world = _truth(path)["scenarios"][0]["params"]["world"]
        assert [p.label for p in case.places] == ["victim home", "victim work", "victim new home"]
        assert (case.places[0].lat, case.places[0].lon) == (world["home"]["lat"], world["home"]["lon"])
        assert case.victim.addresses == (world["home"]["text"], world["new_home"]["text"])
        assert world["new_phone"] in case.victim.phones
        (order,) = case.orders
        assert order.kind == "bail" and order.start.isoformat().startswith(world["order_start"][:16])
    # both devices tell one story
    assert _truth(spath)["scenarios"][0]["params"]["world"] == _truth(vpath)["scenarios"][0]["params"]["world"]


def test_suspect_visits_are_at_the_victims_places_in_the_records(story):
    spath, _ = story
    truth = _truth(spath)
    scen = truth["scenarios"][0]
    p = scen["params"]
    world = p["world"]
    where = {"victim home": world["home"], "victim work": world["work"], "victim new home": world["new_home"]}
    recs = _records(spath)
    rows = scen["planted_places"]
    assert rows and {r["file"] for r in rows} == {TAKEOUT_RECORDS} and {r["table"] for r in rows} == {"locations"}
    assert len(rows) == sum(v["points"] for v in p["visits"])
    assert all(v["points"] >= 3 for v in p["visits"])
    k = 0
    for v in p["visits"]:
        mine = rows[k:k + v["points"]]
        k += v["points"]
        a = where[v["place"]]
        start, end = _ms(v["start"]), _ms(v["start"]) + v["dwell_s"] * 1000
        d = []
        for r in mine:
            rec = recs[r["rowid"]]
            assert _ms(rec["timestamp"]) == _ms(r["ts"])
            assert start <= _ms(r["ts"]) < end
            assert v["place"] in r["what"] and ("in order window" in r["what"]) == v["in_order"]
            d.append(distance_m(a["lat"], a["lon"], rec["latitudeE7"] / 1e7, rec["longitudeE7"] / 1e7))
        assert float(np.median(d)) < 150, (v, d)  # parked 15-80 m away, plus GPS noise
    # the S-DASH threshold: three or more visits in one ISO week
    weeks: dict = {}
    for v in p["visits"]:
        weeks[dt.datetime.fromisoformat(v["start"]).isocalendar()[:2]] = weeks.get(
            dt.datetime.fromisoformat(v["start"]).isocalendar()[:2], 0) + 1
    assert max(weeks.values()) >= 3
    # the order window, as the case file states it
    case = load_case(spath.with_name(spath.name + ".case.toml"))
    (order,) = case.orders
    for v in p["visits"]:
        t = dt.datetime.fromisoformat(v["start"])
        assert v["in_order"] == (order.start <= t < order.end)
    assert any(v["in_order"] for v in p["visits"])
    # the new home only once he knew it; night loitering at night, local time
    tz = ZoneInfo(truth["owner"]["timezone"])
    for v in p["visits"]:
        if v["place"] == "victim new home":
            assert v["start"] >= world["learned"]
        if v["kind"] == "night loiter":
            h = dt.datetime.fromisoformat(v["start"]).astimezone(tz).hour
            assert h >= 21 or h <= 2


def test_suspect_tracker_app_and_victims_new_number_in_contacts(story):
    spath, _ = story
    scen = _truth(spath)["scenarios"][0]
    (app,) = [r for r in scen["planted_apps"] if r["table"] == "package"]
    el = _packages(spath)[app["rowid"]]
    assert el.get("name") in {p for p, _ in stalking.TRACKERS}
    assert el.get("installer") == "com.android.vending"
    assert int(el.get("it"), 16) == _ms(app["ts"]) and app["ts"] > scen["params"]["breakup"]
    # contacts: the new number (and on Android the new address) under a nickname
    world = scen["params"]["world"]
    result = ingest(spath, load_case(spath.with_name(spath.name + ".case.toml")))
    t = result.tables["contacts"]
    got = {(f, tb, r): ident for f, tb, r, ident in
           zip(*(t.column(c).to_pylist() for c in ("src_file", "src_table", "src_row", "identifier")))}
    phone = [r for r in scen["planted_knowledge"] if r["what"] == "contact with the victim's new number"]
    (row,) = phone
    assert got[(row["file"], row["table"], row["rowid"])] == world["new_phone"]
    assert row["ts"] >= world["learned"]
    import sqlite3

    (addr,) = [r for r in scen["planted_knowledge"] if r["what"] == "contact with the victim's new address"]
    con = sqlite3.connect(spath / addr["file"])
    assert con.execute("SELECT data1 FROM data WHERE _id = ?", (addr["rowid"],)).fetchone()[0] == world["new_home"]["text"]
    con.close()


def test_victim_stalkerware_and_her_own_track(story):
    spath, vpath = story
    truth = _truth(vpath)
    scen = truth["scenarios"][0]
    (app,) = scen["planted_apps"]
    el = _packages(vpath)[app["rowid"]]
    assert el.get("name") in {p for p, _ in stalking.STALKERWARE}
    assert el.get("installer") == "com.google.android.packageinstaller"  # sideloaded
    assert app["ts"] < scen["params"]["breakup"]  # while he still had her phone
    assert scen["planted_places"] == []  # her own movements are not planted
    world = scen["params"]["world"]
    tz = ZoneInfo(truth["owner"]["timezone"])
    recs = _records(vpath)
    ts = np.array([_ms(r["timestamp"]) for r in recs])
    lat = np.array([r["latitudeE7"] for r in recs]) / 1e7
    lon = np.array([r["longitudeE7"] for r in recs]) / 1e7
    acc = np.array([r["accuracy"] for r in recs])
    hour = np.array([dt.datetime.fromtimestamp(t / 1000, tz).hour for t in ts])
    night = (hour >= 1) & (hour < 5) & (acc < 100)
    moved = _ms(world["moved"])
    for sel, home in ((night & (ts < moved - 86_400_000), world["home"]), (night & (ts > moved + 86_400_000), world["new_home"])):
        d = distance_m(home["lat"], home["lon"], lat[sel], lon[sel])
        assert sel.sum() > 20 and np.median(d) < 100, (home, np.median(d))


def test_typed_addresses_and_knowledge_order():
    rng = np.random.default_rng(3)
    a = stalking.address(rng, "Leeds", 53.8, -1.55, flat=True)
    assert a.text().startswith("Flat ") and a.postcode.split(" ")[0] in stalking.CITY_DISTRICTS["Leeds"]
    forms = {a.typed(rng) for _ in range(40)}
    assert len(forms) > 5
    assert any(f.islower() for f in forms) and any(not f.startswith("Flat") and not f.startswith("flat") for f in forms)


def test_local_times_across_dst():
    tz = ZoneInfo("Europe/London")
    # 25.5 h after local midnight on the day the clocks go forward is 01:30 BST the next day
    ms = stalking._local_to_utc_ms(tz, dt.date(2026, 3, 29), 25.5)
    local = dt.datetime.fromtimestamp(ms / 1000, tz)
    assert (local.day, local.hour, local.minute) == (30, 1, 30)
    ms = stalking._local_to_utc_ms(tz, dt.date(2026, 1, 10), 22.0)
    assert dt.datetime.fromtimestamp(ms / 1000, dt.UTC).hour == 22


# --- knowledge: browser history and notes ------------------------------------------------------


def test_suspect_searches_and_note_hold_the_new_address(story):
    import sqlite3

    from devtriage.synth import browser, notes

    spath, _ = story
    scen = _truth(spath)["scenarios"][0]
    world = scen["params"]["world"]
    rows = [r for r in scen["planted_knowledge"] if r["file"] in (browser.ANDROID_CHROME_HISTORY, notes.ANDROID_KEEP)]
    kinds = {r["what"].split(":")[0] for r in rows}
    assert {"search", "maps", "directions", "note"} <= kinds
    postcode = world["new_home"]["postcode"].lower().replace(" ", "")
    street = world["new_home"]["street"].split(" ")[0].lower()
    col = {"urls": "url", "visits": "url", "keyword_search_terms": "term", "tree_entity": "title", "list_item": "text"}
    for r in rows:
        con = sqlite3.connect(spath / r["file"])
        if r["table"] == "visits":
            (text,) = con.execute("SELECT u.url FROM visits v JOIN urls u ON u.id = v.url WHERE v.id = ?", (r["rowid"],)).fetchone()
        elif r["table"] == "tree_entity":
            (text,) = con.execute("SELECT l.text FROM list_item l WHERE l.list_parent_id = ?", (r["rowid"],)).fetchone()
        else:
            key = "rowid" if r["table"] == "keyword_search_terms" else ("_id" if r["table"] == "list_item" else "id")
            (text,) = con.execute(f"SELECT {col[r['table']]} FROM {r['table']} WHERE {key} = ?", (r["rowid"],)).fetchone()
        con.close()
        from urllib.parse import unquote_plus

        flat = unquote_plus(text).lower().replace(" ", "")
        if "name" in r["what"]:
            assert scen["params"]["victim_name"].split(" ")[0].lower() in flat, (r, text)
        else:
            assert postcode in flat or street in flat, (r, text)
        assert r["ts"] >= (world["learned"] if "name" not in r["what"] else scen["params"]["breakup"])


# --- benign look-alikes of tracking ---------------------------------------------------------------


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory):
    from devtriage.synth.text import Phrasebook

    out = tmp_path_factory.mktemp("lookalikes")
    return generate(out, 2, "tiny", 5, ["delivery", "family_locator"], phrasebook=Phrasebook.load())


def test_delivery_driver_passes_the_person_briefly_by_day(lookalikes):
    path = lookalikes[0]
    assert path.name.endswith("android")
    truth = _truth(path)
    scen = truth["scenarios"][0]
    assert scen["benign"] is True and scen["looks_like"]
    p = scen["params"]
    case = load_case(path.with_name(path.name + ".case.toml"))
    (home,) = case.places
    assert home.label == "person home" and case.victim.addresses == tuple(p["person_addresses"])
    assert p["drops"] > 40 * p["working_days"] and 2 <= len(p["pass_bys"]) <= 3
    tz = ZoneInfo(truth["owner"]["timezone"])
    for pb in p["pass_bys"]:
        assert pb["dwell_s"] <= 240 and 20 <= pb["distance_m"] <= 80
        assert 8 <= dt.datetime.fromisoformat(pb["start"]).astimezone(tz).hour < 18
    recs = _records(path)
    rows = scen["planted_places"]
    assert rows and all(r["what"] == "delivery pass-by near person home" for r in rows)
    for r in rows:
        rec = recs[r["rowid"]]
        assert _ms(rec["timestamp"]) == _ms(r["ts"])
    # the stranger is nowhere else on the phone
    result = ingest(path, case)
    assert p["person_phone"] not in set(result.tables["messages"].column("counterpart").to_pylist())
    assert p["person_phone"] not in set(result.tables["contacts"].column("identifier").to_pylist())


def test_family_locator_school_runs_and_life360(lookalikes):
    path = lookalikes[1]
    assert path.name.endswith("android")
    truth = _truth(path)
    scen = truth["scenarios"][0]
    assert scen["benign"] is True
    (app,) = scen["planted_apps"]
    el = _packages(path)[app["rowid"]]
    assert el.get("name") == "com.life360.android.safetymapd" and el.get("installer") == "com.android.vending"
    assert app["ts"] < truth["period"]["start"]
    case = load_case(path.with_name(path.name + ".case.toml"))
    (school,) = case.places
    assert school.label == "school"
    tz = ZoneInfo(truth["owner"]["timezone"])
    recs = _records(path)
    rows = scen["planted_places"]
    assert len({r["what"] for r in rows}) == 2  # drop-off and pick-up
    for r in rows:
        t = dt.datetime.fromisoformat(r["ts"]).astimezone(tz)
        assert t.weekday() < 5 and (8 <= t.hour < 9 or 15 <= t.hour < 16), t
        rec = recs[r["rowid"]]
        d = distance_m(school.lat, school.lon, rec["latitudeE7"] / 1e7, rec["longitudeE7"] / 1e7)
        assert d < 60 + 3 * rec["accuracy"]


def test_ios_suspect_keeps_her_details_in_safari_notes_and_contacts(tmp_path):
    import gzip
    import sqlite3

    from devtriage.synth import browser, notes
    from devtriage.synth.generate import generate_one
    from devtriage.synth.text import Phrasebook

    path, truth = generate_one(tmp_path, 2, "tiny", 9, "fixated", np.random.SeedSequence(9), set(), Phrasebook.load())
    assert path.name.endswith("ios")
    scen = truth["scenarios"][0]
    world = scen["params"]["world"]
    files = {r["file"] for r in scen["planted_knowledge"]}
    assert {browser.IOS_SAFARI_HISTORY, notes.IOS_NOTESTORE} <= files
    (note,) = [r for r in scen["planted_knowledge"] if r["table"] == "ZICNOTEDATA"]
    con = sqlite3.connect(path / note["file"])
    (blob,) = con.execute("SELECT ZDATA FROM ZICNOTEDATA WHERE Z_PK = ?", (note["rowid"],)).fetchone()
    con.close()
    assert world["new_home"]["text"].encode() in gzip.decompress(blob)
    result = ingest(path, load_case(path.with_name(path.name + ".case.toml")))
    t = result.tables["contacts"]
    got = {(f, tb, r): ident for f, tb, r, ident in
           zip(*(t.column(c).to_pylist() for c in ("src_file", "src_table", "src_row", "identifier")))}
    (row,) = [r for r in scen["planted_knowledge"] if r["what"] == "contact with the victim's new number"]
    assert got[(row["file"], row["table"], row["rowid"])] == world["new_phone"]


def test_ios_suspect_visits_are_in_routined_cache(tmp_path):
    import sqlite3

    from devtriage.synth.generate import IOS_LOCATIONS, generate_one
    from devtriage.synth.text import Phrasebook

    path, truth = generate_one(tmp_path, 2, "tiny", 21, "fixated", np.random.SeedSequence(21), set(), Phrasebook.load())
    scen = truth["scenarios"][0]
    rows = scen["planted_places"]
    assert rows and {(r["file"], r["table"]) for r in rows} == {IOS_LOCATIONS}
    assert len(rows) == sum(v["points"] for v in scen["params"]["visits"])
    con = sqlite3.connect(path / IOS_LOCATIONS[0])
    n = con.execute("SELECT COUNT(*) FROM ZRTCLLOCATIONMO").fetchone()[0]
    assert n == truth["counts"]["locations"]
    where = {"victim home": "home", "victim work": "work", "victim new home": "new_home"}
    world = scen["params"]["world"]
    for r in rows:
        ts, lat, lon = con.execute("SELECT ZTIMESTAMP, ZLATITUDE, ZLONGITUDE FROM ZRTCLLOCATIONMO WHERE Z_PK = ?",
                                   (r["rowid"],)).fetchone()
        assert round((ts + 978_307_200) * 1000) == _ms(r["ts"])
        place = next(p for p in where if p in r["what"])
        a = world[where[place]]
        assert distance_m(a["lat"], a["lon"], lat, lon) < 3000
    con.close()


def test_suspect_opens_the_tracker_before_visits(story):
    spath, _ = story
    scen = _truth(spath)["scenarios"][0]
    (installed,) = [r for r in scen["planted_apps"] if r["table"] == "package"]
    uses = [r for r in scen["planted_apps"] if r["what"] == "tracker app opened before a visit"]
    assert uses
    name = _packages(spath)[installed["rowid"]].get("name")
    starts = [_ms(v["start"]) for v in scen["params"]["visits"]]
    for r in uses:
        root = ET.parse(spath / r["file"]).getroot()
        begin = int(Path(r["file"]).name)
        ev = root.find("event-log").findall("event")[r["rowid"]]
        assert ev.get("package") == name and ev.get("type") == "1"  # MOVE_TO_FOREGROUND
        t = begin + int(ev.get("time"))
        assert t == _ms(r["ts"]) and t > _ms(installed["ts"])
        assert any(0 < s - t <= 90 * 60_000 for s in starts)
