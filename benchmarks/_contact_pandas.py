"""Data and the pandas baseline for the contact-detector benchmark (``test_contact_speed.py``).

The device: ``devtriage.synth.generate(out, 1, profile, seed, scenarios=("fixated",))``
writes one Android extraction (exhibit 1 is always Android) with the fixated scenario
planted, so its case file names a victim and a bail order and the detector does all of
its work (refusals, order breaches, new identities), not only the statistics. It is
ingested once with its case file (``collect.ingest(folder, case)``) and the ingested
tables are cached as Parquet in ``benchmarks/.cache/contact-<profile>-seed<seed>-
gen<GENERATOR_VERSION>-<DATA_VERSION>/`` with the case file and a ``meta.json``; the
extraction itself is deleted (the heavy one is over 1 GB). A new generator version gives
a new folder. ``DEVTRIAGE_BENCH_PROFILE`` / ``DEVTRIAGE_BENCH_SEED`` as in
``_stage_data.py``.

The statistics, per person (the detector's events: every 1:1 message and call, sorted
by (person, ts)); the *pursuing side* is ``out`` when ``out >= in``, else ``in``, as in
the detector:

* ``out``, ``in``: events with direction 1 / 0;
* ``distinct_days``, ``longest_streak``: distinct local days, longest run of consecutive days;
* ``run_out``, ``run_in``: longest run of outgoing (incoming) events with no event of the
  other side in between (unknown directions skipped);
* ``burst_600s``, ``burst_3600s``, ``burst_86400s``: most pursuing-side events in a
  window of 10 min / 1 h / 24 h;
* ``night``: pursuing-side events with local hour < 6;
* ``weekly``: pursuing-side events per Monday-based week, ``(day - 4) // 7``, every week
  from the person's first to last, silent weeks 0 (a ragged series: ``weeks``,
  ``week0`` per person and the values);
* ``mk_s``, ``mk_var``, ``mk_z``, ``slope``: Mann-Kendall S, variance with the tie
  correction, continuity-corrected z and Theil-Sen slope of that weekly series;
* ``in_orders``: events inside the case's order windows (merged, half-open).

:func:`kernel_stats` computes them with the Numba kernels (``devtriage.kernels.contact``)
the way ``detect/contact.py`` does; :func:`pandas_stats` with pandas idioms (groupby,
groupby-rolling on a datetime column, ``drop_duplicates`` + gaps-and-islands for
streaks, ``Series.map``, ``MultiIndex.reindex`` for the zero-filled weeks,
``IntervalIndex.get_indexer`` for the orders, and ``groupby.apply`` with NumPy inside
for Mann-Kendall and Theil-Sen, which have no pandas form). Both return
:class:`Stats`; :func:`compare` lists every difference (there must be none).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from devtriage import case as case_mod
from devtriage import collect
from devtriage.kernels import contact as K
from devtriage.synth import generate as synth

try:
    import pandas as pd
except ImportError:  # the pandas baseline is skipped with a reason
    pd = None

CACHE = Path(__file__).resolve().parent / ".cache"
PROFILES = ("tiny", "typical", "heavy")
DEFAULT_SEED = 20261121
DATA_VERSION = "c1"  # this module's choices (scenario, what is cached)
SCENARIO = "fixated"
TABLES = ("messages", "calls", "contacts")
WINDOWS_MS = (600_000, 3_600_000, 86_400_000)
NIGHT_HOUR = 6
PER_PERSON = ("out", "in", "distinct_days", "longest_streak", "run_out", "run_in",
              *(f"burst_{w // 1000}s" for w in WINDOWS_MS), "night", "weeks", "week0",
              "mk_s", "mk_var", "mk_z", "slope", "in_orders")


def profile_from_env() -> str:
    p = os.environ.get("DEVTRIAGE_BENCH_PROFILE", "typical").strip().lower() or "typical"
    if p not in PROFILES:
        raise ValueError(f"DEVTRIAGE_BENCH_PROFILE={p!r}: one of {', '.join(PROFILES)}")
    return p


def seed_from_env() -> int:
    return int(os.environ.get("DEVTRIAGE_BENCH_SEED", DEFAULT_SEED))


# --- the device -----------------------------------------------------------------------------


def device_dir(profile: str, seed: int) -> Path:
    return CACHE / f"contact-{profile}-seed{seed}-gen{synth.GENERATOR_VERSION}-{DATA_VERSION}"


def _build(root: Path, profile: str, seed: int, say=None) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=root.name + ".", dir=CACHE))
    try:
        t0 = time.perf_counter()
        folder = synth.generate(tmp / "queue", 1, profile, seed, scenarios=(SCENARIO,))[0]
        t1 = time.perf_counter()
        if say:
            say(f"generated {folder.name} in {t1 - t0:.0f} s; ingesting ...")
        case_file = folder.with_name(folder.name + ".case.toml")
        case = case_mod.load(case_file)
        result = collect.ingest(folder, case)
        t2 = time.perf_counter()
        (tmp / "tables").mkdir()
        for name, table in result.tables.items():
            pq.write_table(table, tmp / "tables" / f"{name}.parquet")
        shutil.copyfile(case_file, tmp / "case.toml")
        meta = {"profile": profile, "seed": seed, "generator": synth.GENERATOR_VERSION, "data": DATA_VERSION,
                "scenario": SCENARIO, "exhibit": folder.name, "platform": "android",
                "rows": {n: t.num_rows for n, t in result.tables.items()}, "warnings": len(result.warnings),
                "generate_s": round(t1 - t0, 1), "ingest_s": round(t2 - t1, 1)}
        shutil.rmtree(tmp / "queue")
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
        if root.exists():
            shutil.rmtree(root)
        tmp.rename(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def device(profile: str, seed: int, say=None) -> tuple[dict[str, pa.Table], case_mod.Case, dict]:
    """(ingested tables, case, meta) of the benchmark device, built once and cached."""
    root = device_dir(profile, seed)
    if not (root / "meta.json").exists():
        if say:
            say(f"building the {profile} contact-benchmark device into {root} (heavy: ~1 min generate + ingest) ...")
        _build(root, profile, seed, say)
    meta = json.loads((root / "meta.json").read_text())
    tables = {p.stem: pq.read_table(p) for p in sorted((root / "tables").glob("*.parquet"))}
    return tables, case_mod.load(root / "case.toml"), meta


# --- prepared inputs ------------------------------------------------------------------------


@dataclass
class Prepared:
    """The detector's event arrays plus the merged order windows; what both sides start from."""

    offsets: np.ndarray  # int64[g+1]
    person: np.ndarray  # int64[n]
    ts: np.ndarray  # int64[n] UTC ms
    day: np.ndarray  # int64[n] local day
    hour: np.ndarray  # int64[n] local hour
    direction: np.ndarray  # int8[n]
    starts: np.ndarray  # int64[m] order windows [starts, ends), merged and sorted
    ends: np.ndarray
    labels: list = field(default_factory=list)  # main identifier per person (from build_events)

    @property
    def n(self) -> int:
        return int(self.ts.shape[0])

    @property
    def g(self) -> int:
        return int(self.offsets.shape[0] - 1)


