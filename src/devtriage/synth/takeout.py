"""Google Takeout Location History files: ``Records.json`` and Semantic Location History.

``Records.json`` (``Takeout/Location History/Records.json``) is one object with a single
``locations`` array of raw records in chronological order. Two generations are written:

* ``form="old"`` (Takeout before early 2022): ``timestampMs`` as a *string* of Unix
  milliseconds first, then ``latitudeE7``/``longitudeE7`` (degrees x 10^7, rounded
  integers) and ``accuracy`` (integer metres); some records carry
  ``"activity": [{"timestampMs", "activity": [{"type", "confidence"}, ...]}]``. Laid out
  the way Google's Jackson pretty-printer wrote it (``"key" : value``, ``[ {``,
  ``}, {``), as in public samples of the time.
* ``form="new"`` (from about January 2022): ``latitudeE7``, ``longitudeE7``,
  ``accuracy``, optional ``activity`` (same shape, ``timestamp`` instead of
  ``timestampMs``), ``source`` (``GPS``/``WIFI``/``CELL``), ``deviceTag`` (an integer per
  device, referenced from ``Settings.json``), ``platformType`` (``ANDROID``),
  ``formFactor`` (``PHONE``) and ``timestamp`` as an ISO 8601 UTC string with
  milliseconds (``2022-01-12T17:18:24.190Z``).

Field names and meanings follow the community reference of the format
(locationhistoryformat.com, schema ``Records.schema.json`` by C. Bergillos) and public
sample files; the key order of the new form is our best reading of real exports.

The writer streams: records are formatted in chunks straight from numpy arrays (one C-level
``%`` format per chunk, ISO times from ``numpy.datetime_as_string``), never as a list of
dicts, so five million points take seconds and bounded memory. Output bytes depend only
on the input arrays. Detected activities are attached to about a third of the records,
chosen and scored deterministically from the timestamp.

``Semantic Location History/<YEAR>/<YEAR>_<MONTH>.json`` holds ``timelineObjects`` with
``placeVisit`` entries (:func:`write_semantic`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .places import ACTIVITIES, SOURCES, Visit

CHUNK = 50_000

# secondary activity candidates written after the main one, as Android reports them
_SECONDARY = {
    "STILL": (),
    "WALKING": (("ON_FOOT",), ("STILL", "UNKNOWN")),
    "ON_BICYCLE": (("IN_VEHICLE",), ("UNKNOWN",)),
    "IN_VEHICLE": (("IN_ROAD_VEHICLE", "IN_CAR"), ("STILL", "ON_FOOT")),
}

_OLD_HEAD = '{\n  "locations" : [ '
_OLD_TAIL = " ]\n}\n"
_OLD_REC = (
    '{\n    "timestampMs" : "%d",\n    "latitudeE7" : %d,\n    "longitudeE7" : %d,\n'
    '    "accuracy" : %d%s\n  }'
)
_OLD_ACT = ',\n    "activity" : [ {\n      "timestampMs" : "%d",\n      "activity" : [ %s ]\n    } ]'
_OLD_ACT_ITEM = '{\n        "type" : "%s",\n        "confidence" : %d\n      }'

_NEW_HEAD = '{\n  "locations": ['
_NEW_TAIL = "]\n}\n"
_NEW_REC = (
    '{\n    "latitudeE7": %d,\n    "longitudeE7": %d,\n    "accuracy": %d,%s\n'
    '    "source": "%s",\n    "deviceTag": @TAG@,\n    "platformType": "ANDROID",\n'
    '    "formFactor": "PHONE",\n    "timestamp": "%sZ"\n  }'
)
_NEW_ACT = '\n    "activity": [{\n      "activity": [%s],\n      "timestamp": "%sZ"\n    }],'
_NEW_ACT_ITEM = '{\n        "type": "%s",\n        "confidence": %d\n      }'


def e7(deg) -> np.ndarray:
    """Degrees to Google's E7 integers (x 10^7, rounded half away from zero)."""
    return np.round(np.asarray(deg, dtype=np.float64) * 1e7).astype(np.int64)


def iso_ms(ts_ms) -> np.ndarray:
    """Unix ms to ``YYYY-MM-DDTHH:MM:SS.mmm`` strings (UTC, no suffix), vectorised."""
    return np.datetime_as_string(np.asarray(ts_ms, dtype=np.int64).astype("datetime64[ms]"), unit="ms")


def _col(points, name):
    if isinstance(points, Mapping):
        return points.get(name)
    return getattr(points, name, None)


