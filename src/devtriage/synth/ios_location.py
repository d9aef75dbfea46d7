"""Builders for the iOS ``routined`` location stores (Significant Locations), real layouts.

``routined`` (CoreRoutine) keeps Core Data SQLite stores in
``private/var/mobile/Library/Caches/com.apple.routined/``:

* ``Cache.sqlite``: the raw location history (``ZRTCLLOCATIONMO``, one row per CoreLocation
  fix kept for about a week), location hints (``ZRTHINTMO``) and detected visits
  (``ZRTVISITMO``). :func:`write_cache_sqlite`.
* ``Local.sqlite``: learned places (``ZRTLEARNEDLOCATIONOFINTERESTMO``) and the visits to
  them (``ZRTLEARNEDLOCATIONOFINTERESTVISITMO``). :func:`write_local_sqlite`.

Where the schema comes from
---------------------------
No public dump of a real ``Cache.sqlite`` schema was found, so the tables are derived
from the Core Data entities themselves, named as Core Data names them (entity
``RTCLLocationMO`` -> table ``ZRTCLLOCATIONMO``, attribute ``horizontalAccuracy`` ->
column ``ZHORIZONTALACCURACY``; ``Z_PK``/``Z_ENT``/``Z_OPT`` first, then integer
attributes, to-one foreign keys, date/double attributes, strings, blobs/UUIDs, each group
alphabetical, as Core Data lays columns out; ``Z_PRIMARYKEY``, ``Z_METADATA`` and
``Z_MODELCACHE`` beside them):

* entity attributes: classdump headers of ``/usr/lib/libcoreroutine.dylib``:
  iOS 14.0 build 18A373 (GitHub ``lechium/iOS14Headers``: ``RTCLLocationMO``,
  ``RTHintMO``, ``RTVisitMO``, ``RTFingerprintMO``, ``RTWiFiAccessPointMO``,
  ``RTLearnedLocationOfInterestMO``, ``RTLearnedLocationOfInterestVisitMO``; the same
  ``RTCLLocationMO``/``RTHintMO`` attribute lists appear in the iOS 13.4.1 and 14.2 dumps);
  a later ``RTCLLocationMO`` header that adds ``courseAccuracy``, ``speedAccuracy``,
  ``type`` and ``signalEnvironmentType`` and a later ``RTHintMO`` that adds
  ``horizontalUncertainty`` (public runtime-header dumps); ``RTVisitMO`` of iOS 18.0
  beta 22A5282m (``TheGithubJoshua/iPhoneOS_18_22A5282m``: ``source`` and the
  ``placeInference*`` attributes); ``RTCLLocationMO`` of iOS 26.1
  (``EthanArbuckle/iPhone18-3_26.1_23B85_Restore``: ``integrity`` as well).
* tables and columns forensic tools read from these files: Sarah Edwards' APOLLO module
  ``routined_cache_zrtcllocationmo`` (``Cache.sqlite``, iOS 10-13: ``ZTIMESTAMP`` +
  978307200, ``ZLATITUDE``, ``ZLONGITUDE``, ``ZALTITUDE``, ``ZCOURSE``, ``ZSPEED`` m/s,
  ``ZHORIZONTALACCURACY``, ``ZVERTICALACCURACY``); iLEAPP ``routineDlocations.py``
  (``Cache.sqlite`` from iOS 10: ``ZRTCLLOCATIONMO``, ``ZRTHINTMO`` ``ZDATE``/``ZSOURCE``,
  ``ZRTVISITMO`` ``ZENTRYDATE``/``ZEXITDATE``/``ZDETECTIONDATE``/``ZTYPE``/
  ``ZLOCATIONUNCERTAINTY``/``ZDATAPOINTCOUNT``) and ``routineDLocationsLocal.py``
  (``Local.sqlite``; iOS 14+ ``ZLOCATIONHORIZONTALUNCERTAINTY``/
  ``ZLOCATIONVERTICALUNCERTAINTY``, ``ZLOCATIONOFINTEREST`` -> the place's ``Z_PK``).
  Ian Whiffin's "Locations, Locations, Locations" (doubleblak.com, 2020) for background.

What is modelled, per ``version`` of :func:`write_cache_sqlite`
-------------------------------------------------------------
* ``"ios14"``: iOS 10-14. The iOS 14.0 entities; their column sets agree with every
  column the APOLLO (iOS 10-13) and iLEAPP queries use.
* ``"ios17"`` (default): iOS 15-18. ``ZRTCLLOCATIONMO`` gains ``ZCOURSEACCURACY``,
  ``ZSPEEDACCURACY``, ``ZTYPE``, ``ZSIGNALENVIRONMENTTYPE``; ``ZRTHINTMO`` gains
  ``ZHORIZONTALUNCERTAINTY``; ``ZRTVISITMO`` has the iOS 18.0 attributes. The headers
  found do not pin the first release of each added column.
* ``"ios26"``: ``"ios17"`` plus ``ZRTCLLOCATIONMO.ZINTEGRITY``.

Column types are Core Data's (double -> FLOAT, NSDate -> TIMESTAMP = seconds since
2001-01-01 UTC as a float, int64/enum NSNumber -> INTEGER, NSUUID -> BLOB, NSString ->
VARCHAR); which NSNumber attributes are integers is inferred from their meaning.

Known gaps (not invented here): the real model has more entities than these tables
(``Z_ENT`` numbers are assigned alphabetically over the entities written, so they will
differ from a device's); ``ZRTFINGERPRINTMO``/``ZRTWIFIACCESSPOINTMO`` are entities of
the same model whose placement in ``Cache.sqlite`` (rather than another store) is
inferred, not observed; ``Z_METADATA.Z_PLIST`` holds only ``NSStoreType`` and
``NSStoreUUID`` (no model version hashes); ``Z_MODELCACHE`` is empty; ``Local.sqlite``
has only the two learned-location tables (no transitions, map items, addresses, devices).

Everything is deterministic (UUIDs derived from row numbers, no clock). Bulk inserts go
through ``executemany`` over chunked column lists with the journal off during the build;
the result is an ordinary rollback-journal database file.
"""

