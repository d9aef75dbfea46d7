"""GPX: the real tracks under ../shared/data/location/gpx, checked against values computed here
independently (regular expressions over the raw text), plus hand-written edge cases."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage.ingest import gpx
from devtriage.ingest.base import Probe

from conftest import DATA
from test_takeout_records import run_file

GPX_FILES = sorted((DATA / "location" / "gpx").glob("*.gpx")) if (DATA / "location" / "gpx").is_dir() else []
MIN_MS = 788_918_400_000  # 1995-01-01: earlier times are impossible for a phone record


def _expected(text: str, elem: str) -> dict:
    """Point count, lat/lon of the first and last, and first/last plausible time, by regex."""
    pts = re.findall(rf"<{elem}\b([^>]*?)(/>|>(.*?)</{elem}>)", text, flags=re.S)
    times = []
    for attrs, _, body in pts:
        m = re.search(r"<time>\s*([^<]+?)\s*</time>", body or "")
        ms = None
        if m:
            s = re.sub(r"(\.\d{6})\d+", r"\1", m.group(1)).replace("Z", "+00:00")
            ms = int(dt.datetime.fromisoformat(s).timestamp() * 1000) if "." not in s else \
                int(round(dt.datetime.fromisoformat(s).timestamp() * 1000, 0) // 1)
            ms = ms if ms >= MIN_MS else None
        times.append(ms)
    coords = [(float(re.search(r'lat="([^"]+)"', a).group(1)), float(re.search(r'lon="([^"]+)"', a).group(1))) for a, _, _ in pts]
    valid = [t for t in times if t is not None]
    return {"n": len(pts), "first": coords[0] if coords else None, "last": coords[-1] if coords else None,
            "t_first": valid[0] if valid else None, "t_last": valid[-1] if valid else None, "n_timed": len(valid)}


@pytest.mark.skipif(not GPX_FILES, reason="../shared/data/location/gpx not present")
@pytest.mark.parametrize("path", GPX_FILES, ids=lambda p: p.name)
def test_real_gpx_files(path: Path):
    text = path.read_text(encoding="utf-8")
    tables, warnings = run_file(gpx, path, f"exports/{path.name}")
    t = tables["locations"]
    total = 0
    for elem in ("trkpt", "rtept", "wpt"):
        want = _expected(text, elem)
        part = t.filter(pa.compute.equal(t.column("src_table"), elem))
        assert part.num_rows == want["n"], elem
        total += want["n"]
        if not want["n"]:
            continue
        assert part.column("src_row").to_pylist() == list(range(want["n"]))
        lat, lon = part.column("lat").to_pylist(), part.column("lon").to_pylist()
        assert (lat[0], lon[0]) == pytest.approx(want["first"], abs=1e-9)
        assert (lat[-1], lon[-1]) == pytest.approx(want["last"], abs=1e-9)
        ts = [v for v in part.column("ts").cast(pa.int64()).to_pylist() if v is not None]
        assert len(ts) == want["n_timed"]
        if ts:
            assert (ts[0], ts[-1]) == (want["t_first"], want["t_last"])
    assert t.num_rows == total > 0
    assert not [w for w in warnings if w.rows_skipped]


@pytest.mark.skipif(not GPX_FILES, reason="../shared/data/location/gpx not present")
def test_real_gpx_1901_times_are_null_with_a_warning():
    path = next((p for p in GPX_FILES if p.name == "Mojstrovka.gpx"), None)
    if path is None:
        pytest.skip("Mojstrovka.gpx not present")
    tables, warnings = run_file(gpx, path)
    t = tables["locations"]
    assert t.column("ts").null_count == t.num_rows == 184
    assert any("impossible time" in w.reason and "184 points" in w.reason for w in warnings)
    assert t.column("altitude_m").null_count == 0


GPX11 = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><name>m</name></metadata>
  <wpt lat="53.8" lon="-1.55"><name>home</name></wpt>
  <rte><name>r</name><rtept lat="53.81" lon="-1.56"/><rtept lat="53.82" lon="-1.57"><time>2026-03-01T10:00:00+01:00</time></rtept></rte>
  <trk><name>t1</name>
    <trkseg>
      <trkpt lat="53.8001" lon="-1.5501"><ele>50.5</ele><time>2026-03-01T09:00:00.123Z</time><hdop>1.2</hdop><src>gps</src><sat>7</sat></trkpt>
      <trkpt lat="91" lon="0"><time>2026-03-01T09:00:01Z</time></trkpt>
      <trkpt lat="53.8003" lon="-1.5503"><time>2026-03-01T09:00:02</time><pdop>2</pdop></trkpt>
    </trkseg>
    <trkseg><trkpt lat="53.8004" lon="-1.5504"><time>garbage</time></trkpt></trkseg>
  </trk>
  <trk><trkseg><trkpt lat="-33.8688197" lon="151.2092955"><time>2026-03-02T00:00:00Z</time></trkpt></trkseg></trk>
</gpx>
"""


def test_gpx_11_edge_cases(tmp_path):
    path = tmp_path / "walk.gpx"
    path.write_text(GPX11)
    tables, warnings = run_file(gpx, path)
    t = tables["locations"]
    rows = t.to_pylist()
    assert [(r["src_table"], r["src_row"]) for r in rows] == [
        ("wpt", 0), ("rtept", 0), ("rtept", 1), ("trkpt", 0), ("trkpt", 2), ("trkpt", 3), ("trkpt", 4)]
    assert [r["kind"] for r in rows] == ["waypoint", "route", "route"] + ["track"] * 4
    ms = t.column("ts").cast(pa.int64()).to_pylist()
    base = int(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC).timestamp() * 1000)
    assert ms == [None, None, base, base + 123, base + 2000, None, base + 15 * 3_600_000]
    assert [r["accuracy_m"] for r in rows][3:5] == [pytest.approx(6.0), pytest.approx(10.0)]
    assert rows[3]["altitude_m"] == 50.5 and rows[3]["source"] == "gps" and rows[3]["satellites"] == 7
    assert [r["track"] for r in rows][3:] == [0, 0, 0, 1] and [r["segment"] for r in rows][3:] == [0, 0, 1, 0]
    assert rows[0]["name"] == "home"
    reasons = {w.reason: w.rows_skipped for w in warnings}
    assert reasons["GPX: 1 points with missing or out-of-range lat/lon: skipped"] == 1
    assert any("1 points with an unreadable" in r for r in reasons)
    assert any("2 points without a time" in r for r in reasons)


def test_gpx_broken_xml_keeps_points_before_the_error(tmp_path):
    path = tmp_path / "cut.gpx"
    path.write_text(GPX11[: GPX11.index("<trkseg><trkpt lat=\"53.8004\"")] + "<trkseg><trkpt lat=")
    tables, warnings = run_file(gpx, path)
    assert tables["locations"].num_rows >= 5
    assert any("XML error" in w.reason for w in warnings)


@pytest.mark.parametrize("name,head,ok", [
    ("a.gpx", b'<?xml version="1.0"?>\n<gpx version="1.0">', True),
    ("renamed.xml", b'<?xml version="1.0" encoding="UTF-8" standalone="no" ?><gpx xmlns="http://www.topografix.com/GPX/1/1"', True),
    ("long.gpx", b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a long comment that pushes the root element beyond the head -->', True),
    ("x.xml", b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">', False),
    ("x.json", b'{"gpx": 1}', False),
])
def test_gpx_detect(name, head, ok):
    assert gpx.detect(Probe(name, 100, head)) is ok
