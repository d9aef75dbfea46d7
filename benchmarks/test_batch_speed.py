"""`devtriage batch` over a queue of typical synthetic devices: total time, devices/min,
time to the first device result, and where the time goes per stage.

The queue (``DEVTRIAGE_BENCH_BATCH`` devices, default 10; the issue's target is 100 in
under 5 minutes on this 2-core machine) is written once by ``devtriage.synth`` with the
``typical`` profile (~50k messages, 10k calls, a year each; Android and iOS in turn),
the seven scenarios planted on the first devices and the rest benign, and cached in
``benchmarks/.cache/batch-typical-...`` (about 50 MB and 5 s to generate per device).

The batch runs as a user runs it: ``devtriage batch QUEUE --out DIR`` in a fresh
process (workers = CPUs), into an empty output folder, timed once (a batch is long;
``rounds=1``). Numba's on-disk cache is filled beforehand by one scan of a tiny device
in another process (its time is reported as ``numba_warmup_s``, never inside the
figure). The figures come from the run's ``batch.json`` and the devices' manifests.

    DEVTRIAGE_BENCH_BATCH=100 pytest benchmarks/test_batch_speed.py -q -s
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 20261121
PROFILE = "typical"
SCENARIOS = ("fixated", "fixated_victim", "threats", "couple", "gaming", "delivery", "family_locator")
TARGET_S_PER_100 = 300.0


def _n() -> int:
    return int(os.environ.get("DEVTRIAGE_BENCH_BATCH", "10"))


def _queue(n: int) -> Path:
    """The cached queue of ``n`` typical devices (generated on first use)."""
    from devtriage.synth.generate import GENERATOR_VERSION, generate

    dest = CACHE / f"batch-{PROFILE}-seed{SEED}-gen{GENERATOR_VERSION}-n{n}"
    if (dest / "meta.json").exists():
        return dest / "queue"
    tmp = CACHE / f".{dest.name}.building"
    shutil.rmtree(tmp, ignore_errors=True)
    t0 = time.perf_counter()
    sys.stderr.write(f"\ngenerating {n} {PROFILE} synthetic devices into {dest} (about 5 s each) ...\n")
    generate(tmp / "queue", n, PROFILE, SEED, list(SCENARIOS[: min(n, len(SCENARIOS))]))
    (tmp / "meta.json").write_text(json.dumps({"devices": n, "profile": PROFILE, "seed": SEED,
                                               "generate_s": round(time.perf_counter() - t0, 1)}))
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    return dest / "queue"


def _devtriage_cmd() -> list[str]:
    """``devtriage`` with ``batch`` (through a shim while cli.py does not register it yet)."""
    from devtriage import cli

    if "batch" in cli.main.commands:
        return [sys.executable, "-c", "from devtriage.cli import main; main()"]
    return [sys.executable, "-c",
            "import click; from devtriage.batch_cli import register; g = click.Group('devtriage'); register(g); g()"]


def _warm_numba() -> float:
    """One scan of a tiny device in a fresh process: fills Numba's on-disk cache."""
    code = ("import sys, tempfile, pathlib\n"
            "from devtriage.synth.generate import generate\n"
            "from devtriage.scan import scan\n"
            "t = pathlib.Path(tempfile.mkdtemp(prefix='devtriage-warm-'))\n"
            "ex = generate(t / 'q', 1, 'tiny', 1, ['fixated'])[0]\n"
            "scan(ex, t / 'out')\n")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - t0


def _stages(out: Path, rows: list[str]) -> dict:
    """Per-stage seconds summed over the devices (from each manifest's scan_timings)."""
    total: dict[str, float] = {}
    for dev in rows:
        try:
            m = json.loads((out / "devices" / dev / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for k, v in (m.get("scan_timings") or {}).items():
            if isinstance(v, (int, float)):
                total[k] = total.get(k, 0.0) + float(v)
    return {k: round(v, 2) for k, v in total.items()}


def test_batch_speed(benchmark):
    pytest.importorskip("devtriage.scan")
    n = _n()
    queue = _queue(n)
    warm = _warm_numba()
    cmd = _devtriage_cmd()
    holder: dict = {}

    with tempfile.TemporaryDirectory(prefix="devtriage-batch-bench-") as tmp:
        out = Path(tmp) / "out"

        def target():
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            proc = subprocess.run(cmd + ["batch", str(queue), "--out", str(out), "--quiet"], capture_output=True, text=True)
            holder["wall_s"] = time.perf_counter() - t0
            holder["proc"] = proc

        benchmark.pedantic(target, rounds=1, iterations=1, warmup_rounds=0)
        proc = holder["proc"]
        assert proc.returncode == 0, proc.stderr[-3000:]
        summary = json.loads((out / "batch.json").read_text(encoding="utf-8"))
        lines = (out / "queue.csv").read_text(encoding="utf-8").splitlines()[1:]
        devices = [ln.split(",")[1] for ln in lines]
        stages = _stages(out, devices)
        disk_mb = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6

    wall = holder["wall_s"]
    t = summary["timings"]
    failed = summary["failed"]
    assert summary["devices"] == n and not failed, failed
    info = {
        "devices": n,
        "workers": summary["parameters"]["workers"],
        "wall_s": round(wall, 2),
        "batch_total_s": t["total_s"],
        "devices_per_min": round(60.0 * n / wall, 1),
        "first_result_s": t["first_result_s"],
        "per_device_s_median": round(sorted(t["device_s"].values())[n // 2], 2),
        "per_device_s_max": round(max(t["device_s"].values()), 2),
        "stage_s_sum_over_devices": stages,
        "numba_warmup_s": round(warm, 2),
        "output_mb": round(disk_mb, 1),
        "projected_100_devices_s": round(wall / n * 100, 1),
        "target_100_devices_s": TARGET_S_PER_100,
    }
    benchmark.extra_info.update(info)
    cpu = stages.get("total_s") or sum(v for k, v in stages.items() if k != "total_s")
    sys.stderr.write(
        f"\ndevtriage batch: {n} {PROFILE} devices on {info['workers']} workers in {wall:.1f} s "
        f"({info['devices_per_min']} devices/min; first device result after {t['first_result_s']:.1f} s; "
        f"per device median {info['per_device_s_median']} s, max {info['per_device_s_max']} s)\n"
        f"  stages (seconds summed over devices, {cpu:.1f} s in scans): "
        + ", ".join(f"{k} {v}" for k, v in stages.items() if k != "total_s")
        + f"\n  projected for 100 devices: {info['projected_100_devices_s']} s (target {TARGET_S_PER_100:.0f} s)\n")
    if n >= 100:
        assert wall < TARGET_S_PER_100 * n / 100, f"{n} devices took {wall:.1f} s"