from __future__ import annotations

import plistlib
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

#: Unix seconds at the Cocoa / Core Data epoch, 2001-01-01T00:00:00Z.
COCOA_EPOCH_UNIX_S = 978_307_200
COCOA_EPOCH_UNIX_MS = COCOA_EPOCH_UNIX_S * 1000

CACHE_PATH = "private/var/mobile/Library/Caches/com.apple.routined/Cache.sqlite"
LOCAL_PATH = "private/var/mobile/Library/Caches/com.apple.routined/Local.sqlite"

_CHUNK = 65_536
_NS = uuid.UUID("8d3c1f0e-5b7a-4c55-9e0f-2a1d6b7c9e41")  # namespace for derived UUIDs

_CD_META = (
    "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)",
    "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)",
    "CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB)",
)


def _table(name: str, columns: Sequence[tuple[str, str]]) -> str:
    cols = ", ".join(f"{c} {t}" for c, t in columns)
    return f"CREATE TABLE {name} ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, {cols} )"


# --- entity column lists (Core Data order: INTEGER, to-one FKs, FLOAT/TIMESTAMP, VARCHAR, BLOB) --

_LOCATION_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "ios14": [
        ("ZALTITUDE", "FLOAT"), ("ZCOURSE", "FLOAT"), ("ZHORIZONTALACCURACY", "FLOAT"), ("ZLATITUDE", "FLOAT"),
        ("ZLONGITUDE", "FLOAT"), ("ZSPEED", "FLOAT"), ("ZTIMESTAMP", "TIMESTAMP"), ("ZVERTICALACCURACY", "FLOAT"),
    ],
    "ios17": [
        ("ZSIGNALENVIRONMENTTYPE", "INTEGER"), ("ZTYPE", "INTEGER"),
        ("ZALTITUDE", "FLOAT"), ("ZCOURSE", "FLOAT"), ("ZCOURSEACCURACY", "FLOAT"), ("ZHORIZONTALACCURACY", "FLOAT"),
        ("ZLATITUDE", "FLOAT"), ("ZLONGITUDE", "FLOAT"), ("ZSPEED", "FLOAT"), ("ZSPEEDACCURACY", "FLOAT"),
        ("ZTIMESTAMP", "TIMESTAMP"), ("ZVERTICALACCURACY", "FLOAT"),
    ],
}
_LOCATION_COLUMNS["ios26"] = [("ZINTEGRITY", "INTEGER")] + _LOCATION_COLUMNS["ios17"]

