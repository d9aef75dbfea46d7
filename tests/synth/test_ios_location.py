"""The routined Cache.sqlite / Local.sqlite builders write the documented schema, deterministically."""

from __future__ import annotations

import hashlib
import plistlib
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from devtriage.synth import ios_location as loc

CD = [("Z_PK", "INTEGER"), ("Z_ENT", "INTEGER"), ("Z_OPT", "INTEGER")]

# The documented layouts, written out by hand (not derived from the module's lists).
EXPECTED_CACHE = {
    "ios14": {
        "ZRTCLLOCATIONMO": CD + [
            ("ZALTITUDE", "FLOAT"), ("ZCOURSE", "FLOAT"), ("ZHORIZONTALACCURACY", "FLOAT"), ("ZLATITUDE", "FLOAT"),
            ("ZLONGITUDE", "FLOAT"), ("ZSPEED", "FLOAT"), ("ZTIMESTAMP", "TIMESTAMP"), ("ZVERTICALACCURACY", "FLOAT"),
        ],
        "ZRTHINTMO": CD + [("ZSOURCE", "INTEGER"), ("ZDATE", "TIMESTAMP"), ("ZLATITUDE", "FLOAT"),
                           ("ZLONGITUDE", "FLOAT")],
        "ZRTVISITMO": CD + [
            ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONREFERENCEFRAME", "INTEGER"), ("ZTYPE", "INTEGER"),
            ("ZCONFIDENCE", "FLOAT"), ("ZDETECTIONDATE", "TIMESTAMP"), ("ZENTRYDATE", "TIMESTAMP"),
            ("ZEXITDATE", "TIMESTAMP"), ("ZLOCATIONDATE", "TIMESTAMP"), ("ZLOCATIONLATITUDE", "FLOAT"),
            ("ZLOCATIONLONGITUDE", "FLOAT"), ("ZLOCATIONUNCERTAINTY", "FLOAT"),
        ],
    },
    "ios17": {
        "ZRTCLLOCATIONMO": CD + [
            ("ZSIGNALENVIRONMENTTYPE", "INTEGER"), ("ZTYPE", "INTEGER"), ("ZALTITUDE", "FLOAT"), ("ZCOURSE", "FLOAT"),
            ("ZCOURSEACCURACY", "FLOAT"), ("ZHORIZONTALACCURACY", "FLOAT"), ("ZLATITUDE", "FLOAT"),
            ("ZLONGITUDE", "FLOAT"), ("ZSPEED", "FLOAT"), ("ZSPEEDACCURACY", "FLOAT"), ("ZTIMESTAMP", "TIMESTAMP"),
            ("ZVERTICALACCURACY", "FLOAT"),
        ],
        "ZRTHINTMO": CD + [("ZSOURCE", "INTEGER"), ("ZDATE", "TIMESTAMP"), ("ZHORIZONTALUNCERTAINTY", "FLOAT"),
                           ("ZLATITUDE", "FLOAT"), ("ZLONGITUDE", "FLOAT")],
        "ZRTVISITMO": CD + [
            ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONREFERENCEFRAME", "INTEGER"),
            ("ZPLACEINFERENCEPLACETYPE", "INTEGER"), ("ZPLACEINFERENCEUSERTYPE", "INTEGER"),
            ("ZPLACEINFERENCEUSERTYPESOURCE", "INTEGER"), ("ZSOURCE", "INTEGER"), ("ZTYPE", "INTEGER"),
            ("ZCONFIDENCE", "FLOAT"), ("ZDETECTIONDATE", "TIMESTAMP"), ("ZENTRYDATE", "TIMESTAMP"),
            ("ZEXITDATE", "TIMESTAMP"), ("ZLOCATIONDATE", "TIMESTAMP"), ("ZLOCATIONLATITUDE", "FLOAT"),
            ("ZLOCATIONLONGITUDE", "FLOAT"), ("ZLOCATIONUNCERTAINTY", "FLOAT"),
            ("ZPLACEINFERENCECONFIDENCE", "FLOAT"), ("ZPLACEINFERENCEMAPITEMIDENTIFIER", "BLOB"),
        ],
    },
}
COMMON_CACHE = {
    "ZRTFINGERPRINTMO": CD + [("ZSETTLEDSTATE", "INTEGER"), ("ZSTART", "TIMESTAMP"), ("ZIDENTIFIER", "BLOB")],
    "ZRTWIFIACCESSPOINTMO": CD + [("ZCHANNEL", "INTEGER"), ("ZRSSI", "INTEGER"), ("ZFINGERPRINT", "INTEGER"),
                                  ("ZAGE", "FLOAT"), ("ZDATE", "TIMESTAMP"), ("ZMAC", "VARCHAR")],
    "Z_PRIMARYKEY": [("Z_ENT", "INTEGER"), ("Z_NAME", "VARCHAR"), ("Z_SUPER", "INTEGER"), ("Z_MAX", "INTEGER")],
    "Z_METADATA": [("Z_VERSION", "INTEGER"), ("Z_UUID", "VARCHAR(255)"), ("Z_PLIST", "BLOB")],
    "Z_MODELCACHE": [("Z_CONTENT", "BLOB")],
}
EXPECTED_LOCAL = {
    "ZRTLEARNEDLOCATIONOFINTERESTMO": CD + [
        ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONREFERENCEFRAME", "INTEGER"), ("ZPLACETYPE", "INTEGER"),
        ("ZPLACETYPESOURCE", "INTEGER"), ("ZCONFIDENCE", "FLOAT"), ("ZLOCATIONALTITUDE", "FLOAT"),
        ("ZLOCATIONHORIZONTALUNCERTAINTY", "FLOAT"), ("ZLOCATIONLATITUDE", "FLOAT"), ("ZLOCATIONLONGITUDE", "FLOAT"),
        ("ZLOCATIONVERTICALUNCERTAINTY", "FLOAT"), ("ZPLACECREATIONDATE", "TIMESTAMP"),
        ("ZPLACEEXPIRATIONDATE", "TIMESTAMP"), ("ZPLACECUSTOMLABEL", "VARCHAR"), ("ZIDENTIFIER", "BLOB"),
        ("ZPLACEIDENTIFIER", "BLOB"), ("ZPLACEMAPITEMIDENTIFIER", "BLOB"),
    ],
    "ZRTLEARNEDLOCATIONOFINTERESTVISITMO": CD + [
        ("ZDATAPOINTCOUNT", "INTEGER"), ("ZLOCATIONOFINTERESTSOURCE", "INTEGER"),
        ("ZLOCATIONREFERENCEFRAME", "INTEGER"), ("ZLOCATIONOFINTEREST", "INTEGER"),
        ("Z_FOK_LOCATIONOFINTEREST", "INTEGER"), ("ZCONFIDENCE", "FLOAT"), ("ZCREATIONDATE", "TIMESTAMP"),
        ("ZENTRYDATE", "TIMESTAMP"), ("ZEXITDATE", "TIMESTAMP"), ("ZEXPIRATIONDATE", "TIMESTAMP"),
        ("ZLOCATIONALTITUDE", "FLOAT"), ("ZLOCATIONHORIZONTALUNCERTAINTY", "FLOAT"), ("ZLOCATIONLATITUDE", "FLOAT"),
        ("ZLOCATIONLONGITUDE", "FLOAT"), ("ZLOCATIONOFINTERESTCONFIDENCE", "FLOAT"),
        ("ZLOCATIONVERTICALUNCERTAINTY", "FLOAT"), ("ZIDENTIFIER", "BLOB"),
    ],
}