def prepare(tables: dict[str, pa.Table], case) -> Prepared:
    """``contact.build_events`` (persons joined across apps and contacts, local days and hours)."""
    from devtriage.detect import contact

    ev = contact.build_events(tables, case)
    starts, ends, _ = contact._orders(case)
    return Prepared(ev.offsets, ev.person, ev.ts, ev.day, ev.hour, ev.direction, starts, ends, list(ev.label))


def frame(p: Prepared):
    """The events as the DataFrame an analyst would start from (``time`` for time-based rolling)."""
    return pd.DataFrame({"person": p.person, "ts": p.ts, "time": p.ts.astype("datetime64[ms]"),
                         "day": p.day, "hour": p.hour, "direction": p.direction})


@dataclass
class Stats:
    per_person: dict[str, np.ndarray]  # PER_PERSON -> array[g]
    weekly: np.ndarray  # int64[m] the ragged weekly series, person after person
    woffsets: np.ndarray  # int64[g+1]


# --- kernels --------------------------------------------------------------------------------


def kernel_stats(p: Prepared) -> Stats:
    """The statistics from the Numba kernels, as ``detect/contact.py`` computes them."""
    off, person, d, g = p.offsets, p.person, p.direction, p.g
    n_out = np.bincount(person[d == 1], minlength=g)
    n_in = np.bincount(person[d == 0], minlength=g)
    distinct, streak, _ = K.day_runs(off, p.day)
    run_out = K.one_sided_runs(off, d, side=1).longest
    run_in = K.one_sided_runs(off, d, side=0).longest
    side_out = n_out >= n_in
    pursuer = np.where(side_out[person], d == 1, d == 0)
    p_idx = np.flatnonzero(pursuer)
    p_person = person[p_idx]
    p_off = np.searchsorted(p_person, np.arange(g + 1)).astype(np.int64)
    p_ts = p.ts[p_idx]
    bursts = [K.max_in_window(p_off, p_ts, w).max_count for w in WINDOWS_MS]
    night = np.bincount(p_person[p.hour[p_idx] < NIGHT_HOUR], minlength=g)
    week = np.floor_divide(p.day[p_idx] - 4, 7)
    wc = K.weekly_counts(p_off, week)
    mk = K.mann_kendall(wc.values, wc.woffsets)
    inside = K.count_in_intervals(off, p.ts, p.starts, p.ends).count
    per = dict(zip(PER_PERSON, (n_out, n_in, distinct, streak, run_out, run_in, *bursts, night,
                                np.diff(wc.woffsets), wc.week0, mk.s, mk.var, mk.z, mk.slope, inside)))
    return Stats(per, wc.values, wc.woffsets)