_HINT_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "ios14": [("ZSOURCE", "INTEGER"), ("ZDATE", "TIMESTAMP"), ("ZLATITUDE", "FLOAT"), ("ZLONGITUDE", "FLOAT")],
    "ios17": [("ZSOURCE", "INTEGER"), ("ZDATE", "TIMESTAMP"), ("ZHORIZONTALUNCERTAINTY", "FLOAT"),
              ("ZLATITUDE", "FLOAT"), ("ZLONGITUDE", "FLOAT")],
}
_HINT_COLUMNS["ios26"] = _HINT_COLUMNS["ios17"]

_VISIT_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "ios14": [
        ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONREFERENCEFRAME", "INTEGER"), ("ZTYPE", "INTEGER"),
        ("ZCONFIDENCE", "FLOAT"), ("ZDETECTIONDATE", "TIMESTAMP"), ("ZENTRYDATE", "TIMESTAMP"),
        ("ZEXITDATE", "TIMESTAMP"), ("ZLOCATIONDATE", "TIMESTAMP"), ("ZLOCATIONLATITUDE", "FLOAT"),
        ("ZLOCATIONLONGITUDE", "FLOAT"), ("ZLOCATIONUNCERTAINTY", "FLOAT"),
    ],
    "ios17": [
        ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONREFERENCEFRAME", "INTEGER"), ("ZPLACEINFERENCEPLACETYPE", "INTEGER"),
        ("ZPLACEINFERENCEUSERTYPE", "INTEGER"), ("ZPLACEINFERENCEUSERTYPESOURCE", "INTEGER"), ("ZSOURCE", "INTEGER"),
        ("ZTYPE", "INTEGER"),
        ("ZCONFIDENCE", "FLOAT"), ("ZDETECTIONDATE", "TIMESTAMP"), ("ZENTRYDATE", "TIMESTAMP"),
        ("ZEXITDATE", "TIMESTAMP"), ("ZLOCATIONDATE", "TIMESTAMP"), ("ZLOCATIONLATITUDE", "FLOAT"),
        ("ZLOCATIONLONGITUDE", "FLOAT"), ("ZLOCATIONUNCERTAINTY", "FLOAT"), ("ZPLACEINFERENCECONFIDENCE", "FLOAT"),
        ("ZPLACEINFERENCEMAPITEMIDENTIFIER", "BLOB"),
    ],
}
_VISIT_COLUMNS["ios26"] = _VISIT_COLUMNS["ios17"]

_FINGERPRINT_COLUMNS = [("ZSETTLEDSTATE", "INTEGER"), ("ZSTART", "TIMESTAMP"), ("ZIDENTIFIER", "BLOB")]
_WIFI_COLUMNS = [("ZCHANNEL", "INTEGER"), ("ZRSSI", "INTEGER"), ("ZFINGERPRINT", "INTEGER"), ("ZAGE", "FLOAT"),
                 ("ZDATE", "TIMESTAMP"), ("ZMAC", "VARCHAR")]

# (entity name, table) in Z_ENT order (alphabetical by entity name)
_CACHE_ENTITIES = (
    ("RTCLLocationMO", "ZRTCLLOCATIONMO"),
    ("RTFingerprintMO", "ZRTFINGERPRINTMO"),
    ("RTHintMO", "ZRTHINTMO"),
    ("RTVisitMO", "ZRTVISITMO"),
    ("RTWiFiAccessPointMO", "ZRTWIFIACCESSPOINTMO"),
)


