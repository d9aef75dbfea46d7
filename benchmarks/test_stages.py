"""Per-stage benchmarks: each ingest adapter and end to end, next to baselines from the same run.

On a synthetic Android and iOS device from ``devtriage.synth.generate`` (profile
``DEVTRIAGE_BENCH_PROFILE``: ``typical`` by default, ``heavy`` opt-in, ``tiny`` for a quick
correctness run; built once and cached in ``benchmarks/.cache/``, see ``_stage_data.py``):

* ``stage-ingest-<adapter>``, for every adapter with rows on the device:
  ``devtriage`` = ``adapter.read(artifact, ctx)`` on the private copy collect would make
  (made once in setup), fully consumed; ``sqlite-scan`` = the adapter's own SELECTs
  (captured) through ``sqlite3``, rows discarded; ``pandas`` = ``pd.read_sql`` of the same
  statements + the same mapping in pandas.
* ``stage-e2e-<platform>``: ``collect.ingest(device folder)`` (walk, private copies,
  SHA-256, probing every adapter, reads, table assembly) vs the sum of the stages' raw
  scans and the sum of their pandas versions (those two do not copy or hash).

Every approach must produce the adapter's row count; the pandas version must also agree
with devtriage on 'out' rows, non-null times and statuses and distinct counterparts /
identifiers. Timing: ``benchmark.pedantic(rounds=DEVTRIAGE_BENCH_ROUNDS (5; heavy 3),
warmup_rounds=1)``. No Numba in these stages: ``extra_info["numba_compile_s"]`` is null.

    DEVTRIAGE_BENCH_PROFILE=tiny pytest benchmarks/test_stages.py -q --benchmark-disable   # correctness
    pytest benchmarks/test_stages.py --benchmark-json .benchmarks/stages.json && python benchmarks/report.py
    DEVTRIAGE_BENCH_PROFILE=heavy pytest benchmarks/test_stages.py --benchmark-json .benchmarks/stages-heavy.json

(2 vCPU reference machine: tiny about 5 s; typical about 8 s to build + 35 s; heavy about
2 min to build (2.3 GB in the cache) + 5 min.)
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _stage_data as data  # noqa: E402

from devtriage import collect  # noqa: E402
from devtriage.ingest import ADAPTERS  # noqa: E402

PROFILE = data.profile_from_env()
SEED = data.seed_from_env()
ROUNDS = int(os.environ.get("DEVTRIAGE_BENCH_ROUNDS", 3 if PROFILE == "heavy" else 5))
WARMUP = 1
APPROACHES = ("devtriage", "sqlite-scan", "pandas")
PANDAS_MISSING = "pandas is not installed: the pandas baseline is skipped (add pandas to the `test` extra)"


@pytest.fixture(scope="session")
def stage_devices() -> dict[str, Path]:
    return data.devices(PROFILE, SEED)


@pytest.fixture(scope="session")
def stages(stage_devices, tmp_path_factory) -> dict[str, list[data.Stage]]:
    """adapter name -> its stages (one per artifact it read), private copies made once."""
    work = tmp_path_factory.mktemp("stage-copies")
    out: dict[str, list[data.Stage]] = {}
    for platform, folder in stage_devices.items():
        for st in data.prepare(folder, platform, work):
            out.setdefault(st.adapter, []).append(st)
    return out


@pytest.fixture(scope="session")
def machine() -> dict:
    return data.machine()


def _info(benchmark, machine, **kw) -> None:
    benchmark.extra_info.update({"profile": PROFILE, "seed": SEED, "numba_compile_s": None,
                                 "numba_note": "no Numba kernels in this stage", "machine": machine, **kw})


def _time(benchmark, work):
    """Run ``work`` timed (1 warm-up round, then ROUNDS) and return its last output."""
    holder: dict = {}

    def target():
        holder["out"] = work()

    gc.collect()
    benchmark.pedantic(target, rounds=ROUNDS, warmup_rounds=WARMUP, iterations=1)
    return holder["out"]


# --- one adapter ------------------------------------------------------------------------------


@pytest.mark.parametrize("approach", APPROACHES)
@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
def test_adapter(benchmark, stages, machine, adapter, approach):
    benchmark.group = f"stage-ingest-{adapter}"
    mine = stages.get(adapter)
    if not mine:
        pytest.skip(f"{adapter}: no rows on the {PROFILE} device")
    if approach == "pandas" and data.pd is None:
        pytest.skip(PANDAS_MISSING)
    expected = sum(st.rows for st in mine)
    if approach == "devtriage":
        rows = sum(_time(benchmark, lambda: [sum(data.read_adapter(st).values()) for st in mine]))
    elif approach == "sqlite-scan":
        counts = _time(benchmark, lambda: [data.scan(st.db, st.statements) for st in mine])
        rows = sum(data.scan_rows(st, c) for st, c in zip(mine, counts))
    else:
        frames = _time(benchmark, lambda: [data.pandas_stage(st) for st in mine])
        rows = sum(len(f) for f in frames)
        for st, f in zip(mine, frames):
            assert data.summary_pandas(f) == st.summary, f"{adapter}: pandas {data.summary_pandas(f)} vs devtriage {st.summary}"
    _info(benchmark, machine, stage=f"ingest {adapter}", approach=approach, platform=mine[0].platform, rows=rows,
          artifacts=[st.artifact.path for st in mine], statements=sum(len(st.statements) for st in mine))
    assert rows == expected, f"{adapter} {approach}: {rows} rows, the adapter yields {expected}"


# --- end to end -------------------------------------------------------------------------------


@pytest.mark.parametrize("approach", APPROACHES)
@pytest.mark.parametrize("platform", ("android", "ios"))
def test_end_to_end(benchmark, stage_devices, stages, machine, platform, approach):
    benchmark.group = f"stage-e2e-{platform}"
    mine = [st for sts in stages.values() for st in sts if st.platform == platform]
    expected = sum(st.rows for st in mine)
    if approach == "devtriage":
        result = _time(benchmark, lambda: collect.ingest(stage_devices[platform]))
        rows = sum(result.manifest["tables"].values())
        assert result.warnings == [], result.warnings
        benchmark.extra_info["devtriage_timings"] = result.manifest["timings"]
    elif approach == "sqlite-scan":
        counts = _time(benchmark, lambda: [data.scan(st.db, st.statements) for st in mine])
        rows = sum(data.scan_rows(st, c) for st, c in zip(mine, counts))
    else:
        if data.pd is None:
            pytest.skip(PANDAS_MISSING)
        rows = sum(_time(benchmark, lambda: [len(data.pandas_stage(st)) for st in mine]))
    _info(benchmark, machine, stage=f"end to end {platform}", approach=approach, platform=platform, rows=rows,
          adapters=sorted({st.adapter for st in mine}))
    assert rows == expected, f"{platform} {approach}: {rows} rows, the adapters yield {expected}"
