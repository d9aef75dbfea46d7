"""Takeout ``Records.json`` ingest: throughput (points/s) and peak memory, next to ``json.load``.

A synthetic ``Records.json`` (newer form, written by ``devtriage.synth.takeout``) of
``DEVTRIAGE_BENCH_TAKEOUT_GB`` gigabytes (default 0.05; the issue's figure is at least 1:
``DEVTRIAGE_BENCH_TAKEOUT_GB=1``) is cached in ``benchmarks/.cache/``. In the same run, each
in a fresh subprocess (peak RSS from ``/proc/self/status`` ``VmHWM``: that reader's alone):

1. ``devtriage``: the ``takeout_records`` adapter reading the file into Arrow tables
   (kept, as the pipeline keeps them): the streamed chunk scanner and per-chunk parse;
2. ``json.load``: the naive baseline, the whole file parsed into Python objects at once
   (then the number of records counted).

Both must see every record. Results are printed and saved to
``benchmarks/.cache/takeout-speed-<GB>.json``.

    pytest benchmarks/test_takeout_speed.py -q -s
    DEVTRIAGE_BENCH_TAKEOUT_GB=1 pytest benchmarks/test_takeout_speed.py -q -s
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

CACHE = Path(__file__).resolve().parent / ".cache"
BYTES_PER_RECORD = 325  # a little under the ~338 bytes a newer-form record takes, so the file is at least the size asked

_HWM = r"""
def hwm():
    # VmHWM: this process's own peak RSS (ru_maxrss would carry the parent's over the fork/exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

_DEVTRIAGE = _HWM + r"""
import json, sys, time
from pathlib import Path
from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest import takeout_records
from devtriage.ingest.base import Artifact, Context, Probe
p = Path(sys.argv[1])
size = p.stat().st_size
with open(p, "rb") as fh:
    probe = Probe("Takeout/Location History/Records.json", size, fh.read(100))
ctx = Context("bench", DEFAULT, Normaliser("GB"))
imported = hwm()
t0 = time.perf_counter()
tables = [t for _, t in takeout_records.read(Artifact(probe.path, p, size, probe), ctx)]
s = time.perf_counter() - t0
rows = sum(t.num_rows for t in tables)
print(json.dumps({"rows": rows, "seconds": s, "peak_rss_mb": hwm(), "imports_rss_mb": imported,
                  "table_mb": sum(t.nbytes for t in tables) / 1e6, "warnings": [w.reason for w in ctx.warnings]}))
"""

_JSON_LOAD = _HWM + r"""
import json, sys, time
t0 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as fh:
    data = json.load(fh)
rows = len(data["locations"])
s = time.perf_counter() - t0
print(json.dumps({"rows": rows, "seconds": s, "peak_rss_mb": hwm()}))
"""

_BASELINE = _HWM + "import json; print(json.dumps({'peak_rss_mb': hwm()}))"


def _gb() -> float:
    return float(os.environ.get("DEVTRIAGE_BENCH_TAKEOUT_GB", "0.05") or 0.05)


def records_file(gb: float) -> tuple[Path, int]:
    """The cached synthetic Records.json of about ``gb`` GB and its number of records."""
    from devtriage.synth import takeout

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"takeout-records-{gb:g}gb.json"
    meta = path.with_suffix(".meta.json")
    if path.exists() and meta.exists():
        return path, json.loads(meta.read_text())["records"]
    n = int(gb * 1e9 / BYTES_PER_RECORD)
    rng = np.random.default_rng(20260301)
    pts = {"ts_ms": 1_640_995_200_000 + np.cumsum(rng.integers(1_000, 300_000, n)),
           "lat": 53.8 + rng.normal(0, 0.05, n), "lon": -1.55 + rng.normal(0, 0.08, n),
           "accuracy_m": rng.integers(3, 100, n).astype(float), "source": rng.integers(0, 3, n),
           "activity": rng.integers(0, 4, n)}
    takeout.write_records(path, pts, form="new")
    meta.write_text(json.dumps({"records": n, "bytes": path.stat().st_size}))
    return path, n


def _run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_takeout_records_throughput_and_memory():
    gb = _gb()
    t0 = time.perf_counter()
    path, n = records_file(gb)
    build_s = time.perf_counter() - t0
    size = path.stat().st_size
    base = _run(_BASELINE)["peak_rss_mb"]
    dt = _run(_DEVTRIAGE, str(path))
    naive = _run(_JSON_LOAD, str(path))
    assert dt["rows"] == naive["rows"] == n, (dt["rows"], naive["rows"], n)
    assert dt["warnings"] == []
    result = {
        "file_mb": round(size / 1e6, 1), "records": n, "build_s": round(build_s, 1),
        "python_rss_mb": round(base, 1), "devtriage_imports_rss_mb": round(dt["imports_rss_mb"], 1),
        "devtriage": {"seconds": round(dt["seconds"], 2), "points_per_s": round(n / dt["seconds"]),
                      "mb_per_s": round(size / 1e6 / dt["seconds"], 1), "peak_rss_mb": round(dt["peak_rss_mb"], 1),
                      "arrow_tables_mb": round(dt["table_mb"], 1)},
        "json_load": {"seconds": round(naive["seconds"], 2), "points_per_s": round(n / naive["seconds"]),
                      "peak_rss_mb": round(naive["peak_rss_mb"], 1)},
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}",
    }
    (CACHE / f"takeout-speed-{gb:g}gb.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n" + json.dumps(result, indent=2))
    # bounded memory: the reader's peak, beyond its output tables, does not grow with the file
    assert dt["peak_rss_mb"] - dt["imports_rss_mb"] - dt["table_mb"] < max(300.0, 0.2 * size / 1e6)
    assert dt["peak_rss_mb"] - dt["imports_rss_mb"] < naive["peak_rss_mb"] - base
