"""Google Takeout Location History ``Records.json`` (raw location records), streamed.

``Takeout/Location History/Records.json`` (``Takeout/Standortverlauf/Records.json`` and
other localised or renamed copies are recognised by content) is one object with a single
``locations`` array of raw records in time order. Two generations are read, also mixed in
one file:

* the older form (Takeout until about 2021): ``timestampMs`` (Unix ms as a string),
  ``latitudeE7`` / ``longitudeE7`` (degrees x 10^7), ``accuracy`` (m), optional
  ``altitude``, ``verticalAccuracy``, ``velocity`` (m/s), ``heading`` (degrees) and a
  nested ``activity`` list (``[{"timestampMs", "activity": [{"type", "confidence"}]}]``).
  Some old exports wrote negative coordinates as unsigned 32-bit integers: a value above
  1800000000 (latitude: above 900000000) has 2^32 subtracted (Google's own note on the
  format), and the number of values unwrapped is a warning;
* the newer form (about 2022-2024): ``timestamp`` (ISO 8601 UTC), the same E7 fields,
  ``source`` (``GPS``, ``WIFI``, ``CELL``, ``UNKNOWN``, ``VISIT`` ...), ``deviceTag``,
  ``platformType``, ``formFactor``, ``osLevel``, ``serverTimestamp``,
  ``deviceTimestamp``, ``batteryCharging``, ``activeWifiScan`` (not kept), and
  ``activity`` with ``timestamp`` instead of ``timestampMs``.

Rows go to ``locations``: ``src_table`` ``"locations"``, ``src_row`` the record's 0-based
index in the array (bad records keep their index, so indices always match the file).
``source`` is the record's own ``source`` field (null in the older form, which does not
say). Extra columns: ``kind`` (``"fix"``), ``altitude_m``, ``vertical_accuracy_m``,
``speed_mps``, ``heading_deg``, ``activity`` / ``activity_confidence`` (the most likely
detected activity of the first activity reading), ``device_tag``, ``platform_type``,
``form_factor``.

The file is never loaded whole: a chunked scanner (:mod:`devtriage.ingest.locutil`) finds
each record of the ``locations`` array in ~1 MiB pieces and parses each piece with one
``json.loads``; tables are yielded every ~1M records, so memory stays bounded for files of
many gigabytes. A record that is not valid JSON, not an object, lacks a time or
coordinates, or has impossible values (time before 1995 or from 2100, latitude beyond 90,
longitude beyond 180) is skipped and counted in a warning per reason; a truncated file
gives the records before the cut and a warning.

Field names and meanings: the community reference of the format (locationhistoryformat.com,
``Records.schema.json``) and public sample exports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from .base import Artifact, Context, Probe, repeat
from .locutil import (ScanResult, e7_to_degrees, fcol, float_values, int_values, iso_to_ms, json_array_records,
                      parse_records, plausible, str_values, ts_array)

NAME = "takeout_records"
FORMAT = "Google Takeout Location History Records.json (raw location records), streamed"
VERSIONS = "Takeout Location History 2013-2024: older form (timestampMs, E7 coordinates incl. int32-overflowed values) and newer form (ISO timestamp, source, deviceTag)"
TABLES = ("locations",)

BATCH_ROWS = 1_000_000

# {"locations": [ then, when the head reaches that far, a record's first key or the end
_HEAD = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"locations"\s*:\s*\[\s*(?:\]|\{\s*(?:"(\w*)"?)?|$)')
_KEYS = {b"timestampMs", b"timestamp", b"latitudeE7", b"longitudeE7", b"accuracy", b"activity", b"source",
         b"deviceTag", b"platformType", b"formFactor", b"altitude", b"verticalAccuracy", b"velocity", b"heading",
         b"deviceTimestamp", b"serverTimestamp", b"batteryCharging", b"osLevel", b"activeWifiScan",
         b"deviceDesignation", b"locationMetadata", b"placeId", b"inferredLocation", b"serverTimestamp"}


def detect(probe: Probe) -> bool:
    if probe.is_sqlite:
        return False
    m = _HEAD.match(probe.head)
    if not m:
        return False
    key = m.group(1)
    # the head may end inside the first key: accept a prefix of a known key
    return key is None or key == b"" or any(k.startswith(key) for k in _KEYS)


def _activity(recs: list) -> tuple[list, list]:
    """The most likely detected activity (type, confidence) of each record's first reading."""
    n = len(recs)
    types: list = [None] * n
    confs: list = [None] * n
    for i, a in ((i, r["activity"]) for i, r in enumerate(recs) if "activity" in r):
        if isinstance(a, list) and a and isinstance(a[0], dict):
            items = a[0].get("activity")
            if isinstance(items, list) and items and isinstance(items[0], dict):
                types[i], confs[i] = items[0].get("type"), items[0].get("confidence")
    return types, confs


class _Counts:
    def __init__(self) -> None:
        self.bad_json = 0
        self.not_object = 0
        self.no_time = 0
        self.bad_time = 0
        self.no_coords = 0
        self.bad_coords = 0
        self.unwrapped = 0


