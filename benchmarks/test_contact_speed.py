"""Contact detector speed: Numba kernels and the whole detector against pandas, in one session.

On one synthetic Android device from ``devtriage.synth.generate`` with the ``fixated``
scenario (profile ``DEVTRIAGE_BENCH_PROFILE``: ``typical`` by default, ``heavy`` opt-in --
over 1.2M messages and calls --, ``tiny`` for a quick correctness run), ingested once and
cached as Parquet in ``benchmarks/.cache/`` (see ``_contact_pandas.py``). The prepared
input is ``contact.build_events(tables, case)`` (made once, not timed): every 1:1 message
and call as arrays sorted by (person, ts), plus the case's order windows. Benchmarks,
group ``contact-<profile>``:

* ``kernels``: ``kernel_stats(prepared)``, every per-person statistic from the Numba
  kernels plus the NumPy glue the detector uses (pursuing side, sub-arrays);
* ``pandas``: ``pandas_stats(frame)``, the same statistics with pandas from the events
  as a DataFrame (made once, not timed); it must equal the kernels' result exactly;
* ``detector``: ``contact.run(tables, case)``, the whole detector: events (person
  joining, sorting, local time, refusal rules over the message bodies), kernels,
  indicator rules, findings.

``extra_info``: events, persons, events/s (from the median) and events per CPU-second
(process CPU time over the timed rounds; ``cores_used`` = CPU time / wall time). The
kernels' Numba compile time is measured on its own, in fresh subprocesses with
``NUMBA_CACHE_DIR`` pointing at an empty temporary folder: the first call of every
kernel (compile and cache write), then, in a second process, the first call loading from
that cache; it is never inside a timed figure (every benchmark has a warm-up round).
Timing: ``benchmark.pedantic(rounds=DEVTRIAGE_BENCH_ROUNDS (5; heavy 3), warmup_rounds=1)``.

    DEVTRIAGE_BENCH_PROFILE=tiny python -m pytest benchmarks/test_contact_speed.py -q --benchmark-disable  # correctness
    python -m pytest benchmarks/test_contact_speed.py --benchmark-json .benchmarks/contact.json && python benchmarks/report.py --json .benchmarks/contact.json
    DEVTRIAGE_BENCH_PROFILE=heavy python -m pytest benchmarks/test_contact_speed.py --benchmark-json .benchmarks/contact-heavy.json

(2 vCPU reference machine: tiny about 15 s; typical about 6 s to build + 45 s; heavy about
45 s to build (the Parquet cache is ~25 MB; the 1 GB extraction is deleted) + 7 min, most
of it the detector's ~30 s calls.)
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from _numba import compile_times  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _contact_pandas as cp  # noqa: E402
import _stage_data  # noqa: E402
from _timing import say as _say  # noqa: E402

from devtriage.detect import contact  # noqa: E402

PROFILE = cp.profile_from_env()
SEED = cp.seed_from_env()
ROUNDS = int(os.environ.get("DEVTRIAGE_BENCH_ROUNDS", 3 if PROFILE == "heavy" else 5))
WARMUP = 1
HEAVY_MIN_EVENTS = 1_200_000
PANDAS_MISSING = "pandas is not installed: the pandas baseline is skipped (add pandas to the `test` extra)"
_DAY = 86_400_000


@pytest.fixture(scope="session")
def contact_device(request):
    return cp.device(PROFILE, SEED, say=lambda t: _say(request, t))


@pytest.fixture(scope="session")
def prepared(contact_device) -> cp.Prepared:
    tables, case, meta = contact_device
    p = cp.prepare(tables, case)
    if PROFILE == "heavy":
        rows = meta["rows"]["messages"] + meta["rows"]["calls"]
        assert rows >= HEAVY_MIN_EVENTS, f"heavy device has only {rows:,} messages + calls"
    return p


@pytest.fixture(scope="session")
def reference(prepared) -> cp.Stats:
    """The kernels' statistics (this first call also compiles / loads the kernels)."""
    return cp.kernel_stats(prepared)


@pytest.fixture(scope="session")
def machine() -> dict:
    return _stage_data.machine()


# --- Numba compile time, in fresh processes with an empty cache -------------------------------

_COMPILE_SCRIPT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
import numpy as np
from devtriage.kernels import contact as K
import _contact_pandas as cp
imported = time.perf_counter() - t0
off = np.array([0, 3, 5], np.int64)
ts = np.array([0, 1000, 90_000_000, 5, 700_000_000], np.int64)
day = ts // 86_400_000
d = np.array([1, 1, 0, 0, 1], np.int8)
week = (day - 4) // 7
per = {}
def first(name, f):
    t = time.perf_counter(); f(); per[name] = time.perf_counter() - t