def _points(n: int, seed: int = 7, **extra) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    # irregular, millisecond-resolution instants spanning 2016..2026
    ts = 1_450_000_000_000 + np.sort(rng.integers(0, 330_000_000_000, n))
    pts = {"ts_ms": ts, "lat": 53.8 + rng.normal(0, 0.05, n), "lon": -1.55 + rng.normal(0, 0.05, n),
           "accuracy_m": rng.uniform(3, 80, n)}
    pts.update(extra)
    return pts


def _layout(path: Path) -> dict[str, list[tuple[str, str]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: [(r[1], r[2]) for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()


@pytest.mark.parametrize("version", ["ios14", "ios17"])
def test_cache_tables_and_columns_are_the_documented_schema(tmp_path, version):
    path = tmp_path / "Cache.sqlite"
    loc.write_cache_sqlite(path, _points(10), version=version)
    assert _layout(path) == {**EXPECTED_CACHE[version], **COMMON_CACHE}
    conn = sqlite3.connect(path)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert indexes == {"ZRTWIFIACCESSPOINTMO_ZFINGERPRINT_INDEX"}
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not Path(str(path) + "-journal").exists() and not Path(str(path) + "-wal").exists()


def test_ios26_adds_integrity(tmp_path):
    path = tmp_path / "Cache.sqlite"
    loc.write_cache_sqlite(path, _points(3, integrity=np.array([1, 2, 3])), version="ios26")
    cols = _layout(path)["ZRTCLLOCATIONMO"]
    assert cols[:4] == CD + [("ZINTEGRITY", "INTEGER")]
    assert cols[4:] == EXPECTED_CACHE["ios17"]["ZRTCLLOCATIONMO"][3:]
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT ZINTEGRITY FROM ZRTCLLOCATIONMO ORDER BY Z_PK")] == [1, 2, 3]


def test_unknown_version_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown"):
        loc.write_cache_sqlite(tmp_path / "Cache.sqlite", _points(2), version="ios9")


def test_values_round_trip_and_pks_match_a_select(tmp_path):
    n = 5_000
    pts = _points(n, speed_mps=np.linspace(0, 30, n), course=np.linspace(0, 359, n), altitude=np.full(n, 41.5))
    pts["speed_mps"][::10] = np.nan  # unknown speed -> CoreLocation's -1
    path = tmp_path / "Cache.sqlite"
    pks = loc.write_cache_sqlite(path, pts)
    assert pks.dtype == np.int64 and len(pks) == n

    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT Z_PK, Z_ENT, Z_OPT, ZTIMESTAMP, ZLATITUDE, ZLONGITUDE, ZHORIZONTALACCURACY, ZSPEED, "
                        "ZCOURSE, ZALTITUDE, ZVERTICALACCURACY, ZTYPE FROM ZRTCLLOCATIONMO ORDER BY rowid").fetchall()
    got = np.array([r[:11] for r in rows], dtype=np.float64)
    assert got[:, 0].astype(np.int64).tolist() == pks.tolist()
    assert set(got[:, 1]) == {1.0} and set(got[:, 2]) == {1.0}
    # Cocoa seconds decode to the input instants, to the millisecond
    assert np.array_equal(loc.unix_ms_from_cocoa_seconds(got[:, 3]), pts["ts_ms"])
    decoded = conn.execute("SELECT CAST(ROUND((ZTIMESTAMP + 978307200) * 1000) AS INTEGER) FROM ZRTCLLOCATIONMO "
                           "ORDER BY Z_PK").fetchall()
    assert [d[0] for d in decoded] == pts["ts_ms"].tolist()
    assert np.array_equal(got[:, 4], pts["lat"]) and np.array_equal(got[:, 5], pts["lon"])
    assert np.array_equal(got[:, 6], pts["accuracy_m"])
    expected_speed = np.where(np.isnan(pts["speed_mps"]), -1.0, pts["speed_mps"])
    assert np.array_equal(got[:, 7], expected_speed)
    assert np.array_equal(got[:, 8], pts["course"])
    assert set(got[:, 9]) == {41.5} and np.array_equal(got[:, 10], pts["accuracy_m"])
    assert {r[11] for r in rows} == {None}

    # a ground-truth Z_PK names the row with that point
    i = 1234
    row = conn.execute("SELECT ZLATITUDE, ZLONGITUDE FROM ZRTCLLOCATIONMO WHERE Z_PK = ?", (int(pks[i]),)).fetchone()
    assert row == (pts["lat"][i], pts["lon"][i])


def test_defaults_without_optional_columns(tmp_path):
    path = tmp_path / "Cache.sqlite"
    loc.write_cache_sqlite(path, _points(4), version="ios14")
    conn = sqlite3.connect(path)
    assert set(conn.execute("SELECT ZSPEED, ZCOURSE, ZALTITUDE, ZVERTICALACCURACY FROM ZRTCLLOCATIONMO")) == {
        (-1.0, -1.0, 0.0, -1.0)}


def test_core_data_metadata_is_consistent(tmp_path):
    path = tmp_path / "Cache.sqlite"
    pks = loc.write_cache_sqlite(path, _points(321))
    conn = sqlite3.connect(path)
    pk = {name: (ent, z_max) for ent, name, z_max in conn.execute("SELECT Z_ENT, Z_NAME, Z_MAX FROM Z_PRIMARYKEY")}
    assert pk["RTCLLocationMO"] == (1, int(pks.max()))
    assert conn.execute("SELECT MAX(Z_PK) FROM ZRTCLLOCATIONMO").fetchone()[0] == pk["RTCLLocationMO"][1]
    assert {name for name in pk} == {"RTCLLocationMO", "RTFingerprintMO", "RTHintMO", "RTVisitMO",
                                     "RTWiFiAccessPointMO"}
    assert all(z_max == 0 for name, (_, z_max) in pk.items() if name != "RTCLLocationMO")
    # Z_ENT of each row is its entity's number in Z_PRIMARYKEY
    assert {r[0] for r in conn.execute("SELECT DISTINCT Z_ENT FROM ZRTCLLOCATIONMO")} == {pk["RTCLLocationMO"][0]}
    version, store_uuid, plist = conn.execute("SELECT Z_VERSION, Z_UUID, Z_PLIST FROM Z_METADATA").fetchone()
    meta = plistlib.loads(plist)
    assert version == 1 and meta == {"NSStoreType": "SQLite", "NSStoreUUID": store_uuid}


def test_same_input_same_bytes(tmp_path):
    pts = _points(2_000, speed_mps=np.full(2_000, 1.25))
    digests = []
    for name in ("a", "b"):
        path = tmp_path / name / "Cache.sqlite"
        loc.write_cache_sqlite(path, pts)
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    # rewriting over an existing file gives the same bytes as well
    loc.write_cache_sqlite(tmp_path / "a" / "Cache.sqlite", pts)
    digests.append(hashlib.sha256((tmp_path / "a" / "Cache.sqlite").read_bytes()).hexdigest())
    assert len(set(digests)) == 1


def test_bulk_write_200k_points(tmp_path):
    n = 200_000
    pts = _points(n, seed=11)
    path = tmp_path / "Cache.sqlite"
    pks = loc.write_cache_sqlite(path, pts)
    assert np.array_equal(pks, np.arange(1, n + 1))
    conn = sqlite3.connect(path)
    count, first, last = conn.execute("SELECT COUNT(*), MIN(Z_PK), MAX(Z_PK) FROM ZRTCLLOCATIONMO").fetchone()
    assert (count, first, last) == (n, 1, n)
    ts = np.array([r[0] for r in conn.execute("SELECT ZTIMESTAMP FROM ZRTCLLOCATIONMO ORDER BY Z_PK")])
    assert np.array_equal(loc.unix_ms_from_cocoa_seconds(ts), pts["ts_ms"])
    assert conn.execute("SELECT Z_MAX FROM Z_PRIMARYKEY WHERE Z_NAME = 'RTCLLocationMO'").fetchone()[0] == n
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_local_sqlite_visits(tmp_path):
    base = 1_700_000_000_000
    visits = [
        (base, base + 3_600_000, 53.8008, -1.5491, 35.0),  # place 1
        (base + 86_400_000, base + 90_000_000, 53.7500, -1.6000, 50.0),  # place 2
        (base + 172_800_000, base + 173_700_123, 53.80085, -1.54905, 20.0),  # ~10 m from place 1
    ]
    path = tmp_path / "Local.sqlite"
    pks = loc.write_local_sqlite(path, visits)
    assert pks.tolist() == [1, 2, 3]
    assert _layout(path) == {**EXPECTED_LOCAL, **{k: COMMON_CACHE[k] for k in ("Z_PRIMARYKEY", "Z_METADATA",
                                                                               "Z_MODELCACHE")}}
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT v.Z_PK, v.ZENTRYDATE, v.ZEXITDATE, v.ZLOCATIONLATITUDE, v.ZLOCATIONLONGITUDE, "
        "v.ZLOCATIONHORIZONTALUNCERTAINTY, v.ZLOCATIONOFINTEREST, v.Z_FOK_LOCATIONOFINTEREST, l.ZLOCATIONLATITUDE "
        "FROM ZRTLEARNEDLOCATIONOFINTERESTVISITMO v JOIN ZRTLEARNEDLOCATIONOFINTERESTMO l "
        "ON l.Z_PK = v.ZLOCATIONOFINTEREST ORDER BY v.Z_PK").fetchall()
    assert [r[0] for r in rows] == [1, 2, 3]
    for (entry, exit_, lat, lon, unc), r in zip(visits, rows):
        assert loc.unix_ms_from_cocoa_seconds([r[1], r[2]]).tolist() == [entry, exit_]
        assert (r[3], r[4], r[5]) == (lat, lon, unc)
    assert [(r[6], r[7]) for r in rows] == [(1, 1), (2, 1), (1, 2)]
    assert rows[2][8] == 53.8008
    z_max = dict(conn.execute("SELECT Z_NAME, Z_MAX FROM Z_PRIMARYKEY"))
    assert z_max == {"RTLearnedLocationOfInterestMO": 2, "RTLearnedLocationOfInterestVisitMO": 3}


def test_local_sqlite_is_deterministic_and_checks_order(tmp_path):
    visits = [(1_600_000_000_000 + i * 7_200_000, 1_600_000_000_000 + i * 7_200_000 + 1_800_000,
               51.5 + (i % 3) * 0.01, -0.12, 25.0) for i in range(30)]
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    loc.write_local_sqlite(a, visits)
    loc.write_local_sqlite(b, visits)
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(ValueError, match="exits before"):
        loc.write_local_sqlite(tmp_path / "c.sqlite", [(10, 5, 0.0, 0.0, 1.0)])
