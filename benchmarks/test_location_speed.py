"""Place-visit speed: the Numba kernels against NumPy and pandas, in one session.

The data: one owner's movements from ``devtriage.synth.places.simulate`` (a Leeds routine,
``DEVTRIAGE_BENCH_LOC_POINTS`` points, default 5,000,000 -- 200,000 with
``DEVTRIAGE_BENCH_PROFILE=tiny`` --, a year at a heavy points_per_day) with 1,500
planted visits near 20 case places: the owner's own routine places (home, work, shops,
gym ...) and 11 other addresses within 6 km, radii 100-300 m. Built once and cached in
``benchmarks/.cache/location-<points>-seed<seed>-gen<GENERATOR_VERSION>.npz``.

The work, the detector's own (``detect/location.py`` constants: max accuracy 250 m,
accuracy <= radius, elsewhere beyond radius + 2 x accuracy, a visit ends after 60 min
without a counted point): every point classified against the 20 places (inside the
nearest, elsewhere, or unknown) and the points grouped into visits (place, first and last
point, arrival, departure, points, closest approach). Benchmarks, group
``location-<points>``:

* ``kernels``: ``kernels.location.near_places`` (uniform grid over the places) +
  ``visits``;
* ``numpy``: a NumPy-vectorised haversine over all points for each place in turn
  (the same comparisons), then the visits with ``np.diff`` / ``np.cumsum`` / ``reduceat``;
* ``pandas``: the same per-place haversine on DataFrame columns, then the visits with
  ``shift`` / ``cumsum`` / ``groupby().agg``.

All three must give the same visits (asserted). ``extra_info``: points, places, visits,
points/s. Numba compile time is measured on its own in a fresh subprocess with an empty
``NUMBA_CACHE_DIR`` (and again loading from that cache), never inside a timed figure.
Targets: kernels >= 10x pandas and >= 3x NumPy (``test_targets``, in the same session).

    DEVTRIAGE_BENCH_PROFILE=tiny python -m pytest benchmarks/test_location_speed.py -q --benchmark-disable  # correctness
    python -m pytest benchmarks/test_location_speed.py --benchmark-json .benchmarks/location.json
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from _numba import compile_times  # noqa: E402
from _timing import say as _say  # noqa: E402
from _timing import timed  # noqa: E402

from devtriage.detect import location as det
from devtriage.kernels import location as K
from devtriage.synth import generate as synth
from devtriage.synth import places as sp

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
TINY = os.environ.get("DEVTRIAGE_BENCH_PROFILE", "").strip().lower() == "tiny"
N_POINTS = int(os.environ.get("DEVTRIAGE_BENCH_LOC_POINTS", 200_000 if TINY else 5_000_000))
SEED = int(os.environ.get("DEVTRIAGE_BENCH_SEED", 20261121))
ROUNDS = int(os.environ.get("DEVTRIAGE_BENCH_ROUNDS", 3))
N_PLACES = 20
DAYS = 365
TARGETS = {"pandas": 10.0, "numpy": 3.0}
R = K.EARTH_RADIUS_M
RESULTS: dict[str, dict] = {}

try:
    import pandas as pd
except ImportError:
    pd = None


# --- data ---------------------------------------------------------------------------------------


@dataclass
class Data:
    ts: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    acc: np.ndarray
    plat: np.ndarray
    plon: np.ndarray
    prad: np.ndarray
    build_s: float = 0.0

    @property
    def n(self) -> int:
        return len(self.ts)


def build(n_points: int, seed: int) -> Data:
    rng = np.random.default_rng(seed)
    home = (53.8008, -1.5491)
    routine = sp.Routine(*home, *sp.offset(*home, 4200, 1.1), commute_mode="car", tz="Europe/London")
    start = datetime(2025, 3, 1, tzinfo=UTC)
    # 20 places: 9 routine places of the owner (their positions are drawn by simulate) and 11 others
    probe = sp.simulate(np.random.default_rng(seed), routine, start, 2, 10)
    others = [sp.offset(*home, float(rng.uniform(500, 6000)), float(rng.uniform(0, 2 * math.pi))) for _ in range(N_PLACES - 9)]
    plat = np.concatenate([probe.place_lat[:9], [o[0] for o in others]])
    plon = np.concatenate([probe.place_lon[:9], [o[1] for o in others]])
    prad = rng.uniform(100, 300, N_PLACES)
    visits = []
    for _ in range(1500):
        k = int(rng.integers(N_PLACES))
        when = start + timedelta(seconds=float(rng.uniform(0, (DAYS - 1) * 86400)))
        lat, lon = sp.offset(plat[k], plon[k], float(rng.uniform(0, 0.6 * prad[k])), float(rng.uniform(0, 2 * math.pi)))
        visits.append(sp.Visit(lat, lon, when, float(rng.uniform(60, 5400))))
    track = sp.simulate(np.random.default_rng(seed), routine, start, DAYS, n_points / DAYS * 1.16, visits)
    return Data(track.ts_ms.astype(np.int64), track.lat.astype(np.float64), track.lon.astype(np.float64),
                track.accuracy_m.astype(np.float64), plat, plon, prad)


def dataset(n_points: int, seed: int, say=lambda t: None) -> Data:
    path = CACHE / f"location-{n_points}-seed{seed}-gen{synth.GENERATOR_VERSION}.npz"
    if path.exists():
        z = np.load(path)
        return Data(*(z[k] for k in ("ts", "lat", "lon", "acc", "plat", "plon", "prad")))
    say(f"\nbuilding {n_points:,} location points into {path} ...")
    t = time.perf_counter()
    d = build(n_points, seed)
    d.build_s = time.perf_counter() - t
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, ts=d.ts, lat=d.lat, lon=d.lon, acc=d.acc, plat=d.plat, plon=d.plon, prad=d.prad)
    tmp.replace(path)
    return d


# --- the three implementations -------------------------------------------------------------------

MAX_ACC, RATIO, FACTOR, GAP = det.MAX_ACCURACY_M, 1.0, det.OUTSIDE_FACTOR, det.MAX_GAP_MS


@dataclass
class Result:
    place: np.ndarray  # per point
    v_place: np.ndarray
    start: np.ndarray
    end: np.ndarray
    arrival: np.ndarray
    departure: np.ndarray
    n_points: np.ndarray
    min_dist: np.ndarray


def run_kernels(d: Data) -> Result:
    near = K.near_places(d.lat, d.lon, d.acc, d.plat, d.plon, d.prad, MAX_ACC, accuracy_ratio=RATIO, outside_factor=FACTOR)
    v = K.visits(d.ts, near.place, near.dist_m, GAP, 1)
    return Result(near.place, v.place, v.start_idx, v.end_idx, v.arrival_ms, v.departure_ms, v.n_points, v.min_dist_m)


def run_numpy(d: Data) -> Result:
    lar = np.radians(d.lat)
    lor = np.radians(d.lon)
    cosl = np.cos(lar)
    n = d.n
    best = np.full(n, -1, np.int32)
    best_d = np.full(n, np.inf)
    maybe = d.acc > MAX_ACC
    lim = np.minimum(MAX_ACC, RATIO * d.prad)
    for k in range(len(d.plat)):  # every point against each place in turn
        pr, po = math.radians(d.plat[k]), math.radians(d.plon[k])
        s1 = np.sin((pr - lar) * 0.5)
        s2 = np.sin((po - lor) * 0.5)
        a = np.minimum(s1 * s1 + cosl * math.cos(pr) * s2 * s2, 1.0)
        dist = 2.0 * R * np.arcsin(np.sqrt(a))
        inside = (dist <= d.prad[k]) & (d.acc <= lim[k])
        better = inside & (dist < best_d)
        best[better] = k
        best_d[better] = dist[better]
        maybe |= ~inside & (dist <= d.prad[k] + FACTOR * d.acc)
    place = np.where(best >= 0, best, np.where(maybe, -2, -1)).astype(np.int32)
    keep = np.flatnonzero(place != -2)
    p, t = place[keep], d.ts[keep]
    brk = np.ones(len(keep), bool)
    brk[1:] = (p[1:] != p[:-1]) | (np.diff(t) > GAP)
    heads = np.flatnonzero(brk)
    tails = np.append(heads[1:], len(keep)) - 1
    ok = p[heads] >= 0
    start, end = keep[heads[ok]], keep[tails[ok]]
    mind = np.minimum.reduceat(best_d[keep], heads)[ok] if len(heads) else np.zeros(0)
    return Result(place, p[heads[ok]], start, end, d.ts[start], d.ts[end], (tails - heads + 1)[ok], mind)


def run_pandas(d: Data) -> Result:
    df = pd.DataFrame({"ts": d.ts, "lar": np.radians(d.lat), "lor": np.radians(d.lon), "acc": d.acc})
    df["cosl"] = np.cos(df["lar"])
    df["place"] = -1
    df["d"] = np.inf
    df["maybe"] = df["acc"] > MAX_ACC
    lim = np.minimum(MAX_ACC, RATIO * d.prad)
    for k in range(len(d.plat)):  # per place: haversine on the DataFrame columns
        pr, po = math.radians(d.plat[k]), math.radians(d.plon[k])
        s1 = np.sin((pr - df["lar"]) * 0.5)
        s2 = np.sin((po - df["lor"]) * 0.5)
        dist = 2.0 * R * np.arcsin(np.sqrt((s1 * s1 + df["cosl"] * math.cos(pr) * s2 * s2).clip(upper=1.0)))
        inside = (dist <= d.prad[k]) & (df["acc"] <= lim[k])
        better = inside & (dist < df["d"])
        df.loc[better, "place"] = k
        df.loc[better, "d"] = dist[better]
        df["maybe"] |= ~inside & (dist <= d.prad[k] + FACTOR * df["acc"])
    df.loc[(df["place"] < 0) & df["maybe"], "place"] = -2
    u = df.loc[df["place"] != -2, ["ts", "place", "d"]].reset_index(names="idx")
    brk = (u["place"] != u["place"].shift()) | (u["ts"].diff() > GAP)
    u["seg"] = brk.cumsum()
    g = u[u["place"] >= 0].groupby("seg", sort=True).agg(
        place=("place", "first"), start=("idx", "first"), end=("idx", "last"), arrival=("ts", "first"),
        departure=("ts", "last"), n=("ts", "size"), mind=("d", "min"))
    return Result(df["place"].to_numpy(np.int32), g["place"].to_numpy(np.int32), g["start"].to_numpy(np.int64),
                  g["end"].to_numpy(np.int64), g["arrival"].to_numpy(np.int64), g["departure"].to_numpy(np.int64),
                  g["n"].to_numpy(np.int64), g["mind"].to_numpy(np.float64))


def compare(a: Result, b: Result) -> list[str]:
    out = []
    for name in ("place", "v_place", "start", "end", "arrival", "departure", "n_points"):
        x, y = getattr(a, name), getattr(b, name)
        if x.shape != y.shape or not np.array_equal(x, y):
            diff = int(np.sum(x != y)) if x.shape == y.shape else f"shape {x.shape} vs {y.shape}"
            out.append(f"{name}: {diff} differ")
    if a.min_dist.shape == b.min_dist.shape and not np.allclose(a.min_dist, b.min_dist, rtol=1e-9, atol=1e-6):
        out.append("min_dist differ")
    return out


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def loc_data(request) -> Data:
    d = dataset(N_POINTS, SEED, say=lambda t: _say(request, t))
    assert d.n >= 0.9 * N_POINTS and len(d.plat) == N_PLACES
    return d


@pytest.fixture(scope="session")
def reference(loc_data) -> Result:
    r = run_kernels(loc_data)  # also compiles / loads the kernels
    assert len(r.v_place) > 1000 and len(np.unique(r.v_place)) == N_PLACES
    return r


_COMPILE_SCRIPT = r"""
import json, time
t0 = time.perf_counter()
from devtriage.kernels import location as K
imported = time.perf_counter() - t0
per = {}
def first(name, f):
    t = time.perf_counter(); f(); per[name] = time.perf_counter() - t
