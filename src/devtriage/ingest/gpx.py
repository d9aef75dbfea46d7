"""GPX 1.0 / 1.1 files: track points, route points and waypoints, streamed.

GPX (the GPS Exchange Format, topografix.com ``GPX/1/0`` and ``GPX/1/1`` schemas) is XML:
``<trk><trkseg><trkpt lat lon>``, ``<rte><rtept lat lon>`` and ``<wpt lat lon>``, each point
with optional ``<time>`` (ISO 8601, UTC), ``<ele>`` (m), ``<name>``, ``<src>``, ``<sat>``,
``<hdop>``, ``<vdop>``, ``<pdop>``, and in GPX 1.0 ``<speed>`` (m/s) and ``<course>``
(degrees). Recognised by content (``<gpx`` in the first bytes, or an XML file named
``*.gpx``), any file name.

Rows go to ``locations``, one per point, in document order: ``src_table`` the element
(``trkpt``, ``rtept``, ``wpt``), ``src_row`` its 0-based index among the file's elements of
that name. ``kind`` is ``"track"``, ``"route"`` or ``"waypoint"``; ``track`` / ``segment``
number the ``trk`` / ``rte`` and ``trkseg`` (0-based). ``source`` is the point's ``<src>``
(null when absent). ``accuracy_m`` is an estimate, only when a dilution of precision is
recorded: HDOP (else PDOP) x 5 m, a typical consumer GPS user-equivalent range error; the
DOPs are kept raw in ``hdop`` / ``pdop`` / ``vdop``. Extra columns: ``altitude_m``,
``speed_mps``, ``course_deg``, ``name``, ``satellites``.

Points without a time (routes and waypoints often have none) are kept with ``ts`` null;
impossible times (before 1995 or from 2100, such as the 1901 dates some converters write)
are also kept with ``ts`` null, counted in a warning. Points with missing or out-of-range
``lat`` / ``lon`` are skipped and counted. The file is read with ``iterparse`` and every
element is dropped once read, so memory stays bounded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from .base import Artifact, Context, Probe
from .locutil import fcol, iso_to_ms, plausible, str_values, ts_array

NAME = "gpx"
FORMAT = "GPX 1.0 / 1.1 tracks, routes and waypoints (trkpt, rtept, wpt), streamed"
VERSIONS = "GPX 1.0 and 1.1 (topografix schemas; GPSBabel, Garmin and app exports)"
TABLES = ("locations",)

UERE_M = 5.0  # typical user-equivalent range error of a consumer GPS receiver (m): accuracy ~ HDOP x UERE
BATCH_ROWS = 1_000_000

_HEAD = re.compile(rb"<gpx[\s>]")
_POINTS = {"trkpt": "track", "rtept": "route", "wpt": "waypoint"}
_FIELDS = ("time", "ele", "name", "src", "sat", "hdop", "vdop", "pdop", "speed", "course")


def detect(probe: Probe) -> bool:
    if probe.is_sqlite:
        return False
    head = probe.head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HEAD.search(head):
        return head.startswith(b"<")
    return probe.name.lower().endswith(".gpx") and head.startswith(b"<?xml")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag


def _float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


class _Cols:
    def __init__(self) -> None:
        self.c: dict[str, list] = {k: [] for k in ("lat", "lon", "elem", "row", "track", "segment", *_FIELDS)}

    def __len__(self) -> int:
        return len(self.c["lat"])


def _table(cols: _Cols, ctx_counts: dict) -> pa.Table | None:
    c = cols.c
    n = len(cols)
    if n == 0:
        return None
    lat = np.array([_float(v) if v is not None else np.nan for v in c["lat"]], dtype=np.float64)
    lon = np.array([_float(v) if v is not None else np.nan for v in c["lon"]], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    ctx_counts["bad_coords"] += int(np.count_nonzero(~ok))
    times = [t.strip() if isinstance(t, str) else None for t in c["time"]]
    ms, parsed = iso_to_ms(times)
    has = np.fromiter((t is not None and t != "" for t in times), dtype=bool, count=n)
    good = plausible(ms, parsed)
    ctx_counts["bad_time"] += int(np.count_nonzero(ok & has & ~good))
    ctx_counts["no_time"] += int(np.count_nonzero(ok & ~has))
    num = {k: np.array([_float(v) if v is not None else np.nan for v in c[k]], dtype=np.float64)
           for k in ("ele", "hdop", "vdop", "pdop", "speed", "course", "sat")}
    dop = np.where(np.isnan(num["hdop"]), num["pdop"], num["hdop"])
    elem = c["elem"]
    t = pa.table({
        "ts": ts_array(ms, good),
        "lat": lat,
        "lon": lon,
        "accuracy_m": fcol(dop * UERE_M),
        "source": str_values(c["src"]),
        "src_table": pa.array(elem, pa.string()),
        "src_row": pa.array(c["row"], pa.int64()),
        "kind": pa.array([_POINTS[e] for e in elem], pa.string()),
        "track": pa.array(c["track"], pa.int64()),
        "segment": pa.array(c["segment"], pa.int64()),
        "name": str_values(c["name"]),
        "altitude_m": fcol(num["ele"]),
        "speed_mps": fcol(num["speed"]),
        "course_deg": fcol(num["course"]),
        "hdop": fcol(num["hdop"]),
        "vdop": fcol(num["vdop"]),
        "pdop": fcol(num["pdop"]),
        "satellites": pa.array(np.where(np.isnan(num["sat"]), 0, num["sat"]).astype(np.int64),
                               pa.int64(), mask=np.isnan(num["sat"])),
    })
    return t if ok.all() else t.filter(pa.array(ok))


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    counts = {"bad_coords": 0, "bad_time": 0, "no_time": 0}
    index = {"trkpt": 0, "rtept": 0, "wpt": 0}
    trk = rte = -1
    seg = -1
    stack: list[ET.Element] = []
    cols = _Cols()
    parts: list[pa.Table] = []
    pending = 0
    try:
        for event, el in ET.iterparse(str(artifact.local), events=("start", "end")):
            name = _local(el.tag)
            if event == "start":
                if name == "trk":
                    trk, seg = trk + 1, -1
                elif name == "rte":
                    rte += 1
                elif name == "trkseg":
                    seg += 1
                stack.append(el)
                continue
            stack.pop()
            if name in _POINTS:
                c = cols.c
                c["lat"].append(el.get("lat"))
                c["lon"].append(el.get("lon"))
                c["elem"].append(name)
                c["row"].append(index[name])
                index[name] += 1
                c["track"].append(trk if name == "trkpt" else (rte if name == "rtept" else None))
                c["segment"].append(seg if name == "trkpt" else None)
                found = dict.fromkeys(_FIELDS)
                for child in el:
                    k = _local(child.tag)
                    if k in found and found[k] is None:
                        found[k] = child.text
                for k in _FIELDS:
                    c[k].append(found[k])
                if stack:  # every earlier sibling has been read: drop them all
                    del stack[-1][:]
                if len(cols) >= 50_000:
                    t = _table(cols, counts)
                    cols = _Cols()
                    if t is not None:
                        parts.append(t)
                        pending += t.num_rows
                    if pending >= BATCH_ROWS:
                        yield "locations", pa.concat_tables(parts).combine_chunks()
                        parts, pending = [], 0
            elif name in ("trkseg", "trk", "rte", "metadata") and stack:
                del stack[-1][:]
    except ET.ParseError as exc:
        ctx.warn(f"GPX: XML error, points after it not read: {exc}")
    t = _table(cols, counts)
    if t is not None:
        parts.append(t)
    if parts:
        yield "locations", pa.concat_tables(parts).combine_chunks()
    if counts["bad_coords"]:
        ctx.warn(f"GPX: {counts['bad_coords']} points with missing or out-of-range lat/lon: skipped", counts["bad_coords"])
    if counts["bad_time"]:
        ctx.warn(f"GPX: {counts['bad_time']} points with an unreadable or impossible time (before 1995 or from 2100): "
                 "kept with ts null")
    if counts["no_time"]:
        ctx.warn(f"GPX: {counts['no_time']} points without a time (kept with ts null)")