# --- pandas ---------------------------------------------------------------------------------


def _mann_kendall(s) -> tuple:
    """S, var (tie-corrected), z (continuity-corrected) and Theil-Sen slope of one series (NumPy)."""
    x = s.to_numpy(dtype=np.float64)
    n = x.shape[0]
    i, j = np.triu_indices(n, 1)
    diff = x[j] - x[i]
    mk_s = int(np.sign(diff).sum())
    _, t = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - int((t * (t - 1) * (2 * t + 5)).sum())) / 18.0
    z = 0.0
    if n >= 3 and var > 0.0 and mk_s != 0:
        z = (mk_s - 1) / np.sqrt(var) if mk_s > 0 else (mk_s + 1) / np.sqrt(var)
    slope = float(np.median(diff / (j - i))) if n >= 2 else np.nan
    return mk_s, var, z, slope


def _longest_run(df, side: int):
    """Longest run of ``side`` events per person, other-side events breaking it, unknown skipped."""
    known = df[df["direction"] >= 0]
    hit = known["direction"] == side
    run_id = (~hit).groupby(known["person"]).cumsum()  # a new run after every other-side event
    return hit.groupby([known["person"], run_id]).sum().groupby(level=0).max()


def pandas_stats(df, g: int, starts: np.ndarray, ends: np.ndarray) -> Stats:
    """The same statistics from the events DataFrame (``frame``), with pandas."""
    persons = pd.RangeIndex(g, name="person")

    def full(s, fill=0):
        return s.reindex(persons, fill_value=fill)

    n_out = full((df["direction"] == 1).groupby(df["person"]).sum())
    n_in = full((df["direction"] == 0).groupby(df["person"]).sum())
    # distinct days and the longest streak of consecutive days (gaps and islands)
    days = df[["person", "day"]].drop_duplicates()
    distinct = full(days.groupby("person").size())
    new_streak = (days["person"].diff() != 0) | (days["day"].diff() != 1)
    streak = full(days.groupby(["person", new_streak.cumsum()]).size().groupby(level=0).max())
    run_out = full(_longest_run(df, 1))
    run_in = full(_longest_run(df, 0))
    # the pursuing side's events
    side = pd.Series(np.where(n_out >= n_in, 1, 0), index=persons)
    purs = df[df["direction"] == df["person"].map(side)]
    rolling = purs.groupby("person", sort=True)
    bursts = [full(rolling.rolling(pd.Timedelta(milliseconds=w), on="time")["ts"].count()
                   .groupby(level=0).max().astype(np.int64)) for w in WINDOWS_MS]
    night = full((purs["hour"] < NIGHT_HOUR).groupby(purs["person"]).sum())
    # weekly counts, first to last week of each person, silent weeks 0
    counts = purs.groupby([purs["person"], ((purs["day"] - 4) // 7).rename("week")]).size()
    weeks_of = counts.index.get_level_values("week").to_series().groupby(counts.index.get_level_values("person"))
    lim = pd.DataFrame({"first": weeks_of.min(), "last": weeks_of.max()})
    span = (lim["last"] - lim["first"] + 1).to_numpy()
    starts_at = np.repeat(np.cumsum(span) - span, span)
    every_week = pd.MultiIndex.from_arrays(
        [np.repeat(lim.index.to_numpy(), span), np.repeat(lim["first"].to_numpy(), span) + np.arange(span.sum()) - starts_at],
        names=["person", "week"])
    weekly = counts.reindex(every_week, fill_value=0)
    nweeks = full(weekly.groupby(level="person").size())
    week0 = full(lim["first"], -1)
    mk = weekly.groupby(level="person").apply(lambda s: pd.Series(_mann_kendall(s), index=["s", "var", "z", "slope"]))
    mk = mk.unstack() if isinstance(mk, pd.Series) else mk
    mk = mk.reindex(persons)
    # events inside the order windows
    if len(starts):
        windows = pd.IntervalIndex.from_arrays(starts, ends, closed="left")
        hit = pd.Series(windows.get_indexer(df["ts"].to_numpy()) >= 0, index=df.index)
        inside = full(hit.groupby(df["person"]).sum())
    else:
        inside = pd.Series(0, index=persons)
    woffsets = np.zeros(g + 1, np.int64)
    np.cumsum(nweeks.to_numpy(), out=woffsets[1:])
    cols = (n_out, n_in, distinct, streak, run_out, run_in, *bursts, night, nweeks, week0,
            mk["s"].fillna(0), mk["var"].fillna(0.0), mk["z"].fillna(0.0), mk["slope"], inside)
    per = {name: c.to_numpy() for name, c in zip(PER_PERSON, cols)}
    per["mk_s"] = per["mk_s"].astype(np.int64)
    return Stats(per, weekly.to_numpy().astype(np.int64), woffsets)


# --- agreement ------------------------------------------------------------------------------


def compare(a: Stats, b: Stats) -> list[str]:
    """Every difference between two results (exact, NaN equal to NaN); [] when they agree."""
    diffs = []
    for name in PER_PERSON:
        x, y = np.asarray(a.per_person[name]), np.asarray(b.per_person[name])
        if x.shape != y.shape:
            diffs.append(f"{name}: shape {x.shape} vs {y.shape}")
            continue
        same = (x == y) | (np.isnan(x) & np.isnan(y)) if x.dtype.kind == "f" or y.dtype.kind == "f" else x == y
        if not np.all(same):
            k = int(np.argmin(same))
            diffs.append(f"{name}: {int((~same).sum())} persons differ, first person {k}: {x[k]!r} vs {y[k]!r}")
    for name in ("woffsets", "weekly"):
        x, y = getattr(a, name), getattr(b, name)
        if x.shape != y.shape or not np.array_equal(x, y):
            diffs.append(f"{name}: differ ({x.shape} vs {y.shape})")
    return diffs


if __name__ == "__main__":  # python benchmarks/_contact_pandas.py [profile]: build the device, check agreement
    prof = sys.argv[1] if len(sys.argv) > 1 else profile_from_env()
    tabs, cs, mt = device(prof, seed_from_env(), say=print)
    print(json.dumps(mt))
    prep = prepare(tabs, cs)
    print(f"{prep.n:,} events, {prep.g} persons, {len(prep.starts)} order windows")
    t = time.perf_counter()
    ks = kernel_stats(prep)
    print(f"kernels {time.perf_counter() - t:.3f} s (with compile or cache load)")
    t = time.perf_counter()
    ps = pandas_stats(frame(prep), prep.g, prep.starts, prep.ends)
    print(f"pandas {time.perf_counter() - t:.3f} s")
    print(compare(ks, ps) or "agree")