first("day_runs", lambda: K.day_runs(off, day))
first("one_sided_runs", lambda: K.one_sided_runs(off, d, side=1))
first("max_in_window", lambda: K.max_in_window(off, ts, 600_000))
first("weekly_counts", lambda: K.weekly_counts(off, week))
first("mann_kendall", lambda: K.mann_kendall(np.array([1, 2, 3, 1], np.int64), np.array([0, 4], np.int64)))
first("count_in_intervals", lambda: K.count_in_intervals(off, ts, np.array([0], np.int64), np.array([10], np.int64)))
p = cp.Prepared(off, np.array([0, 0, 0, 1, 1], np.int64), ts, day, (ts % 86_400_000) // 3_600_000, d,
                np.array([0], np.int64), np.array([10], np.int64))
t = time.perf_counter(); cp.kernel_stats(p); again = time.perf_counter() - t
print(json.dumps({"first_calls_s": sum(per.values()), "per_kernel_s": per, "kernel_stats_after_s": again,
                  "import_s": imported}))
"""


@pytest.fixture(scope="session")
def numba_compile() -> dict:
    """First call of every kernel in a fresh process: with an empty cache, then from that cache."""
    return compile_times(_COMPILE_SCRIPT, str(HERE))


# --- agreement (small inputs, not timed) ------------------------------------------------------


def _random_prepared(rng: np.random.Generator, persons: int = 30) -> cp.Prepared:
    """Events in code: bursts with tied timestamps, multi-week gaps, unknown directions, empty persons."""
    per, ts, d = [], [], []
    t_start = 1_767_225_600_000  # 2026-01-01
    for k in range(persons):
        kind = rng.integers(0, 6)
        m = 0 if kind == 0 else 1 if kind == 1 else int(rng.integers(2, 400))
        gaps = rng.choice([0, 1_000, 45_000, 400_000, 3_000_000, 30_000_000, 90_000_000, 9 * _DAY], size=m,
                          p=[0.08, 0.2, 0.2, 0.15, 0.15, 0.12, 0.07, 0.03])
        t = t_start + int(rng.integers(0, 60 * _DAY)) + np.cumsum(gaps).astype(np.int64)
        if kind == 2:
            dirs = np.full(m, -1)  # only unknown
        elif kind == 3:
            dirs = np.zeros(m)  # only incoming
        else:
            dirs = rng.choice([1, 0, -1], size=m, p=[0.55, 0.38, 0.07])
        per.append(np.full(m, k))
        ts.append(t)
        d.append(dirs)
    person = np.concatenate(per).astype(np.int64)
    ts_a = np.concatenate(ts).astype(np.int64)
    local = ts_a + 3_600_000
    day = np.floor_divide(local, _DAY)
    hour = np.floor_divide(local - day * _DAY, 3_600_000)
    offsets = np.searchsorted(person, np.arange(persons + 1)).astype(np.int64)
    starts = np.array([t_start + 10 * _DAY, t_start + 40 * _DAY, t_start + 80 * _DAY], np.int64)
    ends = np.array([t_start + 20 * _DAY, t_start + 55 * _DAY, np.iinfo(np.int64).max], np.int64)
    if rng.random() < 0.3:
        starts, ends = starts[:0], ends[:0]
    return cp.Prepared(offsets, person, ts_a, day, hour, np.concatenate(d).astype(np.int8), starts, ends)


@pytest.mark.parametrize("seed", range(12))
def test_pandas_agrees_with_kernels_random(seed):
    if cp.pd is None:
        pytest.skip(PANDAS_MISSING)
    p = _random_prepared(np.random.default_rng(seed))
    k = cp.kernel_stats(p)
    assert int(k.per_person["weeks"].max()) >= 4 and int(k.per_person["run_out"].max()) >= 5
    assert cp.compare(k, cp.pandas_stats(cp.frame(p), p.g, p.starts, p.ends)) == []


def test_pandas_agrees_with_kernels_tiny_device(request):
    """The tiny synthetic device (persons joined across apps, a real order window, DST)."""
    if cp.pd is None:
        pytest.skip(PANDAS_MISSING)
    tables, case, _ = cp.device("tiny", SEED, say=lambda t: _say(request, t))
    p = cp.prepare(tables, case)
    assert p.n > 1000 and len(p.starts) >= 1
    k = cp.kernel_stats(p)
    assert int(k.per_person["in_orders"].sum()) > 0
    assert cp.compare(k, cp.pandas_stats(cp.frame(p), p.g, p.starts, p.ends)) == []


def test_kernel_stats_are_the_detectors(contact_device, prepared, reference):
    """The benchmarked kernel statistics are the detector's own (the ``details`` of its findings)."""
    tables, case, meta = contact_device
    person = {label: k for k, label in enumerate(prepared.labels)}
    pp = reference.per_person
    checked = 0
    for row in contact.run(tables, case, meta["exhibit"]).to_pylist():
        if row["indicator"] not in ("contact.volume", "contact.unanswered", "contact.night"):
            continue
        k = person[row["subject"]]
        details = json.loads(row["details"])
        assert (details["out"], details["in"], details["distinct_days"], details["longest_streak_days"]) == (
            int(pp["out"][k]), int(pp["in"][k]), int(pp["distinct_days"][k]), int(pp["longest_streak"][k]))
        if row["indicator"] == "contact.night":
            assert details["night"] == int(pp["night"][k])
        if row["indicator"] == "contact.unanswered":
            side = "run_out" if pp["out"][k] >= pp["in"][k] else "run_in"
            assert details["longest_run"] == int(pp[side][k])
        checked += 1
    assert checked >= 1


