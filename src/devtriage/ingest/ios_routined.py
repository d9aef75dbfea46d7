"""iOS ``routined`` (CoreRoutine / Significant Locations) stores: ``Cache.sqlite`` and ``Local.sqlite``.

``private/var/mobile/Library/Caches/com.apple.routined/Cache.sqlite`` (Core Data):

* ``ZRTCLLOCATIONMO``: raw CoreLocation fixes (about a week on a device): ``ZTIMESTAMP``
  (seconds since 2001-01-01 UTC, float), ``ZLATITUDE``, ``ZLONGITUDE``,
  ``ZHORIZONTALACCURACY`` (m), ``ZALTITUDE`` / ``ZVERTICALACCURACY``, ``ZSPEED`` (m/s),
  ``ZCOURSE`` (degrees); iOS 15+ add ``ZSPEEDACCURACY``, ``ZCOURSEACCURACY``, ``ZTYPE``,
  ``ZSIGNALENVIRONMENTTYPE``. CoreLocation's "invalid" (a negative accuracy, speed or
  course) becomes null; a negative vertical accuracy nulls the altitude. ``kind`` ``"fix"``.
* ``ZRTVISITMO``: visits routined detected (``ZENTRYDATE`` / ``ZEXITDATE``,
  ``ZLOCATIONLATITUDE`` / ``ZLOCATIONLONGITUDE``, ``ZLOCATIONUNCERTAINTY``): ``kind``
  ``"visit"``, ``ts`` the entry, ``end_ts`` the exit.
* ``ZRTHINTMO``: location hints (``ZDATE``, ``ZLATITUDE``, ``ZLONGITUDE``, ``ZSOURCE``,
  iOS 15+ ``ZHORIZONTALUNCERTAINTY``): ``kind`` ``"hint"``, ``hint_source`` the raw code.

``Local.sqlite`` (same folder), ``ZRTLEARNEDLOCATIONOFINTERESTVISITMO``: visits to
learned places of interest (``ZENTRYDATE`` / ``ZEXITDATE``, ``ZLOCATIONLATITUDE`` /
``ZLOCATIONLONGITUDE``, ``ZLOCATIONHORIZONTALUNCERTAINTY``; ``ZLOCATIONOFINTEREST`` the
place's ``Z_PK`` in ``ZRTLEARNEDLOCATIONOFINTERESTMO``, kept as ``place_pk``):
``kind`` ``"visit"``.

``src_table`` the table, ``src_row`` its ``Z_PK``. ``source`` is ``"routined"``. Rows
without a time or with coordinates out of range are skipped with a counted warning.
Schemas: APOLLO ``routined_cache_zrtcllocationmo`` (iOS 10-13), iLEAPP ``routineDlocations``
/ ``routineDLocationsLocal`` (iOS 10-17), libcoreroutine class dumps (iOS 14-26); see
:mod:`devtriage.synth.ios_location`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrowutil import cocoa_ts
from .base import Artifact, Context, Probe, repeat
from .sql import col, fetch

NAME = "ios_routined"
FORMAT = "iOS routined Cache.sqlite (ZRTCLLOCATIONMO fixes, ZRTVISITMO, ZRTHINTMO) and Local.sqlite (learned visits)"
VERSIONS = "iOS 10-18+ (Cache.sqlite iOS 10-14 and iOS 15+ column sets; Local.sqlite iOS 14+)"
TABLES = ("locations",)

_FIXES = {"ZRTCLLOCATIONMO": ("ZTIMESTAMP", "ZLATITUDE", "ZLONGITUDE")}
_LOCAL_VISITS = {"ZRTLEARNEDLOCATIONOFINTERESTVISITMO": ("ZENTRYDATE", "ZLOCATIONLATITUDE", "ZLOCATIONLONGITUDE")}


def detect(probe: Probe) -> bool:
    return probe.requires(_FIXES) or probe.requires(_LOCAL_VISITS)


def _invalid_to_null(values) -> pa.Array:
    """CoreLocation writes -1 (any negative) for "invalid": null."""
    arr = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return pc.if_else(pc.fill_null(pc.less(arr, 0), False), pa.scalar(None, pa.float64()), arr)


def _finish(t: pa.Table, ctx: Context, what: str, ts: pa.Array, extra: dict) -> pa.Table | None:
    lat = t.column("lat").combine_chunks()
    lon = t.column("lon").combine_chunks()
    la = lat.to_numpy(zero_copy_only=False).astype(np.float64)
    lo = lon.to_numpy(zero_copy_only=False).astype(np.float64)
    with np.errstate(invalid="ignore"):
        ok_c = np.isfinite(la) & np.isfinite(lo) & (np.abs(la) <= 90) & (np.abs(lo) <= 180)
    ok_t = np.asarray(ts.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    no_t = int(np.count_nonzero(~ok_t))
    bad_c = int(np.count_nonzero(ok_t & ~ok_c))
    if no_t:
        ctx.warn(f"{what}: {no_t} rows without a readable time: skipped", no_t)
    if bad_c:
        ctx.warn(f"{what}: {bad_c} rows with missing or out-of-range coordinates: skipped", bad_c)
    out = pa.table({"ts": ts, "lat": lat, "lon": lon, **extra})
    keep = ok_t & ok_c
    if not keep.any():
        return None
    return out if keep.all() else out.filter(pa.array(keep))


def _fixes(artifact: Artifact, conn, ctx: Context) -> pa.Table | None:
    T = "ZRTCLLOCATIONMO"
    select = ["Z_PK AS src_row", col(artifact, T, "ZTIMESTAMP", "t"), col(artifact, T, "ZLATITUDE", "lat"),
              col(artifact, T, "ZLONGITUDE", "lon"), col(artifact, T, "ZHORIZONTALACCURACY", "acc"),
              col(artifact, T, "ZALTITUDE", "alt"), col(artifact, T, "ZVERTICALACCURACY", "vacc"),
              col(artifact, T, "ZSPEED", "speed"), col(artifact, T, "ZCOURSE", "course"),
              col(artifact, T, "ZSPEEDACCURACY", "speed_acc"), col(artifact, T, "ZCOURSEACCURACY", "course_acc"),
              col(artifact, T, "ZTYPE", "type"), col(artifact, T, "ZSIGNALENVIRONMENTTYPE", "signal")]
    f = pa.float64()
    types = {"src_row": pa.int64(), "t": f, "lat": f, "lon": f, "acc": f, "alt": f, "vacc": f, "speed": f,
             "course": f, "speed_acc": f, "course_acc": f, "type": pa.int64(), "signal": pa.int64()}
    t = fetch(conn, f"SELECT {', '.join(select)} FROM {T} ORDER BY Z_PK", types=types, ctx=ctx, what=f"routined {T}")
    if t.num_rows == 0:
        return None
    n = t.num_rows
    c = {k: t.column(k).combine_chunks() for k in t.column_names}
    ts = cocoa_ts(c["t"], ctx, f"routined {T}", "ZTIMESTAMP", unit="cocoa_s")
    vacc = _invalid_to_null(c["vacc"])
    alt = pc.if_else(pc.is_valid(vacc), c["alt"], pa.scalar(None, f))
    return _finish(t, ctx, f"routined {T}", ts, {
        "accuracy_m": _invalid_to_null(c["acc"]),
        "source": repeat("routined", n),
        "src_table": repeat(T, n),
        "src_row": c["src_row"],
        "kind": repeat("fix", n),
        "altitude_m": alt,
        "vertical_accuracy_m": vacc,
        "speed_mps": _invalid_to_null(c["speed"]),
        "course_deg": _invalid_to_null(c["course"]),
        "speed_accuracy_mps": _invalid_to_null(c["speed_acc"]),
        "course_accuracy_deg": _invalid_to_null(c["course_acc"]),
        "fix_type": c["type"],
        "signal_environment": c["signal"],
    })


def _visits(artifact: Artifact, conn, ctx: Context, T: str, unc: str, place: str | None) -> pa.Table | None:
    select = ["Z_PK AS src_row", col(artifact, T, "ZENTRYDATE", "t"), col(artifact, T, "ZEXITDATE", "end_t"),
              col(artifact, T, "ZLOCATIONLATITUDE", "lat"), col(artifact, T, "ZLOCATIONLONGITUDE", "lon"),
              col(artifact, T, unc, "acc"), col(artifact, T, "ZCONFIDENCE", "confidence"),
              (col(artifact, T, place, "place_pk") if place else "NULL AS place_pk")]
    f = pa.float64()
    types = {"src_row": pa.int64(), "t": f, "end_t": f, "lat": f, "lon": f, "acc": f, "confidence": f,
             "place_pk": pa.int64()}
    t = fetch(conn, f"SELECT {', '.join(select)} FROM {T} ORDER BY Z_PK", types=types, ctx=ctx, what=f"routined {T}")
    if t.num_rows == 0:
        return None
    n = t.num_rows
    c = {k: t.column(k).combine_chunks() for k in t.column_names}
    ts = cocoa_ts(c["t"], ctx, f"routined {T}", "ZENTRYDATE", unit="cocoa_s")
    end = cocoa_ts(c["end_t"], ctx, f"routined {T}", "ZEXITDATE", unit="cocoa_s", warn_zero=False)
    return _finish(t, ctx, f"routined {T}", ts, {
        "accuracy_m": _invalid_to_null(c["acc"]),
        "source": repeat("routined", n),
        "src_table": repeat(T, n),
        "src_row": c["src_row"],
        "kind": repeat("visit", n),
        "end_ts": end,
        "visit_confidence": c["confidence"],
        "place_pk": c["place_pk"],
    })


def _hints(artifact: Artifact, conn, ctx: Context) -> pa.Table | None:
    T = "ZRTHINTMO"
    select = ["Z_PK AS src_row", col(artifact, T, "ZDATE", "t"), col(artifact, T, "ZLATITUDE", "lat"),
              col(artifact, T, "ZLONGITUDE", "lon"), col(artifact, T, "ZHORIZONTALUNCERTAINTY", "acc"),
              col(artifact, T, "ZSOURCE", "hint_source")]
    f = pa.float64()
    t = fetch(conn, f"SELECT {', '.join(select)} FROM {T} ORDER BY Z_PK",
              types={"src_row": pa.int64(), "t": f, "lat": f, "lon": f, "acc": f, "hint_source": pa.int64()},
              ctx=ctx, what=f"routined {T}")
    if t.num_rows == 0:
        return None
    n = t.num_rows
    c = {k: t.column(k).combine_chunks() for k in t.column_names}
    ts = cocoa_ts(c["t"], ctx, f"routined {T}", "ZDATE", unit="cocoa_s")
    return _finish(t, ctx, f"routined {T}", ts, {
        "accuracy_m": _invalid_to_null(c["acc"]),
        "source": repeat("routined", n),
        "src_table": repeat(T, n),
        "src_row": c["src_row"],
        "kind": repeat("hint", n),
        "hint_source": c["hint_source"],
    })


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    conn = artifact.connect()
    try:
        parts = []
        if artifact.probe.requires(_FIXES):
            parts.append(_fixes(artifact, conn, ctx))
        if artifact.probe.has("ZRTVISITMO", "ZENTRYDATE", "ZLOCATIONLATITUDE", "ZLOCATIONLONGITUDE"):
            parts.append(_visits(artifact, conn, ctx, "ZRTVISITMO", "ZLOCATIONUNCERTAINTY", None))
        if artifact.probe.has("ZRTHINTMO", "ZDATE", "ZLATITUDE", "ZLONGITUDE"):
            parts.append(_hints(artifact, conn, ctx))
        if artifact.probe.requires(_LOCAL_VISITS):
            parts.append(_visits(artifact, conn, ctx, "ZRTLEARNEDLOCATIONOFINTERESTVISITMO",
                                 "ZLOCATIONHORIZONTALUNCERTAINTY", "ZLOCATIONOFINTEREST"))
    finally:
        conn.close()
    for t in parts:
        if t is not None:
            yield "locations", t
