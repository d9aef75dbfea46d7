"""takeout_maps: Saved Places.json (both property forms) and My Activity/Maps/MyActivity.json, built in the test."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest import ADAPTERS, takeout_maps
from devtriage.ingest.base import Artifact, Context, Probe
from devtriage.schema import conform

UTC = dt.timezone.utc
SAVED = "Takeout/Maps (your places)/Saved Places.json"
ACTIVITY = "Takeout/My Activity/Maps/MyActivity.json"


def _probe(path: Path, inside: str) -> Probe:
    return Probe(inside, path.stat().st_size, path.read_bytes()[:100], None)


def _run(path: Path, inside: str, tmp_path: Path):
    """Detect and read as the pipeline does: a private copy, the probe's 100-byte head."""
    before = path.read_bytes()
    probe = _probe(path, inside)
    assert takeout_maps.detect(probe), f"not detected: {inside}"
    local = tmp_path / "artifact"
    shutil.copyfile(path, local)
    ctx = Context(device="t", case=DEFAULT, normaliser=Normaliser("GB"))
    ctx.adapter, ctx.src_file = takeout_maps.NAME, inside
    tables = dict(takeout_maps.read(Artifact(inside, local, probe.size, probe), ctx))
    assert path.read_bytes() == before  # the evidence is untouched
    return tables, ctx.warnings


def _ts(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC)


def _feature(props: dict, lon=-1.55, lat=53.8) -> dict:
    return {"geometry": {"coordinates": [lon, lat], "type": "Point"}, "properties": props, "type": "Feature"}


def test_saved_places_both_forms(tmp_path):
    features = [
        # newer form (Data Portability schema)
        _feature({"date": "2026-03-02T09:00:00Z", "google_maps_url": "http://maps.google.com/?cid=1",
                  "location": {"address": "Flat 2, 12 Acacia Avenue, Leeds LS1 4AB", "country_code": "GB",
                               "name": "Flat 2, 12 Acacia Avenue"}}),
        # older form: Title / Published / Updated / Location with Business Name, string coordinates
        _feature({"Google Maps URL": "http://maps.google.com/?cid=2", "Title": "Costa Coffee",
                  "Published": "2021-05-01T10:00:00Z", "Updated": "2022-01-07T09:30:20Z",
                  "Location": {"Address": "1 Briggate, Leeds LS1 6HD", "Business Name": "Costa Coffee",
                               "Country Code": "GB", "Geo Coordinates": {"Latitude": "53.797", "Longitude": "-1.542"}},
                  "Comment": "she works here Tuesdays"}, lon=0, lat=0),
        # older form with only a title and a ?q= URL, no coordinates known
        _feature({"Google Maps URL": "http://maps.google.com/?q=3+Mill+Rd,+York&ftid=0x1:0x2",
                  "Published": "2020-01-01T00:00:00Z", "Updated": "2020-01-01T00:00:00Z",
                  "Location": {"Geo Coordinates": {"Latitude": "0", "Longitude": "0"}}}, lon=0, lat=0),
        # a labeled place (Maps/My labeled places): flat name / address, no date
        _feature({"name": "Home", "address": "5 Oak St, Leeds"}),
        "not an object",
        _feature({"date": "2026-01-01T00:00:00Z"}),  # names no place
    ]
    path = tmp_path / "Saved Places.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, indent=2), encoding="utf-8")
    tables, warnings = _run(path, SAVED, tmp_path)
    t = tables["texts"]
    conform("texts", t.append_column("device", pa.array(["d"] * t.num_rows)).append_column("src_file", pa.array(["f"] * t.num_rows)))
    rows = t.to_pylist()
    assert [(r["src_table"], r["src_row"], r["kind"], r["app"]) for r in rows] == [
        ("features", 0, "saved_place", "google_maps"), ("features", 1, "saved_place", "google_maps"),
        ("features", 2, "saved_place", "google_maps"), ("features", 3, "saved_place", "google_maps")]
    assert [r["text"] for r in rows] == [
        "Flat 2, 12 Acacia Avenue\nFlat 2, 12 Acacia Avenue, Leeds LS1 4AB",
        "Costa Coffee\n1 Briggate, Leeds LS1 6HD\nshe works here Tuesdays",
        "3 Mill Rd, York",
        "Home\n5 Oak St, Leeds",
    ]
    assert rows[0]["ts"] == rows[0]["last_ts"] == _ts("2026-03-02T09:00:00Z")
    assert (rows[1]["ts"], rows[1]["last_ts"]) == (_ts("2021-05-01T10:00:00Z"), _ts("2022-01-07T09:30:20Z"))
    assert rows[3]["ts"] is None
    assert [(r["lat"], r["lon"]) for r in rows] == [(53.8, -1.55), (53.797, -1.542), (None, None), (53.8, -1.55)]
    assert [r["country_code"] for r in rows] == ["GB", "GB", None, None]
    assert rows[1]["comment"] == "she works here Tuesdays" and rows[1]["name"] == "Costa Coffee"
    reasons = " | ".join(w.reason for w in warnings)
    assert sum(w.rows_skipped for w in warnings) == 2
    assert "1 features are not JSON objects" in reasons and "1 features name no place" in reasons
    assert "1 rows without a readable time" in reasons


def _item(title, time="2026-03-02T09:00:00.123Z", url=None, header="Maps", **kw) -> dict:
    d = {"header": header, "title": title, "time": time, "products": [header], "activityControls": ["Web & App Activity"]}
    if url:
        d["titleUrl"] = url
    if time is None:
        del d["time"]
    return {**d, **kw}