# --- benchmarks -----------------------------------------------------------------------------


def _time(benchmark, work) -> tuple:
    """Run ``work`` timed (1 warm-up round, then ROUNDS): (last output, CPU s, wall s, rounds) of the timed rounds."""
    holder: dict = {"cpu": [], "wall": []}

    def target():
        c, w = time.process_time(), time.perf_counter()
        holder["out"] = work()
        holder["cpu"].append(time.process_time() - c)
        holder["wall"].append(time.perf_counter() - w)

    gc.collect()
    benchmark.pedantic(target, rounds=ROUNDS, warmup_rounds=WARMUP, iterations=1)
    timed = slice(-ROUNDS, None)  # with --benchmark-disable there is one untimed call
    cpu, wall = holder["cpu"][timed], holder["wall"][timed]
    return holder["out"], sum(cpu), sum(wall), len(wall)


def _median(benchmark, fallback: float) -> float:
    stats = getattr(benchmark, "stats", None)
    try:
        return float(stats.stats.median)
    except AttributeError:  # --benchmark-disable
        return fallback


def _detector_breakdown(tables, case) -> dict:
    """Where the detector's time goes, one untimed call each after the timed rounds (best of 2)."""

    def best(f) -> float:
        times = []
        for _ in range(2):
            t = time.perf_counter()
            f()
            times.append(time.perf_counter() - t)
        return round(min(times), 4)

    body = tables["messages"].column("body")
    return {"run": best(lambda: contact.run(tables, case)),
            "build_events": best(lambda: contact.build_events(tables, case)),
            "text_rules": best(lambda: contact._rules(body)),
            "note": "build_events includes text_rules (the refusal and new-number rules over the distinct message "
                    "bodies); the rest of run is the kernels, indicator rules and findings"}


@pytest.mark.parametrize("approach", ("kernels", "pandas", "detector"))
def test_contact_speed(benchmark, request, contact_device, prepared, reference, machine, approach):
    benchmark.group = f"contact-{PROFILE}"
    tables, case, meta = contact_device
    extra: dict = {"numba_compile_s": None, "numba_note": "n/a: no Numba"}
    if approach == "kernels":
        out, cpu, wall, rounds = _time(benchmark, lambda: cp.kernel_stats(prepared))
        assert cp.compare(out, reference) == []
        extra = request.getfixturevalue("numba_compile")
    elif approach == "pandas":
        if cp.pd is None:
            pytest.skip(PANDAS_MISSING)
        df = cp.frame(prepared)
        out, cpu, wall, rounds = _time(benchmark, lambda: cp.pandas_stats(df, prepared.g, prepared.starts, prepared.ends))
        assert cp.compare(reference, out) == [], "pandas and the kernels disagree"
    else:
        out, cpu, wall, rounds = _time(benchmark, lambda: contact.run(tables, case, meta["exhibit"]))
        extra = {"numba_compile_s": None, "numba_note": "kernels already compiled in this session (see kernels)",
                 "findings": out.num_rows,
                 "indicators": dict(sorted(Counter(out.column("indicator").to_pylist()).items())),
                 "breakdown_s": _detector_breakdown(tables, case)}
    median = _median(benchmark, wall / rounds)
    n = prepared.n
    benchmark.extra_info.update({
        "bench": "contact", "approach": approach, "profile": PROFILE, "seed": SEED, "exhibit": meta["exhibit"],
        "scenario": meta["scenario"], "generator": meta["generator"], "events": n, "persons": prepared.g,
        "table_rows": {k: meta["rows"].get(k, 0) for k in cp.TABLES}, "order_windows": int(len(prepared.starts)),
        "events_per_s": round(n / median) if median else None,
        "cpu_s_per_round": round(cpu / rounds, 6), "wall_s_per_round": round(wall / rounds, 6),
        "cores_used": round(cpu / wall, 2) if wall else None,
        "events_per_cpu_s": round(n * rounds / cpu) if cpu else None,
        "machine": machine, **extra})