near = []
first("near_places", lambda: near.append(K.near_places([53.8], [-1.5], [10.0], [53.8], [-1.5], [150.0], 250.0)))
first("visits", lambda: K.visits([0], near[0].place, near[0].dist_m, 60_000))
first("grid_cells", lambda: K.grid_cells([53.8], [-1.5], 100.0))
first("stays", lambda: K.stays([0, 60_000], [53.8, 53.8], [-1.5, -1.5], 100.0, 0, 60_000))
print(json.dumps({"first_calls_s": sum(per.values()), "per_kernel_s": per, "import_s": imported}))
"""


@pytest.fixture(scope="session")
def numba_compile() -> dict:
    """First call of every kernel in a fresh process: with an empty cache, then from that cache."""
    return compile_times(_COMPILE_SCRIPT)


# --- agreement on small inputs (not timed) ------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_three_implementations_agree_small(seed):
    if pd is None:
        pytest.skip("pandas is not installed")
    rng = np.random.default_rng(seed)
    d = build(30_000, 1000 + seed)
    d.acc[rng.random(d.n) < 0.05] = np.inf  # some unknown accuracies
    k = run_kernels(d)
    assert len(k.v_place) > 50
    assert compare(k, run_numpy(d)) == []
    assert compare(k, run_pandas(d)) == []


# --- benchmarks ----------------------------------------------------------------------------------


def _time(benchmark, work) -> tuple:
    return timed(benchmark, work, ROUNDS)


@pytest.mark.parametrize("approach", ("kernels", "numpy", "pandas"))
def test_location_speed(benchmark, request, loc_data, reference, approach):
    benchmark.group = f"location-{loc_data.n}"
    extra: dict = {"numba_compile_s": None, "numba_note": "n/a: no Numba"}
    if approach == "kernels":
        out, median, wall = _time(benchmark, lambda: run_kernels(loc_data))
        extra = request.getfixturevalue("numba_compile")
        t = time.perf_counter()
        K.near_places(loc_data.lat, loc_data.lon, loc_data.acc, loc_data.plat, loc_data.plon, loc_data.prad, MAX_ACC,
                      outside_factor=FACTOR)
        extra["near_places_s"] = round(time.perf_counter() - t, 4)
    elif approach == "numpy":
        out, median, wall = _time(benchmark, lambda: run_numpy(loc_data))
    else:
        if pd is None:
            pytest.skip("pandas is not installed")
        out, median, wall = _time(benchmark, lambda: run_pandas(loc_data))
    assert compare(reference, out) == [], f"{approach} disagrees with the kernels"
    med = median if median is not None else float(np.median(wall))
    info = {"bench": "location", "approach": approach, "points": loc_data.n, "places": N_PLACES,
            "visits": int(len(out.v_place)), "points_in_places": int((out.place >= 0).sum()),
            "median_s": round(med, 5), "points_per_s": round(loc_data.n / med) if med else None,
            "timed": median is not None, **extra}
    benchmark.extra_info.update(info)
    RESULTS[approach] = info
    _say(request, f"\n  {approach:8s} {med:8.3f} s  {loc_data.n / med:14,.0f} points/s  ({len(out.v_place):,} visits)"
         + (f"; Numba compile {extra['numba_compile_s']:.2f} s (cache load {extra['numba_cache_load_s']:.2f} s)"
            if approach == "kernels" else ""))


def test_targets(request):
    """Kernels >= 10x pandas and >= 3x NumPy on the same data in this session."""
    if "kernels" not in RESULTS or not RESULTS["kernels"]["timed"]:
        pytest.skip("timings disabled or the speed benchmarks did not run")
    k = RESULTS["kernels"]["median_s"]
    lines, missed = [], []
    for other, target in TARGETS.items():
        if other not in RESULTS:
            continue
        ratio = RESULTS[other]["median_s"] / k
        lines.append(f"kernels vs {other}: {ratio:.1f}x (target >= {target:g}x)")
        if ratio < target:
            missed.append(lines[-1])
    _say(request, "\n  " + "\n  ".join(lines))
    if os.environ.get("DEVTRIAGE_BENCH_ASSERT", "1") != "0":
        assert not missed, missed