def test_my_activity_maps(tmp_path):
    items = [
        _item("Searched for 12 acacia ave leeds", url="https://www.google.com/maps/search/12+acacia+ave+leeds/@53.8,-1.5,15z"),
        _item("Directions to 12 Acacia Avenue, Leeds LS1 4AB", url="https://www.google.com/maps/dir//12+Acacia+Avenue"),
        _item("Directions from Home to Leeds Station"),
        _item("Used Maps"),
        _item("Viewed area around Pheba", url="https://www.google.com/maps/@33.5,-88.9,14z"),
        _item("Acme Gym", url="https://www.google.co.uk/maps/place/Acme+Gym/@53.8,-1.5,17z/data=!3m1"),
        _item("Pesquisou por LS1 4AB", url="https://www.google.com/maps/search/LS1+4AB"),  # localised: by URL
        _item("Searched for jane doe", header="Search"),  # another product in a combined file
        42,
        _item("Searched for 12 Acacia Ave", time=None),
        _item("Viewed Leeds Museum"),
    ]
    path = tmp_path / "MyActivity.json"
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    tables, warnings = _run(path, ACTIVITY, tmp_path)
    rows = tables["texts"].to_pylist()
    assert [(r["src_row"], r["kind"], r["text"]) for r in rows] == [
        (0, "maps_search", "12 acacia ave leeds"),
        (1, "directions", "12 Acacia Avenue, Leeds LS1 4AB"),
        (2, "directions", "Leeds Station (from Home)"),
        (5, "maps_view", "Acme Gym"),
        (6, "maps_search", "LS1 4AB"),
        (9, "maps_search", "12 Acacia Ave"),
        (10, "maps_view", "Leeds Museum"),
    ]
    assert {r["src_table"] for r in rows} == {"activity"} and {r["app"] for r in rows} == {"google_maps"}
    assert rows[0]["ts"] == rows[0]["last_ts"] == _ts("2026-03-02T09:00:00.123Z")
    assert rows[2]["origin"] == "Home" and rows[0]["origin"] is None
    assert rows[0]["title"] == "Searched for 12 acacia ave leeds" and rows[0]["url"].startswith("https://www.google.com/maps/search/")
    assert rows[5]["ts"] is None
    reasons = " | ".join(w.reason for w in warnings)
    assert "1 items are not JSON objects" in reasons and "1 rows without a readable time" in reasons
    assert sum(w.rows_skipped for w in warnings) == 1


def test_classify_title():
    c = takeout_maps.classify_title
    assert c("Searched for  Flat 6, 66 Moorland Road ", None) == ("maps_search", "Flat 6, 66 Moorland Road", None)
    assert c("Directions to Bristol BS7 6ZL", None) == ("directions", "Bristol BS7 6ZL", None)
    assert c("Used Google Maps", "https://www.google.com/maps") is None
    assert c("Explored on Google Maps", None) is None
    assert c("Something", "https://www.google.com/maps/dir/Home/12+Acacia+Ave") == ("directions", "12 Acacia Ave (from Home)", None)
    assert c(None, None) is None


def test_detect(tmp_path):
    def probe(head: bytes, inside: str = "x.json") -> Probe:
        return Probe(inside, len(head), head[:100], None)

    assert takeout_maps.detect(probe(b'\xef\xbb\xbf{\n  "type" : "FeatureCollection",\n  "features" : [ {'))
    assert takeout_maps.detect(probe(b'[ {\n  "header" : "Maps",\n  "title" : "Searched for x"'))
    assert takeout_maps.detect(probe(b'[{"header": "Search", "title": "x"}]', "Takeout/My Activity/Maps/MyActivity.json"))
    assert not takeout_maps.detect(probe(b'[{"header": "Search", "title": "x"}]', "Takeout/My Activity/Search/MyActivity.json"))
    assert not takeout_maps.detect(probe(b'{"locations": [{"timestampMs": "1"'))
    assert not takeout_maps.detect(probe(b'{"timelineObjects": ['))
    assert not takeout_maps.detect(probe(b"SQLite format 3\x00" + b"\x00" * 84))
    # no other adapter claims these files
    p = tmp_path / "MyActivity.json"
    p.write_text(json.dumps([_item("Searched for x")], indent=2))
    assert [n for n, m in ADAPTERS.items() if m.detect(_probe(p, ACTIVITY))] == ["takeout_maps"]


@pytest.mark.parametrize("content", [b'{"type": "FeatureCollection", "features": [{"geometry"', b"[{\"header\": \"Maps\", \"ti"])
def test_truncated_file(tmp_path, content):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    tables, warnings = _run(path, ACTIVITY, tmp_path)
    assert tables == {}
    assert len(warnings) == 1 and "not valid JSON" in warnings[0].reason


def test_pipeline_ingest(tmp_path):
    """Through the whole collect step: both files of a Takeout folder become texts rows with provenance."""
    from devtriage.collect import ingest

    root = tmp_path / "EXH-1"
    (root / Path(SAVED).parent).mkdir(parents=True)
    (root / Path(ACTIVITY).parent).mkdir(parents=True)
    (root / SAVED).write_text(json.dumps({"type": "FeatureCollection", "features": [
        _feature({"date": "2026-03-02T09:00:00Z", "location": {"name": "Her flat", "address": "12 Acacia Ave"}})]}))
    (root / ACTIVITY).write_text(json.dumps([_item("Directions to 12 Acacia Ave")]))
    texts = ingest(root, DEFAULT).tables["texts"]
    got = sorted((r["src_file"], r["src_table"], r["src_row"], r["kind"], r["text"]) for r in texts.to_pylist())
    assert got == [(SAVED, "features", 0, "saved_place", "Her flat\n12 Acacia Ave"),
                   (ACTIVITY, "activity", 0, "directions", "12 Acacia Ave")]