def _activity_items(name: str, conf: int, item: str) -> str:
    items = [item % (name, conf)]
    rest = 100 - conf
    for group in _SECONDARY[name]:
        if rest <= 0:
            break
        c = min(rest, max(1, rest * 2 // 3))
        for t in group:
            items.append(item % (t, c))
        rest -= c
    return ", ".join(items)


def _activity_fragments(ts: np.ndarray, act: np.ndarray | None, form: str) -> list[str]:
    """Per record, the ``activity`` fragment (or empty), chosen and scored from ts."""
    n = len(ts)
    out = [""] * n
    if act is None:
        return out
    h = (ts * 2654435761) % 1000003  # a fixed mixing of the timestamp
    idx = np.flatnonzero(h % 3 == 0)
    if idx.size == 0:
        return out
    a = act[idx]
    act_ts = ts[idx] + 150 + (h[idx] % 4000)
    conf = np.where(a == 0, 100, 60 + (h[idx] // 7) % 36)
    item = _NEW_ACT_ITEM if form == "new" else _OLD_ACT_ITEM
    table = {}
    for key in set(zip(a.tolist(), conf.tolist())):
        table[key] = _activity_items(ACTIVITIES[key[0]], key[1], item)
    items = [table[k] for k in zip(a.tolist(), conf.tolist())]
    if form == "new":
        tmpl, cols = _NEW_ACT, (items, iso_ms(act_ts).tolist())
    else:
        tmpl, cols = _OLD_ACT, (act_ts.tolist(), items)
    frags = ("\x00".join([tmpl] * len(idx)) % _interleave(cols)).split("\x00")
    for i, f in zip(idx.tolist(), frags):
        out[i] = f
    return out


def _interleave(cols) -> tuple:
    """Row-major flattening of equal-length columns into one tuple (for one big % format)."""
    arr = np.empty((len(cols[0]), len(cols)), dtype=object)
    for j, c in enumerate(cols):
        arr[:, j] = c
    return tuple(arr.ravel().tolist())


def write_records(path, points, form: str = "new", device_tag: int = 1978796627, chunk: int = CHUNK) -> int:
    """Write ``Records.json`` for ``points`` (a :class:`~devtriage.synth.places.Track` or a
    mapping of arrays ``ts_ms``, ``lat``, ``lon``, ``accuracy_m``, ``source`` and optional
    ``activity`` codes). Records keep the input order (the index of a point is its index in
    ``locations``). Returns the number of records.
    """
    if form not in ("new", "old"):
        raise ValueError("form must be 'new' or 'old'")
    ts = np.asarray(_col(points, "ts_ms"), dtype=np.int64)
    lat = e7(_col(points, "lat"))
    lon = e7(_col(points, "lon"))
    acc = np.round(np.asarray(_col(points, "accuracy_m"), dtype=np.float64)).astype(np.int64)
    src = _col(points, "source")
    src = np.asarray(src if src is not None else np.full(len(ts), "UNKNOWN"))
    if src.dtype.kind in "ui":
        src = np.asarray(SOURCES)[src]
    src = src.astype(str)
    act = _col(points, "activity")
    act = None if act is None else np.asarray(act, dtype=np.int64)
    n = len(ts)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new_rec = _NEW_REC.replace("@TAG@", str(int(device_tag)))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(_OLD_HEAD if form == "old" else _NEW_HEAD)
        for c0 in range(0, n, chunk):
            c1 = min(n, c0 + chunk)
            frag = _activity_fragments(ts[c0:c1], None if act is None else act[c0:c1], form)
            k = c1 - c0
            if form == "old":
                cols = [ts[c0:c1].tolist(), lat[c0:c1].tolist(), lon[c0:c1].tolist(), acc[c0:c1].tolist(), frag]
                tmpl = _OLD_REC
            else:
                iso = iso_ms(ts[c0:c1]).tolist()
                cols = [lat[c0:c1].tolist(), lon[c0:c1].tolist(), acc[c0:c1].tolist(), frag,
                        src[c0:c1].tolist(), iso]
                tmpl = new_rec
            text = (", ".join([tmpl] * k)) % _interleave(cols)
            # records after the first are separated by ", " (Jackson: "}, {" across records)
            if c0 > 0:
                fh.write(", ")
            fh.write(text)
        fh.write(_OLD_TAIL if form == "old" else _NEW_TAIL)
    return n


# ---------------------------------------------------------------------------- semantic


def _iso(dt_ms: int) -> str:
    return str(iso_ms(np.array([dt_ms]))[0]) + "Z"


def semantic_path(root, year: int, month: int) -> Path:
    """``root/Semantic Location History/<YEAR>/<YEAR>_<MONTH>.json`` (English month name)."""
    name = datetime(year, month, 1).strftime("%B").upper()
    return Path(root) / "Semantic Location History" / f"{year:04d}" / f"{year:04d}_{name}.json"


def write_semantic(path, visits: Iterable[Visit], device_tag: int = 1978796627) -> int:
    """Write a Semantic Location History month file of ``placeVisit`` objects, in time order.

    Each visit becomes ``{"placeVisit": {"location": {latitudeE7, longitudeE7, placeId,
    name, sourceInfo: {deviceTag}, locationConfidence}, "duration":
    {startTimestamp, endTimestamp}, "placeConfidence", "centerLatE7", "centerLngE7",
    "visitConfidence", "placeVisitType", "placeVisitImportance"}}``; ``label`` is the
    place name. Returns the number of visits written.
    """
    vs = sorted(visits, key=lambda v: (v.start, v.label))
    objs = []
    for v in vs:
        s = round(v.start.astimezone(UTC).timestamp() * 1000)
        e = s + round(v.dwell_s * 1000)
        lat7, lon7 = int(e7(v.lat)), int(e7(v.lon))
        place_id = "ChIJ" + format((lat7 * 1_000_003 + lon7) & ((1 << 64) - 1), "016x")
        objs.append({
            "placeVisit": {
                "location": {
                    "latitudeE7": lat7,
                    "longitudeE7": lon7,
                    "placeId": place_id,
                    "name": v.label,
                    "sourceInfo": {"deviceTag": int(device_tag)},
                    "locationConfidence": 81.5,
                },
                "duration": {"startTimestamp": _iso(s), "endTimestamp": _iso(e)},
                "placeConfidence": "HIGH_CONFIDENCE",
                "centerLatE7": lat7,
                "centerLngE7": lon7,
                "visitConfidence": 90,
                "placeVisitType": "SINGLE_PLACE",
                "placeVisitImportance": "MAIN",
            }
        })
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump({"timelineObjects": objs}, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return len(objs)
