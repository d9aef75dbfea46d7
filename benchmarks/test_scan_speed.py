"""``devtriage scan`` of one device: wall time, peak memory and time per stage.

The device is a synthetic Android extraction from ``devtriage synth`` (``typical`` by
default; ``DEVTRIAGE_BENCH_PROFILE=heavy`` for the issue's target: one heavy device in
under 60 s with peak memory under 4 GB), generated once and cached in
``benchmarks/.cache/scan-<profile>-gen<version>/``. The scan runs as a separate process
(``python -m devtriage.cli scan``), so its peak resident memory is the child's
``ru_maxrss``. Next to it, in the same session, the baseline: SQLite's own scan of every
table the adapters read on that device (``SELECT *`` through ``sqlite3``, rows
discarded), i.e. the least any tool reading these databases must spend. Per-stage times
come from the scan's manifest (``scan_timings``). One round each (a scan is long);
the Numba kernels load from their on-disk cache (compile time: see
``test_contact_speed.py``).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtriage.synth import generate as synth

PROFILE = os.environ.get("DEVTRIAGE_BENCH_PROFILE", "typical")
CACHE = Path(__file__).resolve().parent / ".cache"


@pytest.fixture(scope="module")
def device() -> Path:
    folder = CACHE / f"scan-{PROFILE}-gen{synth.GENERATOR_VERSION}"
    exhibit = folder / "EXH-0001-android"
    if not (folder / "done").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        synth.generate(folder, 1, PROFILE, 20261121, ["fixated"])
        (folder / "done").write_text("ok\n")
    return exhibit


def _sqlite_scan(root: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    rows = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in (".db", ".sqlite", ".sqlitedb", ".storedata") and path.name != "History":
            continue
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                continue
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                for _ in conn.execute(f'SELECT * FROM "{table}"'):
                    rows += 1
        finally:
            conn.close()
    return time.perf_counter() - t0, rows


def test_scan_one_device(benchmark, device, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "devtriage.cli", "scan", str(device), "--out", str(out), "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    def run():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(cmd, check=True)

    benchmark.pedantic(run, rounds=1, iterations=1, warmup_rounds=0)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    manifest = json.loads((out / "manifest.json").read_text())
    base_s, base_rows = _sqlite_scan(device)
    wall = benchmark.stats.stats.median if hasattr(benchmark.stats, "stats") else None
    benchmark.extra_info.update({
        "profile": PROFILE, "rows": manifest["tables"], "peak_rss_mb": round(peak_kb / 1024, 1),
        "peak_rss_note": "max over child processes of this session" if before else "the scan process",
        "stages_s": manifest["scan_timings"], "sqlite_scan_s": round(base_s, 3), "sqlite_rows": base_rows,
        "scan_over_sqlite_scan": round(wall / base_s, 2) if wall else None,
    })
    assert (out / "shortlist.json").is_file()
    if PROFILE == "heavy":
        assert peak_kb < 4 * 1024 * 1024, "peak memory over 4 GB"
