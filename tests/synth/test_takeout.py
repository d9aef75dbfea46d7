"""Records.json (old and new forms) and Semantic Location History round-trip through json."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import numpy as np
import pytest

from devtriage.synth import places as P
from devtriage.synth import takeout as T

ROUTINE = P.Routine(51.5079, -0.0877, 51.5155, -0.0922, commute_mode="transit", tz="Europe/London")


@pytest.fixture(scope="module")
def track() -> P.Track:
    return P.simulate(np.random.Generator(np.random.PCG64(1)), ROUTINE, datetime(2026, 3, 1, tzinfo=UTC), 4, 400)


def _iso_to_ms(s: str) -> int:
    return round(datetime.fromisoformat(s).timestamp() * 1000)


@pytest.mark.parametrize("form", ["new", "old"])
def test_records_round_trip(tmp_path, track, form):
    path = tmp_path / "Records.json"
    n = T.write_records(path, track, form=form, device_tag=-577680376, chunk=97)  # odd chunk size
    assert n == len(track)
    locs = json.loads(path.read_text(encoding="utf-8"))["locations"]
    assert list(json.loads(path.read_text())) == ["locations"]
    assert len(locs) == len(track)
    lat7 = np.array([r["latitudeE7"] for r in locs])
    lon7 = np.array([r["longitudeE7"] for r in locs])
    assert all(isinstance(r["latitudeE7"], int) and isinstance(r["accuracy"], int) for r in locs)
    assert np.array_equal(lat7, np.round(track.lat * 1e7).astype(np.int64))
    assert np.array_equal(lon7, np.round(track.lon * 1e7).astype(np.int64))
    assert np.abs(lat7 / 1e7 - track.lat).max() < 1e-7
    assert [r["accuracy"] for r in locs] == track.accuracy_m.astype(int).tolist()
    if form == "old":
        assert all(isinstance(r["timestampMs"], str) for r in locs)
        assert [int(r["timestampMs"]) for r in locs] == track.ts_ms.tolist()
        assert "timestamp" not in locs[0] and "source" not in locs[0]
        assert '"locations" : [ {' in path.read_text()[:40]
    else:
        assert all(r["timestamp"].endswith("Z") and len(r["timestamp"]) == 24 for r in locs)
        assert [_iso_to_ms(r["timestamp"]) for r in locs] == track.ts_ms.tolist()
        assert [r["source"] for r in locs] == track.source.tolist()
        assert {r["deviceTag"] for r in locs} == {-577680376}
        assert {r["platformType"] for r in locs} == {"ANDROID"}
        assert "timestampMs" not in locs[0]
    with_act = [r for r in locs if "activity" in r]
    assert 0.2 < len(with_act) / len(locs) < 0.5
    for r in with_act:
        (rec,) = r["activity"]
        cands = rec["activity"]
        assert cands[0]["type"] in P.ACTIVITIES
        assert all(0 < c["confidence"] <= 100 for c in cands)
        t_rec = int(r["timestampMs"]) if form == "old" else _iso_to_ms(r["timestamp"])
        t_act = int(rec["timestampMs"]) if form == "old" else _iso_to_ms(rec["timestamp"])
        assert 0 < t_act - t_rec < 5_000
    # the activity reflects the simulated one
    i = next(k for k, r in enumerate(locs) if "activity" in r)
    assert locs[i]["activity"][0]["activity"][0]["type"] == P.ACTIVITIES[track.activity[i]]


def test_records_deterministic_and_chunk_independent(tmp_path, track):
    digests = set()
    for k, chunk in enumerate((50_000, 50_000, 13)):
        p = tmp_path / f"r{k}.json"
        T.write_records(p, track, form="new", chunk=chunk)
        digests.add(hashlib.sha256(p.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_records_from_plain_arrays(tmp_path):
    pts = {
        "ts_ms": np.array([1_641_031_200_123, 1_641_031_260_000], dtype=np.int64),
        "lat": np.array([51.5, -33.8688197]),
        "lon": np.array([-0.12, 151.2092955]),
        "accuracy_m": np.array([12.0, 1500.0]),
        "source": np.array(["GPS", "CELL"]),
    }
    p = tmp_path / "Records.json"
    T.write_records(p, pts, form="new", device_tag=42)
    locs = json.loads(p.read_text())["locations"]
    assert locs[0]["timestamp"] == "2022-01-01T10:00:00.123Z"
    assert locs[1]["latitudeE7"] == -338688197 and locs[1]["longitudeE7"] == 1512092955
    assert locs[1]["source"] == "CELL" and locs[1]["accuracy"] == 1500
    assert all("activity" not in r for r in locs)
    T.write_records(p, {k: v[:0] for k, v in pts.items()}, form="old")
    assert json.loads(p.read_text()) == {"locations": []}


def test_semantic(tmp_path):
    visits = [
        P.Visit(51.52, -0.1, datetime(2026, 3, 14, 22, 5, tzinfo=UTC), 3_600, "Victim home"),
        P.Visit(51.51, -0.09, datetime(2026, 3, 2, 8, 30, 0, 250_000, tzinfo=UTC), 1_800, "Work"),
    ]
    path = T.semantic_path(tmp_path, 2026, 3)
    assert path.as_posix().endswith("Semantic Location History/2026/2026_MARCH.json")
    assert T.write_semantic(path, visits) == 2
    objs = json.loads(path.read_text())["timelineObjects"]
    pv = [o["placeVisit"] for o in objs]
    assert [v["location"]["name"] for v in pv] == ["Work", "Victim home"]  # time order
    assert pv[0]["duration"] == {"startTimestamp": "2026-03-02T08:30:00.250Z", "endTimestamp": "2026-03-02T09:00:00.250Z"}
    assert pv[1]["location"]["latitudeE7"] == 515200000 and pv[1]["location"]["longitudeE7"] == -1000000
    assert pv[1]["placeConfidence"] == "HIGH_CONFIDENCE"
    b1 = path.read_bytes()
    T.write_semantic(path, list(reversed(visits)))
    assert path.read_bytes() == b1
