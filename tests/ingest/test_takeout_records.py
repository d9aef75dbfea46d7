"""Google Takeout location history: Records.json (old and new forms) and Semantic Location History."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from devtriage import collect
from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest import locutil, takeout_records, takeout_semantic
from devtriage.ingest.base import Artifact, Context, Probe
from devtriage.synth import takeout
from devtriage.synth.places import Visit

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def run_file(module, path: Path, name: str | None = None, check_detect: bool = True):
    """Copy a (non-SQLite) file privately, probe it by head + path, detect and read it."""
    path = Path(path)
    tmp = Path(tempfile.mkdtemp(prefix="devtriage-test-"))
    try:
        local = tmp / "artifact"
        shutil.copyfile(path, local)
        with open(path, "rb") as fh:
            head = fh.read(100)
        probe = Probe(name or path.name, path.stat().st_size, head)
        if check_detect:
            assert module.detect(probe), f"{module.NAME} did not detect {path}"
        ctx = Context(device="t", case=DEFAULT, normaliser=Normaliser("GB"))
        ctx.adapter, ctx.src_file = module.NAME, probe.path
        parts: dict[str, list[pa.Table]] = {}
        for tname, table in module.read(Artifact(probe.path, local, probe.size, probe), ctx):
            parts.setdefault(tname, []).append(table)
        return {n: pa.concat_tables(ts) for n, ts in parts.items()}, ctx.warnings
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _points(n: int, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "ts_ms": T0 + np.cumsum(rng.integers(1_000, 600_000, n)),
        "lat": np.round(rng.uniform(-89.9, 89.9, n), 7),
        "lon": np.round(rng.uniform(-179.9, 179.9, n), 7),
        "accuracy_m": rng.integers(1, 2_000, n).astype(float),
        "source": rng.integers(0, 3, n),
        "activity": rng.integers(0, 4, n),
    }


def _ts_ms(t: pa.Table) -> np.ndarray:
    return t.column("ts").cast(pa.int64()).to_numpy()


@pytest.mark.parametrize("form", ["old", "new"])
def test_records_round_trip(tmp_path, form):
    pts = _points(3_000)
    path = tmp_path / "Records.json"
    takeout.write_records(path, pts, form=form)
    tables, warnings = run_file(takeout_records, path, "Takeout/Location History/Records.json")
    t = tables["locations"]
    assert t.num_rows == 3_000 and warnings == []
    assert np.array_equal(_ts_ms(t), pts["ts_ms"])
    assert np.abs(t.column("lat").to_numpy() - pts["lat"]).max() < 1e-7
    assert np.abs(t.column("lon").to_numpy() - pts["lon"]).max() < 1e-7
    assert np.array_equal(t.column("accuracy_m").to_numpy(), pts["accuracy_m"])
    assert t.column("src_row").to_pylist() == list(range(3_000))
    assert set(t.column("src_table").to_pylist()) == {"locations"}
    if form == "new":
        assert t.column("source").to_pylist() == [("GPS", "WIFI", "CELL")[i] for i in pts["source"]]
        assert set(t.column("device_tag").to_pylist()) == {1978796627}
    else:
        assert t.column("source").null_count == 3_000
    acts = t.column("activity").to_pylist()
    assert 0 < sum(a is not None for a in acts) < 3_000  # about a third carry an activity
    assert {a for a in acts if a} <= {"STILL", "WALKING", "ON_BICYCLE", "IN_VEHICLE"}


def test_records_small_chunks_give_the_same_table(tmp_path, monkeypatch):
    pts = _points(500, seed=3)
    path = tmp_path / "Records.json"
    takeout.write_records(path, pts, form="old")
    big, _ = run_file(takeout_records, path)
    monkeypatch.setattr(locutil, "CHUNK_BYTES", 700)  # shorter than a record: buffers grow
    small, _ = run_file(takeout_records, path)
    assert small["locations"].equals(big["locations"])


def _write(path: Path, records: list, raw: list[str] | None = None) -> None:
    body = [json.dumps(r) for r in records] + (raw or [])
    path.write_text('{\n  "locations" : [ ' + ",\n".join(body) + " ]\n}\n")


def test_records_overflowed_e7_and_negative(tmp_path):
    recs = [
        {"timestampMs": str(T0), "latitudeE7": 4233738877, "longitudeE7": 1066510714, "accuracy": 10},  # Google's example
        {"timestampMs": str(T0 + 1), "latitudeE7": -61228419, "longitudeE7": 2**32 - 1234567890, "accuracy": 10},
        {"timestamp": "2026-01-01T00:00:00.002Z", "latitudeE7": -338688197, "longitudeE7": 1512092955, "accuracy": 5},
    ]
    path = tmp_path / "Records.json"
    _write(path, recs)
    tables, warnings = run_file(takeout_records, path)
    t = tables["locations"]
    assert t.column("lat").to_pylist() == pytest.approx([-6.1228419, -6.1228419, -33.8688197], abs=1e-9)
    assert t.column("lon").to_pylist() == pytest.approx([106.6510714, -123.456789, 151.2092955], abs=1e-9)
    assert _ts_ms(t).tolist() == [T0, T0 + 1, T0 + 2]
    assert [w.reason for w in warnings if "2^32" in w.reason] and "2 records" in warnings[0].reason


def test_records_bad_records_are_skipped_and_counted(tmp_path):
    good = {"timestampMs": str(T0), "latitudeE7": 538008000, "longitudeE7": -15491000, "accuracy": 12}
    recs = [good,
            {"timestampMs": "soon", "latitudeE7": 1, "longitudeE7": 1},  # bad time
            {"timestampMs": "100", "latitudeE7": 1, "longitudeE7": 1},  # 1970: impossible
            {"latitudeE7": 1, "longitudeE7": 1},  # no time
            {"timestampMs": str(T0), "accuracy": 3},  # no coordinates
            {"timestampMs": str(T0), "latitudeE7": 950000000, "longitudeE7": 1},  # latitude 95 after all
            {"timestamp": "2026-01-01T00:00:01Z", "latitudeE7": 10, "longitudeE7": 20, "source": "GPS",
             "note": "braces } { and \"quotes\" in a string"}]
    path = tmp_path / "Records.json"
    _write(path, recs, raw=['{"timestampMs": "1", "latitudeE7": }', "[1, 2]",
                            json.dumps(good).replace(str(T0), str(T0 + 5))])
    tables, warnings = run_file(takeout_records, path)
    t = tables["locations"]
    assert t.column("src_row").to_pylist() == [0, 6, 9]
    assert _ts_ms(t).tolist() == [T0, T0 + 1000, T0 + 5]
    skipped = {w.reason.split(": ", 1)[1]: w.rows_skipped for w in warnings}
    assert skipped == {
        "1 records are not valid JSON: skipped": 1,
        "1 records are not JSON objects: skipped": 1,
        "1 records have no timestampMs / timestamp: skipped": 1,
        "2 records have an unreadable or impossible time (before 1995 or from 2100): skipped": 2,
        "1 records have no latitudeE7 / longitudeE7: skipped": 1,
        "1 records have coordinates out of range: skipped": 1,
    }


def test_records_truncated_file(tmp_path):
    path = tmp_path / "Records.json"
    takeout.write_records(path, _points(100), form="new")
    data = path.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) // 2])
    tables, warnings = run_file(takeout_records, cut)
    n = tables["locations"].num_rows
    assert 40 <= n <= 60 and tables["locations"].column("src_row").to_pylist() == list(range(n))
    assert any("truncated" in w.reason for w in warnings)


@pytest.mark.parametrize("head,ok", [
    (b'{\n  "locations" : [ {\n    "timestampMs" : "1", ', True),
    (b'{"locations":[{"latitudeE7":1', True),
    (b'\xef\xbb\xbf{ "locations": [] }', True),
    (b'{\n  "locations": [{\n    "latit', True),
    (b'{"locations": [{"name": "Leeds"}]}', False),
    (b'{"timelineObjects": []}', False),
    (b"<gpx>", False),
])
def test_records_detect(head, ok):
    assert takeout_records.detect(Probe("x/anything.json", 100, head)) is ok


def test_records_bounded_memory(tmp_path, monkeypatch):
    """A ~50 MB Records.json is read while the traced peak stays far below the file size.

    Tables are yielded every 20k rows here (1M by default) and dropped by the consumer, so
    the peak is the reader's own working memory, not the rows it has produced.
    """
    monkeypatch.setattr(takeout_records, "BATCH_ROWS", 20_000)
    path = tmp_path / "Records.json"
    n = 150_000
    takeout.write_records(path, _points(n, seed=5), form="new")
    size = path.stat().st_size
    assert size > 45e6
    probe = Probe("Records.json", size, path.read_bytes()[:100])
    ctx = Context(device="t", case=DEFAULT, normaliser=Normaliser("GB"))
    rows = 0
    tracemalloc.start()
    try:
        for _, table in takeout_records.read(Artifact("Records.json", path, size, probe), ctx):
            rows += table.num_rows
            del table
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == n
    assert peak < size / 5, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"


# ------------------------------------------------------------------------------ semantic


def test_semantic_visits_round_trip(tmp_path):
    start = dt.datetime(2026, 3, 4, 21, 30, 5, 123000, tzinfo=dt.UTC)
    visits = [Visit(53.8008, -1.5491, start, 3600.5, "victim home"),
              Visit(-33.8688197, 151.2092955, start + dt.timedelta(days=1), 60, "Sydney")]
    path = takeout.semantic_path(tmp_path, 2026, 3)
    assert takeout.write_semantic(path, visits) == 2
    tables, warnings = run_file(takeout_semantic, path, "Takeout/Location History/Semantic Location History/2026/2026_MARCH.json")
    t = tables["locations"]
    assert warnings == []
    assert t.column("kind").to_pylist() == ["visit", "visit"]
    assert t.column("place_name").to_pylist() == ["victim home", "Sydney"]
    s_ms = int(start.timestamp() * 1000)
    assert _ts_ms(t).tolist() == [s_ms, s_ms + 86_400_000]
    assert t.column("end_ts").cast(pa.int64()).to_pylist() == [s_ms + 3_600_500, s_ms + 86_400_000 + 60_000]
    assert t.column("lat").to_pylist() == pytest.approx([53.8008, -33.8688197], abs=1e-7)
    assert t.column("lon").to_pylist() == pytest.approx([-1.5491, 151.2092955], abs=1e-7)
    assert t.column("src_row").to_pylist() == [0, 1]


def test_semantic_activity_segments_old_form(tmp_path):
    seg = {"activitySegment": {
        "startLocation": {"latitudeE7": 538000000, "longitudeE7": -15500000},
        "endLocation": {"latitudeE7": 538100000, "longitudeE7": 4280000000},  # overflowed -0.1487296
        "duration": {"startTimestampMs": str(T0), "endTimestampMs": str(T0 + 600_000)},
        "distance": 1500, "activityType": "IN_PASSENGER_VEHICLE",
        "waypointPath": {"waypoints": [{"latE7": 538050000, "lngE7": -15400000}]},
        "simplifiedRawPath": {"points": [{"latE7": 538020000, "lngE7": -15450000, "accuracyMeters": 8,
                                          "timestampMs": str(T0 + 120_000)}]},
    }}
    visit = {"placeVisit": {"location": {"address": "1 Road", "placeId": "ChIJx", "sourceInfo": {"deviceTag": 7}},
                            "centerLatE7": 538100000, "centerLngE7": -14000000,
                            "duration": {"startTimestampMs": str(T0 + 600_000), "endTimestampMs": str(T0 + 900_000)}}}
    path = tmp_path / "2016_JANUARY.json"
    path.write_text(json.dumps({"timelineObjects": [seg, visit, {"somethingElse": {}}]}, indent=1))
    tables, warnings = run_file(takeout_semantic, path)
    t = tables["locations"]
    assert t.column("segment_part").to_pylist() == ["start", "raw", "waypoint", "end", None]
    assert t.column("kind").to_pylist() == ["segment"] * 4 + ["visit"]
    assert _ts_ms(t).tolist() == [T0, T0 + 120_000, T0, T0 + 600_000, T0 + 600_000]
    assert t.column("lon").to_pylist() == pytest.approx([-1.55, -1.545, -1.54, (4280000000 - 2**32) / 1e7, -1.4])
    assert t.column("accuracy_m").to_pylist()[1] == 8
    assert t.column("src_row").to_pylist() == [0, 0, 0, 0, 1]
    assert t.column("device_tag").to_pylist()[4] == 7
    assert [w.rows_skipped for w in warnings] == [1]


# ------------------------------------------------------------------------------ whole devices


@pytest.fixture(scope="module")
def devices(tmp_path_factory):
    from devtriage.synth.generate import generate

    root = tmp_path_factory.mktemp("synth")
    return generate(root, 2, "tiny", 11, ["fixated", "fixated"])


def test_collect_synthetic_devices_locations_match_truth(devices):
    for exhibit in devices:
        truth = json.loads(Path(str(exhibit) + ".truth.json").read_text())
        result = collect.ingest(exhibit)
        loc = result.tables["locations"]
        assert loc.num_rows == truth["counts"]["locations"]
        assert not [w for w in result.warnings if w["adapter"] in ("takeout_records", "ios_routined")]
        planted = truth["scenarios"][0]["planted_places"]
        assert planted, exhibit
        keys = {(f, t, r): i for i, (f, t, r) in enumerate(zip(loc.column("src_file").to_pylist(),
                                                                loc.column("src_table").to_pylist(),
                                                                loc.column("src_row").to_pylist()))}
        ts = loc.column("ts").cast(pa.int64()).to_pylist()
        for p in planted:
            i = keys[(p["file"], p["table"], p["rowid"])]
            want = int(dt.datetime.fromisoformat(p["ts"].replace("Z", "+00:00")).timestamp() * 1000)
            assert abs(ts[i] - want) <= 1
