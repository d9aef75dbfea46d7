"""Google Takeout Semantic Location History: monthly ``placeVisit`` / ``activitySegment`` files.

``Takeout/Location History/Semantic Location History/<YEAR>/<YEAR>_<MONTH>.json`` (any
name: recognised by content) is one object with a ``timelineObjects`` array; each element
holds one ``placeVisit`` or ``activitySegment``:

* ``placeVisit``: ``location`` (``latitudeE7`` / ``longitudeE7``, ``placeId``, ``name``,
  ``address``, ``semanticType``, ``sourceInfo.deviceTag``, ``locationConfidence``),
  ``duration`` (``startTimestamp`` / ``endTimestamp`` ISO 8601, or ``startTimestampMs`` /
  ``endTimestampMs`` Unix ms strings in exports before about 2022), ``centerLatE7`` /
  ``centerLngE7`` (used when the location has no coordinates), ``visitConfidence``,
  ``placeVisitType``. One row, ``kind`` ``"visit"``: ``ts`` the start, ``end_ts`` the end.
* ``activitySegment``: ``startLocation`` / ``endLocation`` (E7), ``duration``,
  ``activityType``, ``distance``, ``waypointPath.waypoints`` (``latE7`` / ``lngE7``, no
  times) and ``simplifiedRawPath.points`` (``latE7`` / ``lngE7``, ``accuracyMeters``,
  ``timestamp`` or ``timestampMs``). Rows, ``kind`` ``"segment"``, with
  ``segment_part``: ``start`` (ts = start), ``raw`` (each raw path point at its own time),
  ``waypoint`` (ts = the segment's start and ``end_ts`` its end: the format does not say
  when within the segment the waypoint was passed), ``end`` (ts = end).

``src_table`` ``"timelineObjects"`` and ``src_row`` the object's 0-based index in the array
(several rows of one segment share it; ``point`` numbers them within it). ``source`` is
null (the format does not record how a position was obtained). E7 values above
900000000 / 1800000000 are unwrapped as in Records.json. The file is streamed with the
same chunked scanner as ``Records.json``. Objects without a readable time or
coordinates are skipped with a counted warning.

Field names: the community reference of the format (locationhistoryformat.com,
``Semantic Location History`` schema) and public sample exports (2019-2024).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from .base import Artifact, Context, Probe
from .locutil import (ScanResult, e7_to_degrees, fcol, int_values, iso_to_ms, json_array_records, parse_records,
                      plausible, str_values, ts_array)

NAME = "takeout_semantic"
FORMAT = "Google Takeout Semantic Location History monthly JSON (placeVisit, activitySegment), streamed"
VERSIONS = "Takeout Semantic Location History 2016-2024 (startTimestampMs and ISO startTimestamp forms)"
TABLES = ("locations",)

_HEAD = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"timelineObjects"\s*:\s*\[')


def detect(probe: Probe) -> bool:
    return not probe.is_sqlite and bool(_HEAD.match(probe.head))


def _time(d: dict, key: str):
    """(kind, value) of a duration / point time: ISO string or ms."""
    if not isinstance(d, dict):
        return None
    v = d.get(key)
    if v is not None:
        return v
    v = d.get(key + "Ms")
    return None if v is None else ("ms", v)


def _e7(d, lat_keys=("latitudeE7", "latE7"), lon_keys=("longitudeE7", "lngE7")):
    if not isinstance(d, dict):
        return None, None
    lat = next((d[k] for k in lat_keys if k in d), None)
    lon = next((d[k] for k in lon_keys if k in d), None)
    return lat, lon


class _Rows:
    def __init__(self) -> None:
        self.cols: dict[str, list] = {k: [] for k in (
            "t", "end_t", "lat7", "lon7", "acc", "src_row", "kind", "segment_part", "point", "place_name",
            "place_address", "place_id", "semantic_type", "device_tag", "activity", "confidence", "distance_m")}

    def add(self, **kw) -> None:
        for k, lst in self.cols.items():
            lst.append(kw.get(k))


def _objects(rows: _Rows, recs: list, first: int, counts: dict) -> None:
    for i, obj in enumerate(recs):
        idx = first + i
        if not isinstance(obj, dict):
            counts["bad"] += 1
            continue
        pv, seg = obj.get("placeVisit"), obj.get("activitySegment")
        if isinstance(pv, dict):
            loc = pv.get("location") if isinstance(pv.get("location"), dict) else {}
            dur = pv.get("duration") if isinstance(pv.get("duration"), dict) else {}
            lat, lon = _e7(loc)
            if lat is None or lon is None:
                lat, lon = pv.get("centerLatE7"), pv.get("centerLngE7")
            src = loc.get("sourceInfo") if isinstance(loc.get("sourceInfo"), dict) else {}
            rows.add(t=_time(dur, "startTimestamp"), end_t=_time(dur, "endTimestamp"), lat7=lat, lon7=lon,
                     src_row=idx, kind="visit", point=0, place_name=loc.get("name"), place_address=loc.get("address"),
                     place_id=loc.get("placeId"), semantic_type=loc.get("semanticType"),
                     device_tag=src.get("deviceTag"), confidence=pv.get("visitConfidence"))
        elif isinstance(seg, dict):
            dur = seg.get("duration") if isinstance(seg.get("duration"), dict) else {}
            start, end = _time(dur, "startTimestamp"), _time(dur, "endTimestamp")
            common = {"src_row": idx, "kind": "segment", "activity": seg.get("activityType"),
                      "distance_m": seg.get("distance")}
            k = 0
            lat, lon = _e7(seg.get("startLocation"))
            if lat is not None:
                rows.add(t=start, end_t=None, lat7=lat, lon7=lon, segment_part="start", point=k, **common)
                k += 1
            raw = seg.get("simplifiedRawPath")
            for p in (raw.get("points") or []) if isinstance(raw, dict) else []:
                lat, lon = _e7(p)
                rows.add(t=_time(p, "timestamp"), lat7=lat, lon7=lon, acc=p.get("accuracyMeters") if isinstance(p, dict) else None,
                         segment_part="raw", point=k, **common)
                k += 1
            wp = seg.get("waypointPath")
            for p in (wp.get("waypoints") or []) if isinstance(wp, dict) else []:
                lat, lon = _e7(p)
                rows.add(t=start, end_t=end, lat7=lat, lon7=lon, segment_part="waypoint", point=k, **common)
                k += 1
            lat, lon = _e7(seg.get("endLocation"))
            if lat is not None:
                rows.add(t=end, end_t=None, lat7=lat, lon7=lon, segment_part="end", point=k, **common)
        else:
            counts["other"] += 1


def _times(values: list) -> tuple[np.ndarray, np.ndarray]:
    iso = [v if isinstance(v, str) else None for v in values]
    ms_raw = [v[1] if isinstance(v, tuple) else None for v in values]
    a, a_ok = iso_to_ms(iso)
    b, b_ok = int_values(ms_raw)
    return np.where(b_ok, b, a), a_ok | b_ok


def _table(rows: _Rows, counts: dict) -> pa.Table | None:
    c = rows.cols
    n = len(c["t"])
    if n == 0:
        return None
    ms, ok = _times(c["t"])
    ok_t = plausible(ms, ok)
    end, end_ok = _times(c["end_t"])
    end_ok = plausible(end, end_ok)
    lat7 = np.array([v if isinstance(v, (int, float)) and not isinstance(v, bool) else np.nan for v in c["lat7"]], np.float64)
    lon7 = np.array([v if isinstance(v, (int, float)) and not isinstance(v, bool) else np.nan for v in c["lon7"]], np.float64)
    lat, lon, _, ok_c = e7_to_degrees(lat7, lon7)
    counts["no_time"] += int(np.count_nonzero(~ok_t))
    counts["no_coords"] += int(np.count_nonzero(ok_t & ~ok_c))
    keep = ok_t & ok_c
    if not keep.any():
        return None
    take = pa.array(np.flatnonzero(keep))
    nums = lambda k: fcol(np.array([v if isinstance(v, (int, float)) and not isinstance(v, bool) else np.nan  # noqa: E731
                                    for v in c[k]], np.float64))
    tag, tag_ok = int_values(c["device_tag"])
    t = pa.table({
        "ts": ts_array(ms, ok_t),
        "lat": lat,
        "lon": lon,
        "accuracy_m": nums("acc"),
        "source": pa.nulls(n, pa.string()),
        "src_table": pa.array(["timelineObjects"] * n, pa.string()),
        "src_row": pa.array(c["src_row"], pa.int64()),
        "kind": str_values(c["kind"]),
        "end_ts": ts_array(end, end_ok),
        "segment_part": str_values(c["segment_part"]),
        "point": pa.array(c["point"], pa.int64()),
        "place_name": str_values(c["place_name"]),
        "place_address": str_values(c["place_address"]),
        "place_id": str_values(c["place_id"]),
        "semantic_type": str_values(c["semantic_type"]),
        "device_tag": pa.array(tag, pa.int64(), mask=~tag_ok),
        "activity": str_values(c["activity"]),
        "visit_confidence": nums("confidence"),
        "distance_m": nums("distance_m"),
    })
    return t.take(take)


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    scan = ScanResult()
    counts = {"bad": 0, "other": 0, "no_time": 0, "no_coords": 0}
    parts = []
    for chunk in json_array_records(artifact.local, "timelineObjects", scan):
        recs, _ = parse_records(chunk)  # invalid records are None: counted as bad below
        rows = _Rows()
        _objects(rows, recs, chunk.first, counts)
        del recs
        t = _table(rows, counts)
        if t is not None:
            parts.append(t)
    if parts:
        yield "locations", pa.concat_tables(parts).combine_chunks()
    if not scan.found:
        ctx.warn("Semantic Location History: no timelineObjects array found; nothing read")
    elif not scan.closed:
        ctx.warn(f"Semantic Location History: the file ends inside timelineObjects (truncated?): {scan.records} "
                 "objects read, the incomplete last one not read", 1 if scan.trailing_bytes else 0)
    for key, why in (("bad", "are not valid JSON objects"),
                     ("other", "are neither placeVisit nor activitySegment"),
                     ("no_time", "have no readable time (or an impossible one)"),
                     ("no_coords", "have no readable coordinates")):
        if counts[key]:
            what = "timelineObjects" if key in ("bad", "other") else "visit / segment points"
            ctx.warn(f"Semantic Location History: {counts[key]} {what} {why}: skipped", counts[key])