def _table(recs: list, rows: np.ndarray, counts: _Counts) -> pa.Table | None:
    """One chunk's valid records (dicts) and their indices into a locations table."""
    keys = set().union(*recs)  # fields absent from the whole chunk are not looked up record by record

    def get(key: str) -> list:
        return [r.get(key) for r in recs] if key in keys else [None] * len(recs)

    tms_raw = get("timestampMs")
    tms, tms_ok = int_values(tms_raw)
    iso_raw = get("timestamp")
    iso, iso_ok = iso_to_ms(iso_raw)
    ms = np.where(tms_ok, tms, iso)
    present = np.fromiter((a is not None or b is not None for a, b in zip(tms_raw, iso_raw)), dtype=bool, count=len(recs))
    parsed = tms_ok | iso_ok
    ok_time = plausible(ms, parsed)
    lat7 = float_values(get("latitudeE7"))
    lon7 = float_values(get("longitudeE7"))
    lat, lon, unwrapped, ok_coord = e7_to_degrees(lat7, lon7)
    has_coord = ~(np.isnan(lat7) | np.isnan(lon7))
    counts.no_time += int(np.count_nonzero(~present))
    counts.bad_time += int(np.count_nonzero(present & ~ok_time))
    counts.no_coords += int(np.count_nonzero(ok_time & ~has_coord))
    counts.bad_coords += int(np.count_nonzero(ok_time & has_coord & ~ok_coord))
    keep = ok_time & ok_coord
    counts.unwrapped += int(np.count_nonzero(keep & ((lat7 > 900_000_000) | (lon7 > 1_800_000_000))))
    if not keep.any():
        return None
    idx = np.flatnonzero(keep)
    if len(idx) < len(recs):
        recs = [recs[i] for i in idx.tolist()]
    take = pa.array(idx)
    n = len(recs)
    act, conf = _activity(recs) if "activity" in keys else ([None] * n, [None] * n)
    tag, tag_ok = int_values(get("deviceTag"))
    return pa.table({
        "ts": ts_array(ms[idx], np.ones(n, bool)),
        "lat": lat[idx],
        "lon": lon[idx],
        "accuracy_m": fcol(float_values(get("accuracy"))),
        "source": str_values(get("source")),
        "src_table": repeat("locations", n),
        "src_row": pa.array(rows, pa.int64()).take(take),
        "kind": repeat("fix", n),
        "altitude_m": fcol(float_values(get("altitude"))),
        "vertical_accuracy_m": fcol(float_values(get("verticalAccuracy"))),
        "speed_mps": fcol(float_values(get("velocity"))),
        "heading_deg": fcol(float_values(get("heading"))),
        "activity": str_values(act),
        "activity_confidence": fcol(float_values(conf)),
        "device_tag": pa.array(tag, pa.int64(), mask=~tag_ok),
        "platform_type": str_values(get("platformType")),
        "form_factor": str_values(get("formFactor")),
    })


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    scan = ScanResult()
    counts = _Counts()
    parts: list[pa.Table] = []
    pending = 0
    for chunk in json_array_records(artifact.local, "locations", scan):
        recs, bad = parse_records(chunk)
        counts.bad_json += len(bad)
        rows = np.arange(chunk.first, chunk.first + len(chunk), dtype=np.int64)
        if bad or not all(type(r) is dict for r in recs):
            good = [i for i, r in enumerate(recs) if isinstance(r, dict)]
            counts.not_object += len(recs) - len(good) - len(bad)
            recs, rows = [recs[i] for i in good], rows[good]
        if not recs:
            continue
        t = _table(recs, rows, counts)
        del recs
        if t is not None:
            parts.append(t)
            pending += t.num_rows
        if pending >= BATCH_ROWS:
            yield "locations", pa.concat_tables(parts).combine_chunks()
            parts, pending = [], 0
    if parts:
        yield "locations", pa.concat_tables(parts).combine_chunks()
    _warn(ctx, scan, counts)


def _warn(ctx: Context, scan: ScanResult, c: _Counts) -> None:
    if not scan.found:
        ctx.warn('Records.json: no "locations" array found near the start of the file; nothing read')
        return
    if not scan.closed:
        ctx.warn(f"Records.json: the file ends inside the locations array (truncated?): {scan.records} records read, "
                 f"{scan.trailing_bytes} bytes of an incomplete record at the end not read", 1 if scan.trailing_bytes else 0)
    for n, why in ((c.bad_json, "are not valid JSON"), (c.not_object, "are not JSON objects"),
                   (c.no_time, "have no timestampMs / timestamp"),
                   (c.bad_time, "have an unreadable or impossible time (before 1995 or from 2100)"),
                   (c.no_coords, "have no latitudeE7 / longitudeE7"),
                   (c.bad_coords, "have coordinates out of range")):
        if n:
            ctx.warn(f"Records.json: {n} records {why}: skipped", n)
    if c.unwrapped:
        ctx.warn(f"Records.json: {c.unwrapped} records with E7 coordinates written as unsigned 32-bit integers "
                 "(above 900000000 / 1800000000): 2^32 subtracted")