def cache_schema(version: str = "ios17") -> tuple[str, ...]:
    """The CREATE statements of ``Cache.sqlite`` for ``version``, in creation order."""
    if version not in _LOCATION_COLUMNS:
        raise ValueError(f"unknown Cache.sqlite version {version!r}; known: {', '.join(_LOCATION_COLUMNS)}")
    return _CD_META + (
        _table("ZRTCLLOCATIONMO", _LOCATION_COLUMNS[version]),
        _table("ZRTFINGERPRINTMO", _FINGERPRINT_COLUMNS),
        _table("ZRTHINTMO", _HINT_COLUMNS[version]),
        _table("ZRTVISITMO", _VISIT_COLUMNS[version]),
        _table("ZRTWIFIACCESSPOINTMO", _WIFI_COLUMNS),
        "CREATE INDEX ZRTWIFIACCESSPOINTMO_ZFINGERPRINT_INDEX ON ZRTWIFIACCESSPOINTMO (ZFINGERPRINT)",
    )


def cache_columns(version: str = "ios17") -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, declared type), ...] of the Core Data tables of ``Cache.sqlite``."""
    head = [("Z_PK", "INTEGER"), ("Z_ENT", "INTEGER"), ("Z_OPT", "INTEGER")]
    cache_schema(version)  # validates version
    return {
        "ZRTCLLOCATIONMO": head + _LOCATION_COLUMNS[version],
        "ZRTFINGERPRINTMO": head + _FINGERPRINT_COLUMNS,
        "ZRTHINTMO": head + _HINT_COLUMNS[version],
        "ZRTVISITMO": head + _VISIT_COLUMNS[version],
        "ZRTWIFIACCESSPOINTMO": head + _WIFI_COLUMNS,
    }


# --- Local.sqlite (iOS 14 entities; iLEAPP reads the same columns on iOS 14+) -----------------

_LOI_COLUMNS = [
    ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONREFERENCEFRAME", "INTEGER"), ("ZPLACETYPE", "INTEGER"),
    ("ZPLACETYPESOURCE", "INTEGER"),
    ("ZCONFIDENCE", "FLOAT"), ("ZLOCATIONALTITUDE", "FLOAT"), ("ZLOCATIONHORIZONTALUNCERTAINTY", "FLOAT"),
    ("ZLOCATIONLATITUDE", "FLOAT"), ("ZLOCATIONLONGITUDE", "FLOAT"), ("ZLOCATIONVERTICALUNCERTAINTY", "FLOAT"),
    ("ZPLACECREATIONDATE", "TIMESTAMP"), ("ZPLACEEXPIRATIONDATE", "TIMESTAMP"),
    ("ZPLACECUSTOMLABEL", "VARCHAR"),
    ("ZIDENTIFIER", "BLOB"), ("ZPLACEIDENTIFIER", "BLOB"), ("ZPLACEMAPITEMIDENTIFIER", "BLOB"),
]
# ``visits`` is an ordered to-many on the place, so the visit row carries Z_FOK_LOCATIONOFINTEREST.
_LOI_VISIT_COLUMNS = [
    ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONOFINTERESTSOURCE", "INTEGER"), ("ZLOCATIONREFERENCEFRAME", "INTEGER"),
    ("ZLOCATIONOFINTEREST", "INTEGER"), ("Z_FOK_LOCATIONOFINTEREST", "INTEGER"),
    ("ZCONFIDENCE", "FLOAT"), ("ZCREATIONDATE", "TIMESTAMP"), ("ZENTRYDATE", "TIMESTAMP"), ("ZEXITDATE", "TIMESTAMP"),
    ("ZEXPIRATIONDATE", "TIMESTAMP"), ("ZLOCATIONALTITUDE", "FLOAT"), ("ZLOCATIONHORIZONTALUNCERTAINTY", "FLOAT"),
    ("ZLOCATIONLATITUDE", "FLOAT"), ("ZLOCATIONLONGITUDE", "FLOAT"), ("ZLOCATIONOFINTERESTCONFIDENCE", "FLOAT"),
    ("ZLOCATIONVERTICALUNCERTAINTY", "FLOAT"),
    ("ZIDENTIFIER", "BLOB"),
]
_LOCAL_ENTITIES = (
    ("RTLearnedLocationOfInterestMO", "ZRTLEARNEDLOCATIONOFINTERESTMO"),
    ("RTLearnedLocationOfInterestVisitMO", "ZRTLEARNEDLOCATIONOFINTERESTVISITMO"),
)


def local_schema() -> tuple[str, ...]:
    """The CREATE statements of the modelled part of ``Local.sqlite`` (iOS 14+)."""
    return _CD_META + (
        _table("ZRTLEARNEDLOCATIONOFINTERESTMO", _LOI_COLUMNS),
        _table("ZRTLEARNEDLOCATIONOFINTERESTVISITMO", _LOI_VISIT_COLUMNS),
        (
            "CREATE INDEX ZRTLEARNEDLOCATIONOFINTERESTVISITMO_ZLOCATIONOFINTEREST_INDEX ON "
            "ZRTLEARNEDLOCATIONOFINTERESTVISITMO (ZLOCATIONOFINTEREST)"
        ),
    )


def local_columns() -> dict[str, list[tuple[str, str]]]:
    head = [("Z_PK", "INTEGER"), ("Z_ENT", "INTEGER"), ("Z_OPT", "INTEGER")]
    return {"ZRTLEARNEDLOCATIONOFINTERESTMO": head + _LOI_COLUMNS,
            "ZRTLEARNEDLOCATIONOFINTERESTVISITMO": head + _LOI_VISIT_COLUMNS}


# --- helpers --------------------------------------------------------------------------------


def cocoa_seconds_from_unix_ms(ts_ms) -> np.ndarray:
    """Unix milliseconds -> Core Data seconds since 2001 (float64; exact to the millisecond on decode)."""
    return (np.asarray(ts_ms, dtype=np.int64) - COCOA_EPOCH_UNIX_MS) / 1000.0


def unix_ms_from_cocoa_seconds(seconds) -> np.ndarray:
    """The inverse of :func:`cocoa_seconds_from_unix_ms` (rounded to the millisecond)."""
    return np.rint(np.asarray(seconds, dtype=np.float64) * 1000.0).astype(np.int64) + COCOA_EPOCH_UNIX_MS


def _uuid_bytes(kind: str, n: int) -> bytes:
    return uuid.uuid5(_NS, f"{kind}.{n}").bytes


def _open_fresh(path: str | Path) -> sqlite3.Connection:
    path = Path(path)
    for suffix in ("", "-journal", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB for the build session only
    return conn


def _finish(conn: sqlite3.Connection, entities: Sequence[tuple[str, str]], store: str) -> None:
    """Fill Z_PRIMARYKEY (Z_MAX = highest Z_PK per entity) and Z_METADATA, then close normally."""
    rows = []
    for ent, (name, table) in enumerate(entities, start=1):
        z_max = conn.execute(f"SELECT COALESCE(MAX(Z_PK), 0) FROM {table}").fetchone()[0]
        rows.append((ent, name, 0, z_max))
    conn.executemany("INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, ?, ?)", rows)
    store_uuid = str(uuid.uuid5(_NS, f"store.{store}")).upper()
    plist = plistlib.dumps({"NSStoreType": "SQLite", "NSStoreUUID": store_uuid},
                           fmt=plistlib.FMT_BINARY, sort_keys=True)
    conn.execute("INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, ?)", (store_uuid, plist))
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _column(points: Mapping[str, np.ndarray], key: str, n: int, default: float, dtype=np.float64) -> np.ndarray:
    if key not in points or points[key] is None:
        return np.full(n, default, dtype=dtype)
    a = np.asarray(points[key], dtype=dtype)
    if a.shape != (n,):
        raise ValueError(f"points[{key!r}] has shape {a.shape}, expected ({n},)")
    if dtype == np.float64:
        a = np.where(np.isnan(a), default, a)
    return a


# --- Cache.sqlite ---------------------------------------------------------------------------


def write_cache_sqlite(path: str | Path, points: Mapping[str, np.ndarray], version: str = "ios17") -> np.ndarray:
    """Write ``Cache.sqlite`` with ``points`` in ``ZRTCLLOCATIONMO``, in the given order.

    ``points``: numpy arrays of one length: ``ts_ms`` (Unix milliseconds), ``lat``, ``lon``,
    ``accuracy_m`` (horizontal accuracy); optional ``speed_mps``, ``course`` (degrees),
    ``altitude`` (m), ``vertical_accuracy_m``, ``speed_accuracy``, ``course_accuracy``,
    ``type``, ``signal_environment`` (ios17+). Missing or NaN speed / course / accuracies are
    written as -1 (CoreLocation's "invalid"); missing altitude as 0 with vertical accuracy -1;
    ``ZTYPE`` / ``ZSIGNALENVIRONMENTTYPE`` NULL unless given.

    ``ZTIMESTAMP`` is seconds since 2001-01-01 UTC (float); it decodes to ``ts_ms`` exactly.
    An existing file at ``path`` is replaced. Returns the ``Z_PK`` of each point (int64,
    1..n in input order) so ground truth can name rows.
    """
    schema = cache_schema(version)
    for key in ("ts_ms", "lat", "lon", "accuracy_m"):
        if key not in points:
            raise ValueError(f"points needs {key!r}")
    ts = np.asarray(points["ts_ms"], dtype=np.int64)
    n = int(ts.shape[0])
    lat = _column(points, "lat", n, np.nan)
    lon = _column(points, "lon", n, np.nan)
    acc = _column(points, "accuracy_m", n, -1.0)
    speed = _column(points, "speed_mps", n, -1.0)
    course = _column(points, "course", n, -1.0)
    has_alt = "altitude" in points and points["altitude"] is not None
    alt = _column(points, "altitude", n, 0.0)
    vacc = _column(points, "vertical_accuracy_m", n, -1.0)
    if has_alt and "vertical_accuracy_m" not in points:
        vacc = np.where(np.isnan(np.asarray(points["altitude"], dtype=np.float64)), -1.0, acc)
    ztime = cocoa_seconds_from_unix_ms(ts)

    cols = [c for c, _ in _LOCATION_COLUMNS[version]]
    arrays: dict[str, np.ndarray] = {
        "ZALTITUDE": alt, "ZCOURSE": course, "ZHORIZONTALACCURACY": acc, "ZLATITUDE": lat, "ZLONGITUDE": lon,
        "ZSPEED": speed, "ZTIMESTAMP": ztime, "ZVERTICALACCURACY": vacc,
    }
    if version != "ios14":
        arrays["ZCOURSEACCURACY"] = _column(points, "course_accuracy", n, -1.0)
        arrays["ZSPEEDACCURACY"] = _column(points, "speed_accuracy", n, -1.0)
        for col, key in (("ZTYPE", "type"), ("ZSIGNALENVIRONMENTTYPE", "signal_environment"),
                         ("ZINTEGRITY", "integrity")):
            if col in cols and key in points and points[key] is not None:
                arrays[col] = np.asarray(points[key], dtype=np.int64)
    bound = [c for c in cols if c in arrays]
    values = ", ".join("?" if c in arrays else "NULL" for c in cols)
    sql = f"INSERT INTO ZRTCLLOCATIONMO (Z_PK, Z_ENT, Z_OPT, {', '.join(cols)}) VALUES (?, 1, 1, {values})"

    conn = _open_fresh(path)
    try:
        for statement in schema:
            conn.execute(statement)
        conn.execute("BEGIN")
        for start in range(0, n, _CHUNK):
            stop = min(n, start + _CHUNK)
            lists = [range(start + 1, stop + 1)] + [arrays[c][start:stop].tolist() for c in bound]
            conn.executemany(sql, zip(*lists))
    except BaseException:
        conn.close()
        raise
    _finish(conn, _CACHE_ENTITIES, "cache")
    return np.arange(1, n + 1, dtype=np.int64)


# --- Local.sqlite ---------------------------------------------------------------------------

_PLACE_RADIUS_M = 100.0
_EXPIRY_S = 28 * 86_400  # our choice: a learned place / visit kept four weeks past its last use


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * 6_371_008.8 * np.arcsin(np.sqrt(a)))


def write_local_sqlite(path: str | Path, visits: Iterable[Sequence[float]]) -> np.ndarray:
    """Write ``Local.sqlite`` with learned places and ``visits`` in ``ZRTLEARNEDLOCATIONOFINTERESTVISITMO``.

    ``visits``: ``(entry_ms, exit_ms, lat, lon, uncertainty_m)`` in the order to write.
    Visits within 100 m of an earlier visit's place share that place
    (``ZRTLEARNEDLOCATIONOFINTERESTMO``, located at its first visit); ``ZLOCATIONOFINTEREST``
    points at the place's ``Z_PK``. Dates are seconds since 2001 (float). An existing file
    is replaced. Returns the visits' ``Z_PK`` (int64, 1..n in input order).
    """
    rows = [tuple(v) for v in visits]
    places: list[list] = []  # [lat, lon, unc, first_entry_ms, last_exit_ms, count]
    assignment: list[tuple[int, int]] = []  # (place pk, order within place)
    for entry_ms, exit_ms, lat, lon, unc in rows:
        if exit_ms < entry_ms:
            raise ValueError(f"visit exits before it enters: {entry_ms} > {exit_ms}")
        for pk, p in enumerate(places, start=1):
            if _distance_m(p[0], p[1], lat, lon) <= _PLACE_RADIUS_M:
                p[4] = max(p[4], exit_ms)
                p[5] += 1
                assignment.append((pk, p[5]))
                break
        else:
            places.append([float(lat), float(lon), float(unc), int(entry_ms), int(exit_ms), 1])
            assignment.append((len(places), 1))

    def cocoa(ms: int) -> float:
        return (int(ms) - COCOA_EPOCH_UNIX_MS) / 1000.0

    conn = _open_fresh(path)
    try:
        for statement in local_schema():
            conn.execute(statement)
        conn.execute("BEGIN")
        loi_cols = [c for c, _ in _LOI_COLUMNS]
        conn.executemany(
            f"INSERT INTO ZRTLEARNEDLOCATIONOFINTERESTMO (Z_PK, Z_ENT, Z_OPT, {', '.join(loi_cols)}) "
            f"VALUES ({', '.join('?' * (len(loi_cols) + 3))})",
            (
                (pk, 1, 1, p[5], 0, 0, 0, 1.0, None, p[2], p[0], p[1], -1.0, cocoa(p[3]), cocoa(p[4]) + _EXPIRY_S,
                 None, _uuid_bytes("loi", pk), _uuid_bytes("place", pk), None)
                for pk, p in enumerate(places, start=1)
            ),
        )
        visit_cols = [c for c, _ in _LOI_VISIT_COLUMNS]
        conn.executemany(
            f"INSERT INTO ZRTLEARNEDLOCATIONOFINTERESTVISITMO (Z_PK, Z_ENT, Z_OPT, {', '.join(visit_cols)}) "
            f"VALUES ({', '.join('?' * (len(visit_cols) + 3))})",
            (
                (i, 2, 1, 1, 0, 0, place, order, 1.0, cocoa(entry), cocoa(entry), cocoa(exit_),
                 cocoa(exit_) + _EXPIRY_S, None, float(unc), float(lat), float(lon), 1.0, -1.0,
                 _uuid_bytes("visit", i))
                for i, ((entry, exit_, lat, lon, unc), (place, order)) in enumerate(zip(rows, assignment), start=1)
            ),
        )
    except BaseException:
        conn.close()
        raise
    _finish(conn, _LOCAL_ENTITIES, "local")
    return np.arange(1, len(rows) + 1, dtype=np.int64)


__all__ = [
    "CACHE_PATH", "LOCAL_PATH", "COCOA_EPOCH_UNIX_S", "cache_schema", "cache_columns", "local_schema", "local_columns",
    "write_cache_sqlite", "write_local_sqlite", "cocoa_seconds_from_unix_ms", "unix_ms_from_cocoa_seconds",
]
