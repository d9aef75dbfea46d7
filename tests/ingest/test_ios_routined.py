"""iOS routined Cache.sqlite / Local.sqlite, built with devtriage.synth.ios_location."""

from __future__ import annotations

import sqlite3

import numpy as np
import pyarrow as pa
import pytest

from devtriage.ingest import ios_routined
from devtriage.synth import ios_location

from conftest import probe_of, run_adapter

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def _points(n: int, seed: int = 2) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "ts_ms": T0 + np.cumsum(rng.integers(1, 120_000, n)),
        "lat": rng.uniform(-89, 89, n),
        "lon": rng.uniform(-179, 179, n),
        "accuracy_m": rng.uniform(3, 500, n),
        "speed_mps": np.where(rng.random(n) < 0.2, -1.0, rng.uniform(0, 30, n)),
        "course": rng.uniform(0, 359, n),
        "altitude": rng.uniform(-10, 300, n),
    }


@pytest.mark.parametrize("version", ["ios14", "ios17", "ios26"])
def test_cache_round_trip(tmp_path, version):
    pts = _points(2_000)
    path = tmp_path / "Cache.sqlite"
    pks = ios_location.write_cache_sqlite(path, pts, version=version)
    tables, warnings = run_adapter(ios_routined, path, path=ios_location.CACHE_PATH)
    t = tables["locations"]
    assert warnings == []
    assert t.num_rows == 2_000
    assert t.column("ts").cast(pa.int64()).to_numpy().tolist() == pts["ts_ms"].tolist()
    assert np.abs(t.column("lat").to_numpy() - pts["lat"]).max() < 1e-7
    assert np.abs(t.column("lon").to_numpy() - pts["lon"]).max() < 1e-7
    assert np.allclose(t.column("accuracy_m").to_numpy(), pts["accuracy_m"])
    speed = t.column("speed_mps").to_pylist()
    assert [s is None for s in speed] == (pts["speed_mps"] < 0).tolist()  # -1 = invalid
    assert np.allclose(t.column("altitude_m").to_numpy(), pts["altitude"])
    assert t.column("src_row").to_pylist() == pks.tolist()
    assert set(t.column("src_table").to_pylist()) == {"ZRTCLLOCATIONMO"}
    assert set(t.column("kind").to_pylist()) == {"fix"} and set(t.column("source").to_pylist()) == {"routined"}


def test_cache_bad_rows_skipped(tmp_path):
    pts = _points(10)
    path = tmp_path / "Cache.sqlite"
    ios_location.write_cache_sqlite(path, pts)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE ZRTCLLOCATIONMO SET ZTIMESTAMP = NULL WHERE Z_PK = 2")
    conn.execute("UPDATE ZRTCLLOCATIONMO SET ZLATITUDE = 123 WHERE Z_PK = 3")
    conn.execute("UPDATE ZRTCLLOCATIONMO SET ZHORIZONTALACCURACY = -1 WHERE Z_PK = 4")
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(ios_routined, path)
    t = tables["locations"]
    assert t.column("src_row").to_pylist() == [1] + list(range(4, 11))
    assert t.column("accuracy_m").to_pylist()[1] is None
    assert sorted(w.rows_skipped for w in warnings) == [1, 1]


def test_local_learned_visits(tmp_path):
    visits = [(T0, T0 + 3_600_000, 53.8008, -1.5491, 35.0), (T0 + 86_400_000, T0 + 90_000_000, 53.80081, -1.54911, 20.0),
              (T0 + 2 * 86_400_000, T0 + 2 * 86_400_000 + 60_000, 51.5, -0.12, 50.0)]
    path = tmp_path / "Local.sqlite"
    pks = ios_location.write_local_sqlite(path, visits)
    tables, warnings = run_adapter(ios_routined, path, path=ios_location.LOCAL_PATH)
    t = tables["locations"]
    assert warnings == []
    assert t.column("kind").to_pylist() == ["visit"] * 3
    assert t.column("src_row").to_pylist() == pks.tolist()
    assert t.column("src_table").to_pylist() == ["ZRTLEARNEDLOCATIONOFINTERESTVISITMO"] * 3
    assert t.column("ts").cast(pa.int64()).to_pylist() == [v[0] for v in visits]
    assert t.column("end_ts").cast(pa.int64()).to_pylist() == [v[1] for v in visits]
    assert t.column("accuracy_m").to_pylist() == [35.0, 20.0, 50.0]
    assert t.column("lat").to_pylist() == pytest.approx([v[2] for v in visits])
    assert t.column("place_pk").to_pylist() == [1, 1, 2]  # the first two share a learned place


def test_detect(tmp_path):
    cache = tmp_path / "Cache.sqlite"
    ios_location.write_cache_sqlite(cache, _points(3))
    local = tmp_path / "Local.sqlite"
    ios_location.write_local_sqlite(local, [(T0, T0 + 1, 1.0, 2.0, 3.0)])
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE ZRTCLLOCATIONMO (Z_PK INTEGER, ZLATITUDE FLOAT)").connection.commit()
    assert ios_routined.detect(probe_of(cache)) and ios_routined.detect(probe_of(local))
    assert not ios_routined.detect(probe_of(other))


def test_empty_cache_reads_nothing(tmp_path):
    path = tmp_path / "Cache.sqlite"
    ios_location.write_cache_sqlite(path, {k: np.zeros(0) for k in ("ts_ms", "lat", "lon", "accuracy_m")})
    tables, warnings = run_adapter(ios_routined, path)
    assert tables == {} and warnings == []


def test_cache_visits_and_hints(tmp_path):
    """ZRTVISITMO and ZRTHINTMO rows (the synth builder leaves them empty: inserted here)."""
    path = tmp_path / "Cache.sqlite"
    ios_location.write_cache_sqlite(path, _points(2))
    cocoa = (T0 - ios_location.COCOA_EPOCH_UNIX_MS) / 1000
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO ZRTVISITMO (Z_PK, Z_ENT, Z_OPT, ZENTRYDATE, ZEXITDATE, ZLOCATIONLATITUDE, "
                 "ZLOCATIONLONGITUDE, ZLOCATIONUNCERTAINTY, ZCONFIDENCE) VALUES (7, 4, 1, ?, ?, 53.8, -1.55, 40, 1.0)",
                 (cocoa, cocoa + 1800.5))
    conn.execute("INSERT INTO ZRTHINTMO (Z_PK, Z_ENT, Z_OPT, ZDATE, ZLATITUDE, ZLONGITUDE, ZSOURCE) "
                 "VALUES (3, 3, 1, ?, 53.81, -1.56, 2)", (cocoa + 60,))
    conn.commit()
    conn.close()
    tables, warnings = run_adapter(ios_routined, path)
    t = tables["locations"]
    assert warnings == []
    rows = [r for r in t.to_pylist() if r["kind"] != "fix"]
    assert [(r["src_table"], r["src_row"], r["kind"]) for r in rows] == [("ZRTVISITMO", 7, "visit"), ("ZRTHINTMO", 3, "hint")]
    ms = t.filter(pa.compute.not_equal(t.column("kind"), "fix")).column("ts").cast(pa.int64()).to_pylist()
    assert ms == [T0, T0 + 60_000]
    assert rows[0]["accuracy_m"] == 40 and rows[1]["hint_source"] == 2
    end = t.filter(pa.compute.equal(t.column("kind"), "visit")).column("end_ts").cast(pa.int64()).to_pylist()
    assert end == [T0 + 1_800_500]
